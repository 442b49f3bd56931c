/* SPDX-License-Identifier: ISC */
/*
 * Stateful fuzz target for the mobile node engine: a node with the MN
 * role is fed a sequence of records, each a time step and an event. The
 * first octet picks the configuration (co-located, nonces, dynamic home
 * agent discovery, S, T). Then each record is
 *   dt (1 octet: < 128 -> dt * 100 ms, else (dt & 127) * 10 s)
 *   kind (1 octet: bits 0-1 event, bits 2-3 source address)
 *   len (2 octets, big-endian; cut to what is left), body
 * with events 0 a UDP payload from port 434, 1 an ICMP message, 2 a
 * Registration Reply to the last request, signed with the home agent key
 * (body: code, lifetime(16), flags: bit 0 unsigned, bit 1 corrupt, bit 2
 * wrong Identification, bit 3 add MN-FA authentication, then the nonce), 3 a link event or command
 * (body[0]). Nothing may crash, leak or break the action contract.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_node.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"

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
};

static struct mip_ip4
source(unsigned k)
{
	static const uint32_t srcs[4] = { 0xc0a80201U, 0xc0a80301U, 0x0a010001U,
		0x0a010002U };
	struct mip_ip4 a = { srcs[k & 3] };

	return a;
}

/* Drains the queue, checking what every action must satisfy. */
static void
drain(struct mip_node *node, struct last_req *lr)
{
	struct mip_action a;

	while (mip_node_poll_action(node, &a) == 1) {
		struct mip_reg_req q;

		if (a.type != MIP_ACT_SEND)
			continue;
		if (a.u.send.len == 0 || a.u.send.data == NULL)
			__builtin_trap();
		if (a.u.send.kind != MIP_PKT_UDP)
			continue;
		/* Our own requests must decode. */
		if (mip_reg_req_decode(
			&q, a.u.send.data, a.u.send.len, NULL, NULL) != 0)
			__builtin_trap();
		lr->have = true;
		lr->dst = a.u.send.dst;
		lr->ha_addr = q.ha_addr;
		lr->ident = q.ident;
	}
}

static void
signed_reply(struct mip_node *node, struct mip_sa *sa, struct mip_sa *fa_sa,
    const struct last_req *lr, const uint8_t *b, size_t n,
    const struct mip_now *now)
{
	uint8_t buf[128];
	struct mip_reg_rep r;
	struct mip_pkt_in p;
	struct mip_wbuf w;
	mip_ssize len;

	if (!lr->have || n < 4)
		return;
	memset(&r, 0, sizeof(r));
	r.code = b[0];
	r.lifetime = (uint16_t)(b[1] << 8 | b[2]);
	r.home_addr = mip_ip4_make(10, 1, 0, 10);
	r.ha_addr = r.code == MIP_CODE_HA_UNKNOWN_HA ? mip_ip4_make(10, 1, 0, 1)
						     : lr->ha_addr;
	r.ident = lr->ident;
	if (n >= 8)
		r.ident = ((uint64_t)b[4] << 56 | (uint64_t)b[5] << 48 |
			      (uint64_t)b[6] << 40 | (uint64_t)b[7] << 32) |
		    (lr->ident & 0xffffffffU);
	if (b[3] & 4)
		r.ident ^= 1;
	len = mip_reg_rep_encode(buf, sizeof(buf), &r);
	if (len < 0)
		return;
	mip_wbuf_init(&w, buf, sizeof(buf));
	w.off = (size_t)len;
	if (!(b[3] & 1) && mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, sa) != 0)
		return;
	if ((b[3] & 8) && mip_auth_append(&w, MIP_EXT_MN_FA_AUTH, fa_sa) != 0)
		return;
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
	struct mip_sa_config sas[2];
	struct mip_mn_config mn;
	struct mip_node_config cfg;
	struct mip_now now = { 1000000000ULL, 3976214400ULL << 32 };
	struct mip_node *node = NULL;
	struct mip_sa *sa = NULL, *fa_sa = NULL;
	struct last_req lr = { 0 };
	size_t i = 1, k;
	uint8_t sel;

	if (size < 1)
		return 0;
	sel = data[0];
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
	for (k = 0; k < 2; k++) {
		mip_sa_config_init(&sas[k]);
		sas[k].key_len = 16;
		memset(sas[k].key, (int)(k + 1), 16);
	}
	sas[0].peer = mn.ha_addr;
	sas[0].spi = 256;
	sas[0].replay = (sel & 2) ? MIP_REPLAY_NONCE : MIP_REPLAY_TIMESTAMP;
	sas[1].peer = mip_ip4_make(192, 168, 2, 1);
	sas[1].spi = 300;
	memset(&cfg, 0, sizeof(cfg));
	cfg.roles = MIP_ROLE_MN;
	cfg.ifs = &ifc;
	cfg.nifs = 1;
	cfg.sas = sas;
	cfg.nsas = (sel & 32) ? 2 : 1;
	cfg.mn = &mn;
	if (mip_node_new(&node, &cfg, &mem, &rnd, &now) != 0 ||
	    mip_sa_new(&sa, &sas[0], &mem) != 0 ||
	    mip_sa_new(&fa_sa, &sas[1], &mem) != 0)
		__builtin_trap();
	drain(node, &lr);
	while (i + 4 <= size) {
		uint8_t dt = data[i], kind = data[i + 1];
		size_t n = (size_t)(data[i + 2] << 8 | data[i + 3]);
		const uint8_t *body = data + i + 4;
		struct mip_pkt_in p;
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
			signed_reply(node, sa, fa_sa, &lr, body, n, &now);
			break;
		default:
			event(node, n > 0 ? body[0] : 0, &now);
			break;
		}
		drain(node, &lr);
	}
	mip_sa_free(sa);
	mip_sa_free(fa_sa);
	mip_node_del(node);
	return 0;
}
