#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 4: back home. The MN deregisters (RFC 5944 3.6.1.2, lifetime
# 0), the HA stops proxying and the MN's gratuitous ARP (4.6) points the
# home link's router at the MN's own MAC again; delivery is direct; once
# the daemons stop, no route, rule or neighbour entry with protocol 77 is
# left anywhere.
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
tr_up
start_mipd ha ha.conf
start_mipd fa1 fa1.conf
start_mipd mn mn.conf
mn_mac=$(lladdr mn eth0)
ha_mac=$(lladdr ha eth0)

mn_move fa1
check_wait 15 "HA binding for $MN_HOME via FA1" ha_bound
check "CN reaches $MN_HOME through the tunnel" ping_ok cn "$MN_HOME" 3
check_wait 5 "rtr reaches $MN_HOME at the HA's MAC $ha_mac (proxy ARP)" \
    _neigh_is rtr home "$MN_HOME" "$ha_mac"

mn_move home
check_wait 15 "HA binding removed (deregistration)" ha_unbound
check_wait 5 "MN knows it is at home (mipctl)" is true mn_reg at_home
check "HA has no proxy entry for $MN_HOME" \
    no_proxy ha "$MN_HOME"
# Before any new traffic: only a gratuitous ARP can have fixed rtr's entry.
check_wait 5 "rtr's entry for $MN_HOME is the MN's MAC $mn_mac again" \
    _neigh_is rtr home "$MN_HOME" "$mn_mac"
before=$(tun_count ha tx packets)
check "CN reaches $MN_HOME directly" ping_ok cn "$MN_HOME" 5
after=$(tun_count ha tx packets)
check "nothing tunnelled at home ($before -> $after packets)" \
    test "$after" -eq "$before"
check "no MN route left at home" no_own_routes mn

for r in mn fa1 ha; do
	stop_mipd "$r" || fail "mipd in $(ns "$r") exited with an error"
done
check_clean ha fa1 mn rtr cn
log "PASS"
