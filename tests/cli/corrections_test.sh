#!/usr/bin/env bash
# corrections_test.sh ARNET SRC_DIR - corrections of the books through the
# command line: credit notes (by hand and as a negative amount in an
# invoices file), invoice void and write-off, payment reversal, and the
# duplicate payment refusal (by hand and in an import), refused cases
# first; then what each does to the aging, the invoice and the statement
# as of dates before and after it.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }
C=local:C-1

expect 0 "customer" A customer add $C --name "华信贸易" --terms 30
expect 0 "invoice 1" A invoice add INV-1 --customer $C --amount 10000 --issued 2026-01-01 --due 2026-01-31
expect 0 "invoice 2" A invoice add INV-2 --customer $C --amount 5000 --issued 2026-02-01 --due 2026-03-03
expect 0 "invoice in USD" A invoice add INV-U --customer $C --amount 100 --currency USD --issued 2026-02-01

# --- refused first ---
expect 2 "void without reason" A invoice void INV-1
has err "--reason" "void names the missing reason"
expect 2 "write-off without reason" A invoice write-off INV-1
expect 2 "reverse with a bad id" A payment reverse x1 --reason bounced
expect 2 "credit note without amount" A credit-note add $C CN-1
expect 1 "void of an unknown invoice" A invoice void NOPE --reason x --date 2026-02-01
has err "no invoice NOPE" "unknown invoice named"
expect 1 "reverse of an unknown payment" A payment reverse 42 --reason bounced --date 2026-02-01
has err "no payment 42" "unknown payment named"
expect 1 "credit note in another currency" A credit-note add $C CN-1 100 --currency USD --invoice INV-1 --date 2026-02-01
has err "INV-1 is in CNY, the credit note in USD" "currency mismatch named"

expect 0 "payment" A --json payment add --customer $C --amount 3000 --date 2026-02-10 --ref BILL-7
json 'int(o["id"]) == 1 and o["applied"][0]["invoice"] == "INV-1"' "payment applied oldest first"
expect 1 "same payment twice" A payment add --customer $C --amount 3000 --date 2026-02-10 --ref BILL-7
has err "repeats payment 1" "duplicate names the earlier payment"
has err "--allow-duplicate" "duplicate says how to add it anyway"
expect 1 "void with a payment applied" A invoice void INV-1 --reason "wrong customer" --date 2026-02-20
has err "payment 1 is applied to invoice INV-1" "void names the payment"
expect 1 "write-off of more than outstanding" A invoice write-off INV-1 --reason x --amount 7000.01 --date 2026-02-20
has err "more than the 700000 outstanding" "write-off names what is outstanding"

# --- corrections ---
expect 0 "credit note" A --json credit-note add $C CN-1 -1000 --invoice INV-1 --date 2026-02-15 --reason "price agreed"
json 'o["kind"] == "credit note" and o["number"] == "CN-1" and int(o["amount"]) == 100000 and o["applied"][0]["invoice"] == "INV-1"' "credit note JSON"
expect 0 "credit note again" A --json credit-note add $C CN-1 -1000 --invoice INV-1 --date 2026-02-15 --reason "price agreed"
json 'o["result"] == "unchanged"' "same credit note again is unchanged"
expect 1 "credit note number reused" A credit-note add $C CN-1 5 --date 2026-02-15
has err "already exists" "reused number refused"
expect 0 "void" A invoice void INV-2 --reason "issued twice" --date 2026-02-20
has out "invoice INV-2 void from 2026-02-20" "void text"
has out "reason: issued twice" "void text names the reason"
expect 1 "void twice" A invoice void INV-2 --reason again --date 2026-02-21
has err "void since 2026-02-20" "second void refused"
expect 0 "write-off" A --json invoice write-off INV-1 --reason "settled" --amount 1000 --date 2026-02-25
json 'o["kind"] == "write-off" and int(o["amount"]) == 100000' "write-off JSON"
expect_order() { A --json order-check $C 1 --as-of "$1" >out 2>err; }
expect_order 2026-02-24; json 'o["owed"][0]["written_off"] == 0' "no write-off before its day"
expect_order 2026-02-26; json 'o["owed"][0]["written_off"] == 100000' "order-check shows the write-off"
A order-check $C 1 --as-of 2026-02-26 >out 2>err
has out "written off 1,000.00" "order-check text shows the write-off"
expect 0 "reverse" A --json payment reverse 1 --reason "承兑汇票 bounced" --date 2026-03-05
json 'o["kind"] == "reversal" and int(o["payment"]) == 1 and o["reopened"][0]["invoice"] == "INV-1" and int(o["reopened"][0]["amount"]) == 300000' "reversal JSON"
expect 1 "reverse twice" A payment reverse 1 --reason again --date 2026-03-06
has err "reversed on 2026-03-05 already" "second reversal refused"

# --- as of dates ---
expect 0 "aging before the corrections" A --json aging --as-of 2026-02-14
json 'int(o["by_currency"][0]["totals"]["total"]) == 1200000' "aging as of Feb 14 sees only the payment"
expect 0 "aging after them" A --json aging --as-of 2026-03-04
json 'int(o["by_currency"][0]["totals"]["total"]) == 500000' "aging as of Mar 4: 10000 - 3000 - 1000 - 1000, INV-2 void"
expect 0 "invoice show" A --json invoice show INV-1 --as-of 2026-03-31
json 'int(o["outstanding"]) == 800000 and any(p["kind"] == "credit note" for p in o["payments"])' "invoice show as of Mar 31: the reversal re-opened 3000"
expect 0 "statement" A statement $C --month 2026-02 --format csv
has out "credit note CN-1" "statement lists the credit note"
has out "void INV-2" "statement lists the void"
has out "write-off INV-1" "statement lists the write-off"
has out "price agreed" "statement shows the reason"
expect 0 "statement JSON" A --json statement $C --month 2026-03
json 'any(l["kind"] == "reversal" and l["reason"] == "承兑汇票 bounced" for l in o["lines"])' "statement lists the reversal"

# --- imports ---
cat > inv.csv <<'CSV'
number,customer,issue_date,due_date,amount,currency,order_ref
INV-3,local:C-1,2026-03-01,,800,,
CN-2,local:C-1,2026-03-02,,-150.00,,return
CSV
expect 0 "import a credit note" A --json import invoices inv.csv
json 'o["added"] == 2' "negative row is a credit note"
expect 0 "import it again" A --json import invoices inv.csv
json 'o["added"] == 0 and o["unchanged"] == 2' "re-import adds nothing"
printf 'date,customer,amount,currency,invoice,reference\n2026-03-10,local:C-1,50,,,X-1\n' > pay.csv
expect 0 "hand payment" A payment add --customer $C --amount 50 --date 2026-03-10 --ref X-1
expect 1 "import of the same payment" A import payments pay.csv
has err "pay.csv:2:" "import refusal names file:line"
has err "repeats payment 2" "import refusal names the earlier payment"
expect 0 "import allowed" A --json import payments pay.csv --allow-duplicate
json 'o["added"] == 1' "allowed import adds it"
expect 0 "import again" A --json import payments pay.csv
json 'o["added"] == 0' "re-import of the file adds nothing"
# Paid again after the bounce: not a repeat of the reversed payment.
expect 0 "the bill paid again" A payment add --customer $C --amount 3000 --date 2026-02-10 --ref BILL-7

finish
