#!/usr/bin/env bash
# member_test.sh ARNET SRC_DIR - the association's membership through the
# command line: the administrator's root key, enrolment, revocation and
# renewal, and member nodes importing rosters (refusing forged, foreign
# and replayed ones).
set -u
. "$2/tests/cli/lib.sh"
A() { "$arnet" "$@"; }
printf 'root secret words\n' > pass
printf 'wrong words\n' > wrong
chmod 600 pass wrong # arnet refuses a passphrase file others may read

# --- the administrator ---
expect 2 "admin init without dir" A admin init
expect 1 "admin init without passphrase or terminal" A admin init --dir adm </dev/null
[ ! -e adm/root.key ] && ok || bad "root key written without a passphrase"
expect 0 "admin init" A --json admin init --dir admin --passphrase-file pass
json 'len(o["root_key"]) == 44' "admin init JSON"
ROOT=$(tail -n 1 admin/root.key.pub)
[ "$(stat -c %a admin/root.key)" = 600 ] && ok || bad "root key mode"
head -n 1 admin/root.key | grep -q encrypted && ok || bad "root key not encrypted"
expect 1 "admin init twice" A admin init --dir admin --passphrase-file pass
has err "never overwrites" "admin init refuses an existing key"
expect 1 "admin list before any member" A admin list --dir admin
has err "no roster yet" "no roster before enrolment"

# --- member nodes ---
expect 0 "init node 1" A --data n1 init --member-id 91350100M000100Y43 --name "福州华信" --root-key "$ROOT"
expect 0 "init node 2" A --data n2 --json init --member-id local:B --name "Member B" --root-key "$ROOT"
json 'o["member_id"] == "local:B"' "init JSON"
expect 1 "init twice" A --data n1 init --member-id local:X --name X --root-key "$ROOT"
expect 2 "init bad root key" A --data n3 init --member-id local:X --name X --root-key nonsense
P1=$(tail -n 1 n1/member.key.pub)
P2=$(tail -n 1 n2/member.key.pub)
has n1/arnet.conf "root_key = $ROOT" "config has the trust anchor"

# --- enrolment ---
E1=(--endpoint pub=tcp://127.0.0.1:7101 --endpoint sync=tcp://127.0.0.1:7102 --endpoint survey=tcp://127.0.0.1:7103)
E2=(--endpoint pub=tcp://127.0.0.1:7201 --endpoint sync=tcp://127.0.0.1:7202)
expect 1 "enroll with the wrong passphrase" A admin enroll --dir admin --passphrase-file wrong --pubkey "$P1" --member-id 91350100M000100Y43 --name A "${E1[@]}"
has err "passphrase" "wrong passphrase named"
expect 2 "enroll bad endpoint" A admin enroll --dir admin --passphrase-file pass --pubkey "$P1" --member-id local:A --name A --endpoint pub=http://x:1 --endpoint sync=tcp://127.0.0.1:1
expect 2 "enroll bad survey endpoint" A admin enroll --dir admin --passphrase-file pass --pubkey "$P1" --member-id local:A --name A --endpoint pub=tcp://127.0.0.1:1 --endpoint sync=tcp://127.0.0.1:2 --endpoint survey=tcp://127.0.0.1
has err "survey=tcp://127.0.0.1" "bad survey endpoint named"
expect 2 "enroll one endpoint" A admin enroll --dir admin --passphrase-file pass --pubkey "$P1" --member-id local:A --name A --endpoint pub=tcp://127.0.0.1:1
expect 0 "enroll A" A --json admin enroll --dir admin --passphrase-file pass --pubkey "$P1" --member-id 91350100M000100Y43 --name "福州华信" "${E1[@]}"
json 'o["serial"] == 1 and o["epoch"] == 1' "first certificate"
A admin roster --dir admin --out epoch1.bin >/dev/null
expect 0 "enroll B" A admin enroll --dir admin --passphrase-file pass --pubkey "$P2" --member-id local:B --name "Member B" "${E2[@]}" --days 30
expect 1 "enroll B again" A admin enroll --dir admin --passphrase-file pass --pubkey "$P2" --member-id local:B --name "Member B" "${E2[@]}"
has err "renew it instead" "second enrolment of a key refused"
expect 0 "roster out" A --json admin roster --dir admin --out epoch2.bin
json 'o["epoch"] == 2' "roster file epoch"

# --- member imports ---
expect 0 "import roster" A --data n1 roster import epoch2.bin
has out "epoch 2" "import says the epoch"
expect 1 "replayed older roster" A --data n1 roster import epoch1.bin
has err "not newer" "replay refused"
expect 1 "same roster again" A --data n1 roster import epoch2.bin
cp epoch2.bin forged.bin
python3 -c 'import sys; b=bytearray(open("forged.bin","rb").read()); b[60]^=1; open("forged.bin","wb").write(b)'
expect 1 "forged roster" A --data n2 roster import forged.bin
: > empty.bin
expect 1 "empty roster file" A --data n2 roster import empty.bin
# Another association's roster.
expect 0 "other admin" A admin init --dir other --passphrase-file pass
expect 0 "other enroll" A admin enroll --dir other --passphrase-file pass --pubkey "$P1" --member-id local:A --name A "${E1[@]}"
A admin roster --dir other --out foreign.bin >/dev/null
expect 1 "foreign roster" A --data n1 roster import foreign.bin
has err "another association" "foreign roster named"
expect 0 "roster show" A --data n1 --json roster show
json '[m["member_id"] for m in o["members"]] == ["uscc:91350100M000100Y43", "local:B"] and o["epoch"] == 2' "roster show JSON"
json '[m["survey_url"] for m in o["members"]] == ["tcp://127.0.0.1:7103", ""]' "survey endpoint only where enrolled"

# --- revocation and renewal ---
expect 2 "revoke without reason" A admin revoke --dir admin --passphrase-file pass local:B
expect 2 "all without compromised" A admin revoke --dir admin --passphrase-file pass local:B --reason left --all
expect 1 "revoke unknown" A admin revoke --dir admin --passphrase-file pass local:NOBODY --reason left
expect 0 "revoke B" A admin revoke --dir admin --passphrase-file pass local:B --reason compromised --all
expect 1 "revoke B twice" A admin revoke --dir admin --passphrase-file pass 2 --reason left
expect 1 "renew revoked" A admin renew --dir admin --passphrase-file pass local:B
expect 1 "re-enrol compromised key" A admin enroll --dir admin --passphrase-file pass --pubkey "$P2" --member-id local:B --name B "${E2[@]}"
has err "compromised" "compromised key refused"
expect 0 "renew A by key" A --json admin renew --dir admin --passphrase-file pass "$P1" --days 730
json 'o["serial"] == 3' "renewal has a new serial"
expect 0 "admin list" A --json admin list --dir admin
json '[(m["serial"], m["status"][:7]) for m in o["members"]] == [(2, "revoked"), (3, "in forc")]' "renewed and revoked"
A admin roster --dir admin --out epoch5.bin >/dev/null
expect 0 "import newest" A --data n2 roster import epoch5.bin
expect 0 "show text" A --data n2 roster show
has out "compromised, all records" "revocation shown"

# --- the member's own feed (published by arnetd; appended locally) ---
export ARNET_DATA=$work/n1
A import customers "$src/deploy/demo/customers.csv" >/dev/null
A import invoices "$src/deploy/demo/invoices.csv" >/dev/null
A import payments "$src/deploy/demo/payments.csv" >/dev/null
expect 2 "blacklist without reason" A blacklist add local:C-9
expect 0 "blacklist add" A --json blacklist add 91350100M000100Y43 --reason non-payment --note "支票退票"
json 'o["fields"]["type"] == "CREDIT_STOP" and o["fields"]["seq"] == 1 and o["fields"]["note"] == "支票退票"' "credit stop record"
expect 1 "default too early" A report default HX-2610-03
has err "days past due" "default needs 90 days"
expect 1 "default of a paid invoice" A report default HX-2607-01 --force
expect 0 "default forced" A --json report default HX-2608-02 --force --evidence "$src/deploy/demo/invoices.csv"
json 'o["fields"]["amount"] == 12345678 and o["fields"]["seq"] == 2 and o["fields"]["evidence"] != "0" * 64' "default record from the books"
H=$(python3 -c 'import json; print(json.load(open("out"))["hash"])')
expect 2 "settle bad hash" A report settle abc --how paid
expect 1 "settle a record that is not ours" A report settle "$(printf '0%.0s' $(seq 64))" --how paid
expect 0 "settle" A --json report settle "$H" --how plan --amount 50,000
json 'o["fields"]["amount"] == 5000000 and o["fields"]["target"]["seq"] == 2' "settlement"
expect 0 "lift" A blacklist lift 91350100M000100Y43
expect 1 "lift again" A blacklist lift 91350100M000100Y43
expect 0 "records" A --json records --subject 91350100M000100Y43
json '[(r["fields"]["type"], r["closed"]) for r in o["records"]] == [("CREDIT_STOP", "lifted"), ("DEFAULT", "settled"), ("SETTLEMENT", None), ("LIFT", None)]' "records with their fate"
expect 0 "blacklist list" A --json blacklist list
json 'o["credit_stops"] == []' "nothing in force after the lift"
# A revoked member cannot publish.
unset ARNET_DATA
expect 1 "publish after the roster revoked us" A --data n2 blacklist add local:C-9 --reason other
has err "compromised" "revoked member refused"

# --- link certificates (TLS links: docs/protocol.md, "Links") ---
unset ARNET_DATA
expect 0 "init made the link key" A --data n1 --json link-key
json 'o["fingerprint"].startswith("sha256:") and not o["made"]' "link-key shows it"
FPR=$(python3 -c 'import json; print(json.load(open("out"))["fingerprint"])')
[ "$(stat -c %a n1/link.key)" = 600 ] && ok || bad "link key mode"
expect 1 "link-key --new never replaces" A --data n1 link-key --new
has err "exists" "existing link key kept"
expect 0 "admin init (links)" A admin init --dir ladmin --passphrase-file pass
T1=(--endpoint pub=tls+tcp://127.0.0.1:7301 --endpoint sync=tls+tcp://127.0.0.1:7302)
expect 1 "tls+tcp:// without a link certificate" A admin enroll --dir ladmin --passphrase-file pass --pubkey "$P1" --member-id local:L --name L "${T1[@]}"
has err "needs the member's link certificate" "the reason"
expect 1 "a link certificate with tcp://" A admin enroll --dir ladmin --passphrase-file pass --pubkey "$P1" --member-id local:L --name L --link-cert n1/link.crt "${E1[@]}"
has err "tls+tcp:// only" "the reason"
printf 'not a certificate\n' >junk.crt
expect 2 "a link certificate that is not one" A admin enroll --dir ladmin --passphrase-file pass --pubkey "$P1" --member-id local:L --name L --link-cert junk.crt "${T1[@]}"
has err "junk.crt" "the file named"
expect 2 "a secret key as the certificate" A admin enroll --dir ladmin --passphrase-file pass --pubkey "$P1" --member-id local:L --name L --link-cert n1/link.key "${T1[@]}"
expect 0 "enroll with the link certificate" A --json admin enroll --dir ladmin --passphrase-file pass --pubkey "$P1" --member-id local:L --name L --link-cert n1/link.crt "${T1[@]}"
json 'o["link_cert"] == "'"$FPR"'"' "the fingerprint the member sees is the one pinned"
expect 0 "admin list (links)" A --json admin list --dir ladmin
json 'o["members"][0]["link_cert"] == "'"$FPR"'"' "the roster pins it"
mkdir -m 700 n4
expect 0 "a new link key elsewhere" A --data n4 link-key --new
expect 0 "rotate: renew with it" A --json admin renew --dir ladmin --passphrase-file pass local:L --link-cert n4/link.crt
json 'o["link_cert"] != "'"$FPR"'"' "the renewed certificate pins the new one"
expect 2 "--link-cert with revoke" A admin revoke --dir ladmin --passphrase-file pass local:L --reason left --link-cert n4/link.crt

finish
