/* SPDX-License-Identifier: ISC */
/* Extension walker: formats, bounds, skippability (RFC 5944 1.9). */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_ext.h"
#include "mip/mip_proto.h"

static void
test_walk_mixed_formats(void **state)
{
	uint8_t m[128];
	/* 4-byte dummy fixed part, pad, NAI "ab", unknown skippable 200,
	 * gen auth (long), 116 LEN16 with L=1, MN-HA auth. */
	size_t n =
	    hex_decode("aabbccdd"
		       "00"
		       "8302 6162"
		       "c801 ff"
		       "2401 0014 00000100 000102030405060708090a0b0c0d0e0f"
		       "740003 050203"
		       "2014 00000101 000102030405060708090a0b0c0d0e0f",
		m, sizeof(m));
	struct mip_exts x;

	(void)state;
	assert_int_equal(mip_ext_walk(&x, m, n, 4, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	assert_int_equal(x.n, 6);
	assert_int_equal(x.e[0].type, 0);
	assert_int_equal(x.e[0].fmt, MIP_EXT_FMT_PAD);
	assert_int_equal(x.e[1].type, MIP_EXT_NAI);
	assert_int_equal(x.e[1].len, 2);
	assert_memory_equal(x.e[1].body, "ab", 2);
	assert_int_equal(x.e[2].type, 200);
	assert_true(x.e[2].flags & MIP_EXT_F_UNKNOWN);
	assert_int_equal(x.e[3].type, MIP_EXT_GEN_AUTH);
	assert_int_equal(x.e[3].subtype, 1);
	assert_int_equal(x.e[3].len, 20);
	assert_int_equal(mip_ext_auth_covered(&x.e[3]), 12 + 4 + 4);
	assert_int_equal(x.e[4].type, MIP_EXT_REGKEY_REQ);
	assert_int_equal(x.e[4].fmt, MIP_EXT_FMT_LEN16);
	assert_int_equal(x.e[4].len, 3);
	assert_int_equal(x.e[5].type, MIP_EXT_MN_HA_AUTH);
	assert_int_equal(mip_ext_auth_covered(&x.e[5]), x.e[5].off + 6);
	assert_false(x.unknown);
}

static void
test_walk_roundtrip(void **state)
{
	uint8_t m[64], out[64];
	size_t n = hex_decode("00 8302 6162 8200 c801 ff", m, sizeof(m));
	struct mip_exts x, y;
	struct mip_wbuf w;

	(void)state;
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_exts_encode(&w, &x), 0);
	assert_int_equal(w.off, n);
	assert_memory_equal(out, m, n);
	assert_int_equal(mip_ext_walk(&y, out, w.off, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	assert_true(mip_exts_equal(&x, &y));
	/* a changed body byte makes the lists differ */
	out[3] ^= 1;
	assert_int_equal(mip_ext_walk(&y, out, w.off, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	assert_false(mip_exts_equal(&x, &y));
}

static void
test_unknown_nonskippable(void **state)
{
	uint8_t m[16];
	size_t n = hex_decode("8302 6162 7f02 0102", m, sizeof(m));
	struct mip_exts x;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, NULL, &pe),
	    MIP_ERR_UNKNOWN_EXT);
	assert_true(x.unknown);
	assert_int_equal(x.unknown_type, 127);
	assert_int_equal(x.unknown_off, 4);
	assert_int_equal(pe.off, 4);
	assert_int_equal(x.n, 1);
}

static void
test_known_but_wrong_context(void **state)
{
	uint8_t m[32];
	/* Message String (145, reply only) in a request: skippable, so it
	 * is skipped; FA-HA... Encap Delivery (130) in a reply likewise. */
	size_t n = hex_decode("9102 0141", m, sizeof(m));
	struct mip_exts x;

	(void)state;
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	assert_true(x.e[0].flags & MIP_EXT_F_UNKNOWN);
	/* RO auth (35) in a Registration Request is not skippable. */
	n = hex_decode(
	    "2314 00000100 000102030405060708090a0b0c0d0e0f", m, sizeof(m));
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_BU, NULL, NULL), 0);
}

static void
test_ro_off_profile(void **state)
{
	uint8_t m[8];
	size_t n = hex_decode("7104 00001000", m, sizeof(m));
	struct mip_exts x;
	struct mip_profile p = mip_profile_default;

	(void)state;
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, &p, NULL),
	    0);
	p.ro = false;
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, &p, NULL),
	    MIP_ERR_UNKNOWN_EXT);
	/* the Binding Warning extension follows its configured number */
	p = mip_profile_default;
	p.bw_ext_type = 99;
	n = hex_decode("6306 0000 c000020a", m, sizeof(m));
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, &p, NULL),
	    0);
	assert_string_equal(
	    mip_ext_name(MIP_SPACE_REG, 99, &p), "bind_warn_ext");
	m[0] = 16;
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, &p, NULL),
	    MIP_ERR_UNKNOWN_EXT);
}

static void
test_bounds(void **state)
{
	uint8_t m[64];
	struct mip_exts x;
	size_t n;

	(void)state;
	/* MN-HA auth with a 15-byte authenticator is too short */
	n = hex_decode(
	    "2013 00000100 000102030405060708090a0b0c0d0e", m, sizeof(m));
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    MIP_ERR_MALFORMED);
	/* Encapsulating delivery must have Length 0 */
	n = hex_decode("8201 00", m, sizeof(m));
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    MIP_ERR_MALFORMED);
	/* Mobility agent extension: 6 + 4N */
	n = hex_decode("1007 0000 0000 0000 00", m, sizeof(m));
	assert_int_equal(
	    mip_ext_walk(&x, m, n, 0, MIP_SPACE_ICMP, MIP_IN_ADV, NULL, NULL),
	    MIP_ERR_MALFORMED);
	/* Registration key request: Length is 3L */
	n = hex_decode("740002 0102", m, sizeof(m));
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    MIP_ERR_MALFORMED);
}

/* Every truncation of a valid extension area fails cleanly or parses a
 * prefix; none reads past the end (ASan checks the latter). */
static void
test_truncation(void **state)
{
	uint8_t m[128];
	size_t n =
	    hex_decode("00 8302 6162 c801 ff"
		       "2401 0014 00000100 000102030405060708090a0b0c0d0e0f"
		       "740003 050203",
		m, sizeof(m));
	size_t cut;

	(void)state;
	for (cut = 0; cut < n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		struct mip_exts x;
		int rc;

		memcpy(copy, m, cut);
		rc = mip_ext_walk(&x, copy, cut, 0, MIP_SPACE_REG,
		    MIP_IN_REG_REQ, NULL, NULL);
		/* Only cuts on extension boundaries are valid. */
		if (cut == 0 || cut == 1 || cut == 5 || cut == 8 || cut == 32)
			assert_int_equal(rc, 0);
		else
			assert_true(rc == MIP_ERR_SHORT);
		free(copy);
	}
}

static void
test_put_bounds(void **state)
{
	uint8_t out[8], body[300] = { 0 };
	struct mip_wbuf w;

	(void)state;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(
	    mip_ext_put(&w, MIP_EXT_FMT_TLV, 131, 0, body, 256), MIP_ERR_INVAL);
	assert_int_equal(
	    mip_ext_put(&w, MIP_EXT_FMT_TLV, 131, 0, body, 7), MIP_ERR_NOBUF);
	assert_int_equal(w.off, 0);
	assert_int_equal(mip_ext_put(&w, MIP_EXT_FMT_LONG, 36, 1, body, 4), 0);
	assert_hex_equal(out, w.off, "24010004 00000000");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_mixed_formats),
		cmocka_unit_test(test_walk_roundtrip),
		cmocka_unit_test(test_unknown_nonskippable),
		cmocka_unit_test(test_known_but_wrong_context),
		cmocka_unit_test(test_ro_off_profile),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_put_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
