/*
 * digest.c - the daily digest (arnet_digest.h); `meta` "digest_last" ->
 * i64 when the last one went out.
 */
#include "arnet_digest.h"
#include "arnet_alert_view.h"
#include "arnet_codec.h"
#include "arnet_date.h"
#include "arnet_dunning.h"
#include "arnet_money.h"
#include "arnet_record_json.h"
#include "txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_KEY "digest_last"

typedef struct alerts_run {
	arnet_txn *t;
	int64_t since;
	const arnet_roster *roster;
	cJSON *list;
	FILE *text;
	size_t count;
	int err;
} alerts_run;

static int
one_alert(const arnet_alert *a, void *arg)
{
	alerts_run *r = arg;
	arnet_alert_view v;
	char line[ARNET_ALERT_TEXT_MAX];
	if (a->updated < r->since) {
		return 0;
	}
	if (++r->count > ARNET_DIGEST_LIST_MAX) {
		return 0;
	}
	int rv = arnet_alert_view_get(r->t, a, &v, NULL);
	if (rv != ARNET_OK) {
		return rv;
	}
	cJSON_AddItemToArray(r->list, arnet_alert_view_json(&v, r->roster));
	arnet_alert_view_text(line, sizeof(line), &v, r->roster);
	fputs(line, r->text);
	return 0;
}

static cJSON *
section(cJSON *o, const char *name, size_t count, cJSON *list)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddItemToObject(s, "count", arnet_json_int((int64_t)count));
	cJSON_AddItemToObject(s, "list", list);
	cJSON_AddItemToObject(o, name, s);
	return s;
}

static void
more(FILE *t, size_t count)
{
	if (count > ARNET_DIGEST_LIST_MAX) {
		fprintf(t, "  ... and %zu more\n",
		        count - ARNET_DIGEST_LIST_MAX);
	}
}

static int
dunning_part(arnet_txn *t, int32_t as_of, const arnet_check_policy *pol,
             cJSON *o, FILE *x, arnet_diag *d)
{
	arnet_dunning_queue q;
	cJSON *list = cJSON_CreateArray();
	int rv = arnet_dunning_queue_build(t, as_of, &pol->books, NULL, &q, d);
	size_t due = 0;
	for (size_t i = 0; rv == ARNET_OK && i < q.n; i++) {
		due += q.v[i].status != ARNET_DUN_WAITING;
	}
	fprintf(x, "\nDunning actions due today: %zu\n", due);
	size_t shown = 0;
	for (size_t i = 0; rv == ARNET_OK && i < q.n; i++) {
		const arnet_dunning_action *a = &q.v[i];
		char m[48];
		if (a->status == ARNET_DUN_WAITING ||
		    shown++ >= ARNET_DIGEST_LIST_MAX) {
			continue;
		}
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "invoice", a->inv.number);
		cJSON_AddStringToObject(e, "customer", a->inv.customer.text);
		cJSON_AddStringToObject(e, "name", a->name);
		cJSON_AddStringToObject(e, "stage", arnet_stage_name(a->stage));
		cJSON_AddItemToObject(e, "days_past_due",
		                      arnet_json_int(a->days_past_due));
		cJSON_AddItemToObject(e, "outstanding",
		                      arnet_json_int(a->outstanding));
		cJSON_AddStringToObject(e, "currency", a->inv.currency);
		cJSON_AddStringToObject(e, "status",
		                        a->status == ARNET_DUN_PROMISE_BROKEN
		                                ? "promise broken"
		                                : "due");
		cJSON_AddItemToArray(list, e);
		if (arnet_money_format(m, sizeof(m), a->outstanding,
		                       a->inv.currency, 1) != ARNET_OK) {
			m[0] = '\0';
		}
		fprintf(x,
		        "  %s  %s %s: %s, %d days past due, %s %s "
		        "outstanding%s\n",
		        a->inv.number, a->inv.customer.text, a->name,
		        arnet_stage_name(a->stage), (int)a->days_past_due, m,
		        a->inv.currency,
		        a->status == ARNET_DUN_PROMISE_BROKEN
		                ? " (promise broken)"
		                : "");
	}
	more(x, due);
	section(o, "dunning", due, list);
	arnet_dunning_queue_free(&q);
	return rv;
}

typedef struct holds_run {
	cJSON *list;
	FILE *text;
	size_t count;
} holds_run;

static int
one_hold(const arnet_customer *c, void *arg)
{
	holds_run *h = arg;
	char since[16];
	if (c->status != ARNET_CUST_HOLD ||
	    ++h->count > ARNET_DIGEST_LIST_MAX) {
		return 0;
	}
	(void)arnet_date_format(since, sizeof(since), c->hold_since);
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "customer", c->id.text);
	cJSON_AddStringToObject(e, "name", c->name);
	cJSON_AddStringToObject(e, "since", since);
	cJSON_AddStringToObject(e, "reason", c->hold_reason);
	cJSON_AddItemToArray(h->list, e);
	fprintf(h->text, "  %s %s, since %s: %s\n", c->id.text, c->name, since,
	        c->hold_reason);
	return 0;
}

int
arnet_digest_build(arnet_txn *t, int32_t as_of, int64_t since,
                   const arnet_check_policy *pol, const arnet_roster *roster,
                   cJSON **json, char **text, arnet_diag *d)
{
	char day[16], *x_s = NULL, *holds_s = NULL;
	size_t x_len = 0, holds_len = 0;
	FILE *x = open_memstream(&x_s, &x_len),
	     *holds = open_memstream(&holds_s, &holds_len);
	cJSON *o = cJSON_CreateObject();
	alerts_run ar = {t, since, roster, cJSON_CreateArray(), x, 0, 0};
	holds_run hr = {cJSON_CreateArray(), holds, 0};
	int rv = x != NULL && holds != NULL ? ARNET_OK : ARNET_ENOMEM;
	*json = NULL;
	*text = NULL;
	(void)arnet_date_format(day, sizeof(day), as_of);
	cJSON_AddStringToObject(o, "date", day);
	if (rv == ARNET_OK) {
		fprintf(x,
		        "arnet daily digest, %s\n\nAlerts since the last "
		        "digest:\n",
		        day);
		rv = arnet_alerts_list(t, 0, one_alert, &ar, d);
	}
	if (rv == ARNET_OK) {
		if (ar.count == 0) {
			fputs("  none\n", x);
		}
		more(x, ar.count);
		section(o, "alerts", ar.count, ar.list);
		ar.list = NULL;
		rv = dunning_part(t, as_of, pol, o, x, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_customer_scan(t, one_hold, &hr, d);
	}
	/* closed once, whatever happened: its text is complete after */
	if (holds != NULL && fclose(holds) != 0 && rv == ARNET_OK) {
		rv = ARNET_ENOMEM;
	}
	if (rv == ARNET_OK) {
		fprintf(x, "\nCustomers on credit hold: %zu\n%s", hr.count,
		        holds_s ? holds_s : "");
		more(x, hr.count);
		section(o, "holds", hr.count, hr.list);
		hr.list = NULL;
	}
	if (x != NULL && fclose(x) != 0 && rv == ARNET_OK) {
		rv = ARNET_ENOMEM;
	}
	cJSON_Delete(ar.list);
	cJSON_Delete(hr.list);
	free(holds_s);
	if (rv != ARNET_OK) {
		cJSON_Delete(o);
		free(x_s);
		return rv;
	}
	*json = o;
	*text = x_s;
	return ARNET_OK;
}

int
arnet_digest_last(arnet_txn *t, int64_t *out, arnet_diag *d)
{
	MDB_val v;
	int rv = st_get(t, ST_META, LAST_KEY, sizeof(LAST_KEY) - 1, &v, d);
	*out = 0;
	if (rv == ARNET_ENOTFOUND) {
		return ARNET_OK;
	}
	if (rv == ARNET_OK && v.mv_size != 8) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: digest_last is corrupt");
	}
	if (rv == ARNET_OK) {
		*out = (int64_t)arnet_be64_read(v.mv_data);
	}
	return rv;
}

int
arnet_digest_set_last(arnet_txn *t, int64_t when, arnet_diag *d)
{
	uint8_t v[8];
	arnet_be64_write(v, (uint64_t)when);
	return st_put(t, ST_META, LAST_KEY, sizeof(LAST_KEY) - 1, v, sizeof(v),
	              0, d);
}
