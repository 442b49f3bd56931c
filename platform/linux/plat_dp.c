/* SPDX-License-Identifier: ISC */
/*
 * The TUN data plane (plat_dp.h): opening and closing, the event loop
 * glue, counters and drops. The paths themselves are in plat_dp_encap.c
 * and plat_dp_raw.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "plat_dp_int.h"

#define DP_MTU_DEFAULT 1480U /* 1500 less IP in IP (RFC 2003) */

static const char *const drop_names[PLAT_DP_DROP__COUNT] = {
	[PLAT_DP_DROP_NO_TUNNEL] = "no_tunnel",
	[PLAT_DP_DROP_MALFORMED] = "malformed",
	[PLAT_DP_DROP_REVERSE] = "reverse",
	[PLAT_DP_DROP_TOO_BIG] = "too_big",
	[PLAT_DP_DROP_IO] = "io",
	[PLAT_DP_DROP_LOOP] = "loop",
	[PLAT_DP_DROP_TTL] = "ttl",
};

const char *
plat_dp_drop_name(enum plat_dp_drop d)
{
	if ((unsigned)d >= PLAT_DP_DROP__COUNT)
		return "unknown";
	return drop_names[d];
}

void
dp_drop(struct plat_dp *dp, enum plat_dp_drop why, const char *what)
{
	dp->st.drops[why]++;
	if (what != NULL)
		plat_log_limited(&dp->rl, PLAT_LOG_INFO, "%s: drop %s: %s",
		    dp->ifname, plat_dp_drop_name(why), what);
}

static int
dp_alloc(struct plat_dp *dp)
{
	dp->txq.slot_len = DP_HEADROOM + dp->mtu;
	dp->txq.slots = malloc(DP_BATCH * dp->txq.slot_len);
	dp->rxq.bufs = malloc((size_t)DP_RX_BATCH * DP_PKT_MAX);
	dp->tun_buf = malloc(DP_TUN_BUF);
	dp->seg_buf = malloc(DP_PKT_MAX);
	dp->frag_buf = malloc(dp->txq.slot_len);
	dp->fwd_buf = malloc(DP_PKT_MAX);
	dp->slots = calloc(DP_REPORT_SLOTS, sizeof(*dp->slots));
	if (dp->offload && (dp->gro.buf = malloc(DP_PKT_MAX)) == NULL)
		return -ENOMEM;
	if (dp->txq.slots == NULL || dp->rxq.bufs == NULL ||
	    dp->tun_buf == NULL || dp->seg_buf == NULL ||
	    dp->frag_buf == NULL || dp->fwd_buf == NULL || dp->slots == NULL)
		return -ENOMEM;
	return 0;
}

static int
dp_register(struct plat_dp *dp)
{
	int i, rc;

	if ((rc = plat_loop_add(
		 dp->loop, dp->tun_fd, EPOLLIN, dp_tun_input, dp)) != 0)
		return rc;
	for (i = 0; i < DP_RAW__COUNT; i++)
		if ((rc = plat_loop_add(dp->loop, dp->rx[i].fd, EPOLLIN,
			 dp_raw_input, &dp->rx[i])) != 0)
			return rc;
	return 0;
}

int
plat_dp_open(
    struct plat_dp **out, struct plat_loop *loop, const struct plat_dp_opts *o)
{
	struct plat_dp *dp;
	int i, rc;

	*out = NULL;
	if (o->mtu != 0 &&
	    (o->mtu < DP_MTU_MIN || o->mtu > DP_PKT_MAX - DP_HEADROOM))
		return -EINVAL;
	if ((dp = calloc(1, sizeof(*dp))) == NULL)
		return -ENOMEM;
	dp->tun_fd = dp->tx_fd = dp->mtu_fd = -1;
	for (i = 0; i < DP_RAW__COUNT; i++)
		dp->rx[i].fd = -1;
	dp->offload = o->offload;
	dp->mtu = o->mtu != 0 ? o->mtu : DP_MTU_DEFAULT;
	dp->rl = (struct plat_ratelimit)PLAT_RATELIMIT_INIT(1000, 10);
	if ((rc = dp_alloc(dp)) != 0 || (rc = dp_tun_open(dp, o)) != 0 ||
	    (rc = dp_raw_open(dp)) != 0) {
		plat_dp_close(dp);
		return rc;
	}
	/* Registered last: plat_dp_close takes them out again. */
	dp->loop = loop;
	if (loop != NULL && (rc = dp_register(dp)) != 0) {
		plat_log(PLAT_LOG_ERR, "%s: cannot watch the data plane: %s",
		    dp->ifname, strerror(-rc));
		plat_dp_close(dp);
		return rc;
	}
	plat_log(PLAT_LOG_INFO, "%s: data plane up, MTU %u, offloads %s",
	    dp->ifname, dp->mtu, dp->offload ? "on" : "off");
	*out = dp;
	return 0;
}

void
plat_dp_close(struct plat_dp *dp)
{
	int i;

	if (dp == NULL)
		return;
	if (dp->loop != NULL) {
		plat_loop_del(dp->loop, dp->tun_fd);
		for (i = 0; i < DP_RAW__COUNT; i++)
			plat_loop_del(dp->loop, dp->rx[i].fd);
	}
	dp_raw_close(dp);
	if (dp->tun_fd >= 0)
		close(dp->tun_fd);
	dp_tables_free(&dp->tb);
	free(dp->txq.slots);
	free(dp->rxq.bufs);
	free(dp->tun_buf);
	free(dp->seg_buf);
	free(dp->frag_buf);
	free(dp->fwd_buf);
	free(dp->slots);
	free(dp->gro.buf);
	free(dp);
}

int
plat_dp_poll(struct plat_dp *dp, int timeout_ms)
{
	struct pollfd pfd[1 + DP_RAW__COUNT];
	int i, n;

	pfd[0].fd = dp->tun_fd;
	for (i = 0; i < DP_RAW__COUNT; i++)
		pfd[1 + i].fd = dp->rx[i].fd;
	for (i = 0; i < 1 + DP_RAW__COUNT; i++) {
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	if ((n = poll(pfd, 1 + DP_RAW__COUNT, timeout_ms)) < 0)
		return errno == EINTR ? 0 : -errno;
	/* Decapsulate first: replies then leave in the same round. */
	for (i = 0; i < DP_RAW__COUNT; i++)
		if (pfd[1 + i].revents != 0)
			dp_raw_input(&dp->rx[i], (uint32_t)pfd[1 + i].revents);
	if (pfd[0].revents != 0)
		dp_tun_input(dp, (uint32_t)pfd[0].revents);
	return n;
}

void
plat_dp_set_report(struct plat_dp *dp, plat_dp_report_fn *fn, void *arg)
{
	dp->report = fn;
	dp->report_arg = arg;
}

uint32_t
plat_dp_ifindex(const struct plat_dp *dp)
{
	return dp->ifindex;
}

const char *
plat_dp_ifname(const struct plat_dp *dp)
{
	return dp->ifname;
}

void
plat_dp_stats(const struct plat_dp *dp, struct plat_dp_stats *out)
{
	*out = dp->st;
}
