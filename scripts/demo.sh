#!/bin/sh
# SPDX-License-Identifier: ISC
#
# `make demo`. As root it first runs the live namespace demo
# (scripts/demo-live.sh: home -> FA1 -> FA2 -> home with real mipd
# processes in network namespaces). Then, root or not, the simulator's
# built-in default scenario (the same roaming, in mipsim), and mipctl
# decodes sample packets.
#
# usage: demo.sh BUILD_DIR
set -eu
build=${1:-build/dev}
mipctl=$build/ctl/mipctl
mipsim=$build/sim/mipsim
key=000102030405060708090a0b0c0d0e0f

say() {
	printf '\n# %s\n' "$*"
}

if [ "$(id -u)" -eq 0 ]; then
	say "mobileip live demo: real mipd processes in network namespaces"
	"$(dirname "$0")/demo-live.sh" "$build"
fi

say "mipsim: the built-in default scenario (an MN roams home -> FA1 -> FA2 -> home)"
"$mipsim"

say "The wire layer: sample packets decoded by mipctl"

say "A Registration Request (RFC 5944 3.3), MN-HA authenticated with HMAC-MD5"
"$mipctl" decode --udp --key "192.0.2.1:256:$key" \
	01020708c000020ac0000201c6336401e8a1b2c300000001201400000100c611c9c823a2f100f5667498f315cc4d

say "The same request checked with a wrong key: verified is false"
"$mipctl" decode --udp --key "192.0.2.1:256:ffeeddccbbaa99887766554433221100" \
	01020708c000020ac0000201c6336401e8a1b2c300000001201400000100c611c9c823a2f100f5667498f315cc4d

say "A Route Optimization Binding Update (optim-07 4.3) with its RO authentication"
"$mipctl" decode --udp --key "192.0.2.1:257:$key" \
	12c0012cc000020ac6336401123456789abcdef0231400000101126e7135bca37ced38f99c04ee4b8524

say "A truncated request: an error object with the byte offset, exit status 1"
if "$mipctl" decode --udp 01020708c000020ac0000201c633; then
	echo "unexpected success" >&2
	exit 1
fi
say "done"
