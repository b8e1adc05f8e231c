@testable import ExoAPI
import ExoCore
import Testing

struct ErrorMappingTests {
    @Test(arguments: [
        (ExoError.Code.invalidInput, 400), (.unauthorized, 401), (.forbidden, 403), (.notFound, 410),
        (.conflict, 409), (.confirmOverwrite, 503), (.notImplemented, 501), (.unavailable, 503),
        (.internalError, 500),
    ])
    func everyCodeHasItsStatus(_ code: ExoError.Code, _ status: Int) {
        #expect(ErrorMapping.status(for: code) == status)
        #expect(ErrorMapping.response(for: ExoError(code: code, message: "m")).status == status)
    }

    @Test func aFieldErrorBodyIsAnObjectOfFieldToMessage() {
        let response = ErrorMapping.response(for: .invalid("min_boxes", "The number of containers must be between 1 and 8."))
        #expect(response.status == 400)
        #expect(response.contentType == "application/json")
        #expect(jsonObject(response.body) == ["min_boxes": "The number of containers must be between 1 and 8."])
    }

    @Test func aValidationErrorWithoutAFieldUsesTheErrorKey() {
        let response = ErrorMapping.response(for: .invalid("Something is wrong."))
        #expect(response.status == 400)
        #expect(jsonObject(response.body) == ["error": "Something is wrong."])
    }

    @Test(arguments: [ExoError.unauthorized("Who are you?"), .forbidden("Sorry. You are not allowed to perform this action."),
                      .notFound("This application is unknown."), .conflict("This deployment already exists."),
                      .unavailable("Busy.", cause: "secret detail")])
    func otherErrorsCarryTheirMessage(_ error: ExoError) {
        let body = ErrorMapping.response(for: error).body
        #expect(jsonObject(body) == ["error": error.message])
        #expect(!String(decoding: body, as: UTF8.self).contains("secret detail"))
    }

    @Test func anInternalErrorIsGenericAndNeverShowsTheCause() {
        let error = ExoError.internalError("Creating the repository failed at /var/lib/exo/repos.",
                                           cause: "git init exited 128: permission denied /var/lib/exo")
        let response = ErrorMapping.response(for: error)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 500)
        #expect(jsonObject(response.body) == ["error": "Internal server error."])
        #expect(!text.contains("permission denied"))
        #expect(!text.contains("/var/lib/exo"))
    }
}
