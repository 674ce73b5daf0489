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
golden=$src/tests/cli/golden

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

finish
