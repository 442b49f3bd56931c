/* SPDX-License-Identifier: ISC */
/*
 * The binding cache store (mip_bcache.h): slots, a chained hash table by
 * home address and a doubly linked least-recently-used list. Decides
 * nothing about what an entry means.
 */
#include <string.h>

#include "mip_bcache.h"

/* A sanity bound on the slot array allocated up front. */
#define BCACHE_MAX ((size_t)1 << 22)

static size_t
bucket_of(const struct mip_bcache *bc, struct mip_ip4 home_addr)
{
	/* Fibonacci hashing: home addresses are often consecutive. */
	uint32_t h = home_addr.v * 2654435769U;

	return (size_t)(h >> 8) & (bc->nbuckets - 1);
}

int
mip_bcache_new(struct mip_bcache *bc, size_t capacity, mip_timer_fn fire,
    const struct mip_mem *mem)
{
	size_t i;

	memset(bc, 0, sizeof(*bc));
	if (capacity == 0 || capacity > BCACHE_MAX)
		return MIP_ERR_INVAL;
	bc->mem = *mem;
	bc->cap = capacity;
	for (bc->nbuckets = 16; bc->nbuckets < capacity; bc->nbuckets <<= 1)
		;
	bc->slots = mem->calloc(capacity, sizeof(*bc->slots), mem->user_data);
	bc->buckets =
	    mem->calloc(bc->nbuckets, sizeof(*bc->buckets), mem->user_data);
	if (bc->slots == NULL || bc->buckets == NULL) {
		mem->free(bc->slots, mem->user_data);
		mem->free(bc->buckets, mem->user_data);
		memset(bc, 0, sizeof(*bc));
		return MIP_ERR_NOMEM;
	}
	for (i = capacity; i-- > 0;) {
		mip_timer_init(&bc->slots[i].timer, fire);
		bc->slots[i].bc = bc;
		bc->slots[i].hnext = bc->free;
		bc->free = &bc->slots[i];
	}
	return 0;
}

void
mip_bcache_free(struct mip_bcache *bc, struct mip_timerq *tq)
{
	size_t i;

	if (bc->slots == NULL)
		return;
	/* Timers sit in the node's heap: take them out before freeing. */
	for (i = 0; i < bc->cap; i++)
		mip_timer_stop(tq, &bc->slots[i].timer);
	bc->mem.free(bc->slots, bc->mem.user_data);
	bc->mem.free(bc->buckets, bc->mem.user_data);
	memset(bc, 0, sizeof(*bc));
}

struct mip_bcache_entry *
mip_bcache_find(const struct mip_bcache *bc, struct mip_ip4 home_addr)
{
	struct mip_bcache_entry *e;

	for (e = bc->buckets[bucket_of(bc, home_addr)]; e != NULL; e = e->hnext)
		if (mip_ip4_eq(e->home_addr, home_addr))
			return e;
	return NULL;
}

struct mip_bcache_entry *
mip_bcache_lru(const struct mip_bcache *bc)
{
	return bc->oldest;
}

static void
lru_unlink(struct mip_bcache *bc, struct mip_bcache_entry *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		bc->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		bc->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void
lru_push(struct mip_bcache *bc, struct mip_bcache_entry *e)
{
	e->newer = NULL;
	e->older = bc->newest;
	if (bc->newest != NULL)
		bc->newest->newer = e;
	else
		bc->oldest = e;
	bc->newest = e;
}

struct mip_bcache_entry *
mip_bcache_add(struct mip_bcache *bc, struct mip_ip4 home_addr)
{
	struct mip_bcache_entry *e = bc->free;
	struct mip_bcache_entry **head;
	struct mip_timer t;

	if (e == NULL)
		return NULL;
	bc->free = e->hnext;
	t = e->timer;
	memset(e, 0, sizeof(*e));
	e->timer = t;
	e->bc = bc;
	e->in_use = true;
	e->home_addr = home_addr;
	e->expires = e->br_at = e->last_use = MIP_TSTAMP_NONE;
	head = &bc->buckets[bucket_of(bc, home_addr)];
	e->hnext = *head;
	*head = e;
	lru_push(bc, e);
	bc->n++;
	return e;
}

void
mip_bcache_remove(struct mip_bcache *bc, struct mip_bcache_entry *e)
{
	struct mip_bcache_entry **pp;

	for (pp = &bc->buckets[bucket_of(bc, e->home_addr)]; *pp != NULL;
	     pp = &(*pp)->hnext)
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	lru_unlink(bc, e);
	e->in_use = false;
	e->hnext = bc->free;
	bc->free = e;
	bc->n--;
}

void
mip_bcache_touch(struct mip_bcache *bc, struct mip_bcache_entry *e)
{
	if (bc->newest == e)
		return;
	lru_unlink(bc, e);
	lru_push(bc, e);
}

const struct mip_bcache_entry *
mip_bcache_slot(const struct mip_bcache *bc, size_t i)
{
	return i < bc->cap ? &bc->slots[i] : NULL;
}
