/* SPDX-License-Identifier: ISC */
/*
 * Registration keys at the foreign agent (paper 6-9; REGKEY-00 4-8; spec
 * sheet 2.6). On a relayed request that asks for a key (114 or 116) we
 * follow PAPER 9.4 steps 2-6: 113 when we share an SA with the home agent
 * (it picks the key), else 115 with our public key (it picks the key),
 * else a key we pick ourselves, sent encrypted to the mobile node's
 * public key (122) or agreed by Diffie-Hellman (124); these go after the
 * Mobile-Home authentication, before our FA-HA authentication. On the
 * reply we take the key out of 121 (MD5 pad under the FA-HA SA), 123 (our
 * private key) or the 122/124 the home agent copied back, with its SPI
 * (125 when present), and the key becomes an MN-FA SA when the
 * registration is accepted (mip_fa_visitor.c calls us).
 *
 * Such SAs live in the node's table keyed (home address, SPI), as the
 * previous foreign agent looks them up (spec sheet 1.3, 2.2); the SPIs we
 * pick start at MIP_FA_REGKEY_SPI_BASE and are unique per home address.
 * They secure only smooth handoffs (mip_fa_smooth.c): mip_fa.c does not
 * take them for MN-FA authentication of registrations (paper 6.2 reserves
 * that to configured SAs; REGKEY-00 9: not a master key).
 *
 * A configured MN-FA SA never authenticates a smooth handoff itself: each
 * accepted registration gives the visitor the per-visit key of that SA
 * from the Identification of the reply we relayed (mip_visit_key.h), the
 * key the mobile node derives from the same reply.
 *
 * A key that cannot be met (no method, weak Diffie-Hellman parameters, a
 * failed encryption) leaves the request as it was: it is relayed, and its
 * registration succeeds without a key (paper 6).
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_regkey.h"
#include "mip/mip_sa.h"
#include "mip_fa.h"
#include "mip_visit_key.h"

/* RSA moduli up to 4096 bits (mip_keys.h): the 122 ciphertext. */
#define RSA_OUT_MAX 512

static uint8_t *
dup_der(struct mip_fa *fa, const uint8_t *der, size_t len)
{
	uint8_t *p;

	if (der == NULL || len == 0)
		return NULL;
	p = fa->ctx->mem.calloc(1, len, fa->ctx->mem.user_data);
	if (p != NULL)
		memcpy(p, der, len);
	return p;
}

int
mip_fa_regkey_init(struct mip_fa *fa)
{
	const struct mip_fa_config *c = &fa->cfg;

	fa->next_spi = MIP_FA_REGKEY_SPI_BASE;
	fa->rsa_pub = dup_der(fa, c->rsa_pub_der, c->rsa_pub_len);
	fa->rsa_priv = dup_der(fa, c->rsa_priv_der, c->rsa_priv_len);
	if ((c->rsa_pub_len != 0 && fa->rsa_pub == NULL) ||
	    (c->rsa_priv_len != 0 && fa->rsa_priv == NULL))
		return MIP_ERR_NOMEM;
	return 0;
}

void
mip_fa_regkey_free(struct mip_fa *fa)
{
	if (fa->rsa_priv != NULL)
		memset(fa->rsa_priv, 0, fa->cfg.rsa_priv_len);
	fa->ctx->mem.free(fa->rsa_pub, fa->ctx->mem.user_data);
	fa->ctx->mem.free(fa->rsa_priv, fa->ctx->mem.user_data);
	fa->rsa_pub = fa->rsa_priv = NULL;
}

uint16_t
mip_fa_regkey_adv_flags(
    const struct mip_fa_config *cfg, const struct mip_profile *prof)
{
	/* Paper 4.4, spec sheet 2.4: S means smooth handoffs and key
	 * establishment, at least by Diffie-Hellman. */
	if (!prof->ro || cfg->dh_min_bits == 0)
		return 0;
	return prof->s_mask;
}

static bool
have_rsa(const struct mip_fa *fa)
{
	return fa->rsa_pub != NULL && fa->rsa_priv != NULL;
}

size_t
mip_fa_regkey_room(const struct mip_fa *fa)
{
	size_t body = MIP_DH_MAX_LEN;

	if (have_rsa(fa) && fa->cfg.rsa_pub_len > body)
		body = fa->cfg.rsa_pub_len;
	/* Type, 16-bit Length, SPI, body. */
	return 3 + 4 + body;
}

const struct mip_fa_handoff *
mip_fa_handoff_of(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t spi)
{
	size_t i;

	for (i = 0; i < MIP_FA_HANDOFFS; i++)
		if (fa->ho[i].used && fa->ho[i].spi == spi &&
		    mip_ip4_eq(fa->ho[i].home_addr, home_addr))
			return &fa->ho[i];
	return NULL;
}

static bool
registered(const struct mip_fa_entry *e)
{
	return e != NULL &&
	    (e->state == MIP_FA_REGISTERED || e->state == MIP_FA_RENEWING);
}

struct mip_sa *
mip_fa_regkey_sa(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t spi)
{
	const struct mip_fa_handoff *ho = mip_fa_handoff_of(fa, home_addr, spi);
	const struct mip_fa_entry *e = mip_fa_find(fa, home_addr);

	if (ho != NULL)
		return ho->visit_sa != NULL
		    ? ho->visit_sa
		    : mip_sa_find(fa->ctx->sas, home_addr, spi);
	if (!registered(e))
		return NULL;
	if (e->reg.visit_sa != NULL && e->reg.visit_sa->cfg.spi == spi)
		return e->reg.visit_sa;
	if (e->reg.has_key && e->reg.key_spi == spi)
		return mip_sa_find(fa->ctx->sas, home_addr, spi);
	return NULL;
}

bool
mip_fa_regkey_is(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t spi)
{
	const struct mip_fa_entry *e = mip_fa_find(fa, home_addr);
	const struct mip_fa_handoff *ho = mip_fa_handoff_of(fa, home_addr, spi);

	if (e != NULL && e->reg.has_key && e->reg.key_spi == spi)
		return true;
	/* A handed-off per-visit key shares its SPI with the configured
	 * SA, which stays configuration. */
	return ho != NULL && ho->visit_sa == NULL;
}

/* Spec sheet 2.6: a new SPI for a key we pick, unique for |home_addr|. */
static uint32_t
choose_spi(struct mip_fa *fa, struct mip_ip4 home_addr)
{
	uint32_t spi;

	do {
		spi = fa->next_spi++;
		if (fa->next_spi < MIP_FA_REGKEY_SPI_BASE)
			fa->next_spi = MIP_FA_REGKEY_SPI_BASE;
	} while (mip_sa_find(fa->ctx->sas, home_addr, spi) != NULL);
	return spi;
}

static void
rand_fill(struct mip_fa *fa, uint8_t *b, size_t n)
{
	fa->ctx->rnd.fill(b, n, fa->ctx->rnd.user_data);
}

static bool
put_key_ext(struct mip_wbuf *w, uint8_t type, uint32_t spi, const uint8_t *key,
    size_t key_len)
{
	struct mip_ext_regkey_key x;

	x.type = type;
	x.spi = spi;
	x.key = key;
	x.key_len = key_len;
	return mip_ext_regkey_key_encode(w, &x) == 0;
}

/* PAPER 9.4 step 2 (REGKEY-00 4.1): the home agent encrypts the key for
 * us under the SA we name. */
static bool
try_ha(struct mip_fa *fa, struct mip_wbuf *w, const struct mip_reg_req *req,
    struct mip_fa_keyreq *kr)
{
	struct mip_ext_regkey_spi x;
	struct mip_sa *sa;

	if (!fa->cfg.key_req_ha ||
	    (sa = mip_fa_sa_for_peer(fa, req->ha_addr)) == NULL)
		return false;
	x.type = MIP_EXT_FA_KEY_REQ;
	x.spi = sa->cfg.spi;
	if (mip_ext_regkey_spi_encode(w, &x) != 0)
		return false;
	kr->how = MIP_FA_KEY_HA;
	kr->spi = x.spi;
	return true;
}

/* PAPER 9.4 step 3 (REGKEY-00 4.3): the home agent encrypts the key to
 * our public key and transcribes our SPI into its 123. */
static bool
try_fa_pub(struct mip_fa *fa, struct mip_wbuf *w, const struct mip_reg_req *req,
    struct mip_fa_keyreq *kr)
{
	uint32_t spi;

	if (!have_rsa(fa))
		return false;
	spi = choose_spi(fa, req->home_addr);
	if (!put_key_ext(
		w, MIP_EXT_FA_PUBKEY, spi, fa->rsa_pub, fa->cfg.rsa_pub_len))
		return false;
	kr->how = MIP_FA_KEY_FA_PUB;
	kr->spi = spi;
	return true;
}

/* PAPER 9.4 step 4 (paper 6.2, 8.3): we pick the key and encrypt it to
 * the mobile node's public key (114), in 122. */
static bool
try_mn_pub(struct mip_fa *fa, struct mip_wbuf *w, const struct mip_reg_req *req,
    struct mip_fa_keyreq *kr)
{
	const struct mip_ext *x =
	    mip_exts_find(&req->exts, MIP_EXT_MN_PUBKEY, 0);
	struct mip_ext_mn_pubkey pk;
	uint8_t out[RSA_OUT_MAX];
	mip_ssize n;
	uint32_t spi;

	if (x == NULL || mip_ext_mn_pubkey_decode(&pk, x, NULL) != 0)
		return false;
	rand_fill(fa, kr->key, MIP_REGKEY_LEN);
	n = mip_rsa_encrypt_key(out, sizeof(out), pk.key, pk.key_len, kr->key);
	if (n <= 0)
		return false;
	spi = choose_spi(fa, req->home_addr);
	if (!put_key_ext(w, MIP_EXT_MN_PUBKEY_REP, spi, out, (size_t)n))
		return false;
	kr->how = MIP_FA_KEY_CHOSEN;
	kr->ext_type = MIP_EXT_MN_PUBKEY_REP;
	kr->spi = spi;
	return true;
}

/* The mobile node's group: the cached one, or one that passes the
 * safe-prime check now (then cached: it is costly, mip_keys.h). */
static bool
dh_group_ok(struct mip_fa *fa, const struct mip_ext_regkey_req *r)
{
	if (fa->dh_len == r->l && memcmp(fa->dh_p, r->prime, r->l) == 0 &&
	    memcmp(fa->dh_g, r->generator, r->l) == 0)
		return true;
	if (r->l > MIP_DH_MAX_LEN ||
	    mip_dh_check_params(
		r->prime, r->generator, r->l, fa->cfg.dh_min_bits) != 0)
		return false;
	memcpy(fa->dh_p, r->prime, r->l);
	memcpy(fa->dh_g, r->generator, r->l);
	fa->dh_len = r->l;
	return true;
}

/*
 * PAPER 9.4 step 5 (paper 6.3, 8.5; spec sheet 2.6.2): with the mobile
 * node's p, g and value (116, L > 0) we draw our exponent, send our value
 * in 124 and derive the key. Weak parameters or values get no key.
 */
static bool
try_dh(struct mip_fa *fa, struct mip_wbuf *w, const struct mip_reg_req *req,
    struct mip_fa_keyreq *kr)
{
	const struct mip_ext *x =
	    mip_exts_find(&req->exts, MIP_EXT_REGKEY_REQ, 0);
	struct mip_ext_regkey_req r;
	uint8_t priv[MIP_DH_PRIV_LEN], pub[MIP_DH_MAX_LEN];
	size_t priv_len;
	uint32_t spi;
	bool ok;

	if (fa->cfg.dh_min_bits == 0 || x == NULL ||
	    mip_ext_regkey_req_decode(&r, x, NULL) != 0 ||
	    !mip_ext_regkey_req_is_dh(&r) || !dh_group_ok(fa, &r) ||
	    mip_dh_check_value(r.prime, r.value, r.l) != 0)
		return false;
	priv_len = r.l < sizeof(priv) ? r.l : sizeof(priv);
	/* A full-length exponent, never zero (mip_dh_public). */
	rand_fill(fa, priv, priv_len);
	priv[0] |= 0x80;
	ok = mip_dh_public(pub, r.prime, r.generator, r.l, priv, priv_len) ==
		0 &&
	    mip_dh_key(kr->key, r.prime, r.l, priv, priv_len, r.value) == 0;
	memset(priv, 0, sizeof(priv));
	if (!ok)
		return false;
	spi = choose_spi(fa, req->home_addr);
	if (!put_key_ext(w, MIP_EXT_DH_KEY_REP, spi, pub, r.l))
		return false;
	kr->how = MIP_FA_KEY_CHOSEN;
	kr->ext_type = MIP_EXT_DH_KEY_REP;
	kr->spi = spi;
	return true;
}

void
mip_fa_regkey_append(struct mip_fa *fa, struct mip_wbuf *w,
    const struct mip_reg_req *req, struct mip_fa_keyreq *kr)
{
	memset(kr, 0, sizeof(*kr));
	/* Paper 7: only a mobile node's key request (114 or 116) asks; a
	 * deregistration or a request without a home address gets none. */
	if (!fa->ctx->prof.ro || req->lifetime == 0 || req->home_addr.v == 0 ||
	    (mip_exts_find(&req->exts, MIP_EXT_MN_PUBKEY, 0) == NULL &&
		mip_exts_find(&req->exts, MIP_EXT_REGKEY_REQ, 0) == NULL))
		return;
	/* PAPER 9.4 steps 2-5 in order; a step that cannot be done falls
	 * to the next, step 6 forwards the request unchanged. */
	if (try_ha(fa, w, req, kr) || try_fa_pub(fa, w, req, kr) ||
	    try_mn_pub(fa, w, req, kr) || try_dh(fa, w, req, kr))
		return;
	memset(kr, 0, sizeof(*kr));
}

/* ---- the reply ---- */

/* The first extension of |type| in |rep| decoded as SPI + key data. */
static bool
find_key_ext(
    const struct mip_reg_rep *rep, uint8_t type, struct mip_ext_regkey_key *out)
{
	const struct mip_ext *x = mip_exts_find(&rep->exts, type, 0);

	return x != NULL && mip_ext_regkey_key_decode(out, x, NULL) == 0;
}

/* REGKEY-00 5.6, PAPER 8.6: the SPI extension names the key's SPI when
 * it differs from the one the key came under. */
static uint32_t
key_spi_of(const struct mip_reg_rep *rep, uint32_t dflt)
{
	const struct mip_ext *x = mip_exts_find(&rep->exts, MIP_EXT_SPI, 0);
	struct mip_ext_regkey_spi s;

	if (x != NULL && mip_ext_regkey_spi_decode(&s, x, NULL) == 0)
		return s.spi;
	return dflt;
}

/* Spec sheet 2.6.1: 121's key under the FA-HA SA we named in 113, the
 * pad over every reply octet before the encrypted key. */
static bool
key_from_ha(struct mip_fa_entry *e, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep)
{
	struct mip_fa_keyreq *kr = &e->pend.keyreq;
	const struct mip_sa_table *sas = e->fa->ctx->sas;
	struct mip_ext_regkey_key k;
	struct mip_sa *sa;

	if (!find_key_ext(rep, MIP_EXT_FA_KEY_REP, &k) || k.spi != kr->spi ||
	    k.key_len != MIP_REGKEY_LEN)
		return false;
	if ((sa = mip_sa_find(sas, e->pend.ha_addr, k.spi)) == NULL &&
	    (sa = mip_sa_find(sas, rep->ha_addr, k.spi)) == NULL)
		return false;
	if (mip_auth_regkey_decode(sa, pkt->data, (size_t)(k.key - pkt->data),
		k.key, k.key_len, kr->key) != 0)
		return false;
	kr->key_spi = key_spi_of(rep, k.spi);
	return true;
}

/* PAPER 8.4: 123's key, encrypted to our public key. */
static bool
key_from_fa_pub(struct mip_fa_entry *e, const struct mip_reg_rep *rep)
{
	struct mip_fa_keyreq *kr = &e->pend.keyreq;
	const struct mip_fa *fa = e->fa;
	struct mip_ext_regkey_key k;

	if (!find_key_ext(rep, MIP_EXT_FA_PUBKEY_REP, &k) ||
	    mip_rsa_decrypt_key(kr->key, fa->rsa_priv, fa->cfg.rsa_priv_len,
		k.key, k.key_len) != MIP_REGKEY_LEN)
		return false;
	kr->key_spi = key_spi_of(rep, k.spi);
	return true;
}

/* PAPER 9.3 step 1: the home agent copied our 122 or 124 into the reply
 * (where Mobile-Home authentication covers it); without it the mobile
 * node cannot have the key. */
static bool
key_chosen(struct mip_fa_entry *e, const struct mip_reg_rep *rep)
{
	struct mip_fa_keyreq *kr = &e->pend.keyreq;
	struct mip_ext_regkey_key k;

	if (!find_key_ext(rep, kr->ext_type, &k) || k.spi != kr->spi)
		return false;
	kr->key_spi = kr->spi;
	return true;
}

void
mip_fa_regkey_reply(struct mip_fa_entry *e, const struct mip_pkt_in *pkt,
    const struct mip_reg_rep *rep)
{
	struct mip_fa_keyreq *kr = &e->pend.keyreq;
	bool ok = false;

	switch (kr->how) {
	case MIP_FA_KEY_HA:
		ok = key_from_ha(e, pkt, rep);
		break;
	case MIP_FA_KEY_FA_PUB:
		ok = key_from_fa_pub(e, rep);
		break;
	case MIP_FA_KEY_CHOSEN:
		ok = key_chosen(e, rep);
		break;
	case MIP_FA_KEY_NONE:
		break;
	}
	/* RFC 5944 1.6: SPIs below 256 are reserved. */
	kr->have_key = ok && kr->key_spi >= 256;
	e->pend.rep_ident = rep->ident;
	if (!kr->have_key)
		memset(kr->key, 0, sizeof(kr->key));
}

/* ---- the visitor's SA ---- */

static void
key_remove(struct mip_fa_entry *e)
{
	if (!e->reg.has_key)
		return;
	(void)mip_sa_remove(e->fa->ctx->sas, e->home_addr, e->reg.key_spi);
	e->reg.has_key = false;
}

void
mip_fa_regkey_remove(struct mip_fa_entry *e)
{
	mip_sa_free(e->reg.visit_sa);
	e->reg.visit_sa = NULL;
	key_remove(e);
}

/* Method 1 (mip_visit_key.h): the per-visit key of the SA configured
 * with the mobile node, from the reply just relayed; a new one with
 * every accepted reply. Without memory the visitor has none. */
static void
visit_key(struct mip_fa_entry *e)
{
	struct mip_fa *fa = e->fa;
	const struct mip_sa *cfg_sa = mip_fa_sa_for_peer(fa, e->home_addr);

	mip_sa_free(e->reg.visit_sa);
	e->reg.visit_sa = NULL;
	if (cfg_sa != NULL && fa->ctx->prof.ro)
		(void)mip_visit_key_new(
		    &e->reg.visit_sa, cfg_sa, e->pend.rep_ident, &fa->ctx->mem);
}

/* How the pending request's key comes (paper 8.1-8.5). */
static enum mip_regkey_method
method_of(const struct mip_fa_keyreq *kr)
{
	if (kr->how == MIP_FA_KEY_HA)
		return MIP_REGKEY_HA_DISTRIBUTOR;
	if (kr->how == MIP_FA_KEY_FA_PUB)
		return MIP_REGKEY_FA_PUBLIC_KEY;
	return kr->ext_type == MIP_EXT_DH_KEY_REP ? MIP_REGKEY_DIFFIE_HELLMAN
						  : MIP_REGKEY_MN_PUBLIC_KEY;
}

void
mip_fa_regkey_install(struct mip_fa_entry *e)
{
	struct mip_fa_keyreq *kr = &e->pend.keyreq;
	struct mip_sa_config c;

	if (e->home_addr.v == 0)
		return;
	/* Back with us: what an earlier handoff left goes. */
	mip_fa_smooth_forget(e->fa, e->home_addr);
	visit_key(e);
	/* A renewal without a new key keeps the one it has. */
	if (!kr->have_key)
		return;
	key_remove(e);
	mip_sa_config_init(&c);
	c.peer = e->home_addr;
	c.spi = kr->key_spi;
	memcpy(c.key, kr->key, MIP_REGKEY_LEN);
	c.key_len = MIP_REGKEY_LEN;
	/* A configured SA with that SPI wins; the visitor has no key. */
	if (mip_sa_add(e->fa->ctx->sas, &c, NULL) == 0) {
		e->reg.has_key = true;
		e->reg.key_spi = c.spi;
		e->reg.key_method = method_of(kr);
	}
	memset(&c, 0, sizeof(c));
	memset(kr->key, 0, sizeof(kr->key));
	kr->have_key = false;
}
