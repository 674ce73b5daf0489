/*
 * cust_changes_test.c - the changes made to a customer's record
 * (store/books/cust_changes.c), written by arnet_customer_put: a corrupt
 * stored change is refused first; then what each change records, that an
 * unchanged put records nothing, and that one customer's changes never
 * mix with another's whose id it prefixes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_cust_changes.h"
#include "books_fixture.h"
#include "txn.h"
#include "txn_fixture.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAXC 16

typedef struct got {
	arnet_ident id;
	arnet_cust_change c[MAXC];
	int n;
} got;

static int
collect(const arnet_cust_change *c, void *arg)
{
	got *g = arg;
	if (g->n < MAXC) {
		g->c[g->n] = *c;
	}
	g->n++;
	return 0;
}

TXN_FN(scan_txn, got, arnet_cust_changes_scan(t, &j->id, collect, j, d))

static int
changes(fixture *f, const char *id, got *g, arnet_diag *d)
{
	memset(g, 0, sizeof(*g));
	assert_int_equal(arnet_ident_parse(&g->id, id, NULL), ARNET_OK);
	return arnet_store_read(f->s, scan_txn, g, d);
}

static int
bad_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	static const uint8_t key[] = "local:A\0\0\0\0\0\0\0\0\x63";
	(void)arg;
	return st_put(t, ST_CUST_CHANGES, key, sizeof(key) - 1, "\x01\x02", 2,
	              0, d);
}

static void
test_corrupt_refused(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	got g;
	assert_int_equal(arnet_store_write(f->s, bad_txn, NULL, 0, &d),
	                 ARNET_OK);
	assert_int_equal(changes(f, "local:A", &g, &d), ARNET_ESTORE);
	assert_non_null(strstr(d.msg, "customer change is corrupt"));
	assert_null(arnet_cust_change_name(0));
	assert_null(arnet_cust_change_name(99));
	assert_string_equal(arnet_cust_change_name(ARNET_CHANGE_LIMIT),
	                    "limit");
}

static void
test_changes(void **state)
{
	fixture *f = *state;
	arnet_customer c;
	arnet_diag d;
	got g;
	int64_t t0 = (int64_t)time(NULL);
	make_customer(&c, "local:A", "Acme", 30);
	c.credit_limit = 50000000;
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	/* The same again: nothing changed, nothing written. */
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	c.credit_limit = 30000000; /* cut by 40% */
	c.terms_days = 15;
	c.grade = 'C';
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	c.status = ARNET_CUST_HOLD;
	c.hold_since = day("2026-11-30");
	snprintf(c.hold_reason, sizeof(c.hold_reason), "%s", "cheque returned");
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	snprintf(c.name, sizeof(c.name), "%s", "Acme Trading");
	memcpy(c.currency, "USD", 4);
	c.credit_limit = 4000000;
	c.individual = 1;
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);
	/* A customer whose id the first prefixes has its own changes. */
	make_customer(&c, "local:AB", "AB", 30);
	assert_int_equal(put_customer(f, &c, &d), ARNET_OK);

	assert_int_equal(changes(f, "local:A", &g, &d), ARNET_OK);
	static const struct {
		int kind;
		int64_t old, new;
		const char *currency, *text;
	} want[] = {
	        {ARNET_CHANGE_ADDED, ARNET_NO_LIMIT, 50000000, "CNY", ""},
	        {ARNET_CHANGE_LIMIT, 50000000, 30000000, "CNY", ""},
	        {ARNET_CHANGE_TERMS, 30, 15, "CNY", ""},
	        {ARNET_CHANGE_GRADE, 0, 'C', "CNY", ""},
	        {ARNET_CHANGE_STATUS, ARNET_CUST_ACTIVE, ARNET_CUST_HOLD, "CNY",
	         "cheque returned"},
	        {ARNET_CHANGE_CURRENCY, 0, 0, "USD", "CNY"},
	        {ARNET_CHANGE_LIMIT, 30000000, 4000000, "USD", ""},
	        {ARNET_CHANGE_NAME, 0, 0, "USD", "Acme"},
	        {ARNET_CHANGE_INDIVIDUAL, 0, 1, "USD", ""},
	};
	int n = (int)(sizeof(want) / sizeof(want[0]));
	assert_int_equal(g.n, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(g.c[i].kind, want[i].kind);
		assert_int_equal(g.c[i].old, want[i].old);
		assert_int_equal(g.c[i].new, want[i].new);
		assert_string_equal(g.c[i].currency, want[i].currency);
		assert_string_equal(g.c[i].text, want[i].text);
		assert_true(g.c[i].at >= t0 && g.c[i].at <= t0 + 60);
		assert_true(i == 0 || g.c[i].seq > g.c[i - 1].seq);
	}
	assert_int_equal(changes(f, "local:AB", &g, &d), ARNET_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.c[0].kind, ARNET_CHANGE_ADDED);
	assert_int_equal(changes(f, "local:NOBODY", &g, &d), ARNET_OK);
	assert_int_equal(g.n, 0);
}

/* A change and then a failure in one transaction: neither is kept. */
static int
put_then_fail(arnet_txn *t, void *arg, arnet_diag *d)
{
	int rv = arnet_customer_put(t, arg, NULL, d);
	return rv != ARNET_OK ? rv
	                      : arnet_diag_set(d, ARNET_ECONFLICT, "later row");
}

static void
test_all_or_nothing(void **state)
{
	fixture *f = *state;
	arnet_diag d;
	got g;
	arnet_customer c;
	make_customer(&c, "local:A", "A", 30);
	c.credit_limit = 100;
	assert_int_equal(arnet_store_write(f->s, put_then_fail, &c, 0, &d),
	                 ARNET_ECONFLICT);
	c.grade = 'Z'; /* refused before anything is written */
	assert_int_not_equal(put_customer(f, &c, &d), ARNET_OK);
	assert_int_equal(changes(f, "local:A", &g, &d), ARNET_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.c[0].kind, ARNET_CHANGE_ADDED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(
	                test_corrupt_refused, customer_setup, fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_changes, fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_all_or_nothing, customer_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
