/* SPDX-License-Identifier: ISC */
/*
 * The foreign agent's visitor list (RFC 5944 3.7.1): a hash table of
 * entries keyed by home address, the per-entry state machine (its one
 * transition funnel, fa_transition, is the only writer of an entry's
 * state) and the data-plane actions of a visitor (RFC 5944 4.2.2, RFC 3024
 * 4.2): a static neighbour entry and an on-link host route to deliver to
 * it without ARP, the tunnel from its home agent, and the reverse-tunnel
 * rule when it asked for one. Timers are armed only through the hooks of
 * mip_fa_timers.c; nothing here reads or sends a message.
 */
#include <string.h>

#include "mip/mip_proto.h"
#include "mip_fa.h"

static const char *const state_names[] = {
	[MIP_FA_IDLE] = "idle",
	[MIP_FA_PENDING] = "pending",
	[MIP_FA_REGISTERED] = "registered",
	[MIP_FA_RENEWING] = "renewing",
};
_Static_assert(
    sizeof(state_names) / sizeof(state_names[0]) == MIP_FA_STATE__COUNT,
    "one name per foreign agent state");

const char *
mip_fa_state_name(enum mip_fa_state s)
{
	if ((unsigned)s >= MIP_FA_STATE__COUNT)
		return "unknown";
	return state_names[s];
}

/* ---- the table ---- */

static size_t
bucket_of(const struct mip_fa *fa, struct mip_ip4 home_addr)
{
	uint32_t h = home_addr.v * 2654435761U;

	return (size_t)(h ^ (h >> 16)) & (fa->nbuckets - 1);
}

int
mip_fa_table_init(struct mip_fa *fa)
{
	size_t n = 16;

	while (n < fa->max_visitors / 2 && n < 4096)
		n *= 2;
	fa->buckets = fa->ctx->mem.calloc(
	    n, sizeof(*fa->buckets), fa->ctx->mem.user_data);
	if (fa->buckets == NULL)
		return MIP_ERR_NOMEM;
	fa->nbuckets = n;
	return 0;
}

static void
entry_free(struct mip_fa_entry *e)
{
	struct mip_fa *fa = e->fa;
	struct mip_fa_entry **pp = &fa->buckets[bucket_of(fa, e->home_addr)];

	while (*pp != NULL && *pp != e)
		pp = &(*pp)->next;
	if (*pp == e)
		*pp = e->next;
	fa_timers_pending_done(e);
	fa_timers_visitor_gone(e);
	mip_fa_regkey_remove(e); /* an entry freed with the table */
	fa->nentries--;
	fa->ctx->mem.free(e, fa->ctx->mem.user_data);
}

void
mip_fa_table_free(struct mip_fa *fa)
{
	size_t i;

	if (fa->buckets == NULL)
		return;
	for (i = 0; i < fa->nbuckets; i++)
		while (fa->buckets[i] != NULL)
			entry_free(fa->buckets[i]);
	fa->ctx->mem.free(fa->buckets, fa->ctx->mem.user_data);
	fa->buckets = NULL;
}

static bool
has_pending(const struct mip_fa_entry *e)
{
	return e->state == MIP_FA_PENDING || e->state == MIP_FA_RENEWING;
}

static bool
has_reg(const struct mip_fa_entry *e)
{
	return e->state == MIP_FA_REGISTERED || e->state == MIP_FA_RENEWING;
}

struct mip_fa_entry *
mip_fa_find(const struct mip_fa *fa, struct mip_ip4 home_addr)
{
	struct mip_fa_entry *e;

	if (home_addr.v == 0)
		return NULL;
	for (e = fa->buckets[bucket_of(fa, home_addr)]; e != NULL; e = e->next)
		if (mip_ip4_eq(e->home_addr, home_addr))
			return e;
	return NULL;
}

struct mip_fa_entry *
mip_fa_find_pending(
    const struct mip_fa *fa, struct mip_ip4 home_addr, uint32_t ident_low)
{
	struct mip_fa_entry *e;

	/* RFC 5944 3.7.3.1: same home address and low 32 bits of the
   * Identification (spec sheet 4.7). */
	for (e = fa->buckets[bucket_of(fa, home_addr)]; e != NULL; e = e->next)
		if (mip_ip4_eq(e->home_addr, home_addr) && has_pending(e) &&
		    (uint32_t)e->pend.ident == ident_low)
			return e;
	return NULL;
}

struct mip_fa_entry *
mip_fa_entry_new(struct mip_fa *fa, struct mip_ip4 home_addr)
{
	struct mip_fa_entry *e;
	size_t b = bucket_of(fa, home_addr);

	e = fa->ctx->mem.calloc(1, sizeof(*e), fa->ctx->mem.user_data);
	if (e == NULL)
		return NULL;
	e->fa = fa;
	e->home_addr = home_addr;
	e->state = MIP_FA_IDLE;
	fa_timers_entry_init(e);
	e->next = fa->buckets[b];
	fa->buckets[b] = e;
	fa->nentries++;
	return e;
}

void
mip_fa_entry_discard(struct mip_fa_entry *e)
{
	if (e->state == MIP_FA_IDLE)
		entry_free(e);
}

/* ---- the transition funnel ---- */

/*
 * The only writer of e->state. Keeps the pending and visitor counts,
 * emits MIP_NOTE_STATE, and frees the entry when it falls back to IDLE.
 */
static void
fa_transition(struct mip_fa_entry *e, enum mip_fa_state to)
{
	struct mip_fa *fa = e->fa;
	enum mip_fa_state from = e->state;
	struct mip_act_notify n;

	if (from == to)
		return;
	fa->npending -= has_pending(e);
	fa->nvisitors -= has_reg(e);
	e->state = to;
	fa->npending += has_pending(e);
	fa->nvisitors += has_reg(e);
	memset(&n, 0, sizeof(n));
	n.what = MIP_NOTE_STATE;
	n.role = MIP_ROLE_FA;
	n.home_addr = e->home_addr;
	n.arg = (uint32_t)from;
	n.code = (uint8_t)to;
	mip_ctx_notify(fa->ctx, &n);
	if (to == MIP_FA_IDLE)
		entry_free(e);
}

/* ---- data-plane actions (RFC 5944 4.2.2, RFC 3024) ---- */

static void
note_visitor(struct mip_fa_entry *e, enum mip_note what)
{
	struct mip_act_notify n;

	memset(&n, 0, sizeof(n));
	n.what = what;
	n.role = MIP_ROLE_FA;
	n.home_addr = e->home_addr;
	n.coa = e->reg.coa;
	n.peer = e->reg.ha_addr;
	n.arg = e->reg.lifetime;
	mip_ctx_notify(e->fa->ctx, &n);
}

static void
push_neigh(const struct mip_fa_entry *e, const struct mip_fa_reg *r,
    enum mip_action_type t)
{
	struct mip_action *a = mip_outq_push(&e->fa->ctx->out, t);

	if (a == NULL)
		return;
	a->u.neigh.ifindex = r->ifindex;
	a->u.neigh.addr = e->home_addr;
	memcpy(a->u.neigh.hwaddr, r->hwaddr, MIP_HWADDR_LEN);
}

static void
push_route(const struct mip_fa_entry *e, const struct mip_fa_reg *r,
    enum mip_action_type t)
{
	struct mip_action *a = mip_outq_push(&e->fa->ctx->out, t);

	if (a == NULL)
		return;
	a->u.route.dst = e->home_addr;
	a->u.route.plen = 32;
	a->u.route.ifindex = r->ifindex;
}

static void
push_tunnel(const struct mip_fa_entry *e, const struct mip_fa_reg *r,
    enum mip_action_type t)
{
	struct mip_action *a = mip_outq_push(&e->fa->ctx->out, t);

	if (a == NULL)
		return;
	a->u.tunnel.id = r->tunnel_id;
	a->u.tunnel.encap = r->encap;
	a->u.tunnel.local = r->coa;
	a->u.tunnel.remote = r->ha_addr;
	a->u.tunnel.home_addr = e->home_addr;
	a->u.tunnel.reverse = r->reverse;
}

static void
push_rule(const struct mip_fa_entry *e, const struct mip_fa_reg *r,
    enum mip_action_type t)
{
	struct mip_action *a = mip_outq_push(&e->fa->ctx->out, t);

	if (a == NULL)
		return;
	a->u.rule.src = e->home_addr;
	a->u.rule.ifindex = r->ifindex;
	a->u.rule.tunnel_id = r->tunnel_id;
}

/* Delivery on the link: what a visitor and an early plane share. */
static void
plane_add(const struct mip_fa_entry *e, const struct mip_fa_reg *r)
{
	/* RFC 5944 4.2.2: the link-layer address comes from the request;
	 * never broadcast ARP for a visitor. */
	if (r->has_hwaddr)
		push_neigh(e, r, MIP_ACT_NEIGH_ADD);
	push_route(e, r, MIP_ACT_ROUTE_ADD);
	push_tunnel(e, r, MIP_ACT_TUNNEL_ADD);
	/* RFC 3024 4.2: the visitor's packets go back through the tunnel. */
	if (r->reverse)
		push_rule(e, r, MIP_ACT_RULE_ADD);
}

static void
plane_del(const struct mip_fa_entry *e, const struct mip_fa_reg *r)
{
	if (r->reverse)
		push_rule(e, r, MIP_ACT_RULE_DEL);
	push_tunnel(e, r, MIP_ACT_TUNNEL_DEL);
	push_route(e, r, MIP_ACT_ROUTE_DEL);
	if (r->has_hwaddr)
		push_neigh(e, r, MIP_ACT_NEIGH_DEL);
}

static void
visitor_install(struct mip_fa_entry *e)
{
	plane_add(e, &e->reg);
	note_visitor(e, MIP_NOTE_VISITOR_ADD);
}

static void
visitor_remove(struct mip_fa_entry *e)
{
	plane_del(e, &e->reg);
	note_visitor(e, MIP_NOTE_VISITOR_DEL);
	fa_timers_visitor_gone(e);
	/* Registration keys live as long as the registration. */
	mip_fa_regkey_remove(e);
}

static enum mip_encap_kind
encap_of(uint8_t flags)
{
	if (flags & MIP_RRQ_F_M)
		return MIP_TUN_MINIMAL;
	if (flags & MIP_RRQ_F_G)
		return MIP_TUN_GRE;
	return MIP_TUN_IPIP;
}

/* The registration part the pending request of |e| asks for. */
static struct mip_fa_reg
reg_from_pending(
    const struct mip_fa_entry *e, struct mip_ip4 ha_addr, uint16_t lifetime)
{
	struct mip_fa_reg r;

	memset(&r, 0, sizeof(r));
	r.ifindex = e->pend.from.ifindex;
	r.has_hwaddr = e->pend.from.has_hwaddr;
	memcpy(r.hwaddr, e->pend.from.hwaddr, MIP_HWADDR_LEN);
	r.ha_addr = ha_addr;
	r.coa = e->pend.coa;
	r.encap = encap_of(e->pend.flags);
	r.reverse = (e->pend.flags & MIP_RRQ_F_T) != 0;
	r.lifetime = lifetime;
	return r;
}

/*
 * The early plane (paper 4.3: the new FA may deliver to a mobile node
 * whose registration is pending; spec sheet 2.2): once our Binding Update
 * has told the previous FA of the move, it re-tunnels to our care-of
 * address what the home agent still sends it, and we deliver that on the
 * link before the home agent's reply. A tunnel from the previous FA only
 * (the PFANE's Previous FA Address, authenticated by the update it
 * accepts under the registration key), the visitor's host route and
 * neighbour. Only for an entry without a visitor, whose own plane would
 * collide; the pending part's end removes it (the visitor's plane
 * replaces it on acceptance).
 */
static void
early_add(struct mip_fa_entry *e)
{
	struct mip_fa_reg r;

	if (e->state != MIP_FA_PENDING || e->pend.prev_fa.v == 0 ||
	    e->home_addr.v == 0 || e->pend.lifetime == 0)
		return;
	e->pend.early_tunnel_id = mip_ctx_tunnel_id(e->fa->ctx);
	r = reg_from_pending(e, e->pend.prev_fa, 0);
	r.reverse = false; /* the previous FA forwards; nothing goes back */
	r.tunnel_id = e->pend.early_tunnel_id;
	plane_add(e, &r);
}

static void
early_del(struct mip_fa_entry *e)
{
	struct mip_fa_reg r;

	if (e->pend.early_tunnel_id == 0)
		return;
	r = reg_from_pending(e, e->pend.prev_fa, 0);
	r.reverse = false;
	r.tunnel_id = e->pend.early_tunnel_id;
	plane_del(e, &r);
	e->pend.early_tunnel_id = 0;
}

/* The pending part ends (answered, timed out, replaced, taken over). */
static void
pending_over(struct mip_fa_entry *e)
{
	fa_timers_pending_done(e);
	early_del(e);
}

static bool
same_plane(const struct mip_fa_reg *a, const struct mip_fa_reg *b)
{
	return a->ifindex == b->ifindex && a->has_hwaddr == b->has_hwaddr &&
	    memcmp(a->hwaddr, b->hwaddr, MIP_HWADDR_LEN) == 0 &&
	    mip_ip4_eq(a->ha_addr, b->ha_addr) && mip_ip4_eq(a->coa, b->coa) &&
	    a->encap == b->encap && a->reverse == b->reverse;
}

/* ---- events ---- */

void
mip_fa_ev_relayed(struct mip_fa_entry *e, const struct mip_fa_pending *p,
    const struct mip_now *now)
{
	struct mip_timer keep = e->pend.timer;

	/* RFC 5944 3.7.2: a new request is a separate part of the entry;
   * the current registration stays until a valid reply. */
	early_del(e); /* the replaced request's */
	e->pend = *p;
	e->pend.timer = keep;
	switch (e->state) {
	case MIP_FA_IDLE:
		fa_transition(e, MIP_FA_PENDING);
		break;
	case MIP_FA_REGISTERED:
		fa_transition(e, MIP_FA_RENEWING);
		break;
	case MIP_FA_PENDING:
	case MIP_FA_RENEWING:
	case MIP_FA_STATE__COUNT:
		break; /* the newer request replaces the older one */
	}
	early_add(e);
	fa_timers_request_relayed(e, now);
}

void
mip_fa_ev_accepted(struct mip_fa_entry *e, struct mip_ip4 ha_addr,
    uint16_t lifetime, const struct mip_now *now)
{
	struct mip_fa_reg r = reg_from_pending(e, ha_addr, lifetime);

	pending_over(e); /* before the visitor's route replaces it */
	switch (e->state) {
	case MIP_FA_PENDING:
		r.tunnel_id = mip_ctx_tunnel_id(e->fa->ctx);
		r.timer = e->reg.timer;
		e->reg = r;
		visitor_install(e);
		mip_fa_regkey_install(e);
		fa_transition(e, MIP_FA_REGISTERED);
		break;
	case MIP_FA_RENEWING:
		/* RFC 5944 3.7.3.2: the lifetime restarts now. */
		if (same_plane(&e->reg, &r)) {
			e->reg.lifetime = lifetime;
			mip_fa_regkey_install(e);
			fa_timers_visitor_accepted(e, now);
			return;
		}
		visitor_remove(e);
		r.tunnel_id = mip_ctx_tunnel_id(e->fa->ctx);
		r.timer = e->reg.timer;
		e->reg = r;
		visitor_install(e);
		mip_fa_regkey_install(e);
		fa_transition(e, MIP_FA_REGISTERED);
		break;
	case MIP_FA_IDLE:
	case MIP_FA_REGISTERED:
	case MIP_FA_STATE__COUNT:
		return; /* no pending request: cannot happen */
	}
	fa_timers_visitor_accepted(e, now);
	mip_fa_ro_installed(e, now);
}

void
mip_fa_ev_deregistered(struct mip_fa_entry *e, const struct mip_now *now)
{
	(void)now;
	pending_over(e);
	switch (e->state) {
	case MIP_FA_RENEWING:
		/* RFC 5944 3.7.3.2: Lifetime zero deletes the entry. */
		visitor_remove(e);
		fa_transition(e, MIP_FA_IDLE);
		break;
	case MIP_FA_PENDING:
		fa_transition(e, MIP_FA_IDLE);
		break;
	case MIP_FA_IDLE:
	case MIP_FA_REGISTERED:
	case MIP_FA_STATE__COUNT:
		break;
	}
}

void
mip_fa_ev_pending_done(struct mip_fa_entry *e, const struct mip_now *now)
{
	(void)now;
	pending_over(e);
	switch (e->state) {
	case MIP_FA_PENDING:
		fa_transition(e, MIP_FA_IDLE);
		break;
	case MIP_FA_RENEWING:
		/* RFC 5944 3.7.2: a denial leaves the visitor untouched. */
		fa_transition(e, MIP_FA_REGISTERED);
		break;
	case MIP_FA_IDLE:
	case MIP_FA_REGISTERED:
	case MIP_FA_STATE__COUNT:
		break;
	}
}

/* RFC 5944 3.7: expiry sends nothing; the visitor goes. Paper 4.3: so
 * does a visitor that a Binding Update says has moved on. */
static void
visitor_gone(struct mip_fa_entry *e)
{
	switch (e->state) {
	case MIP_FA_REGISTERED:
		visitor_remove(e);
		fa_transition(e, MIP_FA_IDLE);
		break;
	case MIP_FA_RENEWING:
		visitor_remove(e);
		fa_transition(e, MIP_FA_PENDING);
		break;
	case MIP_FA_IDLE:
	case MIP_FA_PENDING:
	case MIP_FA_STATE__COUNT:
		break;
	}
}

void
mip_fa_ev_expired(struct mip_fa_entry *e, const struct mip_now *now)
{
	(void)now;
	visitor_gone(e);
}

void
mip_fa_ev_moved(struct mip_fa_entry *e, const struct mip_now *now)
{
	(void)now;
	visitor_gone(e);
}

void
mip_fa_entry_rehome(
    struct mip_fa_entry *e, struct mip_ip4 home_addr, const struct mip_now *now)
{
	struct mip_fa *fa = e->fa;
	struct mip_fa_entry *other = mip_fa_find(fa, home_addr);
	struct mip_fa_entry **pp = &fa->buckets[bucket_of(fa, e->home_addr)];
	size_t b;

	if (other == e || home_addr.v == 0)
		return;
	if (other != NULL) {
		/* The home agent assigned an address another entry holds:
     * the newer registration wins. */
		pending_over(other);
		if (has_reg(other))
			visitor_remove(other);
		fa_transition(other, MIP_FA_IDLE);
	}
	(void)now;
	while (*pp != NULL && *pp != e)
		pp = &(*pp)->next;
	if (*pp == e)
		*pp = e->next;
	e->home_addr = home_addr;
	b = bucket_of(fa, home_addr);
	e->next = fa->buckets[b];
	fa->buckets[b] = e;
}
