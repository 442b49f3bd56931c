/* SPDX-License-Identifier: ISC */
/*
 * The mobile node's side of smooth handoff (paper 4; RO spec 2.2, seed
 * 000 section 4): the Previous Foreign Agent Notification in a request to
 * a new foreign agent that advertises S, with its authenticator computed
 * over the Binding Update the new agent will build for the previous one;
 * that same Binding Update retransmitted by us until the previous agent's
 * Binding Acknowledge arrives or its forwarding binding must have
 * expired; then the key with the previous agent is dropped.
 *
 * Choices (docs/state-machines/mn.md, "Smooth handoff"):
 *  - We retransmit ourselves, straight to the previous agent (paper 4.1,
 *    4.3: "the mobile node is responsible for retransmitting"; RO spec
 *    2.2: the new FA does not). The bytes are those the new FA sent: A
 *    set, no Identification (paper 3.3), our precomputed authenticator;
 *    the previous agent looks the SA up by (Home Address, SPI) and needs
 *    no replay protection for a single-use key (RO spec 1.3, 2.2). From
 *    our home address (a co-located address when we have one), to the
 *    new agent's link-layer address while we are attached to it, so that
 *    it leaves before the Registration Reply installs our route.
 *  - First retransmission 1 s after the request, doubling to 32 s, none
 *    once the PFANE Cache Lifetime has passed since the request (RO spec
 *    1.5); then, or at the registration's end, the key goes.
 *  - Back home, no new agent turns a PFANE into an update, so we send
 *    the previous agent the update a PFANE would have predicted, with
 *    our home address as the New Care-of Address (RO spec 2.2: it then
 *    only deletes the visitor entry) and the same Cache Lifetime, so
 *    that it keeps the key to acknowledge our retransmissions again
 *    (mip_fa_smooth.c; with lifetime 0 it would forget the key and
 *    refuse them unauthenticated). From our home address, to the
 *    link-layer address of the home agent whose advertisement brought
 *    us home (an ICMP Router Advertisement: a router, RFC 1256 and
 *    RFC 5944 2.1), sent at once and then on the same schedule. None
 *    when an update to that agent is pending already: its key is
 *    single-use.
 *  - A Binding Acknowledge counts by its RO Authentication extension
 *    (type 35) under the key of a pending update (that SPI), for our
 *    home address, with Identification 0 (RO spec 1.4), whatever its IP
 *    source: the new agent relays it from its own address (paper 4.3).
 *    In any state (it may come before the Registration Reply). A
 *    negative one also ends the retransmissions: the agent answered,
 *    and the same bytes would get the same answer. Any other is dropped
 *    and changes nothing.
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"
#include "mip_mn.h"

#define MN_SH_LIFETIME_DEFAULT 10 /* seconds (paper 4.1: small) */

static uint16_t
cache_lifetime(const struct mip_mn *mn)
{
	return mn->cfg.sh_lifetime != 0 ? mn->cfg.sh_lifetime
					: MN_SH_LIFETIME_DEFAULT;
}

/* The key with the previous agent: a registration key, or the
 * per-visit key of a configured SA (never that SA itself). */
static struct mn_regkey *
prev_key(struct mip_mn *mn, const struct mip_sa **sa)
{
	struct mn_regkey *k = mip_mn_regkey_find(mn, mn->last_fa);

	if (k == NULL || (*sa = mip_mn_regkey_sa(mn, k)) == NULL)
		return NULL;
	return k;
}

/*
 * Paper 4.2: the Binding Update the previous agent |k| gets, to |new_coa|
 * for the Cache Lifetime, into |k|->bu, with its authenticator under the
 * key; |pf| is left filled in for a PFANE.
 */
static int
predict_bu(struct mip_mn *mn, struct mn_regkey *k, const struct mip_sa *sa,
    struct mip_ext_pfane *pf, struct mip_ip4 new_coa, uint8_t rrq_flags,
    uint8_t auth[MIP_AUTH_MAX_LEN])
{
	const struct mip_profile *prof = &mn->ctx->prof;
	uint8_t in[64];
	mip_ssize n;

	memset(pf, 0, sizeof(*pf));
	pf->cache_lifetime = cache_lifetime(mn);
	pf->prev_fa_addr = k->fa_addr;
	pf->new_coa = new_coa;
	pf->spi = k->spi;
	pf->auth_len = mip_auth_len(sa);
	n = mip_pfane_auth_input(
	    in, sizeof(in), pf, mn->cfg.home_addr, rrq_flags, prof);
	if (n < 0)
		return (int)n;
	if (mip_auth_compute(sa, in, (size_t)n, auth) != 0)
		return MIP_ERR_CRYPTO;
	pf->authenticator = auth;
	n = mip_pfane_bu_build(
	    k->bu, sizeof(k->bu), pf, mn->cfg.home_addr, rrq_flags, prof);
	if (n < 0)
		return (int)n;
	k->bu_len = (size_t)n;
	return 0;
}

int
mip_mn_smooth_pfane(
    struct mip_mn *mn, struct mip_wbuf *w, const struct mn_agent *ag)
{
	struct mn_request *r = &mn->req;
	uint8_t auth[MIP_AUTH_MAX_LEN];
	struct mip_ext_pfane pf;
	const struct mip_sa *sa;
	struct mn_regkey *k;
	int rc;

	/* Paper 9.1 step 2: a key with the previous foreign agent. */
	if (!mn->has_last_fa || mip_ip4_eq(mn->last_fa, ag->addr))
		return 0;
	if ((k = prev_key(mn, &sa)) == NULL)
		return 0;
	if ((rc = predict_bu(mn, k, sa, &pf, r->coa, r->flags, auth)) != 0)
		return rc;
	r->sh_key = k;
	return mip_ext_pfane_encode(w, &pf);
}

/* The update in |k| is out: retransmitted until the Cache Lifetime. */
static void
bu_pending(struct mip_mn *mn, struct mn_regkey *k, const struct mip_now *now)
{
	k->bu_pending = true;
	k->bu_rto = 0;
	k->bu_end = cache_lifetime(mn) == MIP_LIFETIME_INFINITE
	    ? MIP_TSTAMP_NONE
	    : now->mono + MIP_SEC * (mip_duration)cache_lifetime(mn);
	mn_timers_bu_sent(k, now);
}

void
mip_mn_smooth_sent(struct mip_mn *mn, const struct mip_now *now)
{
	struct mn_regkey *k = mn->req.sh_key;

	if (k == NULL || !k->used || k->bu_pending)
		return;
	bu_pending(mn, k, now);
}

static void
send_bu(struct mip_mn *mn, const struct mn_regkey *k)
{
	const struct mn_agent *ag = mn->cur >= 0 ? &mn->agents[mn->cur] : NULL;
	struct mip_act_send t;
	uint8_t *b = mip_outq_reserve(&mn->ctx->out, k->bu_len);

	if (b == NULL)
		return;
	memcpy(b, k->bu, k->bu_len);
	memset(&t, 0, sizeof(t));
	t.kind = MIP_PKT_UDP;
	t.ifindex = mn->cfg.home_ifindex;
	t.src = mn->away && mn->cfg.colocated && mn->has_coloc
	    ? mn->coloc
	    : mn->cfg.home_addr;
	t.dst = k->fa_addr;
	t.sport = MIP_UDP_PORT;
	t.dport = MIP_UDP_PORT;
	if (ag != NULL && ag->used && ag->has_hwaddr) {
		t.has_hwaddr = true;
		memcpy(t.dst_hwaddr, ag->hwaddr, MIP_HWADDR_LEN);
	}
	if (mip_outq_send(&mn->ctx->out, &t, k->bu_len) != 0)
		return;
	mn->ctx->stats.tx++;
}

void
mip_mn_smooth_home(struct mip_mn *mn, const struct mip_now *now)
{
	uint8_t auth[MIP_AUTH_MAX_LEN];
	struct mip_ext_pfane pf;
	const struct mip_sa *sa;
	struct mn_regkey *k;

	/* An update already pending to that agent (a PFANE's) used the
	 * single-use key: the agent would refuse a second one. */
	if (!mn->has_last_fa || (k = prev_key(mn, &sa)) == NULL ||
	    k->bu_pending)
		return;
	/* RO spec 2.2: the home address as the New Care-of Address; no
	 * tunnel follows it, so no M or G. */
	if (predict_bu(mn, k, sa, &pf, mn->cfg.home_addr, 0, auth) != 0)
		return;
	send_bu(mn, k);
	bu_pending(mn, k, now);
}

void
mip_mn_smooth_retx_expired(struct mn_regkey *k, const struct mip_now *now)
{
	struct mip_mn *mn = k->mn;

	if (!k->bu_pending)
		return;
	/* Paper 4.1: until the previous agent must have expired it. */
	if (now->mono >= k->bu_end) {
		mip_mn_regkey_drop(mn, k);
		return;
	}
	send_bu(mn, k);
	mn_timers_bu_sent(k, now);
}

/*
 * Decision 1 (mn.md): the slot whose update |ba| answers, by its RO
 * Authentication extension |auth| (SPI |spi|) under that slot's key; a
 * drop reason when none.
 */
static int
ba_key(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct mip_ext *auth, uint32_t spi, struct mn_regkey **out)
{
	int drop = MIP_DROP_UNEXPECTED;
	const struct mip_sa *sa;
	size_t i;

	for (i = 0; i < MN_REGKEYS_MAX; i++) {
		struct mn_regkey *k = &mn->keys[i];

		if (!k->used || !k->bu_pending || k->spi != spi ||
		    (sa = mip_mn_regkey_sa(mn, k)) == NULL)
			continue;
		/* Two agents may pick one SPI: the key decides. */
		if (mip_auth_verify_ext(sa, pkt->data, pkt->len, auth) == 0) {
			*out = k;
			return -1;
		}
		drop = MIP_DROP_AUTH;
	}
	return drop;
}

bool
mip_mn_smooth_on_ba(
    struct mip_mn *mn, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	const struct mip_ext *auth;
	struct mn_regkey *k = NULL;
	struct mip_ba ba;
	uint32_t spi;
	int rc, drop;

	rc = mip_ba_decode(&ba, pkt->data, pkt->len, &mn->ctx->prof, NULL);
	if (rc == MIP_ERR_UNSUPPORTED)
		return false;
	if (rc != 0) {
		drop =
		    rc == MIP_ERR_SHORT ? MIP_DROP_SHORT : MIP_DROP_MALFORMED;
	} else if (!mip_ip4_eq(ba.home_addr, mn->cfg.home_addr) ||
	    ba.ident != 0) {
		/* Paper 4.3: the answer to our update, no Identification. */
		drop = MIP_DROP_UNEXPECTED;
	} else if ((auth = mip_exts_find(&ba.exts, MIP_EXT_RO_AUTH, 0)) ==
	    NULL) {
		/* Relayed by the new agent from its own address: only the
		 * previous agent's key tells its acknowledgement apart. */
		drop = MIP_DROP_AUTH;
	} else if (mip_auth_ext_spi(auth, &spi) != 0) {
		drop = MIP_DROP_MALFORMED;
	} else {
		drop = ba_key(mn, pkt, auth, spi, &k);
	}
	if (drop >= 0) {
		/* Nothing changes: the retransmissions go on. */
		mip_ctx_drop(
		    mn->ctx, now, (enum mip_drop)drop, MIP_ROLE_MN, pkt->src);
		return true;
	}
	mip_mn_note(mn, MIP_NOTE_BINDING_DEL, mn->cfg.home_addr, k->fa_addr,
	    ba.status, 0);
	mip_mn_regkey_drop(mn, k);
	return true;
}
