import Glibc

enum TemporaryDirectory {
    /// A fresh directory under /tmp (mkdtemp), e.g. /tmp/exo-scenario-Ab12Cd.
    static func make(prefix: String) throws -> String {
        var template = Array("/tmp/\(prefix)XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw ScenarioFailure("mkdtemp failed: errno \(errno)")
        }
        return String(cString: result)
    }
}
