/* SPDX-License-Identifier: ISC */
/*
 * mipctl show: asks mipd for one of its tables (status, bindings,
 * visitors, agents, registration, cache, sa, stats) and prints the answer with
 * -j as the server's JSON line, otherwise as text: a list of objects as an
 * aligned table (one column per field, nested fields joined with a dot),
 * an object as aligned "field value" lines followed by its lists as
 * tables. The text follows the JSON, so every field of
 * docs/json-fields.md ("control socket") shows up in both.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

static const char *const whats[] = { "status", "bindings", "visitors", "agents",
	"registration", "cache", "sa", "stats" };

#define CELL_MAX 256

static bool
is_table(json_t *v)
{
	return json_is_array(v) && json_array_size(v) > 0 &&
	    json_is_object(json_array_get(v, 0));
}

/* One value as a cell: null "-", booleans yes/no, lists joined by ','. */
static void
cell(json_t *v, char *out, size_t cap)
{
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_NULL:
		snprintf(out, cap, "-");
		break;
	case JSON_TRUE:
		snprintf(out, cap, "yes");
		break;
	case JSON_FALSE:
		snprintf(out, cap, "no");
		break;
	case JSON_INTEGER:
		snprintf(out, cap, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(out, cap, "%g", json_real_value(v));
		break;
	case JSON_STRING:
		snprintf(out, cap, "%s",
		    json_string_length(v) > 0 ? json_string_value(v) : "-");
		break;
	case JSON_ARRAY:
		out[0] = '\0';
		for (i = 0; i < json_array_size(v); i++) {
			n = strlen(out);
			if (n + 2 >= cap)
				break;
			if (i > 0)
				out[n++] = ',';
			cell(json_array_get(v, i), out + n, cap - n);
		}
		if (out[0] == '\0')
			snprintf(out, cap, "-");
		break;
	case JSON_OBJECT:
		snprintf(out, cap, "{...}");
		break;
	}
}

/*
 * flatten adds the scalar fields of object |o| to |flat| under dotted
 * names ("counters.encap_pkts"); lists of objects go to |lists| when it
 * is not NULL (else they show as a count).
 */
static void
flatten(json_t *o, const char *prefix, json_t *flat, json_t *lists)
{
	char name[CELL_MAX];
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v)
	{
		snprintf(name, sizeof(name), "%s%s%s", prefix,
		    prefix[0] != '\0' ? "." : "", k);
		if (json_is_object(v))
			flatten(v, name, flat, lists);
		else if (is_table(v) && lists != NULL)
			json_object_set(lists, name, v);
		else if (is_table(v))
			json_object_set_new(flat, name,
			    json_integer((json_int_t)json_array_size(v)));
		else
			json_object_set(flat, name, v);
	}
}

static void
header(char *out, size_t cap, const char *name)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < cap; i++)
		out[i] = (char)toupper((unsigned char)name[i]);
	out[i] = '\0';
}

/* Prints the list of objects |a| as a table, columns from its first row. */
static int
print_table(json_t *a, const char *indent)
{
	json_t *first = json_object(), *row;
	struct table *t;
	char buf[CELL_MAX];
	const char *k;
	json_t *v;
	size_t i;
	int rc = 0;

	if (first == NULL)
		return -1;
	flatten(json_array_get(a, 0), "", first, NULL);
	if ((t = table_new(json_object_size(first))) == NULL) {
		json_decref(first);
		return -1;
	}
	json_object_foreach(first, k, v)
	{
		header(buf, sizeof(buf), k);
		rc |= table_add(t, buf);
	}
	for (i = 0; i < json_array_size(a) && rc == 0; i++) {
		if ((row = json_object()) == NULL) {
			rc = -1;
			break;
		}
		flatten(json_array_get(a, i), "", row, NULL);
		json_object_foreach(first, k, v)
		{
			cell(json_object_get(row, k) != NULL
				? json_object_get(row, k)
				: json_null(),
			    buf, sizeof(buf));
			rc |= table_add(t, buf);
		}
		json_decref(row);
	}
	if (rc == 0)
		table_print(stdout, t, indent);
	table_free(t);
	json_decref(first);
	return rc;
}

/* Prints object |o| as "field value" lines, then its lists as tables. */
static int
print_object(json_t *o)
{
	json_t *flat = json_object(), *lists = json_object();
	struct table *t = table_new(2);
	char buf[CELL_MAX];
	const char *k;
	json_t *v;
	int rc = flat == NULL || lists == NULL || t == NULL ? -1 : 0;

	if (rc == 0)
		flatten(o, "", flat, lists);
	json_object_foreach(flat, k, v)
	{
		cell(v, buf, sizeof(buf));
		rc |= table_add(t, k);
		rc |= table_add(t, buf);
	}
	if (rc == 0)
		table_print(stdout, t, "");
	json_object_foreach(lists, k, v)
	{
		if (rc == 0) {
			printf("\n%s:\n", k);
			rc = print_table(v, "  ");
		}
	}
	table_free(t);
	json_decref(flat);
	json_decref(lists);
	return rc;
}

static int
render(const char *what, json_t *v)
{
	if (json_is_object(v))
		return print_object(v);
	if (is_table(v))
		return print_table(v, "");
	if (json_is_array(v)) {
		printf("no %s\n", what);
		return 0;
	}
	return -1;
}

int
cmd_show(int argc, char **argv, const struct ctl_opts *opts)
{
	json_t *answer;
	char *line;
	size_t i;
	int rc;

	for (i = 0; argc == 2 && i < sizeof(whats) / sizeof(whats[0]); i++)
		if (strcmp(argv[1], whats[i]) == 0)
			break;
	if (argc != 2 || i == sizeof(whats) / sizeof(whats[0])) {
		fprintf(stderr,
		    "usage: mipctl show status | bindings | "
		    "visitors | agents | registration | cache | "
		    "sa | stats\n");
		return CTL_EXIT_USAGE;
	}
	if (ctl_request(opts,
		json_pack("{s:s, s:s}", "cmd", "show", "what", argv[1]),
		&answer, &line) != 0)
		return CTL_EXIT_FAIL;
	if (opts->json)
		printf("%s\n", line);
	if (ctl_answer_failed(NULL, answer))
		rc = CTL_EXIT_FAIL;
	else if (opts->json)
		rc = CTL_EXIT_OK;
	else if (render(argv[1], json_object_get(answer, argv[1])) != 0) {
		fprintf(stderr, "mipctl: show %s: cannot print the answer\n",
		    argv[1]);
		rc = CTL_EXIT_FAIL;
	} else
		rc = CTL_EXIT_OK;
	json_decref(answer);
	free(line);
	return rc;
}
