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

/* The pending part: the relayed request, not yet answered. */
struct mip_fa_pending {
	struct mip_fa_from from;
	struct mip_ip4 ha_addr, coa;
	struct mip_ip4 relay_src; /* the IP source we relayed it from */
	uint64_t ident;
	uint16_t lifetime; /* requested, seconds */
	uint8_t flags;	   /* MIP_RRQ_F_* as requested */
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

/* ---- processing (mip_fa.c) ---- */

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

#endif
