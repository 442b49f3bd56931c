/* SPDX-License-Identifier: ISC */
/*
 * What the configuration tests share (config_check.h): parse expecting
 * success or exactly one error, and the print/parse round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_check.h"
#include "helper.h"
#include "mip/mip_err.h"

/* Parses |text| (file "t.conf") expecting success. */
struct config *
ok(const char *text)
{
	struct config_errors e;
	struct config *c = NULL;
	int rc = config_parse_string(text, "t.conf", NULL, &c, &e);

	if (rc != 0) {
		config_errors_print(stderr, &e);
		fail_msg("parse failed: %d", rc);
	}
	assert_non_null(c);
	assert_int_equal(e.n, 0);
	config_errors_free(&e);
	return c;
}

/* Parses |text| expecting exactly one error, on |line|, containing |what|. */
void
one_error(const char *text, unsigned line, const char *what)
{
	struct config_errors e;
	struct config *c = (struct config *)1;
	char want[32];

	assert_int_equal(
	    config_parse_string(text, "t.conf", NULL, &c, &e), MIP_ERR_INVAL);
	assert_null(c);
	if (e.n != 1 || e.v[0].line != line ||
	    strstr(e.v[0].msg, what) == NULL) {
		config_errors_print(stderr, &e);
		fail_msg("want one error on line %u with '%s'", line, what);
	}
	if (line != 0) {
		snprintf(want, sizeof(want), "t.conf:%u: ", line);
		assert_true(strncmp(e.v[0].msg, want, strlen(want)) == 0);
	}
	config_errors_free(&e);
}

char *
print_str(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(config_print(f, c), 0);
	fclose(f);
	return buf;
}

void
round_trip(const struct config *c)
{
	char *text = print_str(c), *again;
	struct config *d = ok(text);

	if (!config_equal(c, d)) {
		fprintf(stderr, "%s", text);
		fail_msg("round trip differs");
	}
	again = print_str(d);
	assert_string_equal(text, again);
	free(text);
	free(again);
	config_free(d);
}
