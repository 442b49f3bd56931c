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
 *
 * Kind bit 4 plays the previous foreign agent's smooth handoff (paper
 * 4.3; spec sheet 2.2), with events
 *   0 a registration through the FA: the harness is the mobile node,
 *     whose configured MN-FA SA the FA holds, and the home agent
 *     (body[0]: bit 0 which mobile node, 1 no MN-FA authentication,
 *     2 a spoiled FA-HA authenticator, 3 a denial (129), 4 lifetime 0,
 *     5 a key request (116) answered with 121 under the FA-HA SA, 6 and
 *     a 125 naming another SPI,
 *     7 no reply), so the FA holds a per-visit key (HMAC-MD5 of the
 *     configured key and the relayed reply's Identification;
 *     mip_visit_key.h) and maybe a registration key;
 *   1 a Binding Update from the new FA as built from a PFANE (body[0]:
 *     bit 0 mobile node, bits 1-3 key: this visit's, the 121 key, the
 *     previous visit's, the configured key, a random one, a spoiled
 *     MAC; bits 4-5 = 3 a wrong SPI; body[1]: bits 0-1 New CoA (the new
 *     FA, the home address, ours), bits 2-3 M, G, bit 4 another source;
 *     body[2-3] Cache Lifetime), 2 the last one again, 3 as 1 with the
 *     rest of the body appended.
 * A forwarding entry may appear or change only after an update that
 * verifies under the current visit's key not spent yet (single use,
 * OPT-06 11.1); every handoff entry leads where such an update said.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/hmac.h>

#include "mip/mip_auth.h"
#include "mip/mip_keys.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_regkey.h"
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

/* A mobile node visiting the foreign agent, as the harness knows it. */
struct visit {
	uint64_t ident;	    /* the accepted reply relayed last; 0: none */
	uint64_t old_ident; /* the one before */
	bool regkey;	    /* a relayed reply carried our 121 */
	uint32_t regkey_spi;
	uint64_t regkey_ident; /* that reply's: the key differs per reply */
	bool spent;	       /* an update under this visit's key passed */
	bool handed;	       /* |coa| is where it went */
	struct mip_ip4 coa;
};

#define NVISIT 2

/* What the harness remembers of the node's output. */
struct seen {
	uint64_t br_ident; /* last Binding Request */
	long tunnels;	   /* added minus deleted */
	bool fa;	   /* the node is also a foreign agent */
	int ba_status;	   /* the last Binding Acknowledge's; -1 none */
	struct visit v[NVISIT];
	uint8_t bu[128]; /* the last smooth-handoff update, and its source */
	size_t bu_len;
	struct mip_ip4 bu_src;
	bool bu_good;
	unsigned bu_who;
};

static struct mip_ip4
addr(uint32_t base, uint8_t sel)
{
	struct mip_ip4 a = { base + (sel & 7U) };

	return a;
}

static const uint32_t ha_addrs[2] = { 0xc0000201U, 0xc0000202U };
#define CN_ADDR 0xcb007101U
#define HOME_BASE 0xc000020aU /* mobile node |who| is HOME_BASE + who */
#define NEW_FA 0xc6336407U    /* the next foreign agent */
#define MN_FA_SPI 500U	      /* + who: the configured MN-FA SAs */
#define REGKEY_SPI 0x20000U   /* + who: what a 121 names */

/* A reply the node relayed to a mobile node: its visit's key changes. */
static void
relayed_reply(struct seen *s, const struct mip_act_send *t)
{
	struct mip_reg_rep rep;
	struct visit *v;
	unsigned who;

	if (mip_reg_rep_decode(&rep, t->data, t->len, NULL, NULL) != 0 ||
	    rep.code > 1 || rep.home_addr.v - HOME_BASE >= NVISIT)
		return;
	who = rep.home_addr.v - HOME_BASE;
	v = &s->v[who];
	if (rep.ident != v->ident)
		v->old_ident = v->ident;
	/* Lifetime 0: the visitor and its keys go. */
	v->ident = rep.lifetime != 0 ? rep.ident : 0;
	/* A renewal without a key keeps the registration key. */
	if (rep.lifetime == 0)
		v->regkey = false;
	v->spent = false;
}

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
		if (mip_ba_decode(
			&ba, a.u.send.data, a.u.send.len, NULL, NULL) == 0)
			s->ba_status = ba.status;
		if (mip_br_decode(
			&br, a.u.send.data, a.u.send.len, NULL, NULL) == 0)
			s->br_ident = br.ident;
		else if (s->fa && a.u.send.data[0] == MIP_MSG_REG_REP)
			relayed_reply(s, &a.u.send);
		else if (s->fa && a.u.send.data[0] == MIP_MSG_REG_REQ)
			continue; /* the FA relaying raw bytes */
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

/* A UDP datagram to port 434 of ours; TTL 1 from the link (RFC 5944
 * 3.6.1.1), with a link-layer source. */
static void
deliver(struct mip_node *node, struct mip_ip4 src, uint8_t ttl,
    const uint8_t *buf, size_t len, const struct mip_now *now)
{
	static const uint8_t hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 0, 0x10 };
	struct mip_pkt_in p;

	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = 1;
	p.src = src;
	p.dst.v = CN_ADDR;
	p.sport = MIP_UDP_PORT;
	p.dport = MIP_UDP_PORT;
	p.ttl = ttl;
	p.has_hwaddr = ttl == 1;
	memcpy(p.src_hwaddr, hw, sizeof(hw));
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

/* The harness's copies of the configured MN-FA SAs' keys. */
static void
mn_fa_key(uint8_t key[16], unsigned who)
{
	memset(key, (int)(0x40 + who), 16);
}

/* The registration key a 121 carries for mobile node |who| in the
 * reply |ident|: a new one each time, as a home agent would pick. */
static void
reg_key(uint8_t key[16], unsigned who, uint64_t ident)
{
	memset(key, (int)(0xa0 + who), 8);
	memcpy(key + 8, &ident, sizeof(ident));
}

/* mip_visit_key.h, from its definition: HMAC-MD5(configured key, the
 * reply's Identification in network byte order). */
static void
visit_key(uint8_t key[16], unsigned who, uint64_t ident)
{
	uint8_t cfg_key[16], msg[8];
	unsigned len = 0;
	size_t i;

	mn_fa_key(cfg_key, who);
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(ident >> (56 - 8 * i));
	if (HMAC(EVP_md5(), cfg_key, 16, msg, 8, key, &len) == NULL ||
	    len != 16)
		__builtin_trap();
}

static struct mip_sa *
sa_of(const uint8_t key[16], struct mip_ip4 peer, uint32_t spi,
    const struct mip_mem *mem)
{
	struct mip_sa_config c;
	struct mip_sa *sa;

	mip_sa_config_init(&c);
	c.peer = peer;
	c.spi = spi;
	c.key_len = 16;
	memcpy(c.key, key, 16);
	if (mip_sa_new(&sa, &c, mem) != 0)
		__builtin_trap();
	return sa;
}

/* A 121 carrying |who|'s registration key under the FA-HA SA (spec
 * sheet 2.6.1: the MD5 pad over the reply so far), then a 125. */
static void
put_key_rep(
    struct mip_wbuf *w, unsigned who, uint8_t b, uint64_t ident, uint32_t *spi)
{
	static const uint8_t ha_key[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1 };
	struct mip_ext_regkey_key k = { MIP_EXT_FA_KEY_REP, 300, NULL, 16 };
	struct mip_ext_regkey_spi x = { MIP_EXT_SPI, 0 };
	uint8_t key[16];

	reg_key(key, who, ident);
	k.key = key;
	if (mip_ext_regkey_key_encode(w, &k) != 0 ||
	    mip_regkey_pad(w->p + w->off - 16, ha_key, sizeof(ha_key), w->p,
		w->off - 16, key) != 0)
		__builtin_trap();
	*spi = 300;
	if (b & 0x40) {
		x.spi = REGKEY_SPI + who;
		if (mip_ext_regkey_spi_encode(w, &x) != 0)
			__builtin_trap();
		*spi = x.spi;
	}
}

/* Kind 0x10: a registration of mobile node |who| through the FA (see
 * the header), the harness answering as its home agent. */
static void
do_register(struct mip_node *node, struct seen *s, struct mip_sa *const sa[2],
    uint8_t b, const struct mip_mem *mem, const struct mip_now *now)
{
	static uint32_t step;
	/* 116 with L = 0: any method (paper 9.1 step 6), so the FA asks
	 * the home agent with 113. */
	static const struct mip_ext_regkey_req any = { NULL, NULL, NULL, 0 };
	unsigned who = b & 1U;
	struct visit *v = &s->v[who];
	struct mip_reg_req req;
	struct mip_reg_rep rep;
	struct mip_wbuf w;
	struct mip_sa *mnfa;
	uint8_t buf[512], key[16];
	mip_ssize n;
	uint32_t key_spi = 0;
	bool with_key;

	memset(&req, 0, sizeof(req));
	req.lifetime = (b & 0x10) ? 0 : 300;
	req.home_addr.v = HOME_BASE + who;
	req.ha_addr.v = ha_addrs[0];
	req.coa.v = CN_ADDR;
	req.ident = now->ntp + ++step;
	if ((n = mip_reg_req_encode(buf, sizeof(buf), &req)) < 0)
		__builtin_trap();
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)n;
	/* MN-HA: a key the FA does not know, as in life. */
	if (mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa[1]) != 0 ||
	    ((b & 0x20) && mip_ext_regkey_req_encode(&w, &any) != 0))
		__builtin_trap();
	if (!(b & 2)) {
		mn_fa_key(key, who);
		mnfa = sa_of(key, req.home_addr, MN_FA_SPI + who, mem);
		if (mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, mnfa) != 0)
			__builtin_trap();
		mip_sa_free(mnfa);
	}
	deliver(node, req.home_addr, 1, buf, w.off, now);
	drain(node, s);
	if (b & 0x80)
		return;
	memset(&rep, 0, sizeof(rep));
	rep.code = (b & 8) ? 129 : MIP_CODE_ACCEPTED;
	rep.lifetime = req.lifetime;
	rep.home_addr = req.home_addr;
	rep.ha_addr = req.ha_addr;
	rep.ident = req.ident;
	if ((n = mip_reg_rep_encode(buf, sizeof(buf), &rep)) < 0)
		__builtin_trap();
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)n;
	if (mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa[1]) != 0)
		__builtin_trap();
	with_key = (b & 0x20) && rep.code == MIP_CODE_ACCEPTED;
	if (with_key)
		put_key_rep(&w, who, b, rep.ident, &key_spi);
	if (mip_auth_append(&w, MIP_EXT_FA_HA_AUTH, sa[0]) != 0)
		__builtin_trap();
	if (b & 4)
		buf[w.off - 1] ^= 1;
	deliver(node, req.ha_addr, 64, buf, w.off, now);
	drain(node, s);
	/* Relayed, so accepted: the FA holds the 121's key from now. */
	if (with_key && v->ident == rep.ident) {
		v->regkey = true;
		v->regkey_spi = key_spi;
		v->regkey_ident = rep.ident;
	}
}

/*
 * Kind 0x11, 0x13: a smooth-handoff update about mobile node |who| from
 * the new FA, as mip_pfane_bu_build makes it from the mobile node's
 * PFANE (see the header). Returns its length in s->bu, 0 for none; sets
 * s->bu_good when it is the one update the FA must accept.
 */
static size_t
smooth_bu(struct seen *s, const uint8_t *b, size_t n, uint64_t rnd,
    const struct mip_mem *mem)
{
	unsigned who, pick;
	struct visit *v;
	struct mip_ext_pfane pf;
	struct mip_ip4 home;
	struct mip_sa *sa;
	uint8_t in[64], key[16], mac[MIP_AUTH_MAX_LEN], flags;
	uint32_t spi;
	mip_ssize len;
	uint64_t ident;
	bool right;

	if (n < 4)
		return 0;
	who = b[0] & 1U;
	pick = (b[0] >> 1) & 7U;
	v = &s->v[who];
	spi = MN_FA_SPI + who;
	ident = v->ident;
	home.v = HOME_BASE + who;
	switch (pick) {
	case 1: /* the registration key of a 121 */
		reg_key(key, who, v->regkey_ident);
		spi = v->regkey_spi != 0 ? v->regkey_spi : REGKEY_SPI + who;
		right = v->regkey;
		break;
	case 2: /* the previous visit's */
		ident = v->old_ident;
		visit_key(key, who, ident);
		right = ident == v->ident && ident != 0;
		break;
	case 3: /* the configured key itself */
		mn_fa_key(key, who);
		right = false;
		break;
	case 4: /* anything */
		memcpy(key, &rnd, sizeof(rnd));
		memcpy(key + 8, &rnd, sizeof(rnd));
		right = false;
		break;
	default:
		visit_key(key, who, ident);
		right = ident != 0;
		break;
	}
	if (((b[0] >> 4) & 3U) == 3) {
		spi ^= 1;
		right = false;
	}
	memset(&pf, 0, sizeof(pf));
	pf.cache_lifetime = (uint16_t)(b[2] << 8 | b[3]);
	pf.prev_fa_addr.v = CN_ADDR;
	switch (b[1] & 3) {
	case 2:
		pf.new_coa = home;
		break;
	case 3:
		pf.new_coa.v = CN_ADDR; /* ours: 129 */
		break;
	default:
		pf.new_coa.v = NEW_FA;
		break;
	}
	pf.spi = spi;
	pf.auth_len = 16;
	flags = (uint8_t)(((b[1] & 4) ? MIP_RRQ_F_M : 0) |
	    ((b[1] & 8) ? MIP_RRQ_F_G : 0));
	if ((len = mip_pfane_auth_input(
		 in, sizeof(in), &pf, home, flags, NULL)) < 0)
		__builtin_trap();
	sa = sa_of(key, home, spi, mem);
	if (mip_auth_compute(sa, in, (size_t)len, mac) != 0)
		__builtin_trap();
	mip_sa_free(sa);
	if (pick == 5) {
		mac[0] ^= 1;
		right = false;
	}
	pf.authenticator = mac;
	if ((len = mip_pfane_bu_build(
		 s->bu, sizeof(s->bu), &pf, home, flags, NULL)) < 0)
		__builtin_trap();
	s->bu_src.v = (b[1] & 0x10) ? NEW_FA + 1 : NEW_FA;
	s->bu_good = right && !v->spent;
	s->bu_who = who;
	return s->bu_len = (size_t)len;
}

/* The cache entry for |home|, if any. */
static bool
entry_of(struct mip_node *node, struct mip_ip4 home, const struct mip_now *now,
    struct mip_cache_info *out)
{
	struct mip_iter it;

	memset(&it, 0, sizeof(it));
	memset(out, 0, sizeof(*out));
	while (mip_node_cache_next(node, &it, now, out) == 1)
		if (mip_ip4_eq(out->home_addr, home))
			return true;
	memset(out, 0, sizeof(*out));
	return false;
}

/* Spec sheet 2.2: only the visit's key, once, moves the binding; every
 * handoff entry leads where an accepted update said. */
static void
check_handoffs(
    struct mip_node *node, const struct seen *s, const struct mip_now *now)
{
	struct mip_cache_info ci;
	struct mip_iter it;
	const struct visit *v;

	memset(&it, 0, sizeof(it));
	while (mip_node_cache_next(node, &it, now, &ci) == 1) {
		/* A special tunnel (RO spec 3) leads to the home address;
		 * mip_node_info calls it a handoff's when a handoff record
		 * sent that mobile node home. */
		if (!ci.handoff || mip_ip4_eq(ci.coa, ci.home_addr))
			continue;
		if (ci.home_addr.v - HOME_BASE >= NVISIT)
			__builtin_trap();
		v = &s->v[ci.home_addr.v - HOME_BASE];
		if (!v->handed || !mip_ip4_eq(v->coa, ci.coa))
			__builtin_trap();
	}
}

/* Kind bit 4: the smooth-handoff records. */
static void
smooth(struct mip_node *node, struct seen *s, struct mip_sa *const sa[2],
    uint8_t kind, const uint8_t *body, size_t n, uint64_t rnd,
    const struct mip_mem *mem, const struct mip_now *now)
{
	struct mip_cache_info before, after;
	struct visit *v;
	uint8_t buf[sizeof(s->bu) + 64];
	size_t len = 0, k;
	bool had, has;

	switch (kind & 3) {
	case 0:
		if (n > 0)
			do_register(node, s, sa, body[0], mem, now);
		return;
	case 1:
	case 3:
		if ((len = smooth_bu(s, body, n, rnd, mem)) == 0)
			return;
		memcpy(buf, s->bu, len);
		if ((kind & 3) == 3 && n > 4) {
			k = n - 4 > 64 ? 64 : n - 4;
			memcpy(buf + len, body + 4, k);
			len += k;
		}
		break;
	default: /* the last update again: spent by now, if it passed */
		if ((len = s->bu_len) == 0)
			return;
		memcpy(buf, s->bu, len);
		s->bu_good = s->bu_good && !s->v[s->bu_who].spent;
		break;
	}
	v = &s->v[s->bu_who];
	had = entry_of(
	    node, (struct mip_ip4){ HOME_BASE + s->bu_who }, now, &before);
	s->ba_status = -1;
	deliver(node, s->bu_src, 64, buf, len, now);
	drain(node, s);
	has = entry_of(
	    node, (struct mip_ip4){ HOME_BASE + s->bu_who }, now, &after);
	/* Only an update under this visit's key, unspent, changes it. */
	if (!s->bu_good &&
	    (had != has || !mip_ip4_eq(before.coa, after.coa) ||
		before.lifetime != after.lifetime ||
		before.tunnel_id != after.tunnel_id))
		__builtin_trap();
	if (s->bu_good &&
	    (s->ba_status == MIP_BA_ACCEPTED ||
		s->ba_status == MIP_BA_RESOURCES)) {
		/* Both keys went with the visitor. */
		v->spent = true;
		v->handed = has && after.handoff;
		v->coa = after.coa;
	}
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
	struct mip_sa_config sas[2 + NVISIT];
	struct mip_cn_config cn;
	struct mip_fa_link_config fa_link;
	struct mip_fa_config fa;
	struct mip_node_config cfg;
	struct mip_now now = { 1000000000ULL, 3976214400ULL << 32 };
	struct mip_node *node = NULL;
	struct mip_sa *sa[2] = { NULL, NULL };
	struct seen s;
	uint8_t buf[512];
	size_t i = 1, k, len;
	struct mip_ip4 src;
	uint8_t sel;
	const struct fz_rsa *rsa = fz_rsa();

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&s, 0, sizeof(s));
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
	/* Configured MN-FA SAs with the visiting mobile nodes. */
	for (k = 0; k < NVISIT; k++) {
		mip_sa_config_init(&sas[2 + k]);
		sas[2 + k].peer.v = HOME_BASE + (uint32_t)k;
		sas[2 + k].spi = MN_FA_SPI + (uint32_t)k;
		sas[2 + k].key_len = 16;
		mn_fa_key(sas[2 + k].key, (unsigned)k);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_CN;
	cfg.ifs = &ifc;
	cfg.nifs = 1;
	cfg.sas = sas;
	cfg.nsas = 2 + NVISIT;
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
		if (kind & 0x10) {
			if (s.fa)
				smooth(node, &s, sa, kind, body, n, seed, &mem,
				    &now);
			check_handoffs(node, &s, &now);
			continue;
		}
		/* Raw bytes, or an update with a spoiled MAC. */
		forged = (kind & 3) == 0 ||
		    ((kind & 3) == 1 && n > 5 && (body[5] & 4));
		switch (kind & 3) {
		case 0:
			src.v = ha_addrs[(kind >> 2) & 1];
			deliver(node, src, 64, body, n, &now);
			break;
		case 1:
			if ((len = build_bu(buf, sizeof(buf), sa, &s, body, n,
				 &now, &src)) > 0)
				deliver(node, src, 64, buf, len, &now);
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
				deliver(node, src, 64, buf, len + k, &now);
			}
			break;
		}
		drain(node, &s);
		mip_node_info(node, &after);
		if (forged && after.cn_entries > before.cn_entries)
			__builtin_trap();
		check_handoffs(node, &s, &now);
	}
	mip_sa_free(sa[0]);
	mip_sa_free(sa[1]);
	mip_node_del(node);
	return 0;
}
