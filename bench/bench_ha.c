/* SPDX-License-Identifier: ISC */
/*
 * bench_ha: home agent registration processing in-process. One mip_node
 * with the HA role serves N mobile nodes, each with its own MN-HA SA
 * (HMAC-MD5, timestamps). Valid Registration Requests, authenticated with
 * bench-side copies of those SAs and carrying a fresh timestamp
 * Identification each, go through mip_node_handle_packet; the actions are
 * drained and the accepted replies (code 0) counted. The requests are
 * built before the clock starts, so only the HA's work is timed: decode,
 * SA lookup, MAC verification, replay check, binding refresh, reply with
 * its own MAC. A first pass registers every MN (bindings created); the
 * timed passes refresh them round robin.
 *
 * Baseline: mip_mac_compute (HMAC-MD5) over a registration-sized message
 * in the same process, interleaved with the HA runs. Each registration
 * needs two MACs, so the ratio regs/s / hmac/s is at most 0.5; mac_share
 * = 2 * ratio is the part of the HA's time spent in HMAC-MD5.
 *
 * Usage: bench_ha [--quick] [--mns N] [--regs N] [--hmac-ops N]
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "mip/mip_auth.h"
#include "mip/mip_node.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"

#define HOME_IF 1
#define CORE_IF 2
#define MN_PORT 40000
#define REQ_STRIDE 64 /* 24 fixed + 22 MN-HA authentication, rounded */
#define STEP_NS 1000  /* virtual time between two requests */

struct opts {
	size_t mns;
	size_t regs;	   /* requests per timed repetition */
	uint64_t hmac_ops; /* MACs per baseline repetition */
	size_t reps;
};

struct ha_bench {
	size_t nmns;
	struct mip_sa_config *sas;    /* the node's, one per MN */
	struct mip_ha_mn_config *mns; /* the HA's list */
	struct mip_sa **mn_sa;	      /* the MNs' copies, to sign requests */
	struct mip_node *node;
	struct mip_rand rnd;
	uint64_t rnd_state;
	mip_tstamp mono; /* virtual time of the next request */
	uint8_t *reqs;	 /* prebuilt, REQ_STRIDE apart */
	size_t *lens;
	size_t cap;
};

static struct mip_ip4
home_addr(size_t i)
{
	/* 10.0.0.16 and up, inside the HA's 10.0.0.0/8 home network. */
	struct mip_ip4 a = { 0x0a000010U + (uint32_t)i };

	return a;
}

static struct mip_ip4
coa(size_t i)
{
	/* Co-located care-of addresses in 100.64.0.0/10, one per MN. */
	struct mip_ip4 a = { 0x64400000U + (uint32_t)i };

	return a;
}

static void
fill_sa(struct mip_sa_config *c, struct mip_ip4 peer, size_t i)
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
setup(struct ha_bench *b, size_t nmns, size_t cap)
{
	static const struct mip_if_config ifs[2] = {
		{ HOME_IF, { 0x0a000001U }, 8, { 2, 0, 0, 0, 0, 1 } },
		{ CORE_IF, { 0xc6336401U }, 24, { 2, 0, 0, 0, 0, 2 } },
	};
	struct mip_ha_config ha;
	struct mip_node_config cfg;
	struct mip_now now;
	size_t i;
	int rc;

	memset(b, 0, sizeof(*b));
	b->nmns = nmns;
	b->cap = cap;
	b->sas = calloc(nmns, sizeof(*b->sas));
	b->mns = calloc(nmns, sizeof(*b->mns));
	b->mn_sa = calloc(nmns, sizeof(*b->mn_sa));
	b->reqs = calloc(cap, REQ_STRIDE);
	b->lens = calloc(cap, sizeof(*b->lens));
	if (!b->sas || !b->mns || !b->mn_sa || !b->reqs || !b->lens)
		return MIP_ERR_NOMEM;
	for (i = 0; i < nmns; i++) {
		struct mip_sa_config mn;

		fill_sa(&b->sas[i], home_addr(i), i);
		b->mns[i].home_addr = home_addr(i);
		b->mns[i].spi = 256;
		/* The MN's side of the same SA names the HA as its peer. */
		fill_sa(&mn, ifs[0].addr, i);
		if ((rc = mip_sa_new(&b->mn_sa[i], &mn, &bench_mem)) != 0)
			return rc;
	}
	memset(&ha, 0, sizeof(ha));
	ha.home_ifindex = HOME_IF;
	ha.addr = ifs[0].addr;
	ha.plen = 8;
	ha.max_lifetime = 600;
	ha.max_simultaneous = 1;
	ha.max_bindings = nmns;
	ha.adv_interval_ms = 600 * 1000; /* never due: no expiry calls */
	ha.adv_lifetime = 1800;
	ha.mns = b->mns;
	ha.nmns = nmns;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_HA;
	cfg.ifs = ifs;
	cfg.nifs = 2;
	cfg.sas = b->sas;
	cfg.nsas = nmns;
	cfg.ha = &ha;
	bench_rand_init(&b->rnd, &b->rnd_state, 42);
	b->mono = MIP_SEC;
	now = bench_time(b->mono);
	return mip_node_new(&b->node, &cfg, &bench_mem, &b->rnd, &now);
}

static void
teardown(struct ha_bench *b)
{
	size_t i;

	mip_node_del(b->node);
	for (i = 0; b->mn_sa != NULL && i < b->nmns; i++)
		mip_sa_free(b->mn_sa[i]);
	free(b->mn_sa);
	free(b->sas);
	free(b->mns);
	free(b->reqs);
	free(b->lens);
}

/* Request |k| of a batch: MN |mn|, Identification = its arrival time. */
static int
build(struct ha_bench *b, size_t k, size_t mn, mip_tstamp at)
{
	uint8_t *buf = b->reqs + k * REQ_STRIDE;
	struct mip_reg_req req;
	struct mip_wbuf w;
	mip_ssize n;
	int rc;

	memset(&req, 0, sizeof(req));
	req.lifetime = 300;
	req.home_addr = home_addr(mn);
	req.ha_addr = b->mn_sa[mn]->cfg.peer;
	req.coa = coa(mn);
	req.ident = bench_time(at).ntp;
	if ((n = mip_reg_req_encode(buf, REQ_STRIDE, &req)) < 0)
		return (int)n;
	mip_wbuf_init(&w, buf, REQ_STRIDE);
	w.off = (size_t)n;
	if ((rc = mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, b->mn_sa[mn])) != 0)
		return rc;
	b->lens[k] = w.off;
	return 0;
}

/* Feeds request |k| at its time; returns 1 when it was accepted. */
static int
feed(struct ha_bench *b, size_t k, size_t mn)
{
	struct mip_pkt_in p;
	struct mip_action a;
	struct mip_now now = bench_time(b->mono);
	int accepted = 0, rc;

	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = CORE_IF;
	p.src = coa(mn);
	p.dst = b->mn_sa[mn]->cfg.peer;
	p.sport = MN_PORT;
	p.dport = MIP_UDP_PORT;
	p.ttl = 64;
	p.data = b->reqs + k * REQ_STRIDE;
	p.len = b->lens[k];
	if ((rc = mip_node_handle_packet(b->node, &p, &now)) != 0)
		return rc;
	while (mip_node_poll_action(b->node, &a) == 1)
		if (a.type == MIP_ACT_SEND && a.u.send.kind == MIP_PKT_UDP &&
		    a.u.send.len >= MIP_REG_REP_LEN &&
		    a.u.send.data[0] == MIP_MSG_REG_REP &&
		    a.u.send.data[1] == 0)
			accepted = 1;
	b->mono += STEP_NS;
	return accepted;
}

/*
 * One pass of |n| requests, MNs round robin from |first|: built first,
 * then fed with the clock running. Returns accepted replies per second,
 * or a negative value when a request was not accepted or failed.
 */
static double
pass(struct ha_bench *b, size_t first, size_t n)
{
	size_t k, accepted = 0;
	double t0, t1;
	int rc;

	for (k = 0; k < n; k++)
		if (build(b, k, (first + k) % b->nmns,
			b->mono + (mip_tstamp)k * STEP_NS) != 0)
			return -1.0;
	t0 = bench_now();
	for (k = 0; k < n; k++) {
		if ((rc = feed(b, k, (first + k) % b->nmns)) < 0)
			return -1.0;
		accepted += (size_t)rc;
	}
	t1 = bench_now();
	if (accepted != n) {
		fprintf(stderr, "bench_ha: %zu of %zu requests accepted\n",
		    accepted, n);
		return -1.0;
	}
	return t1 > t0 ? (double)n / (t1 - t0) : 0.0;
}

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0 || v > (1ULL << 30))
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	size_t v;
	int i;

	o->mns = 1000;
	o->regs = 200000;
	o->hmac_ops = 1000000;
	o->reps = BENCH_REPS;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			o->mns = 100;
			o->regs = 2000;
			o->hmac_ops = 10000;
			o->reps = 1;
		} else if (i + 1 < argc && parse_size(argv[i + 1], &v) == 0 &&
		    (strcmp(argv[i], "--mns") == 0 ||
			strcmp(argv[i], "--regs") == 0 ||
			strcmp(argv[i], "--hmac-ops") == 0)) {
			if (argv[i][2] == 'm')
				o->mns = v;
			else if (argv[i][2] == 'r')
				o->regs = v;
			else
				o->hmac_ops = v;
			i++;
		} else {
			fprintf(stderr,
			    "usage: bench_ha [--quick] [--mns N] [--regs N] "
			    "[--hmac-ops N]\n");
			return -1;
		}
	}
	if (o->mns > 1000000) {
		fprintf(stderr, "bench_ha: at most 1000000 MNs\n");
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct ha_bench b;
	struct bench_hmac hm;
	double regs[BENCH_REPS], macs[BENCH_REPS], r_regs, r_macs, ratio;
	size_t r;
	int rc = 1;

	if (parse_args(argc, argv, &o) != 0)
		return 2;
	if (bench_hmac_init(&hm) != 0) {
		fprintf(stderr, "bench_ha: cannot prepare HMAC-MD5\n");
		return 1;
	}
	if (setup(&b, o.mns, o.regs > o.mns ? o.regs : o.mns) != 0) {
		fprintf(stderr, "bench_ha: cannot build the home agent\n");
		goto out;
	}
	/* Untimed first registration of every MN: bindings exist. */
	if (pass(&b, 0, o.mns) < 0)
		goto out;
	/* Interleaved, so drift in machine speed hits both alike. */
	for (r = 0; r < o.reps; r++) {
		macs[r] = bench_hmac_rate(&hm, o.hmac_ops);
		regs[r] = pass(&b, (r * o.regs) % o.mns, o.regs);
		if (macs[r] <= 0 || regs[r] <= 0)
			goto out;
	}
	r_regs = bench_median(regs, o.reps);
	r_macs = bench_median(macs, o.reps);
	ratio = r_regs / r_macs;
	printf("bench=ha mns=%zu regs=%zu reps=%zu regs_per_s=%.0f "
	       "hmac_md5_per_s=%.0f ratio=%.4f mac_share=%.3f "
	       "regs_min=%.0f regs_max=%.0f hmac_min=%.0f hmac_max=%.0f\n",
	    o.mns, o.regs, o.reps, r_regs, r_macs, ratio, 2.0 * ratio, regs[0],
	    regs[o.reps - 1], macs[0], macs[o.reps - 1]);
	rc = 0;
out:
	teardown(&b);
	bench_hmac_free(&hm);
	return rc;
}
