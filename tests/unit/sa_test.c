/* SPDX-License-Identifier: ISC */
/* Security association table: rules, ordering, allocation failures. */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_proto.h"
#include "mip/mip_sa.h"

static void
cfg_make(struct mip_sa_config *cfg, uint8_t last_octet, uint32_t spi)
{
	mip_sa_config_init(cfg);
	cfg->peer = mip_ip4_make(192, 0, 2, last_octet);
	cfg->spi = spi;
	cfg->key_len = 16;
	memset(cfg->key, last_octet, cfg->key_len);
}

static void
test_config_defaults(void **state)
{
	struct mip_sa_config cfg;
	struct test_mem tm;
	struct mip_sa *sa;

	(void)state;
	mip_sa_config_init(&cfg);
	assert_int_equal(cfg.alg, MIP_AUTH_HMAC_MD5);
	assert_int_equal(cfg.replay, MIP_REPLAY_TIMESTAMP);
	assert_int_equal(cfg.tolerance, MIP_REPLAY_TOLERANCE_DEFAULT);
	/* a zeroed config gets the default tolerance too */
	memset(&cfg, 0, sizeof(cfg));
	cfg.spi = 256;
	cfg.key_len = 1;
	test_mem_init(&tm, 0);
	assert_int_equal(mip_sa_new(&sa, &cfg, &tm.mem), 0);
	assert_int_equal(sa->cfg.tolerance, MIP_REPLAY_TOLERANCE_DEFAULT);
	assert_int_equal(sa->cfg.alg, MIP_AUTH_HMAC_MD5);
	assert_non_null(sa->mac);
	mip_sa_free(sa);
	mip_sa_free(NULL);
	assert_int_equal(tm.live, 0);
}

static void
test_add_rules(void **state)
{
	struct mip_sa_table *t;
	struct mip_sa_config cfg;
	struct test_mem tm;
	struct mip_sa *sa;

	(void)state;
	test_mem_init(&tm, 0);
	assert_int_equal(mip_sa_table_new(&t, 0, &tm.mem), MIP_ERR_INVAL);
	assert_int_equal(mip_sa_table_new(&t, 4, &tm.mem), 0);

	/* RFC 5944 1.6: SPIs 0-255 are reserved */
	cfg_make(&cfg, 1, 255);
	assert_int_equal(mip_sa_add(t, &cfg, &sa), MIP_ERR_INVAL);
	assert_null(sa);
	cfg.spi = 0;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_INVAL);
	cfg.spi = MIP_SPI_MIN;
	cfg.key_len = 0;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_INVAL);
	cfg.key_len = MIP_SA_KEY_MAX + 1;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_INVAL);
	cfg.key_len = MIP_SA_KEY_MAX;
	cfg.alg = (enum mip_auth_alg)9;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_INVAL);
	cfg.alg = MIP_AUTH_HMAC_SHA1;
	cfg.replay = (enum mip_replay_method)9;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_INVAL);
	cfg.replay = MIP_REPLAY_NONCE;
	assert_int_equal(mip_sa_count(t), 0);

	assert_int_equal(mip_sa_add(t, &cfg, &sa), 0);
	assert_non_null(sa);
	assert_int_equal(sa->cfg.spi, 256);
	assert_int_equal(sa->cfg.alg, MIP_AUTH_HMAC_SHA1);
	assert_int_equal(sa->cfg.key_len, MIP_SA_KEY_MAX);
	/* duplicate (peer, SPI), even with another key */
	cfg.key[0] ^= 1;
	assert_int_equal(mip_sa_add(t, &cfg, &sa), MIP_ERR_EXIST);
	assert_null(sa);
	assert_int_equal(mip_sa_count(t), 1);
	/* same SPI with another peer, same peer with another SPI: fine */
	cfg.peer.v++;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), 0);
	cfg.spi++;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), 0);
	cfg.spi++;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), 0);
	/* the capacity limit */
	cfg.spi++;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_LIMIT);
	assert_int_equal(mip_sa_count(t), 4);
	/* a duplicate is reported as such even when full */
	cfg.spi--;
	assert_int_equal(mip_sa_add(t, &cfg, NULL), MIP_ERR_EXIST);

	mip_sa_table_free(t);
	mip_sa_table_free(NULL);
	assert_int_equal(tm.live, 0);
}

/* Inserts in a scrambled order; finds, iterates in order, removes. */
static void
test_find_iterate_remove(void **state)
{
	static const uint8_t peers[] = { 9, 3, 7, 1, 5, 3, 9, 1 };
	static const uint32_t spis[] = { 300, 256, 1000, 0x10000, 256, 257, 299,
		0xffffffff };
	struct mip_sa_table *t;
	struct mip_sa_config cfg;
	struct test_mem tm;
	struct mip_sa *sa, *prev;
	size_t i, n = sizeof(spis) / sizeof(spis[0]);

	(void)state;
	test_mem_init(&tm, 0);
	assert_int_equal(mip_sa_table_new(&t, n, &tm.mem), 0);
	for (i = 0; i < n; i++) {
		cfg_make(&cfg, peers[i], spis[i]);
		assert_int_equal(mip_sa_add(t, &cfg, &sa), 0);
		assert_ptr_equal(mip_sa_find(t, cfg.peer, cfg.spi), sa);
	}
	assert_int_equal(mip_sa_count(t), n);
	for (i = 0; i < n; i++) {
		sa = mip_sa_find(t, mip_ip4_make(192, 0, 2, peers[i]), spis[i]);
		assert_non_null(sa);
		assert_int_equal(sa->cfg.spi, spis[i]);
		assert_int_equal(sa->cfg.key[0], peers[i]);
	}
	assert_null(mip_sa_find(t, mip_ip4_make(192, 0, 2, 3), 300));
	assert_null(mip_sa_find(t, mip_ip4_make(192, 0, 2, 2), 256));
	assert_null(mip_sa_find(t, mip_ip4_make(0, 0, 0, 0), 0));
	assert_null(
	    mip_sa_find(t, mip_ip4_make(255, 255, 255, 255), 0xffffffff));

	/* iteration is in (peer, SPI) order */
	prev = NULL;
	for (i = 0; i < mip_sa_count(t); i++) {
		sa = mip_sa_at(t, i);
		assert_non_null(sa);
		if (prev != NULL)
			assert_true(prev->cfg.peer.v < sa->cfg.peer.v ||
			    (prev->cfg.peer.v == sa->cfg.peer.v &&
				prev->cfg.spi < sa->cfg.spi));
		prev = sa;
	}
	assert_null(mip_sa_at(t, n));

	/* removal keeps the others findable and pointers to them valid */
	sa = mip_sa_find(t, mip_ip4_make(192, 0, 2, 9), 299);
	assert_int_equal(mip_sa_remove(t, mip_ip4_make(192, 0, 2, 5), 256), 0);
	assert_int_equal(mip_sa_remove(t, mip_ip4_make(192, 0, 2, 5), 256),
	    MIP_ERR_NOTFOUND);
	assert_null(mip_sa_find(t, mip_ip4_make(192, 0, 2, 5), 256));
	assert_ptr_equal(mip_sa_find(t, mip_ip4_make(192, 0, 2, 9), 299), sa);
	assert_int_equal(mip_sa_count(t), n - 1);
	for (i = 0; i < n; i++) {
		if (peers[i] == 5)
			continue;
		assert_non_null(
		    mip_sa_find(t, mip_ip4_make(192, 0, 2, peers[i]), spis[i]));
	}
	/* the freed slot can be used again */
	cfg_make(&cfg, 4, 400);
	assert_int_equal(mip_sa_add(t, &cfg, NULL), 0);
	assert_int_equal(mip_sa_count(t), n);
	/* remove everything, first and last positions included */
	while (mip_sa_count(t) > 0) {
		sa =
		    mip_sa_at(t, mip_sa_count(t) % 2 ? 0 : mip_sa_count(t) - 1);
		assert_int_equal(
		    mip_sa_remove(t, sa->cfg.peer, sa->cfg.spi), 0);
	}
	assert_null(mip_sa_at(t, 0));
	mip_sa_table_free(t);
	assert_int_equal(tm.live, 0);
}

/* Runs |n| adds into a fresh table with allocation |fail_at| failing. */
static int
build(size_t fail_at, size_t *live_after_free)
{
	static const enum mip_auth_alg algs[] = { MIP_AUTH_HMAC_MD5,
		MIP_AUTH_KEYED_MD5, MIP_AUTH_HMAC_SHA1 };
	struct mip_sa_table *t;
	struct mip_sa_config cfg;
	struct test_mem tm;
	size_t i;
	int rc;

	test_mem_init(&tm, fail_at);
	rc = mip_sa_table_new(&t, 8, &tm.mem);
	if (rc != 0) {
		assert_null(t);
		*live_after_free = tm.live;
		return rc;
	}
	for (i = 0; i < 3 && rc == 0; i++) {
		size_t before = mip_sa_count(t);

		cfg_make(&cfg, (uint8_t)(i + 1), 256);
		cfg.alg = algs[i];
		rc = mip_sa_add(t, &cfg, NULL);
		if (rc != 0) {
			/* a failed add leaves the table unchanged */
			assert_int_equal(mip_sa_count(t), before);
			assert_null(mip_sa_find(t, cfg.peer, cfg.spi));
		}
	}
	mip_sa_table_free(t);
	*live_after_free = tm.live;
	return rc;
}

/* style guide 2.9: fail each allocation in turn; nothing leaks. */
static void
test_alloc_failures(void **state)
{
	size_t fail_at, live;
	int rc;

	(void)state;
	for (fail_at = 1;; fail_at++) {
		rc = build(fail_at, &live);
		assert_int_equal(live, 0);
		if (rc == 0)
			break;
		assert_int_equal(rc, MIP_ERR_NOMEM);
		assert_true(fail_at < 100);
	}
	/* table + array + 3 x (SA + MAC state) */
	assert_int_equal(fail_at, 2 + 3 * 2 + 1);
}

static void
test_sa_new_failures(void **state)
{
	struct mip_sa_config cfg;
	struct test_mem tm;
	struct mip_sa *sa;
	size_t k;

	(void)state;
	cfg_make(&cfg, 1, 256);
	for (k = 1; k <= 2; k++) {
		test_mem_init(&tm, k);
		assert_int_equal(mip_sa_new(&sa, &cfg, &tm.mem), MIP_ERR_NOMEM);
		assert_null(sa);
		assert_int_equal(tm.live, 0);
	}
	cfg.spi = 1;
	test_mem_init(&tm, 0);
	assert_int_equal(mip_sa_new(&sa, &cfg, &tm.mem), MIP_ERR_INVAL);
	assert_int_equal(tm.count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_add_rules),
		cmocka_unit_test(test_find_iterate_remove),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_sa_new_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
