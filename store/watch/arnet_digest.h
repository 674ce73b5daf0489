/*
 * arnet_digest.h - the daily digest: what a credit manager reads first
 * in the morning, delivered through the [alerts] targets at [alerts]
 * digest_at: the alerts since the last digest, the dunning actions due
 * today, the customers on credit hold.
 */
#ifndef ARNET_DIGEST_H
#define ARNET_DIGEST_H

#include "arnet_check.h"
#include "arnet_member.h"

#include <cjson/cJSON.h>

#define ARNET_DIGEST_LIST_MAX 50 /* entries of each list; the rest counted */

/*
 * arnet_digest_build: the digest as of the end of as_of, with the alerts
 * updated at or after `since` (UTC seconds). *json: {date, alerts: {count,
 * list: [alert JSON]}, dunning: {count, list: [{invoice, customer, name,
 * stage, days_past_due, outstanding, currency, status}]}, holds: {count,
 * list: [{customer, name, since, reason}]}}; *text: the same for a person
 * (malloc'd). Both the caller's (cJSON_Delete, free). ARNET_OK, ARNET_ENOMEM
 * or a store error.
 */
int arnet_digest_build(arnet_txn *t, int32_t as_of, int64_t since,
                       const arnet_check_policy *pol,
                       const arnet_roster *roster, cJSON **json, char **text,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/* When the last digest went out (UTC seconds; 0: never), and setting it. */
int arnet_digest_last(arnet_txn *t, int64_t *out, arnet_diag *diag)
        __attribute__((warn_unused_result));
int arnet_digest_set_last(arnet_txn *t, int64_t when, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif
