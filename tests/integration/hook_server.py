#!/usr/bin/env python3
"""hook_server.py PORT_FILE LOG FAILS - a webhook receiver for the alert
tests, on 127.0.0.1 (a free port, written to PORT_FILE): each POST's body
is appended as one line to LOG; the first FAILS POSTs are answered 500
(and logged with the prefix "500 "), the rest 200. Runs until killed."""
import http.server
import sys

port_file, log, fails = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = 0


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8", "replace")
        seen += 1
        code = 500 if seen <= fails else 200
        with open(log, "a", encoding="utf-8") as f:
            f.write(("500 " if code == 500 else "") + body + "\n")
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


s = http.server.HTTPServer(("127.0.0.1", 0), Hook)
with open(port_file, "w") as f:
    f.write(str(s.server_address[1]))
s.serve_forever()
