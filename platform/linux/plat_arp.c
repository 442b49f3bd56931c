/* SPDX-License-Identifier: ISC */
/*
 * The user-space proxy ARP responder; see plat_arp.h for why.
 *
 * Each link with a proxied address has an AF_PACKET SOCK_DGRAM socket
 * bound to it for ETH_P_ARP (it reads from the ARP header on). A request
 * (RFC 826) for a proxied target gets a unicast reply to its sender:
 * sender hardware address the link's own, sender protocol address the
 * target asked for (RFC 5944 4.6). Not answered: frames we sent, replies,
 * other hardware or protocol types, and a sender announcing its own
 * address (sender = target): that is a gratuitous ARP, for example the
 * mobile node's own on return home, and nobody waits for an answer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "plat_arp.h"
#include "plat_log.h"

#define ARP_LEN 28
#define ARP_HRD_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
/* Requests read per wakeup at most, so that a flood cannot hold us. */
#define ARP_DRAIN_MAX 64

struct arp_addr {
	uint32_t ifindex;
	struct mip_ip4 addr;
	struct arp_addr *next; /* in its hash chain */
};

struct arp_link {
	struct plat_arp *a;
	uint32_t ifindex;
	int fd;
	uint8_t hwaddr[MIP_HWADDR_LEN];
};

struct plat_arp {
	struct plat_loop *loop;
	struct arp_addr **buckets;
	size_t nbuckets, n; /* power of two; addresses */
	struct arp_link **links;
	size_t nlinks;
	struct plat_ratelimit rl;
};

/* ---- the proxied addresses ---- */

static size_t
addr_hash(uint32_t ifindex, struct mip_ip4 addr)
{
	/* Home addresses are consecutive: multiplying spreads them. */
	return (size_t)(((uint64_t)addr.v * 0x9e3779b97f4a7c15ULL) >> 32) ^
	    ifindex;
}

static struct arp_addr **
addr_slot(struct plat_arp *a, uint32_t ifindex, struct mip_ip4 addr)
{
	struct arp_addr **p;

	p = &a->buckets[addr_hash(ifindex, addr) & (a->nbuckets - 1)];
	while (*p != NULL &&
	    ((*p)->ifindex != ifindex || !mip_ip4_eq((*p)->addr, addr)))
		p = &(*p)->next;
	return p;
}

static bool
addr_has(struct plat_arp *a, uint32_t ifindex, struct mip_ip4 addr)
{
	return a->nbuckets != 0 && *addr_slot(a, ifindex, addr) != NULL;
}

/* Keeps the chains short: doubles the buckets at one entry per bucket. */
static int
addr_grow(struct plat_arp *a)
{
	size_t nb = a->nbuckets != 0 ? a->nbuckets * 2 : 64, i;
	struct arp_addr **old = a->buckets, *e, *next;
	size_t oldn = a->nbuckets;

	if (a->n < a->nbuckets)
		return 0;
	if ((a->buckets = calloc(nb, sizeof(*a->buckets))) == NULL) {
		a->buckets = old;
		return -ENOMEM;
	}
	a->nbuckets = nb;
	for (i = 0; i < oldn; i++) {
		for (e = old[i]; e != NULL; e = next) {
			size_t b = addr_hash(e->ifindex, e->addr) & (nb - 1);

			next = e->next;
			e->next = a->buckets[b];
			a->buckets[b] = e;
		}
	}
	free(old);
	return 0;
}

/* ---- the links ---- */

static struct arp_link *
link_find(const struct plat_arp *a, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < a->nlinks; i++)
		if (a->links[i]->ifindex == ifindex)
			return a->links[i];
	return NULL;
}

/* Answers the request |p| (ARP_LEN octets, checked) that |from| sent. */
static void
answer(struct arp_link *l, const uint8_t *p, const struct sockaddr_ll *from)
{
	struct sockaddr_ll to;
	uint8_t r[ARP_LEN];
	ssize_t n;

	/* Hardware and protocol types and lengths as in the request. */
	memcpy(r, p, 6);
	r[6] = 0;
	r[7] = ARP_OP_REPLY;
	memcpy(r + 8, l->hwaddr, MIP_HWADDR_LEN);
	memcpy(r + 14, p + 24, 4); /* the address asked for is ours */
	memcpy(r + 18, p + 8, MIP_HWADDR_LEN + 4); /* to the sender */
	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_ARP);
	to.sll_ifindex = (int)l->ifindex;
	to.sll_halen = MIP_HWADDR_LEN;
	memcpy(to.sll_addr, from->sll_addr, MIP_HWADDR_LEN);
	do
		n = sendto(
		    l->fd, r, sizeof(r), 0, (struct sockaddr *)&to, sizeof(to));
	while (n == -1 && errno == EINTR);
	if (n == -1)
		plat_log_limited(&l->a->rl, PLAT_LOG_WARNING,
		    "proxy ARP reply on link %u: %s", l->ifindex,
		    strerror(errno));
}

/* One frame: a request for one of our proxied addresses gets its answer. */
static void
frame_in(struct arp_link *l, const uint8_t *p, size_t len,
    const struct sockaddr_ll *from, socklen_t fromlen)
{
	struct mip_ip4 spa, tpa;

	/* Not our own frames, nor what a promiscuous link overhears. */
	if (fromlen < sizeof(*from) || from->sll_pkttype == PACKET_OUTGOING ||
	    from->sll_pkttype == PACKET_OTHERHOST ||
	    from->sll_halen != MIP_HWADDR_LEN || len < ARP_LEN)
		return;
	/* Ethernet, IPv4, lengths 6 and 4, a request. */
	if (p[0] != 0 || p[1] != ARP_HRD_ETHER || p[2] != 0x08 || p[3] != 0 ||
	    p[4] != MIP_HWADDR_LEN || p[5] != 4 || p[6] != 0 ||
	    p[7] != ARP_OP_REQUEST)
		return;
	spa.v = (uint32_t)p[14] << 24 | (uint32_t)p[15] << 16 |
	    (uint32_t)p[16] << 8 | p[17];
	tpa.v = (uint32_t)p[24] << 24 | (uint32_t)p[25] << 16 |
	    (uint32_t)p[26] << 8 | p[27];
	if (mip_ip4_eq(spa, tpa) || !addr_has(l->a, l->ifindex, tpa))
		return;
	answer(l, p, from);
}

static void
on_frame(void *arg, uint32_t events)
{
	struct arp_link *l = arg;
	struct sockaddr_ll from;
	socklen_t fromlen;
	uint8_t p[64];
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < ARP_DRAIN_MAX; i++) {
		fromlen = sizeof(from);
		n = recvfrom(l->fd, p, sizeof(p), MSG_DONTWAIT,
		    (struct sockaddr *)&from, &fromlen);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				plat_log_limited(&l->a->rl, PLAT_LOG_WARNING,
				    "proxy ARP on link %u: recvfrom: %s",
				    l->ifindex, strerror(errno));
			return;
		}
		frame_in(l, p, (size_t)n, &from, fromlen);
	}
}

static void
link_close(struct plat_arp *a, struct arp_link *l)
{
	if (l->fd != -1) {
		plat_loop_del(a->loop, l->fd);
		close(l->fd);
	}
	free(l);
}

/* Opens, binds and registers |l|'s socket; learns the link's address. */
static int
link_socket(struct plat_arp *a, struct arp_link *l)
{
	struct sockaddr_ll sll;
	socklen_t len = sizeof(sll);
	int rc;

	l->fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    htons(ETH_P_ARP));
	if (l->fd == -1)
		return -errno;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = (int)l->ifindex;
	if (bind(l->fd, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		return -errno;
	/* A bound packet socket's name carries the device's address. */
	if (getsockname(l->fd, (struct sockaddr *)&sll, &len) == -1)
		return -errno;
	if (sll.sll_halen != MIP_HWADDR_LEN)
		return -EPROTONOSUPPORT; /* proxy ARP is for Ethernet links */
	memcpy(l->hwaddr, sll.sll_addr, MIP_HWADDR_LEN);
	if ((rc = plat_loop_add(a->loop, l->fd, EPOLLIN, on_frame, l)) < 0)
		return rc;
	return 0;
}

static int
link_get(struct plat_arp *a, uint32_t ifindex)
{
	struct arp_link *l, **v;
	int rc;

	if (link_find(a, ifindex) != NULL)
		return 0;
	v = reallocarray(a->links, a->nlinks + 1, sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	a->links = v;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return -ENOMEM;
	l->a = a;
	l->ifindex = ifindex;
	if ((rc = link_socket(a, l)) < 0) {
		plat_log(PLAT_LOG_ERR, "proxy ARP on link %u: %s", ifindex,
		    strerror(-rc));
		link_close(a, l);
		return rc;
	}
	a->links[a->nlinks++] = l;
	return 0;
}

/* ---- the interface ---- */

int
plat_arp_open(struct plat_arp **out, struct plat_loop *loop)
{
	const struct plat_ratelimit rl = PLAT_RATELIMIT_INIT(1000, 10);
	struct plat_arp *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return -ENOMEM;
	a->loop = loop;
	a->rl = rl;
	*out = a;
	return 0;
}

void
plat_arp_close(struct plat_arp *a)
{
	struct arp_addr *e, *next;
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nlinks; i++)
		link_close(a, a->links[i]);
	for (i = 0; i < a->nbuckets; i++)
		for (e = a->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	free(a->links);
	free(a->buckets);
	free(a);
}

int
plat_arp_proxy(
    struct plat_arp *a, bool add, uint32_t ifindex, struct mip_ip4 addr)
{
	struct arp_addr **p, *e;
	int rc;

	if (ifindex == 0)
		return -EINVAL;
	if (!add) {
		if (a->nbuckets == 0 ||
		    *(p = addr_slot(a, ifindex, addr)) == NULL)
			return 0;
		e = *p;
		*p = e->next;
		free(e);
		a->n--;
		return 0;
	}
	if (addr_has(a, ifindex, addr))
		return 0;
	if ((rc = link_get(a, ifindex)) < 0 || (rc = addr_grow(a)) < 0)
		return rc;
	if ((e = malloc(sizeof(*e))) == NULL)
		return -ENOMEM;
	e->ifindex = ifindex;
	e->addr = addr;
	e->next = NULL;
	*addr_slot(a, ifindex, addr) = e;
	a->n++;
	return 0;
}
