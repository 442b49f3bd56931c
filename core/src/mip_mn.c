/* SPDX-License-Identifier: ISC */
/*
 * The mobile node engine (RFC 5944 2.4, 3.6, 4.2.1, 4.6): its role
 * interface for mip_node.c, the state funnel, and the decisions: which
 * agent to use, when we moved (advertisement lifetime expiry, 2.4.2.1;
 * network prefixes, 2.4.2.2), when we are home (2.4.3, 4.6), and how to
 * register (via a foreign agent, or with a co-located care-of address).
 * Agents and solicitations live in mip_mn_disc.c, requests and replies in
 * mip_mn_reg.c, timers in mip_mn_timers.c.
 *
 * Choices where RFC 5944 leaves room (docs/state-machines/mn.md):
 *  - A denial nothing repairs is reported and not retried blindly: the
 *    next move, a hold-off timer (60 s doubling to 1 h), or an operator
 *    REGISTER tries again; a challenge denial also on the next
 *    advertisement from that agent.
 *  - With S configured each new care-of address is registered with S set
 *    and earlier bindings are kept until their own lifetime ends; the
 *    newest foreign-agent binding owns the default route.
 *  - After an operator DEREGISTER the node registers no more until an
 *    operator REGISTER (returning home still deregisters).
 *  - On hearing the home agent we deregister only if we had left home
 *    since the last deregistration (not at start-up).
 */
#include <string.h>

#include "mip/mip_proto.h"
#include "mip_mn.h"

static const char *const mn_state_names[] = {
	[MIP_MN_DISCOVERING] = "discovering",
	[MIP_MN_AT_HOME] = "at_home",
	[MIP_MN_REGISTERING] = "registering",
	[MIP_MN_REGISTERED] = "registered",
	[MIP_MN_DEREGISTERING] = "deregistering",
	[MIP_MN_IDLE] = "idle",
};
_Static_assert(
    sizeof(mn_state_names) / sizeof(mn_state_names[0]) == MIP_MN__COUNT,
    "one name per mobile node state");

const char *
mip_mn_state_name(enum mip_mn_state s)
{
	if ((unsigned)s >= MIP_MN__COUNT)
		return "unknown";
	return mn_state_names[s];
}

void
mip_mn_note(struct mip_mn *mn, enum mip_note what, struct mip_ip4 coa,
    struct mip_ip4 peer, uint8_t code, uint32_t arg)
{
	struct mip_act_notify n;

	memset(&n, 0, sizeof(n));
	n.what = what;
	n.role = MIP_ROLE_MN;
	n.home_addr = mn->cfg.home_addr;
	n.coa = coa;
	n.peer = peer;
	n.code = code;
	n.arg = arg;
	mip_ctx_notify(mn->ctx, &n);
	if (what == MIP_NOTE_REG_REPLY) {
		mn->has_last_code = true;
		mn->last_code = code;
	}
}

void
mip_mn_transition(
    struct mip_mn *mn, enum mip_mn_state to, const struct mip_now *now)
{
	enum mip_mn_state from = mn->state;
	struct mip_ip4 none = { 0 };

	if (from == to)
		return;
	mn->state = to;
	mip_mn_note(
	    mn, MIP_NOTE_STATE, none, none, (uint8_t)to, (uint32_t)from);
	mn_timers_state_changed(mn, from, to, now);
}

struct mip_ip4
mip_mn_ha_target(const struct mip_mn *mn)
{
	struct mip_ip4 t = mn->ha_addr;

	/* RFC 5944 3.6.1.2: unknown, so the home subnet broadcast. */
	if (t.v == 0 || t.v == 0xffffffffU)
		t.v = mn->cfg.home_addr.v | ~mn_mask(mn->cfg.home_plen);
	return t;
}

static struct mn_agent *
cur_agent(struct mip_mn *mn)
{
	return mn->cur >= 0 ? &mn->agents[mn->cur] : NULL;
}

/* RFC 5944 2.4.3: our home agent (H), or any agent on the home network. */
static bool
agent_is_home(const struct mip_mn *mn, const struct mn_agent *ag)
{
	if ((ag->flags & MIP_ADV_F_H) &&
	    (mip_ip4_eq(ag->addr, mn->ha_addr) ||
		mip_mn_in_prefix(
		    ag->addr, mn->cfg.home_addr, mn->cfg.home_plen)))
		return true;
	return ag->has_prefix && ag->plen == mn->cfg.home_plen &&
	    mip_mn_in_prefix(ag->net, mn->cfg.home_addr, mn->cfg.home_plen);
}

/* A foreign agent we may register with: F, a care-of address, not B. */
static bool
agent_usable(const struct mn_agent *ag)
{
	return (ag->flags & MIP_ADV_F_F) && ag->n_coa > 0 &&
	    !(ag->flags & MIP_ADV_F_B);
}

static bool
colocated(const struct mip_mn *mn)
{
	return mn->cfg.colocated && mn->has_coloc;
}

/*
 * RFC 5944 2.4.2.2: |ag| is on another subnet than our current point of
 * attachment. Only when both advertisements carry Prefix-Lengths, or,
 * with a co-located address, when the new one does.
 */
static bool
moved_by_prefix(const struct mip_mn *mn, const struct mn_agent *cur,
    const struct mn_agent *ag)
{
	if (!ag->has_prefix)
		return false;
	if (colocated(mn))
		return !mip_mn_in_prefix(mn->coloc, ag->net, ag->plen);
	return cur->has_prefix &&
	    !(cur->plen == ag->plen && mip_ip4_eq(cur->net, ag->net));
}

int
mip_mn_register(struct mip_mn *mn, bool dereg, const struct mip_now *now)
{
	struct mn_agent *ag = cur_agent(mn);
	enum mn_mode mode;

	if (ag != NULL && agent_is_home(mn, ag))
		mode = MN_MODE_HOME;
	else if (colocated(mn) && ag != NULL && (ag->flags & MIP_ADV_F_R)) {
		/* RFC 5944 2.4.1: R: through the FA even when co-located;
		 * B: not with it (2.1.1). */
		if (!agent_usable(ag))
			return MIP_ERR_STATE;
		mode = MN_MODE_COLOC_FA;
	} else if (colocated(mn))
		mode = MN_MODE_COLOC;
	else if (ag != NULL && agent_usable(ag))
		mode = MN_MODE_FA;
	else
		return MIP_ERR_STATE;
	return mip_mn_request_start(mn, mode, dereg, false, now);
}

/* Registers automatically, as far as the operator and the link allow. */
static void
start(struct mip_mn *mn, const struct mip_now *now)
{
	int rc;

	if (mn->stopped) {
		mip_mn_transition(mn, MIP_MN_IDLE, now);
		return;
	}
	rc = mip_mn_register(mn, false, now);
	if (rc == MIP_ERR_STATE)
		mip_mn_transition(mn, MIP_MN_DISCOVERING, now);
	else if (rc != 0)
		mip_mn_transition(mn, MIP_MN_IDLE, now);
}

/* RFC 5944 4.6: a gratuitous ARP for the home address, our own MAC. */
void
mip_mn_announce(struct mip_mn *mn)
{
	struct mip_action *a =
	    mip_outq_push(&mn->ctx->out, MIP_ACT_ARP_ANNOUNCE);

	if (a == NULL)
		return;
	a->u.neigh.ifindex = mn->cfg.home_ifindex;
	a->u.neigh.addr = mn->cfg.home_addr;
	memcpy(a->u.neigh.hwaddr, mn->hwaddr, MIP_HWADDR_LEN);
}

/* RFC 5944 2.4.3, 4.6: home routes, gratuitous ARP, deregistration;
 * the previous foreign agent forgets us (paper 4.2). */
static void
return_home(struct mip_mn *mn, struct mn_agent *ag, const struct mip_now *now)
{
	mip_mn_note(mn, MIP_NOTE_HOME, mn->cfg.home_addr, ag->addr, 0, 0);
	mip_mn_bindings_clear(mn, false, MN_MODE_FA);
	mip_mn_announce(mn);
	mn_timers_announced(mn, now);
	mn->away = false;
	/* RO spec 2.2: no new agent tells the previous one; we do. */
	mip_mn_smooth_home(mn, now);
	if (mip_mn_request_start(mn, MN_MODE_HOME, true, false, now) != 0)
		mip_mn_transition(mn, MIP_MN_AT_HOME, now);
}

static void
home_heard(struct mip_mn *mn, struct mn_agent *ag, const struct mip_now *now)
{
	mn->cur = (int)(ag - mn->agents);
	switch (mn->state) {
	case MIP_MN_AT_HOME:
		return;
	case MIP_MN_DEREGISTERING:
		if (mn->req.mode == MN_MODE_HOME)
			return;
		return_home(mn, ag, now);
		return;
	case MIP_MN_DISCOVERING:
		if (!mn->away && !mip_mn_any_binding(mn)) {
			mip_mn_note(mn, MIP_NOTE_HOME, mn->cfg.home_addr,
			    ag->addr, 0, 0);
			mip_mn_transition(mn, MIP_MN_AT_HOME, now);
			return;
		}
		return_home(mn, ag, now);
		return;
	case MIP_MN_REGISTERING:
	case MIP_MN_REGISTERED:
	case MIP_MN_IDLE:
		return_home(mn, ag, now);
		return;
	case MIP_MN__COUNT:
		return;
	}
}

/* RFC 5944 2.4.2: a new point of attachment; register there. */
static void
move_to(struct mip_mn *mn, struct mn_agent *ag, const struct mip_now *now)
{
	mn->cur = (int)(ag - mn->agents);
	/* Without S the old foreign agent's binding is of no more use. */
	if (!(mn->cfg.flags & MIP_RRQ_F_S))
		mip_mn_bindings_clear(mn, true, MN_MODE_FA);
	mip_mn_note(mn, MIP_NOTE_MOVED, colocated(mn) ? mn->coloc : ag->coa[0],
	    ag->addr, 0, 0);
	mn->away = true;
	start(mn, now);
}

/* Another advertisement from the agent we use. */
static void
same_agent(struct mip_mn *mn, struct mn_agent *ag, bool rebooted,
    const struct mip_now *now)
{
	switch (mn->state) {
	case MIP_MN_DISCOVERING:
		/* It was busy; B may have cleared (RFC 5944 2.1.1). */
		if (agent_usable(ag) || colocated(mn))
			start(mn, now);
		return;
	case MIP_MN_REGISTERED:
		/* RFC 5944 2.4.4: the agent rebooted; register again. */
		if (rebooted && !mn->stopped)
			start(mn, now);
		return;
	case MIP_MN_IDLE:
		if (mn->retry_on_adv && !mn->stopped)
			start(mn, now);
		return;
	case MIP_MN_AT_HOME:
	case MIP_MN_REGISTERING:
	case MIP_MN_DEREGISTERING:
	case MIP_MN__COUNT:
		return;
	}
}

void
mip_mn_adv_heard(struct mip_mn *mn, struct mn_agent *ag, bool rebooted,
    const struct mip_now *now)
{
	struct mn_agent *cur = cur_agent(mn);

	if (agent_is_home(mn, ag)) {
		home_heard(mn, ag, now);
		return;
	}
	if (!(ag->flags & MIP_ADV_F_F))
		return; /* another network's home agent: nothing for us */
	if (cur == ag) {
		same_agent(mn, ag, rebooted, now);
		return;
	}
	/* RFC 5944 3.6: while the current agent is still heard, a new one
	 * is a move only by its prefix (2.4.2.2); else by 2.4.2.1. */
	if (cur != NULL && !moved_by_prefix(mn, cur, ag))
		return;
	move_to(mn, ag, now);
}

/* The agent to fall back on: a home agent, else the freshest usable. */
static struct mn_agent *
best_agent(struct mip_mn *mn)
{
	struct mn_agent *best = NULL;
	size_t i;

	for (i = 0; i < MN_AGENTS_MAX; i++) {
		struct mn_agent *ag = &mn->agents[i];

		if (!ag->used)
			continue;
		if (agent_is_home(mn, ag))
			return ag;
		if (agent_usable(ag) &&
		    (best == NULL || ag->expiry.expires > best->expiry.expires))
			best = ag;
	}
	return best;
}

/* The current agent is gone and no other is heard. */
static void
attachment_lost(struct mip_mn *mn, const struct mip_now *now)
{
	switch (mn->state) {
	case MIP_MN_AT_HOME:
	case MIP_MN_DISCOVERING:
		mip_mn_transition(mn, MIP_MN_DISCOVERING, now);
		return;
	case MIP_MN_REGISTERING:
	case MIP_MN_REGISTERED:
	case MIP_MN_DEREGISTERING:
	case MIP_MN_IDLE:
		/* Co-located or home traffic does not need the agent. */
		if (!(mn->req.mode == MN_MODE_FA ||
			mn->req.mode == MN_MODE_COLOC_FA))
			return;
		if (!(mn->cfg.flags & MIP_RRQ_F_S))
			mip_mn_bindings_clear(mn, true, MN_MODE_FA);
		if (colocated(mn) && !mn->stopped)
			start(mn, now);
		else
			mip_mn_transition(mn, MIP_MN_DISCOVERING, now);
		return;
	case MIP_MN__COUNT:
		return;
	}
}

void
mip_mn_agent_lost(
    struct mip_mn *mn, struct mn_agent *ag, const struct mip_now *now)
{
	bool was_cur = mn->cur == (int)(ag - mn->agents);
	struct mn_agent *next;

	mip_mn_note(mn, MIP_NOTE_AGENT_LOST, ag->n_coa ? ag->coa[0] : ag->addr,
	    ag->addr, 0, 0);
	mip_mn_agent_forget(mn, ag);
	/* RFC 5944 2.4: search again, at the fast rate. */
	if (!mip_mn_any_agent(mn))
		mn_timers_discovery_start(mn, now);
	if (!was_cur)
		return;
	/* RFC 5944 2.4.2.1: another unexpired agent may be used at once. */
	next = best_agent(mn);
	if (next != NULL && agent_is_home(mn, next))
		home_heard(mn, next, now);
	else if (next != NULL)
		move_to(mn, next, now);
	else
		attachment_lost(mn, now);
}

void
mip_mn_refresh_expired(struct mip_mn *mn, const struct mip_now *now)
{
	/* RFC 5944 3.6.2.2: re-register before the lifetime runs out. */
	if (mn->state == MIP_MN_REGISTERED)
		start(mn, now);
}

void
mip_mn_holdoff_expired(struct mip_mn *mn, const struct mip_now *now)
{
	if (mn->state == MIP_MN_IDLE && !mn->stopped)
		start(mn, now);
}

void
mip_mn_binding_expired(
    struct mip_mn *mn, struct mn_binding *b, const struct mip_now *now)
{
	mip_mn_binding_remove(mn, b);
	if (mn->state == MIP_MN_REGISTERED && !mip_mn_any_binding(mn))
		start(mn, now);
}

/* ---- link events ---- */

static void
coloc_changed(struct mip_mn *mn, const struct mip_link_event *ev,
    const struct mip_now *now)
{
	bool same = mn->has_coloc && mip_ip4_eq(mn->coloc, ev->addr);
	struct mn_agent *cur = cur_agent(mn);

	if (ev->addr.v == 0) {
		/* The co-located address went away. */
		mn->has_coloc = false;
		mip_mn_bindings_clear(mn, true, MN_MODE_COLOC);
		mip_mn_bindings_clear(mn, true, MN_MODE_COLOC_FA);
		if (mn->cfg.colocated &&
		    (mn->state == MIP_MN_REGISTERING ||
			mn->state == MIP_MN_REGISTERED) &&
		    mn->req.mode != MN_MODE_FA)
			start(mn, now);
		return;
	}
	/* A home-network address is no care-of address. */
	if (mip_mn_in_prefix(ev->addr, mn->cfg.home_addr, mn->cfg.home_plen))
		return;
	if (!same && !(mn->cfg.flags & MIP_RRQ_F_S)) {
		mip_mn_bindings_clear(mn, true, MN_MODE_COLOC);
		mip_mn_bindings_clear(mn, true, MN_MODE_COLOC_FA);
	}
	mn->has_coloc = true;
	mn->coloc = ev->addr;
	mn->coloc_plen = ev->plen;
	if (!mn->cfg.colocated || same)
		return;
	/* A foreign address on the link: we are not at home any more. */
	if (cur != NULL && agent_is_home(mn, cur))
		mn->cur = -1;
	mip_mn_note(mn, MIP_NOTE_MOVED, mn->coloc,
	    cur != NULL ? cur->addr : mn->coloc, 0, 0);
	mn->away = true;
	start(mn, now);
}

/* ---- role interface (mip_ctx.h) ---- */

int
mip_mn_new(struct mip_mn **out, struct mip_ctx *ctx,
    const struct mip_mn_config *cfg, const struct mip_now *now)
{
	const struct mip_if_config *ifc = mip_ctx_if(ctx, cfg->home_ifindex);
	struct mip_mn *mn;
	int rc;

	*out = NULL;
	if (ifc == NULL || cfg->lifetime == 0 || cfg->spi < MIP_SPI_MIN ||
	    cfg->home_plen == 0 || cfg->home_plen > 30)
		return MIP_ERR_INVAL;
	mn = ctx->mem.calloc(1, sizeof(*mn), ctx->mem.user_data);
	if (mn == NULL)
		return MIP_ERR_NOMEM;
	mn->ctx = ctx;
	mn->cfg = *cfg;
	memcpy(mn->hwaddr, ifc->hwaddr, MIP_HWADDR_LEN);
	mn->ha_addr = cfg->ha_addr;
	mn->cur = -1;
	mn->req.agent = -1;
	mn->state = MIP_MN_DISCOVERING;
	mn_timers_init(mn);
	if ((rc = mip_mn_regkey_new(mn, now)) != 0) {
		mip_mn_del(mn);
		return rc;
	}
	/* RFC 5944 2.4: nothing heard yet, so solicit. */
	mn_timers_discovery_start(mn, now);
	*out = mn;
	return 0;
}

void
mip_mn_del(struct mip_mn *mn)
{
	if (mn == NULL)
		return;
	/* The host removes data-plane state by tag; timers must go. */
	mn_timers_stop_all(mn);
	mip_mn_regkey_del(mn);
	mn->ctx->mem.free(mn, mn->ctx->mem.user_data);
}

bool
mip_mn_on_packet(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	if (pkt->len == 0)
		return false;
	switch (pkt->kind) {
	case MIP_PKT_ICMP:
		if (pkt->data[0] != MIP_ICMP_ROUTER_ADV ||
		    pkt->ifindex != mn->cfg.home_ifindex)
			return false;
		mip_mn_on_adv(mn, pkt, now);
		return true;
	case MIP_PKT_UDP:
		if (pkt->sport != MIP_UDP_PORT)
			return false;
		if (pkt->data[0] == MIP_MSG_REG_REP) {
			mip_mn_on_reply(mn, pkt, now);
			return true;
		}
		/* Paper 4.3: the previous agent's Binding Acknowledge. */
		if (mip_ctx_udp_kind(mn->ctx, pkt) == MIP_MSG_KIND_BIND_ACK)
			return mip_mn_smooth_on_ba(mn, pkt, now);
		return false;
	case MIP_PKT_IP:
		return false;
	}
	return false;
}

void
mip_mn_on_link(struct mip_mn *mn, const struct mip_link_event *ev,
    const struct mip_now *now)
{
	if (ev->ifindex != mn->cfg.home_ifindex)
		return;
	switch (ev->kind) {
	case MIP_LINK_UP:
		/* RFC 5944 2.4: a positive sign of a move: solicit anew. */
		mn_timers_discovery_start(mn, now);
		return;
	case MIP_LINK_DOWN:
		mn_timers_link_down(mn);
		return;
	case MIP_LINK_ADDR:
		coloc_changed(mn, ev, now);
		return;
	}
}

int
mip_mn_on_cmd(
    struct mip_mn *mn, const struct mip_cmd *cmd, const struct mip_now *now)
{
	switch (cmd->kind) {
	case MIP_CMD_SOLICIT:
		mip_mn_solicit(mn, now);
		return 0;
	case MIP_CMD_REGISTER:
		mn->stopped = false;
		return mip_mn_register(mn, false, now);
	case MIP_CMD_DEREGISTER:
		mn->stopped = true;
		return mip_mn_register(mn, true, now);
	case MIP_CMD_FLUSH_BINDING:
	case MIP_CMD_FLUSH_ALL:
		return MIP_ERR_INVAL;
	}
	return MIP_ERR_INVAL;
}
