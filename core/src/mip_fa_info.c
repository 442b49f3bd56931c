/* SPDX-License-Identifier: ISC */
/*
 * The foreign agent's read-only view (mip_node.h, introspection): each
 * entry of its visitor list (RFC 5944 3.7.1) with the registration part,
 * the pending part, or both, walked bucket by bucket.
 */
#include <string.h>

#include "mip_fa.h"
#include "mip_node_int.h"

static uint32_t
timer_secs_left(const struct mip_timer *t, const struct mip_now *now)
{
	return mip_info_secs_left(
	    mip_timer_pending(t) ? t->expires : MIP_TSTAMP_NONE, now);
}

static uint32_t
timer_ms_left(const struct mip_timer *t, const struct mip_now *now)
{
	mip_duration left;

	if (!mip_timer_pending(t) || t->expires <= now->mono)
		return 0;
	left = (t->expires - now->mono) / MIP_MSEC;
	return left > UINT32_MAX ? UINT32_MAX : (uint32_t)left;
}

static void
reg_view(const struct mip_fa_reg *r, const struct mip_now *now,
    struct mip_visitor_info *out)
{
	out->registered = true;
	out->ifindex = r->ifindex;
	out->has_hwaddr = r->has_hwaddr;
	memcpy(out->hwaddr, r->hwaddr, MIP_HWADDR_LEN);
	out->coa = r->coa;
	out->ha_addr = r->ha_addr;
	out->encap = r->encap;
	out->reverse = r->reverse;
	out->tunnel_id = r->tunnel_id;
	out->lifetime = r->lifetime;
	out->remaining = timer_secs_left(&r->timer, now);
}

static void
pending_view(const struct mip_fa_pending *p, const struct mip_now *now,
    struct mip_visitor_info *out)
{
	out->pending = true;
	out->pend_ifindex = p->from.ifindex;
	out->pend_has_hwaddr = p->from.has_hwaddr;
	memcpy(out->pend_hwaddr, p->from.hwaddr, MIP_HWADDR_LEN);
	out->pend_coa = p->coa;
	out->pend_ha_addr = p->ha_addr;
	out->pend_ident = p->ident;
	out->pend_lifetime = p->lifetime;
	out->pend_flags = p->flags;
	out->pend_timeout_ms = timer_ms_left(&p->timer, now);
}

static void
entry_view(const struct mip_fa_entry *e, const struct mip_now *now,
    struct mip_visitor_info *out)
{
	memset(out, 0, sizeof(*out));
	out->home_addr = e->home_addr;
	out->state = mip_fa_state_name(e->state);
	if (e->state == MIP_FA_REGISTERED || e->state == MIP_FA_RENEWING)
		reg_view(&e->reg, now, out);
	if (e->state == MIP_FA_PENDING || e->state == MIP_FA_RENEWING)
		pending_view(&e->pend, now, out);
}

int
mip_fa_visitor_next(const struct mip_fa *fa, struct mip_iter *it,
    const struct mip_now *now, struct mip_visitor_info *out)
{
	const struct mip_fa_entry *e;
	size_t k;

	/* |i| is the bucket, |j| the position along its chain. */
	for (; it->i < fa->nbuckets; it->i++, it->j = 0) {
		e = fa->buckets[it->i];
		for (k = 0; e != NULL && k < it->j; k++)
			e = e->next;
		if (e != NULL) {
			it->j++;
			entry_view(e, now, out);
			return 1;
		}
	}
	return 0;
}

void
mip_fa_info(const struct mip_fa *fa, struct mip_node_info *out)
{
	out->fa_links = fa->cfg.nlinks;
	out->fa_visitors = fa->nvisitors;
	out->fa_pending = fa->npending;
	out->fa_max_visitors = fa->max_visitors;
	out->fa_max_pending = fa->max_pending;
}
