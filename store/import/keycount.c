/*
 * keycount.c - counting set of byte strings, open addressing, load <= 1/2;
 * the keys' bytes in one arena (no allocation per key).
 */
#include "keycount.h"

#include "import_hash.h"

#include <stdlib.h>
#include <string.h>

/* 24 bytes; the key's bytes are in the arena. */
typedef struct slot {
	uint64_t hash;
	uint32_t off, n; /* in the arena; n == UINT32_MAX: empty */
	uint32_t count, line;
} slot;

struct keycount {
	slot *s;
	size_t cap, used;
	uint8_t *arena; /* every key, one after the other */
	size_t alen, acap;
};

#define EMPTY UINT32_MAX

static slot *
slots_new(size_t cap)
{
	slot *s = malloc(cap * sizeof(*s));
	for (size_t i = 0; s != NULL && i < cap; i++) {
		s[i].n = EMPTY;
	}
	return s;
}

keycount *
keycount_new(void)
{
	keycount *k = calloc(1, sizeof(*k));
	if (k != NULL && (k->s = slots_new(64)) == NULL) {
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
		free(k->s);
		free(k->arena);
		free(k);
	}
}

static slot *
find(slot *s, size_t cap, const uint8_t *arena, const uint8_t *key, size_t n,
     uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (s[i].n != EMPTY &&
	       !(s[i].hash == h && s[i].n == n &&
	         (n == 0 || memcmp(arena + s[i].off, key, n) == 0))) {
		i = (i + 1) & (cap - 1);
	}
	return &s[i];
}

static int
grow(keycount *k)
{
	size_t cap = k->cap * 2;
	slot *s = slots_new(cap);
	if (s == NULL) {
		return -1;
	}
	for (size_t i = 0; i < k->cap; i++) {
		if (k->s[i].n != EMPTY) { /* keys are unique: the first free */
			size_t j = (size_t)k->s[i].hash & (cap - 1);
			while (s[j].n != EMPTY) {
				j = (j + 1) & (cap - 1);
			}
			s[j] = k->s[i];
		}
	}
	free(k->s);
	k->s = s;
	k->cap = cap;
	return 0;
}

/* Room for n more bytes in the arena. */
static int
reserve(keycount *k, size_t n)
{
	if (k->alen + n <= k->acap) {
		return 0;
	}
	size_t cap = k->acap ? k->acap : 4096;
	while (cap < k->alen + n) {
		cap *= 2;
	}
	if (cap > UINT32_MAX) {
		return -1; /* offsets are 32-bit: 4 GiB of keys */
	}
	uint8_t *a = realloc(k->arena, cap);
	if (a == NULL) {
		return -1;
	}
	k->arena = a;
	k->acap = cap;
	return 0;
}

int
keycount_add(keycount *k, const void *key, size_t n, uint32_t line,
             uint32_t *before, uint32_t *first_line)
{
	if (n >= EMPTY || (2 * (k->used + 1) > k->cap && grow(k) != 0)) {
		return -1;
	}
	uint64_t h = import_hash(key, n);
	slot *s = find(k->s, k->cap, k->arena, key, n, h);
	if (s->n == EMPTY) {
		if (reserve(k, n) != 0) {
			return -1;
		}
		if (n > 0) {
			memcpy(k->arena + k->alen, key, n);
		}
		s->off = (uint32_t)k->alen;
		s->n = (uint32_t)n;
		s->hash = h;
		s->count = 0;
		s->line = line;
		k->alen += n;
		k->used++;
	}
	*before = s->count++;
	*first_line = s->line;
	return 0;
}
