/* SPDX-License-Identifier: ISC */
/*
 * The correspondent node's read-only views (mip_node.h introspection):
 * the binding cache, entry by entry, and its size. Changes nothing.
 */
#include <string.h>

#include "mip_cn.h"
#include "mip_node_int.h"

void
mip_cn_info(const struct mip_cn *cn, struct mip_node_info *out)
{
	out->cn_entries = cn->cache.n;
	out->cn_capacity = cn->cache.cap;
}

int
mip_cn_cache_next(const struct mip_cn *cn, struct mip_iter *it,
    const struct mip_now *now, struct mip_cache_info *out)
{
	const struct mip_bcache_entry *e;

	/* Slot order: stable between events, never dangling. */
	while ((e = mip_bcache_slot(&cn->cache, it->i)) != NULL) {
		it->i++;
		if (!e->in_use)
			continue;
		memset(out, 0, sizeof(*out));
		out->home_addr = e->home_addr;
		out->coa = e->coa;
		out->ha_addr = e->ha_addr;
		out->lifetime = e->lifetime;
		out->remaining = mip_info_secs_left(e->expires, now);
		out->flags = e->flags;
		out->encap = e->encap;
		out->tunnel_id = e->tunnel_id;
		out->used = e->last_use != MIP_TSTAMP_NONE;
		if (out->used && now->mono > e->last_use)
			out->idle =
			    (uint32_t)((now->mono - e->last_use) / MIP_SEC);
		out->br_sent = e->br_sent;
		return 1;
	}
	return 0;
}
