/* SPDX-License-Identifier: ISC */
/*
 * Registration-key extension bodies (REGKEY-00 4-5; spec sheet 2.6). The
 * header formats and Length bounds come from the walker's table through
 * mip_ro_ext_check and mip_ro_ext_putv; this file only knows what the
 * octets after the header mean. No crypto here.
 */
#include <string.h>

#include "mip/mip_regkey.h"
#include "mip/mip_proto.h"
#include "mip/mip_ro.h"

#define SPI_LEN 4

static bool
is_spi_type(uint8_t type)
{
	return type == MIP_EXT_FA_KEY_REQ || type == MIP_EXT_SPI;
}

static bool
is_key_type(uint8_t type)
{
	return type == MIP_EXT_FA_PUBKEY ||
	    (type >= MIP_EXT_HM_KEY_REP && type <= MIP_EXT_DH_KEY_REP);
}

/* Checks |e| against its rule; a type outside the layout is INVAL. */
static int
check(const struct mip_ext *e, bool ours, struct mip_perr *perr)
{
	if (!ours) {
		if (perr != NULL) {
			perr->off = e->off;
			perr->reason = "not the expected extension type";
		}
		return MIP_ERR_INVAL;
	}
	return mip_ro_ext_check(e, e->type, NULL, perr);
}

int
mip_ext_regkey_spi_decode(struct mip_ext_regkey_spi *dst,
    const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	memset(dst, 0, sizeof(*dst));
	rc = check(e, is_spi_type(e->type), perr);
	if (rc != 0)
		return rc;
	/* REGKEY-00 4.1, 5.6: 8-bit Length = 4 (walker-checked). */
	dst->type = e->type;
	dst->spi = mip_get_be32(e->body);
	return 0;
}

int
mip_ext_regkey_spi_encode(
    struct mip_wbuf *w, const struct mip_ext_regkey_spi *src)
{
	uint8_t body[SPI_LEN];
	struct mip_ro_part part = { body, sizeof(body) };

	if (!is_spi_type(src->type))
		return MIP_ERR_INVAL;
	mip_put_be32(body, src->spi);
	return mip_ro_ext_putv(w, src->type, NULL, &part, 1);
}

int
mip_ext_mn_pubkey_decode(struct mip_ext_mn_pubkey *dst, const struct mip_ext *e,
    struct mip_perr *perr)
{
	int rc;

	memset(dst, 0, sizeof(*dst));
	rc = check(e, e->type == MIP_EXT_MN_PUBKEY, perr);
	if (rc != 0)
		return rc;
	/* REGKEY-00 4.2: the body is the key; its encoding is unspecified. */
	dst->key = e->body;
	dst->key_len = e->len;
	return 0;
}

int
mip_ext_mn_pubkey_encode(
    struct mip_wbuf *w, const struct mip_ext_mn_pubkey *src)
{
	struct mip_ro_part part = { src->key, src->key_len };

	if (src->key_len > 0 && src->key == NULL)
		return MIP_ERR_INVAL;
	return mip_ro_ext_putv(w, MIP_EXT_MN_PUBKEY, NULL, &part, 1);
}

int
mip_ext_regkey_key_decode(struct mip_ext_regkey_key *dst,
    const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	memset(dst, 0, sizeof(*dst));
	rc = check(e, is_key_type(e->type), perr);
	if (rc != 0)
		return rc;
	/* REGKEY-00 4.3, 5.1-5.5: SPI, then at least one octet of key. */
	dst->type = e->type;
	dst->spi = mip_get_be32(e->body);
	dst->key = e->body + SPI_LEN;
	dst->key_len = (size_t)e->len - SPI_LEN;
	return 0;
}

int
mip_ext_regkey_key_encode(
    struct mip_wbuf *w, const struct mip_ext_regkey_key *src)
{
	uint8_t spi[SPI_LEN];
	struct mip_ro_part parts[2] = { { spi, sizeof(spi) },
		{ src->key, src->key_len } };

	if (!is_key_type(src->type) || (src->key_len > 0 && src->key == NULL))
		return MIP_ERR_INVAL;
	mip_put_be32(spi, src->spi);
	return mip_ro_ext_putv(w, src->type, NULL, parts, 2);
}

int
mip_ext_regkey_req_decode(struct mip_ext_regkey_req *dst,
    const struct mip_ext *e, struct mip_perr *perr)
{
	int rc;

	memset(dst, 0, sizeof(*dst));
	rc = check(e, e->type == MIP_EXT_REGKEY_REQ, perr);
	if (rc != 0)
		return rc;
	/* REGKEY-00 4.4: three fields of L octets; Length = 3L (walker). */
	dst->l = (size_t)e->len / 3;
	if (dst->l == 0)
		return 0;
	dst->prime = e->body;
	dst->generator = e->body + dst->l;
	dst->value = e->body + 2 * dst->l;
	return 0;
}

int
mip_ext_regkey_req_encode(
    struct mip_wbuf *w, const struct mip_ext_regkey_req *src)
{
	struct mip_ro_part parts[3] = { { src->prime, src->l },
		{ src->generator, src->l }, { src->value, src->l } };

	if (src->l > 0 &&
	    (src->prime == NULL || src->generator == NULL ||
		src->value == NULL))
		return MIP_ERR_INVAL;
	return mip_ro_ext_putv(w, MIP_EXT_REGKEY_REQ, NULL, parts, 3);
}

bool
mip_ext_regkey_req_is_dh(const struct mip_ext_regkey_req *req)
{
	/* REGKEY-00 4.4: L = 0 means "any method except Diffie-Hellman". */
	return req->l != 0;
}
