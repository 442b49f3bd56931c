/* SPDX-License-Identifier: ISC */
/* Agent Advertisement and Solicitation codecs (RFC 1256; RFC 5944 2). */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_adv.h"
#include "mip/mip_buf.h"
#include "mip/mip_proto.h"

/*
 * Known answer: one router entry, mobility extension (F, T, one CoA),
 * prefix-lengths, one-byte padding (31 octets otherwise).
 *   type 9, code 0, checksum, num addrs 1, entry size 2, lifetime 1800
 *   router 192.0.2.1 preference 0
 *   ext 16 len 10: seq 1, reg lifetime 600, flags 0x1100, coa 192.0.2.2
 *   ext 19 len 1: 24
 *   ext 0
 * Checksum by hand, 16-bit words with the checksum field zero:
 *   0900+0102+0708+c000+0201+0000+0000+100a+0001+0258+1100+c000+0202
 *   +1301+1800 = 0x1e371, folded 0xe372, complemented 0x1c8d.
 */
static const char kat_hex[] = "09001c8d 01020708"
			      "c0000201 00000000"
			      "100a 0001 0258 1100 c0000202"
			      "1301 18"
			      "00";

/* Independent RFC 1071 summation: accumulate, fold once at the end. */
static uint16_t
ref_sum(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (i % 2 == 0) ? (uint64_t)p[i] << 8 : p[i];
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void
fix_csum(uint8_t *m, size_t n)
{
	uint16_t c;

	if (n < 4)
		return;
	m[2] = m[3] = 0;
	c = (uint16_t)~ref_sum(m, n);
	m[2] = (uint8_t)(c >> 8);
	m[3] = (uint8_t)c;
}

static void
build_kat(struct mip_adv *a)
{
	memset(a, 0, sizeof(*a));
	a->code = MIP_ICMP_ADV_CODE_NORMAL;
	a->num_addrs = 1;
	a->entry_size = 2;
	a->lifetime = 1800;
	a->routers[0].addr = mip_ip4_make(192, 0, 2, 1);
	a->is_agent = true;
	a->mob.seq = 1;
	a->mob.reg_lifetime = 600;
	a->mob.flags = MIP_ADV_F_F | MIP_ADV_F_T;
	a->mob.n_coa = 1;
	a->mob.coa[0] = mip_ip4_make(192, 0, 2, 2);
	a->has_prefix = true;
	a->prefix_len[0] = 24;
	mip_adv_set_order(a, true);
}

/* decode(b) succeeds and encode(decode(b)) == b */
static void
assert_reencodes(const uint8_t *m, size_t n, struct mip_adv *out)
{
	uint8_t buf[2048];
	mip_ssize w;

	assert_int_equal(mip_adv_decode(out, m, n, NULL, NULL), 0);
	w = mip_adv_encode(buf, sizeof(buf), out);
	assert_int_equal(w, (mip_ssize)n);
	assert_memory_equal(buf, m, n);
}

static void
test_kat(void **state)
{
	uint8_t m[64], out[64];
	size_t n = hex_decode(kat_hex, m, sizeof(m));
	struct mip_adv a, b;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(n, 32);
	assert_int_equal(ref_sum(m, n), 0xffff);
	assert_int_equal(mip_adv_decode(&a, m, n, NULL, &pe), 0);
	assert_true(a.checksum_ok);
	assert_int_equal(a.checksum, 0x1c8d);
	assert_int_equal(a.code, 0);
	assert_int_equal(a.num_addrs, 1);
	assert_int_equal(a.entry_size, 2);
	assert_int_equal(a.lifetime, 1800);
	assert_int_equal(a.routers[0].addr.v, 0xc0000201);
	assert_int_equal(a.routers[0].pref, 0);
	assert_true(a.is_agent);
	assert_int_equal(a.mob.seq, 1);
	assert_int_equal(a.mob.reg_lifetime, 600);
	assert_int_equal(a.mob.flags, MIP_ADV_F_F | MIP_ADV_F_T);
	assert_int_equal(a.mob.n_coa, 1);
	assert_int_equal(a.mob.coa[0].v, 0xc0000202);
	assert_true(a.has_prefix);
	assert_int_equal(a.prefix_len[0], 24);
	assert_null(a.challenge);
	assert_int_equal(a.exts.n, 3);
	assert_int_equal(a.exts.e[2].type, MIP_ICMPEXT_PAD);
	assert_int_equal(mip_adv_check(&a), MIP_ADV_OK);

	/* the same message built from fields */
	build_kat(&b);
	assert_int_equal(mip_adv_encode(out, sizeof(out), &b), 32);
	assert_hex_equal(out, 32, kat_hex);
	assert_true(mip_adv_equal(&a, &b));
	assert_reencodes(m, n, &a);
}

static void
fill_adv(struct mip_adv *a, size_t n_routers, size_t n_coa)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	a->code = MIP_ICMP_ADV_CODE_NO_COMMON;
	a->num_addrs = (uint8_t)n_routers;
	a->entry_size = 2;
	a->lifetime = 0xffff;
	for (i = 0; i < n_routers; i++) {
		a->routers[i].addr = mip_ip4_make(10, 0, (uint8_t)i, 1);
		a->routers[i].pref = (int32_t)i * 1000 - 5;
		a->prefix_len[i] = (uint8_t)(i % 33);
	}
	a->is_agent = true;
	a->mob.seq = (uint16_t)(0xff00 + n_coa);
	a->mob.reg_lifetime = 1800;
	a->mob.flags = MIP_ADV_F_H | (n_coa ? MIP_ADV_F_F : 0) | 0x0003;
	a->mob.n_coa = (uint8_t)n_coa;
	for (i = 0; i < n_coa; i++)
		a->mob.coa[i] = mip_ip4_make(172, 16, (uint8_t)i, 9);
}

static void
roundtrip(struct mip_adv *a, bool pad)
{
	uint8_t buf[2048], again[2048];
	struct mip_adv d;
	mip_ssize n, cap;

	mip_adv_set_order(a, pad);
	n = mip_adv_encode(buf, sizeof(buf), a);
	assert_true(n > 0);
	if (pad)
		assert_int_equal(n % 2, 0);
	assert_int_equal(ref_sum(buf, (size_t)n), 0xffff);
	assert_int_equal(mip_adv_decode(&d, buf, (size_t)n, NULL, NULL), 0);
	assert_true(mip_adv_equal(a, &d));
	assert_true(mip_adv_equal(&d, a));
	assert_int_equal(mip_adv_encode(again, sizeof(again), &d), n);
	assert_memory_equal(again, buf, (size_t)n);
	/* every capacity short of the message */
	for (cap = 0; cap < n; cap++)
		assert_int_equal(
		    mip_adv_encode(again, (size_t)cap, a), MIP_ERR_NOBUF);
}

static void
test_roundtrip_counts(void **state)
{
	static const size_t routers[] = { 0, 1, 2, 7, MIP_ADV_ROUTERS_MAX };
	static const size_t coas[] = { 0, 1, 2, 5, MIP_ADV_COA_MAX };
	static const uint8_t chal[] = { 1, 2, 3, 4, 5 };
	struct mip_adv a;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(routers) / sizeof(routers[0]); i++) {
		for (j = 0; j < sizeof(coas) / sizeof(coas[0]); j++) {
			fill_adv(&a, routers[i], coas[j]);
			roundtrip(&a, false);
			a.has_prefix = true;
			roundtrip(&a, true);
			a.challenge = chal;
			a.challenge_len = (uint8_t)(sizeof(chal) - (j & 1));
			roundtrip(&a, true);
			roundtrip(&a, false);
		}
	}
}

static void
test_preference_sign(void **state)
{
	struct mip_adv a;

	(void)state;
	fill_adv(&a, 3, 1);
	a.routers[0].pref = INT32_MIN;
	a.routers[1].pref = -1;
	a.routers[2].pref = INT32_MAX;
	roundtrip(&a, false);
}

/* Every cut of the KAT: with its checksum as received only the whole
 * message (and the one without its zero pad) passes; with the checksum fixed, the cuts on structure
 * boundaries are valid shorter messages. */
static void
test_truncation(void **state)
{
	uint8_t m[64];
	size_t n = hex_decode(kat_hex, m, sizeof(m));
	size_t cut;

	(void)state;
	for (cut = 0; cut <= n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		struct mip_adv a;
		int rc;

		memcpy(copy, m, cut);
		rc = mip_adv_decode(&a, copy, cut, NULL, NULL);
		/* cut 31 drops only the pad octet, which adds 0 to the sum */
		if (cut == n || cut == n - 1)
			assert_int_equal(rc, 0);
		else
#ifdef MIP_FUZZING
			assert_true(rc != 0 || !a.checksum_ok);
#else
			assert_true(rc < 0);
#endif
		fix_csum(copy, cut);
		rc = mip_adv_decode(&a, copy, cut, NULL, NULL);
		if (cut == 16) { /* plain router advertisement */
			assert_int_equal(rc, 0);
			assert_false(a.is_agent);
			assert_int_equal(mip_adv_check(&a), MIP_ADV_NOT_AGENT);
		} else if (cut == 28 || cut == 31 || cut == 32) {
			assert_int_equal(rc, 0);
			assert_true(a.is_agent);
			assert_int_equal(a.has_prefix, cut >= 31);
		} else {
			assert_int_equal(rc, MIP_ERR_SHORT);
		}
		if (rc == 0)
			assert_reencodes(copy, cut, &a);
		free(copy);
	}
}

static void
test_checksum(void **state)
{
	uint8_t m[64];
	size_t n = hex_decode(kat_hex, m, sizeof(m));
	struct mip_adv a;
	struct mip_perr pe = { 0, NULL };
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		m[i] ^= 0x40;
#ifdef MIP_FUZZING
		(void)pe;
#else
		if (i >= 2) { /* type and code fail before the checksum */
			assert_int_equal(mip_adv_decode(&a, m, n, NULL, &pe),
			    MIP_ERR_CHECKSUM);
			assert_int_equal(pe.off, 2);
		}
#endif
		m[i] ^= 0x40;
	}
	/* 0xffff and 0x0000 are not interchangeable here: the sum is exact */
	m[2] = 0xff;
	m[3] = 0xff;
#ifndef MIP_FUZZING
	assert_int_equal(
	    mip_adv_decode(&a, m, n, NULL, NULL), MIP_ERR_CHECKSUM);
#endif
}

static int
decode_hex(const char *hex, struct mip_adv *a, struct mip_perr *pe)
{
	static uint8_t m[512];
	size_t n = hex_decode(hex, m, sizeof(m));

	fix_csum(m, n);
	return mip_adv_decode(a, m, n, NULL, pe);
}

#define MOB_F_COA "100a 0000 0258 1000 c0000202"

static void
test_code_and_type(void **state)
{
	struct mip_adv a;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(
	    decode_hex("0910 0000 0002 0708" MOB_F_COA, &a, NULL), 0);
	assert_int_equal(a.code, MIP_ICMP_ADV_CODE_NO_COMMON);
	assert_int_equal(decode_hex("0901 0000 0002 0708" MOB_F_COA, &a, &pe),
	    MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 1);
	assert_int_equal(decode_hex("0911 0000 0002 0708" MOB_F_COA, &a, NULL),
	    MIP_ERR_MALFORMED);
	assert_int_equal(decode_hex("0a00 0000 0002 0708" MOB_F_COA, &a, NULL),
	    MIP_ERR_MALFORMED);
}

static void
test_entries(void **state)
{
	struct mip_adv a;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	/* Num Addrs 0 with an agent extension: RFC 5944 2.1 */
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA, &a, NULL), 0);
	assert_int_equal(a.num_addrs, 0);
	/* ... but not in a plain router advertisement (RFC 1256 5.2) */
	assert_int_equal(
	    decode_hex("0900 0000 0002 0708", &a, NULL), MIP_ERR_MALFORMED);
	assert_int_equal(
	    decode_hex("0900 0000 0002 0708 00", &a, NULL), MIP_ERR_MALFORMED);
	/* Addr Entry Size below 2 */
	assert_int_equal(
	    decode_hex("0900 0000 0101 0708 c0000201 00000000", &a, &pe),
	    MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 5);
	assert_int_equal(decode_hex("0900 0000 0100 0708" MOB_F_COA, &a, NULL),
	    MIP_ERR_MALFORMED);
	/* Num Addrs larger than the message */
	assert_int_equal(
	    decode_hex("0900 0000 0202 0708 c0000201 00000000", &a, NULL),
	    MIP_ERR_SHORT);
	/* Entry size 3 hides the mobility extension inside the entry */
	assert_int_equal(
	    decode_hex("0900 0000 0103 0708 c0000201 00000000", &a, NULL),
	    MIP_ERR_SHORT);
	/* Too many entries */
	assert_int_equal(
	    decode_hex("0900 0000 2102 0708", &a, NULL), MIP_ERR_MALFORMED);
}

static void
test_wide_entries(void **state)
{
	static uint8_t m[64];
	size_t n = hex_decode("0900 0000 0203 0708"
			      "c0000201 00000001 deadbeef"
			      "c0000203 fffffffe 01020304" MOB_F_COA,
	    m, sizeof(m));
	uint8_t out[64];
	struct mip_adv a, b;

	(void)state;
	fix_csum(m, n);
	assert_reencodes(m, n, &a);
	assert_int_equal(a.entry_size, 3);
	assert_int_equal(a.routers[1].addr.v, 0xc0000203);
	assert_int_equal(a.routers[1].pref, -2);
	assert_int_equal(a.mob.coa[0].v, 0xc0000202);
	/* built without |entries|: the extra words are zeros */
	b = a;
	b.entries = NULL;
	assert_false(mip_adv_equal(&a, &b));
	assert_int_equal(mip_adv_encode(out, sizeof(out), &b), n);
	assert_int_equal(mip_get_be32(out + 16), 0);
	assert_int_equal(mip_adv_decode(&a, out, n, NULL, NULL), 0);
	assert_true(mip_adv_equal(&a, &b));
}

static void
test_prefix_lengths(void **state)
{
	struct mip_adv a;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	/* count must equal Num Addrs (RFC 5944 2.1.2) */
	assert_int_equal(decode_hex("0900 0000 0202 0708 c0000201 00000000"
				    "c0000301 00000000" MOB_F_COA "1302 1810",
			     &a, NULL),
	    0);
	assert_int_equal(a.prefix_len[1], 16);
	assert_int_equal(decode_hex("0900 0000 0202 0708 c0000201 00000000"
				    "c0000301 00000000" MOB_F_COA "1301 18",
			     &a, &pe),
	    MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 36);
	assert_int_equal(decode_hex("0900 0000 0102 0708 c0000201 00000000"
				    "1302 1818" MOB_F_COA,
			     &a, NULL),
	    MIP_ERR_MALFORMED);
	/* zero addresses, zero prefix lengths */
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA "1300", &a, NULL), 0);
	assert_true(a.has_prefix);
	/* a prefix length over 32 */
	assert_int_equal(decode_hex("0900 0000 0102 0708 c0000201 00000000"
				    "1301 21" MOB_F_COA,
			     &a, &pe),
	    MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 18);
	assert_int_equal(decode_hex("0900 0000 0102 0708 c0000201 00000000"
				    "1301 20" MOB_F_COA,
			     &a, NULL),
	    0);
	assert_int_equal(a.exts.e[0].type, MIP_ICMPEXT_PREFIX_LENGTHS);
}

static void
test_extensions(void **state)
{
	static uint8_t m[128];
	struct mip_adv a;
	struct mip_perr pe = { 0, NULL };
	size_t n;

	(void)state;
	/* skippable unknown (>= 128) kept in place and re-emitted */
	n = hex_decode("0900 0000 0000 0708 c803 aabbcc" MOB_F_COA
		       "ff00 1804 01020304 00",
	    m, sizeof(m));
	fix_csum(m, n);
	assert_reencodes(m, n, &a);
	assert_int_equal(a.exts.n, 5);
	assert_true(a.exts.e[0].flags & MIP_EXT_F_UNKNOWN);
	assert_int_equal(a.challenge_len, 4);
	assert_memory_equal(a.challenge, "\x01\x02\x03\x04", 4);
	/* non-skippable unknown (< 128): discard (RFC 5944 1.9) */
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA "1400", &a, &pe),
	    MIP_ERR_UNKNOWN_EXT);
	assert_true(a.exts.unknown);
	assert_int_equal(a.exts.unknown_type, 20);
	assert_int_equal(pe.off, 20);
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708 7f00" MOB_F_COA, &a, NULL),
	    MIP_ERR_UNKNOWN_EXT);
	/* a registration-space type means nothing here */
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA
		       "2014 00000100 000102030405060708090a0b0c0d0e0f",
		&a, NULL),
	    MIP_ERR_UNKNOWN_EXT);
	/* overruns, bad lengths, repeats */
	assert_int_equal(decode_hex("0900 0000 0000 0708 100e 0000 0258 1000"
				    "c0000202",
			     &a, NULL),
	    MIP_ERR_SHORT);
	assert_int_equal(decode_hex("0900 0000 0000 0708 1007 0000 0258 1000"
				    "c0",
			     &a, NULL),
	    MIP_ERR_MALFORMED);
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA "1003", &a, NULL),
	    MIP_ERR_SHORT);
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA MOB_F_COA, &a, &pe),
	    MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 20);
	assert_int_equal(decode_hex("0900 0000 0000 0708" MOB_F_COA
				    "1804 01020304 1804 01020304",
			     &a, NULL),
	    MIP_ERR_MALFORMED);
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA "1803 010203", &a, NULL),
	    MIP_ERR_MALFORMED);
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708" MOB_F_COA "1300 1300", &a, NULL),
	    MIP_ERR_MALFORMED);
	/* several pads are tolerated and kept */
	n = hex_decode("0900 0000 0000 0708 00" MOB_F_COA "0000", m, sizeof(m));
	fix_csum(m, n);
	assert_reencodes(m, n, &a);
	assert_int_equal(a.exts.n, 4);
	/* a plain router advertisement with only skippable extensions */
	n = hex_decode(
	    "0900 0000 0102 0708 c0000201 00000000 8001 ee", m, sizeof(m));
	fix_csum(m, n);
	assert_reencodes(m, n, &a);
	assert_false(a.is_agent);
}

static void
test_check(void **state)
{
	struct mip_adv a;

	(void)state;
	fill_adv(&a, 1, 1);
	assert_int_equal(mip_adv_check(&a), MIP_ADV_OK);
	a.mob.flags = MIP_ADV_F_F;
	a.mob.n_coa = 0;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_F_WITHOUT_COA);
	a.mob.flags = MIP_ADV_F_H;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_OK);
	a.mob.flags = MIP_ADV_F_M | MIP_ADV_F_G;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_NO_ROLE);
	a.mob.flags = MIP_ADV_F_H | MIP_ADV_F_B;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_B_WITHOUT_F);
	a.mob.flags = MIP_ADV_F_H | MIP_ADV_F_R;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_R_WITHOUT_F);
	a.mob.flags = MIP_ADV_F_R | MIP_ADV_F_B | MIP_ADV_F_F;
	a.mob.n_coa = 1;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_OK);
	a.is_agent = false;
	assert_int_equal(mip_adv_check(&a), MIP_ADV_NOT_AGENT);
	assert_string_equal(mip_adv_fault_str(MIP_ADV_F_WITHOUT_COA),
	    "F set without a care-of address");
	/* decoded: an F advertisement without a CoA still decodes */
	assert_int_equal(
	    decode_hex("0900 0000 0000 0708 1006 0000 0258 1000", &a, NULL), 0);
	assert_int_equal(mip_adv_check(&a), MIP_ADV_F_WITHOUT_COA);
	/* reserved bits are kept, not judged (RFC 5944 2.4) */
	assert_int_equal(decode_hex("0900 0000 0000 0708 100a 0000 0258 301f"
				    "c0000202",
			     &a, NULL),
	    0);
	assert_int_equal(a.mob.flags & MIP_ADV_F_RESERVED, 0x1f);
	assert_int_equal(mip_adv_check(&a), MIP_ADV_OK);
}

static void
test_smooth_handoff(void **state)
{
	struct mip_adv a;
	struct mip_profile p = mip_profile_default;

	(void)state;
	fill_adv(&a, 0, 1);
	a.mob.flags |= 0x0080;
	assert_int_equal(p.s_mask, 0);
	assert_false(mip_adv_offers_s(&a, &p));
	assert_false(mip_adv_offers_s(&a, NULL));
	p.s_mask = 0x0080;
	assert_true(mip_adv_offers_s(&a, &p));
	a.mob.flags &= (uint16_t)~0x0080U;
	assert_false(mip_adv_offers_s(&a, &p));
	a.mob.flags |= 0x0080;
	p.ro = false;
	assert_false(mip_adv_offers_s(&a, &p));
	p.ro = true;
	a.is_agent = false;
	assert_false(mip_adv_offers_s(&a, &p));
}

static void
test_encode_inval(void **state)
{
	static const uint8_t chal[] = { 1, 2, 3 };
	uint8_t buf[1024];
	struct mip_adv a;

	(void)state;
	fill_adv(&a, 1, 1);
	mip_adv_set_order(&a, false);
	a.code = 1;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	fill_adv(&a, 1, 1);
	mip_adv_set_order(&a, false);
	a.entry_size = 1;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	fill_adv(&a, 1, 1);
	mip_adv_set_order(&a, false);
	a.num_addrs = MIP_ADV_ROUTERS_MAX + 1;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	fill_adv(&a, 1, 1);
	a.mob.n_coa = MIP_ADV_COA_MAX + 1;
	mip_adv_set_order(&a, false);
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	/* a plain advertisement needs entries */
	fill_adv(&a, 0, 0);
	a.is_agent = false;
	mip_adv_set_order(&a, false);
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	/* prefix length, challenge length */
	fill_adv(&a, 1, 1);
	a.has_prefix = true;
	a.prefix_len[0] = 33;
	mip_adv_set_order(&a, false);
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	fill_adv(&a, 1, 1);
	a.challenge = chal;
	a.challenge_len = sizeof(chal);
	mip_adv_set_order(&a, false);
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	/* order disagreeing with the typed fields */
	fill_adv(&a, 1, 1);
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	mip_adv_set_order(&a, false);
	a.exts.e[1] = a.exts.e[0];
	a.exts.n = 2;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	a.exts.e[1].type = 20;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	a.exts.e[1].type = 200;
	a.exts.e[1].len = 3;
	a.exts.e[1].body = NULL;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
	a.exts.e[1].body = chal;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), 8 + 8 + 12 + 5);
	a.exts.e[1].type = MIP_ICMPEXT_PREFIX_LENGTHS;
	assert_int_equal(mip_adv_encode(buf, sizeof(buf), &a), MIP_ERR_INVAL);
}

static void
test_flag_names(void **state)
{
	static const char order[] = "RBHFMGrTUXI";
	unsigned prev = 0x10000, all = 0;
	size_t i;

	(void)state;
	for (i = 0; mip_adv_flag_names[i].name != NULL; i++) {
		assert_true(mip_adv_flag_names[i].mask < prev);
		prev = mip_adv_flag_names[i].mask;
		all |= prev;
		assert_int_equal(mip_adv_flag_names[i].name[0], order[i]);
		assert_int_equal(mip_adv_flag_names[i].name[1], '\0');
	}
	assert_int_equal(i, strlen(order));
	assert_int_equal(all | MIP_ADV_F_RESERVED, 0xffff);
	assert_int_equal(mip_adv_flag_names[3].mask, MIP_ADV_F_F);
	assert_int_equal(mip_adv_flag_names[8].mask, 0x0080);
}

static void
test_solicitation(void **state)
{
	uint8_t m[32], out[32];
	size_t n = hex_decode("0a00 f5ff 00000000", m, sizeof(m));
	struct mip_sol s, t;
	struct mip_perr pe = { 0, NULL };
	size_t cut;

	(void)state;
	/* checksum by hand: ~0x0a00 = 0xf5ff */
	assert_int_equal(ref_sum(m, n), 0xffff);
	assert_int_equal(mip_sol_decode(&s, m, n, &pe), 0);
	assert_true(s.checksum_ok);
	assert_int_equal(s.reserved, 0);
	assert_int_equal(s.extra_len, 0);
	memset(&t, 0, sizeof(t));
	assert_int_equal(mip_sol_encode(out, sizeof(out), &t), 8);
	assert_hex_equal(out, 8, "0a00f5ff00000000");
	for (cut = 0; cut < n; cut++) {
		assert_int_equal(
		    mip_sol_decode(&s, m, cut, &pe), MIP_ERR_SHORT);
		assert_int_equal(mip_sol_encode(out, cut, &t), MIP_ERR_NOBUF);
	}
#ifndef MIP_FUZZING
	m[7] = 1;
	assert_int_equal(mip_sol_decode(&s, m, n, &pe), MIP_ERR_CHECKSUM);
	m[7] = 0;
#endif
	m[1] = 1;
	fix_csum(m, n);
	assert_int_equal(mip_sol_decode(&s, m, n, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 1);
	m[0] = 9;
	m[1] = 0;
	fix_csum(m, n);
	assert_int_equal(mip_sol_decode(&s, m, n, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 0);
	/* reserved is ignored but kept; longer messages are accepted */
	n = hex_decode("0a00 0000 12345678 abcdef", m, sizeof(m));
	fix_csum(m, n);
	assert_int_equal(mip_sol_decode(&s, m, n, NULL), 0);
	assert_int_equal(s.reserved, 0x12345678);
	assert_int_equal(s.extra_len, 3);
	assert_int_equal(mip_sol_encode(out, sizeof(out), &s), n);
	assert_memory_equal(out, m, n);
	assert_int_equal(mip_sol_decode(&t, out, n, NULL), 0);
	assert_int_equal(t.reserved, s.reserved);
	assert_memory_equal(t.extra, s.extra, 3);
	s.extra = NULL;
	assert_int_equal(mip_sol_encode(out, sizeof(out), &s), MIP_ERR_INVAL);
	/* the other words sum to 0xffff: checksum 0x0000 and 0xffff both
	 * verify, and the received form is kept (found by fuzz_adv) */
	n = hex_decode("0a00 ffff ffffffff f5ff 00000000", m, sizeof(m));
	assert_int_equal(ref_sum(m, n), 0xffff);
	assert_int_equal(mip_sol_decode(&s, m, n, NULL), 0);
	assert_int_equal(mip_sol_encode(out, sizeof(out), &s), n);
	assert_memory_equal(out, m, n);
	s.checksum = 0;
	assert_int_equal(mip_sol_encode(out, sizeof(out), &s), n);
	assert_int_equal(mip_get_be16(out + 2), 0);
	assert_int_equal(mip_sol_decode(&t, out, n, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat),
		cmocka_unit_test(test_roundtrip_counts),
		cmocka_unit_test(test_preference_sign),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_code_and_type),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_wide_entries),
		cmocka_unit_test(test_prefix_lengths),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_smooth_handoff),
		cmocka_unit_test(test_encode_inval),
		cmocka_unit_test(test_flag_names),
		cmocka_unit_test(test_solicitation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
