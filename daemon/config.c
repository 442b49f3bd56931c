/* SPDX-License-Identifier: ISC */
/*
 * The configuration file's outer layer: reading the file, feeding inih one
 * physical line at a time through a reader that also numbers the lines,
 * catches what inih would reject silently (a header without ']', a line
 * without '=', an over-long line) and opens sections itself (so two
 * [SecurityAssociation] headers in a row are two SAs), the key dispatch
 * with its duplicate check, the error list and the public entry points.
 */
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config_int.h"
#include "mip/mip_err.h"

/* ---- errors ---- */

static bool
has_err(const struct config_errors *e, unsigned line)
{
	size_t i;

	for (i = 0; line != 0 && i < e->n; i++)
		if (e->v[i].line == line)
			return true;
	return false;
}

static bool verr(struct cfg_parser *p, unsigned line, const char *key,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static bool
verr(struct cfg_parser *p, unsigned line, const char *key, const char *fmt,
    va_list ap)
{
	struct config_error *v;
	char msg[512], *full = NULL;
	int n;

	if (has_err(p->errs, line))
		return false;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line == 0)
		n = asprintf(&full, "%s: %s", p->file, msg);
	else if (key != NULL)
		n = asprintf(&full, "%s:%u: %s: %s", p->file, line, key, msg);
	else
		n = asprintf(&full, "%s:%u: %s", p->file, line, msg);
	v = n < 0 ? NULL : realloc(p->errs->v, (p->errs->n + 1) * sizeof(*v));
	if (v == NULL) {
		free(n < 0 ? NULL : full);
		p->nomem = true;
		return false;
	}
	p->errs->v = v;
	v[p->errs->n].line = line;
	v[p->errs->n].msg = full;
	p->errs->n++;
	return false;
}

bool
cfg_err(struct cfg_parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(p, line, NULL, fmt, ap);
	va_end(ap);
	return false;
}

bool
cfg_bad(struct cfg_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(p, p->line, p->key, fmt, ap);
	va_end(ap);
	return false;
}

bool
cfg_grow(struct cfg_parser *p, void *arr, size_t *cap, size_t n, size_t size)
{
	void **a = arr;
	size_t ncap;
	char *v;

	if (n < *cap)
		return true;
	ncap = *cap == 0 ? 4 : *cap * 2;
	if ((v = realloc(*a, ncap * size)) == NULL) {
		p->nomem = true;
		return false;
	}
	memset(v + *cap * size, 0, (ncap - *cap) * size);
	*a = v;
	*cap = ncap;
	return true;
}

/* A 64-bit mix (splitmix64's finaliser): neighbouring keys spread. */
static size_t
index_hash(uint64_t key)
{
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ULL;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebULL;
	key ^= key >> 31;
	return (size_t)key;
}

/* The slot of |key| in |x|, or of the empty slot where it would go. */
static size_t
index_slot(const struct cfg_index *x, uint64_t key)
{
	size_t i = index_hash(key) & (x->cap - 1);

	while (x->vals[i] != SIZE_MAX && x->keys[i] != key)
		i = (i + 1) & (x->cap - 1);
	return i;
}

static bool
index_grow(struct cfg_parser *p, struct cfg_index *x)
{
	struct cfg_index old = *x;
	size_t i, k;

	x->cap = old.cap == 0 ? 64 : old.cap * 2;
	x->keys = malloc(x->cap * sizeof(*x->keys));
	x->vals = malloc(x->cap * sizeof(*x->vals));
	if (x->keys == NULL || x->vals == NULL) {
		free(x->keys);
		free(x->vals);
		*x = old;
		p->nomem = true;
		return false;
	}
	for (i = 0; i < x->cap; i++)
		x->vals[i] = SIZE_MAX;
	for (i = 0; i < old.cap; i++)
		if (old.vals[i] != SIZE_MAX) {
			k = index_slot(x, old.keys[i]);
			x->keys[k] = old.keys[i];
			x->vals[k] = old.vals[i];
		}
	cfg_index_free(&old);
	return true;
}

int
cfg_index_add(
    struct cfg_parser *p, struct cfg_index *x, uint64_t key, size_t *val)
{
	size_t i;

	if ((x->n + 1) * 2 > x->cap && !index_grow(p, x))
		return -1;
	i = index_slot(x, key);
	if (x->vals[i] != SIZE_MAX) {
		*val = x->vals[i];
		return 0;
	}
	x->keys[i] = key;
	x->vals[i] = *val;
	x->n++;
	return 1;
}

bool
cfg_index_has(const struct cfg_index *x, uint64_t key)
{
	return x->cap > 0 && x->vals[index_slot(x, key)] != SIZE_MAX;
}

void
cfg_index_free(struct cfg_index *x)
{
	free(x->keys);
	free(x->vals);
	memset(x, 0, sizeof(*x));
}

static int
err_cmp(const void *a, const void *b)
{
	const struct config_error *x = a, *y = b;
	unsigned lx = x->line == 0 ? UINT32_MAX : x->line;
	unsigned ly = y->line == 0 ? UINT32_MAX : y->line;

	return lx < ly ? -1 : lx > ly;
}

void
config_errors_print(FILE *f, const struct config_errors *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		fprintf(f, "%s\n", errs->v[i].msg);
}

void
config_errors_free(struct config_errors *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		free(errs->v[i].msg);
	free(errs->v);
	errs->v = NULL;
	errs->n = 0;
}

/* ---- the reader inih pulls lines from ---- */

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	    ch == '\f';
}

/* Cuts a comment: '#' or ';' at the start or after a blank. */
static void
cut_comment(char *s)
{
	char *q;

	for (q = s; *q != '\0'; q++)
		if ((*q == '#' || *q == ';') && (q == s || is_blank(q[-1]))) {
			*q = '\0';
			break;
		}
	while (q > s && is_blank(q[-1]))
		*--q = '\0';
}

static enum cfg_sect
sect_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < SECT__COUNT; i++)
		if (strcasecmp(name, cfg_sections[i].name) == 0)
			return (enum cfg_sect)i;
	return SECT_NONE;
}

/* A "[Name]" line: opens the section or reports why not. */
static void
header(struct cfg_parser *p, char *s)
{
	char *end = strchr(s, ']');
	enum cfg_sect sect;

	cfg_section_end(p);
	p->sect = SECT_SKIP;
	if (end == NULL) {
		cfg_err(p, p->line, "expected ']' to close the section name");
		return;
	}
	if (end[1] != '\0') {
		cfg_err(p, p->line, "unexpected text after ']'");
		return;
	}
	*end = '\0';
	sect = sect_lookup(s + 1);
	if (sect == SECT_NONE) {
		cfg_err(p, p->line,
		    "unknown section [%s] (Interface, HomeAgent, "
		    "ForeignAgent, MobileNode, CorrespondentNode, "
		    "SecurityAssociation or RouteOptimization)",
		    s + 1);
		return;
	}
	if (cfg_section_begin(p, sect))
		p->sect = sect;
}

/*
 * inih's reader: the next physical line into |str|. Comments, leading
 * blanks (which inih would take for a continuation), headers and bad
 * lines are dealt with here; inih gets "" for those and "Key = Value"
 * otherwise, so its line count equals ours.
 */
static char *
reader(char *str, int num, void *stream)
{
	struct cfg_parser *p = stream;
	const char *nl, *s = p->pos;
	size_t len, room = num > 1 ? (size_t)num - 1 : 0;
	char *eq;

	if (s == NULL || (*s == '\0' && p->line > 0) || room < 2)
		return NULL;
	nl = strchr(s, '\n');
	len = nl != NULL ? (size_t)(nl - s) : strlen(s);
	p->pos = nl != NULL ? nl + 1 : NULL;
	p->line++;
	if (p->line == 1 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3; /* UTF-8 byte order mark */
		len -= 3;
	}
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	str[0] = '\0';
	if (len >= room) {
		cfg_err(p, p->line, "line too long (more than %zu characters)",
		    room - 1);
		return str;
	}
	memcpy(str, s, len);
	str[len] = '\0';
	cut_comment(str);
	if (str[0] == '\0')
		return str;
	if (str[0] == '[') {
		header(p, str);
		str[0] = '\0';
		return str;
	}
	eq = strchr(str, '=');
	if (eq == NULL || eq == str || strcspn(str, ":") < (size_t)(eq - str)) {
		cfg_err(p, p->line, "expected 'Key = Value'");
		str[0] = '\0';
	}
	return str;
}

/* ---- keys ---- */

static bool
set_generic(
    struct cfg_parser *p, const struct cfg_key *k, void *base, const char *val)
{
	char *field = (char *)base + k->off;
	uint64_t n;
	unsigned bits;
	static const char *const encaps[] = { "ipip", "minimal", "gre", NULL };
	static const unsigned encaps_bits[] = { 0, MIP_ENCAPS_MINIMAL,
		MIP_ENCAPS_GRE };

	switch (k->kind) {
	case KIND_BOOL:
		return cfg_bool(p, val, (bool *)(void *)field);
	case KIND_U8:
		if (!cfg_uint(p, val, k->min, k->max, &n))
			return false;
		*(uint8_t *)field = (uint8_t)n;
		return true;
	case KIND_U16:
		if (!cfg_uint(p, val, k->min, k->max, &n))
			return false;
		memcpy(field, &(uint16_t){ (uint16_t)n }, sizeof(uint16_t));
		return true;
	case KIND_U32:
		if (!cfg_uint(p, val, k->min, k->max, &n))
			return false;
		memcpy(field, &(uint32_t){ (uint32_t)n }, sizeof(uint32_t));
		return true;
	case KIND_SIZE:
		if (!cfg_uint(p, val, k->min, k->max, &n))
			return false;
		memcpy(field, &(size_t){ (size_t)n }, sizeof(size_t));
		return true;
	case KIND_SECONDS:
		if (!cfg_time_ms(p, val, k->min * 1000, k->max * 1000, &n))
			return false;
		if (n % 1000 != 0)
			return cfg_bad(p, "expected whole seconds");
		memcpy(field, &(uint16_t){ (uint16_t)(n / 1000) },
		    sizeof(uint16_t));
		return true;
	case KIND_MSEC:
		if (!cfg_time_ms(p, val, k->min, k->max, &n))
			return false;
		memcpy(field, &(uint32_t){ (uint32_t)n }, sizeof(uint32_t));
		return true;
	case KIND_ENCAPS:
		if (!cfg_words(p, val, encaps, encaps_bits,
			"ipip, minimal or gre", &bits))
			return false;
		*(uint8_t *)field = (uint8_t)bits;
		return true;
	case KIND_FUNC:
		break;
	}
	return k->parse(p, val);
}

/* The struct the generic keys of the open section write into. */
static void *
sect_base(struct cfg_parser *p)
{
	struct config *c = p->c;

	switch (p->sect) {
	case SECT_IF:
		return &c->ifs[c->nifs - 1];
	case SECT_HA:
		return &c->ha;
	case SECT_FA:
		return &c->fa;
	case SECT_MN:
		return &c->mn;
	case SECT_SA:
		return &c->sas[c->nsas - 1];
	case SECT_RO:
		return c; /* the profile and the home agent's RO settings */
	case SECT_CN:
		return &c->cn;
	case SECT__COUNT:
	case SECT_SKIP:
		break;
	}
	return NULL;
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct cfg_parser *p = user;
	const struct cfg_section *s;
	const struct cfg_key *k = NULL;
	size_t i;

	(void)section;
	if (p->sect == SECT_SKIP)
		return 1;
	if (p->sect == SECT_NONE) {
		cfg_err(p, p->line, "%s: outside of any section", name);
		return 1;
	}
	s = &cfg_sections[p->sect];
	for (i = 0; i < s->nkeys && k == NULL; i++)
		if (strcasecmp(name, s->keys[i].name) == 0)
			k = &s->keys[i];
	if (k == NULL) {
		cfg_err(p, p->line, "%s: unknown key in [%s]", name, s->name);
		return 1;
	}
	i = (size_t)(k - s->keys);
	p->key = k->name;
	if (p->seen[p->sect][i] != 0 && !k->repeat) {
		cfg_bad(
		    p, "given twice (first on line %u)", p->seen[p->sect][i]);
		return 1;
	}
	if (value[0] == '\0')
		cfg_bad(p, "expected a value");
	else
		set_generic(p, k, sect_base(p), value);
	/* Given, even if wrong: no second "missing" message for it. */
	p->seen[p->sect][i] = p->line;
	return 1;
}

/* ---- entry points ---- */

static char *
dir_of(const char *name)
{
	char *copy = strdup(name), *d;

	if (copy == NULL)
		return NULL;
	d = strdup(dirname(copy));
	free(copy);
	return d;
}

static int
parse(struct cfg_parser *p, const char *text, struct config **out)
{
	struct config *c = p->c;

	p->pos = text;
	p->sect = SECT_NONE;
	cfg_defaults(c);
	ini_parse_stream(reader, p, handler, p);
	cfg_section_end(p);
	if (!p->nomem && p->errs->n == 0)
		cfg_finish(p);
	free(p->fa_links);
	free(p->coa_lines);
	free(p->ha_mn_lines);
	free(p->ro_peer_lines);
	cfg_index_free(&p->ha_mn_index);
	cfg_index_free(&p->ro_peer_index);
	cfg_index_free(&p->sa_index);
	free(p->dir);
	if (p->nomem || p->errs->n > 0) {
		config_free(c);
		qsort(p->errs->v, p->errs->n, sizeof(*p->errs->v), err_cmp);
		return p->nomem ? MIP_ERR_NOMEM : MIP_ERR_INVAL;
	}
	*out = c;
	return 0;
}

static int
start(struct cfg_parser *p, const char *name, const struct config_opts *opts,
    struct config **out, struct config_errors *errs)
{
	static const struct config_opts none;

	*out = NULL;
	errs->v = NULL;
	errs->n = 0;
	memset(p, 0, sizeof(*p));
	p->errs = errs;
	p->opts = opts != NULL ? opts : &none;
	p->file = name;
	p->dir = dir_of(name);
	p->c = calloc(1, sizeof(*p->c));
	if (p->dir == NULL || p->c == NULL) {
		free(p->dir);
		free(p->c);
		return MIP_ERR_NOMEM;
	}
	return 0;
}

int
config_parse_string(const char *text, const char *name,
    const struct config_opts *opts, struct config **out,
    struct config_errors *errs)
{
	struct cfg_parser p;
	int rc;

	if ((rc = start(&p, name, opts, out, errs)) != 0)
		return rc;
	return parse(&p, text, out);
}

/* Reads |path| whole; NULL after recording why. */
static char *
slurp(struct cfg_parser *p, const char *path)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *buf = NULL, *v;
	size_t n = 0, cap;
	const char *why = NULL;

	if (f == NULL) {
		cfg_err(p, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	/* Sized by the file when it says, grown when it does not (a pipe). */
	cap = fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
		(uint64_t)st.st_size <= CONFIG_FILE_MAX
	    ? (size_t)st.st_size + 1
	    : 65536;
	for (;;) {
		if ((v = realloc(buf, cap + 1)) == NULL) {
			p->nomem = true;
			break;
		}
		buf = v;
		n += fread(buf + n, 1, cap - n, f);
		if (ferror(f))
			why = "read error";
		else if (n > CONFIG_FILE_MAX)
			why = "file too large";
		else if (n == cap) {
			cap = cap * 2 > CONFIG_FILE_MAX + 1
			    ? CONFIG_FILE_MAX + 1
			    : cap * 2;
			continue;
		} else if (memchr(buf, '\0', n) != NULL)
			why = "file contains a NUL byte";
		break;
	}
	fclose(f);
	if (why != NULL)
		cfg_err(p, 0, "%s", why);
	if (why != NULL || p->nomem) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

int
config_parse_file(const char *path, const struct config_opts *opts,
    struct config **out, struct config_errors *errs)
{
	struct cfg_parser p;
	char *text;
	int rc;

	if ((rc = start(&p, path, opts, out, errs)) != 0)
		return rc;
	if ((text = slurp(&p, path)) == NULL) {
		free(p.dir);
		free(p.c);
		return p.nomem ? MIP_ERR_NOMEM : MIP_ERR_INVAL;
	}
	rc = parse(&p, text, out);
	/* The text holds any Key and MasterKey given inline. */
	explicit_bzero(text, strlen(text));
	free(text);
	return rc;
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nsas; i++) {
		explicit_bzero(c->sas[i].key, sizeof(c->sas[i].key));
		explicit_bzero(
		    c->sameta[i].master_key, sizeof(c->sameta[i].master_key));
		free(c->sameta[i].keyfile);
	}
	free(c->ifs);
	free(c->ifmeta);
	free(c->sas);
	free(c->sameta);
	free(c->ha_mns);
	free(c->ro_peers);
	free(c->fa_links);
	cfg_rsa_free(&c->mn_rsa);
	cfg_rsa_free(&c->fa_rsa);
	free(c);
}
