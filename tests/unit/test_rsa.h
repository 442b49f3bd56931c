/* SPDX-License-Identifier: ISC */
/*
 * An RSA key pair made here by OpenSSL, as DER PKCS#1 RSAPublicKey and
 * RSAPrivateKey (the profile of mip_keys.h), for the tests of the
 * public-key registration-key methods.
 */
#ifndef MIP_TEST_RSA_H
#define MIP_TEST_RSA_H

#include <openssl/evp.h>
#include <openssl/x509.h>

struct test_rsa_pair {
	uint8_t pub[1024];
	size_t pub_len;
	uint8_t priv[4096];
	size_t priv_len;
};

static inline void
test_rsa_pair_make(struct test_rsa_pair *k, unsigned bits)
{
	EVP_PKEY *pkey = EVP_RSA_gen(bits);
	unsigned char *q;
	int n;

	assert_non_null(pkey);
	assert_true(i2d_PublicKey(pkey, NULL) <= (int)sizeof(k->pub));
	q = k->pub;
	n = i2d_PublicKey(pkey, &q);
	assert_true(n > 0);
	k->pub_len = (size_t)n;
	assert_true(i2d_PrivateKey(pkey, NULL) <= (int)sizeof(k->priv));
	q = k->priv;
	n = i2d_PrivateKey(pkey, &q);
	assert_true(n > 0);
	k->priv_len = (size_t)n;
	EVP_PKEY_free(pkey);
}

#endif
