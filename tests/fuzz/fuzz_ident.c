/*
 * fuzz_ident.c - libFuzzer harness for identifier parsing. Whatever
 * parses must have a canonical form that parses to itself, strictly.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512];
	arnet_ident id, again;
	arnet_diag d;
	/* Strict form on the raw bytes (may contain NUL). */
	(void)arnet_ident_parse_canonical(&id, (const char *)data, size, &d);
	if (!fuzz_text(text, sizeof(text), data, size)) {
		return 0;
	}
	if (arnet_ident_parse(&id, text, &d) != ARNET_OK) {
		return 0;
	}
	if (arnet_ident_parse_canonical(&again, id.text, strlen(id.text), &d) !=
	            ARNET_OK ||
	    strcmp(again.text, id.text) != 0 || again.scheme != id.scheme) {
		abort();
	}
	return 0;
}
