/* SPDX-License-Identifier: ISC */
/*
 * Human-readable names for protocol numbers: Registration Reply codes,
 * Binding Acknowledge statuses, UDP port 434 message kinds, and flag-bit
 * tables that printers (the JSON event writer, mipctl) iterate over. Every
 * string returned is static. Other modules define their own flag tables
 * (agent advertisement, Binding Update) with struct mip_flag_name.
 */
#ifndef MIP_NAMES_H
#define MIP_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip_reg.h"

/*
 * One named flag bit. Tables are arrays ending with { 0, NULL }, listed
 * from the most significant bit down, as the flags appear on the wire.
 */
struct mip_flag_name {
	unsigned mask;
	const char *name;
};

/* Registration Request flags S B D M G r T x (RFC 5944 3.3). */
extern const struct mip_flag_name mip_rrq_flag_names[];

/*
 * mip_code_name returns a short snake_case name for Registration Reply
 * |code| (RFC 5944 3.4; IANA), e.g. "accepted", "ha_id_mismatch". A code
 * with no name of its own gets its range's ("success_other",
 * "fa_denied_other", "ha_denied_other", "gfa_denied_other",
 * "cn_denied_other", RFC 5944 6.4; IANA) or "unassigned".
 */
const char *mip_code_name(uint8_t code);

/* mip_code_is_success: true for the "accepted" codes 0 to 8. */
bool mip_code_is_success(uint8_t code);

/*
 * mip_ba_status_name returns a name for a Binding Acknowledge |status|
 * (optim-07 4.4), "unassigned" for unknown numbers.
 */
const char *mip_ba_status_name(uint8_t status);

/* mip_msg_kind_name returns "reg_req", "bind_update", ... or "unknown". */
const char *mip_msg_kind_name(enum mip_msg_kind kind);

#endif
