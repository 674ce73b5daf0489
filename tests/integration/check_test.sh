#!/usr/bin/env bash
# check_test.sh SRC_DIR BIN_DIR - the credit check on a three-node
# network (real arnetd processes on 127.0.0.1): no records gives A; one
# member's unpaid default lowers the grade with that reason; two members'
# defaults and a credit stop give D; settlements improve the grade; an
# open dispute is shown and weighted down; past retention a settled
# default no longer counts. The check reads only the local store.
set -u
src=$1
bin=$2
work=$(mktemp -d)
net=$work/net
export ARNET_BIN=$bin/cli ARNETD_BIN=$bin/node
cleanup() {
	"$src/deploy/local-net.sh" down "$net" >/dev/null 2>&1
	rm -rf "$work"
}
. "$src/tests/cli/lib.sh" "$bin/cli/arnet" "$src"
trap cleanup EXIT
A() { "$arnet" "$@"; }
S=91350100M000100Y43
wait_for() {
	local t=$1
	shift
	for _ in $(seq $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
records_at() { # NODE N: node 3 holds at least N records about S
	[ "$(A --data "$net/node$1" --json records --subject $S | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')" -ge "$2" ]
}
hash_of() { # NODE TYPE: the hash of NODE's own record of TYPE about S
	A --data "$net/node$1" --json records --subject $S | python3 -c '
import json, sys
me = sys.argv[1]; t = sys.argv[2]
for r in json.load(sys.stdin)["records"]:
    if r["member"] == me and r["fields"]["type"] == t:
        print(r["hash"]); break' "local:MEMBER-$1" "$2"
}

expect 0 "local net up" "$src/deploy/local-net.sh" up 3 "$net"
for k in 1 2; do
	for f in customers invoices payments; do
		A --data "$net/node$k" import $f "$src/deploy/demo/$f.csv" >/dev/null
	done
done

# --- nothing known: A ---
expect 0 "no records: grade A" A --data "$net/node3" --json check $S --amount 100,000
json 'o["grade"] == "A" and o["score"] == 100 and o["recommended_limit"] == 10000000' "grade A as requested"
json 'o["data_used"]["log_records"] == 0' "nothing used"

# --- one member's unpaid default ---
expect 0 "member 1 reports a default" A --data "$net/node1" report default HX-2607-05
wait_for 10 records_at 3 1 && ok || bad "node 3 did not get the default"
expect 3 "one default: grade B" A --data "$net/node3" --json check $S --amount 100,000 --terms 60
json 'o["grade"] == "B" and o["recommended_limit"] == 5000000 and o["recommended_terms_days"] == 15' "B: half the limit, shorter terms"
json 'any("unpaid default reported by local:MEMBER-1" in r["text"] and r["points"] < 0 for r in o["reasons"])' "the default is the reason"

# --- two members' defaults and a credit stop: D ---
expect 0 "member 2 reports a default" A --data "$net/node2" report default HX-2607-05
expect 0 "member 2 stops credit" A --data "$net/node2" blacklist add $S --reason non-payment
wait_for 10 records_at 3 3 && ok || bad "node 3 did not get member 2's records"
expect 5 "two defaults and a stop: grade D" A --data "$net/node3" check $S --amount 100,000
has out "cash in advance only" "D advice"
has out "a recommendation for a person to decide on" "says it is a recommendation"

# --- an open dispute by the author is shown and weighted down ---
H2=$(hash_of 2 DEFAULT)
expect 0 "member 2 opens a dispute on its own default" A --data "$net/node2" dispute "$H2" --status open --note "customer says it paid"
wait_for 10 records_at 3 4 && ok || bad "node 3 did not get the dispute"
expect 4 "check after the dispute (grade C)" A --data "$net/node3" --json check $S
json 'any(r["dispute"] == "open" and "MEMBER-2" in r["text"] for r in o["reasons"])' "dispute shown"
json '[r["points"] for r in o["reasons"] if "unpaid default reported by local:MEMBER-2" in r["text"]] == [-10]' "disputed default weighted down"
expect 0 "records show the dispute" A --data "$net/node3" --json records --subject $S
json 'any(r["disputes"] == 1 for r in o["records"])' "objection mark on the record"

# --- settlements improve the grade ---
expect 0 "member 1 settles" A --data "$net/node1" report settle "$(hash_of 1 DEFAULT)" --how paid --amount 88,000
expect 0 "member 2 settles" A --data "$net/node2" report settle "$H2" --how plan
expect 0 "member 2 lifts" A --data "$net/node2" blacklist lift $S
wait_for 10 records_at 3 7 && ok || bad "node 3 did not get the settlements"
expect 0 "check after settlements" A --data "$net/node3" --json check $S
json 'o["grade"] == "A" and 80 <= o["score"] < 100' "settled history costs a little"

# --- past retention a settled default no longer counts ---
expect 0 "check in six years" A --data "$net/node3" --json check $S --as-of 2032-12-31
json 'o["score"] == 100 and not [r for r in o["reasons"] if r["points"]]' "nothing counts after retention"

# --- the policy comes from the config ---
printf '\n[check]\ndefault_first = 50\ngrade_a = 95\n' >>"$net/node3/arnet.conf"
expect 3 "config policy (grade B)" A --data "$net/node3" --json check $S
json 'o["grade"] != "A"' "a stricter policy lowers the grade"

finish
