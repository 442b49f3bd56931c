# SPDX-License-Identifier: ISC
# Traffic and kernel-state helpers for the namespace scenarios, on top of
# lib.sh (source lib.sh first). Background tools (tcp_stream.py,
# reg_tool.py) are started with tr_bg and stopped by name; tr_up replaces
# lib.sh's exit trap with one that stops them before topo_down, so that
# nothing keeps running in a deleted namespace.
#
# Facts are read from the kernel where they can be: the home agent holds a
# binding when it has its protocol-77 host route for the home address; the
# packets and bytes it tunnelled are the transmit counters of its TUN
# device (what the kernel handed to mipd to encapsulate); what it
# received through a reverse tunnel are the TUN's receive counters.

PY=${PYTHON:-python3}
MN_HOME=192.0.2.10
HA_ADDR=192.0.2.1
CN_ADDR=198.51.100.10
FA1_COA=203.0.113.1
FA2_COA=203.0.113.65
TCP_PORT=5001
UDP_PORT=5002 # the demo's stream

# tr_up: after topo_up; our background jobs end before the topology does.
tr_up() {
	trap _tr_exit EXIT
}

_tr_exit() {
	_trc=$?
	tr_stop_all
	(exit "$_trc")
	topo_down
}

# tr_bg NAME ROLE CMD...: CMD in ROLE's namespace in the background; its
# output in $MIP_TMP/NAME.out. A simple command, not a function, so that
# $! is CMD's own pid ("ip netns exec" execs it) and signals reach it.
tr_bg() {
	_name=$1
	_role=$2
	shift 2
	ip netns exec "$(ns "$_role")" "$@" >"$MIP_TMP/$_name.out" 2>&1 &
	echo $! >"$MIP_TMP/$_name.tpid"
}

# tr_wait NAME SECONDS: wait for the job to end by itself; its status
# (1 and a message if it is still running, then it is stopped).
tr_wait() {
	_p=$(cat "$MIP_TMP/$1.tpid" 2>/dev/null) || return 0
	if ! wait_for "$2" _gone "$_p"; then
		echo "$1 (pid $_p) still running after $2 s" >&2
		tr_stop "$1"
		return 1
	fi
	rm -f "$MIP_TMP/$1.tpid"
	wait "$_p"
}

# tr_stop NAME: SIGTERM, then its exit status.
tr_stop() {
	_p=$(cat "$MIP_TMP/$1.tpid" 2>/dev/null) || return 0
	rm -f "$MIP_TMP/$1.tpid"
	kill -TERM "$_p" 2>/dev/null
	if ! wait_for 10 _gone "$_p"; then
		kill -KILL "$_p" 2>/dev/null
	fi
	wait "$_p"
}

tr_stop_all() {
	for _f in "$MIP_TMP"/*.tpid; do
		[ -f "$_f" ] || continue
		_n=$(basename "$_f" .tpid)
		tr_stop "$_n" >/dev/null 2>&1
	done
	return 0
}

# jget FILE FILTER: a jq filter over a JSON file (empty on any error).
jget() {
	jq -r "$2" "$1" 2>/dev/null
}

# ---- the TCP stream: CN sends to the MN's home address ----

# tcp_start: server on the MN (bound to the home address), client on the
# CN; returns once records flow. TCP_SIZE (octets a record, default 64)
# larger than the MSS makes every segment full-sized.
tcp_start() {
	tr_bg tcp-srv mn "$PY" "$NETNS_DIR/tcp_stream.py" tcp-server \
	    --bind "$MN_HOME" --port "$TCP_PORT" --size "${TCP_SIZE:-64}" \
	    --status "$MIP_TMP/tcp-srv.json" --timeout 280
	check_wait 10 "TCP server listening on $MN_HOME" \
	    _jis "$MIP_TMP/tcp-srv.json" .state listening
	tr_bg tcp-cli cn "$PY" "$NETNS_DIR/tcp_stream.py" tcp-client \
	    --to "$MN_HOME" --port "$TCP_PORT" --rate 100 --size "${TCP_SIZE:-64}" \
	    --status "$MIP_TMP/tcp-cli.json"
	tcp_progress 20 10 "TCP stream CN -> $MN_HOME flowing"
}

_jis() { # FILE FILTER VALUE
	[ "$(jget "$1" "$2")" = "$3" ]
}

tcp_records() {
	_n=$(jget "$MIP_TMP/tcp-srv.json" .records)
	echo "${_n:-0}"
}

_tcp_beyond() {
	[ "$(tcp_records)" -ge "$1" ]
}

# tcp_progress N SECONDS DESCRIPTION: N more records arrive in time.
tcp_progress() {
	_want=$(($(tcp_records) + $1))
	check_wait "$2" "$3 ($1 more records)" _tcp_beyond "$_want"
}

# tcp_end: the client closes; the server must have seen every record,
# in order, once, and a clean end of stream.
tcp_end() {
	tr_stop tcp-cli >/dev/null 2>&1
	cat "$MIP_TMP/tcp-cli.out"
	if ! tr_wait tcp-srv 25; then
		cat "$MIP_TMP/tcp-srv.out"
		fail "TCP stream did not end cleanly: $(cat "$MIP_TMP/tcp-srv.json")"
	fi
	cat "$MIP_TMP/tcp-srv.out"
	log "ok: TCP stream complete: no gap, duplicate or corruption"
}

# ---- kernel facts ----

# tun_dev ROLE: the name of mipd's TUN device in that namespace.
tun_dev() {
	ip -n "$(ns "$1")" -d -j link show 2>/dev/null |
	    jq -r '.[] | select(.linkinfo.info_kind == "tun") | .ifname' |
	    head -n 1
}

# tun_count ROLE tx|rx packets|bytes: a counter of its TUN (0 if none).
tun_count() {
	_d=$(tun_dev "$1")
	[ -n "$_d" ] || {
		echo 0
		return
	}
	_v=$(ip -n "$(ns "$1")" -s -j link show dev "$_d" |
	    jq -r ".[0].stats64.$2.$3")
	echo "${_v:-0}"
}

_tun_beyond() { # ROLE DIR FIELD MIN
	[ "$(tun_count "$1" "$2" "$3")" -ge "$4" ]
}

# tun_rises ROLE tx|rx SECONDS DESCRIPTION CMD...: run CMD; the TUN's
# packet counter must have risen by the time it is done (or soon after).
tun_rises() {
	_r=$1
	_dir=$2
	_s=$3
	_d=$4
	shift 4
	_before=$(tun_count "$_r" "$_dir" packets)
	"$@" || fail "$_d: command failed: $*"
	check_wait "$_s" "$_d ($(ns "$_r") TUN $_dir packets beyond $_before)" \
	    _tun_beyond "$_r" "$_dir" packets $((_before + 1))
}

# own_route ROLE ADDR: the role has its protocol-77 route for ADDR.
own_route() {
	ip -n "$(ns "$1")" route show table all proto 77 |
	    grep -q "^$2 \|^$2/32 "
}

no_own_route() {
	! own_route "$@"
}

# own_has ROLE ADDR: some protocol-77 entry (route, rule, neighbour,
# proxy) of that role mentions ADDR.
own_has() {
	own_state "$1" 2>/dev/null | grep -qw "$2"
}

# ha_bound: the home agent holds a binding for the MN (its host route
# into the TUN).
ha_bound() {
	own_route ha "$MN_HOME"
}

ha_unbound() {
	! ha_bound
}

# lladdr ROLE IF: the MAC address of an interface.
lladdr() {
	ip -n "$(ns "$1")" -j link show dev "$2" | jq -r '.[0].address'
}

# neigh_mac ROLE IF ADDR: the link-layer address of a neighbour entry.
neigh_mac() {
	ip -n "$(ns "$1")" -j neigh show dev "$2" "$3" |
	    jq -r '.[0].lladdr // empty'
}

_neigh_is() { # ROLE IF ADDR MAC
	[ "$(neigh_mac "$1" "$2" "$3")" = "$4" ]
}

# ping_big_ok FROM DST: pings of 1500 octets, which path MTU discovery
# (RFC 1191) may make the sender fragment, get answers (2 of 5 at least:
# the first may only teach the sender the path MTU).
ping_big_ok() {
	in_ns "$1" ping -n -q -M want -s 1472 -c 5 -i 0.3 -W 2 "$2" 2>&1 |
	    grep -Eq ', [2-9] (packets )?received'
}

# ping_fails FROM DST: not a single answer.
ping_fails() {
	! in_ns "$1" ping -q -n -c 2 -i 0.2 -W 1 "$2" >/dev/null 2>&1
}

# mipd_alive ROLE: its mipd still runs.
mipd_alive() {
	_p=$(mipd_pid "$1")
	[ -n "$_p" ] && kill -0 "$_p" 2>/dev/null
}

# ---- registration messages on the wire (reg_tool.py) ----

# sniff_start NAME ROLE TYPE [COUNT]: capture registration requests (1) or
# replies (3) in ROLE's namespace into $MIP_TMP/NAME.out; returns once
# the capture runs.
sniff_start() {
	tr_bg "$1" "$2" "$PY" "$NETNS_DIR/reg_tool.py" sniff --type "$3" \
	    --count "${4:-20}" --timeout 60
	wait_for 10 grep -q '^# listening' "$MIP_TMP/$1.out" ||
	    fail "the capture $1 in $(ns "$2") did not start"
}

# sniffed NAME: the first captured message (empty until there is one).
sniffed() {
	grep -m 1 '^{' "$MIP_TMP/$1.out" 2>/dev/null
}

# sniffed_n NAME N: at least N messages captured.
sniffed_n() {
	[ "$(grep -c '^{' "$MIP_TMP/$1.out" 2>/dev/null)" -ge "$2" ]
}

# sniffed_where NAME JQ-CONDITION: a captured message satisfies it.
sniffed_where() {
	grep '^{' "$MIP_TMP/$1.out" 2>/dev/null |
	    jq -e -s "map(select($2)) | length > 0" >/dev/null 2>&1
}

# sniffed_first NAME JQ-CONDITION FIELD: FIELD of the first message that
# satisfies the condition ("null" if none).
sniffed_first() {
	grep '^{' "$MIP_TMP/$1.out" 2>/dev/null |
	    jq -s "map(select($2))[0].$3"
}

# reply_seen SECONDS NAME CODE DESCRIPTION: a captured reply with CODE.
reply_seen() {
	check_wait "$1" "$4 (reply code $3 on the wire)" \
	    sniffed_where "$2" ".type == 3 and .code == $3"
	tr_stop "$2" >/dev/null 2>&1
}

# own_empty ROLE: no protocol-77 state at all in that namespace.
own_empty() {
	[ -z "$(own_state "$1" 2>/dev/null)" ]
}

# no_proxy ROLE ADDR: no proxy-ARP entry for ADDR.
no_proxy() {
	! ip -n "$(ns "$1")" neigh show proxy | grep -qw "$2"
}

# no_own_routes ROLE: no protocol-77 route in any table.
no_own_routes() {
	[ -z "$(ip -n "$(ns "$1")" route show table all proto 77)" ]
}

# ---- the daemons' own view (mipctl -j show, docs/json-fields.md) ----

# ha_binding FIELD: that field of the HA's binding for the MN (empty if
# none); e.g. coa, flags, encapsulation, counters.encap_pkts.
ha_binding() {
	mipctl_in ha -j show bindings 2>/dev/null |
	    jq -r ".bindings[] | select(.home_addr == \"$MN_HOME\") | .$1"
}

# mn_reg FIELD: a field of the MN's registration (state, coa, at_home,
# last_code ...).
mn_reg() {
	mipctl_in mn -j show registration 2>/dev/null |
	    jq -r ".registration.$1"
}

# is VALUE FN ARGS...: FN ARGS prints VALUE.
is() {
	_want=$1
	shift
	[ "$("$@")" = "$_want" ]
}

# ha_flag LETTER: the HA's binding for the MN has that flag (S B D M G T).
ha_flag() {
	ha_binding flags | grep -q "$1"
}

# ---- the UDP stream: CN sends to the MN's home address ----

# udp_phase NAME: the datagrams sent from now on are counted under NAME
# (renamed into place: the sender never reads a half-written name).
udp_phase() {
	echo "$1" >"$MIP_TMP/phase.tmp" && mv "$MIP_TMP/phase.tmp" "$MIP_TMP/phase"
}

# udp_start [RATE]: receiver on the MN (bound to the home address), sender
# on the CN (RATE datagrams a second, default 50), counting per phase
# (udp_phase); at its end the receiver lists the datagrams it never got
# (udp_lost_sent).
udp_start() {
	[ -f "$MIP_TMP/phase" ] || udp_phase -
	tr_bg udp-rcv mn "$PY" "$NETNS_DIR/tcp_stream.py" udp-recv \
	    --bind "$MN_HOME" --port "$UDP_PORT" --status "$MIP_TMP/udp-rcv.json" \
	    --missing "$MIP_TMP/udp-missing.json"
	wait_for 10 _jis "$MIP_TMP/udp-rcv.json" .state listening ||
	    fail "the UDP receiver on the MN did not start"
	tr_bg udp-snd cn "$PY" "$NETNS_DIR/tcp_stream.py" udp-send \
	    --to "$MN_HOME" --port "$UDP_PORT" --rate "${1:-50}" \
	    --status "$MIP_TMP/udp-snd.json" --phase-file "$MIP_TMP/phase"
}

# udp_delivered, udp_sent: datagrams the MN received (each once), the
# CN sent; 0 before the first status.
udp_delivered() {
	_n=$(jget "$MIP_TMP/udp-rcv.json" .total)
	echo "${_n:-0}"
}

udp_sent() {
	_n=$(jget "$MIP_TMP/udp-snd.json" .total)
	echo "${_n:-0}"
}

# udp_finish: stop the stream (the receiver after the last datagrams)
# and print what was sent and delivered, in total and per phase.
udp_finish() {
	tr_stop udp-snd >/dev/null 2>&1
	sleep 0.5
	tr_stop udp-rcv >/dev/null 2>&1
	log "datagrams sent $(udp_sent), delivered $(udp_delivered); per phase:"
	"$PY" "$NETNS_DIR/tcp_stream.py" report "$MIP_TMP/udp-snd.json" \
	    "$MIP_TMP/udp-rcv.json"
}

# udp_lost PHASE: datagrams sent in that phase that the MN never received
# (read after udp_finish, from the final status files; empty for a phase
# that never began).
udp_lost() {
	jq -n -r --arg p "$1" --slurpfile s "$MIP_TMP/udp-snd.json" \
	    --slurpfile r "$MIP_TMP/udp-rcv.json" '
	    ($s[0].phases | index($p)) as $i |
	    if $i == null then empty else
	    $s[0].sent[$i] - ($r[0].phases[$i | tostring].delivered // 0) end'
}

# udp_lost_sent FROM TO: datagrams the MN never received that were sent
# at or after FROM and before TO (seconds since the epoch, fractions
# allowed), after udp_finish. A run of lost datagrams is spread evenly
# between the send times of the datagrams received around it.
udp_lost_sent() {
	jq -r --argjson t0 "$1" --argjson t1 "$2" '[.[] | . as $r |
	    range(1; $r.count + 1) |
	    $r.after + ($r.before - $r.after) * . / ($r.count + 1) |
	    select(. >= $t0 and . < $t1)] | length' \
	    "$MIP_TMP/udp-missing.json"
}

_udp_beyond() {
	[ "$(udp_delivered)" -ge "$1" ]
}

# udp_progress N SECONDS DESCRIPTION: N more datagrams arrive in time.
udp_progress() {
	_want=$(($(udp_delivered) + $1))
	check_wait "$2" "$3 ($1 more datagrams)" _udp_beyond "$_want"
}

# ---- Route Optimization: binding caches (a CN's, an FA's) ----

# ro_profile_conf NAME: conf/NAME.conf with the Route Optimization
# profile on, written to $MIP_TMP (its path printed): an agent that
# relays the private bit P must know it (RFC 5944 3.3: else reserved).
ro_profile_conf() {
	{
		cat "$MIP_CONF/$1.conf"
		printf '\n[RouteOptimization]\nEnabled = yes\n'
	} >"$MIP_TMP/$1-profile.conf" || fail "writing $1-profile.conf"
	echo "$MIP_TMP/$1-profile.conf"
}

# cache_of ROLE FIELD: that field of ROLE's binding cache entry for the
# MN (empty if none): coa, ha_addr, remaining, encapsulation, used,
# counters.encap_pkts (mipctl -j show cache).
cache_of() {
	mipctl_in "$1" -j show cache 2>/dev/null |
	    jq -r ".cache[] | select(.home_addr == \"$MN_HOME\") | .$2"
}

cn_cache() {
	cache_of cn "$1"
}

# cn_uncached: the CN answers and has no entry for the MN.
cn_uncached() {
	mipctl_in cn -j show cache 2>/dev/null | jq -n -e "input |
	    .ok == true and (.cache | type) == \"array\" and
	    ([.cache[] | select(.home_addr == \"$MN_HOME\")] | length == 0)" \
	    >/dev/null
}

# cache_pkts ROLE: packets ROLE tunnelled to the MN's care-of address
# through its cache entry (its counters; 0 without an entry).
cache_pkts() {
	_n=$(cache_of "$1" counters.encap_pkts)
	case $_n in
	'' | null) echo 0 ;;
	*) echo "$_n" ;;
	esac
}

cn_pkts() {
	cache_pkts cn
}

# ha_pkts: packets the HA tunnelled to the MN (its TUN's transmit count).
ha_pkts() {
	tun_count ha tx packets
}

RO_WINDOW=${RO_WINDOW:-2} # seconds a path is watched (100 datagrams)

# watch_path: over $RO_WINDOW seconds, how many datagrams the HA
# tunnelled (its TUN), the CN and FA1 tunnelled through their cache
# entries and the MN received; sets HA_D, CN_D, FA_D and MN_D, logs them.
watch_path() {
	_h0=$(ha_pkts)
	_c0=$(cn_pkts)
	_f0=$(cache_pkts fa1)
	_m0=$(udp_delivered)
	sleep "$RO_WINDOW"
	HA_D=$(($(ha_pkts) - _h0))
	CN_D=$(($(cn_pkts) - _c0))
	FA_D=$(($(cache_pkts fa1) - _f0))
	MN_D=$(($(udp_delivered) - _m0))
	log "in ${RO_WINDOW}s: HA tunnelled $HA_D, CN $CN_D, FA1's cache" \
	    "$FA_D; MN received $MN_D (TUN tx: HA $(ha_pkts)," \
	    "CN $(tun_count cn tx packets))"
}

# direct COA: the stream goes straight from the CN to COA: the HA's
# tunnel is quiet (after a moment for datagrams already on their way),
# the CN's entry and the MN's receiver count.
direct() {
	sleep 0.5
	watch_path
	check "the HA tunnelled nothing more (direct path to $1)" \
	    [ "$HA_D" -eq 0 ]
	check "the CN's cache entry tunnelled the stream" [ "$CN_D" -ge 50 ]
	check "the MN keeps receiving" [ "$MN_D" -ge 50 ]
}

# ro_up ROLE...: after topo_up, instead of tr_up: on failure, also what
# these roles' daemons show (cache, bindings, stats) and the tunnels'
# counters, next to the logs topo_down prints.
ro_up() {
	RO_SHOW=$*
	trap _ro_exit EXIT
}

_ro_exit() {
	_rrc=$?
	if [ "$_rrc" -ne 0 ] && [ "$_rrc" -ne 77 ] && [ -n "$MIP_TMP" ]; then
		for _r in $RO_SHOW; do
			echo "---- mipctl show at $(ns "$_r")"
			mipctl_in "$_r" show cache 2>&1
			mipctl_in "$_r" show bindings 2>&1
			mipctl_in "$_r" show stats 2>&1 | grep -v ' 0$'
		done
		for _r in ha fa1 fa2 cn; do
			echo "---- $(ns "$_r") TUN tx $(tun_count "$_r" tx packets)" \
			    "rx $(tun_count "$_r" rx packets)"
		done
		echo "---- the MN received $(udp_delivered) datagrams"
	fi
	(exit "$_rrc")
	_tr_exit
}
