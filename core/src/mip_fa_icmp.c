/* SPDX-License-Identifier: ISC */
/*
 * ICMP errors about the Registration Requests the foreign agent relayed
 * (RFC 5944 3.7.2; codes 80-88 of 3.4): an ICMP Destination Unreachable
 * quoting a relayed request ends the pending request it names with a
 * "home agent unreachable" reply to the mobile node, exactly as the
 * pending timeout does. Owns the tolerant parser of the quoted datagram
 * (a router quotes the IP header and at least 8 octets, RFC 792, or as
 * much as fits, RFC 1812 4.3.2.3: the quote is truncated, so its Total
 * Length exceeds what is present and mip_ip4_hdr_decode refuses it) and
 * the matching of a quote to pending entries. ICMP is unauthenticated: nothing but a pending request is ever
 * ended here; a visitor stays.
 */
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "mip/mip_replay.h"
#include "mip_fa.h"

/* RFC 792: Destination Unreachable codes (not in mip_proto.h). */
#define ICMP_UNREACH_NET 0
#define ICMP_UNREACH_HOST 1
#define ICMP_UNREACH_PORT 3
/* RFC 792: the unused word between the checksum and the quote. */
#define ICMP_UNREACH_UNUSED_LEN 4

/*
 * What a router quoted of a datagram. A parsed view over nothing: every
 * field is copied. The RRQ fields are known only as far as the quote
 * reaches into the UDP payload.
 */
struct quote {
	uint8_t proto;
	bool first_fragment;
	struct mip_ip4 src, dst;
	uint16_t sport, dport;
	bool has_type, has_home, has_ident;
	uint8_t type;		  /* the message type (1: a request) */
	struct mip_ip4 home_addr; /* RFC 5944 3.3, octets 4-7 */
	uint32_t ident_low;	  /* low 32 bits of the Identification */
};

/* The fixed part of a Registration Request in the quoted UDP payload (RFC
 * 5944 3.3): Type, then Home Address at 4, Identification at 16. */
static void
parse_rrq(struct quote *q, struct mip_rbuf *r)
{
	struct mip_rbuf s = *r;
	uint64_t ident;

	q->has_type = mip_rbuf_u8(&s, &q->type) == 0;
	q->has_home =
	    mip_rbuf_skip(&s, 3) == 0 && mip_rbuf_ip4(&s, &q->home_addr) == 0;
	q->has_ident = q->has_home && mip_rbuf_skip(&s, 8) == 0 &&
	    mip_rbuf_be64(&s, &ident) == 0;
	if (q->has_ident)
		q->ident_low = mip_ident_low(ident);
}

/*
 * Parses the quoted datagram |p|[0..len) into |q|: the IPv4 header (its
 * checksum is not checked: the quote only names the datagram) and, for
 * the first fragment of a UDP datagram, the UDP header and what is present
 * of the payload. Returns 0, MIP_ERR_SHORT (the header or the 8 octets
 * RFC 792 requires are cut) or MIP_ERR_MALFORMED (impossible fields).
 */
static int
parse_quote(struct quote *q, const uint8_t *p, size_t len)
{
	struct mip_rbuf r, payload;
	uint8_t vihl;
	uint16_t total_len, frag, udp_len, csum;
	size_t hlen, keep;

	memset(q, 0, sizeof(*q));
	mip_rbuf_init(&r, p, len);
	if (mip_rbuf_u8(&r, &vihl) != 0)
		return MIP_ERR_SHORT;
	hlen = (size_t)(vihl & 0x0f) * 4;
	if ((vihl >> 4) != 4 || hlen < MIP_IP4_HDR_LEN)
		return MIP_ERR_MALFORMED;
	if (mip_rbuf_skip(&r, 1) != 0 || mip_rbuf_be16(&r, &total_len) != 0 ||
	    mip_rbuf_skip(&r, 2) != 0 || mip_rbuf_be16(&r, &frag) != 0 ||
	    mip_rbuf_skip(&r, 1) != 0 || mip_rbuf_u8(&r, &q->proto) != 0 ||
	    mip_rbuf_be16(&r, &csum) != 0 || mip_rbuf_ip4(&r, &q->src) != 0 ||
	    mip_rbuf_ip4(&r, &q->dst) != 0 ||
	    mip_rbuf_skip(&r, hlen - MIP_IP4_HDR_LEN) != 0)
		return MIP_ERR_SHORT;
	if (total_len < hlen)
		return MIP_ERR_MALFORMED;
	/* RFC 791: only the first fragment carries the UDP header. */
	q->first_fragment = (frag & 0x1fffU) == 0;
	if (q->proto != MIP_IPPROTO_UDP || !q->first_fragment)
		return 0;
	if (total_len < hlen + MIP_UDP_HDR_LEN)
		return MIP_ERR_MALFORMED;
	if (mip_rbuf_be16(&r, &q->sport) != 0 ||
	    mip_rbuf_be16(&r, &q->dport) != 0 ||
	    mip_rbuf_be16(&r, &udp_len) != 0 || mip_rbuf_be16(&r, &csum) != 0)
		return MIP_ERR_SHORT;
	if (udp_len < MIP_UDP_HDR_LEN)
		return MIP_ERR_MALFORMED;
	/* Octets past the UDP Length are padding, not the request. */
	keep = mip_rbuf_left(&r);
	if (keep > (size_t)udp_len - MIP_UDP_HDR_LEN)
		keep = (size_t)udp_len - MIP_UDP_HDR_LEN;
	if (mip_rbuf_sub(&r, keep, &payload) != 0)
		return MIP_ERR_SHORT; /* cannot happen: keep <= left */
	parse_rrq(q, &payload);
	return 0;
}

/* RFC 5944 3.4: the code for the ICMP code received. */
static uint8_t
reply_code(uint8_t icmp_code)
{
	switch (icmp_code) {
	case ICMP_UNREACH_NET:
		return MIP_CODE_FA_HOME_NET_UNREACH;
	case ICMP_UNREACH_HOST:
		return MIP_CODE_FA_HA_HOST_UNREACH;
	case ICMP_UNREACH_PORT:
		return MIP_CODE_FA_HA_PORT_UNREACH;
	default:
		return MIP_CODE_FA_HA_UNREACH;
	}
}

/*
 * Whether |q| quotes the request pending in |e|: relayed by us from
 * port 434 at |e|'s relay source to its home agent, and when the quote
 * reaches that far, with its home address and low 32 bits of the
 * Identification (RFC 5944 3.7.3.1 matches replies the same way).
 */
static bool
quote_matches(const struct mip_fa_entry *e, const struct quote *q)
{
	if (e->state != MIP_FA_PENDING && e->state != MIP_FA_RENEWING)
		return false;
	if (!mip_ip4_eq(e->pend.relay_src, q->src) ||
	    !mip_ip4_eq(e->pend.ha_addr, q->dst) || q->sport != MIP_UDP_PORT)
		return false;
	if (q->has_type && q->type != MIP_MSG_REG_REQ)
		return false;
	if (q->has_home && !mip_ip4_eq(e->home_addr, q->home_addr))
		return false;
	return !q->has_ident || mip_ident_low(e->pend.ident) == q->ident_low;
}

/*
 * Ends every pending request |q| matches with |code|; returns how many.
 * A quote with the Identification matches at most one. A quote that stops
 * after the UDP header (RFC 792's 8 octets) names only the home agent and
 * our source address and port: every request pending from there to that
 * home agent is ended, as each would time out unanswered alike.
 */
static size_t
fail_matching(struct mip_fa *fa, const struct quote *q, uint8_t code,
    const struct mip_now *now)
{
	struct mip_fa_entry *e, *next;
	size_t i, n = 0;

	for (i = 0; i < fa->nbuckets; i++) {
		for (e = fa->buckets[i]; e != NULL; e = next) {
			next = e->next; /* |e| may be freed */
			if (!quote_matches(e, q))
				continue;
			mip_fa_pending_fail(e, code, now);
			n++;
		}
	}
	return n;
}

bool
mip_fa_on_icmp(
    struct mip_fa *fa, const struct mip_pkt_in *pkt, const struct mip_now *now)
{
	struct mip_icmp_hdr icmp;
	struct quote q;
	int rc;

	if (pkt->len < 1 || pkt->data[0] != MIP_ICMP_UNREACH)
		return false;
	/* 1. syntax: the ICMP message, then the quote after its unused
	 * word. No SA, MAC or replay check exists for ICMP. */
	rc = mip_icmp_decode(&icmp, pkt->data, pkt->len, NULL);
	if (rc == 0 && icmp.body_len < ICMP_UNREACH_UNUSED_LEN)
		rc = MIP_ERR_SHORT;
	if (rc == 0)
		rc = parse_quote(&q, icmp.body + ICMP_UNREACH_UNUSED_LEN,
		    icmp.body_len - ICMP_UNREACH_UNUSED_LEN);
	if (rc != 0) {
		mip_ctx_drop(fa->ctx, now, mip_fa_drop_reason(rc), MIP_ROLE_FA,
		    pkt->src);
		return true;
	}
	/* Not about a datagram to a home agent's port 434: not ours. */
	if (q.proto != MIP_IPPROTO_UDP || !q.first_fragment ||
	    q.dport != MIP_UDP_PORT)
		return false;
	/* 5-7. RFC 5944 3.7.2: the pending requests it names are
	 * answered with 80-88 and end. */
	if (fail_matching(fa, &q, reply_code(icmp.code), now) == 0)
		mip_ctx_drop(
		    fa->ctx, now, MIP_DROP_UNEXPECTED, MIP_ROLE_FA, pkt->src);
	return true;
}
