/*
 * arnet_books_alerts.h - the firm's own books in the alert stream: an
 * invoice reaching a stage of the dunning ladder, a payment promise
 * broken, a customer's exposure reaching the limit warning
 * ([books] warn_percent). Each trigger raises one alert once (the
 * `triggers` table remembers it); the limit warning is raised again
 * after the exposure fell back below it.
 */
#ifndef ARNET_BOOKS_ALERTS_H
#define ARNET_BOOKS_ALERTS_H

#include "arnet_check.h"
#include "arnet_watch.h"

/*
 * arnet_books_alerts_scan: look at the books as of the end of as_of
 * (the dunning queue; every customer with a limit, through the order
 * check's exposure, without the shared log) and raise the alerts not
 * raised yet, at now. *raised (may be NULL) gets how many. In the
 * caller's write transaction. ARNET_OK or a store error.
 */
int arnet_books_alerts_scan(arnet_txn *t, int32_t as_of,
                            const arnet_check_policy *pol, int64_t now,
                            size_t *raised, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * What each open alert changes for its subject, in two steps so that the
 * credit checks run in a read transaction and the write is short:
 *
 * arnet_alerts_assess: for up to max open alerts whose records are not
 * all assessed yet, the credit check (no survey) now, and, when first
 * assessed, as it was before the alert's first record was made, each
 * with the order check's decision for a customer; into out[] (*n).
 *
 * arnet_alerts_effects_put: store them in their alerts (arnet_alert's
 * grade_before ... assessed), in a write transaction; an alert gone or
 * read since is left as it is.
 */
typedef struct arnet_alert_effect {
	uint64_t id;
	uint32_t records; /* the alert's when assessed */
	int first;        /* its first assessment: the "before" is set */
	int clear;        /* nothing to assess (read, or done): unmark it */
	uint8_t grade_before, grade_after, order_before, order_after;
} arnet_alert_effect;

#define ARNET_ASSESS_MAX 64

int arnet_alerts_assess(arnet_txn *t, const arnet_check_policy *pol,
                        const arnet_roster *roster, int64_t now,
                        arnet_alert_effect *out, size_t max, size_t *n,
                        arnet_diag *diag) __attribute__((warn_unused_result));
int arnet_alerts_effects_put(arnet_txn *t, const arnet_alert_effect *e,
                             size_t n, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif
