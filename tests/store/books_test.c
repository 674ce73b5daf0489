/*
 * books_test.c - tests of store/core/store.c and store/books/books.c: the
 * store's environment (schema, transactions that happen whole or not at all,
 * map growth) and the books (customers, invoices, payments and how payments are
 * applied).
 *
 * Hostile first: bad fields of every kind, an invoice of an unknown
 * customer, an invoice number reused with other contents, a payment
 * naming another customer's invoice or one in another currency, a store
 * of a future schema, a failed operation that must leave nothing behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_books.h"
#include "arnet_evidence.h"
#include "arnet_date.h"
#include "books_fixture.h"
#include "txn_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
test_customer_fields_refused(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_ident id;
	arnet_diag d;
	assert_int_equal(arnet_ident_parse(&id, "local:X", NULL), ARNET_OK);
	arnet_customer_init(&c, &id);
	/* No name. */
	assert_int_equal(put_customer(f, &c, &d), ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "name"));
	strcpy(c.name, " padded");
	assert_int_equal(put_customer(f, &c, &d), ARNET_ESYNTAX);
	strcpy(c.name, "tab\there");
	assert_int_equal(put_customer(f, &c, &d), ARNET_ESYNTAX);
	strcpy(c.name, "ok");
	memcpy(c.currency, "XXX", 4);
	assert_int_equal(put_customer(f, &c, &d), ARNET_ECURRENCY);
	memcpy(c.currency, "CNY", 4);
	c.grade = 'E';
	assert_int_equal(put_customer(f, &c, &d), ARNET_ERANGE);
	c.grade = 'A';
	c.credit_limit = -2;
	assert_int_equal(put_customer(f, &c, &d), ARNET_ERANGE);
	c.credit_limit = 0;
	c.terms_days = ARNET_TERMS_MAX + 1;
	assert_int_equal(put_customer(f, &c, &d), ARNET_ERANGE);
	c.terms_days = 30;
	/* Non-canonical id (lower case) is refused by the store. */
	strcpy(c.id.text, "local:x");
	assert_int_equal(put_customer(f, &c, &d), ARNET_ENONCANON);
	/* None of it was stored. */
	assert_int_equal(count_customers(f), 0);
}

static void
test_customer_put_results(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_put_result r;
	make_customer(&c, "local:C-1", "Acme", 30);
	assert_int_equal(put_customer_r(f, &c, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_ADDED);
	assert_int_equal(put_customer_r(f, &c, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UNCHANGED);
	strcpy(c.name, "福州华信贸易有限公司");
	assert_int_equal(put_customer_r(f, &c, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UPDATED);
	arnet_customer back;
	assert_int_equal(get_customer(f, "local:C-1", &back), ARNET_OK);
	assert_string_equal(back.name, "福州华信贸易有限公司");
	assert_int_equal(back.terms_days, 30);
	assert_true(back.credit_limit == ARNET_NO_LIMIT);
}

/* An invoice of customer local:C-1 in CNY, and what adding it gives. */
typedef struct inv_case {
	const char *num, *issued, *due;
	int64_t amount;
	int want;
} inv_case;

static void
test_invoice_refused(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	static const inv_case cases[] = {
	        /* Due before issue. */
	        {"I-1", "2026-01-31", "2026-01-30", 100, ARNET_ERANGE},
	        /* Zero and negative amounts. */
	        {"I-1", "2026-01-01", "2026-01-31", 0, ARNET_ERANGE},
	        {"I-1", "2026-01-01", "2026-01-31", -5, ARNET_ERANGE},
	        /* Empty number, and a control character in it. */
	        {"", "2026-01-01", "2026-01-31", 1, ARNET_ESYNTAX},
	        {"I\n1", "2026-01-01", "2026-01-31", 1, ARNET_ESYNTAX},
	        /* The same number again: same contents fine, other not. */
	        {"I-1", "2026-01-01", "2026-01-31", 100, ARNET_OK},
	        {"I-1", "2026-01-01", "2026-01-31", 100, ARNET_OK},
	        {"I-1", "2026-01-01", "2026-01-31", 101, ARNET_ECONFLICT},
	};
	add_customer(f, "local:C-1", 30);
	/* Unknown customer. */
	assert_int_equal(add_invoice_d(f, "I-1", "local:NOPE", "2026-01-01",
	                               "2026-01-31", 100, "CNY", &d),
	                 ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "local:NOPE"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const inv_case *c = &cases[i];
		int rv = add_invoice_d(f, c->num, "local:C-1", c->issued,
		                       c->due, c->amount, "CNY", &d);
		if (rv != c->want) {
			fail_msg("case %zu (%s): %d, not %d", i, c->num, rv,
			         c->want);
		}
	}
	assert_non_null(strstr(d.msg, "I-1"));
}

/* A payment of 2026-02-01 in CNY, and what adding it gives. */
typedef struct pay_case {
	const char *cust;
	int64_t amount;
	const char *invoice;
	int want;
} pay_case;

static void
test_payment_refused(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	static const pay_case cases[] = {
	        /* An invoice in another currency. */
	        {"local:A", 100, "A-2", ARNET_ESYNTAX},
	        /* No such invoice; no such customer; nothing to pay. */
	        {"local:A", 100, "Z-9", ARNET_ENOTFOUND},
	        {"local:NOPE", 100, "", ARNET_ENOTFOUND},
	        {"local:A", 0, "", ARNET_ERANGE},
	};
	add_customer(f, "local:B", 30);
	add_invoice_a(f, "A-1", "2026-01-01", "2026-01-31", 1000);
	add_invoice(f, "A-2", "local:A", "2026-01-01", "2026-01-31", 1000,
	            "USD");
	/* Another customer's invoice. */
	assert_int_equal(
	        pay_d(f, "local:B", "2026-02-01", 100, "CNY", "A-1", NULL, &d),
	        ARNET_ESYNTAX);
	assert_non_null(strstr(d.msg, "local:A"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const pay_case *c = &cases[i];
		int rv = pay_d(f, c->cust, "2026-02-01", c->amount, "CNY",
		               c->invoice, NULL, &d);
		if (rv != c->want) {
			fail_msg("case %zu (%s): %d, not %d", i, c->cust, rv,
			         c->want);
		}
	}
	/* Nothing was applied by the refused payments. */
	assert_int_equal(outstanding(f, "A-1", "2026-12-31"), 1000);
}

static void
test_failed_operation_leaves_nothing(void **state)
{
	fixture *f = *state;
	/* Two invoices in one transaction, the second bad: neither stays. */
	assert_int_not_equal(add_two_invoices_second_bad(f), ARNET_OK);
	arnet_invoice inv;
	assert_int_equal(get_invoice(f, "GOOD-1", &inv), ARNET_ENOTFOUND);
}

static void
test_schema_of_another_version(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	set_schema(f, 99);
	arnet_store *s2;
	reopen_close(f);
	assert_int_equal(arnet_store_open(&s2, f->dir, 0, &d), ARNET_EVERSION);
	assert_non_null(strstr(d.msg, "99"));
	/* A missing directory without CREATE. */
	assert_int_equal(arnet_store_open(&s2, "/nonexistent/arnet", 0, &d),
	                 ARNET_ENOTFOUND);
}

static void
test_oldest_first(void **state)
{
	fixture *f = *state;
	/* Due order: I-3 (Jan 10), then I-1 and I-2 (both Jan 31: by
	 * number), then I-0 (Feb 28). */
	add_invoice_a(f, "I-0", "2026-01-01", "2026-02-28", 100);
	add_invoice_a(f, "I-2", "2026-01-01", "2026-01-31", 100);
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100);
	add_invoice_a(f, "I-3", "2026-01-01", "2026-01-10", 100);
	arnet_payment p;
	assert_int_equal(pay(f, "local:A", "2026-03-01", 250, "", &p),
	                 ARNET_OK);
	assert_int_equal(p.unapplied, 0);
	assert_int_equal(outstanding(f, "I-3", "2026-03-01"), 0);
	assert_int_equal(outstanding(f, "I-1", "2026-03-01"), 0);
	assert_int_equal(outstanding(f, "I-2", "2026-03-01"), 50);
	assert_int_equal(outstanding(f, "I-0", "2026-03-01"), 100);
	/* As of the day before the payment, nothing was paid. */
	assert_int_equal(outstanding(f, "I-3", "2026-02-28"), 100);
}

static void
test_overpayment_is_unapplied_credit(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100);
	assert_int_equal(pay(f, "local:A", "2026-02-01", 130, "I-1", &p),
	                 ARNET_OK);
	assert_int_equal(p.unapplied, 30);
	assert_int_equal(outstanding(f, "I-1", "2026-02-01"), 0);
	/* Oldest first with nothing open: all unapplied. */
	assert_int_equal(pay(f, "local:A", "2026-02-02", 40, "", &p), ARNET_OK);
	assert_int_equal(p.unapplied, 40);
}

static void
test_payment_before_issue(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	add_invoice_a(f, "I-1", "2026-03-01", "2026-03-31", 100);
	/* Oldest first only takes invoices issued by the payment date. */
	assert_int_equal(pay(f, "local:A", "2026-02-15", 60, "", &p), ARNET_OK);
	assert_int_equal(p.unapplied, 60);
	assert_int_equal(outstanding(f, "I-1", "2026-03-01"), 100);
	/* A deposit naming the invoice is applied to it. */
	assert_int_equal(pay(f, "local:A", "2026-02-20", 60, "I-1", &p),
	                 ARNET_OK);
	assert_int_equal(p.unapplied, 0);
	/* Before its issue date the invoice is not owed at all. */
	assert_int_equal(outstanding(f, "I-1", "2026-02-28"), 0);
	assert_int_equal(outstanding(f, "I-1", "2026-03-01"), 40);
}

static void
test_payment_identity(void **state)
{
	fixture *f = *state;
	arnet_payment p;
	arnet_put_result r;
	uint8_t id1[32], id2[32];
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 1000);
	make_payment(&p, "local:A", "2026-02-01", 100, "");
	arnet_payment_identity(id1, &p, 0);
	arnet_payment_identity(id2, &p, 1);
	assert_memory_not_equal(id1, id2, 32);
	assert_int_equal(pay_identity(f, &p, id1, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_ADDED);
	make_payment(&p, "local:A", "2026-02-01", 100, "");
	assert_int_equal(pay_identity(f, &p, id1, &r), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UNCHANGED);
	assert_int_equal(outstanding(f, "I-1", "2026-12-31"), 900);
	/* Fields do not run into each other. */
	arnet_payment q;
	make_payment(&q, "local:A", "2026-02-01", 100, "");
	strcpy(q.reference, "X");
	arnet_payment_identity(id2, &q, 0);
	assert_memory_not_equal(id1, id2, 32);
}

static void
test_map_grows(void **state)
{
	fixture *f = *state;
	/* A 256 KiB map; 20,000 invoices of ~150 bytes with indexes need
	 * more, in one transaction: it is grown and the import run again. */
	arnet_store_limits lim = {ARNET_STORE_MAP_MIN, 0};
	arnet_diag d;
	char cmd[300];
	arnet_store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/store'", f->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(arnet_store_open_limits(&f->s, f->dir,
	                                         ARNET_STORE_CREATE, &lim, &d),
	                 ARNET_OK);
	add_customer(f, "local:A", 30);
	size_t before = arnet_store_map_size(f->s);
	assert_int_equal(before, ARNET_STORE_MAP_MIN);
	assert_int_equal(add_many_invoices(f, 20000), ARNET_OK);
	assert_true(arnet_store_map_size(f->s) > before);
	arnet_invoice inv;
	assert_int_equal(get_invoice(f, "N-19999", &inv), ARNET_OK);
	assert_int_equal(inv.amount, 19999 + 1);
}

typedef struct ev_job {
	arnet_evidence e;
	arnet_put_result r;
	int n;
} ev_job;

TXN_FN(ev_add_txn, ev_job, arnet_evidence_add(t, &j->e, &j->r, d))

static int
ev_count(const arnet_evidence *e, void *arg)
{
	(void)e;
	((ev_job *)arg)->n++;
	return 0;
}

TXN_FN(ev_scan_txn, ev_job,
       arnet_evidence_scan(t, &j->e.customer, NULL, ev_count, j, d))

static void
test_evidence(void **state)
{
	fixture *f = *state;
	ev_job j;
	arnet_diag d;
	char path[128];
	add_customer(f, "local:B", 30);
	add_invoice_a(f, "I-1", "2026-01-01", "2026-01-31", 100);
	/* Hostile first: a missing file, a relative path, unknown kind,
	 * another customer's invoice. */
	memset(&j, 0, sizeof(j));
	assert_int_equal(arnet_evidence_hash_file(j.e.hash, &j.e.size,
	                                          "/nonexistent/x", &d),
	                 ARNET_ENOTFOUND);
	snprintf(path, sizeof(path), "%s/store/data.mdb", f->dir);
	assert_int_equal(
	        arnet_evidence_hash_file(j.e.hash, &j.e.size, path, &d),
	        ARNET_OK);
	assert_true(j.e.size > 0);
	assert_int_equal(arnet_ident_parse(&j.e.customer, "local:B", NULL),
	                 ARNET_OK);
	j.e.kind = ARNET_EVIDENCE_CONTRACT;
	strcpy(j.e.path, "relative/path");
	assert_int_equal(arnet_store_write(f->s, ev_add_txn, &j, 0, &d),
	                 ARNET_ESYNTAX);
	strcpy(j.e.path, path);
	j.e.kind = 9;
	assert_int_equal(arnet_store_write(f->s, ev_add_txn, &j, 0, &d),
	                 ARNET_ERANGE);
	j.e.kind = ARNET_EVIDENCE_DELIVERY_NOTE;
	strcpy(j.e.invoice, "I-1");
	assert_int_equal(arnet_store_write(f->s, ev_add_txn, &j, 0, &d),
	                 ARNET_ESYNTAX);
	/* The right customer: added, then unchanged, then a conflict. */
	assert_int_equal(arnet_ident_parse(&j.e.customer, "local:A", NULL),
	                 ARNET_OK);
	assert_int_equal(arnet_store_write(f->s, ev_add_txn, &j, 0, &d),
	                 ARNET_OK);
	assert_int_equal(j.r, ARNET_PUT_ADDED);
	j.e.added += 100;
	assert_int_equal(arnet_store_write(f->s, ev_add_txn, &j, 0, &d),
	                 ARNET_OK);
	assert_int_equal(j.r, ARNET_PUT_UNCHANGED);
	j.e.kind = ARNET_EVIDENCE_OTHER;
	assert_int_equal(arnet_store_write(f->s, ev_add_txn, &j, 0, &d),
	                 ARNET_ECONFLICT);
	assert_int_equal(arnet_store_read(f->s, ev_scan_txn, &j, NULL),
	                 ARNET_OK);
	assert_int_equal(j.n, 1);
	assert_int_equal(arnet_evidence_kind_parse("delivery-note"),
	                 ARNET_EVIDENCE_DELIVERY_NOTE);
	assert_int_equal(arnet_evidence_kind_parse("rumour"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_customer_fields_refused,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_invoice_refused, fixture_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_payment_refused, customer_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_failed_operation_leaves_nothing, customer_setup,
	                fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_schema_of_another_version,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_customer_put_results,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_oldest_first, customer_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_overpayment_is_unapplied_credit, customer_setup,
	                fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_payment_before_issue,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_payment_identity,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_evidence, customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_map_grows, fixture_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
