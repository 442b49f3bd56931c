/* SPDX-License-Identifier: ISC */
/*
 * The readable summary of a finished run (mipsim_report.h): flows per phase,
 * registrations and drops per node, tunnels, then the expectations.
 */
#include <stdio.h>
#include <string.h>

#include "mip/mip_names.h"
#include "mipsim_report.h"

static void
print_ms(FILE *f, mip_duration d)
{
	fprintf(f, "%7.2f", (double)d / 1e6);
}

static void
flow_row(FILE *f, const char *label, mip_tstamp t0, mip_tstamp t1,
    const struct sim_flow_stats *fs)
{
	char span[40];

	snprintf(span, sizeof(span), "%.1f-%.1f", (double)t0 / 1e9,
	    (double)t1 / 1e9);
	fprintf(f, "    %-12s %-13s %7llu %7llu %6llu %5llu %5llu ", label,
	    span, (unsigned long long)fs->sent,
	    (unsigned long long)fs->delivered, (unsigned long long)fs->lost,
	    (unsigned long long)fs->duplicates,
	    (unsigned long long)fs->reordered);
	if (fs->delivered > 0) {
		print_ms(f, fs->lat_min);
		fputc(' ', f);
		print_ms(f, fs->lat_sum / fs->delivered);
		fputc(' ', f);
		print_ms(f, fs->lat_max);
	} else
		fprintf(f, "      -       -       -");
	fputc('\n', f);
}

static void
flows(FILE *f, const struct run *r)
{
	size_t i, p, np = sim_phase_count(r->w);
	struct sim_flow_stats fs;

	if (r->s->nflows == 0)
		return;
	fprintf(f,
	    "\nFlows (packets attributed to the phase they were sent "
	    "in; latency in ms)\n");
	for (i = 0; i < r->s->nflows; i++) {
		const struct scn_flow *sf = &r->s->flows[i];

		fprintf(f,
		    "  %s: %s from %s to %u.%u.%u.%u, one every %.3f ms\n",
		    sf->name, sf->kind == SCN_FLOW_PING ? "ping" : "udp",
		    r->s->nodes[sf->node].name, sf->dst.v >> 24,
		    (sf->dst.v >> 16) & 0xff, (sf->dst.v >> 8) & 0xff,
		    sf->dst.v & 0xff, (double)sf->interval / 1e6);
		fprintf(f, "    %-12s %-13s %7s %7s %6s %5s %5s %7s %7s %7s\n",
		    "phase", "seconds", "sent", "deliv", "lost", "dup", "reord",
		    "min", "avg", "max");
		for (p = 0; p < np; p++) {
			mip_tstamp t1 = p + 1 < np
			    ? sim_phase_start(r->w, p + 1)
			    : r->s->end;

			sim_flow_stats(r->flows[i], (int)p, &fs);
			flow_row(f, sim_phase_name(r->w, p),
			    sim_phase_start(r->w, p), t1, &fs);
		}
		sim_flow_stats(r->flows[i], -1, &fs);
		flow_row(f, "(total)", 0, r->s->end, &fs);
	}
}

static void
replies(FILE *f, const struct mip_stats *st)
{
	bool any = false;
	unsigned c;

	for (c = 0; c < 256; c++)
		if (st->replies[c] != 0) {
			fprintf(f, "%s%u %s x%llu", any ? ", " : "", c,
			    mip_code_name((uint8_t)c),
			    (unsigned long long)st->replies[c]);
			any = true;
		}
	if (!any)
		fputc('-', f);
}

static void
drops(FILE *f, const struct mip_stats *st, const struct sim_node_counters *sc)
{
	bool any = false;
	int d;

	for (d = 0; st != NULL && d < MIP_DROP__COUNT; d++)
		if (st->drops[d] != 0) {
			fprintf(f, "%s%s x%llu", any ? ", " : "",
			    mip_drop_name((enum mip_drop)d),
			    (unsigned long long)st->drops[d]);
			any = true;
		}
	for (d = 0; d < SIM_DROP__COUNT; d++)
		if (sc->drops[d] != 0) {
			fprintf(f, "%sip:%s x%llu", any ? ", " : "",
			    sim_drop_name((enum sim_drop)d),
			    (unsigned long long)sc->drops[d]);
			any = true;
		}
	if (!any)
		fputc('-', f);
}

static void
nodes(FILE *f, const struct run *r)
{
	size_t i;

	fprintf(f, "\nNodes\n");
	for (i = 0; i < r->s->nnodes; i++) {
		const struct run_node *rn = &r->nodes[i];
		const struct mip_node *mn = sim_node_mip(rn->sn);
		const struct mip_stats *st =
		    mn != NULL ? mip_node_stats(mn) : NULL;
		const struct sim_node_counters *sc = sim_node_counters(rn->sn);

		fprintf(f, "  %s\n", r->s->nodes[i].name);
		if (st != NULL) {
			fprintf(f, "    registration requests %llu; replies: ",
			    (unsigned long long)st->reg_requests);
			replies(f, st);
			fputc('\n', f);
		}
		if (sc->encap != 0 || sc->decap != 0)
			fprintf(f,
			    "    tunnelled %llu packets (%llu bytes), "
			    "detunnelled %llu (%llu bytes)\n",
			    (unsigned long long)sc->encap,
			    (unsigned long long)sc->encap_bytes,
			    (unsigned long long)sc->decap,
			    (unsigned long long)sc->decap_bytes);
		if (r->s->nodes[i].roles & MIP_ROLE_HA)
			fprintf(
			    f, "    bindings at the end: %zu\n", rn->nbindings);
		if (r->s->nodes[i].roles & MIP_ROLE_CN)
			fprintf(f, "    cache entries at the end: %zu\n",
			    rn->ncache);
		fprintf(f, "    drops: ");
		drops(f, st, sc);
		fputc('\n', f);
	}
}

static void
check_line(FILE *f, const struct run *r, const struct run_check *c)
{
	fprintf(f, "  %s %s:%u: at %.3fs: %s (%s)\n",
	    c->passed ? "pass" : "FAIL", r->name, c->step->line,
	    (double)c->at / 1e9,
	    c->step->kind == SCN_STEP_EXPECT ? c->step->expect.text : "step",
	    c->detail);
}

void
report_failures(FILE *f, const struct run *r)
{
	size_t i;

	for (i = 0; i < r->nchecks; i++)
		if (!r->checks[i].passed)
			check_line(f, r, &r->checks[i]);
}

void
report_summary(FILE *f, const struct run *r)
{
	size_t i;

	fprintf(f, "mipsim: %s, seed %llu, %.3f s simulated, %llu events\n",
	    r->name, (unsigned long long)r->seed, (double)r->s->end / 1e9,
	    (unsigned long long)sim_events(r->w));
	flows(f, r);
	nodes(f, r);
	if (r->nchecks > 0) {
		fprintf(f, "\nExpectations: %zu passed, %zu failed\n",
		    r->nchecks - r->failed, r->failed);
		for (i = 0; i < r->nchecks; i++)
			check_line(f, r, &r->checks[i]);
	}
}
