#!/usr/bin/env bash
# arnet demo: what arnet does, on embedded defaults, with no set-up.
#
# Two member firms of an association share credit data about customers
# who do not pay. The association's administrator admits them (root key,
# certificates, signed roster). Member A's credit manager keeps the
# firm's books (a
# small receivables ledger from deploy/demo/*.csv, as of 2026-11-22):
# aging, late fees, the dunning queue and its letters, an order check.
# A customer 90 days late becomes a signed DEFAULT record that member B
# can verify and nobody can alter. Everything runs in a temporary
# directory that is removed at the end.
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

cp "$OLDPWD"/deploy/demo/*.csv .
asof=2026-11-22

say "0. The association admits two member firms"
echo "The administrator makes the association's root key (always encrypted at rest)."
printf 'demo passphrase, not a secret\n' > admin.pass
run "$arnet" admin init --dir admin --passphrase-file admin.pass
root=$(tail -n 1 admin/root.key.pub)
echo "Each member sets up its node with the root key as its trust anchor:"
run "$arnet" --data memberA init --member-id 91350100MA3123456D --name "福州某某贸易有限公司 (member A)" --root-key "$root"
run "$arnet" --data memberB init --member-id local:MEMBER-B --name "厦门某某物流有限公司 (member B)" --root-key "$root" >/dev/null
echo "The administrator signs their certificates and the roster:"
for m in A B; do
	port=$([ $m = A ] && echo 7101 || echo 7201)
	run "$arnet" admin enroll --dir admin --passphrase-file admin.pass \
		--pubkey "$(tail -n 1 member$m/member.key.pub)" \
		--member-id "$(sed -n 's/^id = //p' member$m/arnet.conf)" \
		--name "member $m" --endpoint pub=tcp://127.0.0.1:$port \
		--endpoint sync=tcp://127.0.0.1:$((port + 1))
done
run "$arnet" admin roster --dir admin --out roster.bin
run "$arnet" --data memberA roster import roster.bin
run "$arnet" --data memberB roster import roster.bin
run "$arnet" --data memberB roster show
echo "A replayed roster (not a newer epoch) is refused, as is a forged or foreign one:"
run "$arnet" --data memberB roster import roster.bin || echo "(exit $?)"

# From here on, member A's data directory (and its arnet.conf) is the
# default.
export ARNET_DATA=$work/memberA
A() { run "$arnet" "$@"; }

say "1. Member A's books: customers, invoices and payments from CSV"
echo "Each file is one transaction: a bad row stores nothing and names FILE:LINE."
cp invoices.csv invoices-bad.csv
echo 'HX-2611-04,91350100M000100Y43,2026-11-31,,"1,000.00",CNY,' >> invoices-bad.csv
A import customers customers.csv
A import invoices invoices-bad.csv || echo "(exit $?: nothing of the file was kept)"
A import invoices invoices.csv
A import payments payments.csv
A import payments payments.csv
echo "(the second import of the same file added nothing)"

say "2. Aging and late fees as of $asof"
A aging --as-of $asof
A late-fee --as-of $asof --customer 91350100M000100Y43

say "3. The dunning queue: what to do today, most overdue first"
A dunning --as-of $asof
A letter XL-2609-02 --stage letter --as-of $asof
A dunning log XL-2609-02 --stage letter --date $asof --note "EMS 1234567890"

say "4. An order arrives: the order check on the firm's own books"
A order-check local:C-1001 5,000 --as-of $asof || echo "(exit $?: hold)"
A order-check 91350200MA2XN0Q255 100,000 --as-of $asof || echo "(exit $?: warn)"

say "5. The customer's identifier"
echo "A typing slip in a USCC is caught by its GB 32100-2015 check character:"
run "$arnet" id check 91350100M000100Y44 || echo "(exit $?)"

say "6. A customer 95 days past due: A signs a DEFAULT record"
printf 'contract HT-2026-017, delivery note 0415\n' > contract.txt
run "$arnet" record sign --key memberA/member.key --type default \
	--subject 91350100M000100Y43 --amount 123,456.78 --currency CNY \
	--due 2026-08-01 --days-past-due 95 --reason non-payment \
	--evidence contract.txt --note "货款逾期未付 (INV-2026-0415)" \
	--created 2026-11-04T09:00:00Z > default.hex
echo "signed record, $(( $(wc -c < default.hex) / 2 )) bytes:"
fold -w 72 default.hex | sed 's/^/  /'
echo "The evidence itself stays with A; the record carries only its BLAKE2b hash."

say "7. Member B receives it and checks it"
run "$arnet" record decode "$(cat default.hex)"

say "8. A record altered on the way is refused"
echo "Someone changes the amount byte in transit (123,456.78 -> 123,456.00):"
rec=$(cat default.hex)
bad="${rec:0:230}00${rec:232}"
run "$arnet" record decode "$bad" | grep -E '^(amount|signature)' || echo "(exit ${PIPESTATUS[0]}: the signature does not verify)"

say "9. The customer agrees a payment plan; A settles its DEFAULT"
echo "The SETTLEMENT is the next record of A's chain and refers to the DEFAULT by hash:"
run "$arnet" record sign --key memberA/member.key --type settlement \
	--subject uscc:91350100M000100Y43 --after "$rec" --target "$rec" \
	--how plan --amount 50,000.00 --note "4 monthly instalments" \
	--created 2026-11-20T08:00:00Z > settle.hex
run "$arnet" --json record decode - < settle.hex | python3 -c '
import json, sys
o = json.load(sys.stdin); f = o["fields"]
print("  type %s, seq %d, prev %s..., settles seq %d, how %s, recovered %d fen, signature valid: %s"
      % (f["type"], f["seq"], f["prev"][:16], f["target"]["seq"], f["how"], f["amount"], o["signature_valid"]))'

say "Done"
echo "The books say who is late and what to do; signed, chained records carry"
echo "the worst of it to the other members. Publishing them over the network"
echo "(arnetd) and the credit check come next."
echo "See README.md for the commands and docs/protocol.md for the bytes."
