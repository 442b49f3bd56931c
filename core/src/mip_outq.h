/* SPDX-License-Identifier: ISC */
/*
 * The node's action queue (pull model) and the arena that holds the bytes
 * of queued datagrams. Queued sends record an arena offset, not a pointer,
 * so the arena may grow while actions wait; mip_outq_pop resolves it. The
 * arena is reused once the host has drained the queue.
 */
#ifndef MIP_OUTQ_H
#define MIP_OUTQ_H

#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"

struct mip_outq_item {
	struct mip_action act;
	size_t data_off; /* MIP_ACT_SEND: offset of the bytes in the arena */
};

struct mip_outq {
	struct mip_outq_item *items;
	size_t head, n, cap;
	uint8_t *arena;
	size_t used, acap;
	size_t reserved; /* bytes handed out by mip_outq_reserve */
	uint32_t seq;
	struct mip_mem mem;
};

void mip_outq_init(struct mip_outq *q, const struct mip_mem *mem);
void mip_outq_free(struct mip_outq *q);

/* mip_outq_begin starts a handler call: reclaims the arena if drained. */
void mip_outq_begin(struct mip_outq *q);

/*
 * mip_outq_push queues an action of |type| and returns it zeroed (but for
 * type and seq) for the caller to fill, or NULL when memory ran out.
 */
struct mip_action *mip_outq_push(struct mip_outq *q, enum mip_action_type type);

/*
 * Two-phase send: mip_outq_reserve returns |cap| writable bytes (NULL on
 * no memory); the caller encodes into them, then mip_outq_send queues a
 * MIP_ACT_SEND described by |tmpl| (its data/len are ignored) carrying the
 * first |len| reserved bytes. Returns 0 or MIP_ERR_NOMEM.
 */
uint8_t *mip_outq_reserve(struct mip_outq *q, size_t cap);
int mip_outq_send(
    struct mip_outq *q, const struct mip_act_send *tmpl, size_t len);

/* mip_outq_pop moves the oldest action to |*out|: 1, or 0 when empty. */
int mip_outq_pop(struct mip_outq *q, struct mip_action *out);

#endif
