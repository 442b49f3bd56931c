/* SPDX-License-Identifier: ISC */
/*
 * Route Optimization codecs over arbitrary bytes: the input is decoded as
 * each of the four RO messages and walked as an extension area in every
 * registration context; whatever decodes must re-encode to the input
 * octets and decode again to the same view. Typed extension bodies (PFANE,
 * Binding Warning extension, registration keys, RO authentication) get the
 * same treatment, and every PFANE is turned into a Binding Update that
 * must decode to the fields it was built from.
 */
#include <stdint.h>
#include <string.h>

#include "mip/mip_ext.h"
#include "mip/mip_proto.h"
#include "mip/mip_reg.h"
#include "mip/mip_regkey.h"
#include "mip/mip_ro.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[70000];

static void
check(int cond)
{
	if (!cond)
		__builtin_trap();
}

/* The octets |w| holds must be exactly |e|'s extension in |msg|. */
static void
check_same_ext(
    const struct mip_wbuf *w, const uint8_t *msg, const struct mip_ext *e)
{
	size_t n = mip_ext_hdr_len((enum mip_ext_fmt)e->fmt) + e->len;

	check(w->off == n && memcmp(w->p, msg + e->off, n) == 0);
}

static void
check_pfane_bu(const struct mip_ext_pfane *pf)
{
	static const struct mip_ip4 hoa = { 0xc000020aU };
	uint8_t bu_buf[128], head[32];
	struct mip_bu bu;
	mip_ssize n, h;

	n = mip_pfane_bu_build(
	    bu_buf, sizeof(bu_buf), pf, hoa, MIP_RRQ_F_M, NULL);
	h = mip_pfane_auth_input(
	    head, sizeof(head), pf, hoa, MIP_RRQ_F_M, NULL);
	if (n < 0) {
		check(n == MIP_ERR_INVAL && h == MIP_ERR_INVAL);
		return;
	}
	check(h == 18 && memcmp(head, bu_buf, 18) == 0);
	check(mip_bu_decode(&bu, bu_buf, (size_t)n, NULL, NULL) == 0);
	check(bu.flags == (MIP_BU_F_A | MIP_BU_F_M) &&
	    bu.lifetime == pf->cache_lifetime &&
	    mip_ip4_eq(bu.home_addr, hoa) && mip_ip4_eq(bu.coa, pf->new_coa) &&
	    bu.exts.n == 1 && mip_ext_auth_covered(&bu.exts.e[0]) == 18);
}

/* Decodes |e| with the typed decoder for its type, if any; round trip. */
static void
check_typed_ext(
    const uint8_t *msg, const struct mip_ext *e, const struct mip_profile *prof)
{
	struct mip_wbuf w;

	mip_wbuf_init(&w, out, sizeof(out));
	if (e->type == prof->bw_ext_type && prof->ro) {
		struct mip_bw bw;

		if (mip_ext_bw_decode(&bw, e, prof, NULL) == 0) {
			check(mip_ext_bw_encode(&w, &bw, prof) == 0);
			check_same_ext(&w, msg, e);
		}
		return;
	}
	switch (e->type) {
	case MIP_EXT_PFANE: {
		struct mip_ext_pfane pf;

		if (mip_ext_pfane_decode(&pf, e, NULL) != 0)
			return;
		check(mip_ext_pfane_encode(&w, &pf) == 0);
		check_same_ext(&w, msg, e);
		check_pfane_bu(&pf);
		return;
	}
	case MIP_EXT_RO_AUTH: {
		struct mip_ext_auth a;

		if (mip_ext_auth_decode(&a, e, NULL) != 0)
			return;
		check(mip_ext_auth_encode(&w, &a) == 0);
		check_same_ext(&w, msg, e);
		return;
	}
	case MIP_EXT_FA_KEY_REQ:
	case MIP_EXT_SPI: {
		struct mip_ext_regkey_spi v;

		if (mip_ext_regkey_spi_decode(&v, e, NULL) != 0)
			return;
		check(mip_ext_regkey_spi_encode(&w, &v) == 0);
		check_same_ext(&w, msg, e);
		return;
	}
	case MIP_EXT_MN_PUBKEY: {
		struct mip_ext_mn_pubkey v;

		if (mip_ext_mn_pubkey_decode(&v, e, NULL) != 0)
			return;
		check(mip_ext_mn_pubkey_encode(&w, &v) == 0);
		check_same_ext(&w, msg, e);
		return;
	}
	case MIP_EXT_REGKEY_REQ: {
		struct mip_ext_regkey_req v;

		if (mip_ext_regkey_req_decode(&v, e, NULL) != 0)
			return;
		check(mip_ext_regkey_req_is_dh(&v) == (e->len != 0));
		check(mip_ext_regkey_req_encode(&w, &v) == 0);
		check_same_ext(&w, msg, e);
		return;
	}
	case MIP_EXT_FA_PUBKEY:
	case MIP_EXT_HM_KEY_REP:
	case MIP_EXT_FA_KEY_REP:
	case MIP_EXT_MN_PUBKEY_REP:
	case MIP_EXT_FA_PUBKEY_REP:
	case MIP_EXT_DH_KEY_REP: {
		struct mip_ext_regkey_key v;

		if (mip_ext_regkey_key_decode(&v, e, NULL) != 0)
			return;
		check(mip_ext_regkey_key_encode(&w, &v) == 0);
		check_same_ext(&w, msg, e);
		return;
	}
	default:
		return;
	}
}

static void
check_typed_exts(const uint8_t *msg, const struct mip_exts *x,
    const struct mip_profile *prof)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		check_typed_ext(msg, &x->e[i], prof);
}

/* Encoding must give the input back; decoding that must match. */
static void
check_bytes(mip_ssize n, const uint8_t *data, size_t size)
{
	check(n >= 0 && (size_t)n == size && memcmp(out, data, size) == 0);
}

static void
check_messages(const uint8_t *data, size_t size, const struct mip_profile *prof)
{
	const struct mip_profile *typed =
	    prof != NULL ? prof : &mip_profile_default;
	static struct mip_bu bu, bu2;
	static struct mip_ba ba, ba2;
	struct mip_bw bw, bw2;
	struct mip_br br, br2;

	if (mip_bw_decode(&bw, data, size, prof, NULL) == 0) {
		check_bytes(
		    mip_bw_encode(out, sizeof(out), &bw, prof), data, size);
		check(mip_bw_decode(&bw2, out, size, prof, NULL) == 0 &&
		    mip_bw_equal(&bw, &bw2));
	}
	if (mip_br_decode(&br, data, size, prof, NULL) == 0) {
		check_bytes(
		    mip_br_encode(out, sizeof(out), &br, prof), data, size);
		check(mip_br_decode(&br2, out, size, prof, NULL) == 0 &&
		    mip_br_equal(&br, &br2));
	}
	if (mip_bu_decode(&bu, data, size, prof, NULL) == 0) {
		check_bytes(
		    mip_bu_encode(out, sizeof(out), &bu, prof), data, size);
		check(mip_bu_decode(&bu2, out, size, prof, NULL) == 0 &&
		    mip_bu_equal(&bu, &bu2));
		check_typed_exts(data, &bu.exts, typed);
	}
	if (mip_ba_decode(&ba, data, size, prof, NULL) == 0) {
		check_bytes(
		    mip_ba_encode(out, sizeof(out), &ba, prof), data, size);
		check(mip_ba_decode(&ba2, out, size, prof, NULL) == 0 &&
		    mip_ba_equal(&ba, &ba2));
		check_typed_exts(data, &ba.exts, typed);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned ctxs[] = { MIP_IN_REG_REQ, MIP_IN_REG_REP,
		MIP_IN_BU, MIP_IN_BA };
	static struct mip_exts x;
	struct mip_profile off = mip_profile_default, moved;
	struct mip_bw bw;
	size_t i;

	check_messages(data, size, NULL);
	/* RO off: every RO decoder refuses */
	off.ro = false;
	check(
	    mip_bw_decode(&bw, data, size, &off, NULL) == MIP_ERR_UNSUPPORTED);
	/* renumbered: the Type octet selects the profile's numbers */
	if (size > 0 && data[0] >= 200 && data[0] <= 203) {
		moved = mip_profile_default;
		moved.bw_type = 200;
		moved.br_type = 201;
		moved.bu_type = 202;
		moved.ba_type = 203;
		check_messages(data, size, &moved);
	}
	for (i = 0; i < sizeof(ctxs) / sizeof(ctxs[0]); i++) {
		if (mip_ext_walk(&x, data, size, 0, MIP_SPACE_REG, ctxs[i],
			NULL, NULL) == 0)
			check_typed_exts(data, &x, &mip_profile_default);
	}
	return 0;
}
