/* SPDX-License-Identifier: ISC */
/* Crypto wrapper: RFC 2202 HMAC vectors, keyed MD5, multi-part MD5. */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_crypto.h"
#include "mip/mip_proto.h"

/*
 * RFC 2202 test cases. |key| and |data| are hex, or a repeated octet when
 * |*_rep| is nonzero; |text| is ASCII data (no trailing NUL).
 */
struct kat {
	const char *key;
	size_t key_rep;
	const char *text;
	const char *data;
	size_t data_rep;
	const char *digest;
};

/* RFC 2202 2: HMAC-MD5 test cases 1-7. */
static const struct kat hmac_md5_kats[] = {
	{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", 0, "Hi There", NULL, 0,
	    "9294727a3638bb1c13f48ef8158bfc9d" },
	{ "4a656665" /* "Jefe" */, 0, "what do ya want for nothing?", NULL, 0,
	    "750c783e6ab0b503eaa86e310a5db738" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, NULL, "dd", 50,
	    "56be34521d144c88dbb8c733f0e8b3f6" },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, NULL, "cd",
	    50, "697eaf0aca3a3aea3a75164746ffaa79" },
	{ "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", 0, "Test With Truncation", NULL,
	    0, "56461ef2342edc00f9bab995690efd4c" },
	{ "aa", 80, "Test Using Larger Than Block-Size Key - Hash Key First",
	    NULL, 0, "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
	{ "aa", 80,
	    "Test Using Larger Than Block-Size Key and Larger "
	    "Than One Block-Size Data",
	    NULL, 0, "6f630fad67cda0ee1fb1f562db3aa53e" },
};

/* RFC 2202 3: HMAC-SHA-1 test cases 1-7. */
static const struct kat hmac_sha1_kats[] = {
	{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", 0, "Hi There", NULL, 0,
	    "b617318655057264e28bc0b6fb378c8ef146be00" },
	{ "4a656665", 0, "what do ya want for nothing?", NULL, 0,
	    "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, NULL, "dd", 50,
	    "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
	{ "0102030405060708090a0b0c0d0e0f10111213141516171819", 0, NULL, "cd",
	    50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
	{ "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", 0, "Test With Truncation",
	    NULL, 0, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
	{ "aa", 80, "Test Using Larger Than Block-Size Key - Hash Key First",
	    NULL, 0, "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
	{ "aa", 80,
	    "Test Using Larger Than Block-Size Key and Larger "
	    "Than One Block-Size Data",
	    NULL, 0, "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
};

/* Expands a hex fixture, repeating its single octet |rep| times if set. */
static size_t
expand(const char *hex, size_t rep, uint8_t *out, size_t cap)
{
	size_t n = hex_decode(hex, out, cap);

	if (rep != 0) {
		assert_int_equal(n, 1);
		assert_true(rep <= cap);
		memset(out, out[0], rep);
		n = rep;
	}
	return n;
}

static void
run_kats(const struct kat *k, size_t nk, enum mip_auth_alg alg)
{
	struct test_mem tm;
	size_t i;

	test_mem_init(&tm, 0);
	for (i = 0; i < nk; i++) {
		uint8_t key[128], data[128], out[MIP_AUTH_MAX_LEN];
		size_t klen = expand(k[i].key, k[i].key_rep, key, sizeof(key));
		size_t dlen;
		struct mip_mac *m;

		if (k[i].text != NULL) {
			dlen = strlen(k[i].text);
			memcpy(data, k[i].text, dlen);
		} else {
			dlen = expand(
			    k[i].data, k[i].data_rep, data, sizeof(data));
		}
		assert_int_equal(mip_mac_new(&m, alg, key, klen, &tm.mem), 0);
		assert_int_equal(mip_mac_compute(m, data, dlen, out), 0);
		assert_hex_equal(out, mip_mac_len(m), k[i].digest);
		/* the prepared state is reusable: same answer again */
		memset(out, 0, sizeof(out));
		assert_int_equal(mip_mac_compute(m, data, dlen, out), 0);
		assert_hex_equal(out, mip_mac_len(m), k[i].digest);
		assert_int_equal(
		    mip_mac_verify(m, data, dlen, out, mip_mac_len(m)), 0);
		out[mip_mac_len(m) - 1] ^= 0x80;
		assert_int_equal(
		    mip_mac_verify(m, data, dlen, out, mip_mac_len(m)),
		    MIP_ERR_AUTH);
		mip_mac_free(m);
	}
	assert_int_equal(tm.live, 0);
}

static void
test_rfc2202_hmac_md5(void **state)
{
	(void)state;
	run_kats(hmac_md5_kats,
	    sizeof(hmac_md5_kats) / sizeof(hmac_md5_kats[0]),
	    MIP_AUTH_HMAC_MD5);
}

static void
test_rfc2202_hmac_sha1(void **state)
{
	(void)state;
	run_kats(hmac_sha1_kats,
	    sizeof(hmac_sha1_kats) / sizeof(hmac_sha1_kats[0]),
	    MIP_AUTH_HMAC_SHA1);
}

/*
 * Keyed MD5 prefix+suffix against the spec sheet's derived values (4.6
 * RRQ/RRP, 1.6 BU), which were computed there independently.
 */
static void
test_keyed_md5(void **state)
{
	static const struct {
		const char *data;
		const char *mac;
	} v[] = {
		{ "01020708 c000020a c0000201 c6336401 e8a1b2c3 00000001 "
		  "20 14 00000100",
		    "17304efa4ab980816b80e95fa37bb157" },
		{ "03000708 c000020a c0000201 e8a1b2c3 00000001 "
		  "20 14 00000100",
		    "276c69a719fb94c4435cce4bb63c2421" },
		{ "12c0012c c000020a c6336401 12345678 9abcdef0 "
		  "23 14 00000101",
		    "46d93540bbb7de3446b94c4a41b9fe6c" },
	};
	uint8_t key[16], data[64], out[MIP_AUTH_MAX_LEN];
	struct test_mem tm;
	struct mip_mac *m;
	size_t i, n;

	(void)state;
	test_mem_init(&tm, 0);
	hex_decode("000102030405060708090a0b0c0d0e0f", key, sizeof(key));
	assert_int_equal(
	    mip_mac_new(&m, MIP_AUTH_KEYED_MD5, key, sizeof(key), &tm.mem), 0);
	assert_int_equal(mip_mac_alg(m), MIP_AUTH_KEYED_MD5);
	assert_int_equal(mip_mac_len(m), 16);
	/* the wrapper keeps its own copy of the suffix key */
	memset(key, 0xee, sizeof(key));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = hex_decode(v[i].data, data, sizeof(data));
		assert_int_equal(mip_mac_compute(m, data, n, out), 0);
		assert_hex_equal(out, 16, v[i].mac);
	}
	mip_mac_free(m);
	assert_int_equal(tm.live, 0);
}

/* Keyed MD5 is MD5(k || m || k), checked against the one-shot MD5. */
static void
test_keyed_md5_is_prefix_suffix(void **state)
{
	const uint8_t key[] = { 1, 2, 3, 4, 5 };
	const uint8_t msg[] = "message";
	uint8_t a[MIP_MD5_LEN], b[MIP_MD5_LEN];
	struct mip_iov parts[3] = { { key, sizeof(key) },
		{ msg, sizeof(msg) - 1 }, { key, sizeof(key) } };
	struct test_mem tm;
	struct mip_mac *m;

	(void)state;
	test_mem_init(&tm, 0);
	assert_int_equal(
	    mip_mac_new(&m, MIP_AUTH_KEYED_MD5, key, sizeof(key), &tm.mem), 0);
	assert_int_equal(mip_mac_compute(m, msg, sizeof(msg) - 1, a), 0);
	assert_int_equal(mip_md5(b, parts, 3), 0);
	assert_memory_equal(a, b, sizeof(a));
	mip_mac_free(m);
	assert_int_equal(tm.live, 0);
}

/* RFC 1321 A.5 test suite values, whole and split into parts. */
static void
test_md5_multipart(void **state)
{
	const char *abc = "abcdefghijklmnopqrstuvwxyz";
	uint8_t out[MIP_MD5_LEN];
	struct mip_iov p[4];

	(void)state;
	assert_int_equal(mip_md5(out, NULL, 0), 0);
	assert_hex_equal(out, 16, "d41d8cd98f00b204e9800998ecf8427e");
	p[0].p = (const uint8_t *)"abc";
	p[0].len = 3;
	assert_int_equal(mip_md5(out, p, 1), 0);
	assert_hex_equal(out, 16, "900150983cd24fb0d6963f7d28e17f72");
	p[0].p = (const uint8_t *)abc;
	p[0].len = 26;
	assert_int_equal(mip_md5(out, p, 1), 0);
	assert_hex_equal(out, 16, "c3fcd3d76192e4007dfb496cca67e13b");
	/* the same 26 letters in four uneven parts, one of them empty */
	p[0].len = 5;
	p[1].p = (const uint8_t *)abc + 5;
	p[1].len = 0;
	p[2].p = (const uint8_t *)abc + 5;
	p[2].len = 20;
	p[3].p = (const uint8_t *)abc + 25;
	p[3].len = 1;
	assert_int_equal(mip_md5(out, p, 4), 0);
	assert_hex_equal(out, 16, "c3fcd3d76192e4007dfb496cca67e13b");
}

static void
test_mac_args(void **state)
{
	const uint8_t key[4] = { 1, 2, 3, 4 };
	uint8_t out[MIP_AUTH_MAX_LEN];
	struct test_mem tm;
	struct mip_mac *m = (struct mip_mac *)&tm;

	(void)state;
	test_mem_init(&tm, 0);
	assert_int_equal(
	    mip_mac_new(&m, MIP_AUTH_HMAC_MD5, key, 0, &tm.mem), MIP_ERR_INVAL);
	assert_null(m);
	assert_int_equal(
	    mip_mac_new(&m, (enum mip_auth_alg)7, key, sizeof(key), &tm.mem),
	    MIP_ERR_INVAL);
	assert_int_equal(mip_auth_alg_len((enum mip_auth_alg)7), 0);
	assert_string_equal(mip_auth_alg_name((enum mip_auth_alg)7), "unknown");
	assert_string_equal(mip_auth_alg_name(MIP_AUTH_HMAC_MD5), "hmac-md5");
	assert_int_equal(mip_auth_alg_len(MIP_AUTH_HMAC_SHA1), 20);
	/* a wrong-length authenticator never verifies */
	assert_int_equal(
	    mip_mac_new(&m, MIP_AUTH_HMAC_SHA1, key, sizeof(key), &tm.mem), 0);
	assert_int_equal(mip_mac_compute(m, key, sizeof(key), out), 0);
	assert_int_equal(
	    mip_mac_verify(m, key, sizeof(key), out, 16), MIP_ERR_AUTH);
	assert_int_equal(mip_mac_verify(m, key, sizeof(key), out, 20), 0);
	mip_mac_free(m);
	mip_mac_free(NULL);
	assert_int_equal(tm.live, 0);
}

/* Each algorithm's constructor fails cleanly when our allocation fails. */
static void
test_mac_alloc_failure(void **state)
{
	const uint8_t key[4] = { 1, 2, 3, 4 };
	enum mip_auth_alg algs[] = { MIP_AUTH_HMAC_MD5, MIP_AUTH_KEYED_MD5,
		MIP_AUTH_HMAC_SHA1 };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct test_mem tm;
		struct mip_mac *m;

		test_mem_init(&tm, 1);
		assert_int_equal(
		    mip_mac_new(&m, algs[i], key, sizeof(key), &tm.mem),
		    MIP_ERR_NOMEM);
		assert_null(m);
		assert_int_equal(tm.live, 0);
	}
}

static void
test_ct_memeq(void **state)
{
	(void)state;
	assert_true(mip_ct_memeq("abcd", "abcd", 4));
	assert_false(mip_ct_memeq("abcd", "abce", 4));
	assert_true(mip_ct_memeq("abcd", "abce", 3));
	assert_true(mip_ct_memeq("", "", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2202_hmac_md5),
		cmocka_unit_test(test_rfc2202_hmac_sha1),
		cmocka_unit_test(test_keyed_md5),
		cmocka_unit_test(test_keyed_md5_is_prefix_suffix),
		cmocka_unit_test(test_md5_multipart),
		cmocka_unit_test(test_mac_args),
		cmocka_unit_test(test_mac_alloc_failure),
		cmocka_unit_test(test_ct_memeq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
