/* SPDX-License-Identifier: ISC */
/*
 * Registration keys and smooth handoff at the foreign agent (paper 4,
 * 6-9; PAPER 9.4; spec sheet 2.2, 2.6), driven event by event: the S bit
 * only with Diffie-Hellman; every append case of 9.4 (113, 115, 122, 124,
 * nothing) after the Mobile-Home authentication; weak Diffie-Hellman
 * parameters or values refused with the request still relayed; the key
 * taken from 121, 123 or our own 122/124 and installed as an MN-FA SA
 * only when the registration is accepted, removed with the visitor; a
 * PFANE turned into the Binding Update to the previous agent and its
 * acknowledgement passed to the mobile node once; the previous agent
 * accepting an update only under the registration key it established
 * (forged, replayed, wrong SPI, another key: refused, nothing changes),
 * ending the visitor, forwarding through its binding cache and
 * acknowledging to the new care-of address; the new agent delivering
 * what the previous one re-tunnels while the registration is pending
 * (a tunnel from that agent only), until the reply or the timeout.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_keys.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_regkey.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"
#include "mip_fa.h"
#include "mip_node_int.h"
#include "test_rsa.h"

#define VISIT_IF 1
#define UP_IF 2
#define SPI_HA 300 /* FA-HA */
#define SPI_MN 256 /* MN-HA */
#define SPI_KEY 0x10005U
#define SPI_PRE 500 /* a configured MN-FA SA with HOME */
#define BUF_CAP 2048

static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x10 };

#define COA "203.0.113.1" /* ours, on the visited link */
#define UP "198.51.100.2" /* ours, towards the Internet */
#define HA "192.0.2.1"
#define HOME "192.0.2.10"
#define HOME2 "192.0.2.11"  /* another mobile node */
#define COA2 "203.0.113.65" /* the next foreign agent */
#define PREV "198.51.100.7" /* the previous foreign agent */

struct fx {
	struct harness h;
	struct mip_sa_config sas[3];
	struct test_fa_node n;
	struct mip_sa *sa_ha, *sa_mn, *sa_mn2; /* the test's copies */
	struct mip_sa *sa_pre;		       /* sas[2] */
	struct test_mem tm;
	uint64_t ident;
	uint32_t step;
};

static struct test_rsa_pair rsa_fa, rsa_mn;

static int
group_setup(void **state)
{
	(void)state;
	test_rsa_pair_make(&rsa_fa, 1024);
	test_rsa_pair_make(&rsa_mn, 1024);
	return 0;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	test_mem_init(&f->tm, 0);
	/* One SA: the tests that want the HOME2 SA raise nsas. */
	test_fa_node_init(&f->n, VISIT_IF, ip4(COA), UP_IF, ip4(UP), f->sas, 1);
	f->n.fa.dh_min_bits = 1024;
	f->sa_ha = test_sa_make(ip4(HA), SPI_HA, 0x30, &f->sas[0], &f->tm.mem);
	f->sa_mn = test_sa_make(ip4(HA), SPI_MN, 0x50, NULL, &f->tm.mem);
	/* A configured MN-FA SA with another mobile node. */
	f->sa_mn2 =
	    test_sa_make(ip4(HOME2), 0x10006, 0x70, &f->sas[1], &f->tm.mem);
	/* Method 1 with HOME, for the tests that raise nsas to 3. */
	f->sa_pre =
	    test_sa_make(ip4(HOME), SPI_PRE, 0x40, &f->sas[2], &f->tm.mem);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->h.node != NULL)
		h_free(&f->h);
	mip_sa_free(f->sa_ha);
	mip_sa_free(f->sa_mn);
	mip_sa_free(f->sa_mn2);
	mip_sa_free(f->sa_pre);
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

/* ---- messages ---- */

/* A request from the mobile node through MN-HA authentication; the test
 * appends the FA-only extensions to |w|. */
static void
req_begin(struct fx *f, struct mip_wbuf *w, uint8_t *buf, uint16_t lifetime)
{
	struct mip_reg_req req;

	memset(&req, 0, sizeof(req));
	req.lifetime = lifetime;
	req.home_addr = ip4(HOME);
	req.ha_addr = ip4(HA);
	req.coa = ip4(COA);
	req.ident = f->ident = f->h.now.ntp + ++f->step;
	mip_wbuf_init(w, buf, BUF_CAP);
	w->off = (size_t)mip_reg_req_encode(buf, BUF_CAP, &req);
	assert_int_equal(mip_auth_append(w, MIP_EXT_MN_HA_AUTH, f->sa_mn), 0);
}

static void
req_send(struct fx *f, const struct mip_wbuf *w)
{
	h_udp_hw(
	    &f->h, VISIT_IF, ip4(HOME), ip4(COA), 434, 1, mn_hw, w->p, w->off);
}

/* The request we relayed to the home agent, decoded into |out|. */
static const struct mip_act_send *
relayed(struct fx *f, struct mip_reg_req *out)
{
	size_t i;

	for (i = 0; i < f->h.nacts; i++) {
		const struct mip_act_send *s = &f->h.acts[i].act.u.send;

		if (f->h.acts[i].act.type != MIP_ACT_SEND ||
		    !mip_ip4_eq(s->dst, ip4(HA)))
			continue;
		assert_int_equal(
		    mip_reg_req_decode(out, s->data, s->len, NULL, NULL), 0);
		return s;
	}
	fail_msg("no relayed request");
	return NULL;
}

/* The extension of |type| in the relayed request, after the MN-HA and
 * before the FA-HA authentication; NULL when absent. */
static const struct mip_ext *
relayed_ext(struct fx *f, uint8_t type, struct mip_reg_req *req)
{
	const struct mip_ext *x, *mnha, *faha;

	relayed(f, req);
	if ((x = mip_exts_find(&req->exts, type, 0)) == NULL)
		return NULL;
	mnha = mip_exts_find(&req->exts, MIP_EXT_MN_HA_AUTH, 0);
	faha = mip_exts_find(&req->exts, MIP_EXT_FA_HA_AUTH, 0);
	assert_non_null(mnha);
	assert_true(x->off > mnha->off);
	assert_true(faha == NULL || x->off < faha->off);
	return x;
}

/* A reply from the home agent: the test appends key extensions to |w|
 * after rep_begin, rep_send adds MN-HA and FA-HA authentication. */
static void
rep_begin(struct fx *f, struct mip_wbuf *w, uint8_t *buf, uint8_t code)
{
	struct mip_reg_rep rep;

	memset(&rep, 0, sizeof(rep));
	rep.code = code;
	rep.lifetime = 300;
	rep.home_addr = ip4(HOME);
	rep.ha_addr = ip4(HA);
	rep.ident = f->ident;
	mip_wbuf_init(w, buf, BUF_CAP);
	w->off = (size_t)mip_reg_rep_encode(buf, BUF_CAP, &rep);
}

static void
rep_send(struct fx *f, struct mip_wbuf *w)
{
	assert_int_equal(mip_auth_append(w, MIP_EXT_MN_HA_AUTH, f->sa_mn), 0);
	assert_int_equal(mip_auth_append(w, MIP_EXT_FA_HA_AUTH, f->sa_ha), 0);
	h_udp(&f->h, UP_IF, ip4(HA), ip4(COA), 434, 64, w->p, w->off);
}

/* The FA's SA with HOME under |spi|, or NULL. */
static const struct mip_sa *
key_sa(struct fx *f, uint32_t spi)
{
	return mip_sa_find(f->h.node->ctx.sas, ip4(HOME), spi);
}

static size_t
sa_count(struct fx *f)
{
	return mip_sa_count(f->h.node->ctx.sas);
}

/* ---- the Diffie-Hellman mobile node ---- */

struct dh_mn {
	const uint8_t *p;
	uint8_t g[MIP_DH_MAX_LEN], x[MIP_DH_PRIV_LEN], pub[MIP_DH_MAX_LEN];
	size_t len;
};

static void
dh_mn_make(struct dh_mn *m)
{
	size_t i;

	m->p = mip_dh_group(1024, &m->len, m->g);
	assert_non_null(m->p);
	for (i = 0; i < sizeof(m->x); i++)
		m->x[i] = (uint8_t)(0x91 + 7 * i);
	assert_int_equal(
	    mip_dh_public(m->pub, m->p, m->g, m->len, m->x, sizeof(m->x)), 0);
}

static void
put_dh_req(struct mip_wbuf *w, const struct dh_mn *m)
{
	struct mip_ext_regkey_req r = { m->p, m->g, m->pub, m->len };

	assert_int_equal(mip_ext_regkey_req_encode(w, &r), 0);
}

static void
put_empty_req(struct mip_wbuf *w)
{
	struct mip_ext_regkey_req r = { NULL, NULL, NULL, 0 };

	assert_int_equal(mip_ext_regkey_req_encode(w, &r), 0);
}

/* A request of |lifetime| with nothing the FA acts on. */
static void
req_plain(struct fx *f, uint16_t lifetime)
{
	uint8_t buf[BUF_CAP];
	struct mip_wbuf w;

	req_begin(f, &w, buf, lifetime);
	req_send(f, &w);
}

/* A request with 116 and L = 0: the FA chooses what to append. */
static void
req_empty_key(struct fx *f)
{
	uint8_t buf[BUF_CAP];
	struct mip_wbuf w;

	req_begin(f, &w, buf, 300);
	put_empty_req(&w);
	req_send(f, &w);
}

/* The home agent's reply with |code| and no key extension. */
static void
reply(struct fx *f, uint8_t code)
{
	uint8_t rbuf[BUF_CAP];
	struct mip_wbuf w;

	rep_begin(f, &w, rbuf, code);
	rep_send(f, &w);
}

/* The FA's own RSA key pair (paper 8: 115, or 113 before it). */
static void
fa_rsa_keys(struct fx *f)
{
	f->n.fa.rsa_pub_der = rsa_fa.pub;
	f->n.fa.rsa_pub_len = rsa_fa.pub_len;
	f->n.fa.rsa_priv_der = rsa_fa.priv;
	f->n.fa.rsa_priv_len = rsa_fa.priv_len;
}

/*
 * A registration with a Diffie-Hellman key: request with 116, the home
 * agent's reply copying our 124 (PAPER 9.3 step 1). |key| receives the
 * mobile node's side of the key; returns the SPI we chose.
 */
static uint32_t
register_dh(struct fx *f, uint8_t key[MIP_REGKEY_LEN])
{
	uint8_t buf[BUF_CAP], rbuf[BUF_CAP];
	struct mip_ext_regkey_key k;
	struct mip_reg_req req;
	const struct mip_ext *x;
	struct mip_wbuf w;
	struct dh_mn m;

	dh_mn_make(&m);
	req_begin(f, &w, buf, 300);
	put_dh_req(&w, &m);
	req_send(f, &w);
	x = relayed_ext(f, MIP_EXT_DH_KEY_REP, &req);
	assert_non_null(x);
	assert_int_equal(mip_ext_regkey_key_decode(&k, x, NULL), 0);
	assert_int_equal(k.key_len, m.len);
	assert_int_equal(
	    mip_dh_key(key, m.p, m.len, m.x, sizeof(m.x), k.key), 0);
	rep_begin(f, &w, rbuf, MIP_CODE_ACCEPTED);
	test_put_regkey_key(&w, MIP_EXT_DH_KEY_REP, k.spi, k.key, k.key_len);
	rep_send(f, &w);
	return k.spi;
}

/* ---- S ---- */

static void
test_s_only_with_dh(void **state)
{
	struct fx *f = *state;
	struct mip_profile prof = mip_profile_default;

	/* Off by default: the profile's mask is 0 (RFC 3519's U). */
	assert_int_equal(mip_fa_regkey_adv_flags(&f->n.fa, &prof), 0);
	prof.s_mask = 0x0080;
	assert_int_equal(mip_fa_regkey_adv_flags(&f->n.fa, &prof), 0x0080);
	f->n.fa.dh_min_bits = 0;
	assert_int_equal(mip_fa_regkey_adv_flags(&f->n.fa, &prof), 0);
	f->n.fa.dh_min_bits = 1024;
	prof.ro = false;
	assert_int_equal(mip_fa_regkey_adv_flags(&f->n.fa, &prof), 0);
}

/* ---- PAPER 9.4 steps 2-6 ---- */

static void
test_113_when_sa_with_ha(void **state)
{
	struct fx *f = *state;
	uint8_t rbuf[BUF_CAP], key[16], enc[16];
	struct mip_ext_regkey_spi s;
	const struct mip_ext *x;
	const struct mip_sa *sa;
	struct mip_reg_req req;
	struct mip_wbuf w;
	size_t i;

	f->n.fa.key_req_ha = true;
	fa_rsa_keys(f); /* 113 comes first */
	h_init(&f->h, &f->n.cfg);
	req_empty_key(f);
	x = relayed_ext(f, MIP_EXT_FA_KEY_REQ, &req);
	assert_non_null(x);
	assert_int_equal(mip_ext_regkey_spi_decode(&s, x, NULL), 0);
	assert_int_equal(s.spi, SPI_HA);
	assert_null(mip_exts_find(&req.exts, MIP_EXT_FA_PUBKEY, 0));
	assert_null(mip_exts_find(&req.exts, MIP_EXT_REGKEY_REQ, 0));
	/* Spec 2.6.1: 121 under the FA-HA SA, 125 names the key's SPI. */
	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)(0xa0 + i);
	rep_begin(f, &w, rbuf, MIP_CODE_ACCEPTED);
	test_put_regkey_spi(&w, MIP_EXT_SPI, SPI_KEY);
	memset(enc, 0, sizeof(enc));
	test_put_regkey_key(&w, MIP_EXT_FA_KEY_REP, SPI_HA, enc, 16);
	assert_int_equal(mip_auth_regkey_encode(f->sa_ha, rbuf, w.off - 16, key,
			     16, rbuf + w.off - 16),
	    0);
	rep_send(f, &w);
	assert_non_null(sa = key_sa(f, SPI_KEY));
	assert_memory_equal(sa->cfg.key, key, 16);
	assert_int_equal(sa->cfg.key_len, 16);
}

static void
test_121_altered_no_key(void **state)
{
	struct fx *f = *state;
	uint8_t rbuf[BUF_CAP], enc[16];
	struct mip_wbuf w;
	size_t before;

	f->n.fa.key_req_ha = true;
	h_init(&f->h, &f->n.cfg);
	before = sa_count(f);
	req_empty_key(f);
	/* 121 under an SPI we did not name: no key, still registered. */
	memset(enc, 0x5a, sizeof(enc));
	rep_begin(f, &w, rbuf, MIP_CODE_ACCEPTED);
	test_put_regkey_spi(&w, MIP_EXT_SPI, SPI_KEY);
	test_put_regkey_key(&w, MIP_EXT_FA_KEY_REP, SPI_HA + 1, enc, 16);
	rep_send(f, &w);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	assert_int_equal(sa_count(f), before);
}

static void
test_115_and_123(void **state)
{
	struct fx *f = *state;
	uint8_t rbuf[BUF_CAP], key[16], enc[512];
	struct mip_ext_regkey_key k;
	const struct mip_ext *x;
	const struct mip_sa *sa;
	struct mip_reg_req req;
	struct mip_wbuf w;
	mip_ssize n;

	fa_rsa_keys(f);
	h_init(&f->h, &f->n.cfg); /* an SA with the HA, but 113 is off */
	req_empty_key(f);
	relayed(f, &req);
	assert_null(mip_exts_find(&req.exts, MIP_EXT_FA_KEY_REQ, 0));
	x = relayed_ext(f, MIP_EXT_FA_PUBKEY, &req);
	assert_non_null(x);
	assert_int_equal(mip_ext_regkey_key_decode(&k, x, NULL), 0);
	assert_true(k.spi >= MIP_FA_REGKEY_SPI_BASE);
	assert_int_equal(k.key_len, rsa_fa.pub_len);
	assert_memory_equal(k.key, rsa_fa.pub, rsa_fa.pub_len);
	/* PAPER 8.4: the HA's 123 under our public key, our SPI. */
	memset(key, 0x3c, sizeof(key));
	n = mip_rsa_encrypt_key(
	    enc, sizeof(enc), rsa_fa.pub, rsa_fa.pub_len, key);
	assert_true(n > 0);
	rep_begin(f, &w, rbuf, MIP_CODE_ACCEPTED);
	test_put_regkey_key(&w, MIP_EXT_FA_PUBKEY_REP, k.spi, enc, (size_t)n);
	rep_send(f, &w);
	assert_non_null(sa = key_sa(f, k.spi));
	assert_memory_equal(sa->cfg.key, key, 16);
}

static void
test_122_to_mn_public_key(void **state)
{
	struct fx *f = *state;
	uint8_t buf[BUF_CAP], rbuf[BUF_CAP], key[16];
	struct mip_ext_mn_pubkey pk = { rsa_mn.pub, rsa_mn.pub_len };
	struct mip_ext_regkey_key k;
	const struct mip_ext *x;
	const struct mip_sa *sa;
	struct mip_reg_req req;
	struct mip_wbuf w;

	h_init(&f->h, &f->n.cfg);
	req_begin(f, &w, buf, 300);
	assert_int_equal(mip_ext_mn_pubkey_encode(&w, &pk), 0);
	req_send(f, &w);
	x = relayed_ext(f, MIP_EXT_MN_PUBKEY_REP, &req);
	assert_non_null(x);
	assert_int_equal(mip_ext_regkey_key_decode(&k, x, NULL), 0);
	assert_true(k.spi >= MIP_FA_REGKEY_SPI_BASE);
	assert_int_equal(mip_rsa_decrypt_key(key, rsa_mn.priv, rsa_mn.priv_len,
			     k.key, k.key_len),
	    MIP_REGKEY_LEN);
	/* Nothing yet: the key waits for the accepted reply. */
	assert_null(key_sa(f, k.spi));
	rep_begin(f, &w, rbuf, MIP_CODE_ACCEPTED);
	test_put_regkey_key(&w, MIP_EXT_MN_PUBKEY_REP, k.spi, k.key, k.key_len);
	rep_send(f, &w);
	assert_non_null(sa = key_sa(f, k.spi));
	assert_memory_equal(sa->cfg.key, key, 16);
}

static void
test_124_diffie_hellman(void **state)
{
	struct fx *f = *state;
	uint8_t key[16];
	const struct mip_sa *sa;
	uint32_t spi;

	h_init(&f->h, &f->n.cfg);
	spi = register_dh(f, key);
	assert_true(spi >= MIP_FA_REGKEY_SPI_BASE);
	assert_non_null(sa = key_sa(f, spi));
	assert_memory_equal(sa->cfg.key, key, 16);
	/* The group passed its check once and is cached. */
	assert_int_equal(f->h.node->fa->dh_len, 128);
}

static void
test_nothing_to_offer(void **state)
{
	struct fx *f = *state;
	uint8_t buf[BUF_CAP];
	struct mip_reg_req req;
	const struct mip_act_send *s;
	struct mip_wbuf w;
	struct dh_mn m;
	size_t i;

	/* 116 with L = 0 and no SA with the HA, no RSA keys: step 6. */
	f->n.cfg.nsas = 0;
	h_init(&f->h, &f->n.cfg);
	req_empty_key(f);
	s = relayed(f, &req);
	for (i = 0; i < req.exts.n; i++)
		assert_true(req.exts.e[i].type == MIP_EXT_MN_HA_AUTH);
	(void)s;
	/* Diffie-Hellman off (dh_min_bits 0): no 124 either. */
	h_free(&f->h);
	f->n.fa.dh_min_bits = 0;
	h_init(&f->h, &f->n.cfg);
	dh_mn_make(&m);
	req_begin(f, &w, buf, 300);
	put_dh_req(&w, &m);
	req_send(f, &w);
	assert_null(relayed_ext(f, MIP_EXT_DH_KEY_REP, &req));
}

/* A request with Diffie-Hellman parameters the FA must refuse: still
 * relayed, without a 124 (paper 6). */
static void
weak_case(struct fx *f, const uint8_t *p, const uint8_t *g, const uint8_t *v,
    size_t len)
{
	uint8_t buf[BUF_CAP];
	struct mip_ext_regkey_req r = { p, g, v, len };
	struct mip_reg_req req;
	struct mip_wbuf w;

	req_begin(f, &w, buf, 300);
	assert_int_equal(mip_ext_regkey_req_encode(&w, &r), 0);
	req_send(f, &w);
	relayed(f, &req);
	assert_null(mip_exts_find(&req.exts, MIP_EXT_DH_KEY_REP, 0));
}

static void
test_weak_dh_refused(void **state)
{
	struct fx *f = *state;
	uint8_t p[MIP_DH_MAX_LEN], g[MIP_DH_MAX_LEN], v[MIP_DH_MAX_LEN];
	struct dh_mn m;

	h_init(&f->h, &f->n.cfg);
	dh_mn_make(&m);
	/* g = 1 and g = p - 1. */
	memset(g, 0, m.len);
	g[m.len - 1] = 1;
	weak_case(f, m.p, g, m.pub, m.len);
	memcpy(g, m.p, m.len);
	g[m.len - 1] ^= 1; /* p is odd: p - 1 */
	weak_case(f, m.p, g, m.pub, m.len);
	/* p not a safe prime (p + 2 is even: not prime at all). */
	memcpy(p, m.p, m.len);
	p[m.len - 1] ^= 2;
	weak_case(f, p, m.g, m.pub, m.len);
	/* The MN's value 1, and p - 1. */
	memset(v, 0, m.len);
	v[m.len - 1] = 1;
	weak_case(f, m.p, m.g, v, m.len);
	memcpy(v, m.p, m.len);
	v[m.len - 1] ^= 1;
	weak_case(f, m.p, m.g, v, m.len);
	/* A group below our floor. */
	h_free(&f->h);
	f->n.fa.dh_min_bits = 2048;
	h_init(&f->h, &f->n.cfg);
	weak_case(f, m.p, m.g, m.pub, m.len);
	/* Nothing was ever installed. */
	assert_int_equal(sa_count(f), 1);
}

/* ---- the SA and the visitor ---- */

static void
test_key_only_when_accepted(void **state)
{
	struct fx *f = *state;
	uint8_t buf[BUF_CAP], rbuf[BUF_CAP];
	struct mip_ext_regkey_key k;
	struct mip_reg_req req;
	struct mip_wbuf w;
	struct dh_mn m;

	h_init(&f->h, &f->n.cfg);
	dh_mn_make(&m);
	req_begin(f, &w, buf, 300);
	put_dh_req(&w, &m);
	req_send(f, &w);
	assert_int_equal(mip_ext_regkey_key_decode(&k,
			     relayed_ext(f, MIP_EXT_DH_KEY_REP, &req), NULL),
	    0);
	rep_begin(f, &w, rbuf, MIP_CODE_HA_PROHIBITED);
	test_put_regkey_key(&w, MIP_EXT_DH_KEY_REP, k.spi, k.key, k.key_len);
	rep_send(f, &w);
	assert_int_equal(sa_count(f), 1);
	/* Accepted, but the HA did not copy our 124: the MN has no key. */
	req_begin(f, &w, buf, 300);
	put_dh_req(&w, &m);
	req_send(f, &w);
	reply(f, MIP_CODE_ACCEPTED);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	assert_int_equal(sa_count(f), 1);
}

static void
test_key_goes_with_visitor(void **state)
{
	struct fx *f = *state;
	uint8_t key[16];
	struct mip_reg_req req;
	uint32_t spi, spi2;

	h_init(&f->h, &f->n.cfg);
	spi = register_dh(f, key);
	assert_non_null(key_sa(f, spi));
	/* A renewal without a key request keeps the key. */
	req_plain(f, 300);
	reply(f, MIP_CODE_ACCEPTED);
	assert_non_null(key_sa(f, spi));
	/* A renewal with a new key replaces it. */
	spi2 = register_dh(f, key);
	assert_true(spi2 != spi);
	assert_null(key_sa(f, spi));
	assert_non_null(key_sa(f, spi2));
	/* The registration key is not taken for MN-FA authentication:
	 * a renewal without it is still relayed. */
	req_plain(f, 300);
	relayed(f, &req);
	/* Lifetime over: the visitor and its key go. */
	h_advance(&f->h, 700 * MIP_SEC);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_null(key_sa(f, spi2));
	assert_int_equal(sa_count(f), 1);
}

static void
test_key_goes_on_deregistration(void **state)
{
	struct fx *f = *state;
	uint8_t key[16], rbuf[BUF_CAP];
	struct mip_wbuf w;
	uint32_t spi;

	h_init(&f->h, &f->n.cfg);
	spi = register_dh(f, key);
	req_plain(f, 0);
	rep_begin(f, &w, rbuf, MIP_CODE_ACCEPTED);
	rbuf[2] = rbuf[3] = 0; /* Lifetime 0 */
	rep_send(f, &w);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_null(key_sa(f, spi));
}

/* ---- smooth handoff: the previous foreign agent ---- */

/* A smooth-handoff Binding Update as the new FA builds it from a PFANE
 * whose authenticator the mobile node computed under |key|/|spi|. */
static size_t
sh_bu(uint8_t *buf, const uint8_t key[16], uint32_t spi, const char *coa,
    uint16_t lifetime)
{
	struct mip_ext_pfane pf;
	struct mip_sa_config c;
	struct mip_sa *sa;
	struct test_mem tm;
	uint8_t in[64], mac[16];
	mip_ssize n;

	test_mem_init(&tm, 0);
	mip_sa_config_init(&c);
	c.peer = ip4(HOME);
	c.spi = spi;
	memcpy(c.key, key, 16);
	c.key_len = 16;
	assert_int_equal(mip_sa_new(&sa, &c, &tm.mem), 0);
	memset(&pf, 0, sizeof(pf));
	pf.cache_lifetime = lifetime;
	pf.prev_fa_addr = ip4(COA);
	pf.new_coa = ip4(coa);
	pf.spi = spi;
	pf.auth_len = 16;
	n = mip_pfane_auth_input(in, sizeof(in), &pf, ip4(HOME), 0, NULL);
	assert_true(n > 0);
	assert_int_equal(mip_auth_compute(sa, in, (size_t)n, mac), 0);
	mip_sa_free(sa);
	pf.authenticator = mac;
	n = mip_pfane_bu_build(buf, 64, &pf, ip4(HOME), 0, NULL);
	assert_true(n > 0);
	return (size_t)n;
}

static void
bu_from(struct fx *f, const uint8_t *buf, size_t len)
{
	h_udp(&f->h, UP_IF, ip4(COA2), ip4(COA), 434, 64, buf, len);
}

/* The one Binding Acknowledge sent, to |dst|; its status. */
static uint8_t
ack_to(struct fx *f, const char *dst, struct mip_ba *ba)
{
	const struct h_action *a = h_find(&f->h, MIP_ACT_SEND, 0);

	assert_non_null(a);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
	assert_true(mip_ip4_eq(a->act.u.send.dst, ip4(dst)));
	assert_int_equal(mip_ba_decode(ba, a->act.u.send.data,
			     a->act.u.send.len, NULL, NULL),
	    0);
	assert_true(mip_ip4_eq(ba->home_addr, ip4(HOME)));
	return ba->status;
}

/* Nothing changed: no visitor or cache action, the key still there. */
static void
nothing_changed(struct fx *f, uint32_t spi)
{
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_non_null(key_sa(f, spi));
}

/* The update |b| from COA2 refused with |status|: acknowledged, and
 * nothing else changes. */
static void
bu_refused(
    struct fx *f, const uint8_t *b, size_t n, uint8_t status, uint32_t spi)
{
	struct mip_ba ba;

	bu_from(f, b, n);
	assert_int_equal(ack_to(f, COA2, &ba), status);
	nothing_changed(f, spi);
}

static void
test_bu_accepted_forwards(void **state)
{
	struct fx *f = *state;
	uint8_t key[16], b[64];
	const struct mip_act_send *s;
	const struct mip_ext *auth;
	const struct h_action *t;
	struct mip_ba ba;
	size_t n;
	uint32_t spi, aspi;

	h_init(&f->h, &f->n.cfg);
	spi = register_dh(f, key);
	n = sh_bu(b, key, spi, COA2, 10);
	bu_from(f, b, n);
	/* The visitor ends, the cache forwards to COA2. */
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_ADD, 0));
	t = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	assert_non_null(t);
	assert_true(mip_ip4_eq(t->act.u.tunnel.remote, ip4(COA2)));
	assert_true(mip_ip4_eq(t->act.u.tunnel.local, ip4(COA)));
	/* The acknowledgement: to the new care-of address, port 434,
	 * authenticated under the registration key. */
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ACCEPTED);
	s = &h_find(&f->h, MIP_ACT_SEND, 0)->act.u.send;
	assert_int_equal(s->dport, 434);
	assert_true(mip_ip4_eq(s->src, ip4(COA)));
	assert_non_null(auth = mip_exts_find(&ba.exts, MIP_EXT_RO_AUTH, 0));
	assert_int_equal(mip_auth_ext_spi(auth, &aspi), 0);
	assert_int_equal(aspi, spi);
	assert_int_equal(
	    mip_auth_verify_ext(key_sa(f, spi), s->data, s->len, auth), 0);
	/* The retransmission: acknowledged again, nothing else. */
	bu_from(f, b, n);
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ACCEPTED);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_null(h_note(&f->h, MIP_NOTE_BINDING_ADD, 0));
	/* Another update under the spent key: a replay, refused. */
	n = sh_bu(b, key, spi, COA2, 600);
	bu_from(f, b, n);
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ID_MISMATCH);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	/* The key ends with the binding's lifetime; the cache entry too. */
	h_advance(&f->h, 11 * MIP_SEC);
	assert_null(key_sa(f, spi));
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0));
	bu_from(f, b, n); /* the correspondent node's now: no SA */
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_AUTH);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
}

static void
test_bu_home_forgets(void **state)
{
	struct fx *f = *state;
	uint8_t key[16], b[64];
	struct mip_ba ba;
	size_t n;
	uint32_t spi;

	h_init(&f->h, &f->n.cfg);
	spi = register_dh(f, key);
	n = sh_bu(b, key, spi, HOME, 10);
	bu_from(f, b, n);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_null(h_note(&f->h, MIP_NOTE_BINDING_ADD, 0));
	assert_int_equal(ack_to(f, HOME, &ba), MIP_BA_ACCEPTED);
}

static void
test_bu_refusals_change_nothing(void **state)
{
	struct fx *f = *state;
	uint8_t key[16], other[16], b[64];
	struct mip_ba ba;
	size_t n;
	uint32_t spi;

	f->n.cfg.nsas = 2; /* and a configured SA with HOME2 */
	h_init(&f->h, &f->n.cfg);
	spi = register_dh(f, key);
	/* Forged: the right SPI, a wrong authenticator. */
	n = sh_bu(b, key, spi, COA2, 10);
	b[n - 1] ^= 1;
	bu_refused(f, b, n, MIP_BA_AUTH, spi);
	/* Another key under our SPI. */
	memset(other, 0x77, sizeof(other));
	n = sh_bu(b, other, spi, COA2, 10);
	bu_refused(f, b, n, MIP_BA_AUTH, spi);
	/* The right key under a wrong SPI. */
	n = sh_bu(b, key, spi + 1, COA2, 10);
	bu_refused(f, b, n, MIP_BA_AUTH, spi);
	/* Poorly formed: our own address as the care-of address. */
	n = sh_bu(b, key, spi, UP, 10);
	bu_refused(f, b, n, MIP_BA_PROHIBITED, spi);
	/* After all that, the real one still passes. */
	n = sh_bu(b, key, spi, COA2, 10);
	bu_from(f, b, n);
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ACCEPTED);
}

static void
test_bu_without_key_not_ours(void **state)
{
	struct fx *f = *state;
	uint8_t key[16], b[64];
	size_t n;

	/* A visitor without a registration key: the update is the CN
	 * role's, which knows no SA (COA2, SPI) and refuses it; the
	 * visitor stays. */
	f->n.cfg.nsas = 2;
	h_init(&f->h, &f->n.cfg);
	req_plain(f, 300);
	reply(f, MIP_CODE_ACCEPTED);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	memset(key, 0x70, sizeof(key));
	n = sh_bu(b, key, 0x10006, COA2, 10);
	bu_from(f, b, n);
	assert_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
}

/* ---- smooth handoff under a configured MN-FA SA (decision 2) ---- */

/* HMAC-MD5(the configured key, the reply's 8-octet Identification),
 * computed here from its definition (mip_visit_key.h). */
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

/* A registration authenticated under the configured MN-FA SA; |key|
 * receives the visit's key. */
static void
register_preconf(struct fx *f, uint8_t key[16])
{
	uint8_t buf[BUF_CAP];
	struct mip_wbuf w;

	req_begin(f, &w, buf, 300);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, f->sa_pre), 0);
	req_send(f, &w);
	reply(f, MIP_CODE_ACCEPTED);
	visit_key_of(key, f->ident);
}

static void
test_bu_under_visit_key(void **state)
{
	struct fx *f = *state;
	uint8_t cfg_key[16], key1[16], key2[16], b[64];
	const struct mip_act_send *s;
	struct mip_sa *sa2;
	struct mip_sa_config c;
	struct mip_ba ba;
	size_t n, i;

	for (i = 0; i < 16; i++)
		cfg_key[i] = (uint8_t)(0x40 + i);
	f->n.cfg.nsas = 3;
	h_init(&f->h, &f->n.cfg);
	register_preconf(f, key1);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	/* A re-registration: the next visit's key. */
	h_advance(&f->h, MIP_SEC);
	register_preconf(f, key2);
	assert_memory_not_equal(key1, key2, 16);
	/* Never the configured key itself, nor an older visit's key. */
	n = sh_bu(b, cfg_key, SPI_PRE, COA2, 10);
	bu_refused(f, b, n, MIP_BA_AUTH, SPI_PRE);
	n = sh_bu(b, key1, SPI_PRE, COA2, 10);
	bu_refused(f, b, n, MIP_BA_AUTH, SPI_PRE);
	/* This visit's: accepted, acknowledged under it. */
	n = sh_bu(b, key2, SPI_PRE, COA2, 10);
	bu_from(f, b, n);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ACCEPTED);
	s = &h_find(&f->h, MIP_ACT_SEND, 0)->act.u.send;
	c = f->sas[2];
	memcpy(c.key, key2, 16);
	assert_int_equal(mip_sa_new(&sa2, &c, &f->tm.mem), 0);
	assert_int_equal(mip_auth_verify_ext(sa2, s->data, s->len,
			     mip_exts_find(&ba.exts, MIP_EXT_RO_AUTH, 0)),
	    0);
	mip_sa_free(sa2);
	/* Single-use: the retransmission is acknowledged again, any other
	 * update under it is a replay. */
	bu_from(f, b, n);
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ACCEPTED);
	n = sh_bu(b, key2, SPI_PRE, COA2, 600);
	bu_from(f, b, n);
	assert_int_equal(ack_to(f, COA2, &ba), MIP_BA_ID_MISMATCH);
	/* The configured SA is configuration: it stays, and still
	 * authenticates the next registration. */
	h_advance(&f->h, 11 * MIP_SEC);
	assert_non_null(key_sa(f, SPI_PRE));
	assert_memory_equal(key_sa(f, SPI_PRE)->cfg.key, cfg_key, 16);
	register_preconf(f, key1);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
}

/* ---- smooth handoff: the new foreign agent ---- */

/* A PFANE naming |prev| and |new_coa| with a 10 s cache lifetime and
 * an authenticator |mac| the FA cannot check (only the previous FA
 * can). */
static void
pfane_init(struct mip_ext_pfane *pf, uint8_t mac[16], const char *prev,
    const char *new_coa)
{
	memset(mac, 0xab, 16);
	memset(pf, 0, sizeof(*pf));
	pf->cache_lifetime = 10;
	pf->prev_fa_addr = ip4(prev);
	pf->new_coa = ip4(new_coa);
	pf->spi = SPI_KEY;
	pf->authenticator = mac;
	pf->auth_len = 16;
}

/* A request carrying |pf|. */
static void
req_send_pfane(struct fx *f, const struct mip_ext_pfane *pf)
{
	uint8_t buf[BUF_CAP];
	struct mip_wbuf w;

	req_begin(f, &w, buf, 300);
	assert_int_equal(mip_ext_pfane_encode(&w, pf), 0);
	req_send(f, &w);
}

/* A request with a PFANE naming |prev| and |new_coa|. */
static void
req_pfane(struct fx *f, const char *prev, const char *new_coa)
{
	struct mip_ext_pfane pf;
	uint8_t mac[16];

	pfane_init(&pf, mac, prev, new_coa);
	req_send_pfane(f, &pf);
}

static void
test_pfane_becomes_bu_and_ack_relayed(void **state)
{
	struct fx *f = *state;
	uint8_t ab[MIP_BA_LEN];
	const struct h_action *a;
	struct mip_reg_req req;
	struct mip_bu bu;
	struct mip_ba ba;
	mip_ssize n;

	h_init(&f->h, &f->n.cfg);
	req_pfane(f, PREV, COA);
	/* The request goes on without the PFANE; the update to PREV. */
	relayed(f, &req);
	assert_null(mip_exts_find(&req.exts, MIP_EXT_PFANE, 0));
	a = h_find(&f->h, MIP_ACT_SEND, 0)->act.u.send.dst.v == ip4(PREV).v
	    ? h_find(&f->h, MIP_ACT_SEND, 0)
	    : h_find(&f->h, MIP_ACT_SEND, 1);
	assert_true(mip_ip4_eq(a->act.u.send.dst, ip4(PREV)));
	assert_true(mip_ip4_eq(a->act.u.send.src, ip4(COA)));
	assert_int_equal(a->act.u.send.dport, 434);
	assert_int_equal(mip_bu_decode(&bu, a->act.u.send.data,
			     a->act.u.send.len, NULL, NULL),
	    0);
	assert_int_equal(bu.flags, MIP_BU_F_A);
	assert_int_equal(bu.lifetime, 10);
	assert_true(mip_ip4_eq(bu.coa, ip4(COA)));
	/* Its acknowledgement reaches us before the reply: passed on to
	 * the mobile node on its link, once. */
	memset(&ba, 0, sizeof(ba));
	ba.home_addr = ip4(HOME);
	n = mip_ba_encode(ab, sizeof(ab), &ba, NULL);
	assert_true(n > 0);
	h_udp(&f->h, UP_IF, ip4(PREV), ip4(COA), 434, 64, ab, (size_t)n);
	a = h_find(&f->h, MIP_ACT_SEND, 0);
	assert_non_null(a);
	assert_true(mip_ip4_eq(a->act.u.send.dst, ip4(HOME)));
	assert_int_equal(a->act.u.send.ifindex, VISIT_IF);
	assert_true(a->act.u.send.has_hwaddr);
	assert_memory_equal(a->act.u.send.data, ab, (size_t)n);
	h_udp(&f->h, UP_IF, ip4(PREV), ip4(COA), 434, 64, ab, (size_t)n);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	/* Once registered, the MN's retransmissions' acks pass too. */
	reply(f, MIP_CODE_ACCEPTED);
	h_udp(&f->h, UP_IF, ip4(PREV), ip4(COA), 434, 64, ab, (size_t)n);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
}

static void
test_pfane_bad_targets_ignored(void **state)
{
	struct fx *f = *state;

	h_init(&f->h, &f->n.cfg);
	/* New CoA neither the care-of nor home address. */
	req_pfane(f, PREV, COA2);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1); /* the relay */
	req_pfane(f, UP, COA);				   /* ourselves */
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
}

/* ---- smooth handoff: delivery while the registration is pending ---- */

/* The early plane's actions, added (|add|) or deleted: a tunnel from the
 * previous FA only to our care-of address, the on-link host route and
 * the neighbour from the request's link-layer source. Returns the
 * tunnel's id. */
static uint32_t
early_plane(struct fx *f, bool add)
{
	enum mip_action_type tun =
	    add ? MIP_ACT_TUNNEL_ADD : MIP_ACT_TUNNEL_DEL;
	enum mip_action_type rt = add ? MIP_ACT_ROUTE_ADD : MIP_ACT_ROUTE_DEL;
	enum mip_action_type ng = add ? MIP_ACT_NEIGH_ADD : MIP_ACT_NEIGH_DEL;
	const struct mip_act_tunnel *t;
	const struct mip_act_route *r;
	const struct mip_act_neigh *n;

	assert_int_equal(h_count(&f->h, tun), 1);
	t = &h_find(&f->h, tun, 0)->act.u.tunnel;
	assert_true(mip_ip4_eq(t->remote, ip4(PREV)));
	assert_true(mip_ip4_eq(t->local, ip4(COA)));
	assert_true(mip_ip4_eq(t->home_addr, ip4(HOME)));
	assert_false(t->reverse);
	assert_int_equal(h_count(&f->h, rt), 1);
	r = &h_find(&f->h, rt, 0)->act.u.route;
	assert_true(mip_ip4_eq(r->dst, ip4(HOME)));
	assert_int_equal(r->plen, 32);
	assert_int_equal(r->ifindex, VISIT_IF);
	assert_int_equal(r->tunnel_id, 0);
	assert_int_equal(h_count(&f->h, ng), 1);
	n = &h_find(&f->h, ng, 0)->act.u.neigh;
	assert_true(mip_ip4_eq(n->addr, ip4(HOME)));
	assert_int_equal(n->ifindex, VISIT_IF);
	assert_memory_equal(n->hwaddr, mn_hw, MIP_HWADDR_LEN);
	return t->id;
}

static void
test_pfane_early_plane_until_accepted(void **state)
{
	struct fx *f = *state;
	const struct h_action *a;
	uint32_t id;
	size_t i, del_at = 0, add_at = 0;

	h_init(&f->h, &f->n.cfg);
	/* The update goes to PREV and the early plane comes with the
	 * relay; no visitor yet. */
	req_pfane(f, PREV, COA);
	id = early_plane(f, true);
	assert_int_not_equal(id, 0);
	assert_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	/* A retransmission replaces it: the old one goes, a new one
	 * comes. */
	req_pfane(f, PREV, COA);
	assert_int_equal(
	    h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.id, id);
	id = early_plane(f, true);
	/* Accepted: the visitor's plane (tunnel from the home agent)
	 * replaces it, the early route removed before the visitor's. */
	reply(f, MIP_CODE_ACCEPTED);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 1);
	assert_int_equal(
	    h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.id, id);
	assert_true(mip_ip4_eq(
	    h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.remote,
	    ip4(PREV)));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
	a = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	assert_true(mip_ip4_eq(a->act.u.tunnel.remote, ip4(HA)));
	assert_int_not_equal(a->act.u.tunnel.id, id);
	for (i = 0; i < f->h.nacts; i++) {
		if (f->h.acts[i].act.type == MIP_ACT_ROUTE_DEL)
			del_at = i + 1;
		if (f->h.acts[i].act.type == MIP_ACT_ROUTE_ADD)
			add_at = i + 1;
	}
	assert_true(del_at != 0 && del_at < add_at);
	/* The visitor's removal later takes only its own plane. */
	h_advance(&f->h, 301 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 1);
	assert_true(mip_ip4_eq(
	    h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.remote,
	    ip4(HA)));
}

static void
test_pfane_early_plane_denied(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	h_init(&f->h, &f->n.cfg);
	req_pfane(f, PREV, COA);
	id = early_plane(f, true);
	reply(f, MIP_CODE_HA_PROHIBITED);
	assert_int_equal(early_plane(f, false), id);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
}

static void
test_pfane_early_plane_timeout(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	h_init(&f->h, &f->n.cfg);
	req_pfane(f, PREV, COA);
	id = early_plane(f, true);
	/* RFC 5944 3.7.1: unanswered for 7 s, the request is over (78). */
	h_advance(&f->h, 8 * MIP_SEC);
	assert_int_equal(early_plane(f, false), id);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
}

static void
test_no_early_plane_without_prev_fa(void **state)
{
	struct fx *f = *state;

	h_init(&f->h, &f->n.cfg);
	/* No PFANE: nothing before the reply. */
	req_plain(f, 300);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_ADD), 0);
	/* A PFANE whose binding leads home: the previous FA forwards
	 * nothing to us. */
	req_pfane(f, PREV, HOME);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	/* A PFANE naming ourselves as the previous FA: no update, no
	 * tunnel. */
	req_pfane(f, UP, COA);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	/* A visitor renewing with a PFANE: its own plane stays, no second
	 * route for it. */
	reply(f, MIP_CODE_ACCEPTED);
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_ADD, 0));
	req_pfane(f, PREV, COA);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_ADD), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_s_only_with_dh, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_113_when_sa_with_ha, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_121_altered_no_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_115_and_123, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_122_to_mn_public_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_124_diffie_hellman, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_nothing_to_offer, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_weak_dh_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_key_only_when_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_key_goes_with_visitor, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_key_goes_on_deregistration, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bu_accepted_forwards, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bu_home_forgets, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bu_refusals_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bu_without_key_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bu_under_visit_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pfane_becomes_bu_and_ack_relayed, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pfane_bad_targets_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pfane_early_plane_until_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pfane_early_plane_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pfane_early_plane_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_no_early_plane_without_prev_fa, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
