/* SPDX-License-Identifier: ISC */
/*
 * Internals of the configuration parser (config*.c): the parser state, the
 * key tables of each section, the value readers, the cross-section checks
 * and the error list. Not for the daemon.
 */
#ifndef MIPD_CONFIG_INT_H
#define MIPD_CONFIG_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"

enum cfg_sect {
	SECT_IF,
	SECT_HA,
	SECT_FA,
	SECT_MN,
	SECT_SA,
	SECT_RO,
	SECT_CN,
	SECT__COUNT,
	SECT_NONE = SECT__COUNT, /* before the first header */
	SECT_SKIP,		 /* inside a bad header: keys ignored */
};

#define CFG_KEYS_MAX 24

/* How a key's value is read (and printed). */
enum cfg_kind {
	KIND_FUNC,    /* |parse| and |print| below */
	KIND_BOOL,    /* bool: yes/no */
	KIND_U8,      /* uint8_t in [min, max], decimal or 0x */
	KIND_U16,     /* uint16_t */
	KIND_U32,     /* uint32_t */
	KIND_SIZE,    /* size_t */
	KIND_SECONDS, /* uint16_t seconds; a time with units */
	KIND_MSEC,    /* uint32_t milliseconds; a time with units */
	KIND_ENCAPS,  /* uint8_t MIP_ENCAPS_* from "ipip,minimal,gre" */
};

struct cfg_parser;

struct cfg_key {
	const char *name;
	enum cfg_kind kind;
	bool repeat; /* may be given more than once */
	size_t off;  /* field offset in the section's struct */
	uint64_t min, max;
	bool (*parse)(struct cfg_parser *p, const char *val);
	void (*print)(FILE *f, const struct config *c, size_t i);
};

struct cfg_section {
	const char *name;
	bool repeat; /* the section may appear more than once */
	const struct cfg_key *keys;
	size_t nkeys;
	const char *required; /* "Name" or "Peer,SPI,Key|KeyFile" */
};

extern const struct cfg_section cfg_sections[SECT__COUNT];

/* A link name waiting to be resolved to an [Interface] at the end. */
struct cfg_link {
	char name[CONFIG_IFNAME_MAX];
	unsigned line;
};

/*
 * A set of 64-bit keys, each with a value, for the checks that would
 * otherwise compare every entry with every other one (duplicate MobileNode
 * lines, SAs by (peer, SPI)): open addressing, at most half full.
 */
struct cfg_index {
	uint64_t *keys;
	size_t *vals; /* SIZE_MAX: empty slot */
	size_t cap, n;
};

/*
 * cfg_index_add records |key| with value |*val| unless it is present, in
 * which case |*val| receives the value recorded first. Returns 1 (added),
 * 0 (present) or -1 (no memory; p->nomem is set).
 */
int cfg_index_add(
    struct cfg_parser *p, struct cfg_index *x, uint64_t key, size_t *val);
/* cfg_index_has tells whether |key| was added to |x|. */
bool cfg_index_has(const struct cfg_index *x, uint64_t key);
void cfg_index_free(struct cfg_index *x);

struct cfg_parser {
	struct config *c;
	struct config_errors *errs;
	const struct config_opts *opts;
	const char *file; /* for messages */
	char *dir;	  /* base of relative KeyFile paths */
	const char *pos;  /* reader cursor; NULL at the end */
	unsigned line;	  /* the line being parsed */
	bool nomem;
	enum cfg_sect sect;
	const char *key; /* canonical name of the key being parsed */
	unsigned sect_line[SECT__COUNT]; /* header of the current/only one */
	/* seen[s][k]: the line key k of section s was given on (0: not) */
	unsigned seen[SECT__COUNT][CFG_KEYS_MAX];
	struct cfg_link ha_link, mn_link;
	struct mip_ip4 ha_net;	      /* Prefix as written */
	struct cfg_link *fa_links;    /* parallel to c->fa_links */
	unsigned *coa_lines;	      /* parallel: line of its CareOfAddress */
	unsigned *ha_mn_lines;	      /* parallel to c->ha_mns */
	struct cfg_index ha_mn_index; /* home address -> index in ha_mns */
	struct cfg_index sa_index;    /* (peer << 32 | spi) -> index in sas */
	unsigned *ro_peer_lines;      /* parallel to c->ro_peers */
	struct cfg_index ro_peer_index; /* address -> index in ro_peers */
	size_t fa_cap, ha_mn_cap, if_cap, sa_cap, ro_peer_cap;
};

/* ---- errors (config.c) ---- */

/*
 * cfg_err records "FILE:LINE: msg" (line 0: "FILE: msg") unless |line|
 * already has a message. Returns false.
 */
bool cfg_err(struct cfg_parser *p, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* cfg_bad records "FILE:LINE: Key: msg" for the current line and key. */
bool cfg_bad(struct cfg_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * cfg_grow makes room for element |n| of the array |*arr| of |size|-octet
 * elements whose capacity is |*cap|, zeroing new room. False: no memory
 * (p->nomem is set).
 */
bool cfg_grow(
    struct cfg_parser *p, void *arr, size_t *cap, size_t n, size_t size);

/* ---- value readers (config_value.c): false after one cfg_bad ---- */

bool cfg_uint(struct cfg_parser *p, const char *s, uint64_t min, uint64_t max,
    uint64_t *out);
/* A time: N with ms, s, m or h (bare: seconds), in milliseconds. */
bool cfg_time_ms(struct cfg_parser *p, const char *s, uint64_t min_ms,
    uint64_t max_ms, uint64_t *out);
bool cfg_bool(struct cfg_parser *p, const char *s, bool *out);
/* 1 for yes/true/on/1, 0 for no/false/off/0, -1 otherwise. */
int cfg_bool_word(const char *s);
bool cfg_ip4(struct cfg_parser *p, const char *s, struct mip_ip4 *out);
/* "A.B.C.D/P" with P in [min_plen, max_plen]. */
bool cfg_prefix(struct cfg_parser *p, const char *s, struct mip_ip4 *addr,
    uint8_t *plen, unsigned min_plen, unsigned max_plen);
bool cfg_hwaddr(struct cfg_parser *p, const char *s, uint8_t *out);
/* Hex digits (blanks and ':' not allowed) into 1..|cap| octets. */
bool cfg_hex(
    struct cfg_parser *p, const char *s, uint8_t *out, size_t cap, size_t *len);
bool cfg_ifname(struct cfg_parser *p, const char *s, char *out);
/*
 * cfg_words splits a list of words separated by ',' or blanks and maps
 * each through |names| (NULL-terminated) to |bits|; |what| names the
 * choices in the message.
 */
bool cfg_words(struct cfg_parser *p, const char *s, const char *const *names,
    const unsigned *bits, const char *what, unsigned *out);
/* The mask of a /|plen| prefix. */
uint32_t cfg_mask(unsigned plen);

/* Value printers shared with config_print. */
void cfg_print_ip4(FILE *f, struct mip_ip4 a);
void cfg_print_ms(FILE *f, uint64_t ms);

/* ---- files the configuration names (config_keyfile.c) ---- */

/*
 * cfg_path returns |val| made absolute against the configuration's
 * directory (malloc'd), or NULL (p->nomem is set).
 */
char *cfg_path(struct cfg_parser *p, const char *val);
/*
 * cfg_read_small reads at most |cap| octets of the regular file |path|
 * into |buf|: their number, or -1 with errno (EINVAL: not a regular file).
 */
ssize_t cfg_read_small(const char *path, char *buf, size_t cap);
/*
 * cfg_rsa_read reads the PEM RSA private key file |val| into |r| (which
 * must be empty). False after one cfg_bad: unreadable, not an RSA private
 * key, encrypted, or a modulus outside 1024-4096 bits.
 */
bool cfg_rsa_read(struct cfg_parser *p, const char *val, struct config_rsa *r);
/* cfg_rsa_free wipes and frees |r|'s keys and path. */
void cfg_rsa_free(struct config_rsa *r);
/* cfg_rsa_equal: the same file and the same keys. */
bool cfg_rsa_equal(const struct config_rsa *a, const struct config_rsa *b);

/* ---- keys and sections (config_keys.c) ---- */

/* cfg_section_begin opens a new instance of section |s| at p->line. */
bool cfg_section_begin(struct cfg_parser *p, enum cfg_sect s);
/* cfg_section_end checks the required keys of the open section. */
void cfg_section_end(struct cfg_parser *p);
/* cfg_defaults sets what a config holds before any line is read. */
void cfg_defaults(struct config *c);

/* ---- whole-file rules (config_finish.c) ---- */

/* cfg_finish resolves links, applies defaults and checks the rules. */
void cfg_finish(struct cfg_parser *p);

#endif
