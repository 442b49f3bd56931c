/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization at the home agent (RO draft 4.3, 4.2, 4.1; paper
 * 3.1-3.3, 3.6): the Binding Updates a home agent sends to its configured
 * RO peers, when it tunnels a peer's packet to a mobile node (a traffic
 * report), when a peer asks (Binding Request), when a node warns that a
 * peer uses a stale binding (Binding Warning), and when a binding changes
 * (a move, a deregistration, an expiry) for every peer that holds one.
 * Unsolicited updates are rate-limited per (peer, mobile node) with an
 * exponential back-off (RO spec 1.5); answers to Requests and Warnings
 * ignore the back-off but come at most once per bu_min_ms per pair; a
 * mobile node that registered with P only ever yields "delete" updates
 * (RO spec 2.3; paper 3.6).
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip_ha.h"
#include "mip_sort.h"

/* Fixed part with Identification, then type 35 with the longest MAC. */
#define BU_CAP (MIP_BU_ID_LEN + 2 + 4 + MIP_AUTH_MAX_LEN)
/* Answers to unauthenticated Binding Requests and Warnings: a burst,
 * then 10/s in all (each pair has its own limit besides). */
#define RX_BURST 20
#define RX_INTERVAL (MIP_SEC / 10)

void
mip_ha_ro_config_init(struct mip_ha_ro_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* RO spec 1.5: 1/s at first, backing off to one per 256 s. */
	cfg->bu_min_ms = 1000;
	cfg->bu_max_ms = 256000;
	cfg->max_pairs = 4096;
}

struct mip_ha_ro_peer *
mip_ha_ro_peer_find(const struct mip_ha_ro *ro, struct mip_ip4 addr)
{
	size_t lo = 0, hi = ro->npeers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ro->peers[mid].addr.v == addr.v)
			return &ro->peers[mid];
		if (ro->peers[mid].addr.v < addr.v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- the binding a peer is told ---- */

/*
 * RO draft 4.3: the current binding with the remaining registration
 * lifetime; RO spec 2.3, 1.2: a mobile node at home, or registered with P,
 * is announced as care-of address = home address, lifetime 0 (delete).
 */
static void
current(
    const struct mip_ha_mn *mn, struct mip_bu *bu, const struct mip_now *now)
{
	const struct mip_ha_binding *b = mn->bindings;

	bu->home_addr = mn->home_addr;
	if (b == NULL || b->private_p) {
		bu->coa = mn->home_addr;
		bu->lifetime = 0;
		return;
	}
	bu->coa = b->coa;
	bu->lifetime = mip_ha_timers_remaining(b, now);
	if (b->flags & MIP_RRQ_F_M)
		bu->flags |= MIP_BU_F_M;
	if (b->flags & MIP_RRQ_F_G)
		bu->flags |= MIP_BU_F_G;
}

/*
 * Paper 3.3: timestamps as for registrations (strictly increasing per SA,
 * so that two updates in one clock tick both pass); nonces: the nonce for
 * this update in the low half, the next one announced in the high half.
 */
static uint64_t
next_ident(struct mip_ha *ha, struct mip_ha_ro_peer *peer,
    const struct mip_sa *sa, const struct mip_now *now)
{
	uint64_t ident;

	if (sa->cfg.replay == MIP_REPLAY_NONCE) {
		uint32_t next = mip_ctx_rand32(ha->ctx);

		ident = mip_ident_make(next, peer->next_nonce);
		peer->next_nonce = next;
		return ident;
	}
	ident = now->ntp;
	/* 0: none sent yet (serial order means nothing against it). */
	if (peer->last_ident != 0 && !mip_ident_newer(ident, peer->last_ident))
		ident = peer->last_ident + 1;
	peer->last_ident = ident;
	return ident;
}

/*
 * An answer to a Binding Request echoes its Identification (RO spec 1.3,
 * 6.4); the peer then expects what follows it.
 */
static void
echo_ident(struct mip_ha_ro_peer *peer, const struct mip_sa *sa, uint64_t ident)
{
	if (sa->cfg.replay == MIP_REPLAY_NONCE)
		peer->next_nonce = mip_ident_high(ident);
	else if (peer->last_ident == 0 ||
	    mip_ident_newer(ident, peer->last_ident))
		peer->last_ident = ident;
}

/*
 * send_bu sends |p|'s peer the current binding of |p|->mn, authenticated
 * with the RO Authentication extension under the SA (peer, spi) (RO draft
 * 4.3, 4.5; spec 2.1), to port |dport|; |echo| answers a Binding Request
 * with Identification |ident|. Records what the peer now holds. Returns
 * true when it was queued.
 */
static bool
send_bu(struct mip_ha *ha, struct mip_ha_ro_pair *p, uint16_t dport, bool echo,
    uint64_t ident, const struct mip_now *now)
{
	struct mip_ha_ro *ro = ha->ro;
	const struct mip_sa *sa =
	    mip_sa_find(ha->ctx->sas, p->peer->addr, p->peer->spi);
	uint8_t *buf = mip_outq_reserve(&ha->ctx->out, BU_CAP);
	struct mip_act_send s;
	struct mip_wbuf w;
	struct mip_bu bu;
	mip_ssize n;

	if (buf == NULL || sa == NULL)
		return false;
	memset(&bu, 0, sizeof(bu));
	current(p->mn, &bu, now);
	bu.flags |= MIP_BU_F_I;
	if (ro->cfg.bu_ack)
		bu.flags |= MIP_BU_F_A;
	if (echo)
		echo_ident(p->peer, sa, ident);
	bu.ident = echo ? ident : next_ident(ha, p->peer, sa, now);
	if ((n = mip_bu_encode(buf, BU_CAP, &bu, &ha->ctx->prof)) < 0)
		return false;
	mip_wbuf_init(&w, buf, BU_CAP);
	w.off = (size_t)n;
	if (mip_auth_append(&w, MIP_EXT_RO_AUTH, sa) != 0)
		return false;
	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_UDP;
	s.src = ha->cfg.addr;
	s.dst = p->peer->addr;
	s.sport = MIP_UDP_PORT;
	s.dport = dport;
	if (mip_outq_send(&ha->ctx->out, &s, w.off) != 0)
		return false;
	ha->ctx->stats.tx++;
	ro->bu_sent++;
	p->sent++;
	if (bu.lifetime == 0) {
		p->sent_coa.v = 0;
		p->sent_until = MIP_TSTAMP_NONE;
	} else {
		p->sent_coa = bu.coa;
		p->sent_until = bu.lifetime == MIP_LIFETIME_INFINITE
		    ? MIP_TSTAMP_NONE
		    : now->mono + MIP_SEC * (mip_duration)bu.lifetime;
	}
	return true;
}

/* Whether |p|'s peer still holds a binding we sent it. */
static bool
holds(const struct mip_ha_ro_pair *p, const struct mip_now *now)
{
	return p->sent_coa.v != 0 &&
	    (p->sent_until == MIP_TSTAMP_NONE || p->sent_until > now->mono);
}

/* ---- back-off (RO spec 1.5) ---- */

static void
backoff_reset(const struct mip_ha_ro *ro, struct mip_ha_ro_pair *p)
{
	p->interval = MIP_MSEC * (mip_duration)ro->cfg.bu_min_ms;
}

/*
 * After an unsolicited update the next one waits the current interval
 * with +-50 % jitter, and the interval doubles up to the maximum.
 */
static void
backoff_step(
    struct mip_ha *ha, struct mip_ha_ro_pair *p, const struct mip_now *now)
{
	mip_duration max = MIP_MSEC * (mip_duration)ha->ro->cfg.bu_max_ms;
	mip_duration r = mip_ctx_rand32(ha->ctx) % 1024;

	p->next_ok = now->mono + p->interval / 2 + p->interval * r / 1024;
	p->interval = p->interval > max / 2 ? max : p->interval * 2;
}

/*
 * An unsolicited update to |peer| about |mn| (a tunnelled packet, a
 * special tunnel), unless the pair's back-off holds it.
 */
static void
unsolicited(struct mip_ha *ha, struct mip_ha_ro_peer *peer,
    struct mip_ha_mn *mn, const struct mip_now *now)
{
	struct mip_ha_ro_pair *p = mip_ha_ro_pair_get(ha->ro, peer, mn);

	if (now->mono < p->next_ok) {
		ha->ro->bu_held++;
		return;
	}
	if (send_bu(ha, p, MIP_UDP_PORT, false, 0, now))
		backoff_step(ha, p, now);
}

void
mip_ha_ro_changed(
    struct mip_ha *ha, struct mip_ha_mn *mn, const struct mip_now *now)
{
	const struct mip_ha_binding *b = mn->bindings;
	struct mip_ip4 coa = { 0 };
	struct mip_ha_ro_pair *p;

	if (b != NULL && !b->private_p)
		coa = b->coa;
	/* A refresh of the same binding changes nothing for the peers: they
	 * ask again before their entry expires (RO spec 1.5). */
	if (mip_ip4_eq(coa, mn->ro_coa))
		return;
	mn->ro_coa = coa;
	for (p = mn->ro_pairs; p != NULL; p = p->mn_next) {
		backoff_reset(ha->ro, p);
		p->next_ok = now->mono;
		/* RO draft 4.3: a peer with the old binding gets the new
		 * one (or a delete: deregistration, expiry, P). */
		if (holds(p, now) &&
		    send_bu(ha, p, MIP_UDP_PORT, false, 0, now))
			backoff_step(ha, p, now);
	}
}

/* ---- traffic reports ---- */

/* |mn|'s binding whose tunnel is |tunnel_id|, or NULL. */
static const struct mip_ha_binding *
binding_by_tunnel(const struct mip_ha_mn *mn, uint32_t tunnel_id)
{
	const struct mip_ha_binding *b;

	for (b = mn->bindings; b != NULL; b = b->next)
		if (b->tunnel_id == tunnel_id)
			return b;
	return NULL;
}

/* An unsolicited update to |addr| when it is a configured peer. */
static void
tell_peer(struct mip_ha *ha, struct mip_ip4 addr, struct mip_ha_mn *mn,
    const struct mip_now *now)
{
	struct mip_ha_ro_peer *peer = mip_ha_ro_peer_find(ha->ro, addr);

	if (peer != NULL)
		unsolicited(ha, peer, mn, now);
}

bool
mip_ha_on_traffic(
    struct mip_ha *ha, const struct mip_traffic *tr, const struct mip_now *now)
{
	const struct mip_ha_binding *b;
	struct mip_ha_mn *mn;

	if (ha->ro == NULL || tr->kind == MIP_TRAFFIC_UNMATCHED ||
	    (mn = mip_ha_mn_find(ha, tr->dst)) == NULL ||
	    (b = binding_by_tunnel(mn, tr->tunnel_id)) == NULL)
		return false;
	/* RO spec 2.3, paper 3.6: nothing to reveal, and the peer holds
	 * nothing to delete (a change would have told it). */
	if (b->private_p)
		return true;
	/* RO draft 4.3, paper 3.3: a packet we tunnel tells us that its
	 * source lacks the binding. */
	tell_peer(ha, tr->src, mn, now);
	/* RO spec 3 step 5 (OPT-06 8.1): a special tunnel also tells its
	 * source, the node that lost track of the mobile node. */
	if (tr->kind == MIP_TRAFFIC_SPECIAL &&
	    !mip_ip4_eq(tr->outer_src, tr->src))
		tell_peer(ha, tr->outer_src, mn, now);
	return true;
}

/* ---- Binding Requests, Warnings and Acknowledgements ---- */

#define DROP(r)                                                                \
	do {                                                                   \
		reason = (r);                                                  \
		goto drop;                                                     \
	} while (0)

/* The pair (source peer, mobile node) a message is about, or a drop. */
static enum mip_drop
about(struct mip_ha *ha, struct mip_ip4 src, struct mip_ip4 home_addr,
    struct mip_ha_ro_peer **peer, struct mip_ha_mn **mn)
{
	if ((*peer = mip_ha_ro_peer_find(ha->ro, src)) == NULL)
		return MIP_DROP_NO_SA;
	if ((*mn = mip_ha_mn_find(ha, home_addr)) == NULL)
		return MIP_DROP_UNEXPECTED;
	return MIP_DROP__COUNT;
}

/*
 * RO draft 4.2, 4.1 (spec 1.1, 1.2): a Binding Request or Warning asks for
 * the binding, so it is answered whatever the pair's unsolicited back-off;
 * neither is authenticated, so a pair gets at most one answer per
 * bu_min_ms however many arrive. The answer also counts as the pair's
 * update for the back-off's shortest wait. Returns false when held.
 */
static bool
answer(struct mip_ha *ha, struct mip_ha_ro_peer *peer, struct mip_ha_mn *mn,
    uint16_t dport, const struct mip_br *br, const struct mip_now *now)
{
	mip_duration min = MIP_MSEC * (mip_duration)ha->ro->cfg.bu_min_ms;
	struct mip_ha_ro_pair *p = mip_ha_ro_pair_find(ha->ro, peer, mn);

	if (p != NULL && p->asked_last != MIP_TSTAMP_NONE &&
	    now->mono - p->asked_last < min) {
		ha->ro->bu_held++;
		return false;
	}
	p = mip_ha_ro_pair_get(ha->ro, peer, mn);
	p->asked_last = now->mono;
	/* RO spec 1.5: a request shows the peer does Route Optimization. */
	if (br != NULL)
		backoff_reset(ha->ro, p);
	if (send_bu(
		ha, p, dport, br != NULL, br != NULL ? br->ident : 0, now) &&
	    p->next_ok < now->mono + min)
		p->next_ok = now->mono + min;
	return true;
}

/*
 * RO draft 4.2, spec 1.2: a Binding Request is answered with a Binding
 * Update (the binding, or a delete for P or at home) to its source and
 * port, echoing its Identification.
 */
static void
on_br(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_ha_ro_peer *peer;
	struct mip_ha_mn *mn;
	enum mip_drop reason;
	struct mip_br br;
	int rc;

	if ((rc = mip_br_decode(
		 &br, pkt->data, pkt->len, &ha->ctx->prof, NULL)) != 0)
		DROP(rc == MIP_ERR_SHORT ? MIP_DROP_SHORT : MIP_DROP_MALFORMED);
	if ((reason = about(ha, pkt->src, br.home_addr, &peer, &mn)) !=
	    MIP_DROP__COUNT)
		goto drop;
	if (!mip_ratelimit_take(&ha->ro->rx_rl, now) ||
	    !answer(ha, peer, mn, pkt->sport, &br, now))
		DROP(MIP_DROP_RATE);
	return;
drop:
	mip_ctx_drop(ha->ctx, now, reason, MIP_ROLE_HA, pkt->src);
}

/*
 * RO draft 4.1, spec 1.1: each target of a Binding Warning (no target:
 * its sender) that is a configured peer is sent the current binding to
 * port 434; other targets are skipped.
 */
static void
on_bw(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_ha_ro_peer *peer;
	enum mip_drop reason;
	struct mip_ha_mn *mn;
	struct mip_bw bw;
	size_t i;
	int rc;

	if ((rc = mip_bw_decode(
		 &bw, pkt->data, pkt->len, &ha->ctx->prof, NULL)) != 0)
		DROP(rc == MIP_ERR_SHORT ? MIP_DROP_SHORT : MIP_DROP_MALFORMED);
	if ((mn = mip_ha_mn_find(ha, bw.home_addr)) == NULL)
		DROP(MIP_DROP_UNEXPECTED);
	if (!mip_ratelimit_take(&ha->ro->rx_rl, now))
		DROP(MIP_DROP_RATE);
	if (bw.n_targets == 0) {
		bw.targets[0] = pkt->src;
		bw.n_targets = 1;
	}
	for (i = 0; i < bw.n_targets; i++)
		if ((peer = mip_ha_ro_peer_find(ha->ro, bw.targets[i])) != NULL)
			(void)answer(ha, peer, mn, MIP_UDP_PORT, NULL, now);
	return;
drop:
	mip_ctx_drop(ha->ctx, now, reason, MIP_ROLE_HA, pkt->src);
}

/*
 * RO draft 4.4: a positive Binding Acknowledge from a peer shows it does
 * Route Optimization: the pair's back-off restarts (RO spec 1.5). It
 * changes no binding, so it needs no authentication.
 */
static void
on_ba(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_ha_ro_peer *peer;
	struct mip_ha_ro_pair *p;
	struct mip_ha_mn *mn;
	enum mip_drop reason;
	struct mip_ba ba;
	int rc;

	rc = mip_ba_decode(&ba, pkt->data, pkt->len, &ha->ctx->prof, NULL);
	if (rc != 0 && rc != MIP_ERR_UNKNOWN_EXT)
		DROP(rc == MIP_ERR_SHORT ? MIP_DROP_SHORT : MIP_DROP_MALFORMED);
	if ((reason = about(ha, pkt->src, ba.home_addr, &peer, &mn)) !=
	    MIP_DROP__COUNT)
		goto drop;
	if (ba.status == MIP_BA_ACCEPTED &&
	    (p = mip_ha_ro_pair_find(ha->ro, peer, mn)) != NULL)
		backoff_reset(ha->ro, p);
	return;
drop:
	mip_ctx_drop(ha->ctx, now, reason, MIP_ROLE_HA, pkt->src);
}

#undef DROP

bool
mip_ha_ro_on_packet(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	if (ha->ro == NULL)
		return false;
	switch (mip_ctx_udp_kind(ha->ctx, pkt)) {
	case MIP_MSG_KIND_BIND_REQ:
		on_br(ha, pkt, now);
		return true;
	case MIP_MSG_KIND_BIND_WARN:
		on_bw(ha, pkt, now);
		return true;
	case MIP_MSG_KIND_BIND_ACK:
		on_ba(ha, pkt, now);
		return true;
	case MIP_MSG_KIND_UNKNOWN:
	case MIP_MSG_KIND_REG_REQ:
	case MIP_MSG_KIND_REG_REP:
	case MIP_MSG_KIND_TUNNEL_DATA:
	case MIP_MSG_KIND_BIND_UPDATE: /* the correspondent node's */
		break;
	}
	return false;
}

/* ---- lifecycle ---- */

static int
peer_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct mip_ha_ro_peer *)a)->addr.v;
	uint32_t y = ((const struct mip_ha_ro_peer *)b)->addr.v;

	return x < y ? -1 : x > y;
}

static int
build_peers(struct mip_ha *ha, const struct mip_ha_ro_config *cfg)
{
	struct mip_ha_ro *ro = ha->ro;
	struct mip_ctx *ctx = ha->ctx;
	size_t i;

	ro->peers = ctx->mem.calloc(cfg->npeers > 0 ? cfg->npeers : 1,
	    sizeof(*ro->peers), ctx->mem.user_data);
	if (ro->peers == NULL)
		return MIP_ERR_NOMEM;
	for (i = 0; i < cfg->npeers; i++) {
		/* RO draft 4.3: every update is authenticated, so every
		 * peer needs its SA. */
		if (mip_sa_find(ctx->sas, cfg->peers[i].addr,
			cfg->peers[i].spi) == NULL)
			return MIP_ERR_INVAL;
		ro->peers[i].addr = cfg->peers[i].addr;
		ro->peers[i].spi = cfg->peers[i].spi;
		ro->peers[i].next_nonce = mip_ctx_rand32(ctx);
	}
	ro->npeers = cfg->npeers;
	mip_sort(ro->peers, ro->npeers, sizeof(*ro->peers), peer_cmp);
	for (i = 1; i < ro->npeers; i++)
		if (mip_ip4_eq(ro->peers[i].addr, ro->peers[i - 1].addr))
			return MIP_ERR_INVAL;
	return 0;
}

int
mip_ha_ro_new(struct mip_ha *ha, const struct mip_ha_ro_config *cfg)
{
	struct mip_ctx *ctx = ha->ctx;
	int rc;

	if (cfg->bu_min_ms == 0 || cfg->bu_max_ms < cfg->bu_min_ms ||
	    cfg->max_pairs == 0 || cfg->max_pairs > ((size_t)1 << 22) ||
	    (cfg->npeers > 0 && cfg->peers == NULL))
		return MIP_ERR_INVAL;
	ha->ro = ctx->mem.calloc(1, sizeof(*ha->ro), ctx->mem.user_data);
	if (ha->ro == NULL)
		return MIP_ERR_NOMEM;
	ha->ro->cfg = *cfg;
	ha->ro->cfg.peers = NULL; /* the copy lives in ro->peers */
	mip_ratelimit_init(&ha->ro->rx_rl, RX_BURST, RX_INTERVAL);
	if ((rc = build_peers(ha, cfg)) != 0 ||
	    (rc = mip_ha_ro_pairs_new(ha->ro, &ctx->mem)) != 0)
		return rc;
	return 0;
}

void
mip_ha_ro_del(struct mip_ha *ha)
{
	struct mip_mem mem = ha->ctx->mem;

	if (ha->ro == NULL)
		return;
	mip_ha_ro_pairs_free(ha->ro, &mem);
	mem.free(ha->ro->peers, mem.user_data);
	mem.free(ha->ro, mem.user_data);
	ha->ro = NULL;
}
