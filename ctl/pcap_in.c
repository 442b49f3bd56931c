/* SPDX-License-Identifier: ISC */
/*
 * Reading captures for `mipctl decode --pcap`: opens a savefile with
 * libpcap, strips the link-layer header (raw IPv4, Ethernet with up to two
 * VLAN tags, Linux cooked v1 and v2) and hands each IPv4 packet on. It
 * knows nothing about IP or Mobile IP.
 */
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "ctl.h"
#include "mip/mip_buf.h"
#include "mip/mip_proto.h"

#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

#define ETHER_HDR_LEN 14
#define ETHERTYPE_VLAN 0x8100U
#define ETHERTYPE_QINQ 0x88a8U
#define VLAN_TAG_LEN 4
#define SLL_HDR_LEN 16
#define SLL2_HDR_LEN 20

/* Returns the offset of the IPv4 packet in an Ethernet frame, or -1. */
static long
ether_ip_off(const uint8_t *p, size_t len)
{
	size_t off = ETHER_HDR_LEN - 2;
	int tags;

	for (tags = 0; tags <= 2; tags++) {
		uint16_t et;

		if (len < off + 2)
			return -1;
		et = mip_get_be16(p + off);
		if (et == MIP_ETHERTYPE_IPV4)
			return (long)off + 2;
		if (et != ETHERTYPE_VLAN && et != ETHERTYPE_QINQ)
			return -1;
		off += VLAN_TAG_LEN;
	}
	return -1;
}

/* Returns the offset of the IPv4 packet in a frame of |dlt|, or -1. */
static long
ip_off(int dlt, const uint8_t *p, size_t len)
{
	switch (dlt) {
	case DLT_RAW:
	case DLT_IPV4:
		/* Raw IP may hold IPv6 too: skip it, decode the rest. */
		if (len > 0 && (p[0] >> 4) == 6)
			return -1;
		return 0;
	case DLT_EN10MB:
		return ether_ip_off(p, len);
	case DLT_LINUX_SLL:
		if (len < SLL_HDR_LEN ||
		    mip_get_be16(p + SLL_HDR_LEN - 2) != MIP_ETHERTYPE_IPV4)
			return -1;
		return SLL_HDR_LEN;
	case DLT_LINUX_SLL2:
		if (len < SLL2_HDR_LEN || mip_get_be16(p) != MIP_ETHERTYPE_IPV4)
			return -1;
		return SLL2_HDR_LEN;
	default:
		return -1;
	}
}

static bool
dlt_supported(int dlt)
{
	return dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_EN10MB ||
	    dlt == DLT_LINUX_SLL || dlt == DLT_LINUX_SLL2;
}

int
pcap_each(const char *path,
    int (*fn)(void *arg, unsigned long frame, const uint8_t *p, size_t len),
    void *arg, char *err, size_t err_len)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long frame = 0;
	pcap_t *pc;
	int dlt, rc;

	ebuf[0] = '\0';
	pc = pcap_open_offline(path, ebuf);
	if (pc == NULL) {
		snprintf(err, err_len, "%s", ebuf);
		return -1;
	}
	dlt = pcap_datalink(pc);
	if (!dlt_supported(dlt)) {
		snprintf(err, err_len,
		    "link type %s not supported (raw IPv4, Ethernet, Linux "
		    "cooked)",
		    pcap_datalink_val_to_name(dlt) != NULL
			? pcap_datalink_val_to_name(dlt)
			: "unknown");
		pcap_close(pc);
		return -1;
	}
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		long off;

		frame++;
		off = ip_off(dlt, data, h->caplen);
		if (off < 0)
			continue;
		if (fn(arg, frame, data + off, h->caplen - (size_t)off) != 0)
			break;
	}
	if (rc == PCAP_ERROR) {
		snprintf(err, err_len, "%s", pcap_geterr(pc));
		pcap_close(pc);
		return -1;
	}
	pcap_close(pc);
	return 0;
}
