import ExoCore

/// What one push asks the builder to build.
public struct BuildRequest: Sendable {
    public var app: AppName
    public var deployment: DeploymentName
    /// The app type chosen at `exoapp APP create TYPE`: selects the buildpack.
    public var appType: String
    /// For type `custom`: a git URL, optionally `URL#branch`.
    public var buildpackURL: String?
    /// The exported tree of the pushed commit; the builder owns (and consumes) it from now on.
    public var sourceDir: String
    /// Kept between builds of one deployment (pip's download cache and the like).
    public var cacheDir: String
    /// Config vars, handed to the buildpack as files in ENV_DIR.
    public var environment: [String: String]
    public var sha: String
    /// Where the gzip-compressed image tarball goes.
    public var imagePath: String

    public init(app: AppName, deployment: DeploymentName, appType: String, buildpackURL: String? = nil,
                sourceDir: String, cacheDir: String, environment: [String: String] = [:],
                sha: String, imagePath: String) {
        self.app = app
        self.deployment = deployment
        self.appType = appType
        self.buildpackURL = buildpackURL
        self.sourceDir = sourceDir
        self.cacheDir = cacheDir
        self.environment = environment
        self.sha = sha
        self.imagePath = imagePath
    }
}

/// A built image and the processes it can run.
public struct BuildResult: Sendable {
    public var imagePath: String
    public var compressedSize: Int
    /// The Procfile, completed with the buildpack's default process types.
    public var procfile: Procfile

    public init(imagePath: String, compressedSize: Int, procfile: Procfile) {
        self.imagePath = imagePath
        self.compressedSize = compressedSize
        self.procfile = procfile
    }
}

/// Resource bounds of a build and the user it runs as.
public struct BuildLimits: Sendable {
    /// Largest accepted compressed image (cloudControl: 200 MB).
    public var maxImageBytes: Int
    /// Memory of the build container, including page cache the cgroup charges.
    public var memoryBytes: Int
    public var pidsLimit: Int
    /// The build container's private /tmp (pip unpacks there); counts against `memoryBytes`.
    public var tmpBytes: Int
    /// Each buildpack step (detect, compile, release) is killed after this many seconds.
    public var stepTimeoutSeconds: Double
    /// The unprivileged user the buildpack runs as inside the build container.
    public var uid: UInt32
    public var gid: UInt32

    public init(maxImageBytes: Int = 200 * 1024 * 1024, memoryBytes: Int = 1024 * 1024 * 1024,
                pidsLimit: Int = 1024, tmpBytes: Int = 256 * 1024 * 1024, stepTimeoutSeconds: Double = 15 * 60,
                uid: UInt32 = 65534, gid: UInt32 = 65534) {
        self.maxImageBytes = maxImageBytes
        self.memoryBytes = memoryBytes
        self.pidsLimit = pidsLimit
        self.tmpBytes = tmpBytes
        self.stepTimeoutSeconds = stepTimeoutSeconds
        self.uid = uid
        self.gid = gid
    }
}
