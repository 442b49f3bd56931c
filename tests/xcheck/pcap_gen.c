/* SPDX-License-Identifier: ISC */
/*
 * pcap_gen: the libmip side of the tshark cross-check. From a seed it
 * builds random Registration Requests, Registration Replies and Agent
 * Advertisements with libmip's encoders (mip_reg.h, mip_adv.h, mip_auth.h),
 * wraps each in IPv4 + UDP port 434 or IPv4 + ICMP with libmip's header
 * builders (mip_ip.h), writes them to a LINKTYPE_RAW pcap, and writes one
 * JSON line per frame with the field values chosen, for
 * tests/xcheck/tshark_check.py to compare with what tshark shows.
 *
 * Usage: pcap_gen SEED OUT.pcap OUT.jsonl [COUNT]
 *
 * Only what tshark 4.0 dissects is generated (see tshark_check.py): no
 * Route Optimization messages and no One-byte Padding extensions.
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mip/mip.h"
#include "mip/mip_adv.h"
#include "mip/mip_auth.h"
#include "mip/mip_buf.h"
#include "mip/mip_crypto.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"

#define PKT_MAX 2048

/* splitmix64: a small, seeded, reproducible stream. */
static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A value in [0, n). */
static unsigned
rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static int
chance(unsigned percent)
{
	return rnd_below(100) < percent;
}

static void
rnd_fill(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

/* A unicast address outside 0/8, 127/8, 224/3 (tshark warns on some). */
static struct mip_ip4
rnd_unicast(void)
{
	static const uint8_t first[] = { 10, 172, 192, 198, 203, 100, 1, 81 };

	return mip_ip4_make(first[rnd_below(sizeof(first))], (uint8_t)rnd(),
	    (uint8_t)rnd(), (uint8_t)(1 + rnd_below(254)));
}

static void *
mem_malloc(size_t n, void *u)
{
	(void)u;
	return malloc(n);
}

static void *
mem_calloc(size_t n, size_t s, void *u)
{
	(void)u;
	return calloc(n, s);
}

static void
mem_free(void *p, void *u)
{
	(void)u;
	free(p);
}

static const struct mip_mem heap = { NULL, mem_malloc, mem_calloc, mem_free };

static void
die(const char *what, long long rc)
{
	fprintf(stderr, "pcap_gen: %s failed: %lld (%s)\n", what, rc,
	    rc < 0 ? mip_strerror((int)rc) : "");
	exit(1);
}

/* ---- JSON sidecar -------------------------------------------------- */

static FILE *side;
static int side_first;

static void
j_key(const char *k)
{
	fprintf(side, "%s\"%s\":", side_first ? "" : ",", k);
	side_first = 0;
}

static void
j_open(const char *k, char c)
{
	if (k != NULL)
		j_key(k);
	else if (!side_first)
		fputc(',', side);
	fputc(c, side);
	side_first = 1;
}

static void
j_close(char c)
{
	fputc(c, side);
	side_first = 0;
}

static void
j_uint(const char *k, uint64_t v)
{
	j_key(k);
	fprintf(side, "%" PRIu64, v);
}

static void
j_str(const char *k, const char *s)
{
	j_key(k);
	fprintf(side, "\"%s\"", s); /* callers pass JSON-safe text only */
}

static void
j_addr(const char *k, struct mip_ip4 a)
{
	char s[16];

	snprintf(s, sizeof(s), "%u.%u.%u.%u", (unsigned)(a.v >> 24),
	    (unsigned)(a.v >> 16) & 0xffU, (unsigned)(a.v >> 8) & 0xffU,
	    (unsigned)a.v & 0xffU);
	if (k != NULL) {
		j_str(k, s);
	} else {
		fprintf(side, "%s\"%s\"", side_first ? "" : ",", s);
		side_first = 0;
	}
}

static void
j_hex(const char *k, const uint8_t *p, size_t n)
{
	size_t i;

	j_key(k);
	fputc('"', side);
	for (i = 0; i < n; i++)
		fprintf(side, "%02x", p[i]);
	fputc('"', side);
}

/* The Identification as the 16 hex digits of its 8 wire octets. */
static void
j_ident(uint64_t ident)
{
	j_key("ident");
	fprintf(side, "\"%016" PRIx64 "\"", ident);
}

/* ---- IPv4 wrapping ------------------------------------------------- */

/*
 * Fills |ip| with random header fields. tshark raises an expert warning
 * for a TTL below 5 to a unicast address and for a TTL other than 1 to
 * 224.0.0.0/24, so multicast gets 1 (RFC 5944 2.1, C.1) and unicast 5+.
 */
static void
ip_hdr_random(struct mip_ip4_hdr *ip, struct mip_ip4 src, struct mip_ip4 dst)
{
	memset(ip, 0, sizeof(*ip));
	ip->tos = (uint8_t)(rnd_below(64) << 2);
	ip->id = (uint16_t)rnd();
	ip->df = chance(50);
	ip->src = src;
	ip->dst = dst;
	ip->ttl = (dst.v >> 8) == 0xe00000U ? 1 : (uint8_t)(5 + rnd_below(251));
}

static void
j_ip(const struct mip_ip4_hdr *ip)
{
	j_addr("ip_src", ip->src);
	j_addr("ip_dst", ip->dst);
	j_uint("ttl", ip->ttl);
}

/* ---- registration messages ----------------------------------------- */

static const uint8_t reply_codes[] = {
	MIP_CODE_ACCEPTED,
	MIP_CODE_ACCEPTED_NO_SIMUL,
	MIP_CODE_FA_UNSPECIFIED,
	MIP_CODE_FA_PROHIBITED,
	MIP_CODE_FA_RESOURCES,
	MIP_CODE_FA_MN_AUTH,
	MIP_CODE_FA_HA_AUTH,
	MIP_CODE_FA_LIFETIME,
	MIP_CODE_FA_BAD_REQ,
	MIP_CODE_FA_BAD_REP,
	MIP_CODE_FA_ENCAP,
	MIP_CODE_FA_RESERVED,
	MIP_CODE_FA_RT_UNAVAIL,
	MIP_CODE_FA_RT_MANDATORY,
	MIP_CODE_FA_TOO_DISTANT,
	MIP_CODE_FA_BAD_COA,
	MIP_CODE_FA_TIMEOUT,
	MIP_CODE_FA_DELIVERY_STYLE,
	MIP_CODE_FA_HOME_NET_UNREACH,
	MIP_CODE_FA_HA_HOST_UNREACH,
	MIP_CODE_FA_HA_PORT_UNREACH,
	MIP_CODE_FA_HA_UNREACH,
	MIP_CODE_FA_VENDOR,
	MIP_CODE_FA_HA_ADDR_REQD,
	MIP_CODE_FA_HOMEADDR_REQD,
	MIP_CODE_FA_MISSING_NAI,
	MIP_CODE_FA_MISSING_HA,
	MIP_CODE_FA_MISSING_HOMEADDR,
	MIP_CODE_FA_CVSE_1,
	MIP_CODE_FA_CVSE_2,
	MIP_CODE_FA_UNKNOWN_CHALLENGE,
	MIP_CODE_FA_MISSING_CHALLENGE,
	MIP_CODE_FA_STALE_CHALLENGE,
	MIP_CODE_FA_MISSING_MN_FA,
	MIP_CODE_FA_BAD_AAA_AUTH,
	MIP_CODE_FA_HA_WRONG_CHALLENGE,
	MIP_CODE_FA_BAD_HA_ADDR,
	MIP_CODE_FA_BAD_HA_ADDR_5944,
	MIP_CODE_FA_EXPERIMENTAL,
	MIP_CODE_HA_UNSPECIFIED,
	MIP_CODE_HA_PROHIBITED,
	MIP_CODE_HA_RESOURCES,
	MIP_CODE_HA_MN_AUTH,
	MIP_CODE_HA_FA_AUTH,
	MIP_CODE_HA_ID_MISMATCH,
	MIP_CODE_HA_BAD_REQ,
	MIP_CODE_HA_TOO_MANY_BINDINGS,
	MIP_CODE_HA_UNKNOWN_HA,
	MIP_CODE_HA_RT_UNAVAIL,
	MIP_CODE_HA_RT_MANDATORY,
	MIP_CODE_HA_ENCAP,
	MIP_CODE_HA_CVSE_1,
	MIP_CODE_HA_CVSE_2,
	MIP_CODE_HA_UDP_ENCAP,
	MIP_CODE_HA_REDIRECT,
	MIP_CODE_HA_BAD_AAA_AUTH,
	MIP_CODE_HA_EXPERIMENTAL,
};

static uint16_t
rnd_lifetime(void)
{
	switch (rnd_below(4)) {
	case 0:
		return 0; /* deregistration */
	case 1:
		return MIP_LIFETIME_INFINITE;
	default:
		return (uint16_t)rnd();
	}
}

/* Appends an authentication extension of |type| with a fresh random SA. */
static void
add_auth(struct mip_wbuf *w, uint8_t type)
{
	static const enum mip_auth_alg algs[] = { MIP_AUTH_HMAC_MD5,
		MIP_AUTH_HMAC_SHA1, MIP_AUTH_KEYED_MD5 };
	struct mip_sa_config cfg;
	struct mip_sa *sa;
	int rc;

	mip_sa_config_init(&cfg);
	cfg.peer = rnd_unicast();
	cfg.spi = MIP_SPI_MIN + (uint32_t)(rnd() % (0xffffffffULL - 255));
	cfg.alg = algs[rnd_below(3)];
	cfg.key_len = 1 + rnd_below(MIP_SA_KEY_MAX);
	rnd_fill(cfg.key, cfg.key_len);
	rc = mip_sa_new(&sa, &cfg, &heap);
	if (rc != 0)
		die("mip_sa_new", rc);
	if (type == MIP_EXT_GEN_AUTH)
		rc = mip_auth_append_long(w, type, MIP_GEN_AUTH_MN_AAA, sa);
	else
		rc = mip_auth_append(w, type, sa);
	if (rc != 0)
		die("mip_auth_append", rc);
	j_open(NULL, '{');
	j_uint("type", type);
	if (type == MIP_EXT_GEN_AUTH)
		j_uint("subtype", MIP_GEN_AUTH_MN_AAA);
	j_uint("spi", cfg.spi);
	j_hex("key", cfg.key, cfg.key_len);
	j_str("alg", mip_auth_alg_name(cfg.alg));
	j_close('}');
	mip_sa_free(sa);
}

static void
add_nai(struct mip_wbuf *w)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
	char nai[40];
	size_t n = 1 + rnd_below(20), i;
	struct mip_ext_nai x;
	int rc;

	for (i = 0; i < n; i++)
		nai[i] = set[rnd_below(sizeof(set) - 1)];
	memcpy(nai + n, "@example.net", 13);
	x.nai = (const uint8_t *)nai;
	x.len = strlen(nai);
	if ((rc = mip_ext_nai_encode(w, &x)) != 0)
		die("mip_ext_nai_encode", rc);
	j_open(NULL, '{');
	j_uint("type", MIP_EXT_NAI);
	j_str("nai", nai);
	j_close('}');
}

static void
add_challenge(struct mip_wbuf *w)
{
	uint8_t c[32];
	struct mip_ext_challenge x;
	int rc;

	x.len = 4 + rnd_below(29); /* RFC 4721 3.1: at least 4 octets */
	rnd_fill(c, x.len);
	x.challenge = c;
	if ((rc = mip_ext_challenge_encode(w, &x)) != 0)
		die("mip_ext_challenge_encode", rc);
	j_open(NULL, '{');
	j_uint("type", MIP_EXT_CHALLENGE);
	j_hex("challenge", c, x.len);
	j_close('}');
}

/*
 * The extensions, in RFC 5944 3.6.1.3 (request) and 3.8.3.3 (reply)
 * order: NAI for the HA, MN-HA authentication (sometimes generalized
 * MN-AAA instead), then for the FA a challenge and MN-FA or FA-HA
 * authentication.
 */
static void
add_reg_exts(struct mip_wbuf *w, int is_req)
{
	j_open("exts", '[');
	if (chance(40))
		add_nai(w);
	add_auth(
	    w, is_req && chance(15) ? MIP_EXT_GEN_AUTH : MIP_EXT_MN_HA_AUTH);
	if (is_req && chance(30))
		add_challenge(w);
	if (chance(35))
		add_auth(w,
		    is_req && chance(50) ? MIP_EXT_MN_FA_AUTH
					 : MIP_EXT_FA_HA_AUTH);
	j_close(']');
}

static size_t
build_rrq(uint8_t *msg, size_t cap)
{
	struct mip_reg_req q;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&q, 0, sizeof(q));
	q.flags = (uint8_t)rnd();
	q.lifetime = rnd_lifetime();
	q.home_addr = rnd_unicast();
	q.ha_addr = rnd_unicast();
	q.coa = rnd_unicast();
	q.ident = rnd();
	n = mip_reg_req_encode(msg, cap, &q);
	if (n != MIP_REG_REQ_LEN)
		die("mip_reg_req_encode", n);
	j_str("kind", "rrq");
	j_uint("flags", q.flags);
	j_uint("lifetime", q.lifetime);
	j_addr("home_addr", q.home_addr);
	j_addr("ha_addr", q.ha_addr);
	j_addr("coa", q.coa);
	j_ident(q.ident);
	mip_wbuf_init(&w, msg, cap);
	w.off = (size_t)n;
	add_reg_exts(&w, 1);
	return w.off;
}

static size_t
build_rrp(uint8_t *msg, size_t cap)
{
	struct mip_reg_rep r;
	struct mip_wbuf w;
	mip_ssize n;

	memset(&r, 0, sizeof(r));
	r.code = reply_codes[rnd_below(sizeof(reply_codes))];
	r.lifetime = rnd_lifetime();
	r.home_addr = rnd_unicast();
	r.ha_addr = rnd_unicast();
	r.ident = rnd();
	n = mip_reg_rep_encode(msg, cap, &r);
	if (n != MIP_REG_REP_LEN)
		die("mip_reg_rep_encode", n);
	j_str("kind", "rrp");
	j_uint("code", r.code);
	j_uint("lifetime", r.lifetime);
	j_addr("home_addr", r.home_addr);
	j_addr("ha_addr", r.ha_addr);
	j_ident(r.ident);
	mip_wbuf_init(&w, msg, cap);
	w.off = (size_t)n;
	add_reg_exts(&w, 0);
	return w.off;
}

static size_t
wrap_udp(uint8_t *pkt, const uint8_t *msg, size_t len, int is_req)
{
	struct mip_ip4_hdr ip;
	uint16_t sport, dport;
	mip_ssize n;

	if (is_req && chance(20)) {
		/* RFC 5944 3.6.1.1: to All Mobility Agents, TTL 1. */
		ip_hdr_random(&ip, rnd_unicast(),
		    (struct mip_ip4){ MIP_ALL_MOBILITY_AGENTS });
	} else {
		ip_hdr_random(&ip, rnd_unicast(), rnd_unicast());
	}
	/* RFC 5944 3.4: a reply goes from 434 to the request's port. */
	sport = (uint16_t)(1024 + rnd_below(64000));
	dport = MIP_UDP_PORT;
	if (!is_req) {
		dport = sport;
		sport = MIP_UDP_PORT;
	}
	n = mip_ip4_udp_build(pkt, PKT_MAX, &ip, sport, dport, msg, len);
	if (n < 0)
		die("mip_ip4_udp_build", n);
	j_ip(&ip);
	j_uint("sport", sport);
	j_uint("dport", dport);
	return (size_t)n;
}

/* ---- agent advertisements ------------------------------------------ */

static size_t
build_adv(uint8_t *pkt)
{
	uint8_t msg[PKT_MAX];
	struct mip_adv a;
	struct mip_ip4_hdr ip;
	mip_ssize n, p;
	unsigned i;

	memset(&a, 0, sizeof(a));
	a.code =
	    chance(50) ? MIP_ICMP_ADV_CODE_NORMAL : MIP_ICMP_ADV_CODE_NO_COMMON;
	a.num_addrs = (uint8_t)rnd_below(4);
	a.entry_size = MIP_ICMP_ADV_ENTRY_SIZE;
	a.lifetime = (uint16_t)rnd();
	for (i = 0; i < a.num_addrs; i++) {
		a.routers[i].addr = rnd_unicast();
		a.routers[i].pref = (int32_t)(uint32_t)rnd();
	}
	a.is_agent = true;
	a.mob.seq = (uint16_t)rnd();
	a.mob.reg_lifetime = rnd_lifetime();
	/* Every defined bit at random; the 5 reserved bits stay zero. */
	a.mob.flags = (uint16_t)(rnd() & ~(uint64_t)MIP_ADV_F_RESERVED);
	a.mob.n_coa = (uint8_t)rnd_below(5);
	for (i = 0; i < a.mob.n_coa; i++)
		a.mob.coa[i] = rnd_unicast();
	if (a.num_addrs > 0 && chance(50)) {
		a.has_prefix = true;
		for (i = 0; i < a.num_addrs; i++)
			a.prefix_len[i] = (uint8_t)rnd_below(33);
	}
	mip_adv_set_order(&a, false);
	n = mip_adv_encode(msg, sizeof(msg), &a);
	if (n < MIP_ICMP_ADV_LEN)
		die("mip_adv_encode", n);

	/* RFC 5944 2.1: to 224.0.0.1 with TTL 1, or unicast. */
	ip_hdr_random(&ip, rnd_unicast(),
	    chance(50) ? (struct mip_ip4){ MIP_ALL_SYSTEMS } : rnd_unicast());
	p = mip_ip4_icmp_build(pkt, PKT_MAX, &ip, MIP_ICMP_ROUTER_ADV, a.code,
	    msg + MIP_ICMP_HDR_LEN, (size_t)n - MIP_ICMP_HDR_LEN);
	if (p < 0)
		die("mip_ip4_icmp_build", p);
	/* The advertisement encoder's checksum must match the builder's. */
	if ((size_t)p != MIP_IP4_HDR_LEN + (size_t)n ||
	    memcmp(pkt + MIP_IP4_HDR_LEN, msg, (size_t)n) != 0) {
		fprintf(stderr,
		    "pcap_gen: mip_adv_encode and "
		    "mip_ip4_icmp_build disagree\n");
		exit(1);
	}

	j_str("kind", "adv");
	j_ip(&ip);
	j_uint("icmp_code", a.code);
	j_uint("icmp_lifetime", a.lifetime);
	j_open("routers", '[');
	for (i = 0; i < a.num_addrs; i++) {
		j_open(NULL, '[');
		j_addr(NULL, a.routers[i].addr);
		fprintf(side, ",%" PRId32, a.routers[i].pref);
		j_close(']');
	}
	j_close(']');
	j_uint("seq", a.mob.seq);
	j_uint("reg_lifetime", a.mob.reg_lifetime);
	j_uint("flags", a.mob.flags);
	j_open("coas", '[');
	for (i = 0; i < a.mob.n_coa; i++)
		j_addr(NULL, a.mob.coa[i]);
	j_close(']');
	if (a.has_prefix) {
		j_open("prefix_lengths", '[');
		for (i = 0; i < a.num_addrs; i++) {
			fprintf(side, "%s%u", i ? "," : "", a.prefix_len[i]);
			side_first = 0;
		}
		j_close(']');
	}
	return (size_t)p;
}

/* ---- main ------------------------------------------------------------ */

int
main(int argc, char **argv)
{
	uint8_t msg[PKT_MAX], pkt[PKT_MAX];
	struct pcap_pkthdr ph;
	pcap_t *pd;
	pcap_dumper_t *dump;
	unsigned long count = 600, i;
	size_t len, plen;

	if (argc < 4 || argc > 5) {
		fprintf(stderr,
		    "usage: pcap_gen SEED OUT.pcap OUT.jsonl "
		    "[COUNT]\n");
		return 2;
	}
	rng_state = strtoull(argv[1], NULL, 0);
	if (argc == 5)
		count = strtoul(argv[4], NULL, 0);
	pd = pcap_open_dead(DLT_RAW, 65535);
	if (pd == NULL)
		die("pcap_open_dead", 0);
	dump = pcap_dump_open(pd, argv[2]);
	if (dump == NULL) {
		fprintf(stderr, "pcap_gen: %s\n", pcap_geterr(pd));
		return 1;
	}
	side = fopen(argv[3], "w");
	if (side == NULL) {
		perror(argv[3]);
		return 1;
	}
	memset(&ph, 0, sizeof(ph));
	for (i = 0; i < count; i++) {
		side_first = 1;
		fputc('{', side);
		j_uint("frame", i + 1);
		switch (i % 3) {
		case 0:
			len = build_rrq(msg, sizeof(msg));
			plen = wrap_udp(pkt, msg, len, 1);
			break;
		case 1:
			len = build_rrp(msg, sizeof(msg));
			plen = wrap_udp(pkt, msg, len, 0);
			break;
		default:
			plen = build_adv(pkt);
			break;
		}
		fputs("}\n", side);
		ph.ts.tv_sec = (long)i;
		ph.caplen = ph.len = (bpf_u_int32)plen;
		pcap_dump((u_char *)dump, &ph, pkt);
	}
	pcap_dump_close(dump);
	pcap_close(pd);
	if (fclose(side) != 0) {
		perror(argv[3]);
		return 1;
	}
	return 0;
}
