#!/usr/bin/env python3
"""Opens N keep-alive client connections to exo-router, sends one request on each, keeps them
all idle, and prints the router's RSS. Usage: idle_connections.py PORT PID [N] [HOST]"""
import os, selectors, socket, sys

port, pid = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
host = sys.argv[4] if len(sys.argv) > 4 else "bench.app.localhost"

def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

before = rss_mb()
request = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
sel = selectors.DefaultSelector()
socks, answered = [], 0
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    s.send(request)
    sel.register(s, selectors.EVENT_READ)
    socks.append(s)
    # Drain answers as we go so that neither side's buffers fill up.
    for key, _ in sel.select(timeout=0):
        if key.fileobj.recv(65536):
            answered += 1
        sel.unregister(key.fileobj)
while answered < count:
    events = sel.select(timeout=10)
    if not events:
        break
    for key, _ in events:
        if key.fileobj.recv(65536):
            answered += 1
        sel.unregister(key.fileobj)
after = rss_mb()
print(f"{count} idle keep-alive connections ({answered} answered): router RSS {before:.1f} MB -> {after:.1f} MB "
      f"({(after - before) * 1024 / count:.2f} KB per connection)")
