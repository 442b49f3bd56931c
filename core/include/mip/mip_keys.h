/* SPDX-License-Identifier: ISC */
/*
 * Registration-key crypto (spec sheet 2.6; decisions in docs/design.md,
 * "Registration keys"): the MD5 XOR pad that carries a key under a
 * security association, Diffie-Hellman with parameter checks, and RSA
 * key transport. Primitives only: which extension uses which, and the
 * processing order, live with the roles. The implementation
 * (mip_crypto_keys.c) uses OpenSSL; nothing here allocates through the
 * host's allocator.
 *
 * Refinements of the issue 6 contract (signatures unchanged):
 * mip_dh_group writes g into |g_out|, |*len| octets (give it
 * MIP_DH_MAX_LEN); mip_dh_key also refuses a weak peer value itself;
 * MIP_DH_PRIV_LEN is the exponent length callers should draw.
 */
#ifndef MIP_KEYS_H
#define MIP_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "mip.h"

#define MIP_REGKEY_LEN 16 /* spec 2.6.1: one MD5 block; 128-bit keys */

/*
 * mip_regkey_pad computes |out| = MD5(secret || regrep || secret) XOR |in|
 * (spec 2.6.1, REGKEY-00 3.1); the same call encodes and decodes. |regrep|
 * is every Registration Reply byte before the key field of the extension
 * (its Type, Length and SPI included). |out| may alias |in|.
 *
 * Returns 0 or MIP_ERR_INVAL (|secret_len| 0) or MIP_ERR_CRYPTO.
 */
int mip_regkey_pad(uint8_t out[MIP_REGKEY_LEN], const uint8_t *secret,
    size_t secret_len, const uint8_t *regrep, size_t regrep_len,
    const uint8_t in[MIP_REGKEY_LEN]);

/*
 * Diffie-Hellman (spec 2.6.2): p, g and every computed value are unsigned
 * big-endian integers left-padded with zeros to the same |len| octets.
 */
#define MIP_DH_MAX_LEN 512   /* 4096-bit */
#define MIP_DH_MIN_BITS 1024 /* default floor; 2048 recommended */
/* Private exponent length to draw: 256 bits, RFC 3526 8 (group 14's
 * strength needs at least 2 * 112 bits). */
#define MIP_DH_PRIV_LEN 32

/*
 * mip_dh_check_params checks a peer's group. Returns 0, MIP_ERR_WEAK for:
 * |len| 0 or above MIP_DH_MAX_LEN, p shorter than |min_bits| bits, p even,
 * p not a safe prime (p and (p-1)/2 both prime), g outside [2, p-2]; or
 * MIP_ERR_CRYPTO. The primality tests cost tens of milliseconds at 1024
 * bits and some hundreds at 2048: callers cache the last accepted group.
 */
int mip_dh_check_params(
    const uint8_t *p, const uint8_t *g, size_t len, unsigned min_bits);

/*
 * mip_dh_check_value returns 0 or MIP_ERR_WEAK for a peer's computed value
 * outside [2, p-2] (or |len| 0 or above MIP_DH_MAX_LEN), MIP_ERR_CRYPTO.
 */
int mip_dh_check_value(const uint8_t *p, const uint8_t *v, size_t len);

/*
 * mip_dh_public computes |pub| = g^priv mod p (|len| octets). |priv| is
 * |priv_len| random octets from the caller's mip_rand (the core's only
 * randomness), 1 <= |priv_len| <= |len|, not all zero; the exponentiation
 * is constant time in |priv|.
 *
 * Returns 0 or MIP_ERR_INVAL (bad length, p even, priv zero),
 * MIP_ERR_CRYPTO.
 */
int mip_dh_public(uint8_t *pub, const uint8_t *p, const uint8_t *g, size_t len,
    const uint8_t *priv, size_t priv_len);

/*
 * mip_dh_key derives the registration key from the shared secret
 * s = peer_pub^priv mod p: |key| = MD5(s as |len| octets) (decision,
 * docs/design.md). The secret is wiped.
 *
 * Returns 0 or MIP_ERR_INVAL (as mip_dh_public), MIP_ERR_WEAK (|peer_pub|
 * outside [2, p-2], or a secret of 0 or 1), MIP_ERR_CRYPTO.
 */
int mip_dh_key(uint8_t key[MIP_REGKEY_LEN], const uint8_t *p, size_t len,
    const uint8_t *priv, size_t priv_len, const uint8_t *peer_pub);

/*
 * mip_dh_group returns a built-in safe-prime group with g = 2: |bits| 2048
 * is RFC 3526 group 14 (the one to use), 1024 is RFC 2409 group 2 (tests,
 * old peers). It stores the length of p in |*len| and, when |g_out| is not
 * NULL, g left-padded to |*len| octets in |g_out| (MIP_DH_MAX_LEN octets
 * suffice). Returns NULL for any other |bits|.
 */
const uint8_t *mip_dh_group(unsigned bits, size_t *len, uint8_t *g_out);

/*
 * RSA key transport (spec 2.6.1 last bullet; decision: DER PKCS#1
 * RSAPublicKey / RSAPrivateKey, RSAES-OAEP with SHA-1 and MGF1-SHA-1,
 * empty label). Moduli of 1024 to 4096 bits.
 *
 * mip_rsa_encrypt_key encrypts |key| to the public key |pub_der| into
 * |out| (|cap| octets; the modulus length suffices). Returns the output
 * length, or MIP_ERR_MALFORMED (not a DER RSAPublicKey), MIP_ERR_WEAK
 * (modulus under 1024 bits), MIP_ERR_UNSUPPORTED (over 4096 bits),
 * MIP_ERR_NOBUF, MIP_ERR_CRYPTO.
 */
mip_ssize mip_rsa_encrypt_key(uint8_t *out, size_t cap, const uint8_t *pub_der,
    size_t pub_len, const uint8_t key[MIP_REGKEY_LEN]);

/*
 * mip_rsa_decrypt_key decrypts |in| (|len| octets) with the private key
 * |priv_der| into |key|. Returns MIP_REGKEY_LEN, or MIP_ERR_INVAL (not a
 * DER RSAPrivateKey), MIP_ERR_MALFORMED (|len| is not the modulus
 * length, or the plaintext is not 16 octets), MIP_ERR_AUTH (OAEP
 * decoding fails: wrong key or altered ciphertext), MIP_ERR_CRYPTO.
 * |key| is untouched on failure.
 */
mip_ssize mip_rsa_decrypt_key(uint8_t key[MIP_REGKEY_LEN],
    const uint8_t *priv_der, size_t priv_len, const uint8_t *in, size_t len);

#endif
