/// An application (`GET /app/`, `GET /app/APP/`, `POST /app/`); dates are `YYYY-MM-DDTHH:MM:SS`.
public struct WireApp: Codable, Sendable, Equatable {
    public var name: String
    public var type: WireNamed
    public var repository: String
    public var buildpackURL: String?
    public var owner: WireUser?
    public var users: [WireAppUser]
    public var invitations: [WireAppUser]
    public var deployments: [WireDeploymentRef]
    public var dateCreated: String
    public var dateModified: String

    enum CodingKeys: String, CodingKey {
        case name, type, repository, owner, users, invitations, deployments
        case buildpackURL = "buildpack_url"
        case dateCreated = "date_created"
        case dateModified = "date_modified"
    }

    public init(name: String, type: String, repository: String, buildpackURL: String? = nil,
                owner: WireUser?, users: [WireAppUser] = [], invitations: [WireAppUser] = [],
                deployments: [WireDeploymentRef] = [], dateCreated: String, dateModified: String) {
        self.name = name
        self.type = WireNamed(name: type)
        self.repository = repository
        self.buildpackURL = buildpackURL
        self.owner = owner
        self.users = users
        self.invitations = invitations
        self.deployments = deployments
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }

    // Lenient so that the list form (`GET /app/`, possibly only {name, type}) decodes too.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decodeIfPresent(WireNamed.self, forKey: .type) ?? WireNamed(name: "")
        repository = try c.decodeIfPresent(String.self, forKey: .repository) ?? ""
        buildpackURL = try c.decodeIfPresent(String.self, forKey: .buildpackURL)
        owner = try c.decodeIfPresent(WireUser.self, forKey: .owner)
        users = try c.decodeIfPresent([WireAppUser].self, forKey: .users) ?? []
        // The original API's invitation shape is undocumented; never fail an app over it.
        invitations = (try? c.decodeIfPresent([WireAppUser].self, forKey: .invitations)) ?? []
        deployments = try c.decodeIfPresent([WireDeploymentRef].self, forKey: .deployments) ?? []
        dateCreated = try c.decodeIfPresent(String.self, forKey: .dateCreated) ?? ""
        dateModified = try c.decodeIfPresent(String.self, forKey: .dateModified) ?? ""
    }

    // Explicit so that `buildpack_url` and `owner` are sent as `null`, like the original API.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encode(repository, forKey: .repository)
        try c.encode(buildpackURL, forKey: .buildpackURL)
        try c.encode(owner, forKey: .owner)
        try c.encode(users, forKey: .users)
        try c.encode(invitations, forKey: .invitations)
        try c.encode(deployments, forKey: .deployments)
        try c.encode(dateCreated, forKey: .dateCreated)
        try c.encode(dateModified, forKey: .dateModified)
    }
}
