/* SPDX-License-Identifier: ISC */
/*
 * The rules that need the whole file, checked once every line is read:
 * links name an [Interface]; the home agent's address and prefix and the
 * care-of addresses default to their interface's; every mobile node a home
 * agent serves, and the mobile node itself, has its security association;
 * no two SAs share (peer, SPI); agents advertise at least three times per
 * advertisement lifetime (RFC 5944 2.3); Route Optimization message types
 * are distinct; registration keys have what their method needs and S is
 * advertised only by a foreign agent that can make a key. Last,
 * mip_node_config_check (libmip) judges each role.
 */
#include <string.h>

#include "config_int.h"
#include "mip/mip_proto.h"
#include "mip/mip_sa.h"

/* Positions of keys in their section's table (config_keys.c). */
#define KEY_HA_ADDRESS 1
#define KEY_HA_PREFIX 2
#define KEY_ADV_INTERVAL_HA 8
#define KEY_ADV_LIFETIME_HA 9
#define KEY_ADV_INTERVAL_FA 2
#define KEY_ADV_LIFETIME_FA 3
#define KEY_MN_SPI 3
#define KEY_MN_PRIVATE 8
#define KEY_MN_REGKEY 9
#define KEY_MN_RSAKEYFILE 12
#define KEY_FA_DHMINBITS 13
#define KEY_RO_SMASK 12
#define KEY_RO_ENABLED 0
#define KEY_RO_BU_INTERVAL 2
#define KEY_RO_BU_MAX 3

/* Points the error position at |line| and |key| for cfg_bad. */
static struct cfg_parser *
at(struct cfg_parser *p, unsigned line, const char *key)
{
	p->line = line;
	p->key = key;
	return p;
}

static unsigned
key_line(const struct cfg_parser *p, enum cfg_sect s, size_t k)
{
	return p->seen[s][k];
}

static void
print_ip4(char *buf, size_t cap, struct mip_ip4 a)
{
	snprintf(buf, cap, "%u.%u.%u.%u", a.v >> 24, (a.v >> 16) & 0xffU,
	    (a.v >> 8) & 0xffU, a.v & 0xffU);
}

/* The [Interface] named by |l|, or NULL after a message. */
static const struct mip_if_config *
resolve(struct cfg_parser *p, const struct cfg_link *l)
{
	size_t i;

	for (i = 0; i < p->c->nifs; i++)
		if (strcmp(p->c->ifmeta[i].name, l->name) == 0)
			return &p->c->ifs[i];
	cfg_bad(at(p, l->line, "Link"), "no [Interface] named '%s'", l->name);
	return NULL;
}

/* RFC 5944 2.3: "at least three times per Lifetime" (RFC 1256 3). */
static void
check_adv(struct cfg_parser *p, enum cfg_sect s, uint32_t interval_ms,
    uint16_t lifetime, size_t kint, size_t klife)
{
	unsigned line = key_line(p, s, klife);

	if ((uint64_t)interval_ms * 3 <= (uint64_t)lifetime * 1000)
		return;
	if (line == 0)
		line = key_line(p, s, kint);
	if (line == 0)
		line = p->sect_line[s];
	cfg_bad(at(p, line, "AdvertisementLifetime"),
	    "%u s is less than 3 times the advertisement interval "
	    "(RFC 5944 2.3)",
	    lifetime);
}

static uint64_t
sa_key(struct mip_ip4 peer, uint32_t spi)
{
	return (uint64_t)peer.v << 32 | spi;
}

static bool
has_sa(const struct cfg_parser *p, struct mip_ip4 peer, uint32_t spi)
{
	return cfg_index_has(&p->sa_index, sa_key(peer, spi));
}

/*
 * Derives the keys given as a master key (paper 5), then indexes the SAs
 * by (peer, SPI), reporting each one given twice.
 */
static void
finish_sas(struct cfg_parser *p)
{
	struct config *c = p->c;
	char a[16];
	size_t i, k;
	int rc;

	for (i = 0; i < c->nsas; i++) {
		const struct config_sa *m = &c->sameta[i];

		if (!m->master)
			continue;
		if (mip_sa_derive_key(c->sas[i].key, m->master_key,
			m->master_len, c->sas[i].peer) != 0)
			cfg_err(p, m->line,
			    "cannot derive the key from the master key");
		else
			c->sas[i].key_len = MIP_MD5_LEN;
	}
	for (i = 0; i < c->nsas; i++) {
		k = i;
		rc = cfg_index_add(
		    p, &p->sa_index, sa_key(c->sas[i].peer, c->sas[i].spi), &k);
		if (rc < 0)
			return;
		if (rc == 0) {
			print_ip4(a, sizeof(a), c->sas[i].peer);
			cfg_err(p, c->sameta[i].line,
			    "[SecurityAssociation] for peer %s SPI %u "
			    "is already defined on line %u",
			    a, c->sas[i].spi, c->sameta[k].line);
		}
	}
}

static void
finish_ha(struct cfg_parser *p)
{
	struct config *c = p->c;
	struct mip_ha_config *ha = &c->ha;
	const struct mip_if_config *ifc = resolve(p, &p->ha_link);
	unsigned pline = key_line(p, SECT_HA, KEY_HA_PREFIX);
	char a[16], n[16];
	uint32_t mask;
	size_t i;

	if (ifc == NULL)
		return;
	ha->home_ifindex = ifc->ifindex;
	if ((key_line(p, SECT_HA, KEY_HA_ADDRESS) == 0 || pline == 0) &&
	    (ifc->plen == 0 || ifc->plen > 30)) {
		cfg_bad(at(p, p->ha_link.line, "Link"),
		    "interface '%s' has no address with a prefix of 1-30 "
		    "bits; give Address and Prefix",
		    p->ha_link.name);
		return;
	}
	if (key_line(p, SECT_HA, KEY_HA_ADDRESS) == 0)
		ha->addr = ifc->addr;
	if (pline == 0) {
		ha->plen = ifc->plen;
		p->ha_net.v = ifc->addr.v & cfg_mask(ifc->plen);
	}
	mask = cfg_mask(ha->plen);
	print_ip4(n, sizeof(n), p->ha_net);
	if ((ha->addr.v & mask) != p->ha_net.v) {
		print_ip4(a, sizeof(a), ha->addr);
		cfg_bad(
		    at(p, pline != 0 ? pline : p->sect_line[SECT_HA], "Prefix"),
		    "the home agent's address %s is not in %s/%u", a, n,
		    ha->plen);
		return;
	}
	check_adv(p, SECT_HA, ha->adv_interval_ms, ha->adv_lifetime,
	    KEY_ADV_INTERVAL_HA, KEY_ADV_LIFETIME_HA);
	for (i = 0; i < ha->nmns; i++) {
		const struct mip_ha_mn_config *m = &c->ha_mns[i];

		print_ip4(a, sizeof(a), m->home_addr);
		at(p, p->ha_mn_lines[i], "MobileNode");
		if ((m->home_addr.v & mask) != p->ha_net.v)
			cfg_bad(p, "%s is not in the home network %s/%u", a, n,
			    ha->plen);
		else if (!has_sa(p, m->home_addr, m->spi))
			/* RFC 5944 3.8.1: configured with each MN's SA. */
			cfg_bad(p,
			    "no [SecurityAssociation] with Peer = %s and "
			    "SPI = %u",
			    a, m->spi);
	}
}

static void
finish_fa(struct cfg_parser *p)
{
	struct config *c = p->c;
	size_t i;

	for (i = 0; i < c->fa.nlinks; i++) {
		const struct mip_if_config *ifc = resolve(p, &p->fa_links[i]);

		if (ifc == NULL)
			continue;
		c->fa_links[i].ifindex = ifc->ifindex;
		if (p->coa_lines[i] != 0)
			continue;
		if (ifc->plen == 0)
			cfg_bad(at(p, p->fa_links[i].line, "Link"),
			    "interface '%s' has no Address; give "
			    "CareOfAddress after this line",
			    p->fa_links[i].name);
		else
			c->fa_links[i].coa = ifc->addr;
	}
	check_adv(p, SECT_FA, c->fa.adv_interval_ms, c->fa.adv_lifetime,
	    KEY_ADV_INTERVAL_FA, KEY_ADV_LIFETIME_FA);
	c->fa.rsa_pub_der = c->fa_rsa.pub;
	c->fa.rsa_pub_len = c->fa_rsa.pub_len;
	c->fa.rsa_priv_der = c->fa_rsa.priv;
	c->fa.rsa_priv_len = c->fa_rsa.priv_len;
}

/* The line of |k| in |s|, else of the section's header. */
static unsigned
key_or_sect_line(const struct cfg_parser *p, enum cfg_sect s, size_t k)
{
	unsigned line = key_line(p, s, k);

	return line != 0 ? line : p->sect_line[s];
}

/*
 * Paper 4.4, spec sheet 2.4: S promises smooth handoffs and key
 * establishment, at least by Diffie-Hellman, and the core advertises it
 * only then (mip_fa_regkey_adv_flags): a mask without it would be
 * silently dropped.
 */
static void
finish_fa_keys(struct cfg_parser *p)
{
	const struct config *c = p->c;

	if (c->node.profile.s_mask == 0 || c->fa.dh_min_bits != 0)
		return;
	cfg_bad(at(p, key_or_sect_line(p, SECT_RO, KEY_RO_SMASK),
		    "SmoothHandoffMask"),
	    "a foreign agent advertises S only when it can make a "
	    "registration key by Diffie-Hellman (paper 4.4): give "
	    "[ForeignAgent] DHMinBits (line %u)",
	    p->sect_line[SECT_FA]);
}

/* Paper 9.1: what each key method needs. */
static void
finish_mn_keys(struct cfg_parser *p)
{
	struct config *c = p->c;
	const struct mip_profile *prof = &c->node.profile;
	unsigned line = key_line(p, SECT_MN, KEY_MN_REGKEY);

	c->mn.rsa_pub = c->mn_rsa.pub;
	c->mn.rsa_pub_len = c->mn_rsa.pub_len;
	c->mn.rsa_priv = c->mn_rsa.priv;
	c->mn.rsa_priv_len = c->mn_rsa.priv_len;
	if (c->mn.regkey == MIP_MN_REGKEY_RSA && c->mn_rsa.keyfile == NULL)
		cfg_bad(at(p, line, "RegistrationKey"),
		    "rsa sends our public key (paper 9.1 step 4): give "
		    "RSAKeyFile");
	else if (c->mn.regkey != MIP_MN_REGKEY_RSA && c->mn_rsa.keyfile != NULL)
		cfg_bad(at(p, key_line(p, SECT_MN, KEY_MN_RSAKEYFILE),
			    "RSAKeyFile"),
		    "used only with RegistrationKey = rsa");
	else if (c->mn.regkey != MIP_MN_REGKEY_OFF &&
	    (!prof->ro || prof->s_mask == 0))
		/* Paper 9.1 step 1: only toward an agent advertising S. */
		cfg_bad(at(p, line, "RegistrationKey"),
		    "keys are asked only of a foreign agent advertising S: "
		    "give [RouteOptimization] with Enabled = yes and "
		    "SmoothHandoffMask");
}

static void
finish_mn(struct cfg_parser *p)
{
	struct config *c = p->c;
	const struct mip_if_config *ifc;
	struct mip_ip4 any = { 0 };
	char a[16];

	if (p->mn_link.line != 0)
		ifc = resolve(p, &p->mn_link);
	else if (c->nifs > 0)
		ifc = &c->ifs[0]; /* as mipsim: the first interface */
	else {
		ifc = NULL;
		cfg_err(p, p->sect_line[SECT_MN],
		    "[MobileNode] without an [Interface]");
	}
	if (ifc != NULL)
		c->mn.home_ifindex = ifc->ifindex;
	/* The MN-HA SA: under the home agent's address, or 0.0.0.0 for
	 * whichever home agent discovery finds (RFC 5944 3.6.1.2). */
	if (!has_sa(p, c->mn.ha_addr, c->mn.spi) &&
	    !has_sa(p, any, c->mn.spi)) {
		print_ip4(a, sizeof(a), c->mn.ha_addr);
		cfg_bad(at(p, key_line(p, SECT_MN, KEY_MN_SPI), "SPI"),
		    "no [SecurityAssociation] with Peer = %s (or 0.0.0.0) "
		    "and SPI = %u",
		    a, c->mn.spi);
	}
}

/* The P bit and the home agent's peers need Route Optimization on. */
static void
finish_ro_ha(struct cfg_parser *p)
{
	const struct config *c = p->c;
	const struct mip_ha_ro_config *ro = &c->ha_ro;
	unsigned line;
	char a[16];
	size_t i;

	if ((c->node.roles & MIP_ROLE_MN) && c->mn.ro_private &&
	    !c->node.profile.ro)
		cfg_bad(at(p, key_line(p, SECT_MN, KEY_MN_PRIVATE), "Private"),
		    "the P bit is part of Route Optimization (RO spec 2.3): "
		    "give [RouteOptimization] with Enabled = yes");
	for (i = 0; i < ro->npeers; i++) {
		print_ip4(a, sizeof(a), c->ro_peers[i].addr);
		at(p, p->ro_peer_lines[i], "Peer");
		if (!c->node.profile.ro)
			cfg_bad(p,
			    "Route Optimization is off (Enabled = no "
			    "on line %u)",
			    key_line(p, SECT_RO, KEY_RO_ENABLED));
		else if ((c->node.roles & MIP_ROLE_HA) == 0)
			cfg_bad(p,
			    "only a home agent sends Binding Updates; "
			    "there is no [HomeAgent]");
		else if (!has_sa(p, c->ro_peers[i].addr, c->ro_peers[i].spi))
			/* RO draft 4.3: every update is authenticated. */
			cfg_bad(p,
			    "no [SecurityAssociation] with Peer = %s and "
			    "SPI = %u",
			    a, c->ro_peers[i].spi);
	}
	if (ro->bu_max_ms >= ro->bu_min_ms)
		return;
	line = key_line(p, SECT_RO, KEY_RO_BU_MAX);
	if (line == 0)
		line = key_line(p, SECT_RO, KEY_RO_BU_INTERVAL);
	/* RO spec 1.5: the back-off grows from the interval upwards. */
	cfg_bad(at(p, line, "BindingUpdateMaxInterval"),
	    "%u ms is less than BindingUpdateInterval (%u ms)", ro->bu_max_ms,
	    ro->bu_min_ms);
}

static void
finish_ro(struct cfg_parser *p)
{
	const struct mip_profile *r = &p->c->node.profile;
	const uint8_t t[] = { r->bw_type, r->br_type, r->bu_type, r->ba_type };
	size_t i, k;

	finish_ro_ha(p);
	if (!r->ro)
		return;
	for (i = 0; i < 4; i++) {
		bool bad = t[i] == MIP_MSG_REG_REQ || t[i] == MIP_MSG_REG_REP ||
		    t[i] == MIP_MSG_TUNNEL_DATA;

		for (k = 0; k < i; k++)
			bad = bad || t[k] == t[i];
		if (bad) {
			cfg_err(p, p->sect_line[SECT_RO],
			    "[RouteOptimization] message types must differ "
			    "from each other and from 1, 3 and 4");
			return;
		}
	}
}

/* Each role alone through libmip's own rules, then all together. */
static void
core_check(struct cfg_parser *p)
{
	static const struct {
		uint32_t role;
		enum cfg_sect sect;
	} roles[] = { { MIP_ROLE_HA, SECT_HA }, { MIP_ROLE_FA, SECT_FA },
		{ MIP_ROLE_MN, SECT_MN }, { MIP_ROLE_CN, SECT_CN } };
	struct mip_node_config one = p->c->node;
	const char *why = NULL;
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if ((p->c->node.roles & roles[i].role) == 0)
			continue;
		one.roles = roles[i].role;
		if (mip_node_config_check(&one, &why) != 0) {
			cfg_err(p, p->sect_line[roles[i].sect], "[%s]: %s",
			    cfg_sections[roles[i].sect].name, why);
			return;
		}
	}
	if (mip_node_config_check(&p->c->node, &why) != 0)
		cfg_err(p, 0, "%s", why);
}

void
cfg_finish(struct cfg_parser *p)
{
	struct config *c = p->c;
	struct mip_node_config *n = &c->node;

	n->roles = (p->sect_line[SECT_HA] != 0 ? MIP_ROLE_HA : 0U) |
	    (p->sect_line[SECT_FA] != 0 ? MIP_ROLE_FA : 0U) |
	    (p->sect_line[SECT_MN] != 0 ? MIP_ROLE_MN : 0U) |
	    (p->sect_line[SECT_CN] != 0 ? MIP_ROLE_CN : 0U);
	if (n->roles == 0)
		cfg_err(p, 0,
		    "no [HomeAgent], [ForeignAgent], [MobileNode] or "
		    "[CorrespondentNode] section");
	finish_sas(p);
	if (n->roles & MIP_ROLE_HA)
		finish_ha(p);
	if (n->roles & MIP_ROLE_FA) {
		finish_fa(p);
		finish_fa_keys(p);
	}
	if (n->roles & MIP_ROLE_MN) {
		finish_mn(p);
		finish_mn_keys(p);
	}
	finish_ro(p);
	c->ha.mns = c->ha_mns;
	c->ha_ro.peers = c->ro_peers;
	/* RO draft 4.3: the home agent's side is on with a peer to tell. */
	c->ha.ro =
	    (n->roles & MIP_ROLE_HA) && n->profile.ro && c->ha_ro.npeers > 0
	    ? &c->ha_ro
	    : NULL;
	c->fa.links = c->fa_links;
	n->ifs = c->ifs;
	n->nifs = c->nifs;
	n->sas = c->sas;
	n->nsas = c->nsas;
	n->ha = (n->roles & MIP_ROLE_HA) ? &c->ha : NULL;
	n->fa = (n->roles & MIP_ROLE_FA) ? &c->fa : NULL;
	n->mn = (n->roles & MIP_ROLE_MN) ? &c->mn : NULL;
	n->cn = (n->roles & MIP_ROLE_CN) ? &c->cn : NULL;
	if (p->errs->n == 0 && !p->nomem)
		core_check(p);
}
