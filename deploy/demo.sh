#!/usr/bin/env bash
# arnet demo: what arnet does, on embedded defaults, with no set-up.
#
# Two member firms of an association share credit data about customers
# who do not pay. This shows the ground the network stands on: member keys,
# customer identifiers with their check characters, and a signed DEFAULT
# record that any member can verify and nobody can alter. Everything runs
# in a temporary directory that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
./deploy/install-deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j"$(nproc)" --target arnet >/dev/null
arnet=$PWD/build/cli/arnet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*" | sed -E "s|$arnet|arnet|g; s|([0-9a-f]{16})[0-9a-f]{40,}|\1...|g" >&2; "$@"; }

say "1. Two member firms make their keys"
echo "Member A (a Fuzhou trading company) and member B (a Xiamen logistics firm)"
echo "each make an Ed25519 key pair; the public half goes to the association."
run "$arnet" keygen --out memberA.key --comment "member A"
run "$arnet" keygen --out memberB.key --comment "member B" >/dev/null
ls -l memberA.key memberA.key.pub | awk '{print "  " $1, $NF}'

say "2. A's credit manager checks the customer's identifier"
echo "The customer's Unified Social Credit Code, typed as it appears on its licence:"
run "$arnet" id check 91350100m000100y43
echo "A typing slip is caught by the GB 32100-2015 check character:"
run "$arnet" id check 91350100M000100Y44 || echo "(exit $?)"

say "3. The customer is 95 days past due; A reports a DEFAULT"
printf 'contract HT-2026-017, delivery note 0415\n' > contract.txt
run "$arnet" record sign --key memberA.key --type default \
	--subject 91350100M000100Y43 --amount 123,456.78 --currency CNY \
	--due 2026-08-01 --days-past-due 95 --reason non-payment \
	--evidence contract.txt --note "货款逾期未付 (INV-2026-0415)" \
	--created 2026-11-04T09:00:00Z > default.hex
echo "signed record, $(( $(wc -c < default.hex) / 2 )) bytes:"
fold -w 72 default.hex | sed 's/^/  /'
echo "The evidence itself stays with A; the record carries only its BLAKE2b hash."

say "4. Member B receives it and checks it"
run "$arnet" record decode "$(cat default.hex)"

say "5. A record altered on the way is refused"
echo "Someone changes the amount byte in transit (123,456.78 -> 123,456.00):"
rec=$(cat default.hex)
bad="${rec:0:230}00${rec:232}"
run "$arnet" record decode "$bad" | grep -E '^(amount|signature)' || echo "(exit ${PIPESTATUS[0]}: the signature does not verify)"

say "6. The customer agrees a payment plan; A settles its DEFAULT"
echo "The SETTLEMENT is the next record of A's chain and refers to the DEFAULT by hash:"
run "$arnet" record sign --key memberA.key --type settlement \
	--subject uscc:91350100M000100Y43 --after "$rec" --target "$rec" \
	--how plan --amount 50,000.00 --note "4 monthly instalments" \
	--created 2026-11-20T08:00:00Z > settle.hex
run "$arnet" --json record decode - < settle.hex | python3 -c '
import json, sys
o = json.load(sys.stdin); f = o["fields"]
print("  type %s, seq %d, prev %s..., settles seq %d, how %s, recovered %d fen, signature valid: %s"
      % (f["type"], f["seq"], f["prev"][:16], f["target"]["seq"], f["how"], f["amount"], o["signature_valid"]))'

say "Done"
echo "Keys, identifiers and signed, chained records are arnet's ground truth."
echo "See README.md for the commands and docs/protocol.md for the bytes."
