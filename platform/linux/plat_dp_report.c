/* SPDX-License-Identifier: ISC */
/*
 * The data plane's side of Route Optimization (plat_dp.h; mip_node.h
 * struct mip_traffic; sim/sim_fwd.c is the reference): traffic reports
 * for the node, rate-limited, and special tunnels (RO spec 3) read from
 * the TUN.
 *
 * The rate limit keeps the time of the last report of each key in a
 * fixed array of DP_REPORT_SLOTS slots chosen by hash: memory stays the
 * same whatever arrives, and a key that finds its slot taken by another
 * only gets its report through early.
 */
#include <string.h>
#include <time.h>

#include "plat_dp_int.h"

#define DP_REPORT_MS 1000U /* mip_node.h: one report a second per key */

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer. */
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

/* Hands |tr| over if it is due: the first of its key (mip_traffic_key)
 * at once, then at most one a second. The send batch keeps its tunnels
 * by id, so it need not be sent first. */
static void
report(struct plat_dp *dp, const struct mip_traffic *tr)
{
	uint64_t now = mono_ms() + 1; /* 0 marks a free slot */
	struct dp_report_slot *s;
	uint32_t key[4];

	s = &dp->slots[(mip_traffic_key(tr, key) >> 40) &
	    (DP_REPORT_SLOTS - 1)];
	if (s->last_ms != 0 && memcmp(s->key, key, sizeof(key)) == 0 &&
	    now - s->last_ms < DP_REPORT_MS)
		return;
	s->last_ms = now;
	memcpy(s->key, key, sizeof(key));
	dp->st.reports++;
	dp->report(dp->report_arg, tr);
}

void
dp_report_tunnelled(
    struct plat_dp *dp, uint32_t id, struct mip_ip4 src, struct mip_ip4 dst)
{
	struct mip_traffic tr;

	if (dp->report == NULL)
		return;
	memset(&tr, 0, sizeof(tr));
	tr.kind = MIP_TRAFFIC_TUNNELLED;
	tr.src = src;
	tr.dst = dst;
	tr.tunnel_id = id;
	report(dp, &tr);
}

void
dp_report_unmatched(
    struct plat_dp *dp, const struct mip_decap *d, uint32_t ifindex)
{
	struct mip_traffic tr;

	if (dp->report == NULL)
		return;
	mip_traffic_decap(&tr, MIP_TRAFFIC_UNMATCHED, d);
	tr.ifindex = ifindex;
	report(dp, &tr);
}

/* A special tunnel |d| reached tunnel |id| (MIP_TRAFFIC_SPECIAL). */
static void
report_special(struct plat_dp *dp, uint32_t id, const struct mip_decap *d)
{
	struct mip_traffic tr;

	if (dp->report == NULL)
		return;
	mip_traffic_decap(&tr, MIP_TRAFFIC_SPECIAL, d);
	tr.tunnel_id = id;
	report(dp, &tr);
}

bool
dp_special_input(struct plat_dp *dp, const uint8_t *pkt, size_t len)
{
	struct dp_tunnel *tv[DP_MAX_COPIES];
	uint32_t ids[DP_MAX_COPIES];
	bool sent[DP_MAX_COPIES];
	struct mip_decap d;
	size_t k, nt;
	int rc;

	if (!mip_encap_is_special(pkt, len))
		return false;
	if ((rc = mip_decap_packet(&d, pkt, len, NULL, 0, NULL)) != 0) {
		dp_drop(dp, PLAT_DP_DROP_MALFORMED, mip_strerror(rc));
		return true;
	}
	/* RO spec 3: past every tunnel route but those of special tunnels;
	 * with none, on by the host's other routes (the mark keeps it out
	 * of the TUN). */
	if ((nt = dp_route_tunnels(&dp->tb, d.outer.dst, true, tv)) == 0) {
		dp->st.special_past++;
		dp_send_raw(dp, pkt, d.outer.total_len);
		return true;
	}
	/* mip_node.h struct mip_act_tunnel |special|: the inner packet goes
	 * down the tunnel, unless the special tunnel came from the tunnel's
	 * own remote end, the current care-of address: never looped back
	 * (RO spec 3 step 3). */
	for (k = 0; k < nt; k++) {
		ids[k] = tv[k]->t.id;
		sent[k] = !mip_ip4_eq(d.outer.src, tv[k]->t.remote);
		if (!sent[k]) {
			dp_drop(dp, PLAT_DP_DROP_LOOP,
			    "special tunnel from the care-of address");
			continue;
		}
		dp->st.special_fwd++;
		dp_encap_one(dp, tv[k], d.inner, d.inner_len);
	}
	/* By id: the reports' actions may remove these tunnels. */
	for (k = 0; k < nt; k++) {
		if (sent[k])
			dp_report_tunnelled(
			    dp, ids[k], d.inner_hdr.src, d.inner_hdr.dst);
		report_special(dp, ids[k], &d);
	}
	return true;
}
