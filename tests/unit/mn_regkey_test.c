/* SPDX-License-Identifier: ISC */
/*
 * Mobile node registration keys and smooth handoff (paper 4, 9.1; RO spec
 * 2.2, 2.6), driven event by event through the node API: the key request
 * of each method toward an S agent (and none without S, or with an SA
 * with the new agent), the key from each reply (120 + 125, 122, 124) and
 * from none, forged or broken key extensions that change nothing, the
 * PFANE's content and authenticator on the next move, and the Binding
 * Update to the previous agent: its bytes, its retransmission bounds, and
 * the Binding Acknowledge that ends it; the same on the way home, with
 * the home address as care-of address (RO spec 2.2), and none without
 * a key.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_adv.h"
#include "mip/mip_auth.h"
#include "mip/mip_keys.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_regkey.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

#define IF1 1
#define HA_SPI 256
#define PRE_SPI 300
#define KEY_SPI 0x10000
#define S_MASK 0x0080

static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x0a };
static const uint8_t fa1_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0xf1 };
static const uint8_t fa2_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0xf2 };
static const uint8_t ha_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x01 };
static const uint8_t regkey[MIP_REGKEY_LEN] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf };

struct rsa_pair {
	uint8_t pub[1024];
	size_t pub_len;
	uint8_t priv[4096];
	size_t priv_len;
};

static struct rsa_pair rsa;

struct fix {
	struct harness h;
	struct mip_sa_config sas[3];
	struct test_mn_node n;
	struct test_mem tm;
	struct mip_sa *ha_sa;
	/* the last request seen */
	uint8_t req_bytes[H_MAX_BYTES];
	size_t req_len;
	struct mip_reg_req req;
	struct mip_act_send req_send;
};

static struct fix *
start(enum mip_mn_regkey method, bool preconf)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	test_mn_node_init(&f->n, IF1, ip4("10.1.0.10"), 24, mn_hw,
	    ip4("10.1.0.1"), HA_SPI, f->sas, preconf ? 3 : 2);
	f->n.mn.regkey = method;
	f->n.mn.dh_bits = 1024;
	f->n.mn.rsa_pub = rsa.pub;
	f->n.mn.rsa_pub_len = rsa.pub_len;
	f->n.mn.rsa_priv = rsa.priv;
	f->n.mn.rsa_priv_len = rsa.priv_len;
	f->sas[0] = test_sa_config(f->n.mn.ha_addr, HA_SPI, 0);
	/* Room in the SA table (mip_node.c sizes it twice the configured
	 * count) for the keys with two agents at once. */
	f->sas[1] = test_sa_config(ip4("10.9.9.9"), 999, 0x70);
	f->sas[2] = test_sa_config(ip4("192.168.2.1"), PRE_SPI, 0x40);
	f->n.cfg.profile = mip_profile_default;
	f->n.cfg.profile.s_mask = S_MASK;
	test_mem_init(&f->tm, 0);
	assert_int_equal(mip_sa_new(&f->ha_sa, &f->sas[0], &f->tm.mem), 0);
	h_init(&f->h, &f->n.cfg);
	return f;
}

static void
finish(struct fix *f)
{
	h_free(&f->h);
	mip_sa_free(f->ha_sa);
	assert_int_equal(f->tm.live, 0);
	free(f);
}

/* ---- advertisements and requests ---- */

static void
send_adv(struct fix *f, struct mip_ip4 src, const uint8_t *hw, bool s)
{
	struct mip_adv a;
	uint8_t b[256];
	mip_ssize n;

	memset(&a, 0, sizeof(a));
	a.code = MIP_ICMP_ADV_CODE_NORMAL;
	a.num_addrs = 1;
	a.entry_size = 2;
	a.lifetime = 3000;
	a.routers[0].addr = src;
	a.is_agent = true;
	a.mob.seq = 1;
	a.mob.reg_lifetime = 600;
	a.mob.flags = (uint16_t)(MIP_ADV_F_F | (s ? S_MASK : 0));
	a.mob.n_coa = 1;
	a.mob.coa[0] = src;
	a.has_prefix = true;
	a.prefix_len[0] = 24;
	mip_adv_set_order(&a, false);
	n = mip_adv_encode(b, sizeof(b), &a);
	assert_true(n > 0);
	h_icmp(&f->h, IF1, src, ip4("224.0.0.1"), hw, b, (size_t)n);
}

static void
adv_fa1(struct fix *f, bool s)
{
	send_adv(f, ip4("192.168.2.1"), fa1_hw, s);
}

static void
adv_fa2(struct fix *f, bool s)
{
	send_adv(f, ip4("192.168.3.1"), fa2_hw, s);
}

/* The |k|th UDP send of the last event, or NULL. */
static const struct mip_act_send *
udp_send(const struct fix *f, size_t k)
{
	size_t i;

	for (i = 0; i < f->h.nacts; i++) {
		const struct mip_action *a = &f->h.acts[i].act;

		if (a->type != MIP_ACT_SEND || a->u.send.kind != MIP_PKT_UDP)
			continue;
		if (k-- == 0)
			return &a->u.send;
	}
	return NULL;
}

static size_t
udp_sends(const struct fix *f)
{
	size_t n = 0;

	while (udp_send(f, n) != NULL)
		n++;
	return n;
}

/* UDP sends of the last event to |dst|. */
static size_t
sends_to(const struct fix *f, struct mip_ip4 dst)
{
	size_t i, n = 0;

	for (i = 0; i < udp_sends(f); i++)
		n += mip_ip4_eq(udp_send(f, i)->dst, dst);
	return n;
}

/* Records the one request of the last event. */
static void
grab(struct fix *f)
{
	const struct mip_act_send *s = udp_send(f, 0);

	assert_non_null(s);
	assert_null(udp_send(f, 1));
	f->req_send = *s;
	f->req_len = s->len;
	memcpy(f->req_bytes, s->data, s->len);
	assert_int_equal(mip_reg_req_decode(&f->req, f->req_bytes, f->req_len,
			     &f->n.cfg.profile, NULL),
	    0);
}

/* Index of the first extension of |type| in the request, or -1. */
static int
req_ext(const struct fix *f, uint8_t type)
{
	const struct mip_ext *e = mip_exts_find(&f->req.exts, type, 0);

	return e == NULL ? -1 : (int)(e - f->req.exts.e);
}

/* ---- replies ---- */

static void
rep_begin(struct fix *f, struct mip_wbuf *w, uint8_t *buf, size_t cap)
{
	struct mip_reg_rep r;
	mip_ssize n;

	memset(&r, 0, sizeof(r));
	r.code = MIP_CODE_ACCEPTED;
	r.lifetime = 600;
	r.home_addr = f->n.mn.home_addr;
	r.ha_addr = f->n.mn.ha_addr;
	r.ident = f->req.ident;
	n = mip_reg_rep_encode(buf, cap, &r);
	assert_true(n > 0);
	mip_wbuf_init(w, buf, cap);
	w->off = (size_t)n;
}

/* 120: |key| under the MN-HA SA (SPI |spi|), spec 2.6.1. */
static void
put_120(struct mip_wbuf *w, uint32_t spi, const uint8_t *key)
{
	size_t at = w->off + 3 + 4;
	test_put_regkey_key(w, MIP_EXT_HM_KEY_REP, spi, key, MIP_REGKEY_LEN);
	uint8_t ha_key[16];
	size_t i;

	for (i = 0; i < 16; i++)
		ha_key[i] = (uint8_t)i;
	assert_int_equal(
	    mip_regkey_pad(w->p + at, ha_key, 16, w->p, at, key), 0);
}

/* Signs the reply (MN-HA) and delivers it from the first FA. */
static void
rep_send(struct fix *f, struct mip_wbuf *w, bool bad_mac)
{
	assert_int_equal(mip_auth_append(w, MIP_EXT_MN_HA_AUTH, f->ha_sa), 0);
	if (bad_mac)
		w->p[w->off - 1] ^= 1;
	/* RFC 5944 3.6.2.1 (a): with a configured MN-FA SA. */
	if (f->n.cfg.nsas > 2) {
		struct mip_sa *fa;

		assert_int_equal(mip_sa_new(&fa, &f->sas[2], &f->tm.mem), 0);
		assert_int_equal(mip_auth_append(w, MIP_EXT_MN_FA_AUTH, fa), 0);
		mip_sa_free(fa);
	}
	h_udp(&f->h, IF1, f->req_send.dst, f->n.mn.home_addr, MIP_UDP_PORT, 64,
	    w->p, w->off);
}

static bool
has_sa(const struct fix *f, struct mip_ip4 peer, uint32_t spi)
{
	struct mip_iter it;
	struct mip_sa_info si;

	memset(&it, 0, sizeof(it));
	while (mip_node_sa_next(f->h.node, &it, &si) == 1)
		if (mip_ip4_eq(si.peer, peer) && si.spi == spi)
			return true;
	return false;
}

static size_t
n_sas(const struct fix *f)
{
	struct mip_iter it;
	struct mip_sa_info si;
	size_t n = 0;

	memset(&it, 0, sizeof(it));
	while (mip_node_sa_next(f->h.node, &it, &si) == 1)
		n++;
	return n;
}

static uint8_t
state_now(const struct fix *f)
{
	const struct mip_act_notify *n;
	size_t i = 0;
	uint8_t s = 0xff;

	while ((n = h_note(&f->h, MIP_NOTE_STATE, i++)) != NULL)
		s = n->code;
	return s;
}

enum { REGISTERING = 2, REGISTERED = 3 };

/* Registers with FA1 (S) and answers with no key extension. */
static void
register_fa1_plain(struct fix *f)
{
	uint8_t b[512];
	struct mip_wbuf w;

	adv_fa1(f, true);
	grab(f);
	rep_begin(f, &w, b, sizeof(b));
	rep_send(f, &w, false);
	assert_int_equal(state_now(f), REGISTERED);
}

/* Registers with FA1 and gives the MN |regkey| by 120 + 125. */
static void
register_fa1_keyed(struct fix *f)
{
	uint8_t b[512];
	struct mip_wbuf w;

	adv_fa1(f, true);
	grab(f);
	rep_begin(f, &w, b, sizeof(b));
	put_120(&w, HA_SPI, regkey);
	test_put_regkey_spi(&w, MIP_EXT_SPI, KEY_SPI);
	rep_send(f, &w, false);
	assert_int_equal(state_now(f), REGISTERED);
	assert_true(has_sa(f, ip4("192.168.2.1"), KEY_SPI));
}

/*
 * Checks the request's PFANE against |key| with the previous FA
 * 192.168.2.1 under |spi| and returns the Binding Update it predicts.
 */
static size_t
check_pfane(const struct fix *f, const uint8_t *key, uint32_t spi, uint8_t *bu,
    size_t cap)
{
	int i = req_ext(f, MIP_EXT_PFANE);
	int auth = req_ext(f, MIP_EXT_MN_HA_AUTH);
	struct mip_ext_pfane pf;
	struct mip_sa_config c = test_sa_config(ip4("192.168.2.1"), spi, 0);
	struct mip_sa *sa;
	uint8_t in[64], mac[MIP_AUTH_MAX_LEN];
	mip_ssize n;

	/* RO spec 2.2: in the FA-only part, after the Mobile-Home auth. */
	assert_true(i > auth && auth >= 0);
	assert_int_equal(mip_ext_pfane_decode(&pf, &f->req.exts.e[i], NULL), 0);
	assert_int_equal(pf.cache_lifetime, 10);
	assert_int_equal(pf.prev_fa_addr.v, ip4("192.168.2.1").v);
	assert_int_equal(pf.new_coa.v, ip4("192.168.3.1").v);
	assert_int_equal(pf.spi, spi);
	assert_int_equal(pf.auth_len, 16);
	memcpy(c.key, key, 16);
	assert_int_equal(mip_sa_new(&sa, &c, &f->tm.mem), 0);
	n = mip_pfane_auth_input(in, sizeof(in), &pf, f->n.mn.home_addr,
	    f->req.flags, &f->n.cfg.profile);
	assert_int_equal(n, 18);
	assert_int_equal(mip_auth_compute(sa, in, (size_t)n, mac), 0);
	assert_memory_equal(pf.authenticator, mac, 16);
	mip_sa_free(sa);
	n = mip_pfane_bu_build(
	    bu, cap, &pf, f->n.mn.home_addr, f->req.flags, &f->n.cfg.profile);
	assert_int_equal(n, 34);
	return (size_t)n;
}

/* RFC 5944 3.6: a second of quiet, then FA2's advertisement. */
static void
move_fa2(struct fix *f)
{
	h_advance(&f->h, MIP_SEC);
	adv_fa2(f, true);
	grab(f);
}

/* ---- requests (paper 9.1) ---- */

static void
test_no_s_no_request(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_DH, false);

	(void)state;
	/* Step 1: without S nothing of Route Optimization goes out. */
	adv_fa1(f, false);
	grab(f);
	assert_int_equal(req_ext(f, MIP_EXT_REGKEY_REQ), -1);
	assert_int_equal(req_ext(f, MIP_EXT_MN_PUBKEY), -1);
	assert_int_equal(req_ext(f, MIP_EXT_PFANE), -1);
	finish(f);
}

static void
test_request_variants(void **state)
{
	enum mip_mn_regkey m;

	(void)state;
	for (m = MIP_MN_REGKEY_OFF; m <= MIP_MN_REGKEY_DH; m++) {
		struct fix *f = start(m, false);
		int auth, i;

		adv_fa1(f, true);
		grab(f);
		auth = req_ext(f, MIP_EXT_MN_HA_AUTH);
		assert_true(auth >= 0);
		assert_int_equal(req_ext(f, MIP_EXT_PFANE), -1);
		switch (m) {
		case MIP_MN_REGKEY_OFF:
		case MIP_MN_REGKEY_PRECONF:
			assert_int_equal(f->req.exts.n, auth + 1);
			break;
		case MIP_MN_REGKEY_ANY: {
			struct mip_ext_regkey_req q;

			/* Step 6: 116 with empty fields. */
			i = req_ext(f, MIP_EXT_REGKEY_REQ);
			assert_true(i > auth);
			assert_int_equal(mip_ext_regkey_req_decode(
					     &q, &f->req.exts.e[i], NULL),
			    0);
			assert_int_equal(q.l, 0);
			break;
		}
		case MIP_MN_REGKEY_RSA: {
			struct mip_ext_mn_pubkey pk;

			/* Step 4: our public key, DER. */
			i = req_ext(f, MIP_EXT_MN_PUBKEY);
			assert_true(i > auth);
			assert_int_equal(mip_ext_mn_pubkey_decode(
					     &pk, &f->req.exts.e[i], NULL),
			    0);
			assert_int_equal(pk.key_len, rsa.pub_len);
			assert_memory_equal(pk.key, rsa.pub, rsa.pub_len);
			assert_int_equal(req_ext(f, MIP_EXT_REGKEY_REQ), -1);
			break;
		}
		case MIP_MN_REGKEY_DH: {
			struct mip_ext_regkey_req q;
			uint8_t g[MIP_DH_MAX_LEN];
			size_t len;
			const uint8_t *p = mip_dh_group(1024, &len, g);

			/* Step 5: p, g and our value, one length. */
			i = req_ext(f, MIP_EXT_REGKEY_REQ);
			assert_true(i > auth);
			assert_int_equal(mip_ext_regkey_req_decode(
					     &q, &f->req.exts.e[i], NULL),
			    0);
			assert_int_equal(q.l, len);
			assert_memory_equal(q.prime, p, len);
			assert_memory_equal(q.generator, g, len);
			assert_int_equal(
			    mip_dh_check_value(p, q.value, len), 0);
			break;
		}
		}
		finish(f);
	}
}

static void
test_preconf_sa_no_request(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_DH, true);

	(void)state;
	/* Step 3: an SA with the new agent needs no key. */
	adv_fa1(f, true);
	grab(f);
	assert_int_equal(req_ext(f, MIP_EXT_REGKEY_REQ), -1);
	finish(f);
}

/* ---- replies ---- */

static void
test_reply_120_then_pfane(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_ANY, false);
	uint8_t bu[64];

	(void)state;
	register_fa1_keyed(f);
	/* Paper 9.1 steps 2, 6: PFANE under the key, a new request. */
	move_fa2(f);
	check_pfane(f, regkey, KEY_SPI, bu, sizeof(bu));
	assert_true(req_ext(f, MIP_EXT_REGKEY_REQ) > req_ext(f, MIP_EXT_PFANE));
	finish(f);
}

/*
 * FA1 accepts with the key extension |type| (|data|, |len|) under |spi|:
 * registered with an SA under |spi|, whose |key| then authenticates the
 * PFANE of the move to FA2.
 */
static void
keyed_reply_then_pfane(struct fix *f, uint8_t type, uint32_t spi,
    const uint8_t *data, size_t len, const uint8_t *key)
{
	uint8_t b[1024], bu[64];
	struct mip_wbuf w;

	rep_begin(f, &w, b, sizeof(b));
	test_put_regkey_key(&w, type, spi, data, len);
	rep_send(f, &w, false);
	assert_int_equal(state_now(f), REGISTERED);
	assert_true(has_sa(f, ip4("192.168.2.1"), spi));
	move_fa2(f);
	check_pfane(f, key, spi, bu, sizeof(bu));
}

static void
test_reply_122(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_RSA, false);
	uint8_t ct[512];
	mip_ssize n;

	(void)state;
	adv_fa1(f, true);
	grab(f);
	n = mip_rsa_encrypt_key(ct, sizeof(ct), rsa.pub, rsa.pub_len, regkey);
	assert_true(n > 0);
	keyed_reply_then_pfane(
	    f, MIP_EXT_MN_PUBKEY_REP, KEY_SPI + 1, ct, (size_t)n, regkey);
	finish(f);
}

/* FA1's side of Diffie-Hellman for the MN's value in the request. */
static void
dh_reply(struct fix *f, uint8_t *fa_pub, uint8_t key[MIP_REGKEY_LEN])
{
	uint8_t g[MIP_DH_MAX_LEN], x[MIP_DH_PRIV_LEN];
	size_t len;
	const uint8_t *p = mip_dh_group(1024, &len, g);
	struct mip_ext_regkey_req q;

	memset(x, 0x5a, sizeof(x));
	assert_int_equal(
	    mip_ext_regkey_req_decode(
		&q, &f->req.exts.e[req_ext(f, MIP_EXT_REGKEY_REQ)], NULL),
	    0);
	assert_int_equal(mip_dh_public(fa_pub, p, g, len, x, sizeof(x)), 0);
	assert_int_equal(mip_dh_key(key, p, len, x, sizeof(x), q.value), 0);
}

static void
test_reply_124(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_DH, false);
	uint8_t fa_pub[MIP_DH_MAX_LEN], key[16];

	(void)state;
	adv_fa1(f, true);
	grab(f);
	dh_reply(f, fa_pub, key);
	/* Paper 6.3: the next value is computed ahead, not in the move. */
	keyed_reply_then_pfane(
	    f, MIP_EXT_DH_KEY_REP, KEY_SPI + 2, fa_pub, 128, key);
	finish(f);
}

static void
test_reply_without_key(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_DH, false);
	size_t before;

	(void)state;
	before = n_sas(f);
	register_fa1_plain(f);
	assert_int_equal(n_sas(f), before);
	/* No key with FA1: no PFANE, a new request. */
	move_fa2(f);
	assert_int_equal(req_ext(f, MIP_EXT_PFANE), -1);
	assert_true(req_ext(f, MIP_EXT_REGKEY_REQ) >= 0);
	finish(f);
}

enum bad {
	BAD_DH_VALUE,	 /* 124 with the value 1 */
	BAD_DH_LEN,	 /* 124 shorter than our group */
	BAD_AFTER_AUTH,	 /* a good 120 + 125 after the MN-HA extension */
	BAD_120_NO_SA,	 /* 120 under an SPI we have no SA for */
	BAD_120_NO_SPI,	 /* 120 without 125 or 123 */
	BAD_TWO_KEYS,	 /* 120 and 124 */
	BAD_SMALL_SPI,	 /* 125 below 256 */
	BAD_122_GARBAGE, /* 122 that does not decrypt */
	BAD_FORGED,	 /* a good 120 + 125, reply MAC broken */
	BAD__COUNT,
};

static void
test_bad_keys_ignored(void **state)
{
	unsigned v;

	(void)state;
	for (v = 0; v < BAD__COUNT; v++) {
		struct fix *f = start(MIP_MN_REGKEY_DH, false);
		uint8_t b[1024], fa_pub[MIP_DH_MAX_LEN], key[16], one[128];
		struct mip_wbuf w;
		size_t before = n_sas(f);

		adv_fa1(f, true);
		grab(f);
		dh_reply(f, fa_pub, key);
		memset(one, 0, sizeof(one));
		one[127] = 1;
		rep_begin(f, &w, b, sizeof(b));
		switch ((enum bad)v) {
		case BAD_DH_VALUE:
			test_put_regkey_key(
			    &w, MIP_EXT_DH_KEY_REP, KEY_SPI, one, 128);
			break;
		case BAD_DH_LEN:
			test_put_regkey_key(
			    &w, MIP_EXT_DH_KEY_REP, KEY_SPI, fa_pub, 64);
			break;
		case BAD_AFTER_AUTH:
			assert_int_equal(
			    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->ha_sa),
			    0);
			put_120(&w, HA_SPI, regkey);
			test_put_regkey_spi(&w, MIP_EXT_SPI, KEY_SPI);
			h_udp(&f->h, IF1, f->req_send.dst, f->n.mn.home_addr,
			    MIP_UDP_PORT, 64, w.p, w.off);
			break;
		case BAD_120_NO_SA:
			put_120(&w, HA_SPI + 1, regkey);
			test_put_regkey_spi(&w, MIP_EXT_SPI, KEY_SPI);
			break;
		case BAD_120_NO_SPI:
			put_120(&w, HA_SPI, regkey);
			break;
		case BAD_TWO_KEYS:
			put_120(&w, HA_SPI, regkey);
			test_put_regkey_key(
			    &w, MIP_EXT_DH_KEY_REP, KEY_SPI, fa_pub, 128);
			test_put_regkey_spi(&w, MIP_EXT_SPI, KEY_SPI);
			break;
		case BAD_SMALL_SPI:
			test_put_regkey_key(
			    &w, MIP_EXT_DH_KEY_REP, KEY_SPI, fa_pub, 128);
			test_put_regkey_spi(&w, MIP_EXT_SPI, 255);
			break;
		case BAD_122_GARBAGE:
			test_put_regkey_key(
			    &w, MIP_EXT_MN_PUBKEY_REP, KEY_SPI, one, 128);
			break;
		case BAD_FORGED:
			put_120(&w, HA_SPI, regkey);
			test_put_regkey_spi(&w, MIP_EXT_SPI, KEY_SPI);
			break;
		case BAD__COUNT:
			break;
		}
		if (v != BAD_AFTER_AUTH)
			rep_send(f, &w, v == BAD_FORGED);
		/* A forged reply changes nothing; the others register
		 * without a key (paper 6). */
		if (v == BAD_FORGED) {
			assert_int_equal(state_now(f), 0xff);
			assert_int_equal(
			    mip_node_stats(f->h.node)->drops[MIP_DROP_AUTH], 1);
		} else
			assert_int_equal(state_now(f), REGISTERED);
		assert_int_equal(n_sas(f), before);
		finish(f);
	}
}

/* ---- smooth handoff (paper 4.3) ---- */

/*
 * A Binding Acknowledge for |home| from |src|, with an RO Authentication
 * extension (type 35) under |key| and |spi| unless |key| is NULL.
 */
static void
send_ba(struct fix *f, struct mip_ip4 src, struct mip_ip4 home,
    const uint8_t *key, uint32_t spi)
{
	struct mip_sa_config c = test_sa_config(src, spi, 0);
	struct mip_ba ba;
	struct mip_wbuf w;
	struct mip_sa *sa;
	uint8_t b[64];
	mip_ssize n;

	memset(&ba, 0, sizeof(ba));
	ba.status = MIP_BA_ACCEPTED;
	ba.home_addr = home;
	n = mip_ba_encode(b, sizeof(b), &ba, &f->n.cfg.profile);
	assert_true(n > 0);
	mip_wbuf_init(&w, b, sizeof(b));
	w.off = (size_t)n;
	if (key != NULL) {
		memcpy(c.key, key, 16);
		assert_int_equal(mip_sa_new(&sa, &c, &f->tm.mem), 0);
		assert_int_equal(mip_auth_append(&w, MIP_EXT_RO_AUTH, sa), 0);
		mip_sa_free(sa);
	}
	h_udp(&f->h, IF1, src, f->n.mn.home_addr, MIP_UDP_PORT, 64, b, w.off);
}

/* The send of the last event to FA1, which must be the only one. */
static const struct mip_act_send *
send_to_fa1(const struct fix *f)
{
	const struct mip_act_send *s;
	size_t i;

	assert_int_equal(sends_to(f, ip4("192.168.2.1")), 1);
	for (i = 0; (s = udp_send(f, i)) != NULL; i++)
		if (mip_ip4_eq(s->dst, ip4("192.168.2.1")))
			return s;
	fail();
	return NULL;
}

/*
 * RO spec 1.5: the update |bu| to FA1 again 1 s, 2 s and 4 s after the
 * first, from the home address through the link-layer address |hw|; the
 * next would fall after the 10 s Cache Lifetime. Then the key with FA1
 * is gone.
 */
static void
bu_retransmitted(struct fix *f, const uint8_t *bu, size_t len,
    const uint8_t hw[MIP_HWADDR_LEN])
{
	const struct mip_act_send *s;
	size_t i, sent = 0;

	for (i = 0; i < 12; i++) {
		h_advance(&f->h, MIP_SEC);
		if (sends_to(f, ip4("192.168.2.1")) == 0)
			continue;
		s = send_to_fa1(f);
		sent++;
		assert_int_equal(s->len, len);
		assert_memory_equal(s->data, bu, len);
		assert_int_equal(s->src.v, f->n.mn.home_addr.v);
		assert_int_equal(s->dport, MIP_UDP_PORT);
		assert_true(s->has_hwaddr);
		assert_memory_equal(s->dst_hwaddr, hw, MIP_HWADDR_LEN);
	}
	assert_int_equal(sent, 3);
	assert_false(has_sa(f, ip4("192.168.2.1"), KEY_SPI));
}

static uint64_t
drops(const struct fix *f, enum mip_drop why)
{
	return mip_node_stats(f->h.node)->drops[why];
}

static void
test_bu_retransmitted_until_lifetime(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_ANY, false);
	uint8_t bu[64];
	size_t len;

	(void)state;
	register_fa1_keyed(f);
	move_fa2(f);
	len = check_pfane(f, regkey, KEY_SPI, bu, sizeof(bu));
	/* Through the new agent's link-layer address. */
	bu_retransmitted(f, bu, len, fa2_hw);
	finish(f);
}

/*
 * Decision 1 (mn.md): FA2 relays FA1's acknowledgement from its own
 * address; the MN takes it by its type-35 extension under the key with
 * FA1. Forged ones are counted and change nothing.
 */
static void
test_ba_stops_bu(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_ANY, false);
	struct mip_ip4 fa2 = ip4("192.168.3.1"), home = f->n.mn.home_addr;
	uint8_t wrong[16];
	size_t i;

	(void)state;
	memcpy(wrong, regkey, 16);
	wrong[15] ^= 1;
	register_fa1_keyed(f);
	move_fa2(f);
	/* For another home address, without authentication, under
	 * another key, under an SPI we hold no pending update for. */
	send_ba(f, fa2, ip4("10.1.0.11"), regkey, KEY_SPI);
	assert_int_equal(drops(f, MIP_DROP_UNEXPECTED), 1);
	send_ba(f, fa2, home, NULL, 0);
	send_ba(f, ip4("192.168.2.1"), home, NULL, 0);
	send_ba(f, fa2, home, wrong, KEY_SPI);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 3);
	send_ba(f, fa2, home, regkey, KEY_SPI + 1);
	assert_int_equal(drops(f, MIP_DROP_UNEXPECTED), 2);
	assert_null(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0));
	assert_true(has_sa(f, ip4("192.168.2.1"), KEY_SPI));
	/* The retransmission goes on. */
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(sends_to(f, ip4("192.168.2.1")), 1);
	/* Paper 4.3: it may come before the Registration Reply, from the
	 * new agent's address. */
	send_ba(f, fa2, home, regkey, KEY_SPI);
	assert_int_equal(state_now(f), 0xff);
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0));
	assert_int_equal(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0)->peer.v,
	    ip4("192.168.2.1").v);
	assert_false(has_sa(f, ip4("192.168.2.1"), KEY_SPI));
	for (i = 0; i < 12; i++) {
		h_advance(&f->h, MIP_SEC);
		assert_int_equal(sends_to(f, ip4("192.168.2.1")), 0);
	}
	/* A second one finds nothing pending. */
	send_ba(f, fa2, home, regkey, KEY_SPI);
	assert_int_equal(drops(f, MIP_DROP_UNEXPECTED), 3);
	finish(f);
}

/* Decision 2 (mip_visit_key.h), computed here from its definition:
 * HMAC-MD5(configured key, the reply's 8-octet Identification). */
static void
visit_key_of(uint8_t out[16], uint64_t ident)
{
	uint8_t cfg_key[16], msg[8];
	unsigned len = 0;
	size_t i;

	for (i = 0; i < 16; i++)
		cfg_key[i] = (uint8_t)(0x40 + i);
	for (i = 0; i < 8; i++)
		msg[i] = (uint8_t)(ident >> (56 - 8 * i));
	assert_non_null(HMAC(EVP_md5(), cfg_key, 16, msg, 8, out, &len));
	assert_int_equal(len, 16);
}

/* Lets time pass until the MN re-registers through FA1; answers it. */
static void
reregister_fa1(struct fix *f)
{
	uint8_t b[512];
	struct mip_wbuf w;
	size_t i;

	for (i = 0; i < 700 && sends_to(f, ip4("192.168.2.1")) == 0; i++)
		h_advance(&f->h, MIP_SEC);
	grab(f);
	rep_begin(f, &w, b, sizeof(b));
	rep_send(f, &w, false);
}

/*
 * Decision 2 (fa.md, mn.md): a configured MN-FA SA secures a smooth
 * handoff only through the per-visit key of the last reply FA1 relayed,
 * under the configured SPI; the configured key itself never does.
 */
static void
test_pfane_preconfigured(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_PRECONF, true);
	struct mip_ip4 fa2 = ip4("192.168.3.1"), home = f->n.mn.home_addr;
	uint8_t bu[64], cfg_key[16], key1[16], key2[16];
	size_t i;

	(void)state;
	for (i = 0; i < 16; i++)
		cfg_key[i] = (uint8_t)(0x40 + i);
	register_fa1_plain(f);
	visit_key_of(key1, f->req.ident);
	/* A re-registration through FA1: a new visit, a new key. */
	reregister_fa1(f);
	visit_key_of(key2, f->req.ident);
	assert_memory_not_equal(key1, key2, 16);
	move_fa2(f);
	check_pfane(f, key2, PRE_SPI, bu, sizeof(bu));
	assert_int_equal(req_ext(f, MIP_EXT_REGKEY_REQ), -1);
	/* Under the configured key or the older visit's: dropped. */
	send_ba(f, fa2, home, cfg_key, PRE_SPI);
	send_ba(f, fa2, home, key1, PRE_SPI);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 2);
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(sends_to(f, ip4("192.168.2.1")), 1);
	send_ba(f, fa2, home, key2, PRE_SPI);
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0));
	/* Single-use: no second handoff under it; configuration stays. */
	for (i = 0; i < 12; i++) {
		h_advance(&f->h, MIP_SEC);
		assert_int_equal(sends_to(f, ip4("192.168.2.1")), 0);
	}
	assert_true(has_sa(f, ip4("192.168.2.1"), PRE_SPI));
	finish(f);
}

/* ---- back home (RO spec 2.2) ---- */

/* A second of quiet, then the home agent's advertisement on the home
 * link: the MN goes home. */
static void
go_home(struct fix *f)
{
	h_advance(&f->h, MIP_SEC);
	send_adv(f, f->n.mn.ha_addr, ha_hw, false);
	assert_non_null(h_note(&f->h, MIP_NOTE_HOME, 0));
}

/*
 * The update FA1 gets when the MN goes home: the one a PFANE would have
 * predicted with the home address as New Care-of Address, no M or G,
 * under the key with FA1; its bytes into |bu|.
 */
static size_t
check_home_bu(
    const struct fix *f, const struct mip_act_send *s, uint8_t *bu, size_t cap)
{
	struct mip_sa_config c = test_sa_config(ip4("192.168.2.1"), KEY_SPI, 0);
	uint8_t in[64], mac[MIP_AUTH_MAX_LEN];
	const struct mip_ext *auth;
	struct mip_ext_pfane pf;
	struct mip_sa *sa;
	struct mip_bu b;
	mip_ssize n;

	/* From the home address, through the home agent (a router). */
	assert_int_equal(s->src.v, f->n.mn.home_addr.v);
	assert_int_equal(s->sport, MIP_UDP_PORT);
	assert_int_equal(s->dport, MIP_UDP_PORT);
	assert_true(s->has_hwaddr);
	assert_memory_equal(s->dst_hwaddr, ha_hw, MIP_HWADDR_LEN);
	assert_int_equal(
	    mip_bu_decode(&b, s->data, s->len, &f->n.cfg.profile, NULL), 0);
	assert_int_equal(b.coa.v, f->n.mn.home_addr.v);
	assert_int_equal(b.home_addr.v, f->n.mn.home_addr.v);
	assert_int_equal(b.lifetime, 10);
	assert_int_equal(b.flags, MIP_BU_F_A);
	assert_true(mip_bu_is_delete(&b));
	memcpy(c.key, regkey, 16);
	assert_int_equal(mip_sa_new(&sa, &c, &f->tm.mem), 0);
	auth = mip_exts_find(&b.exts, MIP_EXT_RO_AUTH, 0);
	assert_non_null(auth);
	assert_int_equal(mip_auth_verify_ext(sa, s->data, s->len, auth), 0);
	/* Byte for byte the PFANE form (mip_ro.h). */
	memset(&pf, 0, sizeof(pf));
	pf.cache_lifetime = 10;
	pf.prev_fa_addr = ip4("192.168.2.1");
	pf.new_coa = f->n.mn.home_addr;
	pf.spi = KEY_SPI;
	pf.auth_len = 16;
	n = mip_pfane_auth_input(
	    in, sizeof(in), &pf, f->n.mn.home_addr, 0, &f->n.cfg.profile);
	assert_int_equal(n, 18);
	assert_int_equal(mip_auth_compute(sa, in, (size_t)n, mac), 0);
	pf.authenticator = mac;
	n = mip_pfane_bu_build(
	    bu, cap, &pf, f->n.mn.home_addr, 0, &f->n.cfg.profile);
	assert_int_equal(n, 34);
	assert_int_equal(s->len, (size_t)n);
	assert_memory_equal(s->data, bu, (size_t)n);
	mip_sa_free(sa);
	return (size_t)n;
}

/* At once, then RO spec 1.5's schedule (1 s, 2 s, 4 s) until the Cache
 * Lifetime; then the key goes. */
static void
test_home_bu_retransmitted(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_ANY, false);
	uint8_t bu[64];
	size_t len;

	(void)state;
	register_fa1_keyed(f);
	go_home(f);
	len = check_home_bu(f, send_to_fa1(f), bu, sizeof(bu));
	/* At home: through the home agent that advertised, a router. */
	bu_retransmitted(f, bu, len, ha_hw);
	finish(f);
}

/* FA1's acknowledgement, to the home address, ends it. */
static void
test_home_bu_until_ba(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_ANY, false);
	struct mip_ip4 fa1 = ip4("192.168.2.1"), home = f->n.mn.home_addr;
	uint8_t bu[64];
	size_t i;

	(void)state;
	register_fa1_keyed(f);
	go_home(f);
	check_home_bu(f, send_to_fa1(f), bu, sizeof(bu));
	h_advance(&f->h, MIP_SEC);
	(void)send_to_fa1(f);
	send_ba(f, fa1, home, NULL, 0);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	assert_true(has_sa(f, fa1, KEY_SPI));
	send_ba(f, fa1, home, regkey, KEY_SPI);
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0));
	assert_int_equal(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0)->peer.v, fa1.v);
	assert_false(has_sa(f, fa1, KEY_SPI));
	for (i = 0; i < 12; i++) {
		h_advance(&f->h, MIP_SEC);
		assert_int_equal(sends_to(f, fa1), 0);
	}
	finish(f);
}

/* No key with FA1, or its key spent on a pending PFANE update: only the
 * deregistration. */
static void
test_home_no_bu(void **state)
{
	struct fix *f = start(MIP_MN_REGKEY_ANY, false);

	(void)state;
	register_fa1_plain(f);
	go_home(f);
	assert_int_equal(sends_to(f, ip4("192.168.2.1")), 0);
	assert_int_equal(sends_to(f, f->n.mn.ha_addr), 1);
	finish(f);

	f = start(MIP_MN_REGKEY_ANY, false);
	register_fa1_keyed(f);
	move_fa2(f);
	go_home(f);
	assert_int_equal(sends_to(f, ip4("192.168.2.1")), 0);
	finish(f);
}

static void
rsa_make(void)
{
	EVP_PKEY *pkey = EVP_RSA_gen(1024);
	unsigned char *q;
	int n;

	assert_non_null(pkey);
	q = rsa.pub;
	n = i2d_PublicKey(pkey, &q);
	assert_true(n > 0 && (size_t)n <= sizeof(rsa.pub));
	rsa.pub_len = (size_t)n;
	assert_true(i2d_PrivateKey(pkey, NULL) <= (int)sizeof(rsa.priv));
	q = rsa.priv;
	n = i2d_PrivateKey(pkey, &q);
	assert_true(n > 0);
	rsa.priv_len = (size_t)n;
	EVP_PKEY_free(pkey);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_s_no_request),
		cmocka_unit_test(test_request_variants),
		cmocka_unit_test(test_preconf_sa_no_request),
		cmocka_unit_test(test_reply_120_then_pfane),
		cmocka_unit_test(test_reply_122),
		cmocka_unit_test(test_reply_124),
		cmocka_unit_test(test_reply_without_key),
		cmocka_unit_test(test_bad_keys_ignored),
		cmocka_unit_test(test_bu_retransmitted_until_lifetime),
		cmocka_unit_test(test_ba_stops_bu),
		cmocka_unit_test(test_pfane_preconfigured),
		cmocka_unit_test(test_home_bu_retransmitted),
		cmocka_unit_test(test_home_bu_until_ba),
		cmocka_unit_test(test_home_no_bu),
	};

	rsa_make();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
