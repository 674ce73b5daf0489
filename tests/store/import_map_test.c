/*
 * import_map_test.c - mapping files (store/import/map.c): how one ERP's
 * export is read. Every refusal names the file and its line; then a good
 * map and what it says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test_says.h"

#include "import_columns.h"
#include "import_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/arnet-map-XXXXXX";
static char path[64];

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL) {
		return -1;
	}
	snprintf(path, sizeof(path), "%s/map.ini", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

static void
write_map(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* text is refused with err and a message "PATH:LINE: ..." saying says. */
static void
map_refused(const char *text, int err, int line, const char *says)
{
	import_map m;
	arnet_diag d;
	write_map(text);
	assert_int_equal(import_map_load(&m, path, &d), err);
	char where[96];
	snprintf(where, sizeof(where), "%s:%d: ", path, line);
	if (strncmp(d.msg, where, strlen(where)) != 0) {
		fail_msg("\"%s\" does not begin with \"%s\"", d.msg, where);
	}
	test_says(text, d.msg, says);
}

/* map_refused with a syntax error (ARNET_ESYNTAX). */
static void
syntax_refused(const char *text, int line, const char *says)
{
	map_refused(text, ARNET_ESYNTAX, line, says);
}

static void
test_refused(void **state)
{
	(void)state;
	syntax_refused(
	        "[format]\nencoding = latin1\n", 2,
	        "encoding \"latin1\" is not auto, utf-8, gb18030 or gbk");
	syntax_refused("[format]\n\ndate_format = YY.MM.DD\n", 3,
	               "date_format \"YY.MM.DD\" is not");
	syntax_refused("[format]\ndecimal_mark = ;\n", 2, "decimal_mark");
	syntax_refused("[format]\nother_columns = keep\n", 2,
	               "other_columns \"keep\" is not refuse or ignore");
	syntax_refused("[format]\nlocale = zh\n", 2,
	               "\"locale\" is not a key of [format] (encoding, "
	               "separator, date_format, decimal_mark, customer_codes, "
	               "payment_sign, other_columns)");
	syntax_refused("[format]\npayment_sign = minus\n", 2,
	               "payment_sign \"minus\" is not positive or negative");
	syntax_refused("[format]\ncustomer_codes = sap\n", 2,
	               "customer_codes \"sap\" is not auto or local");
	syntax_refused("[format]\nseparator = ::\n", 2,
	               "separator \"::\" is not comma, semicolon, tab or pipe");
	syntax_refused("; U8\n[receipts]\n日期 = date\n", 3,
	               "[receipts] is not a section of a mapping file (format, "
	               "customers, invoices, payments)");
	/* An unknown column: the message lists the kind's columns. */
	syntax_refused("[payments]\n收款日期 = day\n", 2,
	               "\"day\" is not a column of payments (date, customer, "
	               "amount, currency, invoice, reference, or ignore)");
	syntax_refused("[invoices]\n单据编号 = number\n单据编号 = order_ref\n",
	               3, "header \"单据编号\" is mapped twice");
	/* Headers compare without case, as the file's do. */
	syntax_refused("[invoices]\nDoc No = number\ndoc no = ignore\n", 3,
	               "is mapped twice");
	syntax_refused("[invoices]\nno equals sign here\n", 2,
	               "not \"header = column\", a [section] or a comment");
	/* The first error is the one reported, not a later one. */
	syntax_refused("[format]\nencoding = x\nlocale = y\n", 2, "encoding");
	/* More headers than a map holds. */
	char big[IMPORT_MAP_COLS * 16 + 32];
	size_t off = (size_t)snprintf(big, sizeof(big), "[invoices]\n");
	for (int i = 0; i <= IMPORT_MAP_COLS; i++) {
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		                        "h%d = ignore\n", i);
	}
	map_refused(big, ARNET_ETOOBIG, IMPORT_MAP_COLS + 2, "more than");
}

static void
test_missing(void **state)
{
	(void)state;
	import_map m;
	arnet_diag d;
	unlink(path);
	assert_int_equal(import_map_load(&m, path, &d), ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, path));
}

/* What m's [format] section says, field by field. */
static void
format_is(const import_map *m, int encoding, int dates, char decimal_mark,
          int ignore_others, char separator, int local_codes,
          int negative_payments)
{
	assert_int_equal(m->encoding, encoding);
	assert_int_equal(m->form.dates, dates);
	assert_int_equal(m->form.decimal_mark, decimal_mark);
	assert_int_equal(m->ignore_others, ignore_others);
	assert_int_equal(m->separator, separator);
	assert_int_equal(m->local_codes, local_codes);
	assert_int_equal(m->negative_payments, negative_payments);
}

static void
test_good(void **state)
{
	(void)state;
	write_map("; SAP FBL5N, as a test\n"
	          "[format]\n"
	          "encoding = GBK\n"
	          "separator = semicolon\n"
	          "date_format = DD.MM.YYYY\n"
	          "decimal_mark = ,\n"
	          "other_columns = ignore\n"
	          "customer_codes = local\n"
	          "payment_sign = negative\n"
	          "\n"
	          "[invoices]\n"
	          "Belegnummer = number\n"
	          "Kunde = customer\n"
	          "Belegdatum = issue_date\n"
	          "Nettofälligkeit = due_date\n"
	          "Betrag in HW = amount\n"
	          "Steuer = ignore\n"
	          "[payments]\n"
	          "Buchungsdatum = date\n");
	import_map m;
	arnet_diag d;
	if (import_map_load(&m, path, &d) != ARNET_OK) {
		fail_msg("%s", d.msg);
	}
	format_is(&m, ARNET_IMPORT_ENC_GB18030, IMPORT_DATES_DMY, ',', 1, ';',
	          1, 1);
	assert_int_equal(m.ncols[ARNET_IMPORT_INVOICES], 6);
	assert_int_equal(m.ncols[ARNET_IMPORT_PAYMENTS], 1);
	assert_int_equal(m.ncols[ARNET_IMPORT_CUSTOMERS], 0);
	int number = import_column_by_name(ARNET_IMPORT_INVOICES, "number");
	assert_int_equal(
	        import_map_find(&m, ARNET_IMPORT_INVOICES, "belegnummer"),
	        number);
	assert_int_equal(import_map_find(&m, ARNET_IMPORT_INVOICES, "Steuer"),
	                 COL_IGNORED);
	assert_int_equal(import_map_find(&m, ARNET_IMPORT_INVOICES, "Kunde2"),
	                 COL_UNKNOWN);
	/* A header of one section means nothing in another. */
	assert_int_equal(
	        import_map_find(&m, ARNET_IMPORT_PAYMENTS, "Belegnummer"),
	        COL_UNKNOWN);

	/* An empty map is the defaults. */
	write_map("; nothing\n");
	assert_int_equal(import_map_load(&m, path, &d), ARNET_OK);
	format_is(&m, ARNET_IMPORT_ENC_AUTO, IMPORT_DATES_AUTO, '.', 0, ',', 0,
	          0);
	static const struct {
		const char *text;
		char c;
	} seps[] = {{"tab", '\t'}, {"TAB", '\t'}, {"semicolon", ';'},
	            {"pipe", '|'}, {"|", '|'},    {",", ','},
	            {"comma", ','}};
	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		char text[64];
		snprintf(text, sizeof(text), "[format]\nseparator = %s\n",
		         seps[i].text);
		write_map(text);
		assert_int_equal(import_map_load(&m, path, &d), ARNET_OK);
		assert_int_equal(m.separator, seps[i].c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_missing),
	        cmocka_unit_test(test_good),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
