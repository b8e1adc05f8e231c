"""Echoes what the platform gave the process: its environment and the raw bytes of $CRED_FILE,
as JSON (the test compares values byte for byte). Also answers /version with the config var
VERSION_TAG, so a test can watch the switch to new containers."""
import http.server
import json
import os
import signal
import sys


class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/version":
            body = os.environ.get("VERSION_TAG", "").encode()
        else:
            with open(os.environ["CRED_FILE"], "rb") as f:
                creds = f.read().decode("utf-8")
            st = os.stat(os.environ["CRED_FILE"])
            body = json.dumps({
                "env": dict(os.environ),
                "creds": creds,
                "creds_mode": oct(st.st_mode & 0o777),
                "creds_uid": st.st_uid,
                "uid": os.getuid(),
            }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass  # values must not reach any log, not even through the app's request lines


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Echo).serve_forever()
