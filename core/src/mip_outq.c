/* SPDX-License-Identifier: ISC */
/* The action queue and datagram arena; see mip_outq.h. */
#include <assert.h>
#include <string.h>

#include "mip_outq.h"

/* |act| is the first member of struct mip_outq_item. */
_Static_assert(offsetof(struct mip_outq_item, act) == 0, "layout");

void
mip_outq_init(struct mip_outq *q, const struct mip_mem *mem)
{
	memset(q, 0, sizeof(*q));
	q->mem = *mem;
}

void
mip_outq_free(struct mip_outq *q)
{
	q->mem.free(q->items, q->mem.user_data);
	q->mem.free(q->arena, q->mem.user_data);
	q->items = NULL;
	q->arena = NULL;
	q->n = q->cap = q->used = q->acap = 0;
}

void
mip_outq_begin(struct mip_outq *q)
{
	if (q->n == 0) {
		q->head = 0;
		q->used = 0;
	}
	q->reserved = 0;
}

struct mip_action *
mip_outq_push(struct mip_outq *q, enum mip_action_type type)
{
	struct mip_outq_item *it;

	if (q->head + q->n == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 32;
		struct mip_outq_item *items;

		if (q->head > 0 && q->n <= q->cap / 2) {
			memmove(q->items, q->items + q->head,
			    q->n * sizeof(*items));
			q->head = 0;
		} else {
			items = q->mem.malloc(
			    cap * sizeof(*items), q->mem.user_data);
			if (items == NULL)
				return NULL;
			if (q->n > 0)
				memcpy(items, q->items + q->head,
				    q->n * sizeof(*items));
			q->mem.free(q->items, q->mem.user_data);
			q->items = items;
			q->cap = cap;
			q->head = 0;
		}
	}
	it = &q->items[q->head + q->n++];
	memset(it, 0, sizeof(*it));
	it->act.type = type;
	it->act.seq = ++q->seq;
	return &it->act;
}

uint8_t *
mip_outq_reserve(struct mip_outq *q, size_t cap)
{
	if (q->acap - q->used < cap) {
		size_t acap = q->acap ? q->acap : 4096;
		uint8_t *a;

		while (acap - q->used < cap)
			acap *= 2;
		a = q->mem.malloc(acap, q->mem.user_data);
		if (a == NULL)
			return NULL;
		if (q->used > 0)
			memcpy(a, q->arena, q->used);
		q->mem.free(q->arena, q->mem.user_data);
		q->arena = a;
		q->acap = acap;
	}
	q->reserved = cap;
	return q->arena + q->used;
}

int
mip_outq_send(struct mip_outq *q, const struct mip_act_send *tmpl, size_t len)
{
	struct mip_action *a;
	size_t off = q->used;

	assert(len <= q->reserved);
	a = mip_outq_push(q, MIP_ACT_SEND);
	if (a == NULL)
		return MIP_ERR_NOMEM;
	a->u.send = *tmpl;
	a->u.send.data = NULL;
	a->u.send.len = len;
	((struct mip_outq_item *)(void *)a)->data_off = off;
	q->used += len;
	q->reserved = 0;
	return 0;
}

int
mip_outq_pop(struct mip_outq *q, struct mip_action *out)
{
	struct mip_outq_item *it;

	if (q->n == 0)
		return 0;
	it = &q->items[q->head++];
	q->n--;
	*out = it->act;
	if (out->type == MIP_ACT_SEND)
		out->u.send.data = q->arena + it->data_off;
	return 1;
}
