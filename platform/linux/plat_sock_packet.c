/* SPDX-License-Identifier: ISC */
/*
 * The link layer: capture sockets that learn the source MAC address of
 * the datagrams the UDP and ICMP sockets will read (see plat_sock.c for
 * why it is done this way), frames sent to a named MAC address without
 * routing or ARP (RFC 5944 3.7.3.2), and gratuitous ARP (4.6).
 *
 * A capture socket is an AF_PACKET SOCK_DGRAM socket (it reads from the
 * IP header on) bound to one link for ETH_P_ALL, with a classic BPF
 * filter that passes "IPv4, not sent by us, not a fragment, and UDP to our
 * port or ICMP of type 3, 9 or 10". Each frame that passes is validated
 * again in full (mip_ip4_hdr_decode: version, IHL, lengths, header
 * checksum; UDP and ICMP checksums) before its source is remembered.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/epoll.h>

#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "plat_sock_int.h"

#define ARP_LEN 28
#define ARP_HRD_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define IP_FRAG_MASK 0x3fffU /* MF and the fragment offset */
/* Captured frames hold at most a whole datagram the sockets accept. */
#define CAP_FRAME_MAX (PLAT_SOCK_MSG_MAX + 60 + 8)
/* Frames read per lookup at most, so that a flood cannot hold us. */
#define CAP_DRAIN_MAX (4 * PLAT_SOCK_HW_RING)

/*
 * The capture filter. SOCK_DGRAM: offset 0 is the IPv4 header. Jumps are
 * relative to the next instruction; F_ACCEPT and F_DROP are the last two.
 */
enum {
	F_ACCEPT = 16,
	F_DROP = 17,
};
#define J(at, to) ((uint8_t)((to) - (at)-1))

static int
cap_filter(int fd, uint16_t port)
{
	struct sock_filter f[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)),
		/* 1 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, J(1, F_DROP)),
		/* 2 */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE)),
		/* 3 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING,
		    J(3, F_DROP), 0),
		/* 4 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 6),
		/* 5 */
		BPF_JUMP(
		    BPF_JMP | BPF_JSET | BPF_K, IP_FRAG_MASK, J(5, F_DROP), 0),
		/* 6 */ BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
		/* 7 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),
		/* 8 */
		BPF_JUMP(
		    BPF_JMP | BPF_JEQ | BPF_K, MIP_IPPROTO_UDP, 0, J(8, 11)),
		/* 9 */ BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		/* 10 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, J(10, F_ACCEPT),
		    J(10, F_DROP)),
		/* 11 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MIP_IPPROTO_ICMP, 0,
		    J(11, F_DROP)),
		/* 12 */ BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		/* 13 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MIP_ICMP_UNREACH,
		    J(13, F_ACCEPT), 0),
		/* 14 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MIP_ICMP_ROUTER_ADV,
		    J(14, F_ACCEPT), 0),
		/* 15 */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, MIP_ICMP_ROUTER_SOL,
		    J(15, F_ACCEPT), J(15, F_DROP)),
		/* 16 F_ACCEPT */ BPF_STMT(BPF_RET | BPF_K, CAP_FRAME_MAX),
		/* 17 F_DROP */ BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) ==
	    -1)
		return -errno;
	return 0;
}

/*
 * The key of a captured IPv4 datagram, if it is whole and one we want.
 * With |vouched| the UDP checksum field is cleared first (RFC 768: zero
 * means none), since the kernel has verified it or it was never filled.
 */
static bool
frame_key(const struct plat_sock *s, uint8_t *p, size_t len, bool vouched,
    struct plat_sock_key *key)
{
	struct mip_ip4_hdr ip;
	struct mip_udp_hdr udp;
	struct mip_icmp_hdr icmp;

	if (mip_ip4_hdr_decode(&ip, p, len, NULL) != 0 || ip.mf ||
	    ip.frag_off != 0)
		return false;
	memset(key, 0, sizeof(*key));
	key->src = ip.src;
	key->dst = ip.dst;
	key->proto = ip.proto;
	switch (ip.proto) {
	case MIP_IPPROTO_UDP:
		if (vouched && ip.payload_len >= MIP_UDP_HDR_LEN)
			memset(p + mip_ip4_hdr_len(&ip) + 6, 0, 2);
		if (mip_udp_decode(&udp, ip.payload, ip.payload_len, ip.src,
			ip.dst, NULL) != 0 ||
		    udp.dport != s->port)
			return false;
		key->sport = udp.sport;
		key->dport = udp.dport;
		key->len = udp.payload_len;
		return true;
	case MIP_IPPROTO_ICMP:
		if (mip_icmp_decode(&icmp, ip.payload, ip.payload_len, NULL) !=
		    0)
			return false;
		key->ip_id = ip.id;
		key->len = ip.payload_len;
		return icmp.type == MIP_ICMP_UNREACH ||
		    icmp.type == MIP_ICMP_ROUTER_ADV ||
		    icmp.type == MIP_ICMP_ROUTER_SOL;
	default:
		return false;
	}
}

static bool
key_eq(const struct plat_sock_key *a, const struct plat_sock_key *b)
{
	return mip_ip4_eq(a->src, b->src) && mip_ip4_eq(a->dst, b->dst) &&
	    a->proto == b->proto && a->sport == b->sport &&
	    a->dport == b->dport && a->ip_id == b->ip_id && a->len == b->len;
}

/*
 * Whether the kernel vouches for the transport checksum of a captured
 * frame (PACKET_AUXDATA): verified on receipt, or never computed because
 * the frame came from a local stack with checksum offload (veth, tun),
 * in which case the field holds only the pseudo-header sum.
 */
static bool
csum_vouched(const struct msghdr *m)
{
	struct cmsghdr *c;
	struct tpacket_auxdata aux;

	for (c = CMSG_FIRSTHDR(m); c != NULL;
	     c = CMSG_NXTHDR((struct msghdr *)(uintptr_t)m, c)) {
		if (c->cmsg_level != SOL_PACKET ||
		    c->cmsg_type != PACKET_AUXDATA ||
		    c->cmsg_len < CMSG_LEN(sizeof(aux)))
			continue;
		memcpy(&aux, CMSG_DATA(c), sizeof(aux));
		return (aux.tp_status &
			   (TP_STATUS_CSUMNOTREADY | TP_STATUS_CSUM_VALID)) !=
		    0;
	}
	return false;
}

/* Reads at most CAP_DRAIN_MAX frames that |c| holds into its ring. */
static void
cap_drain(struct plat_sock_cap *c)
{
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	uint8_t frame[CAP_FRAME_MAX];
	struct sockaddr_ll from;
	struct iovec iov;
	struct msghdr m;
	ssize_t n;
	int i;

	for (i = 0; i < CAP_DRAIN_MAX; i++) {
		struct plat_sock_seen *e = &c->ring[c->next];

		iov.iov_base = frame;
		iov.iov_len = sizeof(frame);
		memset(&m, 0, sizeof(m));
		m.msg_name = &from;
		m.msg_namelen = sizeof(from);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(c->fd, &m, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			if (errno != EAGAIN)
				plat_log_limited(&c->s->rl, PLAT_LOG_WARNING,
				    "capture on interface %u: %s", c->ifindex,
				    strerror(errno));
			return;
		}
		/* Only whole frames addressed to this station. */
		if ((m.msg_flags & MSG_TRUNC) != 0 ||
		    m.msg_namelen < sizeof(from) ||
		    from.sll_halen != MIP_HWADDR_LEN ||
		    (from.sll_pkttype != PACKET_HOST &&
			from.sll_pkttype != PACKET_BROADCAST &&
			from.sll_pkttype != PACKET_MULTICAST))
			continue;
		if (!frame_key(
			c->s, frame, (size_t)n, csum_vouched(&m), &e->key))
			continue;
		memcpy(e->hwaddr, from.sll_addr, MIP_HWADDR_LEN);
		e->valid = true;
		c->next = (c->next + 1) % PLAT_SOCK_HW_RING;
	}
}

static void
on_cap(void *arg, uint32_t events)
{
	(void)events;
	cap_drain(arg);
}

bool
plat_sock_hw_lookup(struct plat_sock *s, uint32_t ifindex,
    const struct plat_sock_key *key, uint8_t hwaddr[MIP_HWADDR_LEN])
{
	struct plat_sock_cap *c = NULL;
	size_t i, k;

	for (i = 0; i < s->ncaps && c == NULL; i++)
		if (s->caps[i].ifindex == ifindex)
			c = &s->caps[i];
	if (c == NULL)
		return false;
	cap_drain(c);
	for (i = 1; i <= PLAT_SOCK_HW_RING; i++) {
		k = (c->next + PLAT_SOCK_HW_RING - i) % PLAT_SOCK_HW_RING;
		if (c->ring[k].valid && key_eq(&c->ring[k].key, key)) {
			memcpy(hwaddr, c->ring[k].hwaddr, MIP_HWADDR_LEN);
			c->ring[k].valid = false;
			return true;
		}
	}
	return false;
}

static int
cap_open_one(struct plat_sock *s, struct plat_sock_cap *c, uint32_t ifindex)
{
	struct sockaddr_ll sll;
	const int on = 1;
	int rc;

	c->s = s;
	c->ifindex = ifindex;
	/* Protocol 0 receives nothing until bind: the filter comes first. */
	c->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "packet socket: %s", strerror(errno));
		return rc;
	}
	if ((rc = cap_filter(c->fd, s->port)) != 0) {
		plat_log(
		    PLAT_LOG_ERR, "packet socket filter: %s", strerror(-rc));
		return rc;
	}
	if (setsockopt(c->fd, SOL_PACKET, PACKET_AUXDATA, &on, sizeof(on)) ==
	    -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "packet socket PACKET_AUXDATA: %s",
		    strerror(errno));
		return rc;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)ifindex;
	if (bind(c->fd, (struct sockaddr *)&sll, sizeof(sll)) == -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "bind packet socket to interface %u: %s",
		    ifindex, strerror(errno));
		return rc;
	}
	return plat_loop_add(s->loop, c->fd, EPOLLIN, on_cap, c);
}

int
plat_sock_cap_open(struct plat_sock *s)
{
	size_t i, n = 0;
	int rc;

	s->tx_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->tx_fd == -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "packet socket: %s", strerror(errno));
		return rc;
	}
	for (i = 0; i < s->nlinks; i++)
		n += s->links[i].need_hwaddr;
	if (n == 0)
		return 0;
	if ((s->caps = calloc(n, sizeof(*s->caps))) == NULL)
		return -ENOMEM;
	for (i = 0; i < s->nlinks; i++) {
		if (!s->links[i].need_hwaddr)
			continue;
		s->caps[s->ncaps].fd = -1;
		rc = cap_open_one(s, &s->caps[s->ncaps++], s->links[i].ifindex);
		if (rc != 0)
			return rc;
	}
	return 0;
}

void
plat_sock_cap_close(struct plat_sock *s)
{
	size_t i;

	for (i = 0; i < s->ncaps; i++) {
		if (s->caps[i].fd == -1)
			continue;
		plat_loop_del(s->loop, s->caps[i].fd);
		close(s->caps[i].fd);
	}
	free(s->caps);
	s->caps = NULL;
	s->ncaps = 0;
}

static int
frame_out(struct plat_sock *s, uint32_t ifindex, uint16_t ethertype,
    const uint8_t hw[MIP_HWADDR_LEN], const uint8_t *p, size_t len)
{
	struct sockaddr_ll to;
	ssize_t n;

	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ethertype);
	to.sll_ifindex = (int)ifindex;
	to.sll_halen = MIP_HWADDR_LEN;
	memcpy(to.sll_addr, hw, MIP_HWADDR_LEN);
	do
		n = sendto(
		    s->tx_fd, p, len, 0, (struct sockaddr *)&to, sizeof(to));
	while (n == -1 && errno == EINTR);
	return n == -1 ? -errno : 0;
}

int
plat_sock_frame_send(struct plat_sock *s, const struct mip_act_send *snd,
    const uint8_t hw[MIP_HWADDR_LEN])
{
	uint8_t out[CAP_FRAME_MAX];
	struct mip_ip4_hdr ip;
	mip_ssize len;

	memset(&ip, 0, sizeof(ip));
	ip.id = s->ip_id++;
	ip.ttl = snd->ttl != 0 ? snd->ttl : PLAT_SOCK_DEFAULT_TTL;
	ip.src = snd->src;
	ip.dst = snd->dst;
	if (snd->kind == MIP_PKT_UDP) {
		/* From the port of the UDP socket, as the socket path sends. */
		len = mip_ip4_udp_build(out, sizeof(out), &ip, s->port,
		    snd->dport, snd->data, snd->len);
	} else {
		/* The whole ICMP message; its checksum is computed anew. */
		if (snd->len < MIP_ICMP_HDR_LEN)
			return -EINVAL;
		len = mip_ip4_icmp_build(out, sizeof(out), &ip, snd->data[0],
		    snd->data[1], snd->data + MIP_ICMP_HDR_LEN,
		    snd->len - MIP_ICMP_HDR_LEN);
	}
	if (len < 0)
		return -EINVAL;
	return frame_out(s, snd->ifindex, ETH_P_IP, hw, out, (size_t)len);
}

/* An ARP packet for Ethernet and IPv4 (RFC 826). */
static void
arp_fill(uint8_t p[ARP_LEN], uint16_t op, const uint8_t sha[MIP_HWADDR_LEN],
    struct mip_ip4 spa, const uint8_t tha[MIP_HWADDR_LEN], struct mip_ip4 tpa)
{
	mip_put_be16(p, ARP_HRD_ETHER);
	mip_put_be16(p + 2, ETH_P_IP);
	p[4] = MIP_HWADDR_LEN;
	p[5] = 4;
	mip_put_be16(p + 6, op);
	memcpy(p + 8, sha, MIP_HWADDR_LEN);
	mip_put_be32(p + 14, spa.v);
	memcpy(p + 18, tha, MIP_HWADDR_LEN);
	mip_put_be32(p + 24, tpa.v);
}

int
plat_sock_arp_announce(struct plat_sock *s, const struct mip_act_neigh *a)
{
	static const uint8_t zero[MIP_HWADDR_LEN];
	uint8_t p[2][ARP_LEN];
	struct sockaddr_ll to;
	struct iovec iov[2];
	struct mmsghdr m[2];
	unsigned i = 0;
	int n;

	if (a->ifindex == 0)
		return -EINVAL;
	plat_sock_tx_flush(s); /* after the replies queued before it */
	/*
	 * RFC 5944 4.6: sender and target protocol address are both the
	 * address whose entry is to change, the sender hardware address is
	 * the new one. A request (target hardware address unused) and a
	 * reply (target hardware address set too), both broadcast, since
	 * stacks differ in which of the two updates their caches. One
	 * sendmmsg: a home agent announces for every binding it adds.
	 */
	arp_fill(p[0], ARP_OP_REQUEST, a->hwaddr, a->addr, zero, a->addr);
	arp_fill(p[1], ARP_OP_REPLY, a->hwaddr, a->addr, a->hwaddr, a->addr);
	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_ARP);
	to.sll_ifindex = (int)a->ifindex;
	to.sll_halen = MIP_HWADDR_LEN;
	memset(to.sll_addr, 0xff, MIP_HWADDR_LEN);
	memset(m, 0, sizeof(m));
	for (i = 0; i < 2; i++) {
		iov[i].iov_base = p[i];
		iov[i].iov_len = ARP_LEN;
		m[i].msg_hdr.msg_name = &to;
		m[i].msg_hdr.msg_namelen = sizeof(to);
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	i = 0;
	while (i < 2) {
		n = sendmmsg(s->tx_fd, &m[i], 2 - i, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -errno;
		i += (unsigned)n;
	}
	return 0;
}
