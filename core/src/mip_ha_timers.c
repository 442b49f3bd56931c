/* SPDX-License-Identifier: ISC */
/*
 * Every timer of the home agent. The rest of the role calls only the hooks
 * below, named after what happened.
 *
 * binding expiry (struct mip_ha_binding.expiry), one per binding:
 *   armed by mip_ha_timers_binding_granted() when a registration is
 *   accepted or refreshed, for the granted Lifetime (not armed for 0xffff,
 *   infinity, RFC 5944 3.3); a duplicate request does not touch it (3.8.2.2:
 *   the lifetime must not extend);
 *   cancelled by mip_ha_timers_binding_removed() on deregistration,
 *   replacement, flush or role deletion;
 *   on expiry the binding alone is deleted, with its DEL actions, and no
 *   Registration Reply is sent (RFC 5944 3.8, 4.2.3).
 *
 * gratuitous ARP repeats (struct mip_ha_mn.announce), one per mobile node:
 *   armed by mip_ha_timers_announced() after the first gratuitous ARP when
 *   the mobile node goes away (home agent's link-layer address) or comes
 *   home (its own), MIP_HA_ARP_REPEATS more at MIP_HA_ARP_INTERVAL
 *   (RFC 5944 4.6: "SHOULD be retransmitted a small number of times");
 *   cancelled by the next transition, mip_ha_timers_mn_stop() and role
 *   deletion.
 */
#include <string.h>

#include "mip_ha.h"

static void
ha_expired_binding(struct mip_timer *t, const struct mip_now *now)
{
	struct mip_ha_binding *b =
	    MIP_CONTAINER_OF(t, struct mip_ha_binding, expiry);

	b->expires = MIP_TSTAMP_NONE;
	mip_ha_binding_expired(b, now);
}

static void
ha_expired_announce(struct mip_timer *t, const struct mip_now *now)
{
	struct mip_ha_mn *mn = MIP_CONTAINER_OF(t, struct mip_ha_mn, announce);

	if (mn->announce_left == 0)
		return;
	mn->announce_left--;
	mip_ha_announce(mn->ha, mn, mn->announce_hw);
	if (mn->announce_left > 0)
		(void)mip_timer_set(&mn->ha->ctx->tq, &mn->announce,
		    now->mono + MIP_HA_ARP_INTERVAL);
}

void
mip_ha_timers_init_binding(struct mip_ha_binding *b)
{
	mip_timer_init(&b->expiry, ha_expired_binding);
	b->expires = MIP_TSTAMP_NONE;
}

void
mip_ha_timers_init_mn(struct mip_ha_mn *mn)
{
	mip_timer_init(&mn->announce, ha_expired_announce);
	mn->announce_left = 0;
}

int
mip_ha_timers_binding_granted(
    struct mip_ha_binding *b, uint16_t lifetime, const struct mip_now *now)
{
	struct mip_timerq *q = &b->ha->ctx->tq;
	mip_tstamp when;
	int rc;

	if (lifetime == MIP_LIFETIME_INFINITE) {
		mip_timer_stop(q, &b->expiry);
		b->expires = MIP_TSTAMP_NONE;
		return 0;
	}
	when = now->mono + MIP_SEC * (mip_duration)lifetime;
	if ((rc = mip_timer_set(q, &b->expiry, when)) != 0)
		return rc;
	b->expires = when;
	return 0;
}

void
mip_ha_timers_binding_removed(struct mip_ha_binding *b)
{
	mip_timer_stop(&b->ha->ctx->tq, &b->expiry);
	b->expires = MIP_TSTAMP_NONE;
}

uint16_t
mip_ha_timers_remaining(
    const struct mip_ha_binding *b, const struct mip_now *now)
{
	if (b->expires == MIP_TSTAMP_NONE)
		return MIP_LIFETIME_INFINITE;
	if (b->expires <= now->mono)
		return 0;
	/* Rounded down: a repeated reply never grants more than is left. */
	return (uint16_t)((b->expires - now->mono) / MIP_SEC);
}

void
mip_ha_timers_announced(
    struct mip_ha_mn *mn, const uint8_t *hw, const struct mip_now *now)
{
	memcpy(mn->announce_hw, hw, MIP_HWADDR_LEN);
	mn->announce_left = MIP_HA_ARP_REPEATS;
	/* Without memory the repeats are skipped; the first one went out. */
	if (mip_timer_set(&mn->ha->ctx->tq, &mn->announce,
		now->mono + MIP_HA_ARP_INTERVAL) != 0)
		mn->announce_left = 0;
}

void
mip_ha_timers_mn_stop(struct mip_ha_mn *mn)
{
	mip_timer_stop(&mn->ha->ctx->tq, &mn->announce);
	mn->announce_left = 0;
}
