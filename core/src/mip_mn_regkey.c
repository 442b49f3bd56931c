/* SPDX-License-Identifier: ISC */
/*
 * The mobile node's registration keys (paper 6-9; RO spec 2.6): the key
 * request of paper 9.1 toward a foreign agent that advertises S, the key
 * taken from an accepted Registration Reply (120 under our MN-HA SA, 122
 * under our RSA key, 124 by Diffie-Hellman, 125 naming the SPI), and the
 * slots that keep each key as an MN-FA SA (the agent's address, the SPI)
 * for as long as the registration lasts. The smooth handoff that uses
 * them lives in mip_mn_smooth.c.
 *
 * Choices (docs/state-machines/mn.md, "Registration keys"):
 *  - Key extensions count only before the Mobile-Home authentication
 *    extension, so that the home agent vouches for them (paper 6.3, 7.4:
 *    this defeats a man in the middle), and only in an accepted reply.
 *  - Exactly one of 120, 122, 124 per reply; anything else (two of them,
 *    two 125s, a key that does not decode) leaves the registration as it
 *    is, without a key (paper 6: a reply without a key is normal).
 *  - 120's SPI names the MN-HA SA that encrypts the key (paper 8.1); the
 *    key's own SPI is the 125's, else the SPI of the FA's copy in 123
 *    (paper 8.4). 122 and 124 carry the key's SPI (paper 8.3, 8.5) unless
 *    a 125 overrides it.
 *  - Registration keys authenticate smooth handoffs only, never our
 *    registrations with that agent (REGKEY-00 9: not a master key); the
 *    key with an agent is not asked for again while it lasts (9.1 step 3).
 *  - A configured MN-FA SA is never used for smooth handoff itself: each
 *    accepted reply via that agent yields a per-visit key from the
 *    reply's Identification (mip_visit_key.h), which the agent derives
 *    from its visitor entry; a Binding Update of an older visit then
 *    fails there.
 */
#include <string.h>

#include "mip/mip_proto.h"
#include "mip/mip_regkey.h"
#include "mip/mip_sa.h"
#include "mip_mn.h"
#include "mip_visit_key.h"

#define MN_DH_BITS_DEFAULT 2048

int
mip_mn_regkey_new(struct mip_mn *mn, const struct mip_now *now)
{
	struct mip_mn_config *c = &mn->cfg;
	unsigned bits = c->dh_bits != 0 ? c->dh_bits : MN_DH_BITS_DEFAULT;

	if (c->regkey == MIP_MN_REGKEY_RSA) {
		size_t n = c->rsa_pub_len + c->rsa_priv_len;

		if (c->rsa_pub == NULL || c->rsa_pub_len == 0 ||
		    c->rsa_pub_len > 0xffff || c->rsa_priv == NULL ||
		    c->rsa_priv_len == 0)
			return MIP_ERR_INVAL;
		mn->rsa_der = mn->ctx->mem.calloc(1, n, mn->ctx->mem.user_data);
		if (mn->rsa_der == NULL)
			return MIP_ERR_NOMEM;
		memcpy(mn->rsa_der, c->rsa_pub, c->rsa_pub_len);
		memcpy(
		    mn->rsa_der + c->rsa_pub_len, c->rsa_priv, c->rsa_priv_len);
		/* mip_node.h: the core keeps no caller pointers. */
		c->rsa_pub = mn->rsa_der;
		c->rsa_priv = mn->rsa_der + c->rsa_pub_len;
	} else {
		c->rsa_pub = c->rsa_priv = NULL;
		c->rsa_pub_len = c->rsa_priv_len = 0;
	}
	if (c->regkey == MIP_MN_REGKEY_DH) {
		mn->dh_p = mip_dh_group(bits, &mn->dh_len, mn->dh_g);
		if (mn->dh_p == NULL)
			return MIP_ERR_INVAL;
		/* Paper 6.3: computed ahead, not in the first handoff. */
		mn_timers_dh_soon(mn, now);
	}
	return 0;
}

void
mip_mn_regkey_del(struct mip_mn *mn)
{
	size_t i;

	for (i = 0; i < MN_REGKEYS_MAX; i++) {
		mip_sa_free(mn->keys[i].visit_sa);
		mn->keys[i].visit_sa = NULL;
	}
	if (mn->rsa_der != NULL) {
		memset(
		    mn->rsa_der, 0, mn->cfg.rsa_pub_len + mn->cfg.rsa_priv_len);
		mn->ctx->mem.free(mn->rsa_der, mn->ctx->mem.user_data);
		mn->rsa_der = NULL;
	}
	memset(mn->dh_priv, 0, sizeof(mn->dh_priv));
}

/*
 * Paper 6.3: the private number and computed value for the next request,
 * drawn from the node's only randomness.
 */
void
mip_mn_dh_prepare(struct mip_mn *mn)
{
	if (mn->dh_p == NULL || mn->dh_ready)
		return;
	mn->ctx->rnd.fill(
	    mn->dh_priv, sizeof(mn->dh_priv), mn->ctx->rnd.user_data);
	/* A full-length, nonzero exponent (mip_dh_public). */
	mn->dh_priv[0] |= 0x80;
	mn->dh_ready = mip_dh_public(mn->dh_pub, mn->dh_p, mn->dh_g, mn->dh_len,
			   mn->dh_priv, sizeof(mn->dh_priv)) == 0;
}

/* ---- key slots ---- */

struct mn_regkey *
mip_mn_regkey_find(struct mip_mn *mn, struct mip_ip4 fa)
{
	size_t i;

	for (i = 0; i < MN_REGKEYS_MAX; i++)
		if (mn->keys[i].used && mip_ip4_eq(mn->keys[i].fa_addr, fa))
			return &mn->keys[i];
	return NULL;
}

const struct mip_sa *
mip_mn_regkey_sa(const struct mip_mn *mn, const struct mn_regkey *k)
{
	if (k->visit_sa != NULL)
		return k->visit_sa;
	return k->dynamic ? mip_sa_find(mn->ctx->sas, k->fa_addr, k->spi)
			  : NULL;
}

bool
mip_mn_regkey_owns(const struct mip_mn *mn, const struct mip_sa *sa)
{
	size_t i;

	for (i = 0; i < MN_REGKEYS_MAX; i++) {
		const struct mn_regkey *k = &mn->keys[i];

		if (k->used && k->dynamic && k->spi == sa->cfg.spi &&
		    mip_ip4_eq(k->fa_addr, sa->cfg.peer))
			return true;
	}
	return false;
}

void
mip_mn_regkey_drop(struct mip_mn *mn, struct mn_regkey *k)
{
	if (!k->used)
		return;
	mn_timers_regkey_stop(k);
	if (k->dynamic)
		(void)mip_sa_remove(mn->ctx->sas, k->fa_addr, k->spi);
	mip_sa_free(k->visit_sa);
	if (mn->req.sh_key == k)
		mn->req.sh_key = NULL;
	memset(k, 0, offsetof(struct mn_regkey, expiry));
	k->mn = mn;
}

struct mn_regkey *
mip_mn_regkey_slot(struct mip_mn *mn)
{
	struct mn_regkey *victim = NULL;
	size_t i;

	for (i = 0; i < MN_REGKEYS_MAX; i++) {
		struct mn_regkey *k = &mn->keys[i];

		if (!k->used)
			return k;
		if (k != mn->req.sh_key &&
		    (victim == NULL ||
			k->expiry.expires < victim->expiry.expires))
			victim = k;
	}
	mip_mn_regkey_drop(mn, victim);
	return victim;
}

/* ---- the request (paper 9.1) ---- */

/* Paper 9.1 step 1, RO spec 2.4: S only under the RO profile. */
static bool
offers_s(const struct mip_mn *mn, const struct mn_agent *ag)
{
	const struct mip_profile *prof = &mn->ctx->prof;

	return prof->ro && prof->s_mask != 0 && (ag->flags & prof->s_mask);
}

int
mip_mn_regkey_append(
    struct mip_mn *mn, struct mip_wbuf *w, const struct mn_agent *ag)
{
	struct mip_ext_regkey_req q;
	int rc;

	if (mn->cfg.regkey == MIP_MN_REGKEY_OFF || !offers_s(mn, ag))
		return 0;
	/* Step 2: the previous agent learns where we went. */
	if ((rc = mip_mn_smooth_pfane(mn, w, ag)) != 0)
		return rc;
	/* Step 3: an SA with the new agent needs no key. */
	if (mip_mn_fa_sa(mn, ag->addr) != NULL ||
	    mip_mn_regkey_find(mn, ag->addr) != NULL)
		return 0;
	memset(&q, 0, sizeof(q));
	switch (mn->cfg.regkey) {
	case MIP_MN_REGKEY_OFF:
	case MIP_MN_REGKEY_PRECONF:
		return 0;
	case MIP_MN_REGKEY_RSA: {
		/* Step 4: the agent picks a key for our public key. */
		struct mip_ext_mn_pubkey pk = { mn->cfg.rsa_pub,
			mn->cfg.rsa_pub_len };

		return mip_ext_mn_pubkey_encode(w, &pk);
	}
	case MIP_MN_REGKEY_DH:
		/* Step 5; normally computed already (mn_timers_dh_soon). */
		mip_mn_dh_prepare(mn);
		if (mn->dh_ready) {
			q.prime = mn->dh_p;
			q.generator = mn->dh_g;
			q.value = mn->dh_pub;
			q.l = mn->dh_len;
		}
		rc = mip_ext_regkey_req_encode(w, &q);
		if (rc == 0 && q.l > 0)
			mn->req.dh = true;
		return rc;
	case MIP_MN_REGKEY_ANY:
		/* Step 6: any method but Diffie-Hellman. */
		return mip_ext_regkey_req_encode(w, &q);
	}
	return 0;
}

/* ---- the reply ---- */

/* What an accepted reply offers before its Mobile-Home authentication. */
struct key_offer {
	const struct mip_ext *key; /* the one 120, 122 or 124 */
	unsigned nkeys;
	unsigned nspi; /* 125s */
	uint32_t spi;
	bool has_fa_pub; /* 123: the FA's copy names the SPI */
	uint32_t fa_pub_spi;
};

static int
gather(struct key_offer *o, const struct mip_reg_rep *rep)
{
	const struct mip_ext *auth =
	    mip_exts_find(&rep->exts, MIP_EXT_MN_HA_AUTH, 0);
	size_t i;

	memset(o, 0, sizeof(o[0]));
	for (i = 0; auth != NULL && &rep->exts.e[i] < auth; i++) {
		const struct mip_ext *e = &rep->exts.e[i];
		struct mip_ext_regkey_spi s;
		struct mip_ext_regkey_key k;

		switch (e->type) {
		case MIP_EXT_HM_KEY_REP:
		case MIP_EXT_MN_PUBKEY_REP:
		case MIP_EXT_DH_KEY_REP:
			o->key = e;
			o->nkeys++;
			break;
		case MIP_EXT_SPI:
			if (mip_ext_regkey_spi_decode(&s, e, NULL) != 0)
				return MIP_DROP_MALFORMED;
			o->spi = s.spi;
			o->nspi++;
			break;
		case MIP_EXT_FA_PUBKEY_REP:
			if (mip_ext_regkey_key_decode(&k, e, NULL) != 0)
				return MIP_DROP_MALFORMED;
			o->has_fa_pub = true;
			o->fa_pub_spi = k.spi;
			break;
		default:
			break;
		}
	}
	if (o->nkeys > 1 || o->nspi > 1)
		return MIP_DROP_MALFORMED;
	return -1;
}

/*
 * Recovers the key of |o| into |key| and its SPI into |*spi|: a drop
 * reason, or -1.
 */
static int
recover(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct key_offer *o, const struct mip_sa *ha_sa,
    uint8_t key[MIP_REGKEY_LEN], uint32_t *spi)
{
	struct mip_ext_regkey_key k;
	const struct mip_sa *sa;
	size_t covered;

	if (mip_ext_regkey_key_decode(&k, o->key, NULL) != 0)
		return MIP_DROP_MALFORMED;
	*spi = o->nspi > 0 ? o->spi : k.spi;
	switch (k.type) {
	case MIP_EXT_HM_KEY_REP:
		/* Paper 8.1: under an MN-HA SA, its SPI in the extension;
		 * spec 2.6.1: the pad covers the reply through that SPI. */
		sa = mip_sa_find(mn->ctx->sas, ha_sa->cfg.peer, k.spi);
		if (sa == NULL)
			return MIP_DROP_NO_SA;
		if (k.key_len != MIP_REGKEY_LEN)
			return MIP_DROP_MALFORMED;
		if (o->nspi == 0 && !o->has_fa_pub)
			return MIP_DROP_MALFORMED; /* no SPI for the key */
		if (o->nspi == 0)
			*spi = o->fa_pub_spi;
		covered = (size_t)(k.key - pkt->data);
		if (mip_regkey_pad(key, sa->cfg.key, sa->cfg.key_len, pkt->data,
			covered, k.key) != 0)
			return MIP_DROP_MALFORMED;
		return -1;
	case MIP_EXT_MN_PUBKEY_REP:
		/* Paper 8.3: the agent's key under our public key. */
		if (mn->cfg.rsa_priv == NULL ||
		    mip_rsa_decrypt_key(key, mn->cfg.rsa_priv,
			mn->cfg.rsa_priv_len, k.key,
			k.key_len) != MIP_REGKEY_LEN)
			return MIP_DROP_AUTH;
		return -1;
	case MIP_EXT_DH_KEY_REP:
		/* Paper 8.5: the agent's value for the one we sent. */
		if (!mn->req.dh || k.key_len != mn->dh_len)
			return MIP_DROP_UNEXPECTED;
		if (mip_dh_key(key, mn->dh_p, mn->dh_len, mn->dh_priv,
			sizeof(mn->dh_priv), k.key) != 0)
			return MIP_DROP_AUTH;
		return -1;
	default:
		return MIP_DROP_MALFORMED;
	}
}

/* How the key of |o| came (paper 8.1-8.5): 120 with the FA's copy of
 * 123 is the FA public key method, without it the HA distributor. */
static enum mip_regkey_method
method_of(const struct key_offer *o)
{
	switch (o->key->type) {
	case MIP_EXT_MN_PUBKEY_REP:
		return MIP_REGKEY_MN_PUBLIC_KEY;
	case MIP_EXT_DH_KEY_REP:
		return MIP_REGKEY_DIFFIE_HELLMAN;
	default:
		return o->has_fa_pub ? MIP_REGKEY_FA_PUBLIC_KEY
				     : MIP_REGKEY_HA_DISTRIBUTOR;
	}
}

/* Keeps |key|, obtained by |method|, as the MN-FA SA (|fa|, |spi|)
 * until |end|. */
static int
install(struct mip_mn *mn, struct mip_ip4 fa, uint32_t spi,
    const uint8_t key[MIP_REGKEY_LEN], enum mip_regkey_method method,
    mip_tstamp end)
{
	struct mn_regkey *k = mip_mn_regkey_find(mn, fa);
	struct mip_sa_config c;
	int rc;

	if (spi < MIP_SPI_MIN)
		return MIP_DROP_MALFORMED;
	/* A new key with the agent replaces the old one. */
	if (k != NULL)
		mip_mn_regkey_drop(mn, k);
	/* A configured SA is never overwritten. */
	if (mip_sa_find(mn->ctx->sas, fa, spi) != NULL)
		return MIP_DROP_UNEXPECTED;
	k = mip_mn_regkey_slot(mn);
	mip_sa_config_init(&c);
	c.peer = fa;
	c.spi = spi;
	memcpy(c.key, key, MIP_REGKEY_LEN);
	c.key_len = MIP_REGKEY_LEN;
	rc = mip_sa_add(mn->ctx->sas, &c, NULL);
	memset(c.key, 0, sizeof(c.key));
	if (rc != 0)
		return rc == MIP_ERR_LIMIT ? MIP_DROP_LIMIT
					   : MIP_DROP_MALFORMED;
	k->used = true;
	k->dynamic = true;
	k->fa_addr = fa;
	k->spi = spi;
	k->method = method;
	mn_timers_regkey_set(k, end);
	return -1;
}

/*
 * Method 1 (mip_visit_key.h): the per-visit key of the SA configured with
 * |fa|, from the Identification of the reply it relayed; it replaces the
 * key of an earlier visit. A drop reason, or -1.
 */
static int
visit_key(struct mip_mn *mn, struct mip_ip4 fa, uint64_t ident, mip_tstamp end)
{
	const struct mip_sa *cfg_sa = mip_mn_fa_sa(mn, fa);
	struct mn_regkey *k;
	struct mip_sa *sa;

	if (cfg_sa == NULL)
		return -1;
	if ((k = mip_mn_regkey_find(mn, fa)) != NULL)
		mip_mn_regkey_drop(mn, k);
	if (mip_visit_key_new(&sa, cfg_sa, ident, &mn->ctx->mem) != 0)
		return MIP_DROP_LIMIT;
	k = mip_mn_regkey_slot(mn);
	k->used = true;
	k->fa_addr = fa;
	k->spi = cfg_sa->cfg.spi;
	k->method = MIP_REGKEY_CONFIGURED;
	k->visit_sa = sa;
	mn_timers_regkey_set(k, end);
	return -1;
}

void
mip_mn_regkey_accepted(struct mip_mn *mn, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep, const struct mip_sa *ha_sa, uint16_t granted,
    const struct mip_now *now)
{
	const struct mn_request *r = &mn->req;
	mip_tstamp end = granted == MIP_LIFETIME_INFINITE
	    ? MIP_TSTAMP_NONE
	    : r->ident_sent + MIP_SEC * (mip_duration)granted;
	uint8_t key[MIP_REGKEY_LEN];
	struct key_offer o;
	struct mn_regkey *k;
	uint32_t spi = 0;
	int drop;

	if (r->mode != MN_MODE_FA && r->mode != MN_MODE_COLOC_FA) {
		mn->has_last_fa = false;
		return;
	}
	if ((drop = gather(&o, rep)) < 0 && o.key != NULL &&
	    (drop = recover(mn, pkt, &o, ha_sa, key, &spi)) < 0)
		drop = install(mn, r->dst, spi, key, method_of(&o), end);
	else if (drop < 0 && mn->cfg.regkey != MIP_MN_REGKEY_OFF &&
	    mn->ctx->prof.ro)
		drop = visit_key(mn, r->dst, rep->ident, end);
	memset(key, 0, sizeof(key));
	if (drop >= 0)
		mip_ctx_drop(
		    mn->ctx, now, (enum mip_drop)drop, MIP_ROLE_MN, pkt->src);
	else if (o.key == NULL &&
	    (k = mip_mn_regkey_find(mn, r->dst)) != NULL && k->dynamic &&
	    !k->bu_pending)
		/* A re-registration keeps the key as long. */
		mn_timers_regkey_set(k, end);
	/* Paper 6.3: our value is spent; the next one ahead of time. */
	if (r->dh) {
		mn->dh_ready = false;
		mn_timers_dh_soon(mn, now);
	}
	mn->has_last_fa = true;
	mn->last_fa = r->dst;
}
