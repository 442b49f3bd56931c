/* SPDX-License-Identifier: ISC */
/*
 * Name tables: Registration Reply codes (RFC 5944 3.4 and the IANA list,
 * spec sheet 4.3), Binding Acknowledge statuses (optim-07 4.4), message
 * kinds, and the Registration Request flag names. Pure data and lookups.
 */
#include "mip/mip_names.h"
#include "mip/mip_proto.h"

const struct mip_flag_name mip_rrq_flag_names[] = {
	{ MIP_RRQ_F_S, "S" },
	{ MIP_RRQ_F_B, "B" },
	{ MIP_RRQ_F_D, "D" },
	{ MIP_RRQ_F_M, "M" },
	{ MIP_RRQ_F_G, "G" },
	{ MIP_RRQ_F_R, "r" },
	{ MIP_RRQ_F_T, "T" },
	{ MIP_RRQ_F_X, "x" },
	{ 0, NULL },
};

/* RFC 5944 3.4; IANA "Code Values for Mobile IP Registration Reply". */
static const char *const code_names[256] = {
	[MIP_CODE_ACCEPTED] = "accepted",
	[MIP_CODE_ACCEPTED_NO_SIMUL] = "accepted_no_simultaneous",
	[2] = "concurrent_registration", /* IANA, RFC 6521 */
	[MIP_CODE_FA_UNSPECIFIED] = "fa_unspecified",
	[MIP_CODE_FA_PROHIBITED] = "fa_prohibited",
	[MIP_CODE_FA_RESOURCES] = "fa_insufficient_resources",
	[MIP_CODE_FA_MN_AUTH] = "fa_mn_auth_failed",
	[MIP_CODE_FA_HA_AUTH] = "fa_ha_auth_failed",
	[MIP_CODE_FA_LIFETIME] = "fa_lifetime_too_long",
	[MIP_CODE_FA_BAD_REQ] = "fa_poorly_formed_request",
	[MIP_CODE_FA_BAD_REP] = "fa_poorly_formed_reply",
	[MIP_CODE_FA_ENCAP] = "fa_encap_unavailable",
	[MIP_CODE_FA_RESERVED] = "fa_reserved_unavailable",
	[MIP_CODE_FA_RT_UNAVAIL] = "fa_reverse_tunnel_unavailable",
	[MIP_CODE_FA_RT_MANDATORY] = "fa_reverse_tunnel_mandatory",
	[MIP_CODE_FA_TOO_DISTANT] = "fa_mn_too_distant",
	[MIP_CODE_FA_BAD_COA] = "fa_invalid_coa",
	[MIP_CODE_FA_TIMEOUT] = "fa_registration_timeout",
	[MIP_CODE_FA_DELIVERY_STYLE] = "fa_delivery_style_unsupported",
	[MIP_CODE_FA_HOME_NET_UNREACH] = "fa_home_net_unreachable",
	[MIP_CODE_FA_HA_HOST_UNREACH] = "fa_ha_host_unreachable",
	[MIP_CODE_FA_HA_PORT_UNREACH] = "fa_ha_port_unreachable",
	[MIP_CODE_FA_HA_UNREACH] = "fa_ha_unreachable",
	[MIP_CODE_FA_VENDOR] = "fa_vendor_specific",
	[MIP_CODE_FA_HA_ADDR_REQD] = "fa_nonzero_ha_addr_required",
	[MIP_CODE_FA_HOMEADDR_REQD] = "fa_nonzero_homeaddr_required",
	[MIP_CODE_FA_MISSING_NAI] = "fa_missing_nai",
	[MIP_CODE_FA_MISSING_HA] = "fa_missing_home_agent",
	[MIP_CODE_FA_MISSING_HOMEADDR] = "fa_missing_homeaddr",
	[MIP_CODE_FA_CVSE_1] = "fa_cvse_error_1",
	[MIP_CODE_FA_CVSE_2] = "fa_cvse_error_2",
	[MIP_CODE_FA_UNKNOWN_CHALLENGE] = "fa_unknown_challenge",
	[MIP_CODE_FA_MISSING_CHALLENGE] = "fa_missing_challenge",
	[MIP_CODE_FA_STALE_CHALLENGE] = "fa_stale_challenge",
	[MIP_CODE_FA_MISSING_MN_FA] = "fa_missing_mn_fa",
	[MIP_CODE_FA_BAD_AAA_AUTH] = "fa_bad_aaa_auth",
	[MIP_CODE_FA_HA_WRONG_CHALLENGE] = "fa_ha_wrong_challenge",
	/* RFC 5944 prints 194, IANA assigns 116: one meaning, one name. */
	[MIP_CODE_FA_BAD_HA_ADDR] = "fa_invalid_ha_addr",
	[MIP_CODE_FA_BAD_HA_ADDR_5944] = "fa_invalid_ha_addr",
	[MIP_CODE_FA_EXPERIMENTAL] = "fa_experimental",
	[MIP_CODE_HA_UNSPECIFIED] = "ha_unspecified",
	[MIP_CODE_HA_PROHIBITED] = "ha_prohibited",
	[MIP_CODE_HA_RESOURCES] = "ha_insufficient_resources",
	[MIP_CODE_HA_MN_AUTH] = "ha_mn_auth_failed",
	[MIP_CODE_HA_FA_AUTH] = "ha_fa_auth_failed",
	[MIP_CODE_HA_ID_MISMATCH] = "ha_id_mismatch",
	[MIP_CODE_HA_BAD_REQ] = "ha_poorly_formed_request",
	[MIP_CODE_HA_TOO_MANY_BINDINGS] = "ha_too_many_bindings",
	[MIP_CODE_HA_UNKNOWN_HA] = "ha_unknown_ha_addr",
	[MIP_CODE_HA_RT_UNAVAIL] = "ha_reverse_tunnel_unavailable",
	[MIP_CODE_HA_RT_MANDATORY] = "ha_reverse_tunnel_mandatory",
	[MIP_CODE_HA_ENCAP] = "ha_encap_unavailable",
	[MIP_CODE_HA_CVSE_1] = "ha_cvse_error_1",
	[MIP_CODE_HA_CVSE_2] = "ha_cvse_error_2",
	[MIP_CODE_HA_UDP_ENCAP] = "ha_udp_encap_unavailable",
	[MIP_CODE_HA_REDIRECT] = "ha_redirect",
	[MIP_CODE_HA_BAD_AAA_AUTH] = "ha_bad_aaa_auth",
	[147] = "ha_mobnet_error",	  /* RFC 5177 */
	[148] = "ha_mobnet_disallowed",	  /* RFC 5177 */
	[149] = "ha_pmip_unsupported",	  /* RFC 5563 */
	[150] = "ha_pmip_disallowed",	  /* RFC 5563 */
	[151] = "ha_service_auth_failed", /* RFC 5446 */
	[MIP_CODE_HA_EXPERIMENTAL] = "ha_experimental",
	[193] = "gfa_no_home_reg", /* RFC 4857 */
};

const char *
mip_code_name(uint8_t code)
{
	if (code_names[code] != NULL)
		return code_names[code];
	/* RFC 5944 6.4; IANA: the ranges each role's codes come from. */
	if (code <= 8)
		return "success_other";
	if (code >= 64 && code <= 127)
		return "fa_denied_other";
	if (code >= 128 && code <= 192)
		return "ha_denied_other";
	if (code >= 193 && code <= 200)
		return "gfa_denied_other";
	if (code >= 201 && code <= 210)
		return "cn_denied_other";
	return "unassigned";
}

bool
mip_code_is_success(uint8_t code)
{
	/* RFC 5944 3.4: 0-8 are "registration successful". */
	return code <= 8;
}

const char *
mip_ba_status_name(uint8_t status)
{
	/* optim-07 4.4 */
	switch (status) {
	case MIP_BA_ACCEPTED:
		return "accepted";
	case MIP_BA_UNSPECIFIED:
		return "unspecified";
	case MIP_BA_PROHIBITED:
		return "prohibited";
	case MIP_BA_RESOURCES:
		return "insufficient_resources";
	case MIP_BA_AUTH:
		return "auth_failed";
	case MIP_BA_ID_MISMATCH:
		return "id_mismatch";
	case MIP_BA_BAD_BU:
		return "poorly_formed";
	default:
		return "unassigned";
	}
}

const char *
mip_msg_kind_name(enum mip_msg_kind kind)
{
	switch (kind) {
	case MIP_MSG_KIND_REG_REQ:
		return "reg_req";
	case MIP_MSG_KIND_REG_REP:
		return "reg_rep";
	case MIP_MSG_KIND_TUNNEL_DATA:
		return "tunnel_data";
	case MIP_MSG_KIND_BIND_WARN:
		return "bind_warn";
	case MIP_MSG_KIND_BIND_REQ:
		return "bind_req";
	case MIP_MSG_KIND_BIND_UPDATE:
		return "bind_update";
	case MIP_MSG_KIND_BIND_ACK:
		return "bind_ack";
	case MIP_MSG_KIND_UNKNOWN:
		break;
	}
	return "unknown";
}
