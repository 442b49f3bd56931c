/* SPDX-License-Identifier: ISC */
/*
 * The per-visit registration key of a configured MN-FA SA
 * (mip_visit_key.h): the mobile node (mip_mn_regkey.c) and the previous
 * foreign agent (mip_fa_regkey.c) compute it the same way.
 */
#include <string.h>

#include "mip/mip_crypto.h"
#include "mip/mip_err.h"
#include "mip/mip_keys.h"
#include "mip_visit_key.h"

int
mip_visit_key_new(struct mip_sa **out, const struct mip_sa *cfg_sa,
    uint64_t ident, const struct mip_mem *mem)
{
	uint8_t msg[8], key[MIP_MD5_LEN];
	struct mip_sa_config c;
	struct mip_mac *mac;
	size_t i;
	int rc;

	*out = NULL;
	/* The Identification field as the reply carried it (RFC 5944 3.4). */
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(ident >> (56 - 8 * i));
	rc = mip_mac_new(
	    &mac, MIP_AUTH_HMAC_MD5, cfg_sa->cfg.key, cfg_sa->cfg.key_len, mem);
	if (rc != 0)
		return rc;
	rc = mip_mac_compute(mac, msg, sizeof(msg), key);
	mip_mac_free(mac);
	if (rc != 0)
		return rc;
	mip_sa_config_init(&c);
	c.peer = cfg_sa->cfg.peer;
	c.spi = cfg_sa->cfg.spi;
	memcpy(c.key, key, MIP_REGKEY_LEN);
	c.key_len = MIP_REGKEY_LEN;
	rc = mip_sa_new(out, &c, mem);
	mip_cleanse(key, sizeof(key));
	mip_cleanse(c.key, sizeof(c.key));
	return rc;
}
