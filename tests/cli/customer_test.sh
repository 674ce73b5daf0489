#!/usr/bin/env bash
# customer_test.sh ARNET SRC_DIR - a customer's record through its life:
# every change to it (limit, terms, grade, hold, name, currency) is kept
# with the time it was made and shown by `customer show`, never edited;
# a refused change leaves no trace; --as-of before a change hides it.
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

finish
