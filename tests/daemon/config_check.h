/* SPDX-License-Identifier: ISC */
/* Helpers of the configuration tests (config_check.c). */
#ifndef CONFIG_CHECK_H
#define CONFIG_CHECK_H

#include "config.h"

/* Parses |text| (file "t.conf") expecting success. */
struct config *ok(const char *text);
/* Parses |text| expecting exactly one error, on |line|, containing |what|. */
void one_error(const char *text, unsigned line, const char *what);
/* config_print's output as a string (malloc'd). */
char *print_str(const struct config *c);
/* Printing |c| and parsing the text gives an equal config, which prints
 * the same. */
void round_trip(const struct config *c);

#endif
