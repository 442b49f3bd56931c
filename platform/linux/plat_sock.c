/* SPDX-License-Identifier: ISC */
/*
 * The socket set of mipd and its UDP side: one UDP socket on port 434
 * (RFC 5944 3.1) bound to INADDR_ANY, which hears unicast, subnet
 * broadcast and 255.255.255.255 alike and tells them apart by IP_PKTINFO
 * (arrival interface and header destination); IP_RECVTTL gives the TTL.
 * Datagrams are read in batches with recvmmsg. Sends choose the path:
 * the UDP or ICMP socket with per-datagram IP_PKTINFO and IP_TTL, or one
 * frame on AF_PACKET when the core names the link-layer destination or
 * when there is no source address yet (plat_sock_packet.c).
 *
 * Link-layer sources. On need_hwaddr links the kernel stays the judge of
 * what is addressed to this host (local addresses, broadcasts, groups,
 * reassembly): the UDP and ICMP sockets still deliver every datagram, and
 * a capture socket on the link only supplies the sender's MAC address,
 * matched to the datagram by addresses, ports or IP Identification and
 * length. The capture socket listens for ETH_P_ALL so that the kernel
 * queues the frame to it before the IP layer delivers the datagram, and
 * plat_sock_hw_lookup drains it before searching. A datagram whose frame
 * was not seen is still handed up, without a link-layer source.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <sys/epoll.h>

#include "mip/mip_proto.h"
#include "plat_sock_int.h"

const struct plat_sock_link *
plat_sock_link_find(const struct plat_sock *s, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < s->nlinks; i++)
		if (s->links[i].ifindex == ifindex)
			return &s->links[i];
	return NULL;
}

static void
rx_prepare(struct plat_sock_rx *rx)
{
	size_t i;

	for (i = 0; i < PLAT_SOCK_BATCH; i++) {
		struct msghdr *m = &rx->msgs[i].msg_hdr;

		rx->iov[i].iov_base = rx->data[i];
		rx->iov[i].iov_len = sizeof(rx->data[i]);
		memset(m, 0, sizeof(*m));
		m->msg_name = &rx->from[i];
		m->msg_namelen = sizeof(rx->from[i]);
		m->msg_iov = &rx->iov[i];
		m->msg_iovlen = 1;
		m->msg_control = rx->ctl[i].buf;
		m->msg_controllen = sizeof(rx->ctl[i].buf);
	}
}

void
plat_sock_recv_batch(
    struct plat_sock *s, int fd, const char *what, plat_sock_one_fn *one)
{
	int i, n;

	rx_prepare(&s->rx);
	do
		n = recvmmsg(
		    fd, s->rx.msgs, PLAT_SOCK_BATCH, MSG_DONTWAIT, NULL);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		if (errno != EAGAIN)
			plat_log_limited(&s->rl, PLAT_LOG_WARNING,
			    "%s: recvmmsg: %s", what, strerror(errno));
		return;
	}
	s->in_batch = true;
	for (i = 0; i < n; i++)
		one(s, &s->rx.msgs[i], s->rx.data[i]);
	if (s->done != NULL)
		s->done(s->arg);
	s->in_batch = false;
	plat_sock_tx_flush(s);
}

void
plat_sock_rx_cmsg(
    const struct msghdr *m, uint32_t *ifindex, struct mip_ip4 *dst, int *ttl)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(m); c != NULL;
	     c = CMSG_NXTHDR((struct msghdr *)(uintptr_t)m, c)) {
		if (c->cmsg_level != IPPROTO_IP)
			continue;
		if (c->cmsg_type == IP_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			*ifindex = (uint32_t)pi.ipi_ifindex;
			dst->v = ntohl(pi.ipi_addr.s_addr);
		} else if (c->cmsg_type == IP_TTL &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(ttl, CMSG_DATA(c), sizeof(*ttl));
		}
	}
}

static void
tx_cmsg(struct msghdr *m, void *buf, size_t cap, uint32_t ifindex,
    struct mip_ip4 src, uint8_t ttl)
{
	struct cmsghdr *c;
	size_t len = 0;

	memset(buf, 0, cap);
	m->msg_control = buf;
	m->msg_controllen = cap;
	c = CMSG_FIRSTHDR(m);
	if (ifindex != 0 || src.v != 0) {
		struct in_pktinfo pi;

		/* ipi_spec_dst is the source address of the datagram. */
		memset(&pi, 0, sizeof(pi));
		pi.ipi_ifindex = (int)ifindex;
		pi.ipi_spec_dst.s_addr = htonl(src.v);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		len += CMSG_SPACE(sizeof(pi));
		c = CMSG_NXTHDR(m, c);
	}
	if (ttl != 0) {
		int v = ttl;

		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_TTL;
		c->cmsg_len = CMSG_LEN(sizeof(v));
		memcpy(CMSG_DATA(c), &v, sizeof(v));
		len += CMSG_SPACE(sizeof(v));
	}
	m->msg_controllen = len;
	if (len == 0)
		m->msg_control = NULL;
}

static void
udp_one(struct plat_sock *s, const struct mmsghdr *mm, const uint8_t *data)
{
	const struct msghdr *m = &mm->msg_hdr;
	const struct sockaddr_in *from = m->msg_name;
	const struct plat_sock_link *link;
	struct plat_sock_key key;
	struct mip_pkt_in pkt;
	int ttl = -1;

	memset(&pkt, 0, sizeof(pkt));
	if ((m->msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0 ||
	    m->msg_namelen < sizeof(*from)) {
		plat_log_limited(&s->rl, PLAT_LOG_INFO,
		    "udp: datagram of %u octets truncated, dropped",
		    mm->msg_len);
		return;
	}
	plat_sock_rx_cmsg(m, &pkt.ifindex, &pkt.dst, &ttl);
	link = plat_sock_link_find(s, pkt.ifindex);
	if (link == NULL && !s->udp_any)
		return;
	pkt.kind = MIP_PKT_UDP;
	pkt.src.v = ntohl(from->sin_addr.s_addr);
	pkt.sport = ntohs(from->sin_port);
	pkt.dport = s->port;
	pkt.ttl = ttl >= 0 && ttl <= 255 ? (uint8_t)ttl : 0;
	pkt.data = data;
	pkt.len = mm->msg_len;
	if (link != NULL && link->need_hwaddr) {
		memset(&key, 0, sizeof(key));
		key.src = pkt.src;
		key.dst = pkt.dst;
		key.proto = MIP_IPPROTO_UDP;
		key.sport = pkt.sport;
		key.dport = pkt.dport;
		key.len = pkt.len;
		pkt.has_hwaddr =
		    plat_sock_hw_lookup(s, pkt.ifindex, &key, pkt.src_hwaddr);
	}
	s->fn(s->arg, &pkt);
}

static void
on_udp(void *arg, uint32_t events)
{
	struct plat_sock *s = arg;

	(void)events;
	plat_sock_recv_batch(s, s->udp_fd, "udp", udp_one);
}

static int
setopt_int(int fd, int level, int name, int v, const char *what)
{
	if (setsockopt(fd, level, name, &v, sizeof(v)) == -1) {
		int rc = -errno;

		plat_log(
		    PLAT_LOG_ERR, "setsockopt %s: %s", what, strerror(errno));
		return rc;
	}
	return 0;
}

static int
udp_open(struct plat_sock *s)
{
	struct sockaddr_in sin;
	int fd, rc;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "udp socket: %s", strerror(errno));
		return rc;
	}
	s->udp_fd = fd;
	if ((rc = setopt_int(fd, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO")) ||
	    (rc = setopt_int(fd, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL")) ||
	    (rc = setopt_int(fd, SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST")))
		return rc;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(s->port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "bind udp port %u: %s", s->port,
		    strerror(errno));
		return rc;
	}
	return plat_loop_add(s->loop, fd, EPOLLIN, on_udp, s);
}

int
plat_sock_open(struct plat_sock **out, struct plat_loop *loop,
    const struct plat_sock_opts *o, plat_rx_fn *fn, void *arg)
{
	const struct plat_ratelimit rl = PLAT_RATELIMIT_INIT(1000, 10);
	struct plat_sock *s;
	int rc;

	*out = NULL;
	if (fn == NULL || (o->nlinks > 0 && o->links == NULL))
		return -EINVAL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -ENOMEM;
	s->udp_fd = s->icmp_fd = s->tx_fd = -1;
	s->loop = loop;
	s->fn = fn;
	s->done = o->done;
	s->arg = arg;
	s->port = o->port != 0 ? o->port : MIP_UDP_PORT;
	s->udp_any = o->udp_any;
	s->rl = rl;
	if (o->nlinks > 0) {
		s->links = calloc(o->nlinks, sizeof(*s->links));
		if (s->links == NULL) {
			plat_sock_close(s);
			return -ENOMEM;
		}
		memcpy(s->links, o->links, o->nlinks * sizeof(*s->links));
		s->nlinks = o->nlinks;
	}
	if ((rc = udp_open(s)) != 0 || (rc = plat_sock_icmp_open(s)) != 0 ||
	    (rc = plat_sock_cap_open(s)) != 0) {
		plat_sock_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

static void
fd_close(struct plat_sock *s, int fd)
{
	if (fd == -1)
		return;
	plat_loop_del(s->loop, fd);
	close(fd);
}

void
plat_sock_close(struct plat_sock *s)
{
	if (s == NULL)
		return;
	plat_sock_cap_close(s);
	fd_close(s, s->udp_fd);
	fd_close(s, s->icmp_fd);
	fd_close(s, s->tx_fd);
	free(s->links);
	free(s);
}

static bool
is_group_or_bcast(struct mip_ip4 a)
{
	return a.v == 0xffffffffU || (a.v & 0xf0000000U) == 0xe0000000U;
}

/* RFC 1112 6.4: a group's MAC address is 01:00:5e and its low 23 bits. */
static void
hw_of_group_or_bcast(struct mip_ip4 a, uint8_t hw[MIP_HWADDR_LEN])
{
	if (a.v == 0xffffffffU) {
		memset(hw, 0xff, MIP_HWADDR_LEN);
		return;
	}
	hw[0] = 0x01;
	hw[1] = 0x00;
	hw[2] = 0x5e;
	hw[3] = (uint8_t)((a.v >> 16) & 0x7fU);
	hw[4] = (uint8_t)(a.v >> 8);
	hw[5] = (uint8_t)a.v;
}

/* Fills |m| for sending |data|[0..len) to |snd->dst|:|port| with
 * |snd|'s IP_PKTINFO and IP_TTL, in the storage the caller gives. */
static void
tx_fill(struct msghdr *m, struct sockaddr_in *to, struct iovec *iov, void *ctl,
    size_t ctlcap, const struct mip_act_send *snd, const uint8_t *data,
    size_t len, uint16_t port)
{
	memset(to, 0, sizeof(*to));
	to->sin_family = AF_INET;
	to->sin_port = htons(port);
	to->sin_addr.s_addr = htonl(snd->dst.v);
	iov->iov_base = (void *)(uintptr_t)data;
	iov->iov_len = len;
	memset(m, 0, sizeof(*m));
	m->msg_name = to;
	m->msg_namelen = sizeof(*to);
	m->msg_iov = iov;
	m->msg_iovlen = 1;
	tx_cmsg(m, ctl, ctlcap, snd->ifindex, snd->src, snd->ttl);
}

int
plat_sock_sendmsg(int fd, const struct mip_act_send *snd, const uint8_t *data,
    size_t len, uint16_t port)
{
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo)) +
		    CMSG_SPACE(sizeof(int))];
	} ctl;
	struct sockaddr_in to;
	struct iovec iov;
	struct msghdr m;
	ssize_t n;

	tx_fill(&m, &to, &iov, ctl.buf, sizeof(ctl.buf), snd, data, len, port);
	do
		n = sendmsg(fd, &m, 0);
	while (n == -1 && errno == EINTR);
	return n == -1 ? -errno : 0;
}

void
plat_sock_tx_flush(struct plat_sock *s)
{
	struct plat_sock_tx *tx = &s->tx;
	size_t i = 0;
	int n;

	while (i < tx->n) {
		n = sendmmsg(s->udp_fd, &tx->msgs[i], (unsigned)(tx->n - i), 0);
		if (n > 0) {
			i += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		/* The datagram at |i| failed (sendmmsg reports an error only
		 * when it is the first): log it, go on with the next. */
		plat_log_limited(&s->rl, PLAT_LOG_WARNING,
		    "udp: send to %s: %s", inet_ntoa(tx->to[i].sin_addr),
		    n == -1 ? strerror(errno) : "not sent");
		i++;
	}
	tx->n = 0;
}

/* Queues a UDP send of the batch being handled (see plat_sock.h). */
static int
tx_queue(struct plat_sock *s, const struct mip_act_send *snd)
{
	struct plat_sock_tx *tx = &s->tx;
	size_t i;

	if (tx->n == PLAT_SOCK_BATCH)
		plat_sock_tx_flush(s);
	i = tx->n++;
	if (snd->len > 0)
		memcpy(tx->data[i], snd->data, snd->len);
	tx_fill(&tx->msgs[i].msg_hdr, &tx->to[i], &tx->iov[i], tx->ctl[i].buf,
	    sizeof(tx->ctl[i].buf), snd, tx->data[i], snd->len, snd->dport);
	return 0;
}

int
plat_sock_send(struct plat_sock *s, const struct mip_act_send *snd)
{
	uint8_t hw[MIP_HWADDR_LEN];

	if ((snd->kind != MIP_PKT_UDP && snd->kind != MIP_PKT_ICMP) ||
	    (snd->data == NULL && snd->len > 0) || snd->len > PLAT_SOCK_MSG_MAX)
		return -EINVAL;
	/* One socket, one source port: the core's 434 means ours. */
	if (snd->kind == MIP_PKT_UDP && snd->sport != MIP_UDP_PORT &&
	    snd->sport != s->port)
		return -EINVAL;
	if (snd->kind == MIP_PKT_UDP && s->in_batch && !snd->has_hwaddr &&
	    !(snd->src.v == 0 && snd->ifindex != 0 &&
		is_group_or_bcast(snd->dst)))
		return tx_queue(s, snd);
	/* The others keep their place after what is queued. */
	plat_sock_tx_flush(s);
	if (snd->has_hwaddr) {
		/* RFC 5944 3.7.3.2: to the station directly, without ARP. */
		if (snd->ifindex == 0)
			return -EINVAL;
		return plat_sock_frame_send(s, snd, snd->dst_hwaddr);
	}
	if (snd->src.v == 0 && snd->ifindex != 0 &&
	    is_group_or_bcast(snd->dst)) {
		/* No address yet: the kernel would pick one of another
		 * interface, so the frame is built here. */
		hw_of_group_or_bcast(snd->dst, hw);
		return plat_sock_frame_send(s, snd, hw);
	}
	if (snd->kind == MIP_PKT_ICMP)
		return plat_sock_icmp_send(s, snd);
	return plat_sock_sendmsg(
	    s->udp_fd, snd, snd->data, snd->len, snd->dport);
}
