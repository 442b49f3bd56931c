/* SPDX-License-Identifier: ISC */
/*
 * What every benchmark shares: the wall clock (CLOCK_MONOTONIC, read only
 * here), medians of repeated measurements, a malloc-backed struct mip_mem,
 * a seeded struct mip_rand, the NTP wall clock that goes with a monotonic
 * time, and the baseline every result is divided by: HMAC-MD5 operations
 * per second through libmip's own mip_mac_compute over a message of the
 * size a registration authenticates. Benchmarks print one
 * "bench=NAME key=value ..." line per result; nothing here asserts timing.
 */
#ifndef MIP_BENCH_UTIL_H
#define MIP_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "mip/mip.h"
#include "mip/mip_crypto.h"
#include "mip/mip_proto.h"

/* Repetitions of every timed measurement; the median is reported. */
#define BENCH_REPS 5

/*
 * Octets an HA authenticates for one registration message: the 24-octet
 * Registration Request fixed part plus the MN-HA authentication
 * extension's Type, Length and SPI (RFC 5944 3.5.1).
 */
#define BENCH_REG_MAC_LEN 30

/* NTP seconds of virtual time 0 (2026-01-01T00:00:00Z). */
#define BENCH_NTP_EPOCH 3976214400ULL

/* bench_now returns CLOCK_MONOTONIC in seconds. */
double bench_now(void);

/* bench_median sorts |v|[0, |n|) and returns its median (0 when empty). */
double bench_median(double *v, size_t n);

/* A malloc-backed allocator (aborts nothing; NULL on failure). */
extern const struct mip_mem bench_mem;

/* A seeded xorshift stream as struct mip_rand; |state| must outlive it. */
void bench_rand_init(struct mip_rand *r, uint64_t *state, uint64_t seed);

/* The struct mip_now of monotonic time |mono| (ns from virtual time 0). */
struct mip_now bench_time(mip_tstamp mono);

/* The HMAC-MD5 baseline: prepared key and a registration-sized message. */
struct bench_hmac {
	struct mip_mac *mac;
	uint8_t msg[BENCH_REG_MAC_LEN];
};

/* bench_hmac_init prepares the key. Returns 0 or a MIP_ERR_* code. */
int bench_hmac_init(struct bench_hmac *b);
void bench_hmac_free(struct bench_hmac *b);

/*
 * bench_hmac_rate runs |ops| mip_mac_compute calls (each over a message
 * that differs from the previous one by its first octets) and returns
 * operations per second, or a negative value when the library failed.
 */
double bench_hmac_rate(struct bench_hmac *b, uint64_t ops);

/*
 * Command-line values. bench_parse_num reads a decimal in [1, |max|];
 * bench_parse_prefix reads "A.B.C.D/P" with P in [8, 30] into a host-order
 * address. Both return 0 or -1.
 */
int bench_parse_num(
    const char *s, unsigned long long max, unsigned long long *out);
int bench_parse_prefix(const char *s, uint32_t *addr, uint8_t *plen);

#endif
