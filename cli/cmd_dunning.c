/*
 * cmd_dunning.c - `arnet dunning [log|promise|history]`: the queue of
 * collection actions due, the log of those done and of the customer's
 * payment promises, and that log read back. (Their letters:
 * cmd_letter.c.)
 */
#include "arnet_reports.h"
#include "arnet_dunning.h"
#include "cli.h"
#include "columns.h"
#include "dunning_view.h"
#include "table.h"

#include <string.h>
#include <time.h>
#include <errno.h>
#include <stdlib.h>

static const char *const ACTION_ZH[ARNET_STAGE_COUNT + 1] = {
        NULL,         "发送付款提醒",
        "电话催收",   "发出正式催款函，抄送对方财务负责人；暂停信用",
        "发出律师函", "提起诉讼或委托催收机构；可报告违约（DEFAULT）",
};

static const char *const ACTION[ARNET_STAGE_COUNT + 1] = {
        NULL,
        "send a friendly payment reminder",
        "phone the customer",
        "send the formal letter, copy to their finance head; credit hold",
        "send a lawyer's letter",
        "start litigation or a collection agency; may report a DEFAULT",
};

static const char *const STATUS[] = {
        [ARNET_DUN_PROMISE_BROKEN] = "promise_broken",
        [ARNET_DUN_DUE] = "due",
        [ARNET_DUN_WAITING] = "waiting",
};

/* The action column: what to do, and why when a promise decides it. */
static const char *
action_text(char *buf, size_t cap, const arnet_dunning_action *a, int zh)
{
	const char *what = (zh ? ACTION_ZH : ACTION)[a->stage];
	char m[40], day[40];
	if (a->status == ARNET_DUN_DUE) {
		return what;
	}
	cli_money(m, a->promise.amount, a->inv.currency);
	cli_date(day, a->promise.date);
	if (a->status == ARNET_DUN_PROMISE_BROKEN) {
		snprintf(buf, cap,
		         zh ? "承诺未兑现（%s 前付 %s）：%s"
		            : "promise broken (%s by %s): %s",
		         zh ? day : m, zh ? m : day, what);
	} else {
		snprintf(buf, cap,
		         zh ? "等待付款承诺：%s 前付 %s"
		            : "wait for the promise: %s by %s",
		         zh ? day : m, zh ? m : day);
	}
	return buf;
}

static cJSON *
action_json(const arnet_dunning_action *a)
{
	char b[40];
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "invoice", a->inv.number);
	cJSON_AddStringToObject(e, "customer", a->inv.customer.text);
	cJSON_AddStringToObject(e, "name", a->name);
	cJSON_AddStringToObject(e, "due", cli_date(b, a->inv.due));
	cJSON_AddItemToObject(e, "days_past_due",
	                      arnet_json_int(a->days_past_due));
	cJSON_AddItemToObject(e, "outstanding", arnet_json_int(a->outstanding));
	cJSON_AddStringToObject(e, "currency", a->inv.currency);
	cJSON_AddItemToObject(e, "late_fee", arnet_json_int(a->late_fee));
	cJSON_AddStringToObject(e, "stage", arnet_stage_name(a->stage));
	cJSON_AddStringToObject(e, "action", ACTION[a->stage]);
	cJSON_AddItemToObject(e, "last_logged", cli_stage_json(a->last_stage));
	cJSON_AddBoolToObject(e, "credit_hold", a->credit_hold);
	cJSON_AddBoolToObject(e, "may_report_default", a->may_default);
	cJSON_AddStringToObject(e, "status", STATUS[a->status]);
	cJSON_AddItemToObject(
	        e, "promise",
	        a->has_promise ? cli_promise_json(&a->promise, a->inv.currency,
	                                          a->promise_state)
	                       : cJSON_CreateNull());
	return e;
}

static int
queue_table(const arnet_dunning_queue *q, int32_t as_of, const cli_out *o)
{
	char b[40], title[200], act[300];
	cli_table *t = CLI_TABLE(CLI_COLS_DUNNING, NULL);
	size_t waiting = 0;
	for (size_t i = 0; i < q->n; i++) {
		const arnet_dunning_action *a = &q->v[i];
		cli_table_text(t, a->inv.number);
		cli_table_text(t, a->inv.customer.text);
		cli_table_text(t, a->name);
		cli_table_int(t, a->days_past_due);
		cli_table_money_in(t, a->outstanding, a->inv.currency);
		cli_table_text(t, a->inv.currency);
		cli_table_text(t, arnet_stage_name(a->stage));
		cli_table_text(t, action_text(act, sizeof(act), a, o->zh));
		waiting += a->status == ARNET_DUN_WAITING;
	}
	snprintf(title, sizeof(title),
	         o->zh ? "截至 %s 应采取的催收行动：%zu 项（另有 %zu "
	                 "项等待付款承诺）"
	               : "dunning actions due as of %s: %zu (and %zu "
	                 "waiting for a promise)",
	         cli_date(b, as_of), q->n - waiting, waiting);
	int rv = cli_table_print(t, o, "dunning", title);
	cli_table_free(t);
	if (rv == EXIT_OK && o->format == CLI_FMT_TEXT && q->n > waiting) {
		printf(o->zh ? "\n完成后：arnet dunning log 发票号 --stage "
		               "阶段 "
		               "[--note 备注]；函件：arnet letter 发票号 "
		               "--stage 阶段\n"
		             : "\nwhen done: arnet dunning log INVOICE --stage "
		               "STAGE [--note TEXT]; the text: arnet letter "
		               "INVOICE --stage STAGE\n");
	}
	return rv;
}

/* The options the queue and the history share: --as-of, --customer and
 * the report's format; pos[0..max) the positional arguments after
 * `first`. */
typedef struct report_args {
	const char *cust; /* as typed, or NULL */
	arnet_ident id;   /* --customer, when cust is not NULL */
	int32_t day;
	cli_out fmt;
	int npos;
} report_args;

static int
report_args_parse(cli_ctx *ctx, int argc, char **argv, int first,
                  const char **pos, int max, report_args *r)
{
	const char *as_of = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of),
	                        CLI_OPT("customer", &r->cust),
	                        CLI_OUT_OPTS(r->fmt), CLI_END};
	int rv;
	if ((rv = cli_args("dunning", argc, argv, first, opts, pos, 0, max,
	                   &r->npos)) != 0 ||
	    (rv = cli_out_parse("dunning", ctx, &r->fmt)) != 0 ||
	    (rv = cli_as_of("dunning", as_of, &r->day)) != 0 ||
	    (r->cust != NULL && (rv = cli_arg_ident("dunning", "--customer",
	                                            r->cust, &r->id)) != 0)) {
		return rv;
	}
	return EXIT_OK;
}

/* Under the queue, what the shared log brought, unread, about the
 * customers in it (a DEFAULT or a credit stop by another member changes
 * what a call or a letter should say); each customer once. */
static int
queue_alerts(cli_ctx *ctx, arnet_txn *t, const arnet_dunning_queue *q, int zh)
{
	const arnet_roster *roster;
	arnet_diag d;
	const char *head = zh ? "\n队列中客户的未读共享日志提醒：\n"
	                      : "\nunread alerts from the shared log about "
	                        "customers in the queue:\n";
	int rv = cli_roster(ctx, &roster);
	for (size_t i = 0; rv == EXIT_OK && i < q->n; i++) {
		const arnet_ident *c = &q->v[i].inv.customer;
		size_t n, nunread, k;
		for (k = 0; k < i; k++) {
			if (strcmp(q->v[k].inv.customer.text, c->text) == 0) {
				break;
			}
		}
		if (k < i) {
			continue; /* shown with its first invoice */
		}
		rv = cli_ok(cli_alerts_show(t, roster, c, 3, 0, head, NULL, &n,
		                            &nunread, &d),
		            &d);
		if (n > 0) {
			head = NULL; /* the heading once, before the first */
		}
	}
	return rv;
}

static int
dunning_queue(cli_ctx *ctx, int argc, char **argv)
{
	const arnet_config *cfg;
	arnet_dunning_queue q;
	report_args ra = {0};
	arnet_txn *t;
	arnet_diag d;
	char b1[40];
	int rv;

	if ((rv = report_args_parse(ctx, argc, argv, 1, NULL, 0, &ra)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_dunning_queue_build(
	                         t, ra.day, &cfg->books,
	                         ra.cust != NULL ? &ra.id : NULL, &q, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "as_of", cli_date(b1, ra.day));
		for (size_t i = 0; i < q.n; i++) {
			cJSON_AddItemToArray(a, action_json(&q.v[i]));
		}
		cJSON_AddItemToObject(o, "actions", a);
		arnet_dunning_queue_free(&q);
		return cli_print_json(o);
	}
	rv = queue_table(&q, ra.day, &ra.fmt);
	if (rv == EXIT_OK && ra.fmt.format == CLI_FMT_TEXT) {
		rv = queue_alerts(ctx, t, &q, ra.fmt.zh);
	}
	arnet_dunning_queue_free(&q);
	return rv;
}

typedef struct log_job {
	const char *number;
	int stage; /* 0: a promise on its own (`dunning promise`) */
	int32_t date;
	const char *note;
	const arnet_books_policy *pol;
	int hold_set;
	int has_promise;
	arnet_promise promise;
	char currency[4]; /* the invoice's */
} log_job;

/* The action, then the promise made in it: one transaction. */
static int
log_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	log_job *j = arg;
	int64_t now = (int64_t)time(NULL);
	int rv = ARNET_OK;
	if (j->stage != 0) {
		rv = arnet_dunning_log(t, j->number, j->stage, j->date, now,
		                       j->note, j->pol, &j->hold_set, d);
	}
	if (rv == ARNET_OK && j->has_promise) {
		/* A promise made in a logged call: the note is the call's. */
		rv = arnet_dunning_promise(t, j->number, &j->promise, j->stage,
		                           now, j->stage != 0 ? "" : j->note,
		                           d);
	}
	return rv;
}

/*
 * The promise of `number` made on j->date: --date (or --promise-date)
 * and --amount in the invoice's currency, which is read for it.
 */
static int
promise_args(cli_ctx *ctx, const char *opt_date, const char *date,
             const char *opt_amount, const char *amount, log_job *j)
{
	arnet_invoice inv;
	arnet_txn *t;
	arnet_diag d;
	int rv;
	if (date == NULL || amount == NULL) {
		return cli_usage("dunning", "a promise needs %s and %s",
		                 opt_date, opt_amount);
	}
	if ((rv = cli_arg_date("dunning", opt_date, date, &j->promise.date)) !=
	            0 ||
	    (rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_invoice_get(t, j->number, &inv, &d), &d)) !=
	            EXIT_OK ||
	    (rv = cli_arg_money("dunning", opt_amount, amount, inv.currency,
	                        &j->promise.amount)) != 0) {
		return rv;
	}
	memcpy(j->currency, inv.currency, sizeof(j->currency));
	j->promise.made = j->date;
	j->has_promise = 1;
	return EXIT_OK;
}

static int
log_print(cli_ctx *ctx, const log_job *j)
{
	char b[40], b2[40];
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "invoice", j->number);
		if (j->stage != 0) {
			cJSON_AddStringToObject(o, "stage",
			                        arnet_stage_name(j->stage));
			cJSON_AddStringToObject(o, "date",
			                        cli_date(b, j->date));
			cJSON_AddBoolToObject(o, "credit_hold_set",
			                      j->hold_set);
		}
		/* Without its state: that is a question for a date (dunning
		 * history). */
		cJSON_AddItemToObject(
		        o, "promise",
		        j->has_promise
		                ? cli_promise_json(&j->promise, j->currency, 0)
		                : cJSON_CreateNull());
		return cli_print_json(o);
	}
	if (j->stage != 0) {
		printf("logged %s for invoice %s on %s\n",
		       arnet_stage_name(j->stage), j->number,
		       cli_date(b, j->date));
	}
	if (j->has_promise) {
		char b3[40];
		printf("logged the promise made on %s to pay %s %s of invoice "
		       "%s "
		       "by %s\n",
		       cli_date(b, j->promise.made),
		       cli_money(b2, j->promise.amount, j->currency),
		       j->currency, j->number, cli_date(b3, j->promise.date));
	}
	if (j->hold_set) {
		printf("the customer is now on credit hold (release: arnet "
		       "customer set ID --status active)\n");
	}
	return EXIT_OK;
}

static int
dunning_log(cli_ctx *ctx, int argc, char **argv)
{
	const char *stage = NULL, *note = NULL, *date = NULL, *pdate = NULL,
	           *pamount = NULL, *pos[1];
	const cli_opt opts[] = {CLI_OPT("stage", &stage),
	                        CLI_OPT("note", &note),
	                        CLI_OPT("date", &date),
	                        CLI_OPT("promise-date", &pdate),
	                        CLI_OPT("promise-amount", &pamount),
	                        CLI_END};
	const arnet_config *cfg;
	log_job j = {0};
	int rv;

	if ((rv = cli_args("dunning", argc, argv, 2, opts, pos, 1, 1, NULL)) !=
	            0 ||
	    (rv = cli_arg_stage("dunning", stage, &j.stage)) != 0 ||
	    (rv = cli_as_of("dunning", date, &j.date)) != 0) {
		return rv;
	}
	j.number = pos[0];
	if ((pdate != NULL || pamount != NULL) &&
	    (rv = promise_args(ctx, "--promise-date", pdate, "--promise-amount",
	                       pamount, &j)) != EXIT_OK) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	j.note = note ? note : "";
	j.pol = &cfg->books;
	if ((rv = cli_write(ctx, 0, log_txn, &j, 0)) != EXIT_OK) {
		return rv;
	}
	return log_print(ctx, &j);
}

static int
dunning_promise(cli_ctx *ctx, int argc, char **argv)
{
	const char *note = NULL, *on = NULL, *date = NULL, *amount = NULL,
	           *pos[1];
	const cli_opt opts[] = {CLI_OPT("date", &date),
	                        CLI_OPT("amount", &amount), CLI_OPT("on", &on),
	                        CLI_OPT("note", &note), CLI_END};
	log_job j = {0};
	int rv;

	if ((rv = cli_args("dunning", argc, argv, 2, opts, pos, 1, 1, NULL)) !=
	            0 ||
	    (rv = cli_as_of("dunning", on, &j.date)) != 0) {
		return rv;
	}
	j.number = pos[0];
	j.note = note ? note : "";
	if ((rv = promise_args(ctx, "--date", date, "--amount", amount, &j)) !=
	            EXIT_OK ||
	    (rv = cli_write(ctx, 0, log_txn, &j, 0)) != EXIT_OK) {
		return rv;
	}
	return log_print(ctx, &j);
}

/* --- dunning history --- */

static int
history_table(const arnet_dunning_list *l, const cli_out *o, const char *what)
{
	char b[40], title[200];
	cli_table *t = CLI_TABLE(CLI_COLS_DUNNING_HISTORY, NULL);
	for (size_t i = 0; i < l->n; i++) {
		const arnet_dunning_entry *e = &l->v[i];
		cli_table_date(t, e->date);
		cli_table_text(t, e->number);
		cli_table_text(t, e->customer.text);
		if (!e->is_promise) {
			cli_table_text(t, cli_stage_word(e->stage, o->zh));
			for (int c = 0; c < 5; c++) {
				cli_table_blank(t);
			}
		} else {
			cli_table_text(t, o->zh ? "付款承诺" : "promise");
			cli_table_date(t, e->promise.date);
			cli_table_money_in(t, e->promise.amount, e->currency);
			cli_table_text(t, e->currency);
			cli_table_text(t,
			               cli_promise_state_word(e->state, o->zh));
			cli_table_money_in(t, e->paid, e->currency);
		}
		cli_table_text(t, e->note);
	}
	snprintf(title, sizeof(title),
	         o->zh ? "%s的催收记录，截至 %s：%zu 条"
	               : "dunning log of %s to %s: %zu",
	         what, cli_date(b, l->as_of), l->n);
	int rv = cli_table_print(t, o, "dunning history", title);
	cli_table_free(t);
	return rv;
}

static cJSON *
history_json(const arnet_dunning_list *l)
{
	char b[40];
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "as_of", cli_date(b, l->as_of));
	cJSON_AddItemToObject(o, "entries", a);
	for (size_t i = 0; i < l->n; i++) {
		const arnet_dunning_entry *e = &l->v[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "date", cli_date(b, e->date));
		cJSON_AddStringToObject(x, "invoice", e->number);
		cJSON_AddStringToObject(x, "customer", e->customer.text);
		cJSON_AddStringToObject(x, "kind",
		                        e->is_promise ? "promise" : "action");
		cJSON_AddItemToObject(x, "stage", cli_stage_json(e->stage));
		cJSON_AddStringToObject(x, "note", e->note);
		cJSON *p = e->is_promise
		                   ? cli_promise_json(&e->promise, e->currency,
		                                      e->state)
		                   : cJSON_CreateNull();
		if (e->is_promise) {
			cJSON_AddItemToObject(p, "paid",
			                      arnet_json_int(e->paid));
		}
		cJSON_AddItemToObject(x, "promise", p);
		cJSON_AddItemToArray(a, x);
	}
	return o;
}

static int
dunning_history(cli_ctx *ctx, int argc, char **argv)
{
	const char *pos[1] = {NULL};
	arnet_dunning_list l = {0};
	report_args ra = {0};
	arnet_txn *t;
	int rv;

	if ((rv = report_args_parse(ctx, argc, argv, 2, pos, 1, &ra)) != 0) {
		return rv;
	}
	if (ra.npos > 0 && ra.cust != NULL) {
		return cli_usage("dunning", "give INVOICE or --customer, not "
		                            "both");
	}
	if ((rv = cli_txn(ctx, &t)) == EXIT_OK &&
	    (rv = cli_dunning_read(t, ra.cust ? &ra.id : NULL, pos[0], ra.day,
	                           &l)) == EXIT_OK) {
		if (ctx->json) {
			rv = cli_print_json(history_json(&l));
		} else {
			char what[ARNET_INVOICE_NO_MAX + 40];
			int zh = ra.fmt.zh;
			snprintf(what, sizeof(what),
			         pos[0]    ? (zh ? "发票 %s" : "invoice %s")
			         : ra.cust ? "%s"
			                   : (zh ? "全部客户%s"
			                         : "all customers%s"),
			         pos[0]    ? pos[0]
			         : ra.cust ? ra.id.text
			                   : "");
			rv = history_table(&l, &ra.fmt, what);
		}
	}
	arnet_dunning_list_free(&l);
	return rv;
}

int
cmd_dunning(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_sub subs[] = {{"log", dunning_log},
	                               {"promise", dunning_promise},
	                               {"history", dunning_history},
	                               {NULL, NULL}};
	return cli_subcommand(ctx, argc, argv, subs, dunning_queue);
}
