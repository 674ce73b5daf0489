/*
 * cmd_invoice.c - `arnet invoice add|show|void|write-off`: one invoice
 * typed in by hand, shown with its payments, corrections, dunning log and
 * late fee (in English or Chinese), or corrected
 * (void, write-off: run and printed by cli_correct, cmd_credit_note.c).
 * (Files of them go through `arnet import`; payments: cmd_payment.c.)
 */
#include "arnet_dunning.h"
#include "arnet_reports.h"
#include "cli.h"
#include "dunning_view.h"
#include "history_view.h"

#include <stdlib.h>
#include <string.h>

/* --- invoice add --- */

typedef struct inv_job {
	arnet_invoice inv;
	arnet_put_result res;
} inv_job;

static int
inv_add_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	inv_job *j = arg;
	return arnet_invoice_add(t, &j->inv, &j->res, d);
}

static int
invoice_add(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "invoice";
	const char *cust = NULL, *amount = NULL, *cur = NULL, *issued = NULL,
	           *due = NULL, *terms = NULL, *order = NULL, *pos[1];
	const cli_opt opts[] = {
	        CLI_NEED("customer", &cust), CLI_NEED("amount", &amount),
	        CLI_OPT("currency", &cur),   CLI_NEED("issued", &issued),
	        CLI_OPT("due", &due),        CLI_OPT("terms", &terms),
	        CLI_OPT("order", &order),    CLI_END,
	};
	inv_job j = {0};
	arnet_customer c = {0};
	long x = 0;
	int rv;

	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0) {
		return rv;
	}
	if (due != NULL && terms != NULL) {
		return cli_usage(C, "give --due or --terms, not both");
	}
	if ((rv = cli_arg_text(C, "NUMBER", pos[0], j.inv.number,
	                       sizeof(j.inv.number))) != 0 ||
	    (rv = cli_arg_ident(C, "--customer", cust, &j.inv.customer)) != 0 ||
	    (rv = cli_arg_date(C, "--issued", issued, &j.inv.issued)) != 0 ||
	    (due != NULL &&
	     (rv = cli_arg_date(C, "--due", due, &j.inv.due)) != 0) ||
	    (rv = cli_arg_long(C, "--terms", terms, 0, ARNET_TERMS_MAX, &x)) !=
	            0 ||
	    (cur != NULL && (rv = cli_arg_currency(C, "--currency", cur,
	                                           j.inv.currency)) != 0)) {
		return rv;
	}
	if ((rv = cli_arg_text(C, "--order", order, j.inv.order_ref,
	                       sizeof(j.inv.order_ref))) != 0) {
		return rv;
	}
	/* The customer's currency and terms are the defaults. */
	if ((rv = cli_customer_amount(ctx, C, &j.inv.customer, cur != NULL,
	                              j.inv.currency, "--amount", amount,
	                              &j.inv.amount, &c)) != 0) {
		return rv;
	}
	if (due == NULL) {
		j.inv.due = j.inv.issued + (int32_t)(terms ? x : c.terms_days);
	}
	if ((rv = cli_write(ctx, 0, inv_add_txn, &j, 0)) != 0) {
		return rv;
	}
	const char *what = cli_put_word(j.res); /* never updated */
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "result", what);
		cJSON_AddItemToObject(o, "invoice",
		                      cli_invoice_json(&j.inv, 1));
		return cli_print_json(o);
	}
	char b1[40], b2[40];
	printf("%s invoice %s for %s: %s %s, due %s\n", what, j.inv.number,
	       j.inv.customer.text, cli_money(b1, j.inv.amount, j.inv.currency),
	       j.inv.currency, cli_date(b2, j.inv.due));
	return EXIT_OK;
}

/* --- invoice show --- */

typedef struct show_job {
	int32_t as_of;
	size_t limit; /* --limit: of the payments and the corrections */
	const arnet_books_policy *pol;
	arnet_invoice_state st;
	/* The payments applied and the corrections made to it. */
	arnet_history hist;
	/* The dunning actions and promises logged on or before as_of. */
	arnet_dunning_list log;
} show_job;

static cJSON *
state_json(const arnet_invoice_state *st, const show_job *j)
{
	char b[40];
	cJSON *o = cli_invoice_json(&st->inv, 1), *a = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "as_of", cli_date(b, st->as_of));
	cJSON_AddItemToObject(o, "outstanding",
	                      arnet_json_int(st->outstanding));
	cJSON_AddItemToObject(o, "days_past_due",
	                      arnet_json_int(st->days_past_due));
	cJSON_AddItemToObject(o, "days_late", arnet_json_int(st->days_late));
	cJSON_AddItemToObject(o, "late_fee", arnet_json_int(st->late_fee));
	cJSON *closed = cJSON_CreateNull();
	if (j->hist.closed.n > 0) {
		const arnet_closed_invoice *c = &j->hist.closed.v[0];
		cJSON_Delete(closed);
		closed = cJSON_CreateObject();
		cJSON_AddStringToObject(closed, "how",
		                        arnet_close_kind_name(c->how));
		cJSON_AddStringToObject(closed, "date", cli_date(b, c->closed));
	}
	cJSON_AddItemToObject(o, "closed", closed);
	cJSON_AddItemToObject(o, "payments", a);
	for (size_t i = 0; i < st->nallocs; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddItemToObject(
		        e, "payment",
		        arnet_json_int((int64_t)st->allocs[i].payment));
		cJSON_AddStringToObject(
		        e, "kind", arnet_alloc_kind_name(st->allocs[i].kind));
		cJSON_AddStringToObject(e, "date",
		                        cli_date(b, st->allocs[i].date));
		cJSON_AddItemToObject(e, "amount",
		                      arnet_json_int(st->allocs[i].amount));
		cJSON_AddItemToArray(a, e);
	}
	cli_history_json(o, &j->hist, 1, "payments_applied");
	cli_dunning_json(o, &j->log, 0);
	return o;
}

#define W(en, zh_text) (zh ? (zh_text) : (en))

static void
state_text(const arnet_invoice_state *st, const show_job *j, int zh)
{
	const arnet_books_policy *pol = j->pol;
	const arnet_invoice *v = &st->inv;
	char b1[40], b2[40];
	cli_show_label("invoice", "发票", zh);
	printf("%s\n", v->number);
	cli_show_label("customer", "客户", zh);
	printf("%s (%s)\n", v->customer.text, st->c.name);
	if (v->order_ref[0] != '\0') {
		cli_show_label("order", "订单", zh);
		printf("%s\n", v->order_ref);
	}
	cli_show_label("issued", "开票日期", zh);
	printf("%s\n", cli_date(b1, v->issued));
	cli_show_label("due", "到期日", zh);
	if (zh) {
		printf("%s（截至 %s %s %d 天）\n", cli_date(b1, v->due),
		       cli_date(b2, st->as_of),
		       st->days_past_due > 0 ? "已逾期" : "距到期",
		       abs(st->days_past_due));
	} else {
		printf("%s (%d days %s as of %s)\n", cli_date(b1, v->due),
		       abs(st->days_past_due),
		       st->days_past_due > 0 ? "past" : "to go",
		       cli_date(b2, st->as_of));
	}
	cli_show_label("amount", "金额", zh);
	printf("%s %s\n", cli_money(b1, v->amount, v->currency), v->currency);
	cli_history_text(&j->hist, 1, zh);
	cli_show_label("outstanding", "未付金额", zh);
	printf("%s %s", cli_money(b1, st->outstanding, v->currency),
	       v->currency);
	if (j->hist.closed.n > 0) {
		const arnet_closed_invoice *c = &j->hist.closed.v[0];
		printf(W(" (closed %s: %s)", "（%s 结清：%s）"),
		       cli_date(b1, c->closed), cli_close_word(c->how, zh));
	}
	printf("\n");
	cli_show_label("late fee", "滞纳金", zh);
	printf(W("%s %s (%d days late at %lld/%lld a day)\n",
	         "%s %s（逾期计息 %d 天，日利率 %lld/%lld）\n"),
	       cli_money(b1, st->late_fee, v->currency), v->currency,
	       st->days_late, (long long)pol->late_fee_num,
	       (long long)pol->late_fee_den);
	cli_dunning_text(&j->log, 0, zh);
}

static int
invoice_show(cli_ctx *ctx, int argc, char **argv)
{
	cli_show_args sa = {0};
	show_job j = {0};
	arnet_txn *t;
	arnet_diag d;
	int rv;

	if ((rv = cli_show_parse(ctx, "invoice", argc, argv, NULL, &sa)) != 0) {
		return rv;
	}
	j.as_of = sa.as_of;
	j.limit = sa.limit;
	j.pol = &sa.cfg->books;
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_invoice_state_get(t, sa.name, j.as_of, j.pol,
	                                         &j.st, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	if ((rv = cli_ok(arnet_invoice_history_build(t, sa.name, j.as_of,
	                                             j.limit, &j.hist, &d),
	                 &d)) == EXIT_OK &&
	    (rv = cli_dunning_read(t, NULL, sa.name, j.as_of, &j.log)) ==
	            EXIT_OK) {
		if (ctx->json) {
			rv = cli_print_json(state_json(&j.st, &j));
		} else {
			state_text(&j.st, &j, sa.zh);
		}
	}
	arnet_dunning_list_free(&j.log);
	arnet_history_free(&j.hist);
	arnet_invoice_state_free(&j.st);
	return rv;
}

/* --- invoice void, invoice write-off --- */

/* `invoice void` or `invoice write-off` (argv[1]). */
static int
invoice_correct(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "invoice";
	const int op = strcmp(argv[1], "void") == 0 ? ARNET_CORR_VOID
	                                            : ARNET_CORR_WRITE_OFF;
	const char *date = NULL, *reason = NULL, *amount = NULL, *pos[1];
	/* --amount for a write-off only: a void's list ends at its NULL. */
	const cli_opt opts[] = {
	        CLI_OPT("date", &date),
	        CLI_OPT("reason", &reason),
	        CLI_OPT(op == ARNET_CORR_WRITE_OFF ? "amount" : NULL, &amount),
	        CLI_END,
	};
	cli_correction j = {.op = op};
	arnet_invoice inv;
	arnet_txn *t;
	arnet_diag d = {0};
	int rv;

	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_correction_reason(C, reason, 1, &j)) != 0 ||
	    (rv = cli_as_of(C, date, &j.c.date)) != 0) {
		return rv;
	}
	if (strlen(pos[0]) > ARNET_INVOICE_NO_MAX) {
		return cli_usage(C, "the invoice number is too long");
	}
	snprintf(j.c.invoice, sizeof(j.c.invoice), "%s", pos[0]);
	if (amount != NULL) { /* in the invoice's currency */
		if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
		    (rv = cli_ok(arnet_invoice_get(t, pos[0], &inv, &d), &d)) !=
		            EXIT_OK ||
		    (rv = cli_arg_money(C, "--amount", amount, inv.currency,
		                        &j.c.amount)) != EXIT_OK) {
			return rv;
		}
		if (j.c.amount <= 0) {
			return cli_usage(C, "--amount must be more than zero");
		}
	}
	return cli_correct(ctx, &j);
}

static const cli_sub SUBS[] = {{"add", invoice_add},
                               {"show", invoice_show},
                               {"void", invoice_correct},
                               {"write-off", invoice_correct},
                               {NULL, NULL}};

/* No subcommand: which; one that is not: say so. */
static int
invoice_unknown(cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	return argc < 2 ? cli_sub_usage(ctx, SUBS)
	                : cli_usage("invoice", "unknown subcommand");
}

int
cmd_invoice(cli_ctx *ctx, int argc, char **argv)
{
	return cli_subcommand(ctx, argc, argv, SUBS, invoice_unknown);
}
