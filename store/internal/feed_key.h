/*
 * feed_key.h - the key of one place in an author's feed (internal).
 *
 * The author's public key, then the seq big-endian, so that a feed is one
 * range of keys in seq order. It keys ST_RECORDS and ST_PENDING, is the
 * value of ST_BY_HASH, ends the keys of ST_SUBJECTS (subject, 0, feed key)
 * and begins those of ST_EQUIV (feed key, the rival's hash). store/log
 * writes these keys and store/doctor reads them back: the layout is here
 * once for both (docs/storage.md describes it).
 */
#ifndef ARNET_STORE_FEED_KEY_H
#define ARNET_STORE_FEED_KEY_H

#include "arnet_codec.h"
#include "arnet_keys.h"

#include <string.h>

enum st_feed_key_layout {
	ST_FEED_AUTHOR = 0,
	ST_FEED_SEQ = ST_FEED_AUTHOR + ARNET_PUBKEY_BYTES, /* be64 */
	ST_FEED_KEY_BYTES = ST_FEED_SEQ + 8,
	/* ST_EQUIV: the feed key, then the rival record's hash. */
	ST_EQUIV_HASH = ST_FEED_KEY_BYTES,
	ST_EQUIV_KEY_BYTES = ST_EQUIV_HASH + ARNET_HASH_BYTES,
};

/* st_feed_key: the key of (author, seq) into key. */
static inline void
st_feed_key(uint8_t key[ST_FEED_KEY_BYTES],
            const uint8_t author[ARNET_PUBKEY_BYTES], uint64_t seq)
{
	memcpy(key + ST_FEED_AUTHOR, author, ARNET_PUBKEY_BYTES);
	arnet_be64_write(key + ST_FEED_SEQ, seq);
}

/* st_feed_key_seq: the seq of a feed key (ST_FEED_KEY_BYTES at key). */
static inline uint64_t
st_feed_key_seq(const uint8_t *key)
{
	return arnet_be64_read(key + ST_FEED_SEQ);
}

#endif
