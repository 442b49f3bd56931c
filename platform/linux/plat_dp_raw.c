/* SPDX-License-Identifier: ISC */
/*
 * The raw sockets of the data plane. One IPPROTO_RAW socket (IP_HDRINCL
 * implied) sends the encapsulated packets of the batch with sendmmsg;
 * one socket per tunnel protocol (IP in IP 4, minimal 55, GRE 47)
 * receives tunnelled packets with recvmmsg, which are decapsulated,
 * matched to a tunnel (RFC 3024 4.3.2) and written to the TUN; one no
 * tunnel matches is reported UNMATCHED and looked at again, then
 * re-tunnelled or dropped (plat_dp.h). Raw sockets need no ipip or gre
 * module, and a received protocol that has a raw socket draws no ICMP
 * Protocol Unreachable. The sending sockets mark what they send
 * (PLAT_DP_FWMARK) so that the host's routes into the TUN skip it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mip/mip_err.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "plat_dp_int.h"

#define DP_SOCKBUF (4 * 1024 * 1024)

static const int raw_proto[DP_RAW__COUNT] = {
	[DP_RAW_IPIP] = IPPROTO_IPIP,
	[DP_RAW_MINENC] = 55, /* RFC 2004; <netinet/in.h> has no name */
	[DP_RAW_GRE] = IPPROTO_GRE,
};

/* Bursts of a fast tunnel outrun the default buffers; as root the limit
 * (net.core.[rw]mem_max) does not apply. Best effort either way. */
static void
sockbuf(int fd, int force, int plain)
{
	int v = DP_SOCKBUF;

	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, plain, &v, sizeof(v));
}

/* A sending socket: raw, IP_HDRINCL implied, marked (plat_dp.h). */
static int
tx_socket(const char *what)
{
	unsigned mark = PLAT_DP_FWMARK;
	int fd, err;

	if ((fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW)) < 0) {
		err = errno;
		plat_log(
		    PLAT_LOG_ERR, "raw socket for %s: %s", what, strerror(err));
		return -err;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) < 0) {
		err = errno;
		plat_log(PLAT_LOG_ERR, "raw socket for %s: SO_MARK: %s", what,
		    strerror(err));
		close(fd);
		return -err;
	}
	return fd;
}

int
dp_raw_open(struct plat_dp *dp)
{
	struct dp_rxq *q = &dp->rxq;
	int i;

	int on = 1;

	/* Blocking: a full send buffer holds the TUN reader back instead of
	 * dropping what TCP would have to resend. */
	if ((dp->tx_fd = tx_socket("sending")) < 0)
		return dp->tx_fd;
	sockbuf(dp->tx_fd, SO_SNDBUFFORCE, SO_SNDBUF);
	/* Protocol 255 receives nothing: this one only holds a route, the
	 * one the marked packets take. */
	if ((dp->mtu_fd = tx_socket("path MTUs")) < 0)
		return dp->mtu_fd;
	for (i = 0; i < DP_RAW__COUNT; i++) {
		struct dp_rawsock *rs = &dp->rx[i];

		rs->dp = dp;
		rs->fd = socket(AF_INET,
		    SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, raw_proto[i]);
		if (rs->fd < 0) {
			int err = errno;

			plat_log(PLAT_LOG_ERR, "raw socket for protocol %d: %s",
			    raw_proto[i], strerror(err));
			return -err;
		}
		sockbuf(rs->fd, SO_RCVBUFFORCE, SO_RCVBUF);
		/* The arrival interface, for UNMATCHED reports. */
		if (setsockopt(
			rs->fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0) {
			int err = errno;

			plat_log(PLAT_LOG_ERR,
			    "raw socket for protocol %d: IP_PKTINFO: %s",
			    raw_proto[i], strerror(err));
			return -err;
		}
	}
	for (i = 0; i < DP_RX_BATCH; i++) {
		q->iov[i].iov_base = q->bufs + (size_t)i * DP_PKT_MAX;
		q->iov[i].iov_len = DP_PKT_MAX;
		q->msg[i].msg_hdr.msg_iov = &q->iov[i];
		q->msg[i].msg_hdr.msg_iovlen = 1;
	}
	return 0;
}

void
dp_raw_close(struct plat_dp *dp)
{
	int i;

	if (dp->tx_fd >= 0)
		close(dp->tx_fd);
	if (dp->mtu_fd >= 0)
		close(dp->mtu_fd);
	for (i = 0; i < DP_RAW__COUNT; i++)
		if (dp->rx[i].fd >= 0)
			close(dp->rx[i].fd);
}

/* ---- sending ---- */

uint32_t
dp_path_mtu(struct plat_dp *dp, struct mip_ip4 remote)
{
	char a[INET_ADDRSTRLEN];
	struct sockaddr_in to;
	socklen_t sl = sizeof(int);
	int mtu = 0;

	/* Connecting looks the route up (with any path MTU the kernel
	 * learnt, RFC 1191) in this data plane's namespace. */
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_addr.s_addr = htonl(remote.v);
	if (connect(dp->mtu_fd, (struct sockaddr *)&to, sizeof(to)) < 0 ||
	    getsockopt(dp->mtu_fd, IPPROTO_IP, IP_MTU, &mtu, &sl) < 0 ||
	    mtu < (int)DP_MTU_MIN) {
		const char *why = mtu != 0 ? "too small" : strerror(errno);

		plat_log_limited(&dp->rl, PLAT_LOG_WARNING,
		    "%s: no path MTU towards %s (%s), assuming %u", dp->ifname,
		    inet_ntop(AF_INET, &to.sin_addr, a, sizeof(a)), why,
		    dp->mtu + MIP_IP4_HDR_LEN);
		return dp->mtu + MIP_IP4_HDR_LEN;
	}
	return (uint32_t)mtu;
}

uint8_t *
dp_txq_slot(struct plat_dp *dp)
{
	if (dp->txq.n == DP_BATCH)
		dp_txq_flush(dp);
	return dp->txq.slots + dp->txq.n * dp->txq.slot_len;
}

void
dp_txq_commit(
    struct plat_dp *dp, struct dp_tunnel *t, size_t len, size_t inner_len)
{
	struct dp_txq *q = &dp->txq;
	unsigned i = q->n++;

	q->iov[i].iov_base = q->slots + i * q->slot_len;
	q->iov[i].iov_len = len;
	memset(&q->to[i], 0, sizeof(q->to[i]));
	q->to[i].sin_family = AF_INET;
	q->to[i].sin_addr.s_addr = htonl(t->t.remote.v);
	memset(&q->msg[i], 0, sizeof(q->msg[i]));
	q->msg[i].msg_hdr.msg_name = &q->to[i];
	q->msg[i].msg_hdr.msg_namelen = sizeof(q->to[i]);
	q->msg[i].msg_hdr.msg_iov = &q->iov[i];
	q->msg[i].msg_hdr.msg_iovlen = 1;
	q->tid[i] = t->t.id;
	q->inner_len[i] = inner_len;
}

void
dp_txq_flush(struct plat_dp *dp)
{
	struct dp_txq *q = &dp->txq;
	struct dp_tunnel *t;
	unsigned i = 0, j;

	while (i < q->n) {
		int r = sendmmsg(dp->tx_fd, q->msg + i, q->n - i, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* The message at |i| failed; the rest may not. The
			 * kernel says EMSGSIZE when the packet exceeds the
			 * MTU of the interface towards the tunnel's end: the
			 * route changed, so the next packets get the new
			 * path MTU. */
			int err = r < 0 ? errno : EIO;

			if (err == EMSGSIZE &&
			    (t = dp_tunnel_find(&dp->tb, q->tid[i])) != NULL)
				t->pmtu = dp_path_mtu(dp, t->t.remote);
			dp_drop(dp,
			    err == EMSGSIZE ? PLAT_DP_DROP_TOO_BIG
					    : PLAT_DP_DROP_IO,
			    strerror(err));
			i++;
			continue;
		}
		/* A batch mostly goes into one tunnel: one lookup a run. */
		t = NULL;
		for (j = i; j < i + (unsigned)r; j++) {
			if (q->inner_len[j] == 0)
				continue;
			if (t == NULL || t->t.id != q->tid[j])
				t = dp_tunnel_find(&dp->tb, q->tid[j]);
			if (t == NULL)
				continue;
			t->st.encap_pkts++;
			t->st.encap_bytes += q->inner_len[j];
		}
		dp->st.raw_tx += (unsigned)r;
		i += (unsigned)r;
	}
	q->n = 0;
}

void
dp_send_raw(struct plat_dp *dp, const uint8_t *pkt, size_t len)
{
	struct sockaddr_in to;
	ssize_t n;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	memcpy(&to.sin_addr, pkt + 16, 4);
	do
		n = sendto(
		    dp->tx_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		dp_drop(dp,
		    errno == EMSGSIZE ? PLAT_DP_DROP_TOO_BIG : PLAT_DP_DROP_IO,
		    strerror(errno));
		return;
	}
	dp->st.raw_tx++;
}

/* ---- receiving ---- */

/* The interface a received packet arrived on (IP_PKTINFO), or 0. */
static uint32_t
arrival_if(struct msghdr *m)
{
	struct cmsghdr *c;
	struct in_pktinfo pi;

	for (c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_PKTINFO ||
		    c->cmsg_len < CMSG_LEN(sizeof(pi)))
			continue;
		memcpy(&pi, CMSG_DATA(c), sizeof(pi));
		return (uint32_t)pi.ipi_ifindex;
	}
	return 0;
}

/*
 * mip_node.h MIP_TRAFFIC_UNMATCHED: after the report's actions no tunnel
 * matches |d| either. Its inner destination routed into a tunnel (a
 * cache entry: to the new care-of address; a special tunnel: to the home
 * address) has the inner packet forwarded by that route, as the kernel
 * would forward it (RFC 791: TTL less one); else it is dropped.
 */
static void
retunnel(struct plat_dp *dp, const struct mip_decap *d)
{
	struct dp_tunnel *tv[DP_MAX_COPIES];
	uint8_t *p = dp->fwd_buf;
	uint16_t csum;
	size_t ihl;

	if (dp_route_tunnels(&dp->tb, d->inner_hdr.dst, false, tv) == 0) {
		/* RFC 3024 4.3.2: from a care-of address, only the mobile
		 * node's home address may be the inner source. */
		if (dp_tunnel_ends(&dp->tb, d->outer.dst, d->outer.src))
			dp_drop(dp, PLAT_DP_DROP_REVERSE,
			    "inner source is not the home address");
		else
			dp_drop(dp, PLAT_DP_DROP_NO_TUNNEL, "no such tunnel");
		return;
	}
	if (d->inner_hdr.ttl <= 1) {
		dp_drop(dp, PLAT_DP_DROP_TTL, "re-tunnelled with TTL 1");
		return;
	}
	memcpy(p, d->inner, d->inner_len);
	ihl = (size_t)(p[0] & 0x0fU) * 4;
	p[8]--;
	p[10] = p[11] = 0;
	csum = mip_csum(p, ihl);
	p[10] = (uint8_t)(csum >> 8);
	p[11] = (uint8_t)csum;
	dp->st.retunnelled++;
	dp_encap_input(dp, NULL, p, d->inner_len);
}

/* |m| is the packet's header, for its arrival interface: looked up only
 * for an UNMATCHED report, off the path of the packets that match. */
static void
decap_one(struct plat_dp *dp, const uint8_t *pkt, size_t len, struct msghdr *m)
{
	struct dp_tunnel *t;
	struct mip_decap d;
	int rc;

	if ((rc = mip_decap_packet(
		 &d, pkt, len, dp->seg_buf, DP_PKT_MAX, NULL)) != 0) {
		dp_drop(dp, PLAT_DP_DROP_MALFORMED, mip_strerror(rc));
		return;
	}
	/* Reported, the report's actions applied, then looked at again
	 * (mip_node.h MIP_TRAFFIC_UNMATCHED). */
	if ((t = dp_tunnel_match(&dp->tb, &d)) == NULL) {
		dp_report_unmatched(dp, &d, arrival_if(m));
		t = dp_tunnel_match(&dp->tb, &d);
	}
	if (t == NULL) {
		retunnel(dp, &d);
		return;
	}
	t->st.decap_pkts++;
	t->st.decap_bytes += d.inner_len;
	if (!dp->offload || !dp_gro_add(dp, d.inner, d.inner_len))
		dp_tun_write(dp, d.inner, d.inner_len);
}

void
dp_raw_input(void *arg, uint32_t events)
{
	struct dp_rawsock *rs = arg;
	struct plat_dp *dp = rs->dp;
	struct dp_rxq *q = &dp->rxq;
	int round, n, i;

	(void)events;
	for (round = 0; round < DP_RX_ROUNDS; round++) {
		for (i = 0; i < DP_RX_BATCH; i++) {
			q->msg[i].msg_hdr.msg_control = q->ctl[i].buf;
			q->msg[i].msg_hdr.msg_controllen =
			    sizeof(q->ctl[i].buf);
		}
		n = recvmmsg(rs->fd, q->msg, DP_RX_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				plat_log_limited(&dp->rl, PLAT_LOG_WARNING,
				    "raw receive: %s", strerror(errno));
			return;
		}
		for (i = 0; i < n; i++) {
			dp->st.raw_rx++;
			if ((q->msg[i].msg_hdr.msg_flags & MSG_TRUNC) != 0) {
				dp_drop(
				    dp, PLAT_DP_DROP_MALFORMED, "truncated");
				continue;
			}
			decap_one(dp, q->iov[i].iov_base, q->msg[i].msg_len,
			    &q->msg[i].msg_hdr);
		}
		dp_gro_flush(dp);
		/* What was re-tunnelled or went down a special tunnel. */
		dp_txq_flush(dp);
		if (n < DP_RX_BATCH)
			return;
	}
}
