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

/* Each returns 0 or a negative errno. */
int plat_loop_new(struct plat_loop **out);
void plat_loop_free(struct plat_loop *l); /* NULL is allowed */

int plat_loop_add(
    struct plat_loop *l, int fd, uint32_t events, plat_io_fn *fn, void *arg);
int plat_loop_mod(struct plat_loop *l, int fd, uint32_t events);
void plat_loop_del(struct plat_loop *l, int fd);

/* Blocks |sigs| for the process and delivers them to |fn| from the loop. */
int plat_loop_signals(
    struct plat_loop *l, const int *sigs, size_t n, plat_sig_fn *fn, void *arg);

/* The one timer: |fn| runs once the monotonic clock reaches |when|
 * (mip_tstamp, CLOCK_MONOTONIC nanoseconds); MIP_TSTAMP_NONE disarms. */
void plat_loop_set_timer(struct plat_loop *l, plat_timer_fn *fn, void *arg);
int plat_loop_set_deadline(struct plat_loop *l, mip_tstamp when);

/* Runs until plat_loop_stop; returns 0 or a negative errno. */
int plat_loop_run(struct plat_loop *l);
void plat_loop_stop(struct plat_loop *l);

/* CLOCK_MONOTONIC in ns and the wall clock in NTP 32.32 (RFC 5905). */
void plat_now(struct mip_now *now);

#endif
