#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 5: a co-located care-of address (RFC 5944 3.6.1.1, no foreign
# agent). The MN lands on the FA1 network where no FA runs; the test
# gives it an address there and a default route, as a DHCP client would;
# the MN registers that address with its HA directly and decapsulates the
# tunnel itself (its own TUN receives what the HA sends).
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

COLOC=203.0.113.20

topo_up
tr_up
start_mipd ha ha.conf
start_mipd mn mn-colocated.conf
tcp_start

mn_move fa1
ip -n "$(ns mn)" addr add "$COLOC/26" dev eth0 ||
    fail "giving the MN $COLOC"
ip -n "$(ns mn)" route replace default via "$FA1_COA" dev eth0 ||
    fail "default route of the MN via $FA1_COA"
check_wait 15 "HA binding for $MN_HOME (co-located $COLOC)" ha_bound
check "no FA took part: FA1's namespace has no mipd state" \
    own_empty fa1
tun_rises mn rx 5 "the MN decapsulates the CN's pings itself (its TUN)" \
    ping_ok cn "$MN_HOME" 5
check "the HA tunnelled them" _tun_beyond ha tx packets 1
tcp_progress 100 20 "TCP stream opened at home flows to the co-located address"
tcp_end
log "PASS"
