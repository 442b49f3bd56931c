/* SPDX-License-Identifier: ISC */
/*
 * The control socket (daemon/ctl_server.c, ctl_json*.c) on a real event
 * loop in a temporary directory, with a home agent node (or a
 * correspondent node, for its binding cache) built from a configuration
 * string and fake hooks: every "show", the commands and
 * reload through the hooks, malformed and oversized requests, pipelined
 * requests, several clients, and the rules for the socket file (mode
 * 0660, a non-socket is never replaced, a live server is never replaced,
 * a stale socket is).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "helper.h"

#include "config.h"
#include "ctl_server.h"
#include "mip/mip_auth.h"
#include "mip/mip_proto.h"
#include "mip/mip_ro.h"
#include "plat_log.h"
#include "plat_loop.h"

#define KEY_HEX "000102030405060708090a0b0c0d0e0f"

static const char conf[] = "[Interface]\nName = eth0\nAddress = 192.0.2.1/24\n"
			   "[SecurityAssociation]\nPeer = 192.0.2.10\n"
			   "SPI = 256\nKey = " KEY_HEX "\n"
			   "[HomeAgent]\nLink = eth0\n"
			   "MobileNode = 192.0.2.10 256\n";

/* A correspondent node that takes Binding Updates from 192.0.2.1. */
static const char cn_conf[] =
    "[Interface]\nName = eth0\nAddress = 198.51.100.10/24\n"
    "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 300\n"
    "Key = " KEY_HEX "\n"
    "[RouteOptimization]\n[CorrespondentNode]\n";

struct fx {
	char dir[48], path[100];
	struct plat_loop *loop;
	struct ctl_server *srv;
	struct ctl_hooks hooks;
	struct config *cfg;
	struct mip_node *node;
	struct test_mem tm;
	struct test_rand tr;
	/* what the hooks saw */
	int ncmds;
	struct mip_cmd last_cmd;
	bool reload_fails;
	int nreloads;
	/* the client exchange in progress */
	int cfd;
	char buf[65536];
	size_t len;
	size_t want_lines;
	bool eof;
};

/* ---- fake hooks ---- */

static const struct mip_node *
h_node(void *arg)
{
	return ((struct fx *)arg)->node;
}

static int
h_command(void *arg, const struct mip_cmd *cmd)
{
	struct fx *f = arg;
	struct mip_now now;

	f->ncmds++;
	f->last_cmd = *cmd;
	plat_now(&now);
	return mip_node_handle_cmd(f->node, cmd, &now);
}

static int
h_reload(void *arg, char **why)
{
	struct fx *f = arg;

	f->nreloads++;
	if (!f->reload_fails)
		return 0;
	*why = strdup("mipd.conf:3: Address: not an address");
	return MIP_ERR_INVAL;
}

static int
h_tunnel_stats(void *arg, uint32_t id, struct plat_dp_tstats *out)
{
	(void)arg;
	out->encap_pkts = id * 10;
	out->encap_bytes = id * 1000;
	out->decap_pkts = 1;
	out->decap_bytes = 100;
	return 0;
}

static void
h_dp_stats(void *arg, struct plat_dp_stats *out)
{
	(void)arg;
	out->tun_rx = 7;
	out->drops[PLAT_DP_DROP_REVERSE] = 3;
}

static void
h_status(void *arg, json_t *obj)
{
	(void)arg;
	json_object_set_new(obj, "pid", json_integer(4242));
}

/* ---- fixture ---- */

static int
setup_with(void **state, const char *text)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct config_errors errs;
	struct mip_now now;

	assert_non_null(f);
	plat_log_open("ctl_server_test", false, 0);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ctl_server_test.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/mipd.sock", f->dir);
	assert_int_equal(
	    config_parse_string(text, "t.conf", NULL, &f->cfg, &errs), 0);
	config_errors_free(&errs);
	test_mem_init(&f->tm, 0);
	test_rand_init(&f->tr, 1);
	plat_now(&now);
	assert_int_equal(mip_node_new(&f->node, &f->cfg->node, &f->tm.mem,
			     &f->tr.rand, &now),
	    0);
	assert_int_equal(plat_loop_new(&f->loop), 0);
	f->hooks = (struct ctl_hooks){ .arg = f,
		.node = h_node,
		.command = h_command,
		.reload = h_reload,
		.tunnel_stats = h_tunnel_stats,
		.dp_stats = h_dp_stats,
		.status = h_status };
	assert_int_equal(
	    ctl_server_open(&f->srv, f->loop, f->path, &f->hooks), 0);
	f->cfd = -1;
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	return setup_with(state, conf);
}

static int
setup_cn(void **state)
{
	return setup_with(state, cn_conf);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->cfd >= 0)
		close(f->cfd);
	ctl_server_close(f->srv);
	/* The socket file goes with the server. */
	assert_int_equal(access(f->path, F_OK), -1);
	plat_loop_free(f->loop);
	mip_node_del(f->node);
	config_free(f->cfg);
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
	return 0;
}

/* ---- client side ---- */

static int
client_connect(const char *path)
{
	struct sockaddr_un a;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

static size_t
count_lines(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += p[i] == '\n';
	return k;
}

static void
on_client(void *arg, uint32_t events)
{
	struct fx *f = arg;
	ssize_t n;

	(void)events;
	n = read(f->cfd, f->buf + f->len, sizeof(f->buf) - 1 - f->len);
	if (n <= 0) {
		f->eof = true;
		plat_loop_stop(f->loop);
		return;
	}
	f->len += (size_t)n;
	f->buf[f->len] = '\0';
	if (count_lines(f->buf, f->len) >= f->want_lines)
		plat_loop_stop(f->loop);
}

static void
on_timeout(void *arg)
{
	struct fx *f = arg;

	plat_loop_stop(f->loop);
}

/* Runs the loop until |lines| answer lines (or EOF) reached the client. */
static void
pump(struct fx *f, size_t lines)
{
	struct mip_now now;

	f->len = 0;
	f->buf[0] = '\0';
	f->eof = false;
	f->want_lines = lines;
	plat_now(&now);
	plat_loop_set_timer(f->loop, on_timeout, f);
	assert_int_equal(
	    plat_loop_set_deadline(f->loop, now.mono + 5 * MIP_SEC), 0);
	assert_int_equal(
	    plat_loop_add(f->loop, f->cfd, EPOLLIN, on_client, f), 0);
	assert_int_equal(plat_loop_run(f->loop), 0);
	plat_loop_del(f->loop, f->cfd);
	plat_loop_set_deadline(f->loop, MIP_TSTAMP_NONE);
}

/* Sends |req| (newline added) and returns the parsed answer object. */
static json_t *
ask(struct fx *f, const char *req)
{
	json_error_t err;
	json_t *r;

	if (f->cfd < 0)
		f->cfd = client_connect(f->path);
	assert_int_equal(write(f->cfd, req, strlen(req)), (ssize_t)strlen(req));
	assert_int_equal(write(f->cfd, "\n", 1), 1);
	pump(f, 1);
	assert_int_equal(count_lines(f->buf, f->len), 1);
	r = json_loads(f->buf, 0, &err);
	if (r == NULL)
		fail_msg("answer is not JSON: %s", f->buf);
	assert_true(json_is_object(r));
	return r;
}

static void
assert_ok(json_t *r)
{
	if (!json_is_true(json_object_get(r, "ok")))
		fail_msg("not ok: %s",
		    json_string_value(json_object_get(r, "error")));
}

/* Expects an error answer whose message contains |what|. */
static void
assert_error(struct fx *f, const char *req, const char *what)
{
	json_t *r = ask(f, req);
	const char *e = json_string_value(json_object_get(r, "error"));

	assert_true(json_is_false(json_object_get(r, "ok")));
	if (e == NULL || strstr(e, what) == NULL)
		fail_msg("%s: error '%s' lacks '%s'", req, e, what);
	json_decref(r);
}

/* ---- tests ---- */

static void
test_status(void **state)
{
	struct fx *f = *state;
	json_t *r = ask(f, "{\"cmd\":\"show\",\"what\":\"status\"}");
	json_t *st;

	assert_ok(r);
	st = json_object_get(r, "status");
	assert_true(json_is_object(st));
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(st, "roles"), 0)),
	    "ha");
	assert_non_null(json_string_value(json_object_get(st, "version")));
	assert_true(json_is_integer(json_object_get(st, "uptime")));
	assert_int_equal(json_integer_value(json_object_get(st, "pid")), 4242);
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(st, "ha"), "mobile_nodes")),
	    1);
	json_decref(r);
}

static void
test_show_tables(void **state)
{
	struct fx *f = *state;
	json_t *r, *sa, *st;

	r = ask(f, "{\"cmd\":\"show\",\"what\":\"bindings\"}");
	assert_ok(r);
	assert_true(json_is_array(json_object_get(r, "bindings")));
	assert_int_equal(json_array_size(json_object_get(r, "bindings")), 0);
	json_decref(r);

	r = ask(f, "{\"cmd\":\"show\",\"what\":\"sa\"}");
	assert_ok(r);
	/* Never the key, in any form. */
	assert_null(strstr(f->buf, KEY_HEX));
	assert_null(strstr(f->buf, "key"));
	sa = json_array_get(json_object_get(r, "sa"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(sa, "peer")), "192.0.2.10");
	assert_int_equal(json_integer_value(json_object_get(sa, "spi")), 256);
	assert_string_equal(
	    json_string_value(json_object_get(sa, "algorithm")), "hmac-md5");
	assert_string_equal(
	    json_string_value(json_object_get(sa, "replay")), "timestamp");
	/* Configured, not a smooth-handoff key (mip_node_regkey_next). */
	assert_string_equal(
	    json_string_value(json_object_get(sa, "origin")), "configured");
	assert_true(json_is_null(json_object_get(sa, "remaining")));
	assert_true(json_is_false(json_object_get(sa, "bu_pending")));
	assert_true(json_is_null(json_object_get(sa, "new_coa")));
	json_decref(r);

	r = ask(f, "{\"cmd\":\"show\",\"what\":\"stats\"}");
	assert_ok(r);
	st = json_object_get(r, "stats");
	assert_true(json_is_integer(json_object_get(st, "rx")));
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(st, "drops"), "auth")),
	    0);
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_object_get(json_object_get(st, "dataplane"), "drops"),
		"reverse")),
	    3);
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(st, "dataplane"), "tun_rx")),
	    7);
	json_decref(r);

	assert_error(f, "{\"cmd\":\"show\",\"what\":\"visitors\"}",
	    "not a foreign agent");
	assert_error(f, "{\"cmd\":\"show\",\"what\":\"registration\"}",
	    "not a mobile node");
	assert_error(f, "{\"cmd\":\"show\",\"what\":\"cache\"}",
	    "not a correspondent node");
	assert_error(f, "{\"cmd\":\"show\",\"what\":\"caches\"}", "unknown");
}

static void
test_commands(void **state)
{
	struct fx *f = *state;
	json_t *r;

	r = ask(f, "{\"cmd\":\"flush\",\"home_addr\":\"192.0.2.10\"}");
	assert_ok(r);
	json_decref(r);
	assert_int_equal(f->last_cmd.kind, MIP_CMD_FLUSH_BINDING);
	assert_int_equal(f->last_cmd.home_addr.v, 0xc000020aU);
	r = ask(f, "{\"cmd\":\"flush\",\"all\":true}");
	assert_ok(r);
	json_decref(r);
	assert_int_equal(f->last_cmd.kind, MIP_CMD_FLUSH_ALL);
	/* A home agent has nobody to register. */
	assert_error(f, "{\"cmd\":\"register\"}", "not a mobile node");
	assert_error(f, "{\"cmd\":\"solicit\"}", "not a mobile node");
	assert_int_equal(f->ncmds, 2);
	assert_int_equal(f->last_cmd.kind, MIP_CMD_FLUSH_ALL);
	/* A home address the home agent does not serve. */
	assert_error(f, "{\"cmd\":\"flush\",\"home_addr\":\"192.0.2.99\"}",
	    "no such mobile node");

	r = ask(f, "{\"cmd\":\"reload\"}");
	assert_ok(r);
	json_decref(r);
	f->reload_fails = true;
	assert_error(f, "{\"cmd\":\"reload\"}", "mipd.conf:3: Address");
	assert_int_equal(f->nreloads, 2);
}

static void
test_malformed(void **state)
{
	struct fx *f = *state;

	assert_error(f, "{\"cmd\":", "malformed JSON");
	assert_error(f, "", "malformed JSON");
	assert_error(f, "[1,2]", "JSON object");
	assert_error(f, "{\"cmd\":1}", "\"cmd\"");
	assert_error(f, "{\"cmd\":\"show\"}", "\"what\"");
	assert_error(f, "{\"cmd\":\"show\",\"what\":7}", "\"what\"");
	assert_error(f, "{\"cmd\":\"fly\"}", "unknown command 'fly'");
	assert_error(f, "{\"cmd\":\"flush\"}", "home_addr");
	assert_error(f, "{\"cmd\":\"flush\",\"home_addr\":\"300.1.1.1\"}",
	    "bad home address");
	assert_error(f, "{\"cmd\":\"flush\",\"all\":1}", "\"all\"");
	assert_error(f, "{\"cmd\":\"show\",\"cmd\":\"show\"}", "malformed");
	/* NUL inside the line. */
	assert_int_equal(write(f->cfd, "{\"cmd\"\0:1}\n", 11), 11);
	pump(f, 1);
	assert_non_null(strstr(f->buf, "\"ok\":false"));
	assert_int_equal(f->ncmds, 0);
}

static void
test_too_long(void **state)
{
	struct fx *f = *state;
	char big[5000];

	memset(big, ' ', sizeof(big));
	f->cfd = client_connect(f->path);
	assert_int_equal(write(f->cfd, big, sizeof(big)), (ssize_t)sizeof(big));
	pump(f, 1);
	assert_non_null(strstr(f->buf, "longer than 4096"));
	/* ... and the server hangs up. */
	if (!f->eof)
		pump(f, 2);
	assert_true(f->eof);
}

static void
test_pipelined_and_clients(void **state)
{
	struct fx *f = *state;
	const char two[] = "{\"cmd\":\"show\",\"what\":\"sa\"}\n"
			   "{\"cmd\":\"show\",\"what\":\"bindings\"}\n";
	int other = client_connect(f->path);
	json_t *r;

	f->cfd = client_connect(f->path);
	assert_int_equal(write(f->cfd, two, strlen(two)), (ssize_t)strlen(two));
	pump(f, 2);
	assert_int_equal(count_lines(f->buf, f->len), 2);
	assert_true(strstr(f->buf, "\"sa\"") < strstr(f->buf, "\"bindings\""));
	/* A second client is served while the first stays connected. */
	close(f->cfd);
	f->cfd = other;
	r = ask(f, "{\"cmd\":\"show\",\"what\":\"status\"}");
	assert_ok(r);
	json_decref(r);
}

static void
test_socket_file(void **state)
{
	struct fx *f = *state;
	struct ctl_server *s2 = NULL;
	char other[100];
	struct stat st;
	int fd;
	struct sockaddr_un a;

	assert_int_equal(lstat(f->path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
	/* A live server is not replaced. */
	assert_int_equal(
	    ctl_server_open(&s2, f->loop, f->path, &f->hooks), -EADDRINUSE);
	assert_null(s2);
	assert_int_equal(lstat(f->path, &st), 0);

	/* Something that is not a socket is never removed. */
	snprintf(other, sizeof(other), "%s/file", f->dir);
	fd = open(other, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(
	    ctl_server_open(&s2, f->loop, other, &f->hooks), -EEXIST);
	assert_int_equal(access(other, F_OK), 0);
	unlink(other);

	/* A stale socket (nobody listening) is replaced. */
	snprintf(other, sizeof(other), "%s/stale", f->dir);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", other);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	close(fd);
	assert_int_equal(ctl_server_open(&s2, f->loop, other, &f->hooks), 0);
	ctl_server_close(s2);
	assert_int_equal(access(other, F_OK), -1);
}

/* ---- mipctl against the server ---- */

static void
on_child_out(void *arg, uint32_t events)
{
	struct fx *f = arg;
	ssize_t n;

	(void)events;
	n = read(f->cfd, f->buf + f->len, sizeof(f->buf) - 1 - f->len);
	if (n <= 0) {
		plat_loop_stop(f->loop);
		return;
	}
	f->len += (size_t)n;
	f->buf[f->len] = '\0';
}

/* Runs mipctl with |args| (after -s SOCKET) while the server serves it;
 * returns its exit status with its standard output in f->buf. */
static int
mipctl(struct fx *f, const char *const *args)
{
	const char *argv[16] = { MIPCTL_PATH, "-s", f->path };
	struct mip_now now;
	int p[2], status;
	size_t i;
	pid_t pid;

	for (i = 0; args[i] != NULL && i + 4 < 16; i++)
		argv[3 + i] = args[i];
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 1);
		execv(MIPCTL_PATH, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(p[1]);
	f->cfd = p[0];
	f->len = 0;
	f->buf[0] = '\0';
	plat_now(&now);
	plat_loop_set_timer(f->loop, on_timeout, f);
	assert_int_equal(
	    plat_loop_set_deadline(f->loop, now.mono + 5 * MIP_SEC), 0);
	assert_int_equal(
	    plat_loop_add(f->loop, f->cfd, EPOLLIN, on_child_out, f), 0);
	assert_int_equal(plat_loop_run(f->loop), 0);
	plat_loop_del(f->loop, f->cfd);
	close(f->cfd);
	f->cfd = -1;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_mipctl(void **state)
{
	struct fx *f = *state;
	const char *sa[] = { "show", "sa", NULL };
	const char *status[] = { "-j", "show", "status", NULL };
	const char *stats[] = { "show", "stats", NULL };
	const char *bindings[] = { "show", "bindings", NULL };
	const char *visitors[] = { "show", "visitors", NULL };
	const char *flush[] = { "flush", "binding", "192.0.2.10", NULL };
	const char *bad[] = { "flush", "binding", "nowhere", NULL };
	json_t *r;

	assert_int_equal(mipctl(f, sa), 0);
	assert_non_null(strstr(f->buf, "PEER"));
	assert_non_null(strstr(f->buf, "192.0.2.10"));
	assert_non_null(strstr(f->buf, "hmac-md5"));
	assert_null(strstr(f->buf, KEY_HEX));
	/* -j prints the server's line as it is. */
	assert_int_equal(mipctl(f, status), 0);
	r = json_loads(f->buf, 0, NULL);
	assert_non_null(r);
	assert_ok(r);
	json_decref(r);
	assert_int_equal(mipctl(f, stats), 0);
	assert_non_null(strstr(f->buf, "drops.auth"));
	assert_non_null(strstr(f->buf, "dataplane.drops.reverse"));
	assert_int_equal(mipctl(f, bindings), 0);
	assert_string_equal(f->buf, "no bindings\n");
	assert_int_equal(mipctl(f, visitors), 1);
	assert_int_equal(mipctl(f, flush), 0);
	assert_int_equal(f->last_cmd.kind, MIP_CMD_FLUSH_BINDING);
	assert_int_equal(mipctl(f, bad), 2);
	/* Nobody at the socket: exit status 1. */
	snprintf(f->path, sizeof(f->path), "%s/none.sock", f->dir);
	assert_int_equal(mipctl(f, sa), 1);
	snprintf(f->path, sizeof(f->path), "%s/mipd.sock", f->dir);
}

/* ---- the correspondent node's binding cache ---- */

/*
 * Hands the node a Binding Update from the home agent 192.0.2.1 (RO draft
 * 4.3) for 192.0.2.10 at |coa|, with GRE allowed, signed under the SA;
 * the node's actions (the tunnel, the acknowledgement) are dropped.
 */
static void
give_bu(struct fx *f, const char *coa)
{
	uint8_t buf[256];
	struct mip_sa *sa;
	struct mip_bu bu;
	struct mip_wbuf w;
	struct mip_pkt_in pkt;
	struct mip_action act;
	struct mip_now now;
	mip_ssize n;

	plat_now(&now);
	memset(&bu, 0, sizeof(bu));
	bu.flags = MIP_BU_F_I | MIP_BU_F_G;
	bu.lifetime = 60;
	bu.home_addr = mip_ip4_make(192, 0, 2, 10);
	assert_int_equal(inet_pton(AF_INET, coa, &bu.coa.v), 1);
	bu.coa.v = ntohl(bu.coa.v);
	bu.ident = now.ntp; /* RFC 5944 5.7: a timestamp */
	n = mip_bu_encode(buf, sizeof(buf), &bu, NULL);
	assert_true(n > 0);
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)n;
	assert_int_equal(mip_sa_new(&sa, &f->cfg->sas[0], &f->tm.mem), 0);
	assert_int_equal(mip_auth_append(&w, MIP_EXT_RO_AUTH, sa), 0);
	mip_sa_free(sa);
	memset(&pkt, 0, sizeof(pkt));
	pkt.kind = MIP_PKT_UDP;
	pkt.ifindex = 1;
	pkt.src = mip_ip4_make(192, 0, 2, 1);
	pkt.dst = mip_ip4_make(198, 51, 100, 10);
	pkt.sport = pkt.dport = MIP_UDP_PORT;
	pkt.ttl = 64;
	pkt.data = buf;
	pkt.len = w.off;
	assert_int_equal(mip_node_handle_packet(f->node, &pkt, &now), 0);
	while (mip_node_poll_action(f->node, &act) == 1)
		;
}

static void
test_cache(void **state)
{
	struct fx *f = *state;
	const char *text[] = { "show", "cache", NULL };
	json_t *r, *e, *st, *t;

	r = ask(f, "{\"cmd\":\"show\",\"what\":\"cache\"}");
	assert_ok(r);
	assert_int_equal(json_array_size(json_object_get(r, "cache")), 0);
	json_decref(r);
	assert_int_equal(mipctl(f, text), 0);
	assert_string_equal(f->buf, "no cache\n");

	give_bu(f, "203.0.113.2");
	r = ask(f, "{\"cmd\":\"show\",\"what\":\"cache\"}");
	assert_ok(r);
	assert_int_equal(json_array_size(json_object_get(r, "cache")), 1);
	e = json_array_get(json_object_get(r, "cache"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(e, "home_addr")), "192.0.2.10");
	assert_string_equal(
	    json_string_value(json_object_get(e, "coa")), "203.0.113.2");
	assert_string_equal(
	    json_string_value(json_object_get(e, "ha_addr")), "192.0.2.1");
	assert_int_equal(
	    json_integer_value(json_object_get(e, "lifetime")), 60);
	assert_true(json_integer_value(json_object_get(e, "remaining")) <= 60);
	assert_string_equal(
	    json_string_value(json_object_get(e, "flags")), "G");
	/* G allowed it, and the default Encapsulations offer it. */
	assert_string_equal(
	    json_string_value(json_object_get(e, "encapsulation")), "gre");
	assert_true(json_is_false(json_object_get(e, "used")));
	assert_true(json_is_null(json_object_get(e, "idle")));
	assert_true(json_is_false(json_object_get(e, "binding_request")));
	assert_true(json_integer_value(json_object_get(e, "tunnel_id")) > 0);
	/* The fake data plane counts 10 packets per tunnel id. */
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(e, "counters"), "encap_pkts")),
	    json_integer_value(json_object_get(e, "tunnel_id")) * 10);
	json_decref(r);

	r = ask(f, "{\"cmd\":\"show\",\"what\":\"status\"}");
	assert_ok(r);
	st = json_object_get(r, "status");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(st, "roles"), 0)),
	    "cn");
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(st, "cn"), "entries")),
	    1);
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(st, "cn"), "capacity")),
	    1024);
	json_decref(r);

	r = ask(f, "{\"cmd\":\"show\",\"what\":\"stats\"}");
	assert_ok(r);
	t = json_array_get(
	    json_object_get(json_object_get(r, "stats"), "tunnels"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(t, "role")), "cn");
	assert_string_equal(
	    json_string_value(json_object_get(t, "coa")), "203.0.113.2");
	json_decref(r);

	/* The table: one column per field, nested ones dotted. */
	assert_int_equal(mipctl(f, text), 0);
	assert_non_null(strstr(f->buf, "HOME_ADDR"));
	assert_non_null(strstr(f->buf, "HA_ADDR"));
	assert_non_null(strstr(f->buf, "COUNTERS.ENCAP_PKTS"));
	assert_non_null(strstr(f->buf, "203.0.113.2"));
	/* A node without a home agent role has no bindings to show. */
	assert_error(
	    f, "{\"cmd\":\"show\",\"what\":\"bindings\"}", "not a home agent");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_show_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pipelined_and_clients, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_socket_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mipctl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache, setup_cn, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
