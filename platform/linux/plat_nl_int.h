/* SPDX-License-Identifier: ISC */
/*
 * Inside plat_nl: the batch of queued requests (plat_nl.c), the dumps and
 * the flush of our own entries (plat_nl_dump.c), interface facts and the
 * link monitor (plat_nl_mon.c).
 */
#ifndef PLAT_NL_INT_H
#define PLAT_NL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "plat_log.h"
#include "plat_nl.h"

/*
 * One sendmsg carries at most PLAT_NL_BATCH bytes and PLAT_NL_OPS
 * requests. Each request is answered by an ACK the kernel queues on our
 * socket before sendmsg returns, so the receive buffer must hold them all
 * (an ACK costs about 1 KiB of buffer accounting): PLAT_NL_RCVBUF.
 */
#define PLAT_NL_BATCH (64U * 1024U)
#define PLAT_NL_MSG_MAX 512U /* the largest request, also a dumped copy */
#define PLAT_NL_OPS 1024U
#define PLAT_NL_RCVBUF (4 * 1024 * 1024)
#define PLAT_NL_RECV 32768U /* one read of a dump (MNL_SOCKET_DUMP_SIZE) */

enum plat_nl_kind {
	PLAT_NL_ROUTE,
	PLAT_NL_RULE,
	PLAT_NL_NEIGH,
	PLAT_NL_PROXY,
};

/* What a queued request was, to name it when the kernel refuses it. */
struct plat_nl_op {
	enum plat_nl_kind kind;
	bool add;
	bool acked;
	uint8_t plen;
	struct mip_ip4 addr;
	uint32_t ifindex;
	uint32_t table;
	uint32_t mark; /* a rule on a mark ("not fwmark"), else 0 */
};

/* Link state the monitor last saw, to report changes only. */
struct plat_nl_link {
	uint32_t ifindex;
	bool running; /* IFF_UP and IFF_LOWER_UP */
};

struct plat_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq; /* of the next request */

	char *buf; /* PLAT_NL_BATCH + PLAT_NL_MSG_MAX bytes */
	struct mnl_nlmsg_batch *batch;
	struct plat_nl_op ops[PLAT_NL_OPS];
	size_t nops, nacked;
	uint32_t seq0;	   /* of ops[0] */
	int first_err;	   /* first harmful failure since the last commit */
	unsigned long nok; /* requests the kernel carried out, ever */
	struct plat_ratelimit rl;

	struct mnl_socket *mon;
	struct plat_loop *loop;
	plat_link_fn *fn;
	void *arg;
	struct plat_nl_link *links;
	size_t nlinks, clinks;

	/* Answers on |sock| and notifications on |mon|: the monitor's
	 * callback may queue and commit while |mbuf| is being walked. */
	char rbuf[PLAT_NL_RECV] __attribute__((aligned(8)));
	char mbuf[PLAT_NL_RECV] __attribute__((aligned(8)));
};

/*
 * A fresh request of at most PLAT_NL_MSG_MAX bytes in the batch (which is
 * sent first when it has no room left), its header in place with |type|,
 * |flags| (NLM_F_REQUEST and NLM_F_ACK added) and its sequence number;
 * |op| names it in error messages. plat_nl_queued ends it once its
 * family header and attributes are written.
 */
struct nlmsghdr *plat_nl_queue(struct plat_nl *nl, uint16_t type,
    uint16_t flags, const struct plat_nl_op *op);
void plat_nl_queued(struct plat_nl *nl);

/* Sends the batch and reads its ACKs; failures go to |first_err|. */
void plat_nl_send_batch(struct plat_nl *nl);

/* Sends |req| (commits the batch first) and hands every answer to |cb|
 * until NLMSG_DONE or the ACK. Returns 0 or a negative errno. */
int plat_nl_request(
    struct plat_nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *arg);

/*
 * Fills |tb| (|ntypes| entries, zeroed first) with the attributes of
 * |nlh| after its |hdrlen|-byte family header, each checked against
 * |types| (MNL_TYPE_UNSPEC: not wanted). Returns false when the message
 * is too short or a wanted attribute is malformed.
 */
bool plat_nl_attrs(const struct nlmsghdr *nlh, size_t hdrlen,
    const enum mnl_attr_data_type *types, uint16_t ntypes,
    const struct nlattr **tb);

int plat_nl_rcvbuf(struct mnl_socket *sock);

/* "a.b.c.d" into |buf| (INET_ADDRSTRLEN). */
const char *plat_nl_ip4str(struct mip_ip4 a, char *buf);
struct mip_ip4 plat_nl_ip4(const struct nlattr *attr);

#endif
