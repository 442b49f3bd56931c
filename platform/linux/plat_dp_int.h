/* SPDX-License-Identifier: ISC */
/*
 * Inside the TUN data plane (plat_dp.h): the tables (plat_dp_tab.c), the
 * TUN device (plat_dp_tun.c), user-space segmentation of the super-packets
 * the TUN hands over with offloads (plat_dp_gso.c), the encapsulation
 * path (plat_dp_encap.c), what happens to packets too big for the path
 * once encapsulated (plat_dp_frag.c), the raw sockets that send and
 * receive tunnelled packets (plat_dp_raw.c), and the traffic reports with
 * their rate limit and special tunnels (plat_dp_report.c).
 */
#ifndef PLAT_DP_INT_H
#define PLAT_DP_INT_H

#include <linux/virtio_net.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>

#include "mip/mip_encap.h"
#include "plat_dp.h"
#include "plat_log.h"

#define DP_BATCH 64	   /* packets per sendmmsg */
#define DP_RX_BATCH 32	   /* packets per recvmmsg */
#define DP_RX_ROUNDS 8	   /* recvmmsg calls per wake-up, then yield */
#define DP_TUN_ROUNDS 64   /* TUN reads per wake-up, then yield */
#define DP_PKT_MAX 65535U  /* an IPv4 datagram, reassembled or GSO */
#define DP_HEADROOM 64U	   /* more than any encapsulation adds (36) */
#define DP_MAX_COPIES 256U /* tunnels per prefix: max_simultaneous + 1 */
#define DP_OUTER_TTL 64	   /* RFC 2003 3.1: the default TTL (RFC 1700) */
#define DP_MTU_MIN 68U	   /* RFC 791: every link carries 68 octets */
#define DP_VNET_LEN sizeof(struct virtio_net_hdr)
#define DP_TUN_BUF (DP_VNET_LEN + DP_PKT_MAX)
#define DP_REPORT_SLOTS 1024U /* rate-limit slots, a power of two */

/* ---- a chained hash table of nodes keyed by 64 bits (plat_dp_tab.c) ---- */

struct dp_hnode {
	struct dp_hnode *next;
	uint64_t key;
};

struct dp_htab {
	struct dp_hnode **b;
	size_t nb; /* a power of two, or 0 before the first insert */
	size_t n;
};

/* Several nodes may share a key; the newest is found first. */
int dp_htab_insert(struct dp_htab *h, struct dp_hnode *n, uint64_t key);
void dp_htab_remove(struct dp_htab *h, struct dp_hnode *n);
struct dp_hnode *dp_htab_first(const struct dp_htab *h, uint64_t key);
struct dp_hnode *dp_htab_next(const struct dp_hnode *n);
void dp_htab_free(struct dp_htab *h);

#define DP_CONTAINER(p, type, member)                                          \
	((type *)(void *)((char *)(p)-offsetof(type, member)))

/* ---- the tables ---- */

struct dp_tunnel {
	struct dp_hnode by_id;	  /* id */
	struct dp_hnode by_home;  /* remote << 32 | home_addr */
	struct dp_hnode by_ends;  /* remote << 32 | local */
	struct dp_hnode by_lhome; /* local << 32 | home_addr */
	struct mip_act_tunnel t;
	enum mip_encap encap;
	uint32_t pmtu; /* of the route to t.remote, for the outer datagram */
	struct plat_dp_tstats st;
};

/* A tunnel route: key plen << 32 | dst (host bits clear). */
struct dp_route {
	struct dp_hnode node;
	struct dp_hnode by_tunnel; /* tunnel_id */
	uint32_t tunnel_id;
};

/* A reverse-tunnel rule: key src. */
struct dp_rule {
	struct dp_hnode node;
	struct mip_act_rule r;
};

struct dp_tables {
	struct dp_htab tunnels, homes, ends, lhomes, routes, troutes, rules;
	uint32_t plen_routes[33]; /* tunnel routes per prefix length */
};

struct dp_tunnel *dp_tunnel_find(const struct dp_tables *tb, uint32_t id);
/*
 * The tunnel a decapsulated packet belongs to, or NULL (sim_fwd.c
 * tunnel_match): the forward direction (inner destination = home_addr)
 * from the remote end, or from anywhere when no route leads into the
 * tunnel; a reverse-tunnelled packet (RFC 3024 4.3.2) only from the
 * remote end with the home address as inner source.
 */
struct dp_tunnel *dp_tunnel_match(
    const struct dp_tables *tb, const struct mip_decap *d);
/* Whether some tunnel runs from |remote| to |local|. */
bool dp_tunnel_ends(
    const struct dp_tables *tb, struct mip_ip4 local, struct mip_ip4 remote);
/* The tunnel of the reverse-tunnel rule for |src|, or NULL. */
struct dp_tunnel *dp_rule_tunnel(
    const struct dp_tables *tb, struct mip_ip4 src);
/*
 * The tunnels of the longest tunnel prefix matching |dst|, one per
 * route (a copy per simultaneous binding); with |special| only routes
 * into tunnels with |special| count (RO spec 3). Returns how many were
 * stored in |tv| (up to DP_MAX_COPIES).
 */
size_t dp_route_tunnels(const struct dp_tables *tb, struct mip_ip4 dst,
    bool special, struct dp_tunnel **tv);
void dp_tables_free(struct dp_tables *tb);

/* ---- user-space segmentation (plat_dp_gso.c) ---- */

/*
 * Walks one packet read from the TUN: a GSO super-packet becomes
 * segments of at most gso_size payload octets each, a packet whose
 * checksum the kernel left to us (VIRTIO_NET_HDR_F_NEEDS_CSUM) gets it.
 */
struct dp_gso {
	uint8_t *pkt;
	size_t len;
	size_t ihl, hl; /* IPv4 header; IPv4 + TCP headers */
	size_t mss;	/* 0: not a super-packet */
	size_t off;	/* payload octets already emitted */
	unsigned seg;	/* segments already emitted */
	bool done;
};

/* Returns 0 or -1 when |vh| and |pkt| do not make sense together. |vh| NULL:
 * a plain packet. |pkt| is modified in place. */
int dp_gso_init(struct dp_gso *g, const struct virtio_net_hdr *vh, uint8_t *pkt,
    size_t len);
/*
 * The next segment: points |*seg| at it (into |pkt| or |buf|) and returns
 * its length; 0 when done; -1 when |buf| of |cap| is too small.
 */
ssize_t dp_gso_next(
    struct dp_gso *g, uint8_t *buf, size_t cap, const uint8_t **seg);

/* ---- receive coalescing (plat_dp_gro.c) ---- */

/* One TCP flow being joined: |buf| holds headers and payload so far. */
struct dp_gro {
	uint8_t *buf; /* DP_PKT_MAX, with offloads only */
	size_t len;
	size_t hl;  /* IPv4 + TCP headers */
	size_t mss; /* payload of the first segment */
	unsigned nseg;
	uint32_t next_seq;
	bool short_seg; /* a shorter segment ended the run */
};

/* ---- the data plane ---- */

/* The send batch: slot i holds one outer packet for tunnel tid[i], kept
 * by id: a traffic report's actions may remove the tunnel before the
 * batch is sent (its packet still goes, uncounted). */
struct dp_txq {
	struct mmsghdr msg[DP_BATCH];
	struct iovec iov[DP_BATCH];
	struct sockaddr_in to[DP_BATCH];
	uint32_t tid[DP_BATCH];
	size_t inner_len[DP_BATCH];
	uint8_t *slots;
	size_t slot_len;
	unsigned n;
};

/* The receive batch of the raw sockets, with the arrival interface of
 * each packet (IP_PKTINFO) for UNMATCHED reports. */
struct dp_rxq {
	struct mmsghdr msg[DP_RX_BATCH];
	struct iovec iov[DP_RX_BATCH];
	uint8_t *bufs; /* DP_RX_BATCH * DP_PKT_MAX */
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} ctl[DP_RX_BATCH];
};

/* One rate-limited report key (mip_traffic_key). */
struct dp_report_slot {
	uint64_t last_ms; /* 0: free */
	uint32_t key[4];
};

enum { DP_RAW_IPIP, DP_RAW_MINENC, DP_RAW_GRE, DP_RAW__COUNT };

struct dp_rawsock {
	struct plat_dp *dp;
	int fd;
};

struct plat_dp {
	struct plat_loop *loop;
	int tun_fd;
	int tx_fd;  /* IPPROTO_RAW: sends with our own header */
	int mtu_fd; /* IPPROTO_RAW, connected only to ask for a path MTU */
	struct dp_rawsock rx[DP_RAW__COUNT];
	char ifname[IFNAMSIZ];
	uint32_t ifindex;
	uint32_t mtu;
	bool offload;
	uint16_t ip_id;
	struct dp_tables tb;
	struct plat_dp_stats st;
	struct dp_txq txq;
	struct dp_rxq rxq;
	struct dp_gro gro;
	uint8_t *tun_buf;  /* one TUN read: [vnet header] packet */
	uint8_t *seg_buf;  /* one segment, or a rebuilt minimal datagram */
	uint8_t *frag_buf; /* an outer datagram being fragmented */
	uint8_t *fwd_buf;  /* a packet re-tunnelled or sent on */
	struct plat_ratelimit rl;
	uint64_t icmp_last_ms; /* the ICMP error token bucket */
	uint32_t icmp_tokens;
	plat_dp_report_fn *report;
	void *report_arg;
	struct dp_report_slot *slots; /* DP_REPORT_SLOTS */
};

/* Counts a drop and logs it, rate-limited. */
void dp_drop(struct plat_dp *dp, enum plat_dp_drop why, const char *what);

int dp_tun_open(struct plat_dp *dp, const struct plat_dp_opts *o);
void dp_tun_input(void *arg, uint32_t events);
/* Hands a decapsulated datagram to the kernel. */
void dp_tun_write(struct plat_dp *dp, const uint8_t *pkt, size_t len);

/* Encapsulates one packet read from the TUN into the send batch. */
void dp_encap_input(struct plat_dp *dp, const struct virtio_net_hdr *vh,
    uint8_t *pkt, size_t len);
/* Wraps |inner| for tunnel |t| into the send batch. */
void dp_encap_one(
    struct plat_dp *dp, struct dp_tunnel *t, const uint8_t *inner, size_t len);

/* Takes a decapsulated datagram to join (true), or flushes what it holds
 * and leaves the datagram to the caller (false). */
bool dp_gro_add(struct plat_dp *dp, const uint8_t *pkt, size_t len);
/* Writes what is held to the TUN. */
void dp_gro_flush(struct plat_dp *dp);

/*
 * The outer datagram |outer| of |olen| octets around |inner| does not fit
 * |t|'s path MTU: ICMP "fragmentation needed" back to the inner source
 * when the inner has DF, else the outer datagram in fragments into the
 * send batch (plat_dp_frag.c). |outer| may be the next free slot.
 */
void dp_too_big(struct plat_dp *dp, struct dp_tunnel *t, const uint8_t *outer,
    size_t olen, const uint8_t *inner, size_t ilen);

/* ---- reports and special tunnels (plat_dp_report.c) ---- */

/* A packet from |src| to |dst| went into tunnel |id|. */
void dp_report_tunnelled(
    struct plat_dp *dp, uint32_t id, struct mip_ip4 src, struct mip_ip4 dst);
/* No tunnel matched |d|, which arrived on |ifindex|. */
void dp_report_unmatched(
    struct plat_dp *dp, const struct mip_decap *d, uint32_t ifindex);
/*
 * A special tunnel |pkt| read from the TUN (RO spec 3): into each special
 * tunnel its destination is routed into, or on past the tunnel routes.
 * Returns false when |pkt| is no special tunnel.
 */
bool dp_special_input(struct plat_dp *dp, const uint8_t *pkt, size_t len);

/* Sends one whole datagram on the marked raw socket, as it is. */
void dp_send_raw(struct plat_dp *dp, const uint8_t *pkt, size_t len);

int dp_raw_open(struct plat_dp *dp);
/* The kernel's path MTU towards |remote|; the TUN's MTU plus IP in IP's
 * header when it has none. */
uint32_t dp_path_mtu(struct plat_dp *dp, struct mip_ip4 remote);
void dp_raw_close(struct plat_dp *dp);
void dp_raw_input(void *arg, uint32_t events);
/* The next free slot of the send batch (flushing a full one first). */
uint8_t *dp_txq_slot(struct plat_dp *dp);
/* |inner_len| 0: a further fragment of the datagram before, which the
 * tunnel's counters do not count again. */
void dp_txq_commit(
    struct plat_dp *dp, struct dp_tunnel *t, size_t len, size_t inner_len);
void dp_txq_flush(struct plat_dp *dp);

#endif
