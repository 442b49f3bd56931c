/* SPDX-License-Identifier: ISC */
/*
 * mipd's configuration parser (daemon/config*.c) over arbitrary text. It
 * must be total: every input gives a config or at least one error, each
 * on a line inside the input. A config that parses passes
 * mip_node_config_check, and printing it and parsing the output gives an
 * equal config. KeyFile paths are resolved against a directory that does
 * not exist, so relative ones never read anything.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(const struct config *c)
{
	struct config_errors e;
	struct config *d = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return;
	if (config_print(f, c) != 0)
		__builtin_trap();
	fclose(f);
	if (config_parse_string(buf, "/nonexistent/fuzz.conf", NULL, &d, &e) !=
		0 ||
	    !config_equal(c, d))
		__builtin_trap();
	config_free(d);
	config_errors_free(&e);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_errors e;
	struct config *c = NULL;
	char *text = malloc(size + 1);
	unsigned lines = 1;
	size_t i;
	int rc;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (i = 0; text[i] != '\0'; i++)
		lines += text[i] == '\n';
	rc = config_parse_string(text, "/nonexistent/fuzz.conf", NULL, &c, &e);
	if (rc == 0) {
		if (c == NULL || e.n != 0 ||
		    mip_node_config_check(&c->node, NULL) != 0)
			__builtin_trap();
		round_trip(c);
		config_free(c);
	} else if (rc != MIP_ERR_NOMEM) {
		if (c != NULL || e.n == 0)
			__builtin_trap();
		for (i = 0; i < e.n; i++)
			if (e.v[i].line > lines || e.v[i].msg == NULL)
				__builtin_trap();
		/* Exactly one message per line. */
		for (i = 1; i < e.n; i++)
			if (e.v[i].line != 0 && e.v[i].line == e.v[i - 1].line)
				__builtin_trap();
	}
	config_errors_free(&e);
	free(text);
	return 0;
}
