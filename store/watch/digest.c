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

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_KEY "digest_last"

/* A growing text; on a failed allocation it stays as it was and `oom`
 * is set. */
typedef struct dtext {
	char *s;
	size_t len, cap;
	int oom;
} dtext;

static void say(dtext *t, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
say(dtext *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || t->oom) {
		return;
	}
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = (t->len + (size_t)n + 1) * 2;
		char *s = realloc(t->s, cap);
		if (s == NULL) {
			t->oom = 1;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

typedef struct alerts_run {
	arnet_txn *t;
	int64_t since;
	const arnet_roster *roster;
	cJSON *list;
	dtext *text;
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
	say(r->text, "%s", line);
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
more(dtext *t, size_t count)
{
	if (count > ARNET_DIGEST_LIST_MAX) {
		say(t, "  ... and %zu more\n", count - ARNET_DIGEST_LIST_MAX);
	}
}

static int
dunning_part(arnet_txn *t, int32_t as_of, const arnet_check_policy *pol,
             cJSON *o, dtext *x, arnet_diag *d)
{
	arnet_dunning_queue q;
	cJSON *list = cJSON_CreateArray();
	int rv = arnet_dunning_queue_build(t, as_of, &pol->books, NULL, &q, d);
	size_t due = 0;
	for (size_t i = 0; rv == ARNET_OK && i < q.n; i++) {
		due += q.v[i].status != ARNET_DUN_WAITING;
	}
	say(x, "\nDunning actions due today: %zu\n", due);
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
		say(x,
		    "  %s  %s %s: %s, %d days past due, %s %s outstanding%s\n",
		    a->inv.number, a->inv.customer.text, a->name,
		    arnet_stage_name(a->stage), (int)a->days_past_due, m,
		    a->inv.currency,
		    a->status == ARNET_DUN_PROMISE_BROKEN ? " (promise broken)"
		                                          : "");
	}
	more(x, due);
	section(o, "dunning", due, list);
	arnet_dunning_queue_free(&q);
	return rv;
}

typedef struct holds_run {
	cJSON *list;
	dtext *text;
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
	say(h->text, "  %s %s, since %s: %s\n", c->id.text, c->name, since,
	    c->hold_reason);
	return 0;
}

int
arnet_digest_build(arnet_txn *t, int32_t as_of, int64_t since,
                   const arnet_check_policy *pol, const arnet_roster *roster,
                   cJSON **json, char **text, arnet_diag *d)
{
	char day[16];
	dtext x = {NULL, 0, 0, 0}, holds_text = {NULL, 0, 0, 0};
	cJSON *o = cJSON_CreateObject();
	alerts_run ar = {t, since, roster, cJSON_CreateArray(), &x, 0, 0};
	holds_run hr = {cJSON_CreateArray(), &holds_text, 0};
	int rv;
	*json = NULL;
	*text = NULL;
	(void)arnet_date_format(day, sizeof(day), as_of);
	cJSON_AddStringToObject(o, "date", day);
	say(&x, "arnet daily digest, %s\n\nAlerts since the last digest:\n",
	    day);
	if ((rv = arnet_alerts_list(t, 0, one_alert, &ar, d)) == ARNET_OK) {
		if (ar.count == 0) {
			say(&x, "  none\n");
		}
		more(&x, ar.count);
		section(o, "alerts", ar.count, ar.list);
		ar.list = NULL;
		rv = dunning_part(t, as_of, pol, o, &x, d);
	}
	if (rv == ARNET_OK &&
	    (rv = arnet_customer_scan(t, one_hold, &hr, d)) == ARNET_OK) {
		say(&x, "\nCustomers on credit hold: %zu\n%s", hr.count,
		    holds_text.s ? holds_text.s : "");
		more(&x, hr.count);
		section(o, "holds", hr.count, hr.list);
		hr.list = NULL;
	}
	cJSON_Delete(ar.list);
	cJSON_Delete(hr.list);
	free(holds_text.s);
	if (rv == ARNET_OK && (x.oom || holds_text.oom)) {
		rv = ARNET_ENOMEM;
	}
	if (rv != ARNET_OK) {
		cJSON_Delete(o);
		free(x.s);
		return rv;
	}
	*json = o;
	*text = x.s;
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
