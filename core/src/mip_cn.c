/* SPDX-License-Identifier: ISC */
/*
 * Correspondent node: Binding Update processing (RO draft 4.3; paper 3.3)
 * and Binding Acknowledgements (RO draft 4.4; paper 3.4). Checks run in
 * the fixed order syntax, SA lookup, MAC, identification, semantics; the
 * cache changes only after all of them passed (mip_cn_cache.c). Traffic
 * reports mark cache entries used. This file never touches a timer.
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip_cn.h"

/* Answers sent before the identification check: a burst, then 1/s. */
#define EARLY_BURST 10
#define EARLY_INTERVAL MIP_SEC

/* One received Binding Update as the checks see it. */
struct cn_rx {
	const struct mip_pkt_in *pkt;
	struct mip_bu bu;
	struct mip_sa *sa;
	struct mip_cn_peer *peer;
	int br_slot; /* the Binding Request it answers, or -1 */
};

void
mip_cn_config_init(struct mip_cn_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->capacity = 1024;
	cfg->encaps = MIP_ENCAPS_MINIMAL | MIP_ENCAPS_GRE;
	cfg->max_lifetime = MIP_LIFETIME_INFINITE;
	/* RO spec 1.5: less than about 10 %, at least 5 s, left. */
	cfg->br_lead_pct = 10;
	cfg->br_lead_min = 5;
	cfg->br_active = 10;
	/* RO spec 1.5: as the home agent's updates, 1/s backing off to one
	 * per 256 s; RO spec 3: special tunnels on (the paper profile). */
	cfg->bw_min_ms = 1000;
	cfg->bw_max_ms = 256000;
	cfg->bw_slots = 256;
	cfg->special_lifetime = 10;
}

/* ---- the Binding Acknowledge ---- */

/*
 * RO draft 4.4, paper 3.4: Home Address and Identification copied from
 * the update, to its source address and port. Rate-limited unless the
 * update passed every check (|checked|).
 */
static void
send_ba(struct mip_cn *cn, const struct cn_rx *rx, uint8_t status, bool checked,
    const struct mip_now *now)
{
	const struct mip_pkt_in *pkt = rx->pkt;
	struct mip_act_send s;
	struct mip_ba ba;
	uint8_t *buf;
	mip_ssize n;

	if (!(rx->bu.flags & MIP_BU_F_A))
		return;
	if (!checked && !mip_ratelimit_take(&cn->early_rl, now)) {
		mip_ctx_drop(
		    cn->ctx, now, MIP_DROP_RATE, MIP_ROLE_CN, pkt->src);
		return;
	}
	if ((buf = mip_outq_reserve(&cn->ctx->out, MIP_BA_LEN)) == NULL)
		return;
	memset(&ba, 0, sizeof(ba));
	ba.status = status;
	ba.home_addr = rx->bu.home_addr;
	/* RO spec 1.4: an update without Identification gets zero. */
	ba.ident = rx->bu.ident;
	if ((n = mip_ba_encode(buf, MIP_BA_LEN, &ba, &cn->ctx->prof)) < 0)
		return;
	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_UDP;
	s.src = pkt->dst;
	s.dst = pkt->src;
	s.sport = pkt->dport;
	s.dport = pkt->sport;
	if (mip_outq_send(&cn->ctx->out, &s, (size_t)n) != 0)
		return;
	cn->ctx->stats.tx++;
}

/* ---- identification (RO draft 4.3; paper 3.3) ---- */

/* The outstanding Binding Request of |peer| with Identification |ident|. */
static int
br_slot(const struct mip_cn_peer *peer, uint64_t ident)
{
	int i;

	for (i = 0; peer != NULL && i < MIP_CN_BR_OUTSTANDING; i++)
		if (peer->br_live[i] && peer->br_ident[i] == ident)
			return i;
	return -1;
}

/*
 * Fresh when it answers one of our Binding Requests (it echoes its
 * Identification: RO spec 1.3, 6.4) or, by the SA's replay style,
 * timestamps: RFC 5944 5.7.1 as for registrations; nonces: paper 3.3, its
 * low-order half is the nonce the home agent announced in the high-order
 * half of its previous update. Only looks.
 */
static bool
ident_fresh(struct cn_rx *rx, const struct mip_now *now)
{
	uint64_t ident = rx->bu.ident;

	if (!(rx->bu.flags & MIP_BU_F_I))
		return false;
	if ((rx->br_slot = br_slot(rx->peer, ident)) >= 0)
		return true;
	if (rx->sa->cfg.replay == MIP_REPLAY_NONCE)
		return rx->peer != NULL && rx->peer->have_nonce &&
		    rx->peer->nonce == mip_ident_low(ident);
	return mip_replay_check(rx->sa, ident, now, 0, NULL) == 0;
}

/* The update is accepted: consume its Identification. */
static void
ident_commit(struct cn_rx *rx)
{
	uint64_t ident = rx->bu.ident;

	if (rx->br_slot >= 0)
		rx->peer->br_live[rx->br_slot] = false;
	if (rx->sa->cfg.replay == MIP_REPLAY_NONCE) {
		/* Paper 3.3: the high half is the next update's nonce. */
		if (rx->peer != NULL) {
			rx->peer->have_nonce = true;
			rx->peer->nonce = mip_ident_high(ident);
		}
	} else {
		mip_replay_commit(rx->sa, ident);
	}
}

/* ---- semantics ---- */

/*
 * The status for an authenticated, fresh update: 134 when an address is
 * no unicast address (RO spec 1.4: poorly formed), 129 when it names one
 * of ours (a binding would divert our own traffic: administratively
 * prohibited), else 0.
 */
static uint8_t
validate(const struct mip_cn *cn, const struct mip_bu *bu)
{
	if (!mip_addr_usable(bu->home_addr))
		return MIP_BA_BAD_BU;
	if (mip_ctx_addr_ours(cn->ctx, bu->home_addr))
		return MIP_BA_PROHIBITED;
	if (mip_bu_is_delete(bu))
		return MIP_BA_ACCEPTED;
	if (!mip_addr_usable(bu->coa))
		return MIP_BA_BAD_BU;
	if (mip_ctx_addr_ours(cn->ctx, bu->coa))
		return MIP_BA_PROHIBITED;
	return MIP_BA_ACCEPTED;
}

/* ---- acceptance ---- */

static uint8_t
apply(struct mip_cn *cn, const struct cn_rx *rx, const struct mip_now *now)
{
	const struct mip_bu *bu = &rx->bu;
	struct mip_bcache_entry *e = mip_bcache_find(&cn->cache, bu->home_addr);
	struct mip_cn_bind b;

	/* RO draft 4.3, paper 3.3: lifetime 0, or care-of address = home
	 * address, deletes the entry and creates none. */
	if (mip_bu_is_delete(bu)) {
		if (e != NULL)
			mip_cn_cache_delete(cn, e);
		return MIP_BA_ACCEPTED;
	}
	memset(&b, 0, sizeof(b));
	b.home_addr = bu->home_addr;
	b.coa = bu->coa;
	b.ha_addr = rx->pkt->src;
	b.local = rx->pkt->dst;
	b.spi = rx->sa->cfg.spi;
	b.flags = bu->flags & (MIP_BU_F_M | MIP_BU_F_G);
	b.lifetime = bu->lifetime;
	if (cn->cfg.max_lifetime != MIP_LIFETIME_INFINITE &&
	    (b.lifetime == MIP_LIFETIME_INFINITE ||
		b.lifetime > cn->cfg.max_lifetime))
		b.lifetime = cn->cfg.max_lifetime;
	/* Paper 4.3: at a foreign agent the update also ends a visitor entry
	 * it binds elsewhere (before the entry's route is added). */
	if (cn->ctx->fa != NULL)
		mip_fa_ro_moved(cn->ctx->fa, b.home_addr, b.coa, now);
	if (mip_cn_cache_update(cn, &b, now) != 0)
		return MIP_BA_RESOURCES;
	return MIP_BA_ACCEPTED;
}

/* The first Route Optimization Authentication extension, or NULL. */
static const struct mip_ext *
find_auth(const struct mip_exts *x)
{
	return mip_exts_find(x, MIP_EXT_RO_AUTH, 0);
}

#define DROP(r)                                                                \
	do {                                                                   \
		reason = (r);                                                  \
		goto drop;                                                     \
	} while (0)

static void
cn_on_update(
    struct mip_cn *cn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_ctx *ctx = cn->ctx;
	const struct mip_ext *auth;
	enum mip_drop reason;
	struct cn_rx rx;
	uint8_t status;
	uint32_t spi;
	int rc;

	memset(&rx, 0, sizeof(rx));
	rx.pkt = pkt;
	rx.br_slot = -1;
	/* 1. syntax. An unknown extension below 128 hides what follows it,
	 * the authenticator included (RFC 5944 1.9): discarded, 134. */
	rc = mip_bu_decode(&rx.bu, pkt->data, pkt->len, &ctx->prof, NULL);
	if (rc == MIP_ERR_UNKNOWN_EXT) {
		send_ba(cn, &rx, MIP_BA_BAD_BU, false, now);
		DROP(MIP_DROP_UNKNOWN_EXT);
	}
	if (rc == MIP_ERR_SHORT)
		DROP(MIP_DROP_SHORT);
	if (rc != 0)
		DROP(MIP_DROP_MALFORMED);
	/* RO draft 4.3: a cache takes Binding Updates from home agents. One
	 * from the mobile node's own address is a smooth-handoff update
	 * (spec 2.2) whose previous agent holds no key for it any more:
	 * not for the cache, whatever SA the node shares with that address
	 * (an FA's configured MN-FA SA). */
	if (mip_ip4_eq(pkt->src, rx.bu.home_addr))
		DROP(MIP_DROP_UNEXPECTED);
	/* 2. SA. RO draft 4.3, paper 3.3: the update must carry the RO
	 * Authentication extension, under the SA with the home agent that
	 * sent it (spec 1.3: IP source, SPI). */
	if ((auth = find_auth(&rx.bu.exts)) == NULL) {
		send_ba(cn, &rx, MIP_BA_AUTH, false, now);
		DROP(MIP_DROP_AUTH);
	}
	if (mip_auth_ext_spi(auth, &spi) != 0)
		DROP(MIP_DROP_MALFORMED);
	if ((rx.sa = mip_sa_find(ctx->sas, pkt->src, spi)) == NULL) {
		send_ba(cn, &rx, MIP_BA_AUTH, false, now);
		DROP(MIP_DROP_NO_SA);
	}
	/* 3. MAC (spec 2.1: from the Type octet through the SPI). */
	if (mip_auth_verify_ext(rx.sa, pkt->data, pkt->len, auth) != 0) {
		send_ba(cn, &rx, MIP_BA_AUTH, false, now);
		DROP(MIP_DROP_AUTH);
	}
	/* 4. identification. Paper 3.3: with nonces, a node that sees a
	 * wrong one resynchronises with a Binding Request. */
	rx.peer = mip_cn_peer_find(cn, pkt->src, spi);
	if (!ident_fresh(&rx, now)) {
		send_ba(cn, &rx, MIP_BA_ID_MISMATCH, false, now);
		if (rx.sa->cfg.replay == MIP_REPLAY_NONCE && rx.peer != NULL &&
		    mip_addr_usable(rx.bu.home_addr) &&
		    mip_ratelimit_take(&cn->early_rl, now))
			(void)mip_cn_send_br(
			    cn, rx.peer, rx.bu.home_addr, pkt->dst, now);
		DROP(MIP_DROP_REPLAY);
	}
	/* 5. semantics, 6. state change and actions */
	if ((status = validate(cn, &rx.bu)) != MIP_BA_ACCEPTED) {
		ident_commit(&rx);
		send_ba(cn, &rx, status, true, now);
		return;
	}
	ident_commit(&rx);
	status = apply(cn, &rx, now);
	send_ba(cn, &rx, status, true, now);
	return;
drop:
	mip_ctx_drop(ctx, now, reason, MIP_ROLE_CN, pkt->src);
}

#undef DROP

bool
mip_cn_on_packet(
    struct mip_cn *cn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	/* Ours: Binding Updates on UDP port 434 (RO draft 4). */
	if (mip_ctx_udp_kind(cn->ctx, pkt) != MIP_MSG_KIND_BIND_UPDATE)
		return false;
	cn_on_update(cn, pkt, now);
	return true;
}

bool
mip_cn_on_traffic(
    struct mip_cn *cn, const struct mip_traffic *tr, const struct mip_now *now)
{
	struct mip_bcache_entry *e;

	if (tr->kind == MIP_TRAFFIC_UNMATCHED)
		return mip_cn_fwd_unmatched(cn, tr, now);
	if (tr->kind != MIP_TRAFFIC_TUNNELLED ||
	    (e = mip_bcache_find(&cn->cache, tr->dst)) == NULL ||
	    e->tunnel_id != tr->tunnel_id)
		return false;
	/* RO spec 1.5: "used recently" decides the Binding Request. */
	e->last_use = now->mono;
	mip_bcache_touch(&cn->cache, e);
	return true;
}

/* ---- lifecycle ---- */

static int
build_peers(struct mip_cn *cn)
{
	const struct mip_sa_table *t = cn->ctx->sas;
	size_t i, n = mip_sa_count(t);

	cn->peers = cn->ctx->mem.calloc(
	    n > 0 ? n : 1, sizeof(*cn->peers), cn->ctx->mem.user_data);
	if (cn->peers == NULL)
		return MIP_ERR_NOMEM;
	/* The SA table is in (peer, SPI) order: so is this. */
	for (i = 0; i < n; i++) {
		cn->peers[i].ha_addr = mip_sa_at(t, i)->cfg.peer;
		cn->peers[i].spi = mip_sa_at(t, i)->cfg.spi;
	}
	cn->npeers = n;
	return 0;
}

int
mip_cn_new(struct mip_cn **out, struct mip_ctx *ctx,
    const struct mip_cn_config *cfg, const struct mip_now *now)
{
	struct mip_cn *cn;
	int rc;

	(void)now;
	*out = NULL;
	if (cfg->br_lead_pct > 100 || cfg->bw_slots == 0 ||
	    cfg->bw_slots > 65536 || cfg->bw_min_ms == 0 ||
	    cfg->bw_max_ms < cfg->bw_min_ms)
		return MIP_ERR_INVAL;
	cn = ctx->mem.calloc(1, sizeof(*cn), ctx->mem.user_data);
	if (cn == NULL)
		return MIP_ERR_NOMEM;
	cn->ctx = ctx;
	cn->cfg = *cfg;
	mip_ratelimit_init(&cn->early_rl, EARLY_BURST, EARLY_INTERVAL);
	if ((rc = mip_bcache_new(&cn->cache, cfg->capacity, mip_cn_timers_fire,
		 &ctx->mem)) != 0 ||
	    (rc = build_peers(cn)) != 0) {
		mip_cn_del(cn);
		return rc;
	}
	cn->bw =
	    ctx->mem.calloc(cfg->bw_slots, sizeof(*cn->bw), ctx->mem.user_data);
	if (cn->bw == NULL) {
		mip_cn_del(cn);
		return MIP_ERR_NOMEM;
	}
	ctx->cn = cn;
	*out = cn;
	return 0;
}

void
mip_cn_del(struct mip_cn *cn)
{
	struct mip_mem mem;

	if (cn == NULL)
		return;
	mem = cn->ctx->mem;
	if (cn->ctx->cn == cn)
		cn->ctx->cn = NULL;
	mem.free(cn->bw, mem.user_data);
	/* The host removes our routes and tunnels by itself. */
	mip_bcache_free(&cn->cache, &cn->ctx->tq);
	mem.free(cn->peers, mem.user_data);
	mem.free(cn, mem.user_data);
}
