/* SPDX-License-Identifier: ISC */
/*
 * Shared test helpers: hex fixtures, a counting allocator that can fail the
 * Nth allocation, and a seeded deterministic random source. Every unit test
 * includes this after <cmocka.h>'s prerequisites.
 */
#ifndef MIP_TEST_HELPER_H
#define MIP_TEST_HELPER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mip/mip.h"

/*
 * hex_decode parses |hex| (whitespace ignored) into |out|; returns the
 * number of bytes, or fails the test on bad input or overflow.
 */
size_t hex_decode(const char *hex, uint8_t *out, size_t cap);

/* hex_encode writes lowercase hex of |p| into |out| (2 * |n| + 1 bytes). */
void hex_encode(const uint8_t *p, size_t n, char *out);

/* test_ip4 parses a dotted quad, or fails the test. */
struct mip_ip4 test_ip4(const char *dotted);

/* assert_hex_equal fails unless |p|[0..n) equals the bytes of |hex|. */
#define assert_hex_equal(p, n, hex)                                            \
	hex_assert_equal((p), (n), (hex), __FILE__, __LINE__)
void hex_assert_equal(
    const uint8_t *p, size_t n, const char *hex, const char *file, int line);

/* A mip_mem that counts live allocations and fails allocation |fail_at|
 * (1-based; 0 never fails). */
struct test_mem {
	struct mip_mem mem;
	size_t live;
	size_t count;
	size_t fail_at;
};
void test_mem_init(struct test_mem *tm, size_t fail_at);

/* A deterministic mip_rand (splitmix64 stream from |seed|). */
struct test_rand {
	struct mip_rand rand;
	uint64_t state;
};
void test_rand_init(struct test_rand *tr, uint64_t seed);
uint64_t test_rand_u64(struct test_rand *tr);

/* Reads MIP_VECTORS_DIR/|name| into a fresh buffer (free()d by caller). */
char *test_read_vector(const char *name, size_t *len);

#endif
