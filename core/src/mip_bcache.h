/* SPDX-License-Identifier: ISC */
/*
 * A binding cache (RO draft 3.1, 4.3; paper 2): entries home address ->
 * care-of address with their lifetime, the Binding Update's flags, the
 * home agent that sent it and the tunnel the data plane was given. A fixed
 * array of |capacity| slots, found by home address through a hash table,
 * kept on a least-recently-used list (paper 2: "any reasonable strategy,
 * such as LRU"). Used by the correspondent node and by the agents that
 * keep a cache (ro2).
 *
 * The cache only stores: it emits no action and arms no timer. Each entry
 * embeds one struct mip_timer that the owning role initialises with
 * mip_bcache_new's |fire| and arms from its *_timers.c (expiry, Binding
 * Request); the owner stops it before an entry is removed.
 */
#ifndef MIP_BCACHE_H
#define MIP_BCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "mip_timer.h"

struct mip_bcache;

struct mip_bcache_entry {
	struct mip_timer timer; /* the owner's: expiry, Binding Request */
	struct mip_bcache *bc;
	struct mip_bcache_entry *hnext;		/* hash chain, free list */
	struct mip_bcache_entry *newer, *older; /* LRU list */
	bool in_use;
	struct mip_ip4 home_addr, coa;
	struct mip_ip4 ha_addr; /* the Binding Update's IP source */
	uint32_t spi;		/* of the SA that authenticated it */
	struct mip_ip4 local;	/* our address it reached (tunnel source) */
	uint16_t lifetime;	/* cached, seconds; MIP_LIFETIME_INFINITE */
	uint8_t flags;		/* MIP_BU_F_M, MIP_BU_F_G as received */
	enum mip_encap_kind encap;
	uint32_t tunnel_id;  /* 0 while the data plane has nothing */
	mip_tstamp expires;  /* MIP_TSTAMP_NONE: infinite */
	mip_tstamp br_at;    /* Binding Request due; MIP_TSTAMP_NONE */
	mip_tstamp last_use; /* last traffic report; MIP_TSTAMP_NONE */
	bool br_sent;	     /* a Binding Request went out this lifetime */
	uint64_t br_ident;   /* ... with this Identification */
};

struct mip_bcache {
	struct mip_bcache_entry *slots; /* |cap| of them */
	struct mip_bcache_entry *free;
	struct mip_bcache_entry **buckets;
	size_t nbuckets; /* a power of two */
	size_t n, cap;
	struct mip_bcache_entry *newest, *oldest;
	struct mip_mem mem;
};

/*
 * mip_bcache_new prepares |bc| for |capacity| entries (1 .. 1 << 22),
 * each entry's timer initialised to call |fire|. Returns 0, MIP_ERR_INVAL
 * or MIP_ERR_NOMEM (|bc| then needs no mip_bcache_free).
 */
int mip_bcache_new(struct mip_bcache *bc, size_t capacity, mip_timer_fn fire,
    const struct mip_mem *mem);

/* mip_bcache_free stops every entry's timer in |tq| and frees |bc|. */
void mip_bcache_free(struct mip_bcache *bc, struct mip_timerq *tq);

/* The entry for |home_addr|, or NULL. O(1) expected. */
struct mip_bcache_entry *mip_bcache_find(
    const struct mip_bcache *bc, struct mip_ip4 home_addr);

/* The least recently used entry, or NULL when empty. */
struct mip_bcache_entry *mip_bcache_lru(const struct mip_bcache *bc);

/*
 * mip_bcache_add takes a free slot for |home_addr| (which must not be
 * cached), zeroed but for the key and the timer, as the most recently
 * used entry. Returns NULL when the cache is full: the caller replaces
 * mip_bcache_lru first.
 */
struct mip_bcache_entry *mip_bcache_add(
    struct mip_bcache *bc, struct mip_ip4 home_addr);

/* mip_bcache_remove frees |e|'s slot; its timer must be stopped. */
void mip_bcache_remove(struct mip_bcache *bc, struct mip_bcache_entry *e);

/* mip_bcache_touch makes |e| the most recently used entry. */
void mip_bcache_touch(struct mip_bcache *bc, struct mip_bcache_entry *e);

/*
 * mip_bcache_slot returns slot |i| (check its |in_use|), NULL past the
 * last: a walk in a stable order for introspection cursors.
 */
const struct mip_bcache_entry *mip_bcache_slot(
    const struct mip_bcache *bc, size_t i);

#endif
