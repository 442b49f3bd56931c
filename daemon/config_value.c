/* SPDX-License-Identifier: ISC */
/*
 * Value readers of the configuration file: numbers, times, booleans,
 * addresses, prefixes, hardware addresses, hex keys, interface names and
 * word lists. Each is strict about the whole value and, on failure, records
 * exactly one message naming the key (cfg_bad) and returns false.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "config_int.h"

uint32_t
cfg_mask(unsigned plen)
{
	return plen == 0 ? 0 : (uint32_t)(0xffffffffU << (32 - plen));
}

/* Decimal digits (or 0x and hex digits) into |*out|; false on overflow. */
static bool
read_num(const char **sp, uint64_t *out)
{
	const char *s = *sp;
	unsigned base = 10;
	uint64_t n = 0;
	bool any = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; isxdigit((unsigned char)*s); s++) {
		unsigned d = isdigit((unsigned char)*s)
		    ? (unsigned)(*s - '0')
		    : (unsigned)(tolower((unsigned char)*s) - 'a' + 10);

		if (d >= base)
			break;
		if (n > (UINT64_MAX - d) / base)
			return false;
		n = n * base + d;
		any = true;
	}
	*sp = s;
	*out = n;
	return any;
}

bool
cfg_uint(struct cfg_parser *p, const char *s, uint64_t min, uint64_t max,
    uint64_t *out)
{
	const char *e = s;

	if (!read_num(&e, out) || *e != '\0')
		return cfg_bad(p, "expected a number, got '%s'", s);
	if (*out < min || *out > max)
		return cfg_bad(p, "%s is out of range (%llu-%llu)", s,
		    (unsigned long long)min, (unsigned long long)max);
	return true;
}

bool
cfg_time_ms(struct cfg_parser *p, const char *s, uint64_t min_ms,
    uint64_t max_ms, uint64_t *out)
{
	static const struct {
		const char *unit;
		uint64_t ms;
	} units[] = { { "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
		{ "h", 3600000 } };
	const char *e = s;
	uint64_t n;
	size_t i;

	if (!isdigit((unsigned char)*s) || (s[0] == '0' && s[1] == 'x') ||
	    !read_num(&e, &n))
		return cfg_bad(p,
		    "expected a time (e.g. 250ms, 3s, 10m), "
		    "got '%s'",
		    s);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(e, units[i].unit) == 0)
			break;
	if (i == sizeof(units) / sizeof(units[0]))
		return cfg_bad(
		    p, "unknown unit '%s' (ms, s, m or h; none: seconds)", e);
	if (n > UINT64_MAX / units[i].ms || n * units[i].ms < min_ms ||
	    n * units[i].ms > max_ms) {
		char lo[32], hi[32];

		/* Print the bounds in the units the key counts in. */
		if (max_ms % 1000 == 0 && min_ms % 1000 == 0) {
			snprintf(lo, sizeof(lo), "%llus",
			    (unsigned long long)(min_ms / 1000));
			snprintf(hi, sizeof(hi), "%llus",
			    (unsigned long long)(max_ms / 1000));
		} else {
			snprintf(lo, sizeof(lo), "%llums",
			    (unsigned long long)min_ms);
			snprintf(hi, sizeof(hi), "%llums",
			    (unsigned long long)max_ms);
		}
		return cfg_bad(p, "%s is out of range (%s-%s)", s, lo, hi);
	}
	*out = n * units[i].ms;
	return true;
}

int
cfg_bool_word(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

bool
cfg_bool(struct cfg_parser *p, const char *s, bool *out)
{
	int b = cfg_bool_word(s);

	if (b < 0)
		return cfg_bad(p, "expected yes or no, got '%s'", s);
	*out = b == 1;
	return true;
}

bool
cfg_ip4(struct cfg_parser *p, const char *s, struct mip_ip4 *out)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return cfg_bad(p, "expected an IPv4 address, got '%s'", s);
	out->v = ntohl(in.s_addr);
	return true;
}

bool
cfg_prefix(struct cfg_parser *p, const char *s, struct mip_ip4 *addr,
    uint8_t *plen, unsigned min_plen, unsigned max_plen)
{
	const char *slash = strchr(s, '/'), *e;
	char a[INET_ADDRSTRLEN];
	uint64_t n;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(a))
		return cfg_bad(p, "expected ADDRESS/LENGTH, got '%s'", s);
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = '\0';
	if (!cfg_ip4(p, a, addr))
		return false;
	e = slash + 1;
	if (!isdigit((unsigned char)*e) || (e[0] == '0' && e[1] != '\0') ||
	    !read_num(&e, &n) || *e != '\0')
		return cfg_bad(p,
		    "expected a prefix length after '/', got '%s'", slash + 1);
	if (n < min_plen || n > max_plen)
		return cfg_bad(p, "prefix length %llu is out of range (%u-%u)",
		    (unsigned long long)n, min_plen, max_plen);
	*plen = (uint8_t)n;
	return true;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool
cfg_hwaddr(struct cfg_parser *p, const char *s, uint8_t *out)
{
	size_t i;

	for (i = 0; i < MIP_HWADDR_LEN; i++) {
		const char *q = s + i * 3;
		int hi = hexval(q[0]), lo = hi < 0 ? -1 : hexval(q[1]);
		char sep = lo < 0 ? 'x' : q[2];

		if (lo < 0 || sep != (i + 1 == MIP_HWADDR_LEN ? '\0' : ':'))
			return cfg_bad(p,
			    "expected six hex pairs like "
			    "02:00:00:00:01:01, got '%s'",
			    s);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

bool
cfg_hex(
    struct cfg_parser *p, const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return cfg_bad(p,
			    "'%c' at position %zu is not a hex digit",
			    isprint((unsigned char)s[i]) ? s[i] : '?', i + 1);
	if (n % 2 != 0)
		return cfg_bad(p, "expected an even number of hex digits");
	if (n / 2 > cap)
		return cfg_bad(
		    p, "%zu octets is longer than the maximum %zu", n / 2, cap);
	for (i = 0; i < n / 2; i++)
		out[i] =
		    (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	*len = n / 2;
	return true;
}

bool
cfg_ifname(struct cfg_parser *p, const char *s, char *out)
{
	size_t n = strlen(s), i;

	if (n >= CONFIG_IFNAME_MAX)
		return cfg_bad(p, "interface name longer than %d characters",
		    CONFIG_IFNAME_MAX - 1);
	/* Linux dev_valid_name: no '/', ':' or blanks; not "." or "..". */
	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == ':' || !isgraph((unsigned char)s[i]))
			return cfg_bad(
			    p, "'%s' is not a valid interface name", s);
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return cfg_bad(p, "'%s' is not a valid interface name", s);
	memcpy(out, s, n + 1);
	return true;
}

bool
cfg_words(struct cfg_parser *p, const char *s, const char *const *names,
    const unsigned *bits, const char *what, unsigned *out)
{
	const char *q = s;

	*out = 0;
	while (*q != '\0') {
		size_t n = strcspn(q, ", \t"), i;

		for (i = 0; n > 0 && names[i] != NULL; i++)
			if (strlen(names[i]) == n &&
			    strncasecmp(q, names[i], n) == 0)
				break;
		if (n == 0 || names[i] == NULL)
			return cfg_bad(p, "'%.*s' is not %s", (int)n, q, what);
		*out |= bits[i];
		q += n;
		q += strspn(q, ", \t");
	}
	return true;
}

void
cfg_print_ip4(FILE *f, struct mip_ip4 a)
{
	fprintf(f, "%u.%u.%u.%u", a.v >> 24, (a.v >> 16) & 0xffU,
	    (a.v >> 8) & 0xffU, a.v & 0xffU);
}

void
cfg_print_ms(FILE *f, uint64_t ms)
{
	if (ms % 1000 == 0)
		fprintf(f, "%llus", (unsigned long long)(ms / 1000));
	else
		fprintf(f, "%llums", (unsigned long long)ms);
}
