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

/* One line of the log; `label` in the show commands' first column. */
static void
entry_line(const arnet_dunning_entry *e, const char *label, int per_customer)
{
	char b1[40], b2[40], m[40];
	if (per_customer) {
		printf("  %s  %-16s ", cli_date(b1, e->date), e->number);
	} else {
		printf("%-14s %s ", label, cli_date(b1, e->date));
	}
	if (!e->is_promise) {
		printf("%s%s%s\n", arnet_stage_name(e->stage),
		       e->note[0] ? ": " : "", e->note);
		return;
	}
	printf("promised %s %s by %s (%s",
	       cli_money(m, e->promise.amount, e->currency), e->currency,
	       cli_date(b2, e->promise.date),
	       arnet_promise_state_name(e->state));
	if (e->state != ARNET_PROMISE_KEPT) {
		printf(", %s paid", cli_money(m, e->paid, e->currency));
	}
	printf(")%s%s\n", e->note[0] ? ": " : "", e->note);
}

void
cli_dunning_text(const arnet_dunning_list *l, int per_customer)
{
	char b[40];
	if (per_customer) {
		printf("\ndunning log to %s:\n", cli_date(b, l->as_of));
		if (l->n == 0) {
			printf("  (none)\n");
		}
		for (size_t i = 0; i < l->n; i++) {
			entry_line(&l->v[i], NULL, 1);
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
			           0);
			first = 0;
		}
	}
}
