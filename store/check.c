/*
 * check.c - the credit check (arnet_check.h).
 *
 * Every point taken or given is a reason with its text, so a person can
 * see why. The rules, in the order they are applied:
 *   shared log  each DEFAULT in force (not settled, author a member at
 *               its time): the first member reporting costs most, each
 *               further member less; an old default (days past due) a
 *               little more. Each CREDIT_STOP in force likewise. Settled
 *               defaults and lifted stops cost a little while they are
 *               within retention, nothing after. A DISPUTE upheld or
 *               corrected removes its record; an open one keeps only a
 *               part of its points and is flagged (unverified when open
 *               for long).
 *   references  each member's dollar-weighted days beyond terms.
 *   own books   what the customer owes us past due, a credit hold, or a
 *               good history with us.
 * The score is 100 plus the points, within 0..100.
 */
#include "arnet_check.h"
#include "arnet_date.h"
#include "arnet_dispute.h"
#include "arnet_log.h"
#include "arnet_money.h"
#include "arnet_reports.h"
#include "txn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

void
arnet_check_policy_defaults(arnet_check_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->default_first = 30;
	p->default_more = 20;
	p->old_default_days = 180;
	p->old_default_extra = 5;
	p->stop_first = 15;
	p->stop_more = 10;
	p->settled_paid = 5;
	p->settled_plan = 10;
	p->settled_written_off = 15;
	p->lifted = 2;
	p->dispute_percent = 50;
	p->dispute_unverified_days = 20;
	p->retention_days = 1826; /* 5 years */
	p->own_overdue = 5;
	p->own_overdue_30 = 15;
	p->own_hold = 10;
	p->own_good = 5;
	p->dbt_points[0] = 5;
	p->dbt_points[1] = 10;
	p->dbt_points[2] = 20;
	p->dbt_points[3] = 30;
	p->trade_over_90 = 15;
	p->grade_a = 80;
	p->grade_b = 60;
	p->grade_c = 40;
	p->b_limit_percent = 50;
	p->b_terms_days = 15;
	p->default_terms = 30;
}

int
arnet_log_set_last_sync(arnet_txn *t, int64_t when, arnet_diag *d)
{
	uint8_t v[8];
	st_be64(v, (uint64_t)when);
	return st_put(t, ST_META, "last_sync", 9, v, 8, 0, d);
}

int64_t
arnet_log_last_sync(arnet_txn *t)
{
	MDB_val v;
	if (st_get(t, ST_META, "last_sync", 9, &v, NULL) != ARNET_OK ||
	    v.mv_size != 8) {
		return 0;
	}
	return (int64_t)st_get_be64(v.mv_data);
}

typedef struct item {
	arnet_record r;
	uint8_t hash[32];
	int counts;   /* the author was a member at its time */
	int disputed; /* some dispute of it counts (for the order) */
} item;

typedef struct gather {
	item *v;
	size_t n, cap;
	const arnet_roster *roster;
} gather;

static int
take(const uint8_t *b, size_t len, void *arg)
{
	gather *g = arg;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 32;
		item *p = realloc(g->v, cap * sizeof(*p));
		if (p == NULL) {
			return ARNET_ENOMEM;
		}
		g->v = p;
		g->cap = cap;
	}
	item *it = &g->v[g->n];
	if (arnet_record_decode(&it->r, b, len, NULL) != ARNET_OK) {
		return 0; /* the log only holds valid records */
	}
	arnet_record_hash(it->hash, b, len);
	/* The administrator's word counts on disputes. */
	it->counts =
	        g->roster != NULL &&
	        (arnet_member_valid_at(g->roster, it->r.author, it->r.created,
	                               NULL) == ARNET_MEMBER_OK ||
	         (it->r.type == ARNET_REC_DISPUTE &&
	          memcmp(it->r.author, g->roster->root, 32) == 0));
	g->n++;
	return 0;
}

static void reason(arnet_check_result *o, int points, int source,
                   const uint8_t *rec, int disputed, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));

static void
reason(arnet_check_result *o, int points, int source, const uint8_t *rec,
       int disputed, const char *fmt, ...)
{
	va_list ap;
	if (o->nreasons >= ARNET_CHECK_REASONS_MAX) {
		return;
	}
	arnet_check_reason *r = &o->reasons[o->nreasons++];
	memset(r, 0, sizeof(*r));
	r->points = points;
	r->source = source;
	r->disputed = disputed;
	if (rec != NULL) {
		memcpy(r->record, rec, 32);
	}
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}

/* The record of g that refers to hash with `type` by the same author (a
 * SETTLEMENT or LIFT), or NULL. */
static const item *
closer(const gather *g, const item *of, int type)
{
	for (size_t i = 0; i < g->n; i++) {
		const item *c = &g->v[i];
		const arnet_ref *ref = type == ARNET_REC_SETTLEMENT
		                               ? &c->r.u.settle.target
		                               : &c->r.u.lift.target;
		if (c->r.type == type && c->counts &&
		    memcmp(c->r.author, of->r.author, 32) == 0 &&
		    memcmp(ref->hash, of->hash, 32) == 0) {
			return c;
		}
	}
	return NULL;
}

/* The latest DISPUTE of a record whose word on it counts (its author or
 * the association's administrator: arnet_dispute.h), or NULL. */
static const item *
dispute_of(const gather *g, const item *of)
{
	const item *best = NULL;
	for (size_t i = 0; i < g->n; i++) {
		const item *c = &g->v[i];
		if (arnet_dispute_marks(g->roster, &c->r, &of->r, of->hash) &&
		    (best == NULL || c->r.created >= best->r.created)) {
			best = c;
		}
	}
	return best;
}

static const char *
member_of(const arnet_roster *r, const uint8_t *key)
{
	for (size_t i = 0; r != NULL && i < r->ncerts; i++) {
		if (memcmp(r->certs[i].key, key, 32) == 0) {
			return r->certs[i].member_id.text;
		}
	}
	return "a former member";
}

/* Apply a dispute to points: 0 when upheld or corrected. */
static int
disputed_points(const gather *g, const item *it, int points, int64_t now,
                const arnet_check_policy *p, int *flag)
{
	const item *d = dispute_of(g, it);
	*flag = 0;
	if (d == NULL) {
		return points;
	}
	if (d->r.u.dispute.status != ARNET_DISPUTE_OPEN) {
		*flag = -1; /* resolved against the record */
		return 0;
	}
	*flag = now - d->r.created > (int64_t)p->dispute_unverified_days * DAY
	                ? 2
	                : 1;
	return points * p->dispute_percent / 100;
}

static const char *
dispute_note(int flag)
{
	return flag == 2   ? " (disputed, open over the verification period: "
	                     "unverified)"
	       : flag == 1 ? " (disputed: open)"
	                   : "";
}

/* Has this author been counted before (for first/more)? */
static int
seen_author(const uint8_t (*seen)[32], int n, const uint8_t *a)
{
	for (int i = 0; i < n; i++) {
		if (memcmp(seen[i], a, 32) == 0) {
			return 1;
		}
	}
	return 0;
}

/*
 * The order records are weighed in: undisputed ones first, then the
 * earliest, so the first reporting member's full points go to a record
 * nobody objects to, whatever the order of the keys.
 */
static int
weigh_order(const void *x, const void *y)
{
	const item *a = x, *b = y;
	if (a->disputed != b->disputed) {
		return a->disputed - b->disputed;
	}
	if (a->r.created != b->r.created) {
		return a->r.created < b->r.created ? -1 : 1;
	}
	int c = memcmp(a->r.author, b->r.author, 32);
	return c != 0 ? c : (a->r.seq > b->r.seq) - (a->r.seq < b->r.seq);
}

static void
log_reasons(const gather *g, int64_t now, const arnet_roster *roster,
            const arnet_check_policy *p, arnet_check_result *o)
{
	uint8_t(*defaulters)[32] = calloc(g->n + 1, 32);
	uint8_t(*stoppers)[32] = calloc(g->n + 1, 32);
	uint8_t(*reporting)[32] = calloc(g->n + 1, 32);
	int nd = 0, ns = 0, nr = 0;
	int64_t keep = (int64_t)p->retention_days * DAY;
	char m[40], when[32];
	if (defaulters == NULL || stoppers == NULL || reporting == NULL) {
		free(defaulters);
		free(stoppers);
		free(reporting);
		return;
	}
	for (size_t i = 0; i < g->n; i++) {
		const item *it = &g->v[i];
		const char *who = member_of(roster, it->r.author);
		int flag = 0, pts;
		if (!it->counts) {
			continue;
		}
		(void)arnet_time_format(when, sizeof(when), it->r.created);
		if (it->r.type == ARNET_REC_DEFAULT) {
			const item *s = closer(g, it, ARNET_REC_SETTLEMENT);
			(void)arnet_money_format(m, sizeof(m),
			                         it->r.u.def.amount,
			                         it->r.u.def.currency, 1);
			if (s != NULL) {
				if (now - s->r.created > keep) {
					continue; /* past retention */
				}
				int how = s->r.u.settle.how;
				pts = -(how == ARNET_SETTLE_PAID
				                ? p->settled_paid
				        : how == ARNET_SETTLE_PLAN
				                ? p->settled_plan
				                : p->settled_written_off);
				pts = disputed_points(g, it, pts, now, p,
				                      &flag);
				if (flag < 0) {
					continue;
				}
				reason(o, pts, ARNET_SRC_LOG, it->hash, flag,
				       "settled default (%s) reported by %s: "
				       "%s %s, "
				       "%u days past due, reported %.10s%s",
				       arnet_settle_how_name(how), who, m,
				       it->r.u.def.currency,
				       it->r.u.def.days_past_due, when,
				       dispute_note(flag));
			} else {
				int first = !seen_author(
				        (const uint8_t(*)[32])defaulters, nd,
				        it->r.author);
				pts = -(first ? (nd == 0 ? p->default_first
				                         : p->default_more)
				              : p->default_more / 2);
				if ((int)it->r.u.def.days_past_due >=
				    p->old_default_days) {
					pts -= p->old_default_extra;
				}
				pts = disputed_points(g, it, pts, now, p,
				                      &flag);
				if (flag < 0) {
					reason(o, 0, ARNET_SRC_LOG, it->hash, 0,
					       "default reported by %s not "
					       "counted: "
					       "a dispute was upheld or "
					       "corrected",
					       who);
					continue;
				}
				if (first) {
					memcpy(defaulters[nd++], it->r.author,
					       32);
				}
				reason(o, pts, ARNET_SRC_LOG, it->hash, flag,
				       "unpaid default reported by %s: %s %s, "
				       "%u "
				       "days past due when reported on %.10s%s",
				       who, m, it->r.u.def.currency,
				       it->r.u.def.days_past_due, when,
				       dispute_note(flag));
			}
		} else if (it->r.type == ARNET_REC_CREDIT_STOP) {
			const item *l = closer(g, it, ARNET_REC_LIFT);
			if (l != NULL) {
				if (now - l->r.created > keep) {
					continue;
				}
				pts = disputed_points(g, it, -p->lifted, now, p,
				                      &flag);
				if (flag >= 0) {
					reason(o, pts, ARNET_SRC_LOG, it->hash,
					       flag,
					       "credit stop by %s (%s), since "
					       "lifted",
					       who,
					       arnet_reason_name(
					               it->r.u.stop.reason));
				}
				continue;
			}
			int first = !seen_author((const uint8_t(*)[32])stoppers,
			                         ns, it->r.author);
			if (!first) {
				continue; /* one stop per member counts */
			}
			pts = -(ns == 0 ? p->stop_first : p->stop_more);
			pts = disputed_points(g, it, pts, now, p, &flag);
			if (flag < 0) {
				continue;
			}
			memcpy(stoppers[ns++], it->r.author, 32);
			reason(o, pts, ARNET_SRC_LOG, it->hash, flag,
			       "credit stop in force by %s since %.10s (%s)%s",
			       who, when,
			       arnet_reason_name(it->r.u.stop.reason),
			       dispute_note(flag));
		} else {
			continue;
		}
		if (!seen_author((const uint8_t(*)[32])reporting, nr,
		                 it->r.author)) {
			memcpy(reporting[nr++], it->r.author, 32);
		}
	}
	o->members_reporting = nr;
	free(defaulters);
	free(stoppers);
	free(reporting);
}

/*
 * The references as one PAYDEX-style figure: each member's days beyond
 * terms weighted by its high credit (its exposure to the subject) when
 * every member answered in one currency, else each member weighs the same
 * (amounts in different currencies cannot be added without rates).
 */
static int32_t
trade_index(const arnet_trade_ref *refs, size_t n, int *weighted)
{
	__int128 w = 0, wd = 0;
	*weighted = 1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(refs[i].currency, refs[0].currency) != 0) {
			*weighted = 0;
		}
		w += refs[i].high_credit;
	}
	if (w == 0) {
		*weighted = 0;
	}
	w = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t weight = *weighted ? refs[i].high_credit : 1;
		w += weight;
		wd += (__int128)weight * (refs[i].dbt > 0 ? refs[i].dbt : 0);
	}
	return w > 0 ? (int32_t)((wd + w / 2) / w) : 0;
}

static void
trade_reasons(const arnet_trade_ref *refs, size_t n,
              const arnet_check_policy *p, arnet_check_result *o)
{
	int weighted, late = 0, over_90 = 0;
	o->trade_refs = (int)n;
	if (n == 0) {
		return;
	}
	int32_t dbt = trade_index(refs, n, &weighted);
	for (size_t i = 0; i < n; i++) {
		late += refs[i].past_due[0] + refs[i].past_due[1] +
		                refs[i].past_due[2] + refs[i].past_due[3] >
		        0;
		over_90 += refs[i].past_due[3] > 0;
	}
	o->trade_dbt = dbt;
	int band = dbt <= 0    ? -1
	           : dbt <= 15 ? 0
	           : dbt <= 30 ? 1
	           : dbt <= 60 ? 2
	                       : 3;
	reason(o, band < 0 ? 0 : -p->dbt_points[band], ARNET_SRC_TRADE, NULL, 0,
	       "%zu member%s answered: pays %d days beyond terms on "
	       "average (%s); %d of them owed past due now",
	       n, n == 1 ? "" : "s", dbt,
	       weighted ? "weighted by each member's high credit"
	                : "each member weighing the same",
	       late);
	if (over_90 > 0) {
		reason(o, -p->trade_over_90, ARNET_SRC_TRADE, NULL, 0,
		       "%d member%s owed more than 90 days past due now",
		       over_90, over_90 == 1 ? " is" : "s are");
	}
}

typedef struct own {
	int32_t as_of;
	int64_t overdue, overdue_30;
	int paid_on_time, paid_late, invoices;
	arnet_customer c;
} own;

static int
own_invoice(const arnet_customer *c, const arnet_invoice *inv,
            const arnet_alloc *a, size_t n, void *arg)
{
	own *w = arg;
	(void)c;
	int64_t left = arnet_outstanding(inv, a, n, w->as_of);
	int32_t dpd = w->as_of - inv->due;
	w->invoices++;
	if (left > 0 && dpd > 30) {
		w->overdue_30 += left;
	} else if (left > 0 && dpd > 0) {
		w->overdue += left;
	} else if (left == 0 && inv->issued <= w->as_of) {
		int32_t last = INT32_MIN;
		for (size_t i = 0; i < n; i++) {
			if (a[i].date > last) {
				last = a[i].date;
			}
		}
		if (last <= inv->due) {
			w->paid_on_time++;
		} else {
			w->paid_late++;
		}
	}
	return 0;
}

static int
own_reasons(arnet_txn *t, const arnet_ident *subject, int64_t now,
            const arnet_check_policy *p, arnet_check_result *o, arnet_diag *d)
{
	own w;
	char m[40];
	memset(&w, 0, sizeof(w));
	w.as_of = arnet_date_from_unix(now);
	int rv = arnet_customer_get(t, subject, &w.c, NULL);
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_ledger_visitor v = {NULL, own_invoice, NULL, &w};
	if ((rv = arnet_ledger_scan(t, subject, &v, d)) != ARNET_OK) {
		return rv;
	}
	o->own_customer = 1;
	if (w.overdue_30 > 0) {
		(void)arnet_money_format(m, sizeof(m), w.overdue_30,
		                         w.c.currency, 1);
		reason(o, -p->own_overdue_30, ARNET_SRC_BOOKS, NULL, 0,
		       "owes us %s %s more than 30 days past due", m,
		       w.c.currency);
	} else if (w.overdue > 0) {
		(void)arnet_money_format(m, sizeof(m), w.overdue, w.c.currency,
		                         1);
		reason(o, -p->own_overdue, ARNET_SRC_BOOKS, NULL, 0,
		       "owes us %s %s past due (up to 30 days)", m,
		       w.c.currency);
	}
	if (w.c.status == ARNET_CUST_HOLD) {
		reason(o, -p->own_hold, ARNET_SRC_BOOKS, NULL, 0,
		       "on credit hold with us (%s)", w.c.hold_reason);
	}
	if (w.overdue + w.overdue_30 == 0 && w.paid_on_time >= 3 &&
	    w.paid_late == 0) {
		reason(o, p->own_good, ARNET_SRC_BOOKS, NULL, 0,
		       "paid all %d invoices on time with us", w.paid_on_time);
	} else if (w.invoices > 0 && w.paid_late > 0) {
		reason(o, 0, ARNET_SRC_BOOKS, NULL, 0,
		       "with us: %d invoices paid on time, %d late",
		       w.paid_on_time, w.paid_late);
	}
	return ARNET_OK;
}

static int
by_points(const void *x, const void *y)
{
	const arnet_check_reason *a = x, *b = y;
	return (a->points > b->points) - (a->points < b->points);
}

static void
recommend(arnet_check_result *o, int terms, const arnet_check_policy *p)
{
	int t = terms > 0 ? terms : p->default_terms;
	char m[40];
	o->grade = o->score >= p->grade_a   ? 'A'
	           : o->score >= p->grade_b ? 'B'
	           : o->score >= p->grade_c ? 'C'
	                                    : 'D';
	switch (o->grade) {
	case 'A':
		o->limit = o->requested;
		o->terms_days = t;
		snprintf(o->advice, sizeof(o->advice),
		         "extend credit as requested");
		break;
	case 'B':
		o->limit = (int64_t)((__int128)o->requested *
		                     p->b_limit_percent / 100);
		o->terms_days = t < p->b_terms_days ? t : p->b_terms_days;
		(void)arnet_money_format(m, sizeof(m), o->limit, o->currency,
		                         1);
		snprintf(o->advice, sizeof(o->advice),
		         "extend less credit (%d%% of the request: %s %s) on "
		         "shorter terms",
		         p->b_limit_percent, m, o->currency);
		break;
	case 'C':
		o->limit = 0;
		o->terms_days = 0;
		snprintf(
		        o->advice, sizeof(o->advice),
		        "no open credit: prepayment or a bank guarantee first");
		break;
	default:
		o->limit = 0;
		o->terms_days = 0;
		snprintf(o->advice, sizeof(o->advice), "cash in advance only");
		break;
	}
}

int
arnet_check_run(arnet_txn *t, const arnet_ident *subject, int64_t amount,
                const char *currency, int terms, int64_t now,
                const arnet_roster *roster, const arnet_trade_ref *refs,
                size_t nrefs, const arnet_check_policy *pol,
                arnet_check_result *o, arnet_diag *d)
{
	gather g = {NULL, 0, 0, roster};
	memset(o, 0, sizeof(*o));
	o->subject = *subject;
	o->requested = amount;
	o->as_of = now;
	snprintf(o->currency, sizeof(o->currency), "%s", currency);
	int rv = arnet_log_by_subject(t, subject, take, &g, d);
	if (rv != ARNET_OK) {
		free(g.v);
		return rv == ARNET_ENOMEM
		               ? arnet_diag_set(d, rv, "out of memory")
		               : rv;
	}
	o->log_records = (int)g.n;
	o->last_sync = arnet_log_last_sync(t);
	for (size_t i = 0; i < g.n; i++) {
		g.v[i].disputed = dispute_of(&g, &g.v[i]) != NULL;
	}
	if (g.n > 1) {
		qsort(g.v, g.n, sizeof(*g.v), weigh_order);
	}
	log_reasons(&g, now, roster, pol, o);
	free(g.v);
	trade_reasons(refs, nrefs, pol, o);
	if ((rv = own_reasons(t, subject, now, pol, o, d)) != ARNET_OK) {
		return rv;
	}
	int score = 100;
	for (int i = 0; i < o->nreasons; i++) {
		score += o->reasons[i].points;
	}
	o->score = score < 0 ? 0 : score > 100 ? 100 : score;
	qsort(o->reasons, (size_t)o->nreasons, sizeof(o->reasons[0]),
	      by_points);
	recommend(o, terms, pol);
	return ARNET_OK;
}
