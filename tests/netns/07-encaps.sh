#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 7: every encapsulation carries the TCP stream: IP in IP (RFC
# 2003, the default), minimal encapsulation (RFC 2004, MN flag M) and GRE
# (RFC 2784, flag G). For each, the packets between the HA and FA1 are of
# the right IP protocol (4, 55, 47), counted on FA1's uplink. Records of
# 4096 octets make every TCP segment full-sized, and pings of 1500 octets
# must get through too: the tunnel's MTU has to leave room for each
# encapsulation's header (RFC 2003 5.1, RFC 2004 3.1, RFC 2784) or its
# entry point must send ICMP "fragmentation needed" (RFC 1191).
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

TCP_SIZE=4096

topo_up
tr_up
start_mipd ha ha.conf
start_mipd fa1 fa1.conf

for enc in ipip:4 minimal:55 gre:47; do
	name=${enc%:*}
	proto=${enc#*:}
	log "---- $name (IP protocol $proto)"
	start_mipd mn "mn-$name.conf"
	check_wait 10 "HA holds no binding while the MN is at home" ha_unbound
	tcp_start
	mn_move fa1
	check_wait 15 "HA binding for $MN_HOME ($name)" ha_bound
	check "HA's binding uses $name (mipctl)" is "$name" ha_binding encapsulation
	tcp_progress 100 20 "TCP stream flows through $name"
	check "1500-octet pings from the CN cross the $name tunnel" \
	    ping_big_ok cn "$MN_HOME"
	n=$(in_ns fa1 "$PY" "$NETNS_DIR/reg_tool.py" proto --proto "$proto" \
	    --iface up0 --seconds 1 | jq .packets)
	check "FA1's uplink carries protocol $proto ($n packets in 1 s)" \
	    test "${n:-0}" -gt 10
	tcp_end
	mn_move home
	check_wait 15 "deregistered at home" ha_unbound
	stop_mipd mn || fail "mipd in mip-mn exited with an error"
done
log "PASS"
