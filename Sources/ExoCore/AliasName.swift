/// A custom hostname of a deployment (`www.example.com`) or a wildcard over the names below a
/// domain (`*.example.com`, which the router matches at any depth). Stored the way the router
/// compares Host: ASCII lower case without a trailing dot. Internationalised names are given in
/// their ASCII (punycode, `xn--…`) form, as DNS carries them.
public struct AliasName: ValidatedName {
    public let rawValue: String

    public static let maxLength = 253
    public static let maxLabelLength = 63
    public static let invalidMessage =
        "An alias is a hostname such as www.example.com or *.example.com: at least two labels of a-z, 0-9 and '-' (not at a label's start or end), at most 63 characters each and 253 in all."

    public init(_ text: String) throws(ExoError) {
        var bytes = Array(text.utf8).map { ASCII.isUpper($0) ? $0 | 0x20 : $0 }
        // One trailing dot is the fully qualified spelling of the same name (the router strips it too).
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        var labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.first.map(Array.init) == [UInt8(ascii: "*")] { labels.removeFirst() }
        guard bytes.count <= Self.maxLength, labels.count >= 2, labels.allSatisfy(Self.isLabel) else {
            throw .invalid("name", Self.invalidMessage)
        }
        // No top-level domain is all digits: such a name is an IP address, which is the router's
        // to answer for, not one app's.
        guard let last = labels.last, !last.allSatisfy(ASCII.isDigit) else {
            throw .invalid("name", "An alias must be a hostname, not an IP address.")
        }
        rawValue = String(decoding: bytes, as: UTF8.self)
    }

    /// `*.example.com`: every name below example.com that has no route of its own.
    public var isWildcard: Bool { rawValue.hasPrefix("*.") }

    /// The domain a wildcard covers (`example.com`), or the name itself.
    public var domain: String { isWildcard ? String(rawValue.dropFirst(2)) : rawValue }

    /// Whether this alias would answer for `host` or for names below it: an alias equal to or
    /// under the platform's own domain would take other apps' hostnames, and a wildcard over a
    /// parent of it (`*.localhost` for `app.localhost`) would take the names no app has yet.
    public func reaches(into host: String) -> Bool {
        let host = host.lowercased()
        if rawValue == host || rawValue.hasSuffix("." + host) { return true }
        return isWildcard && (host == domain || host.hasSuffix("." + domain))
    }

    /// Whether some hostname would be answered by both: equal names, a wildcard and a name below
    /// its domain, or two nested wildcards. (A wildcard does not cover its domain itself.)
    public func overlaps(_ other: AliasName) -> Bool {
        rawValue == other.rawValue || covers(other) || other.covers(self)
    }

    /// The wildcards that would cover this alias (`*.example.com` and `*.com` for
    /// `www.example.com`; for `*.a.example.com`, `*.example.com` and `*.com`).
    public var wildcardsAbove: [String] {
        let labels = domain.split(separator: ".")
        return (1..<labels.count).map { "*." + labels[$0...].joined(separator: ".") }
    }

    private func covers(_ other: AliasName) -> Bool {
        isWildcard && other.rawValue.hasSuffix("." + domain)
    }

    private static func isLabel(_ label: ArraySlice<UInt8>) -> Bool {
        guard !label.isEmpty, label.count <= maxLabelLength,
              label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
        return label.allSatisfy { ASCII.isLowerOrDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
