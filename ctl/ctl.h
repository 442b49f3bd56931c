/* SPDX-License-Identifier: ISC */
/*
 * mipctl's internal interfaces: the subcommands, the security-association
 * table built from --key, the decode-to-JSON dissector shared with
 * fuzz/fuzz_decode.c, and small JSON helpers. Nothing here parses protocol
 * bytes itself: every message goes through the libmip codecs.
 */
#ifndef MIPCTL_CTL_H
#define MIPCTL_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "mip/mip.h"
#include "mip/mip_ext.h"
#include "mip/mip_names.h"
#include "mip/mip_sa.h"

/* Global options, set by main before a subcommand runs. */
struct ctl_opts {
	bool json; /* -j: machine-readable output for every subcommand */
	const char *socket; /* -s: mipd's control socket */
};

/* mipd's default control socket (mipd -s). */
#define CTL_SOCKET_DEFAULT "/run/mipd.sock"

/* One subcommand: |fn| gets argv starting at the subcommand's name. */
struct ctl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv, const struct ctl_opts *opts);
	const char *description;
};

/* Exit statuses. */
#define CTL_EXIT_OK 0
#define CTL_EXIT_FAIL 1	 /* some input was malformed, or I/O failed */
#define CTL_EXIT_USAGE 2 /* bad arguments */

#define CTL_ERR_LEN 512

int cmd_decode(int argc, char **argv, const struct ctl_opts *opts);
int cmd_help(int argc, char **argv, const struct ctl_opts *opts);
int cmd_show(int argc, char **argv, const struct ctl_opts *opts);
/* register, deregister, solicit, reload: argv[0] is the request's "cmd". */
int cmd_node(int argc, char **argv, const struct ctl_opts *opts);
int cmd_flush(int argc, char **argv, const struct ctl_opts *opts);
void ctl_usage(FILE *f);
void decode_usage(FILE *f);

/*
 * pcap_each calls |fn| with every IPv4 packet in the capture |path| and
 * its 1-based frame number; frames of other protocols are skipped. It stops
 * when |fn| returns nonzero. Returns 0, or -1 with a message in |err|.
 */
int pcap_each(const char *path,
    int (*fn)(void *arg, unsigned long frame, const uint8_t *p, size_t len),
    void *arg, char *err, size_t err_len);

/* ---- mipd's control socket (control.c) ---- */

/*
 * ctl_request sends |req| (consumed) to mipd's socket and reads one
 * answer: the parsed object in |*answer| and its text in |*line| (both to
 * be freed). Returns 0, or -1 after printing why (cannot connect, no
 * answer, an answer that is not a JSON object).
 */
int ctl_request(
    const struct ctl_opts *opts, json_t *req, json_t **answer, char **line);

/* ctl_answer_failed prints the error of an {"ok":false} |answer| for
 * command |what| (NULL: the error names it) and returns 1; returns 0 for
 * an ok answer. */
int ctl_answer_failed(const char *what, json_t *answer);

/* ---- aligned text tables (table.c) ---- */

struct table;
/* A table of |ncols| columns, filled row by row; NULL without memory. */
struct table *table_new(size_t ncols);
/* Adds the next cell (copied). Returns 0 or -1 without memory. */
int table_add(struct table *t, const char *cell);
/* Prints each row after |indent|, columns aligned. */
void table_print(FILE *f, const struct table *t, const char *indent);
void table_free(struct table *t);

/* ---- security associations (keys.c) ---- */

/* The SAs given with --key, in a libmip SA table (mip_sa.h). */
struct ctl_keyring {
	struct mip_sa_table *t;
};

/*
 * keyring_add parses |spec| ("PEER:SPI:HEX[:ALG]") and adds it to |kr|,
 * creating the table on first use. Returns 0, or -1 with a static message
 * in |*why|.
 */
int keyring_add(struct ctl_keyring *kr, const char *spec, const char **why);
void keyring_free(struct ctl_keyring *kr);

/*
 * keyring_find returns the SA for |spi|; when several share it, the one
 * whose peer is |pref1|, else |pref2| (either may be NULL), else the
 * first. Returns NULL when no SA has |spi| (or |kr| is NULL).
 */
const struct mip_sa *keyring_find(const struct ctl_keyring *kr, uint32_t spi,
    const struct mip_ip4 *pref1, const struct mip_ip4 *pref2);

/* ---- the dissector (dissect*.c, json_*.c) ---- */

enum dissect_kind {
	DISSECT_UDP,  /* a UDP port-434 payload, from the Type octet */
	DISSECT_ICMP, /* an ICMP message */
	DISSECT_IP,   /* a whole IPv4 packet */
};

#define DISSECT_MAX_DEPTH 4 /* nested tunnels */

struct dissect_opts {
	struct mip_profile prof;
	const struct ctl_keyring *keys;
};

/*
 * dissect decodes |p|[0..|len|) as |kind| into a new JSON object (a message
 * object or an error object; never NULL unless out of memory). |*failed| is
 * set when the object is, or contains, an error object.
 */
json_t *dissect(enum dissect_kind kind, const uint8_t *p, size_t len,
    const struct dissect_opts *o, bool *failed);

/*
 * Per-call state threaded through the printers. |base| is the offset of
 * the buffer being decoded within the original input, so error offsets
 * count from the start of the input.
 */
struct dctx {
	const struct dissect_opts *o;
	size_t base;
	unsigned depth;
	bool have_src;
	struct mip_ip4 src; /* IP source, when known: an SA lookup hint */
	bool failed;
};

/*
 * The printers. Each decodes |p|[0..|len|) through libmip and returns a
 * message object or an error object (never NULL unless out of memory).
 */
json_t *dissect_udp434(struct dctx *c, const uint8_t *p, size_t len);
json_t *dissect_icmp(struct dctx *c, const uint8_t *p, size_t len);
json_t *dissect_ip(struct dctx *c, const uint8_t *p, size_t len);
json_t *json_reg_req(struct dctx *c, const uint8_t *p, size_t len);
json_t *json_reg_rep(struct dctx *c, const uint8_t *p, size_t len);

/* The message an extension list belongs to. */
struct jx_msg {
	const uint8_t *p; /* from the Type octet */
	size_t len;
	const struct mip_ip4 *home_addr; /* SA hint; may be NULL */
	uint8_t rrq_flags;		 /* a Registration Request's flags */
	/* An advertisement's Challenge (mip_adv_decode's view), or NULL. */
	const uint8_t *adv_challenge;
	size_t adv_challenge_len;
};

/*
 * json_exts prints the extension list |x| of message |m| as an array
 * (RFC 5944 1.9), verifying authentication extensions against the keys
 * (SA hint: the home address, then the IP source). Returns the array, or
 * an error object (*|is_err| set) when a typed body is malformed.
 */
json_t *json_exts(struct dctx *c, const struct mip_exts *x,
    enum mip_ext_space space, const struct jx_msg *m, bool *is_err);

/*
 * json_add_exts adds "extensions" to the message object |o|, or, when an
 * extension is malformed, frees |o| and returns the error object carrying
 * |o|'s "message" and "type".
 */
json_t *json_add_exts(struct dctx *c, json_t *o, const struct mip_exts *x,
    const struct jx_msg *m);

json_t *json_tunnel_data(struct dctx *c, const uint8_t *p, size_t len);
json_t *json_bw(struct dctx *c, const uint8_t *p, size_t len);
json_t *json_br(struct dctx *c, const uint8_t *p, size_t len);
json_t *json_bu(struct dctx *c, const uint8_t *p, size_t len);
json_t *json_ba(struct dctx *c, const uint8_t *p, size_t len);

/*
 * json_ro_ext adds the typed fields of a Route Optimization or
 * registration-key extension |e| to |o|. Returns 0, 1 when |e| is not such
 * an extension, or a negative libmip error with |perr| filled in.
 */
int json_ro_ext(struct dctx *c, json_t *o, const struct mip_ext *e,
    const struct jx_msg *m, struct mip_perr *perr);

/*
 * json_msg_error builds the error object of a failed message decode: as
 * jx_error, plus "message" (|kind|, may be NULL), "type" (|type| >= 0)
 * and "ext_type" for MIP_ERR_UNKNOWN_EXT with |x| given.
 */
json_t *json_msg_error(struct dctx *c, int err, const struct mip_perr *perr,
    const char *kind, int type, const struct mip_exts *x);

/* ---- JSON helpers (json_util.c) ---- */

/* ctl_hexval returns the value of hex digit |ch|, or -1. */
int ctl_hexval(int ch);

json_t *jx_hex(const uint8_t *p, size_t n);
json_t *jx_ip4(struct mip_ip4 a);
json_t *jx_ident(uint64_t ident);
json_t *jx_flags(const struct mip_flag_name *tab, unsigned v);
json_t *jx_ip4_array(const uint8_t *p, size_t n);
/* jx_set adds |v| to |o| under |k|, taking ownership; NULL |v| is ignored. */
void jx_set(json_t *o, const char *k, json_t *v);
void jx_set_int(json_t *o, const char *k, long long v);
/*
 * jx_error builds an error object for |err| at |perr| (offset relative to
 * the buffer at |c->base|), and marks |c| failed.
 */
json_t *jx_error(struct dctx *c, int err, const struct mip_perr *perr);

#endif
