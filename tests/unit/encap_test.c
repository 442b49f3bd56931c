/* SPDX-License-Identifier: ISC */
/*
 * Encapsulations: IP in IP (RFC 2003), minimal (RFC 2004), GRE (RFC 2784,
 * RFC 2890) and the RFC 3519 Tunnel Data header. Known-answer bytes were
 * laid out and summed by hand from the RFC figures.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_buf.h"
#include "mip/mip_encap.h"
#include "mip/mip_proto.h"

/* Inner: 192.0.2.1:434 -> 192.0.2.10:434 UDP "ab"; TOS 0x10, DF, TTL 64,
 * id 0x1234. */
#define INNER                                                                  \
	"4510001e 12344000 4011a47f c0000201 c000020a"                         \
	"01b201b2 000a1708 6162"

static const struct mip_ip4 HA = { 0xc6336401U };  /* 198.51.100.1 */
static const struct mip_ip4 COA = { 0xcb007105U }; /* 203.0.113.5 */
static const struct mip_ip4 MN = { 0xc0000201U };  /* 192.0.2.1 */

static size_t
inner_pkt(uint8_t *p, size_t cap)
{
	return hex_decode(INNER, p, cap);
}

static struct mip_encap_params
params(void)
{
	struct mip_encap_params pr;

	memset(&pr, 0, sizeof(pr));
	pr.src = HA;
	pr.dst = COA;
	pr.ttl = 64;
	pr.id = 1;
	return pr;
}

/* Decapsulates |pkt| and checks that the inner datagram is |in|. */
static void
check_decap(const uint8_t *pkt, size_t n, enum mip_encap encap,
    const uint8_t *in, size_t in_len)
{
	uint8_t buf[256];
	struct mip_decap d;

	assert_int_equal(
	    mip_decap_packet(&d, pkt, n, buf, sizeof(buf), NULL), 0);
	assert_int_equal(d.encap, encap);
	assert_int_equal(d.inner_len, in_len);
	assert_memory_equal(d.inner, in, in_len);
	assert_int_equal(d.inner_hdr.total_len, in_len);
}

/* Every proper prefix of an encapsulated packet is refused. */
static void
check_truncations(const uint8_t *pkt, size_t n)
{
	uint8_t buf[256];
	size_t cut;

	for (cut = 0; cut < n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		struct mip_decap d;
		struct mip_perr pe = { 0, NULL };

		memcpy(copy, pkt, cut);
		assert_int_equal(
		    mip_decap_packet(&d, copy, cut, buf, sizeof(buf), &pe),
		    MIP_ERR_SHORT);
		assert_non_null(pe.reason);
		free(copy);
	}
}

static void
test_ipip_known_answer(void **state)
{
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	struct mip_decap d;
	mip_ssize len;

	(void)state;
	len = mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n);
	assert_int_equal(len, 50);
	/* RFC 2003 3.1: v4, IHL 5, TOS 0x10 and DF copied, TTL 64 given,
	 * protocol 4 */
	assert_hex_equal(
	    out, 50, "45100032 00014000 4004d47c c6336401 cb007105" INNER);
	check_decap(out, 50, MIP_ENCAP_IPIP, in, n);
	assert_int_equal(mip_decap_packet(&d, out, 50, NULL, 0, NULL), 0);
	assert_ptr_equal(d.inner, out + 20);
	assert_int_equal(d.outer.src.v, HA.v);
	assert_int_equal(d.inner_hdr.src.v, MN.v);
	assert_false(d.has_key);
	check_truncations(out, 50);
	assert_int_equal(mip_encap_packet(out, 49, MIP_ENCAP_IPIP, &pr, in, n),
	    MIP_ERR_NOBUF);
}

static void
test_ipip_tos_df_ttl(void **state)
{
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	struct mip_decap d;

	(void)state;
	/* inner without DF: outer without DF unless asked (MAY) */
	in[6] = 0x00;
	in[1] = 0xb8;
	mip_put_be16(in + 10, 0);
	mip_put_be16(in + 10, mip_csum(in, 20));
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n), 50);
	assert_int_equal(mip_decap_packet(&d, out, 50, NULL, 0, NULL), 0);
	assert_false(d.outer.df);
	assert_int_equal(d.outer.tos, 0xb8);
	pr.df = true;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n), 50);
	assert_int_equal(mip_decap_packet(&d, out, 50, NULL, 0, NULL), 0);
	assert_true(d.outer.df);
	/* forwarding: the inner TTL drops by one, its checksum follows */
	pr.dec_ttl = true;
	pr.ttl = 255;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n), 50);
	assert_int_equal(mip_decap_packet(&d, out, 50, NULL, 0, NULL), 0);
	assert_int_equal(d.outer.ttl, 255);
	assert_int_equal(d.inner_hdr.ttl, 63);
	assert_int_equal(mip_csum(d.inner, 20), 0);
	assert_memory_equal(d.inner + 20, in + 20, n - 20);
	/* a TTL that would reach 0 is discarded */
	in[8] = 1;
	mip_put_be16(in + 10, 0);
	mip_put_be16(in + 10, mip_csum(in, 20));
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n),
	    MIP_ERR_LIMIT);
	pr.dec_ttl = false;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n), 50);
}

static void
test_minimal_s(void **state)
{
	uint8_t in[64], out[128], buf[64];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	struct mip_decap d;
	mip_ssize len;

	(void)state;
	/* RFC 2004 3: HA is not the source, so S and the source follow */
	len = mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL, &pr, in, n);
	assert_int_equal(len, 42);
	assert_hex_equal(out, 42,
	    "4510002a 12344000 4037c21e c6336401 cb007105"
	    "11806a73 c000020a c0000201"
	    "01b201b2 000a1708 6162");
	assert_int_equal(
	    mip_decap_packet(&d, out, 42, buf, sizeof(buf), NULL), 0);
	assert_int_equal(d.encap, MIP_ENCAP_MINIMAL);
	assert_true(d.minenc.s);
	assert_int_equal(d.minenc.proto, MIP_IPPROTO_UDP);
	assert_ptr_equal(d.inner, buf);
	assert_int_equal(d.inner_len, n);
	assert_memory_equal(buf, in, n);
	check_truncations(out, 42);
	/* the rebuilt datagram needs room */
	assert_int_equal(
	    mip_decap_packet(&d, out, 42, buf, 29, NULL), MIP_ERR_NOBUF);
	assert_int_equal(
	    mip_decap_packet(&d, out, 42, NULL, 0, NULL), MIP_ERR_NOBUF);
	assert_int_equal(
	    mip_encap_packet(out, 41, MIP_ENCAP_MINIMAL, &pr, in, n),
	    MIP_ERR_NOBUF);
}

static void
test_minimal_no_s(void **state)
{
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	mip_ssize len;

	(void)state;
	/* the mobile node encapsulating its own datagram: S clear */
	pr.src = MN;
	len = mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL, &pr, in, n);
	assert_int_equal(len, 38);
	assert_hex_equal(out, 38,
	    "45100026 12344000 40372a56 c0000201 cb007105"
	    "11002cf5 c000020a"
	    "01b201b2 000a1708 6162");
	check_decap(out, 38, MIP_ENCAP_MINIMAL, in, n);
	check_truncations(out, 38);
}

static void
test_minimal_options_ttl(void **state)
{
	/* inner with 4 octets of options (NOP NOP NOP EOL), proto 99 */
	static const uint8_t opts[4] = { 1, 1, 1, 0 };
	uint8_t in[64], out[128], buf[64];
	struct mip_ip4_hdr h;
	struct mip_encap_params pr = params();
	struct mip_decap d;
	mip_ssize n, len;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.ttl = 9;
	h.proto = 99;
	h.src = MN;
	h.dst = COA;
	h.options = opts;
	h.opt_len = 4;
	h.total_len = 27;
	n = mip_ip4_hdr_encode(in, sizeof(in), &h);
	assert_int_equal(n, 24);
	memcpy(in + 24, "xyz", 3);
	len =
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL, &pr, in, 27);
	assert_int_equal(len, 39);
	assert_int_equal(out[0], 0x46);
	assert_memory_equal(out + 20, opts, 4);
	assert_int_equal(out[24], 99);
	check_decap(out, 39, MIP_ENCAP_MINIMAL, in, 27);
	/* RFC 2004 3: TTL untouched unless forwarding */
	pr.dec_ttl = true;
	len =
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL, &pr, in, 27);
	assert_int_equal(len, 39);
	assert_int_equal(
	    mip_decap_packet(&d, out, 39, buf, sizeof(buf), NULL), 0);
	assert_int_equal(d.outer.ttl, 8);
	assert_int_equal(d.inner_hdr.ttl, 8);
	assert_memory_equal(d.inner + 24, "xyz", 3);
}

static void
test_minimal_refuses_fragments(void **state)
{
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();

	(void)state;
	/* RFC 2004 3: MUST NOT be used on fragments, first (MF) or later
	 * (offset) */
	in[6] = 0x20;
	mip_put_be16(in + 10, 0);
	mip_put_be16(in + 10, mip_csum(in, 20));
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL, &pr, in, n),
	    MIP_ERR_UNSUPPORTED);
	in[6] = 0x00;
	in[7] = 0x03;
	mip_put_be16(in + 10, 0);
	mip_put_be16(in + 10, mip_csum(in, 20));
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL, &pr, in, n),
	    MIP_ERR_UNSUPPORTED);
	/* IP in IP carries fragments */
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n), 50);
}

static void
test_minimal_header_codec(void **state)
{
	uint8_t b[32], out[32];
	size_t n = hex_decode("11806a73 c000020a c0000201 aabb", b, sizeof(b));
	struct mip_minenc_hdr m;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(mip_minenc_decode(&m, b, n, NULL), 0);
	assert_int_equal(m.payload_len, 2);
	assert_int_equal(m.orig_src.v, MN.v);
	assert_int_equal(mip_minenc_encode(out, sizeof(out), &m), 14);
	assert_memory_equal(out, b, n);
	assert_int_equal(mip_minenc_encode(out, 13, &m), MIP_ERR_NOBUF);
	m.rsvd = 0x80;
	assert_int_equal(
	    mip_minenc_encode(out, sizeof(out), &m), MIP_ERR_INVAL);
	/* reserved bits are kept (sent as zero, not checked) */
	hex_decode("11816a72", out, 4);
	memcpy(out + 4, b + 4, 8);
	assert_int_equal(mip_minenc_decode(&m, out, 12, NULL), 0);
	assert_int_equal(m.rsvd, 1);
	assert_int_equal(mip_minenc_encode(b, sizeof(b), &m), 12);
	assert_memory_equal(b, out, 12);
	/* S set but only 8 octets */
	assert_int_equal(mip_minenc_decode(&m, out, 8, &pe), MIP_ERR_SHORT);
#ifndef MIP_FUZZING
	out[11] ^= 1;
	assert_int_equal(mip_minenc_decode(&m, out, 12, &pe), MIP_ERR_CHECKSUM);
	assert_int_equal(pe.off, 2);
#endif
}

static void
test_gre_variants(void **state)
{
	static const uint16_t fl[] = { 0, MIP_GRE_F_C, MIP_GRE_F_K, MIP_GRE_F_S,
		MIP_GRE_F_C | MIP_GRE_F_K, MIP_GRE_F_K | MIP_GRE_F_S,
		MIP_GRE_F_C | MIP_GRE_F_K | MIP_GRE_F_S };
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in)), i;

	(void)state;
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		struct mip_encap_params pr = params();
		struct mip_decap d;
		size_t gl = 4 +
		    4 *
			(size_t)(((fl[i] & MIP_GRE_F_C) != 0) +
			    ((fl[i] & MIP_GRE_F_K) != 0) +
			    ((fl[i] & MIP_GRE_F_S) != 0));
		mip_ssize len;

		pr.gre_flags = fl[i];
		pr.gre_key = 0xdeadbeef;
		pr.gre_seq = 7;
		assert_int_equal(
		    mip_encap_overhead(MIP_ENCAP_GRE, &pr), 20 + gl);
		len = mip_encap_packet(
		    out, sizeof(out), MIP_ENCAP_GRE, &pr, in, n);
		assert_int_equal(len, 20 + gl + n);
		assert_int_equal(
		    mip_decap_packet(&d, out, (size_t)len, NULL, 0, NULL), 0);
		assert_int_equal(d.encap, MIP_ENCAP_GRE);
		assert_int_equal(d.outer.proto, MIP_IPPROTO_GRE);
		assert_int_equal(d.gre.flags, fl[i]);
		assert_int_equal(d.gre.proto, MIP_ETHERTYPE_IPV4);
		assert_int_equal(d.has_key, (fl[i] & MIP_GRE_F_K) != 0);
		if (d.has_key)
			assert_int_equal(d.key, 0xdeadbeef);
		if ((fl[i] & MIP_GRE_F_S) != 0)
			assert_int_equal(d.gre.seq, 7);
		assert_int_equal(d.inner_len, n);
		assert_memory_equal(d.inner, in, n);
		check_truncations(out, (size_t)len);
	}
}

static void
test_gre_known_answer(void **state)
{
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	struct mip_perr pe = { 0, NULL };
	struct mip_decap d;

	(void)state;
	pr.gre_flags = MIP_GRE_F_C | MIP_GRE_F_K;
	pr.gre_key = 42;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_GRE, &pr, in, n), 62);
	/* RFC 2784 2: C, version 0, 0x0800; checksum over GRE header and
	 * payload; RFC 2890 2.1: key */
	assert_hex_equal(out, 62,
	    "4510003e 00014000 402fd445 c6336401 cb007105"
	    "a0000800 dbfc0000 0000002a" INNER);
#ifndef MIP_FUZZING
	out[61] ^= 0x01;
	assert_int_equal(
	    mip_decap_packet(&d, out, 62, NULL, 0, &pe), MIP_ERR_CHECKSUM);
	assert_int_equal(pe.off, 24);
#endif
	(void)d;
	(void)pe;
}

static void
test_gre_header_rules(void **state)
{
	uint8_t b[32], out[32];
	size_t n = hex_decode("00000800 4500", b, sizeof(b));
	struct mip_gre_hdr g;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(mip_gre_decode(&g, b, n, NULL), 0);
	assert_int_equal(g.payload_len, 2);
	/* RFC 2784 2.3.1: version must be 0 */
	b[1] = 0x01;
	assert_int_equal(mip_gre_decode(&g, b, n, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 1);
	/* RFC 2784 2.3: bits 1, 4, 5 set -> discard */
	b[1] = 0x00;
	b[0] = 0x40;
	assert_int_equal(mip_gre_decode(&g, b, n, NULL), MIP_ERR_MALFORMED);
	b[0] = 0x08;
	assert_int_equal(mip_gre_decode(&g, b, n, NULL), MIP_ERR_MALFORMED);
	b[0] = 0x04;
	assert_int_equal(mip_gre_decode(&g, b, n, NULL), MIP_ERR_MALFORMED);
	/* bits 6-12 are ignored on receipt, and kept for re-encoding */
	b[0] = 0x03;
	b[1] = 0xf8;
	assert_int_equal(mip_gre_decode(&g, b, n, NULL), 0);
	assert_int_equal(mip_gre_encode(out, sizeof(out), &g), 6);
	assert_memory_equal(out, b, n);
	/* the encoder refuses what the decoder would */
	g.flags = 0x0001;
	assert_int_equal(mip_gre_encode(out, sizeof(out), &g), MIP_ERR_INVAL);
	g.flags = 0x4000;
	assert_int_equal(mip_gre_encode(out, sizeof(out), &g), MIP_ERR_INVAL);
	g.flags = 0;
	assert_int_equal(mip_gre_encode(out, 5, &g), MIP_ERR_NOBUF);
	/* K and S without room */
	n = hex_decode("30000800 00000001", b, sizeof(b));
	assert_int_equal(mip_gre_decode(&g, b, n, &pe), MIP_ERR_SHORT);
	assert_int_equal(pe.off, 8);
	/* Reserved1 is kept too; checksum then covers it */
	n = hex_decode("80000800 00000000", b, sizeof(b));
	mip_put_be16(b + 6, 0x1234);
	mip_put_be16(b + 4, mip_csum(b, n));
	assert_int_equal(mip_gre_decode(&g, b, n, NULL), 0);
	assert_int_equal(g.rsvd1, 0x1234);
	assert_int_equal(mip_gre_encode(out, sizeof(out), &g), 8);
	assert_memory_equal(out, b, 8);
}

static void
test_decap_errors(void **state)
{
	uint8_t in[64], out[128], q[128];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	struct mip_perr pe = { 0, NULL };
	struct mip_decap d;

	(void)state;
	/* not an encapsulation: the plain UDP datagram */
	assert_int_equal(
	    mip_decap_packet(&d, in, n, NULL, 0, &pe), MIP_ERR_UNSUPPORTED);
	assert_int_equal(pe.off, 9);
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n), 50);
	/* an outer fragment must be reassembled first */
	memcpy(q, out, 50);
	q[6] |= 0x20;
	mip_put_be16(q + 10, 0);
	mip_put_be16(q + 10, mip_csum(q, 20));
	assert_int_equal(
	    mip_decap_packet(&d, q, 50, NULL, 0, NULL), MIP_ERR_UNSUPPORTED);
	/* the inner header is validated; offsets are into the packet */
	memcpy(q, out, 50);
	q[20] = 0x65;
	assert_int_equal(
	    mip_decap_packet(&d, q, 50, NULL, 0, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 20);
#ifndef MIP_FUZZING
	memcpy(q, out, 50);
	q[28] ^= 0x01;
	assert_int_equal(
	    mip_decap_packet(&d, q, 50, NULL, 0, &pe), MIP_ERR_CHECKSUM);
	assert_int_equal(pe.off, 30);
	/* outer checksum */
	memcpy(q, out, 50);
	q[8] ^= 0x01;
	assert_int_equal(
	    mip_decap_packet(&d, q, 50, NULL, 0, &pe), MIP_ERR_CHECKSUM);
	assert_int_equal(pe.off, 10);
#endif
	/* an inner Total Length past the outer payload */
	memcpy(q, out, 50);
	q[23] = 0x1f;
	mip_put_be16(q + 30, 0);
	mip_put_be16(q + 30, mip_csum(q + 20, 20));
	assert_int_equal(
	    mip_decap_packet(&d, q, 50, NULL, 0, &pe), MIP_ERR_SHORT);
	/* link padding after the outer packet is ignored */
	memcpy(q, out, 50);
	q[50] = q[51] = 0;
	check_decap(q, 52, MIP_ENCAP_IPIP, in, n);
	/* GRE carrying something other than IPv4 */
	pr.gre_flags = 0;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_GRE, &pr, in, n), 54);
	out[22] = 0x86;
	out[23] = 0xdd;
	assert_int_equal(
	    mip_decap_packet(&d, out, 54, NULL, 0, &pe), MIP_ERR_UNSUPPORTED);
	assert_int_equal(pe.off, 22);
	/* GRE bad version inside a packet: offset into the packet */
	out[22] = 0x08;
	out[23] = 0x00;
	out[21] = 0x01;
	assert_int_equal(
	    mip_decap_packet(&d, out, 54, NULL, 0, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 21);
}

static void
test_encap_errors(void **state)
{
	static uint8_t big[65535], out[65600];
	uint8_t in[64];
	size_t n = inner_pkt(in, sizeof(in));
	struct mip_encap_params pr = params();
	struct mip_ip4_hdr h;

	(void)state;
	/* inner validated */
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, 19),
	    MIP_ERR_SHORT);
	in[0] = 0x4f;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, in, n),
	    MIP_ERR_SHORT);
	n = inner_pkt(in, sizeof(in));
	pr.gre_flags = 0x0001;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_GRE, &pr, in, n),
	    MIP_ERR_INVAL);
	pr.gre_flags = 0;
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), (enum mip_encap)7, &pr, in, n),
	    MIP_ERR_INVAL);
	/* a 65535-octet inner datagram fits no encapsulation */
	memset(&h, 0, sizeof(h));
	h.total_len = 65535;
	h.ttl = 2;
	assert_int_equal(mip_ip4_hdr_encode(big, sizeof(big), &h), 20);
	assert_int_equal(mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr,
			     big, sizeof(big)),
	    MIP_ERR_LIMIT);
	assert_int_equal(mip_encap_packet(out, sizeof(out), MIP_ENCAP_GRE, &pr,
			     big, sizeof(big)),
	    MIP_ERR_LIMIT);
	pr.src = h.src; /* S clear: 8 octets more is still too many */
	assert_int_equal(mip_encap_packet(out, sizeof(out), MIP_ENCAP_MINIMAL,
			     &pr, big, sizeof(big)),
	    MIP_ERR_LIMIT);
	/* 65515 + 20 = 65535 just fits */
	h.total_len = 65515;
	assert_int_equal(mip_ip4_hdr_encode(big, sizeof(big), &h), 20);
	assert_int_equal(
	    mip_encap_packet(out, sizeof(out), MIP_ENCAP_IPIP, &pr, big, 65515),
	    65535);
}

static void
test_encap_in_place(void **state)
{
	uint8_t in[64], out[128];
	size_t n = inner_pkt(in, sizeof(in));
	enum mip_encap e;

	(void)state;
	for (e = MIP_ENCAP_IPIP; e <= MIP_ENCAP_GRE; e++) {
		struct mip_encap_params pr = params();
		size_t room;
		mip_ssize len;

		pr.gre_flags = MIP_GRE_F_C | MIP_GRE_F_K | MIP_GRE_F_S;
		room = mip_encap_overhead(e, &pr);
		memset(out, 0xa5, sizeof(out));
		memcpy(out + room, in, n);
		len = mip_encap_packet(out, sizeof(out), e, &pr, out + room, n);
		assert_true(len > 0);
		check_decap(out, (size_t)len, e, in, n);
		/* and with the inner packet at the very start */
		memcpy(out, in, n);
		len = mip_encap_packet(out, sizeof(out), e, &pr, out, n);
		assert_true(len > 0);
		check_decap(out, (size_t)len, e, in, n);
	}
	assert_int_equal(mip_encap_overhead(MIP_ENCAP_IPIP, NULL), 20);
	assert_int_equal(mip_encap_overhead(MIP_ENCAP_MINIMAL, NULL), 12);
}

static void
test_tunnel_data(void **state)
{
	uint8_t b[32], out[32];
	size_t n = hex_decode("04040000 4500", b, sizeof(b));
	struct mip_tunnel_data t;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(mip_tunnel_data_decode(&t, b, n, NULL), 0);
	assert_int_equal(t.next_hdr, MIP_IPPROTO_IPIP);
	assert_int_equal(t.payload_len, 2);
	assert_ptr_equal(t.payload, b + 4);
	assert_int_equal(mip_tunnel_data_encode(out, sizeof(out), &t), 6);
	assert_memory_equal(out, b, n);
	assert_int_equal(mip_tunnel_data_encode(out, 5, &t), MIP_ERR_NOBUF);
	/* GRE and minimal next headers; reserved kept */
	b[1] = MIP_IPPROTO_GRE;
	b[3] = 0x01;
	assert_int_equal(mip_tunnel_data_decode(&t, b, n, NULL), 0);
	assert_int_equal(t.rsvd, 1);
	assert_int_equal(mip_tunnel_data_encode(out, sizeof(out), &t), 6);
	assert_memory_equal(out, b, n);
	b[1] = MIP_IPPROTO_MINENC;
	assert_int_equal(mip_tunnel_data_decode(&t, b, n, NULL), 0);
	b[1] = MIP_IPPROTO_UDP;
	assert_int_equal(
	    mip_tunnel_data_decode(&t, b, n, &pe), MIP_ERR_UNSUPPORTED);
	assert_int_equal(pe.off, 1);
	b[1] = MIP_IPPROTO_IPIP;
	b[0] = MIP_MSG_REG_REQ;
	assert_int_equal(
	    mip_tunnel_data_decode(&t, b, n, &pe), MIP_ERR_MALFORMED);
	b[0] = MIP_MSG_TUNNEL_DATA;
	assert_int_equal(mip_tunnel_data_decode(&t, b, 3, NULL), MIP_ERR_SHORT);
	assert_int_equal(mip_tunnel_data_decode(&t, b, 4, NULL), 0);
	assert_int_equal(t.payload_len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipip_known_answer),
		cmocka_unit_test(test_ipip_tos_df_ttl),
		cmocka_unit_test(test_minimal_s),
		cmocka_unit_test(test_minimal_no_s),
		cmocka_unit_test(test_minimal_options_ttl),
		cmocka_unit_test(test_minimal_refuses_fragments),
		cmocka_unit_test(test_minimal_header_codec),
		cmocka_unit_test(test_gre_variants),
		cmocka_unit_test(test_gre_known_answer),
		cmocka_unit_test(test_gre_header_rules),
		cmocka_unit_test(test_decap_errors),
		cmocka_unit_test(test_encap_errors),
		cmocka_unit_test(test_encap_in_place),
		cmocka_unit_test(test_tunnel_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
