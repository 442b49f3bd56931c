/* SPDX-License-Identifier: ISC */
/*
 * Scenario files: the role lines (ha, fa, mn, cn) filled into the core's
 * configuration structs, and the checks that need the whole file (every
 * role has its line, every MN an SA, every step falls inside the run, and
 * mip_node_config_check accepts every node).
 */
#include <stdio.h>
#include <string.h>

#include "mip/mip_proto.h"
#include "scn_int.h"

static int
role_node(
    struct scn_parser *p, uint32_t role, const char *what, struct scn_node **n)
{
	int i;

	if ((i = scn_p_node(p, p->ln.tok[1], n)) < 0)
		return i;
	if (((*n)->roles & role) == 0)
		return scn_fail(&p->ln, "%s: node '%s' does not have role %s",
		    what, (*n)->name, what);
	return i;
}

static int
read_encaps(struct scn_parser *p, char *v, uint8_t *out)
{
	char *save = NULL, *w;

	*out = 0;
	for (w = strtok_r(v, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		if (strcmp(w, "minimal") == 0)
			*out |= MIP_ENCAPS_MINIMAL;
		else if (strcmp(w, "gre") == 0)
			*out |= MIP_ENCAPS_GRE;
		else if (strcmp(w, "ipip") != 0 && strcmp(w, "none") != 0)
			return scn_fail(&p->ln,
			    "encaps: '%s' is not ipip, minimal, gre or none",
			    w);
	}
	return 0;
}

static int
read_u16(struct scn_parser *p, const char *k, const char *v, uint64_t min,
    uint16_t *out)
{
	uint64_t n;
	int rc;

	if ((rc = scn_read_u64(&p->ln, k, v, 65535, &n)) != 0)
		return rc;
	if (n < min)
		return scn_fail(
		    &p->ln, "%s: at least %llu", k, (unsigned long long)min);
	*out = (uint16_t)n;
	return 0;
}

static int
read_ms(struct scn_parser *p, const char *k, const char *v, uint32_t *out)
{
	mip_duration d;
	int rc;

	if ((rc = scn_read_time(&p->ln, k, v, &d)) != 0)
		return rc;
	if (d < MIP_MSEC || d / MIP_MSEC > UINT32_MAX)
		return scn_fail(&p->ln, "%s: between 1ms and 49 days", k);
	*out = (uint32_t)(d / MIP_MSEC);
	return 0;
}

/* rsa-key=FILE: kept as written; mipsim_run loads it (sim_script.h). */
static int
read_rsa_key(struct scn_parser *p, struct scn_node *n, const char *v)
{
	size_t len = strlen(v);

	if (len == 0 || len >= sizeof(n->rsa_key))
		return scn_fail(&p->ln,
		    "rsa-key: a file name of 1 to %zu "
		    "characters",
		    sizeof(n->rsa_key) - 1);
	memcpy(n->rsa_key, v, len + 1);
	n->rsa_key_line = p->ln.lineno;
	return 0;
}

/* "192.0.2.10:256": a mobile node the home agent serves. */
static int
read_ha_mn(struct scn_parser *p, struct scn_node *n, const char *v)
{
	char addr[24];
	const char *colon = strchr(v, ':');
	struct mip_ha_mn_config *m;
	uint64_t spi;
	int rc;

	if (n->ha.nmns == SCN_MAX_HA_MNS)
		return scn_fail(
		    &p->ln, "ha: more than %d mobile nodes", SCN_MAX_HA_MNS);
	if (colon == NULL || (size_t)(colon - v) >= sizeof(addr))
		return scn_fail(
		    &p->ln, "mn: expected HOMEADDR:SPI, got '%s'", v);
	memcpy(addr, v, (size_t)(colon - v));
	addr[colon - v] = '\0';
	m = &n->ha_mns[n->ha.nmns];
	if ((rc = scn_read_ip4(&p->ln, "mn", addr, &m->home_addr)) != 0 ||
	    (rc = scn_read_u64(
		 &p->ln, "mn spi", colon + 1, UINT32_MAX, &spi)) != 0)
		return rc;
	if (spi < MIP_SPI_MIN)
		return scn_fail(
		    &p->ln, "mn spi: 0-255 are reserved (RFC 5944 1.6)");
	m->spi = (uint32_t)spi;
	n->ha.nmns++;
	return 0;
}

/* "198.51.100.10:400": a Route Optimization peer and its SPI. */
static int
read_ro_peer(struct scn_parser *p, struct scn_node *n, const char *v)
{
	struct mip_ha_ro_config *ro = &n->ha_ro_cfg;
	struct mip_ro_peer_config *peer;
	const char *colon = strchr(v, ':');
	char addr[24];
	uint64_t spi;
	int rc;

	if (ro->npeers == SCN_MAX_SAS)
		return scn_fail(
		    &p->ln, "ha: more than %d ro-peers", SCN_MAX_SAS);
	if (colon == NULL || (size_t)(colon - v) >= sizeof(addr))
		return scn_fail(
		    &p->ln, "ro-peer: expected ADDR:SPI, got '%s'", v);
	memcpy(addr, v, (size_t)(colon - v));
	addr[colon - v] = '\0';
	peer = &n->ro_peers[ro->npeers];
	if ((rc = scn_read_ip4(&p->ln, "ro-peer", addr, &peer->addr)) != 0 ||
	    (rc = scn_read_u64(
		 &p->ln, "ro-peer spi", colon + 1, UINT32_MAX, &spi)) != 0)
		return rc;
	peer->spi = (uint32_t)spi;
	ro->npeers++;
	n->ha_ro = true;
	return 0;
}

static int
read_reverse(struct scn_parser *p, const char *v, bool *on, bool *required)
{
	static const char *const modes[] = { "off", "on", "required", NULL };
	int i = scn_lookup(modes, v);

	if (i < 0)
		return scn_fail(
		    &p->ln, "reverse: '%s' is not off, on or required", v);
	*on = i >= 1;
	*required = i == 2;
	return 0;
}

int
scn_cmd_ha(struct scn_parser *p)
{
	struct scn_node *n;
	struct mip_ha_config *c;
	uint32_t home = 0;
	uint64_t v;
	size_t a;
	int idx, rc;

	if ((rc = p->ln.ntok < 3 ? scn_fail(&p->ln,
				       "usage: ha NODE home=IFNAME "
				       "[mn=HOMEADDR:SPI]... [options]")
				 : 0) != 0)
		return rc;
	if ((idx = role_node(p, MIP_ROLE_HA, "ha", &n)) < 0)
		return idx;
	if (n->has_ha)
		return scn_fail(
		    &p->ln, "ha: node '%s' already has an ha line", n->name);
	c = &n->ha;
	memset(c, 0, sizeof(*c));
	c->max_lifetime = 600;
	c->max_simultaneous = 1;
	c->max_bindings = 1024;
	c->adv_interval_ms = 1000;
	c->adv_lifetime = 3;
	mip_ha_ro_config_init(&n->ha_ro_cfg);
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val)) {
			if (strcmp(k, "bu-ack") != 0)
				return scn_fail(&p->ln,
				    "ha: expected KEY=VALUE or bu-ack, got "
				    "'%s'",
				    k);
			n->ha_ro_cfg.bu_ack = true;
			continue;
		}
		if (strcmp(k, "home") == 0)
			rc = scn_p_iface(p, n, val, &home);
		else if (strcmp(k, "mn") == 0)
			rc = read_ha_mn(p, n, val);
		else if (strcmp(k, "max-lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->max_lifetime);
		else if (strcmp(k, "encaps") == 0)
			rc = read_encaps(p, val, &c->encaps);
		else if (strcmp(k, "reverse") == 0)
			rc = read_reverse(
			    p, val, &c->reverse_tunnel, &c->reverse_required);
		else if (strcmp(k, "simultaneous") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 255, &v);
			c->max_simultaneous = (uint8_t)v;
		} else if (strcmp(k, "max-bindings") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 1000000, &v);
			c->max_bindings = (size_t)v;
		} else if (strcmp(k, "adv-interval") == 0)
			rc = read_ms(p, k, val, &c->adv_interval_ms);
		else if (strcmp(k, "adv-lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->adv_lifetime);
		else if (strcmp(k, "ro-peer") == 0)
			rc = read_ro_peer(p, n, val);
		else if (strcmp(k, "bu-min") == 0)
			rc = read_ms(p, k, val, &n->ha_ro_cfg.bu_min_ms);
		else if (strcmp(k, "bu-max") == 0)
			rc = read_ms(p, k, val, &n->ha_ro_cfg.bu_max_ms);
		else
			rc = scn_fail(&p->ln, "ha: unknown option '%s'", k);
		if (rc != 0)
			return rc;
	}
	if (home == 0)
		return scn_fail(&p->ln, "ha: home=IFNAME is required");
	if (n->ifs[home - 1].plen == 0)
		return scn_fail(&p->ln,
		    "ha: the home interface '%s' has no "
		    "address",
		    n->ifs[home - 1].name);
	c->home_ifindex = home;
	c->addr = n->ifs[home - 1].addr;
	c->plen = n->ifs[home - 1].plen;
	n->has_ha = true;
	p->ha_line[idx] = p->ln.lineno;
	return 0;
}

/* "link=IFNAME" or "link=IFNAME:COA". */
static int
read_fa_link(struct scn_parser *p, struct scn_node *n, char *v)
{
	struct mip_fa_link_config *l;
	char *colon = strchr(v, ':');
	size_t i;
	int rc;

	if (n->fa.nlinks == SCN_MAX_IFS)
		return scn_fail(&p->ln, "fa: more than %d links", SCN_MAX_IFS);
	l = &n->fa_links[n->fa.nlinks];
	if (colon != NULL)
		*colon = '\0';
	if ((rc = scn_p_iface(p, n, v, &l->ifindex)) != 0)
		return rc;
	for (i = 0; i < n->fa.nlinks; i++)
		if (n->fa_links[i].ifindex == l->ifindex)
			return scn_fail(&p->ln, "fa: link '%s' given twice", v);
	if (colon != NULL)
		rc =
		    scn_read_ip4(&p->ln, "care-of address", colon + 1, &l->coa);
	else if (n->ifs[l->ifindex - 1].plen == 0)
		rc = scn_fail(&p->ln,
		    "fa: link '%s' has no address to "
		    "advertise; give link=%s:COA",
		    v, v);
	else
		l->coa = n->ifs[l->ifindex - 1].addr;
	if (rc != 0)
		return rc;
	n->fa.nlinks++;
	return 0;
}

static int
read_fa_flags(struct scn_parser *p, char *v, struct mip_fa_config *c)
{
	char *save = NULL, *w;

	for (w = strtok_r(v, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		if (strcmp(w, "R") == 0)
			c->registration_required = true;
		else if (strcmp(w, "B") == 0)
			c->busy = true;
		else if (strcmp(w, "T") == 0)
			c->reverse_tunnel = true;
		else
			return scn_fail(
			    &p->ln, "flags: '%s' is not R, B or T", w);
	}
	return 0;
}

int
scn_cmd_fa(struct scn_parser *p)
{
	struct scn_node *n;
	struct mip_fa_config *c;
	uint64_t v;
	size_t a;
	int idx, rc;

	if ((rc = p->ln.ntok < 3 ? scn_fail(&p->ln,
				       "usage: fa NODE link=IFNAME[:COA]... "
				       "[options]")
				 : 0) != 0)
		return rc;
	if ((idx = role_node(p, MIP_ROLE_FA, "fa", &n)) < 0)
		return idx;
	if (n->has_fa)
		return scn_fail(
		    &p->ln, "fa: node '%s' already has an fa line", n->name);
	c = &n->fa;
	memset(c, 0, sizeof(*c));
	c->adv_interval_ms = 1000;
	c->adv_lifetime = 3;
	c->reg_lifetime = 600;
	c->max_visitors = 64;
	c->max_pending = 5;
	c->pending_timeout_ms = 7000;
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val)) {
			if (strcmp(k, "challenge") == 0)
				c->challenge = true;
			else if (strcmp(k, "reverse-required") == 0)
				c->reverse_tunnel = c->reverse_required = true;
			else if (strcmp(k, "key-req-ha") == 0)
				c->key_req_ha = true;
			else
				return scn_fail(&p->ln,
				    "fa: unknown word '%s' (challenge, "
				    "reverse-required, key-req-ha or "
				    "KEY=VALUE)",
				    k);
			continue;
		}
		if (strcmp(k, "link") == 0)
			rc = read_fa_link(p, n, val);
		else if (strcmp(k, "adv-interval") == 0)
			rc = read_ms(p, k, val, &c->adv_interval_ms);
		else if (strcmp(k, "adv-lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->adv_lifetime);
		else if (strcmp(k, "reg-lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->reg_lifetime);
		else if (strcmp(k, "encaps") == 0)
			rc = read_encaps(p, val, &c->encaps);
		else if (strcmp(k, "flags") == 0)
			rc = read_fa_flags(p, val, c);
		else if (strcmp(k, "max-visitors") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 1000000, &v);
			c->max_visitors = (size_t)v;
		} else if (strcmp(k, "max-pending") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 1000000, &v);
			c->max_pending = (size_t)v;
		} else if (strcmp(k, "pending-timeout") == 0)
			rc = read_ms(p, k, val, &c->pending_timeout_ms);
		else if (strcmp(k, "dh-min-bits") == 0) {
			/* mip_keys.h: groups of up to MIP_DH_MAX_LEN octets. */
			rc = scn_read_u64(&p->ln, k, val, 8 * 512, &v);
			if (rc == 0 && v == 0)
				rc = scn_fail(&p->ln,
				    "dh-min-bits: at least 1 (leave it out "
				    "for no Diffie-Hellman)");
			c->dh_min_bits = (unsigned)v;
		} else if (strcmp(k, "rsa-key") == 0)
			rc = read_rsa_key(p, n, val);
		else
			rc = scn_fail(&p->ln, "fa: unknown option '%s'", k);
		if (rc != 0)
			return rc;
	}
	if (c->nlinks == 0)
		return scn_fail(&p->ln, "fa: at least one link=IFNAME");
	n->has_fa = true;
	p->fa_line[idx] = p->ln.lineno;
	return 0;
}

static int
read_mn_flags(struct scn_parser *p, char *v, uint8_t *out)
{
	static const char *const names[] = { "S", "B", "M", "G", "T", NULL };
	static const uint8_t bits[] = { MIP_RRQ_F_S, MIP_RRQ_F_B, MIP_RRQ_F_M,
		MIP_RRQ_F_G, MIP_RRQ_F_T };
	char *save = NULL, *w;

	*out = 0;
	for (w = strtok_r(v, ",", &save); w != NULL;
	     w = strtok_r(NULL, ",", &save)) {
		int i = scn_lookup(names, w);

		if (i < 0)
			return scn_fail(
			    &p->ln, "flags: '%s' is not S, B, M, G or T", w);
		*out |= bits[i];
	}
	return 0;
}

/* Paper 9.1: the key method the mobile node asks for. */
static int
read_regkey(struct scn_parser *p, const char *v, enum mip_mn_regkey *out)
{
	static const char *const names[] = { "none", "preconf", "any", "rsa",
		"dh", NULL };
	static const enum mip_mn_regkey vals[] = { MIP_MN_REGKEY_OFF,
		MIP_MN_REGKEY_PRECONF, MIP_MN_REGKEY_ANY, MIP_MN_REGKEY_RSA,
		MIP_MN_REGKEY_DH };
	int i = scn_lookup(names, v);

	if (i < 0)
		return scn_fail(&p->ln,
		    "regkey: '%s' is not none, preconf, any, rsa or dh", v);
	*out = vals[i];
	return 0;
}

int
scn_cmd_mn(struct scn_parser *p)
{
	struct scn_node *n;
	struct mip_mn_config *c;
	bool have_home = false, have_ha = false, have_spi = false;
	uint64_t v;
	size_t a;
	int idx, rc;

	if ((rc = p->ln.ntok < 5 ? scn_fail(&p->ln,
				       "usage: mn NODE home=ADDR/LEN ha=ADDR "
				       "spi=N [options]")
				 : 0) != 0)
		return rc;
	if ((idx = role_node(p, MIP_ROLE_MN, "mn", &n)) < 0)
		return idx;
	if (n->has_mn)
		return scn_fail(
		    &p->ln, "mn: node '%s' already has an mn line", n->name);
	c = &n->mn;
	memset(c, 0, sizeof(*c));
	c->lifetime = 300;
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val)) {
			if (strcmp(k, "colocated") == 0)
				c->colocated = true;
			else if (strcmp(k, "private") == 0)
				c->ro_private = true;
			else
				return scn_fail(&p->ln,
				    "mn: unknown word '%s' (colocated, "
				    "private or KEY=VALUE)",
				    k);
			continue;
		}
		if (strcmp(k, "home") == 0) {
			rc = scn_read_prefix(&p->ln, k, val, &c->home_addr,
			    &c->home_plen, false);
			have_home = true;
		} else if (strcmp(k, "ha") == 0) {
			rc = scn_read_ip4(&p->ln, k, val, &c->ha_addr);
			have_ha = true;
		} else if (strcmp(k, "spi") == 0) {
			rc = scn_read_u64(&p->ln, k, val, UINT32_MAX, &v);
			if (rc == 0 && v < MIP_SPI_MIN)
				rc = scn_fail(&p->ln,
				    "spi: 0-255 are reserved "
				    "(RFC 5944 1.6)");
			c->spi = (uint32_t)v;
			have_spi = true;
		} else if (strcmp(k, "lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->lifetime);
		else if (strcmp(k, "flags") == 0)
			rc = read_mn_flags(p, val, &c->flags);
		else if (strcmp(k, "nai") == 0) {
			if (strlen(val) == 0 || strlen(val) >= MIP_NAI_MAX)
				rc = scn_fail(&p->ln, "nai: 1 to %d characters",
				    MIP_NAI_MAX - 1);
			else
				memcpy(c->nai, val, strlen(val) + 1);
		} else if (strcmp(k, "if") == 0)
			rc = scn_p_iface(p, n, val, &p->mn_if[idx]);
		else if (strcmp(k, "regkey") == 0)
			rc = read_regkey(p, val, &c->regkey);
		else if (strcmp(k, "dh-bits") == 0) {
			/* mip_dh_group: the built-in groups. */
			rc = scn_read_u64(&p->ln, k, val, 2048, &v);
			if (rc == 0 && v != 1024 && v != 2048)
				rc = scn_fail(&p->ln, "dh-bits: 1024 or 2048");
			c->dh_bits = (unsigned)v;
		} else if (strcmp(k, "sh-lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->sh_lifetime);
		else if (strcmp(k, "rsa-key") == 0)
			rc = read_rsa_key(p, n, val);
		else
			rc = scn_fail(&p->ln, "mn: unknown option '%s'", k);
		if (rc != 0)
			return rc;
	}
	if (!have_home || !have_ha || !have_spi)
		return scn_fail(&p->ln, "mn: home=, ha= and spi= are required");
	if ((c->regkey == MIP_MN_REGKEY_RSA) != (n->rsa_key[0] != '\0'))
		return scn_fail(
		    &p->ln, "mn: regkey=rsa and rsa-key=FILE go together");
	n->has_mn = true;
	p->mn_line[idx] = p->ln.lineno;
	return 0;
}

int
scn_cmd_cn(struct scn_parser *p)
{
	struct scn_node *n;
	struct mip_cn_config *c;
	uint64_t v;
	size_t a;
	int idx, rc;

	if ((idx = role_node(p, MIP_ROLE_CN, "cn", &n)) < 0)
		return idx;
	if (n->has_cn)
		return scn_fail(
		    &p->ln, "cn: node '%s' already has a cn line", n->name);
	c = &n->cn;
	mip_cn_config_init(c);
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val))
			return scn_fail(
			    &p->ln, "cn: expected KEY=VALUE, got '%s'", k);
		if (strcmp(k, "capacity") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 1000000, &v);
			if (rc == 0 && v == 0)
				rc = scn_fail(&p->ln, "capacity: at least 1");
			c->capacity = (size_t)v;
		} else if (strcmp(k, "encaps") == 0)
			rc = read_encaps(p, val, &c->encaps);
		else if (strcmp(k, "max-lifetime") == 0)
			rc = read_u16(p, k, val, 1, &c->max_lifetime);
		else if (strcmp(k, "br-lead") == 0) {
			rc = scn_read_u64(&p->ln, k, val, 100, &v);
			c->br_lead_pct = (uint8_t)v;
		} else
			rc = scn_fail(&p->ln, "cn: unknown option '%s'", k);
		if (rc != 0)
			return rc;
	}
	n->has_cn = true;
	p->cn_line[idx] = p->ln.lineno;
	return 0;
}

/*
 * "ro NODE [s-mask=MASK]": the Route Optimization profile (draft
 * numbering, spec sheet 0.4) for a node that has no other reason for it
 * (a home agent distributing registration keys: 113 and 125 are RO
 * extensions), and the smooth-handoff bit, off unless given (spec 2.4:
 * it is RFC 3519's U; 0x0080 there).
 */
int
scn_cmd_ro(struct scn_parser *p)
{
	struct scn_node *n;
	uint64_t v;
	size_t a;
	int rc;

	if (p->ln.ntok < 2)
		return scn_fail(&p->ln, "usage: ro NODE [s-mask=MASK]");
	if ((rc = scn_p_node(p, p->ln.tok[1], &n)) < 0)
		return rc;
	if ((n->roles & SCN_ROLES_ENGINE) == 0)
		return scn_fail(
		    &p->ln, "ro: node '%s' has no mobility role", n->name);
	for (a = 2; a < p->ln.ntok; a++) {
		char *k = p->ln.tok[a], *val;

		if (!scn_opt(k, &val) || strcmp(k, "s-mask") != 0)
			return scn_fail(
			    &p->ln, "ro: expected s-mask=MASK, got '%s'", k);
		if ((rc = scn_read_u64(&p->ln, k, val, 0xffff, &v)) != 0)
			return rc;
		n->s_mask = (uint16_t)v;
	}
	n->ro = true;
	return 0;
}

/* The parser's line slot, moved to |line| for a whole-file check. */
static struct scn_line *
at_line(struct scn_parser *p, unsigned line)
{
	p->ln.lineno = line;
	return &p->ln;
}

static int
finish_node(struct scn_parser *p, size_t i)
{
	struct scn_node *n = &p->s->nodes[i];
	struct mip_node_config cfg;
	struct mip_if_config ifs[SCN_MAX_IFS];
	const char *why = NULL;
	size_t k;

	if (n->nifs == 0)
		return scn_fail(
		    at_line(p, n->line), "node '%s' has no interface", n->name);
	if ((n->roles & MIP_ROLE_HA) && !n->has_ha)
		return scn_fail(at_line(p, n->line),
		    "node '%s' has role ha but no ha line", n->name);
	if ((n->roles & MIP_ROLE_FA) && !n->has_fa)
		return scn_fail(at_line(p, n->line),
		    "node '%s' has role fa but no fa line", n->name);
	if ((n->roles & MIP_ROLE_MN) && !n->has_mn)
		return scn_fail(at_line(p, n->line),
		    "node '%s' has role mn but no mn line", n->name);
	if ((n->roles & MIP_ROLE_CN) && !n->has_cn)
		return scn_fail(at_line(p, n->line),
		    "node '%s' has role cn but no cn line", n->name);
	n->ha.mns = n->ha_mns;
	n->ha_ro_cfg.peers = n->ro_peers;
	n->ha.ro = n->ha_ro ? &n->ha_ro_cfg : NULL;
	n->fa.links = n->fa_links;
	if (n->has_mn) {
		n->mn.home_ifindex = p->mn_if[i] != 0 ? p->mn_if[i] : 1;
		for (k = 0; k < n->nsas; k++)
			if (n->sas[k].spi == n->mn.spi)
				break;
		if (k == n->nsas)
			return scn_fail(at_line(p, p->mn_line[i]),
			    "mn: node '%s' has no sa with spi %u", n->name,
			    n->mn.spi);
	}
	if ((n->roles & SCN_ROLES_ENGINE) == 0)
		return 0;
	scn_node_config(p->s, i, &cfg, ifs);
	if (mip_node_config_check(&cfg, &why) != 0) {
		unsigned line = n->has_mn ? p->mn_line[i]
		    : n->has_fa		  ? p->fa_line[i]
		    : n->has_ha		  ? p->ha_line[i]
					  : p->cn_line[i];

		return scn_fail(at_line(p, line), "node '%s': %s", n->name,
		    why != NULL ? why : "configuration refused");
	}
	return 0;
}

int
scn_p_finish(struct scn_parser *p)
{
	struct scn *s = p->s;
	size_t i;
	int rc;

	for (i = 0; i < s->nnodes; i++)
		if ((rc = finish_node(p, i)) != 0)
			return rc;
	for (i = 0; i < s->nflows; i++) {
		struct scn_flow *f = &s->flows[i];

		if (f->stop == 0 || f->stop > s->end)
			f->stop = s->end;
		if (f->start >= s->end)
			return scn_fail(at_line(p, f->line),
			    "flow '%s' starts after the end of the run",
			    f->name);
	}
	for (i = 0; i < s->nsteps; i++)
		if (!s->steps[i].at_end && s->steps[i].at > s->end)
			return scn_fail(at_line(p, s->steps[i].line),
			    "this step comes after the end of the run "
			    "(see 'end')");
	return 0;
}

void
scn_node_config(const struct scn *s, size_t i, struct mip_node_config *cfg,
    struct mip_if_config *ifs)
{
	const struct scn_node *n = &s->nodes[i];
	size_t k;

	memset(cfg, 0, sizeof(*cfg));
	cfg->roles = n->roles & SCN_ROLES_ENGINE;
	if (ifs != NULL) {
		for (k = 0; k < n->nifs; k++) {
			memset(&ifs[k], 0, sizeof(ifs[k]));
			ifs[k].ifindex = (uint32_t)(k + 1);
			ifs[k].addr = n->ifs[k].addr;
			ifs[k].plen = n->ifs[k].plen;
			memcpy(ifs[k].hwaddr, n->ifs[k].hwaddr, MIP_HWADDR_LEN);
		}
		cfg->ifs = ifs;
		cfg->nifs = n->nifs;
	}
	cfg->sas = n->sas;
	cfg->nsas = n->nsas;
	cfg->ha = n->has_ha ? &n->ha : NULL;
	cfg->fa = n->has_fa ? &n->fa : NULL;
	cfg->mn = n->has_mn ? &n->mn : NULL;
	cfg->cn = n->has_cn ? &n->cn : NULL;
	/* RO draft 4: a node doing Route Optimization speaks its messages
	 * (draft numbering, spec 0.4); the others stay plain. Registration
	 * keys and smooth handoff use its extensions (spec 2.2, 2.6). */
	if (n->has_cn || n->ha_ro || n->ro ||
	    (n->has_mn &&
		(n->mn.ro_private || n->mn.regkey != MIP_MN_REGKEY_OFF)) ||
	    (n->has_fa &&
		(n->fa.dh_min_bits != 0 || n->fa.key_req_ha ||
		    n->rsa_key[0] != '\0'))) {
		cfg->profile = mip_profile_default;
		cfg->profile.s_mask = n->s_mask;
	}
}
