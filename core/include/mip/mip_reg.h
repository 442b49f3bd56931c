/* SPDX-License-Identifier: ISC */
/*
 * Registration messages on UDP port 434: the Registration Request and
 * Reply codecs (RFC 5944 3.3, 3.4), the message-type dispatcher, and typed
 * views of the base extension bodies that registration carries
 * (authentication, NAI, challenge, delivery style, UDP tunnelling, message
 * string, vendor-specific). Route Optimization messages and extensions
 * live in mip_ro.h.
 *
 * Parsed views keep pointers into the buffer they were decoded from and
 * are valid only while that buffer is.
 */
#ifndef MIP_REG_H
#define MIP_REG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_buf.h"
#include "mip_ext.h"

/* What a UDP port 434 payload is, judged by its first octet. */
enum mip_msg_kind {
	MIP_MSG_KIND_UNKNOWN = 0,
	MIP_MSG_KIND_REG_REQ,	  /* RFC 5944 3.3 */
	MIP_MSG_KIND_REG_REP,	  /* RFC 5944 3.4 */
	MIP_MSG_KIND_TUNNEL_DATA, /* RFC 3519 3.3 */
	MIP_MSG_KIND_BIND_WARN,	  /* optim-07 4.1 */
	MIP_MSG_KIND_BIND_REQ,	  /* optim-07 4.2 */
	MIP_MSG_KIND_BIND_UPDATE, /* optim-07 4.3 */
	MIP_MSG_KIND_BIND_ACK,	  /* optim-07 4.4 */
};

/*
 * mip_msg_kind classifies |buf| by its Type octet. The Route Optimization
 * kinds use the profile's type numbers and exist only when |prof|->ro
 * (NULL means mip_profile_default). The base types 1, 3 and 4 win over a
 * profile that renumbers a Route Optimization message onto them. Returns
 * MIP_MSG_KIND_UNKNOWN for an empty buffer or an unknown type; nothing
 * but the first octet is read.
 */
enum mip_msg_kind mip_msg_kind(
    const uint8_t *buf, size_t len, const struct mip_profile *prof);

/*
 * Registration Request (RFC 5944 3.3). |flags| holds S B D M G r T x
 * (MIP_RRQ_F_*) as received: reserved bits are kept, not rejected, so the
 * roles can answer 70 or 134 (RFC 5944 3.7.2.1, 3.8.2.3); see
 * mip_reg_req_reserved(). |exts| points into the decoded buffer.
 */
struct mip_reg_req {
	uint8_t flags;
	uint16_t lifetime;
	struct mip_ip4 home_addr;
	struct mip_ip4 ha_addr;
	struct mip_ip4 coa;
	uint64_t ident;
	struct mip_exts exts;
};

/* Registration Reply (RFC 5944 3.4). |exts| points into the buffer. */
struct mip_reg_rep {
	uint8_t code;
	uint16_t lifetime;
	struct mip_ip4 home_addr;
	struct mip_ip4 ha_addr;
	uint64_t ident;
	struct mip_exts exts;
};

/*
 * mip_reg_req_decode parses a Registration Request and walks its
 * extensions (MIP_SPACE_REG, MIP_IN_REG_REQ) under |prof| (NULL: default).
 * Returns 0 or:
 *   MIP_ERR_SHORT: shorter than the 24-octet fixed part, or an extension
 *   overruns the message;
 *   MIP_ERR_MALFORMED: Type is not 1, an extension length is out of
 *   bounds, too many extensions;
 *   MIP_ERR_UNKNOWN_EXT: an unrecognised extension below 128. The fixed
 *   part is still filled in (the role answers with its reply code, RFC
 *   5944 3.7.2.1, 3.8.2.3) and |dst->exts| names the extension.
 * Whenever the fixed part was long enough it is filled in, whatever the
 * result. |perr| (may be NULL) receives the offset and reason.
 */
int mip_reg_req_decode(struct mip_reg_req *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/*
 * mip_reg_req_encode writes the fixed part, then every extension of
 * |src->exts| verbatim. Returns the octet count, MIP_ERR_NOBUF, or
 * MIP_ERR_INVAL when an extension body does not fit its Length field.
 */
mip_ssize mip_reg_req_encode(
    uint8_t *buf, size_t cap, const struct mip_reg_req *src);

/*
 * mip_reg_req_reserved returns the reserved flag bits set in |req|: r
 * always, and x unless |prof| (NULL: default) has Route Optimization on
 * and uses it as the private bit P (optim-10 5.1). Nonzero means the FA
 * answers 70 and the HA 134 (RFC 5944 3.7.2.1, 3.8.2.3).
 */
uint8_t mip_reg_req_reserved(
    const struct mip_reg_req *req, const struct mip_profile *prof);

/*
 * mip_reg_rep_decode parses a Registration Reply and walks its extensions
 * (MIP_SPACE_REG, MIP_IN_REG_REP). Returns as mip_reg_req_decode, with a
 * 20-octet fixed part and Type 3.
 */
int mip_reg_rep_decode(struct mip_reg_rep *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/* mip_reg_rep_encode: as mip_reg_req_encode, for a Registration Reply. */
mip_ssize mip_reg_rep_encode(
    uint8_t *buf, size_t cap, const struct mip_reg_rep *src);

/*
 * Typed extension bodies. Each decoder takes one struct mip_ext from
 * mip_ext_walk, checks its body and fills a view that points into the
 * message. Each encoder appends the whole extension (header included) to
 * |w| with mip_ext_put and leaves |w| unchanged on failure. Unless stated
 * otherwise, decoders return 0 or:
 *   MIP_ERR_INVAL: |e| is not a type this decoder handles;
 *   MIP_ERR_MALFORMED: the body has the wrong length or an impossible
 *   value;
 *   MIP_ERR_UNSUPPORTED: a sub-type or reserved value the decoder does not
 *   understand; the caller treats the extension as unrecognised (RFC 5944
 *   1.9, 1.11: skipped when its type is 128 or more).
 * Encoders return 0, MIP_ERR_NOBUF, or MIP_ERR_INVAL for a value that
 * cannot be represented.
 */

/*
 * Authentication extensions: MN-HA 32, MN-FA 33, FA-HA 34 (RFC 5944
 * 3.5.2-3.5.4), Route Optimization 35 (optim-07 4.5), all short
 * Type-Length-SPI-Authenticator; and the long-format Generalized
 * Authentication 36 (RFC 4721 3.2), Type-Subtype-Length(16)-SPI-
 * Authenticator, whose |subtype| is MIP_GEN_AUTH_* (0 for the others).
 */
struct mip_ext_auth {
	uint8_t type;
	uint8_t subtype;
	uint32_t spi;
	const uint8_t *authenticator;
	size_t auth_len; /* at least 1 */
};

int mip_ext_auth_decode(
    struct mip_ext_auth *dst, const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_auth_encode(struct mip_wbuf *w, const struct mip_ext_auth *src);

/* Mobile Node NAI, type 131 (RFC 2794 2): one or more octets of NAI. */
struct mip_ext_nai {
	const uint8_t *nai;
	size_t len;
};

int mip_ext_nai_decode(
    struct mip_ext_nai *dst, const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_nai_encode(struct mip_wbuf *w, const struct mip_ext_nai *src);

/*
 * Encapsulating Delivery Style, type 130 (RFC 3024 3.3): no body.
 * The decoder only checks that Length is 0.
 */
int mip_ext_encap_delivery_decode(
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_encap_delivery_encode(struct mip_wbuf *w);

/* MN-FA Challenge, type 132 (RFC 4721 3.1): at least 4 octets. */
struct mip_ext_challenge {
	const uint8_t *challenge;
	size_t len;
};

int mip_ext_challenge_decode(struct mip_ext_challenge *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_challenge_encode(
    struct mip_wbuf *w, const struct mip_ext_challenge *src);

/*
 * UDP Tunnel Request, type 144 (RFC 3519 3.1), short format with
 * Sub-Type 0: Reserved 1, flags (F R, then 6 bits of Reserved 2),
 * Encapsulation, Reserved 3. Reserved 1 and 2 are ignored on receipt and
 * kept here so the extension re-encodes as received; a nonzero Reserved 3
 * or Sub-Type makes the decoder return MIP_ERR_UNSUPPORTED (3.1: "not
 * understood", skipped).
 */
struct mip_ext_udp_tun_req {
	uint8_t reserved1;
	uint8_t flags; /* MIP_UDPTUN_REQ_F_* and Reserved 2 */
	uint8_t encap; /* MIP_UDPTUN_ENCAP_* (0: as the M and G bits say) */
};

int mip_ext_udp_tun_req_decode(struct mip_ext_udp_tun_req *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_udp_tun_req_encode(
    struct mip_wbuf *w, const struct mip_ext_udp_tun_req *src);

/*
 * UDP Tunnel Reply, type 44 (RFC 3519 3.2), short format with Sub-Type 0:
 * Reply Code (0-63 assent, 64-255 decline), a 16-bit word with F and 15
 * reserved bits (kept as received), Keepalive Interval in seconds (0: the
 * mobile node's default). A nonzero Sub-Type gives MIP_ERR_UNSUPPORTED.
 */
struct mip_ext_udp_tun_rep {
	uint8_t reply_code;
	uint16_t flags; /* MIP_UDPTUN_REP_F_F and reserved bits */
	uint16_t keepalive;
};

int mip_ext_udp_tun_rep_decode(struct mip_ext_udp_tun_rep *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_udp_tun_rep_encode(
    struct mip_wbuf *w, const struct mip_ext_udp_tun_rep *src);

/*
 * Message String, type 145 (RFC 4917 3): Sub-Type 1 (from the home agent)
 * or 2 (from the foreign agent), then one or more octets of UTF-8 text,
 * not NUL-terminated. Other sub-types give MIP_ERR_UNSUPPORTED; text that
 * is not valid UTF-8 gives MIP_ERR_MALFORMED.
 */
struct mip_ext_msg_string {
	uint8_t subtype; /* MIP_MSGSTR_* */
	const uint8_t *text;
	size_t len;
};

int mip_ext_msg_string_decode(struct mip_ext_msg_string *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_msg_string_encode(
    struct mip_wbuf *w, const struct mip_ext_msg_string *src);

/*
 * Vendor/Organization-Specific extensions (RFC 3115 3.1, 3.2): the
 * critical CVSE, type 38, "Type Reserved(8) Length(16)" then Vendor/Org-ID
 * (4), Vendor-CVSE-Type (2), value; and the normal NVSE, type 134,
 * "Type Length(8)" then Reserved (16), Vendor/Org-ID, Vendor-NVSE-Type,
 * value. |reserved| is kept as received (8 bits for the CVSE). The high
 * octet of the Vendor/Org-ID must be 0 (it carries an SMI enterprise
 * code), else MIP_ERR_MALFORMED.
 */
struct mip_ext_vse {
	uint8_t type; /* MIP_EXT_CVSE or MIP_EXT_NVSE */
	uint16_t reserved;
	uint32_t org_id;
	uint16_t vendor_type;
	const uint8_t *value;
	size_t value_len;
};

int mip_ext_vse_decode(
    struct mip_ext_vse *dst, const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_vse_encode(struct mip_wbuf *w, const struct mip_ext_vse *src);

#endif
