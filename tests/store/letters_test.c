/*
 * letters_test.c - which dunning letter fits an invoice as it stands
 * (store/dunning/letters.c, arnet_letter_fits): none for an invoice paid
 * in full, void or written off, saying which; none of a stage before the
 * invoice reached it; no reminder once past due; a later stage may still
 * get an earlier stage's letter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_corrections.h"
#include "arnet_date.h"
#include "arnet_dunning.h"
#include "books_fixture.h"
#include "test_says.h"

#include <stdio.h>
#include <string.h>

typedef struct fits_job {
	const char *number;
	int32_t as_of;
	int stage;
	int rv;
	arnet_diag d;
} fits_job;

static int
fits_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	fits_job *j = arg;
	arnet_invoice_state st;
	int rv = arnet_invoice_state_get(t, j->number, j->as_of,
	                                 default_policy(), &st, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	j->rv = arnet_letter_fits(&st, default_policy(), j->stage, &j->d);
	arnet_invoice_state_free(&st);
	return ARNET_OK;
}

/* Whether the stage's letter fits number as of ymd; refused ones must
 * say says. */
static void
fits(fixture *f, const char *number, const char *ymd, int stage,
     const char *says)
{
	fits_job j = {number, day(ymd), stage, -1, {{0}, 0}};
	arnet_diag d;
	assert_int_equal(arnet_store_read(f->s, fits_txn, &j, &d), ARNET_OK);
	if (says == NULL) {
		assert_int_equal(j.rv, ARNET_OK);
		return;
	}
	assert_int_equal(j.rv, ARNET_ERANGE);
	test_says(number, j.d.msg, says);
}

/* A void or a write-off (of all) of invoice on ymd. */
static void
correct(fixture *f, int kind, const char *invoice, const char *ymd)
{
	arnet_correction c;
	arnet_diag d;
	memset(&c, 0, sizeof(c));
	c.kind = (uint8_t)kind;
	snprintf(c.invoice, sizeof(c.invoice), "%s", invoice);
	c.date = day(ymd);
	snprintf(c.reason, sizeof(c.reason), "a test");
	assert_int_equal(run_correction(f, &c, NULL, NULL, &d), ARNET_OK);
}

static void
test_closed_invoices_refused(void **state)
{
	fixture *f = *state;
	add_invoice_a(f, "PAID", "2026-01-01", "2026-01-31", 100000);
	assert_int_equal(pay(f, "local:A", "2026-02-10", 100000, "PAID", NULL),
	                 ARNET_OK);
	fits(f, "PAID", "2026-03-01", ARNET_STAGE_PHONE,
	     "invoice PAID (1,000.00 CNY) is paid in full as of 2026-03-01");
	/* before it was paid, the phone call fitted */
	fits(f, "PAID", "2026-02-05", ARNET_STAGE_PHONE, NULL);
	add_invoice_a(f, "VOID", "2026-01-01", "2026-01-31", 50000);
	correct(f, ARNET_CORR_VOID, "VOID", "2026-02-03");
	fits(f, "VOID", "2026-03-01", ARNET_STAGE_LETTER,
	     "invoice VOID was void on 2026-02-03: no letter to send");
	add_invoice_a(f, "LOST", "2026-01-01", "2026-01-31", 70000);
	correct(f, ARNET_CORR_WRITE_OFF, "LOST", "2026-04-01");
	fits(f, "LOST", "2026-05-01", ARNET_STAGE_LAWYER,
	     "invoice LOST was written off on 2026-04-01");
}

static void
test_stages(void **state)
{
	fixture *f = *state;
	const arnet_books_policy *pol = default_policy();
	add_invoice_a(f, "OPEN", "2026-01-01", "2026-01-31", 100000);
	/* the reminder: before the due date, never after */
	fits(f, "OPEN", "2026-01-28", ARNET_STAGE_REMINDER, NULL);
	fits(f, "OPEN", "2026-02-05", ARNET_STAGE_REMINDER,
	     "the reminder speaks of a coming due date");
	/* a stage's letter from its day on the ladder, not before */
	int32_t due = day("2026-01-31");
	char ymd[16];
	(void)arnet_date_format(ymd, sizeof(ymd),
	                        due + pol->stage_from[ARNET_STAGE_LETTER] - 1);
	fits(f, "OPEN", ymd, ARNET_STAGE_LETTER, "letter is for");
	(void)arnet_date_format(ymd, sizeof(ymd),
	                        due + pol->stage_from[ARNET_STAGE_LETTER]);
	fits(f, "OPEN", ymd, ARNET_STAGE_LETTER, NULL);
	/* later on the ladder, an earlier stage's letter still fits */
	(void)arnet_date_format(ymd, sizeof(ymd),
	                        due + pol->stage_from[ARNET_STAGE_LITIGATION]);
	fits(f, "OPEN", ymd, ARNET_STAGE_PHONE, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_closed_invoices_refused,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_stages, customer_setup,
	                                        fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
