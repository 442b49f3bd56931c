/* SPDX-License-Identifier: ISC */
/* Agent advertiser (RFC 5944 2.3): being written. */
#include "mip_ctx.h"

struct mip_agent {
	struct mip_ctx *ctx;
};

int
mip_agent_new(struct mip_agent **out, struct mip_ctx *ctx,
    const struct mip_fa_config *fa, const struct mip_ha_config *ha,
    const struct mip_now *now)
{
	struct mip_agent *a =
	    ctx->mem.calloc(1, sizeof(*a), ctx->mem.user_data);

	(void)fa;
	(void)ha;
	(void)now;
	if (a == NULL)
		return MIP_ERR_NOMEM;
	a->ctx = ctx;
	*out = a;
	return 0;
}

void
mip_agent_del(struct mip_agent *agent)
{
	agent->ctx->mem.free(agent, agent->ctx->mem.user_data);
}

bool
mip_agent_on_packet(struct mip_agent *agent, const struct mip_pkt_in *pkt,
    const struct mip_now *now)
{
	(void)agent;
	(void)pkt;
	(void)now;
	return false;
}
