/* SPDX-License-Identifier: ISC */
/*
 * Internet checksum (RFC 1071), IPv4 (RFC 791), UDP (RFC 768) and ICMP
 * (RFC 792) codecs. Known-answer bytes were summed by hand from the RFC
 * layouts.
 */
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "mip/mip_buf.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

/* 192.0.2.1:434 -> 192.0.2.10:434, "ab"; TOS 0x10, DF, TTL 64. */
#define UDP_PKT                                                                \
	"4510001e 12344000 4011a47f c0000201 c000020a"                         \
	"01b201b2 000a1708 6162"

static const struct mip_ip4 A = { 0xc0000201U }; /* 192.0.2.1 */
static const struct mip_ip4 B = { 0xc000020aU }; /* 192.0.2.10 */

static void
test_csum_rfc1071(void **state)
{
	uint8_t b[16];
	size_t n = hex_decode("0001 f203 f4f5 f6f7", b, sizeof(b));
	uint32_t sum;

	(void)state;
	/* RFC 1071 3: the sum is 2ddf0, folded ddf2, complement 220d. */
	assert_int_equal(mip_csum(b, n), 0x220d);
	/* incremental: any split on an even boundary gives the same */
	sum = mip_csum_partial(b, 2, 0);
	sum = mip_csum_partial(b + 2, 4, sum);
	sum = mip_csum_partial(b + 6, 2, sum);
	assert_int_equal(mip_csum_fold(sum), 0x220d);
	/* an odd tail is padded with a zero octet */
	assert_int_equal(mip_csum(b, 3), (uint16_t) ~(0x0001 + 0xf200));
	/* empty input: sum 0, checksum ffff */
	assert_int_equal(mip_csum(b, 0), 0xffff);
	/* fold of a sum with a carry into the top */
	assert_int_equal(mip_csum_fold(0xffffffffU), 0x0000);
}

static void
test_ip4_known_header(void **state)
{
	/* A captured header (192.168.0.1 -> 192.168.0.199, UDP, DF),
	 * checksum b861 worked by hand; Total Length 115. */
	static uint8_t p[115];
	uint8_t out[64];
	struct mip_ip4_hdr h;

	(void)state;
	hex_decode(
	    "45000073 00004000 4011b861 c0a80001 c0a800c7", p, sizeof(p));
	assert_int_equal(mip_ip4_hdr_decode(&h, p, sizeof(p), NULL), 0);
	assert_int_equal(h.tos, 0);
	assert_int_equal(h.total_len, 115);
	assert_int_equal(h.id, 0);
	assert_true(h.df);
	assert_false(h.mf);
	assert_false(h.rf);
	assert_int_equal(h.frag_off, 0);
	assert_int_equal(h.ttl, 64);
	assert_int_equal(h.proto, MIP_IPPROTO_UDP);
	assert_int_equal(h.checksum, 0xb861);
	assert_int_equal(h.src.v, 0xc0a80001U);
	assert_int_equal(h.dst.v, 0xc0a800c7U);
	assert_int_equal(h.opt_len, 0);
	assert_ptr_equal(h.payload, p + 20);
	assert_int_equal(h.payload_len, 95);
	assert_int_equal(mip_ip4_hdr_len(&h), 20);
	assert_int_equal(mip_ip4_hdr_encode(out, sizeof(out), &h), 20);
	assert_memory_equal(out, p, 20);
	/* the checksum field is ignored by the encoder */
	h.checksum = 0;
	assert_int_equal(mip_ip4_hdr_encode(out, sizeof(out), &h), 20);
	assert_hex_equal(
	    out, 20, "45000073 00004000 4011b861 c0a80001 c0a800c7");
	assert_int_equal(mip_csum(out, 20), 0);
}

static void
test_ip4_options_roundtrip(void **state)
{
	static const uint8_t opts[8] = { 0x94, 0x04, 0x00, 0x00, 0x01, 0x01,
		0x01, 0x00 }; /* Router Alert, NOP NOP NOP EOL */
	uint8_t pl[3] = { 1, 2, 3 }, out[64];
	struct mip_ip4_hdr h, d;
	mip_ssize n;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.tos = 0xb8;
	h.id = 0xbeef;
	h.mf = true;
	h.rf = true;
	h.frag_off = 0x1abc;
	h.ttl = 1;
	h.proto = 99;
	h.src = A;
	h.dst = B;
	h.options = opts;
	h.opt_len = sizeof(opts);
	h.total_len = 28 + sizeof(pl);
	n = mip_ip4_hdr_encode(out, sizeof(out), &h);
	assert_int_equal(n, 28);
	assert_int_equal(out[0], 0x47);
	memcpy(out + 28, pl, sizeof(pl));
	assert_int_equal(mip_ip4_hdr_decode(&d, out, 31, NULL), 0);
	assert_int_equal(d.tos, h.tos);
	assert_int_equal(d.id, h.id);
	assert_true(d.mf && d.rf && !d.df);
	assert_int_equal(d.frag_off, 0x1abc);
	assert_int_equal(d.ttl, 1);
	assert_int_equal(d.proto, 99);
	assert_int_equal(d.opt_len, 8);
	assert_memory_equal(d.options, opts, 8);
	assert_int_equal(d.payload_len, 3);
	assert_memory_equal(d.payload, pl, 3);
	/* link padding after Total Length is not payload */
	out[31] = 0xee;
	out[32] = 0xee;
	assert_int_equal(mip_ip4_hdr_decode(&d, out, 33, NULL), 0);
	assert_int_equal(d.payload_len, 3);
}

static void
test_ip4_truncation(void **state)
{
	uint8_t p[64];
	size_t n = hex_decode(UDP_PKT, p, sizeof(p)), cut;
	struct mip_ip4_hdr h;

	(void)state;
	assert_int_equal(mip_ip4_hdr_decode(&h, p, n, NULL), 0);
	for (cut = 0; cut < n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		struct mip_perr pe = { 0, NULL };

		memcpy(copy, p, cut);
		assert_int_equal(
		    mip_ip4_hdr_decode(&h, copy, cut, &pe), MIP_ERR_SHORT);
		assert_non_null(pe.reason);
		assert_true(pe.off <= cut);
		free(copy);
	}
}

static void
test_ip4_bad(void **state)
{
	uint8_t p[64], q[64];
	size_t n = hex_decode(UDP_PKT, p, sizeof(p));
	struct mip_ip4_hdr h;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	/* version 6 */
	memcpy(q, p, n);
	q[0] = 0x65;
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 0);
	/* IHL 4 */
	q[0] = 0x44;
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, NULL), MIP_ERR_MALFORMED);
	/* IHL 15 on a 30-byte packet */
	q[0] = 0x4f;
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, NULL), MIP_ERR_SHORT);
	/* Total Length below the header: 19 */
	memcpy(q, p, n);
	q[2] = 0;
	q[3] = 19;
	mip_put_be16(q + 10, 0);
	mip_put_be16(q + 10, mip_csum(q, 20));
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 2);
	/* Total Length 20 is a header with no payload */
	q[3] = 20;
	mip_put_be16(q + 10, 0);
	mip_put_be16(q + 10, mip_csum(q, 20));
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, NULL), 0);
	assert_int_equal(h.payload_len, 0);
	/* Total Length past the buffer */
	q[3] = 31;
	mip_put_be16(q + 10, 0);
	mip_put_be16(q + 10, mip_csum(q, 20));
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, NULL), MIP_ERR_SHORT);
#ifndef MIP_FUZZING
	/* one flipped bit in the header */
	memcpy(q, p, n);
	q[8] ^= 0x01;
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, &pe), MIP_ERR_CHECKSUM);
	assert_int_equal(pe.off, 10);
	/* a payload change does not touch the header checksum */
	memcpy(q, p, n);
	q[29] ^= 0xff;
	assert_int_equal(mip_ip4_hdr_decode(&h, q, n, NULL), 0);
#endif
}

static void
test_ip4_encode_errors(void **state)
{
	uint8_t out[80], opts[44] = { 0 };
	struct mip_ip4_hdr h;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.total_len = 20;
	assert_int_equal(mip_ip4_hdr_encode(out, 19, &h), MIP_ERR_NOBUF);
	assert_int_equal(mip_ip4_hdr_encode(out, 20, &h), 20);
	h.options = opts;
	h.opt_len = 44;
	h.total_len = 64;
	assert_int_equal(
	    mip_ip4_hdr_encode(out, sizeof(out), &h), MIP_ERR_INVAL);
	h.opt_len = 6;
	assert_int_equal(
	    mip_ip4_hdr_encode(out, sizeof(out), &h), MIP_ERR_INVAL);
	h.opt_len = 40;
	assert_int_equal(mip_ip4_hdr_encode(out, sizeof(out), &h), 60);
	assert_int_equal(out[0], 0x4f);
	h.total_len = 59;
	assert_int_equal(
	    mip_ip4_hdr_encode(out, sizeof(out), &h), MIP_ERR_INVAL);
	h.total_len = 60;
	h.frag_off = 0x2000;
	assert_int_equal(
	    mip_ip4_hdr_encode(out, sizeof(out), &h), MIP_ERR_INVAL);
}

static void
test_udp(void **state)
{
	uint8_t p[64], q[64], out[64];
	size_t n = hex_decode("01b201b2 000a1708 6162", p, sizeof(p));
	struct mip_udp_hdr u;
	struct mip_perr pe = { 0, NULL };

	(void)state;
	assert_int_equal(mip_udp_decode(&u, p, n, A, B, NULL), 0);
	assert_int_equal(u.sport, MIP_UDP_PORT);
	assert_int_equal(u.dport, MIP_UDP_PORT);
	assert_int_equal(u.len, 10);
	assert_int_equal(u.checksum, 0x1708);
	assert_true(u.csum);
	assert_int_equal(u.payload_len, 2);
	assert_memory_equal(u.payload, "ab", 2);
	assert_int_equal(mip_udp_encode(out, sizeof(out), &u, A, B), 10);
	assert_memory_equal(out, p, n);
#ifndef MIP_FUZZING
	/* RFC 5944 3.1: a nonzero checksum MUST be checked */
	memcpy(q, p, n);
	q[9] ^= 0x01;
	assert_int_equal(mip_udp_decode(&u, q, n, A, B, &pe), MIP_ERR_CHECKSUM);
	assert_int_equal(pe.off, 6);
	/* the pseudo-header counts: another destination fails */
	assert_int_equal(
	    mip_udp_decode(&u, p, n, A, A, NULL), MIP_ERR_CHECKSUM);
#endif
	/* zero: no checksum, accepted whatever the data */
	memcpy(q, p, n);
	q[6] = q[7] = 0;
	q[9] ^= 0x01;
	assert_int_equal(mip_udp_decode(&u, q, n, A, A, NULL), 0);
	assert_false(u.csum);
	assert_int_equal(mip_udp_encode(out, sizeof(out), &u, A, B), 10);
	assert_memory_equal(out, q, n);
	/* Length below 8, above the buffer; trailing octets ignored */
	memcpy(q, p, n);
	q[5] = 7;
	assert_int_equal(
	    mip_udp_decode(&u, q, n, A, B, &pe), MIP_ERR_MALFORMED);
	assert_int_equal(pe.off, 4);
	q[5] = 11;
	assert_int_equal(mip_udp_decode(&u, q, n, A, B, NULL), MIP_ERR_SHORT);
	q[5] = 10;
	q[10] = 0x55;
	assert_int_equal(mip_udp_decode(&u, q, n + 1, A, B, NULL), 0);
	assert_int_equal(u.payload_len, 2);
	/* every truncation */
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, p, cut);
		assert_int_equal(
		    mip_udp_decode(&u, copy, cut, A, B, NULL), MIP_ERR_SHORT);
		free(copy);
	}
	/* encoder capacity */
	u.payload = (const uint8_t *)"ab";
	u.payload_len = 2;
	assert_int_equal(mip_udp_encode(out, 9, &u, A, B), MIP_ERR_NOBUF);
}

static void
test_udp_zero_sum_sent_as_ones(void **state)
{
	/* Payload 786a makes the one's complement sum ffff, so the
	 * computed checksum is 0, which RFC 768 sends as ffff. */
	static const uint8_t pl[2] = { 0x78, 0x6a };
	uint8_t out[16];
	struct mip_udp_hdr u;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.sport = u.dport = MIP_UDP_PORT;
	u.csum = true;
	u.payload = pl;
	u.payload_len = 2;
	assert_int_equal(mip_udp_encode(out, sizeof(out), &u, A, B), 10);
	assert_hex_equal(out, 10, "01b201b2 000affff 786a");
	assert_int_equal(mip_udp_decode(&u, out, 10, A, B, NULL), 0);
	assert_true(u.csum);
}

static void
test_icmp(void **state)
{
	uint8_t p[16], out[16];
	size_t n = hex_decode("0800969b 00010001 6162", p, sizeof(p));
	struct mip_icmp_hdr m;

	(void)state;
	assert_int_equal(mip_icmp_decode(&m, p, n, NULL), 0);
	assert_int_equal(m.type, MIP_ICMP_ECHO);
	assert_int_equal(m.code, 0);
	assert_int_equal(m.checksum, 0x969b);
	assert_int_equal(m.body_len, 6);
	assert_int_equal(mip_icmp_encode(out, sizeof(out), &m), 10);
	assert_memory_equal(out, p, n);
	assert_int_equal(mip_icmp_encode(out, 9, &m), MIP_ERR_NOBUF);
	/* set over a zeroed field */
	memcpy(out, p, n);
	out[2] = out[3] = 0;
	assert_int_equal(mip_icmp_csum_set(out, n), 0);
	assert_memory_equal(out, p, n);
	assert_int_equal(mip_icmp_csum_set(out, 3), MIP_ERR_SHORT);
	assert_int_equal(mip_icmp_decode(&m, p, 3, NULL), MIP_ERR_SHORT);
	/* a bare 4-octet message is valid */
	hex_decode("0a00f5ff", out, sizeof(out));
	assert_int_equal(mip_icmp_decode(&m, out, 4, NULL), 0);
	assert_int_equal(m.body_len, 0);
#ifndef MIP_FUZZING
	p[9] ^= 0x10;
	assert_int_equal(mip_icmp_decode(&m, p, n, NULL), MIP_ERR_CHECKSUM);
#endif
}

static void
test_builders(void **state)
{
	uint8_t out[64];
	struct mip_ip4_hdr ip, d;
	struct mip_udp_hdr u;
	mip_ssize n;

	(void)state;
	memset(&ip, 0, sizeof(ip));
	ip.tos = 0x10;
	ip.id = 0x1234;
	ip.df = true;
	ip.ttl = 64;
	ip.src = A;
	ip.dst = B;
	ip.mf = true; /* ignored: builders send whole datagrams */
	n = mip_ip4_udp_build(out, sizeof(out), &ip, MIP_UDP_PORT, MIP_UDP_PORT,
	    (const uint8_t *)"ab", 2);
	assert_int_equal(n, 30);
	assert_hex_equal(out, 30, UDP_PKT);
	assert_int_equal(mip_ip4_hdr_decode(&d, out, 30, NULL), 0);
	assert_int_equal(
	    mip_udp_decode(&u, d.payload, d.payload_len, d.src, d.dst, NULL),
	    0);
	assert_int_equal(
	    mip_ip4_udp_build(out, 29, &ip, 1, 2, (const uint8_t *)"ab", 2),
	    MIP_ERR_NOBUF);
	assert_int_equal(
	    mip_ip4_udp_build(out, 19, &ip, 1, 2, (const uint8_t *)"ab", 2),
	    MIP_ERR_NOBUF);
	/* echo request "ab" with id 1 seq 1: ICMP checksum 969b */
	n = mip_ip4_icmp_build(out, sizeof(out), &ip, MIP_ICMP_ECHO, 0,
	    (const uint8_t *)"\x00\x01\x00\x01"
			     "ab",
	    6);
	assert_int_equal(n, 30);
	assert_int_equal(mip_ip4_hdr_decode(&d, out, 30, NULL), 0);
	assert_int_equal(d.proto, MIP_IPPROTO_ICMP);
	assert_false(d.mf);
	assert_hex_equal(out + 20, 10, "0800969b 00010001 6162");
	assert_int_equal(
	    mip_ip4_icmp_build(out, 29, &ip, 8, 0, (const uint8_t *)"ab", 2),
	    26);
	assert_int_equal(
	    mip_ip4_icmp_build(out, 25, &ip, 8, 0, (const uint8_t *)"ab", 2),
	    MIP_ERR_NOBUF);
}

static void
test_builders_limits(void **state)
{
	static uint8_t big[65536], out[65600];
	struct mip_ip4_hdr ip;

	(void)state;
	memset(&ip, 0, sizeof(ip));
	ip.ttl = 1;
	/* 20 + 8 + 65507 = 65535 is the largest datagram */
	assert_int_equal(
	    mip_ip4_udp_build(out, sizeof(out), &ip, 1, 2, big, 65507), 65535);
	assert_int_equal(
	    mip_ip4_udp_build(out, sizeof(out), &ip, 1, 2, big, 65508),
	    MIP_ERR_INVAL);
	assert_int_equal(
	    mip_ip4_icmp_build(out, sizeof(out), &ip, 8, 0, big, 65511), 65535);
	assert_int_equal(
	    mip_ip4_icmp_build(out, sizeof(out), &ip, 8, 0, big, 65512),
	    MIP_ERR_INVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum_rfc1071),
		cmocka_unit_test(test_ip4_known_header),
		cmocka_unit_test(test_ip4_options_roundtrip),
		cmocka_unit_test(test_ip4_truncation),
		cmocka_unit_test(test_ip4_bad),
		cmocka_unit_test(test_ip4_encode_errors),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_udp_zero_sum_sent_as_ones),
		cmocka_unit_test(test_icmp),
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_builders_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
