/* SPDX-License-Identifier: ISC */
/*
 * The control socket's requests and answers (docs/json-fields.md, section
 * "control socket"), apart from the socket itself (ctl_server.c):
 * ctl_json.c dispatches one request, ctl_json_show.c builds the "show"
 * objects from libmip's introspection API and the hooks.
 */
#ifndef MIPD_CTL_JSON_H
#define MIPD_CTL_JSON_H

#include <jansson.h>

#include "ctl_server.h"

/* Longest request line, newline excluded. */
#define CTL_LINE_MAX 4096

/*
 * ctl_json_request answers the request line |line| (|len| octets, no
 * newline). |started| is when the server opened (status "uptime").
 * Always returns an object with "ok" (NULL only when memory ran out).
 */
json_t *ctl_json_request(const struct ctl_hooks *hooks, const char *line,
    size_t len, mip_tstamp started);

/* ctl_json_error builds {"ok":false,"error":|fmt|...}. */
json_t *ctl_json_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * ctl_json_show builds the answer to "show" |what| at |now|: an object
 * with "ok":true and a member named |what|, or an error object.
 */
json_t *ctl_json_show(const struct ctl_hooks *hooks, const char *what,
    const struct mip_now *now, mip_tstamp started);

#endif
