/// A user account (`GET /user/`, `GET /user/U/`, `POST /user/`, and an app's `owner`).
public struct WireUser: Codable, Sendable, Equatable {
    public var username: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var isActive: Bool
    public var billingWithoutPaymentInfo: Bool

    enum CodingKeys: String, CodingKey {
        case username, email
        case firstName = "first_name"
        case lastName = "last_name"
        case isActive = "is_active"
        case billingWithoutPaymentInfo = "billing_without_payment_info"
    }

    public init(username: String, email: String, firstName: String = "", lastName: String = "",
                isActive: Bool = true, billingWithoutPaymentInfo: Bool = false) {
        self.username = username
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.isActive = isActive
        self.billingWithoutPaymentInfo = billingWithoutPaymentInfo
    }

    // Lenient: `GET /user/` of the original API returned only {username, email} for list entries.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decode(String.self, forKey: .username)
        email = try c.decodeIfPresent(String.self, forKey: .email) ?? ""
        firstName = try c.decodeIfPresent(String.self, forKey: .firstName) ?? ""
        lastName = try c.decodeIfPresent(String.self, forKey: .lastName) ?? ""
        isActive = try c.decodeIfPresent(Bool.self, forKey: .isActive) ?? true
        billingWithoutPaymentInfo = try c.decodeIfPresent(Bool.self, forKey: .billingWithoutPaymentInfo) ?? false
    }
}
