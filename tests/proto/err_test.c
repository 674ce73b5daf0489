/*
 * err_test.c - tests of proto/err.c: every code has a name and a text,
 * out-of-range codes are safe, and the diagnostic helper cuts long
 * messages and tolerates a NULL diag.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_err.h"
#include "arnet_utf8.h"

#include <string.h>

static void
test_unknown_codes_are_safe(void **state)
{
	(void)state;
	assert_string_equal(arnet_strerror(-1), "unknown error");
	assert_string_equal(arnet_strerror(ARNET_ERR_COUNT), "unknown error");
	assert_string_equal(arnet_strerror(1 << 30), "unknown error");
	assert_string_equal(arnet_errname(-7), "ARNET_EUNKNOWN");
	assert_string_equal(arnet_errname(ARNET_ERR_COUNT), "ARNET_EUNKNOWN");
}

static void
test_every_code_named(void **state)
{
	(void)state;
	for (int e = 0; e < ARNET_ERR_COUNT; e++) {
		const char *name = arnet_errname(e);
		const char *text = arnet_strerror(e);
		assert_non_null(name);
		assert_non_null(text);
		assert_true(strncmp(name, "ARNET_", 6) == 0);
		assert_true(strlen(text) > 0);
		/* Lower case start, no trailing full stop. */
		assert_true(text[0] >= 'a' && text[0] <= 'z');
		assert_true(text[strlen(text) - 1] != '.');
		/* Names are unique. */
		for (int f = 0; f < e; f++) {
			assert_string_not_equal(name, arnet_errname(f));
		}
	}
	assert_string_equal(arnet_errname(ARNET_ESIG), "ARNET_ESIG");
	assert_string_equal(arnet_errname(ARNET_OK), "ARNET_OK");
}

static void
test_diag_null_returns_code(void **state)
{
	(void)state;
	assert_int_equal(arnet_diag_set(NULL, ARNET_ECHECK, "x %d", 1),
	                 ARNET_ECHECK);
	arnet_diag_clear(NULL);
}

static void
test_diag_formats_and_clears(void **state)
{
	arnet_diag d;
	(void)state;
	d.offset = 99;
	assert_int_equal(
	        arnet_diag_set(&d, ARNET_ERANGE, "day %d of %s", 40, "month"),
	        ARNET_ERANGE);
	assert_string_equal(d.msg, "day 40 of month");
	arnet_diag_clear(&d);
	assert_string_equal(d.msg, "");
	assert_int_equal(d.offset, 0);
}

static void field(arnet_diag *d, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
field(arnet_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	arnet_diag_field_v(d, "name", 0, 0, fmt, ap);
	va_end(ap);
}

static void
test_diag_cuts_long_message(void **state)
{
	arnet_diag d;
	char big[1000];
	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	arnet_diag_set(&d, ARNET_ETOOBIG, "%s", big);
	assert_int_equal(strlen(d.msg), ARNET_DIAG_MAX - 1);
	/* Cut between characters of three and four bytes, at every
	 * offset: what is left is whole UTF-8. */
	for (size_t lead = 0; lead < 4; lead++) {
		size_t n = 0;
		memset(big, 'x', lead);
		n = lead;
		while (n + 4 < sizeof(big)) {
			memcpy(big + n,
			       n % 2 ? "\xe5\xae\xa2" : "\xf0\xa0\x80\x80",
			       n % 2 ? 3 : 4);
			n += n % 2 ? 3 : 4;
		}
		big[n] = '\0';
		arnet_diag_set(&d, ARNET_ETOOBIG, "%s", big);
		size_t len = strlen(d.msg);
		assert_true(len >= ARNET_DIAG_MAX - 4);
		assert_true(arnet_utf8_valid((const uint8_t *)d.msg, len, 0));
		field(&d, "%s", big);
		len = strlen(d.msg);
		assert_true(len >= ARNET_DIAG_MAX - 4);
		assert_true(arnet_utf8_valid((const uint8_t *)d.msg, len, 0));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_unknown_codes_are_safe),
	        cmocka_unit_test(test_every_code_named),
	        cmocka_unit_test(test_diag_null_returns_code),
	        cmocka_unit_test(test_diag_formats_and_clears),
	        cmocka_unit_test(test_diag_cuts_long_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
