/* SPDX-License-Identifier: ISC */
/*
 * Aligned text tables for mipctl's human output: cells are collected row
 * by row, then printed with every column as wide as its widest cell, two
 * spaces apart, the last column unpadded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

struct table {
	size_t ncols, ncells, cap;
	char **cells;
};

struct table *
table_new(size_t ncols)
{
	struct table *t = calloc(1, sizeof(*t));

	if (t != NULL)
		t->ncols = ncols == 0 ? 1 : ncols;
	return t;
}

int
table_add(struct table *t, const char *cell)
{
	char **grown;

	if (t->ncells == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		grown = realloc(t->cells, t->cap * sizeof(*t->cells));
		if (grown == NULL)
			return -1;
		t->cells = grown;
	}
	if ((t->cells[t->ncells] = strdup(cell)) == NULL)
		return -1;
	t->ncells++;
	return 0;
}

void
table_print(FILE *f, const struct table *t, const char *indent)
{
	size_t *w = calloc(t->ncols, sizeof(*w));
	size_t i, c, n;

	if (w == NULL)
		return;
	for (i = 0; i < t->ncells; i++) {
		n = strlen(t->cells[i]);
		if (n > w[i % t->ncols])
			w[i % t->ncols] = n;
	}
	for (i = 0; i < t->ncells; i++) {
		c = i % t->ncols;
		if (c == 0)
			fputs(indent, f);
		if (c + 1 == t->ncols || i + 1 == t->ncells)
			fprintf(f, "%s\n", t->cells[i]);
		else
			fprintf(f, "%-*s  ", (int)w[c], t->cells[i]);
	}
	free(w);
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}
