#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 9: restarting an agent. After a stop, nothing with protocol
# 77 is left in its namespace; at start it reconciles (a stale protocol-77
# route planted before the start is removed, mipd(8)); the MN recovers at
# its next registration (RFC 5944 3.6.3: it re-registers before its
# lifetime runs out; mn-short.conf asks for 6 s).
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
tr_up
start_mipd ha ha.conf
start_mipd fa1 fa1.conf
start_mipd mn mn-short.conf
mn_move fa1
check_wait 15 "HA binding for $MN_HOME via FA1" ha_bound
check_wait 5 "FA1 serves $MN_HOME" own_has fa1 "$MN_HOME"
check "CN reaches $MN_HOME" ping_ok cn "$MN_HOME" 3

log "---- restart FA1"
stop_mipd fa1 || fail "mipd in mip-fa1 exited with an error"
check_clean fa1
ip -n "$(ns fa1)" route add 203.0.113.50/32 dev eth0 proto 77 ||
    fail "planting a stale route in mip-fa1"
start_mipd fa1 fa1.conf
check_wait 5 "FA1 removed the stale route at start" \
    no_own_route fa1 203.0.113.50
check_wait 15 "FA1 serves $MN_HOME again (the MN re-registered)" \
    own_has fa1 "$MN_HOME"
check_wait 10 "CN reaches $MN_HOME again" ping_ok cn "$MN_HOME" 3

log "---- restart the HA"
stop_mipd ha || fail "mipd in mip-ha exited with an error"
check_clean ha
ip -n "$(ns ha)" route add 192.0.2.77/32 dev eth0 proto 77 ||
    fail "planting a stale route in mip-ha"
ip -n "$(ns ha)" neigh add proxy 192.0.2.78 dev eth0 protocol 77 ||
    fail "planting a stale proxy entry in mip-ha"
start_mipd ha ha.conf
check_wait 5 "the HA removed the stale route at start" \
    no_own_route ha 192.0.2.77
check_wait 5 "the HA removed the stale proxy entry at start" \
    no_proxy ha 192.0.2.78
check_wait 15 "HA binding for $MN_HOME again (the MN re-registered)" ha_bound
check "the restarted HA's binding points at FA1 (mipctl)" \
    is "$FA1_COA" ha_binding coa
check_wait 10 "CN reaches $MN_HOME again" ping_ok cn "$MN_HOME" 3
log "PASS"
