#!/usr/bin/env bash
# reports_test.sh ARNET SRC_DIR - the reports of the books in every
# currency, the firm's aging bands and basis, and their language.
#
# Refused first: bad [aging] keys (the file:line and the key named) and
# bad --bands / --basis (usage errors). Then books in CNY and USD: aging,
# late-fee, top-overdue and dso show each currency apart with its own
# totals (text, CSV, JSON) unless --currency picks one; --bands and
# --basis and [aging] move amounts between the buckets they should; the
# language comes from [node] lang (arnet init writes zh, absent is en);
# a long Chinese name is cut with an ellipsis and the columns stay
# aligned.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }
D=2026-11-22

# --- refused config values, before any books ---
bad_conf() { # NAME LINE VALUE... : a config whose line LINE is refused
	local name=$1 line=$2
	shift 2
	printf '%s\n' "$@" > bad.conf
	expect 1 "$name" A --config bad.conf aging --as-of $D
	has err "bad.conf:$line: " "$name names the file and line"
}
bad_conf "bands falling" 3 '[aging]' 'basis = due' 'bands = 30,20'
has err "bands" "bands falling names the key"
bad_conf "bands of zero" 2 '[aging]' 'bands = 0,30'
bad_conf "bands not numbers" 2 '[aging]' 'bands = thirty'
has err '"thirty"' "bands not numbers quotes the value"
bad_conf "bands repeated" 2 '[aging]' 'bands = 30,30'
bad_conf "nine bands" 2 '[aging]' 'bands = 1,2,3,4,5,6,7,8,9'
has err "more than 8" "nine bands says the most"
bad_conf "empty bands" 2 '[aging]' 'bands ='
bad_conf "bad basis" 2 '[aging]' 'basis = issue'
has err "basis must be due or invoice" "bad basis names the key"
bad_conf "unknown aging key" 2 '[aging]' 'buckets = 30'
bad_conf "bad lang" 2 '[node]' 'lang = fr'
has err "lang must be zh or en" "bad lang names the key"

# --- books in two currencies ---
expect 0 "customer 1" A customer add local:C-1 --name "福州华信贸易有限公司福清分公司第二仓库"
expect 0 "customer 2" A customer add local:C-2 --name "Acme, Ltd."
# As of 2026-11-22: CNY 1000 due 08-01 (113 days past due, issued 144
# days before); USD 500 due 10-01 (52 past due, issued 82 before); USD 70
# due 11-10 (12 past due, issued 21 before); CNY 40 not yet due.
expect 0 "invoice CNY" A invoice add I-1 --customer local:C-1 --amount 1000 --issued 2026-07-01 --due 2026-08-01
expect 0 "invoice USD" A invoice add I-2 --customer local:C-1 --amount 500 --issued 2026-09-01 --due 2026-10-01 --currency USD
expect 0 "invoice USD 2" A invoice add I-3 --customer local:C-2 --amount 70 --issued 2026-11-01 --due 2026-11-10 --currency USD
expect 0 "invoice CNY 2" A invoice add I-4 --customer local:C-2 --amount 40 --issued 2026-11-20 --due 2026-12-20

# --- bad options ---
expect 2 "--bands falling" A aging --as-of $D --bands 60,30
has err "--bands: 30 after 60" "--bands falling says which"
expect 2 "--bands junk" A aging --as-of $D --bands 30,x
expect 2 "--basis junk" A aging --as-of $D --basis paid
has err "basis must be due or invoice" "--basis junk says what it takes"
expect 2 "--lang junk" A aging --as-of $D --lang fr

# --- every currency, apart ---
expect 0 "aging json" A --json aging --as-of $D
json '[s["currency"] for s in o["by_currency"]] == ["CNY", "USD"] and "currency" not in o and "totals" not in o' "a section per currency, none added"
json 'o["by_currency"][0]["totals"]["total"] == 104000 and o["by_currency"][0]["totals"]["90+"] == 100000 and o["by_currency"][0]["totals"]["current"] == 4000' "CNY totals"
json 'o["by_currency"][1]["totals"]["total"] == 57000 and o["by_currency"][1]["totals"]["31-60"] == 50000 and o["by_currency"][1]["totals"]["1-30"] == 7000' "USD totals"
expect 0 "aging one currency" A --json aging --as-of $D --currency USD
json '[s["currency"] for s in o["by_currency"]] == ["USD"]' "--currency picks one"
expect 0 "aging text" A aging --as-of $D --lang en
has out "aging of receivables in CNY as of $D (days past due)" "CNY title"
has out "aging of receivables in USD as of $D (days past due)" "USD title"
[ "$(grep -c '^customer ' out)" = 2 ] && ok || bad "a header row per table"
[ "$(grep -c '^total ' out)" = 2 ] && ok || bad "a totals row per table"
has out "  福州华信贸易有限公司福…  " "a long name is cut with an ellipsis at 24 columns"
if python3 - out <<'PY'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
tables = open(sys.argv[1], encoding="utf-8").read().split("\n\n")
for t in tables:
    rows = [l for l in t.splitlines() if l and not l.startswith("-") and not l.startswith("aging")]
    if not rows:
        continue
    # the last column is an amount, right-aligned: every row ends together
    assert len({width(r) for r in rows}) == 1, [(width(r), r) for r in rows]
PY
then ok; else bad "columns aligned with a Chinese name in them"; fi
expect 0 "aging csv" A aging --as-of $D --format csv --lang en
has out "currency,customer,name,current,1-30,31-60,61-90,90+,total" "CSV leads with the currency"
has out "CNY,total,,40.00,0.00,0.00,0.00,1000.00,1040.00" "CSV CNY totals row"
has out "USD,total,,0.00,70.00,500.00,0.00,0.00,570.00" "CSV USD totals row"
has out 'USD,local:C-2,"Acme, Ltd.",0.00,70.00' "CSV USD row"
expect 0 "late-fee json" A --json late-fee --as-of $D
json '[s["currency"] for s in o["by_currency"]] == ["CNY", "USD"] and [r["number"] for r in o["by_currency"][1]["invoices"]] == ["I-2", "I-3"] and "total" not in o' "late fees per currency"
expect 0 "late-fee text" A late-fee --as-of $D --lang en
has out "late fees in USD as of $D" "late-fee USD title"
expect 0 "top-overdue json" A --json top-overdue --as-of $D
json '[(s["currency"], s["total_overdue"]) for s in o["by_currency"]] == [("CNY", 100000), ("USD", 57000)]' "overdue per currency"
expect 0 "dso json" A --json dso --as-of $D --days 90
json '[(s["currency"], s["receivables"]) for s in o["by_currency"]] == [("CNY", 104000), ("USD", 57000)]' "dso per currency"
expect 0 "dso text" A dso --as-of $D --lang en
has out "receivables at the end" "dso has a header row"
has out "USD" "dso shows USD"

# --- one reporting currency at the [fx] rates ---
expect 1 "--reporting-currency without a rate" A aging --as-of $D --reporting-currency CNY
has err "no [fx] rate to convert USD to CNY" "names the rate missing"
expect 2 "--reporting-currency junk" A aging --as-of $D --reporting-currency XX
printf '[fx]\ndate = 2026-11-20\nUSD = 7.1\n' > fx.conf
expect 0 "--reporting-currency" A --config fx.conf --json aging --as-of $D --reporting-currency CNY
json '[s["currency"] for s in o["by_currency"]] == ["CNY"] and o["converted"] == {"to": "CNY", "fx_date": "2026-11-20", "from": ["CNY", "USD"]}' "one section, the conversion said"
# C-1: 1000 CNY 90+ and 500 USD 31-60 (3550 CNY); C-2: 40 CNY current, 70 USD 1-30 (497 CNY)
json 'o["by_currency"][0]["totals"]["total"] == 104000 + 355000 + 49700 and o["by_currency"][0]["totals"]["31-60"] == 355000' "converted totals"
json '[(c["id"], c["total"]) for c in o["by_currency"][0]["customers"]] == [("local:C-1", 455000), ("local:C-2", 53700)]' "a row per customer"
expect 0 "--reporting-currency text" A --config fx.conf aging --as-of $D --reporting-currency CNY --lang en
has out "amounts in USD converted to CNY at the [fx] rates of 2026-11-20" "the text says what was converted"

# --- bands and basis ---
expect 0 "--bands" A --json aging --as-of $D --bands 30,60,90,180
json 'o["bands"] == [30,60,90,180] and o["buckets"] == ["current","1-30","31-60","61-90","91-180","180+"]' "--bands buckets"
json 'o["by_currency"][0]["totals"]["91-180"] == 100000 and o["by_currency"][0]["totals"]["180+"] == 0' "113 days past due in 91-180"
expect 0 "--basis invoice" A --json aging --as-of $D --basis invoice
json 'o["basis"] == "invoice" and o["buckets"] == ["0-30","31-60","61-90","90+"]' "invoice-date buckets"
json 'o["by_currency"][0]["totals"]["0-30"] == 4000 and o["by_currency"][0]["totals"]["90+"] == 100000' "CNY by invoice date"
json 'o["by_currency"][1]["totals"]["0-30"] == 7000 and o["by_currency"][1]["totals"]["61-90"] == 50000' "USD by invoice date"
expect 0 "--basis invoice text" A aging --as-of $D --basis invoice --lang zh
has out "按开票日起天数" "the invoice basis in the title"
has out "0-30天" "the invoice basis in the headers"
printf '[aging]\nbasis = invoice\nbands = 15,45\n' > aging.conf
expect 0 "[aging] config" A --config aging.conf --json aging --as-of $D
json 'o["basis"] == "invoice" and o["bands"] == [15,45] and o["buckets"] == ["0-15","16-45","45+"]' "[aging] gives the buckets"
expect 0 "--basis over config" A --config aging.conf --json aging --as-of $D --basis due
json 'o["basis"] == "due" and o["buckets"] == ["current","1-15","16-45","45+"]' "--basis overrides [aging]"

# --- the language: [node] lang, zh for a new node, en when absent ---
expect 0 "no lang key" A aging --as-of $D
has out "aging of receivables in CNY" "English when the config has no lang"
printf '[node]\nlang = zh\n' > zh.conf
expect 0 "lang = zh" A --config zh.conf aging --as-of $D
has out "应收账款账龄（CNY" "Chinese title from [node] lang"
has out "客户编码" "Chinese header from [node] lang"
has out "逾期90天以上" "Chinese bucket header"
expect 0 "--lang en over lang = zh" A --config zh.conf aging --as-of $D --lang en
has out "aging of receivables in CNY" "--lang overrides [node] lang"
for c in late-fee:逾期滞纳金 top-overdue:逾期最多的客户 dso:应收账款周转天数 review:信用额度复核; do
	expect 0 "${c%%:*} in Chinese" A --config zh.conf "${c%%:*}" --as-of $D
	has out "${c#*:}" "${c%%:*} follows [node] lang"
done
printf 'root words\n' > pass
chmod 600 pass # arnet refuses a passphrase file others may read
expect 0 "admin init" A admin init --dir admin --passphrase-file pass
ROOT=$(tail -n 1 admin/root.key.pub)
expect 0 "init" A --data n1 init --member-id local:M1 --name M1 --root-key "$ROOT"
grep -q '^lang = zh$' n1/arnet.conf && ok || bad "arnet init writes lang = zh"
expect 0 "the written config loads" A --config n1/arnet.conf aging --as-of $D
has out "应收账款账龄" "a new node speaks Chinese"

finish
