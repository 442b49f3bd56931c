/* SPDX-License-Identifier: ISC */
/*
 * Every timer of the mobile node. The rest of the engine calls only the
 * mn_timers_* hooks below, named after events; expiry handlers hand back
 * to the engine.
 *
 *  sol       Agent Solicitation. Armed by discovery start (node creation,
 *            link up, the last agent's advertisement expiring) after a
 *            random delay below 1 s (RFC 1256 MAX_SOLICITATION_DELAY), and
 *            after each solicitation: three at 1 s, then doubling up to
 *            MN_SOL_MAX (60 s), each with up to 1/10 random extra (RFC
 *            5944 2.4: a burst of three at most one per second, binary
 *            exponential back-off to a maximum of at least one minute,
 *            randomised). Cancelled when any advertisement is heard and
 *            on link down.
 *  agent     One per agent: its advertisement Lifetime (RFC 5944
 *            2.4.2.1). Re-armed by each advertisement from it; fires
 *            "agent lost"; cancelled when the entry is evicted.
 *  retx      Registration retransmission (RFC 5944 3.6.3): armed when a
 *            request is sent, first after 1 s, then each timeout twice the
 *            previous, capped by MN_RETX_MAX and by the requested lifetime
 *            (never below 1 s). Also arms the deferred first send of a
 *            request held back by the one-per-second rule (RFC 5944 3.6).
 *            Cancelled by leaving REGISTERING/DEREGISTERING.
 *  refresh   Re-registration (RFC 5944 3.6.2.2): armed on acceptance at
 *            9/10 of the granted lifetime counted from when the request
 *            was sent; cancelled by leaving REGISTERED. None for an
 *            infinite lifetime.
 *  binding   One per binding: the granted lifetime from when the request
 *            was sent (RFC 5944 3.6.2.2); fires "binding expired";
 *            cancelled when the binding is removed.
 *  holdoff   After a denial nothing can repair: 60 s, doubling up to one
 *            hour per further denial, reset by an acceptance (our reading
 *            of 3.6.2.3: not retried blindly). Cancelled by leaving IDLE.
 *  announce  Gratuitous ARP repeats on return home: MN_ARP_REPEATS more at
 *            MN_ARP_INTERVAL after the first (RFC 5944 4.6: "SHOULD be
 *            retransmitted a small number of times"; neighbours ignore a
 *            changed address for a lock time after the home agent's proxy
 *            reply, Linux's default 1 s). Skipped once the MN is away again.
 *  regkey    One per key slot: the registration's lifetime from when the
 *            request was sent (contract: keys live as long as the
 *            registration); fires "drop the key".
 *  bu_retx   One per key slot: the smooth-handoff Binding Update to a
 *            previous foreign agent (paper 4.3; RO spec 1.5): first 1 s
 *            after the request carrying the PFANE, doubling up to 32 s,
 *            and a last firing at the end of the PFANE Cache Lifetime
 *            that drops the key. Cancelled by the Binding Acknowledge.
 *  dh        Diffie-Hellman precomputation (paper 6.3): due at once,
 *            armed at start and after a registration used our value, so
 *            that the exponentiation runs in its own event, not in a
 *            handoff.
 */
#include "mip/mip_proto.h"
#include "mip_mn.h"

#define MN_ARP_REPEATS 2
#define MN_ARP_INTERVAL MIP_SEC
#define MN_SOL_BURST 3
#define MN_SOL_FIRST MIP_SEC
#define MN_SOL_MAX (60 * MIP_SEC)
#define MN_RETX_FIRST MIP_SEC
#define MN_RETX_MAX (32 * MIP_SEC)
#define MN_HOLDOFF_MIN (60 * MIP_SEC)
#define MN_HOLDOFF_MAX (3600 * MIP_SEC)
#define MN_BU_FIRST MIP_SEC
#define MN_BU_MAX_RTO (32 * MIP_SEC)

static void
arm(struct mip_mn *mn, struct mip_timer *t, mip_tstamp when)
{
	/* MIP_ERR_NOMEM leaves the timer unarmed; the next event re-arms. */
	(void)mip_timer_set(&mn->ctx->tq, t, when);
}

static void
stop(struct mip_mn *mn, struct mip_timer *t)
{
	mip_timer_stop(&mn->ctx->tq, t);
}

/* A random duration in [0, |range|). */
static mip_duration
jitter(struct mip_mn *mn, mip_duration range)
{
	if (range == 0)
		return 0;
	return (mip_duration)mip_ctx_rand32(mn->ctx) % range;
}

/* ---- expiry handlers ---- */

static void
mn_expired_sol(struct mip_timer *t, const struct mip_now *now)
{
	struct mip_mn *mn = MIP_CONTAINER_OF(t, struct mip_mn, sol);

	mip_mn_solicit(mn, now);
	mn_timers_solicited(mn, now);
}

static void
mn_expired_agent(struct mip_timer *t, const struct mip_now *now)
{
	struct mn_agent *ag = MIP_CONTAINER_OF(t, struct mn_agent, expiry);

	mip_mn_agent_lost(ag->mn, ag, now);
}

static void
mn_expired_retx(struct mip_timer *t, const struct mip_now *now)
{
	mip_mn_retx_expired(MIP_CONTAINER_OF(t, struct mip_mn, retx), now);
}

static void
mn_expired_refresh(struct mip_timer *t, const struct mip_now *now)
{
	mip_mn_refresh_expired(
	    MIP_CONTAINER_OF(t, struct mip_mn, refresh), now);
}

static void
mn_expired_binding(struct mip_timer *t, const struct mip_now *now)
{
	struct mn_binding *b = MIP_CONTAINER_OF(t, struct mn_binding, expiry);

	mip_mn_binding_expired(b->mn, b, now);
}

static void
mn_expired_holdoff(struct mip_timer *t, const struct mip_now *now)
{
	mip_mn_holdoff_expired(
	    MIP_CONTAINER_OF(t, struct mip_mn, holdoff), now);
}

static void
mn_expired_announce(struct mip_timer *t, const struct mip_now *now)
{
	struct mip_mn *mn = MIP_CONTAINER_OF(t, struct mip_mn, announce);

	/* RFC 5944 4.6: an away mobile node never answers for its address. */
	if (mn->away || mn->announce_left == 0)
		return;
	mip_mn_announce(mn);
	if (--mn->announce_left > 0)
		arm(mn, &mn->announce, now->mono + MN_ARP_INTERVAL);
}

static void
mn_expired_regkey(struct mip_timer *t, const struct mip_now *now)
{
	struct mn_regkey *k = MIP_CONTAINER_OF(t, struct mn_regkey, expiry);

	(void)now;
	mip_mn_regkey_drop(k->mn, k);
}

static void
mn_expired_bu(struct mip_timer *t, const struct mip_now *now)
{
	mip_mn_smooth_retx_expired(
	    MIP_CONTAINER_OF(t, struct mn_regkey, bu_retx), now);
}

static void
mn_expired_dh(struct mip_timer *t, const struct mip_now *now)
{
	(void)now;
	mip_mn_dh_prepare(MIP_CONTAINER_OF(t, struct mip_mn, dh_timer));
}

/* ---- hooks ---- */

void
mn_timers_init(struct mip_mn *mn)
{
	size_t i;

	mip_timer_init(&mn->sol, mn_expired_sol);
	mip_timer_init(&mn->retx, mn_expired_retx);
	mip_timer_init(&mn->refresh, mn_expired_refresh);
	mip_timer_init(&mn->holdoff, mn_expired_holdoff);
	mip_timer_init(&mn->announce, mn_expired_announce);
	mip_timer_init(&mn->dh_timer, mn_expired_dh);
	for (i = 0; i < MN_REGKEYS_MAX; i++) {
		mn->keys[i].mn = mn;
		mip_timer_init(&mn->keys[i].expiry, mn_expired_regkey);
		mip_timer_init(&mn->keys[i].bu_retx, mn_expired_bu);
	}
	for (i = 0; i < MN_AGENTS_MAX; i++) {
		mn->agents[i].mn = mn;
		mip_timer_init(&mn->agents[i].expiry, mn_expired_agent);
	}
	for (i = 0; i < MN_BINDINGS_MAX; i++) {
		mn->bindings[i].mn = mn;
		mip_timer_init(&mn->bindings[i].expiry, mn_expired_binding);
	}
	mn->holdoff_next = MN_HOLDOFF_MIN;
}

void
mn_timers_stop_all(struct mip_mn *mn)
{
	size_t i;

	stop(mn, &mn->sol);
	stop(mn, &mn->retx);
	stop(mn, &mn->refresh);
	stop(mn, &mn->holdoff);
	stop(mn, &mn->announce);
	stop(mn, &mn->dh_timer);
	for (i = 0; i < MN_REGKEYS_MAX; i++)
		mn_timers_regkey_stop(&mn->keys[i]);
	for (i = 0; i < MN_AGENTS_MAX; i++)
		stop(mn, &mn->agents[i].expiry);
	for (i = 0; i < MN_BINDINGS_MAX; i++)
		stop(mn, &mn->bindings[i].expiry);
}

void
mn_timers_discovery_start(struct mip_mn *mn, const struct mip_now *now)
{
	/* RFC 5944 2.4: a new search may start again at the fast rate. */
	mn->sol_count = 0;
	arm(mn, &mn->sol, now->mono + jitter(mn, MIP_SEC));
}

void
mn_timers_solicited(struct mip_mn *mn, const struct mip_now *now)
{
	mip_duration iv = MN_SOL_FIRST;
	unsigned k;

	if (mn->sol_count < UINT32_MAX)
		mn->sol_count++;
	/* RFC 5944 2.4: three at most one per second, then doubling. */
	for (k = MN_SOL_BURST; k <= mn->sol_count && iv < MN_SOL_MAX; k++)
		iv *= 2;
	if (iv > MN_SOL_MAX)
		iv = MN_SOL_MAX;
	arm(mn, &mn->sol, now->mono + iv + jitter(mn, iv / 10));
}

void
mn_timers_agent_heard(struct mip_mn *mn)
{
	stop(mn, &mn->sol);
}

void
mn_timers_link_down(struct mip_mn *mn)
{
	stop(mn, &mn->sol);
}

void
mn_timers_adv_received(struct mip_mn *mn, struct mn_agent *ag,
    uint16_t lifetime, const struct mip_now *now)
{
	/* RFC 5944 2.4.2.1: lost unless heard again within Lifetime. */
	arm(mn, &ag->expiry, now->mono + MIP_SEC * (mip_duration)lifetime);
}

void
mn_timers_agent_removed(struct mip_mn *mn, struct mn_agent *ag)
{
	stop(mn, &ag->expiry);
}

void
mn_timers_request_new(struct mip_mn *mn)
{
	mn->req.rto = MN_RETX_FIRST;
}

void
mn_timers_request_sent(struct mip_mn *mn, const struct mip_now *now)
{
	mip_duration cap = MN_RETX_MAX;
	mip_duration life = MIP_SEC * (mip_duration)mn->req.lifetime;

	/* RFC 5944 3.6.3: no more than the requested Lifetime, never
	 * below 1 s, each timeout at least twice the previous. */
	if (mn->req.lifetime > 0 && life < cap)
		cap = life;
	if (cap < MN_RETX_FIRST)
		cap = MN_RETX_FIRST;
	if (mn->req.rto > cap)
		mn->req.rto = cap;
	arm(mn, &mn->retx, now->mono + mn->req.rto);
	mn->req.rto = mn->req.rto * 2 > cap ? cap : mn->req.rto * 2;
}

void
mn_timers_request_deferred(struct mip_mn *mn, mip_tstamp when)
{
	arm(mn, &mn->retx, when);
}

void
mn_timers_reply_accepted(
    struct mip_mn *mn, struct mn_binding *b, mip_tstamp sent, uint16_t granted)
{
	mip_duration life = MIP_SEC * (mip_duration)granted;

	mn->holdoff_next = MN_HOLDOFF_MIN;
	if (granted == MIP_LIFETIME_INFINITE) {
		stop(mn, &b->expiry);
		stop(mn, &mn->refresh);
		return;
	}
	/* RFC 5944 3.6.2.2: the lifetime runs from when we sent. */
	arm(mn, &b->expiry, sent + life);
	arm(mn, &mn->refresh, sent + life / 10 * 9);
}

void
mn_timers_binding_removed(struct mip_mn *mn, struct mn_binding *b)
{
	stop(mn, &b->expiry);
}

void
mn_timers_denied(struct mip_mn *mn, const struct mip_now *now)
{
	arm(mn, &mn->holdoff, now->mono + mn->holdoff_next);
	mn->holdoff_next *= 2;
	if (mn->holdoff_next > MN_HOLDOFF_MAX)
		mn->holdoff_next = MN_HOLDOFF_MAX;
}

void
mn_timers_regkey_set(struct mn_regkey *k, mip_tstamp end)
{
	if (end == MIP_TSTAMP_NONE)
		stop(k->mn, &k->expiry);
	else
		arm(k->mn, &k->expiry, end);
}

void
mn_timers_regkey_stop(struct mn_regkey *k)
{
	stop(k->mn, &k->expiry);
	stop(k->mn, &k->bu_retx);
}

void
mn_timers_bu_sent(struct mn_regkey *k, const struct mip_now *now)
{
	mip_tstamp next;

	/* RO spec 1.5: 1 s, doubling to 32 s, until the Cache Lifetime. */
	if (k->bu_rto == 0)
		k->bu_rto = MN_BU_FIRST;
	next = now->mono + k->bu_rto;
	arm(k->mn, &k->bu_retx, next < k->bu_end ? next : k->bu_end);
	k->bu_rto =
	    k->bu_rto * 2 > MN_BU_MAX_RTO ? MN_BU_MAX_RTO : k->bu_rto * 2;
}

void
mn_timers_dh_soon(struct mip_mn *mn, const struct mip_now *now)
{
	arm(mn, &mn->dh_timer, now->mono);
}

void
mn_timers_state_changed(struct mip_mn *mn, enum mip_mn_state from,
    enum mip_mn_state to, const struct mip_now *now)
{
	(void)now;
	if (from == MIP_MN_REGISTERING || from == MIP_MN_DEREGISTERING)
		stop(mn, &mn->retx);
	if (from == MIP_MN_REGISTERED)
		stop(mn, &mn->refresh);
	if (from == MIP_MN_IDLE)
		stop(mn, &mn->holdoff);
	if (to == MIP_MN_AT_HOME)
		mn->holdoff_next = MN_HOLDOFF_MIN;
}

void
mn_timers_announced(struct mip_mn *mn, const struct mip_now *now)
{
	mn->announce_left = MN_ARP_REPEATS;
	arm(mn, &mn->announce, now->mono + MN_ARP_INTERVAL);
}
