/* SPDX-License-Identifier: ISC */
/*
 * One control request in, one answer out: parse the line as a JSON object,
 * check "cmd" and its arguments, and run it through the node's commands,
 * the reload hook or the "show" builders. Every malformed request is an
 * answer {"ok":false,"error":...}, never a failure of the server.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_json.h"
#include "plat_loop.h"

json_t *
ctl_json_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/*
	 * The message may quote the client's bytes, cut at any octet or as
	 * jansson quotes them: JSON strings must be valid UTF-8, and json_pack
	 * refuses them otherwise, so everything but printable ASCII becomes
	 * '?'.
	 */
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 ||
		    (unsigned char)msg[i] > 0x7e)
			msg[i] = '?';
	return json_pack("{s:b, s:s}", "ok", 0, "error", msg);
}

static json_t *
ok(void)
{
	return json_pack("{s:b}", "ok", 1);
}

/* The message of a failed node command: MIP_ERR_* or a negative errno. */
static const char *
cmd_error(int rc)
{
	switch (rc) {
	case MIP_ERR_INVAL:
		return "this node has no role that takes the command";
	case MIP_ERR_STATE:
		return "not possible in the current state (no agent or "
		       "address to register with)";
	case MIP_ERR_NOTFOUND:
		return "no such mobile node";
	case MIP_ERR_NO_SA:
		return "no security association with the home agent";
	case MIP_ERR_NOMEM:
		return "out of memory";
	default:
		break;
	}
	return rc > -100 ? strerror(-rc) : "the node refused the command";
}

static json_t *
run_cmd(const struct ctl_hooks *hooks, enum mip_cmd_kind kind,
    struct mip_ip4 home_addr)
{
	bool ha = kind == MIP_CMD_FLUSH_BINDING || kind == MIP_CMD_FLUSH_ALL;
	struct mip_node_info ni;
	struct mip_cmd cmd;
	int rc;

	mip_node_info(hooks->node(hooks->arg), &ni);
	if (!(ni.roles & (ha ? MIP_ROLE_HA : MIP_ROLE_MN)))
		return ctl_json_error(
		    "this node is not a %s", ha ? "home agent" : "mobile node");
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = kind;
	cmd.home_addr = home_addr;
	if ((rc = hooks->command(hooks->arg, &cmd)) != 0)
		return ctl_json_error("%s", cmd_error(rc));
	return ok();
}

/* {"cmd":"flush","home_addr":"A.B.C.D"} or {"cmd":"flush","all":true}. */
static json_t *
flush(const struct ctl_hooks *hooks, json_t *req)
{
	struct mip_ip4 none = { 0 };
	json_t *addr = json_object_get(req, "home_addr");
	json_t *all = json_object_get(req, "all");
	struct in_addr in;

	if (json_is_true(all) && addr == NULL)
		return run_cmd(hooks, MIP_CMD_FLUSH_ALL, none);
	if (all != NULL && !json_is_false(all))
		return ctl_json_error(
		    "flush: \"all\" must be true and come without "
		    "\"home_addr\"");
	if (!json_is_string(addr))
		return ctl_json_error(
		    "flush: needs \"home_addr\" (a string) or \"all\":true");
	if (inet_pton(AF_INET, json_string_value(addr), &in) != 1)
		return ctl_json_error(
		    "flush: bad home address '%s'", json_string_value(addr));
	none.v = ntohl(in.s_addr);
	return run_cmd(hooks, MIP_CMD_FLUSH_BINDING, none);
}

static json_t *
reload(const struct ctl_hooks *hooks)
{
	char *why = NULL;
	json_t *r;
	int rc;

	if ((rc = hooks->reload(hooks->arg, &why)) == 0) {
		free(why);
		return ok();
	}
	if (why != NULL)
		r = ctl_json_error(
		    "reload failed, old configuration kept: %s", why);
	else
		r = ctl_json_error(
		    "reload failed, old configuration kept: %s", cmd_error(rc));
	free(why);
	return r;
}

static json_t *
dispatch(const struct ctl_hooks *hooks, json_t *req, mip_tstamp started)
{
	static const struct {
		const char *name;
		enum mip_cmd_kind kind;
	} node_cmds[] = {
		{ "register", MIP_CMD_REGISTER },
		{ "deregister", MIP_CMD_DEREGISTER },
		{ "solicit", MIP_CMD_SOLICIT },
	};
	struct mip_ip4 none = { 0 };
	json_t *jcmd = json_object_get(req, "cmd");
	const char *cmd, *what;
	struct mip_now now;
	size_t i;

	if (!json_is_string(jcmd))
		return ctl_json_error("request without a \"cmd\" string");
	cmd = json_string_value(jcmd);
	if (strcmp(cmd, "show") == 0) {
		what = json_string_value(json_object_get(req, "what"));
		if (what == NULL)
			return ctl_json_error(
			    "show: needs \"what\" (a string)");
		plat_now(&now);
		return ctl_json_show(hooks, what, &now, started);
	}
	for (i = 0; i < sizeof(node_cmds) / sizeof(node_cmds[0]); i++)
		if (strcmp(cmd, node_cmds[i].name) == 0)
			return run_cmd(hooks, node_cmds[i].kind, none);
	if (strcmp(cmd, "flush") == 0)
		return flush(hooks, req);
	if (strcmp(cmd, "reload") == 0)
		return reload(hooks);
	return ctl_json_error("unknown command '%.64s'", cmd);
}

json_t *
ctl_json_request(const struct ctl_hooks *hooks, const char *line, size_t len,
    mip_tstamp started)
{
	json_error_t err;
	json_t *req, *r;

	req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &err);
	if (req == NULL)
		return ctl_json_error(
		    "malformed JSON at column %d: %s", err.column, err.text);
	if (!json_is_object(req))
		r = ctl_json_error("a request must be a JSON object");
	else
		r = dispatch(hooks, req, started);
	json_decref(req);
	return r;
}
