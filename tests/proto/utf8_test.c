/*
 * utf8_test.c - tests of proto/utf8.c against the well-formed sequences
 * of Unicode section 3.9: every ill-formed class is refused (overlong,
 * surrogate, beyond U+10FFFF, truncated, stray continuation, control
 * characters), and the boundaries of every well-formed class accepted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_utf8.h"

#include <string.h>

#define V(s, nl) arnet_utf8_valid((const uint8_t *)(s), sizeof(s) - 1, (nl))

static void
test_ill_formed_refused(void **state)
{
	(void)state;
	assert_false(V("\x80", 0));                 /* stray continuation */
	assert_false(V("\xbf", 0));                 /* stray continuation */
	assert_false(V("\xc0\xaf", 0));             /* overlong '/' */
	assert_false(V("\xc1\xbf", 0));             /* overlong */
	assert_false(V("\xe0\x80\xaf", 0));         /* overlong 3-byte */
	assert_false(V("\xe0\x9f\xbf", 0));         /* overlong 3-byte */
	assert_false(V("\xf0\x80\x80\xaf", 0));     /* overlong 4-byte */
	assert_false(V("\xf0\x8f\xbf\xbf", 0));     /* overlong 4-byte */
	assert_false(V("\xed\xa0\x80", 0));         /* U+D800 surrogate */
	assert_false(V("\xed\xbf\xbf", 0));         /* U+DFFF surrogate */
	assert_false(V("\xf4\x90\x80\x80", 0));     /* U+110000 */
	assert_false(V("\xf5\x80\x80\x80", 0));     /* lead byte F5 */
	assert_false(V("\xff", 0));                 /* never valid */
	assert_false(V("\xfe", 0));                 /* never valid */
	assert_false(V("\xe4\xb8", 0));             /* truncated 3-byte */
	assert_false(V("\xf0\x9f\x98", 0));         /* truncated 4-byte */
	assert_false(V("\xc3", 0));                 /* truncated 2-byte */
	assert_false(V("\xe4\x41\xad", 0));         /* ASCII as continuation */
	assert_false(V("\xe4\xb8\xad\xe6\x96", 0)); /* good then truncated */
}

static void
test_controls_refused(void **state)
{
	(void)state;
	assert_false(V("a\x01", 0));
	assert_false(V("a\tb", 0));
	assert_false(V("a\rb", 0));
	assert_false(V("a\x7f", 0));
	assert_false(V("\xc2\x80", 0)); /* U+0080, C1 */
	assert_false(V("\xc2\x9f", 0)); /* U+009F, C1 */
	/* NUL inside the counted string. */
	assert_false(arnet_utf8_valid((const uint8_t *)"a\0b", 3, 1));
	/* Newline only when allowed. */
	assert_false(V("line\nline", 0));
	assert_true(V("line\nline", 1));
	assert_false(V("line\r\nline", 1));
}

static void
test_well_formed_accepted(void **state)
{
	(void)state;
	assert_true(arnet_utf8_valid((const uint8_t *)"", 0, 0));
	assert_true(V("ACME Ltd. (Fuzhou) #1", 0));
	assert_true(V("\xc2\xa0", 0));                 /* U+00A0 */
	assert_true(V("\xdf\xbf", 0));                 /* U+07FF */
	assert_true(V("\xe0\xa0\x80", 0));             /* U+0800 */
	assert_true(V("\xed\x9f\xbf", 0));             /* U+D7FF */
	assert_true(V("\xee\x80\x80", 0));             /* U+E000 */
	assert_true(V("\xef\xbf\xbf", 0));             /* U+FFFF */
	assert_true(V("\xf0\x90\x80\x80", 0));         /* U+10000 */
	assert_true(V("\xf4\x8f\xbf\xbf", 0));         /* U+10FFFF */
	assert_true(V("\xe7\xa6\x8f\xe5\xb7\x9e", 0)); /* Fuzhou */
	assert_true(V("\xe4\xb8\xad\xe6\x96\x87 ok", 0));
}

static void
test_every_two_byte_lead(void **state)
{
	(void)state;
	/* Exhaustive over all 2-byte strings: valid iff the rules say so. */
	for (int a = 0; a < 256; a++) {
		for (int b = 0; b < 256; b++) {
			uint8_t s[2] = {(uint8_t)a, (uint8_t)b};
			int want;
			if (a < 0x80) {
				want = a >= 0x20 && a != 0x7f && b >= 0x20 &&
				       b < 0x7f;
			} else if (a >= 0xc2 && a <= 0xdf) {
				want = b >= 0x80 && b <= 0xbf &&
				       !(a == 0xc2 && b < 0xa0);
			} else {
				want = 0;
			}
			assert_int_equal(arnet_utf8_valid(s, 2, 0), want);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ill_formed_refused),
	        cmocka_unit_test(test_controls_refused),
	        cmocka_unit_test(test_well_formed_accepted),
	        cmocka_unit_test(test_every_two_byte_lead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
