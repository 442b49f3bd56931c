/* SPDX-License-Identifier: ISC */
/*
 * Tunnel encapsulations of Mobile IPv4 (RFC 5944 4.1): IP in IP
 * (RFC 2003), minimal encapsulation (RFC 2004) and GRE (RFC 2784 with the
 * Key and Sequence Number of RFC 2890), plus the Tunnel Data header of UDP
 * tunnelling (RFC 3519 3.3). Codecs over caller buffers only; which
 * encapsulation a binding may use is decided by the roles, not here.
 */
#ifndef MIP_ENCAP_H
#define MIP_ENCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_ip.h"

enum mip_encap {
	MIP_ENCAP_IPIP,	   /* RFC 2003, IP protocol 4 */
	MIP_ENCAP_MINIMAL, /* RFC 2004, IP protocol 55 */
	MIP_ENCAP_GRE,	   /* RFC 2784/2890, IP protocol 47 */
};

/*
 * The minimal forwarding header (RFC 2004 3). |orig_src| is present iff
 * |s|. |rsvd| holds the 7 reserved bits as received (sent as zero).
 * |payload| is a view of the octets after the header in the decoded
 * buffer; |checksum| is the value received and the encoder computes it.
 */
struct mip_minenc_hdr {
	uint8_t proto;
	bool s;
	uint8_t rsvd;
	uint16_t checksum;
	struct mip_ip4 orig_dst;
	struct mip_ip4 orig_src;
	const uint8_t *payload;
	size_t payload_len;
};

/*
 * mip_minenc_decode parses a minimal forwarding header at the start of
 * |buf| (the rest is the payload) and verifies its checksum (a wrong one
 * is accepted in a MIP_FUZZING build). Returns 0 or one of: MIP_ERR_SHORT,
 * MIP_ERR_CHECKSUM.
 */
int mip_minenc_decode(struct mip_minenc_hdr *dst, const uint8_t *buf,
    size_t len, struct mip_perr *perr);

/*
 * mip_minenc_encode writes the header |src| (8 or 12 octets, checksum
 * computed) followed by |src->payload|, which may already sit after the
 * header in |buf|. Returns the length written or one of: MIP_ERR_NOBUF,
 * MIP_ERR_INVAL (|rsvd| wider than 7 bits).
 */
mip_ssize mip_minenc_encode(
    uint8_t *buf, size_t cap, const struct mip_minenc_hdr *src);

/*
 * A GRE header (RFC 2784 2; RFC 2890 2). |flags| is the first 16-bit word
 * with version 0: MIP_GRE_F_C, _K and _S say which optional fields are
 * present, and bits 6-12 (ignored on receipt) are kept for exact
 * re-encoding. |checksum| and |rsvd1| exist iff C, |key| iff K, |seq| iff
 * S. |payload| is a view into the decoded buffer; |checksum| is the value
 * received and the encoder computes it.
 */
struct mip_gre_hdr {
	uint16_t flags;
	uint16_t proto; /* EtherType of the payload: 0x0800 for IPv4 */
	uint16_t checksum;
	uint16_t rsvd1;
	uint32_t key;
	uint32_t seq;
	const uint8_t *payload;
	size_t payload_len;
};

/* mip_gre_hdr_len returns the header length |h| encodes to (4 to 16). */
size_t mip_gre_hdr_len(const struct mip_gre_hdr *h);

/*
 * mip_gre_decode parses the GRE packet |buf|[0..len). RFC 2784 2.3: a
 * version other than 0, or any of the reserved bits 1, 4 and 5 set, is
 * MIP_ERR_MALFORMED (bits 2 and 3 are K and S, RFC 2890). When C is set
 * the checksum over the whole packet is verified (a wrong one is accepted
 * in a MIP_FUZZING build). Returns 0 or one of: MIP_ERR_SHORT,
 * MIP_ERR_MALFORMED, MIP_ERR_CHECKSUM.
 */
int mip_gre_decode(struct mip_gre_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr);

/*
 * mip_gre_encode writes the header |src| and |src->payload| (which may
 * already sit after the header in |buf|), with the checksum over both
 * when C is set. Returns the length written or one of: MIP_ERR_NOBUF,
 * MIP_ERR_INVAL (version or reserved bits 1, 4, 5 set in |flags|).
 */
mip_ssize mip_gre_encode(
    uint8_t *buf, size_t cap, const struct mip_gre_hdr *src);

/*
 * The Tunnel Data message header of UDP tunnelling (RFC 3519 3.3): Type 4,
 * Next Header (4, 47 or 55), Reserved (kept as received). |payload| is a
 * view of the tunnelled octets in the decoded buffer.
 */
struct mip_tunnel_data {
	uint8_t next_hdr;
	uint16_t rsvd;
	const uint8_t *payload;
	size_t payload_len;
};

/*
 * mip_tunnel_data_decode parses a Tunnel Data message (the UDP payload).
 * Returns 0 or one of: MIP_ERR_SHORT, MIP_ERR_MALFORMED (Type is not 4),
 * MIP_ERR_UNSUPPORTED (Next Header is not 4, 47 or 55).
 */
int mip_tunnel_data_decode(struct mip_tunnel_data *dst, const uint8_t *buf,
    size_t len, struct mip_perr *perr);

/*
 * mip_tunnel_data_encode writes the 4-octet header and |src->payload|
 * (which may already sit at |buf| + 4). Returns the length written or
 * MIP_ERR_NOBUF.
 */
mip_ssize mip_tunnel_data_encode(
    uint8_t *buf, size_t cap, const struct mip_tunnel_data *src);

/*
 * How to encapsulate. |src| is the encapsulator (tunnel entry), |dst| the
 * tunnel exit. |ttl|, |id| and |df| shape the outer header of IP in IP and
 * GRE; minimal encapsulation keeps the original header and ignores them.
 * |dec_ttl|: the encapsulator is forwarding the datagram, so the inner TTL
 * is decremented (RFC 2003 3.1; RFC 2004 3 leaves it to forwarding, which
 * this performs on the one header). |gre_flags| (MIP_GRE_F_C, _K, _S),
 * |gre_key| and |gre_seq| are used by GRE only.
 */
struct mip_encap_params {
	struct mip_ip4 src;
	struct mip_ip4 dst;
	uint8_t ttl;
	uint16_t id;
	bool df; /* RFC 2003 3.1: MAY set DF when the inner has none */
	bool dec_ttl;
	uint16_t gre_flags;
	uint32_t gre_key;
	uint32_t gre_seq;
};

/*
 * mip_encap_overhead returns the most octets |encap| adds to a datagram
 * with |params| (minimal: 12; IP in IP: 20; GRE: 24 to 36).
 */
size_t mip_encap_overhead(
    enum mip_encap encap, const struct mip_encap_params *params);

/*
 * mip_encap_packet encapsulates the IPv4 datagram |inner| (its Total Length
 * octets; link padding after them is dropped) with |encap| into |out|.
 * |inner| may overlap |out|, e.g. sit at |out| + mip_encap_overhead() to
 * encapsulate in place. The inner header is validated as by
 * mip_ip4_hdr_decode. Returns the outer packet length or one of:
 * MIP_ERR_SHORT, MIP_ERR_MALFORMED, MIP_ERR_CHECKSUM (bad inner header),
 * MIP_ERR_NOBUF, MIP_ERR_INVAL (bad |encap| or |gre_flags|),
 * MIP_ERR_LIMIT (result longer than 65535 octets, or |dec_ttl| with an
 * inner TTL of 0 or 1, which RFC 2003 3.1 says to discard),
 * MIP_ERR_UNSUPPORTED (minimal encapsulation of a fragment, RFC 2004 3).
 */
mip_ssize mip_encap_packet(uint8_t *out, size_t cap, enum mip_encap encap,
    const struct mip_encap_params *params, const uint8_t *inner,
    size_t inner_len);

/*
 * A decapsulated packet. |outer| views the received packet. |inner| and
 * |inner_len| are the inner datagram (its Total Length octets) and
 * |inner_hdr| its parsed header: for IP in IP and GRE they point into the
 * received packet, for minimal encapsulation into the caller's buffer,
 * where the original header was rebuilt. |gre| is valid for GRE and
 * |minenc| for minimal encapsulation; |has_key| and |key| repeat the GRE
 * Key (RFC 2890 2.1) for callers that match tunnels by key.
 */
struct mip_decap {
	enum mip_encap encap;
	struct mip_ip4_hdr outer;
	struct mip_ip4_hdr inner_hdr;
	const uint8_t *inner;
	size_t inner_len;
	struct mip_gre_hdr gre;
	struct mip_minenc_hdr minenc;
	bool has_key;
	uint32_t key;
};

/*
 * mip_decap_packet decapsulates the IPv4 packet |pkt|[0..len): protocol 4,
 * 55 or 47 (GRE carrying IPv4). Both headers are validated. For minimal
 * encapsulation the original datagram is rebuilt in |buf|[0..cap) (which
 * must not overlap |pkt|); other encapsulations leave |buf| untouched and
 * it may be NULL. |perr| offsets are into |pkt|. Returns 0 or one of:
 * MIP_ERR_SHORT, MIP_ERR_MALFORMED, MIP_ERR_CHECKSUM (either header, the
 * GRE packet or the minimal header), MIP_ERR_UNSUPPORTED (another
 * protocol, a GRE payload other than IPv4, or a fragment: reassemble
 * first), MIP_ERR_NOBUF (|buf| too small for the rebuilt datagram).
 */
int mip_decap_packet(struct mip_decap *dst, const uint8_t *pkt, size_t len,
    uint8_t *buf, size_t cap, struct mip_perr *perr);

/*
 * mip_encap_is_special tells whether |pkt|[0..len) is a special tunnel (RO
 * spec 3): IP in IP whose outer destination is also its inner one, a
 * mobile node's home address. Only the addresses are looked at;
 * mip_decap_packet validates the rest.
 */
bool mip_encap_is_special(const uint8_t *pkt, size_t len);

#endif
