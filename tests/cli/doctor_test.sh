#!/usr/bin/env bash
# doctor_test.sh ARNET SRC_DIR - a damaged store through the command line:
# `arnet doctor --store` on a healthy, a truncated and a corrupted store,
# and ordinary commands on them exiting 1 with a message that names the
# store, never dying by a signal (arnet 69e8605: SIGBUS on a truncated
# store, a segfault in `arnet records` on pages overwritten at random).
set -u
. "$2/tests/cli/lib.sh"
A() { "$arnet" "$@"; }
printf 'root words\n' > pass
chmod 600 pass # arnet refuses a passphrase file others may read

# A member node with a feed of 40 records and 1,000 customers.
A admin init --dir admin --passphrase-file pass >/dev/null
ROOT=$(tail -n 1 admin/root.key.pub)
A --data n1 init --member-id local:M1 --name M1 --root-key "$ROOT" >/dev/null
A admin enroll --dir admin --passphrase-file pass --pubkey "$(tail -n 1 n1/member.key.pub)" \
	--member-id local:M1 --name M1 --endpoint pub=tcp://127.0.0.1:7101 \
	--endpoint sync=tcp://127.0.0.1:7102 >/dev/null
A admin roster --dir admin --out roster.bin >/dev/null
A --data n1 roster import roster.bin >/dev/null
for i in $(seq 1 40); do A --data n1 blacklist add "local:S-$i" --reason non-payment >/dev/null; done
python3 -c '
print("id,name,credit_limit,currency,terms_days,grade")
for i in range(1000): print(f"local:C-{i},Customer {i},\"1,000.00\",CNY,30,B")' > cust.csv
A --data n1 import customers cust.csv >/dev/null

# --- usage ---
expect 2 "doctor without --store" A --data n1 doctor
expect 2 "doctor unknown option" A --data n1 doctor --store --bogus
expect 1 "doctor without a store" A --data nowhere doctor --store
has err "no store in nowhere" "doctor names the missing store"

# --- healthy ---
expect 0 "doctor healthy" A --data n1 doctor --store
has out "the store is healthy" "healthy text"
has out "records" "tables listed"
expect 0 "doctor healthy json" A --data n1 --json doctor --store
json 'o["healthy"] and o["problem_count"] == 0 and o["crashed"] is None and {t["name"]: t["entries"] for t in o["tables"]}["records"] == 40 and {t["name"]: t["entries"] for t in o["tables"]}["customers"] == 1000 and len(o["tables"]) == 28' "healthy json"

# --- truncated: refused by name, no SIGBUS ---
cp -r n1 cut
truncate -s $(( $(stat -c %s cut/store/data.mdb) / 2 )) cut/store/data.mdb
expect 1 "records on a truncated store" A --data cut records
has err "store cut/store/data.mdb is truncated" "truncated store named"
expect 1 "customer list on a truncated store" A --data cut customer list
has err "is truncated" "truncated store refused"
expect 1 "doctor truncated" A --data cut --json doctor --store
json 'not o["healthy"] and "is truncated" in o["problems"][0]["problem"]' "doctor says truncated"

# --- pages overwritten at random (not the meta pages) ---
cp -r n1 bad
python3 - bad/store/data.mdb <<'PY'
import os, random, sys
random.seed(7)
p = sys.argv[1]
ps = 4096
n = os.path.getsize(p) // ps
with open(p, "r+b") as f:
    for pg in range(2, n):
        f.seek(pg * ps + random.randrange(0, ps - 64))
        f.write(random.randbytes(64))
PY
expect 1 "records on a corrupted store" A --data bad records
has err "arnet: the store in bad is damaged (signal" "records names the damage"
has err "arnet doctor --store" "records says what to run"
expect 1 "doctor corrupted" A --data bad doctor --store
has out "problem" "doctor lists problems"
expect 1 "doctor corrupted json" A --data bad --json doctor --store
json 'not o["healthy"] and o["problem_count"] >= 1' "doctor json unhealthy"
# The copy it was made from is still whole.
expect 0 "doctor on the original" A --data n1 doctor --store

finish
