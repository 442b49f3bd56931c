/* SPDX-License-Identifier: ISC */
/*
 * The OpenSSL 3 backend of mip_keys.h: the registration-key pad, finite
 * field Diffie-Hellman on BIGNUMs with the checks a peer's group and
 * values need, and RSA-OAEP key transport through EVP_PKEY. OpenSSL's own
 * allocations are its own; every secret it holds is freed with
 * BN_clear_free or wiped.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "mip/mip_crypto.h"
#include "mip/mip_keys.h"

/* RFC 2409 6.2 (group 2) and RFC 3526 3 (group 14); g = 2 for both.
 * keys_test checks them against OpenSSL's copies. */
/* clang-format off */
static const uint8_t rfc2409_group2_p[128] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
	0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
	0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
	0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
	0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
	0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
	0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe6, 0x53, 0x81,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
static const uint8_t rfc3526_group14_p[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
	0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
	0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
	0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
	0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
	0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
	0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d,
	0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63, 0xbf, 0x05, 0x98, 0xda, 0x48, 0x36,
	0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
	0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56,
	0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6d,
	0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
	0xca, 0x18, 0x21, 0x7c, 0x32, 0x90, 0x5e, 0x46, 0x2e, 0x36, 0xce, 0x3b,
	0xe3, 0x9e, 0x77, 0x2c, 0x18, 0x0e, 0x86, 0x03, 0x9b, 0x27, 0x83, 0xa2,
	0xec, 0x07, 0xa2, 0x8f, 0xb5, 0xc5, 0x5d, 0xf0, 0x6f, 0x4c, 0x52, 0xc9,
	0xde, 0x2b, 0xcb, 0xf6, 0x95, 0x58, 0x17, 0x18, 0x39, 0x95, 0x49, 0x7c,
	0xea, 0x95, 0x6a, 0xe5, 0x15, 0xd2, 0x26, 0x18, 0x98, 0xfa, 0x05, 0x10,
	0x15, 0x72, 0x8e, 0x5a, 0x8a, 0xac, 0xaa, 0x68, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff,
};
/* clang-format on */

#define RSA_MIN_BITS 1024
#define RSA_MAX_BITS 4096
#define RSA_MAX_DER 4096 /* a 4096-bit RSAPrivateKey takes about 2350 */

int
mip_regkey_pad(uint8_t out[MIP_REGKEY_LEN], const uint8_t *secret,
    size_t secret_len, const uint8_t *regrep, size_t regrep_len,
    const uint8_t in[MIP_REGKEY_LEN])
{
	/* Spec 2.6.1 (REGKEY-00 3.1): MD5(secret || regrep || secret). */
	const struct mip_iov parts[3] = {
		{ secret, secret_len },
		{ regrep, regrep_len },
		{ secret, secret_len },
	};
	uint8_t pad[MIP_MD5_LEN];
	int rc;

	if (secret == NULL || secret_len == 0 ||
	    (regrep == NULL && regrep_len != 0))
		return MIP_ERR_INVAL;
	rc = mip_md5(pad, parts, 3);
	if (rc == 0)
		for (size_t i = 0; i < MIP_REGKEY_LEN; i++)
			out[i] = pad[i] ^ in[i];
	mip_cleanse(pad, sizeof(pad));
	return rc;
}

const uint8_t *
mip_dh_group(unsigned bits, size_t *len, uint8_t *g_out)
{
	const uint8_t *p;

	switch (bits) {
	case 1024:
		p = rfc2409_group2_p;
		*len = sizeof(rfc2409_group2_p);
		break;
	case 2048:
		p = rfc3526_group14_p;
		*len = sizeof(rfc3526_group14_p);
		break;
	default:
		return NULL;
	}
	if (g_out != NULL) {
		memset(g_out, 0, *len);
		g_out[*len - 1] = 2;
	}
	return p;
}

/* The BIGNUMs one Diffie-Hellman operation needs. */
struct dh_nums {
	BN_CTX *ctx;
	BIGNUM *p;
	BIGNUM *a; /* g, a value, or the peer's value */
	BIGNUM *x; /* scratch, or the private exponent (secure) */
	BIGNUM *r; /* scratch, or the result (secure) */
};

static void
dh_nums_free(struct dh_nums *n)
{
	BN_free(n->p);
	BN_free(n->a);
	BN_clear_free(n->x);
	BN_clear_free(n->r);
	BN_CTX_free(n->ctx);
}

/*
 * dh_nums_new reads p and |a| (|len| octets each; |a| may be NULL) and
 * allocates the rest. Returns 0 or MIP_ERR_CRYPTO (|n| then freed).
 */
static int
dh_nums_new(struct dh_nums *n, const uint8_t *p, const uint8_t *a, size_t len)
{
	int ilen = (int)len; /* len <= MIP_DH_MAX_LEN: the callers check */

	n->ctx = BN_CTX_secure_new();
	n->p = BN_bin2bn(p, ilen, NULL);
	n->a = a != NULL ? BN_bin2bn(a, ilen, NULL) : BN_new();
	n->x = BN_secure_new();
	n->r = BN_secure_new();
	if (n->ctx == NULL || n->p == NULL || n->a == NULL || n->x == NULL ||
	    n->r == NULL) {
		dh_nums_free(n);
		return MIP_ERR_CRYPTO;
	}
	return 0;
}

/*
 * in_range tells whether 2 <= |v| <= p - 2 (spec 2.6.2 decision: 0, 1 and
 * p - 1 confine the secret to a subgroup of order 1 or 2), using |tmp|.
 */
static int
in_range(const BIGNUM *v, const BIGNUM *p, BIGNUM *tmp)
{
	if (BN_copy(tmp, p) == NULL || !BN_sub_word(tmp, 1))
		return MIP_ERR_CRYPTO;
	if (BN_cmp(v, tmp) >= 0 || BN_is_zero(v) || BN_is_one(v))
		return MIP_ERR_WEAK;
	return 0;
}

static int
len_ok(size_t len)
{
	return len != 0 && len <= MIP_DH_MAX_LEN;
}

int
mip_dh_check_params(
    const uint8_t *p, const uint8_t *g, size_t len, unsigned min_bits)
{
	struct dh_nums n;
	int rc;

	if (!len_ok(len))
		return MIP_ERR_WEAK;
	if ((p[len - 1] & 1) == 0)
		return MIP_ERR_WEAK;
	if ((rc = dh_nums_new(&n, p, g, len)) != 0)
		return rc;
	if ((unsigned)BN_num_bits(n.p) < min_bits || BN_num_bits(n.p) < 3) {
		rc = MIP_ERR_WEAK;
		goto out;
	}
	if ((rc = in_range(n.a, n.p, n.x)) != 0)
		goto out;
	/*
	 * Decision (docs/design.md): p must be a safe prime, so that every g
	 * in [2, p-2] generates a subgroup of order q or 2q, q = (p-1)/2.
	 * q first: a random odd p fails there as cheaply as on p itself.
	 */
	if (!BN_rshift1(n.x, n.p)) {
		rc = MIP_ERR_CRYPTO;
		goto out;
	}
	rc = BN_check_prime(n.x, n.ctx, NULL);
	if (rc == 1)
		rc = BN_check_prime(n.p, n.ctx, NULL);
	rc = rc == 1 ? 0 : rc == 0 ? MIP_ERR_WEAK : MIP_ERR_CRYPTO;
out:
	dh_nums_free(&n);
	return rc;
}

int
mip_dh_check_value(const uint8_t *p, const uint8_t *v, size_t len)
{
	struct dh_nums n;
	int rc;

	if (!len_ok(len))
		return MIP_ERR_WEAK;
	if ((rc = dh_nums_new(&n, p, v, len)) != 0)
		return rc;
	rc = in_range(n.a, n.p, n.x);
	dh_nums_free(&n);
	return rc;
}

/*
 * dh_exp sets n->r = n->a ^ priv mod p, constant time in |priv|. Returns
 * 0 or MIP_ERR_INVAL (p even or below 3, priv zero), MIP_ERR_CRYPTO.
 */
static int
dh_exp(struct dh_nums *n, const uint8_t *priv, size_t priv_len)
{
	if (!BN_is_odd(n->p) || BN_is_one(n->p))
		return MIP_ERR_INVAL;
	BN_set_flags(n->x, BN_FLG_CONSTTIME);
	if (BN_bin2bn(priv, (int)priv_len, n->x) == NULL)
		return MIP_ERR_CRYPTO;
	if (BN_is_zero(n->x))
		return MIP_ERR_INVAL;
	if (!BN_mod_exp_mont_consttime(n->r, n->a, n->x, n->p, n->ctx, NULL))
		return MIP_ERR_CRYPTO;
	return 0;
}

static int
dh_args_ok(size_t len, const uint8_t *priv, size_t priv_len)
{
	return len_ok(len) && priv != NULL && priv_len != 0 && priv_len <= len;
}

int
mip_dh_public(uint8_t *pub, const uint8_t *p, const uint8_t *g, size_t len,
    const uint8_t *priv, size_t priv_len)
{
	struct dh_nums n;
	int rc;

	if (!dh_args_ok(len, priv, priv_len))
		return MIP_ERR_INVAL;
	if ((rc = dh_nums_new(&n, p, g, len)) != 0)
		return rc;
	if ((rc = dh_exp(&n, priv, priv_len)) == 0 &&
	    BN_bn2binpad(n.r, pub, (int)len) < 0)
		rc = MIP_ERR_CRYPTO;
	dh_nums_free(&n);
	return rc;
}

int
mip_dh_key(uint8_t key[MIP_REGKEY_LEN], const uint8_t *p, size_t len,
    const uint8_t *priv, size_t priv_len, const uint8_t *peer_pub)
{
	uint8_t secret[MIP_DH_MAX_LEN];
	struct mip_iov part = { secret, len };
	struct dh_nums n;
	int rc;

	if (!dh_args_ok(len, priv, priv_len))
		return MIP_ERR_INVAL;
	if ((rc = dh_nums_new(&n, p, peer_pub, len)) != 0)
		return rc;
	if (!BN_is_odd(n.p) || BN_is_one(n.p)) {
		rc = MIP_ERR_INVAL;
		goto out;
	}
	if ((rc = in_range(n.a, n.p, n.r)) != 0 ||
	    (rc = dh_exp(&n, priv, priv_len)) != 0)
		goto out;
	if (BN_is_zero(n.r) || BN_is_one(n.r)) {
		rc = MIP_ERR_WEAK;
		goto out;
	}
	/* Decision (docs/design.md): key = MD5(secret as len octets). */
	if (BN_bn2binpad(n.r, secret, (int)len) < 0)
		rc = MIP_ERR_CRYPTO;
	else
		rc = mip_md5(key, &part, 1);
	mip_cleanse(secret, len);
out:
	dh_nums_free(&n);
	return rc;
}

/*
 * rsa_ctx makes an encryption or decryption context for |pkey| with
 * RSAES-OAEP, SHA-1 and MGF1-SHA-1 (decision, docs/design.md). Returns
 * NULL when OpenSSL fails.
 */
static EVP_PKEY_CTX *
rsa_ctx(EVP_PKEY *pkey, int decrypt)
{
	EVP_PKEY_CTX *c;

	c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	if (c == NULL)
		return NULL;
	if ((decrypt ? EVP_PKEY_decrypt_init(c) : EVP_PKEY_encrypt_init(c)) !=
		1 ||
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha1()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha1()) != 1) {
		EVP_PKEY_CTX_free(c);
		return NULL;
	}
	return c;
}

/* rsa_size_check refuses moduli outside [RSA_MIN_BITS, RSA_MAX_BITS]. */
static int
rsa_size_check(const EVP_PKEY *pkey)
{
	int bits = EVP_PKEY_get_bits(pkey);

	if (bits < RSA_MIN_BITS)
		return MIP_ERR_WEAK;
	if (bits > RSA_MAX_BITS)
		return MIP_ERR_UNSUPPORTED;
	return 0;
}

/*
 * rsa_decode reads a DER PKCS#1 RSAPublicKey or RSAPrivateKey that must
 * span |der| exactly (no trailing octets). Returns NULL if it does not.
 */
static EVP_PKEY *
rsa_decode(const uint8_t *der, size_t len, int private)
{
	const unsigned char *q = der;
	EVP_PKEY *pkey;

	if (der == NULL || len == 0 || len > RSA_MAX_DER)
		return NULL;
	pkey = private ? d2i_PrivateKey(EVP_PKEY_RSA, NULL, &q, (long)len)
		       : d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, (long)len);
	if (pkey != NULL && q != der + len) {
		EVP_PKEY_free(pkey);
		return NULL;
	}
	return pkey;
}

mip_ssize
mip_rsa_encrypt_key(uint8_t *out, size_t cap, const uint8_t *pub_der,
    size_t pub_len, const uint8_t key[MIP_REGKEY_LEN])
{
	EVP_PKEY_CTX *c = NULL;
	EVP_PKEY *pkey;
	size_t olen;
	int rc;

	if ((pkey = rsa_decode(pub_der, pub_len, 0)) == NULL)
		return MIP_ERR_MALFORMED;
	if ((rc = rsa_size_check(pkey)) != 0)
		goto out;
	olen = (size_t)EVP_PKEY_get_size(pkey);
	if (olen > cap) {
		rc = MIP_ERR_NOBUF;
		goto out;
	}
	if ((c = rsa_ctx(pkey, 0)) == NULL ||
	    EVP_PKEY_encrypt(c, out, &olen, key, MIP_REGKEY_LEN) != 1)
		rc = MIP_ERR_CRYPTO;
out:
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pkey);
	return rc != 0 ? rc : (mip_ssize)olen;
}

mip_ssize
mip_rsa_decrypt_key(uint8_t key[MIP_REGKEY_LEN], const uint8_t *priv_der,
    size_t priv_len, const uint8_t *in, size_t len)
{
	uint8_t plain[RSA_MAX_BITS / 8];
	EVP_PKEY_CTX *c = NULL;
	EVP_PKEY *pkey;
	size_t olen = sizeof(plain);
	int rc = 0;

	if ((pkey = rsa_decode(priv_der, priv_len, 1)) == NULL)
		return MIP_ERR_INVAL;
	if ((rc = rsa_size_check(pkey)) != 0) {
		rc = MIP_ERR_INVAL; /* our own key: a configuration error */
		goto out;
	}
	if (in == NULL || len != (size_t)EVP_PKEY_get_size(pkey)) {
		rc = MIP_ERR_MALFORMED;
		goto out;
	}
	if ((c = rsa_ctx(pkey, 1)) == NULL) {
		rc = MIP_ERR_CRYPTO;
		goto out;
	}
	/* RFC 8017 7.1.2: every OAEP decoding failure looks the same. */
	if (EVP_PKEY_decrypt(c, plain, &olen, in, len) != 1)
		rc = MIP_ERR_AUTH;
	else if (olen != MIP_REGKEY_LEN)
		rc = MIP_ERR_MALFORMED;
	else
		memcpy(key, plain, MIP_REGKEY_LEN);
	mip_cleanse(plain, sizeof(plain));
out:
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pkey);
	return rc != 0 ? rc : MIP_REGKEY_LEN;
}
