/* SPDX-License-Identifier: ISC */
/*
 * Extension walker over arbitrary bytes, in every space and context, with
 * Route Optimization on and off. Parsed lists must re-encode to the input.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "mip/mip_ext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned ctxs[] = { MIP_IN_REG_REQ, MIP_IN_REG_REP,
		MIP_IN_BU, MIP_IN_BA, MIP_IN_ADV };
	static uint8_t out[70000];
	struct mip_profile prof = mip_profile_default;
	struct mip_exts x;
	size_t i;

	if (size < 1)
		return 0;
	prof.ro = (data[0] & 1) != 0;
	for (i = 0; i < sizeof(ctxs) / sizeof(ctxs[0]); i++) {
		enum mip_ext_space sp =
		    ctxs[i] == MIP_IN_ADV ? MIP_SPACE_ICMP : MIP_SPACE_REG;
		struct mip_wbuf w;

		if (mip_ext_walk(&x, data, size, 1, sp, ctxs[i], &prof, NULL) !=
		    0)
			continue;
		mip_wbuf_init(&w, out, sizeof(out));
		if (mip_exts_encode(&w, &x) != 0 || w.off != size - 1 ||
		    memcmp(out, data + 1, size - 1) != 0)
			__builtin_trap();
	}
	return 0;
}
