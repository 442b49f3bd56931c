/* SPDX-License-Identifier: ISC */
/* Mobile node engine (RFC 5944 2.4, 3.6, 4.2.1, 4.6): being written. */
#include "mip_ctx.h"

struct mip_mn {
	struct mip_ctx *ctx;
};

int
mip_mn_new(struct mip_mn **out, struct mip_ctx *ctx,
    const struct mip_mn_config *cfg, const struct mip_now *now)
{
	struct mip_mn *mn = ctx->mem.calloc(1, sizeof(*mn), ctx->mem.user_data);

	(void)cfg;
	(void)now;
	if (mn == NULL)
		return MIP_ERR_NOMEM;
	mn->ctx = ctx;
	*out = mn;
	return 0;
}

void
mip_mn_del(struct mip_mn *mn)
{
	mn->ctx->mem.free(mn, mn->ctx->mem.user_data);
}

bool
mip_mn_on_packet(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	(void)mn;
	(void)pkt;
	(void)now;
	return false;
}

void
mip_mn_on_link(struct mip_mn *mn, const struct mip_link_event *ev,
    const struct mip_now *now)
{
	(void)mn;
	(void)ev;
	(void)now;
}

int
mip_mn_on_cmd(
    struct mip_mn *mn, const struct mip_cmd *cmd, const struct mip_now *now)
{
	(void)mn;
	(void)cmd;
	(void)now;
	return MIP_ERR_STATE;
}
