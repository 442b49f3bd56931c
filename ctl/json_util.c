/* SPDX-License-Identifier: ISC */
/*
 * Small JSON builders shared by the printers: hex strings, addresses,
 * Identifications, flag objects and error objects. They allocate through
 * jansson and tolerate its NULL returns; they never look inside messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "mip/mip_buf.h"

json_t *
jx_hex(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	json_t *s;
	char *buf;
	size_t i;

	buf = malloc(2 * n + 1);
	if (buf == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		buf[2 * i] = digits[p[i] >> 4];
		buf[2 * i + 1] = digits[p[i] & 0x0f];
	}
	buf[2 * n] = '\0';
	s = json_stringn(buf, 2 * n);
	free(buf);
	return s;
}

json_t *
jx_ip4(struct mip_ip4 a)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u.%u.%u.%u", (unsigned)(a.v >> 24),
	    (unsigned)(a.v >> 16) & 0xffU, (unsigned)(a.v >> 8) & 0xffU,
	    (unsigned)a.v & 0xffU);
	return json_string(buf);
}

json_t *
jx_ident(uint64_t ident)
{
	char buf[17];

	snprintf(buf, sizeof(buf), "%016llx", (unsigned long long)ident);
	return json_string(buf);
}

json_t *
jx_flags(const struct mip_flag_name *tab, unsigned v)
{
	json_t *o = json_object();
	size_t i;

	if (o == NULL)
		return NULL;
	for (i = 0; tab[i].name != NULL; i++)
		jx_set(o, tab[i].name, json_boolean((v & tab[i].mask) != 0));
	return o;
}

json_t *
jx_ip4_array(const uint8_t *p, size_t n)
{
	json_t *a = json_array();
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i + 4 <= n; i += 4) {
		struct mip_ip4 ip = { mip_get_be32(p + i) };

		json_array_append_new(a, jx_ip4(ip));
	}
	return a;
}

void
jx_set(json_t *o, const char *k, json_t *v)
{
	if (v != NULL)
		json_object_set_new(o, k, v);
}

void
jx_set_int(json_t *o, const char *k, long long v)
{
	jx_set(o, k, json_integer(v));
}

json_t *
jx_error(struct dctx *c, int err, const struct mip_perr *perr)
{
	json_t *o = json_object();

	c->failed = true;
	if (o == NULL)
		return NULL;
	jx_set(o, "error",
	    json_string(perr != NULL && perr->reason != NULL
		    ? perr->reason
		    : mip_strerror(err)));
	jx_set_int(
	    o, "offset", (long long)(c->base + (perr != NULL ? perr->off : 0)));
	jx_set(o, "err", json_string(mip_strerror(err)));
	return o;
}

int
ctl_hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}
