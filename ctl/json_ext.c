/* SPDX-License-Identifier: ISC */
/*
 * JSON for extension lists (docs/json-fields.md section 7): one object per
 * extension with its typed fields, decoded by libmip's typed extension
 * decoders, and authenticator checks against the --key table. Also the
 * shared message error object.
 */
#include "ctl.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

json_t *
json_msg_error(struct dctx *c, int err, const struct mip_perr *perr,
    const char *kind, int type, const struct mip_exts *x)
{
	json_t *o = jx_error(c, err, perr);

	if (o == NULL)
		return NULL;
	if (kind != NULL)
		jx_set(o, "message", json_string(kind));
	if (type >= 0)
		jx_set_int(o, "type", type);
	if (err == MIP_ERR_UNKNOWN_EXT && x != NULL && x->unknown)
		jx_set_int(o, "ext_type", x->unknown_type);
	return o;
}

/*
 * RFC 5944 3.5.1: SPI, authenticator, and whether it verifies under the
 * SA with that SPI (null: no such SA).
 */
static int
put_auth(struct dctx *c, json_t *o, const struct mip_ext *e,
    const struct jx_msg *m, struct mip_perr *perr)
{
	const struct mip_sa *sa;
	struct mip_ext_auth a;
	int rc = mip_ext_auth_decode(&a, e, perr);

	if (rc != 0)
		return rc;
	jx_set_int(o, "spi", a.spi);
	jx_set(o, "authenticator", jx_hex(a.authenticator, a.auth_len));
	sa = keyring_find(
	    c->o->keys, a.spi, m->home_addr, c->have_src ? &c->src : NULL);
	if (sa == NULL)
		jx_set(o, "verified", json_null());
	else
		jx_set(o, "verified",
		    json_boolean(
			mip_auth_verify_ext(sa, m->p, m->len, e) == 0));
	return 0;
}

static int
put_nai(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_nai n;
	json_t *s;
	int rc = mip_ext_nai_decode(&n, e, perr);

	if (rc != 0)
		return rc;
	/* jansson refuses invalid UTF-8: show such NAIs as hex. */
	s = json_stringn((const char *)n.nai, n.len);
	if (s != NULL)
		jx_set(o, "nai", s);
	else
		jx_set(o, "nai_hex", jx_hex(n.nai, n.len));
	return 0;
}

static int
put_challenge(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_challenge ch;
	int rc = mip_ext_challenge_decode(&ch, e, perr);

	if (rc == 0)
		jx_set(o, "challenge", jx_hex(ch.challenge, ch.len));
	return rc;
}

static const struct mip_flag_name udp_req_flags[] = {
	{ MIP_UDPTUN_REQ_F_F, "F" },
	{ MIP_UDPTUN_REQ_F_R, "R" },
	{ 0, NULL },
};

static const struct mip_flag_name udp_rep_flags[] = {
	{ MIP_UDPTUN_REP_F_F, "F" },
	{ 0, NULL },
};

static int
put_udp_tun_req(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_udp_tun_req r;
	int rc = mip_ext_udp_tun_req_decode(&r, e, perr);

	if (rc != 0)
		return rc;
	jx_set(o, "flags", jx_flags(udp_req_flags, r.flags));
	jx_set_int(o, "encapsulation", r.encap);
	return 0;
}

static int
put_udp_tun_rep(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_udp_tun_rep r;
	int rc = mip_ext_udp_tun_rep_decode(&r, e, perr);

	if (rc != 0)
		return rc;
	jx_set_int(o, "reply_code", r.reply_code);
	jx_set(o, "flags", jx_flags(udp_rep_flags, r.flags));
	jx_set_int(o, "keepalive", r.keepalive);
	return 0;
}

static int
put_msg_string(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_msg_string m;
	int rc = mip_ext_msg_string_decode(&m, e, perr);

	if (rc != 0)
		return rc;
	jx_set_int(o, "subtype", m.subtype);
	jx_set(o, "text", json_stringn((const char *)m.text, m.len));
	return 0;
}

static int
put_vse(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_vse v;
	int rc = mip_ext_vse_decode(&v, e, perr);

	if (rc != 0)
		return rc;
	jx_set_int(o, "org_id", v.org_id);
	jx_set_int(o, "vendor_type", v.vendor_type);
	jx_set(o, "value", jx_hex(v.value, v.value_len));
	return 0;
}

/* Typed fields of a registration-space extension; 1: no typed printer. */
static int
put_reg(struct dctx *c, json_t *o, const struct mip_ext *e,
    const struct jx_msg *m, struct mip_perr *perr)
{
	int rc;

	if (e->flags & MIP_EXT_F_AUTH)
		return put_auth(c, o, e, m, perr);
	/* First: the profile may renumber the Binding Warning extension. */
	rc = json_ro_ext(c, o, e, m, perr);
	if (rc != 1)
		return rc;
	switch (e->type) {
	case MIP_EXT_PAD:
		return 0;
	case MIP_EXT_NAI:
		return put_nai(o, e, perr);
	case MIP_EXT_CHALLENGE:
		return put_challenge(o, e, perr);
	case MIP_EXT_ENCAP_DELIVERY:
		return mip_ext_encap_delivery_decode(e, perr);
	case MIP_EXT_UDP_TUN_REQ:
		return put_udp_tun_req(o, e, perr);
	case MIP_EXT_UDP_TUN_REP:
		return put_udp_tun_rep(o, e, perr);
	case MIP_EXT_MSG_STRING:
		return put_msg_string(o, e, perr);
	case MIP_EXT_CVSE:
	case MIP_EXT_NVSE:
		return put_vse(o, e, perr);
	default:
		return 1;
	}
}

/* Typed fields of an ICMP-space (advertisement) extension. */
static int
put_icmp(json_t *o, const struct mip_ext *e, const struct jx_msg *m)
{
	switch (e->type) {
	case MIP_ICMPEXT_PAD:
	case MIP_ICMPEXT_MOBILITY:
	case MIP_ICMPEXT_PREFIX_LENGTHS:
		return 0; /* mip_adv_decode's fields, printed at the top level */
	case MIP_ICMPEXT_CHALLENGE:
		/* RFC 4721 3.1, as mip_adv_decode found it */
		if (m->adv_challenge != NULL)
			jx_set(o, "challenge",
			    jx_hex(m->adv_challenge, m->adv_challenge_len));
		return 0;
	default:
		return 1;
	}
}

json_t *
json_exts(struct dctx *c, const struct mip_exts *x, enum mip_ext_space space,
    const struct jx_msg *m, bool *is_err)
{
	json_t *a = json_array();
	size_t i;

	*is_err = false;
	if (a == NULL)
		return NULL;
	for (i = 0; i < x->n; i++) {
		const struct mip_ext *e = &x->e[i];
		struct mip_perr perr = { 0, NULL };
		json_t *o = json_object();
		int rc = 1;

		if (o == NULL)
			break;
		jx_set_int(o, "type", e->type);
		jx_set(o, "name",
		    json_string((e->flags & MIP_EXT_F_UNKNOWN)
			    ? "unknown"
			    : mip_ext_name(space, e->type, &c->o->prof)));
		if (e->fmt == MIP_EXT_FMT_LONG)
			jx_set_int(o, "subtype", e->subtype);
		if (!(e->flags & MIP_EXT_F_UNKNOWN))
			rc = space == MIP_SPACE_REG ? put_reg(c, o, e, m, &perr)
						    : put_icmp(o, e, m);
		/*
     * RFC 5944 1.9: a body we cannot interpret is skipped when
     * the type is 128 or more; below 128 the message is bad.
     */
		if (rc == MIP_ERR_UNSUPPORTED && e->type >= 128)
			rc = 1;
		if (rc < 0) {
			struct mip_perr at = { e->off, perr.reason };

			json_decref(o);
			json_decref(a);
			*is_err = true;
			o = jx_error(c, rc, &at);
			if (o != NULL)
				jx_set_int(o, "ext_type", e->type);
			return o;
		}
		if (rc > 0)
			jx_set(o, "data", jx_hex(e->body, e->len));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
json_add_exts(
    struct dctx *c, json_t *o, const struct mip_exts *x, const struct jx_msg *m)
{
	bool is_err = false;
	json_t *a = json_exts(c, x, MIP_SPACE_REG, m, &is_err);

	if (!is_err) {
		jx_set(o, "extensions", a);
		return o;
	}
	if (a != NULL) {
		jx_set(
		    a, "message", json_incref(json_object_get(o, "message")));
		jx_set(a, "type", json_incref(json_object_get(o, "type")));
	}
	json_decref(o);
	return a;
}
