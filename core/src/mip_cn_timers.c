/* SPDX-License-Identifier: ISC */
/*
 * Every timer of the correspondent node: one per binding cache entry
 * (struct mip_bcache_entry.timer), which falls due twice per lifetime.
 *
 *   armed by mip_cn_timers_granted() when a Binding Update installs or
 *   refreshes the entry: first for the Binding Request point, when less
 *   than br_lead_pct percent (at least br_lead_min seconds; at most half
 *   the lifetime) of the lifetime is left (RO spec 1.5), then for the end
 *   of the lifetime (RO draft 3.1, paper 3.3: the entry MUST then be
 *   deleted). Not armed for an infinite lifetime (0xffff).
 *   At the Binding Request point mip_cn_cache_br_due() sends one if the
 *   entry was used recently; at the end mip_cn_cache_expired() deletes
 *   the entry with its DEL actions.
 *   Cancelled by mip_cn_timers_removed() on deletion, replacement and
 *   role deletion.
 */
#include "mip/mip_proto.h"
#include "mip_cn.h"

static struct mip_cn *
cn_of(struct mip_bcache_entry *e)
{
	return MIP_CONTAINER_OF(e->bc, struct mip_cn, cache);
}

void
mip_cn_timers_fire(struct mip_timer *t, const struct mip_now *now)
{
	struct mip_bcache_entry *e =
	    MIP_CONTAINER_OF(t, struct mip_bcache_entry, timer);
	struct mip_cn *cn = cn_of(e);

	if (e->br_at != MIP_TSTAMP_NONE && now->mono < e->expires) {
		e->br_at = MIP_TSTAMP_NONE;
		mip_cn_cache_br_due(cn, e, now);
		/* Without memory for the re-arm the entry would live on:
		 * delete it now rather than never. */
		if (mip_timer_set(&cn->ctx->tq, &e->timer, e->expires) != 0)
			mip_cn_cache_expired(cn, e, now);
		return;
	}
	e->expires = MIP_TSTAMP_NONE;
	mip_cn_cache_expired(cn, e, now);
}

/* Seconds before the end of a |lifetime| at which to ask again. */
static mip_duration
br_lead(const struct mip_cn_config *cfg, uint16_t lifetime)
{
	mip_duration lead = (mip_duration)lifetime * cfg->br_lead_pct / 100;

	if (lead < cfg->br_lead_min)
		lead = cfg->br_lead_min;
	/* A short lifetime: half of it is used before asking. */
	if (lead > (mip_duration)lifetime / 2)
		lead = (mip_duration)lifetime / 2;
	return lead;
}

int
mip_cn_timers_granted(
    struct mip_cn *cn, struct mip_bcache_entry *e, const struct mip_now *now)
{
	struct mip_timerq *q = &cn->ctx->tq;
	mip_duration lead;
	int rc;

	e->br_at = MIP_TSTAMP_NONE;
	if (e->lifetime == MIP_LIFETIME_INFINITE) {
		mip_timer_stop(q, &e->timer);
		e->expires = MIP_TSTAMP_NONE;
		return 0;
	}
	e->expires = now->mono + MIP_SEC * (mip_duration)e->lifetime;
	lead = br_lead(&cn->cfg, e->lifetime);
	if (cn->cfg.br_lead_pct > 0 && lead > 0)
		e->br_at = e->expires - MIP_SEC * lead;
	rc = mip_timer_set(
	    q, &e->timer, e->br_at != MIP_TSTAMP_NONE ? e->br_at : e->expires);
	if (rc != 0) {
		e->expires = e->br_at = MIP_TSTAMP_NONE;
		return rc;
	}
	return 0;
}

void
mip_cn_timers_removed(struct mip_cn *cn, struct mip_bcache_entry *e)
{
	mip_timer_stop(&cn->ctx->tq, &e->timer);
	e->expires = e->br_at = MIP_TSTAMP_NONE;
}
