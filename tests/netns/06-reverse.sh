#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 6: reverse tunnelling (RFC 3024). rtr filters topologically
# wrong source addresses: a packet from the home network 192.0.2.0/24
# arriving from the FA side is dropped (RFC 3024 1.3, ingress filtering).
# Without T the MN's packets to the CN leave FA1 with the home address as
# source and are dropped; with T the FA tunnels them to the HA (1.4,
# 5.2), which forwards them from the home network, and they flow.
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

topo_up
tr_up
in_ns rtr nft -f - <<'NFT' || fail "installing rtr's ingress filter (nft)"
table ip mip_ingress {
	chain forward {
		type filter hook forward priority 0; policy accept;
		iifname { "up1", "up2" } ip saddr 192.0.2.0/24 counter drop
	}
}
NFT
dropped() {
	in_ns rtr nft -j list chain ip mip_ingress forward |
	    jq '[.nftables[] | .rule? | select(.) | .expr[] | .counter? |
	        select(.) | .packets] | add // 0'
}

start_mipd ha ha.conf
start_mipd fa1 fa1.conf
start_mipd mn mn-ipip.conf
mn_move fa1
check_wait 15 "HA binding for $MN_HOME without T" ha_bound
ha_flag T && fail "HA's binding has T although the MN did not ask for it"
log "ok: HA's binding has no T (mipctl)"
d0=$(dropped)
check "without T the MN cannot reach the CN" ping_fails mn "$CN_ADDR"
d1=$(dropped)
check "rtr's filter dropped them ($d0 -> $d1 packets)" test "$d1" -gt "$d0"

stop_mipd mn || fail "mipd in mip-mn exited with an error"
start_mipd mn mn.conf
check_wait 15 "HA's binding for $MN_HOME has T now (mipctl)" ha_flag T
check_wait 5 "FA1 serves $MN_HOME" own_has fa1 "$MN_HOME"
tun_rises ha rx 10 "with T the MN reaches the CN through the reverse tunnel" \
    wait_for 10 ping_ok mn "$CN_ADDR" 3
d2=$(dropped)
check "rtr's filter dropped nothing more ($d1 -> $d2)" test "$d2" -eq "$d1"
log "PASS"
