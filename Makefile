# SPDX-License-Identifier: ISC
# The two README commands and a few conveniences. Everything real happens in
# CMake (CMakePresets.json) and scripts/.

FUZZ_SECONDS ?= 20

.PHONY: all deps build check demo fuzz format clean

all: build

deps:
	@scripts/install-deps

build: deps
	cmake --preset dev
	cmake --build --preset dev

# Every test: gcc -Werror, ASan+UBSan, clang, fuzz smoke, format, purity.
check: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/check.sh

demo: build
	scripts/demo.sh build/dev

fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz
	scripts/fuzz-smoke.sh build/fuzz $(FUZZ_SECONDS)

format:
	scripts/format.sh

clean:
	rm -rf build

# Benchmarks (bench/, docs/benchmarks.md): the release build, then every
# "bench=..." line, each with the HMAC-MD5 rate of the same run.
.PHONY: bench
bench: deps
	cmake --preset release
	cmake --build --preset release --target bench_ha bench_sim bench_mem \
	    bench_keys reg_load ha_serve mipd dp_relay
	build/release/bench/bench_ha
	build/release/bench/bench_keys
	build/release/bench/bench_sim
	build/release/bench/bench_mem
	bench/reg_bench.sh build/release
	bench/dp/run.sh build/release/bench/dp/dp_relay
	bench/dp/mipd_bench.sh build/release
