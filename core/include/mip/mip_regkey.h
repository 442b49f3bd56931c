/* SPDX-License-Identifier: ISC */
/*
 * Registration-key establishment extensions of Route Optimization
 * (draft-ietf-mobileip-regkey-00 4-5; spec sheet 2.6): typed views of the
 * bodies of types 113-116 and 120-125, with their odd header formats (an
 * 8-bit Length for 113 and 125, a 16-bit Length without Sub-Type for the
 * rest; the walker's table knows which). Codecs only: key encryption and
 * Diffie-Hellman live with the crypto code, the processing order with the
 * roles.
 *
 * Decoders take one struct mip_ext from mip_ext_walk and return 0 or:
 *   MIP_ERR_INVAL: |e| is not a type (or header format) this decoder
 *   handles, or has no body pointer;
 *   MIP_ERR_MALFORMED: a Length outside the walker's bounds for the type.
 * Views point into the message and are valid only while it is.
 * Encoders append the whole extension to |w| (mip_ext_put) and return 0,
 * MIP_ERR_NOBUF, or MIP_ERR_INVAL (a type this encoder does not handle,
 * a length the walker would refuse); |w| is unchanged on failure.
 */
#ifndef MIP_REGKEY_H
#define MIP_REGKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_buf.h"
#include "mip_ext.h"

/*
 * An SPI alone, 8-bit Length = 4: Foreign Agent Key Request, 113 (the HA
 * encrypts the FA's key under this SPI), or SPI extension, 125 (the SPI to
 * associate with a key, REGKEY-00 5.6).
 */
struct mip_ext_regkey_spi {
	uint8_t type; /* MIP_EXT_FA_KEY_REQ or MIP_EXT_SPI */
	uint32_t spi;
};

int mip_ext_regkey_spi_decode(struct mip_ext_regkey_spi *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_regkey_spi_encode(
    struct mip_wbuf *w, const struct mip_ext_regkey_spi *src);

/* Mobile Node Public Key, 114: opaque key octets (16-bit Length >= 1). */
struct mip_ext_mn_pubkey {
	const uint8_t *key;
	size_t key_len;
};

int mip_ext_mn_pubkey_decode(struct mip_ext_mn_pubkey *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_mn_pubkey_encode(
    struct mip_wbuf *w, const struct mip_ext_mn_pubkey *src);

/*
 * An SPI then key material, 16-bit Length = 4 + |key_len| (|key_len| >= 1):
 *   115 Foreign Agent Public Key: the FA's public key;
 *   120 Home-Mobile Key Reply, 121 Foreign Agent Key Reply: the encrypted
 *   key (spec sheet 2.6.1);
 *   122 Mobile Node Public Key Reply, 123 Foreign Agent Public Key Reply:
 *   the key encoded under a public key;
 *   124 Diffie-Hellman Key Reply: the FA's computed value (2.6.2).
 */
struct mip_ext_regkey_key {
	uint8_t type; /* one of the types above */
	uint32_t spi;
	const uint8_t *key;
	size_t key_len;
};

int mip_ext_regkey_key_decode(struct mip_ext_regkey_key *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_regkey_key_encode(
    struct mip_wbuf *w, const struct mip_ext_regkey_key *src);

/*
 * Registration Key Request, 116 (REGKEY-00 4.4; spec sheet 2.6.2): Prime,
 * Generator and Computed Value, each |l| octets, 16-bit Length = 3 * |l|.
 * |l| = 0 asks for a key by any method but Diffie-Hellman (then the three
 * pointers are NULL). The encoder reads |l| octets from each pointer.
 */
struct mip_ext_regkey_req {
	const uint8_t *prime;
	const uint8_t *generator;
	const uint8_t *value;
	size_t l;
};

int mip_ext_regkey_req_decode(struct mip_ext_regkey_req *dst,
    const struct mip_ext *e, struct mip_perr *perr);
int mip_ext_regkey_req_encode(
    struct mip_wbuf *w, const struct mip_ext_regkey_req *src);

/* mip_ext_regkey_req_is_dh tells whether |req| offers Diffie-Hellman. */
bool mip_ext_regkey_req_is_dh(const struct mip_ext_regkey_req *req);

#endif
