/*
 * individual_test.c - the customer's individual mark (a natural person)
 * in store/books/books.c and store/books/import.c.
 *
 * Hostile first: a stored customer of format 1 (written before the mark
 * existed) must still read, as not an individual, and an unchanged put
 * must leave it as it is; a mark that is neither 0 nor 1, a stored value
 * of an unknown format or with a bad mark, an import cell that is not
 * yes/no/1/0. Then the format 2 bytes exactly (docs/storage.md), and the
 * import column: its values, and that a file without it keeps the mark.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_import.h"
#include "books_fixture.h"
#include "txn.h"
#include "txn_fixture.h"

#include <stdio.h>
#include <string.h>

/* local:OLD "Old Co", no limit, CNY, 30 days, grade B, active, no hold:
 * the format 1 value, byte for byte. */
static const uint8_t v1[] = {0x01, 0x00, 0x06, 'O',  'l',  'd',  ' ',  'C',
                             'o',  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                             0xff, 'C',  'N',  'Y',  0x00, 0x1e, 'B',  0x01,
                             0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

/* The stored customer value under key, as it is. */
static void
raw_put_customer(fixture *f, const char *key, const uint8_t *val, size_t len)
{
	raw_put(f, ST_CUSTOMERS, key, strlen(key), val, len);
}

/* The stored customer value under key (there must be one) into out
 * (1024 bytes); its length. */
static long
raw_get_customer(fixture *f, const char *key, uint8_t *out)
{
	long n = raw_get(f, ST_CUSTOMERS, key, strlen(key), out, 1024);
	assert_true(n >= 0);
	return n;
}

static void
test_format_1_still_reads(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_put_result r;
	uint8_t got[1024];
	raw_put_customer(f, "local:OLD", v1, sizeof(v1));
	assert_int_equal(get_customer(f, "local:OLD", &c), ARNET_OK);
	assert_string_equal(c.name, "Old Co");
	assert_int_equal(c.credit_limit, ARNET_NO_LIMIT);
	assert_string_equal(c.currency, "CNY");
	assert_int_equal(c.terms_days, 30);
	assert_int_equal(c.grade, 'B');
	assert_int_equal(c.status, ARNET_CUST_ACTIVE);
	assert_int_equal(c.individual, 0);
	/* the same values again: unchanged, and left in format 1 */
	assert_int_equal(put_customer_r(f, &c, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UNCHANGED);
	assert_int_equal(raw_get_customer(f, "local:OLD", got), sizeof(v1));
	assert_memory_equal(got, v1, sizeof(v1));
	/* marked: rewritten in format 2, the mark last */
	c.individual = 1;
	assert_int_equal(put_customer_r(f, &c, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UPDATED);
	assert_int_equal(raw_get_customer(f, "local:OLD", got), sizeof(v1) + 1);
	assert_int_equal(got[0], 2);
	assert_memory_equal(got + 1, v1 + 1, sizeof(v1) - 1);
	assert_int_equal(got[sizeof(v1)], 1);
	assert_int_equal(get_customer(f, "local:OLD", &c), ARNET_OK);
	assert_int_equal(c.individual, 1);
	/* and cleared again: format 2 with a 0 */
	c.individual = 0;
	assert_int_equal(put_customer_r(f, &c, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UPDATED);
	assert_int_equal(raw_get_customer(f, "local:OLD", got), sizeof(v1) + 1);
	assert_int_equal(got[sizeof(v1)], 0);
}

static void
test_bad_stored_values(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	uint8_t bad[sizeof(v1) + 1];
	memcpy(bad, v1, sizeof(v1));
	/* format 1 with a trailing byte */
	bad[sizeof(v1)] = 0;
	raw_put_customer(f, "local:B1", bad, sizeof(bad));
	assert_int_equal(get_customer(f, "local:B1", &c), ARNET_ESTORE);
	/* format 2 with a mark of 2 */
	bad[0] = 2;
	bad[sizeof(v1)] = 2;
	raw_put_customer(f, "local:B2", bad, sizeof(bad));
	assert_int_equal(get_customer(f, "local:B2", &c), ARNET_ESTORE);
	/* format 2 without its mark */
	raw_put_customer(f, "local:B3", bad, sizeof(v1));
	assert_int_equal(get_customer(f, "local:B3", &c), ARNET_ESTORE);
	/* a format from the future */
	bad[0] = 3;
	bad[sizeof(v1)] = 0;
	raw_put_customer(f, "local:B4", bad, sizeof(bad));
	assert_int_equal(get_customer(f, "local:B4", &c), ARNET_ESTORE);
}

static void
test_mark_must_be_0_or_1(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_diag d;
	make_customer(&c, "local:P-1", "Zhang San", 30);
	c.individual = 2;
	assert_int_equal(put_customer(f, &c, &d), ARNET_ERANGE);
	assert_non_null(strstr(d.msg, "individual"));
	assert_int_equal(get_customer(f, "local:P-1", &c), ARNET_ENOTFOUND);
	make_customer(&c, "local:P-1", "Zhang San", 30);
	assert_int_equal(c.individual, 0); /* init: not an individual */
	c.individual = 1;
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	assert_int_equal(get_customer(f, "local:P-1", &c), ARNET_OK);
	assert_int_equal(c.individual, 1);
}

/* --- the import column --- */

static int
import_csv(fixture *f, const char *text, arnet_import_stats *st, arnet_diag *d)
{
	return import_bytes(f, ARNET_IMPORT_CUSTOMERS, "c.csv", text,
	                    strlen(text), NULL, 0, st, d);
}

static int
marked(fixture *f, const char *id)
{
	arnet_customer c;
	assert_int_equal(get_customer(f, id, &c), ARNET_OK);
	return c.individual;
}

static void
test_import_bad_cell(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	arnet_customer c;
	assert_int_equal(import_csv(f,
	                            "id,name,individual\n"
	                            "local:A,A,yes\n"
	                            "local:B,B,maybe\n",
	                            NULL, &d),
	                 ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "c.csv:3: individual \"maybe\" is not "
	                              "yes, no, 1 or 0"));
	/* nothing of the file was kept */
	assert_int_equal(get_customer(f, "local:A", &c), ARNET_ENOTFOUND);
	assert_int_equal(
	        import_csv(f, "id,name,individual\nlocal:A,A,y\n", NULL, &d),
	        ARNET_ESYNTAX);
	assert_int_equal(
	        import_csv(f, "id,name,individual\nlocal:A,A,2\n", NULL, &d),
	        ARNET_ESYNTAX);
}

static void
test_import_column(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	arnet_import_stats st;
	int rv = import_csv(f,
	                    "id,individual,name\n"
	                    "local:A,yes,A\n"
	                    "local:B,1,B\n"
	                    "local:C,No,C\n"
	                    "local:D,0,D\n"
	                    "local:E,,E\n"
	                    "local:F,YES,F\n",
	                    &st, &d);
	if (rv != ARNET_OK) {
		fail_msg("%s", d.msg);
	}
	assert_int_equal(st.added, 6);
	assert_int_equal(marked(f, "local:A"), 1);
	assert_int_equal(marked(f, "local:B"), 1);
	assert_int_equal(marked(f, "local:C"), 0);
	assert_int_equal(marked(f, "local:D"), 0);
	assert_int_equal(marked(f, "local:E"), 0);
	assert_int_equal(marked(f, "local:F"), 1);
	/* a file without the column, or with the cell empty, keeps the
	 * mark: nothing a spreadsheet forgot clears it */
	assert_int_equal(
	        import_csv(f, "id,name\nlocal:A,A\nlocal:B,B\n", &st, &d),
	        ARNET_OK);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(marked(f, "local:A"), 1);
	assert_int_equal(
	        import_csv(f, "id,name,individual\nlocal:B,B,\n", &st, &d),
	        ARNET_OK);
	assert_int_equal(marked(f, "local:B"), 1);
	/* only an explicit no clears it */
	assert_int_equal(
	        import_csv(f, "id,name,individual\nlocal:A,A,no\n", &st, &d),
	        ARNET_OK);
	assert_int_equal(st.updated, 1);
	assert_int_equal(marked(f, "local:A"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_format_1_still_reads,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_bad_stored_values,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_mark_must_be_0_or_1,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_import_bad_cell, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_import_column, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
