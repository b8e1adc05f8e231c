"""The router scenario tests' app (stdlib only, so the build is quick). Every container picks a
random identity at start; endpoints echo what arrived through the router:

  /whoami          identity, version, $PORT, $DEP_ID, health checks seen, index of this request on its connection
  /headers         the request line and every header line in order (duplicates kept)
  /upload          reads a Content-Length or chunked body; answers its byte count and sha256
  /limited?read=N  413 after reading N body bytes (default none) without reading the rest; then closes
  /download?bytes=N&framing=length|chunked|close  N bytes in pieces; their sha256 in X-Body-Sha256
  /slow?ms=N       answers after N ms (an in-flight request during a route switch)
  /status?code=N   answers N (with the identity)
  /fail?seconds=S  this container answers 502 to everything, /CloudHealthCheck included, for S s
  /ws              WebSocket echo (RFC 6455: text, binary, ping, close)
  /hog             (POST) allocates and touches memory until the container's limit kills it
  /scribble        POST writes scribble.txt into the app's directory and $TMPDIR; GET says which exist
  /CloudHealthCheck  the router's probe: 200, or 503 while failing; its User-Agent is recorded
"""
import base64
import hashlib
import http.server
import json
import os
import secrets
import signal
import socket
import sys
import threading
import time
import urllib.parse

IDENTITY = secrets.token_hex(6)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "version.txt")) as f:
    VERSION = f.read().strip()

lock = threading.Lock()
state = {"failing_until": 0.0, "fail_status": 502, "health_checks": 0, "health_agents": [],
         "health_failed": 0, "in_flight": 0, "terminating": False}


def failing():
    with lock:
        return time.time() < state["failing_until"]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.served_here = 0
        self.head_only = False

    def log_message(self, *args):
        pass

    def reply(self, status, payload, close=False, content_type="application/json"):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_HEAD(self):
        # Per request: the handler object lives as long as the (keep-alive) connection.
        self.head_only = True
        try:
            self.route()
        finally:
            self.head_only = False

    def route(self):
        # Counted from a parsed head on: an idle keep-alive connection is not a request in flight.
        with lock:
            state["in_flight"] += 1
        try:
            self.dispatch()
        finally:
            with lock:
                state["in_flight"] -= 1

    def dispatch(self):
        self.served_here += 1
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/CloudHealthCheck":
            return self.health_check()
        if url.path == "/limited":
            return self.limited()
        if failing():
            self.discard_body()
            return self.reply(state["fail_status"], {"id": IDENTITY, "failing": True})
        if url.path == "/whoami":
            with lock:
                seen = {k: state[k] for k in ("health_checks", "health_agents", "health_failed")}
            return self.reply(200, dict(seen, id=IDENTITY, version=VERSION, dep=os.environ.get("DEP_NAME"),
                                        dep_id=os.environ.get("DEP_ID"), port=os.environ["PORT"],
                                        served_on_connection=self.served_here))
        if url.path == "/headers":
            self.discard_body()
            return self.reply(200, {"id": IDENTITY, "version": VERSION, "dep": os.environ.get("DEP_NAME"),
                                    "request_line": self.requestline,
                                    "headers": [[k, v] for k, v in self.headers.items()]})
        if url.path == "/upload":
            return self.upload()
        if url.path == "/slow":
            time.sleep(int(query.get("ms", "1000")) / 1000)
            return self.reply(200, {"id": IDENTITY, "version": VERSION})
        if url.path == "/status":
            self.discard_body()
            return self.reply(int(query.get("code", "200")), {"id": IDENTITY})
        if url.path == "/fail":
            with lock:
                state["failing_until"] = time.time() + float(query.get("seconds", "3"))
                state["fail_status"] = int(query.get("status", "502"))
            return self.reply(200, {"id": IDENTITY})
        if url.path == "/download":
            return self.download(int(query.get("bytes", "1000")), query.get("framing", "length"))
        if url.path == "/ws":
            return self.websocket()
        if url.path == "/hog" and self.command == "POST":
            return self.hog()
        if url.path == "/scribble":
            return self.scribble()
        self.reply(404, {"id": IDENTITY, "error": "no such path"})

    def health_check(self):
        bad = failing()
        with lock:
            state["health_checks"] += 1
            agent = self.headers.get("User-Agent", "")
            if agent not in state["health_agents"]:
                state["health_agents"].append(agent)
            if bad:
                state["health_failed"] += 1
        self.reply(503 if bad else 200, b"unwell\n" if bad else b"ok\n", content_type="text/plain")

    def hog(self):
        # b"x" * n writes every page (a zeroed bytearray would be mapped lazily and never count).
        blocks = []
        for _ in range(256):
            blocks.append(b"x" * (16 << 20))
        self.reply(200, {"id": IDENTITY, "survived_mb": 16 * len(blocks)})

    def scribble(self):
        self.discard_body()
        places = {"app": os.path.dirname(os.path.abspath(__file__)), "tmp": os.environ.get("TMPDIR", "/tmp")}
        if self.command == "POST":
            for directory in places.values():
                with open(os.path.join(directory, "scribble.txt"), "w") as f:
                    f.write(IDENTITY)
        self.reply(200, {name: os.path.exists(os.path.join(directory, "scribble.txt"))
                         for name, directory in places.items()})

    def discard_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked" or self.headers.get("Content-Length"):
            for _ in self.body_pieces():
                pass

    def body_pieces(self):
        """The decoded request body in pieces: chunked framing or Content-Length."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                line = self.rfile.readline(4096)
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline(4096) not in (b"\r\n", b"\n", b""):
                        pass
                    return
                left = size
                while left:
                    piece = self.rfile.read(min(left, 65536))
                    if not piece:
                        raise ConnectionError("body ended early")
                    left -= len(piece)
                    yield piece
                self.rfile.readline(4096)
        else:
            left = int(self.headers.get("Content-Length", "0"))
            while left:
                piece = self.rfile.read(min(left, 65536))
                if not piece:
                    raise ConnectionError("body ended early")
                left -= len(piece)
                yield piece

    def upload(self):
        digest, count = hashlib.sha256(), 0
        for piece in self.body_pieces():
            digest.update(piece)
            count += len(piece)
        self.reply(200, {"id": IDENTITY, "bytes": count, "sha256": digest.hexdigest(),
                         "transfer_encoding": self.headers.get("Transfer-Encoding"),
                         "content_length": self.headers.get("Content-Length")})

    def download(self, count, framing):
        seed, body = b"exo", bytearray()
        while len(body) < count:
            seed = hashlib.sha256(seed).digest()
            body += seed
        body = bytes(body[:count])
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("X-Body-Sha256", hashlib.sha256(body).hexdigest())
        if framing == "length":
            self.send_header("Content-Length", str(count))
        elif framing == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        for start in range(0, count, 99_991):
            piece = body[start:start + 99_991]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if framing == "chunked" else piece)
        if framing == "chunked":
            self.wfile.write(b"0\r\n\r\n")

    def limited(self):
        # Optionally read the start of the body (an app deciding after a look), then refuse with
        # the rest unread, and close. The lingering read below only keeps our kernel
        # from answering the unread bytes with a reset before the router has read the 413.
        left = int(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)).get("read", "0"))
        while left > 0:
            piece = self.rfile.read(min(left, 65536))
            if not piece:
                break
            left -= len(piece)
        self.reply(413, b"Request body too large for /limited\n", close=True, content_type="text/plain")
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(2)
            while self.connection.recv(65536):
                pass
        except OSError:
            pass

    def websocket(self):
        key = self.headers.get("Sec-WebSocket-Key", "")
        if self.headers.get("Upgrade", "").lower() != "websocket" or not key:
            return self.reply(400, {"error": "not a websocket upgrade"})
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept.decode())
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        while True:
            frame = self.read_frame()
            if frame is None:
                return
            opcode, payload = frame
            if opcode == 0x8:
                self.write_frame(0x8, payload[:2])
                return
            if opcode == 0x9:
                self.write_frame(0xA, payload)
            elif opcode in (0x1, 0x2):
                self.write_frame(opcode, payload)

    def read_frame(self):
        head = self.rfile.read(2)
        if len(head) < 2:
            return None
        opcode, masked, length = head[0] & 0x0F, head[1] & 0x80, head[1] & 0x7F
        if length == 126:
            length = int.from_bytes(self.rfile.read(2), "big")
        elif length == 127:
            length = int.from_bytes(self.rfile.read(8), "big")
        mask = self.rfile.read(4) if masked else b"\0\0\0\0"
        data = self.rfile.read(length)
        return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(data))

    def write_frame(self, opcode, payload):
        n = len(payload)
        if n < 126:
            head = bytes([0x80 | opcode, n])
        elif n < 65536:
            head = bytes([0x80 | opcode, 126]) + n.to_bytes(2, "big")
        else:
            head = bytes([0x80 | opcode, 127]) + n.to_bytes(8, "big")
        self.wfile.write(head + payload)


def terminate(*_):
    # Graceful stop: requests in flight (e.g. during a route switch) finish, then exit.
    state["terminating"] = True


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, terminate)
    server = http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    while not state["terminating"]:
        time.sleep(0.1)
    deadline = time.time() + 8
    while time.time() < deadline:
        with lock:
            if state["in_flight"] == 0:
                break
        time.sleep(0.05)
    sys.stdout.flush()
    os._exit(0)
