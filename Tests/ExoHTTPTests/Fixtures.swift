import ExoHTTP
import Foundation

/// Raw byte fixtures under Tests/Fixtures/ExoHTTP.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/ExoHTTP")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(directory).path)
            .filter { $0.hasSuffix(".http") }.sorted()
    }
}

/// Events with adjacent body pieces merged, so results of different input splits compare equal.
enum Flat<Head: Equatable & Sendable>: Equatable {
    case head(Head)
    case body([UInt8])
    case end

    static func flatten(_ events: [HTTPParserEvent<Head>]) -> [Flat] {
        var out: [Flat] = []
        for event in events {
            switch event {
            case .head(let head): out.append(.head(head))
            case .end: out.append(.end)
            case .body(let bytes):
                if case .body(let previous)? = out.last {
                    out[out.count - 1] = .body(previous + bytes)
                } else if !bytes.isEmpty {
                    out.append(.body(bytes))
                }
            }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
