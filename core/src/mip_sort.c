/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <string.h>

#include "mip_sort.h"

static void
swap(uint8_t *a, uint8_t *b, size_t size)
{
	uint8_t t[64];

	while (size > 0) {
		size_t k = size < sizeof(t) ? size : sizeof(t);

		memcpy(t, a, k);
		memcpy(a, b, k);
		memcpy(b, t, k);
		a += k;
		b += k;
		size -= k;
	}
}

static void
sift(uint8_t *a, size_t i, size_t n, size_t size, mip_sort_cmp *cmp)
{
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			return;
		if (c + 1 < n && cmp(a + (c + 1) * size, a + c * size) > 0)
			c++;
		if (cmp(a + c * size, a + i * size) <= 0)
			return;
		swap(a + i * size, a + c * size, size);
		i = c;
	}
}

void
mip_sort(void *base, size_t n, size_t size, mip_sort_cmp *cmp)
{
	uint8_t *a = base;
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift(a, i, n, size, cmp);
	for (i = n; i-- > 1;) {
		swap(a, a + i * size, size);
		sift(a, 0, i, size, cmp);
	}
}
