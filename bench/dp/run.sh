#!/bin/sh
# SPDX-License-Identifier: ISC
#
# bench/dp/run.sh [DP_RELAY]: the TUN data plane (plat_dp) against plain
# routing, between two network namespaces made here and deleted on exit:
#
#   bdp-a-PID                                   bdp-b-PID
#   lo 198.51.100.1   [bdp0: dp_relay]          lo 198.51.100.2  [bdp0: dp_relay]
#   va 192.0.2.1/24 -------------- veth ------- vb 192.0.2.2/24
#
# plain: iperf3 between 192.0.2.1 and 192.0.2.2 over the veth.
# dp:    iperf3 between 198.51.100.1 and .2, routed into each side's TUN,
#        IP in IP over the veth by dp_relay, once without offloads and
#        once with them (IFF_VNET_HDR, TSO segmented in user space).
# Prints TCP throughput and UDP 64-octet packets per second received for
# each, and the ratio of each dp run to plain. Needs root, iperf3 and jq.
# SECS (default 5) sets the length of each run; ENCAP (ipip, minimal,
# gre) the encapsulation.
set -eu

RELAY=${1:-${DP_RELAY:-build/release/bench/dp/dp_relay}}
SECS=${SECS:-5}
ENCAP=${ENCAP:-ipip}
A=bdp-a-$$
B=bdp-b-$$
PIDS=""

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: bench/dp/run.sh needs root"
	exit 77
fi
for t in iperf3 jq ip; do
	command -v "$t" >/dev/null || { echo "SKIP: no $t"; exit 77; }
done
[ -x "$RELAY" ] || { echo "run.sh: no dp_relay at $RELAY" >&2; exit 1; }

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add va type veth peer name vb netns "$B"
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
	ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0
done
ip -n "$A" addr add 192.0.2.1/24 dev va
ip -n "$B" addr add 192.0.2.2/24 dev vb
ip -n "$A" addr add 198.51.100.1/32 dev lo
ip -n "$B" addr add 198.51.100.2/32 dev lo
ip -n "$A" link set va up
ip -n "$B" link set vb up

# iperf3 NS_CLIENT SERVER_ADDR CLIENT_ADDR ARGS...: the JSON of one run.
perf() {
	ns=$1 srv=$2 cli=$3
	shift 3
	ip netns exec "$B" iperf3 -s -1 -B "$srv" >/dev/null 2>&1 &
	sp=$!
	PIDS="$PIDS $sp"
	sleep 0.5
	ip netns exec "$ns" iperf3 -c "$srv" -B "$cli" -t "$SECS" -J "$@" ||
		true
	wait "$sp" 2>/dev/null || true
}

# measure LABEL SERVER CLIENT: one line with both numbers.
measure() {
	label=$1 srv=$2 cli=$3
	tcp=$(perf "$A" "$srv" "$cli" |
		jq -r '.end.sum_received.bits_per_second // 0')
	udp=$(perf "$A" "$srv" "$cli" -u -l 64 -b 0 |
		jq -r '(.end.sum.packets - .end.sum.lost_packets) /
		    .end.sum.seconds // 0')
	tcp_mbps=$(echo "$tcp" | awk '{ printf "%.0f", $1 / 1e6 }')
	pps=$(echo "$udp" | awk '{ printf "%.0f", $1 }')
	echo "bench=dp mode=$label encap=$ENCAP tcp_mbps=$tcp_mbps udp64_pps=$pps"
	eval "tcp_$label=$tcp_mbps pps_$label=$pps"
}

# relays [-o]: one dp_relay per namespace, TUN bdp0, routes into it.
relays() {
	ip netns exec "$A" "$RELAY" -t bdp0 -l 192.0.2.1 -r 192.0.2.2 \
	    -s 198.51.100.1 -p 198.51.100.2 -e "$ENCAP" "$@" &
	ra=$!
	ip netns exec "$B" "$RELAY" -t bdp0 -l 192.0.2.2 -r 192.0.2.1 \
	    -s 198.51.100.2 -p 198.51.100.1 -e "$ENCAP" "$@" &
	rb=$!
	PIDS="$PIDS $ra $rb"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		if ip -n "$A" link show bdp0 >/dev/null 2>&1 &&
		    ip -n "$B" link show bdp0 >/dev/null 2>&1; then
			break
		fi
		sleep 0.2
	done
	ip -n "$A" route add 198.51.100.2/32 dev bdp0
	ip -n "$B" route add 198.51.100.1/32 dev bdp0
}

stop_relays() {
	kill "$ra" "$rb"
	wait "$ra" "$rb" || true
}

measure plain 192.0.2.2 192.0.2.1
relays
measure dp 198.51.100.2 198.51.100.1
stop_relays
relays -o
measure dp_offload 198.51.100.2 198.51.100.1
stop_relays

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}
echo "bench=dp_ratio encap=$ENCAP" \
    "tcp_dp=$(ratio "$tcp_dp" "$tcp_plain")" \
    "tcp_dp_offload=$(ratio "$tcp_dp_offload" "$tcp_plain")" \
    "udp64_dp=$(ratio "$pps_dp" "$pps_plain")" \
    "udp64_dp_offload=$(ratio "$pps_dp_offload" "$pps_plain")"
