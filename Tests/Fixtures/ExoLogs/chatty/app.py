"""Prints on request: /long a 25,000-byte line on stdout, /flood/N N lines, /crash an unterminated line on stderr, then dies."""
import http.server
import os
import signal
import sys
import time


class Chatty(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n"
        if self.path.startswith("/flood/"):
            # /flood/N: N short lines on stdout as fast as the pipe takes them; answers the seconds it took.
            count = int(self.path.split("/")[2])
            start = time.monotonic()
            for index in range(count):
                sys.stdout.write(f"flood line {index}\n")
            sys.stdout.flush()
            body = f"{time.monotonic() - start:.3f}\n".encode()
        if self.path == "/long":
            sys.stdout.write("L" * 24_999 + "!\n")
            sys.stdout.flush()
        if self.path == "/crash":
            sys.stderr.write("last words without newline")
            sys.stderr.flush()
            os._exit(3)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Chatty).serve_forever()
