#!/usr/bin/env bash
# conn_test.sh SRC_DIR BIN_DIR - connection limits (issue 12, item 2): a
# non-member on another loopback address (127.0.0.2) opens 2,000
# connections to node 1's sync port, and one on 127.0.0.3 1,000 to its
# publish port, that complete the SP handshake and hold still
# (tests/conn_flood). Node 1 runs with a descriptor limit of 1024 (which
# such connections exhausted), at most 100 connections, 16 per address,
# a 1.5 s handshake deadline. While
# they are tried and held: `arnet status` answers, the refusals are
# counted and logged, a restarted member connects and its sync works;
# then node 1 closes every held sync connection at the deadline and
# counts it. Ten addresses together reach the total cap. A node whose
# descriptor limit is below max_connections lowers it, and one below what
# its roster needs refuses to start. Every process started is stopped.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
flood() { timeout 60 "$bin/tests/conn_flood" "$@"; }
conns() { # NODE EXPR over c, the status's "connections" object
	A --data "$net/node$1" --json status | python3 -c '
import json, sys
c = json.load(sys.stdin)["connections"]
sys.exit(0 if eval(sys.argv[1]) else 1)' "$2"
}
url_of() { # NODE WHAT: the endpoint node logged it listens for WHAT on
	sed -n "s/.* $2 on \(tcp:[^ ]*\)/\1/p" "$net/node$1/arnetd.log" | head -n 1
}
start_limited() { # NODE NOFILE: start node with that descriptor limit
	(ulimit -n "$2" && "$src/deploy/local-net.sh" start "$net" "$1")
}

plain_links
expect 0 "local net up" "$src/deploy/local-net.sh" up 2 "$net"
K1=$(tail -n 1 "$net/node1/member.key.pub")
K2=$(tail -n 1 "$net/node2/member.key.pub")
cat >>"$net/node1/arnet.conf" <<CONF

[node]
max_connections = 100
max_connections_per_address = 16
handshake_timeout_ms = 1500
CONF
expect 0 "stop node 1" "$src/deploy/local-net.sh" stop "$net" 1
expect 0 "node 1 with 1024 descriptors" start_limited 1 1024
has "$net/node1/arnetd.log" "connections: at most 100, 16 per address" \
	"node 1 logs its limits"
SYNC1=$(url_of 1 sync)
PUB1=$(url_of 1 publishing)
expect 0 "publish at node 1" A --data "$net/node1" blacklist add local:C-1 --reason non-payment
wait_for 15 has_seq 2 "$K1" 1 && ok || bad "node 2 did not get the first record"

# --- 2,000 connections from one address, held; 1,000 from another ---
flood --from 127.0.0.2 --count 2000 --stop "$work/stop1" --closed sync \
	"sync=$SYNC1" >flood1.out 2>&1 &
fpid=$!
flood --from 127.0.0.3 --count 1000 --stop "$work/stop1" "pub=$PUB1" \
	>flood1p.out 2>&1 &
ppid=$!
wait_for 30 grep -q ready flood1.out && ok || bad "the flood did not finish"
wait_for 30 grep -q ready flood1p.out && ok || bad "the publish flood did not finish"
cat flood1.out flood1p.out
expect 0 "status answers while 2,000 are tried" A --data "$net/node1" --json status
json 'o["connections"]["refused_per_address"] >= 1000' "per-address refusals counted"
json 'o["connections"]["open"] <= 100' "at most max_connections open"
json 'o["connections"]["max"] == 100 and o["connections"]["max_per_address"] == 16' \
	"limits shown"
expect 0 "status text" A --data "$net/node1" status
has out "connections:" "status prints the connections"
wait_for 5 grep -q "refused a connection from 127.0.0.2: per-address limit 16" \
	"$net/node1/arnetd.log" && ok || bad "the first refusal is not logged"
# A member restarted while the connections are held gets in (its own
# address), with a descriptor limit below its max_connections.
expect 0 "stop node 2" "$src/deploy/local-net.sh" stop "$net" 2
expect 0 "node 2 with 256 descriptors" start_limited 2 256
has "$net/node2/arnetd.log" "descriptor limit 256 is below" "node 2 warns of its limit"
conns 2 'c["max"] == 256 - 3 - 64' && ok || bad "node 2 did not lower max_connections"
expect 0 "publish at node 1 while held" A --data "$net/node1" blacklist add local:C-2 --reason other
wait_for 15 has_seq 2 "$K1" 2 && ok || bad "the restarted node 2 did not get node 1's record"
expect 0 "publish at node 2 while held" A --data "$net/node2" blacklist add local:D-1 --reason other
wait_for 15 has_seq 1 "$K2" 1 && ok || bad "node 1 did not get node 2's record"
# The held sync connections never sent a signed request: closed at the
# handshake deadline and counted; the held publish connections stay
# (caps only: subscribers never send), 16 of them.
wait_for 15 conns 1 'c["handshake_timeouts"] >= 1' && ok ||
	bad "no handshake timeout counted"
touch "$work/stop1"
wait "$fpid" "$ppid"
cat flood1.out flood1p.out
has flood1.out "sync open=0 " "node 1 closed every held sync connection"
has flood1p.out "pub open=16 " "16 publish connections held (caps only)"
wait_for 10 conns 1 'c["open"] <= 3' && ok || bad "closed connections still counted as open"
wait_for 5 grep -q "closed [0-9]* connections that sent no valid signed request within 1500 ms" \
	"$net/node1/arnetd.log" && ok || bad "handshake closings not logged"

# --- ten addresses reach the total cap ---
from=()
for i in $(seq 3 12); do from+=(--from "127.0.0.$i"); done
flood "${from[@]}" --count 300 --stop "$work/stop2" "pub=$PUB1" >flood2.out 2>&1 &
fpid=$!
wait_for 30 grep -q ready flood2.out && ok || bad "the second flood did not finish"
expect 0 "status answers at the total cap" A --data "$net/node1" --json status
json 'o["connections"]["refused_total"] >= 1 and o["connections"]["open"] <= 100' \
	"total refusals counted, at most 100 open"
wait_for 5 grep -q "limit of 100 connections in all" "$net/node1/arnetd.log" &&
	ok || bad "the total cap is not logged"
touch "$work/stop2"
wait "$fpid"
wait_for 10 conns 1 'c["open"] <= 3' && ok || bad "open count after the second flood"

# --- a descriptor limit below what the roster needs ---
expect 0 "stop node 2 again" "$src/deploy/local-net.sh" stop "$net" 2
expect 1 "node 2 with 80 descriptors" start_limited 2 80
has "$net/node2/arnetd.log" "descriptor limit 80 is too low" "refused with the limit named"
finish
