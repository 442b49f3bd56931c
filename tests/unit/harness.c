/* SPDX-License-Identifier: ISC */
/* Role-engine test harness; see harness.h. */
#include <string.h>

#include "harness.h"

static void
drain(struct harness *h, bool clear)
{
	struct mip_action a;

	if (clear)
		h->nacts = 0;
	while (mip_node_poll_action(h->node, &a) == 1) {
		struct h_action *slot;

		assert_true(h->nacts < H_MAX_ACTIONS);
		slot = &h->acts[h->nacts++];
		slot->act = a;
		if (a.type == MIP_ACT_SEND) {
			assert_true(a.u.send.len <= H_MAX_BYTES);
			memcpy(slot->bytes, a.u.send.data, a.u.send.len);
			slot->act.u.send.data = slot->bytes;
		}
	}
}

void
h_init(struct harness *h, const struct mip_node_config *cfg)
{
	memset(h, 0, sizeof(*h));
	test_mem_init(&h->tm, 0);
	test_rand_init(&h->tr, 42);
	h->now.mono = MIP_SEC;
	h->now.ntp = H_NTP_EPOCH << 32;
	assert_int_equal(
	    mip_node_new(&h->node, cfg, &h->tm.mem, &h->tr.rand, &h->now), 0);
	drain(h, true);
}

void
h_free(struct harness *h)
{
	mip_node_del(h->node);
	h->node = NULL;
	assert_int_equal(h->tm.live, 0);
}

static void
packet(struct harness *h, enum mip_pkt_kind kind, uint32_t ifindex,
    struct mip_ip4 src, struct mip_ip4 dst, uint16_t sport, uint8_t ttl,
    const uint8_t *hw, const uint8_t *data, size_t len)
{
	struct mip_pkt_in p;

	memset(&p, 0, sizeof(p));
	p.kind = kind;
	p.ifindex = ifindex;
	p.src = src;
	p.dst = dst;
	p.sport = sport;
	p.dport = kind == MIP_PKT_UDP ? 434 : 0;
	p.ttl = ttl;
	if (hw != NULL) {
		p.has_hwaddr = true;
		memcpy(p.src_hwaddr, hw, MIP_HWADDR_LEN);
	}
	p.data = data;
	p.len = len;
	assert_int_equal(mip_node_handle_packet(h->node, &p, &h->now), 0);
	drain(h, true);
}

void
h_udp(struct harness *h, uint32_t ifindex, struct mip_ip4 src,
    struct mip_ip4 dst, uint16_t sport, uint8_t ttl, const uint8_t *data,
    size_t len)
{
	packet(h, MIP_PKT_UDP, ifindex, src, dst, sport, ttl, NULL, data, len);
}

void
h_udp_hw(struct harness *h, uint32_t ifindex, struct mip_ip4 src,
    struct mip_ip4 dst, uint16_t sport, uint8_t ttl,
    const uint8_t hw[MIP_HWADDR_LEN], const uint8_t *data, size_t len)
{
	packet(h, MIP_PKT_UDP, ifindex, src, dst, sport, ttl, hw, data, len);
}

void
h_icmp(struct harness *h, uint32_t ifindex, struct mip_ip4 src,
    struct mip_ip4 dst, const uint8_t hw[MIP_HWADDR_LEN], const uint8_t *data,
    size_t len)
{
	packet(h, MIP_PKT_ICMP, ifindex, src, dst, 0, 1, hw, data, len);
}

void
h_link(struct harness *h, const struct mip_link_event *ev)
{
	assert_int_equal(mip_node_handle_link(h->node, ev, &h->now), 0);
	drain(h, true);
}

int
h_cmd(struct harness *h, enum mip_cmd_kind kind, struct mip_ip4 home)
{
	struct mip_cmd c = { .kind = kind, .home_addr = home };
	int rc = mip_node_handle_cmd(h->node, &c, &h->now);

	drain(h, true);
	return rc;
}

static void
set_time(struct harness *h, mip_tstamp mono)
{
	mip_duration d = mono - h->now.mono;
	/* NTP 32.32: seconds in the high half, 2^-32 s in the low half. */
	uint64_t frac = ((d % MIP_SEC) << 32) / MIP_SEC;

	h->now.ntp += ((d / MIP_SEC) << 32) + frac;
	h->now.mono = mono;
}

void
h_advance(struct harness *h, mip_duration d)
{
	mip_tstamp end = h->now.mono + d;

	h->nacts = 0;
	for (;;) {
		mip_tstamp next = mip_node_next_expiry(h->node);

		if (next == MIP_TSTAMP_NONE || next > end)
			break;
		if (next > h->now.mono)
			set_time(h, next);
		assert_int_equal(mip_node_handle_expiry(h->node, &h->now), 0);
		drain(h, false);
	}
	set_time(h, end);
}

const struct h_action *
h_find(const struct harness *h, enum mip_action_type type, size_t n)
{
	size_t i;

	for (i = 0; i < h->nacts; i++)
		if (h->acts[i].act.type == type && n-- == 0)
			return &h->acts[i];
	return NULL;
}

size_t
h_count(const struct harness *h, enum mip_action_type type)
{
	size_t i, c = 0;

	for (i = 0; i < h->nacts; i++)
		c += h->acts[i].act.type == type;
	return c;
}

const struct mip_act_notify *
h_note(const struct harness *h, enum mip_note what, size_t n)
{
	size_t i;

	for (i = 0; i < h->nacts; i++)
		if (h->acts[i].act.type == MIP_ACT_NOTIFY &&
		    h->acts[i].act.u.notify.what == what && n-- == 0)
			return &h->acts[i].act.u.notify;
	return NULL;
}
