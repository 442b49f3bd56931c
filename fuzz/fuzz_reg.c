/* SPDX-License-Identifier: ISC */
/*
 * Registration Request and Reply codecs over arbitrary bytes, with Route
 * Optimization on and off (first input octet, bit 0). A message that
 * decodes must re-encode to the input and decode again to the same view;
 * every walked extension is fed to every typed body decoder, and one that
 * decodes must re-encode to its own bytes.
 */
#include <stdint.h>
#include <string.h>

#include "mip/mip_names.h"
#include "mip/mip_reg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[70000];

/* Re-encoding |w|'s content must give back the extension's wire bytes. */
static void
same_bytes(
    const uint8_t *msg, const struct mip_ext *e, const struct mip_wbuf *w)
{
	size_t n = mip_ext_hdr_len((enum mip_ext_fmt)e->fmt) + e->len;

	if (w->off != n || memcmp(w->p, msg + e->off, n) != 0)
		__builtin_trap();
}

static void
typed(const uint8_t *msg, const struct mip_exts *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		const struct mip_ext *e = &x->e[i];
		struct mip_ext_auth a;
		struct mip_ext_nai nai;
		struct mip_ext_challenge ch;
		struct mip_ext_udp_tun_req utq;
		struct mip_ext_udp_tun_rep utp;
		struct mip_ext_msg_string ms;
		struct mip_ext_vse v;
		struct mip_wbuf w;

#define RETRY(dec, enc)                                                        \
	do {                                                                   \
		mip_wbuf_init(&w, out, sizeof(out));                           \
		if ((dec) == 0) {                                              \
			if ((enc) != 0)                                        \
				__builtin_trap();                              \
			same_bytes(msg, e, &w);                                \
		}                                                              \
	} while (0)
		RETRY(mip_ext_auth_decode(&a, e, NULL),
		    mip_ext_auth_encode(&w, &a));
		RETRY(mip_ext_nai_decode(&nai, e, NULL),
		    mip_ext_nai_encode(&w, &nai));
		RETRY(mip_ext_encap_delivery_decode(e, NULL),
		    mip_ext_encap_delivery_encode(&w));
		RETRY(mip_ext_challenge_decode(&ch, e, NULL),
		    mip_ext_challenge_encode(&w, &ch));
		RETRY(mip_ext_udp_tun_req_decode(&utq, e, NULL),
		    mip_ext_udp_tun_req_encode(&w, &utq));
		RETRY(mip_ext_udp_tun_rep_decode(&utp, e, NULL),
		    mip_ext_udp_tun_rep_encode(&w, &utp));
		RETRY(mip_ext_msg_string_decode(&ms, e, NULL),
		    mip_ext_msg_string_encode(&w, &ms));
		RETRY(mip_ext_vse_decode(&v, e, NULL),
		    mip_ext_vse_encode(&w, &v));
#undef RETRY
	}
}

static void
check_req(const uint8_t *msg, size_t len, const struct mip_profile *prof)
{
	static struct mip_reg_req rq, rq2;
	mip_ssize n;
	int rc;

	rc = mip_reg_req_decode(&rq, msg, len, prof, NULL);
	if (rc == MIP_ERR_UNKNOWN_EXT && !rq.exts.unknown)
		__builtin_trap();
	typed(msg, &rq.exts);
	(void)mip_reg_req_reserved(&rq, prof);
	if (rc != 0)
		return;
	n = mip_reg_req_encode(out, sizeof(out), &rq);
	if (n != (mip_ssize)len || memcmp(out, msg, len) != 0)
		__builtin_trap();
	if (mip_reg_req_decode(&rq2, out, len, prof, NULL) != 0 ||
	    rq2.flags != rq.flags || rq2.lifetime != rq.lifetime ||
	    rq2.home_addr.v != rq.home_addr.v ||
	    rq2.ha_addr.v != rq.ha_addr.v || rq2.coa.v != rq.coa.v ||
	    rq2.ident != rq.ident || !mip_exts_equal(&rq.exts, &rq2.exts))
		__builtin_trap();
}

static void
check_rep(const uint8_t *msg, size_t len, const struct mip_profile *prof)
{
	static struct mip_reg_rep rp, rp2;
	mip_ssize n;
	int rc;

	rc = mip_reg_rep_decode(&rp, msg, len, prof, NULL);
	if (rc == MIP_ERR_UNKNOWN_EXT && !rp.exts.unknown)
		__builtin_trap();
	typed(msg, &rp.exts);
	(void)mip_code_name(rp.code);
	if (rc != 0)
		return;
	n = mip_reg_rep_encode(out, sizeof(out), &rp);
	if (n != (mip_ssize)len || memcmp(out, msg, len) != 0)
		__builtin_trap();
	if (mip_reg_rep_decode(&rp2, out, len, prof, NULL) != 0 ||
	    rp2.code != rp.code || rp2.lifetime != rp.lifetime ||
	    rp2.home_addr.v != rp.home_addr.v ||
	    rp2.ha_addr.v != rp.ha_addr.v || rp2.ident != rp.ident ||
	    !mip_exts_equal(&rp.exts, &rp2.exts))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mip_profile prof = mip_profile_default;
	enum mip_msg_kind k;

	if (size < 1)
		return 0;
	prof.ro = (data[0] & 1) != 0;
	data++;
	size--;
	k = mip_msg_kind(data, size, &prof);
	(void)mip_msg_kind_name(k);
	/* Both decoders run on everything: each must refuse the other's
	 * Type cleanly. */
	check_req(data, size, &prof);
	check_rep(data, size, &prof);
	return 0;
}
