#!/usr/bin/env bash
# Build the libFuzzer harnesses (clang, ASan+UBSan) into build-fuzz/ and run
# each for a bounded time, starting from seeds made from the golden vectors.
#   deploy/fuzz.sh [SECONDS_PER_HARNESS]   (default 30)
# Exits non-zero when a harness finds a crash; the reproducer is left in
# build-fuzz/ (crash-*), and the message says which harness.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
./deploy/install-deps.sh
CC=clang cmake -S . -B build-fuzz -DARNET_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null

seeds=build-fuzz/seeds
rm -rf "$seeds"
python3 - "$seeds" <<'PY'
import json, os, sys
out = sys.argv[1]
vec = json.load(open("tests/vectors/records.json"))
def put(harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
for v in vec:
    put("fuzz_record", v["name"], bytes.fromhex(v["record_hex"]))
    put("fuzz_record_json", v["name"], json.dumps(v["fields"]).encode())
    put("fuzz_ident", v["name"], v["fields"]["subject"].encode())
for i, s in enumerate(["91350100M000100Y43", "lei:5493001KJTIIGC8Y1R12",
                       "duns:15-048-3782", "local: 客户-1001 ", "ACME"]):
    put("fuzz_ident", "s%d" % i, s.encode())
for i, s in enumerate(["1,234.56", "-0.01", "92,233,720,368,547,758.07",
                       "12,3x", "1000"]):
    put("fuzz_money", "s%d" % i, s.encode())
for i, s in enumerate(["2026-11-22", "2000-02-29", "2026-11-04T09:00:00Z",
                       "9999-12-31T23:59:59Z"]):
    put("fuzz_date", "s%d" % i, s.encode())
put("fuzz_import", "customers", open("deploy/demo/customers.csv", "rb").read())
put("fuzz_import", "invoices", open("deploy/demo/invoices.csv", "rb").read())
put("fuzz_import", "payments", open("deploy/demo/payments.csv", "rb").read())
for m in ("u8", "k3cloud", "sap-fbl5n"):
    put("fuzz_import_map", m, open("deploy/import-maps/%s.ini" % m, "rb").read())
mv = json.load(open("tests/vectors/membership.json", encoding="utf-8"))
for v in mv["certificates"]:
    put("fuzz_member", v["name"], bytes.fromhex(v["cert_hex"]))
for v in mv["rosters"]:
    put("fuzz_member", v["name"], bytes.fromhex(v["roster_hex"]))
wv = json.load(open("tests/vectors/wire.json", encoding="utf-8"))
for v in wv["sync_requests"] + wv["sync_replies"]:
    put("fuzz_wire", v["name"], bytes.fromhex(v["message_hex"]))
for v in vec:
    put("fuzz_wire", "record-" + v["name"],
        bytes([1, 0, 0, 0, 0, 1]) + bytes.fromhex(v["record_hex"]))
for v in mv["certificates"]:
    if "link_cert" in v["fields"]:
        put("fuzz_link_cert", v["name"], bytes.fromhex(v["fields"]["link_cert"]))
put("fuzz_config", "conf", open("deploy/arnet.conf.example", "rb").read())
for i, r in enumerate([{"op": "status"}, {"op": "sync"},
                       {"op": "announce", "hash": "ab" * 32},
                       {"op": "survey", "subject": "lei:5493001KJTIIGC8Y1R12"},
                       {"op": "survey", "subject": "local:客户-1001",
                        "timeout_ms": 2000}]):
    put("fuzz_control", "s%d" % i,
        json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode())
put("fuzz_keyfile", "pub", b"untrusted comment: arnet public key\n"
    b"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\n")
PY

status=0
for h in fuzz_record fuzz_record_json fuzz_ident fuzz_money fuzz_date fuzz_keyfile \
	fuzz_member fuzz_wire fuzz_import fuzz_import_map fuzz_link_cert fuzz_config \
	fuzz_control; do
	corpus=build-fuzz/corpus-$h
	mkdir -p "$corpus"
	echo "fuzz: $h for ${secs}s"
	if ! (cd build-fuzz && ./tests/fuzz/$h -max_total_time="$secs" -max_len=2048 \
		-print_final_stats=0 -close_fd_mask=1 "corpus-$h" "seeds/$h" \
		>"$h.log" 2>&1); then
		echo "fuzz: $h FAILED; see build-fuzz/$h.log" >&2
		tail -n 40 "build-fuzz/$h.log" >&2
		status=1
	else
		grep -E '^#[0-9]+.*(DONE|pulse)' "build-fuzz/$h.log" | tail -n 1 || true
	fi
done
exit $status
