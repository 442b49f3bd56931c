/* SPDX-License-Identifier: ISC */
/*
 * Scenario files for mipsim: the text format of docs/mipsim.md parsed into
 * plain data (struct scn). The parser is total: any byte string gives a
 * scenario or one error naming the file, the line and what is wrong. It
 * checks names (everything is declared before it is used), ranges and the
 * rules a simulator cannot run without; it builds nothing. mipsim_run.c turns
 * a struct scn into a world and runs it.
 *
 * Node configurations are filled in the core's own types (struct
 * mip_ha_config, mip_fa_config, mip_mn_config, mip_sa_config), with the
 * interface numbering mipsim uses: a node's Nth "iface" line is ifindex N
 * (1-based). Array pointers inside those structs are set by scn_node_config
 * and stay valid while the scenario lives.
 */
#ifndef SIM_SCRIPT_H
#define SIM_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip/mip.h"
#include "mip/mip_node.h"
#include "mip/mip_sa.h"

#define SCN_NAME_MAX 32
#define SCN_MAX_LINE 1024
#define SCN_MAX_SEGMENTS 64
#define SCN_MAX_NODES 128
#define SCN_MAX_IFS 8
#define SCN_MAX_ROUTES 32
#define SCN_MAX_SAS 16
#define SCN_MAX_HA_MNS 64
#define SCN_MAX_FLOWS 64
#define SCN_MAX_PHASES 64
#define SCN_MAX_STEPS 4096
#define SCN_MAX_TIME (1000000ULL * MIP_SEC) /* 11.5 days of virtual time */
#define SCN_PATH_MAX 256 /* a file named in a scenario (rsa-key=) */

/* Roles beyond the core's MIP_ROLE_*: plain IPv4 nodes. */
#define SCN_ROLE_ROUTER 0x100U /* forwards between its interfaces */
#define SCN_ROLE_HOST 0x200U   /* an end host (correspondent, attacker) */
/* The roles a libmip engine plays. */
#define SCN_ROLES_ENGINE (MIP_ROLE_MN | MIP_ROLE_FA | MIP_ROLE_HA | MIP_ROLE_CN)

/* Packet classes a segment's loss applies to (sim.h SIM_PKT_*). */
#define SCN_LOSS_REG 0x01U  /* UDP to or from port 434 */
#define SCN_LOSS_DISC 0x02U /* agent advertisements and solicitations */
#define SCN_LOSS_DATA 0x04U /* everything else */

struct scn_segment {
	char name[SCN_NAME_MAX];
	unsigned line;
	mip_duration delay;
	mip_duration jitter;
	uint32_t mtu;	       /* 0: the simulator's default */
	uint32_t loss_ppm;     /* random loss, parts per million */
	uint64_t loss_mask;    /* bit k mod len: drop the k-th matching frame */
	uint8_t loss_mask_len; /* 0: no mask */
	uint32_t loss_classes; /* SCN_LOSS_*; 0: all */
};

struct scn_if {
	char name[SCN_NAME_MAX];
	int seg;	     /* index into scn.segs, -1: not attached */
	struct mip_ip4 addr; /* 0.0.0.0/0: no address */
	uint8_t plen;
	bool has_hwaddr; /* else the simulator assigns one */
	uint8_t hwaddr[MIP_HWADDR_LEN];
};

struct scn_route {
	struct mip_ip4 dst;
	uint8_t plen;
	struct mip_ip4 gw; /* 0.0.0.0: on-link */
	uint32_t ifindex;  /* 0: found from the gateway */
};

struct scn_node {
	char name[SCN_NAME_MAX];
	unsigned line;
	uint32_t roles;	     /* MIP_ROLE_* | SCN_ROLE_* */
	int64_t skew_ns;     /* wall clock offset: ntp = epoch + mono + skew */
	bool ingress_filter; /* RFC 2827: drop sources not routed back */
	struct scn_if ifs[SCN_MAX_IFS];
	size_t nifs;
	struct scn_route routes[SCN_MAX_ROUTES];
	size_t nroutes;
	struct mip_sa_config sas[SCN_MAX_SAS];
	size_t nsas;
	bool has_ha, has_fa, has_mn, has_cn;
	struct mip_ha_config ha;
	struct mip_ha_mn_config ha_mns[SCN_MAX_HA_MNS];
	bool ha_ro; /* ro-peer= given: Route Optimization at the HA */
	struct mip_ha_ro_config ha_ro_cfg;
	struct mip_ro_peer_config ro_peers[SCN_MAX_SAS];
	struct mip_cn_config cn;
	struct mip_fa_config fa;
	struct mip_fa_link_config fa_links[SCN_MAX_IFS];
	struct mip_mn_config mn;
	/* "ro NODE": the Route Optimization profile without another reason
	 * for it, and the smooth-handoff bit (profile.s_mask, 0: unused). */
	bool ro;
	uint16_t s_mask;
	/* rsa-key= of the mn or fa line: the key pair's file, relative to
	 * the scenario's directory; mipsim_run loads it (the parser reads
	 * no file but the scenario). Empty: none. */
	char rsa_key[SCN_PATH_MAX];
	unsigned rsa_key_line;
};

enum scn_flow_kind {
	SCN_FLOW_UDP,  /* constant-rate UDP stream with sequence numbers */
	SCN_FLOW_PING, /* ICMP echo requests; replies are what is counted */
};

struct scn_flow {
	char name[SCN_NAME_MAX];
	unsigned line;
	enum scn_flow_kind kind;
	int node; /* sender */
	struct mip_ip4 dst;
	mip_duration interval; /* between packets */
	uint16_t size;	       /* payload octets */
	uint16_t port;	       /* UDP destination port */
	mip_tstamp start, stop;
};

/* Comparison of an expectation. */
enum scn_cmp {
	SCN_LT,
	SCN_LE,
	SCN_EQ,
	SCN_NE,
	SCN_GE,
	SCN_GT,
};

/* How an expectation's value reads. */
enum scn_unit {
	SCN_UNIT_COUNT, /* a plain integer */
	SCN_UNIT_PPM,	/* a fraction of "sent", in parts per million */
	SCN_UNIT_NS,	/* a duration */
};

/* Per-flow quantities. */
enum scn_flow_q {
	SCN_FQ_SENT,
	SCN_FQ_DELIVERED,
	SCN_FQ_LOST,
	SCN_FQ_DUPLICATED,
	SCN_FQ_REORDERED,
	SCN_FQ_LATENCY_MIN,
	SCN_FQ_LATENCY_AVG,
	SCN_FQ_LATENCY_MAX,
	SCN_FQ__COUNT,
};

/*
 * Per-node quantities: the engine's counters (mip_node_stats), the
 * simulated data plane's (sim_node_counters) and tables the run tracks
 * from the engines' notifications. REPLIES, DROPS and DP_DROPS take an
 * index (a code, an enum mip_drop, a sim data-plane drop); DROPS and
 * DP_DROPS without one sum every reason.
 */
enum scn_node_q {
	SCN_NQ_RX,
	SCN_NQ_TX,
	SCN_NQ_REG_REQUESTS,
	SCN_NQ_REPLIES,
	SCN_NQ_DROPS,
	SCN_NQ_ADVERTISEMENTS,
	SCN_NQ_SOLICITATIONS,
	SCN_NQ_IP_RX,
	SCN_NQ_IP_TX,
	SCN_NQ_FORWARDED,
	SCN_NQ_TUNNELLED, /* packets encapsulated by this node */
	SCN_NQ_TUNNELLED_BYTES,
	SCN_NQ_DECAPSULATED,
	SCN_NQ_DECAPSULATED_BYTES,
	SCN_NQ_DP_DROPS,
	SCN_NQ_BINDINGS, /* HA: bindings held now */
	SCN_NQ_VISITORS, /* FA: visitors listed now */
	SCN_NQ_CACHE,	 /* CN: binding cache entries held now */
	SCN_NQ_REG_TIME, /* MN: its last registration, first request to
			    accepted reply, in ns (a time value) */
	SCN_NQ__COUNT,
};

enum scn_expect_kind {
	SCN_EXP_REGISTERED,   /* MN: an HA holds a binding for its home_addr */
	SCN_EXP_UNREGISTERED, /* MN: no HA holds one */
	SCN_EXP_FLOW,
	SCN_EXP_NODE,
};

struct scn_expect {
	enum scn_expect_kind kind;
	int node;   /* SCN_EXP_REGISTERED/UNREGISTERED/NODE */
	int flow;   /* SCN_EXP_FLOW */
	int phase;  /* SCN_EXP_FLOW: index into scn.phases, -1: whole run */
	unsigned q; /* enum scn_flow_q or enum scn_node_q */
	int index;  /* reply code or enum mip_drop; -1: none */
	char index_name[SCN_NAME_MAX]; /* DP_DROPS: resolved by the run */
	enum scn_cmp cmp;
	enum scn_unit unit;
	uint64_t value;
	char text[96]; /* the expectation as written, for reports */
};

enum scn_step_kind {
	SCN_STEP_MOVE,	 /* an interface moves to another segment */
	SCN_STEP_PHASE,	 /* a new phase begins */
	SCN_STEP_CMD,	 /* an operator command to a node */
	SCN_STEP_REPLAY, /* re-send a registration request seen earlier */
	SCN_STEP_SKEW,	 /* a node's clock skew changes */
	SCN_STEP_EXPECT,
};

struct scn_step {
	enum scn_step_kind kind;
	mip_tstamp at;
	bool at_end; /* "expect" without "at": checked when the run ends */
	unsigned line;
	int node;
	uint32_t ifindex; /* MOVE */
	int seg;	  /* MOVE: destination, -1 detaches */
	bool has_addr;	  /* MOVE: address on the new link (co-located) */
	struct mip_ip4 addr;
	uint8_t plen;
	struct mip_ip4 gw;	  /* MOVE: default route there, 0.0.0.0: none */
	enum mip_cmd_kind cmd;	  /* CMD */
	struct mip_ip4 cmd_home;  /* CMD: flush */
	int phase;		  /* PHASE */
	unsigned nth;		  /* REPLAY: which request seen (1-based) */
	int64_t skew_ns;	  /* SKEW */
	struct scn_expect expect; /* EXPECT */
};

struct scn {
	uint64_t seed;
	mip_tstamp end; /* when the run stops */
	struct scn_segment segs[SCN_MAX_SEGMENTS];
	size_t nsegs;
	struct scn_node *nodes; /* SCN_MAX_NODES, allocated */
	size_t nnodes;
	struct scn_flow flows[SCN_MAX_FLOWS];
	size_t nflows;
	char phases[SCN_MAX_PHASES][SCN_NAME_MAX]; /* [0] is "start" */
	size_t nphases;
	struct scn_step *steps; /* SCN_MAX_STEPS, allocated; in file order */
	size_t nsteps;
};

/* Where and why parsing failed: "file:line: msg". */
struct scn_err {
	char file[128];
	unsigned line;
	char msg[192];
};

/*
 * scn_parse parses |len| bytes of |text| (need not be NUL-terminated; NUL
 * bytes are an error) named |file| in messages into |s|, which it
 * initialises. On failure |s| is freed and |err| (may be NULL) names the
 * line and the problem.
 *
 * Returns 0, MIP_ERR_MALFORMED (a parse error) or MIP_ERR_NOMEM.
 */
int scn_parse(struct scn *s, const char *text, size_t len, const char *file,
    struct scn_err *err);

/*
 * scn_load reads the file at |path| and parses it as scn_parse does.
 * Returns 0, MIP_ERR_MALFORMED, MIP_ERR_NOMEM or MIP_ERR_NOTFOUND (the file
 * cannot be read; |err| says why).
 */
int scn_load(struct scn *s, const char *path, struct scn_err *err);

/* scn_free releases what scn_parse allocated; a zeroed |s| is allowed. */
void scn_free(struct scn *s);

/*
 * scn_node_config fills |cfg| for node |i| of |s|, pointing into |s|.
 * With |ifs| (SCN_MAX_IFS entries) the interfaces are listed there with
 * ifindex 1, 2, ... and a placeholder hardware address; with |ifs| NULL
 * cfg->nifs is 0 (the simulator fills in its own interfaces).
 */
void scn_node_config(const struct scn *s, size_t i, struct mip_node_config *cfg,
    struct mip_if_config *ifs);

/* The segment, node, flow or phase called |name|, or -1. */
int scn_find_segment(const struct scn *s, const char *name);
int scn_find_node(const struct scn *s, const char *name);
int scn_find_flow(const struct scn *s, const char *name);

/* Static names: "registered", "delivered", "replies", "<", ">=" ... */
const char *scn_flow_q_name(enum scn_flow_q q);
const char *scn_node_q_name(enum scn_node_q q);
const char *scn_cmp_name(enum scn_cmp c);

/* scn_cmp_eval applies |c| to |have| and |want|. */
bool scn_cmp_eval(enum scn_cmp c, uint64_t have, uint64_t want);

/* The default scenario compiled into mipsim (sim/scenarios/default.scn). */
extern const char scn_default_text[];
extern const size_t scn_default_len;

#endif
