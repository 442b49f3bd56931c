/* SPDX-License-Identifier: ISC */
/*
 * The control-plane sockets of mipd: UDP port 434 (IP_PKTINFO for the
 * arrival interface and destination), raw ICMP for agent advertisements
 * and solicitations (joined to 224.0.0.11 and 224.0.0.1 on the links the
 * roles advertise or solicit on, RFC 5944 2.3, 2.4), and AF_PACKET on the
 * links where the core needs the link-layer source (an FA's visitor links,
 * RFC 5944 3.7.2.2; a mobile node's link, 2.4.1) and to send to a station
 * without ARP (3.7.3.2) and gratuitous ARP (4.6).
 *
 * Each received datagram is handed up once, as a struct mip_pkt_in.
 */
#ifndef PLAT_SOCK_H
#define PLAT_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "plat_loop.h"

struct plat_sock;

typedef void plat_rx_fn(void *arg, const struct mip_pkt_in *pkt);

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
	bool udp_any;  /* receive port |port| on every interface (HA) */
};

/* Opens and registers the sockets with |loop|. Returns 0 or -errno. */
int plat_sock_open(struct plat_sock **out, struct plat_loop *loop,
    const struct plat_sock_opts *o, plat_rx_fn *fn, void *arg);
void plat_sock_close(struct plat_sock *s); /* NULL is allowed */

/* Executes MIP_ACT_SEND. Returns 0 or -errno. */
int plat_sock_send(struct plat_sock *s, const struct mip_act_send *snd);

/* Executes MIP_ACT_ARP_ANNOUNCE: a gratuitous ARP request (and reply)
 * for |a->addr| with |a->hwaddr| on |a->ifindex| (RFC 5944 4.6). */
int plat_sock_arp_announce(struct plat_sock *s, const struct mip_act_neigh *a);

#endif
