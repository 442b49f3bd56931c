/* SPDX-License-Identifier: ISC */
/*
 * The home agent's (peer, mobile node) pairs for Route Optimization: a
 * fixed array of cfg.max_pairs slots found by a hash of the pair, kept on
 * a least-recently-used list so that a full table forgets the pair used
 * longest ago (its back-off restarts: RO spec 1.5 bounds the rate per
 * pair, and a forgotten pair at worst sends one update early). Each pair
 * is also linked from its mobile node, for the updates a move sends to
 * every peer that holds a binding (RO draft 4.3). Stores only: no action,
 * no timer (the back-off is computed when a report arrives).
 */
#include <string.h>

#include "mip_ha.h"

static size_t
bucket(const struct mip_ha_ro *ro, const struct mip_ha_ro_peer *peer,
    const struct mip_ha_mn *mn)
{
	uint64_t k = ((uint64_t)peer->addr.v << 32) | mn->home_addr.v;

	return (size_t)((k * 0x9e3779b97f4a7c15ULL) >> 32) & (ro->nbuckets - 1);
}

struct mip_ha_ro_pair *
mip_ha_ro_pair_find(const struct mip_ha_ro *ro,
    const struct mip_ha_ro_peer *peer, const struct mip_ha_mn *mn)
{
	struct mip_ha_ro_pair *p;

	for (p = ro->buckets[bucket(ro, peer, mn)]; p != NULL; p = p->hnext)
		if (p->peer == peer && p->mn == mn)
			return p;
	return NULL;
}

static void
lru_unlink(struct mip_ha_ro *ro, struct mip_ha_ro_pair *p)
{
	if (p->newer != NULL)
		p->newer->older = p->older;
	else
		ro->newest = p->older;
	if (p->older != NULL)
		p->older->newer = p->newer;
	else
		ro->oldest = p->newer;
	p->newer = p->older = NULL;
}

static void
lru_push(struct mip_ha_ro *ro, struct mip_ha_ro_pair *p)
{
	p->older = ro->newest;
	p->newer = NULL;
	if (ro->newest != NULL)
		ro->newest->newer = p;
	ro->newest = p;
	if (ro->oldest == NULL)
		ro->oldest = p;
}

static void
pair_forget(struct mip_ha_ro *ro, struct mip_ha_ro_pair *p)
{
	struct mip_ha_ro_pair **pp;

	for (pp = &ro->buckets[bucket(ro, p->peer, p->mn)]; *pp != NULL;
	     pp = &(*pp)->hnext)
		if (*pp == p) {
			*pp = p->hnext;
			break;
		}
	for (pp = &p->mn->ro_pairs; *pp != NULL; pp = &(*pp)->mn_next)
		if (*pp == p) {
			*pp = p->mn_next;
			break;
		}
	lru_unlink(ro, p);
	memset(p, 0, sizeof(*p));
	p->hnext = ro->free;
	ro->free = p;
	ro->n--;
}

struct mip_ha_ro_pair *
mip_ha_ro_pair_get(
    struct mip_ha_ro *ro, struct mip_ha_ro_peer *peer, struct mip_ha_mn *mn)
{
	struct mip_ha_ro_pair *p = mip_ha_ro_pair_find(ro, peer, mn);
	size_t b;

	if (p != NULL) {
		lru_unlink(ro, p);
		lru_push(ro, p);
		return p;
	}
	if (ro->free == NULL)
		pair_forget(ro, ro->oldest);
	p = ro->free;
	ro->free = p->hnext;
	memset(p, 0, sizeof(*p));
	p->peer = peer;
	p->mn = mn;
	p->interval = MIP_MSEC * (mip_duration)ro->cfg.bu_min_ms;
	p->next_ok = 0;
	p->asked_last = MIP_TSTAMP_NONE;
	b = bucket(ro, peer, mn);
	p->hnext = ro->buckets[b];
	ro->buckets[b] = p;
	p->mn_next = mn->ro_pairs;
	mn->ro_pairs = p;
	lru_push(ro, p);
	ro->n++;
	return p;
}

int
mip_ha_ro_pairs_new(struct mip_ha_ro *ro, const struct mip_mem *mem)
{
	size_t i, n = ro->cfg.max_pairs;

	ro->nbuckets = 1;
	while (ro->nbuckets < n)
		ro->nbuckets <<= 1;
	ro->slots = mem->calloc(n, sizeof(*ro->slots), mem->user_data);
	ro->buckets =
	    mem->calloc(ro->nbuckets, sizeof(*ro->buckets), mem->user_data);
	if (ro->slots == NULL || ro->buckets == NULL)
		return MIP_ERR_NOMEM;
	for (i = n; i-- > 0;) {
		ro->slots[i].hnext = ro->free;
		ro->free = &ro->slots[i];
	}
	return 0;
}

void
mip_ha_ro_pairs_free(struct mip_ha_ro *ro, const struct mip_mem *mem)
{
	mem->free(ro->slots, mem->user_data);
	mem->free(ro->buckets, mem->user_data);
}
