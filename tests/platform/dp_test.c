/* SPDX-License-Identifier: ISC */
/*
 * The TUN data plane (platform/linux/plat_dp*.c) between two network
 * namespaces this test creates and deletes, joined by a veth pair:
 *
 *   h-dp-a-PID                                 h-dp-b-PID
 *   dpt0 (plat_dp A)                           dpt0 (plat_dp B)
 *   lo 198.51.100.1, .2                        lo 198.51.100.7, .8
 *   dpa 192.0.2.1/24, .5/24 ------------------ dpb 192.0.2.2/24, .3/24
 *
 * Both data planes live in this process (plat_dp_poll, no loop); sockets
 * are made in either namespace with setns. Checked: the outer header of
 * each encapsulation, decapsulation and delivery, the RFC 3024 4.3.2
 * drop of a reverse-tunnelled packet with a foreign inner source, one
 * copy per simultaneous binding, a reverse-tunnel rule before the
 * routes, per-tunnel counters, ICMP "fragmentation needed" for a datagram
 * with DF too big once encapsulated and fragments of one without (RFC 2003
 * 5.1), IP in IP for fragments on a minimal tunnel (RFC 2004 3), TCP
 * through TSO offloads end to end; Route Optimization's host rules
 * (mip_node.h struct mip_traffic): TUNNELLED reports and their rate
 * limit, the forward direction from any source unless a route leads into
 * the tunnel, an UNMATCHED report whose actions make the packet
 * re-tunnelled, special tunnels sent on or dropped from the care-of
 * address, and the data plane's own packets kept out of the TUN by their
 * mark; and
 * without namespaces, the segmentation of a 64 KiB super-packet. Needs
 * root (exit 77 otherwise).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/errqueue.h>
#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "helper.h"
#include "mip/mip_encap.h"
#include "mip/mip_ip.h"
#include "plat_dp.h"
#include "plat_dp_int.h"

#define A_VETH "192.0.2.1"
#define B_VETH "192.0.2.2"
#define B_VETH2 "192.0.2.3"
#define A_VETH2 "192.0.2.5" /* a care-of address elsewhere: on A */
#define FAR "192.0.2.9"	    /* on the link, nobody's */
#define SPEC_HOME "198.51.100.20"
#define A_HOME "198.51.100.1"
#define A_HOME2 "198.51.100.2"
#define MN_HOME "198.51.100.7"
#define MN_HOME2 "198.51.100.8"
#define OWN_HOME "198.51.100.30" /* on A, used by test_own_packets only */
#define WAIT_MS 2000

static char ns_a[32], ns_b[32];
static int ns_orig = -1;
static bool ns_made;
static struct plat_dp *dp_a, *dp_b;

/* ---- helpers ---- */

static struct mip_ip4
ip(const char *s)
{
	struct in_addr a;
	struct mip_ip4 r;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	r.v = ntohl(a.s_addr);
	return r;
}

static struct sockaddr_in
sin_of(const char *addr, uint16_t port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons(port);
	assert_int_equal(inet_pton(AF_INET, addr, &s.sin_addr), 1);
	return s;
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void
enter(const char *ns)
{
	char path[64];
	int fd;

	if (ns == NULL) {
		assert_int_equal(setns(ns_orig, CLONE_NEWNET), 0);
		return;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	assert_true((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0);
	assert_int_equal(setns(fd, CLONE_NEWNET), 0);
	close(fd);
}

static int
sock_in(const char *ns, int type, int proto)
{
	int fd;

	enter(ns);
	fd = socket(AF_INET, type | SOCK_CLOEXEC, proto);
	enter(NULL);
	assert_true(fd >= 0);
	return fd;
}

/* A UDP socket in |ns| bound to |addr|:|port|. */
static int
udp_in(const char *ns, const char *addr, uint16_t port)
{
	struct sockaddr_in s = sin_of(addr, port);
	int fd = sock_in(ns, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_int_equal(bind(fd, (struct sockaddr *)&s, sizeof(s)), 0);
	return fd;
}

/* Sends |msg| from A (192.0.2.1, with DF) to |dst|:|port|. */
static void
send_from_a(const char *dst, uint16_t port, const char *msg)
{
	struct sockaddr_in to = sin_of(dst, port);
	int fd = udp_in(ns_a, A_VETH, 0);
	int pmtu = IP_PMTUDISC_DO;

	assert_int_equal(
	    setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)),
	    0);
	assert_int_equal(
	    sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&to, sizeof(to)),
	    (ssize_t)strlen(msg));
	close(fd);
}

static long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
pump_once(void)
{
	assert_true(plat_dp_poll(dp_a, 0) >= 0);
	assert_true(plat_dp_poll(dp_b, 0) >= 0);
}

/* Runs both data planes until |fd| is readable; false on timeout. */
static bool
pump_until_readable(int fd)
{
	long end = ms_now() + WAIT_MS;
	struct pollfd p = { fd, POLLIN, 0 };

	while (ms_now() < end) {
		pump_once();
		if (poll(&p, 1, 2) == 1)
			return true;
	}
	return false;
}

static uint64_t
drops(struct plat_dp *dp, enum plat_dp_drop d)
{
	struct plat_dp_stats st;

	plat_dp_stats(dp, &st);
	return st.drops[d];
}

/* Runs both data planes until |dp| counted one more drop |d|. */
static bool
pump_until_drop(struct plat_dp *dp, enum plat_dp_drop d, uint64_t before)
{
	long end = ms_now() + WAIT_MS;

	while (ms_now() < end) {
		pump_once();
		if (drops(dp, d) > before)
			return true;
		usleep(2000);
	}
	return false;
}

static void
drain(void)
{
	int i;

	for (i = 0; i < 20; i++) {
		pump_once();
		usleep(1000);
	}
}

static struct plat_dp_tstats
tstats(struct plat_dp *dp, uint32_t id)
{
	struct plat_dp_tstats st;

	assert_int_equal(plat_dp_tunnel_stats(dp, id, &st), 0);
	return st;
}

static void
tunnel(struct plat_dp *dp, bool add, uint32_t id, enum mip_encap_kind kind,
    const char *local, const char *remote, const char *home, bool reverse)
{
	struct mip_act_tunnel t;

	memset(&t, 0, sizeof(t));
	t.id = id;
	t.encap = kind;
	t.local = ip(local);
	t.remote = ip(remote);
	t.home_addr = ip(home);
	t.reverse = reverse;
	assert_int_equal(plat_dp_tunnel(dp, add, &t), 0);
}

static void
route(struct plat_dp *dp, bool add, const char *dst, uint8_t plen, uint32_t id)
{
	struct mip_act_route r;

	memset(&r, 0, sizeof(r));
	r.dst = ip(dst);
	r.plen = plen;
	r.tunnel_id = id;
	assert_int_equal(plat_dp_route(dp, add, &r), 0);
}

static const int kind_proto[] = {
	[MIP_TUN_IPIP] = 4,
	[MIP_TUN_MINIMAL] = 55,
	[MIP_TUN_GRE] = 47,
};

/* ---- set-up ---- */

static void
ns_delete(void)
{
	if (!ns_made)
		return;
	(void)run("ip netns del %s 2>/dev/null", ns_a);
	(void)run("ip netns del %s 2>/dev/null", ns_b);
	ns_made = false;
}

static struct plat_dp *
dp_open_in(const char *ns, const char *name, bool offload)
{
	struct plat_dp_opts o = { name, offload, 0 };
	struct plat_dp *dp = NULL;
	int rc;

	enter(ns);
	rc = plat_dp_open(&dp, NULL, &o);
	enter(NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(plat_dp_ifname(dp), name);
	assert_true(plat_dp_ifindex(dp) > 0);
	return dp;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(ns_a, sizeof(ns_a), "h-dp-a-%d", (int)getpid());
	snprintf(ns_b, sizeof(ns_b), "h-dp-b-%d", (int)getpid());
	ns_made = true;
	atexit(ns_delete);
	if (run("set -e; ip netns add %s; ip netns add %s;"
		"ip -n %s link add dpa type veth peer name dpb netns %s;"
		"ip -n %s link set lo up; ip -n %s link set lo up;"
		"ip -n %s addr add " A_VETH "/24 dev dpa;"
		"ip -n %s addr add " B_VETH "/24 dev dpb;"
		"ip -n %s addr add " B_VETH2 "/24 dev dpb;"
		"ip -n %s addr add " A_VETH2 "/24 dev dpa;"
		"ip -n %s addr add " A_HOME "/32 dev lo;"
		"ip -n %s addr add " A_HOME2 "/32 dev lo;"
		"ip -n %s addr add " MN_HOME "/32 dev lo;"
		"ip -n %s addr add " MN_HOME2 "/32 dev lo;"
		"ip -n %s link set dpa up; ip -n %s link set dpb up;"
		"ip netns exec %s sysctl -qw net.ipv4.conf.all.rp_filter=0;"
		"ip netns exec %s sysctl -qw net.ipv4.conf.all.rp_filter=0",
		ns_a, ns_b, ns_a, ns_b, ns_a, ns_b, ns_a, ns_b, ns_b, ns_a,
		ns_a, ns_a, ns_b, ns_b, ns_a, ns_b, ns_a, ns_b) != 0)
		return -1;
	dp_a = dp_open_in(ns_a, "dpt0", false);
	dp_b = dp_open_in(ns_b, "dpt0", false);
	if (run("set -e; ip -n %s route add 198.51.100.0/28 dev dpt0;"
		"ip -n %s route add " A_HOME "/32 dev dpt0",
		ns_a, ns_b) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	plat_dp_close(dp_a);
	plat_dp_close(dp_b);
	dp_a = dp_b = NULL;
	ns_delete();
	return 0;
}

/* ---- tests ---- */

/* Each encapsulation: outer A -> B, TTL 64 (RFC 2003 3.1), DF copied
 * from the inner header (RFC 2003 5.1), the datagram intact inside. */
static void
test_encap_outer(void **state)
{
	static const enum mip_encap_kind kinds[] = { MIP_TUN_IPIP,
		MIP_TUN_MINIMAL, MIP_TUN_GRE };
	uint8_t buf[2048], rebuilt[2048];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		int cap = sock_in(
		    ns_b, SOCK_RAW | SOCK_NONBLOCK, kind_proto[kinds[i]]);
		struct mip_udp_hdr udp;
		struct mip_decap d;
		ssize_t n;

		tunnel(dp_a, true, 1, kinds[i], A_VETH, B_VETH, MN_HOME, false);
		route(dp_a, true, MN_HOME, 32, 1);
		send_from_a(MN_HOME, 9999, "through the tunnel");
		assert_true(pump_until_readable(cap));
		n = recv(cap, buf, sizeof(buf), 0);
		assert_true(n > 0);
		assert_int_equal(mip_decap_packet(&d, buf, (size_t)n, rebuilt,
				     sizeof(rebuilt), NULL),
		    0);
		assert_int_equal(d.outer.proto, kind_proto[kinds[i]]);
		assert_int_equal(d.outer.src.v, ip(A_VETH).v);
		assert_int_equal(d.outer.dst.v, ip(B_VETH).v);
		assert_true(d.inner_hdr.df);
		if (kinds[i] != MIP_TUN_MINIMAL) {
			assert_int_equal(d.outer.ttl, 64);
			assert_true(d.outer.df);
		}
		assert_int_equal(d.inner_hdr.dst.v, ip(MN_HOME).v);
		assert_int_equal(d.inner_hdr.src.v, ip(A_VETH).v);
		assert_int_equal(mip_udp_decode(&udp, d.inner_hdr.payload,
				     d.inner_hdr.payload_len, d.inner_hdr.src,
				     d.inner_hdr.dst, NULL),
		    0);
		assert_int_equal(udp.dport, 9999);
		assert_memory_equal(udp.payload, "through the tunnel", 18);
		assert_int_equal(tstats(dp_a, 1).encap_pkts, 1);
		assert_int_equal(tstats(dp_a, 1).encap_bytes, d.inner_len);
		route(dp_a, false, MN_HOME, 32, 1);
		tunnel(
		    dp_a, false, 1, kinds[i], A_VETH, B_VETH, MN_HOME, false);
		close(cap);
		drain();
	}
}

/* A to B and B decapsulates: the datagram reaches a socket on B. */
static void
test_decap_delivered(void **state)
{
	static const enum mip_encap_kind kinds[] = { MIP_TUN_IPIP,
		MIP_TUN_MINIMAL, MIP_TUN_GRE };
	char got[64];
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		int rx = udp_in(ns_b, MN_HOME, 9998);
		uint64_t tun_tx;
		struct plat_dp_stats st;
		ssize_t n;

		plat_dp_stats(dp_b, &st);
		tun_tx = st.tun_tx;
		tunnel(dp_a, true, 1, kinds[i], A_VETH, B_VETH, MN_HOME, false);
		route(dp_a, true, MN_HOME, 32, 1);
		tunnel(dp_b, true, 7, kinds[i], B_VETH, A_VETH, MN_HOME, false);
		send_from_a(MN_HOME, 9998, "delivered");
		assert_true(pump_until_readable(rx));
		n = recv(rx, got, sizeof(got), 0);
		assert_int_equal(n, 9);
		assert_memory_equal(got, "delivered", 9);
		assert_int_equal(tstats(dp_b, 7).decap_pkts, 1);
		assert_int_equal(tstats(dp_b, 7).decap_bytes, 20 + 8 + 9);
		assert_int_equal(tstats(dp_a, 1).encap_pkts, 1);
		plat_dp_stats(dp_b, &st);
		assert_int_equal(st.tun_tx, tun_tx + 1);
		route(dp_a, false, MN_HOME, 32, 1);
		tunnel(
		    dp_a, false, 1, kinds[i], A_VETH, B_VETH, MN_HOME, false);
		tunnel(
		    dp_b, false, 7, kinds[i], B_VETH, A_VETH, MN_HOME, false);
		close(rx);
	}
}

/* Sends from |ns|, as the test's own encapsulator, IP in IP |osrc| ->
 * |odst| around UDP |src| -> |dst|:9997. */
static void
send_encap(const char *ns, const char *osrc, const char *odst, const char *src,
    const char *dst, const char *msg)
{
	uint8_t inner[256], outer[512];
	struct mip_encap_params p;
	struct mip_ip4_hdr h;
	struct sockaddr_in to = sin_of(odst, 0);
	mip_ssize il, ol;
	int fd = sock_in(ns, SOCK_RAW, IPPROTO_RAW);

	memset(&h, 0, sizeof(h));
	h.ttl = 64;
	h.src = ip(src);
	h.dst = ip(dst);
	il = mip_ip4_udp_build(inner, sizeof(inner), &h, 5555, 9997,
	    (const uint8_t *)msg, strlen(msg));
	assert_true(il > 0);
	memset(&p, 0, sizeof(p));
	p.src = ip(osrc);
	p.dst = ip(odst);
	p.ttl = 64;
	ol = mip_encap_packet(
	    outer, sizeof(outer), MIP_ENCAP_IPIP, &p, inner, (size_t)il);
	assert_true(ol > 0);
	assert_int_equal(sendto(fd, outer, (size_t)ol, 0,
			     (struct sockaddr *)&to, sizeof(to)),
	    ol);
	close(fd);
}

/* From A: IP in IP 192.0.2.1 -> 192.0.2.2 around |src| -> |dst|:9997. */
static void
send_tunnelled(const char *src, const char *dst, const char *msg)
{
	send_encap(ns_a, A_VETH, B_VETH, src, dst, msg);
}

/* RFC 3024 4.3.2: from the care-of address, only the home address may be
 * the inner source of a reverse-tunnelled packet. */
static void
test_reverse_source(void **state)
{
	uint64_t before = drops(dp_b, PLAT_DP_DROP_REVERSE);
	int rx = udp_in(ns_b, MN_HOME, 9997);
	char got[64];

	(void)state;
	/* B is the home agent of A's home address, A the care-of address. */
	tunnel(dp_b, true, 2, MIP_TUN_IPIP, B_VETH, A_VETH, A_HOME, true);
	send_tunnelled("198.51.100.66", MN_HOME, "forged");
	assert_true(pump_until_drop(dp_b, PLAT_DP_DROP_REVERSE, before));
	assert_int_equal(tstats(dp_b, 2).decap_pkts, 0);
	send_tunnelled(A_HOME, MN_HOME, "genuine");
	assert_true(pump_until_readable(rx));
	assert_int_equal(recv(rx, got, sizeof(got), 0), 7);
	assert_memory_equal(got, "genuine", 7);
	assert_int_equal(tstats(dp_b, 2).decap_pkts, 1);
	assert_int_equal(drops(dp_b, PLAT_DP_DROP_REVERSE), before + 1);
	tunnel(dp_b, false, 2, MIP_TUN_IPIP, B_VETH, A_VETH, A_HOME, true);
	close(rx);
}

/* Receives IP in IP packets on |cap| until |n| arrived; their outer
 * destinations in |dst|. */
static void
capture(int cap, struct mip_ip4 *dst, size_t n)
{
	uint8_t buf[2048];
	struct mip_decap d;
	size_t i;

	for (i = 0; i < n; i++) {
		ssize_t len;

		assert_true(pump_until_readable(cap));
		len = recv(cap, buf, sizeof(buf), 0);
		assert_true(len > 0);
		assert_int_equal(
		    mip_decap_packet(&d, buf, (size_t)len, NULL, 0, NULL), 0);
		dst[i] = d.outer.dst;
	}
}

/* RFC 5944 3.6.1.3: one copy per simultaneous binding. */
static void
test_two_copies(void **state)
{
	int cap = sock_in(ns_b, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	struct mip_ip4 dst[2];

	(void)state;
	tunnel(dp_a, true, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME, false);
	tunnel(dp_a, true, 2, MIP_TUN_IPIP, A_VETH, B_VETH2, MN_HOME, false);
	route(dp_a, true, MN_HOME, 32, 1);
	route(dp_a, true, MN_HOME, 32, 2);
	/* A shorter prefix to another tunnel loses to the host routes. */
	tunnel(dp_a, true, 3, MIP_TUN_GRE, A_VETH, B_VETH, MN_HOME2, false);
	route(dp_a, true, "198.51.100.0", 28, 3);
	send_from_a(MN_HOME, 9, "twice");
	capture(cap, dst, 2);
	assert_true(dst[0].v != dst[1].v);
	assert_true(dst[0].v == ip(B_VETH).v || dst[0].v == ip(B_VETH2).v);
	assert_true(dst[1].v == ip(B_VETH).v || dst[1].v == ip(B_VETH2).v);
	assert_int_equal(tstats(dp_a, 1).encap_pkts, 1);
	assert_int_equal(tstats(dp_a, 2).encap_pkts, 1);
	assert_int_equal(tstats(dp_a, 3).encap_pkts, 0);
	route(dp_a, false, MN_HOME, 32, 1);
	route(dp_a, false, MN_HOME, 32, 2);
	route(dp_a, false, "198.51.100.0", 28, 3);
	tunnel(dp_a, false, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME, false);
	tunnel(dp_a, false, 2, MIP_TUN_IPIP, A_VETH, B_VETH2, MN_HOME, false);
	tunnel(dp_a, false, 3, MIP_TUN_GRE, A_VETH, B_VETH, MN_HOME2, false);
	close(cap);
	drain();
}

/* RFC 3024 5.2: the reverse-tunnel rule for the source comes before the
 * routes; with neither, the packet is dropped as NO_TUNNEL. */
static void
test_rule_first(void **state)
{
	int cap = sock_in(ns_b, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	struct mip_act_rule r = { ip(A_VETH), 0, 2 };
	uint64_t before;
	struct mip_ip4 dst;

	(void)state;
	tunnel(dp_a, true, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME, false);
	tunnel(dp_a, true, 2, MIP_TUN_IPIP, A_VETH, B_VETH2, A_VETH, false);
	route(dp_a, true, MN_HOME, 32, 1);
	assert_int_equal(plat_dp_rule(dp_a, true, &r), 0);
	send_from_a(MN_HOME, 9, "by rule");
	capture(cap, &dst, 1);
	assert_int_equal(dst.v, ip(B_VETH2).v);
	assert_int_equal(tstats(dp_a, 1).encap_pkts, 0);
	assert_int_equal(tstats(dp_a, 2).encap_pkts, 1);
	assert_int_equal(plat_dp_rule(dp_a, false, &r), 0);
	assert_int_equal(plat_dp_rule(dp_a, false, &r), -ENOENT);
	route(dp_a, false, MN_HOME, 32, 1);
	before = drops(dp_a, PLAT_DP_DROP_NO_TUNNEL);
	send_from_a(MN_HOME, 9, "nowhere");
	assert_true(pump_until_drop(dp_a, PLAT_DP_DROP_NO_TUNNEL, before));
	tunnel(dp_a, false, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME, false);
	tunnel(dp_a, false, 2, MIP_TUN_IPIP, A_VETH, B_VETH2, A_VETH, false);
	assert_int_equal(
	    plat_dp_tunnel_stats(dp_a, 1, &(struct plat_dp_tstats){ 0 }),
	    -ENOENT);
	close(cap);
	drain();
}

/* Builds IPv4 + TCP (seq 1000, |flags|) + |plen| octets of pattern. */
static size_t
tcp_super(uint8_t *pkt, size_t plen, uint8_t flags)
{
	size_t i, tot = 40 + plen;
	uint16_t c;

	memset(pkt, 0, 40);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(tot >> 8);
	pkt[3] = (uint8_t)tot;
	pkt[4] = 0x12;
	pkt[5] = 0x34;
	pkt[6] = 0x40; /* DF */
	pkt[8] = 64;
	pkt[9] = IPPROTO_TCP;
	memcpy(pkt + 12, "\xc0\x00\x02\x01\xc6\x33\x64\x07", 8);
	c = mip_csum(pkt, 20);
	pkt[10] = (uint8_t)(c >> 8);
	pkt[11] = (uint8_t)c;
	pkt[20] = 0x30; /* sport 12345 */
	pkt[21] = 0x39;
	pkt[22] = 0x00; /* dport 80 */
	pkt[23] = 80;
	pkt[26] = 0x03; /* seq 1000 */
	pkt[27] = 0xe8;
	pkt[32] = 0x50;
	pkt[33] = flags;
	pkt[34] = 0xff;
	for (i = 0; i < plen; i++)
		pkt[40 + i] = (uint8_t)(i * 7 + 3);
	return tot;
}

static void
test_gso_segments(void **state)
{
	static uint8_t pkt[65535], seg_buf[65535];
	const size_t plen = 65535 - 40, mss = 1448;
	struct virtio_net_hdr vh = { 0 };
	const uint8_t *seg;
	struct dp_gso g;
	size_t off = 0;
	unsigned nseg = 0;
	ssize_t n;

	(void)state;
	tcp_super(pkt, plen, 0x10 | 0x08 | 0x01 | 0x80); /* ACK PSH FIN CWR */
	vh.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	vh.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	vh.gso_size = (uint16_t)mss;
	vh.hdr_len = 40;
	vh.csum_start = 20;
	vh.csum_offset = 16;
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 65535), 0);
	while ((n = dp_gso_next(&g, seg_buf, sizeof(seg_buf), &seg)) > 0) {
		struct mip_ip4_hdr h;
		size_t tlen, sl;
		uint32_t sum, seq;
		bool last;

		assert_int_equal(
		    mip_ip4_hdr_decode(&h, seg, (size_t)n, NULL), 0);
		assert_int_equal(h.total_len, n);
		assert_true(h.df);
		assert_int_equal(h.id, 0x1234 + nseg);
		tlen = h.payload_len;
		sl = tlen - 20;
		assert_true(sl <= mss);
		sum = mip_csum_pseudo(
		    0, h.src, h.dst, IPPROTO_TCP, (uint16_t)tlen);
		assert_int_equal(
		    mip_csum_fold(mip_csum_partial(h.payload, tlen, sum)), 0);
		seq = (uint32_t)h.payload[4] << 24 |
		    (uint32_t)h.payload[5] << 16 | (uint32_t)h.payload[6] << 8 |
		    h.payload[7];
		assert_int_equal(seq, 1000 + off);
		last = off + sl == plen;
		assert_int_equal(h.payload[13] & 0x09, last ? 0x09 : 0);
		assert_int_equal(h.payload[13] & 0x80, nseg == 0 ? 0x80 : 0);
		assert_int_equal(h.payload[13] & 0x10, 0x10);
		assert_memory_equal(h.payload + 20, pkt + 40 + off, sl);
		off += sl;
		nseg++;
	}
	assert_int_equal(n, 0);
	assert_int_equal(off, plen);
	assert_int_equal(nseg, (plen + mss - 1) / mss);

	/* Not TCP, or no segment size: refused. */
	pkt[9] = IPPROTO_UDP;
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 65535), -1);
	pkt[9] = IPPROTO_TCP;
	vh.gso_size = 0;
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 65535), -1);
	/* Truncated below its Total Length. */
	vh.gso_size = (uint16_t)mss;
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 1000), -1);
	/* Segments that do not fit the buffer. */
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 65535), 0);
	assert_int_equal(dp_gso_next(&g, seg_buf, 100, &seg), -1);
}

/* A partial checksum (VIRTIO_NET_HDR_F_NEEDS_CSUM) is completed. */
static void
test_csum_complete(void **state)
{
	uint8_t pkt[300];
	struct virtio_net_hdr vh = { 0 };
	struct mip_ip4_hdr h;
	struct mip_udp_hdr u;
	const uint8_t *seg;
	struct dp_gso g;
	uint32_t sum;
	uint16_t c;
	ssize_t n;

	(void)state;
	memset(&h, 0, sizeof(h));
	h.ttl = 64;
	h.src = ip(A_VETH);
	h.dst = ip(MN_HOME);
	assert_int_equal(mip_ip4_udp_build(pkt, sizeof(pkt), &h, 1, 2,
			     (const uint8_t *)"partial sum", 11),
	    39);
	/* What the kernel leaves: the folded pseudo-header sum, uncomplemented. */
	sum = mip_csum_pseudo(0, h.src, h.dst, IPPROTO_UDP, 19);
	c = (uint16_t)~mip_csum_fold(sum);
	pkt[26] = (uint8_t)(c >> 8);
	pkt[27] = (uint8_t)c;
	vh.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	vh.csum_start = 20;
	vh.csum_offset = 6;
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 39), 0);
	n = dp_gso_next(&g, NULL, 0, &seg);
	assert_int_equal(n, 39);
	assert_ptr_equal(seg, pkt);
	assert_int_equal(mip_ip4_hdr_decode(&h, seg, 39, NULL), 0);
	assert_int_equal(
	    mip_udp_decode(&u, h.payload, h.payload_len, h.src, h.dst, NULL),
	    0);
	assert_true(u.csum);
	assert_int_equal(dp_gso_next(&g, NULL, 0, &seg), 0);
	/* A checksum field past the end is refused. */
	vh.csum_offset = 19;
	assert_int_equal(dp_gso_init(&g, &vh, pkt, 39), -1);
}

/* A UDP socket in A connected to |dst|:|port|, with |pmtu| discovery and
 * errors (IP_RECVERR) on its error queue. */
static int
udp_to(const char *dst, uint16_t port, int pmtu)
{
	struct sockaddr_in to = sin_of(dst, port);
	int fd = udp_in(ns_a, A_VETH, 0), one = 1;

	assert_int_equal(
	    setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu)),
	    0);
	assert_int_equal(
	    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)), 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&to, sizeof(to)), 0);
	return fd;
}

/* The path MTU A's kernel now holds for |fd|'s destination. */
static int
path_mtu(int fd)
{
	socklen_t sl = sizeof(int);
	int mtu = 0;

	assert_int_equal(getsockopt(fd, IPPROTO_IP, IP_MTU, &mtu, &sl), 0);
	return mtu;
}

/* The ICMP error queued on |fd| is "fragmentation needed" with |mtu|. */
static void
icmp_error_is(int fd, int mtu)
{
	char data[2048], ctl[512];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m;
	struct cmsghdr *c;
	const struct sock_extended_err *ee = NULL;
	int err = 0;
	socklen_t sl = sizeof(err);

	memset(&m, 0, sizeof(m));
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	assert_true(recvmsg(fd, &m, MSG_ERRQUEUE) >= 0);
	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR)
			ee = (const struct sock_extended_err *)(const void *)
			    CMSG_DATA(c);
	assert_non_null(ee);
	assert_int_equal(ee->ee_errno, EMSGSIZE);
	assert_int_equal(ee->ee_origin, SO_EE_ORIGIN_ICMP);
	assert_int_equal(ee->ee_type, 3);
	assert_int_equal(ee->ee_code, 4);
	assert_int_equal(ee->ee_info, mtu);
	/* The pending error went with it. */
	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl), 0);
}

static uint64_t
stat_of(struct plat_dp *dp, size_t off)
{
	struct plat_dp_stats st;

	plat_dp_stats(dp, &st);
	return *(const uint64_t *)(const void *)((const char *)&st + off);
}

#define STAT(dp, f) stat_of(dp, offsetof(struct plat_dp_stats, f))

/* Runs both data planes until counter |off| of |dp| passed |before|. */
static bool
pump_until_stat(struct plat_dp *dp, size_t off, uint64_t before)
{
	long end = ms_now() + WAIT_MS;

	while (ms_now() < end) {
		pump_once();
		if (stat_of(dp, off) > before)
			return true;
		usleep(2000);
	}
	return false;
}

/*
 * RFC 2003 5.1, RFC 1191: a full-sized datagram with DF does not fit GRE
 * over the 1500-octet veth (1480 + 24), nor IP in IP over a route of MTU
 * 1400: dropped, and ICMP "fragmentation needed" with the MTU left inside
 * the tunnel (1476, 1376) reaches the sender, whose kernel takes it.
 */
static void
test_frag_needed(void **state)
{
	/* A destination each: the kernel keeps what it learnt per address. */
	static const struct {
		enum mip_encap_kind kind;
		const char *remote, *dst;
		int mtu;
	} cases[] = {
		{ MIP_TUN_GRE, B_VETH, "198.51.100.9", 1500 - 24 },
		{ MIP_TUN_IPIP, B_VETH2, "198.51.100.10", 1400 - 20 },
	};
	static uint8_t big[1480 - 28];
	size_t i;

	(void)state;
	assert_int_equal(
	    run("ip -n %s route add " B_VETH2 "/32 dev dpa mtu 1400", ns_a), 0);
	for (i = 0; i < 2; i++) {
		uint64_t icmp = STAT(dp_a, frag_needed);
		uint64_t big_drops = drops(dp_a, PLAT_DP_DROP_TOO_BIG);
		int fd = udp_to(cases[i].dst, 9996, IP_PMTUDISC_DO);

		tunnel(dp_a, true, 1, cases[i].kind, A_VETH, cases[i].remote,
		    cases[i].dst, false);
		route(dp_a, true, cases[i].dst, 32, 1);
		assert_int_equal(path_mtu(fd), 1480);
		assert_int_equal(send(fd, big, sizeof(big), 0), sizeof(big));
		assert_true(pump_until_stat(
		    dp_a, offsetof(struct plat_dp_stats, frag_needed), icmp));
		drain();
		assert_int_equal(
		    drops(dp_a, PLAT_DP_DROP_TOO_BIG), big_drops + 1);
		assert_int_equal(tstats(dp_a, 1).encap_pkts, 0);
		icmp_error_is(fd, cases[i].mtu);
		/* A's kernel believed the ICMP: the next send is refused. */
		assert_int_equal(path_mtu(fd), cases[i].mtu);
		assert_int_equal(send(fd, big, sizeof(big), 0), -1);
		assert_int_equal(errno, EMSGSIZE);
		/* A datagram of the new size goes through. */
		assert_int_equal(send(fd, big, (size_t)cases[i].mtu - 28, 0),
		    cases[i].mtu - 28);
		drain();
		assert_int_equal(tstats(dp_a, 1).encap_pkts, 1);
		route(dp_a, false, cases[i].dst, 32, 1);
		tunnel(dp_a, false, 1, cases[i].kind, A_VETH, cases[i].remote,
		    cases[i].dst, false);
		close(fd);
	}
	assert_int_equal(
	    run("ip -n %s route del " B_VETH2 "/32 dev dpa", ns_a), 0);
}

/*
 * RFC 2003 5.1: without DF, the GRE datagram is sent in two fragments,
 * which B reassembles, decapsulates and delivers whole.
 */
static void
test_frag_outer(void **state)
{
	static uint8_t big[1480 - 28], got[2048];
	int rx = udp_in(ns_b, MN_HOME, 9995);
	int fd = udp_to(MN_HOME, 9995, IP_PMTUDISC_DONT);
	uint64_t frags = STAT(dp_a, fragmented);
	uint64_t big_drops = drops(dp_a, PLAT_DP_DROP_TOO_BIG);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 11 + 5);
	tunnel(dp_a, true, 1, MIP_TUN_GRE, A_VETH, B_VETH, MN_HOME, false);
	route(dp_a, true, MN_HOME, 32, 1);
	tunnel(dp_b, true, 7, MIP_TUN_GRE, B_VETH, A_VETH, MN_HOME, false);
	assert_int_equal(send(fd, big, sizeof(big), 0), sizeof(big));
	assert_true(pump_until_readable(rx));
	assert_int_equal(recv(rx, got, sizeof(got), 0), sizeof(big));
	assert_memory_equal(got, big, sizeof(big));
	assert_int_equal(STAT(dp_a, fragmented), frags + 1);
	assert_int_equal(tstats(dp_a, 1).encap_pkts, 1);
	assert_int_equal(tstats(dp_a, 1).encap_bytes, 1480);
	assert_int_equal(tstats(dp_b, 7).decap_pkts, 1);
	assert_int_equal(drops(dp_a, PLAT_DP_DROP_TOO_BIG), big_drops);
	route(dp_a, false, MN_HOME, 32, 1);
	tunnel(dp_a, false, 1, MIP_TUN_GRE, A_VETH, B_VETH, MN_HOME, false);
	tunnel(dp_b, false, 7, MIP_TUN_GRE, B_VETH, A_VETH, MN_HOME, false);
	close(fd);
	close(rx);
}

/*
 * RFC 2004 3: fragments are never minimally encapsulated. A datagram the
 * kernel cut into three fragments for the TUN crosses a minimal tunnel
 * as IP in IP, counted, and is reassembled on B.
 */
static void
test_minimal_fragments(void **state)
{
	static uint8_t big[4000], got[4096];
	int rx = udp_in(ns_b, MN_HOME, 9994);
	int fd = udp_to(MN_HOME, 9994, IP_PMTUDISC_DONT);
	int cap = sock_in(ns_b, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	uint64_t as_ipip = STAT(dp_a, minimal_as_ipip);
	uint8_t buf[2048];
	struct mip_decap d;
	ssize_t n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 3 + 1);
	tunnel(dp_a, true, 1, MIP_TUN_MINIMAL, A_VETH, B_VETH, MN_HOME, false);
	route(dp_a, true, MN_HOME, 32, 1);
	tunnel(dp_b, true, 7, MIP_TUN_MINIMAL, B_VETH, A_VETH, MN_HOME, false);
	assert_int_equal(send(fd, big, sizeof(big), 0), sizeof(big));
	assert_true(pump_until_readable(rx));
	assert_int_equal(recv(rx, got, sizeof(got), 0), sizeof(big));
	assert_memory_equal(got, big, sizeof(big));
	assert_int_equal(STAT(dp_a, minimal_as_ipip), as_ipip + 3);
	assert_int_equal(tstats(dp_a, 1).encap_pkts, 3);
	assert_int_equal(tstats(dp_b, 7).decap_pkts, 3);
	assert_int_equal(drops(dp_a, PLAT_DP_DROP_MALFORMED), 0);
	/* On the wire: IP in IP around a fragment. */
	n = recv(cap, buf, sizeof(buf), 0);
	assert_true(n > 0);
	assert_int_equal(
	    mip_decap_packet(&d, buf, (size_t)n, NULL, 0, NULL), 0);
	assert_int_equal(d.encap, MIP_ENCAP_IPIP);
	assert_true(d.inner_hdr.mf);
	route(dp_a, false, MN_HOME, 32, 1);
	tunnel(dp_a, false, 1, MIP_TUN_MINIMAL, A_VETH, B_VETH, MN_HOME, false);
	tunnel(dp_b, false, 7, MIP_TUN_MINIMAL, B_VETH, A_VETH, MN_HOME, false);
	close(cap);
	close(fd);
	close(rx);
}

/* TCP from A to B through two offloading data planes: the TUN hands over
 * super-packets, which must arrive segmented and intact. */
static void
test_tcp_offload(void **state)
{
	enum { TOTAL = 4 << 20, CHUNK = 65536 };
	static uint8_t out[CHUNK], in[CHUNK];
	struct sockaddr_in sa = sin_of(MN_HOME2, 5001), ca = sin_of(A_HOME2, 0);
	struct plat_dp *oa, *ob;
	struct plat_dp_stats st;
	size_t sent = 0, got = 0, i;
	int ls, cs, as = -1, one = 1;
	long end;

	(void)state;
	oa = dp_open_in(ns_a, "dpt1", true);
	ob = dp_open_in(ns_b, "dpt1", true);
	assert_int_equal(
	    run("set -e; ip -n %s route add " MN_HOME2
		"/32 dev dpt1; ip -n %s route add " A_HOME2 "/32 dev dpt1",
		ns_a, ns_b),
	    0);
	tunnel(oa, true, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME2, true);
	route(oa, true, MN_HOME2, 32, 1);
	tunnel(ob, true, 1, MIP_TUN_IPIP, B_VETH, A_VETH, MN_HOME2, true);
	route(ob, true, A_HOME2, 32, 1);

	ls = sock_in(ns_b, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_int_equal(
	    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(ls, 1), 0);
	cs = sock_in(ns_a, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_int_equal(bind(cs, (struct sockaddr *)&ca, sizeof(ca)), 0);
	assert_true(connect(cs, (struct sockaddr *)&sa, sizeof(sa)) == 0 ||
	    errno == EINPROGRESS);
	for (i = 0; i < CHUNK; i++)
		out[i] = (uint8_t)(i * 13 + 1);
	end = ms_now() + 20000;
	while (got < TOTAL && ms_now() < end) {
		ssize_t n;

		assert_true(plat_dp_poll(oa, 0) >= 0);
		assert_true(plat_dp_poll(ob, 0) >= 0);
		if (as < 0)
			as = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
		if (sent < TOTAL) {
			size_t want = TOTAL - sent, o = sent % CHUNK;

			if (want > CHUNK - o)
				want = CHUNK - o;
			n = send(cs, out + o, want, MSG_DONTWAIT);
			if (n > 0)
				sent += (size_t)n;
		}
		if (as >= 0) {
			while (
			    (n = recv(as, in, sizeof(in), MSG_DONTWAIT)) > 0) {
				for (i = 0; i < (size_t)n; i++)
					assert_int_equal(
					    in[i], out[(got + i) % CHUNK]);
				got += (size_t)n;
			}
		}
	}
	assert_int_equal(got, TOTAL);
	plat_dp_stats(oa, &st);
	/* Super-packets were read and cut: more sent than read. */
	assert_true(st.raw_tx > st.tun_rx);
	assert_int_equal(st.drops[PLAT_DP_DROP_TOO_BIG], 0);
	assert_int_equal(st.drops[PLAT_DP_DROP_MALFORMED], 0);
	if (as >= 0)
		close(as);
	close(cs);
	close(ls);
	plat_dp_close(oa);
	plat_dp_close(ob);
}

/* ---- Route Optimization (mip_node.h struct mip_traffic) ---- */

#define MAX_REPORTS 16

static struct mip_traffic reports[MAX_REPORTS];
static size_t nreports;
/* What the node would do with a report: the test's stand-in. */
static void (*react)(struct plat_dp *dp, const struct mip_traffic *tr);

static void
record(void *arg, const struct mip_traffic *tr)
{
	if (nreports < MAX_REPORTS)
		reports[nreports++] = *tr;
	if (react != NULL)
		react(arg, tr);
}

/* Records |dp|'s reports from now on, after what earlier tests left. */
static void
reports_on(struct plat_dp *dp)
{
	drain();
	nreports = 0;
	react = NULL;
	plat_dp_set_report(dp, record, dp);
}

static void
reports_off(struct plat_dp *dp)
{
	plat_dp_set_report(dp, NULL, NULL);
	react = NULL;
}

static size_t
reports_of(enum mip_traffic_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < nreports; i++)
		n += reports[i].kind == kind;
	return n;
}

static struct plat_dp_stats
stats(struct plat_dp *dp)
{
	struct plat_dp_stats st;

	plat_dp_stats(dp, &st);
	return st;
}

/* Sends |msg| from A's address |src| to |dst|:|port|. */
static void
send_from(const char *src, const char *dst, uint16_t port, const char *msg)
{
	struct sockaddr_in to = sin_of(dst, port);
	int fd = udp_in(ns_a, src, 0);

	assert_int_equal(
	    sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&to, sizeof(to)),
	    (ssize_t)strlen(msg));
	close(fd);
}

/* The next IP in IP packet on |cap|, decapsulated (inner in |buf|). */
static void
capture_one(int cap, uint8_t *buf, size_t cap_len, struct mip_decap *d)
{
	ssize_t len;

	assert_true(pump_until_readable(cap));
	len = recv(cap, buf, cap_len, 0);
	assert_true(len > 0);
	assert_int_equal(
	    mip_decap_packet(d, buf, (size_t)len, NULL, 0, NULL), 0);
}

/* Whether nothing arrives on |fd| while both data planes run a while. */
static bool
stays_quiet(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	drain();
	return poll(&p, 1, 50) == 0;
}

/* TUNNELLED: the first packet of a (tunnel, source) at once, then at most
 * one a second; another source is another key. */
static void
test_report_tunnelled(void **state)
{
	int cap = sock_in(ns_b, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	uint8_t buf[2048];
	struct mip_decap d;
	int i;

	(void)state;
	reports_on(dp_a);
	tunnel(dp_a, true, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME, false);
	route(dp_a, true, MN_HOME, 32, 1);
	for (i = 0; i < 3; i++) {
		send_from(A_VETH, MN_HOME, 9, "reported once");
		capture_one(cap, buf, sizeof(buf), &d);
	}
	assert_int_equal(nreports, 1);
	assert_int_equal(reports[0].kind, MIP_TRAFFIC_TUNNELLED);
	assert_int_equal(reports[0].tunnel_id, 1);
	assert_int_equal(reports[0].src.v, ip(A_VETH).v);
	assert_int_equal(reports[0].dst.v, ip(MN_HOME).v);
	send_from(A_VETH2, MN_HOME, 9, "another source");
	capture_one(cap, buf, sizeof(buf), &d);
	assert_int_equal(nreports, 2);
	assert_int_equal(reports[1].src.v, ip(A_VETH2).v);
	usleep(1100 * 1000);
	send_from(A_VETH, MN_HOME, 9, "a second later");
	capture_one(cap, buf, sizeof(buf), &d);
	assert_int_equal(nreports, 3);
	assert_int_equal(reports[2].src.v, ip(A_VETH).v);
	assert_int_equal(tstats(dp_a, 1).encap_pkts, 5);
	reports_off(dp_a);
	route(dp_a, false, MN_HOME, 32, 1);
	tunnel(dp_a, false, 1, MIP_TUN_IPIP, A_VETH, B_VETH, MN_HOME, false);
	close(cap);
	drain();
}

/*
 * RO draft 3: a tunnel no route leads into takes the forward direction
 * from any outer source (a correspondent tunnels to the care-of address
 * straight); once a route leads into it (a cache entry), only from its
 * remote end: from elsewhere the packet is unmatched, reported, and sent
 * on by the route.
 */
static void
test_any_source(void **state)
{
	int rx = udp_in(ns_b, MN_HOME, 9997);
	struct plat_dp_stats before;
	uint32_t dpb;
	char got[64];

	(void)state;
	enter(ns_b);
	dpb = if_nametoindex("dpb");
	enter(NULL);
	reports_on(dp_b);
	tunnel(dp_b, true, 7, MIP_TUN_IPIP, B_VETH, FAR, MN_HOME, false);
	send_tunnelled(A_HOME, MN_HOME, "any source");
	assert_true(pump_until_readable(rx));
	assert_int_equal(recv(rx, got, sizeof(got), 0), 10);
	assert_int_equal(tstats(dp_b, 7).decap_pkts, 1);
	assert_int_equal(nreports, 0);

	route(dp_b, true, MN_HOME, 32, 7);
	before = stats(dp_b);
	send_tunnelled(A_HOME, MN_HOME, "not from the remote");
	assert_true(stays_quiet(rx));
	assert_int_equal(tstats(dp_b, 7).decap_pkts, 1);
	assert_int_equal(stats(dp_b).retunnelled, before.retunnelled + 1);
	assert_int_equal(tstats(dp_b, 7).encap_pkts, 1);
	assert_int_equal(reports_of(MIP_TRAFFIC_UNMATCHED), 1);
	assert_int_equal(reports[0].kind, MIP_TRAFFIC_UNMATCHED);
	assert_int_equal(reports[0].src.v, ip(A_HOME).v);
	assert_int_equal(reports[0].dst.v, ip(MN_HOME).v);
	assert_int_equal(reports[0].outer_src.v, ip(A_VETH).v);
	assert_int_equal(reports[0].outer_dst.v, ip(B_VETH).v);
	assert_int_equal(reports[0].encap, MIP_TUN_IPIP);
	assert_int_equal(reports[0].ifindex, dpb);
	/* The re-tunnelled packet went into tunnel 7: reported too. */
	assert_int_equal(reports_of(MIP_TRAFFIC_TUNNELLED), 1);
	reports_off(dp_b);
	route(dp_b, false, MN_HOME, 32, 7);
	tunnel(dp_b, false, 7, MIP_TUN_IPIP, B_VETH, FAR, MN_HOME, false);
	close(rx);
}

/* The node's answer to an unmatched packet for MN_HOME2: a cache entry,
 * a tunnel to a care-of address on A and the route into it. */
static void
install_cache_entry(struct plat_dp *dp, const struct mip_traffic *tr)
{
	if (tr->kind != MIP_TRAFFIC_UNMATCHED || tr->dst.v != ip(MN_HOME2).v)
		return;
	tunnel(dp, true, 9, MIP_TUN_IPIP, B_VETH, A_VETH2, MN_HOME2, false);
	route(dp, true, MN_HOME2, 32, 9);
}

/* mip_node.h MIP_TRAFFIC_UNMATCHED: the report's actions are applied at
 * once and the packet looked at again; no tunnel matches it still (a
 * cache entry is a forwarding pointer), so it is re-tunnelled to the new
 * care-of address, its TTL less one; a later one without a report. */
static void
test_unmatched_retunnel(void **state)
{
	int cap = sock_in(ns_a, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	uint64_t retunnelled = stats(dp_b).retunnelled;
	uint8_t buf[2048];
	struct mip_decap d;
	int i;

	(void)state;
	reports_on(dp_b);
	react = install_cache_entry;
	for (i = 0; i < 2; i++) {
		send_tunnelled("198.51.100.66", MN_HOME2, "moved on");
		do
			capture_one(cap, buf, sizeof(buf), &d);
		while (d.outer.src.v != ip(B_VETH).v);
		assert_int_equal(d.outer.dst.v, ip(A_VETH2).v);
		assert_int_equal(d.inner_hdr.src.v, ip("198.51.100.66").v);
		assert_int_equal(d.inner_hdr.dst.v, ip(MN_HOME2).v);
		assert_int_equal(d.inner_hdr.ttl, 63);
	}
	assert_int_equal(reports_of(MIP_TRAFFIC_UNMATCHED), 1);
	assert_int_equal(reports[0].dst.v, ip(MN_HOME2).v);
	assert_int_equal(stats(dp_b).retunnelled, retunnelled + 2);
	assert_int_equal(tstats(dp_b, 9).encap_pkts, 2);
	assert_int_equal(tstats(dp_b, 9).decap_pkts, 0);
	reports_off(dp_b);
	route(dp_b, false, MN_HOME2, 32, 9);
	tunnel(dp_b, false, 9, MIP_TUN_IPIP, B_VETH, A_VETH2, MN_HOME2, false);
	close(cap);
	drain();
}

/*
 * RO spec 3 at the home agent B: a special tunnel (IP in IP to the home
 * address around a packet to it) that B's host routes into the TUN is
 * unwrapped and its inner packet sent down the special tunnel to the
 * care-of address; one from the care-of address itself is dropped. Both
 * are reported SPECIAL.
 */
static void
test_special(void **state)
{
	int cap = sock_in(ns_a, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	struct mip_act_tunnel t;
	struct plat_dp_stats before = stats(dp_b);
	uint8_t buf[2048];
	struct mip_decap d;

	(void)state;
	assert_int_equal(
	    run("ip -n %s route add " SPEC_HOME "/32 dev dpt0", ns_b), 0);
	memset(&t, 0, sizeof(t));
	t.id = 5;
	t.encap = MIP_TUN_IPIP;
	t.local = ip(B_VETH);
	t.remote = ip(A_VETH2);
	t.home_addr = ip(SPEC_HOME);
	t.special = true;
	assert_int_equal(plat_dp_tunnel(dp_b, true, &t), 0);
	route(dp_b, true, SPEC_HOME, 32, 5);
	reports_on(dp_b);
	/* From a previous foreign agent (any address but the coa). */
	send_encap(ns_b, "192.0.2.77", SPEC_HOME, "198.51.100.66", SPEC_HOME,
	    "special");
	capture_one(cap, buf, sizeof(buf), &d);
	assert_int_equal(d.outer.src.v, ip(B_VETH).v);
	assert_int_equal(d.outer.dst.v, ip(A_VETH2).v);
	assert_int_equal(d.inner_hdr.proto, IPPROTO_UDP);
	assert_int_equal(d.inner_hdr.src.v, ip("198.51.100.66").v);
	assert_int_equal(d.inner_hdr.dst.v, ip(SPEC_HOME).v);
	assert_int_equal(stats(dp_b).special_fwd, before.special_fwd + 1);
	assert_int_equal(tstats(dp_b, 5).encap_pkts, 1);
	assert_int_equal(reports_of(MIP_TRAFFIC_SPECIAL), 1);
	assert_int_equal(reports_of(MIP_TRAFFIC_TUNNELLED), 1);
	assert_int_equal(reports[1].kind, MIP_TRAFFIC_SPECIAL);
	assert_int_equal(reports[1].tunnel_id, 5);
	assert_int_equal(reports[1].outer_src.v, ip("192.0.2.77").v);
	assert_int_equal(reports[1].src.v, ip("198.51.100.66").v);
	/* From the care-of address: never looped back. */
	send_encap(
	    ns_b, A_VETH2, SPEC_HOME, "198.51.100.66", SPEC_HOME, "loop");
	assert_true(pump_until_drop(
	    dp_b, PLAT_DP_DROP_LOOP, before.drops[PLAT_DP_DROP_LOOP]));
	assert_true(stays_quiet(cap));
	assert_int_equal(tstats(dp_b, 5).encap_pkts, 1);
	assert_int_equal(reports_of(MIP_TRAFFIC_SPECIAL), 2);
	assert_int_equal(reports[2].outer_src.v, ip(A_VETH2).v);
	reports_off(dp_b);
	route(dp_b, false, SPEC_HOME, 32, 5);
	assert_int_equal(plat_dp_tunnel(dp_b, false, &t), 0);
	assert_int_equal(
	    run("ip -n %s route del " SPEC_HOME "/32 dev dpt0", ns_b), 0);
	close(cap);
}

/*
 * Our own outer packets never re-enter the TUN: with mipd's routing (the
 * tunnel route in table 78 behind "not fwmark PLAT_DP_FWMARK"), B's
 * tunnel whose remote end is the very address routed into it (a foreign
 * agent's special-tunnel entry) sends one outer packet, by the main
 * table, to A; the TUN reads the inner packet only.
 */
static void
test_own_packets(void **state)
{
	int cap = sock_in(ns_a, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_IPIP);
	struct plat_dp_stats before = stats(dp_b);
	struct sockaddr_in to = sin_of(OWN_HOME, 9);
	uint8_t buf[2048];
	struct mip_decap d;
	int fd;

	(void)state;
	/* An address of its own: an earlier test's TCP flow to A_HOME2 may
	 * still retransmit and would take this tunnel route too. */
	assert_int_equal(
	    run("set -e;"
		"ip -n %s addr add " OWN_HOME "/32 dev lo;"
		"ip -n %s route add " OWN_HOME "/32 via " A_VETH ";"
		"ip -n %s route add " OWN_HOME "/32 dev dpt0 "
		"table 78;"
		"ip -n %s rule add not fwmark %#x lookup 78 "
		"pref 101",
		ns_a, ns_b, ns_b, ns_b, PLAT_DP_FWMARK),
	    0);
	tunnel(dp_b, true, 6, MIP_TUN_IPIP, B_VETH, OWN_HOME, OWN_HOME, false);
	route(dp_b, true, OWN_HOME, 32, 6);
	fd = udp_in(ns_b, B_VETH, 0);
	assert_int_equal(
	    sendto(fd, "once", 4, 0, (struct sockaddr *)&to, sizeof(to)), 4);
	close(fd);
	capture_one(cap, buf, sizeof(buf), &d);
	assert_int_equal(d.outer.src.v, ip(B_VETH).v);
	assert_int_equal(d.outer.dst.v, ip(OWN_HOME).v);
	assert_int_equal(d.inner_hdr.dst.v, ip(OWN_HOME).v);
	assert_true(stays_quiet(cap));
	/* A loop would read the outer packet back and wrap it again: the
	 * tunnel's count says so. The TUN's own count may include a late
	 * packet of an earlier test (seen on a loaded machine), so only
	 * "at least the inner packet" there. */
	assert_true(stats(dp_b).tun_rx >= before.tun_rx + 1);
	assert_int_equal(stats(dp_b).special_past, before.special_past);
	assert_int_equal(tstats(dp_b, 6).encap_pkts, 1);
	route(dp_b, false, OWN_HOME, 32, 6);
	tunnel(dp_b, false, 6, MIP_TUN_IPIP, B_VETH, OWN_HOME, OWN_HOME, false);
	assert_int_equal(run("set -e; ip -n %s rule del pref 101;"
			     "ip -n %s route del " OWN_HOME "/32 table 78;"
			     "ip -n %s route del " OWN_HOME "/32;"
			     "ip -n %s addr del " OWN_HOME "/32 dev lo",
			     ns_b, ns_b, ns_b, ns_a),
	    0);
	close(cap);
	drain();
}

int
main(void)
{
	const struct CMUnitTest netns_tests[] = {
		cmocka_unit_test(test_encap_outer),
		cmocka_unit_test(test_decap_delivered),
		cmocka_unit_test(test_reverse_source),
		cmocka_unit_test(test_two_copies),
		cmocka_unit_test(test_rule_first),
		cmocka_unit_test(test_frag_needed),
		cmocka_unit_test(test_frag_outer),
		cmocka_unit_test(test_minimal_fragments),
		cmocka_unit_test(test_tcp_offload),
		cmocka_unit_test(test_report_tunnelled),
		cmocka_unit_test(test_any_source),
		cmocka_unit_test(test_unmatched_retunnel),
		cmocka_unit_test(test_special),
		cmocka_unit_test(test_own_packets),
	};
	const struct CMUnitTest unit_tests[] = {
		cmocka_unit_test(test_gso_segments),
		cmocka_unit_test(test_csum_complete),
	};
	int rc;

	if ((rc = cmocka_run_group_tests(unit_tests, NULL, NULL)) != 0)
		return rc;
	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0) {
		printf(
		    "SKIP: the namespace tests need root and /dev/net/tun\n");
		return 77;
	}
	if ((ns_orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		return 1;
	return cmocka_run_group_tests(netns_tests, setup, teardown);
}
