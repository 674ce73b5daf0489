/*
 * replay.c - the signed requests seen: see replay.h.
 *
 * Three arrays, fixed at creation:
 *   - a FIFO ring of the entries in the order taken (each kept the same
 *     time, so they expire in that order too);
 *   - an open-addressing index of their tags (linear probing, twice the
 *     ring's size; deletion by backward shift, so no tombstones build
 *     up);
 *   - the askers, with how many entries each holds (open addressing;
 *     an asker stays once seen, and there are at most as many as the
 *     roster has members).
 * A tag is SipHash-2-4 (crypto_shorthash) under a random key of the
 * asker and the nonce; 0 marks an empty slot.
 */
#include "replay.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ASKERS_MAX 8192 /* twice ARNET_ROSTER_MAX_CERTS */

typedef struct entry {
	uint64_t tag;
	int64_t expires;
	uint32_t asker; /* slot in askers */
} entry;

typedef struct asker_slot {
	uint64_t tag; /* 0: free */
	uint32_t count;
} asker_slot_t;

struct replay_cache {
	pthread_mutex_t mu;
	uint8_t key[crypto_shorthash_KEYBYTES];
	size_t cap, per_asker;
	int64_t keep;
	entry *ring;
	size_t head, n;
	uint64_t *index; /* 2 * cap slots */
	size_t imask;
	asker_slot_t *askers; /* ASKERS_MAX slots */
};

static uint64_t
tag_of(const replay_cache *c, const uint8_t *in, size_t len)
{
	uint8_t h[crypto_shorthash_BYTES];
	uint64_t t;
	crypto_shorthash(h, in, len, c->key);
	memcpy(&t, h, sizeof(t));
	return t != 0 ? t : 1;
}

replay_cache *
replay_new(size_t cap, size_t per_asker, int64_t keep)
{
	size_t n = 16;
	while (n < cap) {
		n *= 2;
	}
	replay_cache *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		return NULL;
	}
	c->ring = calloc(n, sizeof(*c->ring));
	c->index = calloc(2 * n, sizeof(*c->index));
	c->askers = calloc(ASKERS_MAX, sizeof(*c->askers));
	if (c->ring == NULL || c->index == NULL || c->askers == NULL) {
		replay_free(c);
		return NULL;
	}
	c->cap = n;
	c->imask = 2 * n - 1;
	c->per_asker = per_asker;
	c->keep = keep;
	crypto_shorthash_keygen(c->key);
	pthread_mutex_init(&c->mu, NULL);
	return c;
}

void
replay_free(replay_cache *c)
{
	if (c == NULL) {
		return;
	}
	if (c->cap != 0) {
		pthread_mutex_destroy(&c->mu);
	}
	free(c->ring);
	free(c->index);
	free(c->askers);
	free(c);
}

/* The index slot holding t, or the empty one where it would go. */
static size_t
probe(const replay_cache *c, uint64_t t)
{
	size_t i = (size_t)t & c->imask;
	while (c->index[i] != 0 && c->index[i] != t) {
		i = (i + 1) & c->imask;
	}
	return i;
}

/* Remove the tag at slot i, shifting back the entries after it that
 * would no longer be found past the hole. */
static void
index_delete(replay_cache *c, size_t i)
{
	size_t j = i;
	for (;;) {
		c->index[i] = 0;
		for (;;) {
			j = (j + 1) & c->imask;
			if (c->index[j] == 0) {
				return;
			}
			size_t home = (size_t)c->index[j] & c->imask;
			/* j's entry may fill the hole at i unless its home
			 * lies cyclically in (i, j]. */
			int stays = i <= j ? (i < home && home <= j)
			                   : (i < home || home <= j);
			if (!stays) {
				break;
			}
		}
		c->index[i] = c->index[j];
		i = j;
	}
}

static void
expire(replay_cache *c, int64_t now)
{
	while (c->n > 0 && c->ring[c->head].expires <= now) {
		entry *e = &c->ring[c->head];
		size_t i = probe(c, e->tag);
		if (c->index[i] == e->tag) {
			index_delete(c, i);
		}
		c->askers[e->asker].count--;
		c->head = (c->head + 1) & (c->cap - 1);
		c->n--;
	}
}

/* The asker's slot (made when new), or -1 when the table is full. */
static long
find_asker(replay_cache *c, uint64_t t)
{
	size_t i = (size_t)t & (ASKERS_MAX - 1);
	for (size_t k = 0; k < ASKERS_MAX; k++) {
		if (c->askers[i].tag == t) {
			return (long)i;
		}
		if (c->askers[i].tag == 0) {
			c->askers[i].tag = t;
			return (long)i;
		}
		i = (i + 1) & (ASKERS_MAX - 1);
	}
	return -1;
}

int
replay_check(replay_cache *c, const uint8_t asker[32], const uint8_t nonce[16],
             int64_t now)
{
	uint8_t both[48];
	memcpy(both, asker, 32);
	memcpy(both + 32, nonce, 16);
	uint64_t t = tag_of(c, both, sizeof(both));
	uint64_t at = tag_of(c, asker, 32);
	int rv = REPLAY_NEW;
	pthread_mutex_lock(&c->mu);
	expire(c, now);
	size_t i = probe(c, t);
	long a;
	if (c->index[i] == t) {
		rv = REPLAY_SEEN;
	} else if (c->n == c->cap || (a = find_asker(c, at)) < 0 ||
	           c->askers[a].count >= c->per_asker) {
		rv = REPLAY_FULL;
	} else {
		c->index[i] = t;
		entry *e = &c->ring[(c->head + c->n) & (c->cap - 1)];
		e->tag = t;
		e->expires = now + c->keep;
		e->asker = (uint32_t)a;
		c->askers[a].count++;
		c->n++;
	}
	pthread_mutex_unlock(&c->mu);
	return rv;
}

size_t
replay_size(replay_cache *c)
{
	pthread_mutex_lock(&c->mu);
	size_t n = c->n;
	pthread_mutex_unlock(&c->mu);
	return n;
}
