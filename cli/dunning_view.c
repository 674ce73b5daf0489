/*
 * dunning_view.c - the dunning log of an invoice or a customer as the
 * show commands print it (dunning_view.h). One place, so that `invoice
 * show` and `customer show` say the same thing about a promise.
 */
#include "dunning_view.h"

#include <stdio.h>

int
cli_dunning_read(arnet_txn *t, const arnet_ident *customer, const char *number,
                 int32_t as_of, arnet_dunning_list *out)
{
	arnet_diag d;
	return cli_ok(
	        arnet_dunning_list_get(t, customer, number, as_of, out, &d),
	        &d);
}

cJSON *
cli_stage_json(int stage)
{
	return stage ? cJSON_CreateString(arnet_stage_name(stage))
	             : cJSON_CreateNull();
}

const char *
cli_stage_word(int stage, int zh)
{
	static const char *const ZH[ARNET_STAGE_COUNT + 1] = {
	        NULL, "付款提醒", "电话催收", "催款函", "律师函", "诉讼",
	};
	if (!zh || stage < 1 || stage > ARNET_STAGE_COUNT) {
		return arnet_stage_name(stage);
	}
	return ZH[stage];
}

cJSON *
cli_promise_json(const arnet_promise *p, const char *currency, int state)
{
	char b[40];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "made", cli_date(b, p->made));
	cJSON_AddStringToObject(o, "date", cli_date(b, p->date));
	cJSON_AddItemToObject(o, "amount", arnet_json_int(p->amount));
	cJSON_AddStringToObject(o, "currency", currency);
	if (state != 0) {
		cJSON_AddStringToObject(o, "state",
		                        arnet_promise_state_name(state));
	}
	return o;
}

void
cli_dunning_json(cJSON *o, const arnet_dunning_list *l, int per_customer)
{
	char b[40];
	cJSON *dn = cJSON_CreateArray(), *pr = cJSON_CreateArray();
	cJSON_AddItemToObject(o, "dunning", dn);
	cJSON_AddItemToObject(o, "promises", pr);
	for (size_t i = 0; i < l->n; i++) {
		const arnet_dunning_entry *e = &l->v[i];
		cJSON *x;
		if (e->is_promise) {
			x = cli_promise_json(&e->promise, e->currency,
			                     e->state);
			cJSON_AddItemToObject(x, "paid",
			                      arnet_json_int(e->paid));
			cJSON_AddItemToObject(x, "stage",
			                      cli_stage_json(e->stage));
			cJSON_AddStringToObject(x, "note", e->note);
		} else {
			x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "date",
			                        cli_date(b, e->date));
			cJSON_AddStringToObject(x, "stage",
			                        arnet_stage_name(e->stage));
			cJSON_AddStringToObject(x, "note", e->note);
		}
		if (per_customer) {
			cJSON_AddStringToObject(x, "invoice", e->number);
		}
		cJSON_AddItemToArray(e->is_promise ? pr : dn, x);
	}
}

const char *
cli_promise_state_word(int state, int zh)
{
	if (!zh) {
		return arnet_promise_state_name(state);
	}
	switch (state) {
	case ARNET_PROMISE_KEPT:
		return "已兑现";
	case ARNET_PROMISE_BROKEN:
		return "未兑现";
	case ARNET_PROMISE_OPEN:
		return "未到期";
	default:
		return "?";
	}
}

#define W(en, zh_text) (zh ? (zh_text) : (en))

/* One line of the log; `label` in the show commands' first column. */
static void
entry_line(const arnet_dunning_entry *e, const char *label,
           const char *label_zh, int per_customer, int zh)
{
	char b1[40], b2[40], m[40], cell[80];
	if (per_customer) {
		printf("  %s  %s ", cli_date(b1, e->date),
		       cli_cell(cell, sizeof(cell), e->number, 16));
	} else {
		printf("%s %s ",
		       cli_cell(cell, sizeof(cell), W(label, label_zh), 14),
		       cli_date(b1, e->date));
	}
	if (!e->is_promise) {
		printf("%s%s%s\n", cli_stage_word(e->stage, zh),
		       e->note[0] ? W(": ", "：") : "", e->note);
		return;
	}
	cli_money(m, e->promise.amount, e->currency);
	cli_date(b2, e->promise.date);
	if (zh) {
		printf("承诺 %s 前付 %s %s（%s", b2, m, e->currency,
		       cli_promise_state_word(e->state, 1));
	} else {
		printf("promised %s %s by %s (%s", m, e->currency, b2,
		       arnet_promise_state_name(e->state));
	}
	if (e->state != ARNET_PROMISE_KEPT) {
		printf(W(", %s paid", "，已付 %s"),
		       cli_money(m, e->paid, e->currency));
	}
	printf("%s%s%s\n", W(")", "）"), e->note[0] ? W(": ", "：") : "",
	       e->note);
}

void
cli_dunning_text(const arnet_dunning_list *l, int per_customer, int zh)
{
	char b[40];
	if (per_customer) {
		printf(W("\ndunning log to %s:\n", "\n催收记录（截至 %s）：\n"),
		       cli_date(b, l->as_of));
		if (l->n == 0) {
			printf(W("  (none)\n", "  （无）\n"));
		}
		for (size_t i = 0; i < l->n; i++) {
			entry_line(&l->v[i], NULL, NULL, 1, zh);
		}
		return;
	}
	/* The actions first, then the promises: two blocks. */
	for (int promises = 0; promises <= 1; promises++) {
		int first = 1;
		for (size_t i = 0; i < l->n; i++) {
			if (l->v[i].is_promise != promises) {
				continue;
			}
			entry_line(&l->v[i],
			           !first     ? ""
			           : promises ? "promises"
			                      : "dunning",
			           !first     ? ""
			           : promises ? "付款承诺"
			                      : "催收",
			           0, zh);
			first = 0;
		}
	}
}
