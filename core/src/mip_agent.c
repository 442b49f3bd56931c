/* SPDX-License-Identifier: ISC */
/*
 * The agent advertiser (RFC 5944 2.3), shared by the foreign agent (F on
 * each of its links) and the home agent (H on its home link; both bits
 * when the home link is also an FA link): builds the advertising links
 * from the configuration, sends Agent Advertisements (periodic ones when
 * the timer in mip_agent_timers.c fires, and answers to Agent
 * Solicitations), numbers them, and remembers the RFC 4721 challenges it
 * handed out so the foreign agent can check requests against them. Never
 * arms a timer itself.
 */
#include <string.h>

#include "mip/mip_adv.h"
#include "mip/mip_proto.h"
#include "mip_agent.h"
#include "mip_fa.h"

/* Answers to solicitations per link: a burst of 3, then one a second. */
#define SOL_BURST 3
#define SOL_INTERVAL MIP_SEC

/* RFC 1256 3: AdvertisementLifetime defaults to 1800 seconds. */
#define ADV_LIFETIME_DEFAULT 1800

/* Room for an advertisement: header, one entry, extensions, padding. */
#define ADV_CAP 96

static struct mip_agent_link *
find_link(const struct mip_agent *a, uint32_t ifindex)
{
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < a->nlinks; i++)
		if (a->links[i].ifindex == ifindex)
			return &a->links[i];
	return NULL;
}

/* ---- configuration ---- */

static uint16_t
encaps_flags(uint8_t encaps)
{
	uint16_t f = 0;

	if (encaps & MIP_ENCAPS_MINIMAL)
		f |= MIP_ADV_F_M;
	if (encaps & MIP_ENCAPS_GRE)
		f |= MIP_ADV_F_G;
	return f;
}

static void
link_base(struct mip_agent *a, struct mip_agent_link *l, uint32_t ifindex)
{
	const struct mip_if_config *ifc = mip_ctx_if(a->ctx, ifindex);

	l->agent = a;
	l->ifindex = ifindex;
	if (ifc != NULL) {
		l->addr = ifc->addr;
		l->plen = ifc->plen;
	}
	mip_ratelimit_init(&l->sol_rl, SOL_BURST, SOL_INTERVAL);
}

static void
link_fa(struct mip_agent_link *l, const struct mip_fa_config *fa,
    const struct mip_fa_link_config *fl)
{
	l->fa = true;
	l->coa = fl->coa;
	/* RFC 5944 2.1.1: R and B only with F; at least one care-of address. */
	l->flags = MIP_ADV_F_F | encaps_flags(fa->encaps);
	if (fa->registration_required)
		l->flags |= MIP_ADV_F_R;
	if (fa->busy)
		l->flags |= MIP_ADV_F_B;
	if (fa->reverse_tunnel)
		l->flags |= MIP_ADV_F_T; /* RFC 3024 3.1 */
	/* Paper 4.4: S only when we can establish registration keys. */
	l->flags |= mip_fa_regkey_adv_flags(fa, &l->agent->ctx->prof);
	l->reg_lifetime = fa->reg_lifetime;
	l->icmp_lifetime = fa->adv_lifetime;
	l->interval = (mip_duration)fa->adv_interval_ms * MIP_MSEC;
	l->challenge = fa->challenge;
}

/* The ICMP lifetime of a pure home link: configured, or 3 intervals. */
static uint16_t
ha_icmp_lifetime(const struct mip_ha_config *ha)
{
	uint64_t s;

	if (ha->adv_lifetime != 0)
		return ha->adv_lifetime;
	if (ha->adv_interval_ms == 0)
		return ADV_LIFETIME_DEFAULT;
	s = ((uint64_t)ha->adv_interval_ms * 3 + 999) / 1000;
	return s > 0xffff ? 0xffff : (uint16_t)s;
}

static void
link_ha(struct mip_agent_link *l, const struct mip_ha_config *ha)
{
	/* RFC 5944 2.3: the home agent's advertisements on its home link
   * MUST have H set. A link that is also an FA link keeps the FA's
   * numbers: mobile nodes visiting it register through the FA. */
	l->ha = true;
	l->flags |= MIP_ADV_F_H;
	if (l->fa)
		return;
	l->flags |= encaps_flags(ha->encaps);
	if (ha->reverse_tunnel)
		l->flags |= MIP_ADV_F_T;
	l->reg_lifetime = ha->max_lifetime;
	l->icmp_lifetime = ha_icmp_lifetime(ha);
	l->interval = (mip_duration)ha->adv_interval_ms * MIP_MSEC;
}

static bool
ha_config_ok(const struct mip_ha_config *ha)
{
	/* RFC 5944 2.3 (RFC 1256 3): the interval is at most a third of
   * the advertisement lifetime. */
	return ha->adv_interval_ms == 0 || ha->adv_lifetime == 0 ||
	    (uint64_t)ha->adv_interval_ms * 3 <=
	    (uint64_t)ha->adv_lifetime * 1000;
}

static size_t
count_links(const struct mip_fa_config *fa, const struct mip_ha_config *ha)
{
	size_t i, n = fa != NULL ? fa->nlinks : 0;

	if (ha == NULL)
		return n;
	for (i = 0; fa != NULL && i < fa->nlinks; i++)
		if (fa->links[i].ifindex == ha->home_ifindex)
			return n;
	return n + 1;
}

static void
build_links(struct mip_agent *a, const struct mip_fa_config *fa,
    const struct mip_ha_config *ha)
{
	struct mip_agent_link *l;
	size_t i, n = 0;

	for (i = 0; fa != NULL && i < fa->nlinks; i++) {
		if (find_link(a, fa->links[i].ifindex) != NULL)
			continue; /* a link listed twice is advertised once */
		link_base(a, &a->links[n], fa->links[i].ifindex);
		link_fa(&a->links[n], fa, &fa->links[i]);
		a->nlinks = ++n;
	}
	if (ha == NULL)
		return;
	if ((l = find_link(a, ha->home_ifindex)) == NULL) {
		l = &a->links[n];
		link_base(a, l, ha->home_ifindex);
		a->nlinks = ++n;
	}
	link_ha(l, ha);
}

/* Frees |a| after disarming the timers of its first |nup| links. */
static void
free_agent(struct mip_agent *a, size_t nup)
{
	struct mip_ctx *ctx = a->ctx;
	size_t i;

	for (i = 0; i < nup; i++)
		agent_timers_link_down(&a->links[i]);
	if (ctx->agent == a)
		ctx->agent = NULL;
	ctx->mem.free(a->links, ctx->mem.user_data);
	ctx->mem.free(a, ctx->mem.user_data);
}

int
mip_agent_new(struct mip_agent **out, struct mip_ctx *ctx,
    const struct mip_fa_config *fa, const struct mip_ha_config *ha,
    const struct mip_now *now)
{
	struct mip_agent *a;
	size_t i, n = count_links(fa, ha);
	int rc;

	*out = NULL;
	if (ha != NULL && !ha_config_ok(ha))
		return MIP_ERR_INVAL;
	a = ctx->mem.calloc(1, sizeof(*a), ctx->mem.user_data);
	if (a == NULL)
		return MIP_ERR_NOMEM;
	a->ctx = ctx;
	a->home_agent = ha != NULL;
	a->links =
	    ctx->mem.calloc(n ? n : 1, sizeof(*a->links), ctx->mem.user_data);
	if (a->links == NULL) {
		ctx->mem.free(a, ctx->mem.user_data);
		return MIP_ERR_NOMEM;
	}
	build_links(a, fa, ha);
	for (i = 0; i < a->nlinks; i++) {
		if ((rc = agent_timers_link_up(&a->links[i], now)) != 0) {
			free_agent(a, i + 1);
			return rc;
		}
	}
	ctx->agent = a;
	*out = a;
	return 0;
}

void
mip_agent_del(struct mip_agent *agent)
{
	if (agent != NULL)
		free_agent(agent, agent->nlinks);
}

/* ---- challenges (RFC 4721) ---- */

/* Hands out a fresh challenge on |l| and returns it. */
static const uint8_t *
challenge_issue(struct mip_agent_link *l)
{
	struct mip_agent_challenge *c;
	size_t i;

	l->chal_serial++;
	c = &l->chal[l->chal_serial % MIP_AGENT_CHALLENGE_HISTORY];
	for (i = 0; i < MIP_AGENT_CHALLENGE_LEN; i += 4) {
		uint32_t r = mip_ctx_rand32(l->agent->ctx);

		c->v[i] = (uint8_t)(r >> 24);
		c->v[i + 1] = (uint8_t)(r >> 16);
		c->v[i + 2] = (uint8_t)(r >> 8);
		c->v[i + 3] = (uint8_t)r;
	}
	c->serial = l->chal_serial;
	c->used = false;
	return c->v;
}

static const struct mip_agent_challenge *
challenge_find(const struct mip_agent_link *l, const uint8_t *v, size_t len)
{
	size_t i;

	if (len != MIP_AGENT_CHALLENGE_LEN)
		return NULL;
	for (i = 0; i < MIP_AGENT_CHALLENGE_HISTORY; i++)
		if (l->chal[i].serial != 0 &&
		    memcmp(l->chal[i].v, v, MIP_AGENT_CHALLENGE_LEN) == 0)
			return &l->chal[i];
	return NULL;
}

enum mip_agent_chal
mip_agent_challenge_check(const struct mip_agent *agent, uint32_t ifindex,
    const uint8_t *c, size_t len)
{
	const struct mip_agent_link *l = find_link(agent, ifindex);
	const struct mip_agent_challenge *e;

	if (l == NULL || (e = challenge_find(l, c, len)) == NULL)
		return MIP_AGENT_CHAL_UNKNOWN;
	/* RFC 4721: only the last CHALLENGE_WINDOW challenges are good, and
   * each for one registration. */
	if (e->used || l->chal_serial - e->serial >= MIP_AGENT_CHALLENGE_WINDOW)
		return MIP_AGENT_CHAL_STALE;
	return MIP_AGENT_CHAL_FRESH;
}

void
mip_agent_challenge_use(
    struct mip_agent *agent, uint32_t ifindex, const uint8_t *c, size_t len)
{
	struct mip_agent_link *l = find_link(agent, ifindex);
	const struct mip_agent_challenge *e;

	if (l != NULL && (e = challenge_find(l, c, len)) != NULL)
		l->chal[e->serial % MIP_AGENT_CHALLENGE_HISTORY].used = true;
}

bool
mip_agent_is_home_agent(const struct mip_agent *agent)
{
	return agent != NULL && agent->home_agent;
}

/* ---- advertisements ---- */

static mip_ssize
adv_encode(struct mip_agent_link *l, uint8_t *buf, size_t cap)
{
	struct mip_adv a;

	memset(&a, 0, sizeof(a));
	a.code = MIP_ICMP_ADV_CODE_NORMAL;
	a.num_addrs = 1;
	a.entry_size = MIP_ICMP_ADV_ENTRY_SIZE;
	a.lifetime = l->icmp_lifetime;
	/* RFC 5944 2.3.1: only our own address, here preference 0. */
	a.routers[0].addr = l->addr;
	a.routers[0].pref = 0;
	a.is_agent = true;
	a.mob.seq = l->seq;
	a.mob.reg_lifetime = l->reg_lifetime;
	a.mob.flags = l->flags;
	if (l->fa) {
		/* RFC 5944 2.1.1: F needs at least one care-of address. */
		a.mob.n_coa = 1;
		a.mob.coa[0] = l->coa;
	}
	/* RFC 5944 2.1.2: the prefix of each router address. */
	a.has_prefix = true;
	a.prefix_len[0] = l->plen;
	if (l->fa && l->challenge) {
		/* RFC 4721 3.1: a fresh challenge in every advertisement. */
		a.challenge = challenge_issue(l);
		a.challenge_len = MIP_AGENT_CHALLENGE_LEN;
	}
	/* RFC 5944 2.1.3: pad to an even length. */
	mip_adv_set_order(&a, true);
	return mip_adv_encode(buf, cap, &a);
}

/* Sends one advertisement on |l| to |dst| (at |hw| when not NULL). */
static void
adv_send(struct mip_agent_link *l, struct mip_ip4 dst, const uint8_t *hw)
{
	struct mip_ctx *ctx = l->agent->ctx;
	struct mip_act_send t;
	uint8_t *b = mip_outq_reserve(&ctx->out, ADV_CAP);
	mip_ssize n;

	if (b == NULL)
		return;
	n = adv_encode(l, b, ADV_CAP);
	if (n < 0)
		return;
	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_ICMP;
	t.ifindex = l->ifindex;
	t.src = l->addr;
	t.dst = dst;
	t.ttl = 1; /* RFC 5944 2.1: TTL 1 */
	if (hw != NULL) {
		t.has_hwaddr = true;
		memcpy(t.dst_hwaddr, hw, MIP_HWADDR_LEN);
	}
	if (mip_outq_send(&ctx->out, &t, (size_t)n) != 0)
		return;
	ctx->stats.tx++;
	ctx->stats.advertisements++;
	/* RFC 5944 2.3.2: 0xffff is followed by 256. */
	l->seq =
	    l->seq == 0xffff ? MIP_ADV_SEQ_ROLLOVER : (uint16_t)(l->seq + 1);
}

void
mip_agent_advertise(struct mip_agent_link *l, const struct mip_now *now)
{
	struct mip_ip4 all = { MIP_ALL_SYSTEMS };

	(void)now;
	adv_send(l, all, NULL);
}

/* ---- solicitations ---- */

static enum mip_drop
drop_reason(int err)
{
	switch (err) {
	case MIP_ERR_SHORT:
		return MIP_DROP_SHORT;
	case MIP_ERR_CHECKSUM:
		return MIP_DROP_CHECKSUM;
	default:
		return MIP_DROP_MALFORMED;
	}
}

bool
mip_agent_on_packet(struct mip_agent *agent, const struct mip_pkt_in *pkt,
    const struct mip_now *now)
{
	struct mip_ctx *ctx = agent->ctx;
	struct mip_agent_link *l;
	struct mip_sol sol;
	struct mip_ip4 all = { MIP_ALL_SYSTEMS };
	uint32_t role;
	int rc;

	if (pkt->kind != MIP_PKT_ICMP || pkt->len < 1 ||
	    pkt->data[0] != MIP_ICMP_ROUTER_SOL)
		return false;
	if ((l = find_link(agent, pkt->ifindex)) == NULL)
		return false;
	role = (l->fa ? MIP_ROLE_FA : 0U) | (l->ha ? MIP_ROLE_HA : 0U);
	if ((rc = mip_sol_decode(&sol, pkt->data, pkt->len, NULL)) != 0) {
		mip_ctx_drop(ctx, now, drop_reason(rc), role, pkt->src);
		return true;
	}
	ctx->stats.solicitations++;
	/* RFC 5944 2.3: agents MUST limit the rate of what they send. */
	if (!mip_ratelimit_take(&l->sol_rl, now)) {
		mip_ctx_drop(ctx, now, MIP_DROP_RATE, role, pkt->src);
		return true;
	}
	/* RFC 5944 2.3 (RFC 1256 3): answer the soliciting host directly,
   * at its link-layer address (never ARP for a visitor), or, when it
   * has no address yet, to all systems. Do not require the source
   * to be a neighbour. */
	if (pkt->src.v != 0 && pkt->has_hwaddr)
		adv_send(l, pkt->src, pkt->src_hwaddr);
	else
		adv_send(l, all, NULL);
	return true;
}
