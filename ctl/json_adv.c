/* SPDX-License-Identifier: ISC */
/*
 * JSON printers for ICMP messages (docs/json-fields.md 5): Agent and Router
 * Advertisements (RFC 1256 3; RFC 5944 2.1) via mip_adv_decode, Agent
 * Solicitations (RFC 5944 2.2) via mip_sol_decode, and any other ICMP
 * message via mip_icmp_decode.
 */
#include "ctl.h"
#include "mip/mip_adv.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

static json_t *
icmp_new(const char *kind, uint8_t type, uint8_t code, bool checksum_ok)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string(kind));
	jx_set_int(o, "icmp_type", type);
	jx_set_int(o, "icmp_code", code);
	jx_set(o, "checksum_ok", json_boolean(checksum_ok));
	return o;
}

static json_t *
icmp_error(struct dctx *c, int rc, const struct mip_perr *perr,
    const char *kind, uint8_t type, const struct mip_exts *x)
{
	json_t *o = json_msg_error(c, rc, perr, kind, -1, x);

	if (o != NULL)
		jx_set_int(o, "icmp_type", type);
	return o;
}

static json_t *
routers(const struct mip_adv *a)
{
	json_t *arr = json_array();
	size_t i;

	if (arr == NULL)
		return NULL;
	for (i = 0; i < a->num_addrs && i < MIP_ADV_ROUTERS_MAX; i++) {
		json_t *r = json_object();

		if (r == NULL)
			break;
		jx_set(r, "addr", jx_ip4(a->routers[i].addr));
		jx_set_int(r, "preference", a->routers[i].pref);
		json_array_append_new(arr, r);
	}
	return arr;
}

static void
put_mobility(json_t *o, const struct mip_adv_mobility *mob)
{
	json_t *coas = json_array();
	size_t i;

	jx_set_int(o, "sequence", mob->seq);
	jx_set_int(o, "reg_lifetime", mob->reg_lifetime);
	jx_set(o, "flags", jx_flags(mip_adv_flag_names, mob->flags));
	for (i = 0; coas != NULL && i < mob->n_coa; i++)
		json_array_append_new(coas, jx_ip4(mob->coa[i]));
	jx_set(o, "coas", coas);
}

static json_t *
prefix_lengths(const struct mip_adv *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr != NULL && i < a->num_addrs && i < MIP_ADV_ROUTERS_MAX;
	     i++)
		json_array_append_new(arr, json_integer(a->prefix_len[i]));
	return arr;
}

static json_t *
json_adv(struct dctx *c, const uint8_t *p, size_t len)
{
	struct mip_perr perr = { 0, NULL };
	struct jx_msg jm = { p, len, NULL, 0, NULL, 0 };
	const char *kind;
	struct mip_adv a;
	bool is_err = false;
	json_t *o, *exts;
	int rc;

	rc = mip_adv_decode(&a, p, len, &c->o->prof, &perr);
	if (rc != 0)
		return icmp_error(c, rc, &perr, "agent_advertisement",
		    MIP_ICMP_ROUTER_ADV, &a.exts);
	kind = a.is_agent ? "agent_advertisement" : "router_advertisement";
	jm.adv_challenge = a.challenge;
	jm.adv_challenge_len = a.challenge_len;
	exts = json_exts(c, &a.exts, MIP_SPACE_ICMP, &jm, &is_err);
	if (is_err) {
		if (exts != NULL) {
			jx_set(exts, "message", json_string(kind));
			jx_set_int(exts, "icmp_type", MIP_ICMP_ROUTER_ADV);
		}
		return exts;
	}
	o = icmp_new(kind, MIP_ICMP_ROUTER_ADV, a.code, a.checksum_ok);
	if (o == NULL) {
		json_decref(exts);
		return NULL;
	}
	jx_set_int(o, "lifetime", a.lifetime);
	jx_set(o, "routers", routers(&a));
	if (a.is_agent)
		put_mobility(o, &a.mob);
	if (a.has_prefix)
		jx_set(o, "prefix_lengths", prefix_lengths(&a));
	jx_set(o, "extensions", exts);
	return o;
}

static json_t *
json_sol(struct dctx *c, const uint8_t *p, size_t len)
{
	struct mip_perr perr = { 0, NULL };
	struct mip_sol s;
	int rc;

	rc = mip_sol_decode(&s, p, len, &perr);
	if (rc != 0)
		return icmp_error(c, rc, &perr, "agent_solicitation",
		    MIP_ICMP_ROUTER_SOL, NULL);
	return icmp_new(
	    "agent_solicitation", MIP_ICMP_ROUTER_SOL, p[1], s.checksum_ok);
}

json_t *
dissect_icmp(struct dctx *c, const uint8_t *p, size_t len)
{
	struct mip_perr perr = { 0, NULL };
	struct mip_icmp_hdr h;
	int rc;

	if (len > 0 && p[0] == MIP_ICMP_ROUTER_ADV)
		return json_adv(c, p, len);
	if (len > 0 && p[0] == MIP_ICMP_ROUTER_SOL)
		return json_sol(c, p, len);
	rc = mip_icmp_decode(&h, p, len, &perr);
	if (rc != 0)
		return json_msg_error(c, rc, &perr, "icmp", -1, NULL);
	/* mip_icmp_decode accepts a bad checksum only when fuzzing. */
	return icmp_new("icmp", h.type, h.code, mip_csum(p, len) == 0);
}
