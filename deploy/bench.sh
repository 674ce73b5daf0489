#!/usr/bin/env bash
# Benchmarks: a Release build, each benchmark beside its bound or its
# alternative measured in the same run, results into docs/benchmarks.md.
#   deploy/bench.sh           full sizes; rewrites docs/benchmarks.md
#   deploy/bench.sh --quick   small sizes, in seconds; prints only (run by
#                             deploy/test.sh so the benchmarks never rot);
#                             one still running after 300 s (or
#                             ARNET_BENCH_QUICK_LIMIT_S) has hung: its
#                             stacks are printed and the run fails
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1
./deploy/install-deps.sh
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-rel -j"$(nproc)" --target bench_aging bench_import bench_net bench_roster bench_watch arnetd >/dev/null

# quick NAME CMD...: run a quick benchmark with a deadline. Each takes
# seconds; one still running after ARNET_BENCH_QUICK_LIMIT_S (300) has
# hung: its threads' stacks are printed (when gdb is there) and it is
# killed, and the run fails, rather than holding CI until its own limit.
quick() {
	local name=$1 limit=${ARNET_BENCH_QUICK_LIMIT_S:-300} waited=0 pid
	shift
	"$@" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$waited" -ge "$limit" ]; then
			echo "bench: $name still running after $limit s: hung, killed" >&2
			if command -v gdb >/dev/null 2>&1; then
				gdb -p "$pid" -batch -ex 'thread apply all bt' >&2 2>&1 || true
			fi
			kill -KILL "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			exit 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
	local rc=0
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "bench: $name failed (exit $rc)" >&2
		exit "$rc"
	fi
}

if [ "$quick" -eq 1 ]; then
	quick bench_aging ./build-rel/tests/bench/bench_aging --invoices 20000 \
		--customers 500 --runs 3
	quick bench_import ./build-rel/tests/bench/bench_import --invoices 20000 \
		--customers 500 --runs 1
	quick bench_net ./build-rel/tests/bench/bench_net --records 5000 \
		--log 20000 --subjects 4000 --checks 500 --prop 100 --nodes 8
	quick bench_roster ./build-rel/tests/bench/bench_roster --certs 500 --runs 2
	quick bench_watch ./build-rel/tests/bench/bench_watch --records 5000 \
		--watched 2000
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "bench: aging over 1,000,000 invoices (a minute or two)" >&2
row=$(./build-rel/tests/bench/bench_aging --invoices 1000000 --customers 10000 \
	--runs 5 2>"$tmp/aging.json")
json=$(cat "$tmp/aging.json")
echo "bench: importing a CSV file of 1,000,000 invoices, arnet and SQLite (a minute)" >&2
importrow=$(./build-rel/tests/bench/bench_import --invoices 1000000 --customers 10000 \
	--runs 3 2>"$tmp/import.json")
imp=$(cat "$tmp/import.json")
iload() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$imp" "$1"; }
echo "bench: ingest, catch-up, credit check on 1,000,000 records, propagation (a few minutes)" >&2
netrows=$(./build-rel/tests/bench/bench_net --keep "$tmp/net" 2>"$tmp/net.json")
net=$(tr -d '\n' <"$tmp/net.json")
echo "bench: ingest with 100,000 subjects watched, and with none (a minute)" >&2
watchrow=$(./build-rel/tests/bench/bench_watch --records 100000 --watched 100000 2>"$tmp/watch.json")
echo "bench: a forged roster of 1 MB (seconds)" >&2
rosterrows=$(./build-rel/tests/bench/bench_roster --certs 3500 --runs 5 2>"$tmp/roster.json")
nload() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$net" "$1"; }
# Peak RSS (VmHWM) of arnetd: an idle node with an empty log, and one
# holding the credit check's 1,000,000 records, each after 3 s up.
rss() {
	./build-rel/node/arnetd --data "$1" >/dev/null 2>&1 &
	local pid=$! kb
	sleep 3
	kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
	kill -TERM "$pid"
	wait "$pid" || true
	echo "$kb"
}
rss_idle=$(rss "$tmp/net/node11")
rss_full=$(rss "$tmp/net/node10")
store_full=$(du -sm "$tmp/net/node10/store" | cut -f1)
ingest_ratio=$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print("%.2f" % (j["ingest_per_s"] / j["verify_per_s"]))' "$net")
ingest_goal=$(python3 -c 'import sys; print("reached" if float(sys.argv[1]) >= 0.8 else "not reached on this machine")' "$ingest_ratio")
share() { python3 -c 'import json,sys; j=json.loads(sys.argv[1]); c=j["ingest_cpu_s"]; v=j["ingest_cpu_verify_s"]; m=j["ingest_cpu_commit_s"]; x={"verify":v,"commit":m,"rest":c-v-m}[sys.argv[2]]; print(("%.0f" % (100*x/c)) if sys.argv[3]=="pct" else ("%.2f" % x))' "$net" "$1" "$2"; }
cpu_verify=$(share verify s); pct_verify=$(share verify pct)
cpu_commit=$(share commit s); pct_commit=$(share commit pct)
cpu_rest=$(share rest s); pct_rest=$(share rest pct)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
load() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$json" "$1"; }

# The revision measured (before this file is rewritten, which dirties it).
rev=$(git describe --always --dirty 2>/dev/null || echo unknown)
cat > docs/benchmarks.md <<MD
# arnet benchmarks

Every figure is measured beside its bound or its alternative in the same
run on the same data, because the machines here are shared and noisy: the
ratio is the result, the seconds are context. Reproduce with
\`./deploy/bench.sh\` (Release build; rewrites this file).

Machine: $(nproc) cores, ${cpu:-unknown CPU}, $(free -g | awk '/Mem:/ {print $2}') GiB.
Date: $(date -u +%Y-%m-%d). arnet ${rev}.

## Aging report (the books)

\`tests/bench/bench_aging.c\`: 10,000 customers, 1,000,000 invoices over
two years, about 60% paid in full or in part by 600,000 payments applied
to them; the aging report of all customers as of one date, in arnet (LMDB,
\`store/reports/aging.c\`) and in SQLite 3.40 (WAL, on disk, with indexes on
\`allocs(invoice, date)\` and \`invoices(customer)\`, ANALYZEd). SQLite
gets two formulations, a correlated subquery per invoice ($(load sqlite_correlated_s) s) and a
join against payments summed per invoice ($(load sqlite_join_s) s), and the faster
one counts. All answers are compared row by row with arnet's before
anything is timed; medians of 5 runs each.

| benchmark | arnet | SQLite | SQLite / arnet |
|---|---|---|---|
$row

Loading the same data (context, not the benchmark): arnet $(load arnet_load_s) s in
transactions of $(load batch) invoices with their payments (each invoice
and payment checked and applied as \`arnet import\` does), SQLite $(load sqlite_load_s) s
in one transaction with the indexes built after. The arnet store is
$(( $(load store_map_bytes) / 1048576 )) MiB of map.

Why arnet is faster here: the store keys invoices and payment applications
by customer first (docs/storage.md), so the report is three sequential
cursor scans in key order, while SQLite sorts or probes its way from
invoices to their allocations and groups the result by customer.

Why arnet loads slower: every invoice and payment is validated and
applied (customer looked up, invoice number checked for conflicts, payment
applied to open invoices, payment identity indexed) and the customer-first
keys make a batch of invoices touch pages all over the tree; LMDB copies
each touched page once per transaction. Larger transactions (one imported
file is one) amortise that.

## Importing a file (the books)

\`tests/bench/bench_import.c\`: a CSV file of 1,000,000 invoices of 10,000
customers ($(( $(iload csv_bytes) / 1000000 )) MB, as an ERP writes it: number, customer, dates, amount,
currency, order reference), imported in one transaction by \`arnet import
invoices\`'s code (store/import: every row decoded, its date and amount
parsed, its customer looked up, its number checked against the file and
the books, stored under two keys), and loaded into SQLite from the same
file with the same parser (libcsv) and the same date and amount parsing,
two ways: with the checks arnet makes (a foreign key to the customers,
the number as primary key, the customer index kept while loading:
$(iload sqlite_checked_s) s), and SQLite's fastest bulk load (no foreign key, the index
built after: $(iload sqlite_bulk_s) s). The faster counts. Medians of 3 runs; the customers
are loaded first, untimed. The bound (issue 15) is arnet within 2x of
SQLite.

| benchmark | arnet | SQLite | arnet / SQLite |
|---|---|---|---|
$importrow

arnet imports $(iload rows_per_s) rows/s. What it spends them on (perf, 200,000 rows):
about a third in LMDB's two inserts per invoice (the number index and the
customer-first invoice key, pages all over the tree in one transaction),
a tenth in the per-file set of numbers that finds a repeat with its first
line, the rest in CSV parsing and the row's checks. A customer's currency
and terms are read once per customer (a cache for the file), and the
number is checked and inserted in one B-tree search.

## Watching subjects (portfolio monitoring)

\`tests/bench/bench_watch.c\`: the same 100,000 signed records of 50
authors about 20,001 subjects pushed into a node's ingest path
in-process, into a node that watches nothing and into one that watches
100,000 prospects, every subject of the records among them, so that
every record stored raises its subject's alert or joins it, in the
transaction that stores it (store/watch); and into one watching the same
whose every delivery fails (a command that exits 1, a webhook nobody
listens on), so that its alerts thread claims, fails and retries while
the records come. Each twice, alternating, on fresh nodes; the better of
each counts. The bound (issue 16) is 0.9 for both.

| benchmark | arnet | bound or alternative | ratio |
|---|---|---|---|
$watchrow

What watching costs each record: two lookups (is the subject a
customer, is it watched by hand), and for a watched one the subject's
open alert read and written (a new one also takes an id and an outbox
entry). In \`perf record\` of the run (50,000 records) that is about 2% of
the process's CPU, beside about 78% verifying signatures, which bounds
ingest on both sides.

## The shared log and the network

\`tests/bench/bench_net.c\`: an association of 50 authors and 12 node
identities, the nodes run in one process on \`ipc://\` endpoints, each with
its own LMDB store (durable commits: LMDB's default sync).

| benchmark | arnet | bound or alternative | ratio |
|---|---|---|---|
$netrows
| peak RSS of arnetd, idle, empty log | $((rss_idle / 1024)) MiB | | |
| peak RSS of arnetd holding $(nload check_records) records (store ${store_full} MiB) | $((rss_full / 1024)) MiB | | |

- **Ingest** ($(nload ingest_records) records of 50 authors, signed in
  advance, pushed into the node's ingest queue in-process; the figure is
  records durable in the log per second). The bound is the raw Ed25519
  verify rate of the same records on the same number of threads as the
  node verifies with ($(nload verify_threads)), measured before and after
  the ingest (the better one counts). **Goal 0.8: ${ingest_goal}** (ratio
  ${ingest_ratio}). Where the CPU went during the ingest (thread CPU
  clocks, this run): ${cpu_verify} s verifying (${pct_verify}%), ${cpu_commit} s in the committer
  (${pct_commit}%: decoding, the membership and chain rules, LMDB puts into four
  tables, page writes and fsync for $(nload ingest_commits) transactions), ${cpu_rest} s
  everything else (${pct_rest}%: the pushing thread, nng's threads). The bound
  has both cores for verification alone, so the ratio is about the
  verifying share of the CPU. What brought it from 0.64 to here, each
  found with \`perf record -g\` and the per-thread clocks:
  - group commit: the committer lets verified records gather while more
    are on their way (up to 4096 per transaction; a record alone is stored
    at once). It used to take whatever was verified, about 300 records per
    transaction; the by-hash and by-subject indexes take random keys, so
    each transaction rewrote about a leaf page per record per index, and
    page writeback and fsync cost more than LMDB itself (committer CPU
    1.36 s per 100k records, now about 0.55 s);
  - the roster lookup done for every record compared public keys with
    \`sodium_memcmp\` (constant time over all 32 bytes, against every
    certificate): plain \`memcmp\`;
  - publishing each stored record with \`nng_sendmsg\` allocated an aio per
    call, and nng 1.5.2 makes a \`getrandom\` system call per aio: one aio
    is kept for publishing.
  libsodium 1.0.18 has no batch verification, the remaining lever.
- **Catch-up**: a node that was down while the records came starts and
  pulls them over nng
  (REQ/REP sync, 500 records per PULL, one peer) from the node that holds
  them; records per second until it holds them all, beside the ingest
  rate above. PULLs are pipelined (the next goes out while the workers
  verify the last one's records, at most 8192 records queued); before,
  each PULL waited for its records to be stored (0.62 of ingest). The
  rest of the difference: the serving node runs in the same process and
  shares the two cores (reading and encoding the replies), and the
  replies cross a socket.
- **TLS links** (issue 17; \`bench_net --links ipc|tcp|tls\`, a run each
  of 50,000 records, 2026-12-06, on this 2-core machine, beside each
  other): catch-up 0.63 of ingest on ipc://, 0.64 on tcp://, 0.61 on
  TLS (95% of tcp://, within the 10% asked); propagation p50 / p99 to 7
  nodes 2.3 / 4.4 ms on ipc://, 4.4 / 12.4 ms on tcp://, 3.9 / 8.2 ms on
  TLS (from a run of 300 records: noisy). Not yet in the table that
  \`./deploy/bench.sh\` makes: in-process, nng 1.5.2 can block for good
  closing a TLS socket when the benchmark stops its nodes
  (nanomsg/nng#1543): three TLS runs of four hung there; arnetd
  bounds its stop for the same reason (docs/operations.md).
- **Credit check** without survey: $(nload checks) checks of random subjects on a
  log of $(nload check_records) records about $(nload check_subjects) subjects
  ($(nload records_per_check) records per subject on average): the whole
  \`arnet_check_run\` (subject index, every record, settlements and
  disputes targeting them, the books, the score) beside SQLite 3.40 doing
  only the lookup: every record about the subject through an index on the
  subject, each record decoded (WAL, \`synchronous=NORMAL\`, ANALYZEd).
  Interleaved, alternating which goes first. Ratio = SQLite / arnet.
  Loading (context): arnet $(nload log_load_s) s through the ingest code
  (chain rule, indexes) in transactions of 20,000; SQLite $(nload sqlite_log_load_s) s in one
  transaction with the indexes built after.
- **Propagation**: $(nload propagation_nodes) nodes; one appends $(nload propagation_records) records to its feed
  (one every 5 ms) and publishes each on PUB; the time until the record
  is durable at every other node, p50 and p99. The bound beside it is the
  sync interval (5 s): what delivery would cost if publication were lost
  and sync alone delivered; the ratio is how many times faster the hint
  is at p99. Every node passes on what it stores first, so each node
  hears a record up to 7 times; copies the log holds are recognized by
  hash and dropped before their signature is checked again. The 50
  authors run no node, so every node keeps redialling 150 endpoints:
  nng 1.5.2's timer thread spins up to a millisecond on each retry, so
  the node backs off from 0.5 s up to 30 s (at 0.1-5 s an idle node with
  61 members down used 14% of a core, now about 3%, and p50 was 14 ms
  here).
- **Memory**: VmHWM of \`arnetd\` 3 s after start, on an empty log and on
  the store of the credit-check log (LMDB pages it touched count as
  resident; the map itself is not read at start).

## A forged roster

\`tests/bench/bench_roster.c\`: what a roster forged by a member (1 MB of
genuine certificates, a higher epoch, a signature that does not match)
costs the node that receives it, beside the same forgery checked in the
order arnet 8bed2a4 used (every certificate's signature, then the
roster's), in one process, best of 5.

$rosterrows

A forgery whose epoch is not above ours (every copy a peer passes on) is
dropped from its header on the receiving thread. One with a higher epoch
goes to the roster thread, which checks the root's signature over the
whole roster before any certificate: one verification, its time mostly
SHA-512 over the megabyte (the signature is well-formed, so libsodium
hashes everything; a random one is refused sooner). At the attack's 5 a
second that is under 1% of a core on a thread of its own, outside any
write transaction, where it was most of a core on the SUB reader inside
one. A genuine roster still costs every certificate's check: only the
root can make a node spend that.
MD
echo "bench: wrote docs/benchmarks.md" >&2
cat docs/benchmarks.md
