#!/usr/bin/env bash
# An association of N member nodes on loopback, for trying arnet and for
# the integration tests.
#
#   deploy/local-net.sh up N DIR     make DIR/admin and DIR/node1..N, start
#                                    N arnetd; returns when all are ready
#   deploy/local-net.sh down DIR     stop exactly the daemons `up` started
#   deploy/local-net.sh stop DIR K   stop node K (SIGTERM; waits)
#   deploy/local-net.sh start DIR K  start node K again; returns when ready
#
# Each DIR/nodeK is a member's data directory (arnet --data DIR/nodeK),
# member id local:MEMBER-K, endpoints on free 127.0.0.1 ports outside the
# ephemeral range, log in DIR/nodeK/arnetd.log, pid in
# DIR/nodeK/arnetd.pid. The administrator's passphrase is DIR/admin.pass
# (mode 0600). Binaries: $ARNET_BIN (default build/cli) and $ARNETD_BIN
# (default build/node).
#
# Links are TLS (tls+tcp://, each member's link certificate pinned in the
# roster: docs/protocol.md, "Links"); ARNET_LINKS=tcp makes them plain
# tcp:// instead, for the tests whose hostile tools speak the protocol in
# clear and for the benchmarks' comparison.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
arnet=${ARNET_BIN:-$here/build/cli}/arnet
arnetd=${ARNETD_BIN:-$here/build/node}/arnetd

# Ports come from 20000-32000 (or, if the system's ephemeral range
# /proc/sys/net/ipv4/ip_local_port_range overlaps it, from outside that
# range), never from the ephemeral range itself: a port bound with port 0
# lies in it, and after a restart the node could find its port taken by
# some outgoing connection ("Address in use").
free_ports() { # N: print N free TCP ports on 127.0.0.1
	python3 - "$1" <<'PY'
import random, socket, sys
n = int(sys.argv[1])
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        lo, hi = map(int, f.read().split())
except (OSError, ValueError):
    lo, hi = 32768, 60999
pool = [p for p in range(20000, 32000) if not lo <= p <= hi]
if len(pool) < 4 * n:
    pool = [p for p in range(1024, 65536) if not lo <= p <= hi]
random.shuffle(pool)
socks = []
for p in pool:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        s.close()
        continue
    socks.append(s)
    if len(socks) == n:
        break
if len(socks) < n:
    sys.exit("local-net: fewer than %d free ports outside the ephemeral "
             "range %d-%d" % (n, lo, hi))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

start_node() { # DIR K
	local d=$1/node$2
	"$arnetd" --data "$d" >>"$d/arnetd.log" 2>&1 &
	echo $! >"$d/arnetd.pid"
}

wait_ready() { # DIR K
	local d=$1/node$2
	for _ in $(seq 100); do
		if "$arnet" --data "$d" status >/dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$(cat "$d/arnetd.pid")" 2>/dev/null; then
			echo "local-net: node$2 did not start:" >&2
			tail -n 20 "$d/arnetd.log" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "local-net: node$2 not ready after 10 s" >&2
	return 1
}

up() {
	local n=$1 dir=$2
	[ "$n" -ge 1 ] 2>/dev/null || { echo "local-net: N must be a number >= 1" >&2; exit 2; }
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ -e "$dir/admin" ]; then
		echo "local-net: $dir/admin exists; use an empty directory" >&2
		exit 1
	fi
	# mode 0600: arnet refuses a passphrase file others may read
	rm -f "$dir/admin.pass"
	(umask 077 && head -c 24 /dev/urandom | base64 >"$dir/admin.pass")
	"$arnet" admin init --dir "$dir/admin" --passphrase-file "$dir/admin.pass" >/dev/null
	local root ports
	root=$(tail -n 1 "$dir/admin/root.key.pub")
	local scheme=tls+tcp
	[ "${ARNET_LINKS:-tls}" = tcp ] && scheme=tcp
	read -r -a ports <<<"$(free_ports $((3 * n)))"
	for k in $(seq "$n"); do
		local d=$dir/node$k
		"$arnet" --data "$d" init --member-id "local:MEMBER-$k" \
			--name "member $k" --root-key "$root" >/dev/null
		cat >>"$d/arnet.conf" <<CONF

[node]
# quick sync for a local network
sync_interval_ms = 1000
CONF
		local link=()
		[ "$scheme" = tls+tcp ] && link=(--link-cert "$d/link.crt")
		"$arnet" admin enroll --dir "$dir/admin" --passphrase-file "$dir/admin.pass" \
			--pubkey "$(tail -n 1 "$d/member.key.pub")" \
			--member-id "local:MEMBER-$k" --name "member $k" "${link[@]}" \
			--endpoint "pub=$scheme://127.0.0.1:${ports[$((3 * k - 3))]}" \
			--endpoint "sync=$scheme://127.0.0.1:${ports[$((3 * k - 2))]}" \
			--endpoint "survey=$scheme://127.0.0.1:${ports[$((3 * k - 1))]}" >/dev/null
	done
	"$arnet" admin roster --dir "$dir/admin" --out "$dir/roster.bin" >/dev/null
	for k in $(seq "$n"); do
		"$arnet" --data "$dir/node$k" roster import "$dir/roster.bin" >/dev/null
		start_node "$dir" "$k"
	done
	for k in $(seq "$n"); do
		wait_ready "$dir" "$k"
	done
	echo "local-net: $n nodes up in $dir"
}

stop_node() { # DIR K
	local f=$1/node$2/arnetd.pid p
	[ -e "$f" ] || return 0
	p=$(cat "$f")
	kill -TERM "$p" 2>/dev/null || true
	for _ in $(seq 50); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$p" 2>/dev/null || true
	rm -f "$f"
}

down() {
	local dir=$1 pids=()
	for f in "$dir"/node*/arnetd.pid; do
		[ -e "$f" ] || continue
		pids+=("$(cat "$f")")
		kill -TERM "${pids[-1]}" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		for _ in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -f "$dir"/node*/arnetd.pid
	echo "local-net: stopped ${#pids[@]} nodes in $dir"
}

case "${1:-}" in
up) [ $# -eq 3 ] || { echo "usage: $0 up N DIR" >&2; exit 2; }; up "$2" "$3" ;;
down) [ $# -eq 2 ] || { echo "usage: $0 down DIR" >&2; exit 2; }; down "$2" ;;
start) [ $# -eq 3 ] || { echo "usage: $0 start DIR K" >&2; exit 2; }; start_node "$2" "$3"; wait_ready "$2" "$3" ;;
stop) [ $# -eq 3 ] || { echo "usage: $0 stop DIR K" >&2; exit 2; }; stop_node "$2" "$3" ;;
*) echo "usage: $0 up N DIR | down DIR | start DIR K | stop DIR K" >&2; exit 2 ;;
esac
