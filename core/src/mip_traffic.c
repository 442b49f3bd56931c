/* SPDX-License-Identifier: ISC */
/*
 * The host's side of traffic reports that every host shares (mip_node.h
 * struct mip_traffic): building a report from a decapsulated packet, its
 * rate-limit key, the special-tunnel test of RO spec 3, and the mapping
 * between the node's and the codec's names of the encapsulations.
 */
#include <string.h>

#include "mip/mip_node.h"
#include "mip/mip_proto.h"

void
mip_traffic_decap(struct mip_traffic *tr, enum mip_traffic_kind kind,
    const struct mip_decap *d)
{
	memset(tr, 0, sizeof(*tr));
	tr->kind = kind;
	tr->src = d->inner_hdr.src;
	tr->dst = d->inner_hdr.dst;
	tr->outer_src = d->outer.src;
	tr->outer_dst = d->outer.dst;
	tr->encap = mip_encap_kind_of(d->encap);
}

/*
 * mip_node.h "Rate limit": TUNNELLED per (tunnel_id, src), so that a home
 * agent hears of every correspondent sending into one tunnel; UNMATCHED
 * per (outer_src, src, dst); SPECIAL per (tunnel_id, outer_src).
 */
uint64_t
mip_traffic_key(const struct mip_traffic *tr, uint32_t key[4])
{
	uint64_t h = 0;
	size_t i;

	key[0] = (uint32_t)tr->kind;
	key[1] = key[2] = key[3] = 0;
	switch (tr->kind) {
	case MIP_TRAFFIC_TUNNELLED:
		key[1] = tr->tunnel_id;
		key[2] = tr->src.v;
		break;
	case MIP_TRAFFIC_UNMATCHED:
		key[1] = tr->outer_src.v;
		key[2] = tr->src.v;
		key[3] = tr->dst.v;
		break;
	case MIP_TRAFFIC_SPECIAL:
		key[1] = tr->tunnel_id;
		key[2] = tr->outer_src.v;
		break;
	}
	for (i = 0; i < 4; i++)
		h = (h ^ key[i]) * 0x9e3779b97f4a7c15ULL; /* golden ratio */
	return h;
}

/* RO spec 3: IP in IP whose outer destination (octets 16-19 of the outer
 * header) equals the inner header's. */
bool
mip_encap_is_special(const uint8_t *pkt, size_t len)
{
	size_t hlen;

	if (len < MIP_IP4_HDR_LEN || pkt[9] != MIP_IPPROTO_IPIP)
		return false;
	hlen = (size_t)(pkt[0] & 0x0fU) * 4;
	return hlen >= MIP_IP4_HDR_LEN && len >= hlen + MIP_IP4_HDR_LEN &&
	    memcmp(pkt + 16, pkt + hlen + 16, 4) == 0;
}

enum mip_encap
mip_encap_of(enum mip_encap_kind k)
{
	switch (k) {
	case MIP_TUN_MINIMAL:
		return MIP_ENCAP_MINIMAL;
	case MIP_TUN_GRE:
		return MIP_ENCAP_GRE;
	case MIP_TUN_IPIP:
		break;
	}
	return MIP_ENCAP_IPIP;
}

enum mip_encap_kind
mip_encap_kind_of(enum mip_encap e)
{
	switch (e) {
	case MIP_ENCAP_MINIMAL:
		return MIP_TUN_MINIMAL;
	case MIP_ENCAP_GRE:
		return MIP_TUN_GRE;
	case MIP_ENCAP_IPIP:
		break;
	}
	return MIP_TUN_IPIP;
}
