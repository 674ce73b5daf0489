#!/usr/bin/env bash
# alerts_books_test.sh ARNET SRC_DIR - the firm's own books in the alert
# stream (`arnet alerts scan`, which the node runs hourly): an invoice
# reaching a stage of the dunning ladder, a payment promise broken, the
# limit warning, each raised once; the limit warning again after the
# exposure fell below it and rose again; a stage logged is not raised
# again, the next stage is.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }
src=$2
for f in customers invoices payments; do
	A import $f "$src/deploy/demo/$f.csv" >/dev/null
done
alerts_json() { A --json alerts >out 2>err; }

expect 2 "scan: a bad date" A alerts scan --as-of 2026-13-01
expect 0 "scan" A --json alerts scan --as-of 2026-11-22
json 'o["raised"] == 6' "one alert per invoice at a stage (the dunning queue's six)"
expect 0 "scan again" A --json alerts scan --as-of 2026-11-22
json 'o["raised"] == 0' "each raised once"
expect 0 "alerts" A --json alerts
json 'all(a["source"] == "books" and a["trigger"] == "stage" and a["watched"] == ["customer"] for a in o["alerts"])' "books alerts, stage trigger"
json 'any(a["subject"] == "local:C-1001" and a["detail"] == "invoice XL-2608-01 reached the lawyer stage: 74 days past due, 12,600.00 CNY outstanding" for a in o["alerts"])' "the detail names the invoice, stage, days and amount"
expect 0 "alerts, text" A alerts
has out "the books: invoice XL-2609-02 reached the letter stage: 41 days past due, 9,800.00 CNY outstanding" "text"

# --- a stage logged is done; the next one is news ---
expect 0 "log the letter" A dunning log XL-2609-02 --stage letter --date 2026-11-22
expect 0 "scan, same day" A --json alerts scan --as-of 2026-11-22
json 'o["raised"] == 0' "nothing new"
expect 0 "scan, 20 days on" A --json alerts scan --as-of 2026-12-12
expect 0 "alerts" A --json alerts --since 1970-01-01
json 'any(a["detail"].startswith("invoice XL-2609-02 reached the lawyer stage") for a in o["alerts"])' "the next stage raised"

# --- a promise broken ---
expect 0 "a promise" A dunning promise HX-2610-03 --date 2026-12-15 --amount 95,000 --on 2026-11-25
expect 0 "scan after the promised day" A --json alerts scan --as-of 2026-12-20
expect 0 "alerts" A --json alerts
json 'any(a["trigger"] == "promise broken" and a["detail"].startswith("invoice HX-2610-03: the promise to pay 95,000.00 CNY by 2026-12-15 is broken") for a in o["alerts"])' "the promise broken"

# --- the limit warning: once, and again after falling below ---
expect 0 "an order that brings C-1001 near its limit" A invoice add XL-2611-09 --customer local:C-1001 --amount 20,000 --issued 2026-12-01 --due 2026-12-31
expect 0 "scan" A --json alerts scan --as-of 2026-12-20
expect 0 "alerts" A --json alerts
json '[a["detail"] for a in o["alerts"] if a["trigger"] == "limit warning"] == ["exposure 42,400.00 CNY is 84% of the credit limit 50,000.00 CNY"]' "the limit warning"
expect 0 "scan again" A --json alerts scan --as-of 2026-12-20
json 'o["raised"] == 0' "the warning once"
expect 0 "a payment brings it below" A payment add --customer local:C-1001 --amount 30,000 --date 2026-12-20 --invoice XL-2608-01 --ref BANK-9
expect 0 "scan below" A --json alerts scan --as-of 2026-12-21
expect 0 "it rises again" A invoice add XL-2612-01 --customer local:C-1001 --amount 35,000 --issued 2026-12-22 --due 2027-01-21
expect 0 "scan above" A --json alerts scan --as-of 2026-12-22
expect 0 "alerts" A --json alerts
json 'len([a for a in o["alerts"] if a["trigger"] == "limit warning"]) == 2' "raised again after falling below"
finish
