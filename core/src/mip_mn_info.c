/* SPDX-License-Identifier: ISC */
/*
 * The mobile node's read-only view (mip_node.h, introspection): the
 * agents it heard (RFC 5944 2.4) and its registration (RFC 5944 3.6):
 * state, the outstanding request, the last reply, the accepted bindings;
 * and the keys it shares with foreign agents for smooth handoffs (paper
 * 4, 6).
 */
#include <string.h>

#include "mip_mn.h"
#include "mip_node_int.h"

_Static_assert(MN_COA_KEEP <= MIP_INFO_COA_MAX, "agent view holds every coa");
_Static_assert(MN_BINDINGS_MAX <= MIP_INFO_MN_BINDINGS_MAX,
    "registration view holds every binding");

static uint32_t
timer_secs_left(const struct mip_timer *t, const struct mip_now *now)
{
	return mip_info_secs_left(
	    mip_timer_pending(t) ? t->expires : MIP_TSTAMP_NONE, now);
}

static void
agent_view(const struct mip_mn *mn, size_t idx, const struct mip_now *now,
    struct mip_agent_info *out)
{
	const struct mn_agent *ag = &mn->agents[idx];

	memset(out, 0, sizeof(*out));
	out->addr = ag->addr;
	out->ifindex = ag->ifindex;
	out->has_hwaddr = ag->has_hwaddr;
	memcpy(out->hwaddr, ag->hwaddr, MIP_HWADDR_LEN);
	out->flags = ag->flags;
	out->reg_lifetime = ag->reg_lifetime;
	out->seq = ag->seq;
	out->ncoa = ag->n_coa > MN_COA_KEEP ? MN_COA_KEEP : ag->n_coa;
	memcpy(out->coa, ag->coa, out->ncoa * sizeof(out->coa[0]));
	out->has_prefix = ag->has_prefix;
	out->net = ag->net;
	out->plen = ag->plen;
	out->remaining = timer_secs_left(&ag->expiry, now);
	out->current = mn->cur >= 0 && (size_t)mn->cur == idx;
}

int
mip_mn_agent_next(const struct mip_mn *mn, struct mip_iter *it,
    const struct mip_now *now, struct mip_agent_info *out)
{
	for (; it->i < MN_AGENTS_MAX; it->i++) {
		if (mn->agents[it->i].used) {
			agent_view(mn, it->i++, now, out);
			return 1;
		}
	}
	return 0;
}

void
mip_mn_reg_info(const struct mip_mn *mn, const struct mip_now *now,
    struct mip_reg_info *out)
{
	const struct mn_binding *b;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->state = mip_mn_state_name(mn->state);
	out->at_home = mn->state == MIP_MN_AT_HOME;
	out->stopped = mn->stopped;
	out->home_addr = mn->cfg.home_addr;
	out->ha_addr = mn->ha_addr;
	out->has_coloc = mn->has_coloc;
	out->coloc = mn->coloc;
	out->has_last_code = mn->has_last_code;
	out->last_code = mn->last_code;
	if (mn->req.active) {
		out->requesting = true;
		out->req_coa = mn->req.coa;
		out->req_ident = mn->req.ident;
		out->req_lifetime = mn->req.lifetime;
		out->req_flags = mn->req.flags;
		out->req_tx = mn->req.ntx;
	}
	for (i = 0; i < MN_BINDINGS_MAX; i++) {
		b = &mn->bindings[i];
		if (!b->used)
			continue;
		out->bindings[out->nbindings].coa = b->coa;
		out->bindings[out->nbindings].colocated =
		    b->mode == MN_MODE_COLOC || b->mode == MN_MODE_COLOC_FA;
		if (b->mode == MN_MODE_FA)
			out->bindings[out->nbindings].fa_addr = b->fa_addr;
		out->bindings[out->nbindings].tunnel_id = b->tunnel_id;
		out->bindings[out->nbindings].remaining =
		    timer_secs_left(&b->expiry, now);
		out->nbindings++;
	}
}

void
mip_mn_info(const struct mip_mn *mn, struct mip_node_info *out)
{
	size_t i;

	for (i = 0; i < MN_AGENTS_MAX; i++)
		if (mn->agents[i].used)
			out->mn_agents++;
}

size_t
mip_mn_regkey_slots(void)
{
	return MN_REGKEYS_MAX;
}

int
mip_mn_regkey_next(const struct mip_mn *mn, struct mip_iter *it,
    const struct mip_now *now, struct mip_regkey_info *out)
{
	const struct mn_regkey *k;

	for (; it->i < MN_REGKEYS_MAX; it->i++) {
		k = &mn->keys[it->i];
		if (!k->used)
			continue;
		it->i++;
		out->peer = k->fa_addr;
		out->spi = k->spi;
		out->origin = k->dynamic ? "registration" : "configured";
		/* A configured SA stays; its slot is only the update's. */
		out->remaining = k->dynamic ? timer_secs_left(&k->expiry, now)
					    : MIP_INFO_FOREVER;
		out->bu_pending = k->bu_pending;
		out->method = k->method;
		return 1;
	}
	return 0;
}
