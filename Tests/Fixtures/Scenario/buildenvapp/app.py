"""Serves what the build saw in ENV_DIR (copied into the image by bin/post_compile) as JSON:
file name -> base64 of its bytes, so a test can compare values byte for byte."""
import base64
import http.server
import json
import os
import signal
import sys

SEEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".build-env")


class Show(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        files = {}
        if os.path.isdir(SEEN):
            for name in os.listdir(SEEN):
                with open(os.path.join(SEEN, name), "rb") as f:
                    files[name] = base64.b64encode(f.read()).decode()
        body = json.dumps(files).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Show).serve_forever()
