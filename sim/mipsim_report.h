/* SPDX-License-Identifier: ISC */
/*
 * What a finished run shows: a readable summary (mipsim_report.c) and the
 * JSON metrics (sim_metrics.c, jansson). Both read only the world and the
 * run's results, print nothing that depends on pointers or the wall clock,
 * and keep creation order, so equal runs give equal output.
 */
#ifndef MIPSIM_REPORT_H
#define MIPSIM_REPORT_H

#include <stdio.h>

#include "mipsim_run.h"

/*
 * report_summary prints per flow and phase the packets sent, delivered,
 * lost, duplicated, reordered and the latency; per node the registration
 * requests, replies by code and drops by reason; the tunnel counters; and
 * every expectation's result.
 */
void report_summary(FILE *f, const struct run *r);

/* report_failures prints one line per failed expectation or step. */
void report_failures(FILE *f, const struct run *r);

/*
 * metrics_write prints the run's metrics as one JSON object (see
 * docs/mipsim.md, "Metrics") followed by a newline. Returns 0,
 * MIP_ERR_NOMEM or MIP_ERR_INVAL (the stream failed).
 */
int metrics_write(FILE *f, const struct run *r);

#endif
