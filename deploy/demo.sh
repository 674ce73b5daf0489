#!/usr/bin/env bash
# arnet demo: what arnet does, on embedded defaults, with no set-up.
#
# An association of two member firms on this machine (loopback): the
# administrator admits them (root key, certificates, signed roster) and
# each runs its node, arnetd. Member A's credit manager keeps the firm's
# books (a small ledger from deploy/demo/*.csv, reports as of
# 2026-11-22): aging, late fees, the dunning queue and its letters, an
# order check. A customer long overdue becomes a signed DEFAULT record
# and a credit stop, which member B's node has within a second, checked
# and chained; nobody can alter them. Everything runs in a temporary
# directory, and every daemon is stopped, at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
# ARNET_BIN and ARNETD_BIN (the folders of arnet and arnetd, as for
# deploy/local-net.sh) run the demo on binaries already built: the test
# suite does (tests/integration/demo_test.sh).
if [ -z "${ARNET_BIN:-}" ]; then
	./deploy/install-deps.sh
	cmake -S . -B build >/dev/null
	cmake --build build -j"$(nproc)" --target arnet arnetd >/dev/null
fi
arnet=${ARNET_BIN:-$PWD/build/cli}/arnet
work=$(mktemp -d)
cleanup() {
	"$src/deploy/local-net.sh" down "$work/net" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*" | sed -E "s|$arnet|arnet|g; s|$work/||g; s|([0-9a-f]{16})[0-9a-f]{40,}|\1...|g" >&2; "$@"; }

cp "$src"/deploy/demo/*.csv .
asof=2026-11-22
A=$work/net/node1
B=$work/net/node2

say "0. An association of two member firms, each running its node"
echo "deploy/local-net.sh makes the administrator's root key (encrypted at rest),"
echo "sets up two member nodes, enrols them (certificates, signed roster) and"
echo "starts their daemons on free ports of 127.0.0.1:"
run "$src/deploy/local-net.sh" up 2 "$work/net"
run "$arnet" --data "$B" roster show
run "$arnet" --data "$B" peers

# From here on, member A's data directory (and its arnet.conf) is the
# default. Statements and letters print the firm's details from it.
export ARNET_DATA=$A
cat >>"$A/arnet.conf" <<'CONF'

[member]
# the firm's details that statements and letters print
name = 福州闽江建材有限公司
address = 福建省福州市鼓楼区五四路 100 号
phone = 0591-87654321
bank = 中国工商银行福州五四支行
account = 1402 0212 0910 0123 456
tax_id = 91350100MA34ABCD5X
CONF

say "1. Member A's books: customers, invoices and payments from CSV"
echo "Each file is one transaction: a bad row stores nothing and names FILE:LINE."
cp invoices.csv invoices-bad.csv
echo 'HX-2611-04,91350100M000100Y43,2026-11-31,,"1,000.00",CNY,' >>invoices-bad.csv
run "$arnet" import customers customers.csv
run "$arnet" import invoices invoices-bad.csv || echo "(exit $?: nothing of the file was kept)"
run "$arnet" import invoices invoices.csv
run "$arnet" import payments payments.csv
run "$arnet" import payments payments.csv
echo "(the second import of the same file added nothing)"

say "2. Aging and late fees as of $asof"
run "$arnet" aging --as-of $asof
run "$arnet" late-fee --as-of $asof --customer 91350100M000100Y43

say "3. The dunning queue: what to do today, most overdue first"
run "$arnet" dunning --as-of $asof
run "$arnet" customer contact local:C-1001 --person 林老板 --phone 0595-22223333 --address "泉州市鲤城区中山路 8 号"
run "$arnet" letter XL-2609-02 --stage letter --as-of $asof
echo
echo "One letter per customer lists every invoice the stage fits:"
run "$arnet" letter --customer local:C-1001 --stage letter --as-of $asof
echo
echo "The 对账单 for the customer to confirm and stamp:"
run "$arnet" statement local:C-1001 --from 2026-08-01 --to $asof
run "$arnet" dunning log XL-2609-02 --stage letter --date $asof --note "EMS 1234567890"

say "4. An order arrives: the order check on the firm's own books"
run "$arnet" order-check local:C-1001 5,000 --as-of $asof || echo "(exit $?: hold)"
run "$arnet" order-check 91350200MA2XN0Q255 100,000 --as-of $asof || echo "(exit $?)"

say "5. A customer long overdue: A reports a DEFAULT and stops credit"
echo "The DEFAULT is built from the books: amount owed, due date, days past due;"
echo "the contract stays with A, the record carries its BLAKE2b hash."
printf 'contract HT-2026-017, delivery note 0415\n' >contract.txt
run "$arnet" report default HX-2607-05 --evidence contract.txt
run "$arnet" blacklist add 91350100M000100Y43 --reason non-payment --note "货款逾期未付"

say "6. Member B's node has them within a second, checked against the roster"
sleep 1
run "$arnet" --data "$B" records --subject 91350100M000100Y43
run "$arnet" --data "$B" blacklist list

say "7. Member B is asked for credit by the same customer: the credit check"
echo "It reads B's own copy of the shared log and B's books: nothing leaves B."
run "$arnet" --data "$B" check 91350100M000100Y43 --amount 100,000 --terms 60 || echo "(exit $?: grade)"
echo
echo "With --survey, B also asks every member for a trade reference. A has the"
echo "customer in its books and answers with a signed summary; A's audit log"
echo "records who asked about whom."
run "$arnet" --data "$B" check 91350100M000100Y43 --amount 100,000 --terms 60 --survey --timeout-ms 1000 || echo "(exit $?: grade)"
run "$arnet" audit

say "8. A record altered on the way is refused"
rec=$("$arnet" --data "$B" records --subject 91350100M000100Y43 --raw | head -n 1)
bad="${rec:0:230}ff${rec:232}"  # the last byte of the amount
echo "The amount bytes of the DEFAULT changed in transit:"
run "$arnet" record decode "$bad" | grep -E '^(amount|signature)' || echo "(exit ${PIPESTATUS[0]}: the signature does not verify)"

say "9. The customer agrees a payment plan; A settles its DEFAULT and lifts the stop"
h=$("$arnet" --json records --subject 91350100M000100Y43 | python3 -c '
import json, sys
print([r["hash"] for r in json.load(sys.stdin)["records"] if r["fields"]["type"] == "DEFAULT"][0])')
run "$arnet" report settle "$h" --how plan --amount 50,000
run "$arnet" blacklist lift 91350100M000100Y43
sleep 1
run "$arnet" --data "$B" records --subject 91350100M000100Y43
run "$arnet" --data "$B" check 91350100M000100Y43 --amount 100,000 --terms 60 || echo "(exit $?: grade)"
run "$arnet" --data "$B" status

say "Done"
echo "The books say who is late and what to do; signed, chained records carry the"
echo "worst of it to every member within a second, and sync catches up anyone"
echo "who was away; the credit check weighs it, with B's own books, and says why."
echo "See README.md for the commands and docs/protocol.md for the bytes."
