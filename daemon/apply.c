/* SPDX-License-Identifier: ISC */
/*
 * Executing the node's actions on Linux, with the meaning sim_apply.c gives
 * them in the simulator:
 *
 *   SEND, ARP_ANNOUNCE     plat_sock
 *   TUNNEL_ADD/DEL         plat_dp; a co-located MN that asked for a
 *                          reverse tunnel (T) also gets a RULE as below
 *                          for its home address, from any interface: what
 *                          it sends from its home address enters the TUN
 *                          while registrations, sent from the care-of
 *                          address, do not (RFC 3024 5.1)
 *   ROUTE_ADD/DEL          into a tunnel: plat_dp_route and one kernel
 *                          route dst/plen dev TUN in MIPD_TUN_TABLE,
 *                          shared by every binding of that prefix (RFC
 *                          5944 3.6.1.3: a copy per binding is the data
 *                          plane's job), with the rule "not fwmark
 *                          PLAT_DP_FWMARK lookup MIPD_TUN_TABLE" while any
 *                          such route exists (mipd.h);
 *                          via a gateway: a kernel route. The MN's default
 *                          route via its FA (RFC 5944 4.2.1) becomes the
 *                          two halves 0/1 and 128/1, which win over any
 *                          default route without touching it: when they
 *                          go (at home), the host's own default applies
 *                          again
 *   RULE_ADD/DEL           plat_dp_rule and the kernel rule "from src iif
 *                          ifindex lookup MIPD_TABLE" (RFC 3024 4.2)
 *   NEIGH                  static neighbour entries
 *   PROXY                  plat_arp, proxy ARP answered from user space
 *                          (RFC 5944 4.6); not the kernel's proxy
 *                          entries, whose table does not scale to a home
 *                          agent's bindings (plat_arp.h)
 *   NOTIFY                 a log line (notify.c)
 *
 * Every kernel object (and proxied address) is recorded with a reference
 * count, so that the same object asked for twice is installed once and
 * removed with its last user, and so that mipd_kstate_clear removes
 * exactly what this daemon added. A failing action is logged with its reason; the daemon goes on.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mipd.h"

const char *
mipd_ip(struct mip_ip4 a, char buf[16])
{
	struct in_addr in = { htonl(a.v) };

	if (inet_ntop(AF_INET, &in, buf, 16) == NULL)
		strcpy(buf, "?");
	return buf;
}

/* ---- the record of kernel objects ---- */

static bool
kobj_same(const struct kobj *a, const struct kobj *b)
{
	if (a->kind != b->kind || !mip_ip4_eq(a->addr, b->addr) ||
	    a->ifindex != b->ifindex)
		return false;
	switch (a->kind) {
	case KOBJ_ROUTE:
		return a->plen == b->plen && mip_ip4_eq(a->gw, b->gw) &&
		    a->table == b->table;
	case KOBJ_RULE:
	case KOBJ_NOMARK:
		return a->table == b->table;
	case KOBJ_NEIGH:
	case KOBJ_PROXY:
		return true;
	}
	return false;
}

/* FNV-1a over the key (every field but |hwaddr| and |refs|). */
static size_t
kobj_hash(const struct kobj *k)
{
	const uint32_t key[] = { (uint32_t)k->kind, k->addr.v, k->plen,
		k->ifindex, k->gw.v, k->table };
	uint32_t h = 2166136261U;
	size_t i;

	for (i = 0; i < sizeof(key) / sizeof(key[0]); i++) {
		h ^= key[i];
		h *= 16777619U;
	}
	return h;
}

static struct kobj **
kobj_slot(struct kstate *ks, const struct kobj *k)
{
	struct kobj **p = &ks->buckets[kobj_hash(k) & (ks->nbuckets - 1)];

	while (*p != NULL && !kobj_same(*p, k))
		p = &(*p)->next;
	return p;
}

static struct kobj *
kobj_find(struct kstate *ks, const struct kobj *k)
{
	return ks->nbuckets != 0 ? *kobj_slot(ks, k) : NULL;
}

/* Keeps the chains short: doubles the buckets at one entry per bucket. */
static int
kobj_grow(struct kstate *ks)
{
	size_t nb = ks->nbuckets != 0 ? ks->nbuckets * 2 : 64, i;
	struct kobj **old = ks->buckets, *e, *next;
	size_t oldn = ks->nbuckets;

	if (ks->n < ks->nbuckets)
		return 0;
	if ((ks->buckets = calloc(nb, sizeof(*ks->buckets))) == NULL) {
		ks->buckets = old;
		return -ENOMEM;
	}
	ks->nbuckets = nb;
	for (i = 0; i < oldn; i++) {
		for (e = old[i]; e != NULL; e = next) {
			next = e->next;
			e->next = ks->buckets[kobj_hash(e) & (nb - 1)];
			ks->buckets[kobj_hash(e) & (nb - 1)] = e;
		}
	}
	free(old);
	return 0;
}

/* Proxy ARP is answered by plat_arp, not by kernel proxy entries (see
 * plat_arp.h: the kernel's table does not scale to a home agent's
 * bindings). */
static int
proxy_arp(struct mipd *d, bool add, const struct kobj *k)
{
	int rc;

	if (d->run.arp == NULL) {
		if (!add)
			return 0;
		if ((rc = plat_arp_open(&d->run.arp, d->loop)) < 0)
			return rc;
	}
	return plat_arp_proxy(d->run.arp, add, k->ifindex, k->addr);
}

static int
kobj_install(struct mipd *d, bool add, const struct kobj *k)
{
	struct plat_nl *nl = d->nl;

	switch (k->kind) {
	case KOBJ_ROUTE:
		return plat_nl_route(
		    nl, add, k->addr, k->plen, k->ifindex, k->gw, k->table);
	case KOBJ_RULE:
		return plat_nl_rule(
		    nl, add, k->addr, k->ifindex, k->table, MIPD_RULE_PRIO);
	case KOBJ_NOMARK:
		return plat_nl_rule_nomark(
		    nl, add, PLAT_DP_FWMARK, k->table, MIPD_TUN_PRIO);
	case KOBJ_NEIGH:
		return plat_nl_neigh(nl, add, k->ifindex, k->addr, k->hwaddr);
	case KOBJ_PROXY:
		return proxy_arp(d, add, k);
	}
	return -EINVAL;
}

static void
kobj_describe(const struct kobj *k, char *buf, size_t len)
{
	char a[16], g[16];

	switch (k->kind) {
	case KOBJ_ROUTE:
		snprintf(buf, len, "route %s/%u via %s oif %u table %u",
		    mipd_ip(k->addr, a), k->plen, mipd_ip(k->gw, g), k->ifindex,
		    k->table);
		return;
	case KOBJ_RULE:
		snprintf(buf, len, "rule from %s iif %u lookup %u",
		    mipd_ip(k->addr, a), k->ifindex, k->table);
		return;
	case KOBJ_NOMARK:
		snprintf(buf, len, "rule not fwmark %#x lookup %u",
		    PLAT_DP_FWMARK, k->table);
		return;
	case KOBJ_NEIGH:
		snprintf(buf, len,
		    "neighbour %s lladdr %02x:%02x:%02x:%02x:%02x:%02x dev %u",
		    mipd_ip(k->addr, a), k->hwaddr[0], k->hwaddr[1],
		    k->hwaddr[2], k->hwaddr[3], k->hwaddr[4], k->hwaddr[5],
		    k->ifindex);
		return;
	case KOBJ_PROXY:
		snprintf(buf, len, "proxy ARP %s dev %u", mipd_ip(k->addr, a),
		    k->ifindex);
		return;
	}
	snprintf(buf, len, "?");
}

static int
kobj_get(struct mipd *d, const struct kobj *k)
{
	struct kstate *ks = &d->run.ks;
	struct kobj *e = kobj_find(ks, k);
	char what[96];
	int rc;

	if (e != NULL &&
	    (k->kind != KOBJ_NEIGH ||
		memcmp(e->hwaddr, k->hwaddr, MIP_HWADDR_LEN) == 0)) {
		e->refs++;
		return 0;
	}
	if (e == NULL && (rc = kobj_grow(ks)) < 0)
		return rc;
	kobj_describe(k, what, sizeof(what));
	/* Queued in plat_nl's batch: a refusal shows at plat_nl_commit,
	 * which logs it; the record then holds an entry the kernel lacks,
	 * and deleting that later is no failure. */
	if ((rc = kobj_install(d, true, k)) < 0)
		return rc;
	plat_log(PLAT_LOG_DEBUG, "installing %s", what);
	if (e != NULL) {
		/* A neighbour's new link-layer address replaced the old. */
		memcpy(e->hwaddr, k->hwaddr, MIP_HWADDR_LEN);
		e->refs++;
		return 0;
	}
	if ((e = malloc(sizeof(*e))) == NULL) {
		(void)kobj_install(d, false, k);
		return -ENOMEM;
	}
	*e = *k;
	e->refs = 1;
	e->next = NULL;
	*kobj_slot(ks, k) = e;
	ks->n++;
	return 0;
}

/* Removes |*p| from the kernel and from its chain. */
static void
kobj_remove(struct mipd *d, struct kobj **p)
{
	struct kobj *e = *p;
	char what[96];
	int rc;

	kobj_describe(e, what, sizeof(what));
	rc = kobj_install(d, false, e);
	if (rc < 0 && rc != -ENOENT && rc != -ESRCH)
		plat_log(
		    PLAT_LOG_WARNING, "removing %s: %s", what, strerror(-rc));
	else
		plat_log(PLAT_LOG_DEBUG, "removing %s", what);
	*p = e->next;
	free(e);
	d->run.ks.n--;
}

static int
kobj_put(struct mipd *d, const struct kobj *k)
{
	struct kstate *ks = &d->run.ks;
	struct kobj **p;

	if (ks->nbuckets == 0 || *(p = kobj_slot(ks, k)) == NULL)
		return 0; /* never installed (not ours, or it failed) */
	if (--(*p)->refs == 0)
		kobj_remove(d, p);
	return 0;
}

static int
kobj_set(struct mipd *d, bool add, const struct kobj *k)
{
	return add ? kobj_get(d, k) : kobj_put(d, k);
}

void
mipd_kstate_clear(struct mipd *d)
{
	struct kstate *ks = &d->run.ks;

	size_t i;

	/* A rule may briefly outlive its table's route: harmless. */
	for (i = 0; i < ks->nbuckets; i++)
		while (ks->buckets[i] != NULL)
			kobj_remove(d, &ks->buckets[i]);
	if (d->nl != NULL)
		(void)plat_nl_commit(d->nl);
	free(ks->buckets);
	free(ks->tun);
	memset(ks, 0, sizeof(*ks));
}

/* ---- routes, rules, tunnels ---- */

static int
need_dp(const struct mipd *d)
{
	return d->run.dp != NULL ? 0 : -ENODEV;
}

/* The one route of MIPD_TABLE: default dev TUN. */
static int
table_default(struct mipd *d, bool add)
{
	struct kobj k = { .kind = KOBJ_ROUTE,
		.ifindex = plat_dp_ifindex(d->run.dp),
		.table = MIPD_TABLE };

	return kobj_set(d, add, &k);
}

/* "from |src| [iif |iif|] lookup MIPD_TABLE" and the table's route. */
static int
policy(struct mipd *d, bool add, struct mip_ip4 src, uint32_t iif)
{
	struct kobj k = { .kind = KOBJ_RULE,
		.addr = src,
		.ifindex = iif,
		.table = MIPD_TABLE };
	int rc;

	if (!add) {
		(void)kobj_put(d, &k);
		return table_default(d, false);
	}
	if ((rc = table_default(d, true)) < 0)
		return rc;
	if ((rc = kobj_get(d, &k)) < 0)
		(void)table_default(d, false);
	return rc;
}

/* A route via a gateway; a default route as two halves (see the top of
 * this file). */
static int
gateway_route(struct mipd *d, bool add, struct kobj *k)
{
	int rc;

	if (k->plen != 0)
		return kobj_set(d, add, k);
	k->plen = 1;
	if ((rc = kobj_set(d, add, k)) < 0)
		return rc;
	k->addr.v = 0x80000000U;
	if ((rc = kobj_set(d, add, k)) < 0 && add) {
		k->addr.v = 0;
		(void)kobj_put(d, k);
	}
	return rc;
}

/*
 * The mobile node's foreign agent is on its link but in none of its
 * prefixes (RFC 5944 4.2.1): a host route to the gateway on that link
 * first makes it a valid next hop.
 */
static int
via_gateway(struct mipd *d, bool add, struct kobj *k)
{
	struct kobj gw = { .kind = KOBJ_ROUTE,
		.addr = k->gw,
		.plen = 32,
		.ifindex = k->ifindex };
	bool need_gw = k->gw.v != 0 && k->ifindex != 0;
	int rc;

	if (add && need_gw && (rc = kobj_get(d, &gw)) < 0)
		return rc;
	rc = gateway_route(d, add, k);
	if (need_gw && (!add || rc < 0))
		(void)kobj_put(d, &gw);
	return rc;
}

/* A kernel route into the TUN, in MIPD_TUN_TABLE with its rule. */
static int
tunnel_route(struct mipd *d, bool add, struct kobj *k)
{
	struct kobj rule = { .kind = KOBJ_NOMARK, .table = MIPD_TUN_TABLE };
	int rc;

	k->ifindex = plat_dp_ifindex(d->run.dp);
	k->gw.v = 0;
	k->table = MIPD_TUN_TABLE;
	if (!add) {
		/* The rule is held once per route that was installed. */
		if (kobj_find(&d->run.ks, k) == NULL)
			return 0;
		(void)kobj_put(d, k);
		return kobj_put(d, &rule);
	}
	if ((rc = kobj_get(d, &rule)) < 0)
		return rc;
	if ((rc = kobj_get(d, k)) < 0)
		(void)kobj_put(d, &rule);
	return rc;
}

static int
route(struct mipd *d, bool add, const struct mip_act_route *r)
{
	struct kobj k = { .kind = KOBJ_ROUTE,
		.addr = r->dst,
		.plen = r->plen,
		.ifindex = r->ifindex,
		.gw = r->gw };
	int rc;

	if (r->plen > 32)
		return -EINVAL;
	if (r->tunnel_id != 0) {
		if ((rc = need_dp(d)) < 0)
			return rc;
		if ((rc = plat_dp_route(d->run.dp, add, r)) < 0 && add)
			return rc;
		if ((rc = tunnel_route(d, add, &k)) < 0 && add)
			(void)plat_dp_route(d->run.dp, false, r);
		return rc;
	}
	return via_gateway(d, add, &k);
}

static int
rule(struct mipd *d, bool add, const struct mip_act_rule *r)
{
	int rc;

	if ((rc = need_dp(d)) < 0)
		return rc;
	if ((rc = plat_dp_rule(d->run.dp, add, r)) < 0 && add)
		return rc;
	if ((rc = policy(d, add, r->src, r->ifindex)) < 0 && add)
		(void)plat_dp_rule(d->run.dp, false, r);
	return rc;
}

static struct ktunnel *
ktunnel_find(struct kstate *ks, uint32_t id)
{
	size_t i;

	for (i = 0; i < ks->ntun; i++)
		if (ks->tun[i].id == id)
			return &ks->tun[i];
	return NULL;
}

/* The mobile node's own tunnel (co-located care-of address). */
static bool
own_tunnel(const struct mipd *d, const struct mip_act_tunnel *t)
{
	const struct config *c = d->run.cfg;

	return (c->node.roles & MIP_ROLE_MN) != 0 &&
	    mip_ip4_eq(t->home_addr, c->mn.home_addr);
}

/*
 * A co-located mobile node reverse-tunnels itself (RFC 3024 5.1): what it
 * sends from its home address, from any interface, enters its tunnel. Only
 * these tunnels are recorded (an agent's are the data plane's business).
 */
static int
tunnel_add(struct mipd *d, const struct mip_act_tunnel *t)
{
	const struct mip_act_rule own_rule = { t->home_addr, 0, t->id };
	struct kstate *ks = &d->run.ks;
	int rc;

	if ((rc = need_dp(d)) < 0)
		return rc;
	if ((rc = plat_dp_tunnel(d->run.dp, true, t)) < 0)
		return rc;
	if (!own_tunnel(d, t) || !t->reverse || ktunnel_find(ks, t->id) != NULL)
		return 0;
	if (ks->ntun == ks->captun) {
		size_t cap = ks->captun != 0 ? ks->captun * 2 : 4;
		struct ktunnel *v = reallocarray(ks->tun, cap, sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		ks->tun = v;
		ks->captun = cap;
	}
	if ((rc = rule(d, true, &own_rule)) < 0)
		return rc;
	ks->tun[ks->ntun].id = t->id;
	ks->tun[ks->ntun].home_addr = t->home_addr;
	ks->ntun++;
	return 0;
}

static int
tunnel_del(struct mipd *d, const struct mip_act_tunnel *t)
{
	struct kstate *ks = &d->run.ks;
	struct ktunnel *kt;
	int rc;

	if ((rc = need_dp(d)) < 0)
		return rc;
	/* TUNNEL_DEL may carry only the id: the rest is in the record. */
	if ((kt = ktunnel_find(ks, t->id)) != NULL) {
		const struct mip_act_rule own_rule = { kt->home_addr, 0,
			kt->id };

		(void)rule(d, false, &own_rule);
		*kt = ks->tun[--ks->ntun];
	}
	return plat_dp_tunnel(d->run.dp, false, t);
}

/* ---- dispatch ---- */

static int
neigh(struct mipd *d, enum kobj_kind kind, bool add,
    const struct mip_act_neigh *n)
{
	struct kobj k = {
		.kind = kind, .addr = n->addr, .ifindex = n->ifindex
	};

	if (kind == KOBJ_NEIGH)
		memcpy(k.hwaddr, n->hwaddr, MIP_HWADDR_LEN);
	return kobj_set(d, add, &k);
}

static int
execute(struct mipd *d, const struct mip_action *a)
{
	switch (a->type) {
	case MIP_ACT_SEND:
		return plat_sock_send(d->run.sock, &a->u.send);
	case MIP_ACT_TUNNEL_ADD:
		return tunnel_add(d, &a->u.tunnel);
	case MIP_ACT_TUNNEL_DEL:
		return tunnel_del(d, &a->u.tunnel);
	case MIP_ACT_ROUTE_ADD:
	case MIP_ACT_ROUTE_DEL:
		return route(d, a->type == MIP_ACT_ROUTE_ADD, &a->u.route);
	case MIP_ACT_RULE_ADD:
	case MIP_ACT_RULE_DEL:
		return rule(d, a->type == MIP_ACT_RULE_ADD, &a->u.rule);
	case MIP_ACT_NEIGH_ADD:
	case MIP_ACT_NEIGH_DEL:
		return neigh(
		    d, KOBJ_NEIGH, a->type == MIP_ACT_NEIGH_ADD, &a->u.neigh);
	case MIP_ACT_PROXY_ADD:
	case MIP_ACT_PROXY_DEL:
		return neigh(
		    d, KOBJ_PROXY, a->type == MIP_ACT_PROXY_ADD, &a->u.neigh);
	case MIP_ACT_ARP_ANNOUNCE:
		return plat_sock_arp_announce(d->run.sock, &a->u.neigh);
	case MIP_ACT_NOTIFY:
		mipd_notify(d, &a->u.notify);
		return 0;
	}
	return -EINVAL;
}

static const char *
action_name(enum mip_action_type t)
{
	static const char *const names[] = {
		[MIP_ACT_SEND] = "send",
		[MIP_ACT_TUNNEL_ADD] = "tunnel add",
		[MIP_ACT_TUNNEL_DEL] = "tunnel delete",
		[MIP_ACT_ROUTE_ADD] = "route add",
		[MIP_ACT_ROUTE_DEL] = "route delete",
		[MIP_ACT_RULE_ADD] = "rule add",
		[MIP_ACT_RULE_DEL] = "rule delete",
		[MIP_ACT_NEIGH_ADD] = "neighbour add",
		[MIP_ACT_NEIGH_DEL] = "neighbour delete",
		[MIP_ACT_PROXY_ADD] = "proxy ARP add",
		[MIP_ACT_PROXY_DEL] = "proxy ARP delete",
		[MIP_ACT_ARP_ANNOUNCE] = "gratuitous ARP",
		[MIP_ACT_NOTIFY] = "notify",
	};

	if ((size_t)t < sizeof(names) / sizeof(names[0]) && names[t] != NULL)
		return names[t];
	return "unknown action";
}

/* The address an action is about, for its failure message. */
static struct mip_ip4
action_addr(const struct mip_action *a)
{
	switch (a->type) {
	case MIP_ACT_SEND:
		return a->u.send.dst;
	case MIP_ACT_TUNNEL_ADD:
	case MIP_ACT_TUNNEL_DEL:
		return a->u.tunnel.home_addr;
	case MIP_ACT_ROUTE_ADD:
	case MIP_ACT_ROUTE_DEL:
		return a->u.route.dst;
	case MIP_ACT_RULE_ADD:
	case MIP_ACT_RULE_DEL:
		return a->u.rule.src;
	case MIP_ACT_NEIGH_ADD:
	case MIP_ACT_NEIGH_DEL:
	case MIP_ACT_PROXY_ADD:
	case MIP_ACT_PROXY_DEL:
	case MIP_ACT_ARP_ANNOUNCE:
		return a->u.neigh.addr;
	case MIP_ACT_NOTIFY:
		break;
	}
	return (struct mip_ip4){ 0 };
}

void
mipd_apply(struct mipd *d, const struct mip_action *act)
{
	char a[16];
	int rc = execute(d, act);

	if (rc == 0)
		return;
	/* Sends fail when peers are unreachable: not worth a flood. */
	plat_log_limited(&d->fail_rl, PLAT_LOG_WARNING, "%s %s failed: %s",
	    action_name(act->type), mipd_ip(action_addr(act), a),
	    rc == -ENODEV ? "no data plane" : strerror(-rc));
}
