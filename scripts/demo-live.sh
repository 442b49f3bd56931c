#!/bin/sh
# SPDX-License-Identifier: ISC
#
# The live demo of `make demo` as root: real mipd processes in the network
# namespaces of tests/netns (architecture.md section 5). A home agent, two
# foreign agents and a mobile node start; the correspondent node sends a
# UDP stream (50 datagrams a second) to the MN's home address while the MN
# moves home -> FA1 -> FA2 -> home: the CN does not do Route
# Optimization yet, so everything away from home takes the triangle
# through the home agent (whose Binding Updates to it find no listener
# and back off). Then the CN starts mipd with a binding cache (the home
# agent lists it as a Route Optimization peer) and the MN moves to FA1
# once more (a move restarts the back-off): the first datagrams still go
# through the home agent, which sends the CN a Binding Update, and from
# then on the CN tunnels straight to the care-of address (RO draft 4);
# both tunnels' counters are shown second by second, then the CN's
# binding cache. Each step is narrated in one line; the end is a table
# per phase: registration latency (from the move to the accepted reply
# seen on the MN's link), datagrams sent, delivered and lost, latency,
# and what the home agent and the CN tunnelled (their TUN counters).
# Everything is removed on exit, also on failure or ^C.
#
# usage: demo-live.sh BUILD_DIR
# MIP_NS_PREFIX (default mip-) names the namespaces, as in tests/netns.
set -u
build=${1:-build/dev}
src=$(cd "$(dirname "$0")/.." && pwd)
case $build in
/*) ;;
*) build=$src/$build ;;
esac
export MIP_SRC="$src"
export MIPD="$build/daemon/mipd"
export MIPCTL="$build/ctl/mipctl"
NETNS_DIR=$src/tests/netns
. "$NETNS_DIR/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

STAY=${MIP_DEMO_STAY:-6} # seconds in each place
RO_STAY=${MIP_DEMO_RO_STAY:-8} # seconds of the Route Optimization phase

say() {
	printf '%s  %s\n' "$(date +%T)" "$*"
}

now() {
	date +%s.%N
}

ha_bytes() {
	tun_count ha tx bytes
}

# move_to SEGMENT PHASE: move, wait for the accepted reply, stay.
move_to() {
	_move "$1" "$2"
	_stay "$2" "$_ms"
}

# _move SEGMENT PHASE: move, then wait for the accepted reply on the MN's
# link; the registration latency in ms (or -) in _ms.
_move() {
	_seg=$1
	_ph=$2
	sniff_start "rrp-$_ph" mn 3
	_t0=$(now)
	udp_phase "$_ph"
	mn_move "$_seg" >/dev/null
	say "the MN moves to $_seg"
	_ok=".type == 3 and .code == 0 and .time >= $_t0"
	if ! wait_for 15 sniffed_where "rrp-$_ph" "$_ok"; then
		say "no accepted registration reply within 15 s"
		_ms=-
	else
		_t1=$(sniffed_first "rrp-$_ph" "$_ok" time)
		_ms=$(echo "$_t1 $_t0" | awk '{ printf "%.0f", ($1 - $2) * 1000 }')
		_lt=$(sniffed_first "rrp-$_ph" "$_ok" lifetime)
		if [ "$_lt" = 0 ]; then
			say "deregistered at home: reply 0 after $_ms ms"
		else
			say "registered via $_seg: reply 0 (accepted, lifetime $_lt s) after $_ms ms"
		fi
	fi
	tr_stop "rrp-$_ph" >/dev/null 2>&1
}

# _stay PHASE LATENCY: let the stream run, then note the HA's counters.
_stay() {
	_p0=$(tun_count ha tx packets)
	_b0=$(ha_bytes)
	sleep "$STAY"
	_p1=$(tun_count ha tx packets)
	_b1=$(ha_bytes)
	echo "$1 $2 $((_p1 - _p0)) $((_b1 - _b0)) -" >>"$MIP_TMP/extra"
	say "$1: the HA tunnelled $((_p1 - _p0)) packets ($((_b1 - _b0)) bytes) in ${STAY} s"
}

# ro_phase: the CN starts mipd with a binding cache; the MN moves to FA1;
# each second, what the HA and the CN tunnelled (their TUN packets) and
# the care-of address the CN has cached; then mipctl show cache.
ro_phase() {
	start_mipd cn cn.conf >/dev/null
	say "the CN starts mipd with a binding cache; the HA lists it as a Route Optimization peer"
	_h0=$(tun_count ha tx packets)
	_hb0=$(ha_bytes)
	_c0=$(tun_count cn tx packets)
	_move fa1 ro
	say "  time   HA tunnel  CN tunnel  CN's binding for $MN_HOME   (packets since the move)"
	_hp=0
	_cp=0
	_t0=$(date +%s)
	for _i in $(seq 1 "$RO_STAY"); do
		# Each line at a whole second after the first.
		while [ "$(date +%s)" -lt $((_t0 + _i)) ]; do
			sleep 0.1
		done
		_hn=$(($(tun_count ha tx packets) - _h0))
		_cn=$(($(tun_count cn tx packets) - _c0))
		_coa=$(cn_cache coa)
		say "$(printf '  +%2ds  %9s  %9s  %s' "$_i" "$_hn (+$((_hn - _hp)))" \
		    "$_cn (+$((_cn - _cp)))" "${_coa:-none: via the HA}")"
		_hp=$_hn
		_cp=$_cn
	done
	echo "ro $_ms $_hn $(($(ha_bytes) - _hb0)) $_cn" >>"$MIP_TMP/extra"
	say "the HA tunnelled the first $_hn packet(s), until the CN had the binding; the CN tunnelled $_cn straight to ${_coa:-(no binding)}"
	say "the CN's binding cache (mipctl show cache):"
	mipctl_in cn show cache | sed 's/^/    /'
}

[ "$(id -u)" -eq 0 ] || {
	echo "demo-live.sh: needs root (network namespaces)" >&2
	exit 77
}
[ -x "$MIPD" ] || {
	echo "demo-live.sh: no mipd at $MIPD (build it first)" >&2
	exit 1
}

say "building the topology: cn, rtr, ha, mn, fa1, fa2 in network namespaces"
topo_up >/dev/null
tr_up
say "home network 192.0.2.0/24 (HA 192.0.2.1, MN 192.0.2.10), CN 198.51.100.10,"
say "FA1 203.0.113.1 on 203.0.113.0/26, FA2 203.0.113.65 on 203.0.113.64/26"
start_mipd ha ha-ro.conf >/dev/null
for r in fa1 fa2; do
	start_mipd "$r" "$r.conf" >/dev/null
done
start_mipd mn mn.conf >/dev/null
say "mipd runs in $(ns ha), $(ns fa1), $(ns fa2) and $(ns mn) (logs: $MIP_TMP)"

echo "phase reg_ms ha_pkts ha_bytes cn_pkts" >"$MIP_TMP/extra"
udp_phase home
udp_start 50
say "the CN streams UDP to 192.0.2.10, 50 datagrams a second; the MN is at home"
_stay home -

move_to fa1 fa1
move_to fa2 fa2
move_to home home2
ro_phase

tr_stop udp-snd >/dev/null 2>&1
sleep 1
tr_stop udp-rcv >/dev/null 2>&1
say "done; per phase (datagrams sent in it; latency in ms; what the HA and the CN tunnelled):"
echo
"$PY" "$NETNS_DIR/tcp_stream.py" report --extra "$MIP_TMP/extra" \
    "$MIP_TMP/udp-snd.json" "$MIP_TMP/udp-rcv.json"
echo
for r in mn cn fa2 fa1 ha; do
	stop_mipd "$r" || say "mipd in $(ns "$r") exited with an error"
done
check_clean ha fa1 fa2 mn cn >/dev/null
say "the daemons stopped and left nothing in the kernel; removing the namespaces"
