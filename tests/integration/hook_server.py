#!/usr/bin/env python3
"""hook_server.py PORT_FILE LOG FAILS [HANGS] - a webhook receiver for
the alert tests, on 127.0.0.1 (a free port, written to PORT_FILE): each
POST's body is appended as one line to LOG; the first FAILS POSTs are
answered 500 (logged with the prefix "500 "), the next HANGS hang for 20 s
before answering (logged "hang "), the rest 200. Each request on its own
thread, so a hung one holds up no other. Runs until killed."""
import http.server
import sys
import threading
import time

port_file, log, fails = sys.argv[1], sys.argv[2], int(sys.argv[3])
hangs = int(sys.argv[4]) if len(sys.argv) > 4 else 0
seen = 0
lock = threading.Lock()


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8", "replace")
        with lock:
            seen += 1
            k = seen
        code, mark = 200, ""
        if k <= fails:
            code, mark = 500, "500 "
        elif k <= fails + hangs:
            mark = "hang "
        with open(log, "a", encoding="utf-8") as f:
            f.write(mark + body + "\n")
        if mark == "hang ":
            time.sleep(20)
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
with open(port_file, "w") as f:
    f.write(str(s.server_address[1]))
s.serve_forever()
