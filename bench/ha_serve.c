/* SPDX-License-Identifier: ISC */
/*
 * ha_serve: the home agent engine behind a UDP socket and nothing else, to
 * split the cost of a registration in mipd: bench_ha times the engine
 * alone, ha_serve adds the socket system calls, mipd adds the netlink work
 * (routes, proxy ARP) and its event loop. It serves the bench_mns.h
 * population, answers on the socket it received on (the replies of one
 * recvmmsg batch together with one sendmmsg, as mipd), counts the other
 * actions without executing them, and never touches the host's network
 * configuration. It runs until SIGINT or SIGTERM, then prints one
 * "bench=ha_serve ..." line with what it did.
 *
 * Usage: ha_serve [--mns N] [--addr ADDR] [--port N] [--ha ADDR/PLEN]
 * (default 100000 MNs, 127.0.0.1, port 434, 198.18.0.1/15).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_mns.h"
#include "bench_util.h"
#include "mip/mip_err.h"
#include "mip/mip_node.h"

#define BATCH 64
#define PKT_CAP 2048
#define NTP_UNIX 2208988800ULL

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct serve {
	struct mip_node *node;
	int fd;
	struct mip_ip4 ha_addr;
	uint64_t rx, tx, other_actions;
	/* replies queued during a received batch, sent with one sendmmsg
	 * at its end, as mipd does (plat_sock) */
	uint8_t out[BATCH][PKT_CAP];
	struct sockaddr_in to[BATCH];
	struct iovec iov[BATCH];
	struct mmsghdr msg[BATCH];
	size_t nout;
};

static struct mip_now
now_read(void)
{
	struct timespec m, w;
	struct mip_now n;

	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &w);
	n.mono = (mip_tstamp)m.tv_sec * MIP_SEC + (mip_tstamp)m.tv_nsec;
	n.ntp = (((uint64_t)w.tv_sec + NTP_UNIX) << 32) +
	    (((uint64_t)w.tv_nsec << 32) / 1000000000ULL);
	return n;
}

static void
flush(struct serve *s)
{
	size_t i = 0;
	int n;

	while (i < s->nout) {
		n = sendmmsg(s->fd, &s->msg[i], (unsigned)(s->nout - i), 0);
		if (n > 0) {
			i += (size_t)n;
			s->tx += (uint64_t)n;
		} else if (n < 0 && errno != EINTR) {
			perror("ha_serve: sendmmsg");
			i++; /* that datagram is lost; the others go on */
		}
	}
	s->nout = 0;
}

/* Executes the node's actions: UDP sends are queued, the rest counted. */
static void
drain(struct serve *s)
{
	struct mip_action a;
	size_t i;

	while (mip_node_poll_action(s->node, &a) == 1) {
		if (a.type != MIP_ACT_SEND || a.u.send.kind != MIP_PKT_UDP ||
		    a.u.send.len > PKT_CAP) {
			s->other_actions++;
			continue;
		}
		if (s->nout == BATCH)
			flush(s);
		i = s->nout++;
		memcpy(s->out[i], a.u.send.data, a.u.send.len);
		memset(&s->to[i], 0, sizeof(s->to[i]));
		s->to[i].sin_family = AF_INET;
		s->to[i].sin_addr.s_addr = htonl(a.u.send.dst.v);
		s->to[i].sin_port = htons(a.u.send.dport);
		s->iov[i].iov_base = s->out[i];
		s->iov[i].iov_len = a.u.send.len;
		memset(&s->msg[i], 0, sizeof(s->msg[i]));
		s->msg[i].msg_hdr.msg_name = &s->to[i];
		s->msg[i].msg_hdr.msg_namelen = sizeof(s->to[i]);
		s->msg[i].msg_hdr.msg_iov = &s->iov[i];
		s->msg[i].msg_hdr.msg_iovlen = 1;
	}
}

static int
on_datagram(struct serve *s, const uint8_t *buf, size_t len,
    const struct sockaddr_in *from)
{
	struct mip_pkt_in p;
	struct mip_now now = now_read();
	int rc;

	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = BENCH_CORE_IF;
	p.src.v = ntohl(from->sin_addr.s_addr);
	p.dst = s->ha_addr;
	p.sport = ntohs(from->sin_port);
	p.dport = MIP_UDP_PORT;
	p.ttl = 64;
	p.data = buf;
	p.len = len;
	s->rx++;
	if ((rc = mip_node_handle_packet(s->node, &p, &now)) < 0) {
		fprintf(stderr, "ha_serve: %s\n", mip_strerror(rc));
		return -1;
	}
	drain(s);
	return 0;
}

static int
serve(struct serve *s)
{
	static uint8_t buf[BATCH][PKT_CAP];
	struct sockaddr_in from[BATCH];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct pollfd pfd = { s->fd, POLLIN, 0 };
	struct mip_now now;
	size_t k;
	int n;

	while (!stop) {
		memset(msg, 0, sizeof(msg));
		for (k = 0; k < BATCH; k++) {
			iov[k].iov_base = buf[k];
			iov[k].iov_len = PKT_CAP;
			msg[k].msg_hdr.msg_iov = &iov[k];
			msg[k].msg_hdr.msg_iovlen = 1;
			msg[k].msg_hdr.msg_name = &from[k];
			msg[k].msg_hdr.msg_namelen = sizeof(from[k]);
		}
		n = recvmmsg(s->fd, msg, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (poll(&pfd, 1, 100) < 0 && errno != EINTR) {
				perror("ha_serve: poll");
				return -1;
			}
		} else if (n < 0 && errno != EINTR) {
			perror("ha_serve: recvmmsg");
			return -1;
		}
		for (k = 0; n > 0 && k < (size_t)n; k++)
			if (on_datagram(s, buf[k], msg[k].msg_len, &from[k]))
				return -1;
		now = now_read();
		if (mip_node_next_expiry(s->node) <= now.mono) {
			if (mip_node_handle_expiry(s->node, &now) < 0)
				return -1;
			drain(s);
		}
		flush(s);
	}
	return 0;
}

static int
parse_args(int argc, char **argv, size_t *mns, struct sockaddr_in *addr,
    uint32_t *ha, uint8_t *plen)
{
	unsigned long long v;
	struct in_addr a;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *s = argv[i + 1];

		if (strcmp(k, "--mns") == 0 &&
		    bench_parse_num(s, 1U << 24, &v) == 0)
			*mns = (size_t)v;
		else if (strcmp(k, "--port") == 0 &&
		    bench_parse_num(s, 65535, &v) == 0)
			addr->sin_port = htons((uint16_t)v);
		else if (strcmp(k, "--addr") == 0 &&
		    inet_pton(AF_INET, s, &a) == 1)
			addr->sin_addr = a;
		else if (strcmp(k, "--ha") != 0 ||
		    bench_parse_prefix(s, ha, plen) != 0)
			break;
	}
	if (i != argc) {
		fprintf(stderr,
		    "usage: ha_serve [--mns N] [--addr ADDR] [--port N] "
		    "[--ha ADDR/PLEN]\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in addr;
	struct bench_mns m;
	static struct serve s; /* its reply queue is large for a stack */
	struct mip_rand rnd;
	struct mip_now now;
	struct sigaction sa;
	uint64_t rnd_state;
	size_t mns = 100000;
	uint32_t ha = BENCH_HA_ADDR;
	uint8_t plen = BENCH_HA_PLEN;
	int rc, buf = 4 << 20;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(MIP_UDP_PORT);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (parse_args(argc, argv, &mns, &addr, &ha, &plen) != 0)
		return 2;
	memset(&s, 0, sizeof(s));
	s.ha_addr.v = ha;
	if ((rc = bench_mns_init(&m, mns, ha, plen)) != 0) {
		fprintf(stderr, "ha_serve: %zu MNs in a /%u: %s\n", mns, plen,
		    mip_strerror(rc));
		return 1;
	}
	bench_rand_init(&rnd, &rnd_state, (uint64_t)time(NULL));
	now = now_read();
	rc = mip_node_new(&s.node, &m.cfg, &bench_mem, &rnd, &now);
	bench_mns_free(&m);
	if (rc != 0) {
		fprintf(stderr, "ha_serve: home agent: %s\n", mip_strerror(rc));
		return 1;
	}
	if ((s.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(s.fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf)) != 0 ||
	    bind(s.fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		perror("ha_serve: socket");
		mip_node_del(s.node);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Ready: scripts wait for this line before they start the load. */
	fprintf(stderr, "ha_serve: %zu MNs on %s:%u\n", mns,
	    inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
	rc = serve(&s);
	printf("bench=ha_serve mns=%zu rx=%llu tx=%llu other_actions=%llu\n",
	    mns, (unsigned long long)s.rx, (unsigned long long)s.tx,
	    (unsigned long long)s.other_actions);
	close(s.fd);
	mip_node_del(s.node);
	return rc == 0 ? 0 : 1;
}
