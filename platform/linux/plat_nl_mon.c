/* SPDX-License-Identifier: ISC */
/*
 * Interface facts (index, hardware address, first IPv4 address, MTU,
 * carrier) and the monitor that turns link and address notifications into
 * mip_link_events: a link is up when it is administratively up and has
 * carrier (IFF_UP and IFF_LOWER_UP); only changes of that are reported.
 */
#include <sys/epoll.h>
#include <sys/socket.h>

#include <errno.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "plat_nl_int.h"

#define RUNNING (IFF_UP | IFF_LOWER_UP)

uint32_t
plat_nl_ifindex(const char *name)
{
	return if_nametoindex(name);
}

static const enum mnl_attr_data_type link_types[IFLA_MAX + 1] = {
	[IFLA_ADDRESS] = MNL_TYPE_BINARY,
	[IFLA_MTU] = MNL_TYPE_U32,
};

static const enum mnl_attr_data_type addr_types[IFA_MAX + 1] = {
	[IFA_ADDRESS] = MNL_TYPE_U32,
	[IFA_LOCAL] = MNL_TYPE_U32,
};

static int
info_link_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct plat_if_info *out = arg;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFLA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    !plat_nl_attrs(nlh, sizeof(*ifi), link_types, IFLA_MAX + 1, tb) ||
	    (uint32_t)ifi->ifi_index != out->ifindex)
		return MNL_CB_OK;
	if (tb[IFLA_ADDRESS] != NULL &&
	    mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == MIP_HWADDR_LEN)
		memcpy(out->hwaddr, mnl_attr_get_payload(tb[IFLA_ADDRESS]),
		    MIP_HWADDR_LEN);
	if (tb[IFLA_MTU] != NULL)
		out->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	out->up = (ifi->ifi_flags & RUNNING) == RUNNING;
	return MNL_CB_OK;
}

/* An IPv4 address notification or dump entry: false if it is none. */
static bool
parse_addr(const struct nlmsghdr *nlh, uint32_t *ifindex, struct mip_ip4 *a,
    uint8_t *plen)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1], *local;

	if (!plat_nl_attrs(nlh, sizeof(*ifa), addr_types, IFA_MAX + 1, tb) ||
	    ifa->ifa_family != AF_INET || ifa->ifa_prefixlen > 32)
		return false;
	/* On point-to-point links IFA_ADDRESS is the peer. */
	if ((local = tb[IFA_LOCAL]) == NULL &&
	    (local = tb[IFA_ADDRESS]) == NULL)
		return false;
	*ifindex = ifa->ifa_index;
	*a = plat_nl_ip4(local);
	*plen = ifa->ifa_prefixlen;
	return true;
}

static int
info_addr_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct plat_if_info *out = arg;
	struct mip_ip4 a;
	uint32_t ifindex;
	uint8_t plen;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    !parse_addr(nlh, &ifindex, &a, &plen) || ifindex != out->ifindex ||
	    out->addr.v != 0)
		return MNL_CB_OK;
	out->addr = a;
	out->plen = plen;
	return MNL_CB_OK;
}

int
plat_nl_if_info(struct plat_nl *nl, uint32_t ifindex, struct plat_if_info *out)
{
	char req[NLMSG_HDRLEN + 64] __attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct ifaddrmsg *ifa;
	int err;

	memset(out, 0, sizeof(*out));
	out->ifindex = ifindex;
	if (ifindex > INT32_MAX)
		return -ENODEV;
	/* A get, not a dump: the ACK ends the answer. */
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	if ((err = plat_nl_request(nl, nlh, info_link_cb, out)) != 0)
		goto fail;
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	if ((err = plat_nl_request(nl, nlh, info_addr_cb, out)) != 0)
		goto fail;
	return 0;
fail:
	plat_log(
	    PLAT_LOG_ERR, "netlink: interface %u: %s", ifindex, strerror(-err));
	return err;
}

static void
emit(struct plat_nl *nl, enum mip_link_kind kind, uint32_t ifindex,
    struct mip_ip4 a, uint8_t plen)
{
	struct mip_link_event ev = { kind, ifindex, a, plen };

	nl->fn(nl->arg, &ev);
}

static struct plat_nl_link *
link_find(struct plat_nl *nl, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < nl->nlinks; i++)
		if (nl->links[i].ifindex == ifindex)
			return &nl->links[i];
	return NULL;
}

/* Records |running| for |ifindex|; reports a change when |report|. A link
 * not seen before was down. */
static int
link_state(struct plat_nl *nl, uint32_t ifindex, bool running, bool report)
{
	struct plat_nl_link *l, *p;
	struct mip_ip4 none = { 0 };

	if ((l = link_find(nl, ifindex)) == NULL) {
		if (nl->nlinks == nl->clinks) {
			if ((p = reallocarray(nl->links, nl->clinks * 2 + 8,
				 sizeof(*p))) == NULL)
				return -ENOMEM;
			nl->links = p;
			nl->clinks = nl->clinks * 2 + 8;
		}
		l = &nl->links[nl->nlinks++];
		l->ifindex = ifindex;
		l->running = false;
	}
	if (l->running == running)
		return 0;
	l->running = running;
	if (report)
		emit(nl, running ? MIP_LINK_UP : MIP_LINK_DOWN, ifindex, none,
		    0);
	return 0;
}

static void
link_gone(struct plat_nl *nl, uint32_t ifindex)
{
	struct plat_nl_link *l;
	struct mip_ip4 none = { 0 };
	bool running;

	if ((l = link_find(nl, ifindex)) == NULL)
		return;
	running = l->running;
	*l = nl->links[--nl->nlinks];
	if (running)
		emit(nl, MIP_LINK_DOWN, ifindex, none, 0);
}

/* A device's own message: AF_BRIDGE ones are about bridge ports (their
 * RTM_DELLINK means "left the bridge", not "gone"). */
static bool
is_link(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	return mnl_nlmsg_get_payload_len(nlh) >= sizeof(*ifi) &&
	    ifi->ifi_family == AF_UNSPEC && ifi->ifi_index > 0;
}

struct link_walk {
	struct plat_nl *nl;
	bool report;
	int err;
};

static int
link_walk_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct link_walk *w = arg;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	int err;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    ifi->ifi_index <= 0)
		return MNL_CB_OK;
	err = link_state(w->nl, (uint32_t)ifi->ifi_index,
	    (ifi->ifi_flags & RUNNING) == RUNNING, w->report);
	if (err != 0 && w->err == 0)
		w->err = err;
	return MNL_CB_OK;
}

/* Every link's state from a dump; with |report| the changes since the
 * last look (after notifications were lost). */
static int
link_walk(struct plat_nl *nl, bool report)
{
	char req[NLMSG_HDRLEN + 64] __attribute__((aligned(8)));
	struct link_walk w = { nl, report, 0 };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	int err;

	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if ((err = plat_nl_request(nl, nlh, link_walk_cb, &w)) == 0)
		err = w.err;
	if (err != 0)
		plat_log(
		    PLAT_LOG_ERR, "netlink: link dump: %s", strerror(-err));
	return err;
}

static int
mon_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct plat_nl *nl = arg;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct mip_ip4 a;
	uint32_t ifindex;
	uint8_t plen;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (!is_link(nlh))
			break;
		if (nlh->nlmsg_type == RTM_DELLINK)
			link_gone(nl, (uint32_t)ifi->ifi_index);
		else if (link_state(nl, (uint32_t)ifi->ifi_index,
			     (ifi->ifi_flags & RUNNING) == RUNNING, true) != 0)
			plat_log(PLAT_LOG_ERR, "netlink monitor: %s",
			    strerror(ENOMEM));
		break;
	case RTM_NEWADDR:
		if (parse_addr(nlh, &ifindex, &a, &plen))
			emit(nl, MIP_LINK_ADDR, ifindex, a, plen);
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static void
mon_io(void *arg, uint32_t events)
{
	struct plat_nl *nl = arg;
	int fd = mnl_socket_get_fd(nl->mon);
	ssize_t n;

	(void)events;
	for (;;) {
		n = recv(fd, nl->mbuf, sizeof(nl->mbuf), MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == ENOBUFS) {
			/* Notifications were lost: look at every link anew. */
			plat_log(PLAT_LOG_WARNING,
			    "netlink monitor: overrun, rereading links");
			link_walk(nl, true);
			continue;
		}
		if (n == -1) {
			if (errno != EAGAIN)
				plat_log(PLAT_LOG_ERR, "netlink monitor: %s",
				    strerror(errno));
			return;
		}
		if (mnl_cb_run(nl->mbuf, (size_t)n, 0, 0, mon_cb, nl) ==
		    MNL_CB_ERROR)
			plat_log(PLAT_LOG_WARNING,
			    "netlink monitor: bad notification: %s",
			    strerror(errno));
	}
}

int
plat_nl_monitor(
    struct plat_nl *nl, struct plat_loop *loop, plat_link_fn *fn, void *arg)
{
	int err;

	if (nl->mon != NULL)
		return -EALREADY;
	nl->mon = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (nl->mon == NULL) {
		err = -errno;
		plat_log(PLAT_LOG_ERR, "netlink monitor: socket: %s",
		    strerror(errno));
		return err;
	}
	if (mnl_socket_bind(nl->mon, RTMGRP_LINK | RTMGRP_IPV4_IFADDR,
		MNL_SOCKET_AUTOPID) == -1) {
		err = -errno;
		plat_log(
		    PLAT_LOG_ERR, "netlink monitor: bind: %s", strerror(errno));
		goto fail;
	}
	/* Subscribed first, then the initial states: no change is missed. */
	nl->fn = fn;
	nl->arg = arg;
	if ((err = plat_nl_rcvbuf(nl->mon)) != 0 ||
	    (err = link_walk(nl, false)) != 0)
		goto fail;
	if ((err = plat_loop_add(
		 loop, mnl_socket_get_fd(nl->mon), EPOLLIN, mon_io, nl)) != 0) {
		plat_log(PLAT_LOG_ERR, "netlink monitor: %s", strerror(-err));
		goto fail;
	}
	nl->loop = loop;
	return 0;
fail:
	mnl_socket_close(nl->mon);
	nl->mon = NULL;
	return err;
}
