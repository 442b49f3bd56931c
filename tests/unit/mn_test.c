/* SPDX-License-Identifier: ISC */
/*
 * Mobile node engine (RFC 5944 2.4, 3.6, 4.2.1, 4.6), driven event by
 * event through the node API: discovery and the solicitation back-off,
 * move detection by lifetime and by prefix, request contents byte by byte,
 * each reply code's reaction, retransmission with timestamps and nonces,
 * re-registration and binding expiry, return home, co-located mode, busy
 * agents, simultaneous bindings, and replies that must change nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_adv.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"

#define IF1 1
#define HA_SPI 256
#define FA_SPI 300

static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x0a };
static const uint8_t ha_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x01 };
static const uint8_t fa1_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0xf1 };
static const uint8_t fa2_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0xf2 };
static const uint8_t challenge[4] = { 0xde, 0xad, 0xbe, 0xef };

struct opts {
	uint8_t flags;
	bool colocated;
	bool nonce;
	bool fa_sa;
	bool dynamic; /* ha_addr 0.0.0.0, SA under 0.0.0.0 */
	const char *nai;
};

struct fix {
	struct harness h;
	struct mip_sa_config sas[2];
	struct test_mn_node n;
	struct test_mem tm;
	struct mip_sa *ha_sa; /* the peers' copies, to sign replies */
	struct mip_sa *fa_sa;
	/* the last request seen */
	uint8_t req_bytes[H_MAX_BYTES];
	size_t req_len;
	struct mip_reg_req req;
	struct mip_act_send req_send;
};

static struct fix *
start(const struct opts *o)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	/* The profile stays all zero, as it always was here. */
	test_mn_node_init(&f->n, IF1, ip4("10.1.0.10"), 24, mn_hw,
	    o->dynamic ? ip4("0.0.0.0") : ip4("10.1.0.1"), HA_SPI, f->sas,
	    o->fa_sa ? 2 : 1);
	f->n.mn.flags = o->flags;
	f->n.mn.colocated = o->colocated;
	if (o->nai != NULL)
		memcpy(f->n.mn.nai, o->nai, strlen(o->nai));
	f->sas[0] = test_sa_config(f->n.mn.ha_addr, HA_SPI, 0);
	if (o->nonce)
		f->sas[0].replay = MIP_REPLAY_NONCE;
	f->sas[1] = test_sa_config(ip4("192.168.2.1"), FA_SPI, 0x40);
	test_mem_init(&f->tm, 0);
	assert_int_equal(mip_sa_new(&f->ha_sa, &f->sas[0], &f->tm.mem), 0);
	assert_int_equal(mip_sa_new(&f->fa_sa, &f->sas[1], &f->tm.mem), 0);
	h_init(&f->h, &f->n.cfg);
	return f;
}

static void
finish(struct fix *f)
{
	h_free(&f->h);
	mip_sa_free(f->ha_sa);
	mip_sa_free(f->fa_sa);
	assert_int_equal(f->tm.live, 0);
	free(f);
}

/* ---- advertisements ---- */

struct advp {
	struct mip_ip4 src, coa;
	const uint8_t *hw;
	uint16_t flags;
	uint16_t reg_lifetime;
	uint16_t lifetime;
	uint16_t seq;
	uint8_t plen; /* 0: no Prefix-Lengths */
	bool challenge;
};

static struct advp
fa1(void)
{
	struct advp p = { ip4("192.168.2.1"), ip4("192.168.2.1"), fa1_hw,
		MIP_ADV_F_F | MIP_ADV_F_G | MIP_ADV_F_T, 600, 3000, 1, 24,
		false };
	return p;
}

static struct advp
fa2(void)
{
	struct advp p = { ip4("192.168.3.1"), ip4("192.168.3.1"), fa2_hw,
		MIP_ADV_F_F | MIP_ADV_F_G | MIP_ADV_F_T, 600, 3000, 1, 24,
		false };
	return p;
}

static struct advp
ha(void)
{
	struct advp p = { ip4("10.1.0.1"), ip4("0.0.0.0"), ha_hw, MIP_ADV_F_H,
		1800, 3000, 1, 24, false };
	return p;
}

static size_t
adv_bytes(const struct advp *p, uint8_t *buf, size_t cap)
{
	struct mip_adv a;
	mip_ssize n;

	memset(&a, 0, sizeof(a));
	a.code = MIP_ICMP_ADV_CODE_NORMAL;
	a.num_addrs = 1;
	a.entry_size = 2;
	a.lifetime = p->lifetime;
	a.routers[0].addr = p->src;
	a.is_agent = true;
	a.mob.seq = p->seq;
	a.mob.reg_lifetime = p->reg_lifetime;
	a.mob.flags = p->flags;
	if (p->coa.v != 0) {
		a.mob.n_coa = 1;
		a.mob.coa[0] = p->coa;
	}
	if (p->plen != 0) {
		a.has_prefix = true;
		a.prefix_len[0] = p->plen;
	}
	if (p->challenge) {
		a.challenge = challenge;
		a.challenge_len = sizeof(challenge);
	}
	mip_adv_set_order(&a, false);
	n = mip_adv_encode(buf, cap, &a);
	assert_true(n > 0);
	return (size_t)n;
}

static void
send_adv(struct fix *f, const struct advp *p)
{
	uint8_t b[256];
	size_t n = adv_bytes(p, b, sizeof(b));

	h_icmp(&f->h, IF1, p->src, ip4("224.0.0.1"), p->hw, b, n);
}

/* ---- requests ---- */

/* Records the |k|th UDP send of the last event; false when none. */
static bool
grab_nth(struct fix *f, size_t k)
{
	size_t i;

	for (i = 0; i < f->h.nacts; i++) {
		const struct mip_action *a = &f->h.acts[i].act;

		if (a->type != MIP_ACT_SEND || a->u.send.kind != MIP_PKT_UDP)
			continue;
		if (k-- > 0)
			continue;
		f->req_send = a->u.send;
		f->req_len = a->u.send.len;
		memcpy(f->req_bytes, a->u.send.data, f->req_len);
		assert_int_equal(mip_reg_req_decode(&f->req, f->req_bytes,
				     f->req_len, NULL, NULL),
		    0);
		return true;
	}
	return false;
}

static void
grab(struct fix *f)
{
	assert_true(grab_nth(f, 0));
	assert_false(grab_nth(f, 1));
	assert_true(grab_nth(f, 0));
}

static size_t
udp_sends(const struct fix *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->h.nacts; i++)
		n += f->h.acts[i].act.type == MIP_ACT_SEND &&
		    f->h.acts[i].act.u.send.kind == MIP_PKT_UDP;
	return n;
}

static void
assert_auth_ok(const struct fix *f, uint8_t type, const struct mip_sa *sa)
{
	const struct mip_ext *e = mip_exts_find(&f->req.exts, type, 0);

	assert_non_null(e);
	assert_int_equal(
	    mip_auth_verify_ext(sa, f->req_bytes, f->req_len, e), 0);
}

/* ---- replies ---- */

struct repp {
	uint8_t code;
	uint16_t lifetime;
	uint64_t ident;
	struct mip_ip4 ha;
	struct mip_ip4 src;
	bool ha_auth;
	bool fa_auth;
	bool bad_mac;
	bool twice; /* two MN-HA extensions */
};

static struct repp
rep_ok(const struct fix *f, uint16_t lifetime)
{
	struct repp p = { MIP_CODE_ACCEPTED, lifetime, f->req.ident,
		f->req.ha_addr, f->req_send.dst, true, false, false, false };
	return p;
}

static size_t
rep_bytes(const struct fix *f, const struct repp *p, uint8_t *buf, size_t cap)
{
	struct mip_reg_rep r;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&r, 0, sizeof(r));
	r.code = p->code;
	r.lifetime = p->lifetime;
	r.home_addr = f->n.mn.home_addr;
	r.ha_addr = p->ha;
	r.ident = p->ident;
	n = mip_reg_rep_encode(buf, cap, &r);
	assert_true(n > 0);
	mip_wbuf_init(&w, buf, cap);
	w.off = (size_t)n;
	if (p->ha_auth)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->ha_sa), 0);
	if (p->twice)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, f->ha_sa), 0);
	if (p->fa_auth)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, f->fa_sa), 0);
	if (p->bad_mac)
		buf[w.off - 1] ^= 1;
	return w.off;
}

static void
send_rep(struct fix *f, const struct repp *p)
{
	uint8_t b[256];
	size_t n = rep_bytes(f, p, b, sizeof(b));

	h_udp(&f->h, IF1, p->src, f->n.mn.home_addr, MIP_UDP_PORT, 64, b, n);
}

static uint8_t
state_now(const struct fix *f)
{
	size_t i;
	uint8_t s = 0xff;

	for (i = 0; i < f->h.nacts; i++)
		if (f->h.acts[i].act.type == MIP_ACT_NOTIFY &&
		    f->h.acts[i].act.u.notify.what == MIP_NOTE_STATE)
			s = f->h.acts[i].act.u.notify.code;
	return s;
}

/* State codes as the MIP_NOTE_STATE notices carry them. */
enum { DISCOVERING, AT_HOME, REGISTERING, REGISTERED, DEREGISTERING, IDLE };

/* Registers through |a| and returns with the acceptance applied. */
static void
register_with(struct fix *f, const struct advp *a, uint16_t granted)
{
	struct repp r;

	send_adv(f, a);
	grab(f);
	r = rep_ok(f, granted);
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
}

static void
register_fa1(struct fix *f, uint16_t granted)
{
	struct advp a = fa1();

	register_with(f, &a, granted);
}

static const struct h_action *
act(const struct fix *f, enum mip_action_type t, size_t n)
{
	const struct h_action *a = h_find(&f->h, t, n);

	assert_non_null(a);
	return a;
}

static size_t
dataplane(const struct fix *f)
{
	return h_count(&f->h, MIP_ACT_ROUTE_ADD) +
	    h_count(&f->h, MIP_ACT_ROUTE_DEL) +
	    h_count(&f->h, MIP_ACT_NEIGH_ADD) +
	    h_count(&f->h, MIP_ACT_NEIGH_DEL) +
	    h_count(&f->h, MIP_ACT_TUNNEL_ADD) +
	    h_count(&f->h, MIP_ACT_TUNNEL_DEL) +
	    h_count(&f->h, MIP_ACT_ARP_ANNOUNCE);
}

/* ---- discovery ---- */

static void
test_adv_learned_and_registered(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	const struct mip_act_notify *n;

	(void)state;
	send_adv(f, &a);
	n = h_note(&f->h, MIP_NOTE_AGENT, 0);
	assert_non_null(n);
	assert_int_equal(n->peer.v, ip4("192.168.2.1").v);
	n = h_note(&f->h, MIP_NOTE_MOVED, 0);
	assert_non_null(n);
	assert_int_equal(n->coa.v, ip4("192.168.2.1").v);
	grab(f);
	/* RFC 5944 3.6.1.1: to the advertisement's source, its MAC. */
	assert_int_equal(f->req_send.dst.v, ip4("192.168.2.1").v);
	assert_int_equal(f->req_send.src.v, ip4("10.1.0.10").v);
	assert_int_equal(f->req_send.dport, MIP_UDP_PORT);
	assert_int_equal(f->req_send.ttl, 1);
	assert_true(f->req_send.has_hwaddr);
	assert_memory_equal(f->req_send.dst_hwaddr, fa1_hw, MIP_HWADDR_LEN);
	assert_int_equal(state_now(f), REGISTERING);
	assert_int_equal(mip_node_stats(f->h.node)->advertisements, 1);
	assert_int_equal(mip_node_stats(f->h.node)->reg_requests, 1);
	assert_non_null(h_note(&f->h, MIP_NOTE_REG_SENT, 0));
	finish(f);
}

static void
test_solicitation_backoff(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	mip_tstamp end = f->h.now.mono + 3600 * MIP_SEC, times[128];
	size_t n = 0, i;

	(void)state;
	for (;;) {
		mip_tstamp next = mip_node_next_expiry(f->h.node);
		const struct h_action *s;

		if (next == MIP_TSTAMP_NONE || next > end)
			break;
		h_advance(&f->h, next - f->h.now.mono);
		s = h_find(&f->h, MIP_ACT_SEND, 0);
		if (s == NULL)
			continue;
		assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
		assert_int_equal(s->act.u.send.kind, MIP_PKT_ICMP);
		assert_int_equal(s->act.u.send.dst.v, MIP_ALL_MOBILITY_AGENTS);
		assert_int_equal(s->act.u.send.ttl, 1);
		assert_hex_equal(
		    s->bytes, s->act.u.send.len, "0a00f5ff00000000");
		assert_true(n < 128);
		times[n++] = f->h.now.mono;
	}
	/* RFC 5944 2.4: the first within 1 s, three at most 1/s, then
	 * doubling to a maximum of at least a minute. */
	assert_true(n > 3);
	assert_true(times[0] < 2 * MIP_SEC);
	for (i = 1; i < n; i++) {
		mip_duration d = times[i] - times[i - 1];

		assert_true(d >= MIP_SEC);
		if (i < 3)
			assert_true(d < 2 * MIP_SEC);
		if (i >= 3 && i < 8)
			assert_true(
			    d >= ((mip_duration)1 << (i - 2)) * MIP_SEC);
		if (i >= 8)
			assert_true(d >= 60 * MIP_SEC);
		assert_true(d <= 66 * MIP_SEC);
	}
	/* 3 + 2, 4, 8, 16, 32 s + one a minute: about 64 in an hour. */
	assert_true(n <= 3 + 5 + 3600 / 60);
	assert_int_equal(mip_node_stats(f->h.node)->solicitations, n);
	finish(f);
}

static void
test_adv_stops_solicitation_cmd_and_link_up(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = ha();
	struct mip_link_event up = { MIP_LINK_UP, IF1, { 0 }, 0 };

	(void)state;
	send_adv(f, &a); /* at home: no request, no solicitation */
	assert_int_equal(state_now(f), AT_HOME);
	assert_non_null(h_note(&f->h, MIP_NOTE_HOME, 0));
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	h_advance(&f->h, 20 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	/* MIP_CMD_SOLICIT sends one at once. */
	assert_int_equal(h_cmd(&f->h, MIP_CMD_SOLICIT, ip4("0.0.0.0")), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
	assert_int_equal(
	    act(f, MIP_ACT_SEND, 0)->act.u.send.kind, MIP_PKT_ICMP);
	/* Link up restarts the burst: one within the next second. */
	h_link(&f->h, &up);
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
	finish(f);
}

static void
test_bad_advertisements_ignored(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	uint8_t b[256];
	size_t n;

	(void)state;
	/* F without a care-of address (RFC 5944 2.1.1). */
	a.coa = ip4("0.0.0.0");
	send_adv(f, &a);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	assert_int_equal(
	    mip_node_stats(f->h.node)->drops[MIP_DROP_MALFORMED], 1);
	/* Bad checksum, truncation. */
	a = fa1();
	n = adv_bytes(&a, b, sizeof(b));
	b[2] ^= 0x55;
	h_icmp(&f->h, IF1, a.src, ip4("224.0.0.1"), fa1_hw, b, n);
	assert_int_equal(
	    mip_node_stats(f->h.node)->drops[MIP_DROP_CHECKSUM], 1);
	b[2] ^= 0x55;
	h_icmp(&f->h, IF1, a.src, ip4("224.0.0.1"), fa1_hw, b, n - 3);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	assert_null(h_note(&f->h, MIP_NOTE_AGENT, 0));
	assert_int_equal(mip_node_stats(f->h.node)->advertisements, 0);
	finish(f);
}

/* ---- request contents ---- */

static void
test_request_bytes_fa(void **state)
{
	struct opts o = { MIP_RRQ_F_S | MIP_RRQ_F_B | MIP_RRQ_F_M |
		    MIP_RRQ_F_G | MIP_RRQ_F_T,
		false, false, true, false, "mn@example.org" };
	struct fix *f = start(&o);
	struct advp a = fa1();
	char hex[512];
	size_t off;

	(void)state;
	a.challenge = true;
	send_adv(f, &a);
	grab(f);
	/* M masked (FA lacks M), G and T offered, D clear; lifetime
	 * min(1800, 600); TTL 255 for T (RFC 3024 3.2). */
	snprintf(hex, sizeof(hex),
	    "01 ca 0258 0a01000a 0a010001 c0a80201 %016llx"
	    " 83 0e 6d6e406578616d706c652e6f7267"
	    " 20 14 00000100",
	    (unsigned long long)f->req.ident);
	off = 24 + 16 + 6;
	assert_hex_equal(f->req_bytes, off, hex);
	off += 16;
	assert_hex_equal(
	    f->req_bytes + off, 6 + 6, "84 04 deadbeef 21 14 0000012c");
	assert_int_equal(f->req_len, off + 12 + 16);
	assert_auth_ok(f, MIP_EXT_MN_HA_AUTH, f->ha_sa);
	assert_auth_ok(f, MIP_EXT_MN_FA_AUTH, f->fa_sa);
	assert_int_equal(f->req_send.ttl, 255);
	/* RFC 5944 5.7.1: an NTP timestamp of now. */
	assert_int_equal(f->req.ident >> 32, H_NTP_EPOCH);
	finish(f);
}

static void
test_request_flags_masked(void **state)
{
	struct opts o = { MIP_RRQ_F_M | MIP_RRQ_F_G | MIP_RRQ_F_T, false, false,
		false, false, NULL };
	struct fix *f = start(&o);
	struct advp a = fa1();

	(void)state;
	a.flags = MIP_ADV_F_F; /* no M, G, T */
	a.reg_lifetime = MIP_LIFETIME_INFINITE;
	a.challenge = true;
	send_adv(f, &a);
	grab(f);
	assert_int_equal(f->req.flags, 0);
	assert_int_equal(f->req.lifetime, 1800);
	assert_int_equal(f->req_send.ttl, 1);
	/* No NAI; MN-HA then the challenge, no MN-FA without an SA. */
	assert_int_equal(f->req.exts.n, 2);
	assert_int_equal(f->req.exts.e[0].type, MIP_EXT_MN_HA_AUTH);
	assert_int_equal(f->req.exts.e[1].type, MIP_EXT_CHALLENGE);
	assert_auth_ok(f, MIP_EXT_MN_HA_AUTH, f->ha_sa);
	finish(f);
}

/* ---- replies: acceptance ---- */

static void
test_accept_lifetime_and_reregistration(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	const struct h_action *x;
	struct repp r;
	mip_tstamp sent;

	(void)state;
	send_adv(f, &a);
	grab(f);
	sent = f->h.now.mono;
	assert_int_equal(f->req.lifetime, 600);
	h_advance(&f->h, MIP_SEC / 2);
	r = rep_ok(f, 300);
	send_rep(f, &r);
	/* RFC 5944 4.2.1: the FA's MAC as a static neighbour, default
	 * route through it. */
	x = act(f, MIP_ACT_NEIGH_ADD, 0);
	assert_int_equal(x->act.u.neigh.addr.v, ip4("192.168.2.1").v);
	assert_memory_equal(x->act.u.neigh.hwaddr, fa1_hw, MIP_HWADDR_LEN);
	x = act(f, MIP_ACT_ROUTE_ADD, 0);
	assert_int_equal(x->act.u.route.dst.v, 0);
	assert_int_equal(x->act.u.route.plen, 0);
	assert_int_equal(x->act.u.route.gw.v, ip4("192.168.2.1").v);
	assert_int_equal(x->act.u.route.ifindex, IF1);
	assert_int_equal(h_note(&f->h, MIP_NOTE_REG_REPLY, 0)->code, 0);
	assert_int_equal(mip_node_stats(f->h.node)->replies[0], 1);
	/* RFC 5944 3.6.2.2: 300 s from the send, refreshed at 9/10. */
	h_advance(&f->h, sent + 270 * MIP_SEC - 1 - f->h.now.mono);
	assert_int_equal(udp_sends(f), 0);
	h_advance(&f->h, 1);
	assert_int_equal(udp_sends(f), 1);
	assert_int_equal(state_now(f), REGISTERING);
	/* Unanswered: the binding expires 300 s after the first send and
	 * takes its data plane with it. */
	h_advance(&f->h, sent + 300 * MIP_SEC - 1 - f->h.now.mono);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 0);
	h_advance(&f->h, 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_NEIGH_DEL), 1);
	finish(f);
}

static void
test_accept_granted_longer_than_asked(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;
	mip_tstamp sent;

	(void)state;
	send_adv(f, &a);
	grab(f);
	sent = f->h.now.mono;
	r = rep_ok(f, 5000); /* never more than the 600 asked */
	send_rep(f, &r);
	h_advance(&f->h, sent + 540 * MIP_SEC - 1 - f->h.now.mono);
	assert_int_equal(udp_sends(f), 0);
	h_advance(&f->h, 1);
	assert_int_equal(udp_sends(f), 1);
	finish(f);
}

/* ---- replies: denials ---- */

static void
test_denial_133_resync(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;
	uint64_t old;

	(void)state;
	send_adv(f, &a);
	grab(f);
	old = f->req.ident;
	r = rep_ok(f, 0);
	r.code = MIP_CODE_HA_ID_MISMATCH;
	/* The HA's clock is 1000 s ahead; low half copied. */
	r.ident = ((H_NTP_EPOCH + 1000) << 32) | (old & 0xffffffffU);
	send_rep(f, &r);
	assert_int_equal(h_note(&f->h, MIP_NOTE_REG_REPLY, 0)->code, 133);
	grab(f); /* retried at once, resynchronised */
	assert_int_equal(f->req.ident >> 32, H_NTP_EPOCH + 1000);
	assert_true(f->req.ident != old);
	assert_int_equal(dataplane(f), 0);
	assert_int_equal(state_now(f), 0xff); /* still registering */
	finish(f);
}

static void
test_denial_69_lifetime(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	send_adv(f, &a);
	grab(f);
	/* An FA denial: no MN-HA authentication. */
	r = rep_ok(f, 120);
	r.code = MIP_CODE_FA_LIFETIME;
	r.ha_auth = false;
	send_rep(f, &r);
	grab(f);
	assert_int_equal(f->req.lifetime, 120);
	assert_int_equal(f->req_send.dst.v, ip4("192.168.2.1").v);
	/* Later requests to that FA keep within its maximum. */
	r = rep_ok(f, 120);
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	h_advance(&f->h, 108 * MIP_SEC);
	grab(f);
	assert_int_equal(f->req.lifetime, 120);
	finish(f);
}

static void
test_denial_136_dynamic_ha(void **state)
{
	struct opts o = { 0, false, false, false, true, NULL };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	send_adv(f, &a);
	grab(f);
	/* RFC 5944 3.6.1.2: the subnet-directed broadcast in the body,
	 * but never as the destination through an FA. */
	assert_int_equal(f->req.ha_addr.v, ip4("10.1.0.255").v);
	assert_int_equal(f->req_send.dst.v, ip4("192.168.2.1").v);
	r = rep_ok(f, 0);
	r.code = MIP_CODE_HA_UNKNOWN_HA;
	r.ha = ip4("10.1.0.1");
	send_rep(f, &r);
	grab(f);
	assert_int_equal(f->req.ha_addr.v, ip4("10.1.0.1").v);
	r = rep_ok(f, 600);
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	finish(f);
}

static void
test_dynamic_ha_colocated_broadcast(void **state)
{
	struct opts o = { 0, true, false, false, true, NULL };
	struct fix *f = start(&o);
	struct mip_link_event ev = { MIP_LINK_ADDR, IF1, { 0 }, 24 };

	(void)state;
	ev.addr = ip4("172.16.0.5");
	h_link(&f->h, &ev);
	grab(f);
	/* RFC 5944 3.6.1.1: registering directly: to the broadcast. */
	assert_int_equal(f->req_send.dst.v, ip4("10.1.0.255").v);
	assert_int_equal(f->req.ha_addr.v, ip4("10.1.0.255").v);
	finish(f);
}

static void
test_fa_denial_stops_retransmission(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	send_adv(f, &a);
	grab(f);
	r = rep_ok(f, 0);
	r.code = MIP_CODE_FA_PROHIBITED;
	r.ha_auth = false;
	send_rep(f, &r);
	assert_int_equal(h_note(&f->h, MIP_NOTE_REG_REPLY, 0)->code, 65);
	assert_int_equal(state_now(f), IDLE);
	assert_int_equal(dataplane(f), 0);
	/* Nothing until the hold-off ends (60 s). */
	h_advance(&f->h, 60 * MIP_SEC - 1);
	assert_int_equal(udp_sends(f), 0);
	h_advance(&f->h, 1);
	assert_int_equal(udp_sends(f), 1);
	finish(f);
}

static void
test_fa_denial_keeps_binding(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct repp r;

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 540 * MIP_SEC); /* re-registration */
	grab(f);
	r = rep_ok(f, 0);
	r.code = MIP_CODE_FA_RESOURCES;
	r.ha_auth = false;
	send_rep(f, &r);
	assert_int_equal(state_now(f), IDLE);
	assert_int_equal(dataplane(f), 0);
	finish(f);
}

static void
test_fa_denial_unmatched_or_wrong_source(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	send_adv(f, &a);
	grab(f);
	r = rep_ok(f, 0);
	r.code = MIP_CODE_FA_PROHIBITED;
	r.ha_auth = false;
	r.ident ^= 1; /* not our request */
	send_rep(f, &r);
	r.ident ^= 1;
	r.src = ip4("192.168.2.99"); /* not the agent we sent to */
	send_rep(f, &r);
	assert_int_equal(
	    mip_node_stats(f->h.node)->drops[MIP_DROP_UNEXPECTED], 2);
	assert_int_equal(mip_node_stats(f->h.node)->replies[65], 0);
	/* Retransmission goes on. */
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(udp_sends(f), 1);
	finish(f);
}

static void
test_ha_denial_reported(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	send_adv(f, &a);
	grab(f);
	r = rep_ok(f, 0);
	r.code = MIP_CODE_HA_PROHIBITED;
	send_rep(f, &r);
	assert_int_equal(h_note(&f->h, MIP_NOTE_REG_REPLY, 0)->code, 129);
	assert_int_equal(state_now(f), IDLE);
	assert_int_equal(udp_sends(f), 0);
	assert_int_equal(mip_node_stats(f->h.node)->replies[129], 1);
	/* Not retried on the same agent's advertisements. */
	a.seq = 2;
	send_adv(f, &a);
	assert_int_equal(udp_sends(f), 0);
	h_advance(&f->h, 59 * MIP_SEC);
	assert_int_equal(udp_sends(f), 0);
	finish(f);
}

static void
test_challenge_denial_retries_on_next_adv(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	a.challenge = true;
	send_adv(f, &a);
	grab(f);
	r = rep_ok(f, 0);
	r.code = MIP_CODE_FA_STALE_CHALLENGE;
	r.ha_auth = false;
	send_rep(f, &r);
	assert_int_equal(state_now(f), IDLE);
	h_advance(&f->h, 2 * MIP_SEC);
	a.seq = 2;
	send_adv(f, &a);
	assert_int_equal(udp_sends(f), 1);
	finish(f);
}

/* ---- replies that change nothing ---- */

static void
test_replies_rejected(void **state)
{
	struct opts o = { 0, false, false, true, false, NULL };
	struct fix *f = start(&o);
	struct advp a = fa1();
	const struct mip_stats *st;
	struct repp r;
	uint8_t b[256];
	size_t n;

	(void)state;
	send_adv(f, &a);
	grab(f);
	st = mip_node_stats(f->h.node);
	r = rep_ok(f, 600);
	r.fa_auth = true;
	r.bad_mac = true; /* MN-FA authenticator wrong */
	send_rep(f, &r);
	assert_int_equal(st->drops[MIP_DROP_AUTH], 1);
	r.bad_mac = false;
	r.fa_auth = false; /* MN-FA missing though we share an SA */
	send_rep(f, &r);
	assert_int_equal(st->drops[MIP_DROP_AUTH], 2);
	r.fa_auth = true;
	r.ha_auth = false; /* MN-HA missing */
	send_rep(f, &r);
	assert_int_equal(st->drops[MIP_DROP_AUTH], 3);
	r.ha_auth = true;
	r.twice = true; /* two MN-HA */
	send_rep(f, &r);
	assert_int_equal(st->drops[MIP_DROP_AUTH], 4);
	r.twice = false;
	r.ident ^= 0x100000000ULL ^ 1; /* low half differs */
	send_rep(f, &r);
	assert_int_equal(st->drops[MIP_DROP_UNEXPECTED], 1);
	r = rep_ok(f, 600);
	r.fa_auth = true;
	n = rep_bytes(f, &r, b, sizeof(b));
	h_udp(&f->h, IF1, r.src, f->n.mn.home_addr, MIP_UDP_PORT, 64, b, 10);
	assert_int_equal(st->drops[MIP_DROP_SHORT], 1);
	(void)n;
	assert_int_equal(st->replies[0], 0);
	assert_int_equal(dataplane(f), 0);
	/* Still registering, and the genuine reply works. */
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	/* A second copy, now unexpected, changes nothing. */
	send_rep(f, &r);
	assert_int_equal(st->drops[MIP_DROP_UNEXPECTED], 2);
	assert_int_equal(dataplane(f), 0);
	finish(f);
}

static void
test_reply_bad_ha_mac(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;

	(void)state;
	send_adv(f, &a);
	grab(f);
	r = rep_ok(f, 600);
	r.bad_mac = true;
	send_rep(f, &r);
	assert_int_equal(mip_node_stats(f->h.node)->drops[MIP_DROP_AUTH], 1);
	assert_int_equal(state_now(f), 0xff);
	assert_int_equal(dataplane(f), 0);
	/* A 129 that fails authentication is not believed either. */
	r.code = MIP_CODE_HA_PROHIBITED;
	send_rep(f, &r);
	assert_int_equal(state_now(f), 0xff);
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(udp_sends(f), 1); /* retransmission */
	finish(f);
}

/* ---- retransmission ---- */

static void
retransmissions(struct fix *f, bool same)
{
	uint8_t prev[H_MAX_BYTES];
	size_t prev_len = f->req_len;
	mip_duration d = MIP_SEC;
	int i;

	memcpy(prev, f->req_bytes, f->req_len);
	/* RFC 5944 3.6.3: 1 s, then doubling, capped at 32 s. */
	for (i = 0; i < 7; i++) {
		h_advance(&f->h, d - 1);
		assert_int_equal(udp_sends(f), 0);
		h_advance(&f->h, 1);
		grab(f);
		if (same) {
			assert_int_equal(f->req_len, prev_len);
			assert_memory_equal(f->req_bytes, prev, prev_len);
		} else {
			assert_true(memcmp(f->req_bytes, prev, prev_len) != 0);
			assert_auth_ok(f, MIP_EXT_MN_HA_AUTH, f->ha_sa);
		}
		memcpy(prev, f->req_bytes, f->req_len);
		d = d * 2 > 32 * MIP_SEC ? 32 * MIP_SEC : d * 2;
	}
}

static void
test_retransmit_timestamps_new_ident(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	uint64_t first;

	(void)state;
	send_adv(f, &a);
	grab(f);
	first = f->req.ident;
	retransmissions(f, false);
	assert_true(f->req.ident != first);
	/* Only the latest request's reply counts. */
	finish(f);
}

static void
test_retransmit_nonces_unchanged(void **state)
{
	struct opts o = { 0, false, true, false, false, NULL };
	struct fix *f = start(&o);
	struct advp a = fa1();
	struct repp r;
	mip_tstamp sent;

	(void)state;
	send_adv(f, &a);
	grab(f);
	sent = f->h.now.mono;
	retransmissions(f, true);
	/* The HA's reply carries a new nonce; the next request uses it.
	 * The lifetime runs from the first send of the unchanged request. */
	r = rep_ok(f, 600);
	r.ident = (0x12345678ULL << 32) | (f->req.ident & 0xffffffffU);
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	h_advance(&f->h, sent + 540 * MIP_SEC - f->h.now.mono);
	grab(f);
	assert_int_equal(f->req.ident >> 32, 0x12345678U);
	finish(f);
}

static void
test_retransmit_gives_up(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();
	size_t sends = 0;
	int i;

	(void)state;
	send_adv(f, &a);
	/* 1+2+4+8+16+32+32 s: 8 transmissions in 95 s, then idle. */
	for (i = 0; i < 95; i++) {
		h_advance(&f->h, MIP_SEC);
		sends += udp_sends(f);
	}
	assert_int_equal(sends, 7);
	h_advance(&f->h, 40 * MIP_SEC);
	assert_int_equal(udp_sends(f), 0);
	assert_int_equal(state_now(f), IDLE);
	finish(f);
}

/* ---- move detection ---- */

static void
test_move_by_lifetime_expiry(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1(), b = fa2();
	const struct h_action *x;

	(void)state;
	a.lifetime = 30;
	register_with(f, &a, 600);
	/* FA2 without Prefix-Lengths: no move while FA1 is heard. */
	b.plen = 0;
	send_adv(f, &b);
	assert_int_equal(udp_sends(f), 0);
	assert_null(h_note(&f->h, MIP_NOTE_MOVED, 0));
	/* FA1's advertisement lifetime (30 s) runs out: FA2 at once. */
	h_advance(&f->h, 30 * MIP_SEC);
	assert_non_null(h_note(&f->h, MIP_NOTE_AGENT_LOST, 0));
	assert_int_equal(
	    h_note(&f->h, MIP_NOTE_MOVED, 0)->coa.v, ip4("192.168.3.1").v);
	x = act(f, MIP_ACT_ROUTE_DEL, 0);
	assert_int_equal(x->act.u.route.gw.v, ip4("192.168.2.1").v);
	assert_int_equal(act(f, MIP_ACT_NEIGH_DEL, 0)->act.u.neigh.addr.v,
	    ip4("192.168.2.1").v);
	grab(f);
	assert_int_equal(f->req_send.dst.v, ip4("192.168.3.1").v);
	assert_int_equal(f->req.coa.v, ip4("192.168.3.1").v);
	finish(f);
}

static void
test_lifetime_expiry_without_other_agent(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();

	(void)state;
	a.lifetime = 30;
	register_with(f, &a, 600);
	h_advance(&f->h, 30 * MIP_SEC);
	assert_int_equal(state_now(f), DISCOVERING);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	/* RFC 5944 2.4: solicit again at the fast rate. */
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 1);
	assert_int_equal(
	    act(f, MIP_ACT_SEND, 0)->act.u.send.kind, MIP_PKT_ICMP);
	finish(f);
}

static void
test_move_by_prefix(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp b = fa2();

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 2 * MIP_SEC);
	/* Another agent on FA1's subnet: no move. */
	b.src = ip4("192.168.2.2");
	b.coa = b.src;
	send_adv(f, &b);
	assert_null(h_note(&f->h, MIP_NOTE_MOVED, 0));
	assert_int_equal(udp_sends(f), 0);
	/* RFC 5944 2.4.2.2: a different prefix means we moved. */
	b = fa2();
	send_adv(f, &b);
	assert_non_null(h_note(&f->h, MIP_NOTE_MOVED, 0));
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_NEIGH_DEL), 1);
	grab(f);
	assert_int_equal(f->req_send.dst.v, ip4("192.168.3.1").v);
	assert_memory_equal(f->req_send.dst_hwaddr, fa2_hw, MIP_HWADDR_LEN);
	finish(f);
}

static void
test_agent_reboot_reregisters(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();

	(void)state;
	a.seq = 300;
	send_adv(f, &a);
	grab(f);
	{
		struct repp r = rep_ok(f, 600);

		send_rep(f, &r);
	}
	h_advance(&f->h, 2 * MIP_SEC);
	/* RFC 5944 2.4.4: 0xffff -> 256 is a rollover ... */
	a.seq = 0xffff;
	send_adv(f, &a);
	a.seq = 256;
	send_adv(f, &a);
	assert_int_equal(udp_sends(f), 0);
	/* ... a drop into 0-255 a reboot. */
	a.seq = 3;
	send_adv(f, &a);
	assert_int_equal(udp_sends(f), 1);
	finish(f);
}

static void
test_busy_agent_ignored(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();

	(void)state;
	a.flags |= MIP_ADV_F_B;
	send_adv(f, &a);
	assert_non_null(h_note(&f->h, MIP_NOTE_AGENT, 0));
	assert_int_equal(udp_sends(f), 0);
	a.seq = 2;
	send_adv(f, &a);
	assert_int_equal(udp_sends(f), 0);
	/* B cleared: register now. */
	a.flags &= (uint16_t)~MIP_ADV_F_B;
	a.seq = 3;
	send_adv(f, &a);
	assert_int_equal(udp_sends(f), 1);
	finish(f);
}

/* ---- home ---- */

static void
test_return_home(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp h = ha();
	const struct h_action *x;
	size_t i, arp = 0, send = 0;
	struct repp r;

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 5 * MIP_SEC);
	send_adv(f, &h);
	assert_non_null(h_note(&f->h, MIP_NOTE_HOME, 0));
	/* RFC 5944 4.6: routes gone, gratuitous ARP, then the request. */
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_NEIGH_DEL), 1);
	x = act(f, MIP_ACT_ARP_ANNOUNCE, 0);
	assert_int_equal(x->act.u.neigh.addr.v, f->n.mn.home_addr.v);
	assert_int_equal(x->act.u.neigh.ifindex, IF1);
	assert_memory_equal(x->act.u.neigh.hwaddr, mn_hw, MIP_HWADDR_LEN);
	for (i = 0; i < f->h.nacts; i++) {
		if (f->h.acts[i].act.type == MIP_ACT_ARP_ANNOUNCE)
			arp = i;
		if (f->h.acts[i].act.type == MIP_ACT_SEND)
			send = i;
	}
	assert_true(arp < send);
	grab(f);
	/* RFC 5944 3.6.1.2: lifetime 0, care-of = home address. */
	assert_int_equal(f->req.lifetime, 0);
	assert_int_equal(f->req.coa.v, f->n.mn.home_addr.v);
	assert_int_equal(f->req.flags, 0);
	assert_int_equal(f->req_send.src.v, f->n.mn.home_addr.v);
	assert_int_equal(f->req_send.dst.v, ip4("10.1.0.1").v);
	assert_false(f->req_send.has_hwaddr);
	assert_int_equal(state_now(f), DEREGISTERING);
	r = rep_ok(f, 0);
	send_rep(f, &r);
	assert_int_equal(state_now(f), AT_HOME);
	assert_int_equal(dataplane(f), 0);
	/* RFC 5944 4.6: the gratuitous ARP is repeated twice, 1 s apart. */
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_ARP_ANNOUNCE), 1);
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_ARP_ANNOUNCE), 1);
	h_advance(&f->h, 5 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_ARP_ANNOUNCE), 0);
	/* Further HA advertisements change nothing. */
	h.seq = 2;
	send_adv(f, &h);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	finish(f);
}

static void
test_home_by_prefix(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp a = fa1();

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 2 * MIP_SEC);
	/* An FA whose network is our home network: we are home. */
	a.src = ip4("10.1.0.2");
	a.coa = a.src;
	send_adv(f, &a);
	assert_non_null(h_note(&f->h, MIP_NOTE_HOME, 0));
	grab(f);
	assert_int_equal(f->req.lifetime, 0);
	finish(f);
}

static void
test_deregister_from_away(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp b = fa2();
	struct repp r;

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 2 * MIP_SEC);
	assert_int_equal(h_cmd(&f->h, MIP_CMD_DEREGISTER, ip4("0.0.0.0")), 0);
	grab(f);
	assert_int_equal(f->req.lifetime, 0);
	assert_int_equal(f->req.coa.v, f->n.mn.home_addr.v);
	assert_int_equal(f->req_send.dst.v, ip4("192.168.2.1").v);
	r = rep_ok(f, 0);
	send_rep(f, &r);
	assert_int_equal(state_now(f), IDLE);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	/* Stopped: a move does not register ... */
	send_adv(f, &b);
	assert_non_null(h_note(&f->h, MIP_NOTE_MOVED, 0));
	assert_int_equal(udp_sends(f), 0);
	/* ... until the operator says so. */
	h_advance(&f->h, 2 * MIP_SEC);
	assert_int_equal(h_cmd(&f->h, MIP_CMD_REGISTER, ip4("0.0.0.0")), 0);
	grab(f);
	assert_int_equal(f->req_send.dst.v, ip4("192.168.3.1").v);
	finish(f);
}

static void
test_deregister_from_home_and_no_agent(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	struct advp h = ha();

	(void)state;
	/* Nothing heard: nowhere to send it. */
	assert_int_equal(
	    h_cmd(&f->h, MIP_CMD_DEREGISTER, ip4("0.0.0.0")), MIP_ERR_STATE);
	send_adv(f, &h);
	assert_int_equal(h_cmd(&f->h, MIP_CMD_DEREGISTER, ip4("0.0.0.0")), 0);
	grab(f);
	assert_int_equal(f->req.lifetime, 0);
	assert_int_equal(f->req_send.dst.v, ip4("10.1.0.1").v);
	finish(f);
}

/* ---- co-located ---- */

static void
test_colocated_direct(void **state)
{
	struct opts o = { MIP_RRQ_F_T | MIP_RRQ_F_G, true, false, false, false,
		NULL };
	struct fix *f = start(&o);
	struct mip_link_event ev = { MIP_LINK_ADDR, IF1, { 0 }, 24 };
	struct advp a = fa1();
	const struct h_action *x;
	struct repp r;
	uint32_t id;

	(void)state;
	a.flags = MIP_ADV_F_F; /* no R, no G, no T */
	send_adv(f, &a);
	ev.addr = ip4("172.16.0.5");
	h_advance(&f->h, 2 * MIP_SEC);
	h_link(&f->h, &ev);
	grab(f);
	/* RFC 5944 3.6.1.1: from the co-located address to the HA; D;
	 * G and T kept (we decapsulate ourselves). */
	assert_int_equal(f->req_send.src.v, ip4("172.16.0.5").v);
	assert_int_equal(f->req_send.dst.v, ip4("10.1.0.1").v);
	assert_false(f->req_send.has_hwaddr);
	assert_int_equal(f->req.coa.v, ip4("172.16.0.5").v);
	assert_int_equal(f->req.flags, MIP_RRQ_F_D | MIP_RRQ_F_G | MIP_RRQ_F_T);
	assert_int_equal(f->req_send.ttl, 255);
	assert_int_equal(f->req.lifetime, 1800);
	r = rep_ok(f, 1800);
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	x = act(f, MIP_ACT_TUNNEL_ADD, 0);
	assert_int_equal(x->act.u.tunnel.local.v, ip4("172.16.0.5").v);
	assert_int_equal(x->act.u.tunnel.remote.v, ip4("10.1.0.1").v);
	assert_int_equal(x->act.u.tunnel.home_addr.v, f->n.mn.home_addr.v);
	assert_int_equal(x->act.u.tunnel.encap, MIP_TUN_GRE);
	assert_true(x->act.u.tunnel.reverse);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_ADD), 0);
	id = x->act.u.tunnel.id;
	/* A new co-located address replaces it (no S). */
	ev.addr = ip4("172.16.9.5");
	h_advance(&f->h, 2 * MIP_SEC);
	h_link(&f->h, &ev);
	assert_int_equal(act(f, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.id, id);
	grab(f);
	assert_int_equal(f->req.coa.v, ip4("172.16.9.5").v);
	finish(f);
}

static void
test_colocated_with_r_via_fa(void **state)
{
	struct opts o = { MIP_RRQ_F_T, true, false, false, false, NULL };
	struct fix *f = start(&o);
	struct mip_link_event ev = { MIP_LINK_ADDR, IF1, { 0 }, 24 };
	struct advp a = fa1();
	struct repp r;

	(void)state;
	a.flags = MIP_ADV_F_F | MIP_ADV_F_R; /* registration required */
	ev.addr = ip4("192.168.2.50");
	h_link(&f->h, &ev);
	grab(f); /* no agent yet: straight to the HA */
	assert_int_equal(f->req_send.dst.v, ip4("10.1.0.1").v);
	h_advance(&f->h, 2 * MIP_SEC);
	send_adv(f, &a);
	grab(f);
	/* RFC 5944 2.4.1: through the FA even though co-located. */
	assert_int_equal(f->req_send.dst.v, ip4("192.168.2.1").v);
	assert_memory_equal(f->req_send.dst_hwaddr, fa1_hw, MIP_HWADDR_LEN);
	assert_int_equal(f->req_send.src.v, ip4("192.168.2.50").v);
	assert_int_equal(f->req.coa.v, ip4("192.168.2.50").v);
	assert_int_equal(f->req.flags, MIP_RRQ_F_D); /* FA lacks T */
	assert_int_equal(f->req_send.ttl, 1);
	r = rep_ok(f, 600);
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_ADD), 0);
	finish(f);
}

/* ---- simultaneous bindings ---- */

static void
test_simultaneous_bindings(void **state)
{
	struct opts o = { MIP_RRQ_F_S, false, false, false, false, NULL };
	struct fix *f = start(&o);
	struct advp b = fa2();
	struct repp r;

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 2 * MIP_SEC);
	send_adv(f, &b);
	/* The FA1 binding is kept: nothing deleted yet. */
	assert_int_equal(h_count(&f->h, MIP_ACT_NEIGH_DEL), 0);
	grab(f);
	assert_int_equal(f->req.flags, MIP_RRQ_F_S);
	r = rep_ok(f, 600);
	send_rep(f, &r);
	/* The default route moves to FA2; FA1's neighbour stays. */
	assert_int_equal(act(f, MIP_ACT_ROUTE_DEL, 0)->act.u.route.gw.v,
	    ip4("192.168.2.1").v);
	assert_int_equal(act(f, MIP_ACT_ROUTE_ADD, 0)->act.u.route.gw.v,
	    ip4("192.168.3.1").v);
	assert_int_equal(h_count(&f->h, MIP_ACT_NEIGH_DEL), 0);
	/* FA1's binding ends with its own lifetime. */
	h_advance(&f->h, 600 * MIP_SEC);
	assert_true(h_count(&f->h, MIP_ACT_NEIGH_DEL) >= 1);
	assert_int_equal(act(f, MIP_ACT_NEIGH_DEL, 0)->act.u.neigh.addr.v,
	    ip4("192.168.2.1").v);
	finish(f);
}

static void
test_simultaneous_refused_code_1(void **state)
{
	struct opts o = { MIP_RRQ_F_S, false, false, false, false, NULL };
	struct fix *f = start(&o);
	struct advp b = fa2();
	struct repp r;

	(void)state;
	register_fa1(f, 600);
	h_advance(&f->h, 2 * MIP_SEC);
	send_adv(f, &b);
	grab(f);
	r = rep_ok(f, 600);
	r.code = MIP_CODE_ACCEPTED_NO_SIMUL;
	send_rep(f, &r);
	assert_int_equal(state_now(f), REGISTERED);
	/* RFC 5944 3.4 code 1: the HA kept only the new binding. */
	assert_int_equal(act(f, MIP_ACT_NEIGH_DEL, 0)->act.u.neigh.addr.v,
	    ip4("192.168.2.1").v);
	finish(f);
}

/* ---- construction ---- */

static void
test_new_fails_cleanly(void **state)
{
	struct opts o = { 0 };
	struct fix *f = start(&o);
	size_t k;

	(void)state;
	for (k = 1; k < 64; k++) {
		struct test_mem tm;
		struct test_rand tr;
		struct mip_node *node = NULL;
		int rc;

		test_mem_init(&tm, k);
		test_rand_init(&tr, 1);
		rc = mip_node_new(
		    &node, &f->n.cfg, &tm.mem, &tr.rand, &f->h.now);
		if (rc == 0) {
			mip_node_del(node);
			assert_int_equal(tm.live, 0);
			break;
		}
		assert_true(rc < 0);
		assert_int_equal(tm.live, 0);
	}
	assert_true(k < 64);
	finish(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adv_learned_and_registered),
		cmocka_unit_test(test_solicitation_backoff),
		cmocka_unit_test(test_adv_stops_solicitation_cmd_and_link_up),
		cmocka_unit_test(test_bad_advertisements_ignored),
		cmocka_unit_test(test_request_bytes_fa),
		cmocka_unit_test(test_request_flags_masked),
		cmocka_unit_test(test_accept_lifetime_and_reregistration),
		cmocka_unit_test(test_accept_granted_longer_than_asked),
		cmocka_unit_test(test_denial_133_resync),
		cmocka_unit_test(test_denial_69_lifetime),
		cmocka_unit_test(test_denial_136_dynamic_ha),
		cmocka_unit_test(test_dynamic_ha_colocated_broadcast),
		cmocka_unit_test(test_fa_denial_stops_retransmission),
		cmocka_unit_test(test_fa_denial_keeps_binding),
		cmocka_unit_test(test_fa_denial_unmatched_or_wrong_source),
		cmocka_unit_test(test_ha_denial_reported),
		cmocka_unit_test(test_challenge_denial_retries_on_next_adv),
		cmocka_unit_test(test_replies_rejected),
		cmocka_unit_test(test_reply_bad_ha_mac),
		cmocka_unit_test(test_retransmit_timestamps_new_ident),
		cmocka_unit_test(test_retransmit_nonces_unchanged),
		cmocka_unit_test(test_retransmit_gives_up),
		cmocka_unit_test(test_move_by_lifetime_expiry),
		cmocka_unit_test(test_lifetime_expiry_without_other_agent),
		cmocka_unit_test(test_move_by_prefix),
		cmocka_unit_test(test_agent_reboot_reregisters),
		cmocka_unit_test(test_busy_agent_ignored),
		cmocka_unit_test(test_return_home),
		cmocka_unit_test(test_home_by_prefix),
		cmocka_unit_test(test_deregister_from_away),
		cmocka_unit_test(test_deregister_from_home_and_no_agent),
		cmocka_unit_test(test_colocated_direct),
		cmocka_unit_test(test_colocated_with_r_via_fa),
		cmocka_unit_test(test_simultaneous_bindings),
		cmocka_unit_test(test_simultaneous_refused_code_1),
		cmocka_unit_test(test_new_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
