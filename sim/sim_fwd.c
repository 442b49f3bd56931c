/* SPDX-License-Identifier: ISC */
/*
 * The simulated IPv4 data plane of one node: local delivery (to the hosted
 * engine, the echo responder and the flows), decapsulation against the
 * tunnel table, forwarding with TTL decrement and the optional ingress
 * filter, reverse-tunnel rules, longest-prefix-match routing with one copy
 * per simultaneous-binding tunnel, encapsulation with libmip's mip_encap,
 * and next-hop resolution through static neighbours, the ARP cache and a
 * modelled ARP exchange (owners first, then proxy-ARP entries).
 */
#include <stdlib.h>
#include <string.h>

#include "mip/mip_encap.h"
#include "mip/mip_proto.h"
#include "sim_int.h"

static void input(struct sim_node *n, uint32_t in_ifindex,
    const uint8_t *src_hw, const uint8_t *pkt, size_t len, int depth,
    bool tunnelled);
static void route_out(struct sim_node *n, const uint8_t *pkt, size_t len,
    uint32_t in_ifindex, int depth);

/* ---- addresses ---- */

static bool
is_bcast_or_mcast(struct mip_ip4 a)
{
	return a.v == 0xffffffffU || (a.v & 0xf0000000U) == 0xe0000000U;
}

bool
sim_is_own_addr(const struct sim_node *n, struct mip_ip4 a)
{
	size_t i, k;

	for (i = 0; i < n->nifs; i++)
		for (k = 0; k < n->ifs[i]->naddrs; k++)
			if (mip_ip4_eq(n->ifs[i]->addrs[k].addr, a))
				return true;
	return false;
}

/* The interface whose attached subnet has |a| as directed broadcast. */
static struct sim_iface *
dbcast_if(const struct sim_node *n, struct mip_ip4 a)
{
	size_t i, k;

	for (i = 0; i < n->nifs; i++) {
		const struct sim_iface *ifc = n->ifs[i];

		for (k = 0; k < ifc->naddrs; k++) {
			uint8_t plen = ifc->addrs[k].plen;
			uint32_t m = sim_mask(plen);

			if (plen == 0 || plen > 30 || ifc->addrs[k].addr.v == 0)
				continue;
			if (sim_in_prefix(a, ifc->addrs[k].addr, plen) &&
			    (a.v & ~m) == ~m)
				return n->ifs[i];
		}
	}
	return NULL;
}

static struct mip_ip4
pkt_src(const uint8_t *pkt)
{
	struct mip_ip4 a = { ((uint32_t)pkt[12] << 24) |
		((uint32_t)pkt[13] << 16) | ((uint32_t)pkt[14] << 8) |
		pkt[15] };
	return a;
}

static struct mip_ip4
pkt_dst(const uint8_t *pkt)
{
	struct mip_ip4 a = { ((uint32_t)pkt[16] << 24) |
		((uint32_t)pkt[17] << 16) | ((uint32_t)pkt[18] << 8) |
		pkt[19] };
	return a;
}

void
sim_drop(
    struct sim_node *n, enum sim_drop reason, const uint8_t *pkt, size_t len)
{
	char desc[256];

	n->cnt.drops[reason]++;
	if (!sim_tr_on(n->w, SIM_TR_DROP))
		return;
	sim_pkt_describe(pkt, len, desc, sizeof(desc));
	sim_tr(n->w, SIM_TR_DROP, n->name, "drop", "reason=%s %s",
	    sim_drop_name(reason), desc);
}

/* ---- routing ---- */

static const struct mip_act_tunnel *tunnel_by_id(
    const struct sim_node *n, uint32_t id);

/* Which tunnel routes a lookup may return. */
enum fib_tunnels {
	FIB_ANY,
	FIB_NO_TUNNELS,
	FIB_SPECIAL_ONLY, /* RO spec 3: a special tunnel passes the others */
};

static bool
tunnel_route_ok(
    const struct sim_node *n, const struct sim_route *r, enum fib_tunnels which)
{
	const struct mip_act_tunnel *t;

	if (r->r.tunnel_id == 0 || which == FIB_ANY)
		return true;
	if (which == FIB_NO_TUNNELS)
		return false;
	t = tunnel_by_id(n, r->r.tunnel_id);
	return t != NULL && t->special;
}

/*
 * Longest prefix match; the first added wins a tie. |only_if| nonzero
 * restricts to routes out of that interface; |which| says which tunnel
 * routes count.
 */
static const struct sim_route *
fib_lookup_t(const struct sim_node *n, struct mip_ip4 dst, uint32_t only_if,
    enum fib_tunnels which)
{
	const struct sim_route *best = NULL;
	size_t i;

	for (i = 0; i < n->nroutes; i++) {
		const struct sim_route *r = &n->routes[i];

		if (!sim_in_prefix(dst, r->r.dst, r->r.plen))
			continue;
		if (!tunnel_route_ok(n, r, which))
			continue;
		if (only_if != 0 && r->r.ifindex != only_if)
			continue;
		if (best == NULL || r->r.plen > best->r.plen)
			best = r;
	}
	return best;
}

static const struct sim_route *
fib_lookup(const struct sim_node *n, struct mip_ip4 dst, uint32_t only_if,
    bool no_tunnels)
{
	return fib_lookup_t(
	    n, dst, only_if, no_tunnels ? FIB_NO_TUNNELS : FIB_ANY);
}

/* The interface a non-tunnel route leaves by, resolving a gateway-only
 * route through the connected routes. */
static struct sim_iface *
route_if(const struct sim_node *n, const struct sim_route *r)
{
	const struct sim_route *c;

	if (r->r.ifindex != 0)
		return sim_node_if(n, r->r.ifindex);
	if (r->r.gw.v == 0)
		return NULL;
	c = fib_lookup(n, r->r.gw, 0, true);
	if (c == NULL || c->r.ifindex == 0)
		return NULL;
	return sim_node_if(n, c->r.ifindex);
}

static const struct mip_act_tunnel *
tunnel_by_id(const struct sim_node *n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n->ntunnels; i++)
		if (n->tunnels[i].id == id)
			return &n->tunnels[i];
	return NULL;
}

struct mip_ip4
sim_fwd_pick_src(const struct sim_node *n, struct mip_ip4 dst)
{
	const struct sim_route *r = fib_lookup(n, dst, 0, true);
	const struct sim_iface *ifc = r != NULL ? route_if(n, r) : NULL;
	struct mip_ip4 none = { 0 };

	if (ifc == NULL && n->nifs > 0)
		ifc = n->ifs[0];
	return ifc != NULL ? ifc->addrs[0].addr : none;
}

/* ---- next hop resolution (ARP, RFC 826, modelled without packets) ---- */

static bool
neigh_find(const struct sim_neigh *v, size_t nv, uint32_t ifindex,
    struct mip_ip4 addr, uint8_t hw[MIP_HWADDR_LEN])
{
	size_t i;

	for (i = 0; i < nv; i++) {
		if (v[i].ifindex != ifindex || !mip_ip4_eq(v[i].addr, addr))
			continue;
		if (hw != NULL)
			memcpy(hw, v[i].hw, MIP_HWADDR_LEN);
		return true;
	}
	return false;
}

bool
sim_arp_lookup(const struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr,
    uint8_t hw[MIP_HWADDR_LEN])
{
	return neigh_find(n->neighs, n->nneighs, ifindex, addr, hw) ||
	    neigh_find(n->arp, n->narp, ifindex, addr, hw);
}

static bool
owns(const struct sim_iface *m, struct mip_ip4 a)
{
	size_t k;

	for (k = 0; k < m->naddrs; k++)
		if (mip_ip4_eq(m->addrs[k].addr, a))
			return true;
	return false;
}

/*
 * One ARP exchange on |ifc|'s link for |nh|: the station that owns the
 * address answers, else one holding a proxy entry for it (RFC 5944 4.6),
 * in attachment order. The target learns the requester's mapping and
 * every station that already caches the requester's address refreshes it
 * (RFC 826 merge).
 */
static bool
arp_exchange(struct sim_iface *ifc, struct mip_ip4 nh, uint8_t hw[6])
{
	struct sim_link *l = ifc->link;
	struct sim_iface *target = NULL;
	struct mip_ip4 sender = ifc->addrs[0].addr;
	char a[16], h[18];
	size_t i;

	for (i = 0; i < l->nmembers && target == NULL; i++)
		if (l->members[i] != ifc && owns(l->members[i], nh))
			target = l->members[i];
	for (i = 0; i < l->nmembers && target == NULL; i++) {
		struct sim_iface *m = l->members[i];

		if (m != ifc &&
		    neigh_find(m->node->proxies, m->node->nproxies, m->ifindex,
			nh, NULL))
			target = m;
	}
	if (target == NULL) {
		sim_tr(ifc->node->w, SIM_TR_CTRL, ifc->node->name, "arp",
		    "if=%s who=%s res=unresolved", ifc->name,
		    sim_ip_str(nh, a));
		return false;
	}
	memcpy(hw, target->hw, MIP_HWADDR_LEN);
	sim_arp_learn(ifc->node, ifc->ifindex, nh, hw, true);
	if (sender.v != 0) {
		for (i = 0; i < l->nmembers; i++) {
			struct sim_iface *m = l->members[i];

			if (m != ifc)
				sim_arp_learn(m->node, m->ifindex, sender,
				    ifc->hw, m == target);
		}
	}
	sim_tr(ifc->node->w, SIM_TR_CTRL, ifc->node->name, "arp",
	    "if=%s who=%s at=%s by=%s", ifc->name, sim_ip_str(nh, a),
	    sim_hw_str(hw, h), target->node->name);
	return true;
}

static void
link_out(struct sim_node *n, struct sim_iface *ifc, struct mip_ip4 nh,
    const uint8_t *pkt, size_t len)
{
	struct mip_ip4 dst = pkt_dst(pkt);
	uint8_t hw[MIP_HWADDR_LEN];

	if (ifc->link == NULL) {
		sim_drop(n, SIM_DROP_DETACHED, pkt, len);
		return;
	}
	if (is_bcast_or_mcast(dst) || dbcast_if(n, dst) == ifc) {
		sim_link_transmit(ifc, sim_hw_bcast, pkt, len);
		return;
	}
	if (!sim_arp_lookup(n, ifc->ifindex, nh, hw) &&
	    !arp_exchange(ifc, nh, hw)) {
		sim_drop(n, SIM_DROP_ARP, pkt, len);
		return;
	}
	sim_link_transmit(ifc, hw, pkt, len);
}

static void
route_via(struct sim_node *n, const struct sim_route *r, const uint8_t *pkt,
    size_t len)
{
	struct sim_iface *ifc = route_if(n, r);

	if (ifc == NULL) {
		sim_drop(n, SIM_DROP_NO_ROUTE, pkt, len);
		return;
	}
	link_out(n, ifc, r->r.gw.v != 0 ? r->r.gw : pkt_dst(pkt), pkt, len);
}

/* ---- traffic reports (mip_node.h struct mip_traffic) ---- */

/*
 * The host's rate limit of mip_node.h: at most one report a second per
 * key (mip_traffic_key), the first at once. Keys share
 * SIM_TRAFFIC_RL_SLOTS slots by hash; a collision only lets a report
 * through early.
 */
static bool
traffic_due(struct sim_node *n, const struct mip_traffic *tr, mip_tstamp now)
{
	uint32_t key[4];
	size_t i;

	i = (size_t)(mip_traffic_key(tr, key) >> 58) % SIM_TRAFFIC_RL_SLOTS;
	if (n->traffic_rl[i].last != 0 &&
	    memcmp(n->traffic_rl[i].key, key, sizeof(key)) == 0 &&
	    now - n->traffic_rl[i].last < MIP_SEC)
		return false;
	memcpy(n->traffic_rl[i].key, key, sizeof(key));
	n->traffic_rl[i].last = now;
	return true;
}

static void
traffic_report(struct sim_node *n, const struct mip_traffic *tr)
{
	struct mip_now now = sim_node_now(n);

	/* mono is never 0 once the world runs; 0 marks a free slot. */
	if (n->mip == NULL || !traffic_due(n, tr, now.mono + 1))
		return;
	sim_node_check_rc(n, mip_node_handle_traffic(n->mip, tr, &now));
	sim_node_drain(n);
}

/*
 * A data packet went into tunnel |id| (MIP_TRAFFIC_TUNNELLED). Reported
 * once the packet is on its way: the actions the report yields may
 * change the tables the forwarding walked.
 */
static void
report_tunnelled(struct sim_node *n, uint32_t id, const uint8_t *pkt)
{
	struct mip_traffic tr;

	memset(&tr, 0, sizeof(tr));
	tr.kind = MIP_TRAFFIC_TUNNELLED;
	tr.src = pkt_src(pkt);
	tr.dst = pkt_dst(pkt);
	tr.tunnel_id = id;
	traffic_report(n, &tr);
}

/* An encapsulated packet no tunnel matched (MIP_TRAFFIC_UNMATCHED). */
static void
report_unmatched(
    struct sim_node *n, uint32_t in_ifindex, const struct mip_decap *d)
{
	struct mip_traffic tr;

	mip_traffic_decap(&tr, MIP_TRAFFIC_UNMATCHED, d);
	tr.ifindex = in_ifindex;
	traffic_report(n, &tr);
}

/* ---- tunnels (RFC 2003, 2004, 2784 via mip_encap) ---- */

static void
tunnel_out(struct sim_node *n, const struct mip_act_tunnel *t,
    struct mip_ip4 outer_dst, const uint8_t *pkt, size_t len, int depth)
{
	uint8_t out[SIM_PKT_MAX];
	struct mip_encap_params p;
	char a[16], b[16];
	mip_ssize rc;
	uint32_t id;

	if (depth >= SIM_MAX_DEPTH) {
		sim_drop(n, SIM_DROP_LOOP, pkt, len);
		return;
	}
	memset(&p, 0, sizeof(p));
	p.src = t->local;
	p.dst = outer_dst;
	p.ttl = SIM_DEFAULT_TTL;
	p.id = n->ip_id++;
	rc = mip_encap_packet(
	    out, sizeof(out), mip_encap_of(t->encap), &p, pkt, len);
	if (rc < 0) {
		sim_drop(n, SIM_DROP_ENCAP, pkt, len);
		return;
	}
	n->cnt.encap++;
	n->cnt.encap_bytes += len;
	sim_tr(n->w, SIM_TR_DATA, n->name, "encap", "tunnel=%u src=%s dst=%s",
	    t->id, sim_ip_str(p.src, a), sim_ip_str(p.dst, b));
	id = t->id;
	route_out(n, out, (size_t)rc, 0, depth + 1);
	report_tunnelled(n, id, pkt);
}

static void
tunnel_id_out(
    struct sim_node *n, uint32_t id, const uint8_t *pkt, size_t len, int depth)
{
	const struct mip_act_tunnel *t = tunnel_by_id(n, id);

	if (t == NULL) {
		sim_drop(n, SIM_DROP_NO_TUNNEL, pkt, len);
		return;
	}
	tunnel_out(n, t, t->remote, pkt, len, depth);
}

/* A special tunnel reached tunnel |id| (MIP_TRAFFIC_SPECIAL). */
static void
report_special(struct sim_node *n, uint32_t id, const struct mip_decap *d)
{
	struct mip_traffic tr;

	mip_traffic_decap(&tr, MIP_TRAFFIC_SPECIAL, d);
	tr.tunnel_id = id;
	traffic_report(n, &tr);
}

/*
 * mip_node.h, struct mip_act_tunnel |special| (RO spec 3 steps 3, 4): the
 * inner packet goes down the tunnel, unless the special tunnel came from
 * the tunnel's own remote end, the current care-of address: never looped
 * back, dropped. Either way it is reported.
 */
static void
special_out(
    struct sim_node *n, uint32_t id, const uint8_t *pkt, size_t len, int depth)
{
	const struct mip_act_tunnel *t = tunnel_by_id(n, id);
	uint8_t buf[SIM_PKT_MAX];
	struct mip_decap d;

	if (t == NULL) {
		sim_drop(n, SIM_DROP_NO_TUNNEL, pkt, len);
		return;
	}
	if (mip_decap_packet(&d, pkt, len, buf, sizeof(buf), NULL) != 0) {
		sim_drop(n, SIM_DROP_ENCAP, pkt, len);
		return;
	}
	if (mip_ip4_eq(d.outer.src, t->remote))
		sim_drop(n, SIM_DROP_LOOP, pkt, len);
	else
		tunnel_out(n, t, t->remote, d.inner, d.inner_len, depth);
	report_special(n, id, &d);
}

/*
 * RFC 5944 4.3: a broadcast received on the home link goes down each
 * tunnel whose binding asked for broadcasts (B); unless the mobile node
 * decapsulates itself (D), it is first encapsulated to the home address
 * so that the foreign agent can deliver it.
 */
static void
bcast_to_tunnels(struct sim_node *n, const struct sim_iface *in,
    const uint8_t *pkt, size_t len, int depth)
{
	uint8_t inner[SIM_PKT_MAX];
	struct mip_encap_params p;
	size_t i;

	for (i = 0; i < n->ntunnels; i++) {
		const struct mip_act_tunnel *t = &n->tunnels[i];
		mip_ssize rc;

		if (!t->broadcast ||
		    !sim_in_prefix(
			t->home_addr, in->addrs[0].addr, in->addrs[0].plen))
			continue;
		if (t->colocated) {
			tunnel_out(n, t, t->remote, pkt, len, depth);
			continue;
		}
		memset(&p, 0, sizeof(p));
		p.src = t->local;
		p.dst = t->home_addr;
		p.ttl = SIM_DEFAULT_TTL;
		p.id = n->ip_id++;
		rc = mip_encap_packet(
		    inner, sizeof(inner), mip_encap_of(t->encap), &p, pkt, len);
		if (rc < 0) {
			sim_drop(n, SIM_DROP_ENCAP, pkt, len);
			continue;
		}
		tunnel_out(n, t, t->remote, inner, (size_t)rc, depth + 1);
	}
}

/* Whether some route leads into tunnel |id|. */
static bool
routed_into(const struct sim_node *n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n->nroutes; i++)
		if (n->routes[i].r.tunnel_id == id)
			return true;
	return false;
}

static bool
tunnel_match(const struct sim_node *n, const struct mip_act_tunnel *t,
    const struct mip_decap *d)
{
	bool from_remote = mip_ip4_eq(t->remote, d->outer.src);

	if (!mip_ip4_eq(t->local, d->outer.dst))
		return false;
	/* RO draft 3, paper 2: a correspondent node with a binding tunnels
	 * straight to the care-of address, so the forward direction is
	 * accepted from any outer source; but not by a tunnel a route leads
	 * into (a cache entry, a binding): that one forwards, and a packet
	 * for its home address from elsewhere comes from a stale binding
	 * (mip_node.h MIP_TRAFFIC_UNMATCHED; paper 3.1). */
	if (mip_ip4_eq(d->inner_hdr.dst, t->home_addr) &&
	    (from_remote || !routed_into(n, t->id)))
		return true;
	if (!from_remote)
		return false;
	/* RFC 3024 4.3.2: a reverse tunnel carries the home address as the
	 * inner source and comes from the registered care-of address. */
	return t->reverse && mip_ip4_eq(d->inner_hdr.src, t->home_addr);
}

static const struct mip_act_tunnel *
tunnel_find(const struct sim_node *n, const struct mip_decap *d)
{
	size_t i;

	for (i = 0; i < n->ntunnels; i++)
		if (tunnel_match(n, &n->tunnels[i], d))
			return &n->tunnels[i];
	return NULL;
}

static void
decap_in(struct sim_node *n, uint32_t in_ifindex, const uint8_t *pkt,
    size_t len, int depth)
{
	uint8_t buf[SIM_PKT_MAX];
	struct mip_decap d;
	const struct mip_act_tunnel *t;
	const struct sim_route *r;
	uint32_t retunnel = 0;
	char a[16], b[16];

	if (mip_decap_packet(&d, pkt, len, buf, sizeof(buf), NULL) != 0) {
		sim_drop(n, SIM_DROP_ENCAP, pkt, len);
		return;
	}
	if ((t = tunnel_find(n, &d)) == NULL) {
		report_unmatched(n, in_ifindex, &d);
		/* mip_node.h: after the report's actions, a tunnel that now
		 * matches takes the packet; else one the inner destination
		 * is routed into (a cache entry or a special tunnel) gets it
		 * re-tunnelled (paper 3.1, 4.3; RO spec 3). */
		t = tunnel_find(n, &d);
		if (t == NULL) {
			r = fib_lookup(n, d.inner_hdr.dst, 0, false);
			if (r == NULL || r->r.tunnel_id == 0) {
				sim_drop(n, SIM_DROP_NO_TUNNEL, pkt, len);
				return;
			}
			retunnel = r->r.tunnel_id;
		}
	}
	if (depth >= SIM_MAX_DEPTH) {
		sim_drop(n, SIM_DROP_LOOP, pkt, len);
		return;
	}
	n->cnt.decap++;
	n->cnt.decap_bytes += d.inner_len;
	sim_tr(n->w, SIM_TR_DATA, n->name, retunnel != 0 ? "retunnel" : "decap",
	    "tunnel=%u src=%s dst=%s", t != NULL ? t->id : retunnel,
	    sim_ip_str(d.outer.src, a), sim_ip_str(d.outer.dst, b));
	input(n, in_ifindex, NULL, d.inner, d.inner_len, depth + 1, true);
}

/* ---- local delivery ---- */

static void
no_listener(struct sim_node *n, const struct mip_ip4_hdr *h, const uint8_t *pkt,
    size_t len)
{
	/* Broadcasts nobody here wants are not worth a line each. */
	if (is_bcast_or_mcast(h->dst) || dbcast_if(n, h->dst) != NULL)
		return;
	sim_drop(n, SIM_DROP_NO_LISTENER, pkt, len);
}

static void
engine_in(struct sim_node *n, enum mip_pkt_kind kind, uint32_t in_ifindex,
    const uint8_t *src_hw, const struct mip_ip4_hdr *h, uint16_t sport,
    uint16_t dport, const uint8_t *data, size_t dlen)
{
	struct mip_pkt_in in;
	struct mip_now now = sim_node_now(n);
	char a[16], b[16];

	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.ifindex = in_ifindex;
	in.src = h->src;
	in.dst = h->dst;
	in.sport = sport;
	in.dport = dport;
	in.ttl = h->ttl;
	if (src_hw != NULL) {
		in.has_hwaddr = true;
		memcpy(in.src_hwaddr, src_hw, MIP_HWADDR_LEN);
	}
	in.data = data;
	in.len = dlen;
	n->cnt.to_engine++;
	sim_tr(n->w, SIM_TR_NODE, n->name, "rx",
	    "if=%s kind=%s src=%s dst=%s len=%zu",
	    in_ifindex != 0 ? sim_node_if(n, in_ifindex)->name : "lo",
	    kind == MIP_PKT_UDP ? "udp" : "icmp", sim_ip_str(h->src, a),
	    sim_ip_str(h->dst, b), dlen);
	sim_node_check_rc(n, mip_node_handle_packet(n->mip, &in, &now));
	sim_node_drain(n);
}

static void
echo_reply(struct sim_node *n, const struct mip_ip4_hdr *h,
    const struct mip_icmp_hdr *icmp)
{
	uint8_t out[SIM_PKT_MAX];
	struct mip_ip4_hdr ip;
	mip_ssize rc;

	memset(&ip, 0, sizeof(ip));
	ip.id = n->ip_id++;
	ip.ttl = SIM_DEFAULT_TTL;
	ip.src = h->dst;
	ip.dst = h->src;
	rc = mip_ip4_icmp_build(out, sizeof(out), &ip, MIP_ICMP_ECHO_REPLY, 0,
	    icmp->body, icmp->body_len);
	if (rc < 0)
		return;
	n->cnt.echo_replies++;
	sim_fwd_output(n, out, (size_t)rc);
}

static void
local_in(struct sim_node *n, uint32_t in_ifindex, const uint8_t *src_hw,
    const struct mip_ip4_hdr *h, const uint8_t *pkt, size_t len, int depth)
{
	struct mip_udp_hdr udp;
	struct mip_icmp_hdr icmp;

	switch (h->proto) {
	case MIP_IPPROTO_IPIP:
	case MIP_IPPROTO_MINENC:
	case MIP_IPPROTO_GRE:
		decap_in(n, in_ifindex, pkt, len, depth);
		return;
	case MIP_IPPROTO_UDP:
		if (mip_udp_decode(&udp, h->payload, h->payload_len, h->src,
			h->dst, NULL) != 0) {
			sim_drop(n, SIM_DROP_BAD_PACKET, pkt, len);
			return;
		}
		if (udp.sport == MIP_UDP_PORT || udp.dport == MIP_UDP_PORT) {
			if (n->mip != NULL)
				engine_in(n, MIP_PKT_UDP, in_ifindex, src_hw, h,
				    udp.sport, udp.dport, udp.payload,
				    udp.payload_len);
			else
				no_listener(n, h, pkt, len);
			return;
		}
		if (!sim_traffic_udp_rx(n, udp.payload, udp.payload_len))
			no_listener(n, h, pkt, len);
		return;
	case MIP_IPPROTO_ICMP:
		if (mip_icmp_decode(&icmp, h->payload, h->payload_len, NULL) !=
		    0) {
			sim_drop(n, SIM_DROP_BAD_PACKET, pkt, len);
			return;
		}
		if ((icmp.type == MIP_ICMP_ROUTER_ADV ||
			icmp.type == MIP_ICMP_ROUTER_SOL) &&
		    n->mip != NULL) {
			engine_in(n, MIP_PKT_ICMP, in_ifindex, src_hw, h, 0, 0,
			    h->payload, h->payload_len);
			return;
		}
		if (icmp.type == MIP_ICMP_ECHO && sim_is_own_addr(n, h->dst)) {
			echo_reply(n, h, &icmp);
			return;
		}
		if (icmp.type == MIP_ICMP_ECHO_REPLY &&
		    sim_traffic_echo_rx(n, icmp.body, icmp.body_len))
			return;
		no_listener(n, h, pkt, len);
		return;
	default:
		no_listener(n, h, pkt, len);
		return;
	}
}

/* ---- input and forwarding ---- */

/* RFC 2827 ingress filtering: the route back to |src| must leave by the
 * interface the packet came in on. */
static bool
source_ok(const struct sim_node *n, struct mip_ip4 src, uint32_t in_ifindex)
{
	const struct sim_route *r = fib_lookup(n, src, 0, false);
	const struct sim_iface *ifc;

	if (r == NULL || r->r.tunnel_id != 0)
		return false;
	ifc = route_if(n, r);
	return ifc != NULL && ifc->ifindex == in_ifindex;
}

/* Forward a transit packet: TTL decrement (RFC 791), then route. */
static void
forward(struct sim_node *n, const uint8_t *pkt, size_t len,
    const struct mip_ip4_hdr *h, uint32_t in_ifindex, int depth,
    struct sim_iface *bcast_on)
{
	uint8_t buf[SIM_PKT_MAX];
	size_t hlen = mip_ip4_hdr_len(h);
	uint16_t csum;

	if (h->ttl <= 1) {
		sim_drop(n, SIM_DROP_TTL, pkt, len);
		return;
	}
	memcpy(buf, pkt, len);
	buf[8] = (uint8_t)(h->ttl - 1U);
	buf[10] = 0;
	buf[11] = 0;
	csum = mip_csum(buf, hlen);
	buf[10] = (uint8_t)(csum >> 8);
	buf[11] = (uint8_t)csum;
	n->cnt.forwarded++;
	if (bcast_on != NULL)
		link_out(n, bcast_on, h->dst, buf, len);
	else
		route_out(n, buf, len, in_ifindex, depth);
}

static void
input(struct sim_node *n, uint32_t in_ifindex, const uint8_t *src_hw,
    const uint8_t *pkt, size_t len, int depth, bool tunnelled)
{
	struct mip_ip4_hdr h;
	struct sim_iface *dbc;

	if (mip_ip4_hdr_decode(&h, pkt, len, NULL) != 0) {
		sim_drop(n, SIM_DROP_BAD_PACKET, pkt, len);
		return;
	}
	len = h.total_len; /* link padding is not part of the packet */
	if (!tunnelled)
		n->cnt.rx++;
	dbc = dbcast_if(n, h.dst);
	if (sim_is_own_addr(n, h.dst) || is_bcast_or_mcast(h.dst) ||
	    dbc != NULL) {
		/* RFC 1812 5.3.5.2: a directed broadcast for an attached
		 * subnet arriving from elsewhere is also sent on it. */
		if (dbc != NULL && n->forwarding && in_ifindex != 0 &&
		    dbc->ifindex != in_ifindex)
			forward(n, pkt, len, &h, in_ifindex, depth, dbc);
		local_in(n, in_ifindex, src_hw, &h, pkt, len, depth);
		if (!tunnelled && in_ifindex != 0 && n->ntunnels > 0 &&
		    !sim_is_own_addr(n, h.dst))
			bcast_to_tunnels(
			    n, sim_node_if(n, in_ifindex), pkt, len, depth);
		return;
	}
	if (!n->forwarding) {
		sim_drop(n, SIM_DROP_NOT_FORWARDING, pkt, len);
		return;
	}
	if (n->ingress_filter && !tunnelled && in_ifindex != 0 &&
	    !source_ok(n, h.src, in_ifindex)) {
		sim_drop(n, SIM_DROP_INGRESS, pkt, len);
		return;
	}
	forward(n, pkt, len, &h, in_ifindex, depth, NULL);
}

static void
route_out(struct sim_node *n, const uint8_t *pkt, size_t len,
    uint32_t in_ifindex, int depth)
{
	struct mip_ip4 src = pkt_src(pkt), dst = pkt_dst(pkt);
	const struct sim_route *best;
	bool special;
	size_t i;

	/* Reverse-tunnel rules come before the FIB (RFC 3024 5.2). */
	for (i = 0; i < n->nrules; i++) {
		const struct mip_act_rule *r = &n->rules[i];

		if (mip_ip4_eq(r->src, src) &&
		    (r->ifindex == 0 || r->ifindex == in_ifindex)) {
			tunnel_id_out(n, r->tunnel_id, pkt, len, depth);
			return;
		}
	}
	special = mip_encap_is_special(pkt, len);
	best = fib_lookup_t(n, dst, 0, special ? FIB_SPECIAL_ONLY : FIB_ANY);
	if (best == NULL) {
		sim_drop(n, SIM_DROP_NO_ROUTE, pkt, len);
		return;
	}
	if (best->r.tunnel_id == 0) {
		route_via(n, best, pkt, len);
		return;
	}
	/* RFC 5944 3.6.1.3: one copy per simultaneous binding. */
	for (i = 0; i < n->nroutes; i++) {
		const struct sim_route *r = &n->routes[i];

		if (r->r.tunnel_id == 0 || r->r.plen != best->r.plen ||
		    !mip_ip4_eq(r->r.dst, best->r.dst) ||
		    !tunnel_route_ok(
			n, r, special ? FIB_SPECIAL_ONLY : FIB_ANY))
			continue;
		if (special)
			special_out(n, r->r.tunnel_id, pkt, len, depth);
		else
			tunnel_id_out(n, r->r.tunnel_id, pkt, len, depth);
	}
}

/* ---- entry points ---- */

void
sim_fwd_input(struct sim_node *n, uint32_t ifindex, const uint8_t *src_hw,
    const uint8_t *pkt, size_t len)
{
	input(n, ifindex, src_hw, pkt, len, 0, false);
}

void
sim_fwd_loopback(struct sim_node *n, const uint8_t *pkt, size_t len)
{
	struct sim_event *ev = sim_event_new(SIM_EV_DELIVER);

	if (ev == NULL || (ev->u.dlv.pkt = malloc(len ? len : 1)) == NULL) {
		free(ev);
		n->w->fatal = MIP_ERR_NOMEM;
		return;
	}
	memcpy(ev->u.dlv.pkt, pkt, len);
	ev->u.dlv.len = len;
	ev->u.dlv.node = n;
	if (sim_event_push(n->w, ev, n->w->now) != 0)
		n->w->fatal = MIP_ERR_NOMEM;
}

/* The first interface that is attached to a link. */
static struct sim_iface *
first_attached(const struct sim_node *n)
{
	size_t i;

	for (i = 0; i < n->nifs; i++)
		if (n->ifs[i]->link != NULL)
			return n->ifs[i];
	return NULL;
}

static bool
check_out(
    struct sim_node *n, const uint8_t *pkt, size_t len, struct mip_ip4_hdr *h)
{
	if (mip_ip4_hdr_decode(h, pkt, len, NULL) != 0) {
		sim_drop(n, SIM_DROP_BAD_PACKET, pkt, len);
		return false;
	}
	if (sim_is_own_addr(n, h->dst)) {
		sim_fwd_loopback(n, pkt, h->total_len);
		return false;
	}
	return true;
}

void
sim_fwd_output(struct sim_node *n, const uint8_t *pkt, size_t len)
{
	struct mip_ip4_hdr h;
	struct sim_iface *ifc;

	if (!check_out(n, pkt, len, &h))
		return;
	if (is_bcast_or_mcast(h.dst)) {
		if ((ifc = first_attached(n)) == NULL)
			sim_drop(n, SIM_DROP_DETACHED, pkt, len);
		else
			sim_link_transmit(ifc, sim_hw_bcast, pkt, h.total_len);
		return;
	}
	route_out(n, pkt, h.total_len, 0, 0);
}

void
sim_fwd_output_if(
    struct sim_node *n, uint32_t ifindex, const uint8_t *pkt, size_t len)
{
	struct sim_iface *ifc = sim_node_if(n, ifindex);
	const struct sim_route *r;
	struct mip_ip4_hdr h;

	if (ifindex == 0) {
		sim_fwd_output(n, pkt, len);
		return;
	}
	if (ifc == NULL) {
		sim_drop(n, SIM_DROP_NO_ROUTE, pkt, len);
		return;
	}
	if (!check_out(n, pkt, len, &h))
		return;
	/* Bound to the interface (like SO_BINDTODEVICE): routes out of it,
	 * else the destination is taken to be on-link there. */
	r = fib_lookup(n, h.dst, ifindex, true);
	link_out(n, ifc, r != NULL && r->r.gw.v != 0 ? r->r.gw : h.dst, pkt,
	    h.total_len);
}

int
sim_node_inject(
    struct sim_node *n, uint32_t ifindex, const uint8_t *pkt, size_t len)
{
	if (pkt == NULL || (ifindex != 0 && sim_node_if(n, ifindex) == NULL))
		return MIP_ERR_INVAL;
	if (ifindex == 0)
		sim_fwd_output(n, pkt, len);
	else
		sim_fwd_input(n, ifindex, NULL, pkt, len);
	return 0;
}
