/* SPDX-License-Identifier: ISC */
/*
 * Links: broadcast segments and what happens to a transmission on them
 * (MTU check, capture, loss by mask or probability, delay and jitter, one
 * delivery event per receiving station), and the delivery of those events
 * to the receiving node's data plane.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

const uint8_t sim_hw_bcast[MIP_HWADDR_LEN] = { 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff };

static bool
config_ok(const struct sim_link_config *cfg)
{
	return cfg->loss >= 0.0 && cfg->loss <= 1.0 &&
	    cfg->loss_mask_len <= 64 && (cfg->mtu == 0 || cfg->mtu >= 68) &&
	    cfg->mtu <= SIM_PKT_MAX && cfg->jitter <= UINT32_MAX;
}

static void
set_config(struct sim_link *l, const struct sim_link_config *cfg)
{
	l->cfg = *cfg;
	if (l->cfg.mtu == 0)
		l->cfg.mtu = SIM_DEFAULT_MTU;
	if (l->cfg.loss_classes == 0)
		l->cfg.loss_classes = SIM_PKT_ALL;
	l->mask_k = 0;
}

int
sim_link_new(struct sim_world *w, const char *name,
    const struct sim_link_config *cfg, struct sim_link **out)
{
	struct sim_link *l;

	if (out != NULL)
		*out = NULL;
	if (!sim_name_ok(name) || cfg == NULL || !config_ok(cfg))
		return MIP_ERR_INVAL;
	if (sim_link_find(w, name) != NULL)
		return MIP_ERR_EXIST;
	if (sim_grow(&w->links, &w->clinks, w->nlinks + 1, sizeof(*w->links)))
		return MIP_ERR_NOMEM;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return MIP_ERR_NOMEM;
	l->w = w;
	l->index = w->nlinks;
	snprintf(l->name, sizeof(l->name), "%s", name);
	set_config(l, cfg);
	/* One loss/jitter stream per link, numbered by creation order. */
	sim_pcg_seed(&l->rng, w->seed, 0x4c494e4b00000000ULL + l->index);
	w->links[w->nlinks++] = l;
	if (out != NULL)
		*out = l;
	return 0;
}

int
sim_link_configure(struct sim_link *l, const struct sim_link_config *cfg)
{
	if (cfg == NULL || !config_ok(cfg))
		return MIP_ERR_INVAL;
	set_config(l, cfg);
	return 0;
}

void
sim_link_free(struct sim_link *l)
{
	if (l == NULL)
		return;
	sim_link_pcap_close(l);
	free(l->members);
	free(l);
}

struct sim_link *
sim_link_find(const struct sim_world *w, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < w->nlinks; i++)
		if (strcmp(w->links[i]->name, name) == 0)
			return w->links[i];
	return NULL;
}

size_t
sim_link_count(const struct sim_world *w)
{
	return w->nlinks;
}

struct sim_link *
sim_link_at(const struct sim_world *w, size_t i)
{
	return i < w->nlinks ? w->links[i] : NULL;
}

const char *
sim_link_name(const struct sim_link *l)
{
	return l->name;
}

const struct sim_link_config *
sim_link_get_config(const struct sim_link *l)
{
	return &l->cfg;
}

const struct sim_link_counters *
sim_link_counters(const struct sim_link *l)
{
	return &l->cnt;
}

int
sim_link_attach(struct sim_link *l, struct sim_iface *ifc)
{
	if (sim_grow(&l->members, &l->cmembers, l->nmembers + 1,
		sizeof(*l->members)))
		return MIP_ERR_NOMEM;
	l->members[l->nmembers++] = ifc;
	ifc->link = l;
	return 0;
}

void
sim_link_detach(struct sim_link *l, struct sim_iface *ifc)
{
	size_t i;

	for (i = 0; i < l->nmembers; i++) {
		if (l->members[i] != ifc)
			continue;
		/* Keep attachment order: it decides ARP and delivery order. */
		memmove(&l->members[i], &l->members[i + 1],
		    (l->nmembers - i - 1) * sizeof(*l->members));
		l->nmembers--;
		break;
	}
	ifc->link = NULL;
}

static bool
lose(struct sim_link *l, uint32_t cls)
{
	bool lost = false;

	if ((cls & l->cfg.loss_classes) == 0)
		return false;
	if (l->cfg.loss_mask_len > 0) {
		uint64_t bit = l->mask_k % l->cfg.loss_mask_len;

		lost = ((l->cfg.loss_mask >> bit) & 1U) != 0;
	}
	l->mask_k++;
	/* Draw only when a probability is set, so a mask-only link consumes
	 * no randomness. */
	if (l->cfg.loss > 0.0 && sim_pcg_unit(&l->rng) < l->cfg.loss)
		lost = true;
	return lost;
}

static void
schedule(struct sim_iface *from, struct sim_iface *to, mip_tstamp at,
    const uint8_t *pkt, size_t len)
{
	struct sim_world *w = from->node->w;
	struct sim_event *ev = sim_event_new(SIM_EV_DELIVER);

	if (ev == NULL || (ev->u.dlv.pkt = malloc(len ? len : 1)) == NULL) {
		free(ev);
		w->fatal = MIP_ERR_NOMEM;
		return;
	}
	memcpy(ev->u.dlv.pkt, pkt, len);
	ev->u.dlv.len = len;
	ev->u.dlv.node = to->node;
	ev->u.dlv.ifc = to;
	ev->u.dlv.link = to->link;
	memcpy(ev->u.dlv.src_hw, from->hw, MIP_HWADDR_LEN);
	if (sim_event_push(w, ev, at) != 0)
		w->fatal = MIP_ERR_NOMEM;
}

void
sim_link_transmit(struct sim_iface *ifc, const uint8_t dst_hw[6],
    const uint8_t *pkt, size_t len)
{
	struct sim_link *l = ifc->link;
	struct sim_world *w = ifc->node->w;
	uint32_t cls = sim_pkt_class(pkt, len);
	uint32_t cat = cls == SIM_PKT_DATA ? SIM_TR_DATA : SIM_TR_CTRL;
	bool bcast = memcmp(dst_hw, sim_hw_bcast, MIP_HWADDR_LEN) == 0;
	bool lost, found = false;
	mip_tstamp at;
	char desc[256], hw[18];
	size_t i;

	if (l == NULL) {
		sim_drop(ifc->node, SIM_DROP_DETACHED, pkt, len);
		return;
	}
	desc[0] = '\0';
	if (sim_tr_on(w, cat))
		sim_pkt_describe(pkt, len, desc, sizeof(desc));
	if (len > l->cfg.mtu) {
		l->cnt.mtu_drops++;
		sim_tr(w, cat, ifc->node->name, "mtu_drop",
		    "link=%s if=%s mtu=%u len=%zu %s", l->name, ifc->name,
		    l->cfg.mtu, len, desc);
		return;
	}
	ifc->node->cnt.tx++;
	l->cnt.tx++;
	l->cnt.tx_bytes += len;
	sim_pcap_write(l, pkt, len);
	lost = lose(l, cls);
	sim_tr(w, cat, ifc->node->name, lost ? "lost" : "tx",
	    "link=%s if=%s to=%s len=%zu %s", l->name, ifc->name,
	    bcast ? "bcast" : sim_hw_str(dst_hw, hw), len, desc);
	if (lost) {
		l->cnt.lost++;
		return;
	}
	at = w->now + l->cfg.delay;
	if (l->cfg.jitter > 0)
		at += sim_pcg_upto(&l->rng, (uint32_t)l->cfg.jitter);
	for (i = 0; i < l->nmembers; i++) {
		struct sim_iface *m = l->members[i];

		if (m == ifc)
			continue;
		if (!bcast && memcmp(m->hw, dst_hw, MIP_HWADDR_LEN) != 0)
			continue;
		found = true;
		schedule(ifc, m, at, pkt, len);
	}
	if (!bcast && !found) {
		l->cnt.no_station++;
		sim_tr(w, cat, ifc->node->name, "no_station", "link=%s to=%s",
		    l->name, sim_hw_str(dst_hw, hw));
	}
}

void
sim_deliver(struct sim_world *w, struct sim_event *ev)
{
	struct sim_iface *ifc = ev->u.dlv.ifc;

	if (ifc == NULL) {
		sim_fwd_input(
		    ev->u.dlv.node, 0, NULL, ev->u.dlv.pkt, ev->u.dlv.len);
		return;
	}
	/* The station moved while the frame was in flight. */
	if (ifc->link != ev->u.dlv.link) {
		uint32_t cls = sim_pkt_class(ev->u.dlv.pkt, ev->u.dlv.len);

		sim_tr(w, cls == SIM_PKT_DATA ? SIM_TR_DATA : SIM_TR_CTRL,
		    ifc->node->name, "lost", "link=%s if=%s reason=moved",
		    ev->u.dlv.link->name, ifc->name);
		return;
	}
	sim_fwd_input(ev->u.dlv.node, ifc->ifindex, ev->u.dlv.src_hw,
	    ev->u.dlv.pkt, ev->u.dlv.len);
}
