/* SPDX-License-Identifier: ISC */
/*
 * Correspondent node (RO draft 4.2-4.4; paper 2, 3.2-3.4; spec sheet 1.5):
 * Binding Updates that install, refresh, move and delete cache entries
 * with their tunnel and route actions; every rejection (no, wrong or
 * unknown SA, forged MAC, replayed or missing Identification, hostile
 * bytes) changes nothing and gets the right Acknowledge status; LRU
 * replacement at capacity; expiry; the Binding Request sent before
 * expiry only for entries in use; nonce resynchronisation. Updates are
 * built with the libmip encoders under test-side copies of the SAs.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node_fixture.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

enum { SA_HA1, SA_HA2, SA_MN, SA_OTHER, NSAS };
#define NSAS_NODE SA_OTHER /* the last is the test's only */

#define CN_IF 1
#define HA_PORT 434
#define BUF_CAP 256

static const struct test_sa_def sa_defs[NSAS] = {
	[SA_HA1] = { "192.0.2.1", 300, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_HA2] = { "192.0.2.2", 301, MIP_REPLAY_NONCE, 0 },
	/* A foreign agent's configured MN-FA SA with the mobile node. */
	[SA_MN] = { "192.0.2.10", 500, MIP_REPLAY_TIMESTAMP, 0 },
	[SA_OTHER] = { "192.0.2.1", 999, MIP_REPLAY_TIMESTAMP, 0 },
};

struct fx {
	struct harness h;
	struct mip_if_config ifs[1];
	struct mip_sa_config sas[NSAS];
	struct mip_cn_config cn;
	struct mip_node_config cfg;
	struct mip_sa *tsa[NSAS];
	struct test_mem tm;
	uint32_t step; /* keeps timestamps increasing */
};

static struct mip_ip4
cn_addr(void)
{
	return ip4("203.0.113.1");
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ifs[0].ifindex = CN_IF;
	f->ifs[0].addr = cn_addr();
	f->ifs[0].plen = 24;
	test_mem_init(&f->tm, 0);
	test_sas_make(sa_defs, NSAS, f->sas, f->tsa, &f->tm.mem);
	mip_cn_config_init(&f->cn);
	f->cn.capacity = 2;
	f->cn.encaps = MIP_ENCAPS_GRE;
	f->cfg.roles = MIP_ROLE_CN;
	f->cfg.ifs = f->ifs;
	f->cfg.nifs = 1;
	f->cfg.sas = f->sas;
	f->cfg.nsas = NSAS_NODE;
	f->cfg.cn = &f->cn;
	f->cfg.profile = mip_profile_default;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->h.node != NULL)
		h_free(&f->h);
	test_sas_free(f->tsa, NSAS);
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

static void
start(struct fx *f)
{
	h_init(&f->h, &f->cfg);
}

/* A timestamp Identification a little newer each time. */
static uint64_t
ts_ident(struct fx *f)
{
	return f->h.now.ntp + ++f->step;
}

/* Builds a Binding Update (I set when |ident| is nonzero), signed with
 * test SA |sa| unless |sa| is negative. */
static size_t
bu_build(struct fx *f, int sa, uint8_t flags, uint16_t lifetime,
    const char *home, const char *coa, uint64_t ident, uint8_t *buf)
{
	struct mip_bu bu;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&bu, 0, sizeof(bu));
	bu.flags = flags | (ident != 0 ? MIP_BU_F_I : 0);
	bu.lifetime = lifetime;
	bu.home_addr = ip4(home);
	bu.coa = ip4(coa);
	bu.ident = ident;
	n = mip_bu_encode(buf, BUF_CAP, &bu, NULL);
	assert_true(n > 0);
	mip_wbuf_init(&w, buf, BUF_CAP);
	w.off = (size_t)n;
	if (sa >= 0)
		assert_int_equal(
		    mip_auth_append(&w, MIP_EXT_RO_AUTH, f->tsa[sa]), 0);
	return w.off;
}

static void
send_from(struct fx *f, const char *src, const uint8_t *buf, size_t len)
{
	h_udp(&f->h, CN_IF, ip4(src), cn_addr(), HA_PORT, 64, buf, len);
}

/* A signed update from home agent |sa|'s address. */
static void
bu(struct fx *f, int sa, uint8_t flags, uint16_t lifetime, const char *home,
    const char *coa, uint64_t ident)
{
	uint8_t buf[BUF_CAP];
	size_t len = bu_build(f, sa, flags, lifetime, home, coa, ident, buf);

	send_from(f, sa_defs[sa].peer, buf, len);
}

/* The |n|th collected send decoded as a Binding Acknowledge. */
static void
get_ba(struct fx *f, size_t n, struct mip_ba *ba)
{
	const struct h_action *a = h_find(&f->h, MIP_ACT_SEND, n);

	assert_non_null(a);
	assert_int_equal(mip_ba_decode(ba, a->act.u.send.data,
			     a->act.u.send.len, NULL, NULL),
	    0);
}

static void
traffic(struct fx *f, const char *dst, uint32_t tunnel_id)
{
	struct mip_traffic tr;
	struct mip_action a;

	memset(&tr, 0, sizeof(tr));
	tr.kind = MIP_TRAFFIC_TUNNELLED;
	tr.src = cn_addr();
	tr.dst = ip4(dst);
	tr.tunnel_id = tunnel_id;
	assert_int_equal(mip_node_handle_traffic(f->h.node, &tr, &f->h.now), 0);
	/* A use report changes state but emits nothing. */
	assert_int_equal(mip_node_poll_action(f->h.node, &a), 0);
}

static size_t
cache_size(struct fx *f)
{
	struct mip_node_info info;

	mip_node_info(f->h.node, &info);
	return info.cn_entries;
}

static bool
cache_get(struct fx *f, const char *home, struct mip_cache_info *out)
{
	struct mip_iter it;

	memset(&it, 0, sizeof(it));
	while (mip_node_cache_next(f->h.node, &it, &f->h.now, out))
		if (mip_ip4_eq(out->home_addr, ip4(home)))
			return true;
	return false;
}

/* Nothing but a drop (and maybe a BA) came out; the cache is |n| long. */
static void
assert_unchanged(struct fx *f, size_t n)
{
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_ADD), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 0);
	assert_int_equal(cache_size(f), n);
}

/* ---- installing ---- */

static void
test_install(void **state)
{
	struct fx *f = *state;
	const struct h_action *t, *r;
	struct mip_cache_info ci;
	struct mip_ba ba;
	uint64_t id;

	start(f);
	id = ts_ident(f);
	bu(f, SA_HA1, MIP_BU_F_A | MIP_BU_F_G | MIP_BU_F_M, 300, "192.0.2.10",
	    "198.51.100.1", id);
	t = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0);
	r = h_find(&f->h, MIP_ACT_ROUTE_ADD, 0);
	assert_non_null(t);
	assert_non_null(r);
	assert_true(t < r);
	assert_int_equal(t->act.u.tunnel.encap, MIP_TUN_GRE);
	assert_true(mip_ip4_eq(t->act.u.tunnel.local, cn_addr()));
	assert_true(mip_ip4_eq(t->act.u.tunnel.remote, ip4("198.51.100.1")));
	assert_true(mip_ip4_eq(t->act.u.tunnel.home_addr, ip4("192.0.2.10")));
	assert_true(mip_ip4_eq(r->act.u.route.dst, ip4("192.0.2.10")));
	assert_int_equal(r->act.u.route.plen, 32);
	assert_int_equal(r->act.u.route.tunnel_id, t->act.u.tunnel.id);
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_ADD, 0));
	assert_int_equal(
	    h_note(&f->h, MIP_NOTE_BINDING_ADD, 0)->role, MIP_ROLE_CN);
	/* RO draft 4.4: the acknowledgement copies home address and ident. */
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_ACCEPTED);
	assert_true(mip_ip4_eq(ba.home_addr, ip4("192.0.2.10")));
	assert_true(ba.ident == id);
	assert_true(mip_ip4_eq(
	    h_find(&f->h, MIP_ACT_SEND, 0)->act.u.send.dst, ip4("192.0.2.1")));
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_int_equal(ci.lifetime, 300);
	assert_int_equal(ci.remaining, 300);
	assert_true(mip_ip4_eq(ci.ha_addr, ip4("192.0.2.1")));
	assert_false(ci.used);
}

static void
test_encap_fallbacks(void **state)
{
	struct fx *f = *state;

	start(f);
	/* M allowed but we offer only GRE: IP in IP. No A: no answer. */
	bu(f, SA_HA1, MIP_BU_F_M, 300, "192.0.2.10", "198.51.100.1",
	    ts_ident(f));
	assert_int_equal(
	    h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.encap,
	    MIP_TUN_IPIP);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
}

static void
test_refresh_and_move(void **state)
{
	struct fx *f = *state;
	uint32_t id1, id2;

	start(f);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.1", ts_ident(f));
	id1 = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	/* Same binding again: only the lifetime changes. */
	h_advance(&f->h, 10 * MIP_SEC);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.1", ts_ident(f));
	assert_unchanged(f, 1);
	/* A new care-of address: the old tunnel goes, a new one comes. */
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.2", ts_ident(f));
	assert_int_equal(
	    h_find(&f->h, MIP_ACT_ROUTE_DEL, 0)->act.u.route.tunnel_id, id1);
	assert_int_equal(
	    h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.id, id1);
	id2 = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	assert_int_not_equal(id1, id2);
	assert_true(h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0) <
	    h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0));
	assert_int_equal(cache_size(f), 1);
}

/* ---- deleting ---- */

static void
delete_case(struct fx *f, uint16_t lifetime, const char *coa)
{
	struct mip_ba ba;

	start(f);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.1", ts_ident(f));
	assert_int_equal(cache_size(f), 1);
	bu(f, SA_HA1, MIP_BU_F_A, lifetime, "192.0.2.10", coa, ts_ident(f));
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	assert_non_null(h_note(&f->h, MIP_NOTE_BINDING_DEL, 0));
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_ACCEPTED);
	assert_int_equal(cache_size(f), 0);
	/* Deleting what is not cached is accepted and does nothing. */
	bu(f, SA_HA1, MIP_BU_F_A, lifetime, "192.0.2.10", coa, ts_ident(f));
	assert_unchanged(f, 0);
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_ACCEPTED);
}

static void
test_delete_lifetime_zero(void **state)
{
	delete_case(*state, 0, "198.51.100.1");
}

static void
test_delete_coa_home(void **state)
{
	delete_case(*state, 300, "192.0.2.10");
}

/* ---- rejections: nothing changes ---- */

static void
reject(struct fx *f, const uint8_t *buf, size_t len, const char *src,
    uint8_t status, enum mip_drop reason)
{
	const struct mip_stats *st = mip_node_stats(f->h.node);
	uint64_t before = st->drops[reason];
	struct mip_ba ba;

	send_from(f, src, buf, len);
	assert_unchanged(f, 1);
	assert_int_equal(st->drops[reason], before + 1);
	if (status == 0) {
		assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
		return;
	}
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, status);
}

/* One installed entry, then update |buf| for another home address. */
static void
test_rejections(void **state)
{
	struct fx *f = *state;
	uint8_t buf[BUF_CAP];
	size_t len;
	struct mip_cache_info ci;

	start(f);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.1", ts_ident(f));
	/* No authentication extension: 131. */
	len = bu_build(f, -1, MIP_BU_F_A, 300, "192.0.2.11", "198.51.100.9",
	    ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_AUTH);
	/* Forged: one authenticator bit flipped. */
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.11", "198.51.100.9",
	    ts_ident(f), buf);
	buf[len - 1] ^= 1;
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_AUTH);
	/* Wrongly keyed: an SPI the node does not have. */
	len = bu_build(f, SA_OTHER, MIP_BU_F_A, 300, "192.0.2.11",
	    "198.51.100.9", ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_NO_SA);
	/* The right SA, but from another address: no SA with it. */
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.11", "198.51.100.9",
	    ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.99", MIP_BA_AUTH, MIP_DROP_NO_SA);
	/* Another home agent's key for this one's SPI. */
	f->sas[SA_OTHER].spi = 300;
	mip_sa_free(f->tsa[SA_OTHER]);
	assert_int_equal(
	    mip_sa_new(&f->tsa[SA_OTHER], &f->sas[SA_OTHER], &f->tm.mem), 0);
	len = bu_build(f, SA_OTHER, MIP_BU_F_A, 300, "192.0.2.11",
	    "198.51.100.9", ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_AUTH);
	/* No Identification: 133. */
	len = bu_build(
	    f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.11", "198.51.100.9", 0, buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_ID_MISMATCH, MIP_DROP_REPLAY);
	/* A stale timestamp (outside the 7 s tolerance): 133. */
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.11", "198.51.100.9",
	    f->h.now.ntp - ((uint64_t)60 << 32), buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_ID_MISMATCH, MIP_DROP_REPLAY);
	/* Without A a rejection is silent. */
	len = bu_build(
	    f, SA_HA1, 0, 300, "192.0.2.11", "198.51.100.9", ts_ident(f), buf);
	buf[len - 1] ^= 1;
	reject(f, buf, len, "192.0.2.1", 0, MIP_DROP_AUTH);
	/* The entry installed first is intact. */
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_true(mip_ip4_eq(ci.coa, ip4("198.51.100.1")));
}

/* Updates about an installed entry that are unauthenticated, forged,
 * wrongly keyed or replayed neither move nor delete it (RO draft 4.3). */
static void
test_rejections_keep_entry(void **state)
{
	struct fx *f = *state;
	uint8_t first[BUF_CAP], buf[BUF_CAP];
	struct mip_cache_info ci;
	size_t first_len, len;

	start(f);
	first_len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.10",
	    "198.51.100.1", ts_ident(f), first);
	send_from(f, "192.0.2.1", first, first_len);
	assert_int_equal(cache_size(f), 1);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.2", ts_ident(f));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
	/* Unauthenticated move. */
	len = bu_build(f, -1, MIP_BU_F_A, 300, "192.0.2.10", "198.51.100.3",
	    ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_AUTH);
	/* Forged deletes: lifetime 0, and care-of address = home. */
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 0, "192.0.2.10", "198.51.100.3",
	    ts_ident(f), buf);
	buf[len - 1] ^= 0x80;
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_AUTH);
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.10", "192.0.2.10",
	    ts_ident(f), buf);
	buf[len - 2] ^= 0x01;
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_AUTH);
	/* Wrongly keyed: the other home agent's SA, sent from this one. */
	len = bu_build(f, SA_HA2, MIP_BU_F_A, 0, "192.0.2.10", "198.51.100.3",
	    ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.1", MIP_BA_AUTH, MIP_DROP_NO_SA);
	/* Replayed: the first, older update, valid once. */
	reject(f, first, first_len, "192.0.2.1", MIP_BA_ID_MISMATCH,
	    MIP_DROP_REPLAY);
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_true(mip_ip4_eq(ci.coa, ip4("198.51.100.2")));
}

/* RO draft 4.3: only home agents bind; an update from the mobile node's
 * own address, even one that verifies under an SA the node shares with
 * that address, changes nothing and gets no answer. */
static void
test_from_mobile_node(void **state)
{
	struct fx *f = *state;
	uint8_t buf[BUF_CAP];
	struct mip_cache_info ci;
	size_t len;

	start(f);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.1", ts_ident(f));
	len = bu_build(f, SA_MN, MIP_BU_F_A, 300, "192.0.2.10", "198.51.100.3",
	    ts_ident(f), buf);
	reject(f, buf, len, "192.0.2.10", 0, MIP_DROP_UNEXPECTED);
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_true(mip_ip4_eq(ci.coa, ip4("198.51.100.1")));
}

static void
test_replay(void **state)
{
	struct fx *f = *state;
	uint8_t buf[BUF_CAP];
	size_t len;

	start(f);
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.10", "198.51.100.1",
	    ts_ident(f), buf);
	send_from(f, "192.0.2.1", buf, len);
	assert_int_equal(cache_size(f), 1);
	/* The same bytes again: the timestamp is not newer. */
	reject(f, buf, len, "192.0.2.1", MIP_BA_ID_MISMATCH, MIP_DROP_REPLAY);
	/* After a delete, the old install replayed does not come back. */
	bu(f, SA_HA1, 0, 0, "192.0.2.10", "198.51.100.1", ts_ident(f));
	assert_int_equal(cache_size(f), 0);
	send_from(f, "192.0.2.1", buf, len);
	assert_int_equal(cache_size(f), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
}

static void
test_semantics(void **state)
{
	struct fx *f = *state;
	struct mip_ba ba;

	start(f);
	/* Our own address as home address: administratively prohibited. */
	bu(f, SA_HA1, MIP_BU_F_A, 300, "203.0.113.1", "198.51.100.1",
	    ts_ident(f));
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_PROHIBITED);
	assert_unchanged(f, 0);
	/* A multicast care-of address: poorly formed. */
	bu(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.10", "224.0.0.1", ts_ident(f));
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_BAD_BU);
	assert_unchanged(f, 0);
}

/* Hostile bytes: every truncation of a valid update, and garbage after
 * the authenticator, are counted drops with no state change. */
static void
test_hostile(void **state)
{
	struct fx *f = *state;
	const struct mip_stats *st;
	uint8_t buf[BUF_CAP], cut[BUF_CAP];
	uint64_t drops = 0, before = 0;
	size_t len, i, r;

	start(f);
	st = mip_node_stats(f->h.node);
	len = bu_build(f, SA_HA1, MIP_BU_F_A, 300, "192.0.2.10", "198.51.100.1",
	    ts_ident(f), buf);
	for (r = 0; r < MIP_DROP__COUNT; r++)
		before += st->drops[r];
	for (i = 1; i < len; i++) {
		memcpy(cut, buf, i);
		send_from(f, "192.0.2.1", cut, i);
		assert_unchanged(f, 0);
		drops++;
	}
	/* An unknown extension below 128: 134, discarded. */
	memcpy(cut, buf, len);
	cut[len] = 99;
	cut[len + 1] = 0;
	send_from(f, "192.0.2.1", cut, len + 2);
	assert_unchanged(f, 0);
	drops++;
	for (r = 0, i = 0; r < MIP_DROP__COUNT; r++)
		i += (size_t)st->drops[r];
	assert_int_equal(i - before, drops);
	assert_int_equal(st->drops[MIP_DROP_UNKNOWN_EXT], 1);
	/* The intact update still installs. */
	send_from(f, "192.0.2.1", buf, len);
	assert_int_equal(cache_size(f), 1);
}

/* ---- capacity, expiry, Binding Requests ---- */

static void
test_lru(void **state)
{
	struct fx *f = *state;
	struct mip_cache_info ci;
	uint32_t t10, t11;

	start(f);
	bu(f, SA_HA1, 0, 300, "192.0.2.10", "198.51.100.1", ts_ident(f));
	t10 = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	bu(f, SA_HA1, 0, 300, "192.0.2.11", "198.51.100.2", ts_ident(f));
	t11 = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	/* .10 carries traffic: .11 becomes the least recently used. */
	traffic(f, "192.0.2.10", t10);
	/* A report about another tunnel marks nothing. */
	traffic(f, "192.0.2.11", t10);
	bu(f, SA_HA1, 0, 300, "192.0.2.12", "198.51.100.3", ts_ident(f));
	assert_int_equal(
	    h_find(&f->h, MIP_ACT_TUNNEL_DEL, 0)->act.u.tunnel.id, t11);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
	assert_int_equal(cache_size(f), 2);
	assert_false(cache_get(f, "192.0.2.11", &ci));
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_true(ci.used);
	assert_true(cache_get(f, "192.0.2.12", &ci));
}

static void
test_expiry(void **state)
{
	struct fx *f = *state;

	f->cn.br_lead_pct = 0; /* no Binding Requests */
	start(f);
	bu(f, SA_HA1, 0, 20, "192.0.2.10", "198.51.100.1", ts_ident(f));
	h_advance(&f->h, 19 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 0);
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_DEL), 1);
	assert_int_equal(cache_size(f), 0);
	assert_int_equal(mip_node_next_expiry(f->h.node), MIP_TSTAMP_NONE);
}

static void
test_max_lifetime(void **state)
{
	struct fx *f = *state;
	struct mip_cache_info ci;

	f->cn.max_lifetime = 60;
	start(f);
	bu(f, SA_HA1, 0, MIP_LIFETIME_INFINITE, "192.0.2.10", "198.51.100.1",
	    ts_ident(f));
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_int_equal(ci.lifetime, 60);
}

static void
test_br_when_used(void **state)
{
	struct fx *f = *state;
	const struct h_action *s;
	struct mip_cache_info ci;
	struct mip_br br;
	uint32_t t;

	start(f);
	/* 100 s: the request is due at 90 s (10 %). */
	bu(f, SA_HA1, 0, 100, "192.0.2.10", "198.51.100.1", ts_ident(f));
	t = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	h_advance(&f->h, 85 * MIP_SEC);
	traffic(f, "192.0.2.10", t);
	h_advance(&f->h, 5 * MIP_SEC);
	s = h_find(&f->h, MIP_ACT_SEND, 0);
	assert_non_null(s);
	assert_true(mip_ip4_eq(s->act.u.send.dst, ip4("192.0.2.1")));
	assert_true(mip_ip4_eq(s->act.u.send.src, cn_addr()));
	assert_int_equal(s->act.u.send.dport, 434);
	assert_int_equal(mip_br_decode(&br, s->act.u.send.data,
			     s->act.u.send.len, NULL, NULL),
	    0);
	assert_true(mip_ip4_eq(br.home_addr, ip4("192.0.2.10")));
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_true(ci.br_sent);
	/* The home agent answers, echoing the request's Identification
	 * (spec sheet 6.4): fresh, the entry lives on. */
	bu(f, SA_HA1, 0, 100, "192.0.2.10", "198.51.100.1", br.ident);
	assert_true(cache_get(f, "192.0.2.10", &ci));
	assert_int_equal(ci.remaining, 100);
	assert_false(ci.br_sent);
	/* That echo cannot be used twice. */
	bu(f, SA_HA1, MIP_BU_F_A, 100, "192.0.2.10", "198.51.100.2", br.ident);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
}

static void
test_no_br_when_idle(void **state)
{
	struct fx *f = *state;
	uint32_t t;

	start(f);
	bu(f, SA_HA1, 0, 100, "192.0.2.10", "198.51.100.1", ts_ident(f));
	t = h_find(&f->h, MIP_ACT_TUNNEL_ADD, 0)->act.u.tunnel.id;
	/* Used, but long before the request point. */
	h_advance(&f->h, 20 * MIP_SEC);
	traffic(f, "192.0.2.10", t);
	h_advance(&f->h, 79 * MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	h_advance(&f->h, MIP_SEC);
	assert_int_equal(h_count(&f->h, MIP_ACT_SEND), 0);
	assert_int_equal(h_count(&f->h, MIP_ACT_ROUTE_DEL), 1);
	assert_int_equal(cache_size(f), 0);
}

/* ---- nonces (paper 3.3) ---- */

static void
test_nonce(void **state)
{
	struct fx *f = *state;
	const struct h_action *s;
	struct mip_br br;
	struct mip_ba ba;

	start(f);
	/* Nothing announced yet: 133, and a Binding Request to resync. */
	bu(f, SA_HA2, MIP_BU_F_A, 300, "192.0.2.20", "198.51.100.1",
	    mip_ident_make(0x11111111, 0x22222222));
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_ID_MISMATCH);
	assert_unchanged(f, 0);
	s = h_find(&f->h, MIP_ACT_SEND, 1);
	assert_non_null(s);
	assert_int_equal(mip_br_decode(&br, s->act.u.send.data,
			     s->act.u.send.len, NULL, NULL),
	    0);
	assert_true(mip_ip4_eq(s->act.u.send.dst, ip4("192.0.2.2")));
	/* The answer echoes it and is accepted; its high half is the
	 * nonce of the next update. */
	bu(f, SA_HA2, 0, 300, "192.0.2.20", "198.51.100.1", br.ident);
	assert_int_equal(cache_size(f), 1);
	bu(f, SA_HA2, 0, 300, "192.0.2.20", "198.51.100.2",
	    mip_ident_make(0xabcdef01, mip_ident_high(br.ident)));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
	/* Then 0xabcdef01; the old low half no longer works. */
	bu(f, SA_HA2, MIP_BU_F_A, 300, "192.0.2.20", "198.51.100.3",
	    mip_ident_make(0x5, mip_ident_high(br.ident)));
	get_ba(f, 0, &ba);
	assert_int_equal(ba.status, MIP_BA_ID_MISMATCH);
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 0);
	bu(f, SA_HA2, 0, 300, "192.0.2.20", "198.51.100.3",
	    mip_ident_make(0x5, 0xabcdef01));
	assert_int_equal(h_count(&f->h, MIP_ACT_TUNNEL_ADD), 1);
}

/* ---- configuration ---- */

static void
test_config(void **state)
{
	struct fx *f = *state;
	const char *why = NULL;

	f->cn.capacity = 0;
	assert_int_equal(mip_node_config_check(&f->cfg, &why), MIP_ERR_INVAL);
	assert_non_null(why);
	f->cn.capacity = 4;
	f->cn.br_lead_pct = 101;
	assert_int_equal(mip_node_config_check(&f->cfg, &why), MIP_ERR_INVAL);
	f->cn.br_lead_pct = 10;
	f->cfg.cn = NULL;
	assert_int_equal(mip_node_config_check(&f->cfg, &why), MIP_ERR_INVAL);
	f->cfg.cn = &f->cn;
	f->cfg.profile.ro = false;
	assert_int_equal(mip_node_config_check(&f->cfg, &why), MIP_ERR_INVAL);
	f->cfg.profile.ro = true;
	assert_int_equal(mip_node_config_check(&f->cfg, &why), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_install),
		T(test_encap_fallbacks),
		T(test_refresh_and_move),
		T(test_delete_lifetime_zero),
		T(test_delete_coa_home),
		T(test_rejections),
		T(test_rejections_keep_entry),
		T(test_from_mobile_node),
		T(test_replay),
		T(test_semantics),
		T(test_hostile),
		T(test_lru),
		T(test_expiry),
		T(test_max_lifetime),
		T(test_br_when_used),
		T(test_no_br_when_idle),
		T(test_nonce),
		T(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
