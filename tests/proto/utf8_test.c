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

#include "arnet_err.h"
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

static void
test_decode(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(arnet_utf8_decode((const uint8_t *)"", 0, &cp), 0);
	assert_int_equal(arnet_utf8_decode((const uint8_t *)"\xc0\xaf", 2, &cp),
	                 0);
	assert_int_equal(
	        arnet_utf8_decode((const uint8_t *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(arnet_utf8_decode((const uint8_t *)"\xe2\x80", 2, &cp),
	                 0);
	assert_int_equal(arnet_utf8_decode((const uint8_t *)"\x1b", 1, &cp), 1);
	assert_int_equal(cp, 0x1b);
	assert_int_equal(
	        arnet_utf8_decode((const uint8_t *)"\xe2\x80\xae!", 4, &cp), 3);
	assert_int_equal(cp, 0x202e);
	assert_int_equal(
	        arnet_utf8_decode((const uint8_t *)"\xf4\x8f\xbf\xbf", 4, &cp),
	        4);
	assert_int_equal(cp, 0x10ffff);
}

static void
test_classify(void **state)
{
	(void)state;
	static const struct {
		uint32_t cp;
		arnet_cp_class want;
	} v[] = {
	        {0x00, ARNET_CP_CONTROL},
	        {0x1b, ARNET_CP_CONTROL},
	        {0x7f, ARNET_CP_CONTROL},
	        {0x9b, ARNET_CP_CONTROL},
	        {0x202e, ARNET_CP_BIDI},
	        {0x2067, ARNET_CP_BIDI},
	        {0x061c, ARNET_CP_BIDI},
	        {0x200f, ARNET_CP_BIDI},
	        {0x200b, ARNET_CP_ZERO_WIDTH},
	        {0xfeff, ARNET_CP_ZERO_WIDTH},
	        {0x00ad, ARNET_CP_FORMAT},
	        {0x2062, ARNET_CP_FORMAT},
	        {0x2028, ARNET_CP_SEPARATOR},
	        {0x2029, ARNET_CP_SEPARATOR},
	        {0xe000, ARNET_CP_PRIVATE},
	        {0xf0000, ARNET_CP_PRIVATE},
	        {0xfdd0, ARNET_CP_NONCHAR},
	        {0x10ffff, ARNET_CP_NONCHAR},
	        {0x0378, ARNET_CP_UNASSIGNED},
	        {0xd800, ARNET_CP_UNASSIGNED},
	        {0x110000, ARNET_CP_UNASSIGNED},
	        {0x034f, ARNET_CP_IGNORABLE},
	        {0xfe0f, ARNET_CP_IGNORABLE},
	        {0x3164, ARNET_CP_IGNORABLE},
	        {0x00a0, ARNET_CP_SPACE},
	        {0x3000, ARNET_CP_SPACE},
	        {0x2009, ARNET_CP_SPACE},
	        {' ', ARNET_CP_TEXT},
	        {'A', ARNET_CP_TEXT},
	        {0x5ba2, ARNET_CP_TEXT},
	        {0x0301, ARNET_CP_TEXT},
	        {0xff08, ARNET_CP_TEXT},
	        {0x1f600, ARNET_CP_TEXT},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		arnet_cp_class c = arnet_cp_classify(v[i].cp);
		if (c != v[i].want) {
			fail_msg("U+%04X: class %d (%s), want %d",
			         (unsigned)v[i].cp, c, arnet_cp_class_name(c),
			         v[i].want);
		}
	}
	assert_string_equal(arnet_cp_class_name(ARNET_CP_BIDI),
	                    "a bidi control");
}

/*
 * Which code points are assigned is part of the wire format (a local:
 * identifier with an unassigned one is refused): the library must be at
 * Unicode 14.0 on every node. An upgrade fails here first.
 */
static void
test_unicode_version_pinned(void **state)
{
	(void)state;
	/* U+0870 ARABIC LETTER ALEF WITH ATTACHED FATHA: new in 14.0. */
	assert_int_equal(arnet_cp_classify(0x0870), ARNET_CP_TEXT);
	/* U+1E030 MODIFIER LETTER CYRILLIC SMALL A: new in 15.0. */
	assert_int_equal(arnet_cp_classify(0x1e030), ARNET_CP_UNASSIGNED);
}

static void
test_escape(void **state)
{
	(void)state;
	char out[64];
	size_t used = 0;
	const char *in = "ab\xe2\x80\xae\x1b[2J\xff\xe5\xae\xa2\xc2\xa0\n";
	size_t n = strlen(in);
	size_t len = arnet_utf8_escape(out, sizeof(out), (const uint8_t *)in, n,
	                               0, &used);
	assert_int_equal(len, strlen(out));
	assert_string_equal(out, "ab\\u{202E}\\u{001B}[2J\\xFF\xe5\xae\xa2"
	                         "\xc2\xa0\\u{000A}");
	assert_int_equal(used, n);
	(void)arnet_utf8_escape(out, sizeof(out), (const uint8_t *)in, n,
	                        ARNET_UTF8_ESC_LAYOUT, NULL);
	assert_string_equal(out, "ab\\u{202E}\\u{001B}[2J\\xFF\xe5\xae\xa2"
	                         "\xc2\xa0\n");
	(void)arnet_utf8_escape(out, sizeof(out), (const uint8_t *)"\xc3\x85z",
	                        3, ARNET_UTF8_ESC_ASCII, NULL);
	assert_string_equal(out, "\\u{00C5}z");
	(void)arnet_utf8_escape(out, sizeof(out),
	                        (const uint8_t *)"\xf3\xa0\x80\x81", 4, 0,
	                        NULL);
	assert_string_equal(out, "\\u{E0001}");
	/* Too small: stops before an escape or a character, never in one. */
	assert_int_equal(
	        arnet_utf8_escape(out, 8, (const uint8_t *)in, n, 0, &used), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(used, 2);
	assert_int_equal(
	        arnet_utf8_escape(out, 1, (const uint8_t *)in, n, 0, &used), 0);
	assert_string_equal(out, "");
}

static void
test_nfc(void **state)
{
	(void)state;
	uint8_t out[16];
	size_t len = 0;
	assert_int_equal(arnet_utf8_nfc(out, sizeof(out), &len,
	                                (const uint8_t *)"e\xcc\x81", 3),
	                 ARNET_OK);
	assert_int_equal(len, 2);
	assert_memory_equal(out, "\xc3\xa9", 2);
	assert_int_equal(
	        arnet_utf8_nfc(out, sizeof(out), &len, (const uint8_t *)"", 0),
	        ARNET_OK);
	assert_int_equal(len, 0);
	assert_int_equal(arnet_utf8_nfc(out, sizeof(out), &len,
	                                (const uint8_t *)"\xc0\xaf", 2),
	                 ARNET_ESYNTAX);
	/* U+FB2C grows to three code points (6 bytes) under NFC. */
	assert_int_equal(arnet_utf8_nfc(out, 4, &len,
	                                (const uint8_t *)"\xef\xac\xac", 3),
	                 ARNET_ETOOBIG);
	assert_int_equal(arnet_utf8_nfc(out, sizeof(out), &len,
	                                (const uint8_t *)"\xef\xac\xac", 3),
	                 ARNET_OK);
	assert_int_equal(len, 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ill_formed_refused),
	        cmocka_unit_test(test_controls_refused),
	        cmocka_unit_test(test_well_formed_accepted),
	        cmocka_unit_test(test_every_two_byte_lead),
	        cmocka_unit_test(test_decode),
	        cmocka_unit_test(test_classify),
	        cmocka_unit_test(test_unicode_version_pinned),
	        cmocka_unit_test(test_escape),
	        cmocka_unit_test(test_nfc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
