/* SPDX-License-Identifier: ISC */
/*
 * Stateful fuzz target for the mobile node engine: a node with the MN
 * role is fed a sequence of records, each a time step and an event. The
 * first octet picks the configuration (bit 0 co-located, 1 nonces, 2
 * dynamic home agent discovery, 3 S, 4 T, 5 a configured MN-FA SA with
 * the first foreign agent, bits 6-7 the registration-key method: off,
 * Diffie-Hellman in the 1024-bit group, RSA, any; with a method the RO
 * profile with an S bit). Then each record is
 *   dt (1 octet: < 128 -> dt * 100 ms, else (dt & 127) * 10 s)
 *   kind (1 octet: bits 0-1 event, bits 2-3 source address)
 *   len (2 octets, big-endian; cut to what is left), body
 * with events 0 a UDP payload from port 434, 1 an ICMP message, 2 a
 * Registration Reply to the last request, signed with the home agent key
 * (body: code, lifetime(16), flags: bit 0 unsigned, bit 1 corrupt, bit 2
 * wrong Identification, bit 3 add MN-FA authentication, then the nonce), 3 a link event or command
 * (body[0]).
 * With bit 6 of kind set the record is about registration keys and
 * smooth handoff (paper 4, 6-9; RO spec 2.2, 2.6) and bits 2-3 say:
 *   0 an agent advertisement: body[0] bit 0 the second agent, bit 1 S;
 *   1 a Registration Reply as event 2 (body[0-3]) with key extensions
 *     before its Mobile-Home authentication (after it with bit 7 of
 *     body[4]): body[4] bits 0-5 add 120, 121, 122, 123, 124, 125, bit 6
 *     garbage key material (the rest of the body) instead of a key the
 *     harness encrypts for the node; body[5-8] the SPI;
 *   2 a Binding Acknowledge from the previous agent: body[0] status,
 *     body[1] bit 0 signed with the key last given, else with another,
 *     bit 1 unsigned, bit 2 corrupt, bit 3 nonzero Identification, bit 4
 *     from the second agent, bit 5 SPI body[2-5] instead of the key's;
 *   3 raw bytes to port 434 from the agent body[0] & 1.
 * Nothing may crash, leak or break the action contract, and no record
 * but a reply that passes the Mobile-Home authentication may add a
 * security association (a registration key).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_adv.h"
#include "mip/mip_keys.h"
#include "mip/mip_regkey.h"
#include "mip/mip_ro.h"
#include "mip/mip_sa.h"

#include "fuzz_node_keys.h"

#define S_MASK 0x0080
#define SAS_MAX 16

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

struct last_req {
	bool have;
	struct mip_ip4 dst, ha_addr;
	uint64_t ident;
	uint8_t dh_value[MIP_DH_MAX_LEN]; /* the 116's, when it had one */
	size_t dh_len;
	/* The key the harness last encrypted for the node. */
	bool have_key;
	struct mip_ip4 key_fa;
	uint32_t key_spi;
	uint8_t key[MIP_REGKEY_LEN];
};

/* The node's security associations, (peer, SPI). */
struct sa_set {
	size_t n;
	uint32_t peer[SAS_MAX], spi[SAS_MAX];
};

static struct mip_ip4
source(unsigned k)
{
	static const uint32_t srcs[4] = { 0xc0a80201U, 0xc0a80301U, 0x0a010001U,
		0x0a010002U };
	struct mip_ip4 a = { srcs[k & 3] };

	return a;
}

static void
sa_snap(struct mip_node *node, struct sa_set *s)
{
	struct mip_sa_info si;
	struct mip_iter it;

	memset(&it, 0, sizeof(it));
	s->n = 0;
	while (mip_node_sa_next(node, &it, &si) == 1) {
		if (s->n == SAS_MAX)
			__builtin_trap();
		s->peer[s->n] = si.peer.v;
		s->spi[s->n++] = si.spi;
	}
}

/* Paper 6.3, 7.4: a key counts only when the home agent vouches for it;
 * every SA now must have been there before. */
static void
sa_no_new(struct mip_node *node, const struct sa_set *before)
{
	struct sa_set now;
	size_t i, j;

	sa_snap(node, &now);
	for (i = 0; i < now.n; i++) {
		for (j = 0; j < before->n; j++)
			if (now.peer[i] == before->peer[j] &&
			    now.spi[i] == before->spi[j])
				break;
		if (j == before->n)
			__builtin_trap();
	}
}

/* Remembers the Diffie-Hellman value of request |q|, if any. */
static void
keep_dh(struct last_req *lr, const struct mip_reg_req *q)
{
	const struct mip_ext *e =
	    mip_exts_find(&q->exts, MIP_EXT_REGKEY_REQ, 0);
	struct mip_ext_regkey_req r;

	lr->dh_len = 0;
	if (e == NULL || mip_ext_regkey_req_decode(&r, e, NULL) != 0 ||
	    r.l == 0 || r.l > sizeof(lr->dh_value))
		return;
	memcpy(lr->dh_value, r.value, r.l);
	lr->dh_len = r.l;
}

/* Drains the queue, checking what every action must satisfy. */
static void
drain(struct mip_node *node, struct last_req *lr)
{
	struct mip_action a;

	while (mip_node_poll_action(node, &a) == 1) {
		struct mip_reg_req q;
		struct mip_bu bu;

		if (a.type != MIP_ACT_SEND)
			continue;
		if (a.u.send.len == 0 || a.u.send.data == NULL)
			__builtin_trap();
		if (a.u.send.kind != MIP_PKT_UDP)
			continue;
		/* Paper 4.3: the update to the previous agent. */
		if (mip_bu_decode(
			&bu, a.u.send.data, a.u.send.len, NULL, NULL) == 0)
			continue;
		/* Our own requests must decode. */
		if (mip_reg_req_decode(
			&q, a.u.send.data, a.u.send.len, NULL, NULL) != 0)
			__builtin_trap();
		lr->have = true;
		lr->dst = a.u.send.dst;
		lr->ha_addr = q.ha_addr;
		lr->ident = q.ident;
		keep_dh(lr, &q);
	}
}

static uint32_t
be32(const uint8_t *b, size_t n, size_t at)
{
	uint32_t v = 0;
	size_t i;

	for (i = at; i < at + 4; i++)
		v = v << 8 | (i < n ? b[i] : 0);
	return v;
}

/*
 * Appends the key extensions body[4] asks for (see the header) and
 * records the key the harness meant the node to get.
 */
static void
key_exts(struct mip_wbuf *w, struct last_req *lr,
    const struct mip_sa_config *ha, const uint8_t *b, size_t n)
{
	static const uint8_t types[6] = { MIP_EXT_HM_KEY_REP,
		MIP_EXT_FA_KEY_REP, MIP_EXT_MN_PUBKEY_REP,
		MIP_EXT_FA_PUBKEY_REP, MIP_EXT_DH_KEY_REP, MIP_EXT_SPI };
	const struct fz_rsa *rsa = fz_rsa();
	uint8_t mask = n > 4 ? b[4] : 0, mat[MIP_DH_MAX_LEN];
	uint32_t spi = be32(b, n, 5);
	size_t k;

	memset(lr->key, 0xa0 ^ (int)(spi & 0xff), sizeof(lr->key));
	lr->key_spi = spi;
	lr->key_fa = lr->dst;
	lr->have_key = false;
	for (k = 0; k < 6; k++) {
		struct mip_ext_regkey_key x = { types[k], spi, mat, 0 };
		mip_ssize len = 0;
		size_t at = w->off + 3 + 4;
		size_t g = n > 9 ? n - 9 : 0;
		size_t p_len;
		uint8_t gen[MIP_DH_MAX_LEN];
		const uint8_t *p;

		if (!(mask & (1U << k)))
			continue;
		if (types[k] == MIP_EXT_SPI) {
			struct mip_ext_regkey_spi xs = { MIP_EXT_SPI, spi };

			(void)mip_ext_regkey_spi_encode(w, &xs);
			continue;
		}
		if (mask & 0x40) {
			/* Garbage of the fuzzer's choosing. */
			x.key = g > 0 ? b + 9 : b;
			x.key_len = g > 0 ? (g > 600 ? 600 : g) : 1;
			(void)mip_ext_regkey_key_encode(w, &x);
			continue;
		}
		switch (types[k]) {
		case MIP_EXT_HM_KEY_REP:
			/* Spec 2.6.1: under the MN-HA SA, which 120 names. */
			x.spi = ha->spi;
			x.key = lr->key;
			x.key_len = MIP_REGKEY_LEN;
			if (mip_ext_regkey_key_encode(w, &x) == 0 &&
			    mip_regkey_pad(w->p + at, ha->key, ha->key_len,
				w->p, at, lr->key) == 0)
				lr->have_key = true;
			continue;
		case MIP_EXT_MN_PUBKEY_REP:
		case MIP_EXT_FA_PUBKEY_REP:
			len = mip_rsa_encrypt_key(
			    mat, sizeof(mat), rsa->pub, rsa->pub_len, lr->key);
			break;
		case MIP_EXT_DH_KEY_REP:
			/* The agent's side of the node's exchange. */
			p = mip_dh_group(1024, &p_len, gen);
			if (p == NULL || lr->dh_len != p_len ||
			    mip_dh_public(mat, p, gen, p_len, fz_dh_priv,
				sizeof(fz_dh_priv)) != 0 ||
			    mip_dh_key(lr->key, p, p_len, fz_dh_priv,
				sizeof(fz_dh_priv), lr->dh_value) != 0)
				continue;
			len = (mip_ssize)p_len;
			break;
		default:
			memcpy(mat, lr->key, MIP_REGKEY_LEN);
			len = MIP_REGKEY_LEN;
			break;
		}
		if (len <= 0)
			continue;
		x.key_len = (size_t)len;
		if (mip_ext_regkey_key_encode(w, &x) == 0 &&
		    types[k] != MIP_EXT_FA_KEY_REP &&
		    types[k] != MIP_EXT_FA_PUBKEY_REP)
			lr->have_key = true;
	}
}

/* A reply to the last request; |keyed| adds key extensions. Returns
 * whether its Mobile-Home authenticator is good. */
static bool
signed_reply(struct mip_node *node, struct mip_sa *sa, struct mip_sa *fa_sa,
    const struct mip_sa_config *ha, struct last_req *lr, const uint8_t *b,
    size_t n, bool keyed, const struct mip_now *now)
{
	uint8_t buf[2048];
	struct mip_reg_rep r;
	struct mip_pkt_in p;
	struct mip_wbuf w;
	mip_ssize len;
	bool after = keyed && n > 4 && (b[4] & 0x80);

	if (!lr->have || n < 4)
		return false;
	memset(&r, 0, sizeof(r));
	r.code = b[0];
	r.lifetime = (uint16_t)(b[1] << 8 | b[2]);
	r.home_addr = mip_ip4_make(10, 1, 0, 10);
	r.ha_addr = r.code == MIP_CODE_HA_UNKNOWN_HA ? mip_ip4_make(10, 1, 0, 1)
						     : lr->ha_addr;
	r.ident = lr->ident;
	if (n >= 8 && !keyed)
		r.ident = ((uint64_t)b[4] << 56 | (uint64_t)b[5] << 48 |
			      (uint64_t)b[6] << 40 | (uint64_t)b[7] << 32) |
		    (lr->ident & 0xffffffffU);
	if (b[3] & 4)
		r.ident ^= 1;
	len = mip_reg_rep_encode(buf, sizeof(buf), &r);
	if (len < 0)
		return false;
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)len;
	if (keyed && !after)
		key_exts(&w, lr, ha, b, n);
	if (!(b[3] & 1) && mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa) != 0)
		return false;
	if (after)
		key_exts(&w, lr, ha, b, n);
	if ((b[3] & 8) && mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, fa_sa) != 0)
		return false;
	if (b[3] & 2)
		buf[w.off - 1] ^= 1;
	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = 1;
	p.src = lr->dst;
	p.dst = r.home_addr;
	p.sport = MIP_UDP_PORT;
	p.dport = MIP_UDP_PORT;
	p.ttl = 64;
	p.data = buf;
	p.len = w.off;
	if (mip_node_handle_packet(node, &p, now) != 0)
		__builtin_trap();
	/* The corruption hits the last extension written. */
	return !(b[3] & 1) && !((b[3] & 2) && !(b[3] & 8) && !after);
}

static void
udp_from(struct mip_node *node, struct mip_ip4 src, const uint8_t *data,
    size_t len, const struct mip_now *now)
{
	struct mip_pkt_in p;

	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_UDP;
	p.ifindex = 1;
	p.src = src;
	p.dst = mip_ip4_make(10, 1, 0, 10);
	p.sport = MIP_UDP_PORT;
	p.dport = MIP_UDP_PORT;
	p.ttl = 64;
	p.data = data;
	p.len = len;
	if (mip_node_handle_packet(node, &p, now) != 0)
		__builtin_trap();
}

/* Paper 4.3: the previous agent's acknowledgement (see the header). */
static void
binding_ack(struct mip_node *node, const struct last_req *lr,
    const struct mip_mem *mem, const uint8_t *b, size_t n,
    const struct mip_now *now)
{
	uint8_t buf[MIP_BA_LEN + 64];
	struct mip_sa_config c;
	struct mip_sa *sa;
	struct mip_wbuf w;
	struct mip_ba ba;
	uint8_t fl = n > 1 ? b[1] : 0;

	memset(&ba, 0, sizeof(ba));
	ba.status = n > 0 ? b[0] : 0;
	ba.home_addr = mip_ip4_make(10, 1, 0, 10);
	ba.ident = (fl & 8) ? 1 : 0;
	if (mip_ba_encode(buf, sizeof(buf), &ba, NULL) != MIP_BA_LEN)
		__builtin_trap();
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = MIP_BA_LEN;
	mip_sa_config_init(&c);
	c.peer = lr->key_fa;
	c.spi = (fl & 32) ? be32(b, n, 2) : lr->key_spi;
	c.key_len = MIP_REGKEY_LEN;
	memcpy(c.key, lr->key, MIP_REGKEY_LEN);
	if (!(fl & 1))
		c.key[0] ^= 0x55;
	/* An SPI below 256 makes no SA (RFC 5944 1.6): unsigned then. */
	if (!(fl & 2) && mip_sa_new(&sa, &c, mem) == 0) {
		(void)mip_auth_append(&w, MIP_EXT_RO_AUTH, sa);
		mip_sa_free(sa);
	}
	if (fl & 4)
		buf[w.off - 1] ^= 1;
	udp_from(node, source((fl >> 4) & 1), buf, w.off, now);
}

static void
advert(struct mip_node *node, uint8_t sel, const struct mip_now *now)
{
	struct mip_ip4 src = source(sel & 1);
	struct mip_pkt_in p;
	struct mip_adv a;
	uint8_t b[256];
	mip_ssize n;

	memset(&a, 0, sizeof(a));
	a.code = MIP_ICMP_ADV_CODE_NORMAL;
	a.num_addrs = 1;
	a.entry_size = 2;
	a.lifetime = 3000;
	a.routers[0].addr = src;
	a.is_agent = true;
	a.mob.seq = sel;
	a.mob.reg_lifetime = 600;
	a.mob.flags = (uint16_t)(MIP_ADV_F_F | ((sel & 2) ? S_MASK : 0));
	a.mob.n_coa = 1;
	a.mob.coa[0] = src;
	a.has_prefix = true;
	a.prefix_len[0] = 24;
	mip_adv_set_order(&a, false);
	if ((n = mip_adv_encode(b, sizeof(b), &a)) <= 0)
		__builtin_trap();
	memset(&p, 0, sizeof(p));
	p.kind = MIP_PKT_ICMP;
	p.ifindex = 1;
	p.src = src;
	p.dst = mip_ip4_make(224, 0, 0, 1);
	p.ttl = 1;
	p.has_hwaddr = true;
	p.src_hwaddr[5] = (uint8_t)(0xf1 + (sel & 1));
	p.data = b;
	p.len = (size_t)n;
	if (mip_node_handle_packet(node, &p, now) != 0)
		__builtin_trap();
}

/* A registration-key record (kind bit 6); returns whether it may add a
 * security association. */
static bool
key_record(struct mip_node *node, struct mip_sa *const sas[2],
    const struct mip_sa_config *ha, struct last_req *lr,
    const struct mip_mem *mem, uint8_t kind, const uint8_t *body, size_t n,
    const struct mip_now *now)
{
	switch ((kind >> 2) & 3) {
	case 0:
		advert(node, n > 0 ? body[0] : 0, now);
		return false;
	case 1:
		return signed_reply(
		    node, sas[0], sas[1], ha, lr, body, n, true, now);
	case 2:
		binding_ack(node, lr, mem, body, n, now);
		return false;
	default:
		udp_from(node, source(n > 0 ? body[0] & 1 : 0),
		    n > 0 ? body + 1 : body, n > 0 ? n - 1 : 0, now);
		return false;
	}
}

static void
event(struct mip_node *node, uint8_t e, const struct mip_now *now)
{
	struct mip_link_event ev;
	struct mip_cmd c;

	memset(&ev, 0, sizeof(ev));
	memset(&c, 0, sizeof(c));
	ev.ifindex = 1;
	switch (e % 7) {
	case 0:
		ev.kind = MIP_LINK_UP;
		break;
	case 1:
		ev.kind = MIP_LINK_DOWN;
		break;
	case 2:
		ev.kind = MIP_LINK_ADDR;
		ev.addr = mip_ip4_make(192, 168, 2, (uint8_t)(e | 1));
		ev.plen = 24;
		break;
	case 3:
		ev.kind = MIP_LINK_ADDR; /* address gone */
		break;
	default:
		c.kind = e % 7 == 4 ? MIP_CMD_REGISTER
		    : e % 7 == 5    ? MIP_CMD_DEREGISTER
				    : MIP_CMD_SOLICIT;
		(void)mip_node_handle_cmd(node, &c, now);
		return;
	}
	if (mip_node_handle_link(node, &ev, now) != 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mip_mem mem = { NULL, f_malloc, f_calloc, f_free };
	uint64_t seed = 42;
	struct mip_rand rnd = { &seed, f_fill };
	struct mip_if_config ifc;
	struct mip_sa_config sas[3], cfg_sas[3];
	struct mip_mn_config mn;
	struct mip_node_config cfg;
	struct mip_now now = { 1000000000ULL, 3976214400ULL << 32 };
	struct mip_node *node = NULL;
	struct mip_sa *sa[2] = { NULL, NULL };
	struct last_req lr;
	const struct fz_rsa *rsa = fz_rsa();
	size_t i = 1, k;
	uint8_t sel;
	static const enum mip_mn_regkey methods[4] = { MIP_MN_REGKEY_OFF,
		MIP_MN_REGKEY_DH, MIP_MN_REGKEY_RSA, MIP_MN_REGKEY_ANY };

	if (size < 1)
		return 0;
	sel = data[0];
	memset(&lr, 0, sizeof(lr));
	memset(&ifc, 0, sizeof(ifc));
	ifc.ifindex = 1;
	ifc.addr = mip_ip4_make(10, 1, 0, 10);
	ifc.plen = 24;
	ifc.hwaddr[5] = 0x0a;
	memset(&mn, 0, sizeof(mn));
	mn.home_addr = ifc.addr;
	mn.home_plen = 24;
	mn.ha_addr =
	    (sel & 4) ? mip_ip4_make(0, 0, 0, 0) : mip_ip4_make(10, 1, 0, 1);
	mn.spi = 256;
	mn.home_ifindex = 1;
	mn.lifetime = 600;
	mn.colocated = (sel & 1) != 0;
	mn.flags = (uint8_t)(((sel & 8) ? MIP_RRQ_F_S : 0) |
	    ((sel & 16) ? MIP_RRQ_F_T : 0) | MIP_RRQ_F_G);
	memcpy(mn.nai, "mn@fuzz", 7);
	mn.regkey = methods[sel >> 6];
	mn.dh_bits = 1024;
	mn.rsa_pub = rsa->pub;
	mn.rsa_pub_len = rsa->pub_len;
	mn.rsa_priv = rsa->priv;
	mn.rsa_priv_len = rsa->priv_len;
	mn.sh_lifetime = (uint16_t)(sel & 0x20 ? 3 : 0);
	for (k = 0; k < 3; k++) {
		mip_sa_config_init(&sas[k]);
		sas[k].key_len = 16;
		memset(sas[k].key, (int)(k + 1), 16);
	}
	sas[0].peer = mn.ha_addr;
	sas[0].spi = 256;
	sas[0].replay = (sel & 2) ? MIP_REPLAY_NONCE : MIP_REPLAY_TIMESTAMP;
	sas[1].peer = mip_ip4_make(192, 168, 2, 1);
	sas[1].spi = 300;
	/* Room in the SA table (twice the configured count) for keys. */
	sas[2].peer = mip_ip4_make(10, 9, 9, 9);
	sas[2].spi = 999;
	cfg_sas[0] = sas[0];
	cfg_sas[1] = (sel & 32) ? sas[1] : sas[2];
	cfg_sas[2] = sas[2];
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_MN;
	cfg.ifs = &ifc;
	cfg.nifs = 1;
	cfg.sas = cfg_sas;
	cfg.nsas = (sel & 32) ? 3 : 2;
	cfg.mn = &mn;
	if (mn.regkey != MIP_MN_REGKEY_OFF) {
		cfg.profile = mip_profile_default;
		cfg.profile.s_mask = S_MASK;
	}
	if (mip_node_new(&node, &cfg, &mem, &rnd, &now) != 0 ||
	    mip_sa_new(&sa[0], &sas[0], &mem) != 0 ||
	    mip_sa_new(&sa[1], &sas[1], &mem) != 0)
		__builtin_trap();
	drain(node, &lr);
	while (i + 4 <= size) {
		uint8_t dt = data[i], kind = data[i + 1];
		size_t n = (size_t)(data[i + 2] << 8 | data[i + 3]);
		const uint8_t *body = data + i + 4;
		struct mip_pkt_in p;
		struct sa_set before;
		bool may_key = false;
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
			drain(node, &lr);
		}
		now.ntp += ((to - now.mono) / 1000000000ULL) << 32;
		now.mono = to;
		sa_snap(node, &before);
		if (kind & 0x40) {
			/* Keys only from an accepted reply the home agent
			 * vouches for, before its authenticator (paper 6.3;
			 * the per-visit key of a configured SA aside). */
			may_key = key_record(node, sa, &sas[0], &lr, &mem, kind,
				      body, n, &now) &&
			    body[0] <= MIP_CODE_ACCEPTED_NO_SIMUL &&
			    (!(n > 4 && (body[4] & 0x80)) || (sel & 32));
			drain(node, &lr);
			if (!may_key)
				sa_no_new(node, &before);
			continue;
		}
		switch (kind & 3) {
		case 0:
		case 1:
			memset(&p, 0, sizeof(p));
			p.kind = (kind & 3) == 0 ? MIP_PKT_UDP : MIP_PKT_ICMP;
			p.ifindex = 1;
			p.src = source(kind >> 2);
			p.dst = mn.home_addr;
			p.sport = MIP_UDP_PORT;
			p.dport = MIP_UDP_PORT;
			p.ttl = 1;
			p.has_hwaddr = (kind & 0x10) != 0;
			p.src_hwaddr[5] = kind;
			p.data = body;
			p.len = n;
			if (mip_node_handle_packet(node, &p, &now) != 0)
				__builtin_trap();
			break;
		case 2:
			may_key = signed_reply(node, sa[0], sa[1], &sas[0], &lr,
			    body, n, false, &now);
			break;
		default:
			event(node, n > 0 ? body[0] : 0, &now);
			break;
		}
		drain(node, &lr);
		if (!may_key)
			sa_no_new(node, &before);
	}
	mip_sa_free(sa[0]);
	mip_sa_free(sa[1]);
	mip_node_del(node);
	return 0;
}
