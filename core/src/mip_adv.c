/* SPDX-License-Identifier: ISC */
/*
 * Agent Advertisement and Agent Solicitation codecs (RFC 1256 3; RFC 5944
 * 2.1, 2.2; RFC 4721 3.1). Owns the ICMP part of agent discovery and the
 * typed views of the ICMP-space extensions; leaves extension framing and
 * skippability to mip_ext_walk and all protocol decisions to the roles.
 */
#include <assert.h>
#include <string.h>

#include "mip/mip_adv.h"
#include "mip/mip_buf.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

const struct mip_flag_name mip_adv_flag_names[] = {
	{ MIP_ADV_F_R, "R" },
	{ MIP_ADV_F_B, "B" },
	{ MIP_ADV_F_H, "H" },
	{ MIP_ADV_F_F, "F" },
	{ MIP_ADV_F_M, "M" },
	{ MIP_ADV_F_G, "G" },
	{ MIP_ADV_F_r, "r" },
	{ MIP_ADV_F_T, "T" },
	{ MIP_ADV_F_U, "U" },
	{ MIP_ADV_F_X, "X" },
	{ MIP_ADV_F_I, "I" },
	{ 0, NULL },
};

/* Octets of a router entry that the view decodes: address, preference. */
#define ENTRY_WORDS_USED 2
#define MAX_PREFIX_LEN 32

/*
 * RFC 1256 3: the checksum covers the ICMP message from the Type octet;
 * the checksum of a valid message, its checksum field included, is 0.
 */
static int
check_icmp_sum(const uint8_t *buf, size_t len, bool *ok, struct mip_perr *perr)
{
	uint16_t folded = mip_csum(buf, len);

	*ok = folded == 0;
	if (mip_csum_bad(folded))
		return mip_perr_fail(
		    perr, 2, "ICMP checksum is wrong", MIP_ERR_CHECKSUM);
	return 0;
}

/*
 * Writes the checksum of the |len|-octet ICMP message at |buf|. In ones'
 * complement 0x0000 and 0xffff are both zero and both verify; a computed
 * 0x0000 is written as 0xffff when |prev| (the received value) was that,
 * so that valid input re-encodes to the same bytes.
 */
static void
put_icmp_sum(uint8_t *buf, size_t len, uint16_t prev)
{
	uint16_t c;

	buf[2] = 0;
	buf[3] = 0;
	c = mip_csum(buf, len);
	if (c == 0 && prev == 0xffffU)
		c = 0xffffU;
	mip_put_be16(buf + 2, c);
}

/* RFC 1256 3: Preference Level is a signed, twos-complement value. */
static int32_t
to_int32(uint32_t v)
{
	if (v <= (uint32_t)INT32_MAX)
		return (int32_t)v;
	return -(int32_t)(~v) - 1;
}

static uint32_t
from_int32(int32_t v)
{
	return (uint32_t)v; /* well defined: reduction modulo 2^32 */
}

static bool
is_typed(uint8_t type)
{
	return type == MIP_ICMPEXT_PAD || type == MIP_ICMPEXT_MOBILITY ||
	    type == MIP_ICMPEXT_PREFIX_LENGTHS || type == MIP_ICMPEXT_CHALLENGE;
}

static void
decode_mobility(struct mip_adv_mobility *m, const struct mip_ext *e)
{
	struct mip_rbuf r;
	size_t i;

	/* RFC 5944 2.1.1: Length = 6 + 4 * N; the walker checked it. */
	mip_rbuf_init(&r, e->body, e->len);
	(void)mip_rbuf_be16(&r, &m->seq);
	(void)mip_rbuf_be16(&r, &m->reg_lifetime);
	(void)mip_rbuf_be16(&r, &m->flags);
	m->n_coa = (uint8_t)((e->len - MIP_MOBILITY_EXT_MIN_LEN) / 4);
	for (i = 0; i < m->n_coa; i++)
		(void)mip_rbuf_ip4(&r, &m->coa[i]);
	assert(mip_rbuf_left(&r) == 0);
}

/* Fills the typed views from |dst->exts|; rejects repeats and bad
 * Prefix-Lengths. */
static int
decode_typed(struct mip_adv *dst, struct mip_perr *perr)
{
	size_t i, k;

	for (i = 0; i < dst->exts.n; i++) {
		const struct mip_ext *e = &dst->exts.e[i];

		switch (e->type) {
		case MIP_ICMPEXT_MOBILITY:
			if (dst->is_agent)
				return mip_perr_fail(perr, e->off,
				    "repeated mobility agent extension",
				    MIP_ERR_MALFORMED);
			dst->is_agent = true;
			decode_mobility(&dst->mob, e);
			break;
		case MIP_ICMPEXT_PREFIX_LENGTHS:
			if (dst->has_prefix)
				return mip_perr_fail(perr, e->off,
				    "repeated prefix-lengths extension",
				    MIP_ERR_MALFORMED);
			/* RFC 5944 2.1.2: Length N = Num Addrs. */
			if (e->len != dst->num_addrs)
				return mip_perr_fail(perr, e->off,
				    "prefix-lengths count differs from num "
				    "addrs",
				    MIP_ERR_MALFORMED);
			for (k = 0; k < e->len; k++) {
				if (e->body[k] > MAX_PREFIX_LEN)
					return mip_perr_fail(perr,
					    e->off + 2 + k,
					    "prefix length over 32",
					    MIP_ERR_MALFORMED);
				dst->prefix_len[k] = e->body[k];
			}
			dst->has_prefix = true;
			break;
		case MIP_ICMPEXT_CHALLENGE:
			if (dst->challenge != NULL)
				return mip_perr_fail(perr, e->off,
				    "repeated challenge extension",
				    MIP_ERR_MALFORMED);
			/* RFC 4721 3.1: length checked by the walker. */
			dst->challenge = e->body;
			dst->challenge_len = (uint8_t)e->len;
			break;
		default:
			break; /* padding, or skipped (type >= 128) */
		}
	}
	return 0;
}

int
mip_adv_decode(struct mip_adv *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint8_t type;
	size_t i, area;
	int rc;

	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	if (len < MIP_ICMP_ADV_LEN)
		return mip_perr_fail(perr, len,
		    "shorter than a router advertisement", MIP_ERR_SHORT);
	(void)mip_rbuf_u8(&r, &type);
	(void)mip_rbuf_u8(&r, &dst->code);
	(void)mip_rbuf_be16(&r, &dst->checksum);
	(void)mip_rbuf_u8(&r, &dst->num_addrs);
	(void)mip_rbuf_u8(&r, &dst->entry_size);
	(void)mip_rbuf_be16(&r, &dst->lifetime);
	if (type != MIP_ICMP_ROUTER_ADV)
		return mip_perr_fail(
		    perr, 0, "not a router advertisement", MIP_ERR_MALFORMED);
	/* RFC 5944 2.1: Code 0, or 16 for "no common traffic". */
	if (dst->code != MIP_ICMP_ADV_CODE_NORMAL &&
	    dst->code != MIP_ICMP_ADV_CODE_NO_COMMON)
		return mip_perr_fail(perr, 1, "advertisement code not 0 or 16",
		    MIP_ERR_MALFORMED);
	rc = check_icmp_sum(buf, len, &dst->checksum_ok, perr);
	if (rc != 0)
		return rc;
	if (dst->num_addrs > MIP_ADV_ROUTERS_MAX)
		return mip_perr_fail(
		    perr, 4, "too many router addresses", MIP_ERR_MALFORMED);
	/* RFC 1256 5.2: Addr Entry Size >= 2 (RFC 5944 2.1 allows no
	 * entries, and then the size describes nothing). */
	if (dst->num_addrs > 0 && dst->entry_size < ENTRY_WORDS_USED)
		return mip_perr_fail(
		    perr, 5, "addr entry size below 2", MIP_ERR_MALFORMED);
	/* RFC 1256 5.2: ICMP length >= 8 + Num Addrs * Entry Size * 4. */
	area = (size_t)dst->num_addrs * dst->entry_size * 4;
	if (mip_rbuf_left(&r) < area)
		return mip_perr_fail(
		    perr, len, "router entries overrun message", MIP_ERR_SHORT);
	dst->entries = dst->num_addrs > 0 ? mip_rbuf_cur(&r) : NULL;
	for (i = 0; i < dst->num_addrs; i++) {
		struct mip_adv_router *rt = &dst->routers[i];
		uint32_t pref;

		(void)mip_rbuf_ip4(&r, &rt->addr);
		(void)mip_rbuf_be32(&r, &pref);
		rt->pref = to_int32(pref);
		/* RFC 1256 3: words past the second are not ours to read. */
		(void)mip_rbuf_skip(
		    &r, ((size_t)dst->entry_size - ENTRY_WORDS_USED) * 4);
	}
	/* RFC 5944 2.4: data past the router entries are extensions. */
	rc = mip_ext_walk(&dst->exts, buf, len, r.off, MIP_SPACE_ICMP,
	    MIP_IN_ADV, prof, perr);
	if (rc != 0)
		return rc;
	rc = decode_typed(dst, perr);
	if (rc != 0)
		return rc;
	/* RFC 1256 5.2: a Router Advertisement needs Num Addrs >= 1; only
	 * an Agent Advertisement may have none (RFC 5944 2.1). */
	if (!dst->is_agent && dst->num_addrs == 0)
		return mip_perr_fail(perr, 4,
		    "router advertisement without addresses",
		    MIP_ERR_MALFORMED);
	return 0;
}

/* Checks |exts| against the typed fields, as the decoder would. */
static int
check_order(const struct mip_adv *a)
{
	size_t i, n_mob = 0, n_prefix = 0, n_chal = 0;

	for (i = 0; i < a->exts.n; i++) {
		const struct mip_ext *e = &a->exts.e[i];

		if (e->type == MIP_ICMPEXT_MOBILITY)
			n_mob++;
		else if (e->type == MIP_ICMPEXT_PREFIX_LENGTHS)
			n_prefix++;
		else if (e->type == MIP_ICMPEXT_CHALLENGE)
			n_chal++;
		else if (e->type != MIP_ICMPEXT_PAD &&
		    (e->type < 128 || (e->len > 0 && e->body == NULL)))
			return MIP_ERR_INVAL;
	}
	if (n_mob != (a->is_agent ? 1U : 0U) ||
	    n_prefix != (a->has_prefix ? 1U : 0U) ||
	    n_chal != (a->challenge != NULL ? 1U : 0U))
		return MIP_ERR_INVAL;
	return 0;
}

static int
check_fields(const struct mip_adv *a)
{
	size_t i;

	if (a->code != MIP_ICMP_ADV_CODE_NORMAL &&
	    a->code != MIP_ICMP_ADV_CODE_NO_COMMON)
		return MIP_ERR_INVAL;
	if (a->num_addrs > MIP_ADV_ROUTERS_MAX ||
	    (a->num_addrs > 0 && a->entry_size < ENTRY_WORDS_USED) ||
	    (!a->is_agent && a->num_addrs == 0))
		return MIP_ERR_INVAL;
	if (a->is_agent && a->mob.n_coa > MIP_ADV_COA_MAX)
		return MIP_ERR_INVAL;
	if (a->has_prefix)
		for (i = 0; i < a->num_addrs; i++)
			if (a->prefix_len[i] > MAX_PREFIX_LEN)
				return MIP_ERR_INVAL;
	if (a->challenge != NULL && a->challenge_len < 4)
		return MIP_ERR_INVAL;
	return check_order(a);
}

static int
put_routers(struct mip_wbuf *w, const struct mip_adv *a)
{
	size_t i, extra = 0;
	int rc = 0;

	if (a->num_addrs > 0)
		extra = ((size_t)a->entry_size - ENTRY_WORDS_USED) * 4;
	for (i = 0; i < a->num_addrs && rc == 0; i++) {
		rc = mip_wbuf_ip4(w, a->routers[i].addr);
		if (rc == 0)
			rc = mip_wbuf_be32(w, from_int32(a->routers[i].pref));
		if (rc != 0 || extra == 0)
			continue;
		if (a->entries != NULL)
			rc = mip_wbuf_bytes(
			    w, a->entries + i * (extra + 8) + 8, extra);
		else
			rc = mip_wbuf_zero(w, extra);
	}
	return rc;
}

static int
put_mobility(struct mip_wbuf *w, const struct mip_adv_mobility *m)
{
	size_t len = MIP_MOBILITY_EXT_MIN_LEN + 4 * (size_t)m->n_coa;
	size_t i;
	int rc;

	if (mip_wbuf_left(w) < 2 + len)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(w, MIP_ICMPEXT_MOBILITY);
	(void)mip_wbuf_u8(w, (uint8_t)len);
	(void)mip_wbuf_be16(w, m->seq);
	(void)mip_wbuf_be16(w, m->reg_lifetime);
	rc = mip_wbuf_be16(w, m->flags);
	for (i = 0; i < m->n_coa && rc == 0; i++)
		rc = mip_wbuf_ip4(w, m->coa[i]);
	return rc;
}

static int
put_ext(struct mip_wbuf *w, const struct mip_adv *a, const struct mip_ext *e)
{
	switch (e->type) {
	case MIP_ICMPEXT_PAD:
		return mip_ext_put(w, MIP_EXT_FMT_PAD, e->type, 0, NULL, 0);
	case MIP_ICMPEXT_MOBILITY:
		return put_mobility(w, &a->mob);
	case MIP_ICMPEXT_PREFIX_LENGTHS:
		return mip_ext_put(w, MIP_EXT_FMT_TLV, e->type, 0,
		    a->prefix_len, a->num_addrs);
	case MIP_ICMPEXT_CHALLENGE:
		return mip_ext_put(w, MIP_EXT_FMT_TLV, e->type, 0, a->challenge,
		    a->challenge_len);
	default:
		/* RFC 5944 1.9: a skippable type >= 128, kept verbatim. */
		return mip_ext_put(
		    w, MIP_EXT_FMT_TLV, e->type, 0, e->body, e->len);
	}
}

mip_ssize
mip_adv_encode(uint8_t *buf, size_t cap, const struct mip_adv *src)
{
	struct mip_wbuf w;
	size_t i;
	int rc;

	rc = check_fields(src);
	if (rc != 0)
		return rc;
	mip_wbuf_init(&w, buf, cap);
	if (mip_wbuf_left(&w) < MIP_ICMP_ADV_LEN)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(&w, MIP_ICMP_ROUTER_ADV);
	(void)mip_wbuf_u8(&w, src->code);
	(void)mip_wbuf_be16(&w, 0); /* checksum, filled in below */
	(void)mip_wbuf_u8(&w, src->num_addrs);
	(void)mip_wbuf_u8(&w, src->entry_size);
	(void)mip_wbuf_be16(&w, src->lifetime);
	rc = put_routers(&w, src);
	for (i = 0; i < src->exts.n && rc == 0; i++)
		rc = put_ext(&w, src, &src->exts.e[i]);
	if (rc != 0)
		return rc;
	put_icmp_sum(buf, w.off, src->checksum);
	return (mip_ssize)w.off;
}

static void
order_add(struct mip_adv *a, uint8_t type, enum mip_ext_fmt fmt)
{
	struct mip_ext *e = &a->exts.e[a->exts.n++];

	memset(e, 0, sizeof(*e));
	e->type = type;
	e->fmt = (uint8_t)fmt;
}

void
mip_adv_set_order(struct mip_adv *a, bool pad_even)
{
	size_t len = MIP_ICMP_ADV_LEN;

	memset(&a->exts, 0, sizeof(a->exts));
	if (a->num_addrs > 0)
		len += (size_t)a->num_addrs * a->entry_size * 4;
	if (a->is_agent) {
		order_add(a, MIP_ICMPEXT_MOBILITY, MIP_EXT_FMT_TLV);
		len += 2 + MIP_MOBILITY_EXT_MIN_LEN + 4 * (size_t)a->mob.n_coa;
	}
	if (a->has_prefix) {
		order_add(a, MIP_ICMPEXT_PREFIX_LENGTHS, MIP_EXT_FMT_TLV);
		len += 2 + (size_t)a->num_addrs;
	}
	if (a->challenge != NULL) {
		order_add(a, MIP_ICMPEXT_CHALLENGE, MIP_EXT_FMT_TLV);
		len += 2 + (size_t)a->challenge_len;
	}
	/* RFC 5944 2.1.3: at most one padding octet, and last. */
	if (pad_even && (len & 1))
		order_add(a, MIP_ICMPEXT_PAD, MIP_EXT_FMT_PAD);
}

static bool
mobility_equal(
    const struct mip_adv_mobility *a, const struct mip_adv_mobility *b)
{
	size_t i;

	if (a->seq != b->seq || a->reg_lifetime != b->reg_lifetime ||
	    a->flags != b->flags || a->n_coa != b->n_coa)
		return false;
	for (i = 0; i < a->n_coa && i < MIP_ADV_COA_MAX; i++)
		if (!mip_ip4_eq(a->coa[i], b->coa[i]))
			return false;
	return true;
}

/* Word |k| (0-based, >= 2) of router entry |i|, zero when not stored. */
static uint32_t
entry_word(const struct mip_adv *a, size_t i, size_t k)
{
	if (a->entries == NULL)
		return 0;
	return mip_get_be32(a->entries + (i * a->entry_size + k) * 4);
}

static bool
routers_equal(const struct mip_adv *a, const struct mip_adv *b)
{
	size_t i, k;

	if (a->num_addrs != b->num_addrs || a->entry_size != b->entry_size)
		return false;
	for (i = 0; i < a->num_addrs && i < MIP_ADV_ROUTERS_MAX; i++) {
		if (!mip_ip4_eq(a->routers[i].addr, b->routers[i].addr) ||
		    a->routers[i].pref != b->routers[i].pref)
			return false;
		for (k = ENTRY_WORDS_USED; k < a->entry_size; k++)
			if (entry_word(a, i, k) != entry_word(b, i, k))
				return false;
	}
	return true;
}

static bool
exts_order_equal(const struct mip_exts *a, const struct mip_exts *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct mip_ext *x = &a->e[i], *y = &b->e[i];

		if (x->type != y->type)
			return false;
		if (is_typed(x->type))
			continue; /* compared through the typed fields */
		if (x->len != y->len ||
		    (x->len > 0 && memcmp(x->body, y->body, x->len) != 0))
			return false;
	}
	return true;
}

bool
mip_adv_equal(const struct mip_adv *a, const struct mip_adv *b)
{
	if (a->code != b->code || a->lifetime != b->lifetime ||
	    !routers_equal(a, b) || a->is_agent != b->is_agent ||
	    a->has_prefix != b->has_prefix ||
	    (a->challenge != NULL) != (b->challenge != NULL))
		return false;
	if (a->is_agent && !mobility_equal(&a->mob, &b->mob))
		return false;
	if (a->has_prefix && a->num_addrs <= MIP_ADV_ROUTERS_MAX &&
	    memcmp(a->prefix_len, b->prefix_len, a->num_addrs) != 0)
		return false;
	if (a->challenge != NULL &&
	    (a->challenge_len != b->challenge_len ||
		memcmp(a->challenge, b->challenge, a->challenge_len) != 0))
		return false;
	return exts_order_equal(&a->exts, &b->exts);
}

enum mip_adv_fault
mip_adv_check(const struct mip_adv *a)
{
	uint16_t f = a->mob.flags;

	/* RFC 5944 2.1: the extension makes it an Agent Advertisement. */
	if (!a->is_agent)
		return MIP_ADV_NOT_AGENT;
	/* RFC 5944 2.1.1: at least one of F and H MUST be set. */
	if ((f & (MIP_ADV_F_F | MIP_ADV_F_H)) == 0)
		return MIP_ADV_NO_ROLE;
	/* RFC 5944 2.1.1: with F, at least one care-of address. */
	if ((f & MIP_ADV_F_F) && a->mob.n_coa == 0)
		return MIP_ADV_F_WITHOUT_COA;
	/* RFC 5944 2.1.1: MUST NOT set B, nor R, without F. */
	if ((f & MIP_ADV_F_B) && !(f & MIP_ADV_F_F))
		return MIP_ADV_B_WITHOUT_F;
	if ((f & MIP_ADV_F_R) && !(f & MIP_ADV_F_F))
		return MIP_ADV_R_WITHOUT_F;
	return MIP_ADV_OK;
}

const char *
mip_adv_fault_str(enum mip_adv_fault f)
{
	switch (f) {
	case MIP_ADV_OK:
		return "conforming agent advertisement";
	case MIP_ADV_NOT_AGENT:
		return "no mobility agent advertisement extension";
	case MIP_ADV_NO_ROLE:
		return "neither F nor H set";
	case MIP_ADV_F_WITHOUT_COA:
		return "F set without a care-of address";
	case MIP_ADV_B_WITHOUT_F:
		return "B set without F";
	case MIP_ADV_R_WITHOUT_F:
		return "R set without F";
	}
	return "unknown fault";
}

bool
mip_adv_offers_s(const struct mip_adv *a, const struct mip_profile *prof)
{
	if (prof == NULL)
		prof = &mip_profile_default;
	/* optim-07 5.2; spec sheet 2.4: S is read only in RO mode, at the
	 * configured position (0x0080 collides with RFC 3519's U). */
	return prof->ro && prof->s_mask != 0 && a->is_agent &&
	    (a->mob.flags & prof->s_mask) != 0;
}

int
mip_sol_decode(
    struct mip_sol *dst, const uint8_t *buf, size_t len, struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint8_t type, code;
	int rc;

	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	/* RFC 1256 4.2: ICMP length is 8 or more octets. */
	if (len < MIP_ICMP_SOL_LEN)
		return mip_perr_fail(perr, len,
		    "shorter than a router solicitation", MIP_ERR_SHORT);
	if (len > 0xffff)
		return mip_perr_fail(perr, 0,
		    "message longer than 65535 octets", MIP_ERR_MALFORMED);
	(void)mip_rbuf_u8(&r, &type);
	(void)mip_rbuf_u8(&r, &code);
	(void)mip_rbuf_be16(&r, &dst->checksum);
	(void)mip_rbuf_be32(&r, &dst->reserved);
	if (type != MIP_ICMP_ROUTER_SOL)
		return mip_perr_fail(
		    perr, 0, "not a router solicitation", MIP_ERR_MALFORMED);
	/* RFC 1256 4.2: ICMP Code is 0. */
	if (code != 0)
		return mip_perr_fail(
		    perr, 1, "solicitation code not 0", MIP_ERR_MALFORMED);
	rc = check_icmp_sum(buf, len, &dst->checksum_ok, perr);
	if (rc != 0)
		return rc;
	dst->extra_len = mip_rbuf_left(&r);
	if (dst->extra_len > 0)
		(void)mip_rbuf_bytes(&r, dst->extra_len, &dst->extra);
	assert(r.off == len);
	return 0;
}

mip_ssize
mip_sol_encode(uint8_t *buf, size_t cap, const struct mip_sol *src)
{
	struct mip_wbuf w;

	if ((src->extra_len > 0 && src->extra == NULL) ||
	    src->extra_len > 0xffff - MIP_ICMP_SOL_LEN)
		return MIP_ERR_INVAL;
	mip_wbuf_init(&w, buf, cap);
	if (mip_wbuf_left(&w) < MIP_ICMP_SOL_LEN + src->extra_len)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(&w, MIP_ICMP_ROUTER_SOL);
	(void)mip_wbuf_u8(&w, 0);
	(void)mip_wbuf_be16(&w, 0);
	(void)mip_wbuf_be32(&w, src->reserved);
	if (src->extra_len > 0)
		(void)mip_wbuf_bytes(&w, src->extra, src->extra_len);
	put_icmp_sum(buf, w.off, src->checksum);
	return (mip_ssize)w.off;
}
