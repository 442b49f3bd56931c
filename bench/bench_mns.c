/* SPDX-License-Identifier: ISC */
/* The benchmark MN population; see bench_mns.h. */
#include <stdlib.h>
#include <string.h>

#include "bench_mns.h"
#include "mip/mip_err.h"

static uint32_t
mask(uint8_t plen)
{
	return plen == 0 ? 0 : UINT32_MAX << (32 - plen);
}

struct mip_ip4
bench_mn_home(uint32_t ha_addr, uint8_t plen, size_t i)
{
	struct mip_ip4 a = { (ha_addr & mask(plen)) + BENCH_MN_FIRST +
		(uint32_t)i };

	return a;
}

void
bench_mn_key(size_t i, uint8_t key[BENCH_MN_KEY_LEN])
{
	static const char pattern[] = "mipbench-regload";
	size_t k;

	memcpy(key, pattern, BENCH_MN_KEY_LEN);
	for (k = 12; k < BENCH_MN_KEY_LEN; k++)
		key[k] ^= (uint8_t)((uint32_t)i >> (8 * (15 - k)));
}

size_t
bench_mns_max(uint8_t plen)
{
	/* Everything above MN 0's host number but the broadcast address. */
	return ((size_t)1 << (32 - plen)) - BENCH_MN_FIRST - 1;
}

int
bench_mns_init(struct bench_mns *m, size_t n, uint32_t ha_addr, uint8_t plen)
{
	static const uint8_t hw_home[6] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t hw_core[6] = { 2, 0, 0, 0, 0, 2 };
	size_t i;

	memset(m, 0, sizeof(*m));
	if (plen < 8 || plen > 30 || n == 0 || n > bench_mns_max(plen))
		return MIP_ERR_INVAL;
	m->sas = calloc(n, sizeof(*m->sas));
	m->mns = calloc(n, sizeof(*m->mns));
	if (m->sas == NULL || m->mns == NULL) {
		bench_mns_free(m);
		return MIP_ERR_NOMEM;
	}
	m->n = n;
	for (i = 0; i < n; i++) {
		mip_sa_config_init(&m->sas[i]);
		m->sas[i].peer = bench_mn_home(ha_addr, plen, i);
		m->sas[i].spi = BENCH_MN_SPI;
		m->sas[i].key_len = BENCH_MN_KEY_LEN;
		bench_mn_key(i, m->sas[i].key);
		m->mns[i].home_addr = m->sas[i].peer;
		m->mns[i].spi = BENCH_MN_SPI;
	}
	m->ifs[0].ifindex = BENCH_HOME_IF;
	m->ifs[0].addr.v = ha_addr;
	m->ifs[0].plen = plen;
	memcpy(m->ifs[0].hwaddr, hw_home, sizeof(hw_home));
	/* A core link in 203.0.113.0/24 (RFC 5737) towards the care-of
	 * addresses. */
	m->ifs[1].ifindex = BENCH_CORE_IF;
	m->ifs[1].addr.v = 0xcb007101U;
	m->ifs[1].plen = 24;
	memcpy(m->ifs[1].hwaddr, hw_core, sizeof(hw_core));
	m->ha.home_ifindex = BENCH_HOME_IF;
	m->ha.addr.v = ha_addr;
	m->ha.plen = plen;
	m->ha.max_lifetime = 600;
	m->ha.max_simultaneous = 1;
	m->ha.max_bindings = n;
	m->ha.adv_interval_ms = 600 * 1000; /* rare: not what is measured */
	m->ha.adv_lifetime = 1800;
	m->ha.mns = m->mns;
	m->ha.nmns = n;
	m->cfg.roles = MIP_ROLE_HA;
	m->cfg.ifs = m->ifs;
	m->cfg.nifs = 2;
	m->cfg.sas = m->sas;
	m->cfg.nsas = n;
	m->cfg.ha = &m->ha;
	return 0;
}

void
bench_mns_free(struct bench_mns *m)
{
	if (m->sas != NULL)
		memset(m->sas, 0, m->n * sizeof(*m->sas)); /* the keys */
	free(m->sas);
	free(m->mns);
	memset(m, 0, sizeof(*m));
}
