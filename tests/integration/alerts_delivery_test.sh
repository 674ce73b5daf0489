#!/usr/bin/env bash
# alerts_delivery_test.sh SRC_DIR BIN_DIR - alerts delivered, at least
# once, on a two-node association (real arnetd processes on 127.0.0.1):
# member 2 runs an [alerts] command and POSTs to a webhook the test
# starts on 127.0.0.1, which answers 500 twice and then hangs once
# (given up at timeout_ms) before taking it, while member 2 goes on
# storing records; member 1
# reports a DEFAULT about a subject member 2 watches; the command gets the alert
# at once and the webhook after its retries, each once, with the alert's
# id; then a command that fails leaves alert 2 waiting, member 2 is
# SIGKILLed, and started again with a working command it delivers alert
# 2, and only it; the daily digest goes out once, and not again after a
# restart.
# Every process started is stopped.
set -u
src=$1
bin=$2
. "$src/tests/integration/lib.sh"
S=uscc:91350100M000100Y43
hook_pid=
trap 'kill $hook_pid 2>/dev/null; cleanup' EXIT
lines() { # FILE PATTERN: how many lines match (0 for no file)
	if [ -s "$1" ]; then grep -c "$2" "$1"; else echo 0; fi
}
count_is() { [ "$(lines "$1" "$2")" -ge "$3" ]; }
configure() { # COMMAND [DIGEST_LINE]: member 2's [alerts]
	cp "$net/node2/arnet.conf.orig" "$net/node2/arnet.conf"
	cat >>"$net/node2/arnet.conf" <<CONF

[alerts]
command = $1
webhook = http://127.0.0.1:$port/hook
webhook_format = json
timeout_ms = 3000
${2:-}
CONF
}

expect 0 "local net up" "$src/deploy/local-net.sh" up 2 "$net"
import_demo 1
# Member 2 watches the customer as a prospect: with no books of its own it
# raises no books alerts, so the ids below are the log's alerts'.
A --data "$net/node2" watch add $S >/dev/null
python3 "$src/tests/integration/hook_server.py" "$net/hook.port" "$net/hook.log" 2 1 &
hook_pid=$!
wait_for 10 test -s "$net/hook.port" && ok || bad "the webhook receiver did not start"
port=$(cat "$net/hook.port")
cp "$net/node2/arnet.conf" "$net/node2/arnet.conf.orig"
expect 1 "a webhook that is no URL is refused" A --data "$net/node2" --config <(printf '[alerts]\nwebhook = ftp://x\n') alerts
has err "webhook must be an http:// or https:// URL" "names what is wrong"
configure "cat >>'$net/cmd.log'; echo >>'$net/cmd.log'"
"$src/deploy/local-net.sh" stop "$net" 2
expect 0 "member 2 restarts with [alerts]" "$src/deploy/local-net.sh" start "$net" 2

echo "dunning letters and the signed delivery note" >"$net/evidence.txt"
expect 0 "member 1 reports a default" A --data "$net/node1" report default HX-2607-05 --evidence "$net/evidence.txt"
wait_for 10 count_is "$net/cmd.log" '^{"id":1,' 1 && ok || bad "the command did not get alert 1"
python3 - "$net/cmd.log" "$S" <<'PY' && ok || bad "the command's alert"
import json, sys
a = json.loads(open(sys.argv[1]).readline())
assert a["subject"] == sys.argv[2] and a["types"] == ["DEFAULT"], a
assert a["latest"]["member"] == "local:MEMBER-1" and a["watched"] == ["prospect"], a
assert a["latest"]["fields"]["amount"] == 8800000, a
PY
# While the webhook fails and then hangs, member 2 goes on storing what
# member 1 publishes: delivery has its own thread.
expect 0 "member 1 stops credit to another" A --data "$net/node1" blacklist add local:OTHER-1 --reason other
stored_other() { A --data "$net/node2" --json records --subject local:OTHER-1 | python3 -c 'import json,sys; sys.exit(0 if len(json.load(sys.stdin)["records"]) == 1 else 1)'; }
wait_for 10 stored_other && ok || bad "member 2 stopped storing while the webhook failed"
wait_for 40 count_is "$net/hook.log" '^{"id":1,' 1 && ok || bad "the webhook did not take alert 1 after its retries"
[ "$(lines "$net/hook.log" '^500 {"id":1,')" = 2 ] && ok || bad "the webhook was not tried twice before"
[ "$(lines "$net/hook.log" '^hang {"id":1,')" = 1 ] && ok || bad "the hung POST was not given up at timeout_ms"
[ "$(lines "$net/cmd.log" '^{"id":1,')" = 1 ] && ok || bad "the command got alert 1 more than once"
expect 0 "status counts the deliveries" A --data "$net/node2" --json status
json 'o["counters"]["alerts_delivered"] >= 2 and o["counters"]["alerts_failed"] >= 2' "delivered and failed counted"

# --- a crash while an alert waits: delivered after the restart, once ---
configure "exit 1"
"$src/deploy/local-net.sh" stop "$net" 2
expect 0 "member 2 restarts with a failing command" "$src/deploy/local-net.sh" start "$net" 2
expect 0 "member 1 stops credit" A --data "$net/node1" blacklist add $S --reason non-payment
wait_for 10 count_is "$net/hook.log" '^{"id":2,' 1 && ok || bad "the webhook did not take alert 2"
kill -KILL "$(cat "$net/node2/arnetd.pid")"
rm -f "$net/node2/arnetd.pid"
[ "$(lines "$net/cmd.log" '^{"id":2,')" = 0 ] && ok || bad "the failing command took alert 2"
configure "cat >>'$net/cmd.log'; echo >>'$net/cmd.log'" "digest_at = 00:00"
expect 0 "member 2 starts again" "$src/deploy/local-net.sh" start "$net" 2
wait_for 15 count_is "$net/cmd.log" '^{"id":2,' 1 && ok || bad "alert 2 was not delivered after the restart"
sleep 1
[ "$(lines "$net/cmd.log" '^{"id":1,')" = 1 ] && ok || bad "alert 1 was delivered again"
[ "$(lines "$net/hook.log" '^{"id":2,')" = 1 ] && ok || bad "the webhook got alert 2 again"
# The daily digest (digest_at 00:00: due since midnight) went out at
# once, to both, and not again after a restart.
wait_for 10 count_is "$net/hook.log" '^{"date":' 1 && ok || bad "the webhook did not get the digest"
"$src/deploy/local-net.sh" stop "$net" 2
expect 0 "member 2 starts once more" "$src/deploy/local-net.sh" start "$net" 2
sleep 2
[ "$(lines "$net/cmd.log" '^{"date":')" = 1 ] && ok || bad "the command did not get one digest"
[ "$(lines "$net/hook.log" '^{"date":')" = 1 ] && ok || bad "the webhook did not get one digest"
python3 - "$net/cmd.log" <<'PY' && ok || bad "the digest's contents"
import json, sys
d = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"date":')][0]
assert d["kind"] == "digest" and d["alerts"]["count"] >= 0, d
assert "dunning" in d and "holds" in d, d
PY
finish
