/* SPDX-License-Identifier: ISC */
/*
 * The event loop of mipd: epoll over file descriptors, one timerfd that
 * fires at the core's next deadline, and signals through a signalfd. The
 * core owns every protocol timer; the loop only wakes it up.
 */
#ifndef PLAT_LOOP_H
#define PLAT_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "mip/mip.h"

struct plat_loop;

/* |events| is the epoll mask that fired (EPOLLIN, EPOLLOUT, EPOLLERR ...). */
typedef void plat_io_fn(void *arg, uint32_t events);
typedef void plat_sig_fn(void *arg, int signo);
typedef void plat_timer_fn(void *arg);

/*
 * plat_loop_new creates a loop with its epoll set and its (disarmed)
 * timerfd. Returns 0 or -errno. plat_loop_free closes what the loop itself
 * opened (epoll, timerfd, signalfd), unblocks the signals
 * plat_loop_signals blocked, and leaves the caller's descriptors open;
 * NULL is allowed. Neither may be called from a callback of the loop.
 */
int plat_loop_new(struct plat_loop **out);
void plat_loop_free(struct plat_loop *l);

/*
 * plat_loop_add watches |fd| for |events| (level-triggered unless
 * EPOLLET is given) and calls |fn|(|arg|, fired events) from
 * plat_loop_run. One handler per descriptor: -EEXIST when |fd| has one.
 * plat_loop_mod changes the mask (-ENOENT when not watched). plat_loop_del
 * forgets |fd| (unknown descriptors are ignored); call it before closing
 * |fd|, or right after. Any callback may add, change or delete any
 * descriptor, its own included: an event already fetched for a descriptor
 * deleted meanwhile is not delivered, not even to a new handler added on
 * the same number. They return 0 or -errno.
 */
int plat_loop_add(
    struct plat_loop *l, int fd, uint32_t events, plat_io_fn *fn, void *arg);
int plat_loop_mod(struct plat_loop *l, int fd, uint32_t events);
void plat_loop_del(struct plat_loop *l, int fd);

/*
 * plat_loop_signals blocks |sigs|[0..n) in the calling thread (call it
 * before starting threads) and delivers each one that arrives to
 * |fn|(|arg|, signo) from the loop, through a signalfd. A second call adds
 * signals; |fn| and |arg| replace the previous ones. Returns 0 or -errno.
 */
int plat_loop_signals(
    struct plat_loop *l, const int *sigs, size_t n, plat_sig_fn *fn, void *arg);

/*
 * The one timer. plat_loop_set_timer names the callback. After
 * plat_loop_set_deadline(|when|) (CLOCK_MONOTONIC nanoseconds, as
 * mip_node_next_expiry gives), |fn| runs once, from the loop, when the
 * clock reaches |when| (at once if |when| is past); a new deadline
 * replaces the previous one and MIP_TSTAMP_NONE disarms. The callback
 * does not re-arm it: the caller sets the next deadline. Returns 0 or
 * -errno.
 */
void plat_loop_set_timer(struct plat_loop *l, plat_timer_fn *fn, void *arg);
int plat_loop_set_deadline(struct plat_loop *l, mip_tstamp when);

/*
 * plat_loop_run waits for events and dispatches them until a callback
 * calls plat_loop_stop (events fetched but not yet dispatched then wait
 * for the next run: they are level-triggered). EINTR is retried. Returns
 * 0 after plat_loop_stop, or -errno when epoll_wait fails.
 */
int plat_loop_run(struct plat_loop *l);
void plat_loop_stop(struct plat_loop *l);

/*
 * plat_now fills |now->mono| with CLOCK_MONOTONIC in nanoseconds and
 * |now->ntp| with CLOCK_REALTIME in NTP 32.32 format (RFC 5905 6: seconds
 * since 1900-01-01 in the high 32 bits, the fraction in the low 32).
 */
void plat_now(struct mip_now *now);

#endif
