/* SPDX-License-Identifier: ISC */
/*
 * JSON for whole IPv4 packets (docs/json-fields.md 6): the IPv4 and UDP
 * headers (mip_ip.h), dispatch to the UDP port-434 and ICMP printers, and
 * tunnels: IP in IP, minimal encapsulation and GRE (mip_decap_packet) and
 * the RFC 3519 Tunnel Data message. Inner packets are decoded by calling
 * dissect_ip again, at most DISSECT_MAX_DEPTH deep.
 */
#include <stdlib.h>

#include "ctl.h"
#include "mip/mip_encap.h"
#include "mip/mip_ip.h"
#include "mip/mip_proto.h"

static json_t *
ip_hdr(const struct mip_ip4_hdr *h)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	jx_set(o, "src", jx_ip4(h->src));
	jx_set(o, "dst", jx_ip4(h->dst));
	jx_set_int(o, "ttl", h->ttl);
	jx_set_int(o, "tos", h->tos);
	jx_set(o, "df", json_boolean(h->df));
	jx_set_int(o, "id", h->id);
	jx_set_int(o, "proto", h->proto);
	return o;
}

static json_t *
udp_hdr(const struct mip_udp_hdr *u)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	jx_set_int(o, "src_port", u->sport);
	jx_set_int(o, "dst_port", u->dport);
	jx_set_int(o, "length", u->len);
	/* RFC 5944 3.1: zero means no checksum was sent. */
	jx_set(o, "checksum_ok", u->csum ? json_true() : json_null());
	return o;
}

static const char *
encap_name(enum mip_encap e)
{
	switch (e) {
	case MIP_ENCAP_IPIP:
		return "ipip";
	case MIP_ENCAP_MINIMAL:
		return "minimal";
	case MIP_ENCAP_GRE:
		return "gre";
	}
	return "unknown";
}

/* Decodes |p| as an inner IPv4 packet at input offset |base|. */
static json_t *
inner_ip(struct dctx *c, const uint8_t *p, size_t len, size_t base)
{
	struct dctx in = *c;
	json_t *o;

	in.base = base;
	in.depth = c->depth + 1;
	o = dissect_ip(&in, p, len);
	if (in.failed)
		c->failed = true;
	return o;
}

static json_t *
plain_ip(const struct mip_ip4_hdr *h)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string("ip"));
	jx_set(o, "ip", ip_hdr(h));
	return o;
}

/* RFC 2003, 2004, 2784: print the outer header, decode the inner one. */
static json_t *
tunnel(
    struct dctx *c, const struct mip_ip4_hdr *h, const uint8_t *p, size_t len)
{
	struct mip_perr perr = { 0, NULL };
	struct mip_decap d;
	uint8_t *buf = NULL;
	size_t base;
	json_t *o;
	int rc;

	/* Minimal encapsulation rebuilds the inner datagram: never longer. */
	if (h->proto == MIP_IPPROTO_MINENC) {
		buf = malloc(len);
		if (buf == NULL)
			return NULL;
	}
	rc = mip_decap_packet(&d, p, len, buf, len, &perr);
	if (rc == MIP_ERR_UNSUPPORTED) {
		/* e.g. GRE carrying something other than IPv4 */
		free(buf);
		return plain_ip(h);
	}
	if (rc != 0) {
		free(buf);
		o = json_msg_error(c, rc, &perr, "tunnel", -1, NULL);
		if (o != NULL)
			jx_set(o, "outer", ip_hdr(h));
		return o;
	}
	o = json_object();
	if (o == NULL) {
		free(buf);
		return NULL;
	}
	jx_set(o, "message", json_string("tunnel"));
	jx_set(o, "outer", ip_hdr(h));
	jx_set(o, "encapsulation", json_string(encap_name(d.encap)));
	if (d.encap == MIP_ENCAP_GRE && d.has_key)
		jx_set_int(o, "gre_key", d.key);
	if (d.encap == MIP_ENCAP_MINIMAL) {
		/* Map the rebuilt header onto the forwarded payload. */
		size_t hl = mip_ip4_hdr_len(&d.inner_hdr);
		size_t at = (size_t)(d.minenc.payload - p);

		base = c->base + (at >= hl ? at - hl : 0);
	} else {
		base = c->base + (size_t)(d.inner - p);
	}
	jx_set(o, "inner", inner_ip(c, d.inner, d.inner_len, base));
	free(buf);
	return o;
}

/* A Mobile IP message in UDP (RFC 5944 3.1: port 434 either way). */
static json_t *
udp(struct dctx *c, const struct mip_ip4_hdr *h, const uint8_t *pl, size_t hl)
{
	struct mip_perr perr = { 0, NULL };
	struct mip_udp_hdr u;
	size_t base = c->base;
	json_t *o;
	int rc;

	rc = mip_udp_decode(&u, pl, h->payload_len, h->src, h->dst, &perr);
	if (rc != 0) {
		c->base += hl;
		o = json_msg_error(c, rc, &perr, NULL, -1, NULL);
		c->base = base;
		if (o != NULL)
			jx_set(o, "ip", ip_hdr(h));
		return o;
	}
	if (u.sport != MIP_UDP_PORT && u.dport != MIP_UDP_PORT) {
		o = plain_ip(h);
	} else {
		c->base += hl + MIP_UDP_HDR_LEN;
		c->have_src = true;
		c->src = h->src;
		o = dissect_udp434(c, u.payload, u.payload_len);
		c->base = base;
		if (o == NULL)
			return NULL;
		jx_set(o, "ip", ip_hdr(h));
	}
	if (o != NULL)
		jx_set(o, "udp", udp_hdr(&u));
	return o;
}

static json_t *
icmp(struct dctx *c, const struct mip_ip4_hdr *h, size_t hl)
{
	size_t base = c->base;
	json_t *o;

	/* RFC 5944 2: only Router Discovery messages are Mobile IP. */
	if (h->payload_len == 0 ||
	    (h->payload[0] != MIP_ICMP_ROUTER_ADV &&
		h->payload[0] != MIP_ICMP_ROUTER_SOL))
		return plain_ip(h);
	c->base += hl;
	o = dissect_icmp(c, h->payload, h->payload_len);
	c->base = base;
	if (o != NULL)
		jx_set(o, "ip", ip_hdr(h));
	return o;
}

json_t *
dissect_ip(struct dctx *c, const uint8_t *p, size_t len)
{
	struct mip_perr perr = { 0, NULL };
	struct mip_ip4_hdr h;
	json_t *o;
	size_t hl;
	int rc;

	if (c->depth >= DISSECT_MAX_DEPTH) {
		perr.reason = "tunnels nested too deep";
		return jx_error(c, MIP_ERR_LIMIT, &perr);
	}
	rc = mip_ip4_hdr_decode(&h, p, len, &perr);
	if (rc != 0)
		return json_msg_error(c, rc, &perr, NULL, -1, NULL);
	hl = mip_ip4_hdr_len(&h);
	/* Nothing here reassembles: a fragment is shown as it is. */
	if (h.mf || h.frag_off != 0) {
		o = plain_ip(&h);
		if (o != NULL)
			jx_set(o, "fragment", json_true());
		return o;
	}
	switch (h.proto) {
	case MIP_IPPROTO_UDP:
		return udp(c, &h, h.payload, hl);
	case MIP_IPPROTO_ICMP:
		return icmp(c, &h, hl);
	case MIP_IPPROTO_IPIP:
	case MIP_IPPROTO_MINENC:
	case MIP_IPPROTO_GRE:
		return tunnel(c, &h, p, len);
	default:
		return plain_ip(&h);
	}
}

/* RFC 3519 3.3: Tunnel Data carries an IP-in-IP, GRE or minimal packet. */
static void
tunnel_data_inner(
    struct dctx *c, json_t *o, const struct mip_tunnel_data *t, size_t base)
{
	struct mip_perr perr = { 0, NULL };
	struct mip_gre_hdr g;
	int rc;

	switch (t->next_hdr) {
	case MIP_IPPROTO_IPIP:
		jx_set(o, "encapsulation", json_string("ipip"));
		jx_set(
		    o, "inner", inner_ip(c, t->payload, t->payload_len, base));
		return;
	case MIP_IPPROTO_GRE:
		jx_set(o, "encapsulation", json_string("gre"));
		rc = mip_gre_decode(&g, t->payload, t->payload_len, &perr);
		if (rc != 0) {
			struct dctx at = *c;

			at.base = base;
			jx_set(o, "inner", jx_error(&at, rc, &perr));
			c->failed = true;
			return;
		}
		if (g.flags & MIP_GRE_F_K)
			jx_set_int(o, "gre_key", g.key);
		if (g.proto == MIP_ETHERTYPE_IPV4)
			jx_set(o, "inner",
			    inner_ip(c, g.payload, g.payload_len,
				base + (size_t)(g.payload - t->payload)));
		return;
	case MIP_IPPROTO_MINENC:
		/* The original header needs the outer one: show raw bytes. */
		jx_set(o, "encapsulation", json_string("minimal"));
		jx_set(o, "data", jx_hex(t->payload, t->payload_len));
		return;
	default:
		return;
	}
}

json_t *
json_tunnel_data(struct dctx *c, const uint8_t *p, size_t len)
{
	static const char kind[] = "tunnel_data";
	struct mip_perr perr = { 0, NULL };
	struct mip_tunnel_data t;
	json_t *o;
	int rc;

	rc = mip_tunnel_data_decode(&t, p, len, &perr);
	if (rc != 0)
		return json_msg_error(
		    c, rc, &perr, kind, MIP_MSG_TUNNEL_DATA, NULL);
	o = json_object();
	if (o == NULL)
		return NULL;
	jx_set(o, "message", json_string(kind));
	jx_set_int(o, "type", MIP_MSG_TUNNEL_DATA);
	jx_set_int(o, "next_header", t.next_hdr);
	tunnel_data_inner(c, o, &t, c->base + (size_t)(t.payload - p));
	return o;
}
