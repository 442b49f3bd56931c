/* SPDX-License-Identifier: ISC */
/*
 * The crypto wrapper: message authentication codes with per-key prepared
 * state, one-shot MD5 over several parts, constant-time comparison and key
 * wiping. The implementation (mip_crypto.c) is the only core file that
 * includes OpenSSL headers; nothing here hand-writes a hash. Our own
 * structures are allocated through the injected struct mip_mem; OpenSSL's
 * internal allocations are its own.
 */
#ifndef MIP_CRYPTO_H
#define MIP_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mip.h"

/*
 * Authentication algorithms a mobility security association may name
 * (RFC 5944 3.5.1: any SPI may name any algorithm). The zero value is the
 * default.
 */
enum mip_auth_alg {
	MIP_AUTH_HMAC_MD5 = 0, /* RFC 5944 3.5.1 default (RFC 2104) */
	MIP_AUTH_KEYED_MD5,    /* RFC 2002 "prefix+suffix": MD5(k || m || k) */
	MIP_AUTH_HMAC_SHA1,    /* RFC 2104 with SHA-1 */
};

#define MIP_MD5_LEN 16

/* One part of a multi-part input. */
struct mip_iov {
	const uint8_t *p;
	size_t len;
};

/* Prepared MAC state for one key (opaque). */
struct mip_mac;

/*
 * mip_auth_alg_len returns the authenticator length of |alg| in octets
 * (16 or 20), or 0 for a value outside the enum.
 */
size_t mip_auth_alg_len(enum mip_auth_alg alg);

/* mip_auth_alg_name returns a static name ("hmac-md5"...), or "unknown". */
const char *mip_auth_alg_name(enum mip_auth_alg alg);

/*
 * mip_mac_new prepares MAC state for |alg| keyed with |key| (|key_len|
 * octets, copied as needed; the caller may wipe its copy afterwards) and
 * stores it in |*out|. For HMAC the key schedule is run once here; for
 * keyed MD5 the key prefix is absorbed once here.
 *
 * Returns 0 on success or one of:
 *   MIP_ERR_INVAL: |key_len| is 0 or |alg| is not a known algorithm;
 *   MIP_ERR_NOMEM: |mem| failed;
 *   MIP_ERR_CRYPTO: OpenSSL failed.
 */
int mip_mac_new(struct mip_mac **out, enum mip_auth_alg alg, const uint8_t *key,
    size_t key_len, const struct mip_mem *mem);

/* mip_mac_free wipes and frees |m|; NULL is allowed. */
void mip_mac_free(struct mip_mac *m);

/* mip_mac_alg returns the algorithm |m| was prepared for. */
enum mip_auth_alg mip_mac_alg(const struct mip_mac *m);

/* mip_mac_len returns the authenticator length of |m| in octets. */
size_t mip_mac_len(const struct mip_mac *m);

/*
 * mip_mac_compute computes the MAC of |data|[0, |len|) under |m| into
 * |out|, which must hold mip_mac_len(m) octets (at most MIP_AUTH_MAX_LEN).
 * |m| is not modified: each call works on a copy of the prepared state.
 *
 * Returns 0 on success or MIP_ERR_CRYPTO.
 */
int mip_mac_compute(
    const struct mip_mac *m, const uint8_t *data, size_t len, uint8_t *out);

/*
 * mip_mac_verify computes the MAC of |data|[0, |len|) and compares it in
 * constant time with |mac| (|mac_len| octets).
 *
 * Returns 0 when they match or one of:
 *   MIP_ERR_AUTH: |mac_len| is not mip_mac_len(m), or the MAC differs;
 *   MIP_ERR_CRYPTO: OpenSSL failed.
 */
int mip_mac_verify(const struct mip_mac *m, const uint8_t *data, size_t len,
    const uint8_t *mac, size_t mac_len);

/*
 * mip_md5 computes MD5 (RFC 1321) over the concatenation of the |n| parts
 * |parts| into |out|. Used for the registration-key pad (REGKEY-00 3.1) and
 * key derivation.
 *
 * Returns 0 on success or MIP_ERR_CRYPTO.
 */
int mip_md5(uint8_t out[MIP_MD5_LEN], const struct mip_iov *parts, size_t n);

/* mip_ct_memeq compares |a| and |b| (|n| octets) in constant time. */
bool mip_ct_memeq(const void *a, const void *b, size_t n);

/* mip_cleanse overwrites |p|[0, |n|) with zeros in a way the compiler
 * cannot elide. */
void mip_cleanse(void *p, size_t n);

#endif
