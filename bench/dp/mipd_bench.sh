#!/bin/sh
# SPDX-License-Identifier: ISC
#
# bench/dp/mipd_bench.sh [BUILD_DIR]: the data plane of real mipd daemons
# against plain routing over the same hops, in the namespaces of
# tests/netns/lib.sh (prefix bdm- unless MIP_NS_PREFIX is set):
#
#   tunnel: the MN (home address 192.0.2.10) registered through FA1 with
#           reverse tunnelling (tests/netns/conf/mn.conf, flag T); mipd in
#           ha, fa1 and mn. CN -> rtr -> HA =IP in IP=> rtr -> FA1 -> MN and
#           back MN -> FA1 =reverse tunnel=> rtr -> HA -> rtr -> CN.
#   routed: no mipd anywhere; the MN at FA1 with a plain address,
#           203.0.113.50, and policy routes on rtr and FA1 that take its
#           traffic through the HA both ways: CN -> rtr -> HA -> rtr -> FA1
#           -> MN and MN -> FA1 -> rtr -> HA -> rtr -> CN. The same
#           routers, links and IP hops as the tunnel; only the
#           encapsulation (user space at HA and FA1) differs.
#
# Measured CN -> MN with iperf3 (MN the server): TCP throughput, UDP
# datagrams of 64 octets per second received (-b 0), and the mean
# round-trip time of pings from the CN. Prints one line per path and a
# ratio line; the tunnel's TCP ratio should be 0.25 or more. Needs root,
# iperf3 and jq; without them it prints a SKIP line and exits 0, as
# bench/reg_bench.sh does, so that "make bench" goes on. mipctl, when
# built, confirms the encapsulation and prints the data planes' counters.
# SECS (default 5) is the length of each iperf3 run; ENCAP (ipip,
# minimal, gre) the encapsulation.
set -u

BUILD=${1:-build/release}
SECS=${SECS:-5}
ENCAP=${ENCAP:-ipip}
HERE=$(cd "$(dirname "$0")" && pwd)
MIP_SRC=$(cd "$HERE/../.." && pwd)
NETNS_DIR=$MIP_SRC/tests/netns
MIP_NS_PREFIX=${MIP_NS_PREFIX:-bdm-}
MIPD=$BUILD/daemon/mipd
MIPCTL=$BUILD/ctl/mipctl
case $MIPD in /*) ;; *) MIPD=$PWD/$MIPD MIPCTL=$PWD/$MIPCTL ;; esac
export MIP_SRC NETNS_DIR MIP_NS_PREFIX MIPD MIPCTL

if [ "$(id -u)" != 0 ]; then
	echo "bench=dp_mipd SKIP (needs root for its network namespaces)"
	exit 0
fi
for t in iperf3 jq ip; do
	command -v "$t" >/dev/null ||
	    { echo "bench=dp_mipd SKIP (no $t)"; exit 0; }
done
if [ ! -x "$MIPD" ]; then
	echo "mipd_bench.sh: no mipd at $MIPD (build it first)" >&2
	exit 1
fi

. "$NETNS_DIR/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

PLAIN=203.0.113.50
case $ENCAP in
ipip) FLAGS=T ;;
minimal) FLAGS="T M" ;;
gre) FLAGS="T G" ;;
*) echo "mipd_bench.sh: ENCAP is ipip, minimal or gre" >&2; exit 2 ;;
esac

# perf NAME SERVER_ADDR ARGS...: one iperf3 run CN -> SERVER_ADDR (the MN
# serving), its JSON on stdout.
perf() {
	_name=$1 _srv=$2
	shift 2
	tr_bg "$_name" mn iperf3 -s -1 -B "$_srv"
	wait_for 5 in_ns mn sh -c "ss -ltn | grep -q ':5201 '" ||
	    fail "iperf3 server on $_srv did not start"
	in_ns cn iperf3 -c "$_srv" -t "$SECS" -J "$@" 2>/dev/null
	tr_wait "$_name" 10 >/dev/null 2>&1
}

# measure LABEL ADDR: the three numbers towards ADDR, one bench line;
# they stay in _mbps, _pps and _rtt.
measure() {
	_tcp=$(perf "tcp-$1" "$2" | jq -r '.end.sum_received.bits_per_second // 0')
	_pps=$(perf "udp-$1" "$2" -u -l 64 -b 0 | jq -r \
	    '((.end.sum.packets - .end.sum.lost_packets) / .end.sum.seconds) // 0')
	_rtt=$(in_ns cn ping -n -q -c 50 -i 0.02 -W 1 "$2" |
	    awk -F/ '/^rtt|^round-trip/ { print $5 }')
	_mbps=$(awk -v v="$_tcp" 'BEGIN { printf "%.0f", v / 1e6 }')
	_pps=$(awk -v v="$_pps" 'BEGIN { printf "%.0f", v }')
	echo "bench=dp_mipd path=$1 encap=$ENCAP tcp_mbps=$_mbps" \
	    "udp64_pps=$_pps rtt_ms=${_rtt:-0}"
	_rtt=${_rtt:-0}
}

routed_up() {
	in_ns mn ip addr add "$PLAIN/32" dev eth0
	in_ns mn ip route replace default via 203.0.113.1 dev eth0 onlink
	# Towards the MN: rtr sends it to the HA, and what comes back from
	# the HA on to FA1.
	in_ns rtr ip route add "$PLAIN/32" via 192.0.2.1
	in_ns rtr ip route add "$PLAIN/32" via 198.51.100.129 table 100
	in_ns rtr ip rule add iif home to "$PLAIN" table 100 pref 100
	# From the MN: FA1 and rtr send it to the HA, which routes it on.
	in_ns fa1 ip route add default via 198.51.100.130 table 100
	in_ns fa1 ip rule add iif eth0 from "$PLAIN" table 100 pref 100
	in_ns rtr ip route add default via 192.0.2.1 table 101
	in_ns rtr ip rule add iif up1 from "$PLAIN" table 101 pref 101
}

routed_down() {
	in_ns rtr ip rule del pref 101
	in_ns rtr ip rule del pref 100
	in_ns rtr ip route flush table 101
	in_ns rtr ip route flush table 100
	in_ns rtr ip route del "$PLAIN/32"
	in_ns fa1 ip rule del pref 100
	in_ns fa1 ip route flush table 100
	in_ns mn ip addr del "$PLAIN/32" dev eth0
	in_ns mn ip route del default
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}

topo_up
tr_up
# mn.conf with the flags of the encapsulation, removed with $MIP_TMP.
MN_CONF=$MIP_TMP/mn.conf
sed "s/^Flags = T$/Flags = $FLAGS/" "$MIP_CONF/mn.conf" >"$MN_CONF"
mn_move fa1

# ha_rx: packets the HA received on its link.
ha_rx() {
	in_ns ha cat /sys/class/net/eth0/statistics/rx_packets
}

routed_up
# The routed path goes through the HA both ways: 3 pings, 6 packets there.
n0=$(ha_rx)
check "CN reaches $PLAIN" ping_ok cn "$PLAIN"
check "the HA forwards the routed path both ways" test \
    $(($(ha_rx) - n0)) -ge 6
measure routed "$PLAIN"
tcp_routed=$_mbps pps_routed=$_pps rtt_routed=$_rtt
routed_down

start_mipd ha ha.conf
start_mipd fa1 fa1.conf
start_mipd mn "$MN_CONF"
check_wait 15 "HA binding for $MN_HOME through FA1" ha_bound
[ -x "$MIPCTL" ] &&
    check "the binding uses $ENCAP" is "$ENCAP" ha_binding encapsulation
check "CN reaches $MN_HOME through the tunnel" ping_ok cn "$MN_HOME"
measure tunnel "$MN_HOME"
tcp_tunnel=$_mbps pps_tunnel=$_pps rtt_tunnel=$_rtt
for r in ha fa1; do
	[ -x "$MIPCTL" ] || break
	log "$r data plane: $(mipctl_in "$r" -j show stats 2>/dev/null |
	    jq -c '.stats.dataplane // empty')"
done

echo "bench=dp_mipd_ratio encap=$ENCAP" \
    "tcp=$(ratio "$tcp_tunnel" "$tcp_routed")" \
    "udp64=$(ratio "$pps_tunnel" "$pps_routed")" \
    "added_rtt_ms=$(awk -v a="$rtt_tunnel" -v b="$rtt_routed" \
	'BEGIN { printf "%.3f", a - b }')"
