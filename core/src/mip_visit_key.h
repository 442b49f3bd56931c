/* SPDX-License-Identifier: ISC */
/*
 * The per-visit registration key of a configured MN-FA security
 * association (issue 6, method 1; docs/design.md "Registration keys"):
 * smooth handoff never uses a configured key itself, because a Binding
 * Update without Identification under a long-lived key could be replayed
 * to move the binding again (spec sheet 2.2, OPT-06 11.1). The mobile
 * node and the foreign agent each derive, from their own state,
 *
 *   key = HMAC-MD5(configured key, Identification)
 *
 * where Identification is the 8 octets of that field, as sent (network
 * byte order), of the last accepted Registration Reply the foreign agent
 * relayed to the mobile node. Nothing else goes in: no message
 * authenticated under an MN-FA SA is 8 octets long, so the key is never
 * an authenticator seen on the wire. The key is an SA under the
 * configured SA's peer and SPI, HMAC-MD5, 16 octets, single-use like any
 * registration key; a later registration through that agent gives a new
 * key, so an older visit's Binding Update fails authentication.
 */
#ifndef MIP_VISIT_KEY_H
#define MIP_VISIT_KEY_H

#include <stdint.h>

#include "mip/mip_sa.h"

/*
 * mip_visit_key_new derives the per-visit key of |cfg_sa| for the reply
 * Identification |ident| into a standalone SA (*|out|, mip_sa_free it)
 * with |cfg_sa|'s peer and SPI. Returns 0, MIP_ERR_NOMEM or
 * MIP_ERR_CRYPTO (|*out| is then NULL).
 */
int mip_visit_key_new(struct mip_sa **out, const struct mip_sa *cfg_sa,
    uint64_t ident, const struct mip_mem *mem);

#endif
