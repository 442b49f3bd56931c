/* SPDX-License-Identifier: ISC */
/*
 * Home agent registration keys (PAPER 9.3, REGKEY-00 7.2; spec sheet
 * 2.6.3): every case of 9.3 on an accepted registration, the reply layout
 * | RRP | 120 | 121 | 125 | MN-HA | FA-HA |, the 120 encoding checked
 * against the spec's derived vector (its MD5 pad, computed there) and the
 * keys decoded with libmip's other pad code (mip_auth_regkey_decode) or
 * the RSA private key; no key without the FA-HA SA or the public key, and
 * none on a denial or a deregistration.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_keys.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_regkey.h"
#include "mip/mip_sa.h"
#include "test_rsa.h"

/* The spec sheet 2.6.1 example: MN-HA SA (192.0.2.10, 0x200), secret
 * 000102..0f, a reply of code 0, lifetime 1800, from HA 192.0.2.1 with
 * Identification e8a1b2c3 00000001. The FA-HA SAs are ours. */
enum { SA_MN, SA_MN2, SA_FA, SA_FA3, NSAS };

#define HOME_IF 1
#define MN_PORT 434
#define IDENT0 0xe8a1b2c300000001ULL

/* The example's Identification is years from our clock: every SA
 * tolerates it. */
#define TOL 0x7fffffff
static const struct test_sa_def sa_defs[NSAS] = {
	[SA_MN] = { "192.0.2.10", 0x200, MIP_REPLAY_TIMESTAMP, TOL },
	[SA_MN2] = { "192.0.2.11", 0x10000, MIP_REPLAY_TIMESTAMP, TOL },
	[SA_FA] = { "198.51.100.1", 0x300, MIP_REPLAY_TIMESTAMP, TOL },
	[SA_FA3] = { "198.51.100.3", 0x10000, MIP_REPLAY_TIMESTAMP, TOL },
};

/* Spec sheet 2.6.1: regrep up to the 120's key field, and its MD5 pad. */
static const uint8_t vec_regrep[27] = { 0x03, 0x00, 0x07, 0x08, 0xc0, 0x00,
	0x02, 0x0a, 0xc0, 0x00, 0x02, 0x01, 0xe8, 0xa1, 0xb2, 0xc3, 0x00, 0x00,
	0x00, 0x01, 0x78, 0x00, 0x14, 0x00, 0x00, 0x02, 0x00 };
static const uint8_t vec_pad[16] = { 0x41, 0x22, 0x71, 0x43, 0xd7, 0xf1, 0xbc,
	0x41, 0x1f, 0x5c, 0x9e, 0xc1, 0xb4, 0x9f, 0x0b, 0x54 };

struct fx {
	struct harness h;
	struct mip_sa_config sas[NSAS];
	struct mip_ha_mn_config mns[2];
	struct test_ha_node n;
	struct mip_sa *tsa[NSAS];
	struct test_mem tm;
	uint64_t step;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	test_mem_init(&f->tm, 0);
	test_sas_make(sa_defs, NSAS, f->sas, f->tsa, &f->tm.mem);
	f->mns[0] = (struct mip_ha_mn_config){ ip4("192.0.2.10"), 0x200 };
	f->mns[1] = (struct mip_ha_mn_config){ ip4("192.0.2.11"), 0x10000 };
	test_ha_node_init(&f->n, HOME_IF, ip4("192.0.2.1"), 24, NULL, f->mns, 2,
	    f->sas, NSAS);
	f->n.ha.max_lifetime = 1800;
	f->n.cfg.profile = mip_profile_default;
	h_init(&f->h, &f->n.cfg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	h_free(&f->h);
	test_sas_free(f->tsa, NSAS);
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

/* ---- requests ---- */

struct rq {
	uint8_t flags;
	uint16_t lifetime;
	int sa;		      /* MN-HA */
	int fa_sa;	      /* FA-HA, -1: none */
	struct mip_ip4 src;   /* the relaying FA, or the co-located MN */
	struct mip_wbuf pre;  /* extensions before the MN-HA auth */
	struct mip_wbuf post; /* the FA's, after it */
	uint8_t pre_b[64], post_b[1200];
	uint64_t ident;
};

static void
rq_init(struct fx *f, struct rq *r, int sa, int fa_sa)
{
	memset(r, 0, sizeof(*r));
	r->lifetime = 1800;
	r->sa = sa;
	r->fa_sa = fa_sa;
	r->src = fa_sa >= 0 ? f->sas[fa_sa].peer : ip4("198.51.100.50");
	mip_wbuf_init(&r->pre, r->pre_b, sizeof(r->pre_b));
	mip_wbuf_init(&r->post, r->post_b, sizeof(r->post_b));
	/* Each later request's Identification is newer. */
	r->ident = IDENT0 + (f->step++ << 32);
}

static void
send_rq(struct fx *f, const struct rq *r)
{
	uint8_t buf[1500];
	struct mip_reg_req req;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&req, 0, sizeof(req));
	req.flags = r->flags;
	req.lifetime = r->lifetime;
	req.home_addr = f->sas[r->sa].peer;
	req.ha_addr = ip4("192.0.2.1");
	req.coa = r->fa_sa >= 0 ? r->src : ip4("198.51.100.50");
	req.ident = r->ident;
	n = mip_reg_req_encode(buf, sizeof(buf), &req);
	assert_true(n == MIP_REG_REQ_LEN);
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)n;
	assert_int_equal(mip_wbuf_bytes(&w, r->pre.p, r->pre.off), 0);
	assert_int_equal(
	    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->tsa[r->sa]), 0);
	assert_int_equal(mip_wbuf_bytes(&w, r->post.p, r->post.off), 0);
	if (r->fa_sa >= 0)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, f->tsa[r->fa_sa]),
		    0);
	h_udp(
	    &f->h, HOME_IF, r->src, ip4("192.0.2.1"), MN_PORT, 64, buf, w.off);
}

/* ---- the reply ---- */

struct rp {
	const uint8_t *data;
	size_t len;
	struct mip_reg_rep rep;
};

/* The one reply sent, decoded, its authenticators verified. */
static void
get_reply(struct fx *f, const struct rq *r, struct rp *p)
{
	const struct h_action *a = h_find(&f->h, MIP_ACT_SEND, 0);
	const struct mip_ext *e;

	assert_non_null(a);
	assert_null(h_find(&f->h, MIP_ACT_SEND, 1));
	p->data = a->act.u.send.data;
	p->len = a->act.u.send.len;
	assert_int_equal(mip_reg_rep_decode(&p->rep, p->data, p->len,
			     &mip_profile_default, NULL),
	    0);
	e = mip_exts_find(&p->rep.exts, MIP_EXT_MN_HA_AUTH, 0);
	assert_non_null(e);
	assert_int_equal(
	    mip_auth_verify_ext(f->tsa[r->sa], p->data, p->len, e), 0);
	if ((e = mip_exts_find(&p->rep.exts, MIP_EXT_FA_HA_AUTH, 0)) != NULL)
		assert_int_equal(
		    mip_auth_verify_ext(f->tsa[r->fa_sa], p->data, p->len, e),
		    0);
}

/* Asserts the reply's extension types, in order. */
static void
expect_exts(const struct rp *p, const uint8_t *types, size_t n)
{
	size_t i;

	if (p->rep.exts.n != n)
		for (i = 0; i < p->rep.exts.n; i++)
			print_error("ext %zu: %u\n", i, p->rep.exts.e[i].type);
	assert_int_equal(p->rep.exts.n, n);
	for (i = 0; i < n; i++)
		assert_int_equal(p->rep.exts.e[i].type, types[i]);
}

#define EXPECT_EXTS(p, ...)                                                    \
	do {                                                                   \
		static const uint8_t t_[] = { __VA_ARGS__ };                   \
		expect_exts((p), t_, sizeof(t_));                              \
	} while (0)

static void
key_ext(const struct rp *p, uint8_t type, struct mip_ext_regkey_key *x)
{
	const struct mip_ext *e = mip_exts_find(&p->rep.exts, type, 0);

	assert_non_null(e);
	assert_int_equal(mip_ext_regkey_key_decode(x, e, NULL), 0);
}

/* Decodes the 16-octet key of |type| under |sa| with mip_auth.c's pad,
 * not the home agent's (mip_keys.h). */
static void
decode_padded(
    const struct rp *p, uint8_t type, const struct mip_sa *sa, uint8_t key[16])
{
	struct mip_ext_regkey_key x;

	key_ext(p, type, &x);
	assert_int_equal(x.spi, sa->cfg.spi);
	assert_int_equal(x.key_len, 16);
	assert_int_equal(mip_auth_regkey_decode(sa, p->data,
			     (size_t)(x.key - p->data), x.key, 16, key),
	    0);
}

static uint32_t
spi_ext(const struct rp *p)
{
	const struct mip_ext *e = mip_exts_find(&p->rep.exts, MIP_EXT_SPI, 0);
	struct mip_ext_regkey_spi x;

	assert_non_null(e);
	assert_int_equal(mip_ext_regkey_spi_decode(&x, e, NULL), 0);
	return x.spi;
}

/* ---- PAPER 9.3 step 2: 113 and an FA-HA SA ---- */

static void
test_fa_key_request_vector(void **state)
{
	struct fx *f = *state;
	uint8_t key[16], fa_key[16];
	struct rq r;
	struct rp p;
	size_t i;

	rq_init(f, &r, SA_MN, SA_FA);
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	/* REGKEY-00 7.1: the key extensions precede the MN-HA auth. */
	EXPECT_EXTS(&p, MIP_EXT_HM_KEY_REP, MIP_EXT_FA_KEY_REP, MIP_EXT_SPI,
	    MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
	/* Spec 2.6.1: the example's regrep, octet for octet; its pad
	 * uncovers the key the FA-HA SA's 121 carries. */
	assert_true(p.len > sizeof(vec_regrep) + 16);
	assert_memory_equal(p.data, vec_regrep, sizeof(vec_regrep));
	for (i = 0; i < 16; i++)
		key[i] = p.data[sizeof(vec_regrep) + i] ^ vec_pad[i];
	decode_padded(&p, MIP_EXT_FA_KEY_REP, f->tsa[SA_FA], fa_key);
	assert_memory_equal(key, fa_key, 16);
	decode_padded(&p, MIP_EXT_HM_KEY_REP, f->tsa[SA_MN], fa_key);
	assert_memory_equal(key, fa_key, 16);
	/* Contract: the chooser's SPIs start at 0x10000. */
	assert_int_equal(spi_ext(&p), 0x10000);
}

/* Each registration gets a fresh key under the next SPI. */
static void
test_fresh_key_and_spi_each_time(void **state)
{
	struct fx *f = *state;
	uint8_t k1[16], k2[16];
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN, SA_FA);
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	decode_padded(&p, MIP_EXT_HM_KEY_REP, f->tsa[SA_MN], k1);
	assert_int_equal(spi_ext(&p), 0x10000);
	rq_init(f, &r, SA_MN, SA_FA);
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	decode_padded(&p, MIP_EXT_HM_KEY_REP, f->tsa[SA_MN], k2);
	assert_int_equal(spi_ext(&p), 0x10001);
	assert_memory_not_equal(k1, k2, 16);
}

/* REGKEY-00 5.6: no 125 when every key extension names the key's SPI. */
static void
test_no_spi_extension_when_spis_agree(void **state)
{
	struct fx *f = *state;
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN2, SA_FA3);
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x10000);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	EXPECT_EXTS(&p, MIP_EXT_HM_KEY_REP, MIP_EXT_FA_KEY_REP,
	    MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
}

/* ---- no key without the FA-HA SA ---- */

static void
test_no_key_for_unknown_fa_spi(void **state)
{
	struct fx *f = *state;
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN, SA_FA);
	test_put_regkey_spi(
	    &r.post, MIP_EXT_FA_KEY_REQ, 0x301); /* no such SA with the FA */
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
}

static void
test_no_key_without_fa_sa(void **state)
{
	struct fx *f = *state;
	struct rq r;
	struct rp p;

	/* Co-located: the sender shares no SA with us. */
	rq_init(f, &r, SA_MN, -1);
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH);
}

/* A 113 before the MN-HA auth is no FA's: it is not answered. */
static void
test_key_request_before_auth_ignored(void **state)
{
	struct fx *f = *state;
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN, SA_FA);
	test_put_regkey_spi(&r.pre, MIP_EXT_FA_KEY_REQ, 0x300);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
}

static void
test_nothing_asked_nothing_given(void **state)
{
	struct fx *f = *state;
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN, SA_FA);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
}

/* ---- PAPER 9.3 step 3: the FA's public key (115) ---- */

static void
test_fa_public_key(void **state)
{
	struct fx *f = *state;
	static struct test_rsa_pair rsa;
	struct mip_ext_regkey_key x;
	uint8_t key[16], fa_key[16];
	struct rq r;
	struct rp p;

	if (rsa.pub_len == 0)
		test_rsa_pair_make(&rsa, 1024);
	/* An FA without an SA with us, so without 113 (PAPER 9.4). */
	rq_init(f, &r, SA_MN, -1);
	r.src = ip4("198.51.100.2");
	test_put_regkey_key(
	    &r.post, MIP_EXT_FA_PUBKEY, 0x400, rsa.pub, rsa.pub_len);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	EXPECT_EXTS(&p, MIP_EXT_HM_KEY_REP, MIP_EXT_FA_PUBKEY_REP, MIP_EXT_SPI,
	    MIP_EXT_MN_HA_AUTH);
	decode_padded(&p, MIP_EXT_HM_KEY_REP, f->tsa[SA_MN], key);
	key_ext(&p, MIP_EXT_FA_PUBKEY_REP, &x);
	/* REGKEY-00 5.4: the SPI of the 115, copied. */
	assert_int_equal(x.spi, 0x400);
	assert_int_equal(x.key_len, 128);
	assert_int_equal(mip_rsa_decrypt_key(
			     fa_key, rsa.priv, rsa.priv_len, x.key, x.key_len),
	    16);
	assert_memory_equal(key, fa_key, 16);
	assert_int_equal(spi_ext(&p), 0x10000);
}

/* 113 naming no SA, but a public key too: the key goes under it. */
static void
test_fa_public_key_when_key_request_fails(void **state)
{
	struct fx *f = *state;
	static struct test_rsa_pair rsa;
	struct rq r;
	struct rp p;

	if (rsa.pub_len == 0)
		test_rsa_pair_make(&rsa, 1024);
	rq_init(f, &r, SA_MN, SA_FA);
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x301);
	test_put_regkey_key(
	    &r.post, MIP_EXT_FA_PUBKEY, 0x400, rsa.pub, rsa.pub_len);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	EXPECT_EXTS(&p, MIP_EXT_HM_KEY_REP, MIP_EXT_FA_PUBKEY_REP, MIP_EXT_SPI,
	    MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
}

/* A public key RSA cannot use: no key, the registration succeeds. */
static void
test_bad_fa_public_key_no_key(void **state)
{
	struct fx *f = *state;
	static const uint8_t junk[8] = { 0x30, 0x06, 1, 2, 3, 4, 5, 6 };
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN, -1);
	r.src = ip4("198.51.100.2");
	test_put_regkey_key(
	    &r.post, MIP_EXT_FA_PUBKEY, 0x400, junk, sizeof(junk));
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH);
}

/* ---- PAPER 9.3 step 1: the FA chose the key (122, 124) ---- */

static void
test_fa_chosen_keys_copied(void **state)
{
	struct fx *f = *state;
	uint8_t v[96], enc[64];
	struct mip_ext_regkey_key x;
	struct rq r;
	struct rp p;

	memset(v, 0x5a, sizeof(v));
	memset(enc, 0xa5, sizeof(enc));
	rq_init(f, &r, SA_MN, SA_FA);
	/* With a 113 too: the FA's own choice wins (step 1 first). */
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	test_put_regkey_key(
	    &r.post, MIP_EXT_MN_PUBKEY_REP, 0x10007, enc, sizeof(enc));
	test_put_regkey_key(&r.post, MIP_EXT_DH_KEY_REP, 0x10008, v, sizeof(v));
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	EXPECT_EXTS(&p, MIP_EXT_MN_PUBKEY_REP, MIP_EXT_DH_KEY_REP,
	    MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
	key_ext(&p, MIP_EXT_MN_PUBKEY_REP, &x);
	assert_int_equal(x.spi, 0x10007);
	assert_int_equal(x.key_len, sizeof(enc));
	assert_memory_equal(x.key, enc, sizeof(enc));
	key_ext(&p, MIP_EXT_DH_KEY_REP, &x);
	assert_int_equal(x.spi, 0x10008);
	assert_int_equal(x.key_len, sizeof(v));
	assert_memory_equal(x.key, v, sizeof(v));
}

/* The Diffie-Hellman reply of an FA without an SA with us. */
static void
test_dh_reply_copied_without_fa_sa(void **state)
{
	struct fx *f = *state;
	uint8_t v[256];
	struct rq r;
	struct rp p;

	memset(v, 0x33, sizeof(v));
	rq_init(f, &r, SA_MN, -1);
	r.src = ip4("198.51.100.2");
	test_put_regkey_key(&r.post, MIP_EXT_DH_KEY_REP, 0x10000, v, sizeof(v));
	send_rq(f, &r);
	get_reply(f, &r, &p);
	EXPECT_EXTS(&p, MIP_EXT_DH_KEY_REP, MIP_EXT_MN_HA_AUTH);
}

/* ---- no key on a denial or a deregistration ---- */

static void
expect_denied_without_key(struct fx *f, struct rq *r, uint8_t code)
{
	struct rp p;

	send_rq(f, r);
	get_reply(f, r, &p);
	assert_int_equal(p.rep.code, code);
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH, MIP_EXT_FA_HA_AUTH);
}

static void
test_denied_registrations_carry_no_key(void **state)
{
	struct fx *f = *state;
	struct rq r;

	/* 139: minimal encapsulation is not offered. */
	rq_init(f, &r, SA_MN, SA_FA);
	r.flags = MIP_RRQ_F_M;
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	expect_denied_without_key(f, &r, MIP_CODE_HA_ENCAP);
	/* 137: no reverse tunnelling here. */
	rq_init(f, &r, SA_MN, SA_FA);
	r.flags = MIP_RRQ_F_T;
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	expect_denied_without_key(f, &r, MIP_CODE_HA_RT_UNAVAIL);
	/* Accepted, then 133: an Identification older than that one. */
	rq_init(f, &r, SA_MN, SA_FA);
	send_rq(f, &r);
	r.ident -= 2ULL << 32;
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	expect_denied_without_key(f, &r, MIP_CODE_HA_ID_MISMATCH);
}

static void
test_deregistration_carries_no_key(void **state)
{
	struct fx *f = *state;
	struct rq r;
	struct rp p;

	rq_init(f, &r, SA_MN, SA_FA);
	r.lifetime = 0;
	test_put_regkey_spi(&r.post, MIP_EXT_FA_KEY_REQ, 0x300);
	send_rq(f, &r);
	get_reply(f, &r, &p);
	assert_int_equal(p.rep.code, MIP_CODE_ACCEPTED);
	/* RFC 5944 3.5.4: no FA-HA on a deregistration, nor a key. */
	EXPECT_EXTS(&p, MIP_EXT_MN_HA_AUTH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_fa_key_request_vector),
		T(test_fresh_key_and_spi_each_time),
		T(test_no_spi_extension_when_spis_agree),
		T(test_no_key_for_unknown_fa_spi),
		T(test_no_key_without_fa_sa),
		T(test_key_request_before_auth_ignored),
		T(test_nothing_asked_nothing_given),
		T(test_fa_public_key),
		T(test_fa_public_key_when_key_request_fails),
		T(test_bad_fa_public_key_no_key),
		T(test_fa_chosen_keys_copied),
		T(test_dh_reply_copied_without_fa_sa),
		T(test_denied_registrations_carry_no_key),
		T(test_deregistration_carries_no_key),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
