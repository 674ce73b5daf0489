#!/usr/bin/env bash
# net_test.sh SRC_DIR BIN_DIR - three real arnetd processes on 127.0.0.1
# (deploy/local-net.sh): a record published at one node is stored at the
# others; a node stopped while records are published catches up when it
# restarts; hostile peers (garbage, oversize and sealed messages, a
# non-member, a stale request, a malformed pull, a replayed request) are
# refused and counted
# while the nodes keep serving their members. Every daemon started is
# stopped at the end, whatever happens.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
hostile() { timeout 30 "$bin/tests/hostile_peer" "$@"; }
counter() { # NODE NAME [SUB]
	A --data "$net/node$1" --json status | python3 -c '
import json, sys
c = json.load(sys.stdin)["counters"]
v = c[sys.argv[1]]
print(v[sys.argv[2]] if len(sys.argv) > 2 else v)' "${@:2}"
}

plain_links
expect 0 "local net up" "$src/deploy/local-net.sh" up 3 "$net"
K1=$(tail -n 1 "$net/node1/member.key.pub")
K2=$(tail -n 1 "$net/node2/member.key.pub")

# --- publish at one node, stored at the others ---
expect 0 "publish at node 1" A --data "$net/node1" blacklist add local:C-1 --reason non-payment
has out "published" "published at once"
wait_for 10 has_seq 2 "$K1" 1 && ok || bad "node 2 did not get the record"
wait_for 10 has_seq 3 "$K1" 1 && ok || bad "node 3 did not get the record"
expect 0 "record at node 3" A --data "$net/node3" --json records --subject local:C-1
json 'len(o["records"]) == 1 and o["records"][0]["member"] == "local:MEMBER-1"' "node 3 shows it"

# --- a stopped node catches up ---
kill -TERM "$(cat "$net/node3/arnetd.pid")"
wait_for 10 sh -c "! kill -0 $(cat "$net/node3/arnetd.pid") 2>/dev/null" && ok || bad "node 3 did not stop"
for i in $(seq 20); do A --data "$net/node1" blacklist add "local:X-$i" --reason other >/dev/null; done
for i in $(seq 5); do A --data "$net/node2" blacklist add "local:Y-$i" --reason other >/dev/null; done
wait_for 10 has_seq 2 "$K1" 21 && ok || bad "node 2 did not get node 1's 20 records"
expect 0 "restart node 3" "$src/deploy/local-net.sh" start "$net" 3
wait_for 15 has_seq 3 "$K1" 21 && ok || bad "node 3 did not catch up with node 1"
wait_for 15 has_seq 3 "$K2" 5 && ok || bad "node 3 did not catch up with node 2"

# --- hostile peers ---
SYNC2=$(sed -n 's/.*sync on \(tcp:[^ ]*\)/\1/p' "$net/node2/arnetd.log" | head -n 1)
expect 0 "garbage" hostile "$SYNC2" garbage
expect 0 "sealed envelope" hostile "$SYNC2" sealed
has out "sealed" "sealed refused with the reason"
expect 0 "non-member" hostile "$SYNC2" nonmember
has out "not a member" "non-member refused"
expect 0 "stale request" hostile "$SYNC2" stale "$net/node1/member.key"
has out "time" "stale refused"
expect 0 "malformed pull" hostile "$SYNC2" pull-bad "$net/node1/member.key"
expect 0 "oversize" hostile "$SYNC2" oversize
expect 0 "a member is still served" hostile "$SYNC2" heads "$net/node1/member.key"
expect 0 "a captured request sent again" hostile "$SYNC2" replay "$net/node1/member.key"
has out "replayed" "the copy refused as replayed"
[ "$(counter 2 sync_replayed)" -ge 1 ] && ok || bad "the replay not counted"
[ "$(counter 2 bad_messages)" -ge 3 ] && ok || bad "bad messages not counted"
[ "$(counter 2 sync_refused)" -ge 2 ] && ok || bad "refused requests not counted"
expect 0 "node 2 still serves" A --data "$net/node2" blacklist add local:Z-1 --reason other
wait_for 10 has_seq 1 "$K2" 6 && ok || bad "node 1 did not get node 2's record after the attacks"

# --- a node killed with SIGKILL while ingesting 10,000 records ---
expect 0 "bulk feed at node 1" "$bin/tests/bulk_feed" "$net/node1" 10000
target=$(seq_at 1 "$K1")
for _ in $(seq 100); do
	[ "$(seq_at 3 "$K1")" -gt 21 ] && break
	sleep 0.05
done
echo "killing node 3 at seq $(seq_at 3 "$K1") of $target"
pid3=$(cat "$net/node3/arnetd.pid")
kill -KILL "$pid3"
# Its ports are free only once the kernel has torn the process down.
wait_for 10 sh -c "! kill -0 $pid3 2>/dev/null" && ok || bad "node 3 did not die"
expect 0 "restart node 3 after SIGKILL" "$src/deploy/local-net.sh" start "$net" 3
wait_for 60 has_seq 3 "$K1" "$target" && ok || bad "node 3 did not catch up after SIGKILL"
expect 0 "node 3's feed of node 1" A --data "$net/node3" --json records --author "$K1"
python3 - "$target" <<'PY' && ok || bad "node 3's store is not intact after SIGKILL"
import json, sys
rs = json.load(open("out"))["records"]
seqs = [r["fields"]["seq"] for r in rs]
hashes = [r["hash"] for r in rs]
assert seqs == list(range(1, int(sys.argv[1]) + 1)), "seqs"
assert len(set(hashes)) == len(hashes), "duplicates"
for a, b in zip(rs, rs[1:]):
    assert b["fields"]["prev"] == a["hash"], "chain"
PY

# --- a partition: node 3 alone publishes while the others do too ---
kill -TERM "$(cat "$net/node3/arnetd.pid")"
wait_for 10 sh -c "! kill -0 $(cat "$net/node3/arnetd.pid") 2>/dev/null" && ok || bad "node 3 did not stop"
K3=$(tail -n 1 "$net/node3/member.key.pub")
expect 0 "node 3 publishes while cut off" A --data "$net/node3" blacklist add local:P-3 --reason other
has out "not running" "node 3 says the record waits"
expect 0 "node 1 publishes meanwhile" A --data "$net/node1" blacklist add local:P-1 --reason other
expect 0 "node 3 reconnects" "$src/deploy/local-net.sh" start "$net" 3
heads() { A --data "$net/node$1" --json status | python3 -c '
import json, sys; print(sorted((h["author"], h["seq"]) for h in json.load(sys.stdin)["heads"]))'; }
converged() { [ "$(heads 1)" = "$(heads 2)" ] && [ "$(heads 2)" = "$(heads 3)" ]; }
wait_for 20 converged && ok || bad "heads did not converge: $(heads 1) / $(heads 2) / $(heads 3)"
wait_for 5 has_seq 1 "$K3" 1 && ok || bad "node 3's record did not reach node 1"

# --- a newer roster reaches every node from one ---
expect 0 "admin revokes member 2" A admin revoke --dir "$net/admin" --passphrase-file "$net/admin.pass" local:MEMBER-2 --reason left
A admin roster --dir "$net/admin" --out "$work/newer.bin" >/dev/null
expect 0 "node 1 imports it" A --data "$net/node1" roster import "$work/newer.bin"
kill -HUP "$(cat "$net/node1/arnetd.pid")"
epoch_at() { A --data "$net/node$1" --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["roster_epoch"])'; }
want=$(epoch_at 1)
epoch_is() { [ "$(epoch_at "$1")" = "$2" ]; }
wait_for 20 epoch_is 3 "$want" && ok || bad "node 3 did not adopt the newer roster"
wait_for 20 epoch_is 2 "$want" && ok || bad "node 2 did not adopt the newer roster"

expect 0 "local net down" "$src/deploy/local-net.sh" down "$net"
pgrep -f "arnetd --data $net" >/dev/null && bad "a daemon outlived down" || ok
finish
