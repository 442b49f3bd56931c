/* SPDX-License-Identifier: ISC */
/*
 * IP in IP (RFC 2003), minimal encapsulation (RFC 2004), GRE (RFC 2784,
 * RFC 2890) and the RFC 3519 Tunnel Data header: header codecs and the
 * generic mip_encap_packet / mip_decap_packet pair. Works on caller
 * buffers only; tunnel policy (which encapsulation, which endpoints)
 * belongs to the roles.
 */
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_encap.h"
#include "mip/mip_proto.h"

/* RFC 2784 2.3: a receiver MUST discard a packet with bits 1-5 set, but
 * RFC 2890 gives bits 2 (K) and 3 (S) a meaning. */
#define GRE_F_MUST_ZERO 0x4c00U
#define GRE_F_OPTIONAL (MIP_GRE_F_C | MIP_GRE_F_K | MIP_GRE_F_S)
#define MINENC_F_S 0x80U
#define MINENC_RSVD_MASK 0x7fU
#define IP4_LEN_MAX 65535U

/* Moves the error position of a nested decoder to the outer buffer. */
static int
nested(struct mip_perr *perr, size_t base, const struct mip_perr *sub, int err)
{
	return mip_perr_fail(perr, base + sub->off, sub->reason, err);
}

static void
place(uint8_t *to, const uint8_t *from, size_t n)
{
	if (n > 0 && to != from)
		memmove(to, from, n);
}

static size_t
minenc_len(bool s)
{
	return s ? MIP_MINENC_S_LEN : MIP_MINENC_LEN;
}

int
mip_minenc_decode(struct mip_minenc_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint8_t sb;

	mip_rbuf_init(&r, buf, len);
	if (mip_rbuf_u8(&r, &dst->proto) != 0 || mip_rbuf_u8(&r, &sb) != 0 ||
	    mip_rbuf_be16(&r, &dst->checksum) != 0 ||
	    mip_rbuf_ip4(&r, &dst->orig_dst) != 0)
		return mip_perr_fail(
		    perr, r.off, "minimal header truncated", MIP_ERR_SHORT);
	dst->s = (sb & MINENC_F_S) != 0;
	dst->rsvd = (uint8_t)(sb & MINENC_RSVD_MASK);
	dst->orig_src.v = 0;
	/* RFC 2004 3: Original Source Address is present iff S. */
	if (dst->s && mip_rbuf_ip4(&r, &dst->orig_src) != 0)
		return mip_perr_fail(
		    perr, r.off, "minimal header truncated", MIP_ERR_SHORT);
	/* RFC 2004 3: the checksum covers the minimal header only. */
	if (mip_csum_bad(mip_csum(buf, r.off)))
		return mip_perr_fail(
		    perr, 2, "bad minimal header checksum", MIP_ERR_CHECKSUM);
	dst->payload_len = mip_rbuf_left(&r);
	dst->payload = mip_rbuf_cur(&r);
	return 0;
}

mip_ssize
mip_minenc_encode(uint8_t *buf, size_t cap, const struct mip_minenc_hdr *src)
{
	size_t hl = minenc_len(src->s);
	struct mip_wbuf w;

	if (src->rsvd > MINENC_RSVD_MASK)
		return MIP_ERR_INVAL;
	if (src->payload_len > cap || cap - src->payload_len < hl)
		return MIP_ERR_NOBUF;
	place(buf + hl, src->payload, src->payload_len);
	mip_wbuf_init(&w, buf, hl);
	/* Capacity was checked above, so these cannot fail. */
	(void)mip_wbuf_u8(&w, src->proto);
	(void)mip_wbuf_u8(
	    &w, (uint8_t)(src->rsvd | (src->s ? MINENC_F_S : 0U)));
	(void)mip_wbuf_be16(&w, 0);
	(void)mip_wbuf_ip4(&w, src->orig_dst);
	if (src->s)
		(void)mip_wbuf_ip4(&w, src->orig_src);
	mip_put_be16(buf + 2, mip_csum(buf, hl));
	return (mip_ssize)(hl + src->payload_len);
}

size_t
mip_gre_hdr_len(const struct mip_gre_hdr *h)
{
	size_t n = MIP_GRE_HDR_LEN;

	if ((h->flags & MIP_GRE_F_C) != 0)
		n += 4;
	if ((h->flags & MIP_GRE_F_K) != 0)
		n += 4;
	if ((h->flags & MIP_GRE_F_S) != 0)
		n += 4;
	return n;
}

int
mip_gre_decode(struct mip_gre_hdr *dst, const uint8_t *buf, size_t len,
    struct mip_perr *perr)
{
	struct mip_rbuf r;
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	mip_rbuf_init(&r, buf, len);
	if (mip_rbuf_be16(&r, &dst->flags) != 0 ||
	    mip_rbuf_be16(&r, &dst->proto) != 0)
		return mip_perr_fail(
		    perr, r.off, "GRE header truncated", MIP_ERR_SHORT);
	/* RFC 2784 2.3.1: a version other than 0 is discarded. */
	if ((dst->flags & MIP_GRE_VER_MASK) != 0)
		return mip_perr_fail(
		    perr, 1, "GRE version is not 0", MIP_ERR_MALFORMED);
	/* RFC 2784 2.3: bits 1-5 set (other than K, S) are discarded;
	 * bits 6-12 are ignored. */
	if ((dst->flags & GRE_F_MUST_ZERO) != 0)
		return mip_perr_fail(
		    perr, 0, "GRE reserved bits set", MIP_ERR_MALFORMED);
	if ((dst->flags & MIP_GRE_F_C) != 0 &&
	    ((rc = mip_rbuf_be16(&r, &dst->checksum)) != 0 ||
		(rc = mip_rbuf_be16(&r, &dst->rsvd1)) != 0))
		return mip_perr_fail(perr, r.off, "GRE checksum truncated", rc);
	if ((dst->flags & MIP_GRE_F_K) != 0 &&
	    mip_rbuf_be32(&r, &dst->key) != 0)
		return mip_perr_fail(
		    perr, r.off, "GRE key truncated", MIP_ERR_SHORT);
	if ((dst->flags & MIP_GRE_F_S) != 0 &&
	    mip_rbuf_be32(&r, &dst->seq) != 0)
		return mip_perr_fail(perr, r.off,
		    "GRE sequence number truncated", MIP_ERR_SHORT);
	/* RFC 2784 2.5: the checksum covers the GRE header and payload. */
	if ((dst->flags & MIP_GRE_F_C) != 0 && mip_csum_bad(mip_csum(buf, len)))
		return mip_perr_fail(
		    perr, 4, "bad GRE checksum", MIP_ERR_CHECKSUM);
	dst->payload_len = mip_rbuf_left(&r);
	dst->payload = mip_rbuf_cur(&r);
	return 0;
}

mip_ssize
mip_gre_encode(uint8_t *buf, size_t cap, const struct mip_gre_hdr *src)
{
	size_t hl = mip_gre_hdr_len(src), n;
	struct mip_wbuf w;

	if ((src->flags & (GRE_F_MUST_ZERO | MIP_GRE_VER_MASK)) != 0)
		return MIP_ERR_INVAL;
	if (src->payload_len > cap || cap - src->payload_len < hl)
		return MIP_ERR_NOBUF;
	n = hl + src->payload_len;
	place(buf + hl, src->payload, src->payload_len);
	mip_wbuf_init(&w, buf, hl);
	(void)mip_wbuf_be16(&w, src->flags);
	(void)mip_wbuf_be16(&w, src->proto);
	if ((src->flags & MIP_GRE_F_C) != 0) {
		(void)mip_wbuf_be16(&w, 0);
		(void)mip_wbuf_be16(&w, src->rsvd1);
	}
	/* RFC 2890 2: Key before Sequence Number. */
	if ((src->flags & MIP_GRE_F_K) != 0)
		(void)mip_wbuf_be32(&w, src->key);
	if ((src->flags & MIP_GRE_F_S) != 0)
		(void)mip_wbuf_be32(&w, src->seq);
	if ((src->flags & MIP_GRE_F_C) != 0)
		mip_put_be16(buf + 4, mip_csum(buf, n));
	return (mip_ssize)n;
}

int
mip_tunnel_data_decode(struct mip_tunnel_data *dst, const uint8_t *buf,
    size_t len, struct mip_perr *perr)
{
	struct mip_rbuf r;
	uint8_t type;

	mip_rbuf_init(&r, buf, len);
	if (mip_rbuf_u8(&r, &type) != 0 ||
	    mip_rbuf_u8(&r, &dst->next_hdr) != 0 ||
	    mip_rbuf_be16(&r, &dst->rsvd) != 0)
		return mip_perr_fail(
		    perr, r.off, "Tunnel Data header truncated", MIP_ERR_SHORT);
	if (type != MIP_MSG_TUNNEL_DATA)
		return mip_perr_fail(
		    perr, 0, "not a Tunnel Data message", MIP_ERR_MALFORMED);
	/* RFC 3519 3.3: Next Header is 4, 47 or 55. */
	if (dst->next_hdr != MIP_IPPROTO_IPIP &&
	    dst->next_hdr != MIP_IPPROTO_GRE &&
	    dst->next_hdr != MIP_IPPROTO_MINENC)
		return mip_perr_fail(perr, 1, "unknown Tunnel Data Next Header",
		    MIP_ERR_UNSUPPORTED);
	dst->payload_len = mip_rbuf_left(&r);
	dst->payload = mip_rbuf_cur(&r);
	return 0;
}

mip_ssize
mip_tunnel_data_encode(
    uint8_t *buf, size_t cap, const struct mip_tunnel_data *src)
{
	if (src->payload_len > cap ||
	    cap - src->payload_len < MIP_TUNNEL_DATA_LEN)
		return MIP_ERR_NOBUF;
	place(buf + MIP_TUNNEL_DATA_LEN, src->payload, src->payload_len);
	buf[0] = MIP_MSG_TUNNEL_DATA;
	buf[1] = src->next_hdr;
	mip_put_be16(buf + 2, src->rsvd);
	return (mip_ssize)(MIP_TUNNEL_DATA_LEN + src->payload_len);
}

size_t
mip_encap_overhead(enum mip_encap encap, const struct mip_encap_params *params)
{
	struct mip_gre_hdr g;

	switch (encap) {
	case MIP_ENCAP_IPIP:
		return MIP_IP4_HDR_LEN;
	case MIP_ENCAP_MINIMAL:
		return MIP_MINENC_S_LEN;
	case MIP_ENCAP_GRE:
		g.flags = (uint16_t)(params->gre_flags & GRE_F_OPTIONAL);
		return MIP_IP4_HDR_LEN + mip_gre_hdr_len(&g);
	}
	return 0;
}

/* RFC 2003 3.1: a forwarding encapsulator decrements the inner TTL. */
static void
dec_ttl(uint8_t *hdr, size_t hl)
{
	hdr[8] = (uint8_t)(hdr[8] - 1);
	mip_put_be16(hdr + 10, 0);
	mip_put_be16(hdr + 10, mip_csum(hdr, hl));
}

/*
 * IP in IP and GRE: the inner datagram moves behind |room| octets of
 * headers and an outer header is written. |gre| is NULL for IP in IP.
 */
static mip_ssize
encap_outer(uint8_t *out, size_t cap, const struct mip_encap_params *params,
    const struct mip_ip4_hdr *in, const uint8_t *inner, struct mip_gre_hdr *gre)
{
	size_t room = MIP_IP4_HDR_LEN + (gre ? mip_gre_hdr_len(gre) : 0);
	struct mip_ip4_hdr o;
	mip_ssize rc;

	if (in->total_len > IP4_LEN_MAX - room)
		return MIP_ERR_LIMIT;
	if (cap < room + in->total_len)
		return MIP_ERR_NOBUF;
	place(out + room, inner, in->total_len);
	if (params->dec_ttl)
		dec_ttl(out + room, mip_ip4_hdr_len(in));
	if (gre != NULL) {
		gre->payload = out + room;
		gre->payload_len = in->total_len;
		if ((rc = mip_gre_encode(out + MIP_IP4_HDR_LEN,
			 cap - MIP_IP4_HDR_LEN, gre)) < 0)
			return rc;
	}
	memset(&o, 0, sizeof(o));
	/* RFC 2003 3.1: TOS is copied from the inner header; DF MUST be set
	 * when the inner has it and MAY be otherwise; TTL is the
	 * encapsulator's choice. RFC 2784 3 reuses these rules for GRE. */
	o.tos = in->tos;
	o.total_len = (uint16_t)(room + in->total_len);
	o.id = params->id;
	o.df = in->df || params->df;
	o.ttl = params->ttl;
	o.proto = gre ? MIP_IPPROTO_GRE : MIP_IPPROTO_IPIP;
	o.src = params->src;
	o.dst = params->dst;
	if ((rc = mip_ip4_hdr_encode(out, cap, &o)) < 0)
		return rc;
	return (mip_ssize)o.total_len;
}

/* RFC 2004 3: rewrite the original header and insert the minimal one. */
static mip_ssize
encap_minimal(uint8_t *out, size_t cap, const struct mip_encap_params *params,
    const struct mip_ip4_hdr *in, const uint8_t *inner)
{
	uint8_t opts[MIP_IP4_HDR_MAX - MIP_IP4_HDR_LEN];
	size_t hl = mip_ip4_hdr_len(in);
	struct mip_minenc_hdr m;
	struct mip_ip4_hdr h = *in;
	mip_ssize rc;

	/* RFC 2004 3: MUST NOT be used on an already fragmented datagram. */
	if (in->mf || in->frag_off != 0)
		return MIP_ERR_UNSUPPORTED;
	memset(&m, 0, sizeof(m));
	m.proto = in->proto;
	m.orig_dst = in->dst;
	/* RFC 2004 3: the original source is carried (S) iff the
	 * encapsulator is not the original source. */
	m.s = !mip_ip4_eq(in->src, params->src);
	m.orig_src = m.s ? in->src : (struct mip_ip4){ 0 };
	if (in->total_len > IP4_LEN_MAX - minenc_len(m.s))
		return MIP_ERR_LIMIT;
	if (cap < in->total_len + minenc_len(m.s))
		return MIP_ERR_NOBUF;
	/* The options may be overwritten by the moves below. */
	memcpy(opts, in->options, in->opt_len);
	h.options = opts;
	m.payload = inner + hl;
	m.payload_len = in->payload_len;
	if ((rc = mip_minenc_encode(out + hl, cap - hl, &m)) < 0)
		return rc;
	h.proto = MIP_IPPROTO_MINENC;
	h.dst = params->dst;
	h.src = params->src;
	h.total_len = (uint16_t)(in->total_len + minenc_len(m.s));
	if (params->dec_ttl)
		h.ttl = (uint8_t)(h.ttl - 1);
	if ((rc = mip_ip4_hdr_encode(out, cap, &h)) < 0)
		return rc;
	return (mip_ssize)h.total_len;
}

mip_ssize
mip_encap_packet(uint8_t *out, size_t cap, enum mip_encap encap,
    const struct mip_encap_params *params, const uint8_t *inner,
    size_t inner_len)
{
	struct mip_ip4_hdr in;
	struct mip_gre_hdr g;
	int rc;

	if ((params->gre_flags & ~GRE_F_OPTIONAL) != 0)
		return MIP_ERR_INVAL;
	if ((rc = mip_ip4_hdr_decode(&in, inner, inner_len, NULL)) != 0)
		return rc;
	/* RFC 2003 3.1: a TTL that reaches 0 is discarded (with ICMP Time
	 * Exceeded, which is the caller's business). */
	if (params->dec_ttl && in.ttl <= 1)
		return MIP_ERR_LIMIT;
	switch (encap) {
	case MIP_ENCAP_IPIP:
		return encap_outer(out, cap, params, &in, inner, NULL);
	case MIP_ENCAP_MINIMAL:
		return encap_minimal(out, cap, params, &in, inner);
	case MIP_ENCAP_GRE:
		memset(&g, 0, sizeof(g));
		g.flags = params->gre_flags;
		g.proto = MIP_ETHERTYPE_IPV4;
		g.key = params->gre_key;
		g.seq = params->gre_seq;
		return encap_outer(out, cap, params, &in, inner, &g);
	}
	return MIP_ERR_INVAL;
}

/* RFC 2004 3: restore the original header into |buf|. */
static int
decap_minimal(
    struct mip_decap *dst, uint8_t *buf, size_t cap, struct mip_perr *perr)
{
	const struct mip_minenc_hdr *m = &dst->minenc;
	struct mip_ip4_hdr h = dst->outer;
	size_t hl = mip_ip4_hdr_len(&h);
	mip_ssize rc;

	h.proto = m->proto;
	h.dst = m->orig_dst;
	if (m->s)
		h.src = m->orig_src;
	h.total_len = (uint16_t)(hl + m->payload_len);
	if (buf == NULL || cap < h.total_len)
		return mip_perr_fail(perr, 0,
		    "no room for the original datagram", MIP_ERR_NOBUF);
	if ((rc = mip_ip4_hdr_encode(buf, cap, &h)) < 0)
		return mip_perr_fail(
		    perr, 0, "cannot rebuild the original header", (int)rc);
	place(buf + hl, m->payload, m->payload_len);
	dst->inner = buf;
	dst->inner_len = h.total_len;
	return mip_ip4_hdr_decode(&dst->inner_hdr, buf, h.total_len, perr);
}

int
mip_decap_packet(struct mip_decap *dst, const uint8_t *pkt, size_t len,
    uint8_t *buf, size_t cap, struct mip_perr *perr)
{
	struct mip_perr sub = { 0, NULL };
	const uint8_t *body;
	size_t base, body_len;
	int rc;

	memset(dst, 0, sizeof(*dst));
	if ((rc = mip_ip4_hdr_decode(&dst->outer, pkt, len, perr)) != 0)
		return rc;
	base = mip_ip4_hdr_len(&dst->outer);
	body = dst->outer.payload;
	body_len = dst->outer.payload_len;
	if (dst->outer.mf || dst->outer.frag_off != 0)
		return mip_perr_fail(
		    perr, 6, "outer packet is a fragment", MIP_ERR_UNSUPPORTED);
	switch (dst->outer.proto) {
	case MIP_IPPROTO_IPIP:
		dst->encap = MIP_ENCAP_IPIP;
		break;
	case MIP_IPPROTO_MINENC:
		dst->encap = MIP_ENCAP_MINIMAL;
		if ((rc = mip_minenc_decode(&dst->minenc, body,
			 dst->outer.payload_len, &sub)) != 0)
			return nested(perr, base, &sub, rc);
		return decap_minimal(dst, buf, cap, perr);
	case MIP_IPPROTO_GRE:
		dst->encap = MIP_ENCAP_GRE;
		if ((rc = mip_gre_decode(
			 &dst->gre, body, dst->outer.payload_len, &sub)) != 0)
			return nested(perr, base, &sub, rc);
		if (dst->gre.proto != MIP_ETHERTYPE_IPV4)
			return mip_perr_fail(perr, base + 2,
			    "GRE payload is not IPv4", MIP_ERR_UNSUPPORTED);
		dst->has_key = (dst->gre.flags & MIP_GRE_F_K) != 0;
		dst->key = dst->gre.key;
		base += mip_gre_hdr_len(&dst->gre);
		body = dst->gre.payload;
		body_len = dst->gre.payload_len;
		break;
	default:
		return mip_perr_fail(perr, 9, "not an encapsulation protocol",
		    MIP_ERR_UNSUPPORTED);
	}
	if ((rc = mip_ip4_hdr_decode(&dst->inner_hdr, body, body_len, &sub)) !=
	    0)
		return nested(perr, base, &sub, rc);
	dst->inner = body;
	dst->inner_len = dst->inner_hdr.total_len;
	return 0;
}
