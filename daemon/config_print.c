/* SPDX-License-Identifier: ISC */
/*
 * The normalised configuration (mipd -nv): every section and key from the
 * same tables the parser reads, in table order, with defaults spelled out;
 * and config_equal, the comparison the print/parse round trip is held to.
 */
#include <string.h>

#include "config_int.h"

static void
print_generic(FILE *f, const struct cfg_key *k, const void *base)
{
	const char *field = (const char *)base + k->off;
	uint16_t u16;
	uint32_t u32;
	size_t sz;
	uint8_t u8;

	fprintf(f, "%s = ", k->name);
	switch (k->kind) {
	case KIND_BOOL:
		fprintf(f, "%s\n",
		    *(const bool *)(const void *)field ? "yes" : "no");
		break;
	case KIND_U8:
		fprintf(f, "%u\n", *(const uint8_t *)field);
		break;
	case KIND_U16:
		memcpy(&u16, field, sizeof(u16));
		fprintf(f, "%u\n", u16);
		break;
	case KIND_U32:
		memcpy(&u32, field, sizeof(u32));
		fprintf(f, "%u\n", u32);
		break;
	case KIND_SIZE:
		memcpy(&sz, field, sizeof(sz));
		fprintf(f, "%zu\n", sz);
		break;
	case KIND_SECONDS:
		memcpy(&u16, field, sizeof(u16));
		fprintf(f, "%u\n", u16);
		break;
	case KIND_MSEC:
		memcpy(&u32, field, sizeof(u32));
		cfg_print_ms(f, u32);
		fprintf(f, "\n");
		break;
	case KIND_ENCAPS:
		u8 = *(const uint8_t *)field;
		fprintf(f, "ipip%s%s\n",
		    (u8 & MIP_ENCAPS_MINIMAL) ? ",minimal" : "",
		    (u8 & MIP_ENCAPS_GRE) ? ",gre" : "");
		break;
	case KIND_FUNC:
		break;
	}
}

static void
print_section(FILE *f, const struct config *c, enum cfg_sect s,
    const void *base, size_t i)
{
	const struct cfg_section *sec = &cfg_sections[s];
	size_t k;

	fprintf(f, "[%s]\n", sec->name);
	for (k = 0; k < sec->nkeys; k++) {
		const struct cfg_key *key = &sec->keys[k];

		if (key->kind == KIND_FUNC)
			key->print(f, c, i);
		else if (!(s == SECT_SA &&
			     key->off ==
				 offsetof(struct mip_sa_config, tolerance) &&
			     c->sas[i].tolerance == 0))
			print_generic(f, key, base);
	}
	fprintf(f, "\n");
}

static bool
profile_equal(const struct mip_profile *a, const struct mip_profile *b)
{
	return a->ro == b->ro && a->bw_type == b->bw_type &&
	    a->br_type == b->br_type && a->bu_type == b->bu_type &&
	    a->ba_type == b->ba_type && a->bw_ext_type == b->bw_ext_type &&
	    a->p_mask == b->p_mask && a->s_mask == b->s_mask;
}

int
config_print(FILE *f, const struct config *c)
{
	struct mip_profile plain = mip_profile_default;
	size_t i;

	plain.ro = false;
	for (i = 0; i < c->nifs; i++)
		print_section(f, c, SECT_IF, &c->ifs[i], i);
	if (c->node.ha != NULL)
		print_section(f, c, SECT_HA, &c->ha, 0);
	if (c->node.fa != NULL)
		print_section(f, c, SECT_FA, &c->fa, 0);
	if (c->node.mn != NULL)
		print_section(f, c, SECT_MN, &c->mn, 0);
	if (c->node.cn != NULL)
		print_section(f, c, SECT_CN, &c->cn, 0);
	for (i = 0; i < c->nsas; i++)
		print_section(f, c, SECT_SA, &c->sas[i], i);
	if (!profile_equal(&c->node.profile, &plain))
		print_section(f, c, SECT_RO, c, 0);
	return ferror(f) ? -1 : 0;
}

static bool
ifs_equal(const struct config *a, const struct config *b)
{
	size_t i;

	if (a->nifs != b->nifs)
		return false;
	for (i = 0; i < a->nifs; i++) {
		const struct mip_if_config *x = &a->ifs[i], *y = &b->ifs[i];

		if (x->ifindex != y->ifindex || x->addr.v != y->addr.v ||
		    x->plen != y->plen ||
		    memcmp(x->hwaddr, y->hwaddr, MIP_HWADDR_LEN) != 0 ||
		    strcmp(a->ifmeta[i].name, b->ifmeta[i].name) != 0)
			return false;
	}
	return true;
}

static bool
sas_equal(const struct config *a, const struct config *b)
{
	size_t i;

	if (a->nsas != b->nsas)
		return false;
	for (i = 0; i < a->nsas; i++) {
		const struct mip_sa_config *x = &a->sas[i], *y = &b->sas[i];
		const struct config_sa *mx = &a->sameta[i], *my = &b->sameta[i];
		const char *fx = mx->keyfile, *fy = my->keyfile;

		if (x->peer.v != y->peer.v || x->spi != y->spi ||
		    x->alg != y->alg || x->key_len != y->key_len ||
		    memcmp(x->key, y->key, x->key_len) != 0 ||
		    x->replay != y->replay || x->tolerance != y->tolerance ||
		    mx->master != my->master ||
		    mx->master_len != my->master_len ||
		    memcmp(mx->master_key, my->master_key, mx->master_len) !=
			0 ||
		    (fx == NULL) != (fy == NULL) ||
		    (fx != NULL && fy != NULL && strcmp(fx, fy) != 0))
			return false;
	}
	return true;
}

static bool
ro_equal(const struct mip_ha_ro_config *x, const struct mip_ha_ro_config *y)
{
	size_t i;

	if (x == NULL || y == NULL)
		return x == y;
	if (x->npeers != y->npeers || x->bu_min_ms != y->bu_min_ms ||
	    x->bu_max_ms != y->bu_max_ms || x->max_pairs != y->max_pairs ||
	    x->bu_ack != y->bu_ack)
		return false;
	for (i = 0; i < x->npeers; i++)
		if (x->peers[i].addr.v != y->peers[i].addr.v ||
		    x->peers[i].spi != y->peers[i].spi)
			return false;
	return true;
}

static bool
ha_equal(const struct mip_ha_config *x, const struct mip_ha_config *y)
{
	size_t i;

	if (x->home_ifindex != y->home_ifindex || x->addr.v != y->addr.v ||
	    x->plen != y->plen || x->max_lifetime != y->max_lifetime ||
	    x->encaps != y->encaps || x->reverse_tunnel != y->reverse_tunnel ||
	    x->reverse_required != y->reverse_required ||
	    x->max_simultaneous != y->max_simultaneous ||
	    x->max_bindings != y->max_bindings ||
	    x->adv_interval_ms != y->adv_interval_ms ||
	    x->adv_lifetime != y->adv_lifetime || x->nmns != y->nmns ||
	    !ro_equal(x->ro, y->ro))
		return false;
	for (i = 0; i < x->nmns; i++)
		if (x->mns[i].home_addr.v != y->mns[i].home_addr.v ||
		    x->mns[i].spi != y->mns[i].spi)
			return false;
	return true;
}

static bool
fa_equal(const struct mip_fa_config *x, const struct mip_fa_config *y)
{
	size_t i;

	if (x->nlinks != y->nlinks ||
	    x->adv_interval_ms != y->adv_interval_ms ||
	    x->adv_lifetime != y->adv_lifetime ||
	    x->reg_lifetime != y->reg_lifetime || x->encaps != y->encaps ||
	    x->reverse_tunnel != y->reverse_tunnel ||
	    x->reverse_required != y->reverse_required ||
	    x->registration_required != y->registration_required ||
	    x->busy != y->busy || x->challenge != y->challenge ||
	    x->max_visitors != y->max_visitors ||
	    x->max_pending != y->max_pending ||
	    x->pending_timeout_ms != y->pending_timeout_ms ||
	    x->dh_min_bits != y->dh_min_bits || x->key_req_ha != y->key_req_ha)
		return false;
	for (i = 0; i < x->nlinks; i++)
		if (x->links[i].ifindex != y->links[i].ifindex ||
		    x->links[i].coa.v != y->links[i].coa.v)
			return false;
	return true;
}

static bool
mn_equal(const struct mip_mn_config *x, const struct mip_mn_config *y)
{
	return x->home_addr.v == y->home_addr.v &&
	    x->home_plen == y->home_plen && x->ha_addr.v == y->ha_addr.v &&
	    x->spi == y->spi && x->home_ifindex == y->home_ifindex &&
	    x->lifetime == y->lifetime && x->flags == y->flags &&
	    x->colocated == y->colocated && x->ro_private == y->ro_private &&
	    strcmp(x->nai, y->nai) == 0 && x->regkey == y->regkey &&
	    x->dh_bits == y->dh_bits && x->sh_lifetime == y->sh_lifetime;
}

static bool
cn_equal(const struct mip_cn_config *x, const struct mip_cn_config *y)
{
	return x->capacity == y->capacity && x->encaps == y->encaps &&
	    x->max_lifetime == y->max_lifetime &&
	    x->br_lead_pct == y->br_lead_pct &&
	    x->br_lead_min == y->br_lead_min && x->br_active == y->br_active &&
	    x->bw_min_ms == y->bw_min_ms && x->bw_max_ms == y->bw_max_ms &&
	    x->bw_slots == y->bw_slots &&
	    x->special_lifetime == y->special_lifetime;
}

bool
config_equal(const struct config *a, const struct config *b)
{
	const struct mip_node_config *x = &a->node, *y = &b->node;

	return x->roles == y->roles && ifs_equal(a, b) && sas_equal(a, b) &&
	    (x->ha == NULL) == (y->ha == NULL) &&
	    (x->ha == NULL || ha_equal(x->ha, y->ha)) &&
	    (x->fa == NULL) == (y->fa == NULL) &&
	    (x->fa == NULL || fa_equal(x->fa, y->fa)) &&
	    (x->mn == NULL) == (y->mn == NULL) &&
	    (x->mn == NULL || mn_equal(x->mn, y->mn)) &&
	    (x->cn == NULL) == (y->cn == NULL) &&
	    (x->cn == NULL || cn_equal(x->cn, y->cn)) &&
	    profile_equal(&x->profile, &y->profile) &&
	    cfg_rsa_equal(&a->mn_rsa, &b->mn_rsa) &&
	    cfg_rsa_equal(&a->fa_rsa, &b->fa_rsa);
}
