/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization at a foreign agent that keeps a binding cache (roles
 * FA and CN; RO draft 4.1-4.3; paper 3.1, 4.1, 4.3; spec sheet 1.1, 1.5,
 * 3): a new visitor asks its home agent for the binding and ends a cache
 * entry for it; an update that binds a visitor elsewhere ends the visitor
 * and installs the forwarding entry; tunnelled packets no tunnel matched
 * yield Binding Warnings to the entry's home agent whose rate backs off
 * within its bounds over six simulated hours, restarting when the binding
 * changes; without an entry, a special-tunnel entry that expires and gives
 * way to a real binding; reports that are special tunnels, about our own
 * addresses or from the home agent change nothing; a correspondent node
 * without the FA role makes no special tunnels.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

#define VISIT_IF 1
#define UP_IF 2
#define SPI_HA 300
#define SPI_MN 256
#define BUF_CAP 256

static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x10 };

#define COA "203.0.113.1"   /* ours, on the visited link */
#define UP "198.51.100.2"   /* ours, towards the Internet */
#define HA "192.0.2.1"	    /* the mobile node's home agent */
#define HOME "192.0.2.10"   /* the mobile node */
#define COA2 "203.0.113.65" /* its next care-of address */
#define COA3 "203.0.113.129"
#define CN "198.51.100.10" /* a correspondent with a stale binding */

struct fx {
	struct harness h;
	struct mip_sa_config sas[1];
	struct test_fa_node n;
	struct mip_sa *sa_ha, *sa_mn; /* the test's copies */
	struct test_mem tm;
	uint32_t step;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	test_mem_init(&f->tm, 0);
	test_fa_node_init(&f->n, VISIT_IF, ip4(COA), UP_IF, ip4(UP), f->sas, 1);
	/* One SA with the home agent: FA-HA and Route Optimization. */
	f->sa_ha = test_sa_make(ip4(HA), SPI_HA, 0x30, &f->sas[0], &f->tm.mem);
	f->sa_mn = test_sa_make(ip4(HA), SPI_MN, 0x50, NULL, &f->tm.mem);
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
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

/* ---- messages ---- */

/* The mobile node registers through us: request, then the HA's reply. */
static void
register_mn(struct fx *f)
{
	uint8_t buf[BUF_CAP];
	struct mip_reg_req req;
	struct mip_reg_rep rep;
	struct mip_wbuf w;
	uint64_t ident = f->h.now.ntp + ++f->step;

	memset(&req, 0, sizeof(req));
	req.lifetime = 300;
	req.home_addr = ip4(HOME);
	req.ha_addr = ip4(HA);
	req.coa = ip4(COA);
	req.ident = ident;
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)mip_reg_req_encode(buf, sizeof(buf), &req);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->sa_mn), 0);
	h_udp_hw(
	    &f->h, VISIT_IF, ip4(HOME), ip4(COA), 434, 1, mn_hw, buf, w.off);
	memset(&rep, 0, sizeof(rep));
	rep.lifetime = 300;
	rep.home_addr = ip4(HOME);
	rep.ha_addr = ip4(HA);
	rep.ident = ident;
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)mip_reg_rep_encode(buf, sizeof(buf), &rep);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->sa_mn), 0);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, f->sa_ha), 0);
	h_udp(&f->h, UP_IF, ip4(HA), ip4(COA), 434, 64, buf, w.off);
}

/* A Binding Update from the home agent to |to|, signed, fresh. */
static void
bu(struct fx *f, const char *to, uint8_t flags, const char *coa)
{
	uint8_t buf[BUF_CAP];
	struct mip_bu b;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&b, 0, sizeof(b));
	b.flags = flags | MIP_BU_F_I;
	b.lifetime = 300;
	b.home_addr = ip4(HOME);
	b.coa = ip4(coa);
	b.ident = f->h.now.ntp + ++f->step;
	n = mip_bu_encode(buf, sizeof(buf), &b, NULL);
	assert_true(n > 0);
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)n;
	assert_int_equal(mip_auth_append(&w, MIP_EXT_RO_AUTH, f->sa_ha), 0);
	h_udp(&f->h, UP_IF, ip4(HA), ip4(to), 434, 64, buf, w.off);
}

/* A tunnelled packet from |outer_src| to our |outer_dst|, for |dst|,
 * that no tunnel matched; the actions are collected. */
static void
unmatched(
    struct fx *f, const char *outer_src, const char *outer_dst, const char *dst)
{
	struct mip_traffic tr;
	struct mip_action a;

	memset(&tr, 0, sizeof(tr));
	tr.kind = MIP_TRAFFIC_UNMATCHED;
	tr.src = ip4(CN);
	tr.dst = ip4(dst);
	tr.ifindex = UP_IF;
	tr.outer_src = ip4(outer_src);
	tr.outer_dst = ip4(outer_dst);
	tr.encap = MIP_TUN_IPIP;
	assert_int_equal(mip_node_handle_traffic(f->h.node, &tr, &f->h.now), 0);
	f->h.nacts = 0;
	while (mip_node_poll_action(f->h.node, &a) == 1) {
		assert_true(f->h.nacts < H_MAX_ACTIONS);
		f->h.acts[f->h.nacts].act = a;
		if (a.type == MIP_ACT_SEND) {
			assert_true(a.u.send.len <= H_MAX_BYTES);
			memcpy(f->h.acts[f->h.nacts].bytes, a.u.send.data,
			    a.u.send.len);
			f->h.acts[f->h.nacts].act.u.send.data =
			    f->h.acts[f->h.nacts].bytes;
		}
		f->h.nacts++;
	}
}

/* The |n|th send, which must be a |type| message to |dst|. */
static const struct mip_act_send *
send_of(struct fx *f, size_t n, uint8_t type, const char *dst)
{
	const struct h_action *a = h_find(&f->h, MIP_ACT_SEND, n);

	assert_non_null(a);
	assert_true(a->act.u.send.len > 0);
	assert_int_equal(a->act.u.send.data[0], type);
	assert_true(mip_ip4_eq(a->act.u.send.dst, ip4(dst)));
	return &a->act.u.send;
}

static size_t
bw_count(struct fx *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->h.nacts; i++)
		if (f->h.acts[i].act.type == MIP_ACT_SEND &&
		    f->h.acts[i].act.u.send.data[0] == MIP_MSG_BIND_WARN)
			n++;
	return n;
}

static struct mip_node_info
info(struct fx *f)
{
	struct mip_node_info i;

	mip_node_info(f->h.node, &i);
	return i;
}

/* The cache entry for HOME (must exist). */
static struct mip_cache_info
entry(struct fx *f)
{
	struct mip_iter it;
	struct mip_cache_info c;

	memset(&it, 0, sizeof(it));
	while (mip_node_cache_next(f->h.node, &it, &f->h.now, &c) == 1)
		if (mip_ip4_eq(c.home_addr, ip4(HOME)))
			return c;
	fail_msg("no cache entry for %s", HOME);
	return c;
}

/* A visitor that has moved on to COA2: the cache forwards. */
static void
moved_visitor(struct fx *f)
{
	h_init(&f->h, &f->n.cfg);
	register_mn(f);
	bu(f, COA, 0, COA2);
}

/* ---- tests ---- */

static void
test_visitor_asks_home_agent(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	struct mip_br br;

	h_init(&f->h, &f->n.cfg);
	register_mn(f);
	assert_int_equal(info(f).fa_visitors, 1);
	/* RO draft 4.2: after the reply to the visitor, a Binding Request
	 * to its home agent from the care-of address. */
	send_of(f, 0, MIP_MSG_REG_REP, HOME);
	s = send_of(f, 1, MIP_MSG_BIND_REQ, HA);
	assert_true(mip_ip4_eq(s->src, ip4(COA)));
	assert_int_equal(s->dport, 434);
	assert_int_equal(mip_br_decode(&br, s->data, s->len, NULL, NULL), 0);
	assert_true(mip_ip4_eq(br.home_addr, ip4(HOME)));
	/* The answer names our own care-of address: 129, nothing cached,
	 * the visitor stays. */
	bu(f, COA, MIP_BU_F_A, COA);
	assert_int_equal(info(f).cn_entries, 0);
	assert_int_equal(info(f).fa_visitors, 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 0);
}

static void
test_update_ends_visitor(void **state)
{
	struct fx *f = *state;
	const struct h_action *a;
	struct mip_cache_info c;

	moved_visitor(f);
	/* Paper 4.3: the visitor goes, the forwarding entry comes. */
	assert_non_null(h_note(&f->h, MIP_NOTE_VISITOR_DEL, 0));
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_ADD, 0));
	assert_int_equal(info(f).fa_visitors, 0);
	assert_int_equal(info(f).cn_entries, 1);
	c = entry(f);
	assert_true(mip_ip4_eq(c.coa, ip4(COA2)));
	assert_true(mip_ip4_eq(c.ha_addr, ip4(HA)));
	/* The visitor's on-link route goes before the tunnel route comes. */
	a = h_find(&f->h, MIP_ACT_ROUTE_DEL, 0);
	assert_non_null(a);
	assert_int_equal(a->act.u.route.tunnel_id, 0);
	assert_true(a < h_find(&f->h, MIP_ACT_ROUTE_ADD, 0));
	a = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	assert_non_null(a);
	assert_true(mip_ip4_eq(a->act.u.tunnel.remote, ip4(COA2)));
	assert_true(mip_ip4_eq(a->act.u.tunnel.local, ip4(COA)));
}

static void
test_new_visitor_ends_cache_entry(void **state)
{
	struct fx *f = *state;
	const struct mip_act_notify *n;

	moved_visitor(f);
	/* The mobile node comes back: the forwarding pointer would send
	 * its packets away again. */
	register_mn(f);
	n = h_note(&f->h, MIP_NOTE_BINDING_DEL, 0);
	assert_non_null(n);
	assert_true(mip_ip4_eq(n->coa, ip4(COA2)));
	assert_int_equal(info(f).cn_entries, 0);
	assert_int_equal(info(f).fa_visitors, 1);
	send_of(f, 1, MIP_MSG_BIND_REQ, HA);
}

static void
test_warning(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	struct mip_bw bw;

	moved_visitor(f);
	unmatched(f, CN, COA, HOME);
	/* RO draft 4.1, paper 3.1: to the entry's home agent, naming the
	 * node that tunnelled the packet, from the address it reached. */
	assert_int_equal(bw_count(f), 1);
	s = send_of(f, 0, MIP_MSG_BIND_WARN, HA);
	assert_true(mip_ip4_eq(s->src, ip4(COA)));
	assert_int_equal(s->sport, 434);
	assert_int_equal(s->dport, 434);
	assert_int_equal(mip_bw_decode(&bw, s->data, s->len, NULL, NULL), 0);
	assert_true(mip_ip4_eq(bw.home_addr, ip4(HOME)));
	assert_int_equal(bw.n_targets, 1);
	assert_true(mip_ip4_eq(bw.targets[0], ip4(CN)));
	/* The re-tunnelling is the host's, by the entry's route: no new
	 * tunnel or route. */
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_ADD), 0);
	/* At once again: held. Another tunnelling node has its own pair. */
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 0);
	unmatched(f, "198.51.100.11", COA, HOME);
	assert_int_equal(bw_count(f), 1);
	/* The home agent itself is never named. */
	unmatched(f, HA, COA, HOME);
	assert_int_equal(bw_count(f), 0);
}

/*
 * RO spec 1.5: reported once a second for six hours, warnings about one
 * pair come at most every interval x 0.5 and at least every interval x
 * 1.5 (+ the 1 s report period), the interval doubling from 1 s to 256 s.
 */
static void
test_warning_backoff_bounds(void **state)
{
	struct fx *f = *state;
	mip_duration interval = MIP_SEC, max = 256 * MIP_SEC;
	mip_tstamp last;
	size_t total = 1, s;

	moved_visitor(f);
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 1);
	last = f->h.now.mono;
	for (s = 0; s < 6 * 3600; s++) {
		h_advance(&f->h, MIP_SEC);
		/* The home agent refreshes the entry (same binding). */
		if (s % 200 == 199)
			bu(f, COA, 0, COA2);
		unmatched(f, CN, COA, HOME);
		if (bw_count(f) == 0) {
			assert_true(f->h.now.mono - last <=
			    interval + interval / 2 + MIP_SEC);
			continue;
		}
		assert_int_equal(bw_count(f), 1);
		assert_true(f->h.now.mono - last >= interval / 2);
		last = f->h.now.mono;
		interval = interval * 2 > max ? max : interval * 2;
		total++;
	}
	/* Ramp (1 + ... + 256 s, about 9) then one per 128-384 s. */
	assert_true(total >= 9 + (6 * 3600 - 511) / 384);
	assert_true(total <= 9 + (6 * 3600) / 128 + 1);
}

static void
test_warning_restarts_on_new_binding(void **state)
{
	struct fx *f = *state;

	moved_visitor(f);
	unmatched(f, CN, COA, HOME);
	h_advance(&f->h, 2 * MIP_SEC);
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 1);
	/* Now backed off to 2 s: 1 s later it is held. */
	h_advance(&f->h, MIP_SEC / 2);
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 0);
	/* RO spec 1.5: the binding changed, the back-off starts again. */
	bu(f, COA, 0, COA3);
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 1);
}

static void
test_special_tunnel(void **state)
{
	struct fx *f = *state;
	const struct h_action *a;
	uint32_t id;

	h_init(&f->h, &f->n.cfg);
	/* RO spec 3: no visitor, no entry: to the home address itself. */
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 0);
	a = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	assert_non_null(a);
	assert_int_equal(a->act.u.tunnel.encap, MIP_TUN_IPIP);
	assert_true(mip_ip4_eq(a->act.u.tunnel.local, ip4(COA)));
	assert_true(mip_ip4_eq(a->act.u.tunnel.remote, ip4(HOME)));
	assert_true(mip_ip4_eq(a->act.u.tunnel.home_addr, ip4(HOME)));
	assert_false(a->act.u.tunnel.special);
	id = a->act.u.tunnel.id;
	a = h_find(&f->h, MIP_ACT_ROUTE_ADD, 0);
	assert_non_null(a);
	assert_true(mip_ip4_eq(a->act.u.route.dst, ip4(HOME)));
	assert_int_equal(a->act.u.route.plen, 32);
	assert_int_equal(a->act.u.route.tunnel_id, id);
	/* Further packets: the entry is there, no warning (no home agent
	 * known), nothing new. */
	unmatched(f, CN, COA, HOME);
	assert_int_equal(f->h.nacts, 0);
	/* It lives special_lifetime (10 s). */
	h_advance(&f->h, 9 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 0);
	h_advance(&f->h, 2 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(info(f).cn_entries, 0);
	/* Again, and then the home agent's update replaces it. */
	unmatched(f, CN, COA, HOME);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
	bu(f, COA, 0, COA2);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 1);
	a = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	assert_non_null(a);
	assert_true(mip_ip4_eq(a->act.u.tunnel.remote, ip4(COA2)));
}

static void
test_ignored_reports(void **state)
{
	struct fx *f = *state;

	h_init(&f->h, &f->n.cfg);
	/* A special tunnel is never re-tunnelled (RO spec 3). */
	unmatched(f, CN, HOME, HOME);
	assert_int_equal(f->h.nacts, 0);
	/* About one of our addresses, or no unicast address. */
	unmatched(f, CN, COA, UP);
	assert_int_equal(f->h.nacts, 0);
	unmatched(f, CN, COA, "224.0.0.5");
	assert_int_equal(f->h.nacts, 0);
	unmatched(f, CN, COA, "0.0.0.0");
	assert_int_equal(f->h.nacts, 0);
	/* An outer destination that is not ours (a host's mistake). */
	unmatched(f, CN, "203.0.113.2", HOME);
	assert_int_equal(f->h.nacts, 0);
	assert_int_equal(info(f).cn_entries, 0);
	/* Without the RO profile nothing at all. */
	h_free(&f->h);
	f->n.cfg.roles = MIP_ROLE_FA;
	f->n.cfg.cn = NULL;
	f->n.cfg.profile.ro = false;
	h_init(&f->h, &f->n.cfg);
	register_mn(f);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1); /* the reply */
	unmatched(f, CN, COA, "192.0.2.11");
	assert_int_equal(f->h.nacts, 0);
}

static void
test_cn_without_fa_no_special(void **state)
{
	struct fx *f = *state;

	f->n.cfg.roles = MIP_ROLE_CN;
	f->n.cfg.fa = NULL;
	h_init(&f->h, &f->n.cfg);
	/* RO spec 3: "normally an FA": a plain correspondent drops. */
	unmatched(f, CN, COA, HOME);
	assert_int_equal(f->h.nacts, 0);
	/* With an entry it warns like any cache holder (paper 3.1). */
	bu(f, COA, 0, COA2);
	unmatched(f, CN, COA, HOME);
	assert_int_equal(bw_count(f), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_visitor_asks_home_agent, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_update_ends_visitor, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_new_visitor_ends_cache_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_warning_backoff_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_warning_restarts_on_new_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_special_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ignored_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cn_without_fa_no_special, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
