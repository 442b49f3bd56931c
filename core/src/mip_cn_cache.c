/* SPDX-License-Identifier: ISC */
/*
 * The correspondent node's binding cache entries (RO draft 3.1, 4.3;
 * paper 2): installing, refreshing, replacing and deleting them with the
 * data-plane actions that go with each (a tunnel to the care-of address
 * and a host route for the home address into it), and the Binding
 * Requests that keep an entry in use alive (RO draft 4.2; paper 3.2).
 * Decides nothing about whether an update is acceptable (mip_cn.c) and
 * arms no timer itself (mip_cn_timers.c).
 */
#include <string.h>

#include "mip/mip_proto.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip_cn.h"

/* ---- data-plane actions ---- */

static void
tunnel_act(struct mip_cn *cn, const struct mip_bcache_entry *e, bool add)
{
	struct mip_action *a = mip_outq_push(
	    &cn->ctx->out, add ? MIP_ACT_TUNNEL_ADD : MIP_ACT_TUNNEL_DEL);

	if (a == NULL)
		return;
	a->u.tunnel.id = e->tunnel_id;
	a->u.tunnel.encap = e->encap;
	/* Paper 2: we tunnel to the care-of address ourselves, from the
	 * address the home agent reached us at. */
	a->u.tunnel.local = e->local;
	a->u.tunnel.remote = e->coa;
	a->u.tunnel.home_addr = e->home_addr;
}

static void
route_act(struct mip_cn *cn, const struct mip_bcache_entry *e, bool add)
{
	struct mip_action *a = mip_outq_push(
	    &cn->ctx->out, add ? MIP_ACT_ROUTE_ADD : MIP_ACT_ROUTE_DEL);

	if (a == NULL)
		return;
	a->u.route.dst = e->home_addr;
	a->u.route.plen = 32;
	a->u.route.tunnel_id = e->tunnel_id;
}

static void
cache_note(struct mip_cn *cn, const struct mip_bcache_entry *e, bool add)
{
	struct mip_act_notify n;

	memset(&n, 0, sizeof(n));
	n.what = add ? MIP_NOTE_BINDING_ADD : MIP_NOTE_BINDING_DEL;
	n.role = MIP_ROLE_CN;
	n.home_addr = e->home_addr;
	n.coa = e->coa;
	n.peer = e->ha_addr;
	mip_ctx_notify(cn->ctx, &n);
}

static void
tunnel_up(struct mip_cn *cn, struct mip_bcache_entry *e)
{
	e->tunnel_id = mip_ctx_tunnel_id(cn->ctx);
	tunnel_act(cn, e, true);
	route_act(cn, e, true);
	cache_note(cn, e, true);
}

static void
tunnel_down(struct mip_cn *cn, struct mip_bcache_entry *e)
{
	route_act(cn, e, false);
	tunnel_act(cn, e, false);
	cache_note(cn, e, false);
	e->tunnel_id = 0;
}

/* Paper 3.3: M and G say which encapsulations the mobile node can take;
 * we use one only when we offer it too. GRE first, then minimal. */
static enum mip_encap_kind
encap_of(const struct mip_cn *cn, uint8_t flags)
{
	if ((flags & MIP_BU_F_G) && (cn->cfg.encaps & MIP_ENCAPS_GRE))
		return MIP_TUN_GRE;
	if ((flags & MIP_BU_F_M) && (cn->cfg.encaps & MIP_ENCAPS_MINIMAL))
		return MIP_TUN_MINIMAL;
	return MIP_TUN_IPIP;
}

/* ---- entries ---- */

void
mip_cn_cache_delete(struct mip_cn *cn, struct mip_bcache_entry *e)
{
	mip_cn_timers_removed(cn, e);
	tunnel_down(cn, e);
	mip_bcache_remove(&cn->cache, e);
}

int
mip_cn_cache_update(
    struct mip_cn *cn, const struct mip_cn_bind *b, const struct mip_now *now)
{
	struct mip_bcache_entry *e = mip_bcache_find(&cn->cache, b->home_addr);
	enum mip_encap_kind encap = encap_of(cn, b->flags);
	bool fresh = e == NULL;
	bool moved;

	if (fresh) {
		/* RO draft 3.1, paper 2: a full cache replaces its least
		 * recently used entry. */
		if (cn->cache.n == cn->cache.cap)
			mip_cn_cache_delete(cn, mip_bcache_lru(&cn->cache));
		e = mip_bcache_add(&cn->cache, b->home_addr);
	}
	moved = fresh || !mip_ip4_eq(e->coa, b->coa) ||
	    !mip_ip4_eq(e->local, b->local) || e->encap != encap;
	if (moved && !fresh)
		tunnel_down(cn, e);
	e->coa = b->coa;
	e->ha_addr = b->ha_addr;
	e->local = b->local;
	e->spi = b->spi;
	e->lifetime = b->lifetime;
	e->flags = b->flags;
	e->encap = encap;
	e->br_sent = false;
	if (mip_cn_timers_granted(cn, e, now) != 0) {
		/* Without a lifetime timer the entry could outlive its
		 * binding: none at all is better. */
		if (!moved)
			tunnel_down(cn, e);
		mip_bcache_remove(&cn->cache, e);
		return MIP_ERR_NOMEM;
	}
	if (moved)
		tunnel_up(cn, e);
	mip_bcache_touch(&cn->cache, e);
	return 0;
}

/* RO draft 3.1, paper 3.3: an entry is deleted when its lifetime ends. */
void
mip_cn_cache_expired(
    struct mip_cn *cn, struct mip_bcache_entry *e, const struct mip_now *now)
{
	(void)now;
	mip_cn_cache_delete(cn, e);
}

/*
 * RO spec 1.5, paper 3.2: an entry still in use is reconfirmed before it
 * expires with a Binding Request to the home agent that sent it; an idle
 * one is left to expire.
 */
void
mip_cn_cache_br_due(
    struct mip_cn *cn, struct mip_bcache_entry *e, const struct mip_now *now)
{
	mip_duration active = MIP_SEC * (mip_duration)cn->cfg.br_active;
	struct mip_cn_peer *peer;

	if (e->last_use == MIP_TSTAMP_NONE || now->mono - e->last_use > active)
		return;
	if ((peer = mip_cn_peer_find(cn, e->ha_addr, e->spi)) == NULL)
		return;
	e->br_sent = mip_cn_send_br(cn, peer, e->home_addr, e->local, now);
}

/* ---- Binding Requests ---- */

struct mip_cn_peer *
mip_cn_peer_find(const struct mip_cn *cn, struct mip_ip4 ha_addr, uint32_t spi)
{
	size_t lo = 0, hi = cn->npeers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct mip_cn_peer *p = &cn->peers[mid];

		if (p->ha_addr.v == ha_addr.v && p->spi == spi)
			return p;
		if (p->ha_addr.v < ha_addr.v ||
		    (p->ha_addr.v == ha_addr.v && p->spi < spi))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Paper 3.2: the Identification is ours to choose and matches the answer.
 * With timestamps it is our clock (so the echo also reads as fresh), with
 * nonces random; its low half is random either way.
 */
static uint64_t
br_ident(struct mip_cn *cn, const struct mip_cn_peer *peer,
    const struct mip_now *now)
{
	const struct mip_sa *sa =
	    mip_sa_find(cn->ctx->sas, peer->ha_addr, peer->spi);
	uint32_t high = sa != NULL && sa->cfg.replay == MIP_REPLAY_TIMESTAMP
	    ? mip_ident_high(now->ntp)
	    : mip_ctx_rand32(cn->ctx);

	return mip_ident_make(high, mip_ctx_rand32(cn->ctx));
}

bool
mip_cn_send_br(struct mip_cn *cn, struct mip_cn_peer *peer,
    struct mip_ip4 home_addr, struct mip_ip4 local, const struct mip_now *now)
{
	uint8_t *buf = mip_outq_reserve(&cn->ctx->out, MIP_BR_LEN);
	struct mip_act_send s;
	struct mip_br br;
	mip_ssize n;

	if (buf == NULL)
		return false;
	memset(&br, 0, sizeof(br));
	br.home_addr = home_addr;
	br.ident = br_ident(cn, peer, now);
	if ((n = mip_br_encode(buf, MIP_BR_LEN, &br, &cn->ctx->prof)) < 0)
		return false;
	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_UDP;
	s.src = local;
	s.dst = peer->ha_addr;
	s.sport = MIP_UDP_PORT;
	s.dport = MIP_UDP_PORT;
	if (mip_outq_send(&cn->ctx->out, &s, (size_t)n) != 0)
		return false;
	cn->ctx->stats.tx++;
	/* The oldest outstanding request gives way. */
	peer->br_ident[peer->br_next] = br.ident;
	peer->br_live[peer->br_next] = true;
	peer->br_next = (uint8_t)((peer->br_next + 1) % MIP_CN_BR_OUTSTANDING);
	return true;
}
