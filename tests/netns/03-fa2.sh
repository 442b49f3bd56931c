#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 3: FA1 -> FA2, a new registration through the new agent (RFC
# 5944 3.6.1: a new care-of address); the same TCP connection survives
# both moves.
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
tr_up
start_mipd ha ha.conf
start_mipd fa1 fa1.conf
start_mipd fa2 fa2.conf
start_mipd mn mn.conf
tcp_start

mn_move fa1
check_wait 15 "HA binding for $MN_HOME via FA1" ha_bound
check_wait 5 "FA1 serves $MN_HOME" own_has fa1 "$MN_HOME"
tcp_progress 50 20 "TCP stream flows at FA1"

mn_move fa2
check_wait 15 "FA2 serves $MN_HOME (new registration)" own_has fa2 "$MN_HOME"
check "HA still holds a binding for $MN_HOME" ha_bound
check_wait 5 "HA's binding moved to care-of address $FA2_COA (mipctl)" \
    is "$FA2_COA" ha_binding coa
tun_rises ha tx 5 "CN's pings to $MN_HOME go through the HA tunnel to FA2" \
    ping_ok cn "$MN_HOME" 5
tcp_progress 100 20 "the same TCP stream flows at FA2"
tcp_end
log "PASS"
