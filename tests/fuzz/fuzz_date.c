/*
 * fuzz_date.c - libFuzzer harness for date and time parsing. Whatever
 * parses must format back to the same text.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[64], out[32];
	int32_t day;
	int64_t t;
	arnet_diag d;
	if (!fuzz_text(text, sizeof(text), data, size)) {
		return 0;
	}
	if (arnet_date_parse(&day, text, &d) == ARNET_OK) {
		if (arnet_date_format(out, sizeof(out), day) != ARNET_OK ||
		    strcmp(out, text) != 0) {
			abort();
		}
	}
	if (arnet_time_parse(&t, text, &d) == ARNET_OK && strlen(text) == 20) {
		if (arnet_time_format(out, sizeof(out), t) != ARNET_OK ||
		    strcmp(out, text) != 0) {
			abort();
		}
	}
	return 0;
}
