/* SPDX-License-Identifier: ISC */
/*
 * The home agent's read-only view (mip_node.h, introspection): its
 * mobility binding list as RFC 5944 3.8.1 describes it, walked by mobile
 * node (sorted by home address) and then along each node's bindings.
 */
#include <string.h>

#include "mip_ha.h"
#include "mip_node_int.h"

static void
binding_view(const struct mip_ha_binding *b, const struct mip_now *now,
    struct mip_binding_info *out)
{
	memset(out, 0, sizeof(*out));
	out->home_addr = b->mn->home_addr;
	out->coa = b->coa;
	out->ident = b->ident;
	out->lifetime = b->lifetime;
	out->remaining = mip_info_secs_left(b->expires, now);
	out->flags = b->flags;
	out->code = b->code;
	out->tunnel_id = b->tunnel_id;
	out->encap = b->encap;
}

int
mip_ha_binding_next(const struct mip_ha *ha, struct mip_iter *it,
    const struct mip_now *now, struct mip_binding_info *out)
{
	const struct mip_ha_binding *b;
	size_t k;

	/* |i| is the mobile node, |j| the position in its binding list:
	 * indices, not pointers, so a stale cursor cannot dangle. */
	for (; it->i < ha->nmns; it->i++, it->j = 0) {
		b = ha->mns[it->i].bindings;
		for (k = 0; b != NULL && k < it->j; k++)
			b = b->next;
		if (b != NULL) {
			it->j++;
			binding_view(b, now, out);
			return 1;
		}
	}
	return 0;
}

void
mip_ha_info(const struct mip_ha *ha, struct mip_node_info *out)
{
	size_t i;

	out->ha_mns = ha->nmns;
	out->ha_bindings = ha->nbindings;
	out->ha_max_bindings = ha->cfg.max_bindings;
	for (i = 0; i < ha->nmns; i++)
		if (ha->mns[i].state == MIP_HA_MN_AWAY)
			out->ha_away++;
}
