/// A deployment (`GET/POST/PUT /app/APP/deployment/…`). `version` is a string: `"-1"` or a commit SHA.
public struct WireDeployment: Codable, Sendable, Equatable {
    public var name: String              // "app/dep"
    public var depID: String
    public var branch: String            // the repository URL, the same for every deployment of an app
    public var defaultSubdomain: String
    public var isDefault: Bool
    public var state: String             // "not deployed", "deployed", "idle", …
    public var version: String
    public var minBoxes: Int             // containers
    public var maxBoxes: Int             // memory in 128 MB units
    public var stack: WireNamed
    public var users: [WireAppUser]
    public var billingAccount: String?
    public var staticFiles: String?
    public var dateCreated: String
    public var dateModified: String

    enum CodingKeys: String, CodingKey {
        case name, branch, state, version, stack, users
        case depID = "dep_id"
        case defaultSubdomain = "default_subdomain"
        case isDefault = "is_default"
        case minBoxes = "min_boxes"
        case maxBoxes = "max_boxes"
        case billingAccount = "billing_account"
        case staticFiles = "static_files"
        case dateCreated = "date_created"
        case dateModified = "date_modified"
    }

    public init(name: String, depID: String, branch: String, defaultSubdomain: String, isDefault: Bool,
                state: String, version: String, minBoxes: Int, maxBoxes: Int, stack: String,
                users: [WireAppUser] = [], billingAccount: String? = nil, staticFiles: String? = nil,
                dateCreated: String, dateModified: String) {
        self.name = name
        self.depID = depID
        self.branch = branch
        self.defaultSubdomain = defaultSubdomain
        self.isDefault = isDefault
        self.state = state
        self.version = version
        self.minBoxes = minBoxes
        self.maxBoxes = maxBoxes
        self.stack = WireNamed(name: stack)
        self.users = users
        self.billingAccount = billingAccount
        self.staticFiles = staticFiles
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }

    /// The part of `name` after the slash ("default" for "app/default").
    public var deploymentName: String {
        name.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? name
    }

    // Lenient: clients of the original API saw `version` as a number in places, and optional fields missing.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        depID = try c.decodeIfPresent(String.self, forKey: .depID) ?? ""
        branch = try c.decodeIfPresent(String.self, forKey: .branch) ?? ""
        defaultSubdomain = try c.decodeIfPresent(String.self, forKey: .defaultSubdomain) ?? ""
        isDefault = try c.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        state = try c.decodeIfPresent(String.self, forKey: .state) ?? ""
        if let text = try? c.decodeIfPresent(String.self, forKey: .version) {
            version = text
        } else {
            version = try c.decodeIfPresent(Int.self, forKey: .version).map(String.init) ?? "-1"
        }
        minBoxes = try c.decodeIfPresent(Int.self, forKey: .minBoxes) ?? 1
        maxBoxes = try c.decodeIfPresent(Int.self, forKey: .maxBoxes) ?? 1
        stack = try c.decodeIfPresent(WireNamed.self, forKey: .stack) ?? WireNamed(name: "")
        users = try c.decodeIfPresent([WireAppUser].self, forKey: .users) ?? []
        billingAccount = try? c.decodeIfPresent(String.self, forKey: .billingAccount)
        staticFiles = try? c.decodeIfPresent(String.self, forKey: .staticFiles)
        dateCreated = try c.decodeIfPresent(String.self, forKey: .dateCreated) ?? ""
        dateModified = try c.decodeIfPresent(String.self, forKey: .dateModified) ?? ""
    }

    // Explicit so that null fields are sent as `null`, like the original API.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(depID, forKey: .depID)
        try c.encode(branch, forKey: .branch)
        try c.encode(defaultSubdomain, forKey: .defaultSubdomain)
        try c.encode(isDefault, forKey: .isDefault)
        try c.encode(state, forKey: .state)
        try c.encode(version, forKey: .version)
        try c.encode(minBoxes, forKey: .minBoxes)
        try c.encode(maxBoxes, forKey: .maxBoxes)
        try c.encode(stack, forKey: .stack)
        try c.encode(users, forKey: .users)
        try c.encode(billingAccount, forKey: .billingAccount)
        try c.encode(staticFiles, forKey: .staticFiles)
        try c.encode(dateCreated, forKey: .dateCreated)
        try c.encode(dateModified, forKey: .dateModified)
    }
}
