/* SPDX-License-Identifier: ISC */
/*
 * Scenario files: line splitting and the declarations (seed, end, segment,
 * node, iface, route, sa, ha, fa, mn, filter, skew, flow, ping), then the
 * checks that need the whole file. Timed steps and expectations are in
 * scn_at.c; value readers in scn_lex.c. docs/mipsim.md is
 * the reference for the format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_proto.h"
#include "scn_int.h"

/* ---- names ---- */

int
scn_find_segment(const struct scn *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nsegs; i++)
		if (strcmp(s->segs[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
scn_find_node(const struct scn *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nnodes; i++)
		if (strcmp(s->nodes[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
scn_find_flow(const struct scn *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nflows; i++)
		if (strcmp(s->flows[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
scn_p_node(struct scn_parser *p, const char *name, struct scn_node **out)
{
	int i = scn_find_node(p->s, name);

	if (i < 0) {
		/* The constant, not scn_fail's result, lets the compiler see
		 * that callers never use |*out| after a failure. */
		(void)scn_fail(&p->ln, "no node '%s' declared before", name);
		return MIP_ERR_MALFORMED;
	}
	*out = &p->s->nodes[i];
	return i;
}

int
scn_p_iface(struct scn_parser *p, const struct scn_node *n, const char *name,
    uint32_t *ifindex)
{
	size_t i;

	for (i = 0; i < n->nifs; i++)
		if (strcmp(n->ifs[i].name, name) == 0) {
			*ifindex = (uint32_t)(i + 1);
			return 0;
		}
	return scn_fail(
	    &p->ln, "node '%s' has no interface '%s'", n->name, name);
}

static int
p_segment(struct scn_parser *p, const char *name)
{
	int i = scn_find_segment(p->s, name);

	if (i < 0)
		return scn_fail(
		    &p->ln, "no segment '%s' declared before", name);
	return i;
}

/* ---- declarations ---- */

static int
need_args(struct scn_parser *p, size_t min, const char *usage)
{
	if (p->ln.ntok < min)
		return scn_fail(&p->ln, "usage: %s", usage);
	return 0;
}

static int
unknown_opt(struct scn_parser *p, const char *cmd, const char *opt)
{
	return scn_fail(&p->ln, "%s: unknown option '%s'", cmd, opt);
}

static int
cmd_seed(struct scn_parser *p)
{
	int rc;

	if ((rc = need_args(p, 2, "seed NUMBER")) != 0)
		return rc;
	if (p->ln.ntok > 2)
		return scn_fail(&p->ln, "seed: one number expected");
	return scn_read_u64(
	    &p->ln, "seed", p->ln.tok[1], UINT64_MAX, &p->s->seed);
}

static int
cmd_end(struct scn_parser *p)
{
	int rc;

	if ((rc = need_args(p, 2, "end TIME")) != 0)
		return rc;
	if (p->ln.ntok > 2)
		return scn_fail(&p->ln, "end: one time expected");
	if ((rc = scn_read_time(&p->ln, "end", p->ln.tok[1], &p->s->end)) != 0)
		return rc;
	if (p->s->end == 0)
		return scn_fail(
		    &p->ln, "end: the run must last longer than 0s");
	return 0;
}

static const char *const loss_class_names[] = { "reg", "disc", "data", NULL };

static int
read_classes(struct scn_parser *p, char *v, uint32_t *out)
{
	char *save = NULL, *w;

	*out = 0;
	for (w = strtok_r(v, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		int i = scn_lookup(loss_class_names, w);

		if (i < 0)
			return scn_fail(&p->ln,
			    "loss-classes: '%s' is not reg, disc or data", w);
		*out |= 1U << i;
	}
	if (*out == 0)
		return scn_fail(&p->ln, "loss-classes: empty list");
	return 0;
}

/* "lossmask=0110": first character = first frame; repeats. */
static int
read_lossmask(struct scn_parser *p, const char *v, struct scn_segment *g)
{
	size_t n = strlen(v), i;

	if (n == 0 || n > 64)
		return scn_fail(
		    &p->ln, "lossmask: 1 to 64 characters of 0 and 1");
	g->loss_mask = 0;
	for (i = 0; i < n; i++) {
		if (v[i] != '0' && v[i] != '1')
			return scn_fail(
			    &p->ln, "lossmask: '%s' may hold only 0 and 1", v);
		if (v[i] == '1')
			g->loss_mask |= 1ULL << i;
	}
	g->loss_mask_len = (uint8_t)n;
	return 0;
}

/* "lose=0,1": frames 0 and 1 of the first 64 (a 64-bit mask). */
static int
read_lose(struct scn_parser *p, char *v, struct scn_segment *g)
{
	char *save = NULL, *w;
	uint64_t k;
	int rc;

	g->loss_mask = 0;
	g->loss_mask_len = 64;
	for (w = strtok_r(v, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		if ((rc = scn_read_u64(&p->ln, "lose", w, 63, &k)) != 0)
			return rc;
		g->loss_mask |= 1ULL << k;
	}
	return 0;
}

static int
cmd_segment(struct scn_parser *p)
{
	struct scn_segment *g;
	uint64_t n;
	size_t a;
	int rc;

	if ((rc = need_args(p, 2,
		 "segment NAME [delay=T] [jitter=T] [mtu=N] [loss=F] "
		 "[lossmask=BITS|lose=K,..] [loss-classes=reg,disc,data]")) !=
	    0)
		return rc;
	if (p->s->nsegs == SCN_MAX_SEGMENTS)
		return scn_fail(
		    &p->ln, "more than %d segments", SCN_MAX_SEGMENTS);
	g = &p->s->segs[p->s->nsegs];
	memset(g, 0, sizeof(*g));
	g->line = p->ln.lineno;
	if ((rc = scn_read_name(&p->ln, "segment", p->ln.tok[1], g->name)) != 0)
		return rc;
	if (scn_find_segment(p->s, g->name) >= 0)
		return scn_fail(
		    &p->ln, "segment '%s' is declared twice", g->name);
	g->delay = MIP_MSEC;
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *v;

		if (!scn_opt(k, &v))
			return scn_fail(&p->ln,
			    "segment: expected KEY=VALUE, "
			    "got '%s'",
			    k);
		if (strcmp(k, "delay") == 0)
			rc = scn_read_time(&p->ln, k, v, &g->delay);
		else if (strcmp(k, "jitter") == 0)
			rc = scn_read_time(&p->ln, k, v, &g->jitter);
		else if (strcmp(k, "mtu") == 0) {
			rc = scn_read_u64(&p->ln, k, v, 65535, &n);
			if (rc == 0 && n < 68)
				rc = scn_fail(
				    &p->ln, "mtu: at least 68 (RFC 791)");
			g->mtu = (uint32_t)n;
		} else if (strcmp(k, "loss") == 0)
			rc = scn_read_ppm(&p->ln, k, v, &g->loss_ppm);
		else if (strcmp(k, "lossmask") == 0)
			rc = read_lossmask(p, v, g);
		else if (strcmp(k, "lose") == 0)
			rc = read_lose(p, v, g);
		else if (strcmp(k, "loss-classes") == 0)
			rc = read_classes(p, v, &g->loss_classes);
		else
			rc = unknown_opt(p, "segment", k);
		if (rc != 0)
			return rc;
	}
	p->s->nsegs++;
	return 0;
}

static const char *const role_names[] = { "mn", "fa", "ha", "cn", "router",
	"host", NULL };
static const uint32_t role_bits[] = { MIP_ROLE_MN, MIP_ROLE_FA, MIP_ROLE_HA,
	MIP_ROLE_CN, SCN_ROLE_ROUTER, SCN_ROLE_HOST };

static int
read_roles(struct scn_parser *p, char *v, uint32_t *out)
{
	char *save = NULL, *w;

	*out = 0;
	for (w = strtok_r(v, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		int i = scn_lookup(role_names, w);

		if (i < 0)
			return scn_fail(&p->ln,
			    "roles: '%s' is not mn, fa, ha, cn, router or host",
			    w);
		*out |= role_bits[i];
	}
	if (*out == 0)
		return scn_fail(&p->ln, "roles: empty list");
	if ((*out & MIP_ROLE_MN) && (*out & (MIP_ROLE_FA | MIP_ROLE_HA)))
		return scn_fail(&p->ln,
		    "roles: a mobile node cannot also be an agent here");
	return 0;
}

static int
cmd_node(struct scn_parser *p)
{
	struct scn_node *n;
	size_t a;
	int rc;

	if ((rc = need_args(p, 3, "node NAME roles=ROLE[,ROLE] [skew=T]")) != 0)
		return rc;
	if ((rc = scn_p_grow_nodes(p)) != 0)
		return rc;
	n = &p->s->nodes[p->s->nnodes];
	memset(n, 0, sizeof(*n));
	n->line = p->ln.lineno;
	if ((rc = scn_read_name(&p->ln, "node", p->ln.tok[1], n->name)) != 0)
		return rc;
	if (scn_find_node(p->s, n->name) >= 0)
		return scn_fail(&p->ln, "node '%s' is declared twice", n->name);
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *v;

		if (!scn_opt(k, &v))
			return scn_fail(
			    &p->ln, "node: expected KEY=VALUE, got '%s'", k);
		if (strcmp(k, "roles") == 0 || strcmp(k, "role") == 0)
			rc = read_roles(p, v, &n->roles);
		else if (strcmp(k, "skew") == 0)
			rc = scn_read_stime(&p->ln, k, v, &n->skew_ns);
		else
			rc = unknown_opt(p, "node", k);
		if (rc != 0)
			return rc;
	}
	if (n->roles == 0)
		return scn_fail(
		    &p->ln, "node '%s': roles= is required", n->name);
	p->s->nnodes++;
	return 0;
}

static int
cmd_iface(struct scn_parser *p)
{
	struct scn_node *n;
	struct scn_if *f;
	size_t a = 4, i;
	int rc;

	if ((rc = need_args(p, 4,
		 "iface NODE IFNAME SEGMENT|- [ADDR/LEN] [hw=HWADDR]")) != 0)
		return rc;
	if ((rc = scn_p_node(p, p->ln.tok[1], &n)) < 0)
		return rc;
	if (n->nifs == SCN_MAX_IFS)
		return scn_fail(&p->ln, "node '%s' has more than %d interfaces",
		    n->name, SCN_MAX_IFS);
	f = &n->ifs[n->nifs];
	memset(f, 0, sizeof(*f));
	if ((rc = scn_read_name(&p->ln, "iface", p->ln.tok[2], f->name)) != 0)
		return rc;
	for (i = 0; i < n->nifs; i++)
		if (strcmp(n->ifs[i].name, f->name) == 0)
			return scn_fail(&p->ln, "node '%s' already has '%s'",
			    n->name, f->name);
	f->seg = -1;
	if (strcmp(p->ln.tok[3], "-") != 0 &&
	    (f->seg = p_segment(p, p->ln.tok[3])) < 0)
		return f->seg;
	if (a < p->ln.ntok && strchr(p->ln.tok[a], '=') == NULL) {
		if ((rc = scn_read_prefix(&p->ln, "iface address", p->ln.tok[a],
			 &f->addr, &f->plen, false)) != 0)
			return rc;
		a++;
	}
	for (; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *v;

		if (!scn_opt(k, &v))
			return scn_fail(
			    &p->ln, "iface: expected KEY=VALUE, got '%s'", k);
		if (strcmp(k, "hw") == 0) {
			rc = scn_read_hwaddr(&p->ln, k, v, f->hwaddr);
			f->has_hwaddr = true;
		} else
			rc = unknown_opt(p, "iface", k);
		if (rc != 0)
			return rc;
	}
	n->nifs++;
	return 0;
}

/* route NODE DST/LEN|default [via GW] [dev IFNAME] */
static int
cmd_route(struct scn_parser *p)
{
	struct scn_node *n;
	struct scn_route *r;
	size_t a;
	int rc;

	if ((rc = need_args(p, 5,
		 "route NODE DST/LEN|default via GW [dev IFNAME] | "
		 "route NODE DST/LEN dev IFNAME")) != 0)
		return rc;
	if ((rc = scn_p_node(p, p->ln.tok[1], &n)) < 0)
		return rc;
	if (n->nroutes == SCN_MAX_ROUTES)
		return scn_fail(&p->ln, "node '%s' has more than %d routes",
		    n->name, SCN_MAX_ROUTES);
	r = &n->routes[n->nroutes];
	memset(r, 0, sizeof(*r));
	if ((rc = scn_read_prefix(
		 &p->ln, "route", p->ln.tok[2], &r->dst, &r->plen, true)) != 0)
		return rc;
	for (a = 3; a + 1 < p->ln.ntok; a += 2) {
		if (strcmp(p->ln.tok[a], "via") == 0)
			rc = scn_read_ip4(
			    &p->ln, "via", p->ln.tok[a + 1], &r->gw);
		else if (strcmp(p->ln.tok[a], "dev") == 0)
			rc = scn_p_iface(p, n, p->ln.tok[a + 1], &r->ifindex);
		else
			rc = scn_fail(&p->ln,
			    "route: expected 'via GW' or 'dev IFNAME', got "
			    "'%s'",
			    p->ln.tok[a]);
		if (rc != 0)
			return rc;
	}
	if (a != p->ln.ntok)
		return scn_fail(
		    &p->ln, "route: '%s' lacks its value", p->ln.tok[a]);
	if (r->gw.v == 0 && r->ifindex == 0)
		return scn_fail(
		    &p->ln, "route: needs 'via GW' or 'dev IFNAME'");
	n->nroutes++;
	return 0;
}

static const char *const alg_names[] = { "hmac-md5", "keyed-md5", "hmac-sha1",
	NULL };
static const enum mip_auth_alg alg_vals[] = { MIP_AUTH_HMAC_MD5,
	MIP_AUTH_KEYED_MD5, MIP_AUTH_HMAC_SHA1 };
static const char *const replay_names[] = { "timestamps", "nonces", NULL };

static int
cmd_sa(struct scn_parser *p)
{
	struct scn_node *n;
	struct mip_sa_config *c;
	bool have_peer = false, have_spi = false;
	uint8_t master[MIP_SA_KEY_MAX];
	size_t master_len = 0;
	uint64_t v;
	size_t a;
	int rc, i;

	if ((rc = need_args(p, 5,
		 "sa NODE peer=ADDR spi=N key=HEX|master=HEX "
		 "[alg=hmac-md5|keyed-md5|hmac-sha1] "
		 "[replay=timestamps|nonces] "
		 "[tolerance=SEC]")) != 0)
		return rc;
	if ((rc = scn_p_node(p, p->ln.tok[1], &n)) < 0)
		return rc;
	if (n->nsas == SCN_MAX_SAS)
		return scn_fail(&p->ln, "node '%s' has more than %d SAs",
		    n->name, SCN_MAX_SAS);
	c = &n->sas[n->nsas];
	mip_sa_config_init(c);
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val))
			return scn_fail(
			    &p->ln, "sa: expected KEY=VALUE, got '%s'", k);
		if (strcmp(k, "peer") == 0) {
			rc = scn_read_ip4(&p->ln, k, val, &c->peer);
			have_peer = true;
		} else if (strcmp(k, "spi") == 0) {
			rc = scn_read_u64(&p->ln, k, val, UINT32_MAX, &v);
			if (rc == 0 && v < MIP_SPI_MIN)
				rc = scn_fail(&p->ln,
				    "spi: 0-255 are reserved "
				    "(RFC 5944 1.6)");
			c->spi = (uint32_t)v;
			have_spi = true;
		} else if (strcmp(k, "key") == 0)
			rc = scn_read_hex(&p->ln, k, val, c->key,
			    sizeof(c->key), &c->key_len);
		else if (strcmp(k, "alg") == 0) {
			if ((i = scn_lookup(alg_names, val)) < 0)
				rc = scn_fail(&p->ln,
				    "alg: '%s' is not "
				    "hmac-md5, keyed-md5 or "
				    "hmac-sha1",
				    val);
			else
				c->alg = alg_vals[i];
		} else if (strcmp(k, "replay") == 0) {
			if ((i = scn_lookup(replay_names, val)) < 0)
				rc = scn_fail(&p->ln,
				    "replay: '%s' is not timestamps or nonces",
				    val);
			else
				c->replay = i == 0 ? MIP_REPLAY_TIMESTAMP
						   : MIP_REPLAY_NONCE;
		} else if (strcmp(k, "tolerance") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 86400, &v);
			c->tolerance = (uint32_t)v;
		} else if (strcmp(k, "master") == 0)
			rc = scn_read_hex(&p->ln, k, val, master,
			    sizeof(master), &master_len);
		else
			rc = unknown_opt(p, "sa", k);
		if (rc != 0)
			return rc;
	}
	/* Paper 5: the key a home agent derives for this peer. */
	if (have_peer && master_len > 0) {
		if (c->key_len > 0)
			return scn_fail(
			    &p->ln, "sa: key= or master=, not both");
		if (mip_sa_derive_key(c->key, master, master_len, c->peer) != 0)
			return scn_fail(&p->ln, "sa: cannot derive the key");
		c->key_len = MIP_MD5_LEN;
	}
	if (!have_peer || !have_spi || c->key_len == 0)
		return scn_fail(&p->ln,
		    "sa: peer=, spi= and key= (or master=) are required");
	for (a = 0; a < n->nsas; a++)
		if (n->sas[a].peer.v == c->peer.v && n->sas[a].spi == c->spi)
			return scn_fail(&p->ln,
			    "sa: node '%s' already has an SA for this peer "
			    "and spi",
			    n->name);
	n->nsas++;
	return 0;
}

static int
cmd_filter(struct scn_parser *p)
{
	struct scn_node *n;
	int rc;

	if ((rc = need_args(p, 2, "filter NODE")) != 0)
		return rc;
	if (p->ln.ntok > 2)
		return scn_fail(&p->ln, "filter: one node name expected");
	if ((rc = scn_p_node(p, p->ln.tok[1], &n)) < 0)
		return rc;
	n->ingress_filter = true;
	return 0;
}

static int
cmd_skew(struct scn_parser *p)
{
	struct scn_node *n;
	int rc;

	if ((rc = need_args(p, 3, "skew NODE [+|-]TIME")) != 0)
		return rc;
	if (p->ln.ntok > 3)
		return scn_fail(&p->ln, "skew: NODE and one time expected");
	if ((rc = scn_p_node(p, p->ln.tok[1], &n)) < 0)
		return rc;
	return scn_read_stime(&p->ln, "skew", p->ln.tok[2], &n->skew_ns);
}

/* "100/s", "5/ms" or "100": packets per second -> interval. */
static int
read_rate(struct scn_parser *p, const char *v, mip_duration *interval)
{
	char num[24];
	const char *slash = strchr(v, '/');
	mip_duration per = MIP_SEC;
	uint64_t n;
	size_t len = slash != NULL ? (size_t)(slash - v) : strlen(v);
	int rc;

	if (len >= sizeof(num))
		return scn_fail(&p->ln, "rate: '%s' is not a rate", v);
	memcpy(num, v, len);
	num[len] = '\0';
	if ((rc = scn_read_u64(&p->ln, "rate", num, 1000000, &n)) != 0)
		return rc;
	if (slash != NULL) {
		char unit[24];
		const char *u = slash + 1;

		/* "N/s" means "N/1s". */
		if (*u != '\0' && !(*u >= '0' && *u <= '9')) {
			snprintf(unit, sizeof(unit), "1%.20s", u);
			u = unit;
		}
		if ((rc = scn_read_time(&p->ln, "rate", u, &per)) != 0)
			return rc;
	}
	if (n == 0 || per / n == 0)
		return scn_fail(&p->ln,
		    "rate: '%s' must be above 0 and at "
		    "most one packet per ns",
		    v);
	*interval = per / n;
	return 0;
}

/* flow NAME from NODE to ADDR ... / ping NAME from NODE to ADDR ... */
static int
cmd_traffic(struct scn_parser *p, enum scn_flow_kind kind)
{
	struct scn_flow *f;
	struct scn_node *n;
	uint64_t v;
	size_t a;
	int rc;

	if ((rc = need_args(p, 6,
		 kind == SCN_FLOW_UDP
		     ? "flow NAME from NODE to ADDR [rate=N/s] [size=N] "
		       "[port=N] [start=T] [stop=T]"
		     : "ping NAME from NODE to ADDR [interval=T] [size=N] "
		       "[start=T] [stop=T]")) != 0)
		return rc;
	if (p->s->nflows == SCN_MAX_FLOWS)
		return scn_fail(&p->ln, "more than %d flows", SCN_MAX_FLOWS);
	f = &p->s->flows[p->s->nflows];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->line = p->ln.lineno;
	if ((rc = scn_read_name(&p->ln, p->ln.tok[0], p->ln.tok[1], f->name)) !=
	    0)
		return rc;
	if (scn_find_flow(p->s, f->name) >= 0)
		return scn_fail(&p->ln, "flow '%s' is declared twice", f->name);
	if (strcmp(p->ln.tok[2], "from") != 0 ||
	    strcmp(p->ln.tok[4], "to") != 0)
		return scn_fail(&p->ln,
		    "%s: expected '%s NAME from NODE to "
		    "ADDR'",
		    p->ln.tok[0], p->ln.tok[0]);
	if ((f->node = scn_p_node(p, p->ln.tok[3], &n)) < 0)
		return f->node;
	if ((rc = scn_read_ip4(&p->ln, "to", p->ln.tok[5], &f->dst)) != 0)
		return rc;
	f->interval = kind == SCN_FLOW_UDP ? 10 * MIP_MSEC : MIP_SEC;
	f->size = 64;
	f->port = 5001;
	for (a = 6; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val))
			return scn_fail(&p->ln,
			    "%s: expected KEY=VALUE, got '%s'", p->ln.tok[0],
			    k);
		if (kind == SCN_FLOW_UDP && strcmp(k, "rate") == 0)
			rc = read_rate(p, val, &f->interval);
		else if (strcmp(k, "interval") == 0) {
			rc = scn_read_time(&p->ln, k, val, &f->interval);
			if (rc == 0 && f->interval == 0)
				rc = scn_fail(&p->ln, "interval: above 0");
		} else if (strcmp(k, "size") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 60000, &v);
			f->size = (uint16_t)v;
		} else if (kind == SCN_FLOW_UDP && strcmp(k, "port") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 65535, &v);
			if (rc == 0 && (v == 0 || v == MIP_UDP_PORT))
				rc = scn_fail(&p->ln,
				    "port: not 0 and not 434 (registration)");
			f->port = (uint16_t)v;
		} else if (strcmp(k, "start") == 0)
			rc = scn_read_time(&p->ln, k, val, &f->start);
		else if (strcmp(k, "stop") == 0)
			rc = scn_read_time(&p->ln, k, val, &f->stop);
		else
			rc = unknown_opt(p, p->ln.tok[0], k);
		if (rc != 0)
			return rc;
	}
	if (f->stop != 0 && f->stop <= f->start)
		return scn_fail(
		    &p->ln, "%s: stop must come after start", p->ln.tok[0]);
	p->s->nflows++;
	return 0;
}

static int
cmd_flow(struct scn_parser *p)
{
	return cmd_traffic(p, SCN_FLOW_UDP);
}

static int
cmd_ping(struct scn_parser *p)
{
	return cmd_traffic(p, SCN_FLOW_PING);
}

/* ---- the file ---- */

static const struct {
	const char *name;
	int (*fn)(struct scn_parser *p);
} commands[] = {
	{ "seed", cmd_seed },
	{ "end", cmd_end },
	{ "segment", cmd_segment },
	{ "node", cmd_node },
	{ "iface", cmd_iface },
	{ "route", cmd_route },
	{ "sa", cmd_sa },
	{ "ha", scn_cmd_ha },
	{ "fa", scn_cmd_fa },
	{ "mn", scn_cmd_mn },
	{ "cn", scn_cmd_cn },
	{ "ro", scn_cmd_ro },
	{ "filter", cmd_filter },
	{ "skew", cmd_skew },
	{ "flow", cmd_flow },
	{ "ping", cmd_ping },
	{ "at", scn_cmd_at },
	{ "expect", scn_cmd_expect },
};

static int
dispatch(struct scn_parser *p)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(p->ln.tok[0], commands[i].name) == 0)
			return commands[i].fn(p);
	return scn_fail(&p->ln, "unknown command '%s'", p->ln.tok[0]);
}

static int
grow(void **arr, size_t *cap, size_t need, size_t max, size_t elem)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	if (need > max)
		return MIP_ERR_LIMIT;
	ncap = *cap == 0 ? 8 : *cap * 2;
	if (ncap > max)
		ncap = max;
	if ((n = realloc(*arr, ncap * elem)) == NULL)
		return MIP_ERR_NOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}

int
scn_p_grow_nodes(struct scn_parser *p)
{
	void *arr = p->s->nodes;
	int rc = grow(&arr, &p->cap_nodes, p->s->nnodes + 1, SCN_MAX_NODES,
	    sizeof(struct scn_node));

	p->s->nodes = arr;
	if (rc == MIP_ERR_LIMIT)
		return scn_fail(&p->ln, "more than %d nodes", SCN_MAX_NODES);
	return rc;
}

int
scn_p_grow_steps(struct scn_parser *p)
{
	void *arr = p->s->steps;
	int rc = grow(&arr, &p->cap_steps, p->s->nsteps + 1, SCN_MAX_STEPS,
	    sizeof(struct scn_step));

	p->s->steps = arr;
	if (rc == MIP_ERR_LIMIT)
		return scn_fail(
		    &p->ln, "more than %d timed lines", SCN_MAX_STEPS);
	return rc;
}

void
scn_free(struct scn *s)
{
	free(s->nodes);
	free(s->steps);
	memset(s, 0, sizeof(*s));
}

int
scn_parse(struct scn *s, const char *text, size_t len, const char *file,
    struct scn_err *err)
{
	struct scn_parser p;
	size_t pos = 0;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.ln.err = err;
	p.ln.file = file != NULL ? file : "-";
	s->end = 60 * MIP_SEC;
	memcpy(s->phases[0], "start", sizeof("start"));
	s->nphases = 1;
	while (rc == 0 && pos < len) {
		size_t n = 0;

		p.ln.lineno++;
		while (pos < len && text[pos] != '\n') {
			if (text[pos] == '\0') {
				rc = scn_fail(&p.ln, "NUL byte in the file");
				break;
			}
			if (n == SCN_MAX_LINE) {
				rc = scn_fail(&p.ln,
				    "line longer than %d "
				    "characters",
				    SCN_MAX_LINE);
				break;
			}
			p.ln.buf[n++] = text[pos++];
		}
		pos++; /* the newline */
		if (rc != 0)
			break;
		p.ln.buf[n] = '\0';
		if ((rc = scn_split(&p.ln)) == 0 && p.ln.ntok > 0)
			rc = dispatch(&p);
	}
	if (rc == 0)
		rc = scn_p_finish(&p);
	if (rc != 0)
		scn_free(s);
	return rc;
}

int
scn_load(struct scn *s, const char *path, struct scn_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	memset(s, 0, sizeof(*s));
	if (f == NULL) {
		if (err != NULL) {
			snprintf(err->file, sizeof(err->file), "%s", path);
			err->line = 0;
			snprintf(
			    err->msg, sizeof(err->msg), "%s", strerror(errno));
		}
		return MIP_ERR_NOTFOUND;
	}
	for (;;) {
		if (len == cap) {
			char *nb;

			cap = cap == 0 ? 4096 : cap * 2;
			if (cap > 16U << 20 ||
			    (nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				if (err != NULL) {
					snprintf(err->file, sizeof(err->file),
					    "%s", path);
					err->line = 0;
					snprintf(err->msg, sizeof(err->msg),
					    "file too large");
				}
				return MIP_ERR_NOMEM;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	rc = scn_parse(s, buf, len, path, err);
	free(buf);
	return rc;
}
