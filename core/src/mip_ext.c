/* SPDX-License-Identifier: ISC */
/*
 * The extension rule tables and the walker. Owns RFC 5944 1.9's
 * skippability rule and every extension's length bounds; knows nothing
 * about what the bodies mean (the message codecs decode those).
 */
#include <assert.h>
#include <string.h>

#include "mip/mip_ext.h"
#include "mip/mip_proto.h"

const struct mip_profile mip_profile_default = {
	.ro = true,
	.bw_type = MIP_MSG_BIND_WARN,
	.br_type = MIP_MSG_BIND_REQ,
	.bu_type = MIP_MSG_BIND_UPDATE,
	.ba_type = MIP_MSG_BIND_ACK,
	.bw_ext_type = MIP_EXT_BIND_WARN,
	.p_mask = MIP_RRQ_P_DEFAULT,
	.s_mask = 0,
};

#define REQ MIP_IN_REG_REQ
#define REP MIP_IN_REG_REP
#define AUTH_MIN (4 + MIP_AUTH_MD5_LEN) /* SPI + shortest authenticator */
#define AUTH_MAX (4 + 64)
#define LEN16_MAX 0xffff

#define TLV(n, lo, hi, in, fl)                                                 \
	{                                                                      \
		.name = (n), .min_len = (lo), .max_len = (hi),                 \
		.fmt = MIP_EXT_FMT_TLV, .allowed_in = (in), .flags = (fl)      \
	}
#define L16(n, lo, in)                                                         \
	{                                                                      \
		.name = (n), .min_len = (lo), .max_len = LEN16_MAX,            \
		.fmt = MIP_EXT_FMT_LEN16, .allowed_in = (in),                  \
		.flags = MIP_EXT_F_RO                                          \
	}

/* Registration number space (RFC 5944 1.8, IANA, optim-07, REGKEY-00). */
static const struct mip_ext_rule reg_rules[256] = {
	[MIP_EXT_PAD] = { .name = "padding",
	    .fmt = MIP_EXT_FMT_PAD,
	    .allowed_in = REQ | REP | MIP_IN_BU | MIP_IN_BA },
	/* RFC 5944 3.5.2-3.5.4: Length = 4 + authenticator length. */
	[MIP_EXT_MN_HA_AUTH] =
	    TLV("mn_ha_auth", AUTH_MIN, AUTH_MAX, REQ | REP, MIP_EXT_F_AUTH),
	[MIP_EXT_MN_FA_AUTH] =
	    TLV("mn_fa_auth", AUTH_MIN, AUTH_MAX, REQ | REP, MIP_EXT_F_AUTH),
	[MIP_EXT_FA_HA_AUTH] =
	    TLV("fa_ha_auth", AUTH_MIN, AUTH_MAX, REQ | REP, MIP_EXT_F_AUTH),
	/* optim-07 4.5: same layout, in Binding Updates (and Acks). */
	[MIP_EXT_RO_AUTH] = TLV("ro_auth", AUTH_MIN, AUTH_MAX,
	    MIP_IN_BU | MIP_IN_BA, MIP_EXT_F_AUTH | MIP_EXT_F_RO),
	/* RFC 4721 3.2: long format, SPI + authenticator. */
	[MIP_EXT_GEN_AUTH] = { .name = "gen_auth",
	    .min_len = AUTH_MIN,
	    .max_len = AUTH_MAX,
	    .fmt = MIP_EXT_FMT_LONG,
	    .allowed_in = REQ | REP,
	    .flags = MIP_EXT_F_AUTH },
	/* RFC 3115 3.1: Reserved, Length(16), Org-ID(4), CVSE-Type(2). */
	[MIP_EXT_CVSE] = { .name = "cvse",
	    .min_len = 6,
	    .max_len = LEN16_MAX,
	    .fmt = MIP_EXT_FMT_LONG,
	    .allowed_in = REQ | REP },
	/* RFC 3519 3.2: Length = 6. */
	[MIP_EXT_UDP_TUN_REP] = TLV("udp_tunnel_reply", 6, 6, REP, 0),
	/* optim-07 5.1: Length = 14 + authenticator length. */
	[MIP_EXT_PFANE] = TLV("prev_fa_notify", 14 + MIP_AUTH_MD5_LEN, 14 + 64,
	    REQ, MIP_EXT_F_RO),
	/* REGKEY-00 4-5 (spec sheet 2.6): odd 8- and 16-bit Length fields. */
	[MIP_EXT_FA_KEY_REQ] = TLV("fa_key_req", 4, 4, REQ, MIP_EXT_F_RO),
	[MIP_EXT_MN_PUBKEY] = L16("mn_pubkey", 1, REQ),
	[MIP_EXT_FA_PUBKEY] = L16("fa_pubkey", 5, REQ),
	[MIP_EXT_REGKEY_REQ] = { .name = "regkey_req",
	    .min_len = 0,
	    .max_len = 3 * 21845,
	    .step = 3,
	    .fmt = MIP_EXT_FMT_LEN16,
	    .allowed_in = REQ,
	    .flags = MIP_EXT_F_RO },
	[MIP_EXT_HM_KEY_REP] = L16("hm_key_rep", 5, REP),
	[MIP_EXT_FA_KEY_REP] = L16("fa_key_rep", 5, REP),
	[MIP_EXT_MN_PUBKEY_REP] = L16("mn_pubkey_rep", 5, REQ | REP),
	[MIP_EXT_FA_PUBKEY_REP] = L16("fa_pubkey_rep", 5, REP),
	[MIP_EXT_DH_KEY_REP] = L16("dh_key_rep", 5, REQ | REP),
	[MIP_EXT_SPI] = TLV("spi", 4, 4, REP, MIP_EXT_F_RO),
	/* RFC 3024 3.3: Length 0. */
	[MIP_EXT_ENCAP_DELIVERY] = TLV("encap_delivery", 0, 0, REQ, 0),
	/* RFC 2794 2: the NAI, at least one octet. */
	[MIP_EXT_NAI] = TLV("mn_nai", 1, 255, REQ | REP, 0),
	/* RFC 4721 3.1: at least 32 bits of challenge. */
	[MIP_EXT_CHALLENGE] = TLV("challenge", 4, 255, REQ | REP, 0),
	/* RFC 3115 3.2: Reserved(2), Org-ID(4), NVSE-Type(2), value. */
	[MIP_EXT_NVSE] = TLV("nvse", 8, 255, REQ | REP, 0),
	/* RFC 3519 3.1: Length = 6. */
	[MIP_EXT_UDP_TUN_REQ] = TLV("udp_tunnel_req", 6, 6, REQ, 0),
	/* RFC 4917 3: Sub-Type then text. */
	[MIP_EXT_MSG_STRING] = TLV("msg_string", 1, 255, REP, 0),
};

/* optim-11 6.3: Binding Warning extension; its type comes from the profile. */
static const struct mip_ext_rule bw_ext_rule = {
	.name = "bind_warn_ext",
	.min_len = 6,
	.max_len = 254,
	.step = 4,
	.fmt = MIP_EXT_FMT_TLV,
	.allowed_in = REQ,
	.flags = MIP_EXT_F_RO,
};

/* ICMP Router Discovery number space (RFC 5944 1.8, 2.1; RFC 4721). */
static const struct mip_ext_rule icmp_rules[256] = {
	[MIP_ICMPEXT_PAD] = { .name = "padding",
	    .fmt = MIP_EXT_FMT_PAD,
	    .allowed_in = MIP_IN_ADV },
	/* RFC 5944 2.1.1: Length = 6 + 4 * N. */
	[MIP_ICMPEXT_MOBILITY] = { .name = "mobility_agent_adv",
	    .min_len = MIP_MOBILITY_EXT_MIN_LEN,
	    .max_len = 254,
	    .step = 4,
	    .fmt = MIP_EXT_FMT_TLV,
	    .allowed_in = MIP_IN_ADV },
	/* RFC 5944 2.1.2: one octet per router address. */
	[MIP_ICMPEXT_PREFIX_LENGTHS] =
	    TLV("prefix_lengths", 0, 255, MIP_IN_ADV, 0),
	/* RFC 4721 3.1 */
	[MIP_ICMPEXT_CHALLENGE] = TLV("challenge", 4, 255, MIP_IN_ADV, 0),
};

const struct mip_ext_rule *
mip_ext_rule_get(
    enum mip_ext_space space, uint8_t type, const struct mip_profile *prof)
{
	const struct mip_ext_rule *r;

	if (prof == NULL)
		prof = &mip_profile_default;
	if (space == MIP_SPACE_ICMP) {
		r = &icmp_rules[type];
		return r->name != NULL ? r : NULL;
	}
	if (prof->ro && type == prof->bw_ext_type && type != MIP_EXT_PAD)
		return &bw_ext_rule;
	r = &reg_rules[type];
	if (r->name == NULL)
		return NULL;
	if ((r->flags & MIP_EXT_F_RO) && !prof->ro)
		return NULL;
	return r;
}

const char *
mip_ext_name(
    enum mip_ext_space space, uint8_t type, const struct mip_profile *prof)
{
	const struct mip_ext_rule *r = mip_ext_rule_get(space, type, prof);

	return r != NULL ? r->name : "unknown";
}

size_t
mip_ext_hdr_len(enum mip_ext_fmt fmt)
{
	switch (fmt) {
	case MIP_EXT_FMT_PAD:
		return 1;
	case MIP_EXT_FMT_TLV:
		return 2;
	case MIP_EXT_FMT_LEN16:
		return 3;
	case MIP_EXT_FMT_LONG:
		return 4;
	}
	return 2;
}

/* Reads the header at the cursor for |fmt|; fills type/subtype/len. */
static int
read_header(struct mip_rbuf *r, enum mip_ext_fmt fmt, struct mip_ext *e)
{
	uint8_t u8;
	uint16_t u16;

	e->subtype = 0;
	e->len = 0;
	(void)mip_rbuf_u8(r, &e->type); /* checked by the caller */
	switch (fmt) {
	case MIP_EXT_FMT_PAD:
		return 0;
	case MIP_EXT_FMT_TLV:
		if (mip_rbuf_u8(r, &u8) != 0)
			return MIP_ERR_SHORT;
		e->len = u8;
		return 0;
	case MIP_EXT_FMT_LEN16:
		if (mip_rbuf_be16(r, &u16) != 0)
			return MIP_ERR_SHORT;
		e->len = u16;
		return 0;
	case MIP_EXT_FMT_LONG:
		if (mip_rbuf_u8(r, &e->subtype) != 0 ||
		    mip_rbuf_be16(r, &u16) != 0)
			return MIP_ERR_SHORT;
		e->len = u16;
		return 0;
	}
	return MIP_ERR_INTERNAL;
}

int
mip_ext_walk(struct mip_exts *out, const uint8_t *msg, size_t len, size_t start,
    enum mip_ext_space space, unsigned ctx, const struct mip_profile *prof,
    struct mip_perr *perr)
{
	struct mip_rbuf r;

	memset(out, 0, sizeof(*out));
	if (len > 0xffff)
		return mip_perr_fail(perr, 0,
		    "message longer than 65535 octets", MIP_ERR_MALFORMED);
	if (start > len)
		return mip_perr_fail(
		    perr, len, "extensions start past the end", MIP_ERR_SHORT);
	mip_rbuf_init(&r, msg, len);
	r.off = start;

	while (mip_rbuf_left(&r) > 0) {
		size_t off = r.off;
		uint8_t type = msg[off];
		const struct mip_ext_rule *rule;
		struct mip_ext *e;
		enum mip_ext_fmt fmt;
		int rc;

		rule = mip_ext_rule_get(space, type, prof);
		if (rule != NULL && (rule->allowed_in & ctx) == 0)
			rule = NULL; /* known, but not in this message */
		if (rule == NULL && type < 128) {
			/* RFC 5944 1.9: the whole message must be discarded. */
			out->unknown = true;
			out->unknown_type = type;
			out->unknown_off = (uint16_t)off;
			return mip_perr_fail(perr, off,
			    "unrecognised non-skippable extension",
			    MIP_ERR_UNKNOWN_EXT);
		}
		if (out->n == MIP_EXTS_MAX)
			return mip_perr_fail(perr, off, "too many extensions",
			    MIP_ERR_MALFORMED);
		e = &out->e[out->n];
		fmt = rule != NULL ? (enum mip_ext_fmt)rule->fmt
				   : MIP_EXT_FMT_TLV;
		e->off = (uint16_t)off;
		e->fmt = (uint8_t)fmt;
		e->flags = rule != NULL ? rule->flags : MIP_EXT_F_UNKNOWN;
		rc = read_header(&r, fmt, e);
		if (rc != 0)
			return mip_perr_fail(
			    perr, off, "extension header truncated", rc);
		if (mip_rbuf_bytes(&r, e->len, &e->body) != 0)
			return mip_perr_fail(perr, off,
			    "extension overruns message", MIP_ERR_SHORT);
		if (rule != NULL &&
		    (e->len < rule->min_len || e->len > rule->max_len ||
			(rule->step != 0 &&
			    (e->len - rule->min_len) % rule->step != 0)))
			return mip_perr_fail(perr, off,
			    "extension length out of bounds",
			    MIP_ERR_MALFORMED);
		out->n++;
	}
	assert(r.off == len);
	return 0;
}

int
mip_ext_put(struct mip_wbuf *w, enum mip_ext_fmt fmt, uint8_t type,
    uint8_t subtype, const uint8_t *body, size_t len)
{
	size_t need = mip_ext_hdr_len(fmt) + len;

	if ((fmt == MIP_EXT_FMT_TLV && len > 0xff) || len > 0xffff ||
	    (fmt == MIP_EXT_FMT_PAD && len != 0))
		return MIP_ERR_INVAL;
	if (mip_wbuf_left(w) < need)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(w, type);
	switch (fmt) {
	case MIP_EXT_FMT_PAD:
		break;
	case MIP_EXT_FMT_TLV:
		(void)mip_wbuf_u8(w, (uint8_t)len);
		break;
	case MIP_EXT_FMT_LEN16:
		(void)mip_wbuf_be16(w, (uint16_t)len);
		break;
	case MIP_EXT_FMT_LONG:
		(void)mip_wbuf_u8(w, subtype);
		(void)mip_wbuf_be16(w, (uint16_t)len);
		break;
	}
	return mip_wbuf_bytes(w, body, len);
}

int
mip_exts_encode(struct mip_wbuf *w, const struct mip_exts *x)
{
	size_t i;
	int rc;

	for (i = 0; i < x->n; i++) {
		const struct mip_ext *e = &x->e[i];

		rc = mip_ext_put(w, (enum mip_ext_fmt)e->fmt, e->type,
		    e->subtype, e->body, e->len);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct mip_ext *
mip_exts_find(const struct mip_exts *x, uint8_t type, size_t from)
{
	size_t i;

	for (i = from; i < x->n; i++)
		if (x->e[i].type == type)
			return &x->e[i];
	return NULL;
}

bool
mip_exts_equal(const struct mip_exts *a, const struct mip_exts *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct mip_ext *x = &a->e[i], *y = &b->e[i];

		if (x->type != y->type || x->fmt != y->fmt ||
		    x->subtype != y->subtype || x->len != y->len ||
		    (x->len > 0 && memcmp(x->body, y->body, x->len) != 0))
			return false;
	}
	return true;
}
