/* SPDX-License-Identifier: ISC */
/*
 * Stateful home agent target: the input is a sequence of records fed to a
 * node with the HA role, each "dt kind len(16) bytes":
 *   dt    time passes first: dt * 100 ms, or with the top bit set
 *         (dt & 0x7f) * 10 s; due timers fire in deadline order;
 *   kind  low 3 bits: 0 raw request to the HA, 1 raw request to the
 *         home subnet broadcast, 2 ICMP, 3 a whole IP packet, 4 flush
 *         the binding of home address byte 0, 5 flush all, 6 a request
 *         the target signs (so the fuzzer gets past authentication),
 *         7 a UDP datagram from another port; for 6 the upper bits say:
 *         0x08 fresh Identification (timestamp, or the nonce last
 *         issued), 0x10 relayed by the FA with FA-HA, 0x20 sent by the
 *         MN on its home link, 0x40 spoil the MAC.
 * Besides never crashing, every action stream must be consistent: a
 * tunnel or proxy entry is added once and deleted once, replies decode,
 * and after a final flush nothing is left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_replay.h"
#include "mip/mip_sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NSAS 5
#define NMNS 3
#define MAX_LIVE 64

struct world {
	struct mip_node *node;
	struct mip_now now;
	struct mip_sa *tsa[NSAS];
	struct mip_sa_config sas[NSAS];
	uint32_t nonce[NSAS]; /* last nonce issued per SA */
	uint64_t step;
	uint32_t tunnels[MAX_LIVE];
	size_t ntunnels;
	uint32_t proxies[MAX_LIVE];
	size_t nproxies;
};

static void *
m_malloc(size_t n, void *ud)
{
	(void)ud;
	return malloc(n);
}

static void *
m_calloc(size_t n, size_t s, void *ud)
{
	(void)ud;
	return calloc(n, s);
}

static void
m_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static void
r_fill(uint8_t *dst, size_t len, void *ud)
{
	uint64_t *s = ud;
	size_t i;

	for (i = 0; i < len; i++) {
		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		dst[i] = (uint8_t)*s;
	}
}

static struct mip_ip4
ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return mip_ip4_make(a, b, c, d);
}

/* A set of 32-bit keys: add must be new, del must exist. */
static void
set_add(uint32_t *set, size_t *n, uint32_t v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (set[i] == v)
			__builtin_trap();
	if (*n == MAX_LIVE)
		__builtin_trap();
	set[(*n)++] = v;
}

static void
set_del(uint32_t *set, size_t *n, uint32_t v)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (set[i] == v) {
			set[i] = set[--*n];
			return;
		}
	__builtin_trap();
}

static struct mip_sa *
sa_for(struct world *w, struct mip_ip4 home, size_t *idx)
{
	size_t i;

	for (i = 0; i < NSAS; i++)
		if (mip_ip4_eq(w->sas[i].peer, home)) {
			*idx = i;
			return w->tsa[i];
		}
	return NULL;
}

static void
check_send(struct world *w, const struct mip_act_send *s)
{
	struct mip_reg_rep rep;
	size_t i;

	if (s->kind != MIP_PKT_UDP)
		return;
	if (mip_reg_rep_decode(&rep, s->data, s->len, NULL, NULL) != 0)
		__builtin_trap();
	/* Remember the nonce an authenticated reply issues. */
	if (sa_for(w, rep.home_addr, &i) != NULL &&
	    w->sas[i].replay == MIP_REPLAY_NONCE)
		w->nonce[i] = mip_ident_high(rep.ident);
}

static void
drain(struct world *w)
{
	struct mip_action a;

	while (mip_node_poll_action(w->node, &a) == 1) {
		switch (a.type) {
		case MIP_ACT_SEND:
			check_send(w, &a.u.send);
			break;
		case MIP_ACT_TUNNEL_ADD:
			set_add(w->tunnels, &w->ntunnels, a.u.tunnel.id);
			break;
		case MIP_ACT_TUNNEL_DEL:
			set_del(w->tunnels, &w->ntunnels, a.u.tunnel.id);
			break;
		case MIP_ACT_PROXY_ADD:
			set_add(w->proxies, &w->nproxies, a.u.neigh.addr.v);
			break;
		case MIP_ACT_PROXY_DEL:
			set_del(w->proxies, &w->nproxies, a.u.neigh.addr.v);
			break;
		case MIP_ACT_ROUTE_ADD:
		case MIP_ACT_ROUTE_DEL:
		case MIP_ACT_RULE_ADD:
		case MIP_ACT_RULE_DEL:
		case MIP_ACT_NEIGH_ADD:
		case MIP_ACT_NEIGH_DEL:
		case MIP_ACT_ARP_ANNOUNCE:
		case MIP_ACT_NOTIFY:
			break;
		}
	}
}

static void
advance(struct world *w, uint8_t dt)
{
	mip_duration d = (dt & 0x80) ? (mip_duration)(dt & 0x7f) * 10 * MIP_SEC
				     : (mip_duration)dt * 100 * MIP_MSEC;
	mip_tstamp end = w->now.mono + d;

	for (;;) {
		mip_tstamp next = mip_node_next_expiry(w->node);
		mip_tstamp at =
		    next != MIP_TSTAMP_NONE && next <= end ? next : end;

		if (at > w->now.mono) {
			w->now.ntp += ((at - w->now.mono) / MIP_SEC) << 32;
			w->now.mono = at;
		}
		if (next == MIP_TSTAMP_NONE || next > end)
			break;
		if (mip_node_handle_expiry(w->node, &w->now) != 0)
			__builtin_trap();
		drain(w);
	}
}

static void
packet(struct world *w, enum mip_pkt_kind kind, uint32_t ifindex,
    struct mip_ip4 src, struct mip_ip4 dst, uint16_t dport, const uint8_t *hw,
    const uint8_t *p, size_t n)
{
	struct mip_pkt_in in;

	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.ifindex = ifindex;
	in.src = src;
	in.dst = dst;
	in.sport = 434;
	in.dport = dport;
	in.ttl = 64;
	if (hw != NULL) {
		in.has_hwaddr = true;
		memcpy(in.src_hwaddr, hw, MIP_HWADDR_LEN);
	}
	in.data = p;
	in.len = n;
	if (mip_node_handle_packet(w->node, &in, &w->now) != 0)
		__builtin_trap();
	drain(w);
}

static void
signed_request(struct world *w, uint8_t kind, const uint8_t *p, size_t n)
{
	static const uint8_t mn_hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 9 };
	uint8_t buf[1200];
	struct mip_ip4 home, coa, src;
	struct mip_sa *sa;
	struct mip_wbuf wb;
	size_t i;

	if (n < MIP_REG_REQ_LEN || n > 1024) {
		packet(w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1), ip(10, 0, 0, 1),
		    434, NULL, p, n);
		return;
	}
	memcpy(buf, p, n);
	home.v = mip_get_be32(buf + 4);
	coa.v = mip_get_be32(buf + 12);
	src = coa;
	sa = sa_for(w, home, &i);
	if (sa != NULL && (kind & 0x08)) {
		uint64_t id = sa->cfg.replay == MIP_REPLAY_NONCE
		    ? mip_ident_make(w->nonce[i], (uint32_t)++w->step)
		    : w->now.ntp + (++w->step << 8);

		mip_put_be32(buf + 16, mip_ident_high(id));
		mip_put_be32(buf + 20, mip_ident_low(id));
	}
	mip_wbuf_init(&wb, buf, sizeof(buf));
	wb.off = n;
	if (sa != NULL && mip_auth_append(&wb, MIP_EXT_MN_HA_AUTH, sa) == 0 &&
	    (kind & 0x40))
		buf[wb.off - 1] ^= 0x80;
	if (kind & 0x10) {
		src = ip(192, 0, 2, 1);
		(void)mip_auth_append(
		    &wb, MIP_EXT_FA_HA_AUTH, w->tsa[NSAS - 1]);
	}
	if (kind & 0x20)
		packet(w, MIP_PKT_UDP, 1, home, ip(10, 0, 0, 1), 434, mn_hw,
		    buf, wb.off);
	else
		packet(w, MIP_PKT_UDP, 2, src, ip(10, 0, 0, 1), 434, NULL, buf,
		    wb.off);
}

static int
world_init(struct world *w, struct mip_mem *mem, struct mip_rand *rnd)
{
	static const struct {
		uint8_t d;
		enum mip_replay_method replay;
	} defs[NSAS] = { { 10, MIP_REPLAY_TIMESTAMP },
		{ 11, MIP_REPLAY_TIMESTAMP }, { 12, MIP_REPLAY_NONCE },
		{ 20, MIP_REPLAY_TIMESTAMP }, { 0, MIP_REPLAY_TIMESTAMP } };
	static struct mip_if_config ifs[1];
	static struct mip_ha_mn_config mns[NMNS];
	static struct mip_ha_config ha;
	struct mip_node_config cfg;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->now.mono = MIP_SEC;
	w->now.ntp = 3976214400ULL << 32;
	for (i = 0; i < NSAS; i++) {
		mip_sa_config_init(&w->sas[i]);
		/* the last one is the foreign agent's */
		w->sas[i].peer =
		    defs[i].d ? ip(10, 0, 0, defs[i].d) : ip(192, 0, 2, 1);
		w->sas[i].spi = 256 + (uint32_t)i;
		w->sas[i].replay = defs[i].replay;
		w->sas[i].key_len = 16;
		memset(w->sas[i].key, (int)(0x30 + i), 16);
		if (mip_sa_new(&w->tsa[i], &w->sas[i], mem) != 0)
			return -1;
	}
	memset(ifs, 0, sizeof(ifs));
	ifs[0].ifindex = 1;
	ifs[0].addr = ip(10, 0, 0, 1);
	ifs[0].plen = 24;
	ifs[0].hwaddr[0] = 2;
	for (i = 0; i < NMNS; i++) {
		mns[i].home_addr = w->sas[i].peer;
		mns[i].spi = w->sas[i].spi;
	}
	memset(&ha, 0, sizeof(ha));
	ha.home_ifindex = 1;
	ha.addr = ip(10, 0, 0, 1);
	ha.plen = 24;
	ha.max_lifetime = 60;
	ha.encaps = MIP_ENCAPS_GRE;
	ha.reverse_tunnel = true;
	ha.max_simultaneous = 2;
	ha.max_bindings = 4;
	ha.adv_interval_ms = 1000;
	ha.adv_lifetime = 30;
	ha.mns = mns;
	ha.nmns = NMNS;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_HA;
	cfg.ifs = ifs;
	cfg.nifs = 1;
	cfg.sas = w->sas;
	cfg.nsas = NSAS;
	cfg.ha = &ha;
	return mip_node_new(&w->node, &cfg, mem, rnd, &w->now) == 0 ? 0 : -1;
}

static void
world_free(struct world *w)
{
	size_t i;

	mip_node_del(w->node);
	for (i = 0; i < NSAS; i++)
		mip_sa_free(w->tsa[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mip_mem mem = { NULL, m_malloc, m_calloc, m_free };
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	struct mip_rand rnd = { &seed, r_fill };
	struct mip_cmd cmd;
	struct world w;
	size_t off = 0;

	if (world_init(&w, &mem, &rnd) != 0)
		__builtin_trap();
	drain(&w);
	while (size - off >= 4) {
		uint8_t dt = data[off], kind = data[off + 1];
		size_t n = (size_t)mip_get_be16(data + off + 2);
		const uint8_t *p = data + off + 4;

		off += 4;
		if (n > size - off)
			n = size - off;
		off += n;
		advance(&w, dt);
		switch (kind & 7) {
		case 0:
			packet(&w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 1), 434, NULL, p, n);
			break;
		case 1:
			packet(&w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 255), 434, NULL, p, n);
			break;
		case 2:
			packet(&w, MIP_PKT_ICMP, 1, ip(10, 0, 0, 10),
			    ip(10, 0, 0, 1), 0, NULL, p, n);
			break;
		case 3:
			packet(&w, MIP_PKT_IP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 10), 0, NULL, p, n);
			break;
		case 4:
		case 5:
			memset(&cmd, 0, sizeof(cmd));
			cmd.kind = (kind & 7) == 4 ? MIP_CMD_FLUSH_BINDING
						   : MIP_CMD_FLUSH_ALL;
			cmd.home_addr = ip(10, 0, 0, n > 0 ? p[0] : 10);
			(void)mip_node_handle_cmd(w.node, &cmd, &w.now);
			drain(&w);
			break;
		case 6:
			signed_request(&w, kind, p, n);
			break;
		default:
			packet(&w, MIP_PKT_UDP, 2, ip(198, 51, 100, 1),
			    ip(10, 0, 0, 1), 5000, NULL, p, n);
			break;
		}
	}
	/* Everything added must go away with the bindings. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.kind = MIP_CMD_FLUSH_ALL;
	if (mip_node_handle_cmd(w.node, &cmd, &w.now) != 0)
		__builtin_trap();
	drain(&w);
	if (w.ntunnels != 0 || w.nproxies != 0)
		__builtin_trap();
	world_free(&w);
	return 0;
}
