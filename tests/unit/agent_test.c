/* SPDX-License-Identifier: ISC */
/*
 * The agent advertiser (RFC 5944 2.3; RFC 4721): advertisement contents
 * per link and role, the periodic interval and its jitter bounds, the
 * sequence rollover, answers to solicitations and their rate limit, and
 * challenge freshness. Driven through a node (harness.h), and directly on
 * a hand-built context for the challenge interface the FA uses.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mip/mip_adv.h"
#include "mip/mip_proto.h"
#include "mip_agent.h"

static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x50 };

static const struct mip_if_config ifs[] = {
	{ .ifindex = 1,
	    .addr = { 0x0a000101 },
	    .plen = 24,
	    .hwaddr = { 2, 0, 0, 0, 1, 1 } },
	{ .ifindex = 2,
	    .addr = { 0x0a000201 },
	    .plen = 26,
	    .hwaddr = { 2, 0, 0, 0, 2, 1 } },
	{ .ifindex = 3,
	    .addr = { 0x0a000001 },
	    .plen = 16,
	    .hwaddr = { 2, 0, 0, 0, 3, 1 } },
};

static const struct mip_fa_link_config fa_links[] = {
	{ .ifindex = 1, .coa = { 0x0a000101 } },
	{ .ifindex = 2, .coa = { 0x0a000264 } },
};

static struct mip_fa_config
fa_config(void)
{
	struct mip_fa_config c;

	memset(&c, 0, sizeof(c));
	c.links = fa_links;
	c.nlinks = 2;
	c.adv_interval_ms = 3000;
	c.adv_lifetime = 30;
	c.reg_lifetime = 600;
	return c;
}

static struct mip_ha_config
ha_config(uint32_t home_ifindex)
{
	struct mip_ha_config c;

	memset(&c, 0, sizeof(c));
	c.home_ifindex = home_ifindex;
	c.addr = ifs[home_ifindex - 1].addr;
	c.plen = ifs[home_ifindex - 1].plen;
	c.max_lifetime = 1200;
	c.max_bindings = 16;
	c.encaps = MIP_ENCAPS_GRE;
	c.adv_interval_ms = 5000;
	c.adv_lifetime = 45;
	return c;
}

static struct mip_node_config
node_config(uint32_t roles, const struct mip_fa_config *fa,
    const struct mip_ha_config *ha)
{
	struct mip_node_config c;

	memset(&c, 0, sizeof(c));
	c.roles = roles;
	c.ifs = ifs;
	c.nifs = 3;
	c.fa = fa;
	c.ha = ha;
	c.profile = mip_profile_default;
	return c;
}

static struct harness h;

/* The advertisement sent on |ifindex| among the collected actions. */
static const struct mip_act_send *
adv_on(uint32_t ifindex, struct mip_adv *a)
{
	size_t i;

	for (i = 0; i < h.nacts; i++) {
		const struct mip_act_send *s = &h.acts[i].act.u.send;

		if (h.acts[i].act.type != MIP_ACT_SEND || s->ifindex != ifindex)
			continue;
		assert_int_equal(s->kind, MIP_PKT_ICMP);
		assert_int_equal(
		    mip_adv_decode(a, s->data, s->len, NULL, NULL), 0);
		assert_int_equal(mip_adv_check(a), MIP_ADV_OK);
		assert_int_equal(s->len % 2, 0); /* RFC 5944 2.1.3 */
		return s;
	}
	fail_msg("no advertisement on interface %u", ifindex);
	return NULL;
}

static void
assert_multicast(const struct mip_act_send *s, const struct mip_if_config *ifc)
{
	assert_int_equal(s->dst.v, MIP_ALL_SYSTEMS);
	assert_int_equal(s->src.v, ifc->addr.v);
	assert_int_equal(s->ttl, 1);
	assert_false(s->has_hwaddr);
}

static void
test_fa_contents(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;
	const struct mip_act_send *s;
	struct mip_adv a;

	(void)state;
	fa.encaps = MIP_ENCAPS_MINIMAL | MIP_ENCAPS_GRE;
	fa.reverse_tunnel = true;
	fa.registration_required = true;
	fa.busy = true;
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	/* RFC 5944 2.3.2: the first advertisement goes out at once, seq 0. */
	h_advance(&h, 0);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 2);
	assert_int_equal(mip_node_stats(h.node)->advertisements, 2);

	s = adv_on(1, &a);
	assert_multicast(s, &ifs[0]);
	assert_int_equal(a.code, MIP_ICMP_ADV_CODE_NORMAL);
	assert_int_equal(a.num_addrs, 1);
	assert_int_equal(a.routers[0].addr.v, ifs[0].addr.v);
	assert_int_equal(a.routers[0].pref, 0);
	assert_int_equal(a.lifetime, 30);
	assert_true(a.is_agent);
	assert_int_equal(a.mob.seq, 0);
	assert_int_equal(a.mob.reg_lifetime, 600);
	assert_int_equal(a.mob.flags,
	    MIP_ADV_F_R | MIP_ADV_F_B | MIP_ADV_F_F | MIP_ADV_F_M |
		MIP_ADV_F_G | MIP_ADV_F_T);
	assert_int_equal(a.mob.n_coa, 1);
	assert_int_equal(a.mob.coa[0].v, fa_links[0].coa.v);
	assert_true(a.has_prefix);
	assert_int_equal(a.prefix_len[0], 24);
	assert_null(a.challenge);

	s = adv_on(2, &a);
	assert_multicast(s, &ifs[1]);
	assert_int_equal(a.mob.seq, 0); /* numbered per link */
	assert_int_equal(a.mob.coa[0].v, fa_links[1].coa.v);
	assert_int_equal(a.prefix_len[0], 26);
	h_free(&h);
}

static void
test_fa_plain_flags_and_challenge(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;
	struct mip_adv a;

	(void)state;
	fa.challenge = true;
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	h_advance(&h, 0);
	adv_on(1, &a);
	assert_int_equal(a.mob.flags, MIP_ADV_F_F);
	/* RFC 4721 3.1: a challenge in every advertisement. */
	assert_non_null(a.challenge);
	assert_int_equal(a.challenge_len, MIP_AGENT_CHALLENGE_LEN);
	h_free(&h);
}

static void
test_ha_home_link(void **state)
{
	struct mip_ha_config ha = ha_config(3);
	struct mip_node_config cfg = node_config(MIP_ROLE_HA, NULL, &ha);
	const struct mip_act_send *s;
	struct mip_adv a;

	(void)state;
	h_init(&h, &cfg);
	h_advance(&h, 0);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	s = adv_on(3, &a);
	assert_multicast(s, &ifs[2]);
	/* RFC 5944 2.3: H on the home link; no F, no care-of address. */
	assert_int_equal(a.mob.flags, MIP_ADV_F_H | MIP_ADV_F_G);
	assert_int_equal(a.mob.n_coa, 0);
	assert_int_equal(a.mob.reg_lifetime, 1200);
	assert_int_equal(a.lifetime, 45);
	assert_int_equal(a.prefix_len[0], 16);
	assert_null(a.challenge);
	h_free(&h);
}

static void
test_fa_and_ha_same_link(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_ha_config ha = ha_config(1);
	struct mip_node_config cfg =
	    node_config(MIP_ROLE_FA | MIP_ROLE_HA, &fa, &ha);
	struct mip_adv a;

	(void)state;
	h_init(&h, &cfg);
	h_advance(&h, 0);
	/* Links 1 and 2, once each: the home link is also an FA link. */
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 2);
	adv_on(1, &a);
	assert_int_equal(a.mob.flags, MIP_ADV_F_H | MIP_ADV_F_F);
	assert_int_equal(a.mob.reg_lifetime, 600);
	assert_int_equal(a.mob.n_coa, 1);
	adv_on(2, &a);
	assert_int_equal(a.mob.flags, MIP_ADV_F_F);
	h_free(&h);
}

static void
test_fa_and_ha_other_link(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_ha_config ha = ha_config(3);
	struct mip_node_config cfg =
	    node_config(MIP_ROLE_FA | MIP_ROLE_HA, &fa, &ha);
	struct mip_adv a;

	(void)state;
	h_init(&h, &cfg);
	h_advance(&h, 0);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 3);
	adv_on(1, &a);
	assert_int_equal(a.mob.flags, MIP_ADV_F_F); /* RFC 5944 2.3: no H */
	adv_on(3, &a);
	assert_int_equal(a.mob.flags, MIP_ADV_F_H | MIP_ADV_F_G);
	h_free(&h);
}

/* Steps to the next timer; returns how long that was. */
static mip_duration
step(void)
{
	mip_tstamp next = mip_node_next_expiry(h.node);
	mip_duration d;

	assert_true(next != MIP_TSTAMP_NONE && next >= h.now.mono);
	d = next - h.now.mono;
	h_advance(&h, d);
	return d;
}

static void
check_intervals(
    uint32_t interval_ms, uint16_t lifetime, mip_duration lo, mip_duration hi)
{
	struct mip_fa_link_config one = fa_links[0];
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;
	mip_duration min = UINT64_MAX, max = 0;
	int i;

	fa.links = &one;
	fa.nlinks = 1;
	fa.adv_interval_ms = interval_ms;
	fa.adv_lifetime = lifetime;
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	h_advance(&h, 0);
	for (i = 0; i < 400; i++) {
		mip_duration d = step();
		struct mip_adv a;

		assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
		adv_on(1, &a);
		assert_int_equal(a.mob.seq, i + 1);
		assert_true(d >= lo && d <= hi);
		min = d < min ? d : min;
		max = d > max ? d : max;
	}
	/* Jittered, and spread over most of the range. */
	assert_true(max - min > (hi - lo) / 2);
	h_free(&h);
}

static void
test_interval_jitter(void **state)
{
	(void)state;
	/* RFC 1256 3 / RFC 5944 2.3: within +/-25% of the interval. */
	check_intervals(4000, 60, 3000 * MIP_MSEC, 5000 * MIP_MSEC);
}

static void
test_interval_capped_by_lifetime(void **state)
{
	(void)state;
	/* RFC 5944 2.3: never more than a third of the ICMP lifetime. */
	check_intervals(3000, 9, 2250 * MIP_MSEC, 3000 * MIP_MSEC);
}

static void
test_solicitation_only(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;

	(void)state;
	fa.adv_interval_ms = 0; /* RFC 5944 2.3: may only answer */
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	assert_int_equal(mip_node_next_expiry(h.node), MIP_TSTAMP_NONE);
	h_advance(&h, 100 * MIP_SEC);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	h_free(&h);
}

static void
test_bad_ha_config(void **state)
{
	struct mip_ha_config ha = ha_config(3);
	struct mip_node_config cfg = node_config(MIP_ROLE_HA, NULL, &ha);
	struct test_mem tm;
	struct test_rand tr;
	struct mip_node *node = NULL;
	struct mip_now now = { MIP_SEC, 0 };

	(void)state;
	/* RFC 5944 2.3: an interval over a third of the lifetime. */
	ha.adv_interval_ms = 20000;
	ha.adv_lifetime = 45;
	test_mem_init(&tm, 0);
	test_rand_init(&tr, 1);
	assert_int_equal(
	    mip_node_new(&node, &cfg, &tm.mem, &tr.rand, &now), MIP_ERR_INVAL);
	assert_null(node);
	assert_int_equal(tm.live, 0);
}

static void
test_sequence_rollover(void **state)
{
	struct mip_fa_link_config one = fa_links[0];
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;
	struct mip_adv a;
	uint32_t i;

	(void)state;
	fa.links = &one;
	fa.nlinks = 1;
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	h_advance(&h, 0);
	adv_on(1, &a);
	assert_int_equal(a.mob.seq, 0);
	for (i = 1; i <= 0xffff; i++) {
		const struct mip_act_send *s;

		step();
		s = &h_find(&h, MIP_ACT_SEND, 0)->act.u.send;
		/* the sequence number: octets 18-19 of this message */
		assert_int_equal(mip_get_be16(s->data + 18), i);
	}
	/* RFC 5944 2.3.2: 0xffff is followed by 256, then 257. */
	step();
	adv_on(1, &a);
	assert_int_equal(a.mob.seq, 256);
	step();
	adv_on(1, &a);
	assert_int_equal(a.mob.seq, 257);
	h_free(&h);
}

static size_t
solicitation(uint8_t *buf, size_t cap)
{
	struct mip_sol sol;
	mip_ssize n;

	memset(&sol, 0, sizeof(sol));
	n = mip_sol_encode(buf, cap, &sol);
	assert_true(n > 0);
	return (size_t)n;
}

static void
test_solicitation_answers(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;
	const struct mip_act_send *s;
	uint8_t sol[16];
	size_t n = solicitation(sol, sizeof(sol));
	struct mip_adv a;

	(void)state;
	fa.adv_interval_ms = 0;
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	/* RFC 5944 2.3: the source need not be a neighbour; answer it at
	 * its link-layer address. */
	h_icmp(&h, 2, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h.nacts, 1);
	s = adv_on(2, &a);
	assert_int_equal(s->dst.v, ip4("192.0.2.10").v);
	assert_true(s->has_hwaddr);
	assert_memory_equal(s->dst_hwaddr, mn_hw, MIP_HWADDR_LEN);
	assert_int_equal(s->src.v, ifs[1].addr.v);
	assert_int_equal(s->ttl, 1);
	assert_int_equal(a.mob.seq, 0);
	assert_int_equal(mip_node_stats(h.node)->solicitations, 1);

	/* No source address: to all systems. */
	h_icmp(&h, 2, ip4("0.0.0.0"), ip4("224.0.0.11"), mn_hw, sol, n);
	s = adv_on(2, &a);
	assert_multicast(s, &ifs[1]);
	assert_int_equal(a.mob.seq, 1);

	/* Not an advertising link: not the advertiser's. */
	h_icmp(&h, 3, ip4("10.0.0.7"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_NOT_FOR_US], 1);

	/* A corrupt solicitation is dropped. */
	sol[2] ^= 0xff;
	h_icmp(&h, 2, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_CHECKSUM], 1);
	h_icmp(&h, 2, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, 4);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_SHORT], 1);
	h_free(&h);
}

static void
test_solicitation_rate_limit(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg;
	uint8_t sol[16];
	size_t n = solicitation(sol, sizeof(sol));
	int i;

	(void)state;
	fa.adv_interval_ms = 0;
	cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	h_init(&h, &cfg);
	/* RFC 5944 2.3: a burst of three, then one a second. */
	for (i = 0; i < 3; i++) {
		h_icmp(
		    &h, 1, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
		assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	}
	h_icmp(&h, 1, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_RATE], 1);
	/* The other link has its own budget. */
	h_icmp(&h, 2, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	h_advance(&h, MIP_SEC);
	h_icmp(&h, 1, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	h_icmp(&h, 1, ip4("192.0.2.10"), ip4("224.0.0.11"), mn_hw, sol, n);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->advertisements, 5);
	h_free(&h);
}

/* ---- the challenge interface, on a hand-built context ---- */

struct bare {
	struct test_mem tm;
	struct test_rand tr;
	struct mip_ctx ctx;
	struct mip_if_config ifs[3];
	struct mip_agent *agent;
	struct mip_now now;
};

static void
bare_init(struct bare *b, const struct mip_fa_config *fa)
{
	memset(b, 0, sizeof(*b));
	test_mem_init(&b->tm, 0);
	test_rand_init(&b->tr, 7);
	b->ctx.mem = b->tm.mem;
	b->ctx.rnd = b->tr.rand;
	mip_timerq_init(&b->ctx.tq, &b->ctx.mem);
	mip_outq_init(&b->ctx.out, &b->ctx.mem);
	memcpy(b->ifs, ifs, sizeof(ifs));
	b->ctx.ifs = b->ifs;
	b->ctx.nifs = 3;
	b->now.mono = MIP_SEC;
	assert_int_equal(
	    mip_agent_new(&b->agent, &b->ctx, fa, NULL, &b->now), 0);
	assert_ptr_equal(b->ctx.agent, b->agent);
}

static void
bare_free(struct bare *b)
{
	mip_agent_del(b->agent);
	assert_null(b->ctx.agent);
	mip_timerq_free(&b->ctx.tq);
	mip_outq_free(&b->ctx.out);
	assert_int_equal(b->tm.live, 0);
}

/* Sends one advertisement on link |i| and returns its challenge. */
static void
advertise(struct bare *b, size_t i, uint8_t out[MIP_AGENT_CHALLENGE_LEN])
{
	struct mip_action act;
	struct mip_adv a;

	mip_outq_begin(&b->ctx.out);
	mip_agent_advertise(&b->agent->links[i], &b->now);
	assert_int_equal(mip_outq_pop(&b->ctx.out, &act), 1);
	assert_int_equal(act.type, MIP_ACT_SEND);
	assert_int_equal(
	    mip_adv_decode(&a, act.u.send.data, act.u.send.len, NULL, NULL), 0);
	assert_int_equal(a.challenge_len, MIP_AGENT_CHALLENGE_LEN);
	memcpy(out, a.challenge, MIP_AGENT_CHALLENGE_LEN);
}

static void
test_challenge_freshness(void **state)
{
	struct mip_fa_config fa = fa_config();
	uint8_t c1[16], c2[16], c3[16], c4[16], other[16];
	struct bare b;
	int i;

	(void)state;
	fa.challenge = true;
	bare_init(&b, &fa);
	assert_int_equal(b.agent->nlinks, 2);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c1, 16),
	    MIP_AGENT_CHAL_UNKNOWN); /* nothing advertised yet */
	advertise(&b, 0, c1);
	advertise(&b, 1, other);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c1, 16),
	    MIP_AGENT_CHAL_FRESH);
	/* Challenges belong to the link they were advertised on. */
	assert_int_equal(mip_agent_challenge_check(b.agent, 2, c1, 16),
	    MIP_AGENT_CHAL_UNKNOWN);
	assert_int_equal(mip_agent_challenge_check(b.agent, 2, other, 16),
	    MIP_AGENT_CHAL_FRESH);
	assert_int_equal(mip_agent_challenge_check(b.agent, 9, other, 16),
	    MIP_AGENT_CHAL_UNKNOWN);
	/* RFC 4721: the last CHALLENGE_WINDOW (2) are acceptable. */
	advertise(&b, 0, c2);
	assert_memory_not_equal(c1, c2, 16);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c1, 16),
	    MIP_AGENT_CHAL_FRESH);
	advertise(&b, 0, c3);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c1, 16),
	    MIP_AGENT_CHAL_STALE);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c2, 16),
	    MIP_AGENT_CHAL_FRESH);
	/* Once used, a challenge is stale. */
	mip_agent_challenge_use(b.agent, 1, c3, 16);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c3, 16),
	    MIP_AGENT_CHAL_STALE);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c2, 16),
	    MIP_AGENT_CHAL_FRESH);
	/* A prefix, a wrong length, changed bytes: unknown. */
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c2, 8),
	    MIP_AGENT_CHAL_UNKNOWN);
	memcpy(c4, c2, 16);
	c4[15] ^= 1;
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c4, 16),
	    MIP_AGENT_CHAL_UNKNOWN);
	/* Far older than the history: forgotten, so unknown. */
	for (i = 0; i < MIP_AGENT_CHALLENGE_HISTORY; i++)
		advertise(&b, 0, c4);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c1, 16),
	    MIP_AGENT_CHAL_UNKNOWN);
	assert_int_equal(mip_agent_challenge_check(b.agent, 1, c4, 16),
	    MIP_AGENT_CHAL_FRESH);
	assert_false(mip_agent_is_home_agent(b.agent));
	assert_int_equal(
	    mip_agent_challenge_check(NULL, 1, c4, 16), MIP_AGENT_CHAL_UNKNOWN);
	bare_free(&b);
}

static void
test_alloc_failures(void **state)
{
	struct mip_fa_config fa = fa_config();
	struct mip_node_config cfg = node_config(MIP_ROLE_FA, &fa, NULL);
	size_t k;

	(void)state;
	/* Every allocation of node creation fails in turn, cleanly. */
	for (k = 1; k < 64; k++) {
		struct test_mem tm;
		struct test_rand tr;
		struct mip_node *node = NULL;
		struct mip_now now = { MIP_SEC, 0 };
		int rc;

		test_mem_init(&tm, k);
		test_rand_init(&tr, 1);
		rc = mip_node_new(&node, &cfg, &tm.mem, &tr.rand, &now);
		if (rc == 0) {
			mip_node_del(node);
			assert_int_equal(tm.live, 0);
			return;
		}
		assert_int_equal(rc, MIP_ERR_NOMEM);
		assert_int_equal(tm.live, 0);
	}
	fail_msg("node creation never succeeded");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fa_contents),
		cmocka_unit_test(test_fa_plain_flags_and_challenge),
		cmocka_unit_test(test_ha_home_link),
		cmocka_unit_test(test_fa_and_ha_same_link),
		cmocka_unit_test(test_fa_and_ha_other_link),
		cmocka_unit_test(test_interval_jitter),
		cmocka_unit_test(test_interval_capped_by_lifetime),
		cmocka_unit_test(test_solicitation_only),
		cmocka_unit_test(test_bad_ha_config),
		cmocka_unit_test(test_sequence_rollover),
		cmocka_unit_test(test_solicitation_answers),
		cmocka_unit_test(test_solicitation_rate_limit),
		cmocka_unit_test(test_challenge_freshness),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
