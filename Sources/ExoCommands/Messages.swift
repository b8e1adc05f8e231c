/// cctrl's message catalogue (`cctrl/error.py` of 1.16.1), the texts users and scripts see.
enum Messages {
    static let wrongApplication = "This application is unknown."
    static let wrongDeployment = "This deployment is unknown."
    static let invalidApplicationName = "Name may only contain a-z and 0-9 and must not start with a number."
    static let invalidAppOrDeploymentName = "The application or deployment name is invalid."
    static let deleteOnlyApplication = "You can only delete applications not deployments. Try the undeploy command."
    static let cannotDeleteDeploymentExist = "You have to undeploy all related deployments, before you can delete the application."
    static let securityQuestionDenied = "Action canceled on user request."
    static let notAllowed = "Sorry. You are not allowed to perform this action."
    static let notAuthorized = "The authorization failed, check your e-mail address and password."
    static let wrongUsername = "This username is unknown."
    static let neitherBazaarNorGitFound = "Cannot find \"git\" nor \"bzr\"! Please make sure either Bazaar or Git executables are in your path."
    static let gitRequiredToPush = "Please make sure the Git executable is in your path."
    static let noBuildpackURL = "You need to provide a buildpack URL for \"custom\" application type."
    static let noCustomApp = "You can only provide a buildpack URL if the app type is \"custom\"."
    static let noValidBuildpackURL = "The buildpack URL provided is not valid. Please try again."
    static let ambiguousSize = "You can only specify one of --size or --memory."
    static let invalidMemory = "Memory size should be an integer between 128 and 1024 MB."
    static let invalidSize = "Size should be an integer between 1 and 8."
    static let deploymentFailed = "Deployment failed."
    static let noPreviousVersionFound = "Previous version not found."
    static let commandNotImplemented = "Sorry, this command is not available."
    static let shipAndDeploy = "--ship and --push options cannot be used simultaneously."
    static let passwordsDontMatch = "The passwords don't match."
    static let userCreatedNowCheckEmail = "User has been created. Please check you e-mail for your confirmation code."
    static let deleteAppsBeforeUser = "There are still applications associated with this user account. Undeploy and/or delete applications before deleting user."
    static let deleteUserQuestion = "Do you really want to delete your user? Type \"Yes\" without the quotes to delete: "
    static let apiUnreachable = "Could not connect to API..."
    static let gitConfigFound = "Git configuration found! Using \"Git\" as repository type."
    static let gitExecutableFound = "Git seems to be installed! Using \"Git\" as repository type."
    static let bazaarConfigFound = "Bazaar configuration found! Using \"Bazaar\" as repository type."
    static let bazaarExecutableFound = "Bazaar seems to be installed! Using \"Bazaar\" as repository type."
    static let defaultRepoType = "Using default \"Git\" as repository type."
    static let publicKeyNotAvailable = "Not available. Have you added your Public Key?"
    static let updateAvailable = "A newer version is available. To upgrade run: (sudo) pip install cctrl --upgrade"
    static let updateRequired = "A newer version is required. You need to upgrade before using this program. To upgrade run: (sudo) pip install cctrl --upgrade"

    static func deleteAppQuestion(_ app: String) -> String {
        "Do you really want to delete application '\(app)'? Type \"Yes\" without the quotes to delete: "
    }

    static func undeployQuestion(_ name: String) -> String {
        "Do you really want to delete deployment '\(name)'? This will delete everything including files and the database. Type \"Yes\" without the quotes to delete: "
    }
}

/// How a command ends other than by success; `CLIRunner` prints it and picks the exit status.
enum CLIError: Error, Equatable {
    /// cctrl's `InputErrorException`: "[ERROR] message" on stderr, exit 1.
    case input(String)
    /// A message printed as is on stderr (cctrl's `sys.exit(text)`), exit 1.
    case message(String)
    /// Exit silently with this status.
    case exit(Int32)
}
