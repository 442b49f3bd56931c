/* SPDX-License-Identifier: ISC */
/*
 * The simulator's internal structures and the calls between its files:
 * the world and its event heap (sim_world.c), links and transmission
 * (sim_link.c), nodes, interfaces and hosting (sim_node.c), the data plane
 * (sim_fwd.c), action execution (sim_apply.c), traffic (sim_traffic.c) and
 * output (sim_trace.c). Nothing outside sim/ includes this.
 */
#ifndef MIP_SIM_INT_H
#define MIP_SIM_INT_H

#include <pcap/pcap.h>

#include "mip/mip_ip.h"
#include "sim.h"

/* Largest packet the data plane handles, plus room for encapsulation. */
#define SIM_PKT_MAX 65535
#define SIM_ENCAP_ROOM 64
#define SIM_MAX_DEPTH 4 /* tunnel nesting */

/* ---- PCG32 (O'Neill 2014), one stream per link and per hosted node ---- */

struct sim_pcg {
	uint64_t state;
	uint64_t inc;
};

void sim_pcg_seed(struct sim_pcg *g, uint64_t seed, uint64_t stream);
uint32_t sim_pcg32(struct sim_pcg *g);
/* A uniform draw in [0, bound] (bound < 2^32). */
uint32_t sim_pcg_upto(struct sim_pcg *g, uint32_t bound);
/* A uniform draw in [0, 1). */
double sim_pcg_unit(struct sim_pcg *g);

/* ---- growable arrays ---- */

/* sim_grow makes *(T **)|arrp| hold at least |need| elements of |elsize|.
 * Returns 0 or MIP_ERR_NOMEM. */
int sim_grow(void *arrp, size_t *cap, size_t need, size_t elsize);

/* A valid node, link, flow or phase name: 1 to SIM_NAME_MAX - 1 octets,
 * no blanks and no '=' (trace lines stay parseable). */
bool sim_name_ok(const char *name);

/* ---- events ---- */

enum sim_ev_kind {
	SIM_EV_DELIVER,
	SIM_EV_WAKEUP,
	SIM_EV_CALLBACK,
	SIM_EV_FLOW,
};

struct sim_iface;

struct sim_event {
	mip_tstamp at;
	uint64_t seq;
	enum sim_ev_kind kind;
	union {
		struct {
			struct sim_node *node;
			struct sim_iface *ifc; /* NULL: loopback */
			struct sim_link *link; /* attachment at send time */
			uint8_t src_hw[MIP_HWADDR_LEN];
			uint8_t *pkt; /* owned */
			size_t len;
		} dlv;
		struct {
			struct sim_node *node;
			uint64_t gen;
		} wake;
		struct {
			sim_callback_fn fn;
			void *arg;
		} cb;
		struct {
			struct sim_flow *flow;
		} flow;
	} u;
};

/* sim_event_new allocates a zeroed event; sim_event_push schedules it at
 * max(|at|, now) with the next seq. Both return NULL / MIP_ERR_NOMEM. */
struct sim_event *sim_event_new(enum sim_ev_kind kind);
int sim_event_push(struct sim_world *w, struct sim_event *ev, mip_tstamp at);

/* ---- the world ---- */

struct sim_phase {
	char name[SIM_NAME_MAX];
	mip_tstamp start;
};

struct sim_world {
	uint64_t seed;
	uint64_t epoch; /* NTP 32.32 at virtual time 0 */
	mip_tstamp now;
	uint64_t seq;
	uint64_t nevents;
	bool stopped;
	int fatal;

	struct sim_event **heap;
	size_t nheap, cheap;

	struct sim_node **nodes;
	size_t nnodes, cnodes;
	struct sim_link **links;
	size_t nlinks, clinks;
	struct sim_flow **flows;
	size_t nflows, cflows;
	struct sim_phase *phases;
	size_t nphases, cphases;

	sim_trace_fn trace_fn;
	void *trace_user;
	FILE *trace_file;
	uint32_t trace_mask;
	sim_action_fn act_fn;
	void *act_user;

	pcap_t *pcap;
	pcap_dumper_t *pcap_dump;
};

/* ---- links ---- */

struct sim_link {
	struct sim_world *w;
	size_t index;
	char name[SIM_NAME_MAX];
	struct sim_link_config cfg;
	struct sim_pcg rng;
	uint64_t mask_k;	    /* loss-mask position */
	struct sim_iface **members; /* attachment order */
	size_t nmembers, cmembers;
	struct sim_link_counters cnt;
	pcap_t *pcap;
	pcap_dumper_t *pcap_dump;
};

void sim_link_free(struct sim_link *l);
int sim_link_attach(struct sim_link *l, struct sim_iface *ifc);
void sim_link_detach(struct sim_link *l, struct sim_iface *ifc);

/*
 * sim_link_transmit puts |pkt| on |ifc|'s link addressed to |dst_hw|
 * (all ones: every other station): MTU, pcap, loss, then one delivery
 * event per receiver. The bytes are copied.
 */
void sim_link_transmit(struct sim_iface *ifc, const uint8_t dst_hw[6],
    const uint8_t *pkt, size_t len);

/* sim_deliver runs a SIM_EV_DELIVER event. */
void sim_deliver(struct sim_world *w, struct sim_event *ev);

extern const uint8_t sim_hw_bcast[MIP_HWADDR_LEN];

/* ---- nodes ---- */

struct sim_addr {
	struct mip_ip4 addr;
	uint8_t plen;
};

struct sim_iface {
	struct sim_node *node;
	uint32_t ifindex;
	char name[SIM_NAME_MAX];
	struct sim_link *link;
	struct sim_addr addrs[SIM_MAX_ADDRS]; /* [0] primary */
	size_t naddrs;
	uint8_t hw[MIP_HWADDR_LEN];
};

enum sim_route_origin {
	SIM_RT_CONNECTED,
	SIM_RT_STATIC,
	SIM_RT_ACTION,
};

struct sim_route {
	struct mip_act_route r;
	enum sim_route_origin origin;
};

struct sim_neigh {
	uint32_t ifindex;
	struct mip_ip4 addr;
	uint8_t hw[MIP_HWADDR_LEN];
};

/* Slots of a node's traffic-report rate limit (sim_fwd.c). */
#define SIM_TRAFFIC_RL_SLOTS 64

struct sim_node {
	struct sim_world *w;
	size_t index;
	char name[SIM_NAME_MAX];
	struct sim_iface *ifs[SIM_MAX_IFS];
	size_t nifs;
	bool forwarding;
	bool ingress_filter;
	int64_t skew;
	uint16_t ip_id;

	struct mip_node *mip;
	struct sim_pcg rng;
	uint64_t wake_gen;
	mip_tstamp wake_at;
	bool wake_armed;
	mip_tstamp wake_last; /* time of the last wakeup run */
	uint32_t wake_same;   /* wakeups run at that same time */

	struct sim_route *routes;
	size_t nroutes, croutes;
	struct mip_act_tunnel *tunnels;
	size_t ntunnels, ctunnels;
	struct mip_act_rule *rules;
	size_t nrules, crules;
	struct sim_neigh *neighs; /* static */
	size_t nneighs, cneighs;
	struct sim_neigh *proxies; /* hw unused */
	size_t nproxies, cproxies;
	struct sim_neigh *arp; /* learned cache */
	size_t narp, carp;

	struct sim_node_counters cnt;
	/* Traffic reports (mip_node.h struct mip_traffic): the last time
	 * each key (kind and up to three addresses or ids) was reported,
	 * direct-mapped by a hash of the key. */
	struct {
		uint32_t key[4];
		mip_tstamp last;
	} traffic_rl[SIM_TRAFFIC_RL_SLOTS];
};

void sim_node_free(struct sim_node *n);
struct sim_iface *sim_node_if(const struct sim_node *n, uint32_t ifindex);

/* sim_node_drain executes every queued engine action, then re-arms the
 * node's wakeup. */
void sim_node_drain(struct sim_node *n);
/* sim_node_wakeup runs a SIM_EV_WAKEUP event (stale ones are ignored). */
void sim_node_wakeup(struct sim_world *w, struct sim_event *ev);
/* sim_node_fatal records a fatal engine return code in the world. */
void sim_node_check_rc(struct sim_node *n, int rc);

/* Tables (sim_apply.c uses them; sim_node.c adds connected routes). */
int sim_route_insert(struct sim_node *n, const struct mip_act_route *r,
    enum sim_route_origin origin);
int sim_route_remove(struct sim_node *n, const struct mip_act_route *r);
void sim_arp_learn(struct sim_node *n, uint32_t ifindex, struct mip_ip4 addr,
    const uint8_t hw[MIP_HWADDR_LEN], bool create);
void sim_arp_flush_if(struct sim_node *n, uint32_t ifindex);

/* ---- data plane (sim_fwd.c) ---- */

/* A packet arrived on |ifindex| (0: loopback) from |src_hw| (may be NULL). */
void sim_fwd_input(struct sim_node *n, uint32_t ifindex, const uint8_t *src_hw,
    const uint8_t *pkt, size_t len);
/* A locally originated packet: rules, FIB, tunnels, link. */
void sim_fwd_output(struct sim_node *n, const uint8_t *pkt, size_t len);
/*
 * Send a locally built packet the way MIP_ACT_SEND asks: |ifindex| 0 is
 * sim_fwd_output; otherwise routes out of that interface only (no
 * tunnels), falling back to on-link.
 */
void sim_fwd_output_if(
    struct sim_node *n, uint32_t ifindex, const uint8_t *pkt, size_t len);
/* The source address for a packet to |dst| (primary of the out if). */
struct mip_ip4 sim_fwd_pick_src(const struct sim_node *n, struct mip_ip4 dst);
/* Schedule |pkt| for delivery to |n| itself (loopback, no delay). */
void sim_fwd_loopback(struct sim_node *n, const uint8_t *pkt, size_t len);
/* Whether |a| is one of |n|'s interface addresses. */
bool sim_is_own_addr(const struct sim_node *n, struct mip_ip4 a);
/* Count a drop and trace it. */
void sim_drop(
    struct sim_node *n, enum sim_drop reason, const uint8_t *pkt, size_t len);

/* ---- actions (sim_apply.c) ---- */

/* IPv4 prefix helpers. */
static inline uint32_t
sim_mask(uint8_t plen)
{
	return plen == 0 ? 0
			 : (plen >= 32 ? 0xffffffffU : ~(0xffffffffU >> plen));
}

static inline bool
sim_in_prefix(struct mip_ip4 a, struct mip_ip4 net, uint8_t plen)
{
	return ((a.v ^ net.v) & sim_mask(plen)) == 0;
}

/* ---- traffic (sim_traffic.c) ---- */

void sim_flow_free(struct sim_flow *f);
void sim_flow_tick(struct sim_world *w, struct sim_event *ev);
/* A UDP payload / an echo reply reached |n| locally: true if a flow's. */
bool sim_traffic_udp_rx(struct sim_node *n, const uint8_t *payload, size_t len);
bool sim_traffic_echo_rx(struct sim_node *n, const uint8_t *body, size_t len);
/* The phase packets sent now belong to. */
uint32_t sim_phase_current(const struct sim_world *w);

/* ---- trace and pcap (sim_trace.c) ---- */

/*
 * sim_tr emits a trace line of category |cat|: "t=.. node=NAME ev=EV " +
 * the formatted rest. Cheap when the category is masked out.
 */
void sim_tr(struct sim_world *w, uint32_t cat, const char *node, const char *ev,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool sim_tr_on(const struct sim_world *w, uint32_t cat);
/* "a.b.c.d" into |buf| (16 bytes). */
const char *sim_ip_str(struct mip_ip4 a, char buf[16]);
/* "aa:bb:cc:dd:ee:ff" into |buf| (18 bytes). */
const char *sim_hw_str(const uint8_t hw[MIP_HWADDR_LEN], char buf[18]);
/* "mn", "fa+ha", ... for a MIP_ROLE_* mask into |buf| (16 bytes). */
const char *sim_roles_str(uint32_t roles, char buf[16]);
/* A one-line description of an IPv4 packet ("src=.. dst=.. proto=.."). */
void sim_pkt_describe(const uint8_t *pkt, size_t len, char *buf, size_t cap);
/* Which SIM_PKT_* class |pkt| is. */
uint32_t sim_pkt_class(const uint8_t *pkt, size_t len);
/* Trace an executed action. */
void sim_tr_action(struct sim_node *n, const struct mip_action *act, int rc);
/* Write a transmission on |l| to the pcap files. */
void sim_pcap_write(struct sim_link *l, const uint8_t *pkt, size_t len);
void sim_link_pcap_close(struct sim_link *l);

#endif
