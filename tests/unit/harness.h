/* SPDX-License-Identifier: ISC */
/*
 * Role-engine test harness: builds a mip_node from a config, injects
 * packets, link events, commands and the passage of time, and collects the
 * actions it emits (copying sent bytes, which the node only lends) so that
 * tests assert on the exact action sequence. Time starts at a fixed wall
 * clock so timestamp identifications are reproducible.
 */
#ifndef MIP_TEST_HARNESS_H
#define MIP_TEST_HARNESS_H

#include <stdio.h>

#include "helper.h"
#include "mip/mip_node.h"

#define H_MAX_ACTIONS 256
#define H_MAX_BYTES 2048

/* One collected action; |bytes| holds a copy of a send's payload. */
struct h_action {
	struct mip_action act;
	uint8_t bytes[H_MAX_BYTES];
};

struct harness {
	struct mip_node *node;
	struct test_mem tm;
	struct test_rand tr;
	struct mip_now now;
	struct h_action acts[H_MAX_ACTIONS];
	size_t nacts;
};

/* NTP seconds of the harness epoch (2026-01-01T00:00:00Z). */
#define H_NTP_EPOCH 3976214400ULL

/* h_init builds the node (fails the test if it cannot), mono = 1 s. */
void h_init(struct harness *h, const struct mip_node_config *cfg);
void h_free(struct harness *h);

/* Event injectors; each drains the action queue into h->acts (cleared). */
void h_udp(struct harness *h, uint32_t ifindex, struct mip_ip4 src,
    struct mip_ip4 dst, uint16_t sport, uint8_t ttl, const uint8_t *data,
    size_t len);
void h_udp_hw(struct harness *h, uint32_t ifindex, struct mip_ip4 src,
    struct mip_ip4 dst, uint16_t sport, uint8_t ttl,
    const uint8_t hw[MIP_HWADDR_LEN], const uint8_t *data, size_t len);
void h_icmp(struct harness *h, uint32_t ifindex, struct mip_ip4 src,
    struct mip_ip4 dst, const uint8_t hw[MIP_HWADDR_LEN], const uint8_t *data,
    size_t len);
void h_link(struct harness *h, const struct mip_link_event *ev);
int h_cmd(struct harness *h, enum mip_cmd_kind kind, struct mip_ip4 home);

/* h_advance moves time forward by |d| ns, firing timers as they fall due
 * (in deadline order); actions of every firing are collected. */
void h_advance(struct harness *h, mip_duration d);

/* The |n|th (0-based) collected action of |type|, or NULL. */
const struct h_action *h_find(
    const struct harness *h, enum mip_action_type type, size_t n);
/* How many collected actions have |type|. */
size_t h_count(const struct harness *h, enum mip_action_type type);
/* The |n|th collected MIP_ACT_NOTIFY with |what|, or NULL. */
const struct mip_act_notify *h_note(
    const struct harness *h, enum mip_note what, size_t n);

static inline struct mip_ip4
ip4(const char *dotted)
{
	unsigned a, b, c, d;
	struct mip_ip4 r = { 0 };

	if (sscanf(dotted, "%u.%u.%u.%u", &a, &b, &c, &d) == 4)
		r = mip_ip4_make(
		    (uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)d);
	return r;
}

#endif
