/* SPDX-License-Identifier: ISC */
/* The timer heap; see mip_timer.h. */
#include <assert.h>
#include <string.h>

#include "mip_timer.h"

void
mip_timer_init(struct mip_timer *t, mip_timer_fn fire)
{
	t->expires = MIP_TSTAMP_NONE;
	t->seq = 0;
	t->heap_idx = UINT32_MAX;
	t->fire = fire;
}

void
mip_timerq_init(struct mip_timerq *q, const struct mip_mem *mem)
{
	q->heap = NULL;
	q->n = 0;
	q->cap = 0;
	q->seq = 0;
	q->mem = *mem;
}

void
mip_timerq_free(struct mip_timerq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		q->heap[i].t->heap_idx = UINT32_MAX;
	q->mem.free(q->heap, q->mem.user_data);
	q->heap = NULL;
	q->n = q->cap = 0;
}

static bool
before(const struct mip_timer_slot *a, const struct mip_timer_slot *b)
{
	if (a->expires != b->expires)
		return a->expires < b->expires;
	return a->seq < b->seq;
}

static void
place(struct mip_timerq *q, size_t i, const struct mip_timer_slot *e)
{
	q->heap[i] = *e;
	e->t->heap_idx = (uint32_t)i;
}

static void
sift_up(struct mip_timerq *q, size_t i)
{
	struct mip_timer_slot e = q->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!before(&e, &q->heap[parent]))
			break;
		place(q, i, &q->heap[parent]);
		i = parent;
	}
	place(q, i, &e);
}

static void
sift_down(struct mip_timerq *q, size_t i)
{
	struct mip_timer_slot e = q->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= q->n)
			break;
		if (c + 1 < q->n && before(&q->heap[c + 1], &q->heap[c]))
			c++;
		if (!before(&q->heap[c], &e))
			break;
		place(q, i, &q->heap[c]);
		i = c;
	}
	place(q, i, &e);
}

/* Restores the order around slot |i|, whose key changed. */
static void
sift(struct mip_timerq *q, size_t i)
{
	if (i > 0 && before(&q->heap[i], &q->heap[(i - 1) / 2]))
		sift_up(q, i);
	else
		sift_down(q, i);
}

static int
grow(struct mip_timerq *q)
{
	size_t cap = q->cap ? 2 * q->cap : 16;
	struct mip_timer_slot *h;

	h = q->mem.malloc(cap * sizeof(*h), q->mem.user_data);
	if (h == NULL)
		return MIP_ERR_NOMEM;
	if (q->n > 0)
		memcpy(h, q->heap, q->n * sizeof(*h));
	q->mem.free(q->heap, q->mem.user_data);
	q->heap = h;
	q->cap = cap;
	return 0;
}

void
mip_timer_stop(struct mip_timerq *q, struct mip_timer *t)
{
	size_t i = t->heap_idx;

	if (!mip_timer_pending(t))
		return;
	assert(i < q->n && q->heap[i].t == t);
	t->heap_idx = UINT32_MAX;
	if (i == --q->n)
		return;
	place(q, i, &q->heap[q->n]);
	sift(q, i);
}

int
mip_timer_set(struct mip_timerq *q, struct mip_timer *t, mip_tstamp when)
{
	struct mip_timer_slot e;
	size_t i;

	if (mip_timer_pending(t)) {
		/* Re-keyed in place: the same order as stopping it and
		 * arming it anew, with one sift instead of two. */
		i = t->heap_idx;
	} else {
		if (q->n == q->cap && grow(q) != 0)
			return MIP_ERR_NOMEM;
		i = q->n++;
	}
	t->expires = when;
	t->seq = ++q->seq;
	e.expires = t->expires;
	e.seq = t->seq;
	e.t = t;
	place(q, i, &e);
	sift(q, i);
	return 0;
}

mip_tstamp
mip_timerq_next(const struct mip_timerq *q)
{
	return q->n > 0 ? q->heap[0].expires : MIP_TSTAMP_NONE;
}

size_t
mip_timerq_run(struct mip_timerq *q, const struct mip_now *now)
{
	size_t fired = 0;

	while (q->n > 0 && q->heap[0].expires <= now->mono) {
		struct mip_timer *t = q->heap[0].t;

		mip_timer_stop(q, t);
		t->fire(t, now);
		fired++;
	}
	return fired;
}
