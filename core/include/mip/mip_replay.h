/* SPDX-License-Identifier: ISC */
/*
 * Replay protection of registrations (RFC 5944 5.7; spec sheet 4.7), per
 * mobility security association: timestamps (mandatory) and nonces
 * (optional). Verifier side (home agent, or any node checking a peer's
 * Identification): mip_replay_check() only looks, mip_replay_commit() and
 * mip_replay_issue() change state, and the role calls them only after the
 * MAC verified (authenticate, check, then commit). Requester side (mobile
 * node): building the next Identification, matching replies, and learning
 * from authenticated replies. Nothing here reads a clock: "now" comes in as
 * struct mip_now, nonces come in from the caller's struct mip_rand.
 */
#ifndef MIP_REPLAY_H
#define MIP_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "mip.h"

/* RFC 5944 5.7: the style is part of the security association. */
enum mip_replay_method {
	MIP_REPLAY_TIMESTAMP = 0, /* RFC 5944 5.7.1: mandatory, default */
	MIP_REPLAY_NONCE,	  /* RFC 5944 5.7.2 */
};

/* Per-SA replay state; kept inside struct mip_sa (mip_sa.h). */
struct mip_replay_state {
	/* verifier side */
	uint64_t last_ident; /* timestamps: last accepted Identification */
	uint32_t nonce;	     /* nonces: issued to the peer, expected next */
	bool have_last;
	bool have_nonce;
	/* requester side */
	bool have_sent;
	bool have_peer_nonce;
	uint64_t last_sent;   /* timestamps: last Identification we sent */
	uint32_t peer_nonce;  /* nonces: high half for our next request */
	int32_t clock_offset; /* timestamps: seconds to add to our clock */
};

struct mip_sa;

/* Halves of a 64-bit Identification. */
static inline uint32_t
mip_ident_high(uint64_t ident)
{
	return (uint32_t)(ident >> 32);
}

static inline uint32_t
mip_ident_low(uint64_t ident)
{
	return (uint32_t)ident;
}

static inline uint64_t
mip_ident_make(uint32_t high, uint32_t low)
{
	return ((uint64_t)high << 32) | low;
}

/*
 * mip_ident_newer tells whether |a| is later than |b| in 64-bit serial
 * number arithmetic (RFC 1982), so that the NTP era wrap of 2036 keeps
 * "greater than" meaningful: an ident less than 2^63 ahead is newer.
 */
bool mip_ident_newer(uint64_t a, uint64_t b);

/* ---- verifier side (home agent) ---- */

/*
 * mip_replay_check decides whether request Identification |ident| is fresh
 * for |sa| at |now|, without changing anything (calling it twice gives the
 * same answer).
 *   timestamps (RFC 5944 5.7.1): |ident|'s seconds are within the SA's
 *   tolerance of now->ntp's seconds (32-bit serial distance), and |ident| is
 *   newer than the last accepted one;
 *   nonces (RFC 5944 5.7.2): the high half equals the nonce last issued to
 *   this SA's peer (mip_replay_issue), and it has not been consumed.
 * |reply_ident| (may be NULL) receives the Identification the reply must
 * carry: timestamps: |ident| itself when fresh, else the home agent's own
 * seconds (the high half of now->ntp) in the high half and |ident|'s low
 * half (the 133 reply); nonces: |fresh_nonce| (from the caller's random source) in the
 * high half, |ident|'s low half copied, accepted or not. |fresh_nonce| is
 * ignored for timestamps.
 *
 * Returns 0 when fresh or MIP_ERR_REPLAY (reply code 133).
 */
int mip_replay_check(const struct mip_sa *sa, uint64_t ident,
    const struct mip_now *now, uint32_t fresh_nonce, uint64_t *reply_ident);

/*
 * mip_replay_commit records that request |ident| passed the MAC and the
 * replay check and is accepted: with timestamps it becomes the last
 * accepted Identification, with nonces the issued nonce is consumed (so
 * the same request is never accepted twice). Call it only after both
 * checks passed; an |ident| that is not newer than the last accepted one
 * is ignored.
 */
void mip_replay_commit(struct mip_sa *sa, uint64_t ident);

/*
 * mip_replay_issue records the Identification |reply_ident| of an
 * authenticated reply being sent to the peer of |sa| (accepted or 133).
 * With nonces its high half becomes the nonce the next request must carry
 * (RFC 5944 5.7.2: every reply carries a new nonce); with timestamps it
 * does nothing.
 */
void mip_replay_issue(struct mip_sa *sa, uint64_t reply_ident);

/* ---- requester side (mobile node) ---- */

/*
 * mip_replay_next_ident returns the Identification for a new request on
 * |sa| and records it as sent.
 *   timestamps: now->ntp with the learned clock offset added to the
 *   seconds; the top 16 fraction bits come from the clock and the bottom 16
 *   from |rand_low| (RFC 5944 5.7.1: bits a time source does not supply
 *   SHOULD be random); if that is not newer than the last Identification
 *   sent, the last one plus 1 (it MUST be greater than in any previous
 *   request);
 *   nonces: the last authenticated reply's high half (0 before the first
 *   reply), |rand_low| as the low half (RFC 5944 5.7.2).
 * A retransmission with nonces reuses the previous Identification
 * unchanged (RFC 5944 3.6.3) and must not call this.
 */
uint64_t mip_replay_next_ident(
    struct mip_sa *sa, const struct mip_now *now, uint32_t rand_low);

/*
 * mip_replay_reply_matches tells whether reply Identification |rep| answers
 * request |req|: the low halves must be equal (RFC 5944 5.7: otherwise the
 * mobile node silently discards the reply).
 */
bool mip_replay_reply_matches(uint64_t req, uint64_t rep);

/*
 * mip_replay_learn records an authenticated reply |rep| to our request
 * |req| on |sa| with reply code |code|:
 *   nonces: the high half becomes the high half of the next request;
 *   timestamps, code 133: the clock offset becomes the home agent's
 *   seconds minus ours (mip_replay_clock_offset) so the next request is
 *   within tolerance (RFC 5944 5.7.1).
 * Returns 0 or MIP_ERR_REPLAY when the low halves differ (nothing learned).
 */
int mip_replay_learn(struct mip_sa *sa, uint64_t req, uint64_t rep,
    uint8_t code, const struct mip_now *now);

/*
 * mip_replay_clock_offset returns the home agent's clock minus ours, in
 * seconds, from the high half of a 133 reply |rep| received at |now|
 * (32-bit serial distance, so it is right across the era wrap).
 */
int32_t mip_replay_clock_offset(uint64_t rep, const struct mip_now *now);

#endif
