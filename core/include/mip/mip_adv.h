/* SPDX-License-Identifier: ISC */
/*
 * ICMP agent discovery codecs: Agent Advertisement (an ICMP Router
 * Advertisement, RFC 1256 3, carrying the Mobility Agent Advertisement
 * extension, RFC 5944 2.1) and Agent Solicitation (ICMP Router
 * Solicitation, RFC 5944 2.2). Buffers start at the ICMP Type octet; the
 * IP header belongs to the caller. These codecs check syntax and the ICMP
 * checksum only; what a receiver does with a syntactically valid but
 * non-conforming advertisement is the role code's call (mip_adv_check).
 */
#ifndef MIP_ADV_H
#define MIP_ADV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_ext.h"
#include "mip_names.h"

/* Router entries kept per advertisement; more is malformed here. */
#define MIP_ADV_ROUTERS_MAX 32
/* (254 - 6) / 4: every care-of address a Length octet can describe. */
#define MIP_ADV_COA_MAX 62

/* One RFC 1256 router entry: address and signed preference level. */
struct mip_adv_router {
	struct mip_ip4 addr;
	int32_t pref;
};

/* Mobility Agent Advertisement extension body (RFC 5944 2.1.1). */
struct mip_adv_mobility {
	uint16_t seq;
	uint16_t reg_lifetime; /* 0xffff is infinity */
	uint16_t flags;	       /* MIP_ADV_F_*, reserved bits as received */
	uint8_t n_coa;
	struct mip_ip4 coa[MIP_ADV_COA_MAX];
};

/*
 * An Agent Advertisement, or a plain Router Advertisement when |is_agent|
 * is false. Decoded views keep pointers into the input buffer (|entries|,
 * |challenge|, the bodies in |exts|) and are valid only while it is.
 *
 * |exts| holds the extensions in wire order. The encoder walks it: for
 * One-byte Padding it writes one zero octet, for Mobility Agent
 * Advertisement, Prefix-Lengths and Challenge it writes the typed fields
 * below (the entry's body is not used), and any other entry (a skippable
 * type >= 128) is re-emitted verbatim from its body. mip_adv_set_order
 * fills |exts| for a message built by hand.
 */
struct mip_adv {
	uint8_t code; /* MIP_ICMP_ADV_CODE_NORMAL or _NO_COMMON */
	/* decode: as received. The encoder computes the checksum; it reads
	 * this only to keep 0xffff, the other form of a zero sum. */
	uint16_t checksum;
	bool checksum_ok; /* decode: false only in MIP_FUZZING builds */
	uint8_t num_addrs;
	uint8_t entry_size; /* Addr Entry Size, 32-bit words (normally 2) */
	uint16_t lifetime;  /* ICMP Lifetime, seconds */
	struct mip_adv_router routers[MIP_ADV_ROUTERS_MAX];
	/*
	 * The router entry area, for entries wider than 2 words: the encoder
	 * copies words 3 and up of each entry from here, or writes zeros
	 * when NULL. Set by the decoder; NULL when building.
	 */
	const uint8_t *entries;
	bool is_agent; /* the Mobility Agent Advertisement ext is present */
	struct mip_adv_mobility mob;
	bool has_prefix; /* Prefix-Lengths: |num_addrs| octets */
	uint8_t prefix_len[MIP_ADV_ROUTERS_MAX];
	const uint8_t *challenge; /* RFC 4721 3.1; NULL when absent */
	uint8_t challenge_len;	  /* 4 or more when present */
	struct mip_exts exts;
};

/*
 * mip_adv_decode parses the ICMP message |buf|[0, |len|) as a Router or
 * Agent Advertisement. |prof| (NULL: mip_profile_default) is passed to the
 * extension walker. Returns 0 or:
 *   MIP_ERR_SHORT: the message ends inside the header, a router entry or an
 *   extension;
 *   MIP_ERR_CHECKSUM: the ICMP checksum is wrong (never in MIP_FUZZING
 *   builds, which accept it and clear |checksum_ok|);
 *   MIP_ERR_MALFORMED: not type 9, a code other than 0 or 16, more than
 *   MIP_ADV_ROUTERS_MAX entries, Addr Entry Size below 2, no router
 *   entries in a plain Router Advertisement, an extension length out of
 *   bounds, a repeated Mobility/Prefix-Lengths/Challenge extension, a
 *   Prefix-Lengths count other than Num Addrs or a prefix length over 32;
 *   MIP_ERR_UNKNOWN_EXT: an unrecognised extension below 128 (RFC 5944
 *   1.9: discard the message); |dst->exts| names it.
 * |perr| (may be NULL) receives the offset and reason of a failure.
 */
int mip_adv_decode(struct mip_adv *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/*
 * mip_adv_encode writes |src| with a computed checksum. Returns the byte
 * count, MIP_ERR_NOBUF, or MIP_ERR_INVAL when |src| could not decode:
 * a bad code, too many router entries or care-of addresses, Addr Entry
 * Size below 2 with entries, a plain advertisement without entries, a
 * prefix length over 32, a Challenge shorter than 4 octets, or |exts|
 * disagreeing with the typed fields (a typed extension missing, repeated,
 * or listed without its field; a verbatim entry below type 128).
 */
mip_ssize mip_adv_encode(uint8_t *buf, size_t cap, const struct mip_adv *src);

/*
 * mip_adv_set_order fills |a->exts| for the typed fields set in |a|:
 * Mobility Agent Advertisement, Prefix-Lengths, Challenge, in that order
 * (RFC 5944 2.1.2: Prefix-Lengths may follow the mobility extension), then
 * when |pad_even| one One-byte Padding if the message length would be odd
 * (RFC 5944 2.1.3).
 */
void mip_adv_set_order(struct mip_adv *a, bool pad_even);

/*
 * mip_adv_equal compares two advertisements field by field and the
 * extension order; checksum fields and buffer pointers are not compared
 * (a NULL |entries| equals zero-filled extra words).
 */
bool mip_adv_equal(const struct mip_adv *a, const struct mip_adv *b);

/* Why a decoded advertisement does not conform (RFC 5944 2.1.1). */
enum mip_adv_fault {
	MIP_ADV_OK = 0,
	MIP_ADV_NOT_AGENT,     /* no Mobility Agent Advertisement ext */
	MIP_ADV_NO_ROLE,       /* neither F nor H set */
	MIP_ADV_F_WITHOUT_COA, /* F set, no care-of address */
	MIP_ADV_B_WITHOUT_F,   /* B set without F */
	MIP_ADV_R_WITHOUT_F,   /* R set without F */
};

/*
 * mip_adv_check returns the first rule of RFC 5944 2.1.1 that |a| breaks,
 * or MIP_ADV_OK. A mobile node discards advertisements failing the first
 * three; B and R without F break a sender's MUST NOT and are reported for
 * inspection (the bits are meaningless without F).
 */
enum mip_adv_fault mip_adv_check(const struct mip_adv *a);

/* mip_adv_fault_str returns a static phrase for |f|. */
const char *mip_adv_fault_str(enum mip_adv_fault f);

/*
 * mip_adv_offers_s tells whether |a| offers Route Optimization smooth
 * handoff (optim-07 5.2, the S bit) under |prof| (NULL: the default):
 * only when |prof->ro| is set, |prof->s_mask| is nonzero, |a| is an agent
 * advertisement and a bit of |s_mask| is set in its flags.
 */
bool mip_adv_offers_s(const struct mip_adv *a, const struct mip_profile *prof);

/* Mobility Agent Advertisement flags R B H F M G r T U X I (RFC 5944
 * 2.1.1), most significant first, ending with { 0, NULL }. */
extern const struct mip_flag_name mip_adv_flag_names[];

/*
 * An Agent Solicitation (ICMP Router Solicitation, RFC 1256 3; RFC 5944
 * 2.2). |extra| points into the decoded buffer.
 */
struct mip_sol {
	uint16_t checksum;    /* as for struct mip_adv */
	bool checksum_ok;     /* decode: false only in MIP_FUZZING builds */
	uint32_t reserved;    /* RFC 1256: sent as 0, ignored on receipt */
	const uint8_t *extra; /* octets after the first 8 (RFC 1256 allows
				 "8 or more"); NULL when none */
	size_t extra_len;
};

/*
 * mip_sol_decode parses |buf|[0, |len|) as a Router Solicitation.
 * Returns 0 or MIP_ERR_SHORT (under 8 octets), MIP_ERR_MALFORMED (type not
 * 10, code not 0, or over 65535 octets), MIP_ERR_CHECKSUM (as for
 * mip_adv_decode). |perr| may
 * be NULL.
 */
int mip_sol_decode(
    struct mip_sol *dst, const uint8_t *buf, size_t len, struct mip_perr *perr);

/*
 * mip_sol_encode writes |src| with a computed checksum. Returns the byte
 * count, MIP_ERR_NOBUF, or MIP_ERR_INVAL (|extra_len| without |extra|, or
 * a message over 65535 octets).
 */
mip_ssize mip_sol_encode(uint8_t *buf, size_t cap, const struct mip_sol *src);

#endif
