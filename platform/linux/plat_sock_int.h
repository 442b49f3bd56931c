/* SPDX-License-Identifier: ISC */
/*
 * Internals of plat_sock*.c: the socket set, the receive batch shared by
 * the UDP and ICMP sockets, and the link-layer capture of need_hwaddr
 * links (plat_sock_packet.c).
 */
#ifndef PLAT_SOCK_INT_H
#define PLAT_SOCK_INT_H

#include <sys/socket.h>

#include <netinet/in.h>

#include "plat_log.h"
#include "plat_sock.h"

#define PLAT_SOCK_BATCH 64
/* Larger datagrams arrive truncated and are dropped: registration
 * messages and advertisements are far smaller. */
#define PLAT_SOCK_MSG_MAX 4096
/* Link-layer sources remembered per link until the socket reads the
 * datagram they came with. */
#define PLAT_SOCK_HW_RING 32
#define PLAT_SOCK_DEFAULT_TTL 64

/*
 * What identifies a datagram both in the captured frame and in what the
 * UDP or ICMP socket reads: addresses, protocol, lengths, and the ports
 * (UDP) or the IP Identification (ICMP; raw sockets show the header).
 */
struct plat_sock_key {
	struct mip_ip4 src, dst;
	uint8_t proto;
	uint16_t sport, dport; /* UDP */
	uint16_t ip_id;	       /* ICMP */
	size_t len;	       /* UDP payload or ICMP message */
};

struct plat_sock_seen {
	struct plat_sock_key key;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	bool valid;
};

/* The capture socket of one need_hwaddr link. */
struct plat_sock_cap {
	struct plat_sock *s;
	uint32_t ifindex;
	int fd;
	struct plat_sock_seen ring[PLAT_SOCK_HW_RING];
	size_t next;
};

/* One recvmmsg batch. */
struct plat_sock_rx {
	struct mmsghdr msgs[PLAT_SOCK_BATCH];
	struct iovec iov[PLAT_SOCK_BATCH];
	struct sockaddr_in from[PLAT_SOCK_BATCH];
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo)) +
		    CMSG_SPACE(sizeof(int))];
	} ctl[PLAT_SOCK_BATCH];
	uint8_t data[PLAT_SOCK_BATCH][PLAT_SOCK_MSG_MAX];
};

/* UDP sends queued while a received batch is handled (plat_sock_send). */
struct plat_sock_tx {
	struct mmsghdr msgs[PLAT_SOCK_BATCH];
	struct iovec iov[PLAT_SOCK_BATCH];
	struct sockaddr_in to[PLAT_SOCK_BATCH];
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo)) +
		    CMSG_SPACE(sizeof(int))];
	} ctl[PLAT_SOCK_BATCH];
	uint8_t data[PLAT_SOCK_BATCH][PLAT_SOCK_MSG_MAX];
	size_t n;
};

struct plat_sock {
	struct plat_loop *loop;
	plat_rx_fn *fn;
	plat_rx_done_fn *done;
	void *arg;
	bool in_batch; /* handling a received batch: UDP sends are queued */
	uint16_t port;
	bool udp_any;
	struct plat_sock_link *links;
	size_t nlinks;
	struct plat_sock_cap *caps;
	size_t ncaps;
	int udp_fd;
	int icmp_fd;
	int tx_fd; /* AF_PACKET, send only */
	uint16_t ip_id;
	struct plat_ratelimit rl;
	struct plat_sock_rx rx;
	struct plat_sock_tx tx;
};

/* The link |ifindex| as configured, or NULL. */
const struct plat_sock_link *plat_sock_link_find(
    const struct plat_sock *s, uint32_t ifindex);

typedef void plat_sock_one_fn(
    struct plat_sock *s, const struct mmsghdr *mm, const uint8_t *data);

/* Reads one batch (recvmmsg) from |fd| and passes each datagram to |one|;
 * |what| names the socket in error messages. */
void plat_sock_recv_batch(
    struct plat_sock *s, int fd, const char *what, plat_sock_one_fn *one);

/* Finds IP_PKTINFO (arrival ifindex, header destination) and IP_TTL in
 * |m|'s control data; absent ones leave the outputs untouched. */
void plat_sock_rx_cmsg(
    const struct msghdr *m, uint32_t *ifindex, struct mip_ip4 *dst, int *ttl);

/* Sends |data|[0..len) on |fd| to |snd->dst|:|port| with IP_PKTINFO (out
 * of |snd->ifindex|, from |snd->src|, when either is nonzero) and IP_TTL
 * (when |snd->ttl| is nonzero). Returns 0 or -errno. */
int plat_sock_sendmsg(int fd, const struct mip_act_send *snd,
    const uint8_t *data, size_t len, uint16_t port);

/* Sends the queued UDP datagrams (plat_sock_tx), if any. */
void plat_sock_tx_flush(struct plat_sock *s);

/* The raw ICMP socket (plat_sock_icmp.c). */
int plat_sock_icmp_open(struct plat_sock *s);
int plat_sock_icmp_send(struct plat_sock *s, const struct mip_act_send *snd);

/*
 * Link-layer capture and transmission (plat_sock_packet.c).
 * plat_sock_cap_open opens the capture socket of every need_hwaddr link.
 * plat_sock_hw_lookup reads what the link's capture socket holds, then
 * looks for the newest unused frame matching |key| on |ifindex|; on a
 * match it copies its source to |hwaddr|, uses it up and returns true.
 */
int plat_sock_cap_open(struct plat_sock *s);
void plat_sock_cap_close(struct plat_sock *s);
bool plat_sock_hw_lookup(struct plat_sock *s, uint32_t ifindex,
    const struct plat_sock_key *key, uint8_t hwaddr[MIP_HWADDR_LEN]);

/* Builds the IPv4 datagram of |snd| and sends it in one frame to |hw| on
 * |snd->ifindex| (AF_PACKET): no routing, no ARP. */
int plat_sock_frame_send(struct plat_sock *s, const struct mip_act_send *snd,
    const uint8_t hw[MIP_HWADDR_LEN]);

#endif
