/*
 * keycount.c - counting set of byte strings, open addressing, load <= 1/2.
 */
#include "keycount.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
	uint8_t *key; /* NULL: empty */
	size_t n;
	uint64_t hash;
	uint32_t count, line;
} slot;

struct keycount {
	slot *s;
	size_t cap, used;
};

static uint64_t
fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 1099511628211ULL;
	}
	return h;
}

keycount *
keycount_new(void)
{
	keycount *k = calloc(1, sizeof(*k));
	if (k != NULL && (k->s = calloc(64, sizeof(slot))) == NULL) {
		free(k);
		return NULL;
	}
	if (k != NULL) {
		k->cap = 64;
	}
	return k;
}

void
keycount_free(keycount *k)
{
	if (k != NULL) {
		for (size_t i = 0; i < k->cap; i++) {
			free(k->s[i].key);
		}
		free(k->s);
		free(k);
	}
}

static slot *
find(slot *s, size_t cap, const uint8_t *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (s[i].key != NULL && !(s[i].hash == h && s[i].n == n &&
	                             memcmp(s[i].key, key, n) == 0)) {
		i = (i + 1) & (cap - 1);
	}
	return &s[i];
}

static int
grow(keycount *k)
{
	size_t cap = k->cap * 2;
	slot *s = calloc(cap, sizeof(slot));
	if (s == NULL) {
		return -1;
	}
	for (size_t i = 0; i < k->cap; i++) {
		if (k->s[i].key != NULL) {
			*find(s, cap, k->s[i].key, k->s[i].n, k->s[i].hash) =
			        k->s[i];
		}
	}
	free(k->s);
	k->s = s;
	k->cap = cap;
	return 0;
}

int
keycount_add(keycount *k, const void *key, size_t n, uint32_t line,
             uint32_t *before, uint32_t *first_line)
{
	if (2 * (k->used + 1) > k->cap && grow(k) != 0) {
		return -1;
	}
	uint64_t h = fnv1a(key, n);
	slot *s = find(k->s, k->cap, key, n, h);
	if (s->key == NULL) {
		if ((s->key = malloc(n ? n : 1)) == NULL) {
			return -1;
		}
		memcpy(s->key, key, n);
		s->n = n;
		s->hash = h;
		s->line = line;
		k->used++;
	}
	*before = s->count++;
	*first_line = s->line;
	return 0;
}
