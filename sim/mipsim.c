/* SPDX-License-Identifier: ISC */
/*
 * mipsim: run a scenario in the deterministic simulator and report.
 *
 *   mipsim [-h] [-s SEED] [-o OUTDIR] [-q] [-j] [SCENARIO]
 *
 * Without SCENARIO the built-in default (sim/scenarios/default.scn) runs.
 * -o writes trace.txt, all.pcap plus one pcap per segment, and
 * metrics.json into OUTDIR; -j prints the metrics on stdout instead of
 * the summary; -q prints nothing but failures. Exit status: 0 when every
 * expectation holds, 1 when one fails, 2 for usage, parse or set-up
 * errors. docs/mipsim.md and mipsim(1) describe it all.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mipsim_report.h"
#include "mipsim_run.h"
#include "sim_script.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

struct opts {
	struct run_opts run;
	const char *outdir;
	bool quiet, json;
	const char *path;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: mipsim [-h] [-s SEED] [-o OUTDIR] [-q] [-j] "
	    "[SCENARIO]\n"
	    "  -s SEED    override the scenario's seed\n"
	    "  -o OUTDIR  write trace.txt, *.pcap and metrics.json\n"
	    "  -q         quiet: print only failures\n"
	    "  -j         print the JSON metrics instead of the "
	    "summary\n"
	    "without SCENARIO the built-in default scenario runs\n");
}

static int
parse_seed(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return (errno != 0 || end == s || *end != '\0' || s[0] == '-') ? -1 : 0;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt(argc, argv, "hs:o:qj")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(0);
		case 's':
			if (parse_seed(optarg, &o->run.seed) != 0) {
				fprintf(stderr,
				    "mipsim: -s: '%s' is not a "
				    "number\n",
				    optarg);
				return -1;
			}
			o->run.has_seed = true;
			break;
		case 'o':
			o->outdir = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'j':
			o->json = true;
			break;
		default:
			usage(stderr);
			return -1;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return -1;
	}
	o->path = optind < argc ? argv[optind] : NULL;
	return 0;
}

static FILE *
open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		fprintf(stderr, "mipsim: %s: %s\n", path, strerror(errno));
	return f;
}

static int
write_metrics(const struct opts *o, const struct run *r)
{
	FILE *f;
	int rc;

	if (o->json && metrics_write(stdout, r) != 0) {
		fprintf(stderr, "mipsim: cannot write the metrics\n");
		return -1;
	}
	if (o->outdir == NULL)
		return 0;
	if ((f = open_out(o->outdir, "metrics.json")) == NULL)
		return -1;
	rc = metrics_write(f, r);
	if (fclose(f) != 0 || rc != 0) {
		fprintf(stderr, "mipsim: %s/metrics.json: write failed\n",
		    o->outdir);
		return -1;
	}
	return 0;
}

static int
run(struct opts *o, const struct scn *s, const char *name)
{
	struct run r;
	struct scn_err err;
	FILE *trace = NULL;
	int rc, status;

	if (o->outdir != NULL) {
		if (mkdir(o->outdir, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "mipsim: %s: %s\n", o->outdir,
			    strerror(errno));
			return EXIT_USAGE;
		}
		if ((trace = open_out(o->outdir, "trace.txt")) == NULL)
			return EXIT_USAGE;
		o->run.trace = trace;
		o->run.pcap_dir = o->outdir;
	}
	memset(&err, 0, sizeof(err));
	rc = run_scenario(&r, s, name, &o->run, &err);
	if (rc != 0) {
		fprintf(
		    stderr, "mipsim: %s:%u: %s\n", err.file, err.line, err.msg);
		status = EXIT_USAGE;
	} else {
		if (!o->quiet && !o->json)
			report_summary(stdout, &r);
		status = r.failed > 0 ? EXIT_FAILED : 0;
		if (write_metrics(o, &r) != 0)
			status = EXIT_USAGE;
		if (r.failed > 0) {
			fprintf(stderr,
			    "mipsim: %s: %zu of %zu expectations "
			    "failed:\n",
			    name, r.failed, r.nchecks);
			report_failures(stderr, &r);
		}
	}
	run_free(&r); /* closes the pcap files */
	if (trace != NULL && fclose(trace) != 0) {
		fprintf(
		    stderr, "mipsim: %s/trace.txt: write failed\n", o->outdir);
		status = EXIT_USAGE;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct scn s;
	struct scn_err err;
	const char *name;
	int rc;

	if (parse_args(argc, argv, &o) != 0)
		return EXIT_USAGE;
	memset(&err, 0, sizeof(err));
	if (o.path != NULL) {
		name = o.path;
		rc = scn_load(&s, o.path, &err);
	} else {
		name = "default.scn (built in)";
		rc = scn_parse(
		    &s, scn_default_text, scn_default_len, name, &err);
	}
	if (rc != 0) {
		if (err.line > 0)
			fprintf(stderr, "mipsim: %s:%u: %s\n", err.file,
			    err.line, err.msg);
		else
			fprintf(stderr, "mipsim: %s: %s\n", err.file, err.msg);
		return EXIT_USAGE;
	}
	rc = run(&o, &s, name);
	scn_free(&s);
	return rc;
}
