/* SPDX-License-Identifier: ISC */
/*
 * IPv4, UDP and ICMP decoders over arbitrary bytes. What decodes must
 * re-encode to the input (the checksum field may differ only when the
 * input's was wrong, which a MIP_FUZZING build accepts) and decode again
 * to the same view. The UDP builder must carry any payload intact.
 */
#include <stdint.h>
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[70000];

/*
 * |a| (re-encoded) and |b| (input) agree outside the 16-bit checksum at
 * |ck|. When the input's checksum |valid|ated, the fields agree too, up to
 * 0000 and ffff, the two one's complement zeros: a receiver accepts
 * either, an encoder writes 0000.
 */
static void
check_same(const uint8_t *a, const uint8_t *b, size_t n, size_t ck, int valid)
{
	uint16_t x = mip_get_be16(a + ck), y = mip_get_be16(b + ck);
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i] && i != ck && i != ck + 1)
			__builtin_trap();
	if (valid && x != y &&
	    !((x == 0 || x == 0xffff) && (y == 0 || y == 0xffff)))
		__builtin_trap();
}

static void
fuzz_ip4(const uint8_t *data, size_t size)
{
	struct mip_ip4_hdr h, h2;
	size_t hl;
	mip_ssize n;

	if (mip_ip4_hdr_decode(&h, data, size, NULL) != 0)
		return;
	hl = mip_ip4_hdr_len(&h);
	n = mip_ip4_hdr_encode(out, sizeof(out), &h);
	if (n != (mip_ssize)hl || mip_csum(out, hl) != 0)
		__builtin_trap();
	check_same(out, data, hl, 10, mip_csum(data, hl) == 0);
	memcpy(out + hl, h.payload, h.payload_len);
	if (mip_ip4_hdr_decode(&h2, out, h.total_len, NULL) != 0 ||
	    h2.total_len != h.total_len || h2.id != h.id || h2.tos != h.tos ||
	    h2.ttl != h.ttl || h2.proto != h.proto || h2.rf != h.rf ||
	    h2.df != h.df || h2.mf != h.mf || h2.frag_off != h.frag_off ||
	    h2.src.v != h.src.v || h2.dst.v != h.dst.v ||
	    h2.opt_len != h.opt_len ||
	    memcmp(h2.options, h.options, h.opt_len) != 0 ||
	    h2.payload_len != h.payload_len)
		__builtin_trap();
}

static void
fuzz_udp(const uint8_t *data, size_t size)
{
	struct mip_ip4 src = { 0xc0000201U }, dst = { 0xc000020aU };
	struct mip_udp_hdr u, u2;
	uint32_t sum;
	mip_ssize n;
	int exact;

	if (mip_udp_decode(&u, data, size, src, dst, NULL) != 0)
		return;
	n = mip_udp_encode(out, sizeof(out), &u, src, dst);
	if (n != (mip_ssize)u.len)
		__builtin_trap();
	sum = mip_csum_pseudo(0, src, dst, MIP_IPPROTO_UDP, u.len);
	exact =
	    !u.csum || mip_csum_fold(mip_csum_partial(data, u.len, sum)) == 0;
	check_same(out, data, u.len, 6, exact);
	if (mip_udp_decode(&u2, out, (size_t)n, src, dst, NULL) != 0 ||
	    u2.sport != u.sport || u2.dport != u.dport || u2.len != u.len ||
	    u2.csum != u.csum || u2.payload_len != u.payload_len ||
	    memcmp(u2.payload, u.payload, u.payload_len) != 0)
		__builtin_trap();
}

static void
fuzz_icmp(const uint8_t *data, size_t size)
{
	struct mip_icmp_hdr m, m2;
	mip_ssize n;

	if (mip_icmp_decode(&m, data, size, NULL) != 0)
		return;
	n = mip_icmp_encode(out, sizeof(out), &m);
	if (n != (mip_ssize)size)
		__builtin_trap();
	check_same(out, data, size, 2, mip_csum(data, size) == 0);
	if (mip_icmp_decode(&m2, out, size, NULL) != 0 || m2.type != m.type ||
	    m2.code != m.code || m2.body_len != m.body_len ||
	    mip_csum(out, size) != 0)
		__builtin_trap();
}

static void
fuzz_build(const uint8_t *data, size_t size)
{
	struct mip_ip4_hdr ip, h;
	struct mip_udp_hdr u;
	mip_ssize n;

	if (size < 12 || size > 1500)
		return;
	memset(&ip, 0, sizeof(ip));
	ip.src.v = mip_get_be32(data);
	ip.dst.v = mip_get_be32(data + 4);
	ip.tos = data[8];
	ip.ttl = data[9];
	ip.df = (data[10] & 1) != 0;
	n = mip_ip4_udp_build(
	    out, sizeof(out), &ip, 434, data[11], data + 12, size - 12);
	if (n != (mip_ssize)(28 + size - 12) ||
	    mip_ip4_hdr_decode(&h, out, (size_t)n, NULL) != 0 ||
	    mip_udp_decode(&u, h.payload, h.payload_len, h.src, h.dst, NULL) !=
		0 ||
	    !u.csum || u.payload_len != size - 12 ||
	    memcmp(u.payload, data + 12, size - 12) != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ip4(data, size);
	fuzz_udp(data, size);
	fuzz_icmp(data, size);
	/* a UDP or ICMP message inside the IPv4 packet */
	if (size > 20)
		fuzz_udp(data + 20, size - 20);
	fuzz_build(data, size);
	return 0;
}
