/*
 * customer_changes.c - a customer's record changes, for customer show.
 */
#include "customer_changes.h"
#include "history_view.h"
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

#define W(en, zh_text) (zh ? (zh_text) : (en))

static const char *
limit_text(char *buf, int64_t v, const char *currency, int zh)
{
	if (v == ARNET_NO_LIMIT) {
		return W("no limit", "无额度");
	}
	char m[48];
	snprintf(buf, 64, "%s %s", cli_money(m, v, currency), currency);
	return buf;
}

static const char *
grade_text(char *buf, int64_t g, int zh)
{
	if (g == 0) {
		return W("none", "无");
	}
	snprintf(buf, 4, "%c", (char)g);
	return buf;
}

/* What the change says, after its date: "credit limit 100,000.00 CNY ->
 * 50,000.00 CNY" (信用额度 ...). */
static void
describe(char *out, size_t cap, const arnet_cust_change *c, int zh)
{
	char a[64], b[64];
	switch (c->kind) {
	case ARNET_CHANGE_ADDED:
		snprintf(out, cap,
		         W("added, credit limit %s", "新增客户，信用额度 %s"),
		         limit_text(a, c->new, c->currency, zh));
		break;
	case ARNET_CHANGE_LIMIT:
		snprintf(out, cap,
		         W("credit limit %s -> %s", "信用额度 %s -> %s"),
		         limit_text(a, c->old, c->currency, zh),
		         limit_text(b, c->new, c->currency, zh));
		break;
	case ARNET_CHANGE_CURRENCY:
		snprintf(out, cap, W("currency %s -> %s", "币种 %s -> %s"),
		         c->text, c->currency);
		break;
	case ARNET_CHANGE_TERMS:
		snprintf(out, cap,
		         W("terms %lld -> %lld days", "账期 %lld -> %lld 天"),
		         (long long)c->old, (long long)c->new);
		break;
	case ARNET_CHANGE_GRADE:
		snprintf(out, cap, W("grade %s -> %s", "等级 %s -> %s"),
		         grade_text(a, c->old, zh), grade_text(b, c->new, zh));
		break;
	case ARNET_CHANGE_STATUS:
		snprintf(out, cap,
		         W("status %s -> %s%s%s%s", "状态 %s -> %s%s%s%s"),
		         cli_status_word((int)c->old, zh),
		         cli_status_word((int)c->new, zh),
		         c->text[0] ? W(" (", "（") : "", c->text,
		         c->text[0] ? W(")", "）") : "");
		break;
	case ARNET_CHANGE_NAME:
		snprintf(out, cap,
		         W("name changed (was %s)", "名称变更（原为 %s）"),
		         c->text);
		break;
	default:
		snprintf(out, cap, W("individual %s -> %s", "个人 %s -> %s"),
		         c->old ? W("yes", "是") : W("no", "否"),
		         c->new ? W("yes", "是") : W("no", "否"));
		break;
	}
}

void
cli_changes_print(const cli_changes *c, int zh)
{
	if (c->n == 0) {
		return;
	}
	printf(W("\nchanges to the record:\n", "\n客户资料变更：\n"));
	for (size_t i = 0; i < c->n; i++) {
		char when[32], what[700];
		arnet_time_format(when, sizeof(when), c->v[i].at);
		describe(what, sizeof(what), &c->v[i], zh);
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
		              : cJSON_CreateString(grade_text(g, v, 0));
	}
	case ARNET_CHANGE_STATUS:
		return cJSON_CreateString(cli_status_word((int)v, 0));
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
