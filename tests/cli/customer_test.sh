#!/usr/bin/env bash
# customer_test.sh ARNET SRC_DIR - a customer's record through its life:
# every change to it (limit, terms, grade, hold, name, currency) is kept
# with the time it was made and shown by `customer show`, never edited;
# a refused change leaves no trace; --as-of before a change hides it.
# Then its whole history: closed invoices and how each closed, payments
# with their reversals, corrections, newest first and cut at --limit; the
# same in `invoice show`; English or Chinese (--lang, [node] lang).
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }

expect 0 "add" A customer add local:C-1 --name "华信贸易" --limit 100,000 --terms 30
expect 2 "a bad grade is refused" A customer set local:C-1 --grade Z
expect 0 "cut the limit" A customer set local:C-1 --limit 60,000 --terms 15
expect 0 "grade" A customer set local:C-1 --grade C
expect 0 "hold" A customer set local:C-1 --status hold
expect 0 "rename" A customer set local:C-1 --name "福州华信贸易有限公司"
expect 0 "unchanged set" A customer set local:C-1 --grade C
expect 0 "another customer" A customer add local:C-10 --name "Ten"

expect 0 "show" A customer show local:C-1
has out "changes to the record:" "show has the changes"
has out "credit limit 100,000.00 CNY -> 60,000.00 CNY" "the limit cut, with its currency"
has out "terms 30 -> 15 days" "terms"
has out "grade none -> C" "grade"
has out "status active -> hold" "hold"
has out "name changed (was 华信贸易)" "the old name kept"

expect 0 "show json" A --json customer show local:C-1
json '[c["kind"] for c in o["changes"]] == ["added", "limit", "terms", "grade", "status", "name"]' "every change once, in order"
json 'o["changes"][1]["old"] == 10000000 and o["changes"][1]["new"] == 6000000 and o["changes"][1]["currency"] == "CNY"' "limit in minor units"
json 'o["changes"][4]["old"] == "active" and o["changes"][4]["new"] == "hold"' "status names"
json 'all(c["time"].endswith("Z") for c in o["changes"])' "UTC times"
expect 0 "other customer" A --json customer show local:C-10
json '[c["kind"] for c in o["changes"]] == ["added"]' "one customer's changes only"
expect 0 "before the changes" A --json customer show local:C-1 --as-of 2020-01-01
json 'o["changes"] == []' "--as-of before any change shows none"

# --- the whole history: refused options first ---
expect 2 "--limit 0" A customer show local:C-1 --limit 0
has err "--limit" "the option named"
expect 2 "--limit not a number" A customer show local:C-1 --limit many
expect 2 "--lang neither zh nor en" A customer show local:C-1 --lang fr
has err "--lang: zh or en" "the language named"
expect 2 "invoice show --limit 0" A invoice show X --limit 0
expect 1 "invoice show of no invoice" A invoice show NO-SUCH --lang zh

expect 0 "a customer without invoices" A --json customer show local:C-10
json 'o["closed_invoices"] == [] and o["closed_invoices_total"] == 0 and o["corrections"] == [] and o["payments"] == [] and o["limit"] == 50' "empty history lists"
expect 0 "empty history as text" A customer show local:C-10 --lang en
has out "closed invoices as of" "closed section"
has out "corrections to" "corrections section"

S() { A "$@" >/dev/null 2>&1 || bad "setup: $*"; }
S customer add local:H --name "历史客户" --terms 30
S invoice add H-1 --customer local:H --amount 1000 --issued 2026-01-01
S invoice add H-2 --customer local:H --amount 2000 --issued 2026-01-05
S invoice add H-3 --customer local:H --amount 500 --issued 2026-01-06
S invoice add H-4 --customer local:H --amount 700 --issued 2026-01-07
S invoice add H-5 --customer local:H --amount 300 --issued 2026-01-08
S payment add --customer local:H --amount 1000 --date 2026-02-01 --invoice H-1 --ref BANK-1
S payment reverse 1 --reason "承兑汇票退票" --date 2026-02-10
S payment add --customer local:H --amount 1000 --date 2026-02-15 --invoice H-1 --ref BANK-2
S credit-note add local:H CN-1 2000 --invoice H-2 --date 2026-02-16 --reason "退货"
S invoice void H-3 --reason "wrong customer" --date 2026-02-17
S invoice write-off H-4 --reason "bad debt" --date 2026-02-18

expect 0 "history, English" A customer show local:H --as-of 2026-03-01 --lang en
has out "  H-5              due 2026-02-07" "the open invoice kept as it was"
has out "  H-4              issued 2026-01-07           700.00 CNY  written off 2026-02-18" "written off, with its day"
has out "  H-3              issued 2026-01-06           500.00 CNY  void        2026-02-17" "void"
has out "  H-2              issued 2026-01-05         2,000.00 CNY  credited    2026-02-16" "credited"
has out "  H-1              issued 2026-01-01         1,000.00 CNY  paid        2026-02-15" "paid again after the reversal: closed on the second payment"
has out "BANK-1 [reversed 2026-02-10: 承兑汇票退票]" "the reversed payment marked with day and reason"
has out "  2026-02-16 credit note CN-1                     2,000.00 CNY  退货" "the credit note"
has out "  2026-02-10 reversal    payment 1                1,000.00 CNY  承兑汇票退票" "the reversal"
grep -A1 "^closed invoices" out | grep -q "H-4" && ok || bad "newest closed first"
grep -A1 "^payments to" out | grep -q "BANK-2" && ok || bad "newest payment first"

expect 0 "history JSON" A --json customer show local:H --as-of 2026-03-01
json '[(c["number"], c["how"], c["closed"]) for c in o["closed_invoices"]] == [("H-4", "written off", "2026-02-18"), ("H-3", "void", "2026-02-17"), ("H-2", "credited", "2026-02-16"), ("H-1", "paid", "2026-02-15")]' "closed invoices: how and when, newest first"
json '[c["kind"] for c in o["corrections"]] == ["write-off", "void", "credit note", "reversal"] and o["corrections_total"] == 4' "corrections newest first"
json 'o["corrections"][2]["number"] == "CN-1" and o["corrections"][2]["amount"] == 200000 and o["corrections"][2]["currency"] == "CNY" and o["corrections"][2]["reason"] == "退货"' "a correction's fields"
json 'o["corrections"][3]["payment"] == 1 and o["corrections"][0]["payment"] is None' "a reversal names its payment"
json 'o["payments"][0]["reversed"] is None and o["payments"][1]["reversed"] == {"date": "2026-02-10", "reason": "承兑汇票退票"}' "payments: the reversal marked"
json '[i["number"] for i in o["open_invoice_list"]] == ["H-5"]' "open invoices unchanged"
expect 0 "history before the reversal" A --json customer show local:H --as-of 2026-02-05
json 'o["payments"][0]["reversed"] is None and [c["number"] for c in o["closed_invoices"]] == ["H-1"] and o["corrections"] == []' "as of a day before: as the books were then"

expect 0 "the limit cuts" A customer show local:H --as-of 2026-03-01 --limit 2 --lang en
has out "  ... 2 more (--limit N shows more)" "the cut says how many more"
expect 0 "the limit cuts JSON" A --json customer show local:H --as-of 2026-03-01 --limit 1
json 'len(o["closed_invoices"]) == 1 and o["closed_invoices_total"] == 4 and len(o["corrections"]) == 1 and o["corrections_total"] == 4 and len(o["payments"]) == 1 and o["payments_total"] == 2 and o["limit"] == 1' "each list cut, with its total"

expect 0 "history in Chinese" A customer show local:H --as-of 2026-03-01 --lang zh
has out "客户           local:H" "Chinese labels, padded by terminal columns"
has out "已结发票（截至 2026-03-01）：" "closed section in Chinese"
has out "已核销" "written off in Chinese"
has out "［已冲回 2026-02-10：承兑汇票退票］" "reversal in Chinese"
has out "红字发票" "credit note in Chinese"
expect 0 "changes in Chinese" A customer show local:C-1 --lang zh
has out "客户资料变更：" "the changes' heading in Chinese"
has out "信用额度 100,000.00 CNY -> 60,000.00 CNY" "the limit cut in Chinese"
has out "状态 正常 -> 信用冻结" "the hold in Chinese"
has out "名称变更（原为 华信贸易）" "the rename in Chinese"
expect 0 "JSON keys stay English under --lang zh" A --json customer show local:H --as-of 2026-03-01 --lang zh
json 'o["closed_invoices"][0]["how"] == "written off" and o["status"] == "active"' "JSON values unchanged by --lang"

# [node] lang decides without --lang.
printf '[node]\nlang = zh\n' > zh.conf
expect 0 "config says zh" A --config zh.conf customer show local:H --as-of 2026-03-01
has out "收款（截至 2026-03-01）：" "Chinese from the config"
expect 0 "--lang en over the config" A --config zh.conf customer show local:H --as-of 2026-03-01 --lang en
has out "payments to 2026-03-01:" "English when asked"
expect 0 "customer list from the config" A --config zh.conf customer list
has out "正常" "the list's status in Chinese"

# --- invoice show: payments applied and corrections ---
expect 0 "invoice show, reversal" A invoice show H-1 --as-of 2026-03-01 --lang en
has out "payments       2026-02-15 1,000.00 CNY (payment 2, BANK-2)" "the payment applied"
has out "               2026-02-01 1,000.00 CNY (payment 1, BANK-1) [reversed 2026-02-10: 承兑汇票退票]" "the reversed one marked"
has out "outstanding    0.00 CNY (closed 2026-02-15: paid)" "closed and how"
expect 0 "invoice show, credit note" A invoice show H-2 --as-of 2026-03-01 --lang en
has out "corrections    2026-02-16 credit note CN-1 2,000.00 CNY: 退货" "the credit note applied"
expect 0 "invoice show, Chinese" A invoice show H-4 --as-of 2026-03-01 --lang zh
has out "更正           2026-02-18 核销 H-4 700.00 CNY：bad debt" "the write-off in Chinese"
has out "未付金额       0.00 CNY（2026-02-18 结清：已核销）" "closed in Chinese"
expect 0 "invoice show JSON" A --json invoice show H-1 --as-of 2026-03-01
json '[(p["id"], p["applied"], p["reversed"]) for p in o["payments_applied"]] == [(2, 100000, None), (1, 100000, {"date": "2026-02-10", "reason": "承兑汇票退票"})]' "payments applied, reversal marked"
json 'o["closed"] == {"how": "paid", "date": "2026-02-15"} and o["corrections"] == [] and len(o["payments"]) == 3' "closed, and the entries as before"
expect 0 "invoice show JSON, void" A --json invoice show H-3 --as-of 2026-03-01
json '[(c["kind"], c["applied"], c["reason"]) for c in o["corrections"]] == [("void", 50000, "wrong customer")] and o["closed"]["how"] == "void"' "the void listed"

# --- the dunning log in Chinese ---
S dunning log H-5 --stage phone --date 2026-02-20 --note "打了电话" --promise-date 2026-02-25 --promise-amount 100
expect 0 "customer show: the log in Chinese" A customer show local:H --as-of 2026-03-01 --lang zh
has out "催收记录（截至 2026-03-01）：" "the log's heading"
has out "2026-02-20  H-5              电话催收：打了电话" "the stage in Chinese"
has out "承诺 2026-02-25 前付 100.00 CNY（未兑现，已付 0.00）" "the promise in Chinese"
expect 0 "invoice show: the log in Chinese" A invoice show H-5 --as-of 2026-03-01 --lang zh
has out "催收           2026-02-20 电话催收：打了电话" "invoice show's log block"
has out "付款承诺       2026-02-20 承诺" "invoice show's promises block"
expect 0 "dunning history in Chinese" A dunning history H-5 --as-of 2026-03-01 --lang zh
has out "电话催收" "the history's stage column in Chinese"
expect 0 "invoice show: the log in English" A invoice show H-5 --as-of 2026-03-01 --lang en
has out "dunning        2026-02-20 phone: 打了电话" "English as before"

# --- a customer with many invoices: 60 paid, the default limit of 50 ---
{ echo "number,customer,issue_date,due_date,amount,currency,order_ref"
  for i in $(seq 1 60); do echo "M-$i,local:H,2026-01-01,2026-01-31,10,,"; done; } > many.csv
{ echo "date,customer,amount,currency,invoice,reference"
  for i in $(seq 1 60); do echo "2026-01-20,local:H,10,,M-$i,R-$i"; done; } > manypay.csv
S import invoices many.csv
S import payments manypay.csv
expect 0 "many, text" A customer show local:H --as-of 2026-03-01 --lang en
has out "  ... 14 more (--limit N shows more)" "64 closed: 50 shown"
n=$(awk '/^closed invoices/ {on = 1; next} /^$/ {on = 0} on && /^  [HM]-/' out | wc -l)
test "$n" -eq 50 && ok || bad "50 closed invoices printed, not $n"
expect 0 "many, JSON" A --json customer show local:H --as-of 2026-03-01
json 'len(o["closed_invoices"]) == 50 and o["closed_invoices_total"] == 64 and len(o["payments"]) == 50 and o["payments_total"] == 62' "JSON cut the same way"

finish
