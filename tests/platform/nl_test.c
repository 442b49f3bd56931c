/* SPDX-License-Identifier: ISC */
/*
 * plat_nl against the real kernel, in a network namespace of its own
 * (unshare(CLONE_NEWNET): everything it creates dies with the process):
 * a veth pair h-nl0/h-nl1, then routes, rules, neighbour and proxy entries
 * seen by ip(8) with protocol 77; a batch of 10,000 routes; flush_own
 * removing ours and nothing added by hand; refusals logged with what they
 * were about; interface facts; the link monitor. Root only (else 77).
 */
#include <sys/stat.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helper.h"
#include "plat_loop.h"
#include "plat_nl.h"

#define IF0 "h-nl0"
#define IF1 "h-nl1"

static struct plat_nl *nl;
static uint32_t if0, if1;

static const uint8_t mac0[MIP_HWADDR_LEN] = { 0x02, 0, 0x5e, 0, 0, 0x01 };

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs a shell command; its exit status (-1 if it did not run). */
static int
sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* jq -e over ip -j output: 0 when |filter| holds. */
#define IP_JQ(ipargs, filter)                                                  \
	sh("ip -j %s | jq -e '%s' >/dev/null", (ipargs), (filter))

static struct mip_ip4
ip4(const char *s)
{
	unsigned a, b, c, d;

	assert_int_equal(sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
	return mip_ip4_make((uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d);
}

static const struct mip_ip4 any = { 0 };

/* Log lines plat_log writes to stderr while a capture is on. */
static int saved_stderr = -1;
static FILE *capture;

static void
capture_start(void)
{
	fflush(stderr);
	assert_non_null(capture = tmpfile());
	assert_true((saved_stderr = dup(2)) >= 0);
	assert_true(dup2(fileno(capture), 2) >= 0);
}

static char *
capture_end(void)
{
	static char text[8192];
	size_t n;

	fflush(stderr);
	assert_true(dup2(saved_stderr, 2) >= 0);
	close(saved_stderr);
	rewind(capture);
	n = fread(text, 1, sizeof(text) - 1, capture);
	text[n] = '\0';
	fclose(capture);
	fputs(text, stderr); /* still visible in the test's output */
	return text;
}

static void
test_route(void **state)
{
	(void)state;
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.0"), 24, if0, any, 0), 0);
	assert_int_equal(plat_nl_route(nl, true, ip4("203.0.113.9"), 32, if0,
			     ip4("192.0.2.2"), 100),
	    0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("route show",
			     ".[] | select(.dst == \"198.51.100.0/24\" and "
			     ".dev == \"h-nl0\" and .scope == \"link\" and "
			     ".protocol == \"77\")"),
	    0);
	assert_int_equal(
	    IP_JQ("route show table 100",
		".[] | select(.dst == \"203.0.113.9\" and "
		".gateway == \"192.0.2.2\" and .protocol == \"77\")"),
	    0);
	/* Again: replaced, no failure. */
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.0"), 24, if0, any, 0), 0);
	assert_int_equal(plat_nl_commit(nl), 0);

	assert_int_equal(
	    plat_nl_route(nl, false, ip4("198.51.100.0"), 24, if0, any, 0), 0);
	assert_int_equal(plat_nl_route(nl, false, ip4("203.0.113.9"), 32, if0,
			     ip4("192.0.2.2"), 100),
	    0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(
	    IP_JQ("route show table all",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
	/* Deleting what is gone is harmless (-ESRCH). */
	assert_int_equal(
	    plat_nl_route(nl, false, ip4("198.51.100.0"), 24, if0, any, 0), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.0"), 33, if0, any, 0),
	    -EINVAL);
}

static void
test_rule(void **state)
{
	const char *ours = ".[] | select(.src == \"192.0.2.10\" and "
			   ".iif == \"h-nl0\" and .table == \"100\" and "
			   ".priority == 1000 and .protocol == \"77\")";

	(void)state;
	assert_int_equal(
	    plat_nl_rule(nl, true, ip4("192.0.2.10"), if0, 100, 1000), 0);
	assert_int_equal(
	    plat_nl_rule(nl, true, ip4("192.0.2.11"), 0, 0, 1001), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("rule show", ours), 0);
	assert_int_equal(IP_JQ("rule show",
			     ".[] | select(.src == \"192.0.2.11\" and "
			     ".table == \"main\" and .protocol == \"77\")"),
	    0);
	/* A repeat is -EEXIST (harmless), not a second rule. */
	assert_int_equal(
	    plat_nl_rule(nl, true, ip4("192.0.2.10"), if0, 100, 1000), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("rule show",
			     "[.[] | select(.src == \"192.0.2.10\")] | "
			     "length == 1"),
	    0);

	assert_int_equal(
	    plat_nl_rule(nl, false, ip4("192.0.2.10"), if0, 100, 1000), 0);
	assert_int_equal(
	    plat_nl_rule(nl, false, ip4("192.0.2.11"), 0, 0, 1001), 0);
	assert_int_equal(
	    plat_nl_rule(nl, false, ip4("192.0.2.10"), if0, 100, 1000), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(
	    IP_JQ("rule show",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
}

static void
test_neigh(void **state)
{
	const uint8_t hw1[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x20 };
	const uint8_t hw2[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x21 };

	(void)state;
	assert_int_equal(
	    plat_nl_neigh(nl, true, if0, ip4("192.0.2.20"), hw1), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("neigh show dev h-nl0",
			     ".[] | select(.dst == \"192.0.2.20\" and "
			     ".lladdr == \"02:00:00:00:00:20\" and "
			     ".protocol == \"77\" and "
			     "(.state | index(\"PERMANENT\")))"),
	    0);
	/* A new hardware address replaces the old one. */
	assert_int_equal(
	    plat_nl_neigh(nl, true, if0, ip4("192.0.2.20"), hw2), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("neigh show dev h-nl0",
			     ".[] | select(.dst == \"192.0.2.20\" and "
			     ".lladdr == \"02:00:00:00:00:21\")"),
	    0);

	assert_int_equal(
	    plat_nl_neigh(nl, false, if0, ip4("192.0.2.20"), hw2), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("neigh show dev h-nl0",
			     "[.[] | select(.dst == \"192.0.2.20\")] | "
			     "length == 0"),
	    0);
	assert_int_equal(
	    plat_nl_neigh(nl, false, if0, ip4("192.0.2.20"), hw2), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
}

static void
test_proxy(void **state)
{
	(void)state;
	assert_int_equal(plat_nl_proxy(nl, true, if0, ip4("192.0.2.30")), 0);
	assert_int_equal(plat_nl_proxy(nl, true, if0, ip4("192.0.2.30")), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("neigh show proxy",
			     "[.[] | select(.dst == \"192.0.2.30\" and "
			     ".dev == \"h-nl0\" and .protocol == \"77\")] | "
			     "length == 1"),
	    0);
	assert_int_equal(plat_nl_proxy(nl, false, if0, ip4("192.0.2.30")), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
	assert_int_equal(IP_JQ("neigh show proxy", "length == 0"), 0);
	assert_int_equal(plat_nl_proxy(nl, false, if0, ip4("192.0.2.30")), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
}

static double
secs_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 10,000 host routes: 250 addresses of 198.51.100.0/24 in 40 tables. */
static void
test_batch(void **state)
{
	struct timespec t0;
	unsigned i, removed = 0;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(
		    plat_nl_route(nl, true,
			mip_ip4_make(198, 51, 100, (uint8_t)(1 + i % 250)), 32,
			if0, any, 1000 + i / 250),
		    0);
	assert_int_equal(plat_nl_commit(nl), 0);
	print_message("10,000 routes added in %.3f s\n", secs_since(&t0));
	assert_int_equal(IP_JQ("route show table all",
			     "[.[] | select(.protocol == \"77\")] | "
			     "length == 10000"),
	    0);
	assert_int_equal(IP_JQ("route show table 1039",
			     ".[] | select(.dst == \"198.51.100.250\" and "
			     ".dev == \"h-nl0\")"),
	    0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(plat_nl_flush_own(nl, &removed), 0);
	print_message("10,000 routes flushed in %.3f s\n", secs_since(&t0));
	assert_int_equal(removed, 10000);
	assert_int_equal(
	    IP_JQ("route show table all",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
}

/* The home agent's pattern: a route and a proxy entry, then a commit, per
 * registration (timed; proxy keys repeat, so they are replaced). */
static void
test_per_event(void **state)
{
	struct timespec t0;
	struct mip_ip4 a;
	unsigned i, removed = 0;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 10000; i++) {
		a = mip_ip4_make(198, 51, 100, (uint8_t)(1 + i % 250));
		assert_int_equal(
		    plat_nl_route(nl, true, a, 32, if0, any, 1000 + i / 250),
		    0);
		assert_int_equal(plat_nl_proxy(nl, true, if0, a), 0);
		assert_int_equal(plat_nl_commit(nl), 0);
	}
	print_message("10,000 commits of a route and a proxy entry in %.3f s\n",
	    secs_since(&t0));
	assert_int_equal(plat_nl_flush_own(nl, &removed), 0);
	assert_int_equal(removed, 10250);
}

static void
test_flush_own(void **state)
{
	const uint8_t hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x40 };
	unsigned removed = 99;

	(void)state;
	assert_int_equal(plat_nl_flush_own(nl, &removed), 0);
	assert_int_equal(removed, 0);

	/* Entries of someone else, on the same keys where the kernel lets. */
	assert_int_equal(
	    sh("ip route add 203.0.113.0/26 dev h-nl0 && "
	       "ip route add 203.0.113.64/26 dev h-nl0 proto 78 && "
	       "ip rule add from 192.0.2.41 lookup 100 pref 2001 && "
	       "ip neigh add 192.0.2.42 lladdr 02:00:00:00:00:42 "
	       "dev h-nl0 nud permanent && "
	       "ip neigh add proxy 192.0.2.43 dev h-nl0"),
	    0);
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("203.0.113.128"), 26, if0, any, 0), 0);
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.40"), 32, if0, any, 200),
	    0);
	assert_int_equal(
	    plat_nl_rule(nl, true, ip4("192.0.2.41"), if0, 100, 2000), 0);
	assert_int_equal(
	    plat_nl_neigh(nl, true, if0, ip4("192.0.2.44"), hw), 0);
	assert_int_equal(plat_nl_proxy(nl, true, if0, ip4("192.0.2.45")), 0);
	/* Queued, not yet committed: flush_own sends them first. */
	assert_int_equal(plat_nl_flush_own(nl, &removed), 0);
	assert_int_equal(removed, 5);
	assert_int_equal(plat_nl_commit(nl), 0);

	assert_int_equal(
	    IP_JQ("route show table all",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
	assert_int_equal(
	    IP_JQ("rule show",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
	assert_int_equal(
	    IP_JQ("neigh show",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
	assert_int_equal(
	    IP_JQ("neigh show proxy",
		"[.[] | select(.protocol == \"77\")] | length == 0"),
	    0);
	/* Everything added by hand is still there. */
	assert_int_equal(IP_JQ("route show",
			     "[.[] | select(.dst == \"203.0.113.0/26\" or "
			     ".dst == \"203.0.113.64/26\")] | length == 2"),
	    0);
	assert_int_equal(IP_JQ("rule show",
			     ".[] | select(.src == \"192.0.2.41\" and "
			     ".priority == 2001)"),
	    0);
	assert_int_equal(
	    IP_JQ("neigh show", ".[] | select(.dst == \"192.0.2.42\")"), 0);
	assert_int_equal(
	    IP_JQ("neigh show proxy", ".[] | select(.dst == \"192.0.2.43\")"),
	    0);
	assert_int_equal(
	    sh("ip route del 203.0.113.0/26 dev h-nl0 && "
	       "ip route del 203.0.113.64/26 dev h-nl0 && "
	       "ip rule del from 192.0.2.41 lookup 100 pref 2001 && "
	       "ip neigh del 192.0.2.42 dev h-nl0 && "
	       "ip neigh del proxy 192.0.2.43 dev h-nl0"),
	    0);
}

static void
test_errors(void **state)
{
	const uint8_t hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x50 };
	const char *log;
	int commit_err, again, rule_err;

	(void)state;
	/* A refusal in the middle stops nothing after it. */
	capture_start();
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.7"), 32, 9999, any, 0), 0);
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.8"), 32, if0, any, 0), 0);
	assert_int_equal(
	    plat_nl_neigh(nl, true, 9999, ip4("192.0.2.50"), hw), 0);
	assert_int_equal(plat_nl_proxy(nl, true, 9999, ip4("192.0.2.51")), 0);
	assert_int_equal(
	    plat_nl_route(nl, false, ip4("198.51.100.9"), 32, if0, any, 0), 0);
	/* Host bits under the prefix: the kernel says why (extended ACK). */
	assert_int_equal(
	    plat_nl_route(nl, true, ip4("198.51.100.1"), 24, if0, any, 0), 0);
	commit_err = plat_nl_commit(nl);
	again = plat_nl_commit(nl); /* each failure is reported once */
	rule_err = plat_nl_rule(nl, true, ip4("192.0.2.52"), 9999, 100, 3000);
	log = capture_end();
	assert_int_equal(commit_err, -ENODEV);
	assert_int_equal(again, 0);
	assert_true(rule_err == -ENXIO || rule_err == -ENODEV);
	assert_non_null(strstr(log,
	    "route add 198.51.100.7/32 dev 9999 table 254: "
	    "No such device"));
	assert_non_null(
	    strstr(log, "neighbour add 192.0.2.50 dev 9999: No such device"));
	assert_non_null(
	    strstr(log, "proxy-arp add 192.0.2.51 dev 9999: No such device"));
	assert_non_null(strstr(log, "rule add from 192.0.2.52 iif 9999"));
	assert_non_null(strstr(log, "route add 198.51.100.1/24 dev "));
	assert_non_null(strstr(log, "Invalid argument: Invalid prefix"));
	assert_null(strstr(log, "198.51.100.8"));
	assert_null(strstr(log, "198.51.100.9")); /* -ESRCH is harmless */
	assert_int_equal(IP_JQ("route show",
			     ".[] | select(.dst == \"198.51.100.8\" and "
			     ".protocol == \"77\")"),
	    0);
	assert_int_equal(
	    plat_nl_route(nl, false, ip4("198.51.100.8"), 32, if0, any, 0), 0);
	assert_int_equal(plat_nl_commit(nl), 0);
}

static void
test_if_info(void **state)
{
	struct plat_if_info info;

	(void)state;
	assert_int_equal(plat_nl_ifindex(IF0), if0);
	assert_int_equal(plat_nl_ifindex("h-nl-none"), 0);
	assert_int_equal(plat_nl_if_info(nl, if0, &info), 0);
	assert_int_equal(info.ifindex, if0);
	assert_memory_equal(info.hwaddr, mac0, MIP_HWADDR_LEN);
	assert_int_equal(info.addr.v, ip4("192.0.2.1").v);
	assert_int_equal(info.plen, 24);
	assert_int_equal(info.mtu, 1400);
	assert_true(info.up);
	capture_start();
	assert_int_equal(plat_nl_if_info(nl, 9999, &info), -ENODEV);
	capture_end();
}

/* The monitor: events recorded until |want| of them or two seconds. */
struct mon {
	struct plat_loop *loop;
	struct mip_link_event ev[32];
	size_t n, want;
};

static void
mon_event(void *arg, const struct mip_link_event *ev)
{
	struct mon *m = arg;

	if (m->n < 32)
		m->ev[m->n++] = *ev;
	if (m->n >= m->want)
		plat_loop_stop(m->loop);
}

static void
mon_timeout(void *arg)
{
	struct mon *m = arg;

	plat_loop_stop(m->loop);
}

static void
mon_wait(struct mon *m, size_t want)
{
	struct mip_now now;

	m->n = 0;
	m->want = want;
	plat_now(&now);
	assert_int_equal(
	    plat_loop_set_deadline(m->loop, now.mono + 3000000000ULL), 0);
	assert_int_equal(plat_loop_run(m->loop), 0);
}

static bool
mon_saw(const struct mon *m, enum mip_link_kind kind, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->ev[i].kind == kind && m->ev[i].ifindex == ifindex)
			return true;
	return false;
}

static void
test_monitor(void **state)
{
	struct mon m = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(plat_loop_new(&m.loop), 0);
	plat_loop_set_timer(m.loop, mon_timeout, &m);
	assert_int_equal(plat_nl_monitor(nl, m.loop, mon_event, &m), 0);
	assert_int_equal(plat_nl_monitor(nl, m.loop, mon_event, &m), -EALREADY);

	/* h-nl1 down: it is down, and h-nl0 loses its carrier. */
	assert_int_equal(sh("ip link set h-nl1 down"), 0);
	mon_wait(&m, 2);
	assert_true(mon_saw(&m, MIP_LINK_DOWN, if1));
	assert_true(mon_saw(&m, MIP_LINK_DOWN, if0));
	assert_false(mon_saw(&m, MIP_LINK_UP, if0));

	assert_int_equal(sh("ip link set h-nl1 up"), 0);
	mon_wait(&m, 2);
	assert_true(mon_saw(&m, MIP_LINK_UP, if1));
	assert_true(mon_saw(&m, MIP_LINK_UP, if0));
	assert_false(mon_saw(&m, MIP_LINK_DOWN, if0));

	/* A change that is not one of carrier: nothing. */
	assert_int_equal(sh("ip link set h-nl0 mtu 1300"), 0);
	assert_int_equal(sh("ip addr add 203.0.113.5/26 dev h-nl0"), 0);
	mon_wait(&m, 1);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.ev[0].kind, MIP_LINK_ADDR);
	assert_int_equal(m.ev[0].ifindex, if0);
	assert_int_equal(m.ev[0].addr.v, ip4("203.0.113.5").v);
	assert_int_equal(m.ev[0].plen, 26);

	/* A link that goes away while up: DOWN. */
	assert_int_equal(sh("ip link add h-nl2 type veth peer name h-nl3 && "
			    "ip link set h-nl2 up && ip link set h-nl3 up"),
	    0);
	mon_wait(&m, 2);
	for (i = 0; i < m.n; i++)
		assert_int_equal(m.ev[i].kind, MIP_LINK_UP);
	assert_int_equal(sh("ip link del h-nl2"), 0);
	mon_wait(&m, 2);
	assert_int_equal(m.n, 2);
	for (i = 0; i < m.n; i++)
		assert_int_equal(m.ev[i].kind, MIP_LINK_DOWN);

	assert_int_equal(sh("ip link set h-nl0 mtu 1400 && "
			    "ip addr del 203.0.113.5/26 dev h-nl0"),
	    0);
	plat_nl_close(nl); /* takes the monitor off the loop */
	plat_loop_free(m.loop);
	assert_int_equal(plat_nl_open(&nl), 0);
}

static int
setup(void **state)
{
	(void)state;
	if (sh("ip link set lo up && "
	       "ip link add " IF0 " type veth peer name " IF1 " && "
	       "ip link set " IF0 " address 02:00:5e:00:00:01 mtu 1400 && "
	       "ip addr add 192.0.2.1/24 dev " IF0 " && "
	       "ip link set " IF0 " up && ip link set " IF1 " up") != 0)
		return -1;
	if0 = plat_nl_ifindex(IF0);
	if1 = plat_nl_ifindex(IF1);
	if (if0 == 0 || if1 == 0 || plat_nl_open(&nl) != 0)
		return -1;
	/* Carrier on a veth comes a moment after both ends are up. */
	for (int i = 0; i < 100 &&
	     sh("ip -j link show " IF0 " | jq -e "
		"'.[0].flags | index(\"LOWER_UP\")' "
		">/dev/null") != 0;
	     i++)
		usleep(20000);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	plat_nl_close(nl);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_rule),
		cmocka_unit_test(test_neigh),
		cmocka_unit_test(test_proxy),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_per_event),
		cmocka_unit_test(test_flush_own),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_if_info),
		cmocka_unit_test(test_monitor),
	};

	if (geteuid() != 0) {
		printf("SKIP: nl_test needs root\n");
		return 77;
	}
	if (sh("command -v ip >/dev/null && command -v jq >/dev/null") != 0) {
		printf("SKIP: nl_test needs ip(8) and jq\n");
		return 77;
	}
	/* A namespace of our own: all we create goes with the process. */
	if (unshare(CLONE_NEWNET) != 0) {
		printf("SKIP: unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
