#!/bin/sh
# SPDX-License-Identifier: ISC
#
# The pcap of the default scenario (every link, and each link's own file)
# opens in tshark with no malformed packet and with its Mobile IP messages
# dissected, and every authenticator in it verifies with the scenario's
# key: `mipctl decode --pcap` prints "verified":true for each
# authentication extension, never false or null (docs/json-fields.md).
# Exit 77 (CTest SKIP) when tshark is not installed.
#
# usage: pcap_check.sh MIPSIM MIPCTL
set -eu
mipsim=$1
mipctl=$2
key=000102030405060708090a0b0c0d0e0f # sim/scenarios/default.scn

if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIP: tshark not installed"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

"$mipsim" -q -o "$tmp/out" || fail "the default scenario failed"
for f in "$tmp"/out/*.pcap; do
	tshark -r "$f" >"$tmp/list" 2>"$tmp/err" ||
		fail "tshark cannot read $(basename "$f"): $(cat "$tmp/err")"
	[ -s "$tmp/list" ] || fail "$(basename "$f") has no packets"
	bad=$(tshark -r "$f" -Y '_ws.malformed || _ws.expert.severity >= error' \
		2>/dev/null | wc -l)
	[ "$bad" -eq 0 ] ||
		fail "$(basename "$f"): $bad malformed or erroneous packets"
done
all=$tmp/out/all.pcap
nreq=$(tshark -r "$all" -Y 'mip.type == 1' 2>/dev/null | wc -l)
nrep=$(tshark -r "$all" -Y 'mip.type == 3' 2>/dev/null | wc -l)
nadv=$(tshark -r "$all" -Y 'icmp.type == 9 && icmp.mip.seq' 2>/dev/null | wc -l)
[ "$nreq" -gt 0 ] && [ "$nrep" -gt 0 ] && [ "$nadv" -gt 0 ] ||
	fail "tshark found $nreq requests, $nrep replies, $nadv advertisements"

"$mipctl" decode --pcap "$all" --key "192.0.2.10:256:$key" \
	--key "192.0.2.1:256:$key" >"$tmp/dec" || fail "mipctl decode failed"
if grep -q '"error"' "$tmp/dec"; then
	fail "mipctl could not decode: $(grep -m1 '"error"' "$tmp/dec")"
fi
if grep -Eq '"verified":(false|null)' "$tmp/dec"; then
	fail "an authenticator does not verify: $(grep -Em1 \
		'"verified":(false|null)' "$tmp/dec")"
fi
good=$(grep -o '"verified":true' "$tmp/dec" | wc -l)
[ "$good" -ge $((nreq + nrep)) ] ||
	fail "$good verified authenticators for $nreq requests and $nrep replies"
echo "ok: $nreq requests, $nrep replies, $nadv advertisements;" \
	"$good authenticators verified; no malformed packets"
