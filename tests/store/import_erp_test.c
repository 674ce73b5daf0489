/*
 * import_erp_test.c - files as ERP systems and Excel on Chinese Windows
 * write them, end to end through arnet_import_file: GBK with Chinese
 * headers, Excel's trailing unnamed columns and blank ",,," rows, the
 * date and amount forms, currency aliases, mapping files. Refusals first:
 * each names FILE:LINE and the encoding, and keeps nothing of the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_import.h"
#include "books_fixture.h"

#include <iconv.h>
#include <stdio.h>
#include <string.h>

/* text (UTF-8) converted to GB18030 into out; its length. */
static size_t
to_gbk(const char *text, char *out, size_t cap)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)text, *o = out;
	size_t inleft = strlen(text), outleft = cap;
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	return cap - outleft;
}

/* Import text (UTF-8, or GB18030 when gbk) as kind from file name. */
static int
import_as(fixture *f, int kind, const char *name, const char *text, int gbk,
          const arnet_import_opts *opts, arnet_import_stats *st, arnet_diag *d)
{
	char buf[4096];
	size_t n = strlen(text);
	if (gbk) {
		n = to_gbk(text, buf, sizeof(buf));
	} else {
		assert_true(n < sizeof(buf));
		memcpy(buf, text, n);
	}
	return import_bytes(f, kind, name, buf, n, opts, 0, st, d);
}

/* A mapping file DIR/name holding text; its path (static). */
static const char *
write_map(fixture *f, const char *name, const char *text)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
import_ok(fixture *f, int kind, const char *name, const char *text, int gbk,
          const arnet_import_opts *opts, arnet_import_stats *st)
{
	arnet_diag d;
	if (import_as(f, kind, name, text, gbk, opts, st, &d) != ARNET_OK) {
		fail_msg("%s: %s", name, d.msg);
	}
}

static void
refused(fixture *f, int kind, const char *text, int gbk,
        const arnet_import_opts *opts, int line, const char *says)
{
	arnet_diag d;
	char at[32];
	assert_int_not_equal(
	        import_as(f, kind, "bad.csv", text, gbk, opts, NULL, &d),
	        ARNET_OK);
	snprintf(at, sizeof(at), "bad.csv:%d: ", line);
	if (strstr(d.msg, at) == NULL || strstr(d.msg, says) == NULL) {
		fail_msg("\"%s\" lacks \"%s\" or \"%s\"", d.msg, at, says);
	}
	if (gbk && strstr(d.msg, "(file read as GB18030)") == NULL) {
		fail_msg("\"%s\" does not name the encoding", d.msg);
	}
}

/* A 用友-style customer list: Chinese headers, two unnamed columns at the
 * end, a blank row in the middle. */
static const char customers_u8[] =
        "客户编码,客户名称,信用额度,币种,账期,,\r\n"
        "91350100M000100Y43,福州华信贸易有限公司,\"￥500,000.00\",人民币,45,,"
        "\r\n"
        ",,,,,,\r\n"
        "local:C-2,厦门海达物流有限公司,200000元,RMB,30,,\r\n";

static void
load_customers(fixture *f)
{
	arnet_import_stats st;
	import_ok(f, ARNET_IMPORT_CUSTOMERS, "customers.csv", customers_u8, 1,
	          NULL, &st);
	assert_int_equal(st.rows, 2);
	assert_int_equal(st.added, 2);
}

#define INV_HDR "单据编号,客户编码,客户名称,开票日期,到期日,价税合计,币种\n"

static void
test_refused(void **state)
{
	fixture *f = *state;
	load_customers(f);
	arnet_invoice inv;
	/* A good first row, then each bad one: nothing of the file stays. */
	static const char good[] = "G-1,local:C-2,厦门海达,2026/11/5,,100.00,"
	                           "CNY\n";
	static const struct {
		const char *row;
		const char *says;
	} bad[] = {
	        {"B-1,local:C-2,海达,2026/13/5,,100.00,CNY\n", "issue_date"},
	        {"B-1,local:C-2,海达,05.11.2026x,,100.00,CNY\n",
	         "is not a date"},
	        {"B-1,local:C-2,海达,2026-11-05,,１００元,CNY\n", "amount"},
	        {"B-1,local:C-2,海达,2026-11-05,,100.00,美金\n", "currency"},
	        {"B-1,local:C-9,海达,2026-11-05,,100.00,CNY\n", "local:C-9"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), "%s%s%s", INV_HDR, good,
		         bad[i].row);
		refused(f, ARNET_IMPORT_INVOICES, text, 1, NULL, 3,
		        bad[i].says);
		assert_int_equal(get_invoice(f, "G-1", &inv), ARNET_ENOTFOUND);
	}
	/* An unknown header: the message lists the columns. */
	refused(f, ARNET_IMPORT_INVOICES,
	        "单据编号,客户编码,开票日期,价税合计,税额\n", 1, NULL, 1,
	        "税额");
	/* A GBK line after UTF-8 lines: refused, naming the line that
	 * decided (the file is not read in two encodings). */
	char mixed[512];
	size_t n =
	        (size_t)snprintf(mixed, sizeof(mixed), "%s%s", INV_HDR, good);
	n += to_gbk("B-2,local:C-2,海达,2026-11-05,,1.00,CNY\n", mixed + n,
	            sizeof(mixed) - n);
	arnet_diag d;
	assert_int_equal(import_bytes(f, ARNET_IMPORT_INVOICES, "mixed.csv",
	                              mixed, n, NULL, 0, NULL, &d),
	                 ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "mixed.csv:3: "));
	assert_non_null(strstr(d.msg, "line 1 was read as UTF-8"));
	assert_int_equal(get_invoice(f, "G-1", &inv), ARNET_ENOTFOUND);
	/* Asked for UTF-8, a GBK file is refused with the way out. */
	arnet_import_opts utf8 = {.encoding = ARNET_IMPORT_ENC_UTF8};
	assert_int_not_equal(import_as(f, ARNET_IMPORT_INVOICES, "gbk.csv",
	                               INV_HDR, 1, &utf8, NULL, &d),
	                     ARNET_OK);
	assert_non_null(strstr(d.msg, "gbk.csv:1: "));
	assert_non_null(strstr(d.msg, "--encoding gb18030"));
	/* A day-first date needs the map's date_format. */
	refused(f, ARNET_IMPORT_INVOICES,
	        INV_HDR "B-3,local:C-2,海达,05/11/2026,,1.00,CNY\n", 0, NULL, 2,
	        "date_format");
	/* A mapping file that is wrong: its own FILE:LINE. */
	arnet_import_opts mo = {
	        .map_path =
	                write_map(f, "bad.ini", "[invoices]\n税额 = tax\n")};
	assert_int_not_equal(import_as(f, ARNET_IMPORT_INVOICES, "x.csv",
	                               INV_HDR, 0, &mo, NULL, &d),
	                     ARNET_OK);
	assert_non_null(strstr(d.msg, "bad.ini:2: "));
	assert_non_null(strstr(d.msg, "\"tax\" is not a column of invoices"));
}

static void
test_gbk_customers(void **state)
{
	fixture *f = *state;
	load_customers(f);
	arnet_customer c;
	assert_int_equal(get_customer(f, "91350100M000100Y43", &c), ARNET_OK);
	assert_string_equal(c.name, "福州华信贸易有限公司");
	assert_int_equal(c.credit_limit, 50000000);
	assert_string_equal(c.currency, "CNY");
	assert_int_equal(c.terms_days, 45);
	assert_int_equal(get_customer(f, "local:C-2", &c), ARNET_OK);
	assert_int_equal(c.credit_limit, 20000000);
	assert_string_equal(c.currency, "CNY");
	/* The same file again, as UTF-8 with a BOM: nothing changes. */
	char bom[1024];
	snprintf(bom, sizeof(bom), "\xef\xbb\xbf%s", customers_u8);
	arnet_import_stats st;
	import_ok(f, ARNET_IMPORT_CUSTOMERS, "again.csv", bom, 0, NULL, &st);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(st.added + st.updated, 0);
}

/* Every date and amount form an export writes, in one GBK file. */
static void
test_gbk_invoices(void **state)
{
	fixture *f = *state;
	load_customers(f);
	arnet_import_stats st;
	import_ok(f, ARNET_IMPORT_INVOICES, "invoices.csv",
	          INV_HDR
	          "HX-1,local:C-2,海达,2026/11/5,2026/12/5,\"¥1,234.56\",RMB\n"
	          "HX-2,local:C-2,海达,20261105,,1234.56元,人民币\n"
	          "HX-3,local:C-2,海达,2026年11月5日,2026年12月20日,\"1,000\","
	          "￥\n"
	          "  HX-4 ,local:C-2,海达,2026-11-05 00:00:00,,  99.9  ,CNY\n"
	          ",,,,,,\n",
	          1, NULL, &st);
	assert_int_equal(st.rows, 4);
	assert_int_equal(st.added, 4);
	static const struct {
		const char *no, *due;
		int64_t amount;
	} want[] = {
	        {"HX-1", "2026-12-05", 123456},
	        {"HX-2", "2026-12-05", 123456}, /* issue + 30 days' terms */
	        {"HX-3", "2026-12-20", 100000},
	        {"HX-4", "2026-12-05", 9990},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		arnet_invoice inv;
		assert_int_equal(get_invoice(f, want[i].no, &inv), ARNET_OK);
		assert_int_equal(inv.issued, day("2026-11-05"));
		assert_int_equal(inv.due, day(want[i].due));
		assert_int_equal(inv.amount, want[i].amount);
		assert_string_equal(inv.currency, "CNY");
		assert_string_equal(inv.customer.text, "local:C-2");
	}
}

/* A SAP-style export read through a mapping file: its own headers, day
 * first dates, a decimal comma, columns of no interest ignored. */
static void
test_map(void **state)
{
	fixture *f = *state;
	load_customers(f);
	arnet_import_opts mo = {
	        .map_path = write_map(f, "sap.ini",
	                              "[format]\n"
	                              "date_format = DD.MM.YYYY\n"
	                              "decimal_mark = ,\n"
	                              "other_columns = ignore\n"
	                              "[invoices]\n"
	                              "Reference = number\n"
	                              "Account = customer\n"
	                              "Document Date = issue_date\n"
	                              "Net due date = due_date\n"
	                              "Amount in local currency = amount\n"
	                              "Local Currency = currency\n"
	                              "[payments]\n"
	                              "Clearing date = date\n"
	                              "Account = customer\n"
	                              "Amount in local currency = amount\n"
	                              "Local Currency = currency\n"
	                              "Clearing Document = reference\n")};
	arnet_import_stats st;
	import_ok(f, ARNET_IMPORT_INVOICES, "fbl5n.csv",
	          "\xef\xbb\xbf"
	          "Account,Reference,Document Date,Net due date,"
	          "Amount in local currency,Local Currency,Text,Tax code\n"
	          "local:C-2,9000001,05.11.2026,05.12.2026,\"1.234,56\",CNY,"
	          "x,A1\n"
	          "local:C-2,9000002,06.11.2026,06.12.2026,\"20.000,00\",CNY,"
	          ",A1\n",
	          0, &mo, &st);
	assert_int_equal(st.added, 2);
	arnet_invoice inv;
	assert_int_equal(get_invoice(f, "9000001", &inv), ARNET_OK);
	assert_int_equal(inv.amount, 123456);
	assert_int_equal(inv.issued, day("2026-11-05"));
	assert_int_equal(inv.due, day("2026-12-05"));
	assert_int_equal(get_invoice(f, "9000002", &inv), ARNET_OK);
	assert_int_equal(inv.amount, 2000000);
	/* Without the map the same file is refused at its header. */
	arnet_diag d;
	assert_int_not_equal(import_as(f, ARNET_IMPORT_INVOICES, "fbl5n.csv",
	                               "Account,Reference,Document Date\n", 0,
	                               NULL, NULL, &d),
	                     ARNET_OK);
	assert_non_null(strstr(d.msg, "fbl5n.csv:1: "));
	/* Payments through the same map, per currency in the summary. */
	import_ok(f, ARNET_IMPORT_PAYMENTS, "clear.csv",
	          "Clearing date,Account,Amount in local currency,"
	          "Local Currency,Clearing Document\n"
	          "30.11.2026,local:C-2,\"1.234,56\",CNY,1400000001\n"
	          "30.11.2026,local:C-2,\"25.000,00\",CNY,1400000002\n",
	          0, &mo, &st);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.ncurrencies, 1);
	assert_string_equal(st.money[0].currency, "CNY");
	/* Oldest due first: 9000001 and 9000002 settled, 3,765.44 left. */
	assert_int_equal(st.money[0].applied + st.money[0].unapplied, 2623456);
	assert_int_equal(outstanding(f, "9000002", "2026-12-01"), 0);

	/* SAP writes the payment as a credit: the map turns the sign, and
	 * refuses a row that is not a credit. */
	arnet_import_opts neg = {
	        .map_path = write_map(f, "neg.ini",
	                              "[format]\ndecimal_mark = ,\n"
	                              "date_format = DD.MM.YYYY\n"
	                              "payment_sign = negative\n")};
	refused(f, ARNET_IMPORT_PAYMENTS,
	        "date,customer,amount\n01.12.2026,local:C-2,\"1,00-\"\n"
	        "01.12.2026,local:C-2,\"2,00\"\n",
	        0, &neg, 3, "amount \"2,00\" is not a credit");
	import_ok(f, ARNET_IMPORT_PAYMENTS, "dz.csv",
	          "date,customer,amount,reference\n"
	          "01.12.2026,local:C-2,\"1,00-\",1400000003\n",
	          0, &neg, &st);
	assert_int_equal(st.money[0].applied + st.money[0].unapplied, 100);

	/* The same export saved by a European Excel: semicolons, the
	 * decimal comma unquoted, SAP's trailing minus on a credit. */
	arnet_import_opts semi = {
	        .map_path = write_map(f, "semi.ini",
	                              "[format]\n"
	                              "separator = semicolon\n"
	                              "date_format = DD.MM.YYYY\n"
	                              "decimal_mark = ,\n"
	                              "[invoices]\n"
	                              "Reference = number\n"
	                              "Account = customer\n"
	                              "Document Date = issue_date\n"
	                              "Amount = amount\n")};
	import_ok(f, ARNET_IMPORT_INVOICES, "semi.csv",
	          "Account;Reference;Document Date;Amount\n"
	          "local:C-2;9000003;07.11.2026;1.000,50\n",
	          0, &semi, &st);
	assert_int_equal(get_invoice(f, "9000003", &inv), ARNET_OK);
	assert_int_equal(inv.amount, 100050);
	refused(f, ARNET_IMPORT_INVOICES,
	        "Account;Reference;Document Date;Amount\n"
	        "local:C-2;9000004;07.11.2026;1.000,50;x\n",
	        0, &semi, 2, "");

	/* The ERP's own customer codes: bare, even one of nine digits that
	 * would otherwise read as a D-U-N-S number, are local: codes. */
	arnet_import_opts codes = {
	        .map_path = write_map(f, "codes.ini",
	                              "[format]\ncustomer_codes = local\n")};
	import_ok(f, ARNET_IMPORT_CUSTOMERS, "kna1.csv",
	          "客户编码,客户名称\n100234567,Hai Da\nC-3,Three\n"
	          "uscc:91350100M000100Y43,福州华信贸易有限公司\n",
	          0, &codes, &st);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.unchanged, 1);
	arnet_customer c;
	assert_int_equal(get_customer(f, "local:100234567", &c), ARNET_OK);
	assert_string_equal(c.name, "Hai Da");
	assert_int_equal(get_customer(f, "local:C-3", &c), ARNET_OK);
	/* A list without limits keeps the limits the books hold. */
	assert_int_equal(get_customer(f, "uscc:91350100M000100Y43", &c),
	                 ARNET_OK);
	assert_int_equal(c.credit_limit, 50000000);
	assert_int_equal(get_customer(f, "duns:100234567", &c),
	                 ARNET_ENOTFOUND);
	/* Without the map a bare code is refused, saying what to do. */
	refused(f, ARNET_IMPORT_CUSTOMERS, "客户编码,客户名称\nC-4,Four\n", 0,
	        NULL, 2, "local:");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_refused, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_gbk_customers, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_gbk_invoices, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_map, fixture_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
