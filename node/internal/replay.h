/*
 * replay.h - the signed requests a node has seen (replay.c; internal to
 * node/), so that none is answered twice.
 *
 * A sync request carries the asker's key, its time and a random 16-byte
 * nonce, under the asker's signature; the server takes it only within
 * ARNET_SYNC_SKEW of its own clock. A copy sent again within that window
 * (captured on a link in clear, or replayed by a peer) is refused: the
 * cache keeps every (asker, nonce) it took for twice the window.
 *
 * Bounded whatever members do: at most `cap` entries in all and
 * `per_asker` for one asker (a member sending fresh requests as fast as
 * it can fills only its own share, and is refused once it has, while
 * the others are served). An asker is counted here only after its
 * request's signature verified, so strangers take no room. Checks cost
 * a keyed hash and a probe, O(1); expired entries go first in first out.
 * Thread-safe (one mutex).
 */
#ifndef ARNET_NODE_REPLAY_H
#define ARNET_NODE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

typedef struct replay_cache replay_cache;

/* The answers of replay_check. */
enum {
	REPLAY_NEW = 0, /* not seen: remembered from now on */
	REPLAY_SEEN,    /* seen within the window: refuse it */
	REPLAY_FULL     /* this asker's share (or the cache) is full: refuse */
};

/* A cache of at most cap entries (rounded up to a power of two), at most
 * per_asker of them for one asker, each kept `keep` seconds. NULL
 * without memory. */
replay_cache *replay_new(size_t cap, size_t per_asker, int64_t keep);
void replay_free(replay_cache *c);

/* Whether (asker, nonce) is new at `now` (UTC seconds, our clock). */
int replay_check(replay_cache *c, const uint8_t asker[32],
                 const uint8_t nonce[16], int64_t now);

/* Entries held now (tests, status). */
size_t replay_size(replay_cache *c);

#endif
