/* SPDX-License-Identifier: ISC */
/*
 * Registration-key crypto (mip_keys.h): the spec sheet's derived MD5 XOR
 * pad vector, Diffie-Hellman agreement and every weak-parameter refusal,
 * RSA-OAEP key transport with keys made here by OpenSSL.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "helper.h"
#include "mip/mip_crypto.h"
#include "mip/mip_keys.h"

/* Spec sheet 2.6.1, derived example (Type-120 extension, SPI 0x200). */
#define PAD_SECRET "000102030405060708090a0b0c0d0e0f"
#define PAD_KEY "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
#define PAD_REGREP "03000708c000020ac0000201e8a1b2c300000001780014 00000200"
#define PAD_PAD "41227143d7f1bc411f5c9ec1b49f0b54"
#define PAD_ENCODED "e183d3e073541ae6b7f5346a1832a5fb"

static void
test_pad_vector(void **state)
{
	uint8_t secret[16], key[16], regrep[32], enc[16], out[16], zero[16];
	size_t slen, rlen;

	(void)state;
	slen = hex_decode(PAD_SECRET, secret, sizeof(secret));
	rlen = hex_decode(PAD_REGREP, regrep, sizeof(regrep));
	assert_int_equal(rlen, 27);
	hex_decode(PAD_KEY, key, sizeof(key));
	hex_decode(PAD_ENCODED, enc, sizeof(enc));
	memset(zero, 0, sizeof(zero));

	/* XOR with zeros shows the pad itself. */
	assert_int_equal(
	    mip_regkey_pad(out, secret, slen, regrep, rlen, zero), 0);
	assert_hex_equal(out, 16, PAD_PAD);
	/* Encode, then decode: the same call both ways. */
	assert_int_equal(
	    mip_regkey_pad(out, secret, slen, regrep, rlen, key), 0);
	assert_hex_equal(out, 16, PAD_ENCODED);
	assert_int_equal(
	    mip_regkey_pad(out, secret, slen, regrep, rlen, enc), 0);
	assert_hex_equal(out, 16, PAD_KEY);
	/* In place. */
	assert_int_equal(
	    mip_regkey_pad(enc, secret, slen, regrep, rlen, enc), 0);
	assert_hex_equal(enc, 16, PAD_KEY);
	/* One regrep byte more (the first key octet) changes the pad. */
	regrep[rlen] = 0xe1;
	assert_int_equal(
	    mip_regkey_pad(out, secret, slen, regrep, rlen + 1, key), 0);
	assert_memory_not_equal(out, enc, 16);
}

static void
test_pad_args(void **state)
{
	uint8_t secret[1] = { 1 }, in[16] = { 0 }, out[16];

	(void)state;
	assert_int_equal(
	    mip_regkey_pad(out, secret, 0, NULL, 0, in), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_regkey_pad(out, NULL, 1, NULL, 0, in), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_regkey_pad(out, secret, 1, NULL, 3, in), MIP_ERR_INVAL);
	assert_int_equal(mip_regkey_pad(out, secret, 1, NULL, 0, in), 0);
}

/* The built-in groups are the RFC primes OpenSSL also carries. */
static void
test_dh_groups(void **state)
{
	static const struct {
		unsigned bits;
		BIGNUM *(*rfc)(BIGNUM *);
	} groups[] = {
		{ 1024, BN_get_rfc2409_prime_1024 },
		{ 2048, BN_get_rfc3526_prime_2048 },
	};
	uint8_t g[MIP_DH_MAX_LEN], want[MIP_DH_MAX_LEN];
	const uint8_t *p;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		BIGNUM *bn = groups[i].rfc(NULL);

		assert_non_null(bn);
		p = mip_dh_group(groups[i].bits, &len, g);
		assert_non_null(p);
		assert_int_equal(len, groups[i].bits / 8);
		assert_int_equal(BN_bn2binpad(bn, want, (int)len), (int)len);
		assert_memory_equal(p, want, len);
		for (size_t j = 0; j + 1 < len; j++)
			assert_int_equal(g[j], 0);
		assert_int_equal(g[len - 1], 2);
		BN_free(bn);
	}
	assert_null(mip_dh_group(1536, &len, g));
	assert_null(mip_dh_group(0, &len, NULL));
}

/* Tiny group p = 23 (q = 11), g = 5 in 2 octets: left padding shows. */
static void
test_dh_small_vector(void **state)
{
	const uint8_t p[2] = { 0, 23 }, g[2] = { 0, 5 }, x[1] = { 3 };
	const uint8_t y[2] = { 0, 6 };
	uint8_t pub[2], key_a[16], key_b[16], gy[2], secret[2];
	struct mip_iov part = { secret, 2 };

	(void)state;
	assert_int_equal(mip_dh_check_params(p, g, 2, 4), 0);
	assert_int_equal(mip_dh_public(pub, p, g, 2, x, 1), 0);
	assert_hex_equal(pub, 2, "000a"); /* 5^3 = 125 = 10 mod 23 */
	assert_int_equal(mip_dh_public(gy, p, g, 2, y, 2), 0);
	assert_hex_equal(gy, 2, "0008"); /* 5^6 = 15625 = 8 mod 23 */
	/* s = 8^3 = 512 = 6 mod 23; key = MD5(0006). */
	assert_int_equal(mip_dh_key(key_a, p, 2, x, 1, gy), 0);
	assert_int_equal(mip_dh_key(key_b, p, 2, y, 2, pub), 0);
	assert_memory_equal(key_a, key_b, 16);
	secret[0] = 0;
	secret[1] = 6;
	assert_int_equal(mip_md5(key_b, &part, 1), 0);
	assert_memory_equal(key_a, key_b, 16);
}

/* Both sides agree with the 1024-bit group; the other side does not. */
static void
test_dh_agree_1024(void **state)
{
	uint8_t g[MIP_DH_MAX_LEN], pub_mn[128], pub_fa[128];
	uint8_t x_mn[MIP_DH_PRIV_LEN], x_fa[MIP_DH_PRIV_LEN],
	    x_ev[MIP_DH_PRIV_LEN];
	uint8_t k_mn[16], k_fa[16], k_ev[16];
	struct test_rand tr;
	const uint8_t *p;
	size_t len;

	(void)state;
	test_rand_init(&tr, 6);
	for (size_t i = 0; i < MIP_DH_PRIV_LEN; i++) {
		x_mn[i] = (uint8_t)test_rand_u64(&tr);
		x_fa[i] = (uint8_t)test_rand_u64(&tr);
		x_ev[i] = (uint8_t)test_rand_u64(&tr);
	}
	p = mip_dh_group(1024, &len, g);
	assert_int_equal(len, 128);
	assert_int_equal(mip_dh_check_params(p, g, len, MIP_DH_MIN_BITS), 0);
	assert_int_equal(
	    mip_dh_public(pub_mn, p, g, len, x_mn, sizeof(x_mn)), 0);
	assert_int_equal(
	    mip_dh_public(pub_fa, p, g, len, x_fa, sizeof(x_fa)), 0);
	assert_int_equal(mip_dh_check_value(p, pub_mn, len), 0);
	assert_int_equal(mip_dh_check_value(p, pub_fa, len), 0);
	assert_int_equal(
	    mip_dh_key(k_mn, p, len, x_mn, sizeof(x_mn), pub_fa), 0);
	assert_int_equal(
	    mip_dh_key(k_fa, p, len, x_fa, sizeof(x_fa), pub_mn), 0);
	assert_memory_equal(k_mn, k_fa, 16);
	/* A third exponent against the MN's value gets another key. */
	assert_int_equal(
	    mip_dh_key(k_ev, p, len, x_ev, sizeof(x_ev), pub_mn), 0);
	assert_memory_not_equal(k_ev, k_mn, 16);
}

/* |n| as a big-endian |len|-octet string. */
static void
put_bn(uint8_t *out, size_t len, const BIGNUM *n)
{
	assert_int_equal(BN_bn2binpad(n, out, (int)len), (int)len);
}

static void
put_word(uint8_t *out, size_t len, unsigned long w)
{
	BIGNUM *n = BN_new();

	assert_non_null(n);
	assert_int_equal(BN_set_word(n, w), 1);
	put_bn(out, len, n);
	BN_free(n);
}

/* |out| = p + |delta| (delta >= -1) as |len| octets. */
static void
put_p_plus(uint8_t *out, const uint8_t *p, size_t len, int delta)
{
	BIGNUM *n = BN_bin2bn(p, (int)len, NULL);

	assert_non_null(n);
	if (delta < 0)
		assert_int_equal(BN_sub_word(n, 1), 1);
	else
		assert_int_equal(BN_add_word(n, (BN_ULONG)delta), 1);
	put_bn(out, len, n);
	BN_free(n);
}

/*
 * Decision (docs/design.md): key = MD5(s). With s longer than 64 octets,
 * RFC 2104 2 makes HMAC-MD5 keyed with s the same as keyed with MD5(s).
 */
static void
test_dh_key_is_hmac_compatible(void **state)
{
	uint8_t g[MIP_DH_MAX_LEN], pub[128], peer[128], s[128], key[16];
	const uint8_t x[MIP_DH_PRIV_LEN] = { 0x5e, 0xc7, 0x3e, 0x70 };
	const uint8_t y[MIP_DH_PRIV_LEN] = { 0x12, 0x34 };
	uint8_t mac_s[16], mac_k[16];
	struct mip_mac *ms, *mk;
	BIGNUM *bp, *bpeer, *bx, *bs;
	struct test_mem tm;
	const uint8_t *p;
	BN_CTX *ctx;
	size_t len;

	(void)state;
	p = mip_dh_group(1024, &len, g);
	assert_int_equal(mip_dh_public(peer, p, g, len, y, sizeof(y)), 0);
	assert_int_equal(mip_dh_public(pub, p, g, len, x, sizeof(x)), 0);
	assert_int_equal(mip_dh_key(key, p, len, x, sizeof(x), peer), 0);
	/* The secret computed independently here. */
	ctx = BN_CTX_new();
	bp = BN_bin2bn(p, (int)len, NULL);
	bpeer = BN_bin2bn(peer, (int)len, NULL);
	bx = BN_bin2bn(x, (int)sizeof(x), NULL);
	bs = BN_new();
	assert_true(ctx && bp && bpeer && bx && bs);
	assert_int_equal(BN_mod_exp(bs, bpeer, bx, bp, ctx), 1);
	put_bn(s, len, bs);
	test_mem_init(&tm, 0);
	assert_int_equal(
	    mip_mac_new(&ms, MIP_AUTH_HMAC_MD5, s, len, &tm.mem), 0);
	assert_int_equal(
	    mip_mac_new(&mk, MIP_AUTH_HMAC_MD5, key, 16, &tm.mem), 0);
	assert_int_equal(mip_mac_compute(ms, pub, len, mac_s), 0);
	assert_int_equal(mip_mac_compute(mk, pub, len, mac_k), 0);
	assert_memory_equal(mac_s, mac_k, 16);
	mip_mac_free(ms);
	mip_mac_free(mk);
	BN_free(bp);
	BN_free(bpeer);
	BN_free(bx);
	BN_free(bs);
	BN_CTX_free(ctx);
}

static void
test_dh_weak_params(void **state)
{
	uint8_t g[MIP_DH_MAX_LEN + 1], bad[MIP_DH_MAX_LEN + 1];
	uint8_t pp[MIP_DH_MAX_LEN + 1];
	const uint8_t *p;
	BIGNUM *np, *nq;
	size_t len;

	(void)state;
	p = mip_dh_group(1024, &len, g);
	/* Small p: a safe prime, but under the floor. */
	put_word(pp, 2, 23);
	put_word(g, 2, 5);
	assert_int_equal(mip_dh_check_params(pp, g, 2, 5), 0);
	assert_int_equal(mip_dh_check_params(pp, g, 2, 6), MIP_ERR_WEAK);
	assert_int_equal(
	    mip_dh_check_params(pp, g, 2, MIP_DH_MIN_BITS), MIP_ERR_WEAK);
	/* A 512-bit p (leading zero octets in a 1024-bit field) is small. */
	p = mip_dh_group(1024, &len, g);
	memset(pp, 0, 64);
	memcpy(pp + 64, p + 64, 64);
	assert_int_equal(
	    mip_dh_check_params(pp, g, len, MIP_DH_MIN_BITS), MIP_ERR_WEAK);
	/* Even p. */
	put_word(pp, 2, 22);
	put_word(g, 2, 5);
	assert_int_equal(mip_dh_check_params(pp, g, 2, 2), MIP_ERR_WEAK);
	put_p_plus(pp, p, len, 1);
	mip_dh_group(1024, &len, g);
	assert_int_equal(mip_dh_check_params(pp, g, len, 0), MIP_ERR_WEAK);
	/* p = 1, p = 3 (q = 1 is not prime). */
	put_word(pp, 1, 1);
	put_word(g, 1, 2);
	assert_int_equal(mip_dh_check_params(pp, g, 1, 0), MIP_ERR_WEAK);
	put_word(pp, 1, 3);
	assert_int_equal(mip_dh_check_params(pp, g, 1, 0), MIP_ERR_WEAK);
	/* Composite odd p with q prime: 2 * 11 + 1 = 23 is, 2 * 13 + 1 = 27
	 * is not. */
	put_word(pp, 1, 27);
	assert_int_equal(mip_dh_check_params(pp, g, 1, 0), MIP_ERR_WEAK);
	/* Prime p, composite q: 29 (q = 14), and a 1024-bit one. */
	put_word(pp, 1, 29);
	assert_int_equal(mip_dh_check_params(pp, g, 1, 0), MIP_ERR_WEAK);
	np = BN_new();
	nq = BN_new();
	assert_true(np != NULL && nq != NULL);
	do {
		assert_int_equal(
		    BN_generate_prime_ex(np, 1024, 0, NULL, NULL, NULL), 1);
		assert_int_equal(BN_rshift1(nq, np), 1);
	} while (BN_check_prime(nq, NULL, NULL) != 0);
	put_bn(pp, 128, np);
	mip_dh_group(1024, &len, g);
	assert_int_equal(
	    mip_dh_check_params(pp, g, 128, MIP_DH_MIN_BITS), MIP_ERR_WEAK);
	BN_free(np);
	BN_free(nq);
	/* g outside [2, p-2]. */
	p = mip_dh_group(1024, &len, g);
	for (unsigned long w = 0; w <= 1; w++) {
		put_word(bad, len, w);
		assert_int_equal(
		    mip_dh_check_params(p, bad, len, 0), MIP_ERR_WEAK);
	}
	for (int d = -1; d <= 1; d++) {
		put_p_plus(bad, p, len, d);
		assert_int_equal(
		    mip_dh_check_params(p, bad, len, 0), MIP_ERR_WEAK);
	}
	memset(bad, 0xff, len);
	assert_int_equal(mip_dh_check_params(p, bad, len, 0), MIP_ERR_WEAK);
	/* g = p - 2 and g = 2 are fine. */
	put_p_plus(bad, p, len, -1);
	bad[len - 1]--; /* p - 1 ends in ...fe: no borrow */
	assert_int_equal(mip_dh_check_params(p, bad, len, 0), 0);
	/* Length 0 and above the maximum. */
	assert_int_equal(mip_dh_check_params(p, g, 0, 0), MIP_ERR_WEAK);
	memset(pp, 0, sizeof(pp));
	memcpy(pp + sizeof(pp) - len, p, len);
	memset(g, 0, sizeof(g));
	g[sizeof(g) - 1] = 2;
	assert_int_equal(
	    mip_dh_check_params(pp, g, MIP_DH_MAX_LEN + 1, 0), MIP_ERR_WEAK);
	assert_int_equal(
	    mip_dh_check_params(pp + 1, g + 1, MIP_DH_MAX_LEN, 0), 0);
}

static void
test_dh_weak_values(void **state)
{
	uint8_t g[MIP_DH_MAX_LEN], v[MIP_DH_MAX_LEN + 1], key[16];
	const uint8_t x[MIP_DH_PRIV_LEN] = { 1, 2, 3 };
	const uint8_t *p;
	size_t len;

	(void)state;
	p = mip_dh_group(1024, &len, g);
	for (unsigned long w = 0; w <= 1; w++) {
		put_word(v, len, w);
		assert_int_equal(mip_dh_check_value(p, v, len), MIP_ERR_WEAK);
		assert_int_equal(
		    mip_dh_key(key, p, len, x, sizeof(x), v), MIP_ERR_WEAK);
	}
	for (int d = -1; d <= 1; d++) {
		put_p_plus(v, p, len, d);
		assert_int_equal(mip_dh_check_value(p, v, len), MIP_ERR_WEAK);
		assert_int_equal(
		    mip_dh_key(key, p, len, x, sizeof(x), v), MIP_ERR_WEAK);
	}
	memset(v, 0xff, len);
	assert_int_equal(mip_dh_check_value(p, v, len), MIP_ERR_WEAK);
	put_word(v, len, 2);
	assert_int_equal(mip_dh_check_value(p, v, len), 0);
	assert_int_equal(mip_dh_check_value(p, v, 0), MIP_ERR_WEAK);
	assert_int_equal(
	    mip_dh_check_value(p, v, MIP_DH_MAX_LEN + 1), MIP_ERR_WEAK);
}

static void
test_dh_args(void **state)
{
	uint8_t g[MIP_DH_MAX_LEN], pub[128], key[16], zero[4] = { 0 };
	const uint8_t x[4] = { 9, 9, 9, 9 };
	const uint8_t even[2] = { 0, 22 }, five[2] = { 0, 5 };
	const uint8_t *p;
	size_t len;

	(void)state;
	p = mip_dh_group(1024, &len, g);
	assert_int_equal(
	    mip_dh_public(pub, p, g, len, zero, sizeof(zero)), MIP_ERR_INVAL);
	assert_int_equal(mip_dh_public(pub, p, g, len, x, 0), MIP_ERR_INVAL);
	assert_int_equal(mip_dh_public(pub, p, g, 0, x, 4), MIP_ERR_INVAL);
	assert_int_equal(mip_dh_public(pub, p, g, 2, x, 4), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_dh_public(pub, even, five, 2, x, 1), MIP_ERR_INVAL);
	assert_int_equal(mip_dh_key(key, even, 2, x, 1, five), MIP_ERR_INVAL);
	assert_int_equal(mip_dh_key(key, p, len, zero, 4, g), MIP_ERR_INVAL);
}

/* An RSA key pair of |bits| made here, as DER PKCS#1. */
struct rsa_pair {
	uint8_t pub[1024];
	size_t pub_len;
	uint8_t priv[4096];
	size_t priv_len;
};

static void
rsa_pair_make(struct rsa_pair *k, unsigned bits)
{
	EVP_PKEY *pkey = EVP_RSA_gen(bits);
	unsigned char *q;
	int n;

	assert_non_null(pkey);
	q = k->pub;
	n = i2d_PublicKey(pkey, &q);
	assert_true(n > 0 && (size_t)n <= sizeof(k->pub));
	k->pub_len = (size_t)n;
	assert_true(i2d_PrivateKey(pkey, NULL) <= (int)sizeof(k->priv));
	q = k->priv;
	n = i2d_PrivateKey(pkey, &q);
	assert_true(n > 0);
	k->priv_len = (size_t)n;
	EVP_PKEY_free(pkey);
}

static void
test_rsa(void **state)
{
	static struct rsa_pair a, b, weak;
	uint8_t key[16], got[16], ct[256], bad[256];
	mip_ssize n;

	(void)state;
	rsa_pair_make(&a, 1024);
	rsa_pair_make(&b, 1024);
	hex_decode(PAD_KEY, key, sizeof(key));

	/* Round trip; OAEP is randomised. */
	n = mip_rsa_encrypt_key(ct, sizeof(ct), a.pub, a.pub_len, key);
	assert_int_equal(n, 128);
	assert_int_equal(
	    mip_rsa_encrypt_key(bad, sizeof(bad), a.pub, a.pub_len, key), 128);
	assert_memory_not_equal(ct, bad, 128);
	memset(got, 0, sizeof(got));
	assert_int_equal(
	    mip_rsa_decrypt_key(got, a.priv, a.priv_len, ct, (size_t)n), 16);
	assert_memory_equal(got, key, 16);

	/* The wrong private key. */
	memset(got, 0x55, sizeof(got));
	assert_int_equal(
	    mip_rsa_decrypt_key(got, b.priv, b.priv_len, ct, (size_t)n),
	    MIP_ERR_AUTH);
	for (size_t i = 0; i < 16; i++)
		assert_int_equal(got[i], 0x55);
	/* Altered, truncated, overlong and garbage ciphertexts. */
	memcpy(bad, ct, 128);
	bad[77] ^= 0x01;
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, bad, 128),
	    MIP_ERR_AUTH);
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, ct, 127),
	    MIP_ERR_MALFORMED);
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, ct, 0),
	    MIP_ERR_MALFORMED);
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, ct, 129),
	    MIP_ERR_MALFORMED);
	memset(bad, 0xff, 128); /* >= n: not even an RSA input */
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, bad, 128),
	    MIP_ERR_AUTH);
	memset(bad, 0x00, 128);
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, bad, 128),
	    MIP_ERR_AUTH);

	/* Hostile or broken DER. */
	assert_int_equal(
	    mip_rsa_encrypt_key(ct, sizeof(ct), a.pub, a.pub_len - 1, key),
	    MIP_ERR_MALFORMED);
	memcpy(bad, a.pub, a.pub_len);
	bad[a.pub_len] = 0;
	assert_int_equal(
	    mip_rsa_encrypt_key(ct, sizeof(ct), bad, a.pub_len + 1, key),
	    MIP_ERR_MALFORMED);
	assert_int_equal(mip_rsa_encrypt_key(ct, sizeof(ct), a.pub, 0, key),
	    MIP_ERR_MALFORMED);
	memset(bad, 0x30, sizeof(bad));
	assert_int_equal(
	    mip_rsa_encrypt_key(ct, sizeof(ct), bad, sizeof(bad), key),
	    MIP_ERR_MALFORMED);
	assert_int_equal(
	    mip_rsa_decrypt_key(got, a.pub, a.pub_len, ct, 128), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_rsa_decrypt_key(got, a.priv, 10, ct, 128), MIP_ERR_INVAL);
	/* Output too small. */
	assert_int_equal(
	    mip_rsa_encrypt_key(ct, 127, a.pub, a.pub_len, key), MIP_ERR_NOBUF);
	/* Too small a modulus. */
	rsa_pair_make(&weak, 512);
	assert_int_equal(
	    mip_rsa_encrypt_key(ct, sizeof(ct), weak.pub, weak.pub_len, key),
	    MIP_ERR_WEAK);
	assert_int_equal(
	    mip_rsa_decrypt_key(got, weak.priv, weak.priv_len, ct, 64),
	    MIP_ERR_INVAL);
}

/* A plaintext that is not 16 octets decrypts but is refused. */
static void
test_rsa_wrong_plain_len(void **state)
{
	static struct rsa_pair a;
	const unsigned char *q;
	EVP_PKEY_CTX *c;
	EVP_PKEY *pkey;
	uint8_t ct[128], got[16], plain[15] = { 0 };
	size_t clen = sizeof(ct);

	(void)state;
	rsa_pair_make(&a, 1024);
	q = a.pub;
	pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &q, (long)a.pub_len);
	assert_non_null(pkey);
	c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	assert_non_null(c);
	assert_int_equal(EVP_PKEY_encrypt_init(c), 1);
	assert_int_equal(
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha1()), 1);
	assert_int_equal(
	    EVP_PKEY_encrypt(c, ct, &clen, plain, sizeof(plain)), 1);
	assert_int_equal(mip_rsa_decrypt_key(got, a.priv, a.priv_len, ct, clen),
	    MIP_ERR_MALFORMED);
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pkey);
}

static void
test_err_name(void **state)
{
	(void)state;
	assert_string_equal(
	    mip_strerror(MIP_ERR_WEAK), "weak crypto parameters");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pad_vector),
		cmocka_unit_test(test_pad_args),
		cmocka_unit_test(test_dh_groups),
		cmocka_unit_test(test_dh_small_vector),
		cmocka_unit_test(test_dh_agree_1024),
		cmocka_unit_test(test_dh_key_is_hmac_compatible),
		cmocka_unit_test(test_dh_weak_params),
		cmocka_unit_test(test_dh_weak_values),
		cmocka_unit_test(test_dh_args),
		cmocka_unit_test(test_rsa),
		cmocka_unit_test(test_rsa_wrong_plain_len),
		cmocka_unit_test(test_err_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
