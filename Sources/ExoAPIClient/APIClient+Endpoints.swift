import ExoWire

/// Path segments are percent-encoded so that no name can escape its place in the URL.
private func seg(_ text: String) -> String { PercentEncoding.encodePathSegment(text) }

extension APIClient {
    // MARK: meta and tokens

    /// `GET /.meta/version/` (no token).
    public func readVersion() throws -> WireVersion {
        try decode(WireVersion.self, request("GET", "/.meta/version/", auth: .none))
    }

    /// `POST /token/` with Basic auth; stores and returns the new token.
    @discardableResult
    public mutating func createToken(email: String, password: String) throws -> WireToken {
        let created = try decode(WireToken.self, request("POST", "/token/", form: [], auth: .basic(email, password)))
        token = created
        return created
    }

    // MARK: apps

    public func readApps() throws -> [WireApp] {
        try decode([WireApp].self, request("GET", "/app/"))
    }

    public func readApp(_ app: String) throws -> WireApp {
        try decode(WireApp.self, request("GET", "/app/\(seg(app))/"))
    }

    @discardableResult
    public func createApp(name: String, type: String, repositoryType: String, buildpackURL: String?) throws -> WireApp {
        var form = [("name", name), ("type", type), ("repository_type", repositoryType)]
        if let buildpackURL, !buildpackURL.isEmpty { form.append(("buildpack_url", buildpackURL)) }
        return try decode(WireApp.self, request("POST", "/app/", form: form))
    }

    public func deleteApp(_ app: String) throws {
        _ = try request("DELETE", "/app/\(seg(app))/")
    }

    public func readAppUsers(_ app: String) throws -> [WireAppUser] {
        try decode([WireAppUser].self, request("GET", "/app/\(seg(app))/user/"))
    }

    // MARK: deployments

    /// `POST /app/APP/deployment/`; an empty or nil name creates the default deployment.
    @discardableResult
    public func createDeployment(app: String, name: String? = nil, stack: String? = nil) throws -> WireDeployment {
        var form: [(String, String)] = []
        if let name, !name.isEmpty { form.append(("name", name)) }
        if let stack, !stack.isEmpty { form.append(("stack", stack)) }
        return try decode(WireDeployment.self, request("POST", "/app/\(seg(app))/deployment/", form: form))
    }

    public func readDeployment(app: String, deployment: String) throws -> WireDeployment {
        try decode(WireDeployment.self, request("GET", "/app/\(seg(app))/deployment/\(seg(deployment))/"))
    }

    /// `PUT /app/APP/deployment/DEP/`: deploys `version` ("-1" = newest image). Unset (nil) sizes and
    /// an empty stack are left out so the server keeps the current ones. Unlike pycclib, which
    /// drops a zero as if it were unset (Python truthiness), a zero is sent, so the server refuses
    /// `--containers 0` with its message instead of the deploy silently keeping the old scale.
    @discardableResult
    public func updateDeployment(app: String, deployment: String, version: String = "-1",
                                 minBoxes: Int? = nil, maxBoxes: Int? = nil, stack: String? = nil) throws -> WireDeployment {
        var form = [("version", version)]
        if let minBoxes { form.append(("min_boxes", String(minBoxes))) }
        if let maxBoxes { form.append(("max_boxes", String(maxBoxes))) }
        if let stack, !stack.isEmpty { form.append(("stack", stack)) }
        return try decode(WireDeployment.self, request("PUT", "/app/\(seg(app))/deployment/\(seg(deployment))/", form: form))
    }

    public func deleteDeployment(app: String, deployment: String) throws {
        _ = try request("DELETE", "/app/\(seg(app))/deployment/\(seg(deployment))/")
    }

    public func readDeploymentUsers(app: String, deployment: String) throws -> [WireAppUser] {
        try decode([WireAppUser].self, request("GET", "/app/\(seg(app))/deployment/\(seg(deployment))/user/"))
    }

    // MARK: users

    public func readUsers() throws -> [WireUser] {
        try decode([WireUser].self, request("GET", "/user/"))
    }

    /// `POST /user/` (no token).
    @discardableResult
    public func createUser(name: String, email: String, password: String) throws -> WireUser {
        try decode(WireUser.self, request("POST", "/user/", form: [("username", name), ("email", email), ("password", password)], auth: .none))
    }

    /// `DELETE /user/U/`: closes the account (403 while apps remain).
    public func deleteUser(_ username: String) throws {
        _ = try request("DELETE", "/user/\(seg(username))/")
    }

    /// `PUT /user/U/` with the activation code (no token).
    public func activateUser(_ username: String, activationCode: String) throws {
        _ = try request("PUT", "/user/\(seg(username))/", form: [("activation_code", activationCode)], auth: .none)
    }
}
