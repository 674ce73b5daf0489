#!/usr/bin/env bash
# import_test.sh ARNET SRC_DIR - ERP exports as they come, through the
# command line: a 用友 U8 export in GBK (Excel's CSV on Chinese Windows)
# read with the shipped deploy/import-maps/u8.ini, a 金蝶 K/3 Cloud one in
# UTF-8 with a byte order mark, a SAP FBL5N one with day-first dates and
# decimal commas, Chinese headers without any map, --encoding, and the
# refused cases: each names FILE:LINE (and the encoding) and keeps
# nothing of the file.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
maps=$src/deploy/import-maps
A() { "$arnet" "$@"; }
gbk() { iconv -f UTF-8 -t GB18030 > "$1"; }

# --- 用友 U8, GBK, with Excel's trailing empty columns and a blank row ---
gbk u8-customers.csv <<'CSV'
客户编码,客户名称,客户简称,信用额度,信用期限,币种,地区,,
0001,福州华信贸易有限公司,华信,"500,000.00",45,人民币,华东,,
,,,,,,,,
0002,厦门海达物流有限公司,海达,200000元,30,RMB,华东,,
CSV
gbk u8-invoices.csv <<'CSV'
单据类型,单据编号,单据日期,客户编码,客户,到期日,币种,汇率,原币金额,本币金额,摘要
销售专用发票,XS-0001,2026/9/5,0001,华信,2026/10/20,人民币,1,"¥186,400.00","186,400.00",九月货款
销售专用发票,XS-0002,20261005,0001,华信,,人民币,1,"1,234.56元",1234.56,
销售专用发票,XS-0003,2026年10月8日,0002,海达,2026年11月7日,美元,7.1,"1,000.00","7,100.00",
CSV
gbk u8-bad.csv <<'CSV'
单据类型,单据编号,单据日期,客户编码,客户,到期日,币种,汇率,原币金额,本币金额,摘要
销售专用发票,XS-0101,2026/9/5,0001,华信,2026/10/20,人民币,1,100.00,100.00,
销售专用发票,XS-0102,2026/9/31,0001,华信,2026/10/20,人民币,1,100.00,100.00,
CSV

# Without the map: U8's own columns are refused at the header, and its
# bare codes are not identifiers (each error says what to do).
expect 1 "u8 customers without map" A import customers u8-customers.csv
has err "u8-customers.csv:1: unknown column \"客户简称\"" "names the header"
has err "--map" "says a map can name it"
has err "(file read as GB18030)" "names the encoding"
printf '客户编码,客户名称\n0001,华信\n' | gbk u8-codes.csv
expect 1 "u8 codes without map" A import customers u8-codes.csv
has err "u8-codes.csv:2:" "names the line"
has err "local:" "says to prefix"
expect 0 "u8 customers" A --json import customers u8-customers.csv --map "$maps/u8.ini"
json 'o["added"] == 2 and o["rows"] == 2' "two customers, the blank row skipped"
expect 0 "u8 customer stored" A --json customer show local:0001 --as-of 2026-11-30
json 'o["name"] == "福州华信贸易有限公司" and o["credit_limit"] == 50000000 and o["terms_days"] == 45 and o["currency"] == "CNY"' "u8 customer fields"
expect 1 "u8 bad date" A import invoices u8-bad.csv --map "$maps/u8.ini"
has err "u8-bad.csv:3:" "bad date names the line"
has err "issue_date" "bad date names the field"
has err "(file read as GB18030)" "bad date names the encoding"
has err "nothing of u8-bad.csv was imported" "all or nothing"
expect 1 "first row not kept" A invoice show XS-0101
expect 0 "u8 invoices" A --json import invoices u8-invoices.csv --map "$maps/u8.ini"
json 'o["added"] == 3' "three invoices"
expect 0 "u8 invoice amount" A --json invoice show XS-0001 --as-of 2026-11-30
json 'o["amount"] == 18640000 and o["currency"] == "CNY" and o["due"] == "2026-10-20"' "¥186,400.00 in CNY"
expect 0 "u8 invoice default due" A --json invoice show XS-0002 --as-of 2026-11-30
json 'o["amount"] == 123456 and o["issued"] == "2026-10-05" and o["due"] == "2026-11-19"' "1,234.56元, due by terms"
expect 0 "u8 foreign invoice" A --json invoice show XS-0003 --as-of 2026-11-30
json 'o["amount"] == 100000 and o["currency"] == "USD"' "原币金额 in USD, not 本币金额"
# Asked for UTF-8, the GBK file is refused with the way out.
expect 1 "forced utf-8" A import invoices u8-invoices.csv --map "$maps/u8.ini" --encoding utf-8
has err "u8-invoices.csv:1:" "forced utf-8 names the line"
has err "--encoding gb18030" "forced utf-8 says what to do"
expect 2 "bad encoding name" A import invoices u8-invoices.csv --encoding latin1
has err "--encoding" "bad encoding names the option"

# --- 金蝶 K/3 Cloud, UTF-8 with a byte order mark ---
printf '\xef\xbb\xbf' > k3-payments.csv
cat >> k3-payments.csv <<'CSV'
单据编号,业务日期,付款单位编码,付款单位,币别,收款金额,手续费,实收金额,结算方式,备注
SKD00000001,2026-11-05 00:00:00,0001,福州华信贸易有限公司,人民币,"186,420.00",20.00,"186,400.00",电汇,
SKD00000002,2026-11-06 00:00:00,0002,厦门海达物流有限公司,美元,"1,000.00",0,"1,000.00",电汇,
CSV
expect 0 "k3 payments" A --json import payments k3-payments.csv --map "$maps/k3cloud.ini"
json 'o["added"] == 2 and sorted((m["currency"], m["applied"]) for m in o["by_currency"]) == [("CNY", 18640000), ("USD", 100000)]' "per-currency applied"
expect 0 "k3 payments again" A --json import payments k3-payments.csv --map "$maps/k3cloud.ini"
json 'o["added"] == 0 and o["unchanged"] == 2' "re-import adds nothing"
expect 0 "paid invoice" A --json invoice show XS-0001 --as-of 2026-11-30
json 'o["outstanding"] == 0' "XS-0001 settled"

# --- SAP FBL5N: day-first dates, decimal commas, credits with a minus ---
cat > fbl5n-open.csv <<'CSV'
Company Code,Account,Assignment,Document Number,Document Type,Document Date,Posting Date,Net due date,Amount in doc. curr.,Document currency,Amount in local currency,Local Currency,Text
1000,0002,,9000000001,RV,05.11.2026,05.11.2026,05.12.2026,"20.000,00",CNY,"20.000,00",CNY,
1000,0002,,9000000002,RV,06.11.2026,06.11.2026,06.12.2026,"1.500,50",CNY,"1.500,50",CNY,
CSV
cat > fbl5n-dz.csv <<'CSV'
Company Code,Account,Document Number,Document Type,Posting Date,Amount in doc. curr.,Document currency,Text
1000,0002,1400000001,DZ,20.11.2026,"20.000,00-",CNY,Zahlung
CSV
expect 0 "sap invoices" A --json import invoices fbl5n-open.csv --map "$maps/sap-fbl5n.ini"
json 'o["added"] == 2' "two SAP invoices"
expect 0 "sap invoice" A --json invoice show 9000000002 --as-of 2026-11-30
json 'o["amount"] == 150050 and o["issued"] == "2026-11-06" and o["due"] == "2026-12-06"' "1.500,50 on 06.11.2026"
expect 0 "sap payments" A --json import payments fbl5n-dz.csv --map "$maps/sap-fbl5n.ini"
json '[m["applied"] for m in o["by_currency"]] == [2000000]' "a credit of 20.000,00- is a payment of 20,000.00"
# Without the map, the same export is refused at its header.
expect 1 "sap without map" A import invoices fbl5n-open.csv
has err "fbl5n-open.csv:1:" "header refused with its line"
has err "--map" "says a map can name it"

# --- Chinese headers without a map, English ones too ---
cat > plain.csv <<'CSV'
发票号,客户编码,开票日期,金额,币种
P-1,local:0002,2026-11-10,"(200.00)",CNY
CSV
expect 0 "a negative amount is a credit note" A --json import invoices plain.csv
json 'o["added"] == 1' "(200.00) read as a credit note"
cat > plain.csv <<'CSV'
Invoice No,Customer Code,Invoice Date,Amount,Currency
P-1,local:0002,2026-11-10,200.00-,CNY
P-2,local:0002,2026-11-10,"¥1,000",CNY
CSV
expect 0 "english headers" A --json import invoices plain.csv
json 'o["added"] == 1 and o["unchanged"] == 1' "English ERP headers read; 200.00- is the same credit note"

# A mapping file that is wrong names its own line.
printf '[format]\nseparator = colon\n' > bad.ini
expect 1 "bad map" A import invoices plain.csv --map bad.ini
has err "bad.ini:2:" "bad map names its line"
expect 1 "missing map" A import invoices plain.csv --map nonexistent.ini
has err "nonexistent.ini" "missing map named"

finish
