/*
 * import_test.c - tests of store/books/import.c: CSV files into the books.
 *
 * Hostile first: every kind of bad row (bad date, bad amount, unknown
 * customer, duplicate number, wrong column count, unknown or missing
 * column, unclosed quote, NUL byte, an over-long field, an empty file)
 * fails the whole file with FILE:LINE and leaves nothing of it in the
 * books, even when the bad row comes last. Then: byte order mark and CRLF
 * line ends, quoted commas and Chinese names round trip, a second import
 * of the same file adds nothing, identical payment rows are two payments,
 * and a dry run keeps nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_import.h"
#include "books_fixture.h"

#include <stdio.h>
#include <string.h>

/* Write text to DIR/name and import it as kind; returns the error. */
static int
import_text(fixture *f, int kind, const char *name, const char *text,
            size_t len, int dry, arnet_import_stats *st, arnet_diag *d)
{
	return import_bytes(f, kind, name, text, len, NULL, dry, st, d);
}

/* import_text, which must succeed (else the test fails with the store's
 * message). */
static void
import_ok(fixture *f, int kind, const char *name, const char *text, size_t len,
          int dry, arnet_import_stats *st)
{
	arnet_diag d;
	if (import_text(f, kind, name, text, len, dry, st, &d) != ARNET_OK) {
		fail_msg("import %s: %s", name, d.msg);
	}
}

/* import_ok of the array text, not a dry run. */
#define IMPORT_OK(f, kind, name, text, st)                                     \
	import_ok(f, kind, name, text, sizeof(text) - 1, 0, st)

#define IMPORT(f, kind, name, text, d)                                         \
	import_text(f, kind, name, text, sizeof(text) - 1, 0, NULL, d)

static const char customers_csv[] =
        "id,name,credit_limit,currency,terms_days,grade\n"
        "91350100M000100Y43,福州华信贸易有限公司,\"500,000.00\",CNY,45,B\n"
        "local:C-1001,\"Acme, Ltd.\",,,30,\n"
        "duns:15-048-3782,Tokyo Trading,5000000,JPY,60,A\n";

static void
load_customers(fixture *f)
{
	arnet_diag d;
	if (IMPORT(f, ARNET_IMPORT_CUSTOMERS, "c.csv", customers_csv, &d) !=
	    ARNET_OK) {
		fail_msg("customers: %s", d.msg);
	}
}

/* Expect the import to fail at `line` with a message containing want,
 * and leave no invoice "GOOD" behind. */
static void
expect_bad_invoices(fixture *f, const char *text, int line, const char *want)
{
	arnet_diag d;
	arnet_invoice inv;
	char at[32];
	int rv = import_text(f, ARNET_IMPORT_INVOICES, "bad.csv", text,
	                     strlen(text), 0, NULL, &d);
	if (rv == ARNET_OK) {
		fail_msg("accepted: %s", text);
	}
	snprintf(at, sizeof(at), "bad.csv:%d: ", line);
	if (strstr(d.msg, at) == NULL || strstr(d.msg, want) == NULL) {
		fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", d.msg, at,
		         want);
	}
	assert_int_equal(get_invoice(f, "GOOD", &inv), ARNET_ENOTFOUND);
}

#define HDR  "number,customer,issue_date,due_date,amount,currency,order_ref\n"
#define GOOD "GOOD,local:C-1001,2026-01-05,2026-02-04,100.00,CNY,PO-1\n"

static void
test_bad_rows_store_nothing(void **state)
{
	fixture *f = *state;
	load_customers(f);
	expect_bad_invoices(f, HDR GOOD "B1,local:C-1001,2026-02-30,,1,,\n", 3,
	                    "issue_date");
	expect_bad_invoices(f,
	                    HDR GOOD "B1,local:C-1001,2026-02-01,,12.345,,\n",
	                    3, "amount");
	expect_bad_invoices(
	        f, HDR GOOD "B1,local:C-1001,2026-02-01,,\"12,3x\",,\n", 3,
	        "amount");
	expect_bad_invoices(f, HDR GOOD "B1,local:NOBODY,2026-02-01,,1,,\n", 3,
	                    "not in the books");
	expect_bad_invoices(f,
	                    HDR GOOD "B1,uscc:91350100M000100Y44,2026-02-01,,"
	                             "1,,\n",
	                    3, "expected '3'");
	expect_bad_invoices(f, HDR GOOD "GOOD,local:C-1001,2026-01-05,,1,,\n",
	                    3, "appears again (first on line 2)");
	expect_bad_invoices(f, HDR GOOD "B1,local:C-1001,2026-02-01,,1,CNY\n",
	                    3, "6 fields, but the header has 7");
	expect_bad_invoices(f, HDR GOOD "B1,local:C-1001,2026-02-01,,1,XYZ,\n",
	                    3, "XYZ");
	expect_bad_invoices(f,
	                    HDR GOOD "B1,local:C-1001,2026-02-01,2026-01-01,1,"
	                             ",\n",
	                    3, "before the issue date");
	/* A negative amount is a credit note now (corrections_test.sh). */
	expect_bad_invoices(f, HDR GOOD "B1,local:C-1001,2026-02-01,,0,,\n", 3,
	                    "more than zero");
	expect_bad_invoices(f,
	                    HDR GOOD "B1,local:C-1001,2026-02-01,,1,,\"open\n",
	                    3, "quote");
	expect_bad_invoices(f,
	                    "number,customer,issue_date,amount,colour\n" GOOD,
	                    1, "unknown column \"colour\"");
	expect_bad_invoices(f, "number,customer,amount\n" GOOD, 1,
	                    "no column \"issue_date\"");
	expect_bad_invoices(f, "number,number,customer,issue_date,amount\n", 1,
	                    "appears twice");
	expect_bad_invoices(f, "", 1, "empty");
	expect_bad_invoices(f, "\n\n  \n", 1, "empty");
	/* A NUL byte inside a field. */
	char nul[] = HDR GOOD "B1,local:C-1001,2026-02-01,,1,,X\n";
	nul[strlen(nul) - 2] = '\0';
	arnet_diag d;
	assert_int_not_equal(import_text(f, ARNET_IMPORT_INVOICES, "nul.csv",
	                                 nul, sizeof(nul) - 1, 0, NULL, &d),
	                     ARNET_OK);
	/* A field of 600 bytes. */
	char big[1200];
	snprintf(big, sizeof(big),
	         HDR GOOD "B1,local:C-1001,2026-02-01,,1,,%0600d\n", 0);
	expect_bad_invoices(f, big, 3, "longer than");
	/* The error names the line where a row starts, after blank lines;
	 * a quoted field over two lines is read whole (and a newline is
	 * not allowed in an order ref). */
	expect_bad_invoices(f, HDR GOOD "\n\nB2,local:C-1001,bad,,1,,\n", 5,
	                    "issue_date");
	expect_bad_invoices(f,
	                    HDR GOOD "\nQ1,local:C-1001,2026-02-01,,1,,\"two\n"
	                             "lines\"\n",
	                    4, "order ref");
}

static void
test_missing_file(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	assert_int_equal(import_path(f, ARNET_IMPORT_CUSTOMERS,
	                             "/nonexistent.csv", NULL, 0, NULL, &d),
	                 ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "/nonexistent.csv"));
	assert_int_equal(arnet_import_kind_parse("invoices"),
	                 ARNET_IMPORT_INVOICES);
	assert_int_equal(arnet_import_kind_parse("orders"), 0);
}

static void
test_customers_round_trip(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_import_stats st;
	arnet_diag d;
	/* With a byte order mark and CRLF line ends, as Excel writes. */
	static const char excel[] =
	        "\xef\xbb\xbfid,name,terms_days\r\n"
	        "local:客户-1,\"深圳市某某科技有限公司\",60\r\n";
	import_ok(f, ARNET_IMPORT_CUSTOMERS, "x.csv", excel, sizeof(excel) - 1,
	          0, &st);
	assert_int_equal(get_customer(f, "local:客户-1", &c), ARNET_OK);
	assert_string_equal(c.name, "深圳市某某科技有限公司");
	assert_int_equal(c.terms_days, 60);
	load_customers(f);
	assert_int_equal(get_customer(f, "local:C-1001", &c), ARNET_OK);
	assert_string_equal(c.name, "Acme, Ltd.");
	assert_true(c.credit_limit == ARNET_NO_LIMIT);
	assert_int_equal(get_customer(f, "duns:150483782", &c), ARNET_OK);
	assert_string_equal(c.currency, "JPY");
	assert_int_equal(c.credit_limit, 5000000);
	assert_int_equal(c.grade, 'A');
	assert_int_equal(get_customer(f, "uscc:91350100M000100Y43", &c),
	                 ARNET_OK);
	assert_int_equal(c.credit_limit, 50000000);
	/* Again: nothing changes. */
	IMPORT_OK(f, ARNET_IMPORT_CUSTOMERS, "c.csv", customers_csv, &st);
	assert_int_equal(st.rows, 3);
	assert_int_equal(st.unchanged, 3);
	assert_int_equal(st.added + st.updated, 0);
	/* A customer twice in one file is refused. */
	assert_int_equal(IMPORT(f, ARNET_IMPORT_CUSTOMERS, "dup.csv",
	                        "id,name\nlocal:Z,a\nlocal:z,b\n", &d),
	                 ARNET_EEXIST);
	assert_non_null(strstr(d.msg, "dup.csv:3:"));
	assert_int_equal(get_customer(f, "local:Z", &c), ARNET_ENOTFOUND);
}

static void
test_invoices_and_payments(void **state)
{
	fixture *f = *state;
	arnet_import_stats st;
	arnet_diag d;
	arnet_invoice inv;
	load_customers(f);
	static const char inv_csv[] =
	        HDR "INV-1,91350100M000100Y43,2026-07-01,2026-08-15,"
	            "\"100,000.00\",CNY,PO-7\n"
	            "INV-2,91350100m000100y43,2026-08-01,,50000.50,,\n"
	            "J-1,duns:150483782,2026-09-01,2026-10-31,4800000,,\n";
	IMPORT_OK(f, ARNET_IMPORT_INVOICES, "i.csv", inv_csv, &st);
	assert_int_equal(st.added, 3);
	/* Due date from the customer's 45 days terms; currency from it. */
	assert_int_equal(get_invoice(f, "INV-2", &inv), ARNET_OK);
	assert_int_equal(inv.due, day("2026-09-15"));
	assert_string_equal(inv.currency, "CNY");
	assert_int_equal(get_invoice(f, "J-1", &inv), ARNET_OK);
	assert_string_equal(inv.currency, "JPY");
	assert_int_equal(inv.amount, 4800000);
	/* Again: unchanged. */
	IMPORT_OK(f, ARNET_IMPORT_INVOICES, "i.csv", inv_csv, &st);
	assert_int_equal(st.unchanged, 3);

	/* Two identical rows are two payments; the file again adds none. */
	static const char pay_csv[] =
	        "date,customer,amount,currency,invoice,reference\n"
	        "2026-09-10,91350100M000100Y43,\"60,000\",CNY,,BANK-1\n"
	        "2026-09-10,91350100M000100Y43,\"60,000\",CNY,,BANK-1\n"
	        "2026-09-20,duns:150483782,100,,J-1,\n";
	IMPORT_OK(f, ARNET_IMPORT_PAYMENTS, "p.csv", pay_csv, &st);
	assert_int_equal(st.added, 3);
	/* Per currency, never one sum of CNY fen and yen. */
	assert_int_equal(st.ncurrencies, 2);
	assert_string_equal(st.money[0].currency, "CNY");
	assert_int_equal(st.money[0].applied, 12000000);
	assert_string_equal(st.money[1].currency, "JPY");
	assert_int_equal(st.money[1].applied, 100);
	assert_int_equal(outstanding(f, "INV-1", "2026-12-31"), 0);
	assert_int_equal(outstanding(f, "INV-2", "2026-12-31"), 3000050);
	assert_int_equal(outstanding(f, "J-1", "2026-12-31"), 4799900);
	IMPORT_OK(f, ARNET_IMPORT_PAYMENTS, "p.csv", pay_csv, &st);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.unchanged, 3);
	assert_int_equal(outstanding(f, "INV-2", "2026-12-31"), 3000050);
	/* A bad last row undoes the payments of the rows before it. */
	static const char bad_pay[] = "date,customer,amount\n"
	                              "2026-10-01,91350100M000100Y43,100\n"
	                              "2026-10-01,91350100M000100Y43,abc\n";
	assert_int_not_equal(
	        IMPORT(f, ARNET_IMPORT_PAYMENTS, "bp.csv", bad_pay, &d),
	        ARNET_OK);
	assert_non_null(strstr(d.msg, "bp.csv:3: amount"));
	assert_int_equal(outstanding(f, "INV-2", "2026-12-31"), 3000050);
}

static void
test_dry_run_keeps_nothing(void **state)
{
	fixture *f = *state;
	arnet_import_stats st;
	import_ok(f, ARNET_IMPORT_CUSTOMERS, "c.csv", customers_csv,
	          sizeof(customers_csv) - 1, 1, &st);
	assert_int_equal(st.added, 3);
	assert_int_equal(count_customers(f), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_bad_rows_store_nothing,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_missing_file, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_customers_round_trip,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_invoices_and_payments,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_dry_run_keeps_nothing,
	                                        fixture_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
