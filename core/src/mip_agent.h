/* SPDX-License-Identifier: ISC */
/*
 * The agent advertiser's internals (RFC 5944 2.3), shared by mip_agent.c
 * (links, advertisements, solicitations, challenges) and
 * mip_agent_timers.c (the advertisement timer), plus the small interface
 * the foreign agent uses to ask whether a challenge in a Registration
 * Request is one this node advertised (RFC 4721). The node context points
 * at the advertiser (ctx->agent) so the foreign agent can reach it.
 */
#ifndef MIP_AGENT_H
#define MIP_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip_ctx.h"
#include "mip_timer.h"

/* RFC 4721 3.1: challenges are at least 32 bits; we send 128. */
#define MIP_AGENT_CHALLENGE_LEN 16
/* RFC 4721 (CHALLENGE_WINDOW): the last two advertised are acceptable. */
#define MIP_AGENT_CHALLENGE_WINDOW 2
/* Older challenges are still recognised (and refused as stale). */
#define MIP_AGENT_CHALLENGE_HISTORY 8

/* One challenge an advertisement carried. */
struct mip_agent_challenge {
	uint8_t v[MIP_AGENT_CHALLENGE_LEN];
	uint32_t serial; /* 1 for the link's first challenge */
	bool used;	 /* a relayed request already carried it */
};

/* One link the node advertises on: an FA link, the HA's home link, or both. */
struct mip_agent_link {
	struct mip_agent *agent;
	uint32_t ifindex;
	struct mip_ip4 addr; /* the interface address: router entry, source */
	uint8_t plen;	     /* Prefix-Lengths extension */
	bool fa;	     /* F set; |coa| advertised */
	bool ha;	     /* H set */
	struct mip_ip4 coa;
	uint16_t flags;		/* MIP_ADV_F_* */
	uint16_t reg_lifetime;	/* seconds */
	uint16_t icmp_lifetime; /* seconds */
	mip_duration interval;	/* nominal; 0: only answer solicitations */
	uint16_t seq;		/* the next advertisement's sequence number */
	bool challenge;		/* RFC 4721 challenge advertised */
	struct mip_agent_challenge chal[MIP_AGENT_CHALLENGE_HISTORY];
	uint32_t chal_serial; /* serial of the newest challenge, 0: none */
	struct mip_ratelimit sol_rl; /* answers to solicitations */
	struct mip_timer timer;	     /* the next periodic advertisement */
};

struct mip_agent {
	struct mip_ctx *ctx;
	struct mip_agent_link *links;
	size_t nlinks;
	bool home_agent; /* the node has the home agent role */
};

/* What the foreign agent learns about a challenge it received. */
enum mip_agent_chal {
	MIP_AGENT_CHAL_FRESH,	/* one of the last CHALLENGE_WINDOW, unused */
	MIP_AGENT_CHAL_UNKNOWN, /* RFC 4721: 104, never advertised here */
	MIP_AGENT_CHAL_STALE,	/* RFC 4721: 106, too old or already used */
};

/*
 * mip_agent_challenge_check classifies challenge |c| (|len| octets)
 * received on link |ifindex| against the challenges the advertiser sent
 * there. |agent| may be NULL (then every challenge is unknown). Changes
 * nothing.
 */
enum mip_agent_chal mip_agent_challenge_check(const struct mip_agent *agent,
    uint32_t ifindex, const uint8_t *c, size_t len);

/*
 * mip_agent_challenge_use marks challenge |c| on link |ifindex| as used,
 * so a replayed request carrying it is stale (RFC 4721). Call it only
 * after the request passed every check. Unknown challenges are ignored.
 */
void mip_agent_challenge_use(
    struct mip_agent *agent, uint32_t ifindex, const uint8_t *c, size_t len);

/* mip_agent_is_home_agent tells whether the node also serves as an HA. */
bool mip_agent_is_home_agent(const struct mip_agent *agent);

/* ---- between mip_agent.c and mip_agent_timers.c ---- */

/* mip_agent_advertise sends one periodic advertisement on |l|. */
void mip_agent_advertise(struct mip_agent_link *l, const struct mip_now *now);

/*
 * Timer hooks (mip_agent_timers.c). agent_timers_link_up prepares the
 * link's timer and, when it advertises periodically, arms the first
 * advertisement for |now| (RFC 5944 2.3.2: sequence number 0 first);
 * returns 0 or MIP_ERR_NOMEM. agent_timers_link_down disarms it.
 */
int agent_timers_link_up(struct mip_agent_link *l, const struct mip_now *now);
void agent_timers_link_down(struct mip_agent_link *l);

#endif
