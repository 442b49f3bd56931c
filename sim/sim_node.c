/* SPDX-License-Identifier: ISC */
/*
 * Nodes and their interfaces: creation, addresses, movement between links,
 * the per-node clock, and hosting a mip_node (its allocator and random
 * stream, feeding it commands and link events, draining its actions and
 * keeping exactly one pending wakeup per node, with a generation counter
 * that makes superseded wakeups stale).
 */
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

/* Wakeups of one node at one instant before the run is declared stuck. */
#define SIM_WAKE_SPIN_MAX 10000U

/* ---- lifecycle ---- */

int
sim_node_new(struct sim_world *w, const char *name, struct sim_node **out)
{
	struct sim_node *n;

	if (out != NULL)
		*out = NULL;
	if (!sim_name_ok(name))
		return MIP_ERR_INVAL;
	if (sim_node_find(w, name) != NULL)
		return MIP_ERR_EXIST;
	if (sim_grow(&w->nodes, &w->cnodes, w->nnodes + 1, sizeof(*w->nodes)))
		return MIP_ERR_NOMEM;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return MIP_ERR_NOMEM;
	n->w = w;
	n->index = w->nnodes;
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->ip_id = (uint16_t)(n->index * 4099U + 1U);
	/* The engine's random stream, numbered by creation order. */
	sim_pcg_seed(&n->rng, w->seed, 0x4e4f444500000000ULL + n->index);
	w->nodes[w->nnodes++] = n;
	if (out != NULL)
		*out = n;
	return 0;
}

void
sim_node_free(struct sim_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	mip_node_del(n->mip);
	for (i = 0; i < n->nifs; i++)
		free(n->ifs[i]);
	free(n->routes);
	free(n->tunnels);
	free(n->rules);
	free(n->neighs);
	free(n->proxies);
	free(n->arp);
	free(n);
}

struct sim_node *
sim_node_find(const struct sim_world *w, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < w->nnodes; i++)
		if (strcmp(w->nodes[i]->name, name) == 0)
			return w->nodes[i];
	return NULL;
}

size_t
sim_node_count(const struct sim_world *w)
{
	return w->nnodes;
}

struct sim_node *
sim_node_at(const struct sim_world *w, size_t i)
{
	return i < w->nnodes ? w->nodes[i] : NULL;
}

const char *
sim_node_name(const struct sim_node *n)
{
	return n->name;
}

struct sim_world *
sim_node_world(const struct sim_node *n)
{
	return n->w;
}

const struct sim_node_counters *
sim_node_counters(const struct sim_node *n)
{
	return &n->cnt;
}

struct mip_node *
sim_node_mip(const struct sim_node *n)
{
	return n->mip;
}

void
sim_node_set_forwarding(struct sim_node *n, bool on)
{
	n->forwarding = on;
}

void
sim_node_set_ingress_filter(struct sim_node *n, bool on)
{
	n->ingress_filter = on;
}

void
sim_node_set_skew(struct sim_node *n, int64_t skew_ns)
{
	n->skew = skew_ns;
}

/* ns -> NTP 32.32 (RFC 5905 6): seconds above, 2^-32 fractions below. */
static uint64_t
ns_to_ntp(uint64_t ns)
{
	uint64_t sec = ns / MIP_SEC, rem = ns % MIP_SEC;

	return (sec << 32) + ((rem << 32) / MIP_SEC);
}

struct mip_now
sim_node_now(const struct sim_node *n)
{
	struct mip_now now;

	now.mono = n->w->now;
	now.ntp = n->w->epoch + ns_to_ntp(n->w->now);
	if (n->skew >= 0)
		now.ntp += ns_to_ntp((uint64_t)n->skew);
	else
		now.ntp -= ns_to_ntp((uint64_t)0 - (uint64_t)n->skew);
	return now;
}

/* ---- interfaces ---- */

struct sim_iface *
sim_node_if(const struct sim_node *n, uint32_t ifindex)
{
	if (ifindex == 0 || ifindex > n->nifs)
		return NULL;
	return n->ifs[ifindex - 1];
}

static int
add_connected(
    struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr, uint8_t plen)
{
	struct mip_act_route r;

	if (plen == 0)
		return 0;
	memset(&r, 0, sizeof(r));
	r.dst.v = addr.v & sim_mask(plen);
	r.plen = plen;
	r.ifindex = ifindex;
	return sim_route_insert(n, &r, SIM_RT_CONNECTED);
}

int
sim_if_add(
    struct sim_node *n, const struct sim_if_config *cfg, uint32_t *ifindex)
{
	struct sim_iface *ifc;
	uint32_t idx = (uint32_t)n->nifs + 1U;
	int rc;

	if (cfg == NULL || cfg->plen > 32 ||
	    (cfg->name != NULL && !sim_name_ok(cfg->name)))
		return MIP_ERR_INVAL;
	if (n->nifs >= SIM_MAX_IFS)
		return MIP_ERR_LIMIT;
	if ((ifc = calloc(1, sizeof(*ifc))) == NULL)
		return MIP_ERR_NOMEM;
	ifc->node = n;
	ifc->ifindex = idx;
	if (cfg->name != NULL)
		snprintf(ifc->name, sizeof(ifc->name), "%s", cfg->name);
	else
		snprintf(ifc->name, sizeof(ifc->name), "if%u", idx);
	ifc->addrs[0].addr = cfg->addr;
	ifc->addrs[0].plen = cfg->plen;
	ifc->naddrs = 1;
	if (cfg->has_hwaddr) {
		memcpy(ifc->hw, cfg->hwaddr, MIP_HWADDR_LEN);
	} else {
		/* 02:00:00:NN:NN:II, locally administered, unique. */
		ifc->hw[0] = 0x02;
		ifc->hw[3] = (uint8_t)((n->index + 1U) >> 8);
		ifc->hw[4] = (uint8_t)(n->index + 1U);
		ifc->hw[5] = (uint8_t)idx;
	}
	if (cfg->link != NULL && (rc = sim_link_attach(cfg->link, ifc)) != 0) {
		free(ifc);
		return rc;
	}
	n->ifs[n->nifs++] = ifc;
	if (cfg->addr.v != 0 &&
	    (rc = add_connected(n, idx, cfg->addr, cfg->plen)) != 0)
		return rc;
	if (ifindex != NULL)
		*ifindex = idx;
	return 0;
}

size_t
sim_if_count(const struct sim_node *n)
{
	return n->nifs;
}

const char *
sim_if_name(const struct sim_node *n, uint32_t ifindex)
{
	const struct sim_iface *ifc = sim_node_if(n, ifindex);

	return ifc != NULL ? ifc->name : NULL;
}

struct sim_link *
sim_if_link(const struct sim_node *n, uint32_t ifindex)
{
	const struct sim_iface *ifc = sim_node_if(n, ifindex);

	return ifc != NULL ? ifc->link : NULL;
}

int
sim_if_get(
    const struct sim_node *n, uint32_t ifindex, struct mip_if_config *out)
{
	const struct sim_iface *ifc = sim_node_if(n, ifindex);

	if (ifc == NULL)
		return MIP_ERR_NOTFOUND;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifindex;
	out->addr = ifc->addrs[0].addr;
	out->plen = ifc->addrs[0].plen;
	memcpy(out->hwaddr, ifc->hw, MIP_HWADDR_LEN);
	return 0;
}

uint32_t
sim_if_find(const struct sim_node *n, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < n->nifs; i++)
		if (strcmp(n->ifs[i]->name, name) == 0)
			return n->ifs[i]->ifindex;
	return 0;
}

static void
link_event(struct sim_node *n, enum mip_link_kind kind, uint32_t ifindex,
    struct mip_ip4 addr, uint8_t plen)
{
	struct mip_link_event ev;

	if (n->mip == NULL)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.ifindex = ifindex;
	ev.addr = addr;
	ev.plen = plen;
	(void)sim_node_link(n, &ev);
}

int
sim_if_add_addr(
    struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr, uint8_t plen)
{
	struct sim_iface *ifc = sim_node_if(n, ifindex);
	char a[16];
	size_t i;
	int rc;

	if (ifc == NULL)
		return MIP_ERR_NOTFOUND;
	if (plen > 32)
		return MIP_ERR_INVAL;
	for (i = 0; i < ifc->naddrs; i++)
		if (mip_ip4_eq(ifc->addrs[i].addr, addr))
			return MIP_ERR_EXIST;
	if (ifc->naddrs >= SIM_MAX_ADDRS)
		return MIP_ERR_LIMIT;
	if ((rc = add_connected(n, ifindex, addr, plen)) != 0)
		return rc;
	ifc->addrs[ifc->naddrs].addr = addr;
	ifc->addrs[ifc->naddrs].plen = plen;
	ifc->naddrs++;
	sim_tr(n->w, SIM_TR_NODE, n->name, "addr_add", "if=%s addr=%s/%u",
	    ifc->name, sim_ip_str(addr, a), plen);
	link_event(n, MIP_LINK_ADDR, ifindex, addr, plen);
	return 0;
}

int
sim_if_del_addr(struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr)
{
	struct sim_iface *ifc = sim_node_if(n, ifindex);
	struct mip_act_route r;
	char a[16];
	size_t i;

	if (ifc == NULL)
		return MIP_ERR_NOTFOUND;
	if (mip_ip4_eq(ifc->addrs[0].addr, addr))
		return MIP_ERR_INVAL;
	for (i = 1; i < ifc->naddrs; i++)
		if (mip_ip4_eq(ifc->addrs[i].addr, addr))
			break;
	if (i == ifc->naddrs)
		return MIP_ERR_NOTFOUND;
	memset(&r, 0, sizeof(r));
	r.plen = ifc->addrs[i].plen;
	r.dst.v = addr.v & sim_mask(r.plen);
	r.ifindex = ifindex;
	if (r.plen > 0)
		(void)sim_route_remove(n, &r);
	memmove(&ifc->addrs[i], &ifc->addrs[i + 1],
	    (ifc->naddrs - i - 1) * sizeof(ifc->addrs[0]));
	ifc->naddrs--;
	sim_tr(n->w, SIM_TR_NODE, n->name, "addr_del", "if=%s addr=%s",
	    ifc->name, sim_ip_str(addr, a));
	return 0;
}

int
sim_move(struct sim_node *n, uint32_t ifindex, struct sim_link *link)
{
	struct sim_iface *ifc = sim_node_if(n, ifindex);
	int rc;

	if (ifc == NULL)
		return MIP_ERR_NOTFOUND;
	if (ifc->link != NULL)
		sim_link_detach(ifc->link, ifc);
	sim_arp_flush_if(n, ifindex);
	if (link != NULL && (rc = sim_link_attach(link, ifc)) != 0)
		return rc;
	sim_tr(n->w, SIM_TR_NODE, n->name, "move", "if=%s link=%s", ifc->name,
	    link != NULL ? link->name : "-");
	link_event(n, link != NULL ? MIP_LINK_UP : MIP_LINK_DOWN, ifindex,
	    ifc->addrs[0].addr, ifc->addrs[0].plen);
	return 0;
}

int
sim_route_add(struct sim_node *n, struct mip_ip4 dst, uint8_t plen,
    struct mip_ip4 gw, uint32_t ifindex)
{
	struct mip_act_route r;

	if (plen > 32 || (ifindex != 0 && sim_node_if(n, ifindex) == NULL))
		return MIP_ERR_INVAL;
	memset(&r, 0, sizeof(r));
	r.dst.v = dst.v & sim_mask(plen);
	r.plen = plen;
	r.gw = gw;
	r.ifindex = ifindex;
	return sim_route_insert(n, &r, SIM_RT_STATIC);
}

/* ---- hosting a mip_node ---- */

static void *
mem_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void *
mem_calloc(size_t nmemb, size_t size, void *user)
{
	(void)user;
	return calloc(nmemb, size);
}

static void
mem_free(void *p, void *user)
{
	(void)user;
	free(p);
}

static void
rand_fill(uint8_t *dst, size_t len, void *user)
{
	struct sim_node *n = user;
	size_t i;

	for (i = 0; i < len; i += 4) {
		uint32_t r = sim_pcg32(&n->rng);
		size_t k;

		for (k = 0; k < 4 && i + k < len; k++)
			dst[i + k] = (uint8_t)(r >> (8 * k));
	}
}

void
sim_node_check_rc(struct sim_node *n, int rc)
{
	if (rc <= MIP_ERR_FATAL && n->w->fatal == 0) {
		n->w->fatal = rc;
		sim_tr(n->w, SIM_TR_NODE, n->name, "fatal", "rc=%d", rc);
	}
}

static void
rearm(struct sim_node *n)
{
	mip_tstamp next = mip_node_next_expiry(n->mip);
	struct sim_event *ev;

	if (next == MIP_TSTAMP_NONE) {
		n->wake_gen++;
		n->wake_armed = false;
		return;
	}
	if (n->wake_armed && n->wake_at == next)
		return;
	n->wake_gen++;
	if ((ev = sim_event_new(SIM_EV_WAKEUP)) == NULL) {
		n->w->fatal = MIP_ERR_NOMEM;
		return;
	}
	ev->u.wake.node = n;
	ev->u.wake.gen = n->wake_gen;
	if (sim_event_push(n->w, ev, next) != 0) {
		n->w->fatal = MIP_ERR_NOMEM;
		return;
	}
	n->wake_armed = true;
	n->wake_at = next;
}

void
sim_node_drain(struct sim_node *n)
{
	struct mip_action act;

	if (n->mip == NULL)
		return;
	while (mip_node_poll_action(n->mip, &act) == 1)
		(void)sim_apply_action(n, &act);
	rearm(n);
}

void
sim_node_wakeup(struct sim_world *w, struct sim_event *ev)
{
	struct sim_node *n = ev->u.wake.node;
	struct mip_now now;

	if (n->mip == NULL || ev->u.wake.gen != n->wake_gen)
		return; /* superseded */
	w->nevents++;
	n->wake_armed = false;
	/* An engine that keeps asking for "now" would stall virtual time. */
	if (n->wake_last == w->now && ++n->wake_same > SIM_WAKE_SPIN_MAX) {
		sim_tr(w, SIM_TR_NODE, n->name, "fatal", "reason=timer_spin");
		w->fatal = MIP_ERR_INTERNAL;
		return;
	}
	if (n->wake_last != w->now) {
		n->wake_last = w->now;
		n->wake_same = 0;
	}
	now = sim_node_now(n);
	sim_node_check_rc(n, mip_node_handle_expiry(n->mip, &now));
	sim_node_drain(n);
}

int
sim_node_host(struct sim_node *n, const struct mip_node_config *cfg)
{
	struct mip_if_config ifs[SIM_MAX_IFS];
	struct mip_node_config c;
	struct mip_mem mem = { NULL, mem_malloc, mem_calloc, mem_free };
	struct mip_rand rnd;
	struct mip_now now = sim_node_now(n);
	char roles[16];
	size_t i;
	int rc;

	if (n->mip != NULL)
		return MIP_ERR_STATE;
	if (cfg == NULL)
		return MIP_ERR_INVAL;
	c = *cfg;
	if (c.nifs == 0) {
		for (i = 0; i < n->nifs; i++)
			(void)sim_if_get(n, (uint32_t)(i + 1), &ifs[i]);
		c.ifs = ifs;
		c.nifs = n->nifs;
	}
	rnd.user_data = n;
	rnd.fill = rand_fill;
	if ((rc = mip_node_new(&n->mip, &c, &mem, &rnd, &now)) != 0)
		return rc;
	if (c.roles & (MIP_ROLE_FA | MIP_ROLE_HA))
		n->forwarding = true;
	sim_tr(n->w, SIM_TR_NODE, n->name, "host", "roles=%s",
	    sim_roles_str(c.roles, roles));
	sim_node_drain(n);
	return 0;
}

static const char *
cmd_name(enum mip_cmd_kind kind)
{
	switch (kind) {
	case MIP_CMD_REGISTER:
		return "register";
	case MIP_CMD_DEREGISTER:
		return "deregister";
	case MIP_CMD_SOLICIT:
		return "solicit";
	case MIP_CMD_FLUSH_BINDING:
		return "flush_binding";
	case MIP_CMD_FLUSH_ALL:
		return "flush_all";
	}
	return "unknown";
}

int
sim_node_cmd(struct sim_node *n, const struct mip_cmd *cmd)
{
	struct mip_now now = sim_node_now(n);
	char a[16];
	int rc;

	if (n->mip == NULL)
		return MIP_ERR_STATE;
	sim_tr(n->w, SIM_TR_NODE, n->name, "cmd", "kind=%s home=%s",
	    cmd_name(cmd->kind), sim_ip_str(cmd->home_addr, a));
	rc = mip_node_handle_cmd(n->mip, cmd, &now);
	sim_node_check_rc(n, rc);
	sim_node_drain(n);
	return rc;
}

int
sim_node_link(struct sim_node *n, const struct mip_link_event *ev)
{
	struct mip_now now = sim_node_now(n);
	const char *ifname = sim_if_name(n, ev->ifindex);
	char a[16];
	int rc;

	if (n->mip == NULL)
		return MIP_ERR_STATE;
	sim_tr(n->w, SIM_TR_NODE, n->name, "link", "kind=%s if=%s addr=%s/%u",
	    ev->kind == MIP_LINK_UP
		? "up"
		: (ev->kind == MIP_LINK_DOWN ? "down" : "addr"),
	    ifname != NULL ? ifname : "-", sim_ip_str(ev->addr, a), ev->plen);
	rc = mip_node_handle_link(n->mip, ev, &now);
	sim_node_check_rc(n, rc);
	sim_node_drain(n);
	return rc;
}

size_t
sim_node_route_count(const struct sim_node *n)
{
	return n->nroutes;
}

size_t
sim_node_tunnel_count(const struct sim_node *n)
{
	return n->ntunnels;
}
