/* SPDX-License-Identifier: ISC */
/*
 * Tests of the simulated world with hand-built topologies: routed ping,
 * TTL expiry, loss masks, MTU drops, deterministic traces and event ties,
 * tunnels of every encapsulation carried by mip_encap (and simultaneous
 * bindings, reverse tunnels past an ingress filter, the RFC 3024 check),
 * node movement with MIP_LINK_UP, proxy and gratuitous ARP (RFC 5944 4.6),
 * the SEND action and the pcap writer. The data plane is driven with
 * sim_apply_action directly, so nothing here depends on the role engines.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helper.h"
#include "mip/mip_proto.h"
#include "sim.h"

#define MS MIP_MSEC

/* ---- trace capture ---- */

struct tbuf {
	char *s;
	size_t len, cap;
};

static void
tcollect(void *user, const char *line)
{
	struct tbuf *b = user;
	size_t n = strlen(line);

	if (b->len + n + 2 > b->cap) {
		b->cap = (b->len + n + 2) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, line, n);
	b->len += n;
	b->s[b->len++] = '\n';
	b->s[b->len] = '\0';
}

static bool
has_line(const struct tbuf *b, const char *needle)
{
	return b->s != NULL && strstr(b->s, needle) != NULL;
}

/* ---- topology helpers ---- */

static struct sim_link *
mklink(struct sim_world *w, const char *name, mip_duration delay)
{
	struct sim_link_config c;
	struct sim_link *l;

	memset(&c, 0, sizeof(c));
	c.delay = delay;
	assert_int_equal(sim_link_new(w, name, &c, &l), 0);
	return l;
}

static struct sim_node *
mknode(struct sim_world *w, const char *name)
{
	struct sim_node *n;

	assert_int_equal(sim_node_new(w, name, &n), 0);
	return n;
}

static uint32_t
mkif(struct sim_node *n, struct sim_link *l, const char *addr, uint8_t plen)
{
	struct sim_if_config c;
	uint32_t idx;

	memset(&c, 0, sizeof(c));
	c.link = l;
	c.addr = test_ip4(addr);
	c.plen = plen;
	assert_int_equal(sim_if_add(n, &c, &idx), 0);
	return idx;
}

static void
defroute(struct sim_node *n, const char *gw, uint32_t ifindex)
{
	assert_int_equal(
	    sim_route_add(n, test_ip4("0.0.0.0"), 0, test_ip4(gw), ifindex), 0);
}

static struct sim_flow *
mkflow(struct sim_world *w, enum sim_flow_kind kind, const char *name,
    struct sim_node *from, const char *dst, mip_duration interval,
    uint32_t count, uint32_t size)
{
	struct sim_flow_config c;
	struct sim_flow *f;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.name = name;
	c.from = from;
	c.dst = test_ip4(dst);
	c.interval = interval;
	c.count = count;
	c.size = size;
	assert_int_equal(sim_flow_new(w, &c, &f), 0);
	return f;
}

static void
act_route(struct sim_node *n, enum mip_action_type t, const char *dst,
    uint8_t plen, uint32_t ifindex, uint32_t tunnel_id)
{
	struct mip_action a;

	memset(&a, 0, sizeof(a));
	a.type = t;
	a.u.route.dst = test_ip4(dst);
	a.u.route.plen = plen;
	a.u.route.ifindex = ifindex;
	a.u.route.tunnel_id = tunnel_id;
	assert_int_equal(sim_apply_action(n, &a), 0);
}

static void
act_tunnel(struct sim_node *n, uint32_t id, enum mip_encap_kind encap,
    const char *local, const char *remote, const char *home, bool reverse)
{
	struct mip_action a;

	memset(&a, 0, sizeof(a));
	a.type = MIP_ACT_TUNNEL_ADD;
	a.u.tunnel.id = id;
	a.u.tunnel.encap = encap;
	a.u.tunnel.local = test_ip4(local);
	a.u.tunnel.remote = test_ip4(remote);
	a.u.tunnel.home_addr = test_ip4(home);
	a.u.tunnel.reverse = reverse;
	assert_int_equal(sim_apply_action(n, &a), 0);
}

static void
act_neigh(struct sim_node *n, enum mip_action_type t, uint32_t ifindex,
    const char *addr, const struct sim_node *owner, uint32_t owner_if)
{
	struct mip_action a;
	struct mip_if_config ic;

	memset(&a, 0, sizeof(a));
	a.type = t;
	a.u.neigh.ifindex = ifindex;
	a.u.neigh.addr = test_ip4(addr);
	if (owner != NULL) {
		assert_int_equal(sim_if_get(owner, owner_if, &ic), 0);
		memcpy(a.u.neigh.hwaddr, ic.hwaddr, MIP_HWADDR_LEN);
	}
	assert_int_equal(sim_apply_action(n, &a), 0);
}

static uint64_t
delivered(const struct sim_flow *f, int phase)
{
	struct sim_flow_stats st;

	sim_flow_stats(f, phase, &st);
	return st.delivered;
}

/* ---- a routed two-segment network ---- */

struct two {
	struct sim_world *w;
	struct sim_link *la, *lb;
	struct sim_node *a, *r, *b;
};

/*
 *   a 10.0.1.2 --lanA-- 10.0.1.1 r 10.0.2.1 --lanB-- 10.0.2.2 b
 */
static void
two_init(struct two *t, uint64_t seed)
{
	assert_int_equal(sim_world_new(&t->w, seed), 0);
	t->la = mklink(t->w, "lanA", 1 * MS);
	t->lb = mklink(t->w, "lanB", 1 * MS);
	t->a = mknode(t->w, "a");
	t->r = mknode(t->w, "r");
	t->b = mknode(t->w, "b");
	defroute(t->a, "10.0.1.1", mkif(t->a, t->la, "10.0.1.2", 24));
	mkif(t->r, t->la, "10.0.1.1", 24);
	mkif(t->r, t->lb, "10.0.2.1", 24);
	sim_node_set_forwarding(t->r, true);
	defroute(t->b, "10.0.2.1", mkif(t->b, t->lb, "10.0.2.2", 24));
}

static void
test_ping_routed(void **state)
{
	struct two t;
	struct sim_flow *f;
	struct sim_flow_stats st;
	struct tbuf tb = { 0 };

	(void)state;
	two_init(&t, 1);
	sim_set_trace(t.w, tcollect, &tb);
	f = mkflow(t.w, SIM_FLOW_PING, "ping", t.a, "10.0.2.2", MIP_SEC, 3, 56);
	assert_int_equal(sim_run_until(t.w, 10 * MIP_SEC), 0);
	assert_int_equal(sim_now(t.w), 10 * MIP_SEC);
	sim_flow_stats(f, -1, &st);
	assert_int_equal(st.sent, 3);
	assert_int_equal(st.delivered, 3);
	assert_int_equal(st.lost, 0);
	assert_int_equal(st.duplicates, 0);
	/* Two hops each way, 1 ms per link. */
	assert_int_equal(st.lat_min, 4 * MS);
	assert_int_equal(st.lat_max, 4 * MS);
	assert_int_equal(sim_node_counters(t.r)->forwarded, 6);
	assert_int_equal(sim_node_counters(t.b)->echo_replies, 3);
	assert_true(has_line(&tb,
	    "t=0.000000 node=a ev=arp if=if1 "
	    "who=10.0.1.1 at=02:00:00:00:02:01 by=r"));
	assert_true(has_line(&tb, "node=r ev=tx link=lanB"));
	free(tb.s);
	sim_world_del(t.w);
}

static void
test_ttl_expires_at_router(void **state)
{
	struct two t;
	struct sim_flow_config c;
	struct sim_flow *f;

	(void)state;
	two_init(&t, 1);
	memset(&c, 0, sizeof(c));
	c.kind = SIM_FLOW_UDP;
	c.from = t.a;
	c.dst = test_ip4("10.0.2.2");
	c.interval = MIP_SEC;
	c.count = 2;
	c.ttl = 1;
	assert_int_equal(sim_flow_new(t.w, &c, &f), 0);
	assert_int_equal(sim_run_until(t.w, 5 * MIP_SEC), 0);
	assert_int_equal(delivered(f, -1), 0);
	assert_int_equal(sim_node_counters(t.r)->drops[SIM_DROP_TTL], 2);
	sim_world_del(t.w);
}

static void
test_no_route_and_host_does_not_forward(void **state)
{
	struct two t;
	struct sim_flow *f;

	(void)state;
	two_init(&t, 1);
	/* b is a host: a packet for elsewhere sent to it is not forwarded. */
	assert_int_equal(sim_route_add(t.a, test_ip4("10.7.0.0"), 16,
			     test_ip4("10.0.1.1"), 1),
	    0);
	assert_int_equal(sim_route_add(t.r, test_ip4("10.7.0.0"), 16,
			     test_ip4("10.0.2.2"), 2),
	    0);
	f = mkflow(t.w, SIM_FLOW_UDP, "u", t.a, "10.7.0.1", MIP_SEC, 1, 0);
	(void)f;
	/* r has no route to 10.8/16. */
	mkflow(t.w, SIM_FLOW_UDP, "v", t.a, "10.8.0.1", MIP_SEC, 1, 0);
	assert_int_equal(sim_run_until(t.w, 2 * MIP_SEC), 0);
	assert_int_equal(
	    sim_node_counters(t.b)->drops[SIM_DROP_NOT_FORWARDING], 1);
	assert_int_equal(sim_node_counters(t.r)->drops[SIM_DROP_NO_ROUTE], 1);
	sim_world_del(t.w);
}

static void
test_loss_mask_drops_exactly_masked(void **state)
{
	struct two t;
	struct sim_link_config c;
	struct sim_flow *f;
	struct sim_flow_pkt p;
	uint64_t i;

	(void)state;
	two_init(&t, 7);
	c = *sim_link_get_config(t.lb);
	c.loss_mask = 0x05; /* the 1st and 3rd data transmission on lanB */
	c.loss_mask_len = 8;
	c.loss_classes = SIM_PKT_DATA;
	assert_int_equal(sim_link_configure(t.lb, &c), 0);
	f = mkflow(t.w, SIM_FLOW_UDP, "u", t.a, "10.0.2.2", 100 * MS, 10, 100);
	assert_int_equal(sim_run_until(t.w, 3 * MIP_SEC), 0);
	for (i = 0; i < 10; i++) {
		bool masked = i == 0 || i == 2 || i == 8;

		assert_int_equal(sim_flow_pkt(f, i, &p), 0);
		assert_int_equal(p.deliveries, masked ? 0 : 1);
	}
	assert_int_equal(sim_flow_pkt(f, 10, &p), MIP_ERR_NOTFOUND);
	assert_int_equal(sim_link_counters(t.lb)->lost, 3);
	assert_int_equal(sim_link_counters(t.lb)->tx, 10);
	assert_int_equal(sim_link_counters(t.la)->lost, 0);
	assert_int_equal(delivered(f, -1), 7);
	sim_world_del(t.w);
}

static void
test_loss_classes_spare_other_traffic(void **state)
{
	struct two t;
	struct sim_link_config c;
	struct sim_flow *f;

	(void)state;
	two_init(&t, 7);
	c = *sim_link_get_config(t.lb);
	c.loss = 1.0;
	c.loss_classes = SIM_PKT_REG; /* registration traffic only */
	assert_int_equal(sim_link_configure(t.lb, &c), 0);
	f = mkflow(t.w, SIM_FLOW_UDP, "u", t.a, "10.0.2.2", 100 * MS, 5, 0);
	assert_int_equal(sim_run_until(t.w, MIP_SEC), 0);
	assert_int_equal(delivered(f, -1), 5);
	c.loss_classes = SIM_PKT_ALL;
	assert_int_equal(sim_link_configure(t.lb, &c), 0);
	f = mkflow(t.w, SIM_FLOW_UDP, "v", t.a, "10.0.2.2", 100 * MS, 5, 0);
	assert_int_equal(sim_run_until(t.w, 2 * MIP_SEC), 0);
	assert_int_equal(delivered(f, -1), 0);
	c.loss = 1.5;
	assert_int_equal(sim_link_configure(t.lb, &c), MIP_ERR_INVAL);
	sim_world_del(t.w);
}

static void
test_mtu_drop(void **state)
{
	struct two t;
	struct sim_link_config c;
	struct sim_flow *big, *small;

	(void)state;
	two_init(&t, 1);
	c = *sim_link_get_config(t.lb);
	c.mtu = 576;
	assert_int_equal(sim_link_configure(t.lb, &c), 0);
	/* 20 + 8 + 548 = 576 fits; 577 does not. */
	small =
	    mkflow(t.w, SIM_FLOW_UDP, "s", t.a, "10.0.2.2", MIP_SEC, 3, 548);
	big = mkflow(t.w, SIM_FLOW_UDP, "b", t.a, "10.0.2.2", MIP_SEC, 4, 549);
	assert_int_equal(sim_run_until(t.w, 10 * MIP_SEC), 0);
	assert_int_equal(delivered(small, -1), 3);
	assert_int_equal(delivered(big, -1), 0);
	assert_int_equal(sim_link_counters(t.lb)->mtu_drops, 4);
	assert_int_equal(sim_link_counters(t.la)->mtu_drops, 0);
	sim_world_del(t.w);
}

/* ---- determinism ---- */

static void
cb_mark(struct sim_world *w, void *arg)
{
	sim_trace(w, NULL, "cb", "which=%s", (const char *)arg);
}

static void
run_noisy(uint64_t seed, struct tbuf *tb)
{
	static char first[] = "first", second[] = "second", third[] = "third";
	struct two t;
	struct sim_link_config c;

	two_init(&t, seed);
	sim_set_trace(t.w, tcollect, tb);
	c = *sim_link_get_config(t.lb);
	c.jitter = 5 * MS;
	c.loss = 0.3;
	assert_int_equal(sim_link_configure(t.lb, &c), 0);
	mkflow(t.w, SIM_FLOW_UDP, "u", t.a, "10.0.2.2", 2 * MS, 200, 64);
	mkflow(t.w, SIM_FLOW_PING, "p", t.b, "10.0.1.2", 10 * MS, 40, 0);
	/* Ties: same time, run in the order scheduled. */
	assert_int_equal(sim_at(t.w, 100 * MS, cb_mark, first), 0);
	assert_int_equal(sim_at(t.w, 100 * MS, cb_mark, second), 0);
	assert_int_equal(sim_at(t.w, 100 * MS, cb_mark, third), 0);
	assert_int_equal(sim_run_until(t.w, 2 * MIP_SEC), 0);
	sim_world_del(t.w);
}

static void
test_same_seed_same_trace(void **state)
{
	struct tbuf x = { 0 }, y = { 0 }, z = { 0 };
	const char *p1, *p2, *p3;

	(void)state;
	run_noisy(42, &x);
	run_noisy(42, &y);
	run_noisy(43, &z);
	assert_true(x.len > 10000);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.s, y.s, x.len);
	assert_false(x.len == z.len && memcmp(x.s, z.s, x.len) == 0);
	p1 = strstr(x.s, "t=0.100000 node=- ev=cb which=first");
	p2 = strstr(x.s, "t=0.100000 node=- ev=cb which=second");
	p3 = strstr(x.s, "t=0.100000 node=- ev=cb which=third");
	assert_non_null(p1);
	assert_true(p1 < p2 && p2 < p3);
	/* Jitter and loss happened. */
	assert_true(has_line(&x, "ev=lost link=lanB"));
	assert_true(has_line(&x, " reordered=1"));
	free(x.s);
	free(y.s);
	free(z.s);
}

static void
stop_cb(struct sim_world *w, void *arg)
{
	(void)arg;
	sim_stop(w);
}

static void
test_stop_and_phases(void **state)
{
	struct two t;
	struct sim_flow *f;
	struct sim_flow_stats st;

	(void)state;
	two_init(&t, 3);
	assert_int_equal(sim_phase_mark(t.w, "home"), 0); /* renames "start" */
	f = mkflow(t.w, SIM_FLOW_UDP, "u", t.a, "10.0.2.2", 100 * MS, 0, 0);
	assert_int_equal(sim_run_until(t.w, 1 * MIP_SEC - 1), 0);
	assert_int_equal(sim_phase_mark(t.w, "second"), 1);
	assert_int_equal(sim_phase_mark(t.w, "bad name"), MIP_ERR_INVAL);
	assert_int_equal(sim_at(t.w, 2 * MIP_SEC - 1, stop_cb, NULL), 0);
	assert_int_equal(sim_run_until(t.w, 10 * MIP_SEC), 1);
	assert_int_equal(sim_now(t.w), 2 * MIP_SEC - 1);
	assert_int_equal(sim_phase_count(t.w), 2);
	assert_string_equal(sim_phase_name(t.w, 0), "home");
	assert_int_equal(sim_phase_find(t.w, "second"), 1);
	sim_flow_stats(f, 0, &st);
	assert_int_equal(st.sent, 10);
	assert_int_equal(st.delivered, 10);
	sim_flow_stats(f, 1, &st);
	assert_int_equal(st.sent, 10);
	sim_flow_stop(f);
	assert_int_equal(sim_run_until(t.w, 3 * MIP_SEC), 0);
	assert_int_equal(sim_flow_sent(f), 20);
	sim_world_del(t.w);
}

/* ---- tunnels ---- */

/*
 *  s --lanS-- t1 --lanA-- r --lanB-- t2 --lanD-- m (10.9.9.9)
 * r knows 10.0.0/24 and 10.0.3/24 but not 10.9.9/24.
 */
struct tun {
	struct sim_world *w;
	struct sim_node *s, *t1, *r, *t2, *m;
	uint32_t t2_lan_d;
};

static void
tun_init(struct tun *t)
{
	struct sim_link *ls, *la, *lb, *ld;

	assert_int_equal(sim_world_new(&t->w, 5), 0);
	ls = mklink(t->w, "lanS", 1 * MS);
	la = mklink(t->w, "lanA", 1 * MS);
	lb = mklink(t->w, "lanB", 1 * MS);
	ld = mklink(t->w, "lanD", 1 * MS);
	t->s = mknode(t->w, "s");
	t->t1 = mknode(t->w, "t1");
	t->r = mknode(t->w, "r");
	t->t2 = mknode(t->w, "t2");
	t->m = mknode(t->w, "m");
	defroute(t->s, "10.0.0.1", mkif(t->s, ls, "10.0.0.2", 24));
	mkif(t->t1, ls, "10.0.0.1", 24);
	defroute(t->t1, "10.0.1.254", mkif(t->t1, la, "10.0.1.1", 24));
	mkif(t->r, la, "10.0.1.254", 24);
	mkif(t->r, lb, "10.0.2.254", 24);
	assert_int_equal(sim_route_add(t->r, test_ip4("10.0.0.0"), 24,
			     test_ip4("10.0.1.1"), 1),
	    0);
	assert_int_equal(sim_route_add(t->r, test_ip4("10.0.3.0"), 24,
			     test_ip4("10.0.2.1"), 2),
	    0);
	defroute(t->t2, "10.0.2.254", mkif(t->t2, lb, "10.0.2.1", 24));
	t->t2_lan_d = mkif(t->t2, ld, "10.0.3.1", 24);
	defroute(t->m, "10.0.3.1", mkif(t->m, ld, "10.9.9.9", 24));
	sim_node_set_forwarding(t->t1, true);
	sim_node_set_forwarding(t->r, true);
	sim_node_set_forwarding(t->t2, true);
}

/* t2's side: decapsulate for 10.9.9.9 and deliver it on lanD. */
static void
tun_exit(struct tun *t, enum mip_encap_kind encap, bool reverse)
{
	act_tunnel(
	    t->t2, 3, encap, "10.0.2.1", "10.0.1.1", "10.9.9.9", reverse);
	act_route(t->t2, MIP_ACT_ROUTE_ADD, "10.9.9.9", 32, t->t2_lan_d, 0);
	act_neigh(t->t2, MIP_ACT_NEIGH_ADD, t->t2_lan_d, "10.9.9.9", t->m, 1);
}

static void
test_tunnel_carries_flow(void **state)
{
	static const enum mip_encap_kind kinds[] = { MIP_TUN_IPIP,
		MIP_TUN_MINIMAL, MIP_TUN_GRE };
	size_t k;

	(void)state;
	for (k = 0; k < 3; k++) {
		struct tun t;
		struct sim_flow *f;

		tun_init(&t);
		/* Without the tunnel, r cannot route to 10.9.9.9. */
		f = mkflow(
		    t.w, SIM_FLOW_UDP, "pre", t.s, "10.9.9.9", MIP_SEC, 1, 200);
		assert_int_equal(sim_run_until(t.w, MIP_SEC), 0);
		assert_int_equal(delivered(f, -1), 0);
		assert_int_equal(
		    sim_node_counters(t.r)->drops[SIM_DROP_NO_ROUTE], 1);

		act_tunnel(t.t1, 7, kinds[k], "10.0.1.1", "10.0.2.1",
		    "10.9.9.9", false);
		act_route(t.t1, MIP_ACT_ROUTE_ADD, "10.9.9.9", 32, 0, 7);
		tun_exit(&t, kinds[k], false);
		f = mkflow(
		    t.w, SIM_FLOW_UDP, "f", t.s, "10.9.9.9", 100 * MS, 5, 200);
		assert_int_equal(sim_run_until(t.w, 2 * MIP_SEC), 0);
		assert_int_equal(delivered(f, -1), 5);
		assert_int_equal(sim_node_counters(t.t1)->encap, 5);
		assert_int_equal(sim_node_counters(t.t2)->decap, 5);
		/* The "pre" packet and five outer packets. */
		assert_int_equal(sim_node_counters(t.r)->forwarded, 6);

		/* No decapsulating entry: dropped at the tunnel exit. */
		{
			struct mip_action a;

			memset(&a, 0, sizeof(a));
			a.type = MIP_ACT_TUNNEL_DEL;
			a.u.tunnel.id = 3;
			assert_int_equal(sim_apply_action(t.t2, &a), 0);
			assert_int_equal(
			    sim_apply_action(t.t2, &a), MIP_ERR_NOTFOUND);
		}
		f = mkflow(
		    t.w, SIM_FLOW_UDP, "g", t.s, "10.9.9.9", 100 * MS, 2, 200);
		assert_int_equal(sim_run_until(t.w, 3 * MIP_SEC), 0);
		assert_int_equal(delivered(f, -1), 0);
		assert_int_equal(
		    sim_node_counters(t.t2)->drops[SIM_DROP_NO_TUNNEL], 2);
		sim_world_del(t.w);
	}
}

static void
test_simultaneous_bindings_duplicate(void **state)
{
	struct tun t;
	struct sim_flow *f;
	struct sim_flow_stats st;

	(void)state;
	tun_init(&t);
	act_tunnel(
	    t.t1, 7, MIP_TUN_IPIP, "10.0.1.1", "10.0.2.1", "10.9.9.9", false);
	act_tunnel(
	    t.t1, 8, MIP_TUN_GRE, "10.0.1.1", "10.0.2.1", "10.9.9.9", false);
	act_route(t.t1, MIP_ACT_ROUTE_ADD, "10.9.9.9", 32, 0, 7);
	act_route(t.t1, MIP_ACT_ROUTE_ADD, "10.9.9.9", 32, 0, 8);
	tun_exit(&t, MIP_TUN_IPIP, false);
	f = mkflow(t.w, SIM_FLOW_UDP, "f", t.s, "10.9.9.9", 100 * MS, 4, 0);
	assert_int_equal(sim_run_until(t.w, MIP_SEC), 0);
	sim_flow_stats(f, -1, &st);
	assert_int_equal(st.delivered, 4);
	assert_int_equal(st.duplicates, 4);
	assert_int_equal(sim_node_counters(t.t1)->encap, 8);
	/* One binding gone: one copy again. */
	act_route(t.t1, MIP_ACT_ROUTE_DEL, "10.9.9.9", 32, 0, 8);
	f = mkflow(t.w, SIM_FLOW_UDP, "g", t.s, "10.9.9.9", 100 * MS, 4, 0);
	assert_int_equal(sim_run_until(t.w, 2 * MIP_SEC), 0);
	sim_flow_stats(f, -1, &st);
	assert_int_equal(st.delivered, 4);
	assert_int_equal(st.duplicates, 0);
	sim_world_del(t.w);
}

static void
test_reverse_tunnel_passes_ingress_filter(void **state)
{
	struct tun t;
	struct sim_flow *f;
	struct mip_action a;

	(void)state;
	tun_init(&t);
	sim_node_set_ingress_filter(t.r, true);
	/* m's packets carry 10.9.9.9, topologically wrong beyond t2. */
	f = mkflow(
	    t.w, SIM_FLOW_UDP, "direct", t.m, "10.0.0.2", 100 * MS, 3, 0);
	assert_int_equal(sim_run_until(t.w, MIP_SEC), 0);
	assert_int_equal(delivered(f, -1), 0);
	assert_int_equal(sim_node_counters(t.r)->drops[SIM_DROP_INGRESS], 3);

	/* RFC 3024: t2 reverse-tunnels to t1, which accepts it. */
	act_tunnel(
	    t.t1, 7, MIP_TUN_IPIP, "10.0.1.1", "10.0.2.1", "10.9.9.9", true);
	tun_exit(&t, MIP_TUN_IPIP, true);
	memset(&a, 0, sizeof(a));
	a.type = MIP_ACT_RULE_ADD;
	a.u.rule.src = test_ip4("10.9.9.9");
	a.u.rule.ifindex = t.t2_lan_d;
	a.u.rule.tunnel_id = 3;
	assert_int_equal(sim_apply_action(t.t2, &a), 0);
	f = mkflow(t.w, SIM_FLOW_UDP, "rev", t.m, "10.0.0.2", 100 * MS, 3, 0);
	assert_int_equal(sim_run_until(t.w, 2 * MIP_SEC), 0);
	assert_int_equal(delivered(f, -1), 3);
	assert_int_equal(sim_node_counters(t.t2)->encap, 3);
	assert_int_equal(sim_node_counters(t.t1)->decap, 3);

	/* RFC 3024 4.3.2: without reverse tunnelling on t1's entry, an inner
   * source of the home address is not accepted. */
	act_tunnel(
	    t.t1, 7, MIP_TUN_IPIP, "10.0.1.1", "10.0.2.1", "10.9.9.9", false);
	f = mkflow(t.w, SIM_FLOW_UDP, "norev", t.m, "10.0.0.2", 100 * MS, 2, 0);
	assert_int_equal(sim_run_until(t.w, 3 * MIP_SEC), 0);
	assert_int_equal(delivered(f, -1), 0);
	assert_int_equal(sim_node_counters(t.t1)->drops[SIM_DROP_NO_TUNNEL], 2);

	/* The rule removed: back to the ingress filter. */
	a.type = MIP_ACT_RULE_DEL;
	assert_int_equal(sim_apply_action(t.t2, &a), 0);
	assert_int_equal(sim_apply_action(t.t2, &a), MIP_ERR_NOTFOUND);
	sim_world_del(t.w);
}

/* ---- movement ---- */

static void
move_cb(struct sim_world *w, void *arg)
{
	struct sim_node *m = arg;

	assert_int_equal(sim_move(m, 1, sim_link_find(w, "lanX")), 0);
}

static void
test_move_emits_link_up(void **state)
{
	struct two t;
	struct sim_link *lx;
	struct mip_mn_config mn;
	struct mip_sa_config sa;
	struct mip_node_config nc;
	struct tbuf tb = { 0 };
	struct sim_flow *f;
	uint8_t hw[MIP_HWADDR_LEN];

	(void)state;
	two_init(&t, 9);
	lx = mklink(t.w, "lanX", 1 * MS);
	sim_set_trace(t.w, tcollect, &tb);
	mip_sa_config_init(&sa);
	sa.peer = test_ip4("10.0.2.1");
	sa.spi = 300;
	sa.key_len = 16;
	memset(sa.key, 0x11, 16);
	memset(&mn, 0, sizeof(mn));
	mn.home_addr = test_ip4("10.0.2.2");
	mn.home_plen = 24;
	mn.ha_addr = test_ip4("10.0.2.1");
	mn.spi = 300;
	mn.home_ifindex = 1;
	mn.lifetime = 60;
	memset(&nc, 0, sizeof(nc));
	nc.roles = MIP_ROLE_MN;
	nc.sas = &sa;
	nc.nsas = 1;
	nc.mn = &mn;
	nc.profile = mip_profile_default;
	assert_int_equal(sim_node_host(t.b, &nc), 0);
	assert_non_null(sim_node_mip(t.b));
	assert_int_equal(sim_node_host(t.b, &nc), MIP_ERR_STATE);

	/* r learns b's address, and b r's, from a first packet. */
	f = mkflow(t.w, SIM_FLOW_UDP, "u", t.a, "10.0.2.2", 100 * MS, 1, 0);
	assert_int_equal(sim_run_until(t.w, 50 * MS), 0);
	assert_int_equal(delivered(f, -1), 1);
	assert_true(sim_arp_lookup(t.b, 1, test_ip4("10.0.2.1"), hw));

	/* A packet in flight when b leaves is lost. */
	f = mkflow(t.w, SIM_FLOW_UDP, "v", t.a, "10.0.2.2", 100 * MS, 1, 0);
	assert_int_equal(sim_at(t.w, 51500 * 1000, move_cb, t.b), 0);
	assert_int_equal(sim_run_until(t.w, 500 * MS), 0);
	assert_int_equal(delivered(f, -1), 0);
	assert_ptr_equal(sim_if_link(t.b, 1), lx);
	assert_false(sim_arp_lookup(t.b, 1, test_ip4("10.0.2.1"), hw));
	assert_true(
	    has_line(&tb, "t=0.051500 node=b ev=move if=if1 link=lanX"));
	assert_true(has_line(
	    &tb, "t=0.051500 node=b ev=link kind=up if=if1 addr=10.0.2.2/24"));
	assert_true(
	    has_line(&tb, "node=b ev=lost link=lanB if=if1 reason=moved"));

	/* Detaching gives LINK_DOWN. */
	assert_int_equal(sim_move(t.b, 1, NULL), 0);
	assert_true(has_line(&tb, "node=b ev=link kind=down if=if1"));
	assert_int_equal(sim_move(t.b, 9, lx), MIP_ERR_NOTFOUND);
	free(tb.s);
	sim_world_del(t.w);
}

/* ---- RFC 5944 4.6: proxy and gratuitous ARP ---- */

struct arp {
	struct sim_world *w;
	struct sim_link *lh, *lf;
	struct sim_node *r, *ha, *mn, *fa, *cn, *x;
};

static void
arp_leave(struct sim_world *w, void *arg)
{
	struct arp *s = arg;

	assert_int_equal(sim_move(s->mn, 1, s->lf), 0);
	assert_true(sim_phase_mark(w, "stale") > 0);
}

static void
arp_announce(struct sim_world *w, void *arg)
{
	struct arp *s = arg;
	struct mip_action a;
	struct mip_if_config ic;

	/* The home agent's actions for an away mobile node. */
	act_neigh(s->ha, MIP_ACT_PROXY_ADD, 1, "10.0.0.10", NULL, 0);
	memset(&a, 0, sizeof(a));
	a.type = MIP_ACT_ARP_ANNOUNCE;
	a.u.neigh.ifindex = 1;
	a.u.neigh.addr = test_ip4("10.0.0.10");
	assert_int_equal(sim_if_get(s->ha, 1, &ic), 0);
	memcpy(a.u.neigh.hwaddr, ic.hwaddr, MIP_HWADDR_LEN);
	assert_int_equal(sim_apply_action(s->ha, &a), 0);
	act_tunnel(
	    s->ha, 1, MIP_TUN_IPIP, "10.0.0.1", "10.1.0.1", "10.0.0.10", false);
	act_route(s->ha, MIP_ACT_ROUTE_ADD, "10.0.0.10", 32, 0, 1);
	/* The foreign agent's. */
	act_tunnel(
	    s->fa, 1, MIP_TUN_IPIP, "10.1.0.1", "10.0.0.1", "10.0.0.10", false);
	act_route(s->fa, MIP_ACT_ROUTE_ADD, "10.0.0.10", 32, 1, 0);
	act_neigh(s->fa, MIP_ACT_NEIGH_ADD, 1, "10.0.0.10", s->mn, 1);
	assert_true(sim_phase_mark(w, "away") > 0);
}

static void
test_proxy_and_gratuitous_arp(void **state)
{
	struct arp s;
	struct sim_link *lc;
	struct sim_flow *f;
	struct mip_if_config ha_if, mn_if;
	uint8_t hw[MIP_HWADDR_LEN];

	(void)state;
	assert_int_equal(sim_world_new(&s.w, 11), 0);
	s.lh = mklink(s.w, "home", 1 * MS);
	s.lf = mklink(s.w, "foreign", 1 * MS);
	lc = mklink(s.w, "core", 1 * MS);
	s.r = mknode(s.w, "r");
	s.ha = mknode(s.w, "ha");
	s.mn = mknode(s.w, "mn");
	s.fa = mknode(s.w, "fa");
	s.cn = mknode(s.w, "cn");
	s.x = mknode(s.w, "x");
	mkif(s.r, s.lh, "10.0.0.254", 24);
	mkif(s.r, s.lf, "10.1.0.254", 24);
	mkif(s.r, lc, "10.2.0.254", 24);
	sim_node_set_forwarding(s.r, true);
	defroute(s.ha, "10.0.0.254", mkif(s.ha, s.lh, "10.0.0.1", 24));
	sim_node_set_forwarding(s.ha, true);
	defroute(s.mn, "10.0.0.254", mkif(s.mn, s.lh, "10.0.0.10", 24));
	defroute(s.fa, "10.1.0.254", mkif(s.fa, s.lf, "10.1.0.1", 24));
	sim_node_set_forwarding(s.fa, true);
	defroute(s.cn, "10.2.0.254", mkif(s.cn, lc, "10.2.0.2", 24));
	defroute(s.x, "10.0.0.254", mkif(s.x, s.lh, "10.0.0.20", 24));
	assert_int_equal(sim_if_get(s.ha, 1, &ha_if), 0);
	assert_int_equal(sim_if_get(s.mn, 1, &mn_if), 0);

	assert_int_equal(sim_phase_mark(s.w, "home"), 0);
	f = mkflow(
	    s.w, SIM_FLOW_UDP, "cbr", s.cn, "10.0.0.10", 100 * MS, 30, 100);
	assert_int_equal(sim_at(s.w, 1 * MIP_SEC, arp_leave, &s), 0);
	assert_int_equal(sim_at(s.w, 2 * MIP_SEC, arp_announce, &s), 0);
	assert_int_equal(sim_run_until(s.w, 1 * MIP_SEC + 500 * MS), 0);
	/* The router's cache still names the mobile node: stale. */
	assert_true(sim_arp_lookup(s.r, 1, test_ip4("10.0.0.10"), hw));
	assert_memory_equal(hw, mn_if.hwaddr, MIP_HWADDR_LEN);
	assert_int_equal(sim_run_until(s.w, 4 * MIP_SEC), 0);

	assert_int_equal(sim_phase_count(s.w), 3);
	assert_int_equal(delivered(f, 0), 10);
	assert_int_equal(delivered(f, 1), 0);
	assert_int_equal(delivered(f, 2), 10);
	assert_int_equal(sim_link_counters(s.lh)->no_station, 10);
	/* The gratuitous ARP corrected the router's cache. */
	assert_true(sim_arp_lookup(s.r, 1, test_ip4("10.0.0.10"), hw));
	assert_memory_equal(hw, ha_if.hwaddr, MIP_HWADDR_LEN);
	assert_int_equal(sim_node_counters(s.ha)->encap, 10);
	assert_int_equal(sim_node_counters(s.fa)->decap, 10);

	/* A station that never cached it: proxy ARP answers for it. */
	assert_false(sim_arp_lookup(s.x, 1, test_ip4("10.0.0.10"), NULL));
	mkflow(s.w, SIM_FLOW_UDP, "x", s.x, "10.0.0.10", 100 * MS, 1, 0);
	assert_int_equal(sim_run_until(s.w, 5 * MIP_SEC), 0);
	assert_true(sim_arp_lookup(s.x, 1, test_ip4("10.0.0.10"), hw));
	assert_memory_equal(hw, ha_if.hwaddr, MIP_HWADDR_LEN);
	assert_int_equal(delivered(sim_flow_find(s.w, "x"), -1), 1);
	sim_world_del(s.w);
}

/* ---- the SEND action ---- */

static void
test_send_action(void **state)
{
	struct two t;
	struct mip_action a;
	static const uint8_t r_if2[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 2, 2 };
	static const uint8_t reg[] = { 1, 0, 0, 60 };
	static const uint8_t sol[] = { MIP_ICMP_ROUTER_SOL, 0, 0, 0, 0, 0, 0,
		0 };

	(void)state;
	two_init(&t, 1);
	/* Unicast to a hardware address, no ARP: r gets it on lanB. */
	memset(&a, 0, sizeof(a));
	a.type = MIP_ACT_SEND;
	a.u.send.kind = MIP_PKT_UDP;
	a.u.send.ifindex = 1;
	a.u.send.src = test_ip4("10.0.2.2");
	a.u.send.dst = test_ip4("10.0.2.1");
	a.u.send.sport = MIP_UDP_PORT;
	a.u.send.dport = MIP_UDP_PORT;
	a.u.send.has_hwaddr = true;
	memcpy(a.u.send.dst_hwaddr, r_if2, MIP_HWADDR_LEN);
	a.u.send.data = reg;
	a.u.send.len = sizeof(reg);
	assert_int_equal(sim_apply_action(t.b, &a), 0);
	/* An ICMP solicitation to all routers. */
	memset(&a, 0, sizeof(a));
	a.type = MIP_ACT_SEND;
	a.u.send.kind = MIP_PKT_ICMP;
	a.u.send.ifindex = 1;
	a.u.send.src = test_ip4("10.0.2.2");
	a.u.send.dst = test_ip4("224.0.0.2");
	a.u.send.ttl = 1;
	a.u.send.data = sol;
	a.u.send.len = sizeof(sol);
	assert_int_equal(sim_apply_action(t.b, &a), 0);
	assert_int_equal(sim_run_until(t.w, MIP_SEC), 0);
	assert_int_equal(sim_link_counters(t.lb)->tx, 2);
	assert_int_equal(sim_node_counters(t.r)->rx, 2);
	/* r hosts no engine: the unicast is counted, the multicast is not. */
	assert_int_equal(
	    sim_node_counters(t.r)->drops[SIM_DROP_NO_LISTENER], 1);
	assert_int_equal(sim_node_counters(t.r)->forwarded, 0);

	/* Bad requests. */
	a.u.send.ifindex = 9;
	assert_int_equal(sim_apply_action(t.b, &a), MIP_ERR_INVAL);
	a.u.send.ifindex = 1;
	a.u.send.len = 2;
	assert_int_equal(sim_apply_action(t.b, &a), MIP_ERR_INVAL);
	memset(&a, 0, sizeof(a));
	a.type = MIP_ACT_ROUTE_DEL;
	a.u.route.dst = test_ip4("10.5.0.0");
	a.u.route.plen = 16;
	assert_int_equal(sim_apply_action(t.b, &a), MIP_ERR_NOTFOUND);
	a.type = MIP_ACT_NEIGH_ADD;
	a.u.neigh.ifindex = 5;
	assert_int_equal(sim_apply_action(t.b, &a), MIP_ERR_INVAL);
	sim_world_del(t.w);
}

/* ---- names, addresses and the API's refusals ---- */

static void
test_api_refusals(void **state)
{
	struct sim_world *w;
	struct sim_link_config lc;
	struct sim_node *n;
	struct sim_link *l;
	struct sim_flow_config fc;
	struct tbuf tb = { 0 };

	(void)state;
	assert_int_equal(sim_world_new(&w, 1), 0);
	sim_set_trace(w, tcollect, &tb);
	memset(&lc, 0, sizeof(lc));
	assert_int_equal(sim_link_new(w, "l", &lc, &l), 0);
	assert_int_equal(sim_link_new(w, "l", &lc, NULL), MIP_ERR_EXIST);
	assert_int_equal(sim_link_new(w, "a b", &lc, NULL), MIP_ERR_INVAL);
	lc.loss_mask_len = 65;
	assert_int_equal(sim_link_new(w, "m", &lc, NULL), MIP_ERR_INVAL);
	assert_int_equal(sim_link_get_config(l)->mtu, SIM_DEFAULT_MTU);
	assert_int_equal(sim_node_new(w, "n", &n), 0);
	assert_int_equal(sim_node_new(w, "n", NULL), MIP_ERR_EXIST);
	assert_int_equal(sim_node_new(w, "", NULL), MIP_ERR_INVAL);
	assert_ptr_equal(sim_node_find(w, "n"), n);
	assert_null(sim_node_find(w, "zz"));
	assert_int_equal(mkif(n, l, "10.0.0.1", 24), 1);
	assert_int_equal(sim_if_find(n, "if1"), 1);
	assert_int_equal(sim_if_add_addr(n, 1, test_ip4("10.5.0.1"), 24), 0);
	assert_int_equal(
	    sim_if_add_addr(n, 1, test_ip4("10.5.0.1"), 24), MIP_ERR_EXIST);
	assert_int_equal(sim_node_route_count(n), 2);
	assert_int_equal(
	    sim_if_del_addr(n, 1, test_ip4("10.0.0.1")), MIP_ERR_INVAL);
	assert_int_equal(sim_if_del_addr(n, 1, test_ip4("10.5.0.1")), 0);
	assert_int_equal(
	    sim_if_del_addr(n, 1, test_ip4("10.5.0.1")), MIP_ERR_NOTFOUND);
	assert_int_equal(sim_node_route_count(n), 1);
	assert_int_equal(
	    sim_node_cmd(n, &(struct mip_cmd){ 0 }), MIP_ERR_STATE);
	memset(&fc, 0, sizeof(fc));
	fc.kind = SIM_FLOW_UDP;
	fc.from = n;
	assert_int_equal(sim_flow_new(w, &fc, NULL), MIP_ERR_INVAL);
	assert_string_equal(sim_drop_name(SIM_DROP_INGRESS), "ingress_filter");
	assert_string_equal(sim_drop_name(SIM_DROP__COUNT), "unknown");
	assert_true(has_line(&tb,
	    "t=0.000000 node=n ev=addr_add if=if1 "
	    "addr=10.5.0.1/24"));
	free(tb.s);
	sim_world_del(w);
}

static void
test_node_clock(void **state)
{
	struct sim_world *w;
	struct sim_node *n;
	struct mip_now now;

	(void)state;
	assert_int_equal(sim_world_new(&w, 1), 0);
	assert_int_equal(sim_node_new(w, "n", &n), 0);
	assert_int_equal(sim_run_until(w, 1500 * MS), 0);
	now = sim_node_now(n);
	assert_int_equal(now.mono, 1500 * MS);
	assert_int_equal(
	    now.ntp, SIM_NTP_EPOCH_DEFAULT + (1ULL << 32) + (1ULL << 31));
	sim_node_set_skew(n, -2 * (int64_t)MIP_SEC);
	now = sim_node_now(n);
	assert_int_equal(
	    now.ntp, SIM_NTP_EPOCH_DEFAULT - (1ULL << 32) + (1ULL << 31));
	sim_set_epoch(w, 0);
	sim_node_set_skew(n, 0);
	assert_int_equal(sim_node_now(n).ntp, (1ULL << 32) + (1ULL << 31));
	sim_world_del(w);
}

/* ---- pcap ---- */

static void
test_pcap_every_transmission(void **state)
{
	struct two t;
	char path[] = "/tmp/sim_test_XXXXXX";
	int fd;
	pcap_t *p;
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	size_t count = 0;
	mip_tstamp last = 0;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	two_init(&t, 1);
	assert_int_equal(sim_pcap_open(t.w, path), 0);
	assert_int_equal(sim_pcap_open(t.w, path), MIP_ERR_STATE);
	mkflow(t.w, SIM_FLOW_PING, "p", t.a, "10.0.2.2", MIP_SEC, 3, 56);
	assert_int_equal(sim_run_until(t.w, 5 * MIP_SEC), 0);
	sim_pcap_close(t.w);
	p = pcap_open_offline(path, err);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_RAW);
	while (pcap_next_ex(p, &h, &data) == 1) {
		mip_tstamp ts = (mip_tstamp)h->ts.tv_sec * MIP_SEC +
		    (mip_tstamp)h->ts.tv_usec * 1000U;

		assert_true(ts >= last);
		last = ts;
		assert_int_equal(data[0] >> 4, 4);
		assert_int_equal(h->caplen, 84); /* 20 + 8 + 56 */
		count++;
	}
	pcap_close(p);
	assert_int_equal(
	    count, sim_link_counters(t.la)->tx + sim_link_counters(t.lb)->tx);
	assert_int_equal(count, 12);
	unlink(path);
	sim_world_del(t.w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping_routed),
		cmocka_unit_test(test_ttl_expires_at_router),
		cmocka_unit_test(test_no_route_and_host_does_not_forward),
		cmocka_unit_test(test_loss_mask_drops_exactly_masked),
		cmocka_unit_test(test_loss_classes_spare_other_traffic),
		cmocka_unit_test(test_mtu_drop),
		cmocka_unit_test(test_same_seed_same_trace),
		cmocka_unit_test(test_stop_and_phases),
		cmocka_unit_test(test_tunnel_carries_flow),
		cmocka_unit_test(test_simultaneous_bindings_duplicate),
		cmocka_unit_test(test_reverse_tunnel_passes_ingress_filter),
		cmocka_unit_test(test_move_emits_link_up),
		cmocka_unit_test(test_proxy_and_gratuitous_arp),
		cmocka_unit_test(test_send_action),
		cmocka_unit_test(test_api_refusals),
		cmocka_unit_test(test_node_clock),
		cmocka_unit_test(test_pcap_every_transmission),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
