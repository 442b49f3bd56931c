/* SPDX-License-Identifier: ISC */
/*
 * The sockets of mipd (platform/linux/plat_sock*.c) between two network
 * namespaces of this test's own, joined by a veth pair: side A
 * (192.0.2.1, an agent link) and side B (192.0.2.2, a mobile node's
 * link), both with need_hwaddr. Checks: unicast UDP with interface,
 * addresses, ports, TTL and link-layer source; limited and subnet
 * broadcasts; a datagram from 0.0.0.0; an advertisement to 224.0.0.1 and a
 * solicitation to 224.0.0.11 with their checksums recomputed, and only on
 * the links that want them; a send to a named MAC address without ARP;
 * gratuitous ARP updating the peer's neighbour entry; garbled and
 * truncated frames not handed up. Needs root (else exit 77); the
 * namespaces are anonymous, so they vanish with the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "helper.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "plat_loop.h"
#include "plat_sock.h"

#define IF_A "sock-a"
#define IF_B "sock-b"
#define NRECS 32
#define REC_DATA 256

static const uint8_t mac_a[MIP_HWADDR_LEN] = { 0x02, 0, 0, 0, 0x0a, 0x01 };
static const uint8_t mac_b[MIP_HWADDR_LEN] = { 0x02, 0, 0, 0, 0x0b, 0x01 };

struct rec {
	struct mip_pkt_in pkt;
	uint8_t data[REC_DATA];
};

struct side {
	int nsfd;
	uint32_t ifindex;
	struct plat_sock *s;
	struct rec recs[NRECS];
	size_t n;
};

static struct plat_loop *loop;
static struct side A, B;
static bool timed_out;

/* What wait_for waits for. */
static struct {
	struct side *side;
	enum mip_pkt_kind kind;
	const uint8_t *data;
	size_t len;
	const struct rec *found;
} want;

static struct mip_ip4
ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return mip_ip4_make(a, b, c, d);
}

static bool
rec_is(
    const struct rec *r, enum mip_pkt_kind kind, const void *data, size_t len)
{
	return r->pkt.kind == kind && r->pkt.len == len &&
	    memcmp(r->data, data, len) == 0;
}

static void
on_rx(void *arg, const struct mip_pkt_in *pkt)
{
	struct side *sd = arg;
	struct rec *r;

	if (sd->n == NRECS || pkt->len > REC_DATA)
		return;
	r = &sd->recs[sd->n++];
	r->pkt = *pkt;
	memcpy(r->data, pkt->data, pkt->len);
	r->pkt.data = r->data;
	if (sd == want.side && rec_is(r, want.kind, want.data, want.len)) {
		want.found = r;
		plat_loop_stop(loop);
	}
}

static void
on_watchdog(void *arg)
{
	(void)arg;
	timed_out = true;
	plat_loop_stop(loop);
}

static const struct rec *
find(
    const struct side *sd, enum mip_pkt_kind kind, const void *data, size_t len)
{
	size_t i;

	for (i = 0; i < sd->n; i++)
		if (rec_is(&sd->recs[i], kind, data, len))
			return &sd->recs[i];
	return NULL;
}

/* Runs the loop until |sd| has received |data| as |kind|; a watchdog
 * fails the test instead of hanging. */
static const struct rec *
wait_for(struct side *sd, enum mip_pkt_kind kind, const void *data, size_t len)
{
	struct mip_now now;

	if ((want.found = find(sd, kind, data, len)) != NULL)
		return want.found;
	want.side = sd;
	want.kind = kind;
	want.data = data;
	want.len = len;
	timed_out = false;
	plat_now(&now);
	assert_int_equal(
	    plat_loop_set_deadline(loop, now.mono + 5 * MIP_SEC), 0);
	assert_int_equal(plat_loop_run(loop), 0);
	assert_int_equal(plat_loop_set_deadline(loop, MIP_TSTAMP_NONE), 0);
	want.side = NULL;
	if (timed_out)
		fail_msg("nothing of %zu octets arrived", len);
	return want.found;
}

static void
enter(const struct side *sd)
{
	assert_int_equal(setns(sd->nsfd, CLONE_NEWNET), 0);
}

static void
sh(const char *cmd)
{
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

/* The output of |cmd| (run in the current namespace) into |out|. */
static void
sh_out(const char *cmd, char *out, size_t cap)
{
	FILE *f = popen(cmd, "r");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	pclose(f);
}

static int
ns_new(void)
{
	int fd;

	if (unshare(CLONE_NEWNET) != 0)
		return -1;
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd != -1)
		sh("ip link set lo up");
	return fd;
}

static void
sock_open(struct side *sd, bool agent, bool mobile)
{
	struct plat_sock_link link;
	struct plat_sock_opts o;

	memset(&link, 0, sizeof(link));
	link.ifindex = sd->ifindex;
	link.agent = agent;
	link.mobile = mobile;
	link.need_hwaddr = true;
	memset(&o, 0, sizeof(o));
	o.links = &link;
	o.nlinks = 1;
	o.udp_any = true;
	enter(sd);
	assert_int_equal(plat_sock_open(&sd->s, loop, &o, on_rx, sd), 0);
}

static int
setup(void **state)
{
	char cmd[256];

	(void)state;
	if ((A.nsfd = ns_new()) == -1 || (B.nsfd = ns_new()) == -1)
		return -1;
	enter(&A);
	snprintf(cmd, sizeof(cmd),
	    "ip link add " IF_A " address 02:00:00:00:0a:01 type veth peer "
	    "name " IF_B " address 02:00:00:00:0b:01 netns /proc/%d/fd/%d",
	    (int)getpid(), B.nsfd);
	sh(cmd);
	sh("ip addr add 192.0.2.1/24 dev " IF_A " && ip link set " IF_A " up");
	A.ifindex = if_nametoindex(IF_A);
	enter(&B);
	sh("ip addr add 192.0.2.2/24 dev " IF_B " && ip link set " IF_B " up");
	B.ifindex = if_nametoindex(IF_B);
	assert_true(A.ifindex != 0 && B.ifindex != 0);
	assert_int_equal(plat_loop_new(&loop), 0);
	plat_loop_set_timer(loop, on_watchdog, NULL);
	sock_open(&A, true, false);
	sock_open(&B, false, true);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	plat_sock_close(A.s);
	plat_sock_close(B.s);
	plat_loop_free(loop);
	close(A.nsfd);
	close(B.nsfd);
	return 0;
}

static struct mip_act_send
udp(struct mip_ip4 src, struct mip_ip4 dst, uint32_t ifindex, const char *text)
{
	struct mip_act_send s;

	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_UDP;
	s.ifindex = ifindex;
	s.src = src;
	s.dst = dst;
	s.sport = MIP_UDP_PORT;
	s.dport = MIP_UDP_PORT;
	s.data = (const uint8_t *)text;
	s.len = strlen(text);
	return s;
}

static void
test_udp_unicast(void **state)
{
	const char *text = "unicast to the agent";
	struct mip_act_send s =
	    udp(ip(192, 0, 2, 2), ip(192, 0, 2, 1), 0, text);
	const struct rec *r;

	(void)state;
	s.ttl = 7;
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	r = wait_for(&A, MIP_PKT_UDP, text, strlen(text));
	assert_int_equal(r->pkt.ifindex, A.ifindex);
	assert_int_equal(r->pkt.src.v, ip(192, 0, 2, 2).v);
	assert_int_equal(r->pkt.dst.v, ip(192, 0, 2, 1).v);
	assert_int_equal(r->pkt.sport, MIP_UDP_PORT);
	assert_int_equal(r->pkt.dport, MIP_UDP_PORT);
	assert_int_equal(r->pkt.ttl, 7);
	assert_true(r->pkt.has_hwaddr);
	assert_memory_equal(r->pkt.src_hwaddr, mac_b, MIP_HWADDR_LEN);

	/* A source port that is not ours cannot be sent from this socket. */
	s.sport = 1234;
	assert_int_equal(plat_sock_send(B.s, &s), -EINVAL);
}

static void
test_udp_broadcast(void **state)
{
	const char *lim = "to 255.255.255.255";
	const char *net = "to 192.0.2.255";
	const char *zero = "from 0.0.0.0";
	struct mip_act_send s;
	const struct rec *r;

	(void)state;
	s = udp(ip(192, 0, 2, 2), ip(255, 255, 255, 255), B.ifindex, lim);
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	r = wait_for(&A, MIP_PKT_UDP, lim, strlen(lim));
	assert_int_equal(r->pkt.dst.v, 0xffffffffU);
	assert_int_equal(r->pkt.ifindex, A.ifindex);
	assert_true(r->pkt.has_hwaddr);

	s = udp(ip(192, 0, 2, 2), ip(192, 0, 2, 255), B.ifindex, net);
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	r = wait_for(&A, MIP_PKT_UDP, net, strlen(net));
	assert_int_equal(r->pkt.dst.v, ip(192, 0, 2, 255).v);

	/* No source address yet: built here and sent as one frame. */
	s = udp(ip(0, 0, 0, 0), ip(255, 255, 255, 255), B.ifindex, zero);
	s.ttl = 1;
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	r = wait_for(&A, MIP_PKT_UDP, zero, strlen(zero));
	assert_int_equal(r->pkt.src.v, 0);
	assert_int_equal(r->pkt.ttl, 1);
	assert_memory_equal(r->pkt.src_hwaddr, mac_b, MIP_HWADDR_LEN);
}

static struct mip_act_send
icmp(struct mip_ip4 src, struct mip_ip4 dst, uint32_t ifindex,
    const uint8_t *msg, size_t len)
{
	struct mip_act_send s;

	memset(&s, 0, sizeof(s));
	s.kind = MIP_PKT_ICMP;
	s.ifindex = ifindex;
	s.src = src;
	s.dst = dst;
	s.ttl = 1;
	s.data = msg;
	s.len = len;
	return s;
}

static void
test_icmp(void **state)
{
	/* Type, code, a checksum the sender fixes, then a body. */
	uint8_t adv[] = { MIP_ICMP_ROUTER_ADV, 0, 0xde, 0xad, 1, 2, 0, 30, 192,
		0, 2, 1, 0, 0, 0, 0 };
	uint8_t sol[] = { MIP_ICMP_ROUTER_SOL, 0, 0xbe, 0xef, 0, 0, 0, 0 };
	uint8_t adv_b[sizeof(adv)];
	struct mip_icmp_hdr h;
	struct mip_act_send s;
	const struct rec *r;

	(void)state;
	s = icmp(
	    ip(192, 0, 2, 1), ip(224, 0, 0, 1), A.ifindex, adv, sizeof(adv));
	assert_int_equal(plat_sock_send(A.s, &s), 0);
	/* What arrives carries the right checksum instead. */
	memcpy(adv_b, adv, sizeof(adv));
	assert_int_equal(mip_icmp_csum_set(adv_b, sizeof(adv_b)), 0);
	r = wait_for(&B, MIP_PKT_ICMP, adv_b, sizeof(adv_b));
	assert_int_equal(mip_icmp_decode(&h, r->data, r->pkt.len, NULL), 0);
	assert_int_equal(r->pkt.ifindex, B.ifindex);
	assert_int_equal(r->pkt.src.v, ip(192, 0, 2, 1).v);
	assert_int_equal(r->pkt.dst.v, ip(224, 0, 0, 1).v);
	assert_int_equal(r->pkt.ttl, 1);
	assert_true(r->pkt.has_hwaddr);
	assert_memory_equal(r->pkt.src_hwaddr, mac_a, MIP_HWADDR_LEN);

	/*
	 * An advertisement to A, whose link is no mobile node's, is not
	 * handed up; the solicitation behind it on the same socket is.
	 */
	s = icmp(
	    ip(192, 0, 2, 2), ip(224, 0, 0, 1), B.ifindex, adv, sizeof(adv));
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	s = icmp(
	    ip(192, 0, 2, 2), ip(224, 0, 0, 11), B.ifindex, sol, sizeof(sol));
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	assert_int_equal(mip_icmp_csum_set(sol, sizeof(sol)), 0);
	r = wait_for(&A, MIP_PKT_ICMP, sol, sizeof(sol));
	assert_int_equal(r->pkt.dst.v, ip(224, 0, 0, 11).v);
	assert_memory_equal(r->pkt.src_hwaddr, mac_b, MIP_HWADDR_LEN);
	assert_null(find(&A, MIP_PKT_ICMP, adv_b, sizeof(adv_b)));

	/* Too short to be an ICMP message. */
	s.len = 3;
	assert_int_equal(plat_sock_send(B.s, &s), -EINVAL);
}

static void
test_send_to_hwaddr(void **state)
{
	const char *text = "straight to the station";
	struct mip_act_send s =
	    udp(ip(192, 0, 2, 1), ip(192, 0, 2, 2), A.ifindex, text);
	const struct rec *r;
	char out[512];

	(void)state;
	enter(&A);
	sh("ip neigh flush dev " IF_A);
	s.has_hwaddr = true;
	memcpy(s.dst_hwaddr, mac_b, MIP_HWADDR_LEN);
	assert_int_equal(plat_sock_send(A.s, &s), 0);
	r = wait_for(&B, MIP_PKT_UDP, text, strlen(text));
	assert_int_equal(r->pkt.src.v, ip(192, 0, 2, 1).v);
	assert_int_equal(r->pkt.dst.v, ip(192, 0, 2, 2).v);
	assert_int_equal(r->pkt.ttl, 64);
	assert_memory_equal(r->pkt.src_hwaddr, mac_a, MIP_HWADDR_LEN);
	/* RFC 5944 3.7.3.2: no ARP for it. */
	enter(&A);
	sh_out("ip neigh show 192.0.2.2 dev " IF_A, out, sizeof(out));
	assert_string_equal(out, "");

	s.ifindex = 0;
	assert_int_equal(plat_sock_send(A.s, &s), -EINVAL);
}

static void
test_arp_announce(void **state)
{
	struct mip_act_neigh a;
	char out[512];
	int i;

	(void)state;
	enter(&B);
	sh("ip neigh replace 192.0.2.77 lladdr 02:00:00:00:00:01 dev " IF_B
	   " nud stale");
	memset(&a, 0, sizeof(a));
	a.ifindex = A.ifindex;
	a.addr = ip(192, 0, 2, 77);
	memcpy(
	    a.hwaddr, (const uint8_t[]){ 2, 0, 0, 0, 0, 0x77 }, MIP_HWADDR_LEN);
	assert_int_equal(plat_sock_arp_announce(A.s, &a), 0);
	/* Delivery is asynchronous: look until it shows (bounded). */
	for (i = 0; i < 500; i++) {
		sh_out("ip neigh show 192.0.2.77 dev " IF_B, out, sizeof(out));
		if (strstr(out, "02:00:00:00:00:77") != NULL)
			break;
		usleep(10000);
	}
	assert_non_null(strstr(out, "02:00:00:00:00:77"));
	a.ifindex = 0;
	assert_int_equal(plat_sock_arp_announce(A.s, &a), -EINVAL);
}

/* Sends |p|[0..len) from B to A's MAC as one IPv4 frame. */
static void
frame_to_a(int fd, const uint8_t *p, size_t len)
{
	struct sockaddr_ll to;

	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_IP);
	to.sll_ifindex = (int)B.ifindex;
	to.sll_halen = MIP_HWADDR_LEN;
	memcpy(to.sll_addr, mac_a, MIP_HWADDR_LEN);
	assert_int_equal(
	    sendto(fd, p, len, 0, (struct sockaddr *)&to, sizeof(to)),
	    (ssize_t)len);
}

static void
test_garbled(void **state)
{
	const char *bad = "garbled in transit";
	const char *good = "after the garbage";
	uint8_t pkt[128];
	struct mip_ip4_hdr h;
	struct mip_act_send s;
	mip_ssize len;
	int fd;

	(void)state;
	enter(&B);
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd != -1);
	memset(&h, 0, sizeof(h));
	h.ttl = 64;
	h.src = ip(192, 0, 2, 2);
	h.dst = ip(192, 0, 2, 1);
	len = mip_ip4_udp_build(pkt, sizeof(pkt), &h, MIP_UDP_PORT,
	    MIP_UDP_PORT, (const uint8_t *)bad, strlen(bad));
	assert_true(len > 28);
	/* A flipped payload bit: the UDP checksum no longer verifies. */
	pkt[30] ^= 0x01;
	frame_to_a(fd, pkt, (size_t)len);
	pkt[30] ^= 0x01;
	/* Cut short of its Total Length. */
	frame_to_a(fd, pkt, (size_t)len - 4);
	/* Only the IP header. */
	frame_to_a(fd, pkt, 20);
	close(fd);

	s = udp(ip(192, 0, 2, 2), ip(192, 0, 2, 1), B.ifindex, good);
	s.has_hwaddr = true;
	memcpy(s.dst_hwaddr, mac_a, MIP_HWADDR_LEN);
	assert_int_equal(plat_sock_send(B.s, &s), 0);
	(void)wait_for(&A, MIP_PKT_UDP, good, strlen(good));
	assert_null(find(&A, MIP_PKT_UDP, bad, strlen(bad)));
	assert_null(find(&A, MIP_PKT_UDP, bad, strlen(bad) - 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udp_unicast),
		cmocka_unit_test(test_udp_broadcast),
		cmocka_unit_test(test_icmp),
		cmocka_unit_test(test_send_to_hwaddr),
		cmocka_unit_test(test_arp_announce),
		cmocka_unit_test(test_garbled),
	};

	if (geteuid() != 0) {
		printf("SKIP: sock_test needs root (network namespaces)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
