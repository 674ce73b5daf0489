/*
 * import_hash.h - the one hash of store/import (private): 64-bit FNV-1a,
 * for the in-memory tables of one import (the counting set of keycount.c,
 * the customer cache of custcache.c). Never stored, never sent: it may
 * change with no format to keep.
 */
#ifndef ARNET_IMPORT_HASH_H
#define ARNET_IMPORT_HASH_H

#include <stddef.h>
#include <stdint.h>

/* import_hash: FNV-1a of p[0..n). */
static inline uint64_t
import_hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 1469598103934665603ULL; /* offset basis */
	for (size_t i = 0; i < n; i++) {
		h = (h ^ b[i]) * 1099511628211ULL; /* FNV prime */
	}
	return h;
}

#endif /* ARNET_IMPORT_HASH_H */
