/* SPDX-License-Identifier: ISC */
/*
 * Base types shared by every part of libmip: addresses, time, and the
 * injected services (allocator, randomness). The node API (events in,
 * actions out) joins this header with the protocol engines.
 */
#ifndef MIP_H
#define MIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip_err.h"

/* An IPv4 address in host byte order, wrapped for type safety. */
struct mip_ip4 {
	uint32_t v;
};

static inline struct mip_ip4
mip_ip4_make(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct mip_ip4 ip = { ((uint32_t)a << 24) | ((uint32_t)b << 16) |
		((uint32_t)c << 8) | (uint32_t)d };
	return ip;
}

static inline bool
mip_ip4_eq(struct mip_ip4 a, struct mip_ip4 b)
{
	return a.v == b.v;
}

/* Monotonic time in nanoseconds; never read inside the core. */
typedef uint64_t mip_tstamp;
typedef uint64_t mip_duration;
typedef long long mip_ssize;

#define MIP_TSTAMP_NONE UINT64_MAX
#define MIP_MSEC ((mip_duration)1000000ULL)
#define MIP_SEC ((mip_duration)1000000000ULL)

/*
 * "Now", passed into every core entry point. |mono| drives timers; |ntp|
 * is the wall clock in NTP 32.32 format (RFC 5905), used only for
 * timestamp-based replay protection (RFC 5944 5.7.1).
 */
struct mip_now {
	mip_tstamp mono;
	uint64_t ntp;
};

/* Allocator injected by the host (the core never calls malloc). */
struct mip_mem {
	void *user_data;
	void *(*malloc)(size_t size, void *user_data);
	void *(*calloc)(size_t n, size_t size, void *user_data);
	void (*free)(void *ptr, void *user_data);
};

/* Randomness injected by the host: a CSPRNG in mipd, seeded in sim/tests. */
struct mip_rand {
	void *user_data;
	void (*fill)(uint8_t *dst, size_t len, void *user_data);
};

#endif
