/* SPDX-License-Identifier: ISC */
/*
 * Internet checksum and the IPv4, UDP and ICMP header codecs. Pure
 * functions over caller buffers: no routing, no fragmentation, no state.
 * A bad checksum is accepted only in MIP_FUZZING builds, so that mutated
 * inputs reach the code behind it.
 */
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

#define IP4_F_RF 0x8000U
#define IP4_F_DF 0x4000U
#define IP4_F_MF 0x2000U
#define IP4_FRAG_MASK 0x1fffU
#define IP4_OPT_MAX (MIP_IP4_HDR_MAX - MIP_IP4_HDR_LEN)
#define IP4_LEN_MAX 65535U

bool
mip_csum_bad(uint16_t folded)
{
#ifdef MIP_FUZZING
	(void)folded;
	return false;
#else
	return folded != 0;
#endif
}

static uint32_t
fold32(uint64_t acc)
{
	while ((acc >> 32) != 0)
		acc = (acc & 0xffffffffU) + (acc >> 32);
	return (uint32_t)acc;
}

uint32_t
mip_csum_partial(const uint8_t *p, size_t len, uint32_t sum)
{
	uint64_t acc = sum;
	size_t i;

	/* RFC 1071 1: sum adjacent octets as 16-bit big-endian words. */
	for (i = 0; i + 1 < len; i += 2)
		acc += mip_get_be16(p + i);
	/* RFC 1071 1: an odd octet is padded with zero on the right. */
	if ((len & 1U) != 0)
		acc += (uint32_t)p[len - 1] << 8;
	return fold32(acc);
}

uint16_t
mip_csum_fold(uint32_t sum)
{
	while ((sum >> 16) != 0)
		sum = (sum & 0xffffU) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t
mip_csum(const uint8_t *p, size_t len)
{
	return mip_csum_fold(mip_csum_partial(p, len, 0));
}

uint32_t
mip_csum_pseudo(uint32_t sum, struct mip_ip4 src, struct mip_ip4 dst,
    uint8_t proto, uint16_t len)
{
	uint64_t acc = sum;

	/* RFC 768: source, destination, zero, protocol, UDP length. */
	acc += src.v >> 16;
	acc += src.v & 0xffffU;
	acc += dst.v >> 16;
	acc += dst.v & 0xffffU;
	acc += proto;
	acc += len;
	return fold32(acc);
}

size_t
mip_ip4_hdr_len(const struct mip_ip4_hdr *h)
{
	return MIP_IP4_HDR_LEN + h->opt_len;
}

int
mip_ip4_hdr_decode(struct mip_ip4_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint8_t vihl;
	uint16_t frag;
	size_t hl;

	mip_rbuf_init(&r, buf, len);
	if (mip_rbuf_u8(&r, &vihl) != 0)
		return mip_perr_fail(
		    perr, 0, "IPv4 header truncated", MIP_ERR_SHORT);
	/* RFC 791 3.1: Version 4; IHL counts 32-bit words, at least 5. */
	if ((vihl >> 4) != 4)
		return mip_perr_fail(
		    perr, 0, "IP version is not 4", MIP_ERR_MALFORMED);
	hl = (size_t)(vihl & 0x0fU) * 4;
	if (hl < MIP_IP4_HDR_LEN)
		return mip_perr_fail(perr, 0, "IHL below 5", MIP_ERR_MALFORMED);
	if (hl > len)
		return mip_perr_fail(
		    perr, len, "IPv4 header truncated", MIP_ERR_SHORT);
	if (mip_rbuf_u8(&r, &dst->tos) != 0 ||
	    mip_rbuf_be16(&r, &dst->total_len) != 0 ||
	    mip_rbuf_be16(&r, &dst->id) != 0 || mip_rbuf_be16(&r, &frag) != 0 ||
	    mip_rbuf_u8(&r, &dst->ttl) != 0 ||
	    mip_rbuf_u8(&r, &dst->proto) != 0 ||
	    mip_rbuf_be16(&r, &dst->checksum) != 0 ||
	    mip_rbuf_ip4(&r, &dst->src) != 0 ||
	    mip_rbuf_ip4(&r, &dst->dst) != 0)
		return mip_perr_fail(
		    perr, r.off, "IPv4 header truncated", MIP_ERR_SHORT);
	dst->rf = (frag & IP4_F_RF) != 0;
	dst->df = (frag & IP4_F_DF) != 0;
	dst->mf = (frag & IP4_F_MF) != 0;
	dst->frag_off = (uint16_t)(frag & IP4_FRAG_MASK);
	dst->opt_len = hl - MIP_IP4_HDR_LEN;
	if (mip_rbuf_bytes(&r, dst->opt_len, &dst->options) != 0)
		return mip_perr_fail(
		    perr, r.off, "IPv4 options truncated", MIP_ERR_SHORT);
	if (dst->total_len < hl)
		return mip_perr_fail(perr, 2,
		    "Total Length shorter than the header", MIP_ERR_MALFORMED);
	/* Octets past Total Length are link-layer padding, not payload. */
	if (dst->total_len > len)
		return mip_perr_fail(
		    perr, len, "IPv4 packet truncated", MIP_ERR_SHORT);
	/* RFC 791 3.1: the checksum covers the header only. */
	if (mip_csum_bad(mip_csum(buf, hl)))
		return mip_perr_fail(
		    perr, 10, "bad IPv4 header checksum", MIP_ERR_CHECKSUM);
	dst->payload_len = dst->total_len - hl;
	if (mip_rbuf_bytes(&r, dst->payload_len, &dst->payload) != 0)
		return mip_perr_fail(
		    perr, r.off, "IPv4 packet truncated", MIP_ERR_SHORT);
	return 0;
}

mip_ssize
mip_ip4_hdr_encode(uint8_t *buf, size_t cap, const struct mip_ip4_hdr *src)
{
	size_t hl = mip_ip4_hdr_len(src);
	struct mip_wbuf w;
	uint16_t frag;
	int rc;

	if (src->opt_len > IP4_OPT_MAX || (src->opt_len & 3U) != 0 ||
	    src->total_len < hl || src->frag_off > IP4_FRAG_MASK)
		return MIP_ERR_INVAL;
	if (cap < hl)
		return MIP_ERR_NOBUF;
	frag = (uint16_t)(src->frag_off | (src->rf ? IP4_F_RF : 0U) |
	    (src->df ? IP4_F_DF : 0U) | (src->mf ? IP4_F_MF : 0U));
	mip_wbuf_init(&w, buf, cap);
	if ((rc = mip_wbuf_u8(&w, (uint8_t)(0x40U | (hl / 4)))) != 0 ||
	    (rc = mip_wbuf_u8(&w, src->tos)) != 0 ||
	    (rc = mip_wbuf_be16(&w, src->total_len)) != 0 ||
	    (rc = mip_wbuf_be16(&w, src->id)) != 0 ||
	    (rc = mip_wbuf_be16(&w, frag)) != 0 ||
	    (rc = mip_wbuf_u8(&w, src->ttl)) != 0 ||
	    (rc = mip_wbuf_u8(&w, src->proto)) != 0 ||
	    (rc = mip_wbuf_be16(&w, 0)) != 0 ||
	    (rc = mip_wbuf_ip4(&w, src->src)) != 0 ||
	    (rc = mip_wbuf_ip4(&w, src->dst)) != 0 ||
	    (rc = mip_wbuf_bytes(&w, src->options, src->opt_len)) != 0)
		return rc;
	mip_put_be16(buf + 10, mip_csum(buf, hl));
	return (mip_ssize)hl;
}

int
mip_udp_decode(struct mip_udp_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_ip4 src, struct mip_ip4 dst_addr, struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint32_t sum;

	mip_rbuf_init(&r, buf, len);
	if (mip_rbuf_be16(&r, &dst->sport) != 0 ||
	    mip_rbuf_be16(&r, &dst->dport) != 0 ||
	    mip_rbuf_be16(&r, &dst->len) != 0 ||
	    mip_rbuf_be16(&r, &dst->checksum) != 0)
		return mip_perr_fail(
		    perr, r.off, "UDP header truncated", MIP_ERR_SHORT);
	/* RFC 768: Length counts the header and the data. */
	if (dst->len < MIP_UDP_HDR_LEN)
		return mip_perr_fail(
		    perr, 4, "UDP Length below 8", MIP_ERR_MALFORMED);
	if (dst->len > len)
		return mip_perr_fail(
		    perr, len, "UDP datagram truncated", MIP_ERR_SHORT);
	dst->payload_len = (size_t)dst->len - MIP_UDP_HDR_LEN;
	if (mip_rbuf_bytes(&r, dst->payload_len, &dst->payload) != 0)
		return mip_perr_fail(
		    perr, r.off, "UDP datagram truncated", MIP_ERR_SHORT);
	/* RFC 5944 3.1: a zero checksum (none, RFC 768) is accepted; a
	 * nonzero one MUST be checked. */
	dst->csum = dst->checksum != 0;
	if (!dst->csum)
		return 0;
	sum = mip_csum_pseudo(0, src, dst_addr, MIP_IPPROTO_UDP, dst->len);
	if (mip_csum_bad(mip_csum_fold(mip_csum_partial(buf, dst->len, sum))))
		return mip_perr_fail(
		    perr, 6, "bad UDP checksum", MIP_ERR_CHECKSUM);
	return 0;
}

/* Copies |n| payload octets to |to| unless they are there already. */
static void
place(uint8_t *to, const uint8_t *from, size_t n)
{
	if (n > 0 && to != from)
		memmove(to, from, n);
}

mip_ssize
mip_udp_encode(uint8_t *buf, size_t cap, const struct mip_udp_hdr *src,
    struct mip_ip4 ip_src, struct mip_ip4 ip_dst)
{
	size_t n = MIP_UDP_HDR_LEN + src->payload_len;
	uint16_t csum;
	uint32_t sum;

	if (src->payload_len > IP4_LEN_MAX - MIP_UDP_HDR_LEN)
		return MIP_ERR_INVAL;
	if (cap < n)
		return MIP_ERR_NOBUF;
	place(buf + MIP_UDP_HDR_LEN, src->payload, src->payload_len);
	mip_put_be16(buf, src->sport);
	mip_put_be16(buf + 2, src->dport);
	mip_put_be16(buf + 4, (uint16_t)n);
	mip_put_be16(buf + 6, 0);
	if (src->csum) {
		sum = mip_csum_pseudo(
		    0, ip_src, ip_dst, MIP_IPPROTO_UDP, (uint16_t)n);
		csum = mip_csum_fold(mip_csum_partial(buf, n, sum));
		/* RFC 768: a computed zero is sent as all ones. */
		mip_put_be16(buf + 6, csum == 0 ? 0xffffU : csum);
	}
	return (mip_ssize)n;
}

int
mip_icmp_decode(struct mip_icmp_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr)
{
	struct mip_rbuf r;

	mip_rbuf_init(&r, buf, len);
	if (mip_rbuf_u8(&r, &dst->type) != 0 ||
	    mip_rbuf_u8(&r, &dst->code) != 0 ||
	    mip_rbuf_be16(&r, &dst->checksum) != 0)
		return mip_perr_fail(
		    perr, r.off, "ICMP header truncated", MIP_ERR_SHORT);
	dst->body_len = mip_rbuf_left(&r);
	dst->body = mip_rbuf_cur(&r);
	/* RFC 792: the checksum covers the whole ICMP message. */
	if (mip_csum_bad(mip_csum(buf, len)))
		return mip_perr_fail(
		    perr, 2, "bad ICMP checksum", MIP_ERR_CHECKSUM);
	return 0;
}

mip_ssize
mip_icmp_encode(uint8_t *buf, size_t cap, const struct mip_icmp_hdr *src)
{
	size_t n = MIP_ICMP_HDR_LEN + src->body_len;

	if (src->body_len > cap || cap - src->body_len < MIP_ICMP_HDR_LEN)
		return MIP_ERR_NOBUF;
	place(buf + MIP_ICMP_HDR_LEN, src->body, src->body_len);
	buf[0] = src->type;
	buf[1] = src->code;
	(void)mip_icmp_csum_set(buf, n);
	return (mip_ssize)n;
}

int
mip_icmp_csum_set(uint8_t *msg, size_t len)
{
	if (len < MIP_ICMP_HDR_LEN)
		return MIP_ERR_SHORT;
	mip_put_be16(msg + 2, 0);
	mip_put_be16(msg + 2, mip_csum(msg, len));
	return 0;
}

/*
 * Writes the IPv4 header for an unfragmented datagram of |proto| carrying
 * |payload_len| octets, from the template |ip|. Returns the header length.
 */
static mip_ssize
build_ip4(uint8_t *out, size_t cap, const struct mip_ip4_hdr *ip, uint8_t proto,
    size_t payload_len)
{
	struct mip_ip4_hdr h = *ip;
	size_t hl = mip_ip4_hdr_len(ip);

	if (hl > IP4_LEN_MAX || payload_len > IP4_LEN_MAX - hl)
		return MIP_ERR_INVAL;
	h.proto = proto;
	h.total_len = (uint16_t)(hl + payload_len);
	h.mf = false;
	h.frag_off = 0;
	return mip_ip4_hdr_encode(out, cap, &h);
}

mip_ssize
mip_ip4_udp_build(uint8_t *out, size_t cap, const struct mip_ip4_hdr *ip,
    uint16_t sport, uint16_t dport, const uint8_t *payload, size_t len)
{
	struct mip_udp_hdr u;
	mip_ssize hl, ul;

	if (len > IP4_LEN_MAX - MIP_UDP_HDR_LEN)
		return MIP_ERR_INVAL;
	if ((hl = build_ip4(
		 out, cap, ip, MIP_IPPROTO_UDP, MIP_UDP_HDR_LEN + len)) < 0)
		return hl;
	memset(&u, 0, sizeof(u));
	u.sport = sport;
	u.dport = dport;
	u.csum = true;
	u.payload = payload;
	u.payload_len = len;
	if ((ul = mip_udp_encode(
		 out + hl, cap - (size_t)hl, &u, ip->src, ip->dst)) < 0)
		return ul;
	return hl + ul;
}

mip_ssize
mip_ip4_icmp_build(uint8_t *out, size_t cap, const struct mip_ip4_hdr *ip,
    uint8_t type, uint8_t code, const uint8_t *body, size_t body_len)
{
	struct mip_icmp_hdr m;
	mip_ssize hl, ml;

	if (body_len > IP4_LEN_MAX - MIP_ICMP_HDR_LEN)
		return MIP_ERR_INVAL;
	if ((hl = build_ip4(out, cap, ip, MIP_IPPROTO_ICMP,
		 MIP_ICMP_HDR_LEN + body_len)) < 0)
		return hl;
	m.type = type;
	m.code = code;
	m.checksum = 0;
	m.body = body;
	m.body_len = body_len;
	if ((ml = mip_icmp_encode(out + hl, cap - (size_t)hl, &m)) < 0)
		return ml;
	return hl + ml;
}
