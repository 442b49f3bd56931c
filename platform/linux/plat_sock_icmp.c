/* SPDX-License-Identifier: ISC */
/*
 * The raw ICMP socket: agent solicitations (type 10) heard on agent links,
 * agent advertisements (type 9) on mobile links, and Destination
 * Unreachable (type 3) from anywhere (RFC 5944 3.7.2: errors about the
 * requests a foreign agent relays come back from the network side). The
 * kernel's ICMP_FILTER passes only these three types. Agent links join
 * 224.0.0.11 (RFC 5944 2.4: agents listen for solicitations there) and
 * mobile links 224.0.0.1 (2.3: advertisements go to all systems). A raw
 * socket reads the IP header too: it gives source, destination, TTL and
 * the Identification that matches the frame's link-layer source.
 */
#include <errno.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/icmp.h>
#include <sys/epoll.h>

#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "plat_sock_int.h"

#define ALL_SYSTEMS 0xe0000001U /* 224.0.0.1 */
#define ALL_AGENTS 0xe000000bU	/* 224.0.0.11, RFC 5944 2.4 */

/* Whether a message of |type| that arrived on |link| is for the core. */
static bool
icmp_wanted(const struct plat_sock_link *link, uint8_t type)
{
	switch (type) {
	case MIP_ICMP_UNREACH:
		return true;
	case MIP_ICMP_ROUTER_ADV:
		return link != NULL && link->mobile;
	case MIP_ICMP_ROUTER_SOL:
		return link != NULL && link->agent;
	default:
		return false;
	}
}

static void
icmp_one(struct plat_sock *s, const struct mmsghdr *mm, const uint8_t *data)
{
	const struct msghdr *m = &mm->msg_hdr;
	const struct plat_sock_link *link;
	struct mip_ip4_hdr ip;
	struct mip_icmp_hdr icmp;
	struct plat_sock_key key;
	struct mip_pkt_in pkt;
	int ttl = -1;

	memset(&pkt, 0, sizeof(pkt));
	if ((m->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0)
		return;
	plat_sock_rx_cmsg(m, &pkt.ifindex, &pkt.dst, &ttl);
	/* The kernel checked the IP header; the ICMP checksum is ours. */
	if (mip_ip4_hdr_decode(&ip, data, mm->msg_len, NULL) != 0 ||
	    ip.proto != MIP_IPPROTO_ICMP || ip.mf || ip.frag_off != 0 ||
	    mip_icmp_decode(&icmp, ip.payload, ip.payload_len, NULL) != 0) {
		plat_log_limited(&s->rl, PLAT_LOG_INFO,
		    "icmp: malformed message of %u octets dropped",
		    mm->msg_len);
		return;
	}
	link = plat_sock_link_find(s, pkt.ifindex);
	if (!icmp_wanted(link, icmp.type))
		return;
	pkt.kind = MIP_PKT_ICMP;
	pkt.src = ip.src;
	pkt.dst = ip.dst;
	pkt.ttl = ip.ttl;
	pkt.data = ip.payload;
	pkt.len = ip.payload_len;
	if (link != NULL && link->need_hwaddr) {
		memset(&key, 0, sizeof(key));
		key.src = ip.src;
		key.dst = ip.dst;
		key.proto = MIP_IPPROTO_ICMP;
		key.ip_id = ip.id;
		key.len = ip.payload_len;
		pkt.has_hwaddr =
		    plat_sock_hw_lookup(s, pkt.ifindex, &key, pkt.src_hwaddr);
	}
	s->fn(s->arg, &pkt);
}

static void
on_icmp(void *arg, uint32_t events)
{
	struct plat_sock *s = arg;

	(void)events;
	plat_sock_recv_batch(s, s->icmp_fd, "icmp", icmp_one);
}

static int
join(struct plat_sock *s, uint32_t group, uint32_t ifindex)
{
	struct ip_mreqn mr;
	char g[INET_ADDRSTRLEN];

	memset(&mr, 0, sizeof(mr));
	mr.imr_multiaddr.s_addr = htonl(group);
	mr.imr_ifindex = (int)ifindex;
	if (setsockopt(s->icmp_fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		sizeof(mr)) == -1) {
		int rc = -errno;

		plat_log(PLAT_LOG_ERR, "join %s on interface %u: %s",
		    inet_ntop(AF_INET, &mr.imr_multiaddr, g, sizeof(g)),
		    ifindex, strerror(errno));
		return rc;
	}
	return 0;
}

static int
setopt(
    int fd, int level, int name, const void *v, socklen_t len, const char *what)
{
	if (setsockopt(fd, level, name, v, len) == -1) {
		int rc = -errno;

		plat_log(PLAT_LOG_ERR, "icmp socket: setsockopt %s: %s", what,
		    strerror(errno));
		return rc;
	}
	return 0;
}

int
plat_sock_icmp_open(struct plat_sock *s)
{
	struct icmp_filter filt;
	const int on = 1, off = 0;
	size_t i;
	int rc;

	s->icmp_fd = socket(
	    AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (s->icmp_fd == -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "raw icmp socket: %s", strerror(errno));
		return rc;
	}
	/* A set bit filters its type out. */
	filt.data = ~((1U << MIP_ICMP_UNREACH) | (1U << MIP_ICMP_ROUTER_ADV) |
	    (1U << MIP_ICMP_ROUTER_SOL));
	if ((rc = setopt(s->icmp_fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt),
		 "ICMP_FILTER")) != 0 ||
	    (rc = setopt(s->icmp_fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on),
		 "IP_PKTINFO")) != 0 ||
	    (rc = setopt(s->icmp_fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on),
		 "SO_BROADCAST")) != 0 ||
	    (rc = setopt(s->icmp_fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off,
		 sizeof(off), "IP_MULTICAST_LOOP")) != 0)
		return rc;
	for (i = 0; i < s->nlinks; i++) {
		const struct plat_sock_link *l = &s->links[i];

		if (l->agent && (rc = join(s, ALL_AGENTS, l->ifindex)) != 0)
			return rc;
		if (l->mobile && (rc = join(s, ALL_SYSTEMS, l->ifindex)) != 0)
			return rc;
	}
	return plat_loop_add(s->loop, s->icmp_fd, EPOLLIN, on_icmp, s);
}

int
plat_sock_icmp_send(struct plat_sock *s, const struct mip_act_send *snd)
{
	uint8_t msg[PLAT_SOCK_MSG_MAX];

	/* The core hands the whole message; the checksum is computed over
	 * the bytes sent, as the simulator does. */
	if (snd->len < MIP_ICMP_HDR_LEN || snd->len > sizeof(msg))
		return -EINVAL;
	memcpy(msg, snd->data, snd->len);
	if (mip_icmp_csum_set(msg, snd->len) != 0)
		return -EINVAL;
	return plat_sock_sendmsg(s->icmp_fd, snd, msg, snd->len, 0);
}
