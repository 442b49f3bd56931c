/* SPDX-License-Identifier: ISC */
/*
 * Registration keys and smooth handoff end to end (issue 6; paper 4,
 * 6-9; spec sheet 2.2, 2.6): real mobile node, foreign agent and home
 * agent engines in the simulator, no scenario file. For each key method
 * (a configured MN-FA SA, the home agent as distributor, the FA's public
 * key, the mobile node's public key, Diffie-Hellman) the mobile node
 * registers through FA1, and both ends must hold the same key under the
 * same SPI; then it moves to FA2, whose Binding Update, built from the
 * mobile node's PFANE, FA1 accepts under that key: FA1 drops its visitor,
 * forwards to FA2 through its binding cache and acknowledges, and the
 * mobile node, acknowledged, never retransmits the update itself. The
 * introspection (mip_node_regkey_next) names each key's method at both
 * ends, before and after the handoff. From FA1 straight home, the mobile
 * node sends FA1 that update itself and FA1 forgets it.
 *
 *   home 192.0.2.0/24: HA .1, the mobile node's home .10
 *   core 198.51.100.0/24: HA .1, FA1 .11 (its care-of address), FA2 .12
 *   fa1net 203.0.113.0/26: FA1 .1;  fa2net 203.0.113.64/26: FA2 .65
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "node_fixture.h"
#include "mip/mip_keys.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"
#include "mip_node_int.h"
#include "sim.h"
#include "test_rsa.h"

#define MS MIP_MSEC
#define S_MASK 0x0080 /* the advertisement's S bit (profile.s_mask) */
#define MN_SPI 256
#define FA1_HA_SPI 300
#define FA2_HA_SPI 301
#define PRECONF_SPI 500
#define PRECONF_KEY_BYTE 0x77

enum method { M_PRECONF, M_HA, M_FA_RSA, M_MN_RSA, M_DH };

struct fx {
	struct sim_world *w;
	struct sim_link *home, *core, *fa1net, *fa2net;
	struct sim_node *ha, *fa1, *fa2, *mn;
	enum method method;
	/* What the engines sent (the action hook). */
	unsigned bu_fa2, bu_mn, ba_fa1;
};

static struct test_rsa_pair fa_rsa, mn_rsa;

static void
hook(void *user, struct sim_node *n, const struct mip_action *act)
{
	struct fx *f = user;
	enum mip_msg_kind k;

	if (act->type != MIP_ACT_SEND || act->u.send.kind != MIP_PKT_UDP)
		return;
	k = mip_msg_kind(act->u.send.data, act->u.send.len, NULL);
	if (k == MIP_MSG_KIND_BIND_UPDATE && n == f->fa2)
		f->bu_fa2++;
	if (k == MIP_MSG_KIND_BIND_UPDATE && n == f->mn)
		f->bu_mn++;
	if (k == MIP_MSG_KIND_BIND_ACK && n == f->fa1)
		f->ba_fa1++;
}

/* ---- building the world ---- */

static void
add_if(struct sim_node *n, struct sim_link *l, const char *addr, uint8_t plen)
{
	struct sim_if_config ic;

	memset(&ic, 0, sizeof(ic));
	ic.link = l;
	ic.addr = test_ip4(addr);
	ic.plen = plen;
	assert_int_equal(sim_if_add(n, &ic, NULL), 0);
}

static void
route(struct sim_node *n, const char *dst, uint8_t plen, const char *gw,
    uint32_t ifindex)
{
	assert_int_equal(
	    sim_route_add(n, test_ip4(dst), plen, test_ip4(gw), ifindex), 0);
}

static struct mip_profile
profile(void)
{
	struct mip_profile p = mip_profile_default;

	p.s_mask = S_MASK;
	return p;
}

static void
host(struct sim_node *n, struct mip_node_config *cfg)
{
	cfg->profile = profile();
	assert_int_equal(sim_node_host(n, cfg), 0);
}

static void
host_ha(struct fx *f)
{
	struct mip_sa_config sas[3];
	struct mip_ha_mn_config mn = { test_ip4("192.0.2.10"), MN_SPI };
	struct mip_ha_config ha;
	struct mip_node_config cfg;
	size_t n = 1;

	sas[0] = test_sa_config(test_ip4("192.0.2.10"), MN_SPI, 0x00);
	if (f->method == M_HA) {
		sas[n++] =
		    test_sa_config(test_ip4("198.51.100.11"), FA1_HA_SPI, 0x10);
		sas[n++] =
		    test_sa_config(test_ip4("198.51.100.12"), FA2_HA_SPI, 0x20);
	}
	memset(&ha, 0, sizeof(ha));
	ha.home_ifindex = 1;
	ha.addr = test_ip4("192.0.2.1");
	ha.plen = 24;
	ha.max_lifetime = 300;
	ha.max_simultaneous = 1;
	ha.max_bindings = 8;
	ha.adv_interval_ms = 1000;
	ha.adv_lifetime = 3;
	ha.mns = &mn;
	ha.nmns = 1;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_HA;
	cfg.sas = sas;
	cfg.nsas = n;
	cfg.ha = &ha;
	host(f->ha, &cfg);
}

/* A foreign agent with a binding cache (the CN role: where the previous
 * agent's forwarding binding lives, paper 4.2). */
static void
host_fa(struct fx *f, struct sim_node *node, const char *coa, uint32_t ha_spi,
    uint8_t key_seed, bool first)
{
	struct mip_fa_link_config link = { 1, test_ip4(coa) };
	struct mip_sa_config sas[2];
	struct mip_node_config cfg;
	struct mip_cn_config cn;
	struct mip_fa_config fa;
	size_t n = 0;

	if (f->method == M_HA)
		sas[n++] =
		    test_sa_config(test_ip4("192.0.2.1"), ha_spi, key_seed);
	if (f->method == M_PRECONF && first)
		sas[n++] = test_sa_config(
		    test_ip4("192.0.2.10"), PRECONF_SPI, PRECONF_KEY_BYTE);
	memset(&fa, 0, sizeof(fa));
	fa.links = &link;
	fa.nlinks = 1;
	fa.adv_interval_ms = 1000;
	fa.adv_lifetime = 3;
	fa.reg_lifetime = 300;
	fa.max_visitors = 8;
	fa.max_pending = 5;
	fa.pending_timeout_ms = 7000;
	/* Paper 4.4: S only from an agent that can do Diffie-Hellman. */
	fa.dh_min_bits = 1024;
	fa.key_req_ha = f->method == M_HA;
	if (f->method == M_FA_RSA) {
		fa.rsa_pub_der = fa_rsa.pub;
		fa.rsa_pub_len = fa_rsa.pub_len;
		fa.rsa_priv_der = fa_rsa.priv;
		fa.rsa_priv_len = fa_rsa.priv_len;
	}
	mip_cn_config_init(&cn);
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_FA | MIP_ROLE_CN;
	cfg.sas = n > 0 ? sas : NULL;
	cfg.nsas = n;
	cfg.fa = &fa;
	cfg.cn = &cn;
	host(node, &cfg);
}

static void
host_mn(struct fx *f)
{
	static const enum mip_mn_regkey of[] = {
		[M_PRECONF] = MIP_MN_REGKEY_PRECONF,
		[M_HA] = MIP_MN_REGKEY_ANY,
		[M_FA_RSA] = MIP_MN_REGKEY_ANY,
		[M_MN_RSA] = MIP_MN_REGKEY_RSA,
		[M_DH] = MIP_MN_REGKEY_DH,
	};
	struct mip_sa_config sas[2];
	struct mip_node_config cfg;
	struct mip_mn_config mn;
	size_t n = 1;

	sas[0] = test_sa_config(test_ip4("192.0.2.1"), MN_SPI, 0x00);
	/* The configured SA with FA1, by the address it advertises from. */
	if (f->method == M_PRECONF)
		sas[n++] = test_sa_config(
		    test_ip4("203.0.113.1"), PRECONF_SPI, PRECONF_KEY_BYTE);
	memset(&mn, 0, sizeof(mn));
	mn.home_addr = test_ip4("192.0.2.10");
	mn.home_plen = 24;
	mn.ha_addr = test_ip4("192.0.2.1");
	mn.spi = MN_SPI;
	mn.home_ifindex = 1;
	mn.lifetime = 300;
	mn.regkey = of[f->method];
	if (f->method == M_MN_RSA) {
		mn.rsa_pub = mn_rsa.pub;
		mn.rsa_pub_len = mn_rsa.pub_len;
		mn.rsa_priv = mn_rsa.priv;
		mn.rsa_priv_len = mn_rsa.priv_len;
	}
	mn.dh_bits = 1024; /* quick; the FA's floor */
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_MN;
	cfg.sas = sas;
	cfg.nsas = n;
	cfg.mn = &mn;
	host(f->mn, &cfg);
}

static struct sim_node *
mknode(struct fx *f, const char *name)
{
	struct sim_node *n;

	assert_int_equal(sim_node_new(f->w, name, &n), 0);
	return n;
}

/* A foreign agent named |name| on |visit| (|coa|, a /26) and the core
 * (|core_addr|), routing home through the HA and the other agent's
 * /26 |other_net| through |other_gw|. */
static struct sim_node *
mkfa(struct fx *f, const char *name, struct sim_link *visit, const char *coa,
    const char *core_addr, const char *other_net, const char *other_gw)
{
	struct sim_node *n = mknode(f, name);

	add_if(n, visit, coa, 26);
	add_if(n, f->core, core_addr, 24);
	route(n, "192.0.2.0", 24, "198.51.100.1", 2);
	route(n, other_net, 26, other_gw, 2);
	return n;
}

static struct fx *
world(enum method m)
{
	struct sim_link_config lc;
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->method = m;
	if (m == M_FA_RSA && fa_rsa.pub_len == 0)
		test_rsa_pair_make(&fa_rsa, 1024);
	if (m == M_MN_RSA && mn_rsa.pub_len == 0)
		test_rsa_pair_make(&mn_rsa, 1024);
	assert_int_equal(sim_world_new(&f->w, 6), 0);
	sim_set_action_hook(f->w, hook, f);
	memset(&lc, 0, sizeof(lc));
	lc.delay = 1 * MS;
	assert_int_equal(sim_link_new(f->w, "home", &lc, &f->home), 0);
	assert_int_equal(sim_link_new(f->w, "core", &lc, &f->core), 0);
	assert_int_equal(sim_link_new(f->w, "fa1net", &lc, &f->fa1net), 0);
	assert_int_equal(sim_link_new(f->w, "fa2net", &lc, &f->fa2net), 0);
	f->ha = mknode(f, "ha");
	add_if(f->ha, f->home, "192.0.2.1", 24);
	add_if(f->ha, f->core, "198.51.100.1", 24);
	route(f->ha, "203.0.113.0", 26, "198.51.100.11", 2);
	route(f->ha, "203.0.113.64", 26, "198.51.100.12", 2);
	f->fa1 = mkfa(f, "fa1", f->fa1net, "203.0.113.1", "198.51.100.11",
	    "203.0.113.64", "198.51.100.12");
	f->fa2 = mkfa(f, "fa2", f->fa2net, "203.0.113.65", "198.51.100.12",
	    "203.0.113.0", "198.51.100.11");
	f->mn = mknode(f, "mn");
	add_if(f->mn, f->home, "192.0.2.10", 24);
	host_ha(f);
	host_fa(f, f->fa1, "198.51.100.11", FA1_HA_SPI, 0x10, true);
	host_fa(f, f->fa2, "198.51.100.12", FA2_HA_SPI, 0x20, false);
	host_mn(f);
	return f;
}

static void
world_free(struct fx *f)
{
	sim_world_del(f->w);
	free(f);
}

static void
run_for(struct fx *f, mip_duration d)
{
	assert_int_equal(sim_run_until(f->w, sim_now(f->w) + d), 0);
}

/* ---- looking at the engines ---- */

static struct mip_sa_table *
sas_of(struct sim_node *n)
{
	return sim_node_mip(n)->ctx.sas;
}

/* The mobile node's registration key (a dynamic MN-FA SA, SPI from
 * 0x10000 up, contract) with the agent at |agent| and |coa|, or NULL. */
static const struct mip_sa *
mn_key_with(struct fx *f, const char *agent, const char *coa)
{
	struct mip_sa_table *t = sas_of(f->mn);
	size_t i;

	for (i = 0; i < mip_sa_count(t); i++) {
		const struct mip_sa *sa = mip_sa_at(t, i);

		if ((mip_ip4_eq(sa->cfg.peer, test_ip4(agent)) ||
			mip_ip4_eq(sa->cfg.peer, test_ip4(coa))) &&
		    (sa->cfg.spi >= 0x10000 || (sa->cfg.spi == PRECONF_SPI)))
			return sa;
	}
	return NULL;
}

static bool
registered_via(struct fx *f, const char *coa)
{
	struct mip_reg_info ri;
	struct mip_now now = sim_node_now(f->mn);

	assert_int_equal(mip_node_reg_info(sim_node_mip(f->mn), &now, &ri), 0);
	return ri.nbindings == 1 &&
	    mip_ip4_eq(ri.bindings[0].coa, test_ip4(coa));
}

static size_t
visitors(struct sim_node *n)
{
	struct mip_visitor_info vi;
	struct mip_now now = sim_node_now(n);
	struct mip_iter it;
	size_t k = 0;

	memset(&it, 0, sizeof(it));
	while (mip_node_visitor_next(sim_node_mip(n), &it, &now, &vi) == 1)
		k += vi.registered;
	return k;
}

/* The binding cache entry at |n| for the mobile node in |ci|; false
 * when there is none. */
static bool
cache_entry(struct sim_node *n, struct mip_cache_info *ci)
{
	struct mip_now now = sim_node_now(n);
	struct mip_iter it;

	memset(&it, 0, sizeof(it));
	while (mip_node_cache_next(sim_node_mip(n), &it, &now, ci) == 1)
		if (mip_ip4_eq(ci->home_addr, test_ip4("192.0.2.10")))
			return true;
	return false;
}

/* Paper 4.2: FA1's forwarding binding for the mobile node, to FA2. */
static bool
forwards_to(struct sim_node *n, const char *coa)
{
	struct mip_cache_info ci;

	return cache_entry(n, &ci) && mip_ip4_eq(ci.coa, test_ip4(coa));
}

/* Any binding cache entry at |n| for the mobile node. */
static bool
cached(struct sim_node *n)
{
	struct mip_cache_info ci;

	return cache_entry(n, &ci);
}

/*
 * Both ends hold the same key under the same SPI: the mobile node keyed
 * by the agent, the agent by the home address (contract).
 */
static const struct mip_sa *
expect_shared_key(
    struct fx *f, struct sim_node *fa, const char *agent, const char *coa)
{
	const struct mip_sa *m = mn_key_with(f, agent, coa), *a;

	assert_non_null(m);
	a = mip_sa_find(sas_of(fa), test_ip4("192.0.2.10"), m->cfg.spi);
	assert_non_null(a);
	assert_int_equal(a->cfg.key_len, m->cfg.key_len);
	assert_memory_equal(a->cfg.key, m->cfg.key, m->cfg.key_len);
	if (f->method != M_PRECONF) {
		assert_true(m->cfg.spi >= 0x10000);
		assert_int_equal(m->cfg.key_len, MIP_REGKEY_LEN);
	}
	return m;
}

/* What the introspection (mip_node_regkey_next) says of the key
 * (|peer|, |spi|) at |n|: it must be listed with |origin| and the
 * world's method. */
static void
expect_method(struct fx *f, struct sim_node *n, struct mip_ip4 peer,
    uint32_t spi, const char *origin)
{
	static const enum mip_regkey_method want[] = {
		[M_PRECONF] = MIP_REGKEY_CONFIGURED,
		[M_HA] = MIP_REGKEY_HA_DISTRIBUTOR,
		[M_FA_RSA] = MIP_REGKEY_FA_PUBLIC_KEY,
		[M_MN_RSA] = MIP_REGKEY_MN_PUBLIC_KEY,
		[M_DH] = MIP_REGKEY_DIFFIE_HELLMAN,
	};
	struct mip_regkey_info k;
	struct mip_now now = sim_node_now(n);
	struct mip_iter it;

	memset(&it, 0, sizeof(it));
	while (mip_node_regkey_next(sim_node_mip(n), &it, &now, &k) == 1) {
		if (!mip_ip4_eq(k.peer, peer) || k.spi != spi)
			continue;
		assert_string_equal(k.origin, origin);
		assert_int_equal(k.method, want[f->method]);
		return;
	}
	fail_msg("no key (%08x, %u) listed", (unsigned)peer.v, spi);
}

static uint64_t
drops(struct sim_node *n, enum mip_drop why)
{
	return mip_node_stats(sim_node_mip(n))->drops[why];
}

/* ---- the scenario each method runs ---- */

/* At home, then to FA1: a registration with a key request; the key the
 * mobile node and FA1 share. */
static const struct mip_sa *
register_at_fa1(struct fx *f)
{
	run_for(f, 1500 * MS);
	assert_int_equal(sim_move(f->mn, 1, f->fa1net), 0);
	run_for(f, 3000 * MS);
	assert_true(registered_via(f, "198.51.100.11"));
	assert_int_equal(visitors(f->fa1), 1);
	return expect_shared_key(f, f->fa1, "203.0.113.1", "198.51.100.11");
}

static void
handoff(enum method m)
{
	struct fx *f = world(m);
	const struct mip_sa *k;
	const char *origin = m == M_PRECONF ? "configured" : "registration";
	uint32_t spi1;

	k = register_at_fa1(f);
	spi1 = k->cfg.spi;
	/* Each end tells how the key came. */
	expect_method(f, f->mn, k->cfg.peer, spi1, origin);
	expect_method(f, f->fa1, test_ip4("192.0.2.10"), spi1,
	    m == M_PRECONF ? "configured" : "visitor");

	/* To FA2: PFANE, FA2's update to FA1 under the key, FA1's ack. */
	assert_int_equal(sim_move(f->mn, 1, f->fa2net), 0);
	run_for(f, 3000 * MS);
	assert_true(registered_via(f, "198.51.100.12"));
	assert_int_equal(f->bu_fa2, 1);
	assert_true(f->ba_fa1 >= 1);
	assert_int_equal(visitors(f->fa1), 0);
	assert_true(forwards_to(f->fa1, "198.51.100.12"));
	/* The handed-off key keeps its method. */
	expect_method(f, f->fa1, test_ip4("192.0.2.10"), spi1, "handed-off");
	run_for(f, 5000 * MS);
	/* Acknowledged (FA2 relays it from its own address; the mobile
	 * node takes it by its RO Authentication under the key with FA1):
	 * the mobile node never had to send the update itself, and nothing
	 * was dropped on the way, no table ran full. */
	assert_int_equal(f->bu_mn, 0);
	assert_int_equal(drops(f->mn, MIP_DROP_UNEXPECTED), 0);
	assert_int_equal(drops(f->mn, MIP_DROP_AUTH), 0);
	assert_int_equal(drops(f->mn, MIP_DROP_LIMIT), 0);
	assert_int_equal(drops(f->fa1, MIP_DROP_LIMIT), 0);
	assert_int_equal(drops(f->fa2, MIP_DROP_LIMIT), 0);
	if (m == M_PRECONF) {
		/* Decision 2: the per-visit key was spent; the configured
		 * SA stays on both sides. FA2 shares none: no key there. */
		assert_non_null(mip_sa_find(
		    sas_of(f->mn), test_ip4("203.0.113.1"), PRECONF_SPI));
		assert_non_null(mip_sa_find(
		    sas_of(f->fa1), test_ip4("192.0.2.10"), PRECONF_SPI));
		assert_null(mn_key_with(f, "203.0.113.65", "198.51.100.12"));
		world_free(f);
		return;
	}
	/* The key with FA1 is gone on its side (contract). */
	assert_null(mip_sa_find(sas_of(f->mn), test_ip4("203.0.113.1"), spi1));
	assert_null(
	    mip_sa_find(sas_of(f->mn), test_ip4("198.51.100.11"), spi1));
	/* A fresh key with FA2, for the next handoff, by the same
	 * method. */
	k = expect_shared_key(f, f->fa2, "203.0.113.65", "198.51.100.12");
	expect_method(f, f->mn, k->cfg.peer, k->cfg.spi, origin);
	expect_method(f, f->fa2, test_ip4("192.0.2.10"), k->cfg.spi, "visitor");
	world_free(f);
}

/*
 * RO spec 2.2: from FA1 straight home. No new agent builds an update,
 * so the mobile node sends FA1 its own, care-of address = home address,
 * under the key; FA1 forgets it (no visitor, no forwarding entry) and
 * acknowledges, and the mobile node drops the key.
 */
static void
test_home_from_fa1(void **state)
{
	struct fx *f = world(M_DH);
	const struct mip_sa *k;
	struct mip_reg_info ri;
	struct mip_now now;
	uint32_t spi1;

	(void)state;
	k = register_at_fa1(f);
	spi1 = k->cfg.spi;
	assert_int_equal(sim_move(f->mn, 1, f->home), 0);
	run_for(f, 3000 * MS);
	now = sim_node_now(f->mn);
	assert_int_equal(mip_node_reg_info(sim_node_mip(f->mn), &now, &ri), 0);
	assert_int_equal(ri.nbindings, 0);
	assert_true(f->bu_mn >= 1);
	assert_true(f->ba_fa1 >= 1);
	assert_int_equal(f->bu_fa2, 0);
	assert_int_equal(visitors(f->fa1), 0);
	assert_false(cached(f->fa1));
	assert_null(mip_sa_find(sas_of(f->mn), test_ip4("203.0.113.1"), spi1));
	/* Acknowledged: no more retransmissions. */
	f->bu_mn = 0;
	run_for(f, 12000 * MS);
	assert_int_equal(f->bu_mn, 0);
	assert_int_equal(drops(f->mn, MIP_DROP_AUTH), 0);
	assert_int_equal(drops(f->fa1, MIP_DROP_AUTH), 0);
	world_free(f);
}

static void
test_preconfigured_sa(void **state)
{
	(void)state;
	handoff(M_PRECONF);
}

static void
test_home_agent_distributes(void **state)
{
	(void)state;
	handoff(M_HA);
}

static void
test_fa_public_key(void **state)
{
	(void)state;
	handoff(M_FA_RSA);
}

static void
test_mn_public_key(void **state)
{
	(void)state;
	handoff(M_MN_RSA);
}

static void
test_diffie_hellman(void **state)
{
	(void)state;
	handoff(M_DH);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_preconfigured_sa),
		cmocka_unit_test(test_home_agent_distributes),
		cmocka_unit_test(test_fa_public_key),
		cmocka_unit_test(test_mn_public_key),
		cmocka_unit_test(test_diffie_hellman),
		cmocka_unit_test(test_home_from_fa1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
