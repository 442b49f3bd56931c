/* SPDX-License-Identifier: ISC */
/*
 * Registration Request and Reply codecs (RFC 5944 3.3, 3.4) and the UDP
 * port 434 message-type dispatcher. The extension area is split by
 * mip_ext_walk; typed extension bodies are in mip_regext.c. Reserved flag
 * bits are reported, never rejected here: refusing them is the roles' job
 * (RFC 5944 3.7.2.1, 3.8.2.3).
 */
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_ext.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

enum mip_msg_kind
mip_msg_kind(const uint8_t *buf, size_t len, const struct mip_profile *prof)
{
	uint8_t type;

	if (len == 0)
		return MIP_MSG_KIND_UNKNOWN;
	if (prof == NULL)
		prof = &mip_profile_default;
	type = buf[0];
	/* RFC 5944 1.8; RFC 3519 3.3: the fixed base numbers come first. */
	switch (type) {
	case MIP_MSG_REG_REQ:
		return MIP_MSG_KIND_REG_REQ;
	case MIP_MSG_REG_REP:
		return MIP_MSG_KIND_REG_REP;
	case MIP_MSG_TUNNEL_DATA:
		return MIP_MSG_KIND_TUNNEL_DATA;
	default:
		break;
	}
	/* optim-07 4; spec sheet 2.8: Route Optimization numbers are
	 * configurable and unrecognised when RO is off. */
	if (!prof->ro)
		return MIP_MSG_KIND_UNKNOWN;
	if (type == prof->bw_type)
		return MIP_MSG_KIND_BIND_WARN;
	if (type == prof->br_type)
		return MIP_MSG_KIND_BIND_REQ;
	if (type == prof->bu_type)
		return MIP_MSG_KIND_BIND_UPDATE;
	if (type == prof->ba_type)
		return MIP_MSG_KIND_BIND_ACK;
	return MIP_MSG_KIND_UNKNOWN;
}

/*
 * Checks the Type octet and the fixed-part length, and reads the octet
 * after Type (Flags or Code) and the Lifetime.
 */
static int
decode_head(struct mip_rbuf *r, uint8_t want_type, size_t fixed_len,
    uint8_t *second, uint16_t *lifetime, struct mip_perr *perr)
{
	uint8_t type;

	if (mip_rbuf_left(r) < fixed_len)
		return mip_perr_fail(perr, mip_rbuf_left(r),
		    "shorter than fixed part", MIP_ERR_SHORT);
	(void)mip_rbuf_u8(r, &type);
	if (type != want_type)
		return mip_perr_fail(
		    perr, 0, "wrong message type", MIP_ERR_MALFORMED);
	(void)mip_rbuf_u8(r, second);
	(void)mip_rbuf_be16(r, lifetime);
	return 0;
}

int
mip_reg_req_decode(struct mip_reg_req *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc;

	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	/* RFC 5944 3.3: Type 1, S B D M G r T x, Lifetime, Home Address,
	 * Home Agent, Care-of Address, Identification (64). */
	rc = decode_head(&r, MIP_MSG_REG_REQ, MIP_REG_REQ_LEN, &dst->flags,
	    &dst->lifetime, perr);
	if (rc != 0)
		return rc;
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	(void)mip_rbuf_ip4(&r, &dst->ha_addr);
	(void)mip_rbuf_ip4(&r, &dst->coa);
	(void)mip_rbuf_be64(&r, &dst->ident);
	/* RFC 5944 1.9: on MIP_ERR_UNKNOWN_EXT the fixed part above stays
	 * filled so the role can answer with its reply code. */
	return mip_ext_walk(&dst->exts, buf, len, MIP_REG_REQ_LEN,
	    MIP_SPACE_REG, MIP_IN_REG_REQ, prof, perr);
}

int
mip_reg_rep_decode(struct mip_reg_rep *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc;

	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	/* RFC 5944 3.4: Type 3, Code, Lifetime, Home Address, Home Agent,
	 * Identification (64). */
	rc = decode_head(&r, MIP_MSG_REG_REP, MIP_REG_REP_LEN, &dst->code,
	    &dst->lifetime, perr);
	if (rc != 0)
		return rc;
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	(void)mip_rbuf_ip4(&r, &dst->ha_addr);
	(void)mip_rbuf_be64(&r, &dst->ident);
	return mip_ext_walk(&dst->exts, buf, len, MIP_REG_REP_LEN,
	    MIP_SPACE_REG, MIP_IN_REG_REP, prof, perr);
}

/* Appends the extensions and turns the cursor into the encode result. */
static mip_ssize
finish(struct mip_wbuf *w, const struct mip_exts *x)
{
	int rc = mip_exts_encode(w, x);

	if (rc != 0)
		return rc;
	return (mip_ssize)w->off;
}

mip_ssize
mip_reg_req_encode(uint8_t *buf, size_t cap, const struct mip_reg_req *src)
{
	struct mip_wbuf w;

	mip_wbuf_init(&w, buf, cap);
	if (cap < MIP_REG_REQ_LEN)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(&w, MIP_MSG_REG_REQ);
	(void)mip_wbuf_u8(&w, src->flags);
	(void)mip_wbuf_be16(&w, src->lifetime);
	(void)mip_wbuf_ip4(&w, src->home_addr);
	(void)mip_wbuf_ip4(&w, src->ha_addr);
	(void)mip_wbuf_ip4(&w, src->coa);
	(void)mip_wbuf_be64(&w, src->ident);
	return finish(&w, &src->exts);
}

mip_ssize
mip_reg_rep_encode(uint8_t *buf, size_t cap, const struct mip_reg_rep *src)
{
	struct mip_wbuf w;

	mip_wbuf_init(&w, buf, cap);
	if (cap < MIP_REG_REP_LEN)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(&w, MIP_MSG_REG_REP);
	(void)mip_wbuf_u8(&w, src->code);
	(void)mip_wbuf_be16(&w, src->lifetime);
	(void)mip_wbuf_ip4(&w, src->home_addr);
	(void)mip_wbuf_ip4(&w, src->ha_addr);
	(void)mip_wbuf_be64(&w, src->ident);
	return finish(&w, &src->exts);
}

uint8_t
mip_reg_req_reserved(
    const struct mip_reg_req *req, const struct mip_profile *prof)
{
	unsigned reserved = MIP_RRQ_F_R | MIP_RRQ_F_X;

	if (prof == NULL)
		prof = &mip_profile_default;
	/* optim-10 5.1: the private bit P, normally in the x position, is
	 * meaningful only to a node doing Route Optimization. */
	if (prof->ro)
		reserved &= ~(unsigned)prof->p_mask;
	return (uint8_t)(req->flags & reserved);
}
