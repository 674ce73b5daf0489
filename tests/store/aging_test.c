/*
 * aging_test.c - tests of the firm's own aging bands and basis
 * (store/reports/aging.c) and of the currencies a report shows
 * (store/reports/currencies.c): refused bands first (empty, zero,
 * negative, falling, repeated, too many, too large, junk), then the
 * buckets at each boundary by due date and by invoice date, the labels,
 * a report in bands 15,45 by invoice date, the currency sections, and
 * sections converted into one currency (no rate refused first).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_reports.h"
#include "books_fixture.h"

#include <stdlib.h>
#include <string.h>

static void
test_bands_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "",
	        " ",
	        ",",
	        "30,",
	        ",30",
	        "0",
	        "-30",
	        "+30",
	        "30,30",
	        "60,30",
	        "30,,60",
	        "30;60",
	        "30 60",
	        "x",
	        "30x",
	        "10000",
	        "99999999999999999999",
	        "1,2,3,4,5,6,7,8,9",
	        "30.5",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		arnet_aging_bands b;
		arnet_diag d;
		arnet_aging_bands_default(&b);
		b.basis = ARNET_AGING_BY_INVOICE;
		arnet_aging_bands keep = b;
		assert_int_equal(arnet_aging_bands_parse(&b, bad[i], &d),
		                 ARNET_ESYNTAX);
		assert_non_null(strstr(d.msg, "bands"));
		assert_memory_equal(&b, &keep, sizeof(b)); /* unchanged */
	}
	int basis = ARNET_AGING_BY_DUE;
	arnet_diag d;
	assert_int_equal(arnet_aging_basis_parse(&basis, "issue", &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(arnet_aging_basis_parse(&basis, "", &d),
	                 ARNET_ESYNTAX);
	assert_int_equal(basis, ARNET_AGING_BY_DUE);
}

static void
test_bands_parsed(void **state)
{
	(void)state;
	arnet_aging_bands b;
	arnet_diag d;
	arnet_aging_bands_default(&b);
	assert_int_equal(arnet_aging_bands_parse(&b, " 30, 60 ,90,180 ", &d),
	                 ARNET_OK);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.upto[3], 180);
	assert_int_equal(b.basis, ARNET_AGING_BY_DUE);
	assert_int_equal(arnet_aging_bands_parse(&b, "1,2,3,4,5,6,7,9999", &d),
	                 ARNET_OK);
	assert_int_equal(b.n, ARNET_AGING_BANDS_MAX);
	int basis = ARNET_AGING_BY_DUE;
	assert_int_equal(arnet_aging_basis_parse(&basis, "invoice", &d),
	                 ARNET_OK);
	assert_int_equal(basis, ARNET_AGING_BY_INVOICE);
}

static void
test_buckets_by_due(void **state)
{
	(void)state;
	arnet_aging_bands b;
	arnet_diag d;
	char label[32];
	arnet_aging_bands_default(&b);
	assert_int_equal(arnet_aging_bands_parse(&b, "30,60,90,180", &d),
	                 ARNET_OK);
	assert_int_equal(arnet_aging_nbuckets(&b), 6);
	const struct {
		int32_t days;
		int bucket;
	} cases[] = {{-5, 0}, {0, 0},  {1, 1},   {30, 1},  {31, 2},
	             {90, 3}, {91, 4}, {180, 4}, {181, 5}, {9000, 5}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(arnet_aging_bucket_of(&b, cases[i].days),
		                 cases[i].bucket);
	}
	static const char *const want[] = {"current", "1-30",   "31-60",
	                                   "61-90",   "91-180", "180+"};
	for (int i = 0; i < 6; i++) {
		arnet_aging_bucket_label(label, sizeof(label), &b, i);
		assert_string_equal(label, want[i]);
	}
	/* The standard bands (trade references) stay as they were. */
	for (int i = 0; i < ARNET_AGING_BUCKETS; i++) {
		arnet_aging_bands s;
		arnet_aging_bands_default(&s);
		arnet_aging_bucket_label(label, sizeof(label), &s, i);
		assert_string_equal(label, arnet_aging_bucket_names[i]);
	}
	assert_int_equal(arnet_aging_bucket(91), 4);
}

static void
test_buckets_by_invoice(void **state)
{
	(void)state;
	arnet_aging_bands b;
	arnet_diag d;
	char label[32];
	arnet_aging_bands_default(&b);
	b.basis = ARNET_AGING_BY_INVOICE;
	assert_int_equal(arnet_aging_bands_parse(&b, "30,60", &d), ARNET_OK);
	assert_int_equal(arnet_aging_nbuckets(&b), 3);
	assert_int_equal(arnet_aging_bucket_of(&b, 0), 0);
	assert_int_equal(arnet_aging_bucket_of(&b, 30), 0);
	assert_int_equal(arnet_aging_bucket_of(&b, 31), 1);
	assert_int_equal(arnet_aging_bucket_of(&b, 60), 1);
	assert_int_equal(arnet_aging_bucket_of(&b, 61), 2);
	static const char *const want[] = {"0-30", "31-60", "60+"};
	for (int i = 0; i < 3; i++) {
		arnet_aging_bucket_label(label, sizeof(label), &b, i);
		assert_string_equal(label, want[i]);
	}
}

typedef struct job {
	const arnet_aging_bands *bands;
	const char *cur;
	arnet_aging a;
	arnet_currencies c;
} job;

static int
aging_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	job *j = arg;
	return arnet_aging_report(t, day("2026-06-30"), j->cur, j->bands, NULL,
	                          &j->a, d);
}

static int
currencies_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	job *j = arg;
	return arnet_report_currencies(t, day("2026-06-30"), NULL, j->cur,
	                               &j->c, d);
}

static void
test_report_refuses_bad_bands(void **state)
{
	fixture *f = *state;
	arnet_aging_bands b = {ARNET_AGING_BY_DUE, 2, {60, 30}};
	job j = {&b, "CNY", {0}, {{{0}}, 0}};
	arnet_diag d;
	assert_int_equal(arnet_store_read(f->s, aging_txn, &j, &d),
	                 ARNET_EINVAL);
	b = (arnet_aging_bands){7, 1, {30}}; /* no such basis */
	assert_int_equal(arnet_store_read(f->s, aging_txn, &j, &d),
	                 ARNET_EINVAL);
	b = (arnet_aging_bands){ARNET_AGING_BY_DUE, 0, {0}};
	assert_int_equal(arnet_store_read(f->s, aging_txn, &j, &d),
	                 ARNET_EINVAL);
}

static void
test_report_by_invoice_date(void **state)
{
	fixture *f = *state;
	arnet_aging_bands b;
	arnet_diag d;
	arnet_aging_bands_default(&b);
	b.basis = ARNET_AGING_BY_INVOICE;
	assert_int_equal(arnet_aging_bands_parse(&b, "15,45", &d), ARNET_OK);
	add_customer(f, "local:A", 30);
	/* As of 2026-06-30: issued 0, 15, 16, 45, 46 days before; the due
	 * dates do not matter by invoice date. */
	add_invoice_a(f, "I0", "2026-06-30", "2026-07-30", 1);
	add_invoice_a(f, "I15", "2026-06-15", "2026-07-15", 10);
	add_invoice_a(f, "I16", "2026-06-14", "2026-06-14", 100);
	add_invoice_a(f, "I45", "2026-05-16", "2026-08-16", 1000);
	add_invoice_a(f, "I46", "2026-05-15", "2026-06-14", 10000);
	add_invoice(f, "U1", "local:A", "2026-05-15", "2026-06-14", 7, "USD");
	job j = {&b, "CNY", {0}, {{{0}}, 0}};
	assert_int_equal(arnet_store_read(f->s, aging_txn, &j, &d), ARNET_OK);
	assert_int_equal(j.a.nbuckets, 3);
	assert_int_equal(j.a.nrows, 1);
	assert_int_equal(j.a.rows[0].bucket[0], 11);
	assert_int_equal(j.a.rows[0].bucket[1], 1100);
	assert_int_equal(j.a.rows[0].bucket[2], 10000);
	assert_int_equal(j.a.totals.total, 11111);
	arnet_aging_free(&j.a);
	/* The same books by due date in the same bands. */
	b.basis = ARNET_AGING_BY_DUE;
	assert_int_equal(arnet_store_read(f->s, aging_txn, &j, &d), ARNET_OK);
	assert_int_equal(j.a.nbuckets, 4);
	assert_int_equal(j.a.rows[0].bucket[0], 1011); /* not yet due */
	assert_int_equal(j.a.rows[0].bucket[1], 0);
	assert_int_equal(j.a.rows[0].bucket[2], 10100); /* 16 days past due */
	assert_int_equal(j.a.totals.total, 11111);
	arnet_aging_free(&j.a);
	/* Both currencies are sections; the books' own comes first. */
	j.cur = "USD";
	assert_int_equal(arnet_store_read(f->s, currencies_txn, &j, &d),
	                 ARNET_OK);
	assert_int_equal(j.c.n, 2);
	assert_string_equal(j.c.v[0], "USD");
	assert_string_equal(j.c.v[1], "CNY");
	j.cur = "EUR"; /* not held: the others in code order */
	assert_int_equal(arnet_store_read(f->s, currencies_txn, &j, &d),
	                 ARNET_OK);
	assert_int_equal(j.c.n, 2);
	assert_string_equal(j.c.v[0], "CNY");
	assert_string_equal(j.c.v[1], "USD");
}

static void
test_currencies_of_empty_books(void **state)
{
	fixture *f = *state;
	job j = {NULL, "CNY", {0}, {{{0}}, 0}};
	arnet_diag d;
	/* Issued after the date: not held yet. */
	add_invoice(f, "LATER", "local:A", "2026-07-01", "2026-07-31", 5,
	            "USD");
	assert_int_equal(arnet_store_read(f->s, currencies_txn, &j, &d),
	                 ARNET_OK);
	assert_int_equal(j.c.n, 1);
	assert_string_equal(j.c.v[0], "CNY");
}

/* Two sections by hand: CNY and USD, customer B in both. */
static void
two_sections(arnet_aging v[2])
{
	arnet_aging_bands b;
	arnet_diag d;
	memset(v, 0, 2 * sizeof(*v));
	arnet_aging_bands_default(&b);
	for (int i = 0; i < 2; i++) {
		v[i].bands = b;
		v[i].nbuckets = arnet_aging_nbuckets(&b);
		v[i].as_of = day("2026-06-30");
		v[i].rows = calloc(2, sizeof(arnet_aging_row));
		assert_non_null(v[i].rows);
	}
	memcpy(v[0].currency, "CNY", 4);
	memcpy(v[1].currency, "USD", 4);
	v[0].nrows = 2;
	assert_int_equal(arnet_ident_parse(&v[0].rows[0].id, "local:A", &d),
	                 ARNET_OK);
	assert_int_equal(arnet_ident_parse(&v[0].rows[1].id, "local:B", &d),
	                 ARNET_OK);
	v[0].rows[0].bucket[0] = v[0].rows[0].total = 1000;
	v[0].rows[1].bucket[4] = v[0].rows[1].total = 5;
	v[1].nrows = 1;
	v[1].rows[0].id = v[0].rows[1].id;
	/* 0.01 USD at 7.185 is 0.07185 CNY: 0.07 once rounded. */
	v[1].rows[0].bucket[4] = v[1].rows[0].total = 1;
	v[1].rows[0].bucket[1] = 100; /* 7.19 CNY: 7.185 rounds up */
	v[1].rows[0].total += 100;
}

static void
test_convert_refused_and_merged(void **state)
{
	(void)state;
	arnet_aging v[2], one;
	arnet_fx fx = {.base = "CNY"};
	arnet_diag d;
	two_sections(v);
	/* No rate for USD: refused, naming it; nothing to free. */
	assert_int_equal(arnet_aging_convert(v, 2, &fx, "CNY", &one, &d),
	                 ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "USD"));
	assert_int_equal(arnet_aging_convert(v, 0, &fx, "CNY", &one, &d),
	                 ARNET_EINVAL);
	assert_int_equal(arnet_fx_set(&fx, "USD", 7185000, &d), ARNET_OK);
	assert_int_equal(arnet_aging_convert(v, 2, &fx, "CNY", &one, &d),
	                 ARNET_OK);
	assert_string_equal(one.currency, "CNY");
	assert_int_equal(one.nrows, 2); /* B's two currencies: one row */
	assert_string_equal(one.rows[1].id.text, "local:B");
	assert_int_equal(one.rows[1].bucket[4], 5 + 7);
	assert_int_equal(one.rows[1].bucket[1], 719);
	assert_int_equal(one.rows[1].total, 5 + 726); /* 101 at once */
	assert_int_equal(one.totals.total, 1000 + 5 + 726);
	assert_int_equal(one.totals.bucket[0], 1000);
	arnet_aging_free(&one);
	/* Overflow of a converted sum is refused. */
	v[0].rows[1].total = INT64_MAX;
	assert_int_equal(arnet_aging_convert(v, 2, &fx, "CNY", &one, &d),
	                 ARNET_ERANGE);
	arnet_aging_free(&v[0]);
	arnet_aging_free(&v[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_bands_refused),
	        cmocka_unit_test(test_bands_parsed),
	        cmocka_unit_test(test_buckets_by_due),
	        cmocka_unit_test(test_buckets_by_invoice),
	        cmocka_unit_test(test_convert_refused_and_merged),
	        cmocka_unit_test_setup_teardown(test_report_refuses_bad_bands,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_report_by_invoice_date,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_currencies_of_empty_books,
	                                        customer_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
