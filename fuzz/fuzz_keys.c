/* SPDX-License-Identifier: ISC */
/*
 * Registration-key crypto (mip_keys.h) on hostile bytes. The first octet
 * picks what the rest is:
 *   0: Diffie-Hellman: one octet L (capped at 64, 512 bits, so the
 *      safe-prime test stays cheap), then p, g and a peer value of L
 *      octets each; two agreements over an accepted group must match;
 *   1: an RSAPublicKey to encrypt a key to;
 *   2: a ciphertext for a fixed private key made on the first call;
 *   3: an RSAPrivateKey to decrypt a fixed ciphertext with;
 *   4: secret length octet, secret, regrep for the MD5 XOR pad, which
 *      must undo itself.
 */
#include <stdint.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "mip/mip_keys.h"

#define FUZZ_DH_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t key16[MIP_REGKEY_LEN] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf };

static void
fuzz_dh(const uint8_t *d, size_t n)
{
	static const uint8_t xa[2] = { 0x01, 0x23 }, xb[3] = { 7, 0, 9 };
	uint8_t pa[FUZZ_DH_MAX], pb[FUZZ_DH_MAX], ka[16], kb[16];
	int ra, rb;
	size_t l;

	if (n < 1)
		return;
	l = d[0] % (FUZZ_DH_MAX + 1);
	if (n < 1 + 3 * l)
		return;
	d++;
	(void)mip_dh_check_value(d, d + 2 * l, l);
	(void)mip_dh_key(
	    ka, d, l, xa, l < sizeof(xa) ? l : sizeof(xa), d + 2 * l);
	if (mip_dh_check_params(d, d + l, l, 0) != 0 || l < sizeof(xb))
		return;
	if (mip_dh_public(pa, d, d + l, l, xa, 2) != 0 ||
	    mip_dh_public(pb, d, d + l, l, xb, 3) != 0)
		__builtin_trap(); /* an accepted group must work */
	/* Both values in range: the two sides meet the same secret, so they
	 * refuse it (0 or 1) or derive one key together. */
	if (mip_dh_check_value(d, pa, l) != 0 ||
	    mip_dh_check_value(d, pb, l) != 0)
		return;
	ra = mip_dh_key(ka, d, l, xa, 2, pb);
	rb = mip_dh_key(kb, d, l, xb, 3, pa);
	if (ra != rb || (ra == 0 && memcmp(ka, kb, 16) != 0))
		__builtin_trap();
}

/* A 1024-bit private key and one ciphertext to it, made once. */
static uint8_t priv_der[1500], ct[128];
static size_t priv_len;

static void
rsa_setup(void)
{
	uint8_t pub[300], *q;
	EVP_PKEY *pkey;
	int n;

	if (priv_len != 0)
		return;
	pkey = EVP_RSA_gen(1024);
	if (pkey == NULL)
		__builtin_trap();
	q = priv_der;
	n = i2d_PrivateKey(pkey, &q);
	if (n <= 0 || (size_t)n > sizeof(priv_der))
		__builtin_trap();
	priv_len = (size_t)n;
	q = pub;
	n = i2d_PublicKey(pkey, &q);
	if (n <= 0 ||
	    mip_rsa_encrypt_key(ct, sizeof(ct), pub, (size_t)n, key16) !=
		(mip_ssize)sizeof(ct))
		__builtin_trap();
	EVP_PKEY_free(pkey);
}

static void
fuzz_rsa(uint8_t mode, const uint8_t *d, size_t n)
{
	static uint8_t out[MIP_DH_MAX_LEN];
	uint8_t key[MIP_REGKEY_LEN];
	mip_ssize r;

	rsa_setup();
	switch (mode) {
	case 1:
		r = mip_rsa_encrypt_key(out, sizeof(out), d, n, key16);
		if (r > (mip_ssize)sizeof(out))
			__builtin_trap();
		break;
	case 2:
		r = mip_rsa_decrypt_key(key, priv_der, priv_len, d, n);
		if (r == MIP_REGKEY_LEN && n != sizeof(ct))
			__builtin_trap();
		break;
	default:
		r = mip_rsa_decrypt_key(key, d, n, ct, sizeof(ct));
		if (r == MIP_REGKEY_LEN && memcmp(key, key16, 16) != 0)
			__builtin_trap(); /* OAEP let a wrong key through */
		break;
	}
}

static void
fuzz_pad(const uint8_t *d, size_t n)
{
	uint8_t enc[16], dec[16];
	size_t slen;

	if (n < 1)
		return;
	slen = d[0];
	if (n < 1 + slen)
		return;
	if (mip_regkey_pad(
		enc, d + 1, slen, d + 1 + slen, n - 1 - slen, key16) != 0)
		return;
	if (mip_regkey_pad(dec, d + 1, slen, d + 1 + slen, n - 1 - slen, enc) !=
		0 ||
	    memcmp(dec, key16, 16) != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 5) {
	case 0:
		fuzz_dh(data + 1, size - 1);
		break;
	case 4:
		fuzz_pad(data + 1, size - 1);
		break;
	default:
		fuzz_rsa((uint8_t)(data[0] % 5), data + 1, size - 1);
		break;
	}
	return 0;
}
