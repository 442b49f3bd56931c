/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization codecs: the spec sheet's derived byte examples (1.6,
 * 2.2), round trips, truncations, wrong lengths, reserved bits, profile
 * renumbering, RO disabled, PFANE and Binding Warning extension bodies.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_crypto.h"
#include "mip/mip_ext.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_ro.h"

/* spec sheet 1.6: HoA 192.0.2.10, CoA 198.51.100.1, target 203.0.113.5 */
#define HEX_BW "10000000 c000020a cb007105"
#define HEX_BR "11000000 c000020a 11111111 22222222"
#define HEX_BA "13000000 c000020a 12345678 9abcdef0"
#define HEX_BU_COVERED                                                         \
	"12c0012c c000020a c6336401 12345678 9abcdef0 23 14 00000101"
#define HEX_BU_MAC "126e7135bca37ced38f99c04ee4b8524"
#define HEX_BU HEX_BU_COVERED HEX_BU_MAC
/* spec sheet 2.2: PFANE and the BU the new FA builds from it. */
#define HEX_PFANE                                                              \
	"601e000acb007101c633640100001000 8364b02c5854f65bf9b282d6daad9be6"
#define HEX_PFANE_BU                                                           \
	"1280000ac000020ac63364012314000010008364b02c5854f65bf9b282d6daad9be6"

static const struct mip_ip4 hoa = { 0xc000020aU };
static const struct mip_ip4 coa = { 0xc6336401U };
static const struct mip_ip4 target = { 0xcb007105U };

/* A profile with every RO number moved away from the drafts' defaults. */
static struct mip_profile
renumbered(void)
{
	struct mip_profile p = mip_profile_default;

	p.bw_type = 200;
	p.br_type = 201;
	p.bu_type = 202;
	p.ba_type = 203;
	p.bw_ext_type = 17;
	return p;
}

static void
test_bw_example(void **state)
{
	uint8_t m[32], out[32];
	size_t n = hex_decode(HEX_BW, m, sizeof(m));
	struct mip_bw bw;

	(void)state;
	assert_int_equal(mip_bw_decode(&bw, m, n, NULL, NULL), 0);
	assert_int_equal(bw.reserved, 0);
	assert_true(mip_ip4_eq(bw.home_addr, hoa));
	assert_int_equal(bw.n_targets, 1);
	assert_true(mip_ip4_eq(bw.targets[0], target));
	assert_int_equal(mip_bw_encode(out, sizeof(out), &bw, NULL), 12);
	assert_hex_equal(out, 12, HEX_BW);
}

static void
test_br_example(void **state)
{
	uint8_t m[32], out[32];
	size_t n = hex_decode(HEX_BR, m, sizeof(m));
	struct mip_br br;

	(void)state;
	assert_int_equal(mip_br_decode(&br, m, n, NULL, NULL), 0);
	assert_true(mip_ip4_eq(br.home_addr, hoa));
	assert_true(br.ident == 0x1111111122222222ULL);
	assert_int_equal(mip_br_encode(out, sizeof(out), &br, NULL), 16);
	assert_hex_equal(out, 16, HEX_BR);
}

static void
test_ba_example(void **state)
{
	uint8_t m[32], out[32];
	size_t n = hex_decode(HEX_BA, m, sizeof(m));
	struct mip_ba ba;

	(void)state;
	assert_int_equal(mip_ba_decode(&ba, m, n, NULL, NULL), 0);
	assert_int_equal(ba.status, MIP_BA_ACCEPTED);
	assert_true(mip_ip4_eq(ba.home_addr, hoa));
	assert_true(ba.ident == 0x123456789abcdef0ULL);
	assert_false(ba.short_form);
	assert_int_equal(ba.exts.n, 0);
	assert_int_equal(mip_ba_encode(out, sizeof(out), &ba, NULL), 16);
	assert_hex_equal(out, 16, HEX_BA);
}

static void
test_bu_example(void **state)
{
	uint8_t m[64], out[64];
	size_t n = hex_decode(HEX_BU, m, sizeof(m));
	struct mip_bu bu;
	struct mip_ext_auth auth;

	(void)state;
	assert_int_equal(n, 42);
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, NULL), 0);
	assert_int_equal(bu.flags, MIP_BU_F_A | MIP_BU_F_I);
	assert_int_equal(bu.reserved, 0);
	assert_int_equal(bu.lifetime, 300);
	assert_true(mip_ip4_eq(bu.home_addr, hoa));
	assert_true(mip_ip4_eq(bu.coa, coa));
	assert_true(bu.ident == 0x123456789abcdef0ULL);
	assert_false(mip_bu_is_delete(&bu));
	assert_int_equal(bu.exts.n, 1);
	assert_int_equal(bu.exts.e[0].type, MIP_EXT_RO_AUTH);
	/* spec sheet 2.1: the MAC covers everything up to the authenticator */
	assert_int_equal(mip_ext_auth_covered(&bu.exts.e[0]), 26);
	assert_int_equal(mip_ext_auth_decode(&auth, &bu.exts.e[0], NULL), 0);
	assert_int_equal(auth.spi, 0x101);
	assert_int_equal(auth.auth_len, 16);
	assert_hex_equal(auth.authenticator, 16, HEX_BU_MAC);
	assert_int_equal(mip_bu_encode(out, sizeof(out), &bu, NULL), (long)n);
	assert_memory_equal(out, m, n);
}

/* HMAC-MD5 of |data| under |key|, compared with |hex|. */
static void
assert_hmac_md5(const uint8_t *key, size_t key_len, const uint8_t *data,
    size_t len, const char *hex)
{
	struct test_mem tm;
	struct mip_mac *mac = NULL;
	uint8_t out[MIP_AUTH_MAX_LEN];

	test_mem_init(&tm, 0);
	assert_int_equal(
	    mip_mac_new(&mac, MIP_AUTH_HMAC_MD5, key, key_len, &tm.mem), 0);
	assert_int_equal(mip_mac_compute(mac, data, len, out), 0);
	assert_hex_equal(out, MIP_MD5_LEN, hex);
	mip_mac_free(mac);
	assert_int_equal(tm.live, 0);
}

static void
test_bu_example_mac(void **state)
{
	uint8_t m[64], key[16];
	size_t n = hex_decode(HEX_BU, m, sizeof(m)), i;
	struct mip_bu bu;

	(void)state;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, NULL), 0);
	assert_hmac_md5(key, sizeof(key), m,
	    mip_ext_auth_covered(&bu.exts.e[0]), HEX_BU_MAC);
}

static void
test_bw_targets_roundtrip(void **state)
{
	static const size_t counts[] = { 0, 1, 2, MIP_BW_TARGETS_MAX };
	uint8_t out[128];
	struct mip_bw bw, back;
	size_t i, k;
	mip_ssize n;

	(void)state;
	for (k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
		memset(&bw, 0, sizeof(bw));
		bw.home_addr = hoa;
		bw.n_targets = counts[k];
		for (i = 0; i < bw.n_targets; i++)
			bw.targets[i].v = 0x0a000001U + (uint32_t)i;
		n = mip_bw_encode(out, sizeof(out), &bw, NULL);
		assert_int_equal(n, 8 + 4 * (long)counts[k]);
		assert_int_equal(
		    mip_bw_decode(&back, out, (size_t)n, NULL, NULL), 0);
		assert_true(mip_bw_equal(&bw, &back));
		/* one octet short of capacity */
		assert_int_equal(mip_bw_encode(out, (size_t)n - 1, &bw, NULL),
		    MIP_ERR_NOBUF);
	}
	bw.n_targets = MIP_BW_TARGETS_MAX + 1;
	assert_int_equal(
	    mip_bw_encode(out, sizeof(out), &bw, NULL), MIP_ERR_INVAL);
}

static void
test_bw_too_many_targets(void **state)
{
	uint8_t m[8 + 4 * (MIP_BW_TARGETS_MAX + 1)];
	struct mip_bw bw;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	memset(m, 0, sizeof(m));
	m[0] = MIP_MSG_BIND_WARN;
	assert_int_equal(
	    mip_bw_decode(&bw, m, sizeof(m), NULL, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 8 + 4 * MIP_BW_TARGETS_MAX);
	assert_int_equal(mip_bw_decode(&bw, m, sizeof(m) - 4, NULL, NULL), 0);
	assert_int_equal(bw.n_targets, MIP_BW_TARGETS_MAX);
}

static void
test_bu_roundtrip(void **state)
{
	uint8_t ext[32], out[128];
	size_t elen =
	    hex_decode("23 14 00000101 000102030405060708090a0b0c0d0e0f"
		       "c8 02 abcd",
		ext, sizeof(ext));
	struct mip_bu bu, back;
	unsigned flags;
	mip_ssize n;

	(void)state;
	for (flags = 0; flags <= 0xf0U; flags += 0x10U) {
		memset(&bu, 0, sizeof(bu));
		bu.flags = (uint8_t)flags;
		bu.lifetime = MIP_LIFETIME_INFINITE;
		bu.home_addr = hoa;
		bu.coa = coa;
		bu.ident = (flags & MIP_BU_F_I) ? 0x0102030405060708ULL : 0;
		if (flags & MIP_BU_F_A) {
			/* with extensions: an RO auth and a skippable one */
			assert_int_equal(
			    mip_ext_walk(&bu.exts, ext, elen, 0, MIP_SPACE_REG,
				MIP_IN_BU, NULL, NULL),
			    0);
			assert_int_equal(bu.exts.n, 2);
		}
		n = mip_bu_encode(out, sizeof(out), &bu, NULL);
		assert_int_equal(n,
		    ((flags & MIP_BU_F_I) ? 20 : 12) +
			((flags & MIP_BU_F_A) ? (long)elen : 0));
		assert_int_equal(out[1], flags);
		assert_int_equal(
		    mip_bu_decode(&back, out, (size_t)n, NULL, NULL), 0);
		assert_true(mip_bu_equal(&bu, &back));
		assert_true(back.ident == bu.ident);
		assert_int_equal(mip_bu_encode(out, (size_t)n - 1, &bu, NULL),
		    MIP_ERR_NOBUF);
	}
	/* flags outside A I M G, reserved beyond its nibble */
	bu.flags = 0x01;
	assert_int_equal(
	    mip_bu_encode(out, sizeof(out), &bu, NULL), MIP_ERR_INVAL);
	bu.flags = 0;
	bu.reserved = 0x10;
	assert_int_equal(
	    mip_bu_encode(out, sizeof(out), &bu, NULL), MIP_ERR_INVAL);
}

static void
test_ba_both_lengths(void **state)
{
	uint8_t m[32], out[32];
	size_t n = hex_decode("13000086 c000020a", m, sizeof(m));
	struct mip_ba ba, back;

	(void)state;
	assert_int_equal(mip_ba_decode(&ba, m, n, NULL, NULL), 0);
	assert_true(ba.short_form);
	assert_int_equal(ba.status, MIP_BA_BAD_BU);
	assert_true(ba.ident == 0);
	assert_int_equal(mip_ba_encode(out, sizeof(out), &ba, NULL), 8);
	assert_memory_equal(out, m, 8);
	/* the default (long) form: spec sheet 1.4, zero Identification */
	ba.short_form = false;
	assert_int_equal(mip_ba_encode(out, sizeof(out), &ba, NULL), 16);
	assert_hex_equal(out, 16, "13000086 c000020a 00000000 00000000");
	assert_int_equal(mip_ba_decode(&back, out, 16, NULL, NULL), 0);
	assert_true(mip_ba_equal(&ba, &back));
	/* a short BA cannot carry an Identification or extensions */
	ba.short_form = true;
	ba.ident = 1;
	assert_int_equal(
	    mip_ba_encode(out, sizeof(out), &ba, NULL), MIP_ERR_INVAL);
	assert_int_equal(mip_ba_encode(out, 7, &back, NULL), MIP_ERR_NOBUF);
	back.short_form = true;
	assert_int_equal(mip_ba_encode(out, 7, &back, NULL), MIP_ERR_NOBUF);
}

static void
test_ba_with_extensions(void **state)
{
	uint8_t m[64], out[64];
	size_t n = hex_decode(HEX_BA "23 14 00000101 "
				     "000102030405060708090a0b0c0d0e0f",
	    m, sizeof(m));
	struct mip_ba ba, back;

	(void)state;
	assert_int_equal(mip_ba_decode(&ba, m, n, NULL, NULL), 0);
	assert_int_equal(ba.exts.n, 1);
	assert_int_equal(ba.exts.e[0].off, 16);
	assert_int_equal(mip_ba_encode(out, sizeof(out), &ba, NULL), (long)n);
	assert_memory_equal(out, m, n);
	assert_int_equal(mip_ba_decode(&back, out, n, NULL, NULL), 0);
	assert_true(mip_ba_equal(&ba, &back));
	ba.short_form = true;
	ba.ident = 0;
	assert_int_equal(
	    mip_ba_encode(out, sizeof(out), &ba, NULL), MIP_ERR_INVAL);
}

/* Decodes |m|[0, n) as kind |k| and, on success, re-encodes it. */
static int
decode_encode(int k, const uint8_t *m, size_t n, uint8_t *out, size_t cap,
    mip_ssize *olen)
{
	static struct mip_bu bu;
	static struct mip_ba ba;
	struct mip_bw bw;
	struct mip_br br;
	int rc = MIP_ERR_INTERNAL;

	switch (k) {
	case 0:
		rc = mip_bw_decode(&bw, m, n, NULL, NULL);
		*olen = rc == 0 ? mip_bw_encode(out, cap, &bw, NULL) : 0;
		break;
	case 1:
		rc = mip_br_decode(&br, m, n, NULL, NULL);
		*olen = rc == 0 ? mip_br_encode(out, cap, &br, NULL) : 0;
		break;
	case 2:
		rc = mip_bu_decode(&bu, m, n, NULL, NULL);
		*olen = rc == 0 ? mip_bu_encode(out, cap, &bu, NULL) : 0;
		break;
	case 3:
		rc = mip_ba_decode(&ba, m, n, NULL, NULL);
		*olen = rc == 0 ? mip_ba_encode(out, cap, &ba, NULL) : 0;
		break;
	default:
		fail();
	}
	return rc;
}

static void
test_every_truncation(void **state)
{
	static const char *const msgs[] = { HEX_BW, HEX_BR, HEX_BU, HEX_BA };
	/*
	 * The one prefix of each that is itself a valid message: a BW with
	 * no target, none for the BR, the BU's fixed part without its
	 * extension, the short BA.
	 */
	static const size_t valid_len[] = { 8, 0, 20, 8 };
	uint8_t m[64], out[64];
	size_t n, len;
	int k, rc;
	mip_ssize olen;

	(void)state;
	for (k = 0; k < 4; k++) {
		n = hex_decode(msgs[k], m, sizeof(m));
		for (len = 0; len < n; len++) {
			rc = decode_encode(k, m, len, out, sizeof(out), &olen);
			if (rc != 0) {
				assert_true(rc == MIP_ERR_SHORT ||
				    rc == MIP_ERR_MALFORMED);
				assert_true(len != valid_len[k] || len == 0);
				continue;
			}
			/* a valid shorter message re-encodes to itself */
			assert_int_equal(len, valid_len[k]);
			assert_int_equal(olen, (long)len);
			assert_memory_equal(out, m, len);
		}
		assert_int_equal(
		    decode_encode(k, m, n, out, sizeof(out), &olen), 0);
		assert_int_equal(olen, (long)n);
	}
}

static void
test_wrong_lengths(void **state)
{
	uint8_t m[64];
	size_t n;
	struct mip_bw bw;
	struct mip_br br;
	struct mip_bu bu;
	struct mip_ba ba;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	/* BW: a partial target address */
	n = hex_decode(HEX_BW "cb", m, sizeof(m));
	assert_int_equal(
	    mip_bw_decode(&bw, m, n, NULL, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 12);
	assert_non_null(pe.reason);
	/* BR: trailing octets */
	n = hex_decode(HEX_BR "00", m, sizeof(m));
	assert_int_equal(
	    mip_br_decode(&br, m, n, NULL, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 16);
	/* BU: I set but no room for Identification */
	n = hex_decode("12400000 c000020a c6336401", m, sizeof(m));
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, &pe), MIP_ERR_SHORT);
	/* BU: I clear, 12-octet fixed part; the rest must be extensions */
	n = hex_decode("12800000 c000020a c6336401 2314 0000", m, sizeof(m));
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, &pe), MIP_ERR_SHORT);
	assert_int_equal(pe.off, 12);
	/* BU: an RO auth extension with a too-short authenticator */
	n = hex_decode(
	    "12800000 c000020a c6336401 2308 00000101 01020304", m, sizeof(m));
	assert_int_equal(
	    mip_bu_decode(&bu, m, n, NULL, &pe), MIP_ERR_MALFORMED);
	/* BA: between the two forms */
	n = hex_decode(HEX_BA, m, sizeof(m));
	assert_int_equal(mip_ba_decode(&ba, m, 12, NULL, &pe), MIP_ERR_SHORT);
	/* BA: an extension overrunning the message */
	n = hex_decode(HEX_BA "23 14 00000101", m, sizeof(m));
	assert_int_equal(mip_ba_decode(&ba, m, n, NULL, &pe), MIP_ERR_SHORT);
	assert_int_equal(pe.off, 16);
}

static void
test_wrong_type(void **state)
{
	uint8_t m[32];
	size_t n = hex_decode(HEX_BR, m, sizeof(m));
	struct mip_bw bw;
	struct mip_bu bu;
	struct mip_ba ba;
	struct mip_perr pe = { 1, NULL };

	(void)state;
	assert_int_equal(
	    mip_bw_decode(&bw, m, n, NULL, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 0);
	assert_int_equal(
	    mip_bu_decode(&bu, m, n, NULL, NULL), MIP_ERR_MALFORMED);
	assert_int_equal(
	    mip_ba_decode(&ba, m, n, NULL, NULL), MIP_ERR_MALFORMED);
	assert_int_equal(mip_bw_decode(&bw, m, 0, NULL, NULL), MIP_ERR_SHORT);
}

static void
test_reserved_ignored(void **state)
{
	uint8_t m[64], out[64];
	size_t n;
	struct mip_bw bw;
	struct mip_br br;
	struct mip_bu bu;
	struct mip_ba ba;

	(void)state;
	/* every reserved bit set: decoded, ignored, re-encoded as received */
	n = hex_decode("10ffffff c000020a cb007105", m, sizeof(m));
	assert_int_equal(mip_bw_decode(&bw, m, n, NULL, NULL), 0);
	assert_int_equal(bw.reserved, 0xffffff);
	assert_true(mip_ip4_eq(bw.home_addr, hoa));
	assert_int_equal(mip_bw_encode(out, sizeof(out), &bw, NULL), (long)n);
	assert_memory_equal(out, m, n);

	n = hex_decode("11abcdef c000020a 11111111 22222222", m, sizeof(m));
	assert_int_equal(mip_br_decode(&br, m, n, NULL, NULL), 0);
	assert_int_equal(br.reserved, 0xabcdef);
	assert_int_equal(mip_br_encode(out, sizeof(out), &br, NULL), (long)n);
	assert_memory_equal(out, m, n);

	n = hex_decode("128f000a c000020a c6336401", m, sizeof(m));
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, NULL), 0);
	assert_int_equal(bu.flags, MIP_BU_F_A); /* reserved nibble apart */
	assert_int_equal(bu.reserved, 0x0f);
	assert_int_equal(mip_bu_encode(out, sizeof(out), &bu, NULL), (long)n);
	assert_memory_equal(out, m, n);

	n = hex_decode("13ffff00 c000020a", m, sizeof(m));
	assert_int_equal(mip_ba_decode(&ba, m, n, NULL, NULL), 0);
	assert_int_equal(ba.reserved, 0xffff);
	assert_int_equal(ba.status, MIP_BA_ACCEPTED);
	assert_int_equal(mip_ba_encode(out, sizeof(out), &ba, NULL), (long)n);
	assert_memory_equal(out, m, n);

	/* values wider than the field are refused */
	bw.reserved = 0x1000000;
	assert_int_equal(
	    mip_bw_encode(out, sizeof(out), &bw, NULL), MIP_ERR_INVAL);
	br.reserved = 0x1000000;
	assert_int_equal(
	    mip_br_encode(out, sizeof(out), &br, NULL), MIP_ERR_INVAL);
}

static void
test_renumbered_profile(void **state)
{
	struct mip_profile p = renumbered();
	uint8_t m[64], out[64];
	size_t n;
	struct mip_bw bw;
	struct mip_br br;
	struct mip_bu bu;
	struct mip_ba ba;

	(void)state;
	n = hex_decode(HEX_BW, m, sizeof(m));
	assert_int_equal(mip_bw_decode(&bw, m, n, &p, NULL), MIP_ERR_MALFORMED);
	assert_int_equal(mip_bw_decode(&bw, m, n, NULL, NULL), 0);
	assert_int_equal(mip_bw_encode(out, sizeof(out), &bw, &p), (long)n);
	assert_int_equal(out[0], 200);
	assert_int_equal(mip_bw_decode(&bw, out, n, &p, NULL), 0);
	assert_int_equal(
	    mip_bw_decode(&bw, out, n, NULL, NULL), MIP_ERR_MALFORMED);

	n = hex_decode(HEX_BR, m, sizeof(m));
	assert_int_equal(mip_br_decode(&br, m, n, NULL, NULL), 0);
	assert_int_equal(mip_br_encode(out, sizeof(out), &br, &p), (long)n);
	assert_int_equal(out[0], 201);
	assert_int_equal(mip_br_decode(&br, out, n, &p, NULL), 0);

	n = hex_decode(HEX_BU, m, sizeof(m));
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, NULL), 0);
	assert_int_equal(mip_bu_encode(out, sizeof(out), &bu, &p), (long)n);
	assert_int_equal(out[0], 202);
	assert_int_equal(mip_bu_decode(&bu, out, n, &p, NULL), 0);
	assert_int_equal(mip_bu_decode(&bu, m, n, &p, NULL), MIP_ERR_MALFORMED);

	n = hex_decode(HEX_BA, m, sizeof(m));
	assert_int_equal(mip_ba_decode(&ba, m, n, NULL, NULL), 0);
	assert_int_equal(mip_ba_encode(out, sizeof(out), &ba, &p), (long)n);
	assert_int_equal(out[0], 203);
	assert_int_equal(mip_ba_decode(&ba, out, n, &p, NULL), 0);
}

static void
test_ro_disabled(void **state)
{
	struct mip_profile p = mip_profile_default;
	uint8_t m[64], out[64];
	size_t n;
	struct mip_bw bw;
	struct mip_br br;
	struct mip_bu bu;
	struct mip_ba ba;
	struct mip_ext_pfane pf;
	struct mip_perr pe = { 1, NULL };

	(void)state;
	p.ro = false;
	n = hex_decode(HEX_BW, m, sizeof(m));
	assert_int_equal(mip_bw_decode(&bw, m, n, NULL, NULL), 0);
	assert_int_equal(
	    mip_bw_decode(&bw, m, n, &p, &pe), MIP_ERR_UNSUPPORTED);
	assert_int_equal(pe.off, 0);
	assert_int_equal(
	    mip_bw_encode(out, sizeof(out), &bw, &p), MIP_ERR_UNSUPPORTED);
	n = hex_decode(HEX_BR, m, sizeof(m));
	assert_int_equal(
	    mip_br_decode(&br, m, n, &p, NULL), MIP_ERR_UNSUPPORTED);
	assert_int_equal(
	    mip_br_encode(out, sizeof(out), &br, &p), MIP_ERR_UNSUPPORTED);
	n = hex_decode(HEX_BU, m, sizeof(m));
	assert_int_equal(
	    mip_bu_decode(&bu, m, n, &p, NULL), MIP_ERR_UNSUPPORTED);
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, NULL), 0);
	assert_int_equal(
	    mip_bu_encode(out, sizeof(out), &bu, &p), MIP_ERR_UNSUPPORTED);
	n = hex_decode(HEX_BA, m, sizeof(m));
	assert_int_equal(
	    mip_ba_decode(&ba, m, n, &p, NULL), MIP_ERR_UNSUPPORTED);
	assert_int_equal(
	    mip_ba_encode(out, sizeof(out), &ba, &p), MIP_ERR_UNSUPPORTED);
	/* typed extensions and the PFANE builder */
	assert_int_equal(mip_ext_bw_decode(&bw, &bu.exts.e[0], &p, NULL),
	    MIP_ERR_UNSUPPORTED);
	memset(&pf, 0, sizeof(pf));
	assert_int_equal(mip_pfane_bu_build(out, sizeof(out), &pf, hoa, 0, &p),
	    MIP_ERR_UNSUPPORTED);
	assert_int_equal(
	    mip_pfane_auth_input(out, sizeof(out), &pf, hoa, 0, &p),
	    MIP_ERR_UNSUPPORTED);
}

static void
test_bu_extension_classes(void **state)
{
	uint8_t m[64];
	size_t n;
	struct mip_bu bu;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	/* an unknown type >= 128 is skipped */
	n = hex_decode("12800000 c000020a c6336401 c8 01 ff", m, sizeof(m));
	assert_int_equal(mip_bu_decode(&bu, m, n, NULL, NULL), 0);
	assert_int_equal(bu.exts.n, 1);
	assert_true(bu.exts.e[0].flags & MIP_EXT_F_UNKNOWN);
	/* an unknown type < 128: the fixed part is still there */
	n = hex_decode("12800000 c000020a c6336401 7f 01 ff", m, sizeof(m));
	assert_int_equal(
	    mip_bu_decode(&bu, m, n, NULL, &pe), MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(pe.off, 12);
	assert_true(bu.exts.unknown);
	assert_int_equal(bu.exts.unknown_type, 0x7f);
	assert_true(mip_ip4_eq(bu.coa, coa));
	/* a known extension not allowed in a BU (the PFANE) */
	n = hex_decode("12800000 c000020a c6336401 " HEX_PFANE, m, sizeof(m));
	assert_int_equal(
	    mip_bu_decode(&bu, m, n, NULL, NULL), MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(bu.exts.unknown_type, MIP_EXT_PFANE);
}

static void
test_bu_is_delete(void **state)
{
	struct mip_bu bu;

	(void)state;
	memset(&bu, 0, sizeof(bu));
	bu.home_addr = hoa;
	bu.coa = coa;
	bu.lifetime = 10;
	assert_false(mip_bu_is_delete(&bu));
	bu.lifetime = 0;
	assert_true(mip_bu_is_delete(&bu));
	bu.lifetime = MIP_LIFETIME_INFINITE;
	bu.coa = hoa;
	assert_true(mip_bu_is_delete(&bu));
}

/* Walks a registration-request extension area holding |hex|. */
static void
walk_req(struct mip_exts *x, uint8_t *m, size_t cap, const char *hex,
    const struct mip_profile *p)
{
	size_t n = hex_decode(hex, m, cap);

	assert_int_equal(
	    mip_ext_walk(x, m, n, 0, MIP_SPACE_REG, MIP_IN_REG_REQ, p, NULL),
	    0);
	assert_int_equal(x->n, 1);
}

static void
test_pfane_example(void **state)
{
	uint8_t m[64], out[64], key[16];
	struct mip_exts x;
	struct mip_ext_pfane pf;
	struct mip_wbuf w;
	struct mip_bu bu;
	struct mip_ext_auth auth;
	size_t i;
	mip_ssize n;

	(void)state;
	walk_req(&x, m, sizeof(m), HEX_PFANE, NULL);
	assert_int_equal(mip_ext_pfane_decode(&pf, &x.e[0], NULL), 0);
	assert_int_equal(pf.cache_lifetime, 10);
	assert_int_equal(pf.prev_fa_addr.v, 0xcb007101U);
	assert_true(mip_ip4_eq(pf.new_coa, coa));
	assert_int_equal(pf.spi, 0x1000);
	assert_int_equal(pf.auth_len, 16);
	assert_ptr_equal(pf.authenticator, m + 16);
	/* re-encodes byte for byte */
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_pfane_encode(&w, &pf), 0);
	assert_int_equal(w.off, 32);
	assert_hex_equal(out, 32, HEX_PFANE);

	/* spec sheet 2.2: the BU the new FA sends */
	n = mip_pfane_bu_build(out, sizeof(out), &pf, hoa, 0, NULL);
	assert_int_equal(n, 34);
	assert_hex_equal(out, 34, HEX_PFANE_BU);
	assert_int_equal(mip_bu_decode(&bu, out, (size_t)n, NULL, NULL), 0);
	assert_int_equal(bu.flags, MIP_BU_F_A);
	assert_int_equal(bu.lifetime, 10);
	assert_true(mip_ip4_eq(bu.home_addr, hoa));
	assert_true(mip_ip4_eq(bu.coa, coa));
	assert_int_equal(mip_ext_auth_decode(&auth, &bu.exts.e[0], NULL), 0);
	assert_int_equal(auth.type, MIP_EXT_RO_AUTH);
	assert_int_equal(auth.spi, 0x1000);
	assert_memory_equal(auth.authenticator, pf.authenticator, 16);

	/* the covered bytes are the BU's first 18 and verify under the key */
	assert_int_equal(
	    mip_pfane_auth_input(out, sizeof(out), &pf, hoa, 0, NULL), 18);
	assert_hex_equal(out, 18, "1280000a c000020a c6336401 2314 00001000");
	assert_int_equal(mip_ext_auth_covered(&bu.exts.e[0]), 18);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0xa0 + i);
	assert_hmac_md5(
	    key, sizeof(key), out, 18, "8364b02c5854f65bf9b282d6daad9be6");
}

static void
test_pfane_build_variants(void **state)
{
	struct mip_profile p = renumbered();
	uint8_t m[64], out[64];
	struct mip_exts x;
	struct mip_ext_pfane pf;
	struct mip_bu bu;
	size_t cap;

	(void)state;
	walk_req(&x, m, sizeof(m), HEX_PFANE, NULL);
	assert_int_equal(mip_ext_pfane_decode(&pf, &x.e[0], NULL), 0);
	/* M and G come from the request; other RRQ bits do not leak in */
	assert_int_equal(
	    mip_pfane_bu_build(out, sizeof(out), &pf, hoa, 0xff, NULL), 34);
	assert_int_equal(out[1], MIP_BU_F_A | MIP_BU_F_M | MIP_BU_F_G);
	assert_int_equal(
	    mip_pfane_bu_build(out, sizeof(out), &pf, hoa, MIP_RRQ_F_G, NULL),
	    34);
	assert_int_equal(out[1], MIP_BU_F_A | MIP_BU_F_G);
	/* a renumbered Binding Update type */
	assert_int_equal(
	    mip_pfane_bu_build(out, sizeof(out), &pf, hoa, 0, &p), 34);
	assert_int_equal(out[0], 202);
	assert_int_equal(mip_bu_decode(&bu, out, 34, &p, NULL), 0);
	/* New CoA = home address: the previous FA only deletes */
	pf.new_coa = hoa;
	assert_int_equal(
	    mip_pfane_bu_build(out, sizeof(out), &pf, hoa, 0, NULL), 34);
	assert_int_equal(mip_bu_decode(&bu, out, 34, NULL, NULL), 0);
	assert_true(mip_bu_is_delete(&bu));
	/* every capacity short of the whole */
	for (cap = 0; cap < 34; cap++) {
		assert_int_equal(
		    mip_pfane_bu_build(out, cap, &pf, hoa, 0, NULL),
		    MIP_ERR_NOBUF);
		if (cap < 18)
			assert_int_equal(
			    mip_pfane_auth_input(out, cap, &pf, hoa, 0, NULL),
			    MIP_ERR_NOBUF);
	}
	/* an authenticator type 35 cannot carry */
	pf.auth_len = 8;
	assert_int_equal(
	    mip_pfane_bu_build(out, sizeof(out), &pf, hoa, 0, NULL),
	    MIP_ERR_INVAL);
	assert_int_equal(
	    mip_pfane_auth_input(out, sizeof(out), &pf, hoa, 0, NULL),
	    MIP_ERR_INVAL);
}

static void
test_pfane_lengths(void **state)
{
	uint8_t m[128], out[128], auth[64];
	struct mip_exts x;
	struct mip_ext_pfane pf;
	struct mip_ext fake;
	struct mip_wbuf w;
	struct mip_perr pe = { 0, NULL };
	size_t n;

	(void)state;
	/* the walker bounds the Length: 14 + 16 .. 14 + 64 */
	n = hex_decode("600f000acb007101c633640100001000 00", m, sizeof(m));
	assert_int_equal(mip_ext_walk(&x, m, n, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    MIP_ERR_MALFORMED);
	/* a hand-made view is checked the same way */
	memset(&fake, 0, sizeof(fake));
	fake.type = MIP_EXT_PFANE;
	fake.fmt = MIP_EXT_FMT_TLV;
	fake.body = m + 2;
	fake.len = 15;
	fake.off = 7;
	assert_int_equal(
	    mip_ext_pfane_decode(&pf, &fake, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 7);
	fake.len = 30;
	fake.fmt = MIP_EXT_FMT_LEN16;
	assert_int_equal(mip_ext_pfane_decode(&pf, &fake, NULL), MIP_ERR_INVAL);
	fake.fmt = MIP_EXT_FMT_TLV;
	fake.type = MIP_EXT_RO_AUTH;
	assert_int_equal(mip_ext_pfane_decode(&pf, &fake, NULL), MIP_ERR_INVAL);
	/* encoder: the longest authenticator fits, one more does not */
	memset(&pf, 0, sizeof(pf));
	memset(auth, 0x5a, sizeof(auth));
	pf.authenticator = auth;
	pf.auth_len = 64;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_pfane_encode(&w, &pf), 0);
	assert_int_equal(w.off, 2 + 14 + 64);
	assert_int_equal(mip_ext_walk(&x, out, w.off, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	pf.auth_len = 65;
	assert_int_equal(mip_ext_pfane_encode(&w, &pf), MIP_ERR_INVAL);
	pf.auth_len = 15;
	assert_int_equal(mip_ext_pfane_encode(&w, &pf), MIP_ERR_INVAL);
	pf.authenticator = NULL;
	pf.auth_len = 16;
	assert_int_equal(mip_ext_pfane_encode(&w, &pf), MIP_ERR_INVAL);
	assert_int_equal(w.off, 2 + 14 + 64); /* unchanged on failure */
}

static void
test_bw_ext(void **state)
{
	struct mip_profile p = renumbered();
	uint8_t m[128], out[128];
	struct mip_exts x;
	struct mip_bw bw;
	struct mip_wbuf w;
	size_t i;

	(void)state;
	walk_req(&x, m, sizeof(m), "10 0a 0000 c000020a cb007105", NULL);
	assert_int_equal(mip_ext_bw_decode(&bw, &x.e[0], NULL, NULL), 0);
	assert_true(mip_ip4_eq(bw.home_addr, hoa));
	assert_int_equal(bw.n_targets, 1);
	assert_true(mip_ip4_eq(bw.targets[0], target));
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_bw_encode(&w, &bw, NULL), 0);
	assert_hex_equal(out, w.off, "10 0a 0000 c000020a cb007105");
	/* zero targets, reserved kept */
	walk_req(&x, m, sizeof(m), "10 06 beef c000020a", NULL);
	assert_int_equal(mip_ext_bw_decode(&bw, &x.e[0], NULL, NULL), 0);
	assert_int_equal(bw.n_targets, 0);
	assert_int_equal(bw.reserved, 0xbeef);
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_bw_encode(&w, &bw, NULL), 0);
	assert_hex_equal(out, w.off, "10 06 beef c000020a");
	/* renumbered: type 17 */
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_bw_encode(&w, &bw, &p), 0);
	assert_int_equal(out[0], 17);
	assert_int_equal(mip_ext_walk(&x, out, w.off, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, &p, NULL),
	    0);
	assert_int_equal(mip_ext_bw_decode(&bw, &x.e[0], &p, NULL), 0);
	assert_int_equal(
	    mip_ext_bw_decode(&bw, &x.e[0], NULL, NULL), MIP_ERR_INVAL);
	/* many targets round trip; more than the maximum fails */
	bw.n_targets = MIP_BW_TARGETS_MAX;
	for (i = 0; i < bw.n_targets; i++)
		bw.targets[i].v = (uint32_t)i;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_bw_encode(&w, &bw, NULL), 0);
	assert_int_equal(w.off, 2 + 6 + 4 * MIP_BW_TARGETS_MAX);
	assert_int_equal(mip_ext_walk(&x, out, w.off, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	{
		struct mip_bw back;

		assert_int_equal(
		    mip_ext_bw_decode(&back, &x.e[0], NULL, NULL), 0);
		assert_true(mip_bw_equal(&bw, &back));
	}
	out[1] = (uint8_t)(out[1] + 4); /* claim one more target */
	memset(out + w.off, 0, 4);
	assert_int_equal(mip_ext_walk(&x, out, w.off + 4, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    0);
	assert_int_equal(
	    mip_ext_bw_decode(&bw, &x.e[0], NULL, NULL), MIP_ERR_MALFORMED);
	bw.n_targets = MIP_BW_TARGETS_MAX + 1;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_bw_encode(&w, &bw, NULL), MIP_ERR_INVAL);
	bw.n_targets = 0;
	bw.reserved = 0x10000;
	assert_int_equal(mip_ext_bw_encode(&w, &bw, NULL), MIP_ERR_INVAL);
	assert_int_equal(w.off, 0);
	/* Length 7 is not 6 + 4N: the walker refuses it */
	hex_decode("10 07 0000 c000020a 00", m, sizeof(m));
	assert_int_equal(mip_ext_walk(&x, m, 9, 0, MIP_SPACE_REG,
			     MIP_IN_REG_REQ, NULL, NULL),
	    MIP_ERR_MALFORMED);
}

static void
test_ext_putv(void **state)
{
	uint8_t out[16], a[2] = { 1, 2 }, b[2] = { 3, 4 };
	struct mip_ro_part parts[2] = { { a, 2 }, { b, 2 } };
	struct mip_wbuf w;

	(void)state;
	/* 8-bit Length, body in two pieces */
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ro_ext_putv(&w, MIP_EXT_SPI, NULL, parts, 2), 0);
	assert_hex_equal(out, w.off, "7d 04 01020304");
	/* 16-bit Length */
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ro_ext_putv(&w, MIP_EXT_FA_PUBKEY, NULL, parts, 2),
	    MIP_ERR_INVAL); /* below 5 */
	assert_int_equal(
	    mip_ro_ext_putv(&w, MIP_EXT_MN_PUBKEY, NULL, parts, 2), 0);
	assert_hex_equal(out, w.off, "72 0004 01020304");
	/* capacity is checked before anything is written */
	mip_wbuf_init(&w, out, 6);
	assert_int_equal(mip_ro_ext_putv(&w, MIP_EXT_MN_PUBKEY, NULL, parts, 2),
	    MIP_ERR_NOBUF);
	assert_int_equal(w.off, 0);
	/* no rule: type 127 */
	assert_int_equal(
	    mip_ro_ext_putv(&w, 127, NULL, parts, 2), MIP_ERR_UNSUPPORTED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bw_example),
		cmocka_unit_test(test_br_example),
		cmocka_unit_test(test_ba_example),
		cmocka_unit_test(test_bu_example),
		cmocka_unit_test(test_bu_example_mac),
		cmocka_unit_test(test_bw_targets_roundtrip),
		cmocka_unit_test(test_bw_too_many_targets),
		cmocka_unit_test(test_bu_roundtrip),
		cmocka_unit_test(test_ba_both_lengths),
		cmocka_unit_test(test_ba_with_extensions),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_wrong_lengths),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_reserved_ignored),
		cmocka_unit_test(test_renumbered_profile),
		cmocka_unit_test(test_ro_disabled),
		cmocka_unit_test(test_bu_extension_classes),
		cmocka_unit_test(test_bu_is_delete),
		cmocka_unit_test(test_pfane_example),
		cmocka_unit_test(test_pfane_build_variants),
		cmocka_unit_test(test_pfane_lengths),
		cmocka_unit_test(test_bw_ext),
		cmocka_unit_test(test_ext_putv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
