#!/usr/bin/env bash
# demo_test.sh SRC BIN - the README's first command, deploy/demo.sh, on
# the binaries of this build: it runs to the end (exit 0) and tells the
# whole story (each step's output is where the demo says it is). The demo
# makes its own temporary directory and stops its own daemons.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
expect 0 "the demo runs to the end" env ARNET_BIN="$bin/cli" ARNETD_BIN="$bin/node" "$src/deploy/demo.sh"
cat err >>out
has out "2 nodes up" "an association of two nodes"
has out "nothing of invoices-bad.csv was imported" "a bad file is refused whole"
has out "应收账款账龄（CNY" "aging"
has out "应采取的催收行动" "the dunning queue"
has out "催款函" "a letter"
has out "合计未付：人民币贰万贰仟肆佰元整（¥22,400.00）" "the customer's letter in 大写"
has out "对账单（对账确认函）" "the statement"
has out "客户（盖章）" "the statement's confirmation block"
has out "HOLD: hold an order" "an order held"
has out "published to the other members" "a DEFAULT published"
has out "grade D" "member B's check sees it"
has out "the signature does not verify" "an altered record refused"
has out "SETTLEMENT" "the settlement reaches member B"
finish
