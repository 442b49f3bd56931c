/* SPDX-License-Identifier: ISC */
/*
 * bench_sim: how fast mipsim runs.
 *
 * 1. "sim_default": the built-in default scenario (sim/scenarios/
 *    default.scn, 130 s of virtual time), run through run_scenario as
 *    mipsim runs it, without trace or pcap; events per second of wall
 *    time from the world's event counter (sim_events).
 *
 * 2. "sim_mass": a world built here with sim.h: one HA, a few FAs with
 *    several visited links each, and N mobile nodes (distinct home
 *    addresses and MN-HA SAs) spread over those links, registering
 *    through the FAs with a 300 s lifetime and so refreshing all through
 *    one simulated hour. Reports the wall time of building the world and
 *    of the run, the events, the registrations the HA accepted and how
 *    many MNs ended registered.
 *
 * Both are reported with the HMAC-MD5 rate (mip_mac_compute over a
 * registration-sized message) measured in the same process as the
 * ratio's baseline: sim_default ratio = events/s / HMAC-MD5/s; sim_mass
 * hmac_per_reg = run wall time x HMAC-MD5/s / accepted registrations, the
 * cost of one registration in HMAC-MD5 operations of this machine (the
 * protocol itself needs 4 MACs per registration: MN, HA verify, HA reply,
 * MN verify).
 *
 * Usage: bench_sim [--quick] [--mns N[,N...]] [--hour-s S] [--reps R]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "mipsim_run.h"
#include "sim.h"
#include "sim_script.h"

#define MAX_SIZES 4
#define MN_LIFETIME 300
#define ADV_INTERVAL_MS 60000 /* RFC 5944 2.3 allows up to lifetime / 3 */
#define ADV_LIFETIME 180

struct opts {
	size_t sizes[MAX_SIZES]; /* MN counts of the mass runs */
	size_t nsizes;
	uint64_t sim_s;	   /* simulated seconds of each mass run */
	size_t reps;	   /* repetitions of every measurement */
	size_t runs;	   /* default scenario runs per repetition */
	uint64_t hmac_ops; /* per baseline sample */
	size_t nfas, links_per_fa;
};

/* ---------------------------------------------------------- default */

static int
bench_default(const struct opts *o, struct bench_hmac *hm)
{
	double eps[BENCH_REPS], macs[BENCH_REPS], wall[BENCH_REPS];
	struct scn s;
	struct scn_err err;
	uint64_t events = 0;
	size_t r;
	int rc = 0;

	memset(&err, 0, sizeof(err));
	if (scn_parse(&s, scn_default_text, scn_default_len, "default.scn",
		&err) != 0) {
		fprintf(stderr, "bench_sim: default.scn: %s\n", err.msg);
		return -1;
	}
	for (r = 0; r < o->reps && rc == 0; r++) {
		double busy = 0.0;
		size_t k;

		macs[r] = bench_hmac_rate(hm, o->hmac_ops);
		for (k = 0; k < o->runs && rc == 0; k++) {
			struct run_opts ro;
			struct run run;
			double t0, t1;

			memset(&ro, 0, sizeof(ro));
			t0 = bench_now();
			rc = run_scenario(&run, &s, "default.scn", &ro, &err);
			t1 = bench_now();
			if (rc == 0 && run.failed != 0) {
				fprintf(stderr,
				    "bench_sim: default: %zu "
				    "expectations failed\n",
				    run.failed);
				rc = -1;
			}
			if (rc == 0) {
				events = sim_events(run.w);
				busy += t1 - t0;
			}
			run_free(&run);
		}
		/* Per run: world building, the 130 s and the checks. */
		wall[r] = busy / (double)o->runs;
		eps[r] = (double)events / wall[r];
		if (macs[r] <= 0)
			rc = -1;
	}
	scn_free(&s);
	if (rc != 0) {
		fprintf(stderr, "bench_sim: default scenario did not run\n");
		return -1;
	}
	printf("bench=sim_default reps=%zu runs=%zu events=%llu wall_s=%.4f "
	       "events_per_s=%.0f hmac_md5_per_s=%.0f ratio=%.4f\n",
	    o->reps, o->runs, (unsigned long long)events,
	    bench_median(wall, o->reps), bench_median(eps, o->reps),
	    bench_median(macs, o->reps),
	    bench_median(eps, o->reps) / bench_median(macs, o->reps));
	return 0;
}

/* ------------------------------------------------------------- mass */

/* Home network 10.0.0.0/16: HA 10.0.0.1, MN i at 10.0.0.16 + i. */
#define HOME_NET 0x0a000000U
#define HA_HOME (HOME_NET + 1U)
#define CORE_NET 0xac100000U  /* 172.16.0.0/16: HA .0.1, FA k .0.(2+k) */
#define VISIT_NET 0xc0a80000U /* 192.168.L.0/24: FA .1 on visited link L */
#define MAX_MNS 65000

struct mass {
	struct sim_world *w;
	struct sim_node *ha;
	struct sim_node **mn;
	size_t nmns, nlinks;
	struct sim_link **visit;
};

static struct mip_ip4
ip(uint32_t v)
{
	struct mip_ip4 a = { v };

	return a;
}

static void
mass_sa(struct mip_sa_config *c, struct mip_ip4 peer, size_t i)
{
	size_t k;

	mip_sa_config_init(c);
	c->peer = peer;
	c->spi = 256;
	c->key_len = 16;
	for (k = 0; k < c->key_len; k++)
		c->key[k] = (uint8_t)(i * 131U + k * 17U + (i >> 8));
}

static int
add_if(struct sim_node *n, struct sim_link *l, uint32_t addr, uint8_t plen)
{
	struct sim_if_config c;

	memset(&c, 0, sizeof(c));
	c.link = l;
	c.addr = ip(addr);
	c.plen = plen;
	return sim_if_add(n, &c, NULL);
}

static int
mass_links(struct mass *m, const struct opts *o, struct sim_link **home,
    struct sim_link **core)
{
	struct sim_link_config lc;
	char name[SIM_NAME_MAX];
	size_t i;
	int rc;

	memset(&lc, 0, sizeof(lc));
	lc.delay = MIP_MSEC;
	if ((rc = sim_link_new(m->w, "home", &lc, home)) != 0)
		return rc;
	lc.delay = 2 * MIP_MSEC;
	if ((rc = sim_link_new(m->w, "core", &lc, core)) != 0)
		return rc;
	lc.delay = MIP_MSEC;
	m->nlinks = o->nfas * o->links_per_fa;
	if ((m->visit = calloc(m->nlinks, sizeof(*m->visit))) == NULL)
		return MIP_ERR_NOMEM;
	for (i = 0; i < m->nlinks; i++) {
		snprintf(name, sizeof(name), "v%zu", i);
		if ((rc = sim_link_new(m->w, name, &lc, &m->visit[i])) != 0)
			return rc;
	}
	return 0;
}

static int
mass_ha(struct mass *m, struct sim_link *home, struct sim_link *core)
{
	struct mip_sa_config *sas = calloc(m->nmns, sizeof(*sas));
	struct mip_ha_mn_config *mns = calloc(m->nmns, sizeof(*mns));
	struct mip_ha_config ha;
	struct mip_node_config cfg;
	size_t i;
	int rc = MIP_ERR_NOMEM;

	if (sas == NULL || mns == NULL)
		goto out;
	for (i = 0; i < m->nmns; i++) {
		mns[i].home_addr = ip(HOME_NET + 16U + (uint32_t)i);
		mns[i].spi = 256;
		mass_sa(&sas[i], mns[i].home_addr, i);
	}
	memset(&ha, 0, sizeof(ha));
	ha.home_ifindex = 1;
	ha.addr = ip(HA_HOME);
	ha.plen = 16;
	ha.max_lifetime = 600;
	ha.max_simultaneous = 1;
	ha.max_bindings = m->nmns;
	ha.adv_interval_ms = ADV_INTERVAL_MS;
	ha.adv_lifetime = ADV_LIFETIME;
	ha.mns = mns;
	ha.nmns = m->nmns;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_HA;
	cfg.sas = sas;
	cfg.nsas = m->nmns;
	cfg.ha = &ha;
	if ((rc = sim_node_new(m->w, "ha", &m->ha)) != 0 ||
	    (rc = add_if(m->ha, home, HA_HOME, 16)) != 0 ||
	    (rc = add_if(m->ha, core, CORE_NET + 1U, 16)) != 0)
		goto out;
	rc = sim_node_host(m->ha, &cfg);
out:
	free(sas);
	free(mns);
	return rc;
}

static int
mass_fa(struct mass *m, struct sim_link *core, size_t k, size_t nl)
{
	struct mip_fa_link_config links[SIM_MAX_IFS];
	struct mip_fa_config fa;
	struct mip_node_config cfg;
	struct sim_node *n;
	char name[SIM_NAME_MAX];
	uint32_t me = CORE_NET + 2U + (uint32_t)k;
	size_t j;
	int rc;

	snprintf(name, sizeof(name), "fa%zu", k);
	if ((rc = sim_node_new(m->w, name, &n)) != 0 ||
	    (rc = add_if(n, core, me, 16)) != 0)
		return rc;
	for (j = 0; j < nl; j++) {
		size_t l = k * nl + j;

		if ((rc = add_if(n, m->visit[l],
			 VISIT_NET + ((uint32_t)l << 8) + 1U, 24)) != 0)
			return rc;
		/* The FA's core address is the care-of address. */
		links[j].ifindex = 2U + (uint32_t)j;
		links[j].coa = ip(me);
	}
	if ((rc = sim_route_add(n, ip(HOME_NET), 16, ip(CORE_NET + 1U), 1)) !=
	    0)
		return rc;
	memset(&fa, 0, sizeof(fa));
	fa.links = links;
	fa.nlinks = nl;
	fa.adv_interval_ms = ADV_INTERVAL_MS;
	fa.adv_lifetime = ADV_LIFETIME;
	fa.reg_lifetime = 600;
	fa.max_visitors = m->nmns;
	fa.max_pending = m->nmns;
	fa.pending_timeout_ms = 7000;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_FA;
	cfg.fa = &fa;
	return sim_node_host(n, &cfg);
}

static int
mass_mn(struct mass *m, size_t i)
{
	struct mip_sa_config sa;
	struct mip_mn_config mn;
	struct mip_node_config cfg;
	char name[SIM_NAME_MAX];
	uint32_t home = HOME_NET + 16U + (uint32_t)i;
	int rc;

	snprintf(name, sizeof(name), "mn%zu", i);
	/* Away from the start: attached to a visited link. */
	if ((rc = sim_node_new(m->w, name, &m->mn[i])) != 0 ||
	    (rc = add_if(m->mn[i], m->visit[i % m->nlinks], home, 16)) != 0)
		return rc;
	mass_sa(&sa, ip(HA_HOME), i);
	memset(&mn, 0, sizeof(mn));
	mn.home_addr = ip(home);
	mn.home_plen = 16;
	mn.ha_addr = ip(HA_HOME);
	mn.spi = 256;
	mn.home_ifindex = 1;
	mn.lifetime = MN_LIFETIME;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_MN;
	cfg.sas = &sa;
	cfg.nsas = 1;
	cfg.mn = &mn;
	return sim_node_host(m->mn[i], &cfg);
}

static int
mass_build(struct mass *m, const struct opts *o, size_t nmns)
{
	struct sim_link *home, *core;
	size_t i;
	int rc;

	memset(m, 0, sizeof(*m));
	m->nmns = nmns;
	if ((rc = sim_world_new(&m->w, 1)) != 0)
		return rc;
	sim_set_trace_mask(m->w, 0);
	if ((m->mn = calloc(nmns, sizeof(*m->mn))) == NULL)
		return MIP_ERR_NOMEM;
	if ((rc = mass_links(m, o, &home, &core)) != 0 ||
	    (rc = mass_ha(m, home, core)) != 0)
		return rc;
	for (i = 0; i < o->nfas; i++)
		if ((rc = mass_fa(m, core, i, o->links_per_fa)) != 0)
			return rc;
	for (i = 0; i < nmns; i++)
		if ((rc = mass_mn(m, i)) != 0)
			return rc;
	return 0;
}

static void
mass_free(struct mass *m)
{
	sim_world_del(m->w);
	free(m->mn);
	free(m->visit);
}

/* The outcome of one mass run. */
struct mass_result {
	double setup_s, run_s, hmac;
	uint64_t events, requests, accepted;
	size_t registered;
};

/* One mass run of |nmns| MNs, between two HMAC-MD5 samples. */
static int
mass_once(const struct opts *o, struct bench_hmac *hm, size_t nmns,
    struct mass_result *res)
{
	struct mass m;
	const struct mip_stats *st;
	double mac0, mac1, t0, t1, t2;
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	mac0 = bench_hmac_rate(hm, o->hmac_ops);
	t0 = bench_now();
	if ((rc = mass_build(&m, o, nmns)) != 0) {
		fprintf(stderr, "bench_sim: building %zu MNs failed: %s\n",
		    nmns, mip_strerror(rc));
		mass_free(&m);
		return -1;
	}
	t1 = bench_now();
	rc = sim_run_until(m.w, o->sim_s * MIP_SEC);
	t2 = bench_now();
	mac1 = bench_hmac_rate(hm, o->hmac_ops);
	if (rc != 0 || mac0 <= 0 || mac1 <= 0) {
		fprintf(stderr, "bench_sim: the %zu-MN run stopped: %s\n", nmns,
		    rc < 0 ? mip_strerror(rc) : "sim_stop");
		mass_free(&m);
		return -1;
	}
	st = mip_node_stats(sim_node_mip(m.ha));
	res->setup_s = t1 - t0;
	res->run_s = t2 - t1;
	res->hmac = (mac0 + mac1) / 2.0;
	res->events = sim_events(m.w);
	res->requests = st->reg_requests;
	res->accepted = st->replies[0];
	for (i = 0; i < nmns; i++)
		res->registered +=
		    mip_node_stats(sim_node_mip(m.mn[i]))->replies[0] > 0;
	mass_free(&m);
	return 0;
}

/*
 * |reps| mass runs of |nmns| MNs; medians of the times and rates. The
 * world is deterministic, so the counts must not differ between runs.
 */
static int
bench_mass(const struct opts *o, struct bench_hmac *hm, size_t nmns)
{
	double setup[BENCH_REPS], run[BENCH_REPS], eps[BENCH_REPS];
	double macs[BENCH_REPS], per_reg[BENCH_REPS], mac;
	struct mass_result res[BENCH_REPS];
	size_t r;

	for (r = 0; r < o->reps; r++) {
		if (mass_once(o, hm, nmns, &res[r]) != 0)
			return -1;
		if (res[r].accepted == 0 || res[r].events != res[0].events ||
		    res[r].accepted != res[0].accepted) {
			fprintf(stderr,
			    "bench_sim: %zu-MN runs differ or "
			    "registered nothing\n",
			    nmns);
			return -1;
		}
		setup[r] = res[r].setup_s;
		run[r] = res[r].run_s;
		eps[r] = (double)res[r].events / res[r].run_s;
		macs[r] = res[r].hmac;
		per_reg[r] =
		    res[r].run_s * res[r].hmac / (double)res[r].accepted;
	}
	if (res[0].registered != nmns) {
		fprintf(stderr, "bench_sim: only %zu of %zu MNs registered\n",
		    res[0].registered, nmns);
		return -1;
	}
	mac = bench_median(macs, o->reps);
	printf("bench=sim_mass mns=%zu fas=%zu links=%zu sim_s=%llu "
	       "lifetime_s=%u reps=%zu setup_s=%.3f run_s=%.3f events=%llu "
	       "events_per_s=%.0f ha_requests=%llu ha_accepted=%llu "
	       "mns_registered=%zu hmac_md5_per_s=%.0f hmac_per_reg=%.1f "
	       "ratio=%.4f\n",
	    nmns, o->nfas, o->nfas * o->links_per_fa,
	    (unsigned long long)o->sim_s, MN_LIFETIME, o->reps,
	    bench_median(setup, o->reps), bench_median(run, o->reps),
	    (unsigned long long)res[0].events, bench_median(eps, o->reps),
	    (unsigned long long)res[0].requests,
	    (unsigned long long)res[0].accepted, res[0].registered, mac,
	    bench_median(per_reg, o->reps), bench_median(eps, o->reps) / mac);
	return 0;
}

/* ------------------------------------------------------------- main */

static int
parse_sizes(const char *s, struct opts *o)
{
	char *end;

	o->nsizes = 0;
	while (*s != '\0' && o->nsizes < MAX_SIZES) {
		unsigned long long v = strtoull(s, &end, 10);

		if (end == s || v == 0 || v > MAX_MNS ||
		    (*end != ',' && *end != '\0'))
			return -1;
		o->sizes[o->nsizes++] = (size_t)v;
		s = *end == ',' ? end + 1 : end;
	}
	return *s == '\0' && o->nsizes > 0 ? 0 : -1;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->sizes[0] = 1000;
	o->sizes[1] = 10000;
	o->nsizes = 2;
	o->sim_s = 3600;
	o->reps = BENCH_REPS;
	o->runs = 20;
	o->hmac_ops = 500000;
	o->nfas = 4;
	o->links_per_fa = 7;
	for (i = 1; i < argc; i++) {
		char *end = NULL;

		if (strcmp(argv[i], "--quick") == 0) {
			o->sizes[0] = 100;
			o->nsizes = 1;
			o->sim_s = 600;
			o->reps = 1;
			o->runs = 1;
			o->hmac_ops = 10000;
		} else if (strcmp(argv[i], "--mns") == 0 && i + 1 < argc) {
			if (parse_sizes(argv[++i], o) != 0)
				goto usage;
		} else if (strcmp(argv[i], "--hour-s") == 0 && i + 1 < argc) {
			o->sim_s = strtoull(argv[++i], &end, 10);
			if (*end != '\0' || o->sim_s == 0 || o->sim_s > 86400)
				goto usage;
		} else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
			o->reps = (size_t)strtoul(argv[++i], &end, 10);
			if (*end != '\0' || o->reps == 0 ||
			    o->reps > BENCH_REPS)
				goto usage;
		} else {
			goto usage;
		}
	}
	return 0;
usage:
	fprintf(stderr,
	    "usage: bench_sim [--quick] [--mns N[,N...]] [--hour-s S] "
	    "[--reps 1-%d]\n",
	    BENCH_REPS);
	return -1;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct bench_hmac hm;
	size_t i;
	int rc = 0;

	if (parse_args(argc, argv, &o) != 0)
		return 2;
	if (bench_hmac_init(&hm) != 0) {
		fprintf(stderr, "bench_sim: cannot prepare HMAC-MD5\n");
		return 1;
	}
	if (bench_default(&o, &hm) != 0)
		rc = 1;
	for (i = 0; i < o.nsizes; i++) {
		if (bench_mass(&o, &hm, o.sizes[i]) != 0)
			rc = 1;
		fflush(stdout);
	}
	bench_hmac_free(&hm);
	return rc;
}
