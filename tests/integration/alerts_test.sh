#!/usr/bin/env bash
# alerts_test.sh SRC_DIR BIN_DIR - portfolio monitoring on a two-node
# association (real arnetd processes on 127.0.0.1): member 1 reports a
# DEFAULT about a customer in member 2's books and stops credit to a
# prospect member 2 watches; member 2's node raises one alert for each
# subject as it stores the records (coalesced: the DEFAULT and a credit
# stop are one alert), names the member, the amount and the customer,
# and says what it changes (the grade before and after, the order
# check's decision);
# member 1 raises none for its own records; reading an alert closes it,
# and the next record opens a new one; a survey about the prospect gets
# from member 2 what a stranger gets; a storm of 10,000 records about
# 100 watched subjects is 100 alerts. Every daemon is stopped.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
S=uscc:91350100M000100Y43
P=local:PROSPECT-7
has_alerts() { # NODE N: node holds at least N alerts
	[ "$(A --data "$net/node$1" --json alerts | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["alerts"]))')" -ge "$2" ]
}
updated_records() { # NODE ID N: alert ID holds N records
	[ "$(A --data "$net/node$1" --json alerts | python3 -c '
import json, sys
print([a["records"] for a in json.load(sys.stdin)["alerts"] if a["id"] == int(sys.argv[1])][0])' "$2")" = "$3" ]
}

plain_links
expect 0 "local net up" "$src/deploy/local-net.sh" up 2 "$net"
import_demo 1 2

# --- the watch set, refused input first ---
expect 2 "watch: which?" A --data "$net/node2" watch
expect 2 "watch add: a bad identifier" A --data "$net/node2" watch add "not an id"
expect 1 "watch remove: not watched" A --data "$net/node2" watch remove $P
has err "$P is not watched by hand" "remove names the subject"
expect 0 "watch a prospect" A --data "$net/node2" watch add $P --note "negotiating a 2027 supply contract"
has out "watching $P" "watch add says so"
expect 0 "watch a customer" A --data "$net/node2" watch add $S
has out "a customer in the books: watched already" "a customer is watched already"
expect 0 "watch list" A --data "$net/node2" --json watch list
json '[p["subject"] for p in o["prospects"]] == ["'$P'", "'$S'"] and o["prospects"][0]["note"] == "negotiating a 2027 supply contract"' "the prospects watched by hand"
expect 0 "no alerts yet" A --data "$net/node2" alerts
has out "0 alerts, 0 unread" "nothing yet"

# --- member 1 reports; member 2 hears ---
echo "dunning letters and the signed delivery note" >"$net/evidence.txt"
expect 0 "member 1 reports a default" A --data "$net/node1" report default HX-2607-05 --evidence "$net/evidence.txt"
expect 0 "member 1 stops credit to the customer" A --data "$net/node1" blacklist add $S --reason non-payment
expect 0 "member 1 stops credit to the prospect" A --data "$net/node1" blacklist add $P --reason other --note "cheque 0042 bounced"
wait_for 10 has_alerts 2 2 && ok || bad "member 2 raised no alerts"
wait_for 10 updated_records 2 1 2 && ok || bad "the default and the stop are not one alert"
expect 0 "alerts, JSON" A --data "$net/node2" --json alerts
json 'len(o["alerts"]) == 2 and [a["id"] for a in o["alerts"]] == [2, 1]' "two alerts, newest first"
json 'o["alerts"][1]["subject"] == "'$S'" and o["alerts"][1]["name"] == "福州华信贸易有限公司" and o["alerts"][1]["watched"] == ["customer", "prospect"] and o["alerts"][1]["types"] == ["DEFAULT", "CREDIT_STOP"] and o["alerts"][1]["latest"]["member"] == "local:MEMBER-1" and not o["alerts"][1]["read"]' "the customer's alert"
json 'o["alerts"][0]["subject"] == "'$P'" and o["alerts"][0]["name"] is None and o["alerts"][0]["watched"] == ["prospect"] and o["alerts"][0]["latest"]["fields"]["note"] == "cheque 0042 bounced"' "the prospect's alert"
assessed() { # NODE: every unread alert says what it changes
	A --data "$net/node$1" --json alerts --unread | python3 -c 'import json,sys; a=json.load(sys.stdin)["alerts"]; sys.exit(0 if a and all("effect" in x for x in a) else 1)'
}
wait_for 10 assessed 2 && ok || bad "the alerts were not assessed"
expect 0 "alerts, JSON" A --data "$net/node2" --json alerts
json 'o["alerts"][1]["effect"] == {"grade_before": "C", "grade_after": "D", "order_before": "HOLD", "order_after": "HOLD"}' "the customer's alert: its grade before and after, the order check's decision"
json 'o["alerts"][0]["effect"]["grade_after"] == "B" and o["alerts"][0]["effect"]["order_after"] is None' "the prospect's: a grade, no order check (not a customer)"
expect 0 "alerts, text" A --data "$net/node2" alerts
has out "#1" "text lists alert 1"
has out "$S 福州华信贸易有限公司  (customer)  [unread]" "text names the customer"
has out "CREDIT_STOP by local:MEMBER-1" "text names the latest record and member"
has out "2 records in all: DEFAULT, CREDIT_STOP" "text counts what was coalesced"
has out "2 alerts, 2 unread" "text counts the unread"
has out "grade C -> D; an order now: HOLD" "text says what it changes"
expect 0 "the dunning queue names the news" A --data "$net/node2" dunning --as-of 2026-11-22 --lang en
has out "unread alerts from the shared log about customers in the queue:" "the queue's alerts section"
has out "CREDIT_STOP by local:MEMBER-1" "the queue names the record"
expect 0 "customer show names it" A --data "$net/node2" customer show $S --lang en
has out "unread alerts:" "customer show's alerts section"
has out "grade C -> D" "customer show says what it changes"
expect 0 "member 1 raised none for its own records" A --data "$net/node1" --json alerts
json 'o["alerts"] == []' "no alert for one's own records"

# --- reading closes an alert ---
expect 2 "ack: which?" A --data "$net/node2" alerts ack
expect 1 "ack: no such alert" A --data "$net/node2" alerts ack 99
has err "no alert 99" "ack names the id"
expect 0 "ack alert 1" A --data "$net/node2" --json alerts ack 1
json 'o["acknowledged"] == 1' "one marked read"
expect 0 "unread only" A --data "$net/node2" --json alerts --unread
json '[a["id"] for a in o["alerts"]] == [2]' "alert 1 is read"
H=$(A --data "$net/node1" --json records --subject $S | python3 -c '
import json, sys
print([r["hash"] for r in json.load(sys.stdin)["records"] if r["fields"]["type"] == "DEFAULT"][0])')
expect 0 "member 1 settles by a plan" A --data "$net/node1" report settle "$H" --how plan --amount 10,000
wait_for 10 has_alerts 2 3 && ok || bad "the settlement opened no new alert"
expect 0 "the new alert" A --data "$net/node2" --json alerts --unread
json '[a["id"] for a in o["alerts"]] == [3, 2] and o["alerts"][0]["types"] == ["SETTLEMENT"] and o["alerts"][0]["records"] == 1' "a read alert is closed: the next record opens a new one"
expect 0 "ack all" A --data "$net/node2" alerts ack --all
has out "2 alerts marked read" "ack --all counts"

# --- nothing about the watch set leaves the node ---
# Member 1 asks every member about the prospect member 2 watches: member 2
# answers as for any stranger (no experience), and its audit says so.
asked() { # until member 2 has heard member 1's question (the surveyor
	# connects to member 2 in its own time): no answer, and member 2's
	# audit says it had no experience of the subject
	A --data "$net/node1" --json check $P --survey --timeout-ms 1000 >out 2>err
	python3 -c 'import json; o=json.load(open("out")); exit(0 if o["trade_references"]["answers"] == [] else 1)' || return 1
	A --data "$net/node2" --json audit | python3 -c 'import json,sys; e=json.load(sys.stdin)["entries"]; sys.exit(0 if any(x["kind"] == "question" and x["subject"] == sys.argv[1] and x["outcome"] == "no experience" for x in e) else 1)' "$P"
}
wait_for 20 asked && ok || bad "member 2 did not answer the question about the prospect as for a stranger"
# Everything member 2 sends a member who asks for all it gives (its heads,
# every record of every feed, its roster and proofs, and what it
# publishes meanwhile), captured: a subject it watches and its note are
# not in it; what is there is there (the customer's records, member 2's
# own new credit stop).
expect 0 "watch a secret prospect" A --data "$net/node2" watch add local:SECRET-9 --note "negotiating in secret"
url_of() { # MEMBER KEY: its pub_url or sync_url from the roster
	A --data "$net/node1" --json roster show | python3 -c 'import json,sys; print([m[sys.argv[2]] for m in json.load(sys.stdin)["members"] if m["member_id"] == sys.argv[1]][0])' "$1" "$2"
}
(sleep 1.5; A --data "$net/node2" blacklist add local:OTHER-2 --reason other >/dev/null) &
expect 0 "capture what member 2 sends" "$bin/tests/capture_peer" "$(url_of local:MEMBER-2 sync_url)" "$(url_of local:MEMBER-2 pub_url)" "$net/node1/member.key" "$net/sent.bin" 4
wait
grep -qa "91350100M000100Y43" "$net/sent.bin" && ok || bad "the capture lacks the customer's records"
grep -qa "OTHER-2" "$net/sent.bin" && ok || bad "the capture lacks what member 2 published"
! grep -qa "SECRET-9" "$net/sent.bin" && ok || bad "a watched subject left member 2"
! grep -qa "negotiating in secret" "$net/sent.bin" && ok || bad "a watch note left member 2"
expect 0 "stop watching the prospect" A --data "$net/node2" watch remove $P

# --- a storm: 10,000 records about 100 watched subjects, 100 alerts ---
for i in $(seq 100); do
	A --data "$net/node2" watch add "local:BULK-$i" >/dev/null || bad "watch local:BULK-$i"
done
expect 0 "10,000 records about 100 subjects at member 1" "$bin/tests/bulk_feed" "$net/node1" 10000 100
storm_alerts() { # member 2 holds the 100 subjects' alerts, 100 records each
	A --data "$net/node2" --json alerts --unread | python3 -c '
import json, sys
a = [x for x in json.load(sys.stdin)["alerts"] if x["subject"].startswith("local:BULK-")]
sys.exit(0 if len(a) == 100 and all(x["records"] == 100 for x in a) else 1)'
}
wait_for 60 storm_alerts && ok || bad "the storm is not 100 alerts of 100 records"
finish
