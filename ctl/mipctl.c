/* SPDX-License-Identifier: ISC */
/*
 * mipctl's entry point: global options, the subcommand table and usage.
 * Each subcommand lives in its own file; this one only dispatches.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static const struct ctl_cmd cmds[] = {
	{ "decode", cmd_decode,
	    "decode Mobile IP messages (hex or pcap) into JSON lines" },
	{ "show", cmd_show,
	    "show mipd's status, bindings, visitors, agents, registration, "
	    "cache, sa or stats" },
	{ "register", cmd_node, "mobile node: register now" },
	{ "deregister", cmd_node, "mobile node: deregister every binding" },
	{ "solicit", cmd_node, "mobile node: send an agent solicitation" },
	{ "flush", cmd_flush,
	    "home agent: drop a mobile node's bindings, or all" },
	{ "reload", cmd_node, "re-read mipd's configuration file" },
	{ "help", cmd_help, "print this help" },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

void
ctl_usage(FILE *f)
{
	size_t i;

	fprintf(f,
	    "usage: mipctl [-hj] [-s socket] command [argument ...]\n\n"
	    "commands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].description);
	fprintf(f, "\n");
	decode_usage(f);
	fprintf(f,
	    "\nmipctl show WHAT, flush binding ADDR | flush all: see "
	    "mipctl(8).\n"
	    "-s socket: mipd's control socket (default " CTL_SOCKET_DEFAULT
	    ").\n");
}

int
cmd_help(int argc, char **argv, const struct ctl_opts *opts)
{
	(void)argc;
	(void)argv;
	(void)opts;
	ctl_usage(stdout);
	return CTL_EXIT_OK;
}

int
main(int argc, char **argv)
{
	struct ctl_opts opts = { false, CTL_SOCKET_DEFAULT };
	size_t i;
	int ch;

	while ((ch = getopt(argc, argv, "+hjs:")) != -1) {
		switch (ch) {
		case 'h':
			ctl_usage(stdout);
			return CTL_EXIT_OK;
		case 'j':
			opts.json = true;
			break;
		case 's':
			opts.socket = optarg;
			break;
		default:
			fprintf(stderr, "mipctl: try 'mipctl help'\n");
			return CTL_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		ctl_usage(stderr);
		return CTL_EXIT_USAGE;
	}
	for (i = 0; i < NCMDS; i++) {
		if (strcmp(argv[0], cmds[i].name) == 0)
			return cmds[i].fn(argc, argv, &opts);
	}
	fprintf(stderr, "mipctl: unknown command '%s' (try 'mipctl help')\n",
	    argv[0]);
	return CTL_EXIT_USAGE;
}
