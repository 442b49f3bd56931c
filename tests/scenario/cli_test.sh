#!/bin/sh
# SPDX-License-Identifier: ISC
#
# mipsim's command line: usage and exit statuses (0 pass, 1 a failed
# expectation, 2 usage/parse/set-up), parse errors as FILE:LINE: message,
# the summary of the built-in default, -j JSON and -o outputs.
#
# usage: cli_test.sh MIPSIM
set -u
mipsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect_rc WANT CMD...: runs CMD, stdout in $tmp/out, stderr in $tmp/err
expect_rc() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] || fail "$* exited $got, not $want"
}

expect_rc 0 "$mipsim" -h
grep -q '^usage: mipsim' "$tmp/out" || fail "-h prints no usage"
expect_rc 2 "$mipsim" -x
expect_rc 2 "$mipsim" -s notanumber
expect_rc 2 "$mipsim" a.scn b.scn
expect_rc 2 "$mipsim" "$tmp/missing.scn"
grep -q 'missing.scn' "$tmp/err" || fail "a missing file is not named"

# A parse error names the file, the line and the problem.
printf 'seed 1\nsegment lan delay=2ms\nnode a roles=host\niface a eth0 lan 10.0.0.1/33\n' \
	>"$tmp/bad.scn"
expect_rc 2 "$mipsim" "$tmp/bad.scn"
grep -q "bad.scn:4: iface address: 33 is above the maximum 32" "$tmp/err" ||
	fail "parse error message: $(cat "$tmp/err")"
printf 'node a roles=host\nat 5s move a lan\n' >"$tmp/bad2.scn"
expect_rc 2 "$mipsim" "$tmp/bad2.scn"
grep -q "bad2.scn:2: no segment 'lan' declared before" "$tmp/err" ||
	fail "parse error message: $(cat "$tmp/err")"

# A scenario whose expectation cannot hold: exit 1, the line is named.
cat >"$tmp/fails.scn" <<'SCN'
seed 3
end 5s
segment lan delay=1ms
node a roles=host
iface a eth0 lan 192.0.2.1/24
node b roles=host
iface b eth0 lan 192.0.2.2/24
ping p from a to 192.0.2.2 interval=1s
expect ping p delivered>=4
expect ping p lost>=1
SCN
expect_rc 1 "$mipsim" -q "$tmp/fails.scn"
grep -q 'fails.scn:10' "$tmp/err" || fail "the failed line is not named"
grep -q 'fails.scn:9' "$tmp/err" && fail "a passing line is reported failed"
[ -s "$tmp/out" ] && fail "-q printed on stdout"

# The built-in default: its phases in the summary, JSON, outputs.
expect_rc 0 "$mipsim"
for p in home handoff1 fa1 fa2 home2 Expectations; do
	grep -q "$p" "$tmp/out" || fail "the summary lacks '$p'"
done
expect_rc 0 "$mipsim" -j -s 5
python3 - "$tmp/out" <<'PY' || fail "-j output is not the metrics JSON"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["seed"] == 5 and m["passed"] is True
f = m["flows"][0]
assert f["name"] == "f1" and f["total"]["sent"] > 0
assert [p["phase"] for p in f["phases"]][:3] == ["home", "handoff1", "fa1"]
ha = [n for n in m["nodes"] if n["name"] == "ha"][0]
assert ha["engine"]["replies"][0]["code"] == 0
assert ha["tunnelled"]["packets"] > 0
PY
expect_rc 0 "$mipsim" -q -o "$tmp/o"
for f in trace.txt all.pcap home.pcap metrics.json; do
	[ -s "$tmp/o/$f" ] || fail "-o did not write $f"
done

[ "$failures" -eq 0 ] || exit 1
echo "ok"
