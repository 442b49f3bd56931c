/* SPDX-License-Identifier: ISC */
/*
 * The validation of captured frames (frame_key in
 * platform/linux/plat_sock_packet.c) over arbitrary bytes: what an
 * AF_PACKET capture socket reads from the IP header on, sent by anyone on
 * the link. frame_key is static, so the file is compiled into this one
 * as it is. A frame it takes is a whole, unfragmented IPv4 datagram, UDP
 * to our port or ICMP of type 3, 9 or 10, whose key repeats its header;
 * outside fuzzing builds its checksums verify. A frame taken without the
 * kernel vouching for the UDP checksum is taken with it too, under the
 * same key.
 */
#include "plat_sock_packet.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PORT 434

static void
check_key(const uint8_t *p, size_t len, const struct plat_sock_key *k)
{
	size_t ihl, total;

	if (len < MIP_IP4_HDR_LEN || p[0] >> 4 != 4)
		__builtin_trap();
	ihl = (size_t)(p[0] & 0x0fU) * 4;
	total = mip_get_be16(p + 2);
	if (ihl < MIP_IP4_HDR_LEN || total < ihl || total > len ||
	    (mip_get_be16(p + 6) & IP_FRAG_MASK) != 0 || p[9] != k->proto ||
	    k->src.v != mip_get_be32(p + 12) ||
	    k->dst.v != mip_get_be32(p + 16))
		__builtin_trap();
	switch (k->proto) {
	case MIP_IPPROTO_UDP:
		if (k->dport != PORT ||
		    k->len + MIP_UDP_HDR_LEN > total - ihl ||
		    k->sport != mip_get_be16(p + ihl))
			__builtin_trap();
		break;
	case MIP_IPPROTO_ICMP:
		if (k->len != total - ihl || k->ip_id != mip_get_be16(p + 4) ||
		    (p[ihl] != MIP_ICMP_UNREACH &&
			p[ihl] != MIP_ICMP_ROUTER_ADV &&
			p[ihl] != MIP_ICMP_ROUTER_SOL))
			__builtin_trap();
		break;
	default:
		__builtin_trap();
	}
#ifndef MIP_FUZZING
	if (mip_csum(p, ihl) != 0)
		__builtin_trap();
#endif
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plat_sock s;
	struct plat_sock_key plain, vouched;
	uint8_t *p;
	bool took;

	memset(&s, 0, sizeof(s));
	s.port = PORT;
	/* Exactly as long as the frame, so that reading past it shows. */
	if ((p = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	memcpy(p, data, size);
	took = frame_key(&s, p, size, false, &plain);
	if (took)
		check_key(p, size, &plain);
	/* Only the UDP checksum field may change, and only when vouched. */
	if (memcmp(p, data, size) != 0)
		__builtin_trap();
	if (frame_key(&s, p, size, true, &vouched)) {
		check_key(p, size, &vouched);
		if (took && !key_eq(&plain, &vouched))
			__builtin_trap();
	} else if (took) {
		__builtin_trap();
	}
	free(p);
	return 0;
}
