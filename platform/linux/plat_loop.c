/* SPDX-License-Identifier: ISC */
/*
 * The event loop: one epoll instance, one timerfd armed at the core's next
 * deadline (CLOCK_MONOTONIC, absolute) and one signalfd. Handlers live in a
 * table indexed by file descriptor; each slot carries a generation number
 * that also travels in the epoll event, so that an event for a descriptor
 * removed (and perhaps reused) earlier in the same batch is recognised as
 * stale and skipped. Callbacks may therefore add, change and delete any
 * descriptor, their own included, while the loop dispatches.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "plat_loop.h"

#define LOOP_BATCH 32
/* RFC 5905 6: seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
#define NTP_UNIX_OFFSET 2208988800ULL

struct handler {
	plat_io_fn *fn; /* NULL: slot free */
	void *arg;
	uint32_t gen;
};

struct plat_loop {
	int epfd;
	int tfd;
	int sfd;	    /* -1 until plat_loop_signals */
	struct handler *hs; /* indexed by fd */
	size_t nhs;
	uint32_t gen;
	plat_timer_fn *timer_fn;
	void *timer_arg;
	plat_sig_fn *sig_fn;
	void *sig_arg;
	sigset_t sigs;	   /* signals routed to the signalfd */
	sigset_t old_mask; /* restored by plat_loop_free */
	bool stop;
};

static void on_timer(void *arg, uint32_t events);
static void on_signal(void *arg, uint32_t events);

static uint64_t
ev_data(int fd, uint32_t gen)
{
	return ((uint64_t)gen << 32) | (uint32_t)fd;
}

int
plat_loop_new(struct plat_loop **out)
{
	struct plat_loop *l;
	int rc;

	*out = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return -ENOMEM;
	l->tfd = l->sfd = -1;
	sigemptyset(&l->sigs);
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		rc = -errno;
		free(l);
		return rc;
	}
	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd == -1) {
		rc = -errno;
		plat_loop_free(l);
		return rc;
	}
	if ((rc = plat_loop_add(l, l->tfd, EPOLLIN, on_timer, l)) != 0) {
		plat_loop_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void
plat_loop_free(struct plat_loop *l)
{
	if (l == NULL)
		return;
	if (l->sfd != -1) {
		close(l->sfd);
		sigprocmask(SIG_SETMASK, &l->old_mask, NULL);
	}
	if (l->tfd != -1)
		close(l->tfd);
	close(l->epfd);
	free(l->hs);
	free(l);
}

static int
grow(struct plat_loop *l, size_t fd)
{
	struct handler *hs;
	size_t n = l->nhs != 0 ? l->nhs : 16;

	while (n <= fd)
		n *= 2;
	if (n == l->nhs)
		return 0;
	if ((hs = realloc(l->hs, n * sizeof(*hs))) == NULL)
		return -ENOMEM;
	memset(hs + l->nhs, 0, (n - l->nhs) * sizeof(*hs));
	l->hs = hs;
	l->nhs = n;
	return 0;
}

int
plat_loop_add(
    struct plat_loop *l, int fd, uint32_t events, plat_io_fn *fn, void *arg)
{
	struct epoll_event ev;
	struct handler *h;
	int rc;

	if (fd < 0 || fn == NULL)
		return -EINVAL;
	if ((rc = grow(l, (size_t)fd)) != 0)
		return rc;
	h = &l->hs[fd];
	if (h->fn != NULL)
		return -EEXIST;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = ev_data(fd, ++l->gen);
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) == -1)
		return -errno;
	h->fn = fn;
	h->arg = arg;
	h->gen = l->gen;
	return 0;
}

int
plat_loop_mod(struct plat_loop *l, int fd, uint32_t events)
{
	struct epoll_event ev;

	if (fd < 0 || (size_t)fd >= l->nhs || l->hs[fd].fn == NULL)
		return -ENOENT;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = ev_data(fd, l->hs[fd].gen);
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) == -1)
		return -errno;
	return 0;
}

void
plat_loop_del(struct plat_loop *l, int fd)
{
	if (fd < 0 || (size_t)fd >= l->nhs || l->hs[fd].fn == NULL)
		return;
	/* The descriptor may already be closed (and so gone from the epoll
	 * set): ENOENT and EBADF are expected and harmless. */
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	l->hs[fd].fn = NULL;
	l->hs[fd].arg = NULL;
}

int
plat_loop_signals(
    struct plat_loop *l, const int *sigs, size_t n, plat_sig_fn *fn, void *arg)
{
	sigset_t set = l->sigs, old;
	size_t i;
	int fd, rc;

	for (i = 0; i < n; i++)
		if (sigaddset(&set, sigs[i]) == -1)
			return -errno;
	if (sigprocmask(SIG_BLOCK, &set, &old) == -1)
		return -errno;
	if ((fd = signalfd(l->sfd, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1) {
		rc = -errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		return rc;
	}
	if (l->sfd == -1) {
		if ((rc = plat_loop_add(l, fd, EPOLLIN, on_signal, l)) != 0) {
			close(fd);
			sigprocmask(SIG_SETMASK, &old, NULL);
			return rc;
		}
		l->sfd = fd;
		l->old_mask = old;
	}
	l->sigs = set;
	l->sig_fn = fn;
	l->sig_arg = arg;
	return 0;
}

static void
on_signal(void *arg, uint32_t events)
{
	struct plat_loop *l = arg;
	struct signalfd_siginfo si;
	ssize_t n;

	(void)events;
	for (;;) {
		n = read(l->sfd, &si, sizeof(si));
		if (n == -1 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(si))
			return; /* EAGAIN: drained */
		if (l->sig_fn != NULL)
			l->sig_fn(l->sig_arg, (int)si.ssi_signo);
	}
}

void
plat_loop_set_timer(struct plat_loop *l, plat_timer_fn *fn, void *arg)
{
	l->timer_fn = fn;
	l->timer_arg = arg;
}

int
plat_loop_set_deadline(struct plat_loop *l, mip_tstamp when)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	if (when != MIP_TSTAMP_NONE) {
		/* An all-zero it_value disarms: a deadline at 0 (long past)
		 * becomes 1 ns, which fires at once. */
		if (when == 0)
			when = 1;
		its.it_value.tv_sec = (time_t)(when / MIP_SEC);
		its.it_value.tv_nsec = (long)(when % MIP_SEC);
	}
	if (timerfd_settime(l->tfd, TFD_TIMER_ABSTIME, &its, NULL) == -1)
		return -errno;
	return 0;
}

static void
on_timer(void *arg, uint32_t events)
{
	struct plat_loop *l = arg;
	uint64_t expirations;
	ssize_t n;

	(void)events;
	do
		n = read(l->tfd, &expirations, sizeof(expirations));
	while (n == -1 && errno == EINTR);
	/* EAGAIN: re-armed to a later time since it became readable. */
	if (n != (ssize_t)sizeof(expirations))
		return;
	if (l->timer_fn != NULL)
		l->timer_fn(l->timer_arg);
}

static void
dispatch(struct plat_loop *l, const struct epoll_event *ev)
{
	int fd = (int)(uint32_t)ev->data.u64;
	uint32_t gen = (uint32_t)(ev->data.u64 >> 32);
	const struct handler *h;

	if ((size_t)fd >= l->nhs)
		return;
	h = &l->hs[fd];
	/* Deleted, or deleted and added again, earlier in this batch. */
	if (h->fn == NULL || h->gen != gen)
		return;
	h->fn(h->arg, ev->events);
}

int
plat_loop_run(struct plat_loop *l)
{
	struct epoll_event evs[LOOP_BATCH];
	int i, n;

	l->stop = false;
	while (!l->stop) {
		n = epoll_wait(l->epfd, evs, LOOP_BATCH, -1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (i = 0; i < n && !l->stop; i++)
			dispatch(l, &evs[i]);
	}
	return 0;
}

void
plat_loop_stop(struct plat_loop *l)
{
	l->stop = true;
}

void
plat_now(struct mip_now *now)
{
	struct timespec ts;

	/* Neither clock can fail with a valid id and pointer. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now->mono = (uint64_t)ts.tv_sec * MIP_SEC + (uint64_t)ts.tv_nsec;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* NTP 32.32: seconds since 1900 above, the fraction 2^-32 below. */
	now->ntp = (((uint64_t)ts.tv_sec + NTP_UNIX_OFFSET) << 32) |
	    (((uint64_t)ts.tv_nsec << 32) / MIP_SEC);
}
