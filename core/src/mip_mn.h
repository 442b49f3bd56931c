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
#include "mip/mip_buf.h"
#include "mip/mip_keys.h"
#include "mip/mip_node.h"
#include "mip/mip_reg.h"
#include "mip_ctx.h"
#include "mip_timer.h"

#define MN_AGENTS_MAX 8	  /* agents remembered at once */
#define MN_COA_KEEP 4	  /* care-of addresses kept per agent */
#define MN_BINDINGS_MAX 4 /* simultaneous bindings (S) */
#define MN_REQ_MAX 512	  /* one encoded Registration Request */
#define MN_CHALLENGE_MAX 255
#define MN_REGKEYS_MAX 4 /* foreign agents we hold a key with at once */
#define MN_BU_MAX 96	 /* one smooth-handoff Binding Update */

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

/*
 * A key we share with a foreign agent (paper 4.2, 6): a registration key
 * (|dynamic|: our MN-FA SA (fa_addr, spi), removed with the slot when the
 * registration ends) or the per-visit key of a configured MN-FA SA
 * (|visit_sa|, mip_visit_key.h: outside the SA table, which holds the
 * configured SA under the same (fa_addr, spi)), and the smooth-handoff
 * Binding Update we retransmit to that agent once we moved on (paper
 * 4.3). mip_mn_regkey.c owns the keys, mip_mn_smooth.c the update.
 */
struct mn_regkey {
	struct mip_mn *mn;
	bool used;
	bool dynamic;
	struct mip_ip4 fa_addr;
	uint32_t spi;
	enum mip_regkey_method method; /* how the key came (introspection) */
	struct mip_sa *visit_sa;       /* owned; NULL for a registration key */
	bool bu_pending;	       /* sent, no Binding Acknowledge yet */
	mip_tstamp bu_end; /* its forwarding binding must be gone by then */
	mip_duration bu_rto;
	size_t bu_len;
	uint8_t bu[MN_BU_MAX];
	struct mip_timer expiry; /* the registration's lifetime */
	struct mip_timer bu_retx;
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
	mip_tstamp ident_sent;	  /* first transmission of |ident| */
	unsigned ntx;		  /* transmissions of this registration */
	unsigned repairs;	  /* 133/136/69 retries in a row */
	mip_duration rto;	  /* next retransmission timeout */
	bool dh;		  /* carries our Diffie-Hellman value (116) */
	struct mn_regkey *sh_key; /* the key its PFANE used, or NULL */
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
	/* registration keys and smooth handoff (mip_mn_regkey.c) */
	struct mn_regkey keys[MN_REGKEYS_MAX];
	bool has_last_fa; /* the foreign agent of our last acceptance */
	struct mip_ip4 last_fa;
	uint8_t *rsa_der;    /* owned copies of cfg.rsa_pub, cfg.rsa_priv */
	const uint8_t *dh_p; /* the group (mip_dh_group), |dh_len| octets */
	size_t dh_len;
	bool dh_ready; /* |dh_priv|, |dh_pub| computed and unused */
	uint8_t dh_g[MIP_DH_MAX_LEN];
	uint8_t dh_priv[MIP_DH_PRIV_LEN];
	uint8_t dh_pub[MIP_DH_MAX_LEN];
	struct mip_timer dh_timer;
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

/* The MN-FA SA shared with |peer| (RFC 5944 3.5.3), not a registration
 * key (those authenticate smooth handoffs only), or NULL. */
struct mip_sa *mip_mn_fa_sa(const struct mip_mn *mn, struct mip_ip4 peer);

/* ---- mip_mn_regkey.c: registration keys (paper 6-9) ---- */

/* Copies the RSA key pair; prepares the Diffie-Hellman group. Returns 0,
 * MIP_ERR_INVAL (a method without its parameters), MIP_ERR_NOMEM. */
int mip_mn_regkey_new(struct mip_mn *mn, const struct mip_now *now);
void mip_mn_regkey_del(struct mip_mn *mn);
/* Whether |sa| is one of our registration keys. */
bool mip_mn_regkey_owns(const struct mip_mn *mn, const struct mip_sa *sa);
/* Paper 9.1: the extensions for the foreign agent |ag| (after the
 * Mobile-Home authentication): PFANE, then 114 or 116. */
int mip_mn_regkey_append(
    struct mip_mn *mn, struct mip_wbuf *w, const struct mn_agent *ag);
/* An accepted reply |rep| (|pkt|'s bytes) authenticated under |ha_sa|:
 * installs a key it carries and keeps the key with the agent alive. */
void mip_mn_regkey_accepted(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_sa *ha_sa, uint16_t granted,
    const struct mip_now *now);
/* The slot holding a key with |fa|, or NULL. */
struct mn_regkey *mip_mn_regkey_find(struct mip_mn *mn, struct mip_ip4 fa);
/* The SA of slot |k|: its per-visit key, else the table's, or NULL. */
const struct mip_sa *mip_mn_regkey_sa(
    const struct mip_mn *mn, const struct mn_regkey *k);
/* A free slot (the one ending first evicted), reset. */
struct mn_regkey *mip_mn_regkey_slot(struct mip_mn *mn);
/* Ends slot |k|: its update, and its SA when a registration key. */
void mip_mn_regkey_drop(struct mip_mn *mn, struct mn_regkey *k);
void mip_mn_dh_prepare(struct mip_mn *mn);

/* ---- mip_mn_smooth.c: smooth handoff (paper 4) ---- */

/* Appends the PFANE for the key with the previous foreign agent and
 * records the Binding Update it predicts; 0 when none is due. */
int mip_mn_smooth_pfane(
    struct mip_mn *mn, struct mip_wbuf *w, const struct mn_agent *ag);
/* The request carrying the PFANE went out: retransmissions start. */
void mip_mn_smooth_sent(struct mip_mn *mn, const struct mip_now *now);
/* Back home (RO spec 2.2): the Binding Update to the previous foreign
 * agent with our home address as its care-of address, sent and then
 * retransmitted as after a PFANE; nothing without a key with it. */
void mip_mn_smooth_home(struct mip_mn *mn, const struct mip_now *now);
/* A Binding Acknowledge; false when it is not one for us. */
bool mip_mn_smooth_on_ba(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now);
void mip_mn_smooth_retx_expired(struct mn_regkey *k, const struct mip_now *now);

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
void mn_timers_regkey_set(struct mn_regkey *k, mip_tstamp end);
void mn_timers_regkey_stop(struct mn_regkey *k);
void mn_timers_bu_sent(struct mn_regkey *k, const struct mip_now *now);
void mn_timers_dh_soon(struct mip_mn *mn, const struct mip_now *now);
void mn_timers_state_changed(struct mip_mn *mn, enum mip_mn_state from,
    enum mip_mn_state to, const struct mip_now *now);

#endif
