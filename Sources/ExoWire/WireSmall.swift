// Small JSON objects of the cloudControl API (spec/cctrl-interface.md §2.5).

/// `{"token": "...", "expires": "..."}`, the answer of `POST /token/`; stored verbatim in token.json.
public struct WireToken: Codable, Sendable, Equatable {
    public var token: String
    public var expires: String

    public init(token: String, expires: String) {
        self.token = token
        self.expires = expires
    }
}

/// `{"cctrl": "1.16.1", "pycclib": "1.6.2"}`, the answer of `GET /.meta/version/`.
public struct WireVersion: Codable, Sendable, Equatable {
    public var cctrl: String
    public var pycclib: String

    public init(cctrl: String, pycclib: String) {
        self.cctrl = cctrl
        self.pycclib = pycclib
    }
}

/// A collaborator of an app or deployment: `{username, email, role}`.
public struct WireAppUser: Codable, Sendable, Equatable {
    public var username: String
    public var email: String
    public var role: String

    public init(username: String, email: String, role: String) {
        self.username = username
        self.email = email
        self.role = role
    }
}

/// `{"name": "python"}` (app type) and `{"name": "pinky"}` (stack) share this shape.
public struct WireNamed: Codable, Sendable, Equatable {
    public var name: String

    public init(name: String) {
        self.name = name
    }
}

/// An entry of an app's `deployments` list and of `GET /app/APP/deployment/`: `{name: "app/dep", dep_id}`.
public struct WireDeploymentRef: Codable, Sendable, Equatable {
    public var name: String
    public var depID: String

    enum CodingKeys: String, CodingKey {
        case name
        case depID = "dep_id"
    }

    public init(name: String, depID: String) {
        self.name = name
        self.depID = depID
    }
}
