/* SPDX-License-Identifier: ISC */
/*
 * Authentication extensions (RFC 5944 3.5; optim-07 4.5; RFC 4721 3.2):
 * computing and verifying authenticators over exactly the octets RFC 5944
 * 3.5.1 names (the message from its first octet through the SPI of the
 * authentication extension), appending an authentication extension to a
 * message being built, and the registration-key "MD5 XOR pad" encoding
 * (REGKEY-00 3.1; spec sheet 2.6.1). Which SA to use, and what a failure
 * means for the reply code, is the role's business.
 */
#ifndef MIP_AUTH_H
#define MIP_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "mip.h"
#include "mip_buf.h"
#include "mip_ext.h"
#include "mip_sa.h"

/* REGKEY-00 3.1: one MD5 block of pad, so keys of at most 16 octets. */
#define MIP_REGKEY_MAX 16

/* mip_auth_len returns the authenticator length of |sa|'s algorithm. */
size_t mip_auth_len(const struct mip_sa *sa);

/*
 * mip_auth_compute computes |sa|'s authenticator over |data|[0, |len|) into
 * |out| (mip_auth_len(sa) octets, at most MIP_AUTH_MAX_LEN). Used directly
 * where the covered bytes are not one buffer, e.g. the PFANE authenticator
 * over a Binding Update the new FA will build (optim-07 5.1).
 *
 * Returns 0 or MIP_ERR_CRYPTO.
 */
int mip_auth_compute(
    const struct mip_sa *sa, const uint8_t *data, size_t len, uint8_t *out);

/*
 * mip_auth_ext_spi reads the SPI of authentication extension |e| (one with
 * MIP_EXT_F_AUTH from mip_ext_walk) into |*spi|, to look up the SA.
 * Returns 0 or MIP_ERR_MALFORMED (not an authentication extension, or a
 * body shorter than the SPI).
 */
int mip_auth_ext_spi(const struct mip_ext *e, uint32_t *spi);

/*
 * mip_auth_verify_ext verifies authentication extension |e|, found by
 * mip_ext_walk in |msg|[0, |msg_len|), with |sa|: the MAC covers |msg| from
 * its first octet through |e|'s SPI (RFC 5944 3.5.1; mip_ext_auth_covered)
 * and is compared in constant time.
 *
 * Returns 0 when it verifies or one of:
 *   MIP_ERR_MALFORMED: |e| is not an authentication extension, or does not
 *   lie inside |msg| as mip_ext_walk would have found it;
 *   MIP_ERR_AUTH: the SPI is not |sa|'s, the authenticator length is not
 *   the algorithm's, or the authenticator differs;
 *   MIP_ERR_CRYPTO: the crypto library failed.
 */
int mip_auth_verify_ext(const struct mip_sa *sa, const uint8_t *msg,
    size_t msg_len, const struct mip_ext *e);

/*
 * mip_auth_append appends an authentication extension of type |ext_type|
 * (32, 33, 34 or 35: Type, Length, SPI, Authenticator; RFC 5944 3.5.2-3.5.4,
 * optim-07 4.5) with |sa|'s SPI to |w|, whose octets from w->p[0] are the
 * message so far. The authenticator covers those octets plus the new
 * extension's Type, Length and SPI (RFC 5944 3.5.1).
 *
 * Returns 0 on success or one of:
 *   MIP_ERR_INVAL: |ext_type| is not a TLV authentication extension;
 *   MIP_ERR_NOBUF: |w| cannot hold the extension (nothing is written);
 *   MIP_ERR_CRYPTO: the crypto library failed (nothing is kept).
 */
int mip_auth_append(
    struct mip_wbuf *w, uint8_t ext_type, const struct mip_sa *sa);

/*
 * mip_auth_append_long is mip_auth_append for the long-format Generalized
 * Authentication extension (type 36, RFC 4721 3.2: Type, Subtype,
 * Length(16), SPI, Authenticator) with subtype |subtype|; the MAC covers
 * through its SPI. Returns as mip_auth_append.
 */
int mip_auth_append_long(struct mip_wbuf *w, uint8_t ext_type, uint8_t subtype,
    const struct mip_sa *sa);

/*
 * mip_auth_regkey_encode encodes registration key |key| (|key_len| octets,
 * 1..MIP_REGKEY_MAX) under |sa| (REGKEY-00 3.1, spec sheet 2.6.1):
 *   out = MD5(secret || regrep || secret) XOR key
 * where secret is |sa|'s key and |regrep| the Registration Reply octets
 * before the encoded key field (fixed part, earlier extensions, and the key
 * reply extension's Type, Length and SPI). |out| receives |key_len| octets.
 *
 * Returns 0 on success or one of MIP_ERR_INVAL (|key_len|), MIP_ERR_CRYPTO.
 */
int mip_auth_regkey_encode(const struct mip_sa *sa, const uint8_t *regrep,
    size_t regrep_len, const uint8_t *key, size_t key_len, uint8_t *out);

/*
 * mip_auth_regkey_decode recovers the key from |enc| (|enc_len| octets,
 * 1..MIP_REGKEY_MAX) with the same pad. Returns as mip_auth_regkey_encode.
 */
int mip_auth_regkey_decode(const struct mip_sa *sa, const uint8_t *regrep,
    size_t regrep_len, const uint8_t *enc, size_t enc_len, uint8_t *out);

#endif
