/* SPDX-License-Identifier: ISC */
/*
 * The binding cache store (core/src/mip_bcache.c): lookups by home
 * address through colliding hash chains, LRU order under touch and
 * removal, capacity, slot reuse, and allocation failure.
 */
#include <string.h>

#include "helper.h"
#include "mip_bcache.h"

static void
no_fire(struct mip_timer *t, const struct mip_now *now)
{
	(void)t;
	(void)now;
	fail();
}

static struct mip_ip4
home(uint32_t i)
{
	struct mip_ip4 a = { 0xc0000200U + i }; /* 192.0.2.i */

	return a;
}

static void
test_add_find_remove(void **state)
{
	struct test_mem tm;
	struct mip_timerq tq;
	struct mip_bcache bc;
	struct mip_bcache_entry *e[3];
	uint32_t i;

	(void)state;
	test_mem_init(&tm, 0);
	mip_timerq_init(&tq, &tm.mem);
	assert_int_equal(mip_bcache_new(&bc, 3, no_fire, &tm.mem), 0);
	for (i = 0; i < 3; i++) {
		e[i] = mip_bcache_add(&bc, home(i));
		assert_non_null(e[i]);
		assert_true(mip_ip4_eq(e[i]->home_addr, home(i)));
		assert_int_equal(e[i]->expires, MIP_TSTAMP_NONE);
	}
	/* Full: the caller must replace first. */
	assert_null(mip_bcache_add(&bc, home(9)));
	assert_int_equal(bc.n, 3);
	for (i = 0; i < 3; i++)
		assert_ptr_equal(mip_bcache_find(&bc, home(i)), e[i]);
	assert_null(mip_bcache_find(&bc, home(9)));
	/* Oldest first in, until touched. */
	assert_ptr_equal(mip_bcache_lru(&bc), e[0]);
	mip_bcache_touch(&bc, e[0]);
	assert_ptr_equal(mip_bcache_lru(&bc), e[1]);
	mip_bcache_touch(&bc, e[0]); /* already newest */
	assert_ptr_equal(bc.newest, e[0]);
	mip_bcache_remove(&bc, e[1]);
	assert_null(mip_bcache_find(&bc, home(1)));
	assert_ptr_equal(mip_bcache_lru(&bc), e[2]);
	/* The slot is reused, zeroed. */
	e[1]->coa = home(7);
	assert_ptr_equal(mip_bcache_add(&bc, home(5)), e[1]);
	assert_int_equal(e[1]->coa.v, 0);
	assert_ptr_equal(bc.newest, e[1]);
	mip_bcache_remove(&bc, e[0]);
	mip_bcache_remove(&bc, e[1]);
	mip_bcache_remove(&bc, e[2]);
	assert_int_equal(bc.n, 0);
	assert_null(mip_bcache_lru(&bc));
	assert_null(bc.newest);
	mip_bcache_free(&bc, &tq);
	mip_timerq_free(&tq);
	assert_int_equal(tm.live, 0);
}

/* Many entries in few buckets: chains are walked and unlinked right. */
static void
test_chains(void **state)
{
	struct test_mem tm;
	struct mip_timerq tq;
	struct mip_bcache bc;
	size_t n = 0, i;
	const struct mip_bcache_entry *s;

	(void)state;
	test_mem_init(&tm, 0);
	mip_timerq_init(&tq, &tm.mem);
	assert_int_equal(mip_bcache_new(&bc, 100, no_fire, &tm.mem), 0);
	for (i = 0; i < 100; i++)
		assert_non_null(mip_bcache_add(&bc, home((uint32_t)i * 256)));
	for (i = 0; i < 100; i += 2)
		mip_bcache_remove(
		    &bc, mip_bcache_find(&bc, home((uint32_t)i * 256)));
	for (i = 0; i < 100; i++)
		assert_true((mip_bcache_find(&bc, home((uint32_t)i * 256)) ==
				NULL) == (i % 2 == 0));
	for (i = 0; (s = mip_bcache_slot(&bc, i)) != NULL; i++)
		n += s->in_use;
	assert_int_equal(n, 50);
	assert_int_equal(i, 100);
	mip_bcache_free(&bc, &tq);
	mip_timerq_free(&tq);
}

static void
test_limits(void **state)
{
	struct test_mem tm;
	struct mip_timerq tq;
	struct mip_bcache bc;

	(void)state;
	test_mem_init(&tm, 0);
	mip_timerq_init(&tq, &tm.mem);
	assert_int_equal(
	    mip_bcache_new(&bc, 0, no_fire, &tm.mem), MIP_ERR_INVAL);
	assert_int_equal(mip_bcache_new(&bc, (size_t)1 << 23, no_fire, &tm.mem),
	    MIP_ERR_INVAL);
	test_mem_init(&tm, 2);
	assert_int_equal(
	    mip_bcache_new(&bc, 4, no_fire, &tm.mem), MIP_ERR_NOMEM);
	assert_int_equal(tm.live, 0);
	mip_bcache_free(&bc, &tq); /* harmless after a failure */
	mip_timerq_free(&tq);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_find_remove),
		cmocka_unit_test(test_chains),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
