/* SPDX-License-Identifier: ISC */
/*
 * Replay protection (RFC 5944 5.7; spec sheet 4.7): freshness checks of a
 * request's Identification, the Identification a reply carries, and the
 * requester's side of both styles. Owns the replay state inside each
 * struct mip_sa; reads no clock and draws no random numbers (they come in
 * as arguments); never decides whether a MAC verified (the role calls
 * commit only after it did).
 */
#include "mip/mip_proto.h"
#include "mip/mip_replay.h"
#include "mip/mip_sa.h"

#define SERIAL_HALF64 (UINT64_C(1) << 63)
#define SERIAL_HALF32 (UINT32_C(1) << 31)
#define FRAC_CLOCK_MASK UINT32_C(0xffff0000)

bool
mip_ident_newer(uint64_t a, uint64_t b)
{
	uint64_t d = a - b;

	return d != 0 && d < SERIAL_HALF64;
}

/* |a - b| in seconds as 32-bit serial numbers (so 2036 is no edge). */
static uint32_t
serial_distance32(uint32_t a, uint32_t b)
{
	uint32_t d = a - b;

	return d < SERIAL_HALF32 ? d : b - a;
}

static int
check_timestamp(
    const struct mip_sa *sa, uint64_t ident, const struct mip_now *now)
{
	const struct mip_replay_state *st = &sa->replay;

	/* RFC 5944 5.7.1: close enough to the home agent's time of day... */
	if (serial_distance32(mip_ident_high(ident), mip_ident_high(now->ntp)) >
	    sa->cfg.tolerance)
		return MIP_ERR_REPLAY;
	/* ... and greater than all previously accepted timestamps. */
	if (st->have_last && !mip_ident_newer(ident, st->last_ident))
		return MIP_ERR_REPLAY;
	return 0;
}

static int
check_nonce(const struct mip_sa *sa, uint64_t ident)
{
	const struct mip_replay_state *st = &sa->replay;

	/* RFC 5944 5.7.2: the request echoes the nonce we issued last. */
	if (!st->have_nonce || mip_ident_high(ident) != st->nonce)
		return MIP_ERR_REPLAY;
	return 0;
}

int
mip_replay_check(const struct mip_sa *sa, uint64_t ident,
    const struct mip_now *now, uint32_t fresh_nonce, uint64_t *reply_ident)
{
	uint64_t rep = ident;
	int rc = MIP_ERR_REPLAY;

	switch (sa->cfg.replay) {
	case MIP_REPLAY_TIMESTAMP:
		rc = check_timestamp(sa, ident, now);
		/* RFC 5944 5.7.1: on 133 the high half is our own time. */
		if (rc != 0)
			rep = mip_ident_make(
			    mip_ident_high(now->ntp), mip_ident_low(ident));
		break;
	case MIP_REPLAY_NONCE:
		rc = check_nonce(sa, ident);
		/* RFC 5944 5.7.2: every reply carries a new nonce. */
		rep = mip_ident_make(fresh_nonce, mip_ident_low(ident));
		break;
	}
	if (reply_ident != NULL)
		*reply_ident = rep;
	return rc;
}

void
mip_replay_commit(struct mip_sa *sa, uint64_t ident)
{
	struct mip_replay_state *st = &sa->replay;

	switch (sa->cfg.replay) {
	case MIP_REPLAY_TIMESTAMP:
		/* Never move backwards, whatever the caller passes. */
		if (st->have_last && !mip_ident_newer(ident, st->last_ident))
			return;
		st->last_ident = ident;
		st->have_last = true;
		break;
	case MIP_REPLAY_NONCE:
		if (st->have_nonce && mip_ident_high(ident) == st->nonce)
			st->have_nonce = false; /* consumed */
		break;
	}
}

void
mip_replay_issue(struct mip_sa *sa, uint64_t reply_ident)
{
	struct mip_replay_state *st = &sa->replay;

	switch (sa->cfg.replay) {
	case MIP_REPLAY_TIMESTAMP:
		break;
	case MIP_REPLAY_NONCE:
		st->nonce = mip_ident_high(reply_ident);
		st->have_nonce = true;
		break;
	}
}

uint64_t
mip_replay_next_ident(
    struct mip_sa *sa, const struct mip_now *now, uint32_t rand_low)
{
	struct mip_replay_state *st = &sa->replay;
	uint64_t ident = 0;

	switch (sa->cfg.replay) {
	case MIP_REPLAY_TIMESTAMP: {
		/* Two's complement addition of the signed offset. */
		uint32_t secs =
		    mip_ident_high(now->ntp) + (uint32_t)st->clock_offset;
		uint32_t frac = (mip_ident_low(now->ntp) & FRAC_CLOCK_MASK) |
		    (rand_low & ~FRAC_CLOCK_MASK);

		ident = mip_ident_make(secs, frac);
		/* RFC 5944 5.7.1: greater than in any previous request. */
		if (st->have_sent && !mip_ident_newer(ident, st->last_sent))
			ident = st->last_sent + 1;
		break;
	}
	case MIP_REPLAY_NONCE:
		ident = mip_ident_make(
		    st->have_peer_nonce ? st->peer_nonce : 0, rand_low);
		break;
	}
	st->last_sent = ident;
	st->have_sent = true;
	return ident;
}

bool
mip_replay_reply_matches(uint64_t req, uint64_t rep)
{
	return mip_ident_low(req) == mip_ident_low(rep);
}

int32_t
mip_replay_clock_offset(uint64_t rep, const struct mip_now *now)
{
	uint32_t d = mip_ident_high(rep) - mip_ident_high(now->ntp);

	/* Serial distance as a signed value, without implementation-defined
	 * conversions. */
	if (d < SERIAL_HALF32)
		return (int32_t)d;
	return -(int32_t)(UINT32_MAX - d) - 1;
}

int
mip_replay_learn(struct mip_sa *sa, uint64_t req, uint64_t rep, uint8_t code,
    const struct mip_now *now)
{
	struct mip_replay_state *st = &sa->replay;

	/* RFC 5944 5.7: check the low half before using the high half. */
	if (!mip_replay_reply_matches(req, rep))
		return MIP_ERR_REPLAY;
	switch (sa->cfg.replay) {
	case MIP_REPLAY_TIMESTAMP:
		/* RFC 5944 5.7.1, 3.6.2.1: resynchronise on 133 only. */
		if (code == MIP_CODE_HA_ID_MISMATCH)
			st->clock_offset = mip_replay_clock_offset(rep, now);
		break;
	case MIP_REPLAY_NONCE:
		/* RFC 5944 5.7.2: the next request's high half. */
		st->peer_nonce = mip_ident_high(rep);
		st->have_peer_nonce = true;
		break;
	}
	return 0;
}
