/* SPDX-License-Identifier: ISC */
/*
 * The decode-to-JSON entry point and the UDP port-434 dispatcher: picks
 * the printer by libmip's message-kind classifier. Shared by mipctl and
 * fuzz/fuzz_decode.c; it prints nothing itself.
 */
#include "ctl.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

json_t *
dissect(enum dissect_kind kind, const uint8_t *p, size_t len,
    const struct dissect_opts *o, bool *failed)
{
	struct dctx c = { .o = o };
	json_t *r = NULL;

	switch (kind) {
	case DISSECT_UDP:
		r = dissect_udp434(&c, p, len);
		break;
	case DISSECT_ICMP:
		r = dissect_icmp(&c, p, len);
		break;
	case DISSECT_IP:
		r = dissect_ip(&c, p, len);
		break;
	}
	*failed = c.failed;
	return r;
}

/* A port-434 type this build has no codec for: type and raw bytes. */
static json_t *
other_udp(struct dctx *c, const uint8_t *p, size_t len)
{
	json_t *o;

	if (len == 0) {
		struct mip_perr perr = { 0, "empty message" };

		return jx_error(c, MIP_ERR_SHORT, &perr);
	}
	o = json_object();
	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string("mobile_ip"));
	jx_set_int(o, "type", p[0]);
	jx_set(o, "data", jx_hex(p + 1, len - 1));
	return o;
}

json_t *
dissect_udp434(struct dctx *c, const uint8_t *p, size_t len)
{
	switch (mip_msg_kind(p, len, &c->o->prof)) {
	case MIP_MSG_KIND_REG_REQ:
		return json_reg_req(c, p, len);
	case MIP_MSG_KIND_REG_REP:
		return json_reg_rep(c, p, len);
	case MIP_MSG_KIND_TUNNEL_DATA:
		return json_tunnel_data(c, p, len);
	case MIP_MSG_KIND_BIND_WARN:
		return json_bw(c, p, len);
	case MIP_MSG_KIND_BIND_REQ:
		return json_br(c, p, len);
	case MIP_MSG_KIND_BIND_UPDATE:
		return json_bu(c, p, len);
	case MIP_MSG_KIND_BIND_ACK:
		return json_ba(c, p, len);
	case MIP_MSG_KIND_UNKNOWN:
		break;
	}
	return other_udp(c, p, len);
}
