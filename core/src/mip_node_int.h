/* SPDX-License-Identifier: ISC */
/*
 * The node container's layout, shared by mip_node.c (events, actions) and
 * the read-only introspection files (mip_node_info.c and each role's
 * *_info.c), plus the view functions each role implements for
 * mip_node_info.c. Nothing outside the core includes this.
 */
#ifndef MIP_NODE_INT_H
#define MIP_NODE_INT_H

#include "mip/mip_node.h"
#include "mip_ctx.h"

struct mip_node {
	struct mip_ctx ctx;
	uint32_t roles;
	struct mip_mn *mn;
	struct mip_fa *fa;
	struct mip_ha *ha;
	struct mip_cn *cn;
	struct mip_agent *agent;
};

/* Role views (mip_ha_info.c, mip_fa_info.c, mip_mn_info.c, mip_cn_info.c); each walks
 * as the matching mip_node_*_next and never changes the role. */
int mip_ha_binding_next(const struct mip_ha *ha, struct mip_iter *it,
    const struct mip_now *now, struct mip_binding_info *out);
void mip_ha_info(const struct mip_ha *ha, struct mip_node_info *out);

int mip_fa_visitor_next(const struct mip_fa *fa, struct mip_iter *it,
    const struct mip_now *now, struct mip_visitor_info *out);
void mip_fa_info(const struct mip_fa *fa, struct mip_node_info *out);
/* Handed-off keys, then visitors' keys (mip_node_regkey_next). */
int mip_fa_regkey_next(const struct mip_fa *fa, struct mip_iter *it,
    const struct mip_now *now, struct mip_regkey_info *out);
/* Whether a smooth handoff made the cache entry (|home_addr|, |coa|). */
bool mip_fa_handoff_holds(
    const struct mip_fa *fa, struct mip_ip4 home_addr, struct mip_ip4 coa);

int mip_mn_agent_next(const struct mip_mn *mn, struct mip_iter *it,
    const struct mip_now *now, struct mip_agent_info *out);
void mip_mn_reg_info(const struct mip_mn *mn, const struct mip_now *now,
    struct mip_reg_info *out);
void mip_mn_info(const struct mip_mn *mn, struct mip_node_info *out);
/* The key slots (mip_node_regkey_next): |it|->i runs up to
 * mip_mn_regkey_slots(). */
int mip_mn_regkey_next(const struct mip_mn *mn, struct mip_iter *it,
    const struct mip_now *now, struct mip_regkey_info *out);
size_t mip_mn_regkey_slots(void);

int mip_cn_cache_next(const struct mip_cn *cn, struct mip_iter *it,
    const struct mip_now *now, struct mip_cache_info *out);
void mip_cn_info(const struct mip_cn *cn, struct mip_node_info *out);

/* Seconds from |now| until timer deadline |when|, rounded down; 0 when
 * past, MIP_INFO_FOREVER for MIP_TSTAMP_NONE. */
uint32_t mip_info_secs_left(mip_tstamp when, const struct mip_now *now);

#endif
