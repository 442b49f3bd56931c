/* SPDX-License-Identifier: ISC */
/* Test helpers; see helper.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helper.h"

static int
nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t
hex_decode(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex != '\0'; hex++) {
		int v;

		if (isspace((unsigned char)*hex))
			continue;
		v = nibble(*hex);
		if (v < 0)
			fail_msg("bad hex digit '%c'", *hex);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			fail_msg("hex fixture larger than %zu bytes", cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		fail_msg("odd number of hex digits");
	return n;
}

void
hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static void
_fail_msg_at(const char *file, int line, const char *got, const char *want)
{
	print_error("%s:%d: bytes differ\n  got  %s\n  want %s\n", file, line,
	    got, want);
	_fail(file, line);
}

void
hex_assert_equal(
    const uint8_t *p, size_t n, const char *hex, const char *file, int line)
{
	uint8_t want[4096];
	size_t wn = hex_decode(hex, want, sizeof(want));
	char got[2 * 4096 + 1];

	if (n == wn && memcmp(p, want, n) == 0)
		return;
	hex_encode(p, n < 4096 ? n : 4096, got);
	_fail_msg_at(file, line, got, hex);
}

static void *
tm_malloc(size_t size, void *ud)
{
	struct test_mem *tm = ud;
	void *p;

	tm->count++;
	if (tm->fail_at != 0 && tm->count == tm->fail_at)
		return NULL;
	p = malloc(size);
	if (p != NULL)
		tm->live++;
	return p;
}

static void *
tm_calloc(size_t n, size_t size, void *ud)
{
	struct test_mem *tm = ud;
	void *p;

	tm->count++;
	if (tm->fail_at != 0 && tm->count == tm->fail_at)
		return NULL;
	p = calloc(n, size);
	if (p != NULL)
		tm->live++;
	return p;
}

static void
tm_free(void *ptr, void *ud)
{
	struct test_mem *tm = ud;

	if (ptr == NULL)
		return;
	tm->live--;
	free(ptr);
}

void
test_mem_init(struct test_mem *tm, size_t fail_at)
{
	memset(tm, 0, sizeof(*tm));
	tm->fail_at = fail_at;
	tm->mem.user_data = tm;
	tm->mem.malloc = tm_malloc;
	tm->mem.calloc = tm_calloc;
	tm->mem.free = tm_free;
}

uint64_t
test_rand_u64(struct test_rand *tr)
{
	uint64_t z = (tr->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
tr_fill(uint8_t *dst, size_t len, void *ud)
{
	struct test_rand *tr = ud;
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = (uint8_t)test_rand_u64(tr);
}

void
test_rand_init(struct test_rand *tr, uint64_t seed)
{
	tr->state = seed;
	tr->rand.user_data = tr;
	tr->rand.fill = tr_fill;
}

char *
test_read_vector(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", MIP_VECTORS_DIR, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("short read on %s", path);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

struct mip_ip4
test_ip4(const char *dotted)
{
	unsigned a, b, c, d;

	assert_int_equal(sscanf(dotted, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
	assert_true(a < 256 && b < 256 && c < 256 && d < 256);
	return mip_ip4_make((uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d);
}
