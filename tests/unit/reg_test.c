/* SPDX-License-Identifier: ISC */
/*
 * Registration Request and Reply codecs, the port 434 dispatcher, the
 * typed base extension bodies, and the reply-code and flag name tables.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_names.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

/* Spec sheet 4.6: derived RRQ, HMAC-MD5 MN-HA authenticator. */
static const char kat_rrq[] = "01020708c000020ac0000201c6336401e8a1b2c300000001"
			      "201400000100c611c9c823a2f100f5667498f315cc4d";
/* Spec sheet 4.6: the matching RRP's covered bytes and HMAC-MD5. */
static const char kat_rrp[] = "03000708c000020ac0000201e8a1b2c300000001"
			      "20140000010068d8ba5d6520381b4f696d28f3fbaf8c";

#define HEX_AUTH16_00 "000102030405060708090a0b0c0d0e0f"
#define HEX_NAI "830e 6d6e406578616d706c652e6f7267" /* mn@example.org */
#define HEX_CVSE "2600 0008 00000009 0102 6162"
#define HEX_NVSE "8609 0000 00001234 0007 99"
#define HEX_MNHA "2014 00000100 " HEX_AUTH16_00
#define HEX_CHAL "8408 0102030405060708"

/* A request with every extension a request may carry (RFC 5944 3.6.1.3
 * order: HA's, MN-HA auth, FA's, MN-FA auth). */
static const char full_rrq[] =
    "01220708 c000020a c0000201 c6336401 e8a1b2c3 00000001" HEX_NAI
    "9006 00008004 0000" HEX_CVSE HEX_NVSE HEX_MNHA "8200" HEX_CHAL
    "2401 0014 00000102 11111111111111111111111111111111"
    "c802 abcd"
    "2114 00000101 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/* A reply with every extension a reply may carry. */
static const char full_rrp[] =
    "03000708 c000020a c0000201 e8a1b2c3 00000001"
    "2c06 0000 8000 006e"
    "9106 01 686920c3a9" HEX_NAI HEX_CVSE HEX_NVSE HEX_MNHA HEX_CHAL
    "2214 00000103 55555555555555555555555555555555";

static const uint8_t auth00[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	13, 14, 15 };
static const uint8_t chal8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static struct mip_ext
mkext(uint8_t type, enum mip_ext_fmt fmt, uint8_t subtype, const uint8_t *body,
    uint16_t len)
{
	struct mip_ext e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.fmt = (uint8_t)fmt;
	e.subtype = subtype;
	e.body = body;
	e.len = len;
	return e;
}

static void
test_kat_rrq(void **state)
{
	uint8_t m[64], out[64];
	size_t n = hex_decode(kat_rrq, m, sizeof(m));
	struct mip_reg_req rq;
	struct mip_ext_auth a;
	mip_ssize k;

	(void)state;
	assert_int_equal(n, 46);
	assert_int_equal(mip_reg_req_decode(&rq, m, n, NULL, NULL), 0);
	assert_int_equal(rq.flags, MIP_RRQ_F_T);
	assert_int_equal(rq.lifetime, 1800);
	assert_true(mip_ip4_eq(rq.home_addr, mip_ip4_make(192, 0, 2, 10)));
	assert_true(mip_ip4_eq(rq.ha_addr, mip_ip4_make(192, 0, 2, 1)));
	assert_true(mip_ip4_eq(rq.coa, mip_ip4_make(198, 51, 100, 1)));
	assert_true(rq.ident == 0xe8a1b2c300000001ULL);
	assert_int_equal(rq.exts.n, 1);
	assert_int_equal(rq.exts.e[0].type, MIP_EXT_MN_HA_AUTH);
	assert_int_equal(mip_ext_auth_covered(&rq.exts.e[0]), 30);
	assert_int_equal(mip_ext_auth_decode(&a, &rq.exts.e[0], NULL), 0);
	assert_int_equal(a.type, MIP_EXT_MN_HA_AUTH);
	assert_int_equal(a.subtype, 0);
	assert_int_equal(a.spi, 256);
	assert_int_equal(a.auth_len, 16);
	assert_hex_equal(
	    a.authenticator, a.auth_len, "c611c9c823a2f100f5667498f315cc4d");
	assert_int_equal(mip_reg_req_reserved(&rq, NULL), 0);
	assert_int_equal(mip_msg_kind(m, n, NULL), MIP_MSG_KIND_REG_REQ);

	k = mip_reg_req_encode(out, sizeof(out), &rq);
	assert_int_equal(k, (mip_ssize)n);
	assert_hex_equal(out, (size_t)k, kat_rrq);
}

static void
test_kat_rrp(void **state)
{
	uint8_t m[64], out[64];
	size_t n = hex_decode(kat_rrp, m, sizeof(m));
	struct mip_reg_rep rp;
	mip_ssize k;

	(void)state;
	assert_int_equal(mip_reg_rep_decode(&rp, m, n, NULL, NULL), 0);
	assert_int_equal(rp.code, MIP_CODE_ACCEPTED);
	assert_int_equal(rp.lifetime, 1800);
	assert_true(mip_ip4_eq(rp.home_addr, mip_ip4_make(192, 0, 2, 10)));
	assert_true(mip_ip4_eq(rp.ha_addr, mip_ip4_make(192, 0, 2, 1)));
	assert_true(rp.ident == 0xe8a1b2c300000001ULL);
	assert_int_equal(rp.exts.n, 1);
	assert_int_equal(mip_ext_auth_covered(&rp.exts.e[0]), 26);
	assert_int_equal(mip_msg_kind(m, n, NULL), MIP_MSG_KIND_REG_REP);
	k = mip_reg_rep_encode(out, sizeof(out), &rp);
	assert_int_equal(k, (mip_ssize)n);
	assert_memory_equal(out, m, n);
}

/* Builds full_rrq's extension area with the typed encoders. */
static void
build_req_exts(struct mip_wbuf *w)
{
	static const uint8_t g[16] = { 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
		0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11 };
	static const uint8_t fa[16] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
		0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa };
	static const uint8_t unk[2] = { 0xab, 0xcd };
	const struct mip_ext_nai nai = { (const uint8_t *)"mn@example.org",
		14 };
	const struct mip_ext_udp_tun_req utr = { 0, MIP_UDPTUN_REQ_F_F,
		MIP_UDPTUN_ENCAP_IPIP };
	const struct mip_ext_vse cvse = { MIP_EXT_CVSE, 0, 9, 0x0102,
		(const uint8_t *)"ab", 2 };
	const struct mip_ext_vse nvse = { MIP_EXT_NVSE, 0, 0x1234, 7,
		(const uint8_t *)"\x99", 1 };
	const struct mip_ext_auth mnha = { MIP_EXT_MN_HA_AUTH, 0, 0x100, auth00,
		16 };
	const struct mip_ext_challenge ch = { chal8, 8 };
	const struct mip_ext_auth gen = { MIP_EXT_GEN_AUTH, MIP_GEN_AUTH_MN_AAA,
		0x102, g, 16 };
	const struct mip_ext_auth mnfa = { MIP_EXT_MN_FA_AUTH, 0, 0x101, fa,
		16 };

	assert_int_equal(mip_ext_nai_encode(w, &nai), 0);
	assert_int_equal(mip_ext_udp_tun_req_encode(w, &utr), 0);
	assert_int_equal(mip_ext_vse_encode(w, &cvse), 0);
	assert_int_equal(mip_ext_vse_encode(w, &nvse), 0);
	assert_int_equal(mip_ext_auth_encode(w, &mnha), 0);
	assert_int_equal(mip_ext_encap_delivery_encode(w), 0);
	assert_int_equal(mip_ext_challenge_encode(w, &ch), 0);
	assert_int_equal(mip_ext_auth_encode(w, &gen), 0);
	assert_int_equal(mip_ext_put(w, MIP_EXT_FMT_TLV, 200, 0, unk, 2), 0);
	assert_int_equal(mip_ext_auth_encode(w, &mnfa), 0);
}

static void
build_rep_exts(struct mip_wbuf *w)
{
	static const uint8_t fh[16] = { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
		0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };
	const struct mip_ext_udp_tun_rep utr = { 0, MIP_UDPTUN_REP_F_F, 110 };
	const struct mip_ext_msg_string ms = { MIP_MSGSTR_HA,
		(const uint8_t *)"hi \xc3\xa9", 5 };
	const struct mip_ext_nai nai = { (const uint8_t *)"mn@example.org",
		14 };
	const struct mip_ext_vse cvse = { MIP_EXT_CVSE, 0, 9, 0x0102,
		(const uint8_t *)"ab", 2 };
	const struct mip_ext_vse nvse = { MIP_EXT_NVSE, 0, 0x1234, 7,
		(const uint8_t *)"\x99", 1 };
	const struct mip_ext_auth mnha = { MIP_EXT_MN_HA_AUTH, 0, 0x100, auth00,
		16 };
	const struct mip_ext_challenge ch = { chal8, 8 };
	const struct mip_ext_auth faha = { MIP_EXT_FA_HA_AUTH, 0, 0x103, fh,
		16 };

	assert_int_equal(mip_ext_udp_tun_rep_encode(w, &utr), 0);
	assert_int_equal(mip_ext_msg_string_encode(w, &ms), 0);
	assert_int_equal(mip_ext_nai_encode(w, &nai), 0);
	assert_int_equal(mip_ext_vse_encode(w, &cvse), 0);
	assert_int_equal(mip_ext_vse_encode(w, &nvse), 0);
	assert_int_equal(mip_ext_auth_encode(w, &mnha), 0);
	assert_int_equal(mip_ext_challenge_encode(w, &ch), 0);
	assert_int_equal(mip_ext_auth_encode(w, &faha), 0);
}

static void
test_full_request(void **state)
{
	uint8_t m[256], out[256];
	size_t n = hex_decode(full_rrq, m, sizeof(m));
	struct mip_reg_req rq, rq2;
	struct mip_wbuf w;
	struct mip_ext_nai nai;
	struct mip_ext_udp_tun_req utr;
	struct mip_ext_vse v;
	struct mip_ext_auth a;
	struct mip_ext_challenge ch;
	mip_ssize k;

	(void)state;
	/* The typed encoders produce the known bytes. */
	memset(&rq, 0, sizeof(rq));
	rq.flags = MIP_RRQ_F_D | MIP_RRQ_F_T;
	rq.lifetime = 1800;
	rq.home_addr = mip_ip4_make(192, 0, 2, 10);
	rq.ha_addr = mip_ip4_make(192, 0, 2, 1);
	rq.coa = mip_ip4_make(198, 51, 100, 1);
	rq.ident = 0xe8a1b2c300000001ULL;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_reg_req_encode(out, sizeof(out), &rq), 24);
	w.off = 24;
	build_req_exts(&w);
	assert_int_equal(w.off, n);
	assert_memory_equal(out, m, n);

	assert_int_equal(mip_reg_req_decode(&rq, m, n, NULL, NULL), 0);
	assert_int_equal(rq.flags, 0x22);
	assert_int_equal(rq.exts.n, 10);
	assert_int_equal(mip_ext_nai_decode(&nai, &rq.exts.e[0], NULL), 0);
	assert_int_equal(nai.len, 14);
	assert_memory_equal(nai.nai, "mn@example.org", 14);
	assert_int_equal(
	    mip_ext_udp_tun_req_decode(&utr, &rq.exts.e[1], NULL), 0);
	assert_int_equal(utr.flags, MIP_UDPTUN_REQ_F_F);
	assert_int_equal(utr.encap, MIP_UDPTUN_ENCAP_IPIP);
	assert_int_equal(utr.reserved1, 0);
	assert_int_equal(mip_ext_vse_decode(&v, &rq.exts.e[2], NULL), 0);
	assert_int_equal(v.type, MIP_EXT_CVSE);
	assert_int_equal(v.org_id, 9);
	assert_int_equal(v.vendor_type, 0x0102);
	assert_int_equal(v.value_len, 2);
	assert_memory_equal(v.value, "ab", 2);
	assert_int_equal(mip_ext_vse_decode(&v, &rq.exts.e[3], NULL), 0);
	assert_int_equal(v.type, MIP_EXT_NVSE);
	assert_int_equal(v.org_id, 0x1234);
	assert_int_equal(v.vendor_type, 7);
	assert_int_equal(v.value_len, 1);
	assert_int_equal(mip_ext_auth_decode(&a, &rq.exts.e[4], NULL), 0);
	assert_int_equal(a.spi, 0x100);
	assert_int_equal(mip_ext_encap_delivery_decode(&rq.exts.e[5], NULL), 0);
	assert_int_equal(mip_ext_challenge_decode(&ch, &rq.exts.e[6], NULL), 0);
	assert_int_equal(ch.len, 8);
	assert_memory_equal(ch.challenge, chal8, 8);
	assert_int_equal(mip_ext_auth_decode(&a, &rq.exts.e[7], NULL), 0);
	assert_int_equal(a.type, MIP_EXT_GEN_AUTH);
	assert_int_equal(a.subtype, MIP_GEN_AUTH_MN_AAA);
	assert_int_equal(a.spi, 0x102);
	assert_int_equal(a.auth_len, 16);
	/* RFC 4721 3.2: covers through Type, Subtype, Length and SPI. */
	assert_int_equal(
	    mip_ext_auth_covered(&rq.exts.e[7]), rq.exts.e[7].off + 8);
	assert_int_equal(rq.exts.e[8].type, 200);
	assert_true(rq.exts.e[8].flags & MIP_EXT_F_UNKNOWN);
	assert_int_equal(mip_ext_auth_decode(&a, &rq.exts.e[9], NULL), 0);
	assert_int_equal(a.type, MIP_EXT_MN_FA_AUTH);
	assert_int_equal(a.spi, 0x101);

	/* encode(decode(b)) == b and decode(encode(x)) == x */
	k = mip_reg_req_encode(out, sizeof(out), &rq);
	assert_int_equal(k, (mip_ssize)n);
	assert_memory_equal(out, m, n);
	assert_int_equal(mip_reg_req_decode(&rq2, out, n, NULL, NULL), 0);
	assert_int_equal(rq2.flags, rq.flags);
	assert_true(rq2.ident == rq.ident);
	assert_true(mip_ip4_eq(rq2.coa, rq.coa));
	assert_true(mip_exts_equal(&rq.exts, &rq2.exts));
}

static void
test_full_reply(void **state)
{
	uint8_t m[256], out[256];
	size_t n = hex_decode(full_rrp, m, sizeof(m));
	struct mip_reg_rep rp, rp2;
	struct mip_wbuf w;
	struct mip_ext_udp_tun_rep utr;
	struct mip_ext_msg_string ms;
	struct mip_ext_auth a;
	mip_ssize k;

	(void)state;
	memset(&rp, 0, sizeof(rp));
	rp.lifetime = 1800;
	rp.home_addr = mip_ip4_make(192, 0, 2, 10);
	rp.ha_addr = mip_ip4_make(192, 0, 2, 1);
	rp.ident = 0xe8a1b2c300000001ULL;
	assert_int_equal(mip_reg_rep_encode(out, sizeof(out), &rp), 20);
	mip_wbuf_init(&w, out, sizeof(out));
	w.off = 20;
	build_rep_exts(&w);
	assert_int_equal(w.off, n);
	assert_memory_equal(out, m, n);

	assert_int_equal(mip_reg_rep_decode(&rp, m, n, NULL, NULL), 0);
	assert_int_equal(rp.exts.n, 8);
	assert_int_equal(
	    mip_ext_udp_tun_rep_decode(&utr, &rp.exts.e[0], NULL), 0);
	assert_int_equal(utr.reply_code, 0);
	assert_int_equal(utr.flags, MIP_UDPTUN_REP_F_F);
	assert_int_equal(utr.keepalive, 110);
	assert_int_equal(
	    mip_ext_msg_string_decode(&ms, &rp.exts.e[1], NULL), 0);
	assert_int_equal(ms.subtype, MIP_MSGSTR_HA);
	assert_int_equal(ms.len, 5);
	assert_memory_equal(ms.text, "hi \xc3\xa9", 5);
	assert_int_equal(mip_ext_auth_decode(&a, &rp.exts.e[7], NULL), 0);
	assert_int_equal(a.type, MIP_EXT_FA_HA_AUTH);
	assert_int_equal(a.spi, 0x103);

	k = mip_reg_rep_encode(out, sizeof(out), &rp);
	assert_int_equal(k, (mip_ssize)n);
	assert_memory_equal(out, m, n);
	assert_int_equal(mip_reg_rep_decode(&rp2, out, n, NULL, NULL), 0);
	assert_int_equal(rp2.code, rp.code);
	assert_true(mip_exts_equal(&rp.exts, &rp2.exts));
}

/* Every prefix fails cleanly or is a valid message with fewer extensions. */
static void
test_truncation(void **state)
{
	uint8_t m[256];
	size_t n, i;

	(void)state;
	n = hex_decode(full_rrq, m, sizeof(m));
	for (i = 0; i < n; i++) {
		struct mip_reg_req rq;
		struct mip_perr pe = { 0, NULL };
		int rc = mip_reg_req_decode(&rq, m, i, NULL, &pe);

		if (i < MIP_REG_REQ_LEN) {
			assert_int_equal(rc, MIP_ERR_SHORT);
		} else if (rc == 0) {
			assert_true(rq.exts.n < 10);
		} else {
			assert_true(
			    rc == MIP_ERR_SHORT || rc == MIP_ERR_MALFORMED);
			assert_true(pe.off <= i);
			assert_non_null(pe.reason);
		}
	}
	n = hex_decode(full_rrp, m, sizeof(m));
	for (i = 0; i < n; i++) {
		struct mip_reg_rep rp;
		struct mip_perr pe = { 0, NULL };
		int rc = mip_reg_rep_decode(&rp, m, i, NULL, &pe);

		if (i < MIP_REG_REP_LEN) {
			assert_int_equal(rc, MIP_ERR_SHORT);
		} else if (rc == 0) {
			assert_true(rp.exts.n < 8);
		} else {
			assert_true(
			    rc == MIP_ERR_SHORT || rc == MIP_ERR_MALFORMED);
			assert_true(pe.off <= i);
		}
	}
}

/* Every capacity below the message size gives MIP_ERR_NOBUF. */
static void
test_encode_nobuf(void **state)
{
	uint8_t m[256], out[256];
	size_t n = hex_decode(full_rrq, m, sizeof(m)), cap;
	struct mip_reg_req rq;
	struct mip_reg_rep rp;

	(void)state;
	assert_int_equal(mip_reg_req_decode(&rq, m, n, NULL, NULL), 0);
	for (cap = 0; cap < n; cap++)
		assert_int_equal(
		    mip_reg_req_encode(out, cap, &rq), MIP_ERR_NOBUF);
	n = hex_decode(full_rrp, m, sizeof(m));
	assert_int_equal(mip_reg_rep_decode(&rp, m, n, NULL, NULL), 0);
	for (cap = 0; cap < n; cap++)
		assert_int_equal(
		    mip_reg_rep_encode(out, cap, &rp), MIP_ERR_NOBUF);
}

static void
test_overrun(void **state)
{
	uint8_t m[128];
	struct mip_reg_req rq;
	struct mip_reg_rep rp;
	struct mip_perr pe = { 0, NULL };
	size_t n;

	(void)state;
	/* MN-HA auth claims 20 octets, carries 16 */
	n = hex_decode("01000708c000020ac0000201c6336401e8a1b2c300000001"
		       "2014 00000100 000102030405060708090a0b",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, NULL, &pe), MIP_ERR_SHORT);
	assert_int_equal(pe.off, 24);
	/* a lone Type octet */
	n = hex_decode("01000708c000020ac0000201c6336401e8a1b2c300000001"
		       "83",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, NULL, &pe), MIP_ERR_SHORT);
	/* a long-format length overrunning */
	n = hex_decode("03000708c000020ac0000201e8a1b2c300000001"
		       "2401 0100 00000100",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_rep_decode(&rp, m, n, NULL, &pe), MIP_ERR_SHORT);
	/* an auth length below the bounds */
	n = hex_decode("01000708c000020ac0000201c6336401e8a1b2c300000001"
		       "2004 00000100",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, NULL, &pe), MIP_ERR_MALFORMED);
}

static void
test_unknown_extensions(void **state)
{
	uint8_t m[128];
	struct mip_reg_req rq;
	struct mip_reg_rep rp;
	struct mip_perr pe = { 0, NULL };
	size_t n;

	(void)state;
	/* RFC 5944 1.9: < 128 unknown: error, fixed part filled. */
	n = hex_decode("01800708c000020ac0000201c6336401e8a1b2c300000001"
		       "830161 7f02 0102",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, NULL, &pe), MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(pe.off, 27);
	assert_true(rq.exts.unknown);
	assert_int_equal(rq.exts.unknown_type, 0x7f);
	assert_int_equal(rq.exts.unknown_off, 27);
	assert_int_equal(rq.flags, MIP_RRQ_F_S);
	assert_int_equal(rq.lifetime, 1800);
	assert_true(mip_ip4_eq(rq.home_addr, mip_ip4_make(192, 0, 2, 10)));
	assert_true(mip_ip4_eq(rq.ha_addr, mip_ip4_make(192, 0, 2, 1)));
	assert_true(mip_ip4_eq(rq.coa, mip_ip4_make(198, 51, 100, 1)));
	assert_true(rq.ident == 0xe8a1b2c300000001ULL);
	assert_int_equal(rq.exts.n, 1);

	n = hex_decode("03860708c000020ac0000201e8a1b2c300000001"
		       "0102 03",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_rep_decode(&rp, m, n, NULL, NULL), MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(rp.code, MIP_CODE_HA_BAD_REQ);
	assert_true(rp.ident == 0xe8a1b2c300000001ULL);
	assert_int_equal(rp.exts.unknown_type, 1);

	/* a known type in the wrong message: UDP Tunnel Reply (44) in a
	 * request is non-skippable and unrecognised there */
	n = hex_decode("01000708c000020ac0000201c6336401e8a1b2c300000001"
		       "2c06 0000 0000 0000",
	    m, sizeof(m));
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, NULL, NULL), MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(rq.exts.unknown_type, MIP_EXT_UDP_TUN_REP);

	/* >= 128 unknown: skipped, and re-encoded verbatim */
	n = hex_decode("01000708c000020ac0000201c6336401e8a1b2c300000001"
		       "ff03 010203 9102 0161",
	    m, sizeof(m));
	assert_int_equal(mip_reg_req_decode(&rq, m, n, NULL, NULL), 0);
	assert_int_equal(rq.exts.n, 2);
	assert_true(rq.exts.e[0].flags & MIP_EXT_F_UNKNOWN);
	/* Message String (145) is reply-only: skippable in a request */
	assert_true(rq.exts.e[1].flags & MIP_EXT_F_UNKNOWN);
}

/* optim-07 5.1: the PFANE (96) exists only with Route Optimization. */
static void
test_ro_profile_decode(void **state)
{
	uint8_t m[128];
	struct mip_profile off = mip_profile_default;
	struct mip_reg_req rq;
	size_t n;

	(void)state;
	off.ro = false;
	n = hex_decode("01000708c000020ac0000201c6336401e8a1b2c300000001"
		       "601e 00000100 c0000202 000a 00000000"
		       "000102030405060708090a0b0c0d0e0f",
	    m, sizeof(m));
	assert_int_equal(mip_reg_req_decode(&rq, m, n, NULL, NULL), 0);
	assert_int_equal(rq.exts.n, 1);
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, &off, NULL), MIP_ERR_UNKNOWN_EXT);
	assert_int_equal(rq.exts.unknown_type, MIP_EXT_PFANE);
	assert_true(rq.ident == 0xe8a1b2c300000001ULL);
}

static void
test_wrong_type(void **state)
{
	uint8_t m[64];
	size_t n = hex_decode(kat_rrq, m, sizeof(m));
	struct mip_reg_rep rp;
	struct mip_reg_req rq;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(
	    mip_reg_rep_decode(&rp, m, n, NULL, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 0);
	m[0] = 2;
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, n, NULL, NULL), MIP_ERR_MALFORMED);
	assert_int_equal(
	    mip_reg_req_decode(&rq, m, 0, NULL, NULL), MIP_ERR_SHORT);
}

/* RFC 5944 3.7.2.1, 3.8.2.3: reserved bits decode; the helper reports. */
static void
test_reserved_bits(void **state)
{
	uint8_t m[64];
	size_t n = hex_decode(kat_rrq, m, sizeof(m));
	struct mip_profile p = mip_profile_default;
	struct mip_reg_req rq;

	(void)state;
	m[1] = 0xff;
	assert_int_equal(mip_reg_req_decode(&rq, m, n, NULL, NULL), 0);
	assert_int_equal(rq.flags, 0xff);
	/* default profile: x is the private bit P */
	assert_int_equal(mip_reg_req_reserved(&rq, NULL), MIP_RRQ_F_R);
	assert_int_equal(mip_reg_req_reserved(&rq, &p), MIP_RRQ_F_R);
	p.ro = false;
	assert_int_equal(
	    mip_reg_req_reserved(&rq, &p), MIP_RRQ_F_R | MIP_RRQ_F_X);
	p.ro = true;
	p.p_mask = 0;
	assert_int_equal(
	    mip_reg_req_reserved(&rq, &p), MIP_RRQ_F_R | MIP_RRQ_F_X);
	rq.flags = MIP_RRQ_F_S | MIP_RRQ_F_B | MIP_RRQ_F_D | MIP_RRQ_F_M |
	    MIP_RRQ_F_G | MIP_RRQ_F_T;
	assert_int_equal(mip_reg_req_reserved(&rq, &p), 0);
}

static void
test_dispatch(void **state)
{
	static const uint8_t b[] = { 0 };
	struct mip_profile p = mip_profile_default;
	unsigned u;
	uint8_t t;

	(void)state;
	assert_int_equal(mip_msg_kind(b, 0, NULL), MIP_MSG_KIND_UNKNOWN);
	for (u = 0; u < 256; u++) {
		enum mip_msg_kind want = MIP_MSG_KIND_UNKNOWN;

		t = (uint8_t)u;
		switch (t) {
		case 1:
			want = MIP_MSG_KIND_REG_REQ;
			break;
		case 3:
			want = MIP_MSG_KIND_REG_REP;
			break;
		case 4:
			want = MIP_MSG_KIND_TUNNEL_DATA;
			break;
		case 16:
			want = MIP_MSG_KIND_BIND_WARN;
			break;
		case 17:
			want = MIP_MSG_KIND_BIND_REQ;
			break;
		case 18:
			want = MIP_MSG_KIND_BIND_UPDATE;
			break;
		case 19:
			want = MIP_MSG_KIND_BIND_ACK;
			break;
		default:
			break;
		}
		assert_int_equal(mip_msg_kind(&t, 1, NULL), want);
		assert_int_equal(mip_msg_kind(&t, 1, &p), want);
	}
	/* RO off: 16-19 are not recognised */
	p.ro = false;
	for (t = 16; t <= 19; t++)
		assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_UNKNOWN);
	t = 1;
	assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_REG_REQ);
	/* renumbered (spec sheet 2.8) */
	p.ro = true;
	p.bw_type = 200;
	p.br_type = 201;
	p.bu_type = 202;
	p.ba_type = 203;
	for (t = 16; t <= 19; t++)
		assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_UNKNOWN);
	t = 200;
	assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_BIND_WARN);
	t = 201;
	assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_BIND_REQ);
	t = 202;
	assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_BIND_UPDATE);
	t = 203;
	assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_BIND_ACK);
	/* a profile cannot take the base numbers */
	p.bu_type = MIP_MSG_TUNNEL_DATA;
	t = MIP_MSG_TUNNEL_DATA;
	assert_int_equal(mip_msg_kind(&t, 1, &p), MIP_MSG_KIND_TUNNEL_DATA);
}

static void
test_ext_auth(void **state)
{
	uint8_t body[80] = { 0, 0, 1, 0, 0xaa };
	uint8_t out[300];
	struct mip_ext e;
	struct mip_ext_auth a;
	struct mip_wbuf w;
	struct mip_perr pe = { 0, NULL };
	uint8_t t;

	(void)state;
	for (t = MIP_EXT_MN_HA_AUTH; t <= MIP_EXT_RO_AUTH; t++) {
		e = mkext(t, MIP_EXT_FMT_TLV, 0, body, 5);
		assert_int_equal(mip_ext_auth_decode(&a, &e, NULL), 0);
		assert_int_equal(a.spi, 0x100);
		assert_int_equal(a.auth_len, 1);
		/* SPI only: no authenticator */
		e.len = 4;
		assert_int_equal(
		    mip_ext_auth_decode(&a, &e, &pe), MIP_ERR_MALFORMED);
		e.len = 3;
		assert_int_equal(
		    mip_ext_auth_decode(&a, &e, NULL), MIP_ERR_MALFORMED);
	}
	/* 36 must be long-format, the others short */
	e = mkext(MIP_EXT_GEN_AUTH, MIP_EXT_FMT_TLV, 0, body, 20);
	assert_int_equal(mip_ext_auth_decode(&a, &e, NULL), MIP_ERR_INVAL);
	e = mkext(MIP_EXT_MN_HA_AUTH, MIP_EXT_FMT_LONG, 0, body, 20);
	assert_int_equal(mip_ext_auth_decode(&a, &e, NULL), MIP_ERR_INVAL);
	e = mkext(MIP_EXT_NAI, MIP_EXT_FMT_TLV, 0, body, 20);
	assert_int_equal(mip_ext_auth_decode(&a, &e, NULL), MIP_ERR_INVAL);
	e = mkext(MIP_EXT_GEN_AUTH, MIP_EXT_FMT_LONG, 7, body, 20);
	assert_int_equal(mip_ext_auth_decode(&a, &e, NULL), 0);
	assert_int_equal(a.subtype, 7);
	assert_int_equal(a.auth_len, 16);

	/* encoder limits */
	mip_wbuf_init(&w, out, sizeof(out));
	a.type = MIP_EXT_MN_HA_AUTH;
	a.subtype = 0;
	a.authenticator = body + 4;
	a.auth_len = 0;
	assert_int_equal(mip_ext_auth_encode(&w, &a), MIP_ERR_INVAL);
	a.auth_len = 252; /* 4 + 252 > 255 */
	assert_int_equal(mip_ext_auth_encode(&w, &a), MIP_ERR_INVAL);
	a.auth_len = 16;
	a.subtype = 1; /* short formats have no subtype */
	assert_int_equal(mip_ext_auth_encode(&w, &a), MIP_ERR_INVAL);
	a.subtype = 0;
	a.type = MIP_EXT_NAI;
	assert_int_equal(mip_ext_auth_encode(&w, &a), MIP_ERR_INVAL);
	assert_int_equal(w.off, 0);
	a.type = MIP_EXT_RO_AUTH;
	mip_wbuf_init(&w, out, 21);
	assert_int_equal(mip_ext_auth_encode(&w, &a), MIP_ERR_NOBUF);
	assert_int_equal(w.off, 0);
	mip_wbuf_init(&w, out, 22);
	assert_int_equal(mip_ext_auth_encode(&w, &a), 0);
	assert_hex_equal(
	    out, w.off, "2314 00000100 aa000000000000000000000000000000");
}

static void
test_ext_simple(void **state)
{
	static const uint8_t body[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t out[16];
	struct mip_ext e;
	struct mip_ext_nai nai;
	struct mip_ext_challenge ch;
	struct mip_wbuf w;

	(void)state;
	/* NAI: not empty */
	e = mkext(MIP_EXT_NAI, MIP_EXT_FMT_TLV, 0, body, 0);
	assert_int_equal(mip_ext_nai_decode(&nai, &e, NULL), MIP_ERR_MALFORMED);
	e.len = 1;
	assert_int_equal(mip_ext_nai_decode(&nai, &e, NULL), 0);
	e.type = MIP_EXT_CHALLENGE;
	assert_int_equal(mip_ext_nai_decode(&nai, &e, NULL), MIP_ERR_INVAL);
	nai.len = 0;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_nai_encode(&w, &nai), MIP_ERR_INVAL);
	/* Challenge: at least 4 */
	e = mkext(MIP_EXT_CHALLENGE, MIP_EXT_FMT_TLV, 0, body, 3);
	assert_int_equal(
	    mip_ext_challenge_decode(&ch, &e, NULL), MIP_ERR_MALFORMED);
	e.len = 4;
	assert_int_equal(mip_ext_challenge_decode(&ch, &e, NULL), 0);
	ch.len = 3;
	assert_int_equal(mip_ext_challenge_encode(&w, &ch), MIP_ERR_INVAL);
	/* Encapsulating Delivery Style: Length 0 only */
	e = mkext(MIP_EXT_ENCAP_DELIVERY, MIP_EXT_FMT_TLV, 0, body, 1);
	assert_int_equal(
	    mip_ext_encap_delivery_decode(&e, NULL), MIP_ERR_MALFORMED);
	e.len = 0;
	assert_int_equal(mip_ext_encap_delivery_decode(&e, NULL), 0);
	mip_wbuf_init(&w, out, 1);
	assert_int_equal(mip_ext_encap_delivery_encode(&w), MIP_ERR_NOBUF);
	mip_wbuf_init(&w, out, 2);
	assert_int_equal(mip_ext_encap_delivery_encode(&w), 0);
	assert_hex_equal(out, w.off, "8200");
}

static void
test_ext_udp_tunnel(void **state)
{
	uint8_t b[8], out[16];
	struct mip_ext e;
	struct mip_ext_udp_tun_req rq;
	struct mip_ext_udp_tun_rep rp;
	struct mip_wbuf w;
	size_t n;

	(void)state;
	/* RFC 3519 3.1: Reserved 1 and 2 are kept, F R read */
	n = hex_decode("00 5a c1 2f 0000", b, sizeof(b));
	e = mkext(MIP_EXT_UDP_TUN_REQ, MIP_EXT_FMT_TLV, 0, b, (uint16_t)n);
	assert_int_equal(mip_ext_udp_tun_req_decode(&rq, &e, NULL), 0);
	assert_int_equal(rq.reserved1, 0x5a);
	assert_int_equal(rq.flags & MIP_UDPTUN_REQ_F_F, MIP_UDPTUN_REQ_F_F);
	assert_int_equal(rq.flags & MIP_UDPTUN_REQ_F_R, MIP_UDPTUN_REQ_F_R);
	assert_int_equal(rq.encap, MIP_UDPTUN_ENCAP_GRE);
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_udp_tun_req_encode(&w, &rq), 0);
	assert_hex_equal(out, w.off, "9006 005ac12f0000");
	/* Reserved 3 nonzero: not understood */
	b[5] = 1;
	assert_int_equal(
	    mip_ext_udp_tun_req_decode(&rq, &e, NULL), MIP_ERR_UNSUPPORTED);
	b[5] = 0;
	b[0] = 1; /* sub-type */
	assert_int_equal(
	    mip_ext_udp_tun_req_decode(&rq, &e, NULL), MIP_ERR_UNSUPPORTED);
	b[0] = 0;
	e.len = 5;
	assert_int_equal(
	    mip_ext_udp_tun_req_decode(&rq, &e, NULL), MIP_ERR_MALFORMED);
	e.len = 7;
	assert_int_equal(
	    mip_ext_udp_tun_req_decode(&rq, &e, NULL), MIP_ERR_MALFORMED);

	/* RFC 3519 3.2 */
	n = hex_decode("00 40 ffff 000a", b, sizeof(b));
	e = mkext(MIP_EXT_UDP_TUN_REP, MIP_EXT_FMT_TLV, 0, b, (uint16_t)n);
	assert_int_equal(mip_ext_udp_tun_rep_decode(&rp, &e, NULL), 0);
	assert_int_equal(rp.reply_code, 64);
	assert_int_equal(rp.flags, 0xffff);
	assert_int_equal(rp.keepalive, 10);
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_udp_tun_rep_encode(&w, &rp), 0);
	assert_hex_equal(out, w.off, "2c06 0040ffff000a");
	b[0] = 2;
	assert_int_equal(
	    mip_ext_udp_tun_rep_decode(&rp, &e, NULL), MIP_ERR_UNSUPPORTED);
	b[0] = 0;
	e.len = 4;
	assert_int_equal(
	    mip_ext_udp_tun_rep_decode(&rp, &e, NULL), MIP_ERR_MALFORMED);
	e.type = MIP_EXT_UDP_TUN_REQ;
	e.len = 6;
	assert_int_equal(
	    mip_ext_udp_tun_rep_decode(&rp, &e, NULL), MIP_ERR_INVAL);
}

static void
test_ext_msg_string(void **state)
{
	static const char *const bad[] = {
		"01 c080",     /* overlong NUL */
		"01 e08080",   /* overlong */
		"01 eda080",   /* surrogate */
		"01 f4908080", /* above U+10FFFF */
		"01 f5",       /* invalid lead */
		"01 e282",     /* truncated */
		"01 80",       /* lone continuation */
		"01 41c3",     /* truncated at the end */
	};
	static const char *const good[] = {
		"01 41",
		"02 e282ac",
		"01 f09f9880",
		"02 c3a9 00 7f",
	};
	uint8_t b[16], out[32];
	struct mip_ext e;
	struct mip_ext_msg_string ms;
	struct mip_wbuf w;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = hex_decode(bad[i], b, sizeof(b));
		e = mkext(
		    MIP_EXT_MSG_STRING, MIP_EXT_FMT_TLV, 0, b, (uint16_t)n);
		assert_int_equal(mip_ext_msg_string_decode(&ms, &e, NULL),
		    MIP_ERR_MALFORMED);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		n = hex_decode(good[i], b, sizeof(b));
		e = mkext(
		    MIP_EXT_MSG_STRING, MIP_EXT_FMT_TLV, 0, b, (uint16_t)n);
		assert_int_equal(mip_ext_msg_string_decode(&ms, &e, NULL), 0);
		assert_int_equal(ms.len, n - 1);
		mip_wbuf_init(&w, out, sizeof(out));
		assert_int_equal(mip_ext_msg_string_encode(&w, &ms), 0);
		assert_int_equal(w.off, n + 2);
		assert_memory_equal(out + 2, b, n);
	}
	/* no text; unknown sub-types */
	n = hex_decode("01", b, sizeof(b));
	e = mkext(MIP_EXT_MSG_STRING, MIP_EXT_FMT_TLV, 0, b, (uint16_t)n);
	assert_int_equal(
	    mip_ext_msg_string_decode(&ms, &e, NULL), MIP_ERR_MALFORMED);
	n = hex_decode("03 41", b, sizeof(b));
	e.len = (uint16_t)n;
	assert_int_equal(
	    mip_ext_msg_string_decode(&ms, &e, NULL), MIP_ERR_UNSUPPORTED);
	b[0] = 0;
	assert_int_equal(
	    mip_ext_msg_string_decode(&ms, &e, NULL), MIP_ERR_UNSUPPORTED);
	/* encoder refuses what the decoder would refuse */
	ms.subtype = 3;
	ms.text = (const uint8_t *)"x";
	ms.len = 1;
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_msg_string_encode(&w, &ms), MIP_ERR_INVAL);
	ms.subtype = MIP_MSGSTR_FA;
	ms.text = (const uint8_t *)"\xc0\x80";
	ms.len = 2;
	assert_int_equal(mip_ext_msg_string_encode(&w, &ms), MIP_ERR_INVAL);
	ms.len = 0;
	assert_int_equal(mip_ext_msg_string_encode(&w, &ms), MIP_ERR_INVAL);
	assert_int_equal(w.off, 0);
}

static void
test_ext_vse(void **state)
{
	uint8_t b[16], out[32];
	struct mip_ext e;
	struct mip_ext_vse v;
	struct mip_wbuf w;
	size_t n;

	(void)state;
	/* CVSE: the Reserved octet is the long format's Sub-Type position */
	n = hex_decode("00000009 0102", b, sizeof(b));
	e = mkext(MIP_EXT_CVSE, MIP_EXT_FMT_LONG, 0x77, b, (uint16_t)n);
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), 0);
	assert_int_equal(v.reserved, 0x77);
	assert_int_equal(v.value_len, 0);
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_vse_encode(&w, &v), 0);
	assert_hex_equal(out, w.off, "2677 0006 00000009 0102");
	e.len = 5;
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), MIP_ERR_MALFORMED);
	e.len = 6;
	b[0] = 1; /* Vendor/Org-ID high octet */
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), MIP_ERR_MALFORMED);
	b[0] = 0;
	e.fmt = MIP_EXT_FMT_TLV;
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), MIP_ERR_INVAL);

	/* NVSE: 16-bit Reserved in the body */
	n = hex_decode("abcd 00000009 0003 ee", b, sizeof(b));
	e = mkext(MIP_EXT_NVSE, MIP_EXT_FMT_TLV, 0, b, (uint16_t)n);
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), 0);
	assert_int_equal(v.reserved, 0xabcd);
	assert_int_equal(v.vendor_type, 3);
	assert_int_equal(v.value_len, 1);
	mip_wbuf_init(&w, out, sizeof(out));
	assert_int_equal(mip_ext_vse_encode(&w, &v), 0);
	assert_hex_equal(out, w.off, "8609 abcd000000090003ee");
	e.len = 7;
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), MIP_ERR_MALFORMED);
	e.type = MIP_EXT_NAI;
	e.len = 9;
	assert_int_equal(mip_ext_vse_decode(&v, &e, NULL), MIP_ERR_INVAL);

	/* encoder limits */
	mip_wbuf_init(&w, out, sizeof(out));
	v.type = MIP_EXT_CVSE;
	v.reserved = 0x100;
	assert_int_equal(mip_ext_vse_encode(&w, &v), MIP_ERR_INVAL);
	v.reserved = 0;
	v.org_id = 0x01000009;
	assert_int_equal(mip_ext_vse_encode(&w, &v), MIP_ERR_INVAL);
	v.org_id = 9;
	v.type = MIP_EXT_NVSE;
	v.value_len = 248; /* 8 + 248 > 255 */
	assert_int_equal(mip_ext_vse_encode(&w, &v), MIP_ERR_INVAL);
	v.type = MIP_EXT_NAI;
	v.value_len = 0;
	assert_int_equal(mip_ext_vse_encode(&w, &v), MIP_ERR_INVAL);
	v.type = MIP_EXT_CVSE;
	mip_wbuf_init(&w, out, 9);
	assert_int_equal(mip_ext_vse_encode(&w, &v), MIP_ERR_NOBUF);
	assert_int_equal(w.off, 0);
}

/* Every reply code in mip_proto.h has a name of its own. */
static void
test_code_names(void **state)
{
	static const uint8_t codes[] = { MIP_CODE_ACCEPTED,
		MIP_CODE_ACCEPTED_NO_SIMUL, MIP_CODE_FA_UNSPECIFIED,
		MIP_CODE_FA_PROHIBITED, MIP_CODE_FA_RESOURCES,
		MIP_CODE_FA_MN_AUTH, MIP_CODE_FA_HA_AUTH, MIP_CODE_FA_LIFETIME,
		MIP_CODE_FA_BAD_REQ, MIP_CODE_FA_BAD_REP, MIP_CODE_FA_ENCAP,
		MIP_CODE_FA_RESERVED, MIP_CODE_FA_RT_UNAVAIL,
		MIP_CODE_FA_RT_MANDATORY, MIP_CODE_FA_TOO_DISTANT,
		MIP_CODE_FA_BAD_COA, MIP_CODE_FA_TIMEOUT,
		MIP_CODE_FA_DELIVERY_STYLE, MIP_CODE_FA_HOME_NET_UNREACH,
		MIP_CODE_FA_HA_HOST_UNREACH, MIP_CODE_FA_HA_PORT_UNREACH,
		MIP_CODE_FA_HA_UNREACH, MIP_CODE_FA_VENDOR,
		MIP_CODE_FA_HA_ADDR_REQD, MIP_CODE_FA_HOMEADDR_REQD,
		MIP_CODE_FA_MISSING_NAI, MIP_CODE_FA_MISSING_HA,
		MIP_CODE_FA_MISSING_HOMEADDR, MIP_CODE_FA_CVSE_1,
		MIP_CODE_FA_CVSE_2, MIP_CODE_FA_UNKNOWN_CHALLENGE,
		MIP_CODE_FA_MISSING_CHALLENGE, MIP_CODE_FA_STALE_CHALLENGE,
		MIP_CODE_FA_MISSING_MN_FA, MIP_CODE_FA_BAD_AAA_AUTH,
		MIP_CODE_FA_HA_WRONG_CHALLENGE, MIP_CODE_FA_BAD_HA_ADDR,
		MIP_CODE_FA_BAD_HA_ADDR_5944, MIP_CODE_FA_EXPERIMENTAL,
		MIP_CODE_HA_UNSPECIFIED, MIP_CODE_HA_PROHIBITED,
		MIP_CODE_HA_RESOURCES, MIP_CODE_HA_MN_AUTH, MIP_CODE_HA_FA_AUTH,
		MIP_CODE_HA_ID_MISMATCH, MIP_CODE_HA_BAD_REQ,
		MIP_CODE_HA_TOO_MANY_BINDINGS, MIP_CODE_HA_UNKNOWN_HA,
		MIP_CODE_HA_RT_UNAVAIL, MIP_CODE_HA_RT_MANDATORY,
		MIP_CODE_HA_ENCAP, MIP_CODE_HA_CVSE_1, MIP_CODE_HA_CVSE_2,
		MIP_CODE_HA_UDP_ENCAP, MIP_CODE_HA_REDIRECT,
		MIP_CODE_HA_BAD_AAA_AUTH, MIP_CODE_HA_EXPERIMENTAL };
	size_t i, j;
	unsigned c;

	(void)state;
	for (i = 0; i < sizeof(codes); i++) {
		const char *nm = mip_code_name(codes[i]);

		assert_non_null(nm);
		assert_null(strstr(nm, "other"));
		assert_string_not_equal(nm, "unassigned");
		/* distinct, except 116 and 194 which mean the same */
		for (j = 0; j < i; j++)
			if (!(codes[i] == MIP_CODE_FA_BAD_HA_ADDR_5944 &&
				codes[j] == MIP_CODE_FA_BAD_HA_ADDR))
				assert_string_not_equal(
				    nm, mip_code_name(codes[j]));
	}
	assert_string_equal(mip_code_name(0), "accepted");
	assert_string_equal(mip_code_name(69), "fa_lifetime_too_long");
	assert_string_equal(mip_code_name(133), "ha_id_mismatch");
	assert_string_equal(mip_code_name(194), mip_code_name(116));
	assert_string_equal(mip_code_name(3), "success_other");
	assert_string_equal(mip_code_name(83), "fa_denied_other");
	assert_string_equal(mip_code_name(160), "ha_denied_other");
	assert_string_equal(mip_code_name(9), "unassigned");
	assert_string_equal(mip_code_name(255), "unassigned");
	for (c = 0; c < 256; c++) {
		assert_non_null(mip_code_name((uint8_t)c));
		assert_int_equal(mip_code_is_success((uint8_t)c), c <= 8);
	}
}

static void
test_other_names(void **state)
{
	static const uint8_t st[] = { MIP_BA_ACCEPTED, MIP_BA_UNSPECIFIED,
		MIP_BA_PROHIBITED, MIP_BA_RESOURCES, MIP_BA_AUTH,
		MIP_BA_ID_MISMATCH, MIP_BA_BAD_BU };
	static const char *const flags = "SBDMGrTx";
	unsigned seen = 0;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(st); i++)
		assert_string_not_equal(
		    mip_ba_status_name(st[i]), "unassigned");
	assert_string_equal(mip_ba_status_name(0), "accepted");
	assert_string_equal(mip_ba_status_name(132), "unassigned");
	for (k = MIP_MSG_KIND_UNKNOWN; k <= MIP_MSG_KIND_BIND_ACK; k++)
		assert_non_null(mip_msg_kind_name((enum mip_msg_kind)k));
	assert_string_equal(
	    mip_msg_kind_name(MIP_MSG_KIND_BIND_UPDATE), "bind_update");
	assert_string_equal(mip_msg_kind_name(MIP_MSG_KIND_UNKNOWN), "unknown");
	/* the flag table runs S..x, most significant first */
	for (i = 0; mip_rrq_flag_names[i].name != NULL; i++) {
		assert_int_equal(mip_rrq_flag_names[i].mask, 0x80U >> i);
		assert_int_equal(mip_rrq_flag_names[i].name[0], flags[i]);
		assert_int_equal(mip_rrq_flag_names[i].name[1], '\0');
		seen |= mip_rrq_flag_names[i].mask;
	}
	assert_int_equal(i, 8);
	assert_int_equal(seen, 0xff);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kat_rrq),
		cmocka_unit_test(test_kat_rrp),
		cmocka_unit_test(test_full_request),
		cmocka_unit_test(test_full_reply),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_encode_nobuf),
		cmocka_unit_test(test_overrun),
		cmocka_unit_test(test_unknown_extensions),
		cmocka_unit_test(test_ro_profile_decode),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_reserved_bits),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_ext_auth),
		cmocka_unit_test(test_ext_simple),
		cmocka_unit_test(test_ext_udp_tunnel),
		cmocka_unit_test(test_ext_msg_string),
		cmocka_unit_test(test_ext_vse),
		cmocka_unit_test(test_code_names),
		cmocka_unit_test(test_other_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
