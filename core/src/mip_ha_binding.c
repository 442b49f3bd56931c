/* SPDX-License-Identifier: ISC */
/*
 * The home agent's mobility binding list (RFC 5944 3.8.1, 3.8.2.2): a
 * fixed array of cfg.max_bindings slots shared by every mobile node, each
 * node's bindings linked from its entry; the per-mobile-node state (home or
 * away) with its one transition funnel; and the data-plane actions that go
 * with them (tunnel and host route per binding, 4.2.3; proxy ARP and
 * gratuitous ARP per away mobile node, 4.6). Decides nothing about whether
 * a registration is acceptable (mip_ha.c) and arms no timer itself
 * (mip_ha_timers.c).
 */
#include <string.h>

#include "mip_ha.h"

static const char *const ha_state_names[] = {
	[MIP_HA_MN_HOME] = "home",
	[MIP_HA_MN_AWAY] = "away",
};

_Static_assert(
    sizeof(ha_state_names) / sizeof(ha_state_names[0]) == MIP_HA_MN__COUNT,
    "one name per home agent state");

const char *
mip_ha_state_name(enum mip_ha_mn_state s)
{
	if ((unsigned)s >= MIP_HA_MN__COUNT)
		return "unknown";
	return ha_state_names[s];
}

struct mip_ha_mn *
mip_ha_mn_find(const struct mip_ha *ha, struct mip_ip4 home_addr)
{
	size_t lo = 0, hi = ha->nmns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t v = ha->mns[mid].home_addr.v;

		if (v == home_addr.v)
			return &ha->mns[mid];
		if (v < home_addr.v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct mip_ha_binding *
mip_ha_binding_find(const struct mip_ha_mn *mn, struct mip_ip4 coa)
{
	struct mip_ha_binding *b;

	for (b = mn->bindings; b != NULL; b = b->next)
		if (mip_ip4_eq(b->coa, coa))
			return b;
	return NULL;
}

bool
mip_ha_binding_room(const struct mip_ha *ha, const struct mip_ha_mn *mn,
    struct mip_ip4 coa, bool simultaneous)
{
	if (mip_ha_binding_find(mn, coa) != NULL)
		return true;
	if (ha->free != NULL)
		return true;
	/* Full, but the bindings this one replaces free their slots. */
	return !simultaneous && mn->nbindings > 0;
}

/* ---- data-plane actions ---- */

static void
tunnel_act(struct mip_ha *ha, const struct mip_ha_binding *b, bool add)
{
	struct mip_action *a = mip_outq_push(
	    &ha->ctx->out, add ? MIP_ACT_TUNNEL_ADD : MIP_ACT_TUNNEL_DEL);

	if (a == NULL)
		return;
	a->u.tunnel.id = b->tunnel_id;
	a->u.tunnel.encap = b->encap;
	/* RFC 5944 4.2.3: the outer source is the Home Agent field we sent. */
	a->u.tunnel.local = ha->cfg.addr;
	a->u.tunnel.remote = b->coa;
	a->u.tunnel.home_addr = b->mn->home_addr;
	/* RFC 3024 4.3.2: reverse-tunnelled packets only from this coa. */
	a->u.tunnel.reverse = (b->flags & MIP_RRQ_F_T) != 0;
	/* RFC 5944 4.3: broadcasts only to mobile nodes that set B. */
	a->u.tunnel.broadcast = (b->flags & MIP_RRQ_F_B) != 0;
	a->u.tunnel.colocated = (b->flags & MIP_RRQ_F_D) != 0;
	/* RO spec 3: special tunnels are unwrapped, never looped back. */
	a->u.tunnel.special = ha->ro != NULL;
}

static void
route_act(struct mip_ha *ha, const struct mip_ha_binding *b, bool add)
{
	struct mip_action *a = mip_outq_push(
	    &ha->ctx->out, add ? MIP_ACT_ROUTE_ADD : MIP_ACT_ROUTE_DEL);

	if (a == NULL)
		return;
	/* RFC 5944 4.2.3: a copy to each care-of address; one route each. */
	a->u.route.dst = b->mn->home_addr;
	a->u.route.plen = 32;
	a->u.route.tunnel_id = b->tunnel_id;
}

static void
binding_note(struct mip_ha *ha, const struct mip_ha_binding *b, bool add)
{
	struct mip_act_notify n;

	memset(&n, 0, sizeof(n));
	n.what = add ? MIP_NOTE_BINDING_ADD : MIP_NOTE_BINDING_DEL;
	n.role = MIP_ROLE_HA;
	n.home_addr = b->mn->home_addr;
	n.coa = b->coa;
	mip_ctx_notify(ha->ctx, &n);
}

static void
tunnel_up(struct mip_ha *ha, struct mip_ha_binding *b)
{
	b->tunnel_id = mip_ctx_tunnel_id(ha->ctx);
	tunnel_act(ha, b, true);
	route_act(ha, b, true);
}

static void
tunnel_down(struct mip_ha *ha, const struct mip_ha_binding *b)
{
	route_act(ha, b, false);
	tunnel_act(ha, b, false);
}

void
mip_ha_announce(struct mip_ha *ha, struct mip_ha_mn *mn, const uint8_t *hw)
{
	struct mip_action *a =
	    mip_outq_push(&ha->ctx->out, MIP_ACT_ARP_ANNOUNCE);

	if (a == NULL)
		return;
	a->u.neigh.ifindex = ha->cfg.home_ifindex;
	a->u.neigh.addr = mn->home_addr;
	memcpy(a->u.neigh.hwaddr, hw, MIP_HWADDR_LEN);
}

static void
proxy_act(struct mip_ha *ha, const struct mip_ha_mn *mn, bool add)
{
	struct mip_action *a = mip_outq_push(
	    &ha->ctx->out, add ? MIP_ACT_PROXY_ADD : MIP_ACT_PROXY_DEL);

	if (a == NULL)
		return;
	a->u.neigh.ifindex = ha->cfg.home_ifindex;
	a->u.neigh.addr = mn->home_addr;
	memcpy(a->u.neigh.hwaddr, ha->hwaddr, MIP_HWADDR_LEN);
}

/*
 * The transition funnel: the only writer of mn->state. Entering "away"
 * starts proxy ARP and announces the home agent's link-layer address for
 * the home address; entering "home" stops proxy ARP and, when the mobile
 * node's own link-layer address is known, announces that (RFC 5944 4.6).
 */
static void
mn_transition(struct mip_ha *ha, struct mip_ha_mn *mn, enum mip_ha_mn_state to,
    const uint8_t *hw, const struct mip_now *now)
{
	enum mip_ha_mn_state from = mn->state;
	struct mip_act_notify n;

	if (from == to)
		return;
	mn->state = to;
	memset(&n, 0, sizeof(n));
	n.what = MIP_NOTE_STATE;
	n.role = MIP_ROLE_HA;
	n.home_addr = mn->home_addr;
	n.code = (uint8_t)to;
	n.arg = (uint32_t)from;
	mip_ctx_notify(ha->ctx, &n);
	switch (to) {
	case MIP_HA_MN_AWAY:
		/* RFC 5944 4.6: proxy ARP, and a gratuitous ARP with the
		 * home agent's link-layer address, repeated a few times. */
		proxy_act(ha, mn, true);
		mip_ha_announce(ha, mn, ha->hwaddr);
		mip_ha_timers_announced(mn, ha->hwaddr, now);
		break;
	case MIP_HA_MN_HOME:
		/* RFC 5944 4.6: stop proxying, then announce the mobile
		 * node's own link-layer address when we know it. */
		proxy_act(ha, mn, false);
		mip_ha_timers_mn_stop(mn);
		if (hw != NULL) {
			mip_ha_announce(ha, mn, hw);
			mip_ha_timers_announced(mn, hw, now);
		}
		break;
	case MIP_HA_MN__COUNT:
		break;
	}
}

/* RO draft 4.3: peers holding a binding of |mn| hear of its change. */
static void
ro_changed(struct mip_ha *ha, struct mip_ha_mn *mn, const struct mip_now *now)
{
	if (ha->ro != NULL)
		mip_ha_ro_changed(ha, mn, now);
}

/* ---- the table ---- */

static void
unlink_binding(struct mip_ha *ha, struct mip_ha_binding *b)
{
	struct mip_ha_mn *mn = b->mn;
	struct mip_ha_binding **pp;

	mip_ha_timers_binding_removed(b);
	tunnel_down(ha, b);
	binding_note(ha, b, false);
	for (pp = &mn->bindings; *pp != NULL; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			break;
		}
	mn->nbindings--;
	ha->nbindings--;
	b->mn = NULL;
	b->next = ha->free;
	ha->free = b;
}

static void
drop_others(struct mip_ha *ha, struct mip_ha_mn *mn, struct mip_ip4 keep)
{
	struct mip_ha_binding *b = mn->bindings, *next;

	for (; b != NULL; b = next) {
		next = b->next;
		if (!mip_ip4_eq(b->coa, keep))
			unlink_binding(ha, b);
	}
}

static bool
same_tunnel(const struct mip_ha_binding *b, const struct mip_ha_binding_req *r)
{
	const uint8_t m = MIP_RRQ_F_T | MIP_RRQ_F_B | MIP_RRQ_F_D;

	return b->encap == r->encap && (b->flags & m) == (r->flags & m);
}

static void
binding_fill(struct mip_ha_binding *b, const struct mip_ha_binding_req *r)
{
	b->ident = r->ident;
	b->rep_ident = r->rep_ident;
	b->lifetime = r->lifetime;
	b->flags = r->flags;
	b->code = r->code;
	b->private_p = r->private_p;
	b->encap = r->encap;
}

static int
binding_refresh(struct mip_ha *ha, struct mip_ha_binding *b,
    const struct mip_ha_binding_req *r, const struct mip_now *now)
{
	bool retunnel = !same_tunnel(b, r);
	int rc;

	/* Re-arming a pending timer never needs memory; an infinite one may. */
	if ((rc = mip_ha_timers_binding_granted(b, r->lifetime, now)) != 0)
		return rc;
	if (retunnel)
		tunnel_down(ha, b);
	binding_fill(b, r);
	if (retunnel)
		tunnel_up(ha, b);
	return 0;
}

static int
binding_add(struct mip_ha *ha, struct mip_ha_mn *mn,
    const struct mip_ha_binding_req *r, const struct mip_now *now)
{
	struct mip_ha_binding *b = ha->free;
	int rc;

	if (b == NULL)
		return MIP_ERR_LIMIT;
	ha->free = b->next;
	b->mn = mn;
	b->coa = r->coa;
	if ((rc = mip_ha_timers_binding_granted(b, r->lifetime, now)) != 0) {
		b->mn = NULL;
		ha->free = b;
		return rc;
	}
	binding_fill(b, r);
	b->next = mn->bindings;
	mn->bindings = b;
	mn->nbindings++;
	ha->nbindings++;
	tunnel_up(ha, b);
	binding_note(ha, b, true);
	return 0;
}

int
mip_ha_binding_update(struct mip_ha *ha, struct mip_ha_mn *mn,
    const struct mip_ha_binding_req *r, bool simultaneous,
    const struct mip_now *now)
{
	struct mip_ha_binding *b = mip_ha_binding_find(mn, r->coa);
	int rc;

	if (!mip_ha_binding_room(ha, mn, r->coa, simultaneous))
		return MIP_ERR_LIMIT;
	if (b != NULL) {
		if ((rc = binding_refresh(ha, b, r, now)) != 0)
			return rc;
	} else {
		/*
		 * Replacing frees slots first so that a full table can still
		 * take the mobile node's new care-of address.
		 */
		if (!simultaneous && ha->free == NULL)
			drop_others(ha, mn, r->coa);
		if ((rc = binding_add(ha, mn, r, now)) != 0) {
			/* Out of memory after the old ones went: home. */
			if (mn->nbindings == 0)
				mn_transition(
				    ha, mn, MIP_HA_MN_HOME, NULL, now);
			return rc;
		}
	}
	/* RFC 5944 3.8.2.2: without S, the new binding replaces the rest. */
	if (!simultaneous)
		drop_others(ha, mn, r->coa);
	switch (mn->state) {
	case MIP_HA_MN_HOME:
		/* RFC 5944 3.8.2.2: a first binding follows 4.6. */
		mn_transition(ha, mn, MIP_HA_MN_AWAY, NULL, now);
		break;
	case MIP_HA_MN_AWAY:
	case MIP_HA_MN__COUNT:
		break;
	}
	ro_changed(ha, mn, now);
	return 0;
}

void
mip_ha_binding_remove(struct mip_ha *ha, struct mip_ha_binding *b,
    const uint8_t *hw, const struct mip_now *now)
{
	struct mip_ha_mn *mn = b->mn;

	unlink_binding(ha, b);
	if (mn->nbindings == 0)
		mn_transition(ha, mn, MIP_HA_MN_HOME, hw, now);
	ro_changed(ha, mn, now);
}

void
mip_ha_mn_flush(struct mip_ha *ha, struct mip_ha_mn *mn, const uint8_t *hw,
    const struct mip_now *now)
{
	struct mip_ha_binding *b, *next;

	for (b = mn->bindings; b != NULL; b = next) {
		next = b->next;
		unlink_binding(ha, b);
	}
	mn_transition(ha, mn, MIP_HA_MN_HOME, hw, now);
	ro_changed(ha, mn, now);
}

void
mip_ha_binding_expired(struct mip_ha_binding *b, const struct mip_now *now)
{
	/* RFC 5944 4.2.3: delete it, keep the others, send no reply. */
	mip_ha_binding_remove(b->ha, b, NULL, now);
}
