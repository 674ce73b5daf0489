/*
 * check.c - the credit check (arnet_check.h): a scorecard.
 *
 * The card, in the order it is applied (docs/credit-policy.md has every
 * weight, its key and worked cases):
 *   shared log  each DEFAULT still owed: base + amount band (in the
 *               policy's currency) + days past due band + a share of the
 *               request, times its state (a plan's remainder, a
 *               write-off), a trifle or missing evidence, its age, an
 *               open dispute, an equivocating author; paid in full: a
 *               few points fading to none. Each CREDIT_STOP in force:
 *               base + its reason; lifted: a little. A member's further
 *               records count at same_member_percent: one debt counts
 *               once per member.
 *   payment     one PAYDEX-style index over the trade references and our
 *               own books (dollar-weighted days beyond terms); a member
 *               whose unpaid DEFAULT counts above is not counted again.
 *   own books   our order check is a floor: where it holds (hold,
 *               closed, overdue in any currency, the shared log) there is
 *               no open credit; where the limit binds, the recommended
 *               limit is what our limit leaves. Payment behaviour counts
 *               only payments that still stand; a write-off is a loss
 *               (own_written_off, from the order check's numbers).
 *   knock-outs  several members' unpaid DEFAULTs, forged documents,
 *               insolvency, a bounced instrument set the best grade.
 *   thin file   no payment experience (no reference, no history in our
 *               books): a new customer, scoring at most thin_score,
 *               with a new customer's limit and terms, never "as
 *               requested" beyond them.
 * The score is 100 plus the points of every reason, within 0..100; the
 * grade is the score's, or the knock-out's when stricter.
 */
#include "arnet_check.h"
#include "arnet_date.h"
#include "arnet_log.h"
#include "arnet_money.h"
#include "arnet_publish_rules.h"
#include "arnet_reports.h"
#include "txn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY ARNET_DAY_SECONDS

void
arnet_check_policy_defaults(arnet_check_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->grade_a = 80;
	p->grade_b = 60;
	p->grade_c = 40;
	p->default_base = 15;
	p->amount_small = 1000000;  /* 10,000.00 */
	p->amount_large = 50000000; /* 500,000.00 */
	p->amount_points[0] = 5;
	p->amount_points[1] = 15;
	p->amount_points[2] = 25;
	p->dpd_points[0] = 0;
	p->dpd_points[1] = 5;
	p->dpd_points[2] = 15;
	p->dpd_points[3] = 20;
	p->request_percent = 50;
	p->request_points = 10;
	p->age_mid_days = 365;
	p->age_mid_percent = 60;
	p->age_old_days = 1095;
	p->age_old_percent = 30;
	p->same_member_percent = 50;
	p->min_default_amount = 100000; /* 1,000.00 */
	p->trifle_percent = 50;
	p->no_evidence_percent = 50;
	p->plan_percent = 75;
	p->written_off_percent = 100;
	p->paid_points = 5;
	p->paid_fade_days = 730;
	p->stop_base = 10;
	p->stop_reason_points[ARNET_REASON_NON_PAYMENT] = 15;
	p->stop_reason_points[ARNET_REASON_BOUNCED_INSTRUMENT] = 30;
	p->stop_reason_points[ARNET_REASON_FORGED_DOCUMENTS] = 40;
	p->stop_reason_points[ARNET_REASON_INSOLVENCY] = 40;
	p->stop_reason_points[ARNET_REASON_OTHER] = 5;
	p->lifted = 2;
	p->dispute_percent = 50;
	p->dispute_unverified_days = 20;
	p->retention_days = 1826; /* 5 years */
	p->equivocated_percent = 50;
	p->dbt_points[0] = 10;
	p->dbt_points[1] = 20;
	p->dbt_points[2] = 30;
	p->dbt_points[3] = 40;
	p->trade_over_90 = 15;
	p->own_overdue = 5;
	p->own_good = 5;
	p->own_written_off = 20;
	p->ko_members = 2;
	p->ko_window_days = 365;
	p->ko_forged = 'D';
	p->ko_insolvency = 'D';
	p->ko_bounced = 'C';
	p->b_limit_percent = 50;
	p->b_terms_days = 15;
	p->default_terms = 30;
	p->max_terms_days = 90;
	p->experience_percent = 200;
	p->thin_score = 70;
	p->new_customer_limit = 5000000; /* 50,000.00 */
	p->new_customer_terms = 30;
	p->on_peer_default = ARNET_ORDER_WARN;
	memcpy(p->currency, "CNY", 4);
	memcpy(p->fx.base, "CNY", 4);
	arnet_policy_defaults(&p->books);
}

/* --- the facts the card reads --- */

int
arnet_check_fact_counts(const arnet_fact *f, int natural_person,
                        const arnet_check_policy *pol, int own_in_books)
{
	if (f->dispute == ARNET_FACT_STRUCK) {
		return 0;
	}
	if (natural_person && !pol->personal_data_licensed) {
		return 0;
	}
	return !(own_in_books && pol->member_id[0] != '\0' &&
	         strcmp(f->member, pol->member_id) == 0);
}

static int
undisputed(const arnet_fact *f)
{
	return f->dispute == ARNET_FACT_UNDISPUTED && !f->equivocated;
}

/* The amount in the policy's currency; 0 when no rate converts it. */
static int
in_policy_currency(const arnet_check_policy *p, int64_t amount, const char *cur,
                   int64_t *out)
{
	return arnet_fx_convert(&p->fx, out, amount, cur, p->currency) ==
	       ARNET_OK;
}

char
arnet_check_knockout(const arnet_log_facts *f, int64_t as_of,
                     int natural_person, const arnet_check_policy *p,
                     int own_in_books, const arnet_fact **why)
{
	const uint8_t *authors[ARNET_ROSTER_MAX_CERTS];
	const arnet_fact *last = NULL, *worst = NULL;
	size_t nauthors = 0;
	char ko = 0;
	int64_t window = (int64_t)p->ko_window_days * DAY;
	for (size_t i = 0; i < f->n; i++) {
		const arnet_fact *x = &f->v[i];
		if (!arnet_check_fact_counts(x, natural_person, p,
		                             own_in_books) ||
		    !undisputed(x)) {
			continue;
		}
		int reason = x->r.type == ARNET_REC_DEFAULT
		                     ? x->r.u.def.reason
		                     : x->r.u.stop.reason;
		int live = x->state == ARNET_FACT_STOP || arnet_fact_owing(x);
		char k = !live ? 0
		         : reason == ARNET_REASON_FORGED_DOCUMENTS
		                 ? p->ko_forged
		         : reason == ARNET_REASON_INSOLVENCY ? p->ko_insolvency
		         : reason == ARNET_REASON_BOUNCED_INSTRUMENT
		                 ? p->ko_bounced
		                 : 0;
		if (k > ko) {
			ko = k;
			worst = x;
		}
		/* A DEFAULT not paid (a plan is an agreement: not here),
		 * recent, not a trifle. */
		int64_t conv;
		if (!arnet_fact_owing(x) || x->state == ARNET_FACT_PLAN ||
		    as_of - x->r.created > window ||
		    (in_policy_currency(p, x->r.u.def.amount,
		                        x->r.u.def.currency, &conv) &&
		     conv < p->min_default_amount)) {
			continue;
		}
		size_t k2 = 0;
		while (k2 < nauthors && memcmp(authors[k2], x->r.author,
		                               ARNET_PUBKEY_BYTES) != 0) {
			k2++;
		}
		if (k2 == nauthors && nauthors < ARNET_ROSTER_MAX_CERTS) {
			authors[nauthors++] = x->r.author;
		}
		last = x;
	}
	if (p->ko_members > 0 && (int)nauthors >= p->ko_members && 'D' > ko) {
		ko = 'D';
		worst = last;
	}
	if (why != NULL) {
		*why = worst;
	}
	return ko;
}

/* --- reasons --- */

typedef struct card {
	arnet_check_result *o;
	const arnet_check_policy *p;
	int64_t as_of;
	int natural; /* the subject is a natural person (personal data) */
	int folded;  /* reasons folded into the last slot */
} card;

static void reason(card *c, int points, int source, const char *factor,
                   char knockout, const uint8_t *rec, int disputed,
                   const char *fmt, ...) __attribute__((format(printf, 8, 9)));

static void
reason(card *c, int points, int source, const char *factor, char knockout,
       const uint8_t *rec, int disputed, const char *fmt, ...)
{
	arnet_check_result *o = c->o;
	va_list ap;
	if (knockout > o->knockout) {
		o->knockout = knockout;
	}
	if (o->nreasons == ARNET_CHECK_REASONS_MAX) {
		/* Full: the last slot sums the rest, so the score stays the
		 * sum of the reasons shown. */
		arnet_check_reason *r =
		        &o->reasons[ARNET_CHECK_REASONS_MAX - 1];
		if (c->folded++ == 0) {
			r->knockout = 0;
			r->disputed = 0;
			memset(r->record, 0, sizeof(r->record));
			snprintf(r->factor, sizeof(r->factor), "further");
		}
		r->points += points;
		r->knockout = knockout > r->knockout ? knockout : r->knockout;
		snprintf(
		        r->text, sizeof(r->text),
		        "%d further reasons (arnet records SUBJECT lists every "
		        "record)",
		        c->folded + 1);
		return;
	}
	arnet_check_reason *r = &o->reasons[o->nreasons++];
	memset(r, 0, sizeof(*r));
	r->points = points;
	r->source = source;
	r->knockout = knockout;
	r->disputed = disputed;
	snprintf(r->factor, sizeof(r->factor), "%s", factor);
	if (rec != NULL) {
		memcpy(r->record, rec, 32);
	}
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}

/* points * pct[0]/100 * pct[1]/100 ..., rounded half away from zero
 * once. */
static int
weigh(int points, const int *pct, int n)
{
	__int128 num = points, den = 1;
	for (int i = 0; i < n; i++) {
		num *= pct[i];
		den *= 100;
	}
	__int128 q = (num < 0 ? -num : num) + den / 2;
	q /= den;
	return (int)(num < 0 ? -q : q);
}

static void
money(char *buf, int64_t v, const char *cur)
{
	if (arnet_money_format(buf, ARNET_MONEY_TEXT_MAX + 1, v, cur, 1) !=
	    ARNET_OK) {
		snprintf(buf, ARNET_MONEY_TEXT_MAX + 1, "%lld", (long long)v);
	}
}

/* A scored fact before the same-member rule. */
typedef struct scored {
	const arnet_fact *f;
	int points;
	const char *factor;
	char how[120]; /* the arithmetic, for the reason */
} scored;

static void append(char *buf, size_t cap, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void
append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;
	if (n + 1 >= cap) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

/* The multipliers every fact shares: age, dispute, equivocation. */
static int
common_pct(const card *c, const arnet_fact *f, int with_age, int *pct, int n,
           char *how, size_t cap)
{
	const arnet_check_policy *p = c->p;
	int64_t age = (c->as_of - f->r.created) / DAY;
	if (with_age && age > p->age_old_days) {
		pct[n++] = p->age_old_percent;
		append(how, cap, ", x%d%% over %d days old", p->age_old_percent,
		       p->age_old_days);
	} else if (with_age && age > p->age_mid_days) {
		pct[n++] = p->age_mid_percent;
		append(how, cap, ", x%d%% over %d days old", p->age_mid_percent,
		       p->age_mid_days);
	}
	if (f->dispute == ARNET_FACT_DISPUTE_OPEN ||
	    f->dispute == ARNET_FACT_DISPUTE_UNVERIFIED) {
		pct[n++] = p->dispute_percent;
		append(how, cap, ", x%d%% disputed", p->dispute_percent);
	}
	if (f->equivocated) {
		pct[n++] = p->equivocated_percent;
		append(how, cap, ", x%d%% author equivocated",
		       p->equivocated_percent);
	}
	return n;
}

static void
score_default(card *c, const arnet_fact *f, scored *s)
{
	const arnet_check_policy *p = c->p;
	const arnet_record *r = &f->r;
	int pct[8], n = 0;
	int64_t conv;
	s->how[0] = '\0';
	if (!arnet_fact_owing(f)) {
		/* Paid in full: fades over paid_fade_days. */
		int64_t since = (c->as_of - f->ended) / DAY;
		int left = since >= p->paid_fade_days
		                   ? 0
		                   : p->paid_fade_days - (int)since;
		int base = p->paid_fade_days > 0
		                   ? (int)(((int64_t)p->paid_points * left +
		                            p->paid_fade_days / 2) /
		                           p->paid_fade_days)
		                   : 0;
		snprintf(s->how, sizeof(s->how), "%d fading over %d days",
		         p->paid_points, p->paid_fade_days);
		n = common_pct(c, f, 0, pct, n, s->how, sizeof(s->how));
		s->points = -weigh(base, pct, n);
		s->factor = "paid_points";
		return;
	}
	int band = 1, dband;
	const char *bname = "medium";
	if (in_policy_currency(p, f->owed, r->u.def.currency, &conv)) {
		band = conv < p->amount_small   ? 0
		       : conv < p->amount_large ? 1
		                                : 2;
		bname = band == 0 ? "small" : band == 1 ? "medium" : "large";
	} else {
		c->o->uncombined = 1;
		bname = "medium (no [fx] rate)";
	}
	uint32_t dpd = r->u.def.days_past_due;
	dband = dpd <= 30 ? 0 : dpd <= 90 ? 1 : dpd <= 180 ? 2 : 3;
	int base =
	        p->default_base + p->amount_points[band] + p->dpd_points[dband];
	snprintf(s->how, sizeof(s->how),
	         "%d base + %d %s amount + %d for %u "
	         "days",
	         p->default_base, p->amount_points[band], bname,
	         p->dpd_points[dband], dpd);
	if (c->o->requested > 0 &&
	    arnet_fx_convert(&p->fx, &conv, f->owed, r->u.def.currency,
	                     c->o->currency) == ARNET_OK &&
	    (__int128)conv * 100 >=
	            (__int128)c->o->requested * p->request_percent) {
		base += p->request_points;
		append(s->how, sizeof(s->how), " + %d >= %d%% of the request",
		       p->request_points, p->request_percent);
	}
	if (f->state == ARNET_FACT_PLAN) {
		pct[n++] = p->plan_percent;
		append(s->how, sizeof(s->how), ", x%d%% plan remainder",
		       p->plan_percent);
	} else if (f->state != ARNET_FACT_UNPAID) {
		pct[n++] = p->written_off_percent;
		append(s->how, sizeof(s->how), ", x%d%% loss",
		       p->written_off_percent);
	}
	if (in_policy_currency(p, r->u.def.amount, r->u.def.currency, &conv) &&
	    conv < p->min_default_amount) {
		pct[n++] = p->trifle_percent;
		append(s->how, sizeof(s->how), ", x%d%% below the minimum",
		       p->trifle_percent);
	}
	int noev = 1;
	for (int i = 0; i < ARNET_HASH_BYTES; i++) {
		noev &= r->u.def.evidence[i] == 0;
	}
	if (noev) {
		pct[n++] = p->no_evidence_percent;
		append(s->how, sizeof(s->how), ", x%d%% no evidence",
		       p->no_evidence_percent);
	}
	n = common_pct(c, f, 1, pct, n, s->how, sizeof(s->how));
	s->points = -weigh(base, pct, n);
	s->factor = "default_base";
}

static void
score_stop(card *c, const arnet_fact *f, scored *s)
{
	const arnet_check_policy *p = c->p;
	int pct[8], n = 0, base;
	int why = f->r.u.stop.reason;
	s->how[0] = '\0';
	if (f->state == ARNET_FACT_LIFTED) {
		base = p->lifted;
		snprintf(s->how, sizeof(s->how), "%d lifted", base);
		s->factor = "lifted";
	} else {
		int rp = why >= 1 && why <= 5 ? p->stop_reason_points[why] : 0;
		base = p->stop_base + rp;
		snprintf(s->how, sizeof(s->how), "%d base + %d %s",
		         p->stop_base, rp, arnet_reason_name(why));
		s->factor = "stop_base";
	}
	n = common_pct(c, f, f->state != ARNET_FACT_LIFTED, pct, n, s->how,
	               sizeof(s->how));
	s->points = -weigh(base, pct, n);
}

static int
by_author_points(const void *x, const void *y)
{
	const scored *a = x, *b = y;
	int k = memcmp(a->f->r.author, b->f->r.author, ARNET_PUBKEY_BYTES);
	if (k != 0) {
		return k;
	}
	if (a->points != b->points) {
		return a->points < b->points ? -1 : 1; /* most negative first */
	}
	return a->f->r.created < b->f->r.created   ? -1
	       : a->f->r.created > b->f->r.created ? 1
	                                           : 0;
}

/* The shared log: every fact that counts, scored; a member's further
 * records at same_member_percent. */
/* Score every fact that counts into v (n of them); a fact that does not
 * count is a reason of 0 points saying why, except records about a
 * natural person, which are only counted (*individual_skipped). */
static size_t
score_facts(card *c, const arnet_log_facts *lf, int own_in_books, scored *v,
            int *individual_skipped)
{
	char text[260];
	size_t n = 0;
	for (size_t i = 0; i < lf->n; i++) {
		const arnet_fact *f = &lf->v[i];
		if (!arnet_check_fact_counts(f, c->natural, c->p,
		                             own_in_books)) {
			arnet_fact_describe(text, sizeof(text), f);
			if (f->dispute == ARNET_FACT_STRUCK) {
				reason(c, 0, ARNET_SRC_LOG, "dispute_percent",
				       0, f->hash, 0, "not counted: %s", text);
			} else if (c->natural) {
				(*individual_skipped)++;
			} else {
				reason(c, 0, ARNET_SRC_LOG, "own_books", 0,
				       f->hash, 0,
				       "our own record, not counted again: our "
				       "books speak for it: %s",
				       text);
			}
			continue;
		}
		v[n].f = f;
		if (f->r.type == ARNET_REC_DEFAULT) {
			score_default(c, f, &v[n]);
		} else {
			score_stop(c, f, &v[n]);
		}
		n++;
	}
	return n;
}

static void
personal_data_reason(card *c, int individual_skipped, size_t counted)
{
	if (individual_skipped > 0) {
		reason(c, 0, ARNET_SRC_POLICY, "personal_data", 0, NULL, 0,
		       "%d record%s about a natural person (individual "
		       "business, USCC category 92) not counted: personal "
		       "credit data, which only a licensed credit bureau may "
		       "provide (State Council Order 631)",
		       individual_skipped, individual_skipped == 1 ? "" : "s");
	} else if (c->natural && counted > 0) {
		reason(c, 0, ARNET_SRC_POLICY, "personal_data", 0, NULL, 0,
		       "the subject is a natural person (individual "
		       "business): its records count because the association "
		       "is licensed for personal credit data");
	}
}

/* The scored facts as reasons, by author: a member's second and later
 * records weigh same_member_percent. Returns how many members report. */
static int
weigh_by_member(card *c, scored *v, size_t n)
{
	const arnet_check_policy *p = c->p;
	char text[260];
	int members = 0;
	qsort(v, n, sizeof(*v), by_author_points);
	for (size_t i = 0; i < n; i++) {
		const arnet_fact *f = v[i].f;
		int first = i == 0 || memcmp(v[i - 1].f->r.author, f->r.author,
		                             ARNET_PUBKEY_BYTES) != 0;
		int pts = v[i].points;
		members += first;
		if (!first) {
			int pc = p->same_member_percent;
			pts = weigh(pts, &pc, 1);
			append(v[i].how, sizeof(v[i].how),
			       ", x%d%% same member again", pc);
		}
		arnet_fact_describe(text, sizeof(text), f);
		reason(c, pts, ARNET_SRC_LOG, v[i].factor, 0, f->hash,
		       f->dispute == ARNET_FACT_DISPUTE_OPEN         ? 1
		       : f->dispute == ARNET_FACT_DISPUTE_UNVERIFIED ? 2
		                                                     : 0,
		       "%s [%s]", text, v[i].how);
		if (f->equivocated) {
			reason(c, 0, ARNET_SRC_LOG, "equivocated_percent", 0,
			       NULL, 0,
			       "member %s signed two versions of its log "
			       "(equivocation): its records count at %d%%",
			       f->member, p->equivocated_percent);
		}
	}
	return members;
}

/* The knock-out of the shared log, when one fires, as its reason. */
static void
knockout_reason(card *c, const arnet_log_facts *lf, int own_in_books)
{
	char text[260];
	const arnet_fact *why = NULL;
	char ko = arnet_check_knockout(lf, c->as_of, c->natural, c->p,
	                               own_in_books, &why);
	if (ko == 0 || why == NULL) {
		return;
	}
	int reason_code = why->r.type == ARNET_REC_DEFAULT
	                          ? why->r.u.def.reason
	                          : why->r.u.stop.reason;
	int members_ko = why->r.type == ARNET_REC_DEFAULT &&
	                 reason_code != ARNET_REASON_FORGED_DOCUMENTS &&
	                 reason_code != ARNET_REASON_INSOLVENCY &&
	                 reason_code != ARNET_REASON_BOUNCED_INSTRUMENT;
	arnet_fact_describe(text, sizeof(text), why);
	reason(c, 0, ARNET_SRC_LOG,
	       members_ko                                       ? "ko_members"
	       : reason_code == ARNET_REASON_BOUNCED_INSTRUMENT ? "ko_bounced"
	                                                        : "ko_forged",
	       ko, why->hash, 0, "knock-out: grade %c at best: %s%s", ko,
	       members_ko ? "unpaid defaults by several members within "
	                    "the knock-out window; the latest: "
	                  : "",
	       text);
}

/* The shared log's part of the card: every fact that counts, scored and
 * weighed by member, then the log's knock-out. */
static int
log_reasons(card *c, const arnet_log_facts *lf, int own_in_books, arnet_diag *d)
{
	const arnet_check_policy *p = c->p;
	int individual_skipped = 0;
	scored *v = calloc(lf->n + 1, sizeof(*v));
	if (v == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM,
		                      "out of memory scoring the log");
	}
	size_t n = score_facts(c, lf, own_in_books, v, &individual_skipped);
	personal_data_reason(c, individual_skipped, n);
	c->o->members_reporting = weigh_by_member(c, v, n);
	c->o->log_counted = (int)n;
	if (lf->past_retention > 0) {
		reason(c, 0, ARNET_SRC_LOG, "retention_days", 0, NULL, 0,
		       "%d record%s ended more than %d days ago: no longer "
		       "counted",
		       lf->past_retention, lf->past_retention == 1 ? "" : "s",
		       p->retention_days);
	}
	free(v);
	knockout_reason(c, lf, own_in_books);
	return ARNET_OK;
}

/* --- payment experience: the references and our own books --- */

typedef struct exp_in {
	const char *who;
	int32_t dbt;
	int64_t high;
	const char *cur;
	int over_90;
} exp_in;

static int
has_owing_default(const arnet_log_facts *lf, const char *member,
                  int natural_person, const arnet_check_policy *p)
{
	for (size_t i = 0; i < lf->n; i++) {
		if (arnet_fact_owing(&lf->v[i]) &&
		    strcmp(lf->v[i].member, member) == 0 &&
		    arnet_check_fact_counts(&lf->v[i], natural_person, p, 0)) {
			return 1;
		}
	}
	return 0;
}

static int
experience(card *c, const arnet_log_facts *lf, const arnet_trade_ref *refs,
           size_t nrefs, const arnet_trade_ref *ours, int64_t *largest)
{
	const arnet_check_policy *p = c->p;
	arnet_check_result *o = c->o;
	exp_in in[ARNET_ROSTER_MAX_CERTS + 1];
	size_t n = 0;
	char list[200] = "";
	if (ours != NULL) {
		in[n++] = (exp_in){"our books", ours->dbt, ours->high_credit,
		                   ours->currency, ours->past_due[3] > 0};
	}
	for (size_t i = 0; i < nrefs && n < ARNET_ROSTER_MAX_CERTS + 1; i++) {
		const arnet_trade_ref *r = &refs[i];
		if (has_owing_default(lf, r->member_id, c->natural, p)) {
			reason(c, 0, ARNET_SRC_TRADE, "same_member_percent", 0,
			       NULL, 0,
			       "%s's trade reference not counted again: its "
			       "unpaid default about the same customer counts "
			       "above",
			       r->member_id);
			continue;
		}
		in[n++] = (exp_in){r->member_id, r->dbt, r->high_credit,
		                   r->currency, r->past_due[3] > 0};
	}
	o->trade_refs = (int)nrefs;
	o->trade_counted = (int)n;
	*largest = 0;
	if (n == 0) {
		return 0;
	}
	/* Weighted by high credit when every one converts to one
	 * currency, else each weighs the same. */
	int64_t w[ARNET_ROSTER_MAX_CERTS + 1];
	int weighted = 1, over = 0;
	__int128 sw = 0, swd = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t x;
		if (arnet_fx_convert(&p->fx, &x, in[i].high, in[i].cur,
		                     p->currency) != ARNET_OK) {
			weighted = 0;
			x = 0;
		}
		w[i] = x;
		sw += x;
		int64_t ex;
		if (arnet_fx_convert(&p->fx, &ex, in[i].high, in[i].cur,
		                     o->currency) == ARNET_OK &&
		    ex > *largest) {
			*largest = ex;
		}
		over += in[i].over_90;
		append(list, sizeof(list), "%s%s %d", i ? ", " : "", in[i].who,
		       in[i].dbt);
	}
	if (sw == 0) {
		weighted = 0;
	}
	sw = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t wi = weighted ? w[i] : 1;
		sw += wi;
		swd += (__int128)wi * (in[i].dbt > 0 ? in[i].dbt : 0);
	}
	int32_t dbt = sw > 0 ? (int32_t)((swd + sw / 2) / sw) : 0;
	o->trade_dbt = dbt;
	int band = dbt <= 0    ? -1
	           : dbt <= 15 ? 0
	           : dbt <= 30 ? 1
	           : dbt <= 60 ? 2
	                       : 3;
	static const char *const keys[] = {"dbt_1_15", "dbt_16_30", "dbt_31_60",
	                                   "dbt_over_60"};
	reason(c, band < 0 ? 0 : -p->dbt_points[band], ARNET_SRC_TRADE,
	       band < 0 ? "dbt" : keys[band], 0, NULL, 0,
	       "payment experience: pays %d days beyond terms on average "
	       "(%s; days: %s)",
	       dbt,
	       weighted ? "dollar-weighted by each one's high credit"
	                : "each one weighing the same",
	       list);
	if (over > 0) {
		reason(c, -p->trade_over_90, ARNET_SRC_TRADE, "trade_over_90",
		       0, NULL, 0,
		       "%d of them owed more than 90 days past due now%s", over,
		       ours != NULL && ours->written_off > 0
		               ? " (our books count what we wrote off as "
		                 "such)"
		               : "");
	}
	return (int)n;
}

/* --- our own books --- */

typedef struct own {
	int32_t as_of;
	int invoices, on_time, late, losses;
} own;

/* One invoice's payment behaviour, corrections read as accounting does
 * (arnet_standing_of): paid only by payments that still stand; an
 * invoice credited or void in full was no sale; a write-off is a loss,
 * never "paid on time". */
static int
own_invoice(const arnet_customer *c, const arnet_invoice *inv,
            const arnet_alloc *a, size_t n, void *arg)
{
	own *w = arg;
	arnet_standing s;
	(void)c;
	arnet_standing_of(&s, inv, a, n, w->as_of);
	if (s.state == ARNET_STANDS_NONE) {
		return 0;
	}
	w->invoices++;
	if (s.state == ARNET_STANDS_LOSS) {
		w->losses += s.loss > 0;
	} else if (s.state == ARNET_STANDS_PAID) {
		if (s.paid_on <= inv->due) {
			w->on_time++;
		} else {
			w->late++;
		}
	}
	return 0;
}

/* A loss on our books, from the order check's numbers (the same walk,
 * so the two cannot disagree): each currency's write-offs. */
static void
own_losses(card *c, const arnet_order_check *oc)
{
	char list[200] = "", m[ARNET_MONEY_TEXT_MAX + 1];
	int any = 0;
	for (size_t i = 0; i < oc->nowed; i++) {
		const arnet_order_owed *w = &oc->owed[i];
		if (w->written_off > 0) {
			money(m, w->written_off, w->currency);
			append(list, sizeof(list), "%s%s %s", any ? ", " : "",
			       m, w->currency);
			any = 1;
		}
	}
	if (any) {
		reason(c, -c->p->own_written_off, ARNET_SRC_BOOKS,
		       "own_written_off", 0, NULL, 0,
		       "we wrote off %s of its invoices within %d days: a "
		       "loss, counted as unpaid",
		       list, ARNET_LOSS_DAYS);
	}
}

static const char *const DECISION[] = {"ALLOW", "WARN", "HOLD"};

/* The order check on the request: where it holds there is no open
 * credit; its other reasons are told. */
static int
own_books(card *c, arnet_txn *t, const arnet_ident *subject,
          const arnet_log_facts *lf, arnet_order_check *oc, own *w,
          arnet_diag *d)
{
	const arnet_check_policy *p = c->p;
	arnet_check_result *o = c->o;
	arnet_customer cu;
	int32_t day = arnet_date_from_unix(c->as_of);
	int rv = arnet_customer_get(t, subject, &cu, d);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	o->own_customer = 1;
	int64_t amount = 0;
	int converted = 1;
	if (o->requested > 0 &&
	    arnet_fx_convert(&p->fx, &amount, o->requested, o->currency,
	                     cu.currency) != ARNET_OK) {
		amount = 0;
		converted = 0;
		o->uncombined = 1;
	}
	if ((rv = arnet_order_check_on(t, subject, amount, day, p, lf, oc,
	                               d)) != ARNET_OK) {
		return rv;
	}
	o->order_decision = oc->decision;
	if (oc->fx_date != 0) {
		o->fx_date = oc->fx_date;
	}
	o->uncombined |= oc->uncombined;
	if (!converted) {
		reason(c, 0, ARNET_SRC_BOOKS, "fx", 0, NULL, 0,
		       "the request in %s cannot be set against our %s limit: "
		       "no [fx] rate",
		       o->currency, cu.currency);
	}
	for (int i = 0; i < oc->nreasons; i++) {
		const arnet_order_reason *r = &oc->reasons[i];
		int no_credit = r->decision == ARNET_ORDER_HOLD &&
		                (r->why == ARNET_WHY_STATUS ||
		                 r->why == ARNET_WHY_OVERDUE ||
		                 r->why == ARNET_WHY_PEER);
		if (r->why == ARNET_WHY_KNOCKOUT) {
			continue; /* the log's knock-out is told above */
		}
		if (r->why == ARNET_WHY_PEER && !no_credit) {
			continue; /* the record is scored above */
		}
		reason(c, 0, ARNET_SRC_BOOKS,
		       no_credit ? "order_check" : "order_check_note",
		       no_credit ? 'C' : 0, r->record, 0,
		       "our order check: %s: %s%s", DECISION[r->decision],
		       r->text,
		       no_credit ? ": no open credit"
		       : r->why == ARNET_WHY_LIMIT
		               ? ": the limit recommended is what our limit "
		                 "leaves"
		               : "");
	}
	w->as_of = day;
	arnet_ledger_visitor v = {NULL, own_invoice, NULL, w};
	if ((rv = arnet_ledger_scan(t, subject, &v, d)) != ARNET_OK) {
		return rv;
	}
	int overdue_beyond = 0;
	for (size_t i = 0; i < oc->nowed; i++) {
		overdue_beyond |= oc->owed[i].overdue_beyond > 0;
	}
	if (oc->oldest_dpd > 0 && !overdue_beyond) {
		reason(c, -p->own_overdue, ARNET_SRC_BOOKS, "own_overdue", 0,
		       NULL, 0,
		       "owes us past due, up to %d days (oldest %d days)",
		       p->books.hold_days, oc->oldest_dpd);
	}
	own_losses(c, oc);
	if (oc->oldest_dpd <= 0 && w->on_time >= 3 && w->late == 0 &&
	    w->losses == 0) {
		reason(c, p->own_good, ARNET_SRC_BOOKS, "own_good", 0, NULL, 0,
		       "paid all %d invoices on time with us", w->on_time);
	}
	return ARNET_OK;
}

/* --- grade, limit, terms --- */

static void
recommend(card *c, int terms, int64_t largest, const arnet_order_check *oc)
{
	const arnet_check_policy *p = c->p;
	arnet_check_result *o = c->o;
	char m1[40], m2[40], m3[40];
	const char *cur = o->currency;
	int t = terms > 0 ? terms : p->default_terms;
	o->terms_requested = t;
	o->score_grade = o->score >= p->grade_a   ? 'A'
	                 : o->score >= p->grade_b ? 'B'
	                 : o->score >= p->grade_c ? 'C'
	                                          : 'D';
	o->grade = o->knockout > o->score_grade ? o->knockout : o->score_grade;
	if (o->grade >= 'C') {
		o->limit = 0;
		o->terms_days = 0;
		o->limit_basis = ARNET_LIMIT_NONE;
		snprintf(o->advice, sizeof(o->advice), "%s",
		         o->grade == 'C' ? "no open credit: prepayment or a "
		                           "bank guarantee first"
		                         : "cash in advance only");
		return;
	}
	/* The cap: what others are known to have extended, or the
	 * new-customer limit. */
	int64_t newlim;
	int have_new = arnet_fx_convert(&p->fx, &newlim, p->new_customer_limit,
	                                p->currency, cur) == ARNET_OK;
	if (!have_new) {
		o->uncombined = 1;
		newlim = 0;
	}
	int basis;
	if (!o->thin && largest > 0) {
		o->cap = (int64_t)((__int128)largest * p->experience_percent /
		                   100);
		basis = ARNET_LIMIT_EXPERIENCE;
	} else {
		o->cap = have_new ? newlim : -1;
		basis = ARNET_LIMIT_NEW;
	}
	int64_t base = o->cap < 0 ? 0 : o->cap;
	if (o->requested > 0 && o->requested <= base) {
		base = o->requested;
		basis = ARNET_LIMIT_REQUEST;
	}
	if (o->thin) {
		o->limit = base;
		o->terms_days =
		        t < p->new_customer_terms ? t : p->new_customer_terms;
	} else if (o->grade == 'B') {
		o->limit = (int64_t)((__int128)base * p->b_limit_percent / 100);
		o->terms_days = t < p->b_terms_days ? t : p->b_terms_days;
	} else {
		o->limit = base;
		o->terms_days = t < p->max_terms_days ? t : p->max_terms_days;
	}
	/* What our own limit leaves. */
	int64_t room;
	if (oc != NULL && oc->headroom >= 0 &&
	    arnet_fx_convert(&p->fx, &room, oc->headroom, oc->c.currency,
	                     cur) == ARNET_OK &&
	    room < o->limit) {
		o->limit = room;
		basis = ARNET_LIMIT_OURS;
	}
	o->limit_basis = basis;
	money(m1, o->limit, cur);
	money(m2, o->requested, cur);
	money(m3, largest, cur);
	if (o->limit == 0) {
		snprintf(
		        o->advice, sizeof(o->advice),
		        basis == ARNET_LIMIT_OURS
		                ? "no further credit: our credit limit is used "
		                  "up"
		                : "no open credit: no [fx] rate converts the "
		                  "new-customer limit to %s",
		        cur);
	} else if (o->thin) {
		snprintf(
		        o->advice, sizeof(o->advice),
		        "new customer: credit up to %s %s on %d days; collect "
		        "trade references (arnet check --survey) and financial "
		        "statements before giving more",
		        m1, cur, o->terms_days);
	} else if (basis == ARNET_LIMIT_REQUEST && o->grade == 'A' &&
	           o->terms_days == t) {
		snprintf(o->advice, sizeof(o->advice),
		         "extend credit as requested");
	} else {
		char why[120] = "";
		if (basis == ARNET_LIMIT_EXPERIENCE) {
			snprintf(why, sizeof(why),
			         "; at most %d%% of the largest credit known "
			         "(%s %s)",
			         p->experience_percent, m3, cur);
		} else if (basis == ARNET_LIMIT_NEW) {
			snprintf(why, sizeof(why),
			         "; the new-customer limit: nobody is known to "
			         "have extended it credit");
		} else if (basis == ARNET_LIMIT_OURS) {
			snprintf(why, sizeof(why),
			         "; what our credit limit leaves");
		}
		if (o->grade == 'B') {
			append(why, sizeof(why), "; %d%% for grade B",
			       p->b_limit_percent);
		}
		snprintf(o->advice, sizeof(o->advice),
		         "recommended limit %s %s on %d days%s%s%s%s", m1, cur,
		         o->terms_days, o->requested > 0 ? " (" : "",
		         o->requested > 0 ? m2 : "",
		         o->requested > 0 ? " requested)" : "", why);
	}
}

/* Knock-outs first, then the points, most against first; stable. */
static void
sort_reasons(arnet_check_result *o)
{
	for (int i = 1; i < o->nreasons; i++) {
		arnet_check_reason x = o->reasons[i];
		int j = i;
		while (j > 0) {
			const arnet_check_reason *y = &o->reasons[j - 1];
			int before = (x.knockout != 0) > (y->knockout != 0) ||
			             ((x.knockout != 0) == (y->knockout != 0) &&
			              x.points < y->points);
			if (!before) {
				break;
			}
			o->reasons[j] = o->reasons[j - 1];
			j--;
		}
		o->reasons[j] = x;
	}
}

int
arnet_check_run(arnet_txn *t, const arnet_ident *subject, int64_t amount,
                const char *currency, int terms, int64_t now,
                const arnet_roster *roster, const arnet_trade_ref *refs,
                size_t nrefs, const arnet_check_policy *pol,
                arnet_check_result *o, arnet_diag *d)
{
	arnet_log_facts lf;
	arnet_order_check oc;
	arnet_trade_ref ours;
	own w = {0};
	card c = {o, pol, now, 0, 0};
	int64_t largest = 0;
	memset(o, 0, sizeof(*o));
	o->subject = *subject;
	o->requested = amount;
	o->as_of = now;
	o->order_decision = -1;
	o->cap = -1;
	snprintf(o->currency, sizeof(o->currency), "%s", currency);
	int rv = arnet_log_facts_gather(t, subject, now, roster,
	                                pol->retention_days,
	                                pol->dispute_unverified_days, &lf, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	o->log_records = lf.records;
	o->last_sync = arnet_log_last_sync(t);
	int in_books = 0;
	{
		arnet_customer cu;
		rv = arnet_customer_get(t, subject, &cu, d);
		if (rv != ARNET_OK && rv != ARNET_ENOTFOUND) {
			goto out;
		}
		in_books = rv == ARNET_OK;
		o->individual = arnet_subject_is_natural_person(
		        subject, in_books && cu.individual);
		c.natural = o->individual;
	}
	if ((rv = log_reasons(&c, &lf, in_books, d)) != ARNET_OK ||
	    (rv = own_books(&c, t, subject, &lf, &oc, &w, d)) != ARNET_OK) {
		goto out;
	}
	rv = arnet_trade_ref_build(t, subject, arnet_date_from_unix(now), "",
	                           &ours, d);
	if (rv != ARNET_OK && rv != ARNET_ENOTFOUND) {
		goto out;
	}
	int nexp = experience(&c, &lf, refs, nrefs,
	                      rv == ARNET_OK ? &ours : NULL, &largest);
	rv = ARNET_OK;
	if (o->own_customer && oc.c.credit_limit != ARNET_NO_LIMIT) {
		int64_t lim;
		if (arnet_fx_convert(&pol->fx, &lim, oc.c.credit_limit,
		                     oc.c.currency, o->currency) == ARNET_OK &&
		    lim > largest) {
			largest = lim;
		}
	}
	/* No payment experience (no reference counted, no history in our
	 * books): a new customer, whatever the log says against it; no data
	 * is not good data, so the score is at most thin_score. */
	o->thin = nexp == 0 && w.invoices == 0;
	if (o->thin) {
		int sum = 100;
		for (int i = 0; i < o->nreasons; i++) {
			sum += o->reasons[i].points;
		}
		reason(&c, sum > pol->thin_score ? pol->thin_score - sum : 0,
		       ARNET_SRC_POLICY, "thin_score", 0, NULL, 0,
		       o->log_counted == 0
		               ? "thin file: nothing about it counts in the "
		                 "shared log, no trade references, no history "
		                 "in our books: a new customer, not a proven "
		                 "one (at most %d)"
		               : "no payment experience: no trade references, "
		                 "no history in our books, only what the "
		                 "shared log holds: a new customer (at most "
		                 "%d)",
		       pol->thin_score);
	}
	if (o->uncombined || o->fx_date != 0 || pol->fx.n > 0) {
		o->fx_date = pol->fx.n > 0 ? pol->fx.date : 0;
	}
	int score = 100;
	for (int i = 0; i < o->nreasons; i++) {
		score += o->reasons[i].points;
	}
	o->score = score < 0 ? 0 : score > 100 ? 100 : score;
	recommend(&c, terms, largest, o->own_customer ? &oc : NULL);
	sort_reasons(o);
out:
	arnet_log_facts_free(&lf);
	if (rv != ARNET_OK) {
		o->grade = 0;
		o->nreasons = 0;
	}
	return rv;
}
