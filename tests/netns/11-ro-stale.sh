#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 11: a move while the correspondent holds a stale binding (RO
# draft 4.1, 4.3; paper 3.1, 4; experiment E3 of docs/experiments.md with
# real daemons). FA1 keeps a binding cache (fa1-ro.conf) and is a Route
# Optimization peer of the home agent, like the CN. The MN registers via
# FA1 and the CN's stream goes straight there. rtr then drops every
# Binding Update to the CN, and the MN moves to FA2: the CN keeps
# tunnelling to FA1, which learnt of the move itself (it asked the home
# agent for its visitor's binding), so it re-tunnels the CN's datagrams
# to FA2 and warns the home agent (Binding Warning naming the CN). A
# restarted FA1 knows nothing: it sends the CN's datagrams to the home
# address in a special tunnel (RO spec 3), which the home agent passes on
# to FA2, telling FA1 the binding again. Once rtr lets updates through
# again, the home agent's answer to a warning moves the CN's entry to
# FA2, and FA1 has nothing more to re-tunnel. Last, FA2 loses its
# visitor while the home agent still binds the MN to it: the home agent
# drops FA2's special tunnels instead of sending them back (no loop).
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

# ha-ro.conf with FA1 as a second peer (the other side of fa1-ro.conf's
# SA, which also authenticates the requests FA1 relays).
ha_conf() {
	sed 's/^Peer = 198\.51\.100\.10:300$/&\nPeer = 203.0.113.1:500/' \
	    "$MIP_CONF/ha-ro.conf" >"$MIP_TMP/ha-ro-fa1.conf" ||
	    fail "writing ha-ro-fa1.conf"
	cat >>"$MIP_TMP/ha-ro-fa1.conf" <<'EOF' || fail "writing ha-ro-fa1.conf"

[SecurityAssociation]
Peer = 203.0.113.1
SPI = 500
Algorithm = hmac-md5
Key = 505152535455565758595a5b5c5d5e5f
Replay = timestamps
EOF
	grep -q '^Peer = 203.0.113.1:500$' "$MIP_TMP/ha-ro-fa1.conf" ||
	    fail "ha-ro.conf has no 'Peer = 198.51.100.10:300' line to follow"
	echo "$MIP_TMP/ha-ro-fa1.conf"
}

# block_updates on|off: rtr drops (or passes) port-434 datagrams to the CN.
block_updates() {
	if [ "$1" = on ]; then
		in_ns rtr nft -f - <<'NFT' || fail "installing rtr's filter (nft)"
table ip h_ro_stale {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr 198.51.100.10 udp dport 434 counter drop
	}
}
NFT
	else
		in_ns rtr nft delete table ip h_ro_stale ||
		    fail "removing rtr's filter (nft)"
	fi
}

# fa2_conf: fa2.conf with a binding cache (and the profile), for the
# special tunnels of the last step; without an SA with the home agent it
# learns no binding.
fa2_conf() {
	{
		cat "$MIP_CONF/fa2.conf"
		printf '\n[RouteOptimization]\nEnabled = yes\n'
		printf '\n[CorrespondentNode]\nCacheSize = 64\n'
	} >"$MIP_TMP/fa2-cache.conf" || fail "writing fa2-cache.conf"
	echo "$MIP_TMP/fa2-cache.conf"
}

# loops: special tunnels the home agent dropped because they came from
# the care-of address they would go to (mipctl, data plane drops).
loops() {
	_n=$(mipctl_in ha -j show stats 2>/dev/null |
	    jq -r '.stats.dataplane.drops.loop')
	echo "${_n:-0}"
}

_loops_beyond() {
	[ "$(loops)" -gt "$1" ]
}

# blocked: how many datagrams to the CN's port 434 rtr dropped.
blocked() {
	in_ns rtr nft -j list table ip h_ro_stale |
	    jq '[.nftables[] | .rule? | select(.) | .expr[] | .counter? |
	    select(.) | .packets] | add // 0'
}

_blocked_some() {
	[ "$(blocked)" -ge 1 ]
}

command -v nft >/dev/null || skip "needs nft"
topo_up
ro_up cn fa1 ha
start_mipd ha "$(ha_conf)"
start_mipd fa1 fa1-ro.conf
start_mipd fa2 "$(fa2_conf)"
start_mipd cn cn.conf
start_mipd mn mn.conf

udp_phase home
udp_start 50
udp_progress 20 10 "UDP stream CN -> $MN_HOME flowing at home"

udp_phase fa1
mn_move fa1
check_wait 15 "HA binding for $MN_HOME via $FA1_COA (mipctl)" \
    is "$FA1_COA" ha_binding coa
check_wait 10 "the CN caches $MN_HOME -> $FA1_COA" is "$FA1_COA" cn_cache coa
direct "$FA1_COA"

# The move, with the CN's updates lost.
block_updates on
udp_phase handoff
mn_move fa2
check_wait 15 "HA binding moved to $FA2_COA (mipctl)" \
    is "$FA2_COA" ha_binding coa
check_wait 10 "FA1 caches $MN_HOME -> $FA2_COA (told by the home agent)" \
    is "$FA2_COA" cache_of fa1 coa
check_wait 5 "rtr dropped the update to the CN" _blocked_some
udp_phase stale
watch_path
check "the CN's entry is stale" is "$FA1_COA" cn_cache coa
check "the CN still tunnels to FA1" [ "$CN_D" -ge 50 ]
check "FA1 re-tunnels the CN's datagrams to FA2" [ "$FA_D" -ge 50 ]
check "the HA tunnelled none of them" [ "$HA_D" -eq 0 ]
check "the MN keeps receiving" [ "$MN_D" -ge 50 ]
log "rtr dropped $(blocked) datagrams to the CN's port 434 (updates," \
    "answers to FA1's warnings)"

# FA1 forgets everything (a restart): the CN's datagrams reach an agent
# with neither a visitor nor a cache entry for the MN, which sends them to
# the home address in a special tunnel (RO spec 3); the home agent sends
# them on to FA2 and tells FA1 the binding (RO spec 3 step 5).
udp_phase special
_h0=$(ha_pkts)
stop_mipd fa1 || fail "mipd in $(ns fa1) exited with an error"
start_mipd fa1 fa1-ro.conf
check_wait 10 "FA1 caches $MN_HOME -> $FA2_COA again (special tunnel)" \
    is "$FA2_COA" cache_of fa1 coa
check "the special tunnel went through the HA" _tun_beyond ha tx packets \
    $((_h0 + 1))
log "the HA tunnelled $(($(ha_pkts) - _h0)) datagrams from FA1's special" \
    "tunnel"
sleep 0.5
watch_path
check "the CN's entry is still stale" is "$FA1_COA" cn_cache coa
check "FA1 re-tunnels again" [ "$FA_D" -ge 50 ]
check "the HA tunnelled nothing more" [ "$HA_D" -eq 0 ]
check "the MN keeps receiving" [ "$MN_D" -ge 50 ]

# Updates pass again: a warning's answer fixes the CN's entry.
block_updates off
udp_phase fa2
check_wait 10 "the CN caches $MN_HOME -> $FA2_COA (a warning's answer)" \
    is "$FA2_COA" cn_cache coa
sleep 0.5
watch_path
check "FA1 has nothing more to re-tunnel" [ "$FA_D" -eq 0 ]
check "the HA tunnelled nothing" [ "$HA_D" -eq 0 ]
check "the CN tunnels straight to $FA2_COA" [ "$CN_D" -ge 50 ]
check "the MN keeps receiving" [ "$MN_D" -ge 50 ]

# The loop guard (RO spec 3): the MN's mipd stops and FA2 restarts, so
# FA2 has no visitor while the home agent's binding still names it. FA2
# sends the CN's datagrams to the home address in a special tunnel, which
# the home agent would send straight back: it drops them instead, each
# once. The MN's mipd restarts and registers again.
udp_phase lost
stop_mipd mn || fail "mipd in $(ns mn) exited with an error"
_l0=$(loops)
_h0=$(ha_pkts)
_s0=$(udp_sent)
stop_mipd fa2 || fail "mipd in $(ns fa2) exited with an error"
start_mipd fa2 "$MIP_TMP/fa2-cache.conf"
check_wait 5 "the HA drops special tunnels from the care-of address" \
    _loops_beyond "$_l0"
sleep 1
_hd=$(($(ha_pkts) - _h0))
_sd=$(($(udp_sent) - _s0))
log "while FA2 had no visitor the CN sent $_sd datagrams; $_hd came" \
    "back to the HA, which dropped $(($(loops) - _l0)) (loops)"
check "every datagram reached the HA once, none looped" \
    [ "$_hd" -le $((_sd + 1)) ]
udp_phase fa2-again
start_mipd mn mn.conf
check_wait 15 "the MN registered again via FA2" is registered mn_reg state
udp_progress 50 10 "the MN receives again"

udp_finish
log "PASS"
