#!/bin/sh
# SPDX-License-Identifier: ISC
# Scenario 8: hostile and wrong input.
#  - A wrong key: the HA answers 131 (RFC 5944 3.8.2.1, failed
#    authentication), installs no binding and no route; FA1 no visitor.
#  - A replayed request: a request captured on the home link and sent
#    again once the MN has re-registered (so it is stale, not a duplicate
#    of the accepted one, which 3.8.2 answers again unchanged) is refused
#    with 133 (identification mismatch, 5.7) and the binding stays.
#  - The fuzz corpus (fuzz/corpus) thrown at the HA and at FA1 over UDP
#    434, ICMP and the raw tunnel protocols: the daemons keep running and
#    keep serving the MN (pings through the tunnel, re-registration).
set -u
. "$(dirname "$0")/lib.sh"
. "$NETNS_DIR/lib_traffic.sh"

CORPUS=${MIP_FUZZ_CORPUS:-$MIP_SRC/fuzz/corpus}

topo_up
tr_up

log "---- wrong key"
start_mipd ha ha-badkey.conf
start_mipd fa1 fa1.conf
start_mipd mn mn-short.conf
sniff_start rrp-bad mn 3
mn_move fa1
reply_seen 15 rrp-bad 131 "HA refuses the MN's key"
check "HA holds no binding" ha_unbound
# The reply carries the HA's authenticator under the HA's (wrong) key, so
# the MN discards it (RFC 5944 3.6.2.1) and stays unregistered.
mn_reg state | grep -qx registered &&
    fail "the MN believes it is registered: $(mn_reg state)"
log "ok: the MN is not registered (mipctl: $(mn_reg state))"
check "HA installed nothing" own_empty ha
check "FA1 has no visitor route for $MN_HOME" no_own_route fa1 "$MN_HOME"
check "CN cannot reach $MN_HOME" ping_fails cn "$MN_HOME"

log "---- replayed request"
stop_mipd mn || fail "mipd in mip-mn exited with an error"
stop_mipd ha || fail "mipd in mip-ha exited with an error"
start_mipd ha ha.conf
sniff_start rrq ha 1 2
start_mipd mn mn-short.conf
check_wait 15 "HA binding for $MN_HOME with the right key" ha_bound
check_wait 15 "two requests (a registration and its renewal) captured" \
    sniffed_n rrq 2
req=$(sniffed rrq | jq -r .payload)
reply=$(in_ns cn "$PY" "$NETNS_DIR/reg_tool.py" send --to "$HA_ADDR" \
    --hex "$req") || fail "no reply to the replayed request"
log "reply to the replay: $reply"
code=$(echo "$reply" | jq .code)
check "the replayed request is refused with 133 (got $code)" \
    test "$code" = 133
check "the binding stays" ha_bound
check "CN reaches $MN_HOME through the tunnel" ping_ok cn "$MN_HOME" 3

log "---- fuzz corpus $CORPUS"
[ -d "$CORPUS" ] || fail "no corpus directory $CORPUS"
for to in "cn $HA_ADDR" "cn $FA1_COA" "mn $FA1_COA"; do
	set -- $to
	in_ns "$1" "$PY" "$NETNS_DIR/send_corpus.py" "$2" "$CORPUS" ||
	    fail "sending the corpus from $1 to $2"
done
for r in ha fa1 mn; do
	check "mipd in $(ns "$r") survived the corpus" mipd_alive "$r"
done
check_wait 10 "HA still holds the binding" ha_bound
check_wait 10 "CN still reaches $MN_HOME through the tunnel" \
    ping_ok cn "$MN_HOME" 3
sniff_start rrp-ok mn 3
reply_seen 15 rrp-ok 0 "the MN's next re-registration is accepted"
log "PASS"
