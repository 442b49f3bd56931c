/* SPDX-License-Identifier: ISC */
/*
 * Bounds-checked byte cursors for decoding (mip_rbuf) and encoding
 * (mip_wbuf). Every getter checks the remaining length first and leaves the
 * cursor unchanged on failure; every putter checks the capacity. All
 * multi-byte fields are big-endian (network order). Nothing here casts
 * bytes to structs.
 */
#ifndef MIP_BUF_H
#define MIP_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "mip.h"

struct mip_rbuf {
	const uint8_t *p;
	size_t len;
	size_t off;
};

struct mip_wbuf {
	uint8_t *p;
	size_t cap;
	size_t off;
};

static inline void
mip_rbuf_init(struct mip_rbuf *b, const uint8_t *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->off = 0;
}

static inline size_t
mip_rbuf_left(const struct mip_rbuf *b)
{
	return b->len - b->off;
}

static inline const uint8_t *
mip_rbuf_cur(const struct mip_rbuf *b)
{
	return b->p + b->off;
}

/* Each returns 0, or MIP_ERR_SHORT without moving the cursor. */
int mip_rbuf_u8(struct mip_rbuf *b, uint8_t *v);
int mip_rbuf_be16(struct mip_rbuf *b, uint16_t *v);
int mip_rbuf_be32(struct mip_rbuf *b, uint32_t *v);
int mip_rbuf_be64(struct mip_rbuf *b, uint64_t *v);
int mip_rbuf_ip4(struct mip_rbuf *b, struct mip_ip4 *v);
int mip_rbuf_skip(struct mip_rbuf *b, size_t n);
/* mip_rbuf_bytes points |*v| at the next |n| bytes (zero copy). */
int mip_rbuf_bytes(struct mip_rbuf *b, size_t n, const uint8_t **v);
/* mip_rbuf_sub carves the next |n| bytes into their own cursor |sub|. */
int mip_rbuf_sub(struct mip_rbuf *b, size_t n, struct mip_rbuf *sub);

static inline void
mip_wbuf_init(struct mip_wbuf *b, uint8_t *p, size_t cap)
{
	b->p = p;
	b->cap = cap;
	b->off = 0;
}

static inline size_t
mip_wbuf_left(const struct mip_wbuf *b)
{
	return b->cap - b->off;
}

/* Each returns 0, or MIP_ERR_NOBUF without writing anything. */
int mip_wbuf_u8(struct mip_wbuf *b, uint8_t v);
int mip_wbuf_be16(struct mip_wbuf *b, uint16_t v);
int mip_wbuf_be32(struct mip_wbuf *b, uint32_t v);
int mip_wbuf_be64(struct mip_wbuf *b, uint64_t v);
int mip_wbuf_ip4(struct mip_wbuf *b, struct mip_ip4 v);
int mip_wbuf_bytes(struct mip_wbuf *b, const uint8_t *v, size_t n);
int mip_wbuf_zero(struct mip_wbuf *b, size_t n);

/* Big-endian loads and stores on raw memory the caller has bounds-checked. */
static inline uint16_t
mip_get_be16(const uint8_t *p)
{
	return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static inline uint32_t
mip_get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void
mip_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
mip_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
