/* SPDX-License-Identifier: ISC */
/* Home agent engine (RFC 5944 3.8, 4.2.3, 4.3, 4.6): being written. */
#include "mip_ctx.h"

struct mip_ha {
	struct mip_ctx *ctx;
};

int
mip_ha_new(struct mip_ha **out, struct mip_ctx *ctx,
    const struct mip_ha_config *cfg, const struct mip_now *now)
{
	struct mip_ha *ha = ctx->mem.calloc(1, sizeof(*ha), ctx->mem.user_data);

	(void)cfg;
	(void)now;
	if (ha == NULL)
		return MIP_ERR_NOMEM;
	ha->ctx = ctx;
	*out = ha;
	return 0;
}

void
mip_ha_del(struct mip_ha *ha)
{
	ha->ctx->mem.free(ha, ha->ctx->mem.user_data);
}

bool
mip_ha_on_packet(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	(void)ha;
	(void)pkt;
	(void)now;
	return false;
}

int
mip_ha_on_cmd(
    struct mip_ha *ha, const struct mip_cmd *cmd, const struct mip_now *now)
{
	(void)ha;
	(void)cmd;
	(void)now;
	return MIP_ERR_STATE;
}
