/* SPDX-License-Identifier: ISC */
/*
 * Agent Advertisement and Agent Solicitation decoders over arbitrary bytes
 * (the whole input is one ICMP message). Whatever decodes must re-encode
 * to the input (apart from a bad checksum, which MIP_FUZZING lets through
 * and the encoder corrects) and decode again to an equal view.
 */
#include <stdint.h>
#include <string.h>

#include "mip/mip_adv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Equal to |data| except the checksum octets when |csum_ok| is false. */
static void
check_bytes(const uint8_t *out, mip_ssize n, const uint8_t *data, size_t size,
    bool csum_ok)
{
	if (n < 0 || (size_t)n != size || size < 4)
		__builtin_trap();
	if (csum_ok ? memcmp(out, data, size) != 0
		    : (memcmp(out, data, 2) != 0 ||
			  memcmp(out + 4, data + 4, size - 4) != 0))
		__builtin_trap();
}

static void
fuzz_adv(const uint8_t *data, size_t size)
{
	static uint8_t out[70000];
	static struct mip_adv a, b;
	struct mip_profile prof = mip_profile_default;
	mip_ssize n;

	if (mip_adv_decode(&a, data, size, NULL, NULL) != 0)
		return;
	(void)mip_adv_fault_str(mip_adv_check(&a));
	prof.s_mask = 0x0080;
	if (mip_adv_offers_s(&a, &prof) &&
	    (!a.is_agent || (a.mob.flags & 0x0080) == 0))
		__builtin_trap();
	n = mip_adv_encode(out, sizeof(out), &a);
	check_bytes(out, n, data, size, a.checksum_ok);
	if (mip_adv_decode(&b, out, (size_t)n, NULL, NULL) != 0 ||
	    !b.checksum_ok || !mip_adv_equal(&a, &b))
		__builtin_trap();
}

static void
fuzz_sol(const uint8_t *data, size_t size)
{
	static uint8_t out[70000];
	struct mip_sol s, t;
	mip_ssize n;

	if (mip_sol_decode(&s, data, size, NULL) != 0)
		return;
	n = mip_sol_encode(out, sizeof(out), &s);
	check_bytes(out, n, data, size, s.checksum_ok);
	if (mip_sol_decode(&t, out, (size_t)n, NULL) != 0 || !t.checksum_ok ||
	    t.reserved != s.reserved || t.extra_len != s.extra_len ||
	    (t.extra_len > 0 && memcmp(t.extra, s.extra, t.extra_len) != 0))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_adv(data, size);
	fuzz_sol(data, size);
	return 0;
}
