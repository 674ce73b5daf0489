/*
 * publish_rules_test.c - tests of store/credit/publish_rules.c: what this
 * member may sign (arnet_publish_rules.h).
 *
 * Hostile first: a DEFAULT of one minor unit, one without evidence, one
 * not yet past due, one about an individual business (USCC category 92)
 * and one about a local: customer the books mark as an individual, with
 * and without --force; amounts in another currency with and without a
 * rate. Then what stays allowed: the licensed association, records that
 * only improve or correct (SETTLEMENT, LIFT, DISPUTE), the boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_publish_rules.h"

#include <string.h>

#define COMPANY  "uscc:91350100M000100Y43"
#define BUSINESS "uscc:92350100MA2XN0Q25W" /* 个体工商户 */
#define PERSON   "local:P-1"

static arnet_fx fx;

/* A DEFAULT that passes every rule of pol_std(): 1,000.00 CNY, 120 days
 * past due, with evidence. */
static arnet_record
def(const char *subject, int64_t amount, const char *cur, uint32_t dpd,
    int evidence)
{
	arnet_record r;
	arnet_record_init(&r, ARNET_REC_DEFAULT);
	assert_int_equal(arnet_ident_parse(&r.subject, subject, NULL),
	                 ARNET_OK);
	r.created = 1790000000;
	r.u.def.amount = amount;
	memcpy(r.u.def.currency, cur, 4);
	r.u.def.days_past_due = dpd;
	r.u.def.reason = ARNET_REASON_NON_PAYMENT;
	if (evidence) {
		memset(r.u.def.evidence, 0xab, sizeof(r.u.def.evidence));
	}
	return r;
}

static arnet_record
good_def(const char *subject)
{
	return def(subject, 100000, "CNY", 120, 1);
}

static arnet_record
other(int type, const char *subject)
{
	arnet_record r;
	arnet_record_init(&r, type);
	assert_int_equal(arnet_ident_parse(&r.subject, subject, NULL),
	                 ARNET_OK);
	r.created = 1790000000;
	if (type == ARNET_REC_CREDIT_STOP) {
		r.u.stop.reason = ARNET_REASON_NON_PAYMENT;
	}
	return r;
}

/* Minimum 500.00 CNY, from 90 days, unlicensed, [fx] CNY with USD. */
static arnet_publish_policy
pol_std(void)
{
	arnet_publish_policy p;
	memset(&p, 0, sizeof(p));
	p.min_default_amount = 50000;
	memcpy(p.currency, "CNY", 4);
	p.fx = &fx;
	p.min_days_past_due = 90;
	return p;
}

static int
group_setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	memcpy(fx.base, "CNY", 4);
	fx.date = 20484; /* 2026-01-31 */
	return arnet_fx_set(&fx, "USD", 7185000, NULL) == ARNET_OK ? 0 : -1;
}

/* Each test's policy (pol_std() to begin with), and what the last
 * check said. */
static arnet_publish_policy p;
static arnet_publish_verdict v;
static arnet_diag d;

static int
setup(void **state)
{
	(void)state;
	p = pol_std();
	return 0;
}

static int
check(const arnet_record *r, int marked)
{
	return arnet_publish_rules_check(r, marked, &p, &v, &d);
}

/* r is refused, by exactly these rules. */
static void
refused(const arnet_record *r, int marked, unsigned rules)
{
	assert_int_equal(check(r, marked), ARNET_EPERM);
	assert_int_equal(v.refused, rules);
}

/* r is allowed, these rules fired (and were set aside). */
static void
allowed(const arnet_record *r, int marked, unsigned fired)
{
	assert_int_equal(check(r, marked), ARNET_OK);
	assert_int_equal(v.fired, fired);
}

/* The explanation of rule in the verdict, or fail. */
static const char *
why(unsigned rule)
{
	for (int i = 0; i < v.n; i++) {
		if (v.why[i].rule == rule) {
			return v.why[i].text;
		}
	}
	fail_msg("rule %s did not fire", arnet_publish_rule_name(rule));
	return "";
}

/* --- hostile --- */

static void
test_one_minor_unit(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 1, "CNY", 120, 1);
	assert_int_equal(check(&r, 0), ARNET_EPERM);
	assert_int_equal(v.fired, ARNET_RULE_MIN_AMOUNT);
	assert_int_equal(v.refused, ARNET_RULE_MIN_AMOUNT);
	assert_string_equal(d.msg, "DEFAULT refused by the minimum amount "
	                           "rule; --force overrides it");
	assert_non_null(strstr(why(ARNET_RULE_MIN_AMOUNT),
	                       "0.01 CNY, below the association's minimum of "
	                       "500.00 CNY ([check] min_default_amount)"));
	/* --force: allowed, and the verdict still says what was set aside */
	p.force = 1;
	allowed(&r, 0, ARNET_RULE_MIN_AMOUNT);
	assert_int_equal(v.refused, 0);
	assert_int_equal(v.n, 1);
}

static void
test_minimum_boundary(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 49999, "CNY", 120, 1);
	assert_int_equal(check(&r, 0), ARNET_EPERM);
	r.u.def.amount = 50000; /* at the minimum: not below it */
	allowed(&r, 0, 0);
	/* 0 is no minimum: one minor unit passes */
	p.min_default_amount = 0;
	r.u.def.amount = 1;
	allowed(&r, 0, 0);
	/* no minimum needs no currency; a minimum does */
	p.currency[0] = '\0';
	assert_int_equal(check(&r, 0), ARNET_OK);
	p.min_default_amount = 1;
	assert_int_equal(check(&r, 0), ARNET_EINVAL);
}

static void
test_no_evidence(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 100000, "CNY", 120, 0);
	refused(&r, 0, ARNET_RULE_EVIDENCE);
	assert_string_equal(d.msg, "DEFAULT refused by the evidence rule; "
	                           "--force overrides it");
	assert_non_null(strstr(why(ARNET_RULE_EVIDENCE), "--evidence FILE"));
	/* one byte of hash is evidence */
	r.u.def.evidence[31] = 1;
	assert_int_equal(check(&r, 0), ARNET_OK);
	r.u.def.evidence[31] = 0;
	p.force = 1;
	allowed(&r, 0, ARNET_RULE_EVIDENCE);
}

static void
test_not_past_due_never(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 100000, "CNY", 0, 1);
	p.force = 1;
	assert_int_equal(check(&r, 0), ARNET_EPERM);
	/* the dunning stage is not asked of a debt not even due */
	assert_int_equal(v.fired, ARNET_RULE_PAST_DUE);
	assert_non_null(strstr(d.msg, "not past due"));
	assert_non_null(strstr(d.msg, "--force does not override this"));
}

static void
test_dunning_stage(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 100000, "CNY", 89, 1);
	refused(&r, 0, ARNET_RULE_DUNNING_STAGE);
	assert_non_null(strstr(why(ARNET_RULE_DUNNING_STAGE),
	                       "89 days past due; a DEFAULT is reported from "
	                       "90 days"));
	r.u.def.days_past_due = 90;
	assert_int_equal(check(&r, 0), ARNET_OK);
	r.u.def.days_past_due = 1;
	p.force = 1;
	allowed(&r, 0, ARNET_RULE_DUNNING_STAGE);
	/* no stage: from the first day */
	p.force = 0;
	p.min_days_past_due = 0;
	assert_int_equal(check(&r, 0), ARNET_OK);
}

/* Every forceable rule at once: one message names them all. */
static void
test_three_rules_one_message(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 1, "CNY", 30, 0);
	assert_int_equal(check(&r, 0), ARNET_EPERM);
	assert_string_equal(d.msg, "DEFAULT refused by the dunning stage, "
	                           "minimum amount and evidence rules; "
	                           "--force overrides them");
	assert_int_equal(v.n, 3);
	assert_int_equal(v.why[0].rule, ARNET_RULE_DUNNING_STAGE);
	assert_int_equal(v.why[1].rule, ARNET_RULE_MIN_AMOUNT);
	assert_int_equal(v.why[2].rule, ARNET_RULE_EVIDENCE);
	p.force = 1;
	allowed(&r, 0, ARNET_RULES_FORCEABLE);
}

static void
test_individual_business(void **state)
{
	(void)state;
	arnet_record r = good_def(BUSINESS);
	refused(&r, 0, ARNET_RULE_PERSONAL_DATA);
	assert_string_equal(d.msg, "DEFAULT refused: personal credit "
	                           "information about a natural person (State "
	                           "Council Order 631); --force does not "
	                           "override this");
	const char *w = why(ARNET_RULE_PERSONAL_DATA);
	assert_non_null(strstr(w, BUSINESS
	                       " is an individual business "
	                       "(个体工商户, USCC registration category "
	                       "92)"));
	assert_non_null(strstr(w, "[association] personal_data = licensed"));
	assert_non_null(strstr(w, "--force does not override this"));
	/* --force does not help, and the rules it could set aside are not
	 * what refuses */
	p.force = 1;
	r.u.def.days_past_due = 10;
	memset(r.u.def.evidence, 0, 32);
	refused(&r, 0, ARNET_RULE_PERSONAL_DATA);
	assert_int_equal(v.fired, ARNET_RULE_PERSONAL_DATA |
	                                  ARNET_RULE_DUNNING_STAGE |
	                                  ARNET_RULE_EVIDENCE);
	/* a credit stop too */
	arnet_record s = other(ARNET_REC_CREDIT_STOP, BUSINESS);
	assert_int_equal(check(&s, 0), ARNET_EPERM);
	assert_string_equal(d.msg, "CREDIT_STOP refused: personal credit "
	                           "information about a natural person (State "
	                           "Council Order 631); --force does not "
	                           "override this");
	assert_non_null(strstr(why(ARNET_RULE_PERSONAL_DATA),
	                       "publishes a CREDIT_STOP about one only"));
}

static void
test_marked_individual(void **state)
{
	(void)state;
	arnet_record r = good_def(PERSON);
	arnet_record s = other(ARNET_REC_CREDIT_STOP, PERSON);
	refused(&r, 1, ARNET_RULE_PERSONAL_DATA);
	assert_non_null(strstr(why(ARNET_RULE_PERSONAL_DATA),
	                       PERSON " is marked in this firm's books as an "
	                              "individual"));
	assert_int_equal(check(&s, 1), ARNET_EPERM);
	/* any scheme the books mark: a company's identifier too */
	arnet_record c = good_def(COMPANY);
	assert_int_equal(check(&c, 1), ARNET_EPERM);
	/* the same subjects unmarked are firms */
	assert_int_equal(check(&r, 0), ARNET_OK);
	assert_int_equal(check(&s, 0), ARNET_OK);
	assert_int_equal(check(&c, 0), ARNET_OK);
}

static void
test_other_currency_with_rate(void **state)
{
	(void)state;
	p.min_default_amount = 10000;                       /* 100.00 CNY */
	arnet_record r = def(COMPANY, 1000, "USD", 120, 1); /* 10.00 USD */
	refused(&r, 0, ARNET_RULE_MIN_AMOUNT);
	assert_non_null(strstr(why(ARNET_RULE_MIN_AMOUNT),
	                       "10.00 USD, 71.85 CNY at the [fx] rates of "
	                       "2026-01-31, below the association's minimum "
	                       "of 100.00 CNY"));
	r.u.def.amount = 1392; /* 13.92 USD = 100.0152 CNY */
	assert_int_equal(check(&r, 0), ARNET_OK);
	r.u.def.amount = 1391; /* 99.94 CNY */
	assert_int_equal(check(&r, 0), ARNET_EPERM);
	/* so large it does not fit in CNY: no trifle */
	arnet_fx big = fx;
	assert_int_equal(arnet_fx_set(&big, "JPY", 1000000000000, NULL),
	                 ARNET_OK);
	p.fx = &big;
	arnet_record j = def(COMPANY, INT64_MAX, "JPY", 120, 1);
	assert_int_equal(check(&j, 0), ARNET_OK);
}

static void
test_other_currency_without_rate(void **state)
{
	(void)state;
	arnet_record r = def(COMPANY, 10000000, "EUR", 120, 1);
	refused(&r, 0, ARNET_RULE_MIN_AMOUNT);
	assert_non_null(strstr(why(ARNET_RULE_MIN_AMOUNT),
	                       "100,000.00 EUR, which cannot be compared with "
	                       "the association's minimum of 500.00 CNY"));
	assert_non_null(strstr(why(ARNET_RULE_MIN_AMOUNT),
	                       "no [fx] rate converts EUR to CNY"));
	/* no table at all */
	p.fx = NULL;
	arnet_record u = def(COMPANY, 10000000, "USD", 120, 1);
	refused(&u, 0, ARNET_RULE_MIN_AMOUNT);
	/* the same currency needs no table */
	arnet_record c = good_def(COMPANY);
	assert_int_equal(check(&c, 0), ARNET_OK);
	p.force = 1;
	allowed(&r, 0, ARNET_RULE_MIN_AMOUNT);
}

/* --- what stays allowed --- */

static void
test_licensed(void **state)
{
	(void)state;
	p.personal_data_licensed = 1;
	arnet_record r = good_def(BUSINESS);
	arnet_record s = other(ARNET_REC_CREDIT_STOP, PERSON);
	allowed(&r, 0, 0);
	assert_int_equal(check(&s, 1), ARNET_OK);
	/* the licence does not lift the fairness rules */
	r.u.def.amount = 1;
	refused(&r, 0, ARNET_RULE_MIN_AMOUNT);
}

static void
test_corrections_always_allowed(void **state)
{
	(void)state;
	const int types[] = {ARNET_REC_SETTLEMENT, ARNET_REC_LIFT,
	                     ARNET_REC_DISPUTE};
	for (size_t i = 0; i < 3; i++) {
		arnet_record r = other(types[i], BUSINESS);
		allowed(&r, 1, 0);
		assert_int_equal(v.n, 0);
	}
}

static void
test_natural_person_and_names(void **state)
{
	(void)state;
	arnet_ident id;
	assert_int_equal(arnet_ident_parse(&id, COMPANY, NULL), ARNET_OK);
	assert_false(arnet_subject_is_natural_person(&id, 0));
	assert_true(arnet_subject_is_natural_person(&id, 1));
	assert_int_equal(arnet_ident_parse(&id, BUSINESS, NULL), ARNET_OK);
	assert_true(arnet_subject_is_natural_person(&id, 0));
	/* local:92... is free text, not a USCC */
	assert_int_equal(
	        arnet_ident_parse(&id, "local:92350100MA2XN0Q25W", NULL),
	        ARNET_OK);
	assert_false(arnet_subject_is_natural_person(&id, 0));
	assert_string_equal(arnet_publish_rule_name(ARNET_RULE_MIN_AMOUNT),
	                    "minimum amount");
	assert_string_equal(arnet_publish_rule_name(0), "unknown");
	assert_string_equal(arnet_publish_rule_name(ARNET_RULES_FORCEABLE),
	                    "unknown");
	/* the antitrust notice says it in words */
	assert_non_null(strstr(ARNET_CREDIT_STOP_NOTICE, "own decision"));
	assert_non_null(strstr(ARNET_CREDIT_STOP_NOTICE, "instructs nobody"));
	assert_non_null(strstr(ARNET_CREDIT_STOP_NOTICE, "decides alone"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(test_one_minor_unit, setup),
	        cmocka_unit_test_setup(test_minimum_boundary, setup),
	        cmocka_unit_test_setup(test_no_evidence, setup),
	        cmocka_unit_test_setup(test_not_past_due_never, setup),
	        cmocka_unit_test_setup(test_dunning_stage, setup),
	        cmocka_unit_test_setup(test_three_rules_one_message, setup),
	        cmocka_unit_test_setup(test_individual_business, setup),
	        cmocka_unit_test_setup(test_marked_individual, setup),
	        cmocka_unit_test_setup(test_other_currency_with_rate, setup),
	        cmocka_unit_test_setup(test_other_currency_without_rate, setup),
	        cmocka_unit_test_setup(test_licensed, setup),
	        cmocka_unit_test_setup(test_corrections_always_allowed, setup),
	        cmocka_unit_test_setup(test_natural_person_and_names, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
