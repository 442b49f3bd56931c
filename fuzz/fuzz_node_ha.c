/* SPDX-License-Identifier: ISC */
/*
 * Stateful home agent target: the input is a sequence of records fed to a
 * node with the HA role, each "dt kind len(16) bytes":
 *   dt    time passes first: dt * 100 ms, or with the top bit set
 *         (dt & 0x7f) * 10 s; due timers fire in deadline order;
 *   kind  low 3 bits: 0 raw request to the HA, 1 raw request to the
 *         home subnet broadcast, 2 ICMP, 3 a whole IP packet, 4 flush
 *         the binding of home address byte 0, 5 flush all, 6 a request
 *         the target signs (so the fuzzer gets past authentication),
 *         7 a UDP datagram from another port; for 6 the upper bits say:
 *         0x08 fresh Identification (timestamp, or the nonce last
 *         issued), 0x10 relayed by the FA with FA-HA, 0x20 sent by the
 *         MN on its home link, 0x40 spoil the MAC.
 * With bit 0x80 set the record is about Route Optimization (the HA has
 * three RO peers: 198.51.100.10 with timestamps, 198.51.100.11 with
 * nonces, and the foreign agent 192.0.2.1), and the low 3 bits say:
 *   0 raw bytes to port 434 from peer body[0] % 4 (3: no peer);
 *   1 a Binding Request from a peer: body = peer, home selector, ident(8);
 *   2 a Binding Warning from body[0]'s source: body = source, home
 *     selector, then each octet a target selector;
 *   3 a Binding Acknowledge from a peer: body = peer, home, status, and
 *     bit 0 of body[3] appends an RO Authentication extension;
 *   4 a Binding Update sent to the HA: body = peer, home, care-of
 *     selector, flags, lifetime(16), mode (bit 0 valid RO Authentication
 *     under the peer's SA, bit 1 spoil its MAC, bit 2 Identification);
 *   5 a traffic report with arbitrary fields: body = kind % 4 (3 is
 *     invalid), src, dst, outer src selectors, tunnel id (a live one
 *     when body[4] < 0x80), encap;
 *   6 a TUNNELLED report from peer body[0] on live tunnel body[1];
 *   7 a SPECIAL report: inner source peer body[0], outer source peer
 *     body[1] (the tunnel's own care-of address when bit 7 is set), live
 *     tunnel body[2].
 * A selector picks among a small set of addresses (home addresses, peers,
 * strangers) so that the fuzzer hits the interesting ones.
 * Besides never crashing, every action stream must be consistent: a
 * tunnel or proxy entry is added once and deleted once, replies decode,
 * every Binding Update the HA sends goes to a peer, verifies under that
 * peer's SA, and names either a delete or the care-of address and home
 * address of a live tunnel with at most the registration lifetime; and
 * after a final flush nothing is left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NSAS 7
#define NMNS 3
#define SA_FA 4	  /* the foreign agent's, also an RO peer */
#define SA_PEER 5 /* the two correspondents' */
#define NPEERS 3
#define MAX_LIFETIME 60
#define MAX_LIVE 64

struct world {
	struct mip_node *node;
	struct mip_now now;
	struct mip_sa *tsa[NSAS];
	struct mip_sa_config sas[NSAS];
	uint32_t nonce[NSAS]; /* last nonce issued per SA */
	uint64_t step;
	uint32_t tunnels[MAX_LIVE];
	struct mip_act_tunnel tun[MAX_LIVE]; /* the same, in full */
	size_t ntunnels;
	uint32_t proxies[MAX_LIVE];
	size_t nproxies;
};

static void *
m_malloc(size_t n, void *ud)
{
	(void)ud;
	return malloc(n);
}

static void *
m_calloc(size_t n, size_t s, void *ud)
{
	(void)ud;
	return calloc(n, s);
}

static void
m_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static void
r_fill(uint8_t *dst, size_t len, void *ud)
{
	uint64_t *s = ud;
	size_t i;

	for (i = 0; i < len; i++) {
		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		dst[i] = (uint8_t)*s;
	}
}

static struct mip_ip4
ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return mip_ip4_make(a, b, c, d);
}

/* A set of 32-bit keys: add must be new, del must exist. */
static void
set_add(uint32_t *set, size_t *n, uint32_t v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (set[i] == v)
			__builtin_trap();
	if (*n == MAX_LIVE)
		__builtin_trap();
	set[(*n)++] = v;
}

static void
set_del(uint32_t *set, size_t *n, uint32_t v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (set[i] == v) {
			set[i] = set[--*n];
			return;
		}
	__builtin_trap();
}

static struct mip_sa *
sa_for(struct world *w, struct mip_ip4 home, size_t *idx)
{
	size_t i;

	for (i = 0; i < NSAS; i++)
		if (mip_ip4_eq(w->sas[i].peer, home)) {
			*idx = i;
			return w->tsa[i];
		}
	return NULL;
}

/* The SA of RO peer |addr|, or NULL. */
static struct mip_sa *
peer_sa(struct world *w, struct mip_ip4 addr)
{
	size_t i;

	for (i = SA_FA; i < NSAS; i++)
		if (mip_ip4_eq(w->sas[i].peer, addr))
			return w->tsa[i];
	return NULL;
}

/* A live tunnel for |home| to |coa|. */
static bool
tunnel_to(const struct world *w, struct mip_ip4 home, struct mip_ip4 coa)
{
	size_t i;

	for (i = 0; i < w->ntunnels; i++)
		if (mip_ip4_eq(w->tun[i].home_addr, home) &&
		    mip_ip4_eq(w->tun[i].remote, coa))
			return true;
	return false;
}

/* RO draft 4.3, 4.5: a peer gets an authenticated update naming a live
 * binding or a delete (RO spec 2.3). */
static void
check_bu(struct world *w, const struct mip_act_send *s)
{
	const struct mip_ext *e;
	struct mip_sa *sa = peer_sa(w, s->dst);
	struct mip_bu bu;

	if (sa == NULL ||
	    mip_bu_decode(&bu, s->data, s->len, NULL, NULL) != 0 ||
	    (e = mip_exts_find(&bu.exts, MIP_EXT_RO_AUTH, 0)) == NULL ||
	    mip_auth_verify_ext(sa, s->data, s->len, e) != 0 ||
	    !(bu.flags & MIP_BU_F_I))
		__builtin_trap();
	if (mip_bu_is_delete(&bu))
		return;
	if (!tunnel_to(w, bu.home_addr, bu.coa) || bu.lifetime > MAX_LIFETIME)
		__builtin_trap();
}

/* PAPER 9.3: keys only in an accepted reply, before the Mobile-Home
 * authentication that vouches for them. */
static void
check_keys(const struct mip_reg_rep *rep)
{
	const struct mip_ext *auth =
	    mip_exts_find(&rep->exts, MIP_EXT_MN_HA_AUTH, 0);
	size_t i;

	for (i = 0; i < rep->exts.n; i++) {
		const struct mip_ext *e = &rep->exts.e[i];

		if (e->type < MIP_EXT_HM_KEY_REP || e->type > MIP_EXT_SPI)
			continue;
		if (rep->code > MIP_CODE_ACCEPTED_NO_SIMUL || auth == NULL ||
		    e > auth)
			__builtin_trap();
	}
}

static void
check_send(struct world *w, const struct mip_act_send *s)
{
	struct mip_reg_rep rep;
	size_t i;

	if (s->kind != MIP_PKT_UDP)
		return;
	if (mip_msg_kind(s->data, s->len, NULL) == MIP_MSG_KIND_BIND_UPDATE) {
		check_bu(w, s);
		return;
	}
	if (mip_reg_rep_decode(&rep, s->data, s->len, NULL, NULL) != 0)
		__builtin_trap();
	check_keys(&rep);
	/* Remember the nonce an authenticated reply issues. */
	if (sa_for(w, rep.home_addr, &i) != NULL &&
	    w->sas[i].replay == MIP_REPLAY_NONCE)
		w->nonce[i] = mip_ident_high(rep.ident);
}

static void
tunnel_del(struct world *w, uint32_t id)
{
	size_t i;

	for (i = 0; i < w->ntunnels; i++)
		if (w->tunnels[i] == id)
			w->tun[i] = w->tun[w->ntunnels - 1];
	set_del(w->tunnels, &w->ntunnels, id);
}

static void
drain(struct world *w)
{
	struct mip_action a;

	while (mip_node_poll_action(w->node, &a) == 1) {
		switch (a.type) {
		case MIP_ACT_SEND:
			check_send(w, &a.u.send);
			break;
		case MIP_ACT_TUNNEL_ADD:
			set_add(w->tunnels, &w->ntunnels, a.u.tunnel.id);
			w->tun[w->ntunnels - 1] = a.u.tunnel;
			break;
		case MIP_ACT_TUNNEL_DEL:
			tunnel_del(w, a.u.tunnel.id);
			break;
		case MIP_ACT_PROXY_ADD:
			set_add(w->proxies, &w->nproxies, a.u.neigh.addr.v);
			break;
		case MIP_ACT_PROXY_DEL:
			set_del(w->proxies, &w->nproxies, a.u.neigh.addr.v);
			break;
		case MIP_ACT_ROUTE_ADD:
		case MIP_ACT_ROUTE_DEL:
		case MIP_ACT_RULE_ADD:
		case MIP_ACT_RULE_DEL:
		case MIP_ACT_NEIGH_ADD:
		case MIP_ACT_NEIGH_DEL:
		case MIP_ACT_ARP_ANNOUNCE:
		case MIP_ACT_NOTIFY:
			break;
		}
	}
}

static void
advance(struct world *w, uint8_t dt)
{
	mip_duration d = (dt & 0x80) ? (mip_duration)(dt & 0x7f) * 10 * MIP_SEC
				     : (mip_duration)dt * 100 * MIP_MSEC;
	mip_tstamp end = w->now.mono + d;

	for (;;) {
		mip_tstamp next = mip_node_next_expiry(w->node);
		mip_tstamp at =
		    next != MIP_TSTAMP_NONE && next <= end ? next : end;

		if (at > w->now.mono) {
			w->now.ntp += ((at - w->now.mono) / MIP_SEC) << 32;
			w->now.mono = at;
		}
		if (next == MIP_TSTAMP_NONE || next > end)
			break;
		if (mip_node_handle_expiry(w->node, &w->now) != 0)
			__builtin_trap();
		drain(w);
	}
}

static void
packet(struct world *w, enum mip_pkt_kind kind, uint32_t ifindex,
    struct mip_ip4 src, struct mip_ip4 dst, uint16_t dport, const uint8_t *hw,
    const uint8_t *p, size_t n)
{
	struct mip_pkt_in in;

	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.ifindex = ifindex;
	in.src = src;
	in.dst = dst;
	in.sport = 434;
	in.dport = dport;
	in.ttl = 64;
	if (hw != NULL) {
		in.has_hwaddr = true;
		memcpy(in.src_hwaddr, hw, MIP_HWADDR_LEN);
	}
	in.data = p;
	in.len = n;
	if (mip_node_handle_packet(w->node, &in, &w->now) != 0)
		__builtin_trap();
	drain(w);
}

static void
signed_request(struct world *w, uint8_t kind, const uint8_t *p, size_t n)
{
	static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 9 };
	uint8_t buf[1200];
	struct mip_ip4 home, coa, src;
	struct mip_sa *sa;
	struct mip_wbuf wb;
	struct mip_reg_req q;
	const struct mip_ext *e;
	const uint8_t *fa_part = NULL;
	size_t i, fa_len = 0;

	if (n < MIP_REG_REQ_LEN || n > 1024) {
		packet(w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1), ip(10, 0, 0, 1),
		    434, NULL, p, n);
		return;
	}
	memcpy(buf, p, n);
	/* A Mobile-Home authentication extension in the body marks where
	 * the real one goes: what follows it is the foreign agent's part
	 * (PAPER 9.4: 113, 115 after the MN's authenticator). */
	if (mip_reg_req_decode(&q, p, n, NULL, NULL) == 0 &&
	    (e = mip_exts_find(&q.exts, MIP_EXT_MN_HA_AUTH, 0)) != NULL) {
		fa_part = p + e->off + mip_ext_hdr_len(e->fmt) + e->len;
		fa_len = n - (size_t)(fa_part - p);
		n = e->off;
	}
	home.v = mip_get_be32(buf + 4);
	coa.v = mip_get_be32(buf + 12);
	src = coa;
	sa = sa_for(w, home, &i);
	if (sa != NULL && (kind & 0x08)) {
		uint64_t id = sa->cfg.replay == MIP_REPLAY_NONCE
		    ? mip_ident_make(w->nonce[i], (uint32_t)++w->step)
		    : w->now.ntp + (++w->step << 8);

		mip_put_be32(buf + 16, mip_ident_high(id));
		mip_put_be32(buf + 20, mip_ident_low(id));
	}
	mip_wbuf_init(&wb, buf, sizeof(buf));
	wb.off = n;
	if (sa != NULL && mip_auth_append(&wb, MIP_EXT_MN_HA_AUTH, sa) == 0 &&
	    (kind & 0x40))
		buf[wb.off - 1] ^= 0x80;
	if (fa_len > 0 && mip_wbuf_bytes(&wb, fa_part, fa_len) != 0)
		return;
	if (kind & 0x10) {
		src = ip(192, 0, 2, 1);
		(void)mip_auth_append(&wb, MIP_EXT_FA_HA_AUTH, w->tsa[SA_FA]);
	}
	if (kind & 0x20)
		packet(w, MIP_PKT_UDP, 1, home, ip(10, 0, 0, 1), 434, mn_hw,
		    buf, wb.off);
	else
		packet(w, MIP_PKT_UDP, 2, src, ip(10, 0, 0, 1), 434, NULL, buf,
		    wb.off);
}

/* ---- Route Optimization records ---- */

static const struct mip_ip4 peers[4] = { { 0xc633640aU }, { 0xc633640bU },
	{ 0xc0000201U }, { 0xc6336463U } }; /* the last is no peer */

static struct mip_ip4
peer(uint8_t sel)
{
	return peers[sel % 4];
}

/* A home address: the mobile nodes, one with an SA but no MN entry, or
 * one unknown. */
static struct mip_ip4
home(uint8_t sel)
{
	static const uint8_t d[5] = { 10, 11, 12, 20, 99 };

	return ip(10, 0, 0, d[sel % 5]);
}

static uint8_t
at(const uint8_t *p, size_t n, size_t i)
{
	return i < n ? p[i] : 0;
}

static void
ro_send(struct world *w, struct mip_ip4 src, const uint8_t *p, size_t n)
{
	packet(w, MIP_PKT_UDP, 2, src, ip(10, 0, 0, 1), 434, NULL, p, n);
}

static void
ro_br(struct world *w, const uint8_t *p, size_t n)
{
	uint8_t buf[MIP_BR_LEN];
	struct mip_br br;
	size_t i;

	memset(&br, 0, sizeof(br));
	br.home_addr = home(at(p, n, 1));
	for (i = 0; i < 8; i++)
		br.ident = br.ident << 8 | at(p, n, 2 + i);
	if (mip_br_encode(buf, sizeof(buf), &br, NULL) != MIP_BR_LEN)
		__builtin_trap();
	ro_send(w, peer(at(p, n, 0)), buf, sizeof(buf));
}

static void
ro_bw(struct world *w, const uint8_t *p, size_t n)
{
	uint8_t buf[8 + 4 * MIP_BW_TARGETS_MAX];
	struct mip_bw bw;
	mip_ssize len;
	size_t i;

	memset(&bw, 0, sizeof(bw));
	bw.home_addr = home(at(p, n, 1));
	for (i = 2; i < n && bw.n_targets < MIP_BW_TARGETS_MAX; i++)
		bw.targets[bw.n_targets++] = peer(p[i]);
	if ((len = mip_bw_encode(buf, sizeof(buf), &bw, NULL)) < 0)
		__builtin_trap();
	ro_send(w, peer(at(p, n, 0)), buf, (size_t)len);
}

/* Appends a Route Optimization Authentication extension under the SA of
 * |src| when it has one; |spoil| flips a bit of the MAC. */
static size_t
ro_sign(struct world *w, uint8_t *buf, size_t cap, size_t len,
    struct mip_ip4 src, bool spoil)
{
	struct mip_sa *sa = peer_sa(w, src);
	struct mip_wbuf wb;

	/* A stranger signs with a key of its own. */
	if (sa == NULL)
		sa = w->tsa[0];
	mip_wbuf_init(&wb, buf, cap);
	wb.off = len;
	if (mip_auth_append(&wb, MIP_EXT_RO_AUTH, sa) != 0)
		return len;
	if (spoil)
		buf[wb.off - 1] ^= 0x01;
	return wb.off;
}

static void
ro_ba(struct world *w, const uint8_t *p, size_t n)
{
	uint8_t buf[MIP_BA_LEN + 64];
	struct mip_ip4 src = peer(at(p, n, 0));
	struct mip_ba ba;
	size_t len;

	memset(&ba, 0, sizeof(ba));
	ba.home_addr = home(at(p, n, 1));
	ba.status = at(p, n, 2);
	if (mip_ba_encode(buf, sizeof(buf), &ba, NULL) != MIP_BA_LEN)
		__builtin_trap();
	len = MIP_BA_LEN;
	if (at(p, n, 3) & 1)
		len = ro_sign(w, buf, sizeof(buf), len, src, false);
	ro_send(w, src, buf, len);
}

/* A Binding Update sent to the home agent: it is no correspondent node
 * (mip_ha_ro_on_packet leaves updates alone), so nothing may change. */
static void
ro_bu(struct world *w, const uint8_t *p, size_t n)
{
	uint8_t buf[MIP_BU_ID_LEN + 64];
	struct mip_ip4 src = peer(at(p, n, 0));
	uint8_t mode = at(p, n, 6);
	struct mip_bu bu;
	mip_ssize len;

	memset(&bu, 0, sizeof(bu));
	bu.home_addr = home(at(p, n, 1));
	bu.coa = (at(p, n, 2) & 0x80) ? bu.home_addr : peer(at(p, n, 2));
	bu.flags = at(p, n, 3) & (MIP_BU_F_A | MIP_BU_F_M | MIP_BU_F_G);
	bu.lifetime = (uint16_t)(at(p, n, 4) << 8 | at(p, n, 5));
	if (mode & 4) {
		bu.flags |= MIP_BU_F_I;
		bu.ident = w->now.ntp + (++w->step << 8);
	}
	if ((len = mip_bu_encode(buf, sizeof(buf), &bu, NULL)) < 0)
		__builtin_trap();
	if (mode & 1)
		len = (mip_ssize)ro_sign(
		    w, buf, sizeof(buf), (size_t)len, src, (mode & 2) != 0);
	ro_send(w, src, buf, (size_t)len);
}

/* Live tunnel number |sel| (modulo their count), or NULL: none. */
static const struct mip_act_tunnel *
live(const struct world *w, uint8_t sel)
{
	return w->ntunnels > 0 ? &w->tun[sel % w->ntunnels] : NULL;
}

static void
report(struct world *w, const struct mip_traffic *tr, bool valid)
{
	int rc = mip_node_handle_traffic(w->node, tr, &w->now);

	if (valid ? rc != 0 : rc != MIP_ERR_INVAL)
		__builtin_trap();
	drain(w);
}

static void
ro_traffic(struct world *w, const uint8_t *p, size_t n)
{
	const struct mip_act_tunnel *t = live(w, at(p, n, 4));
	struct mip_traffic tr;
	unsigned kind = at(p, n, 0) % 4U;

	memset(&tr, 0, sizeof(tr));
	tr.kind = (enum mip_traffic_kind)kind;
	tr.src = (at(p, n, 1) & 0x80) ? home(at(p, n, 1)) : peer(at(p, n, 1));
	tr.dst = home(at(p, n, 2));
	tr.outer_src = peer(at(p, n, 3));
	tr.outer_dst = (at(p, n, 3) & 0x80) ? tr.dst : ip(10, 0, 0, 1);
	tr.tunnel_id = t != NULL && at(p, n, 4) < 0x80
	    ? t->id
	    : (uint32_t)at(p, n, 4) << 8 | at(p, n, 5);
	tr.ifindex = at(p, n, 6) % 3U;
	tr.encap = (enum mip_encap_kind)(at(p, n, 7) % 3U);
	report(w, &tr, kind < 3);
}

static void
ro_tunnelled(struct world *w, const uint8_t *p, size_t n, bool special)
{
	const struct mip_act_tunnel *t = live(w, at(p, n, special ? 2 : 1));
	struct mip_traffic tr;

	if (t == NULL)
		return;
	memset(&tr, 0, sizeof(tr));
	tr.kind = special ? MIP_TRAFFIC_SPECIAL : MIP_TRAFFIC_TUNNELLED;
	tr.src = peer(at(p, n, 0));
	tr.dst = t->home_addr;
	tr.tunnel_id = t->id;
	if (special) {
		/* RO spec 3: outer destination = inner = the home address;
		 * from the care-of address itself it was dropped. */
		tr.outer_src =
		    (at(p, n, 1) & 0x80) ? t->remote : peer(at(p, n, 1));
		tr.outer_dst = t->home_addr;
	}
	report(w, &tr, true);
}

static void
ro_record(struct world *w, uint8_t kind, const uint8_t *p, size_t n)
{
	switch (kind & 7) {
	case 0:
		ro_send(
		    w, peer(at(p, n, 0)), n > 0 ? p + 1 : p, n > 0 ? n - 1 : 0);
		break;
	case 1:
		ro_br(w, p, n);
		break;
	case 2:
		ro_bw(w, p, n);
		break;
	case 3:
		ro_ba(w, p, n);
		break;
	case 4:
		ro_bu(w, p, n);
		break;
	case 5:
		ro_traffic(w, p, n);
		break;
	default:
		ro_tunnelled(w, p, n, (kind & 7) == 7);
		break;
	}
}

static int
world_init(struct world *w, struct mip_mem *mem, struct mip_rand *rnd)
{
	static const struct {
		uint8_t d;
		enum mip_replay_method replay;
	} defs[NSAS] = { { 10, MIP_REPLAY_TIMESTAMP },
		{ 11, MIP_REPLAY_TIMESTAMP }, { 12, MIP_REPLAY_NONCE },
		{ 20, MIP_REPLAY_TIMESTAMP }, { 0, MIP_REPLAY_TIMESTAMP },
		{ 0, MIP_REPLAY_TIMESTAMP }, { 0, MIP_REPLAY_NONCE } };
	static struct mip_if_config ifs[1];
	static struct mip_ha_mn_config mns[NMNS];
	static struct mip_ro_peer_config ro_peers[NPEERS];
	static struct mip_ha_ro_config ro;
	static struct mip_ha_config ha;
	struct mip_node_config cfg;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->now.mono = MIP_SEC;
	w->now.ntp = 3976214400ULL << 32;
	for (i = 0; i < NSAS; i++) {
		mip_sa_config_init(&w->sas[i]);
		/* then the foreign agent's, then the RO peers' */
		w->sas[i].peer = defs[i].d ? ip(10, 0, 0, defs[i].d)
		    : i == SA_FA	   ? ip(192, 0, 2, 1)
					   : peers[i - SA_PEER];
		w->sas[i].spi = 256 + (uint32_t)i;
		w->sas[i].replay = defs[i].replay;
		w->sas[i].key_len = 16;
		memset(w->sas[i].key, (int)(0x30 + i), 16);
		if (mip_sa_new(&w->tsa[i], &w->sas[i], mem) != 0)
			return -1;
	}
	memset(ifs, 0, sizeof(ifs));
	ifs[0].ifindex = 1;
	ifs[0].addr = ip(10, 0, 0, 1);
	ifs[0].plen = 24;
	ifs[0].hwaddr[0] = 2;
	for (i = 0; i < NMNS; i++) {
		mns[i].home_addr = w->sas[i].peer;
		mns[i].spi = w->sas[i].spi;
	}
	for (i = 0; i < NPEERS; i++) {
		ro_peers[i].addr = w->sas[SA_FA + i].peer;
		ro_peers[i].spi = w->sas[SA_FA + i].spi;
	}
	mip_ha_ro_config_init(&ro);
	ro.peers = ro_peers;
	ro.npeers = NPEERS;
	ro.max_pairs = 4; /* small: replacement happens */
	ro.bu_ack = true;
	memset(&ha, 0, sizeof(ha));
	ha.home_ifindex = 1;
	ha.addr = ip(10, 0, 0, 1);
	ha.plen = 24;
	ha.max_lifetime = MAX_LIFETIME;
	ha.encaps = MIP_ENCAPS_GRE;
	ha.reverse_tunnel = true;
	ha.max_simultaneous = 2;
	ha.max_bindings = 4;
	ha.adv_interval_ms = 1000;
	ha.adv_lifetime = 30;
	ha.mns = mns;
	ha.nmns = NMNS;
	ha.ro = &ro;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_HA;
	cfg.ifs = ifs;
	cfg.nifs = 1;
	cfg.sas = w->sas;
	cfg.nsas = NSAS;
	cfg.ha = &ha;
	cfg.profile = mip_profile_default; /* RO numbering (spec 0.4) */
	return mip_node_new(&w->node, &cfg, mem, rnd, &w->now) == 0 ? 0 : -1;
}

static void
world_free(struct world *w)
{
	size_t i;

	mip_node_del(w->node);
	for (i = 0; i < NSAS; i++)
		mip_sa_free(w->tsa[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mip_mem mem = { NULL, m_malloc, m_calloc, m_free };
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	struct mip_rand rnd = { &seed, r_fill };
	struct mip_cmd cmd;
	struct world w;
	size_t off = 0;

	if (world_init(&w, &mem, &rnd) != 0)
		__builtin_trap();
	drain(&w);
	while (size - off >= 4) {
		uint8_t dt = data[off], kind = data[off + 1];
		size_t n = (size_t)mip_get_be16(data + off + 2);
		const uint8_t *p = data + off + 4;

		off += 4;
		if (n > size - off)
			n = size - off;
		off += n;
		advance(&w, dt);
		if (kind & 0x80) {
			ro_record(&w, kind, p, n);
			continue;
		}
		switch (kind & 7) {
		case 0:
			packet(&w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 1), 434, NULL, p, n);
			break;
		case 1:
			packet(&w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 255), 434, NULL, p, n);
			break;
		case 2:
			packet(&w, MIP_PKT_ICMP, 1, ip(10, 0, 0, 10),
			    ip(10, 0, 0, 1), 0, NULL, p, n);
			break;
		case 3:
			packet(&w, MIP_PKT_IP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 10), 0, NULL, p, n);
			break;
		case 4:
		case 5:
			memset(&cmd, 0, sizeof(cmd));
			cmd.kind = (kind & 7) == 4 ? MIP_CMD_FLUSH_BINDING
						   : MIP_CMD_FLUSH_ALL;
			cmd.home_addr = ip(10, 0, 0, n > 0 ? p[0] : 10);
			(void)mip_node_handle_cmd(w.node, &cmd, &w.now);
			drain(&w);
			break;
		case 6:
			signed_request(&w, kind, p, n);
			break;
		default:
			packet(&w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 1), 5000, NULL, p, n);
			break;
		}
	}
	/* Everything added must go away with the bindings. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = MIP_CMD_FLUSH_ALL;
	if (mip_node_handle_cmd(w.node, &cmd, &w.now) != 0)
		__builtin_trap();
	drain(&w);
	if (w.ntunnels != 0 || w.nproxies != 0)
		__builtin_trap();
	world_free(&w);
	return 0;
}
