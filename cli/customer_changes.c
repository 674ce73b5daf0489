/*
 * customer_changes.c - a customer's record changes, for customer show.
 */
#include "customer_changes.h"
#include "arnet_date.h"
#include "arnet_grow.h"
#include "arnet_record_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct read_job {
	cli_changes *out;
	int64_t until; /* the end of the as-of day, UTC seconds */
} read_job;

static int
keep(const arnet_cust_change *c, void *arg)
{
	read_job *j = arg;
	if (c->at > j->until) {
		return 0;
	}
	cli_changes *o = j->out;
	if (ARNET_GROW(&o->v, o->n, &o->cap, 8) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	o->v[o->n++] = *c;
	return 0;
}

int
cli_changes_read(arnet_txn *t, const arnet_ident *id, int32_t as_of,
                 cli_changes *out, arnet_diag *d)
{
	memset(out, 0, sizeof(*out));
	read_job j = {out, arnet_date_end(as_of)};
	return arnet_cust_changes_scan(t, id, keep, &j, d);
}

void
cli_changes_free(cli_changes *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static const char *
limit_text(char *buf, int64_t v, const char *currency)
{
	if (v == ARNET_NO_LIMIT) {
		return "no limit";
	}
	char m[48];
	snprintf(buf, 64, "%s %s", cli_money(m, v, currency), currency);
	return buf;
}

static const char *
status_text(int64_t s)
{
	const char *n = arnet_cust_status_name((int)s);
	return n != NULL ? n : "?";
}

static const char *
grade_text(char *buf, int64_t g)
{
	if (g == 0) {
		return "none";
	}
	snprintf(buf, 4, "%c", (char)g);
	return buf;
}

/* What the change says, after its date: "credit limit 100,000.00 CNY ->
 * 50,000.00 CNY". */
static void
describe(char *out, size_t cap, const arnet_cust_change *c)
{
	char a[64], b[64];
	switch (c->kind) {
	case ARNET_CHANGE_ADDED:
		snprintf(out, cap, "added, credit limit %s",
		         limit_text(a, c->new, c->currency));
		break;
	case ARNET_CHANGE_LIMIT:
		snprintf(out, cap, "credit limit %s -> %s",
		         limit_text(a, c->old, c->currency),
		         limit_text(b, c->new, c->currency));
		break;
	case ARNET_CHANGE_CURRENCY:
		snprintf(out, cap, "currency %s -> %s", c->text, c->currency);
		break;
	case ARNET_CHANGE_TERMS:
		snprintf(out, cap, "terms %lld -> %lld days", (long long)c->old,
		         (long long)c->new);
		break;
	case ARNET_CHANGE_GRADE:
		snprintf(out, cap, "grade %s -> %s", grade_text(a, c->old),
		         grade_text(b, c->new));
		break;
	case ARNET_CHANGE_STATUS:
		snprintf(out, cap, "status %s -> %s%s%s%s", status_text(c->old),
		         status_text(c->new), c->text[0] ? " (" : "", c->text,
		         c->text[0] ? ")" : "");
		break;
	case ARNET_CHANGE_NAME:
		snprintf(out, cap, "name changed (was %s)", c->text);
		break;
	default:
		snprintf(out, cap, "individual %s -> %s", c->old ? "yes" : "no",
		         c->new ? "yes" : "no");
		break;
	}
}

void
cli_changes_print(const cli_changes *c)
{
	if (c->n == 0) {
		return;
	}
	printf("\nchanges to the record:\n");
	for (size_t i = 0; i < c->n; i++) {
		char when[32], what[700];
		arnet_time_format(when, sizeof(when), c->v[i].at);
		describe(what, sizeof(what), &c->v[i]);
		printf("  %.10s %.5s  %s\n", when, when + 11, what);
	}
}

static cJSON *
value_json(const arnet_cust_change *c, int64_t v)
{
	switch (c->kind) {
	case ARNET_CHANGE_ADDED:
	case ARNET_CHANGE_LIMIT:
		return v == ARNET_NO_LIMIT ? cJSON_CreateNull()
		                           : arnet_json_int(v);
	case ARNET_CHANGE_TERMS:
		return arnet_json_int(v);
	case ARNET_CHANGE_GRADE: {
		char g[4];
		return v == 0 ? cJSON_CreateNull()
		              : cJSON_CreateString(grade_text(g, v));
	}
	case ARNET_CHANGE_STATUS:
		return cJSON_CreateString(status_text(v));
	case ARNET_CHANGE_INDIVIDUAL:
		return cJSON_CreateBool(v != 0);
	default:
		return NULL;
	}
}

cJSON *
cli_changes_json(const cli_changes *c)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < c->n; i++) {
		const arnet_cust_change *x = &c->v[i];
		cJSON *e = cJSON_CreateObject();
		char when[32];
		arnet_time_format(when, sizeof(when), x->at);
		cJSON_AddItemToObject(e, "seq",
		                      arnet_json_int((int64_t)x->seq));
		cJSON_AddStringToObject(e, "time", when);
		cJSON_AddStringToObject(e, "kind",
		                        arnet_cust_change_name(x->kind));
		cJSON *o = value_json(x, x->old), *n = value_json(x, x->new);
		if (x->kind != ARNET_CHANGE_ADDED && o != NULL) {
			cJSON_AddItemToObject(e, "old", o);
		} else {
			cJSON_Delete(o);
		}
		if (n != NULL) {
			cJSON_AddItemToObject(e, "new", n);
		}
		cJSON_AddStringToObject(e, "currency", x->currency);
		if (x->text[0] != '\0') {
			cJSON_AddStringToObject(e, "text", x->text);
		}
		cJSON_AddItemToArray(a, e);
	}
	return a;
}
