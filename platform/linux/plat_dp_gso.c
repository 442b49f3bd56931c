/* SPDX-License-Identifier: ISC */
/*
 * User-space segmentation of what a TUN with IFF_VNET_HDR and TSO hands
 * over: a TCP super-packet of up to 64 KiB whose virtio_net_hdr gives the
 * segment size, cut here into segments as the NIC would have (RFC 9293
 * 3.1: each with its own sequence number and checksum; IP Identification
 * incremented per segment), so that each can be encapsulated on its own.
 * A packet whose transport checksum the kernel left partial
 * (VIRTIO_NET_HDR_F_NEEDS_CSUM) is completed in place.
 */
#include <endian.h>
#include <string.h>

#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "plat_dp_int.h"

#define IP_OFF_LEN 2
#define IP_OFF_ID 4
#define IP_OFF_FRAG 6
#define IP_OFF_CSUM 10
#define TCP_OFF_SEQ 4
#define TCP_OFF_FLAGS 13
#define TCP_OFF_CSUM 16
#define TCP_FIN 0x01U
#define TCP_PSH 0x08U
#define TCP_CWR 0x80U
#define UDP_OFF_CSUM 6
#define IP_MF_OFFSET 0x3fffU

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

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static struct mip_ip4
addr_at(const uint8_t *p)
{
	struct mip_ip4 a = { get32(p) };

	return a;
}

/* The IPv4 header of |pkt|: its length, or 0 if it is not one. */
static size_t
ip_hdr_len(const uint8_t *pkt, size_t len)
{
	size_t ihl;

	if (len < MIP_IP4_HDR_LEN || pkt[0] >> 4 != 4)
		return 0;
	ihl = (size_t)(pkt[0] & 0x0fU) * 4;
	if (ihl < MIP_IP4_HDR_LEN || ihl > len ||
	    get16(pkt + IP_OFF_LEN) < ihl || get16(pkt + IP_OFF_LEN) > len)
		return 0;
	return ihl;
}

/*
 * Completes a partial checksum: the kernel stored the pseudo-header sum
 * at |start| + |off|; the sum from |start| to the end, folded, is the
 * checksum.
 */
static int
csum_complete(uint8_t *pkt, size_t len, size_t start, size_t off)
{
	uint16_t c;

	if (len < MIP_IP4_HDR_LEN || start >= len || off > len - start ||
	    len - start - off < 2)
		return -1;
	c = mip_csum(pkt + start, len - start);
	/* RFC 768: a computed UDP checksum of zero is sent as all ones. */
	if (c == 0 && pkt[9] == IPPROTO_UDP && off == UDP_OFF_CSUM)
		c = 0xffff;
	put16(pkt + start + off, c);
	return 0;
}

int
dp_gso_init(
    struct dp_gso *g, const struct virtio_net_hdr *vh, uint8_t *pkt, size_t len)
{
	uint8_t type;
	size_t doff;

	memset(g, 0, sizeof(g[0]));
	g->pkt = pkt;
	g->len = len;
	if (vh == NULL)
		return 0;
	type = (uint8_t)(vh->gso_type & ~VIRTIO_NET_HDR_GSO_ECN);
	if (type == VIRTIO_NET_HDR_GSO_NONE) {
		if ((vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) == 0)
			return 0;
		return csum_complete(pkt, len, le16toh(vh->csum_start),
		    le16toh(vh->csum_offset));
	}
	if (type != VIRTIO_NET_HDR_GSO_TCPV4)
		return -1;
	if ((g->ihl = ip_hdr_len(pkt, len)) == 0 || pkt[9] != IPPROTO_TCP ||
	    (get16(pkt + IP_OFF_FRAG) & IP_MF_OFFSET) != 0)
		return -1;
	g->len = get16(pkt + IP_OFF_LEN);
	if (g->len - g->ihl < 20)
		return -1;
	doff = (size_t)(pkt[g->ihl + 12] >> 4) * 4;
	if (doff < 20 || doff > g->len - g->ihl)
		return -1;
	g->hl = g->ihl + doff;
	if ((g->mss = le16toh(vh->gso_size)) == 0)
		return -1;
	return 0;
}

/* Segment |g->seg| of the super-packet into |buf|. */
static ssize_t
tcp_segment(struct dp_gso *g, uint8_t *buf, size_t cap)
{
	const uint8_t *pkt = g->pkt;
	size_t left = g->len - g->hl - g->off;
	size_t plen = left < g->mss ? left : g->mss;
	size_t tlen = g->hl - g->ihl + plen;
	bool last = plen == left;
	uint8_t *tcp = buf + g->ihl;
	uint32_t sum;
	uint8_t fl;

	if (cap < g->hl + plen)
		return -1;
	memcpy(buf, pkt, g->hl);
	memcpy(buf + g->hl, pkt + g->hl + g->off, plen);
	put16(buf + IP_OFF_LEN, (uint16_t)(g->hl + plen));
	put16(buf + IP_OFF_ID, (uint16_t)(get16(pkt + IP_OFF_ID) + g->seg));
	put16(buf + IP_OFF_CSUM, 0);
	put16(buf + IP_OFF_CSUM, mip_csum(buf, g->ihl));
	put32(tcp + TCP_OFF_SEQ,
	    get32(pkt + g->ihl + TCP_OFF_SEQ) + (uint32_t)g->off);
	/* FIN and PSH belong to the last segment, CWR to the first (as the
	 * kernel's own tcp_gso_segment does). */
	fl = tcp[TCP_OFF_FLAGS];
	if (!last)
		fl = (uint8_t)(fl & ~(TCP_FIN | TCP_PSH));
	if (g->seg != 0)
		fl = (uint8_t)(fl & ~TCP_CWR);
	tcp[TCP_OFF_FLAGS] = fl;
	put16(tcp + TCP_OFF_CSUM, 0);
	sum = mip_csum_pseudo(0, addr_at(buf + 12), addr_at(buf + 16),
	    IPPROTO_TCP, (uint16_t)tlen);
	put16(tcp + TCP_OFF_CSUM,
	    mip_csum_fold(mip_csum_partial(tcp, tlen, sum)));
	g->off += plen;
	g->seg++;
	g->done = last;
	return (ssize_t)(g->hl + plen);
}

ssize_t
dp_gso_next(struct dp_gso *g, uint8_t *buf, size_t cap, const uint8_t **seg)
{
	if (g->done)
		return 0;
	if (g->mss == 0) {
		g->done = true;
		*seg = g->pkt;
		return (ssize_t)g->len;
	}
	*seg = buf;
	return tcp_segment(g, buf, cap);
}
