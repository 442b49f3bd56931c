/* SPDX-License-Identifier: ISC */
/*
 * The node's introspection entry points (mip_node.h): hand each view to
 * the role that owns the data, and show the SA table without keys. Reads
 * only; nothing here changes the node or queues an action.
 */
#include <string.h>

#include "mip/mip_node.h"
#include "mip_node_int.h"

uint32_t
mip_info_secs_left(mip_tstamp when, const struct mip_now *now)
{
	mip_duration left;

	if (when == MIP_TSTAMP_NONE)
		return MIP_INFO_FOREVER;
	if (when <= now->mono)
		return 0;
	/* Rounded down, as the home agent counts a lifetime left. */
	left = (when - now->mono) / MIP_SEC;
	return left >= MIP_INFO_FOREVER ? MIP_INFO_FOREVER - 1 : (uint32_t)left;
}

void
mip_node_info(const struct mip_node *node, struct mip_node_info *out)
{
	memset(out, 0, sizeof(*out));
	out->roles = node->roles;
	out->nifs = node->ctx.nifs;
	out->nsas = mip_sa_count(node->ctx.sas);
	out->next_expiry = mip_timerq_next(&node->ctx.tq);
	if (node->ha != NULL)
		mip_ha_info(node->ha, out);
	if (node->fa != NULL)
		mip_fa_info(node->fa, out);
	if (node->mn != NULL)
		mip_mn_info(node->mn, out);
	if (node->cn != NULL)
		mip_cn_info(node->cn, out);
}

int
mip_node_cache_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_cache_info *out)
{
	if (node->cn == NULL || mip_cn_cache_next(node->cn, it, now, out) == 0)
		return 0;
	/* Paper 4.3: the previous foreign agent's forwarding binding; never
	 * a special tunnel (coa = home address, RO spec 3), which a handoff
	 * record of a mobile node gone home would otherwise match. */
	out->handoff = node->fa != NULL &&
	    !mip_ip4_eq(out->coa, out->home_addr) &&
	    mip_fa_handoff_holds(node->fa, out->home_addr, out->coa);
	return 1;
}

int
mip_node_binding_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_binding_info *out)
{
	if (node->ha == NULL)
		return 0;
	return mip_ha_binding_next(node->ha, it, now, out);
}

int
mip_node_visitor_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_visitor_info *out)
{
	if (node->fa == NULL)
		return 0;
	return mip_fa_visitor_next(node->fa, it, now, out);
}

int
mip_node_agent_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_agent_info *out)
{
	if (node->mn == NULL)
		return 0;
	return mip_mn_agent_next(node->mn, it, now, out);
}

int
mip_node_reg_info(const struct mip_node *node, const struct mip_now *now,
    struct mip_reg_info *out)
{
	if (node->mn == NULL)
		return MIP_ERR_INVAL;
	mip_mn_reg_info(node->mn, now, out);
	return 0;
}

int
mip_node_sa_next(
    const struct mip_node *node, struct mip_iter *it, struct mip_sa_info *out)
{
	const struct mip_sa *sa = mip_sa_at(node->ctx.sas, it->i);

	if (sa == NULL)
		return 0;
	it->i++;
	memset(out, 0, sizeof(*out));
	out->peer = sa->cfg.peer;
	out->spi = sa->cfg.spi;
	out->alg = sa->cfg.alg;
	out->replay = sa->cfg.replay;
	out->tolerance = sa->cfg.tolerance;
	return 1;
}

static const char *const method_names[] = {
	[MIP_REGKEY_CONFIGURED] = "configured",
	[MIP_REGKEY_HA_DISTRIBUTOR] = "ha-distributor",
	[MIP_REGKEY_FA_PUBLIC_KEY] = "fa-public-key",
	[MIP_REGKEY_MN_PUBLIC_KEY] = "mn-public-key",
	[MIP_REGKEY_DIFFIE_HELLMAN] = "diffie-hellman",
};
_Static_assert(
    sizeof(method_names) / sizeof(method_names[0]) == MIP_REGKEY_METHOD__COUNT,
    "one name per registration-key method");

const char *
mip_regkey_method_name(enum mip_regkey_method m)
{
	if ((unsigned)m >= MIP_REGKEY_METHOD__COUNT)
		return "unknown";
	return method_names[m];
}

int
mip_node_regkey_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_regkey_info *out)
{
	size_t mn_end = node->mn != NULL ? mip_mn_regkey_slots() : 0;
	struct mip_iter sub;
	int rc;

	memset(out, 0, sizeof(*out));
	/* |it|->i runs through the mobile node's slots, then the foreign
	 * agent's walk, shifted by their number. */
	if (it->i < mn_end && mip_mn_regkey_next(node->mn, it, now, out) == 1)
		return 1;
	if (node->fa == NULL)
		return 0;
	sub.i = it->i < mn_end ? 0 : it->i - mn_end;
	sub.j = it->j;
	rc = mip_fa_regkey_next(node->fa, &sub, now, out);
	it->i = sub.i + mn_end;
	it->j = sub.j;
	return rc;
}
