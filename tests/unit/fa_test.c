/* SPDX-License-Identifier: ISC */
/*
 * The foreign agent engine (RFC 5944 3.7, 4.2.2; RFC 3024; RFC 4721),
 * driven event by event: every reply code the FA produces, the relay of
 * requests and replies (byte-exact through the MN-HA authentication,
 * FA-only extensions stripped, FA-HA authentication appended and
 * verified), the pending timeout (78), visitor creation with its exact
 * data-plane actions, expiry, deregistration, the reverse-tunnel rule, the
 * denial rate limit, ICMP errors about relayed requests (80, 81, 82, 88),
 * and malformed or unauthenticated input changing nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mip/mip_adv.h"
#include "mip/mip_auth.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"

#define HOME 0xc000020aU  /* 192.0.2.10 */
#define HOME2 0xc000020bU /* 192.0.2.11 */
#define HA 0xc0000201U	  /* 192.0.2.1 */
#define COA1 0x0a000101U  /* 10.0.1.1, link 1 */
#define COA2 0x0a000201U  /* 10.0.2.1, link 2 */
#define UPLINK 0xc6336402U
#define MN_SPORT 5000
#define IDENT 0xe8a1b2c300000001ULL

#define SPI_MN_HA 256
#define SPI_MN_FA 400
#define SPI_FA_HA 300

static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x10 };
static const uint8_t mn2_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x11 };

static const struct mip_if_config ifs[] = {
	{ .ifindex = 1, .addr = { COA1 }, .plen = 24 },
	{ .ifindex = 2, .addr = { COA2 }, .plen = 24 },
	{ .ifindex = 3, .addr = { UPLINK }, .plen = 24 },
};

static const struct mip_fa_link_config links[] = {
	{ .ifindex = 1, .coa = { COA1 } },
	{ .ifindex = 2, .coa = { COA2 } },
};

/* Test-side SAs: the MN's and HA's own, and wrong ones. */
static struct test_mem sa_mem;
static struct mip_sa *sa_mn_ha, *sa_mn_fa, *sa_fa_ha, *sa_mn_fa_badkey,
    *sa_mn_fa_badspi, *sa_fa_ha_badkey;

static struct mip_sa_config
sa_config(uint32_t peer, uint32_t spi, uint8_t key_byte)
{
	struct mip_sa_config c;

	mip_sa_config_init(&c);
	c.peer.v = peer;
	c.spi = spi;
	memset(c.key, key_byte, 16);
	c.key_len = 16;
	return c;
}

static struct mip_sa *
sa_make(uint32_t peer, uint32_t spi, uint8_t key_byte)
{
	struct mip_sa_config c = sa_config(peer, spi, key_byte);
	struct mip_sa *sa = NULL;

	assert_int_equal(mip_sa_new(&sa, &c, &sa_mem.mem), 0);
	return sa;
}

static int
setup_sas(void **state)
{
	(void)state;
	test_mem_init(&sa_mem, 0);
	sa_mn_ha = sa_make(HOME, SPI_MN_HA, 0x11);
	sa_mn_fa = sa_make(HOME, SPI_MN_FA, 0x22);
	sa_fa_ha = sa_make(HA, SPI_FA_HA, 0x33);
	sa_mn_fa_badkey = sa_make(HOME, SPI_MN_FA, 0x44);
	sa_mn_fa_badspi = sa_make(HOME, SPI_MN_FA + 1, 0x22);
	sa_fa_ha_badkey = sa_make(HA, SPI_FA_HA, 0x55);
	return 0;
}

static int
teardown_sas(void **state)
{
	(void)state;
	mip_sa_free(sa_mn_ha);
	mip_sa_free(sa_mn_fa);
	mip_sa_free(sa_fa_ha);
	mip_sa_free(sa_mn_fa_badkey);
	mip_sa_free(sa_mn_fa_badspi);
	mip_sa_free(sa_fa_ha_badkey);
	return sa_mem.live == 0 ? 0 : -1;
}

/* ---- configuration ---- */

struct setup {
	struct mip_fa_config fa;
	struct mip_sa_config sas[2];
	size_t nsas;
};

/* The default: reverse tunnelling offered, MN-FA and FA-HA SAs. */
static void
setup_init(struct setup *s)
{
	memset(s, 0, sizeof(*s));
	s->fa.links = links;
	s->fa.nlinks = 2;
	s->fa.adv_interval_ms = 0; /* no periodic advertisements here */
	s->fa.adv_lifetime = 1800;
	s->fa.reg_lifetime = 600;
	s->fa.reverse_tunnel = true;
	s->sas[0] = sa_config(HOME, SPI_MN_FA, 0x22);
	s->sas[1] = sa_config(HA, SPI_FA_HA, 0x33);
	s->nsas = 2;
}

static struct harness h;

static void
start(struct setup *s)
{
	struct mip_node_config c;

	memset(&c, 0, sizeof(c));
	c.roles = MIP_ROLE_FA;
	c.ifs = ifs;
	c.nifs = 3;
	c.sas = s->sas;
	c.nsas = s->nsas;
	c.fa = &s->fa;
	c.profile = mip_profile_default;
	h_init(&h, &c);
}

/* ---- messages ---- */

struct rq {
	uint8_t flags;
	uint16_t lifetime;
	uint32_t home, ha, coa;
	uint64_t ident;
	bool nai;
	bool unknown_ext;	    /* type 50, not skippable */
	bool encap_delivery;	    /* RFC 3024 3.3, after MN-HA */
	const uint8_t *chal;	    /* RFC 4721, after MN-HA */
	const struct mip_sa *mn_fa; /* MN-FA authentication, last */
};

static struct rq
rq_default(void)
{
	struct rq r;

	memset(&r, 0, sizeof(r));
	r.lifetime = 300;
	r.home = HOME;
	r.ha = HA;
	r.coa = COA1;
	r.ident = IDENT;
	r.mn_fa = sa_mn_fa;
	return r;
}

/* Builds a request; |*mnha_end| receives the end of the MN-HA ext. */
static size_t
build_rrq(uint8_t *buf, size_t cap, const struct rq *r, size_t *mnha_end)
{
	static const uint8_t unknown[] = { 50, 2, 0, 0 };
	struct mip_reg_req req;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&req, 0, sizeof(req));
	req.flags = r->flags;
	req.lifetime = r->lifetime;
	req.home_addr.v = r->home;
	req.ha_addr.v = r->ha;
	req.coa.v = r->coa;
	req.ident = r->ident;
	n = mip_reg_req_encode(buf, cap, &req);
	assert_int_equal(n, MIP_REG_REQ_LEN);
	mip_wbuf_init(&w, buf, cap);
	w.off = (size_t)n;
	if (r->nai) {
		struct mip_ext_nai nai = { (const uint8_t *)"mn@example.org",
			14 };

		assert_int_equal(mip_ext_nai_encode(&w, &nai), 0);
	}
	if (r->unknown_ext)
		assert_int_equal(
		    mip_wbuf_bytes(&w, unknown, sizeof(unknown)), 0);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa_mn_ha), 0);
	if (mnha_end != NULL)
		*mnha_end = w.off;
	if (r->encap_delivery)
		assert_int_equal(mip_ext_encap_delivery_encode(&w), 0);
	if (r->chal != NULL) {
		struct mip_ext_challenge c = { r->chal, 16 };

		assert_int_equal(mip_ext_challenge_encode(&w, &c), 0);
	}
	if (r->mn_fa != NULL)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, r->mn_fa), 0);
	return w.off;
}

struct rp {
	uint8_t code;
	uint16_t lifetime;
	uint32_t home, ha;
	uint64_t ident;
	bool nvse;		    /* a skippable ext after MN-HA */
	const struct mip_sa *fa_ha; /* FA-HA authentication, last */
};

static struct rp
rp_default(void)
{
	struct rp r;

	memset(&r, 0, sizeof(r));
	r.lifetime = 300;
	r.home = HOME;
	r.ha = HA;
	r.ident = IDENT;
	r.fa_ha = sa_fa_ha;
	return r;
}

static size_t
build_rrp(uint8_t *buf, size_t cap, const struct rp *r, size_t *mnha_end)
{
	static const uint8_t nvse[] = { 134, 8, 0, 0, 0, 0, 0, 9, 0, 1 };
	struct mip_reg_rep rep;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&rep, 0, sizeof(rep));
	rep.code = r->code;
	rep.lifetime = r->lifetime;
	rep.home_addr.v = r->home;
	rep.ha_addr.v = r->ha;
	rep.ident = r->ident;
	n = mip_reg_rep_encode(buf, cap, &rep);
	assert_int_equal(n, MIP_REG_REP_LEN);
	mip_wbuf_init(&w, buf, cap);
	w.off = (size_t)n;
	assert_int_equal(mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa_mn_ha), 0);
	if (mnha_end != NULL)
		*mnha_end = w.off;
	if (r->nvse)
		assert_int_equal(mip_wbuf_bytes(&w, nvse, sizeof(nvse)), 0);
	if (r->fa_ha != NULL)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, r->fa_ha), 0);
	return w.off;
}

/* The MN sends |r| on link 1 to the FA's care-of address. */
static void
mn_sends_on(uint32_t ifindex, const struct rq *r, uint8_t ttl,
    const uint8_t *hw, struct mip_ip4 dst)
{
	uint8_t buf[256];
	size_t n = build_rrq(buf, sizeof(buf), r, NULL);
	struct mip_ip4 src = { r->home };

	h_udp_hw(&h, ifindex, src, dst, MN_SPORT, ttl, hw, buf, n);
}

static void
mn_sends(const struct rq *r)
{
	struct mip_ip4 dst = { COA1 };

	mn_sends_on(1, r, (r->flags & MIP_RRQ_F_T) ? 255 : 1, mn_hw, dst);
}

static void
ha_replies(const struct rp *r)
{
	uint8_t buf[256];
	size_t n = build_rrp(buf, sizeof(buf), r, NULL);
	struct mip_ip4 src = { HA }, dst = { COA1 };

	h_udp(&h, 3, src, dst, MIP_UDP_PORT, 64, buf, n);
}

/* ---- assertions ---- */

static size_t
count_plane(void)
{
	return h.nacts - h_count(&h, MIP_ACT_SEND) -
	    h_count(&h, MIP_ACT_NOTIFY);
}

static const struct mip_act_send *
only_send(void)
{
	const struct h_action *a;

	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	a = h_find(&h, MIP_ACT_SEND, 0);
	assert_int_equal(a->act.u.send.kind, MIP_PKT_UDP);
	return &a->act.u.send;
}

/* The one datagram is a reply to the MN on |ifindex| with |code|. */
static void
assert_reply_to_mn(uint32_t ifindex, uint32_t dst, const uint8_t *hw,
    uint8_t code, struct mip_reg_rep *rep)
{
	const struct mip_act_send *s = only_send();

	assert_int_equal(s->ifindex, ifindex);
	assert_int_equal(s->dst.v, dst);
	assert_int_equal(s->sport, MIP_UDP_PORT);
	assert_int_equal(s->dport, MN_SPORT);
	/* RFC 5944 4.2.2: to its link-layer address, never ARP. */
	assert_true(s->has_hwaddr);
	assert_memory_equal(s->dst_hwaddr, hw, MIP_HWADDR_LEN);
	assert_int_equal(
	    mip_reg_rep_decode(rep, s->data, s->len, NULL, NULL), 0);
	assert_int_equal(rep->code, code);
}

/* A denial of rq_default(): fields copied (RFC 5944 3.7.2.3), the MN-FA
 * authentication added, nothing relayed, no state. */
static void
assert_denial(const struct rq *r, uint8_t code, uint16_t lifetime)
{
	struct mip_reg_rep rep;
	const struct mip_ext *x;
	const struct mip_act_send *s;

	assert_reply_to_mn(
	    1, r->home ? r->home : MIP_LIMITED_BROADCAST, mn_hw, code, &rep);
	s = only_send();
	assert_int_equal(s->src.v, COA1);
	assert_int_equal(rep.lifetime, lifetime);
	assert_int_equal(rep.home_addr.v, r->home);
	assert_int_equal(rep.ha_addr.v, r->ha);
	assert_true(rep.ident == r->ident);
	if (r->home == HOME) {
		/* RFC 5944 3.7.1: MN-FA authentication in replies. */
		x = mip_exts_find(&rep.exts, MIP_EXT_MN_FA_AUTH, 0);
		assert_non_null(x);
		assert_int_equal(
		    mip_auth_verify_ext(sa_mn_fa, s->data, s->len, x), 0);
	}
	assert_int_equal(count_plane(), 0);
	assert_null(h_note(&h, MIP_NOTE_REG_SENT, 0));
	assert_non_null(h_note(&h, MIP_NOTE_REG_REPLY, 0));
	assert_int_equal(h_note(&h, MIP_NOTE_REG_REPLY, 0)->code, code);
}

static void
deny_case(struct setup *s, const struct rq *r, uint8_t ttl, uint8_t code,
    uint16_t lifetime)
{
	struct mip_ip4 dst = { COA1 };

	start(s);
	mn_sends_on(1, r, ttl, mn_hw, dst);
	assert_denial(r, code, lifetime);
	assert_null(h_note(&h, MIP_NOTE_STATE, 0));
	assert_int_equal(mip_node_stats(h.node)->reg_requests, 0);
	assert_int_equal(mip_node_stats(h.node)->replies[code], 1);
	h_free(&h);
}

/* The one datagram relays a request to the HA; checks and returns it. */
static const struct mip_act_send *
assert_relayed(uint32_t src)
{
	const struct mip_act_send *s = only_send();

	assert_int_equal(s->dst.v, HA);
	assert_int_equal(s->src.v, src);
	assert_int_equal(s->sport, MIP_UDP_PORT);
	assert_int_equal(s->dport, MIP_UDP_PORT);
	assert_non_null(h_note(&h, MIP_NOTE_REG_SENT, 0));
	assert_int_equal(count_plane(), 0);
	return s;
}

/* Registers rq_default() (plus |flags|) and the HA accepts it. */
static void
register_visitor(uint8_t flags)
{
	struct rq r = rq_default();
	struct rp p = rp_default();

	r.flags = flags;
	mn_sends(&r);
	assert_relayed(COA1);
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_ADD), 1);
}

/* ---- relaying requests (RFC 5944 3.7.2.2) ---- */

static void
test_relay_request(void **state)
{
	struct rq r = rq_default();
	uint8_t orig[256];
	size_t mnha_end, n = build_rrq(orig, sizeof(orig), &r, &mnha_end);
	const struct mip_act_send *s;
	const struct mip_act_notify *st;
	struct mip_reg_req req;
	const struct mip_ext *x;
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	s = assert_relayed(COA1);
	/* Unchanged through MN-HA; MN-FA stripped; FA-HA appended. */
	assert_true(n > mnha_end);
	assert_int_equal(s->len, mnha_end + 2 + 4 + MIP_AUTH_MD5_LEN);
	assert_memory_equal(s->data, orig, mnha_end);
	assert_int_equal(
	    mip_reg_req_decode(&req, s->data, s->len, NULL, NULL), 0);
	assert_int_equal(req.exts.n, 2);
	x = &req.exts.e[1];
	assert_int_equal(x->type, MIP_EXT_FA_HA_AUTH);
	assert_int_equal(mip_auth_verify_ext(sa_fa_ha, s->data, s->len, x), 0);
	assert_int_equal(mip_node_stats(h.node)->reg_requests, 1);
	st = h_note(&h, MIP_NOTE_STATE, 0);
	assert_non_null(st);
	assert_int_equal(st->role, MIP_ROLE_FA);
	assert_int_equal(st->home_addr.v, HOME);
	assert_int_equal(st->arg, 0);  /* idle */
	assert_int_equal(st->code, 1); /* pending */
	h_free(&h);
}

static void
test_relay_without_sas_is_byte_exact(void **state)
{
	struct rq r = rq_default();
	uint8_t orig[256];
	size_t mnha_end;
	const struct mip_act_send *s;
	struct setup su;

	(void)state;
	r.mn_fa = NULL;
	r.encap_delivery = true;
	r.flags = MIP_RRQ_F_T;
	r.nai = true;
	build_rrq(orig, sizeof(orig), &r, &mnha_end);
	setup_init(&su);
	su.nsas = 0;
	start(&su);
	mn_sends(&r);
	s = assert_relayed(COA1);
	assert_int_equal(s->len, mnha_end);
	assert_memory_equal(s->data, orig, mnha_end);
	h_free(&h);
}

static void
test_relay_deregistration_no_fa_ha(void **state)
{
	struct rq r = rq_default();
	uint8_t orig[256];
	size_t mnha_end;
	const struct mip_act_send *s;
	struct setup su;

	(void)state;
	r.lifetime = 0;
	r.coa = 0x0a636363; /* not ours: no 77 for a deregistration */
	build_rrq(orig, sizeof(orig), &r, &mnha_end);
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	/* RFC 5944 3.5.4: never FA-HA authentication on deregistration;
	 * sent from our care-of address on the link. */
	s = assert_relayed(COA1);
	assert_int_equal(s->len, mnha_end);
	assert_memory_equal(s->data, orig, mnha_end);
	h_free(&h);
}

static void
test_relay_to_all_agents_and_other_link(void **state)
{
	struct rq r = rq_default();
	struct mip_ip4 all = { MIP_ALL_MOBILITY_AGENTS };
	struct setup su;

	(void)state;
	r.coa = COA2;
	setup_init(&su);
	start(&su);
	mn_sends_on(2, &r, 1, mn_hw, all);
	assert_relayed(COA2);
	h_free(&h);
}

static void
test_not_for_us(void **state)
{
	struct rq r = rq_default();
	struct mip_ip4 other = { 0x0a000163 };
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends_on(1, &r, 1, mn_hw, other);
	assert_int_equal(h.nacts, 1); /* the drop notice */
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_NOT_FOR_US], 1);
	/* A request on a link that is not an FA link. */
	mn_sends_on(3, &r, 1, mn_hw, (struct mip_ip4){ UPLINK });
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_NOT_FOR_US], 2);
	assert_int_equal(mip_node_stats(h.node)->tx, 0);
	h_free(&h);
}

/* ---- relaying replies and the visitor list (RFC 5944 3.7.3) ---- */

static void
test_reply_creates_visitor(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	uint8_t orig[256];
	size_t mnha_end;
	const struct mip_act_send *s;
	const struct h_action *a;
	struct mip_reg_rep rep;
	const struct mip_ext *x;
	const struct mip_act_notify *n;
	struct setup su;
	size_t i;

	(void)state;
	p.nvse = true;
	p.lifetime = 300;
	build_rrp(orig, sizeof(orig), &p, &mnha_end);
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	ha_replies(&p);

	assert_reply_to_mn(1, HOME, mn_hw, 0, &rep);
	s = only_send();
	assert_int_equal(s->src.v, COA1);
	/* Unchanged through MN-HA; NVSE and FA-HA stripped; MN-FA added. */
	assert_memory_equal(s->data, orig, mnha_end);
	assert_int_equal(rep.exts.n, 2);
	x = &rep.exts.e[1];
	assert_int_equal(x->type, MIP_EXT_MN_FA_AUTH);
	assert_int_equal(x->off, mnha_end);
	assert_int_equal(mip_auth_verify_ext(sa_mn_fa, s->data, s->len, x), 0);

	/* The exact data plane, in order. */
	assert_int_equal(count_plane(), 3);
	for (i = 0; i < h.nacts && h.acts[i].act.type != MIP_ACT_NEIGH_ADD; i++)
		;
	a = &h.acts[i];
	assert_int_equal(a[0].act.type, MIP_ACT_NEIGH_ADD);
	assert_int_equal(a[0].act.u.neigh.ifindex, 1);
	assert_int_equal(a[0].act.u.neigh.addr.v, HOME);
	assert_memory_equal(a[0].act.u.neigh.hwaddr, mn_hw, MIP_HWADDR_LEN);
	assert_int_equal(a[1].act.type, MIP_ACT_ROUTE_ADD);
	assert_int_equal(a[1].act.u.route.dst.v, HOME);
	assert_int_equal(a[1].act.u.route.plen, 32);
	assert_int_equal(a[1].act.u.route.ifindex, 1);
	assert_int_equal(a[1].act.u.route.tunnel_id, 0);
	assert_int_equal(a[1].act.u.route.gw.v, 0);
	assert_int_equal(a[2].act.type, MIP_ACT_TUNNEL_ADD);
	assert_int_not_equal(a[2].act.u.tunnel.id, 0);
	assert_int_equal(a[2].act.u.tunnel.encap, MIP_TUN_IPIP);
	assert_int_equal(a[2].act.u.tunnel.local.v, COA1);
	assert_int_equal(a[2].act.u.tunnel.remote.v, HA);
	assert_int_equal(a[2].act.u.tunnel.home_addr.v, HOME);
	assert_false(a[2].act.u.tunnel.reverse);

	n = h_note(&h, MIP_NOTE_VISITOR_ADD, 0);
	assert_non_null(n);
	assert_int_equal(n->home_addr.v, HOME);
	assert_int_equal(n->coa.v, COA1);
	assert_int_equal(n->peer.v, HA);
	assert_int_equal(n->arg, 300);
	assert_int_equal(h_note(&h, MIP_NOTE_REG_REPLY, 0)->code, 0);
	n = h_note(&h, MIP_NOTE_STATE, 0);
	assert_int_equal(n->arg, 1);
	assert_int_equal(n->code, 2); /* registered */
	assert_int_equal(mip_node_stats(h.node)->replies[0], 1);
	h_free(&h);
}

static void
test_visitor_expiry(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;
	const struct h_action *a;
	uint32_t tid;

	(void)state;
	r.lifetime = 600;
	p.lifetime = 900; /* more than ours: ours wins (RFC 5944 3.7.3.2) */
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	ha_replies(&p);
	tid = h_find(&h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	h_advance(&h, 600 * MIP_SEC - 1);
	assert_int_equal(h.nacts, 0);
	h_advance(&h, 1);
	/* RFC 5944 3.7: nothing is sent; the data plane goes. */
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(count_plane(), 3);
	a = h_find(&h, MIP_ACT_TUNNEL_DEL, 0);
	assert_non_null(a);
	assert_int_equal(a->act.u.tunnel.id, tid);
	assert_int_equal(a->act.u.tunnel.home_addr.v, HOME);
	a = h_find(&h, MIP_ACT_ROUTE_DEL, 0);
	assert_int_equal(a->act.u.route.dst.v, HOME);
	assert_int_equal(a->act.u.route.ifindex, 1);
	a = h_find(&h, MIP_ACT_NEIGH_DEL, 0);
	assert_int_equal(a->act.u.neigh.addr.v, HOME);
	assert_non_null(h_note(&h, MIP_NOTE_VISITOR_DEL, 0));
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 0);
	/* A late reply now matches nothing. */
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_UNEXPECTED], 1);
	h_free(&h);
}

static void
test_reregistration_refreshes(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	register_visitor(0);
	h_advance(&h, 200 * MIP_SEC);
	r.ident = IDENT + 5;
	p.ident = IDENT + 5;
	mn_sends(&r);
	assert_relayed(COA1);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 3); /* renewing */
	ha_replies(&p);
	/* Same visitor: the lifetime restarts, the data plane stays. */
	assert_int_equal(count_plane(), 0);
	assert_null(h_note(&h, MIP_NOTE_VISITOR_ADD, 0));
	h_advance(&h, 299 * MIP_SEC);
	assert_int_equal(count_plane(), 0);
	h_advance(&h, MIP_SEC);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_DEL), 1);
	h_free(&h);
}

static void
test_move_between_links(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct mip_ip4 dst = { COA2 };
	const struct h_action *a;
	struct setup su;
	uint32_t old;

	(void)state;
	setup_init(&su);
	start(&su);
	register_visitor(0);
	old = h_find(&h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	r.coa = COA2;
	r.ident = p.ident = IDENT + 9;
	mn_sends_on(2, &r, 1, mn2_hw, dst);
	assert_relayed(COA2);
	{
		uint8_t buf[256];
		size_t n = build_rrp(buf, sizeof(buf), &p, NULL);

		h_udp(&h, 3, (struct mip_ip4){ HA }, dst, MIP_UDP_PORT, 64, buf,
		    n);
	}
	assert_reply_to_mn(2, HOME, mn2_hw, 0, &(struct mip_reg_rep){ 0 });
	/* The old data plane goes, the new one comes. */
	assert_int_equal(count_plane(), 6);
	assert_int_equal(
	    h_find(&h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.id, old);
	a = h_find(&h, MIP_ACT_TUNNEL_ADD, 0);
	assert_int_not_equal(a->act.u.tunnel.id, old);
	assert_int_equal(a->act.u.tunnel.local.v, COA2);
	assert_int_equal(
	    h_find(&h, MIP_ACT_ROUTE_ADD, 0)->act.u.route.ifindex, 2);
	assert_memory_equal(
	    h_find(&h, MIP_ACT_NEIGH_ADD, 0)->act.u.neigh.hwaddr, mn2_hw,
	    MIP_HWADDR_LEN);
	h_free(&h);
}

static void
test_deregistration(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	register_visitor(0);
	r.lifetime = 0;
	r.ident = p.ident = IDENT + 2;
	mn_sends(&r);
	assert_relayed(COA1);
	/* RFC 5944 3.7.2: the visitor stays until the reply. */
	assert_int_equal(count_plane(), 0);
	p.lifetime = 0;
	p.fa_ha = NULL; /* none on a Lifetime 0 reply (3.7.1) */
	ha_replies(&p);
	assert_reply_to_mn(1, HOME, mn_hw, 0, &(struct mip_reg_rep){ 0 });
	assert_int_equal(count_plane(), 3);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_DEL), 1);
	assert_int_equal(h_count(&h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(h_count(&h, MIP_ACT_NEIGH_DEL), 1);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 0);
	/* Nothing left to expire. */
	assert_int_equal(mip_node_next_expiry(h.node), MIP_TSTAMP_NONE);
	h_free(&h);
}

static void
test_reverse_tunnel(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	const struct h_action *a;
	struct setup su;
	uint32_t tid;

	(void)state;
	setup_init(&su);
	start(&su);
	r.flags = MIP_RRQ_F_T;
	r.encap_delivery = true;
	mn_sends(&r);
	assert_relayed(COA1);
	ha_replies(&p);
	assert_int_equal(count_plane(), 4);
	a = h_find(&h, MIP_ACT_TUNNEL_ADD, 0);
	assert_true(a->act.u.tunnel.reverse);
	tid = a->act.u.tunnel.id;
	/* RFC 3024 4.2: from the home address, in on the link, into it. */
	a = h_find(&h, MIP_ACT_RULE_ADD, 0);
	assert_non_null(a);
	assert_true(a > h_find(&h, MIP_ACT_TUNNEL_ADD, 0));
	assert_int_equal(a->act.u.rule.src.v, HOME);
	assert_int_equal(a->act.u.rule.ifindex, 1);
	assert_int_equal(a->act.u.rule.tunnel_id, tid);
	h_advance(&h, 300 * MIP_SEC);
	a = h_find(&h, MIP_ACT_RULE_DEL, 0);
	assert_non_null(a);
	/* The rule goes before its tunnel. */
	assert_true(a < h_find(&h, MIP_ACT_TUNNEL_DEL, 0));
	assert_int_equal(a->act.u.rule.src.v, HOME);
	assert_int_equal(a->act.u.rule.ifindex, 1);
	assert_int_equal(a->act.u.rule.tunnel_id, tid);
	assert_int_equal(count_plane(), 4);
	h_free(&h);
}

static void
test_encapsulations(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	su.fa.encaps = MIP_ENCAPS_MINIMAL | MIP_ENCAPS_GRE;
	start(&su);
	r.flags = MIP_RRQ_F_G;
	mn_sends(&r);
	ha_replies(&p);
	assert_int_equal(
	    h_find(&h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.encap, MIP_TUN_GRE);
	r.home = p.home = HOME2;
	r.flags = MIP_RRQ_F_M;
	r.mn_fa = NULL;
	mn_sends(&r);
	ha_replies(&p);
	assert_int_equal(h_find(&h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.encap,
	    MIP_TUN_MINIMAL);
	h_free(&h);
}

static void
test_ha_denial_keeps_visitor(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	register_visitor(0);
	r.ident = p.ident = IDENT + 3;
	mn_sends(&r);
	p.code = MIP_CODE_HA_RESOURCES;
	ha_replies(&p);
	/* RFC 5944 3.7.2: relayed; the visitor entry is not modified. */
	assert_reply_to_mn(
	    1, HOME, mn_hw, MIP_CODE_HA_RESOURCES, &(struct mip_reg_rep){ 0 });
	assert_int_equal(count_plane(), 0);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 2);
	h_advance(&h, 300 * MIP_SEC);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_DEL), 1);
	h_free(&h);
}

static void
test_ha_denial_new_mn(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	p.code = MIP_CODE_HA_MN_AUTH;
	ha_replies(&p);
	assert_reply_to_mn(
	    1, HOME, mn_hw, MIP_CODE_HA_MN_AUTH, &(struct mip_reg_rep){ 0 });
	assert_int_equal(count_plane(), 0);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 0);
	assert_int_equal(mip_node_next_expiry(h.node), MIP_TSTAMP_NONE);
	h_free(&h);
}

static void
test_zero_home_address(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;
	struct mip_reg_rep rep;

	(void)state;
	setup_init(&su);
	start(&su);
	/* RFC 2794: no home address, an NAI. */
	r.home = 0;
	r.nai = true;
	r.mn_fa = NULL;
	mn_sends(&r);
	assert_relayed(COA1);
	/* The HA assigns HOME; the reply goes there, the visitor is it. */
	ha_replies(&p);
	assert_reply_to_mn(1, HOME, mn_hw, 0, &rep);
	assert_int_equal(
	    h_find(&h, MIP_ACT_ROUTE_ADD, 0)->act.u.route.dst.v, HOME);
	h_free(&h);
}

/* ---- pending timeout (RFC 5944 3.7.1) ---- */

static void
test_pending_timeout(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	h_advance(&h, 7 * MIP_SEC - 1);
	assert_int_equal(h.nacts, 0);
	h_advance(&h, 1);
	assert_denial(&r, MIP_CODE_FA_TIMEOUT, 300);
	assert_int_equal(mip_node_stats(h.node)->replies[78], 1);
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_UNEXPECTED], 1);
	h_free(&h);
}

static void
test_pending_timeout_configured(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	su.fa.pending_timeout_ms = 2500;
	start(&su);
	register_visitor(0);
	r.ident = IDENT + 1;
	mn_sends(&r);
	h_advance(&h, 2500 * MIP_MSEC);
	/* 78 to the MN; the visitor stays (RFC 5944 3.7.2). */
	assert_int_equal(count_plane(), 0);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 2);
	h_free(&h);
}

/* ---- ICMP errors about relayed requests (RFC 5944 3.7.2) ---- */

#define HOME3 0xc000020cU /* 192.0.2.12 */
#define ROUTER 0xc6336401U
/* IPv4 header, UDP header, the request's fixed part (RFC 1812 routers
 * quote at least this much); RFC 792's minimum is 28. */
#define FULL_QUOTE (MIP_IP4_HDR_LEN + MIP_UDP_HDR_LEN + MIP_REG_REQ_LEN)
#define SHORT_QUOTE (MIP_IP4_HDR_LEN + MIP_UDP_HDR_LEN)
/* Offsets in a quoted datagram. */
#define Q_SRC 12
#define Q_DST 16
#define Q_SPORT 20
#define Q_RRQ 28

/* The one datagram just relayed, rebuilt as IPv4 + UDP into |out|. */
static size_t
relayed_datagram(uint8_t *out, size_t cap)
{
	const struct mip_act_send *s = only_send();
	struct mip_ip4_hdr ip;
	mip_ssize n;

	memset(&ip, 0, sizeof(ip));
	ip.ttl = 64;
	ip.src = s->src;
	ip.dst = s->dst;
	n = mip_ip4_udp_build(
	    out, cap, &ip, s->sport, s->dport, s->data, s->len);
	assert_true(n > 0);
	return (size_t)n;
}

/* A router sends Destination Unreachable |code| to our care-of address,
 * quoting the first |quote_len| octets of |dgram|. */
static void
router_unreach(uint8_t code, const uint8_t *dgram, size_t quote_len)
{
	uint8_t body[4 + 512], msg[8 + 512];
	struct mip_icmp_hdr m;
	mip_ssize n;

	assert_true(quote_len <= 512);
	memset(body, 0, 4); /* RFC 792: unused */
	memcpy(body + 4, dgram, quote_len);
	m.type = MIP_ICMP_UNREACH;
	m.code = code;
	m.checksum = 0;
	m.body = body;
	m.body_len = 4 + quote_len;
	n = mip_icmp_encode(msg, sizeof(msg), &m);
	assert_true(n > 0);
	h_icmp(&h, 3, (struct mip_ip4){ ROUTER }, (struct mip_ip4){ COA1 },
	    NULL, msg, (size_t)n);
}

static void
test_icmp_unreachable_codes(void **state)
{
	static const struct {
		uint8_t icmp, code;
	} cases[] = {
		{ 0, MIP_CODE_FA_HOME_NET_UNREACH },
		{ 1, MIP_CODE_FA_HA_HOST_UNREACH },
		{ 3, MIP_CODE_FA_HA_PORT_UNREACH },
		{ 2, MIP_CODE_FA_HA_UNREACH },
		{ 13, MIP_CODE_FA_HA_UNREACH },
	};
	struct rq r = rq_default();
	struct rp p = rp_default();
	uint8_t dg[512];
	size_t i, n;
	struct setup su;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup_init(&su);
		start(&su);
		mn_sends(&r);
		n = relayed_datagram(dg, sizeof(dg));
		/* The whole datagram quoted once, the fixed part else. */
		router_unreach(cases[i].icmp, dg, i == 0 ? n : FULL_QUOTE);
		assert_denial(&r, cases[i].code, 300);
		assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 0);
		assert_int_equal(
		    mip_node_stats(h.node)->replies[cases[i].code], 1);
		/* The pending request is gone: a late reply is dropped. */
		ha_replies(&p);
		assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
		assert_int_equal(
		    mip_node_stats(h.node)->drops[MIP_DROP_UNEXPECTED], 1);
		h_free(&h);
	}
}

/* An 8-octet quote names only the HA and our address and port: every
 * request pending from there to that HA ends; others stay. */
static void
test_icmp_short_quote(void **state)
{
	struct rq r = rq_default(), r2 = rq_default(), r3 = rq_default();
	struct rp p = rp_default();
	struct mip_ip4 coa1 = { COA1 }, coa2 = { COA2 };
	uint8_t dg[512];
	struct setup su;

	(void)state;
	r2.home = HOME2;
	r2.ident = IDENT + 5;
	r2.mn_fa = NULL;
	r3.home = HOME3;
	r3.coa = COA2;
	r3.ident = IDENT + 9;
	r3.mn_fa = NULL;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	relayed_datagram(dg, sizeof(dg));
	mn_sends_on(1, &r2, 1, mn2_hw, coa1);
	assert_relayed(COA1);
	mn_sends_on(2, &r3, 1, mn2_hw, coa2);
	assert_relayed(COA2);
	router_unreach(0, dg, SHORT_QUOTE);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 2);
	assert_int_equal(count_plane(), 0);
	assert_int_equal(mip_node_stats(h.node)->replies[80], 2);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 0);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 1)->code, 0);
	assert_null(h_note(&h, MIP_NOTE_STATE, 2));
	/* HOME3's request, relayed from COA2, is still pending. */
	p.home = HOME3;
	p.ident = IDENT + 9;
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_ADD), 1);
	p.home = HOME2;
	p.ident = IDENT + 5;
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	h_free(&h);
}

/* Renewing: the ICMP error ends the new request; the visitor stays. */
static void
test_icmp_keeps_visitor(void **state)
{
	struct rq r = rq_default();
	uint8_t dg[512];
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	register_visitor(0);
	r.ident = IDENT + 1;
	mn_sends(&r);
	relayed_datagram(dg, sizeof(dg));
	router_unreach(3, dg, FULL_QUOTE);
	assert_denial(&r, MIP_CODE_FA_HA_PORT_UNREACH, 300);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 2);
	h_advance(&h, 300 * MIP_SEC);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_DEL), 1);
	h_free(&h);
}

static void
test_icmp_rate_limited(void **state)
{
	struct rq r = rq_default();
	uint8_t dg[512];
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	r.lifetime = 9999;
	mn_sends(&r);
	assert_denial(&r, MIP_CODE_FA_LIFETIME, 600);
	r.lifetime = 300;
	mn_sends(&r);
	relayed_datagram(dg, sizeof(dg));
	/* RFC 5944 3.7.2: one denial a second; the request ends anyway. */
	router_unreach(1, dg, FULL_QUOTE);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_RATE], 1);
	assert_int_equal(h_note(&h, MIP_NOTE_STATE, 0)->code, 0);
	h_free(&h);
}

/* Sends |dg| modified by |edit| (offset, value); nothing may change. */
static void
unreach_changes_nothing(const uint8_t *dg, size_t quote_len, size_t off,
    uint8_t val, enum mip_drop reason)
{
	uint8_t copy[512];
	uint64_t before = mip_node_stats(h.node)->drops[reason];

	memcpy(copy, dg, quote_len);
	if (off < quote_len)
		copy[off] = val;
	router_unreach(0, copy, quote_len);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(count_plane(), 0);
	assert_null(h_note(&h, MIP_NOTE_STATE, 0));
	assert_int_equal(mip_node_stats(h.node)->drops[reason], before + 1);
}

/* Octets past the quoted UDP Length are padding, not the request: with
 * Length 8 the quote names only the HA and our address and port. */
static void
test_icmp_udp_length_bounds_quote(void **state)
{
	struct rq r = rq_default();
	uint8_t dg[512];
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	relayed_datagram(dg, sizeof(dg));
	dg[24] = 0;
	dg[25] = MIP_UDP_HDR_LEN;
	dg[Q_RRQ] = MIP_MSG_REG_REP;
	router_unreach(0, dg, FULL_QUOTE);
	assert_denial(&r, MIP_CODE_FA_HOME_NET_UNREACH, 300);
	h_free(&h);
}

static void
test_icmp_other_request_changes_nothing(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	uint8_t dg[512];
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	relayed_datagram(dg, sizeof(dg));
	/* Another home address, Identification, HA, source, port, type. */
	unreach_changes_nothing(
	    dg, FULL_QUOTE, Q_RRQ + 7, 0x0b, MIP_DROP_UNEXPECTED);
	unreach_changes_nothing(dg, FULL_QUOTE, Q_RRQ + 23,
	    (uint8_t)(dg[Q_RRQ + 23] ^ 1), MIP_DROP_UNEXPECTED);
	unreach_changes_nothing(
	    dg, FULL_QUOTE, Q_DST + 3, 0x02, MIP_DROP_UNEXPECTED);
	unreach_changes_nothing(
	    dg, SHORT_QUOTE, Q_SRC + 2, 0x02, MIP_DROP_UNEXPECTED);
	unreach_changes_nothing(
	    dg, SHORT_QUOTE, Q_SPORT + 1, 0x35, MIP_DROP_UNEXPECTED);
	unreach_changes_nothing(
	    dg, FULL_QUOTE, Q_RRQ, MIP_MSG_REG_REP, MIP_DROP_UNEXPECTED);
	/* Not a datagram to port 434, not UDP, a later fragment: not the
	 * FA's; no role takes them. */
	unreach_changes_nothing(
	    dg, SHORT_QUOTE, Q_SPORT + 3, 53, MIP_DROP_NOT_FOR_US);
	unreach_changes_nothing(dg, SHORT_QUOTE, 9, 6, MIP_DROP_NOT_FOR_US);
	unreach_changes_nothing(dg, SHORT_QUOTE, 7, 1, MIP_DROP_NOT_FOR_US);
	/* The request is still pending and relayed back. */
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_ADD), 1);
	h_free(&h);
}

static void
test_icmp_malformed_changes_nothing(void **state)
{
	static const uint8_t tiny[] = { MIP_ICMP_UNREACH };
	struct rq r = rq_default();
	struct rp p = rp_default();
	uint8_t dg[512], msg[64];
	struct mip_icmp_hdr m;
	struct setup su;
	size_t len;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	relayed_datagram(dg, sizeof(dg));
	/* Truncated: inside the IP header, inside the UDP header. */
	unreach_changes_nothing(dg, 10, 99, 0, MIP_DROP_SHORT);
	unreach_changes_nothing(dg, SHORT_QUOTE - 1, 99, 0, MIP_DROP_SHORT);
	/* Version 6, IHL 4, Total Length 10, UDP Length 4. */
	unreach_changes_nothing(dg, FULL_QUOTE, 0, 0x65, MIP_DROP_MALFORMED);
	unreach_changes_nothing(dg, FULL_QUOTE, 0, 0x44, MIP_DROP_MALFORMED);
	unreach_changes_nothing(dg, FULL_QUOTE, 3, 10, MIP_DROP_MALFORMED);
	unreach_changes_nothing(dg, FULL_QUOTE, 3, 24, MIP_DROP_MALFORMED);
	unreach_changes_nothing(dg, FULL_QUOTE, 25, 4, MIP_DROP_MALFORMED);
	/* A one-octet message; no room for the unused word. */
	h_icmp(&h, 3, (struct mip_ip4){ ROUTER }, (struct mip_ip4){ COA1 },
	    NULL, tiny, sizeof(tiny));
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_SHORT], 3);
	memset(&m, 0, sizeof(m));
	m.type = MIP_ICMP_UNREACH;
	m.body = dg;
	m.body_len = 2;
	len = (size_t)mip_icmp_encode(msg, sizeof(msg), &m);
	h_icmp(&h, 3, (struct mip_ip4){ ROUTER }, (struct mip_ip4){ COA1 },
	    NULL, msg, len);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_SHORT], 4);
	/* A wrong ICMP checksum. */
	m.body_len = 4 + FULL_QUOTE;
	len = (size_t)mip_icmp_encode(msg, sizeof(msg), &m);
	msg[2] ^= 0x40;
	h_icmp(&h, 3, (struct mip_ip4){ ROUTER }, (struct mip_ip4){ COA1 },
	    NULL, msg, len);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_CHECKSUM], 1);
	assert_int_equal(mip_node_stats(h.node)->tx, 1);
	assert_int_equal(count_plane(), 0);
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_ADD), 1);
	h_free(&h);
}

/* ---- denials (RFC 5944 3.7.2; RFC 3024; RFC 4721; RFC 2794) ---- */

static void
test_deny_70_reserved_bits(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.flags = MIP_RRQ_F_R;
	deny_case(&su, &r, 1, MIP_CODE_FA_BAD_REQ, 300);
}

static void
test_deny_70_unknown_extension(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.unknown_ext = true;
	deny_case(&su, &r, 1, MIP_CODE_FA_BAD_REQ, 300);
}

static void
test_deny_70_overrun(void **state)
{
	struct rq r = rq_default();
	uint8_t buf[256];
	size_t n = build_rrq(buf, sizeof(buf), &r, NULL);
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	/* The last extension overruns the message. */
	h_udp_hw(&h, 1, (struct mip_ip4){ HOME }, (struct mip_ip4){ COA1 },
	    MN_SPORT, 1, mn_hw, buf, n - 1);
	assert_denial(&r, MIP_CODE_FA_BAD_REQ, 300);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_SHORT], 1);
	/* Shorter than the fixed part: nothing to answer. */
	h_advance(&h, 2 * MIP_SEC);
	h_udp_hw(&h, 1, (struct mip_ip4){ HOME }, (struct mip_ip4){ COA1 },
	    MN_SPORT, 1, mn_hw, buf, MIP_REG_REQ_LEN - 1);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_SHORT], 2);
	h_free(&h);
}

static void
test_deny_69_lifetime(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.lifetime = 601;
	/* RFC 5944 3.7.2.3: the reply carries our maximum. */
	deny_case(&su, &r, 1, MIP_CODE_FA_LIFETIME, 600);
	r.lifetime = MIP_LIFETIME_INFINITE;
	deny_case(&su, &r, 1, MIP_CODE_FA_LIFETIME, 600);
}

static void
test_deny_72_encapsulation(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.flags = MIP_RRQ_F_M;
	deny_case(&su, &r, 1, MIP_CODE_FA_ENCAP, 300);
	r.flags = MIP_RRQ_F_G;
	deny_case(&su, &r, 1, MIP_CODE_FA_ENCAP, 300);
	su.fa.encaps = MIP_ENCAPS_MINIMAL | MIP_ENCAPS_GRE;
	r.flags = MIP_RRQ_F_M | MIP_RRQ_F_G;
	deny_case(&su, &r, 1, MIP_CODE_FA_ENCAP, 300);
}

static void
test_deny_74_75_76_reverse_tunnel(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	/* RFC 3024 3.2: T needs TTL 255. */
	r.flags = MIP_RRQ_F_T;
	deny_case(&su, &r, 1, MIP_CODE_FA_TOO_DISTANT, 300);
	deny_case(&su, &r, 254, MIP_CODE_FA_TOO_DISTANT, 300);
	su.fa.reverse_tunnel = false;
	deny_case(&su, &r, 255, MIP_CODE_FA_RT_UNAVAIL, 300);
	su.fa.reverse_tunnel = true;
	su.fa.reverse_required = true;
	r.flags = 0;
	deny_case(&su, &r, 255, MIP_CODE_FA_RT_MANDATORY, 300);
}

static void
test_deny_77_coa(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.coa = 0x0a636363;
	deny_case(&su, &r, 1, MIP_CODE_FA_BAD_COA, 300);
	/* A co-located care-of address (D) is the MN's own: relayed. */
	r.flags = MIP_RRQ_F_D;
	start(&su);
	mn_sends(&r);
	assert_relayed(COA1);
	h_free(&h);
}

static void
test_deny_116_our_address(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.ha = UPLINK;
	deny_case(&su, &r, 1, MIP_CODE_FA_BAD_HA_ADDR, 300);
}

static void
test_deny_97_missing_nai(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.home = 0;
	r.mn_fa = NULL;
	/* RFC 5944 3.7.2.3: a zero home address gets the broadcast. */
	deny_case(&su, &r, 1, MIP_CODE_FA_MISSING_NAI, 300);
}

static void
test_deny_67_mn_fa(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	r.mn_fa = NULL;
	deny_case(&su, &r, 1, MIP_CODE_FA_MN_AUTH, 300);
	r.mn_fa = sa_mn_fa_badkey;
	deny_case(&su, &r, 1, MIP_CODE_FA_MN_AUTH, 300);
	r.mn_fa = sa_mn_fa_badspi;
	deny_case(&su, &r, 1, MIP_CODE_FA_MN_AUTH, 300);
	/* Without an SA with the MN, no MN-FA check. */
	su.sas[0] = su.sas[1];
	su.nsas = 1;
	r.mn_fa = NULL;
	start(&su);
	mn_sends(&r);
	assert_relayed(COA1);
	h_free(&h);
}

static void
test_deny_66_limits(void **state)
{
	struct rq r = rq_default(), r2 = rq_default();
	struct setup su;

	(void)state;
	r2.home = HOME2;
	r2.mn_fa = NULL;
	setup_init(&su);
	su.fa.max_pending = 1;
	start(&su);
	mn_sends(&r);
	mn_sends(&r2);
	assert_denial(&r2, MIP_CODE_FA_RESOURCES, 300);
	/* The same MN again replaces its own pending request. */
	r.ident = IDENT + 7;
	mn_sends(&r);
	assert_relayed(COA1);
	h_free(&h);

	setup_init(&su);
	su.fa.max_visitors = 1;
	start(&su);
	register_visitor(0);
	mn_sends(&r2);
	assert_denial(&r2, MIP_CODE_FA_RESOURCES, 300);
	h_free(&h);

	/* RFC 5944 2.1.1: busy, no new visitors. */
	setup_init(&su);
	su.fa.busy = true;
	deny_case(&su, &r2, 1, MIP_CODE_FA_RESOURCES, 300);
}

/* Gets a challenge from the FA by soliciting on link 1. */
static void
solicit_challenge(uint8_t out[16])
{
	uint8_t sol[8];
	struct mip_sol s;
	struct mip_adv a;
	const struct mip_act_send *snd;

	memset(&s, 0, sizeof(s));
	assert_int_equal(mip_sol_encode(sol, sizeof(sol), &s), 8);
	h_icmp(&h, 1, (struct mip_ip4){ HOME }, (struct mip_ip4){ 0xe000000b },
	    mn_hw, sol, sizeof(sol));
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	snd = &h_find(&h, MIP_ACT_SEND, 0)->act.u.send;
	assert_int_equal(snd->kind, MIP_PKT_ICMP);
	assert_int_equal(
	    mip_adv_decode(&a, snd->data, snd->len, NULL, NULL), 0);
	assert_int_equal(a.challenge_len, 16);
	memcpy(out, a.challenge, 16);
}

static void
test_challenges(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	uint8_t c[16], c2[16], bogus[16];
	struct setup su;

	(void)state;
	setup_init(&su);
	su.fa.challenge = true;
	start(&su);
	/* RFC 4721: missing 105, unknown 104. */
	mn_sends(&r);
	assert_denial(&r, MIP_CODE_FA_MISSING_CHALLENGE, 300);
	h_advance(&h, MIP_SEC);
	memset(bogus, 0x5a, sizeof(bogus));
	r.chal = bogus;
	mn_sends(&r);
	assert_denial(&r, MIP_CODE_FA_UNKNOWN_CHALLENGE, 300);
	h_advance(&h, MIP_SEC);
	/* A fresh one is relayed, without the challenge (FA-only). */
	solicit_challenge(c);
	r.chal = c;
	mn_sends(&r);
	assert_relayed(COA1);
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_ADD), 1);
	/* The same challenge again: stale (106). */
	h_advance(&h, MIP_SEC);
	r.ident = IDENT + 1;
	mn_sends(&r);
	assert_denial(&r, MIP_CODE_FA_STALE_CHALLENGE, 300);
	/* Out of the window: stale too. */
	h_advance(&h, MIP_SEC);
	solicit_challenge(c2);
	solicit_challenge(c);
	h_advance(&h, MIP_SEC);
	solicit_challenge(c);
	r.chal = c2;
	mn_sends(&r);
	assert_denial(&r, MIP_CODE_FA_STALE_CHALLENGE, 300);
	h_free(&h);
}

/* ---- RFC 5944 3.7.2: one denial a second per mobile node ---- */

static void
test_denial_rate_limit(void **state)
{
	struct rq r = rq_default(), r2 = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	r.coa = 0x0a636363;
	mn_sends(&r);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	h_advance(&h, MIP_SEC - 1);
	mn_sends(&r);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_RATE], 1);
	/* Another MN is not held back. */
	r2.home = HOME2;
	r2.mn_fa = NULL;
	r2.coa = r.coa;
	mn_sends(&r2);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	h_advance(&h, 1);
	mn_sends(&r);
	assert_int_equal(h_count(&h, MIP_ACT_SEND), 1);
	assert_int_equal(mip_node_stats(h.node)->replies[77], 3);
	h_free(&h);
}

/* ---- bad replies (RFC 5944 3.7.3.1) ---- */

static void
test_fa_ha_failure_68(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	struct setup su;
	int variant;

	(void)state;
	for (variant = 0; variant < 2; variant++) {
		setup_init(&su);
		start(&su);
		mn_sends(&r);
		/* A wrong authenticator, or none on a nonzero Lifetime. */
		p.fa_ha = variant == 0 ? sa_fa_ha_badkey : NULL;
		ha_replies(&p);
		assert_denial(&r, MIP_CODE_FA_HA_AUTH, 300);
		assert_int_equal(
		    mip_node_stats(h.node)->drops[MIP_DROP_AUTH], 1);
		/* The pending request is over: the real reply is late. */
		p.fa_ha = sa_fa_ha;
		ha_replies(&p);
		assert_int_equal(h.nacts, 1);
		assert_int_equal(count_plane(), 0);
		h_free(&h);
	}
}

static void
test_bad_replies_change_nothing(void **state)
{
	struct rq r = rq_default();
	struct rp p = rp_default();
	uint8_t buf[256];
	size_t n;
	struct setup su;
	uint64_t tx;

	(void)state;
	setup_init(&su);
	start(&su);
	mn_sends(&r);
	tx = mip_node_stats(h.node)->tx;
	/* Truncated, unmatched identification, unmatched home address,
	 * not addressed to us: dropped, nothing changes. */
	n = build_rrp(buf, sizeof(buf), &p, NULL);
	h_udp(&h, 3, (struct mip_ip4){ HA }, (struct mip_ip4){ COA1 },
	    MIP_UDP_PORT, 64, buf, n - 3);
	assert_int_equal(count_plane(), 0);
	p.ident = IDENT + 1;
	ha_replies(&p);
	p.ident = IDENT;
	p.home = HOME2;
	ha_replies(&p);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_UNEXPECTED], 2);
	p.home = HOME;
	n = build_rrp(buf, sizeof(buf), &p, NULL);
	h_udp(&h, 3, (struct mip_ip4){ HA }, (struct mip_ip4){ 0x0a636363 },
	    MIP_UDP_PORT, 64, buf, n);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_NOT_FOR_US], 1);
	assert_int_equal(mip_node_stats(h.node)->tx, tx);
	assert_null(h_note(&h, MIP_NOTE_STATE, 0));
	/* The real reply still finds its pending request. */
	ha_replies(&p);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_ADD), 1);
	h_free(&h);
}

static void
test_bad_requests_keep_visitor(void **state)
{
	struct rq r = rq_default();
	struct setup su;

	(void)state;
	setup_init(&su);
	start(&su);
	register_visitor(0);
	/* An unauthenticated deregistration for the visitor. */
	r.lifetime = 0;
	r.mn_fa = sa_mn_fa_badkey;
	r.ident = IDENT + 4;
	mn_sends(&r);
	assert_denial(&r, MIP_CODE_FA_MN_AUTH, 0);
	assert_int_equal(mip_node_stats(h.node)->drops[MIP_DROP_AUTH], 1);
	/* Still registered: expires at its own time. */
	h_advance(&h, 300 * MIP_SEC);
	assert_int_equal(h_count(&h, MIP_ACT_TUNNEL_DEL), 1);
	h_free(&h);
}

static void
test_alloc_failures(void **state)
{
	struct setup su;
	struct mip_node_config c;
	size_t k;

	(void)state;
	setup_init(&su);
	memset(&c, 0, sizeof(c));
	c.roles = MIP_ROLE_FA;
	c.ifs = ifs;
	c.nifs = 3;
	c.sas = su.sas;
	c.nsas = su.nsas;
	c.fa = &su.fa;
	for (k = 1; k < 64; k++) {
		struct test_mem tm;
		struct test_rand tr;
		struct mip_node *node = NULL;
		struct mip_now now = { MIP_SEC, 0 };
		int rc;

		test_mem_init(&tm, k);
		test_rand_init(&tr, 1);
		rc = mip_node_new(&node, &c, &tm.mem, &tr.rand, &now);
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
		cmocka_unit_test(test_relay_request),
		cmocka_unit_test(test_relay_without_sas_is_byte_exact),
		cmocka_unit_test(test_relay_deregistration_no_fa_ha),
		cmocka_unit_test(test_relay_to_all_agents_and_other_link),
		cmocka_unit_test(test_not_for_us),
		cmocka_unit_test(test_reply_creates_visitor),
		cmocka_unit_test(test_visitor_expiry),
		cmocka_unit_test(test_reregistration_refreshes),
		cmocka_unit_test(test_move_between_links),
		cmocka_unit_test(test_deregistration),
		cmocka_unit_test(test_reverse_tunnel),
		cmocka_unit_test(test_encapsulations),
		cmocka_unit_test(test_ha_denial_keeps_visitor),
		cmocka_unit_test(test_ha_denial_new_mn),
		cmocka_unit_test(test_zero_home_address),
		cmocka_unit_test(test_pending_timeout),
		cmocka_unit_test(test_pending_timeout_configured),
		cmocka_unit_test(test_icmp_unreachable_codes),
		cmocka_unit_test(test_icmp_short_quote),
		cmocka_unit_test(test_icmp_keeps_visitor),
		cmocka_unit_test(test_icmp_rate_limited),
		cmocka_unit_test(test_icmp_udp_length_bounds_quote),
		cmocka_unit_test(test_icmp_other_request_changes_nothing),
		cmocka_unit_test(test_icmp_malformed_changes_nothing),
		cmocka_unit_test(test_deny_70_reserved_bits),
		cmocka_unit_test(test_deny_70_unknown_extension),
		cmocka_unit_test(test_deny_70_overrun),
		cmocka_unit_test(test_deny_69_lifetime),
		cmocka_unit_test(test_deny_72_encapsulation),
		cmocka_unit_test(test_deny_74_75_76_reverse_tunnel),
		cmocka_unit_test(test_deny_77_coa),
		cmocka_unit_test(test_deny_116_our_address),
		cmocka_unit_test(test_deny_97_missing_nai),
		cmocka_unit_test(test_deny_67_mn_fa),
		cmocka_unit_test(test_deny_66_limits),
		cmocka_unit_test(test_challenges),
		cmocka_unit_test(test_denial_rate_limit),
		cmocka_unit_test(test_fa_ha_failure_68),
		cmocka_unit_test(test_bad_replies_change_nothing),
		cmocka_unit_test(test_bad_requests_keep_visitor),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, setup_sas, teardown_sas);
}
