/* SPDX-License-Identifier: ISC */
/*
 * The home agent's part of registration-key establishment (PAPER 9.3,
 * REGKEY-00 7.2; spec sheet 2.6.3): for an accepted registration it
 * answers the key request the foreign agent attached to the request with
 * the key extensions of the reply. One call from mip_ha.c's send_reply;
 * the home agent keeps no key: it chooses one, encrypts it twice and
 * forgets it. A request it cannot meet gets a reply without a key, never
 * another code (PAPER 6; REGKEY-00 3).
 */
#include <string.h>

#include "mip/mip_keys.h"
#include "mip/mip_proto.h"
#include "mip/mip_regkey.h"
#include "mip/mip_sa.h"
#include "mip_ha.h"

/*
 * Issue 6 decision (docs/design.md, "Registration keys"): the chooser of
 * a key picks its SPI from 0x10000 upward, unique per peer. Ours count up
 * per mobile node, so neither the mobile node's (foreign agent, SPI) nor
 * the foreign agent's (home address, SPI) ever names two keys at once.
 */
#define KEY_SPI_MIN 0x10000U

/* The key request the foreign agent attached (spec sheet 2.6, 2.6.3). */
struct key_req {
	const struct mip_ext *chosen[2]; /* 122 and 124: the FA's own key */
	size_t nchosen;
	const struct mip_ext *fa_key_req; /* 113 */
	const struct mip_ext *fa_pubkey;  /* 115 */
};

/*
 * The foreign agent appends its key extensions after the MN-HA
 * authentication and before its FA-HA authentication (REGKEY-00 7.1,
 * spec sheet 2.6: "appended by the FA after the MN-HA auth extension"),
 * where the FA-HA authenticator covers them: only that part is read.
 */
static void
find_request(
    struct key_req *k, const struct mip_exts *x, const struct mip_ext *auth)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	for (i = (size_t)(auth - x->e) + 1; i < x->n; i++) {
		const struct mip_ext *e = &x->e[i];

		switch (e->type) {
		case MIP_EXT_FA_HA_AUTH:
			return;
		case MIP_EXT_MN_PUBKEY_REP:
		case MIP_EXT_DH_KEY_REP:
			if (k->nchosen < 2)
				k->chosen[k->nchosen++] = e;
			break;
		case MIP_EXT_FA_KEY_REQ:
			if (k->fa_key_req == NULL)
				k->fa_key_req = e;
			break;
		case MIP_EXT_FA_PUBKEY:
			if (k->fa_pubkey == NULL)
				k->fa_pubkey = e;
			break;
		default:
			break;
		}
	}
}

/* The next SPI for a key of |mn|'s, from KEY_SPI_MIN up, wrapping. */
static uint32_t
next_spi(struct mip_ha_mn *mn)
{
	uint32_t spi;

	if (mn->next_key_spi < KEY_SPI_MIN)
		mn->next_key_spi = KEY_SPI_MIN;
	spi = mn->next_key_spi;
	mn->next_key_spi = spi == UINT32_MAX ? KEY_SPI_MIN : spi + 1;
	return spi;
}

/*
 * Appends key reply |type| with |spi| carrying |key| encrypted under
 * |sa|'s secret: MD5(secret || regrep || secret) XOR key, regrep being
 * every reply octet before the encrypted key (spec sheet 2.6.1).
 */
static int
put_padded(struct mip_wbuf *w, uint8_t type, const struct mip_sa *sa,
    const uint8_t key[MIP_REGKEY_LEN])
{
	static const uint8_t zero[MIP_REGKEY_LEN];
	struct mip_ext_regkey_key x = { type, sa->cfg.spi, zero, sizeof(zero) };
	size_t at;
	int rc;

	if ((rc = mip_ext_regkey_key_encode(w, &x)) != 0)
		return rc;
	at = w->off - MIP_REGKEY_LEN;
	return mip_regkey_pad(
	    w->p + at, sa->cfg.key, sa->cfg.key_len, w->p, at, key);
}

/* Appends 123: |key| RSA-encrypted to the foreign agent's public key,
 * under the SPI it gave with the key in 115 (REGKEY-00 5.4). */
static int
put_rsa(struct mip_wbuf *w, const struct mip_ext_regkey_key *fa_pubkey,
    const uint8_t key[MIP_REGKEY_LEN])
{
	uint8_t enc[MIP_DH_MAX_LEN];
	struct mip_ext_regkey_key x;
	mip_ssize n;

	n = mip_rsa_encrypt_key(
	    enc, sizeof(enc), fa_pubkey->key, fa_pubkey->key_len, key);
	if (n < 0)
		return (int)n;
	x.type = MIP_EXT_FA_PUBKEY_REP;
	x.spi = fa_pubkey->spi;
	x.key = enc;
	x.key_len = (size_t)n;
	return mip_ext_regkey_key_encode(w, &x);
}

/* The FA-HA SA a Foreign Agent Key Request names (REGKEY-00 4.1), with
 * the foreign agent at |fa|, or NULL. */
static const struct mip_sa *
named_fa_sa(const struct mip_ha *ha, const struct key_req *k, struct mip_ip4 fa)
{
	struct mip_ext_regkey_spi x;

	if (k->fa_key_req == NULL ||
	    mip_ext_regkey_spi_decode(&x, k->fa_key_req, NULL) != 0)
		return NULL;
	return mip_sa_find(ha->ctx->sas, fa, x.spi);
}

/*
 * PAPER 9.3 steps 2 and 3: a key of our choosing, for the mobile node in
 * 120 under the MN-HA SA and for the foreign agent in 121 under the FA-HA
 * SA its 113 names, else (no 113, or no such SA) in 123 under the public
 * key of its 115. 125 then carries the key's SPI, unless every key
 * extension already names it (REGKEY-00 5.6; PAPER 8.6). Returns 0,
 * MIP_ERR_NOTFOUND (nothing to encrypt the key for the foreign agent
 * with) or the encoder's error.
 */
static int
put_chosen(struct mip_ha *ha, struct mip_wbuf *w, const struct key_req *k,
    const struct mip_sa *mn_sa, struct mip_ha_mn *mn, struct mip_ip4 fa)
{
	const struct mip_sa *fa_sa = named_fa_sa(ha, k, fa);
	struct mip_ext_regkey_key pub;
	struct mip_ext_regkey_spi spi;
	uint8_t key[MIP_REGKEY_LEN];
	uint32_t fa_spi;
	int rc;

	memset(&pub, 0, sizeof(pub));
	if (fa_sa != NULL)
		fa_spi = fa_sa->cfg.spi;
	else if (k->fa_pubkey != NULL &&
	    mip_ext_regkey_key_decode(&pub, k->fa_pubkey, NULL) == 0)
		fa_spi = pub.spi;
	else
		return MIP_ERR_NOTFOUND;
	ha->ctx->rnd.fill(key, sizeof(key), ha->ctx->rnd.user_data);
	spi.type = MIP_EXT_SPI;
	spi.spi = next_spi(mn);
	if ((rc = put_padded(w, MIP_EXT_HM_KEY_REP, mn_sa, key)) == 0)
		rc = fa_sa != NULL
		    ? put_padded(w, MIP_EXT_FA_KEY_REP, fa_sa, key)
		    : put_rsa(w, &pub, key);
	if (rc == 0 && (spi.spi != mn_sa->cfg.spi || spi.spi != fa_spi))
		rc = mip_ext_regkey_spi_encode(w, &spi);
	memset(key, 0, sizeof(key));
	return rc;
}

/* PAPER 9.3 step 1: the foreign agent chose the key: its 122 and 124
 * go back unchanged, now under the MN-HA authenticator (PAPER 7.4). */
static int
put_copies(struct mip_wbuf *w, const struct key_req *k)
{
	struct mip_ext_regkey_key x;
	size_t i;
	int rc;

	for (i = 0; i < k->nchosen; i++)
		if ((rc = mip_ext_regkey_key_decode(&x, k->chosen[i], NULL)) !=
			0 ||
		    (rc = mip_ext_regkey_key_encode(w, &x)) != 0)
			return rc;
	return 0;
}

void
mip_ha_regkey_append(struct mip_ha *ha, struct mip_wbuf *w,
    const struct mip_reg_req *req, const struct mip_ext *auth,
    const struct mip_sa *mn_sa, struct mip_ip4 src)
{
	struct mip_ha_mn *mn = mip_ha_mn_find(ha, req->home_addr);
	size_t start = w->off;
	struct key_req k;
	int rc;

	find_request(&k, &req->exts, auth);
	if (k.nchosen > 0)
		rc = put_copies(w, &k);
	else if (mn != NULL && (k.fa_key_req != NULL || k.fa_pubkey != NULL))
		rc = put_chosen(ha, w, &k, mn_sa, mn, src);
	else
		return; /* PAPER 9.3 step 4: no key, the reply is otherwise
			   the same */
	if (rc != 0) {
		/* PAPER 6: the registration goes on without a key. */
		memset(w->p + start, 0, w->off - start);
		w->off = start;
	}
}
