#!/usr/bin/env bash
# books_test.sh ARNET SRC_DIR - the firm's books through the command line.
#
# A credit manager's day, as the real binary runs it against a data
# directory in a temporary place: customers, invoices and payments by
# hand and by CSV import (a bad file stores nothing and says FILE:LINE),
# the reports as of fixed dates (aging JSON in the documented shape),
# the dunning queue, log and letters, the statement in three formats,
# and the order check's exit codes.
set -u
. "$2/tests/cli/lib.sh"
export ARNET_DATA=$work/data
A() { "$arnet" "$@"; }

# --- no books yet ---
expect 1 "aging before any books" A aging --as-of 2026-11-22
has err "no books" "aging before any books"
[ ! -e data ] && ok || bad "a read command created the data directory"

# --- bad input first ---
expect 2 "customer add without name" A customer add local:X
[ ! -e data ] && ok || bad "a usage error created the data directory"
expect 2 "bad grade" A customer add local:X --name X --grade Z
expect 2 "bad limit" A customer add local:X --name X --limit 12.345
has err "--limit" "bad limit names the option"
expect 2 "bad id" A customer add 91350100M000100Y44 --name X
has err "expected '3'" "bad id check character"

# --- customers by CSV, with a bad file first ---
printf 'id,name,credit_limit,currency,terms_days,grade\n91350100M000100Y43,福州华信贸易有限公司,"500,000.00",CNY,45,B\nlocal:C-1001,"Acme, Ltd.",,,30,\nbad id,X,,,,\n' > bad-customers.csv
expect 1 "bad customers file" A import customers bad-customers.csv
has err "bad-customers.csv:4:" "bad customers file names the line"
has err "nothing of bad-customers.csv was imported" "bad file says nothing was stored"
expect 1 "nothing stored" A customer show local:C-1001
head -n 3 bad-customers.csv > customers.csv
expect 0 "import customers dry run" A import customers customers.csv --dry-run
has out "dry run" "dry run says so"
expect 1 "dry run stored nothing" A customer show local:C-1001
expect 0 "import customers" A --json import customers customers.csv
json 'o["added"] == 2 and o["rows"] == 2' "import customers counts"
expect 0 "import customers again" A --json import customers customers.csv
json 'o["added"] == 0 and o["unchanged"] == 2' "second import adds nothing"
expect 0 "chinese name round trip" A --json customer show uscc:91350100M000100Y43 --as-of 2026-11-22
json 'o["name"] == "福州华信贸易有限公司" and o["credit_limit"] == 50000000 and o["terms_days"] == 45' "customer JSON"

# --- invoices ---
cat > invoices.csv <<'CSV'
number,customer,issue_date,due_date,amount,currency,order_ref
INV-1,91350100M000100Y43,2026-07-01,2026-08-15,"100,000.00",CNY,PO-7
INV-2,91350100M000100Y43,2026-08-01,2026-08-31,50000.50,,PO-8
INV-3,local:C-1001,2026-10-01,,2000,,
CSV
cp invoices.csv bad-invoices.csv
echo 'INV-4,local:C-1001,2026-13-01,,1,,' >> bad-invoices.csv
expect 1 "bad invoice date" A import invoices bad-invoices.csv
has err "bad-invoices.csv:5: issue_date" "bad invoice row named"
expect 1 "no invoice stored" A invoice show INV-1
expect 0 "import invoices" A import invoices invoices.csv
has out "3 added" "import invoices"
expect 1 "invoice conflict" A invoice add INV-1 --customer 91350100M000100Y43 --amount 1 --issued 2026-07-01
has err "other contents" "invoice conflict"
expect 0 "invoice add by hand" A invoice add INV-5 --customer local:C-1001 --amount 300 --issued 2026-11-01 --terms 10
has out "due 2026-11-11" "terms give the due date"

# --- payments ---
expect 0 "payment oldest first" A --json payment add --customer 91350100M000100Y43 --amount 120,000 --date 2026-09-10 --ref BANK-1
json 'o["applied"] == [{"invoice": "INV-1", "amount": 10000000}, {"invoice": "INV-2", "amount": 2000000}] and o["unapplied"] == 0' "payment applied oldest first"
expect 1 "payment to another's invoice" A payment add --customer local:C-1001 --amount 1 --date 2026-11-01 --invoice INV-2
printf 'date,customer,amount,currency,invoice,reference\n2026-11-01,local:C-1001,500,,INV-3,\n2026-11-01,local:C-1001,500,,INV-3,\n' > payments.csv
expect 0 "import payments" A import payments payments.csv
has out "2 added" "identical rows are two payments"
expect 0 "import payments again" A import payments payments.csv
has out "0 added" "payments not imported twice"

# --- reports, as of a fixed date ---
expect 0 "aging json" A --json aging --as-of 2026-11-22
json 'o["as_of"] == "2026-11-22" and o["basis"] == "due" and o["bands"] == [30,60,90] and o["buckets"] == ["current","1-30","31-60","61-90","90+"] and [s["currency"] for s in o["by_currency"]] == ["CNY"]' "aging JSON header"
json '[c["id"] for c in o["by_currency"][0]["customers"]] == ["local:C-1001", "uscc:91350100M000100Y43"]' "aging rows"
json 'o["by_currency"][0]["customers"][1]["61-90"] == 3000050 and o["by_currency"][0]["customers"][1]["total"] == 3000050' "aging buckets"
json 'o["by_currency"][0]["customers"][0]["1-30"] == 130000 and o["by_currency"][0]["customers"][0]["current"] == 0' "aging 1-30"
json 'o["by_currency"][0]["totals"]["total"] == 3130050' "aging totals"
expect 0 "aging text" A aging --as-of 2026-11-22
has out "福州华信贸易有限公司" "aging text has the Chinese name"
has out "customer" "aging text has a header row"
expect 0 "aging in Chinese" A aging --as-of 2026-11-22 --lang zh
has out "客户名称" "Chinese header"
has out "合计" "Chinese totals row"
expect 0 "aging CSV" A aging --as-of 2026-11-22 --format csv
[ "$(head -c 3 out | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || bad "CSV starts with a UTF-8 BOM"
has out 'currency,customer,name,current,1-30,31-60,61-90,90+,total' "CSV header leads with the currency"
has out '"Acme, Ltd."' "CSV quotes a name with a comma"
has out 'CNY,uscc:91350100M000100Y43,福州华信贸易有限公司,0.00,0.00,0.00,30000.50,0.00,30000.50' "CSV amounts are plain decimals"
grep -q $'\r$' out && ok || bad "CSV lines end in CRLF"
expect 2 "xlsx needs --out" A aging --as-of 2026-11-22 --format xlsx
has err "--out FILE.xlsx" "names what xlsx needs"
expect 2 "bad format" A aging --format pdf
has err 'text, csv, xlsx or json, not "pdf"' "names the formats"
expect 2 "--json and --format csv" A --json aging --format csv
expect 0 "aging xlsx" A aging --as-of 2026-11-22 --format xlsx --out aging.xlsx
if /usr/bin/python3 - aging.xlsx <<'PY'
import sys, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
assert rows[0][0] == "currency" and rows[0][1] == "customer" and rows[0][8] == "total", rows[0]
byid = {r[1]: r for r in rows[1:]}
r = byid["uscc:91350100M000100Y43"]
assert r[0] == "CNY" and r[2] == "福州华信贸易有限公司" and r[6] == 30000.5 and r[8] == 30000.5, r
assert isinstance(r[6], float), "an amount is a number"
assert byid["total"][8] == 31300.5, byid["total"]
assert ws["G2"].number_format.endswith("#,##0.00"), ws["G2"].number_format
assert ws.freeze_panes == "A2"
PY
then ok; else bad "the xlsx workbook reads back with numbers as numbers"; fi
expect 0 "late-fee xlsx" A late-fee --as-of 2026-11-22 --format xlsx --out fees.xlsx
if /usr/bin/python3 - fees.xlsx <<'PY'
import sys, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
assert rows[0][0] == "currency" and rows[0][3] == "due", rows[0]
assert isinstance(rows[1][3], datetime.datetime), "a date is a date"
assert isinstance(rows[1][4], int), "days are a number"
PY
then ok; else bad "late-fee xlsx: dates as dates"; fi
[ ! -e aging.xlsx.* ] 2>/dev/null; ls aging.xlsx.* >/dev/null 2>&1 && bad "a temporary file was left behind" || ok
expect 0 "aging earlier" A --json aging --as-of 2026-09-09
json 'o["by_currency"][0]["totals"]["total"] == 15000050' "aging before the payment"
expect 2 "aging bad date" A aging --as-of 2026-02-30
expect 0 "late fee" A --json late-fee --as-of 2026-11-22
json '{r["number"]: r["fee"] for r in o["by_currency"][0]["invoices"]} == {"INV-1": 130000, "INV-2": 134502, "INV-3": 1150, "INV-5": 165}' "late fees"
expect 0 "late fee annual" A --json late-fee --as-of 2026-11-22 --annual-rate-bp 1825 --customer local:C-1001
json 'o["rate_per_day_denominator"] == 3650000 and o["by_currency"][0]["total"] == 1150 + 165' "annual rate of 18.25% = 0.05% a day"
expect 0 "dso" A --json dso --as-of 2026-11-22 --days 90
json 'o["by_currency"][0]["currency"] == "CNY" and o["by_currency"][0]["receivables"] == 3130050 and o["by_currency"][0]["sales"] == 230000' "dso figures"
expect 0 "top overdue" A --json top-overdue --as-of 2026-11-22 --n 1
json 'len(o["by_currency"][0]["customers"]) == 1 and o["by_currency"][0]["customers"][0]["id"] == "uscc:91350100M000100Y43"' "top overdue"

# --- dunning ---
expect 0 "dunning queue" A --json dunning --as-of 2026-11-22
json '[(a["invoice"], a["stage"]) for a in o["actions"]] == [("INV-2", "lawyer"), ("INV-3", "phone"), ("INV-5", "phone")]' "dunning queue"
expect 1 "letter without the firm's name" A letter INV-2 --stage letter --as-of 2026-11-22
has err "set [member] name" "a letter needs the firm that signs it"
printf '[member]\nname = 福州某某贸易有限公司\naddress = 福州市鼓楼区五四路 100 号\nphone = 0591-87654321\nbank = 中国工商银行福州五四支行\naccount = 1402021209100012345\n' > firm.conf
L() { A --config firm.conf letter "$@"; }
expect 1 "letter for a paid invoice" L INV-1 --stage letter --as-of 2026-11-22
has err "INV-1 (100,000.00 CNY) is paid in full as of 2026-11-22" "says the invoice is paid"
expect 1 "lawyer's letter too early" L INV-3 --stage lawyer --as-of 2026-11-22
has err "the lawyer letter is for 60 days past due or more (the stage it has reached: phone" "says which stage it has reached"
expect 1 "reminder once overdue" L INV-3 --stage reminder --as-of 2026-11-22
has err "already 22 days past due" "the reminder is refused past due"
expect 0 "a letter forced" L INV-3 --stage lawyer --as-of 2026-11-22 --force
has out "福州某某贸易有限公司" "the firm signs it"
expect 0 "letter zh" L INV-2 --stage letter --as-of 2026-11-22 --lang zh
has out "催款函" "letter title"
has out "30,000.50" "letter amount"
has out "日万分之五" "letter rate"
has out "1,345.02" "letter late fee"
expect 0 "letter en json" A --config firm.conf --json letter INV-2 --stage lawyer --lang en --as-of 2026-11-22
json '"83 days past due" in o["text"] and o["lang"] == "en"' "letter en"
expect 2 "letter bad stage" A letter INV-2 --stage shout
expect 0 "dunning log" A dunning log INV-2 --stage lawyer --date 2026-11-22 --note "sent by courier"
has out "credit hold" "lawyer stage sets the hold"
expect 1 "dunning log twice" A dunning log INV-2 --stage lawyer
expect 0 "queue after log" A --json dunning --as-of 2026-11-22
json '"INV-2" not in [a["invoice"] for a in o["actions"]]' "logged stage leaves the queue"
expect 0 "invoice show has the dunning log" A invoice show INV-2 --as-of 2026-11-22
has out "2026-11-22 lawyer: sent by courier" "the note of the action is shown"
expect 0 "invoice show JSON has the dunning log" A --json invoice show INV-2 --as-of 2026-11-22
json 'o["dunning"] == [{"stage": "lawyer", "date": "2026-11-22", "note": "sent by courier"}]' "the dunning log in JSON"
expect 0 "the log as of an earlier date" A --json invoice show INV-2 --as-of 2026-11-21
json 'o["dunning"] == []' "an action after the date is not shown"

# --- order check exit codes ---
expect 4 "order check hold" A order-check uscc:91350100M000100Y43 100 --as-of 2026-11-22
has out "HOLD" "hold printed"
expect 3 "order check warn (no limit)" A order-check local:C-1001 100 --as-of 2026-11-22
expect 0 "customer set" A customer set local:C-1001 --limit 10,000
expect 0 "order check allow" A --json order-check local:C-1001 100 --as-of 2026-10-15
json 'o["decision"] == "allow" and o["exposure"] == 210000' "allow JSON"
expect 2 "order check bad amount" A order-check local:C-1001 1.234 --as-of 2026-10-15
expect 0 "release hold" A customer set uscc:91350100M000100Y43 --status active
expect 0 "review" A --json review --as-of 2026-11-22
json 'any(s["customer"] == "uscc:91350100M000100Y43" and s["suggestion"] == "cut" and s["new_credit_limit"] == 35000000 for s in o["suggestions"])' "review cut"

# --- statement ---
expect 0 "statement text" A --config firm.conf statement uscc:91350100M000100Y43 --month 2026-09 --lang zh
has out "120,000.00" "statement payment"
has out "对账单" "statement title"
expect 0 "statement csv" A statement uscc:91350100M000100Y43 --month 2026-09 --format csv
python3 - <<'PY' && ok || bad "statement CSV does not parse or balance"
import csv
raw = open("out", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "a BOM for Excel"
rows = list(csv.reader(open("out", encoding="utf-8-sig")))
assert rows[0] == ["date", "document", "order / reference", "due", "invoiced (CNY)", "paid (CNY)", "balance (CNY)"], rows[0]
assert rows[1][1] == "opening balance" and rows[1][6] == "150000.50"
assert rows[-1][1] == "closing balance" and rows[-1][6] == "30000.50"
for r in rows[2:-1]:
    float(r[6])  # the balance column holds the balance, never the due date
PY
expect 0 "statement text again" A --config firm.conf statement uscc:91350100M000100Y43 --month 2026-09
awk '$1 ~ /^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ && $NF ~ /^20[0-9][0-9]-/ {bad=1} END {exit bad}' out && ok || bad "the text statement shows a date in the balance column"
expect 0 "statement html" A --config firm.conf statement local:C-1001 --month 2026-11 --format html
has out "<table>" "statement html table"
has out "Acme, Ltd." "statement html name"
expect 2 "statement bad month" A statement local:C-1001 --month 2026-13

# --- evidence ---
printf 'signed delivery note 0415\n' > note.txt
expect 1 "evidence of unknown invoice" A evidence add note.txt --customer local:C-1001 --invoice NOPE --kind delivery-note
expect 2 "evidence bad kind" A evidence add note.txt --customer local:C-1001 --kind rumour
expect 0 "evidence add" A --json evidence add note.txt --customer local:C-1001 --invoice INV-3 --kind delivery-note
json 'o["result"] == "added" and o["path"].endswith("/note.txt") and len(o["hash"]) == 64' "evidence JSON"
expect 0 "evidence check" A evidence check note.txt
echo changed >> note.txt
expect 1 "evidence check altered file" A evidence check note.txt
has err "not recorded" "altered file is not the recorded one"
expect 0 "evidence list" A --json evidence list --invoice INV-3
json 'len(o["evidence"]) == 1 and o["evidence"][0]["kind"] == "delivery-note"' "evidence list"

# --- config file ---
printf '[books]\nlate_fee_bp_per_day = 10\nwarn_percent = 50\n[member]\nname = 福州某某贸易有限公司\n' > arnet.conf
expect 0 "config rate" A --config arnet.conf --json late-fee --as-of 2026-11-22 --customer local:C-1001
json 'o["by_currency"][0]["total"] == 2 * (1150 + 165)' "config doubles the rate"
expect 0 "config firm name" A --config arnet.conf letter INV-3 --stage phone --as-of 2026-11-22
printf '[books]\nlate_fee_bp_per_day = lots\n' > bad.conf
expect 1 "bad config" A --config bad.conf aging --as-of 2026-11-22
has err "bad.conf:2:" "bad config names the line"
printf '[store]\nmap_size = 100\nmap_max = 50\n' > bad.conf
expect 1 "map above its ceiling" A --config bad.conf aging --as-of 2026-11-22
has err "map_size (100 MiB) is above map_max (50 MiB)" "the store's keys are checked together"
printf '[store]\nmap_size = 0\n' > bad.conf
expect 1 "map of 0 MiB" A --config bad.conf aging --as-of 2026-11-22
has err "bad.conf:2: map_size" "the key and line are named"
expect 0 "the annotated example config loads" A --config "$src/deploy/arnet.conf.example" aging --as-of 2026-11-22
# --- text from the books is shown, never obeyed ---
# A name may hold a bidi control or a zero-width space: text output shows
# them escaped, JSON keeps them exact; identifiers refuse them.
RLO=$(printf '\342\200\256')
ZW=$(printf '\342\200\213')
expect 0 "customer named with a bidi control" A customer add local:SPOOF --name "ACME${RLO}dtL${ZW} 福州"
has out 'ACME\u{202E}dtL\u{200B} 福州' "the echo escapes the name"
expect 0 "customer show" A customer show local:SPOOF
has out 'ACME\u{202E}dtL\u{200B} 福州' "show escapes bidi and zero-width characters"
grep -qF "$RLO" out && bad "a raw bidi control reached the terminal (show)" || ok
expect 0 "customer list" A customer list
has out 'ACME\u{202E}' "the list escapes the name"
grep -qF "$RLO" out && bad "a raw bidi control reached the terminal (list)" || ok
expect 0 "customer show JSON" A --json customer show local:SPOOF
json 'o["name"] == "ACME\u202edtL\u200b 福州"' "JSON keeps the name exact"
expect 2 "an identifier with a bidi control" A customer add "local:AB${RLO}C" --name X
has err 'character 3 (U+202E) is a bidi control' "names the code point, position and kind"
expect 1 "bare input with a bidi control" A id check "AB${RLO}C"
has err '"AB\u{202E}C"' "errors escape what they quote"
grep -qF "$RLO" err && bad "a raw bidi control reached stderr" || ok
expect 1 "latin with a cyrillic look-alike" A id check "local:$(printf '\320\220')CME"
has err 'is Cyrillic' "mixed scripts refused"
expect 1 "not NFC" A id check "local:cafe$(printf '\314\201')"
has err 'its NFC form is "local:CAF\u{00C9}"' "the NFC form is shown"

printf '[books]\ncolour = red\n' > bad2.conf
expect 1 "unknown config key" A --config bad2.conf aging
has err "unknown key" "unknown config key"

# --- a name a spreadsheet would run as a formula stays text in CSV ---
expect 0 "formula-looking name" A customer add local:F-1 --name '=HYPERLINK("http://x","y")'
expect 0 "invoice of it" A invoice add F-INV-1 --customer local:F-1 --amount 10.00 --issued 2026-10-01 --due 2026-10-02
expect 0 "aging CSV with it" A aging --as-of 2026-11-22 --format csv
has out ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," "the formula is neutralised and quoted"

finish
