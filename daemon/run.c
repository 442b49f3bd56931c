/* SPDX-License-Identifier: ISC */
/*
 * The running node and what it stands on: the parsed configuration
 * completed with the kernel's interface facts, the data plane (only for
 * roles that tunnel), the sockets and the node itself. Every event goes
 * into the node with the current time; the actions it queues are then
 * executed and the timer re-armed with the node's next deadline.
 *
 * Reload (SIGHUP, mipctl reload) parses first: a bad file changes
 * nothing. An unchanged configuration keeps the node and its bindings; a
 * changed one replaces the node as a whole, removing its kernel state and
 * installing the new node's from scratch (bindings do not survive, mipd(8)).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "mipd.h"

/* ---- injected services ---- */

static void *
mem_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void *
mem_calloc(size_t n, size_t size, void *user)
{
	(void)user;
	return calloc(n, size);
}

static void
mem_free(void *p, void *user)
{
	(void)user;
	free(p);
}

static const struct mip_mem mipd_mem = {
	NULL,
	mem_malloc,
	mem_calloc,
	mem_free,
};

/* The kernel's CSPRNG; getrandom only fails for bad arguments, or with
 * EINTR before the pool is initialised, so it is retried. */
static void
rand_fill(uint8_t *dst, size_t len, void *user)
{
	(void)user;
	while (len > 0) {
		ssize_t n = getrandom(dst, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			plat_log(
			    PLAT_LOG_ERR, "getrandom: %s", strerror(errno));
			abort();
		}
		dst += n;
		len -= (size_t)n;
	}
}

static const struct mip_rand mipd_rand = { NULL, rand_fill };

/* ---- configuration ---- */

static int
resolve_if(const char *name, void *arg)
{
	(void)arg;
	return (int)plat_nl_ifindex(name);
}

/* Joins every message of |errs| into one malloc'ed string. */
static char *
errors_text(const struct config_errors *errs)
{
	size_t i, len = 1;
	char *s, *p;

	for (i = 0; i < errs->n; i++)
		len += strlen(errs->v[i].msg) + 1;
	if ((s = p = malloc(len)) == NULL)
		return NULL;
	*p = '\0';
	for (i = 0; i < errs->n; i++)
		p = stpcpy(
		    stpcpy(p, errs->v[i].msg), i + 1 < errs->n ? "\n" : "");
	return s;
}

/* The interface facts the file leaves out: link-layer address always,
 * IPv4 address and prefix when it gives none. */
static int
complete_ifs(struct mipd *d, struct config *c, char **why)
{
	struct plat_if_info info;
	size_t i;
	int rc;

	for (i = 0; i < c->nifs; i++) {
		struct mip_if_config *ifc = &c->ifs[i];

		if ((rc = plat_nl_if_info(d->nl, ifc->ifindex, &info)) < 0) {
			if (asprintf(why, "%s: interface %s: %s", d->conf_path,
				c->ifmeta[i].name, strerror(-rc)) < 0)
				*why = NULL;
			return rc;
		}
		memcpy(ifc->hwaddr, info.hwaddr, MIP_HWADDR_LEN);
		if (ifc->addr.v == 0) {
			ifc->addr = info.addr;
			ifc->plen = info.plen;
		}
		if (ifc->addr.v == 0)
			plat_log(PLAT_LOG_WARNING,
			    "interface %s has no IPv4 address",
			    c->ifmeta[i].name);
		if (!info.up)
			plat_log(PLAT_LOG_WARNING, "interface %s is down",
			    c->ifmeta[i].name);
	}
	return 0;
}

int
mipd_parse(struct mipd *d, struct config **out, char **why)
{
	struct config_opts opts = { resolve_if, NULL };
	struct config_errors errs = { NULL, 0 };
	int rc;

	*out = NULL;
	*why = NULL;
	rc = config_parse_file(d->conf_path, &opts, out, &errs);
	if (rc != 0) {
		*why = errors_text(&errs);
		config_errors_free(&errs);
		return rc;
	}
	config_errors_free(&errs);
	if ((rc = complete_ifs(d, *out, why)) < 0) {
		config_free(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- events ---- */

static void
check_node_rc(struct mipd *d, int rc, const char *what)
{
	if (rc >= 0)
		return;
	plat_log(rc <= MIP_ERR_FATAL ? PLAT_LOG_ERR : PLAT_LOG_WARNING,
	    "node: %s: %s", what, mip_strerror(rc));
	if (rc <= MIP_ERR_FATAL) {
		d->fatal = true;
		plat_loop_stop(d->loop);
	}
}

/* Executes what the node queued. */
static void
drain_actions(struct mipd *d)
{
	struct mip_action act;

	while (mip_node_poll_action(d->run.node, &act) == 1)
		mipd_apply(d, &act);
}

/*
 * Re-arms the timer only when the node's next deadline moved: most
 * events (a binding refreshed) leave it where it was, and every
 * timerfd_settime is a system call.
 */
static void
arm_timer(struct mipd *d)
{
	mip_tstamp next = mip_node_next_expiry(d->run.node);
	int rc;

	if (next == d->run.armed)
		return;
	if ((rc = plat_loop_set_deadline(d->loop, next)) < 0) {
		plat_log(PLAT_LOG_ERR, "arming the timer: %s", strerror(-rc));
		return;
	}
	d->run.armed = next;
}

void
mipd_after_event(struct mipd *d)
{
	drain_actions(d);
	/* One netlink batch per event; plat_nl logs each refusal. */
	(void)plat_nl_commit(d->nl);
	arm_timer(d);
}

/*
 * A datagram of a received batch. Its actions run at once, but the
 * netlink batch, the timer and the replies (plat_sock queues them) wait
 * for the end of the batch (on_batch_done): one commit, one timer update
 * and one sendmmsg for up to PLAT_SOCK_BATCH registrations.
 */
static void
on_packet(void *arg, const struct mip_pkt_in *pkt)
{
	struct mipd *d = arg;
	struct mip_now now;

	plat_now(&now);
	check_node_rc(
	    d, mip_node_handle_packet(d->run.node, pkt, &now), "packet");
	drain_actions(d);
}

static void
on_batch_done(void *arg)
{
	mipd_after_event(arg);
}

/*
 * A traffic report of the data plane (plat_dp.h): its actions run at
 * once, netlink and the timer included, because the data plane looks at
 * the packet again when this returns (mip_node.h MIP_TRAFFIC_UNMATCHED).
 */
static void
on_traffic(void *arg, const struct mip_traffic *tr)
{
	struct mipd *d = arg;
	struct mip_now now;

	if (d->run.node == NULL)
		return;
	plat_now(&now);
	check_node_rc(
	    d, mip_node_handle_traffic(d->run.node, tr, &now), "traffic");
	mipd_after_event(d);
}

void
mipd_link_event(void *arg, const struct mip_link_event *ev)
{
	struct mipd *d = arg;
	struct mip_now now;

	if (d->run.node == NULL)
		return;
	plat_now(&now);
	check_node_rc(d, mip_node_handle_link(d->run.node, ev, &now), "link");
	mipd_after_event(d);
}

static void
on_timer(void *arg)
{
	struct mipd *d = arg;
	struct mip_now now;

	/* The timerfd fired, so it is disarmed now. */
	d->run.armed = MIP_TSTAMP_NONE;
	plat_now(&now);
	check_node_rc(d, mip_node_handle_expiry(d->run.node, &now), "timer");
	mipd_after_event(d);
}

/* ---- start and stop ---- */

/* A correspondent node tunnels to the care-of addresses of its cache
 * (RO draft 3), also what the host itself sends. */
static bool
needs_dp(const struct config *c)
{
	return (c->node.roles & (MIP_ROLE_HA | MIP_ROLE_FA | MIP_ROLE_CN)) !=
	    0 ||
	    ((c->node.roles & MIP_ROLE_MN) != 0 && c->mn.colocated);
}

/* The roles that react to traffic reports (mip_node.h struct
 * mip_traffic): a binding cache, a home agent's Route Optimization. For
 * the others the data plane spares itself the reports. */
static bool
wants_reports(const struct config *c)
{
	return (c->node.roles & MIP_ROLE_CN) != 0 ||
	    ((c->node.roles & MIP_ROLE_HA) != 0 && c->ha.ro != NULL);
}

/* Adds |l| to |links|, merging the flags of a link named twice. */
static void
add_link(struct plat_sock_link *links, size_t *n, struct plat_sock_link l)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (links[i].ifindex == l.ifindex) {
			links[i].agent |= l.agent;
			links[i].mobile |= l.mobile;
			links[i].need_hwaddr |= l.need_hwaddr;
			return;
		}
	}
	links[(*n)++] = l;
}

static int
open_sockets(struct mipd *d, const struct config *c)
{
	struct plat_sock_link *links;
	struct plat_sock_opts o;
	size_t i, n = 0;
	int rc;

	links = calloc(c->fa.nlinks + 2, sizeof(*links));
	if (links == NULL)
		return -ENOMEM;
	if (c->node.roles & MIP_ROLE_HA)
		add_link(links, &n,
		    (struct plat_sock_link){
			c->ha.home_ifindex, true, false, false });
	if (c->node.roles & MIP_ROLE_FA)
		for (i = 0; i < c->fa.nlinks; i++)
			add_link(links, &n,
			    (struct plat_sock_link){
				c->fa.links[i].ifindex, true, false, true });
	if (c->node.roles & MIP_ROLE_MN)
		add_link(links, &n,
		    (struct plat_sock_link){
			c->mn.home_ifindex, false, true, true });
	memset(&o, 0, sizeof(o));
	o.links = links;
	o.nlinks = n;
	/* Agents hear requests and replies on any interface: a home agent
	 * from every care-of address, a foreign agent replies from home
	 * agents on its uplink; a correspondent node Binding Updates and
	 * Warnings from home agents anywhere (RO draft 4). */
	o.udp_any =
	    (c->node.roles & (MIP_ROLE_HA | MIP_ROLE_FA | MIP_ROLE_CN)) != 0;
	o.done = on_batch_done;
	rc = plat_sock_open(&d->run.sock, d->loop, &o, on_packet, d);
	free(links);
	return rc;
}

static int
read_sysctl(const char *path)
{
	char buf[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoi(buf);
}

static int
write_sysctl(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	err = errno;
	close(fd);
	return n < 0 ? -err : 0;
}

/*
 * The host's settings: mipd never switches forwarding on by itself
 * (mipd(8)), it only says what is missing. The TUN's own rp_filter is
 * set to 0: decapsulated packets come from sources the TUN has no route
 * back to.
 */
static void
check_sysctls(const struct mipd *d, const struct config *c)
{
	char path[96];
	int rc;

	if ((c->node.roles & (MIP_ROLE_HA | MIP_ROLE_FA)) != 0 &&
	    read_sysctl("/proc/sys/net/ipv4/ip_forward") == 0)
		plat_log(PLAT_LOG_WARNING,
		    "net.ipv4.ip_forward is 0: an agent must forward "
		    "(tunnelled packets and proxy ARP, RFC 5944 4.2); "
		    "mipd does not change it");
	if (d->run.dp == NULL)
		return;
	if (read_sysctl("/proc/sys/net/ipv4/conf/all/rp_filter") == 1)
		plat_log(PLAT_LOG_WARNING,
		    "net.ipv4.conf.all.rp_filter is 1 (strict): "
		    "decapsulated packets may be dropped");
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/rp_filter",
	    plat_dp_ifname(d->run.dp));
	if ((rc = write_sysctl(path, "0")) < 0)
		plat_log(PLAT_LOG_WARNING, "%s: %s", path, strerror(-rc));
}

int
mipd_run_start(struct mipd *d, struct config *cfg)
{
	/* MTU 0: plat_dp's default, an Ethernet path less IP in IP, so that
	 * full-sized IP in IP packets fit; for GRE and narrower paths the
	 * data plane answers with "fragmentation needed" (RFC 2003 5.1).
	 * Offloads: TSO super-packets in, coalesced writes out, 2.7 times
	 * the TCP throughput without (docs/benchmarks.md, bench=dp_mipd). */
	struct plat_dp_opts dpo = { NULL, true, 0 };
	struct mip_now now;
	int rc;

	memset(&d->run, 0, sizeof(d->run));
	d->run.cfg = cfg;
	d->run.armed = MIP_TSTAMP_NONE; /* mipd_run_stop disarmed it */
	if (needs_dp(cfg) &&
	    (rc = plat_dp_open(&d->run.dp, d->loop, &dpo)) < 0) {
		plat_log(PLAT_LOG_ERR, "opening the TUN data plane: %s",
		    strerror(-rc));
		goto fail;
	}
	if (d->run.dp != NULL) {
		if (wants_reports(cfg))
			plat_dp_set_report(d->run.dp, on_traffic, d);
		plat_log(PLAT_LOG_INFO, "data plane on %s",
		    plat_dp_ifname(d->run.dp));
	}
	check_sysctls(d, cfg);
	if ((rc = open_sockets(d, cfg)) < 0) {
		plat_log(
		    PLAT_LOG_ERR, "opening the sockets: %s", strerror(-rc));
		goto fail;
	}
	plat_now(&now);
	rc =
	    mip_node_new(&d->run.node, &cfg->node, &mipd_mem, &mipd_rand, &now);
	if (rc < 0) {
		const char *why = NULL;

		(void)mip_node_config_check(&cfg->node, &why);
		plat_log(PLAT_LOG_ERR, "creating the node: %s%s%s",
		    mip_strerror(rc), why != NULL ? ": " : "",
		    why != NULL ? why : "");
		goto fail;
	}
	plat_loop_set_timer(d->loop, on_timer, d);
	mipd_after_event(d);
	return 0;
fail:
	d->run.cfg = NULL; /* the caller still owns it */
	mipd_run_stop(d);
	return -1;
}

void
mipd_run_stop(struct mipd *d)
{
	struct mip_action act;

	/* Actions still queued are dropped: the kernel state they would
	 * change is about to go as a whole. */
	while (d->run.node != NULL && mip_node_poll_action(d->run.node, &act))
		if (act.type == MIP_ACT_NOTIFY)
			mipd_notify(d, &act.u.notify);
	mipd_kstate_clear(d);
	plat_arp_close(d->run.arp);
	if (d->loop != NULL)
		(void)plat_loop_set_deadline(d->loop, MIP_TSTAMP_NONE);
	mip_node_del(d->run.node);
	plat_sock_close(d->run.sock);
	plat_dp_close(d->run.dp);
	config_free(d->run.cfg);
	memset(&d->run, 0, sizeof(d->run));
}

int
mipd_reload(struct mipd *d, char **why)
{
	struct config *cfg, *old;
	int rc;

	if ((rc = mipd_parse(d, &cfg, why)) != 0) {
		plat_log(PLAT_LOG_ERR,
		    "reload: %s has errors; keeping the running configuration",
		    d->conf_path);
		if (*why != NULL)
			plat_log(PLAT_LOG_ERR, "%s", *why);
		return rc < 0 ? rc : -EINVAL;
	}
	if (config_equal(cfg, d->run.cfg)) {
		config_free(cfg);
		plat_log(PLAT_LOG_NOTICE, "reload: configuration unchanged");
		return 0;
	}
	/* Keep the old configuration in case the new one cannot start. */
	old = d->run.cfg;
	d->run.cfg = NULL;
	mipd_run_stop(d);
	if (mipd_run_start(d, cfg) == 0) {
		config_free(old);
		plat_log(PLAT_LOG_NOTICE, "reload: new configuration running");
		return 0;
	}
	config_free(cfg);
	if (asprintf(why,
		"%s: the new configuration did not start (see the "
		"log); the previous one runs again",
		d->conf_path) < 0)
		*why = NULL;
	if (mipd_run_start(d, old) < 0) {
		plat_log(PLAT_LOG_ERR,
		    "reload: the previous configuration "
		    "does not start either; exiting");
		config_free(old);
		d->fatal = true;
		plat_loop_stop(d->loop);
	}
	return -EINVAL;
}
