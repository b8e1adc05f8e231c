"""Answers with what the platform gave the process: environment, credentials file, filesystem rules."""
import http.server
import json
import os
import signal
import sys


def probe_write(path):
    try:
        with open(path, "w") as f:
            f.write("x")
        os.remove(path)
        return "writable"
    except OSError as e:
        return "denied: %s" % e.strerror


class Probe(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(os.environ["CRED_FILE"]) as f:
            creds = f.read()
        body = json.dumps({
            "env": dict(os.environ),
            "creds": creds,
            "uid": os.getuid(),
            "headers": dict(self.headers),
            "write_root": probe_write("/probe"),
            "write_usr": probe_write("/usr/probe"),
            "write_app": probe_write("/srv/www/probe"),
            "write_tmp": probe_write("/tmp/probe"),
            "write_home": probe_write(os.path.join(os.environ["HOME"], "probe")),
            "creds_mode": oct(os.stat(os.environ["CRED_FILE"]).st_mode & 0o777),
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Probe).serve_forever()
