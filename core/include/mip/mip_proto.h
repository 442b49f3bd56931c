/* SPDX-License-Identifier: ISC */
/*
 * Wire constants of Mobile IPv4 (RFC 5944 and the RFCs that extend it) and
 * of Route Optimization (draft-ietf-mobileip-optim-07 as in the Perkins and
 * Johnson paper, with REGKEY-00 key extensions). Every number here comes from
 * a document; docs/design.md lists which. The Route Optimization numbers that
 * collide with later IANA assignments are defaults only: struct mip_profile
 * (mip_ext.h) overrides them at run time.
 */
#ifndef MIP_PROTO_H
#define MIP_PROTO_H

/* RFC 5944 3.1: registration uses UDP port 434. */
#define MIP_UDP_PORT 434

/* Message types on UDP port 434 (RFC 5944 1.8; IANA). */
#define MIP_MSG_REG_REQ 1
#define MIP_MSG_REG_REP 3
#define MIP_MSG_TUNNEL_DATA 4 /* RFC 3519 3.3 */
/* optim-07 4: Route Optimization messages (defaults; see mip_profile). */
#define MIP_MSG_BIND_WARN 16
#define MIP_MSG_BIND_REQ 17
#define MIP_MSG_BIND_UPDATE 18
#define MIP_MSG_BIND_ACK 19

/* Fixed-part sizes, checked before anything is read. */
#define MIP_REG_REQ_LEN 24 /* RFC 5944 3.3 */
#define MIP_REG_REP_LEN 20 /* RFC 5944 3.4 */
#define MIP_BW_MIN_LEN 8   /* optim-07 4.1: type, rsvd, home, targets */
#define MIP_BR_LEN 16	   /* optim-07 4.2 */
#define MIP_BU_LEN 12	   /* optim-07 4.3: without Identification */
#define MIP_BU_ID_LEN 20   /* ... with Identification (I bit) */
#define MIP_BA_SHORT_LEN 8 /* spec sheet 1.4: accept 8- or 16-byte BAs */
#define MIP_BA_LEN 16
#define MIP_TUNNEL_DATA_LEN 4 /* RFC 3519 3.3 */

/* Registration Request flags (RFC 5944 3.3; RFC 3024 3.2). */
#define MIP_RRQ_F_S 0x80U /* simultaneous bindings */
#define MIP_RRQ_F_B 0x40U /* broadcast datagrams */
#define MIP_RRQ_F_D 0x20U /* decapsulation by mobile node */
#define MIP_RRQ_F_M 0x10U /* minimal encapsulation */
#define MIP_RRQ_F_G 0x08U /* GRE encapsulation */
#define MIP_RRQ_F_R 0x04U /* "r": sent as zero, formerly V */
#define MIP_RRQ_F_T 0x02U /* reverse tunnelling */
#define MIP_RRQ_F_X 0x01U /* "x": sent as zero; RO private bit P */
/* optim-10/11 5.1: the private bit P takes the x position by default. */
#define MIP_RRQ_P_DEFAULT MIP_RRQ_F_X

/* Lifetimes (RFC 5944 3.3): 0 deregisters, 0xffff is infinity. */
#define MIP_LIFETIME_INFINITE 0xffffU

/* Registration Reply codes (RFC 5944 3.4; IANA Mobile IPv4 Numbers). */
#define MIP_CODE_ACCEPTED 0
#define MIP_CODE_ACCEPTED_NO_SIMUL 1
/* foreign agent denials */
#define MIP_CODE_FA_UNSPECIFIED 64
#define MIP_CODE_FA_PROHIBITED 65
#define MIP_CODE_FA_RESOURCES 66
#define MIP_CODE_FA_MN_AUTH 67
#define MIP_CODE_FA_HA_AUTH 68
#define MIP_CODE_FA_LIFETIME 69
#define MIP_CODE_FA_BAD_REQ 70
#define MIP_CODE_FA_BAD_REP 71
#define MIP_CODE_FA_ENCAP 72
#define MIP_CODE_FA_RESERVED 73
#define MIP_CODE_FA_RT_UNAVAIL 74   /* RFC 3024 */
#define MIP_CODE_FA_RT_MANDATORY 75 /* RFC 3024 */
#define MIP_CODE_FA_TOO_DISTANT 76  /* RFC 3024 */
#define MIP_CODE_FA_BAD_COA 77
#define MIP_CODE_FA_TIMEOUT 78
#define MIP_CODE_FA_DELIVERY_STYLE 79 /* RFC 3024 */
#define MIP_CODE_FA_HOME_NET_UNREACH 80
#define MIP_CODE_FA_HA_HOST_UNREACH 81
#define MIP_CODE_FA_HA_PORT_UNREACH 82
#define MIP_CODE_FA_HA_UNREACH 88
#define MIP_CODE_FA_VENDOR 89
#define MIP_CODE_FA_HA_ADDR_REQD 90	   /* RFC 4433 */
#define MIP_CODE_FA_HOMEADDR_REQD 96	   /* RFC 2794 */
#define MIP_CODE_FA_MISSING_NAI 97	   /* RFC 2794 */
#define MIP_CODE_FA_MISSING_HA 98	   /* RFC 2794 */
#define MIP_CODE_FA_MISSING_HOMEADDR 99	   /* RFC 2794 */
#define MIP_CODE_FA_CVSE_1 100		   /* RFC 3115 */
#define MIP_CODE_FA_CVSE_2 101		   /* RFC 3115 */
#define MIP_CODE_FA_UNKNOWN_CHALLENGE 104  /* RFC 4721 */
#define MIP_CODE_FA_MISSING_CHALLENGE 105  /* RFC 4721 */
#define MIP_CODE_FA_STALE_CHALLENGE 106	   /* RFC 4721 */
#define MIP_CODE_FA_MISSING_MN_FA 107	   /* RFC 3957 */
#define MIP_CODE_FA_BAD_AAA_AUTH 108	   /* RFC 4721 */
#define MIP_CODE_FA_HA_WRONG_CHALLENGE 109 /* RFC 4721 */
/* RFC 5944 prints 194; IANA assigns 116. Send 116, accept both. */
#define MIP_CODE_FA_BAD_HA_ADDR 116
#define MIP_CODE_FA_BAD_HA_ADDR_5944 194
#define MIP_CODE_FA_EXPERIMENTAL 127
/* home agent denials */
#define MIP_CODE_HA_UNSPECIFIED 128
#define MIP_CODE_HA_PROHIBITED 129
#define MIP_CODE_HA_RESOURCES 130
#define MIP_CODE_HA_MN_AUTH 131
#define MIP_CODE_HA_FA_AUTH 132
#define MIP_CODE_HA_ID_MISMATCH 133
#define MIP_CODE_HA_BAD_REQ 134
#define MIP_CODE_HA_TOO_MANY_BINDINGS 135
#define MIP_CODE_HA_UNKNOWN_HA 136
#define MIP_CODE_HA_RT_UNAVAIL 137   /* RFC 3024 */
#define MIP_CODE_HA_RT_MANDATORY 138 /* RFC 3024 */
#define MIP_CODE_HA_ENCAP 139	     /* RFC 3024 */
#define MIP_CODE_HA_CVSE_1 140	     /* RFC 3115 */
#define MIP_CODE_HA_CVSE_2 141	     /* RFC 3115 */
#define MIP_CODE_HA_UDP_ENCAP 142    /* RFC 3519 */
#define MIP_CODE_HA_REDIRECT 143     /* RFC 4433 */
#define MIP_CODE_HA_BAD_AAA_AUTH 144 /* RFC 4721 */
#define MIP_CODE_HA_EXPERIMENTAL 192

/* Binding Acknowledge status (optim-07 4.4). Nonzero is negative. */
#define MIP_BA_ACCEPTED 0
#define MIP_BA_UNSPECIFIED 128
#define MIP_BA_PROHIBITED 129
#define MIP_BA_RESOURCES 130
#define MIP_BA_AUTH 131
#define MIP_BA_ID_MISMATCH 133
#define MIP_BA_BAD_BU 134

/* Binding Update flags (optim-07 4.3). */
#define MIP_BU_F_A 0x80U /* acknowledge requested */
#define MIP_BU_F_I 0x40U /* Identification present */
#define MIP_BU_F_M 0x20U /* minimal encapsulation allowed */
#define MIP_BU_F_G 0x10U /* GRE allowed */

/*
 * Extension types in the registration (UDP 434) number space
 * (RFC 5944 1.8; IANA; optim-07 and REGKEY-00 for RO).
 */
#define MIP_EXT_PAD 0
#define MIP_EXT_BIND_WARN 16 /* optim-11 6.3, RO default; configurable */
#define MIP_EXT_MN_HA_AUTH 32
#define MIP_EXT_MN_FA_AUTH 33
#define MIP_EXT_FA_HA_AUTH 34
#define MIP_EXT_RO_AUTH 35	   /* optim-07 4.5 */
#define MIP_EXT_GEN_AUTH 36	   /* RFC 4721: long format */
#define MIP_EXT_CVSE 38		   /* RFC 3115: critical vendor, long-ish */
#define MIP_EXT_UDP_TUN_REP 44	   /* RFC 3519 3.2 */
#define MIP_EXT_PFANE 96	   /* optim-07 5.1 */
#define MIP_EXT_FA_KEY_REQ 113	   /* REGKEY-00: 8-bit length */
#define MIP_EXT_MN_PUBKEY 114	   /* REGKEY-00: 16-bit length */
#define MIP_EXT_FA_PUBKEY 115	   /* 16-bit */
#define MIP_EXT_REGKEY_REQ 116	   /* 16-bit: prime, generator, value */
#define MIP_EXT_HM_KEY_REP 120	   /* 16-bit: Home-Mobile Key Reply */
#define MIP_EXT_FA_KEY_REP 121	   /* 16-bit */
#define MIP_EXT_MN_PUBKEY_REP 122  /* 16-bit */
#define MIP_EXT_FA_PUBKEY_REP 123  /* 16-bit */
#define MIP_EXT_DH_KEY_REP 124	   /* 16-bit */
#define MIP_EXT_SPI 125		   /* 8-bit */
#define MIP_EXT_ENCAP_DELIVERY 130 /* RFC 3024 3.3: length 0 */
#define MIP_EXT_NAI 131		   /* RFC 2794 */
#define MIP_EXT_CHALLENGE 132	   /* RFC 4721 */
#define MIP_EXT_NVSE 134	   /* RFC 3115: normal vendor */
#define MIP_EXT_UDP_TUN_REQ 144	   /* RFC 3519 3.1 */
#define MIP_EXT_MSG_STRING 145	   /* RFC 4917 */

/* Generalized authentication subtypes (RFC 4721 3.2). */
#define MIP_GEN_AUTH_MN_AAA 1

/* UDP Tunnel Request and Reply bodies (RFC 3519 3.1, 3.2). */
#define MIP_UDPTUN_SUBTYPE 0	   /* the only (short-format) sub-type */
#define MIP_UDPTUN_REQ_F_F 0x80U   /* force UDP tunnelling */
#define MIP_UDPTUN_REQ_F_R 0x40U   /* registration through the FA required */
#define MIP_UDPTUN_REP_F_F 0x8000U /* tunnelling was forced */
#define MIP_UDPTUN_ENCAP_DEFAULT 0 /* as the RRQ's M and G bits say */
#define MIP_UDPTUN_ENCAP_IPIP 4
#define MIP_UDPTUN_ENCAP_GRE 47
#define MIP_UDPTUN_ENCAP_MINENC 55
#define MIP_UDPTUN_REP_DECLINE_MIN 64 /* Reply Codes 64-255 decline */

/* Message String sub-types (RFC 4917 3). */
#define MIP_MSGSTR_HA 1
#define MIP_MSGSTR_FA 2

/* RFC 4721 3.1: a challenge is at least 32 bits. */
#define MIP_CHALLENGE_MIN_LEN 4

/* Extension types in the ICMP Router Discovery space (RFC 5944 1.8). */
#define MIP_ICMPEXT_PAD 0
#define MIP_ICMPEXT_MOBILITY 16
#define MIP_ICMPEXT_PREFIX_LENGTHS 19
#define MIP_ICMPEXT_CHALLENGE 24 /* RFC 4721 */

/* ICMP (RFC 792, RFC 1256) */
#define MIP_ICMP_ECHO_REPLY 0
#define MIP_ICMP_UNREACH 3
#define MIP_ICMP_ECHO 8
#define MIP_ICMP_ROUTER_ADV 9
#define MIP_ICMP_ROUTER_SOL 10
#define MIP_ICMP_ADV_CODE_NORMAL 0
#define MIP_ICMP_ADV_CODE_NO_COMMON 16 /* RFC 5944 2.1: no common traffic */
#define MIP_ICMP_HDR_LEN 4	       /* type, code, checksum */
#define MIP_ICMP_ADV_LEN 8	       /* RFC 1256 fixed part */
#define MIP_ICMP_SOL_LEN 8	       /* RFC 1256 */
#define MIP_ICMP_ADV_ENTRY_SIZE 2      /* words per router entry */

/* Mobility Agent Advertisement flags, 16-bit word (RFC 5944 2.1.1). */
#define MIP_ADV_F_R 0x8000U /* registration required */
#define MIP_ADV_F_B 0x4000U /* busy */
#define MIP_ADV_F_H 0x2000U /* home agent */
#define MIP_ADV_F_F 0x1000U /* foreign agent */
#define MIP_ADV_F_M 0x0800U /* minimal encapsulation */
#define MIP_ADV_F_G 0x0400U /* GRE */
#define MIP_ADV_F_r 0x0200U /* sent as zero, formerly V */
#define MIP_ADV_F_T 0x0100U /* reverse tunnelling, RFC 3024 */
#define MIP_ADV_F_U 0x0080U /* UDP tunnelling, RFC 3519; = RO "S" */
#define MIP_ADV_F_X 0x0040U /* revocation, RFC 3543 */
#define MIP_ADV_F_I 0x0020U /* regional registration, RFC 4857 */
#define MIP_ADV_F_RESERVED 0x001fU
/* optim-07 5.2: smooth handoff "S"; off unless configured (spec 2.4). */
#define MIP_ADV_S_DEFAULT MIP_ADV_F_U
#define MIP_MOBILITY_EXT_MIN_LEN 6 /* Length = 6 + 4 * N */

/* RFC 5944 2.3.2: the sequence number after 0xffff is 256. */
#define MIP_ADV_SEQ_ROLLOVER 256

/* Multicast groups (RFC 5944 2.3, 2.4). */
#define MIP_ALL_SYSTEMS 0xe0000001U	    /* 224.0.0.1 */
#define MIP_ALL_MOBILITY_AGENTS 0xe000000bU /* 224.0.0.11 */
#define MIP_LIMITED_BROADCAST 0xffffffffU

/* IP protocol numbers. */
#define MIP_IPPROTO_ICMP 1
#define MIP_IPPROTO_IPIP 4 /* RFC 2003 */
#define MIP_IPPROTO_UDP 17
#define MIP_IPPROTO_GRE 47    /* RFC 2784 */
#define MIP_IPPROTO_MINENC 55 /* RFC 2004 */

/* IPv4, UDP, encapsulation header sizes. */
#define MIP_IP4_HDR_LEN 20
#define MIP_IP4_HDR_MAX 60
#define MIP_UDP_HDR_LEN 8
#define MIP_MINENC_LEN 8    /* RFC 2004 3: without original source */
#define MIP_MINENC_S_LEN 12 /* ... with original source (S bit) */
#define MIP_GRE_HDR_LEN 4   /* RFC 2784 2.1 */
#define MIP_GRE_F_C 0x8000U /* checksum present */
#define MIP_GRE_F_K 0x2000U /* key present, RFC 2890 */
#define MIP_GRE_F_S 0x1000U /* sequence number present, RFC 2890 */
#define MIP_GRE_VER_MASK 0x0007U
#define MIP_ETHERTYPE_IPV4 0x0800U

/* RFC 5944 1.6 (and 3.5.1): SPIs 0 to 255 are reserved. */
#define MIP_SPI_MIN 256U

/* RFC 5944 3.5.1: the default authenticator is HMAC-MD5, 128 bits. */
#define MIP_AUTH_MD5_LEN 16
#define MIP_AUTH_SHA1_LEN 20
#define MIP_AUTH_MAX_LEN 20

/* RFC 5944 5.7: default timestamp tolerance is 7 seconds. */
#define MIP_REPLAY_TOLERANCE_DEFAULT 7

#endif
