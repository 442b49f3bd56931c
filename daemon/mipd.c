/* SPDX-License-Identifier: ISC */
/*
 * mipd, the Mobile IPv4 daemon (mipd(8)): home agent, foreign agent and
 * mobile node on Linux. main reads the options, checks or loads the
 * configuration, removes what an earlier instance left in the kernel,
 * starts the node, opens the control socket and runs the event loop until
 * SIGTERM or SIGINT; SIGHUP reloads.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mipd.h"

#define MIPD_CONF "/etc/mipd.conf"
#define MIPD_SOCK "/run/mipd.sock"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: mipd [-dhnv] [-f file] [-s socket]\n"
	    "  -d         detach and log to syslog\n"
	    "  -f file    configuration (default " MIPD_CONF ")\n"
	    "  -h         this help\n"
	    "  -n         check the configuration and exit\n"
	    "  -s socket  control socket (default " MIPD_SOCK ")\n"
	    "  -v         more log lines (twice: debug)\n");
}

/* -n: without the interfaces' indexes, so that a file can be checked on
 * another host than the one it is for. */
static int
check_only(const char *path, int verbosity)
{
	struct config_errors errs = { NULL, 0 };
	struct config *c = NULL;
	int rc;

	rc = config_parse_file(path, NULL, &c, &errs);
	if (rc != 0) {
		config_errors_print(stderr, &errs);
		if (errs.n == 0)
			fprintf(
			    stderr, "mipd: %s: %s\n", path, mip_strerror(rc));
		config_errors_free(&errs);
		return 1;
	}
	config_errors_free(&errs);
	printf("configuration OK\n");
	if (verbosity > 0 && config_print(stdout, c) < 0) {
		perror("mipd: writing the configuration");
		rc = 1;
	}
	config_free(c);
	return rc == 0 ? 0 : 1;
}

static void
on_signal(void *arg, int signo)
{
	struct mipd *d = arg;
	char *why = NULL;

	switch (signo) {
	case SIGHUP:
		plat_log(PLAT_LOG_NOTICE, "SIGHUP: reloading %s", d->conf_path);
		(void)mipd_reload(d, &why);
		free(why);
		return;
	default:
		plat_log(
		    PLAT_LOG_NOTICE, "%s: shutting down", strsignal(signo));
		plat_loop_stop(d->loop);
		return;
	}
}

/* The parts that outlive a reload. */
static int
open_base(struct mipd *d)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	unsigned removed = 0;
	int rc;

	if ((rc = plat_nl_open(&d->nl)) < 0) {
		plat_log(PLAT_LOG_ERR, "netlink: %s", strerror(-rc));
		return -1;
	}
	/* Reconcile: what a previous instance left behind goes first. */
	if ((rc = plat_nl_flush_own(d->nl, &removed)) < 0) {
		plat_log(PLAT_LOG_ERR, "removing stale mipd entries: %s",
		    strerror(-rc));
		return -1;
	}
	if (removed > 0)
		plat_log(PLAT_LOG_NOTICE,
		    "removed %u routes, rules and neighbour entries a previous "
		    "mipd left (protocol %u)",
		    removed, PLAT_RTPROT);
	if ((rc = plat_loop_new(&d->loop)) < 0) {
		plat_log(PLAT_LOG_ERR, "event loop: %s", strerror(-rc));
		return -1;
	}
	rc = plat_loop_signals(
	    d->loop, sigs, sizeof(sigs) / sizeof(sigs[0]), on_signal, d);
	if (rc < 0) {
		plat_log(PLAT_LOG_ERR, "signals: %s", strerror(-rc));
		return -1;
	}
	if ((rc = plat_nl_monitor(d->nl, d->loop, mipd_link_event, d)) < 0) {
		plat_log(
		    PLAT_LOG_ERR, "netlink link monitor: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

static int
start(struct mipd *d)
{
	struct ctl_hooks hooks;
	struct config *cfg;
	char *why = NULL;
	int rc;

	if (open_base(d) < 0)
		return -1;
	if (mipd_parse(d, &cfg, &why) != 0) {
		plat_log(PLAT_LOG_ERR, "%s",
		    why != NULL ? why
				: "out of memory reading the configuration");
		free(why);
		return -1;
	}
	if (mipd_run_start(d, cfg) < 0) {
		config_free(cfg);
		return -1;
	}
	mipd_ctl_hooks(d, &hooks);
	if ((rc = ctl_server_open(&d->ctl, d->loop, d->sock_path, &hooks)) <
	    0) {
		plat_log(PLAT_LOG_ERR, "control socket %s: %s", d->sock_path,
		    strerror(-rc));
		return -1;
	}
	return 0;
}

static void
stop(struct mipd *d)
{
	unsigned removed = 0;

	ctl_server_close(d->ctl);
	mipd_run_stop(d);
	/* The safety net: anything tagged ours that the record missed. */
	if (d->nl != NULL && plat_nl_flush_own(d->nl, &removed) == 0 &&
	    removed > 0)
		plat_log(PLAT_LOG_WARNING,
		    "removed %u more kernel entries tagged protocol %u",
		    removed, PLAT_RTPROT);
	/* The monitor's socket leaves the loop with plat_nl_close. */
	plat_nl_close(d->nl);
	plat_loop_free(d->loop);
}

int
main(int argc, char **argv)
{
	static struct mipd d;
	bool check = false;
	int ch, ready = -1, rc = 0;

	d.conf_path = MIPD_CONF;
	d.sock_path = MIPD_SOCK;
	while ((ch = getopt(argc, argv, "df:hns:v")) != -1) {
		switch (ch) {
		case 'd':
			d.detach = true;
			break;
		case 'f':
			d.conf_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'n':
			check = true;
			break;
		case 's':
			d.sock_path = optarg;
			break;
		case 'v':
			d.verbosity++;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (check)
		return check_only(d.conf_path, d.verbosity);

	if (d.detach && mipd_detach_begin(&d, &ready) < 0)
		return 1;
	d.drop_rl = (struct plat_ratelimit)PLAT_RATELIMIT_INIT(1000, 10);
	d.fail_rl = (struct plat_ratelimit)PLAT_RATELIMIT_INIT(1000, 10);
	plat_log_open("mipd", false, d.verbosity);
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		plat_log(
		    PLAT_LOG_WARNING, "ignoring SIGPIPE: %s", strerror(errno));
	if (start(&d) < 0) {
		stop(&d);
		if (d.detach)
			mipd_detach_done(ready, false);
		return 1;
	}
	if (d.detach) {
		plat_log_open("mipd", true, d.verbosity);
		mipd_detach_done(ready, true);
	}
	plat_log(PLAT_LOG_NOTICE, "running with %s, control socket %s",
	    d.conf_path, d.sock_path);
	if ((rc = plat_loop_run(d.loop)) < 0)
		plat_log(PLAT_LOG_ERR, "event loop: %s", strerror(-rc));
	stop(&d);
	plat_log(PLAT_LOG_NOTICE, "stopped");
	plat_log_close();
	free(d.conf_abs);
	free(d.sock_abs);
	return rc < 0 || d.fatal ? 1 : 0;
}
