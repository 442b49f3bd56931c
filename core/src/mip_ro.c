/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization codecs: Binding Warning, Request, Update and
 * Acknowledge (optim-07 4.1-4.4), the PFANE and Binding Warning extension
 * bodies, and the smooth-handoff Binding Update built from a PFANE. Reads
 * and writes bytes only through the mip_rbuf/mip_wbuf cursors; knows
 * nothing about keys, MACs or caches.
 */
#include <assert.h>
#include <string.h>

#include "mip/mip_ro.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

#define RSVD24_MAX 0xffffffU
#define BW_EXT_HEAD_LEN 6 /* Reserved(2) + Home Address */
#define PFANE_HEAD_LEN 14 /* Cache Lifetime, two addresses, SPI */
#define MSG_MAX 0xffffU

static const struct mip_profile *
profile(const struct mip_profile *prof)
{
	return prof != NULL ? prof : &mip_profile_default;
}

/* Reads the Type octet every RO message starts with. */
static int
read_type(struct mip_rbuf *r, uint8_t want, const struct mip_profile *prof,
    struct mip_perr *perr)
{
	uint8_t type;

	if (!prof->ro)
		return mip_perr_fail(perr, 0, "Route Optimization disabled",
		    MIP_ERR_UNSUPPORTED);
	if (mip_rbuf_u8(r, &type) != 0)
		return mip_perr_fail(perr, 0, "empty message", MIP_ERR_SHORT);
	if (type != want)
		return mip_perr_fail(
		    perr, 0, "wrong message type", MIP_ERR_MALFORMED);
	return 0;
}

/* The 24 reserved bits after the Type octet of BW and BR. */
static int
read_rsvd24(struct mip_rbuf *r, uint32_t *v)
{
	uint8_t hi;
	uint16_t lo;

	if (mip_rbuf_u8(r, &hi) != 0 || mip_rbuf_be16(r, &lo) != 0)
		return MIP_ERR_SHORT;
	*v = ((uint32_t)hi << 16) | lo;
	return 0;
}

static int
write_rsvd24(struct mip_wbuf *w, uint32_t v)
{
	if (mip_wbuf_u8(w, (uint8_t)(v >> 16)) != 0 ||
	    mip_wbuf_be16(w, (uint16_t)v) != 0)
		return MIP_ERR_NOBUF;
	return 0;
}

/*
 * The rest of |r| is a list of target addresses (optim-11 4.1, 6.3):
 * whole 4-octet words, at most MIP_BW_TARGETS_MAX of them. |base| is the
 * offset of |r|'s start in the caller's buffer, for |perr|.
 */
static int
read_targets(
    struct mip_rbuf *r, struct mip_bw *dst, size_t base, struct mip_perr *perr)
{
	size_t left = mip_rbuf_left(r), i;

	if (left % 4 != 0)
		return mip_perr_fail(perr, base + r->off + left - left % 4,
		    "target address truncated", MIP_ERR_MALFORMED);
	if (left / 4 > MIP_BW_TARGETS_MAX)
		return mip_perr_fail(perr,
		    base + r->off + 4 * MIP_BW_TARGETS_MAX,
		    "too many target addresses", MIP_ERR_MALFORMED);
	dst->n_targets = left / 4;
	for (i = 0; i < dst->n_targets; i++)
		(void)mip_rbuf_ip4(r, &dst->targets[i]); /* length checked */
	assert(mip_rbuf_left(r) == 0);
	return 0;
}

int
mip_bw_decode(struct mip_bw *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc;

	prof = profile(prof);
	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	rc = read_type(&r, prof->bw_type, prof, perr);
	if (rc != 0)
		return rc;
	/* optim-11 4.1: Type, Reserved, Home Address, then 0..N targets. */
	if (len < MIP_BW_MIN_LEN)
		return mip_perr_fail(perr, len,
		    "Binding Warning shorter than 8 octets", MIP_ERR_SHORT);
	(void)read_rsvd24(&r, &dst->reserved);
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	return read_targets(&r, dst, 0, perr);
}

mip_ssize
mip_bw_encode(uint8_t *buf, size_t cap, const struct mip_bw *src,
    const struct mip_profile *prof)
{
	struct mip_wbuf w;
	size_t i;

	prof = profile(prof);
	if (!prof->ro)
		return MIP_ERR_UNSUPPORTED;
	if (src->reserved > RSVD24_MAX || src->n_targets > MIP_BW_TARGETS_MAX)
		return MIP_ERR_INVAL;
	mip_wbuf_init(&w, buf, cap);
	if (mip_wbuf_u8(&w, prof->bw_type) != 0 ||
	    write_rsvd24(&w, src->reserved) != 0 ||
	    mip_wbuf_ip4(&w, src->home_addr) != 0)
		return MIP_ERR_NOBUF;
	for (i = 0; i < src->n_targets; i++)
		if (mip_wbuf_ip4(&w, src->targets[i]) != 0)
			return MIP_ERR_NOBUF;
	return (mip_ssize)w.off;
}

int
mip_br_decode(struct mip_br *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc;

	prof = profile(prof);
	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	rc = read_type(&r, prof->br_type, prof, perr);
	if (rc != 0)
		return rc;
	/* optim-07 4.2: a fixed 16 octets, no extensions. */
	if (len < MIP_BR_LEN)
		return mip_perr_fail(perr, len,
		    "Binding Request shorter than 16 octets", MIP_ERR_SHORT);
	if (len > MIP_BR_LEN)
		return mip_perr_fail(perr, MIP_BR_LEN,
		    "trailing octets after Binding Request", MIP_ERR_MALFORMED);
	(void)read_rsvd24(&r, &dst->reserved);
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	(void)mip_rbuf_be64(&r, &dst->ident);
	assert(r.off == len);
	return 0;
}

mip_ssize
mip_br_encode(uint8_t *buf, size_t cap, const struct mip_br *src,
    const struct mip_profile *prof)
{
	struct mip_wbuf w;

	prof = profile(prof);
	if (!prof->ro)
		return MIP_ERR_UNSUPPORTED;
	if (src->reserved > RSVD24_MAX)
		return MIP_ERR_INVAL;
	mip_wbuf_init(&w, buf, cap);
	if (mip_wbuf_u8(&w, prof->br_type) != 0 ||
	    write_rsvd24(&w, src->reserved) != 0 ||
	    mip_wbuf_ip4(&w, src->home_addr) != 0 ||
	    mip_wbuf_be64(&w, src->ident) != 0)
		return MIP_ERR_NOBUF;
	return (mip_ssize)w.off;
}

int
mip_bu_decode(struct mip_bu *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint8_t flags;
	int rc;

	prof = profile(prof);
	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	rc = read_type(&r, prof->bu_type, prof, perr);
	if (rc != 0)
		return rc;
	if (len < MIP_BU_LEN)
		return mip_perr_fail(perr, len,
		    "Binding Update shorter than 12 octets", MIP_ERR_SHORT);
	/* optim-07 4.3: A I M G, then four reserved bits (ignored). */
	(void)mip_rbuf_u8(&r, &flags);
	dst->flags = (uint8_t)(flags & 0xf0U);
	dst->reserved = (uint8_t)(flags & 0x0fU);
	(void)mip_rbuf_be16(&r, &dst->lifetime);
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	(void)mip_rbuf_ip4(&r, &dst->coa);
	/* spec sheet 1.3: Identification is present iff I is set. */
	if (dst->flags & MIP_BU_F_I) {
		if (mip_rbuf_be64(&r, &dst->ident) != 0)
			return mip_perr_fail(perr, len,
			    "Identification truncated", MIP_ERR_SHORT);
	}
	return mip_ext_walk(
	    &dst->exts, buf, len, r.off, MIP_SPACE_REG, MIP_IN_BU, prof, perr);
}

/* Appends |x| and refuses messages the decoders would (above 65535). */
static mip_ssize
finish_exts(struct mip_wbuf *w, const struct mip_exts *x)
{
	int rc;

	if (x->n > MIP_EXTS_MAX)
		return MIP_ERR_INVAL;
	rc = mip_exts_encode(w, x);
	if (rc != 0)
		return rc;
	if (w->off > MSG_MAX)
		return MIP_ERR_INVAL;
	return (mip_ssize)w->off;
}

mip_ssize
mip_bu_encode(uint8_t *buf, size_t cap, const struct mip_bu *src,
    const struct mip_profile *prof)
{
	struct mip_wbuf w;

	prof = profile(prof);
	if (!prof->ro)
		return MIP_ERR_UNSUPPORTED;
	if ((src->flags & 0x0fU) != 0 || src->reserved > 0x0fU)
		return MIP_ERR_INVAL;
	mip_wbuf_init(&w, buf, cap);
	if (mip_wbuf_u8(&w, prof->bu_type) != 0 ||
	    mip_wbuf_u8(&w, (uint8_t)(src->flags | src->reserved)) != 0 ||
	    mip_wbuf_be16(&w, src->lifetime) != 0 ||
	    mip_wbuf_ip4(&w, src->home_addr) != 0 ||
	    mip_wbuf_ip4(&w, src->coa) != 0)
		return MIP_ERR_NOBUF;
	if ((src->flags & MIP_BU_F_I) && mip_wbuf_be64(&w, src->ident) != 0)
		return MIP_ERR_NOBUF;
	return finish_exts(&w, &src->exts);
}

int
mip_ba_decode(struct mip_ba *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc;

	prof = profile(prof);
	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	rc = read_type(&r, prof->ba_type, prof, perr);
	if (rc != 0)
		return rc;
	/* optim-07 4.4: Type, Reserved(16), Status, Home Address, ident. */
	if (len < MIP_BA_SHORT_LEN)
		return mip_perr_fail(perr, len,
		    "Binding Acknowledge shorter than 8 octets", MIP_ERR_SHORT);
	(void)mip_rbuf_be16(&r, &dst->reserved);
	(void)mip_rbuf_u8(&r, &dst->status);
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	/* spec sheet 1.4: accept the 8-octet form without Identification. */
	if (len == MIP_BA_SHORT_LEN) {
		dst->short_form = true;
		return 0;
	}
	if (mip_rbuf_be64(&r, &dst->ident) != 0)
		return mip_perr_fail(
		    perr, len, "Identification truncated", MIP_ERR_SHORT);
	return mip_ext_walk(
	    &dst->exts, buf, len, r.off, MIP_SPACE_REG, MIP_IN_BA, prof, perr);
}

mip_ssize
mip_ba_encode(uint8_t *buf, size_t cap, const struct mip_ba *src,
    const struct mip_profile *prof)
{
	struct mip_wbuf w;

	prof = profile(prof);
	if (!prof->ro)
		return MIP_ERR_UNSUPPORTED;
	if (src->short_form && (src->ident != 0 || src->exts.n != 0))
		return MIP_ERR_INVAL;
	mip_wbuf_init(&w, buf, cap);
	if (mip_wbuf_u8(&w, prof->ba_type) != 0 ||
	    mip_wbuf_be16(&w, src->reserved) != 0 ||
	    mip_wbuf_u8(&w, src->status) != 0 ||
	    mip_wbuf_ip4(&w, src->home_addr) != 0)
		return MIP_ERR_NOBUF;
	if (src->short_form)
		return (mip_ssize)w.off;
	/* spec sheet 1.4: send 16 octets, a zero ident when the BU had none */
	if (mip_wbuf_be64(&w, src->ident) != 0)
		return MIP_ERR_NOBUF;
	return finish_exts(&w, &src->exts);
}

bool
mip_bw_equal(const struct mip_bw *a, const struct mip_bw *b)
{
	size_t i;

	if (a->reserved != b->reserved ||
	    !mip_ip4_eq(a->home_addr, b->home_addr) ||
	    a->n_targets != b->n_targets || a->n_targets > MIP_BW_TARGETS_MAX)
		return false;
	for (i = 0; i < a->n_targets; i++)
		if (!mip_ip4_eq(a->targets[i], b->targets[i]))
			return false;
	return true;
}

bool
mip_br_equal(const struct mip_br *a, const struct mip_br *b)
{
	return a->reserved == b->reserved &&
	    mip_ip4_eq(a->home_addr, b->home_addr) && a->ident == b->ident;
}

bool
mip_bu_equal(const struct mip_bu *a, const struct mip_bu *b)
{
	return a->flags == b->flags && a->reserved == b->reserved &&
	    a->lifetime == b->lifetime &&
	    mip_ip4_eq(a->home_addr, b->home_addr) &&
	    mip_ip4_eq(a->coa, b->coa) &&
	    (!(a->flags & MIP_BU_F_I) || a->ident == b->ident) &&
	    mip_exts_equal(&a->exts, &b->exts);
}

bool
mip_ba_equal(const struct mip_ba *a, const struct mip_ba *b)
{
	return a->reserved == b->reserved && a->status == b->status &&
	    mip_ip4_eq(a->home_addr, b->home_addr) && a->ident == b->ident &&
	    a->short_form == b->short_form &&
	    mip_exts_equal(&a->exts, &b->exts);
}

bool
mip_bu_is_delete(const struct mip_bu *bu)
{
	/* optim-07 4.3: Lifetime 0, or Care-of Address = Home Address. */
	return bu->lifetime == 0 || mip_ip4_eq(bu->coa, bu->home_addr);
}

static bool
len_in_rule(const struct mip_ext_rule *rule, size_t len)
{
	return len >= rule->min_len && len <= rule->max_len &&
	    (rule->step == 0 || (len - rule->min_len) % rule->step == 0);
}

int
mip_ro_ext_check(const struct mip_ext *e, uint8_t type,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	const struct mip_ext_rule *rule;

	if (e->type != type)
		return mip_perr_fail(
		    perr, e->off, "wrong extension type", MIP_ERR_INVAL);
	if (e->len > 0 && e->body == NULL)
		return mip_perr_fail(
		    perr, e->off, "extension without body", MIP_ERR_INVAL);
	rule = mip_ext_rule_get(MIP_SPACE_REG, type, profile(prof));
	if (rule == NULL)
		return mip_perr_fail(perr, e->off, "extension not recognised",
		    MIP_ERR_UNSUPPORTED);
	if (e->fmt != rule->fmt)
		return mip_perr_fail(perr, e->off,
		    "wrong extension header format", MIP_ERR_INVAL);
	if (!len_in_rule(rule, e->len))
		return mip_perr_fail(perr, e->off,
		    "extension length out of bounds", MIP_ERR_MALFORMED);
	return 0;
}

int
mip_ro_ext_putv(struct mip_wbuf *w, uint8_t type,
    const struct mip_profile *prof, const struct mip_ro_part *parts, size_t n)
{
	const struct mip_ext_rule *rule;
	enum mip_ext_fmt fmt;
	size_t i, len = 0, start = w->off;
	int rc;

	rule = mip_ext_rule_get(MIP_SPACE_REG, type, profile(prof));
	if (rule == NULL)
		return MIP_ERR_UNSUPPORTED;
	for (i = 0; i < n; i++) {
		if (parts[i].len > MSG_MAX - len)
			return MIP_ERR_INVAL;
		len += parts[i].len;
	}
	if (!len_in_rule(rule, len))
		return MIP_ERR_INVAL;
	fmt = (enum mip_ext_fmt)rule->fmt;
	if (mip_wbuf_left(w) < mip_ext_hdr_len(fmt) + len)
		return MIP_ERR_NOBUF;
	if (n == 1)
		return mip_ext_put(w, fmt, type, 0, parts[0].p, parts[0].len);
	/*
	 * A body in pieces: mip_ext_put writes the header with an empty
	 * body, the Length is then set to the sum and the pieces follow.
	 * Capacity was checked above, so nothing below can fail.
	 */
	rc = mip_ext_put(w, fmt, type, 0, NULL, 0);
	if (rc != 0)
		return rc;
	switch (fmt) {
	case MIP_EXT_FMT_TLV:
		w->p[start + 1] = (uint8_t)len;
		break;
	case MIP_EXT_FMT_LEN16:
		mip_put_be16(w->p + start + 1, (uint16_t)len);
		break;
	case MIP_EXT_FMT_LONG:
		mip_put_be16(w->p + start + 2, (uint16_t)len);
		break;
	case MIP_EXT_FMT_PAD:
		break; /* len_in_rule allowed only 0 */
	}
	for (i = 0; i < n; i++)
		(void)mip_wbuf_bytes(w, parts[i].p, parts[i].len);
	assert(w->off == start + mip_ext_hdr_len(fmt) + len);
	return 0;
}

int
mip_ext_pfane_decode(
    struct mip_ext_pfane *dst, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc;

	memset(dst, 0, sizeof(*dst));
	rc = mip_ro_ext_check(e, MIP_EXT_PFANE, NULL, perr);
	if (rc != 0)
		return rc;
	/* optim-07 5.1: Length = 14 + authenticator (walker-bounded). */
	mip_rbuf_init(&r, e->body, e->len);
	(void)mip_rbuf_be16(&r, &dst->cache_lifetime);
	(void)mip_rbuf_ip4(&r, &dst->prev_fa_addr);
	(void)mip_rbuf_ip4(&r, &dst->new_coa);
	(void)mip_rbuf_be32(&r, &dst->spi);
	dst->auth_len = mip_rbuf_left(&r);
	(void)mip_rbuf_bytes(&r, dst->auth_len, &dst->authenticator);
	return 0;
}

int
mip_ext_pfane_encode(struct mip_wbuf *w, const struct mip_ext_pfane *src)
{
	uint8_t head[PFANE_HEAD_LEN];
	struct mip_ro_part parts[2] = { { head, sizeof(head) },
		{ src->authenticator, src->auth_len } };

	if (src->auth_len > 0 && src->authenticator == NULL)
		return MIP_ERR_INVAL;
	mip_put_be16(head, src->cache_lifetime);
	mip_put_be32(head + 2, src->prev_fa_addr.v);
	mip_put_be32(head + 6, src->new_coa.v);
	mip_put_be32(head + 10, src->spi);
	return mip_ro_ext_putv(w, MIP_EXT_PFANE, NULL, parts, 2);
}

int
mip_ext_bw_decode(struct mip_bw *dst, const struct mip_ext *e,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint16_t rsvd;
	int rc;

	prof = profile(prof);
	memset(dst, 0, sizeof(*dst));
	if (!prof->ro)
		return mip_perr_fail(perr, e->off,
		    "Route Optimization disabled", MIP_ERR_UNSUPPORTED);
	rc = mip_ro_ext_check(e, prof->bw_ext_type, prof, perr);
	if (rc != 0)
		return rc;
	if (e->len < BW_EXT_HEAD_LEN) /* only if bw_ext_type is misconfigured */
		return mip_perr_fail(perr, e->off,
		    "extension length out of bounds", MIP_ERR_MALFORMED);
	/* optim-11 6.3: Reserved(16), Home Address, 0..N targets. */
	mip_rbuf_init(&r, e->body, e->len);
	(void)mip_rbuf_be16(&r, &rsvd);
	(void)mip_rbuf_ip4(&r, &dst->home_addr);
	dst->reserved = rsvd;
	return read_targets(&r, dst, (size_t)e->off + 2, perr);
}

int
mip_ext_bw_encode(struct mip_wbuf *w, const struct mip_bw *src,
    const struct mip_profile *prof)
{
	uint8_t body[BW_EXT_HEAD_LEN + 4 * MIP_BW_TARGETS_MAX];
	struct mip_ro_part part = { body, BW_EXT_HEAD_LEN };
	size_t i;

	prof = profile(prof);
	if (!prof->ro)
		return MIP_ERR_UNSUPPORTED;
	if (src->reserved > 0xffffU || src->n_targets > MIP_BW_TARGETS_MAX)
		return MIP_ERR_INVAL;
	mip_put_be16(body, (uint16_t)src->reserved);
	mip_put_be32(body + 2, src->home_addr.v);
	for (i = 0; i < src->n_targets; i++, part.len += 4)
		mip_put_be32(body + part.len, src->targets[i].v);
	return mip_ro_ext_putv(w, prof->bw_ext_type, prof, &part, 1);
}

/*
 * The smooth-handoff Binding Update's 12-octet fixed part (spec sheet 2.2),
 * after checking that type 35 can carry |pf|'s authenticator.
 */
static int
put_pfane_bu_fixed(struct mip_wbuf *w, const struct mip_ext_pfane *pf,
    struct mip_ip4 home_addr, uint8_t rrq_flags, const struct mip_profile *prof)
{
	const struct mip_ext_rule *auth;
	uint8_t flags = MIP_BU_F_A; /* optim-11 6.1: A MUST be set; I = 0 */

	if (!prof->ro)
		return MIP_ERR_UNSUPPORTED;
	auth = mip_ext_rule_get(MIP_SPACE_REG, MIP_EXT_RO_AUTH, prof);
	if (auth == NULL || auth->fmt != MIP_EXT_FMT_TLV)
		return MIP_ERR_INTERNAL;
	if (pf->auth_len > 0xffU - 4 || !len_in_rule(auth, 4 + pf->auth_len))
		return MIP_ERR_INVAL;
	/* spec sheet 2.2: M and G copied from the Registration Request. */
	if (rrq_flags & MIP_RRQ_F_M)
		flags |= MIP_BU_F_M;
	if (rrq_flags & MIP_RRQ_F_G)
		flags |= MIP_BU_F_G;
	if (mip_wbuf_left(w) < MIP_BU_LEN)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(w, prof->bu_type);
	(void)mip_wbuf_u8(w, flags);
	(void)mip_wbuf_be16(w, pf->cache_lifetime); /* optim-07 5.1 */
	(void)mip_wbuf_ip4(w, home_addr);
	(void)mip_wbuf_ip4(w, pf->new_coa);
	return 0;
}

mip_ssize
mip_pfane_auth_input(uint8_t *buf, size_t cap, const struct mip_ext_pfane *pf,
    struct mip_ip4 home_addr, uint8_t rrq_flags, const struct mip_profile *prof)
{
	struct mip_wbuf w;
	int rc;

	mip_wbuf_init(&w, buf, cap);
	rc = put_pfane_bu_fixed(&w, pf, home_addr, rrq_flags, profile(prof));
	if (rc != 0)
		return rc;
	/* spec sheet 2.1, 2.2: then the extension's Type, Length and SPI. */
	if (mip_wbuf_u8(&w, MIP_EXT_RO_AUTH) != 0 ||
	    mip_wbuf_u8(&w, (uint8_t)(4 + pf->auth_len)) != 0 ||
	    mip_wbuf_be32(&w, pf->spi) != 0)
		return MIP_ERR_NOBUF;
	return (mip_ssize)w.off;
}

mip_ssize
mip_pfane_bu_build(uint8_t *buf, size_t cap, const struct mip_ext_pfane *pf,
    struct mip_ip4 home_addr, uint8_t rrq_flags, const struct mip_profile *prof)
{
	/* optim-07 5.1: SPI and authenticator copied from the PFANE. */
	struct mip_ext_auth auth = { .type = MIP_EXT_RO_AUTH,
		.spi = pf->spi,
		.authenticator = pf->authenticator,
		.auth_len = pf->auth_len };
	struct mip_wbuf w;
	int rc;

	mip_wbuf_init(&w, buf, cap);
	rc = put_pfane_bu_fixed(&w, pf, home_addr, rrq_flags, profile(prof));
	if (rc != 0)
		return rc;
	rc = mip_ext_auth_encode(&w, &auth);
	return rc != 0 ? rc : (mip_ssize)w.off;
}
