/// The subset of the OCI runtime spec (config.json, v1.0.2) that exo writes. Field names are the
/// spec's; optional fields are omitted from the JSON when nil.
public struct OCIConfig: Sendable, Codable, Equatable {
    public var ociVersion = "1.0.2"
    public var process: Process
    public var root: Root
    public var hostname: String
    public var mounts: [Mount]
    public var linux: Linux

    public struct Process: Sendable, Codable, Equatable {
        public var terminal = false
        public var user: User
        public var args: [String]
        public var env: [String]
        public var cwd: String
        public var capabilities: Capabilities
        public var rlimits: [RLimit]
        public var noNewPrivileges = true
    }

    public struct User: Sendable, Codable, Equatable {
        public var uid: UInt32
        public var gid: UInt32
        public var additionalGids: [UInt32]? = nil
    }

    public struct Capabilities: Sendable, Codable, Equatable {
        public var bounding: [String] = []
        public var effective: [String] = []
        public var inheritable: [String] = []
        public var permitted: [String] = []
        public var ambient: [String] = []
    }

    public struct RLimit: Sendable, Codable, Equatable {
        public var type: String
        public var hard: UInt64
        public var soft: UInt64
    }

    public struct Root: Sendable, Codable, Equatable {
        public var path: String
        public var readonly: Bool
    }

    public struct Linux: Sendable, Codable, Equatable {
        public var namespaces: [Namespace]
        public var resources: Resources
        public var cgroupsPath: String
        public var maskedPaths: [String]
        public var readonlyPaths: [String]
        public var seccomp: Seccomp? = nil
    }

    public struct Namespace: Sendable, Codable, Equatable {
        public var type: String
        public var path: String? = nil
    }

    public struct Resources: Sendable, Codable, Equatable {
        public var devices: [DeviceRule]
        public var memory: Memory
        public var pids: Pids
    }

    public struct DeviceRule: Sendable, Codable, Equatable {
        public var allow: Bool
        public var access: String
    }

    public struct Memory: Sendable, Codable, Equatable {
        public var limit: Int64
        public var swap: Int64
    }

    public struct Pids: Sendable, Codable, Equatable {
        public var limit: Int64
    }

    public struct Seccomp: Sendable, Codable, Equatable {
        public var defaultAction: String
        public var architectures: [String]
        public var syscalls: [SyscallRule]
    }

    public struct SyscallRule: Sendable, Codable, Equatable {
        public var names: [String]
        public var action: String
        public var errnoRet: UInt32? = nil
    }
}
