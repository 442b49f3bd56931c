#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 2: the MN moves home -> FA1 and registers through the foreign
# agent (RFC 5944 3.6, 3.7); the CN's packets to the home address reach
# it through the HA's tunnel (4.2.3); a TCP connection opened at home
# keeps going without a gap.
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
tr_up
start_mipd ha ha.conf
start_mipd fa1 fa1.conf
start_mipd mn mn.conf
tcp_start

mn_move fa1
check_wait 15 "HA binding for $MN_HOME (host route into its TUN)" ha_bound
check_wait 5 "FA1 installed its visitor entries for $MN_HOME" \
    own_has fa1 "$MN_HOME"
check "HA's binding has care-of address $FA1_COA (mipctl)" \
    is "$FA1_COA" ha_binding coa
check "MN is registered (mipctl)" is registered mn_reg state
tun_rises ha tx 5 "CN's pings to $MN_HOME go through the HA tunnel" \
    ping_ok cn "$MN_HOME" 5
tcp_progress 100 20 "TCP stream opened at home still flows at FA1"
tcp_end
log "PASS"
