/* SPDX-License-Identifier: ISC */
/*
 * The control-plane sockets of mipd: UDP port 434 (IP_PKTINFO for the
 * arrival interface and destination), raw ICMP for agent advertisements
 * and solicitations (joined to 224.0.0.11 and 224.0.0.1 on the links the
 * roles advertise or solicit on, RFC 5944 2.3, 2.4) and ICMP Destination
 * Unreachable, and AF_PACKET on the links where the core needs the
 * link-layer source (an FA's visitor links, RFC 5944 3.7.2.2; a mobile
 * node's link, 2.4.1) and to send to a station without ARP (3.7.3.2) and
 * gratuitous ARP (4.6).
 *
 * Each received datagram is handed up once, as a struct mip_pkt_in: the
 * kernel's UDP and ICMP sockets decide what is addressed to this host; on
 * need_hwaddr links a capture socket only adds the sender's MAC address.
 * Needs CAP_NET_RAW (raw and packet sockets) and, for port 434,
 * CAP_NET_BIND_SERVICE.
 */
#ifndef PLAT_SOCK_H
#define PLAT_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "plat_loop.h"

struct plat_sock;

/*
 * Called from the loop for each datagram handed up; |pkt| and its data
 * are valid only during the call. It must not call plat_sock_close.
 */
typedef void plat_rx_fn(void *arg, const struct mip_pkt_in *pkt);
/* Called after the last datagram of a received batch (see |done|). */
typedef void plat_rx_done_fn(void *arg);

/* One link and what the roles need on it. */
struct plat_sock_link {
	uint32_t ifindex;
	bool agent;	  /* advertises: join 224.0.0.11, hear solicitations */
	bool mobile;	  /* mobile node: join 224.0.0.1, hear advertisements */
	bool need_hwaddr; /* receive with the link-layer source */
};

struct plat_sock_opts {
	const struct plat_sock_link *links;
	size_t nlinks;
	uint16_t port; /* 0: 434 (RFC 5944 3.1); tests and benchmarks vary it */
	/* true: hand up UDP from every interface (agents: an HA hears every
	 * care-of address, an FA its HAs' replies on its uplink); false:
	 * only from the listed links. */
	bool udp_any;
	/* When set, called with the rx callback's |arg| after every batch
	 * of received datagrams, before the UDP sends queued meanwhile go
	 * out (plat_sock_send): where a caller commits what the batch
	 * changed, once. NULL: nothing to do. */
	plat_rx_done_fn *done;
};

/*
 * plat_sock_open copies |o| and opens, and registers with |loop|:
 *  - a UDP socket bound to INADDR_ANY:|port| (SO_BROADCAST, IP_PKTINFO,
 *    IP_RECVTTL), read in batches with recvmmsg. Each datagram becomes a
 *    MIP_PKT_UDP with data = the UDP payload, ifindex = the arrival
 *    interface, dst = the header's destination (a unicast address, the
 *    subnet broadcast or 255.255.255.255), ttl, sport and dport = |port|.
 *    Datagrams over 4096 octets are dropped as truncated.
 *  - a raw ICMP socket passing only types 3, 9 and 10 (ICMP_FILTER),
 *    joined to 224.0.0.11 on agent links and 224.0.0.1 on mobile links,
 *    with multicast loopback off. A message becomes a MIP_PKT_ICMP with
 *    data = the whole ICMP message (header and body, checksum verified)
 *    and src, dst, ttl from its IP header. Solicitations (10) are handed
 *    up only from agent links, advertisements (9) only from mobile links,
 *    Destination Unreachable (3) from every interface.
 *  - per need_hwaddr link, an AF_PACKET capture socket (ETH_P_ALL, a BPF
 *    filter for IPv4 UDP to |port| and ICMP 3/9/10, fragments dropped)
 *    that notes the source MAC of each valid frame; a UDP or ICMP datagram
 *    read on that link gets has_hwaddr and src_hwaddr from the frame it
 *    came in (matched by addresses, ports or IP Identification, and
 *    length). If the frame was not seen, it is handed up without.
 *  - an AF_PACKET socket for sending frames.
 * Every failure is logged with the syscall and interface. Returns 0 or
 * -errno; on failure nothing stays open.
 */
int plat_sock_open(struct plat_sock **out, struct plat_loop *loop,
    const struct plat_sock_opts *o, plat_rx_fn *fn, void *arg);
/* Removes the sockets from the loop and closes them; NULL is allowed. */
void plat_sock_close(struct plat_sock *s);

/*
 * plat_sock_send executes MIP_ACT_SEND:
 *  - with |has_hwaddr|: the IPv4 datagram is built here (TTL |ttl| or 64)
 *    and sent in one frame to |dst_hwaddr| on |ifindex| (required), with
 *    no route lookup and no ARP (RFC 5944 3.7.3.2);
 *  - from 0.0.0.0 to a broadcast or group address with |ifindex| set: the
 *    same, to ff:ff:ff:ff:ff:ff or the group's MAC (RFC 1112 6.4);
 *  - else UDP on the UDP socket, ICMP on the raw socket (the core's
 *    message with its checksum recomputed), with IP_PKTINFO (out of
 *    |ifindex|, from |src|, when nonzero: so 255.255.255.255 leaves by
 *    |ifindex|) and IP_TTL per datagram when |ttl| is nonzero (also for
 *    multicast).
 * UDP always leaves from |port|: |sport| must be 434 or |port|. Returns 0,
 * -EINVAL (kind not UDP or ICMP, longer than 4096 octets, an ICMP message
 * under 4 octets, another source port, has_hwaddr without ifindex) or the
 * -errno of the send.
 */
int plat_sock_send(struct plat_sock *s, const struct mip_act_send *snd);
int plat_sock_send(struct plat_sock *s, const struct mip_act_send *snd);
/*
 * Sends made from the rx callback (or |done|) while a received batch is
 * handled are queued when they are plain UDP, and leave together with one
 * sendmmsg at the end of the batch, or sooner when the queue is full or
 * when another kind of send must keep its place after them. Their errors
 * are logged here (rate-limited); plat_sock_send returns 0 for them.
 */

/*
 * plat_sock_arp_announce executes MIP_ACT_ARP_ANNOUNCE: on |a->ifindex|,
 * one broadcast ARP request and one broadcast ARP reply, each with sender
 * and target protocol address |a->addr| and sender hardware address
 * |a->hwaddr| (the reply's target hardware address too), RFC 5944 4.6.
 * The core repeats the call as it sees fit. Returns 0, -EINVAL (ifindex
 * 0) or the -errno of the send.
 */
int plat_sock_arp_announce(struct plat_sock *s, const struct mip_act_neigh *a);

#endif
