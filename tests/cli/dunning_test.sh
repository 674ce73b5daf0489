#!/usr/bin/env bash
# dunning_test.sh ARNET SRC_DIR - the dunning log readable: payment
# promises (`dunning promise`, `dunning log --promise-date
# --promise-amount`), what they do to the queue, `dunning history`, and
# the log in `invoice show` and `customer show`, text and JSON.
#
# Refused input first: a promise on an unknown or paid invoice, for more
# than is outstanding, due before it was made, malformed or incomplete.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }

expect 0 "customer" A customer add local:A --name "甲公司"
expect 0 "customer B" A customer add local:B --name "Beta"
expect 0 "invoice I-1" A invoice add I-1 --customer local:A --amount 1000 --issued 2026-01-01 --due 2026-01-31
expect 0 "invoice I-2" A invoice add I-2 --customer local:A --amount 1000 --issued 2025-11-01 --due 2025-11-30
expect 0 "invoice I-3" A invoice add I-3 --customer local:A --amount 1000 --issued 2026-01-01 --due 2026-01-31
expect 0 "invoice P-1" A invoice add P-1 --customer local:B --amount 50 --issued 2026-01-01 --due 2026-01-31
expect 0 "pay P-1" A payment add --customer local:B --amount 50 --date 2026-02-01 --invoice P-1
expect 0 "part of I-1" A payment add --customer local:A --amount 100 --date 2026-02-03 --invoice I-1

# --- refused ---
expect 1 "promise on unknown invoice" A dunning promise NOPE --date 2026-02-20 --amount 10 --on 2026-02-05
has err "NOPE" "unknown invoice named"
expect 1 "promise on a paid invoice" A dunning promise P-1 --date 2026-02-20 --amount 10 --on 2026-02-05
has err "paid" "paid invoice says so"
expect 1 "promise over outstanding" A dunning promise I-1 --date 2026-02-20 --amount 900.01 --on 2026-02-05
has err "900.00 CNY outstanding" "over outstanding names what is owed"
expect 1 "promised date before made" A dunning promise I-1 --date 2026-02-04 --amount 10 --on 2026-02-05
has err "before the day the promise was made" "date before made explained"
expect 1 "promise of nothing" A dunning promise I-1 --date 2026-02-20 --amount 0 --on 2026-02-05
expect 2 "malformed amount" A dunning promise I-1 --date 2026-02-20 --amount 1.234 --on 2026-02-05
has err "--amount" "malformed amount names the option"
expect 2 "promise without amount" A dunning promise I-1 --date 2026-02-20
has err "--amount" "missing amount named"
expect 2 "malformed date" A dunning promise I-1 --date 2026-02-30 --amount 10
expect 2 "log with half a promise" A dunning log I-1 --stage phone --promise-date 2026-02-20
has err "--promise-amount" "half a promise names what is missing"
expect 1 "log with a promise too big" A dunning log I-1 --stage phone --date 2026-02-06 --promise-date 2026-02-25 --promise-amount 5000
expect 0 "nothing was written" A --json dunning history I-1 --as-of 2026-12-31
json 'o["entries"] == []' "the refused call was not logged either"
expect 2 "history of both" A dunning history I-1 --customer local:A
expect 1 "history of unknown customer" A dunning history --customer local:NOPE
expect 1 "history of unknown invoice" A dunning history NOPE

# --- promises ---
expect 0 "call with a promise" A --json dunning log I-1 --stage phone --date 2026-02-06 --note "rang the 财务" --promise-date 2026-02-25 --promise-amount 400
json 'o["stage"] == "phone" and o["promise"] == {"made": "2026-02-06", "date": "2026-02-25", "amount": 40000, "currency": "CNY"}' "log JSON carries the promise"
expect 0 "promise on its own" A dunning promise I-3 --date 2026-03-20 --amount 500 --on 2026-03-05 --note "by email"
has out "500.00 CNY of invoice I-3 by 2026-03-20" "promise text"

# --- the queue ---
expect 0 "queue as of 03-06" A --json dunning --as-of 2026-03-06
json '[(a["invoice"], a["status"]) for a in o["actions"]] == [("I-1", "promise_broken"), ("I-2", "due"), ("I-3", "waiting")]' "broken first, waiting last"
json 'o["actions"][0]["promise"] == {"made": "2026-02-06", "date": "2026-02-25", "amount": 40000, "currency": "CNY", "state": "broken"}' "the broken promise's date and amount"
json 'o["actions"][0]["stage"] == "letter" and o["actions"][2]["promise"]["state"] == "open"' "stages and states"
expect 0 "queue text" A dunning --as-of 2026-03-06
has out "dunning actions due as of 2026-03-06: 2 (and 1 waiting for a promise)" "title counts the waiting apart"
has out "invoice  customer  name" "queue header row"
has out "promise broken (400.00 by 2026-02-25)" "broken promise marked"
has out "wait for the promise: 500.00 by 2026-03-20" "waiting marked"
# The promise kept: I-3 paid in time, back to the ladder as of later.
expect 0 "pay I-3 in time" A payment add --customer local:A --amount 500 --date 2026-03-19 --invoice I-3
expect 0 "queue as of 03-21" A --json dunning --as-of 2026-03-21
json '[(a["invoice"], a["status"], (a["promise"] or {}).get("state")) for a in o["actions"]] == [("I-1", "promise_broken", "broken"), ("I-2", "due", None), ("I-3", "due", "kept")]' "a kept promise lets the ladder go on"

# --- history ---
expect 0 "history of a customer" A dunning history --customer local:A --as-of 2026-03-21
has out "dunning log of local:A to 2026-03-21: 3" "history title"
has out "date        invoice  customer  entry    promised by  promised  currency  state   paid by then  note" "history header row"
has out "rang the 财务" "note shown"
expect 0 "history JSON" A --json dunning history --customer local:A --as-of 2026-03-21
json '[(e["date"], e["invoice"], e["kind"], e["stage"]) for e in o["entries"]] == [("2026-02-06", "I-1", "action", "phone"), ("2026-02-06", "I-1", "promise", "phone"), ("2026-03-05", "I-3", "promise", None)]' "history entries by date"
json 'o["entries"][2]["promise"]["state"] == "kept" and o["entries"][2]["promise"]["paid"] == 50000 and o["entries"][2]["note"] == "by email"' "kept promise in history"
expect 0 "history as of before the promise" A --json dunning history I-3 --as-of 2026-03-04
json 'o["entries"] == []' "as of an earlier day: not yet made"
expect 0 "history open as of its day" A --json dunning history I-3 --as-of 2026-03-18
json 'o["entries"][0]["promise"]["state"] == "open"' "open before the payment"
expect 0 "history in Chinese" A dunning history I-1 --as-of 2026-03-21 --lang zh
has out "日期        发票号  客户编码  记录" "Chinese header row"
has out "未兑现" "Chinese state"
expect 0 "history CSV" A dunning history --as-of 2026-03-21 --format csv
has out "date,invoice,customer,entry,promised by,promised,currency,state,paid by then,note" "CSV header"
has out "2026-02-06,I-1,local:A,promise,2026-02-25,400.00,CNY,broken,0.00," "CSV promise row"

# --- invoice show, customer show ---
expect 0 "invoice show" A invoice show I-1 --as-of 2026-03-21
has out "dunning        2026-02-06 phone: rang the 财务" "invoice show: the call"
has out "promises       2026-02-06 promised 400.00 CNY by 2026-02-25 (broken, 0.00 paid)" "invoice show: the promise"
expect 0 "invoice show JSON" A --json invoice show I-1 --as-of 2026-03-21
json 'o["dunning"] == [{"date": "2026-02-06", "stage": "phone", "note": "rang the 财务"}]' "invoice JSON dunning"
json '[(p["made"], p["date"], p["amount"], p["currency"], p["state"]) for p in o["promises"]] == [("2026-02-06", "2026-02-25", 40000, "CNY", "broken")]' "invoice JSON promises"
expect 0 "customer show" A customer show local:A --as-of 2026-03-21
has out "dunning log to 2026-03-21:" "customer show has the log"
has out "2026-03-05  I-3              promised 500.00 CNY by 2026-03-20 (kept): by email" "customer show: a kept promise"
expect 0 "customer show JSON" A --json customer show local:A --as-of 2026-03-21
json '[(p["invoice"], p["state"]) for p in o["promises"]] == [("I-1", "broken"), ("I-3", "kept")] and [d["invoice"] for d in o["dunning"]] == ["I-1"]' "customer JSON log"
expect 0 "customer without a log" A --json customer show local:B --as-of 2026-03-21
json 'o["dunning"] == [] and o["promises"] == []' "empty log"

# A follow-up after the broken promise: the letter, dated after it.
expect 0 "letter logged" A dunning log I-1 --stage letter --date 2026-03-21
expect 0 "queue after the follow-up" A --json dunning --as-of 2026-03-21
json '"I-1" not in [a["invoice"] for a in o["actions"]]' "followed up: off the top"

finish
