/* SPDX-License-Identifier: ISC */
/*
 * Running a scenario (mipsim_run.h): the world built from a struct scn, the
 * timed steps as world callbacks, the engines' notifications followed
 * through the action hook, and the expectations checked when they fall
 * due (or when the run ends).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_proto.h"
#include "mipsim_run.h"

/* ---- errors ---- */

static int
run_fail(struct scn_err *err, const struct run *r, unsigned line, int rc,
    const char *msg, const char *what)
{
	if (err != NULL) {
		snprintf(err->file, sizeof(err->file), "%s", r->name);
		err->line = line;
		/* A long name is cut: the message stays readable. */
		if (snprintf(err->msg, sizeof(err->msg), "%s%s%s%s", msg,
			what != NULL ? " '" : "", what != NULL ? what : "",
			what != NULL ? "'" : "") < 0)
			err->msg[0] = '\0';
	}
	return rc;
}

static struct run_check *
add_check(struct run *r, const struct scn_step *st)
{
	struct run_check *c;

	if (r->nchecks == r->capchecks) {
		size_t ncap = r->capchecks == 0 ? 16 : r->capchecks * 2;
		void *n = realloc(r->checks, ncap * sizeof(*r->checks));

		if (n == NULL) {
			r->fatal = MIP_ERR_NOMEM;
			return NULL;
		}
		r->checks = n;
		r->capchecks = ncap;
	}
	c = &r->checks[r->nchecks++];
	memset(c, 0, sizeof(*c));
	c->step = st;
	c->at = sim_now(r->w);
	return c;
}

/* A step that could not be carried out counts as a failed check. */
static void
step_failed(struct run *r, const struct scn_step *st, const char *why)
{
	struct run_check *c = add_check(r, st);

	if (c == NULL)
		return;
	snprintf(c->detail, sizeof(c->detail), "%s", why);
	r->failed++;
	sim_trace(
	    r->w, NULL, "step_failed", "line=%u why=\"%s\"", st->line, why);
}

/* ---- following the engines ---- */

static void
entry_add(
    struct run_entry *t, size_t *n, struct mip_ip4 home, struct mip_ip4 coa)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (t[i].home_addr.v == home.v && t[i].coa.v == coa.v)
			return;
	if (*n < RUN_MAX_ENTRIES) {
		t[*n].home_addr = home;
		t[*n].coa = coa;
		(*n)++;
	}
}

/* Removes (home, coa), or every entry of |home| when coa is 0.0.0.0. */
static void
entry_del(
    struct run_entry *t, size_t *n, struct mip_ip4 home, struct mip_ip4 coa)
{
	size_t i = 0;

	while (i < *n) {
		if (t[i].home_addr.v == home.v &&
		    (coa.v == 0 || t[i].coa.v == coa.v)) {
			memmove(&t[i], &t[i + 1], (*n - i - 1) * sizeof(*t));
			(*n)--;
		} else
			i++;
	}
}

static struct run_node *
run_node_of(struct run *r, const struct sim_node *sn)
{
	size_t i;

	for (i = 0; i < r->s->nnodes; i++)
		if (r->nodes[i].sn == sn)
			return &r->nodes[i];
	return NULL;
}

static void
keep_request(struct run_node *rn, const struct mip_act_send *s)
{
	struct run_req *q;

	if (rn->nreqs == RUN_MAX_REQS || s->kind != MIP_PKT_UDP ||
	    s->dport != MIP_UDP_PORT || s->len == 0 || s->len > RUN_REQ_MAX ||
	    s->data[0] != MIP_MSG_REG_REQ)
		return;
	q = &rn->reqs[rn->nreqs++];
	q->send = *s;
	memcpy(q->bytes, s->data, s->len);
	q->send.data = q->bytes;
}

/* A mobile node's registration time: from the first request (later ones
 * are retransmissions or a new attempt) to the accepted reply (RFC 5944
 * 3.4: code 0 or 1). */
static void
reg_time(struct run *r, struct run_node *rn, const struct mip_act_notify *n)
{
	if (n->role != MIP_ROLE_MN)
		return;
	if (n->what == MIP_NOTE_REG_SENT && !rn->reg_open) {
		rn->reg_open = true;
		rn->reg_start = sim_now(r->w);
	} else if (n->what == MIP_NOTE_REG_REPLY && rn->reg_open &&
	    n->code <= MIP_CODE_ACCEPTED_NO_SIMUL) {
		rn->reg_open = false;
		rn->reg_time = sim_now(r->w) - rn->reg_start;
	}
}

static void
on_action(void *user, struct sim_node *sn, const struct mip_action *act)
{
	struct run *r = user;
	struct run_node *rn = run_node_of(r, sn);
	const struct mip_act_notify *n = &act->u.notify;

	if (rn == NULL)
		return;
	if (act->type == MIP_ACT_SEND) {
		if (!r->replaying)
			keep_request(rn, &act->u.send);
		return;
	}
	if (act->type != MIP_ACT_NOTIFY)
		return;
	switch (n->what) {
	case MIP_NOTE_BINDING_ADD:
		/* mip_node.h: a correspondent's cache entry is a binding
		 * too, but not one that registers the mobile node. */
		if (n->role == MIP_ROLE_CN)
			entry_add(rn->cache, &rn->ncache, n->home_addr, n->coa);
		else
			entry_add(
			    rn->bindings, &rn->nbindings, n->home_addr, n->coa);
		break;
	case MIP_NOTE_BINDING_DEL:
		if (n->role == MIP_ROLE_CN)
			entry_del(rn->cache, &rn->ncache, n->home_addr, n->coa);
		else
			entry_del(
			    rn->bindings, &rn->nbindings, n->home_addr, n->coa);
		break;
	case MIP_NOTE_VISITOR_ADD:
		entry_add(rn->visitors, &rn->nvisitors, n->home_addr, n->coa);
		break;
	case MIP_NOTE_VISITOR_DEL:
		entry_del(rn->visitors, &rn->nvisitors, n->home_addr, n->coa);
		break;
	case MIP_NOTE_REG_SENT:
	case MIP_NOTE_REG_REPLY:
		reg_time(r, rn, n);
		break;
	case MIP_NOTE_STATE:
	case MIP_NOTE_AGENT:
	case MIP_NOTE_AGENT_LOST:
	case MIP_NOTE_MOVED:
	case MIP_NOTE_HOME:
	case MIP_NOTE_DROP:
		break;
	}
}

/* ---- quantities ---- */

static int
dp_drop_index(const char *name)
{
	int i;

	for (i = 0; i < SIM_DROP__COUNT; i++)
		if (strcmp(sim_drop_name((enum sim_drop)i), name) == 0)
			return i;
	return -1;
}

uint64_t
run_node_q(const struct run *r, size_t node, enum scn_node_q q, int index,
    const char *index_name)
{
	const struct run_node *rn = &r->nodes[node];
	const struct sim_node_counters *sc = sim_node_counters(rn->sn);
	const struct mip_node *mn = sim_node_mip(rn->sn);
	static const struct mip_stats zero;
	const struct mip_stats *st = mn != NULL ? mip_node_stats(mn) : &zero;
	uint64_t sum = 0;
	int i;

	switch (q) {
	case SCN_NQ_RX:
		return st->rx;
	case SCN_NQ_TX:
		return st->tx;
	case SCN_NQ_REG_REQUESTS:
		return st->reg_requests;
	case SCN_NQ_REPLIES:
		return index >= 0 && index < 256 ? st->replies[index] : 0;
	case SCN_NQ_DROPS:
		if (index >= 0 && index < MIP_DROP__COUNT)
			return st->drops[index];
		for (i = 0; i < MIP_DROP__COUNT; i++)
			sum += st->drops[i];
		return sum;
	case SCN_NQ_ADVERTISEMENTS:
		return st->advertisements;
	case SCN_NQ_SOLICITATIONS:
		return st->solicitations;
	case SCN_NQ_IP_RX:
		return sc->rx;
	case SCN_NQ_IP_TX:
		return sc->tx;
	case SCN_NQ_FORWARDED:
		return sc->forwarded;
	case SCN_NQ_TUNNELLED:
		return sc->encap;
	case SCN_NQ_TUNNELLED_BYTES:
		return sc->encap_bytes;
	case SCN_NQ_DECAPSULATED:
		return sc->decap;
	case SCN_NQ_DECAPSULATED_BYTES:
		return sc->decap_bytes;
	case SCN_NQ_DP_DROPS:
		if (index_name != NULL && index_name[0] != '\0') {
			i = dp_drop_index(index_name);
			return i >= 0 ? sc->drops[i] : 0;
		}
		for (i = 0; i < SIM_DROP__COUNT; i++)
			sum += sc->drops[i];
		return sum;
	case SCN_NQ_BINDINGS:
		return rn->nbindings;
	case SCN_NQ_VISITORS:
		return rn->nvisitors;
	case SCN_NQ_CACHE:
		return rn->ncache;
	case SCN_NQ_REG_TIME:
		return rn->reg_time;
	case SCN_NQ__COUNT:
		break;
	}
	return 0;
}

static uint64_t
flow_q(const struct sim_flow_stats *fs, enum scn_flow_q q)
{
	switch (q) {
	case SCN_FQ_SENT:
		return fs->sent;
	case SCN_FQ_DELIVERED:
		return fs->delivered;
	case SCN_FQ_LOST:
		return fs->lost;
	case SCN_FQ_DUPLICATED:
		return fs->duplicates;
	case SCN_FQ_REORDERED:
		return fs->reordered;
	case SCN_FQ_LATENCY_MIN:
		return fs->lat_min;
	case SCN_FQ_LATENCY_AVG:
		return fs->delivered > 0 ? fs->lat_sum / fs->delivered : 0;
	case SCN_FQ_LATENCY_MAX:
		return fs->lat_max;
	case SCN_FQ__COUNT:
		break;
	}
	return 0;
}

/* ---- expectations ---- */

static bool
mn_registered(const struct run *r, const struct scn_node *mn)
{
	size_t i, k;

	for (i = 0; i < r->s->nnodes; i++)
		for (k = 0; k < r->nodes[i].nbindings; k++)
			if (r->nodes[i].bindings[k].home_addr.v ==
			    mn->mn.home_addr.v)
				return true;
	return false;
}

static void
check_flow(struct run *r, const struct scn_expect *e, struct run_check *c)
{
	struct sim_flow_stats fs;
	int phase = -1;
	uint64_t have;

	if (e->phase >= 0) {
		phase = r->phase_map[e->phase];
		if (phase < 0) {
			memset(&fs, 0, sizeof(fs));
			c->passed = scn_cmp_eval(e->cmp, 0, e->value);
			snprintf(c->detail, sizeof(c->detail),
			    "phase '%s' has not begun", r->s->phases[e->phase]);
			return;
		}
	}
	sim_flow_stats(r->flows[e->flow], phase, &fs);
	have = flow_q(&fs, (enum scn_flow_q)e->q);
	switch (e->unit) {
	case SCN_UNIT_PPM:
		c->passed = fs.sent > 0 &&
		    scn_cmp_eval(e->cmp, have * 1000000ULL / fs.sent, e->value);
		snprintf(c->detail, sizeof(c->detail),
		    "%s %llu of %llu sent (%.4f)",
		    scn_flow_q_name((enum scn_flow_q)e->q),
		    (unsigned long long)have, (unsigned long long)fs.sent,
		    fs.sent > 0 ? (double)have / (double)fs.sent : 0.0);
		break;
	case SCN_UNIT_NS:
		c->passed =
		    fs.delivered > 0 && scn_cmp_eval(e->cmp, have, e->value);
		snprintf(c->detail, sizeof(c->detail), "%s %.3f ms",
		    scn_flow_q_name((enum scn_flow_q)e->q), (double)have / 1e6);
		break;
	case SCN_UNIT_COUNT:
		c->passed = scn_cmp_eval(e->cmp, have, e->value);
		snprintf(c->detail, sizeof(c->detail), "%s %llu (sent %llu)",
		    scn_flow_q_name((enum scn_flow_q)e->q),
		    (unsigned long long)have, (unsigned long long)fs.sent);
		break;
	}
}

static void
check(struct run *r, const struct scn_step *st)
{
	const struct scn_expect *e = &st->expect;
	struct run_check *c = add_check(r, st);
	uint64_t have;

	if (c == NULL)
		return;
	switch (e->kind) {
	case SCN_EXP_REGISTERED:
	case SCN_EXP_UNREGISTERED: {
		bool reg = mn_registered(r, &r->s->nodes[e->node]);

		c->passed = reg == (e->kind == SCN_EXP_REGISTERED);
		snprintf(c->detail, sizeof(c->detail), "%s",
		    reg ? "a home agent holds a binding"
			: "no home agent holds a binding");
		break;
	}
	case SCN_EXP_FLOW:
		check_flow(r, e, c);
		break;
	case SCN_EXP_NODE:
		have = run_node_q(r, (size_t)e->node, (enum scn_node_q)e->q,
		    e->index, e->index_name);
		c->passed = scn_cmp_eval(e->cmp, have, e->value);
		snprintf(c->detail, sizeof(c->detail), "%s is %llu",
		    scn_node_q_name((enum scn_node_q)e->q),
		    (unsigned long long)have);
		break;
	}
	if (!c->passed)
		r->failed++;
	sim_trace(r->w, NULL, "expect", "line=%u result=%s detail=\"%s\"",
	    st->line, c->passed ? "pass" : "FAIL", c->detail);
}

/* ---- steps ---- */

struct run_step {
	struct run *r;
	const struct scn_step *st;
};

/*
 * A mobile node's interface keeps its home address wherever it goes, but
 * off its home segment the home prefix is not on-link: RFC 5944 4.6, the
 * mobile node away from home must not ARP for home addresses. So leaving
 * the segment it started on withdraws that connected route, and coming
 * back restores it (what a host's address configuration does).
 */
static void
home_route(struct run *r, const struct scn_step *st)
{
	const struct scn_node *n = &r->s->nodes[st->node];
	struct run_node *rn = &r->nodes[st->node];
	const struct scn_if *f;
	struct mip_action act;
	bool off;

	if (!n->has_mn || st->ifindex != n->mn.home_ifindex)
		return;
	f = &n->ifs[st->ifindex - 1];
	if (f->seg < 0 || f->plen == 0)
		return;
	off = st->seg != f->seg;
	if (off == rn->home_route_off)
		return;
	memset(&act, 0, sizeof(act));
	act.type = off ? MIP_ACT_ROUTE_DEL : MIP_ACT_ROUTE_ADD;
	act.u.route.dst.v = f->addr.v & (~(uint32_t)0 << (32 - f->plen));
	act.u.route.plen = f->plen;
	act.u.route.ifindex = st->ifindex;
	if (sim_apply_action(rn->sn, &act) == 0)
		rn->home_route_off = off;
}

static void
do_move(struct run *r, const struct scn_step *st)
{
	struct run_node *rn = &r->nodes[st->node];
	struct sim_link *l = st->seg >= 0 ? r->links[st->seg] : NULL;
	struct mip_ip4 any = { 0 };

	if (rn->has_coloc) {
		struct mip_action del;

		memset(&del, 0, sizeof(del));
		del.type = MIP_ACT_ROUTE_DEL;
		del.u.route.ifindex = rn->coloc_if;
		del.u.route.gw = rn->coloc_gw;
		if (rn->coloc_gw.v != 0)
			(void)sim_apply_action(rn->sn, &del);
		(void)sim_if_del_addr(rn->sn, rn->coloc_if, rn->coloc_addr);
		rn->has_coloc = false;
	}
	home_route(r, st);
	if (sim_move(rn->sn, st->ifindex, l) != 0) {
		step_failed(r, st, "move: no such interface");
		return;
	}
	if (st->gw.v != 0 &&
	    sim_route_add(rn->sn, any, 0, st->gw, st->ifindex) != 0)
		step_failed(r, st, "move: the gateway route was refused");
	if (st->has_addr) {
		if (sim_if_add_addr(rn->sn, st->ifindex, st->addr, st->plen) !=
		    0) {
			step_failed(r, st, "move: the address was refused");
			return;
		}
		rn->has_coloc = true;
		rn->coloc_if = st->ifindex;
		rn->coloc_addr = st->addr;
		rn->coloc_gw = st->gw;
	}
}

static void
do_replay(struct run *r, const struct scn_step *st)
{
	struct run_node *rn = &r->nodes[st->node];
	struct mip_action act;
	char why[96];

	if (st->nth > rn->nreqs) {
		snprintf(why, sizeof(why),
		    "replay: node sent %zu registration requests, not %u",
		    rn->nreqs, st->nth);
		step_failed(r, st, why);
		return;
	}
	memset(&act, 0, sizeof(act));
	act.type = MIP_ACT_SEND;
	act.u.send = rn->reqs[st->nth - 1].send;
	sim_trace(r->w, sim_node_name(rn->sn), "replay", "nth=%u len=%zu",
	    st->nth, act.u.send.len);
	r->replaying = true;
	(void)sim_apply_action(rn->sn, &act);
	r->replaying = false;
}

static void
on_step(struct sim_world *w, void *arg)
{
	struct run_step *rs = arg;
	struct run *r = rs->r;
	const struct scn_step *st = rs->st;
	struct mip_cmd cmd;
	int rc;

	(void)w;
	switch (st->kind) {
	case SCN_STEP_MOVE:
		do_move(r, st);
		break;
	case SCN_STEP_PHASE:
		rc = sim_phase_mark(r->w, r->s->phases[st->phase]);
		if (rc < 0)
			step_failed(r, st, "phase: refused by the simulator");
		else
			r->phase_map[st->phase] = rc;
		break;
	case SCN_STEP_CMD:
		memset(&cmd, 0, sizeof(cmd));
		cmd.kind = st->cmd;
		cmd.home_addr = st->cmd_home;
		rc = sim_node_cmd(r->nodes[st->node].sn, &cmd);
		if (rc <= MIP_ERR_FATAL)
			r->fatal = rc;
		else if (rc < 0)
			step_failed(r, st, mip_strerror(rc));
		break;
	case SCN_STEP_REPLAY:
		do_replay(r, st);
		break;
	case SCN_STEP_SKEW:
		sim_node_set_skew(r->nodes[st->node].sn, st->skew_ns);
		break;
	case SCN_STEP_EXPECT:
		check(r, st);
		break;
	}
	if (r->fatal != 0)
		sim_stop(r->w);
}

/* ---- building ---- */

static void
link_config(const struct scn_segment *g, struct sim_link_config *c)
{
	memset(c, 0, sizeof(*c));
	c->delay = g->delay;
	c->jitter = g->jitter;
	c->mtu = g->mtu;
	c->loss = (double)g->loss_ppm / 1e6;
	c->loss_mask = g->loss_mask;
	c->loss_mask_len = g->loss_mask_len;
	/* SCN_LOSS_* are SIM_PKT_* bit for bit. */
	c->loss_classes = g->loss_classes;
}

_Static_assert(SCN_LOSS_REG == SIM_PKT_REG && SCN_LOSS_DISC == SIM_PKT_DISC &&
	SCN_LOSS_DATA == SIM_PKT_DATA,
    "loss classes");

/* The interface whose prefix holds |gw|, or 0. */
static uint32_t
if_for_gw(const struct scn_node *n, struct mip_ip4 gw)
{
	size_t i;

	for (i = 0; i < n->nifs; i++) {
		uint32_t mask = n->ifs[i].plen == 0
		    ? 0
		    : ~(uint32_t)0 << (32 - n->ifs[i].plen);

		if (n->ifs[i].plen > 0 &&
		    (n->ifs[i].addr.v & mask) == (gw.v & mask))
			return (uint32_t)(i + 1);
	}
	return 0;
}

static int
build_node(struct run *r, size_t i, struct scn_err *err)
{
	const struct scn_node *n = &r->s->nodes[i];
	struct run_node *rn = &r->nodes[i];
	size_t k;
	int rc;

	if ((rc = sim_node_new(r->w, n->name, &rn->sn)) != 0)
		return run_fail(
		    err, r, n->line, rc, "the simulator refused node", n->name);
	for (k = 0; k < n->nifs; k++) {
		struct sim_if_config ic;

		memset(&ic, 0, sizeof(ic));
		ic.name = n->ifs[k].name;
		ic.link = n->ifs[k].seg >= 0 ? r->links[n->ifs[k].seg] : NULL;
		ic.addr = n->ifs[k].addr;
		ic.plen = n->ifs[k].plen;
		ic.has_hwaddr = n->ifs[k].has_hwaddr;
		memcpy(ic.hwaddr, n->ifs[k].hwaddr, MIP_HWADDR_LEN);
		if ((rc = sim_if_add(rn->sn, &ic, NULL)) != 0)
			return run_fail(err, r, n->line, rc,
			    "the simulator refused interface", ic.name);
	}
	for (k = 0; k < n->nroutes; k++) {
		const struct scn_route *rt = &n->routes[k];
		uint32_t ifindex =
		    rt->ifindex != 0 ? rt->ifindex : if_for_gw(n, rt->gw);

		if (ifindex == 0)
			return run_fail(err, r, n->line, MIP_ERR_INVAL,
			    "a route's gateway is on no interface of node",
			    n->name);
		if ((rc = sim_route_add(
			 rn->sn, rt->dst, rt->plen, rt->gw, ifindex)) != 0)
			return run_fail(err, r, n->line, rc,
			    "the simulator refused a route of node", n->name);
	}
	if (n->roles & SCN_ROLE_ROUTER)
		sim_node_set_forwarding(rn->sn, true);
	sim_node_set_ingress_filter(rn->sn, n->ingress_filter);
	sim_node_set_skew(rn->sn, n->skew_ns);
	return 0;
}

/* rsa-key=: the pair goes into copies of the role's configuration (the
 * engine copies the DER octets, mip_node.h). */
static int
host_keys(struct run *r, size_t i, struct mip_node_config *cfg,
    struct mip_mn_config *mn, struct mip_fa_config *fa, struct scn_err *err)
{
	const struct scn_node *n = &r->s->nodes[i];
	struct sim_rsa *kp = &r->nodes[i].rsa;
	char why[sizeof(err->msg)];

	if (n->rsa_key[0] == '\0')
		return 0;
	if (sim_keys_load(kp, r->name, n->rsa_key, why, sizeof(why)) != 0)
		return run_fail(
		    err, r, n->rsa_key_line, MIP_ERR_INVAL, why, NULL);
	if (cfg->mn != NULL) {
		*mn = *cfg->mn;
		mn->rsa_pub = kp->pub;
		mn->rsa_pub_len = kp->pub_len;
		mn->rsa_priv = kp->priv;
		mn->rsa_priv_len = kp->priv_len;
		cfg->mn = mn;
	}
	if (cfg->fa != NULL) {
		*fa = *cfg->fa;
		fa->rsa_pub_der = kp->pub;
		fa->rsa_pub_len = kp->pub_len;
		fa->rsa_priv_der = kp->priv;
		fa->rsa_priv_len = kp->priv_len;
		cfg->fa = fa;
	}
	return 0;
}

static int
host_engines(struct run *r, struct scn_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < r->s->nnodes; i++) {
		const struct scn_node *n = &r->s->nodes[i];
		struct mip_node_config cfg;
		struct mip_mn_config mn;
		struct mip_fa_config fa;

		if ((n->roles & SCN_ROLES_ENGINE) == 0)
			continue;
		scn_node_config(r->s, i, &cfg, NULL);
		if ((rc = host_keys(r, i, &cfg, &mn, &fa, err)) != 0)
			return rc;
		if ((rc = sim_node_host(r->nodes[i].sn, &cfg)) != 0)
			return run_fail(err, r, n->line, rc,
			    "the engine refused the configuration of node",
			    n->name);
	}
	return 0;
}

static int
build_flows(struct run *r, struct scn_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < r->s->nflows; i++) {
		const struct scn_flow *f = &r->s->flows[i];
		struct sim_flow_config fc;

		memset(&fc, 0, sizeof(fc));
		fc.kind =
		    f->kind == SCN_FLOW_PING ? SIM_FLOW_PING : SIM_FLOW_UDP;
		fc.name = f->name;
		fc.from = r->nodes[f->node].sn;
		fc.dst = f->dst;
		fc.dport = f->port;
		fc.interval = f->interval;
		fc.size = f->size;
		fc.start = f->start;
		fc.stop = f->stop;
		if ((rc = sim_flow_new(r->w, &fc, &r->flows[i])) != 0)
			return run_fail(err, r, f->line, rc,
			    "the simulator refused flow", f->name);
	}
	return 0;
}

static int
check_names(struct run *r, struct scn_err *err)
{
	size_t i;

	for (i = 0; i < r->s->nsteps; i++) {
		const struct scn_step *st = &r->s->steps[i];

		if (st->kind == SCN_STEP_EXPECT &&
		    st->expect.kind == SCN_EXP_NODE &&
		    st->expect.q == SCN_NQ_DP_DROPS &&
		    st->expect.index_name[0] != '\0' &&
		    dp_drop_index(st->expect.index_name) < 0)
			return run_fail(err, r, st->line, MIP_ERR_INVAL,
			    "dp_drops: not a data-plane drop reason:",
			    st->expect.index_name);
	}
	return 0;
}

static int
alloc_all(struct run *r)
{
	const struct scn *s = r->s;
	size_t i;

	r->nodes = calloc(s->nnodes ? s->nnodes : 1, sizeof(*r->nodes));
	r->links = calloc(s->nsegs ? s->nsegs : 1, sizeof(*r->links));
	r->flows = calloc(s->nflows ? s->nflows : 1, sizeof(*r->flows));
	r->phase_map = calloc(s->nphases, sizeof(*r->phase_map));
	if (r->nodes == NULL || r->links == NULL || r->flows == NULL ||
	    r->phase_map == NULL)
		return MIP_ERR_NOMEM;
	for (i = 0; i < s->nphases; i++)
		r->phase_map[i] = -1;
	r->phase_map[0] = 0; /* "start" */
	return 0;
}

static int
build(struct run *r, struct scn_err *err)
{
	const struct scn *s = r->s;
	size_t i;
	int rc;

	if ((rc = check_names(r, err)) != 0)
		return rc;
	for (i = 0; i < s->nsegs; i++) {
		struct sim_link_config lc;

		link_config(&s->segs[i], &lc);
		if ((rc = sim_link_new(
			 r->w, s->segs[i].name, &lc, &r->links[i])) != 0)
			return run_fail(err, r, s->segs[i].line, rc,
			    "the simulator refused segment", s->segs[i].name);
	}
	for (i = 0; i < s->nnodes; i++)
		if ((rc = build_node(r, i, err)) != 0)
			return rc;
	if ((rc = host_engines(r, err)) != 0)
		return rc;
	return build_flows(r, err);
}

static int
schedule(struct run *r, struct run_step *rs)
{
	size_t i;
	int rc;

	for (i = 0; i < r->s->nsteps; i++) {
		rs[i].r = r;
		rs[i].st = &r->s->steps[i];
		if (rs[i].st->at_end)
			continue;
		if ((rc = sim_at(r->w, rs[i].st->at, on_step, &rs[i])) != 0)
			return rc;
	}
	return 0;
}

static int
open_pcaps(struct run *r, const char *dir, struct scn_err *err)
{
	char path[4096];
	size_t i;
	int rc;

	snprintf(path, sizeof(path), "%s/all.pcap", dir);
	if ((rc = sim_pcap_open(r->w, path)) != 0)
		return run_fail(err, r, 0, rc, "cannot write", path);
	for (i = 0; i < r->s->nsegs; i++) {
		snprintf(
		    path, sizeof(path), "%s/%s.pcap", dir, r->s->segs[i].name);
		if ((rc = sim_link_pcap_open(r->links[i], path)) != 0)
			return run_fail(err, r, 0, rc, "cannot write", path);
	}
	return 0;
}

int
run_scenario(struct run *r, const struct scn *s, const char *name,
    const struct run_opts *o, struct scn_err *err)
{
	struct run_step *rs;
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	r->s = s;
	r->name = name;
	r->seed = o->has_seed ? o->seed : s->seed;
	if ((rc = sim_world_new(&r->w, r->seed)) != 0 ||
	    (rc = alloc_all(r)) != 0)
		return run_fail(err, r, 0, rc, "out of memory", NULL);
	if (sim_keys_seed(r->seed) != 0)
		return run_fail(err, r, 0, MIP_ERR_CRYPTO,
		    "OpenSSL refused the seeded random source", NULL);
	if (o->trace != NULL)
		sim_set_trace_file(r->w, o->trace);
	sim_set_action_hook(r->w, on_action, r);
	if ((rc = build(r, err)) != 0)
		return rc;
	if (o->pcap_dir != NULL && (rc = open_pcaps(r, o->pcap_dir, err)) != 0)
		return rc;
	rs = calloc(s->nsteps ? s->nsteps : 1, sizeof(*rs));
	if (rs == NULL)
		return run_fail(
		    err, r, 0, MIP_ERR_NOMEM, "out of memory", NULL);
	if ((rc = schedule(r, rs)) == 0) {
		rc = sim_run_until(r->w, s->end);
		if (rc == 1 || rc == 0)
			rc = r->fatal;
	}
	if (rc == 0)
		for (i = 0; i < s->nsteps; i++)
			if (s->steps[i].at_end)
				check(r, &s->steps[i]);
	if (rc == 0 && r->fatal != 0)
		rc = r->fatal;
	free(rs);
	if (rc != 0)
		return run_fail(
		    err, r, 0, rc, "the run stopped:", mip_strerror(rc));
	return 0;
}

void
run_free(struct run *r)
{
	size_t i;

	sim_world_del(r->w);
	for (i = 0; r->nodes != NULL && i < r->s->nnodes; i++)
		sim_keys_free(&r->nodes[i].rsa);
	free(r->nodes);
	free(r->links);
	free(r->flows);
	free(r->phase_map);
	free(r->checks);
	memset(r, 0, sizeof(*r));
}
