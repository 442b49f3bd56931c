/* SPDX-License-Identifier: ISC */
/*
 * mipsim's scenario parser over arbitrary text. It must be total: every
 * input gives a scenario or an error with a message and a line inside the
 * input. A scenario that parses must satisfy what the runner relies on
 * (names resolve, steps fall inside the run, flows stop after they start,
 * every node's configuration passes mip_node_config_check), and parsing
 * it again gives the same counts.
 */
#include <stdint.h>
#include <string.h>

#include "sim_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct scn *s)
{
	struct mip_node_config cfg;
	struct mip_if_config ifs[SCN_MAX_IFS];
	size_t i;

	for (i = 0; i < s->nnodes; i++) {
		scn_node_config(s, i, &cfg, ifs);
		if (cfg.roles != 0 && mip_node_config_check(&cfg, NULL) != 0)
			__builtin_trap();
	}
	for (i = 0; i < s->nflows; i++)
		if (s->flows[i].node < 0 ||
		    (size_t)s->flows[i].node >= s->nnodes ||
		    s->flows[i].stop <= s->flows[i].start ||
		    s->flows[i].stop > s->end || s->flows[i].interval == 0)
			__builtin_trap();
	for (i = 0; i < s->nsteps; i++) {
		const struct scn_step *st = &s->steps[i];

		if (!st->at_end && st->at > s->end)
			__builtin_trap();
		if (st->kind == SCN_STEP_EXPECT && st->expect.phase >= 0 &&
		    (size_t)st->expect.phase >= s->nphases)
			__builtin_trap();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scn s, again;
	struct scn_err err;
	unsigned lines = 1;
	size_t i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	memset(&err, 0, sizeof(err));
	if (scn_parse(&s, (const char *)data, size, "fuzz", &err) != 0) {
		if (err.msg[0] == '\0' || err.line > lines)
			__builtin_trap();
		return 0;
	}
	check(&s);
	if (scn_parse(&again, (const char *)data, size, "fuzz", NULL) != 0 ||
	    again.nnodes != s.nnodes || again.nsteps != s.nsteps ||
	    again.nflows != s.nflows || again.nphases != s.nphases)
		__builtin_trap();
	scn_free(&again);
	scn_free(&s);
	return 0;
}
