#!/usr/bin/env python3
"""link_relay.py - the tools of tests/integration/link_test.sh.

  capture LISTEN_PORT TARGET_PORT OUT
      a TCP relay on 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT that
      appends every byte it carries, both ways, to OUT: what a passive
      eavesdropper on the wire between two members would read.
  mitm LISTEN_PORT CERT KEY LOG
      a man in the middle: a TLS server on LISTEN_PORT presenting CERT
      (not the member's pinned one); one line per connection in LOG,
      "ok" when a TLS handshake completed, "refused: ..." when not.
  handshake PORT CERT KEY PEER_CERT
      a TLS 1.2 client with CERT and KEY that trusts PEER_CERT alone;
      exit 0 when the handshake completes (the node accepted CERT), 1
      when it is refused.
"""
import socket
import ssl
import sys
import threading


def pump(src, dst, out, lock):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            with lock:
                out.write(b)
                out.flush()
            dst.sendall(b)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def listener(port):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(64)
    return ls


def capture(port, target, path):
    ls = listener(port)
    out = open(path, "ab")
    lock = threading.Lock()
    while True:
        c, _ = ls.accept()
        try:
            t = socket.create_connection(("127.0.0.1", target))
        except OSError:
            c.close()
            continue
        for a, b in ((c, t), (t, c)):
            threading.Thread(target=pump, args=(a, b, out, lock),
                             daemon=True).start()


def context(side):
    ctx = ssl.SSLContext(side)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def mitm(port, cert, key, path):
    ls = listener(port)
    ctx = context(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    log = open(path, "a")
    while True:
        c, _ = ls.accept()
        c.settimeout(5)
        try:
            s = ctx.wrap_socket(c, server_side=True)
            log.write("ok\n")
            s.close()
        except (ssl.SSLError, OSError) as e:
            log.write("refused: %s\n" % e)
            c.close()
        log.flush()


def handshake(port, cert, key, peer):
    ctx = context(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(peer)
    ctx.load_cert_chain(cert, key)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            with ctx.wrap_socket(c, server_hostname="arnet-link") as s:
                # TLS 1.2: the server checks our certificate before its
                # Finished, so a completed handshake means accepted; a
                # read confirms it did not close on us straight after.
                s.settimeout(0.5)
                try:
                    if s.recv(1) == b"":
                        print("closed after the handshake")
                        return 1
                except socket.timeout:
                    pass
                print("accepted", s.cipher()[0])
                return 0
    except (ssl.SSLError, OSError) as e:
        print("refused: %s" % e)
        return 1


def main():
    a = sys.argv[1:]
    if a[:1] == ["capture"] and len(a) == 4:
        capture(int(a[1]), int(a[2]), a[3])
    elif a[:1] == ["mitm"] and len(a) == 5:
        mitm(int(a[1]), a[2], a[3], a[4])
    elif a[:1] == ["handshake"] and len(a) == 5:
        sys.exit(handshake(int(a[1]), a[2], a[3], a[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
