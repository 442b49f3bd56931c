/* SPDX-License-Identifier: ISC */
/*
 * What every role engine shares inside one node: the injected services,
 * the timer queue, the action queue, the SA table, the profile, the
 * interfaces and the counters, plus the helpers roles use to drop, notify
 * and send. Also the interface each role implements for mip_node.c; the
 * roles never call each other.
 */
#ifndef MIP_CTX_H
#define MIP_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"
#include "mip_outq.h"
#include "mip_timer.h"

/* A token bucket on the monotonic clock, for rate-limited output. */
struct mip_ratelimit {
	mip_tstamp last;
	uint32_t tokens;
	uint32_t burst;
	mip_duration interval; /* one token per interval */
};

void mip_ratelimit_init(
    struct mip_ratelimit *rl, uint32_t burst, mip_duration interval);
/* mip_ratelimit_take takes a token if one is available at |now|. */
bool mip_ratelimit_take(struct mip_ratelimit *rl, const struct mip_now *now);

struct mip_ctx {
	struct mip_mem mem;
	struct mip_rand rnd;
	struct mip_timerq tq;
	struct mip_outq out;
	struct mip_sa_table *sas;
	struct mip_profile prof;
	struct mip_stats stats;
	struct mip_if_config *ifs; /* owned copy */
	size_t nifs;
	struct mip_ratelimit drop_rl[MIP_DROP__COUNT];
	uint32_t next_tunnel_id;
	/* The agent advertiser, set by mip_agent_new; the foreign agent asks
	 * it about RFC 4721 challenges (mip_agent.h). NULL without one. */
	struct mip_agent *agent;
	/* A foreign agent that keeps a binding cache (the CN role) is one
	 * node with both roles: each is set by its role's _new (NULL
	 * without) for the two hand-overs of paper 4.3 below. */
	struct mip_fa *fa;
	struct mip_cn *cn;
};

/* The configured interface with |ifindex|, or NULL. */
const struct mip_if_config *mip_ctx_if(
    const struct mip_ctx *ctx, uint32_t ifindex);

/* Whether |a| is the address of one of the node's interfaces. */
bool mip_ctx_addr_ours(const struct mip_ctx *ctx, struct mip_ip4 a);

/*
 * Whether |a| is a unicast address a tunnel can lead to or be about:
 * neither 0.0.0.0, loopback, multicast nor class E (broadcast).
 */
bool mip_addr_usable(struct mip_ip4 a);

/* Uniformly random 32 bits from the injected source. */
uint32_t mip_ctx_rand32(struct mip_ctx *ctx);

/* A tunnel id unique within the node (never 0). */
uint32_t mip_ctx_tunnel_id(struct mip_ctx *ctx);

/*
 * mip_ctx_drop counts a dropped message under |reason| and, rate-limited
 * per reason, queues a MIP_NOTE_DROP naming |role| and |peer|.
 */
void mip_ctx_drop(struct mip_ctx *ctx, const struct mip_now *now,
    enum mip_drop reason, uint32_t role, struct mip_ip4 peer);

/*
 * mip_ctx_udp_kind classifies a message for port 434 (RFC 5944 3.1; RO
 * draft 4) under the node's profile; anything else is
 * MIP_MSG_KIND_UNKNOWN.
 */
enum mip_msg_kind mip_ctx_udp_kind(
    const struct mip_ctx *ctx, const struct mip_pkt_in *pkt);

/* mip_ctx_notify queues a MIP_ACT_NOTIFY copied from |n|. */
void mip_ctx_notify(struct mip_ctx *ctx, const struct mip_act_notify *n);

/* ---- the role interface used by mip_node.c ---- */

struct mip_mn;
struct mip_fa;
struct mip_ha;
struct mip_cn;
struct mip_agent;

/*
 * Each role: _new (Returns 0, MIP_ERR_INVAL, MIP_ERR_NOMEM), _del, and
 * event handlers. A packet handler returns true when the packet was meant
 * for the role (whether it was accepted or dropped), false to let the next
 * role look at it. mip_node.c offers packets to FA, then HA, then the
 * agent advertiser, then CN, then MN; traffic reports (struct mip_traffic)
 * likewise, to each role that has an *_on_traffic handler.
 */
int mip_mn_new(struct mip_mn **out, struct mip_ctx *ctx,
    const struct mip_mn_config *cfg, const struct mip_now *now);
void mip_mn_del(struct mip_mn *mn);
bool mip_mn_on_packet(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now);
void mip_mn_on_link(struct mip_mn *mn, const struct mip_link_event *ev,
    const struct mip_now *now);
int mip_mn_on_cmd(
    struct mip_mn *mn, const struct mip_cmd *cmd, const struct mip_now *now);

int mip_fa_new(struct mip_fa **out, struct mip_ctx *ctx,
    const struct mip_fa_config *cfg, const struct mip_now *now);
void mip_fa_del(struct mip_fa *fa);
bool mip_fa_on_packet(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now);

int mip_ha_new(struct mip_ha **out, struct mip_ctx *ctx,
    const struct mip_ha_config *cfg, const struct mip_now *now);
void mip_ha_del(struct mip_ha *ha);
bool mip_ha_on_packet(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now);
int mip_ha_on_cmd(
    struct mip_ha *ha, const struct mip_cmd *cmd, const struct mip_now *now);
bool mip_ha_on_traffic(
    struct mip_ha *ha, const struct mip_traffic *tr, const struct mip_now *now);

int mip_cn_new(struct mip_cn **out, struct mip_ctx *ctx,
    const struct mip_cn_config *cfg, const struct mip_now *now);
void mip_cn_del(struct mip_cn *cn);
bool mip_cn_on_packet(
    struct mip_cn *cn, const struct mip_pkt_in *pkt, const struct mip_now *now);
bool mip_cn_on_traffic(
    struct mip_cn *cn, const struct mip_traffic *tr, const struct mip_now *now);

/*
 * Paper 4.3, RO draft 4.3: an authenticated, fresh Binding Update that
 * binds |home_addr| to another care-of address |coa| ends its visitor
 * entry here (the mobile node moved on; the cache entry forwards).
 */
void mip_fa_ro_moved(struct mip_fa *fa, struct mip_ip4 home_addr,
    struct mip_ip4 coa, const struct mip_now *now);
/*
 * A visitor |home_addr| registered through us with home agent |ha_addr|:
 * the cache drops any entry for it (it would divert the visitor's
 * packets) and asks |ha_addr| for the binding with a Binding Request
 * from |local|, so that the home agent counts us among the nodes to tell
 * when the mobile node moves (RO draft 4.2, 4.3).
 */
void mip_cn_ro_visitor(struct mip_cn *cn, struct mip_ip4 home_addr,
    struct mip_ip4 ha_addr, struct mip_ip4 local, const struct mip_now *now);

/*
 * The agent advertiser (RFC 5944 2.3), shared by the foreign agent (on each
 * of its links, F set) and the home agent (on its home link, H set; both
 * when one link has both): periodic advertisements with jitter, answers to
 * solicitations, sequence numbers. Created when the node has either role.
 */
int mip_agent_new(struct mip_agent **out, struct mip_ctx *ctx,
    const struct mip_fa_config *fa, const struct mip_ha_config *ha,
    const struct mip_now *now);
void mip_agent_del(struct mip_agent *agent);
bool mip_agent_on_packet(struct mip_agent *agent, const struct mip_pkt_in *pkt,
    const struct mip_now *now);

#endif
