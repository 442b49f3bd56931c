/* SPDX-License-Identifier: ISC */
/*
 * The encapsulation path: a packet the kernel routed into the TUN goes
 * into the tunnel of its reverse-tunnel rule or into each tunnel of its
 * longest matching prefix, segment by segment when it is a super-packet,
 * wrapped by libmip's mip_encap_packet into the send batch; one too big
 * for the path once wrapped goes to plat_dp_frag.c. Each packet is then
 * reported TUNNELLED for each of its tunnels (plat_dp_report.c); a special
 * tunnel (RO spec 3) goes to plat_dp_report.c instead.
 */
#include <string.h>

#include "mip/mip_err.h"
#include "mip/mip_proto.h"
#include "plat_dp_int.h"

static struct mip_ip4
addr_at(const uint8_t *p)
{
	struct mip_ip4 a = { (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		(uint32_t)p[2] << 8 | p[3] };

	return a;
}

/* Whether the datagram |ip| is a fragment: MF or an offset. */
static bool
is_fragment(const uint8_t *ip)
{
	return ((ip[6] & 0x3fU) | ip[7]) != 0;
}

void
dp_encap_one(
    struct plat_dp *dp, struct dp_tunnel *t, const uint8_t *inner, size_t len)
{
	struct mip_encap_params p;
	enum mip_encap encap = t->encap;
	uint8_t *slot = dp_txq_slot(dp);
	mip_ssize rc;

	/* RFC 2004 3: a fragment must not be minimally encapsulated. Every
	 * mobile node and foreign agent decapsulates IP in IP (RFC 5944
	 * 3.6.1.3, 5.1), so fragments take that instead. */
	if (encap == MIP_ENCAP_MINIMAL && is_fragment(inner)) {
		encap = MIP_ENCAP_IPIP;
		dp->st.minimal_as_ipip++;
	}
	memset(&p, 0, sizeof(p));
	p.src = t->t.local;
	p.dst = t->t.remote;
	/* RFC 2003 3.1: the default TTL; the kernel already decremented the
	 * inner one when it forwarded the packet into the TUN. RFC 2003
	 * 5.1: mip_encap copies DF from the inner header. */
	p.ttl = DP_OUTER_TTL;
	p.id = dp->ip_id++;
	rc = mip_encap_packet(slot, dp->txq.slot_len, encap, &p, inner, len);
	if (rc == MIP_ERR_NOBUF || rc == MIP_ERR_LIMIT) {
		dp_drop(dp, PLAT_DP_DROP_TOO_BIG, "too big to encapsulate");
		return;
	}
	if (rc < 0) {
		dp_drop(dp, PLAT_DP_DROP_MALFORMED, mip_strerror((int)rc));
		return;
	}
	if ((size_t)rc > t->pmtu) {
		dp_too_big(dp, t, slot, (size_t)rc, inner, len);
		return;
	}
	dp_txq_commit(dp, t, (size_t)rc, len);
}

void
dp_encap_input(struct plat_dp *dp, const struct virtio_net_hdr *vh,
    uint8_t *pkt, size_t len)
{
	struct dp_tunnel *tv[DP_MAX_COPIES];
	uint32_t ids[DP_MAX_COPIES];
	struct mip_ip4 src, dst;
	const uint8_t *seg = NULL;
	struct dp_gso g;
	size_t k, nt;
	ssize_t n;

	if (len < MIP_IP4_HDR_LEN || pkt[0] >> 4 != 4) {
		dp_drop(dp, PLAT_DP_DROP_MALFORMED, "not IPv4");
		return;
	}
	if (dp_gso_init(&g, vh, pkt, len) != 0) {
		dp_drop(dp, PLAT_DP_DROP_MALFORMED, "bad offload header");
		return;
	}
	src = addr_at(pkt + 12);
	dst = addr_at(pkt + 16);
	/* RFC 3024 5.2: the reverse-tunnel rule comes before the routes.
	 * Its arrival interface was checked by the kernel's policy rule
	 * that sent the packet into the TUN. */
	if ((tv[0] = dp_rule_tunnel(&dp->tb, src)) != NULL)
		nt = 1;
	else if (g.mss == 0 && dp_special_input(dp, pkt, len))
		return;
	else
		nt = dp_route_tunnels(&dp->tb, dst, false, tv);
	if (nt == 0) {
		dp_drop(dp, PLAT_DP_DROP_NO_TUNNEL, "no tunnel route");
		return;
	}
	while ((n = dp_gso_next(&g, dp->seg_buf, DP_PKT_MAX, &seg)) > 0)
		for (k = 0; k < nt; k++)
			dp_encap_one(dp, tv[k], seg, (size_t)n);
	if (n < 0)
		dp_drop(dp, PLAT_DP_DROP_TOO_BIG, "segment too big");
	/* Reported once the packet is on its way, by id: the report's
	 * actions may remove any of these tunnels. */
	for (k = 0; k < nt; k++)
		ids[k] = tv[k]->t.id;
	for (k = 0; k < nt; k++)
		dp_report_tunnelled(dp, ids[k], src, dst);
}
