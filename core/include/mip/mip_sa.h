/* SPDX-License-Identifier: ISC */
/*
 * Mobility security associations (RFC 5944 1.6, 3.5.1): one per (peer
 * address, SPI), each holding its key, algorithm, prepared MAC state and
 * replay state, and a bounded table of them. The table is a sorted array
 * of pointers ordered by (peer, SPI): lookups, done once per received
 * message, are a binary search; insertions and removals, done on
 * configuration changes, move pointers; iteration is in a stable order for
 * "mipctl show sa"; SA addresses stay valid until that SA is removed.
 * Every allocation goes through the injected struct mip_mem.
 */
#ifndef MIP_SA_H
#define MIP_SA_H

#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_crypto.h"
#include "mip_replay.h"

#define MIP_SA_KEY_MAX 64

/*
 * Configuration of one SA. A zero-initialised struct means HMAC-MD5,
 * timestamps and the default tolerance; mip_sa_config_init spells that out.
 */
struct mip_sa_config {
	struct mip_ip4 peer;
	uint32_t spi;	       /* RFC 5944 1.6: 256 and up */
	enum mip_auth_alg alg; /* default MIP_AUTH_HMAC_MD5 */
	uint8_t key[MIP_SA_KEY_MAX];
	size_t key_len;		       /* 1..MIP_SA_KEY_MAX */
	enum mip_replay_method replay; /* default MIP_REPLAY_TIMESTAMP */
	uint32_t tolerance; /* seconds; 0 means MIP_REPLAY_TOLERANCE_DEFAULT */
};

/*
 * One SA. Callers read the fields; they change the replay state only
 * through mip_replay.h and never touch |mac|.
 */
struct mip_sa {
	struct mip_sa_config cfg; /* deep copy; tolerance resolved */
	struct mip_mac *mac;	  /* prepared MAC state for cfg.key */
	struct mip_replay_state replay;
	struct mip_mem mem;
};

struct mip_sa_table;

/* mip_sa_config_init fills |cfg| with zeros and the defaults. */
void mip_sa_config_init(struct mip_sa_config *cfg);

/*
 * mip_sa_new creates a standalone SA from |cfg| (copied) in |*out|.
 *
 * Returns 0 on success or one of:
 *   MIP_ERR_INVAL: SPI below 256 (RFC 5944 1.6), empty or too long key,
 *   unknown algorithm or replay method;
 *   MIP_ERR_NOMEM: |mem| failed;
 *   MIP_ERR_CRYPTO: the MAC state could not be prepared.
 */
int mip_sa_new(struct mip_sa **out, const struct mip_sa_config *cfg,
    const struct mip_mem *mem);

/* mip_sa_free wipes the key and frees |sa| (not in a table); NULL is OK. */
void mip_sa_free(struct mip_sa *sa);

/*
 * mip_sa_table_new creates an empty table holding at most |max| SAs.
 * Returns 0, MIP_ERR_INVAL (|max| is 0 or absurd) or MIP_ERR_NOMEM.
 */
int mip_sa_table_new(
    struct mip_sa_table **out, size_t max, const struct mip_mem *mem);

/* mip_sa_table_free frees |t| and every SA in it; NULL is allowed. */
void mip_sa_table_free(struct mip_sa_table *t);

/*
 * mip_sa_add creates an SA from |cfg| and inserts it; |*out| (|out| may be
 * NULL) receives it.
 *
 * Returns 0 on success or one of:
 *   MIP_ERR_INVAL, MIP_ERR_NOMEM, MIP_ERR_CRYPTO: as mip_sa_new;
 *   MIP_ERR_EXIST: an SA for this (peer, SPI) is present;
 *   MIP_ERR_LIMIT: the table is full.
 * On failure the table is unchanged.
 */
int mip_sa_add(struct mip_sa_table *t, const struct mip_sa_config *cfg,
    struct mip_sa **out);

/*
 * mip_sa_add_many adds an SA for each of the |n| configurations |cfgs| at
 * once, in O(n log n) whatever their order (a home agent's 100,000 mobile
 * nodes). Returns as mip_sa_add; MIP_ERR_EXIST also when two of |cfgs|
 * share (peer, SPI). On failure the table is unchanged.
 */
int mip_sa_add_many(
    struct mip_sa_table *t, const struct mip_sa_config *cfgs, size_t n);

/* mip_sa_find returns the SA for (|peer|, |spi|), or NULL. O(log n). */
struct mip_sa *mip_sa_find(
    const struct mip_sa_table *t, struct mip_ip4 peer, uint32_t spi);

/*
 * mip_sa_remove frees the SA for (|peer|, |spi|); pointers to it become
 * invalid. Returns 0 or MIP_ERR_NOTFOUND.
 */
int mip_sa_remove(struct mip_sa_table *t, struct mip_ip4 peer, uint32_t spi);

/* mip_sa_count returns the number of SAs in |t|. */
size_t mip_sa_count(const struct mip_sa_table *t);

/*
 * mip_sa_at returns the |i|th SA in (peer, SPI) order, or NULL when |i| is
 * out of range; for iteration: for (i = 0; i < mip_sa_count(t); i++).
 */
struct mip_sa *mip_sa_at(const struct mip_sa_table *t, size_t i);

/*
 * mip_sa_derive_key computes the key a home agent shares with the node at
 * |peer| from its one |master| key (paper 5): MD5(peer || master || peer),
 * the address in network byte order. The home agent's operator gives the
 * result to the peer's; the home agent needs only the master key.
 * Returns 0, MIP_ERR_INVAL (|len| 0 or above MIP_SA_KEY_MAX) or
 * MIP_ERR_CRYPTO.
 */
int mip_sa_derive_key(uint8_t out[MIP_MD5_LEN], const uint8_t *master,
    size_t len, struct mip_ip4 peer);

#endif
