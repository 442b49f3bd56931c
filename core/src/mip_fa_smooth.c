/* SPDX-License-Identifier: ISC */
/*
 * Smooth handoff between foreign agents (paper 4.1-4.3; spec sheet 1.3,
 * 1.4, 2.2), both ends of it.
 *
 * New foreign agent: the Previous Foreign Agent Notification of a request
 * becomes a Binding Update (A set, I clear) to the previous foreign agent,
 * sent from our address while the request is relayed (PAPER 9.4 step 1);
 * we never retransmit it (paper 4.3: the mobile node does). A Binding
 * Acknowledge for a mobile node whose update we sent, or for a visitor,
 * arriving at our care-of address is passed on to it on the link; before
 * its reply only once (paper 4.3: "limit ... to this single instance").
 *
 * Previous foreign agent: a Binding Update about a mobile node we hold a
 * registration key for is ours, not the correspondent node role's. It
 * passes only under that key (spec sheet 2.2 step 1: SA (home address,
 * SPI); no other SA, configured ones included), and only once: the key
 * is single-use (OPT-06 11.1), so an update without Identification cannot
 * be replayed to move the binding again. Then the visitor entry goes, the
 * binding cache (the node's correspondent-node role) gets a forwarding
 * binding to the new care-of address for the update's lifetime, or loses
 * any entry when the care-of address is the home address or the lifetime
 * 0 (paper 4.2), and the acknowledgement goes to the mobile node. Packets
 * still tunnelled to us for it no longer match a visitor tunnel and come
 * back as MIP_TRAFFIC_UNMATCHED, which the cache entry re-tunnels
 * (mip_cn_fwd.c). The key stays, with the accepted authenticator, for the
 * binding's lifetime, so that the mobile node's retransmission of the
 * same update is acknowledged again (paper 4.3: the ack may be lost)
 * without changing anything; any other update under it is refused (133).
 *
 * Where the acknowledgement goes (paper 4.3, spec sheet 1.4): to the
 * mobile node through its new care-of address. The core's send actions
 * carry no encapsulation and the new foreign agent has no tunnel from us,
 * so we send it as UDP to port 434 of the new care-of address itself: a
 * new foreign agent (this file, above) hands it to the mobile node on its
 * link, a mobile node with a co-located care-of address receives it
 * directly. It carries an RO Authentication extension (type 35) under the
 * registration key, so the mobile node can tell it from a forgery (spec
 * sheet 1.0 leaves BA authentication open). Refusals (131, 133, 134, 129,
 * 130) go, unauthenticated and rate-limited, to the update's IP source.
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"
#include "mip_cn.h"
#include "mip_fa.h"

/* Refusals before the key check: a burst, then one a second. */
#define BA_BURST 10
#define BA_INTERVAL MIP_SEC
#define BA_CAP (MIP_BA_LEN + 2 + 4 + MIP_AUTH_MAX_LEN)
#define BU_CAP (18 + MIP_AUTH_MAX_LEN)

static bool
addr_ours(const struct mip_fa *fa, struct mip_ip4 a)
{
	return mip_ctx_addr_ours(fa->ctx, a) || mip_fa_is_coa(fa, a);
}

static void
send_udp(struct mip_fa *fa, struct mip_ip4 src, struct mip_ip4 dst,
    uint16_t dport, size_t len)
{
	struct mip_act_send t;

	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_UDP;
	t.src = src;
	t.dst = dst;
	t.sport = MIP_UDP_PORT;
	t.dport = dport;
	if (mip_outq_send(&fa->ctx->out, &t, len) == 0)
		fa->ctx->stats.tx++;
}

/* ---- the new foreign agent ---- */

bool
mip_fa_smooth_notify(struct mip_fa *fa, const struct mip_reg_req *req,
    struct mip_ip4 src, struct mip_ip4 *prev_fa, const struct mip_now *now)
{
	const struct mip_ext *x = mip_exts_find(&req->exts, MIP_EXT_PFANE, 0);
	struct mip_ext_pfane pf;
	uint8_t *buf;
	mip_ssize n;

	prev_fa->v = 0;
	if (x == NULL || !fa->ctx->prof.ro)
		return false;
	/* Spec sheet 2.2: the New Care-of Address is the one registered or
	 * the home address; the previous agent is someone else. */
	if (mip_ext_pfane_decode(&pf, x, NULL) != 0 ||
	    (!mip_ip4_eq(pf.new_coa, req->coa) &&
		!mip_ip4_eq(pf.new_coa, req->home_addr)) ||
	    !mip_addr_usable(pf.prev_fa_addr) ||
	    addr_ours(fa, pf.prev_fa_addr)) {
		mip_ctx_drop(fa->ctx, now, MIP_DROP_MALFORMED, MIP_ROLE_FA,
		    req->home_addr);
		return false;
	}
	if ((buf = mip_outq_reserve(&fa->ctx->out, BU_CAP)) == NULL)
		return false;
	n = mip_pfane_bu_build(
	    buf, BU_CAP, &pf, req->home_addr, req->flags, &fa->ctx->prof);
	if (n < 0)
		return false;
	/* OPT-11 6.1: from our own address, to port 434. */
	send_udp(fa, src, pf.prev_fa_addr, MIP_UDP_PORT, (size_t)n);
	/* Paper 4.3: the previous FA then re-tunnels to the new care-of
	 * address; ours unless the mobile node goes home or co-located. */
	if (mip_ip4_eq(pf.new_coa, req->coa) && !(req->flags & MIP_RRQ_F_D))
		*prev_fa = pf.prev_fa_addr;
	return true;
}

static bool
on_ack(struct mip_fa *fa, const struct mip_pkt_in *pkt)
{
	struct mip_fa_entry *e;
	struct mip_fa_from from;
	const struct mip_if_config *ifc;
	struct mip_ba ba;
	uint8_t *buf;

	if (mip_ba_decode(&ba, pkt->data, pkt->len, &fa->ctx->prof, NULL) !=
		0 ||
	    (e = mip_fa_find(fa, ba.home_addr)) == NULL)
		return false;
	if ((e->state == MIP_FA_PENDING || e->state == MIP_FA_RENEWING) &&
	    e->pend.bu_sent && !e->pend.ba_relayed &&
	    mip_ip4_eq(pkt->dst, e->pend.relay_src)) {
		from = e->pend.from;
		e->pend.ba_relayed = true;
	} else if ((e->state == MIP_FA_REGISTERED ||
		       e->state == MIP_FA_RENEWING) &&
	    mip_ip4_eq(pkt->dst, e->reg.coa)) {
		memset(&from, 0, sizeof(from));
		from.ifindex = e->reg.ifindex;
		if ((ifc = mip_ctx_if(fa->ctx, e->reg.ifindex)) != NULL)
			from.dst = ifc->addr;
		from.sport = MIP_UDP_PORT;
		from.has_hwaddr = e->reg.has_hwaddr;
		memcpy(from.hwaddr, e->reg.hwaddr, MIP_HWADDR_LEN);
	} else {
		return false;
	}
	if ((buf = mip_outq_reserve(&fa->ctx->out, pkt->len)) == NULL)
		return true;
	memcpy(buf, pkt->data, pkt->len);
	(void)mip_fa_send_on_link(fa, &from, ba.home_addr, pkt->len);
	return true;
}

/* ---- the previous foreign agent ---- */

/* One received update as the checks see it. */
struct sh_rx {
	const struct mip_pkt_in *pkt;
	struct mip_bu bu;
	const struct mip_ext *auth;
	uint32_t spi;
	struct mip_sa *sa;
};

static bool
holds_key(struct mip_fa *fa, struct mip_ip4 home_addr)
{
	const struct mip_fa_entry *e = mip_fa_find(fa, home_addr);
	size_t i;

	if (e != NULL && (e->reg.has_key || e->reg.visit_sa != NULL))
		return true;
	for (i = 0; i < MIP_FA_HANDOFFS; i++)
		if (fa->ho[i].used &&
		    mip_ip4_eq(fa->ho[i].home_addr, home_addr))
			return true;
	return false;
}

static void
handoff_end(struct mip_fa_handoff *ho)
{
	fa_timers_handoff_stop(ho);
	if (ho->visit_sa != NULL)
		mip_sa_free(ho->visit_sa);
	else
		(void)mip_sa_remove(ho->fa->ctx->sas, ho->home_addr, ho->spi);
	ho->visit_sa = NULL;
	ho->used = false;
}

void
mip_fa_smooth_forget(struct mip_fa *fa, struct mip_ip4 home_addr)
{
	size_t i;

	for (i = 0; i < MIP_FA_HANDOFFS; i++)
		if (fa->ho[i].used &&
		    mip_ip4_eq(fa->ho[i].home_addr, home_addr))
			handoff_end(&fa->ho[i]);
}

void
mip_fa_smooth_expired(struct mip_fa_handoff *ho)
{
	handoff_end(ho);
}

void
mip_fa_smooth_init(struct mip_fa *fa)
{
	size_t i;

	mip_ratelimit_init(&fa->ba_rl, BA_BURST, BA_INTERVAL);
	for (i = 0; i < MIP_FA_HANDOFFS; i++) {
		fa->ho[i].fa = fa;
		fa_timers_handoff_init(&fa->ho[i]);
	}
}

void
mip_fa_smooth_free(struct mip_fa *fa)
{
	size_t i;

	for (i = 0; i < MIP_FA_HANDOFFS; i++)
		if (fa->ho[i].used)
			handoff_end(&fa->ho[i]);
}

/* A free record, or the one that expires first, ended. */
static struct mip_fa_handoff *
handoff_new(struct mip_fa *fa)
{
	struct mip_fa_handoff *best = &fa->ho[0];
	size_t i;

	for (i = 0; i < MIP_FA_HANDOFFS; i++) {
		if (!fa->ho[i].used)
			return &fa->ho[i];
		if (fa->ho[i].timer.expires < best->timer.expires)
			best = &fa->ho[i];
	}
	handoff_end(best);
	return best;
}

/*
 * RO spec 1.4: Home Address and Identification copied from the update;
 * an RO Authentication extension under |sa| when given.
 */
static void
send_ack(struct mip_fa *fa, const struct mip_bu *bu, uint8_t status,
    const struct mip_sa *sa, struct mip_ip4 src, struct mip_ip4 dst,
    uint16_t dport)
{
	struct mip_ba ba;
	struct mip_wbuf w;
	uint8_t *buf;
	mip_ssize n;

	if ((buf = mip_outq_reserve(&fa->ctx->out, BA_CAP)) == NULL)
		return;
	memset(&ba, 0, sizeof(ba));
	ba.status = status;
	ba.home_addr = bu->home_addr;
	ba.ident = (bu->flags & MIP_BU_F_I) ? bu->ident : 0;
	if ((n = mip_ba_encode(buf, BA_CAP, &ba, &fa->ctx->prof)) < 0)
		return;
	mip_wbuf_init(&w, buf, BA_CAP);
	w.off = (size_t)n;
	if (sa != NULL && mip_auth_append(&w, MIP_EXT_RO_AUTH, sa) != 0)
		return;
	send_udp(fa, src, dst, dport, w.off);
}

/* A refusal to the update's source (RO draft 4.4: when A is set),
 * rate-limited: nothing about the sender is proven yet. */
static void
refuse(struct mip_fa *fa, const struct sh_rx *rx, uint8_t status,
    enum mip_drop reason, const struct mip_now *now)
{
	const struct mip_pkt_in *pkt = rx->pkt;

	mip_ctx_drop(fa->ctx, now, reason, MIP_ROLE_FA, pkt->src);
	if (!(rx->bu.flags & MIP_BU_F_A) ||
	    !mip_ratelimit_take(&fa->ba_rl, now))
		return;
	send_ack(fa, &rx->bu, status, NULL, pkt->dst, pkt->src, pkt->sport);
}

static const uint8_t *
auth_mac(const struct sh_rx *rx, size_t *len)
{
	/* Type 35: SPI, then the authenticator. */
	*len = rx->auth->len - 4U;
	return rx->auth->body + 4;
}

/* Paper 4.3, spec sheet 2.2 steps 2-4: the accepted update's effects.
 * Returns the record that now holds the key and the status. */
static struct mip_fa_handoff *
hand_off(struct mip_fa *fa, struct sh_rx *rx, const struct mip_now *now)
{
	const struct mip_bu *bu = &rx->bu;
	struct mip_fa_entry *e = mip_fa_find(fa, bu->home_addr);
	struct mip_fa_handoff *ho;
	struct mip_bcache_entry *be;
	struct mip_cn_bind b;
	const uint8_t *mac;
	size_t mac_len;

	/* The key moves from the visitor to a handoff record, which keeps
	 * it for the retransmissions. */
	ho = handoff_new(fa);
	mac = auth_mac(rx, &mac_len);
	ho->used = true;
	if (rx->sa == e->reg.visit_sa) {
		ho->visit_sa = e->reg.visit_sa;
		ho->method = MIP_REGKEY_CONFIGURED;
		e->reg.visit_sa = NULL;
	} else {
		ho->method = e->reg.key_method;
		e->reg.has_key = false;
	}
	ho->home_addr = bu->home_addr;
	ho->coa = bu->coa;
	ho->spi = rx->spi;
	ho->mac_len = mac_len < sizeof(ho->mac) ? mac_len : sizeof(ho->mac);
	memcpy(ho->mac, mac, ho->mac_len);
	ho->status = MIP_BA_ACCEPTED;
	memset(&b, 0, sizeof(b));
	b.home_addr = bu->home_addr;
	b.coa = bu->coa;
	b.local = e->reg.coa; /* where its home agent's tunnel ends */
	b.ha_addr = e->reg.ha_addr;
	b.spi = rx->spi;
	b.flags = bu->flags & (MIP_BU_F_M | MIP_BU_F_G);
	b.lifetime = bu->lifetime;
	mip_fa_ev_moved(e, now); /* |e| may be gone */
	if (fa->ctx->cn != NULL) {
		be = mip_bcache_find(&fa->ctx->cn->cache, bu->home_addr);
		/* Paper 4.2: the home address, or lifetime 0, forgets it. */
		if (mip_bu_is_delete(bu)) {
			if (be != NULL)
				mip_cn_cache_delete(fa->ctx->cn, be);
		} else if (mip_cn_cache_update(fa->ctx->cn, &b, now) != 0) {
			ho->status = MIP_BA_RESOURCES;
		}
	}
	return ho;
}

/* The status for an authenticated update (as mip_cn.c's checks). */
static uint8_t
validate(const struct mip_fa *fa, const struct mip_bu *bu)
{
	if (!mip_addr_usable(bu->home_addr))
		return MIP_BA_BAD_BU;
	if (mip_bu_is_delete(bu))
		return MIP_BA_ACCEPTED;
	if (!mip_addr_usable(bu->coa))
		return MIP_BA_BAD_BU;
	if (addr_ours(fa, bu->coa))
		return MIP_BA_PROHIBITED;
	return MIP_BA_ACCEPTED;
}

static void
on_update(
    struct mip_fa *fa, struct sh_rx *rx, int rc, const struct mip_now *now)
{
	const struct mip_pkt_in *pkt = rx->pkt;
	struct mip_ip4 home_addr = rx->bu.home_addr;
	const struct mip_fa_handoff *done;
	struct mip_fa_handoff *ho;
	const uint8_t *mac;
	size_t mac_len;
	uint8_t status;

	/* 1. syntax */
	if (rc != 0) {
		refuse(fa, rx, MIP_BA_BAD_BU, mip_fa_drop_reason(rc), now);
		return;
	}
	/* 2. SA: spec sheet 2.2 step 1, (home address, SPI), and only a
	 * registration key of ours. */
	if ((rx->auth = mip_exts_find(&rx->bu.exts, MIP_EXT_RO_AUTH, 0)) ==
	    NULL) {
		refuse(fa, rx, MIP_BA_AUTH, MIP_DROP_AUTH, now);
		return;
	}
	if (mip_auth_ext_spi(rx->auth, &rx->spi) != 0) {
		refuse(fa, rx, MIP_BA_BAD_BU, MIP_DROP_MALFORMED, now);
		return;
	}
	if ((rx->sa = mip_fa_regkey_sa(fa, home_addr, rx->spi)) == NULL) {
		refuse(fa, rx, MIP_BA_AUTH, MIP_DROP_NO_SA, now);
		return;
	}
	/* 3. MAC (spec sheet 2.2: the fixed part through the SPI). */
	if (mip_auth_verify_ext(rx->sa, pkt->data, pkt->len, rx->auth) != 0) {
		refuse(fa, rx, MIP_BA_AUTH, MIP_DROP_AUTH, now);
		return;
	}
	/* 4. freshness: a key is good for one update; its retransmission
	 * is acknowledged again and changes nothing. */
	if ((done = mip_fa_handoff_of(fa, home_addr, rx->spi)) != NULL) {
		mac = auth_mac(rx, &mac_len);
		if (mac_len != done->mac_len ||
		    memcmp(mac, done->mac, mac_len) != 0) {
			refuse(
			    fa, rx, MIP_BA_ID_MISMATCH, MIP_DROP_REPLAY, now);
			return;
		}
		if (rx->bu.flags & MIP_BU_F_A)
			send_ack(fa, &rx->bu, done->status, rx->sa, pkt->dst,
			    done->coa, MIP_UDP_PORT);
		return;
	}
	/* 5. semantics: a refusal changes nothing, the key stays (the
	 * registered visitor's: mip_fa_regkey_sa). */
	if ((status = validate(fa, &rx->bu)) != MIP_BA_ACCEPTED) {
		refuse(fa, rx, status, MIP_DROP_MALFORMED, now);
		return;
	}
	/* 6-7. state, then the acknowledgement to the mobile node at its
	 * new care-of address, under the key the handoff record now
	 * holds. */
	ho = hand_off(fa, rx, now);
	if (rx->bu.flags & MIP_BU_F_A)
		send_ack(fa, &rx->bu, ho->status,
		    mip_fa_regkey_sa(fa, home_addr, rx->spi), pkt->dst,
		    rx->bu.coa, MIP_UDP_PORT);
	/* OPT-11 8.1: the mobile node retransmits until acknowledged or
	 * until the binding must have expired; none with lifetime 0.
	 * A key without a timer would outlive the binding: none then. */
	if (rx->bu.lifetime == 0 ||
	    fa_timers_handoff_set(ho, rx->bu.lifetime, now) != 0)
		handoff_end(ho);
}

bool
mip_fa_smooth_on_packet(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	enum mip_msg_kind kind;
	struct sh_rx rx;
	int rc;

	kind = mip_ctx_udp_kind(fa->ctx, pkt);
	if (kind == MIP_MSG_KIND_BIND_ACK)
		return on_ack(fa, pkt);
	if (kind != MIP_MSG_KIND_BIND_UPDATE)
		return false;
	memset(&rx, 0, sizeof(rx));
	rx.pkt = pkt;
	rc = mip_bu_decode(&rx.bu, pkt->data, pkt->len, &fa->ctx->prof, NULL);
	/* Ours only about a mobile node we hold a registration key for;
	 * the rest is the correspondent node role's (its home agents). */
	if ((rc != 0 && rc != MIP_ERR_UNKNOWN_EXT) ||
	    !holds_key(fa, rx.bu.home_addr))
		return false;
	on_update(fa, &rx, rc, now);
	return true;
}
