/* SPDX-License-Identifier: ISC */
/*
 * Heapsort for the core's start-up tables (the core links no libc qsort):
 * O(n log n) in the worst case, in place, not stable.
 */
#ifndef MIP_SORT_H
#define MIP_SORT_H

#include <stddef.h>

/* |cmp| returns <0, 0 or >0 as |a| sorts before, with or after |b|. */
typedef int mip_sort_cmp(const void *a, const void *b);

void mip_sort(void *base, size_t n, size_t size, mip_sort_cmp *cmp);

#endif
