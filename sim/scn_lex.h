/* SPDX-License-Identifier: ISC */
/*
 * The scenario parser's lexical layer (internal to sim_script*.c): a line
 * split into tokens, "key=value" options, and the value readers (times,
 * addresses, prefixes, hex keys, hardware addresses, counts, fractions),
 * each strict about its whole token and failing with a message in the
 * parser's error slot.
 */
#ifndef SCN_LEX_H
#define SCN_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_script.h"

#define SCN_MAX_TOKENS 40

/* One line being parsed. */
struct scn_line {
	char buf[SCN_MAX_LINE + 1];
	char *tok[SCN_MAX_TOKENS];
	size_t ntok;
	unsigned lineno;
	struct scn_err *err; /* may be NULL */
	const char *file;
};

/*
 * scn_fail formats "msg" into the error slot for the current line and
 * returns MIP_ERR_MALFORMED.
 */
int scn_fail(struct scn_line *ln, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* scn_split tokenises ln->buf (comments removed); fails on too many. */
int scn_split(struct scn_line *ln);

/*
 * scn_opt splits "key=value" in place: returns true and sets |*val| when
 * |tok| has an '=', otherwise |*val| is NULL (a bare word).
 */
bool scn_opt(char *tok, char **val);

/* Readers: 0 on success, else scn_fail naming |what| and the token. */
int scn_read_u64(struct scn_line *ln, const char *what, const char *s,
    uint64_t max, uint64_t *out);
int scn_read_time(
    struct scn_line *ln, const char *what, const char *s, mip_duration *out);
int scn_read_stime(
    struct scn_line *ln, const char *what, const char *s, int64_t *out);
int scn_read_ip4(
    struct scn_line *ln, const char *what, const char *s, struct mip_ip4 *out);
int scn_read_prefix(struct scn_line *ln, const char *what, const char *s,
    struct mip_ip4 *addr, uint8_t *plen, bool allow_default);
int scn_read_hex(struct scn_line *ln, const char *what, const char *s,
    uint8_t *out, size_t cap, size_t *len);
int scn_read_hwaddr(struct scn_line *ln, const char *what, const char *s,
    uint8_t out[MIP_HWADDR_LEN]);
/* A fraction "0.25" or "25%" in parts per million (at most 1000000). */
int scn_read_ppm(
    struct scn_line *ln, const char *what, const char *s, uint32_t *out);
/* A name: 1..SCN_NAME_MAX-1 of [A-Za-z0-9_.-], starting with a letter. */
int scn_read_name(struct scn_line *ln, const char *what, const char *s,
    char out[SCN_NAME_MAX]);

/* The position of |word| in the NULL-terminated |table|, or -1. */
int scn_lookup(const char *const *table, const char *word);

#endif
