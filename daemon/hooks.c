/* SPDX-License-Identifier: ISC */
/*
 * What the control socket (ctl_server.c) reaches of the daemon: the
 * running node, operator commands, reload, data-plane counters and the
 * daemon's own facts for "status".
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mipd.h"

static const struct mip_node *
hook_node(void *arg)
{
	const struct mipd *d = arg;

	return d->run.node;
}

static int
hook_command(void *arg, const struct mip_cmd *cmd)
{
	struct mipd *d = arg;
	struct mip_now now;
	int rc;

	plat_now(&now);
	rc = mip_node_handle_cmd(d->run.node, cmd, &now);
	mipd_after_event(d);
	return rc;
}

static int
hook_reload(void *arg, char **why)
{
	return mipd_reload(arg, why);
}

static int
hook_tunnel_stats(void *arg, uint32_t id, struct plat_dp_tstats *out)
{
	const struct mipd *d = arg;

	if (d->run.dp == NULL)
		return -ENOENT;
	return plat_dp_tunnel_stats(d->run.dp, id, out);
}

static void
hook_dp_stats(void *arg, struct plat_dp_stats *out)
{
	const struct mipd *d = arg;

	if (d->run.dp == NULL) {
		memset(out, 0, sizeof(*out));
		return;
	}
	plat_dp_stats(d->run.dp, out);
}

static json_t *
interfaces(const struct config *c)
{
	json_t *a = json_array();
	char ip[16];
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < c->nifs; i++) {
		const struct mip_if_config *ifc = &c->ifs[i];
		const uint8_t *hw = ifc->hwaddr;
		char mac[18];

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		    hw[0], hw[1], hw[2], hw[3], hw[4], hw[5]);
		json_array_append_new(a,
		    json_pack("{s:s, s:I, s:s, s:i, s:s}", "name",
			c->ifmeta[i].name, "ifindex", (json_int_t)ifc->ifindex,
			"addr", mipd_ip(ifc->addr, ip), "plen", (int)ifc->plen,
			"hwaddr", mac));
	}
	return a;
}

static void
hook_status(void *arg, json_t *obj)
{
	const struct mipd *d = arg;

	json_object_set_new(obj, "pid", json_integer((json_int_t)getpid()));
	json_object_set_new(obj, "config", json_string(d->conf_path));
	/* The names the configuration gives the interfaces. */
	if (d->run.cfg != NULL)
		json_object_set_new(obj, "interfaces", interfaces(d->run.cfg));
	json_object_set_new(obj, "tun",
	    d->run.dp != NULL ? json_string(plat_dp_ifname(d->run.dp))
			      : json_null());
}

void
mipd_ctl_hooks(struct mipd *d, struct ctl_hooks *h)
{
	memset(h, 0, sizeof(*h));
	h->arg = d;
	h->node = hook_node;
	h->command = hook_command;
	h->reload = hook_reload;
	h->tunnel_stats = hook_tunnel_stats;
	h->dp_stats = hook_dp_stats;
	h->status = hook_status;
}
