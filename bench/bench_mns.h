/* SPDX-License-Identifier: ISC */
/*
 * A home agent's population of N mobile nodes, the same in every benchmark
 * that needs one and in bench/gen_ha_conf.py: MN i has home address
 * network + 16 + i (the low addresses are left to the home agent and its
 * link), SPI 256 and a 16-octet HMAC-MD5 key derived from its index, so
 * the load generator and the home agent agree on every key without a file.
 */
#ifndef MIP_BENCH_MNS_H
#define MIP_BENCH_MNS_H

#include <stddef.h>
#include <stdint.h>

#include "mip/mip_node.h"

#define BENCH_MN_SPI 256
#define BENCH_MN_KEY_LEN 16
#define BENCH_MN_FIRST 16 /* host number of MN 0 in the home network */

/*
 * The default home network of the registration benchmark: 198.18.0.0/15,
 * RFC 2544's benchmarking range (131,072 addresses). The documentation
 * ranges (RFC 5737) hold 768 addresses in all, too few for 100,000 MNs;
 * the benchmark uses it only inside its own network namespace.
 */
#define BENCH_HA_ADDR 0xc6120001U /* 198.18.0.1 */
#define BENCH_HA_PLEN 15

/* The home address of MN |i| in the network of |ha_addr|/|plen|. */
struct mip_ip4 bench_mn_home(uint32_t ha_addr, uint8_t plen, size_t i);

/*
 * bench_mn_key writes MN |i|'s key: the 16 octets of "mipbench-regload"
 * with the last four XORed with |i| as a 32-bit big-endian number.
 */
void bench_mn_key(size_t i, uint8_t key[BENCH_MN_KEY_LEN]);

/* The largest N that fits a /|plen| home network. */
size_t bench_mns_max(uint8_t plen);

/* The configuration of a home agent serving N MNs (malloc-owned). */
struct bench_mns {
	struct mip_if_config ifs[2]; /* home link 1, core link 2 */
	struct mip_sa_config *sas;
	struct mip_ha_mn_config *mns;
	struct mip_ha_config ha;
	struct mip_node_config cfg;
	size_t n;
};

#define BENCH_HOME_IF 1
#define BENCH_CORE_IF 2

/*
 * bench_mns_init fills |m| for |n| MNs in |ha_addr|/|plen| with room for
 * |n| bindings. Returns 0, MIP_ERR_INVAL (|n| does not fit) or
 * MIP_ERR_NOMEM.
 */
int bench_mns_init(
    struct bench_mns *m, size_t n, uint32_t ha_addr, uint8_t plen);
void bench_mns_free(struct bench_mns *m);

#endif
