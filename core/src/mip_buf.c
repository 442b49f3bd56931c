/* SPDX-License-Identifier: ISC */
/*
 * Checked cursors over byte strings. The only place in the core that moves
 * through raw packet memory; codecs read and write fields through these.
 */
#include <string.h>

#include "mip/mip_buf.h"

int
mip_rbuf_u8(struct mip_rbuf *b, uint8_t *v)
{
	if (mip_rbuf_left(b) < 1)
		return MIP_ERR_SHORT;
	*v = b->p[b->off++];
	return 0;
}

int
mip_rbuf_be16(struct mip_rbuf *b, uint16_t *v)
{
	if (mip_rbuf_left(b) < 2)
		return MIP_ERR_SHORT;
	*v = mip_get_be16(b->p + b->off);
	b->off += 2;
	return 0;
}

int
mip_rbuf_be32(struct mip_rbuf *b, uint32_t *v)
{
	if (mip_rbuf_left(b) < 4)
		return MIP_ERR_SHORT;
	*v = mip_get_be32(b->p + b->off);
	b->off += 4;
	return 0;
}

int
mip_rbuf_be64(struct mip_rbuf *b, uint64_t *v)
{
	if (mip_rbuf_left(b) < 8)
		return MIP_ERR_SHORT;
	*v = ((uint64_t)mip_get_be32(b->p + b->off) << 32) |
	    mip_get_be32(b->p + b->off + 4);
	b->off += 8;
	return 0;
}

int
mip_rbuf_ip4(struct mip_rbuf *b, struct mip_ip4 *v)
{
	return mip_rbuf_be32(b, &v->v);
}

int
mip_rbuf_skip(struct mip_rbuf *b, size_t n)
{
	if (mip_rbuf_left(b) < n)
		return MIP_ERR_SHORT;
	b->off += n;
	return 0;
}

int
mip_rbuf_bytes(struct mip_rbuf *b, size_t n, const uint8_t **v)
{
	if (mip_rbuf_left(b) < n)
		return MIP_ERR_SHORT;
	*v = b->p + b->off;
	b->off += n;
	return 0;
}

int
mip_rbuf_sub(struct mip_rbuf *b, size_t n, struct mip_rbuf *sub)
{
	if (mip_rbuf_left(b) < n)
		return MIP_ERR_SHORT;
	mip_rbuf_init(sub, b->p + b->off, n);
	b->off += n;
	return 0;
}

int
mip_wbuf_u8(struct mip_wbuf *b, uint8_t v)
{
	if (mip_wbuf_left(b) < 1)
		return MIP_ERR_NOBUF;
	b->p[b->off++] = v;
	return 0;
}

int
mip_wbuf_be16(struct mip_wbuf *b, uint16_t v)
{
	if (mip_wbuf_left(b) < 2)
		return MIP_ERR_NOBUF;
	mip_put_be16(b->p + b->off, v);
	b->off += 2;
	return 0;
}

int
mip_wbuf_be32(struct mip_wbuf *b, uint32_t v)
{
	if (mip_wbuf_left(b) < 4)
		return MIP_ERR_NOBUF;
	mip_put_be32(b->p + b->off, v);
	b->off += 4;
	return 0;
}

int
mip_wbuf_be64(struct mip_wbuf *b, uint64_t v)
{
	if (mip_wbuf_left(b) < 8)
		return MIP_ERR_NOBUF;
	mip_put_be32(b->p + b->off, (uint32_t)(v >> 32));
	mip_put_be32(b->p + b->off + 4, (uint32_t)v);
	b->off += 8;
	return 0;
}

int
mip_wbuf_ip4(struct mip_wbuf *b, struct mip_ip4 v)
{
	return mip_wbuf_be32(b, v.v);
}

int
mip_wbuf_bytes(struct mip_wbuf *b, const uint8_t *v, size_t n)
{
	if (mip_wbuf_left(b) < n)
		return MIP_ERR_NOBUF;
	if (n > 0)
		memcpy(b->p + b->off, v, n);
	b->off += n;
	return 0;
}

int
mip_wbuf_zero(struct mip_wbuf *b, size_t n)
{
	if (mip_wbuf_left(b) < n)
		return MIP_ERR_NOBUF;
	if (n > 0)
		memset(b->p + b->off, 0, n);
	b->off += n;
	return 0;
}
