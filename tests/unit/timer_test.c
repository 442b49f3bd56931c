/* SPDX-License-Identifier: ISC */
/* Timer heap, action queue and rate limiter (core infrastructure). */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip_ctx.h"
#include "mip_outq.h"
#include "mip_timer.h"

struct probe {
	struct mip_timer t;
	int id;
};

static int fired[64];
static size_t nfired;

static void
on_fire(struct mip_timer *t, const struct mip_now *now)
{
	(void)now;
	fired[nfired++] = MIP_CONTAINER_OF(t, struct probe, t)->id;
}

static void
test_order_and_ties(void **state)
{
	struct test_mem tm;
	struct mip_timerq q;
	struct probe p[6];
	struct mip_now now = { 0, 0 };
	static const mip_tstamp when[6] = { 50, 10, 30, 10, 70, 30 };
	static const int want[5] = { 1, 3, 2, 5, 0 };
	int i;

	(void)state;
	test_mem_init(&tm, 0);
	mip_timerq_init(&q, &tm.mem);
	nfired = 0;
	for (i = 0; i < 6; i++) {
		p[i].id = i;
		mip_timer_init(&p[i].t, on_fire);
		assert_int_equal(mip_timer_set(&q, &p[i].t, when[i]), 0);
	}
	assert_int_equal(mip_timerq_next(&q), 10);
	mip_timer_stop(&q, &p[4].t); /* 70 never fires */
	assert_false(mip_timer_pending(&p[4].t));
	now.mono = 60;
	assert_int_equal(mip_timerq_run(&q, &now), 5);
	/* equal deadlines fire in arm order: 1 before 3, 2 before 5 */
	assert_memory_equal(fired, want, sizeof(want));
	assert_int_equal(mip_timerq_next(&q), MIP_TSTAMP_NONE);
	mip_timerq_free(&q);
	assert_int_equal(tm.live, 0);
}

static void
test_rearm_moves(void **state)
{
	struct test_mem tm;
	struct mip_timerq q;
	struct probe p[40];
	struct mip_now now = { 0, 0 };
	int i;

	(void)state;
	test_mem_init(&tm, 0);
	mip_timerq_init(&q, &tm.mem);
	nfired = 0;
	for (i = 0; i < 40; i++) {
		p[i].id = i;
		mip_timer_init(&p[i].t, on_fire);
		assert_int_equal(
		    mip_timer_set(&q, &p[i].t, (mip_tstamp)(1000 - i * 10)), 0);
	}
	/* re-arming replaces the old deadline */
	assert_int_equal(mip_timer_set(&q, &p[0].t, 1), 0);
	for (i = 1; i < 40; i += 2)
		mip_timer_stop(&q, &p[i].t);
	now.mono = 2000;
	assert_int_equal(mip_timerq_run(&q, &now), 20);
	assert_int_equal(fired[0], 0);
	for (i = 2; i < 20; i++)
		assert_true(p[fired[i - 1]].t.expires <= p[fired[i]].t.expires);
	mip_timerq_free(&q);
}

static void
test_alloc_failure(void **state)
{
	struct test_mem tm;
	struct mip_timerq q;
	struct probe p;

	(void)state;
	test_mem_init(&tm, 1);
	mip_timerq_init(&q, &tm.mem);
	mip_timer_init(&p.t, on_fire);
	assert_int_equal(mip_timer_set(&q, &p.t, 5), MIP_ERR_NOMEM);
	assert_false(mip_timer_pending(&p.t));
	mip_timerq_free(&q);
}

static void
test_outq_sends_survive_growth(void **state)
{
	struct test_mem tm;
	struct mip_outq q;
	struct mip_act_send tmpl;
	struct mip_action a;
	int i;

	(void)state;
	test_mem_init(&tm, 0);
	mip_outq_init(&q, &tm.mem);
	mip_outq_begin(&q);
	memset(&tmpl, 0, sizeof(tmpl));
	for (i = 0; i < 100; i++) {
		uint8_t *b = mip_outq_reserve(&q, 1500);

		assert_non_null(b);
		memset(b, i, 100);
		tmpl.dport = (uint16_t)i;
		assert_int_equal(mip_outq_send(&q, &tmpl, 100), 0);
	}
	for (i = 0; i < 100; i++) {
		assert_int_equal(mip_outq_pop(&q, &a), 1);
		assert_int_equal(a.type, MIP_ACT_SEND);
		assert_int_equal(a.u.send.dport, i);
		assert_int_equal(a.u.send.len, 100);
		assert_int_equal(a.u.send.data[0], i);
		assert_int_equal(a.u.send.data[99], i);
		assert_int_equal(a.seq, (uint32_t)i + 1);
	}
	assert_int_equal(mip_outq_pop(&q, &a), 0);
	mip_outq_free(&q);
	assert_int_equal(tm.live, 0);
}

static void
test_ratelimit(void **state)
{
	struct mip_ratelimit rl;
	struct mip_now now = { 0, 0 };
	int i, taken = 0;

	(void)state;
	mip_ratelimit_init(&rl, 3, MIP_SEC);
	for (i = 0; i < 10; i++)
		taken += mip_ratelimit_take(&rl, &now);
	assert_int_equal(taken, 3);
	now.mono = 2 * MIP_SEC + 1;
	taken = 0;
	for (i = 0; i < 10; i++)
		taken += mip_ratelimit_take(&rl, &now);
	assert_int_equal(taken, 2);
	/* over a long run the rate holds: one per second */
	taken = 0;
	for (i = 0; i < 1000; i++) {
		now.mono += MIP_SEC / 10;
		taken += mip_ratelimit_take(&rl, &now);
	}
	assert_in_range(taken, 99, 101);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_ties),
		cmocka_unit_test(test_rearm_moves),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_outq_sends_survive_growth),
		cmocka_unit_test(test_ratelimit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
