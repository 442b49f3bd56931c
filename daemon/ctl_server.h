/* SPDX-License-Identifier: ISC */
/*
 * mipd's control socket: a unix stream socket (mode 0660, created without
 * a window in which another user could swap it) speaking JSON lines. One
 * request object per line, one response object per line:
 *
 *   {"cmd":"show","what":"bindings"}   -> {"ok":true,"bindings":[...]}
 *   {"cmd":"register"}                 -> {"ok":true}
 *   anything wrong                     -> {"ok":false,"error":"..."}
 *
 * The commands and every field are in docs/json-fields.md; mipctl(8) is
 * the client. The server reads the node through libmip's introspection
 * API and reaches the rest of the daemon through struct ctl_hooks.
 */
#ifndef MIPD_CTL_SERVER_H
#define MIPD_CTL_SERVER_H

#include <jansson.h>

#include "mip/mip_node.h"
#include "plat_dp.h"
#include "plat_loop.h"

struct ctl_server;

struct ctl_hooks {
	void *arg;
	/* The running node (never NULL while the server runs). */
	const struct mip_node *(*node)(void *arg);
	/* Feeds an operator command to the node and executes its actions;
	 * 0 or a negative MIP_ERR_* / errno. */
	int (*command)(void *arg, const struct mip_cmd *cmd);
	/* Re-reads the configuration; on failure |*why| is a malloc'ed
	 * message (every error line) and the old configuration stays. */
	int (*reload)(void *arg, char **why);
	/* Tunnel counters by tunnel id (may be NULL: no data plane). */
	int (*tunnel_stats)(void *arg, uint32_t id, struct plat_dp_tstats *out);
	/* Data-plane counters (may be NULL). */
	void (*dp_stats)(void *arg, struct plat_dp_stats *out);
	/* Adds daemon facts (pid, config file, uptime, interfaces) to the
	 * "status" object. */
	void (*status)(void *arg, json_t *obj);
};

/* Returns 0 or -errno. An existing socket file at |path| is replaced only
 * if nobody answers on it. */
int ctl_server_open(struct ctl_server **out, struct plat_loop *loop,
    const char *path, const struct ctl_hooks *hooks);
void ctl_server_close(struct ctl_server *s); /* NULL allowed; unlinks */

#endif
