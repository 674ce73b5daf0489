/*
 * arnet_alert_view.h - an alert as people and programs read it: the
 * alert, the customer's name when the subject is one, and its latest
 * record decoded from the log; and its one JSON form, which `arnet
 * alerts --json`, the command and the webhook all carry.
 */
#ifndef ARNET_ALERT_VIEW_H
#define ARNET_ALERT_VIEW_H

#include "arnet_books.h"
#include "arnet_member.h"
#include "arnet_watch.h"

#include <cjson/cJSON.h>

typedef struct arnet_alert_view {
	arnet_alert a;
	int customer;                  /* the subject is in the books */
	char name[ARNET_NAME_MAX + 1]; /* the customer's, else "" */
	int found;                     /* the latest record is in the log */
	arnet_record latest;
} arnet_alert_view;

/* arnet_alert_view_get: the view of a. ARNET_OK or a store error. */
int arnet_alert_view_get(arnet_txn *t, const arnet_alert *a,
                         arnet_alert_view *out, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_alert_view_json: {id, raised, updated, subject, name (null when
 * not a customer), watched: ["customer", "prospect"], source:
 * "records"|"equivocation"|"books" (books: trigger, detail too), records,
 * types: [...], read, latest: {hash,
 * member, fields (null when not in the log)}}; members named from roster
 * (NULL: none). The caller owns the object; NULL when out of memory.
 */
cJSON *arnet_alert_view_json(const arnet_alert_view *v,
                             const arnet_roster *roster);

/*
 * arnet_alert_view_text: the alert as `arnet alerts` prints it and a
 * chat robot shows it: a line with the id, when, the subject (and the
 * customer's name), why it is watched and [unread]; then the latest
 * record (type, member, a DEFAULT's amount and days past due, a
 * SETTLEMENT's how and amount, its note) and how many records of which
 * types it holds; an equivocation says so. Into buf (cap bytes, cut when
 * short, always terminated); returns the length written.
 */
size_t arnet_alert_view_text(char *buf, size_t cap, const arnet_alert_view *v,
                             const arnet_roster *roster);

/* "records", "equivocation", "books"; "stage", "promise broken", "limit
 * warning" ("" for none). */
const char *arnet_alert_source_name(int source);
const char *arnet_alert_trigger_name(int trigger);

/* "ALLOW", "WARN", "HOLD" for an alert's order_before/after; NULL for
 * 0 (not known). */
const char *arnet_alert_order_name(uint8_t order);

/* Longest text arnet_alert_view_text writes: enough for any alert. */
#define ARNET_ALERT_TEXT_MAX 1024

#endif
