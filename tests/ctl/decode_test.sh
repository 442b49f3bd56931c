#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Known-answer tests of `mipctl decode`: the spec sheet's derived vectors
# (RRQ/RRP 4.6, BW/BR/BU/BA 1.6, the PFANE-built BU 2.2), authenticator
# verification with right, wrong and missing keys, errors and exit codes,
# IPv4/UDP, tunnels and pcap input (packets from ctl_gen, built with libmip).
#
# usage: decode_test.sh MIPCTL CTL_GEN
set -u

MIPCTL=$1
GEN=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/out
ERR=$TMP/err
pass=0
fail=0
# Resolve the interpreter once: version-manager shims are slow to start.
PY=$(python3 -c 'import sys; print(sys.executable)') || exit 1

# Checks are queued by expect and evaluated by one python3 process per run
# (flush), which keeps the test fast under sanitizers.
nexpr=0

# flush: evaluates the queued expressions against the last run's output.
flush() {
	[ "$nexpr" -gt 0 ] || return 0
	"$PY" -c '
import json, os, sys
out, rc, d, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
try:
    j = [json.loads(l) for l in open(out) if l.strip()]
except ValueError as e:
    j = None
    print("FAIL: output is not JSON lines: %s" % e)
ok = bad = 0
for i in range(n):
    expr = open(os.path.join(d, "x.%d" % i)).read()
    try:
        good = j is not None and bool(eval("(" + expr + ")"))
    except Exception as e:
        good = False
        print("  (%s: %s)" % (type(e).__name__, e))
    if good:
        ok += 1
    else:
        bad += 1
        print("FAIL: " + expr)
if bad:
    print("  rc=%d stdout: %s" % (rc, open(out).read().strip()))
open(os.path.join(d, "counts"), "w").write("%d %d\n" % (ok, bad))
' "$OUT" "$RC" "$TMP" "$nexpr" || echo "0 1" >"$TMP/counts"
	read -r p f <"$TMP/counts"
	pass=$((pass + p))
	fail=$((fail + f))
	nexpr=0
}

# run ARGS...: runs mipctl, keeping stdout in $OUT, stderr in $ERR, status
# in $RC.
run() {
	flush
	"$MIPCTL" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# expect_rc N: the last run exited with status N.
expect_rc() {
	if [ "$RC" -eq "$1" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: exit status $RC, expected $1"
	fi
}

# expect EXPR: the Python expression EXPR, over j (the JSON objects of the
# last run, one per line) and rc (its exit status), must be true.
expect() {
	printf '%s' "$1" >"$TMP/x.$nexpr"
	nexpr=$((nexpr + 1))
}

KEY=000102030405060708090a0b0c0d0e0f
# Spec sheet 4.6: RRQ (T set) with MN-HA authentication, HMAC-MD5, SPI 256.
RRQ_FIX=01020708c000020ac0000201c6336401e8a1b2c300000001
RRQ=${RRQ_FIX}201400000100c611c9c823a2f100f5667498f315cc4d
RRQ_KMD5=${RRQ_FIX}20140000010017304efa4ab980816b80e95fa37bb157
RRP=03000708c000020ac0000201e8a1b2c300000001201400000100
RRP=${RRP}68d8ba5d6520381b4f696d28f3fbaf8c

echo "== registration request, no key"
run decode "$RRQ"
expect 'rc == 0 and len(j) == 1'
expect 'j[0]["message"] == "registration_request" and j[0]["type"] == 1'
expect 'j[0]["flags"] == {"S": False, "B": False, "D": False, "M": False,
    "G": False, "r": False, "T": True, "x": False}'
expect 'list(j[0]["flags"]) == list("SBDMGrTx")'
expect 'j[0]["lifetime"] == 1800'
expect 'j[0]["home_addr"] == "192.0.2.10" and j[0]["ha_addr"] == "192.0.2.1"'
expect 'j[0]["coa"] == "198.51.100.1"'
expect 'j[0]["ident"] == "e8a1b2c300000001"'
expect 'len(j[0]["extensions"]) == 1'
expect 'j[0]["extensions"][0] == {"type": 32, "name": "mn_ha_auth",
    "spi": 256, "authenticator": "c611c9c823a2f100f5667498f315cc4d",
    "verified": None}'

echo "== verification"
run decode --key "192.0.2.1:256:$KEY" "$RRQ"
expect 'rc == 0 and j[0]["extensions"][0]["verified"] is True'
run decode --key "192.0.2.1:256:000102030405060708090a0b0c0d0e0e" "$RRQ"
expect 'rc == 0 and j[0]["extensions"][0]["verified"] is False'
run decode --key "192.0.2.1:257:$KEY" "$RRQ"
expect 'j[0]["extensions"][0]["verified"] is None'
run decode --key "192.0.2.1:0x100:$KEY:keyed-md5" "$RRQ_KMD5" "$RRQ"
expect '[o["extensions"][0]["verified"] for o in j] == [True, False]'
run decode --key "192.0.2.1:256:$KEY:hmac-sha1" "$RRQ"
expect 'j[0]["extensions"][0]["verified"] is False'
# Two keys share the SPI: the one whose peer is the home address wins.
run decode --key "192.0.2.99:256:0f0f" --key "192.0.2.10:256:$KEY" "$RRQ"
expect 'j[0]["extensions"][0]["verified"] is True'
run decode --key "192.0.2.99:256:$KEY" --key "192.0.2.10:256:0f0f" "$RRQ"
expect 'j[0]["extensions"][0]["verified"] is False'

echo "== registration reply"
run decode --key "192.0.2.1:256:$KEY" "$RRP"
expect 'rc == 0 and j[0]["message"] == "registration_reply"'
expect 'j[0]["code"] == 0 and j[0]["code_name"] == "accepted"'
expect 'j[0]["lifetime"] == 1800 and j[0]["ident"] == "e8a1b2c300000001"'
expect '"coa" not in j[0] and "flags" not in j[0]'
expect 'j[0]["extensions"][0]["verified"] is True'

echo "== hex syntax: spaces and colons, several messages"
run decode "01 02 07 08:c0 00 02 0a c0000201 c6336401 e8a1b2c3 00000001" \
    "$RRQ"
expect 'rc == 0 and len(j) == 2 and j[0]["extensions"] == []'

echo "== Route Optimization (spec sheet 1.6, 2.2)"
run decode "10000000 c000020a cb007105" \
    "11000000 c000020a 11111111 22222222" \
    "13000000 c000020a 12345678 9abcdef0" \
    "13000086 c000020a"
expect 'rc == 0 and [o["message"] for o in j] == ["binding_warning",
    "binding_request", "binding_acknowledge", "binding_acknowledge"]'
expect 'j[0]["home_addr"] == "192.0.2.10" and j[0]["targets"] ==
    ["203.0.113.5"]'
expect 'j[1]["ident"] == "1111111122222222" and j[1]["type"] == 17'
expect 'j[2]["status"] == 0 and j[2]["status_name"] == "accepted"'
expect 'j[2]["ident"] == "123456789abcdef0" and j[2]["extensions"] == []'
expect 'j[3]["status"] == 134 and j[3]["ident"] is None'
BU=12c0012cc000020ac633640112345678
BU=${BU}9abcdef0231400000101126e7135bca37ced38f99c04ee4b8524
run decode --key "192.0.2.1:0x101:$KEY" "$BU"
expect 'rc == 0 and j[0]["message"] == "binding_update"'
expect 'j[0]["flags"] == {"A": True, "I": True, "M": False, "G": False}'
expect 'j[0]["lifetime"] == 300 and j[0]["coa"] == "198.51.100.1"'
expect 'j[0]["ident"] == "123456789abcdef0"'
expect 'j[0]["extensions"][0]["name"] == "ro_auth"'
expect 'j[0]["extensions"][0]["spi"] == 257'
expect 'j[0]["extensions"][0]["verified"] is True'
RKEY=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
PF_BU=1280000ac000020ac63364012314000010008364b02c5854f65bf9b282d6daad9be6
run decode --key "203.0.113.1:4096:$RKEY" "$PF_BU"
expect 'j[0]["flags"]["A"] and not j[0]["flags"]["I"]'
expect 'j[0]["ident"] is None and j[0]["lifetime"] == 10'
expect 'j[0]["extensions"][0]["verified"] is True'
# The PFANE that produced it, inside a Registration Request.
PFANE=601e000acb007101c633640100001000
PFANE=${PFANE}8364b02c5854f65bf9b282d6daad9be6
RRQ_PF=01000708c000020ac0000201c6336401e8a1b2c300000001$PFANE
run decode --key "203.0.113.1:4096:$RKEY" "$RRQ_PF"
expect 'rc == 0 and j[0]["extensions"][0]["name"] == "prev_fa_notify"'
expect 'j[0]["extensions"][0]["cache_lifetime"] == 10'
expect 'j[0]["extensions"][0]["prev_fa_addr"] == "203.0.113.1"'
expect 'j[0]["extensions"][0]["new_coa"] == "198.51.100.1"'
expect 'j[0]["extensions"][0]["spi"] == 4096'
expect 'j[0]["extensions"][0]["verified"] is True'
run decode "$RRQ_PF"
expect 'j[0]["extensions"][0]["verified"] is None'

echo "== profile options"
run decode --profile-ro-off "10000000 c000020a cb007105"
expect 'rc == 0 and j[0]["message"] == "mobile_ip" and j[0]["type"] == 16'
expect 'j[0]["data"] == "000000c000020acb007105"'
run decode --bu-type 20 "14${BU#12}"
expect 'rc == 0 and j[0]["message"] == "binding_update"'
expect 'j[0]["type"] == 20'
run decode --profile-ro-off "$RRQ_PF"
expect 'rc == 1 and j[0]["ext_type"] == 96'

echo "== errors"
run decode "$(echo "$RRQ" | cut -c1-60)"
expect 'rc == 1 and len(j) == 1'
expect 'j[0]["error"] != "" and j[0]["offset"] == 24'
expect 'j[0]["err"] == "truncated"'
expect 'j[0]["message"] == "registration_request" and j[0]["type"] == 1'
run decode 0102070800 "$RRQ"
expect 'rc == 1 and len(j) == 2 and "error" in j[0] and "error" not in j[1]'
run decode "${RRQ_FIX}64020000"
expect 'rc == 1 and j[0]["err"] == "unknown non-skippable extension"'
expect 'j[0]["ext_type"] == 100 and j[0]["offset"] == 24'
run decode "${RRQ_FIX}c802abcd"
expect 'rc == 0 and j[0]["extensions"] == [{"type": 200,
    "name": "unknown", "data": "abcd"}]'
run decode ""
expect 'rc == 1 and j[0]["error"] == "empty message" and j[0]["offset"] == 0'
run decode "63"
expect 'rc == 0 and j[0] == {"message": "mobile_ip", "type": 99,
    "data": ""}'

echo "== IPv4, ICMP and tunnels"
K="--key 192.0.2.10:256:$KEY"
# shellcheck disable=SC2086
run decode --ip $K "$("$GEN" hex udp)"
expect 'rc == 0 and j[0]["message"] == "registration_request"'
expect 'j[0]["ip"] == {"src": "192.0.2.10", "dst": "192.0.2.1", "ttl": 64,
    "tos": 0, "df": False, "id": 4660, "proto": 17}'
expect 'j[0]["udp"] == {"src_port": 49152, "dst_port": 434, "length": 54,
    "checksum_ok": True}'
expect 'j[0]["extensions"][0]["verified"] is True'
for enc in ipip gre minimal; do
	# shellcheck disable=SC2086
	run decode --ip $K "$("$GEN" hex $enc)"
	expect 'rc == 0 and j[0]["message"] == "tunnel"'
	expect "j[0][\"encapsulation\"] == \"$enc\""
	expect 'j[0]["outer"]["src"] == "192.0.2.1"'
	expect 'j[0]["outer"]["dst"] == "198.51.100.1"'
	expect 'j[0]["outer"]["proto"] == {"ipip": 4, "gre": 47,
	    "minimal": 55}[j[0]["encapsulation"]]'
	expect 'j[0]["inner"]["message"] == "registration_request"'
	expect 'j[0]["inner"]["ip"]["src"] == "192.0.2.10"'
	expect 'j[0]["inner"]["extensions"][0]["verified"] is True'
	expect '("gre_key" in j[0]) == (j[0]["encapsulation"] == "gre")'
done
run decode --ip "$("$GEN" hex gre)"
expect 'j[0]["gre_key"] == 43981'
run decode --ip "$("$GEN" hex adv)"
expect 'rc == 0 and j[0]["message"] == "agent_advertisement"'
expect 'j[0]["icmp_type"] == 9 and j[0]["icmp_code"] == 0'
expect 'j[0]["checksum_ok"] is True and j[0]["lifetime"] == 1800'
expect 'j[0]["routers"] == [{"addr": "198.51.100.1", "preference": 0}]'
expect 'j[0]["sequence"] == 42 and j[0]["reg_lifetime"] == 3600'
expect '[k for k, v in j[0]["flags"].items() if v] == ["F", "T"]'
expect 'list(j[0]["flags"]) == list("RBHFMGrTUXI")'
expect 'j[0]["coas"] == ["198.51.100.1"]'
expect 'j[0]["ip"]["ttl"] == 1 and j[0]["ip"]["dst"] == "224.0.0.1"'
run decode --icmp "$("$GEN" hex icmp-adv)" "0a000000f5ff0000"
expect 'rc == 0 and j[0]["message"] == "agent_advertisement"'
expect '"ip" not in j[0]'
expect 'j[1]["message"] == "agent_solicitation" and j[1]["icmp_type"] == 10'
# A truncated tunnel: the inner packet is cut, the outer header is fine.
IPIP=$("$GEN" hex ipip)
run decode --ip "$IPIP" "$(echo "$IPIP" | cut -c1-100)"
expect 'rc == 1 and "error" not in j[0] and "error" in j[1]'
expect '0 <= j[1]["offset"] <= 50'
# A wrong IPv4 header checksum.
run decode --ip "$(echo "$IPIP" | sed 's/^\(.\{20\}\)..../\1ffff/')"
expect 'rc == 1 and j[0]["err"] == "bad checksum"'

echo "== pcap"
for link in en10mb raw sll; do
	"$GEN" pcap "$TMP/t.pcap" $link || fail=$((fail + 1))
	run decode --key "192.0.2.10:256:$KEY" --pcap "$TMP/t.pcap"
	expect 'rc == 1 and [o["frame"] for o in j] == [1, 3, 4, 5]'
	expect '[o.get("message") for o in j] == ["registration_request",
	    "tunnel", "agent_advertisement", None]'
	expect 'j[0]["extensions"][0]["verified"] is True'
	expect 'j[1]["inner"]["extensions"][0]["verified"] is True'
	expect '"frame" not in j[1]["inner"]'
	expect '"error" in j[3] and j[3]["offset"] >= 0'
done

echo "== usage"
run decode
expect 'rc == 2 and j == []'
run decode zz
expect 'rc == 2 and j == []'
run decode 012
expect 'rc == 2'
run decode --key nonsense 01
expect 'rc == 2'
run decode --key 192.0.2.1:12:00 01
expect 'rc == 2'
run decode --udp --ip 01
expect 'rc == 2'
run decode --pcap "$TMP/missing.pcap"
expect 'rc == 1 and j == []'
run frobnicate
expect 'rc == 2'
run help
expect_rc 0
run -h
expect_rc 0
if ! grep -q "decode" "$OUT"; then
	echo "FAIL: -h does not describe decode"
	fail=$((fail + 1))
fi
run decode --bu-type 300 01
expect 'rc == 2'
if [ "$(wc -l <"$ERR")" -ne 1 ]; then
	echo "FAIL: a usage error prints one line, got: $(cat "$ERR")"
	fail=$((fail + 1))
fi

flush
echo "decode_test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
