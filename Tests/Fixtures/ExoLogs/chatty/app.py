"""Prints on request: /long a 25,000-byte line on stdout, /crash an unterminated line on stderr, then dies."""
import http.server
import os
import signal
import sys


class Chatty(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/long":
            sys.stdout.write("L" * 24_999 + "!\n")
            sys.stdout.flush()
        if self.path == "/crash":
            sys.stderr.write("last words without newline")
            sys.stderr.flush()
            os._exit(3)
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Chatty).serve_forever()
