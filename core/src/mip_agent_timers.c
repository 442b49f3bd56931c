/* SPDX-License-Identifier: ISC */
/*
 * Every timer of the agent advertiser. There is one per advertising link:
 *
 *   advertisement  armed by agent_timers_link_up() for "now" (the first
 *                  advertisement after boot carries sequence number 0,
 *                  RFC 5944 2.3.2), re-armed after each periodic
 *                  advertisement for the nominal interval randomised by
 *                  up to +/-25% and never more than a third of the ICMP
 *                  lifetime (RFC 5944 2.3, RFC 1256 3: spread out and
 *                  at least three per lifetime); never armed on a link
 *                  whose interval is 0 (it only answers solicitations,
 *                  RFC 5944 2.3); cancelled by agent_timers_link_down().
 *
 * Answers to solicitations do not move the periodic timer.
 */
#include "mip_agent.h"

static void agent_expired_adv(struct mip_timer *t, const struct mip_now *now);

/* 16 random bits as a fraction of |span|, without overflow. */
static mip_duration
scaled(mip_duration span, uint32_t r16)
{
	return (span >> 16) * r16 + (((span & 0xffffU) * r16) >> 16);
}

static mip_duration
next_delay(struct mip_agent_link *l)
{
	mip_duration nominal = l->interval;
	mip_duration third = (mip_duration)l->icmp_lifetime * MIP_SEC / 3;
	mip_duration d;
	uint32_t r16 = mip_ctx_rand32(l->agent->ctx) >> 16;

	/* RFC 1256 3: uniformly within [0.75, 1.25] of the interval. */
	d = nominal - nominal / 4 + scaled(nominal / 2, r16);
	/* RFC 5944 2.3: never fewer than three per ICMP lifetime. */
	if (third > 0 && d > third)
		d = third;
	return d > 0 ? d : 1;
}

int
agent_timers_link_up(struct mip_agent_link *l, const struct mip_now *now)
{
	mip_timer_init(&l->timer, agent_expired_adv);
	if (l->interval == 0)
		return 0;
	return mip_timer_set(&l->agent->ctx->tq, &l->timer, now->mono);
}

void
agent_timers_link_down(struct mip_agent_link *l)
{
	mip_timer_stop(&l->agent->ctx->tq, &l->timer);
}

static void
agent_expired_adv(struct mip_timer *t, const struct mip_now *now)
{
	struct mip_agent_link *l =
	    MIP_CONTAINER_OF(t, struct mip_agent_link, timer);

	mip_agent_advertise(l, now);
	(void)mip_timer_set(
	    &l->agent->ctx->tq, &l->timer, now->mono + next_delay(l));
}
