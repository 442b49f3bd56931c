/* SPDX-License-Identifier: ISC */
/*
 * mipd's own state, shared by its files: main and signals (mipd.c), the
 * running node and what it is built from (run.c: start, stop, reload),
 * the executor of the node's actions with its record of installed kernel
 * state (apply.c), the log lines of notifications (notify.c) and the
 * control socket's hooks (hooks.c).
 */
#ifndef MIPD_H
#define MIPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "ctl_server.h"
#include "mip/mip_node.h"
#include "plat_arp.h"
#include "plat_dp.h"
#include "plat_log.h"
#include "plat_loop.h"
#include "plat_nl.h"
#include "plat_sock.h"

/*
 * mipd's policy routing (mipd(8)): reverse-tunnelled sources are looked
 * up in MIPD_TABLE, which holds one route, "default dev TUN", while any
 * such rule exists. Rules sit at MIPD_RULE_PRIO, before main (32766).
 */
#define MIPD_TABLE 77
#define MIPD_RULE_PRIO 100
/*
 * Routes into tunnels sit in MIPD_TUN_TABLE, looked up by the rule "not
 * fwmark PLAT_DP_FWMARK lookup MIPD_TUN_TABLE" at MIPD_TUN_PRIO while any
 * such route exists: the data plane's own packets, marked, take the
 * host's other routes and never re-enter the TUN (plat_dp.h).
 */
#define MIPD_TUN_TABLE 78
#define MIPD_TUN_PRIO 101

/* One kernel object mipd installed, shared by |refs| actions. */
enum kobj_kind {
	KOBJ_ROUTE,
	KOBJ_RULE,
	KOBJ_NOMARK, /* "not fwmark PLAT_DP_FWMARK lookup |table|" */
	KOBJ_NEIGH,
	KOBJ_PROXY,
};

struct kobj {
	enum kobj_kind kind;
	struct mip_ip4 addr; /* route dst, rule src, neighbour address */
	uint8_t plen;
	uint32_t ifindex; /* route oif, rule iif, neighbour link */
	struct mip_ip4 gw;
	uint32_t table;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	unsigned refs;
	struct kobj *next; /* in its hash chain */
};

/* A co-located MN's tunnel, kept for what its TUNNEL_DEL must undo. */
struct ktunnel {
	uint32_t id;
	struct mip_ip4 home_addr; /* its reverse-tunnel rule's source */
};

/* What mipd installed: kernel objects in a hash table (a home agent may
 * hold 100,000 bindings), and the co-located MN's own tunnels. */
struct kstate {
	struct kobj **buckets;
	size_t nbuckets, n; /* power of two; entries */
	struct ktunnel *tun;
	size_t ntun, captun;
};

/* The node and what it runs on; rebuilt as a whole on reload. */
struct mipd_run {
	struct config *cfg;
	struct mip_node *node;
	struct plat_sock *sock;
	struct plat_dp *dp;
	struct plat_arp *arp; /* proxy ARP (apply.c), opened on first use */
	struct kstate ks;
	mip_tstamp armed; /* the timer's deadline as last set */
};

struct mipd {
	const char *conf_path;
	const char *sock_path;
	char *conf_abs, *sock_abs; /* -d: the paths made absolute */
	int verbosity;
	bool detach;
	struct plat_loop *loop;
	struct plat_nl *nl;
	struct ctl_server *ctl;
	struct mipd_run run;
	struct plat_ratelimit drop_rl;
	struct plat_ratelimit fail_rl;
	bool fatal; /* the loop stopped on an error: exit 1 */
};

/* run.c */
int mipd_parse(struct mipd *d, struct config **out, char **why);
int mipd_run_start(struct mipd *d, struct config *cfg);
void mipd_run_stop(struct mipd *d);
int mipd_reload(struct mipd *d, char **why);
/* Feeds nothing: executes what the node queued, then re-arms the timer. */
void mipd_after_event(struct mipd *d);
/* plat_nl_monitor's callback (|arg| is the struct mipd). */
void mipd_link_event(void *arg, const struct mip_link_event *ev);

/* apply.c */
void mipd_apply(struct mipd *d, const struct mip_action *act);
/* Removes everything in |d->run.ks| from the kernel. */
void mipd_kstate_clear(struct mipd *d);

/* notify.c */
void mipd_notify(struct mipd *d, const struct mip_act_notify *no);

/* detach.c: -d. begin forks (the parent exits with the child's verdict)
 * and gives the child |*ready|; done tells the parent and, when |ok|,
 * leaves the terminal. */
int mipd_detach_begin(struct mipd *d, int *ready);
void mipd_detach_done(int ready, bool ok);

/* hooks.c */
void mipd_ctl_hooks(struct mipd *d, struct ctl_hooks *h);

/* Text for the addresses in log lines. */
const char *mipd_ip(struct mip_ip4 a, char buf[16]);

#endif
