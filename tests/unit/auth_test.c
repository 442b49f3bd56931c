/* SPDX-License-Identifier: ISC */
/*
 * Authentication extensions: the spec sheet's derived vectors (4.6 RRQ/RRP,
 * 1.6 BU, 2.2 PFANE, 2.6.1 registration key), append-then-verify, exactly
 * which bytes are covered, wrong SPI and wrong length. Messages are walked
 * with mip_ext_walk on raw bytes (fixed parts: RRQ 24, RRP 20, BU 20/12).
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_auth.h"
#include "mip/mip_ext.h"
#include "mip/mip_proto.h"

#define KEY0 "000102030405060708090a0b0c0d0e0f"
#define KEYA "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"

/* spec sheet 4.6: RRQ and RRP up to and including the MN-HA SPI. */
#define RRQ_COVERED                                                            \
	"01020708 c000020a c0000201 c6336401 e8a1b2c3 00000001 20 14 00000100"
#define RRP_COVERED                                                            \
	"03000708 c000020a c0000201 e8a1b2c3 00000001 20 14 00000100"
/* spec sheet 1.6: BU with I=1 up to and including the RO auth SPI. */
#define BU_COVERED "12c0012c c000020a c6336401 12345678 9abcdef0 23 14 00000101"

struct fixture {
	struct test_mem tm;
	struct mip_exts x;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	test_mem_init(&f->tm, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

static struct mip_sa *
sa_make(
    struct fixture *f, const char *key_hex, uint32_t spi, enum mip_auth_alg alg)
{
	struct mip_sa_config cfg;
	struct mip_sa *sa;

	mip_sa_config_init(&cfg);
	cfg.peer = mip_ip4_make(192, 0, 2, 1);
	cfg.spi = spi;
	cfg.alg = alg;
	cfg.key_len = hex_decode(key_hex, cfg.key, sizeof(cfg.key));
	assert_int_equal(mip_sa_new(&sa, &cfg, &f->tm.mem), 0);
	return sa;
}

/* Walks |m| and returns its |nth| authentication extension, or NULL. */
static const struct mip_ext *
auth_ext(struct fixture *f, const uint8_t *m, size_t n, size_t start,
    unsigned ctx, size_t nth)
{
	size_t i;

	if (mip_ext_walk(&f->x, m, n, start, MIP_SPACE_REG, ctx, NULL, NULL) !=
	    0)
		return NULL;
	for (i = 0; i < f->x.n; i++)
		if ((f->x.e[i].flags & MIP_EXT_F_AUTH) && nth-- == 0)
			return &f->x.e[i];
	return NULL;
}

/* Verifies the |nth| auth extension of |m| with |sa|; walk failures and a
 * missing extension count as MIP_ERR_MALFORMED. */
static int
verify(struct fixture *f, const struct mip_sa *sa, const uint8_t *m, size_t n,
    size_t start, unsigned ctx, size_t nth)
{
	const struct mip_ext *e = auth_ext(f, m, n, start, ctx, nth);

	if (e == NULL)
		return MIP_ERR_MALFORMED;
	return mip_auth_verify_ext(sa, m, n, e);
}

/* Checks one derived vector both ways: verify as given, append and compare. */
static void
check_vector(struct fixture *f, const char *covered, const char *auth,
    const char *key, uint32_t spi, enum mip_auth_alg alg, uint8_t ext_type,
    size_t start, unsigned ctx)
{
	struct mip_sa *sa = sa_make(f, key, spi, alg);
	uint8_t m[128], out[128], mac[MIP_AUTH_MAX_LEN];
	size_t nc = hex_decode(covered, m, sizeof(m));
	size_t n = nc + hex_decode(auth, m + nc, sizeof(m) - nc);
	const struct mip_ext *e;
	struct mip_wbuf w;

	e = auth_ext(f, m, n, start, ctx, 0);
	assert_non_null(e);
	assert_int_equal(e->type, ext_type);
	assert_int_equal(mip_ext_auth_covered(e), nc);
	assert_int_equal(mip_auth_verify_ext(sa, m, n, e), 0);
	/* the plain compute over the covered bytes gives the same value */
	assert_int_equal(mip_auth_compute(sa, m, nc, mac), 0);
	assert_hex_equal(mac, mip_auth_len(sa), auth);
	/* append over the part before the extension reproduces the bytes */
	memcpy(out, m, start);
	mip_wbuf_init(&w, out, sizeof(out));
	w.off = start;
	assert_int_equal(mip_auth_append(&w, ext_type, sa), 0);
	assert_int_equal(w.off, n);
	assert_memory_equal(out, m, n);
	mip_sa_free(sa);
}

static void
test_spec_rrq_rrp(void **state)
{
	struct fixture *f = *state;
	uint8_t full[64];
	size_t n;

	check_vector(f, RRQ_COVERED, "c611c9c823a2f100f5667498f315cc4d", KEY0,
	    256, MIP_AUTH_HMAC_MD5, MIP_EXT_MN_HA_AUTH, MIP_REG_REQ_LEN,
	    MIP_IN_REG_REQ);
	check_vector(f, RRQ_COVERED, "17304efa4ab980816b80e95fa37bb157", KEY0,
	    256, MIP_AUTH_KEYED_MD5, MIP_EXT_MN_HA_AUTH, MIP_REG_REQ_LEN,
	    MIP_IN_REG_REQ);
	check_vector(f, RRP_COVERED, "68d8ba5d6520381b4f696d28f3fbaf8c", KEY0,
	    256, MIP_AUTH_HMAC_MD5, MIP_EXT_MN_HA_AUTH, MIP_REG_REP_LEN,
	    MIP_IN_REG_REP);
	check_vector(f, RRP_COVERED, "276c69a719fb94c4435cce4bb63c2421", KEY0,
	    256, MIP_AUTH_KEYED_MD5, MIP_EXT_MN_HA_AUTH, MIP_REG_REP_LEN,
	    MIP_IN_REG_REP);
	/* spec sheet 4.6: the full 46-byte RRQ as printed */
	n = hex_decode("01020708c000020ac0000201c6336401e8a1b2c300000001"
		       "201400000100c611c9c823a2f100f5667498f315cc4d",
	    full, sizeof(full));
	assert_int_equal(n, 46);
	{
		struct mip_sa *sa = sa_make(f, KEY0, 256, MIP_AUTH_HMAC_MD5);

		assert_int_equal(
		    verify(f, sa, full, n, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 0),
		    0);
		mip_sa_free(sa);
	}
}

static void
test_spec_bu(void **state)
{
	struct fixture *f = *state;

	check_vector(f, BU_COVERED, "126e7135bca37ced38f99c04ee4b8524", KEY0,
	    0x101, MIP_AUTH_HMAC_MD5, MIP_EXT_RO_AUTH, MIP_BU_ID_LEN,
	    MIP_IN_BU);
	check_vector(f, BU_COVERED, "46d93540bbb7de3446b94c4a41b9fe6c", KEY0,
	    0x101, MIP_AUTH_KEYED_MD5, MIP_EXT_RO_AUTH, MIP_BU_ID_LEN,
	    MIP_IN_BU);
}

/*
 * spec sheet 2.2: the MN computes the PFANE authenticator over the BU the
 * new FA will build (12-byte I=0 fixed part plus RO auth header); the
 * previous FA verifies that BU with the registration key.
 */
static void
test_spec_pfane(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *sa = sa_make(f, KEYA, 0x1000, MIP_AUTH_HMAC_MD5);
	uint8_t scratch[32], pfane[32], bu[64], mac[MIP_AUTH_MAX_LEN];
	size_t ns, np, nb;

	ns = hex_decode("1280000a c000020a c6336401 23 14 00001000", scratch,
	    sizeof(scratch));
	np = hex_decode("60 1e 000a cb007101 c6336401 00001000 "
			"8364b02c5854f65bf9b282d6daad9be6",
	    pfane, sizeof(pfane));
	assert_int_equal(np, 32);
	assert_int_equal(mip_auth_compute(sa, scratch, ns, mac), 0);
	/* the PFANE's SPI and authenticator are the MN's computation */
	assert_int_equal(mip_get_be32(pfane + 12), sa->cfg.spi);
	assert_memory_equal(pfane + 16, mac, 16);

	nb = hex_decode("1280000ac000020ac63364012314000010008364b02c5854f65bf9"
			"b282d6daad9be6",
	    bu, sizeof(bu));
	assert_int_equal(nb, 34);
	assert_int_equal(verify(f, sa, bu, nb, MIP_BU_LEN, MIP_IN_BU, 0), 0);
	check_vector(f, "1280000a c000020a c6336401 23 14 00001000",
	    "8364b02c5854f65bf9b282d6daad9be6", KEYA, 0x1000, MIP_AUTH_HMAC_MD5,
	    MIP_EXT_RO_AUTH, MIP_BU_LEN, MIP_IN_BU);
	mip_sa_free(sa);
}

/* spec sheet 2.6.1: the registration-key MD5 XOR pad. */
static void
test_spec_regkey(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *sa = sa_make(f, KEY0, 0x200, MIP_AUTH_HMAC_MD5);
	uint8_t regrep[64], key[16], enc[16], dec[16], pad[16];
	uint8_t zero[16] = { 0 };
	size_t n = hex_decode("03000708c000020ac0000201e8a1b2c300000001"
			      "780014 00000200",
	    regrep, sizeof(regrep));

	assert_int_equal(n, 27);
	hex_decode(KEYA, key, sizeof(key));
	/* XOR with zeros exposes the pad itself */
	assert_int_equal(
	    mip_auth_regkey_encode(sa, regrep, n, zero, 16, pad), 0);
	assert_hex_equal(pad, 16, "41227143d7f1bc411f5c9ec1b49f0b54");
	assert_int_equal(
	    mip_auth_regkey_encode(sa, regrep, n, key, 16, enc), 0);
	assert_hex_equal(enc, 16, "e183d3e073541ae6b7f5346a1832a5fb");
	assert_int_equal(
	    mip_auth_regkey_decode(sa, regrep, n, enc, 16, dec), 0);
	assert_memory_equal(dec, key, 16);
	/* a shorter key uses a prefix of the pad */
	assert_int_equal(mip_auth_regkey_encode(sa, regrep, n, key, 5, enc), 0);
	assert_hex_equal(enc, 5, "e183d3e073");
	/* another reply gives another pad */
	regrep[12] ^= 1;
	assert_int_equal(
	    mip_auth_regkey_decode(sa, regrep, n, zero, 16, dec), 0);
	assert_memory_not_equal(dec, pad, 16);
	/* at most one MD5 block */
	assert_int_equal(
	    mip_auth_regkey_encode(sa, regrep, n, key, 0, enc), MIP_ERR_INVAL);
	assert_int_equal(mip_auth_regkey_encode(sa, regrep, n, regrep, 17, enc),
	    MIP_ERR_INVAL);
	assert_int_equal(mip_auth_regkey_decode(sa, regrep, n, regrep, 17, enc),
	    MIP_ERR_INVAL);
	mip_sa_free(sa);
}

/*
 * Every covered octet matters, and nothing after the authenticator does.
 * With the walker's view of the original message applied to a copy with
 * one bit flipped: any flip up to the end of the authenticator fails,
 * any flip after it verifies. Re-walking the flipped copy never verifies
 * a covered flip either (it fails to walk, or to verify).
 */
static void
check_coverage(struct fixture *f, const struct mip_sa *sa, bool long_fmt)
{
	uint8_t m[128], t[128];
	struct mip_ext e;
	struct mip_wbuf w;
	size_t i, bit, auth_end, n;

	n = hex_decode("01020708 c000020a c0000201 c6336401 e8a1b2c3 00000001"
		       "8302 6162", /* an NAI before the authenticator */
	    m, sizeof(m));
	mip_wbuf_init(&w, m, sizeof(m));
	w.off = n;
	if (long_fmt)
		assert_int_equal(mip_auth_append_long(&w, MIP_EXT_GEN_AUTH,
				     MIP_GEN_AUTH_MN_AAA, sa),
		    0);
	else
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa), 0);
	auth_end = w.off;
	/* FA-only extensions follow: a skippable 200 and MN-FA auth */
	assert_int_equal(
	    mip_ext_put(&w, MIP_EXT_FMT_TLV, 200, 0, (const uint8_t *)"xyz", 3),
	    0);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, sa), 0);
	n = w.off;
	assert_int_equal(
	    verify(f, sa, m, n, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 1), 0);
	assert_non_null(auth_ext(f, m, n, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 0));
	e = f->x.e[1];
	assert_int_equal(
	    e.off + mip_ext_hdr_len((enum mip_ext_fmt)e.fmt) + e.len, auth_end);
	e.body = t + (e.body - m);
	for (i = 0; i < n; i++) {
		for (bit = 0; bit < 8; bit++) {
			int rc;

			memcpy(t, m, n);
			t[i] ^= (uint8_t)(1U << bit);
			rc = mip_auth_verify_ext(sa, t, n, &e);
			if (i < auth_end) {
				if (rc != MIP_ERR_AUTH)
					fail_msg("flip at %zu bit %zu: %d", i,
					    bit, rc);
				assert_int_not_equal(
				    verify(f, sa, t, n, MIP_REG_REQ_LEN,
					MIP_IN_REG_REQ, 0),
				    0);
			} else if (rc != 0) {
				fail_msg("flip at %zu bit %zu (after the "
					 "authenticator): %d",
				    i, bit, rc);
			}
		}
	}
	/* replace everything after the first authenticator */
	memcpy(t, m, auth_end);
	mip_wbuf_init(&w, t, sizeof(t));
	w.off = auth_end;
	assert_int_equal(mip_ext_put(&w, MIP_EXT_FMT_TLV, MIP_EXT_NAI, 0,
			     (const uint8_t *)"later", 5),
	    0);
	assert_int_equal(
	    verify(f, sa, t, w.off, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 0), 0);
	/* a truncated authenticator does not walk or verify */
	for (i = MIP_REG_REQ_LEN; i < auth_end; i++)
		assert_int_not_equal(
		    verify(f, sa, m, i, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 0), 0);
}

static void
test_coverage(void **state)
{
	struct fixture *f = *state;
	enum mip_auth_alg algs[] = { MIP_AUTH_HMAC_MD5, MIP_AUTH_KEYED_MD5,
		MIP_AUTH_HMAC_SHA1 };
	size_t i;

	for (i = 0; i < 3; i++) {
		struct mip_sa *sa = sa_make(f, KEY0, 0x12345678, algs[i]);

		check_coverage(f, sa, false);
		check_coverage(f, sa, true);
		mip_sa_free(sa);
	}
}

/* RFC 4721 3.2: long format, covered through its SPI (header 4 octets). */
static void
test_append_long(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *sa = sa_make(f, KEY0, 256, MIP_AUTH_HMAC_SHA1);
	uint8_t m[64], mac[MIP_AUTH_MAX_LEN];
	const struct mip_ext *e;
	struct mip_wbuf w;

	hex_decode(RRP_COVERED, m, sizeof(m));
	mip_wbuf_init(&w, m, sizeof(m));
	w.off = MIP_REG_REP_LEN;
	assert_int_equal(mip_auth_append_long(&w, MIP_EXT_GEN_AUTH, 1, sa), 0);
	assert_int_equal(w.off, MIP_REG_REP_LEN + 4 + 4 + 20);
	assert_hex_equal(m + MIP_REG_REP_LEN, 8, "24 01 0018 00000100");
	e = auth_ext(f, m, w.off, MIP_REG_REP_LEN, MIP_IN_REG_REP, 0);
	assert_non_null(e);
	assert_int_equal(e->subtype, 1);
	assert_int_equal(mip_ext_auth_covered(e), MIP_REG_REP_LEN + 8);
	assert_int_equal(mip_auth_verify_ext(sa, m, w.off, e), 0);
	assert_int_equal(mip_auth_compute(sa, m, MIP_REG_REP_LEN + 8, mac), 0);
	assert_memory_equal(mac, m + MIP_REG_REP_LEN + 8, 20);
	mip_sa_free(sa);
}

static void
test_wrong_spi_and_length(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *md5 = sa_make(f, KEY0, 256, MIP_AUTH_HMAC_MD5);
	struct mip_sa *other_spi = sa_make(f, KEY0, 257, MIP_AUTH_HMAC_MD5);
	struct mip_sa *sha1 = sa_make(f, KEY0, 256, MIP_AUTH_HMAC_SHA1);
	struct mip_sa *keyed = sa_make(f, KEY0, 256, MIP_AUTH_KEYED_MD5);
	struct mip_sa *other_key = sa_make(f, KEYA, 256, MIP_AUTH_HMAC_MD5);
	uint8_t m[64];
	size_t n = hex_decode(
	    RRQ_COVERED "c611c9c823a2f100f5667498f315cc4d", m, sizeof(m));
	uint32_t spi = 0;
	const struct mip_ext *e =
	    auth_ext(f, m, n, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 0);

	assert_non_null(e);
	assert_int_equal(mip_auth_ext_spi(e, &spi), 0);
	assert_int_equal(spi, 256);
	assert_int_equal(mip_auth_verify_ext(md5, m, n, e), 0);
	/* the SPI must be the SA's */
	assert_int_equal(mip_auth_verify_ext(other_spi, m, n, e), MIP_ERR_AUTH);
	/* a 16-octet authenticator against a 20-octet algorithm */
	assert_int_equal(mip_auth_verify_ext(sha1, m, n, e), MIP_ERR_AUTH);
	/* right length, other algorithm or key */
	assert_int_equal(mip_auth_verify_ext(keyed, m, n, e), MIP_ERR_AUTH);
	assert_int_equal(mip_auth_verify_ext(other_key, m, n, e), MIP_ERR_AUTH);
	/* a 20-octet authenticator against MD5 (Length 24) */
	{
		uint8_t m2[64];
		struct mip_wbuf w;

		memcpy(m2, m, MIP_REG_REQ_LEN);
		mip_wbuf_init(&w, m2, sizeof(m2));
		w.off = MIP_REG_REQ_LEN;
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sha1), 0);
		assert_int_equal(m2[MIP_REG_REQ_LEN + 1], 24);
		assert_int_equal(verify(f, sha1, m2, w.off, MIP_REG_REQ_LEN,
				     MIP_IN_REG_REQ, 0),
		    0);
		assert_int_equal(verify(f, md5, m2, w.off, MIP_REG_REQ_LEN,
				     MIP_IN_REG_REQ, 0),
		    MIP_ERR_AUTH);
	}
	mip_sa_free(md5);
	mip_sa_free(other_spi);
	mip_sa_free(sha1);
	mip_sa_free(keyed);
	mip_sa_free(other_key);
}

/* Views that are not authentication extensions of this message. */
static void
test_malformed_views(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *sa = sa_make(f, KEY0, 256, MIP_AUTH_HMAC_MD5);
	uint8_t m[80], copy[80];
	size_t n = hex_decode(RRQ_COVERED "c611c9c823a2f100f5667498f315cc4d"
					  "8302 6162",
	    m, sizeof(m));
	struct mip_ext e;
	uint32_t spi;

	assert_non_null(auth_ext(f, m, n, MIP_REG_REQ_LEN, MIP_IN_REG_REQ, 0));
	e = f->x.e[0];
	assert_int_equal(mip_auth_verify_ext(sa, m, n, &e), 0);
	/* the NAI is not an authentication extension */
	assert_int_equal(
	    mip_auth_verify_ext(sa, m, n, &f->x.e[1]), MIP_ERR_MALFORMED);
	assert_int_equal(mip_auth_ext_spi(&f->x.e[1], &spi), MIP_ERR_MALFORMED);
	/* a message shorter than the extension */
	assert_int_equal(mip_auth_verify_ext(sa, m, 45, &e), MIP_ERR_MALFORMED);
	/* the view of another buffer */
	memcpy(copy, m, n);
	assert_int_equal(
	    mip_auth_verify_ext(sa, copy, n, &e), MIP_ERR_MALFORMED);
	/* a body too short for the SPI */
	e.len = 3;
	assert_int_equal(mip_auth_verify_ext(sa, m, n, &e), MIP_ERR_MALFORMED);
	assert_int_equal(mip_auth_ext_spi(&e, &spi), MIP_ERR_MALFORMED);
	mip_sa_free(sa);
}

static void
test_append_errors(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *sa = sa_make(f, KEY0, 256, MIP_AUTH_HMAC_MD5);
	uint8_t m[64];
	struct mip_wbuf w;
	size_t cap;

	memset(m, 0x5a, sizeof(m));
	mip_wbuf_init(&w, m, sizeof(m));
	w.off = 10;
	/* only the TLV auth types, and only 36 in the long form */
	assert_int_equal(
	    mip_auth_append(&w, MIP_EXT_GEN_AUTH, sa), MIP_ERR_INVAL);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_NAI, sa), MIP_ERR_INVAL);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_PFANE, sa), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_auth_append_long(&w, MIP_EXT_MN_HA_AUTH, 1, sa), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_auth_append_long(&w, MIP_EXT_CVSE, 1, sa), MIP_ERR_INVAL);
	assert_int_equal(w.off, 10);
	/* every capacity short of header + SPI + authenticator */
	for (cap = 10; cap < 10 + 22; cap++) {
		mip_wbuf_init(&w, m, cap);
		w.off = 10;
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, sa), MIP_ERR_NOBUF);
		assert_int_equal(w.off, 10);
		assert_int_equal(m[10], 0x5a);
	}
	for (cap = 10; cap < 10 + 24; cap++) {
		mip_wbuf_init(&w, m, cap);
		w.off = 10;
		assert_int_equal(
		    mip_auth_append_long(&w, MIP_EXT_GEN_AUTH, 1, sa),
		    MIP_ERR_NOBUF);
		assert_int_equal(w.off, 10);
	}
	mip_wbuf_init(&w, m, 10 + 22);
	w.off = 10;
	assert_int_equal(mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, sa), 0);
	assert_int_equal(w.off, 32);
	assert_hex_equal(m + 10, 6, "22 14 00000100");
	mip_sa_free(sa);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_spec_rrq_rrp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spec_bu, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_spec_pfane, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_spec_regkey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coverage, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_append_long, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_spi_and_length, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_malformed_views, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_append_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
