/* SPDX-License-Identifier: ISC */
/*
 * The mobile node engine's shared internals (RFC 5944 2.4, 3.6, 4.2.1,
 * 4.6): the state enum, the agent table learned from advertisements, the
 * outstanding registration, the accepted bindings, and the functions the
 * engine's files call on each other. mip_mn.c owns the state funnel and
 * the decisions (discovery, moves, return home); mip_mn_disc.c the agent
 * table and solicitations; mip_mn_reg.c requests, replies and the data
 * plane of bindings; mip_mn_timers.c every timer.
 */
#ifndef MIP_MN_INTERNAL_H
#define MIP_MN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_adv.h"
#include "mip/mip_node.h"
#include "mip_ctx.h"
#include "mip_timer.h"

#define MN_AGENTS_MAX 8	  /* agents remembered at once */
#define MN_COA_KEEP 4	  /* care-of addresses kept per agent */
#define MN_BINDINGS_MAX 4 /* simultaneous bindings (S) */
#define MN_REQ_MAX 512	  /* one encoded Registration Request */
#define MN_CHALLENGE_MAX 255

enum mip_mn_state {
	MIP_MN_DISCOVERING,   /* no usable agent: soliciting, listening */
	MIP_MN_AT_HOME,	      /* on the home link, no binding */
	MIP_MN_REGISTERING,   /* a request (lifetime > 0) outstanding */
	MIP_MN_REGISTERED,    /* binding accepted, re-registration armed */
	MIP_MN_DEREGISTERING, /* a lifetime-0 request outstanding */
	MIP_MN_IDLE,	      /* away, not registering: denied or stopped */
	MIP_MN__COUNT,
};

/* How a request reaches the home agent and what it registers. */
enum mn_mode {
	MN_MODE_FA,	  /* FA care-of address, via the FA */
	MN_MODE_COLOC,	  /* co-located care-of address, straight to HA */
	MN_MODE_COLOC_FA, /* co-located, via the FA because it set R */
	MN_MODE_HOME,	  /* deregistration from the home link */
};

/* One agent heard in an Agent Advertisement (RFC 5944 2.1, 2.4). */
struct mn_agent {
	struct mip_mn *mn;
	bool used;
	struct mip_ip4 addr; /* IP source of the advertisement */
	uint32_t ifindex;
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN]; /* link-layer source */
	uint16_t flags;	       /* MIP_ADV_F_*; R, B cleared without F */
	uint16_t reg_lifetime; /* seconds, 0xffff infinite */
	uint16_t seq;
	uint8_t n_coa;
	struct mip_ip4 coa[MN_COA_KEEP];
	bool has_prefix; /* Prefix-Lengths: network |net|/|plen| */
	struct mip_ip4 net;
	uint8_t plen;
	uint8_t challenge_len; /* RFC 4721; 0 when none */
	uint8_t challenge[MN_CHALLENGE_MAX];
	bool has_cap; /* a 69 denial named this agent's maximum */
	uint16_t lifetime_cap;
	struct mip_timer expiry; /* advertisement lifetime */
};

/* A binding the home agent accepted, with its data-plane entries. */
struct mn_binding {
	struct mip_mn *mn;
	bool used;
	enum mn_mode mode;
	struct mip_ip4 coa;
	struct mip_ip4 fa_addr; /* MN_MODE_FA: first hop */
	bool has_neigh;
	uint8_t fa_hwaddr[MIP_HWADDR_LEN];
	bool has_route;	    /* owns the default route via |fa_addr| */
	uint32_t tunnel_id; /* co-located: our decapsulating tunnel */
	struct mip_timer expiry;
};

/* The outstanding registration (RFC 5944 3.6: what the MN keeps). */
struct mn_request {
	bool active;
	enum mn_mode mode;
	int agent; /* index into agents[], -1 when not via an agent */
	struct mip_ip4 src, dst, coa, ha_addr;
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	uint8_t flags;
	uint8_t ttl;
	uint16_t lifetime; /* requested, seconds */
	uint64_t ident;
	mip_tstamp ident_sent; /* first transmission of |ident| */
	unsigned ntx;	       /* transmissions of this registration */
	unsigned repairs;      /* 133/136/69 retries in a row */
	mip_duration rto;      /* next retransmission timeout */
	size_t len;
	uint8_t bytes[MN_REQ_MAX];
};

struct mip_mn {
	struct mip_ctx *ctx;
	struct mip_mn_config cfg;
	uint8_t hwaddr[MIP_HWADDR_LEN]; /* ours, on cfg.home_ifindex */
	enum mip_mn_state state;
	struct mip_ip4 ha_addr; /* current; learned from a 136 */
	bool has_coloc;		/* a co-located address is on the link */
	struct mip_ip4 coloc;
	uint8_t coloc_plen;
	bool away;	    /* left home since we last deregistered */
	bool stopped;	    /* operator deregistered: no automatic requests */
	bool retry_on_adv;  /* a challenge denial: retry on the next adv */
	bool has_last_code; /* for introspection: the last reply's code */
	uint8_t last_code;
	int cur; /* current agent index, -1 none */
	struct mn_agent agents[MN_AGENTS_MAX];
	struct mn_binding bindings[MN_BINDINGS_MAX];
	struct mn_request req;
	bool have_reg_tx;
	mip_tstamp last_reg_tx; /* RFC 5944 3.6: at most one per second */
	/* timers: see mip_mn_timers.c */
	unsigned sol_count;
	struct mip_timer sol;
	struct mip_timer retx;
	struct mip_timer refresh;
	struct mip_timer holdoff;
	mip_duration holdoff_next;
	struct mip_timer announce;
	unsigned announce_left;
};

/* The netmask of a |plen|-bit prefix, host order. */
static inline uint32_t
mn_mask(uint8_t plen)
{
	return plen == 0 ? 0 : 0xffffffffU << (32 - (plen > 32 ? 32 : plen));
}

/* ---- mip_mn.c: the funnel and decisions ---- */

const char *mip_mn_state_name(enum mip_mn_state s);
/* The only writer of mn->state; emits MIP_NOTE_STATE and timer hooks. */
void mip_mn_transition(
    struct mip_mn *mn, enum mip_mn_state to, const struct mip_now *now);
void mip_mn_note(struct mip_mn *mn, enum mip_note what, struct mip_ip4 coa,
    struct mip_ip4 peer, uint8_t code, uint32_t arg);
void mip_mn_agent_lost(
    struct mip_mn *mn, struct mn_agent *ag, const struct mip_now *now);
void mip_mn_refresh_expired(struct mip_mn *mn, const struct mip_now *now);
void mip_mn_holdoff_expired(struct mip_mn *mn, const struct mip_now *now);
void mip_mn_announce(struct mip_mn *mn);
void mip_mn_binding_expired(
    struct mip_mn *mn, struct mn_binding *b, const struct mip_now *now);
/* Register (or deregister when |dereg|) the best way available now.
 * Returns 0 or MIP_ERR_STATE when no agent or address allows it. */
int mip_mn_register(struct mip_mn *mn, bool dereg, const struct mip_now *now);
/* True when |a| is on the subnet |net|/|plen|. */
bool mip_mn_in_prefix(struct mip_ip4 a, struct mip_ip4 net, uint8_t plen);
/* The home agent address requests carry (subnet broadcast if unknown). */
struct mip_ip4 mip_mn_ha_target(const struct mip_mn *mn);

/* ---- mip_mn_disc.c: agents and solicitations ---- */

void mip_mn_on_adv(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now);
void mip_mn_solicit(struct mip_mn *mn, const struct mip_now *now);
void mip_mn_agent_forget(struct mip_mn *mn, struct mn_agent *ag);
bool mip_mn_any_agent(const struct mip_mn *mn);
/* Decision on one learned advertisement (mip_mn.c). */
void mip_mn_adv_heard(struct mip_mn *mn, struct mn_agent *ag, bool rebooted,
    const struct mip_now *now);

/* ---- mip_mn_reg.c: requests, replies, bindings ---- */

/* Start a registration of |mode| (lifetime 0 when |dereg|) now, or when
 * the one-per-second rule allows unless |urgent|. Returns 0, or
 * MIP_ERR_NO_SA when no MN-HA SA exists (nothing sent). */
int mip_mn_request_start(struct mip_mn *mn, enum mn_mode mode, bool dereg,
    bool urgent, const struct mip_now *now);
void mip_mn_retx_expired(struct mip_mn *mn, const struct mip_now *now);
void mip_mn_on_reply(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now);
/* Remove bindings (and their data plane): all, or those of |mode| only. */
void mip_mn_bindings_clear(
    struct mip_mn *mn, bool only_mode, enum mn_mode mode);
void mip_mn_binding_remove(struct mip_mn *mn, struct mn_binding *b);
bool mip_mn_any_binding(const struct mip_mn *mn);

/* ---- mip_mn_timers.c ---- */

void mn_timers_init(struct mip_mn *mn);
void mn_timers_stop_all(struct mip_mn *mn);
void mn_timers_announced(struct mip_mn *mn, const struct mip_now *now);
void mn_timers_discovery_start(struct mip_mn *mn, const struct mip_now *now);
void mn_timers_solicited(struct mip_mn *mn, const struct mip_now *now);
void mn_timers_agent_heard(struct mip_mn *mn);
void mn_timers_link_down(struct mip_mn *mn);
void mn_timers_adv_received(struct mip_mn *mn, struct mn_agent *ag,
    uint16_t lifetime, const struct mip_now *now);
void mn_timers_agent_removed(struct mip_mn *mn, struct mn_agent *ag);
void mn_timers_request_new(struct mip_mn *mn);
void mn_timers_request_sent(struct mip_mn *mn, const struct mip_now *now);
void mn_timers_request_deferred(struct mip_mn *mn, mip_tstamp when);
void mn_timers_reply_accepted(
    struct mip_mn *mn, struct mn_binding *b, mip_tstamp sent, uint16_t granted);
void mn_timers_binding_removed(struct mip_mn *mn, struct mn_binding *b);
void mn_timers_denied(struct mip_mn *mn, const struct mip_now *now);
void mn_timers_state_changed(struct mip_mn *mn, enum mip_mn_state from,
    enum mip_mn_state to, const struct mip_now *now);

#endif
