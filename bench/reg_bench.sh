#!/bin/sh
# SPDX-License-Identifier: ISC
# The registration benchmark (docs/benchmarks.md), one command:
#
#   bench/reg_bench.sh [BUILD_DIR]        (default build/release)
#
# As root, in a network namespace of its own (bench-reg) with lo and a
# home link bench0 = 198.18.0.1/15 (one end of a veth pair whose other end,
# bench1, stays in the namespace: this kernel may lack the dummy driver) (RFC 2544's benchmarking range:
# the documentation ranges hold too few addresses for 100,000 mobile
# nodes; nothing leaves the namespace), it starts mipd as the home agent of
# MNS mobile nodes (bench/gen_ha_conf.py) and runs reg_load against it,
# then runs reg_load against ha_serve (the same engine behind a bare UDP
# socket, no netlink) for comparison. Each prints one bench= line.
#
# Environment: MNS (100000), ROUNDS (3), WINDOW (256), PERF=1 to print
# mipd's profile under load (perf record), PERF_DATA=FILE to keep it there
# for perf report (call graphs included).
set -eu

build=${1:-build/release}
mns=${MNS:-100000}
rounds=${ROUNDS:-3}
window=${WINDOW:-256}
ns=bench-reg
ha=198.18.0.1
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" != 0 ]; then
	echo "bench=reg_mipd SKIP (needs root for its network namespace)"
	exit 0
fi
for b in daemon/mipd bench/reg_load bench/ha_serve; do
	if [ ! -x "$build/$b" ]; then
		echo "reg_bench.sh: $build/$b is not built" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
srv_pid=
perf_pid=
cleanup() {
	# Only what this script started, by pid.
	[ -n "$perf_pid" ] && kill -INT "$perf_pid" 2>/dev/null || true
	if [ -n "$srv_pid" ]; then
		kill "$srv_pid" 2>/dev/null || true
		wait "$srv_pid" 2>/dev/null || true
	fi
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if ip netns list | grep -qw "$ns"; then
	echo "reg_bench.sh: namespace $ns exists (another run?)" >&2
	trap - EXIT
	rm -rf "$tmp"
	exit 1
fi
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add bench0 type veth peer name bench1
ip -n "$ns" addr add "$ha/15" dev bench0
ip -n "$ns" link set bench1 up
ip -n "$ns" link set bench0 up

# Waits until something in the namespace listens on UDP 434.
wait_port() {
	i=0
	while ! ip netns exec "$ns" ss -Huln 'sport = :434' | grep -q .; do
		i=$((i + 1))
		if [ "$i" -gt 600 ] || ! kill -0 "$srv_pid" 2>/dev/null; then
			echo "reg_bench.sh: $1 did not start; its log:" >&2
			cat "$tmp/$1.log" >&2
			exit 1
		fi
		sleep 0.1
	done
}

load() {
	ip netns exec "$ns" "$build/bench/reg_load" --mns "$mns" \
	    --rounds "$rounds" --window "$window" --to "$ha" --ha "$ha/15"
}

python3 "$here/gen_ha_conf.py" --mns "$mns" --ifname bench0 \
    --ha "$ha/15" >"$tmp/ha.conf"
start=$(date +%s.%N)
ip netns exec "$ns" "$build/daemon/mipd" -f "$tmp/ha.conf" \
    -s "$tmp/mipd.sock" 2>"$tmp/mipd.log" &
srv_pid=$!
wait_port mipd
echo "reg_bench.sh: mipd with $mns MNs ready in" \
    "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s" >&2
if [ "${PERF:-0}" = 1 ]; then
	perf record -q -g -o "$tmp/perf.data" -p "$srv_pid" \
	    2>/dev/null &
	perf_pid=$!
fi
load | sed 's/^bench=reg_load/bench=reg_mipd/'
if [ -n "$perf_pid" ]; then
	kill -INT "$perf_pid"
	wait "$perf_pid" 2>/dev/null || true
	perf_pid=
	[ -n "${PERF_DATA:-}" ] && cp "$tmp/perf.data" "$PERF_DATA"
	perf report -i "$tmp/perf.data" --no-children --stdio -g none \
	    --percent-limit 1 2>/dev/null | grep -E '^ +[0-9]' >&2 || true
fi
echo "reg_bench.sh: mipd: $(ip -n "$ns" -4 route show table all proto 77 |
    wc -l) routes, $(ip -n "$ns" neigh show proxy | wc -l) proxy entries" >&2
kill "$srv_pid"
wait "$srv_pid" 2>/dev/null || true
srv_pid=

ip netns exec "$ns" "$build/bench/ha_serve" --mns "$mns" --addr "$ha" \
    --ha "$ha/15" >"$tmp/ha_serve.out" 2>"$tmp/ha_serve.log" &
srv_pid=$!
wait_port ha_serve
load | sed 's/^bench=reg_load/bench=reg_ha_serve/'
kill "$srv_pid"
wait "$srv_pid" 2>/dev/null || true
srv_pid=
