/* SPDX-License-Identifier: ISC */
/*
 * Registration-key extension bodies (REGKEY-00; spec sheet 2.6): known
 * bytes, round trips of every type, wrong lengths, wrong types and formats.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_ext.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_regkey.h"

/* Walks |hex| as one extension of a message of context |ctx|. */
static int
walk1(struct mip_exts *x, uint8_t *m, size_t cap, const char *hex, unsigned ctx)
{
	size_t n = hex_decode(hex, m, cap);

	return mip_ext_walk(x, m, n, 0, MIP_SPACE_REG, ctx, NULL, NULL);
}

/* Re-encodes through |put| and compares with the walked bytes. */
#define ASSERT_REENCODES(put, view, m, e)                                      \
	do {                                                                   \
		uint8_t out_[512];                                             \
		struct mip_wbuf w_;                                            \
		mip_wbuf_init(&w_, out_, sizeof(out_));                        \
		assert_int_equal(put(&w_, (view)), 0);                         \
		assert_int_equal(w_.off,                                       \
		    mip_ext_hdr_len((enum mip_ext_fmt)(e)->fmt) + (e)->len);   \
		assert_memory_equal(out_, (m) + (e)->off, w_.off);             \
	} while (0)

static void
test_spi_types(void **state)
{
	uint8_t m[32];
	struct mip_exts x;
	struct mip_ext_regkey_spi v;

	(void)state;
	/* 113: 8-bit Length, in a Registration Request */
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "71 04 00000200", MIP_IN_REG_REQ), 0);
	assert_int_equal(x.e[0].fmt, MIP_EXT_FMT_TLV);
	assert_int_equal(mip_ext_regkey_spi_decode(&v, &x.e[0], NULL), 0);
	assert_int_equal(v.type, MIP_EXT_FA_KEY_REQ);
	assert_int_equal(v.spi, 0x200);
	ASSERT_REENCODES(mip_ext_regkey_spi_encode, &v, m, &x.e[0]);
	/* 125: in a Registration Reply */
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "7d 04 deadbeef", MIP_IN_REG_REP), 0);
	assert_int_equal(mip_ext_regkey_spi_decode(&v, &x.e[0], NULL), 0);
	assert_int_equal(v.type, MIP_EXT_SPI);
	assert_int_equal(v.spi, 0xdeadbeefU);
	ASSERT_REENCODES(mip_ext_regkey_spi_encode, &v, m, &x.e[0]);
	/* wrong lengths: the walker refuses both */
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "71 03 000002", MIP_IN_REG_REQ),
	    MIP_ERR_MALFORMED);
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "7d 05 0000020000", MIP_IN_REG_REP),
	    MIP_ERR_MALFORMED);
}

static void
test_mn_pubkey(void **state)
{
	uint8_t m[512];
	struct mip_exts x;
	struct mip_ext_mn_pubkey v;
	char hex[2 * 300 + 16];
	size_t i;

	(void)state;
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "72 0003 aabbcc", MIP_IN_REG_REQ), 0);
	assert_int_equal(x.e[0].fmt, MIP_EXT_FMT_LEN16);
	assert_int_equal(mip_ext_mn_pubkey_decode(&v, &x.e[0], NULL), 0);
	assert_int_equal(v.key_len, 3);
	assert_ptr_equal(v.key, m + 3);
	ASSERT_REENCODES(mip_ext_mn_pubkey_encode, &v, m, &x.e[0]);
	/* "typically larger than 255": a 300-octet key */
	strcpy(hex, "72 012c");
	for (i = 0; i < 300; i++)
		hex_encode((const uint8_t *)"\x5a", 1, hex + 7 + 2 * i);
	assert_int_equal(walk1(&x, m, sizeof(m), hex, MIP_IN_REG_REQ), 0);
	assert_int_equal(mip_ext_mn_pubkey_decode(&v, &x.e[0], NULL), 0);
	assert_int_equal(v.key_len, 300);
	ASSERT_REENCODES(mip_ext_mn_pubkey_encode, &v, m, &x.e[0]);
	/* an empty key is refused both ways */
	assert_int_equal(walk1(&x, m, sizeof(m), "72 0000", MIP_IN_REG_REQ),
	    MIP_ERR_MALFORMED);
	v.key_len = 0;
	{
		uint8_t out[8];
		struct mip_wbuf w;

		mip_wbuf_init(&w, out, sizeof(out));
		assert_int_equal(
		    mip_ext_mn_pubkey_encode(&w, &v), MIP_ERR_INVAL);
		assert_int_equal(w.off, 0);
	}
}

static void
test_key_types(void **state)
{
	static const uint8_t types[] = { MIP_EXT_FA_PUBKEY, MIP_EXT_HM_KEY_REP,
		MIP_EXT_FA_KEY_REP, MIP_EXT_MN_PUBKEY_REP,
		MIP_EXT_FA_PUBKEY_REP, MIP_EXT_DH_KEY_REP };
	uint8_t key[40], out[64];
	struct mip_ext_regkey_key v, back;
	struct mip_exts x;
	struct mip_wbuf w;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7);
	for (k = 0; k < sizeof(types); k++) {
		/* 115 goes in requests, the replies mostly in replies */
		unsigned ctx = types[k] == MIP_EXT_FA_PUBKEY ? MIP_IN_REG_REQ
							     : MIP_IN_REG_REP;

		memset(&v, 0, sizeof(v));
		v.type = types[k];
		v.spi = 0x1000U + k;
		v.key = key;
		v.key_len = 1 + 5 * k;
		mip_wbuf_init(&w, out, sizeof(out));
		assert_int_equal(mip_ext_regkey_key_encode(&w, &v), 0);
		assert_int_equal(w.off, 3 + 4 + v.key_len);
		assert_int_equal(out[0], types[k]);
		assert_int_equal(mip_get_be16(out + 1), 4 + v.key_len);
		assert_int_equal(mip_get_be32(out + 3), v.spi);
		assert_int_equal(mip_ext_walk(&x, out, w.off, 0, MIP_SPACE_REG,
				     ctx, NULL, NULL),
		    0);
		assert_int_equal(
		    mip_ext_regkey_key_decode(&back, &x.e[0], NULL), 0);
		assert_int_equal(back.type, v.type);
		assert_int_equal(back.spi, v.spi);
		assert_int_equal(back.key_len, v.key_len);
		assert_memory_equal(back.key, key, v.key_len);
		ASSERT_REENCODES(
		    mip_ext_regkey_key_encode, &back, out, &x.e[0]);
		/* no key octets after the SPI: refused by the encoder */
		v.key_len = 0;
		mip_wbuf_init(&w, out, sizeof(out));
		assert_int_equal(
		    mip_ext_regkey_key_encode(&w, &v), MIP_ERR_INVAL);
		/* capacity one short */
		v.key_len = 1;
		mip_wbuf_init(&w, out, 7);
		assert_int_equal(
		    mip_ext_regkey_key_encode(&w, &v), MIP_ERR_NOBUF);
		assert_int_equal(w.off, 0);
	}
}

static void
test_key_shorter_than_spi(void **state)
{
	static const char *const bad[] = { "73 0003 000002", "78 0003 000002",
		"79 0004 00000200", "7a 0002 0000", "7b 0000",
		"7c 0003 000002" };
	uint8_t m[32];
	struct mip_exts x;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		unsigned ctx = k == 0 ? MIP_IN_REG_REQ : MIP_IN_REG_REP;

		assert_int_equal(
		    walk1(&x, m, sizeof(m), bad[k], ctx), MIP_ERR_MALFORMED);
	}
}

static void
test_hm_key_reply_in_reply(void **state)
{
	/*
	 * spec sheet 2.6.1 example: the Registration Reply with a type-120
	 * extension; "regrep" is every octet before the encrypted key.
	 */
	uint8_t m[64];
	size_t n = hex_decode("03000708c000020ac0000201e8a1b2c300000001"
			      "780014 00000200 "
			      "e183d3e073541ae6b7f5346a1832a5fb",
	    m, sizeof(m));
	struct mip_reg_rep rep;
	struct mip_ext_regkey_key v;

	(void)state;
	assert_int_equal(mip_reg_rep_decode(&rep, m, n, NULL, NULL), 0);
	assert_int_equal(rep.exts.n, 1);
	assert_int_equal(
	    mip_ext_regkey_key_decode(&v, &rep.exts.e[0], NULL), 0);
	assert_int_equal(v.type, MIP_EXT_HM_KEY_REP);
	assert_int_equal(v.spi, 0x200);
	assert_int_equal(v.key_len, 16);
	assert_int_equal(v.key - m, 27);
	assert_hex_equal(v.key, v.key_len, "e183d3e073541ae6b7f5346a1832a5fb");
	ASSERT_REENCODES(mip_ext_regkey_key_encode, &v, m, &rep.exts.e[0]);
}

static void
test_regkey_req(void **state)
{
	uint8_t m[64], p[3] = { 0, 0x17, 1 }, g[3] = { 0, 0, 5 },
		       val[3] = { 0, 0, 9 }, out[64];
	struct mip_exts x;
	struct mip_ext_regkey_req v;
	struct mip_wbuf w;

	(void)state;
	/* L = 2: prime 23, generator 5, value 8 */
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "74 0006 0017 0005 0008", MIP_IN_REG_REQ),
	    0);
	assert_int_equal(mip_ext_regkey_req_decode(&v, &x.e[0], NULL), 0);
	assert_int_equal(v.l, 2);
	assert_true(mip_ext_regkey_req_is_dh(&v));
	assert_hex_equal(v.prime, 2, "0017");
	assert_hex_equal(v.generator, 2, "0005");
	assert_hex_equal(v.value, 2, "0008");
	ASSERT_REENCODES(mip_ext_regkey_req_encode, &v, m, &x.e[0]);
	/* L = 0: any method but Diffie-Hellman */
	assert_int_equal(walk1(&x, m, sizeof(m), "74 0000", MIP_IN_REG_REQ), 0);
	assert_int_equal(mip_ext_regkey_req_decode(&v, &x.e[0], NULL), 0);
	assert_int_equal(v.l, 0);
	assert_false(mip_ext_regkey_req_is_dh(&v));
	assert_null(v.prime);
	ASSERT_REENCODES(mip_ext_regkey_req_encode, &v, m, &x.e[0]);
	/* encoder from separate buffers */
	v.prime = p;
	v.generator = g;
	v.value = val;
	v.l = 3;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_regkey_req_encode(&w, &v), 0);
	assert_hex_equal(out, w.off, "74 0009 001701 000005 000009");
	v.generator = NULL;
	assert_int_equal(mip_ext_regkey_req_encode(&w, &v), MIP_ERR_INVAL);
	/* Length not a multiple of 3 */
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "74 0004 00170005", MIP_IN_REG_REQ),
	    MIP_ERR_MALFORMED);
	assert_int_equal(walk1(&x, m, sizeof(m), "74 0001 00", MIP_IN_REG_REQ),
	    MIP_ERR_MALFORMED);
	/* Length overrunning the message */
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "74 0006 0017 0005", MIP_IN_REG_REQ),
	    MIP_ERR_SHORT);
}

static void
test_wrong_type_or_format(void **state)
{
	uint8_t m[32];
	struct mip_exts x;
	struct mip_ext e;
	struct mip_ext_regkey_spi s;
	struct mip_ext_regkey_key k;
	struct mip_ext_mn_pubkey pk;
	struct mip_ext_regkey_req rq;
	struct mip_perr pe = { 0, NULL };
	struct mip_wbuf w;
	uint8_t out[16];

	(void)state;
	assert_int_equal(
	    walk1(&x, m, sizeof(m), "71 04 00000200", MIP_IN_REG_REQ), 0);
	e = x.e[0];
	/* a type of another layout */
	assert_int_equal(mip_ext_regkey_key_decode(&k, &e, &pe), MIP_ERR_INVAL);
	assert_int_equal(pe.off, 0);
	assert_int_equal(
	    mip_ext_mn_pubkey_decode(&pk, &e, NULL), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_ext_regkey_req_decode(&rq, &e, NULL), MIP_ERR_INVAL);
	/* the right type in the wrong header format */
	e.fmt = MIP_EXT_FMT_LEN16;
	assert_int_equal(
	    mip_ext_regkey_spi_decode(&s, &e, NULL), MIP_ERR_INVAL);
	/* a hand-made view with a Length the walker would refuse */
	e.fmt = MIP_EXT_FMT_TLV;
	e.len = 3;
	assert_int_equal(
	    mip_ext_regkey_spi_decode(&s, &e, NULL), MIP_ERR_MALFORMED);
	e.type = MIP_EXT_HM_KEY_REP;
	e.fmt = MIP_EXT_FMT_LEN16;
	e.len = 4;
	assert_int_equal(
	    mip_ext_regkey_key_decode(&k, &e, NULL), MIP_ERR_MALFORMED);
	e.type = MIP_EXT_REGKEY_REQ;
	e.len = 5;
	assert_int_equal(
	    mip_ext_regkey_req_decode(&rq, &e, NULL), MIP_ERR_MALFORMED);
	/* encoders refuse types of another layout */
	mip_wbuf_init(&w, out, sizeof(out));
	s.type = MIP_EXT_HM_KEY_REP;
	s.spi = 1;
	assert_int_equal(mip_ext_regkey_spi_encode(&w, &s), MIP_ERR_INVAL);
	k.type = MIP_EXT_SPI;
	k.key = out;
	k.key_len = 1;
	assert_int_equal(mip_ext_regkey_key_encode(&w, &k), MIP_ERR_INVAL);
	assert_int_equal(w.off, 0);
}

static void
test_ro_disabled(void **state)
{
	struct mip_profile p = mip_profile_default;
	uint8_t m[16];
	size_t n = hex_decode("71 04 00000200", m, sizeof(m));
	struct mip_exts x;

	(void)state;
	/* a node without RO does not know 113 (< 128): discard */
	p.ro = false;
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, &p, NULL),
	    MIP_ERR_UNKNOWN_EXT);
	assert_true(x.unknown);
	assert_int_equal(x.unknown_type, MIP_EXT_FA_KEY_REQ);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spi_types),
		cmocka_unit_test(test_mn_pubkey),
		cmocka_unit_test(test_key_types),
		cmocka_unit_test(test_key_shorter_than_spi),
		cmocka_unit_test(test_hm_key_reply_in_reply),
		cmocka_unit_test(test_regkey_req),
		cmocka_unit_test(test_wrong_type_or_format),
		cmocka_unit_test(test_ro_disabled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
