/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization at a foreign agent that keeps a binding cache (the
 * node's correspondent-node role; paper 2, 4; RO draft 4.1-4.3): the two
 * hand-overs between the visitor list and the cache. A visitor that
 * registers here ends any forwarding pointer for it and makes us ask its
 * home agent for the binding, so that the home agent tells us when it
 * moves; a Binding Update that binds a visitor elsewhere ends the visitor
 * (paper 4.3), so that its packets follow the cache entry. What the cache
 * does with tunnelled packets for others is mip_cn_fwd.c's.
 */
#include "mip_fa.h"

void
mip_fa_ro_installed(struct mip_fa_entry *e, const struct mip_now *now)
{
	struct mip_ctx *ctx = e->fa->ctx;

	if (ctx->cn == NULL || !ctx->prof.ro || e->home_addr.v == 0)
		return;
	mip_cn_ro_visitor(
	    ctx->cn, e->home_addr, e->reg.ha_addr, e->reg.coa, now);
}

void
mip_fa_ro_moved(struct mip_fa *fa, struct mip_ip4 home_addr, struct mip_ip4 coa,
    const struct mip_now *now)
{
	struct mip_fa_entry *e = mip_fa_find(fa, home_addr);

	/* Only a registration elsewhere: one naming our own care-of
	 * address confirms the visitor. */
	if (e == NULL ||
	    (e->state != MIP_FA_REGISTERED && e->state != MIP_FA_RENEWING) ||
	    mip_ip4_eq(e->reg.coa, coa))
		return;
	mip_fa_ev_moved(e, now);
}
