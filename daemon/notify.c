/* SPDX-License-Identifier: ISC */
/*
 * MIP_ACT_NOTIFY as log lines: one per registration event, naming the
 * mobile node (home address), the care-of address, the peer and, for
 * replies, the code with its name (RFC 5944 3.4). Drops are what peers
 * provoke, so they go through a rate limit.
 */
#include "mip/mip_names.h"
#include "mipd.h"

static const char *
role_name(uint32_t role)
{
	switch (role) {
	case MIP_ROLE_MN:
		return "mn";
	case MIP_ROLE_FA:
		return "fa";
	case MIP_ROLE_HA:
		return "ha";
	case MIP_ROLE_CN:
		return "cn";
	default:
		return "node";
	}
}

static void
reply(const struct mip_act_notify *no, const char *r, const char *h,
    const char *c, const char *p)
{
	enum plat_log_level lvl =
	    mip_code_is_success(no->code) ? PLAT_LOG_NOTICE : PLAT_LOG_WARNING;

	plat_log(lvl, "%s: registration reply for %s care-of %s peer %s: %u %s",
	    r, h, c, p, no->code, mip_code_name(no->code));
}

void
mipd_notify(struct mipd *d, const struct mip_act_notify *no)
{
	char h[16], c[16], p[16];
	const char *r = role_name(no->role);

	mipd_ip(no->home_addr, h);
	mipd_ip(no->coa, c);
	mipd_ip(no->peer, p);
	switch (no->what) {
	case MIP_NOTE_STATE:
		plat_log(PLAT_LOG_DEBUG, "%s: %s state %u -> %u", r, h,
		    (unsigned)no->arg, no->code);
		return;
	case MIP_NOTE_AGENT:
		plat_log(PLAT_LOG_INFO, "%s: new agent %s", r, p);
		return;
	case MIP_NOTE_AGENT_LOST:
		plat_log(PLAT_LOG_NOTICE,
		    "%s: agent %s lost (advertisement lifetime ran out)", r, p);
		return;
	case MIP_NOTE_MOVED:
		plat_log(PLAT_LOG_NOTICE, "%s: %s moved, care-of address %s", r,
		    h, c);
		return;
	case MIP_NOTE_HOME:
		plat_log(PLAT_LOG_NOTICE, "%s: %s back on the home link", r, h);
		return;
	case MIP_NOTE_REG_SENT:
		plat_log(PLAT_LOG_INFO,
		    "%s: registration request for %s care-of %s to %s", r, h, c,
		    p);
		return;
	case MIP_NOTE_REG_REPLY:
		reply(no, r, h, c, p);
		return;
	case MIP_NOTE_BINDING_ADD:
	case MIP_NOTE_BINDING_DEL:
		/* The mobile node's only binding note: the previous foreign
		 * agent's Binding Acknowledge ended a smooth handoff. */
		if (no->role == MIP_ROLE_MN) {
			plat_log(PLAT_LOG_NOTICE,
			    "%s: %s smooth handoff acknowledged by the "
			    "previous "
			    "foreign agent %s, status %u",
			    r, h, p, no->code);
			return;
		}
		plat_log(PLAT_LOG_NOTICE, "%s: binding %s -> %s %s", r, h, c,
		    no->what == MIP_NOTE_BINDING_ADD ? "added" : "removed");
		return;
	case MIP_NOTE_VISITOR_ADD:
	case MIP_NOTE_VISITOR_DEL:
		plat_log(PLAT_LOG_NOTICE,
		    "%s: visitor %s care-of %s home agent %s %s", r, h, c, p,
		    no->what == MIP_NOTE_VISITOR_ADD ? "added" : "removed");
		return;
	case MIP_NOTE_DROP:
		plat_log_limited(&d->drop_rl, PLAT_LOG_INFO,
		    "%s: dropped a message from %s about %s: %s", r, p, h,
		    mip_drop_name((enum mip_drop)no->reason));
		return;
	}
	plat_log(PLAT_LOG_DEBUG, "%s: notification %u", r, (unsigned)no->what);
}
