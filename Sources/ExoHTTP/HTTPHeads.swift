/// HTTP-version of a message; only 1.x is spoken.
public struct HTTPVersion: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http11 = HTTPVersion(major: 1, minor: 1)
    public static let http10 = HTTPVersion(major: 1, minor: 0)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// Request line and header section.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public init(method: String, target: String, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method; self.target = target; self.version = version; self.headers = headers
    }

    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public var keepAlive: Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        return version.minor >= 1 || headers.hasToken("keep-alive", in: "Connection")
    }

    /// Whether the client waits for `100 Continue` before sending its body.
    public var expectsContinue: Bool {
        version.minor >= 1 && headers["Expect"].map { HTTPHeaders.same($0.trimmingOWS(), "100-continue") } == true
    }
}

/// Status line and header section.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public init(status: Int, reason: String? = nil, version: HTTPVersion = .http11, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status; self.reason = reason ?? HTTPStatus.reason(status); self.version = version; self.headers = headers
    }

    public var keepAlive: Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        return version.minor >= 1 || headers.hasToken("keep-alive", in: "Connection")
    }
}

/// Why a message was refused; `status` is what a server answers with (the response parser uses 502).
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var reason: String
    public init(status: Int, reason: String) { self.status = status; self.reason = reason }
    public var description: String { "\(status) \(reason)" }
    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(status: 400, reason: reason) }
}

/// Size limits that bound the memory one message can pin before its body.
public struct HTTPParserLimits: Sendable, Equatable {
    public var maxStartLineLength: Int       // request line: 414 past it; status line: error
    public var maxHeaderLineLength: Int      // 431
    public var maxHeaderBlockSize: Int       // whole head (and trailer section): 431
    public var maxHeaderCount: Int           // 431
    public var maxContentLength: Int         // declared Content-Length: 413
    public var maxChunkLineLength: Int       // chunk-size line with extensions: 400
    public init(maxStartLineLength: Int = 8192, maxHeaderLineLength: Int = 8192, maxHeaderBlockSize: Int = 65536,
                maxHeaderCount: Int = 128, maxContentLength: Int = Int.max, maxChunkLineLength: Int = 4096) {
        self.maxStartLineLength = maxStartLineLength
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxHeaderBlockSize = maxHeaderBlockSize
        self.maxHeaderCount = maxHeaderCount
        self.maxContentLength = maxContentLength
        self.maxChunkLineLength = maxChunkLineLength
    }
}

/// What the parser found, in order: a head, zero or more (de-chunked) body pieces, then end.
public enum HTTPParserEvent<Head: Sendable>: Sendable {
    case head(Head)
    case body([UInt8])
    case end
}

extension HTTPParserEvent: Equatable where Head: Equatable {}
