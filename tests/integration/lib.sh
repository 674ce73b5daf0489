# lib.sh - the common start of the integration tests, sourced by a script
# run as SCRIPT SRC_DIR BIN_DIR after it sets src=$1 and bin=$2:
#   the CLI test helpers of tests/cli/lib.sh (a temporary directory $work
#   to run in; expect, has, json, finish);
#   net=$work/net, where deploy/local-net.sh puts the association, and a
#   cleanup at exit that stops every daemon started there and removes
#   $work;
#   A CMD...               run arnet
#   wait_for SECONDS CMD...  until CMD succeeds (1 when it never does)
#   seq_at NODE AUTHOR_KEY   the seq node K of $net holds of the author
#   has_seq NODE AUTHOR_KEY SEQ  it holds at least SEQ
#   import_demo NODE...      the demo's books (deploy/demo/*.csv) into
#                            each node of $net
#   plain_links              the next local-net.sh up makes tcp:// links,
#                            not TLS: for the tests whose hostile tools
#                            speak the protocol in clear (the TLS links
#                            are tests/integration/link_test.sh's)
export ARNET_BIN=$bin/cli ARNETD_BIN=$bin/node
. "$src/tests/cli/lib.sh" "$bin/cli/arnet" "$src"
net=$work/net
cleanup() {
	"$src/deploy/local-net.sh" down "$net" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
A() { "$arnet" "$@"; }
wait_for() {
	local t=$1
	shift
	for _ in $(seq $((t * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
seq_at() { # NODE AUTHOR_KEY: the seq node holds of author
	A --data "$net/node$1" --json status | python3 -c '
import json, sys
o = json.load(sys.stdin)
print(max([h["seq"] for h in o["heads"] if h["author"] == sys.argv[1]] + [0]))' "$2"
}
has_seq() { [ "$(seq_at "$1" "$2")" -ge "$3" ]; }
import_demo() {
	local k f
	for k in "$@"; do
		for f in customers invoices payments; do
			A --data "$net/node$k" import $f "$src/deploy/demo/$f.csv" >/dev/null
		done
	done
}
plain_links() { export ARNET_LINKS=tcp; }
