/* SPDX-License-Identifier: ISC */
/*
 * Foreign agent internals (RFC 5944 3.7, 4.2.2; RFC 3024), shared by
 * mip_fa.c (receiving requests and replies, relaying, denying),
 * mip_fa_icmp.c (ICMP errors about relayed requests, codes 80-88),
 * mip_fa_visitor.c (the visitor list, the per-visitor state machine and
 * its data-plane actions) and mip_fa_timers.c (pending and lifetime
 * timers).
 *
 * The visitor list holds one entry per mobile node (RFC 5944 3.7.1: "for
 * each pending or current registration"), keyed by home address; a request
 * with a zero home address (RFC 2794) gets its own entry, told apart by the
 * low 32 bits of its Identification. An entry has a pending part (the
 * request relayed and not yet answered) and a registration part (the
 * current visitor), and one of the states below.
 */
#ifndef MIP_FA_H
#define MIP_FA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_buf.h"
#include "mip/mip_keys.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip_ctx.h"
#include "mip_timer.h"

/* RFC 5944 3.7.1: typically 5 pending registrations; 7 s to answer. */
#define MIP_FA_MAX_PENDING_DEFAULT 5
#define MIP_FA_PENDING_TIMEOUT_DEFAULT_MS 7000
/* A zero max_visitors in the configuration means this many. */
#define MIP_FA_MAX_VISITORS_DEFAULT 1024
/* RFC 5944 3.7.2: at most one denial per second to one mobile node;
 * this many mobile nodes are remembered for it. */
#define MIP_FA_DENY_SLOTS 16
#define MIP_FA_DENY_INTERVAL MIP_SEC
/* Registration keys handed off by a smooth-handoff Binding Update, kept
 * for the mobile node's retransmissions (mip_fa_smooth.c). */
#define MIP_FA_HANDOFFS 32
/* Spec sheet 2.6: SPIs of the keys we choose start here. */
#define MIP_FA_REGKEY_SPI_BASE 0x10000U

enum mip_fa_state {
	MIP_FA_IDLE,	   /* no registration, nothing pending (entry freed) */
	MIP_FA_PENDING,	   /* a request relayed, no registration yet */
	MIP_FA_REGISTERED, /* a visitor, nothing pending */
	MIP_FA_RENEWING,   /* a visitor with a new request relayed */
	MIP_FA_STATE__COUNT,
};

/* mip_fa_state_name returns a static name for |s|. */
const char *mip_fa_state_name(enum mip_fa_state s);

/* Where a mobile node's request came from, to answer it (RFC 5944 3.7.1,
 * 3.7.2.3): link, link-layer and IP source, IP destination, UDP port. */
struct mip_fa_from {
	uint32_t ifindex;
	struct mip_ip4 src, dst;
	uint16_t sport;
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	bool has_mnfa; /* the request carried a verified MN-FA extension */
	uint32_t mnfa_spi;
};

/* How the pending request's registration key comes (PAPER 9.4). */
enum mip_fa_key_how {
	MIP_FA_KEY_NONE,   /* nothing asked or nothing we can do */
	MIP_FA_KEY_HA,	   /* 113 sent: the HA's 121 brings it */
	MIP_FA_KEY_FA_PUB, /* 115 sent: the HA's 123 brings it */
	MIP_FA_KEY_CHOSEN, /* 122 or 124 sent: we chose it */
};

struct mip_fa_keyreq {
	enum mip_fa_key_how how;
	uint8_t ext_type; /* MIP_FA_KEY_CHOSEN: 122 or 124 */
	uint32_t spi;	  /* 113: the FA-HA SA's; else the one we chose */
	uint8_t key[MIP_REGKEY_LEN]; /* MIP_FA_KEY_CHOSEN; then the reply's */
	bool have_key;		     /* |key|, |key_spi| hold the result */
	uint32_t key_spi;
};

/* The pending part: the relayed request, not yet answered. */
struct mip_fa_pending {
	struct mip_fa_from from;
	struct mip_ip4 ha_addr, coa;
	struct mip_ip4 relay_src; /* the IP source we relayed it from */
	uint64_t ident;
	uint16_t lifetime; /* requested, seconds */
	uint8_t flags;	   /* MIP_RRQ_F_* as requested */
	struct mip_fa_keyreq keyreq;
	uint64_t rep_ident; /* the reply's Identification (mip_visit_key.h) */
	bool bu_sent;	    /* its PFANE became a Binding Update */
	bool ba_relayed;    /* paper 4.3: one Binding Acknowledge before the
			    reply */
	/* Paper 4.3, spec sheet 2.2: the previous FA our Binding Update
	 * went to (0: none), and the tunnel from it that delivers what it
	 * re-tunnels to the mobile node while the request is pending (0:
	 * none installed; mip_fa_visitor.c). */
	struct mip_ip4 prev_fa;
	uint32_t early_tunnel_id;
	struct mip_timer timer;
};

/* The registration part: the current visitor and its data plane. */
struct mip_fa_reg {
	uint32_t ifindex;
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	struct mip_ip4 ha_addr, coa;
	enum mip_encap_kind encap;
	bool reverse; /* RFC 3024: T granted */
	uint32_t tunnel_id;
	uint16_t lifetime; /* seconds, 0xffff: no expiry */
	bool has_key;	   /* a registration key: SA (home_addr, key_spi) */
	uint32_t key_spi;
	enum mip_regkey_method key_method; /* how it came (introspection) */
	/* The per-visit key of a configured MN-FA SA (mip_visit_key.h),
	 * owned: the table holds the configured SA under its SPI. */
	struct mip_sa *visit_sa;
	struct mip_timer timer;
};

struct mip_fa_entry {
	struct mip_fa_entry *next; /* hash chain */
	struct mip_fa *fa;
	struct mip_ip4 home_addr;
	enum mip_fa_state state;    /* written only by the transition funnel */
	struct mip_fa_pending pend; /* valid in PENDING and RENEWING */
	struct mip_fa_reg reg;	    /* valid in REGISTERED and RENEWING */
};

struct mip_fa_deny {
	struct mip_ip4 who;
	mip_tstamp last;
	bool used;
};

/*
 * A registration key whose smooth-handoff Binding Update we accepted
 * (mip_fa_smooth.c): its SA stays until |timer| (the binding's lifetime)
 * so that the mobile node's retransmission of that same update is
 * acknowledged again; any other update under it is refused.
 */
struct mip_fa_handoff {
	bool used;
	struct mip_ip4 home_addr, coa;
	uint32_t spi;
	enum mip_regkey_method method; /* the visitor's, kept */
	struct mip_sa *visit_sa; /* owned per-visit key, else the table's */
	uint8_t mac[MIP_AUTH_MAX_LEN]; /* the update's authenticator */
	size_t mac_len;
	uint8_t status;
	struct mip_fa *fa;
	struct mip_timer timer;
};

struct mip_fa {
	struct mip_ctx *ctx;
	struct mip_fa_config cfg; /* links point at |links| */
	struct mip_fa_link_config *links;
	size_t max_pending, max_visitors;
	mip_duration pending_timeout;
	struct mip_fa_entry **buckets;
	size_t nbuckets; /* a power of two */
	size_t nentries, npending, nvisitors;
	struct mip_fa_deny deny[MIP_FA_DENY_SLOTS];
	/* Registration keys (mip_fa_regkey.c): copies of the RSA keys, the
	 * next SPI we choose, the last Diffie-Hellman group that passed
	 * the (costly) safe-prime check. */
	uint8_t *rsa_pub, *rsa_priv;
	uint32_t next_spi;
	size_t dh_len; /* 0: none cached */
	uint8_t dh_p[MIP_DH_MAX_LEN], dh_g[MIP_DH_MAX_LEN];
	/* Smooth handoff (mip_fa_smooth.c). */
	struct mip_fa_handoff ho[MIP_FA_HANDOFFS];
	struct mip_ratelimit ba_rl; /* refusals sent to unchecked sources */
};

/* ---- the visitor list (mip_fa_visitor.c) ---- */

/* Returns 0 or MIP_ERR_NOMEM. */
int mip_fa_table_init(struct mip_fa *fa);
/* Frees every entry (no actions: the host cleans up by tag). */
void mip_fa_table_free(struct mip_fa *fa);

/* The entry of a nonzero |home_addr|, or NULL. */
struct mip_fa_entry *mip_fa_find(
    const struct mip_fa *fa, struct mip_ip4 home_addr);
/* The entry for |home_addr| (may be 0) with a request pending whose
 * Identification has low half |ident_low|, or NULL. */
struct mip_fa_entry *mip_fa_find_pending(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t ident_low);

/* A new entry in state IDLE, or NULL when memory ran out. */
struct mip_fa_entry *mip_fa_entry_new(
    struct mip_fa *fa, struct mip_ip4 home_addr);

/* Frees |e| if it is still IDLE (a relay that could not be sent). */
void mip_fa_entry_discard(struct mip_fa_entry *e);

/*
 * mip_fa_entry_rehome gives an entry created for a zero home address the
 * address the home agent assigned (RFC 2794), replacing any other entry
 * that holds it.
 */
void mip_fa_entry_rehome(struct mip_fa_entry *e, struct mip_ip4 home_addr,
    const struct mip_now *now);

/*
 * Events of the per-entry state machine. Each frees |e| when it falls back
 * to IDLE; |e| must not be used after a call that may do so.
 */
/* A request was relayed: |p| becomes the pending part (replacing one). */
void mip_fa_ev_relayed(struct mip_fa_entry *e, const struct mip_fa_pending *p,
    const struct mip_now *now);
/* The home agent accepted with nonzero |lifetime| (already reduced to
 * ours) for home agent |ha_addr|: becomes or refreshes the visitor. */
void mip_fa_ev_accepted(struct mip_fa_entry *e, struct mip_ip4 ha_addr,
    uint16_t lifetime, const struct mip_now *now);
/* The home agent accepted a deregistration: the visitor goes. */
void mip_fa_ev_deregistered(struct mip_fa_entry *e, const struct mip_now *now);
/* The pending request ended without a registration (denied, timed out,
 * failed FA-HA authentication, nothing to install). */
void mip_fa_ev_pending_done(struct mip_fa_entry *e, const struct mip_now *now);
/* The visitor's lifetime ran out (from mip_fa_timers.c). */
void mip_fa_ev_expired(struct mip_fa_entry *e, const struct mip_now *now);
/* A Binding Update bound the visitor elsewhere (mip_fa_ro.c): it goes as
 * on expiry, a pending request stays. */
void mip_fa_ev_moved(struct mip_fa_entry *e, const struct mip_now *now);

/* ---- Route Optimization (mip_fa_ro.c) ---- */

/* |e| just got a (new) visitor data plane: tells the node's cache. */
void mip_fa_ro_installed(struct mip_fa_entry *e, const struct mip_now *now);

/* ---- registration keys (mip_fa_regkey.c; paper 6-9, PAPER 9.4) ---- */

/* Copies the RSA keys of the configuration. Returns 0 or MIP_ERR_NOMEM. */
int mip_fa_regkey_init(struct mip_fa *fa);
void mip_fa_regkey_free(struct mip_fa *fa);

/* The advertisement flag bits (profile.s_mask) we may set: S only when we
 * can establish registration keys (paper 4.4). */
uint16_t mip_fa_regkey_adv_flags(
    const struct mip_fa_config *cfg, const struct mip_profile *prof);

/* Octets mip_fa_regkey_append may add to a relayed request. */
size_t mip_fa_regkey_room(const struct mip_fa *fa);

/*
 * PAPER 9.4 steps 2-6: appends to the relayed request |w| the extension
 * that answers the mobile node's key request in |req| (113, 115, 122 or
 * 124, in that preference) and fills |kr|. A request whose key cannot be
 * met is relayed unchanged (paper 6): never an error.
 */
void mip_fa_regkey_append(struct mip_fa *fa, struct mip_wbuf *w,
    const struct mip_reg_req *req, struct mip_fa_keyreq *kr);

/*
 * mip_fa_regkey_reply takes our key from the home agent's reply |rep|
 * (121, 123, or the 122/124 we chose, copied back) into e->pend.keyreq;
 * called only for a reply whose FA-HA authentication passed.
 */
void mip_fa_regkey_reply(struct mip_fa_entry *e, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep);

/* The registration was accepted: the pending key becomes the visitor's
 * MN-FA SA (replacing an older one). */
void mip_fa_regkey_install(struct mip_fa_entry *e);
/* The visitor's key goes with it. */
void mip_fa_regkey_remove(struct mip_fa_entry *e);

/* The SA of our registration key (|home_addr|, |spi|): a handed-off
 * key, else the registered visitor's (its registration key or per-visit
 * key), or NULL. Only these authenticate smooth-handoff updates. */
struct mip_sa *mip_fa_regkey_sa(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t spi);
/* The handoff record of the key (|home_addr|, |spi|), or NULL. */
const struct mip_fa_handoff *mip_fa_handoff_of(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t spi);
/* Whether (|home_addr|, |spi|) is a registration key of ours, not a
 * configured SA with the mobile node. */
bool mip_fa_regkey_is(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t spi);

/* ---- smooth handoff (mip_fa_smooth.c; paper 4; spec sheet 2.2) ---- */

/* New FA, PAPER 9.4 step 1: the PFANE of |req| becomes a Binding Update
 * to the previous FA, from |src|. Returns whether it was sent; then
 * |*prev_fa| is that FA when the binding leads to the request's care-of
 * address (its forwarding comes to us), else 0. */
bool mip_fa_smooth_notify(struct mip_fa *fa, const struct mip_reg_req *req,
    struct mip_ip4 src, struct mip_ip4 *prev_fa, const struct mip_now *now);

/* Binding Updates under our registration keys (previous FA) and
 * Binding Acknowledges for our mobile nodes (new FA). Returns false
 * for one that is not ours. */
bool mip_fa_smooth_on_packet(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now);

/* Prepares the handoff records and the refusal rate limit (mip_fa_new). */
void mip_fa_smooth_init(struct mip_fa *fa);
/* Removes every handed-off key (mip_fa_del). */
void mip_fa_smooth_free(struct mip_fa *fa);
/* The mobile node at |home_addr| registered with us again: the keys of
 * its earlier handoffs from us are over. */
void mip_fa_smooth_forget(struct mip_fa *fa, struct mip_ip4 home_addr);

/* ---- processing (mip_fa.c) ---- */

/* Sends |len| octets reserved in the output queue to the mobile node at
 * |home_addr| on the link the request |from| came from (RFC 5944
 * 3.7.2.3 addressing). Returns 0 or the queue's error. */
int mip_fa_send_on_link(struct mip_fa *fa, const struct mip_fa_from *from,
    struct mip_ip4 home_addr, size_t len);

/* Whether |a| is a care-of address of one of our links. */
bool mip_fa_is_coa(const struct mip_fa *fa, struct mip_ip4 a);

/* The lowest-SPI SA configured with |peer| (never a registration key). */
struct mip_sa *mip_fa_sa_for_peer(const struct mip_fa *fa, struct mip_ip4 peer);

/* The pending request of |e| timed out (from mip_fa_timers.c): answers
 * 78 to the mobile node (RFC 5944 3.7.1) and ends it. */
void mip_fa_pending_timeout(struct mip_fa_entry *e, const struct mip_now *now);

/*
 * mip_fa_pending_fail answers the pending request of |e| with the denial
 * |code| (subject to the denial rate limit of RFC 5944 3.7.2) and ends it
 * as a timeout does: a visitor of |e| stays, an entry without one is freed.
 */
void mip_fa_pending_fail(
    struct mip_fa_entry *e, uint8_t code, const struct mip_now *now);

/* The drop reason of a decoder's negative error code |err|. */
enum mip_drop mip_fa_drop_reason(int err);

/* ---- ICMP errors (mip_fa_icmp.c) ---- */

/*
 * mip_fa_on_icmp handles an ICMP message offered to the foreign agent.
 * Returns false for everything but a Destination Unreachable (the agent
 * advertiser and the mobile node take those), and for a well-formed one
 * quoting something other than a UDP datagram to port 434; true when it
 * consumed the message: answered the matching pending requests (RFC 5944
 * 3.7.2, codes 80, 81, 82, 88) or dropped it (malformed, short, bad
 * checksum, or matching no pending request).
 */
bool mip_fa_on_icmp(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now);

/* ---- timers (mip_fa_timers.c) ---- */

void fa_timers_entry_init(struct mip_fa_entry *e);
void fa_timers_request_relayed(
    struct mip_fa_entry *e, const struct mip_now *now);
void fa_timers_pending_done(struct mip_fa_entry *e);
void fa_timers_visitor_accepted(
    struct mip_fa_entry *e, const struct mip_now *now);
void fa_timers_visitor_gone(struct mip_fa_entry *e);
void fa_timers_handoff_init(struct mip_fa_handoff *ho);
/* Returns 0 or MIP_ERR_NOMEM (then not armed). */
int fa_timers_handoff_set(
    struct mip_fa_handoff *ho, uint16_t lifetime, const struct mip_now *now);
void fa_timers_handoff_stop(struct mip_fa_handoff *ho);
/* The handed-off key's time ran out (mip_fa_smooth.c). */
void mip_fa_smooth_expired(struct mip_fa_handoff *ho);

#endif
