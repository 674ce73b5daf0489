#!/usr/bin/env bash
# check_net_test.sh SRC_DIR BIN_DIR - the credit check on a three-node
# network (real arnetd processes on 127.0.0.1): no records is a thin
# file (a new customer's limit, never "as requested"); one member's
# unpaid default gives C with that reason; two members' defaults are a
# knock-out (D); an open dispute is shown, weighted down and out of the
# knock-out; settlements improve the grade; only the author's or the
# administrator's dispute marks a record; past retention, or before it
# was made (--as-of), a record does not count. The check reads only the
# local store.
# With --survey, exactly the members that have the subject in their books
# answer, within the deadline, and every question is in the audit logs; a
# member set to answer `never` answers nothing; the rate limit holds.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
S=91350100M000100Y43
records_at() { # NODE N: node 3 holds at least N records about S
	[ "$(A --data "$net/node$1" --json records --subject $S | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')" -ge "$2" ]
}
hash_of() { # NODE TYPE: the hash of NODE's own record of TYPE about S
	A --data "$net/node$1" --json records --subject $S | python3 -c '
import json, sys
me = sys.argv[1]; t = sys.argv[2]
for r in json.load(sys.stdin)["records"]:
    if r["member"] == me and r["fields"]["type"] == t:
        print(r["hash"]); break' "local:MEMBER-$1" "$2"
}

plain_links
expect 0 "local net up" "$src/deploy/local-net.sh" up 3 "$net"
import_demo 1 2

# --- nothing known: a thin file, a new customer (B), never "as asked" ---
expect 3 "no records: a new customer" A --data "$net/node3" --json check $S --amount 50,000,000 --terms 365
json 'o["grade"] == "B" and o["thin_file"] and o["score"] == 70' "thin file: B at 70"
json 'o["recommended_limit"] == 5000000 and o["recommended_terms_days"] == 30 and o["limit_basis"] == "new customer"' "the new-customer limit and terms"
json '"trade references" in o["advice"] and o["data_used"]["log_records"] == 0' "advice: collect references"

# --- one member's unpaid default, with evidence: C ---
echo "dunning letters and the signed delivery note" >"$net/evidence.txt"
expect 0 "member 1 reports a default" A --data "$net/node1" report default HX-2607-05 --evidence "$net/evidence.txt"
wait_for 10 records_at 3 1 && ok || bad "node 3 did not get the default"
expect 4 "one default: grade C" A --data "$net/node3" --json check $S --amount 100,000 --terms 60
json 'o["grade"] == "C" and o["recommended_limit"] == 0 and o["recommended_terms_days"] == 0' "C: no open credit"
json 'any("unpaid default reported by local:MEMBER-1" in r["text"] and r["points"] <= -45 and r["factor"] == "default_base" for r in o["reasons"])' "the default is the reason, with its points"

# --- two members' defaults and a credit stop: a knock-out, D ---
expect 0 "member 2 reports a default" A --data "$net/node2" report default HX-2607-05 --evidence "$net/evidence.txt"
expect 0 "member 2 stops credit" A --data "$net/node2" blacklist add $S --reason non-payment
has out "instructs nobody" "blacklist add: a credit stop is one member's own decision"
wait_for 10 records_at 3 3 && ok || bad "node 3 did not get member 2's records"
expect 5 "two defaults and a stop: grade D" A --data "$net/node3" check $S --amount 100,000
has out "cash in advance only" "D advice"
has out "KO D" "the knock-out is shown"
has out "a recommendation for a person to decide on" "says it is a recommendation"
has out "instructs nobody" "says what a credit stop is"
expect 5 "the knock-out in JSON" A --data "$net/node3" --json check $S
json 'o["knockout"] == "D" and any(r["factor"] == "ko_members" and r["knockout"] == "D" for r in o["reasons"])' "knock-out ko_members"

# --- an open dispute by the author is shown and weighted down ---
H2=$(hash_of 2 DEFAULT)
expect 0 "member 2 opens a dispute on its own default" A --data "$net/node2" dispute "$H2" --status open --note "customer says it paid"
wait_for 10 records_at 3 4 && ok || bad "node 3 did not get the dispute"
expect 5 "check after the dispute (still D on the score)" A --data "$net/node3" --json check $S
json 'o["knockout"] is None' "a disputed default takes no part in the knock-out"
json 'any(r["dispute"] == "open" and "MEMBER-2" in r["text"] for r in o["reasons"])' "dispute shown"
json 'any("default reported by local:MEMBER-2" in r["text"] and "x50% disputed" in r["text"] for r in o["reasons"])' "disputed default at half weight"
expect 0 "records show the dispute" A --data "$net/node3" --json records --subject $S
json 'any(r["disputes"] == 1 for r in o["records"])' "objection mark on the record"

# --- settlements improve the grade ---
expect 0 "member 1 records the payment" A --data "$net/node1" payment add --customer $S --amount 88,000 --date "$(date +%F)" --invoice HX-2607-05
expect 0 "member 1 settles" A --data "$net/node1" report settle "$(hash_of 1 DEFAULT)" --how paid --amount 88,000
expect 0 "member 2 settles" A --data "$net/node2" report settle "$H2" --how plan
expect 0 "member 2 lifts" A --data "$net/node2" blacklist lift $S
wait_for 10 records_at 3 7 && ok || bad "node 3 did not get the settlements"
expect 3 "check after settlements" A --data "$net/node3" --json check $S
json 'o["grade"] == "B" and o["thin_file"] and 60 <= o["score"] <= 70' "settled history: a new customer still"
json 'any(r["factor"] == "paid_points" and r["points"] == -5 for r in o["reasons"])' "paid in full: 5 points, fading"
json 'any(r["factor"] == "default_base" and "payment plan" in r["text"] and r["points"] < 0 for r in o["reasons"])' "a plan's remainder still counts"

# --- past retention a settled default no longer counts ---
expect 3 "check in six years" A --data "$net/node3" --json check $S --as-of 2032-12-31
json 'o["score"] == 70 and not [r for r in o["reasons"] if r["points"] and r["factor"] != "thin_score"]' "nothing counts after retention"
# --- and as of a day before anything was reported, nothing existed ---
expect 3 "check as of 2024-01-01" A --data "$net/node3" --json check $S --as-of 2024-01-01
json 'o["data_used"]["log_records"] == 0 and o["thin_file"]' "--as-of applies to the shared log"

# --- trade references: members 1 and 2 have S in their books, 3 not ---
net_node() { "$src/deploy/local-net.sh" "$1" "$net" "$2" >/dev/null; }
any_grade() { # NAME CMD...: a check's exit is its grade (0, 3, 4, 5)
	local name=$1
	shift
	"$@" >out 2>err
	case $? in 0 | 3 | 4 | 5) ok ;; *) bad "$name: exit $?"; cat err ;; esac
}
audit_has() { # NODE PYTHON-EXPR over the entries e
	A --data "$net/node$1" --json audit | python3 -c 'import json,sys; e=json.load(sys.stdin)["entries"]; sys.exit(0 if eval(sys.argv[1]) else 1)' "$2"
}
surveyed() { # until node 3 hears from N members (surveyors reconnect)
	A --data "$net/node3" --json check $S --survey --timeout-ms 1000 >out 2>err
	python3 -c 'import json,sys; o=json.load(open("out")); sys.exit(0 if len(o["trade_references"]["answers"]) == int(sys.argv[1]) else 1)' "$1"
}
expect 3 "no survey: nothing leaves the node" A --data "$net/node3" --json check $S
json '"trade_references" not in o and o["data_used"]["trade_references"] == 0' "no trade references without --survey"
wait_for 10 surveyed 2 && ok || bad "node 3 did not hear from members 1 and 2"
any_grade "survey" A --data "$net/node3" --json check $S --survey --timeout-ms 1500
json 'sorted(a["member_id"] for a in o["trade_references"]["answers"]) == ["local:MEMBER-1", "local:MEMBER-2"]' "exactly the members with the subject in their books answer"
json 'o["trade_references"]["asked"] == 2 and o["data_used"]["trade_references"] == 2' "two members asked, two references used"
json 'all(a["since"] == "2026-07-01" and a["currency"] == "CNY" and a["balance"] > 0 and len(a["past_due"]) == 4 for a in o["trade_references"]["answers"])' "each member's summary from its books"
json 'any(r["source"] == "payments" and "trade reference not counted again" in r["text"] for r in o["reasons"])' "a member whose default counts is not counted again by its reference"
audit_has 1 'any(x["kind"] == "question" and x["asked_by"] == "local:MEMBER-3" and x["outcome"] == "answered" for x in e)' && ok || bad "member 1's audit log lacks the question"
audit_has 3 'any(x["kind"] == "asked" and x["answers"] == 2 for x in e)' && ok || bad "member 3's audit log lacks its survey"
expect 0 "audit text" A --data "$net/node1" audit
has out "local:MEMBER-3 asked about uscc:$S: answered" "audit text names the asker and the outcome"
# A subject nobody has in its books: no answers, the question audited.
expect 3 "survey about a stranger" A --data "$net/node3" --json check local:NOBODY --survey --timeout-ms 500
json 'o["trade_references"]["answers"] == [] and o["thin_file"]' "nobody answers about a stranger"
audit_has 2 'any(x["subject"] == "local:NOBODY" and x["outcome"] == "no experience" for x in e)' && ok || bad "no experience not audited"
# Hostile questions to member 1's survey socket: no answer, counted, and
# member 1 keeps answering.
U1=$(A --data "$net/node1" --json roster show | python3 -c 'import json,sys; print([m["survey_url"] for m in json.load(sys.stdin)["members"] if m["member_id"] == "local:MEMBER-1"][0])')
for mode in garbage wrongtype nonmember forged stale; do
	expect 0 "hostile question: $mode" timeout 30 "$bin/tests/hostile_asker" "$U1" $mode $S "$net/node3/member.key"
done
expect 0 "replayed question answered once" timeout 30 "$bin/tests/hostile_asker" "$U1" replay $S "$net/node3/member.key"
expect 0 "a member's question answered" timeout 30 "$bin/tests/hostile_asker" "$U1" member $S "$net/node3/member.key"
expect 0 "status after hostile questions" A --data "$net/node1" --json status
json 'o["counters"]["survey_refused"] >= 3 and o["counters"]["bad_messages"] >= 2' "hostile questions counted"
audit_has 1 'any(x["outcome"] == "replayed" for x in e)' && ok || bad "replay not audited"
expect 2 "--timeout-ms without --survey" A --data "$net/node3" check $S --timeout-ms 100
expect 2 "--timeout-ms out of range" A --data "$net/node3" check $S --survey --timeout-ms 5

# Member 2 answers `never`: asked, audited, silent.
net_node stop 2
printf '\n[survey]\nanswer = never\n' >>"$net/node2/arnet.conf"
net_node start 2
policy_never() { surveyed 1 && audit_has 2 'any(x["outcome"] == "policy never" for x in e)'; }
wait_for 15 policy_never && ok || bad "member 2 (never) was not asked, or answered"
json '[a["member_id"] for a in o["trade_references"]["answers"]] == ["local:MEMBER-1"]' "a member set to never answers nothing"

# Member 1 answers one question per asker per hour.
net_node stop 1
printf '\n[survey]\nrate_limit = 1\n' >>"$net/node1/arnet.conf"
net_node start 1
wait_for 15 surveyed 1 && ok || bad "member 1 did not answer after its restart"
expect 3 "over the rate limit" A --data "$net/node3" --json check local:NOBODY --survey --timeout-ms 500
audit_has 1 'e[-1]["outcome"] == "rate limited" and e[-1]["asked_by"] == "local:MEMBER-3"' && ok || bad "rate limit not applied or not audited"
net_node stop 3
expect 1 "survey without a daemon" A --data "$net/node3" check $S --survey
has err "arnetd is not running" "says the daemon is needed"
net_node start 3

# --- only the author's or the administrator's dispute marks a record ---
# Member 3 objects to member 1's default: a rival's word, which neither
# the check nor `arnet records` counts. The administrator's does.
n_now=$(A --data "$net/node3" --json records --subject $S | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["records"]))')
H1=$(hash_of 1 DEFAULT)
disputes_of() { # HASH: the objection marks node 3 shows on that record
	A --data "$net/node3" --json records --subject $S | python3 -c '
import json, sys
print([r["disputes"] for r in json.load(sys.stdin)["records"] if r["hash"] == sys.argv[1]][0])' "$1"
}
expect 0 "member 3 disputes member 1's default" A --data "$net/node3" dispute "$H1" --status upheld --note "rival says so"
wait_for 10 records_at 3 $((n_now + 1)) && ok || bad "node 3 does not hold its own dispute"
[ "$(disputes_of "$H1")" = 0 ] && ok || bad "a rival's dispute marks member 1's default"
[ "$(disputes_of "$H2")" = 1 ] && ok || bad "member 2's own dispute no longer marks its default"
expect 0 "records text" A --data "$net/node3" records --subject $S
grep "^${H1:0:16}" out | grep -qF "[disputed" && bad "the text shows a rival's dispute as a mark" || ok
grep "^${H2:0:16}" out | grep -qF "[disputed x1]" && ok || bad "the text lost the author's own mark"
expect 0 "the administrator disputes member 1's default" A --data "$net/node3" dispute "$H1" --status open --key "$net/admin/root.key" --passphrase-file "$net/admin.pass"
wait_for 10 records_at 3 $((n_now + 2)) && ok || bad "node 3 does not hold the administrator's dispute"
[ "$(disputes_of "$H1")" = 1 ] && ok || bad "the administrator's dispute does not mark the record"

# --- the policy comes from the config ---
printf '\n[check]\nthin_score = 50\n' >>"$net/node3/arnet.conf"
expect 4 "config policy (grade C)" A --data "$net/node3" --json check $S
json 'o["grade"] == "C" and o["score"] <= 50' "a stricter policy lowers the grade"

finish
