/* SPDX-License-Identifier: ISC */
/*
 * Running a scenario: run_scenario builds a sim world from a parsed struct scn
 * (links, nodes, interfaces, routes, hosted engines, flows), schedules its
 * timed steps, follows the engines' notifications (bindings, visitors,
 * registration requests for "replay"), checks every expectation and keeps
 * the results for the summary (mipsim_report.c) and the JSON metrics
 * (sim_metrics.c).
 */
#ifndef MIPSIM_RUN_H
#define MIPSIM_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "sim_keys.h"
#include "sim.h"
#include "sim_script.h"

#define RUN_MAX_REQS 16	    /* registration requests kept per node */
#define RUN_MAX_ENTRIES 256 /* bindings or visitors tracked per node */
#define RUN_REQ_MAX 1500

/* A registration request a node sent, kept for "replay". */
struct run_req {
	struct mip_act_send send; /* .data points at |bytes| */
	uint8_t bytes[RUN_REQ_MAX];
};

/* One binding (HA), visitor (FA) or cache entry (CN) as the
 * notifications told it. */
struct run_entry {
	struct mip_ip4 home_addr, coa;
};

struct run_node {
	struct sim_node *sn;
	struct run_req reqs[RUN_MAX_REQS];
	size_t nreqs;
	struct run_entry bindings[RUN_MAX_ENTRIES];
	size_t nbindings;
	struct run_entry visitors[RUN_MAX_ENTRIES];
	size_t nvisitors;
	struct run_entry cache[RUN_MAX_ENTRIES];
	size_t ncache;
	bool home_route_off; /* home prefix route withdrawn (away) */
	/* the last "move" step's co-located address and gateway */
	bool has_coloc;
	uint32_t coloc_if;
	struct mip_ip4 coloc_addr, coloc_gw;
	struct sim_rsa rsa; /* rsa-key= of its mn or fa line */
	/* mobile node: its last registration's time (SCN_NQ_REG_TIME) */
	bool reg_open;
	mip_tstamp reg_start;
	uint64_t reg_time;
};

/* The outcome of one expectation (or of a step that could not run). */
struct run_check {
	const struct scn_step *step;
	mip_tstamp at;
	bool passed;
	char detail[128]; /* what was observed */
};

struct run_opts {
	bool has_seed;
	uint64_t seed;	      /* overrides the scenario's */
	FILE *trace;	      /* NULL: no trace */
	const char *pcap_dir; /* NULL: no pcap */
};

struct run {
	const struct scn *s;
	const char *name; /* scenario name for reports */
	struct sim_world *w;
	uint64_t seed;
	struct run_node *nodes;	  /* s->nnodes */
	struct sim_link **links;  /* s->nsegs */
	struct sim_flow **flows;  /* s->nflows */
	int *phase_map;		  /* scn phase -> world phase, -1: not begun */
	struct run_check *checks; /* one per expectation or failed step */
	size_t nchecks, capchecks;
	size_t failed;
	int fatal; /* a fatal error from the world */
	bool replaying;
};

/*
 * run_scenario builds the world for |s| and runs it to its end. |name|
 * labels reports. Failed expectations are results, not errors.
 *
 * Returns 0 when the run completed (see r->failed), or a negative error
 * with |err| filled: MIP_ERR_INVAL (the scenario names something the
 * simulator refuses, e.g. an unknown data-plane drop reason or a route
 * whose gateway is on no interface), MIP_ERR_NOMEM, or a fatal engine
 * error. run_free must be called in every case.
 */
int run_scenario(struct run *r, const struct scn *s, const char *name,
    const struct run_opts *o, struct scn_err *err);

/* run_free releases the world and the results. */
void run_free(struct run *r);

/* The value an expectation compares (for reports), as run_expect saw it. */
uint64_t run_node_q(const struct run *r, size_t node, enum scn_node_q q,
    int index, const char *index_name);

#endif
