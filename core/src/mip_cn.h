/* SPDX-License-Identifier: ISC */
/*
 * Correspondent node internals shared by its files: mip_cn.c (Binding
 * Update processing and Binding Acknowledgements, RO draft 4.3, 4.4;
 * paper 3.3, 3.4), mip_cn_cache.c (cache entries and their data-plane
 * actions, Binding Requests), mip_cn_timers.c (every timer of the role)
 * and mip_cn_info.c (introspection). Nothing outside the role includes
 * this.
 */
#ifndef MIP_CN_H
#define MIP_CN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "mip_bcache.h"
#include "mip_ctx.h"

/* Binding Requests outstanding per home agent (their answers echo them). */
#define MIP_CN_BR_OUTSTANDING 4

/*
 * Per SA (one per home agent and SPI): the nonce that home agent announced
 * for its next Binding Update (paper 3.3: the high-order 32 bits of the
 * last one) and the Identifications of our Binding Requests it has not
 * answered yet.
 */
struct mip_cn_peer {
	struct mip_ip4 ha_addr;
	uint32_t spi;
	bool have_nonce;
	uint32_t nonce;
	uint64_t br_ident[MIP_CN_BR_OUTSTANDING];
	bool br_live[MIP_CN_BR_OUTSTANDING];
	uint8_t br_next; /* ring position of the next Binding Request */
};

/*
 * Binding Warning back-off per (mobile node, tunnelling node) (RO draft
 * 4.1; paper 3.1; RO spec 1.5): the next warning waits until |next_ok|;
 * |interval| doubles after each up to the maximum, and starts again when
 * the cache entry's care-of address is no longer |coa|.
 */
struct mip_cn_bw {
	bool used;
	struct mip_ip4 home_addr, target, coa;
	mip_tstamp next_ok, last;
	mip_duration interval;
};

struct mip_cn {
	struct mip_ctx *ctx;
	struct mip_cn_config cfg;
	struct mip_bcache cache;
	struct mip_cn_peer *peers; /* sorted by (ha_addr, spi) */
	size_t npeers;
	struct mip_ratelimit early_rl; /* answers before the replay check */
	struct mip_cn_bw *bw;	       /* |cfg.bw_slots| of them */
	uint64_t bw_sent, bw_held;     /* Binding Warnings sent, held back */
	uint64_t special;	       /* special-tunnel entries made */
};

/* ---- mip_cn_cache.c ---- */

/* What an accepted Binding Update asks the cache for. */
struct mip_cn_bind {
	struct mip_ip4 home_addr, coa, ha_addr, local;
	uint32_t spi;
	uint16_t lifetime; /* nonzero; already capped */
	uint8_t flags;	   /* MIP_BU_F_M, MIP_BU_F_G */
};

/*
 * mip_cn_cache_update installs or refreshes the entry for |b|->home_addr
 * (replacing the least recently used entry when the cache is full),
 * emitting the tunnel and route actions. Returns 0 or MIP_ERR_NOMEM (the
 * caller answers 130; nothing of |b| was installed).
 */
int mip_cn_cache_update(
    struct mip_cn *cn, const struct mip_cn_bind *b, const struct mip_now *now);

/* mip_cn_cache_delete removes |e| with its DEL actions and note. */
void mip_cn_cache_delete(struct mip_cn *cn, struct mip_bcache_entry *e);

/* The peer state for (|ha_addr|, |spi|), or NULL. */
struct mip_cn_peer *mip_cn_peer_find(
    const struct mip_cn *cn, struct mip_ip4 ha_addr, uint32_t spi);

/*
 * mip_cn_send_br sends a Binding Request about |home_addr| to home agent
 * |peer| from |local| (RO draft 4.2; paper 3.2) and remembers its
 * Identification in |peer|. Returns true when it was queued.
 */
bool mip_cn_send_br(struct mip_cn *cn, struct mip_cn_peer *peer,
    struct mip_ip4 home_addr, struct mip_ip4 local, const struct mip_now *now);

/* ---- mip_cn_fwd.c ---- */

/*
 * mip_cn_fwd_unmatched handles a MIP_TRAFFIC_UNMATCHED report (RO draft
 * 4.1; paper 3.1, 4.3; RO spec 3): Binding Warning by the entry, or a
 * special-tunnel entry. Returns true when it took the report.
 */
bool mip_cn_fwd_unmatched(
    struct mip_cn *cn, const struct mip_traffic *tr, const struct mip_now *now);

/* ---- mip_cn_timers.c ---- */

/* The timer function every cache entry is created with. */
void mip_cn_timers_fire(struct mip_timer *t, const struct mip_now *now);

/*
 * mip_cn_timers_granted (re)starts |e|'s lifetime (e->lifetime seconds;
 * infinite: no timer) and places its Binding Request point (RO spec 1.5).
 * Returns 0 or MIP_ERR_NOMEM (|e| then has no timer armed).
 */
int mip_cn_timers_granted(
    struct mip_cn *cn, struct mip_bcache_entry *e, const struct mip_now *now);

/* mip_cn_timers_removed cancels |e|'s timer. */
void mip_cn_timers_removed(struct mip_cn *cn, struct mip_bcache_entry *e);

/* The handlers mip_cn_timers.c calls (in mip_cn_cache.c). */
void mip_cn_cache_expired(
    struct mip_cn *cn, struct mip_bcache_entry *e, const struct mip_now *now);
void mip_cn_cache_br_due(
    struct mip_cn *cn, struct mip_bcache_entry *e, const struct mip_now *now);

#endif
