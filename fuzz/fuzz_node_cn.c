/* SPDX-License-Identifier: ISC */
/*
 * Stateful fuzz target for the correspondent node engine: a node with the
 * CN role is fed a sequence of records, each a time step and an event.
 * The first octet picks the configuration (cache capacity 1-4, M/G
 * offered, Binding Request lead, and bit 7 the foreign agent role).
 * Then each record is
 *   dt (1 octet: < 128 -> dt * 100 ms, else (dt & 127) * 10 s)
 *   kind (1 octet: bits 0-1 event, bits 2-3 source address)
 *   len (2 octets, big-endian; cut to what is left), body
 * with events 0 a raw UDP payload to port 434, 1 a Binding Update signed
 * by one of two home agents (body: flags, lifetime(16), home and care-of
 * selectors, mode: bit 0-1 Identification (timestamp, echo of the last
 * Binding Request, the announced nonce, random), bit 2 corrupt, bit 3
 * other home agent (nonces), then 4 octets of nonce), 2 a traffic report
 * (body[0] picks a cache entry or a random tunnel), 3 raw bytes after a
 * valid update. Nothing may crash or leak; every send must decode as a
 * Binding Acknowledge, Request or Warning; live tunnels must equal cache
 * entries. The foreign agent establishes registration keys (paper 6-9:
 * Diffie-Hellman from 512 bits, 113 to the first home agent, an RSA key,
 * S advertised), so raw requests with 96, 114, 116 and replies with 121,
 * 123, 125 reach its key code, and raw updates its smooth handoffs; no
 * update that fails its authentication (raw bytes, a spoiled MAC) may
 * add a binding (spec sheet 2.2 step 1).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip/mip_replay.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

#include "fuzz_node_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
f_malloc(size_t n, void *ud)
{
	(void)ud;
	return malloc(n);
}

static void *
f_calloc(size_t n, size_t s, void *ud)
{
	(void)ud;
	return calloc(n, s);
}

static void
f_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static void
f_fill(uint8_t *dst, size_t len, void *ud)
{
	uint64_t *s = ud;
	size_t i;

	for (i = 0; i < len; i++) {
		uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		dst[i] = (uint8_t)(z ^ (z >> 31));
	}
}

/* What the harness remembers of the node's output. */
struct seen {
	uint64_t br_ident; /* last Binding Request */
	long tunnels;	   /* added minus deleted */
	bool fa;	   /* the node is also a foreign agent */
};

static struct mip_ip4
addr(uint32_t base, uint8_t sel)
{
	struct mip_ip4 a = { base + (sel & 7U) };

	return a;
}

static const uint32_t ha_addrs[2] = { 0xc0000201U, 0xc0000202U };
#define CN_ADDR 0xcb007101U

/* Drains the queue, checking what every action must satisfy. */
static void
drain(struct mip_node *node, struct seen *s)
{
	struct mip_action a;
	struct mip_node_info info;

	while (mip_node_poll_action(node, &a) == 1) {
		struct mip_ba ba;
		struct mip_br br;
		struct mip_bw bw;
		struct mip_bu bu;

		if (a.type == MIP_ACT_TUNNEL_ADD)
			s->tunnels++;
		if (a.type == MIP_ACT_TUNNEL_DEL)
			s->tunnels--;
		if (a.type != MIP_ACT_SEND)
			continue;
		if (a.u.send.len == 0 || a.u.send.data == NULL)
			__builtin_trap();
		if (mip_br_decode(
			&br, a.u.send.data, a.u.send.len, NULL, NULL) == 0)
			s->br_ident = br.ident;
		else if (s->fa &&
		    (a.u.send.data[0] == MIP_MSG_REG_REQ ||
			a.u.send.data[0] == MIP_MSG_REG_REP))
			continue; /* the FA relaying or denying raw bytes */
		else if (s->fa &&
		    mip_bu_decode(
			&bu, a.u.send.data, a.u.send.len, NULL, NULL) == 0)
			continue; /* a smooth handoff's update (PAPER 9.4) */
		else if (mip_ba_decode(&ba, a.u.send.data, a.u.send.len, NULL,
			     NULL) != 0 &&
		    mip_bw_decode(
			&bw, a.u.send.data, a.u.send.len, NULL, NULL) != 0)
			__builtin_trap();
	}
	mip_node_info(node, &info);
	/* A foreign agent's visitors have tunnels of their own. */
	if (s->tunnels < 0 || (size_t)s->tunnels < info.cn_entries ||
	    (!s->fa && (size_t)s->tunnels != info.cn_entries) ||
	    info.cn_entries > info.cn_capacity)
		__builtin_trap();
}

static void
deliver(struct mip_node *node, struct mip_ip4 src, const uint8_t *buf,
    size_t len, const struct mip_now *now)
{
	struct mip_pkt_in p;

	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = 1;
	p.src = src;
	p.dst.v = CN_ADDR;
	p.sport = MIP_UDP_PORT;
	p.dport = MIP_UDP_PORT;
	p.ttl = 64;
	p.data = buf;
	p.len = len;
	if (mip_node_handle_packet(node, &p, now) != 0)
		__builtin_trap();
}

/* A signed Binding Update built from |b| (see the header). */
static size_t
build_bu(uint8_t *buf, size_t cap, struct mip_sa *const sa[2],
    const struct seen *s, const uint8_t *b, size_t n, const struct mip_now *now,
    struct mip_ip4 *src)
{
	struct mip_bu bu;
	struct mip_wbuf w;
	mip_ssize len;
	unsigned who;

	if (n < 6)
		return 0;
	who = (b[5] >> 3) & 1U;
	memset(&bu, 0, sizeof(bu));
	bu.flags = b[0] & (MIP_BU_F_A | MIP_BU_F_M | MIP_BU_F_G);
	bu.lifetime = (uint16_t)(b[1] << 8 | b[2]);
	bu.home_addr = addr(0xc000020aU, b[3]);
	bu.coa = (b[4] & 8) ? bu.home_addr : addr(0xc6336401U, b[4]);
	switch (b[5] & 3) {
	case 0:
		bu.ident = now->ntp + (b[5] >> 4);
		break;
	case 1:
		bu.ident = s->br_ident;
		break;
	default:
		bu.ident = n >= 10
		    ? ((uint64_t)b[6] << 56 | (uint64_t)b[7] << 48 |
			  (uint64_t)b[8] << 8 | b[9])
		    : 0;
		break;
	}
	if (bu.ident != 0)
		bu.flags |= MIP_BU_F_I;
	if ((len = mip_bu_encode(buf, cap, &bu, NULL)) < 0)
		return 0;
	mip_wbuf_init(&w, buf, cap);
	w.off = (size_t)len;
	if (mip_auth_append(&w, MIP_EXT_RO_AUTH, sa[who]) != 0)
		return 0;
	if (b[5] & 4)
		buf[w.off - 1] ^= 1;
	src->v = ha_addrs[who];
	return w.off;
}

static void
traffic(struct mip_node *node, uint8_t sel, const struct mip_now *now)
{
	struct mip_cache_info ci;
	struct mip_traffic tr;
	struct mip_iter it;
	unsigned k = sel & 3U;

	memset(&tr, 0, sizeof(tr));
	tr.kind = (sel & 0x80) ? MIP_TRAFFIC_UNMATCHED : MIP_TRAFFIC_TUNNELLED;
	tr.src.v = CN_ADDR;
	tr.dst = addr(0xc000020aU, sel >> 2);
	tr.tunnel_id = sel;
	/* Unmatched: tunnelled to us by a home agent or another node (a
	 * Binding Warning when cached, RO draft 4.1), or to someone else. */
	tr.outer_dst.v = (sel & 0x40) ? CN_ADDR : 0xcb007102U;
	tr.outer_src.v = (sel & 0x20) ? ha_addrs[0] : 0xc6336405U;
	memset(&it, 0, sizeof(it));
	while (mip_node_cache_next(node, &it, now, &ci) == 1)
		if (k-- == 0) {
			tr.dst = ci.home_addr;
			tr.tunnel_id = ci.tunnel_id;
			break;
		}
	if (mip_node_handle_traffic(node, &tr, now) != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mip_mem mem = { NULL, f_malloc, f_calloc, f_free };
	uint64_t seed = 42;
	struct mip_rand rnd = { &seed, f_fill };
	struct mip_if_config ifc;
	struct mip_sa_config sas[2];
	struct mip_cn_config cn;
	struct mip_fa_link_config fa_link;
	struct mip_fa_config fa;
	struct mip_node_config cfg;
	struct mip_now now = { 1000000000ULL, 3976214400ULL << 32 };
	struct mip_node *node = NULL;
	struct mip_sa *sa[2] = { NULL, NULL };
	struct seen s = { 0, 0, false };
	uint8_t buf[512];
	size_t i = 1, k, len;
	struct mip_ip4 src;
	uint8_t sel;
	const struct fz_rsa *rsa = fz_rsa();

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&ifc, 0, sizeof(ifc));
	ifc.ifindex = 1;
	ifc.addr.v = CN_ADDR;
	ifc.plen = 24;
	mip_cn_config_init(&cn);
	cn.capacity = 1U + (sel & 3U);
	cn.encaps = (uint8_t)((sel >> 2) & 3U);
	cn.br_lead_pct = (uint8_t)(((sel >> 4) & 7U) * 6U);
	for (k = 0; k < 2; k++) {
		mip_sa_config_init(&sas[k]);
		sas[k].peer.v = ha_addrs[k];
		sas[k].spi = 300 + (uint32_t)k;
		sas[k].key_len = 16;
		memset(sas[k].key, (int)(k + 1), 16);
	}
	sas[1].replay = MIP_REPLAY_NONCE;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_CN;
	cfg.ifs = &ifc;
	cfg.nifs = 1;
	cfg.sas = sas;
	cfg.nsas = 2;
	cfg.cn = &cn;
	cfg.profile = mip_profile_default;
	/* Bit 7: also a foreign agent, whose cache this is (special-tunnel
	 * entries, updates about visitors; mip_fa_ro.c). No periodic
	 * advertisements: only port-434 messages go out. */
	memset(&fa, 0, sizeof(fa));
	fa_link.ifindex = 1;
	fa_link.coa.v = CN_ADDR;
	fa.links = &fa_link;
	fa.nlinks = 1;
	fa.adv_lifetime = 1800;
	fa.reg_lifetime = 600;
	fa.dh_min_bits = 512;
	fa.key_req_ha = true;
	fa.rsa_pub_der = rsa->pub;
	fa.rsa_pub_len = rsa->pub_len;
	fa.rsa_priv_der = rsa->priv;
	fa.rsa_priv_len = rsa->priv_len;
	if (sel & 0x80) {
		cfg.roles |= MIP_ROLE_FA;
		cfg.fa = &fa;
		cfg.profile.s_mask = 0x0080;
		s.fa = true;
	}
	if (mip_node_new(&node, &cfg, &mem, &rnd, &now) != 0 ||
	    mip_sa_new(&sa[0], &sas[0], &mem) != 0 ||
	    mip_sa_new(&sa[1], &sas[1], &mem) != 0)
		__builtin_trap();
	drain(node, &s);
	while (i + 4 <= size) {
		uint8_t dt = data[i], kind = data[i + 1];
		size_t n = (size_t)(data[i + 2] << 8 | data[i + 3]);
		const uint8_t *body = data + i + 4;
		struct mip_node_info before, after;
		bool forged;
		mip_tstamp to;

		i += 4;
		if (n > size - i)
			n = size - i;
		i += n;
		to = now.mono +
		    ((dt & 0x80) ? (dt & 0x7fULL) * 10000000000ULL
				 : dt * 100000000ULL);
		/* Fire what falls due on the way, in order. */
		while (mip_node_next_expiry(node) <= to) {
			mip_tstamp next = mip_node_next_expiry(node);

			if (next > now.mono) {
				now.ntp += ((next - now.mono) / 1000000000ULL)
				    << 32;
				now.mono = next;
			}
			if (mip_node_handle_expiry(node, &now) != 0)
				__builtin_trap();
			drain(node, &s);
		}
		now.ntp += ((to - now.mono) / 1000000000ULL) << 32;
		now.mono = to;
		mip_node_info(node, &before);
		/* Raw bytes, or an update with a spoiled MAC. */
		forged = (kind & 3) == 0 ||
		    ((kind & 3) == 1 && n > 5 && (body[5] & 4));
		switch (kind & 3) {
		case 0:
			src.v = ha_addrs[(kind >> 2) & 1];
			deliver(node, src, body, n, &now);
			break;
		case 1:
			if ((len = build_bu(buf, sizeof(buf), sa, &s, body, n,
				 &now, &src)) > 0)
				deliver(node, src, buf, len, &now);
			break;
		case 2:
			traffic(node, n > 0 ? body[0] : 0, &now);
			break;
		default:
			if ((len = build_bu(buf, sizeof(buf) - 64, sa, &s, body,
				 n, &now, &src)) > 0 &&
			    n > 6) {
				k = n - 6 > 64 ? 64 : n - 6;
				memcpy(buf + len, body + 6, k);
				deliver(node, src, buf, len + k, &now);
			}
			break;
		}
		drain(node, &s);
		mip_node_info(node, &after);
		if (forged && after.cn_entries > before.cn_entries)
			__builtin_trap();
	}
	mip_sa_free(sa[0]);
	mip_sa_free(sa[1]);
	mip_node_del(node);
	return 0;
}
