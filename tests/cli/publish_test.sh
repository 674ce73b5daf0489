#!/usr/bin/env bash
# publish_test.sh ARNET SRC_DIR - what a member may sign, through the
# command line: the fairness and legal rules of report default and
# blacklist add (store/credit/arnet_publish_rules.h).
#
# Hostile first: a DEFAULT without evidence, one too early, one about an
# individual business (USCC category 92) and one about a customer the
# books mark as an individual, with and without --force; a credit stop
# about either. Each refusal exits 1, names the rule, says whether
# --force overrides it, and leaves nothing in the feed or the books.
# Then: the individual mark on customers (add, set, show, import), the
# association's licence ([association] personal_data = licensed), the
# corrections that stay allowed, and the antitrust notice of a credit
# stop.
set -u
. "$2/tests/cli/lib.sh"
A() { "$arnet" "$@"; }
printf 'root words\n' > pass
chmod 600 pass
day() { date -u -d "$1 days" +%F; }
BUSINESS=uscc:92350100MA2XN0Q25W # 个体工商户: in law a natural person
COMPANY=uscc:91350100M000100Y43
n_records() {
	A --json records | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))'
}

# --- a member node of a one-member association ---
A admin init --dir admin --passphrase-file pass >/dev/null
ROOT=$(tail -n 1 admin/root.key.pub)
A --data n1 init --member-id local:M1 --name "Member 1" --root-key "$ROOT" >/dev/null
A admin enroll --dir admin --passphrase-file pass --pubkey "$(tail -n 1 n1/member.key.pub)" \
	--member-id local:M1 --name "Member 1" \
	--endpoint pub=tcp://127.0.0.1:7401 --endpoint sync=tcp://127.0.0.1:7402 >/dev/null
A admin roster --dir admin --out roster.bin >/dev/null
A --data n1 roster import roster.bin >/dev/null
export ARNET_DATA=$work/n1
echo "signed delivery note" > note.txt
echo "contract of the individual business" > contract.txt

# --- the individual mark: bad input first ---
expect 2 "individual neither yes nor no" A customer add local:P-1 --name "Zhang San" --individual maybe
has err "--individual: expected yes or no" "bad --individual named"
expect 1 "nothing added" A customer show local:P-1
expect 0 "add an individual" A customer add local:P-1 --name "Zhang San" --individual yes
expect 0 "show, JSON" A --json customer show local:P-1
json 'o["individual"] is True' "individual true"
expect 0 "show, text" A customer show local:P-1 --lang en
has out "individual     yes: a natural person" "text says individual"
expect 0 "add a company" A customer add $COMPANY --name "福州华信贸易有限公司"
expect 0 "company JSON" A --json customer show $COMPANY
json 'o["individual"] is False' "individual false by default"
expect 0 "add the individual business" A customer add $BUSINESS --name "泉州小林五金店"
expect 1 "mark an unknown customer" A customer set local:C-2 --individual yes
expect 0 "add C-2" A customer add local:C-2 --name "Co 2"
expect 0 "mark C-2" A --json customer set local:C-2 --individual yes
json 'o["result"] == "updated" and o["customer"]["individual"] is True' "set --individual yes"
expect 0 "unmark C-2" A --json customer set local:C-2 --individual no
json 'o["result"] == "updated" and o["customer"]["individual"] is False' "set --individual no"
expect 0 "list JSON" A --json customer list
json 'sorted(c["id"] for c in o["customers"] if c["individual"]) == ["local:P-1"]' "list carries the mark"

# by CSV: a bad cell stores nothing; a file without the column keeps marks
printf 'id,name,individual\nlocal:I-1,Li Si,1\nlocal:I-2,Wang Wu,perhaps\n' > bad.csv
expect 1 "bad individual cell" A import customers bad.csv
has err "bad.csv:3: individual \"perhaps\" is not yes, no, 1 or 0" "bad cell named with its line"
expect 1 "nothing of bad.csv" A customer show local:I-1
printf 'id,name,individual\nlocal:I-1,Li Si,yes\nlocal:I-2,Wang Wu,no\n' > people.csv
expect 0 "import the column" A --json import customers people.csv
json 'o["added"] == 2' "two added"
printf 'id,name\nlocal:I-1,Li Si\n' > plain.csv
expect 0 "import without the column" A --json import customers plain.csv
json 'o["unchanged"] == 1' "a file without the column changes nothing"
expect 0 "mark kept" A --json customer show local:I-1
json 'o["individual"] is True' "the mark survives an import without the column"

# --- invoices: one long overdue, one only just, for each subject ---
for c in $COMPANY $BUSINESS local:P-1; do
	n=${c#*:}
	A invoice add "OLD-$n" --customer $c --amount 5000 --issued "$(day -200)" --due "$(day -150)" >/dev/null
	A invoice add "NEW-$n" --customer $c --amount 8000 --issued "$(day -40)" --due "$(day -10)" >/dev/null
done
A invoice add "LATER-1" --customer $COMPANY --amount 500 --issued "$(day -1)" --due "$(day 30)" >/dev/null

# --- refusals: exit 1, the rule named, nothing written ---
expect 1 "default without evidence" A report default OLD-${COMPANY#*:}
has err "arnet: DEFAULT refused by the evidence rule; --force overrides it" "evidence rule named"
has err "  evidence: the DEFAULT carries no evidence hash" "evidence explained"
expect 1 "default too early, without evidence" A report default NEW-${COMPANY#*:}
has err "DEFAULT refused by the dunning stage and evidence rules; --force overrides them" "both rules in one line"
has err "  dunning stage: the debt is 10 days past due; a DEFAULT is reported from 90 days" "dunning stage explained"
expect 1 "not yet due, even forced" A report default LATER-1 --force --evidence note.txt
has err "DEFAULT refused: the debt is not past due; --force does not override this" "not past due"
expect 1 "individual business" A report default OLD-${BUSINESS#*:} --evidence note.txt
has err "arnet: DEFAULT refused: personal credit information about a natural person (State Council Order 631); --force does not override this" "law named"
has err "is an individual business (个体工商户, USCC registration category 92)" "category 92 said"
has err "[association] personal_data = licensed" "the way out named"
expect 1 "individual business, forced" A report default OLD-${BUSINESS#*:} --force
has err "--force does not override this" "force does not override the law"
grep -q "  evidence:" err && bad "a rule --force set aside is listed as refusing" || ok
expect 1 "marked individual" A report default OLD-P-1 --evidence note.txt --force
has err "local:P-1 is marked in this firm's books as an individual" "mark said"
expect 1 "credit stop on an individual business" A blacklist add $BUSINESS --reason non-payment
has err "CREDIT_STOP refused: personal credit information about a natural person (State Council Order 631)" "credit stop refused"
expect 1 "credit stop on a marked individual" A --json blacklist add local:I-1 --reason other
has err "CREDIT_STOP refused" "credit stop on marked refused"
empty out "a refusal prints no JSON"
[ "$(n_records)" = 0 ] && ok || bad "a refused record reached the feed"
expect 0 "no evidence recorded" A --json evidence list
json 'o["evidence"] == []' "a refused default recorded no evidence"

# --- allowed ---
expect 0 "default with evidence" A --json report default OLD-${COMPANY#*:} --evidence note.txt
json 'o["fields"]["type"] == "DEFAULT" and o["forced"] == [] and "notice" not in o' "nothing forced"
empty err "no warning when no rule was set aside"
HC=$(python3 -c 'import json; print(json.load(open("out"))["hash"])')
# A settlement says what the books say: paid only when paid, written off
# only with the write-off, which the record then names.
expect 1 "settle paid while owed" A report settle "$HC" --how paid
has err "invoice OLD-${COMPANY#*:} still has 5,000.00 CNY outstanding in the books" "paid refused, naming the invoice and what is owed"
expect 1 "settle written off without a write-off" A report settle "$HC" --how written-off
has err "invoice OLD-${COMPANY#*:} has no write-off in the books" "written-off refused without the write-off"
has err "arnet invoice write-off OLD-${COMPANY#*:}" "says how to write it off"
expect 0 "write the invoice off" A invoice write-off OLD-${COMPANY#*:} --reason "uncollectable" --amount 4000 --date "$(day 0)"
expect 0 "settle written off" A --json report settle "$HC" --how written-off --amount 1000
json 'o["fields"]["how"] == "written-off" and o["fields"]["note"].startswith("write-off ") and o["fields"]["note"].endswith("of invoice OLD-'${COMPANY#*:}': 4,000.00 CNY written off")' "the settlement names the write-off"
expect 0 "default forced early, without evidence" A --json report default NEW-${COMPANY#*:} --force
json 'o["forced"] == ["dunning stage", "evidence"]' "the rules forced are listed"
has err "arnet: --force set the dunning stage rule aside: the debt is 10 days past due" "force says what it set aside"
has err "arnet: --force set the evidence rule aside" "force names the evidence rule"
expect 0 "credit stop on a company" A blacklist add $COMPANY --reason non-payment
has out "note: a credit stop records the publishing member's own decision to stop extending credit; it instructs nobody: every member decides alone, on the facts, whether to give credit" "antitrust notice, text"
expect 0 "credit stop, JSON" A --json blacklist add local:C-2 --reason other
json '"own decision" in o["notice"] and "instructs nobody" in o["notice"]' "antitrust notice, JSON"
expect 0 "unmarked local: customer" A blacklist lift local:C-2
expect 0 "blacklist list" A --json blacklist list
json '"instructs nobody" in o["notice"]' "list carries the notice"

# --- an association under a licence ---
cp n1/arnet.conf n1/licensed.conf
printf '\n[association]\npersonal_data = licensed\n' >> n1/licensed.conf
cp n1/arnet.conf n1/bad.conf
printf '\n[association]\npersonal_data = yes\n' >> n1/bad.conf
expect 1 "bad personal_data" A --config n1/bad.conf blacklist list
has err "personal_data must be licensed or unlicensed" "bad personal_data named"
has err "bad.conf:" "bad personal_data file and line"
cp n1/arnet.conf n1/unlicensed.conf
printf '\n[association]\npersonal_data = unlicensed\n' >> n1/unlicensed.conf
expect 1 "unlicensed said outright" A --config n1/unlicensed.conf blacklist add $BUSINESS --reason other
expect 0 "licensed: individual business" A --config n1/licensed.conf --json report default OLD-${BUSINESS#*:} --evidence contract.txt
json 'o["fields"]["subject"] == "'$BUSINESS'"' "licensed default published"
H=$(python3 -c 'import json; print(json.load(open("out"))["hash"])')
expect 1 "licensed: the fairness rules still hold" A --config n1/licensed.conf report default NEW-${BUSINESS#*:}
has err "dunning stage and evidence rules" "licence does not lift fairness"
expect 0 "licensed: credit stop on a marked individual" A --config n1/licensed.conf blacklist add local:P-1 --reason other
# Without the licence again, what corrects or improves stays allowed.
expect 0 "pay the individual's invoice" A payment add --customer $BUSINESS --amount 5000 --date "$(day 0)" --invoice OLD-${BUSINESS#*:}
expect 0 "settle the individual's default" A report settle "$H" --how paid
expect 0 "lift the individual's stop" A blacklist lift local:P-1
expect 0 "dispute the individual's default" A dispute "$H" --status corrected --note "paid in full"

# --- the minimum amount ([check] min_default_amount, 1,000.00 by default) ---
# One minor unit owed 150 days, with evidence: a trifle, unless forced or
# the association sets no minimum (0). An invoice in USD is compared
# through the [fx] rates, and refused when there is no rate for it.
A invoice add TINY-1 --customer local:C-2 --amount 0.01 --issued "$(day -200)" --due "$(day -150)" >/dev/null
A invoice add USD-1 --customer local:C-2 --amount 100 --currency USD --issued "$(day -200)" --due "$(day -150)" >/dev/null
A invoice add USD-2 --customer local:C-2 --amount 200 --currency USD --issued "$(day -200)" --due "$(day -150)" >/dev/null
for f in tiny tiny2 usd1 usd2 usd3; do echo "document $f" > $f.txt; done
expect 1 "a trifle" A report default TINY-1 --evidence tiny.txt
has err "arnet: DEFAULT refused by the minimum amount rule; --force overrides it" "minimum named"
has err "  minimum amount: the DEFAULT is for 0.01 CNY, below the association's minimum of 1,000.00 CNY ([check] min_default_amount)" "amounts said"
cp n1/arnet.conf n1/nominimum.conf
printf '\n[check]\nmin_default_amount = 0\n' >> n1/nominimum.conf
expect 0 "no minimum: one minor unit with evidence" A --config n1/nominimum.conf --json report default TINY-1 --evidence tiny.txt
json 'o["forced"] == [] and o["fields"]["amount"] == 1' "0 is no minimum"
expect 1 "USD without a rate" A report default USD-1 --evidence usd1.txt
has err "the DEFAULT is for 100.00 USD, which cannot be compared with the association's minimum of 1,000.00 CNY ([check] min_default_amount): no [fx] rate converts USD to CNY" "no rate: cannot be compared"
cp n1/arnet.conf n1/fx.conf
printf '\n[fx]\ndate = 2026-11-30\nUSD = 7.1850\n' >> n1/fx.conf
expect 1 "USD below the minimum at the rate" A --config n1/fx.conf report default USD-1 --evidence usd1.txt
has err "the DEFAULT is for 100.00 USD, 718.50 CNY at the [fx] rates of 2026-11-30, below the association's minimum of 1,000.00 CNY" "converted and compared"
expect 0 "USD above the minimum at the rate" A --config n1/fx.conf --json report default USD-2 --evidence usd2.txt
json 'o["forced"] == [] and o["fields"]["currency"] == "USD"' "1,437.00 CNY is no trifle"
expect 0 "USD without a rate, forced" A --json report default USD-1 --evidence usd3.txt --force
json 'o["forced"] == ["minimum amount"]' "minimum forced"

finish
