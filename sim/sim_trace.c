/* SPDX-License-Identifier: ISC */
/*
 * Outputs: the key=value trace (one line per event, times from integer
 * nanoseconds, no pointers, nothing in hash order, so the same seed and
 * scenario give the same bytes), packet descriptions for it, the lines for
 * executed actions and engine notifications, and the pcap writers (libpcap,
 * raw IPv4 link type, timestamps from virtual time).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "mip/mip_names.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "sim_int.h"

/* The engines' state names (libmip internals; read-only use). */
#include "mip_fa.h"
#include "mip_ha.h"
#include "mip_mn.h"

static const char *const drop_names[SIM_DROP__COUNT] = {
	[SIM_DROP_BAD_PACKET] = "bad_packet",
	[SIM_DROP_TTL] = "ttl_exceeded",
	[SIM_DROP_NO_ROUTE] = "no_route",
	[SIM_DROP_ARP] = "arp_unresolved",
	[SIM_DROP_NOT_FORWARDING] = "not_forwarding",
	[SIM_DROP_INGRESS] = "ingress_filter",
	[SIM_DROP_NO_TUNNEL] = "no_tunnel",
	[SIM_DROP_ENCAP] = "encap_error",
	[SIM_DROP_DETACHED] = "detached",
	[SIM_DROP_NO_LISTENER] = "no_listener",
	[SIM_DROP_LOOP] = "tunnel_loop",
};

const char *
sim_drop_name(enum sim_drop reason)
{
	if ((unsigned)reason >= SIM_DROP__COUNT)
		return "unknown";
	return drop_names[reason];
}

/* ---- the trace ---- */

void
sim_set_trace(struct sim_world *w, sim_trace_fn fn, void *user)
{
	w->trace_fn = fn;
	w->trace_user = user;
}

void
sim_set_trace_file(struct sim_world *w, FILE *f)
{
	w->trace_file = f;
}

void
sim_set_trace_mask(struct sim_world *w, uint32_t mask)
{
	w->trace_mask = mask;
}

void
sim_set_action_hook(struct sim_world *w, sim_action_fn fn, void *user)
{
	w->act_fn = fn;
	w->act_user = user;
}

bool
sim_tr_on(const struct sim_world *w, uint32_t cat)
{
	return (w->trace_fn != NULL || w->trace_file != NULL) &&
	    (w->trace_mask & cat) != 0;
}

static void tr_emit(struct sim_world *w, const char *node, const char *ev,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void
tr_emit(struct sim_world *w, const char *node, const char *ev, const char *fmt,
    va_list ap)
{
	char line[1024];
	int k;

	k = snprintf(line, sizeof(line),
	    "t=%" PRIu64 ".%06" PRIu64 " node=%s ev=%s", w->now / MIP_SEC,
	    (w->now % MIP_SEC) / 1000U, node != NULL ? node : "-", ev);
	if (k > 0 && (size_t)k < sizeof(line) - 1 && fmt[0] != '\0') {
		line[k++] = ' ';
		(void)vsnprintf(line + k, sizeof(line) - (size_t)k, fmt, ap);
	}
	if (w->trace_fn != NULL)
		w->trace_fn(w->trace_user, line);
	if (w->trace_file != NULL)
		fprintf(w->trace_file, "%s\n", line);
}

void
sim_tr(struct sim_world *w, uint32_t cat, const char *node, const char *ev,
    const char *fmt, ...)
{
	va_list ap;

	if (!sim_tr_on(w, cat))
		return;
	va_start(ap, fmt);
	tr_emit(w, node, ev, fmt, ap);
	va_end(ap);
}

void
sim_trace(
    struct sim_world *w, const char *node, const char *ev, const char *fmt, ...)
{
	va_list ap;

	if (!sim_tr_on(w, SIM_TR_SCRIPT))
		return;
	va_start(ap, fmt);
	tr_emit(w, node, ev, fmt, ap);
	va_end(ap);
}

/* ---- formatting helpers ---- */

const char *
sim_ip_str(struct mip_ip4 a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", (unsigned)(a.v >> 24) & 0xffU,
	    (unsigned)(a.v >> 16) & 0xffU, (unsigned)(a.v >> 8) & 0xffU,
	    (unsigned)a.v & 0xffU);
	return buf;
}

const char *
sim_hw_str(const uint8_t hw[MIP_HWADDR_LEN], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", hw[0], hw[1], hw[2],
	    hw[3], hw[4], hw[5]);
	return buf;
}

const char *
sim_roles_str(uint32_t roles, char buf[16])
{
	static const struct {
		uint32_t bit;
		const char *name;
	} tab[] = { { MIP_ROLE_MN, "mn" }, { MIP_ROLE_FA, "fa" },
		{ MIP_ROLE_HA, "ha" }, { MIP_ROLE_CN, "cn" } };
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if ((roles & tab[i].bit) == 0)
			continue;
		k += (size_t)snprintf(
		    buf + k, 16 - k, "%s%s", k ? "+" : "", tab[i].name);
	}
	if (k == 0)
		snprintf(buf, 16, "-");
	return buf;
}

static struct mip_ip4
rd_ip(const uint8_t *p)
{
	struct mip_ip4 a = { ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		((uint32_t)p[2] << 8) | p[3] };
	return a;
}

uint32_t
sim_pkt_class(const uint8_t *pkt, size_t len)
{
	size_t hl;

	if (len < 20 || (pkt[0] >> 4) != 4)
		return SIM_PKT_DATA;
	hl = (size_t)(pkt[0] & 0x0fU) * 4U;
	if (hl < 20 || len < hl + 4)
		return SIM_PKT_DATA;
	if (pkt[9] == MIP_IPPROTO_UDP) {
		unsigned sport = ((unsigned)pkt[hl] << 8) | pkt[hl + 1];
		unsigned dport = ((unsigned)pkt[hl + 2] << 8) | pkt[hl + 3];

		if (sport == MIP_UDP_PORT || dport == MIP_UDP_PORT)
			return SIM_PKT_REG;
	}
	if (pkt[9] == MIP_IPPROTO_ICMP &&
	    (pkt[hl] == MIP_ICMP_ROUTER_ADV || pkt[hl] == MIP_ICMP_ROUTER_SOL))
		return SIM_PKT_DISC;
	return SIM_PKT_DATA;
}

static const char *
proto_name(uint8_t proto)
{
	switch (proto) {
	case MIP_IPPROTO_ICMP:
		return "icmp";
	case MIP_IPPROTO_IPIP:
		return "ipip";
	case MIP_IPPROTO_UDP:
		return "udp";
	case MIP_IPPROTO_GRE:
		return "gre";
	case MIP_IPPROTO_MINENC:
		return "minenc";
	default:
		return NULL;
	}
}

/* Describe the transport part of an IPv4 packet; tunnels recurse once. */
static void
describe(const uint8_t *pkt, size_t len, char *buf, size_t cap, int depth)
{
	char s[16], d[16];
	const char *pn;
	size_t hl, k;
	uint8_t proto;

	if (cap == 0)
		return;
	buf[0] = '\0';
	if (len < 20 || (pkt[0] >> 4) != 4) {
		snprintf(buf, cap, "proto=invalid");
		return;
	}
	hl = (size_t)(pkt[0] & 0x0fU) * 4U;
	proto = pkt[9];
	pn = proto_name(proto);
	k = (size_t)snprintf(buf, cap, "%ssrc=%s %sdst=%s %sttl=%u ",
	    depth ? "i" : "", sim_ip_str(rd_ip(pkt + 12), s), depth ? "i" : "",
	    sim_ip_str(rd_ip(pkt + 16), d), depth ? "i" : "", pkt[8]);
	if (k >= cap)
		return;
	if (pn == NULL)
		k += (size_t)snprintf(buf + k, cap - k, "proto=%u", proto);
	else
		k += (size_t)snprintf(
		    buf + k, cap - k, "%sproto=%s", depth ? "i" : "", pn);
	if (k >= cap || hl < 20 || len < hl + 4)
		return;
	if (proto == MIP_IPPROTO_UDP && len >= hl + 8) {
		unsigned sp = ((unsigned)pkt[hl] << 8) | pkt[hl + 1];
		unsigned dp = ((unsigned)pkt[hl + 2] << 8) | pkt[hl + 3];

		k += (size_t)snprintf(
		    buf + k, cap - k, " sport=%u dport=%u", sp, dp);
		if (k < cap && (sp == MIP_UDP_PORT || dp == MIP_UDP_PORT) &&
		    len > hl + 8)
			snprintf(buf + k, cap - k, " msg=%s",
			    mip_msg_kind_name(mip_msg_kind(
				pkt + hl + 8, len - hl - 8, NULL)));
	} else if (proto == MIP_IPPROTO_ICMP) {
		snprintf(
		    buf + k, cap - k, " type=%u code=%u", pkt[hl], pkt[hl + 1]);
	} else if (proto == MIP_IPPROTO_IPIP && depth == 0) {
		buf[k++] = ' ';
		if (k < cap)
			describe(pkt + hl, len - hl, buf + k, cap - k, 1);
	}
}

void
sim_pkt_describe(const uint8_t *pkt, size_t len, char *buf, size_t cap)
{
	describe(pkt, len, buf, cap, 0);
}

/* ---- actions and notifications ---- */

static const char *
act_name(enum mip_action_type t)
{
	switch (t) {
	case MIP_ACT_SEND:
		return "send";
	case MIP_ACT_TUNNEL_ADD:
		return "tunnel_add";
	case MIP_ACT_TUNNEL_DEL:
		return "tunnel_del";
	case MIP_ACT_ROUTE_ADD:
		return "route_add";
	case MIP_ACT_ROUTE_DEL:
		return "route_del";
	case MIP_ACT_RULE_ADD:
		return "rule_add";
	case MIP_ACT_RULE_DEL:
		return "rule_del";
	case MIP_ACT_NEIGH_ADD:
		return "neigh_add";
	case MIP_ACT_NEIGH_DEL:
		return "neigh_del";
	case MIP_ACT_PROXY_ADD:
		return "proxy_add";
	case MIP_ACT_PROXY_DEL:
		return "proxy_del";
	case MIP_ACT_ARP_ANNOUNCE:
		return "arp_announce";
	case MIP_ACT_NOTIFY:
		return "notify";
	}
	return "unknown";
}

static const char *
note_name(enum mip_note what)
{
	switch (what) {
	case MIP_NOTE_STATE:
		return "state";
	case MIP_NOTE_AGENT:
		return "agent";
	case MIP_NOTE_AGENT_LOST:
		return "agent_lost";
	case MIP_NOTE_MOVED:
		return "moved";
	case MIP_NOTE_HOME:
		return "home";
	case MIP_NOTE_REG_SENT:
		return "reg_sent";
	case MIP_NOTE_REG_REPLY:
		return "reg_reply";
	case MIP_NOTE_BINDING_ADD:
		return "binding_add";
	case MIP_NOTE_BINDING_DEL:
		return "binding_del";
	case MIP_NOTE_VISITOR_ADD:
		return "visitor_add";
	case MIP_NOTE_VISITOR_DEL:
		return "visitor_del";
	case MIP_NOTE_DROP:
		return "drop";
	}
	return "unknown";
}

static const char *
encap_name(enum mip_encap_kind k)
{
	switch (k) {
	case MIP_TUN_IPIP:
		return "ipip";
	case MIP_TUN_MINIMAL:
		return "minimal";
	case MIP_TUN_GRE:
		return "gre";
	}
	return "unknown";
}

static void
tr_note(struct sim_node *n, const struct mip_act_notify *no)
{
	char r[16], h[16], c[16], p[16], extra[64];

	/* Notes are frequent; format nothing when no one reads them. */
	if (!sim_tr_on(n->w, SIM_TR_NOTE))
		return;
	extra[0] = '\0';
	switch (no->what) {
	case MIP_NOTE_REG_REPLY:
		snprintf(extra, sizeof(extra), " code=%u res=%s", no->code,
		    mip_code_name(no->code));
		break;
	case MIP_NOTE_DROP:
		snprintf(extra, sizeof(extra), " reason=%s",
		    mip_drop_name((enum mip_drop)no->reason));
		break;
	case MIP_NOTE_STATE:
		snprintf(extra, sizeof(extra), " old=%s new=%s",
		    sim_state_name(no->role, no->arg),
		    sim_state_name(no->role, no->code));
		break;
	case MIP_NOTE_AGENT:
	case MIP_NOTE_AGENT_LOST:
	case MIP_NOTE_MOVED:
	case MIP_NOTE_HOME:
	case MIP_NOTE_REG_SENT:
	case MIP_NOTE_BINDING_ADD:
	case MIP_NOTE_BINDING_DEL:
	case MIP_NOTE_VISITOR_ADD:
	case MIP_NOTE_VISITOR_DEL:
		break;
	}
	sim_tr(n->w, SIM_TR_NOTE, n->name, "note",
	    "what=%s role=%s home=%s coa=%s peer=%s%s", note_name(no->what),
	    sim_roles_str(no->role, r), sim_ip_str(no->home_addr, h),
	    sim_ip_str(no->coa, c), sim_ip_str(no->peer, p), extra);
}

void
sim_tr_action(struct sim_node *n, const struct mip_action *a, int rc)
{
	char x[16], y[16], z[16], hw[18], res[32];

	if (a->type == MIP_ACT_NOTIFY) {
		tr_note(n, &a->u.notify);
		return;
	}
	/* Sends show up as link transmissions; trace only failures. */
	if (a->type == MIP_ACT_SEND && rc == 0)
		return;
	if (!sim_tr_on(n->w, SIM_TR_ACT))
		return;
	res[0] = '\0';
	if (rc != 0)
		snprintf(res, sizeof(res), " rc=%d", rc);
	switch (a->type) {
	case MIP_ACT_SEND:
		sim_tr(n->w, SIM_TR_ACT, n->name, "act",
		    "type=send if=%u src=%s dst=%s%s", a->u.send.ifindex,
		    sim_ip_str(a->u.send.src, x), sim_ip_str(a->u.send.dst, y),
		    res);
		break;
	case MIP_ACT_TUNNEL_ADD:
	case MIP_ACT_TUNNEL_DEL:
		sim_tr(n->w, SIM_TR_ACT, n->name, "act",
		    "type=%s id=%u encap=%s local=%s remote=%s home=%s "
		    "reverse=%d bcast=%d coloc=%d%s",
		    act_name(a->type), a->u.tunnel.id,
		    encap_name(a->u.tunnel.encap),
		    sim_ip_str(a->u.tunnel.local, x),
		    sim_ip_str(a->u.tunnel.remote, y),
		    sim_ip_str(a->u.tunnel.home_addr, z), a->u.tunnel.reverse,
		    a->u.tunnel.broadcast, a->u.tunnel.colocated, res);
		break;
	case MIP_ACT_ROUTE_ADD:
	case MIP_ACT_ROUTE_DEL:
		sim_tr(n->w, SIM_TR_ACT, n->name, "act",
		    "type=%s dst=%s/%u if=%u tunnel=%u gw=%s%s",
		    act_name(a->type), sim_ip_str(a->u.route.dst, x),
		    a->u.route.plen, a->u.route.ifindex, a->u.route.tunnel_id,
		    sim_ip_str(a->u.route.gw, y), res);
		break;
	case MIP_ACT_RULE_ADD:
	case MIP_ACT_RULE_DEL:
		sim_tr(n->w, SIM_TR_ACT, n->name, "act",
		    "type=%s src=%s if=%u tunnel=%u%s", act_name(a->type),
		    sim_ip_str(a->u.rule.src, x), a->u.rule.ifindex,
		    a->u.rule.tunnel_id, res);
		break;
	case MIP_ACT_NEIGH_ADD:
	case MIP_ACT_NEIGH_DEL:
	case MIP_ACT_PROXY_ADD:
	case MIP_ACT_PROXY_DEL:
	case MIP_ACT_ARP_ANNOUNCE:
		sim_tr(n->w, SIM_TR_ACT, n->name, "act",
		    "type=%s if=%u addr=%s hw=%s%s", act_name(a->type),
		    a->u.neigh.ifindex, sim_ip_str(a->u.neigh.addr, x),
		    sim_hw_str(a->u.neigh.hwaddr, hw), res);
		break;
	case MIP_ACT_NOTIFY:
		break;
	}
}

const char *
sim_state_name(uint32_t role, unsigned state)
{
	switch (role) {
	case MIP_ROLE_MN:
		return mip_mn_state_name((enum mip_mn_state)state);
	case MIP_ROLE_FA:
		return mip_fa_state_name((enum mip_fa_state)state);
	case MIP_ROLE_HA:
		return mip_ha_state_name((enum mip_ha_mn_state)state);
	default:
		return "unknown";
	}
}

/* ---- pcap ---- */

static int
pcap_start(pcap_t **pc, pcap_dumper_t **pd, const char *path)
{
	if (*pd != NULL)
		return MIP_ERR_STATE;
	if ((*pc = pcap_open_dead(DLT_RAW, 65535)) == NULL)
		return MIP_ERR_NOMEM;
	if ((*pd = pcap_dump_open(*pc, path)) == NULL) {
		pcap_close(*pc);
		*pc = NULL;
		return MIP_ERR_INVAL;
	}
	return 0;
}

static void
pcap_stop(pcap_t **pc, pcap_dumper_t **pd)
{
	if (*pd != NULL) {
		pcap_dump_flush(*pd);
		pcap_dump_close(*pd);
		*pd = NULL;
	}
	if (*pc != NULL) {
		pcap_close(*pc);
		*pc = NULL;
	}
}

int
sim_pcap_open(struct sim_world *w, const char *path)
{
	return pcap_start(&w->pcap, &w->pcap_dump, path);
}

int
sim_link_pcap_open(struct sim_link *l, const char *path)
{
	return pcap_start(&l->pcap, &l->pcap_dump, path);
}

void
sim_link_pcap_close(struct sim_link *l)
{
	pcap_stop(&l->pcap, &l->pcap_dump);
}

void
sim_pcap_close(struct sim_world *w)
{
	size_t i;

	pcap_stop(&w->pcap, &w->pcap_dump);
	for (i = 0; i < w->nlinks; i++)
		sim_link_pcap_close(w->links[i]);
}

static void
dump(pcap_dumper_t *pd, mip_tstamp now, const uint8_t *pkt, size_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(now / MIP_SEC);
	h.ts.tv_usec = (suseconds_t)((now % MIP_SEC) / 1000U);
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	pcap_dump((u_char *)pd, &h, pkt);
}

void
sim_pcap_write(struct sim_link *l, const uint8_t *pkt, size_t len)
{
	if (l->w->pcap_dump != NULL)
		dump(l->w->pcap_dump, l->w->now, pkt, len);
	if (l->pcap_dump != NULL)
		dump(l->pcap_dump, l->w->now, pkt, len);
}
