import ExoNet

/// Starts a server on 127.0.0.1 with a free port, runs `body`, stops the server.
func withServer(options: HTTPServerOptions = HTTPServerOptions(timeout: 30), _ handler: @escaping HTTPServer.Handler,
                _ body: (HTTPServer) throws -> Void) throws {
    let server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0), options: options, handler: handler)
    try server.start()
    defer { server.stop() }
    try body(server)
}

func url(_ server: HTTPServer, _ path: String) -> String { "http://127.0.0.1:\(server.port)\(path)" }

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
