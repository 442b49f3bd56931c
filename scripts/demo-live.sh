#!/bin/sh
# SPDX-License-Identifier: ISC
#
# The live demo of `make demo` as root: real mipd processes in the network
# namespaces of tests/netns (architecture.md section 5). A home agent, two
# foreign agents and a mobile node start; the correspondent node sends a
# UDP stream (50 datagrams a second) to the MN's home address while the MN
# moves home -> FA1 -> FA2 -> home. Each step is narrated in one line; the
# end is a table per phase: registration latency (from the move to the
# accepted reply seen on the MN's link), datagrams sent, delivered and
# lost, latency, and what the home agent tunnelled (its TUN counters).
# Everything is removed on exit, also on failure or ^C.
#
# usage: demo-live.sh BUILD_DIR
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

say() {
	printf '%s  %s\n' "$(date +%T)" "$*"
}

# phase NAME: datagrams sent from now on belong to NAME.
phase() {
	echo "$1" >"$MIP_TMP/phase"
}

now() {
	date +%s.%N
}

ha_bytes() {
	tun_count ha tx bytes
}

# move_to SEGMENT PHASE: move, then wait for the accepted reply on the
# MN's link; records the registration latency and the HA's counters.
move_to() {
	_seg=$1
	_ph=$2
	sniff_start "rrp-$_ph" mn 3
	_t0=$(now)
	phase "$_ph"
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
	_stay "$_ph" "$_ms"
}

# _stay PHASE LATENCY: let the stream run, then note the HA's counters.
_stay() {
	_p0=$(tun_count ha tx packets)
	_b0=$(ha_bytes)
	sleep "$STAY"
	_p1=$(tun_count ha tx packets)
	_b1=$(ha_bytes)
	echo "$1 $2 $((_p1 - _p0)) $((_b1 - _b0))" >>"$MIP_TMP/extra"
	say "$1: the HA tunnelled $((_p1 - _p0)) packets ($((_b1 - _b0)) bytes) in ${STAY} s"
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
for r in ha fa1 fa2; do
	start_mipd "$r" "$r.conf" >/dev/null
done
start_mipd mn mn.conf >/dev/null
say "mipd runs in $(ns ha), $(ns fa1), $(ns fa2) and $(ns mn) (logs: $MIP_TMP)"

echo "phase reg_ms ha_pkts ha_bytes" >"$MIP_TMP/extra"
phase home
tr_bg udp-rcv mn "$PY" "$NETNS_DIR/tcp_stream.py" udp-recv \
    --bind "$MN_HOME" --port "$UDP_PORT" --status "$MIP_TMP/udp-rcv.json"
wait_for 10 _jis "$MIP_TMP/udp-rcv.json" .state listening ||
    fail "the UDP receiver on the MN did not start"
tr_bg udp-snd cn "$PY" "$NETNS_DIR/tcp_stream.py" udp-send \
    --to "$MN_HOME" --port "$UDP_PORT" --rate 50 \
    --status "$MIP_TMP/udp-snd.json" --phase-file "$MIP_TMP/phase"
say "the CN streams UDP to 192.0.2.10, 50 datagrams a second; the MN is at home"
_stay home -

move_to fa1 fa1
move_to fa2 fa2
move_to home home2

tr_stop udp-snd >/dev/null 2>&1
sleep 1
tr_stop udp-rcv >/dev/null 2>&1
say "done; per phase (datagrams sent in it; latency in ms; what the HA tunnelled):"
echo
"$PY" "$NETNS_DIR/tcp_stream.py" report --extra "$MIP_TMP/extra" \
    "$MIP_TMP/udp-snd.json" "$MIP_TMP/udp-rcv.json"
echo
for r in mn fa2 fa1 ha; do
	stop_mipd "$r" || say "mipd in $(ns "$r") exited with an error"
done
check_clean ha fa1 fa2 mn >/dev/null
say "the daemons stopped and left nothing in the kernel; removing the namespaces"
