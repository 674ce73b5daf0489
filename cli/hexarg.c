/*
 * hexarg.c - binary arguments typed or piped as hex.
 */
#include "cli.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define HEXARG_MAX (1 << 20)

int
cli_read_hex_arg(const char *arg, uint8_t **out, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	if (strcmp(arg, "-") == 0) {
		size_t cap = 4096;
		text = malloc(cap);
		if (text == NULL) {
			return cli_error("out of memory");
		}
		int c;
		while ((c = getchar()) != EOF) {
			if (isspace(c)) {
				continue;
			}
			if (n + 1 >= cap) {
				if (cap >= HEXARG_MAX) {
					free(text);
					return cli_error("stdin: more than %d "
					                 "hex digits",
					                 HEXARG_MAX);
				}
				char *bigger = realloc(text, cap * 2);
				if (bigger == NULL) {
					free(text);
					return cli_error("out of memory");
				}
				text = bigger;
				cap *= 2;
			}
			text[n++] = (char)c;
		}
		if (ferror(stdin)) {
			free(text);
			return cli_error("cannot read stdin");
		}
	} else {
		n = strlen(arg);
		text = malloc(n + 1);
		if (text == NULL) {
			return cli_error("out of memory");
		}
		memcpy(text, arg, n);
	}
	text[n] = '\0';
	const char *where = strcmp(arg, "-") == 0 ? "stdin" : "argument";
	if (n == 0 || n % 2 != 0) {
		free(text);
		return cli_error("%s: expected an even, non-zero number of hex "
		                 "digits, got %zu",
		                 where, n);
	}
	*out = malloc(n / 2);
	const char *end = NULL;
	if (*out == NULL) {
		free(text);
		return cli_error("out of memory");
	}
	if (sodium_hex2bin(*out, n / 2, text, n, NULL, len, &end) != 0 ||
	    *len != n / 2) {
		size_t at = end ? (size_t)(end - text) : 0;
		free(text);
		free(*out);
		*out = NULL;
		return cli_error("%s: not hex at character %zu", where, at + 1);
	}
	free(text);
	return EXIT_OK;
}
