/*
 * test_hex.h - hex from the golden vector files into bytes (tests only;
 * include after cmocka.h). The whole text must be hex: a vector that
 * decodes short fails the test rather than comparing fewer bytes.
 */
#ifndef ARNET_TEST_HEX_H
#define ARNET_TEST_HEX_H

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdint.h>
#include <string.h>

/* Decode hex into out (cap bytes); the number of bytes. */
static inline size_t
test_unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t len = 0;
	assert_int_equal(
	        sodium_hex2bin(out, cap, hex, strlen(hex), NULL, &len, NULL),
	        0);
	assert_int_equal(len * 2, strlen(hex));
	return len;
}

/* The same for a JSON string. */
static inline size_t
test_unhex_json(uint8_t *out, size_t cap, const cJSON *s)
{
	assert_true(cJSON_IsString(s));
	return test_unhex(out, cap, s->valuestring);
}

#endif
