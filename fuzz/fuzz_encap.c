/* SPDX-License-Identifier: ISC */
/*
 * Decapsulation of arbitrary outer packets. When a packet decapsulates,
 * the inner datagram is encapsulated again the same way and must come
 * out of a second decapsulation byte for byte. The GRE, minimal and
 * Tunnel Data header codecs must re-encode what they decode.
 */
#include <stdint.h>
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_encap.h"
#include "mip/mip_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t buf[70000], buf2[70000], out[70000], inner[70000];

/* As in fuzz_ip.c: equal outside the checksum at |ck|, which must agree
 * up to 0000/ffff when the input's |valid|ated. */
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
fuzz_decap(const uint8_t *data, size_t size)
{
	struct mip_encap_params pr;
	struct mip_decap d, d2;
	size_t inner_len;
	mip_ssize n;

	if (mip_decap_packet(&d, data, size, buf, sizeof(buf), NULL) != 0)
		return;
	/* keep a copy: |d.inner| may point into |buf| */
	inner_len = d.inner_len;
	memcpy(inner, d.inner, inner_len);
	memset(&pr, 0, sizeof(pr));
	pr.src = d.outer.src;
	pr.dst = d.outer.dst;
	pr.ttl = d.outer.ttl;
	pr.id = d.outer.id;
	pr.df = d.outer.df;
	pr.gre_flags =
	    (uint16_t)(d.gre.flags & (MIP_GRE_F_C | MIP_GRE_F_K | MIP_GRE_F_S));
	pr.gre_key = d.gre.key;
	pr.gre_seq = d.gre.seq;
	n = mip_encap_packet(out, sizeof(out), d.encap, &pr, inner, inner_len);
	if (n <= 0 || (size_t)n > size)
		__builtin_trap();
	if (mip_decap_packet(&d2, out, (size_t)n, buf2, sizeof(buf2), NULL) !=
		0 ||
	    d2.encap != d.encap || d2.inner_len != inner_len ||
	    memcmp(d2.inner, inner, inner_len) != 0 ||
	    d2.has_key != d.has_key || d2.key != d.key ||
	    d2.outer.src.v != d.outer.src.v || d2.outer.dst.v != d.outer.dst.v)
		__builtin_trap();
}

static void
fuzz_gre(const uint8_t *data, size_t size)
{
	struct mip_gre_hdr g;
	mip_ssize n;

	if (mip_gre_decode(&g, data, size, NULL) != 0)
		return;
	n = mip_gre_encode(out, sizeof(out), &g);
	if (n != (mip_ssize)size)
		__builtin_trap();
	if ((g.flags & MIP_GRE_F_C) != 0)
		check_same(out, data, size, 4, mip_csum(data, size) == 0);
	else if (memcmp(out, data, size) != 0)
		__builtin_trap();
}

static void
fuzz_minenc(const uint8_t *data, size_t size)
{
	struct mip_minenc_hdr m;
	size_t hl;
	mip_ssize n;

	if (mip_minenc_decode(&m, data, size, NULL) != 0)
		return;
	hl = size - m.payload_len;
	n = mip_minenc_encode(out, sizeof(out), &m);
	if (n != (mip_ssize)size)
		__builtin_trap();
	check_same(out, data, size, 2, mip_csum(data, hl) == 0);
}

static void
fuzz_tunnel_data(const uint8_t *data, size_t size)
{
	struct mip_tunnel_data t;

	if (mip_tunnel_data_decode(&t, data, size, NULL) != 0)
		return;
	if (mip_tunnel_data_encode(out, sizeof(out), &t) != (mip_ssize)size ||
	    memcmp(out, data, size) != 0)
		__builtin_trap();
	fuzz_decap(t.payload, t.payload_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_decap(data, size);
	fuzz_gre(data, size);
	fuzz_minenc(data, size);
	fuzz_tunnel_data(data, size);
	/* the encapsulation headers behind a 20-octet outer header */
	if (size > 20) {
		fuzz_gre(data + 20, size - 20);
		fuzz_minenc(data + 20, size - 20);
	}
	return 0;
}
