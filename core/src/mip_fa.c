/* SPDX-License-Identifier: ISC */
/*
 * Foreign agent registration processing (RFC 5944 3.7; RFC 3024 3.2; RFC
 * 4721): receives Registration Requests on its links and either denies
 * them with the codes of 3.7.2 or relays them to the home agent, and
 * relays the home agent's Registration Replies back to the mobile node
 * after the checks of 3.7.3. The order is always: syntax, SA lookup, MAC,
 * challenge (the replay check), semantic checks, state change, actions.
 * The visitor list and its data plane are in mip_fa_visitor.c, the timers
 * in mip_fa_timers.c, ICMP errors about relayed requests in mip_fa_icmp.c;
 * this file never arms a timer itself.
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip_agent.h"
#include "mip_fa.h"

/* Room for an authentication extension we append: Type, Length, SPI. */
#define AUTH_EXT_MAX (2 + 4 + MIP_AUTH_MAX_LEN)

static const struct mip_ip4 all_agents = { MIP_ALL_MOBILITY_AGENTS };
static const struct mip_ip4 limited_bcast = { MIP_LIMITED_BROADCAST };

/* ---- lookups ---- */

static const struct mip_fa_link_config *
fa_link(const struct mip_fa *fa, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < fa->cfg.nlinks; i++)
		if (fa->links[i].ifindex == ifindex)
			return &fa->links[i];
	return NULL;
}

/* RFC 5944 3.7.2.1: a care-of address this foreign agent offers. */
bool
mip_fa_is_coa(const struct mip_fa *fa, struct mip_ip4 a)
{
	size_t i;

	for (i = 0; i < fa->cfg.nlinks; i++)
		if (mip_ip4_eq(fa->links[i].coa, a))
			return true;
	return false;
}

/*
 * The lowest-SPI SA shared with |peer|, or NULL (SAs sort by peer, SPI).
 * Registration keys do not count (mip_fa_regkey.c): they secure smooth
 * handoffs only, never registrations.
 */
struct mip_sa *
mip_fa_sa_for_peer(const struct mip_fa *fa, struct mip_ip4 peer)
{
	const struct mip_sa_table *t = fa->ctx->sas;
	size_t lo = 0, hi = mip_sa_count(t);
	struct mip_sa *sa;

	if (peer.v == 0)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mip_sa_at(t, mid)->cfg.peer.v < peer.v)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; (sa = mip_sa_at(t, lo)) != NULL; lo++) {
		if (!mip_ip4_eq(sa->cfg.peer, peer))
			return NULL;
		if (!mip_fa_regkey_is(fa, peer, sa->cfg.spi))
			return sa;
	}
	return NULL;
}

static size_t
count_ext(const struct mip_exts *x, uint8_t type, const struct mip_ext **first)
{
	size_t i, n = 0;

	*first = NULL;
	for (i = 0; i < x->n; i++) {
		if (x->e[i].type != type)
			continue;
		if (n++ == 0)
			*first = &x->e[i];
	}
	return n;
}

static size_t
ext_end(const struct mip_ext *e)
{
	return (size_t)e->off + mip_ext_hdr_len((enum mip_ext_fmt)e->fmt) +
	    e->len;
}

/*
 * How many octets of a request or reply the foreign agent relays
 * unchanged: through the Mobile-Home Authentication extension (RFC 5944
 * 3.7.2.2, 3.7.3.2), or through the MN-AAA authentication of RFC 4721
 * 3.2 (another authorization-enabling extension); without either,
 * everything before the first extension meant for the foreign agent.
 */
static size_t
relayed_len(const struct mip_exts *x, size_t len)
{
	const struct mip_ext *e;
	size_t i;

	if (count_ext(x, MIP_EXT_MN_HA_AUTH, &e) > 0)
		return ext_end(e);
	if (count_ext(x, MIP_EXT_GEN_AUTH, &e) > 0)
		return ext_end(e);
	for (i = 0; i < x->n; i++) {
		switch (x->e[i].type) {
		case MIP_EXT_MN_FA_AUTH:
		case MIP_EXT_FA_HA_AUTH:
		case MIP_EXT_CHALLENGE:
		case MIP_EXT_ENCAP_DELIVERY:
			return x->e[i].off;
		default:
			break;
		}
	}
	return len;
}

enum mip_drop
mip_fa_drop_reason(int err)
{
	switch (err) {
	case MIP_ERR_SHORT:
		return MIP_DROP_SHORT;
	case MIP_ERR_CHECKSUM:
		return MIP_DROP_CHECKSUM;
	case MIP_ERR_UNKNOWN_EXT:
		return MIP_DROP_UNKNOWN_EXT;
	case MIP_ERR_NO_SA:
		return MIP_DROP_NO_SA;
	case MIP_ERR_AUTH:
		return MIP_DROP_AUTH;
	default:
		return MIP_DROP_MALFORMED;
	}
}

/* ---- sending ---- */

static void
note_reg(struct mip_fa *fa, enum mip_note what, struct mip_ip4 home_addr,
    struct mip_ip4 coa, struct mip_ip4 peer, uint8_t code)
{
	struct mip_act_notify n;

	memset(&n, 0, sizeof(n));
	n.what = what;
	n.role = MIP_ROLE_FA;
	n.home_addr = home_addr;
	n.coa = coa;
	n.peer = peer;
	n.code = code;
	mip_ctx_notify(fa->ctx, &n);
}

/*
 * Appends an MN-FA authentication extension when we share an SA with the
 * mobile node (RFC 5944 3.7.1: MUST add it to replies to the mobile node),
 * with the SPI it used when known.
 */
static int
append_mn_fa(struct mip_fa *fa, struct mip_wbuf *w, struct mip_ip4 home_addr,
    const struct mip_fa_from *from)
{
	struct mip_sa *sa = NULL;

	if (from->has_mnfa)
		sa = mip_sa_find(fa->ctx->sas, home_addr, from->mnfa_spi);
	if (sa == NULL)
		sa = mip_fa_sa_for_peer(fa, home_addr);
	if (sa == NULL)
		return 0;
	return mip_auth_append(w, MIP_EXT_MN_FA_AUTH, sa);
}

/*
 * Sends |len| octets reserved in the output queue to the mobile node (RFC
 * 5944 3.7.2.3 IP and UDP fields): from the address the request went to
 * (ours on the link if it went to 224.0.0.11), to the home address
 * (255.255.255.255 when zero), port 434 to the request's source port, at
 * the link-layer address the request came from.
 */
int
mip_fa_send_on_link(struct mip_fa *fa, const struct mip_fa_from *from,
    struct mip_ip4 home_addr, size_t len)
{
	struct mip_ctx *ctx = fa->ctx;
	const struct mip_if_config *ifc = mip_ctx_if(ctx, from->ifindex);
	struct mip_act_send t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_UDP;
	t.ifindex = from->ifindex;
	t.src = from->dst;
	if (mip_ip4_eq(from->dst, all_agents) && ifc != NULL)
		t.src = ifc->addr;
	t.dst = home_addr.v != 0 ? home_addr : limited_bcast;
	t.sport = MIP_UDP_PORT;
	t.dport = from->sport;
	/* RFC 5944 4.2.2: never ARP for a visitor's home address. */
	t.has_hwaddr = from->has_hwaddr;
	memcpy(t.dst_hwaddr, from->hwaddr, MIP_HWADDR_LEN);
	if ((rc = mip_outq_send(&ctx->out, &t, len)) != 0)
		return rc;
	ctx->stats.tx++;
	return 0;
}

/* A reply to the mobile node, counted under its |code|. */
static int
send_to_mn(struct mip_fa *fa, const struct mip_fa_from *from,
    struct mip_ip4 home_addr, size_t len, uint8_t code)
{
	int rc;

	if ((rc = mip_fa_send_on_link(fa, from, home_addr, len)) != 0)
		return rc;
	fa->ctx->stats.replies[code]++;
	return 0;
}

/* RFC 5944 3.7.2: at most one denial a second to one mobile node. */
static bool
deny_allowed(struct mip_fa *fa, struct mip_ip4 who, const struct mip_now *now)
{
	struct mip_fa_deny *slot = &fa->deny[0];
	size_t i;

	for (i = 0; i < MIP_FA_DENY_SLOTS; i++) {
		struct mip_fa_deny *d = &fa->deny[i];

		if (d->used && mip_ip4_eq(d->who, who)) {
			if (now->mono - d->last < MIP_FA_DENY_INTERVAL)
				return false;
			slot = d;
			break;
		}
		if (!d->used || d->last < slot->last)
			slot = d;
	}
	slot->used = true;
	slot->who = who;
	slot->last = now->mono;
	return true;
}

/* The fields of a request a denial copies (RFC 5944 3.7.2.3). */
struct denial {
	struct mip_ip4 home_addr, ha_addr, coa;
	uint64_t ident;
	uint16_t lifetime;
};

static void
deny(struct mip_fa *fa, const struct mip_fa_from *from, const struct denial *d,
    uint8_t code, const struct mip_now *now)
{
	struct mip_ctx *ctx = fa->ctx;
	struct mip_reg_rep rep;
	struct mip_wbuf w;
	size_t cap = MIP_REG_REP_LEN + AUTH_EXT_MAX;
	uint8_t *b;
	mip_ssize n;

	if (!deny_allowed(
		fa, d->home_addr.v != 0 ? d->home_addr : from->src, now)) {
		mip_ctx_drop(ctx, now, MIP_DROP_RATE, MIP_ROLE_FA, from->src);
		return;
	}
	if ((b = mip_outq_reserve(&ctx->out, cap)) == NULL)
		return;
	memset(&rep, 0, sizeof(rep));
	rep.code = code;
	rep.lifetime = d->lifetime;
	rep.home_addr = d->home_addr;
	rep.ha_addr = d->ha_addr;
	rep.ident = d->ident;
	if ((n = mip_reg_rep_encode(b, cap, &rep)) < 0)
		return;
	mip_wbuf_init(&w, b, cap);
	w.off = (size_t)n;
	if (append_mn_fa(fa, &w, d->home_addr, from) != 0)
		return;
	if (send_to_mn(fa, from, d->home_addr, w.off, code) != 0)
		return;
	note_reg(fa, MIP_NOTE_REG_REPLY, d->home_addr, d->coa, from->src, code);
}

/* ---- Registration Requests (RFC 5944 3.7.2) ---- */

static struct denial
denial_of(const struct mip_reg_req *req)
{
	struct denial d;

	d.home_addr = req->home_addr;
	d.ha_addr = req->ha_addr;
	d.coa = req->coa;
	d.ident = req->ident;
	d.lifetime = req->lifetime;
	return d;
}

static struct mip_fa_from
from_of(const struct mip_pkt_in *pkt)
{
	struct mip_fa_from f;

	memset(&f, 0, sizeof(f));
	f.ifindex = pkt->ifindex;
	f.src = pkt->src;
	f.dst = pkt->dst;
	f.sport = pkt->sport;
	f.has_hwaddr = pkt->has_hwaddr;
	memcpy(f.hwaddr, pkt->src_hwaddr, MIP_HWADDR_LEN);
	return f;
}

/*
 * RFC 5944 3.7.2.1: when we share an SA with the mobile node, exactly one
 * Mobile-Foreign Authentication extension must be present and verify.
 * Returns 0 (verified, or no SA), or the drop reason's error.
 */
static int
check_mn_fa(struct mip_fa *fa, const struct mip_pkt_in *pkt,
    const struct mip_reg_req *req, struct mip_fa_from *from)
{
	const struct mip_ext *e;
	struct mip_sa *sa;
	uint32_t spi;

	if (mip_fa_sa_for_peer(fa, req->home_addr) == NULL)
		return 0;
	if (count_ext(&req->exts, MIP_EXT_MN_FA_AUTH, &e) != 1)
		return MIP_ERR_AUTH;
	if (mip_auth_ext_spi(e, &spi) != 0)
		return MIP_ERR_MALFORMED;
	if ((sa = mip_sa_find(fa->ctx->sas, req->home_addr, spi)) == NULL)
		return MIP_ERR_NO_SA;
	if (mip_auth_verify_ext(sa, pkt->data, pkt->len, e) != 0)
		return MIP_ERR_AUTH;
	from->has_mnfa = true;
	from->mnfa_spi = spi;
	return 0;
}

/* RFC 4721: the challenge we advertised on the link, fresh and unused.
 * Returns 0 or the denial code; |*chal| receives the extension. */
static uint8_t
check_challenge(struct mip_fa *fa, const struct mip_pkt_in *pkt,
    const struct mip_reg_req *req, const struct mip_ext **chal)
{
	*chal = NULL;
	if (!fa->cfg.challenge)
		return 0;
	if (count_ext(&req->exts, MIP_EXT_CHALLENGE, chal) == 0)
		return MIP_CODE_FA_MISSING_CHALLENGE;
	switch (mip_agent_challenge_check(
	    fa->ctx->agent, pkt->ifindex, (*chal)->body, (*chal)->len)) {
	case MIP_AGENT_CHAL_FRESH:
		return 0;
	case MIP_AGENT_CHAL_STALE:
		return MIP_CODE_FA_STALE_CHALLENGE;
	case MIP_AGENT_CHAL_UNKNOWN:
		break;
	}
	return MIP_CODE_FA_UNKNOWN_CHALLENGE;
}

/* RFC 5944 3.7.2.1, 3.7.2.3; RFC 3024 3.2: what the request asks for that
 * we cannot give. Returns 0 or the denial code; |*lifetime| is what the
 * reply carries. */
static uint8_t
check_service(struct mip_fa *fa, const struct mip_pkt_in *pkt,
    const struct mip_reg_req *req, uint16_t *lifetime)
{
	const struct mip_fa_config *c = &fa->cfg;
	uint8_t mg = req->flags & (MIP_RRQ_F_M | MIP_RRQ_F_G);

	*lifetime = req->lifetime;
	/* RFC 2794 2: a zero home address comes with the MN's NAI. */
	if (req->home_addr.v == 0 &&
	    mip_exts_find(&req->exts, MIP_EXT_NAI, 0) == NULL)
		return MIP_CODE_FA_MISSING_NAI;
	if (req->lifetime == 0)
		return 0; /* RFC 5944 3.7: always relay a deregistration */
	if (!(req->flags & MIP_RRQ_F_D) && !mip_fa_is_coa(fa, req->coa))
		return MIP_CODE_FA_BAD_COA;
	if (req->lifetime > c->reg_lifetime) {
		*lifetime = c->reg_lifetime; /* RFC 5944 3.7.2.3 */
		return MIP_CODE_FA_LIFETIME;
	}
	/* RFC 5944 3.3: one encapsulation at a time, one we offer. */
	if (mg == (MIP_RRQ_F_M | MIP_RRQ_F_G) ||
	    ((mg & MIP_RRQ_F_M) && !(c->encaps & MIP_ENCAPS_MINIMAL)) ||
	    ((mg & MIP_RRQ_F_G) && !(c->encaps & MIP_ENCAPS_GRE)))
		return MIP_CODE_FA_ENCAP;
	if (req->flags & MIP_RRQ_F_T) {
		if (!c->reverse_tunnel)
			return MIP_CODE_FA_RT_UNAVAIL;
		/* RFC 3024 3.2: a reverse tunnel needs TTL 255. */
		if (pkt->ttl != 255)
			return MIP_CODE_FA_TOO_DISTANT;
	} else if (c->reverse_required) {
		return MIP_CODE_FA_RT_MANDATORY;
	}
	return 0;
}

/* RFC 5944 3.7.1: the tables have room (66 otherwise); |*e| receives the
 * mobile node's existing entry, if any. */
static uint8_t
check_room(
    struct mip_fa *fa, const struct mip_reg_req *req, struct mip_fa_entry **e)
{
	uint32_t low = mip_ident_low(req->ident);

	*e = req->home_addr.v != 0
	    ? mip_fa_find(fa, req->home_addr)
	    : mip_fa_find_pending(fa, req->home_addr, low);
	if (*e == NULL) {
		/* RFC 5944 2.1.1: B, no registrations from new visitors. */
		if ((fa->cfg.busy && req->lifetime != 0) ||
		    fa->nentries >= fa->max_visitors)
			return MIP_CODE_FA_RESOURCES;
	}
	if ((*e == NULL || (*e)->state == MIP_FA_REGISTERED) &&
	    fa->npending >= fa->max_pending)
		return MIP_CODE_FA_RESOURCES;
	return 0;
}

/* RFC 5944 3.7.2.2: the care-of address it asks for when it is ours,
 * else ours on the link it came in on. */
static struct mip_ip4
relay_src(const struct mip_fa *fa, const struct mip_fa_link_config *link,
    const struct mip_reg_req *req)
{
	return mip_fa_is_coa(fa, req->coa) ? req->coa : link->coa;
}

/*
 * RFC 5944 3.7.2.2: relays the request unchanged through the MN-HA
 * authentication, drops the extensions meant for us, appends our answer
 * to a key request (PAPER 9.4; REGKEY-00 4.1: after the MN-HA
 * authentication, so that FA-HA authentication covers it; |kr| says what
 * we did), adds FA-HA authentication when we share an SA with the home
 * agent (never to a deregistration, 3.5.4), from the care-of address,
 * port 434.
 */
static int
relay_request(struct mip_fa *fa, const struct mip_fa_link_config *link,
    const struct mip_pkt_in *pkt, const struct mip_reg_req *req,
    struct mip_fa_keyreq *kr)
{
	struct mip_ctx *ctx = fa->ctx;
	size_t keep = relayed_len(&req->exts, pkt->len);
	size_t cap = keep + mip_fa_regkey_room(fa) + AUTH_EXT_MAX;
	struct mip_act_send t;
	struct mip_sa *sa;
	struct mip_wbuf w;
	uint8_t *b;
	int rc;

	if ((b = mip_outq_reserve(&ctx->out, cap)) == NULL)
		return MIP_ERR_NOMEM;
	memcpy(b, pkt->data, keep);
	mip_wbuf_init(&w, b, cap);
	w.off = keep;
	mip_fa_regkey_append(fa, &w, req, kr);
	sa = mip_fa_sa_for_peer(fa, req->ha_addr);
	if (sa != NULL && req->lifetime != 0 &&
	    (rc = mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, sa)) != 0)
		return rc;
	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_UDP;
	t.src = relay_src(fa, link, req);
	t.dst = req->ha_addr;
	t.sport = MIP_UDP_PORT;
	t.dport = MIP_UDP_PORT;
	if ((rc = mip_outq_send(&ctx->out, &t, w.off)) != 0)
		return rc;
	ctx->stats.tx++;
	ctx->stats.reg_requests++;
	return 0;
}

static void
accept_request(struct mip_fa *fa, const struct mip_fa_link_config *link,
    const struct mip_pkt_in *pkt, const struct mip_reg_req *req,
    const struct mip_fa_from *from, const struct mip_ext *chal,
    struct mip_fa_entry *e, const struct mip_now *now)
{
	struct mip_fa_pending p;
	bool fresh = e == NULL;

	memset(&p, 0, sizeof(p));
	if (fresh && (e = mip_fa_entry_new(fa, req->home_addr)) == NULL)
		return;
	if (relay_request(fa, link, pkt, req, &p.keyreq) != 0) {
		if (fresh)
			mip_fa_entry_discard(e);
		return;
	}
	if (chal != NULL)
		mip_agent_challenge_use(
		    fa->ctx->agent, pkt->ifindex, chal->body, chal->len);
	/* PAPER 9.4 step 1: the PFANE's Binding Update, while the request
	 * is on its way. */
	p.bu_sent = mip_fa_smooth_notify(
	    fa, req, relay_src(fa, link, req), &p.prev_fa, now);
	p.from = *from;
	p.ha_addr = req->ha_addr;
	p.coa = req->coa;
	p.relay_src = relay_src(fa, link, req);
	p.ident = req->ident;
	p.lifetime = req->lifetime;
	p.flags = req->flags;
	mip_fa_ev_relayed(e, &p, now);
	note_reg(
	    fa, MIP_NOTE_REG_SENT, req->home_addr, req->coa, req->ha_addr, 0);
}

static void
on_request(struct mip_fa *fa, const struct mip_fa_link_config *link,
    const struct mip_pkt_in *pkt, const struct mip_reg_req *req, int rc,
    const struct mip_now *now)
{
	struct mip_fa_from from = from_of(pkt);
	struct denial d = denial_of(req);
	const struct mip_ext *chal;
	struct mip_fa_entry *e = NULL;
	uint8_t code;

	/* 1. syntax. RFC 5944 3.7.2.1: reserved bits and extensions we
   * cannot skip make a poorly formed request. */
	if (rc != 0) {
		mip_ctx_drop(fa->ctx, now, mip_fa_drop_reason(rc), MIP_ROLE_FA,
		    pkt->src);
		deny(fa, &from, &d, MIP_CODE_FA_BAD_REQ, now);
		return;
	}
	if (mip_reg_req_reserved(req, &fa->ctx->prof) != 0) {
		deny(fa, &from, &d, MIP_CODE_FA_BAD_REQ, now);
		return;
	}
	/* 2-3. SA and MAC: discarded, logged, answered with 67. */
	if ((rc = check_mn_fa(fa, pkt, req, &from)) != 0) {
		mip_ctx_drop(fa->ctx, now, mip_fa_drop_reason(rc), MIP_ROLE_FA,
		    pkt->src);
		deny(fa, &from, &d, MIP_CODE_FA_MN_AUTH, now);
		return;
	}
	/* 4. the challenge is the replay check (RFC 4721). */
	if ((code = check_challenge(fa, pkt, req, &chal)) != 0) {
		mip_ctx_drop(
		    fa->ctx, now, MIP_DROP_REPLAY, MIP_ROLE_FA, pkt->src);
		deny(fa, &from, &d, code, now);
		return;
	}
	/* 5. semantics. RFC 5944 3.7.2: a home agent address of ours means
   * we are not the one to relay it (116, sent for RFC 5944's 194). */
	if (mip_ctx_addr_ours(fa->ctx, req->ha_addr))
		code = MIP_CODE_FA_BAD_HA_ADDR;
	else if ((code = check_service(fa, pkt, req, &d.lifetime)) == 0)
		code = check_room(fa, req, &e);
	if (code != 0) {
		deny(fa, &from, &d, code, now);
		return;
	}
	/* 6-7. state and actions. */
	accept_request(fa, link, pkt, req, &from, chal, e, now);
}

/* ---- Registration Replies (RFC 5944 3.7.3) ---- */

static struct denial
denial_of_pending(const struct mip_fa_entry *e)
{
	struct denial d;

	d.home_addr = e->home_addr;
	d.ha_addr = e->pend.ha_addr;
	d.coa = e->pend.coa;
	d.ident = e->pend.ident;
	d.lifetime = e->pend.lifetime;
	return d;
}

/*
 * RFC 5944 3.7.3.1: when we share an SA with the home agent, exactly one
 * FA-HA authentication extension must be present (it may be missing only
 * from a reply with Lifetime 0, 3.7.1) and verify.
 */
static int
check_fa_ha(struct mip_fa *fa, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_fa_entry *e)
{
	const struct mip_ext *x;
	struct mip_ip4 peer = e->pend.ha_addr;
	struct mip_sa *sa;
	size_t n;
	uint32_t spi;

	if (mip_fa_sa_for_peer(fa, peer) == NULL) {
		peer = rep->ha_addr;
		if (mip_fa_sa_for_peer(fa, peer) == NULL)
			return 0;
	}
	n = count_ext(&rep->exts, MIP_EXT_FA_HA_AUTH, &x);
	if (n == 0 && rep->lifetime == 0)
		return 0;
	if (n != 1)
		return MIP_ERR_AUTH;
	if (mip_auth_ext_spi(x, &spi) != 0)
		return MIP_ERR_MALFORMED;
	if ((sa = mip_sa_find(fa->ctx->sas, peer, spi)) == NULL)
		return MIP_ERR_NO_SA;
	return mip_auth_verify_ext(sa, pkt->data, pkt->len, x) != 0
	    ? MIP_ERR_AUTH
	    : 0;
}

/* RFC 5944 3.7.3.2: relays the reply through the MN-HA authentication,
 * with our MN-FA authentication when we share an SA with the mobile node. */
static int
relay_reply(struct mip_fa *fa, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_fa_entry *e)
{
	size_t keep = relayed_len(&rep->exts, pkt->len);
	size_t cap = keep + AUTH_EXT_MAX;
	struct mip_wbuf w;
	uint8_t *b;
	int rc;

	if ((b = mip_outq_reserve(&fa->ctx->out, cap)) == NULL)
		return MIP_ERR_NOMEM;
	memcpy(b, pkt->data, keep);
	mip_wbuf_init(&w, b, cap);
	w.off = keep;
	if ((rc = append_mn_fa(fa, &w, rep->home_addr, &e->pend.from)) != 0)
		return rc;
	return send_to_mn(fa, &e->pend.from, rep->home_addr, w.off, rep->code);
}

/* What the relayed reply does to the visitor list (RFC 5944 3.7.3.2). */
static void
apply_reply(struct mip_fa *fa, struct mip_fa_entry *e,
    const struct mip_reg_rep *rep, const struct mip_now *now)
{
	uint16_t lifetime = rep->lifetime;

	if (rep->code != MIP_CODE_ACCEPTED &&
	    rep->code != MIP_CODE_ACCEPTED_NO_SIMUL) {
		mip_fa_ev_pending_done(e, now);
		return;
	}
	if (rep->lifetime == 0 || e->pend.lifetime == 0) {
		mip_fa_ev_deregistered(e, now);
		return;
	}
	/* A co-located care-of address (D) or no home address: nothing
   * for us to deliver. */
	if ((e->pend.flags & MIP_RRQ_F_D) || rep->home_addr.v == 0) {
		mip_fa_ev_pending_done(e, now);
		return;
	}
	if (e->home_addr.v == 0)
		mip_fa_entry_rehome(e, rep->home_addr, now);
	if (lifetime > fa->cfg.reg_lifetime)
		lifetime = fa->cfg.reg_lifetime;
	mip_fa_ev_accepted(e, rep->ha_addr, lifetime, now);
}

static void
on_reply(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_reg_rep rep;
	struct mip_fa_entry *e;
	struct denial d;
	uint32_t low;
	int rc;

	/* 1. syntax: a reply we cannot parse is silently discarded. */
	rc =
	    mip_reg_rep_decode(&rep, pkt->data, pkt->len, &fa->ctx->prof, NULL);
	if (rc != 0) {
		mip_ctx_drop(fa->ctx, now, mip_fa_drop_reason(rc), MIP_ROLE_FA,
		    pkt->src);
		return;
	}
	/* RFC 5944 3.7.3.1: a pending request with the same home address
   * (or a zero one, RFC 2794) and low 32 bits of Identification. */
	low = mip_ident_low(rep.ident);
	e = mip_fa_find_pending(fa, rep.home_addr, low);
	if (e == NULL && rep.home_addr.v != 0)
		e = mip_fa_find_pending(fa, (struct mip_ip4){ 0 }, low);
	if (e == NULL) {
		mip_ctx_drop(
		    fa->ctx, now, MIP_DROP_UNEXPECTED, MIP_ROLE_FA, pkt->src);
		return;
	}
	/* 2-3. SA and MAC: discarded, and the registration refused with
   * 68 (RFC 5944 3.7.3.1). */
	if ((rc = check_fa_ha(fa, pkt, &rep, e)) != 0) {
		mip_ctx_drop(fa->ctx, now, mip_fa_drop_reason(rc), MIP_ROLE_FA,
		    pkt->src);
		d = denial_of_pending(e);
		deny(fa, &e->pend.from, &d, MIP_CODE_FA_HA_AUTH, now);
		mip_fa_ev_pending_done(e, now);
		return;
	}
	/* Paper 8: our registration key, installed below if accepted. */
	mip_fa_regkey_reply(e, pkt, &rep);
	/* 6-7. relay, then update the visitor list: its lifetime counts
   * from the relay (RFC 5944 3.7.3.2). */
	if (relay_reply(fa, pkt, &rep, e) != 0)
		return;
	note_reg(fa, MIP_NOTE_REG_REPLY, rep.home_addr, e->pend.coa,
	    rep.ha_addr, rep.code);
	apply_reply(fa, e, &rep, now);
}

void
mip_fa_pending_fail(
    struct mip_fa_entry *e, uint8_t code, const struct mip_now *now)
{
	struct denial d = denial_of_pending(e);

	deny(e->fa, &e->pend.from, &d, code, now);
	mip_fa_ev_pending_done(e, now);
}

void
mip_fa_pending_timeout(struct mip_fa_entry *e, const struct mip_now *now)
{
	/* RFC 5944 3.7.1: code 78, registration timeout. */
	mip_fa_pending_fail(e, MIP_CODE_FA_TIMEOUT, now);
}

/* ---- the role interface ---- */

/* RFC 5944 3.7.2: requests to our address or care-of address on the
 * link, or to All Mobility Agents (2.3). */
static bool
request_for_us(const struct mip_fa *fa, const struct mip_fa_link_config *link,
    struct mip_ip4 dst)
{
	const struct mip_if_config *ifc = mip_ctx_if(fa->ctx, link->ifindex);

	return mip_ip4_eq(dst, link->coa) || mip_ip4_eq(dst, all_agents) ||
	    (ifc != NULL && mip_ip4_eq(dst, ifc->addr));
}

bool
mip_fa_on_packet(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	const struct mip_fa_link_config *link;
	struct mip_reg_req req;
	int rc;

	if (pkt->kind == MIP_PKT_ICMP)
		return mip_fa_on_icmp(fa, pkt, now);
	if (mip_fa_smooth_on_packet(fa, pkt, now))
		return true;
	if (pkt->kind != MIP_PKT_UDP || pkt->dport != MIP_UDP_PORT ||
	    pkt->len < 1)
		return false;
	if (pkt->data[0] == MIP_MSG_REG_REP) {
		if (!mip_fa_is_coa(fa, pkt->dst) &&
		    !mip_ctx_addr_ours(fa->ctx, pkt->dst))
			return false;
		on_reply(fa, pkt, now);
		return true;
	}
	if (pkt->data[0] != MIP_MSG_REG_REQ ||
	    (link = fa_link(fa, pkt->ifindex)) == NULL ||
	    !request_for_us(fa, link, pkt->dst))
		return false;
	if (pkt->len < MIP_REG_REQ_LEN) {
		mip_ctx_drop(
		    fa->ctx, now, MIP_DROP_SHORT, MIP_ROLE_FA, pkt->src);
		return true;
	}
	rc =
	    mip_reg_req_decode(&req, pkt->data, pkt->len, &fa->ctx->prof, NULL);
	/* RFC 5944 3.7.2: addressed to a home agent this node is, the
   * request is the home agent's to process (3.8.2). */
	if (mip_ctx_addr_ours(fa->ctx, req.ha_addr) &&
	    mip_agent_is_home_agent(fa->ctx->agent))
		return false;
	on_request(fa, link, pkt, &req, rc, now);
	return true;
}

int
mip_fa_new(struct mip_fa **out, struct mip_ctx *ctx,
    const struct mip_fa_config *cfg, const struct mip_now *now)
{
	struct mip_fa *fa;

	(void)now;
	*out = NULL;
	if (cfg->nlinks == 0)
		return MIP_ERR_INVAL;
	fa = ctx->mem.calloc(1, sizeof(*fa), ctx->mem.user_data);
	if (fa == NULL)
		return MIP_ERR_NOMEM;
	fa->ctx = ctx;
	fa->cfg = *cfg;
	fa->links = ctx->mem.calloc(
	    cfg->nlinks, sizeof(*fa->links), ctx->mem.user_data);
	if (fa->links == NULL) {
		mip_fa_del(fa);
		return MIP_ERR_NOMEM;
	}
	memcpy(fa->links, cfg->links, cfg->nlinks * sizeof(*fa->links));
	fa->cfg.links = fa->links;
	fa->max_pending =
	    cfg->max_pending ? cfg->max_pending : MIP_FA_MAX_PENDING_DEFAULT;
	fa->max_visitors =
	    cfg->max_visitors ? cfg->max_visitors : MIP_FA_MAX_VISITORS_DEFAULT;
	fa->pending_timeout = MIP_MSEC *
	    (mip_duration)(cfg->pending_timeout_ms
		    ? cfg->pending_timeout_ms
		    : MIP_FA_PENDING_TIMEOUT_DEFAULT_MS);
	mip_fa_smooth_init(fa);
	if (mip_fa_table_init(fa) != 0 || mip_fa_regkey_init(fa) != 0) {
		mip_fa_del(fa);
		return MIP_ERR_NOMEM;
	}
	ctx->fa = fa;
	*out = fa;
	return 0;
}

void
mip_fa_del(struct mip_fa *fa)
{
	if (fa == NULL)
		return;
	if (fa->ctx->fa == fa)
		fa->ctx->fa = NULL;
	mip_fa_smooth_free(fa);
	mip_fa_table_free(fa);
	mip_fa_regkey_free(fa);
	fa->ctx->mem.free(fa->links, fa->ctx->mem.user_data);
	fa->ctx->mem.free(fa, fa->ctx->mem.user_data);
}
