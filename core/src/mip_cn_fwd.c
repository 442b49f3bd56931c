/* SPDX-License-Identifier: ISC */
/*
 * What a node with a binding cache does with a tunnelled packet for a
 * mobile node that is not its visitor (RO draft 4.1; paper 3.1, 4.3; RO
 * spec 3), as reported by the host (MIP_TRAFFIC_UNMATCHED): the host
 * re-tunnels it by the route of the cache entry (mip_node.h); we warn the
 * entry's home agent that the tunnelling node holds a stale binding, at a
 * rate that backs off (RO spec 1.5). A foreign agent without an entry
 * makes one that sends the packet as a special tunnel to the home address
 * (RO spec 3), so that the home agent forwards it and tells the sender.
 * Also the foreign agent's hand-over for a new visitor (mip_ctx.h).
 */
#include <string.h>

#include "mip/mip_proto.h"
#include "mip/mip_ro.h"
#include "mip_cn.h"

/* ---- Binding Warning back-off (RO spec 1.5) ---- */

/*
 * The slot of (|home_addr|, |target|); a new pair takes a free slot or the
 * least recently warned one (paper 3.1 asks only for "some mechanism";
 * evicting a pair restarts its back-off, and the host's report limit of
 * one a second per flow still holds).
 */
static struct mip_cn_bw *
bw_slot(struct mip_cn *cn, struct mip_ip4 home_addr, struct mip_ip4 target)
{
	struct mip_cn_bw *victim = &cn->bw[0]; /* bw_slots >= 1: mip_cn_new */
	size_t i;

	for (i = 0; i < cn->cfg.bw_slots; i++) {
		struct mip_cn_bw *b = &cn->bw[i];

		if (!b->used) {
			if (victim->used)
				victim = b;
			continue;
		}
		if (mip_ip4_eq(b->home_addr, home_addr) &&
		    mip_ip4_eq(b->target, target))
			return b;
		if (victim->used && b->last < victim->last)
			victim = b;
	}
	memset(victim, 0, sizeof(*victim));
	victim->used = true;
	victim->home_addr = home_addr;
	victim->target = target;
	return victim;
}

/* Whether a warning may go now; if so, the next one's earliest time. */
static bool
bw_take(struct mip_cn *cn, struct mip_cn_bw *b, struct mip_ip4 coa,
    const struct mip_now *now)
{
	mip_duration min = MIP_MSEC * (mip_duration)cn->cfg.bw_min_ms;
	mip_duration max = MIP_MSEC * (mip_duration)cn->cfg.bw_max_ms;
	mip_duration r;

	/* RO spec 1.5: a changed binding starts the back-off again. */
	if (b->interval == 0 || !mip_ip4_eq(b->coa, coa)) {
		b->coa = coa;
		b->interval = min;
		b->next_ok = now->mono;
	}
	if (now->mono < b->next_ok)
		return false;
	/* +-50 % jitter around the interval, which then doubles. */
	r = mip_ctx_rand32(cn->ctx) % 1024;
	b->next_ok = now->mono + b->interval / 2 + b->interval * r / 1024;
	b->interval = b->interval > max / 2 ? max : b->interval * 2;
	b->last = now->mono;
	return true;
}

/* RO draft 4.1, paper 3.1: to the home agent that sent the entry, naming
 * the node that tunnelled the packet; from the address it reached. */
static void
send_bw(struct mip_cn *cn, const struct mip_bcache_entry *e,
    const struct mip_traffic *tr)
{
	size_t cap = MIP_BW_MIN_LEN + 4;
	uint8_t *buf = mip_outq_reserve(&cn->ctx->out, cap);
	struct mip_act_send s;
	struct mip_bw bw;
	mip_ssize n;

	if (buf == NULL)
		return;
	memset(&bw, 0, sizeof(bw));
	bw.home_addr = e->home_addr;
	bw.targets[0] = tr->outer_src;
	bw.n_targets = 1;
	if ((n = mip_bw_encode(buf, cap, &bw, &cn->ctx->prof)) < 0)
		return;
	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_UDP;
	s.src = tr->outer_dst;
	s.dst = e->ha_addr;
	s.sport = MIP_UDP_PORT;
	s.dport = MIP_UDP_PORT;
	if (mip_outq_send(&cn->ctx->out, &s, (size_t)n) != 0)
		return;
	cn->ctx->stats.tx++;
	cn->bw_sent++;
}

/* ---- special tunnels (RO spec 3) ---- */

/*
 * An entry whose care-of address is the home address: its tunnel sends
 * to the home address itself (outer destination = inner destination),
 * IP in IP (RO spec 6 item 10), from the address the packet reached.
 */
static bool
special_entry(
    struct mip_cn *cn, const struct mip_traffic *tr, const struct mip_now *now)
{
	struct mip_cn_bind b;

	memset(&b, 0, sizeof(b));
	b.home_addr = tr->dst;
	b.coa = tr->dst;
	b.local = tr->outer_dst;
	b.lifetime = cn->cfg.special_lifetime;
	if (mip_cn_cache_update(cn, &b, now) != 0)
		return false;
	cn->special++;
	return true;
}

bool
mip_cn_fwd_unmatched(
    struct mip_cn *cn, const struct mip_traffic *tr, const struct mip_now *now)
{
	struct mip_bcache_entry *e;

	/* A special tunnel is never re-tunnelled (RO spec 3), and nothing
	 * is about an address that cannot be a mobile node's. */
	if (!cn->ctx->prof.ro || mip_ip4_eq(tr->outer_dst, tr->dst) ||
	    !mip_addr_usable(tr->dst) || mip_ctx_addr_ours(cn->ctx, tr->dst) ||
	    !mip_ctx_addr_ours(cn->ctx, tr->outer_dst))
		return false;
	if ((e = mip_bcache_find(&cn->cache, tr->dst)) != NULL) {
		e->last_use = now->mono;
		mip_bcache_touch(&cn->cache, e);
		/* A special-tunnel entry knows no home agent. */
		if (e->ha_addr.v == 0 || mip_ip4_eq(e->coa, e->home_addr))
			return true;
		/* Paper 3.1: the tunnelling node uses an out-of-date entry;
		 * not when it is the home agent itself. */
		if (mip_ip4_eq(tr->outer_src, e->ha_addr))
			return true;
		if (bw_take(cn, bw_slot(cn, e->home_addr, tr->outer_src),
			e->coa, now))
			send_bw(cn, e, tr);
		else
			cn->bw_held++;
		return true;
	}
	/* RO spec 3: "normally an FA", which lost its visitor. */
	if (cn->ctx->fa == NULL || cn->cfg.special_lifetime == 0)
		return false;
	return special_entry(cn, tr, now);
}

/* ---- a new visitor at our foreign agent (mip_ctx.h) ---- */

/* The first RO peer state for home agent |ha_addr| (any SPI), or NULL. */
static struct mip_cn_peer *
peer_of(const struct mip_cn *cn, struct mip_ip4 ha_addr)
{
	size_t i;

	for (i = 0; i < cn->npeers; i++)
		if (mip_ip4_eq(cn->peers[i].ha_addr, ha_addr))
			return &cn->peers[i];
	return NULL;
}

void
mip_cn_ro_visitor(struct mip_cn *cn, struct mip_ip4 home_addr,
    struct mip_ip4 ha_addr, struct mip_ip4 local, const struct mip_now *now)
{
	struct mip_bcache_entry *e = mip_bcache_find(&cn->cache, home_addr);
	struct mip_cn_peer *peer;

	/* Paper 4.1: the mobile node is here; a forwarding pointer for it
	 * would send its packets away again. */
	if (e != NULL)
		mip_cn_cache_delete(cn, e);
	/* RO draft 4.2, 4.3: asked, the home agent answers with the binding
	 * (ours, which we do not cache) and from then on sends us its
	 * changes: the move that makes this node the previous FA. */
	if ((peer = peer_of(cn, ha_addr)) != NULL)
		(void)mip_cn_send_br(cn, peer, home_addr, local, now);
}
