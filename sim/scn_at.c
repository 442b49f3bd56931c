/* SPDX-License-Identifier: ISC */
/*
 * Scenario files: timed steps ("at TIME move|phase|cmd|replay|skew|expect
 * ...") and expectations ("expect NODE registered", "expect flow F [phase
 * P] delivered>=0.99", "expect node N replies[133]>=1").
 */
#include <stdio.h>
#include <string.h>

#include "mip/mip_names.h"
#include "scn_int.h"

static const char *const flow_q_names[] = { "sent", "delivered", "lost",
	"duplicated", "reordered", "latency_min", "latency_avg", "latency_max",
	NULL };
_Static_assert(
    sizeof(flow_q_names) / sizeof(flow_q_names[0]) == SCN_FQ__COUNT + 1,
    "flow quantity names");

static const char *const node_q_names[] = { "rx", "tx", "reg_requests",
	"replies", "drops", "advertisements", "solicitations", "ip_rx", "ip_tx",
	"forwarded", "tunnelled", "tunnelled_bytes", "decapsulated",
	"decapsulated_bytes", "dp_drops", "bindings", "visitors", "cache",
	"reg_time", NULL };
_Static_assert(
    sizeof(node_q_names) / sizeof(node_q_names[0]) == SCN_NQ__COUNT + 1,
    "node quantity names");

/* Longest first, so that "<=" is not read as "<". */
static const struct {
	const char *op;
	enum scn_cmp cmp;
} cmp_ops[] = {
	{ "<=", SCN_LE },
	{ ">=", SCN_GE },
	{ "==", SCN_EQ },
	{ "!=", SCN_NE },
	{ "<", SCN_LT },
	{ ">", SCN_GT },
	{ "=", SCN_EQ },
};

const char *
scn_flow_q_name(enum scn_flow_q q)
{
	return (unsigned)q < SCN_FQ__COUNT ? flow_q_names[q] : "?";
}

const char *
scn_node_q_name(enum scn_node_q q)
{
	return (unsigned)q < SCN_NQ__COUNT ? node_q_names[q] : "?";
}

const char *
scn_cmp_name(enum scn_cmp c)
{
	switch (c) {
	case SCN_LT:
		return "<";
	case SCN_LE:
		return "<=";
	case SCN_EQ:
		return "==";
	case SCN_NE:
		return "!=";
	case SCN_GE:
		return ">=";
	case SCN_GT:
		return ">";
	}
	return "?";
}

bool
scn_cmp_eval(enum scn_cmp c, uint64_t have, uint64_t want)
{
	switch (c) {
	case SCN_LT:
		return have < want;
	case SCN_LE:
		return have <= want;
	case SCN_EQ:
		return have == want;
	case SCN_NE:
		return have != want;
	case SCN_GE:
		return have >= want;
	case SCN_GT:
		return have > want;
	}
	return false;
}

static struct scn_step *
new_step(struct scn_parser *p, enum scn_step_kind kind, mip_tstamp at, int *rc)
{
	struct scn_step *st;

	if ((*rc = scn_p_grow_steps(p)) != 0)
		return NULL;
	st = &p->s->steps[p->s->nsteps];
	memset(st, 0, sizeof(*st));
	st->kind = kind;
	st->at = at;
	st->line = p->ln.lineno;
	st->node = st->seg = st->phase = -1;
	return st;
}

/* ---- expectations ---- */

static bool
is_q_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/* Reads "NAME[IDX]" from |*cur|; |idx| receives IDX or "". */
static int
read_quantity(struct scn_parser *p, const char **cur, char name[32],
    char idx[SCN_NAME_MAX])
{
	const char *c = *cur;
	size_t n = 0;

	while (is_q_char(*c) && n < 31)
		name[n++] = *c++;
	name[n] = '\0';
	idx[0] = '\0';
	if (n == 0)
		return scn_fail(&p->ln,
		    "expect: a quantity name must come "
		    "first, got '%s'",
		    *cur);
	if (*c == '[') {
		const char *close = strchr(c, ']');

		if (close == NULL || close == c + 1 ||
		    (size_t)(close - c - 1) >= SCN_NAME_MAX)
			return scn_fail(
			    &p->ln, "expect: bad index in '%s'", *cur);
		memcpy(idx, c + 1, (size_t)(close - c - 1));
		idx[close - c - 1] = '\0';
		c = close + 1;
	}
	*cur = c;
	return 0;
}

static int
read_cmp(struct scn_parser *p, const char **cur, enum scn_cmp *out)
{
	size_t i;

	for (i = 0; i < sizeof(cmp_ops) / sizeof(cmp_ops[0]); i++) {
		size_t n = strlen(cmp_ops[i].op);

		if (strncmp(*cur, cmp_ops[i].op, n) == 0) {
			*out = cmp_ops[i].cmp;
			*cur += n;
			return 0;
		}
	}
	return scn_fail(&p->ln,
	    "expect: expected one of < <= == != >= > "
	    "after the quantity, got '%s'",
	    *cur);
}

static int
read_flow_value(struct scn_parser *p, struct scn_expect *e, const char *v)
{
	uint32_t ppm;
	int rc;

	if (e->q >= SCN_FQ_LATENCY_MIN) {
		e->unit = SCN_UNIT_NS;
		return scn_read_time(&p->ln, "latency", v, &e->value);
	}
	if (strchr(v, '.') != NULL || strchr(v, '%') != NULL) {
		if (e->q == SCN_FQ_SENT)
			return scn_fail(
			    &p->ln, "sent: a count, not a fraction");
		if ((rc = scn_read_ppm(&p->ln, flow_q_names[e->q], v, &ppm)) !=
		    0)
			return rc;
		e->unit = SCN_UNIT_PPM;
		e->value = ppm;
		return 0;
	}
	e->unit = SCN_UNIT_COUNT;
	return scn_read_u64(
	    &p->ln, flow_q_names[e->q], v, UINT64_MAX, &e->value);
}

static int
code_index(struct scn_parser *p, const char *idx, int *out)
{
	uint64_t code;
	unsigned c;

	if (idx[0] >= '0' && idx[0] <= '9') {
		if (scn_read_u64(&p->ln, "replies", idx, 255, &code) != 0)
			return MIP_ERR_MALFORMED;
		*out = (int)code;
		return 0;
	}
	for (c = 0; c < 256; c++)
		if (strcmp(mip_code_name((uint8_t)c), idx) == 0) {
			*out = (int)c;
			return 0;
		}
	return scn_fail(&p->ln,
	    "replies: '%s' is not a reply code or its "
	    "name",
	    idx);
}

static int
drop_index(struct scn_parser *p, const char *idx, int *out)
{
	int r;

	for (r = 0; r < MIP_DROP__COUNT; r++)
		if (strcmp(mip_drop_name((enum mip_drop)r), idx) == 0) {
			*out = r;
			return 0;
		}
	return scn_fail(&p->ln,
	    "drops: '%s' is not a drop reason (auth, "
	    "replay, no_sa, malformed, ...)",
	    idx);
}

static int
node_index(struct scn_parser *p, struct scn_expect *e, const char *idx)
{
	e->index = -1;
	switch ((enum scn_node_q)e->q) {
	case SCN_NQ_REPLIES:
		if (idx[0] == '\0')
			return scn_fail(&p->ln,
			    "replies needs a code: "
			    "replies[133]");
		return code_index(p, idx, &e->index);
	case SCN_NQ_DROPS:
		return idx[0] == '\0' ? 0 : drop_index(p, idx, &e->index);
	case SCN_NQ_DP_DROPS:
		if (idx[0] != '\0')
			return scn_read_name(
			    &p->ln, "dp_drops", idx, e->index_name);
		return 0;
	case SCN_NQ_RX:
	case SCN_NQ_TX:
	case SCN_NQ_REG_REQUESTS:
	case SCN_NQ_ADVERTISEMENTS:
	case SCN_NQ_SOLICITATIONS:
	case SCN_NQ_IP_RX:
	case SCN_NQ_IP_TX:
	case SCN_NQ_FORWARDED:
	case SCN_NQ_TUNNELLED:
	case SCN_NQ_TUNNELLED_BYTES:
	case SCN_NQ_DECAPSULATED:
	case SCN_NQ_DECAPSULATED_BYTES:
	case SCN_NQ_BINDINGS:
	case SCN_NQ_VISITORS:
	case SCN_NQ_CACHE:
	case SCN_NQ_REG_TIME:
	case SCN_NQ__COUNT:
		break;
	}
	if (idx[0] != '\0')
		return scn_fail(
		    &p->ln, "%s takes no [index]", node_q_names[e->q]);
	return 0;
}

/* "delivered>=0.99" (possibly split over tokens |a|.. ntok). */
static int
read_condition(struct scn_parser *p, size_t a, struct scn_expect *e, bool flow)
{
	char cond[128], qname[32], idx[SCN_NAME_MAX];
	const char *cur = cond;
	size_t n = 0;
	int q, rc;

	if (a >= p->ln.ntok)
		return scn_fail(&p->ln,
		    "expect: a condition like "
		    "delivered>=0.99 is missing");
	cond[0] = '\0';
	for (; a < p->ln.ntok; a++) {
		size_t l = strlen(p->ln.tok[a]);

		if (n + l >= sizeof(cond))
			return scn_fail(&p->ln, "expect: condition too long");
		memcpy(cond + n, p->ln.tok[a], l + 1);
		n += l;
	}
	if ((rc = read_quantity(p, &cur, qname, idx)) != 0)
		return rc;
	q = scn_lookup(flow ? flow_q_names : node_q_names, qname);
	if (q < 0)
		return scn_fail(&p->ln, "expect: '%s' is not a %s quantity",
		    qname, flow ? "flow" : "node");
	e->q = (unsigned)q;
	if (flow && idx[0] != '\0')
		return scn_fail(&p->ln, "%s takes no [index]", qname);
	if (!flow && (rc = node_index(p, e, idx)) != 0)
		return rc;
	if ((rc = read_cmp(p, &cur, &e->cmp)) != 0)
		return rc;
	if (*cur == '\0')
		return scn_fail(&p->ln, "expect: a value must follow '%s'",
		    scn_cmp_name(e->cmp));
	if (flow)
		return read_flow_value(p, e, cur);
	if (e->q == SCN_NQ_REG_TIME) {
		mip_duration d;

		e->unit = SCN_UNIT_NS;
		rc = scn_read_time(&p->ln, qname, cur, &d);
		e->value = d;
		return rc;
	}
	e->unit = SCN_UNIT_COUNT;
	return scn_read_u64(&p->ln, qname, cur, UINT64_MAX, &e->value);
}

static void
expect_text(struct scn_parser *p, size_t a, struct scn_expect *e)
{
	size_t n = 0;

	e->text[0] = '\0';
	for (; a < p->ln.ntok && n + 1 < sizeof(e->text); a++)
		n += (size_t)snprintf(e->text + n, sizeof(e->text) - n, "%s%s",
		    n > 0 ? " " : "", p->ln.tok[a]);
}

/* tokens |a|.. : what follows the word "expect". */
static int
parse_expect(struct scn_parser *p, size_t a, struct scn_expect *e)
{
	const char *w;
	struct scn_node *n;
	size_t i;

	memset(e, 0, sizeof(*e));
	e->node = e->flow = e->phase = e->index = -1;
	expect_text(p, a, e);
	if (a + 1 >= p->ln.ntok)
		return scn_fail(&p->ln,
		    "usage: expect NODE registered|unregistered | expect flow "
		    "NAME [phase P] COND | expect node NAME COND");
	w = p->ln.tok[a];
	if (strcmp(w, "flow") == 0 || strcmp(w, "ping") == 0) {
		if ((e->flow = scn_find_flow(p->s, p->ln.tok[a + 1])) < 0)
			return scn_fail(&p->ln, "no flow '%s' declared before",
			    p->ln.tok[a + 1]);
		e->kind = SCN_EXP_FLOW;
		a += 2;
		if (a + 1 < p->ln.ntok && strcmp(p->ln.tok[a], "phase") == 0) {
			for (i = 0; i < p->s->nphases; i++)
				if (strcmp(p->s->phases[i], p->ln.tok[a + 1]) ==
				    0)
					break;
			if (i == p->s->nphases)
				return scn_fail(&p->ln,
				    "no phase '%s' declared before",
				    p->ln.tok[a + 1]);
			e->phase = (int)i;
			a += 2;
		}
		return read_condition(p, a, e, true);
	}
	if (strcmp(w, "node") == 0) {
		if ((e->node = scn_p_node(p, p->ln.tok[a + 1], &n)) < 0)
			return e->node;
		e->kind = SCN_EXP_NODE;
		return read_condition(p, a + 2, e, false);
	}
	if ((e->node = scn_p_node(p, w, &n)) < 0)
		return e->node;
	if (p->ln.ntok != a + 2)
		return scn_fail(
		    &p->ln, "expect %s: one state word expected", w);
	if (strcmp(p->ln.tok[a + 1], "registered") == 0)
		e->kind = SCN_EXP_REGISTERED;
	else if (strcmp(p->ln.tok[a + 1], "unregistered") == 0)
		e->kind = SCN_EXP_UNREGISTERED;
	else
		return scn_fail(&p->ln,
		    "expect %s: '%s' is not registered or "
		    "unregistered",
		    w, p->ln.tok[a + 1]);
	if (!n->has_mn)
		return scn_fail(&p->ln,
		    "expect %s %s: '%s' is not a mobile "
		    "node",
		    w, p->ln.tok[a + 1], w);
	return 0;
}

int
scn_cmd_expect(struct scn_parser *p)
{
	struct scn_step *st;
	int rc;

	if ((st = new_step(p, SCN_STEP_EXPECT, 0, &rc)) == NULL)
		return rc;
	st->at_end = true;
	if ((rc = parse_expect(p, 1, &st->expect)) != 0)
		return rc;
	p->s->nsteps++;
	return 0;
}

/* ---- timed steps ---- */

/* move NODE [IFNAME] SEGMENT|- [ADDR/LEN] [gw=ADDR] */
static int
at_move(struct scn_parser *p, struct scn_step *st, size_t a)
{
	struct scn_node *n;
	uint32_t ifindex;
	const char *seg;
	int rc;

	if (a + 2 > p->ln.ntok)
		return scn_fail(&p->ln,
		    "usage: at TIME move NODE [IFNAME] "
		    "SEGMENT|- [ADDR/LEN] [gw=ADDR]");
	if ((st->node = scn_p_node(p, p->ln.tok[a], &n)) < 0)
		return st->node;
	a++;
	st->ifindex = 1;
	if (a + 1 < p->ln.ntok && strchr(p->ln.tok[a + 1], '/') == NULL &&
	    strchr(p->ln.tok[a + 1], '=') == NULL) {
		if ((rc = scn_p_iface(p, n, p->ln.tok[a], &ifindex)) != 0)
			return rc;
		st->ifindex = ifindex;
		a++;
	}
	seg = p->ln.tok[a++];
	if (strcmp(seg, "-") != 0) {
		if ((st->seg = scn_find_segment(p->s, seg)) < 0)
			return scn_fail(
			    &p->ln, "no segment '%s' declared before", seg);
	}
	if (a < p->ln.ntok && strchr(p->ln.tok[a], '=') == NULL) {
		if ((rc = scn_read_prefix(&p->ln, "move address", p->ln.tok[a],
			 &st->addr, &st->plen, false)) != 0)
			return rc;
		if (st->plen == 0)
			return scn_fail(&p->ln,
			    "move: address needs a prefix "
			    "length above 0");
		st->has_addr = true;
		a++;
	}
	for (; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *v;

		if (!scn_opt(k, &v) || strcmp(k, "gw") != 0)
			return scn_fail(&p->ln, "move: unexpected '%s'", k);
		if ((rc = scn_read_ip4(&p->ln, "gw", v, &st->gw)) != 0)
			return rc;
	}
	if (st->seg < 0 && (st->has_addr || st->gw.v != 0))
		return scn_fail(&p->ln,
		    "move: a detached interface takes no "
		    "address or gateway");
	return 0;
}

static int
at_phase(struct scn_parser *p, struct scn_step *st, size_t a)
{
	size_t i;
	int rc;

	if (a + 1 != p->ln.ntok)
		return scn_fail(&p->ln, "usage: at TIME phase NAME");
	for (i = 0; i < p->s->nphases; i++)
		if (strcmp(p->s->phases[i], p->ln.tok[a]) == 0)
			return scn_fail(&p->ln, "phase '%s' is declared twice",
			    p->ln.tok[a]);
	if (p->s->nphases == SCN_MAX_PHASES)
		return scn_fail(&p->ln, "more than %d phases", SCN_MAX_PHASES);
	if ((rc = scn_read_name(&p->ln, "phase", p->ln.tok[a],
		 p->s->phases[p->s->nphases])) != 0)
		return rc;
	st->phase = (int)p->s->nphases++;
	return 0;
}

static const struct {
	const char *name;
	enum mip_cmd_kind kind;
	uint32_t role;
} cmd_names[] = {
	{ "register", MIP_CMD_REGISTER, MIP_ROLE_MN },
	{ "deregister", MIP_CMD_DEREGISTER, MIP_ROLE_MN },
	{ "solicit", MIP_CMD_SOLICIT, MIP_ROLE_MN },
	{ "flush", MIP_CMD_FLUSH_BINDING, MIP_ROLE_HA },
	{ "flush-all", MIP_CMD_FLUSH_ALL, MIP_ROLE_HA },
};

static int
at_cmd(struct scn_parser *p, struct scn_step *st, size_t a)
{
	struct scn_node *n;
	size_t i;

	if (a + 2 > p->ln.ntok)
		return scn_fail(&p->ln,
		    "usage: at TIME cmd NODE register|"
		    "deregister|solicit|flush-all|flush "
		    "HOMEADDR");
	if ((st->node = scn_p_node(p, p->ln.tok[a], &n)) < 0)
		return st->node;
	for (i = 0; i < sizeof(cmd_names) / sizeof(cmd_names[0]); i++)
		if (strcmp(cmd_names[i].name, p->ln.tok[a + 1]) == 0)
			break;
	if (i == sizeof(cmd_names) / sizeof(cmd_names[0]))
		return scn_fail(
		    &p->ln, "cmd: unknown command '%s'", p->ln.tok[a + 1]);
	if ((n->roles & cmd_names[i].role) == 0)
		return scn_fail(&p->ln, "cmd %s: node '%s' is not %s",
		    cmd_names[i].name, n->name,
		    cmd_names[i].role == MIP_ROLE_MN ? "a mobile node"
						     : "a home agent");
	st->cmd = cmd_names[i].kind;
	if (st->cmd == MIP_CMD_FLUSH_BINDING) {
		if (a + 3 != p->ln.ntok)
			return scn_fail(
			    &p->ln, "usage: cmd NODE flush HOMEADDR");
		return scn_read_ip4(
		    &p->ln, "flush", p->ln.tok[a + 2], &st->cmd_home);
	}
	if (a + 2 != p->ln.ntok)
		return scn_fail(&p->ln, "cmd %s: unexpected '%s'",
		    cmd_names[i].name, p->ln.tok[a + 2]);
	return 0;
}

static int
at_replay(struct scn_parser *p, struct scn_step *st, size_t a)
{
	struct scn_node *n;
	uint64_t nth = 1;
	int rc;

	if (a >= p->ln.ntok || a + 2 < p->ln.ntok)
		return scn_fail(&p->ln, "usage: at TIME replay NODE [N]");
	if ((st->node = scn_p_node(p, p->ln.tok[a], &n)) < 0)
		return st->node;
	if (a + 1 < p->ln.ntok &&
	    (rc = scn_read_u64(
		 &p->ln, "replay", p->ln.tok[a + 1], 1000000, &nth)) != 0)
		return rc;
	if (nth == 0)
		return scn_fail(&p->ln, "replay: requests count from 1");
	st->nth = (unsigned)nth;
	return 0;
}

static int
at_skew(struct scn_parser *p, struct scn_step *st, size_t a)
{
	struct scn_node *n;

	if (a + 2 != p->ln.ntok)
		return scn_fail(&p->ln, "usage: at TIME skew NODE [+|-]TIME");
	if ((st->node = scn_p_node(p, p->ln.tok[a], &n)) < 0)
		return st->node;
	return scn_read_stime(&p->ln, "skew", p->ln.tok[a + 1], &st->skew_ns);
}

int
scn_cmd_at(struct scn_parser *p)
{
	static const char *const kinds[] = { "move", "phase", "cmd", "replay",
		"skew", "expect", NULL };
	static const enum scn_step_kind kind_vals[] = { SCN_STEP_MOVE,
		SCN_STEP_PHASE, SCN_STEP_CMD, SCN_STEP_REPLAY, SCN_STEP_SKEW,
		SCN_STEP_EXPECT };
	struct scn_step *st;
	mip_duration at;
	int k, rc;

	if (p->ln.ntok < 3)
		return scn_fail(&p->ln,
		    "usage: at TIME move|phase|cmd|replay|"
		    "skew|expect ...");
	if ((rc = scn_read_time(&p->ln, "at", p->ln.tok[1], &at)) != 0)
		return rc;
	if ((k = scn_lookup(kinds, p->ln.tok[2])) < 0)
		return scn_fail(&p->ln,
		    "at: unknown step '%s' (move, phase, "
		    "cmd, replay, skew, expect)",
		    p->ln.tok[2]);
	if ((st = new_step(p, kind_vals[k], at, &rc)) == NULL)
		return rc;
	switch (st->kind) {
	case SCN_STEP_MOVE:
		rc = at_move(p, st, 3);
		break;
	case SCN_STEP_PHASE:
		rc = at_phase(p, st, 3);
		break;
	case SCN_STEP_CMD:
		rc = at_cmd(p, st, 3);
		break;
	case SCN_STEP_REPLAY:
		rc = at_replay(p, st, 3);
		break;
	case SCN_STEP_SKEW:
		rc = at_skew(p, st, 3);
		break;
	case SCN_STEP_EXPECT:
		rc = parse_expect(p, 3, &st->expect);
		break;
	}
	if (rc != 0)
		return rc;
	p->s->nsteps++;
	return 0;
}
