/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization codecs (draft-ietf-mobileip-optim-07, spec sheet 1-2):
 * the four binding-cache messages (Binding Warning, Request, Update,
 * Acknowledge), the typed RO extension bodies carried in registrations
 * (Previous Foreign Agent Notification, Binding Warning extension), and the
 * smooth-handoff Binding Update that a new foreign agent builds from a
 * PFANE. Message and extension type numbers come from struct mip_profile.
 * Codecs only: MACs, replay checks and binding caches belong to the roles.
 *
 * Parsed views keep pointers into the buffer they were decoded from and
 * are valid only while that buffer is. Reserved fields are sent as zero
 * and ignored on receipt (spec sheet 1.0); the views keep their received
 * value so that valid input re-encodes byte for byte.
 */
#ifndef MIP_RO_H
#define MIP_RO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_buf.h"
#include "mip_ext.h"

/* Targets kept per Binding Warning; more makes the decoder fail. */
#define MIP_BW_TARGETS_MAX 16

/*
 * Binding Warning (optim-11 4.1; spec sheet 1.1): 8 + 4 * N octets with
 * N = 0..MIP_BW_TARGETS_MAX target addresses. |reserved| holds the 24 bits
 * after the Type octet.
 */
struct mip_bw {
	uint32_t reserved;
	struct mip_ip4 home_addr;
	struct mip_ip4 targets[MIP_BW_TARGETS_MAX];
	size_t n_targets;
};

/*
 * Binding Request (optim-07 4.2; spec sheet 1.2): exactly 16 octets.
 * |reserved| holds the 24 bits after the Type octet.
 */
struct mip_br {
	uint32_t reserved;
	struct mip_ip4 home_addr;
	uint64_t ident;
};

/*
 * Binding Update (optim-07 4.3; spec sheet 1.3). |flags| holds A I M G
 * (MIP_BU_F_*) only; the low reserved nibble of that octet is in
 * |reserved|. |ident| is on the wire, and meaningful, only when
 * MIP_BU_F_I is set. |exts| points into the decoded buffer.
 */
struct mip_bu {
	uint8_t flags;
	uint8_t reserved;
	uint16_t lifetime;
	struct mip_ip4 home_addr;
	struct mip_ip4 coa;
	uint64_t ident;
	struct mip_exts exts;
};

/*
 * Binding Acknowledge (optim-07 4.4; spec sheet 1.4). |status| is the
 * fourth octet (MIP_BA_*; nonzero is negative). |short_form| marks the
 * 8-octet form without Identification (then |ident| is 0 and there are no
 * extensions); the encoder writes the 16-octet form otherwise. |exts|
 * points into the decoded buffer.
 */
struct mip_ba {
	uint16_t reserved;
	uint8_t status;
	struct mip_ip4 home_addr;
	uint64_t ident;
	bool short_form;
	struct mip_exts exts;
};

/*
 * Message decoders. Each takes the UDP payload from its Type octet and
 * |prof| (NULL means mip_profile_default) for the Type number. Views are
 * zeroed first. Returns 0 or:
 *   MIP_ERR_UNSUPPORTED: |prof|->ro is false;
 *   MIP_ERR_SHORT: the input ends inside the fixed part, or an extension
 *   overruns the message;
 *   MIP_ERR_MALFORMED: the Type is not the profile's, a wrong total length
 *   (see each), an extension length out of bounds, too many extensions;
 *   MIP_ERR_UNKNOWN_EXT: an unrecognised extension below 128 (BU and BA
 *   only; the fixed part is filled in and |exts| names the extension).
 * |perr| (may be NULL) receives the offset and reason of a failure.
 */

/* Binding Warning: a length not of the form 8 + 4 * N, or N above
 * MIP_BW_TARGETS_MAX, is MIP_ERR_MALFORMED. */
int mip_bw_decode(struct mip_bw *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/* Binding Request: anything after octet 16 is MIP_ERR_MALFORMED. */
int mip_br_decode(struct mip_br *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/* Binding Update: a 12-octet fixed part, 20 with I, then extensions
 * walked as MIP_SPACE_REG / MIP_IN_BU. */
int mip_bu_decode(struct mip_bu *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/* Binding Acknowledge: 8 octets (short form), or 16 then extensions
 * walked as MIP_SPACE_REG / MIP_IN_BA; 9 to 15 octets is MIP_ERR_SHORT. */
int mip_ba_decode(struct mip_ba *dst, const uint8_t *buf, size_t len,
    const struct mip_profile *prof, struct mip_perr *perr);

/*
 * Message encoders: write |src| with the profile's Type number (|prof|
 * NULL means mip_profile_default) and return the octet count, or:
 *   MIP_ERR_NOBUF: |cap| is too small;
 *   MIP_ERR_UNSUPPORTED: |prof|->ro is false;
 *   MIP_ERR_INVAL: a field does not fit (reserved bits beyond the field,
 *   flags outside A I M G, too many targets, extensions on a short BA, an
 *   extension body longer than its Length field, a message above 65535
 *   octets).
 */
mip_ssize mip_bw_encode(uint8_t *buf, size_t cap, const struct mip_bw *src,
    const struct mip_profile *prof);
mip_ssize mip_br_encode(uint8_t *buf, size_t cap, const struct mip_br *src,
    const struct mip_profile *prof);
mip_ssize mip_bu_encode(uint8_t *buf, size_t cap, const struct mip_bu *src,
    const struct mip_profile *prof);
mip_ssize mip_ba_encode(uint8_t *buf, size_t cap, const struct mip_ba *src,
    const struct mip_profile *prof);

/* Field-by-field equality, extension bodies by content; a BU's |ident|
 * counts only when MIP_BU_F_I is set. */
bool mip_bw_equal(const struct mip_bw *a, const struct mip_bw *b);
bool mip_br_equal(const struct mip_br *a, const struct mip_br *b);
bool mip_bu_equal(const struct mip_bu *a, const struct mip_bu *b);
bool mip_ba_equal(const struct mip_ba *a, const struct mip_ba *b);

/*
 * mip_bu_is_delete tells whether |bu| deletes the binding: a Lifetime of 0
 * or a Care-of Address equal to the Home Address (optim-07 4.3).
 */
bool mip_bu_is_delete(const struct mip_bu *bu);

/*
 * Typed Route Optimization extension bodies. Decoders take one struct
 * mip_ext from mip_ext_walk and return 0 or MIP_ERR_INVAL (|e| is not the
 * type, or not in the header format, this decoder handles, or has no body
 * pointer), MIP_ERR_MALFORMED (a Length outside the walker's bounds for the
 * type), MIP_ERR_UNSUPPORTED (the type is not recognised under the
 * profile). Encoders append the whole extension to |w| with mip_ext_put and
 * return 0, MIP_ERR_NOBUF, MIP_ERR_INVAL (a value the wire cannot carry or
 * the decoder would refuse) or MIP_ERR_UNSUPPORTED; |w| is unchanged on
 * failure.
 */

/*
 * Previous Foreign Agent Notification, type 96 (optim-07 5.1; spec sheet
 * 2.2): Cache Lifetime, Previous FA Address, New Care-of Address, SPI,
 * authenticator (Length = 14 + authenticator length).
 */
struct mip_ext_pfane {
	uint16_t cache_lifetime;
	struct mip_ip4 prev_fa_addr;
	struct mip_ip4 new_coa;
	uint32_t spi;
	const uint8_t *authenticator;
	size_t auth_len;
};

int mip_ext_pfane_decode(
    struct mip_ext_pfane *dst, const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_pfane_encode(struct mip_wbuf *w, const struct mip_ext_pfane *src);

/*
 * Binding Warning extension, type |prof|->bw_ext_type (optim-11 6.3; spec
 * sheet 2.5): Reserved (16 bits, in |reserved|), Home Address, targets;
 * Length = 6 + 4 * N. Uses struct mip_bw; more than MIP_BW_TARGETS_MAX
 * targets is MIP_ERR_MALFORMED.
 */
int mip_ext_bw_decode(struct mip_bw *dst, const struct mip_ext *e,
    const struct mip_profile *prof, struct mip_perr *perr);
int mip_ext_bw_encode(struct mip_wbuf *w, const struct mip_bw *src,
    const struct mip_profile *prof);

/*
 * Smooth handoff (optim-07 5.1; spec sheet 2.2). The new FA turns a PFANE
 * into a Binding Update to the previous FA: Type |prof|->bu_type, A = 1,
 * I = 0, M and G copied from the Registration Request's |rrq_flags|
 * (MIP_RRQ_F_M, MIP_RRQ_F_G), Lifetime = Cache Lifetime, the request's
 * |home_addr|, Care-of Address = New Care-of Address, then an RO
 * Authentication extension (type 35) with the PFANE's SPI and
 * authenticator.
 *
 * mip_pfane_auth_input writes the canonical bytes the mobile node's PFANE
 * authenticator covers: that Binding Update's 12-octet fixed part and the
 * extension's Type, Length (4 + |pf|->auth_len) and SPI, 18 octets in all;
 * |pf|->authenticator is not read. mip_pfane_bu_build writes the whole
 * Binding Update (those 18 octets, then the authenticator).
 *
 * Both return the octet count, or MIP_ERR_NOBUF, MIP_ERR_UNSUPPORTED (RO
 * off in |prof|, NULL meaning mip_profile_default), or MIP_ERR_INVAL (an
 * authenticator length type 35 cannot carry).
 */
mip_ssize mip_pfane_auth_input(uint8_t *buf, size_t cap,
    const struct mip_ext_pfane *pf, struct mip_ip4 home_addr, uint8_t rrq_flags,
    const struct mip_profile *prof);
mip_ssize mip_pfane_bu_build(uint8_t *buf, size_t cap,
    const struct mip_ext_pfane *pf, struct mip_ip4 home_addr, uint8_t rrq_flags,
    const struct mip_profile *prof);

/*
 * Helpers shared by the Route Optimization and registration-key codecs.
 *
 * mip_ro_ext_check checks that |e| is an extension of |type| laid out as
 * the walker's rule for it under |prof| (NULL: default) says: header
 * format and Length bounds. Returns 0 or the decoder codes listed above.
 */
int mip_ro_ext_check(const struct mip_ext *e, uint8_t type,
    const struct mip_profile *prof, struct mip_perr *perr);

/* One piece of an extension body; |p| may be NULL when |len| is 0. */
struct mip_ro_part {
	const uint8_t *p;
	size_t len;
};

/*
 * mip_ro_ext_putv appends an extension of |type| whose body is the
 * concatenation of |parts|[0..n), in the format and Length bounds of the
 * walker's rule for |type| under |prof| (NULL: default). Returns 0,
 * MIP_ERR_NOBUF, MIP_ERR_INVAL (body length outside the rule's bounds) or
 * MIP_ERR_UNSUPPORTED (no rule for |type|); |w| is unchanged on failure.
 */
int mip_ro_ext_putv(struct mip_wbuf *w, uint8_t type,
    const struct mip_profile *prof, const struct mip_ro_part *parts, size_t n);

#endif
