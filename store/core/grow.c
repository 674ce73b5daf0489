/*
 * grow.c - arnet_grow: doubling arrays for the store's reports and lists.
 *
 * Doubling keeps the copies amortised O(1) per element; the pointer is
 * read and written through memcpy so that any T ** may be passed.
 */
#include "arnet_grow.h"
#include "arnet_err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
arnet_grow(void *vp, size_t n, size_t *cap, size_t size, size_t first)
{
	void *v;
	if (n < *cap) {
		return ARNET_OK;
	}
	size_t c = *cap ? *cap * 2 : first;
	if (c < *cap || c > SIZE_MAX / size) {
		return ARNET_ENOMEM;
	}
	memcpy(&v, vp, sizeof(v));
	void *p = realloc(v, c * size);
	if (p == NULL) {
		return ARNET_ENOMEM;
	}
	memcpy(vp, &p, sizeof(p));
	*cap = c;
	return ARNET_OK;
}

void
arnet_grow_free(void *vp, size_t *n)
{
	void *v, *none = NULL;
	memcpy(&v, vp, sizeof(v));
	free(v);
	memcpy(vp, &none, sizeof(none));
	*n = 0;
}
