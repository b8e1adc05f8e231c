import Foundation

/// Decodes a response body that must be a JSON object of strings, for assertions.
func jsonObject(_ body: [UInt8]) -> [String: String]? {
    (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: String]
}
