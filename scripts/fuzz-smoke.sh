#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Run every libFuzzer target for a short time on its committed seed corpus.
# New inputs go to a scratch directory, so the tree is not modified. A
# finding (crash, leak, UBSan report, timeout) fails the run and leaves the
# reproducer in the scratch directory, whose path is printed.
#
# usage: fuzz-smoke.sh BUILD_DIR [SECONDS]
set -eu
cd "$(dirname "$0")/.."
build=${1:?usage: fuzz-smoke.sh BUILD_DIR [SECONDS]}
secs=${2:-20}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mip-fuzz.XXXXXX")
n=0

for bin in "$build"/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus=fuzz/corpus/${name#fuzz_}
	mkdir -p "$scratch/$name"
	echo "fuzz: $name for ${secs}s"
	if ! (cd "$scratch/$name" && "$OLDPWD/$bin" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		"$scratch/$name" "$OLDPWD/$corpus" >"$scratch/$name.log" 2>&1); then
		tail -n 60 "$scratch/$name.log"
		echo "fuzz: $name FAILED; reproducer and log in $scratch"
		exit 1
	fi
	grep -E '^stat::number_of_executed_units' "$scratch/$name.log" || true
	n=$((n + 1))
done

if [ "$n" -eq 0 ]; then
	echo "fuzz: no targets found in $build/fuzz"
	exit 1
fi
rm -rf "$scratch"
echo "fuzz: $n targets clean"
