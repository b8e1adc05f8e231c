import ExoHTTP
import Glibc

/// One request/response exchange of the client, including the `Expect: 100-continue` dance.
struct ClientExchange {
    let socket: Socket
    let method: String
    let head: HTTPRequestHead
    let body: HTTPClientRequestBody
    let expectsContinue: Bool

    init(socket: Socket, method: String, target: String, headers: [(String, String)], hostHeader: String,
         body: HTTPClientRequestBody) {
        self.socket = socket
        self.method = method
        self.body = body
        var fields = HTTPHeaders()
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { fields.add("Host", hostHeader) }
        for (name, value) in headers {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" { continue }
            fields.add(name, value)
        }
        var hasBody = true
        switch body {
        case .bytes(let bytes):
            if !bytes.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
                fields.add("Content-Length", String(bytes.count))
            }
            hasBody = !bytes.isEmpty
        case .chunked:
            fields.add("Transfer-Encoding", "chunked")
        }
        expectsContinue = hasBody && fields["Expect"]?.lowercased() == "100-continue"
        head = HTTPRequestHead(method: method, target: target, version: .http11, headers: fields)
    }

    /// Runs the exchange; returns whether the connection may be reused.
    mutating func run(reader: inout MessageReader<HTTPResponseParser>, onHead: (HTTPResponseHead) throws -> Void,
                      onBody: ([UInt8]) throws -> Void) throws -> Bool {
        let headBytes = HTTPSerializer.requestHead(head)
        var finalHead: HTTPResponseHead?
        var bodySent = false
        if expectsContinue {
            try socket.write(headBytes)
            // Wait briefly for 100 Continue or an early final answer; servers that ignore Expect get the body anyway.
            if try socket.waitUntil(Int16(POLLIN), timeout: 1) {
                let first = try nextHead(&reader, skippingInterim: false)
                if first.status >= 200 || first.status == 101 { finalHead = first }
            }
            if finalHead == nil {
                finalHead = try sendAnswering(&reader) { try sendBody() }
                bodySent = true
            }
        } else if case .bytes(let bytes) = body {
            // Head and body in one write: no Nagle / delayed-ACK stall.
            finalHead = try sendAnswering(&reader) { try socket.write(headBytes + bytes) }
            bodySent = true
        } else {
            finalHead = try sendAnswering(&reader) {
                try socket.write(headBytes)
                try sendBody()
            }
            bodySent = true
        }
        let response = try finalHead ?? nextHead(&reader, skippingInterim: true)
        try onHead(response)
        while true {
            let event: HTTPParserEvent<HTTPResponseHead>?
            do {
                event = try reader.nextEvent()
            } catch let error as HTTPParseError {
                throw NetworkError(.protocolError, "\(method) \(head.target)", error.reason)
            }
            switch event {
            case .body(let bytes)?:
                if !bytes.isEmpty { try onBody(bytes) }
            case .end?:
                return response.keepAlive && head.keepAlive && bodySent && response.status != 101
            case .head?, nil:
                throw NetworkError(.closed, "\(method) \(head.target)", "connection closed before the response ended")
            }
        }
    }

    /// Runs a send; if the socket fails, the server may have answered and closed early (413, 401):
    /// its answer is returned instead of the write error.
    private func sendAnswering(_ reader: inout MessageReader<HTTPResponseParser>, _ send: () throws -> Void) throws -> HTTPResponseHead? {
        do {
            try send()
            return nil
        } catch let error as NetworkError {
            guard let early = try? nextHead(&reader, skippingInterim: true) else { throw error }
            return early
        }
    }

    private func sendBody() throws {
        switch body {
        case .bytes(let bytes):
            if !bytes.isEmpty { try socket.write(bytes) }
        case .chunked(let next):
            while let piece = try next() {
                if !piece.isEmpty { try socket.write(HTTPSerializer.chunk(piece)) }
            }
            try socket.write(HTTPSerializer.lastChunk)
        }
    }

    /// The next response head; with `skippingInterim`, the next final one (1xx such as 100 or 103 skipped).
    private func nextHead(_ reader: inout MessageReader<HTTPResponseParser>, skippingInterim: Bool) throws -> HTTPResponseHead {
        while true {
            do {
                switch try reader.nextEvent() {
                case .head(let head)?:
                    if !skippingInterim || head.status >= 200 || head.status == 101 { return head }
                case .body?, .end?:
                    continue
                case nil:
                    throw NetworkError(.closed, "\(method) \(self.head.target)", "connection closed before a response")
                }
            } catch let error as HTTPParseError {
                throw NetworkError(.protocolError, "\(method) \(self.head.target)", error.reason)
            }
        }
    }
}
