/*
 * import_decode_test.c - the encoding of an import file, decided line by
 * line (store/import/decode.c): ASCII, UTF-8, GBK / GB18030, the byte
 * order marks, a file that changes encoding, a forced encoding. Refusals
 * first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_says.h"

#include "arnet_import.h"
#include "import_decode.h"

#include <stdio.h>
#include <string.h>

/* "客户" in GBK, and in UTF-8. */
#define GBK_KEHU  "\xbf\xcd\xbb\xa7"
#define UTF8_KEHU "\xe5\xae\xa2\xe6\x88\xb7"

typedef struct line_case {
	uint32_t line;
	const char *bytes;
} line_case;

/* Decode one line into out (a NUL-ended copy); the result code. */
static int
decode(import_decoder *dec, uint32_t line, const char *bytes, char *out,
       size_t cap, arnet_diag *d)
{
	char *s = (char *)bytes;
	size_t n = strlen(bytes);
	int rv = import_decode_line(dec, line, &s, &n, d);
	if (rv == ARNET_OK) {
		assert_true(n < cap);
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return rv;
}

static void
decodes_to(import_decoder *dec, uint32_t line, const char *bytes,
           const char *want)
{
	char out[256];
	arnet_diag d;
	if (decode(dec, line, bytes, out, sizeof(out), &d) != ARNET_OK) {
		fail_msg("line %u: %s", line, d.msg);
	}
	assert_string_equal(out, want);
}

static void
refused(import_decoder *dec, uint32_t line, const char *bytes, const char *says)
{
	char out[256];
	arnet_diag d;
	assert_int_equal(decode(dec, line, bytes, out, sizeof(out), &d),
	                 ARNET_ESYNTAX);
	test_says(bytes, d.msg, says);
}

/* UTF-8 first, then a line that is not: refused, naming the line that
 * decided, never read in two encodings. */
static void
test_switch_refused(void **state)
{
	(void)state;
	import_decoder dec;
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1, "number,customer", "number,customer");
	decodes_to(&dec, 2, "A1," UTF8_KEHU, "A1," UTF8_KEHU);
	assert_string_equal(import_decoder_name(&dec), "UTF-8");
	refused(&dec, 5, "A2," GBK_KEHU, "line 2 was read as UTF-8");
	refused(&dec, 5, "A2," GBK_KEHU, "byte 4 is not UTF-8");
	refused(&dec, 5, "A2," GBK_KEHU, "give --encoding");
	import_decoder_free(&dec);

	/* The byte order mark decided: the message says so. */
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1, "\xef\xbb\xbfid,name", "id,name");
	refused(&dec, 2, "1," GBK_KEHU, "line 1 was read as UTF-8 (a byte");
	import_decoder_free(&dec);
}

/* Asked for UTF-8: a GBK line is refused with the way out. */
static void
test_forced_utf8_refused(void **state)
{
	(void)state;
	import_decoder dec;
	import_decoder_init(&dec, ARNET_IMPORT_ENC_UTF8);
	refused(&dec, 3, GBK_KEHU, "byte 1 is not UTF-8 text");
	refused(&dec, 3, GBK_KEHU, "--encoding gb18030");
	import_decoder_free(&dec);
}

/* Bytes that are neither: refused, naming the byte. */
static void
test_invalid_refused(void **state)
{
	(void)state;
	static const struct {
		arnet_import_encoding enc;
		uint32_t line;
		const char *bytes, *says;
	} bad[] = {
	        /* 0xff never starts a GB18030 character; 0x80 alone
	         * neither. */
	        {ARNET_IMPORT_ENC_AUTO, 1, "ab\xff",
	         "byte 3 is not GB18030 (GBK) text nor UTF-8: give --encoding"},
	        {ARNET_IMPORT_ENC_GB18030, 1, GBK_KEHU "\x80",
	         "byte 5 is not GB18030"},
	        /* A GBK lead byte cut at the end of the line. */
	        {ARNET_IMPORT_ENC_GB18030, 2, "x,\xbf", "is not GB18030"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		import_decoder dec;
		import_decoder_init(&dec, bad[i].enc);
		refused(&dec, bad[i].line, bad[i].bytes, bad[i].says);
		import_decoder_free(&dec);
	}
}

static void
test_ascii_undecided(void **state)
{
	(void)state;
	import_decoder dec;
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1, "id,name", "id,name");
	decodes_to(&dec, 2, "", "");
	assert_null(import_decoder_name(&dec));
	import_decoder_free(&dec);
}

static void
test_utf8(void **state)
{
	(void)state;
	import_decoder dec;
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1, UTF8_KEHU "编码", UTF8_KEHU "编码");
	assert_string_equal(import_decoder_name(&dec), "UTF-8");
	decodes_to(&dec, 2, "x", "x");
	import_decoder_free(&dec);

	/* A byte order mark is taken off line 1 only. */
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1,
	           "\xef\xbb\xbf"
	           "id",
	           "id");
	assert_string_equal(import_decoder_name(&dec), "UTF-8");
	decodes_to(&dec, 2,
	           "\xef\xbb\xbf"
	           "id",
	           "\xef\xbb\xbf"
	           "id");
	import_decoder_free(&dec);
}

static void
test_gbk(void **state)
{
	(void)state;
	import_decoder dec;
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1, "number,customer", "number,customer");
	decodes_to(&dec, 2, "A1," GBK_KEHU, "A1," UTF8_KEHU);
	assert_string_equal(import_decoder_name(&dec), "GB18030");
	/* Later lines: GB18030 too, even one that happens to be UTF-8. */
	decodes_to(&dec, 3, GBK_KEHU "," GBK_KEHU, UTF8_KEHU "," UTF8_KEHU);
	decodes_to(&dec, 4, "plain", "plain");
	import_decoder_free(&dec);

	/* Asked for GB18030: decided from the start. */
	import_decoder_init(&dec, ARNET_IMPORT_ENC_GB18030);
	assert_string_equal(import_decoder_name(&dec), "GB18030");
	decodes_to(&dec, 1, GBK_KEHU, UTF8_KEHU);
	import_decoder_free(&dec);

	/* GB18030's byte order mark. */
	import_decoder_init(&dec, ARNET_IMPORT_ENC_AUTO);
	decodes_to(&dec, 1,
	           "\x84\x31\x95\x33"
	           "id",
	           "id");
	assert_string_equal(import_decoder_name(&dec), "GB18030");
	decodes_to(&dec, 2, GBK_KEHU, UTF8_KEHU);
	import_decoder_free(&dec);

	/* A four-byte GB18030 character: U+20000 (𠀀) is 95 32 82 36. */
	import_decoder_init(&dec, ARNET_IMPORT_ENC_GB18030);
	decodes_to(&dec, 1, "\x95\x32\x82\x36", "\xf0\xa0\x80\x80");
	import_decoder_free(&dec);
}

static void
test_encoding_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int enc; /* -1: not an encoding */
	} names[] = {
	        {"auto", ARNET_IMPORT_ENC_AUTO},
	        {"UTF-8", ARNET_IMPORT_ENC_UTF8},
	        {"utf8", ARNET_IMPORT_ENC_UTF8},
	        {"GBK", ARNET_IMPORT_ENC_GB18030},
	        {"gb2312", ARNET_IMPORT_ENC_GB18030},
	        {"GB18030", ARNET_IMPORT_ENC_GB18030},
	        {"latin1", -1},
	        {"", -1},
	        {"utf-8 ", -1},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(arnet_import_encoding_parse(names[i].name),
		                 names[i].enc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_switch_refused),
	        cmocka_unit_test(test_forced_utf8_refused),
	        cmocka_unit_test(test_invalid_refused),
	        cmocka_unit_test(test_ascii_undecided),
	        cmocka_unit_test(test_utf8),
	        cmocka_unit_test(test_gbk),
	        cmocka_unit_test(test_encoding_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
