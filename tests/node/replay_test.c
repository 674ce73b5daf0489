/*
 * replay_test.c - tests of node/replay.c: the signed requests seen.
 *
 * Hostile first: the same (asker, nonce) twice, from one asker and from
 * two; one asker filling its share while another is still served; the
 * whole cache full; then expiry (an entry gone after `keep`, its share
 * given back) and the index staying whole through many inserts and
 * expiries (every entry found while held, none after).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "replay.h"

#include <sodium.h>
#include <string.h>

static void
key_of(uint8_t k[32], int who)
{
	memset(k, 0, 32);
	k[0] = (uint8_t)who;
	k[1] = (uint8_t)(who >> 8);
}

static void
nonce_of(uint8_t n[16], uint32_t i)
{
	memset(n, 0xa5, 16);
	memcpy(n, &i, sizeof(i));
}

static void
test_seen_twice(void **state)
{
	(void)state;
	replay_cache *c = replay_new(64, 16, 600);
	uint8_t a[32], b[32], n[16];
	assert_non_null(c);
	key_of(a, 1);
	key_of(b, 2);
	nonce_of(n, 7);
	assert_int_equal(replay_check(c, a, n, 1000), REPLAY_NEW);
	assert_int_equal(replay_check(c, a, n, 1000), REPLAY_SEEN);
	assert_int_equal(replay_check(c, a, n, 1599), REPLAY_SEEN);
	/* The same nonce from another asker is another request. */
	assert_int_equal(replay_check(c, b, n, 1000), REPLAY_NEW);
	assert_int_equal(replay_size(c), 2);
	/* After `keep`, forgotten (the request's time is long refused). */
	assert_int_equal(replay_check(c, a, n, 1600), REPLAY_NEW);
	replay_free(c);
}

static void
test_share_bounded(void **state)
{
	(void)state;
	replay_cache *c = replay_new(64, 16, 600);
	uint8_t a[32], b[32], n[16];
	key_of(a, 1);
	key_of(b, 2);
	for (uint32_t i = 0; i < 16; i++) {
		nonce_of(n, i);
		assert_int_equal(replay_check(c, a, n, 1000), REPLAY_NEW);
	}
	nonce_of(n, 99);
	assert_int_equal(replay_check(c, a, n, 1000), REPLAY_FULL);
	/* A copy is still told apart from a full share. */
	nonce_of(n, 3);
	assert_int_equal(replay_check(c, a, n, 1000), REPLAY_SEEN);
	/* Another member is served meanwhile. */
	assert_int_equal(replay_check(c, b, n, 1000), REPLAY_NEW);
	/* Once a's entries expire, its share is back. */
	nonce_of(n, 99);
	assert_int_equal(replay_check(c, a, n, 1600), REPLAY_NEW);
	assert_int_equal(replay_size(c), 1);
	replay_free(c);
}

static void
test_cache_full(void **state)
{
	(void)state;
	replay_cache *c = replay_new(16, 16, 600);
	uint8_t k[32], n[16];
	nonce_of(n, 1);
	for (int who = 0; who < 16; who++) {
		key_of(k, who);
		assert_int_equal(replay_check(c, k, n, 1000 + who), REPLAY_NEW);
	}
	key_of(k, 100);
	assert_int_equal(replay_check(c, k, n, 1100), REPLAY_FULL);
	/* The oldest expires first: room for exactly one. */
	assert_int_equal(replay_check(c, k, n, 1600), REPLAY_NEW);
	key_of(k, 101);
	assert_int_equal(replay_check(c, k, n, 1600), REPLAY_FULL);
	replay_free(c);
}

/* Many members, many requests, expiring as they go: every entry held is
 * found (SEEN), every entry expired is not (a backward-shift deletion
 * that broke a probe chain would lose one or keep one). */
static void
test_churn(void **state)
{
	(void)state;
	enum { CAP = 4096, ROUNDS = 40000, KEEP = 100 };
	replay_cache *c = replay_new(CAP, CAP, KEEP);
	uint8_t k[32], n[16];
	assert_non_null(c);
	for (uint32_t i = 0; i < ROUNDS; i++) {
		int64_t now = 1000 + i / 40; /* 40 requests a second */
		key_of(k, (int)(i % 37));
		nonce_of(n, i);
		assert_int_equal(replay_check(c, k, n, now), REPLAY_NEW);
		if (i % 97 == 0 && i >= 2000) {
			/* One taken 1,000 requests ago (25 s): still held. */
			uint32_t j = i - 1000;
			key_of(k, (int)(j % 37));
			nonce_of(n, j);
			assert_int_equal(replay_check(c, k, n, now),
			                 REPLAY_SEEN);
			/* One taken 8,000 ago (200 s > KEEP): forgotten, so
			 * taken again (and then held). */
			if (i >= 8000) {
				j = i - 8000;
				key_of(k, (int)(j % 37));
				nonce_of(n, j);
				assert_int_equal(replay_check(c, k, n, now),
				                 REPLAY_NEW);
			}
		}
	}
	assert_true(replay_size(c) <= CAP);
	replay_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_seen_twice),
	        cmocka_unit_test(test_share_bounded),
	        cmocka_unit_test(test_cache_full),
	        cmocka_unit_test(test_churn),
	};
	if (sodium_init() < 0) {
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
