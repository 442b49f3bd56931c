/* SPDX-License-Identifier: ISC */
/*
 * Home agent engine (RFC 5944 3.8, 4.2.3, 4.3, 4.6; RFC 3024): every reply
 * code it produces, its timers, the binding table, the flush commands and
 * every malformed or unauthenticated request (no state change, no
 * data-plane action). Requests are built with the libmip encoders and
 * mip_auth_append under test-side copies of the node's SAs.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_sa.h"

/* SAs: three mobile nodes, a foreign agent, an unconfigured home
 * address, a configured one outside the prefix; the last is test-only. */
enum {
	SA_MN1,
	SA_MN2,
	SA_MN3,
	SA_FA,
	SA_STRANGER,
	SA_OUTSIDE,
	SA_UNKNOWN,
	NSAS
};
#define NSAS_NODE SA_UNKNOWN
#define NMNS 4

#define HOME_IF 1
#define OTHER_IF 2
#define MN_PORT 40000

static const uint8_t ha_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x10 };

struct fx {
	struct harness h;
	struct mip_sa_config sas[NSAS];
	struct mip_ha_mn_config mns[NMNS];
	struct test_ha_node n;
	struct mip_sa *tsa[NSAS];
	struct test_mem tm;
	uint64_t step;
	bool started;
};

static const struct test_sa_def sa_defs[NSAS] = {
	[SA_MN1] = { "10.0.0.10", 256, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_MN2] = { "10.0.0.11", 257, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_MN3] = { "10.0.0.12", 258, MIP_REPLAY_NONCE, 0 },
	[SA_FA] = { "192.0.2.1", 300, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_STRANGER] = { "10.0.0.20", 259, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_OUTSIDE] = { "192.168.1.5", 260, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_UNKNOWN] = { "10.0.0.10", 999, MIP_REPLAY_TIMESTAMP, 0 },
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
	f->mns[2] = (struct mip_ha_mn_config){ ip4("10.0.0.12"), 258 };
	f->mns[3] = (struct mip_ha_mn_config){ ip4("192.168.1.5"), 260 };
	/* The profile stays all zero, as it always was here. */
	test_ha_node_init(&f->n, HOME_IF, ip4("10.0.0.1"), 24, ha_hw, f->mns,
	    NMNS, f->sas, NSAS_NODE);
	f->n.ha.max_lifetime = 600;
	f->n.ha.encaps = MIP_ENCAPS_MINIMAL;
	f->n.ha.reverse_tunnel = true;
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

/* ---- requests ---- */

struct rq {
	uint8_t flags;
	uint16_t lifetime;
	struct mip_ip4 home_addr, ha_addr, coa;
	uint64_t ident;
	int sa;	       /* MN-HA SA index, -1 for none */
	bool gen_auth; /* RFC 4721 MN-AAA instead of MN-HA */
	bool bad_mac;
	const uint8_t *pre; /* raw extensions before the authenticator */
	size_t pre_len;
	const uint8_t *post; /* ... after it */
	size_t post_len;
	int fa_sa; /* FA-HA SA index, -1 for none */
	int fa_count;
	bool fa_bad_mac;
};

/* A fresh timestamp Identification: now, plus a step so it grows. */
static uint64_t
ts_ident(struct fx *f)
{
	return f->h.now.ntp + (++f->step << 8);
}

static struct rq
rq_for(struct fx *f, int sa)
{
	struct rq r;

	memset(&r, 0, sizeof(r));
	r.lifetime = 300;
	r.home_addr = f->sas[sa].peer;
	r.ha_addr = ip4("10.0.0.1");
	r.coa = ip4("198.51.100.1"); /* co-located: no SA with it */
	r.ident = ts_ident(f);
	r.sa = sa;
	r.fa_sa = -1;
	return r;
}

static size_t
rq_build(const struct fx *f, const struct rq *r, uint8_t *buf, size_t cap)
{
	struct mip_reg_req req;
	struct mip_wbuf w;
	mip_ssize n;
	int i;

	memset(&req, 0, sizeof(req));
	req.flags = r->flags;
	req.lifetime = r->lifetime;
	req.home_addr = r->home_addr;
	req.ha_addr = r->ha_addr;
	req.coa = r->coa;
	req.ident = r->ident;
	n = mip_reg_req_encode(buf, cap, &req);
	assert_true(n == MIP_REG_REQ_LEN);
	mip_wbuf_init(&w, buf, cap);
	w.off = (size_t)n;
	assert_int_equal(mip_wbuf_bytes(&w, r->pre, r->pre_len), 0);
	if (r->sa >= 0) {
		if (r->gen_auth)
			assert_int_equal(
			    mip_auth_append_long(&w, MIP_EXT_GEN_AUTH,
				MIP_GEN_AUTH_MN_AAA, f->tsa[r->sa]),
			    0);
		else
			assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_HA_AUTH,
					     f->tsa[r->sa]),
			    0);
		if (r->bad_mac)
			buf[w.off - 1] ^= 0x01;
	}
	assert_int_equal(mip_wbuf_bytes(&w, r->post, r->post_len), 0);
	for (i = 0; r->fa_sa >= 0 && i < (r->fa_count ? r->fa_count : 1); i++) {
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, f->tsa[r->fa_sa]),
		    0);
		if (r->fa_bad_mac)
			buf[w.off - 1] ^= 0x01;
	}
	return w.off;
}

static void
send_rq_from(struct fx *f, const struct rq *r, uint32_t ifindex,
    struct mip_ip4 src, struct mip_ip4 dst, const uint8_t *hw)
{
	uint8_t buf[512];
	size_t n = rq_build(f, r, buf, sizeof(buf));

	if (hw != NULL)
		h_udp_hw(&f->h, ifindex, src, dst, MN_PORT, 64, hw, buf, n);
	else
		h_udp(&f->h, ifindex, src, dst, MN_PORT, 64, buf, n);
}

/* Relayed by (or sent from) the care-of address, to the HA. */
static void
send_rq(struct fx *f, const struct rq *r)
{
	send_rq_from(f, r, OTHER_IF, r->coa, ip4("10.0.0.1"), NULL);
}

/* ---- looking at what came out ---- */

/* The home agent's actions: advertisements and other roles' notes are
 * not ours and are left out, so the sequences stay exact. */
static size_t
ha_acts(const struct fx *f, const struct mip_action **out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < f->h.nacts; i++) {
		const struct mip_action *a = &f->h.acts[i].act;

		if (a->type == MIP_ACT_SEND && a->u.send.kind != MIP_PKT_UDP)
			continue;
		if (a->type == MIP_ACT_NOTIFY &&
		    a->u.notify.role != MIP_ROLE_HA)
			continue;
		assert_true(n < cap);
		out[n++] = a;
	}
	return n;
}

/* Asserts the exact sequence of the home agent's action types. */
static void
expect_types(const struct fx *f, const enum mip_action_type *t, size_t n)
{
	const struct mip_action *a[H_MAX_ACTIONS];
	size_t i, got = ha_acts(f, a, H_MAX_ACTIONS);

	if (got != n) {
		for (i = 0; i < got; i++)
			print_error(
			    "action %zu: type %d\n", i, (int)a[i]->type);
	}
	assert_int_equal(got, n);
	for (i = 0; i < n; i++)
		assert_int_equal(a[i]->type, t[i]);
}

#define EXPECT(f, ...)                                                         \
	do {                                                                   \
		static const enum mip_action_type t_[] = { __VA_ARGS__ };      \
		expect_types((f), t_, sizeof(t_) / sizeof(t_[0]));             \
	} while (0)

/* Nothing but notes: no send, no data-plane action. */
static void
expect_quiet(const struct fx *f)
{
	const struct mip_action *a[H_MAX_ACTIONS];
	size_t i, n = ha_acts(f, a, H_MAX_ACTIONS);

	for (i = 0; i < n; i++)
		assert_int_equal(a[i]->type, MIP_ACT_NOTIFY);
}

static const struct mip_action *
nth(const struct fx *f, enum mip_action_type type, size_t k)
{
	const struct mip_action *a[H_MAX_ACTIONS];
	size_t i, n = ha_acts(f, a, H_MAX_ACTIONS);

	for (i = 0; i < n; i++)
		if (a[i]->type == type && k-- == 0)
			return a[i];
	return NULL;
}

/* The one reply sent, decoded and checked against SA |sa|. */
static void
get_reply(const struct fx *f, int sa, struct mip_reg_rep *rep,
    const struct mip_act_send **sendp)
{
	const struct mip_action *a = nth(f, MIP_ACT_SEND, 0);
	const struct mip_ext *e;

	assert_non_null(a);
	assert_null(nth(f, MIP_ACT_SEND, 1));
	assert_int_equal(
	    mip_reg_rep_decode(rep, a->u.send.data, a->u.send.len, NULL, NULL),
	    0);
	/* RFC 5944 3.8.3.3: the MN-HA authentication is always there. */
	e = mip_exts_find(&rep->exts, MIP_EXT_MN_HA_AUTH, 0);
	assert_non_null(e);
	assert_int_equal(
	    mip_auth_verify_ext(f->tsa[sa], a->u.send.data, a->u.send.len, e),
	    0);
	if (sendp != NULL)
		*sendp = &a->u.send;
}

static uint8_t
reply_code(const struct fx *f, int sa)
{
	struct mip_reg_rep rep;

	get_reply(f, sa, &rep, NULL);
	return rep.code;
}

static void
expect_denial(const struct fx *f, int sa, uint8_t code)
{
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, sa), code);
	assert_true(mip_node_stats(f->h.node)->replies[code] >= 1);
}

static uint64_t
drops(const struct fx *f, enum mip_drop why)
{
	return mip_node_stats(f->h.node)->drops[why];
}

/* No binding exists: flushing everything emits nothing. */
static void
expect_no_bindings(struct fx *f)
{
	assert_int_equal(h_cmd(&f->h, MIP_CMD_FLUSH_ALL, ip4("0.0.0.0")), 0);
	expect_types(f, NULL, 0);
}

/* Registers |r| and checks it was accepted with |code|. */
static void
register_ok(struct fx *f, const struct rq *r, uint8_t code)
{
	send_rq(f, r);
	assert_int_equal(reply_code(f, r->sa), code);
}

/* ---- acceptance and the data plane ---- */

static void
test_accept_first_binding(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	const struct mip_action *a;
	struct mip_reg_rep rep;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_T;
	send_rq(f, &r);
	/* Tunnel and route first, then proxy ARP and the gratuitous ARP
	 * (RFC 5944 4.6), then the reply (3.8.2.2). */
	EXPECT(f, MIP_ACT_TUNNEL_ADD, MIP_ACT_ROUTE_ADD, MIP_ACT_NOTIFY,
	    MIP_ACT_NOTIFY, MIP_ACT_PROXY_ADD, MIP_ACT_ARP_ANNOUNCE,
	    MIP_ACT_SEND, MIP_ACT_NOTIFY);
	a = nth(f, MIP_ACT_TUNNEL_ADD, 0);
	assert_int_not_equal(a->u.tunnel.id, 0);
	assert_int_equal(a->u.tunnel.encap, MIP_TUN_IPIP);
	assert_int_equal(a->u.tunnel.local.v, ip4("10.0.0.1").v);
	assert_int_equal(a->u.tunnel.remote.v, r.coa.v);
	assert_int_equal(a->u.tunnel.home_addr.v, r.home_addr.v);
	assert_true(a->u.tunnel.reverse);
	assert_false(a->u.tunnel.broadcast);
	a = nth(f, MIP_ACT_ROUTE_ADD, 0);
	assert_int_equal(a->u.route.dst.v, r.home_addr.v);
	assert_int_equal(a->u.route.plen, 32);
	assert_int_equal(
	    a->u.route.tunnel_id, nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.id);
	a = nth(f, MIP_ACT_NOTIFY, 0);
	assert_int_equal(a->u.notify.what, MIP_NOTE_BINDING_ADD);
	assert_int_equal(a->u.notify.coa.v, r.coa.v);
	a = nth(f, MIP_ACT_NOTIFY, 1);
	assert_int_equal(a->u.notify.what, MIP_NOTE_STATE);
	assert_int_equal(a->u.notify.arg, 0);  /* home */
	assert_int_equal(a->u.notify.code, 1); /* away */
	a = nth(f, MIP_ACT_PROXY_ADD, 0);
	assert_int_equal(a->u.neigh.ifindex, HOME_IF);
	assert_int_equal(a->u.neigh.addr.v, r.home_addr.v);
	a = nth(f, MIP_ACT_ARP_ANNOUNCE, 0);
	assert_int_equal(a->u.neigh.ifindex, HOME_IF);
	assert_int_equal(a->u.neigh.addr.v, r.home_addr.v);
	assert_memory_equal(a->u.neigh.hwaddr, ha_hw, MIP_HWADDR_LEN);
	get_reply(f, SA_MN1, &rep, &s);
	assert_int_equal(rep.code, MIP_CODE_ACCEPTED);
	assert_int_equal(rep.lifetime, 300);
	assert_int_equal(rep.home_addr.v, r.home_addr.v);
	assert_int_equal(rep.ha_addr.v, ip4("10.0.0.1").v);
	/* RFC 5944 5.7.1: an accepted timestamp is copied whole. */
	assert_true(rep.ident == r.ident);
	/* RFC 5944 3.8.3.1: back to the source address and port. */
	assert_int_equal(s->src.v, ip4("10.0.0.1").v);
	assert_int_equal(s->dst.v, r.coa.v);
	assert_int_equal(s->sport, MIP_UDP_PORT);
	assert_int_equal(s->dport, MN_PORT);
	assert_int_equal(s->ifindex, 0);
	assert_null(mip_exts_find(&rep.exts, MIP_EXT_FA_HA_AUTH, 0));
	a = nth(f, MIP_ACT_NOTIFY, 2);
	assert_int_equal(a->u.notify.what, MIP_NOTE_REG_REPLY);
	assert_int_equal(a->u.notify.code, 0);
	assert_int_equal(mip_node_stats(f->h.node)->reg_requests, 1);
	assert_int_equal(mip_node_stats(f->h.node)->replies[0], 1);
	assert_int_equal(mip_node_stats(f->h.node)->tx, 1);
}

static void
test_accept_code_1_without_simultaneous(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	register_ok(f, &r, MIP_CODE_ACCEPTED_NO_SIMUL);
}

static void
test_lifetime_reduced_and_infinite(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	struct rq r;

	f->n.ha.max_lifetime = 600;
	start(f);
	r = rq_for(f, SA_MN1);
	r.lifetime = 0xffff;
	send_rq(f, &r);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.code, 0);
	assert_int_equal(rep.lifetime, 600);
	/* Expires after the granted 600 s, not "never". */
	h_advance(&f->h, 600 * MIP_SEC);
	assert_non_null(nth(f, MIP_ACT_TUNNEL_DEL, 0));
}

static void
test_infinite_lifetime_never_expires(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	struct rq r;

	f->n.ha.max_lifetime = MIP_LIFETIME_INFINITE;
	start(f);
	r = rq_for(f, SA_MN1);
	r.lifetime = MIP_LIFETIME_INFINITE;
	send_rq(f, &r);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.lifetime, MIP_LIFETIME_INFINITE);
	h_advance(&f->h, 30000 * MIP_SEC);
	EXPECT(f, MIP_ACT_ARP_ANNOUNCE, MIP_ACT_ARP_ANNOUNCE);
}

static void
test_encapsulation_and_flags_in_tunnel(void **state)
{
	struct fx *f = *state;
	const struct mip_action *a;
	struct rq r;

	f->n.ha.encaps = MIP_ENCAPS_MINIMAL | MIP_ENCAPS_GRE;
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_M | MIP_RRQ_F_B | MIP_RRQ_F_D;
	register_ok(f, &r, 0);
	a = nth(f, MIP_ACT_TUNNEL_ADD, 0);
	assert_int_equal(a->u.tunnel.encap, MIP_TUN_MINIMAL);
	/* RFC 5944 4.3: B recorded; D says the MN decapsulates itself. */
	assert_true(a->u.tunnel.broadcast);
	assert_true(a->u.tunnel.colocated);
	assert_false(a->u.tunnel.reverse);
	r = rq_for(f, SA_MN2);
	r.flags = MIP_RRQ_F_G;
	r.coa = ip4("198.51.100.7");
	register_ok(f, &r, 0);
	a = nth(f, MIP_ACT_TUNNEL_ADD, 0);
	assert_int_equal(a->u.tunnel.encap, MIP_TUN_GRE);
	assert_false(a->u.tunnel.broadcast);
	assert_false(a->u.tunnel.colocated);
}

static void
test_gen_auth_mn_aaa_accepted(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.gen_auth = true;
	register_ok(f, &r, 0);
	assert_non_null(nth(f, MIP_ACT_TUNNEL_ADD, 0));
}

/* ---- denials ---- */

static void
test_129_home_address_not_ours(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	/* An SA, but not a mobile node we serve. */
	r = rq_for(f, SA_STRANGER);
	send_rq(f, &r);
	expect_denial(f, SA_STRANGER, MIP_CODE_HA_PROHIBITED);
	/* Configured, but outside the home network (RFC 5944 3.8.3.2). */
	r = rq_for(f, SA_OUTSIDE);
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_OUTSIDE), MIP_CODE_HA_PROHIBITED);
	expect_no_bindings(f);
}

static void
test_130_table_full(void **state)
{
	struct fx *f = *state;
	struct rq r;

	f->n.ha.max_bindings = 1;
	start(f);
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN2);
	send_rq(f, &r);
	expect_denial(f, SA_MN2, MIP_CODE_HA_RESOURCES);
	/* A full table still takes MN1's move: the old binding goes. */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("198.51.100.7");
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_TUNNEL_ADD, MIP_ACT_ROUTE_ADD, MIP_ACT_NOTIFY, MIP_ACT_SEND,
	    MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_MN1), 0);
}

static void
test_131_bad_authenticator(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	struct rq r, good;

	start(f);
	good = rq_for(f, SA_MN1);
	r = rq_for(f, SA_MN1);
	r.bad_mac = true;
	send_rq(f, &r);
	/* RFC 5944 3.8.2.1 a: no FA SA, so a 131 authenticated with the
	 * mobile node's SA; nothing else. */
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY, MIP_ACT_NOTIFY);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.code, MIP_CODE_HA_MN_AUTH);
	assert_int_equal(mip_ident_low(rep.ident), mip_ident_low(r.ident));
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	expect_no_bindings(f);
	/* Nothing was committed: an older, genuine request still passes. */
	register_ok(f, &good, 0);
}

static void
test_131_not_sent_with_bad_fa_auth(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	/* Relayed by an FA we share an SA with, without FA-HA: neither
	 * case of 3.8.2.1 a allows the 131; discarded. */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	r.bad_mac = true;
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	/* With a valid FA-HA extension the 131 MUST go, with FA-HA. */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	r.bad_mac = true;
	r.fa_sa = SA_FA;
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_MN_AUTH);
	expect_no_bindings(f);
}

static void
test_132_fa_auth(void **state)
{
	struct fx *f = *state;
	const struct mip_action *a;
	struct mip_reg_rep rep;
	struct rq r;

	start(f);
	/* Wrong FA-HA authenticator. */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	r.fa_sa = SA_FA;
	r.fa_bad_mac = true;
	send_rq(f, &r);
	/* A reply, and the drop counted as an authentication failure. */
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY, MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_FA_AUTH);
	/* RFC 5944 3.8.3.3: the reply carries FA-HA for the FA. */
	get_reply(f, SA_MN1, &rep, NULL);
	a = nth(f, MIP_ACT_SEND, 0);
	assert_int_equal(
	    mip_auth_verify_ext(f->tsa[SA_FA], a->u.send.data, a->u.send.len,
		mip_exts_find(&rep.exts, MIP_EXT_FA_HA_AUTH, 0)),
	    0);
	/* Missing FA-HA (3.8.2.1 c). */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_FA_AUTH);
	/* Two FA-HA extensions (exactly one must be present). */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	r.fa_sa = SA_FA;
	r.fa_count = 2;
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_FA_AUTH);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 3);
	expect_no_bindings(f);
}

static void
test_fa_auth_accepted_and_in_reply(void **state)
{
	struct fx *f = *state;
	const struct mip_action *a;
	struct mip_reg_rep rep;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	r.fa_sa = SA_FA;
	send_rq(f, &r);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.code, 0);
	a = nth(f, MIP_ACT_SEND, 0);
	assert_int_equal(
	    mip_auth_verify_ext(f->tsa[SA_FA], a->u.send.data, a->u.send.len,
		mip_exts_find(&rep.exts, MIP_EXT_FA_HA_AUTH, 0)),
	    0);
	/* RFC 5944 3.5.4: a deregistration needs no FA-HA and its reply
	 * carries none. */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("192.0.2.1");
	r.lifetime = 0;
	send_rq(f, &r);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.code, 0);
	assert_null(mip_exts_find(&rep.exts, MIP_EXT_FA_HA_AUTH, 0));
	assert_non_null(nth(f, MIP_ACT_PROXY_DEL, 0));
}

static void
test_fa_auth_without_sa_discarded(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	/* RFC 5944 3.8.2.1 d: FA-HA from a sender we share no SA with. */
	r = rq_for(f, SA_MN1);
	r.coa = ip4("198.51.100.7");
	r.fa_sa = SA_FA;
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	expect_no_bindings(f);
}

static void
test_133_timestamp(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	struct rq r;

	start(f);
	/* Outside the 7 s tolerance. */
	r = rq_for(f, SA_MN1);
	r.ident = f->h.now.ntp - (100ULL << 32) + 0x1234;
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY, MIP_ACT_NOTIFY);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.code, MIP_CODE_HA_ID_MISMATCH);
	/* RFC 5944 5.7.1: our seconds, the request's low half. */
	assert_int_equal(mip_ident_high(rep.ident), H_NTP_EPOCH);
	assert_int_equal(mip_ident_low(rep.ident), mip_ident_low(r.ident));
	assert_int_equal(drops(f, MIP_DROP_REPLAY), 1);
	expect_no_bindings(f);
	/* Not newer than the last accepted one. */
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
	r.ident -= 1;
	r.coa = ip4("198.51.100.7");
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY, MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_ID_MISMATCH);
}

static void
test_133_nonce(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	uint64_t first, second;
	struct rq r;

	start(f);
	/* No nonce issued yet: 133 with a fresh one (RFC 5944 5.7.2). */
	r = rq_for(f, SA_MN3);
	r.ident = mip_ident_make(0, 0xaaaa0001);
	send_rq(f, &r);
	get_reply(f, SA_MN3, &rep, NULL);
	assert_int_equal(rep.code, MIP_CODE_HA_ID_MISMATCH);
	assert_int_equal(mip_ident_low(rep.ident), 0xaaaa0001);
	first = rep.ident;
	expect_no_bindings(f);
	/* With it: accepted, and the reply brings the next nonce. */
	r.ident = mip_ident_make(mip_ident_high(first), 0xaaaa0002);
	send_rq(f, &r);
	get_reply(f, SA_MN3, &rep, NULL);
	assert_int_equal(rep.code, 0);
	assert_int_equal(mip_ident_low(rep.ident), 0xaaaa0002);
	assert_int_not_equal(mip_ident_high(rep.ident), mip_ident_high(first));
	second = rep.ident;
	/* The consumed nonce again (another coa, so no duplicate): 133. */
	r.ident = mip_ident_make(mip_ident_high(first), 0xaaaa0003);
	r.coa = ip4("198.51.100.7");
	send_rq(f, &r);
	get_reply(f, SA_MN3, &rep, NULL);
	assert_int_equal(rep.code, MIP_CODE_HA_ID_MISMATCH);
	assert_null(nth(f, MIP_ACT_TUNNEL_ADD, 0));
	/* A 133 issues a new nonce; the one before it is dead. */
	r.ident = mip_ident_make(mip_ident_high(second), 0xaaaa0004);
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN3), MIP_CODE_HA_ID_MISMATCH);
	r.ident = mip_ident_make(mip_ident_high(rep.ident), 0xaaaa0005);
	send_rq(f, &r);
	get_reply(f, SA_MN3, &rep, NULL);
	assert_int_equal(rep.code, MIP_CODE_HA_ID_MISMATCH);
	r.ident = mip_ident_make(mip_ident_high(rep.ident), 0xaaaa0006);
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN3), 0);
}

static void
test_134_reserved_bit(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_R;
	send_rq(f, &r);
	expect_denial(f, SA_MN1, MIP_CODE_HA_BAD_REQ);
	/* x is reserved too when Route Optimization is off. */
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_X;
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_BAD_REQ);
	expect_no_bindings(f);
}

static void
test_134_unknown_extension_after_auth(void **state)
{
	struct fx *f = *state;
	static const uint8_t unknown[] = { 50, 2, 0xab, 0xcd };
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.post = unknown;
	r.post_len = sizeof(unknown);
	send_rq(f, &r);
	expect_denial(f, SA_MN1, MIP_CODE_HA_BAD_REQ);
	expect_no_bindings(f);
}

static void
test_134_unusable_coa(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.coa = ip4("224.0.0.5");
	send_rq_from(
	    f, &r, OTHER_IF, ip4("198.51.100.7"), ip4("10.0.0.1"), NULL);
	expect_denial(f, SA_MN1, MIP_CODE_HA_BAD_REQ);
	expect_no_bindings(f);
}

static void
test_unknown_extension_before_auth_discarded(void **state)
{
	struct fx *f = *state;
	static const uint8_t unknown[] = { 50, 2, 0xab, 0xcd };
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.pre = unknown;
	r.pre_len = sizeof(unknown);
	send_rq(f, &r);
	/* RFC 5944 1.8: silently discarded; unauthenticated anyway. */
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_UNKNOWN_EXT), 1);
	expect_no_bindings(f);
}

static void
test_skippable_unknown_extension_ignored(void **state)
{
	struct fx *f = *state;
	static const uint8_t skippable[] = { 200, 1, 0x55 };
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.pre = skippable;
	r.pre_len = sizeof(skippable);
	register_ok(f, &r, 0);
}

static void
test_136_broadcast_discovery(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	struct mip_reg_rep rep;
	struct rq r;

	start(f);
	/* RFC 5944 3.8.2.1: to the subnet-directed broadcast address. */
	r = rq_for(f, SA_MN1);
	r.ha_addr = ip4("10.0.0.255");
	send_rq_from(f, &r, OTHER_IF, r.coa, ip4("10.0.0.255"), NULL);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	get_reply(f, SA_MN1, &rep, &s);
	assert_int_equal(rep.code, MIP_CODE_HA_UNKNOWN_HA);
	assert_int_equal(rep.ha_addr.v, ip4("10.0.0.1").v);
	assert_int_equal(s->src.v, ip4("10.0.0.1").v);
	assert_int_equal(s->dst.v, r.coa.v);
	/* ... or to 255.255.255.255, as some routers rewrite it. */
	r = rq_for(f, SA_MN1);
	r.ha_addr = ip4("255.255.255.255");
	send_rq_from(f, &r, OTHER_IF, r.coa, ip4("255.255.255.255"), NULL);
	get_reply(f, SA_MN1, &rep, &s);
	assert_int_equal(rep.code, MIP_CODE_HA_UNKNOWN_HA);
	assert_int_equal(rep.ha_addr.v, ip4("10.0.0.1").v);
	assert_int_equal(s->src.v, ip4("10.0.0.1").v);
	/* Unicast to us but naming another home agent (3.8.3.2). */
	r = rq_for(f, SA_MN1);
	r.ha_addr = ip4("10.0.0.2");
	send_rq(f, &r);
	get_reply(f, SA_MN1, &rep, &s);
	assert_int_equal(rep.code, MIP_CODE_HA_UNKNOWN_HA);
	assert_int_equal(rep.ha_addr.v, ip4("10.0.0.1").v);
	expect_no_bindings(f);
	/* The mobile node retries with the unicast address it learned. */
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
}

static void
test_137_reverse_tunnel_unavailable(void **state)
{
	struct fx *f = *state;
	struct rq r;

	f->n.ha.reverse_tunnel = false;
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_T;
	send_rq(f, &r);
	expect_denial(f, SA_MN1, MIP_CODE_HA_RT_UNAVAIL);
	expect_no_bindings(f);
}

static void
test_138_reverse_tunnel_mandatory(void **state)
{
	struct fx *f = *state;
	struct rq r;

	f->n.ha.reverse_required = true;
	start(f);
	r = rq_for(f, SA_MN1);
	send_rq(f, &r);
	expect_denial(f, SA_MN1, MIP_CODE_HA_RT_MANDATORY);
	expect_no_bindings(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_T;
	register_ok(f, &r, 0);
}

static void
test_139_encapsulation_unavailable(void **state)
{
	struct fx *f = *state;
	struct rq r;

	f->n.ha.encaps = MIP_ENCAPS_MINIMAL; /* no GRE */
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_G;
	send_rq(f, &r);
	expect_denial(f, SA_MN1, MIP_CODE_HA_ENCAP);
	r = rq_for(f, SA_MN2);
	r.flags = MIP_RRQ_F_M | MIP_RRQ_F_G;
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN2), MIP_CODE_HA_ENCAP);
	expect_no_bindings(f);
}

static void
test_135_too_many_simultaneous(void **state)
{
	struct fx *f = *state;
	struct rq r;

	f->n.ha.max_simultaneous = 2;
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	r.coa = ip4("198.51.100.7");
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	r.coa = ip4("198.51.100.8");
	send_rq(f, &r);
	expect_denial(f, SA_MN1, MIP_CODE_HA_TOO_MANY_BINDINGS);
}

/* ---- timers ---- */

static void
test_gratuitous_arp_repeated(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
	/* RFC 5944 4.6: retransmitted a small number of times. */
	h_advance(&f->h, MIP_SEC);
	EXPECT(f, MIP_ACT_ARP_ANNOUNCE);
	h_advance(&f->h, MIP_SEC);
	EXPECT(f, MIP_ACT_ARP_ANNOUNCE);
	assert_memory_equal(
	    nth(f, MIP_ACT_ARP_ANNOUNCE, 0)->u.neigh.hwaddr, ha_hw, 6);
	h_advance(&f->h, 10 * MIP_SEC);
	expect_types(f, NULL, 0);
}

static void
test_binding_expiry(void **state)
{
	struct fx *f = *state;
	const struct mip_action *a;
	uint32_t id;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.lifetime = 10;
	register_ok(f, &r, 0);
	id = nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.id;
	h_advance(&f->h, 9 * MIP_SEC); /* ARP repeats only */
	EXPECT(f, MIP_ACT_ARP_ANNOUNCE, MIP_ACT_ARP_ANNOUNCE);
	h_advance(&f->h, MIP_SEC);
	/* RFC 5944 4.2.3: deleted, and no Registration Reply (3.8). */
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_NOTIFY, MIP_ACT_PROXY_DEL);
	a = nth(f, MIP_ACT_ROUTE_DEL, 0);
	assert_int_equal(a->u.route.tunnel_id, id);
	assert_int_equal(a->u.route.dst.v, r.home_addr.v);
	a = nth(f, MIP_ACT_TUNNEL_DEL, 0);
	assert_int_equal(a->u.tunnel.id, id);
	assert_int_equal(a->u.tunnel.remote.v, r.coa.v);
	assert_int_equal(
	    nth(f, MIP_ACT_NOTIFY, 0)->u.notify.what, MIP_NOTE_BINDING_DEL);
	assert_int_equal(
	    nth(f, MIP_ACT_NOTIFY, 1)->u.notify.what, MIP_NOTE_STATE);
	assert_int_equal(
	    nth(f, MIP_ACT_PROXY_DEL, 0)->u.neigh.addr.v, r.home_addr.v);
	expect_no_bindings(f);
}

static void
test_refresh_extends_without_new_tunnel(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.lifetime = 10;
	register_ok(f, &r, 0);
	h_advance(&f->h, 5 * MIP_SEC);
	r = rq_for(f, SA_MN1);
	r.lifetime = 10;
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_MN1), 0);
	h_advance(&f->h, 9 * MIP_SEC);
	expect_types(f, NULL, 0);
	h_advance(&f->h, MIP_SEC);
	assert_non_null(nth(f, MIP_ACT_TUNNEL_DEL, 0));
}

static void
test_refresh_with_new_encapsulation_retunnels(void **state)
{
	struct fx *f = *state;
	uint32_t id;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
	id = nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.id;
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_M | MIP_RRQ_F_T;
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_TUNNEL_ADD,
	    MIP_ACT_ROUTE_ADD, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(nth(f, MIP_ACT_TUNNEL_DEL, 0)->u.tunnel.id, id);
	assert_int_not_equal(nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.id, id);
	assert_int_equal(
	    nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.encap, MIP_TUN_MINIMAL);
	assert_true(nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.reverse);
}

static void
test_duplicate_does_not_extend(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	uint8_t buf[256];
	size_t n;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.lifetime = 10;
	n = rq_build(f, &r, buf, sizeof(buf));
	h_udp(&f->h, OTHER_IF, r.coa, ip4("10.0.0.1"), MN_PORT, 64, buf, n);
	assert_int_equal(reply_code(f, SA_MN1), 0);
	h_advance(&f->h, 4 * MIP_SEC);
	/* RFC 5944 3.8.2.2: the same home address, coa and ident. */
	h_udp(&f->h, OTHER_IF, r.coa, ip4("10.0.0.1"), MN_PORT, 64, buf, n);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	get_reply(f, SA_MN1, &rep, NULL);
	assert_int_equal(rep.code, 0);
	assert_int_equal(rep.lifetime, 6);
	assert_true(rep.ident == r.ident);
	/* Still expires 10 s after the original acceptance. */
	h_advance(&f->h, 6 * MIP_SEC);
	assert_non_null(nth(f, MIP_ACT_TUNNEL_DEL, 0));
}

/* ---- the binding table ---- */

static void
test_simultaneous_add_then_replace(void **state)
{
	struct fx *f = *state;
	struct mip_ip4 c1 = ip4("198.51.100.1"), c2 = ip4("198.51.100.2"),
		       c3 = ip4("198.51.100.3");
	struct rq r;

	f->n.ha.max_simultaneous = 3;
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	r.coa = c1;
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	r.coa = c2;
	send_rq(f, &r);
	/* RFC 5944 3.8.2.2: kept alongside; a second route, no new proxy. */
	EXPECT(f, MIP_ACT_TUNNEL_ADD, MIP_ACT_ROUTE_ADD, MIP_ACT_NOTIFY,
	    MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(
	    nth(f, MIP_ACT_TUNNEL_ADD, 0)->u.tunnel.remote.v, c2.v);
	assert_int_equal(reply_code(f, SA_MN1), 0);
	/* Without S the new binding replaces the others. */
	r = rq_for(f, SA_MN1);
	r.coa = c3;
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_TUNNEL_ADD, MIP_ACT_ROUTE_ADD, MIP_ACT_NOTIFY,
	    MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY, MIP_ACT_SEND,
	    MIP_ACT_NOTIFY);
	assert_int_equal(nth(f, MIP_ACT_TUNNEL_DEL, 0)->u.tunnel.remote.v +
		nth(f, MIP_ACT_TUNNEL_DEL, 1)->u.tunnel.remote.v,
	    c1.v + c2.v);
	assert_int_equal(reply_code(f, SA_MN1), 0);
}

static void
test_replace_without_simultaneous(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN1);
	r.coa = ip4("198.51.100.2");
	r.flags = MIP_RRQ_F_S; /* asked, not offered: replaces, code 1 */
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_TUNNEL_ADD, MIP_ACT_ROUTE_ADD, MIP_ACT_NOTIFY,
	    MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY, MIP_ACT_SEND,
	    MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_ACCEPTED_NO_SIMUL);
}

static void
test_deregister_one(void **state)
{
	struct fx *f = *state;
	struct rq r;

	f->n.ha.max_simultaneous = 2;
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	r.coa = ip4("198.51.100.2");
	register_ok(f, &r, 0);
	/* Lifetime 0 with one of the care-of addresses: only that one. */
	r = rq_for(f, SA_MN1);
	r.lifetime = 0;
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(nth(f, MIP_ACT_TUNNEL_DEL, 0)->u.tunnel.remote.v,
	    ip4("198.51.100.1").v);
	assert_int_equal(reply_code(f, SA_MN1), 0);
	/* Deregistering an unknown care-of address is accepted, no-op. */
	r = rq_for(f, SA_MN1);
	r.lifetime = 0;
	r.coa = ip4("198.51.100.9");
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	/* The last one: the mobile node is home, proxy ARP stops. */
	r = rq_for(f, SA_MN1);
	r.lifetime = 0;
	r.coa = ip4("198.51.100.2");
	send_rq(f, &r);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_NOTIFY, MIP_ACT_PROXY_DEL, MIP_ACT_SEND, MIP_ACT_NOTIFY);
}

static void
test_deregister_all_from_home(void **state)
{
	struct fx *f = *state;
	const struct mip_act_send *s;
	const struct mip_action *a;
	struct mip_reg_rep rep;
	struct rq r;

	f->n.ha.max_simultaneous = 2;
	start(f);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN1);
	r.flags = MIP_RRQ_F_S;
	r.coa = ip4("198.51.100.2");
	register_ok(f, &r, 0);
	/* RFC 5944 3.8.2.2: lifetime 0, coa = home address: all of them;
	 * sent by the mobile node back on its home link. */
	r = rq_for(f, SA_MN1);
	r.lifetime = 0;
	r.coa = r.home_addr;
	send_rq_from(f, &r, HOME_IF, r.home_addr, ip4("10.0.0.1"), mn_hw);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_NOTIFY, MIP_ACT_PROXY_DEL, MIP_ACT_ARP_ANNOUNCE,
	    MIP_ACT_SEND, MIP_ACT_NOTIFY);
	/* RFC 5944 4.6: the gratuitous ARP names the MN's own address. */
	a = nth(f, MIP_ACT_ARP_ANNOUNCE, 0);
	assert_memory_equal(a->u.neigh.hwaddr, mn_hw, MIP_HWADDR_LEN);
	assert_int_equal(a->u.neigh.addr.v, r.home_addr.v);
	/* RFC 5944 3.8.3.1: the reply goes straight onto the home link. */
	get_reply(f, SA_MN1, &rep, &s);
	assert_int_equal(rep.code, 0);
	assert_int_equal(rep.lifetime, 0);
	assert_int_equal(s->ifindex, HOME_IF);
	assert_true(s->has_hwaddr);
	assert_memory_equal(s->dst_hwaddr, mn_hw, MIP_HWADDR_LEN);
	assert_int_equal(s->dst.v, r.home_addr.v);
	/* ... repeated like the one sent when it left. */
	h_advance(&f->h, MIP_SEC);
	EXPECT(f, MIP_ACT_ARP_ANNOUNCE);
	assert_memory_equal(
	    nth(f, MIP_ACT_ARP_ANNOUNCE, 0)->u.neigh.hwaddr, mn_hw, 6);
	expect_no_bindings(f);
}

static void
test_deregister_at_home_while_home(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.lifetime = 0;
	r.coa = r.home_addr;
	send_rq_from(f, &r, HOME_IF, r.home_addr, ip4("10.0.0.1"), mn_hw);
	EXPECT(f, MIP_ACT_SEND, MIP_ACT_NOTIFY);
	assert_int_equal(reply_code(f, SA_MN1), 0);
}

/* ---- commands ---- */

static void
test_flush_binding_and_all(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	register_ok(f, &r, 0);
	r = rq_for(f, SA_MN2);
	r.coa = ip4("198.51.100.2");
	register_ok(f, &r, 0);
	assert_int_equal(
	    h_cmd(&f->h, MIP_CMD_FLUSH_BINDING, ip4("10.0.0.10")), 0);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_NOTIFY, MIP_ACT_PROXY_DEL);
	assert_int_equal(
	    nth(f, MIP_ACT_PROXY_DEL, 0)->u.neigh.addr.v, ip4("10.0.0.10").v);
	assert_int_equal(h_cmd(&f->h, MIP_CMD_FLUSH_ALL, ip4("0.0.0.0")), 0);
	EXPECT(f, MIP_ACT_ROUTE_DEL, MIP_ACT_TUNNEL_DEL, MIP_ACT_NOTIFY,
	    MIP_ACT_NOTIFY, MIP_ACT_PROXY_DEL);
	assert_int_equal(
	    nth(f, MIP_ACT_PROXY_DEL, 0)->u.neigh.addr.v, ip4("10.0.0.11").v);
	expect_no_bindings(f);
	assert_int_equal(h_cmd(&f->h, MIP_CMD_FLUSH_BINDING, ip4("10.0.0.99")),
	    MIP_ERR_NOTFOUND);
	/* No timer left behind: no ARP repeat, no expiry. */
	h_advance(&f->h, 1000 * MIP_SEC);
	expect_types(f, NULL, 0);
}

/* ---- malformed, unauthenticated, not ours ---- */

static void
test_truncations_dropped(void **state)
{
	struct fx *f = *state;
	uint8_t buf[256];
	size_t n, i;
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	n = rq_build(f, &r, buf, sizeof(buf));
	/* Every prefix: too short, or an extension overrunning it, or
	 * (at the end of the fixed part) no authenticator at all. */
	for (i = 1; i < n; i++) {
		h_udp(&f->h, OTHER_IF, r.coa, ip4("10.0.0.1"), MN_PORT, 64, buf,
		    i);
		expect_quiet(f);
	}
	assert_int_equal(drops(f, MIP_DROP_SHORT), n - 1 - 1);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	expect_no_bindings(f);
	/* The whole one still registers: nothing was committed. */
	h_udp(&f->h, OTHER_IF, r.coa, ip4("10.0.0.1"), MN_PORT, 64, buf, n);
	assert_int_equal(reply_code(f, SA_MN1), 0);
}

static void
test_malformed_extension_dropped(void **state)
{
	struct fx *f = *state;
	/* A padding-then-NAI with length 0 (NAI needs at least 1). */
	static const uint8_t bad[] = { 0, MIP_EXT_NAI, 0 };
	struct rq r;

	start(f);
	r = rq_for(f, SA_MN1);
	r.pre = bad;
	r.pre_len = sizeof(bad);
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_MALFORMED), 1);
	expect_no_bindings(f);
}

static void
test_no_authenticator_dropped(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	/* RFC 5944 3.8.2.1 a: no authorization-enabling extension. */
	r = rq_for(f, SA_MN1);
	r.sa = -1;
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	expect_no_bindings(f);
}

static void
test_no_sa_dropped(void **state)
{
	struct fx *f = *state;
	struct rq r;

	start(f);
	/* RFC 5944 3.8.2.1 a: an SPI we have no SA for: silent. */
	r = rq_for(f, SA_UNKNOWN);
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_NO_SA), 1);
	/* A home address we have no SA for at all. */
	r = rq_for(f, SA_MN1);
	r.home_addr = ip4("10.0.0.30");
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_NO_SA), 2);
	expect_no_bindings(f);
}

static void
test_mn_fa_auth_before_mn_ha_dropped(void **state)
{
	struct fx *f = *state;
	uint8_t mnfa[2 + 4 + 16];
	struct rq r;

	start(f);
	/* RFC 5944 3.6.1.3: the MN-HA authenticator comes first. */
	memset(mnfa, 0x11, sizeof(mnfa));
	mnfa[0] = MIP_EXT_MN_FA_AUTH;
	mnfa[1] = 4 + 16;
	r = rq_for(f, SA_MN1);
	r.pre = mnfa;
	r.pre_len = sizeof(mnfa);
	send_rq(f, &r);
	expect_quiet(f);
	assert_int_equal(drops(f, MIP_DROP_AUTH), 1);
	expect_no_bindings(f);
}

static void
test_early_replies_rate_limited(void **state)
{
	struct fx *f = *state;
	size_t i, sent = 0;
	struct rq r;

	start(f);
	for (i = 0; i < 30; i++) {
		r = rq_for(f, SA_MN1);
		r.bad_mac = true;
		send_rq(f, &r);
		sent += nth(f, MIP_ACT_SEND, 0) != NULL;
	}
	assert_int_equal(sent, 10);
	assert_int_equal(drops(f, MIP_DROP_RATE), 20);
	h_advance(&f->h, MIP_SEC);
	r = rq_for(f, SA_MN1);
	r.bad_mac = true;
	send_rq(f, &r);
	assert_int_equal(reply_code(f, SA_MN1), MIP_CODE_HA_MN_AUTH);
}

static void
test_other_packets_not_for_ha(void **state)
{
	struct fx *f = *state;
	struct mip_reg_rep rep;
	uint8_t buf[64];
	mip_ssize n;

	start(f);
	/* A Registration Reply is not the home agent's business. */
	memset(&rep, 0, sizeof(rep));
	n = mip_reg_rep_encode(buf, sizeof(buf), &rep);
	assert_true(n > 0);
	h_udp(&f->h, OTHER_IF, ip4("198.51.100.1"), ip4("10.0.0.1"), MN_PORT,
	    64, buf, (size_t)n);
	expect_quiet(f);
	assert_int_equal(mip_node_stats(f->h.node)->reg_requests, 0);
	/* Nor an empty datagram, nor ICMP. */
	h_udp(&f->h, OTHER_IF, ip4("198.51.100.1"), ip4("10.0.0.1"), MN_PORT,
	    64, buf, 0);
	expect_quiet(f);
	h_icmp(&f->h, HOME_IF, ip4("10.0.0.10"), ip4("10.0.0.1"), NULL, buf, 8);
	assert_int_equal(mip_node_stats(f->h.node)->reg_requests, 0);
	expect_no_bindings(f);
}

/* ---- configuration and memory ---- */

static void
test_config_refused(void **state)
{
	struct fx *f = *state;
	struct test_rand tr;
	struct test_mem tm;
	struct mip_node *node;
	struct mip_now now = { MIP_SEC, H_NTP_EPOCH << 32 };

	test_mem_init(&tm, 0);
	test_rand_init(&tr, 1);
	f->n.ha.max_lifetime = 0;
	assert_int_equal(
	    mip_node_new(&node, &f->n.cfg, &tm.mem, &tr.rand, &now),
	    MIP_ERR_INVAL);
	f->n.ha.max_lifetime = 600;
	f->n.ha.max_bindings = 0;
	assert_int_equal(
	    mip_node_new(&node, &f->n.cfg, &tm.mem, &tr.rand, &now),
	    MIP_ERR_INVAL);
	f->n.ha.max_bindings = 8;
	/* RFC 5944 3.8.1: each mobile node needs its SA. */
	f->mns[0].spi = 4242;
	assert_int_equal(
	    mip_node_new(&node, &f->n.cfg, &tm.mem, &tr.rand, &now),
	    MIP_ERR_INVAL);
	f->mns[0].spi = 256;
	/* The same home address twice. */
	f->mns[1] = f->mns[0];
	assert_int_equal(
	    mip_node_new(&node, &f->n.cfg, &tm.mem, &tr.rand, &now),
	    MIP_ERR_INVAL);
	assert_int_equal(tm.live, 0);
}

static void
test_alloc_failures(void **state)
{
	struct fx *f = *state;
	struct mip_now now = { MIP_SEC, H_NTP_EPOCH << 32 };
	size_t k;

	for (k = 1;; k++) {
		struct test_mem tm;
		struct test_rand tr;
		struct mip_node *node = NULL;
		int rc;

		test_mem_init(&tm, k);
		test_rand_init(&tr, 1);
		rc = mip_node_new(&node, &f->n.cfg, &tm.mem, &tr.rand, &now);
		if (rc == 0) {
			mip_node_del(node);
			assert_int_equal(tm.live, 0);
			break;
		}
		assert_int_equal(rc, MIP_ERR_NOMEM);
		assert_int_equal(tm.live, 0);
	}
	assert_true(k > 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_accept_first_binding),
		T(test_accept_code_1_without_simultaneous),
		T(test_lifetime_reduced_and_infinite),
		T(test_infinite_lifetime_never_expires),
		T(test_encapsulation_and_flags_in_tunnel),
		T(test_gen_auth_mn_aaa_accepted),
		T(test_129_home_address_not_ours),
		T(test_130_table_full),
		T(test_131_bad_authenticator),
		T(test_131_not_sent_with_bad_fa_auth),
		T(test_132_fa_auth),
		T(test_fa_auth_accepted_and_in_reply),
		T(test_fa_auth_without_sa_discarded),
		T(test_133_timestamp),
		T(test_133_nonce),
		T(test_134_reserved_bit),
		T(test_134_unknown_extension_after_auth),
		T(test_134_unusable_coa),
		T(test_unknown_extension_before_auth_discarded),
		T(test_skippable_unknown_extension_ignored),
		T(test_136_broadcast_discovery),
		T(test_137_reverse_tunnel_unavailable),
		T(test_138_reverse_tunnel_mandatory),
		T(test_139_encapsulation_unavailable),
		T(test_135_too_many_simultaneous),
		T(test_gratuitous_arp_repeated),
		T(test_binding_expiry),
		T(test_refresh_extends_without_new_tunnel),
		T(test_refresh_with_new_encapsulation_retunnels),
		T(test_duplicate_does_not_extend),
		T(test_simultaneous_add_then_replace),
		T(test_replace_without_simultaneous),
		T(test_deregister_one),
		T(test_deregister_all_from_home),
		T(test_deregister_at_home_while_home),
		T(test_flush_binding_and_all),
		T(test_truncations_dropped),
		T(test_malformed_extension_dropped),
		T(test_no_authenticator_dropped),
		T(test_no_sa_dropped),
		T(test_mn_fa_auth_before_mn_ha_dropped),
		T(test_early_replies_rate_limited),
		T(test_other_packets_not_for_ha),
		T(test_config_refused),
		T(test_alloc_failures),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
