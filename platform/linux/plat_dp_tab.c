/* SPDX-License-Identifier: ISC */
/*
 * The tables of the data plane: tunnels by id, by (remote, home address),
 * by (remote, local) and by (local, home address); tunnel routes by
 * (prefix length, prefix) with a count per length for the longest-prefix
 * search, and by tunnel (whether a route leads into it); reverse-tunnel
 * rules by source. Every per-packet lookup is a hash probe: a home agent may hold
 * 100,000 bindings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plat_dp_int.h"

/* ---- hash table ---- */

#define HTAB_MIN 64U

static size_t
htab_slot(const struct dp_htab *h, uint64_t key)
{
	/* Fibonacci hashing: the high bits of the product are well mixed. */
	uint64_t x = key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(x >> 32) & (h->nb - 1);
}

static int
htab_grow(struct dp_htab *h)
{
	size_t nb = h->nb != 0 ? h->nb * 2 : HTAB_MIN, i;
	struct dp_htab nh = { NULL, nb, 0 };
	struct dp_hnode *n, *next;

	if ((nh.b = calloc(nb, sizeof(*nh.b))) == NULL)
		return -ENOMEM;
	for (i = 0; i < h->nb; i++) {
		for (n = h->b[i]; n != NULL; n = next) {
			size_t s = htab_slot(&nh, n->key);

			next = n->next;
			n->next = nh.b[s];
			nh.b[s] = n;
		}
	}
	free(h->b);
	h->b = nh.b;
	h->nb = nb;
	return 0;
}

int
dp_htab_insert(struct dp_htab *h, struct dp_hnode *n, uint64_t key)
{
	size_t s;
	int rc;

	if (h->n >= h->nb && (rc = htab_grow(h)) != 0)
		return rc;
	n->key = key;
	s = htab_slot(h, key);
	n->next = h->b[s];
	h->b[s] = n;
	h->n++;
	return 0;
}

void
dp_htab_remove(struct dp_htab *h, struct dp_hnode *n)
{
	struct dp_hnode **pp;

	for (pp = &h->b[htab_slot(h, n->key)]; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			h->n--;
			return;
		}
	}
}

static struct dp_hnode *
htab_from(struct dp_hnode *n, uint64_t key)
{
	while (n != NULL && n->key != key)
		n = n->next;
	return n;
}

struct dp_hnode *
dp_htab_first(const struct dp_htab *h, uint64_t key)
{
	if (h->nb == 0)
		return NULL;
	return htab_from(h->b[htab_slot(h, key)], key);
}

struct dp_hnode *
dp_htab_next(const struct dp_hnode *n)
{
	return htab_from(n->next, n->key);
}

void
dp_htab_free(struct dp_htab *h)
{
	free(h->b);
	memset(h, 0, sizeof(*h));
}

/* ---- keys ---- */

static uint64_t
pair_key(struct mip_ip4 hi, struct mip_ip4 lo)
{
	return (uint64_t)hi.v << 32 | lo.v;
}

static uint32_t
prefix_mask(uint8_t plen)
{
	return plen == 0 ? 0 : 0xffffffffU << (32 - plen);
}

static uint64_t
route_key(struct mip_ip4 dst, uint8_t plen)
{
	return (uint64_t)plen << 32 | (dst.v & prefix_mask(plen));
}

/* ---- tunnels ---- */

struct dp_tunnel *
dp_tunnel_find(const struct dp_tables *tb, uint32_t id)
{
	struct dp_hnode *n = dp_htab_first(&tb->tunnels, id);

	return n != NULL ? DP_CONTAINER(n, struct dp_tunnel, by_id) : NULL;
}

static void
tunnel_unlink(struct dp_tables *tb, struct dp_tunnel *t)
{
	dp_htab_remove(&tb->tunnels, &t->by_id);
	dp_htab_remove(&tb->homes, &t->by_home);
	dp_htab_remove(&tb->ends, &t->by_ends);
	dp_htab_remove(&tb->lhomes, &t->by_lhome);
}

/* Files |t| under the keys of its current fields. */
static int
tunnel_link(struct dp_tables *tb, struct dp_tunnel *t)
{
	const struct mip_act_tunnel *a = &t->t;
	int rc;

	if ((rc = dp_htab_insert(&tb->tunnels, &t->by_id, a->id)) != 0)
		return rc;
	if ((rc = dp_htab_insert(&tb->homes, &t->by_home,
		 pair_key(a->remote, a->home_addr))) != 0) {
		dp_htab_remove(&tb->tunnels, &t->by_id);
		return rc;
	}
	if ((rc = dp_htab_insert(
		 &tb->ends, &t->by_ends, pair_key(a->remote, a->local))) != 0) {
		dp_htab_remove(&tb->tunnels, &t->by_id);
		dp_htab_remove(&tb->homes, &t->by_home);
		return rc;
	}
	if ((rc = dp_htab_insert(&tb->lhomes, &t->by_lhome,
		 pair_key(a->local, a->home_addr))) != 0) {
		dp_htab_remove(&tb->tunnels, &t->by_id);
		dp_htab_remove(&tb->homes, &t->by_home);
		dp_htab_remove(&tb->ends, &t->by_ends);
		return rc;
	}
	return 0;
}

int
plat_dp_tunnel(struct plat_dp *dp, bool add, const struct mip_act_tunnel *a)
{
	struct dp_tunnel *t = dp_tunnel_find(&dp->tb, a->id);
	int rc;

	if (!add) {
		if (t == NULL)
			return -ENOENT;
		tunnel_unlink(&dp->tb, t);
		free(t);
		return 0;
	}
	if (a->encap != MIP_TUN_IPIP && a->encap != MIP_TUN_MINIMAL &&
	    a->encap != MIP_TUN_GRE)
		return -EINVAL;
	if (t == NULL) {
		if ((t = calloc(1, sizeof(*t))) == NULL)
			return -ENOMEM;
		t->t = *a;
		t->encap = mip_encap_of(a->encap);
		t->pmtu = dp_path_mtu(dp, a->remote);
		if ((rc = tunnel_link(&dp->tb, t)) != 0)
			free(t);
		return rc;
	}
	/* The same id again: changed in place (a new care-of address or
	 * encapsulation), counters kept, as the simulator does. Relinking
	 * cannot fail: each table just gave up this node's place. */
	tunnel_unlink(&dp->tb, t);
	t->t = *a;
	t->encap = mip_encap_of(a->encap);
	t->pmtu = dp_path_mtu(dp, a->remote);
	return tunnel_link(&dp->tb, t);
}

int
plat_dp_tunnel_stats(
    const struct plat_dp *dp, uint32_t id, struct plat_dp_tstats *out)
{
	const struct dp_tunnel *t = dp_tunnel_find(&dp->tb, id);

	if (t == NULL)
		return -ENOENT;
	*out = t->st;
	return 0;
}

/* Whether some route leads into tunnel |id|. */
static bool
routed_into(const struct dp_tables *tb, uint32_t id)
{
	return dp_htab_first(&tb->troutes, id) != NULL;
}

struct dp_tunnel *
dp_tunnel_match(const struct dp_tables *tb, const struct mip_decap *d)
{
	struct dp_hnode *n;
	struct dp_tunnel *t;

	n = dp_htab_first(&tb->homes, pair_key(d->outer.src, d->inner_hdr.dst));
	for (; n != NULL; n = dp_htab_next(n)) {
		t = DP_CONTAINER(n, struct dp_tunnel, by_home);
		if (mip_ip4_eq(t->t.local, d->outer.dst))
			return t;
	}
	/* RO draft 3, paper 2: a correspondent node with a binding tunnels
	 * straight to the care-of address, so the forward direction is
	 * accepted from any outer source; not by a tunnel a route leads
	 * into (a binding, a cache entry): that one forwards, and a packet
	 * for its home address from elsewhere comes from a stale binding
	 * (mip_node.h MIP_TRAFFIC_UNMATCHED; paper 3.1). */
	n = dp_htab_first(
	    &tb->lhomes, pair_key(d->outer.dst, d->inner_hdr.dst));
	for (; n != NULL; n = dp_htab_next(n)) {
		t = DP_CONTAINER(n, struct dp_tunnel, by_lhome);
		if (!routed_into(tb, t->t.id))
			return t;
	}
	/* RFC 3024 4.3.2: a reverse tunnel carries the home address as the
	 * inner source and comes from the registered care-of address. */
	n = dp_htab_first(&tb->homes, pair_key(d->outer.src, d->inner_hdr.src));
	for (; n != NULL; n = dp_htab_next(n)) {
		t = DP_CONTAINER(n, struct dp_tunnel, by_home);
		if (t->t.reverse && mip_ip4_eq(t->t.local, d->outer.dst))
			return t;
	}
	return NULL;
}

bool
dp_tunnel_ends(
    const struct dp_tables *tb, struct mip_ip4 local, struct mip_ip4 remote)
{
	return dp_htab_first(&tb->ends, pair_key(remote, local)) != NULL;
}

/* ---- routes and rules ---- */

static struct dp_route *
route_find(const struct dp_tables *tb, const struct mip_act_route *r)
{
	struct dp_hnode *n =
	    dp_htab_first(&tb->routes, route_key(r->dst, r->plen));

	for (; n != NULL; n = dp_htab_next(n)) {
		struct dp_route *e = DP_CONTAINER(n, struct dp_route, node);

		if (e->tunnel_id == r->tunnel_id)
			return e;
	}
	return NULL;
}

int
plat_dp_route(struct plat_dp *dp, bool add, const struct mip_act_route *r)
{
	struct dp_tables *tb = &dp->tb;
	struct dp_route *e;
	int rc;

	/* Routes out of an interface are the kernel's (plat_nl). */
	if (r->tunnel_id == 0 || r->plen > 32)
		return -EINVAL;
	e = route_find(tb, r);
	if (!add) {
		if (e == NULL)
			return -ENOENT;
		dp_htab_remove(&tb->routes, &e->node);
		dp_htab_remove(&tb->troutes, &e->by_tunnel);
		tb->plen_routes[r->plen]--;
		free(e);
		return 0;
	}
	if (e != NULL)
		return 0; /* already there: keep its place */
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -ENOMEM;
	e->tunnel_id = r->tunnel_id;
	if ((rc = dp_htab_insert(
		 &tb->routes, &e->node, route_key(r->dst, r->plen))) != 0) {
		free(e);
		return rc;
	}
	if ((rc = dp_htab_insert(&tb->troutes, &e->by_tunnel, e->tunnel_id)) !=
	    0) {
		dp_htab_remove(&tb->routes, &e->node);
		free(e);
		return rc;
	}
	tb->plen_routes[r->plen]++;
	return 0;
}

int
plat_dp_rule(struct plat_dp *dp, bool add, const struct mip_act_rule *r)
{
	struct dp_hnode *n = dp_htab_first(&dp->tb.rules, r->src.v);
	struct dp_rule *e = NULL;
	int rc;

	for (; n != NULL && e == NULL; n = dp_htab_next(n)) {
		struct dp_rule *c = DP_CONTAINER(n, struct dp_rule, node);

		if (c->r.ifindex == r->ifindex &&
		    c->r.tunnel_id == r->tunnel_id)
			e = c;
	}
	if (!add) {
		if (e == NULL)
			return -ENOENT;
		dp_htab_remove(&dp->tb.rules, &e->node);
		free(e);
		return 0;
	}
	if (e != NULL)
		return 0;
	if (r->tunnel_id == 0)
		return -EINVAL;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -ENOMEM;
	e->r = *r;
	if ((rc = dp_htab_insert(&dp->tb.rules, &e->node, r->src.v)) != 0) {
		free(e);
		return rc;
	}
	return 0;
}

/* The oldest rule for |src|, as the simulator's first match. */
static const struct dp_rule *
rule_for(const struct dp_tables *tb, struct mip_ip4 src)
{
	struct dp_hnode *n = dp_htab_first(&tb->rules, src.v);
	const struct dp_rule *last = NULL;

	for (; n != NULL; n = dp_htab_next(n))
		last = DP_CONTAINER(n, struct dp_rule, node);
	return last;
}

struct dp_tunnel *
dp_rule_tunnel(const struct dp_tables *tb, struct mip_ip4 src)
{
	const struct dp_rule *rule = rule_for(tb, src);

	return rule != NULL ? dp_tunnel_find(tb, rule->r.tunnel_id) : NULL;
}

size_t
dp_route_tunnels(const struct dp_tables *tb, struct mip_ip4 dst, bool special,
    struct dp_tunnel **tv)
{
	struct dp_hnode *n;
	struct dp_tunnel *t;
	size_t k = 0;
	int plen;

	for (plen = 32; plen >= 0; plen--) {
		if (tb->plen_routes[plen] == 0)
			continue;
		n = dp_htab_first(&tb->routes, route_key(dst, (uint8_t)plen));
		if (n == NULL)
			continue;
		/* RFC 5944 3.6.1.3: one copy per simultaneous binding. RO
		 * spec 3: a special tunnel passes every other tunnel route,
		 * so a prefix of none but those is no match for it. */
		for (; n != NULL && k < DP_MAX_COPIES; n = dp_htab_next(n)) {
			const struct dp_route *e =
			    DP_CONTAINER(n, struct dp_route, node);

			t = dp_tunnel_find(tb, e->tunnel_id);
			if (t != NULL && (!special || t->t.special))
				tv[k++] = t;
		}
		if (k > 0 || !special)
			return k;
	}
	return 0;
}

static void
free_chains(struct dp_htab *h, size_t off)
{
	size_t i;

	for (i = 0; i < h->nb; i++) {
		struct dp_hnode *n = h->b[i], *next;

		for (; n != NULL; n = next) {
			next = n->next;
			free((char *)n - off);
		}
	}
	dp_htab_free(h);
}

void
dp_tables_free(struct dp_tables *tb)
{
	dp_htab_free(&tb->homes);
	dp_htab_free(&tb->ends);
	dp_htab_free(&tb->lhomes);
	dp_htab_free(&tb->troutes);
	free_chains(&tb->tunnels, offsetof(struct dp_tunnel, by_id));
	free_chains(&tb->routes, offsetof(struct dp_route, node));
	free_chains(&tb->rules, offsetof(struct dp_rule, node));
}
