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
 * Route Optimization (mip_node.h struct mip_traffic; sim/sim_fwd.c is
 * the reference): a packet sent into a tunnel is reported TUNNELLED, the
 * first of a (tunnel, inner source) at once and then at most once a
 * second. A tunnel no route leads into accepts the forward direction
 * (inner destination = home_addr) from any outer source (a correspondent
 * tunnels straight to the care-of address); one a route leads into (a
 * binding, a cache entry) only from its remote end. A tunnelled packet no
 * tunnel matches is reported UNMATCHED (at most once a second per outer
 * source, inner source and destination), the report's actions are
 * applied at once by the caller, and the packet is looked at again: a
 * tunnel that now matches takes it; else, when its inner destination is
 * routed into a tunnel, it is re-tunnelled (unwrapped and wrapped for
 * that tunnel); else it is dropped NO_TUNNEL. A special tunnel (RO spec
 * 3: IP in IP whose outer destination is its inner one, a home address)
 * read from the TUN passes every tunnel route but those of tunnels with
 * |special|: such a tunnel gets the inner packet, unless the outer
 * source is the tunnel's remote end (dropped LOOP); reported SPECIAL
 * either way. With no special tunnel it is sent on as it is, past the
 * tunnel routes.
 *
 * Our own packets never come back: the TUN's routes belong in their own
 * table, looked up by a rule that skips packets marked PLAT_DP_FWMARK
 * ("not fwmark PLAT_DP_FWMARK lookup TABLE"), and the data plane's
 * sending socket marks every packet it sends (SO_MARK; the socket that
 * asks for path MTUs too, so it sees the same route). So an outer packet
 * whose destination is itself routed into the TUN (a foreign agent's
 * special tunnel to a home address it holds a cache entry for) takes
 * the host's other routes, and a special tunnel sent on past the tunnel
 * routes cannot re-enter the TUN. Without such a table and rule (tests)
 * the mark changes nothing.
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

/* The mark of every packet the data plane sends (see above). */
#define PLAT_DP_FWMARK 0x4dU

/*
 * A traffic report for the node (mip_node_handle_traffic). Called from
 * inside the data plane's input (loop callbacks, plat_dp_poll), in the
 * middle of a batch; the callee executes the node's actions before it
 * returns and may change the tables (plat_dp_tunnel, _route, _rule), not
 * close the data plane.
 */
typedef void plat_dp_report_fn(void *arg, const struct mip_traffic *tr);

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

/* Reports go to |fn| (NULL: none, as after opening). */
void plat_dp_set_report(struct plat_dp *dp, plat_dp_report_fn *fn, void *arg);

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
	PLAT_DP_DROP_LOOP,	/* special tunnel from the tunnel's remote */
	PLAT_DP_DROP_TTL,	/* re-tunnelled with TTL 1 (RFC 791) */
	PLAT_DP_DROP__COUNT,
};
const char *plat_dp_drop_name(enum plat_dp_drop d);
struct plat_dp_stats {
	uint64_t tun_rx, tun_tx, raw_rx, raw_tx; /* packets */
	uint64_t frag_needed;	  /* ICMP "fragmentation needed" sent */
	uint64_t fragmented;	  /* outer datagrams sent in fragments */
	uint64_t minimal_as_ipip; /* fragments sent IP in IP (RFC 2004 3) */
	uint64_t reports;	  /* traffic reports handed over */
	uint64_t retunnelled;	  /* unmatched, sent on by a tunnel route */
	uint64_t special_fwd;	  /* special tunnels unwrapped and sent on */
	uint64_t special_past;	  /* special tunnels sent past the tunnels */
	uint64_t drops[PLAT_DP_DROP__COUNT];
};
void plat_dp_stats(const struct plat_dp *dp, struct plat_dp_stats *out);

#endif
