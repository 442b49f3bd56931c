#!/bin/sh
# SPDX-License-Identifier: ISC
#
# The core does no I/O (docs/design.md): no sockets, clocks, libc
# randomness, printing or direct allocation. Checks the includes in core/
# against an allow-list and the undefined symbols of libmip.a against a
# deny-list. Only core/src/mip_crypto.c and core/src/mip_crypto_*.c (the
# crypto backends) may include OpenSSL.
#
# usage: check-core-purity.sh path/to/libmip.a
set -eu
cd "$(dirname "$0")/.."
lib=${1:?usage: check-core-purity.sh libmip.a}
fail=0

allowed='^#include (<(stdint|stddef|stdbool|string|limits|assert)\.h>|"[a-z0-9_/]+\.h")'
for f in $(git ls-files -co --exclude-standard -- 'core/*.c' 'core/*.h'); do
	bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include' "$f" |
		sed 's/^\([0-9]*\):[[:space:]]*#[[:space:]]*/\1:#/' |
		grep -vE "^[0-9]+:${allowed#^}" || true)
	case $f in
	core/src/mip_crypto.c | core/src/mip_crypto_*.c)
		bad=$(printf '%s\n' "$bad" | grep -vE '#include <openssl/' || true)
		;;
	esac
	if [ -n "$bad" ]; then
		printf '%s: forbidden include:\n%s\n' "$f" "$bad"
		fail=1
	fi
done

denied='socket|bind|connect|sendto|sendmsg|recvfrom|recvmsg|send|recv|read|write|open|close|clock_gettime|gettimeofday|time|rand|random|srand|srandom|getrandom|arc4random|malloc|calloc|realloc|free|printf|fprintf|sprintf|snprintf|vsnprintf|puts|fputs|syslog|exit|abort|getenv'
syms=$(nm -u "$lib" | awk '{print $NF}' | grep -xE "$denied" | sort -u || true)
if [ -n "$syms" ]; then
	echo "libmip.a references forbidden symbols:"
	echo "$syms"
	fail=1
fi

if grep -q MIP_FUZZ CMakePresets.json &&
	sed -n '/"name": "release"/,/}/p' CMakePresets.json | grep -q MIP_FUZZ; then
	echo "release preset must not enable MIP_FUZZ"
	fail=1
fi

[ "$fail" -eq 0 ] && echo "core purity: ok"
exit "$fail"
