import ExoSystem
import Glibc

/// Runs `body` with a fresh temporary directory that is removed afterwards, even on failure.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    var template = Array("/tmp/exo-system-test-XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw SystemError("mkdtemp") }
    let path = String(cString: created)
    defer { try? Files.remove(path) }
    return try body(path)
}

let python = "/usr/bin/python3"
let testEnvironment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
