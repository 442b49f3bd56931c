/* SPDX-License-Identifier: ISC */
/*
 * Proxy ARP answered from user space (RFC 5944 4.6): while a mobile node
 * is away, its home agent answers ARP requests for the home address on
 * the home link with the home link's own hardware address.
 *
 * Why not the kernel's proxy neighbour entries: the kernel keeps them in
 * 16 hash chains (pneigh), and every entry added walks its chain, so a
 * home agent with 100,000 away mobile nodes spent most of its time
 * comparing proxy entries (docs/benchmarks.md). Here the addresses are in
 * a hash table of our own and one AF_PACKET socket per link hears the
 * link's ARP. This is the only proxy mechanism mipd uses.
 */
#ifndef PLAT_ARP_H
#define PLAT_ARP_H

#include <stdbool.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "plat_loop.h"

struct plat_arp;

/* plat_arp_open: no link and no address yet; sockets open on demand. */
int plat_arp_open(struct plat_arp **out, struct plat_loop *loop);
/* Closes every link's socket; NULL is allowed. */
void plat_arp_close(struct plat_arp *a);

/*
 * plat_arp_proxy starts (|add|) or stops answering for |addr| on link
 * |ifindex|. The first address of a link opens its socket. Adding an
 * address twice, or removing one that is not there, is no error.
 * Returns 0 or a negative errno.
 */
int plat_arp_proxy(
    struct plat_arp *a, bool add, uint32_t ifindex, struct mip_ip4 addr);

#endif
