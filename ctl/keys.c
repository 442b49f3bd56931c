/* SPDX-License-Identifier: ISC */
/*
 * The security associations of `mipctl decode --key`: parsing the
 * PEER:SPI:HEX[:ALG] arguments into a libmip SA table (mip_sa.h) and the
 * lookup by SPI. Verification itself is libmip's (mip_auth.h). Keys live
 * only in memory and are wiped by libmip when the table is freed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "mip/mip_crypto.h"
#include "mip/mip_proto.h"

#define KEYRING_MAX 1024

static const struct {
	const char *name;
	enum mip_auth_alg alg;
} alg_names[] = {
	{ "hmac-md5", MIP_AUTH_HMAC_MD5 },
	{ "keyed-md5", MIP_AUTH_KEYED_MD5 },
	{ "hmac-sha1", MIP_AUTH_HMAC_SHA1 },
};

static void *
mem_malloc(size_t size, void *user_data)
{
	(void)user_data;
	return malloc(size);
}

static void *
mem_calloc(size_t n, size_t size, void *user_data)
{
	(void)user_data;
	return calloc(n, size);
}

static void
mem_free(void *p, void *user_data)
{
	(void)user_data;
	free(p);
}

static const struct mip_mem heap = { NULL, mem_malloc, mem_calloc, mem_free };

/* Parses exactly |n| hex digits at |s| into |cfg|'s key. */
static int
parse_key_hex(struct mip_sa_config *cfg, const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n % 2 != 0 || n / 2 > MIP_SA_KEY_MAX)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = ctl_hexval((unsigned char)s[i]);
		int lo = ctl_hexval((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		cfg->key[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	cfg->key_len = n / 2;
	return 0;
}

static int
parse_alg(enum mip_auth_alg *alg, const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(alg_names) / sizeof(alg_names[0]); i++) {
		if (strcmp(s, alg_names[i].name) == 0) {
			*alg = alg_names[i].alg;
			return 0;
		}
	}
	return -1;
}

static int
parse_peer(struct mip_ip4 *peer, const char *s, size_t n)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr in;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &in) != 1)
		return -1;
	peer->v = ntohl(in.s_addr);
	return 0;
}

static int
parse_spec(struct mip_sa_config *cfg, const char *spec, const char **why)
{
	const char *c1, *c2, *c3, *end;
	unsigned long spi;
	char *ep;

	c1 = strchr(spec, ':');
	c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	if (c2 == NULL) {
		*why = "expected PEER:SPI:HEX[:ALG]";
		return -1;
	}
	c3 = strchr(c2 + 1, ':');
	end = c3 != NULL ? c3 : c2 + 1 + strlen(c2 + 1);
	if (parse_peer(&cfg->peer, spec, (size_t)(c1 - spec)) != 0) {
		*why = "PEER is not an IPv4 address";
		return -1;
	}
	errno = 0;
	spi = strtoul(c1 + 1, &ep, 0);
	/* RFC 5944 1.6: SPIs 0 to 255 are reserved. */
	if (ep == c1 + 1 || ep != c2 || errno != 0 || c1[1] == '-' ||
	    spi > UINT32_MAX || spi < MIP_SPI_MIN) {
		*why = "SPI must be a number from 256 to 4294967295";
		return -1;
	}
	cfg->spi = (uint32_t)spi;
	if (parse_key_hex(cfg, c2 + 1, (size_t)(end - (c2 + 1))) != 0) {
		*why = "HEX must be 1 to 64 bytes of hex digits";
		return -1;
	}
	if (c3 != NULL && parse_alg(&cfg->alg, c3 + 1) != 0) {
		*why = "ALG must be hmac-md5, keyed-md5 or hmac-sha1";
		return -1;
	}
	return 0;
}

int
keyring_add(struct ctl_keyring *kr, const char *spec, const char **why)
{
	struct mip_sa_config cfg;
	int rc;

	mip_sa_config_init(&cfg);
	rc = parse_spec(&cfg, spec, why);
	if (rc == 0 && kr->t == NULL &&
	    mip_sa_table_new(&kr->t, KEYRING_MAX, &heap) != 0) {
		*why = "out of memory";
		rc = -1;
	}
	if (rc == 0) {
		rc = mip_sa_add(kr->t, &cfg, NULL);
		if (rc == MIP_ERR_EXIST)
			*why = "a key for this PEER and SPI was already given";
		else if (rc != 0)
			*why = mip_strerror(rc);
	}
	mip_cleanse(cfg.key, sizeof(cfg.key));
	return rc == 0 ? 0 : -1;
}

void
keyring_free(struct ctl_keyring *kr)
{
	mip_sa_table_free(kr->t);
	kr->t = NULL;
}

const struct mip_sa *
keyring_find(const struct ctl_keyring *kr, uint32_t spi,
    const struct mip_ip4 *pref1, const struct mip_ip4 *pref2)
{
	const struct mip_sa *first = NULL, *second = NULL, *any = NULL;
	size_t i, n;

	if (kr == NULL || kr->t == NULL)
		return NULL;
	n = mip_sa_count(kr->t);
	for (i = 0; i < n; i++) {
		const struct mip_sa *sa = mip_sa_at(kr->t, i);

		if (sa == NULL || sa->cfg.spi != spi)
			continue;
		if (any == NULL)
			any = sa;
		if (pref1 != NULL && first == NULL &&
		    mip_ip4_eq(sa->cfg.peer, *pref1))
			first = sa;
		if (pref2 != NULL && second == NULL &&
		    mip_ip4_eq(sa->cfg.peer, *pref2))
			second = sa;
	}
	if (first != NULL)
		return first;
	return second != NULL ? second : any;
}
