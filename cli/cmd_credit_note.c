/*
 * cmd_credit_note.c - `arnet credit-note add`, and the one way every
 * correction of the books is run and printed: credit notes here, `invoice
 * void|write-off` (cmd_invoice.c) and `payment reverse` (cmd_payment.c)
 * gather their options and call cli_correct. The rules are in
 * store/books/corrections.c.
 */
#include "arnet_corrections.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What cli_applied_scan looks for, and the list it fills. */
typedef struct applied_scan {
	int kind;
	uint64_t id;
	int reversal;
	cJSON *list;
} applied_scan;

static int
applied_visit(const arnet_customer *c, const arnet_invoice *inv,
              const arnet_alloc *allocs, size_t n, void *arg)
{
	applied_scan *w = arg;
	(void)c;
	for (size_t i = 0; i < n; i++) {
		const arnet_alloc *a = &allocs[i];
		if (a->kind != w->kind || a->payment != w->id ||
		    (w->reversal && a->amount >= 0)) {
			continue;
		}
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "invoice", inv->number);
		cJSON_AddItemToObject(
		        e, "amount",
		        arnet_json_int(w->reversal ? -a->amount : a->amount));
		cJSON_AddItemToArray(w->list, e);
	}
	return 0;
}

int
cli_applied_scan(arnet_txn *t, const arnet_ident *customer, int kind,
                 uint64_t id, int reversal, cJSON **list, arnet_diag *d)
{
	applied_scan w = {kind, id, reversal, cJSON_CreateArray()};
	arnet_ledger_visitor v = {NULL, applied_visit, NULL, &w};
	/* Retried from the start when the map grows: the new list replaces
	 * what an earlier try found. */
	cJSON_Delete(*list);
	*list = w.list;
	return arnet_ledger_scan(t, customer, &v, d);
}

static int
corr_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	cli_correction *j = arg;
	int rv;
	j->res = ARNET_PUT_ADDED;
	switch (j->op) {
	case ARNET_CORR_CREDIT_NOTE:
		rv = arnet_credit_note_add(t, &j->c, &j->res, d);
		break;
	case ARNET_CORR_VOID:
		rv = arnet_invoice_void(t, j->c.invoice, j->c.date, j->c.reason,
		                        &j->c, d);
		break;
	case ARNET_CORR_WRITE_OFF:
		rv = arnet_invoice_write_off(t, j->c.invoice, j->c.date,
		                             j->c.amount, j->c.reason, &j->c,
		                             d);
		break;
	default:
		rv = arnet_payment_reverse(t, j->c.payment, j->c.date,
		                           j->c.reason, &j->c, d);
		break;
	}
	if (rv == ARNET_OK && j->op == ARNET_CORR_REVERSAL) {
		rv = cli_applied_scan(t, &j->c.customer, ARNET_ALLOC_PAYMENT,
		                      j->c.payment, 1, &j->applied, d);
	} else if (rv == ARNET_OK) {
		rv = cli_applied_scan(t, &j->c.customer, j->op, j->c.id, 0,
		                      &j->applied, d);
	}
	return rv;
}

static cJSON *
corr_json(const cli_correction *j)
{
	const arnet_correction *c = &j->c;
	char b[40];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "id", arnet_json_int((int64_t)c->id));
	cJSON_AddStringToObject(o, "kind", arnet_corr_kind_name(c->kind));
	cJSON_AddStringToObject(o, "result", cli_put_word(j->res));
	cJSON_AddStringToObject(o, "customer", c->customer.text);
	cJSON_AddStringToObject(o, "date", cli_date(b, c->date));
	cJSON_AddItemToObject(o, "amount", arnet_json_int(c->amount));
	cJSON_AddStringToObject(o, "currency", c->currency);
	if (c->kind == ARNET_CORR_CREDIT_NOTE) {
		cJSON_AddStringToObject(o, "number", c->number);
	}
	if (c->kind == ARNET_CORR_REVERSAL) {
		cJSON_AddItemToObject(o, "payment",
		                      arnet_json_int((int64_t)c->payment));
	} else {
		cJSON_AddStringToObject(o, "invoice", c->invoice);
	}
	cJSON_AddStringToObject(o, "reason", c->reason);
	cJSON_AddItemToObject(
	        o, c->kind == ARNET_CORR_REVERSAL ? "reopened" : "applied",
	        cJSON_Duplicate(j->applied, 1));
	if (c->kind == ARNET_CORR_CREDIT_NOTE) {
		cJSON_AddItemToObject(o, "unapplied",
		                      arnet_json_int(c->unapplied));
	}
	return o;
}

static void
corr_text(const cli_correction *j)
{
	const arnet_correction *c = &j->c;
	char b1[40], b2[40];
	cli_money(b1, c->amount, c->currency);
	cli_date(b2, c->date);
	switch (c->kind) {
	case ARNET_CORR_CREDIT_NOTE:
		printf("credit note %s from %s: %s %s on %s%s\n", c->number,
		       c->customer.text, b1, c->currency, b2,
		       j->res == ARNET_PUT_UNCHANGED ? " (held already)" : "");
		break;
	case ARNET_CORR_VOID:
		printf("invoice %s void from %s: %s %s taken off\n", c->invoice,
		       b2, b1, c->currency);
		break;
	case ARNET_CORR_WRITE_OFF:
		printf("invoice %s: %s %s written off on %s\n", c->invoice, b1,
		       c->currency, b2);
		break;
	default:
		printf("payment %llu of %s %s reversed from %s\n",
		       (unsigned long long)c->payment, b1, c->currency, b2);
		break;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, j->applied)
	{
		const cJSON *amt = cJSON_GetObjectItem(e, "amount");
		printf("  %s %s %s invoice %s\n",
		       c->kind == ARNET_CORR_REVERSAL ? "re-opened" : "applied",
		       cli_money(b1, strtoll(amt->valuestring, NULL, 10),
		                 c->currency),
		       c->kind == ARNET_CORR_REVERSAL ? "on" : "to",
		       cJSON_GetObjectItem(e, "invoice")->valuestring);
	}
	if (c->kind == ARNET_CORR_CREDIT_NOTE && c->unapplied > 0) {
		printf("  unapplied credit %s %s\n",
		       cli_money(b1, c->unapplied, c->currency), c->currency);
	}
	if (c->reason[0] != '\0') {
		printf("  reason: %s\n", c->reason);
	}
	printf("  correction %llu\n", (unsigned long long)c->id);
}

int
cli_correct(cli_ctx *ctx, cli_correction *j)
{
	int rv = cli_write(ctx, 0, corr_txn, j, 0);
	if (rv == EXIT_OK) {
		if (ctx->json) {
			rv = cli_print_json(corr_json(j));
		} else {
			corr_text(j);
		}
	}
	cJSON_Delete(j->applied);
	j->applied = NULL;
	return rv;
}

int
cli_correction_reason(const char *cmd, const char *reason, int required,
                      cli_correction *j)
{
	if (reason == NULL && required) {
		return cli_usage(cmd, "--reason is needed: say why");
	}
	if (reason != NULL && strlen(reason) > ARNET_BOOKS_NOTE_MAX) {
		return cli_usage(cmd, "--reason is too long");
	}
	snprintf(j->c.reason, sizeof(j->c.reason), "%s", reason ? reason : "");
	return EXIT_OK;
}

int
cmd_credit_note(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "credit-note";
	const char *cur = NULL, *date = NULL, *inv = NULL, *reason = NULL,
	           *pos[3];
	const cli_opt opts[] = {
	        CLI_OPT("currency", &cur),
	        CLI_OPT("date", &date),
	        CLI_OPT("invoice", &inv),
	        CLI_OPT("reason", &reason),
	        CLI_END,
	};
	cli_correction j = {.op = ARNET_CORR_CREDIT_NOTE};
	arnet_customer c = {0};
	int rv;

	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		return cli_usage(C, "the subcommand is add");
	}
	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 3, 3, NULL)) != 0 ||
	    (rv = cli_correction_reason(C, reason, 0, &j)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_texts(C, "the number or --invoice", pos[1],
	                        j.c.number, sizeof(j.c.number), inv,
	                        j.c.invoice, sizeof(j.c.invoice))) != 0 ||
	    (rv = cli_arg_ident(C, "CUSTOMER", pos[0], &j.c.customer)) != 0 ||
	    (rv = cli_as_of(C, date, &j.c.date)) != 0 ||
	    (cur != NULL && (rv = cli_arg_currency(C, "--currency", cur,
	                                           j.c.currency)) != 0)) {
		return rv;
	}
	/* A 红字发票 is written with a minus: take either form. */
	const char *amount = pos[2][0] == '-' ? pos[2] + 1 : pos[2];
	if ((rv = cli_customer_amount(ctx, C, &j.c.customer, cur != NULL,
	                              j.c.currency, "AMOUNT", amount,
	                              &j.c.amount, &c)) != 0) {
		return rv;
	}
	return cli_correct(ctx, &j);
}
