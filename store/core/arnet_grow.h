/*
 * arnet_grow.h - room for one more element in a malloc'd array that
 * doubles as it fills: the one home of the "n == cap: realloc twice the
 * size" step every report, queue and list of the store takes.
 */
#ifndef ARNET_GROW_H
#define ARNET_GROW_H

#include <stddef.h>

/*
 * arnet_grow: make room for element n of an array of `size`-byte
 * elements whose pointer is at vp (a T ** passed as void *) and whose
 * capacity is *cap: when n == *cap, reallocate to twice *cap (or to
 * `first` when *cap is 0) and update *vp and *cap. ARNET_OK, or
 * ARNET_ENOMEM with *vp and *cap unchanged (the array is still the
 * caller's to free).
 */
int arnet_grow(void *vp, size_t n, size_t *cap, size_t size, size_t first)
        __attribute__((warn_unused_result));

/* arnet_grow_free: free the array at vp (a T ** passed as void *) and
 * leave it empty: *vp NULL and *n 0. */
void arnet_grow_free(void *vp, size_t *n);

/* arnet_grow for an array `v` of a known type: ARNET_GROW(&r->rows, n,
 * &cap, 16). */
#define ARNET_GROW(vpp, n, cap, first)                                         \
	arnet_grow((vpp), (n), (cap), sizeof(**(vpp)), (first))

#endif /* ARNET_GROW_H */
