/* SPDX-License-Identifier: ISC */
/*
 * rtnetlink requests for routes, rules, neighbour and proxy-ARP entries,
 * queued into one batch that goes out with a single sendmsg: at
 * plat_nl_commit, or earlier when the batch is full. Every request asks
 * for an ACK; the ACKs are read right after the send (the kernel has
 * queued them all by the time sendmsg returns) and each refusal is logged
 * with what it was about.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plat_nl_int.h"

static int
sockopt_on(struct plat_nl *nl, int opt, const char *name)
{
	int one = 1, err;

	if (mnl_socket_setsockopt(nl->sock, opt, &one, sizeof(one)) == -1) {
		err = errno;
		plat_log(PLAT_LOG_ERR, "netlink: %s: %s", name, strerror(err));
		return -err;
	}
	return 0;
}

/* Room for the ACKs of a whole batch, or a burst of notifications;
 * beyond net.core.rmem_max it takes CAP_NET_ADMIN. */
int
plat_nl_rcvbuf(struct mnl_socket *sock)
{
	int fd = mnl_socket_get_fd(sock), size = PLAT_NL_RCVBUF, err;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) ==
	    0)
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) == 0)
		return 0;
	err = errno;
	plat_log(
	    PLAT_LOG_ERR, "netlink: SO_RCVBUF %d: %s", size, strerror(err));
	return -err;
}

int
plat_nl_open(struct plat_nl **out)
{
	struct plat_nl *nl;
	int err;

	*out = NULL;
	if ((nl = calloc(1, sizeof(*nl))) == NULL)
		return -ENOMEM;
	nl->rl = (struct plat_ratelimit)PLAT_RATELIMIT_INIT(1000, 100);
	nl->seq = (uint32_t)time(NULL);
	/* Zeroed: libmnl leaves some alignment padding as it finds it. */
	if ((nl->buf = calloc(1, PLAT_NL_BATCH + PLAT_NL_MSG_MAX)) == NULL ||
	    (nl->batch = mnl_nlmsg_batch_start(nl->buf, PLAT_NL_BATCH)) ==
		NULL) {
		err = -ENOMEM;
		goto fail;
	}
	if ((nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) ==
	    NULL) {
		err = -errno;
		plat_log(PLAT_LOG_ERR, "netlink: socket: %s", strerror(errno));
		goto fail;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) == -1) {
		err = -errno;
		plat_log(PLAT_LOG_ERR, "netlink: bind: %s", strerror(errno));
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	/* An error ACK quotes only the request's header, and says why. */
	if ((err = sockopt_on(nl, NETLINK_CAP_ACK, "NETLINK_CAP_ACK")) != 0 ||
	    (err = sockopt_on(nl, NETLINK_EXT_ACK, "NETLINK_EXT_ACK")) != 0 ||
	    (err = plat_nl_rcvbuf(nl->sock)) != 0)
		goto fail;
	*out = nl;
	return 0;
fail:
	plat_nl_close(nl);
	return err;
}

void
plat_nl_close(struct plat_nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->nops > 0)
		plat_nl_send_batch(nl);
	if (nl->mon != NULL) {
		plat_loop_del(nl->loop, mnl_socket_get_fd(nl->mon));
		mnl_socket_close(nl->mon);
	}
	if (nl->sock != NULL)
		mnl_socket_close(nl->sock);
	if (nl->batch != NULL)
		mnl_nlmsg_batch_stop(nl->batch);
	free(nl->buf);
	free(nl->links);
	free(nl);
}

const char *
plat_nl_ip4str(struct mip_ip4 a, char *buf)
{
	struct in_addr in = { htonl(a.v) };

	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

struct mip_ip4
plat_nl_ip4(const struct nlattr *attr)
{
	struct mip_ip4 a = { ntohl(mnl_attr_get_u32(attr)) };

	return a;
}

struct nlmsghdr *
plat_nl_queue(struct plat_nl *nl, uint16_t type, uint16_t flags,
    const struct plat_nl_op *op)
{
	struct nlmsghdr *nlh;

	if (PLAT_NL_BATCH - mnl_nlmsg_batch_size(nl->batch) < PLAT_NL_MSG_MAX ||
	    nl->nops == PLAT_NL_OPS)
		plat_nl_send_batch(nl);
	nlh = mnl_nlmsg_put_header(mnl_nlmsg_batch_current(nl->batch));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
	nlh->nlmsg_seq = nl->seq++;
	if (nl->nops == 0)
		nl->seq0 = nlh->nlmsg_seq;
	nl->ops[nl->nops] = *op;
	nl->ops[nl->nops].acked = false;
	nl->nops++;
	return nlh;
}

void
plat_nl_queued(struct plat_nl *nl)
{
	/* Cannot overflow: plat_nl_queue left PLAT_NL_MSG_MAX bytes. */
	mnl_nlmsg_batch_next(nl->batch);
}

/* "route add 192.0.2.10/32 dev 3 table 254" and the like. */
static void
op_describe(const struct plat_nl_op *op, char *buf, size_t len)
{
	char a[INET_ADDRSTRLEN];
	const char *verb = op->add ? "add" : "del";

	plat_nl_ip4str(op->addr, a);
	switch (op->kind) {
	case PLAT_NL_ROUTE:
		snprintf(buf, len, "route %s %s/%u dev %u table %u", verb, a,
		    op->plen, op->ifindex, op->table);
		return;
	case PLAT_NL_RULE:
		if (op->mark != 0)
			snprintf(buf, len, "rule %s not fwmark %#x table %u",
			    verb, op->mark, op->table);
		else
			snprintf(buf, len, "rule %s from %s iif %u table %u",
			    verb, a, op->ifindex, op->table);
		return;
	case PLAT_NL_NEIGH:
		snprintf(
		    buf, len, "neighbour %s %s dev %u", verb, a, op->ifindex);
		return;
	case PLAT_NL_PROXY:
		snprintf(
		    buf, len, "proxy-arp %s %s dev %u", verb, a, op->ifindex);
		return;
	}
	snprintf(buf, len, "request");
}

static int
ext_ack_cb(const struct nlattr *attr, void *arg)
{
	const char **msg = arg;

	if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG ||
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == -1)
		return MNL_CB_OK;
	*msg = mnl_attr_get_str(attr);
	return MNL_CB_STOP;
}

/* The kernel's own words about a refusal (NETLINK_EXT_ACK), or "". */
static const char *
ext_ack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const char *msg = "";
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return msg;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg))
			return msg;
		off += e->msg.nlmsg_len - sizeof(e->msg);
	}
	if (off > mnl_nlmsg_get_payload_len(nlh))
		return msg;
	mnl_attr_parse(nlh, (unsigned)off, ext_ack_cb, &msg);
	return msg;
}

/* A repeat of what is already so is no failure. */
static bool
harmless(const struct plat_nl_op *op, int err)
{
	if (op->add)
		return err == EEXIST;
	return err == ENOENT || err == ESRCH;
}

static void
op_log(
    struct plat_nl *nl, const struct plat_nl_op *op, int err, const char *why)
{
	char what[96];

	op_describe(op, what, sizeof(what));
	plat_log_limited(&nl->rl, PLAT_LOG_ERR, "netlink: %s: %s%s%s", what,
	    strerror(err), *why != '\0' ? ": " : "", why);
}

static void
op_failed(
    struct plat_nl *nl, const struct plat_nl_op *op, int err, const char *why)
{
	op_log(nl, op, err, why);
	if (nl->first_err == 0)
		nl->first_err = -err;
}

static int
ack_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct plat_nl *nl = arg;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct plat_nl_op *op;
	uint32_t i;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return MNL_CB_OK;
	i = e->msg.nlmsg_seq - nl->seq0;
	if (i >= nl->nops || nl->ops[i].acked)
		return MNL_CB_OK; /* not an answer to this batch */
	op = &nl->ops[i];
	op->acked = true;
	nl->nacked++;
	if (e->error == 0)
		nl->nok++;
	else if (!harmless(op, -e->error))
		op_failed(nl, op, -e->error, ext_ack_msg(nlh));
	return MNL_CB_OK;
}

/* Every ACK is queued before sendmsg returns: read until all are in. */
static void
read_acks(struct plat_nl *nl)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = ack_cb };
	int fd = mnl_socket_get_fd(nl->sock), err = 0;
	ssize_t n;

	while (nl->nacked < nl->nops) {
		n = recv(fd, nl->rbuf, sizeof(nl->rbuf), MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == ENOBUFS) {
			/* Overrun: some ACKs were dropped; read the rest. */
			err = ENOBUFS;
			continue;
		}
		if (n == -1) {
			if (errno != EAGAIN)
				err = errno;
			break;
		}
		if (mnl_cb_run2(nl->rbuf, (size_t)n, 0, nl->portid, NULL, nl,
			ctl, NLMSG_MIN_TYPE) == MNL_CB_ERROR) {
			err = errno;
			break;
		}
	}
	if (nl->nacked == nl->nops)
		return;
	if (err == 0)
		err = ENOBUFS;
	plat_log(PLAT_LOG_ERR,
	    "netlink: no answer to %zu of %zu requests (%s): their outcome "
	    "is unknown",
	    nl->nops - nl->nacked, nl->nops, strerror(err));
	if (nl->first_err == 0)
		nl->first_err = -err;
}

void
plat_nl_send_batch(struct plat_nl *nl)
{
	int err;

	if (nl->nops == 0)
		return;
	nl->nacked = 0;
	if (mnl_socket_sendto(nl->sock, mnl_nlmsg_batch_head(nl->batch),
		mnl_nlmsg_batch_size(nl->batch)) == -1) {
		err = errno;
		plat_log(PLAT_LOG_ERR, "netlink: sending %zu requests: %s",
		    nl->nops, strerror(err));
		if (nl->first_err == 0)
			nl->first_err = -err;
	} else
		read_acks(nl);
	mnl_nlmsg_batch_reset(nl->batch);
	nl->nops = 0;
}

int
plat_nl_commit(struct plat_nl *nl)
{
	int err;

	plat_nl_send_batch(nl);
	err = nl->first_err;
	nl->first_err = 0;
	return err;
}

static uint16_t
add_flags(bool add, uint16_t create)
{
	return add ? (uint16_t)(NLM_F_CREATE | create) : 0;
}

int
plat_nl_route(struct plat_nl *nl, bool add, struct mip_ip4 dst, uint8_t plen,
    uint32_t oif, struct mip_ip4 gw, uint32_t table)
{
	struct plat_nl_op op = { .kind = PLAT_NL_ROUTE,
		.add = add,
		.plen = plen,
		.addr = dst,
		.ifindex = oif,
		.table = table != 0 ? table : RT_TABLE_MAIN };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	if (plen > 32)
		return -EINVAL;
	/* Replace: our route wins over one the kernel already had. */
	nlh = plat_nl_queue(nl, add ? RTM_NEWROUTE : RTM_DELROUTE,
	    add_flags(add, NLM_F_REPLACE), &op);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = plen;
	rtm->rtm_table = op.table < 256 ? (uint8_t)op.table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = PLAT_RTPROT; /* on delete: only ours matches */
	rtm->rtm_type = RTN_UNICAST;
	if (!add)
		rtm->rtm_scope = RT_SCOPE_NOWHERE; /* any scope */
	else if (gw.v == 0)
		rtm->rtm_scope = RT_SCOPE_LINK;
	else
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put_u32(nlh, RTA_TABLE, op.table);
	mnl_attr_put_u32(nlh, RTA_DST, htonl(dst.v));
	if (oif != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, oif);
	if (gw.v != 0)
		mnl_attr_put_u32(nlh, RTA_GATEWAY, htonl(gw.v));
	plat_nl_queued(nl);
	return 0;
}

/* A rule of |op| to its table at |prio|, queued for the caller's
 * selectors; the caller ends it with plat_nl_queued. */
static struct nlmsghdr *
queue_rule(struct plat_nl *nl, const struct plat_nl_op *op, uint32_t prio,
    struct fib_rule_hdr **frh)
{
	struct nlmsghdr *nlh;

	/* Exclusive: a repeated rule is -EEXIST, never a second copy. */
	nlh = plat_nl_queue(nl, op->add ? RTM_NEWRULE : RTM_DELRULE,
	    add_flags(op->add, NLM_F_EXCL), op);
	*frh = mnl_nlmsg_put_extra_header(nlh, sizeof(**frh));
	(*frh)->family = AF_INET;
	(*frh)->table = op->table < 256 ? (uint8_t)op->table : RT_TABLE_UNSPEC;
	(*frh)->action = FR_ACT_TO_TBL;
	mnl_attr_put_u32(nlh, FRA_TABLE, op->table);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, prio);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, PLAT_RTPROT);
	return nlh;
}

int
plat_nl_rule(struct plat_nl *nl, bool add, struct mip_ip4 src, uint32_t iif,
    uint32_t table, uint32_t prio)
{
	struct plat_nl_op op = { .kind = PLAT_NL_RULE,
		.add = add,
		.plen = 32,
		.addr = src,
		.ifindex = iif,
		.table = table != 0 ? table : RT_TABLE_MAIN };
	char ifname[IF_NAMESIZE];
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;
	int err;

	/* Rules name their input interface: FRA_IIFNAME. */
	if (iif != 0 && if_indextoname(iif, ifname) == NULL) {
		err = errno;
		op_log(nl, &op, err, "no input interface of that index");
		return -err;
	}
	nlh = queue_rule(nl, &op, prio, &frh);
	frh->src_len = 32;
	mnl_attr_put_u32(nlh, FRA_SRC, htonl(src.v));
	if (iif != 0)
		mnl_attr_put_strz(nlh, FRA_IIFNAME, ifname);
	plat_nl_queued(nl);
	return 0;
}

int
plat_nl_rule_nomark(
    struct plat_nl *nl, bool add, uint32_t mark, uint32_t table, uint32_t prio)
{
	struct plat_nl_op op = { .kind = PLAT_NL_RULE,
		.add = add,
		.table = table != 0 ? table : RT_TABLE_MAIN,
		.mark = mark };
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;

	if (mark == 0)
		return -EINVAL;
	nlh = queue_rule(nl, &op, prio, &frh);
	frh->flags = FIB_RULE_INVERT;
	mnl_attr_put_u32(nlh, FRA_FWMARK, mark);
	mnl_attr_put_u32(nlh, FRA_FWMASK, 0xffffffffU);
	plat_nl_queued(nl);
	return 0;
}

/* A neighbour entry with |hw|, or a proxy entry (NTF_PROXY). */
static void
queue_neigh(struct plat_nl *nl, bool add, bool proxy, uint32_t ifindex,
    struct mip_ip4 addr, const uint8_t *hw)
{
	struct plat_nl_op op = { .kind = proxy ? PLAT_NL_PROXY : PLAT_NL_NEIGH,
		.add = add,
		.plen = 32,
		.addr = addr,
		.ifindex = ifindex };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	/* Replace: a new hardware address overwrites the old one. */
	nlh = plat_nl_queue(nl, add ? RTM_NEWNEIGH : RTM_DELNEIGH,
	    add_flags(add, NLM_F_REPLACE), &op);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = (int)ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	ndm->ndm_flags = proxy ? NTF_PROXY : 0;
	ndm->ndm_type = RTN_UNICAST;
	mnl_attr_put_u32(nlh, NDA_DST, htonl(addr.v));
	if (!proxy && add)
		mnl_attr_put(nlh, NDA_LLADDR, MIP_HWADDR_LEN, hw);
	if (add)
		mnl_attr_put_u8(nlh, NDA_PROTOCOL, PLAT_RTPROT);
	plat_nl_queued(nl);
}

int
plat_nl_neigh(struct plat_nl *nl, bool add, uint32_t ifindex,
    struct mip_ip4 addr, const uint8_t hw[MIP_HWADDR_LEN])
{
	queue_neigh(nl, add, false, ifindex, addr, hw);
	return 0;
}

int
plat_nl_proxy(
    struct plat_nl *nl, bool add, uint32_t ifindex, struct mip_ip4 addr)
{
	queue_neigh(nl, add, true, ifindex, addr, NULL);
	return 0;
}
