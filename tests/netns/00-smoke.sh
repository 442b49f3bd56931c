#!/bin/sh
# SPDX-License-Identifier: ISC
# The first end-to-end proof with real daemons: HA, FA1 and MN in the
# topology of lib.sh. The MN moves to FA1 and registers through it
# (RFC 5944 3.6, 3.7); the CN's pings to the home address are answered
# through the HA's tunnel (4.2.3); back home the MN deregisters (3.6.1.1);
# SIGHUP with an unchanged file keeps the binding, with a broken one keeps
# the running configuration; when the daemons stop, nothing tagged with
# mipd's protocol is left.
set -u
. "$(dirname "$0")/lib.sh"

MN_HOME=192.0.2.10
COA=203.0.113.1

# The HA's host route for the MN leads into its TUN (mipd(8)).
ha_route() {
	ip -n "$(ns ha)" route show table all "$MN_HOME/32" proto 77 | grep -q "dev mip"
}

ha_no_route() {
	! ip -n "$(ns ha)" route show table all "$MN_HOME/32" proto 77 | grep -q .
}

# mipctl shows the MN registered with care-of address $COA, code 0.
mn_registered() {
	mipctl_in mn -j show registration | jq -e ".registration |
	    .state == \"registered\" and .coa == \"$COA\" and
	    .last_code == 0" >/dev/null
}

mn_logged() {
	log_has mn "registration reply for $MN_HOME care-of $COA .*: 0 accepted"
}

# Packets the role's mipd wrote into its TUN (decapsulated).
tun_tx() {
	ip -n "$(ns "$1")" -j -s link show mip0 |
	    jq '.[0].stats64.tx.packets'
}

# mipd -n: every test configuration is valid; an error names its line.
for f in "$MIP_CONF"/*.conf; do
	"$MIPD" -n -f "$f" >/dev/null || fail "mipd -n -f $f"
done
bad=$(printf '[Interface]\nName = eth0\nBogus = 1\n' |
    "$MIPD" -n -f /dev/stdin 2>&1) && fail "mipd -n accepted a bad file"
case $bad in
*:3:*Bogus*) log "ok: mipd -n names the bad line: $bad" ;;
*) fail "mipd -n did not name line 3: $bad" ;;
esac

topo_up
cp "$MIP_CONF/ha.conf" "$MIP_TMP/ha.conf" || fail "copying ha.conf"
start_mipd ha "$MIP_TMP/ha.conf"
start_mipd fa1 fa1.conf
start_mipd mn mn.conf
check "at home, the CN reaches $MN_HOME directly" ping_ok cn "$MN_HOME"

mn_move fa1
check_wait 20 "MN registered through FA1 (reply 0 accepted)" mn_registered
check "the MN's log has the accepted reply" mn_logged
check_wait 5 "HA has a host route for $MN_HOME into its TUN" ha_route
# mipd answers ARP for away mobile nodes itself (plat_arp): the router
# on the home link must resolve the home address to the HA's MAC.
ha_mac=$(ip -n "$(ns ha)" -j link show eth0 | jq -r '.[0].address')
rtr_sees_ha_mac() {
	in_ns rtr ping -c1 -W1 "$MN_HOME" >/dev/null 2>&1 || true
	[ "$(ip -n "$(ns rtr)" -j neigh show "$MN_HOME" dev home |
	    jq -r '.[0].lladdr')" = "$ha_mac" ]
}
check_wait 5 "rtr resolves $MN_HOME to the HA's MAC $ha_mac (proxy ARP)" \
    rtr_sees_ha_mac
check_wait 5 "FA1 has a visitor route for $MN_HOME" \
    sh -c "ip -n $(ns fa1) route show $MN_HOME proto 77 | grep -q eth0"
before=$(tun_tx fa1)
check "the CN's pings to $MN_HOME are answered through the HA tunnel" \
    ping_ok cn "$MN_HOME" 5
check "FA1 decapsulated them into its TUN" [ "$(tun_tx fa1)" -ge $((before + 5)) ]
check "the HA's log shows the binding" \
    log_has ha "binding $MN_HOME -> $COA added"

kill -HUP "$(mipd_pid ha)"
check_wait 5 "SIGHUP with the same file changes nothing" \
    log_has ha "configuration unchanged"
echo "Bogus = 1" >>"$MIP_TMP/ha.conf"
kill -HUP "$(mipd_pid ha)"
check_wait 5 "SIGHUP with a broken file keeps the running configuration" \
    log_has ha "keeping the running configuration"
check "the error names its line" log_has ha "ha.conf:[0-9]*: Bogus"
check "the binding survived both" ha_route
check "the CN still reaches $MN_HOME" ping_ok cn "$MN_HOME"

mn_move home
check_wait 20 "back home, the HA removed the binding" \
    log_has ha "binding $MN_HOME -> $COA removed"
check_wait 5 "no HA route for $MN_HOME any more" ha_no_route
check_wait 10 "at home again, the CN reaches $MN_HOME" ping_ok cn "$MN_HOME"

for r in mn fa1 ha; do
	check "mipd in $(ns "$r") exits 0 on SIGTERM" stop_mipd "$r"
done
check_clean cn rtr ha mn fa1 fa2
log "PASS"
