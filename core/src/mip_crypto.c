/* SPDX-License-Identifier: ISC */
/*
 * The OpenSSL 3 backend of mip_crypto.h, and the only core file allowed to
 * include OpenSSL headers. HMAC keys are scheduled once into an EVP_MAC_CTX
 * that each message duplicates; keyed MD5 keeps an EVP_MD_CTX that has
 * absorbed the key prefix. Never hand-writes a hash, never allocates our
 * structures outside struct mip_mem.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "mip/mip_crypto.h"
#include "mip/mip_proto.h"

struct mip_mac {
	struct mip_mem mem;
	enum mip_auth_alg alg;
	EVP_MAC_CTX *hmac;  /* HMAC: keyed, never finalised */
	EVP_MD_CTX *prefix; /* keyed MD5: has absorbed the key once */
	size_t key_len;	    /* keyed MD5: the suffix in |key| */
	uint8_t key[];
};

/* Digest names as OSSL_PARAM wants them (a non-const char *). */
static char md5_name[] = "MD5";
static char sha1_name[] = "SHA1";

size_t
mip_auth_alg_len(enum mip_auth_alg alg)
{
	switch (alg) {
	case MIP_AUTH_HMAC_MD5:
	case MIP_AUTH_KEYED_MD5:
		return MIP_AUTH_MD5_LEN;
	case MIP_AUTH_HMAC_SHA1:
		return MIP_AUTH_SHA1_LEN;
	}
	return 0;
}

const char *
mip_auth_alg_name(enum mip_auth_alg alg)
{
	switch (alg) {
	case MIP_AUTH_HMAC_MD5:
		return "hmac-md5";
	case MIP_AUTH_KEYED_MD5:
		return "keyed-md5";
	case MIP_AUTH_HMAC_SHA1:
		return "hmac-sha1";
	}
	return "unknown";
}

static int
hmac_prepare(
    struct mip_mac *m, char *digest, const uint8_t *key, size_t key_len)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;

	mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
	if (mac == NULL)
		return MIP_ERR_CRYPTO;
	m->hmac = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac); /* the context holds its own reference */
	if (m->hmac == NULL)
		return MIP_ERR_CRYPTO;
	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(m->hmac, key, key_len, params) != 1)
		return MIP_ERR_CRYPTO;
	return 0;
}

static int
keyed_md5_prepare(struct mip_mac *m, const uint8_t *key, size_t key_len)
{
	m->prefix = EVP_MD_CTX_new();
	if (m->prefix == NULL)
		return MIP_ERR_CRYPTO;
	if (EVP_DigestInit_ex(m->prefix, EVP_md5(), NULL) != 1 ||
	    EVP_DigestUpdate(m->prefix, key, key_len) != 1)
		return MIP_ERR_CRYPTO;
	memcpy(m->key, key, key_len);
	m->key_len = key_len;
	return 0;
}

int
mip_mac_new(struct mip_mac **out, enum mip_auth_alg alg, const uint8_t *key,
    size_t key_len, const struct mip_mem *mem)
{
	struct mip_mac *m;
	size_t stored;
	int rc;

	*out = NULL;
	if (key_len == 0 || key == NULL || mip_auth_alg_len(alg) == 0)
		return MIP_ERR_INVAL;
	/* Only keyed MD5 needs the key after preparation (as its suffix). */
	stored = alg == MIP_AUTH_KEYED_MD5 ? key_len : 0;
	if (stored > SIZE_MAX - sizeof(*m))
		return MIP_ERR_INVAL;
	m = mem->calloc(1, sizeof(*m) + stored, mem->user_data);
	if (m == NULL)
		return MIP_ERR_NOMEM;
	m->mem = *mem;
	m->alg = alg;
	switch (alg) {
	case MIP_AUTH_HMAC_MD5:
		rc = hmac_prepare(m, md5_name, key, key_len);
		break;
	case MIP_AUTH_HMAC_SHA1:
		rc = hmac_prepare(m, sha1_name, key, key_len);
		break;
	case MIP_AUTH_KEYED_MD5:
		rc = keyed_md5_prepare(m, key, key_len);
		break;
	default:
		rc = MIP_ERR_INVAL;
		break;
	}
	if (rc != 0) {
		mip_mac_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void
mip_mac_free(struct mip_mac *m)
{
	struct mip_mem mem;

	if (m == NULL)
		return;
	EVP_MAC_CTX_free(m->hmac);
	EVP_MD_CTX_free(m->prefix);
	OPENSSL_cleanse(m->key, m->key_len);
	mem = m->mem;
	mem.free(m, mem.user_data);
}

enum mip_auth_alg
mip_mac_alg(const struct mip_mac *m)
{
	return m->alg;
}

size_t
mip_mac_len(const struct mip_mac *m)
{
	return mip_auth_alg_len(m->alg);
}

static int
hmac_compute(
    const struct mip_mac *m, const uint8_t *data, size_t len, uint8_t *out)
{
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(m->hmac);
	size_t outl = 0;
	int ok;

	if (c == NULL)
		return MIP_ERR_CRYPTO;
	ok = EVP_MAC_update(c, data, len) == 1 &&
	    EVP_MAC_final(c, out, &outl, mip_mac_len(m)) == 1 &&
	    outl == mip_mac_len(m);
	EVP_MAC_CTX_free(c);
	return ok ? 0 : MIP_ERR_CRYPTO;
}

/* RFC 2002 3.5.1 (and RFC 5944 5.1 for compatibility): MD5(k || m || k). */
static int
keyed_md5_compute(
    const struct mip_mac *m, const uint8_t *data, size_t len, uint8_t *out)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int outl = 0;
	int ok;

	if (c == NULL)
		return MIP_ERR_CRYPTO;
	ok = EVP_MD_CTX_copy_ex(c, m->prefix) == 1 &&
	    EVP_DigestUpdate(c, data, len) == 1 &&
	    EVP_DigestUpdate(c, m->key, m->key_len) == 1 &&
	    EVP_DigestFinal_ex(c, out, &outl) == 1 && outl == MIP_MD5_LEN;
	EVP_MD_CTX_free(c);
	return ok ? 0 : MIP_ERR_CRYPTO;
}

int
mip_mac_compute(
    const struct mip_mac *m, const uint8_t *data, size_t len, uint8_t *out)
{
	switch (m->alg) {
	case MIP_AUTH_HMAC_MD5:
	case MIP_AUTH_HMAC_SHA1:
		return hmac_compute(m, data, len, out);
	case MIP_AUTH_KEYED_MD5:
		return keyed_md5_compute(m, data, len, out);
	}
	return MIP_ERR_INTERNAL;
}

int
mip_mac_verify(const struct mip_mac *m, const uint8_t *data, size_t len,
    const uint8_t *mac, size_t mac_len)
{
	uint8_t want[MIP_AUTH_MAX_LEN];
	int rc;

	if (mac_len != mip_mac_len(m))
		return MIP_ERR_AUTH;
	rc = mip_mac_compute(m, data, len, want);
	if (rc != 0)
		return rc;
	rc = mip_ct_memeq(want, mac, mac_len) ? 0 : MIP_ERR_AUTH;
	OPENSSL_cleanse(want, sizeof(want));
	return rc;
}

int
mip_md5(uint8_t out[MIP_MD5_LEN], const struct mip_iov *parts, size_t n)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int outl = 0;
	size_t i;
	int ok;

	if (c == NULL)
		return MIP_ERR_CRYPTO;
	ok = EVP_DigestInit_ex(c, EVP_md5(), NULL) == 1;
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(c, parts[i].p, parts[i].len) == 1;
	ok =
	    ok && EVP_DigestFinal_ex(c, out, &outl) == 1 && outl == MIP_MD5_LEN;
	EVP_MD_CTX_free(c);
	return ok ? 0 : MIP_ERR_CRYPTO;
}

bool
mip_ct_memeq(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void
mip_cleanse(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}
