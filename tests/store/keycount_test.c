/*
 * keycount_test.c - the counting set an import finds repeats with
 * (store/import/keycount.c): empty and binary keys, keys that differ in
 * one byte or only in length, counts and first lines kept across the
 * table's growth.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "keycount.h"

#include <stdio.h>
#include <string.h>

static void
add(keycount *k, const void *key, size_t n, uint32_t line, uint32_t want_before,
    uint32_t want_first)
{
	uint32_t before = 99, first = 99;
	assert_int_equal(keycount_add(k, key, n, line, &before, &first), 0);
	assert_int_equal(before, want_before);
	assert_int_equal(first, want_first);
}

static void
test_edges(void **state)
{
	(void)state;
	keycount *k = keycount_new();
	assert_non_null(k);
	add(k, "", 0, 1, 0, 1); /* the empty key is a key */
	add(k, "", 0, 2, 1, 1);
	add(k, "a\0b", 3, 3, 0, 3); /* bytes, not C strings */
	add(k, "a\0c", 3, 4, 0, 4);
	add(k, "a", 1, 5, 0, 5); /* a prefix is another key */
	add(k, "a\0b", 3, 6, 1, 3);
	add(k, "a\0b", 3, 7, 2, 3);
	keycount_free(k);
	keycount_free(NULL);
}

/* Enough keys to grow the table and the arena many times: every count
 * and first line survives. */
static void
test_growth(void **state)
{
	(void)state;
	keycount *k = keycount_new();
	assert_non_null(k);
	enum { N = 100000 };
	char key[32];
	for (uint32_t i = 0; i < N; i++) {
		int n = snprintf(key, sizeof(key), "INV-%07u", i);
		add(k, key, (size_t)n, i + 2, 0, i + 2);
	}
	for (uint32_t i = 0; i < N; i += 7) {
		int n = snprintf(key, sizeof(key), "INV-%07u", i);
		add(k, key, (size_t)n, 1, 1, i + 2);
	}
	/* Identical rows counted one by one, as payments are. */
	for (uint32_t i = 0; i < 50; i++) {
		add(k, "same payment", 12, 9, i, 9);
	}
	keycount_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_edges),
	        cmocka_unit_test(test_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
