/* SPDX-License-Identifier: ISC */
/*
 * Registration-key material shared by the node fuzz targets (paper 6-9;
 * RO spec 2.6): one RSA key pair made once per process (DER PKCS#1, as
 * mip_node.h wants it), and a fixed Diffie-Hellman exponent for the
 * harness's side of a key exchange. Header-only: each target is one file.
 */
#ifndef FUZZ_NODE_KEYS_H
#define FUZZ_NODE_KEYS_H

#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "mip/mip_keys.h"

struct fz_rsa {
	uint8_t pub[512];
	size_t pub_len;
	uint8_t priv[2048];
	size_t priv_len;
};

/* The process's key pair; 1024 bits, the smallest mip_keys.h takes. */
static const struct fz_rsa *
fz_rsa(void)
{
	static struct fz_rsa k;
	EVP_PKEY *pkey;
	unsigned char *q;
	int n;

	if (k.pub_len != 0)
		return &k;
	if ((pkey = EVP_RSA_gen(1024)) == NULL)
		__builtin_trap();
	q = k.pub;
	if ((n = i2d_PublicKey(pkey, NULL)) <= 0 || (size_t)n > sizeof(k.pub) ||
	    i2d_PublicKey(pkey, &q) != n)
		__builtin_trap();
	k.pub_len = (size_t)n;
	q = k.priv;
	if ((n = i2d_PrivateKey(pkey, NULL)) <= 0 ||
	    (size_t)n > sizeof(k.priv) || i2d_PrivateKey(pkey, &q) != n)
		__builtin_trap();
	k.priv_len = (size_t)n;
	EVP_PKEY_free(pkey);
	return &k;
}

/* The harness's Diffie-Hellman exponent: fixed, so runs repeat. */
static const uint8_t fz_dh_priv[MIP_DH_PRIV_LEN] = { 0x5a, 0x5a, 0x5a, 0x5a,
	0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
	0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
	0x5a, 0x5a, 0x5a, 0x5b };

#endif
