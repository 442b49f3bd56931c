/* SPDX-License-Identifier: ISC */
/*
 * The scenario parser's lexical layer: tokens, options and value readers
 * (scn_lex.h). Every reader consumes its whole token or fails with
 * a message naming the field and quoting the text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scn_lex.h"

int
scn_fail(struct scn_line *ln, const char *fmt, ...)
{
	va_list ap;

	if (ln->err != NULL) {
		snprintf(ln->err->file, sizeof(ln->err->file), "%s", ln->file);
		ln->err->line = ln->lineno;
		va_start(ap, fmt);
		vsnprintf(ln->err->msg, sizeof(ln->err->msg), fmt, ap);
		va_end(ap);
	}
	return MIP_ERR_MALFORMED;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int
scn_split(struct scn_line *ln)
{
	char *p = ln->buf;
	char *hash = strchr(p, '#');

	if (hash != NULL)
		*hash = '\0';
	ln->ntok = 0;
	for (;;) {
		while (is_space(*p))
			p++;
		if (*p == '\0')
			return 0;
		if (ln->ntok == SCN_MAX_TOKENS)
			return scn_fail(
			    ln, "too many words (at most %d)", SCN_MAX_TOKENS);
		ln->tok[ln->ntok++] = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
}

bool
scn_opt(char *tok, char **val)
{
	char *eq = strchr(tok, '=');

	if (eq == NULL) {
		*val = NULL;
		return false;
	}
	*eq = '\0';
	*val = eq + 1;
	return true;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
scn_read_u64(struct scn_line *ln, const char *what, const char *s, uint64_t max,
    uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0')
		return scn_fail(ln, "%s: expected a number, got '%s'", what, s);
	for (; *p != '\0'; p++) {
		int d =
		    base == 16 ? hexval(*p) : (is_digit(*p) ? *p - '0' : -1);

		if (d < 0)
			return scn_fail(
			    ln, "%s: '%s' is not a number", what, s);
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return scn_fail(ln, "%s: '%s' is too large", what, s);
		v = v * base + (uint64_t)d;
	}
	if (v > max)
		return scn_fail(ln, "%s: %s is above the maximum %llu", what, s,
		    (unsigned long long)max);
	*out = v;
	return 0;
}

/* Unit suffixes of a time and their size in nanoseconds. */
static const struct {
	const char *suffix;
	uint64_t ns;
} time_units[] = {
	{ "ns", 1 },
	{ "us", 1000ULL },
	{ "ms", 1000000ULL },
	{ "s", 1000000000ULL },
	{ "m", 60000000000ULL },
	{ "h", 3600000000000ULL },
};

int
scn_read_time(
    struct scn_line *ln, const char *what, const char *s, mip_duration *out)
{
	uint64_t whole = 0, frac = 0, scale = 1, unit = 0;
	const char *p = s;
	size_t i;

	if (!is_digit(*p))
		return scn_fail(ln,
		    "%s: expected a time like 30s or 250ms, "
		    "got '%s'",
		    what, s);
	for (; is_digit(*p); p++) {
		if (whole > 100000000ULL)
			return scn_fail(ln, "%s: '%s' is too large", what, s);
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return scn_fail(
			    ln, "%s: digits must follow '.' in '%s'", what, s);
		for (; is_digit(*p); p++) {
			if (scale >= 1000000000ULL)
				return scn_fail(ln,
				    "%s: at most 9 decimals in '%s'", what, s);
			frac = frac * 10 + (uint64_t)(*p - '0');
			scale *= 10;
		}
	}
	if (*p == '\0')
		unit = MIP_SEC; /* a bare number is seconds */
	for (i = 0; unit == 0 && i < sizeof(time_units) / sizeof(time_units[0]);
	     i++)
		if (strcmp(p, time_units[i].suffix) == 0)
			unit = time_units[i].ns;
	if (unit == 0)
		return scn_fail(ln,
		    "%s: unknown time unit '%s' in '%s' (ns, us, ms, s, m, h)",
		    what, p, s);
	if (whole > SCN_MAX_TIME / unit)
		return scn_fail(ln, "%s: '%s' is too large", what, s);
	frac *= 1000000000ULL / scale; /* now in units of 1e-9 */
	if (unit >= 1000000000ULL)
		frac *= unit / 1000000000ULL;
	else
		frac = frac * unit / 1000000000ULL;
	*out = whole * unit + frac;
	if (*out > SCN_MAX_TIME)
		return scn_fail(ln, "%s: '%s' is too large", what, s);
	return 0;
}

int
scn_read_stime(
    struct scn_line *ln, const char *what, const char *s, int64_t *out)
{
	mip_duration d;
	bool neg = s[0] == '-';
	int rc;

	if ((rc = scn_read_time(
		 ln, what, s + (s[0] == '-' || s[0] == '+'), &d)) != 0)
		return rc;
	*out = neg ? -(int64_t)d : (int64_t)d;
	return 0;
}

int
scn_read_ip4(
    struct scn_line *ln, const char *what, const char *s, struct mip_ip4 *out)
{
	uint32_t v = 0;
	const char *p = s;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned n = 0, digits = 0;

		for (; is_digit(*p) && digits < 4; p++, digits++)
			n = n * 10 + (unsigned)(*p - '0');
		if (digits == 0 || digits > 3 || n > 255 ||
		    (digits > 1 && p[-(int)digits] == '0'))
			return scn_fail(
			    ln, "%s: '%s' is not an IPv4 address", what, s);
		v = (v << 8) | n;
		if (part < 3 && *p++ != '.')
			return scn_fail(
			    ln, "%s: '%s' is not an IPv4 address", what, s);
	}
	if (*p != '\0')
		return scn_fail(ln, "%s: '%s' is not an IPv4 address", what, s);
	out->v = v;
	return 0;
}

int
scn_read_prefix(struct scn_line *ln, const char *what, const char *s,
    struct mip_ip4 *addr, uint8_t *plen, bool allow_default)
{
	char tmp[32];
	const char *slash = strchr(s, '/');
	size_t alen;
	uint64_t n;
	int rc;

	if (allow_default && strcmp(s, "default") == 0) {
		addr->v = 0;
		*plen = 0;
		return 0;
	}
	if (slash == NULL)
		return scn_fail(
		    ln, "%s: expected ADDRESS/LENGTH, got '%s'", what, s);
	alen = (size_t)(slash - s);
	if (alen >= sizeof(tmp))
		return scn_fail(ln, "%s: '%s' is not a prefix", what, s);
	memcpy(tmp, s, alen);
	tmp[alen] = '\0';
	if ((rc = scn_read_ip4(ln, what, tmp, addr)) != 0)
		return rc;
	if ((rc = scn_read_u64(ln, what, slash + 1, 32, &n)) != 0)
		return rc;
	*plen = (uint8_t)n;
	return 0;
}

int
scn_read_hex(struct scn_line *ln, const char *what, const char *s, uint8_t *out,
    size_t cap, size_t *len)
{
	size_t n = strlen(s), i;

	if (n == 0 || n % 2 != 0)
		return scn_fail(ln,
		    "%s: expected an even number of hex "
		    "digits, got '%s'",
		    what, s);
	if (n / 2 > cap)
		return scn_fail(ln, "%s: longer than %zu octets", what, cap);
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return scn_fail(ln, "%s: '%c%c' is not hex", what,
			    s[2 * i], s[2 * i + 1]);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

int
scn_read_hwaddr(struct scn_line *ln, const char *what, const char *s,
    uint8_t out[MIP_HWADDR_LEN])
{
	size_t i;

	if (strlen(s) != 3 * MIP_HWADDR_LEN - 1)
		goto bad;
	for (i = 0; i < MIP_HWADDR_LEN; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 ||
		    (i + 1 < MIP_HWADDR_LEN && s[3 * i + 2] != ':'))
			goto bad;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
bad:
	return scn_fail(ln,
	    "%s: '%s' is not a hardware address like "
	    "02:00:00:00:01:01",
	    what, s);
}

int
scn_read_ppm(
    struct scn_line *ln, const char *what, const char *s, uint32_t *out)
{
	uint64_t whole = 0, frac = 0, scale = 1, ppm;
	const char *p = s;
	bool pct;

	if (!is_digit(*p))
		goto bad;
	for (; is_digit(*p); p++) {
		if (whole > 1000)
			goto bad;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			goto bad;
		for (; is_digit(*p); p++) {
			if (scale >= 1000000ULL)
				return scn_fail(ln,
				    "%s: at most 6 decimals in '%s'", what, s);
			frac = frac * 10 + (uint64_t)(*p - '0');
			scale *= 10;
		}
	}
	pct = *p == '%';
	if (*p != '\0' && !(pct && p[1] == '\0'))
		goto bad;
	ppm = whole * 1000000ULL + frac * 1000000ULL / scale;
	if (pct)
		ppm /= 100;
	if (ppm > 1000000ULL)
		return scn_fail(ln, "%s: '%s' is more than 1", what, s);
	*out = (uint32_t)ppm;
	return 0;
bad:
	return scn_fail(
	    ln, "%s: expected a fraction like 0.25 or 25%%, got '%s'", what, s);
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    is_digit(c) || c == '_' || c == '-' || c == '.';
}

int
scn_read_name(struct scn_line *ln, const char *what, const char *s,
    char out[SCN_NAME_MAX])
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= SCN_NAME_MAX)
		return scn_fail(ln, "%s: a name has 1 to %d characters", what,
		    SCN_NAME_MAX - 1);
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return scn_fail(
		    ln, "%s: name '%s' must start with a letter", what, s);
	for (i = 0; i < n; i++)
		if (!is_name_char(s[i]))
			return scn_fail(ln,
			    "%s: name '%s' may hold only letters, digits, "
			    "'_', '-' and '.'",
			    what, s);
	memcpy(out, s, n + 1);
	return 0;
}

int
scn_lookup(const char *const *table, const char *word)
{
	int i;

	for (i = 0; table[i] != NULL; i++)
		if (strcmp(table[i], word) == 0)
			return i;
	return -1;
}
