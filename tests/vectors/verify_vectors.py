#!/usr/bin/env python3
"""verify_vectors.py [records.json [membership.json [wire.json]]] - an
independent
check of arnet's golden vectors, written from docs/protocol.md alone.

It shares no code with arnet: Ed25519 is the reference algorithm of
RFC 8032 section 6 in pure Python, BLAKE2b comes from hashlib, and the
record encoding is rebuilt from the "fields" of each vector following the
tables of docs/protocol.md. For every vector it checks that

  - the public key is the one of seed_hex,
  - the encoding of the fields is exactly record_hex (signature included:
    Ed25519 is deterministic),
  - the signature verifies over context || record[0..len-64),
  - hash_hex is BLAKE2b-256 of the whole record,
  - the subject's check character (USCC) or check digits (LEI) are right,
  - the vectors chain: each record's prev is the hash of the same
    author's previous vector, when that vector is in the file.

For membership.json: every certificate and roster is rebuilt from its
fields and signed with the root seed (byte for byte), its signature
verifies, each roster's certificates are the root's and in serial order,
and each revocation names one of them.

Python standard library only. Exit 0 when every vector passes.
"""
import hashlib
import json
import sys

# --- Ed25519, RFC 8032 section 6 (reference, not constant time) ---
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    A = (y1 - x1) * (y2 - x2) % P
    B = (y1 + x1) * (y2 + x2) % P
    C = t1 * 2 * D * t2 % P
    Dd = z1 * 2 * z2 % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def _mul(s, pt):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, pt)
        pt = _add(pt, pt)
        s >>= 1
    return q


def _equal(a, b):
    return ((a[0] * b[2] - b[0] * a[2]) % P == 0 and
            (a[1] * b[2] - b[1] * a[2]) % P == 0)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


GY = 4 * pow(5, P - 2, P) % P
GX = _recover_x(GY, 0)
G = (GX, GY, 1, GX * GY % P)


def _compress(pt):
    zinv = pow(pt[2], P - 2, P)
    x, y = pt[0] * zinv % P, pt[1] * zinv % P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _decompress(b):
    y = int.from_bytes(b, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def _sha512_int(b):
    return int.from_bytes(hashlib.sha512(b).digest(), "little")


def _expand(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def ed25519_public(seed):
    a, _ = _expand(seed)
    return _compress(_mul(a, G))


def ed25519_sign(seed, msg):
    a, prefix = _expand(seed)
    A = _compress(_mul(a, G))
    r = _sha512_int(prefix + msg) % L
    R = _compress(_mul(r, G))
    h = _sha512_int(R + A + msg) % L
    s = (r + h * a) % L
    return R + int.to_bytes(s, 32, "little")


def ed25519_verify(pub, msg, sig):
    A = _decompress(pub)
    R = _decompress(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if A is None or R is None or s >= L:
        return False
    h = _sha512_int(sig[:32] + pub + msg) % L
    return _equal(_mul(s, G), _add(R, _mul(h, A)))


# --- docs/protocol.md ---
CONTEXT = b"arnet/record/v1\x00"
TYPES = {"DEFAULT": 1, "CREDIT_STOP": 2, "SETTLEMENT": 3, "LIFT": 4,
         "DISPUTE": 5}
REASONS = {"non-payment": 1, "bounced-instrument": 2, "forged-documents": 3,
           "insolvency": 4, "other": 5}
HOW = {"paid": 1, "plan": 2, "written-off": 3}
STATUS = {"open": 1, "upheld": 2, "corrected": 3}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30,
                28]


def H(b):
    return hashlib.blake2b(b, digest_size=32).digest()


def u(n, v):
    return int(v).to_bytes(n, "big")


def i(n, v):
    return int(v).to_bytes(n, "big", signed=True)


def date_days(text):
    import datetime
    d = datetime.date.fromisoformat(text)
    return (d - datetime.date(1970, 1, 1)).days


def str8(text):
    b = text.encode("utf-8")
    assert len(b) <= 255
    return u(1, len(b)) + b


def ref(t):
    return bytes.fromhex(t["author"]) + u(8, t["seq"]) + bytes.fromhex(
        t["hash"])


def body(f):
    t = f["type"]
    if t == "DEFAULT":
        b = (i(8, f["amount"]) + f["currency"].encode("ascii") +
             i(4, date_days(f["due_date"])) + u(4, f["days_past_due"]) +
             u(1, REASONS[f["reason"]]) + bytes.fromhex(f["evidence"]))
    elif t == "CREDIT_STOP":
        b = u(1, REASONS[f["reason"]])
    elif t == "SETTLEMENT":
        b = (ref(f["target"]) + u(1, HOW[f["how"]]) + i(8, f["amount"]) +
             f["currency"].encode("ascii"))
    elif t == "LIFT":
        b = ref(f["target"])
    elif t == "DISPUTE":
        b = ref(f["target"]) + u(1, STATUS[f["status"]])
    else:
        raise ValueError("unknown type " + t)
    return b + str8(f["note"])


def signed_part(f):
    subj = f["subject"].encode("utf-8")
    bd = body(f)
    return (u(1, f["version"]) + u(1, TYPES[f["type"]]) +
            bytes.fromhex(f["author"]) + u(8, f["seq"]) +
            bytes.fromhex(f["prev"]) + i(8, f["created"]) +
            u(1, len(subj)) + subj + u(2, len(bd)) + bd)


def check_subject(s):
    scheme, value = s.split(":", 1)
    if scheme == "uscc":
        total = sum(USCC_ALPHABET.index(c) * w
                    for c, w in zip(value[:17], USCC_WEIGHTS))
        return value[17] == USCC_ALPHABET[(31 - total % 31) % 31]
    if scheme == "lei":
        digits = "".join(str(int(c, 36)) for c in value)
        return int(digits) % 97 == 1
    if scheme == "duns":
        return len(value) == 9 and value.isdigit()
    return scheme == "local" and 0 < len(value.encode()) <= 64


CERT_CONTEXT = b"arnet/cert/v1\x00"
ROSTER_CONTEXT = b"arnet/roster/v1\x00"
REVOKE_REASONS = {"left": 1, "compromised": 2}


def report(name, problems):
    """Print one vector's result line; 1 when it has problems, else 0."""
    print("%-30s %s" % (name, "ok" if not problems else
                        "FAIL: " + "; ".join(problems)))
    return 1 if problems else 0


def check_signed(problems, seed, context, msg, v, key):
    """The signed part msg, signed with seed under context, must be v[key]
    byte for byte, and v[key]'s signature must verify."""
    want = bytes.fromhex(v[key])
    if msg + ed25519_sign(seed, context + msg) != want:
        problems.append("encoding differs from " + key)
    if not ed25519_verify(ed25519_public(seed), context + want[:-64],
                          want[-64:]):
        problems.append("signature does not verify")


def der_sequence(b):
    """b is exactly one DER SEQUENCE with a definite, shortest length."""
    if len(b) < 2 or b[0] != 0x30:
        return False
    if b[1] < 0x80:
        hdr, n = 2, b[1]
    elif b[1] == 0x81 and len(b) > 2 and b[2] >= 0x80:
        hdr, n = 3, b[2]
    elif b[1] == 0x82 and len(b) > 3 and b[2] != 0:
        hdr, n = 4, b[2] << 8 | b[3]
    else:
        return False
    return hdr + n == len(b)


def cert_signed_part(f, issuer):
    def s8(t):
        b = t.encode("utf-8")
        return u(1, len(b)) + b
    # Version 2: the member's TLS link certificate, u16 length and DER,
    # after survey_url.
    link = b""
    if f["version"] == 2:
        der = bytes.fromhex(f["link_cert"])
        link = u(2, len(der)) + der
    return (u(1, f["version"]) + u(8, f["serial"]) + s8(f["member_id"]) +
            s8(f["name"]) + bytes.fromhex(f["key"]) + s8(f["pub_url"]) +
            s8(f["sync_url"]) + s8(f["survey_url"]) + link +
            i(8, f["not_before"]) + i(8, f["not_after"]) + issuer)


def check_membership(path):
    doc = json.load(open(path, encoding="utf-8"))
    failures = 0
    for v in doc["certificates"]:
        f, problems = v["fields"], []
        seed = bytes.fromhex(v["root_seed_hex"])
        root = ed25519_public(seed)
        if f["issuer"] != root.hex():
            problems.append("issuer is not the root seed's key")
        check_signed(problems, seed, CERT_CONTEXT, cert_signed_part(f, root),
                     v, "cert_hex")
        if not check_subject(f["member_id"]):
            problems.append("member id check character is wrong")
        if f["version"] == 2:
            der = bytes.fromhex(f["link_cert"])
            if not der_sequence(der) or len(der) > 800:
                problems.append("link_cert is not one DER SEQUENCE of "
                                "at most 800 bytes")
            urls = [f["pub_url"], f["sync_url"], f["survey_url"]]
            if any(x and not x.startswith("tls+tcp://") for x in urls):
                problems.append("a member with a link certificate has "
                                "tls+tcp:// endpoints only")
        elif f["version"] != 1 or "link_cert" in f:
            problems.append("version 1 carries no link certificate")
        failures += report(v["name"], problems)
    for v in doc["rosters"]:
        f, problems = v["fields"], []
        seed = bytes.fromhex(v["root_seed_hex"])
        root = ed25519_public(seed)
        certs = [bytes.fromhex(c) for c in f["certificates"]]
        serials = [int.from_bytes(c[1:9], "big") for c in certs]
        if serials != sorted(set(serials)):
            problems.append("certificates not in rising serial order")
        for c in certs:
            if not ed25519_verify(root, CERT_CONTEXT + c[:-64], c[-64:]):
                problems.append("a certificate is not the root's")
        msg = (u(1, f["version"]) + u(8, f["epoch"]) + i(8, f["issued"]) +
               root + u(2, len(certs)) +
               b"".join(u(2, len(c)) + c for c in certs) +
               u(2, len(f["revocations"])))
        for r in f["revocations"]:
            if r["serial"] not in serials:
                problems.append("revocation names no certificate")
            msg += (u(8, r["serial"]) + bytes.fromhex(r["key"]) +
                    i(8, r["time"]) + u(1, REVOKE_REASONS[r["reason"]]) +
                    u(1, 1 if r["all"] else 0))
        check_signed(problems, seed, ROSTER_CONTEXT, msg, v, "roster_hex")
        failures += report(v["name"], problems)
    return failures


SYNC_CONTEXT = b"arnet/sync/v1\x00"


def check_wire(path):
    doc = json.load(open(path, encoding="utf-8"))
    failures = 0
    for v in doc["sync_requests"]:
        f, problems = v["fields"], []
        seed = bytes.fromhex(v["seed_hex"])
        body = (ed25519_public(seed) + i(8, f["time"]) +
                bytes.fromhex(f["nonce"]) + u(1, f["op"]))
        if f["op"] == 2:
            body += bytes.fromhex(f["author"]) + u(8, f["from"]) + u(2, f["max"])
        envelope = u(1, 1) + u(4, 0) + u(1, 3)
        msg = envelope + body + ed25519_sign(seed, SYNC_CONTEXT + body)
        if msg.hex() != v["message_hex"]:
            problems.append("encoding differs from message_hex")
        failures += report(v["name"], problems)
    for v in doc["sync_replies"]:
        m = bytes.fromhex(v["message_hex"])
        ok = (m[:6] == u(1, 1) + u(4, 0) + u(1, 4) and m[6] in (0, 1, 2)
              and m[7] == len(m) - 8)
        failures += report(v["name"], [] if ok else ["layout"])
    failures += check_payloads(doc)
    failures += check_survey(doc)
    return failures


def payload_of(op, f):
    """A status-0 reply payload rebuilt from its fields (docs/protocol.md,
    "Sync replies")."""
    if op == 1:  # HEADS
        return (u(8, f["epoch"]) + u(4, len(f["heads"])) +
                b"".join(bytes.fromhex(h["author"]) + u(8, h["seq"]) +
                         bytes.fromhex(h["hash"]) for h in f["heads"]))
    if op in (2, 4):  # PULL, PROOFS
        recs = [bytes.fromhex(r) for r in f["records"]]
        if any(not 1 <= len(r) <= 1024 for r in recs):
            return None
        return u(4, len(recs)) + b"".join(u(2, len(r)) + r for r in recs)
    if op == 3:  # ROSTER
        roster = bytes.fromhex(f["roster"])
        return u(4, len(roster)) + roster
    return None


def check_payloads(doc):
    failures = 0
    for v in doc["sync_payloads"]:
        want = payload_of(v["op"], v["fields"])
        ok = want is not None and want.hex() == v["payload_hex"]
        failures += report(v["name"], [] if ok else ["encoding"])
    return failures


ASK_CONTEXT = b"arnet/ask/v1\x00"
ANSWER_CONTEXT = b"arnet/answer/v1\x00"


def check_survey(doc):
    failures = 0
    v = doc["survey_ask"]
    f, seed = v["fields"], bytes.fromhex(v["seed_hex"])
    subj = f["subject"].encode()
    body = (ed25519_public(seed) + i(8, f["time"]) +
            bytes.fromhex(f["nonce"]) + u(1, len(subj)) + subj)
    msg = (u(1, 1) + u(4, 0) + u(1, 5) + body +
           ed25519_sign(seed, ASK_CONTEXT + body))
    ok = msg.hex() == v["message_hex"]
    failures += report(v["name"], [] if ok else ["encoding"])
    v = doc["survey_answer"]
    f, seed = v["fields"], bytes.fromhex(v["seed_hex"])
    subj = f["subject"].encode()
    body = (ed25519_public(seed) + bytes.fromhex(f["asker"]) +
            bytes.fromhex(f["nonce"]) + i(8, f["time"]) +
            u(1, len(subj)) + subj + f["currency"].encode() +
            i(4, f["since"]) + i(4, f["last_sale"]) +
            u(8, f["high_credit"]) + u(8, f["balance"]) +
            b"".join(u(8, x) for x in f["past_due"]) + u(4, f["dbt"]))
    msg = (u(1, 1) + u(4, 0) + u(1, 6) + body +
           ed25519_sign(seed, ANSWER_CONTEXT + body))
    ok = msg.hex() == v["message_hex"]
    failures += report(v["name"], [] if ok else ["encoding"])
    return failures


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/vectors/records.json"
    vectors = json.load(open(path, encoding="utf-8"))
    failures = 0
    last = {}  # author -> (seq, hash)
    for v in vectors:
        f, name = v["fields"], v["name"]
        problems = []
        seed = bytes.fromhex(v["seed_hex"])
        pub = ed25519_public(seed)
        if pub.hex() != v["public_key_hex"] or pub.hex() != f["author"]:
            problems.append("public key is not the seed's")
        msg = signed_part(f)
        rec = msg + ed25519_sign(seed, CONTEXT + msg)
        want = bytes.fromhex(v["record_hex"])
        if rec != want:
            at = next((k for k in range(min(len(rec), len(want)))
                       if rec[k] != want[k]), min(len(rec), len(want)))
            problems.append("encoding differs from record_hex at byte %d "
                            "(%d vs %d bytes)" % (at, len(rec), len(want)))
        if not ed25519_verify(want[2:34], CONTEXT + want[:-64], want[-64:]):
            problems.append("signature of record_hex does not verify")
        if H(want).hex() != v["hash_hex"]:
            problems.append("hash_hex is not BLAKE2b-256 of the record")
        if not check_subject(f["subject"]):
            problems.append("subject check character is wrong")
        if v["type"] != f["type"]:
            problems.append("type differs from fields.type")
        prev = last.get(f["author"])
        if prev and prev[0] + 1 == f["seq"] and prev[1] != f["prev"]:
            problems.append("prev is not the hash of seq %d" % prev[0])
        if f["seq"] == 1 and f["prev"] != "00" * 32:
            problems.append("seq 1 must have a zero prev")
        last[f["author"]] = (f["seq"], v["hash_hex"])
        failures += report(name, problems)
    if len(sys.argv) > 2:
        failures += check_membership(sys.argv[2])
    if len(sys.argv) > 3:
        failures += check_wire(sys.argv[3])
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
