/* SPDX-License-Identifier: ISC */
/*
 * The node's timer queue: a binary min-heap of timers embedded in their
 * owners, ordered by (expires, seq). Each heap slot holds its timer's key
 * next to the pointer, so that sifting compares within the array and
 * touches a timer only to note its new place: a home agent's heap holds
 * one timer per binding, and chasing pointers to 100,000 timers spread
 * over memory is a cache miss per level. Re-arming a timer that is
 * already armed moves it from where it is. |seq| grows with every arm, so timers
 * due at the same instant fire in the order they were armed, on every run
 * and every platform. Firing calls the timer's |fire| function; the owner
 * finds itself from the timer with MIP_CONTAINER_OF. Roles arm timers only
 * from their *_timers.c file.
 */
#ifndef MIP_TIMER_H
#define MIP_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip.h"

#define MIP_CONTAINER_OF(ptr, type, member)                                    \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))

struct mip_timer;
typedef void (*mip_timer_fn)(struct mip_timer *t, const struct mip_now *now);

struct mip_timer {
	mip_tstamp expires;
	uint64_t seq;
	uint32_t heap_idx; /* UINT32_MAX when not armed */
	mip_timer_fn fire;
};

struct mip_timer_slot {
	mip_tstamp expires; /* copies of the timer's key */
	uint64_t seq;
	struct mip_timer *t;
};

struct mip_timerq {
	struct mip_timer_slot *heap;
	size_t n, cap;
	uint64_t seq;
	struct mip_mem mem;
};

/* mip_timer_init prepares |t| (not armed) to call |fire| when it expires. */
void mip_timer_init(struct mip_timer *t, mip_timer_fn fire);

static inline bool
mip_timer_pending(const struct mip_timer *t)
{
	return t->heap_idx != UINT32_MAX;
}

void mip_timerq_init(struct mip_timerq *q, const struct mip_mem *mem);
void mip_timerq_free(struct mip_timerq *q);

/*
 * mip_timer_set arms (or re-arms) |t| to expire at |when|.
 * Returns 0 or MIP_ERR_NOMEM (|t| is then left unarmed).
 */
int mip_timer_set(struct mip_timerq *q, struct mip_timer *t, mip_tstamp when);

/* mip_timer_stop disarms |t|; harmless when it is not armed. */
void mip_timer_stop(struct mip_timerq *q, struct mip_timer *t);

/* The earliest deadline, or MIP_TSTAMP_NONE. */
mip_tstamp mip_timerq_next(const struct mip_timerq *q);

/*
 * mip_timerq_run fires, in order, every timer due at |now->mono|, including
 * ones armed by the handlers for a time already due. Returns how many fired.
 */
size_t mip_timerq_run(struct mip_timerq *q, const struct mip_now *now);

#endif
