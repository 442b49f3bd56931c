/* SPDX-License-Identifier: ISC */
/*
 * Test input generator for tests/ctl/decode_test.sh: builds IPv4 packets
 * around the spec sheet's Registration Request (section 4.6) with libmip's
 * encoders (UDP, IP in IP, GRE with a key, minimal encapsulation, an Agent
 * Advertisement) and prints one as hex, or writes several as a pcap file of
 * a given link type with a non-IPv4 frame in between.
 *
 *   ctl_gen hex NAME         udp | ipip | gre | minimal | adv | icmp-adv
 *   ctl_gen pcap FILE LINK   en10mb | raw | sll
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "mip/mip_encap.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

#define PKT_MAX 512

/* Spec sheet 4.6: the derived 46-octet RRQ (key 000102...0f, SPI 256). */
static const char rrq_hex[] = "01020708c000020ac0000201c6336401e8a1b2c3"
			      "00000001201400000100c611c9c823a2f100f566"
			      "7498f315cc4d";

/* RFC 5944 2.1: one router entry, mobility extension (F, one CoA). */
static const char adv_body_hex[] = "01020708" /* n, size, lifetime 1800 */
				   "c6336401"
				   "00000000" /* router, pref */
				   "100a"
				   "002a"
				   "0e10"
				   "1100" /* seq 42 */
				   "c6336401";

static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (s[0] != '\0' && s[1] != '\0' && n < cap &&
	    sscanf(s, "%2x", &v) == 1) {
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static struct mip_ip4_hdr
ip_template(struct mip_ip4 src, struct mip_ip4 dst)
{
	struct mip_ip4_hdr h;

	memset(&h, 0, sizeof(h));
	h.ttl = 64;
	h.id = 0x1234;
	h.src = src;
	h.dst = dst;
	return h;
}

static mip_ssize
udp_rrq(uint8_t *out, size_t cap)
{
	uint8_t rrq[64];
	size_t n = unhex(rrq_hex, rrq, sizeof(rrq));
	struct mip_ip4_hdr h = ip_template(
	    mip_ip4_make(192, 0, 2, 10), mip_ip4_make(192, 0, 2, 1));

	return mip_ip4_udp_build(out, cap, &h, 49152, MIP_UDP_PORT, rrq, n);
}

static mip_ssize
adv(uint8_t *out, size_t cap, int with_ip)
{
	uint8_t body[64];
	size_t n = unhex(adv_body_hex, body, sizeof(body));
	struct mip_ip4_hdr h = ip_template(
	    mip_ip4_make(198, 51, 100, 1), mip_ip4_make(224, 0, 0, 1));

	if (with_ip) {
		h.ttl = 1;
		return mip_ip4_icmp_build(
		    out, cap, &h, MIP_ICMP_ROUTER_ADV, 0, body, n);
	}
	if (cap < n + 4)
		return -1;
	out[0] = MIP_ICMP_ROUTER_ADV;
	out[1] = 0;
	memcpy(out + 4, body, n);
	if (mip_icmp_csum_set(out, n + 4) != 0)
		return -1;
	return (mip_ssize)(n + 4);
}

static mip_ssize
tunnelled(uint8_t *out, size_t cap, enum mip_encap encap)
{
	uint8_t inner[PKT_MAX];
	struct mip_encap_params p;
	mip_ssize n = udp_rrq(inner, sizeof(inner));

	if (n < 0)
		return n;
	memset(&p, 0, sizeof(p));
	p.src = mip_ip4_make(192, 0, 2, 1);
	p.dst = mip_ip4_make(198, 51, 100, 1);
	p.ttl = 63;
	p.id = 0x0101;
	if (encap == MIP_ENCAP_GRE) {
		p.gre_flags = MIP_GRE_F_K;
		p.gre_key = 0xabcd;
	}
	return mip_encap_packet(out, cap, encap, &p, inner, (size_t)n);
}

static mip_ssize
build(const char *name, uint8_t *out, size_t cap)
{
	if (strcmp(name, "udp") == 0)
		return udp_rrq(out, cap);
	if (strcmp(name, "ipip") == 0)
		return tunnelled(out, cap, MIP_ENCAP_IPIP);
	if (strcmp(name, "gre") == 0)
		return tunnelled(out, cap, MIP_ENCAP_GRE);
	if (strcmp(name, "minimal") == 0)
		return tunnelled(out, cap, MIP_ENCAP_MINIMAL);
	if (strcmp(name, "adv") == 0)
		return adv(out, cap, 1);
	if (strcmp(name, "icmp-adv") == 0)
		return adv(out, cap, 0);
	return -1;
}

/* Writes |p| as one frame of |dlt|; |ethertype| goes in the link header. */
static void
dump(pcap_dumper_t *d, int dlt, unsigned ethertype, const uint8_t *p, size_t n)
{
	uint8_t frame[PKT_MAX + 32];
	struct pcap_pkthdr h;
	size_t hl = 0;

	memset(frame, 0, sizeof(frame));
	if (dlt == DLT_EN10MB) {
		memcpy(frame,
		    "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
		hl = 14;
	} else if (dlt == DLT_LINUX_SLL) {
		frame[1] = 4; /* sent by us */
		frame[3] = 1; /* ARPHRD_ETHER */
		frame[5] = 6;
		hl = 16;
	}
	if (hl != 0) {
		frame[hl - 2] = (uint8_t)(ethertype >> 8);
		frame[hl - 1] = (uint8_t)ethertype;
	}
	memcpy(frame + hl, p, n);
	memset(&h, 0, sizeof(h));
	h.caplen = h.len = (bpf_u_int32)(hl + n);
	pcap_dump((u_char *)d, &h, frame);
}

static int
write_pcap(const char *path, const char *link)
{
	static const char *const frames[] = { "udp", "arp", "ipip", "adv",
		"bad" };
	int dlt = strcmp(link, "raw") == 0 ? DLT_RAW
	    : strcmp(link, "sll") == 0	   ? DLT_LINUX_SLL
					   : DLT_EN10MB;
	pcap_t *pc = pcap_open_dead(dlt, 65535);
	pcap_dumper_t *d;
	size_t i;

	if (pc == NULL)
		return 1;
	d = pcap_dump_open(pc, path);
	if (d == NULL) {
		fprintf(stderr, "ctl_gen: %s\n", pcap_geterr(pc));
		return 1;
	}
	for (i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		uint8_t pkt[PKT_MAX];
		mip_ssize n;

		if (strcmp(frames[i], "arp") == 0) {
			/* Not IPv4: skipped on Ethernet and SLL; on raw links
			 * an IPv6-looking packet plays its part. */
			memset(pkt, 0, 28);
			pkt[0] = 0x60;
			dump(d, dlt, 0x0806, pkt, 28);
			continue;
		}
		if (strcmp(frames[i], "bad") == 0) {
			/* A UDP RRQ cut inside its extension. */
			n = udp_rrq(pkt, sizeof(pkt));
			dump(d, dlt, MIP_ETHERTYPE_IPV4, pkt, (size_t)n - 10);
			continue;
		}
		n = build(frames[i], pkt, sizeof(pkt));
		if (n < 0)
			return 1;
		dump(d, dlt, MIP_ETHERTYPE_IPV4, pkt, (size_t)n);
	}
	pcap_dump_close(d);
	pcap_close(pc);
	return 0;
}

int
main(int argc, char **argv)
{
	uint8_t pkt[PKT_MAX];
	mip_ssize n, i;

	if (argc == 3 && strcmp(argv[1], "hex") == 0) {
		n = build(argv[2], pkt, sizeof(pkt));
		if (n < 0) {
			fprintf(stderr, "ctl_gen: cannot build %s\n", argv[2]);
			return 1;
		}
		for (i = 0; i < n; i++)
			printf("%02x", pkt[i]);
		printf("\n");
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "pcap") == 0)
		return write_pcap(argv[2], argv[3]);
	fprintf(stderr, "usage: ctl_gen hex NAME | ctl_gen pcap FILE LINK\n");
	return 2;
}
