/*
 * effect.c - what an alert changes for its subject: the credit check's
 * grade and the order check's decision before its records and after
 * them (arnet_books_alerts.h).
 */
#include "arnet_books_alerts.h"
#include "arnet_log.h"
#include "arnet_order_check.h"

#include <string.h>

static int
take_created(const uint8_t *b, size_t len, void *arg)
{
	arnet_record r;
	if (arnet_record_decode(&r, b, len, NULL) == ARNET_OK) {
		*(int64_t *)arg = r.created;
	}
	return 0;
}

/* The check at `at`: its grade and, for a customer, the order decision. */
static int
assess_at(arnet_txn *t, const arnet_ident *subject, int64_t at,
          const arnet_check_policy *pol, const arnet_roster *roster,
          uint8_t *grade, uint8_t *order, arnet_diag *d)
{
	arnet_check_result res;
	int rv = arnet_check_run(t, subject, 0, pol->currency, 0, at, roster,
	                         NULL, 0, pol, &res, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	*grade = (uint8_t)res.grade;
	*order =
	        res.order_decision >= 0 ? (uint8_t)(res.order_decision + 1) : 0;
	return ARNET_OK;
}

int
arnet_alerts_assess(arnet_txn *t, const arnet_check_policy *pol,
                    const arnet_roster *roster, int64_t now,
                    arnet_alert_effect *out, size_t max, size_t *n,
                    arnet_diag *d)
{
	uint64_t ids[ARNET_ASSESS_MAX];
	size_t nopen = 0, k = 0;
	int rv = arnet_alerts_unassessed(
	        t, ids, max < ARNET_ASSESS_MAX ? max : ARNET_ASSESS_MAX, &nopen,
	        d);
	for (size_t i = 0; rv == ARNET_OK && i < nopen; i++) {
		arnet_alert a;
		arnet_alert_effect *e = &out[k];
		if ((rv = arnet_alert_get(t, ids[i], &a, d)) != ARNET_OK) {
			break;
		}
		memset(e, 0, sizeof(*e));
		e->id = a.id;
		e->records = a.records;
		if (a.read || a.assessed == a.records) {
			e->clear = 1; /* nothing to assess: its mark goes */
			k++;
			continue;
		}
		e->first = a.assessed == 0;
		if (e->first) {
			/* before: as it was just before its first record was
			 * made (a books alert: just before it was raised) */
			int64_t first = a.raised;
			if (a.source != ARNET_ALERT_BOOKS &&
			    (rv = arnet_log_get(t, a.first, take_created,
			                        &first, d)) != ARNET_OK &&
			    rv != ARNET_ENOTFOUND) {
				break;
			}
			if ((rv = assess_at(t, &a.subject, first - 1, pol,
			                    roster, &e->grade_before,
			                    &e->order_before, d)) != ARNET_OK) {
				break;
			}
		}
		if ((rv = assess_at(t, &a.subject, now, pol, roster,
		                    &e->grade_after, &e->order_after, d)) !=
		    ARNET_OK) {
			break;
		}
		k++;
	}
	*n = k;
	return rv == ARNET_ENOTFOUND ? ARNET_OK : rv;
}

int
arnet_alerts_effects_put(arnet_txn *t, const arnet_alert_effect *e, size_t n,
                         arnet_diag *d)
{
	for (size_t i = 0; i < n; i++) {
		arnet_alert a;
		int rv = arnet_alert_get(t, e[i].id, &a, d);
		if (rv == ARNET_ENOTFOUND) {
			continue;
		}
		if (rv != ARNET_OK) {
			return rv;
		}
		if (a.read || e[i].clear) {
			/* read, or assessed already: no longer to be */
			if (a.read) {
				a.assessed = a.records;
			}
			if ((rv = arnet_alert_assessed(t, &a, d)) != ARNET_OK) {
				return rv;
			}
			continue;
		}
		if (e[i].first) {
			a.grade_before = e[i].grade_before;
			a.order_before = e[i].order_before;
		}
		a.grade_after = e[i].grade_after;
		a.order_after = e[i].order_after;
		a.assessed = e[i].records;
		if ((rv = arnet_alert_put(t, &a, d)) != ARNET_OK ||
		    (rv = arnet_alert_assessed(t, &a, d)) != ARNET_OK) {
			return rv;
		}
	}
	return ARNET_OK;
}
