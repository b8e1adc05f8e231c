"""Scenario app for exod restarts: answers which process serves (pid + a token drawn at start)
and which version (version.txt); GET /mark/NAME prints "marker NAME" to stdout; the file
boot-delay (seconds) delays listening, as a slow-booting new version would."""
import http.server
import json
import os
import signal
import sys
import time
import uuid

TOKEN = uuid.uuid4().hex
with open("version.txt") as f:
    VERSION = f.read().strip()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/mark/"):
            print("marker " + self.path[len("/mark/"):], flush=True)
        body = json.dumps({"pid": os.getpid(), "token": TOKEN, "version": VERSION}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if os.path.exists("boot-delay"):
        with open("boot-delay") as f:
            time.sleep(float(f.read()))
    print("restartapp %s started with token %s" % (VERSION, TOKEN), flush=True)
    port = int(os.environ["PORT"])
    http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
