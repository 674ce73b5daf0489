#!/usr/bin/env bash
# local_test.sh ARNET SRC_DIR ARNETD - what other local users can reach
# (docs/operations.md, "Local access"): passphrase files with group or
# other bits refused; `arnet init` tightens an existing 0755 data
# directory; arnetd refuses a data directory or control socket directory
# others can reach, and makes its control socket 0600 whatever the umask;
# the CLI tells "permission denied" from "not running"; core dumps are off
# while the CLI waits for a passphrase; deploy/local-net.sh writes
# admin.pass 0600 and takes ports outside the ephemeral range. The parts that need a second user
# run only as root (as nobody, through setpriv).
set -u
. "$2/tests/cli/lib.sh"
arnetd=$3
A() { "$arnet" "$@"; }
dpid=
stop_daemon() {
	[ -n "$dpid" ] || return 0
	kill -TERM "$dpid" 2>/dev/null
	wait "$dpid" 2>/dev/null
	dpid=
}
trap 'stop_daemon; rm -rf "$work"' EXIT
is_root=0
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && is_root=1
# a daemon that should refuse to start but starts is stopped, not waited
# for (the old code ran on); exit 124 then
refused() { timeout 30 "$arnetd" "$@"; }
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
# wait_up GLOBAL_OPTIONS...: until arnetd answers (or has exited)
wait_up() {
	for _ in $(seq 200); do
		A "$@" status >/dev/null 2>&1 && return 0
		kill -0 "$dpid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# --- passphrase files ---
printf 'correct horse\n' > pass
chmod 644 pass
expect 1 "0644 passphrase file refused" A keygen --out k1 --passphrase-file pass
has err "passphrase file pass is mode 0644" "refusal names the file and its mode"
[ ! -e k1 ] && ok || bad "key written despite an open passphrase file"
chmod 640 pass
expect 1 "0640 passphrase file refused" A keygen --out k1 --passphrase-file pass
has err "mode 0640" "group bits refused too"
chmod 600 pass
expect 0 "0600 passphrase file" A keygen --out k1 --passphrase-file pass
expect 0 "a pipe is 0600" A keygen --out k2 --passphrase-file <(printf 'pipe words\n')
chmod 644 pass
expect 1 "0644 passphrase file refused on load" A record sign --key k1 \
	--passphrase-file pass --type credit-stop --subject duns:150483782 --reason insolvency
has err "mode 0644" "load refuses it too"
chmod 600 pass

# --- arnet init on an existing directory ---
admin_pass=$work/pass
expect 0 "admin init" A admin init --dir admin --passphrase-file "$admin_pass"
ROOT=$(tail -n 1 admin/root.key.pub)
mkdir -m 755 n
expect 0 "init on a 0755 directory" A --data n --json init --member-id local:A --name A --root-key "$ROOT"
has err "n was mode 0755: made it 0700" "init says it tightened the directory"
json 'o["tightened_from"] == "0755"' "init JSON names the old mode"
[ "$(stat -c %a n)" = 700 ] && ok || bad "data directory mode $(stat -c %a n), want 700"
if [ "$is_root" = 1 ]; then
	mkdir -m 700 theirs && chown nobody theirs
	expect 1 "init on another user's directory" A --data theirs init --member-id local:T --name T --root-key "$ROOT"
	has err "theirs belongs to uid" "init names the directory and owner"
	[ ! -e theirs/member.key ] && ok || bad "key written into another user's directory"
else
	echo "skip: init on another user's directory (needs root)"
fi
cat >>n/arnet.conf <<CONF

[node]
pub_listen = ipc://$work/n/pub.ipc
sync_listen = ipc://$work/n/sync.ipc
CONF

# --- arnetd refuses what others can reach ---
chmod 755 n
expect 1 "arnetd refuses a 0755 data directory" refused --data n
has err "data directory n is mode 0755" "refusal names the directory and its mode"
[ ! -e n/arnetd.ipc ] && ok || bad "control socket made despite the refusal"
chmod 710 n
expect 1 "arnetd refuses a 0710 data directory" refused --data n
has err "mode 0710" "group bits refused too"
chmod 700 n
mkdir -m 755 ctl
# a config of its own beside the data directory, the key named in full
sed "s|^key = member.key|key = $work/n/member.key|" n/arnet.conf >open.conf
printf 'control = ipc://%s/ctl/arnetd.ipc\n' "$work" >>open.conf
expect 1 "arnetd refuses a 0755 control socket directory" refused --data n --config open.conf
has err "control socket directory $work/ctl is mode 0755" "refusal names the socket's directory"
if [ "$is_root" = 1 ]; then
	chown nobody n
	expect 1 "arnetd refuses another user's data directory" refused --data n
	has err "belongs to uid" "refusal names the owner"
	chown root n
else
	echo "skip: another user's data directory (needs root)"
fi

# --- the control socket is 0600 whatever the umask ---
expect 1 "status without a daemon" A --data n status
has err "arnetd is not running for n (no control socket n/arnetd.ipc" "no socket: not running"
(umask 000 && exec "$arnetd" --data n >d.log 2>&1) &
dpid=$!
if wait_up --data n; then ok; else bad "arnetd did not start"; sed 's/^/  log: /' d.log; fi
[ "$(stat -c %a n/arnetd.ipc)" = 600 ] && ok || bad "control socket mode $(stat -c %a n/arnetd.ipc) under umask 000, want 600"
if [ "$is_root" = 1 ]; then
	as_nobody "$arnet" --data "$work/n" status >out 2>err
	[ $? -eq 1 ] && ok || bad "another user's status did not fail"
	has err "permission denied" "another user is told permission denied"
	has err "$work/n/arnetd.ipc" "the message names the socket"
	as_nobody "$arnet" --data "$work/n" sync >out 2>err
	has err "permission denied" "sync too"
else
	echo "skip: permission denied for another user (needs root)"
fi
{ kill -KILL "$dpid" && wait "$dpid"; } 2>/dev/null # no "Killed" line
dpid=
expect 1 "status after a crash" A --data n status
has err "nobody listens on it" "a left-over socket: not running"
mkdir -m 700 ctl2
sed "s|^key = member.key|key = $work/n/member.key|" n/arnet.conf >own.conf
printf 'control = ipc://%s/ctl2/arnetd.ipc\n' "$work" >>own.conf
(umask 000 && exec "$arnetd" --data n --config own.conf >d2.log 2>&1) &
dpid=$!
if wait_up --data n --config own.conf; then ok; else bad "arnetd with a configured socket did not start"; sed 's/^/  log: /' d2.log; fi
[ "$(stat -c %a ctl2/arnetd.ipc)" = 600 ] && ok || bad "configured socket mode $(stat -c %a ctl2/arnetd.ipc), want 600"
stop_daemon

# --- no core dumps while the CLI waits for a passphrase ---
# arnet keygen blocks opening the FIFO given as its passphrase file; its
# limits and dumpable flag are read from /proc meanwhile. A process that
# is not dumpable has its /proc/PID files owned by root, so the flag is
# seen by running arnet as a user other than root: nobody when we are
# root, else ourselves.
if ulimit -S -c unlimited 2>/dev/null; then
	chmod 711 "$work"
	mkdir -m 755 pub
	runner=()
	if [ "$is_root" = 1 ]; then
		chown nobody pub
		runner=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	fi
	"${runner[@]}" mkfifo -m 600 pub/fifo
	"${runner[@]}" "$arnet" keygen --out "$work/pub/k" --passphrase-file "$work/pub/fifo" >out 2>err &
	kpid=$!
	for _ in $(seq 200); do
		grep -q wait_for_partner "/proc/$kpid/wchan" 2>/dev/null && break
		sleep 0.05
	done
	core=$(awk '/^Max core file size/ {print $5}' "/proc/$kpid/limits")
	[ "$core" = 0 ] && ok || bad "core file size limit $core while waiting for a passphrase, want 0"
	if [ "$(id -u)" = 0 ] && [ "$is_root" = 0 ]; then
		echo "skip: dumpable flag (needs setpriv)"
	else
		[ "$(stat -c %u "/proc/$kpid/status")" = 0 ] && ok || bad "arnet is dumpable while waiting for a passphrase"
	fi
	printf 'fifo words\n' >pub/fifo
	wait "$kpid" && ok || bad "keygen through a FIFO failed: $(cat err)"
else
	echo "skip: core dump limit (cannot raise RLIMIT_CORE here)"
fi

# --- deploy/local-net.sh ---
export ARNET_BIN=${arnet%/*} ARNETD_BIN=${arnetd%/*}
trap 'stop_daemon; "$src/deploy/local-net.sh" down "$work/net" >/dev/null 2>&1; rm -rf "$work"' EXIT
expect 0 "local-net up" "$src/deploy/local-net.sh" up 2 "$work/net"
[ "$(stat -c %a "$work/net/admin.pass")" = 600 ] && ok || bad "admin.pass mode $(stat -c %a "$work/net/admin.pass"), want 600"
expect 0 "roster of the local net" A --data "$work/net/node1" --json roster show
read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
json "len(o['members']) == 2 and all(not $lo <= int(m[k].rsplit(':', 1)[1]) <= $hi for m in o['members'] for k in ('pub_url', 'sync_url', 'survey_url'))" \
	"endpoints outside the ephemeral range $lo-$hi"
expect 0 "local-net down" "$src/deploy/local-net.sh" down "$work/net"

finish
