/* SPDX-License-Identifier: ISC */
/* Role-engine test fixtures; see node_fixture.h. */
#include <string.h>

#include "node_fixture.h"
#include "mip/mip_regkey.h"

struct mip_sa_config
test_sa_config(struct mip_ip4 peer, uint32_t spi, uint8_t key0)
{
	struct mip_sa_config c;
	size_t k;

	mip_sa_config_init(&c);
	c.peer = peer;
	c.spi = spi;
	c.key_len = 16;
	for (k = 0; k < 16; k++)
		c.key[k] = (uint8_t)(key0 + k);
	return c;
}

struct mip_sa *
test_sa_new(const struct mip_sa_config *c, struct mip_mem *mem)
{
	struct mip_sa *sa = NULL;

	assert_int_equal(mip_sa_new(&sa, c, mem), 0);
	return sa;
}

struct mip_sa *
test_sa_make(struct mip_ip4 peer, uint32_t spi, uint8_t key0,
    struct mip_sa_config *out, struct mip_mem *mem)
{
	struct mip_sa_config c = test_sa_config(peer, spi, key0);

	if (out != NULL)
		*out = c;
	return test_sa_new(&c, mem);
}

void
test_sas_make(const struct test_sa_def *defs, size_t n,
    struct mip_sa_config *cfgs, struct mip_sa **tsa, struct mip_mem *mem)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cfgs[i] = test_sa_config(
		    test_ip4(defs[i].peer), defs[i].spi, (uint8_t)(i * 16));
		cfgs[i].replay = defs[i].replay;
		if (defs[i].tolerance != 0)
			cfgs[i].tolerance = defs[i].tolerance;
		if (tsa != NULL)
			tsa[i] = test_sa_new(&cfgs[i], mem);
	}
}

void
test_sas_free(struct mip_sa **tsa, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mip_sa_free(tsa[i]);
}

void
test_fa_node_init(struct test_fa_node *n, uint32_t visit_if, struct mip_ip4 coa,
    uint32_t up_if, struct mip_ip4 up, struct mip_sa_config *sas, size_t nsas)
{
	memset(n, 0, sizeof(*n));
	n->ifs[0].ifindex = visit_if;
	n->ifs[0].addr = coa;
	n->ifs[0].plen = 26;
	n->ifs[1].ifindex = up_if;
	n->ifs[1].addr = up;
	n->ifs[1].plen = 24;
	n->link.ifindex = visit_if;
	n->link.coa = coa;
	n->fa.links = &n->link;
	n->fa.nlinks = 1;
	n->fa.adv_lifetime = 1800;
	n->fa.reg_lifetime = 600;
	mip_cn_config_init(&n->cn);
	n->cfg.roles = MIP_ROLE_FA | MIP_ROLE_CN;
	n->cfg.ifs = n->ifs;
	n->cfg.nifs = 2;
	n->cfg.sas = sas;
	n->cfg.nsas = nsas;
	n->cfg.fa = &n->fa;
	n->cfg.cn = &n->cn;
	n->cfg.profile = mip_profile_default;
}

void
test_ha_node_init(struct test_ha_node *n, uint32_t home_if, struct mip_ip4 addr,
    uint8_t plen, const uint8_t *hw, struct mip_ha_mn_config *mns, size_t nmns,
    struct mip_sa_config *sas, size_t nsas)
{
	memset(n, 0, sizeof(*n));
	n->ifs[0].ifindex = home_if;
	n->ifs[0].addr = addr;
	n->ifs[0].plen = plen;
	if (hw != NULL)
		memcpy(n->ifs[0].hwaddr, hw, MIP_HWADDR_LEN);
	n->ha.home_ifindex = home_if;
	n->ha.addr = addr;
	n->ha.plen = plen;
	n->ha.max_simultaneous = 1;
	n->ha.max_bindings = 8;
	n->ha.adv_interval_ms = 20000 * 1000;
	n->ha.adv_lifetime = 65000;
	n->ha.mns = mns;
	n->ha.nmns = nmns;
	n->cfg.roles = MIP_ROLE_HA;
	n->cfg.ifs = n->ifs;
	n->cfg.nifs = 1;
	n->cfg.sas = sas;
	n->cfg.nsas = nsas;
	n->cfg.ha = &n->ha;
}

void
test_mn_node_init(struct test_mn_node *n, uint32_t ifindex, struct mip_ip4 home,
    uint8_t plen, const uint8_t *hw, struct mip_ip4 ha, uint32_t spi,
    struct mip_sa_config *sas, size_t nsas)
{
	memset(n, 0, sizeof(*n));
	n->ifc.ifindex = ifindex;
	n->ifc.addr = home;
	n->ifc.plen = plen;
	memcpy(n->ifc.hwaddr, hw, MIP_HWADDR_LEN);
	n->mn.home_addr = home;
	n->mn.home_plen = plen;
	n->mn.ha_addr = ha;
	n->mn.spi = spi;
	n->mn.home_ifindex = ifindex;
	n->mn.lifetime = 1800;
	n->cfg.roles = MIP_ROLE_MN;
	n->cfg.ifs = &n->ifc;
	n->cfg.nifs = 1;
	n->cfg.sas = sas;
	n->cfg.nsas = nsas;
	n->cfg.mn = &n->mn;
}

void
test_put_regkey_spi(struct mip_wbuf *w, uint8_t type, uint32_t spi)
{
	struct mip_ext_regkey_spi x = { type, spi };

	assert_int_equal(mip_ext_regkey_spi_encode(w, &x), 0);
}

void
test_put_regkey_key(struct mip_wbuf *w, uint8_t type, uint32_t spi,
    const uint8_t *key, size_t len)
{
	struct mip_ext_regkey_key x = { type, spi, key, len };

	assert_int_equal(mip_ext_regkey_key_encode(w, &x), 0);
}
