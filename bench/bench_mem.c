/* SPDX-License-Identifier: ISC */
/*
 * bench_mem: memory of a home agent per mobile node and per binding. For
 * each N, one mip_node with the HA role serves the bench_mns.h population
 * (home network 10.0.0.0/8, in-process only) through a counting struct
 * mip_mem; every MN then registers once (co-located care-of address, one
 * binding each). Reported:
 *
 *   node_bytes_per_mn   what libmip allocated for the node / N (SA table,
 *                       SAs, MN list, the binding slots it preallocates
 *                       for max_bindings = N);
 *   binding_bytes       (bytes after registering all - bytes after
 *                       creating the node) / N: what a binding adds;
 *   total_bytes_per_mn  everything libmip holds per bound MN;
 *   rss_*               the same deltas of VmRSS (/proc/self/status), as a
 *                       cross-check: it also sees what OpenSSL allocates
 *                       for each SA's prepared HMAC state, which bypasses
 *                       struct mip_mem.
 *
 * Usage: bench_mem [--quick] [--mns N[,N...]]   (default 100000,1000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_mns.h"
#include "bench_util.h"
#include "mip/mip_auth.h"
#include "mip/mip_err.h"
#include "mip/mip_node.h"
#include "mip/mip_reg.h"

#define HA_ADDR 0x0a000001U /* 10.0.0.1/8: room for 16 M MNs */
#define HA_PLEN 8
#define MAX_RUNS 8
#define STEP_NS 1000

/* Live octets and allocations through the counting allocator. */
struct count {
	size_t bytes, allocs;
};

/* Each block starts with its size, kept max_align_t-aligned. */
#define HDR sizeof(max_align_t)

static void *
count_malloc(size_t size, void *user)
{
	struct count *c = user;
	unsigned char *p;

	if (size > SIZE_MAX - HDR || (p = malloc(HDR + size)) == NULL)
		return NULL;
	memcpy(p, &size, sizeof(size));
	c->bytes += size;
	c->allocs++;
	return p + HDR;
}

static void *
count_calloc(size_t n, size_t size, void *user)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if ((p = count_malloc(n * size, user)) != NULL)
		memset(p, 0, n * size);
	return p;
}

static void
count_free(void *ptr, void *user)
{
	struct count *c = user;
	unsigned char *p = ptr;
	size_t size;

	if (p == NULL)
		return;
	p -= HDR;
	memcpy(&size, p, sizeof(size));
	c->bytes -= size;
	c->allocs--;
	free(p);
}

/* VmRSS in octets, or 0 when /proc is not readable. */
static size_t
rss(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return (size_t)kb * 1024;
}

/* Registers MN |i| at |*mono|; returns 1 when accepted, else 0 or < 0. */
static int
register_mn(struct mip_node *node, size_t i, mip_tstamp *mono)
{
	uint8_t buf[64];
	struct mip_sa_config c;
	struct mip_sa *sa;
	struct mip_reg_req req;
	struct mip_wbuf w;
	struct mip_pkt_in p;
	struct mip_action a;
	struct mip_now now = bench_time(*mono);
	mip_ssize n;
	int rc, accepted = 0;

	/* The MN's side of its SA, only for as long as it signs. */
	mip_sa_config_init(&c);
	c.peer.v = HA_ADDR;
	c.spi = BENCH_MN_SPI;
	c.key_len = BENCH_MN_KEY_LEN;
	bench_mn_key(i, c.key);
	if ((rc = mip_sa_new(&sa, &c, &bench_mem)) != 0)
		return rc;
	memset(&req, 0, sizeof(req));
	req.lifetime = 600;
	req.home_addr = bench_mn_home(HA_ADDR, HA_PLEN, i);
	req.ha_addr.v = HA_ADDR;
	req.coa.v = 0x64400000U + (uint32_t)i; /* 100.64.0.0/10, co-located */
	req.ident = now.ntp;
	n = mip_reg_req_encode(buf, sizeof(buf), &req);
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = n > 0 ? (size_t)n : 0;
	rc = n < 0 ? (int)n : mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa);
	mip_sa_free(sa);
	if (rc != 0)
		return rc;
	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = BENCH_CORE_IF;
	p.src = req.coa;
	p.dst = req.ha_addr;
	p.sport = 40000;
	p.dport = MIP_UDP_PORT;
	p.ttl = 64;
	p.data = buf;
	p.len = w.off;
	if ((rc = mip_node_handle_packet(node, &p, &now)) != 0)
		return rc;
	while (mip_node_poll_action(node, &a) == 1)
		if (a.type == MIP_ACT_SEND && a.u.send.len >= MIP_REG_REP_LEN &&
		    a.u.send.data[0] == MIP_MSG_REG_REP &&
		    a.u.send.data[1] == 0)
			accepted = 1;
	*mono += STEP_NS;
	return accepted;
}

static int
run(size_t nmns)
{
	struct count cnt = { 0, 0 };
	const struct mip_mem mem = { &cnt, count_malloc, count_calloc,
		count_free };
	struct bench_mns m;
	struct mip_node *node = NULL;
	struct mip_rand rnd;
	struct mip_now now;
	uint64_t rnd_state;
	mip_tstamp mono = MIP_SEC;
	size_t i, rss_cfg, rss_node, rss_base, rss_bound, b_node, b_bound;
	size_t a_node;
	double t0, t_node, t_bound;
	int rc;

	if ((rc = bench_mns_init(&m, nmns, HA_ADDR, HA_PLEN)) != 0) {
		fprintf(
		    stderr, "bench_mem: %zu MNs: %s\n", nmns, mip_strerror(rc));
		return -1;
	}
	bench_rand_init(&rnd, &rnd_state, 7);
	now = bench_time(mono);
	rss_cfg = rss();
	t0 = bench_now();
	rc = mip_node_new(&node, &m.cfg, &mem, &rnd, &now);
	t_node = bench_now() - t0;
	rss_node = rss();
	b_node = cnt.bytes;
	a_node = cnt.allocs;
	bench_mns_free(&m);
	if (rc != 0) {
		fprintf(stderr, "bench_mem: home agent for %zu MNs: %s\n", nmns,
		    mip_strerror(rc));
		return -1;
	}
	rss_node = rss_node > rss_cfg ? rss_node - rss_cfg : 0;
	rss_base = rss(); /* the configuration is gone */
	t0 = bench_now();
	for (i = 0; i < nmns; i++)
		if ((rc = register_mn(node, i, &mono)) != 1) {
			fprintf(stderr,
			    "bench_mem: MN %zu not registered (%s)\n", i,
			    rc < 0 ? mip_strerror(rc) : "refused");
			mip_node_del(node);
			return -1;
		}
	t_bound = bench_now() - t0;
	b_bound = cnt.bytes;
	rss_bound = rss();
	printf("bench=mem mns=%zu bindings=%zu node_bytes_per_mn=%.1f "
	       "binding_bytes=%.1f total_bytes_per_mn=%.1f "
	       "node_allocs_per_mn=%.2f rss_node_per_mn=%.0f "
	       "rss_binding=%.1f node_s=%.2f register_s=%.2f\n",
	    nmns, nmns, (double)b_node / (double)nmns,
	    ((double)b_bound - (double)b_node) / (double)nmns,
	    (double)b_bound / (double)nmns, (double)a_node / (double)nmns,
	    (double)rss_node / (double)nmns,
	    ((double)rss_bound - (double)rss_base) / (double)nmns, t_node,
	    t_bound);
	mip_node_del(node);
	if (cnt.bytes != 0 || cnt.allocs != 0) {
		fprintf(stderr, "bench_mem: %zu octets in %zu blocks leaked\n",
		    cnt.bytes, cnt.allocs);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	size_t ns[MAX_RUNS] = { 100000, 1000000 }, nn = 2, k;
	unsigned long long v;
	char *list, *tok, *save = NULL;

	if (argc == 2 && strcmp(argv[1], "--quick") == 0) {
		ns[0] = 1000;
		nn = 1;
	} else if (argc == 3 && strcmp(argv[1], "--mns") == 0) {
		if ((list = strdup(argv[2])) == NULL)
			return 1;
		nn = 0;
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save)) {
			if (nn == MAX_RUNS ||
			    bench_parse_num(tok, bench_mns_max(HA_PLEN), &v)) {
				nn = 0;
				break;
			}
			ns[nn++] = (size_t)v;
		}
		free(list);
	} else if (argc != 1)
		nn = 0;
	if (nn == 0) {
		fprintf(
		    stderr, "usage: bench_mem [--quick] [--mns N[,N...]]\n");
		return 2;
	}
	for (k = 0; k < nn; k++)
		if (run(ns[k]) != 0)
			return 1;
	return 0;
}
