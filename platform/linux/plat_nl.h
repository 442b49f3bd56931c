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

/*
 * Batching. plat_nl_route, _rule, _neigh and _proxy only queue their
 * request (each with NLM_F_ACK) in a batch buffer; plat_nl_commit sends
 * the whole batch with one sendmsg and reads every ACK. A batch that is
 * full (64 KiB or 1,024 requests) is sent before the next request is
 * queued, so no call ever blocks for long. The daemon commits after it
 * has executed the actions of one event. The kernel carries the requests
 * out in order; a refused one does not stop those after it. Other calls
 * that talk to the kernel (flush_own, if_info, the monitor's start) send
 * the pending batch first, so the order of the calls is kept.
 *
 * Each refusal is logged (plat_log, rate-limited) with what it was about
 * and why: "netlink: route add 192.0.2.10/32 dev 3 table 254: No such
 * device". A repeat of what is already so is no failure: -EEXIST on an
 * add, -ENOENT or -ESRCH on a delete. Routes, neighbour and proxy
 * entries are added with NLM_F_REPLACE (ours replaces an entry with the
 * same key; adding twice is harmless), rules with NLM_F_EXCL (a repeat is
 * -EEXIST, never a second copy).
 *
 * The queueing calls return 0, or a negative errno for a request that
 * could not be queued (-EINVAL: |plen| > 32; -ENXIO/-ENODEV: a rule's
 * |iif| has no name). plat_nl_commit returns 0, or the first failure
 * (negative errno) of any request since the previous plat_nl_commit,
 * also of those sent early because the batch was full.
 */
int plat_nl_open(struct plat_nl **out); /* 0 or a negative errno */
void plat_nl_close(struct plat_nl *nl); /* sends what is queued; NULL ok */
int plat_nl_commit(struct plat_nl *nl);

/* |table| 0 means main. |gw| 0.0.0.0: on-link. |oif| 0: any (delete) or
 * the one the kernel picks for |gw|. */
int plat_nl_route(struct plat_nl *nl, bool add, struct mip_ip4 dst,
    uint8_t plen, uint32_t oif, struct mip_ip4 gw, uint32_t table);
/* from |src|/32 [iif |iif|, 0 = any] lookup |table| (0: main), priority
 * |prio|. */
int plat_nl_rule(struct plat_nl *nl, bool add, struct mip_ip4 src, uint32_t iif,
    uint32_t table, uint32_t prio);
/* "not fwmark |mark| lookup |table|", priority |prio|: every packet but
 * those marked |mark| (nonzero) looks |table| up (plat_dp.h). */
int plat_nl_rule_nomark(
    struct plat_nl *nl, bool add, uint32_t mark, uint32_t table, uint32_t prio);
/* NUD_PERMANENT entry |addr| -> |hw| on |ifindex| (|hw| unused on delete). */
int plat_nl_neigh(struct plat_nl *nl, bool add, uint32_t ifindex,
    struct mip_ip4 addr, const uint8_t hw[MIP_HWADDR_LEN]);
/* Proxy-ARP entry (NTF_PROXY) for |addr| on |ifindex|. */
int plat_nl_proxy(
    struct plat_nl *nl, bool add, uint32_t ifindex, struct mip_ip4 addr);

/* Deletes every IPv4 route (all tables), rule and neighbour/proxy entry
 * tagged PLAT_RTPROT (the kernel reports NDA_PROTOCOL for proxy entries
 * too); |*removed| (may be NULL) counts them. Returns 0 or the first
 * failure; failures of requests queued before it stay for the next
 * plat_nl_commit. */
int plat_nl_flush_own(struct plat_nl *nl, unsigned *removed);

/* Interface facts: index by name (0 if none), hardware address, first
 * IPv4 address and prefix length (0.0.0.0/0: none), MTU, up (IFF_UP and
 * carrier, IFF_LOWER_UP). plat_nl_if_info returns 0 or a negative errno
 * (-ENODEV: no such interface). */
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
 * to |fn|; a separate netlink socket registered with |loop|. A link is up
 * when it is IFF_UP with carrier (IFF_LOWER_UP); UP and DOWN are reported
 * when that changes (a new link that is up: UP; a removed one that was
 * up: DOWN). ADDR comes with every RTM_NEWADDR of an IPv4 address. |fn|
 * may queue and commit requests, not close |nl|. Once per |nl|: 0,
 * -EALREADY, or a negative errno.
 */
typedef void plat_link_fn(void *arg, const struct mip_link_event *ev);
int plat_nl_monitor(
    struct plat_nl *nl, struct plat_loop *loop, plat_link_fn *fn, void *arg);

#endif
