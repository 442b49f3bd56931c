/* SPDX-License-Identifier: ISC */
/*
 * Fixtures the role-engine tests share: security associations with the
 * tests' conventional keys (16 octets counting up from a first one), made
 * from a table or one at a time, and the registration-key extensions
 * (paper 9) appended to a message under construction.
 */
#ifndef MIP_TEST_NODE_FIXTURE_H
#define MIP_TEST_NODE_FIXTURE_H

#include "helper.h"
#include "mip/mip_sa.h"
#include "mip/mip_buf.h"
#include "mip/mip_node.h"

/* test_sa_config: the defaults with |peer|, |spi| and the 16-octet key
 * |key0|, |key0| + 1, ..., |key0| + 15. */
struct mip_sa_config test_sa_config(
    struct mip_ip4 peer, uint32_t spi, uint8_t key0);

/* test_sa_new: a standalone SA from |c| under |mem|, or fails the test. */
struct mip_sa *test_sa_new(const struct mip_sa_config *c, struct mip_mem *mem);

/* test_sa_make: test_sa_new of test_sa_config(|peer|, |spi|, |key0|), the
 * config also in |*out| unless |out| is NULL. */
struct mip_sa *test_sa_make(struct mip_ip4 peer, uint32_t spi, uint8_t key0,
    struct mip_sa_config *out, struct mip_mem *mem);

/* One row of a test's SA table; zero replay and tolerance are the
 * defaults. */
struct test_sa_def {
	const char *peer;
	uint32_t spi;
	enum mip_replay_method replay;
	uint32_t tolerance;
};

/*
 * test_sas_make fills |cfgs|[i] from |defs|[i] with key octets i * 16 + k
 * (every row a different key) and, when |tsa| is not NULL, makes the
 * test's own copy of each in |tsa|[i] under |mem|.
 */
void test_sas_make(const struct test_sa_def *defs, size_t n,
    struct mip_sa_config *cfgs, struct mip_sa **tsa, struct mip_mem *mem);
/* test_sas_free frees what test_sas_make put in |tsa|. */
void test_sas_free(struct mip_sa **tsa, size_t n);

/*
 * A foreign agent that also keeps a binding cache (roles FA and CN), as
 * the FA tests configure it: the visited link |visit_if| (care-of address
 * |coa|, a /26) and |up_if| towards the Internet (|up|, a /24);
 * advertisements of 1800 s and registrations of at most 600 s; |sas|,
 * |nsas| its SAs. The tests change fields after test_fa_node_init.
 */
struct test_fa_node {
	struct mip_if_config ifs[2];
	struct mip_fa_link_config link;
	struct mip_fa_config fa;
	struct mip_cn_config cn;
	struct mip_node_config cfg;
};
void test_fa_node_init(struct test_fa_node *n, uint32_t visit_if,
    struct mip_ip4 coa, uint32_t up_if, struct mip_ip4 up,
    struct mip_sa_config *sas, size_t nsas);

/*
 * A home agent on one home link, as the HA tests configure it: interface
 * |home_if| with |addr|/|plen| (and the hardware address |hw| unless it
 * is NULL), serving |mns|, |nmns| with the SAs |sas|, |nsas|; one
 * simultaneous binding, eight bindings; advertisements so rare (every
 * 20000 s, lifetime 65000 s) that long advances stay within the harness.
 * The profile stays all zero: the tests that want mip_profile_default,
 * a max_lifetime, encapsulations and the like set them after.
 */
struct test_ha_node {
	struct mip_if_config ifs[1];
	struct mip_ha_config ha;
	struct mip_node_config cfg;
};
void test_ha_node_init(struct test_ha_node *n, uint32_t home_if,
    struct mip_ip4 addr, uint8_t plen, const uint8_t *hw,
    struct mip_ha_mn_config *mns, size_t nmns, struct mip_sa_config *sas,
    size_t nsas);

/*
 * A mobile node at home, as the MN tests configure it: interface
 * |ifindex| with the home address |home|/|plen| and the hardware address
 * |hw|, its home agent |ha| under |spi|, registrations of 1800 s, the
 * SAs |sas|, |nsas|. The profile stays all zero; the tests set the rest
 * after.
 */
struct test_mn_node {
	struct mip_if_config ifc;
	struct mip_mn_config mn;
	struct mip_node_config cfg;
};
void test_mn_node_init(struct test_mn_node *n, uint32_t ifindex,
    struct mip_ip4 home, uint8_t plen, const uint8_t *hw, struct mip_ip4 ha,
    uint32_t spi, struct mip_sa_config *sas, size_t nsas);

/* Paper 9: an SPI-only extension (|type| 113, 115, ...) and a key-bearing
 * one (121, 123, ...) appended to |w|, or the test fails. */
void test_put_regkey_spi(struct mip_wbuf *w, uint8_t type, uint32_t spi);
void test_put_regkey_key(struct mip_wbuf *w, uint8_t type, uint32_t spi,
    const uint8_t *key, size_t len);

#endif
