/* SPDX-License-Identifier: ISC */
/*
 * mipctl's decode-to-JSON path (ctl/dissect.c and the printers) over
 * arbitrary bytes: as a UDP port-434 payload with Route Optimization on and
 * off, as an ICMP message and as an IPv4 packet, with a few keys so that
 * authenticator checks run. Nothing may crash; every JSON value is built,
 * serialised and freed. An object without "error" anywhere must carry a
 * "message", and a failure flag must come with an error object.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {
	"192.0.2.1:256:000102030405060708090a0b0c0d0e0f",
	"192.0.2.10:256:0f0e0d0c0b0a09080706050403020100:keyed-md5",
	"192.0.2.1:257:000102030405060708090a0b0c0d0e0f:hmac-sha1",
	"203.0.113.1:4096:a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
};

static struct ctl_keyring ring;

static void
setup(void)
{
	static bool done;
	const char *why;
	size_t i;

	if (done)
		return;
	done = true;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keyring_add(&ring, keys[i], &why) != 0)
			__builtin_trap();
}

static void
one(enum dissect_kind kind, bool ro, const uint8_t *data, size_t size)
{
	struct dissect_opts o;
	bool failed = false;
	json_t *j;
	char *s;

	o.prof = mip_profile_default;
	o.prof.ro = ro;
	o.keys = &ring;
	j = dissect(kind, data, size, &o, &failed);
	if (j == NULL)
		return; /* out of memory */
	s = json_dumps(j, JSON_COMPACT);
	if (s != NULL) {
		bool has_error = strstr(s, "\"error\":") != NULL;

		/* A message object names its kind; failures say why. */
		if (failed != has_error)
			__builtin_trap();
		if (!failed && json_object_get(j, "message") == NULL)
			__builtin_trap();
		free(s);
	}
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	/* Every reading is tried; the first octet decides which gets far. */
	one(DISSECT_UDP, true, data, size);
	one(DISSECT_UDP, false, data, size);
	one(DISSECT_ICMP, true, data, size);
	one(DISSECT_IP, true, data, size);
	return 0;
}
