/* SPDX-License-Identifier: ISC */
/* Shared benchmark helpers and the HMAC-MD5 baseline; see bench_util.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
bench_median(double *v, size_t n)
{
	if (n == 0)
		return 0.0;
	qsort(v, n, sizeof(*v), cmp_double);
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static void *
mem_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void *
mem_calloc(size_t n, size_t size, void *user)
{
	(void)user;
	return calloc(n, size);
}

static void
mem_free(void *p, void *user)
{
	(void)user;
	free(p);
}

const struct mip_mem bench_mem = { NULL, mem_malloc, mem_calloc, mem_free };

static void
rand_fill(uint8_t *dst, size_t len, void *user)
{
	uint64_t *s = user;
	size_t i;

	for (i = 0; i < len; i++) {
		/* xorshift64: reproducible, not secure (benchmarks only). */
		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		dst[i] = (uint8_t)(*s >> 24);
	}
}

void
bench_rand_init(struct mip_rand *r, uint64_t *state, uint64_t seed)
{
	*state = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
	r->user_data = state;
	r->fill = rand_fill;
}

struct mip_now
bench_time(mip_tstamp mono)
{
	struct mip_now now;
	/* NTP 32.32: seconds high, 2^-32 s low. */
	uint64_t frac = ((mono % MIP_SEC) << 32) / MIP_SEC;

	now.mono = mono;
	now.ntp = ((BENCH_NTP_EPOCH + mono / MIP_SEC) << 32) + frac;
	return now;
}

int
bench_hmac_init(struct bench_hmac *b)
{
	static const uint8_t key[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
		0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	size_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < sizeof(b->msg); i++)
		b->msg[i] = (uint8_t)(i * 7 + 1);
	return mip_mac_new(
	    &b->mac, MIP_AUTH_HMAC_MD5, key, sizeof(key), &bench_mem);
}

void
bench_hmac_free(struct bench_hmac *b)
{
	mip_mac_free(b->mac);
	b->mac = NULL;
}

double
bench_hmac_rate(struct bench_hmac *b, uint64_t ops)
{
	uint8_t out[MIP_AUTH_MAX_LEN];
	double t0, t1;
	uint64_t i;

	t0 = bench_now();
	for (i = 0; i < ops; i++) {
		/* A new Identification each time, as in real requests. */
		memcpy(&b->msg[16], &i, sizeof(i));
		if (mip_mac_compute(b->mac, b->msg, sizeof(b->msg), out) != 0)
			return -1.0;
	}
	t1 = bench_now();
	return t1 > t0 ? (double)ops / (t1 - t0) : 0.0;
}

int
bench_parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v == 0 ||
	    v > max)
		return -1;
	*out = v;
	return 0;
}

int
bench_parse_prefix(const char *s, uint32_t *addr, uint8_t *plen)
{
	char buf[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct in_addr a;
	unsigned long long p;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1 ||
	    bench_parse_num(slash + 1, 30, &p) != 0 || p < 8)
		return -1;
	*addr = ntohl(a.s_addr);
	*plen = (uint8_t)p;
	return 0;
}
