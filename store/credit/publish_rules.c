/*
 * publish_rules.c - the fairness and legal rules a record passes before
 * this member signs it (arnet_publish_rules.h).
 *
 * The rules are written once, here, and the publishing commands only
 * gather their inputs, so `report default` and `blacklist add` cannot
 * drift apart, and the credit check can ask the same question
 * (arnet_subject_is_natural_person) of records other members signed.
 *
 * Why a minimum and evidence: a DEFAULT weighs on a subject at every
 * member of the association. One member's unproven report of 1.00 CNY
 * cost a subject 20-30 points of the check (issue 13); a report must be
 * worth the harm, and checkable. Both are the member's judgement to make
 * in the end, so --force sets them aside, and the command says it did.
 *
 * Why natural persons are refused whatever --force says: under the
 * Regulation on the Administration of the Credit Reporting Industry
 * (State Council Order 631, 2013) adverse information about an
 * individual is personal credit information, and providing it to others
 * is the business of a licensed credit bureau. An individual business
 * (个体工商户, USCC registration category 92) is in law a natural person
 * even though the market regulator registers it. That is not a judgement
 * a member may override from the command line; an association that holds
 * the licence says so in its configuration.
 */
#include "arnet_publish_rules.h"
#include "arnet_date.h"
#include "arnet_money.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	unsigned rule;
	const char *name;
} rule_names[ARNET_PUBLISH_RULES] = {
        {ARNET_RULE_PERSONAL_DATA, "personal data"},
        {ARNET_RULE_PAST_DUE, "past due"},
        {ARNET_RULE_DUNNING_STAGE, "dunning stage"},
        {ARNET_RULE_MIN_AMOUNT, "minimum amount"},
        {ARNET_RULE_EVIDENCE, "evidence"},
};

const char *
arnet_publish_rule_name(unsigned rule)
{
	for (int i = 0; i < ARNET_PUBLISH_RULES; i++) {
		if (rule_names[i].rule == rule) {
			return rule_names[i].name;
		}
	}
	return "unknown";
}

int
arnet_subject_is_natural_person(const arnet_ident *subject,
                                int marked_individual)
{
	return marked_individual != 0 ||
	       arnet_ident_is_individual_business(subject);
}

static void fired(arnet_publish_verdict *v, unsigned rule, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
fired(arnet_publish_verdict *v, unsigned rule, const char *fmt, ...)
{
	va_list ap;
	v->fired |= rule;
	v->why[v->n].rule = rule;
	va_start(ap, fmt);
	vsnprintf(v->why[v->n].text, sizeof(v->why[v->n].text), fmt, ap);
	va_end(ap);
	v->n++;
}

/* "1,234.56 CNY" into buf (ARNET_MONEY_TEXT_MAX + 5 bytes). */
static const char *
money(char *buf, size_t cap, int64_t minor, const char *cur)
{
	char m[ARNET_MONEY_TEXT_MAX + 1];
	if (arnet_money_format(m, sizeof(m), minor, cur, 1) != ARNET_OK) {
		snprintf(m, sizeof(m), "%lld", (long long)minor);
	}
	snprintf(buf, cap, "%s %s", m, cur);
	return buf;
}

static void
personal_data(const arnet_record *r, arnet_publish_verdict *v)
{
	const char *type = arnet_record_type_name(r->type);
	int business = arnet_ident_is_individual_business(&r->subject);
	fired(v, ARNET_RULE_PERSONAL_DATA,
	      "%s %s: adverse data about a natural person is personal "
	      "credit information, which under State Council "
	      "Order 631 (征信业管理条例) only a licensed credit bureau may "
	      "provide. arnet publishes a %s about one only where the "
	      "association operates under such a licence ([association] "
	      "personal_data = licensed); --force does not override this: "
	      "it is the law",
	      r->subject.text,
	      business ? "is an individual business (个体工商户, USCC "
	                 "registration category 92), in law a natural person"
	               : "is marked in this firm's books as an individual, "
	                 "a natural person",
	      type);
}

/* The minimum amount, through the [fx] rates for another currency. */
static void
min_amount(const arnet_record *r, const arnet_publish_policy *p,
           arnet_publish_verdict *v)
{
	char a[48], m[48], c[48], date[16];
	const char *cur = r->u.def.currency;
	int64_t conv = 0;
	int rv = arnet_fx_convert(p->fx, &conv, r->u.def.amount, cur,
	                          p->currency);
	money(a, sizeof(a), r->u.def.amount, cur);
	money(m, sizeof(m), p->min_default_amount, p->currency);
	if (rv == ARNET_ENOTFOUND) {
		fired(v, ARNET_RULE_MIN_AMOUNT,
		      "the DEFAULT is for %s, which cannot be compared with "
		      "the association's minimum of %s ([check] "
		      "min_default_amount): no [fx] rate converts %s to %s",
		      a, m, cur, p->currency);
		return;
	}
	/* ARNET_ERANGE: too large to hold in the minimum's currency, so
	 * no trifle. */
	if (rv != ARNET_OK || conv >= p->min_default_amount) {
		return;
	}
	if (strcmp(cur, p->currency) == 0) {
		fired(v, ARNET_RULE_MIN_AMOUNT,
		      "the DEFAULT is for %s, below the association's minimum "
		      "of %s ([check] min_default_amount): one member's "
		      "report must not sink a subject for a trifle",
		      a, m);
		return;
	}
	if (arnet_date_format(date, sizeof(date), p->fx->date) != ARNET_OK) {
		snprintf(date, sizeof(date), "(no date)");
	}
	fired(v, ARNET_RULE_MIN_AMOUNT,
	      "the DEFAULT is for %s, %s at the [fx] rates of %s, below the "
	      "association's minimum of %s ([check] min_default_amount): "
	      "one member's report must not sink a subject for a trifle",
	      a, money(c, sizeof(c), conv, p->currency), date, m);
}

static int
no_evidence(const arnet_record *r)
{
	uint8_t any = 0;
	for (size_t i = 0; i < sizeof(r->u.def.evidence); i++) {
		any |= r->u.def.evidence[i];
	}
	return any == 0;
}

/* "the a, b and c rules" of the bits in set. */
static void
rule_list(char *buf, size_t cap, unsigned set)
{
	int total = 0, done = 0;
	size_t len = 0;
	for (int i = 0; i < ARNET_PUBLISH_RULES; i++) {
		total += (set & rule_names[i].rule) != 0;
	}
	buf[0] = '\0';
	for (int i = 0; i < ARNET_PUBLISH_RULES && len < cap; i++) {
		if ((set & rule_names[i].rule) == 0) {
			continue;
		}
		done++;
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		                        done == 1       ? ""
		                        : done == total ? " and "
		                                        : ", ",
		                        rule_names[i].name);
	}
	if (len < cap) {
		snprintf(buf + len, cap - len, " rule%s", total > 1 ? "s" : "");
	}
}

int
arnet_publish_rules_check(const arnet_record *r, int marked_individual,
                          const arnet_publish_policy *p,
                          arnet_publish_verdict *v, arnet_diag *d)
{
	const char *type = arnet_record_type_name(r->type);
	int adverse = r->type == ARNET_REC_DEFAULT ||
	              r->type == ARNET_REC_CREDIT_STOP;
	memset(v, 0, sizeof(*v));
	arnet_diag_clear(d);
	if (r->type == ARNET_REC_DEFAULT && p->min_default_amount > 0 &&
	    p->currency[0] == '\0') {
		return arnet_diag_set(d, ARNET_EINVAL,
		                      "a minimum DEFAULT amount needs its "
		                      "currency");
	}
	if (adverse &&
	    arnet_subject_is_natural_person(&r->subject, marked_individual) &&
	    !p->personal_data_licensed) {
		personal_data(r, v);
	}
	if (r->type == ARNET_REC_DEFAULT) {
		uint32_t dpd = r->u.def.days_past_due;
		if (dpd < 1) {
			fired(v, ARNET_RULE_PAST_DUE,
			      "the debt is not past due: a DEFAULT reports a "
			      "debt past its due date; --force does not "
			      "override this");
		} else if (p->min_days_past_due > 0 &&
		           dpd < (uint32_t)p->min_days_past_due) {
			fired(v, ARNET_RULE_DUNNING_STAGE,
			      "the debt is %u days past due; a DEFAULT is "
			      "reported from %d days past due (the dunning "
			      "ladder's default stage, [books])",
			      dpd, p->min_days_past_due);
		}
		if (p->min_default_amount > 0) {
			min_amount(r, p, v);
		}
		if (no_evidence(r)) {
			fired(v, ARNET_RULE_EVIDENCE,
			      "the DEFAULT carries no evidence hash: attach "
			      "the invoice, contract or delivery note with "
			      "--evidence FILE, so that the claim can be "
			      "checked");
		}
	}
	v->refused =
	        v->fired & ~(p->force ? (unsigned)ARNET_RULES_FORCEABLE : 0u);
	if (v->refused == 0) {
		return ARNET_OK;
	}
	if (v->refused & ARNET_RULE_PERSONAL_DATA) {
		return arnet_diag_set(d, ARNET_EPERM,
		                      "%s refused: personal credit information "
		                      "about a natural person (State Council "
		                      "Order 631); --force does not override "
		                      "this",
		                      type);
	}
	if (v->refused & ARNET_RULE_PAST_DUE) {
		return arnet_diag_set(d, ARNET_EPERM,
		                      "%s refused: the debt is not past due; "
		                      "--force does not override this",
		                      type);
	}
	char names[120];
	rule_list(names, sizeof(names), v->refused);
	int many = (v->refused & (v->refused - 1)) != 0;
	return arnet_diag_set(d, ARNET_EPERM,
	                      "%s refused by the %s; --force overrides %s",
	                      type, names, many ? "them" : "it");
}
