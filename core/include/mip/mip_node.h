/* SPDX-License-Identifier: ISC */
/*
 * The node API: one struct mip_node hosts any combination of roles (mobile
 * node, foreign agent, home agent, correspondent node) behind one
 * sans-I/O interface. Events go in (a packet, a link change, an operator
 * command, a data-traffic report, "time has passed"), each with the current
 * time; actions come out
 * through a pull queue (send this datagram, add this route, tunnel, neighbour
 * or proxy entry, announce this address, notify this event). The daemon and
 * the simulator host the same node and execute the same actions.
 *
 * Nothing here calls back into host code while the core runs; actions are
 * plain data and can be serialised.
 */
#ifndef MIP_NODE_H
#define MIP_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_encap.h"
#include "mip_ext.h"
#include "mip_sa.h"

#define MIP_ROLE_MN 0x01U
#define MIP_ROLE_FA 0x02U
#define MIP_ROLE_HA 0x04U
#define MIP_ROLE_CN 0x08U

#define MIP_HWADDR_LEN 6
#define MIP_NAI_MAX 72

/* ---- configuration (deep-copied by mip_node_new) ---- */

/* A network interface the node has. |ifindex| is opaque to the core. */
struct mip_if_config {
	uint32_t ifindex;
	struct mip_ip4 addr; /* primary IPv4 address on the link */
	uint8_t plen;
	uint8_t hwaddr[MIP_HWADDR_LEN];
};

/* Encapsulations an agent offers (RFC 5944 3.3 M/G; IP-in-IP always). */
#define MIP_ENCAPS_MINIMAL 0x01U
#define MIP_ENCAPS_GRE 0x02U

/* A mobile node a home agent serves. Its SA is (home_addr, spi). */
struct mip_ha_mn_config {
	struct mip_ip4 home_addr;
	uint32_t spi;
};

/*
 * Route Optimization at a home agent (RO draft 4.3, 5; paper 3.3, 3.6).
 * |peers| are the correspondent nodes and agents known to be RO capable
 * (RO spec 2.8: RO messages are not skippable); each needs an SA (addr,
 * spi) in the node's SA list, which signs our Binding Updates to it (paper
 * 5: its key may be derived from a master key, mip_sa_derive_key).
 * Unsolicited Binding Updates to one peer about one mobile node start at
 * one per |bu_min_ms| and back off, doubling with +-50 % jitter, to one per
 * |bu_max_ms| (RO spec 1.5); |max_pairs| (peer, mobile node) pairs are
 * tracked, the least recently used replaced.
 */
struct mip_ro_peer_config {
	struct mip_ip4 addr;
	uint32_t spi;
};

struct mip_ha_ro_config {
	const struct mip_ro_peer_config *peers;
	size_t npeers;
	uint32_t bu_min_ms; /* default 1000 */
	uint32_t bu_max_ms; /* default 256000 */
	size_t max_pairs;   /* default 4096 */
	bool bu_ack;	    /* set A in our Binding Updates */
};

/* mip_ha_ro_config_init fills |cfg| with the defaults and no peer. */
void mip_ha_ro_config_init(struct mip_ha_ro_config *cfg);

struct mip_ha_config {
	uint32_t home_ifindex;	  /* the home link (proxy ARP, broadcasts) */
	struct mip_ip4 addr;	  /* the home agent's address there */
	uint8_t plen;		  /* home network prefix length */
	uint16_t max_lifetime;	  /* seconds; longer requests are reduced */
	uint8_t encaps;		  /* MIP_ENCAPS_* offered besides IP-in-IP */
	bool reverse_tunnel;	  /* RFC 3024 offered */
	bool reverse_required;	  /* RFC 3024: 138 when T is missing */
	uint8_t max_simultaneous; /* bindings per MN; <= 1: S unsupported */
	size_t max_bindings;	  /* whole table; beyond: 130 */
	uint32_t adv_interval_ms; /* advertisements on the home link */
	uint16_t adv_lifetime;
	const struct mip_ha_mn_config *mns; /* authorised mobile nodes */
	size_t nmns;
	const struct mip_ha_ro_config *ro; /* NULL: Route Optimization off */
};

/* One link a foreign agent advertises on and serves visitors over. */
struct mip_fa_link_config {
	uint32_t ifindex;
	struct mip_ip4 coa; /* care-of address advertised on this link */
};

struct mip_fa_config {
	const struct mip_fa_link_config *links;
	size_t nlinks;
	uint32_t adv_interval_ms;   /* RFC 5944 2.3: <= adv_lifetime / 3 */
	uint16_t adv_lifetime;	    /* ICMP lifetime, seconds */
	uint16_t reg_lifetime;	    /* longest registration accepted, seconds */
	uint8_t encaps;		    /* MIP_ENCAPS_* offered besides IP-in-IP */
	bool reverse_tunnel;	    /* T advertised (RFC 3024) */
	bool reverse_required;	    /* 75 when T is missing */
	bool registration_required; /* R advertised */
	bool busy;		    /* B advertised */
	bool challenge;		    /* RFC 4721 challenge advertised */
	size_t max_visitors;	    /* beyond: 66 */
	size_t max_pending;	    /* RFC 5944 3.7.1: typically 5 */
	uint32_t pending_timeout_ms; /* RFC 5944 3.7.1: 7 s, then 78 */
	/*
	 * Registration keys (paper 6-9; spec sheet 2.6.3, PAPER 9.4). The
	 * smooth-handoff bit (profile.s_mask, off by default: it is RFC
	 * 3519's U) is advertised only with |dh_min_bits| set (paper 4.4:
	 * an FA offering smooth handoffs supports at least Diffie-Hellman).
	 */
	unsigned dh_min_bits; /* 0: no Diffie-Hellman (124); else the
				 smallest prime accepted, in bits */
	bool key_req_ha;      /* PAPER 9.4 step 2: append 113 when we share an
			    SA with the home agent */
	/* PAPER 9.4 step 3: our RSA key pair, DER PKCS#1 (RSAPublicKey,
	 * RSAPrivateKey), for 115 / 123; NULL: none. Copied. */
	const uint8_t *rsa_pub_der;
	size_t rsa_pub_len;
	const uint8_t *rsa_priv_der;
	size_t rsa_priv_len;
};

/* The registration-key method a mobile node asks for (paper 9.1). */
enum mip_mn_regkey {
	MIP_MN_REGKEY_OFF,     /* no key request, no smooth handoff */
	MIP_MN_REGKEY_PRECONF, /* configured MN-FA SAs only (9.1 step 3) */
	MIP_MN_REGKEY_ANY,     /* 116 with L = 0: any method but DH (step 6) */
	MIP_MN_REGKEY_RSA,     /* 114, our public key (step 4) */
	MIP_MN_REGKEY_DH,      /* 116 with p, g, our value (step 5) */
};

struct mip_mn_config {
	struct mip_ip4 home_addr;
	uint8_t home_plen;
	struct mip_ip4 ha_addr; /* 0.0.0.0 or a broadcast: dynamic discovery */
	uint32_t spi;		/* MN-HA SA is (ha_addr, spi) */
	uint32_t home_ifindex;	/* the interface the MN roams with */
	uint16_t lifetime;	/* requested, seconds */
	uint8_t flags;		/* requested MIP_RRQ_F_{S,B,M,G,T} */
	bool colocated;		/* register a co-located care-of address */
	bool ro_private;	/* RO spec 2.3: set P (profile.p_mask) so
				   that the HA reveals no binding */
	char nai[MIP_NAI_MAX];	/* RFC 2794; empty = none */
	/*
	 * Registration keys and smooth handoff (paper 4, 6-9; RO spec 2.2,
	 * 2.6), only under the RO profile and only toward a foreign agent
	 * advertising S (profile.s_mask; paper 9.1 step 1). Every method
	 * but MIP_MN_REGKEY_OFF sends a Previous Foreign Agent Notification
	 * when we hold a key (or a configured MN-FA SA) with the previous
	 * foreign agent, and asks for no key when we share a configured SA
	 * with the new one (9.1 steps 2-3).
	 */
	enum mip_mn_regkey regkey;
	/* MIP_MN_REGKEY_RSA: our key pair, DER PKCS#1 RSAPublicKey and
	 * RSAPrivateKey (spec 2.6.1); copied by mip_node_new. */
	const uint8_t *rsa_pub;
	size_t rsa_pub_len;
	const uint8_t *rsa_priv;
	size_t rsa_priv_len;
	unsigned dh_bits;     /* MIP_MN_REGKEY_DH: group (mip_dh_group),
				  2048 or 1024; 0 means 2048 */
	uint16_t sh_lifetime; /* PFANE Cache Lifetime, seconds (paper 4.1:
				  small); 0 means 10 */
};

/*
 * A correspondent node's binding cache (RO draft 3, 4.3; paper 2, 3.3).
 * Binding Updates are authenticated with the SA shared with the mobile
 * node's home agent: the node's SA (IP source of the update, SPI of its
 * Route Optimization Authentication extension), replay style included.
 */
struct mip_cn_config {
	size_t capacity; /* cache entries; when full the least recently
			    used entry is replaced (RO draft 3.1) */
	uint8_t encaps;	 /* MIP_ENCAPS_* we use when a binding allows it */
	uint16_t max_lifetime; /* seconds; longer bindings are cached this
				  long (0xffff: no limit) */
	/*
	 * RO spec 1.5: a Binding Request goes to the home agent when less
	 * than |br_lead_pct| percent (at least |br_lead_min| seconds) of an
	 * entry's lifetime is left, if the entry carried traffic in the last
	 * |br_active| seconds. |br_lead_pct| 0 sends none.
	 */
	uint8_t br_lead_pct;  /* default 10 */
	uint16_t br_lead_min; /* seconds; default 5 */
	uint16_t br_active;   /* seconds; default 10 */
	/*
	 * A tunnelled packet for a mobile node that is not our visitor
	 * (MIP_TRAFFIC_UNMATCHED; RO draft 4.1; paper 3.1, 4.3). With a
	 * cache entry it is re-tunnelled by that entry and the entry's home
	 * agent gets a Binding Warning naming the tunnel's source, at most
	 * one per (mobile node, source) per |bw_min_ms| at first, backing
	 * off, doubling with +-50 % jitter, to one per |bw_max_ms| (RO spec
	 * 1.5); |bw_slots| pairs are tracked, the least recently warned
	 * replaced. Without an entry a foreign agent sends it on as a
	 * special tunnel (RO spec 3): an entry whose care-of address is the
	 * home address, kept |special_lifetime| seconds (0: none).
	 */
	uint32_t bw_min_ms;	   /* default 1000 */
	uint32_t bw_max_ms;	   /* default 256000 */
	size_t bw_slots;	   /* default 256 */
	uint16_t special_lifetime; /* seconds; default 10 */
};

/* mip_cn_config_init fills |cfg| with the defaults (capacity 1024). */
void mip_cn_config_init(struct mip_cn_config *cfg);

struct mip_node_config {
	uint32_t roles; /* MIP_ROLE_* */
	const struct mip_if_config *ifs;
	size_t nifs;
	const struct mip_sa_config *sas;
	size_t nsas;
	const struct mip_ha_config *ha; /* NULL unless MIP_ROLE_HA */
	const struct mip_fa_config *fa; /* NULL unless MIP_ROLE_FA */
	const struct mip_mn_config *mn; /* NULL unless MIP_ROLE_MN */
	const struct mip_cn_config *cn; /* NULL unless MIP_ROLE_CN */
	struct mip_profile profile;	/* RO numbering; .ro false = plain */
};

/* ---- events in ---- */

enum mip_pkt_kind {
	MIP_PKT_UDP,  /* UDP payload, port 434 (or from it) */
	MIP_PKT_ICMP, /* ICMP message: advertisement, solicitation, error */
	MIP_PKT_IP,   /* a whole IPv4 packet the data plane hands up */
};

/* A received packet. |data| is borrowed for the duration of the call. */
struct mip_pkt_in {
	enum mip_pkt_kind kind;
	uint32_t ifindex;
	struct mip_ip4 src, dst;
	uint16_t sport, dport;
	uint8_t ttl;
	bool has_hwaddr;
	uint8_t src_hwaddr[MIP_HWADDR_LEN]; /* link-layer source, if known */
	const uint8_t *data;
	size_t len;
};

enum mip_link_kind {
	MIP_LINK_UP, /* link (re)attached: the MN may have moved */
	MIP_LINK_DOWN,
	MIP_LINK_ADDR, /* |addr|/|plen| now on the link (co-located coa) */
};

struct mip_link_event {
	enum mip_link_kind kind;
	uint32_t ifindex;
	struct mip_ip4 addr;
	uint8_t plen;
};

enum mip_cmd_kind {
	MIP_CMD_REGISTER,      /* MN: register now */
	MIP_CMD_DEREGISTER,    /* MN: deregister all bindings */
	MIP_CMD_SOLICIT,       /* MN: send an agent solicitation */
	MIP_CMD_FLUSH_BINDING, /* HA: drop |home_addr|'s bindings */
	MIP_CMD_FLUSH_ALL,
};

struct mip_cmd {
	enum mip_cmd_kind kind;
	struct mip_ip4 home_addr;
};

enum mip_encap_kind {
	MIP_TUN_IPIP,	 /* RFC 2003 */
	MIP_TUN_MINIMAL, /* RFC 2004 */
	MIP_TUN_GRE,	 /* RFC 2784 */
};

/*
 * A data packet the host forwarded or received, reported so that the
 * Route Optimization roles can react to traffic (RO draft 3, 4; paper 2,
 * 3.1, 4.3). The core never sees data packets themselves.
 *
 * MIP_TRAFFIC_TUNNELLED: the host sent a packet from |src| to |dst| into
 * tunnel |tunnel_id| (one the node asked for with MIP_ACT_TUNNEL_ADD).
 * A correspondent node marks its cache entry for |dst| used (the Binding
 * Request rule of RO spec 1.5, and LRU order); a home agent learns that
 * |src| sends to its mobile node |dst| through it and may send |src| a
 * Binding Update (RO draft 4.3).
 *
 * MIP_TRAFFIC_UNMATCHED: an encapsulated packet (|encap|) arrived on
 * |ifindex| from |outer_src| to our |outer_dst|, inner |src| -> |dst|, and
 * no tunnel of ours matched it, so the host did not decapsulate it. A
 * foreign agent or cache holder may then install a tunnel to the mobile
 * node's new care-of address and send a Binding Warning (RO draft 4.1;
 * paper 3.1, 4.3). A tunnel that a route leads into (a cache entry, a
 * binding) is a forwarding pointer, not a way in: a packet for its home
 * address from another source than |remote| does not match it.
 *
 * Re-tunnelling is the host's, for every such packet, reported or not:
 * after the call it applies the actions, then looks again: if a tunnel
 * now matches, it decapsulates as usual; else if the route for the inner
 * |dst| leads into a tunnel (a cache entry: to the new care-of address;
 * or a special tunnel: to the home address), it decapsulates and
 * forwards the inner packet by that route; else it drops the packet.
 * A special tunnel (RO spec 3: IP-in-IP whose outer destination equals
 * its inner one) is never re-tunnelled on its way: the host routes it
 * past every tunnel route but those of tunnels with |special| set.
 *
 * MIP_TRAFFIC_SPECIAL: a special tunnel (RO spec 3: IP-in-IP whose outer
 * and inner destinations are both |dst|) from |outer_src|, inner source
 * |src|, reached tunnel |tunnel_id| (one with |special| set) and was
 * handled as that tunnel's |special| says. A home agent may send Binding
 * Updates to |src| and |outer_src| (RO spec 3 step 5).
 *
 * Rate limit: a host reports at most one packet per second per
 * (tunnel_id, src) (TUNNELLED: per source, not per tunnel, so that a home
 * agent learns of every correspondent sending to one mobile node), per
 * (outer_src, src, dst) (UNMATCHED) or per (tunnel_id, outer_src)
 * (SPECIAL); the first packet of a flow is reported at once. The
 * simulator does so in sim/sim_fwd.c; mipd does so in its data plane,
 * keeping the last report time per key in a small hash table.
 */
enum mip_traffic_kind {
	MIP_TRAFFIC_TUNNELLED,
	MIP_TRAFFIC_UNMATCHED,
	MIP_TRAFFIC_SPECIAL,
};

struct mip_traffic {
	enum mip_traffic_kind kind;
	struct mip_ip4 src, dst;	     /* the data packet's (inner) */
	uint32_t tunnel_id;		     /* TUNNELLED */
	uint32_t ifindex;		     /* UNMATCHED: arrival link */
	struct mip_ip4 outer_src, outer_dst; /* UNMATCHED */
	enum mip_encap_kind encap;	     /* UNMATCHED */
};

/* What every host shares when it reports (sim/sim_fwd.c, plat_dp). */

/* mip_traffic_decap fills |tr| with a report of |kind| about the
 * decapsulated packet |d|: inner and outer addresses, encapsulation. */
void mip_traffic_decap(struct mip_traffic *tr, enum mip_traffic_kind kind,
    const struct mip_decap *d);
/* mip_traffic_key stores the rate-limit key of |tr| (see "Rate limit"
 * above; equal keys share one report a second) and returns its hash. */
uint64_t mip_traffic_key(const struct mip_traffic *tr, uint32_t key[4]);
/* A tunnel's encapsulation in mip_encap's terms, and back. */
enum mip_encap mip_encap_of(enum mip_encap_kind k);
enum mip_encap_kind mip_encap_kind_of(enum mip_encap e);

/* ---- actions out ---- */

enum mip_action_type {
	MIP_ACT_SEND,	    /* transmit one datagram */
	MIP_ACT_TUNNEL_ADD, /* a tunnel endpoint pair for one home address */
	MIP_ACT_TUNNEL_DEL,
	MIP_ACT_ROUTE_ADD, /* host or prefix route, via a tunnel or gateway */
	MIP_ACT_ROUTE_DEL,
	MIP_ACT_RULE_ADD, /* reverse tunnel: from |src| in on |ifindex| */
	MIP_ACT_RULE_DEL,
	MIP_ACT_NEIGH_ADD, /* static neighbour entry (never learned) */
	MIP_ACT_NEIGH_DEL,
	MIP_ACT_PROXY_ADD, /* proxy ARP for an away mobile node */
	MIP_ACT_PROXY_DEL,
	MIP_ACT_ARP_ANNOUNCE, /* gratuitous ARP */
	MIP_ACT_NOTIFY,	      /* an event for logs, mipctl and traces */
};

/*
 * Send. |data| (the UDP payload or ICMP message) is owned by the node and
 * valid until the next mip_node_handle_* call. With |has_hwaddr| the
 * datagram goes to |dst_hwaddr| on |ifindex| directly, without ARP (an FA
 * answering a visitor, RFC 5944 3.7.3.2). |ifindex| 0 lets the host route.
 */
struct mip_act_send {
	enum mip_pkt_kind kind; /* MIP_PKT_UDP or MIP_PKT_ICMP */
	uint32_t ifindex;
	struct mip_ip4 src, dst;
	uint16_t sport, dport;
	uint8_t ttl; /* 0: the host's default */
	bool has_hwaddr;
	uint8_t dst_hwaddr[MIP_HWADDR_LEN];
	const uint8_t *data;
	size_t len;
};

/*
 * A tunnel carries packets for |home_addr| between |local| and |remote|.
 * Encapsulating side: packets routed into tunnel |id| are wrapped with
 * |encap|. Decapsulating side: packets from |remote| to |local| whose inner
 * address matches |home_addr| (inner destination; inner source when
 * |reverse|) are unwrapped. RFC 3024 4.3.2: a reverse tunnel is accepted only
 * when the outer source is |remote| and the inner source is |home_addr|.
 */
struct mip_act_tunnel {
	uint32_t id;
	enum mip_encap_kind encap;
	struct mip_ip4 local, remote, home_addr;
	bool reverse; /* also accept reverse-tunnelled packets */
	/*
	 * RFC 5944 4.3 (HA side): also send broadcasts from the home link
	 * down this tunnel (B). Unless |colocated| (D: the mobile node
	 * decapsulates itself), first encapsulate them to |home_addr|.
	 */
	bool broadcast;
	bool colocated;
	/*
	 * RO spec 3 (HA side): a special tunnel for |home_addr| routed into
	 * this tunnel is decapsulated and its inner packet sent down the
	 * tunnel instead, except that one whose outer source is |remote| is
	 * dropped (never looped back to the care-of address, RO spec 3 step
	 * 3; OPT-05 9.5). Either way it is reported (MIP_TRAFFIC_SPECIAL).
	 * Without |special| the packet is tunnelled as it is.
	 */
	bool special;
};

/*
 * A route to |dst|/|plen|: into tunnel |tunnel_id| when nonzero, else via
 * |gw| (0.0.0.0 = on-link) out of |ifindex|. Several routes to the same host
 * prefix through different tunnels mean "a copy through each" (simultaneous
 * bindings, RFC 5944 3.6.1.3).
 */
struct mip_act_route {
	struct mip_ip4 dst;
	uint8_t plen;
	uint32_t ifindex;
	uint32_t tunnel_id;
	struct mip_ip4 gw;
};

/* Packets from |src| arriving on |ifindex| go into tunnel |tunnel_id|. */
struct mip_act_rule {
	struct mip_ip4 src;
	uint32_t ifindex;
	uint32_t tunnel_id;
};

/* Neighbour, proxy and announce entries on |ifindex| for |addr|. */
struct mip_act_neigh {
	uint32_t ifindex;
	struct mip_ip4 addr;
	uint8_t hwaddr[MIP_HWADDR_LEN]; /* NEIGH_ADD, ARP_ANNOUNCE: whose */
};

enum mip_note {
	MIP_NOTE_STATE,	      /* a role changed state: |arg| old, |code| new */
	MIP_NOTE_AGENT,	      /* MN heard a new agent at |peer| */
	MIP_NOTE_AGENT_LOST,  /* MN: advertisement lifetime ran out */
	MIP_NOTE_MOVED,	      /* MN: new care-of address |coa| */
	MIP_NOTE_HOME,	      /* MN: back on the home link */
	MIP_NOTE_REG_SENT,    /* a request sent or relayed */
	MIP_NOTE_REG_REPLY,   /* a reply sent, relayed or received: |code| */
	MIP_NOTE_BINDING_ADD, /* HA: binding home_addr -> coa; CN (role
				 MIP_ROLE_CN): cache entry, |peer| the HA */
	MIP_NOTE_BINDING_DEL,
	MIP_NOTE_VISITOR_ADD, /* FA */
	MIP_NOTE_VISITOR_DEL,
	MIP_NOTE_DROP, /* a message dropped: |reason| */
};

struct mip_act_notify {
	enum mip_note what;
	uint32_t role; /* MIP_ROLE_* that speaks */
	struct mip_ip4 home_addr, coa, peer;
	uint8_t code;	 /* reply code, new state */
	uint16_t reason; /* enum mip_drop for MIP_NOTE_DROP */
	uint32_t arg;
};

struct mip_action {
	enum mip_action_type type;
	uint32_t seq;
	union {
		struct mip_act_send send;
		struct mip_act_tunnel tunnel;
		struct mip_act_route route;
		struct mip_act_rule rule;
		struct mip_act_neigh neigh;
		struct mip_act_notify notify;
	} u;
};

/* ---- drops and statistics ---- */

enum mip_drop {
	MIP_DROP_SHORT,	    /* truncated */
	MIP_DROP_MALFORMED, /* impossible field values */
	MIP_DROP_CHECKSUM,
	MIP_DROP_UNKNOWN_EXT, /* RFC 5944 1.9: unknown type < 128 */
	MIP_DROP_NO_SA,	      /* no security association */
	MIP_DROP_AUTH,	      /* authenticator does not verify */
	MIP_DROP_REPLAY,      /* stale or repeated identification */
	MIP_DROP_UNEXPECTED,  /* not valid in this state / unmatched */
	MIP_DROP_NOT_FOR_US,  /* addressed to a role this node lacks */
	MIP_DROP_RATE,	      /* a reply suppressed by a rate limit */
	MIP_DROP_LIMIT,	      /* a table is full */
	MIP_DROP__COUNT,
};

/* mip_drop_name returns a static snake_case name for |reason|. */
const char *mip_drop_name(enum mip_drop reason);

struct mip_stats {
	uint64_t rx, tx;
	uint64_t drops[MIP_DROP__COUNT];
	uint64_t reg_requests;	 /* sent (MN), relayed (FA), received (HA) */
	uint64_t replies[256];	 /* by code */
	uint64_t advertisements; /* sent (FA) or received (MN) */
	uint64_t solicitations;
};

/* ---- the node ---- */

struct mip_node;

/*
 * mip_node_new creates a node from |cfg| (deep-copied; the core keeps no
 * caller pointers) at time |now|.
 *
 * Returns 0 or one of: MIP_ERR_INVAL (the configuration breaks a rule; the
 * message says which is not available here, see mip_node_config_check),
 * MIP_ERR_NOMEM, MIP_ERR_CRYPTO.
 */
int mip_node_new(struct mip_node **out, const struct mip_node_config *cfg,
    const struct mip_mem *mem, const struct mip_rand *rnd,
    const struct mip_now *now);

/* mip_node_del frees |node| and everything it owns; NULL is allowed. */
void mip_node_del(struct mip_node *node);

/*
 * mip_node_config_check validates |cfg| without building anything; on
 * failure |*why| (may be NULL) names the broken rule in a static string.
 * Returns 0 or MIP_ERR_INVAL.
 */
int mip_node_config_check(const struct mip_node_config *cfg, const char **why);

/*
 * Event entry points. Each resets the output arena, processes the event and
 * queues actions. A malformed or unauthenticated packet is a counted drop,
 * not an error: they return 0 for every packet, and a negative value only
 * for a caller mistake (MIP_ERR_INVAL) or a fatal condition (<= -500).
 */
int mip_node_handle_packet(struct mip_node *node, const struct mip_pkt_in *pkt,
    const struct mip_now *now);
int mip_node_handle_link(struct mip_node *node, const struct mip_link_event *ev,
    const struct mip_now *now);
int mip_node_handle_cmd(struct mip_node *node, const struct mip_cmd *cmd,
    const struct mip_now *now);
/* mip_node_handle_traffic takes a data-traffic report (struct mip_traffic;
 * reports no role wants are ignored, not counted as drops). */
int mip_node_handle_traffic(struct mip_node *node, const struct mip_traffic *tr,
    const struct mip_now *now);
/* mip_node_handle_expiry fires every timer due at |now|. */
int mip_node_handle_expiry(struct mip_node *node, const struct mip_now *now);

/* The next time mip_node_handle_expiry must be called (MIP_TSTAMP_NONE). */
mip_tstamp mip_node_next_expiry(const struct mip_node *node);

/*
 * mip_node_poll_action pops the oldest queued action into |*act|. Returns 1
 * when one was stored, 0 when the queue is empty. Bytes it points to stay
 * valid until the next mip_node_handle_* call.
 */
int mip_node_poll_action(struct mip_node *node, struct mip_action *act);

/* mip_node_stats returns the node's counters (valid while |node| lives). */
const struct mip_stats *mip_node_stats(const struct mip_node *node);

/* ---- introspection ---- */

/*
 * Read-only views of a running node for mipctl, tests and traces. Every
 * view is a plain copy taken at |now| (remaining lifetimes are counted
 * from it); nothing points into the node and no key is ever copied.
 *
 * Lists are walked with a cursor: zero a struct mip_iter, then call the
 * *_next function until it returns 0; each call that returns 1 stored one
 * entry. A list walked between two events is complete and in a stable
 * order. A cursor never dangles: kept across events it may skip or repeat
 * entries, never read freed memory.
 */
struct mip_iter {
	size_t i, j;
};

/* Remaining lifetimes of entries that never expire. */
#define MIP_INFO_FOREVER UINT32_MAX

struct mip_node_info {
	uint32_t roles; /* MIP_ROLE_* */
	size_t nifs, nsas;
	mip_tstamp next_expiry; /* MIP_TSTAMP_NONE: no timer armed */
	/* Home agent (zero without the role). */
	size_t ha_mns;	    /* mobile nodes served */
	size_t ha_away;	    /* of them with at least one binding */
	size_t ha_bindings; /* whole table */
	size_t ha_max_bindings;
	/* Foreign agent (zero without the role). */
	size_t fa_links;
	size_t fa_visitors, fa_pending; /* RFC 5944 3.7.1 */
	size_t fa_max_visitors, fa_max_pending;
	/* Mobile node (zero without the role). */
	size_t mn_agents; /* agents heard and not expired */
	/* Correspondent node (zero without the role). */
	size_t cn_entries; /* binding cache entries */
	size_t cn_capacity;
};

/* mip_node_info fills |*out| with the node's roles and table sizes. */
void mip_node_info(const struct mip_node *node, struct mip_node_info *out);

/* One binding of the home agent's mobility binding list (RFC 5944 3.8.1). */
struct mip_binding_info {
	struct mip_ip4 home_addr, coa;
	uint64_t ident;	    /* of the accepted Registration Request */
	uint16_t lifetime;  /* granted, seconds; MIP_LIFETIME_INFINITE */
	uint32_t remaining; /* seconds left; MIP_INFO_FOREVER */
	uint8_t flags;	    /* the request's S B D M G T (mip_rrq_flag_names) */
	uint8_t code;	    /* the accepting reply code: 0 or 1 */
	uint32_t tunnel_id; /* the tunnel the data plane was given */
	enum mip_encap_kind encap;
};

/*
 * mip_node_binding_next walks the bindings by home address, then most
 * recently added first. Returns 1 with |*out| filled, 0 at the end (and
 * always without the home agent role).
 */
int mip_node_binding_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_binding_info *out);

/*
 * One entry of the foreign agent's visitor list (RFC 5944 3.7.1): the
 * current registration, a pending request, or both (renewing).
 */
struct mip_visitor_info {
	struct mip_ip4 home_addr; /* 0.0.0.0 while an RFC 2794 request waits */
	const char *state;	  /* "pending", "registered", "renewing" */
	bool registered;	  /* the fields below up to |pending| apply */
	uint32_t ifindex;	  /* the link the visitor is on */
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN]; /* the visitor's, from its request */
	struct mip_ip4 coa, ha_addr;
	enum mip_encap_kind encap;
	bool reverse;	    /* RFC 3024 reverse tunnel granted (T) */
	uint32_t tunnel_id; /* 0 when nothing was installed */
	uint16_t lifetime;  /* granted, seconds; MIP_LIFETIME_INFINITE */
	uint32_t remaining; /* seconds left; MIP_INFO_FOREVER */
	bool has_key;	    /* a registration key (paper 6-9): the SA */
	uint32_t key_spi;   /* (home_addr, key_spi), as long as the visit */
	bool pending;	    /* a relayed request awaits the reply: */
	uint32_t pend_ifindex;
	bool pend_has_hwaddr;
	uint8_t pend_hwaddr[MIP_HWADDR_LEN];
	struct mip_ip4 pend_coa, pend_ha_addr;
	uint64_t pend_ident;
	uint16_t pend_lifetime;	  /* requested, seconds */
	uint8_t pend_flags;	  /* requested MIP_RRQ_F_* */
	uint32_t pend_timeout_ms; /* until 78 is answered (RFC 5944 3.7.1) */
};

/*
 * mip_node_visitor_next walks the visitor list in hash order. Returns 1
 * with |*out| filled, 0 at the end (and always without the FA role).
 */
int mip_node_visitor_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_visitor_info *out);

/* One binding cache entry (RO draft 3.1; paper 2). */
struct mip_cache_info {
	struct mip_ip4 home_addr, coa;
	struct mip_ip4 ha_addr; /* sent the Binding Update; Binding Requests
				   go there */
	uint16_t lifetime;	/* cached, seconds; MIP_LIFETIME_INFINITE */
	uint32_t remaining;	/* seconds left; MIP_INFO_FOREVER */
	uint8_t flags;		/* the update's MIP_BU_F_M, MIP_BU_F_G */
	enum mip_encap_kind encap;
	uint32_t tunnel_id;
	bool used;     /* traffic was reported through it: */
	uint32_t idle; /* seconds since the last report */
	bool br_sent;  /* a Binding Request went out for it */
	bool handoff;  /* a foreign agent's forwarding binding from a smooth
			  handoff (paper 4.3), not a home agent's update */
};

/*
 * mip_node_cache_next walks the binding cache in table order.
 * Returns 1 with |*out| filled, 0 at the end (and always without a cache).
 */
int mip_node_cache_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_cache_info *out);

#define MIP_INFO_COA_MAX 4

/* One mobility agent a mobile node heard (RFC 5944 2.1, 2.4). */
struct mip_agent_info {
	struct mip_ip4 addr; /* the advertisement's IP source */
	uint32_t ifindex;
	bool has_hwaddr;
	uint8_t hwaddr[MIP_HWADDR_LEN];
	uint16_t flags;	       /* MIP_ADV_F_* (mip_adv_flag_names) */
	uint16_t reg_lifetime; /* longest registration, seconds */
	uint16_t seq;	       /* of the last advertisement */
	size_t ncoa;
	struct mip_ip4 coa[MIP_INFO_COA_MAX];
	bool has_prefix; /* Prefix-Lengths: the agent's network */
	struct mip_ip4 net;
	uint8_t plen;
	uint32_t remaining; /* seconds of advertisement lifetime left */
	bool current;	    /* the agent the mobile node uses */
};

/*
 * mip_node_agent_next walks the agents a mobile node heard, in table
 * order. Returns 1 with |*out| filled, 0 at the end (and always without
 * the MN role).
 */
int mip_node_agent_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_agent_info *out);

#define MIP_INFO_MN_BINDINGS_MAX 4

/* The mobile node's registration (RFC 5944 3.6). */
struct mip_reg_info {
	const char *state; /* "discovering", "at_home", "registering", ... */
	bool at_home;	   /* on the home link */
	bool stopped;	   /* the operator deregistered */
	struct mip_ip4 home_addr;
	struct mip_ip4 ha_addr; /* current; learned from a 136 */
	bool has_coloc; /* a co-located care-of address is on the link */
	struct mip_ip4 coloc;
	bool has_last_code; /* a reply was received: */
	uint8_t last_code;
	bool requesting; /* a request is outstanding: */
	struct mip_ip4 req_coa;
	uint64_t req_ident;
	uint16_t req_lifetime; /* requested, seconds; 0 deregisters */
	uint8_t req_flags;
	unsigned req_tx; /* transmissions of it, the first included */
	size_t nbindings;
	struct {
		struct mip_ip4 coa;
		struct mip_ip4 fa_addr; /* 0.0.0.0 when co-located */
		bool colocated;
		uint32_t tunnel_id; /* co-located: our own, else 0 */
		uint32_t remaining; /* seconds; MIP_INFO_FOREVER */
	} bindings[MIP_INFO_MN_BINDINGS_MAX];
};

/* mip_node_reg_info fills |*out|; returns 0, or MIP_ERR_INVAL without the
 * MN role. */
int mip_node_reg_info(const struct mip_node *node, const struct mip_now *now,
    struct mip_reg_info *out);

/* One mobility security association, without its key. */
struct mip_sa_info {
	struct mip_ip4 peer;
	uint32_t spi;
	enum mip_auth_alg alg;	       /* mip_auth_alg_name */
	enum mip_replay_method replay; /* timestamp or nonce */
	uint32_t tolerance;	       /* seconds (timestamps) */
};

/*
 * mip_node_sa_next walks the SAs in (peer, SPI) order. Returns 1 with
 * |*out| filled, 0 at the end.
 */
int mip_node_sa_next(
    const struct mip_node *node, struct mip_iter *it, struct mip_sa_info *out);

/*
 * A key shared with the other end of a smooth handoff (paper 4, 6-9;
 * mn.md, fa.md): a registration key made at run time, or a mobile node's
 * configured MN-FA SA while it retransmits a Binding Update under it.
 * Registration keys are in the SA list too (mip_node_sa_next), under the
 * same (peer, spi). |origin| is a static name:
 *   "registration"  the mobile node's key with foreign agent |peer|,
 *                   removed when that registration's lifetime ends;
 *   "configured"    a configured MN-FA SA whose per-visit key secures
 *                   the next smooth handoff: the mobile node's with
 *                   foreign agent |peer|, or the foreign agent's with
 *                   the visitor whose home address is |peer|;
 *   "visitor"       the foreign agent's key with the mobile node whose
 *                   home address is |peer|, removed with the visitor;
 *   "handed-off"    the foreign agent's key after it accepted the smooth
 *                   handoff's Binding Update, kept for the mobile node's
 *                   retransmissions until the forwarding binding to
 *                   |coa| ends.
 * |method| says how the key was obtained (paper 9.1-9.4), as recorded
 * when it was installed and kept when it is handed off.
 */
enum mip_regkey_method {
	MIP_REGKEY_CONFIGURED,	   /* paper 9.1 step 3: a configured MN-FA SA
				      (its per-visit key, mip_visit_key.h) */
	MIP_REGKEY_HA_DISTRIBUTOR, /* paper 8.1, 8.2: 113; 120 + 121 */
	MIP_REGKEY_FA_PUBLIC_KEY,  /* paper 8.4: 115; 120 + 123 */
	MIP_REGKEY_MN_PUBLIC_KEY,  /* paper 8.3: 114; 122 */
	MIP_REGKEY_DIFFIE_HELLMAN, /* paper 8.5: 116; 124 */
	MIP_REGKEY_METHOD__COUNT,
};

/* A static name: "configured", "ha-distributor", "fa-public-key",
 * "mn-public-key", "diffie-hellman" ("unknown" out of range). */
const char *mip_regkey_method_name(enum mip_regkey_method m);

struct mip_regkey_info {
	struct mip_ip4 peer;
	uint32_t spi;
	const char *origin;
	enum mip_regkey_method method;
	uint32_t remaining; /* seconds until removed; MIP_INFO_FOREVER */
	bool bu_pending;    /* mobile node: a smooth-handoff Binding Update
			       to |peer| awaits its Acknowledge */
	struct mip_ip4 coa; /* "handed-off": the new care-of address */
};

/*
 * mip_node_regkey_next walks those keys: the mobile node's, then the
 * foreign agent's handed-off keys, then its visitors' keys. Returns 1
 * with |*out| filled, 0 at the end.
 */
int mip_node_regkey_next(const struct mip_node *node, struct mip_iter *it,
    const struct mip_now *now, struct mip_regkey_info *out);

#endif
