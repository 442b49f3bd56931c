/* SPDX-License-Identifier: ISC */
/*
 * The data plane's user-space segmentation and receive coalescing
 * (platform/linux/plat_dp_gso.c, plat_dp_gro.c), compiled in as they are.
 * The first octet picks the half:
 *
 * even: segmentation. Ten octets of virtio_net_hdr (none when bit 1 is
 *   set) and a packet read from the TUN. Every segment of a TCP
 *   super-packet must be a whole IPv4 datagram of the length it claims,
 *   within the buffer, with a correct header and TCP checksum, at most
 *   gso_size payload octets and the right sequence number, and together
 *   they carry the payload exactly once. A completed partial checksum
 *   must verify.
 *
 * odd: coalescing. Records, each an operation octet: 0 a packet (two
 *   length octets, then its bytes), 1 the next segment of the last packet
 *   (two octets of payload length, PSH when bit 2 of the operation is
 *   set), 2 the end of a receive batch (flush), 3 the last packet again.
 *   These are decapsulated datagrams, i.e. from the network. What the
 *   data plane writes to its TUN (here a datagram socket) must be, in
 *   order, exactly the packets it took: one as it came, or several joined
 *   into a super-packet that, cut again by the segmentation code, gives
 *   back each packet (identification and checksums aside). A packet it
 *   does not take comes after everything it held.
 */
#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mip/mip_ip.h"
#include "plat_dp_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HELD_MAX 128 /* packets taken and not yet seen on the TUN */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* Equal as one's complement numbers: 0000 and ffff are both zero. */
static bool
csum_eq(uint16_t a, uint16_t b)
{
	return a == b || (a == 0 && b == 0xffff) || (a == 0xffff && b == 0);
}

/* A TCP segment over IPv4 whose IP and TCP checksums are both right. */
static void
check_tcp_segment(const uint8_t *seg, size_t n)
{
	size_t ihl;
	uint32_t sum;
	struct mip_ip4 src, dst;

	if (n < 40 || seg[0] >> 4 != 4 || get16(seg + 2) != n)
		__builtin_trap();
	ihl = (size_t)(seg[0] & 0x0fU) * 4;
	if (ihl < 20 || ihl + 20 > n || mip_csum(seg, ihl) != 0)
		__builtin_trap();
	src.v = get32(seg + 12);
	dst.v = get32(seg + 16);
	sum = mip_csum_pseudo(0, src, dst, 6, (uint16_t)(n - ihl));
	if (mip_csum_fold(mip_csum_partial(seg + ihl, n - ihl, sum)) != 0)
		__builtin_trap();
}

/*
 * Segments |pkt| as the TUN path does, into |out| (segments back to back,
 * their lengths in |lens|) when given. Returns the number of segments, or
 * -1 when dp_gso_init refuses the packet.
 */
static long
segment(const struct virtio_net_hdr *vh, uint8_t *pkt, size_t len, uint8_t *out,
    size_t *lens, size_t max)
{
	static uint8_t buf[DP_PKT_MAX];
	struct dp_gso g;
	const uint8_t *seg;
	size_t payload = 0, total, hl;
	uint32_t seq0;
	ssize_t n;
	long nseg = 0;

	if (dp_gso_init(&g, vh, pkt, len) != 0)
		return -1;
	total = g.len;
	hl = g.hl;
	seq0 = g.mss != 0 ? get32(pkt + g.ihl + 4) : 0;
	while ((n = dp_gso_next(&g, buf, sizeof(buf), &seg)) != 0) {
		/* The buffer holds any IPv4 datagram. */
		if (n < 0)
			__builtin_trap();
		if (g.mss == 0) {
			if (seg != pkt || (size_t)n != len || nseg != 0)
				__builtin_trap();
		} else {
			check_tcp_segment(seg, (size_t)n);
			if ((size_t)n - hl > g.mss ||
			    ((size_t)n == hl && total != hl) ||
			    get32(seg + g.ihl + 4) != seq0 + (uint32_t)payload)
				__builtin_trap();
			payload += (size_t)n - hl;
		}
		if (out != NULL && (size_t)nseg < max) {
			memcpy(out, seg, (size_t)n);
			lens[nseg] = (size_t)n;
			out += n;
		}
		nseg++;
	}
	if (g.mss != 0 && payload != total - hl)
		__builtin_trap();
	return nseg;
}

static void
gso_one(const uint8_t *data, size_t size)
{
	struct virtio_net_hdr vh = { 0 };
	bool has_vh = (data[0] & 2) == 0;
	uint16_t start, off, field = 0;
	uint8_t *pkt;
	size_t len;

	data++;
	size--;
	if (has_vh) {
		if (size < DP_VNET_LEN)
			return;
		memcpy(&vh, data, DP_VNET_LEN);
		data += DP_VNET_LEN;
		size -= DP_VNET_LEN;
	}
	if (size > DP_PKT_MAX)
		return;
	len = size;
	/* Exactly as long as the packet, so that reading past it shows. */
	if ((pkt = malloc(len > 0 ? len : 1)) == NULL)
		return;
	memcpy(pkt, data, len);
	start = le16toh(vh.csum_start);
	off = le16toh(vh.csum_offset);
	if (has_vh && (size_t)start + off + 2 <= len)
		field = get16(pkt + start + off);
	if (segment(has_vh ? &vh : NULL, pkt, len, NULL, NULL, 0) >= 0 &&
	    has_vh &&
	    (vh.gso_type & ~VIRTIO_NET_HDR_GSO_ECN) ==
		VIRTIO_NET_HDR_GSO_NONE &&
	    (vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0 && off % 2 == 0) {
		/* The field held the pseudo-header sum; the region from
		 * csum_start now sums to it (RFC 1071). */
		if (!csum_eq(mip_csum(pkt + start, len - start), field))
			__builtin_trap();
	}
	free(pkt);
}

/* ---- coalescing ---- */

struct held {
	uint8_t *pkt;
	size_t len;
};

struct gro_world {
	struct plat_dp dp;
	int peer; /* the reading end of the "TUN" */
	struct held q[HELD_MAX];
	size_t nq;
	uint8_t last[DP_PKT_MAX];
	size_t last_len;
};

static uint8_t rx[DP_TUN_BUF + 1];
static uint8_t segs[DP_PKT_MAX * 2];
static size_t seg_lens[HELD_MAX + 1];

/*
 * Segment |s| (from the super-packet) and held packet |h| are the same
 * TCP segment: addresses, TOS, DF, TTL, the TCP header and the payload.
 * The urgent pointer is not compared: without URG, which no joined
 * segment has, it means nothing (RFC 9293 3.1) and is not kept.
 */
static void
check_same(const uint8_t *s, size_t slen, const struct held *h)
{
	if (slen != h->len || memcmp(s, h->pkt, 2) != 0 ||
	    memcmp(s + 6, h->pkt + 6, 4) != 0 ||
	    memcmp(s + 12, h->pkt + 12, 24) != 0 ||
	    memcmp(s + 40, h->pkt + 40, slen - 40) != 0)
		__builtin_trap();
}

static void
pop_held(struct gro_world *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(w->q[i].pkt);
	memmove(w->q, w->q + n, (w->nq - n) * sizeof(w->q[0]));
	w->nq -= n;
}

/* Reads what was written to the TUN and matches it with what was held. */
static void
drain(struct gro_world *w)
{
	struct virtio_net_hdr vh;
	ssize_t n;
	long nseg, i;
	uint8_t *s;

	while ((n = recv(w->peer, rx, sizeof(rx), MSG_DONTWAIT)) >= 0) {
		if ((size_t)n < DP_VNET_LEN || (size_t)n > DP_TUN_BUF ||
		    w->nq == 0)
			__builtin_trap();
		memcpy(&vh, rx, DP_VNET_LEN);
		if (vh.gso_type == VIRTIO_NET_HDR_GSO_NONE) {
			if ((size_t)n - DP_VNET_LEN != w->q[0].len ||
			    memcmp(rx + DP_VNET_LEN, w->q[0].pkt,
				w->q[0].len) != 0)
				__builtin_trap();
			pop_held(w, 1);
			continue;
		}
		nseg = segment(&vh, rx + DP_VNET_LEN, (size_t)n - DP_VNET_LEN,
		    segs, seg_lens, HELD_MAX + 1);
		if (nseg < 2 || (size_t)nseg > w->nq)
			__builtin_trap();
		for (i = 0, s = segs; i < nseg; s += seg_lens[i], i++)
			check_same(s, seg_lens[i], &w->q[i]);
		pop_held(w, (size_t)nseg);
	}
	if (w->dp.st.drops[PLAT_DP_DROP_IO] != 0)
		__builtin_trap();
}

static void
gro_add(struct gro_world *w, const uint8_t *src, size_t len)
{
	uint8_t *pkt;
	bool taken;

	if ((pkt = malloc(len > 0 ? len : 1)) == NULL)
		return;
	memcpy(pkt, src, len);
	if (src != w->last) {
		memcpy(w->last, pkt, len);
		w->last_len = len;
	}
	if (w->nq == HELD_MAX) {
		dp_gro_flush(&w->dp);
		drain(w);
	}
	taken = dp_gro_add(&w->dp, pkt, len);
	if (taken) {
		w->q[w->nq].pkt = pkt;
		w->q[w->nq++].len = len;
	}
	drain(w);
	/* One not taken comes after everything held before it. */
	if (!taken) {
		if (w->nq != 0 || w->dp.gro.nseg != 0)
			__builtin_trap();
		free(pkt);
	}
}

/* The segment after the last packet: |plen| payload octets, its
 * sequence number advanced past the last payload. */
static void
gro_next(struct gro_world *w, size_t plen, bool psh)
{
	size_t hl, len;

	if (w->last_len < 40)
		return;
	hl = 20 + (size_t)(w->last[32] >> 4) * 4;
	if (hl > w->last_len || hl + plen > DP_PKT_MAX)
		return;
	put32(w->last + 24, get32(w->last + 24) + (uint32_t)(w->last_len - hl));
	len = hl + plen;
	memset(w->last + hl, (int)(plen & 0xff), plen);
	put16(w->last + 2, (uint16_t)len);
	w->last[33] = (uint8_t)(psh ? w->last[33] | 0x08 : w->last[33] & ~0x08);
	w->last_len = len;
	gro_add(w, w->last, len);
}

static void
gro_run(const uint8_t *data, size_t size)
{
	static struct gro_world w;
	int sv[2];
	int sndbuf = 4 * DP_TUN_BUF;
	size_t len;
	uint8_t op;

	memset(&w, 0, sizeof(w));
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) != 0)
		return;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	w.dp.tun_fd = sv[0];
	w.peer = sv[1];
	w.dp.offload = true;
	strcpy(w.dp.ifname, "fuzz0");
	if ((w.dp.gro.buf = malloc(DP_PKT_MAX)) == NULL)
		goto out;
	data++;
	size--;
	while (size > 0) {
		op = data[0];
		data++;
		size--;
		switch (op & 3) {
		case 0:
			if (size < 2)
				goto done;
			len = get16(data);
			data += 2;
			size -= 2;
			if (len > size)
				len = size;
			gro_add(&w, data, len);
			data += len;
			size -= len;
			break;
		case 1:
			if (size < 2)
				goto done;
			gro_next(&w, get16(data) & 0x7ffU, (op & 4) != 0);
			data += 2;
			size -= 2;
			break;
		case 2:
			dp_gro_flush(&w.dp);
			drain(&w);
			if (w.nq != 0)
				__builtin_trap();
			break;
		default:
			gro_add(&w, w.last, w.last_len);
			break;
		}
	}
done:
	dp_gro_flush(&w.dp);
	drain(&w);
	if (w.nq != 0)
		__builtin_trap();
out:
	free(w.dp.gro.buf);
	close(sv[0]);
	close(sv[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if ((data[0] & 1) == 0)
		gso_one(data, size);
	else
		gro_run(data, size);
	return 0;
}
