/* SPDX-License-Identifier: ISC */
/*
 * Executing a node's actions (the simulator's counterpart of the daemon's
 * plat_apply): SEND builds IPv4 + UDP/ICMP and transmits, the table
 * actions change the node's FIB, tunnel table, reverse-tunnel rules,
 * static neighbours and proxy-ARP entries, ARP_ANNOUNCE refreshes the
 * other stations' ARP caches, NOTIFY becomes a trace line. The tables and
 * their small helpers live here too: nothing else writes them.
 */
#include <string.h>

#include "mip/mip_proto.h"
#include "sim_int.h"

/* ---- tables ---- */

static bool
route_eq(const struct mip_act_route *a, const struct mip_act_route *b)
{
	return mip_ip4_eq(a->dst, b->dst) && a->plen == b->plen &&
	    a->ifindex == b->ifindex && a->tunnel_id == b->tunnel_id &&
	    mip_ip4_eq(a->gw, b->gw);
}

int
sim_route_insert(struct sim_node *n, const struct mip_act_route *r,
    enum sim_route_origin origin)
{
	size_t i;

	for (i = 0; i < n->nroutes; i++)
		if (route_eq(&n->routes[i].r, r))
			return 0; /* already there: keep its position */
	if (sim_grow(
		&n->routes, &n->croutes, n->nroutes + 1, sizeof(*n->routes)))
		return MIP_ERR_NOMEM;
	n->routes[n->nroutes].r = *r;
	n->routes[n->nroutes].r.dst.v &= sim_mask(r->plen);
	n->routes[n->nroutes].origin = origin;
	n->nroutes++;
	return 0;
}

int
sim_route_remove(struct sim_node *n, const struct mip_act_route *r)
{
	struct mip_act_route k = *r;
	size_t i;

	k.dst.v &= sim_mask(k.plen);
	for (i = 0; i < n->nroutes; i++) {
		if (!route_eq(&n->routes[i].r, &k))
			continue;
		memmove(&n->routes[i], &n->routes[i + 1],
		    (n->nroutes - i - 1) * sizeof(*n->routes));
		n->nroutes--;
		return 0;
	}
	return MIP_ERR_NOTFOUND;
}

static struct sim_neigh *
neigh_slot(
    struct sim_neigh *v, size_t nv, uint32_t ifindex, struct mip_ip4 addr)
{
	size_t i;

	for (i = 0; i < nv; i++)
		if (v[i].ifindex == ifindex && mip_ip4_eq(v[i].addr, addr))
			return &v[i];
	return NULL;
}

/* Insert or update (|ifindex|, |addr|) -> |hw| in a neighbour vector. */
static int
neigh_set(struct sim_neigh **v, size_t *nv, size_t *cv, uint32_t ifindex,
    struct mip_ip4 addr, const uint8_t *hw)
{
	struct sim_neigh *e = neigh_slot(*v, *nv, ifindex, addr);

	if (e == NULL) {
		if (sim_grow(v, cv, *nv + 1, sizeof(**v)))
			return MIP_ERR_NOMEM;
		e = &(*v)[(*nv)++];
		memset(e, 0, sizeof(*e));
		e->ifindex = ifindex;
		e->addr = addr;
	}
	if (hw != NULL)
		memcpy(e->hw, hw, MIP_HWADDR_LEN);
	return 0;
}

static int
neigh_unset(
    struct sim_neigh *v, size_t *nv, uint32_t ifindex, struct mip_ip4 addr)
{
	struct sim_neigh *e = neigh_slot(v, *nv, ifindex, addr);
	size_t i;

	if (e == NULL)
		return MIP_ERR_NOTFOUND;
	i = (size_t)(e - v);
	memmove(&v[i], &v[i + 1], (*nv - i - 1) * sizeof(*v));
	(*nv)--;
	return 0;
}

void
sim_arp_learn(struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr,
    const uint8_t hw[MIP_HWADDR_LEN], bool create)
{
	struct sim_neigh *e = neigh_slot(n->arp, n->narp, ifindex, addr);

	if (e != NULL)
		memcpy(e->hw, hw, MIP_HWADDR_LEN);
	else if (create)
		(void)neigh_set(&n->arp, &n->narp, &n->carp, ifindex, addr, hw);
}

void
sim_arp_flush_if(struct sim_node *n, uint32_t ifindex)
{
	size_t i = 0, k = 0;

	for (i = 0; i < n->narp; i++)
		if (n->arp[i].ifindex != ifindex)
			n->arp[k++] = n->arp[i];
	n->narp = k;
}

/* ---- actions ---- */

static int
tunnel_set(struct sim_node *n, const struct mip_act_tunnel *t)
{
	size_t i;

	for (i = 0; i < n->ntunnels; i++) {
		if (n->tunnels[i].id == t->id) {
			n->tunnels[i] = *t; /* same id: updated in place */
			return 0;
		}
	}
	if (sim_grow(&n->tunnels, &n->ctunnels, n->ntunnels + 1,
		sizeof(*n->tunnels)))
		return MIP_ERR_NOMEM;
	n->tunnels[n->ntunnels++] = *t;
	return 0;
}

static int
tunnel_unset(struct sim_node *n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n->ntunnels; i++) {
		if (n->tunnels[i].id != id)
			continue;
		memmove(&n->tunnels[i], &n->tunnels[i + 1],
		    (n->ntunnels - i - 1) * sizeof(*n->tunnels));
		n->ntunnels--;
		return 0;
	}
	return MIP_ERR_NOTFOUND;
}

static bool
rule_eq(const struct mip_act_rule *a, const struct mip_act_rule *b)
{
	return mip_ip4_eq(a->src, b->src) && a->ifindex == b->ifindex &&
	    a->tunnel_id == b->tunnel_id;
}

static int
rule_set(struct sim_node *n, const struct mip_act_rule *r)
{
	size_t i;

	for (i = 0; i < n->nrules; i++)
		if (rule_eq(&n->rules[i], r))
			return 0;
	if (sim_grow(&n->rules, &n->crules, n->nrules + 1, sizeof(*n->rules)))
		return MIP_ERR_NOMEM;
	n->rules[n->nrules++] = *r;
	return 0;
}

static int
rule_unset(struct sim_node *n, const struct mip_act_rule *r)
{
	size_t i;

	for (i = 0; i < n->nrules; i++) {
		if (!rule_eq(&n->rules[i], r))
			continue;
		memmove(&n->rules[i], &n->rules[i + 1],
		    (n->nrules - i - 1) * sizeof(*n->rules));
		n->nrules--;
		return 0;
	}
	return MIP_ERR_NOTFOUND;
}

/* RFC 5944 4.6: a gratuitous ARP makes every station on the link that
 * caches |addr| point it at |hw| (RFC 826 merge: no new entries). */
static int
announce(struct sim_node *n, const struct mip_act_neigh *a)
{
	struct sim_iface *ifc = sim_node_if(n, a->ifindex);
	size_t i;

	if (ifc == NULL)
		return MIP_ERR_INVAL;
	if (ifc->link == NULL)
		return 0;
	for (i = 0; i < ifc->link->nmembers; i++) {
		struct sim_iface *m = ifc->link->members[i];

		if (m != ifc)
			sim_arp_learn(
			    m->node, m->ifindex, a->addr, a->hwaddr, false);
	}
	return 0;
}

/* MIP_ACT_SEND: IPv4 + UDP or ICMP around the engine's bytes. */
static int
act_send(struct sim_node *n, const struct mip_act_send *s)
{
	uint8_t out[SIM_PKT_MAX];
	struct mip_ip4_hdr ip;
	struct sim_iface *ifc = NULL;
	mip_ssize len;

	if (s->ifindex != 0 && (ifc = sim_node_if(n, s->ifindex)) == NULL)
		return MIP_ERR_INVAL;
	memset(&ip, 0, sizeof(ip));
	ip.id = n->ip_id++;
	ip.ttl = s->ttl != 0 ? s->ttl : SIM_DEFAULT_TTL;
	ip.src = s->src;
	ip.dst = s->dst;
	switch (s->kind) {
	case MIP_PKT_UDP:
		len = mip_ip4_udp_build(
		    out, sizeof(out), &ip, s->sport, s->dport, s->data, s->len);
		break;
	case MIP_PKT_ICMP:
		/* The engine hands the whole ICMP message; its checksum is
		 * recomputed over the same bytes. */
		if (s->len < MIP_ICMP_HDR_LEN)
			return MIP_ERR_INVAL;
		len = mip_ip4_icmp_build(out, sizeof(out), &ip, s->data[0],
		    s->data[1], s->data + MIP_ICMP_HDR_LEN,
		    s->len - MIP_ICMP_HDR_LEN);
		break;
	case MIP_PKT_IP:
	default:
		return MIP_ERR_INVAL;
	}
	if (len < 0)
		return (int)len;
	if (s->has_hwaddr) {
		/* RFC 5944 3.7.3.2: to the station directly, without ARP. */
		if (ifc == NULL)
			return MIP_ERR_INVAL;
		if (ifc->link == NULL)
			sim_drop(n, SIM_DROP_DETACHED, out, (size_t)len);
		else
			sim_link_transmit(ifc, s->dst_hwaddr, out, (size_t)len);
		return 0;
	}
	sim_fwd_output_if(n, s->ifindex, out, (size_t)len);
	return 0;
}

static bool
if_ok(const struct sim_node *n, uint32_t ifindex)
{
	return sim_node_if(n, ifindex) != NULL;
}

static int
apply(struct sim_node *n, const struct mip_action *a)
{
	const struct mip_act_neigh *ng = &a->u.neigh;

	switch (a->type) {
	case MIP_ACT_SEND:
		return act_send(n, &a->u.send);
	case MIP_ACT_TUNNEL_ADD:
		return tunnel_set(n, &a->u.tunnel);
	case MIP_ACT_TUNNEL_DEL:
		return tunnel_unset(n, a->u.tunnel.id);
	case MIP_ACT_ROUTE_ADD:
		if (a->u.route.plen > 32 ||
		    (a->u.route.ifindex != 0 && !if_ok(n, a->u.route.ifindex)))
			return MIP_ERR_INVAL;
		return sim_route_insert(n, &a->u.route, SIM_RT_ACTION);
	case MIP_ACT_ROUTE_DEL:
		return sim_route_remove(n, &a->u.route);
	case MIP_ACT_RULE_ADD:
		return rule_set(n, &a->u.rule);
	case MIP_ACT_RULE_DEL:
		return rule_unset(n, &a->u.rule);
	case MIP_ACT_NEIGH_ADD:
		if (!if_ok(n, ng->ifindex))
			return MIP_ERR_INVAL;
		return neigh_set(&n->neighs, &n->nneighs, &n->cneighs,
		    ng->ifindex, ng->addr, ng->hwaddr);
	case MIP_ACT_NEIGH_DEL:
		return neigh_unset(
		    n->neighs, &n->nneighs, ng->ifindex, ng->addr);
	case MIP_ACT_PROXY_ADD:
		if (!if_ok(n, ng->ifindex))
			return MIP_ERR_INVAL;
		return neigh_set(&n->proxies, &n->nproxies, &n->cproxies,
		    ng->ifindex, ng->addr, NULL);
	case MIP_ACT_PROXY_DEL:
		return neigh_unset(
		    n->proxies, &n->nproxies, ng->ifindex, ng->addr);
	case MIP_ACT_ARP_ANNOUNCE:
		return announce(n, ng);
	case MIP_ACT_NOTIFY:
		return 0;
	}
	return MIP_ERR_INVAL;
}

int
sim_apply_action(struct sim_node *n, const struct mip_action *act)
{
	int rc;

	if (n == NULL || act == NULL)
		return MIP_ERR_INVAL;
	rc = apply(n, act);
	sim_tr_action(n, act, rc);
	if (n->w->act_fn != NULL)
		n->w->act_fn(n->w->act_user, n, act);
	return rc;
}
