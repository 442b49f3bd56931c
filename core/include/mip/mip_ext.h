/* SPDX-License-Identifier: ISC */
/*
 * Mobile IP extensions: the rule table, the walker that splits a message's
 * extension area into views, and the generic encoder. Typed decoders for
 * each extension body live with the messages that carry them (mip_reg.h,
 * mip_ro.h, mip_adv.h).
 *
 * Two number spaces exist (RFC 5944 1.8): the registration space (UDP port
 * 434 messages, Route Optimization messages included) and the ICMP Router
 * Discovery space (agent advertisements).
 */
#ifndef MIP_EXT_H
#define MIP_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_buf.h"

/* How an extension's header is laid out. */
enum mip_ext_fmt {
	MIP_EXT_FMT_PAD,   /* type 0: a single octet (RFC 5944 1.8) */
	MIP_EXT_FMT_TLV,   /* Type Length(8) (RFC 5944 1.9, 1.11) */
	MIP_EXT_FMT_LONG,  /* Type Sub-Type Length(16) (RFC 5944 1.10) */
	MIP_EXT_FMT_LEN16, /* Type Length(16): REGKEY-00 5.1 key extensions */
};

enum mip_ext_space {
	MIP_SPACE_REG,	/* messages on UDP port 434 */
	MIP_SPACE_ICMP, /* ICMP Router Discovery (agent advertisements) */
};

/* Message contexts, for struct mip_ext_rule.allowed_in. */
#define MIP_IN_REG_REQ 0x01U
#define MIP_IN_REG_REP 0x02U
#define MIP_IN_BU 0x04U /* Binding Update */
#define MIP_IN_BA 0x08U /* Binding Acknowledge */
#define MIP_IN_ADV 0x10U

/* struct mip_ext_rule.flags and struct mip_ext.flags */
#define MIP_EXT_F_AUTH 0x01U	/* SPI + authenticator; coverage recorded */
#define MIP_EXT_F_RO 0x02U	/* recognised only when profile->ro */
#define MIP_EXT_F_UNKNOWN 0x80U /* not recognised here (type >= 128): skipped */

struct mip_ext_rule {
	const char *name; /* NULL: no such extension */
	uint16_t min_len; /* body length bounds (after the header) */
	uint16_t max_len;
	uint8_t step; /* nonzero: (len - min_len) % step == 0 */
	uint8_t fmt;  /* enum mip_ext_fmt */
	uint8_t allowed_in;
	uint8_t flags;
};

/*
 * Run-time numbering for Route Optimization, whose draft numbers collide
 * with later IANA assignments (spec sheet 2.8). |ro| false makes every RO
 * extension unrecognised, as in a node without Route Optimization.
 */
struct mip_profile {
	bool ro;
	uint8_t bw_type;     /* Binding Warning message type (16) */
	uint8_t br_type;     /* Binding Request (17) */
	uint8_t bu_type;     /* Binding Update (18) */
	uint8_t ba_type;     /* Binding Acknowledge (19) */
	uint8_t bw_ext_type; /* Binding Warning extension, reg. space (16) */
	uint8_t p_mask;	     /* RRQ private bit (0x01); 0 disables */
	uint16_t s_mask;     /* advertisement smooth-handoff bit; 0 = unused */
};

/* RO recognised, draft numbers, P = 0x01, S unused (spec sheet 0.4). */
extern const struct mip_profile mip_profile_default;

/*
 * One parsed extension. |body| points into the message buffer and is valid
 * only while that buffer is.
 */
struct mip_ext {
	const uint8_t *body;
	uint16_t off; /* offset of the Type octet from the message start */
	uint16_t len; /* body length: the octets after the header */
	uint8_t type;
	uint8_t subtype; /* second octet of the long format, else 0 */
	uint8_t fmt;	 /* enum mip_ext_fmt */
	uint8_t flags;	 /* MIP_EXT_F_* */
};

#define MIP_EXTS_MAX 48

/*
 * The extensions of one message, in wire order. When the walker meets an
 * unrecognised extension below 128 (RFC 5944 1.9: the message must be
 * discarded, or the role answers with its reply code), |unknown| is set,
 * |unknown_type| and |unknown_off| name it, and |e| holds what came before.
 */
struct mip_exts {
	struct mip_ext e[MIP_EXTS_MAX];
	uint8_t n;
	bool unknown;
	uint8_t unknown_type;
	uint16_t unknown_off;
};

/*
 * mip_ext_rule_get returns the rule for |type| in |space| under |prof|
 * (NULL means mip_profile_default), or NULL when the type is not
 * recognised there.
 */
const struct mip_ext_rule *mip_ext_rule_get(
    enum mip_ext_space space, uint8_t type, const struct mip_profile *prof);

/* mip_ext_name returns a static name, "unknown" for unrecognised types. */
const char *mip_ext_name(
    enum mip_ext_space space, uint8_t type, const struct mip_profile *prof);

/* Header octets before the body for |fmt|: 1, 2, 3 or 4. */
size_t mip_ext_hdr_len(enum mip_ext_fmt fmt);

/*
 * mip_ext_walk parses |msg|[|start|, |len|) as extensions of a message of
 * context |ctx| (one MIP_IN_* bit) in |space|. Known types are checked
 * against their length bounds and context; types >= 128 not known here are
 * recorded with MIP_EXT_F_UNKNOWN and skipped by their Length (RFC 5944 1.9).
 *
 * Returns 0 on success or one of:
 *   MIP_ERR_UNKNOWN_EXT: an unrecognised type < 128; |out| describes it;
 *   MIP_ERR_SHORT: an extension header or body overruns the message;
 *   MIP_ERR_MALFORMED: a length outside the type's bounds, too many
 *   extensions, or a message longer than 65535 octets.
 * |perr| (may be NULL) receives the offset and reason of a failure.
 */
int mip_ext_walk(struct mip_exts *out, const uint8_t *msg, size_t len,
    size_t start, enum mip_ext_space space, unsigned ctx,
    const struct mip_profile *prof, struct mip_perr *perr);

/*
 * mip_ext_put appends one extension with header format |fmt|. |subtype| is
 * used by the long format only. Returns 0, MIP_ERR_NOBUF, or MIP_ERR_INVAL
 * when |len| does not fit the format's Length field.
 */
int mip_ext_put(struct mip_wbuf *w, enum mip_ext_fmt fmt, uint8_t type,
    uint8_t subtype, const uint8_t *body, size_t len);

/* mip_exts_encode re-emits every extension of |x| verbatim. */
int mip_exts_encode(struct mip_wbuf *w, const struct mip_exts *x);

/* mip_exts_find returns the first extension of |type| at or after index
 * |from|, or NULL. */
const struct mip_ext *mip_exts_find(
    const struct mip_exts *x, uint8_t type, size_t from);

/* mip_exts_equal compares two lists by type, format, subtype and body. */
bool mip_exts_equal(const struct mip_exts *a, const struct mip_exts *b);

/*
 * For an authentication extension (MIP_EXT_F_AUTH): the number of message
 * octets its authenticator covers, from the message start through its own
 * Type, Length (and Sub-Type) and SPI (RFC 5944 3.5.1; RFC 4721 3.2).
 */
static inline size_t
mip_ext_auth_covered(const struct mip_ext *e)
{
	return (size_t)e->off + mip_ext_hdr_len((enum mip_ext_fmt)e->fmt) + 4;
}

#endif
