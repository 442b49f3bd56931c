/* SPDX-License-Identifier: ISC */
/*
 * The world: virtual time, the event heap ordered by (time, seq), the run
 * loop that dispatches deliveries, node wakeups, scheduled callbacks and
 * flow ticks, the seeded PCG32 generator every random draw comes from,
 * and the phase list flows attribute packets to.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

/* ---- PCG32: XSH RR output of a 64-bit LCG (O'Neill 2014) ---- */

#define PCG_MULT 6364136223846793005ULL

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
sim_pcg_seed(struct sim_pcg *g, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);

	g->state = 0;
	g->inc = (splitmix64(&x) << 1) | 1U;
	sim_pcg32(g);
	g->state += splitmix64(&x);
	sim_pcg32(g);
}

uint32_t
sim_pcg32(struct sim_pcg *g)
{
	uint64_t old = g->state;
	uint32_t xorshifted, rot;

	g->state = old * PCG_MULT + g->inc;
	xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
	rot = (uint32_t)(old >> 59);
	return (xorshifted >> rot) | (xorshifted << ((32U - rot) & 31U));
}

uint32_t
sim_pcg_upto(struct sim_pcg *g, uint32_t bound)
{
	uint64_t range = (uint64_t)bound + 1U;
	uint64_t limit = (UINT64_C(1) << 32) - ((UINT64_C(1) << 32) % range);
	uint64_t r;

	/* Rejection sampling keeps the draw uniform. */
	do
		r = sim_pcg32(g);
	while (r >= limit);
	return (uint32_t)(r % range);
}

double
sim_pcg_unit(struct sim_pcg *g)
{
	return (double)sim_pcg32(g) / 4294967296.0;
}

int
sim_grow(void *arrp, size_t *cap, size_t need, size_t elsize)
{
	void *arr, *p;
	size_t ncap;

	if (need <= *cap)
		return 0;
	memcpy(&arr, arrp, sizeof(arr));
	ncap = *cap > 0 ? *cap : 8;
	while (ncap < need)
		ncap *= 2;
	p = realloc(arr, ncap * elsize);
	if (p == NULL)
		return MIP_ERR_NOMEM;
	memcpy(arrp, &p, sizeof(p));
	*cap = ncap;
	return 0;
}

/* ---- the event heap ---- */

static bool
ev_before(const struct sim_event *a, const struct sim_event *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static void
heap_swap(struct sim_world *w, size_t i, size_t j)
{
	struct sim_event *t = w->heap[i];

	w->heap[i] = w->heap[j];
	w->heap[j] = t;
}

static void
heap_up(struct sim_world *w, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (!ev_before(w->heap[i], w->heap[p]))
			break;
		heap_swap(w, i, p);
		i = p;
	}
}

static void
heap_down(struct sim_world *w, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < w->nheap && ev_before(w->heap[l], w->heap[m]))
			m = l;
		if (r < w->nheap && ev_before(w->heap[r], w->heap[m]))
			m = r;
		if (m == i)
			return;
		heap_swap(w, i, m);
		i = m;
	}
}

static struct sim_event *
heap_pop(struct sim_world *w)
{
	struct sim_event *top = w->heap[0];

	w->heap[0] = w->heap[--w->nheap];
	if (w->nheap > 0)
		heap_down(w, 0);
	return top;
}

struct sim_event *
sim_event_new(enum sim_ev_kind kind)
{
	struct sim_event *ev = calloc(1, sizeof(*ev));

	if (ev != NULL)
		ev->kind = kind;
	return ev;
}

static void
event_free(struct sim_event *ev)
{
	if (ev->kind == SIM_EV_DELIVER)
		free(ev->u.dlv.pkt);
	free(ev);
}

int
sim_event_push(struct sim_world *w, struct sim_event *ev, mip_tstamp at)
{
	if (sim_grow(&w->heap, &w->cheap, w->nheap + 1, sizeof(*w->heap))) {
		event_free(ev);
		return MIP_ERR_NOMEM;
	}
	ev->at = at < w->now ? w->now : at;
	ev->seq = w->seq++;
	w->heap[w->nheap++] = ev;
	heap_up(w, w->nheap - 1);
	return 0;
}

/* ---- world lifecycle ---- */

int
sim_world_new(struct sim_world **out, uint64_t seed)
{
	struct sim_world *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (w == NULL)
		return MIP_ERR_NOMEM;
	w->seed = seed;
	w->epoch = SIM_NTP_EPOCH_DEFAULT;
	w->trace_mask = SIM_TR_ALL;
	if (sim_grow(&w->phases, &w->cphases, 1, sizeof(*w->phases))) {
		free(w);
		return MIP_ERR_NOMEM;
	}
	strcpy(w->phases[0].name, "start");
	w->phases[0].start = 0;
	w->nphases = 1;
	*out = w;
	return 0;
}

void
sim_world_del(struct sim_world *w)
{
	size_t i;

	if (w == NULL)
		return;
	sim_pcap_close(w);
	for (i = 0; i < w->nheap; i++)
		event_free(w->heap[i]);
	free(w->heap);
	for (i = 0; i < w->nflows; i++)
		sim_flow_free(w->flows[i]);
	free(w->flows);
	for (i = 0; i < w->nnodes; i++)
		sim_node_free(w->nodes[i]);
	free(w->nodes);
	for (i = 0; i < w->nlinks; i++)
		sim_link_free(w->links[i]);
	free(w->links);
	free(w->phases);
	free(w);
}

mip_tstamp
sim_now(const struct sim_world *w)
{
	return w->now;
}

uint64_t
sim_seed(const struct sim_world *w)
{
	return w->seed;
}

void
sim_set_epoch(struct sim_world *w, uint64_t ntp)
{
	w->epoch = ntp;
}

uint64_t
sim_events(const struct sim_world *w)
{
	return w->nevents;
}

void
sim_stop(struct sim_world *w)
{
	w->stopped = true;
}

int
sim_at(struct sim_world *w, mip_tstamp at, sim_callback_fn fn, void *arg)
{
	struct sim_event *ev = sim_event_new(SIM_EV_CALLBACK);

	if (ev == NULL)
		return MIP_ERR_NOMEM;
	ev->u.cb.fn = fn;
	ev->u.cb.arg = arg;
	return sim_event_push(w, ev, at);
}

/* ---- the run loop ---- */

static void
dispatch(struct sim_world *w, struct sim_event *ev)
{
	switch (ev->kind) {
	case SIM_EV_DELIVER:
		w->nevents++;
		sim_deliver(w, ev);
		break;
	case SIM_EV_WAKEUP:
		sim_node_wakeup(w, ev);
		break;
	case SIM_EV_CALLBACK:
		w->nevents++;
		ev->u.cb.fn(w, ev->u.cb.arg);
		break;
	case SIM_EV_FLOW:
		w->nevents++;
		sim_flow_tick(w, ev);
		break;
	}
}

int
sim_run_until(struct sim_world *w, mip_tstamp until)
{
	w->stopped = false;
	while (w->nheap > 0 && w->heap[0]->at <= until) {
		struct sim_event *ev = heap_pop(w);

		w->now = ev->at;
		dispatch(w, ev);
		event_free(ev);
		if (w->fatal != 0)
			return w->fatal;
		if (w->stopped)
			return 1;
	}
	if (until > w->now)
		w->now = until;
	return 0;
}

/* ---- phases ---- */

bool
sim_name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' && strlen(name) < SIM_NAME_MAX &&
	    strpbrk(name, " \t\r\n=") == NULL;
}

int
sim_phase_mark(struct sim_world *w, const char *name)
{
	struct sim_phase *cur = &w->phases[w->nphases - 1];

	if (!sim_name_ok(name))
		return MIP_ERR_INVAL;
	if (cur->start != w->now) {
		if (sim_grow(&w->phases, &w->cphases, w->nphases + 1,
			sizeof(*w->phases)))
			return MIP_ERR_NOMEM;
		cur = &w->phases[w->nphases++];
		cur->start = w->now;
	}
	snprintf(cur->name, sizeof(cur->name), "%s", name);
	sim_tr(w, SIM_TR_SCRIPT, NULL, "phase", "name=%s index=%zu", cur->name,
	    w->nphases - 1);
	return (int)(w->nphases - 1);
}

size_t
sim_phase_count(const struct sim_world *w)
{
	return w->nphases;
}

const char *
sim_phase_name(const struct sim_world *w, size_t i)
{
	return i < w->nphases ? w->phases[i].name : NULL;
}

mip_tstamp
sim_phase_start(const struct sim_world *w, size_t i)
{
	return i < w->nphases ? w->phases[i].start : MIP_TSTAMP_NONE;
}

int
sim_phase_find(const struct sim_world *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nphases; i++)
		if (strcmp(w->phases[i].name, name) == 0)
			return (int)i;
	return -1;
}

uint32_t
sim_phase_current(const struct sim_world *w)
{
	return (uint32_t)(w->nphases - 1);
}
