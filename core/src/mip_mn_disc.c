/* SPDX-License-Identifier: ISC */
/*
 * Mobile node agent discovery (RFC 5944 2.4): decoding and checking Agent
 * Advertisements, the table of agents they teach us (addresses, link-layer
 * source, flags, care-of addresses, registration lifetime, sequence
 * number, prefix, challenge), and sending Agent Solicitations. What an
 * advertisement means for registration is decided in mip_mn.c.
 */
#include <string.h>

#include "mip/mip_adv.h"
#include "mip/mip_proto.h"
#include "mip_mn.h"

static struct mn_agent *
agent_find(struct mip_mn *mn, struct mip_ip4 addr)
{
	size_t i;

	for (i = 0; i < MN_AGENTS_MAX; i++)
		if (mn->agents[i].used && mip_ip4_eq(mn->agents[i].addr, addr))
			return &mn->agents[i];
	return NULL;
}

/* A free slot, or the non-current agent closest to expiry. */
static struct mn_agent *
agent_slot(struct mip_mn *mn)
{
	struct mn_agent *victim = NULL;
	size_t i;

	for (i = 0; i < MN_AGENTS_MAX; i++) {
		struct mn_agent *ag = &mn->agents[i];

		if (!ag->used)
			return ag;
		if ((int)i == mn->cur)
			continue;
		if (victim == NULL ||
		    ag->expiry.expires < victim->expiry.expires)
			victim = ag;
	}
	if (victim != NULL)
		mip_mn_agent_forget(mn, victim);
	return victim;
}

void
mip_mn_agent_forget(struct mip_mn *mn, struct mn_agent *ag)
{
	mn_timers_agent_removed(mn, ag);
	if (mn->cur == (int)(ag - mn->agents))
		mn->cur = -1;
	if (mn->req.active && mn->req.agent == (int)(ag - mn->agents))
		mn->req.agent = -1;
	ag->used = false;
}

bool
mip_mn_any_agent(const struct mip_mn *mn)
{
	size_t i;

	for (i = 0; i < MN_AGENTS_MAX; i++)
		if (mn->agents[i].used)
			return true;
	return false;
}

bool
mip_mn_in_prefix(struct mip_ip4 a, struct mip_ip4 net, uint8_t plen)
{
	return ((a.v ^ net.v) & mn_mask(plen)) == 0;
}

/*
 * RFC 5944 2.1.2: Prefix-Lengths gives one length per router address.
 * The agent's network is that of the entry equal to the IP source, else
 * of the first entry.
 */
static void
learn_prefix(struct mn_agent *ag, const struct mip_adv *adv)
{
	size_t i, pick = 0;

	ag->has_prefix = adv->has_prefix && adv->num_addrs > 0;
	if (!ag->has_prefix)
		return;
	for (i = 0; i < adv->num_addrs && i < MIP_ADV_ROUTERS_MAX; i++)
		if (mip_ip4_eq(adv->routers[i].addr, ag->addr)) {
			pick = i;
			break;
		}
	ag->plen = adv->prefix_len[pick];
	ag->net.v = adv->routers[pick].addr.v & mn_mask(ag->plen);
}

static void
learn(struct mn_agent *ag, const struct mip_pkt_in *pkt,
    const struct mip_adv *adv)
{
	size_t i;

	ag->addr = pkt->src;
	ag->ifindex = pkt->ifindex;
	ag->has_hwaddr = pkt->has_hwaddr;
	memcpy(ag->hwaddr, pkt->src_hwaddr, MIP_HWADDR_LEN);
	ag->flags = adv->mob.flags;
	/* RFC 5944 2.1.1: R and B mean nothing without F. */
	if (!(ag->flags & MIP_ADV_F_F))
		ag->flags &= (uint16_t) ~(MIP_ADV_F_R | MIP_ADV_F_B);
	ag->reg_lifetime = adv->mob.reg_lifetime;
	ag->seq = adv->mob.seq;
	ag->n_coa = adv->mob.n_coa > MN_COA_KEEP ? MN_COA_KEEP : adv->mob.n_coa;
	for (i = 0; i < ag->n_coa; i++)
		ag->coa[i] = adv->mob.coa[i];
	learn_prefix(ag, adv);
	ag->challenge_len = 0;
	if (adv->challenge != NULL) {
		ag->challenge_len = adv->challenge_len;
		memcpy(ag->challenge, adv->challenge, adv->challenge_len);
	}
}

static enum mip_drop
decode_drop(int rc)
{
	switch (rc) {
	case MIP_ERR_SHORT:
		return MIP_DROP_SHORT;
	case MIP_ERR_CHECKSUM:
		return MIP_DROP_CHECKSUM;
	case MIP_ERR_UNKNOWN_EXT:
		return MIP_DROP_UNKNOWN_EXT;
	default:
		return MIP_DROP_MALFORMED;
	}
}

void
mip_mn_on_adv(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_adv adv;
	struct mn_agent *ag;
	bool is_new, rebooted = false;
	uint16_t old_seq = 0;
	int rc;

	rc = mip_adv_decode(&adv, pkt->data, pkt->len, &mn->ctx->prof, NULL);
	if (rc != 0) {
		mip_ctx_drop(
		    mn->ctx, now, decode_drop(rc), MIP_ROLE_MN, pkt->src);
		return;
	}
	if (!adv.is_agent)
		return; /* a plain router advertisement: not ours to use */
	switch (mip_adv_check(&adv)) {
	case MIP_ADV_NOT_AGENT:
	case MIP_ADV_NO_ROLE:
	case MIP_ADV_F_WITHOUT_COA:
		/* RFC 5944 2.1.1: the MN discards these. */
		mip_ctx_drop(
		    mn->ctx, now, MIP_DROP_MALFORMED, MIP_ROLE_MN, pkt->src);
		return;
	case MIP_ADV_OK:
	case MIP_ADV_B_WITHOUT_F:
	case MIP_ADV_R_WITHOUT_F:
		break;
	}
	mn->ctx->stats.advertisements++;
	ag = agent_find(mn, pkt->src);
	is_new = ag == NULL;
	if (is_new)
		ag = agent_slot(mn);
	if (ag == NULL)
		return; /* unreachable: MN_AGENTS_MAX > 1 */
	if (!is_new) {
		old_seq = ag->seq;
		/* RFC 5944 2.4.4: a drop into 0-255 is a reboot; a drop to
		 * 256 or more is the 0xffff -> 256 rollover. */
		rebooted = adv.mob.seq < old_seq && adv.mob.seq < 256;
	} else {
		memset(ag, 0, offsetof(struct mn_agent, expiry));
		ag->mn = mn;
	}
	ag->used = true;
	learn(ag, pkt, &adv);
	mn_timers_adv_received(mn, ag, adv.lifetime, now);
	mn_timers_agent_heard(mn);
	if (is_new)
		mip_mn_note(mn, MIP_NOTE_AGENT,
		    ag->n_coa ? ag->coa[0] : ag->addr, ag->addr, 0, ag->flags);
	mip_mn_adv_heard(mn, ag, rebooted, now);
}

void
mip_mn_solicit(struct mip_mn *mn, const struct mip_now *now)
{
	struct mip_ctx *ctx = mn->ctx;
	struct mip_act_send t;
	struct mip_sol sol;
	uint8_t *b;
	mip_ssize n;

	(void)now;
	memset(&sol, 0, sizeof(sol));
	b = mip_outq_reserve(&ctx->out, MIP_ICMP_SOL_LEN);
	if (b == NULL)
		return;
	n = mip_sol_encode(b, MIP_ICMP_SOL_LEN, &sol);
	if (n < 0)
		return;
	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_ICMP;
	t.ifindex = mn->cfg.home_ifindex;
	/* RFC 1256 3: a source address of the interface (ours). */
	t.src = mn->has_coloc ? mn->coloc : mn->cfg.home_addr;
	/* RFC 5944 2.3, 2.4: to All Mobility Agents, TTL 1 (2.2). */
	t.dst.v = MIP_ALL_MOBILITY_AGENTS;
	t.ttl = 1;
	if (mip_outq_send(&ctx->out, &t, (size_t)n) != 0)
		return;
	ctx->stats.tx++;
	ctx->stats.solicitations++;
}
