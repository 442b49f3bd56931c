/* SPDX-License-Identifier: ISC */
/*
 * The foreign agent's read-only view (mip_node.h, introspection): each
 * entry of its visitor list (RFC 5944 3.7.1) with the registration part,
 * the pending part, or both, walked bucket by bucket; its registration
 * keys (paper 6-9) and smooth-handoff records (paper 4.3).
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
	out->has_key = r->has_key;
	out->key_spi = r->has_key ? r->key_spi : 0;
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

/* The registration part is valid (mip_fa.h). */
static bool
visiting(const struct mip_fa_entry *e)
{
	return e->state == MIP_FA_REGISTERED || e->state == MIP_FA_RENEWING;
}

static void
entry_view(const struct mip_fa_entry *e, const struct mip_now *now,
    struct mip_visitor_info *out)
{
	memset(out, 0, sizeof(*out));
	out->home_addr = e->home_addr;
	out->state = mip_fa_state_name(e->state);
	if (visiting(e))
		reg_view(&e->reg, now, out);
	if (e->state == MIP_FA_PENDING || e->state == MIP_FA_RENEWING)
		pending_view(&e->pend, now, out);
}

/* The next entry from |it|: |i| is the bucket, |j| the position along
 * its chain. NULL at the end. */
static const struct mip_fa_entry *
entry_next(const struct mip_fa *fa, struct mip_iter *it)
{
	const struct mip_fa_entry *e;
	size_t k;

	for (; it->i < fa->nbuckets; it->i++, it->j = 0) {
		e = fa->buckets[it->i];
		for (k = 0; e != NULL && k < it->j; k++)
			e = e->next;
		if (e != NULL) {
			it->j++;
			return e;
		}
	}
	return NULL;
}

int
mip_fa_visitor_next(const struct mip_fa *fa, struct mip_iter *it,
    const struct mip_now *now, struct mip_visitor_info *out)
{
	const struct mip_fa_entry *e = entry_next(fa, it);

	if (e == NULL)
		return 0;
	entry_view(e, now, out);
	return 1;
}

/* |it|->i below MIP_FA_HANDOFFS: the handoff records; above, the visitor
 * buckets (entry_next) shifted by MIP_FA_HANDOFFS. */
int
mip_fa_regkey_next(const struct mip_fa *fa, struct mip_iter *it,
    const struct mip_now *now, struct mip_regkey_info *out)
{
	const struct mip_fa_handoff *ho;
	const struct mip_fa_entry *e;
	struct mip_iter sub;

	for (; it->i < MIP_FA_HANDOFFS; it->i++) {
		ho = &fa->ho[it->i];
		if (!ho->used)
			continue;
		it->i++;
		out->peer = ho->home_addr;
		out->spi = ho->spi;
		out->origin = "handed-off";
		out->remaining = timer_secs_left(&ho->timer, now);
		out->coa = ho->coa;
		out->method = ho->method;
		return 1;
	}
	sub.i = it->i - MIP_FA_HANDOFFS;
	sub.j = it->j;
	do
		e = entry_next(fa, &sub);
	while (e != NULL &&
	    !(visiting(e) && (e->reg.has_key || e->reg.visit_sa != NULL)));
	it->i = sub.i + MIP_FA_HANDOFFS;
	it->j = sub.j;
	if (e == NULL)
		return 0;
	out->peer = e->home_addr;
	if (e->reg.has_key) {
		out->spi = e->reg.key_spi;
		out->origin = "visitor";
		out->remaining = timer_secs_left(&e->reg.timer, now);
		out->method = e->reg.key_method;
		return 1;
	}
	/* The configured SA with the visitor, whose per-visit key secures
	 * its next handoff; the SA itself stays (as the mobile node's). */
	out->spi = e->reg.visit_sa->cfg.spi;
	out->origin = "configured";
	out->remaining = MIP_INFO_FOREVER;
	out->method = MIP_REGKEY_CONFIGURED;
	return 1;
}

bool
mip_fa_handoff_holds(
    const struct mip_fa *fa, struct mip_ip4 home_addr, struct mip_ip4 coa)
{
	size_t i;

	for (i = 0; i < MIP_FA_HANDOFFS; i++)
		if (fa->ho[i].used && fa->ho[i].home_addr.v == home_addr.v &&
		    fa->ho[i].coa.v == coa.v)
			return true;
	return false;
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
