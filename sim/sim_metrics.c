/* SPDX-License-Identifier: ISC */
/*
 * JSON metrics of a finished run (mipsim_report.h): per flow and per phase
 * the packets sent, delivered, lost, duplicated and reordered with their
 * latency; per node the registration requests, replies by code, drops by
 * reason (engine and data plane), tunnelled and detunnelled packets and
 * bytes; per link the transmissions and losses; and every expectation.
 * Integers only (times in ns), keys in a fixed order.
 */
#include <jansson.h>
#include <string.h>

#include "mip/mip_names.h"
#include "mipsim_report.h"

static json_t *
u64(uint64_t v)
{
	return json_integer(
	    (json_int_t)(v > (uint64_t)INT64_MAX ? INT64_MAX : v));
}

/* json_object_set_new with the allocation failure carried in |ok|. */
static void
put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || o == NULL || json_object_set_new(o, key, v) != 0)
		*ok = false;
}

static void
append(json_t *a, json_t *v, bool *ok)
{
	if (v == NULL || a == NULL || json_array_append_new(a, v) != 0)
		*ok = false;
}

static json_t *
flow_stats(const struct sim_flow_stats *fs, bool *ok)
{
	json_t *o = json_object(), *lat = json_object();

	put(o, "sent", u64(fs->sent), ok);
	put(o, "delivered", u64(fs->delivered), ok);
	put(o, "lost", u64(fs->lost), ok);
	put(o, "duplicated", u64(fs->duplicates), ok);
	put(o, "reordered", u64(fs->reordered), ok);
	put(lat, "min", u64(fs->lat_min), ok);
	put(lat, "avg",
	    u64(fs->delivered > 0 ? fs->lat_sum / fs->delivered : 0), ok);
	put(lat, "max", u64(fs->lat_max), ok);
	put(o, "latency_ns", lat, ok);
	return o;
}

static json_t *
flow_json(const struct run *r, size_t i, bool *ok)
{
	const struct scn_flow *f = &r->s->flows[i];
	struct sim_flow *sf = r->flows[i];
	struct sim_flow_stats fs;
	json_t *o = json_object(), *phases = json_array();
	char dst[16];
	size_t p;

	snprintf(dst, sizeof(dst), "%u.%u.%u.%u", f->dst.v >> 24,
	    (f->dst.v >> 16) & 0xff, (f->dst.v >> 8) & 0xff, f->dst.v & 0xff);
	put(o, "name", json_string(f->name), ok);
	put(o, "kind", json_string(f->kind == SCN_FLOW_PING ? "ping" : "udp"),
	    ok);
	put(o, "from", json_string(r->s->nodes[f->node].name), ok);
	put(o, "dst", json_string(dst), ok);
	put(o, "interval_ns", u64(f->interval), ok);
	put(o, "size", u64(f->size), ok);
	sim_flow_stats(sf, -1, &fs);
	put(o, "total", flow_stats(&fs, ok), ok);
	for (p = 0; p < sim_phase_count(r->w); p++) {
		json_t *ph;

		sim_flow_stats(sf, (int)p, &fs);
		ph = flow_stats(&fs, ok);
		put(ph, "phase", json_string(sim_phase_name(r->w, p)), ok);
		append(phases, ph, ok);
	}
	put(o, "phases", phases, ok);
	return o;
}

static json_t *
roles_json(uint32_t roles, bool *ok)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ MIP_ROLE_MN, "mn" },
		{ MIP_ROLE_FA, "fa" },
		{ MIP_ROLE_HA, "ha" },
		{ MIP_ROLE_CN, "cn" },
		{ SCN_ROLE_ROUTER, "router" },
		{ SCN_ROLE_HOST, "host" },
	};
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (roles & names[i].bit)
			append(a, json_string(names[i].name), ok);
	return a;
}

static json_t *
engine_json(const struct mip_stats *st, bool *ok)
{
	json_t *o = json_object(), *replies = json_array(),
	       *drops = json_object();
	unsigned c;
	int d;

	put(o, "rx", u64(st->rx), ok);
	put(o, "tx", u64(st->tx), ok);
	put(o, "registration_requests", u64(st->reg_requests), ok);
	for (c = 0; c < 256; c++) {
		json_t *e;

		if (st->replies[c] == 0)
			continue;
		e = json_object();
		put(e, "code", u64(c), ok);
		put(e, "name", json_string(mip_code_name((uint8_t)c)), ok);
		put(e, "count", u64(st->replies[c]), ok);
		append(replies, e, ok);
	}
	put(o, "replies", replies, ok);
	for (d = 0; d < MIP_DROP__COUNT; d++)
		if (st->drops[d] != 0)
			put(drops, mip_drop_name((enum mip_drop)d),
			    u64(st->drops[d]), ok);
	put(o, "drops", drops, ok);
	put(o, "advertisements", u64(st->advertisements), ok);
	put(o, "solicitations", u64(st->solicitations), ok);
	return o;
}

static json_t *
pair(uint64_t packets, uint64_t bytes, bool *ok)
{
	json_t *o = json_object();

	put(o, "packets", u64(packets), ok);
	put(o, "bytes", u64(bytes), ok);
	return o;
}

static json_t *
node_json(const struct run *r, size_t i, bool *ok)
{
	const struct run_node *rn = &r->nodes[i];
	const struct sim_node_counters *sc = sim_node_counters(rn->sn);
	const struct mip_node *mn = sim_node_mip(rn->sn);
	json_t *o = json_object(), *dp = json_object(), *ip = json_object();
	int d;

	put(o, "name", json_string(r->s->nodes[i].name), ok);
	put(o, "roles", roles_json(r->s->nodes[i].roles, ok), ok);
	if (mn != NULL)
		put(o, "engine", engine_json(mip_node_stats(mn), ok), ok);
	put(ip, "rx", u64(sc->rx), ok);
	put(ip, "tx", u64(sc->tx), ok);
	put(ip, "forwarded", u64(sc->forwarded), ok);
	put(ip, "echo_replies", u64(sc->echo_replies), ok);
	put(o, "ip", ip, ok);
	put(o, "tunnelled", pair(sc->encap, sc->encap_bytes, ok), ok);
	put(o, "decapsulated", pair(sc->decap, sc->decap_bytes, ok), ok);
	for (d = 0; d < SIM_DROP__COUNT; d++)
		if (sc->drops[d] != 0)
			put(dp, sim_drop_name((enum sim_drop)d),
			    u64(sc->drops[d]), ok);
	put(o, "dp_drops", dp, ok);
	if (r->s->nodes[i].roles & MIP_ROLE_HA)
		put(o, "bindings", u64(rn->nbindings), ok);
	if (r->s->nodes[i].roles & MIP_ROLE_FA)
		put(o, "visitors", u64(rn->nvisitors), ok);
	if (r->s->nodes[i].roles & MIP_ROLE_CN)
		put(o, "cache", u64(rn->ncache), ok);
	if (r->s->nodes[i].roles & MIP_ROLE_MN)
		put(o, "reg_time_ns", u64(rn->reg_time), ok);
	return o;
}

static json_t *
link_json(const struct run *r, size_t i, bool *ok)
{
	const struct sim_link_counters *lc = sim_link_counters(r->links[i]);
	json_t *o = json_object();

	put(o, "name", json_string(r->s->segs[i].name), ok);
	put(o, "tx", u64(lc->tx), ok);
	put(o, "tx_bytes", u64(lc->tx_bytes), ok);
	put(o, "lost", u64(lc->lost), ok);
	put(o, "mtu_drops", u64(lc->mtu_drops), ok);
	put(o, "no_station", u64(lc->no_station), ok);
	return o;
}

static json_t *
checks_json(const struct run *r, bool *ok)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < r->nchecks; i++) {
		const struct run_check *c = &r->checks[i];
		json_t *o = json_object();

		put(o, "line", u64(c->step->line), ok);
		put(o, "at_ns", u64(c->at), ok);
		put(o, "expect",
		    json_string(c->step->kind == SCN_STEP_EXPECT
			    ? c->step->expect.text
			    : "(step)"),
		    ok);
		put(o, "passed", json_boolean(c->passed), ok);
		put(o, "detail", json_string(c->detail), ok);
		append(a, o, ok);
	}
	return a;
}

static json_t *
metrics_json(const struct run *r, bool *ok)
{
	json_t *o = json_object(), *a;
	size_t i;

	put(o, "scenario", json_string(r->name), ok);
	put(o, "seed", u64(r->seed), ok);
	put(o, "end_ns", u64(r->s->end), ok);
	put(o, "events", u64(sim_events(r->w)), ok);
	put(o, "passed", json_boolean(r->failed == 0), ok);
	a = json_array();
	for (i = 0; i < sim_phase_count(r->w); i++) {
		json_t *p = json_object();

		put(p, "name", json_string(sim_phase_name(r->w, i)), ok);
		put(p, "start_ns", u64(sim_phase_start(r->w, i)), ok);
		append(a, p, ok);
	}
	put(o, "phases", a, ok);
	a = json_array();
	for (i = 0; i < r->s->nflows; i++)
		append(a, flow_json(r, i, ok), ok);
	put(o, "flows", a, ok);
	a = json_array();
	for (i = 0; i < r->s->nnodes; i++)
		append(a, node_json(r, i, ok), ok);
	put(o, "nodes", a, ok);
	a = json_array();
	for (i = 0; i < r->s->nsegs; i++)
		append(a, link_json(r, i, ok), ok);
	put(o, "links", a, ok);
	put(o, "expectations", checks_json(r, ok), ok);
	return o;
}

int
metrics_write(FILE *f, const struct run *r)
{
	bool ok = true;
	json_t *o = metrics_json(r, &ok);
	int rc = 0;

	if (!ok || o == NULL)
		rc = MIP_ERR_NOMEM;
	else if (json_dumpf(o, f, JSON_INDENT(2)) != 0 || fputc('\n', f) == EOF)
		rc = MIP_ERR_INVAL;
	json_decref(o);
	return rc;
}
