/* SPDX-License-Identifier: ISC */
/*
 * JSON printers for Route Optimization (optim-07 4-5; spec sheet 1-2.6):
 * the Binding Warning, Request, Update and Acknowledge messages, and the
 * typed fields of the RO and registration-key extensions, all decoded by
 * mip_ro.h and mip_regkey.h. Field names: docs/json-fields.md 4 and 7.
 */
#include "ctl.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_regkey.h"
#include "mip/mip_ro.h"

/* Binding Update flags A I M G (optim-07 4.3); libmip has no table. */
static const struct mip_flag_name bu_flag_names[] = {
	{ MIP_BU_F_A, "A" },
	{ MIP_BU_F_I, "I" },
	{ MIP_BU_F_M, "M" },
	{ MIP_BU_F_G, "G" },
	{ 0, NULL },
};

/* A new message object with "message" and "type". */
static json_t *
msg_new(const char *kind, uint8_t type)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string(kind));
	jx_set_int(o, "type", type);
	return o;
}

static json_t *
targets(const struct mip_bw *bw)
{
	json_t *a = json_array();
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < bw->n_targets; i++)
		json_array_append_new(a, jx_ip4(bw->targets[i]));
	return a;
}

json_t *
json_bw(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "binding_warning";
	struct mip_perr perr = { 0, NULL };
	struct mip_bw m;
	json_t *o;
	int rc;

	rc = mip_bw_decode(&m, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return json_msg_error(c, rc, &perr, kind, p[0], NULL);
	o = msg_new(kind, p[0]);
	if (o == NULL)
		return NULL;
	jx_set(o, "home_addr", jx_ip4(m.home_addr));
	jx_set(o, "targets", targets(&m));
	return o;
}

json_t *
json_br(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "binding_request";
	struct mip_perr perr = { 0, NULL };
	struct mip_br m;
	json_t *o;
	int rc;

	rc = mip_br_decode(&m, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return json_msg_error(c, rc, &perr, kind, p[0], NULL);
	o = msg_new(kind, p[0]);
	if (o == NULL)
		return NULL;
	jx_set(o, "home_addr", jx_ip4(m.home_addr));
	jx_set(o, "ident", jx_ident(m.ident));
	return o;
}

json_t *
json_bu(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "binding_update";
	struct mip_perr perr = { 0, NULL };
	struct mip_bu m;
	struct jx_msg jm;
	json_t *o;
	int rc;

	rc = mip_bu_decode(&m, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return json_msg_error(c, rc, &perr, kind, p[0], &m.exts);
	o = msg_new(kind, p[0]);
	if (o == NULL)
		return NULL;
	jx_set(o, "flags", jx_flags(bu_flag_names, m.flags));
	jx_set_int(o, "lifetime", m.lifetime);
	jx_set(o, "home_addr", jx_ip4(m.home_addr));
	jx_set(o, "coa", jx_ip4(m.coa));
	/* optim-07 4.3: Identification is present only with I. */
	jx_set(o, "ident",
	    (m.flags & MIP_BU_F_I) ? jx_ident(m.ident) : json_null());
	jm = (struct jx_msg){ p, len, &m.home_addr, 0, NULL, 0 };
	return json_add_exts(c, o, &m.exts, &jm);
}

json_t *
json_ba(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "binding_acknowledge";
	struct mip_perr perr = { 0, NULL };
	struct mip_ba m;
	struct jx_msg jm;
	json_t *o;
	int rc;

	rc = mip_ba_decode(&m, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return json_msg_error(c, rc, &perr, kind, p[0], &m.exts);
	o = msg_new(kind, p[0]);
	if (o == NULL)
		return NULL;
	jx_set_int(o, "status", m.status);
	jx_set(o, "status_name", json_string(mip_ba_status_name(m.status)));
	jx_set(o, "home_addr", jx_ip4(m.home_addr));
	/* Spec sheet 1.4: the 8-octet form has no Identification. */
	jx_set(o, "ident", m.short_form ? json_null() : jx_ident(m.ident));
	jm = (struct jx_msg){ p, len, &m.home_addr, 0, NULL, 0 };
	return json_add_exts(c, o, &m.exts, &jm);
}

/*
 * optim-07 5.1: the PFANE authenticator covers the Binding Update the new
 * FA will build from it (spec sheet 2.2); verify it against that. The SA
 * is the registration key shared with the previous FA.
 */
static json_t *
pfane_verified(
    struct dctx *c, const struct mip_ext_pfane *pf, const struct jx_msg *m)
{
	uint8_t in[64], mac[MIP_AUTH_MAX_LEN];
	const struct mip_sa *sa;
	mip_ssize n;

	sa = keyring_find(c->o->keys, pf->spi, &pf->prev_fa_addr, m->home_addr);
	if (sa == NULL)
		return json_null();
	if (m->home_addr == NULL)
		return json_false();
	n = mip_pfane_auth_input(
	    in, sizeof(in), pf, *m->home_addr, m->rrq_flags, &c->o->prof);
	if (n < 0 || mip_auth_len(sa) != pf->auth_len ||
	    mip_auth_compute(sa, in, (size_t)n, mac) != 0)
		return json_false();
	return json_boolean(mip_ct_memeq(mac, pf->authenticator, pf->auth_len));
}

static int
put_pfane(struct dctx *c, json_t *o, const struct mip_ext *e,
    const struct jx_msg *m, struct mip_perr *perr)
{
	struct mip_ext_pfane pf;
	int rc = mip_ext_pfane_decode(&pf, e, perr);

	if (rc != 0)
		return rc;
	jx_set_int(o, "cache_lifetime", pf.cache_lifetime);
	jx_set(o, "prev_fa_addr", jx_ip4(pf.prev_fa_addr));
	jx_set(o, "new_coa", jx_ip4(pf.new_coa));
	jx_set_int(o, "spi", pf.spi);
	jx_set(o, "authenticator", jx_hex(pf.authenticator, pf.auth_len));
	jx_set(o, "verified", pfane_verified(c, &pf, m));
	return 0;
}

static int
put_bw_ext(
    struct dctx *c, json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_bw bw;
	int rc = mip_ext_bw_decode(&bw, e, &c->o->prof, perr);

	if (rc != 0)
		return rc;
	jx_set(o, "home_addr", jx_ip4(bw.home_addr));
	jx_set(o, "targets", targets(&bw));
	return 0;
}

static int
put_regkey_spi(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_regkey_spi r;
	int rc = mip_ext_regkey_spi_decode(&r, e, perr);

	if (rc == 0)
		jx_set_int(o, "spi", r.spi);
	return rc;
}

static int
put_regkey_key(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_regkey_key r;
	int rc = mip_ext_regkey_key_decode(&r, e, perr);

	if (rc != 0)
		return rc;
	jx_set_int(o, "spi", r.spi);
	jx_set(o, "key", jx_hex(r.key, r.key_len));
	return 0;
}

static int
put_mn_pubkey(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_mn_pubkey r;
	int rc = mip_ext_mn_pubkey_decode(&r, e, perr);

	if (rc == 0)
		jx_set(o, "key", jx_hex(r.key, r.key_len));
	return rc;
}

static int
put_regkey_req(json_t *o, const struct mip_ext *e, struct mip_perr *perr)
{
	struct mip_ext_regkey_req r;
	int rc = mip_ext_regkey_req_decode(&r, e, perr);

	if (rc != 0)
		return rc;
	jx_set(o, "dh", json_boolean(mip_ext_regkey_req_is_dh(&r)));
	jx_set(o, "prime", jx_hex(r.prime, r.l));
	jx_set(o, "generator", jx_hex(r.generator, r.l));
	jx_set(o, "value", jx_hex(r.value, r.l));
	return 0;
}

int
json_ro_ext(struct dctx *c, json_t *o, const struct mip_ext *e,
    const struct jx_msg *m, struct mip_perr *perr)
{
	if (!c->o->prof.ro)
		return 1;
	if (e->type == c->o->prof.bw_ext_type)
		return put_bw_ext(c, o, e, perr);
	switch (e->type) {
	case MIP_EXT_PFANE:
		return put_pfane(c, o, e, m, perr);
	case MIP_EXT_FA_KEY_REQ:
	case MIP_EXT_SPI:
		return put_regkey_spi(o, e, perr);
	case MIP_EXT_MN_PUBKEY:
		return put_mn_pubkey(o, e, perr);
	case MIP_EXT_REGKEY_REQ:
		return put_regkey_req(o, e, perr);
	case MIP_EXT_FA_PUBKEY:
	case MIP_EXT_HM_KEY_REP:
	case MIP_EXT_FA_KEY_REP:
	case MIP_EXT_MN_PUBKEY_REP:
	case MIP_EXT_FA_PUBKEY_REP:
	case MIP_EXT_DH_KEY_REP:
		return put_regkey_key(o, e, perr);
	default:
		return 1;
	}
}
