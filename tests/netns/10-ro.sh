#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 10: Route Optimization with real daemons (RO draft 4; issue 5).
# The CN runs mipd with a binding cache ([CorrespondentNode]) and an SA
# with the home agent, which lists it as a Route Optimization peer. While
# the CN streams UDP to the MN's home address:
#  a. at FA1 the first datagrams go through the home agent's tunnel; the
#     home agent sends the CN a Binding Update, and from then on the CN
#     tunnels straight to FA1's care-of address: the home agent's TUN
#     stops counting while the CN's cache entry counts every datagram;
#  b. the move to FA2 updates the CN's entry (the home agent tells the
#     peers that hold a binding), and the stream keeps flowing directly;
#  c. the MN registers again with the private bit P (RO spec 2.3): the
#     CN gets only a deleting update, and its stream is back on the home
#     agent's tunnel for good;
#  d. without P the CN learns the binding again, and the MN's
#     deregistration at home deletes it: the stream takes no tunnel.
# The foreign agents speak the RO profile (P is a reserved bit without
# it, RFC 5944 3.3).
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
ro_up cn ha
start_mipd ha ha-ro.conf
start_mipd fa1 "$(ro_profile_conf fa1)"
start_mipd fa2 "$(ro_profile_conf fa2)"
start_mipd cn cn.conf
start_mipd mn mn.conf
check "the CN's binding cache is empty" cn_uncached

udp_phase home
udp_start 50
udp_progress 20 10 "UDP stream CN -> $MN_HOME flowing at home"
check "at home nothing goes through the HA" [ "$(ha_pkts)" -eq 0 ]

# a. FA1: first through the home agent, then direct.
udp_phase fa1
mn_move fa1
check_wait 15 "HA binding for $MN_HOME via $FA1_COA (mipctl)" \
    is "$FA1_COA" ha_binding coa
check_wait 5 "the first datagrams at FA1 go through the HA's tunnel" \
    _tun_beyond ha tx packets 1
check_wait 10 "the CN caches $MN_HOME -> $FA1_COA (Binding Update)" \
    is "$FA1_COA" cn_cache coa
check "the CN's entry names the home agent" is "$HA_ADDR" cn_cache ha_addr
log "before the update the HA tunnelled $(ha_pkts) datagrams"
direct "$FA1_COA"

# b. FA2: the home agent updates the CN's binding.
udp_phase fa2
mn_move fa2
check_wait 15 "HA binding moved to $FA2_COA (mipctl)" \
    is "$FA2_COA" ha_binding coa
check_wait 10 "the CN's entry moved to $FA2_COA" is "$FA2_COA" cn_cache coa
direct "$FA2_COA"

# c. P: the MN registers again, now private.
udp_phase private
stop_mipd mn || fail "mipd in $(ns mn) exited with an error"
start_mipd mn mn-private.conf
check_wait 15 "the MN registered again via FA2 (mipctl)" \
    is registered mn_reg state
check_wait 10 "the CN dropped its entry (a deleting Binding Update)" \
    cn_uncached
watch_path
check "the HA tunnels the stream again" [ "$HA_D" -ge 50 ]
check "the CN tunnelled nothing" [ "$CN_D" -eq 0 ]
check "the MN keeps receiving" [ "$MN_D" -ge 50 ]
check "the CN's cache is still empty (no binding for a private MN)" \
    cn_uncached

# d. Without P again the CN learns the binding again; back home, the
# deregistration deletes it (RO draft 4.3): the stream goes straight to
# the home link, through no tunnel.
udp_phase public
stop_mipd mn || fail "mipd in $(ns mn) exited with an error"
start_mipd mn mn.conf
check_wait 15 "without P the CN caches $MN_HOME -> $FA2_COA again" \
    is "$FA2_COA" cn_cache coa
udp_phase home2
mn_move home
check_wait 15 "the HA dropped the binding (deregistration)" ha_unbound
check_wait 10 "the CN dropped its entry (a deleting Binding Update)" \
    cn_uncached
udp_progress 20 10 "the stream reaches the MN at home"
_ct0=$(tun_count cn tx packets)
watch_path
check "the HA tunnelled nothing at home" [ "$HA_D" -eq 0 ]
check "the CN tunnelled nothing at home" \
    [ "$(tun_count cn tx packets)" -eq "$_ct0" ]
check "the MN receives at home" [ "$MN_D" -ge 50 ]

udp_finish
log "PASS"
