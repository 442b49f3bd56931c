/* SPDX-License-Identifier: ISC */
/* Foreign agent engine (RFC 5944 3.7, 4.2.2): being written. */
#include "mip_ctx.h"

struct mip_fa {
	struct mip_ctx *ctx;
};

int
mip_fa_new(struct mip_fa **out, struct mip_ctx *ctx,
    const struct mip_fa_config *cfg, const struct mip_now *now)
{
	struct mip_fa *fa = ctx->mem.calloc(1, sizeof(*fa), ctx->mem.user_data);

	(void)cfg;
	(void)now;
	if (fa == NULL)
		return MIP_ERR_NOMEM;
	fa->ctx = ctx;
	*out = fa;
	return 0;
}

void
mip_fa_del(struct mip_fa *fa)
{
	fa->ctx->mem.free(fa, fa->ctx->mem.user_data);
}

bool
mip_fa_on_packet(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	(void)fa;
	(void)pkt;
	(void)now;
	return false;
}
