/* SPDX-License-Identifier: ISC */
/*
 * Every timer of the foreign agent. Two per visitor-list entry:
 *
 *   pending   armed by fa_timers_request_relayed() for pending_timeout
 *             (RFC 5944 3.7.1: a request pending more than 7 seconds MAY
 *             be deleted and SHOULD be answered with code 78), re-armed
 *             when a newer request replaces the pending one; cancelled by
 *             fa_timers_pending_done() when a reply arrives or the entry
 *             goes. Expiry: mip_fa_pending_timeout().
 *   lifetime  armed by fa_timers_visitor_accepted() for the lifetime
 *             granted (the smaller of the reply's and ours, counted from
 *             when the reply is relayed, RFC 5944 3.7.3.2; not armed for
 *             an infinite 0xffff lifetime); cancelled by
 *             fa_timers_visitor_gone() on deregistration or removal.
 *             Expiry: mip_fa_ev_expired() (RFC 5944 3.7: the FA sends
 *             nothing when a lifetime runs out).
 *
 * And one per handed-off registration key (mip_fa_smooth.c):
 *
 *   handoff   armed by fa_timers_handoff_set() for the lifetime of the
 *             smooth-handoff Binding Update we accepted (OPT-11 8.1: the
 *             mobile node retransmits it until acknowledged or until that
 *             binding must have expired); cancelled by
 *             fa_timers_handoff_stop(). Expiry: mip_fa_smooth_expired()
 *             removes the key.
 */
#include "mip/mip_proto.h"
#include "mip_fa.h"

static void fa_expired_pending(struct mip_timer *t, const struct mip_now *now);
static void fa_expired_visitor(struct mip_timer *t, const struct mip_now *now);
static void fa_expired_handoff(struct mip_timer *t, const struct mip_now *now);

void
fa_timers_entry_init(struct mip_fa_entry *e)
{
	mip_timer_init(&e->pend.timer, fa_expired_pending);
	mip_timer_init(&e->reg.timer, fa_expired_visitor);
}

void
fa_timers_request_relayed(struct mip_fa_entry *e, const struct mip_now *now)
{
	(void)mip_timer_set(&e->fa->ctx->tq, &e->pend.timer,
	    now->mono + e->fa->pending_timeout);
}

void
fa_timers_pending_done(struct mip_fa_entry *e)
{
	mip_timer_stop(&e->fa->ctx->tq, &e->pend.timer);
}

void
fa_timers_visitor_accepted(struct mip_fa_entry *e, const struct mip_now *now)
{
	if (e->reg.lifetime == MIP_LIFETIME_INFINITE) {
		mip_timer_stop(&e->fa->ctx->tq, &e->reg.timer);
		return;
	}
	(void)mip_timer_set(&e->fa->ctx->tq, &e->reg.timer,
	    now->mono + MIP_SEC * (mip_duration)e->reg.lifetime);
}

void
fa_timers_visitor_gone(struct mip_fa_entry *e)
{
	mip_timer_stop(&e->fa->ctx->tq, &e->reg.timer);
}

static void
fa_expired_pending(struct mip_timer *t, const struct mip_now *now)
{
	mip_fa_pending_timeout(
	    MIP_CONTAINER_OF(t, struct mip_fa_entry, pend.timer), now);
}

static void
fa_expired_visitor(struct mip_timer *t, const struct mip_now *now)
{
	mip_fa_ev_expired(
	    MIP_CONTAINER_OF(t, struct mip_fa_entry, reg.timer), now);
}

void
fa_timers_handoff_init(struct mip_fa_handoff *ho)
{
	mip_timer_init(&ho->timer, fa_expired_handoff);
}

int
fa_timers_handoff_set(
    struct mip_fa_handoff *ho, uint16_t lifetime, const struct mip_now *now)
{
	return mip_timer_set(&ho->fa->ctx->tq, &ho->timer,
	    now->mono + MIP_SEC * (mip_duration)lifetime);
}

void
fa_timers_handoff_stop(struct mip_fa_handoff *ho)
{
	mip_timer_stop(&ho->fa->ctx->tq, &ho->timer);
}

static void
fa_expired_handoff(struct mip_timer *t, const struct mip_now *now)
{
	(void)now;
	mip_fa_smooth_expired(
	    MIP_CONTAINER_OF(t, struct mip_fa_handoff, timer));
}
