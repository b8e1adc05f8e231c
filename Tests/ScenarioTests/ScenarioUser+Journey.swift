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
        try expectOK(exoapp(app, "create", "python"))
        let source = try checkout(of: ProductsDirectory.example(example), named: app)
        try expectOK(git("remote", "add", "exo", try repositoryURL(of: app), in: source))
        try expectOK(exoapp(app, "push", "--deploy", in: source))
        return source
    }
}
