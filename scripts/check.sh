#!/bin/sh
# SPDX-License-Identifier: ISC
#
# `make check`: every build and test the project has, in order of how fast
# they fail. Stops at the first failing step and says which one.
set -eu
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
JOBS=$(nproc 2>/dev/null || echo 2)

step() {
	printf '\n==== %s ====\n' "$*"
}

run_preset() {
	step "$1 build"
	cmake --preset "$1" >/dev/null
	cmake --build --preset "$1"
	step "$1 tests"
	ctest --preset "$1" -j "$JOBS"
}

step "format check"
scripts/format.sh --check

run_preset dev

step "core purity"
scripts/check-core-purity.sh build/dev/core/libmip.a

run_preset asan
run_preset clang

step "fuzz build"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
step "fuzz smoke (${FUZZ_SECONDS}s per target)"
scripts/fuzz-smoke.sh build/fuzz "$FUZZ_SECONDS"

step "all checks passed"
