/* SPDX-License-Identifier: ISC */
/*
 * Kernel tables over rtnetlink (libmnl): routes, policy rules, static
 * neighbour and proxy-ARP entries. Everything mipd installs carries
 * PLAT_RTPROT (routes and rules: rtm_protocol / FRA_PROTOCOL;
 * neighbours: NDA_PROTOCOL), so that plat_nl_flush_own removes exactly
 * what a daemon left behind: at start-up (reconcile) and on exit.
 * Also the interface facts the configuration does not carry, and a
 * monitor of link and address changes for the mobile node.
 */
#ifndef PLAT_NL_H
#define PLAT_NL_H

#include <stdbool.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "plat_loop.h"

#define PLAT_RTPROT 0x4d /* 77: not in the kernel's rtnetlink.h list */

struct plat_nl;

/* Each returns 0 or a negative errno (-EEXIST on add and -ENOENT/-ESRCH
 * on delete are reported, the caller decides whether they matter). */
int plat_nl_open(struct plat_nl **out);
void plat_nl_close(struct plat_nl *nl); /* NULL is allowed */

/* |table| 0 means main. |gw| 0.0.0.0: on-link. */
int plat_nl_route(struct plat_nl *nl, bool add, struct mip_ip4 dst,
    uint8_t plen, uint32_t oif, struct mip_ip4 gw, uint32_t table);
/* from |src|/32 [iif |iif|, 0 = any] lookup |table|, priority |prio|. */
int plat_nl_rule(struct plat_nl *nl, bool add, struct mip_ip4 src, uint32_t iif,
    uint32_t table, uint32_t prio);
/* NUD_PERMANENT entry |addr| -> |hw| on |ifindex|. */
int plat_nl_neigh(struct plat_nl *nl, bool add, uint32_t ifindex,
    struct mip_ip4 addr, const uint8_t hw[MIP_HWADDR_LEN]);
/* Proxy-ARP entry (NTF_PROXY) for |addr| on |ifindex|. */
int plat_nl_proxy(
    struct plat_nl *nl, bool add, uint32_t ifindex, struct mip_ip4 addr);

/* Deletes every route (all tables), rule and neighbour/proxy entry
 * tagged PLAT_RTPROT; |*removed| (may be NULL) counts them. */
int plat_nl_flush_own(struct plat_nl *nl, unsigned *removed);

/* Interface facts: index by name (0 if none), hardware address, first
 * IPv4 address and prefix length, MTU, up/carrier. */
struct plat_if_info {
	uint32_t ifindex;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	struct mip_ip4 addr;
	uint8_t plen;
	uint32_t mtu;
	bool up;
};
uint32_t plat_nl_ifindex(const char *name);
int plat_nl_if_info(
    struct plat_nl *nl, uint32_t ifindex, struct plat_if_info *out);

/*
 * Monitor: link up/down and IPv4 address additions on any interface become
 * struct mip_link_event (MIP_LINK_UP, MIP_LINK_DOWN, MIP_LINK_ADDR) handed
 * to |fn|; a separate netlink socket registered with |loop|.
 */
typedef void plat_link_fn(void *arg, const struct mip_link_event *ev);
int plat_nl_monitor(
    struct plat_nl *nl, struct plat_loop *loop, plat_link_fn *fn, void *arg);

#endif
