/*
 * arnet_check.h - the credit check: the shared log, trade references and
 * the firm's own books about a subject, turned into an explainable
 * recommendation (score, grade, limit, terms, and every reason with its
 * points).
 *
 * A pure function of its inputs: the log and books as they are in the
 * transaction, the roster, the time, the policy, and any trade references
 * the caller collected. Nothing leaves the node: without a survey the
 * check reads only the local store. The policy and worked examples are in
 * docs/credit-policy.md.
 */
#ifndef ARNET_CHECK_H
#define ARNET_CHECK_H

#include "arnet_books.h"
#include "arnet_fx.h"
#include "arnet_log_facts.h"
#include "arnet_policy.h"
#include "arnet_member.h"
#include "arnet_order_check.h"
#include "arnet_store.h"
#include "arnet_trade_ref.h"

/*
 * The policy: every weight, band and knock-out of docs/credit-policy.md,
 * each a key of the [check] section (its name beside the field). Points
 * are taken off 100; percentages are integer percents of points.
 */
typedef struct arnet_check_policy {
	/* grades: the lowest score of A, B and C (grade_a grade_b grade_c) */
	int grade_a, grade_b, grade_c;
	/* A DEFAULT not paid: base + amount band + days past due band, */
	int default_base; /* default_base */
	/* amount bands in `currency` (amount_small, amount_large: money) */
	int64_t amount_small, amount_large;
	int amount_points[3]; /* amount_points_small/_medium/_large */
	/* days past due when reported: 1-30, 31-90, 91-180, over 180
	 * (dpd_points_30 _90 _180 _over) */
	int dpd_points[4];
	/* the debt is request_percent or more of the amount requested */
	int request_percent, request_points;
	/* then times the recency: made within recent_days 100%; within
	 * older_days recent_percent... (age_* keys) */
	int age_mid_days, age_mid_percent;
	int age_old_days, age_old_percent;
	/* a further DEFAULT by a member already counted */
	int same_member_percent;
	/* a DEFAULT below min_default_amount, or without evidence */
	int64_t min_default_amount;
	int trifle_percent, no_evidence_percent;
	/* settlements: what is still owed counts as unpaid at these % */
	int plan_percent, written_off_percent;
	/* paid in full: paid_points, fading to 0 over paid_fade_days */
	int paid_points, paid_fade_days;
	/* A CREDIT_STOP in force: stop_base + its reason's points
	 * (stop_non_payment stop_bounced stop_forged stop_insolvency
	 * stop_other); lifted: lifted (while within retention). */
	int stop_base;
	int stop_reason_points[6]; /* indexed by arnet_reason */
	int lifted;
	/* disputes, retention, equivocation */
	int dispute_percent;         /* an open dispute keeps this % */
	int dispute_unverified_days; /* open longer: flagged */
	int retention_days;          /* ended records count this long */
	int equivocated_percent;     /* a feed signed twice keeps this % */
	/* Payment experience (trade references and our own books, one
	 * PAYDEX-style index): days beyond terms 1-15, 16-30, 31-60, > 60
	 * (dbt_1_15 dbt_16_30 dbt_31_60 dbt_over_60) */
	int dbt_points[4];
	int trade_over_90; /* someone is owed more than 90 days past due */
	int own_overdue;   /* owes us past due (within the hold days) */
	int own_good;      /* 3+ invoices with us, all paid on time */
	/* we wrote off some of its invoices within ARNET_LOSS_DAYS: a loss
	 * (not yet a [check] key of the config: the default applies) */
	int own_written_off;
	/* Knock-outs: they set the best grade whatever the score.
	 * ko_members members' DEFAULTs not paid within ko_window_days: D;
	 * a record for forged documents or insolvency: ko_forged (D); for
	 * a bounced instrument: ko_bounced (C). */
	int ko_members, ko_window_days;
	char ko_forged, ko_insolvency, ko_bounced;
	/* Limits and terms. A: as requested up to the cap; B:
	 * b_limit_percent of it, at most b_terms_days. The cap:
	 * experience_percent of the largest credit anyone is known to have
	 * extended (references' high credit, our limit and high credit),
	 * or new_customer_limit when nobody has. Terms at most
	 * max_terms_days; default_terms_days when none asked. */
	int b_limit_percent, b_terms_days;
	int default_terms, max_terms_days;
	int experience_percent;
	/* Thin file (no payment experience: no reference, no history in
	 * our books): the score is at most thin_score, and the limit is up
	 * to new_customer_limit on new_customer_terms. */
	int thin_score;
	int64_t new_customer_limit;
	int new_customer_terms;
	/* the order check on another member's DEFAULT or CREDIT_STOP in
	 * force: ARNET_ORDER_WARN or ARNET_ORDER_HOLD (on_peer_default) */
	int on_peer_default;
	/* [association] personal_data = licensed: records about natural
	 * persons (individual businesses) may count */
	int personal_data_licensed;
	char currency[4]; /* of the amount bands: the [books] currency */
	arnet_fx fx;      /* [fx]: rates the user configured, may be empty */
	/* this member's id ([member] id): its own records are told apart */
	char member_id[ARNET_ID_MAX + 1];
	/* [books]: the order check's thresholds, which the check follows */
	arnet_books_policy books;
} arnet_check_policy;

void arnet_check_policy_defaults(arnet_check_policy *p);

#define ARNET_CHECK_REASONS_MAX 64

typedef enum arnet_check_source {
	ARNET_SRC_LOG = 1,    /* the shared log */
	ARNET_SRC_TRADE = 2,  /* trade references */
	ARNET_SRC_BOOKS = 3,  /* the firm's own books */
	ARNET_SRC_POLICY = 4, /* the policy itself (thin file, limits) */
} arnet_check_source;

typedef struct arnet_check_reason {
	int points;      /* negative: against; positive: for */
	int source;      /* arnet_check_source */
	char factor[32]; /* the [check] key that fired ("default_base") */
	char knockout;   /* the best grade it allows ('C', 'D'), or 0 */
	char text[400];
	uint8_t record[32]; /* the record it comes from (log), else zero */
	int disputed;       /* 1 open, 2 open and unverified (> N days) */
} arnet_check_reason;

/* What capped the recommended limit. */
typedef enum arnet_limit_basis {
	ARNET_LIMIT_REQUEST = 1,    /* the amount asked, within the cap */
	ARNET_LIMIT_EXPERIENCE = 2, /* experience_percent of known credit */
	ARNET_LIMIT_NEW = 3,        /* the new-customer limit */
	ARNET_LIMIT_OURS = 4,       /* what our credit limit leaves */
	ARNET_LIMIT_NONE = 5,       /* no open credit (grade C or D) */
} arnet_limit_basis;

typedef struct arnet_check_result {
	arnet_ident subject;
	int score;         /* 0..100: 100 plus the points of every reason */
	char grade;        /* 'A'..'D', after the knock-outs */
	char score_grade;  /* the grade of the score alone */
	char knockout;     /* the strictest knock-out that fired, or 0 */
	int thin;          /* nothing counted anywhere: a new customer */
	int64_t requested; /* minor units of currency; 0: none asked */
	int64_t limit;     /* recommended, minor units; 0: no open credit */
	int limit_basis;   /* arnet_limit_basis */
	int64_t cap;       /* the most the data supports, -1 when unknown */
	char currency[4];
	int terms_requested; /* asked, or the policy's default */
	int terms_days;      /* recommended; 0: no open credit */
	char advice[240];
	arnet_check_reason reasons[ARNET_CHECK_REASONS_MAX];
	int nreasons;
	/* what it used */
	int log_records;       /* records about the subject by as_of */
	int log_counted;       /* DEFAULTs and CREDIT_STOPs that counted */
	int members_reporting; /* distinct members among them */
	int trade_refs;        /* references that answered */
	int trade_counted;     /* references counted in the index (ours too) */
	int32_t trade_dbt;     /* the PAYDEX-style days beyond terms (all
	                          references counted, ours included) */
	int own_customer;      /* the subject is in our books */
	int order_decision;    /* our order check's, -1 when not a customer */
	int individual;        /* the subject is a natural person */
	int32_t fx_date;       /* the [fx] table used, 0 when none was */
	int uncombined;        /* amounts in currencies no rate converts */
	int64_t last_sync; /* unix seconds of the node's last sync, 0 never */
	int64_t as_of;
} arnet_check_result;

/*
 * arnet_check_run: the recommendation about `subject` at time `now`
 * (unix seconds; only what existed then counts) for an order of `amount`
 * (minor units of `currency`, 0: none asked, and the result is a
 * recommended limit) on `terms` days (0: the policy's default). refs are
 * trade references collected by a survey (n may be 0). roster may be
 * NULL (no log record then counts, and the result says so). Returns
 * ARNET_OK, or an error with diag set (ARNET_ENOMEM, a store error):
 * then *out holds no grade, and none may be shown.
 */
int arnet_check_run(arnet_txn *t, const arnet_ident *subject, int64_t amount,
                    const char *currency, int terms, int64_t now,
                    const arnet_roster *roster, const arnet_trade_ref *refs,
                    size_t nrefs, const arnet_check_policy *pol,
                    arnet_check_result *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_check_knockout: the strictest knock-out of the shared log's
 * facts about a subject (several members' DEFAULTs not paid; forged
 * documents, insolvency, a bounced instrument), as the best grade it
 * allows ('C', 'D'), or 0 when none fires. Our own records are left out
 * when own_in_books (our books speak for them). *why (may be NULL) gets the
 * fact that decided. The order check holds on any, so the two never
 * disagree. Pure.
 */
char arnet_check_knockout(const arnet_log_facts *f, int64_t as_of,
                          int natural_person, const arnet_check_policy *pol,
                          int own_in_books, const arnet_fact **why);

/* A fact counts for this member's check: not struck by a dispute, not
 * personal data the association may not use (natural_person: the subject
 * is one, arnet_subject_is_natural_person). Our own records count
 * only when own_in_books is 0 (else our books speak). */
int arnet_check_fact_counts(const arnet_fact *f, int natural_person,
                            const arnet_check_policy *pol, int own_in_books);

#endif /* ARNET_CHECK_H */
