/* SPDX-License-Identifier: ISC */
/*
 * Home agent internals shared by its three files: mip_ha.c (registration
 * processing and replies, RFC 5944 3.8), mip_ha_binding.c (the mobility
 * binding list, the per-mobile-node state and its one transition funnel,
 * and the data-plane actions of 4.2.3, 4.3 and 4.6) and mip_ha_timers.c
 * (every timer of the role), plus Route Optimization in mip_ha_ro.c (the
 * Binding Updates a home agent sends, RO draft 4.3; paper 3.3) and
 * mip_ha_ro_pairs.c (the (peer, mobile node) table they are rate-limited
 * by). Nothing outside the home agent includes this.
 */
#ifndef MIP_HA_H
#define MIP_HA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_keys.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip_ctx.h"
#include "mip_timer.h"

/* Per mobile node: at home (no binding) or away (one or more bindings). */
enum mip_ha_mn_state {
	MIP_HA_MN_HOME,
	MIP_HA_MN_AWAY,
	MIP_HA_MN__COUNT,
};

/* RFC 4.6: the gratuitous ARP is sent, then repeated this many times. */
#define MIP_HA_ARP_REPEATS 2
#define MIP_HA_ARP_INTERVAL MIP_SEC

struct mip_ha;
struct mip_ha_mn;
struct mip_ha_ro;
struct mip_ha_ro_pair;

/*
 * One mobility binding (RFC 5944 3.8.1): home address (via |mn|), care-of
 * address, the accepted Identification and the remaining lifetime, plus
 * what the data plane was told. Lives in the table's slot array; |next|
 * links the mobile node's bindings, or the free slots.
 */
struct mip_ha_binding {
	struct mip_timer expiry;
	struct mip_ha *ha;
	struct mip_ha_mn *mn;
	struct mip_ha_binding *next;
	struct mip_ip4 coa;
	uint64_t ident;	    /* of the accepted request */
	uint64_t rep_ident; /* of the reply that accepted it */
	mip_tstamp expires; /* MIP_TSTAMP_NONE: infinite lifetime */
	uint32_t tunnel_id;
	uint16_t lifetime; /* granted, seconds (for introspection) */
	uint8_t flags;	   /* the request's S B D M G T */
	uint8_t code;	   /* the accepting reply code, 0 or 1 */
	bool private_p;	   /* RO spec 2.3: registered with P */
	enum mip_encap_kind encap;
};

/* One authorised mobile node (deep copy of struct mip_ha_mn_config). */
struct mip_ha_mn {
	struct mip_ip4 home_addr;
	enum mip_ha_mn_state state; /* written only by the funnel */
	struct mip_ha_binding *bindings;
	size_t nbindings;
	struct mip_ha *ha;
	struct mip_timer announce; /* gratuitous ARP repeats */
	uint8_t announce_hw[MIP_HWADDR_LEN];
	uint8_t announce_left;
	/* Route Optimization: the pairs about this mobile node, and the
	 * binding they were last told of (0.0.0.0: none, or private). */
	struct mip_ha_ro_pair *ro_pairs;
	struct mip_ip4 ro_coa;
	/* Registration keys: the SPI the next key we choose gets. */
	uint32_t next_key_spi;
};

struct mip_ha {
	struct mip_ctx *ctx;
	struct mip_ha_config cfg;	/* |mns| points at |mns| below */
	uint8_t hwaddr[MIP_HWADDR_LEN]; /* ours on the home link */
	struct mip_ha_mn *mns;		/* sorted by home_addr */
	size_t nmns;
	struct mip_ha_binding *slots; /* cfg.max_bindings of them */
	struct mip_ha_binding *free;
	size_t nbindings;	       /* in use, all mobile nodes */
	struct mip_ratelimit early_rl; /* replies before the replay check */
	struct mip_ha_ro *ro;	       /* NULL: Route Optimization off */
};

/* What a new binding asks the data plane for. */
struct mip_ha_binding_req {
	struct mip_ip4 coa;
	uint64_t ident, rep_ident;
	uint16_t lifetime; /* granted, nonzero */
	uint8_t flags;
	uint8_t code;
	bool private_p;
	enum mip_encap_kind encap;
};

/* ---- mip_ha_binding.c ---- */

/* mip_ha_state_name returns a static name for |s|. */
const char *mip_ha_state_name(enum mip_ha_mn_state s);

/* The configured mobile node with |home_addr|, or NULL. O(log n). */
struct mip_ha_mn *mip_ha_mn_find(
    const struct mip_ha *ha, struct mip_ip4 home_addr);

/* |mn|'s binding for care-of address |coa|, or NULL. */
struct mip_ha_binding *mip_ha_binding_find(
    const struct mip_ha_mn *mn, struct mip_ip4 coa);

/*
 * mip_ha_binding_room tells whether registering |coa| for |mn| fits the
 * table, given that without |simultaneous| every other binding of |mn| is
 * removed first (RFC 5944 3.8.2.2).
 */
bool mip_ha_binding_room(const struct mip_ha *ha, const struct mip_ha_mn *mn,
    struct mip_ip4 coa, bool simultaneous);

/*
 * mip_ha_binding_update records an accepted registration for |mn|
 * (RFC 5944 3.8.2.2): refreshes or adds the binding for |r|->coa and,
 * unless |simultaneous|, removes every other binding; emits the tunnel,
 * route, proxy-ARP and gratuitous-ARP actions and the notes.
 * Returns 0, or MIP_ERR_LIMIT / MIP_ERR_NOMEM: the caller answers 130.
 * Nothing changed, except on MIP_ERR_NOMEM when a full table made room
 * by removing |mn|'s other bindings first (with their DEL actions).
 */
int mip_ha_binding_update(struct mip_ha *ha, struct mip_ha_mn *mn,
    const struct mip_ha_binding_req *r, bool simultaneous,
    const struct mip_now *now);

/*
 * mip_ha_binding_remove deletes |b| with its DEL actions and, when it was
 * |mn|'s last, moves |mn| home. |hw| (may be NULL) is the mobile node's
 * own link-layer address for the gratuitous ARP of RFC 5944 4.6.
 */
void mip_ha_binding_remove(struct mip_ha *ha, struct mip_ha_binding *b,
    const uint8_t *hw, const struct mip_now *now);

/* mip_ha_mn_flush removes every binding of |mn| (as above). */
void mip_ha_mn_flush(struct mip_ha *ha, struct mip_ha_mn *mn, const uint8_t *hw,
    const struct mip_now *now);

/* ---- mip_ha_ro.c, mip_ha_ro_pairs.c (Route Optimization) ---- */

/*
 * One (peer, mobile node) pair: the back-off of unsolicited Binding
 * Updates (RO spec 1.5) and the binding the peer was last sent. In the
 * table's slot array; |hnext| chains a hash bucket or the free slots.
 */
struct mip_ha_ro_pair {
	struct mip_ha_ro_pair *hnext;
	struct mip_ha_ro_pair *newer, *older; /* LRU list */
	struct mip_ha_ro_pair *mn_next;	      /* mn->ro_pairs */
	struct mip_ha_mn *mn;		      /* NULL: free */
	struct mip_ha_ro_peer *peer;
	mip_tstamp next_ok;	 /* no unsolicited update before */
	mip_duration interval;	 /* the current back-off */
	mip_tstamp asked_last;	 /* the last Request or Warning answered */
	struct mip_ip4 sent_coa; /* 0.0.0.0: none, or a delete */
	mip_tstamp sent_until;	 /* its end there; MIP_TSTAMP_NONE: never */
	uint32_t sent;		 /* Binding Updates sent, for tests */
};

/* A configured peer and its SA's Identification state (paper 3.3). */
struct mip_ha_ro_peer {
	struct mip_ip4 addr;
	uint32_t spi;
	uint32_t next_nonce; /* nonces: announced in the last update */
	uint64_t last_ident; /* timestamps: the last one sent */
};

struct mip_ha_ro {
	struct mip_ha_ro_config cfg;  /* |peers| points at |peers| below */
	struct mip_ha_ro_peer *peers; /* sorted by address */
	size_t npeers;
	struct mip_ha_ro_pair *slots, *free, **buckets;
	size_t nbuckets, n;
	struct mip_ha_ro_pair *newest, *oldest;
	struct mip_ratelimit rx_rl; /* answers to unauthenticated BR, BW */
	uint64_t bu_sent, bu_held;  /* sent; held back by the back-off */
};

/* mip_ha_ro_new builds |ha|->ro from |cfg| (each peer needs its SA).
 * Returns 0, MIP_ERR_INVAL or MIP_ERR_NOMEM. */
int mip_ha_ro_new(struct mip_ha *ha, const struct mip_ha_ro_config *cfg);
void mip_ha_ro_del(struct mip_ha *ha);

/* Binding Requests, Binding Warnings and Binding Acknowledgements. */
bool mip_ha_ro_on_packet(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now);

/*
 * mip_ha_ro_changed tells the peers that hold a binding of |mn| about its
 * new one (a move, a deregistration, an expiry, P: RO draft 4.3) and
 * resets every pair's back-off when the binding changed (RO spec 1.5).
 */
void mip_ha_ro_changed(
    struct mip_ha *ha, struct mip_ha_mn *mn, const struct mip_now *now);

/* The configured peer at |addr|, or NULL. */
struct mip_ha_ro_peer *mip_ha_ro_peer_find(
    const struct mip_ha_ro *ro, struct mip_ip4 addr);

/* The pair (|peer|, |mn|), or NULL; _get creates it (replacing the least
 * recently used when full) and never fails. */
struct mip_ha_ro_pair *mip_ha_ro_pair_find(const struct mip_ha_ro *ro,
    const struct mip_ha_ro_peer *peer, const struct mip_ha_mn *mn);
struct mip_ha_ro_pair *mip_ha_ro_pair_get(
    struct mip_ha_ro *ro, struct mip_ha_ro_peer *peer, struct mip_ha_mn *mn);
/* mip_ha_ro_pairs_new prepares the table for cfg.max_pairs pairs
 * (Returns 0 or MIP_ERR_NOMEM); _free releases it. */
int mip_ha_ro_pairs_new(struct mip_ha_ro *ro, const struct mip_mem *mem);
void mip_ha_ro_pairs_free(struct mip_ha_ro *ro, const struct mip_mem *mem);

/* ---- mip_ha_regkey.c (registration keys, PAPER 9.3) ---- */

/*
 * Room the key extensions of one reply may take: 120 and 121 (or 123
 * under a public key of up to 4096 bits), 125, or the copies of a 122
 * and a 124 of that size. A request asking for more gets no key.
 */
#define MIP_HA_REGKEY_ROOM (2 * (3 + 4 + MIP_DH_MAX_LEN) + (2 + 4))

/*
 * mip_ha_regkey_append appends to the accepting Registration Reply in |w|
 * (fixed part written, no extension yet) the key extensions answering the
 * key request that request |req|, received from |src|, carries after its
 * authorization-enabling extension |auth| (PAPER 9.3; spec sheet 2.6.3);
 * |mn_sa| is the MN-HA SA that authenticated it. A request that cannot be
 * met leaves |w| as it was: the reply goes without a key (PAPER 6).
 */
void mip_ha_regkey_append(struct mip_ha *ha, struct mip_wbuf *w,
    const struct mip_reg_req *req, const struct mip_ext *auth,
    const struct mip_sa *mn_sa, struct mip_ip4 src);

/* ---- mip_ha_timers.c ---- */

void mip_ha_timers_init_binding(struct mip_ha_binding *b);
void mip_ha_timers_init_mn(struct mip_ha_mn *mn);
/*
 * mip_ha_timers_binding_granted (re)starts |b|'s lifetime of |lifetime|
 * seconds (0xffff: infinite, no timer). Returns 0 or MIP_ERR_NOMEM.
 */
int mip_ha_timers_binding_granted(
    struct mip_ha_binding *b, uint16_t lifetime, const struct mip_now *now);
void mip_ha_timers_binding_removed(struct mip_ha_binding *b);
/* The gratuitous ARP for |mn| was sent with |hw|: schedule the repeats. */
void mip_ha_timers_announced(
    struct mip_ha_mn *mn, const uint8_t *hw, const struct mip_now *now);
void mip_ha_timers_mn_stop(struct mip_ha_mn *mn);
/* Seconds left of |b|'s lifetime at |now| (0xffff when infinite). */
uint16_t mip_ha_timers_remaining(
    const struct mip_ha_binding *b, const struct mip_now *now);

/* The expiry handler mip_ha_timers.c calls (in mip_ha_binding.c). */
void mip_ha_binding_expired(
    struct mip_ha_binding *b, const struct mip_now *now);
/* Emits one gratuitous ARP for |mn|'s home address naming |hw|. */
void mip_ha_announce(
    struct mip_ha *ha, struct mip_ha_mn *mn, const uint8_t *hw);

#endif
