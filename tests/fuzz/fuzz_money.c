/*
 * fuzz_money.c - libFuzzer harness for amount parsing. Whatever parses
 * must print and parse back to the same minor units, in currencies with
 * 0, 2 and 3 decimals.
 */
#include "fuzz_util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const curs[] = {"CNY", "JPY", "BHD"};
	char text[128], printed[ARNET_MONEY_TEXT_MAX + 1];
	arnet_diag d;
	if (!fuzz_text(text, sizeof(text), data, size)) {
		return 0;
	}
	for (size_t i = 0; i < 3; i++) {
		int64_t v, back;
		if (arnet_money_parse(&v, text, curs[i], &d) != ARNET_OK) {
			continue;
		}
		for (int grouping = 0; grouping < 2; grouping++) {
			if (arnet_money_format(printed, sizeof(printed), v,
			                       curs[i], grouping) != ARNET_OK ||
			    arnet_money_parse(&back, printed, curs[i], &d) !=
			            ARNET_OK ||
			    back != v) {
				abort();
			}
		}
	}
	return 0;
}
