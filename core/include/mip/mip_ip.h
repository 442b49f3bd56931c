/* SPDX-License-Identifier: ISC */
/*
 * IPv4, UDP and ICMP headers and the Internet checksum (RFC 791, RFC 768,
 * RFC 792, RFC 1071). Used by the encapsulation code, the simulator and the
 * pcap writers. Nothing here routes, fragments or reassembles: these are
 * codecs over caller buffers.
 */
#ifndef MIP_IP_H
#define MIP_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"

/*
 * Internet checksum, built to be incremental (RFC 1071 2). A running sum
 * is a uint32_t: start with 0, feed pieces with mip_csum_partial(), then
 * mip_csum_fold() gives the value to store in a checksum field. Every
 * piece but the last must have an even length (an odd piece is padded
 * with a zero octet at its end). A received header is intact when
 * mip_csum() over it, checksum field included, returns 0. Where the
 * computed checksum is 0000, a received ffff (the other one's complement
 * zero) verifies too; encoders always write 0000 there, so that is the
 * one case where re-encoding a valid header changes its bytes.
 */
uint32_t mip_csum_partial(const uint8_t *p, size_t len, uint32_t sum);

/* mip_csum_fold folds the carries of |sum| and returns its complement. */
uint16_t mip_csum_fold(uint32_t sum);

/* mip_csum returns the checksum of |p|[0..len): fold(partial(p, len, 0)). */
uint16_t mip_csum(const uint8_t *p, size_t len);

/*
 * mip_csum_bad says whether a folded verification sum |folded| (0 for an
 * intact message) must be refused. A wrong checksum is an error, except in
 * MIP_FUZZING builds, which let mutated inputs reach the parsers behind it.
 */
bool mip_csum_bad(uint16_t folded);

/*
 * mip_csum_pseudo adds the IPv4 pseudo-header (RFC 768: source,
 * destination, zero, protocol, length) to |sum| and returns the new sum.
 */
uint32_t mip_csum_pseudo(uint32_t sum, struct mip_ip4 src, struct mip_ip4 dst,
    uint8_t proto, uint16_t len);

/*
 * An IPv4 header (RFC 791 3.1). Version 4 is implied and the IHL is
 * 5 + |opt_len| / 4. |options| and |payload| point into the decoded buffer
 * and are valid only while it is. |checksum| is the value received; the
 * encoder ignores it and computes the right one.
 */
struct mip_ip4_hdr {
	uint8_t tos;
	uint16_t total_len;
	uint16_t id;
	bool rf; /* the reserved flag bit, kept so re-encoding is exact */
	bool df;
	bool mf;
	uint16_t frag_off; /* in 8-octet units, 13 bits */
	uint8_t ttl;
	uint8_t proto;
	uint16_t checksum;
	struct mip_ip4 src;
	struct mip_ip4 dst;
	const uint8_t *options;
	size_t opt_len; /* a multiple of 4, at most 40 */
	const uint8_t *payload;
	size_t payload_len; /* total_len - header length */
};

/* mip_ip4_hdr_len returns the header length |h| encodes to (20 to 60). */
size_t mip_ip4_hdr_len(const struct mip_ip4_hdr *h);

/*
 * mip_ip4_hdr_decode parses the IPv4 packet in |buf|. The header must have
 * version 4, IHL >= 5, IHL * 4 <= |len|, IHL * 4 <= Total Length <= |len|
 * (bytes after Total Length are link padding and are not part of the
 * payload) and a correct header checksum (accepted when wrong only in a
 * MIP_FUZZING build). Returns 0 or one of: MIP_ERR_SHORT, MIP_ERR_MALFORMED,
 * MIP_ERR_CHECKSUM.
 */
int mip_ip4_hdr_decode(struct mip_ip4_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr);

/*
 * mip_ip4_hdr_encode writes the header |src| (options included, checksum
 * computed) to |buf|; |src->payload| is not written. Returns the header
 * length or one of: MIP_ERR_NOBUF, MIP_ERR_INVAL (options longer than 40
 * or not a multiple of 4, Total Length shorter than the header, fragment
 * offset wider than 13 bits).
 */
mip_ssize mip_ip4_hdr_encode(
    uint8_t *buf, size_t cap, const struct mip_ip4_hdr *src);

/*
 * A UDP header (RFC 768). |payload| points into the decoded buffer.
 * |csum| says whether a checksum is (to be) carried: a zero Checksum field
 * means none. |len| and |checksum| are the values received; the encoder
 * derives both.
 */
struct mip_udp_hdr {
	uint16_t sport;
	uint16_t dport;
	uint16_t len;
	uint16_t checksum;
	bool csum;
	const uint8_t *payload;
	size_t payload_len;
};

/*
 * mip_udp_decode parses the UDP datagram in |buf|, the payload of an IPv4
 * packet from |src| to |dst|. The Length field must be 8..|len| (bytes
 * after it are ignored). RFC 5944 3.1: a nonzero checksum is verified (a
 * wrong one is accepted in a MIP_FUZZING build); zero means no checksum
 * and is accepted. Returns 0 or one of: MIP_ERR_SHORT, MIP_ERR_MALFORMED,
 * MIP_ERR_CHECKSUM.
 */
int mip_udp_decode(struct mip_udp_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_ip4 src, struct mip_ip4 dst_addr, struct mip_perr *perr);

/*
 * mip_udp_encode writes the header |src| and |src->payload| (which may
 * already sit at |buf| + 8) to |buf|, with the checksum over the
 * pseudo-header of |ip_src|, |ip_dst| when |src->csum|, else zero.
 * Returns the datagram length or one of: MIP_ERR_NOBUF, MIP_ERR_INVAL
 * (longer than 65535).
 */
mip_ssize mip_udp_encode(uint8_t *buf, size_t cap,
    const struct mip_udp_hdr *src, struct mip_ip4 ip_src,
    struct mip_ip4 ip_dst);

/*
 * An ICMP message (RFC 792): type, code, checksum and the rest as |body|,
 * a view into the decoded buffer. The checksum covers the whole message.
 */
struct mip_icmp_hdr {
	uint8_t type;
	uint8_t code;
	uint16_t checksum;
	const uint8_t *body;
	size_t body_len;
};

/*
 * mip_icmp_decode parses the ICMP message |buf|[0..len) and verifies its
 * checksum (a wrong one is accepted in a MIP_FUZZING build). Returns 0 or
 * one of: MIP_ERR_SHORT, MIP_ERR_CHECKSUM.
 */
int mip_icmp_decode(struct mip_icmp_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr);

/*
 * mip_icmp_encode writes type, code, checksum and |src->body| (which may
 * already sit at |buf| + 4). Returns the message length or MIP_ERR_NOBUF.
 */
mip_ssize mip_icmp_encode(
    uint8_t *buf, size_t cap, const struct mip_icmp_hdr *src);

/*
 * mip_icmp_csum_set computes the checksum of the ICMP message |msg| and
 * stores it in octets 2-3. Returns 0 or MIP_ERR_SHORT (|len| < 4).
 */
int mip_icmp_csum_set(uint8_t *msg, size_t len);

/*
 * mip_ip4_udp_build writes IPv4 + UDP + |payload| to |out|. From |ip| it
 * takes tos, id, df, ttl, src, dst and the options; the protocol, Total
 * Length and fragment fields are set here (an unfragmented datagram). The
 * UDP checksum is always computed. Returns the packet length or one of:
 * MIP_ERR_NOBUF, MIP_ERR_INVAL (bad options, longer than 65535).
 */
mip_ssize mip_ip4_udp_build(uint8_t *out, size_t cap,
    const struct mip_ip4_hdr *ip, uint16_t sport, uint16_t dport,
    const uint8_t *payload, size_t len);

/*
 * mip_ip4_icmp_build writes IPv4 + an ICMP message of |type|, |code| and
 * |body| (everything after the checksum) to |out|, as mip_ip4_udp_build
 * does. Returns the packet length or one of: MIP_ERR_NOBUF, MIP_ERR_INVAL.
 */
mip_ssize mip_ip4_icmp_build(uint8_t *out, size_t cap,
    const struct mip_ip4_hdr *ip, uint8_t type, uint8_t code,
    const uint8_t *body, size_t body_len);

#endif
