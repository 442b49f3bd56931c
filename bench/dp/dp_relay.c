/* SPDX-License-Identifier: ISC */
/*
 * dp_relay: one plat_dp with one tunnel, for bench/dp/run.sh. Packets the
 * kernel routes into the TUN for |peer| are encapsulated from |local| to
 * |remote|; tunnelled packets from |remote| to |self| are decapsulated.
 * Runs until SIGINT or SIGTERM, then prints the data plane's counters.
 *
 *   dp_relay -t TUN -l LOCAL -r REMOTE -s SELF -p PEER [-e ipip|minimal|gre]
 *            [-o] [-m MTU] [-v]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plat_dp.h"
#include "plat_log.h"

static volatile sig_atomic_t stop;

static void
on_signal(int signo)
{
	(void)signo;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: dp_relay -t tun -l local -r remote -s self "
	    "-p peer [-e ipip|minimal|gre] [-o] [-m mtu] [-v]\n");
	exit(2);
}

static struct mip_ip4
addr_arg(const char *s)
{
	struct in_addr a;
	struct mip_ip4 r;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "dp_relay: not an IPv4 address: %s\n", s);
		exit(2);
	}
	r.v = ntohl(a.s_addr);
	return r;
}

static enum mip_encap_kind
encap_arg(const char *s)
{
	if (strcmp(s, "ipip") == 0)
		return MIP_TUN_IPIP;
	if (strcmp(s, "minimal") == 0)
		return MIP_TUN_MINIMAL;
	if (strcmp(s, "gre") == 0)
		return MIP_TUN_GRE;
	fprintf(stderr, "dp_relay: unknown encapsulation: %s\n", s);
	exit(2);
}

static void
print_stats(const struct plat_dp *dp)
{
	struct plat_dp_tstats ts = { 0 };
	struct plat_dp_stats st;
	int d;

	plat_dp_stats(dp, &st);
	(void)plat_dp_tunnel_stats(dp, 1, &ts);
	printf("dp_relay tun=%s tun_rx=%" PRIu64 " tun_tx=%" PRIu64
	       " raw_rx=%" PRIu64 " raw_tx=%" PRIu64 " encap=%" PRIu64
	       " decap=%" PRIu64,
	    plat_dp_ifname(dp), st.tun_rx, st.tun_tx, st.raw_rx, st.raw_tx,
	    ts.encap_pkts, ts.decap_pkts);
	for (d = 0; d < PLAT_DP_DROP__COUNT; d++)
		printf(" drop_%s=%" PRIu64,
		    plat_dp_drop_name((enum plat_dp_drop)d), st.drops[d]);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct plat_dp_opts o = { NULL, false, 0 };
	struct mip_act_tunnel t;
	struct mip_act_route r;
	struct plat_dp *dp;
	int c, rc, verbose = 0;
	bool have[4] = { false, false, false, false };

	memset(&t, 0, sizeof(t));
	memset(&r, 0, sizeof(r));
	t.id = 1;
	t.encap = MIP_TUN_IPIP;
	while ((c = getopt(argc, argv, "t:l:r:s:p:e:om:v")) != -1) {
		switch (c) {
		case 't':
			o.tun_name = optarg;
			break;
		case 'l':
			t.local = addr_arg(optarg);
			have[0] = true;
			break;
		case 'r':
			t.remote = addr_arg(optarg);
			have[1] = true;
			break;
		case 's':
			t.home_addr = addr_arg(optarg);
			have[2] = true;
			break;
		case 'p':
			r.dst = addr_arg(optarg);
			have[3] = true;
			break;
		case 'e':
			t.encap = encap_arg(optarg);
			break;
		case 'o':
			o.offload = true;
			break;
		case 'm':
			o.mtu = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (!have[0] || !have[1] || !have[2] || !have[3] || optind != argc)
		usage();
	plat_log_open("dp_relay", false, verbose);
	if ((rc = plat_dp_open(&dp, NULL, &o)) != 0) {
		fprintf(stderr, "dp_relay: cannot open the data plane: %s\n",
		    strerror(-rc));
		return 1;
	}
	r.plen = 32;
	r.tunnel_id = t.id;
	if ((rc = plat_dp_tunnel(dp, true, &t)) != 0 ||
	    (rc = plat_dp_route(dp, true, &r)) != 0) {
		fprintf(stderr, "dp_relay: %s\n", strerror(-rc));
		plat_dp_close(dp);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("dp_relay ready %s\n", plat_dp_ifname(dp));
	fflush(stdout);
	while (!stop)
		if ((rc = plat_dp_poll(dp, 200)) < 0) {
			fprintf(stderr, "dp_relay: poll: %s\n", strerror(-rc));
			break;
		}
	print_stats(dp);
	plat_dp_close(dp);
	return rc < 0 ? 1 : 0;
}
