/* SPDX-License-Identifier: ISC */
/*
 * The "show" answers of the control socket: status, bindings (HA),
 * visitors (FA), agents and registration (MN), cache (CN), sa and stats,
 * built from
 * libmip's introspection API (mip_node.h) and the daemon's hooks. Field
 * names and meanings are in docs/json-fields.md ("control socket"). No
 * key is ever shown.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_json.h"
#include "mip/mip_adv.h"
#include "mip/mip_names.h"
#include "mip/mip_proto.h"

#ifndef MIPD_VERSION
#define MIPD_VERSION "unknown"
#endif

static json_t *
jip(struct mip_ip4 a)
{
	struct in_addr in = { htonl(a.v) };
	char s[INET_ADDRSTRLEN];

	return json_string(inet_ntop(AF_INET, &in, s, sizeof(s)));
}

static json_t *
jhw(bool has, const uint8_t *hw)
{
	char s[3 * MIP_HWADDR_LEN];

	if (!has)
		return json_null();
	snprintf(s, sizeof(s), "%02x:%02x:%02x:%02x:%02x:%02x", hw[0], hw[1],
	    hw[2], hw[3], hw[4], hw[5]);
	return json_string(s);
}

/* Seconds left, or null for an entry that never expires. */
static json_t *
jleft(uint32_t secs)
{
	return secs == MIP_INFO_FOREVER ? json_null() : json_integer(secs);
}

static json_t *
jident(uint64_t ident)
{
	char s[17];

	snprintf(s, sizeof(s), "%016llx", (unsigned long long)ident);
	return json_string(s);
}

/* The set bits of |v| as their letters, from a mip_names.h table; the
 * reserved request bits r and x are left out (RFC 5944 3.3). */
static json_t *
jletters(const struct mip_flag_name *tab, unsigned v)
{
	char s[32];
	size_t i, n = 0;

	for (i = 0; tab[i].name != NULL && n + 1 < sizeof(s); i++)
		if ((v & tab[i].mask) && strcmp(tab[i].name, "r") != 0 &&
		    strcmp(tab[i].name, "x") != 0)
			s[n++] = tab[i].name[0];
	s[n] = '\0';
	return json_string(s);
}

static json_t *
jlink(uint32_t ifindex)
{
	char name[IF_NAMESIZE];

	if (if_indextoname(ifindex, name) == NULL)
		return json_null();
	return json_string(name);
}

static const char *
encap_name(enum mip_encap_kind e)
{
	switch (e) {
	case MIP_TUN_IPIP:
		return "ipip";
	case MIP_TUN_MINIMAL:
		return "minimal";
	case MIP_TUN_GRE:
		return "gre";
	}
	return "unknown";
}

/* The request flags a visitor's registration stands for. */
static uint8_t
visitor_flags(const struct mip_visitor_info *v)
{
	uint8_t f = v->reverse ? MIP_RRQ_F_T : 0;

	if (v->encap == MIP_TUN_MINIMAL)
		f |= MIP_RRQ_F_M;
	else if (v->encap == MIP_TUN_GRE)
		f |= MIP_RRQ_F_G;
	return f;
}

/* The data plane's counters of tunnel |id|, or null when it has none. */
static json_t *
tunnel_counters(const struct ctl_hooks *hooks, uint32_t id)
{
	struct plat_dp_tstats ts;

	if (hooks->tunnel_stats == NULL || id == 0 ||
	    hooks->tunnel_stats(hooks->arg, id, &ts) != 0)
		return json_null();
	return json_pack("{s:I, s:I, s:I, s:I}", "encap_pkts",
	    (json_int_t)ts.encap_pkts, "encap_bytes",
	    (json_int_t)ts.encap_bytes, "decap_pkts", (json_int_t)ts.decap_pkts,
	    "decap_bytes", (json_int_t)ts.decap_bytes);
}

static json_t *
binding_obj(const struct ctl_hooks *hooks, const struct mip_binding_info *b)
{
	return json_pack("{s:o, s:o, s:i, s:o, s:o, s:o, s:i, s:I, s:s, s:o}",
	    "home_addr", jip(b->home_addr), "coa", jip(b->coa), "lifetime",
	    (int)b->lifetime, "remaining", jleft(b->remaining), "ident",
	    jident(b->ident), "flags", jletters(mip_rrq_flag_names, b->flags),
	    "code", (int)b->code, "tunnel_id", (json_int_t)b->tunnel_id,
	    "encapsulation", encap_name(b->encap), "counters",
	    tunnel_counters(hooks, b->tunnel_id));
}

static json_t *
show_bindings(const struct ctl_hooks *hooks, const struct mip_node *node,
    const struct mip_now *now)
{
	struct mip_iter it = { 0, 0 };
	struct mip_binding_info b;
	json_t *a = json_array();

	while (a != NULL && mip_node_binding_next(node, &it, now, &b) == 1)
		json_array_append_new(a, binding_obj(hooks, &b));
	return a;
}

/* The encapsulations a Binding Update allowed (RO draft 4.3). */
static const struct mip_flag_name bu_encap_flags[] = {
	{ MIP_BU_F_M, "M" },
	{ MIP_BU_F_G, "G" },
	{ 0, NULL },
};

static json_t *
cache_obj(const struct ctl_hooks *hooks, const struct mip_cache_info *e)
{
	return json_pack("{s:o, s:o, s:o, s:i, s:o, s:o, s:s, s:I, s:b, s:o, "
			 "s:b, s:b, s:o}",
	    "home_addr", jip(e->home_addr), "coa", jip(e->coa), "ha_addr",
	    jip(e->ha_addr), "lifetime", (int)e->lifetime, "remaining",
	    jleft(e->remaining), "flags", jletters(bu_encap_flags, e->flags),
	    "encapsulation", encap_name(e->encap), "tunnel_id",
	    (json_int_t)e->tunnel_id, "used", e->used, "idle",
	    e->used ? json_integer(e->idle) : json_null(), "binding_request",
	    e->br_sent, "smooth_handoff", e->handoff, "counters",
	    tunnel_counters(hooks, e->tunnel_id));
}

/* RO draft 3.1: the correspondent node's (or a foreign agent's) cache. */
static json_t *
show_cache(const struct ctl_hooks *hooks, const struct mip_node *node,
    const struct mip_now *now)
{
	struct mip_iter it = { 0, 0 };
	struct mip_cache_info e;
	json_t *a = json_array();

	while (a != NULL && mip_node_cache_next(node, &it, now, &e) == 1)
		json_array_append_new(a, cache_obj(hooks, &e));
	return a;
}

static json_t *
pending_obj(const struct mip_visitor_info *v)
{
	if (!v->pending)
		return json_null();
	return json_pack("{s:o, s:o, s:o, s:i, s:o, s:I, s:o, s:I}", "coa",
	    jip(v->pend_coa), "ha_addr", jip(v->pend_ha_addr), "ident",
	    jident(v->pend_ident), "lifetime", (int)v->pend_lifetime, "flags",
	    jletters(mip_rrq_flag_names, v->pend_flags), "ifindex",
	    (json_int_t)v->pend_ifindex, "hwaddr",
	    jhw(v->pend_has_hwaddr, v->pend_hwaddr), "timeout_ms",
	    (json_int_t)v->pend_timeout_ms);
}

static json_t *
visitor_obj(const struct ctl_hooks *hooks, const struct mip_visitor_info *v)
{
	json_t *o = json_pack("{s:o, s:s, s:b, s:o}", "home_addr",
	    jip(v->home_addr), "state", v->state, "registered", v->registered,
	    "pending", pending_obj(v));

	if (o == NULL || !v->registered)
		return o;
	json_object_update_new(o,
	    json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:I, s:i, s:o, "
		      "s:o, s:o}",
		"ifindex", (json_int_t)v->ifindex, "link", jlink(v->ifindex),
		"hwaddr", jhw(v->has_hwaddr, v->hwaddr), "coa", jip(v->coa),
		"ha_addr", jip(v->ha_addr), "encapsulation",
		encap_name(v->encap), "flags",
		jletters(mip_rrq_flag_names, visitor_flags(v)), "tunnel_id",
		(json_int_t)v->tunnel_id, "lifetime", (int)v->lifetime,
		"remaining", jleft(v->remaining), "registration_key_spi",
		v->has_key ? json_integer(v->key_spi) : json_null(), "counters",
		tunnel_counters(hooks, v->tunnel_id)));
	return o;
}

static json_t *
show_visitors(const struct ctl_hooks *hooks, const struct mip_node *node,
    const struct mip_now *now)
{
	struct mip_iter it = { 0, 0 };
	struct mip_visitor_info v;
	json_t *a = json_array();

	while (a != NULL && mip_node_visitor_next(node, &it, now, &v) == 1)
		json_array_append_new(a, visitor_obj(hooks, &v));
	return a;
}

static json_t *
agent_obj(const struct mip_agent_info *ag)
{
	json_t *coas = json_array(), *prefix = json_null();
	char s[INET_ADDRSTRLEN + 4];
	struct in_addr in;
	size_t i;

	for (i = 0; coas != NULL && i < ag->ncoa; i++)
		json_array_append_new(coas, jip(ag->coa[i]));
	if (ag->has_prefix) {
		in.s_addr = htonl(ag->net.v);
		inet_ntop(AF_INET, &in, s, INET_ADDRSTRLEN);
		snprintf(s + strlen(s), 5, "/%u", (unsigned)ag->plen);
		prefix = json_string(s);
	}
	return json_pack(
	    "{s:o, s:I, s:o, s:o, s:o, s:i, s:i, s:o, s:o, s:o, s:b}", "addr",
	    jip(ag->addr), "ifindex", (json_int_t)ag->ifindex, "link",
	    jlink(ag->ifindex), "hwaddr", jhw(ag->has_hwaddr, ag->hwaddr),
	    "flags", jletters(mip_adv_flag_names, ag->flags), "reg_lifetime",
	    (int)ag->reg_lifetime, "seq", (int)ag->seq, "coa", coas, "prefix",
	    prefix, "remaining", jleft(ag->remaining), "current", ag->current);
}

static json_t *
show_agents(const struct mip_node *node, const struct mip_now *now)
{
	struct mip_iter it = { 0, 0 };
	struct mip_agent_info ag;
	json_t *a = json_array();

	while (a != NULL && mip_node_agent_next(node, &it, now, &ag) == 1)
		json_array_append_new(a, agent_obj(&ag));
	return a;
}

static json_t *
request_obj(const struct mip_reg_info *r)
{
	if (!r->requesting)
		return json_null();
	return json_pack("{s:o, s:o, s:i, s:o, s:I, s:I}", "coa",
	    jip(r->req_coa), "ident", jident(r->req_ident), "lifetime",
	    (int)r->req_lifetime, "flags",
	    jletters(mip_rrq_flag_names, r->req_flags), "transmissions",
	    (json_int_t)r->req_tx, "retransmissions",
	    (json_int_t)(r->req_tx > 0 ? r->req_tx - 1 : 0));
}

static json_t *
show_registration(const struct mip_node *node, const struct mip_now *now)
{
	struct mip_reg_info r;
	json_t *o, *bs = json_array();
	size_t i;

	if (mip_node_reg_info(node, now, &r) != 0 || bs == NULL) {
		json_decref(bs);
		return NULL;
	}
	for (i = 0; i < r.nbindings; i++)
		json_array_append_new(bs,
		    json_pack("{s:o, s:o, s:b, s:I, s:o}", "coa",
			jip(r.bindings[i].coa), "fa_addr",
			r.bindings[i].colocated ? json_null()
						: jip(r.bindings[i].fa_addr),
			"colocated", r.bindings[i].colocated, "tunnel_id",
			(json_int_t)r.bindings[i].tunnel_id, "remaining",
			jleft(r.bindings[i].remaining)));
	o = json_pack("{s:s, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
		      "s:o, s:o}",
	    "state", r.state, "at_home", r.at_home, "stopped", r.stopped,
	    "home_addr", jip(r.home_addr), "ha_addr", jip(r.ha_addr), "coa",
	    r.nbindings > 0 ? jip(r.bindings[0].coa) : json_null(), "remaining",
	    r.nbindings > 0 ? jleft(r.bindings[0].remaining) : json_null(),
	    "colocated_addr", r.has_coloc ? jip(r.coloc) : json_null(),
	    "last_code",
	    r.has_last_code ? json_integer(r.last_code) : json_null(),
	    "last_code_name",
	    r.has_last_code ? json_string(mip_code_name(r.last_code))
			    : json_null(),
	    "request", request_obj(&r), "bindings", bs);
	return o;
}

static const char *
replay_name(enum mip_replay_method m)
{
	return m == MIP_REPLAY_NONCE ? "nonce" : "timestamp";
}

static int
regkey_cmp(const void *a, const void *b)
{
	const struct mip_regkey_info *x = a, *y = b;

	if (x->peer.v != y->peer.v)
		return x->peer.v < y->peer.v ? -1 : 1;
	return x->spi < y->spi ? -1 : x->spi > y->spi;
}

/* The smooth-handoff keys (mip_node_regkey_next), sorted by (peer, SPI)
 * for the join with the SA list; NULL with |*n| 0 when there are none. */
static struct mip_regkey_info *
regkeys(const struct mip_node *node, const struct mip_now *now, size_t *n,
    bool *nomem)
{
	struct mip_iter it = { 0, 0 };
	struct mip_regkey_info k, *v = NULL, *grown;
	size_t cap = 0;

	*n = 0;
	*nomem = false;
	while (mip_node_regkey_next(node, &it, now, &k) == 1) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if ((grown = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				*nomem = true;
				return NULL;
			}
			v = grown;
		}
		v[(*n)++] = k;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), regkey_cmp);
	return v;
}

/*
 * Each SA, with where it came from: "configured", or a smooth-handoff
 * key's origin (mip_node.h: registration, visitor, handed-off) and how
 * long it has left; a smooth-handoff key's method (paper 9.1-9.4), else
 * null.
 */
static json_t *
show_sa(const struct mip_node *node, const struct mip_now *now)
{
	struct mip_iter it = { 0, 0 };
	struct mip_regkey_info *keys, want, *k;
	struct mip_sa_info sa;
	size_t n;
	bool nomem;
	json_t *a;

	keys = regkeys(node, now, &n, &nomem);
	if (nomem || (a = json_array()) == NULL) {
		free(keys);
		return NULL;
	}
	while (mip_node_sa_next(node, &it, &sa) == 1) {
		want.peer = sa.peer;
		want.spi = sa.spi;
		k = n > 0 ? bsearch(&want, keys, n, sizeof(*keys), regkey_cmp)
			  : NULL;
		json_array_append_new(a,
		    json_pack(
			"{s:o, s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:b, s:o}",
			"peer", jip(sa.peer), "spi", (json_int_t)sa.spi,
			"algorithm", mip_auth_alg_name(sa.alg), "replay",
			replay_name(sa.replay), "tolerance",
			(json_int_t)sa.tolerance, "origin",
			k != NULL ? k->origin : "configured", "method",
			k != NULL
			    ? json_string(mip_regkey_method_name(k->method))
			    : json_null(),
			"remaining",
			k != NULL ? jleft(k->remaining) : json_null(),
			"bu_pending", k != NULL && k->bu_pending, "new_coa",
			k != NULL && k->coa.v != 0 ? jip(k->coa)
						   : json_null()));
	}
	free(keys);
	return a;
}

static json_t *
roles_array(uint32_t roles)
{
	json_t *a = json_array();

	if (roles & MIP_ROLE_HA)
		json_array_append_new(a, json_string("ha"));
	if (roles & MIP_ROLE_FA)
		json_array_append_new(a, json_string("fa"));
	if (roles & MIP_ROLE_MN)
		json_array_append_new(a, json_string("mn"));
	if (roles & MIP_ROLE_CN)
		json_array_append_new(a, json_string("cn"));
	return a;
}

static json_t *
show_status(const struct ctl_hooks *hooks, const struct mip_node *node,
    const struct mip_now *now, mip_tstamp started)
{
	struct mip_node_info ni;
	json_t *o;

	mip_node_info(node, &ni);
	o = json_pack("{s:s, s:o, s:I, s:I, s:I}", "version", MIPD_VERSION,
	    "roles", roles_array(ni.roles), "uptime",
	    (json_int_t)((now->mono - started) / MIP_SEC), "interfaces",
	    (json_int_t)ni.nifs, "sas", (json_int_t)ni.nsas);
	if (o == NULL)
		return NULL;
	if (ni.roles & MIP_ROLE_HA)
		json_object_set_new(o, "ha",
		    json_pack("{s:I, s:I, s:I, s:I}", "mobile_nodes",
			(json_int_t)ni.ha_mns, "away", (json_int_t)ni.ha_away,
			"bindings", (json_int_t)ni.ha_bindings, "max_bindings",
			(json_int_t)ni.ha_max_bindings));
	if (ni.roles & MIP_ROLE_FA)
		json_object_set_new(o, "fa",
		    json_pack("{s:I, s:I, s:I, s:I, s:I}", "links",
			(json_int_t)ni.fa_links, "visitors",
			(json_int_t)ni.fa_visitors, "pending",
			(json_int_t)ni.fa_pending, "max_visitors",
			(json_int_t)ni.fa_max_visitors, "max_pending",
			(json_int_t)ni.fa_max_pending));
	if (ni.roles & MIP_ROLE_MN)
		json_object_set_new(o, "mn",
		    json_pack("{s:I}", "agents", (json_int_t)ni.mn_agents));
	if (ni.roles & MIP_ROLE_CN)
		json_object_set_new(o, "cn",
		    json_pack("{s:I, s:I}", "entries",
			(json_int_t)ni.cn_entries, "capacity",
			(json_int_t)ni.cn_capacity));
	if (hooks->status != NULL)
		hooks->status(hooks->arg, o);
	return o;
}

static json_t *
dataplane_obj(const struct ctl_hooks *hooks)
{
	struct plat_dp_stats ds;
	json_t *drops = json_object();
	int d;

	if (hooks->dp_stats == NULL || drops == NULL) {
		json_decref(drops);
		return json_null();
	}
	memset(&ds, 0, sizeof(ds));
	hooks->dp_stats(hooks->arg, &ds);
	for (d = 0; d < PLAT_DP_DROP__COUNT; d++)
		json_object_set_new(drops,
		    plat_dp_drop_name((enum plat_dp_drop)d),
		    json_integer((json_int_t)ds.drops[d]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
	    "tun_rx", (json_int_t)ds.tun_rx, "tun_tx", (json_int_t)ds.tun_tx,
	    "raw_rx", (json_int_t)ds.raw_rx, "raw_tx", (json_int_t)ds.raw_tx,
	    "reports", (json_int_t)ds.reports, "retunnelled",
	    (json_int_t)ds.retunnelled, "special_fwd",
	    (json_int_t)ds.special_fwd, "special_past",
	    (json_int_t)ds.special_past, "drops", drops);
}

static json_t *
tunnel_row(const struct ctl_hooks *hooks, const char *role,
    struct mip_ip4 home_addr, struct mip_ip4 coa, uint32_t tunnel_id)
{
	return json_pack("{s:s, s:o, s:o, s:I, s:o}", "role", role, "home_addr",
	    jip(home_addr), "coa", jip(coa), "tunnel_id", (json_int_t)tunnel_id,
	    "counters", tunnel_counters(hooks, tunnel_id));
}

/*
 * Packets and bytes tunnelled per binding (HA), per visitor (FA) and per
 * binding cache entry (CN).
 */
static json_t *
tunnels_array(const struct ctl_hooks *hooks, const struct mip_node *node,
    const struct mip_now *now)
{
	struct mip_iter it = { 0, 0 };
	struct mip_binding_info b;
	struct mip_visitor_info v;
	struct mip_cache_info e;
	json_t *a = json_array();

	while (a != NULL && mip_node_binding_next(node, &it, now, &b) == 1)
		json_array_append_new(a,
		    tunnel_row(hooks, "ha", b.home_addr, b.coa, b.tunnel_id));
	memset(&it, 0, sizeof(it));
	while (a != NULL && mip_node_visitor_next(node, &it, now, &v) == 1)
		if (v.registered)
			json_array_append_new(a,
			    tunnel_row(
				hooks, "fa", v.home_addr, v.coa, v.tunnel_id));
	memset(&it, 0, sizeof(it));
	while (a != NULL && mip_node_cache_next(node, &it, now, &e) == 1)
		json_array_append_new(a,
		    tunnel_row(hooks, "cn", e.home_addr, e.coa, e.tunnel_id));
	return a;
}

static json_t *
show_stats(const struct ctl_hooks *hooks, const struct mip_node *node,
    const struct mip_now *now)
{
	const struct mip_stats *st = mip_node_stats(node);
	json_t *drops = json_object(), *replies = json_array();
	int i;

	for (i = 0; drops != NULL && i < MIP_DROP__COUNT; i++)
		json_object_set_new(drops, mip_drop_name((enum mip_drop)i),
		    json_integer((json_int_t)st->drops[i]));
	for (i = 0; replies != NULL && i < 256; i++)
		if (st->replies[i] != 0)
			json_array_append_new(replies,
			    json_pack("{s:i, s:s, s:I}", "code", i, "name",
				mip_code_name((uint8_t)i), "count",
				(json_int_t)st->replies[i]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "rx",
	    (json_int_t)st->rx, "tx", (json_int_t)st->tx, "reg_requests",
	    (json_int_t)st->reg_requests, "advertisements",
	    (json_int_t)st->advertisements, "solicitations",
	    (json_int_t)st->solicitations, "replies", replies, "drops", drops,
	    "dataplane", dataplane_obj(hooks), "tunnels",
	    tunnels_array(hooks, node, now));
}

/* The role a "show" needs, to say so when the node lacks it. */
static const struct {
	const char *what;
	uint32_t role;
	const char *role_name;
} needs[] = {
	{ "bindings", MIP_ROLE_HA, "home agent" },
	{ "visitors", MIP_ROLE_FA, "foreign agent" },
	{ "agents", MIP_ROLE_MN, "mobile node" },
	{ "registration", MIP_ROLE_MN, "mobile node" },
	{ "cache", MIP_ROLE_CN, "correspondent node" },
};

json_t *
ctl_json_show(const struct ctl_hooks *hooks, const char *what,
    const struct mip_now *now, mip_tstamp started)
{
	const struct mip_node *node = hooks->node(hooks->arg);
	struct mip_node_info ni;
	json_t *v = NULL;
	size_t i;

	mip_node_info(node, &ni);
	for (i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
		if (strcmp(what, needs[i].what) == 0 &&
		    !(ni.roles & needs[i].role))
			return ctl_json_error("show %s: this node is not a %s",
			    what, needs[i].role_name);
	if (strcmp(what, "status") == 0)
		v = show_status(hooks, node, now, started);
	else if (strcmp(what, "bindings") == 0)
		v = show_bindings(hooks, node, now);
	else if (strcmp(what, "visitors") == 0)
		v = show_visitors(hooks, node, now);
	else if (strcmp(what, "agents") == 0)
		v = show_agents(node, now);
	else if (strcmp(what, "registration") == 0)
		v = show_registration(node, now);
	else if (strcmp(what, "cache") == 0)
		v = show_cache(hooks, node, now);
	else if (strcmp(what, "sa") == 0)
		v = show_sa(node, now);
	else if (strcmp(what, "stats") == 0)
		v = show_stats(hooks, node, now);
	else
		return ctl_json_error(
		    "show: unknown '%.32s' (status, bindings, "
		    "visitors, agents, registration, cache, sa, "
		    "stats)",
		    what);
	if (v == NULL)
		return ctl_json_error("show %s: out of memory", what);
	return json_pack("{s:b, s:o}", "ok", 1, what, v);
}
