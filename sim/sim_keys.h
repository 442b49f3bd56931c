/* SPDX-License-Identifier: ISC */
/*
 * The simulator's RSA key files (rsa-key= on mn and fa lines) and OpenSSL's
 * randomness drawn from the world seed (sim_keys.c).
 */
#ifndef SIM_KEYS_H
#define SIM_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A key pair as the engines take it: DER PKCS#1 (spec sheet 2.6.1). */
struct sim_rsa {
	uint8_t *pub, *priv;
	size_t pub_len, priv_len;
};

/* sim_keys_seed makes OpenSSL's random octets (RSA-OAEP padding) a
 * stream derived from |seed|, for the whole process. 0 or -1. */
int sim_keys_seed(uint64_t seed);

/*
 * sim_keys_load reads the PEM or DER RSA private key |name| (relative
 * to the directory of the scenario file |scenario| unless absolute) into
 * |kp|. 0, or -1 with the reason in |why|.
 */
int sim_keys_load(struct sim_rsa *kp, const char *scenario, const char *name,
    char *why, size_t why_cap);

void sim_keys_free(struct sim_rsa *kp);

#endif
