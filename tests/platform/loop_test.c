/* SPDX-License-Identifier: ISC */
/*
 * The event loop (platform/linux/plat_loop.c): the timer fires once its
 * deadline has passed and not when disarmed, descriptor callbacks get
 * their argument and mask, signals arrive through the loop, handlers
 * deleted (and their numbers reused) during a dispatch are not called
 * with stale events, and plat_now's two clocks. No root needed; no timing
 * assertions beyond "not before the deadline".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/epoll.h>

#include "helper.h"
#include "plat_loop.h"

struct ctx {
	struct plat_loop *l;
	mip_tstamp deadline;
	mip_tstamp fired_at;
	int timer_calls;
	int io_calls;
	int fresh_calls;
	int signo;
	int pa[2], pb[2], pc[2];
	int fresh_w;
	uint32_t events;
};

static struct plat_loop *
loop_new(void)
{
	struct plat_loop *l = NULL;

	assert_int_equal(plat_loop_new(&l), 0);
	assert_non_null(l);
	return l;
}

static void
pipe_new(int p[2])
{
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
}

static void
poke(int fd)
{
	assert_int_equal(write(fd, "x", 1), 1);
}

static mip_tstamp
mono(void)
{
	struct mip_now now;

	plat_now(&now);
	return now.mono;
}

static void
timer_stop(void *arg)
{
	struct ctx *c = arg;

	c->timer_calls++;
	c->fired_at = mono();
	plat_loop_stop(c->l);
}

static void
test_timer_fires(void **state)
{
	struct ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.l = loop_new();
	plat_loop_set_timer(c.l, timer_stop, &c);
	c.deadline = mono() + 20 * MIP_MSEC;
	assert_int_equal(plat_loop_set_deadline(c.l, c.deadline), 0);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.timer_calls, 1);
	assert_true(c.fired_at >= c.deadline);

	/* A deadline long past (even 0) fires at once. */
	assert_int_equal(plat_loop_set_deadline(c.l, 0), 0);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.timer_calls, 2);
	plat_loop_free(c.l);
}

static void
timer_count(void *arg)
{
	struct ctx *c = arg;

	c->timer_calls++;
}

/* First batch: a (and the timer, were it armed); a pokes c, which stops. */
static void
on_a_poke_c(void *arg, uint32_t events)
{
	struct ctx *c = arg;
	char b;

	(void)events;
	assert_int_equal(read(c->pa[0], &b, 1), 1);
	poke(c->pc[1]);
}

static void
on_c_stop(void *arg, uint32_t events)
{
	struct ctx *c = arg;
	char b;

	(void)events;
	assert_int_equal(read(c->pc[0], &b, 1), 1);
	plat_loop_stop(c->l);
}

static void
test_timer_disarm(void **state)
{
	struct ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.l = loop_new();
	pipe_new(c.pa);
	pipe_new(c.pc);
	plat_loop_set_timer(c.l, timer_count, &c);
	assert_int_equal(plat_loop_set_deadline(c.l, 1), 0);
	assert_int_equal(plat_loop_set_deadline(c.l, MIP_TSTAMP_NONE), 0);
	assert_int_equal(
	    plat_loop_add(c.l, c.pa[0], EPOLLIN, on_a_poke_c, &c), 0);
	assert_int_equal(
	    plat_loop_add(c.l, c.pc[0], EPOLLIN, on_c_stop, &c), 0);
	poke(c.pa[1]);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.timer_calls, 0);
	plat_loop_free(c.l);
	close(c.pa[0]);
	close(c.pa[1]);
	close(c.pc[0]);
	close(c.pc[1]);
}

static void
on_io(void *arg, uint32_t events)
{
	struct ctx *c = arg;
	char b[4];

	c->io_calls++;
	c->events = events;
	assert_int_equal(read(c->pa[0], b, sizeof(b)), 1);
	plat_loop_stop(c->l);
}

static void
test_io(void **state)
{
	struct ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.l = loop_new();
	pipe_new(c.pa);
	assert_int_equal(plat_loop_add(c.l, c.pa[0], EPOLLIN, on_io, &c), 0);
	assert_int_equal(
	    plat_loop_add(c.l, c.pa[0], EPOLLIN, on_io, &c), -EEXIST);
	assert_int_equal(plat_loop_add(c.l, -1, EPOLLIN, on_io, &c), -EINVAL);
	assert_int_equal(plat_loop_mod(c.l, c.pa[1], EPOLLIN), -ENOENT);
	poke(c.pa[1]);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.io_calls, 1);
	assert_true((c.events & EPOLLIN) != 0);

	/* A mask without EPOLLIN silences it; restoring it brings it back. */
	assert_int_equal(plat_loop_mod(c.l, c.pa[0], 0), 0);
	assert_int_equal(plat_loop_mod(c.l, c.pa[0], EPOLLIN), 0);
	poke(c.pa[1]);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.io_calls, 2);

	plat_loop_del(c.l, c.pa[0]);
	plat_loop_del(c.l, c.pa[0]); /* unknown now: ignored */
	plat_loop_free(c.l);
	close(c.pa[0]);
	close(c.pa[1]);
}

static void
on_sig(void *arg, int signo)
{
	struct ctx *c = arg;

	c->signo = signo;
	plat_loop_stop(c->l);
}

static void
test_signal(void **state)
{
	const int sigs[] = { SIGUSR1 };
	struct ctx c;
	sigset_t now;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.l = loop_new();
	assert_int_equal(plat_loop_signals(c.l, sigs, 1, on_sig, &c), 0);
	assert_int_equal(raise(SIGUSR1), 0);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.signo, SIGUSR1);
	plat_loop_free(c.l);
	/* The mask is back as it was. */
	assert_int_equal(sigprocmask(SIG_BLOCK, NULL, &now), 0);
	assert_int_equal(sigismember(&now, SIGUSR1), 0);
}

static void
fresh(void *arg, uint32_t events)
{
	struct ctx *c = arg;

	(void)events;
	c->fresh_calls++;
}

/*
 * a and b are both readable, so one epoll batch holds both. Whichever runs
 * first deletes and closes the other and puts a new, silent descriptor on
 * the same number: the other's event, already fetched, must go nowhere.
 * Then c is poked, to stop the loop in the next batch.
 */
static void
replace_other(struct ctx *c, int self, int other)
{
	int np[2];
	char b;

	c->io_calls++;
	assert_int_equal(read(self, &b, 1), 1);
	plat_loop_del(c->l, other);
	pipe_new(np);
	assert_int_equal(dup3(np[0], other, O_CLOEXEC), other);
	close(np[0]);
	c->fresh_w = np[1]; /* kept open: no EOF, so never readable */
	assert_int_equal(plat_loop_add(c->l, other, EPOLLIN, fresh, c), 0);
	poke(c->pc[1]);
}

static void
on_a(void *arg, uint32_t events)
{
	struct ctx *c = arg;

	(void)events;
	replace_other(c, c->pa[0], c->pb[0]);
}

static void
on_b(void *arg, uint32_t events)
{
	struct ctx *c = arg;

	(void)events;
	replace_other(c, c->pb[0], c->pa[0]);
}

static void
test_delete_during_dispatch(void **state)
{
	struct ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.l = loop_new();
	pipe_new(c.pa);
	pipe_new(c.pb);
	pipe_new(c.pc);
	assert_int_equal(plat_loop_add(c.l, c.pa[0], EPOLLIN, on_a, &c), 0);
	assert_int_equal(plat_loop_add(c.l, c.pb[0], EPOLLIN, on_b, &c), 0);
	assert_int_equal(
	    plat_loop_add(c.l, c.pc[0], EPOLLIN, on_c_stop, &c), 0);
	poke(c.pa[1]);
	poke(c.pb[1]);
	assert_int_equal(plat_loop_run(c.l), 0);
	assert_int_equal(c.io_calls, 1);
	assert_int_equal(c.fresh_calls, 0);
	plat_loop_free(c.l);
	close(c.fresh_w);
	close(c.pa[0]);
	close(c.pa[1]);
	close(c.pb[0]);
	close(c.pb[1]);
	close(c.pc[0]);
	close(c.pc[1]);
}

static void
test_now(void **state)
{
	struct mip_now a, b;
	time_t t0, t1;
	uint64_t secs;

	(void)state;
	t0 = time(NULL);
	plat_now(&a);
	plat_now(&b);
	t1 = time(NULL);
	assert_true(b.mono >= a.mono);
	/* RFC 5905: 2,208,988,800 s from 1900 to 1970. */
	secs = a.ntp >> 32;
	assert_true(secs >= (uint64_t)t0 + 2208988800ULL);
	assert_true(secs <= (uint64_t)t1 + 2208988800ULL);
	assert_true(b.ntp >= a.ntp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_fires),
		cmocka_unit_test(test_timer_disarm),
		cmocka_unit_test(test_io),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_delete_during_dispatch),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
