/* SPDX-License-Identifier: ISC */
/*
 * Authentication extensions: what an authenticator covers (RFC 5944 3.5.1),
 * verifying one found by the extension walker, appending one to a message
 * being built, and the registration-key MD5 XOR pad (REGKEY-00 3.1). Never
 * looks up SAs or chooses reply codes; the MAC itself is mip_crypto's.
 */
#include <string.h>

#include "mip/mip_auth.h"
#include "mip/mip_proto.h"

#define SPI_LEN 4

size_t
mip_auth_len(const struct mip_sa *sa)
{
	return mip_mac_len(sa->mac);
}

int
mip_auth_compute(
    const struct mip_sa *sa, const uint8_t *data, size_t len, uint8_t *out)
{
	return mip_mac_compute(sa->mac, data, len, out);
}

static bool
is_auth_ext(const struct mip_ext *e)
{
	return (e->flags & MIP_EXT_F_AUTH) != 0 && e->len >= SPI_LEN &&
	    (e->fmt == MIP_EXT_FMT_TLV || e->fmt == MIP_EXT_FMT_LONG);
}

int
mip_auth_ext_spi(const struct mip_ext *e, uint32_t *spi)
{
	if (!is_auth_ext(e))
		return MIP_ERR_MALFORMED;
	/* RFC 5944 3.5.2: the SPI is the first four octets of the body. */
	*spi = mip_get_be32(e->body);
	return 0;
}

int
mip_auth_verify_ext(const struct mip_sa *sa, const uint8_t *msg, size_t msg_len,
    const struct mip_ext *e)
{
	size_t hdr, alen;

	if (!is_auth_ext(e))
		return MIP_ERR_MALFORMED;
	hdr = mip_ext_hdr_len((enum mip_ext_fmt)e->fmt);
	/* The view must be the walker's view of this very message. */
	if ((size_t)e->off + hdr + e->len > msg_len ||
	    e->body != msg + e->off + hdr)
		return MIP_ERR_MALFORMED;
	if (mip_get_be32(e->body) != sa->cfg.spi)
		return MIP_ERR_AUTH;
	/* RFC 5944 3.5.2: Length = 4 + the algorithm's authenticator. */
	alen = (size_t)e->len - SPI_LEN;
	if (alen != mip_auth_len(sa))
		return MIP_ERR_AUTH;
	/* RFC 5944 3.5.1: from the first octet through this SPI. */
	return mip_mac_verify(
	    sa->mac, msg, mip_ext_auth_covered(e), e->body + SPI_LEN, alen);
}

static int
append(struct mip_wbuf *w, enum mip_ext_fmt fmt, uint8_t type, uint8_t subtype,
    const struct mip_sa *sa)
{
	size_t alen = mip_auth_len(sa);
	size_t start = w->off;
	size_t body = SPI_LEN + alen;
	int rc;

	if (mip_wbuf_left(w) < mip_ext_hdr_len(fmt) + body)
		return MIP_ERR_NOBUF;
	(void)mip_wbuf_u8(w, type);
	if (fmt == MIP_EXT_FMT_LONG) {
		(void)mip_wbuf_u8(w, subtype);
		(void)mip_wbuf_be16(w, (uint16_t)body);
	} else {
		(void)mip_wbuf_u8(w, (uint8_t)body);
	}
	(void)mip_wbuf_be32(w, sa->cfg.spi);
	/* RFC 5944 3.5.1: everything so far, through this SPI. */
	rc = mip_auth_compute(sa, w->p, w->off, w->p + w->off);
	if (rc != 0) {
		w->off = start;
		return rc;
	}
	w->off += alen;
	return 0;
}

/* |type| must be a registration-space authentication extension of |fmt|. */
static bool
auth_type_ok(uint8_t type, enum mip_ext_fmt fmt)
{
	const struct mip_ext_rule *r =
	    mip_ext_rule_get(MIP_SPACE_REG, type, NULL);

	return r != NULL && (r->flags & MIP_EXT_F_AUTH) != 0 && r->fmt == fmt;
}

int
mip_auth_append(struct mip_wbuf *w, uint8_t ext_type, const struct mip_sa *sa)
{
	if (!auth_type_ok(ext_type, MIP_EXT_FMT_TLV))
		return MIP_ERR_INVAL;
	return append(w, MIP_EXT_FMT_TLV, ext_type, 0, sa);
}

int
mip_auth_append_long(struct mip_wbuf *w, uint8_t ext_type, uint8_t subtype,
    const struct mip_sa *sa)
{
	if (!auth_type_ok(ext_type, MIP_EXT_FMT_LONG))
		return MIP_ERR_INVAL;
	return append(w, MIP_EXT_FMT_LONG, ext_type, subtype, sa);
}

/* REGKEY-00 3.1: out = MD5(secret || regrep || secret) XOR in. */
static int
regkey_xor(const struct mip_sa *sa, const uint8_t *regrep, size_t regrep_len,
    const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t pad[MIP_MD5_LEN];
	struct mip_iov parts[3];
	size_t i;
	int rc;

	if (len == 0 || len > MIP_REGKEY_MAX)
		return MIP_ERR_INVAL;
	parts[0].p = sa->cfg.key;
	parts[0].len = sa->cfg.key_len;
	parts[1].p = regrep;
	parts[1].len = regrep_len;
	parts[2] = parts[0];
	rc = mip_md5(pad, parts, 3);
	if (rc == 0)
		for (i = 0; i < len; i++)
			out[i] = (uint8_t)(pad[i] ^ in[i]);
	mip_cleanse(pad, sizeof(pad));
	return rc;
}

int
mip_auth_regkey_encode(const struct mip_sa *sa, const uint8_t *regrep,
    size_t regrep_len, const uint8_t *key, size_t key_len, uint8_t *out)
{
	return regkey_xor(sa, regrep, regrep_len, key, key_len, out);
}

int
mip_auth_regkey_decode(const struct mip_sa *sa, const uint8_t *regrep,
    size_t regrep_len, const uint8_t *enc, size_t enc_len, uint8_t *out)
{
	return regkey_xor(sa, regrep, regrep_len, enc, enc_len, out);
}
