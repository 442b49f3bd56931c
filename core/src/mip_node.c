/* SPDX-License-Identifier: ISC */
/*
 * The role container: builds the shared context and the roles from the
 * configuration, offers each event to the roles in a fixed order (foreign
 * agent, home agent, agent advertiser, correspondent node, mobile node),
 * runs due timers and
 * hands out queued actions. Owns no protocol rule itself.
 */
#include <string.h>

#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip_ctx.h"
#include "mip_fa.h"
#include "mip_mn.h"
#include "mip_node_int.h"

/* Drop notices: a burst of 10, then one per second per reason. */
#define DROP_LOG_BURST 10
#define DROP_LOG_INTERVAL MIP_SEC

static const char *const drop_names[MIP_DROP__COUNT] = {
	[MIP_DROP_SHORT] = "short",
	[MIP_DROP_MALFORMED] = "malformed",
	[MIP_DROP_CHECKSUM] = "checksum",
	[MIP_DROP_UNKNOWN_EXT] = "unknown_extension",
	[MIP_DROP_NO_SA] = "no_sa",
	[MIP_DROP_AUTH] = "auth",
	[MIP_DROP_REPLAY] = "replay",
	[MIP_DROP_UNEXPECTED] = "unexpected",
	[MIP_DROP_NOT_FOR_US] = "not_for_us",
	[MIP_DROP_RATE] = "rate_limited",
	[MIP_DROP_LIMIT] = "limit",
};

const char *
mip_drop_name(enum mip_drop reason)
{
	if ((unsigned)reason >= MIP_DROP__COUNT)
		return "unknown";
	return drop_names[reason];
}

/* ---- context helpers (mip_ctx.h) ---- */

void
mip_ratelimit_init(
    struct mip_ratelimit *rl, uint32_t burst, mip_duration interval)
{
	rl->last = 0;
	rl->tokens = burst;
	rl->burst = burst;
	rl->interval = interval;
}

bool
mip_ratelimit_take(struct mip_ratelimit *rl, const struct mip_now *now)
{
	if (rl->interval > 0 && now->mono > rl->last) {
		mip_duration earned = (now->mono - rl->last) / rl->interval;

		if (earned > 0) {
			uint64_t t = rl->tokens + earned;

			rl->tokens = t > rl->burst ? rl->burst : (uint32_t)t;
			rl->last += earned * rl->interval;
		}
	}
	if (rl->tokens == 0)
		return false;
	rl->tokens--;
	return true;
}

const struct mip_if_config *
mip_ctx_if(const struct mip_ctx *ctx, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < ctx->nifs; i++)
		if (ctx->ifs[i].ifindex == ifindex)
			return &ctx->ifs[i];
	return NULL;
}

bool
mip_ctx_addr_ours(const struct mip_ctx *ctx, struct mip_ip4 a)
{
	size_t i;

	for (i = 0; i < ctx->nifs; i++)
		if (mip_ip4_eq(ctx->ifs[i].addr, a))
			return true;
	return false;
}

bool
mip_addr_usable(struct mip_ip4 a)
{
	return a.v != 0 && (a.v >> 24) != 127U && (a.v >> 28) != 0xeU &&
	    (a.v >> 28) != 0xfU;
}

uint32_t
mip_ctx_rand32(struct mip_ctx *ctx)
{
	uint8_t b[4];

	ctx->rnd.fill(b, sizeof(b), ctx->rnd.user_data);
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	    ((uint32_t)b[2] << 8) | b[3];
}

uint32_t
mip_ctx_tunnel_id(struct mip_ctx *ctx)
{
	if (++ctx->next_tunnel_id == 0)
		ctx->next_tunnel_id = 1;
	return ctx->next_tunnel_id;
}

void
mip_ctx_notify(struct mip_ctx *ctx, const struct mip_act_notify *n)
{
	struct mip_action *a = mip_outq_push(&ctx->out, MIP_ACT_NOTIFY);

	if (a != NULL)
		a->u.notify = *n;
}

enum mip_msg_kind
mip_ctx_udp_kind(const struct mip_ctx *ctx, const struct mip_pkt_in *pkt)
{
	if (pkt->kind != MIP_PKT_UDP || pkt->dport != MIP_UDP_PORT)
		return MIP_MSG_KIND_UNKNOWN;
	return mip_msg_kind(pkt->data, pkt->len, &ctx->prof);
}

void
mip_ctx_drop(struct mip_ctx *ctx, const struct mip_now *now,
    enum mip_drop reason, uint32_t role, struct mip_ip4 peer)
{
	struct mip_act_notify n;

	ctx->stats.drops[reason]++;
	if (!mip_ratelimit_take(&ctx->drop_rl[reason], now))
		return;
	memset(&n, 0, sizeof(n));
	n.what = MIP_NOTE_DROP;
	n.role = role;
	n.peer = peer;
	n.reason = (uint16_t)reason;
	mip_ctx_notify(ctx, &n);
}

/* ---- configuration ---- */

static bool
has_if(const struct mip_node_config *cfg, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < cfg->nifs; i++)
		if (cfg->ifs[i].ifindex == ifindex)
			return true;
	return false;
}

static int
bad(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return MIP_ERR_INVAL;
}

int
mip_node_config_check(const struct mip_node_config *cfg, const char **why)
{
	size_t i;

	if (cfg->roles == 0 ||
	    (cfg->roles &
		~(MIP_ROLE_MN | MIP_ROLE_FA | MIP_ROLE_HA | MIP_ROLE_CN)) != 0)
		return bad(why, "roles must be a mix of mn, fa, ha and cn");
	if ((cfg->roles & MIP_ROLE_HA) && cfg->ha == NULL)
		return bad(why, "home agent role without its configuration");
	if ((cfg->roles & MIP_ROLE_FA) && cfg->fa == NULL)
		return bad(why, "foreign agent role without its configuration");
	if ((cfg->roles & MIP_ROLE_MN) && cfg->mn == NULL)
		return bad(why, "mobile node role without its configuration");
	if ((cfg->roles & MIP_ROLE_CN) && cfg->cn == NULL)
		return bad(
		    why, "correspondent node role without its configuration");
	for (i = 0; i < cfg->nsas; i++)
		if (cfg->sas[i].spi < MIP_SPI_MIN)
			return bad(
			    why, "SPIs 0-255 are reserved (RFC 5944 1.6)");
	if (cfg->roles & MIP_ROLE_HA) {
		/* RO draft 4: the messages exist only under the profile. */
		if (cfg->ha->ro != NULL && !cfg->profile.ro)
			return bad(why,
			    "home agent Route Optimization needs the RO "
			    "profile");
		if (!has_if(cfg, cfg->ha->home_ifindex))
			return bad(
			    why, "home agent's home link is not an interface");
		if (cfg->ha->plen == 0 || cfg->ha->plen > 30)
			return bad(
			    why, "home network prefix length out of range");
	}
	if (cfg->roles & MIP_ROLE_FA) {
		const struct mip_fa_config *fa = cfg->fa;

		if (fa->nlinks == 0)
			return bad(why, "foreign agent without a link");
		for (i = 0; i < fa->nlinks; i++)
			if (!has_if(cfg, fa->links[i].ifindex))
				return bad(why,
				    "foreign agent link is not an interface");
		/* RFC 5944 2.3: advertise at least thrice per lifetime. */
		if ((uint64_t)fa->adv_interval_ms * 3 >
		    (uint64_t)fa->adv_lifetime * 1000)
			return bad(why,
			    "advertisement lifetime must be at "
			    "least 3 times the interval "
			    "(RFC 5944 2.3)");
		if (fa->reg_lifetime == 0)
			return bad(
			    why, "registration lifetime must be nonzero");
	}
	if (cfg->roles & MIP_ROLE_CN) {
		if (cfg->cn->capacity == 0)
			return bad(
			    why, "binding cache capacity must be nonzero");
		/* RO draft 4: the messages exist only under the profile. */
		if (!cfg->profile.ro)
			return bad(
			    why, "correspondent node needs Route Optimization");
		if (cfg->cn->br_lead_pct > 100)
			return bad(why,
			    "binding request lead is a percentage (0-100)");
		/* RO spec 1.5: a back-off from a nonzero interval upwards. */
		if (cfg->cn->bw_min_ms == 0 ||
		    cfg->cn->bw_max_ms < cfg->cn->bw_min_ms)
			return bad(why,
			    "binding warning interval must be nonzero and "
			    "not above its maximum");
		if (cfg->cn->bw_slots == 0 || cfg->cn->bw_slots > 65536)
			return bad(why, "binding warning pairs out of range");
	}
	if (cfg->roles & MIP_ROLE_MN) {
		if (!has_if(cfg, cfg->mn->home_ifindex))
			return bad(
			    why, "mobile node interface is not configured");
		if (cfg->mn->home_plen == 0 || cfg->mn->home_plen > 30)
			return bad(why, "home prefix length out of range");
	}
	return 0;
}

/* ---- lifecycle ---- */

static int
add_sas(struct mip_ctx *ctx, const struct mip_node_config *cfg)
{
	size_t max = cfg->nsas > 0 ? cfg->nsas * 2 : 16;
	int rc;

	/* Registration keys become SAs at run time (paper 6-9): room for
	 * the mobile node's keys with its foreign agents (the previous one
	 * until smooth handoff ends), for one per foreign-agent visitor and
	 * one per handoff record, which keeps its key for retransmissions. */
	if ((cfg->roles & MIP_ROLE_MN) != 0)
		max += MN_REGKEYS_MAX;
	if ((cfg->roles & MIP_ROLE_FA) != 0 && cfg->fa != NULL)
		max += cfg->fa->max_visitors + MIP_FA_HANDOFFS;
	rc = mip_sa_table_new(&ctx->sas, max, &ctx->mem);
	if (rc == 0)
		rc = mip_sa_add_many(ctx->sas, cfg->sas, cfg->nsas);
	return rc;
}

static int
build(struct mip_node *node, const struct mip_node_config *cfg,
    const struct mip_now *now)
{
	struct mip_ctx *ctx = &node->ctx;
	int rc;

	ctx->ifs = ctx->mem.calloc(
	    cfg->nifs ? cfg->nifs : 1, sizeof(*ctx->ifs), ctx->mem.user_data);
	if (ctx->ifs == NULL)
		return MIP_ERR_NOMEM;
	if (cfg->nifs > 0)
		memcpy(ctx->ifs, cfg->ifs, cfg->nifs * sizeof(*ctx->ifs));
	ctx->nifs = cfg->nifs;
	if ((rc = add_sas(ctx, cfg)) != 0)
		return rc;
	if ((cfg->roles & MIP_ROLE_HA) &&
	    (rc = mip_ha_new(&node->ha, ctx, cfg->ha, now)) != 0)
		return rc;
	if ((cfg->roles & MIP_ROLE_FA) &&
	    (rc = mip_fa_new(&node->fa, ctx, cfg->fa, now)) != 0)
		return rc;
	if ((cfg->roles & (MIP_ROLE_FA | MIP_ROLE_HA)) &&
	    (rc = mip_agent_new(&node->agent, ctx,
		 (cfg->roles & MIP_ROLE_FA) ? cfg->fa : NULL,
		 (cfg->roles & MIP_ROLE_HA) ? cfg->ha : NULL, now)) != 0)
		return rc;
	if ((cfg->roles & MIP_ROLE_CN) &&
	    (rc = mip_cn_new(&node->cn, ctx, cfg->cn, now)) != 0)
		return rc;
	if ((cfg->roles & MIP_ROLE_MN) &&
	    (rc = mip_mn_new(&node->mn, ctx, cfg->mn, now)) != 0)
		return rc;
	return 0;
}

int
mip_node_new(struct mip_node **out, const struct mip_node_config *cfg,
    const struct mip_mem *mem, const struct mip_rand *rnd,
    const struct mip_now *now)
{
	struct mip_node *node;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = mip_node_config_check(cfg, NULL)) != 0)
		return rc;
	node = mem->calloc(1, sizeof(*node), mem->user_data);
	if (node == NULL)
		return MIP_ERR_NOMEM;
	node->roles = cfg->roles;
	node->ctx.mem = *mem;
	node->ctx.rnd = *rnd;
	node->ctx.prof = cfg->profile;
	mip_timerq_init(&node->ctx.tq, mem);
	mip_outq_init(&node->ctx.out, mem);
	for (i = 0; i < MIP_DROP__COUNT; i++)
		mip_ratelimit_init(
		    &node->ctx.drop_rl[i], DROP_LOG_BURST, DROP_LOG_INTERVAL);
	mip_outq_begin(&node->ctx.out);
	if ((rc = build(node, cfg, now)) != 0) {
		mip_node_del(node);
		return rc;
	}
	*out = node;
	return 0;
}

void
mip_node_del(struct mip_node *node)
{
	struct mip_mem mem;

	if (node == NULL)
		return;
	mem = node->ctx.mem;
	if (node->mn != NULL)
		mip_mn_del(node->mn);
	if (node->cn != NULL)
		mip_cn_del(node->cn);
	if (node->agent != NULL)
		mip_agent_del(node->agent);
	if (node->fa != NULL)
		mip_fa_del(node->fa);
	if (node->ha != NULL)
		mip_ha_del(node->ha);
	mip_sa_table_free(node->ctx.sas);
	mip_timerq_free(&node->ctx.tq);
	mip_outq_free(&node->ctx.out);
	mem.free(node->ctx.ifs, mem.user_data);
	mem.free(node, mem.user_data);
}

/* ---- events ---- */

int
mip_node_handle_packet(struct mip_node *node, const struct mip_pkt_in *pkt,
    const struct mip_now *now)
{
	if (pkt == NULL || (pkt->data == NULL && pkt->len > 0))
		return MIP_ERR_INVAL;
	mip_outq_begin(&node->ctx.out);
	node->ctx.stats.rx++;
	if (node->fa != NULL && mip_fa_on_packet(node->fa, pkt, now))
		return 0;
	if (node->ha != NULL && mip_ha_on_packet(node->ha, pkt, now))
		return 0;
	if (node->agent != NULL && mip_agent_on_packet(node->agent, pkt, now))
		return 0;
	if (node->cn != NULL && mip_cn_on_packet(node->cn, pkt, now))
		return 0;
	if (node->mn != NULL && mip_mn_on_packet(node->mn, pkt, now))
		return 0;
	mip_ctx_drop(
	    &node->ctx, now, MIP_DROP_NOT_FOR_US, node->roles, pkt->src);
	return 0;
}

int
mip_node_handle_link(struct mip_node *node, const struct mip_link_event *ev,
    const struct mip_now *now)
{
	mip_outq_begin(&node->ctx.out);
	if (node->mn != NULL)
		mip_mn_on_link(node->mn, ev, now);
	return 0;
}

int
mip_node_handle_cmd(
    struct mip_node *node, const struct mip_cmd *cmd, const struct mip_now *now)
{
	mip_outq_begin(&node->ctx.out);
	switch (cmd->kind) {
	case MIP_CMD_REGISTER:
	case MIP_CMD_DEREGISTER:
	case MIP_CMD_SOLICIT:
		if (node->mn == NULL)
			return MIP_ERR_STATE;
		return mip_mn_on_cmd(node->mn, cmd, now);
	case MIP_CMD_FLUSH_BINDING:
	case MIP_CMD_FLUSH_ALL:
		if (node->ha == NULL)
			return MIP_ERR_STATE;
		return mip_ha_on_cmd(node->ha, cmd, now);
	}
	return MIP_ERR_INVAL;
}

int
mip_node_handle_traffic(struct mip_node *node, const struct mip_traffic *tr,
    const struct mip_now *now)
{
	if (tr == NULL ||
	    (tr->kind != MIP_TRAFFIC_TUNNELLED &&
		tr->kind != MIP_TRAFFIC_UNMATCHED &&
		tr->kind != MIP_TRAFFIC_SPECIAL))
		return MIP_ERR_INVAL;
	mip_outq_begin(&node->ctx.out);
	/* Offered to each role in the packet order; the first that takes
	 * the report ends the walk. */
	if (node->ha != NULL && mip_ha_on_traffic(node->ha, tr, now))
		return 0;
	if (node->cn != NULL)
		(void)mip_cn_on_traffic(node->cn, tr, now);
	return 0;
}

int
mip_node_handle_expiry(struct mip_node *node, const struct mip_now *now)
{
	mip_outq_begin(&node->ctx.out);
	mip_timerq_run(&node->ctx.tq, now);
	return 0;
}

mip_tstamp
mip_node_next_expiry(const struct mip_node *node)
{
	return mip_timerq_next(&node->ctx.tq);
}

int
mip_node_poll_action(struct mip_node *node, struct mip_action *act)
{
	return mip_outq_pop(&node->ctx.out, act);
}

const struct mip_stats *
mip_node_stats(const struct mip_node *node)
{
	return &node->ctx.stats;
}
