/* SPDX-License-Identifier: ISC */
/*
 * Mobile node registration (RFC 5944 3.6): building and sending
 * Registration Requests (flags, lifetime, Identification, NAI, MN-HA
 * authentication, the FA's challenge and MN-FA authentication), their
 * retransmission, processing Registration Replies in the order syntax,
 * SA, MAC, Identification, then code, and the bindings the home agent
 * accepted with their data-plane actions (RFC 5944 4.2.1).
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip_mn.h"

/* 133, 136 and 69 repairs in a row before we call it a plain denial. */
#define MN_REPAIRS_MAX 3
/* Transmissions of one registration before giving up (RFC 5944 3.6.3
 * sets no bound; a lost agent is found by move detection meanwhile). */
#define MN_TX_MAX 8

static bool
via_agent(enum mn_mode mode)
{
	return mode == MN_MODE_FA || mode == MN_MODE_COLOC_FA;
}

static struct mn_agent *
req_agent(struct mip_mn *mn)
{
	if (mn->req.agent < 0 || !mn->agents[mn->req.agent].used)
		return NULL;
	return &mn->agents[mn->req.agent];
}

/*
 * The first SA whose peer is |peer| (an MN-FA SA, RFC 5944 3.5.3), not
 * counting our MN-HA SA when the agent is also our home agent, nor a
 * registration key (mip_mn_regkey.c: smooth handoffs only).
 */
struct mip_sa *
mip_mn_fa_sa(const struct mip_mn *mn, struct mip_ip4 peer)
{
	size_t i, n = mip_sa_count(mn->ctx->sas);

	for (i = 0; i < n; i++) {
		struct mip_sa *sa = mip_sa_at(mn->ctx->sas, i);

		if (!mip_ip4_eq(sa->cfg.peer, peer))
			continue;
		if (sa->cfg.spi == mn->cfg.spi &&
		    (mip_ip4_eq(peer, mn->ha_addr) ||
			mip_ip4_eq(peer, mn->cfg.ha_addr)))
			continue;
		if (mip_mn_regkey_owns(mn, sa))
			continue;
		return sa;
	}
	return NULL;
}

/*
 * The MN-HA SA (RFC 5944 3.6: one per home agent): under the current
 * home agent, else the configured one, else 0.0.0.0 (a key for whichever
 * home agent dynamic discovery finds, 3.6.1.2), else |extra|.
 */
static struct mip_sa *
ha_sa(const struct mip_mn *mn, struct mip_ip4 extra)
{
	const struct mip_ip4 cand[4] = { mn->ha_addr, mn->cfg.ha_addr, { 0 },
		extra };
	size_t i;

	for (i = 0; i < 4; i++) {
		struct mip_sa *sa =
		    mip_sa_find(mn->ctx->sas, cand[i], mn->cfg.spi);

		if (sa != NULL)
			return sa;
	}
	return NULL;
}

/*
 * RFC 5944 3.6.1.2: S B D M G T from the configuration, D only with a
 * co-located care-of address, M and G only when we decapsulate or the FA
 * offers them, T only when the FA offers it (RFC 3024 3.1); r and x zero
 * but for the private bit P when configured.
 */
static uint8_t
req_flags(const struct mip_mn *mn, enum mn_mode mode, const struct mn_agent *ag)
{
	uint8_t f = mn->cfg.flags &
	    (MIP_RRQ_F_S | MIP_RRQ_F_B | MIP_RRQ_F_M | MIP_RRQ_F_G |
		MIP_RRQ_F_T);
	bool coloc = mode == MN_MODE_COLOC || mode == MN_MODE_COLOC_FA;

	if (coloc)
		f |= MIP_RRQ_F_D;
	if (!coloc && (ag == NULL || !(ag->flags & MIP_ADV_F_M)))
		f &= (uint8_t)~MIP_RRQ_F_M;
	if (!coloc && (ag == NULL || !(ag->flags & MIP_ADV_F_G)))
		f &= (uint8_t)~MIP_RRQ_F_G;
	if (via_agent(mode) && (ag == NULL || !(ag->flags & MIP_ADV_F_T)))
		f &= (uint8_t)~MIP_RRQ_F_T;
	/* RO spec 2.3 (optim-10 5.1): P, only under the RO profile. */
	if (mn->cfg.ro_private && mn->ctx->prof.ro)
		f |= mn->ctx->prof.p_mask;
	return f;
}

/* RFC 5944 3.6.1.2: no more than the agent's Registration Lifetime. */
static uint16_t
req_lifetime(const struct mip_mn *mn, const struct mn_agent *ag)
{
	uint16_t l = mn->cfg.lifetime;

	if (ag == NULL)
		return l;
	if (ag->reg_lifetime != MIP_LIFETIME_INFINITE && ag->reg_lifetime < l)
		l = ag->reg_lifetime;
	if (ag->has_cap && ag->lifetime_cap < l)
		l = ag->lifetime_cap;
	return l;
}

int
mip_mn_request_start(struct mip_mn *mn, enum mn_mode mode, bool dereg,
    bool urgent, const struct mip_now *now)
{
	struct mn_request *r = &mn->req;
	struct mn_agent *ag =
	    via_agent(mode) && mn->cur >= 0 ? &mn->agents[mn->cur] : NULL;
	unsigned repairs = r->active ? r->repairs : 0;

	if (ha_sa(mn, mn->ha_addr) == NULL) {
		mip_ctx_drop(
		    mn->ctx, now, MIP_DROP_NO_SA, MIP_ROLE_MN, mn->ha_addr);
		return MIP_ERR_NO_SA;
	}
	if (via_agent(mode) && ag == NULL)
		return MIP_ERR_STATE;
	memset(r, 0, sizeof(*r));
	r->active = true;
	r->repairs = urgent ? repairs : 0;
	r->mode = mode;
	r->agent = ag != NULL ? mn->cur : -1;
	r->ha_addr = mip_mn_ha_target(mn);
	switch (mode) {
	case MN_MODE_FA:
		r->coa = ag->coa[0];
		r->src = mn->cfg.home_addr;
		break;
	case MN_MODE_COLOC:
	case MN_MODE_COLOC_FA:
		/* RFC 5944 3.6.1.1: from the co-located address. */
		r->coa = mn->coloc;
		r->src = mn->coloc;
		break;
	case MN_MODE_HOME:
		r->coa = mn->cfg.home_addr;
		r->src = mn->cfg.home_addr;
		break;
	}
	if (ag != NULL) {
		/* RFC 5944 3.6.1.1: to the advertisement's IP source and
		 * link-layer source. */
		r->dst = ag->addr;
		r->has_hwaddr = ag->has_hwaddr;
		memcpy(r->hwaddr, ag->hwaddr, MIP_HWADDR_LEN);
	} else {
		r->dst = r->ha_addr;
	}
	if (dereg || mode == MN_MODE_HOME) {
		/* RFC 5944 3.6.1.2: lifetime 0 and care-of address = home
		 * address deregister every binding. */
		r->lifetime = 0;
		r->coa = mn->cfg.home_addr;
		r->flags = 0;
	} else {
		r->lifetime = req_lifetime(mn, ag);
		r->flags = req_flags(mn, mode, ag);
	}
	/* RFC 5944 2.2: TTL 1 to an agent on the link; RFC 3024 3.2: 255
	 * when asking for a reverse tunnel. 0: the host's default. */
	if (r->flags & MIP_RRQ_F_T)
		r->ttl = 255;
	else
		r->ttl = ag != NULL ? 1 : 0;
	mn_timers_request_new(mn);
	mip_mn_transition(mn,
	    r->lifetime == 0 ? MIP_MN_DEREGISTERING : MIP_MN_REGISTERING, now);
	/* RFC 5944 3.6: at most one registration per second. */
	if (!urgent && mn->have_reg_tx && now->mono < mn->last_reg_tx + MIP_SEC)
		mn_timers_request_deferred(mn, mn->last_reg_tx + MIP_SEC);
	else
		mip_mn_retx_expired(mn, now);
	return 0;
}

/* Encodes the request with |ident| into r->bytes (RFC 5944 3.6.1.3). */
static int
build(struct mip_mn *mn, struct mip_sa *sa, uint64_t ident)
{
	struct mn_request *r = &mn->req;
	struct mn_agent *ag = via_agent(r->mode) ? req_agent(mn) : NULL;
	const char *nul = memchr(mn->cfg.nai, 0, MIP_NAI_MAX);
	size_t nai_len =
	    nul != NULL ? (size_t)(nul - mn->cfg.nai) : MIP_NAI_MAX;
	struct mip_reg_req q;
	struct mip_wbuf w;
	struct mip_sa *fa_sa;
	mip_ssize n;
	int rc = 0;

	memset(&q, 0, sizeof(q));
	q.flags = r->flags;
	q.lifetime = r->lifetime;
	q.home_addr = mn->cfg.home_addr;
	q.ha_addr = r->ha_addr;
	q.coa = r->coa;
	q.ident = ident;
	n = mip_reg_req_encode(r->bytes, sizeof(r->bytes), &q);
	if (n < 0)
		return (int)n;
	mip_wbuf_init(&w, r->bytes, sizeof(r->bytes));
	w.off = (size_t)n;
	/* (b) for the home agent: the NAI (RFC 2794). */
	if (nai_len > 0) {
		struct mip_ext_nai nai = { (const uint8_t *)mn->cfg.nai,
			nai_len };

		rc = mip_ext_nai_encode(&w, &nai);
	}
	/* (c) the Mobile-Home authentication extension. */
	if (rc == 0)
		rc = mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa);
	/* (d) for the FA only: its challenge (RFC 4721 3.1). */
	if (rc == 0 && ag != NULL && ag->challenge_len > 0) {
		struct mip_ext_challenge ch = { ag->challenge,
			ag->challenge_len };

		rc = mip_ext_challenge_encode(&w, &ch);
	}
	/* (d) for the FA only: smooth handoff and key request (paper 9.1;
	 * RO spec 2.2: the FA consumes them). */
	if (rc == 0 && ag != NULL && r->lifetime > 0)
		rc = mip_mn_regkey_append(mn, &w, ag);
	/* (e) Mobile-Foreign authentication when we share an SA. */
	if (rc == 0 && ag != NULL &&
	    (fa_sa = mip_mn_fa_sa(mn, ag->addr)) != NULL)
		rc = mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, fa_sa);
	if (rc != 0)
		return rc;
	r->len = w.off;
	r->ident = ident;
	return 0;
}

static void
transmit(struct mip_mn *mn)
{
	struct mn_request *r = &mn->req;
	struct mip_act_send t;
	uint8_t *b = mip_outq_reserve(&mn->ctx->out, r->len);

	if (b == NULL)
		return;
	memcpy(b, r->bytes, r->len);
	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_UDP;
	t.ifindex = mn->cfg.home_ifindex;
	t.src = r->src;
	t.dst = r->dst;
	t.sport = MIP_UDP_PORT;
	t.dport = MIP_UDP_PORT;
	t.ttl = r->ttl;
	t.has_hwaddr = r->has_hwaddr;
	memcpy(t.dst_hwaddr, r->hwaddr, MIP_HWADDR_LEN);
	if (mip_outq_send(&mn->ctx->out, &t, r->len) != 0)
		return;
	mn->ctx->stats.tx++;
	mn->ctx->stats.reg_requests++;
}

/* Sends the request: the first time, or again after its timeout. */
static void
send_request(struct mip_mn *mn, const struct mip_now *now)
{
	struct mn_request *r = &mn->req;
	struct mip_sa *sa = ha_sa(mn, mn->ha_addr);

	if (sa == NULL)
		return;
	/* RFC 5944 3.6.3: timestamps take a new Identification for each
	 * retransmission; with nonces the request goes out unchanged. */
	if (r->ntx == 0 || sa->cfg.replay == MIP_REPLAY_TIMESTAMP) {
		uint64_t ident =
		    mip_replay_next_ident(sa, now, mip_ctx_rand32(mn->ctx));

		if (build(mn, sa, ident) != 0)
			return;
		r->ident_sent = now->mono;
	}
	transmit(mn);
	mip_mn_smooth_sent(mn, now);
	r->ntx++;
	mn->have_reg_tx = true;
	mn->last_reg_tx = now->mono;
	mip_mn_note(mn, MIP_NOTE_REG_SENT, r->coa, r->dst, 0, r->lifetime);
	mn_timers_request_sent(mn, now);
}

static void
give_up(struct mip_mn *mn, const struct mip_now *now)
{
	enum mn_mode mode = mn->req.mode;

	mn->req.active = false;
	if (mode == MN_MODE_HOME) {
		mip_mn_transition(mn, MIP_MN_AT_HOME, now);
		return;
	}
	mip_mn_transition(mn, MIP_MN_IDLE, now);
	if (!mn->stopped)
		mn_timers_denied(mn, now);
}

void
mip_mn_retx_expired(struct mip_mn *mn, const struct mip_now *now)
{
	switch (mn->state) {
	case MIP_MN_REGISTERING:
	case MIP_MN_DEREGISTERING:
		if (!mn->req.active)
			return;
		if (mn->req.ntx >= MN_TX_MAX) {
			give_up(mn, now);
			return;
		}
		send_request(mn, now);
		return;
	case MIP_MN_DISCOVERING:
	case MIP_MN_AT_HOME:
	case MIP_MN_REGISTERED:
	case MIP_MN_IDLE:
	case MIP_MN__COUNT:
		return;
	}
}

/* ---- bindings and their data plane (RFC 5944 4.2.1) ---- */

static void
neigh(struct mip_mn *mn, enum mip_action_type type, struct mn_binding *b)
{
	struct mip_action *a = mip_outq_push(&mn->ctx->out, type);

	if (a == NULL)
		return;
	a->u.neigh.ifindex = mn->cfg.home_ifindex;
	a->u.neigh.addr = b->fa_addr;
	memcpy(a->u.neigh.hwaddr, b->fa_hwaddr, MIP_HWADDR_LEN);
}

static void
route(struct mip_mn *mn, enum mip_action_type type, struct mn_binding *b)
{
	struct mip_action *a = mip_outq_push(&mn->ctx->out, type);

	if (a == NULL)
		return;
	/* RFC 5944 4.2.1: the foreign agent as first-hop router. */
	a->u.route.plen = 0;
	a->u.route.ifindex = mn->cfg.home_ifindex;
	a->u.route.gw = b->fa_addr;
}

static void
tunnel(struct mip_mn *mn, enum mip_action_type type, struct mn_binding *b,
    uint8_t flags, struct mip_ip4 ha)
{
	struct mip_action *a = mip_outq_push(&mn->ctx->out, type);

	if (a == NULL)
		return;
	a->u.tunnel.id = b->tunnel_id;
	a->u.tunnel.encap = (flags & MIP_RRQ_F_M) ? MIP_TUN_MINIMAL
	    : (flags & MIP_RRQ_F_G)		  ? MIP_TUN_GRE
						  : MIP_TUN_IPIP;
	a->u.tunnel.local = b->coa;
	a->u.tunnel.remote = ha;
	a->u.tunnel.home_addr = mn->cfg.home_addr;
	a->u.tunnel.reverse = (flags & MIP_RRQ_F_T) != 0;
}

void
mip_mn_binding_remove(struct mip_mn *mn, struct mn_binding *b)
{
	if (!b->used)
		return;
	mn_timers_binding_removed(mn, b);
	if (b->has_route)
		route(mn, MIP_ACT_ROUTE_DEL, b);
	if (b->has_neigh)
		neigh(mn, MIP_ACT_NEIGH_DEL, b);
	if (b->tunnel_id != 0) {
		struct mip_action *a =
		    mip_outq_push(&mn->ctx->out, MIP_ACT_TUNNEL_DEL);

		if (a != NULL)
			a->u.tunnel.id = b->tunnel_id;
	}
	memset(b, 0, offsetof(struct mn_binding, expiry));
	b->mn = mn;
}

void
mip_mn_bindings_clear(struct mip_mn *mn, bool only_mode, enum mn_mode mode)
{
	size_t i;

	for (i = 0; i < MN_BINDINGS_MAX; i++)
		if (!only_mode || mn->bindings[i].mode == mode)
			mip_mn_binding_remove(mn, &mn->bindings[i]);
}

bool
mip_mn_any_binding(const struct mip_mn *mn)
{
	size_t i;

	for (i = 0; i < MN_BINDINGS_MAX; i++)
		if (mn->bindings[i].used)
			return true;
	return false;
}

/*
 * The binding for the request's care-of address, fresh or refreshed (a
 * co-located address keeps its tunnel whether registered directly or,
 * after R, via an FA).
 */
static struct mn_binding *
binding_for(struct mip_mn *mn, const struct mn_request *r)
{
	struct mn_binding *b, *victim = NULL;
	size_t i;

	for (i = 0; i < MN_BINDINGS_MAX; i++) {
		b = &mn->bindings[i];
		if (b->used && mip_ip4_eq(b->coa, r->coa))
			return b;
	}
	for (i = 0; i < MN_BINDINGS_MAX; i++) {
		b = &mn->bindings[i];
		if (!b->used)
			return b;
		if (victim == NULL ||
		    b->expiry.expires < victim->expiry.expires)
			victim = b;
	}
	mip_mn_binding_remove(mn, victim);
	return victim;
}

static void
install(struct mip_mn *mn, const struct mn_request *r, struct mn_binding *b)
{
	const struct mn_agent *ag = req_agent(mn);
	size_t i;

	if (!b->used) {
		b->used = true;
		b->mode = r->mode;
		b->coa = r->coa;
		if (r->mode == MN_MODE_FA) {
			b->fa_addr = r->dst;
			if (ag != NULL && ag->has_hwaddr) {
				/* RFC 5944 4.2.1, 4.6: the FA's MAC from its
				 * advertisement, never by ARP. */
				b->has_neigh = true;
				memcpy(
				    b->fa_hwaddr, ag->hwaddr, MIP_HWADDR_LEN);
				neigh(mn, MIP_ACT_NEIGH_ADD, b);
			}
		} else {
			/* Co-located: we decapsulate (and reverse-tunnel
			 * with T) ourselves. */
			b->tunnel_id = mip_ctx_tunnel_id(mn->ctx);
			tunnel(mn, MIP_ACT_TUNNEL_ADD, b, r->flags, r->ha_addr);
		}
	}
	/* The newest FA binding owns the default route. */
	if (b->mode != MN_MODE_FA || b->has_route)
		return;
	for (i = 0; i < MN_BINDINGS_MAX; i++) {
		struct mn_binding *o = &mn->bindings[i];

		if (o != b && o->used && o->has_route) {
			route(mn, MIP_ACT_ROUTE_DEL, o);
			o->has_route = false;
		}
	}
	b->has_route = true;
	route(mn, MIP_ACT_ROUTE_ADD, b);
}

/* ---- replies (RFC 5944 3.6.2) ---- */

static void
denied(struct mip_mn *mn, uint8_t code, const struct mip_now *now)
{
	/* RFC 4721 3.1: a fresh challenge may cure these. */
	mn->retry_on_adv = code == MIP_CODE_FA_UNKNOWN_CHALLENGE ||
	    code == MIP_CODE_FA_MISSING_CHALLENGE ||
	    code == MIP_CODE_FA_STALE_CHALLENGE;
	give_up(mn, now);
}

/* Retries the same registration at once (a repaired denial). */
static void
repair(struct mip_mn *mn, uint8_t code, const struct mip_now *now)
{
	struct mn_request *r = &mn->req;

	if (r->repairs >= MN_REPAIRS_MAX) {
		denied(mn, code, now);
		return;
	}
	r->repairs++;
	(void)mip_mn_request_start(mn, r->mode, r->lifetime == 0, true, now);
}

static void
accepted(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_sa *sa,
    const struct mip_now *now)
{
	struct mn_request r = mn->req;
	uint16_t granted =
	    rep->lifetime < r.lifetime ? rep->lifetime : r.lifetime;
	struct mn_binding *b;
	size_t i;

	mn->req.active = false;
	if (granted == 0) {
		/* Deregistered (or a binding of no time at all). */
		mip_mn_bindings_clear(mn, false, MN_MODE_FA);
		mip_mn_transition(mn,
		    r.mode == MN_MODE_HOME ? MIP_MN_AT_HOME : MIP_MN_IDLE, now);
		return;
	}
	/* RFC 5944 3.6.1.2: without S the home agent replaced every
	 * binding; code 1 says it kept no others either. */
	if (!(r.flags & MIP_RRQ_F_S) || rep->code == MIP_CODE_ACCEPTED_NO_SIMUL)
		for (i = 0; i < MN_BINDINGS_MAX; i++) {
			b = &mn->bindings[i];
			if (b->used && !mip_ip4_eq(b->coa, r.coa))
				mip_mn_binding_remove(mn, b);
		}
	b = binding_for(mn, &r);
	install(mn, &r, b);
	/* RFC 5944 3.6.2.2: min(requested, granted) from the send time. */
	mn_timers_reply_accepted(mn, b, r.ident_sent, granted);
	mip_mn_regkey_accepted(mn, pkt, rep, sa, granted, now);
	mn->retry_on_adv = false;
	mip_mn_transition(mn, MIP_MN_REGISTERED, now);
}

/* One authentication extension of |type|, or NULL when none or two. */
static const struct mip_ext *
sole_auth(const struct mip_exts *x, uint8_t type)
{
	const struct mip_ext *e = mip_exts_find(x, type, 0);

	if (e == NULL || mip_exts_find(x, type, (size_t)(e - x->e) + 1) != NULL)
		return NULL;
	return e;
}

/* Verifies extension |type| of |pkt| under |sa|; a drop reason or -1. */
static int
check_auth(const struct mip_pkt_in *pkt, const struct mip_reg_rep *rep,
    uint8_t type, struct mip_sa *sa)
{
	const struct mip_ext *e = sole_auth(&rep->exts, type);

	if (e == NULL)
		return MIP_DROP_AUTH;
	if (sa == NULL)
		return MIP_DROP_NO_SA;
	if (mip_auth_verify_ext(sa, pkt->data, pkt->len, e) != 0)
		return MIP_DROP_AUTH;
	return -1;
}

static int
decode_reply(struct mip_reg_rep *rep, const struct mip_mn *mn,
    const struct mip_pkt_in *pkt)
{
	switch (mip_reg_rep_decode(
	    rep, pkt->data, pkt->len, &mn->ctx->prof, NULL)) {
	case 0:
		return -1;
	case MIP_ERR_SHORT:
		return MIP_DROP_SHORT;
	case MIP_ERR_UNKNOWN_EXT:
		/* RFC 5944 1.9: silently discarded. */
		return MIP_DROP_UNKNOWN_EXT;
	default:
		return MIP_DROP_MALFORMED;
	}
}

/* Whether |rep| answers our outstanding request (RFC 5944 3.6.2.1). */
static bool
matches(const struct mip_mn *mn, const struct mip_reg_rep *rep)
{
	const struct mn_request *r = &mn->req;

	return r->active && r->ntx > 0 &&
	    mip_ip4_eq(rep->home_addr, mn->cfg.home_addr) &&
	    mip_replay_reply_matches(r->ident, rep->ident);
}

/* A home agent's reply: MN-HA authentication, then the code. */
static void
on_ha_reply(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_now *now)
{
	struct mn_request *r = &mn->req;
	bool dynamic =
	    !mip_ip4_eq(r->ha_addr, mn->ha_addr) || mn->ha_addr.v == 0;
	struct mip_sa *sa = ha_sa(mn, dynamic ? rep->ha_addr : mn->ha_addr);
	int drop;

	/* RFC 5944 3.6.2.1 (b): exactly one MN-HA extension, valid. */
	if ((drop = check_auth(pkt, rep, MIP_EXT_MN_HA_AUTH, sa)) >= 0) {
		mip_ctx_drop(
		    mn->ctx, now, (enum mip_drop)drop, MIP_ROLE_MN, pkt->src);
		return;
	}
	/* Only a 136 may name another home agent. */
	if (rep->code != MIP_CODE_HA_UNKNOWN_HA && !dynamic &&
	    !mip_ip4_eq(rep->ha_addr, r->ha_addr)) {
		mip_ctx_drop(
		    mn->ctx, now, MIP_DROP_UNEXPECTED, MIP_ROLE_MN, pkt->src);
		return;
	}
	/* RFC 5944 5.7: nonces, and the 133 clock offset. */
	(void)mip_replay_learn(sa, r->ident, rep->ident, rep->code, now);
	mn->ctx->stats.replies[rep->code]++;
	mip_mn_note(
	    mn, MIP_NOTE_REG_REPLY, r->coa, pkt->src, rep->code, rep->lifetime);
	switch (rep->code) {
	case MIP_CODE_ACCEPTED:
	case MIP_CODE_ACCEPTED_NO_SIMUL:
		accepted(mn, pkt, rep, sa, now);
		return;
	case MIP_CODE_HA_ID_MISMATCH:
		/* RFC 5944 3.6.2.3: resynchronised above; try again. */
		repair(mn, rep->code, now);
		return;
	case MIP_CODE_HA_UNKNOWN_HA: {
		uint32_t bcast =
		    mn->cfg.home_addr.v | ~mn_mask(mn->cfg.home_plen);

		/* RFC 5944 3.6.2.3: use the unicast address it names. */
		if (rep->ha_addr.v == 0 || rep->ha_addr.v == 0xffffffffU ||
		    rep->ha_addr.v == bcast) {
			denied(mn, rep->code, now);
			return;
		}
		mn->ha_addr = rep->ha_addr;
		repair(mn, rep->code, now);
		return;
	}
	default:
		denied(mn, rep->code, now);
		return;
	}
}

/*
 * A foreign agent's denial (64-127): no MN-HA extension. It only stops
 * retransmission; 69 names the longest lifetime the FA takes.
 */
static void
on_fa_denial(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_now *now)
{
	struct mn_agent *ag = req_agent(mn);

	if (!via_agent(mn->req.mode) || !mip_ip4_eq(pkt->src, mn->req.dst)) {
		mip_ctx_drop(
		    mn->ctx, now, MIP_DROP_UNEXPECTED, MIP_ROLE_MN, pkt->src);
		return;
	}
	mn->ctx->stats.replies[rep->code]++;
	mip_mn_note(mn, MIP_NOTE_REG_REPLY, mn->req.coa, pkt->src, rep->code,
	    rep->lifetime);
	/* RFC 5944 3.6.2.3: 69 carries the FA's maximum lifetime. */
	if (rep->code == MIP_CODE_FA_LIFETIME && ag != NULL &&
	    rep->lifetime > 0 && rep->lifetime < mn->req.lifetime) {
		ag->has_cap = true;
		ag->lifetime_cap = rep->lifetime;
		repair(mn, rep->code, now);
		return;
	}
	denied(mn, rep->code, now);
}

void
mip_mn_on_reply(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_reg_rep rep;
	struct mn_agent *ag;
	int drop;

	if ((drop = decode_reply(&rep, mn, pkt)) >= 0) {
		mip_ctx_drop(
		    mn->ctx, now, (enum mip_drop)drop, MIP_ROLE_MN, pkt->src);
		return;
	}
	switch (mn->state) {
	case MIP_MN_REGISTERING:
	case MIP_MN_DEREGISTERING:
		break;
	case MIP_MN_DISCOVERING:
	case MIP_MN_AT_HOME:
	case MIP_MN_REGISTERED:
	case MIP_MN_IDLE:
	case MIP_MN__COUNT:
		mip_ctx_drop(
		    mn->ctx, now, MIP_DROP_UNEXPECTED, MIP_ROLE_MN, pkt->src);
		return;
	}
	/* RFC 5944 3.6.2.1: the low 32 bits of the Identification must
	 * match the most recent request, else silently discarded. */
	if (!matches(mn, &rep)) {
		mip_ctx_drop(
		    mn->ctx, now, MIP_DROP_UNEXPECTED, MIP_ROLE_MN, pkt->src);
		return;
	}
	/* RFC 5944 3.6.2.1 (a): with an MN-FA SA, exactly one valid
	 * Mobile-Foreign extension, whatever the code. */
	ag = via_agent(mn->req.mode) ? req_agent(mn) : NULL;
	if (ag != NULL && mip_mn_fa_sa(mn, ag->addr) != NULL &&
	    (drop = check_auth(pkt, &rep, MIP_EXT_MN_FA_AUTH,
		 mip_mn_fa_sa(mn, ag->addr))) >= 0) {
		mip_ctx_drop(
		    mn->ctx, now, (enum mip_drop)drop, MIP_ROLE_MN, pkt->src);
		return;
	}
	if (rep.code >= 64 && rep.code <= 127)
		on_fa_denial(mn, pkt, &rep, now);
	else
		on_ha_reply(mn, pkt, &rep, now);
}
