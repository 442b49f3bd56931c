# SPDX-License-Identifier: ISC
# The namespace topology of architecture.md section 5 for real mipd runs,
# sourced by every tests/netns/NN-*.sh (POSIX sh). Layout (README.md here):
#
#                 cn 198.51.100.10/25
#                        |  br-cn
#   home 192.0.2.0/24    |  (rtr 198.51.100.1)
#   br-home ---------- rtr ---- up1: 198.51.100.128/30 ---- fa1 --- br-fa1
#   ha 192.0.2.1       .254     (rtr .130, fa1 .129)        203.0.113.1/26
#   mn 192.0.2.10         \
#                          `--- up2: 198.51.100.132/30 ---- fa2 --- br-fa2
#                               (rtr .134, fa2 .133)        203.0.113.65/26
#
# Every multi-host segment is a Linux bridge in the namespace ${P}sw; the
# two transit links are plain veth pairs. The MN's veth peer (mn-port in
# ${P}sw) is what moves between br-home, br-fa1 and br-fa2; its carrier
# drops during the move, as a real re-attachment would. The foreign agents
# are the only routers on their visitor networks. Namespaces are
# ${P}{cn,rtr,ha,mn,fa1,fa2,sw} with P=${MIP_NS_PREFIX:-mip-}.
#
# Only documentation ranges (192.0.2.0/24, 198.51.100.0/24,
# 203.0.113.0/24), only inside namespaces made here; topo_up installs a
# trap so that topo_down removes everything, also on failure.

P=${MIP_NS_PREFIX:-mip-}
NETNS_DIR=${NETNS_DIR:-$(cd "$(dirname "$0")" && pwd)}
MIP_SRC=${MIP_SRC:-$(cd "$NETNS_DIR/../.." && pwd)}
MIPD=${MIPD:-$MIP_SRC/build/dev/daemon/mipd}
MIPCTL=${MIPCTL:-$MIP_SRC/build/dev/ctl/mipctl}
MIP_CONF=${MIP_CONF:-$NETNS_DIR/conf}
MIP_TMP=
MIP_FAILED=0
MIP_ROLES="cn rtr ha mn fa1 fa2 sw"

# ---- basics ----

log() {
	echo "[$(date +%T)] $*"
}

fail() {
	echo "FAIL: $*" >&2
	MIP_FAILED=1
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# ns ROLE: the namespace name of a role (a full name passes unchanged).
ns() {
	case $1 in
	"$P"*) echo "$1" ;;
	*) echo "$P$1" ;;
	esac
}

# in_ns ROLE CMD...: run CMD inside the role's namespace.
in_ns() {
	_n=$(ns "$1")
	shift
	ip netns exec "$_n" "$@"
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
	command -v ip >/dev/null || skip "needs iproute2"
	[ -x "$MIPD" ] || skip "no mipd at $MIPD (build it first)"
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds, for
# SECONDS of wall-clock time (however long CMD itself takes).
wait_for() {
	_end=$(($(date +%s) + $1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

# ---- topology ----

_sysctl() { # ROLE KEY VALUE
	in_ns "$1" sysctl -qw "$2=$3" >/dev/null
}

# _veth ROLE IF SWPORT BRIDGE ADDR/PLEN: ROLE's IF, its peer a bridge port.
_port() {
	ip -n "$(ns sw)" link add "$3" type veth peer name "$2" \
	    netns "$(ns "$1")" || return 1
	ip -n "$(ns sw)" link set "$3" master "$4" up || return 1
	ip -n "$(ns "$1")" addr add "$5" dev "$2" || return 1
	ip -n "$(ns "$1")" link set "$2" up
}

# _p2p ROLE_A IF_A ADDR_A ROLE_B IF_B ADDR_B: a direct veth link.
_p2p() {
	ip -n "$(ns "$1")" link add "$2" type veth peer name "$5" \
	    netns "$(ns "$4")" || return 1
	ip -n "$(ns "$1")" addr add "$3" dev "$2" || return 1
	ip -n "$(ns "$4")" addr add "$6" dev "$5" || return 1
	ip -n "$(ns "$1")" link set "$2" up || return 1
	ip -n "$(ns "$4")" link set "$5" up
}

_topo_build() {
	for r in $MIP_ROLES; do
		ip netns add "$(ns "$r")" || return 1
		ip -n "$(ns "$r")" link set lo up || return 1
		_sysctl "$r" net.ipv6.conf.all.disable_ipv6 1
		_sysctl "$r" net.ipv6.conf.default.disable_ipv6 1
		_sysctl "$r" net.ipv4.conf.all.rp_filter 0
		_sysctl "$r" net.ipv4.conf.default.rp_filter 0
	done
	for b in br-home br-cn br-fa1 br-fa2; do
		ip -n "$(ns sw)" link add "$b" type bridge stp_state 0 \
		    forward_delay 0 mcast_snooping 0 || return 1
		ip -n "$(ns sw)" link set "$b" up || return 1
	done
	# Agents and the router forward (mipd only checks, mipd(8)).
	for r in rtr ha fa1 fa2; do
		_sysctl "$r" net.ipv4.ip_forward 1
	done

	_port ha eth0 ha-port br-home 192.0.2.1/24 || return 1
	_port mn eth0 mn-port br-home 192.0.2.10/24 || return 1
	_port rtr home rtr-home br-home 192.0.2.254/24 || return 1
	_port cn eth0 cn-port br-cn 198.51.100.10/25 || return 1
	_port rtr cn rtr-cn br-cn 198.51.100.1/25 || return 1
	_port fa1 eth0 fa1-port br-fa1 203.0.113.1/26 || return 1
	_port fa2 eth0 fa2-port br-fa2 203.0.113.65/26 || return 1
	_p2p fa1 up0 198.51.100.129/30 rtr up1 198.51.100.130/30 || return 1
	_p2p fa2 up0 198.51.100.133/30 rtr up2 198.51.100.134/30 || return 1

	ip -n "$(ns ha)" route add default via 192.0.2.254 || return 1
	ip -n "$(ns mn)" route add default via 192.0.2.254 || return 1
	ip -n "$(ns cn)" route add default via 198.51.100.1 || return 1
	ip -n "$(ns fa1)" route add default via 198.51.100.130 || return 1
	ip -n "$(ns fa2)" route add default via 198.51.100.134 || return 1
	ip -n "$(ns rtr)" route add 203.0.113.0/26 via 198.51.100.129 ||
	    return 1
	ip -n "$(ns rtr)" route add 203.0.113.64/26 via 198.51.100.133
}

# topo_up: build the topology (after removing a stale one of the same
# prefix) and arrange for topo_down on exit.
topo_up() {
	require_root
	MIP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mip-netns.XXXXXX") ||
	    fail "mktemp"
	trap topo_down EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	_topo_clean
	_topo_build || fail "building the topology failed (see above)"
	log "topology up (prefix $P, logs in $MIP_TMP)"
}

_topo_clean() {
	for r in $MIP_ROLES; do
		ip netns del "$(ns "$r")" 2>/dev/null
	done
	return 0
}

# topo_down: stop every mipd we started, print their logs when the test
# failed, delete the namespaces and the temporary directory.
topo_down() {
	_rc=$?
	[ "$_rc" -ne 0 ] && [ "$_rc" -ne 77 ] && MIP_FAILED=1
	for r in $MIP_ROLES; do
		[ -f "$MIP_TMP/$(ns "$r").pid" ] && stop_mipd "$r" >/dev/null 2>&1
	done
	if [ "$MIP_FAILED" -ne 0 ] && [ -n "$MIP_TMP" ]; then
		for f in "$MIP_TMP"/*.log; do
			[ -f "$f" ] || continue
			echo "---- $f"
			tail -n 60 "$f"
		done
	fi
	_topo_clean
	if [ -n "$MIP_TMP" ] && [ -z "${MIP_KEEP:-}" ]; then
		rm -rf "$MIP_TMP"
	fi
	exit "$_rc"
}

# mn_move home|fa1|fa2: re-attach the MN's link to that segment. The port
# goes down first so that the MN sees its carrier drop and come back.
# Like a host's address configuration (and the simulator, mipsim_run.c),
# the move also withdraws the home prefix's connected route away from
# home and restores it, with the default route via rtr, at home: a mobile
# node away must not ARP for home addresses (RFC 5944 4.6).
mn_move() {
	case $1 in
	home | fa1 | fa2) ;;
	*) fail "mn_move: no segment '$1'" ;;
	esac
	ip -n "$(ns sw)" link set mn-port down || fail "mn_move: down"
	ip -n "$(ns sw)" link set mn-port master "br-$1" ||
	    fail "mn_move: to br-$1"
	if [ "$1" = home ]; then
		ip -n "$(ns mn)" route replace 192.0.2.0/24 dev eth0 \
		    proto kernel scope link src 192.0.2.10 ||
		    fail "mn_move: home prefix route"
		ip -n "$(ns mn)" route replace default via 192.0.2.254 ||
		    fail "mn_move: default route at home"
	else
		ip -n "$(ns mn)" route del 192.0.2.0/24 dev eth0 2>/dev/null
	fi
	ip -n "$(ns sw)" link set mn-port up || fail "mn_move: up"
	log "mn moved to $1"
}

# ---- daemons ----

_conf() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$MIP_CONF/$1" ;;
	esac
}

# mipd_sock ROLE, mipd_log ROLE, mipd_pid ROLE: where its files are.
mipd_sock() { echo "$MIP_TMP/$(ns "$1").sock"; }
mipd_log() { echo "$MIP_TMP/$(ns "$1").log"; }
mipd_pid() { cat "$MIP_TMP/$(ns "$1").pid" 2>/dev/null; }

# start_mipd ROLE CONF [mipd options]: run mipd -v in the foreground of a
# background job, wait for its control socket.
start_mipd() {
	_r=$1
	_c=$(_conf "$2")
	shift 2
	_s=$(mipd_sock "$_r")
	_l=$(mipd_log "$_r")
	rm -f "$_s"
	ip netns exec "$(ns "$_r")" "$MIPD" -v -f "$_c" -s "$_s" "$@" \
	    >>"$_l" 2>&1 &
	echo $! >"$MIP_TMP/$(ns "$_r").pid"
	if ! wait_for 10 test -S "$_s"; then
		cat "$_l" >&2
		fail "mipd in $(ns "$_r") did not open $_s"
	fi
	log "mipd started in $(ns "$_r") (pid $(mipd_pid "$_r"))"
}

# stop_mipd ROLE: SIGTERM, wait; returns mipd's exit status (KILL and 1
# if it does not end within 10 s).
stop_mipd() {
	_p=$(mipd_pid "$1")
	[ -n "$_p" ] || return 0
	rm -f "$MIP_TMP/$(ns "$1").pid"
	kill -TERM "$_p" 2>/dev/null || return 0
	if ! wait_for 10 _gone "$_p"; then
		kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
		echo "mipd in $(ns "$1") ignored SIGTERM" >&2
		return 1
	fi
	wait "$_p" 2>/dev/null
}

_gone() {
	! kill -0 "$1" 2>/dev/null
}

# mipctl_in ROLE ARGS...: mipctl against that role's daemon.
mipctl_in() {
	_r=$1
	shift
	in_ns "$_r" "$MIPCTL" -s "$(mipd_sock "$_r")" "$@"
}

# log_has ROLE PATTERN: the daemon's log has a line matching PATTERN.
log_has() {
	grep -q -- "$2" "$(mipd_log "$1")"
}

# ---- checks: each prints what failed ----

# check DESCRIPTION CMD...
check() {
	_d=$1
	shift
	if "$@"; then
		log "ok: $_d"
	else
		fail "$_d (command: $*)"
	fi
}

# check_wait SECONDS DESCRIPTION CMD...
check_wait() {
	_w=$1
	_d=$2
	shift 2
	if wait_for "$_w" "$@"; then
		log "ok: $_d"
	else
		fail "$_d: not within ${_w}s (command: $*)"
	fi
}

# ping_ok FROM_ROLE DST [COUNT]: DST answers (no loss) from FROM_ROLE.
ping_ok() {
	in_ns "$1" ping -q -n -c "${3:-3}" -i 0.2 -W 2 "$2" >/dev/null 2>&1
}

# own_state ROLE: print every route, rule and neighbour/proxy entry
# tagged with mipd's protocol 77 (empty when none).
own_state() {
	ip -n "$(ns "$1")" route show table all proto 77
	# iproute2 6.1 ignores "rule show protocol": filter ourselves.
	ip -n "$(ns "$1")" rule show | grep ' proto 77'
	ip -n "$(ns "$1")" neigh show proto 77
	ip -n "$(ns "$1")" neigh show proxy
}

# check_clean ROLE...: nothing of mipd's is left in these namespaces.
check_clean() {
	for r in "$@"; do
		_left=$(own_state "$r" 2>&1)
		[ -z "$_left" ] || fail "mipd state left in $(ns "$r"): $_left"
	done
	log "ok: no mipd state left in: $*"
}
