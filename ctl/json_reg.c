/* SPDX-License-Identifier: ISC */
/*
 * JSON printers for the Registration Request and Reply (RFC 5944 3.3,
 * 3.4), decoded with mip_reg_req_decode/mip_reg_rep_decode. Field names
 * are listed in docs/json-fields.md section 3.
 */
#include "ctl.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

json_t *
json_reg_req(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "registration_request";
	struct mip_perr perr = { 0, NULL };
	struct mip_reg_req m = { 0 };
	struct jx_msg jm;
	json_t *o;
	int rc;

	rc = mip_reg_req_decode(&m, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return json_msg_error(
		    c, rc, &perr, kind, MIP_MSG_REG_REQ, &m.exts);
	o = json_object();
	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string(kind));
	jx_set_int(o, "type", MIP_MSG_REG_REQ);
	jx_set(o, "flags", jx_flags(mip_rrq_flag_names, m.flags));
	jx_set_int(o, "lifetime", m.lifetime);
	jx_set(o, "home_addr", jx_ip4(m.home_addr));
	jx_set(o, "ha_addr", jx_ip4(m.ha_addr));
	jx_set(o, "coa", jx_ip4(m.coa));
	jx_set(o, "ident", jx_ident(m.ident));
	jm = (struct jx_msg){ p, len, &m.home_addr, m.flags, NULL, 0 };
	return json_add_exts(c, o, &m.exts, &jm);
}

json_t *
json_reg_rep(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "registration_reply";
	struct mip_perr perr = { 0, NULL };
	struct mip_reg_rep m = { 0 };
	struct jx_msg jm;
	json_t *o;
	int rc;

	rc = mip_reg_rep_decode(&m, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return json_msg_error(
		    c, rc, &perr, kind, MIP_MSG_REG_REP, &m.exts);
	o = json_object();
	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string(kind));
	jx_set_int(o, "type", MIP_MSG_REG_REP);
	jx_set_int(o, "code", m.code);
	jx_set(o, "code_name", json_string(mip_code_name(m.code)));
	jx_set_int(o, "lifetime", m.lifetime);
	jx_set(o, "home_addr", jx_ip4(m.home_addr));
	jx_set(o, "ha_addr", jx_ip4(m.ha_addr));
	jx_set(o, "ident", jx_ident(m.ident));
	jm = (struct jx_msg){ p, len, &m.home_addr, 0, NULL, 0 };
	return json_add_exts(c, o, &m.exts, &jm);
}
