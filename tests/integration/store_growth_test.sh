#!/usr/bin/env bash
# store_growth_test.sh SRC_DIR BIN_DIR - the store's map grows while the
# daemon serves readers, and another process grows it too: arnet 8bed2a4
# resized the map under open read transactions and arnetd died inside
# liblmdb (5 crashes in 6 growth events under a member's PULL load).
# Node 2 runs with a 1 MiB map ([store] map_size = 1) and takes 20,000
# records from node 1 by sync (its committer grows the map, doubling)
# while status requests and a member's HEADS requests read, and the CLI
# imports 3,000 invoices into the same store (a second process growing
# it, which the daemon must adopt). Node 2 must live through it all and
# hold every record.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
rpids=()
stop_readers() {
	for p in "${rpids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${rpids[@]}"; do wait "$p" 2>/dev/null; done
	rpids=()
}
trap 'stop_readers; cleanup' EXIT

plain_links
expect 0 "local net up" "$src/deploy/local-net.sh" up 2 "$net"
K1=$(tail -n 1 "$net/node1/member.key.pub")
SYNC2=$(sed -n 's/.*sync on \(tcp:[^ ]*\)/\1/p' "$net/node2/arnetd.log" | head -n 1)

# Node 2 again, on a new store of 1 MiB (a store keeps the larger size
# it was made with, so the old one goes).
expect 0 "node 2 stops" "$src/deploy/local-net.sh" stop "$net" 2
rm -rf "$net/node2/store"
printf '\n[store]\nmap_size = 1\n' >>"$net/node2/arnet.conf"
expect 0 "a small store for node 2" A --data "$net/node2" roster import "$net/roster.bin"
expect 0 "node 2 starts" "$src/deploy/local-net.sh" start "$net" 2
map0=$(A --data "$net/node2" --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["store"]["map_size"])')
[ "$map0" -le $((2 << 20)) ] && ok || bad "node 2's map is $map0 bytes, not about 1 MiB"

# Readers: the CLI's status and a member's HEADS requests, without pause.
( while :; do A --data "$net/node2" status >/dev/null 2>&1; done ) &
rpids+=($!)
( while :; do timeout 10 "$bin/tests/hostile_peer" "$SYNC2" heads "$net/node1/member.key" >/dev/null 2>&1; done ) &
rpids+=($!)

expect 0 "20,000 records at node 1" "$bin/tests/bulk_feed" "$net/node1" 20000
{
	echo "id,name,credit_limit,currency,terms_days,grade"
	echo "local:GROW,Growth Co,\"1,000,000.00\",CNY,30,B"
} >"$work/customers.csv"
{
	echo "number,customer,issue_date,due_date,amount,currency,order_ref"
	for i in $(seq 3000); do
		echo "G-$i,local:GROW,2026-07-01,2026-08-15,$i.00,CNY,PO-$i-with-a-long-reference-to-take-room"
	done
} >"$work/invoices.csv"
expect 0 "the CLI imports customers into node 2's store" A --data "$net/node2" import customers "$work/customers.csv"
expect 0 "the CLI imports 3,000 invoices into node 2's store" A --data "$net/node2" import invoices "$work/invoices.csv"
wait_for 60 has_seq 2 "$K1" 20000 && ok || bad "node 2 did not store node 1's 20,000 records"
stop_readers

pid2=$(cat "$net/node2/arnetd.pid")
kill -0 "$pid2" 2>/dev/null && ok || bad "node 2 died while its map grew"
expect 0 "status at node 2" A --data "$net/node2" --json status
json 'o["store"]["grown"] + o["store"]["adopted"] >= 3 and o["store"]["map_size"] > (4 << 20)' "the map grew several times"
json 'o["counters"]["store_full"] == 0 and o["counters"]["store_errors"] == 0' "no write failed"
grep -q "Segmentation\|SIGSEGV\|AddressSanitizer" "$net/node2/arnetd.log" && bad "node 2 crashed" || ok
expect 0 "aging over the imported invoices" A --data "$net/node2" --json aging --as-of 2026-11-22
expect 0 "local net down" "$src/deploy/local-net.sh" down "$net"
finish
