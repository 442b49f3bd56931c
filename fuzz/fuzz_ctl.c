/* SPDX-License-Identifier: ISC */
/*
 * mipd's control socket requests (daemon/ctl_json.c and the "show"
 * builders) over arbitrary text: each input line is one request, answered
 * by four real nodes built from mipd.conf text, a home agent with Route
 * Optimization, a foreign agent, a mobile node visiting it and a
 * correspondent node. The nodes' datagrams reach each other and the data
 * plane's traffic reports are made up from their tables, so after a short
 * warm-up there is an agent heard, a visitor, a binding and a binding
 * cache entry to show. Hooks are fakes: commands feed
 * the node, reload fails in turn in each way it can, counters are made
 * up. Every answer must be an object with a boolean "ok", an error string
 * when false and the object shown when a "show" succeeds; it is serialised
 * and freed (LeakSanitizer checks the rest).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctl_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NNODES 4
#define HOME 0
#define FOREIGN 1
#define MOBILE 2
#define CORRESPONDENT 3
#define QUEUE_MAX 16   /* datagrams in flight between the nodes */
#define DELIVER_MAX 64 /* per step, so that no exchange loops forever */
#define LINES_MAX 64   /* requests per input */
#define WARMUP_STEPS 5 /* seconds before the first request */
#define TRAFFIC_MAX 4  /* traffic reports per node per step */

static const char *const confs[NNODES] = {
	[HOME] = "[Interface]\n"
		 "Name = home\n"
		 "Address = 192.0.2.1/24\n"
		 "[HomeAgent]\n"
		 "Link = home\n"
		 "MobileNode = 192.0.2.10:256\n"
		 "ReverseTunnel = yes\n"
		 "[SecurityAssociation]\n"
		 "Peer = 192.0.2.10\n"
		 "SPI = 256\n"
		 "Key = 000102030405060708090a0b0c0d0e0f\n"
		 "Replay = timestamps\n"
		 "[SecurityAssociation]\n"
		 "Peer = 198.51.100.10\n"
		 "SPI = 400\n"
		 "Key = 101112131415161718191a1b1c1d1e1f\n"
		 "Replay = timestamps\n"
		 "[RouteOptimization]\n"
		 "Enabled = yes\n"
		 "Peer = 198.51.100.10:400\n",
	[FOREIGN] = "[Interface]\n"
		    "Name = foreign\n"
		    "Address = 203.0.113.1/26\n"
		    "HwAddr = 02:00:00:00:01:01\n"
		    "[ForeignAgent]\n"
		    "Link = foreign\n"
		    "CareOfAddress = 203.0.113.1\n"
		    "AdvertisementInterval = 1s\n"
		    "ReverseTunnel = yes\n",
	[MOBILE] = "[Interface]\n"
		   "Name = wlan\n"
		   "Address = 203.0.113.10/26\n"
		   "HwAddr = 02:00:00:00:02:02\n"
		   "[MobileNode]\n"
		   "Link = wlan\n"
		   "HomeAddress = 192.0.2.10/24\n"
		   "HomeAgent = 192.0.2.1\n"
		   "SPI = 256\n"
		   "Lifetime = 300\n"
		   "Flags = T\n"
		   "[SecurityAssociation]\n"
		   "Peer = 192.0.2.1\n"
		   "SPI = 256\n"
		   "Key = 000102030405060708090a0b0c0d0e0f\n"
		   "Replay = timestamps\n",
	[CORRESPONDENT] = "[Interface]\n"
			  "Name = wan\n"
			  "Address = 198.51.100.10/25\n"
			  "HwAddr = 02:00:00:00:03:03\n"
			  "[CorrespondentNode]\n"
			  "CacheSize = 4\n"
			  "[SecurityAssociation]\n"
			  "Peer = 192.0.2.1\n"
			  "SPI = 400\n"
			  "Key = 101112131415161718191a1b1c1d1e1f\n"
			  "Replay = timestamps\n"
			  "[RouteOptimization]\n"
			  "Enabled = yes\n",
};

/* Each node's own address, and its link-layer address. */
static const uint32_t addrs[NNODES] = { 0xc0000201, 0xcb007101, 0xcb00710a,
	0xc633640a };
static const uint8_t hws[NNODES][MIP_HWADDR_LEN] = { { 2, 0, 0, 0, 0, 1 },
	{ 2, 0, 0, 0, 1, 1 }, { 2, 0, 0, 0, 2, 2 }, { 2, 0, 0, 0, 3, 3 } };

struct datagram {
	struct mip_pkt_in in;
	size_t to; /* node index */
	uint8_t buf[1500];
};

struct world;

struct peer {
	struct world *w;
	struct mip_node *node;
	unsigned reloads;
};

struct world {
	struct mip_now now;
	struct peer peers[NNODES];
	struct datagram q[QUEUE_MAX];
	size_t nq;
	uint64_t rnd;
};

/* The world a plat_now call sees: the fuzz clock, not the host's. */
static struct world *current;

static struct config *configs[NNODES];

void plat_now(struct mip_now *now);
const char *plat_dp_drop_name(enum plat_dp_drop d);

void
plat_now(struct mip_now *now)
{
	*now = current->now;
}

/* plat_dp.c brings the whole data plane; names only need to differ. */
const char *
plat_dp_drop_name(enum plat_dp_drop d)
{
	static const char *const names[] = { "d0", "d1", "d2", "d3", "d4", "d5",
		"d6", "d7" };

	return (size_t)d < sizeof(names) / sizeof(names[0]) ? names[d] : "dx";
}

static void *
m_malloc(size_t n, void *ud)
{
	(void)ud;
	return malloc(n);
}

static void *
m_calloc(size_t n, size_t s, void *ud)
{
	(void)ud;
	return calloc(n, s);
}

static void
m_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static void
r_fill(uint8_t *dst, size_t len, void *ud)
{
	uint64_t *s = ud;
	size_t i;

	for (i = 0; i < len; i++) {
		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		dst[i] = (uint8_t)*s;
	}
}

/*
 * Where a datagram from node |from| goes: to the node whose address it is
 * for, else across the foreign link (broadcasts, the mobile node's home
 * address) from one of its two nodes to the other. The home link and the
 * correspondent's have nobody else on them.
 */
static void
route(struct world *w, size_t from, const struct mip_act_send *s)
{
	struct datagram *d;
	size_t to;

	for (to = 0; to < NNODES && addrs[to] != s->dst.v; to++)
		continue;
	if (to == NNODES && (from == FOREIGN || from == MOBILE))
		to = from == FOREIGN ? MOBILE : FOREIGN;
	if (to == NNODES || to == from || w->nq == QUEUE_MAX ||
	    s->len > sizeof(d->buf))
		return;
	d = &w->q[w->nq++];
	memset(&d->in, 0, sizeof(d->in));
	d->to = to;
	d->in.ifindex = 1;
	d->in.kind = s->kind;
	d->in.src = s->src;
	d->in.dst = s->dst;
	d->in.sport = s->sport;
	d->in.dport = s->dport;
	d->in.ttl = s->ttl != 0 ? s->ttl : 64;
	d->in.has_hwaddr = true;
	memcpy(d->in.src_hwaddr, hws[from], MIP_HWADDR_LEN);
	memcpy(d->buf, s->data, s->len);
	d->in.data = d->buf;
	d->in.len = s->len;
}

static void
take_actions(struct world *w, size_t from)
{
	struct mip_action a;

	while (mip_node_poll_action(w->peers[from].node, &a) == 1)
		if (a.type == MIP_ACT_SEND)
			route(w, from, &a.u.send);
}

/* Delivers the queued datagrams and what they cause, up to a bound. */
static void
deliver(struct world *w)
{
	struct datagram d;
	size_t n;

	for (n = 0; w->nq > 0 && n < DELIVER_MAX; n++) {
		d = w->q[0];
		memmove(&w->q[0], &w->q[1], (w->nq - 1) * sizeof(w->q[0]));
		w->nq--;
		d.in.data = d.buf;
		if (mip_node_handle_packet(
			w->peers[d.to].node, &d.in, &w->now) != 0)
			__builtin_trap();
		take_actions(w, d.to);
	}
	w->nq = 0;
}

/* Whether the correspondent's binding cache has |home_addr|. */
static bool
cached(const struct world *w, struct mip_ip4 home_addr)
{
	struct mip_iter it = { 0, 0 };
	struct mip_cache_info e;

	while (mip_node_cache_next(
		   w->peers[CORRESPONDENT].node, &it, &w->now, &e) == 1)
		if (mip_ip4_eq(e.home_addr, home_addr))
			return true;
	return false;
}

/* A report of the correspondent's packet to |home_addr| in |tunnel_id|. */
static struct mip_traffic
from_correspondent(struct mip_ip4 home_addr, uint32_t tunnel_id)
{
	struct mip_traffic tr;

	memset(&tr, 0, sizeof(tr));
	tr.kind = MIP_TRAFFIC_TUNNELLED;
	tr.src.v = addrs[CORRESPONDENT];
	tr.dst = home_addr;
	tr.tunnel_id = tunnel_id;
	return tr;
}

/* Hands node |i| the reports gathered in |tr|, then takes its actions. */
static void
report(struct world *w, size_t i, const struct mip_traffic *tr, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (mip_node_handle_traffic(
			w->peers[i].node, &tr[k], &w->now) != 0)
			__builtin_trap();
	take_actions(w, i);
}

/*
 * The correspondent sends to every mobile node once a second, and the
 * data plane reports it (mip_node.h struct mip_traffic, at most once a
 * second): without a cache entry its packets reach the home agent's
 * tunnel (RO draft 4.3: the home agent sends it a Binding Update), with
 * one they go into the entry's tunnel (RO spec 1.5: the entry is used).
 * The reports are gathered before any is handed over, so that no walk
 * sees its table change.
 */
static void
correspond(struct world *w)
{
	struct mip_traffic tr[TRAFFIC_MAX];
	struct mip_iter it = { 0, 0 };
	struct mip_binding_info b;
	struct mip_cache_info e;
	size_t n = 0;

	while (n < TRAFFIC_MAX &&
	    mip_node_binding_next(w->peers[HOME].node, &it, &w->now, &b) == 1)
		if (!cached(w, b.home_addr))
			tr[n++] = from_correspondent(b.home_addr, b.tunnel_id);
	report(w, HOME, tr, n);
	memset(&it, 0, sizeof(it));
	n = 0;
	while (n < TRAFFIC_MAX &&
	    mip_node_cache_next(
		w->peers[CORRESPONDENT].node, &it, &w->now, &e) == 1)
		tr[n++] = from_correspondent(e.home_addr, e.tunnel_id);
	report(w, CORRESPONDENT, tr, n);
}

/* One second passes; due timers fire in each node. */
static void
step(struct world *w)
{
	size_t i;

	w->now.mono += MIP_SEC;
	w->now.ntp += (uint64_t)1 << 32;
	for (i = 0; i < NNODES; i++) {
		mip_tstamp next = mip_node_next_expiry(w->peers[i].node);

		if (next != MIP_TSTAMP_NONE && next <= w->now.mono) {
			if (mip_node_handle_expiry(w->peers[i].node, &w->now) !=
			    0)
				__builtin_trap();
			take_actions(w, i);
		}
	}
	deliver(w);
	correspond(w);
	deliver(w);
}

static const struct mip_node *
h_node(void *arg)
{
	const struct peer *p = arg;

	return p->node;
}

static int
h_command(void *arg, const struct mip_cmd *cmd)
{
	struct peer *p = arg;
	int rc = mip_node_handle_cmd(p->node, cmd, &p->w->now);

	if (rc == 0)
		take_actions(p->w, (size_t)(p - p->w->peers));
	return rc;
}

/* Succeeds, then fails with a message, an errno and a libmip error. */
static int
h_reload(void *arg, char **why)
{
	struct peer *p = arg;

	switch (p->reloads++ % 4) {
	case 0:
		return 0;
	case 1:
		*why = strdup("mipd.conf:3: Address: not an address");
		return MIP_ERR_INVAL;
	case 2:
		return -EACCES;
	default:
		return MIP_ERR_NOMEM;
	}
}

static int
h_tunnel_stats(void *arg, uint32_t id, struct plat_dp_tstats *out)
{
	(void)arg;
	if (id % 2 == 0)
		return -ENOENT;
	out->encap_pkts = id;
	out->encap_bytes = (uint64_t)id * 1500;
	out->decap_pkts = UINT64_MAX;
	out->decap_bytes = 0;
	return 0;
}

static void
h_dp_stats(void *arg, struct plat_dp_stats *out)
{
	size_t i;

	(void)arg;
	out->tun_rx = 1;
	out->tun_tx = 2;
	out->raw_rx = UINT64_MAX;
	out->raw_tx = 4;
	for (i = 0; i < PLAT_DP_DROP__COUNT; i++)
		out->drops[i] = i;
}

static void
h_status(void *arg, json_t *obj)
{
	(void)arg;
	json_object_set_new(obj, "pid", json_integer(4242));
}

static void
setup(void)
{
	static bool done;
	struct config_errors e;
	size_t i;

	if (done)
		return;
	done = true;
	for (i = 0; i < NNODES; i++) {
		if (config_parse_string(
			confs[i], "fuzz.conf", NULL, &configs[i], &e) != 0) {
			config_errors_print(stderr, &e);
			__builtin_trap();
		}
		config_errors_free(&e);
	}
}

static void
check_answer(json_t *r, const char *line, size_t len)
{
	json_t *ok, *req;
	const char *cmd, *what;
	char *s;

	if (r == NULL || !json_is_object(r))
		__builtin_trap();
	ok = json_object_get(r, "ok");
	if (!json_is_boolean(ok))
		__builtin_trap();
	if (json_is_false(ok) && !json_is_string(json_object_get(r, "error")))
		__builtin_trap();
	/* A successful "show" carries the object it was asked for. */
	req = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	cmd = json_string_value(json_object_get(req, "cmd"));
	what = json_string_value(json_object_get(req, "what"));
	if (json_is_true(ok) && cmd != NULL && what != NULL &&
	    strcmp(cmd, "show") == 0 && json_object_get(r, what) == NULL)
		__builtin_trap();
	json_decref(req);
	if ((s = json_dumps(r, JSON_COMPACT)) == NULL)
		__builtin_trap();
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	struct mip_mem mem = { NULL, m_malloc, m_calloc, m_free };
	struct mip_rand rnd = { &w.rnd, r_fill };
	struct mip_link_event up = { MIP_LINK_UP, 1, { 0 }, 0 };
	struct ctl_hooks hooks[NNODES];
	const char *line = (const char *)data, *end = line + size, *nl;
	mip_tstamp started;
	size_t i, nlines;

	setup();
	memset(&w, 0, sizeof(w));
	w.rnd = 0x9e3779b97f4a7c15ULL;
	w.now.mono = 1000 * MIP_SEC;
	w.now.ntp = (uint64_t)3900000000U << 32;
	current = &w;
	started = w.now.mono;
	for (i = 0; i < NNODES; i++) {
		w.peers[i].w = &w;
		if (mip_node_new(&w.peers[i].node, &configs[i]->node, &mem,
			&rnd, &w.now) != 0)
			__builtin_trap();
		hooks[i] = (struct ctl_hooks){ &w.peers[i], h_node, h_command,
			h_reload, h_tunnel_stats, h_dp_stats, h_status };
	}
	if (mip_node_handle_link(w.peers[MOBILE].node, &up, &w.now) != 0)
		__builtin_trap();
	take_actions(&w, MOBILE);
	for (i = 0; i < WARMUP_STEPS; i++)
		step(&w);
	/* "show cache" must have an entry to render, not only errors. */
	if (!cached(&w, mip_ip4_make(192, 0, 2, 10)))
		__builtin_trap();

	for (nlines = 0; line < end && nlines < LINES_MAX; nlines++) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		for (i = 0; i < NNODES; i++) {
			json_t *r = ctl_json_request(
			    &hooks[i], line, (size_t)(nl - line), started);

			check_answer(r, line, (size_t)(nl - line));
			json_decref(r);
		}
		deliver(&w);
		step(&w);
		line = nl + 1;
	}

	for (i = 0; i < NNODES; i++)
		mip_node_del(w.peers[i].node);
	current = NULL;
	return 0;
}
