/* SPDX-License-Identifier: ISC */
/*
 * Replay protection (RFC 5944 5.7): timestamps inside and outside the
 * tolerance, equal and older Identifications, the NTP era wrap, the 133
 * resynchronisation, nonces over several registrations, and that checking
 * never changes state (only commit and issue do).
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_proto.h"
#include "mip/mip_replay.h"
#include "mip/mip_sa.h"

#define NOW_SECS 0xe8a1b2c3U /* some day in 2023, NTP era 0 */

struct fixture {
	struct test_mem tm;
	struct mip_sa *ha; /* verifier */
	struct mip_sa *mn; /* requester */
};

static struct mip_sa *
sa_make(struct fixture *f, enum mip_replay_method method, uint32_t tolerance)
{
	struct mip_sa_config cfg;
	struct mip_sa *sa;

	mip_sa_config_init(&cfg);
	cfg.peer = mip_ip4_make(192, 0, 2, 10);
	cfg.spi = 256;
	cfg.key_len = 16;
	cfg.replay = method;
	cfg.tolerance = tolerance;
	assert_int_equal(mip_sa_new(&sa, &cfg, &f->tm.mem), 0);
	return sa;
}

static int
setup_ts(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	test_mem_init(&f->tm, 0);
	f->ha = sa_make(f, MIP_REPLAY_TIMESTAMP, 0);
	f->mn = sa_make(f, MIP_REPLAY_TIMESTAMP, 0);
	*state = f;
	return 0;
}

static int
setup_nonce(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	test_mem_init(&f->tm, 0);
	f->ha = sa_make(f, MIP_REPLAY_NONCE, 0);
	f->mn = sa_make(f, MIP_REPLAY_NONCE, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	mip_sa_free(f->ha);
	mip_sa_free(f->mn);
	assert_int_equal(f->tm.live, 0);
	free(f);
	return 0;
}

static struct mip_now
at(uint32_t secs, uint32_t frac)
{
	struct mip_now now = { 0, mip_ident_make(secs, frac) };

	return now;
}

/* Checks |ident| twice and asserts the state is untouched both times. */
static int
check(const struct mip_sa *sa, uint64_t ident, const struct mip_now *now,
    uint32_t fresh, uint64_t *rep)
{
	struct mip_replay_state before = sa->replay;
	uint64_t rep2 = 0;
	int rc = mip_replay_check(sa, ident, now, fresh, rep);

	assert_memory_equal(&before, &sa->replay, sizeof(before));
	assert_int_equal(mip_replay_check(sa, ident, now, fresh, &rep2), rc);
	if (rep != NULL)
		assert_true(*rep == rep2);
	assert_memory_equal(&before, &sa->replay, sizeof(before));
	return rc;
}

static void
test_ident_helpers(void **state)
{
	(void)state;
	assert_int_equal(mip_ident_high(0x0102030405060708ULL), 0x01020304);
	assert_int_equal(mip_ident_low(0x0102030405060708ULL), 0x05060708);
	assert_true(
	    mip_ident_make(0x01020304, 0x05060708) == 0x0102030405060708ULL);
	assert_true(mip_ident_newer(2, 1));
	assert_false(mip_ident_newer(1, 1));
	assert_false(mip_ident_newer(1, 2));
	/* serial arithmetic: across the wrap, and at half the space */
	assert_true(
	    mip_ident_newer(0x0000000500000000ULL, 0xfffffff000000000ULL));
	assert_false(
	    mip_ident_newer(0xfffffff000000000ULL, 0x0000000500000000ULL));
	assert_true(mip_ident_newer(0x7fffffffffffffffULL, 0));
	assert_false(mip_ident_newer(0x8000000000000000ULL, 0));
	assert_true(mip_replay_reply_matches(
	    0x1111111122222222ULL, 0x3333333322222222ULL));
	assert_false(mip_replay_reply_matches(
	    0x1111111122222222ULL, 0x1111111122222223ULL));
}

/* RFC 5944 5.7.1: default tolerance 7 s, either side of our clock. */
static void
test_ts_tolerance(void **state)
{
	struct fixture *f = *state;
	struct mip_now now = at(NOW_SECS, 0x80000000U);
	uint64_t rep;
	uint32_t d;

	assert_int_equal(f->ha->cfg.tolerance, MIP_REPLAY_TOLERANCE_DEFAULT);
	for (d = 0; d <= 7; d++) {
		uint64_t ahead = mip_ident_make(NOW_SECS + d, 0xffffffffU);
		uint64_t behind = mip_ident_make(NOW_SECS - d, 0);

		assert_int_equal(check(f->ha, ahead, &now, 0, &rep), 0);
		/* a valid timestamp is copied whole into the reply */
		assert_true(rep == ahead);
		assert_int_equal(check(f->ha, behind, &now, 0, &rep), 0);
		assert_true(rep == behind);
	}
	assert_int_equal(
	    check(f->ha, mip_ident_make(NOW_SECS + 8, 0), &now, 0, &rep),
	    MIP_ERR_REPLAY);
	/* 133: our time in the high half, the request's low half */
	assert_true(rep == mip_ident_make(NOW_SECS, 0));
	assert_int_equal(
	    check(f->ha, mip_ident_make(NOW_SECS - 8, 0xabcd), &now, 0, &rep),
	    MIP_ERR_REPLAY);
	assert_true(rep == mip_ident_make(NOW_SECS, 0xabcd));
	assert_int_equal(check(f->ha, mip_ident_make(NOW_SECS + 0x80000000U, 1),
			     &now, 0, NULL),
	    MIP_ERR_REPLAY);
	assert_int_equal(check(f->ha, 0, &now, 0, NULL), MIP_ERR_REPLAY);
}

static void
test_ts_custom_tolerance(void **state)
{
	struct fixture *f = *state;
	struct mip_sa *sa = sa_make(f, MIP_REPLAY_TIMESTAMP, 30);
	struct mip_now now = at(NOW_SECS, 0);

	assert_int_equal(
	    check(sa, mip_ident_make(NOW_SECS - 30, 0), &now, 0, NULL), 0);
	assert_int_equal(
	    check(sa, mip_ident_make(NOW_SECS + 31, 0), &now, 0, NULL),
	    MIP_ERR_REPLAY);
	mip_sa_free(sa);
}

/* RFC 5944 5.7.1: greater than all previously accepted timestamps. */
static void
test_ts_sequence(void **state)
{
	struct fixture *f = *state;
	struct mip_now now = at(NOW_SECS, 0);
	uint64_t a = mip_ident_make(NOW_SECS, 0x40000000U);
	uint64_t rep;

	assert_int_equal(check(f->ha, a, &now, 0, &rep), 0);
	/* check alone does not remember anything */
	assert_int_equal(check(f->ha, a, &now, 0, NULL), 0);
	mip_replay_commit(f->ha, a);
	assert_true(f->ha->replay.have_last);
	/* equal and older are replays; newer (even by one unit) is not */
	assert_int_equal(check(f->ha, a, &now, 0, &rep), MIP_ERR_REPLAY);
	assert_true(rep == mip_ident_make(NOW_SECS, 0x40000000U));
	assert_int_equal(check(f->ha, a - 1, &now, 0, NULL), MIP_ERR_REPLAY);
	assert_int_equal(
	    check(f->ha, mip_ident_make(NOW_SECS - 3, 0), &now, 0, NULL),
	    MIP_ERR_REPLAY);
	assert_int_equal(check(f->ha, a + 1, &now, 0, NULL), 0);
	assert_int_equal(
	    check(f->ha, mip_ident_make(NOW_SECS + 1, 0), &now, 0, NULL), 0);
	/* committing an older ident never moves the mark back */
	mip_replay_commit(f->ha, a - 5);
	assert_true(f->ha->replay.last_ident == a);
	mip_replay_commit(f->ha, a + 7);
	assert_int_equal(check(f->ha, a + 7, &now, 0, NULL), MIP_ERR_REPLAY);
	assert_int_equal(check(f->ha, a + 8, &now, 0, NULL), 0);
	/* issue is a no-op with timestamps */
	{
		struct mip_replay_state before = f->ha->replay;

		mip_replay_issue(f->ha, 0x1234);
		assert_memory_equal(&before, &f->ha->replay, sizeof(before));
	}
}

/* NTP era 0 ends at 2036-02-07; era 1 seconds start again from 0. */
static void
test_ts_era_wrap(void **state)
{
	struct fixture *f = *state;
	struct mip_now now = at(0xfffffffeU, 0);
	uint64_t last = mip_ident_make(0xfffffffdU, 0x10);
	uint64_t next = mip_ident_make(0x00000002U, 0); /* 5 s later */

	assert_int_equal(check(f->ha, last, &now, 0, NULL), 0);
	mip_replay_commit(f->ha, last);
	assert_int_equal(check(f->ha, next, &now, 0, NULL), 0);
	assert_int_equal(
	    check(f->ha, mip_ident_make(0x00000006U, 0), &now, 0, NULL),
	    MIP_ERR_REPLAY); /* 8 s ahead */
	mip_replay_commit(f->ha, next);
	/* the clock itself wraps */
	now = at(0x00000003U, 0);
	assert_int_equal(
	    check(f->ha, mip_ident_make(0xffffffffU, 0), &now, 0, NULL),
	    MIP_ERR_REPLAY); /* in time, but older */
	assert_int_equal(
	    check(f->ha, mip_ident_make(0x00000002U, 1), &now, 0, NULL), 0);
	assert_int_equal(
	    check(f->ha, mip_ident_make(0xfffffffcU, 0), &now, 0, NULL),
	    MIP_ERR_REPLAY); /* 7 s, but older */
	/* and a fresh SA accepts 7 s back across the wrap */
	{
		struct mip_sa *sa = sa_make(f, MIP_REPLAY_TIMESTAMP, 0);

		assert_int_equal(
		    check(sa, mip_ident_make(0xfffffffcU, 0), &now, 0, NULL),
		    0);
		assert_int_equal(
		    check(sa, mip_ident_make(0xfffffffbU, 0), &now, 0, NULL),
		    MIP_ERR_REPLAY);
		mip_sa_free(sa);
	}
	/* the requester's offset across the wrap */
	assert_int_equal(
	    mip_replay_clock_offset(mip_ident_make(3, 0), &now), 0);
	now = at(0xfffffffeU, 0);
	assert_int_equal(
	    mip_replay_clock_offset(mip_ident_make(3, 9), &now), 5);
	now = at(3, 0);
	assert_int_equal(
	    mip_replay_clock_offset(mip_ident_make(0xfffffffeU, 0), &now), -5);
	assert_int_equal(
	    mip_replay_clock_offset(mip_ident_make(0x80000003U, 0), &now),
	    INT32_MIN);
}

/*
 * The 133 round trip: a mobile node whose clock is 100 s slow is refused,
 * checks the low half, learns the offset, and its next request passes.
 */
static void
test_ts_resync(void **state)
{
	struct fixture *f = *state;
	struct mip_now ha_now = at(NOW_SECS, 0x12345678U);
	struct mip_now mn_now = at(NOW_SECS - 100, 0x9abc0000U);
	uint64_t req, rep, rep2;

	req = mip_replay_next_ident(f->mn, &mn_now, 0x5555);
	assert_int_equal(mip_ident_high(req), NOW_SECS - 100);
	assert_int_equal(mip_ident_low(req), 0x9abc5555U);
	assert_int_equal(check(f->ha, req, &ha_now, 0, &rep), MIP_ERR_REPLAY);
	assert_true(rep == mip_ident_make(NOW_SECS, 0x9abc5555U));

	/* a reply for another request teaches nothing */
	assert_int_equal(mip_replay_learn(f->mn, req + 1, rep,
			     MIP_CODE_HA_ID_MISMATCH, &mn_now),
	    MIP_ERR_REPLAY);
	assert_int_equal(f->mn->replay.clock_offset, 0);
	/* an accepted reply does not move the clock either */
	assert_int_equal(
	    mip_replay_learn(f->mn, req, rep, MIP_CODE_ACCEPTED, &mn_now), 0);
	assert_int_equal(f->mn->replay.clock_offset, 0);
	assert_int_equal(
	    mip_replay_learn(f->mn, req, rep, MIP_CODE_HA_ID_MISMATCH, &mn_now),
	    0);
	assert_int_equal(f->mn->replay.clock_offset, 100);

	mn_now = at(NOW_SECS - 99, 0);
	ha_now = at(NOW_SECS + 1, 0);
	req = mip_replay_next_ident(f->mn, &mn_now, 0);
	assert_int_equal(mip_ident_high(req), NOW_SECS + 1);
	assert_int_equal(check(f->ha, req, &ha_now, 0, &rep2), 0);
	assert_true(rep2 == req);
	mip_replay_commit(f->ha, req);
	assert_int_equal(
	    mip_replay_learn(f->mn, req, rep2, MIP_CODE_ACCEPTED, &mn_now), 0);
	assert_int_equal(f->mn->replay.clock_offset, 100);
	/* a fast clock gives a negative offset */
	mn_now = at(NOW_SECS + 50, 0);
	assert_int_equal(
	    mip_replay_learn(f->mn, 7, mip_ident_make(NOW_SECS + 1, 7),
		MIP_CODE_HA_ID_MISMATCH, &mn_now),
	    0);
	assert_int_equal(f->mn->replay.clock_offset, -49);
}

/* RFC 5944 5.7.1: each new request's Identification is greater. */
static void
test_ts_next_ident_increases(void **state)
{
	struct fixture *f = *state;
	struct mip_now now = at(NOW_SECS, 0xffff0000U);
	uint64_t prev = 0, id;
	size_t i;

	for (i = 0; i < 5; i++) {
		id = mip_replay_next_ident(f->mn, &now, 0xffff);
		if (i > 0)
			assert_true(mip_ident_newer(id, prev));
		prev = id;
	}
	assert_true(prev == mip_ident_make(NOW_SECS + 1, 3));
	/* the clock going backwards does not matter either */
	now = at(NOW_SECS - 60, 0);
	id = mip_replay_next_ident(f->mn, &now, 0);
	assert_true(id == prev + 1);
	/* across the era wrap */
	now = at(0xffffffffU, 0xffff0000U);
	prev = mip_replay_next_ident(f->mn, &now, 0xffff);
	id = mip_replay_next_ident(f->mn, &now, 0xffff);
	assert_true(id == 0);
	assert_true(mip_ident_newer(id, prev));
}

/*
 * RFC 5944 5.7.2: a nonce conversation over several registrations,
 * starting unsynchronised (the first request is refused with a nonce).
 */
static void
test_nonce_flow(void **state)
{
	struct fixture *f = *state;
	struct mip_now now = at(NOW_SECS, 0);
	struct test_rand tr;
	uint64_t req, rep, old_req;
	uint32_t fresh;
	size_t i;

	test_rand_init(&tr, 42);
	/* 1: no nonce issued yet, refused with one */
	req = mip_replay_next_ident(f->mn, &now, 0x1111);
	assert_true(req == mip_ident_make(0, 0x1111));
	fresh = (uint32_t)test_rand_u64(&tr);
	assert_int_equal(check(f->ha, req, &now, fresh, &rep), MIP_ERR_REPLAY);
	assert_true(rep == mip_ident_make(fresh, 0x1111));
	mip_replay_issue(f->ha, rep);
	assert_int_equal(
	    mip_replay_learn(f->mn, req, rep, MIP_CODE_HA_ID_MISMATCH, &now),
	    0);

	/* 2..6: accepted, each reply carries the next nonce */
	old_req = 0;
	for (i = 0; i < 5; i++) {
		uint32_t low = (uint32_t)test_rand_u64(&tr);

		req = mip_replay_next_ident(f->mn, &now, low);
		assert_int_equal(mip_ident_high(req), fresh);
		assert_int_equal(mip_ident_low(req), low);
		fresh = (uint32_t)test_rand_u64(&tr);
		assert_int_equal(check(f->ha, req, &now, fresh, &rep), 0);
		assert_true(rep == mip_ident_make(fresh, low));
		mip_replay_commit(f->ha, req);
		mip_replay_issue(f->ha, rep);
		/* replaying this or an older request fails now */
		assert_int_equal(
		    check(f->ha, req, &now, 1, NULL), MIP_ERR_REPLAY);
		if (old_req != 0)
			assert_int_equal(check(f->ha, old_req, &now, 1, NULL),
			    MIP_ERR_REPLAY);
		old_req = req;
		assert_int_equal(
		    mip_replay_learn(f->mn, req, rep, MIP_CODE_ACCEPTED, &now),
		    0);
		assert_int_equal(f->mn->replay.peer_nonce, fresh);
	}

	/* a reply whose low half is not ours is discarded, nothing learned */
	req = mip_replay_next_ident(f->mn, &now, 0x7777);
	assert_int_equal(
	    mip_replay_learn(f->mn, req, mip_ident_make(0xdead, 0x7778),
		MIP_CODE_ACCEPTED, &now),
	    MIP_ERR_REPLAY);
	assert_int_equal(f->mn->replay.peer_nonce, fresh);
	/* a wrong nonce gets 133 with a new one: self-synchronising */
	assert_int_equal(
	    check(f->ha, mip_ident_make(fresh + 1, 0x7777), &now, 0xfeed, &rep),
	    MIP_ERR_REPLAY);
	assert_true(rep == mip_ident_make(0xfeed, 0x7777));
	mip_replay_issue(f->ha, rep);
	assert_int_equal(
	    mip_replay_learn(f->mn, req, rep, MIP_CODE_HA_ID_MISMATCH, &now),
	    0);
	req = mip_replay_next_ident(f->mn, &now, 0x8888);
	assert_int_equal(check(f->ha, req, &now, 0xbeef, NULL), 0);
	/* nonces never touch the clock offset */
	assert_int_equal(f->mn->replay.clock_offset, 0);
}

/* Commit consumes the nonce even if the role forgot to issue a new one. */
static void
test_nonce_commit_consumes(void **state)
{
	struct fixture *f = *state;
	struct mip_now now = at(NOW_SECS, 0);
	uint64_t req = mip_ident_make(0xabcdef01U, 5);

	mip_replay_issue(f->ha, mip_ident_make(0xabcdef01U, 4));
	assert_int_equal(check(f->ha, req, &now, 9, NULL), 0);
	/* committing some other ident changes nothing */
	mip_replay_commit(f->ha, mip_ident_make(0x01, 5));
	assert_int_equal(check(f->ha, req, &now, 9, NULL), 0);
	mip_replay_commit(f->ha, req);
	assert_int_equal(check(f->ha, req, &now, 9, NULL), MIP_ERR_REPLAY);
	/* the time of day plays no part with nonces */
	mip_replay_issue(f->ha, mip_ident_make(0x42, 0));
	now = at(0, 0);
	assert_int_equal(
	    check(f->ha, mip_ident_make(0x42, 1), &now, 0, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ident_helpers),
		cmocka_unit_test_setup_teardown(
		    test_ts_tolerance, setup_ts, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ts_custom_tolerance, setup_ts, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ts_sequence, setup_ts, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ts_era_wrap, setup_ts, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ts_resync, setup_ts, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ts_next_ident_increases, setup_ts, teardown),
		cmocka_unit_test_setup_teardown(
		    test_nonce_flow, setup_nonce, teardown),
		cmocka_unit_test_setup_teardown(
		    test_nonce_commit_consumes, setup_nonce, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
