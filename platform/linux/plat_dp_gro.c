/* SPDX-License-Identifier: ISC */
/*
 * Receive coalescing on the decapsulation side (with offloads): each
 * write to the TUN costs a system call and a pass through the kernel's
 * stack, so consecutive in-order segments of one TCP flow out of one
 * recvmmsg batch are joined into one super-packet and written once with
 * a virtio_net_hdr (GSO TCPV4, the checksum left partial), as a NIC's
 * receive offload would. Anything else first flushes what is held, so
 * the order of packets never changes.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mip/mip_ip.h"
#include "plat_dp_int.h"

#define TCP_ACK 0x10U
#define TCP_PSH 0x08U
#define IP_DF 0x40U

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/*
 * The TCP header length of a segment that may be joined: IPv4 without
 * options or fragmentation, TCP with ACK (and maybe PSH) only, and
 * payload. 0 otherwise.
 */
static size_t
joinable(const uint8_t *p, size_t len)
{
	size_t doff;

	if (len < 40 || p[0] != 0x45 || p[9] != IPPROTO_TCP ||
	    (p[6] & ~IP_DF) != 0 || p[7] != 0)
		return 0;
	doff = (size_t)(p[32] >> 4) * 4;
	if (doff < 20 || 20 + doff >= len ||
	    (p[33] & ~(TCP_ACK | TCP_PSH)) != 0 || (p[33] & TCP_ACK) == 0)
		return 0;
	return doff;
}

/* Whether |p| continues the held flow: same addresses, ports, TOS, TTL,
 * acknowledgment, window and options, the next sequence number. */
static bool
continues(const struct dp_gro *g, const uint8_t *p, size_t doff, size_t plen)
{
	const uint8_t *h = g->buf;

	return doff == g->hl - 20 && g->len + plen <= DP_PKT_MAX &&
	    plen <= g->mss && !g->short_seg && h[1] == p[1] && h[8] == p[8] &&
	    h[6] == p[6] && memcmp(h + 12, p + 12, 12) == 0 &&
	    memcmp(h + 28, p + 28, 4) == 0 && memcmp(h + 34, p + 34, 2) == 0 &&
	    memcmp(h + 40, p + 40, doff - 20) == 0 &&
	    get32(p + 24) == g->next_seq;
}

void
dp_gro_flush(struct plat_dp *dp)
{
	struct dp_gro *g = &dp->gro;
	struct virtio_net_hdr vh = { 0 };
	struct iovec iov[2] = { { &vh, DP_VNET_LEN }, { g->buf, g->len } };
	struct mip_ip4 src, dst;
	uint16_t c;

	if (g->nseg == 0)
		return;
	if (g->nseg > 1) {
		put16(g->buf + 2, (uint16_t)g->len);
		put16(g->buf + 10, 0);
		put16(g->buf + 10, mip_csum(g->buf, 20));
		/* A partial checksum: the pseudo-header sum, uncomplemented,
		 * for the kernel to finish (or to trust on local delivery). */
		src.v = get32(g->buf + 12);
		dst.v = get32(g->buf + 16);
		c = (uint16_t)~mip_csum_fold(mip_csum_pseudo(
		    0, src, dst, IPPROTO_TCP, (uint16_t)(g->len - 20)));
		put16(g->buf + 36, c);
		vh.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		vh.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
		vh.gso_size = htole16((uint16_t)g->mss);
		vh.hdr_len = htole16((uint16_t)g->hl);
		vh.csum_start = htole16(20);
		vh.csum_offset = htole16(16);
	}
	if (writev(dp->tun_fd, iov, 2) < 0) {
		plat_log_limited(&dp->rl, PLAT_LOG_WARNING, "%s: write: %s",
		    dp->ifname, strerror(errno));
		dp->st.drops[PLAT_DP_DROP_IO] += g->nseg;
	} else {
		dp->st.tun_tx += g->nseg;
	}
	g->nseg = 0;
	g->len = 0;
}

bool
dp_gro_add(struct plat_dp *dp, const uint8_t *pkt, size_t len)
{
	struct dp_gro *g = &dp->gro;
	size_t doff = joinable(pkt, len), plen;

	if (doff == 0 || (size_t)((pkt[2] << 8) | pkt[3]) != len) {
		dp_gro_flush(dp);
		return false;
	}
	plen = len - 20 - doff;
	if (g->nseg > 0 && continues(g, pkt, doff, plen)) {
		memcpy(g->buf + g->len, pkt + 20 + doff, plen);
		g->len += plen;
		/* PSH is kept from the last segment joined. */
		g->buf[33] = pkt[33];
	} else {
		dp_gro_flush(dp);
		memcpy(g->buf, pkt, len);
		g->len = len;
		g->hl = 20 + doff;
		g->mss = plen;
	}
	g->nseg++;
	g->next_seq = get32(pkt + 24) + (uint32_t)plen;
	g->short_seg = plen < g->mss;
	if ((pkt[33] & TCP_PSH) != 0)
		dp_gro_flush(dp);
	return true;
}
