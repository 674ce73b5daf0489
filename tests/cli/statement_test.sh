#!/usr/bin/env bash
# statement_test.sh ARNET SRC_DIR - what a firm sends its customers:
# their contact data (customer contact, the import's contact columns),
# the firm's details from the config, the reconciliation statement
# (对账单) and the dunning letters, each compared byte for byte with a
# golden file in tests/cli/golden/ in Chinese and in English.
#
# Refused input first: contact data for an unknown customer or of the
# wrong shape, a statement or letter without the firm's details, a
# letter for a customer with nothing overdue at that stage.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }
# same NAME WHAT: ./out is byte for byte golden/NAME (lib.sh golden)
same() { golden out "$@"; }

# --- contact data: refused first ---
expect 0 "a customer" A customer add local:ACME --name 厦门某某机电有限公司 --limit 500,000 --terms 30
expect 1 "contact of an unknown customer" A customer contact local:NOBODY --phone 1
has err "no customer local:NOBODY" "names the unknown customer"
expect 1 "contact e-mail not an address" A customer contact local:ACME --email 0592-1234567
has err 'email "0592-1234567" is not an address' "names the e-mail field"
expect 1 "contact with a control character" A customer contact local:ACME --person "$(printf 'a\tb')"
has err "person is not valid UTF-8 text" "names the person field"
expect 1 "contact too long" A customer contact local:ACME --phone "$(printf '%065d' 1)"
has err "phone is 65 bytes, at most 64" "names the limit"
expect 2 "contact unknown option" A customer contact local:ACME --fax 1
expect 0 "no contact yet" A customer contact local:ACME
has out "no contact data for local:ACME" "says none is kept"

# --- contact data kept ---
expect 0 "contact set" A customer contact local:ACME --address "福建省厦门市思明区湖滨南路 1 号" --person 王经理 --phone 0592-1234567 --finance-head 李会计 --email caiwu@acme.example.cn
has out "added contact of local:ACME" "contact added"
has out "finance head   李会计" "contact shown after setting"
expect 0 "contact one field" A --json customer contact local:ACME --phone 0592-7654321
json 'o["result"] == "updated" and o["contact"]["phone"] == "0592-7654321" and o["contact"]["person"] == "王经理"' "one field changed, the others kept"
expect 0 "contact show json" A --json customer show local:ACME
json 'o["contact"] == {"address": "福建省厦门市思明区湖滨南路 1 号", "person": "王经理", "phone": "0592-7654321", "finance_head": "李会计", "email": "caiwu@acme.example.cn"}' "customer show JSON has the contact"
expect 0 "contact in customer show" A customer show local:ACME
has out "contact person 王经理" "customer show prints the contact block"

# --- contact columns in a customers import ---
printf '客户编码,客户名称,联系地址,联系人,联系电话,财务负责人,电子邮箱\nlocal:B,福州乙公司,福州市台江区,张三,0591-1111,,bad\n' > bad-contacts.csv
expect 1 "import with a bad e-mail" A import customers bad-contacts.csv
has err "bad-contacts.csv:2: email" "file:line and the field"
expect 1 "nothing of it kept" A customer show local:B
printf '客户编码,客户名称,地址,联系人,电话,财务负责人,邮箱\nlocal:B,福州乙公司,福州市台江区,张三,0591-1111,赵四,zs@b.example.cn\nlocal:ACME,厦门某某机电有限公司,,,0592-1234567,,\n' > contacts.csv
expect 0 "import contacts" A import customers contacts.csv
has out "1 added, 1 updated" "a contact change is an update"
expect 0 "imported contact" A --json customer contact local:B
json 'o["contact"]["finance_head"] == "赵四" and o["contact"]["email"] == "zs@b.example.cn"' "the import's contact columns"
expect 0 "empty cells keep" A --json customer contact local:ACME
json 'o["contact"]["phone"] == "0592-1234567" and o["contact"]["person"] == "王经理"' "empty cells keep the books' value"

# --- the firm's details ---
printf '[member]\nname = 福州某某贸易有限公司\n' > name-only.conf
cp "$src/tests/cli/golden/firm.conf" firm.conf
expect 1 "config value too long" A --config <(printf '[member]\nphone = %065d\n' 1) customer contact local:ACME
has err "phone is longer than 64 bytes" "the config names the key"

# --- the books of the golden statement and letters ---
A invoice add INV-2610-01 --customer local:ACME --amount 186,400.00 --issued 2026-10-08 --order PO-5521 >/dev/null
A invoice add INV-2610-02 --customer local:ACME --amount 23,750.50 --issued 2026-10-21 --order PO-5530 >/dev/null
A invoice add INV-2611-01 --customer local:ACME --amount 64,000.00 --issued 2026-11-05 --order PO-5588 >/dev/null
A invoice add INV-2611-02 --customer local:ACME --amount 12,345.67 --issued 2026-11-26 >/dev/null
A invoice add INV-USD-1 --customer local:ACME --amount 1,234.56 --currency USD --issued 2026-11-10 >/dev/null
A payment add --customer local:ACME --amount 23,750.50 --date 2026-11-09 --ref "电汇 HX20261109-0032" >/dev/null
A payment add --customer local:ACME --amount 50,000.00 --date 2026-11-20 --ref "银行承兑汇票 31000051 20261120" >/dev/null
A payment add --customer local:ACME --amount 8,000.00 --date 2026-11-28 >/dev/null

# --- the statement: refused first ---
expect 1 "statement without the firm's bank" A --config name-only.conf statement local:ACME --month 2026-11
has err "a statement carries the firm's address: set [member] address in name-only.conf" "names the key to set and the file"
printf '[member]\nname = F\naddress = A\nphone = 1\nbank = B\n' > no-account.conf
expect 1 "statement without the account" A --config no-account.conf statement local:ACME --month 2026-11
has err "set [member] account" "names the account key"
expect 2 "statement month and from" A --config firm.conf statement local:ACME --month 2026-11 --from 2026-11-01
expect 2 "statement from without to" A --config firm.conf statement local:ACME --from 2026-11-01
has err "--from DATE and --to DATE" "says what is needed"
expect 2 "statement from after to" A --config firm.conf statement local:ACME --from 2026-11-30 --to 2026-11-01
expect 2 "statement bad date" A --config firm.conf statement local:ACME --from 2026-11-31 --to 2026-12-01
expect 1 "statement unknown customer" A --config firm.conf statement local:NOBODY --month 2026-11

# --- the statement, byte for byte ---
for lang in zh en; do
	expect 0 "statement $lang" A --config firm.conf statement local:ACME --month 2026-11 --lang $lang
	same statement-$lang.txt "statement $lang"
done
! grep -q "payment [0-9]" out && ok || bad "a payment shown by its id"
expect 0 "statement from/to is the month" A --config firm.conf statement local:ACME --from 2026-11-01 --to 2026-11-30 --lang zh
same statement-zh.txt "--from/--to of the month"
expect 0 "statement json" A --json statement local:ACME --month 2026-11
json '[l["document"] for l in o["lines"]] == ["INV-2611-01", "payment 1", "payment 2", "INV-2611-02", "payment 3"] and [l["reference"] for l in o["lines"]][1:3] == ["电汇 HX20261109-0032", "银行承兑汇票 31000051 20261120"] and o["opening"] == 21015050 and o["closing"] == 20474567 and o["overdue"] == 12840000 and o["contact"]["finance_head"] == "李会计"' "statement JSON lines, balances, contact"
expect 0 "statement in USD" A --config firm.conf statement local:ACME --month 2026-11 --currency USD --lang zh
has out "USD 1,234.56" "another currency in figures with its code"
! grep -q "人民币" out && ok || bad "a USD statement writes 人民币"
expect 0 "statement csv needs no firm" A statement local:ACME --month 2026-11 --format csv
expect 0 "statement html" A --config firm.conf statement local:ACME --month 2026-11 --format html --lang zh
has out "经核对，上述余额无误。" "html has the confirmation block"
has out "<td>收款</td><td>电汇 HX20261109-0032</td>" "html payment by its reference"

finish
