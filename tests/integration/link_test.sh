#!/usr/bin/env bash
# link_test.sh SRC_DIR BIN_DIR - the TLS links between members (issue
# 17), on three nodes of deploy/local-net.sh (tls+tcp://, each member's
# link certificate pinned in the roster):
#   - everything member 1 serves (its publishing, sync and survey
#     endpoints) goes through a relay that records the bytes, while
#     records, syncs and a survey flow: no subject identifier, invoice
#     number, note, member name or amount is in them;
#   - a non-member's certificate is refused by a node, a member's taken;
#   - a man in the middle on member 2's sync endpoint, with a key of its
#     own, completes no handshake with the members that dial it;
#   - a member revoked is cut off: its certificate is refused from the
#     adoption of the roster on, and records stop reaching it.
# Every process started is stopped.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
relay="python3 $src/tests/integration/link_relay.py"
pids=()
stop_tools() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap 'stop_tools; cleanup' EXIT
member_field() { # NODE MEMBER FIELD: from NODE's roster
	A --data "$net/node$1" --json roster show | python3 -c '
import json, sys
print([m[sys.argv[2]] for m in json.load(sys.stdin)["members"]
       if m["member_id"] == sys.argv[1]][0])' "$2" "$3"
}
port_of() { echo "${1##*:}"; }
free3() { python3 -c '
import socket
s = [socket.socket() for _ in range(3)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))'; }
records_at() { # NODE SUBJECT: how many records NODE holds about SUBJECT
	A --data "$net/node$1" --json records --subject "$2" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))'
}
has_records() { [ "$(records_at "$1" "$2")" -ge "$3" ]; }

expect 0 "local net up (TLS links)" "$src/deploy/local-net.sh" up 3 "$net"
for k in 1 2 3; do
	has "$net/node$k/arnetd.log" "link certificate sha256:" "node $k loaded its link key"
done
expect 0 "roster show" A --data "$net/node1" --json roster show
json 'all(m["link_cert"].startswith("sha256:") and m["pub_url"].startswith("tls+tcp://") for m in o["members"])' "every member is pinned and on tls+tcp://"

# --- member 1 behind a recording relay -------------------------------
expect 0 "stop node 1" "$src/deploy/local-net.sh" stop "$net" 1
read -r P S V <<<"$(free3)"
RP=$(port_of "$(member_field 1 local:MEMBER-1 pub_url)")
RS=$(port_of "$(member_field 1 local:MEMBER-1 sync_url)")
RV=$(port_of "$(member_field 1 local:MEMBER-1 survey_url)")
cat >>"$net/node1/arnet.conf" <<CONF

[node]
pub_listen = tls+tcp://127.0.0.1:$P
sync_listen = tls+tcp://127.0.0.1:$S
survey_listen = tls+tcp://127.0.0.1:$V
CONF
wire=$work/wire.bin
: >"$wire"
for pair in "$RP $P" "$RS $S" "$RV $V"; do
	$relay capture $pair "$wire" &
	pids+=($!)
done
expect 0 "node 1 again, behind the relay" "$src/deploy/local-net.sh" start "$net" 1
import_demo 1
SUBJ=91350100M000100Y43
SECRET=local:PROSPECT-9X4
echo "dunning letters and the signed delivery note" >"$work/evidence.txt"
expect 0 "member 1 reports a default" A --data "$net/node1" report default HX-2607-05 --evidence "$work/evidence.txt"
expect 0 "member 1 stops credit" A --data "$net/node1" blacklist add $SECRET --reason non-payment --note "invoice HX-2607-05 unpaid"
wait_for 20 has_records 2 $SUBJ 1 && ok || bad "node 2 did not get member 1's default over TLS"
wait_for 20 has_records 3 $SECRET 1 && ok || bad "node 3 did not get member 1's credit stop over TLS"
# A member's sync pulls from member 1: node 3 down while member 1
# publishes, then back (the gap is filled by sync through the relay).
expect 0 "stop node 3" "$src/deploy/local-net.sh" stop "$net" 3
expect 0 "member 1 publishes meanwhile" A --data "$net/node1" blacklist add local:PROSPECT-2 --reason other
expect 0 "node 3 back" "$src/deploy/local-net.sh" start "$net" 3
wait_for 20 has_records 3 local:PROSPECT-2 1 && ok || bad "node 3 did not catch up over TLS"
surveyed() {
	A --data "$net/node3" --json check $SUBJ --survey --timeout-ms 1000 >out 2>err
	python3 -c 'import json,sys; o=json.load(open("out")); sys.exit(0 if any(a["member_id"] == "local:MEMBER-1" for a in o["trade_references"]["answers"]) else 1)'
}
wait_for 20 surveyed && ok || bad "member 1 did not answer node 3's survey over TLS"
cp out "$work/survey.json"
A --data "$net/node2" --json records --subject $SUBJ >"$work/records.json"
sleep 1
size=$(stat -c %s "$wire")
[ "$size" -gt 4000 ] && ok || bad "the relay carried only $size bytes"
# What a passive eavesdropper must not read: identifiers, the invoice
# number, the note, the members' names, and every amount in the record
# and in the trade reference, as text and as the 8 bytes of the wire.
python3 - "$wire" "$work/records.json" "$work/survey.json" <<'PY' >leaks 2>&1
import json, struct, sys
wire = open(sys.argv[1], "rb").read()
needles = [b"91350100M000100Y43", b"PROSPECT-9X4", b"PROSPECT-2",
           b"HX-2607-05", b"MEMBER-1", b"MEMBER-3", b"member 1",
           "福州华信贸易有限公司".encode(), b"non-payment"]
def amounts(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if isinstance(v, int) and not isinstance(v, bool) and \
               v > 100000 and k not in ("seq", "time", "epoch"):
                yield v
            else:
                yield from amounts(v)
    elif isinstance(o, list):
        for v in o:
            yield from amounts(v)
nums = set()
for f in sys.argv[2:]:
    nums |= set(amounts(json.load(open(f))))
for v in nums:
    needles.append(struct.pack(">q", v))
    needles.append(str(v).encode())
found = [n for n in needles if n in wire]
# The TLS 1.2 record layer is there: handshakes and application data.
tls = wire.count(b"\x17\x03\x03")
print("amounts looked for:", len(nums), "application records:", tls)
for n in found:
    print("LEAK:", n)
sys.exit(1 if found or tls == 0 or not nums else 0)
PY
if [ $? -eq 0 ]; then ok; else bad "the wire leaks"; fi
cat leaks

# --- who may complete a handshake ------------------------------------
root=$(tail -n 1 "$net/admin/root.key.pub")
expect 0 "a non-member's data directory" A --data "$work/stranger" init --member-id local:STRANGER --name stranger --root-key "$root"
n1crt=$net/node1/link.crt
expect 1 "a non-member's certificate is refused" $relay handshake $S "$work/stranger/link.crt" "$work/stranger/link.key" "$n1crt"
expect 0 "member 3's certificate is taken" $relay handshake $S "$net/node3/link.crt" "$net/node3/link.key" "$n1crt"
has out "ECDHE" "an ephemeral key exchange: forward secrecy"
cat out
# The client side pins too: node 1's key is not what node 2 pins.
expect 1 "a certificate that is not the pinned one" $relay handshake $S "$net/node3/link.crt" "$net/node3/link.key" "$net/node2/link.crt"

# --- a man in the middle on member 2's sync endpoint ------------------
expect 0 "stop node 2" "$src/deploy/local-net.sh" stop "$net" 2
M2=$(port_of "$(member_field 1 local:MEMBER-2 sync_url)")
: >"$work/mitm.log"
$relay mitm "$M2" "$work/stranger/link.crt" "$work/stranger/link.key" "$work/mitm.log" &
pids+=($!)
wait_for 20 grep -q refused "$work/mitm.log" && ok || bad "no member dialled the man in the middle"
if grep -q '^ok' "$work/mitm.log"; then bad "a member completed a handshake with the man in the middle"; else ok; fi
kill "${pids[-1]}"
expect 0 "node 2 back" "$src/deploy/local-net.sh" start "$net" 2

# --- revocation cuts a member off --------------------------------------
expect 0 "admin revokes member 3" A admin revoke --dir "$net/admin" --passphrase-file "$net/admin.pass" local:MEMBER-3 --reason left
A admin roster --dir "$net/admin" --out "$work/newer.bin" >/dev/null
for k in 1 2; do
	expect 0 "node $k imports it" A --data "$net/node$k" roster import "$work/newer.bin"
	kill -HUP "$(cat "$net/node$k/arnetd.pid")"
done
epoch_is() { [ "$(A --data "$net/node$1" --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["roster_epoch"])')" = "$2" ]; }
want=$(A --data "$net/node1" --json roster show | python3 -c 'import json,sys; print(json.load(sys.stdin)["epoch"])')
wait_for 10 epoch_is 1 "$want" && ok || bad "node 1 did not adopt the roster"
refused3() { ! $relay handshake $S "$net/node3/link.crt" "$net/node3/link.key" "$n1crt"; }
wait_for 15 refused3 && ok || bad "member 3's certificate is still taken after its revocation"
has "$net/node1/arnetd.log" "1 member link certificates trusted" "node 1 trusts member 2 alone"
expect 0 "member 1 publishes after the revocation" A --data "$net/node1" blacklist add local:AFTER-REVOKE --reason other
wait_for 20 has_records 2 local:AFTER-REVOKE 1 && ok || bad "node 2 did not get it"
sleep 3
[ "$(records_at 3 local:AFTER-REVOKE)" = 0 ] && ok || bad "the revoked member still receives records"

stop_tools
expect 0 "local net down" "$src/deploy/local-net.sh" down "$net"
finish
