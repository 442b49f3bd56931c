/* SPDX-License-Identifier: ISC */
/*
 * mipsim's world: a deterministic discrete-event IPv4 network that hosts
 * unchanged struct mip_node engines. Virtual time in ns; one event heap
 * ordered by (time, seq); broadcast segments ("links") with delay, jitter,
 * loss and an MTU; nodes with interfaces, a longest-prefix-match FIB, an
 * ARP cache, static neighbours, proxy-ARP entries, a tunnel table and
 * reverse-tunnel rules, all changed by the same actions the daemon
 * executes (sim_apply_action); forwarding and encapsulation with libmip's
 * mip_encap code; ping and constant-rate UDP flows; a key=value trace and
 * pcap output.
 *
 * Determinism contract: nothing here depends on pointer values, hashing,
 * the wall clock or libc rand. Everything iterates in creation/insertion
 * order and every random draw comes from a PCG32 stream derived from the
 * world seed (one per link, one per hosted node). The same seed and the
 * same sequence of API calls give a byte-identical trace.
 *
 * Identifiers: nodes and links have names (unique, at most
 * SIM_NAME_MAX - 1 characters) and are numbered in creation order;
 * interfaces are numbered per node from 1 (the ifindex the hosted
 * mip_node sees). Everything the world creates is freed by sim_world_del.
 *
 * Errors are the libmip codes (mip_err.h): 0 on success, MIP_ERR_INVAL,
 * MIP_ERR_EXIST, MIP_ERR_NOTFOUND, MIP_ERR_NOMEM, MIP_ERR_STATE, or what
 * mip_node_new returned.
 */
#ifndef MIP_SIM_H
#define MIP_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mip/mip.h"
#include "mip/mip_node.h"

#define SIM_NAME_MAX 32
#define SIM_MAX_IFS 8	     /* interfaces per node */
#define SIM_MAX_ADDRS 4	     /* addresses per interface (primary first) */
#define SIM_DEFAULT_MTU 1500 /* link MTU when the config says 0 */
#define SIM_DEFAULT_TTL 64

/* NTP 32.32 of virtual time 0 by default: 2026-01-01T00:00:00Z. */
#define SIM_NTP_EPOCH_DEFAULT (3976214400ULL << 32)

struct sim_world;
struct sim_link;
struct sim_node;
struct sim_flow;

/* ================================================================ world */

/*
 * sim_world_new creates an empty world at virtual time 0 whose random
 * streams derive from |seed|. Returns 0 or MIP_ERR_NOMEM.
 */
int sim_world_new(struct sim_world **out, uint64_t seed);

/* sim_world_del frees the world, its nodes (mip_node_del), links, flows
 * and events, and closes pcap files. NULL is allowed. */
void sim_world_del(struct sim_world *w);

/* The current virtual time (ns since the start of the run). */
mip_tstamp sim_now(const struct sim_world *w);

/* The world seed. */
uint64_t sim_seed(const struct sim_world *w);

/* sim_set_epoch sets the NTP 32.32 wall-clock value of virtual time 0,
 * from which every node's mip_now.ntp derives (plus its skew). */
void sim_set_epoch(struct sim_world *w, uint64_t ntp);

/*
 * sim_run_until processes every event due at or before |until| in
 * (time, seq) order, then leaves the clock at |until| (unless stopped).
 * Returns 0 when |until| was reached, 1 when a callback called sim_stop
 * (the clock stays at that event's time), or a fatal error (<= -500) a
 * hosted node returned.
 */
int sim_run_until(struct sim_world *w, mip_tstamp until);

/* sim_stop makes the running sim_run_until return 1 after this event. */
void sim_stop(struct sim_world *w);

/* Events processed so far (deliveries, wakeups, callbacks, flow ticks;
 * stale wakeups excluded). For benchmarks. */
uint64_t sim_events(const struct sim_world *w);

/*
 * A scheduled callback: at virtual time |at| (clamped to now) the world
 * calls fn(w, arg). Callbacks at equal times run in the order they were
 * scheduled, after events already queued for that time. A callback may
 * call any function here, including sim_at and sim_stop. Returns 0 or
 * MIP_ERR_NOMEM.
 */
typedef void (*sim_callback_fn)(struct sim_world *w, void *arg);
int sim_at(struct sim_world *w, mip_tstamp at, sim_callback_fn fn, void *arg);

/* ================================================================ links */

/* Packet classes, for loss that hits only some traffic. */
#define SIM_PKT_REG 0x01U  /* UDP to or from port 434 */
#define SIM_PKT_DISC 0x02U /* ICMP router advertisement or solicitation */
#define SIM_PKT_DATA 0x04U /* everything else (tunnels, flows, pings) */
#define SIM_PKT_ALL (SIM_PKT_REG | SIM_PKT_DISC | SIM_PKT_DATA)

/*
 * A broadcast segment. Every transmission reaches the addressed station
 * (or all others for a broadcast) after |delay| plus a uniform draw in
 * [0, |jitter|] from the link's stream (jitter can reorder). A
 * transmission longer than |mtu| (0: SIM_DEFAULT_MTU) is dropped and
 * counted (no fragmentation). Loss applies to transmissions whose class
 * is in |loss_classes| (0 means SIM_PKT_ALL); each such transmission is
 * lost when either
 *   - |loss_mask_len| > 0 and bit (k mod loss_mask_len) of |loss_mask| is
 *     set, k being the number of such transmissions since the link was
 *     (re)configured, starting at 0 (bit 0 = the first); or
 *   - a draw from the link's stream is below |loss| (0.0 to 1.0).
 * A lost broadcast is lost for every receiver.
 */
struct sim_link_config {
	mip_duration delay;
	mip_duration jitter;
	uint32_t mtu;
	double loss;
	uint64_t loss_mask;
	uint8_t loss_mask_len; /* 0 (no mask) to 64 */
	uint32_t loss_classes; /* SIM_PKT_*; 0 = all */
};

struct sim_link_counters {
	uint64_t tx, tx_bytes; /* transmissions, lost ones included */
	uint64_t lost;	       /* of those, lost by probability or mask */
	uint64_t mtu_drops;
	uint64_t no_station; /* unicast to a hwaddr nobody on the link has */
};

/* sim_link_new adds a link. Returns 0, MIP_ERR_INVAL (bad name or
 * config), MIP_ERR_EXIST (name taken), MIP_ERR_NOMEM. */
int sim_link_new(struct sim_world *w, const char *name,
    const struct sim_link_config *cfg, struct sim_link **out);

/* sim_link_configure replaces the link's config at run time and restarts
 * the loss-mask counter. Returns 0 or MIP_ERR_INVAL. */
int sim_link_configure(struct sim_link *l, const struct sim_link_config *cfg);

struct sim_link *sim_link_find(const struct sim_world *w, const char *name);
size_t sim_link_count(const struct sim_world *w);
struct sim_link *sim_link_at(const struct sim_world *w, size_t i);
const char *sim_link_name(const struct sim_link *l);
const struct sim_link_config *sim_link_get_config(const struct sim_link *l);
const struct sim_link_counters *sim_link_counters(const struct sim_link *l);

/* ================================================================ nodes */

/*
 * Drop reasons of the simulated data plane (not the engines': those are
 * enum mip_drop in mip_node_stats). sim_drop_name gives snake_case names.
 */
enum sim_drop {
	SIM_DROP_BAD_PACKET,	 /* IPv4/UDP/ICMP header does not decode */
	SIM_DROP_TTL,		 /* TTL would reach 0 when forwarding */
	SIM_DROP_NO_ROUTE,	 /* no FIB entry */
	SIM_DROP_ARP,		 /* next hop not resolvable on the link */
	SIM_DROP_NOT_FORWARDING, /* transit packet at a host */
	SIM_DROP_INGRESS,	 /* ingress filter: source not via arrival if */
	SIM_DROP_NO_TUNNEL,	 /* tunnelled packet matches no tunnel entry */
	SIM_DROP_ENCAP,		 /* mip_encap_packet/mip_decap_packet failed */
	SIM_DROP_DETACHED,	 /* output interface on no link */
	SIM_DROP_NO_LISTENER,	 /* local packet nobody consumes */
	SIM_DROP_LOOP,		 /* tunnel nesting deeper than 4 */
	SIM_DROP__COUNT,
};

const char *sim_drop_name(enum sim_drop reason);

struct sim_node_counters {
	uint64_t rx, tx;	     /* IPv4 packets received / transmitted */
	uint64_t forwarded;	     /* transit packets routed on */
	uint64_t to_engine;	     /* handed to the hosted mip_node */
	uint64_t encap, encap_bytes; /* packets (inner bytes) tunnelled */
	uint64_t decap, decap_bytes; /* packets (inner bytes) detunnelled */
	uint64_t echo_replies;	     /* ICMP echo requests answered */
	uint64_t drops[SIM_DROP__COUNT];
};

/* sim_node_new adds a node without interfaces or engine. Returns 0,
 * MIP_ERR_INVAL, MIP_ERR_EXIST, MIP_ERR_NOMEM. */
int sim_node_new(struct sim_world *w, const char *name, struct sim_node **out);

struct sim_node *sim_node_find(const struct sim_world *w, const char *name);
size_t sim_node_count(const struct sim_world *w);
struct sim_node *sim_node_at(const struct sim_world *w, size_t i);
const char *sim_node_name(const struct sim_node *n);
struct sim_world *sim_node_world(const struct sim_node *n);
const struct sim_node_counters *sim_node_counters(const struct sim_node *n);

/*
 * An interface. |link| may be NULL (detached). Without |has_hwaddr| the
 * hardware address is 02:00:00:NN:NN:II (node number, ifindex). The
 * primary address |addr|/|plen| gets a connected route (when |plen| > 0).
 */
struct sim_if_config {
	const char *name; /* e.g. "eth0"; NULL: "if<ifindex>" */
	struct sim_link *link;
	struct mip_ip4 addr;
	uint8_t plen;
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN];
};

/* sim_if_add adds an interface; |*ifindex| (may be NULL) gets its number
 * (1, 2, ... per node). Returns 0, MIP_ERR_INVAL, MIP_ERR_LIMIT
 * (SIM_MAX_IFS), MIP_ERR_NOMEM. */
int sim_if_add(
    struct sim_node *n, const struct sim_if_config *cfg, uint32_t *ifindex);

/* Interface introspection; NULL / 0 for an unknown ifindex. */
size_t sim_if_count(const struct sim_node *n); /* ifindexes 1..count */
const char *sim_if_name(const struct sim_node *n, uint32_t ifindex);
struct sim_link *sim_if_link(const struct sim_node *n, uint32_t ifindex);
/* Fills |*out| with the ifindex's primary address, plen and hwaddr. */
int sim_if_get(
    const struct sim_node *n, uint32_t ifindex, struct mip_if_config *out);
/* The ifindex of the interface named |name|, or 0. */
uint32_t sim_if_find(const struct sim_node *n, const char *name);

/*
 * sim_if_add_addr adds a secondary address (with its connected route) and
 * tells the hosted node MIP_LINK_ADDR (a co-located care-of address).
 * sim_if_del_addr removes a secondary address and its connected route.
 * Return 0, MIP_ERR_NOTFOUND (ifindex/address), MIP_ERR_EXIST,
 * MIP_ERR_LIMIT (SIM_MAX_ADDRS), MIP_ERR_INVAL (the primary address).
 */
int sim_if_add_addr(
    struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr, uint8_t plen);
int sim_if_del_addr(struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr);

/*
 * sim_move re-attaches interface |ifindex| to |link| (the node moved),
 * flushes the ARP cache entries learned on that interface, and gives the
 * hosted node MIP_LINK_UP. |link| NULL detaches it and gives
 * MIP_LINK_DOWN. Packets in flight to the old attachment are lost.
 * Returns 0 or MIP_ERR_NOTFOUND.
 */
int sim_move(struct sim_node *n, uint32_t ifindex, struct sim_link *link);

/*
 * Node behaviour switches. Forwarding (router): transit packets are routed
 * with TTL decrement; a host drops them. sim_node_host turns forwarding on
 * for nodes with the FA or HA role. Ingress filter (RFC 2827): a transit
 * packet is dropped unless the route back to its source leaves through
 * the interface it arrived on (reverse tunnelling, RFC 3024, gets past
 * it). Clock skew is added to the node's NTP wall clock (mip_now.ntp).
 */
void sim_node_set_forwarding(struct sim_node *n, bool on);
void sim_node_set_ingress_filter(struct sim_node *n, bool on);
void sim_node_set_skew(struct sim_node *n, int64_t skew_ns);

/* The node's view of now: mono = virtual time, ntp = epoch + mono + skew. */
struct mip_now sim_node_now(const struct sim_node *n);

/*
 * sim_route_add adds a static route (as a MIP_ACT_ROUTE_ADD would):
 * |dst|/|plen| via |gw| (0.0.0.0 = on-link) out of |ifindex|. Returns 0,
 * MIP_ERR_INVAL (unknown ifindex, plen > 32), MIP_ERR_NOMEM.
 */
int sim_route_add(struct sim_node *n, struct mip_ip4 dst, uint8_t plen,
    struct mip_ip4 gw, uint32_t ifindex);

/*
 * sim_node_host creates the hosted mip_node from |cfg| at the current
 * time, with a malloc-backed allocator and a PCG32 random stream of its
 * own. When |cfg->nifs| is 0 the node's interfaces (ifindex, primary
 * address, plen, hwaddr) are passed in instead. Actions it queues are
 * executed at once and its wakeup is armed. Returns 0, MIP_ERR_STATE
 * (already hosting), or mip_node_new's error.
 */
int sim_node_host(struct sim_node *n, const struct mip_node_config *cfg);

/* The hosted engine or NULL (for mip_node_stats). */
struct mip_node *sim_node_mip(const struct sim_node *n);

/*
 * sim_node_cmd / sim_node_link hand an operator command or a link event
 * to the hosted node now, execute its actions and re-arm its wakeup.
 * Return what the mip_node entry point returned, or MIP_ERR_STATE when
 * the node hosts no engine.
 */
int sim_node_cmd(struct sim_node *n, const struct mip_cmd *cmd);
int sim_node_link(struct sim_node *n, const struct mip_link_event *ev);

/*
 * sim_apply_action executes one action as if node |n| had emitted it:
 * SEND builds IPv4+UDP/ICMP and transmits (directly to |dst_hwaddr| when
 * given, else routed; 255.255.255.255 and 224.0.0.0/4 go out as link
 * broadcasts on |ifindex|); TUNNEL_*, ROUTE_*, RULE_*, NEIGH_*, PROXY_*
 * change the node's tables; ARP_ANNOUNCE updates the existing ARP cache
 * entries of every other station on the link (RFC 826 merge); NOTIFY
 * becomes a trace line. Every action is traced and passed to the action
 * hook. Returns 0, MIP_ERR_NOTFOUND (a DEL that matches nothing: traced,
 * harmless), MIP_ERR_INVAL (unknown ifindex or type), MIP_ERR_NOMEM.
 *
 * Semantics of the tables (mip_node.h documents the actions):
 *  - routes: longest prefix wins; among equal prefixes the first added
 *    wins, except that all equal-prefix tunnel routes each get a copy
 *    (simultaneous bindings, RFC 5944 3.6.1.3).
 *  - rules: a transit packet from |src| arriving on |ifindex| (0: any
 *    interface, and locally originated packets too) goes into tunnel
 *    |tunnel_id| before the FIB is consulted.
 *  - tunnels: see "tunnelled packets" at sim_node_inject.
 *  - neighbours: a static entry beats the ARP cache; a proxy entry makes
 *    the node answer ARP for |addr| on |ifindex|'s link.
 */
int sim_apply_action(struct sim_node *n, const struct mip_action *act);

/*
 * sim_node_inject hands the IPv4 packet |pkt| to node |n| as if it had
 * arrived on |ifindex| (0: generated locally and routed out). Processing
 * order at a node: decode; local destination (one of its addresses,
 * 255.255.255.255, 224.0.0.0/4 or a directed broadcast of an attached
 * subnet) -> tunnelled packets (IP protocol 4, 55, 47) are matched against
 * the tunnel table (outer dst = local, outer src = remote, inner dst =
 * home_addr, or inner src = home_addr when |reverse|: RFC 3024 4.3.2),
 * decapsulated and processed again as arriving from the tunnel; UDP from
 * or to port 434 and ICMP types 9/10 go to the hosted engine; echo
 * requests are answered; echo replies and flow packets go to the flows;
 * transit -> ingress filter, reverse-tunnel rules, TTL, FIB. The packet is
 * copied. Returns 0 (the packet may have been dropped and counted) or
 * MIP_ERR_INVAL.
 */
int sim_node_inject(
    struct sim_node *n, uint32_t ifindex, const uint8_t *pkt, size_t len);

/*
 * Table introspection for tests and metrics: how many entries of each
 * kind a node holds, and whether |addr| resolves on |ifindex| from the
 * node's point of view (static neighbour, then ARP cache) to |hw|
 * (may be NULL). sim_arp_lookup returns true when an entry exists.
 */
size_t sim_node_route_count(const struct sim_node *n);
size_t sim_node_tunnel_count(const struct sim_node *n);
bool sim_arp_lookup(const struct sim_node *n, uint32_t ifindex,
    struct mip_ip4 addr, uint8_t hw[MIP_HWADDR_LEN]);

/* ========================================================== traffic */

enum sim_flow_kind {
	SIM_FLOW_PING, /* ICMP echo; a reply counts as delivered; latency = RTT */
	SIM_FLOW_UDP, /* UDP with seq + send time; the receiver counts */
};

/*
 * A traffic generator on node |from|. It sends |count| packets (0:
 * unlimited) every |interval| from max(|start|, now) until |stop|
 * (MIP_TSTAMP_NONE or 0: never). |src| 0.0.0.0 means the primary address
 * of the outgoing interface. |size| is the payload length (UDP) or the
 * echo data length (ping), at least SIM_FLOW_HDR_LEN (smaller values are
 * raised). UDP uses |sport| -> |dport| (0: 5000 -> 5001). Whatever node
 * accepts a flow packet as local counts it (the flow id is in the
 * payload), so the receiver may move.
 */
struct sim_flow_config {
	enum sim_flow_kind kind;
	const char *name; /* unique among flows; NULL: "flow<N>" */
	struct sim_node *from;
	struct mip_ip4 src, dst;
	uint16_t sport, dport;
	uint8_t ttl; /* 0: SIM_DEFAULT_TTL */
	mip_duration interval;
	uint32_t size;
	uint32_t count;
	mip_tstamp start, stop;
};

#define SIM_FLOW_HDR_LEN 24 /* magic, flow id, seq, phase, send time */

/*
 * Counts for a flow, whole or one phase (packets are attributed to the
 * phase in which they were SENT). |lost| = |sent| - |delivered|, so
 * packets still in flight count as lost. |reordered|: first deliveries
 * of a sequence number lower than one already delivered. Latency is over
 * first deliveries: one-way for UDP, round trip for ping.
 */
struct sim_flow_stats {
	uint64_t sent;
	uint64_t delivered;
	uint64_t lost;
	uint64_t duplicates;
	uint64_t reordered;
	mip_duration lat_min, lat_max, lat_sum; /* lat_min 0 when none */
};

/* One sent packet, by sequence number (0, 1, ...). */
struct sim_flow_pkt {
	mip_tstamp sent_at;
	uint32_t phase;
	uint32_t deliveries; /* 0: lost (so far) */
	mip_tstamp first_rx_at;
};

/* sim_flow_new creates and starts a flow. Returns 0, MIP_ERR_INVAL (no
 * node, zero interval), MIP_ERR_EXIST (name), MIP_ERR_NOMEM. */
int sim_flow_new(struct sim_world *w, const struct sim_flow_config *cfg,
    struct sim_flow **out);

/* sim_flow_stop stops sending now (deliveries are still counted). */
void sim_flow_stop(struct sim_flow *f);

struct sim_flow *sim_flow_find(const struct sim_world *w, const char *name);
size_t sim_flow_count(const struct sim_world *w);
struct sim_flow *sim_flow_at(const struct sim_world *w, size_t i);
const char *sim_flow_name(const struct sim_flow *f);
enum sim_flow_kind sim_flow_kind(const struct sim_flow *f);
const struct sim_flow_config *sim_flow_get_config(const struct sim_flow *f);

/* sim_flow_stats fills |*out| for phase |phase| (-1: all phases). */
void sim_flow_stats(
    const struct sim_flow *f, int phase, struct sim_flow_stats *out);

/* Packets sent so far, and the record of packet |seq| (MIP_ERR_NOTFOUND
 * when not sent yet). */
uint64_t sim_flow_sent(const struct sim_flow *f);
int sim_flow_pkt(
    const struct sim_flow *f, uint64_t seq, struct sim_flow_pkt *out);

/*
 * Phases. Phase 0 ("start") begins at time 0. sim_phase_mark begins a new
 * phase named |name| now and returns its index; if the current phase
 * began at this very time it is renamed instead (so "at 0s phase home"
 * names phase 0). Returns the index (>= 0), MIP_ERR_INVAL, MIP_ERR_NOMEM.
 */
int sim_phase_mark(struct sim_world *w, const char *name);
size_t sim_phase_count(const struct sim_world *w);
const char *sim_phase_name(const struct sim_world *w, size_t i);
mip_tstamp sim_phase_start(const struct sim_world *w, size_t i);
/* The index of the phase named |name|, or -1. */
int sim_phase_find(const struct sim_world *w, const char *name);

/* ========================================================== outputs */

/* Trace categories (sim_set_trace_mask). */
#define SIM_TR_CTRL 0x01U   /* link tx/loss of registration and discovery */
#define SIM_TR_DATA 0x02U   /* link tx/loss of data, flow deliveries */
#define SIM_TR_ACT 0x04U    /* actions executed (routes, tunnels, ...) */
#define SIM_TR_NOTE 0x08U   /* NOTIFY actions of the engines */
#define SIM_TR_DROP 0x10U   /* data-plane drops */
#define SIM_TR_NODE 0x20U   /* packets handed to engines, moves, commands */
#define SIM_TR_SCRIPT 0x40U /* lines from sim_trace (scripts) */
#define SIM_TR_ALL 0x7fU

/*
 * The trace: one line per event, "t=SEC.USEC node=NAME ev=KIND k=v ...",
 * without a trailing newline, times printed from integer ns (6 decimals,
 * truncated). |line| is valid during the call only.
 */
typedef void (*sim_trace_fn)(void *user, const char *line);
void sim_set_trace(struct sim_world *w, sim_trace_fn fn, void *user);
/* Convenience: write each line plus '\n' to |f| (NULL: no trace). */
void sim_set_trace_file(struct sim_world *w, FILE *f);
/* Which categories are produced (default SIM_TR_ALL). */
void sim_set_trace_mask(struct sim_world *w, uint32_t mask);

/*
 * sim_trace emits "t=... node=NAME ev=EV " followed by the printf-style
 * rest (category SIM_TR_SCRIPT). |node| NULL prints "node=-".
 */
void sim_trace(struct sim_world *w, const char *node, const char *ev,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The action hook sees every action a node executes (engine-emitted or
 * sim_apply_action), NOTIFY included, after it was applied. For the
 * script engine's expectations ("state=registered within=5s").
 */
typedef void (*sim_action_fn)(
    void *user, struct sim_node *n, const struct mip_action *act);
void sim_set_action_hook(struct sim_world *w, sim_action_fn fn, void *user);

/*
 * sim_state_name names state |state| of the engine role |role| (one
 * MIP_ROLE_* bit) as MIP_NOTE_STATE reports it: "registered", ...;
 * "unknown" otherwise. Static strings.
 */
const char *sim_state_name(uint32_t role, unsigned state);

/*
 * pcap output (libpcap, DLT_RAW, timestamps = virtual time, microsecond
 * precision). sim_pcap_open writes every transmission on every link to
 * one file; sim_link_pcap_open writes one link's. A transmission is
 * written once (not per receiver) when it goes on the wire, lost ones
 * included (they were sent). MTU drops are not written. Files are
 * flushed and closed by sim_world_del or sim_pcap_close. Returns 0,
 * MIP_ERR_STATE (already open), MIP_ERR_INVAL (cannot open |path|).
 */
int sim_pcap_open(struct sim_world *w, const char *path);
int sim_link_pcap_open(struct sim_link *l, const char *path);
void sim_pcap_close(struct sim_world *w); /* all files */

#endif
