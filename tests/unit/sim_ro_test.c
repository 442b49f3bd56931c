/* SPDX-License-Identifier: ISC */
/*
 * Special tunnels in the simulated data plane (RO spec 3; mip_node.h,
 * struct mip_act_tunnel |special|): a home agent engine with Route
 * Optimization registers a co-located mobile node, so its tunnel is
 * special; a special tunnel (IP in IP, outer and inner destination both
 * the home address) from another node is decapsulated and its inner packet
 * sent down the tunnel to the care-of address, one from the care-of
 * address itself is dropped (SIM_DROP_LOOP), never looped back. Both are
 * reported (MIP_TRAFFIC_SPECIAL), which the home agent shows by sending
 * Binding Updates to the configured peers among the packet's sources (RO
 * spec 3 step 5): the correspondent that sent the inner packet, and the
 * node that sent the special tunnel. The care-of address is no peer (an SA
 * with it would make the home agent ask its registration for FA-HA
 * authentication), so from there only the correspondent hears.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_encap.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "sim.h"

#define MS MIP_MSEC
#define HA_NET_IF 2 /* the home agent's interface towards the care-of addr */
#define MN_PORT 40000
#define MAX_BUS 8

enum { SA_MN, SA_FA, SA_CN, NSAS };

static const struct test_sa_def sa_defs[NSAS] = {
	[SA_MN] = { "192.0.2.10", 256, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_FA] = { "198.51.100.3", 402, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_CN] = { "203.0.113.5", 403, MIP_REPLAY_TIMESTAMP, 0 },
};

struct fx {
	struct sim_world *w;
	struct sim_node *ha, *mn, *fa;
	struct mip_sa_config sas[NSAS];
	struct mip_ha_mn_config mncfg;
	struct mip_ro_peer_config peers[2];
	struct mip_ha_ro_config ro;
	struct mip_ha_config hacfg;
	struct mip_node_config cfg;
	struct test_mem tm;
	/* What the home agent did (the action hook). */
	struct mip_act_tunnel tun;
	size_t ntun;
	struct mip_ip4 bu_to[MAX_BUS];
	size_t nbu;
};

static void
hook(void *user, struct sim_node *n, const struct mip_action *act)
{
	struct fx *f = user;

	if (n != f->ha)
		return;
	if (act->type == MIP_ACT_TUNNEL_ADD) {
		f->tun = act->u.tunnel;
		f->ntun++;
	}
	if (act->type == MIP_ACT_SEND &&
	    mip_msg_kind(act->u.send.data, act->u.send.len, NULL) ==
		MIP_MSG_KIND_BIND_UPDATE) {
		assert_true(f->nbu < MAX_BUS);
		f->bu_to[f->nbu++] = act->u.send.dst;
	}
}

static size_t
bus_to(const struct fx *f, const char *dst)
{
	size_t i, k = 0;

	for (i = 0; i < f->nbu; i++)
		if (mip_ip4_eq(f->bu_to[i], test_ip4(dst)))
			k++;
	return k;
}

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

static struct sim_node *
mknode(struct fx *f, const char *name, struct sim_link *l, const char *addr,
    uint8_t plen)
{
	struct sim_node *n;

	assert_int_equal(sim_node_new(f->w, name, &n), 0);
	add_if(n, l, addr, plen);
	return n;
}

/* The home agent: RO on; the other node and the correspondent are peers. */
static void
host_ha(struct fx *f)
{
	test_sas_make(sa_defs, NSAS, f->sas, NULL, NULL);
	f->mncfg = (struct mip_ha_mn_config){ test_ip4("192.0.2.10"), 256 };
	f->peers[0] =
	    (struct mip_ro_peer_config){ test_ip4("198.51.100.3"), 402 };
	f->peers[1] =
	    (struct mip_ro_peer_config){ test_ip4("203.0.113.5"), 403 };
	mip_ha_ro_config_init(&f->ro);
	f->ro.peers = f->peers;
	f->ro.npeers = 2;
	f->hacfg.home_ifindex = 1;
	f->hacfg.addr = test_ip4("192.0.2.1");
	f->hacfg.plen = 24;
	f->hacfg.max_lifetime = 600;
	f->hacfg.max_simultaneous = 1;
	f->hacfg.max_bindings = 8;
	f->hacfg.adv_interval_ms = 1000 * 1000;
	f->hacfg.adv_lifetime = 65000;
	f->hacfg.mns = &f->mncfg;
	f->hacfg.nmns = 1;
	f->hacfg.ro = &f->ro;
	f->cfg.roles = MIP_ROLE_HA;
	f->cfg.sas = f->sas;
	f->cfg.nsas = NSAS;
	f->cfg.ha = &f->hacfg;
	f->cfg.profile = mip_profile_default;
	assert_int_equal(sim_node_host(f->ha, &f->cfg), 0);
}

/* A co-located registration of 192.0.2.10 at 198.51.100.2 (RFC 5944 3.3). */
static void
register_mn(struct fx *f)
{
	struct mip_reg_req req;
	struct mip_ip4_hdr ip;
	struct mip_wbuf wb;
	struct mip_sa *sa;
	uint8_t msg[256], pkt[512];
	mip_ssize n;

	assert_int_equal(mip_sa_new(&sa, &f->sas[SA_MN], &f->tm.mem), 0);
	memset(&req, 0, sizeof(req));
	req.lifetime = 300;
	req.home_addr = test_ip4("192.0.2.10");
	req.ha_addr = test_ip4("192.0.2.1");
	req.coa = test_ip4("198.51.100.2");
	req.ident = sim_node_now(f->ha).ntp;
	n = mip_reg_req_encode(msg, sizeof(msg), &req);
	assert_int_equal(n, MIP_REG_REQ_LEN);
	mip_wbuf_init(&wb, msg, sizeof(msg));
	wb.off = (size_t)n;
	assert_int_equal(mip_auth_append(&wb, MIP_EXT_MN_HA_AUTH, sa), 0);
	mip_sa_free(sa);
	memset(&ip, 0, sizeof(ip));
	ip.ttl = 64;
	ip.src = req.coa;
	ip.dst = req.ha_addr;
	n = mip_ip4_udp_build(
	    pkt, sizeof(pkt), &ip, MN_PORT, MIP_UDP_PORT, msg, wb.off);
	assert_true(n > 0);
	assert_int_equal(sim_node_inject(f->ha, HA_NET_IF, pkt, (size_t)n), 0);
}

static int
setup(void **state)
{
	struct sim_link_config lc;
	struct sim_link *home, *net;
	struct mip_action act;
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	test_mem_init(&f->tm, 0);
	assert_int_equal(sim_world_new(&f->w, 5), 0);
	sim_set_action_hook(f->w, hook, f);
	memset(&lc, 0, sizeof(lc));
	lc.delay = 1 * MS;
	assert_int_equal(sim_link_new(f->w, "home", &lc, &home), 0);
	assert_int_equal(sim_link_new(f->w, "net", &lc, &net), 0);
	f->ha = mknode(f, "ha", home, "192.0.2.1", 24);
	f->mn = mknode(f, "mn", net, "198.51.100.2", 24);
	f->fa = mknode(f, "fa", net, "198.51.100.3", 24);
	add_if(f->ha, net, "198.51.100.1", 24);
	host_ha(f);
	register_mn(f);
	assert_int_equal(sim_run_until(f->w, 100 * MS), 0);

	/* RO spec 3: the home agent's tunnel to the care-of address. */
	assert_int_equal(f->ntun, 1);
	assert_true(f->tun.special);
	assert_true(mip_ip4_eq(f->tun.remote, test_ip4("198.51.100.2")));
	assert_true(mip_ip4_eq(f->tun.home_addr, test_ip4("192.0.2.10")));

	/* The mobile node decapsulates for itself (co-located). */
	assert_int_equal(
	    sim_if_add_addr(f->mn, 1, test_ip4("192.0.2.10"), 32), 0);
	memset(&act, 0, sizeof(act));
	act.type = MIP_ACT_TUNNEL_ADD;
	act.u.tunnel.id = 1;
	act.u.tunnel.encap = MIP_TUN_IPIP;
	act.u.tunnel.local = test_ip4("198.51.100.2");
	act.u.tunnel.remote = f->tun.local;
	act.u.tunnel.home_addr = test_ip4("192.0.2.10");
	assert_int_equal(sim_apply_action(f->mn, &act), 0);
	f->nbu = 0;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	sim_world_del(f->w);
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

/*
 * A special tunnel as a node without the binding sends it: an echo request
 * from a correspondent to the home address, IP in IP from |outer_src| to
 * the home address, handed to the home agent on its interface towards it.
 */
static void
inject_special(struct fx *f, const char *outer_src)
{
	static const uint8_t body[8] = { 0, 1, 0, 1, 's', 'p', 'e', 'c' };
	uint8_t inner[128], outer[256];
	struct mip_encap_params p;
	struct mip_ip4_hdr ip;
	mip_ssize n, m;

	memset(&ip, 0, sizeof(ip));
	ip.ttl = 64;
	ip.src = test_ip4("203.0.113.5");
	ip.dst = test_ip4("192.0.2.10");
	n = mip_ip4_icmp_build(
	    inner, sizeof(inner), &ip, MIP_ICMP_ECHO, 0, body, sizeof(body));
	assert_true(n > 0);
	memset(&p, 0, sizeof(p));
	p.src = test_ip4(outer_src);
	p.dst = test_ip4("192.0.2.10");
	p.ttl = 64;
	m = mip_encap_packet(
	    outer, sizeof(outer), MIP_ENCAP_IPIP, &p, inner, (size_t)n);
	assert_true(m > 0);
	assert_int_equal(
	    sim_node_inject(f->ha, HA_NET_IF, outer, (size_t)m), 0);
}

/* RO spec 3 step 4: from another node, down the tunnel to the coa. */
static void
special_from_other_node_goes_down_tunnel(void **state)
{
	struct fx *f = *state;
	uint64_t encap = sim_node_counters(f->ha)->encap;

	inject_special(f, "198.51.100.3");
	assert_int_equal(sim_run_until(f->w, 200 * MS), 0);
	assert_int_equal(sim_node_counters(f->ha)->encap, encap + 1);
	assert_int_equal(sim_node_counters(f->ha)->drops[SIM_DROP_LOOP], 0);
	/* Once decapsulated, once encapsulated: the mobile node's own tunnel
	 * unwraps the echo request and it answers. */
	assert_int_equal(sim_node_counters(f->mn)->echo_replies, 1);
	/* Reported: the special tunnel's source learns the binding (the
	 * correspondent does too, also from the packet tunnelled on). */
	assert_int_equal(bus_to(f, "198.51.100.3"), 1);
	assert_int_equal(bus_to(f, "203.0.113.5"), 1);
}

/* RO spec 3 step 3 (OPT-05 9.5): from the care-of address, dropped. */
static void
special_from_coa_dropped(void **state)
{
	struct fx *f = *state;
	uint64_t encap = sim_node_counters(f->ha)->encap;

	inject_special(f, "198.51.100.2");
	assert_int_equal(sim_run_until(f->w, 200 * MS), 0);
	assert_int_equal(sim_node_counters(f->ha)->drops[SIM_DROP_LOOP], 1);
	assert_int_equal(sim_node_counters(f->ha)->encap, encap);
	assert_int_equal(sim_node_counters(f->mn)->echo_replies, 0);
	/* Reported all the same: the correspondent learns the binding. */
	assert_int_equal(bus_to(f, "203.0.113.5"), 1);
	assert_int_equal(bus_to(f, "198.51.100.3"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    special_from_other_node_goes_down_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    special_from_coa_dropped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
