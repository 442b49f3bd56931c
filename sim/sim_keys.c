/* SPDX-License-Identifier: ISC */
/*
 * The RSA key pairs scenarios name (rsa-key=FILE on mn and fa lines) and
 * OpenSSL's randomness in a run. A key file is a PEM or DER RSA private
 * key; the engines take DER PKCS#1 RSAPublicKey and RSAPrivateKey (spec
 * sheet 2.6.1, mip_keys.h), which OpenSSL writes from it. RSAES-OAEP
 * pads with random octets that OpenSSL draws itself, not from mip_rand:
 * for byte-identical runs (docs/mipsim.md, Determinism) they come here
 * from a stream derived from the world seed.
 */
/* RAND_set_rand_method is deprecated in OpenSSL 3 but is still the one
 * way to give RAND_bytes (which OAEP calls) a source of our own. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "sim_keys.h"

/* ---- OpenSSL's randomness from the seed ---- */

static uint64_t rand_state;

/* splitmix64: a full-period stream from any seed, cheap and portable. */
static uint64_t
rand_next(void)
{
	uint64_t z = (rand_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
rand_bytes(unsigned char *buf, int num)
{
	int i;

	for (i = 0; i < num; i += 8) {
		uint64_t v = rand_next();
		int k;

		for (k = 0; k < 8 && i + k < num; k++)
			buf[i + k] = (unsigned char)(v >> (8 * k));
	}
	return 1;
}

static int
rand_status(void)
{
	return 1;
}

static const RAND_METHOD seeded_rand = {
	.bytes = rand_bytes,
	.pseudorand = rand_bytes,
	.status = rand_status,
};

int
sim_keys_seed(uint64_t seed)
{
	/* A stream of its own: the world's streams stay as they were. */
	rand_state = seed ^ 0x6d69707369726e67ULL;
	return RAND_set_rand_method(&seeded_rand) == 1 ? 0 : -1;
}

/* ---- key files ---- */

/* |name| relative to the scenario's directory unless absolute. */
static void
key_path(char *out, size_t cap, const char *scenario, const char *name)
{
	const char *slash = strrchr(scenario, '/');

	if (name[0] == '/' || slash == NULL)
		snprintf(out, cap, "%s", name);
	else
		snprintf(out, cap, "%.*s/%s", (int)(slash - scenario), scenario,
		    name);
}

/* A passphrase is never asked for: a run reads no terminal (OpenSSL's
 * default callback would wait on one). */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return -1;
}

static EVP_PKEY *
read_key(FILE *f)
{
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, no_passphrase, NULL);

	if (k == NULL) {
		ERR_clear_error();
		rewind(f);
		k = d2i_PrivateKey_fp(f, NULL);
	}
	return k;
}

/* i2d_PublicKey / i2d_PrivateKey write PKCS#1 for an RSA key. */
static int
der_of(EVP_PKEY *k, bool priv, uint8_t **out, size_t *len)
{
	unsigned char *q;
	int n = priv ? i2d_PrivateKey(k, NULL) : i2d_PublicKey(k, NULL);

	if (n <= 0 || (*out = malloc((size_t)n)) == NULL)
		return -1;
	q = *out;
	if ((priv ? i2d_PrivateKey(k, &q) : i2d_PublicKey(k, &q)) != n) {
		free(*out);
		*out = NULL;
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

int
sim_keys_load(struct sim_rsa *kp, const char *scenario, const char *name,
    char *why, size_t why_cap)
{
	char path[4096];
	EVP_PKEY *k;
	FILE *f;
	int rc = -1;

	memset(kp, 0, sizeof(*kp));
	key_path(path, sizeof(path), scenario, name);
	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(why, why_cap, "rsa-key %s: %s", path, strerror(errno));
		return -1;
	}
	k = read_key(f);
	fclose(f);
	if (k == NULL || EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA)
		snprintf(why, why_cap,
		    "rsa-key %s: not a PEM or DER RSA private key", path);
	else if (der_of(k, false, &kp->pub, &kp->pub_len) != 0 ||
	    der_of(k, true, &kp->priv, &kp->priv_len) != 0)
		snprintf(
		    why, why_cap, "rsa-key %s: OpenSSL cannot encode it", path);
	else
		rc = 0;
	ERR_clear_error();
	EVP_PKEY_free(k);
	if (rc != 0)
		sim_keys_free(kp);
	return rc;
}

void
sim_keys_free(struct sim_rsa *kp)
{
	if (kp->priv != NULL)
		OPENSSL_cleanse(kp->priv, kp->priv_len);
	free(kp->pub);
	free(kp->priv);
	memset(kp, 0, sizeof(*kp));
}
