/*
 * grow.h - the growth rule of the store's in-memory lists (internal).
 *
 * A list that a scan fills (records of a subject, waiting records, the
 * admin's certificates) doubles when full, from a first size chosen for
 * its usual length.
 */
#ifndef ARNET_STORE_GROW_H
#define ARNET_STORE_GROW_H

#include <stddef.h>
#include <stdlib.h>

/*
 * st_grow: items (of *cap, n of them used, each size bytes) with room
 * for one more: items itself while n < *cap, otherwise reallocated to
 * twice *cap (first when *cap is 0) and *cap updated. NULL when memory
 * runs out; items and *cap are then as they were. On success the caller
 * owns the result in place of items.
 */
static inline void *
st_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap) {
		return items;
	}
	size_t c = *cap ? *cap * 2 : first;
	void *p = realloc(items, c * size);
	if (p != NULL) {
		*cap = c;
	}
	return p;
}

#endif
