/* SPDX-License-Identifier: ISC */
/*
 * Dumps of the kernel's tables, and the flush of everything tagged
 * PLAT_RTPROT: what a daemon (this one or one that died) installed. Each
 * entry of ours goes back to the kernel as the delete of the very message
 * the dump gave, the way ip(8) flushes, so every attribute that identifies
 * it matches.
 */
#include <sys/socket.h>

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "plat_nl_int.h"

struct attr_want {
	const enum mnl_attr_data_type *types;
	uint16_t ntypes;
	const struct nlattr **tb;
	bool ok;
};

static int
attr_cb(const struct nlattr *attr, void *arg)
{
	struct attr_want *w = arg;
	uint16_t type = mnl_attr_get_type(attr);

	if (type >= w->ntypes || w->types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, w->types[type]) == -1) {
		w->ok = false;
		return MNL_CB_ERROR;
	}
	w->tb[type] = attr;
	return MNL_CB_OK;
}

bool
plat_nl_attrs(const struct nlmsghdr *nlh, size_t hdrlen,
    const enum mnl_attr_data_type *types, uint16_t ntypes,
    const struct nlattr **tb)
{
	struct attr_want w = { types, ntypes, tb, true };

	memset(tb, 0, ntypes * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < hdrlen)
		return false;
	mnl_attr_parse(nlh, (unsigned)hdrlen, attr_cb, &w);
	return w.ok;
}

int
plat_nl_request(
    struct plat_nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *arg)
{
	uint32_t seq;
	ssize_t n;
	int ret;

	/* What was queued before this request happens before it. */
	plat_nl_send_batch(nl);
	req->nlmsg_seq = seq = nl->seq++;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) == -1)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sock, nl->rbuf, sizeof(nl->rbuf));
		if (n == -1 && errno == EINTR) {
			ret = MNL_CB_OK;
			continue;
		}
		if (n == -1)
			return -errno;
		ret = mnl_cb_run(nl->rbuf, (size_t)n, seq, nl->portid, cb, arg);
	} while (ret > MNL_CB_STOP);
	return ret == MNL_CB_ERROR ? -errno : 0;
}

/* The entries of ours one dump found: their messages back to back and
 * what each is, to be deleted once the dump is over. */
struct found {
	enum plat_nl_kind kind;
	char *msgs;
	size_t len, cap;
	struct plat_nl_op *ops;
	size_t nops, cops;
	size_t toolong; /* entries we cannot send back: skipped */
	bool intr;	/* the table changed during the dump */
	int err;
};

static void
found_add(struct found *f, const struct nlmsghdr *nlh, struct plat_nl_op *op)
{
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);
	void *p;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		f->intr = true;
	if (f->err != 0)
		return;
	if (len > PLAT_NL_MSG_MAX) {
		f->toolong++; /* none we install is that long */
		return;
	}
	if (f->len + len > f->cap) {
		if ((p = realloc(f->msgs, f->cap * 2 + PLAT_NL_BATCH)) ==
		    NULL) {
			f->err = -ENOMEM;
			return;
		}
		f->msgs = p;
		f->cap = f->cap * 2 + PLAT_NL_BATCH;
	}
	if (f->nops == f->cops) {
		if ((p = reallocarray(
			 f->ops, f->cops * 2 + 64, sizeof(*f->ops))) == NULL) {
			f->err = -ENOMEM;
			return;
		}
		f->ops = p;
		f->cops = f->cops * 2 + 64;
	}
	memcpy(f->msgs + f->len, nlh, nlh->nlmsg_len);
	f->len += len;
	op->kind = f->kind;
	op->add = false;
	f->ops[f->nops++] = *op;
}

static const enum mnl_attr_data_type route_types[RTA_MAX + 1] = {
	[RTA_DST] = MNL_TYPE_U32,
	[RTA_OIF] = MNL_TYPE_U32,
	[RTA_TABLE] = MNL_TYPE_U32,
};

static int
route_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct found *f = arg;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	struct plat_nl_op op = { 0 };

	if (!plat_nl_attrs(nlh, sizeof(*rtm), route_types, RTA_MAX + 1, tb) ||
	    rtm->rtm_family != AF_INET || rtm->rtm_protocol != PLAT_RTPROT)
		return MNL_CB_OK;
	op.plen = rtm->rtm_dst_len;
	if (tb[RTA_DST] != NULL)
		op.addr = plat_nl_ip4(tb[RTA_DST]);
	if (tb[RTA_OIF] != NULL)
		op.ifindex = mnl_attr_get_u32(tb[RTA_OIF]);
	op.table = tb[RTA_TABLE] != NULL ? mnl_attr_get_u32(tb[RTA_TABLE])
					 : rtm->rtm_table;
	found_add(f, nlh, &op);
	return MNL_CB_OK;
}

static const enum mnl_attr_data_type rule_types[FRA_MAX + 1] = {
	[FRA_SRC] = MNL_TYPE_U32,
	[FRA_IIFNAME] = MNL_TYPE_NUL_STRING,
	[FRA_TABLE] = MNL_TYPE_U32,
	[FRA_PROTOCOL] = MNL_TYPE_U8,
};

static int
rule_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct found *f = arg;
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[FRA_MAX + 1];
	struct plat_nl_op op = { 0 };

	if (!plat_nl_attrs(nlh, sizeof(*frh), rule_types, FRA_MAX + 1, tb) ||
	    frh->family != AF_INET || tb[FRA_PROTOCOL] == NULL ||
	    mnl_attr_get_u8(tb[FRA_PROTOCOL]) != PLAT_RTPROT)
		return MNL_CB_OK;
	op.plen = frh->src_len;
	if (tb[FRA_SRC] != NULL)
		op.addr = plat_nl_ip4(tb[FRA_SRC]);
	if (tb[FRA_IIFNAME] != NULL)
		op.ifindex = if_nametoindex(mnl_attr_get_str(tb[FRA_IIFNAME]));
	op.table = tb[FRA_TABLE] != NULL ? mnl_attr_get_u32(tb[FRA_TABLE])
					 : frh->table;
	found_add(f, nlh, &op);
	return MNL_CB_OK;
}

static const enum mnl_attr_data_type neigh_types[NDA_MAX + 1] = {
	[NDA_DST] = MNL_TYPE_U32,
	[NDA_PROTOCOL] = MNL_TYPE_U8,
};

/* Neighbour and proxy entries alike: the dump's ndm_flags tell. */
static int
neigh_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct found *f = arg;
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NDA_MAX + 1];
	struct plat_nl_op op = { 0 };

	if (!plat_nl_attrs(nlh, sizeof(*ndm), neigh_types, NDA_MAX + 1, tb) ||
	    ndm->ndm_family != AF_INET || tb[NDA_PROTOCOL] == NULL ||
	    mnl_attr_get_u8(tb[NDA_PROTOCOL]) != PLAT_RTPROT)
		return MNL_CB_OK;
	op.plen = 32;
	if (tb[NDA_DST] != NULL)
		op.addr = plat_nl_ip4(tb[NDA_DST]);
	op.ifindex = (uint32_t)ndm->ndm_ifindex;
	found_add(f, nlh, &op);
	return MNL_CB_OK;
}

static const char *const table_names[] = {
	[PLAT_NL_ROUTE] = "routes",
	[PLAT_NL_RULE] = "rules",
	[PLAT_NL_NEIGH] = "neighbours",
	[PLAT_NL_PROXY] = "proxy entries",
};

/* Dumps one table with |hdr| as the family header and deletes ours;
 * |*again| when the dump may have missed some. */
static int
flush_pass(struct plat_nl *nl, uint16_t get, uint16_t del,
    enum plat_nl_kind kind, const void *hdr, size_t hdrlen, mnl_cb_t cb,
    bool *again)
{
	char req[NLMSG_HDRLEN + 64] __attribute__((aligned(8)));
	struct found f = { .kind = kind };
	struct nlmsghdr *nlh, *src;
	size_t i, off, plen;
	int err;

	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = get;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	memcpy(mnl_nlmsg_put_extra_header(nlh, hdrlen), hdr, hdrlen);
	if ((err = plat_nl_request(nl, nlh, cb, &f)) == 0)
		err = f.err;
	for (i = 0, off = 0; err == 0 && i < f.nops; i++) {
		src = (struct nlmsghdr *)(void *)(f.msgs + off);
		off += NLMSG_ALIGN(src->nlmsg_len);
		plen = mnl_nlmsg_get_payload_len(src);
		nlh = plat_nl_queue(nl, del, 0, &f.ops[i]);
		memcpy(mnl_nlmsg_put_extra_header(nlh, plen),
		    mnl_nlmsg_get_payload(src), plen);
		plat_nl_queued(nl);
	}
	free(f.msgs);
	free(f.ops);
	if (err == 0 && f.toolong > 0) {
		plat_log(PLAT_LOG_ERR,
		    "netlink: %zu of our %s too long to delete, left",
		    f.toolong, table_names[kind]);
		err = -EMSGSIZE;
	}
	*again = f.intr;
	return err;
}

/* A dump the kernel marks interrupted (NLM_F_DUMP_INTR) is run again. */
static int
flush_table(struct plat_nl *nl, uint16_t get, uint16_t del,
    enum plat_nl_kind kind, const void *hdr, size_t hdrlen, mnl_cb_t cb)
{
	bool again = true;
	int err = 0, tries;

	for (tries = 0; err == 0 && again && tries < 3; tries++)
		err = flush_pass(nl, get, del, kind, hdr, hdrlen, cb, &again);
	if (err != 0 && err != -EMSGSIZE)
		plat_log(PLAT_LOG_ERR, "netlink: flushing our %s: %s",
		    table_names[kind], strerror(-err));
	return err;
}

int
plat_nl_flush_own(struct plat_nl *nl, unsigned *removed)
{
	struct rtmsg rtm = { .rtm_family = AF_INET }; /* table 0: all */
	struct fib_rule_hdr frh = { .family = AF_INET };
	struct ndmsg ndm = { .ndm_family = AF_INET };
	struct ndmsg pndm = { .ndm_family = AF_INET, .ndm_flags = NTF_PROXY };
	unsigned long nok;
	int err[4], first, ret;
	size_t i;

	/* Failures queued before this call stay for the caller's commit. */
	plat_nl_send_batch(nl);
	first = nl->first_err;
	nl->first_err = 0;
	nok = nl->nok;
	/* One table that fails does not keep the others. */
	err[0] = flush_table(nl, RTM_GETROUTE, RTM_DELROUTE, PLAT_NL_ROUTE,
	    &rtm, sizeof(rtm), route_cb);
	err[1] = flush_table(nl, RTM_GETRULE, RTM_DELRULE, PLAT_NL_RULE, &frh,
	    sizeof(frh), rule_cb);
	err[2] = flush_table(nl, RTM_GETNEIGH, RTM_DELNEIGH, PLAT_NL_NEIGH,
	    &ndm, sizeof(ndm), neigh_cb);
	/* RTM_GETNEIGH with exactly NTF_PROXY dumps the proxy table. */
	err[3] = flush_table(nl, RTM_GETNEIGH, RTM_DELNEIGH, PLAT_NL_PROXY,
	    &pndm, sizeof(pndm), neigh_cb);
	plat_nl_send_batch(nl);
	ret = nl->first_err; /* of the deletes */
	for (i = 0; i < 4 && ret == 0; i++)
		ret = err[i];
	nl->first_err = first;
	if (removed != NULL)
		*removed = (unsigned)(nl->nok - nok);
	return ret;
}
