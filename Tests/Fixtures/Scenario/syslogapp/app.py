"""Prints on request: GET /print/TAG writes one line to stdout and one to stderr, each naming TAG,
so a test can watch them reach the error log and the syslog remote. Request lines are not logged."""
import http.server
import os
import signal
import sys


class Printer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        tag = self.path.rsplit("/", 1)[-1]
        print(f"stdout {tag} grüße ✓", flush=True)
        print(f"stderr {tag} \"quoted\" [brackets]", file=sys.stderr, flush=True)
        body = b"printed\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Printer).serve_forever()
