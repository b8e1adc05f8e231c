import Foundation

/// The steps most scenarios begin with.
extension ScenarioUser {
    /// `exouser create` with this user's name, email and password.
    func signUp() throws {
        try expectOK(exouser("create", "--name", name, "--email", email, "--password", password))
    }

    /// The repository URL that `exoapp APP details` shows.
    func repositoryURL(of app: String) throws -> String {
        let details = try exoapp(app, "details").stdout
        guard let url = details.split(separator: "\n").first(where: { $0.contains("Repository:") })?
            .split(separator: " ").last.map(String.init) else { throw ScenarioFailure("no repository in: \(details)") }
        return url
    }

    /// Creates a python app, commits the example to a fresh checkout, pushes and deploys it with
    /// `exoapp`; returns the checkout (remote `exo` points at the app's repository).
    func deploy(example: String, as app: String) throws -> String {
        try deploy(source: ProductsDirectory.example(example), as: app)
    }

    /// Like `deploy(example:as:)`, for a fixture app under Tests/Fixtures/Scenario.
    func deploy(fixture: String, as app: String, containers: Int? = nil) throws -> String {
        try deploy(source: ProductsDirectory.fixture("Scenario/" + fixture), as: app, containers: containers)
    }

    /// Creates `app`, commits `directory` to a fresh checkout, pushes and deploys it (with
    /// `containers` containers when given); returns the checkout.
    func deploy(source directory: String, as app: String, containers: Int? = nil) throws -> String {
        try expectOK(exoapp(app, "create", "python"))
        let source = try checkout(of: directory, named: app)
        try expectOK(git("remote", "add", "exo", try repositoryURL(of: app), in: source))
        if let containers {
            try expectOK(exoapp(app, "push", in: source))
            try expectOK(exoapp(app, "deploy", "--containers", String(containers)))
        } else {
            try expectOK(exoapp(app, "push", "--deploy", in: source))
        }
        return source
    }
}
