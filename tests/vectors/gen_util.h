/*
 * gen_util.h - what the golden-vector generators (gen_*.c) share: bytes
 * of any length as a JSON hex string (arnet_json_hex stops at a
 * signature's length; certificates, rosters and messages are longer),
 * and the finished document printed on stdout.
 */
#ifndef ARNET_GEN_UTIL_H
#define ARNET_GEN_UTIL_H

#include "arnet_proto.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

/* p[0..n) as a new JSON string of lower-case hex; the caller owns it. */
static inline cJSON *
gen_hex(const uint8_t *p, size_t n)
{
	char *s = malloc(2 * n + 1);
	if (s == NULL) {
		return NULL;
	}
	sodium_bin2hex(s, 2 * n + 1, p, n);
	cJSON *j = cJSON_CreateString(s);
	free(s);
	return j;
}

/* Prints doc on stdout (cJSON's tab-indented form, one newline after)
 * and frees it; exits 1 naming prog when it cannot be printed. */
static inline void
gen_print(const char *prog, cJSON *doc)
{
	char *s = cJSON_Print(doc);
	if (s == NULL) {
		fprintf(stderr, "%s: json: out of memory\n", prog);
		exit(1);
	}
	puts(s);
	free(s);
	cJSON_Delete(doc);
}

#endif
