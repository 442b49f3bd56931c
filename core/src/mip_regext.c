/* SPDX-License-Identifier: ISC */
/*
 * Typed views of the base registration extension bodies: authentication
 * (RFC 5944 3.5; RFC 4721 3.2), Mobile Node NAI (RFC 2794), Encapsulating
 * Delivery Style (RFC 3024), MN-FA Challenge (RFC 4721), UDP Tunnel
 * Request and Reply (RFC 3519), Message String (RFC 4917) and the vendor-
 * specific CVSE and NVSE (RFC 3115). Header framing and length bounds are
 * mip_ext.c's; this file reads what is inside a body and writes it back.
 */
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_ext.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

#define SPI_LEN 4
#define UDPTUN_LEN 6 /* RFC 3519 3.1, 3.2: Length = 6 */
#define CVSE_HDR 6   /* Org-ID(4) CVSE-Type(2) */
#define NVSE_HDR 8   /* Reserved(2) Org-ID(4) NVSE-Type(2) */
#define BODY_MAX 0xffff

static int
fail(
    struct mip_perr *perr, const struct mip_ext *e, const char *reason, int err)
{
	return mip_perr_fail(perr, e->off, reason, err);
}

/* Checks |e| is |type| with header format |fmt| (a caller's mistake if
 * not: the walker never produces anything else). */
static int
want(const struct mip_ext *e, uint8_t type, enum mip_ext_fmt fmt,
    struct mip_perr *perr)
{
	if (e->type != type || e->fmt != (uint8_t)fmt)
		return fail(
		    perr, e, "not the expected extension type", MIP_ERR_INVAL);
	return 0;
}

/* --- Authentication: 32, 33, 34, 35 short; 36 long ---------------------- */

static bool
auth_type(uint8_t type, enum mip_ext_fmt *fmt)
{
	switch (type) {
	case MIP_EXT_MN_HA_AUTH:
	case MIP_EXT_MN_FA_AUTH:
	case MIP_EXT_FA_HA_AUTH:
	case MIP_EXT_RO_AUTH:
		*fmt = MIP_EXT_FMT_TLV;
		return true;
	case MIP_EXT_GEN_AUTH:
		*fmt = MIP_EXT_FMT_LONG;
		return true;
	default:
		return false;
	}
}

int
mip_ext_auth_decode(
    struct mip_ext_auth *dst, const struct mip_ext *e, struct mip_perr *perr)
{
	enum mip_ext_fmt fmt;
	struct mip_rbuf r;
	int rc;

	if (!auth_type(e->type, &fmt))
		return fail(
		    perr, e, "not an authentication extension", MIP_ERR_INVAL);
	if ((rc = want(e, e->type, fmt, perr)) != 0)
		return rc;
	/* RFC 5944 3.5.2; RFC 4721 3.2: Length = 4 + authenticator. */
	if (e->len <= SPI_LEN)
		return fail(perr, e, "no authenticator after the SPI",
		    MIP_ERR_MALFORMED);
	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, e->body, e->len);
	(void)mip_rbuf_be32(&r, &dst->spi);
	dst->type = e->type;
	dst->subtype = e->subtype;
	dst->authenticator = mip_rbuf_cur(&r);
	dst->auth_len = mip_rbuf_left(&r);
	return 0;
}

int
mip_ext_auth_encode(struct mip_wbuf *w, const struct mip_ext_auth *src)
{
	uint8_t body[SPI_LEN + 255];
	enum mip_ext_fmt fmt;
	size_t len = SPI_LEN + src->auth_len;

	if (!auth_type(src->type, &fmt) || src->auth_len == 0 ||
	    src->authenticator == NULL ||
	    len > (fmt == MIP_EXT_FMT_TLV ? 0xffU : sizeof(body)) ||
	    (fmt == MIP_EXT_FMT_TLV && src->subtype != 0))
		return MIP_ERR_INVAL;
	mip_put_be32(body, src->spi);
	memcpy(body + SPI_LEN, src->authenticator, src->auth_len);
	return mip_ext_put(w, fmt, src->type, src->subtype, body, len);
}

/* --- Mobile Node NAI, 131 ---------------------------------------------- */

int
mip_ext_nai_decode(
    struct mip_ext_nai *dst, const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	if ((rc = want(e, MIP_EXT_NAI, MIP_EXT_FMT_TLV, perr)) != 0)
		return rc;
	/* RFC 2794 2: the MN-NAI field is the NAI itself, never empty. */
	if (e->len == 0)
		return fail(perr, e, "empty NAI", MIP_ERR_MALFORMED);
	dst->nai = e->body;
	dst->len = e->len;
	return 0;
}

int
mip_ext_nai_encode(struct mip_wbuf *w, const struct mip_ext_nai *src)
{
	if (src->len == 0 || src->nai == NULL)
		return MIP_ERR_INVAL;
	return mip_ext_put(
	    w, MIP_EXT_FMT_TLV, MIP_EXT_NAI, 0, src->nai, src->len);
}

/* --- Encapsulating Delivery Style, 130 ---------------------------------- */

int
mip_ext_encap_delivery_decode(const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	if ((rc = want(e, MIP_EXT_ENCAP_DELIVERY, MIP_EXT_FMT_TLV, perr)) != 0)
		return rc;
	/* RFC 3024 3.3: Length 0. */
	if (e->len != 0)
		return fail(perr, e, "delivery style extension has a body",
		    MIP_ERR_MALFORMED);
	return 0;
}

int
mip_ext_encap_delivery_encode(struct mip_wbuf *w)
{
	return mip_ext_put(
	    w, MIP_EXT_FMT_TLV, MIP_EXT_ENCAP_DELIVERY, 0, NULL, 0);
}

/* --- MN-FA Challenge, 132 ------------------------------------------------ */

int
mip_ext_challenge_decode(struct mip_ext_challenge *dst, const struct mip_ext *e,
    struct mip_perr *perr)
{
	int rc;

	if ((rc = want(e, MIP_EXT_CHALLENGE, MIP_EXT_FMT_TLV, perr)) != 0)
		return rc;
	/* RFC 4721 3.1: at least 32 bits of challenge. */
	if (e->len < MIP_CHALLENGE_MIN_LEN)
		return fail(perr, e, "challenge shorter than 4 octets",
		    MIP_ERR_MALFORMED);
	dst->challenge = e->body;
	dst->len = e->len;
	return 0;
}

int
mip_ext_challenge_encode(
    struct mip_wbuf *w, const struct mip_ext_challenge *src)
{
	if (src->len < MIP_CHALLENGE_MIN_LEN || src->challenge == NULL)
		return MIP_ERR_INVAL;
	return mip_ext_put(
	    w, MIP_EXT_FMT_TLV, MIP_EXT_CHALLENGE, 0, src->challenge, src->len);
}

/* --- UDP Tunnel Request 144 and Reply 44 -------------------------------- */

/* Both are short-format, Length 6, Sub-Type 0 (RFC 3519 3.1, 3.2). */
static int
udptun_check(const struct mip_ext *e, uint8_t type, struct mip_perr *perr)
{
	int rc;

	if ((rc = want(e, type, MIP_EXT_FMT_TLV, perr)) != 0)
		return rc;
	if (e->len != UDPTUN_LEN)
		return fail(perr, e, "UDP tunnel extension length is not 6",
		    MIP_ERR_MALFORMED);
	if (e->body[0] != MIP_UDPTUN_SUBTYPE)
		return fail(perr, e, "unknown UDP tunnel sub-type",
		    MIP_ERR_UNSUPPORTED);
	return 0;
}

int
mip_ext_udp_tun_req_decode(struct mip_ext_udp_tun_req *dst,
    const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	if ((rc = udptun_check(e, MIP_EXT_UDP_TUN_REQ, perr)) != 0)
		return rc;
	/* RFC 3519 3.1: Sub-Type, Reserved 1, F R Reserved 2,
	 * Encapsulation, Reserved 3 (16). A nonzero Reserved 3 means the
	 * extension is handled as not understood. */
	if (mip_get_be16(e->body + 4) != 0)
		return fail(perr, e, "UDP tunnel request Reserved 3 is nonzero",
		    MIP_ERR_UNSUPPORTED);
	dst->reserved1 = e->body[1];
	dst->flags = e->body[2];
	dst->encap = e->body[3];
	return 0;
}

int
mip_ext_udp_tun_req_encode(
    struct mip_wbuf *w, const struct mip_ext_udp_tun_req *src)
{
	uint8_t body[UDPTUN_LEN] = { MIP_UDPTUN_SUBTYPE, src->reserved1,
		src->flags, src->encap, 0, 0 };

	return mip_ext_put(
	    w, MIP_EXT_FMT_TLV, MIP_EXT_UDP_TUN_REQ, 0, body, sizeof(body));
}

int
mip_ext_udp_tun_rep_decode(struct mip_ext_udp_tun_rep *dst,
    const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	if ((rc = udptun_check(e, MIP_EXT_UDP_TUN_REP, perr)) != 0)
		return rc;
	/* RFC 3519 3.2: Sub-Type, Reply Code, F Reserved (16), Keepalive
	 * Interval (16). */
	dst->reply_code = e->body[1];
	dst->flags = mip_get_be16(e->body + 2);
	dst->keepalive = mip_get_be16(e->body + 4);
	return 0;
}

int
mip_ext_udp_tun_rep_encode(
    struct mip_wbuf *w, const struct mip_ext_udp_tun_rep *src)
{
	uint8_t body[UDPTUN_LEN] = { MIP_UDPTUN_SUBTYPE, src->reply_code };

	mip_put_be16(body + 2, src->flags);
	mip_put_be16(body + 4, src->keepalive);
	return mip_ext_put(
	    w, MIP_EXT_FMT_TLV, MIP_EXT_UDP_TUN_REP, 0, body, sizeof(body));
}

/* --- Message String, 145 ------------------------------------------------- */

/* Length of the UTF-8 sequence led by |c|, 0 if |c| cannot lead one
 * (RFC 3629 4: no C0/C1, nothing above F4). */
static size_t
utf8_seq_len(uint8_t c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* RFC 3629 4: well-formed UTF-8, without overlongs or surrogates. */
static bool
utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = utf8_seq_len(p[i]), j;
		uint8_t lo = 0x80, hi = 0xbf;

		if (k == 0 || k > n - i)
			return false;
		if (p[i] == 0xe0)
			lo = 0xa0; /* overlong */
		else if (p[i] == 0xed)
			hi = 0x9f; /* surrogates */
		else if (p[i] == 0xf0)
			lo = 0x90; /* overlong */
		else if (p[i] == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
		for (j = 1; j < k; j++) {
			uint8_t c = p[i + j];

			if (c < (j == 1 ? lo : 0x80) ||
			    c > (j == 1 ? hi : 0xbf))
				return false;
		}
		i += k;
	}
	return true;
}

static bool
msgstr_subtype_known(uint8_t subtype)
{
	return subtype == MIP_MSGSTR_HA || subtype == MIP_MSGSTR_FA;
}

int
mip_ext_msg_string_decode(struct mip_ext_msg_string *dst,
    const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	if ((rc = want(e, MIP_EXT_MSG_STRING, MIP_EXT_FMT_TLV, perr)) != 0)
		return rc;
	/* RFC 4917 3: Sub-Type, then one or more octets of UTF-8 text. */
	if (e->len < 2)
		return fail(
		    perr, e, "message string without text", MIP_ERR_MALFORMED);
	if (!msgstr_subtype_known(e->body[0]))
		return fail(perr, e, "unknown message string sub-type",
		    MIP_ERR_UNSUPPORTED);
	if (!utf8_valid(e->body + 1, (size_t)e->len - 1))
		return fail(
		    perr, e, "message string is not UTF-8", MIP_ERR_MALFORMED);
	dst->subtype = e->body[0];
	dst->text = e->body + 1;
	dst->len = (size_t)e->len - 1;
	return 0;
}

int
mip_ext_msg_string_encode(
    struct mip_wbuf *w, const struct mip_ext_msg_string *src)
{
	uint8_t body[255];

	if (!msgstr_subtype_known(src->subtype) || src->len == 0 ||
	    src->len > sizeof(body) - 1 || src->text == NULL ||
	    !utf8_valid(src->text, src->len))
		return MIP_ERR_INVAL;
	body[0] = src->subtype;
	memcpy(body + 1, src->text, src->len);
	return mip_ext_put(
	    w, MIP_EXT_FMT_TLV, MIP_EXT_MSG_STRING, 0, body, src->len + 1);
}

/* --- Vendor-specific: CVSE 38, NVSE 134 ---------------------------------- */

int
mip_ext_vse_decode(
    struct mip_ext_vse *dst, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_rbuf r;
	size_t hdr;
	int rc;

	if (e->type == MIP_EXT_CVSE) {
		rc = want(e, MIP_EXT_CVSE, MIP_EXT_FMT_LONG, perr);
		hdr = CVSE_HDR;
	} else {
		rc = want(e, MIP_EXT_NVSE, MIP_EXT_FMT_TLV, perr);
		hdr = NVSE_HDR;
	}
	if (rc != 0)
		return rc;
	if (e->len < hdr)
		return fail(perr, e, "vendor extension shorter than its header",
		    MIP_ERR_MALFORMED);
	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, e->body, e->len);
	dst->type = e->type;
	/* RFC 3115 3.1: the CVSE's Reserved octet sits where the long
	 * format's Sub-Type does; 3.2: the NVSE's is 16 bits of body. */
	if (e->type == MIP_EXT_CVSE)
		dst->reserved = e->subtype;
	else
		(void)mip_rbuf_be16(&r, &dst->reserved);
	(void)mip_rbuf_be32(&r, &dst->org_id);
	(void)mip_rbuf_be16(&r, &dst->vendor_type);
	/* RFC 3115 3.1: high-order octet 0, then the SMI enterprise code. */
	if ((dst->org_id & 0xff000000U) != 0)
		return fail(perr, e, "Vendor/Org-ID high octet is nonzero",
		    MIP_ERR_MALFORMED);
	dst->value = mip_rbuf_cur(&r);
	dst->value_len = mip_rbuf_left(&r);
	return 0;
}

int
mip_ext_vse_encode(struct mip_wbuf *w, const struct mip_ext_vse *src)
{
	bool cvse = src->type == MIP_EXT_CVSE;
	size_t hdr = cvse ? CVSE_HDR : NVSE_HDR;
	size_t len = hdr + src->value_len;
	size_t max = cvse ? BODY_MAX : 0xff;

	if ((!cvse && src->type != MIP_EXT_NVSE) ||
	    (cvse && src->reserved > 0xff) ||
	    (src->org_id & 0xff000000U) != 0 || src->value_len > max - hdr ||
	    (src->value_len > 0 && src->value == NULL))
		return MIP_ERR_INVAL;
	/* The value may be near 64 KiB, so write in place rather than
	 * through a body buffer and mip_ext_put. */
	if (mip_wbuf_left(w) <
	    mip_ext_hdr_len(cvse ? MIP_EXT_FMT_LONG : MIP_EXT_FMT_TLV) + len)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(w, src->type);
	if (cvse) {
		(void)mip_wbuf_u8(w, (uint8_t)src->reserved);
		(void)mip_wbuf_be16(w, (uint16_t)len);
	} else {
		(void)mip_wbuf_u8(w, (uint8_t)len);
		(void)mip_wbuf_be16(w, src->reserved);
	}
	(void)mip_wbuf_be32(w, src->org_id);
	(void)mip_wbuf_be16(w, src->vendor_type);
	return mip_wbuf_bytes(w, src->value, src->value_len);
}
