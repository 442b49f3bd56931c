/* SPDX-License-Identifier: ISC */
/*
 * The user-space data plane (architecture.md section 3) behind one small
 * interface; the TUN backend is the first, an eBPF backend may follow.
 *
 * Encapsulating: the kernel routes packets for a tunnelled host into the
 * TUN device (plat_dp_ifindex); the data plane reads them, finds the
 * tunnels for the inner destination (plat_dp_route: one copy per
 * simultaneous binding, RFC 5944 3.6.1.3) or, first, a reverse-tunnel rule
 * for the inner source (plat_dp_rule, RFC 3024 5.2), wraps them with
 * libmip's mip_encap (IP-in-IP, minimal, GRE) and sends them on a raw
 * socket. Decapsulating: raw sockets for protocols 4, 55 and 47 receive
 * tunnelled packets; one that matches a tunnel (outer source = remote,
 * outer destination = local, inner destination = home_addr, or with
 * |reverse| inner source = home_addr, RFC 3024 4.3.2) is unwrapped and
 * written to the TUN for the kernel to deliver or forward.
 *
 * Batched with recvmmsg/sendmmsg; with offloads the TUN carries
 * IFF_VNET_HDR TSO super-packets, segmented in user space before
 * encapsulation. Broadcasts from the home link (B, RFC 5944 4.3) are not
 * forwarded into tunnels yet.
 *
 * The host: the TUN gets rp_filter 0 and accept_local 1 here (decapsulated
 * datagrams come from anywhere); net.ipv4.conf.all.rp_filter must be 0 or
 * 2 (the higher of "all" and the device wins), and agents need
 * net.ipv4.ip_forward 1 to route into the TUN and onward from it. The
 * kernel must not decapsulate protocol 4 or 47 itself (no ipip/ip_gre
 * module with a catch-all tunl0/gre0), or tunnelled packets are
 * delivered twice. Opening needs CAP_NET_ADMIN and CAP_NET_RAW.
 */
#ifndef PLAT_DP_H
#define PLAT_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "mip/mip_node.h"
#include "plat_loop.h"

struct plat_dp;

struct plat_dp_opts {
	const char *tun_name; /* NULL: "mip%d" */
	bool offload;	      /* IFF_VNET_HDR with TSO/GRO */
	uint32_t mtu;	      /* of the TUN; 0: 1480 */
};

/*
 * Opens the TUN (up, with |mtu|) and the raw sockets, registers them with
 * |loop|. |mtu| is the path MTU towards the tunnel ends less IP in IP's 20
 * octets (1480 on Ethernet), so that full-sized IP in IP packets fit. An
 * encapsulated packet longer than the path MTU to its tunnel's remote end
 * (the kernel's, looked up when the tunnel is added and again when a send
 * says EMSGSIZE) is not lost silently (RFC 2003 5.1): with DF in the inner
 * header it is dropped as TOO_BIG and ICMP "fragmentation needed" with the
 * MTU left for the inner datagram goes back to its source, rate-limited
 * (RFC 1191); without DF the outer datagram is sent in fragments. Returns
 * 0 or -errno.
 */
int plat_dp_open(
    struct plat_dp **out, struct plat_loop *loop, const struct plat_dp_opts *o);
void plat_dp_close(struct plat_dp *dp); /* NULL is allowed */

/*
 * With a NULL |loop| nothing is registered and the caller drives the data
 * plane (tests, benchmarks): waits up to |timeout_ms| (-1: forever) and
 * handles what is ready. Returns the number of ready descriptors or
 * -errno.
 */
int plat_dp_poll(struct plat_dp *dp, int timeout_ms);

uint32_t plat_dp_ifindex(const struct plat_dp *dp);
const char *plat_dp_ifname(const struct plat_dp *dp);

/*
 * Table changes from the core's actions, with the simulator's meaning
 * (sim_apply.c). Return 0 or -errno: -ENOENT when removing what is not
 * there. Adding what is there is a no-op; a tunnel with an existing id is
 * changed in place and keeps its counters.
 * Only tunnel routes (tunnel_id nonzero, else -EINVAL) belong here; the
 * others are the kernel's. A rule matches on the source alone: the
 * kernel's policy rule into the TUN checked the arrival interface.
 */
int plat_dp_tunnel(
    struct plat_dp *dp, bool add, const struct mip_act_tunnel *t);
int plat_dp_route(struct plat_dp *dp, bool add, const struct mip_act_route *r);
int plat_dp_rule(struct plat_dp *dp, bool add, const struct mip_act_rule *r);

/* Counters of one tunnel (0 on success, -ENOENT if none). */
struct plat_dp_tstats {
	uint64_t encap_pkts, encap_bytes; /* sent into the tunnel */
	uint64_t decap_pkts, decap_bytes; /* received out of it */
};
int plat_dp_tunnel_stats(
    const struct plat_dp *dp, uint32_t id, struct plat_dp_tstats *out);

/* Drops of the data plane by reason. */
enum plat_dp_drop {
	PLAT_DP_DROP_NO_TUNNEL, /* nothing routes or matches it */
	PLAT_DP_DROP_MALFORMED, /* decapsulation failed */
	PLAT_DP_DROP_REVERSE,	/* reverse tunnel from a wrong source */
	PLAT_DP_DROP_TOO_BIG,	/* would exceed the path after encapsulation */
	PLAT_DP_DROP_IO,	/* send or write failed */
	PLAT_DP_DROP__COUNT,
};
const char *plat_dp_drop_name(enum plat_dp_drop d);
struct plat_dp_stats {
	uint64_t tun_rx, tun_tx, raw_rx, raw_tx; /* packets */
	uint64_t frag_needed;	  /* ICMP "fragmentation needed" sent */
	uint64_t fragmented;	  /* outer datagrams sent in fragments */
	uint64_t minimal_as_ipip; /* fragments sent IP in IP (RFC 2004 3) */
	uint64_t drops[PLAT_DP_DROP__COUNT];
};
void plat_dp_stats(const struct plat_dp *dp, struct plat_dp_stats *out);

#endif
