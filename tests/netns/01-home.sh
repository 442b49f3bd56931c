#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 1: a mobile node at home is an ordinary host (RFC 5944 3.6.1):
# the CN reaches it directly, the home agent holds no binding, has no
# route for the home address into its TUN and tunnels nothing.
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
tr_up
start_mipd ha ha.conf
start_mipd mn mn.conf

before=$(tun_count ha tx packets)
check "CN pings the home address" ping_ok cn "$MN_HOME" 5
check "MN pings the CN" ping_ok mn "$CN_ADDR" 3
check "HA has no route for $MN_HOME" no_own_route ha "$MN_HOME"
check "HA lists no binding (mipctl)" is "" ha_binding coa
check "MN knows it is at home (mipctl)" is true mn_reg at_home
check "HA has no proxy or neighbour entry for $MN_HOME" \
    no_proxy ha "$MN_HOME"
after=$(tun_count ha tx packets)
check "HA tunnelled nothing ($before -> $after packets)" \
    test "$after" -eq "$before"
mn_mac=$(lladdr mn eth0)
check "rtr reaches $MN_HOME at the MN's own MAC $mn_mac" \
    _neigh_is rtr home "$MN_HOME" "$mn_mac"
check "mipd still runs in mip-ha" mipd_alive ha
check "mipd still runs in mip-mn" mipd_alive mn
stop_mipd mn || fail "mipd in mip-mn exited with an error"
stop_mipd ha || fail "mipd in mip-ha exited with an error"
check_clean ha mn
log "PASS"
