#!/usr/bin/env bash
# member_attack_test.sh SRC_DIR BIN_DIR - a hostile member (a valid key,
# bad intent) against four real arnetd processes on 127.0.0.1: member 4's
# node is replaced by tests/integration/hostile_member on member 4's own
# endpoints, and the honest members must go on as if it were not there.
#   - forged rosters of 1 MB, 5 a second: refused (cheap checks first, off
#     the network threads), while a record still reaches every node;
#   - two records for one seq, one shown to member 2, the other to the
#     rest: every node finds the split view by the head's hash and keeps
#     the proof;
#   - records dated a year ahead: refused as from the future;
#   - heads it lists and never serves, 200 of them for authors nobody
#     knows: a restarted node still catches up from the honest members,
#     demotes member 4 and says why in `peers`;
#   - member 4 revoked: the others close their links to it.
# Every daemon and tool started is stopped at the end, whatever happens.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
status_py() { # NODE EXPR: evaluate EXPR on the status object o
	A --data "$net/node$1" --json status | python3 -c "
import json, sys
o = json.load(sys.stdin)
print($2)"
}
hpids=()
stop_hostile() { # TERM, and KILL whatever has not gone within 5 s
	for p in "${hpids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${hpids[@]}"; do
		wait_for 5 sh -c "! kill -0 $p 2>/dev/null" || kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	hpids=()
}
trap 'stop_hostile; cleanup' EXIT

plain_links
expect 0 "local net up" "$src/deploy/local-net.sh" up 4 "$net"
K1=$(tail -n 1 "$net/node1/member.key.pub")
PUB4=$(sed -n 's/.*publishing on \(tcp:[^ ]*\)/\1/p' "$net/node4/arnetd.log" | head -n 1)
SYNC4=$(sed -n 's/.*sync on \(tcp:[^ ]*\)/\1/p' "$net/node4/arnetd.log" | head -n 1)
SYNC1=$(sed -n 's/.*sync on \(tcp:[^ ]*\)/\1/p' "$net/node1/arnetd.log" | head -n 1)
pid4=$(cat "$net/node4/arnetd.pid")
expect 0 "member 4's node stops" "$src/deploy/local-net.sh" stop "$net" 4
wait_for 10 sh -c "! kill -0 $pid4 2>/dev/null" && ok || bad "node 4 did not stop"
epoch0=$(status_py 2 'o["roster_epoch"]')

# --- forged rosters, 1 MB, 5 a second, on member 4's publish endpoint ---
"$bin/tests/hostile_member" rosters "$PUB4" "$net/roster.bin" 40 5 >"$work/rosters.out" 2>&1 &
hpids+=($!)
wait_for 45 grep -q flooding "$work/rosters.out" && ok || bad "the roster flood did not start"
sleep 1
expect 0 "publish at node 1 during the flood" A --data "$net/node1" blacklist add local:R-1 --reason other
wait_for 10 has_seq 2 "$K1" 1 && ok || bad "node 2 did not get the record during the roster flood"
wait_for 10 has_seq 3 "$K1" 1 && ok || bad "node 3 did not get the record during the roster flood"
wait_for 90 sh -c "! kill -0 ${hpids[0]} 2>/dev/null" || bad "the hostile member did not finish"
stop_hostile
cat "$work/rosters.out"
refused2=$(status_py 2 'o["counters"]["rosters_refused"]')
[ "$refused2" -ge 10 ] && ok || bad "node 2 refused $refused2 forged rosters, not >= 10"
[ "$(status_py 2 'o["roster_epoch"]')" = "$epoch0" ] && ok || bad "node 2 adopted a forged roster"
grep -q "root signature does not verify" "$net/node2/arnetd.log" && ok || bad "node 2 did not say why the rosters were refused"

# --- a split view: member 4 shows node 2 one record 1, the others another ---
K2=$(tail -n 1 "$net/node2/member.key.pub")
K4=$(tail -n 1 "$net/node4/member.key.pub")
"$bin/tests/hostile_member" split "$net/node4/member.key" "$SYNC4" "$K2" >"$work/split.out" 2>&1 &
hpids+=($!)
flagged() { [ "$(status_py "$1" '[h["equivocated"] for h in o["heads"] if h["author"] == "'"$K4"'"]')" = "[True]" ]; }
wait_for 20 flagged 2 && ok || bad "node 2 did not find member 4's split view"
wait_for 20 flagged 1 && ok || bad "node 1 did not find member 4's split view"
wait_for 20 flagged 3 && ok || bad "node 3 did not find member 4's split view"
splits=$(( $(status_py 1 'o["counters"]["split_views"]') + $(status_py 2 'o["counters"]["split_views"]') + $(status_py 3 'o["counters"]["split_views"]') ))
[ "$splits" -ge 1 ] && ok || bad "split view not counted"

stop_hostile
cat "$work/split.out"

# --- records dated a year ahead, published on member 4's endpoint ---
"$bin/tests/hostile_member" future "$net/node4/member.key" "$PUB4" 10 >"$work/future.out" 2>&1 &
hpids+=($!)
wait_for 90 sh -c "! kill -0 ${hpids[0]} 2>/dev/null" || bad "the hostile member did not finish"
stop_hostile
cat "$work/future.out"
future_refused() { [ "$(status_py "$1" 'o["counters"]["refused"]["future"]')" -ge 1 ]; }
wait_for 10 future_refused 2 && ok || bad "node 2 did not refuse records from the future"
[ "$(seq_at 2 "$K4")" = 1 ] && ok || bad "node 2 stored a record from the future"
expect 0 "no record about the subject at node 2" A --data "$net/node2" --json records --subject local:NEXT-YEAR
json 'len(o["records"]) == 0' "nothing from next year is shown"

# --- heads listed and never served ---
kill -TERM "$(cat "$net/node3/arnetd.pid")"
wait_for 10 sh -c "! kill -0 $(cat "$net/node3/arnetd.pid") 2>/dev/null" && ok || bad "node 3 did not stop"
for i in $(seq 20); do A --data "$net/node1" blacklist add "local:H-$i" --reason other >/dev/null; done
wait_for 10 has_seq 2 "$K1" 21 && ok || bad "node 2 did not get node 1's 20 records"
"$bin/tests/hostile_member" fake-heads "$net/node4/member.key" "$SYNC4" "$SYNC1" >"$work/heads.out" 2>&1 &
hpids+=($!)
wait_for 10 grep -q listening "$work/heads.out" && ok || bad "the hostile member did not start"
expect 0 "restart node 3" "$src/deploy/local-net.sh" start "$net" 3
# Sequentially, each of the 21 stalled authors cost a 3 s timeout (60 s).
wait_for 15 has_seq 3 "$K1" 21 && ok || bad "node 3 did not catch up from the honest members while member 4 stalls"
demoted() { [ "$(status_py 3 '[p["demoted"] for p in o["peers"] if p["member_id"] == "local:MEMBER-4"]')" = "[True]" ]; }
wait_for 15 demoted && ok || bad "node 3 did not demote member 4"
expect 0 "peers at node 3" A --data "$net/node3" peers
has out "did not serve" "peers says why member 4 is demoted"
[ "$(status_py 3 'o["counters"]["heads_unknown"]')" -ge 200 ] && ok || bad "heads of unknown authors not counted"
[ "$(status_py 3 'o["counters"]["peers_demoted"]')" -ge 1 ] && ok || bad "demotion not counted"
stop_hostile
cat "$work/heads.out"

# --- member 4 revoked: links to it close when the roster is adopted ---
expect 0 "admin revokes member 4" A admin revoke --dir "$net/admin" --passphrase-file "$net/admin.pass" local:MEMBER-4 --reason left
A admin roster --dir "$net/admin" --out "$work/newer.bin" >/dev/null
expect 0 "node 1 imports it" A --data "$net/node1" roster import "$work/newer.bin"
kill -HUP "$(cat "$net/node1/arnetd.pid")"
no_peer4() { [ "$(status_py "$1" '[p for p in o["peers"] if p["member_id"] == "local:MEMBER-4"]')" = "[]" ]; }
wait_for 20 no_peer4 2 && ok || bad "node 2 still keeps a link to the revoked member"
wait_for 20 no_peer4 3 && ok || bad "node 3 still keeps a link to the revoked member"
grep -q "no longer dialling" "$net/node2/arnetd.log" && ok || bad "node 2 did not close its dials to member 4"

expect 0 "local net down" "$src/deploy/local-net.sh" down "$net"
pgrep -f "arnetd --data $net" >/dev/null && bad "a daemon outlived down" || ok
finish
