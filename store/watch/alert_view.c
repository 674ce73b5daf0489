/*
 * alert_view.c - an alert with what it is about, and its JSON form
 * (arnet_alert_view.h).
 */
#include "arnet_alert_view.h"
#include "arnet_date.h"
#include "arnet_log.h"
#include "arnet_money.h"
#include "arnet_record_json.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int
take_latest(const uint8_t *b, size_t len, void *arg)
{
	arnet_alert_view *v = arg;
	v->found = arnet_record_decode(&v->latest, b, len, NULL) == ARNET_OK;
	return 0;
}

int
arnet_alert_view_get(arnet_txn *t, const arnet_alert *a, arnet_alert_view *out,
                     arnet_diag *d)
{
	arnet_customer c;
	memset(out, 0, sizeof(*out));
	out->a = *a;
	int rv = arnet_customer_get(t, &a->subject, &c, d);
	if (rv == ARNET_OK) {
		out->customer = 1;
		memcpy(out->name, c.name, sizeof(out->name));
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	rv = arnet_log_get(t, a->last, take_latest, out, d);
	return rv == ARNET_ENOTFOUND ? ARNET_OK : rv;
}

static void
add_time(cJSON *o, const char *key, int64_t secs)
{
	char when[32];
	(void)arnet_time_format(when, sizeof(when), secs);
	cJSON_AddStringToObject(o, key, when);
}

cJSON *
arnet_alert_view_json(const arnet_alert_view *v, const arnet_roster *roster)
{
	const arnet_alert *a = &v->a;
	char hex[2 * ARNET_HASH_BYTES + 1];
	cJSON *o = cJSON_CreateObject(), *w = cJSON_CreateArray(),
	      *ty = cJSON_CreateArray(), *x = cJSON_CreateObject();
	if (o == NULL || w == NULL || ty == NULL || x == NULL) {
		cJSON_Delete(o);
		cJSON_Delete(w);
		cJSON_Delete(ty);
		cJSON_Delete(x);
		return NULL;
	}
	cJSON_AddItemToObject(o, "id", arnet_json_int((int64_t)a->id));
	add_time(o, "raised", a->raised);
	add_time(o, "updated", a->updated);
	cJSON_AddStringToObject(o, "subject", a->subject.text);
	cJSON_AddItemToObject(o, "name",
	                      v->customer ? cJSON_CreateString(v->name)
	                                  : cJSON_CreateNull());
	if (a->watched & ARNET_WATCH_CUSTOMER) {
		cJSON_AddItemToArray(w, cJSON_CreateString("customer"));
	}
	if (a->watched & ARNET_WATCH_PROSPECT) {
		cJSON_AddItemToArray(w, cJSON_CreateString("prospect"));
	}
	cJSON_AddItemToObject(o, "watched", w);
	cJSON_AddStringToObject(o, "source",
	                        arnet_alert_source_name(a->source));
	if (a->source == ARNET_ALERT_BOOKS) {
		cJSON_AddStringToObject(o, "trigger",
		                        arnet_alert_trigger_name(a->trigger));
		cJSON_AddStringToObject(o, "detail", a->detail);
	}
	cJSON_AddItemToObject(o, "records", arnet_json_int(a->records));
	for (int t = ARNET_REC_DEFAULT; t <= ARNET_REC_DISPUTE; t++) {
		if (a->types & (1u << t)) {
			cJSON_AddItemToArray(
			        ty,
			        cJSON_CreateString(arnet_record_type_name(t)));
		}
	}
	cJSON_AddItemToObject(o, "types", ty);
	cJSON_AddBoolToObject(o, "read", a->read);
	if (a->assessed > 0) {
		cJSON *e = cJSON_CreateObject();
		char g[2] = {0, 0};
		g[0] = (char)a->grade_before;
		cJSON_AddItemToObject(e, "grade_before",
		                      g[0] ? cJSON_CreateString(g)
		                           : cJSON_CreateNull());
		g[0] = (char)a->grade_after;
		cJSON_AddItemToObject(e, "grade_after",
		                      g[0] ? cJSON_CreateString(g)
		                           : cJSON_CreateNull());
		const char *ob = arnet_alert_order_name(a->order_before),
		           *oa = arnet_alert_order_name(a->order_after);
		cJSON_AddItemToObject(e, "order_before",
		                      ob ? cJSON_CreateString(ob)
		                         : cJSON_CreateNull());
		cJSON_AddItemToObject(e, "order_after",
		                      oa ? cJSON_CreateString(oa)
		                         : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "effect", e);
	}
	sodium_bin2hex(hex, sizeof(hex), a->last, ARNET_HASH_BYTES);
	cJSON_AddStringToObject(x, "hash", hex);
	cJSON_AddStringToObject(x, "member",
	                        arnet_roster_member_id(roster, a->author));
	cJSON_AddItemToObject(x, "fields",
	                      v->found ? arnet_record_to_json(&v->latest)
	                               : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "latest", x);
	return o;
}

/* Text appended to a buffer, cut (never overrun) when it is full. */
typedef struct text {
	char *buf;
	size_t cap, len;
} text;

static void put(text *t, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void
put(text *t, const char *fmt, ...)
{
	va_list ap;
	if (t->len + 1 >= t->cap) {
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0) {
		t->len += (size_t)n < t->cap - t->len ? (size_t)n
		                                      : t->cap - t->len - 1;
	}
}

/* The types an alert's records were of, as "DEFAULT, CREDIT_STOP". */
static void
put_types(text *t, uint8_t types)
{
	const char *sep = "";
	for (int ty = ARNET_REC_DEFAULT; ty <= ARNET_REC_DISPUTE; ty++) {
		if (types & (1u << ty)) {
			put(t, "%s%s", sep, arnet_record_type_name(ty));
			sep = ", ";
		}
	}
}

static const char *
money(char *buf, size_t cap, int64_t minor, const char *currency)
{
	return arnet_money_format(buf, cap, minor, currency, 1) == ARNET_OK
	               ? buf
	               : "?";
}

/* What the alert changes, when it was assessed: "grade B -> D; an order
 * now: HOLD (was ALLOW)". */
static void
put_effect(text *t, const arnet_alert *a)
{
	const char *ob = arnet_alert_order_name(a->order_before),
	           *oa = arnet_alert_order_name(a->order_after);
	if (a->assessed == 0 || a->grade_after == 0) {
		return;
	}
	if (a->grade_before != 0 && a->grade_before != a->grade_after) {
		put(t, "    grade %c -> %c", a->grade_before, a->grade_after);
	} else {
		put(t, "    grade %c", a->grade_after);
	}
	if (oa != NULL) {
		put(t, "; an order now: %s", oa);
		if (ob != NULL && strcmp(ob, oa) != 0) {
			put(t, " (was %s)", ob);
		}
	}
	put(t, "\n");
}

size_t
arnet_alert_view_text(char *buf, size_t cap, const arnet_alert_view *v,
                      const arnet_roster *roster)
{
	const arnet_alert *a = &v->a;
	const arnet_record *r = &v->latest;
	const char *member = arnet_roster_member_id(roster, a->author);
	char when[32], m[48];
	text t = {buf, cap, 0};
	if (cap == 0) {
		return 0;
	}
	buf[0] = '\0';
	(void)arnet_time_format(when, sizeof(when), a->updated);
	put(&t, "#%llu  %s  %s%s%s  (%s)%s\n", (unsigned long long)a->id, when,
	    a->subject.text, v->customer ? " " : "", v->customer ? v->name : "",
	    a->watched & ARNET_WATCH_CUSTOMER ? "customer" : "prospect",
	    a->read ? "" : "  [unread]");
	if (a->source == ARNET_ALERT_BOOKS) {
		put(&t, "    the books: %s\n", a->detail);
		put_effect(&t, a);
		return t.len;
	}
	if (a->source == ARNET_ALERT_EQUIVOCATION) {
		put(&t,
		    "    %s signed two records at one place of its feed; "
		    "its records are not to be trusted\n",
		    member);
	}
	if (!v->found) {
		put(&t, "    %u records (", a->records);
		put_types(&t, a->types);
		put(&t, "), the latest by %s\n", member);
		put_effect(&t, a);
		return t.len;
	}
	put(&t, "    %s by %s", arnet_record_type_name(r->type), member);
	if (r->type == ARNET_REC_DEFAULT) {
		put(&t, ": %s %s, %u days past due",
		    money(m, sizeof(m), r->u.def.amount, r->u.def.currency),
		    r->u.def.currency, r->u.def.days_past_due);
	} else if (r->type == ARNET_REC_SETTLEMENT) {
		put(&t, ": %s, %s %s recovered",
		    arnet_settle_how_name(r->u.settle.how),
		    money(m, sizeof(m), r->u.settle.amount,
		          r->u.settle.currency),
		    r->u.settle.currency);
	}
	if (r->note[0] != '\0') {
		put(&t, " (%s)", r->note);
	}
	if (a->records > 1) {
		put(&t, "; %u records in all: ", a->records);
		put_types(&t, a->types);
	}
	put(&t, "\n");
	put_effect(&t, a);
	return t.len;
}

const char *
arnet_alert_source_name(int source)
{
	switch (source) {
	case ARNET_ALERT_EQUIVOCATION:
		return "equivocation";
	case ARNET_ALERT_BOOKS:
		return "books";
	default:
		return "records";
	}
}

const char *
arnet_alert_trigger_name(int trigger)
{
	switch (trigger) {
	case ARNET_TRIGGER_STAGE:
		return "stage";
	case ARNET_TRIGGER_PROMISE:
		return "promise broken";
	case ARNET_TRIGGER_LIMIT:
		return "limit warning";
	default:
		return "";
	}
}

const char *
arnet_alert_order_name(uint8_t order)
{
	static const char *const names[] = {NULL, "ALLOW", "WARN", "HOLD"};
	return order < sizeof(names) / sizeof(names[0]) ? names[order] : NULL;
}
