/*
 * keycount.h - a counting set of byte strings (internal to store/).
 *
 * An import uses it to find what repeats inside one file: invoice numbers
 * and customer ids that must not, and identical payment rows that are
 * counted so each keeps its own identity. Open addressing with FNV-1a;
 * keys are copied. Not thread-safe.
 */
#ifndef ARNET_STORE_KEYCOUNT_H
#define ARNET_STORE_KEYCOUNT_H

#include <stddef.h>
#include <stdint.h>

typedef struct keycount keycount;

/* keycount_new: an empty set; NULL when out of memory. */
keycount *keycount_new(void);
void keycount_free(keycount *k);

/*
 * keycount_add: count one more occurrence of key[0..n). *before gets the
 * count before this one (0: first time) and *first_line the `line` given
 * with the first occurrence. Returns 0, or -1 when out of memory.
 */
int keycount_add(keycount *k, const void *key, size_t n, uint32_t line,
                 uint32_t *before, uint32_t *first_line);

#endif
