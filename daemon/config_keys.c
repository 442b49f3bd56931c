/* SPDX-License-Identifier: ISC */
/*
 * The sections of the configuration file and their keys: one table per
 * section (name, how the value is read, where it goes, its range), the
 * readers and printers of the keys that need more than a generic number,
 * boolean, time or encapsulation list, the defaults (those of mipsim's
 * scenario language, docs/mipsim.md) and the required-key check at the
 * end of each section.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_int.h"
#include "mip/mip_crypto.h"
#include "mip/mip_keys.h"
#include "mip/mip_proto.h"

#define KEYFILE_MAX 4096 /* octets read from a KeyFile */

static const char *
if_name(const struct config *c, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < c->nifs; i++)
		if (c->ifs[i].ifindex == ifindex)
			return c->ifmeta[i].name;
	return "?";
}

static void
print_reverse(FILE *f, bool on, bool required)
{
	fprintf(f, "ReverseTunnel = %s\n",
	    required ? "required"
		: on ? "yes"
		     : "no");
}

static bool
read_reverse(struct cfg_parser *p, const char *val, bool *on, bool *required)
{
	int b = strcasecmp(val, "required") == 0 ? 2 : cfg_bool_word(val);

	if (b < 0)
		return cfg_bad(
		    p, "expected yes, no or required, got '%s'", val);
	*on = b >= 1;
	*required = b == 2;
	return true;
}

static bool
read_link(struct cfg_parser *p, const char *val, struct cfg_link *l)
{
	if (!cfg_ifname(p, val, l->name))
		return false;
	l->line = p->line;
	return true;
}

/* ---- [Interface] ---- */

static bool
if_name_parse(struct cfg_parser *p, const char *val)
{
	struct config *c = p->c;
	size_t n = c->nifs - 1, i;
	char name[CONFIG_IFNAME_MAX];
	int idx;

	if (!cfg_ifname(p, val, name))
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(c->ifmeta[i].name, name) == 0)
			return cfg_bad(p,
			    "interface '%s' is already defined "
			    "on line %u",
			    name, c->ifmeta[i].line);
	if (p->opts->ifindex == NULL)
		idx = (int)c->nifs;
	else if ((idx = p->opts->ifindex(name, p->opts->arg)) <= 0)
		return cfg_bad(p, "no interface named '%s'", name);
	for (i = 0; i < n; i++)
		if (c->ifs[i].ifindex == (uint32_t)idx)
			return cfg_bad(p, "'%s' is the same interface as '%s'",
			    name, c->ifmeta[i].name);
	memcpy(c->ifmeta[n].name, name, sizeof(name));
	c->ifs[n].ifindex = (uint32_t)idx;
	return true;
}

static void
if_name_print(FILE *f, const struct config *c, size_t i)
{
	fprintf(f, "Name = %s\n", c->ifmeta[i].name);
}

static bool
if_addr_parse(struct cfg_parser *p, const char *val)
{
	struct mip_if_config *ifc = &p->c->ifs[p->c->nifs - 1];

	return cfg_prefix(p, val, &ifc->addr, &ifc->plen, 1, 32);
}

static void
if_addr_print(FILE *f, const struct config *c, size_t i)
{
	if (c->ifs[i].plen == 0)
		return;
	fprintf(f, "Address = ");
	cfg_print_ip4(f, c->ifs[i].addr);
	fprintf(f, "/%u\n", c->ifs[i].plen);
}

static bool
if_hw_parse(struct cfg_parser *p, const char *val)
{
	return cfg_hwaddr(p, val, p->c->ifs[p->c->nifs - 1].hwaddr);
}

static void
if_hw_print(FILE *f, const struct config *c, size_t i)
{
	static const uint8_t zero[MIP_HWADDR_LEN];
	const uint8_t *h = c->ifs[i].hwaddr;

	if (memcmp(h, zero, MIP_HWADDR_LEN) != 0)
		fprintf(f, "HwAddr = %02x:%02x:%02x:%02x:%02x:%02x\n", h[0],
		    h[1], h[2], h[3], h[4], h[5]);
}

static const struct cfg_key if_keys[] = {
	{ "Name", KIND_FUNC, false, 0, 0, 0, if_name_parse, if_name_print },
	{ "Address", KIND_FUNC, false, 0, 0, 0, if_addr_parse, if_addr_print },
	{ "HwAddr", KIND_FUNC, false, 0, 0, 0, if_hw_parse, if_hw_print },
};

/* ---- [HomeAgent] ---- */

static bool
ha_link_parse(struct cfg_parser *p, const char *val)
{
	return read_link(p, val, &p->ha_link);
}

static void
ha_link_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "Link = %s\n", if_name(c, c->ha.home_ifindex));
}

static bool
ha_addr_parse(struct cfg_parser *p, const char *val)
{
	return cfg_ip4(p, val, &p->c->ha.addr);
}

static void
ha_addr_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "Address = ");
	cfg_print_ip4(f, c->ha.addr);
	fprintf(f, "\n");
}

static bool
ha_prefix_parse(struct cfg_parser *p, const char *val)
{
	struct mip_ip4 net;
	uint8_t plen;

	if (!cfg_prefix(p, val, &net, &plen, 1, 30))
		return false;
	if ((net.v & ~cfg_mask(plen)) != 0)
		return cfg_bad(p, "host bits are set in %s", val);
	p->ha_net = net;
	p->c->ha.plen = plen;
	return true;
}

static void
ha_prefix_print(FILE *f, const struct config *c, size_t i)
{
	struct mip_ip4 net = { c->ha.addr.v & cfg_mask(c->ha.plen) };

	(void)i;
	fprintf(f, "Prefix = ");
	cfg_print_ip4(f, net);
	fprintf(f, "/%u\n", c->ha.plen);
}

static bool
ha_reverse_parse(struct cfg_parser *p, const char *val)
{
	return read_reverse(
	    p, val, &p->c->ha.reverse_tunnel, &p->c->ha.reverse_required);
}

static void
ha_reverse_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	print_reverse(f, c->ha.reverse_tunnel, c->ha.reverse_required);
}

#define ADDR_TEXT_MAX 32

/*
 * "ADDR SPI" or "ADDR:SPI" (mipsim's spelling); |what| is the form named
 * in the message. The address as written goes to |a| (ADDR_TEXT_MAX octets).
 */
static bool
read_addr_spi(struct cfg_parser *p, const char *val, const char *what,
    struct mip_ip4 *addr, uint32_t *spi, char *a)
{
	size_t alen = strcspn(val, " \t:");
	const char *rest = val + alen;
	uint64_t n;

	rest += strspn(rest, " \t");
	if (*rest == ':' && val[alen] == ':')
		rest++;
	if (alen >= ADDR_TEXT_MAX || *rest == '\0')
		return cfg_bad(p, "expected %s, got '%s'", what, val);
	memcpy(a, val, alen);
	a[alen] = '\0';
	if (!cfg_ip4(p, a, addr) ||
	    !cfg_uint(p, rest, MIP_SPI_MIN, UINT32_MAX, &n))
		return false;
	*spi = (uint32_t)n;
	return true;
}

static bool
ha_mn_parse(struct cfg_parser *p, const char *val)
{
	struct config *c = p->c;
	size_t n = c->ha.nmns, cap = p->ha_mn_cap, i;
	char addr[ADDR_TEXT_MAX];
	struct mip_ha_mn_config m;

	if (!read_addr_spi(
		p, val, "HOMEADDRESS SPI", &m.home_addr, &m.spi, addr))
		return false;
	/* Indexed: a home agent may list 100,000 mobile nodes and more. */
	i = n;
	switch (cfg_index_add(p, &p->ha_mn_index, m.home_addr.v, &i)) {
	case -1:
		return false;
	case 0:
		return cfg_bad(p, "%s is already listed on line %u", addr,
		    p->ha_mn_lines[i]);
	default:
		break;
	}
	if (!cfg_grow(p, &c->ha_mns, &cap, n, sizeof(*c->ha_mns)) ||
	    !cfg_grow(
		p, &p->ha_mn_lines, &p->ha_mn_cap, n, sizeof(*p->ha_mn_lines)))
		return false;
	c->ha_mns[n] = m;
	p->ha_mn_lines[n] = p->line;
	c->ha.nmns = n + 1;
	return true;
}

static void
ha_mn_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	for (i = 0; i < c->ha.nmns; i++) {
		fprintf(f, "MobileNode = ");
		cfg_print_ip4(f, c->ha_mns[i].home_addr);
		fprintf(f, " %u\n", c->ha_mns[i].spi);
	}
}

#define HA(f) offsetof(struct mip_ha_config, f)
static const struct cfg_key ha_keys[] = {
	{ "Link", KIND_FUNC, false, 0, 0, 0, ha_link_parse, ha_link_print },
	{ "Address", KIND_FUNC, false, 0, 0, 0, ha_addr_parse, ha_addr_print },
	{ "Prefix", KIND_FUNC, false, 0, 0, 0, ha_prefix_parse,
	    ha_prefix_print },
	{ "MaxLifetime", KIND_SECONDS, false, HA(max_lifetime), 1, 65535, NULL,
	    NULL },
	{ "Encapsulations", KIND_ENCAPS, false, HA(encaps), 0, 0, NULL, NULL },
	{ "ReverseTunnel", KIND_FUNC, false, 0, 0, 0, ha_reverse_parse,
	    ha_reverse_print },
	{ "MaxSimultaneousBindings", KIND_U8, false, HA(max_simultaneous), 1,
	    255, NULL, NULL },
	{ "MaxBindings", KIND_SIZE, false, HA(max_bindings), 1, 16777216, NULL,
	    NULL },
	{ "AdvertisementInterval", KIND_MSEC, false, HA(adv_interval_ms), 0,
	    1800000, NULL, NULL },
	{ "AdvertisementLifetime", KIND_SECONDS, false, HA(adv_lifetime), 1,
	    65535, NULL, NULL },
	{ "MobileNode", KIND_FUNC, true, 0, 0, 0, ha_mn_parse, ha_mn_print },
};

/* ---- [ForeignAgent] ---- */

static bool
fa_link_parse(struct cfg_parser *p, const char *val)
{
	struct config *c = p->c;
	size_t n = c->fa.nlinks, cap = p->fa_cap, cap2 = p->fa_cap, i;
	struct cfg_link l;

	if (!read_link(p, val, &l))
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(p->fa_links[i].name, l.name) == 0)
			return cfg_bad(p,
			    "link '%s' is already given on "
			    "line %u",
			    l.name, p->fa_links[i].line);
	if (!cfg_grow(p, &c->fa_links, &cap, n, sizeof(*c->fa_links)) ||
	    !cfg_grow(p, &p->coa_lines, &cap2, n, sizeof(*p->coa_lines)) ||
	    !cfg_grow(p, &p->fa_links, &p->fa_cap, n, sizeof(*p->fa_links)))
		return false;
	p->fa_links[n] = l;
	c->fa.nlinks = n + 1;
	return true;
}

/* Each link with its care-of address. */
static void
fa_link_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	for (i = 0; i < c->fa.nlinks; i++) {
		fprintf(f, "Link = %s\nCareOfAddress = ",
		    if_name(c, c->fa_links[i].ifindex));
		cfg_print_ip4(f, c->fa_links[i].coa);
		fprintf(f, "\n");
	}
}

/* The care-of address of the Link line before it. */
static bool
fa_coa_parse(struct cfg_parser *p, const char *val)
{
	size_t n = p->c->fa.nlinks;

	if (n == 0)
		return cfg_bad(p, "no Link line before it");
	if (p->coa_lines[n - 1] != 0)
		return cfg_bad(p, "link '%s' already has one on line %u",
		    p->fa_links[n - 1].name, p->coa_lines[n - 1]);
	if (!cfg_ip4(p, val, &p->c->fa_links[n - 1].coa))
		return false;
	p->coa_lines[n - 1] = p->line;
	return true;
}

static void
fa_coa_print(FILE *f, const struct config *c, size_t i)
{
	(void)f, (void)c, (void)i; /* with its Link */
}

static bool
fa_reverse_parse(struct cfg_parser *p, const char *val)
{
	return read_reverse(
	    p, val, &p->c->fa.reverse_tunnel, &p->c->fa.reverse_required);
}

static void
fa_reverse_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	print_reverse(f, c->fa.reverse_tunnel, c->fa.reverse_required);
}

/*
 * Paper 6.3, spec sheet 2.6.2: the smallest Diffie-Hellman prime we
 * accept from a mobile node; 0 offers no Diffie-Hellman (and so no S).
 */
static bool
fa_dhmin_parse(struct cfg_parser *p, const char *val)
{
	uint64_t n;

	if (!cfg_uint(p, val, 0, MIP_DH_MAX_LEN * 8, &n))
		return false;
	if (n != 0 && n < MIP_DH_MIN_BITS)
		return cfg_bad(p,
		    "expected 0 (no Diffie-Hellman) or %d-%d bits, got %s",
		    MIP_DH_MIN_BITS, MIP_DH_MAX_LEN * 8, val);
	p->c->fa.dh_min_bits = (unsigned)n;
	return true;
}

static void
fa_dhmin_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "DHMinBits = %u\n", c->fa.dh_min_bits);
}

static void
print_rsa(FILE *f, const struct config_rsa *r)
{
	if (r->keyfile != NULL)
		fprintf(f, "RSAKeyFile = %s\n", r->keyfile);
}

/* PAPER 9.4 step 3: the home agent encrypts the key to our public key. */
static bool
fa_rsa_parse(struct cfg_parser *p, const char *val)
{
	return cfg_rsa_read(p, val, &p->c->fa_rsa);
}

static void
fa_rsa_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	print_rsa(f, &c->fa_rsa);
}

#define FA(f) offsetof(struct mip_fa_config, f)
static const struct cfg_key fa_keys[] = {
	{ "Link", KIND_FUNC, true, 0, 0, 0, fa_link_parse, fa_link_print },
	{ "CareOfAddress", KIND_FUNC, true, 0, 0, 0, fa_coa_parse,
	    fa_coa_print },
	{ "AdvertisementInterval", KIND_MSEC, false, FA(adv_interval_ms), 0,
	    1800000, NULL, NULL },
	{ "AdvertisementLifetime", KIND_SECONDS, false, FA(adv_lifetime), 1,
	    65535, NULL, NULL },
	{ "RegistrationLifetime", KIND_SECONDS, false, FA(reg_lifetime), 1,
	    65535, NULL, NULL },
	{ "Encapsulations", KIND_ENCAPS, false, FA(encaps), 0, 0, NULL, NULL },
	{ "ReverseTunnel", KIND_FUNC, false, 0, 0, 0, fa_reverse_parse,
	    fa_reverse_print },
	{ "RegistrationRequired", KIND_BOOL, false, FA(registration_required),
	    0, 0, NULL, NULL },
	{ "Busy", KIND_BOOL, false, FA(busy), 0, 0, NULL, NULL },
	{ "Challenge", KIND_BOOL, false, FA(challenge), 0, 0, NULL, NULL },
	{ "MaxVisitors", KIND_SIZE, false, FA(max_visitors), 1, 1000000, NULL,
	    NULL },
	{ "MaxPending", KIND_SIZE, false, FA(max_pending), 1, 1000, NULL,
	    NULL },
	{ "PendingTimeout", KIND_MSEC, false, FA(pending_timeout_ms), 1,
	    3600000, NULL, NULL },
	/* Registration keys (paper 6-9, PAPER 9.4). */
	{ "DHMinBits", KIND_FUNC, false, 0, 0, 0, fa_dhmin_parse,
	    fa_dhmin_print },
	{ "KeyRequestFromHA", KIND_BOOL, false, FA(key_req_ha), 0, 0, NULL,
	    NULL },
	{ "RSAKeyFile", KIND_FUNC, false, 0, 0, 0, fa_rsa_parse, fa_rsa_print },
};

/* ---- [MobileNode] ---- */

static bool
mn_link_parse(struct cfg_parser *p, const char *val)
{
	return read_link(p, val, &p->mn_link);
}

static void
mn_link_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "Link = %s\n", if_name(c, c->mn.home_ifindex));
}

static bool
mn_home_parse(struct cfg_parser *p, const char *val)
{
	/* mip_node_config_check: 1-30. */
	return cfg_prefix(
	    p, val, &p->c->mn.home_addr, &p->c->mn.home_plen, 1, 30);
}

static void
mn_home_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "HomeAddress = ");
	cfg_print_ip4(f, c->mn.home_addr);
	fprintf(f, "/%u\n", c->mn.home_plen);
}

static bool
mn_ha_parse(struct cfg_parser *p, const char *val)
{
	return cfg_ip4(p, val, &p->c->mn.ha_addr);
}

static void
mn_ha_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "HomeAgent = ");
	cfg_print_ip4(f, c->mn.ha_addr);
	fprintf(f, "\n");
}

static const char *const mn_flag_names[] = { "S", "B", "M", "G", "T", "none",
	NULL };
static const unsigned mn_flag_bits[] = { MIP_RRQ_F_S, MIP_RRQ_F_B, MIP_RRQ_F_M,
	MIP_RRQ_F_G, MIP_RRQ_F_T, 0 };

static bool
mn_flags_parse(struct cfg_parser *p, const char *val)
{
	unsigned bits;

	if (!cfg_words(p, val, mn_flag_names, mn_flag_bits,
		"S, B, M, G, T or none", &bits))
		return false;
	p->c->mn.flags = (uint8_t)bits;
	return true;
}

static void
mn_flags_print(FILE *f, const struct config *c, size_t i)
{
	const char *sep = "";

	fprintf(f, "Flags = ");
	for (i = 0; i < 5; i++)
		if (c->mn.flags & mn_flag_bits[i]) {
			fprintf(f, "%s%s", sep, mn_flag_names[i]);
			sep = ",";
		}
	fprintf(f, "%s\n", c->mn.flags == 0 ? "none" : "");
}

static bool
mn_nai_parse(struct cfg_parser *p, const char *val)
{
	size_t n = strlen(val), i;

	if (n >= MIP_NAI_MAX)
		return cfg_bad(p, "longer than %d characters", MIP_NAI_MAX - 1);
	for (i = 0; i < n; i++)
		if ((unsigned char)val[i] <= ' ' || (unsigned char)val[i] > '~')
			return cfg_bad(p,
			    "character %zu is not printable "
			    "ASCII without blanks",
			    i + 1);
	memcpy(p->c->mn.nai, val, n + 1);
	return true;
}

static void
mn_nai_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	if (c->mn.nai[0] != '\0')
		fprintf(f, "NAI = %s\n", c->mn.nai);
}

/* Paper 9.1: the key method, in enum mip_mn_regkey order. */
static const char *const regkey_names[] = { "none", "preconfigured", "any",
	"rsa", "dh", NULL };

static bool
mn_regkey_parse(struct cfg_parser *p, const char *val)
{
	size_t i;

	for (i = 0; regkey_names[i] != NULL; i++)
		if (strcasecmp(val, regkey_names[i]) == 0) {
			p->c->mn.regkey = (enum mip_mn_regkey)i;
			return true;
		}
	return cfg_bad(
	    p, "expected none, preconfigured, any, rsa or dh, got '%s'", val);
}

static void
mn_regkey_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "RegistrationKey = %s\n", regkey_names[c->mn.regkey]);
}

/* Paper 6.3: the group of our Diffie-Hellman value (mip_dh_group). */
static bool
mn_dhbits_parse(struct cfg_parser *p, const char *val)
{
	size_t len;
	uint64_t n;

	if (!cfg_uint(p, val, 0, UINT32_MAX, &n))
		return false;
	if (mip_dh_group((unsigned)n, &len, NULL) == NULL)
		return cfg_bad(p, "expected 1024 or 2048, got '%s'", val);
	p->c->mn.dh_bits = (unsigned)n;
	return true;
}

static void
mn_dhbits_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	fprintf(f, "DHBits = %u\n", c->mn.dh_bits);
}

/* Paper 9.1 step 4: our public key goes in 114. */
static bool
mn_rsa_parse(struct cfg_parser *p, const char *val)
{
	return cfg_rsa_read(p, val, &p->c->mn_rsa);
}

static void
mn_rsa_print(FILE *f, const struct config *c, size_t i)
{
	(void)i;
	print_rsa(f, &c->mn_rsa);
}

#define MN(f) offsetof(struct mip_mn_config, f)
static const struct cfg_key mn_keys[] = {
	{ "Link", KIND_FUNC, false, 0, 0, 0, mn_link_parse, mn_link_print },
	{ "HomeAddress", KIND_FUNC, false, 0, 0, 0, mn_home_parse,
	    mn_home_print },
	{ "HomeAgent", KIND_FUNC, false, 0, 0, 0, mn_ha_parse, mn_ha_print },
	{ "SPI", KIND_U32, false, MN(spi), MIP_SPI_MIN, UINT32_MAX, NULL,
	    NULL },
	{ "Lifetime", KIND_SECONDS, false, MN(lifetime), 1, 65535, NULL, NULL },
	{ "Flags", KIND_FUNC, false, 0, 0, 0, mn_flags_parse, mn_flags_print },
	{ "CoLocated", KIND_BOOL, false, MN(colocated), 0, 0, NULL, NULL },
	{ "NAI", KIND_FUNC, false, 0, 0, 0, mn_nai_parse, mn_nai_print },
	/* RO spec 2.3: the P bit, so the home agent reveals no binding. */
	{ "Private", KIND_BOOL, false, MN(ro_private), 0, 0, NULL, NULL },
	/* Registration keys and smooth handoff (paper 4, 6-9). */
	{ "RegistrationKey", KIND_FUNC, false, 0, 0, 0, mn_regkey_parse,
	    mn_regkey_print },
	{ "DHBits", KIND_FUNC, false, 0, 0, 0, mn_dhbits_parse,
	    mn_dhbits_print },
	/* Paper 4.1: the previous agent's forwarding binding is short. */
	{ "SmoothHandoffLifetime", KIND_SECONDS, false, MN(sh_lifetime), 1,
	    65535, NULL, NULL },
	{ "RSAKeyFile", KIND_FUNC, false, 0, 0, 0, mn_rsa_parse, mn_rsa_print },
};

/* ---- [SecurityAssociation] ---- */

#define SA_KEY 3 /* positions in sa_keys */
#define SA_KEYFILE 4
#define SA_MASTERKEY 7
#define SA_MASTERKEYFILE 8

static struct mip_sa_config *
cur_sa(struct cfg_parser *p)
{
	return &p->c->sas[p->c->nsas - 1];
}

static struct config_sa *
cur_sameta(struct cfg_parser *p)
{
	return &p->c->sameta[p->c->nsas - 1];
}

static bool
sa_peer_parse(struct cfg_parser *p, const char *val)
{
	return cfg_ip4(p, val, &cur_sa(p)->peer);
}

static void
sa_peer_print(FILE *f, const struct config *c, size_t i)
{
	fprintf(f, "Peer = ");
	cfg_print_ip4(f, c->sas[i].peer);
	fprintf(f, "\n");
}

static const char *const alg_names[] = { "hmac-md5", "keyed-md5", "hmac-sha1",
	NULL };
static const enum mip_auth_alg alg_values[] = { MIP_AUTH_HMAC_MD5,
	MIP_AUTH_KEYED_MD5, MIP_AUTH_HMAC_SHA1 };

static bool
sa_alg_parse(struct cfg_parser *p, const char *val)
{
	size_t i;

	for (i = 0; alg_names[i] != NULL; i++)
		if (strcasecmp(val, alg_names[i]) == 0) {
			cur_sa(p)->alg = alg_values[i];
			return true;
		}
	return cfg_bad(p,
	    "expected hmac-md5, keyed-md5 or hmac-sha1, got "
	    "'%s'",
	    val);
}

static void
sa_alg_print(FILE *f, const struct config *c, size_t i)
{
	fprintf(f, "Algorithm = %s\n", mip_auth_alg_name(c->sas[i].alg));
}

/*
 * Key, KeyFile, MasterKey and MasterKeyFile each give the SA its key:
 * false after a message when another of them came first.
 */
static bool
key_unique(struct cfg_parser *p)
{
	static const size_t k[] = { SA_KEY, SA_KEYFILE, SA_MASTERKEY,
		SA_MASTERKEYFILE };
	size_t i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (p->seen[SECT_SA][k[i]] != 0)
			return cfg_bad(p, "%s is already given on line %u",
			    cfg_sections[SECT_SA].keys[k[i]].name,
			    p->seen[SECT_SA][k[i]]);
	return true;
}

static bool
sa_key_parse(struct cfg_parser *p, const char *val)
{
	struct mip_sa_config *sa = cur_sa(p);

	return key_unique(p) &&
	    cfg_hex(p, val, sa->key, sizeof(sa->key), &sa->key_len);
}

/* The key as given: Key, KeyFile, MasterKey or MasterKeyFile. */
static void
sa_key_print(FILE *f, const struct config *c, size_t i)
{
	const struct config_sa *m = &c->sameta[i];
	const uint8_t *key = m->master ? m->master_key : c->sas[i].key;
	size_t len = m->master ? m->master_len : c->sas[i].key_len, k;

	if (m->keyfile != NULL)
		fprintf(f, "%s = %s\n", m->master ? "MasterKeyFile" : "KeyFile",
		    m->keyfile);
	else {
		fprintf(f, "%s = ", m->master ? "MasterKey" : "Key");
		for (k = 0; k < len; k++)
			fprintf(f, "%02x", key[k]);
		fprintf(f, "\n");
	}
	if (!m->master)
		return;
	/* Paper 5: the key the peer's operator configures. */
	fprintf(f, "# Key derived for this Peer: ");
	for (k = 0; k < c->sas[i].key_len; k++)
		fprintf(f, "%02x", c->sas[i].key[k]);
	fprintf(f, "\n");
}

/*
 * The hex key in the file |val| (relative to the configuration's
 * directory) into |key|, and the file's real path into the SA's keyfile.
 */
static bool
read_key_file(struct cfg_parser *p, const char *val, uint8_t *key, size_t cap,
    size_t *len)
{
	char buf[KEYFILE_MAX + 1], *path = NULL, *real, *s;
	ssize_t n;
	bool ok;

	if ((path = cfg_path(p, val)) == NULL)
		return false;
	if ((n = cfg_read_small(path, buf, KEYFILE_MAX + 1)) < 0 ||
	    n > KEYFILE_MAX) {
		ok = cfg_bad(p, "%s: %s", path,
		    n < 0 ? (errno == EINVAL ? "not a regular file"
					     : strerror(errno))
			  : "too long for a key");
		free(path);
		return ok;
	}
	buf[n] = '\0';
	s = buf + strspn(buf, " \t\r\n");
	s[strcspn(s, " \t\r\n")] = '\0';
	ok = cfg_hex(p, s, key, cap, len);
	explicit_bzero(buf, sizeof(buf));
	if (ok && (real = realpath(path, NULL)) != NULL) {
		free(path);
		path = real;
	}
	if (ok)
		cur_sameta(p)->keyfile = path;
	else
		free(path);
	return ok;
}

static bool
sa_keyfile_parse(struct cfg_parser *p, const char *val)
{
	struct mip_sa_config *sa = cur_sa(p);

	return key_unique(p) &&
	    read_key_file(p, val, sa->key, sizeof(sa->key), &sa->key_len);
}

/*
 * Paper 5: a home agent keeps one master key and derives each peer's
 * key from it (mip_sa_derive_key, at the end of the file, when Peer is
 * known).
 */
static bool
sa_master_parse(struct cfg_parser *p, const char *val)
{
	struct config_sa *m = cur_sameta(p);

	if (!key_unique(p) ||
	    !cfg_hex(
		p, val, m->master_key, sizeof(m->master_key), &m->master_len))
		return false;
	m->master = true;
	return true;
}

static bool
sa_masterfile_parse(struct cfg_parser *p, const char *val)
{
	struct config_sa *m = cur_sameta(p);

	if (!key_unique(p) ||
	    !read_key_file(
		p, val, m->master_key, sizeof(m->master_key), &m->master_len))
		return false;
	m->master = true;
	return true;
}

static void
sa_keyfile_print(FILE *f, const struct config *c, size_t i)
{
	(void)f, (void)c, (void)i; /* as Key */
}

static bool
sa_replay_parse(struct cfg_parser *p, const char *val)
{
	if (strcasecmp(val, "timestamps") == 0)
		cur_sa(p)->replay = MIP_REPLAY_TIMESTAMP;
	else if (strcasecmp(val, "nonces") == 0)
		cur_sa(p)->replay = MIP_REPLAY_NONCE;
	else
		return cfg_bad(
		    p, "expected timestamps or nonces, got '%s'", val);
	return true;
}

static void
sa_replay_print(FILE *f, const struct config *c, size_t i)
{
	fprintf(f, "Replay = %s\n",
	    c->sas[i].replay == MIP_REPLAY_NONCE ? "nonces" : "timestamps");
}

static const struct cfg_key sa_keys[] = {
	{ "Peer", KIND_FUNC, false, 0, 0, 0, sa_peer_parse, sa_peer_print },
	{ "SPI", KIND_U32, false, offsetof(struct mip_sa_config, spi),
	    MIP_SPI_MIN, UINT32_MAX, NULL, NULL },
	{ "Algorithm", KIND_FUNC, false, 0, 0, 0, sa_alg_parse, sa_alg_print },
	[SA_KEY] = { "Key", KIND_FUNC, false, 0, 0, 0, sa_key_parse,
	    sa_key_print },
	[SA_KEYFILE] = { "KeyFile", KIND_FUNC, false, 0, 0, 0, sa_keyfile_parse,
	    sa_keyfile_print },
	{ "Replay", KIND_FUNC, false, 0, 0, 0, sa_replay_parse,
	    sa_replay_print },
	{ "Tolerance", KIND_U32, false,
	    offsetof(struct mip_sa_config, tolerance), 1, 86400, NULL, NULL },
	[SA_MASTERKEY] = { "MasterKey", KIND_FUNC, false, 0, 0, 0,
	    sa_master_parse, sa_keyfile_print },
	[SA_MASTERKEYFILE] = { "MasterKeyFile", KIND_FUNC, false, 0, 0, 0,
	    sa_masterfile_parse, sa_keyfile_print },
};

/* ---- [RouteOptimization] (keys into struct config) ---- */

/* RO draft 4.3: a peer the home agent sends Binding Updates to. */
static bool
ro_peer_parse(struct cfg_parser *p, const char *val)
{
	struct config *c = p->c;
	size_t n = c->ha_ro.npeers, cap = p->ro_peer_cap, i;
	char addr[ADDR_TEXT_MAX];
	struct mip_ro_peer_config peer;

	if (!read_addr_spi(p, val, "ADDRESS:SPI", &peer.addr, &peer.spi, addr))
		return false;
	i = n;
	switch (cfg_index_add(p, &p->ro_peer_index, peer.addr.v, &i)) {
	case -1:
		return false;
	case 0:
		return cfg_bad(p, "%s is already listed on line %u", addr,
		    p->ro_peer_lines[i]);
	default:
		break;
	}
	if (!cfg_grow(p, &c->ro_peers, &cap, n, sizeof(*c->ro_peers)) ||
	    !cfg_grow(p, &p->ro_peer_lines, &p->ro_peer_cap, n,
		sizeof(*p->ro_peer_lines)))
		return false;
	c->ro_peers[n] = peer;
	p->ro_peer_lines[n] = p->line;
	c->ha_ro.npeers = n + 1;
	return true;
}

static void
ro_peer_print(FILE *f, const struct config *c, size_t i)
{
	for (i = 0; i < c->ha_ro.npeers; i++) {
		fprintf(f, "Peer = ");
		cfg_print_ip4(f, c->ro_peers[i].addr);
		fprintf(f, ":%u\n", c->ro_peers[i].spi);
	}
}

#define RO(f) offsetof(struct config, node.profile.f)
#define HARO(f) offsetof(struct config, ha_ro.f)
static const struct cfg_key ro_keys[] = {
	{ "Enabled", KIND_BOOL, false, RO(ro), 0, 0, NULL, NULL },
	{ "Peer", KIND_FUNC, true, 0, 0, 0, ro_peer_parse, ro_peer_print },
	/* RO spec 1.5: unsolicited updates back off from one per interval
	 * to one per maximum interval. */
	{ "BindingUpdateInterval", KIND_MSEC, false, HARO(bu_min_ms), 1,
	    3600000, NULL, NULL },
	{ "BindingUpdateMaxInterval", KIND_MSEC, false, HARO(bu_max_ms), 1,
	    86400000, NULL, NULL },
	{ "MaxPairs", KIND_SIZE, false, HARO(max_pairs), 1, 4194304, NULL,
	    NULL },
	{ "BindingAck", KIND_BOOL, false, HARO(bu_ack), 0, 0, NULL, NULL },
	{ "BindingWarningType", KIND_U8, false, RO(bw_type), 0, 255, NULL,
	    NULL },
	{ "BindingRequestType", KIND_U8, false, RO(br_type), 0, 255, NULL,
	    NULL },
	{ "BindingUpdateType", KIND_U8, false, RO(bu_type), 0, 255, NULL,
	    NULL },
	{ "BindingAckType", KIND_U8, false, RO(ba_type), 0, 255, NULL, NULL },
	{ "BindingWarningExtension", KIND_U8, false, RO(bw_ext_type), 0, 255,
	    NULL, NULL },
	{ "PrivateBitMask", KIND_U8, false, RO(p_mask), 0, 255, NULL, NULL },
	{ "SmoothHandoffMask", KIND_U16, false, RO(s_mask), 0, 65535, NULL,
	    NULL },
};

/* ---- [CorrespondentNode] (RO draft 3.1, 4.3; spec sheet 1.5) ---- */

#define CN(f) offsetof(struct mip_cn_config, f)
static const struct cfg_key cn_keys[] = {
	{ "CacheSize", KIND_SIZE, false, CN(capacity), 1, 4194304, NULL, NULL },
	{ "Encapsulations", KIND_ENCAPS, false, CN(encaps), 0, 0, NULL, NULL },
	{ "MaxLifetime", KIND_SECONDS, false, CN(max_lifetime), 1, 65535, NULL,
	    NULL },
	{ "BindingRequestLead", KIND_U8, false, CN(br_lead_pct), 0, 100, NULL,
	    NULL },
	{ "BindingRequestMinLead", KIND_SECONDS, false, CN(br_lead_min), 0,
	    65535, NULL, NULL },
	{ "ActiveWindow", KIND_SECONDS, false, CN(br_active), 0, 65535, NULL,
	    NULL },
	/* RO draft 4.1, spec sheet 1.5 and 3: tunnelled packets for mobile
	 * nodes that are not ours (also a foreign agent's cache). */
	{ "BindingWarningInterval", KIND_MSEC, false, CN(bw_min_ms), 1, 3600000,
	    NULL, NULL },
	{ "BindingWarningMaxInterval", KIND_MSEC, false, CN(bw_max_ms), 1,
	    86400000, NULL, NULL },
	{ "BindingWarningPairs", KIND_SIZE, false, CN(bw_slots), 1, 65536, NULL,
	    NULL },
	{ "SpecialTunnelLifetime", KIND_SECONDS, false, CN(special_lifetime), 0,
	    65535, NULL, NULL },
};

#define KEYS(k) k, sizeof(k) / sizeof((k)[0])
const struct cfg_section cfg_sections[SECT__COUNT] = {
	[SECT_IF] = { "Interface", true, KEYS(if_keys), "Name" },
	[SECT_HA] = { "HomeAgent", false, KEYS(ha_keys), "Link" },
	[SECT_FA] = { "ForeignAgent", false, KEYS(fa_keys), "Link" },
	[SECT_MN] = { "MobileNode", false, KEYS(mn_keys),
	    "HomeAddress,HomeAgent,SPI" },
	[SECT_SA] = { "SecurityAssociation", true, KEYS(sa_keys),
	    "Peer,SPI,Key|KeyFile|MasterKey|MasterKeyFile" },
	[SECT_RO] = { "RouteOptimization", false, KEYS(ro_keys), "" },
	[SECT_CN] = { "CorrespondentNode", false, KEYS(cn_keys), "" },
};

/* ---- sections ---- */

void
cfg_defaults(struct config *c)
{
	/* The defaults of mipsim's ha, fa and mn lines (docs/mipsim.md). */
	c->ha.max_lifetime = 600;
	c->ha.max_simultaneous = 1;
	c->ha.max_bindings = 1024;
	c->ha.adv_interval_ms = 1000;
	c->ha.adv_lifetime = 3;
	/* RFC 5944 2.3: at least three advertisements per lifetime. */
	c->fa.adv_interval_ms = 1000;
	c->fa.adv_lifetime = 3;
	c->fa.reg_lifetime = 600;
	c->fa.max_visitors = 64;
	c->fa.max_pending = 5;		 /* RFC 5944 3.7.1 */
	c->fa.pending_timeout_ms = 7000; /* RFC 5944 3.7.1 */
	c->mn.lifetime = 300;
	c->mn.dh_bits = 2048;	/* RFC 3526 group 14 (mip_keys.h) */
	c->mn.sh_lifetime = 10; /* as the core's 0 */
	mip_cn_config_init(&c->cn);
	mip_ha_ro_config_init(&c->ha_ro);
	c->node.profile = mip_profile_default;
	c->node.profile.ro = false;
}

bool
cfg_section_begin(struct cfg_parser *p, enum cfg_sect s)
{
	struct config *c = p->c;
	size_t cap;

	if (!cfg_sections[s].repeat && p->sect_line[s] != 0)
		return cfg_err(p, p->line, "[%s] is already given on line %u",
		    cfg_sections[s].name, p->sect_line[s]);
	memset(p->seen[s], 0, sizeof(p->seen[s]));
	p->sect_line[s] = p->line;
	if (s == SECT_IF) {
		cap = p->if_cap;
		if (!cfg_grow(p, &c->ifs, &cap, c->nifs, sizeof(*c->ifs)) ||
		    !cfg_grow(
			p, &c->ifmeta, &p->if_cap, c->nifs, sizeof(*c->ifmeta)))
			return false;
		c->ifmeta[c->nifs].line = p->line;
		c->nifs++;
	} else if (s == SECT_SA) {
		cap = p->sa_cap;
		if (!cfg_grow(p, &c->sas, &cap, c->nsas, sizeof(*c->sas)) ||
		    !cfg_grow(
			p, &c->sameta, &p->sa_cap, c->nsas, sizeof(*c->sameta)))
			return false;
		mip_sa_config_init(&c->sas[c->nsas]);
		c->sameta[c->nsas].line = p->line;
		c->nsas++;
	} else if (s == SECT_RO)
		c->node.profile.ro = true;
	return true;
}

void
cfg_section_end(struct cfg_parser *p)
{
	const struct cfg_section *s;
	char missing[128] = "";
	const char *r;
	size_t n = 0, k;

	if (p->sect >= SECT__COUNT)
		return;
	s = &cfg_sections[p->sect];
	for (r = s->required; *r != '\0';) {
		size_t len = strcspn(r, ",");
		bool given = false;
		const char *alt = r;

		while (alt < r + len) {
			size_t alen = strcspn(alt, "|,");

			for (k = 0; k < s->nkeys; k++)
				if (strlen(s->keys[k].name) == alen &&
				    strncmp(s->keys[k].name, alt, alen) == 0 &&
				    p->seen[p->sect][k] != 0)
					given = true;
			alt += alen + (alt[alen] == '|');
		}
		if (!given) {
			size_t used = strlen(missing);

			snprintf(missing + used, sizeof(missing) - used,
			    "%s%.*s", n++ > 0 ? ", " : "", (int)len, r);
		}
		r += len + (r[len] == ',');
	}
	if (n > 0)
		cfg_err(p, p->sect_line[p->sect], "[%s] without %s", s->name,
		    missing);
}
