/* SPDX-License-Identifier: ISC */
/*
 * Traffic generators: ping (ICMP echo, RFC 792) and constant-rate UDP
 * flows. Every packet carries a header (magic, flow id, sequence number,
 * phase, send time) so whichever node accepts it can credit the flow; the
 * flow keeps one record per packet sent, from which delivered, lost,
 * duplicated and reordered counts and latencies are derived, in total or
 * per phase (the phase in which the packet was sent).
 */
#include <stdlib.h>
#include <string.h>

#include "mip/mip_proto.h"
#include "sim_int.h"

#define FLOW_MAGIC 0x4d53494dU /* "MSIM" */
#define ECHO_ID_SEQ_LEN 4      /* identifier and sequence number */

struct flow_rec {
	struct sim_flow_pkt pub;
	bool reordered;
};

struct sim_flow {
	struct sim_world *w;
	uint32_t id; /* index + 1, carried in the payload */
	char name[SIM_NAME_MAX];
	struct sim_flow_config cfg;
	bool stopped;
	struct flow_rec *recs;
	size_t nrecs, crecs;
	bool any_rx;
	uint64_t max_rx_seq;
};

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

/* ---- lifecycle ---- */

static int
schedule_tick(struct sim_flow *f, mip_tstamp at)
{
	struct sim_event *ev = sim_event_new(SIM_EV_FLOW);

	if (ev == NULL)
		return MIP_ERR_NOMEM;
	ev->u.flow.flow = f;
	return sim_event_push(f->w, ev, at);
}

int
sim_flow_new(struct sim_world *w, const struct sim_flow_config *cfg,
    struct sim_flow **out)
{
	struct sim_flow *f;
	char name[SIM_NAME_MAX];
	int rc;

	if (out != NULL)
		*out = NULL;
	if (cfg == NULL || cfg->from == NULL || cfg->interval == 0 ||
	    (cfg->kind != SIM_FLOW_PING && cfg->kind != SIM_FLOW_UDP))
		return MIP_ERR_INVAL;
	if (cfg->name != NULL) {
		if (!sim_name_ok(cfg->name))
			return MIP_ERR_INVAL;
		snprintf(name, sizeof(name), "%s", cfg->name);
	} else {
		snprintf(name, sizeof(name), "flow%zu", w->nflows + 1);
	}
	if (sim_flow_find(w, name) != NULL)
		return MIP_ERR_EXIST;
	if (sim_grow(&w->flows, &w->cflows, w->nflows + 1, sizeof(*w->flows)))
		return MIP_ERR_NOMEM;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return MIP_ERR_NOMEM;
	f->w = w;
	f->id = (uint32_t)w->nflows + 1U;
	memcpy(f->name, name, sizeof(name));
	f->cfg = *cfg;
	f->cfg.name = f->name;
	if (f->cfg.size < SIM_FLOW_HDR_LEN)
		f->cfg.size = SIM_FLOW_HDR_LEN;
	if (f->cfg.kind == SIM_FLOW_UDP && f->cfg.sport == 0)
		f->cfg.sport = 5000;
	if (f->cfg.kind == SIM_FLOW_UDP && f->cfg.dport == 0)
		f->cfg.dport = 5001;
	if (f->cfg.ttl == 0)
		f->cfg.ttl = SIM_DEFAULT_TTL;
	if (f->cfg.stop == 0)
		f->cfg.stop = MIP_TSTAMP_NONE;
	if ((rc = schedule_tick(f, cfg->start)) != 0) {
		free(f);
		return rc;
	}
	w->flows[w->nflows++] = f;
	if (out != NULL)
		*out = f;
	return 0;
}

void
sim_flow_free(struct sim_flow *f)
{
	if (f == NULL)
		return;
	free(f->recs);
	free(f);
}

void
sim_flow_stop(struct sim_flow *f)
{
	f->stopped = true;
}

struct sim_flow *
sim_flow_find(const struct sim_world *w, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < w->nflows; i++)
		if (strcmp(w->flows[i]->name, name) == 0)
			return w->flows[i];
	return NULL;
}

size_t
sim_flow_count(const struct sim_world *w)
{
	return w->nflows;
}

struct sim_flow *
sim_flow_at(const struct sim_world *w, size_t i)
{
	return i < w->nflows ? w->flows[i] : NULL;
}

const char *
sim_flow_name(const struct sim_flow *f)
{
	return f->name;
}

enum sim_flow_kind
sim_flow_kind(const struct sim_flow *f)
{
	return f->cfg.kind;
}

const struct sim_flow_config *
sim_flow_get_config(const struct sim_flow *f)
{
	return &f->cfg;
}

/* ---- sending ---- */

static void
send_one(struct sim_flow *f)
{
	struct sim_node *n = f->cfg.from;
	uint8_t out[SIM_PKT_MAX], data[SIM_PKT_MAX];
	struct mip_ip4_hdr ip;
	struct flow_rec *r;
	uint64_t seq = f->nrecs;
	size_t hdr = f->cfg.kind == SIM_FLOW_PING ? ECHO_ID_SEQ_LEN : 0;
	size_t dlen = hdr + f->cfg.size;
	uint8_t *p = data + hdr;
	mip_ssize len;

	if (dlen > SIM_PKT_MAX - 28 ||
	    sim_grow(&f->recs, &f->crecs, f->nrecs + 1, sizeof(*f->recs))) {
		f->stopped = true;
		return;
	}
	memset(data, 0, dlen);
	put32(p, FLOW_MAGIC);
	put32(p + 4, f->id);
	put32(p + 8, (uint32_t)seq);
	put32(p + 12, sim_phase_current(f->w));
	put32(p + 16, (uint32_t)(f->w->now >> 32));
	put32(p + 20, (uint32_t)f->w->now);
	memset(&ip, 0, sizeof(ip));
	ip.id = n->ip_id++;
	ip.ttl = f->cfg.ttl;
	ip.src =
	    f->cfg.src.v != 0 ? f->cfg.src : sim_fwd_pick_src(n, f->cfg.dst);
	ip.dst = f->cfg.dst;
	if (f->cfg.kind == SIM_FLOW_PING) {
		data[0] = (uint8_t)(f->id >> 8);
		data[1] = (uint8_t)f->id;
		data[2] = (uint8_t)(seq >> 8);
		data[3] = (uint8_t)seq;
		len = mip_ip4_icmp_build(
		    out, sizeof(out), &ip, MIP_ICMP_ECHO, 0, data, dlen);
	} else {
		len = mip_ip4_udp_build(out, sizeof(out), &ip, f->cfg.sport,
		    f->cfg.dport, data, dlen);
	}
	if (len < 0) {
		f->stopped = true;
		return;
	}
	r = &f->recs[f->nrecs++];
	memset(r, 0, sizeof(*r));
	r->pub.sent_at = f->w->now;
	r->pub.phase = sim_phase_current(f->w);
	sim_tr(f->w, SIM_TR_DATA, n->name, "flow_tx", "flow=%s seq=%llu",
	    f->name, (unsigned long long)seq);
	sim_fwd_output(n, out, (size_t)len);
}

void
sim_flow_tick(struct sim_world *w, struct sim_event *ev)
{
	struct sim_flow *f = ev->u.flow.flow;

	(void)w;
	if (f->stopped || f->w->now >= f->cfg.stop ||
	    (f->cfg.count != 0 && f->nrecs >= f->cfg.count)) {
		f->stopped = true;
		return;
	}
	send_one(f);
	if (!f->stopped && schedule_tick(f, f->w->now + f->cfg.interval) != 0)
		f->w->fatal = MIP_ERR_NOMEM;
}

/* ---- receiving ---- */

static void
credit(struct sim_flow *f, struct sim_node *at, uint64_t seq)
{
	struct flow_rec *r;
	char lat[32];

	if (seq >= f->nrecs)
		return; /* not a packet this flow sent */
	r = &f->recs[seq];
	if (r->pub.deliveries++ == 0) {
		r->pub.first_rx_at = f->w->now;
		if (f->any_rx && seq < f->max_rx_seq)
			r->reordered = true;
		if (!f->any_rx || seq > f->max_rx_seq)
			f->max_rx_seq = seq;
		f->any_rx = true;
	}
	if (!sim_tr_on(f->w, SIM_TR_DATA))
		return;
	snprintf(lat, sizeof(lat), "%llu",
	    (unsigned long long)(f->w->now - r->pub.sent_at));
	sim_tr(f->w, SIM_TR_DATA, at->name, "flow_rx",
	    "flow=%s seq=%llu lat_ns=%s%s%s", f->name, (unsigned long long)seq,
	    lat, r->pub.deliveries > 1 ? " dup=1" : "",
	    r->reordered && r->pub.deliveries == 1 ? " reordered=1" : "");
}

/* The flow a payload header names, if it has the given kind. */
static struct sim_flow *
flow_of(const struct sim_world *w, const uint8_t *p, size_t len,
    enum sim_flow_kind kind, uint64_t *seq)
{
	uint32_t id;
	struct sim_flow *f;

	if (len < SIM_FLOW_HDR_LEN || get32(p) != FLOW_MAGIC)
		return NULL;
	id = get32(p + 4);
	if (id == 0 || id > w->nflows)
		return NULL;
	f = w->flows[id - 1];
	if (f->cfg.kind != kind)
		return NULL;
	*seq = get32(p + 8);
	return f;
}

bool
sim_traffic_udp_rx(struct sim_node *n, const uint8_t *payload, size_t len)
{
	uint64_t seq;
	struct sim_flow *f = flow_of(n->w, payload, len, SIM_FLOW_UDP, &seq);

	if (f == NULL)
		return false;
	credit(f, n, seq);
	return true;
}

bool
sim_traffic_echo_rx(struct sim_node *n, const uint8_t *body, size_t len)
{
	uint64_t seq;
	struct sim_flow *f;

	if (len < ECHO_ID_SEQ_LEN)
		return false;
	f = flow_of(n->w, body + ECHO_ID_SEQ_LEN, len - ECHO_ID_SEQ_LEN,
	    SIM_FLOW_PING, &seq);
	if (f == NULL || f->cfg.from != n)
		return false;
	credit(f, n, seq);
	return true;
}

/* ---- statistics ---- */

void
sim_flow_stats(const struct sim_flow *f, int phase, struct sim_flow_stats *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < f->nrecs; i++) {
		const struct flow_rec *r = &f->recs[i];
		mip_duration lat;

		if (phase >= 0 && r->pub.phase != (uint32_t)phase)
			continue;
		out->sent++;
		if (r->pub.deliveries == 0)
			continue;
		out->delivered++;
		out->duplicates += r->pub.deliveries - 1U;
		if (r->reordered)
			out->reordered++;
		lat = r->pub.first_rx_at - r->pub.sent_at;
		if (out->delivered == 1 || lat < out->lat_min)
			out->lat_min = lat;
		if (lat > out->lat_max)
			out->lat_max = lat;
		out->lat_sum += lat;
	}
	out->lost = out->sent - out->delivered;
}

uint64_t
sim_flow_sent(const struct sim_flow *f)
{
	return f->nrecs;
}

int
sim_flow_pkt(const struct sim_flow *f, uint64_t seq, struct sim_flow_pkt *out)
{
	if (seq >= f->nrecs)
		return MIP_ERR_NOTFOUND;
	*out = f->recs[seq].pub;
	return 0;
}
