#!/usr/bin/env bash
# letter_test.sh ARNET SRC_DIR - the dunning letters (`arnet letter`):
# one invoice's letter and one customer's letter listing every open
# invoice the stage fits, each stage in Chinese and in English compared
# byte for byte with tests/cli/golden/letter-*.txt; the language from
# `[node] lang`; --json; --out.
#
# Refused first: a letter without the firm's details (the key and the
# config file named), a letter for an invoice that is paid, void, or not
# due for the stage (--force writes it anyway), a customer letter with no
# invoice that fits, malformed options.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }
day=2026-12-15
stages="reminder phone letter lawyer litigation"

# --- the books: one customer, an invoice at each stage of the ladder as
# of $day (terms 30 days), one in USD, one paid, one void, one written
# off ---
A customer add local:ACME --name 厦门某某机电有限公司 --limit 500,000 --terms 30 >/dev/null
A customer contact local:ACME --address "福建省厦门市思明区湖滨南路 1 号" --person 王经理 --phone 0592-1234567 --finance-head 李会计 >/dev/null
A customer add local:EMPTY --name 泉州丙公司 --terms 30 >/dev/null
inv() { A invoice add "$@" >/dev/null || bad "invoice add $*"; }
inv INV-R --customer local:ACME --amount 12,345.67 --issued 2026-11-19 --order PO-5601   # due 12-19: -4 days
inv INV-P --customer local:ACME --amount 23,750.50 --issued 2026-11-05 --order PO-5588   # due 12-05: 10 days
inv INV-L --customer local:ACME --amount 186,400.00 --issued 2026-10-08 --order PO-5521  # due 11-07: 38 days
inv INV-W --customer local:ACME --amount 64,000.00 --issued 2026-09-01                   # due 10-01: 75 days
inv INV-X --customer local:ACME --amount 50,000.00 --issued 2026-07-01 --order PO-5012   # due 07-31: 137 days
inv INV-USD --customer local:ACME --amount 1,234.56 --currency USD --issued 2026-09-20   # due 10-20: 56 days
inv INV-PAID --customer local:ACME --amount 8,000.00 --issued 2026-09-01
inv INV-VOID --customer local:ACME --amount 9,000.00 --issued 2026-09-01
A payment add --customer local:ACME --amount 8,000.00 --date 2026-10-01 --invoice INV-PAID >/dev/null
A payment add --customer local:ACME --amount 14,000.00 --date 2026-11-30 --invoice INV-X --ref "电汇 HX20261130-0007" >/dev/null
A invoice void INV-VOID --reason "开错发票" --date 2026-10-10 >/dev/null
inv INV-WO --customer local:ACME --amount 700.00 --issued 2026-08-01
A invoice write-off INV-WO --reason "坏账核销" --date 2026-11-01 >/dev/null
inv E-1 --customer local:EMPTY --amount 100.00 --issued 2026-12-01  # due 12-31: -16 days

cp "$src/tests/cli/golden/firm.conf" firm.conf  # the firm of the goldens
L() { A --config firm.conf letter "$@" --as-of $day; }

# --- refused: the firm's details ---
expect 1 "letter without a config" A letter INV-L --stage letter --as-of $day
has err "a letter carries the firm's name: set [member] name in the data directory's arnet.conf" "names the key and the file"
printf '[member]\nname = F\naddress = A\nphone = 1\nbank = B\n' > no-account.conf
expect 1 "letter without the account" A --config no-account.conf letter INV-L --stage letter --as-of $day
has err "a letter carries the firm's account: set [member] account in no-account.conf" "names the missing key and the config file"
expect 1 "customer letter without the account" A --config no-account.conf letter --customer local:ACME --stage letter --as-of $day
has err "set [member] account in no-account.conf" "the customer letter too"
printf '[member]\naddress = A\n' > no-name.conf
expect 1 "phone notes without the firm's name" A --config no-name.conf letter INV-P --stage phone --as-of $day
has err "set [member] name in no-name.conf" "the phone notes need the name alone"
printf '[member]\nname = F\n' > name-only.conf
expect 0 "phone notes with the name alone" A --config name-only.conf letter INV-P --stage phone --as-of $day
has out "INV-P" "the notes are written"

# --- refused: usage ---
expect 0 "help letter" A help letter
has out "(INVOICE | --customer ID) --stage STAGE" "the usage names both forms"
expect 2 "letter without a stage" L INV-L
expect 2 "letter bad stage" L INV-L --stage shout
expect 2 "letter bad lang" L INV-L --stage letter --lang fr
expect 2 "letter bad date" A --config firm.conf letter INV-L --stage letter --as-of 2026-02-30
expect 2 "letter invoice and customer" L INV-L --customer local:ACME --stage letter
has err "an INVOICE or --customer ID (one of them)" "says to choose one"
expect 2 "letter neither" L --stage letter
expect 2 "letter bad customer id" L --customer "uscc:123" --stage letter
expect 2 "letter unknown option" L INV-L --stage letter --fax 1

# --- refused: an invoice the letter does not fit ---
expect 1 "unknown invoice" L INV-NONE --stage letter
has err "INV-NONE" "names the invoice"
expect 1 "letter for a paid invoice" L INV-PAID --stage letter
has err "invoice INV-PAID (8,000.00 CNY) is paid in full as of 2026-12-15: no letter to send (--force to write one anyway)" "says it is paid"
expect 1 "letter for a void invoice" L INV-VOID --stage letter
has err "invoice INV-VOID was void on 2026-10-10: no letter to send (--force to write one anyway)" "says it is void, and since when"
expect 1 "letter for a written-off invoice" L INV-WO --stage litigation
has err "invoice INV-WO was written off on 2026-11-01: no letter to send" "says it is written off"
expect 1 "lawyer's letter too early" L INV-L --stage lawyer
has err "invoice INV-L is 38 days past due as of 2026-12-15 (due 2026-11-07); the lawyer letter is for 60 days past due or more (the stage it has reached: letter; --force to write it anyway)" "says which stage it has reached"
expect 1 "phone notes before the due date" L INV-R --stage phone
has err "the stage it has reached: reminder" "a coming due date is at the reminder"
expect 1 "reminder once overdue" L INV-P --stage reminder
has err "invoice INV-P is already 10 days past due (due 2026-12-05): the reminder speaks of a coming due date; the stage it has reached is phone" "the reminder is refused past due"
expect 1 "a letter refused writes nothing" L INV-PAID --stage letter --out refused.txt
[ ! -e refused.txt ] && ok || bad "a refused letter created its --out file"
expect 0 "a later invoice, an earlier stage" L INV-X --stage letter --lang zh
has out "逾期天数：137 天" "a formal letter sent late is still one"

# --- --force ---
expect 0 "paid, forced" L INV-PAID --stage letter --force --lang en
has out "invoiced CNY 8,000.00, open CNY 0.00" "the forced letter has the figures as they are"
expect 0 "too early, forced" L INV-L --stage lawyer --force --lang zh
has out "律师函" "the lawyer's letter, forced"
expect 0 "void, forced" L INV-VOID --stage litigation --force
has out "INV-VOID" "the void invoice, forced"

# --- one customer's letter ---
expect 1 "customer letter, nothing fits" L --customer local:EMPTY --stage phone
has err "local:EMPTY has no overdue invoice for the phone letter as of 2026-12-15 (one open and 1 or more days past due; --force for every open one)" "says what would fit"
expect 1 "customer reminder, nothing fits" A --config firm.conf letter --customer local:EMPTY --stage reminder --as-of 2026-12-01
has err "local:EMPTY has no invoice for the reminder as of 2026-12-01 (one open and due within 7 days, not yet past due; --force for every open one)" "the reminder's window"
expect 0 "customer letter, forced" L --customer local:EMPTY --stage phone --force --lang en
has out "1 invoice(s) past due" "--force lists every open invoice"
has out "E-1" "the open invoice"
expect 1 "customer letter unknown customer" L --customer local:NOBODY --stage letter
has err "local:NOBODY" "names the customer"
expect 0 "customer letter json" A --json --config firm.conf letter --customer local:ACME --stage letter --as-of $day --lang zh
json 'o["customer"] == "local:ACME" and o["stage"] == "letter" and o["lang"] == "zh" and o["invoices"] == ["INV-L", "INV-USD", "INV-W", "INV-X"] and "合计未付：人民币贰拾捌万陆仟肆佰元整（¥286,400.00）；USD 1,234.56。" in o["text"]' "the invoices that fit, the totals per currency"
expect 0 "customer letter, every stage it fits" A --json --config firm.conf letter --customer local:ACME --stage lawyer --as-of $day
json 'o["invoices"] == ["INV-W", "INV-X"]' "paid, void, earlier and other stages left out"
! grep -q "INV-PAID\|INV-VOID\|INV-WO" out && ok || bad "a paid, void or written-off invoice in a customer letter"

# --- JSON of one invoice's letter, --out ---
expect 0 "invoice letter json" A --json --config firm.conf letter INV-W --stage lawyer --as-of $day --lang en
json 'set(o) == {"invoice", "stage", "lang", "text"} and o["invoice"] == "INV-W" and o["stage"] == "lawyer" and o["lang"] == "en" and "75 days past due" in o["text"]' "invoice, stage, lang, text"
expect 0 "letter to a file" L INV-L --stage letter --out letter.txt --lang zh
empty out "nothing on stdout with --out"
L INV-L --stage letter --lang zh > direct.txt
cmp -s letter.txt direct.txt && ok || bad "--out differs from stdout"
expect 1 "letter never overwrites" L INV-L --stage letter --out letter.txt
has err "cannot create letter.txt" "names the file"

# --- the language from [node] lang, as the reports ---
{ cat firm.conf; printf '[node]\nlang = en\n'; } > en.conf
{ cat firm.conf; printf '[node]\nlang = zh\n'; } > zh.conf
expect 0 "lang en from the config" A --config en.conf letter INV-L --stage letter --as-of $day
has out "Demand for payment" "[node] lang = en gives English"
expect 0 "lang zh from the config" A --config zh.conf letter --customer local:ACME --stage letter --as-of $day
has out "催款函" "[node] lang = zh gives Chinese"
expect 0 "--lang over the config" A --config en.conf --json letter INV-L --stage letter --as-of $day --lang zh
json 'o["lang"] == "zh" and o["text"].startswith("催款函")' "--lang wins"
expect 0 "no [node] lang" A --json --config firm.conf letter INV-L --stage letter --as-of $day
json 'o["lang"] == "en"' "absent: English, as the reports"

# --- the letters, byte for byte: every stage, one invoice (the one at
# that stage) and the customer (every invoice the stage fits) ---
declare -A at=([reminder]=INV-R [phone]=INV-P [letter]=INV-L [lawyer]=INV-W [litigation]=INV-X)
# letters KIND LANG: the letter of every stage in LANG, of the invoice at
# that stage (KIND invoice) or of local:ACME (KIND customer), one after
# the other, compared with golden/letter-KIND-LANG.txt
letters() {
	local kind=$1 lang=$2 s name
	local -a of
	: > doc
	for s in $stages; do
		if [ "$kind" = invoice ]; then
			of=("${at[$s]}") name="letter ${at[$s]} $s $lang"
		else
			of=(--customer local:ACME) name="customer letter $s $lang"
		fi
		echo "==> letter ${of[*]} --stage $s --lang $lang <==" >> doc
		expect 0 "$name" L "${of[@]}" --stage $s --lang $lang
		cat out >> doc
	done
	golden doc letter-$kind-$lang.txt "$kind letters $lang"
}
for lang in zh en; do
	letters invoice $lang
	letters customer $lang
done

finish
