/*
 * arnet_policy.h - the firm's credit-control practice, as numbers: late
 * fee rate, dunning ladder, order-check thresholds, limit review.
 *
 * The defaults are the practice of the association's members (design.md,
 * "The firm's books"); the config file (node/arnet_config.h, section
 * [books]) overrides them. Reports take a policy as input, so the same
 * books and the same policy always give the same report.
 */
#ifndef ARNET_POLICY_H
#define ARNET_POLICY_H

#include <stdint.h>

/* The stages of the dunning ladder, in order of severity. */
typedef enum arnet_stage {
	ARNET_STAGE_REMINDER = 1,   /* friendly reminder before due */
	ARNET_STAGE_PHONE = 2,      /* phone reminder */
	ARNET_STAGE_LETTER = 3,     /* formal letter, copy to finance head */
	ARNET_STAGE_LAWYER = 4,     /* lawyer's letter */
	ARNET_STAGE_LITIGATION = 5, /* litigation or collection agency */
} arnet_stage;
#define ARNET_STAGE_COUNT 5

typedef struct arnet_books_policy {
	/* Late fee: per day, rate_num / rate_den of the overdue principal
	 * (5 / 10000: 0.05% a day). An annual rate of N basis points is
	 * N / 3650000 a day. */
	int64_t late_fee_num;
	int64_t late_fee_den;
	/* Dunning: the stage applies from this many days past due (may be
	 * negative: before the due date). */
	int32_t stage_from[ARNET_STAGE_COUNT + 1]; /* indexed by stage */
	/* The stage at which a credit hold is set, and from which an
	 * invoice may be reported as a DEFAULT to the network. */
	int hold_stage;
	int default_stage;
	/* Order check: warn when exposure reaches warn_percent of the
	 * limit; hold when anything is more than hold_days overdue. */
	int warn_percent;
	int32_t hold_days;
	/* Limit review: this many consecutive on-time payments suggest a
	 * raise of raise_percent; an overdue invoice a cut of cut_percent
	 * and terms shorter by shorten_days (never below min_terms). */
	int on_time_streak;
	int raise_percent;
	int cut_percent;
	int shorten_days;
	int min_terms;
	/* New customers' payment terms when none is given. */
	int default_terms;
	char currency[4]; /* the firm's reporting currency */
} arnet_books_policy;

/* arnet_policy_defaults: the association's default practice. */
void arnet_policy_defaults(arnet_books_policy *p);

/* Names of stages ("reminder", "phone", "letter", "lawyer",
 * "litigation") and their inverse (0 when unknown). */
const char *arnet_stage_name(int stage);
int arnet_stage_parse(const char *name);

#endif /* ARNET_POLICY_H */
