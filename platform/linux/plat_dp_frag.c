/* SPDX-License-Identifier: ISC */
/*
 * Packets too big for the path once encapsulated (RFC 2003 5.1, RFC 4459
 * 3). The TUN's MTU leaves room for IP in IP only, and the path towards a
 * tunnel's end may be narrower than the one the MTU was derived from, so
 * an outer datagram may exceed the path MTU. Sent anyway it would fail
 * (EMSGSIZE: IP_HDRINCL packets are never fragmented by the kernel beyond
 * the interface MTU) and the sender would never learn why.
 *
 * With DF in the inner header the tunnel entry point acts as a router
 * whose next hop is the tunnel: it drops the datagram and tells the inner
 * source ICMP Destination Unreachable, "fragmentation needed and DF set"
 * (type 3 code 4), with the MTU left for the inner datagram as the
 * next-hop MTU (RFC 1191 4). The message is written into the TUN, so the
 * kernel delivers it or routes it on like any other packet.
 *
 * Without DF the outer datagram is fragmented here (RFC 2003 5.1: the
 * encapsulator may fragment it; the tunnel's exit reassembles before
 * decapsulating).
 */
#include <string.h>
#include <time.h>

#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "plat_dp_int.h"

#define IP_DF 0x40U
#define IP_MF 0x2000U
#define ICMP_UNREACH 3
#define ICMP_NEEDFRAG 4
/* RFC 1812 4.3.2.3: as much of the datagram as fits in 576 octets. */
#define ICMP_MAX 576U
#define ICMP_QUOTE (ICMP_MAX - MIP_IP4_HDR_LEN - 8U)
/* RFC 1812 4.3.2.8: ICMP errors are rate-limited; per data plane, a
 * burst of 20, then one every 10 ms. */
#define ICMP_BURST 20U
#define ICMP_EVERY_MS 10U

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static struct mip_ip4
addr_at(const uint8_t *p)
{
	struct mip_ip4 a = { (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3] };

	return a;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

/* Takes a token of the ICMP error bucket; false when it is empty. */
static bool
icmp_token(struct plat_dp *dp)
{
	uint64_t now = now_ms(), add;

	if (now - dp->icmp_last_ms >= ICMP_EVERY_MS) {
		add = (now - dp->icmp_last_ms) / ICMP_EVERY_MS;
		dp->icmp_tokens = add >= ICMP_BURST - dp->icmp_tokens
		    ? ICMP_BURST
		    : dp->icmp_tokens + (uint32_t)add;
		dp->icmp_last_ms = now;
	}
	if (dp->icmp_tokens == 0)
		return false;
	dp->icmp_tokens--;
	return true;
}

/*
 * RFC 1812 4.3.2.7: no ICMP error about an ICMP error, a fragment other
 * than the first, or a datagram whose source is not one host.
 */
static bool
may_answer(const uint8_t *ip, size_t len)
{
	size_t ihl = (size_t)(ip[0] & 0x0fU) * 4;
	uint32_t src = addr_at(ip + 12).v;
	uint8_t type;

	if ((get16(ip + 6) & 0x1fffU) != 0 || src == 0 || src >> 24 == 127 ||
	    src >= 0xe0000000U)
		return false;
	if (ip[9] != IPPROTO_ICMP)
		return true;
	if (ihl >= len)
		return false;
	type = ip[ihl];
	return type != 3 && type != 4 && type != 5 && type != 11 && type != 12;
}

static void
frag_needed(struct plat_dp *dp, const struct dp_tunnel *t, const uint8_t *inner,
    size_t ilen, uint32_t mtu)
{
	uint8_t body[4 + ICMP_QUOTE], pkt[ICMP_MAX];
	size_t quote = ilen < ICMP_QUOTE ? ilen : ICMP_QUOTE;
	struct mip_ip4_hdr h;
	mip_ssize n;

	if (!may_answer(inner, ilen) || !icmp_token(dp))
		return;
	/* RFC 1191 4: unused (zero), then the next-hop MTU. */
	memset(body, 0, 4);
	put16(body + 2, (uint16_t)mtu);
	memcpy(body + 4, inner, quote);
	memset(&h, 0, sizeof(h));
	h.ttl = DP_OUTER_TTL;
	h.src = t->t.local;
	h.dst = addr_at(inner + 12);
	n = mip_ip4_icmp_build(
	    pkt, sizeof(pkt), &h, ICMP_UNREACH, ICMP_NEEDFRAG, body, 4 + quote);
	if (n < 0)
		return;
	dp->st.frag_needed++;
	dp_tun_write(dp, pkt, (size_t)n);
}

/*
 * RFC 791 3.2: options without the copied flag belong to the first
 * fragment only; the header keeps its length with NOPs in their place.
 */
static void
options_for_later_fragments(uint8_t *ip, size_t ihl)
{
	size_t i = MIP_IP4_HDR_LEN, olen;

	while (i < ihl && ip[i] != 0) {
		if (ip[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= ihl || (olen = ip[i + 1]) < 2 || olen > ihl - i)
			return; /* malformed: passed on as the sender made it */
		if ((ip[i] & 0x80U) == 0)
			memset(ip + i, 1, olen);
		i += olen;
	}
}

/* RFC 791 3.2: the outer datagram in pieces of |t->pmtu| octets at most,
 * each payload but the last a multiple of 8 octets. */
static void
fragment(struct plat_dp *dp, struct dp_tunnel *t, const uint8_t *outer,
    size_t olen, size_t ilen)
{
	uint8_t *pkt = dp->frag_buf;
	size_t ihl = (size_t)(outer[0] & 0x0fU) * 4;
	size_t mtu = t->pmtu < ihl + 8 ? ihl + 8 : t->pmtu;
	size_t chunk = (mtu - ihl) & ~(size_t)7, off, n;

	/* |outer| may be the next free slot, which the fragments reuse. */
	memcpy(pkt, outer, olen);
	for (off = 0; off < olen - ihl; off += n) {
		uint8_t *slot = dp_txq_slot(dp);
		uint16_t fl;

		n = olen - ihl - off < chunk ? olen - ihl - off : chunk;
		memcpy(slot, pkt, ihl);
		memcpy(slot + ihl, pkt + ihl + off, n);
		put16(slot + 2, (uint16_t)(ihl + n));
		fl = (uint16_t)(off / 8);
		if (off + n < olen - ihl)
			fl |= IP_MF;
		put16(slot + 6, fl);
		put16(slot + 10, 0);
		put16(slot + 10, mip_csum(slot, ihl));
		dp_txq_commit(dp, t, ihl + n, off == 0 ? ilen : 0);
		if (off == 0)
			options_for_later_fragments(pkt, ihl);
	}
	dp->st.fragmented++;
}

void
dp_too_big(struct plat_dp *dp, struct dp_tunnel *t, const uint8_t *outer,
    size_t olen, const uint8_t *inner, size_t ilen)
{
	/* mip_encap_packet checked Total Length against |ilen| and left out
	 * any padding after it. */
	size_t tot = get16(inner + 2), overhead = olen - tot;

	if ((inner[6] & IP_DF) == 0) {
		fragment(dp, t, outer, olen, ilen);
		return;
	}
	dp_drop(dp, PLAT_DP_DROP_TOO_BIG, NULL);
	/* The MTU left for the inner datagram; never below RFC 791's 68. */
	frag_needed(dp, t, inner, tot,
	    t->pmtu > overhead + DP_MTU_MIN ? t->pmtu - (uint32_t)overhead
					    : DP_MTU_MIN);
}
