# lib.sh - helpers of the shell tests of the arnet command line, sourced
# as `. "$2/tests/cli/lib.sh"` by a script run as SCRIPT ARNET SRC_DIR:
# sets arnet and src, and moves into a temporary directory removed at
# exit.
#
# expect CODE NAME CMD...  run CMD; stdout in ./out, stderr in ./err
# has FILE TEXT NAME       FILE contains TEXT
# empty FILE NAME          FILE is empty
# json EXPR NAME           a Python expression over o (the JSON in ./out)
# golden FILE NAME WHAT    FILE is byte for byte tests/cli/golden/NAME
#                          (ARNET_UPDATE_GOLDEN=1: copy it there instead,
#                          to review with git diff)
# finish                   print "N passed, M failed" and exit accordingly
arnet=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

expect() {
	local want=$1 name=$2
	shift 2
	"$@" >out 2>err
	local got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$name: exit $got, want $want"
		sed 's/^/  stdout: /' out
		sed 's/^/  stderr: /' err
	fi
}
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$3: $1 lacks '$2'"; sed "s/^/  $1: /" "$1"; fi; }
empty() { if [ ! -s "$1" ]; then ok; else bad "$2: $1 not empty"; sed "s/^/  $1: /" "$1"; fi; }
json() {
	if python3 -c 'import json,sys; o=json.load(open("out")); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" 2>/dev/null
	then ok; else bad "$2: JSON check failed: $1"; sed 's/^/  out: /' out; fi
}
golden() {
	local g=$src/tests/cli/golden/$2
	if [ -n "${ARNET_UPDATE_GOLDEN:-}" ]; then cp "$1" "$g"; fi
	if cmp -s "$1" "$g"; then ok; else
		bad "$3 differs from golden/$2"
		diff "$g" "$1" | head -20
	fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
