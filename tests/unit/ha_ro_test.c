/* SPDX-License-Identifier: ISC */
/*
 * Home agent Route Optimization (RO draft 4.1-4.3; spec 1.5, 2.3, 3; paper
 * 3.3, 3.6, 5): Binding Updates on tunnelled traffic and special tunnels,
 * their back-off over long simulated times, answers to Binding Requests and
 * Warnings, updates when a binding changes, P, hostile input, and an
 * update the home agent builds accepted by a correspondent node engine.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

enum { SA_MN1, SA_MN2, SA_CN, SA_CN_NONCE, SA_FA, NSAS };

#define HOME_IF 1
#define MN_PORT 40000
#define CN_PORT 41000
#define MIN_MS 1000U
#define MAX_MS 256000U

static const uint8_t ha_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 1 };

static const struct test_sa_def sa_defs[NSAS] = {
	[SA_MN1] = { "10.0.0.10", 256, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_MN2] = { "10.0.0.11", 257, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_CN] = { "198.51.100.10", 400, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_CN_NONCE] = { "198.51.100.11", 401, MIP_REPLAY_NONCE, 0 },
	[SA_FA] = { "203.0.113.1", 402, MIP_REPLAY_TIMESTAMP, 0 },
};

struct fx {
	struct harness h;
	struct mip_sa_config sas[NSAS];
	struct mip_ha_mn_config mns[2];
	struct mip_ro_peer_config peers[3];
	struct mip_ha_ro_config ro;
	struct test_ha_node n;
	struct mip_sa *tsa[NSAS];
	struct test_mem tm;
	uint64_t step;
	bool started;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	test_mem_init(&f->tm, 0);
	test_sas_make(sa_defs, NSAS, f->sas, f->tsa, &f->tm.mem);
	f->mns[0] = (struct mip_ha_mn_config){ ip4("10.0.0.10"), 256 };
	f->mns[1] = (struct mip_ha_mn_config){ ip4("10.0.0.11"), 257 };
	f->peers[0] = (struct mip_ro_peer_config){ ip4("198.51.100.10"), 400 };
	f->peers[1] = (struct mip_ro_peer_config){ ip4("198.51.100.11"), 401 };
	f->peers[2] = (struct mip_ro_peer_config){ ip4("203.0.113.1"), 402 };
	mip_ha_ro_config_init(&f->ro);
	f->ro.peers = f->peers;
	f->ro.npeers = 3;
	test_ha_node_init(&f->n, HOME_IF, ip4("10.0.0.1"), 24, ha_hw, f->mns, 2,
	    f->sas, NSAS);
	f->n.ha.max_lifetime = MIP_LIFETIME_INFINITE;
	f->n.ha.encaps = MIP_ENCAPS_MINIMAL | MIP_ENCAPS_GRE;
	f->n.ha.ro = &f->ro;
	f->n.cfg.profile = mip_profile_default;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->started)
		h_free(&f->h);
	test_sas_free(f->tsa, NSAS);
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

static void
start(struct fx *f)
{
	h_init(&f->h, &f->n.cfg);
	f->started = true;
}

/* ---- driving the home agent ---- */

/* Collects the queued actions as the harness does. */
static void
collect(struct fx *f)
{
	struct mip_action a;

	f->h.nacts = 0;
	while (mip_node_poll_action(f->h.node, &a) == 1) {
		struct h_action *slot = &f->h.acts[f->h.nacts++];

		assert_true(f->h.nacts <= H_MAX_ACTIONS);
		slot->act = a;
		if (a.type == MIP_ACT_SEND) {
			assert_true(a.u.send.len <= H_MAX_BYTES);
			memcpy(slot->bytes, a.u.send.data, a.u.send.len);
			slot->act.u.send.data = slot->bytes;
		}
	}
}

/*
 * A co-located registration of |sa|'s home address at |coa| with
 * |lifetime| and |flags|. Returns the tunnel id it installed (0: none).
 */
static uint32_t
reg(struct fx *f, int sa, const char *coa, uint16_t lifetime, uint8_t flags)
{
	const struct h_action *t;
	struct mip_reg_req req;
	struct mip_wbuf w;
	uint8_t buf[256];
	mip_ssize n;

	memset(&req, 0, sizeof(req));
	req.flags = flags;
	req.lifetime = lifetime;
	req.home_addr = f->sas[sa].peer;
	req.ha_addr = ip4("10.0.0.1");
	req.coa = coa != NULL ? ip4(coa) : req.home_addr;
	req.ident = f->h.now.ntp + (++f->step << 8);
	n = mip_reg_req_encode(buf, sizeof(buf), &req);
	assert_true(n == MIP_REG_REQ_LEN);
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)n;
	assert_int_equal(
	    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->tsa[sa]), 0);
	h_udp(&f->h, 0, req.coa, ip4("10.0.0.1"), MN_PORT, 64, buf, w.off);
	t = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	return t != NULL ? t->act.u.tunnel.id : 0;
}

static void
traffic(struct fx *f, enum mip_traffic_kind kind, const char *src,
    const char *dst, uint32_t tunnel_id, const char *outer_src)
{
	struct mip_traffic tr;

	memset(&tr, 0, sizeof(tr));
	tr.kind = kind;
	tr.src = ip4(src);
	tr.dst = ip4(dst);
	tr.tunnel_id = tunnel_id;
	if (outer_src != NULL) {
		tr.outer_src = ip4(outer_src);
		tr.outer_dst = tr.dst;
	}
	assert_int_equal(mip_node_handle_traffic(f->h.node, &tr, &f->h.now), 0);
	collect(f);
}

/* Moves the clock without firing timers (none is due in these tests). */
static void
tick(struct fx *f, mip_duration d)
{
	h_advance(&f->h, d);
}

/* The |n|th Binding Update sent, decoded and verified under |sa|. */
static const struct mip_act_send *
bu_sent(const struct fx *f, size_t n, int sa, struct mip_bu *bu)
{
	const struct h_action *a;
	const struct mip_ext *e;
	size_t i, k = 0;

	for (i = 0; i < f->h.nacts; i++) {
		a = &f->h.acts[i];
		if (a->act.type != MIP_ACT_SEND ||
		    mip_msg_kind(a->bytes, a->act.u.send.len, NULL) !=
			MIP_MSG_KIND_BIND_UPDATE)
			continue;
		if (k++ < n)
			continue;
		assert_int_equal(
		    mip_bu_decode(bu, a->bytes, a->act.u.send.len, NULL, NULL),
		    0);
		e = mip_exts_find(&bu->exts, MIP_EXT_RO_AUTH, 0);
		assert_non_null(e);
		assert_int_equal(mip_auth_verify_ext(f->tsa[sa], a->bytes,
				     a->act.u.send.len, e),
		    0);
		assert_true(mip_ip4_eq(a->act.u.send.src, ip4("10.0.0.1")));
		assert_true(mip_ip4_eq(a->act.u.send.dst, f->sas[sa].peer));
		return &a->act.u.send;
	}
	return NULL;
}

static size_t
bus_sent(const struct fx *f)
{
	size_t i, k = 0;

	for (i = 0; i < f->h.nacts; i++)
		if (f->h.acts[i].act.type == MIP_ACT_SEND &&
		    mip_msg_kind(f->h.acts[i].bytes,
			f->h.acts[i].act.u.send.len,
			NULL) == MIP_MSG_KIND_BIND_UPDATE)
			k++;
	return k;
}

static void
send_br(struct fx *f, const char *src, const char *home, uint64_t ident)
{
	struct mip_br br;
	uint8_t buf[MIP_BR_LEN];

	memset(&br, 0, sizeof(br));
	br.home_addr = ip4(home);
	br.ident = ident;
	assert_int_equal(
	    mip_br_encode(buf, sizeof(buf), &br, NULL), (mip_ssize)MIP_BR_LEN);
	h_udp(
	    &f->h, 0, ip4(src), ip4("10.0.0.1"), CN_PORT, 64, buf, sizeof(buf));
}

/* ---- tests ---- */

/* RO draft 4.3: a tunnelled packet from a peer yields the binding. */
static void
traffic_sends_binding(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	struct mip_bu bu;
	uint32_t tid;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", 300, MIP_RRQ_F_M);
	assert_true(tid != 0);
	/* RO spec 3: the HA's tunnels carry the special-tunnel rule. */
	assert_true(h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.special);
	tick(f, 10 * MIP_SEC);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	s = bu_sent(f, 0, SA_CN, &bu);
	assert_non_null(s);
	assert_int_equal(s->dport, MIP_UDP_PORT);
	assert_true(mip_ip4_eq(bu.home_addr, ip4("10.0.0.10")));
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.50")));
	/* The remaining registration lifetime, M as registered. */
	assert_int_equal(bu.lifetime, 290);
	assert_int_equal(bu.flags, MIP_BU_F_I | MIP_BU_F_M);
	/* Not a peer, or not our tunnel: nothing. */
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.99", "10.0.0.10", tid, NULL);
	assert_int_equal(f->h.nacts, 0);
	traffic(f, MIP_TRAFFIC_TUNNELLED, "198.51.100.11", "10.0.0.10",
	    tid + 100, NULL);
	assert_int_equal(f->h.nacts, 0);
	/* The next packet a moment later is held back (1/s at first). */
	tick(f, MIP_SEC / 10);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 0);
}

/*
 * RO spec 1.5: a peer that never learns gets updates at intervals that
 * double with +-50 % jitter up to 256 s; over 6 hours with a packet every
 * second, each gap stays within its bounds and the rate decays.
 */
static void
backoff_bounds(void **state)
{
	struct fx *f = *state;
	mip_duration expect = MIN_MS * MIP_MSEC, max = MAX_MS * MIP_MSEC;
	mip_tstamp last = 0;
	unsigned per_hour[6] = { 0 };
	unsigned sec, total = 0;
	uint32_t tid;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", MIP_LIFETIME_INFINITE, 0);
	for (sec = 0; sec < 6 * 3600; sec++) {
		traffic(f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10",
		    tid, NULL);
		if (bus_sent(f) == 1) {
			if (total > 0) {
				mip_duration gap = f->h.now.mono - last;

				/* Reports come once a second: +1 s slack. */
				assert_true(gap >= expect / 2);
				assert_true(
				    gap <= expect + expect / 2 + MIP_SEC);
				expect = expect * 2 > max ? max : expect * 2;
			}
			last = f->h.now.mono;
			per_hour[sec / 3600]++;
			total++;
		}
		tick(f, MIP_SEC);
	}
	/* 1 + 2 + ... + 256 s is 9 updates in 511 s, then one per 128 to
	 * 384 s: at most 3600 / 128 + 1 an hour once backed off. */
	assert_true(per_hour[0] >= 9 && per_hour[0] <= 9 + 3600 / 128 + 1);
	for (sec = 1; sec < 6; sec++) {
		assert_true(per_hour[sec] <= 3600 / 128 + 1);
		assert_true(per_hour[sec] >= 3600 / 384 - 1);
		assert_true(per_hour[sec] < per_hour[0]);
	}
}

/* RO draft 4.3, spec 1.5: a move updates holders at once and resets the
 * back-off; a deregistration sends them a delete. */
static void
change_updates_holders(void **state)
{
	struct fx *f = *state;
	struct mip_bu bu;
	uint32_t tid;
	int i;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", 300, 0);
	for (i = 0; i < 5; i++) {
		traffic(f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10",
		    tid, NULL);
		tick(f, 20 * MIP_SEC);
	}
	tid = reg(f, SA_MN1, "203.0.113.60", 300, 0);
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.60")));
	assert_int_equal(bu.lifetime, 300);
	/* Back-off reset: the next packet 2 s later gets an update. */
	tick(f, 2 * MIP_SEC);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	/* A refresh of the same binding sends nothing. */
	reg(f, SA_MN1, "203.0.113.60", 300, 0);
	assert_int_equal(bus_sent(f), 0);
	/* Deregistration: a delete (coa = home, lifetime 0). */
	reg(f, SA_MN1, NULL, 0, 0);
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_bu_is_delete(&bu));
	assert_true(mip_ip4_eq(bu.coa, ip4("10.0.0.10")));
	/* Nothing held any more: the next change tells no one. */
	reg(f, SA_MN1, "203.0.113.70", 300, 0);
	assert_int_equal(bus_sent(f), 0);
}

/*
 * RO draft 4.3: moves, a deregistration and a flush go to the peers that
 * hold a binding only: not to one that was told "delete" (the mobile node
 * was at home), nor to one whose binding ran out at the peer; a flush
 * sends holders a delete.
 */
static void
changes_tell_holders_only(void **state)
{
	struct fx *f = *state;
	struct mip_bu bu;
	uint32_t tid;

	start(f);
	/* At home: the nonce peer asks and is told "delete". */
	send_br(f, "198.51.100.11", "10.0.0.10", 5);
	assert_non_null(bu_sent(f, 0, SA_CN_NONCE, &bu));
	assert_true(mip_bu_is_delete(&bu));
	/* Away: the other peer learns the binding (20 s left). */
	tid = reg(f, SA_MN1, "203.0.113.50", 20, 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	/* A move: only the holder hears of it. */
	tick(f, 5 * MIP_SEC);
	tid = reg(f, SA_MN1, "203.0.113.60", 20, 0);
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.60")));
	assert_int_equal(bu.lifetime, 20);
	/* A flush: the holder gets a delete, no one else anything. */
	tick(f, 5 * MIP_SEC);
	assert_int_equal(
	    h_cmd(&f->h, MIP_CMD_FLUSH_BINDING, ip4("10.0.0.10")), 0);
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_bu_is_delete(&bu));
	/* The holder's entry has run out (5 s, less than 1 s left) when the
	 * mobile node moves again: nothing to update. */
	tid = reg(f, SA_MN1, "203.0.113.70", 5, 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	tick(f, 6 * MIP_SEC);
	(void)reg(f, SA_MN1, "203.0.113.80", 30, 0);
	assert_int_equal(bus_sent(f), 0);
}

/* RO spec 1.2, 6.4: a Binding Request gets the binding, echoing its
 * Identification, to its port; rate-limited per pair; non-peers drop. */
static void
request_answered(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	struct mip_bu bu;

	start(f);
	(void)reg(f, SA_MN1, "203.0.113.50", 300, MIP_RRQ_F_G);
	send_br(f, "198.51.100.10", "10.0.0.10", 0x1111111122222222ULL);
	s = bu_sent(f, 0, SA_CN, &bu);
	assert_non_null(s);
	assert_int_equal(s->dport, CN_PORT);
	assert_true(bu.ident == 0x1111111122222222ULL);
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.50")));
	assert_int_equal(bu.flags, MIP_BU_F_I | MIP_BU_F_G);
	/* At most one answer per pair per second. */
	send_br(f, "198.51.100.10", "10.0.0.10", 0x1111111122222223ULL);
	assert_int_equal(bus_sent(f), 0);
	assert_int_equal(mip_node_stats(f->h.node)->drops[MIP_DROP_RATE], 1);
	tick(f, MIP_SEC);
	send_br(f, "198.51.100.10", "10.0.0.10", 0x1111111122222224ULL);
	assert_int_equal(bus_sent(f), 1);
	/* Not a peer: we share no SA to sign an answer. */
	send_br(f, "198.51.100.99", "10.0.0.10", 1);
	assert_int_equal(bus_sent(f), 0);
	assert_int_equal(mip_node_stats(f->h.node)->drops[MIP_DROP_NO_SA], 1);
	/* Not our mobile node. */
	send_br(f, "198.51.100.11", "10.0.0.99", 1);
	assert_int_equal(bus_sent(f), 0);
	/* An MN at home is announced as a delete. */
	send_br(f, "198.51.100.10", "10.0.0.11", 7);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_bu_is_delete(&bu));
}

/* RO spec 2.3, paper 3.6: P yields only delete updates. */
static void
private_only_deletes(void **state)
{
	struct fx *f = *state;
	struct mip_bu bu;
	uint32_t tid;
	int i;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", 300, 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	/* Re-registered with P: the holder is told to delete. */
	tick(f, MIP_SEC);
	tid = reg(f, SA_MN1, "203.0.113.50", 300, MIP_RRQ_P_DEFAULT);
	assert_int_equal(h_note(&f->h, MIP_NOTE_REG_REPLY, 0)->code, 0);
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_bu_is_delete(&bu));
	/* From now on: traffic yields nothing, requests a delete. */
	for (i = 0; i < 20; i++) {
		tick(f, 5 * MIP_SEC);
		traffic(f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10",
		    tid, NULL);
		assert_int_equal(bus_sent(f), 0);
		send_br(f, "198.51.100.11", "10.0.0.10", (uint64_t)i);
		assert_non_null(bu_sent(f, 0, SA_CN_NONCE, &bu));
		assert_true(
		    bu.lifetime == 0 && mip_ip4_eq(bu.coa, ip4("10.0.0.10")));
	}
	/* A Binding Warning about it: deletes only. */
	{
		struct mip_bw bw;
		uint8_t buf[64];
		mip_ssize n;

		memset(&bw, 0, sizeof(bw));
		bw.home_addr = ip4("10.0.0.10");
		bw.targets[0] = ip4("198.51.100.10");
		bw.n_targets = 1;
		n = mip_bw_encode(buf, sizeof(buf), &bw, NULL);
		h_udp(&f->h, 0, ip4("203.0.113.1"), ip4("10.0.0.1"),
		    MIP_UDP_PORT, 64, buf, (size_t)n);
		assert_non_null(bu_sent(f, 0, SA_CN, &bu));
		assert_true(mip_bu_is_delete(&bu));
	}
}

/* RO draft 4.1, spec 1.1: each target that is a peer gets the binding;
 * without targets, the warning's sender. */
static void
warning_answered(void **state)
{
	struct fx *f = *state;
	struct mip_bw bw;
	struct mip_bu bu;
	uint8_t buf[64];
	mip_ssize n;

	start(f);
	(void)reg(f, SA_MN1, "203.0.113.50", 300, 0);
	memset(&bw, 0, sizeof(bw));
	bw.home_addr = ip4("10.0.0.10");
	bw.targets[0] = ip4("198.51.100.99"); /* no peer */
	bw.targets[1] = ip4("198.51.100.10");
	bw.targets[2] = ip4("198.51.100.11");
	bw.n_targets = 3;
	n = mip_bw_encode(buf, sizeof(buf), &bw, NULL);
	assert_true(n > 0);
	h_udp(&f->h, 0, ip4("203.0.113.1"), ip4("10.0.0.1"), MIP_UDP_PORT, 64,
	    buf, (size_t)n);
	assert_int_equal(bus_sent(f), 2);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_non_null(bu_sent(f, 1, SA_CN_NONCE, &bu));
	/* The same warning at once: the back-off holds it. */
	h_udp(&f->h, 0, ip4("203.0.113.1"), ip4("10.0.0.1"), MIP_UDP_PORT, 64,
	    buf, (size_t)n);
	assert_int_equal(bus_sent(f), 0);
	/* No target: the sender is the target. */
	bw.n_targets = 0;
	n = mip_bw_encode(buf, sizeof(buf), &bw, NULL);
	h_udp(&f->h, 0, ip4("203.0.113.1"), ip4("10.0.0.1"), MIP_UDP_PORT, 64,
	    buf, (size_t)n);
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_FA, &bu));
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.50")));
}

static void
send_bw(struct fx *f, const char *src, const char *home, const char *target)
{
	struct mip_bw bw;
	uint8_t buf[64];
	mip_ssize n;

	memset(&bw, 0, sizeof(bw));
	bw.home_addr = ip4(home);
	bw.targets[0] = ip4(target);
	bw.n_targets = 1;
	n = mip_bw_encode(buf, sizeof(buf), &bw, NULL);
	assert_true(n > 0);
	h_udp(&f->h, 0, ip4(src), ip4("10.0.0.1"), MIP_UDP_PORT, 64, buf,
	    (size_t)n);
}

/*
 * RO draft 4.1, 4.2: a Warning or Request asks for the binding, so it is
 * answered at once even when the pair's unsolicited back-off is long;
 * hostile warnings still get at most one answer per pair per bu_min_ms,
 * and never more than the updates the back-off alone would allow plus one
 * a second.
 */
static void
asked_despite_backoff(void **state)
{
	struct fx *f = *state;
	unsigned i, answered = 0;
	struct mip_bu bu;
	uint32_t tid;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", MIP_LIFETIME_INFINITE, 0);
	/* 20 minutes of traffic: the back-off is at its 256 s. */
	for (i = 0; i < 1200; i++) {
		traffic(f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10",
		    tid, NULL);
		tick(f, MIP_SEC);
	}
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	tick(f, MIP_SEC);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 0);
	/* A warning naming the peer is answered at once. */
	send_bw(f, "203.0.113.1", "10.0.0.10", "198.51.100.10");
	assert_int_equal(bus_sent(f), 1);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.50")));
	/* Neither a second warning nor a packet in the same second. */
	send_bw(f, "203.0.113.1", "10.0.0.10", "198.51.100.10");
	assert_int_equal(bus_sent(f), 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 0);
	/* A Binding Request a second later: answered too. */
	tick(f, MIP_SEC);
	send_br(f, "198.51.100.10", "10.0.0.10", 0x1234);
	assert_int_equal(bus_sent(f), 1);
	/* Hostile warnings, ten a second for 100 s: one answer a second. */
	tick(f, MIP_SEC);
	for (i = 0; i < 1000; i++) {
		send_bw(f, "203.0.113.1", "10.0.0.10", "198.51.100.10");
		answered += (unsigned)bus_sent(f);
		tick(f, MIP_SEC / 10);
	}
	assert_true(answered >= 99 && answered <= 101);
}

/* RO spec 3 step 5: a special tunnel tells its inner source and the node
 * that sent it. */
static void
special_tunnel_reported(void **state)
{
	struct fx *f = *state;
	struct mip_bu bu;
	uint32_t tid;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", 300, 0);
	traffic(f, MIP_TRAFFIC_SPECIAL, "198.51.100.10", "10.0.0.10", tid,
	    "203.0.113.1");
	assert_int_equal(bus_sent(f), 2);
	assert_non_null(bu_sent(f, 0, SA_CN, &bu));
	assert_non_null(bu_sent(f, 1, SA_FA, &bu));
	assert_true(mip_ip4_eq(bu.coa, ip4("203.0.113.50")));
	/* Unmatched reports are a foreign agent's business. */
	traffic(f, MIP_TRAFFIC_UNMATCHED, "198.51.100.11", "10.0.0.10", 0,
	    "203.0.113.1");
	assert_int_equal(f->h.nacts, 0);
}

/* Paper 3.3: timestamps strictly increase per SA; nonces chain. */
static void
identifications(void **state)
{
	struct fx *f = *state;
	struct mip_bu a, b;
	uint32_t t1, t2;

	start(f);
	t1 = reg(f, SA_MN1, "203.0.113.50", 300, 0);
	t2 = reg(f, SA_MN2, "203.0.113.51", 300, 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", t1, NULL);
	assert_non_null(bu_sent(f, 0, SA_CN, &a));
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.11", t2, NULL);
	assert_non_null(bu_sent(f, 0, SA_CN, &b));
	assert_true(mip_ident_newer(b.ident, a.ident));
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.11", "10.0.0.10", t1, NULL);
	assert_non_null(bu_sent(f, 0, SA_CN_NONCE, &a));
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.11", "10.0.0.11", t2, NULL);
	assert_non_null(bu_sent(f, 0, SA_CN_NONCE, &b));
	assert_int_equal(mip_ident_low(b.ident), mip_ident_high(a.ident));
	/* After an echo the next one continues from the request's. */
	tick(f, 2 * MIP_SEC);
	send_br(f, "198.51.100.11", "10.0.0.10", 0xabcdef0012345678ULL);
	tick(f, 2 * MIP_SEC);
	reg(f, SA_MN1, "203.0.113.52", 300, 0);
	assert_non_null(bu_sent(f, 0, SA_CN_NONCE, &a));
	assert_int_equal(mip_ident_low(a.ident), 0xabcdef00U);
}

/* Hostile input: counted drops, no update, no state. */
static void
hostile_input(void **state)
{
	struct fx *f = *state;
	uint8_t buf[64];
	size_t i;

	start(f);
	(void)reg(f, SA_MN1, "203.0.113.50", 300, 0);
	memset(buf, 0, sizeof(buf));
	for (i = 1; i < 32; i++) {
		buf[0] =
		    (uint8_t)(i % 2 ? MIP_MSG_BIND_REQ : MIP_MSG_BIND_WARN);
		if (i % 3 == 0)
			buf[0] = MIP_MSG_BIND_ACK;
		h_udp(&f->h, 0, ip4("198.51.100.10"), ip4("10.0.0.1"), CN_PORT,
		    64, buf, i);
		assert_int_equal(bus_sent(f), 0);
	}
	assert_true(mip_node_stats(f->h.node)->drops[MIP_DROP_SHORT] +
		mip_node_stats(f->h.node)->drops[MIP_DROP_MALFORMED] +
		mip_node_stats(f->h.node)->drops[MIP_DROP_UNEXPECTED] >=
	    20);
}

/* A positive Binding Acknowledge restarts the pair's back-off. */
static void
ack_resets_backoff(void **state)
{
	struct fx *f = *state;
	struct mip_ba ba;
	uint8_t buf[MIP_BA_LEN];
	uint32_t tid;
	int i;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", MIP_LIFETIME_INFINITE, 0);
	/* Back off to 8 s or more. */
	for (i = 0; i < 12; i++) {
		traffic(f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10",
		    tid, NULL);
		tick(f, MIP_SEC);
	}
	tick(f, 30 * MIP_SEC);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	memset(&ba, 0, sizeof(ba));
	ba.home_addr = ip4("10.0.0.10");
	assert_true(mip_ba_encode(buf, sizeof(buf), &ba, NULL) > 0);
	h_udp(&f->h, 0, ip4("198.51.100.10"), ip4("10.0.0.1"), CN_PORT, 64, buf,
	    sizeof(buf));
	assert_int_equal(f->h.nacts, 0);
	/* Held until the jittered wait ends, then 1 s steps again. */
	tick(f, 60 * MIP_SEC);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
	tick(f, 2 * MIP_SEC);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	assert_int_equal(bus_sent(f), 1);
}

/* The pair table is bounded: the least recently used pair goes. */
static void
pairs_bounded(void **state)
{
	struct fx *f = *state;
	uint32_t t1, t2;

	f->ro.max_pairs = 1;
	start(f);
	t1 = reg(f, SA_MN1, "203.0.113.50", 300, 0);
	t2 = reg(f, SA_MN2, "203.0.113.51", 300, 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", t1, NULL);
	assert_int_equal(bus_sent(f), 1);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.11", t2, NULL);
	assert_int_equal(bus_sent(f), 1);
	/* The first pair was forgotten: its back-off restarts. */
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", t1, NULL);
	assert_int_equal(bus_sent(f), 1);
}

/* Configuration: RO needs the profile, and every peer its SA. */
static void
config_rules(void **state)
{
	struct fx *f = *state;
	struct mip_node *node = NULL;
	struct test_rand tr;
	struct mip_now now = { MIP_SEC, H_NTP_EPOCH << 32 };
	const char *why = NULL;

	f->n.cfg.profile.ro = false;
	assert_int_equal(mip_node_config_check(&f->n.cfg, &why), MIP_ERR_INVAL);
	assert_non_null(why);
	f->n.cfg.profile = mip_profile_default;
	f->peers[2].spi = 999;
	test_rand_init(&tr, 1);
	assert_int_equal(
	    mip_node_new(&node, &f->n.cfg, &f->tm.mem, &tr.rand, &now),
	    MIP_ERR_INVAL);
	assert_null(node);
}

/* Paper 5: MD5(peer || master || peer), computed independently. */
static void
derived_key(void **state)
{
	static const uint8_t want[MIP_MD5_LEN] = { 0xa7, 0xb7, 0xa0, 0x23, 0x40,
		0xfc, 0x49, 0x4b, 0xa1, 0xd1, 0x2a, 0x6a, 0xfb, 0x83, 0x78,
		0xd9 };
	uint8_t master[16], out[MIP_MD5_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(master); i++)
		master[i] = (uint8_t)i;
	assert_int_equal(mip_sa_derive_key(
			     out, master, sizeof(master), ip4("198.51.100.10")),
	    0);
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(
	    mip_sa_derive_key(out, master, 0, ip4("1.2.3.4")), MIP_ERR_INVAL);
}

/* The update the home agent builds is one a correspondent node accepts:
 * it installs the binding (ro1's engine, the same SA on both sides). */
static void
correspondent_accepts(void **state)
{
	struct fx *f = *state;
	struct mip_if_config cn_if = { 1, { 0 }, 24, { 2, 0, 0, 0, 0, 9 } };
	struct mip_cn_config cn;
	struct mip_node_config cfg;
	struct harness c;
	const struct h_action *a;
	uint32_t tid;

	start(f);
	tid = reg(f, SA_MN1, "203.0.113.50", 300, 0);
	traffic(
	    f, MIP_TRAFFIC_TUNNELLED, "198.51.100.10", "10.0.0.10", tid, NULL);
	a = h_find(&f->h, MIP_ACT_SEND, 0);
	assert_non_null(a);
	cn_if.addr = ip4("198.51.100.10");
	mip_cn_config_init(&cn);
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_CN;
	cfg.ifs = &cn_if;
	cfg.nifs = 1;
	/* The CN's SA with the home agent: the same key and SPI. */
	f->sas[SA_CN].peer = ip4("10.0.0.1");
	cfg.sas = &f->sas[SA_CN];
	cfg.nsas = 1;
	cfg.cn = &cn;
	cfg.profile = mip_profile_default;
	h_init(&c, &cfg);
	c.now = f->h.now;
	h_udp(&c, 1, a->act.u.send.src, a->act.u.send.dst, a->act.u.send.sport,
	    64, a->bytes, a->act.u.send.len);
	assert_non_null(h_find(&c, MIP_ACT_TUNNEL_ADD, 0));
	assert_true(
	    mip_ip4_eq(h_find(&c, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.remote,
		ip4("203.0.113.50")));
	h_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    traffic_sends_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    backoff_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    change_updates_holders, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    changes_tell_holders_only, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    request_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    private_only_deletes, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    warning_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    asked_despite_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    special_tunnel_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    identifications, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_input, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    ack_resets_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(pairs_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(config_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(derived_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    correspondent_accepts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
