/* SPDX-License-Identifier: ISC */
/*
 * Home agent registration processing (RFC 5944 3.8; RFC 3024 for reverse
 * tunnelling): receives Registration Requests on UDP port 434, checks them
 * in the fixed order syntax, SA lookup, MAC, replay, semantics, and answers
 * each with an authenticated Registration Reply. Bindings and their
 * data-plane actions live in mip_ha_binding.c; this file never touches a
 * timer (mip_ha_timers.c). Agent advertisements on the home link are the
 * advertiser's (mip_agent.c), not ours.
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_sa.h"
#include "mip_ha.h"
#include "mip_sort.h"

/* MN-HA and FA-HA authentication with the longest MAC. */
#define AUTH_ROOM (2 * (2 + 4 + MIP_AUTH_MAX_LEN))
/* Fixed part, registration keys, authentication. */
#define REPLY_CAP (MIP_REG_REP_LEN + MIP_HA_REGKEY_ROOM + AUTH_ROOM)
/* Replies sent before the replay check passed: a burst, then 1/s. */
#define EARLY_BURST 10
#define EARLY_INTERVAL MIP_SEC
/* A sanity bound on the slot array allocated up front. */
#define MAX_BINDINGS_LIMIT ((size_t)1 << 22)

/* The Foreign-Home authentication of a request (RFC 5944 3.8.2.1 c, d). */
enum fa_auth {
	FA_NONE,    /* no SA with the sender, no FA-HA extension */
	FA_STRAY,   /* an FA-HA extension but no SA with the sender */
	FA_VALID,   /* exactly one FA-HA extension, and it verifies */
	FA_SKIPPED, /* SA, deregistration without FA-HA (3.5.4) */
	FA_BAD,	    /* SA, but missing, repeated or wrong FA-HA */
};

/* One received request as the checks see it. */
struct ha_rx {
	const struct mip_pkt_in *pkt;
	struct mip_reg_req req;
	bool unknown_ext;
	const struct mip_ext *auth; /* the authorization-enabling extension */
	struct mip_sa *sa;	    /* MN-HA SA: (home_addr, its SPI) */
	struct mip_sa *fa_sa;	    /* SA with the sending FA, or NULL */
	enum fa_auth fa;
	uint16_t lifetime; /* requested, reduced to our maximum */
	bool dereg;	   /* Lifetime 0 */
	bool home_link;	   /* from the mobile node itself on the home link */
};

/* ---- small predicates ---- */

static uint32_t
prefix_mask(uint8_t plen)
{
	return plen == 0 ? 0 : UINT32_MAX << (32 - plen);
}

static bool
in_home_prefix(const struct mip_ha *ha, struct mip_ip4 a)
{
	uint32_t m = prefix_mask(ha->cfg.plen);

	return (a.v & m) == (ha->cfg.addr.v & m);
}

static bool
is_multicast(struct mip_ip4 a)
{
	return (a.v >> 28) == 0xeU;
}

/*
 * RFC 5944 3.8.2.1: a request sent to the home network's subnet-directed
 * broadcast address, or to 255.255.255.255 as some routers rewrite it (or
 * to a multicast group), is dynamic home agent discovery.
 */
static bool
is_discovery_dst(const struct mip_ha *ha, struct mip_ip4 dst)
{
	uint32_t m = prefix_mask(ha->cfg.plen);

	return dst.v == MIP_LIMITED_BROADCAST || is_multicast(dst) ||
	    dst.v == ((ha->cfg.addr.v & m) | ~m);
}

/* A care-of address a tunnel can lead to (nonzero lifetime only). */
static bool
coa_usable(const struct mip_reg_req *req)
{
	uint32_t v = req->coa.v;

	return v != 0 && v != MIP_LIMITED_BROADCAST &&
	    !is_multicast(req->coa) && (v >> 24) != 127U &&
	    !mip_ip4_eq(req->coa, req->home_addr);
}

/*
 * RFC 5944 3.8.3.2: a home address we cannot support is refused with 129;
 * ours are the configured mobile nodes inside the home prefix, neither the
 * prefix's network nor its broadcast address.
 */
static bool
home_addr_ours(const struct mip_ha *ha, const struct mip_ha_mn *mn,
    struct mip_ip4 home_addr)
{
	uint32_t m = prefix_mask(ha->cfg.plen);

	return mn != NULL && in_home_prefix(ha, home_addr) &&
	    (home_addr.v & ~m) != 0 && (home_addr.v & ~m) != ~m &&
	    !mip_ip4_eq(home_addr, ha->cfg.addr);
}

/* RFC 5944 3.8.2.2: never more than asked, at most our maximum. */
static uint16_t
grant_lifetime(const struct mip_ha *ha, uint16_t asked)
{
	return asked > ha->cfg.max_lifetime ? ha->cfg.max_lifetime : asked;
}

static bool
simultaneous_offered(const struct mip_ha *ha)
{
	return ha->cfg.max_simultaneous > 1;
}

/* ---- authentication ---- */

/*
 * RFC 5944 3.6.1.3, 3.8.2.1 a: the authorization-enabling extension (MN-HA
 * authentication, or RFC 4721's MN-AAA Generalized Authentication) must
 * come before any Mobile-Foreign extension; the first one is used.
 */
static const struct mip_ext *
find_auth(const struct mip_exts *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		const struct mip_ext *e = &x->e[i];

		if (e->type == MIP_EXT_MN_FA_AUTH)
			return NULL;
		if (e->type == MIP_EXT_MN_HA_AUTH ||
		    (e->type == MIP_EXT_GEN_AUTH &&
			e->subtype == MIP_GEN_AUTH_MN_AAA))
			return e;
	}
	return NULL;
}

/* The first SA (in table order) whose peer is |peer|, or NULL. */
static struct mip_sa *
sa_with_peer(const struct mip_sa_table *t, struct mip_ip4 peer)
{
	size_t lo = 0, hi = mip_sa_count(t);
	struct mip_sa *sa;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mip_sa_at(t, mid)->cfg.peer.v < peer.v)
			lo = mid + 1;
		else
			hi = mid;
	}
	sa = mip_sa_at(t, lo);
	return sa != NULL && mip_ip4_eq(sa->cfg.peer, peer) ? sa : NULL;
}

/*
 * RFC 5944 3.8.2.1 c, d and 3.5.4: the Foreign-Home authentication, keyed
 * by the request's IP source and the extension's SPI. The mobile node
 * itself (source = home address) is no foreign agent. Pure: it only looks.
 */
static enum fa_auth
fa_check(const struct mip_ha *ha, struct ha_rx *rx)
{
	const struct mip_exts *x = &rx->req.exts;
	const struct mip_ext *e = mip_exts_find(x, MIP_EXT_FA_HA_AUTH, 0);
	struct mip_ip4 src = rx->pkt->src;
	struct mip_sa *sa;
	uint32_t spi;

	rx->fa_sa = NULL;
	if (mip_ip4_eq(src, rx->req.home_addr) ||
	    (rx->fa_sa = sa_with_peer(ha->ctx->sas, src)) == NULL)
		return e != NULL ? FA_STRAY : FA_NONE;
	if (e == NULL)
		return rx->dereg ? FA_SKIPPED : FA_BAD;
	/* Exactly one FA-HA extension must be present. */
	if (mip_exts_find(x, MIP_EXT_FA_HA_AUTH, (size_t)(e - x->e) + 1) !=
	    NULL)
		return FA_BAD;
	if (mip_auth_ext_spi(e, &spi) != 0 ||
	    (sa = mip_sa_find(ha->ctx->sas, src, spi)) == NULL)
		return FA_BAD;
	rx->fa_sa = sa;
	if (mip_auth_verify_ext(sa, rx->pkt->data, rx->pkt->len, e) != 0)
		return FA_BAD;
	return FA_VALID;
}

/* ---- replies ---- */

/* RFC 5944 3.8.3.1: from the request's destination unless it was a
 * broadcast or multicast one, then from our unicast address. */
static struct mip_ip4
reply_src(const struct mip_ha *ha, struct mip_ip4 dst)
{
	return is_discovery_dst(ha, dst) ? ha->cfg.addr : dst;
}

static void
reply_note(struct mip_ha *ha, const struct ha_rx *rx, uint8_t code)
{
	struct mip_act_notify n;

	memset(&n, 0, sizeof(n));
	n.what = MIP_NOTE_REG_REPLY;
	n.role = MIP_ROLE_HA;
	n.home_addr = rx->req.home_addr;
	n.coa = rx->req.coa;
	n.peer = rx->pkt->src;
	n.code = code;
	mip_ctx_notify(ha->ctx, &n);
}

/*
 * send_reply builds, authenticates and queues the Registration Reply to
 * |rx| (RFC 5944 3.8.3). Returns true when it was queued.
 */
static bool
send_reply(struct mip_ha *ha, const struct ha_rx *rx, uint8_t code,
    uint16_t lifetime, uint64_t ident)
{
	const struct mip_pkt_in *pkt = rx->pkt;
	struct mip_reg_rep rep;
	struct mip_act_send s;
	struct mip_wbuf w;
	uint8_t *buf = mip_outq_reserve(&ha->ctx->out, REPLY_CAP);
	mip_ssize n;

	if (buf == NULL)
		return false;
	memset(&rep, 0, sizeof(rep));
	rep.code = code;
	rep.lifetime = lifetime;
	/* RFC 5944 3.8.3.2: Home Address copied; Home Agent is ours. */
	rep.home_addr = rx->req.home_addr;
	rep.ha_addr = ha->cfg.addr;
	rep.ident = ident;
	if ((n = mip_reg_rep_encode(buf, REPLY_CAP, &rep)) < 0)
		return false;
	mip_wbuf_init(&w, buf, REPLY_CAP - AUTH_ROOM);
	w.off = (size_t)n;
	/* PAPER 9.3: an accepted registration answers a key request; the
	 * key extensions precede the MN-HA authentication (REGKEY-00 7.1). */
	if ((code == MIP_CODE_ACCEPTED || code == MIP_CODE_ACCEPTED_NO_SIMUL) &&
	    !rx->dereg)
		mip_ha_regkey_append(
		    ha, &w, &rx->req, rx->auth, rx->sa, pkt->src);
	w.cap = REPLY_CAP;
	/* RFC 5944 3.8.3.3: MN-HA authentication, then FA-HA when we share
	 * an SA with the foreign agent, never on a deregistration (3.5.4). */
	if (mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, rx->sa) != 0)
		return false;
	if (rx->fa_sa != NULL && !rx->dereg &&
	    !mip_ip4_eq(rx->req.coa, rx->req.home_addr) &&
	    mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, rx->fa_sa) != 0)
		return false;
	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_UDP;
	/* RFC 5944 3.8.3.1: back to the source address and port. */
	s.src = reply_src(ha, pkt->dst);
	s.dst = pkt->src;
	s.sport = pkt->dport;
	s.dport = pkt->sport;
	/* RFC 5944 3.8.3.1: a mobile node deregistering from home gets its
	 * reply directly on the home link, whatever the bindings say. */
	if (rx->dereg && mip_ip4_eq(rx->req.coa, rx->req.home_addr) &&
	    mip_ip4_eq(pkt->src, rx->req.home_addr)) {
		s.ifindex = ha->cfg.home_ifindex;
		if (rx->home_link) {
			s.has_hwaddr = true;
			memcpy(s.dst_hwaddr, pkt->src_hwaddr, MIP_HWADDR_LEN);
		}
	}
	if (mip_outq_send(&ha->ctx->out, &s, w.off) != 0)
		return false;
	ha->ctx->stats.tx++;
	ha->ctx->stats.replies[code]++;
	reply_note(ha, rx, code);
	return true;
}

/* A reply after the replay check: its nonce becomes the expected one. */
static void
reply_checked(struct mip_ha *ha, const struct ha_rx *rx, uint8_t code,
    uint16_t lifetime, uint64_t ident)
{
	if (send_reply(ha, rx, code, lifetime, ident))
		mip_replay_issue(rx->sa, ident);
}

/*
 * A reply to a request that has not passed the replay check (131, 132, a
 * duplicate): rate-limited, and it changes no replay state. It copies the
 * request's Identification; with nonces it repeats the nonce already
 * issued (or an unissued fresh one), so a forged or replayed request
 * cannot move the nonce the mobile node must use (RFC 5944 5.7).
 */
static void
reply_early(struct mip_ha *ha, const struct ha_rx *rx, uint8_t code,
    uint16_t lifetime, uint64_t ident, const struct mip_now *now)
{
	if (!mip_ratelimit_take(&ha->early_rl, now)) {
		mip_ctx_drop(
		    ha->ctx, now, MIP_DROP_RATE, MIP_ROLE_HA, rx->pkt->src);
		return;
	}
	(void)send_reply(ha, rx, code, lifetime, ident);
}

static uint64_t
early_ident(struct mip_ha *ha, const struct ha_rx *rx)
{
	const struct mip_replay_state *rs = &rx->sa->replay;
	uint32_t high;

	if (rx->sa->cfg.replay != MIP_REPLAY_NONCE)
		return rx->req.ident;
	high = rs->have_nonce ? rs->nonce : mip_ctx_rand32(ha->ctx);
	return mip_ident_make(high, mip_ident_low(rx->req.ident));
}

/* ---- semantic checks (after MAC and replay) ---- */

static bool
encap_offered(const struct mip_ha *ha, uint8_t flags)
{
	if ((flags & MIP_RRQ_F_M) && !(ha->cfg.encaps & MIP_ENCAPS_MINIMAL))
		return false;
	if ((flags & MIP_RRQ_F_G) && !(ha->cfg.encaps & MIP_ENCAPS_GRE))
		return false;
	return true;
}

/* RFC 5944 4.1: IP-in-IP unless the MN asked otherwise; G wins over M. */
static enum mip_encap_kind
encap_of(uint8_t flags)
{
	if (flags & MIP_RRQ_F_G)
		return MIP_TUN_GRE;
	if (flags & MIP_RRQ_F_M)
		return MIP_TUN_MINIMAL;
	return MIP_TUN_IPIP;
}

/*
 * The checks of RFC 5944 3.8.2 that follow authentication and
 * identification. Returns the reply code: 0 when the request can be
 * accepted, else the denial.
 */
static uint8_t
validate(
    const struct mip_ha *ha, const struct ha_rx *rx, const struct mip_ha_mn *mn)
{
	const struct mip_reg_req *req = &rx->req;
	bool t = (req->flags & MIP_RRQ_F_T) != 0;
	bool s = (req->flags & MIP_RRQ_F_S) != 0 && simultaneous_offered(ha);

	/*
	 * RFC 5944 3.8.2.3: nonzero reserved bits are a poorly formed
	 * request; so, once authenticated, are an unrecognised extension
	 * below 128 after the authenticator (1.8) and a care-of address no
	 * tunnel can reach.
	 */
	if (rx->unknown_ext || mip_reg_req_reserved(req, &ha->ctx->prof) != 0 ||
	    (!rx->dereg && !coa_usable(req)))
		return MIP_CODE_HA_BAD_REQ;
	/* RFC 5944 3.8.2.1, 3.8.3.2: broadcast discovery, or another HA. */
	if (is_discovery_dst(ha, rx->pkt->dst) ||
	    !mip_ip4_eq(req->ha_addr, ha->cfg.addr))
		return MIP_CODE_HA_UNKNOWN_HA;
	if (!home_addr_ours(ha, mn, req->home_addr))
		return MIP_CODE_HA_PROHIBITED;
	if (rx->dereg)
		return MIP_CODE_ACCEPTED;
	/* RFC 3024 3.4 (code 139), RFC 5944 4.1: M and G are optional. */
	if (!encap_offered(ha, req->flags))
		return MIP_CODE_HA_ENCAP;
	/* RFC 3024 3.4: reverse tunnel unavailable, or mandatory. */
	if (t && !ha->cfg.reverse_tunnel)
		return MIP_CODE_HA_RT_UNAVAIL;
	if (!t && ha->cfg.reverse_required)
		return MIP_CODE_HA_RT_MANDATORY;
	/* RFC 5944 3.8.2.3: a limit on simultaneous bindings is 135. */
	if (s && mip_ha_binding_find(mn, req->coa) == NULL &&
	    mn->nbindings >= ha->cfg.max_simultaneous)
		return MIP_CODE_HA_TOO_MANY_BINDINGS;
	if (!mip_ha_binding_room(ha, mn, req->coa, s))
		return MIP_CODE_HA_RESOURCES;
	return MIP_CODE_ACCEPTED;
}

/* ---- acceptance ---- */

/* RFC 5944 3.8.2.2: 1 when S was asked for and we do not offer it. */
static uint8_t
accept_code(const struct mip_ha *ha, uint8_t flags)
{
	return (flags & MIP_RRQ_F_S) && !simultaneous_offered(ha)
	    ? MIP_CODE_ACCEPTED_NO_SIMUL
	    : MIP_CODE_ACCEPTED;
}

static void
accept(struct mip_ha *ha, const struct ha_rx *rx, struct mip_ha_mn *mn,
    uint64_t rep_ident, const struct mip_now *now)
{
	const struct mip_reg_req *req = &rx->req;
	const uint8_t *hw = rx->home_link ? rx->pkt->src_hwaddr : NULL;
	uint8_t code = accept_code(ha, req->flags);
	struct mip_ha_binding_req r;
	struct mip_ha_binding *b;

	if (rx->dereg) {
		/* RFC 5944 3.8.2.2: care-of address = home address removes
		 * every binding, another one only that binding. */
		if (mip_ip4_eq(req->coa, req->home_addr))
			mip_ha_mn_flush(ha, mn, hw, now);
		else if ((b = mip_ha_binding_find(mn, req->coa)) != NULL)
			mip_ha_binding_remove(ha, b, hw, now);
	} else {
		memset(&r, 0, sizeof(r));
		r.coa = req->coa;
		r.ident = req->ident;
		r.rep_ident = rep_ident;
		r.lifetime = rx->lifetime;
		r.flags = req->flags &
		    (MIP_RRQ_F_S | MIP_RRQ_F_B | MIP_RRQ_F_D | MIP_RRQ_F_M |
			MIP_RRQ_F_G | MIP_RRQ_F_T);
		r.code = code;
		r.encap = encap_of(req->flags);
		/* RO spec 2.3: P asks us never to reveal the binding. */
		r.private_p = ha->ctx->prof.ro &&
		    (req->flags & ha->ctx->prof.p_mask) != 0;
		if (mip_ha_binding_update(ha, mn, &r,
			(req->flags & MIP_RRQ_F_S) && simultaneous_offered(ha),
			now) != 0) {
			reply_checked(ha, rx, MIP_CODE_HA_RESOURCES,
			    rx->lifetime, rep_ident);
			return;
		}
	}
	/* RFC 5944 5.7: the accepted Identification is the newest. */
	mip_replay_commit(rx->sa, req->ident);
	reply_checked(ha, rx, code, rx->lifetime, rep_ident);
}

/*
 * RFC 5944 3.8.2.2: a duplicate (same home address, care-of address and
 * Identification as an accepted current registration) is answered again
 * but does not extend the lifetime granted.
 */
static bool
duplicate(struct mip_ha *ha, const struct ha_rx *rx, struct mip_ha_mn *mn,
    const struct mip_now *now)
{
	struct mip_ha_binding *b;

	if (mn == NULL || rx->dereg ||
	    (b = mip_ha_binding_find(mn, rx->req.coa)) == NULL ||
	    b->ident != rx->req.ident)
		return false;
	reply_early(ha, rx, b->code, mip_ha_timers_remaining(b, now),
	    b->rep_ident, now);
	return true;
}

/* ---- the request handler ---- */

#define DROP(r)                                                                \
	do {                                                                   \
		reason = (r);                                                  \
		goto drop;                                                     \
	} while (0)

static void
ha_on_request(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_ctx *ctx = ha->ctx;
	enum mip_drop reason;
	struct mip_ha_mn *mn;
	struct ha_rx rx;
	uint64_t rep_ident;
	uint8_t code;
	uint32_t spi;
	int rc;

	ctx->stats.reg_requests++;
	memset(&rx, 0, sizeof(rx));
	rx.pkt = pkt;
	/* 1. syntax */
	rc = mip_reg_req_decode(&rx.req, pkt->data, pkt->len, &ctx->prof, NULL);
	if (rc == MIP_ERR_UNKNOWN_EXT)
		rx.unknown_ext = true; /* answered 134 once authenticated */
	else if (rc == MIP_ERR_SHORT)
		DROP(MIP_DROP_SHORT);
	else if (rc != 0)
		DROP(MIP_DROP_MALFORMED);
	rx.dereg = rx.req.lifetime == 0;
	rx.lifetime = grant_lifetime(ha, rx.req.lifetime);
	rx.home_link = pkt->has_hwaddr &&
	    pkt->ifindex == ha->cfg.home_ifindex &&
	    mip_ip4_eq(pkt->src, rx.req.home_addr);
	/* 2. SA lookup. RFC 5944 3.8.2.1 a: no authorization-enabling
	 * extension, or no SA with the mobile node: silently discarded. An
	 * unknown extension before it hides it: RFC 5944 1.8, discarded. */
	if ((rx.auth = find_auth(&rx.req.exts)) == NULL)
		DROP(rx.unknown_ext ? MIP_DROP_UNKNOWN_EXT : MIP_DROP_AUTH);
	if (mip_auth_ext_spi(rx.auth, &spi) != 0)
		DROP(MIP_DROP_MALFORMED);
	if ((rx.sa = mip_sa_find(ctx->sas, rx.req.home_addr, spi)) == NULL)
		DROP(MIP_DROP_NO_SA);
	/* RFC 5944 3.8.2.1 d: FA-HA without an SA with that FA: discard. */
	if ((rx.fa = fa_check(ha, &rx)) == FA_STRAY)
		DROP(MIP_DROP_AUTH);
	/* 3. MAC. RFC 5944 3.8.2.1 a: 131 when the FA-HA extension is
	 * valid or there is no FA-HA SA; authenticated with the SA the
	 * mobile node used. */
	if ((rc = mip_auth_verify_ext(rx.sa, pkt->data, pkt->len, rx.auth)) !=
	    0) {
		if (rc == MIP_ERR_AUTH &&
		    (rx.fa == FA_VALID || rx.fa == FA_NONE))
			reply_early(ha, &rx, MIP_CODE_HA_MN_AUTH, rx.lifetime,
			    early_ident(ha, &rx), now);
		DROP(MIP_DROP_AUTH);
	}
	/* RFC 5944 3.8.2.1 c: a missing, repeated or wrong FA-HA: 132. */
	if (rx.fa == FA_BAD) {
		reply_early(ha, &rx, MIP_CODE_HA_FA_AUTH, rx.lifetime,
		    early_ident(ha, &rx), now);
		DROP(MIP_DROP_AUTH);
	}
	mn = mip_ha_mn_find(ha, rx.req.home_addr);
	if (duplicate(ha, &rx, mn, now))
		return;
	/* 4. replay. RFC 5944 3.8.2.1 b, 5.7: 133 with the resynchronising
	 * Identification; with nonces a fresh one, issued. */
	if (mip_replay_check(rx.sa, rx.req.ident, now,
		rx.sa->cfg.replay == MIP_REPLAY_NONCE ? mip_ctx_rand32(ctx) : 0,
		&rep_ident) != 0) {
		if (mip_ratelimit_take(&ha->early_rl, now))
			reply_checked(ha, &rx, MIP_CODE_HA_ID_MISMATCH,
			    rx.lifetime, rep_ident);
		DROP(MIP_DROP_REPLAY);
	}
	/* 5. semantics, 6. state change and actions */
	if ((code = validate(ha, &rx, mn)) != MIP_CODE_ACCEPTED) {
		reply_checked(ha, &rx, code, rx.lifetime, rep_ident);
		return;
	}
	accept(ha, &rx, mn, rep_ident, now);
	return;
drop:
	mip_ctx_drop(ctx, now, reason, MIP_ROLE_HA, pkt->src);
}

#undef DROP

bool
mip_ha_on_packet(
    struct mip_ha *ha, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	if (mip_ha_ro_on_packet(ha, pkt, now))
		return true;
	/* Ours: Registration Requests on UDP port 434 (RFC 5944 3.1). */
	if (mip_ctx_udp_kind(ha->ctx, pkt) != MIP_MSG_KIND_REG_REQ)
		return false;
	ha_on_request(ha, pkt, now);
	return true;
}

int
mip_ha_on_cmd(
    struct mip_ha *ha, const struct mip_cmd *cmd, const struct mip_now *now)
{
	struct mip_ha_mn *mn;
	size_t i;

	switch (cmd->kind) {
	case MIP_CMD_FLUSH_BINDING:
		if ((mn = mip_ha_mn_find(ha, cmd->home_addr)) == NULL)
			return MIP_ERR_NOTFOUND;
		mip_ha_mn_flush(ha, mn, NULL, now);
		return 0;
	case MIP_CMD_FLUSH_ALL:
		for (i = 0; i < ha->nmns; i++)
			mip_ha_mn_flush(ha, &ha->mns[i], NULL, now);
		return 0;
	case MIP_CMD_REGISTER:
	case MIP_CMD_DEREGISTER:
	case MIP_CMD_SOLICIT:
		break;
	}
	return MIP_ERR_INVAL;
}

/* ---- lifecycle ---- */

/* By home address, for the binary search of mip_ha_mn_find. */
static int
mn_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct mip_ha_mn *)a)->home_addr.v;
	uint32_t y = ((const struct mip_ha_mn *)b)->home_addr.v;

	return x < y ? -1 : x > y;
}

static int
build_mns(struct mip_ha *ha, const struct mip_ha_config *cfg)
{
	size_t i;

	ha->mns = ha->ctx->mem.calloc(cfg->nmns > 0 ? cfg->nmns : 1,
	    sizeof(*ha->mns), ha->ctx->mem.user_data);
	if (ha->mns == NULL)
		return MIP_ERR_NOMEM;
	ha->nmns = cfg->nmns;
	for (i = 0; i < ha->nmns; i++) {
		ha->mns[i].ha = ha;
		ha->mns[i].state = MIP_HA_MN_HOME;
		mip_ha_timers_init_mn(&ha->mns[i]);
	}
	for (i = 0; i < ha->nmns; i++) {
		/* RFC 5944 3.8.1: configured with each mobile node's SA. */
		if (mip_sa_find(ha->ctx->sas, cfg->mns[i].home_addr,
			cfg->mns[i].spi) == NULL)
			return MIP_ERR_INVAL;
		ha->mns[i].home_addr = cfg->mns[i].home_addr;
	}
	mip_sort(ha->mns, ha->nmns, sizeof(*ha->mns), mn_cmp);
	for (i = 1; i < ha->nmns; i++)
		if (mip_ip4_eq(ha->mns[i].home_addr, ha->mns[i - 1].home_addr))
			return MIP_ERR_INVAL;
	return 0;
}

static int
build_slots(struct mip_ha *ha)
{
	size_t i, n = ha->cfg.max_bindings;

	ha->slots =
	    ha->ctx->mem.calloc(n, sizeof(*ha->slots), ha->ctx->mem.user_data);
	if (ha->slots == NULL)
		return MIP_ERR_NOMEM;
	for (i = n; i-- > 0;) {
		ha->slots[i].ha = ha;
		mip_ha_timers_init_binding(&ha->slots[i]);
		ha->slots[i].next = ha->free;
		ha->free = &ha->slots[i];
	}
	return 0;
}

int
mip_ha_new(struct mip_ha **out, struct mip_ctx *ctx,
    const struct mip_ha_config *cfg, const struct mip_now *now)
{
	const struct mip_if_config *home = mip_ctx_if(ctx, cfg->home_ifindex);
	struct mip_ha *ha;
	int rc;

	(void)now;
	*out = NULL;
	if (home == NULL || cfg->max_lifetime == 0 || cfg->max_bindings == 0 ||
	    cfg->max_bindings > MAX_BINDINGS_LIMIT ||
	    (cfg->nmns > 0 && cfg->mns == NULL))
		return MIP_ERR_INVAL;
	ha = ctx->mem.calloc(1, sizeof(*ha), ctx->mem.user_data);
	if (ha == NULL)
		return MIP_ERR_NOMEM;
	ha->ctx = ctx;
	ha->cfg = *cfg;
	memcpy(ha->hwaddr, home->hwaddr, MIP_HWADDR_LEN);
	mip_ratelimit_init(&ha->early_rl, EARLY_BURST, EARLY_INTERVAL);
	if ((rc = build_mns(ha, cfg)) != 0 || (rc = build_slots(ha)) != 0 ||
	    (cfg->ro != NULL && (rc = mip_ha_ro_new(ha, cfg->ro)) != 0)) {
		mip_ha_del(ha);
		return rc;
	}
	ha->cfg.mns = NULL; /* the copy lives in ha->mns */
	ha->cfg.ro = NULL;  /* and this one in ha->ro */
	*out = ha;
	return 0;
}

void
mip_ha_del(struct mip_ha *ha)
{
	struct mip_mem mem;
	size_t i;

	if (ha == NULL)
		return;
	mem = ha->ctx->mem;
	/* Timers sit in the node's heap: take them out before freeing. The
	 * host removes our routes, tunnels and proxies by itself. */
	for (i = 0; ha->slots != NULL && i < ha->cfg.max_bindings; i++)
		mip_ha_timers_binding_removed(&ha->slots[i]);
	for (i = 0; ha->mns != NULL && i < ha->nmns; i++)
		mip_ha_timers_mn_stop(&ha->mns[i]);
	mip_ha_ro_del(ha);
	mem.free(ha->slots, mem.user_data);
	mem.free(ha->mns, mem.user_data);
	mem.free(ha, mem.user_data);
}
