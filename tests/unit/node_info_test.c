/* SPDX-License-Identifier: ISC */
/*
 * Introspection (mip_node.h): a home agent, a foreign agent and a mobile
 * node wired back to back (each SEND handed to the node that owns the
 * destination) register through the foreign agent; then every view must
 * tell the same registration: the HA's binding, the FA's visitor, the MN's
 * agent and registration, the SAs without keys, the table sizes, the
 * remaining lifetimes as time passes, and empty views for absent roles.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_adv.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"

enum { HA, FA, MN, NNODES };

#define QMAX 64
#define DMAX 1500
#define NTP_EPOCH 3976214400ULL

static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16 };
static const uint8_t fa_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0xfa };
static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x10 };

struct queued {
	int to;
	struct mip_pkt_in pkt;
	uint8_t data[DMAX];
};

struct net {
	struct mip_node *n[NNODES];
	struct test_mem tm[NNODES];
	struct test_rand tr[NNODES];
	struct mip_now now;
	struct queued q[QMAX];
	size_t nq;
};

static struct mip_ip4
A(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
	return mip_ip4_make(a, b, c, d);
}

static void
set_time(struct net *w, mip_tstamp mono)
{
	w->now.mono = mono;
	w->now.ntp = (NTP_EPOCH << 32) + ((mono / MIP_SEC) << 32);
}

/* Which node, and on which interface, receives |s| sent by |from|. */
static int
route(int from, const struct mip_act_send *s, uint32_t *ifindex)
{
	if (mip_ip4_eq(s->dst, A(192, 0, 2, 1))) {
		*ifindex = 1;
		return from == HA ? -1 : HA;
	}
	if (from == MN) {
		*ifindex = 1;
		return FA;
	}
	if (from == HA) {
		*ifindex = 2;
		return mip_ip4_eq(s->dst, A(203, 0, 113, 1)) ? FA : -1;
	}
	*ifindex = 1;
	return s->ifindex == 2 ? -1 : MN;
}

static void
collect(struct net *w, int from)
{
	static const uint8_t *const hws[NNODES] = { NULL, fa_hw, mn_hw };
	struct mip_action a;
	struct queued *e;
	uint32_t ifindex;
	int to;

	while (mip_node_poll_action(w->n[from], &a) == 1) {
		if (a.type != MIP_ACT_SEND)
			continue;
		to = route(from, &a.u.send, &ifindex);
		if (to < 0)
			continue;
		assert_true(w->nq < QMAX && a.u.send.len <= DMAX);
		e = &w->q[w->nq++];
		memset(e, 0, sizeof(*e));
		e->to = to;
		e->pkt.kind = a.u.send.kind;
		e->pkt.ifindex = ifindex;
		e->pkt.src = a.u.send.src;
		e->pkt.dst = a.u.send.dst;
		e->pkt.sport = a.u.send.sport;
		e->pkt.dport = a.u.send.dport;
		e->pkt.ttl = 64;
		e->pkt.has_hwaddr = hws[from] != NULL;
		if (hws[from] != NULL)
			memcpy(e->pkt.src_hwaddr, hws[from], MIP_HWADDR_LEN);
		memcpy(e->data, a.u.send.data, a.u.send.len);
		e->pkt.len = a.u.send.len;
	}
}

/* Delivers every datagram and fires every timer up to |until|. */
static void
run(struct net *w, mip_tstamp until)
{
	struct queued e;
	mip_tstamp next;
	int i;

	for (;;) {
		for (i = 0; i < NNODES; i++)
			collect(w, i);
		if (w->nq > 0) {
			e = w->q[0];
			memmove(w->q, w->q + 1, --w->nq * sizeof(w->q[0]));
			e.pkt.data = e.data;
			assert_int_equal(
			    mip_node_handle_packet(w->n[e.to], &e.pkt, &w->now),
			    0);
			continue;
		}
		next = MIP_TSTAMP_NONE;
		for (i = 0; i < NNODES; i++)
			if (mip_node_next_expiry(w->n[i]) < next)
				next = mip_node_next_expiry(w->n[i]);
		if (next > until)
			break;
		if (next > w->now.mono)
			set_time(w, next);
		for (i = 0; i < NNODES; i++)
			assert_int_equal(
			    mip_node_handle_expiry(w->n[i], &w->now), 0);
	}
	set_time(w, until);
}

static void
sa_of(struct mip_sa_config *sa, struct mip_ip4 peer)
{
	mip_sa_config_init(sa);
	sa->peer = peer;
	sa->spi = 256;
	memcpy(sa->key, key, sizeof(key));
	sa->key_len = sizeof(key);
}

static void
build(struct net *w)
{
	struct mip_if_config ha_if = { 1, A(192, 0, 2, 1), 24,
		{ 2, 0, 0, 0, 0, 1 } };
	struct mip_if_config fa_ifs[2] = { { 1, A(203, 0, 113, 1), 26, { 0 } },
		{ 2, A(198, 51, 100, 2), 24, { 2, 0, 0, 0, 0, 2 } } };
	struct mip_if_config mn_if = { 1, A(192, 0, 2, 10), 24, { 0 } };
	struct mip_ha_mn_config mns[1] = { { A(192, 0, 2, 10), 256 } };
	struct mip_fa_link_config link = { 1, A(203, 0, 113, 1) };
	struct mip_sa_config ha_sa, mn_sa;
	struct mip_ha_config ha;
	struct mip_fa_config fa;
	struct mip_mn_config mn;
	struct mip_node_config cfg[NNODES];
	int i;

	memcpy(fa_ifs[0].hwaddr, fa_hw, MIP_HWADDR_LEN);
	memcpy(mn_if.hwaddr, mn_hw, MIP_HWADDR_LEN);
	sa_of(&ha_sa, A(192, 0, 2, 10));
	sa_of(&mn_sa, A(192, 0, 2, 1));
	memset(&ha, 0, sizeof(ha));
	ha.home_ifindex = 1;
	ha.addr = A(192, 0, 2, 1);
	ha.plen = 24;
	ha.max_lifetime = 600;
	ha.max_simultaneous = 1;
	ha.max_bindings = 8;
	ha.adv_interval_ms = 1000;
	ha.adv_lifetime = 9;
	ha.mns = mns;
	ha.nmns = 1;
	memset(&fa, 0, sizeof(fa));
	fa.links = &link;
	fa.nlinks = 1;
	fa.adv_interval_ms = 1000;
	fa.adv_lifetime = 9;
	fa.reg_lifetime = 600;
	fa.max_visitors = 16;
	fa.max_pending = 5;
	fa.pending_timeout_ms = 7000;
	memset(&mn, 0, sizeof(mn));
	mn.home_addr = A(192, 0, 2, 10);
	mn.home_plen = 24;
	mn.ha_addr = A(192, 0, 2, 1);
	mn.spi = 256;
	mn.home_ifindex = 1;
	mn.lifetime = 300;
	memset(cfg, 0, sizeof(cfg));
	cfg[HA] = (struct mip_node_config){ .roles = MIP_ROLE_HA,
		.ifs = &ha_if,
		.nifs = 1,
		.sas = &ha_sa,
		.nsas = 1,
		.ha = &ha };
	cfg[FA] = (struct mip_node_config){
		.roles = MIP_ROLE_FA, .ifs = fa_ifs, .nifs = 2, .fa = &fa
	};
	cfg[MN] = (struct mip_node_config){ .roles = MIP_ROLE_MN,
		.ifs = &mn_if,
		.nifs = 1,
		.sas = &mn_sa,
		.nsas = 1,
		.mn = &mn };
	memset(w, 0, sizeof(*w));
	set_time(w, MIP_SEC);
	for (i = 0; i < NNODES; i++) {
		test_mem_init(&w->tm[i], 0);
		test_rand_init(&w->tr[i], (uint64_t)i + 1);
		assert_int_equal(mip_node_new(&w->n[i], &cfg[i], &w->tm[i].mem,
				     &w->tr[i].rand, &w->now),
		    0);
	}
}

static int
setup(void **state)
{
	struct net *w = calloc(1, sizeof(*w));
	struct mip_link_event up = { MIP_LINK_UP, 1, { 0 }, 0 };

	assert_non_null(w);
	build(w);
	/* The mobile node wakes up on the foreign link. */
	assert_int_equal(mip_node_handle_link(w->n[MN], &up, &w->now), 0);
	run(w, 5 * MIP_SEC);
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct net *w = *state;
	int i;

	for (i = 0; i < NNODES; i++) {
		mip_node_del(w->n[i]);
		assert_int_equal(w->tm[i].live, 0);
	}
	free(w);
	return 0;
}

static void
test_binding(void **state)
{
	struct net *w = *state;
	struct mip_binding_info b;
	struct mip_iter it = { 0, 0 };

	assert_int_equal(mip_node_binding_next(w->n[HA], &it, &w->now, &b), 1);
	assert_true(mip_ip4_eq(b.home_addr, A(192, 0, 2, 10)));
	assert_true(mip_ip4_eq(b.coa, A(203, 0, 113, 1)));
	assert_int_equal(b.lifetime, 300);
	assert_in_range(b.remaining, 290, 300);
	assert_int_equal(b.code, MIP_CODE_ACCEPTED);
	assert_int_not_equal(b.tunnel_id, 0);
	assert_int_equal(b.encap, MIP_TUN_IPIP);
	assert_int_not_equal(b.ident, 0);
	assert_int_equal(mip_node_binding_next(w->n[HA], &it, &w->now, &b), 0);
	/* A finished cursor stays finished. */
	assert_int_equal(mip_node_binding_next(w->n[HA], &it, &w->now, &b), 0);

	/* Remaining seconds count down from the same binding. */
	run(w, w->now.mono + 10 * MIP_SEC);
	memset(&it, 0, sizeof(it));
	assert_int_equal(mip_node_binding_next(w->n[HA], &it, &w->now, &b), 1);
	assert_in_range(b.remaining, 280, 290);
}

static void
test_visitor(void **state)
{
	struct net *w = *state;
	struct mip_visitor_info v;
	struct mip_iter it = { 0, 0 };

	assert_int_equal(mip_node_visitor_next(w->n[FA], &it, &w->now, &v), 1);
	assert_string_equal(v.state, "registered");
	assert_true(v.registered);
	assert_false(v.pending);
	assert_true(mip_ip4_eq(v.home_addr, A(192, 0, 2, 10)));
	assert_true(mip_ip4_eq(v.ha_addr, A(192, 0, 2, 1)));
	assert_true(mip_ip4_eq(v.coa, A(203, 0, 113, 1)));
	assert_int_equal(v.ifindex, 1);
	assert_true(v.has_hwaddr);
	assert_memory_equal(v.hwaddr, mn_hw, MIP_HWADDR_LEN);
	assert_int_equal(v.lifetime, 300);
	assert_in_range(v.remaining, 290, 300);
	assert_false(v.reverse);
	assert_int_equal(mip_node_visitor_next(w->n[FA], &it, &w->now, &v), 0);
}

static void
test_mobile_node(void **state)
{
	struct net *w = *state;
	struct mip_agent_info ag;
	struct mip_reg_info r;
	struct mip_iter it = { 0, 0 };

	assert_int_equal(mip_node_agent_next(w->n[MN], &it, &w->now, &ag), 1);
	assert_true(mip_ip4_eq(ag.addr, A(203, 0, 113, 1)));
	assert_int_equal(ag.ncoa, 1);
	assert_true(mip_ip4_eq(ag.coa[0], A(203, 0, 113, 1)));
	assert_true(ag.flags & MIP_ADV_F_F);
	assert_true(ag.current);
	assert_true(ag.has_hwaddr);
	assert_memory_equal(ag.hwaddr, fa_hw, MIP_HWADDR_LEN);
	assert_in_range(ag.remaining, 1, 9);
	assert_int_equal(mip_node_agent_next(w->n[MN], &it, &w->now, &ag), 0);

	assert_int_equal(mip_node_reg_info(w->n[MN], &w->now, &r), 0);
	assert_string_equal(r.state, "registered");
	assert_false(r.at_home);
	assert_true(mip_ip4_eq(r.home_addr, A(192, 0, 2, 10)));
	assert_true(mip_ip4_eq(r.ha_addr, A(192, 0, 2, 1)));
	assert_true(r.has_last_code);
	assert_int_equal(r.last_code, MIP_CODE_ACCEPTED);
	assert_false(r.requesting);
	assert_int_equal(r.nbindings, 1);
	assert_true(mip_ip4_eq(r.bindings[0].coa, A(203, 0, 113, 1)));
	assert_true(mip_ip4_eq(r.bindings[0].fa_addr, A(203, 0, 113, 1)));
	assert_false(r.bindings[0].colocated);
	assert_in_range(r.bindings[0].remaining, 1, 300);
}

static void
test_node_and_sa(void **state)
{
	struct net *w = *state;
	struct mip_node_info ni;
	struct mip_sa_info sa;
	struct mip_iter it = { 0, 0 };

	mip_node_info(w->n[HA], &ni);
	assert_int_equal(ni.roles, MIP_ROLE_HA);
	assert_int_equal(ni.nifs, 1);
	assert_int_equal(ni.nsas, 1);
	assert_int_equal(ni.ha_mns, 1);
	assert_int_equal(ni.ha_away, 1);
	assert_int_equal(ni.ha_bindings, 1);
	assert_int_equal(ni.ha_max_bindings, 8);
	assert_int_equal(ni.fa_visitors, 0);
	assert_true(ni.next_expiry != MIP_TSTAMP_NONE);
	mip_node_info(w->n[FA], &ni);
	assert_int_equal(ni.roles, MIP_ROLE_FA);
	assert_int_equal(ni.fa_links, 1);
	assert_int_equal(ni.fa_visitors, 1);
	assert_int_equal(ni.fa_pending, 0);
	assert_int_equal(ni.fa_max_pending, 5);
	mip_node_info(w->n[MN], &ni);
	assert_int_equal(ni.mn_agents, 1);

	assert_int_equal(mip_node_sa_next(w->n[HA], &it, &sa), 1);
	assert_true(mip_ip4_eq(sa.peer, A(192, 0, 2, 10)));
	assert_int_equal(sa.spi, 256);
	assert_int_equal(sa.alg, MIP_AUTH_HMAC_MD5);
	assert_int_equal(sa.replay, MIP_REPLAY_TIMESTAMP);
	assert_int_equal(mip_node_sa_next(w->n[HA], &it, &sa), 0);
	memset(&it, 0, sizeof(it));
	assert_int_equal(mip_node_sa_next(w->n[FA], &it, &sa), 0);
}

static void
test_absent_roles(void **state)
{
	struct net *w = *state;
	struct mip_binding_info b;
	struct mip_visitor_info v;
	struct mip_agent_info ag;
	struct mip_reg_info r;
	struct mip_iter it = { 0, 0 };

	assert_int_equal(mip_node_binding_next(w->n[MN], &it, &w->now, &b), 0);
	assert_int_equal(mip_node_visitor_next(w->n[HA], &it, &w->now, &v), 0);
	assert_int_equal(mip_node_agent_next(w->n[FA], &it, &w->now, &ag), 0);
	assert_int_equal(
	    mip_node_reg_info(w->n[HA], &w->now, &r), MIP_ERR_INVAL);
}

static void
test_deregistered(void **state)
{
	struct net *w = *state;
	struct mip_cmd cmd = { MIP_CMD_FLUSH_ALL, { 0 } };
	struct mip_binding_info b;
	struct mip_node_info ni;
	struct mip_iter it = { 0, 0 };

	assert_int_equal(mip_node_handle_cmd(w->n[HA], &cmd, &w->now), 0);
	assert_int_equal(mip_node_binding_next(w->n[HA], &it, &w->now, &b), 0);
	mip_node_info(w->n[HA], &ni);
	assert_int_equal(ni.ha_bindings, 0);
	assert_int_equal(ni.ha_away, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visitor, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_mobile_node, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_node_and_sa, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_absent_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_deregistered, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
