/*
 * cmd_customer.c - `arnet customer add|set|list|show`: the firm's
 * customers, their credit limits, terms, grades and holds; `show` gives
 * one customer's whole history (history_view.h), in English or Chinese.
 */
#include "arnet_check.h"
#include "arnet_grow.h"
#include "arnet_reports.h"
#include "arnet_roster_store.h"
#include "arnet_order_check.h"
#include "cli.h"
#include "customer_changes.h"
#include "columns.h"
#include "dunning_view.h"
#include "history_view.h"
#include "contact.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

static const char *const CMD = "customer";

/* The options add and set share; NULL when not given. */
typedef struct cust_opts {
	const char *name, *limit, *currency, *terms, *grade, *status;
	const char *individual; /* yes or no */
	int no_limit;
} cust_opts;

/* Apply the options given to c. */
static int
apply_opts(arnet_customer *c, const cust_opts *o)
{
	long x = 0;
	int rv;
	if ((rv = cli_arg_text(CMD, "--name", o->name, c->name,
	                       sizeof(c->name))) != 0) {
		return rv;
	}
	if (o->currency != NULL &&
	    (rv = cli_arg_currency(CMD, "--currency", o->currency,
	                           c->currency)) != 0) {
		return rv;
	}
	if (o->limit != NULL && o->no_limit) {
		return cli_usage(CMD, "--limit and --no-limit together");
	}
	if (o->limit != NULL &&
	    (rv = cli_arg_money(CMD, "--limit", o->limit, c->currency,
	                        &c->credit_limit)) != 0) {
		return rv;
	}
	if (o->limit != NULL && c->credit_limit < 0) {
		return cli_usage(CMD, "--limit: must not be negative");
	}
	if (o->no_limit) {
		c->credit_limit = ARNET_NO_LIMIT;
	}
	x = c->terms_days;
	if ((rv = cli_arg_long(CMD, "--terms", o->terms, 0, ARNET_TERMS_MAX,
	                       &x)) != 0) {
		return rv;
	}
	c->terms_days = (uint16_t)x;
	if (o->grade != NULL) {
		if (strlen(o->grade) != 1 || o->grade[0] < 'A' ||
		    o->grade[0] > 'D') {
			return cli_usage(CMD,
			                 "--grade: expected A, B, C or D, "
			                 "not \"%s\"",
			                 o->grade);
		}
		c->grade = o->grade[0];
	}
	if (o->status != NULL) {
		int s = arnet_cust_status_parse(o->status);
		if (s == 0) {
			return cli_usage(CMD,
			                 "--status: expected active, hold "
			                 "or closed, not \"%s\"",
			                 o->status);
		}
		if (s == ARNET_CUST_HOLD && c->status != ARNET_CUST_HOLD) {
			c->hold_since = cli_today();
			snprintf(c->hold_reason, sizeof(c->hold_reason),
			         "set by hand");
		}
		if (s != ARNET_CUST_HOLD) {
			c->hold_since = 0;
			c->hold_reason[0] = '\0';
		}
		c->status = (uint8_t)s;
	}
	if (o->individual != NULL) {
		if (strcmp(o->individual, "yes") == 0) {
			c->individual = 1;
		} else if (strcmp(o->individual, "no") == 0) {
			c->individual = 0;
		} else {
			return cli_usage(CMD,
			                 "--individual: expected yes or no, "
			                 "not \"%s\"",
			                 o->individual);
		}
	}
	return EXIT_OK;
}

static cJSON *
customer_json(const arnet_customer *c)
{
	char buf[40];
	cJSON *o = cJSON_CreateObject();
	if (o == NULL) {
		return NULL;
	}
	cJSON_AddStringToObject(o, "id", c->id.text);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddItemToObject(o, "credit_limit",
	                      c->credit_limit == ARNET_NO_LIMIT
	                              ? cJSON_CreateNull()
	                              : arnet_json_int(c->credit_limit));
	cJSON_AddStringToObject(o, "currency", c->currency);
	cJSON_AddItemToObject(o, "terms_days", arnet_json_int(c->terms_days));
	buf[0] = c->grade;
	buf[1] = '\0';
	cJSON_AddItemToObject(o, "grade",
	                      c->grade ? cJSON_CreateString(buf)
	                               : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "status", arnet_cust_status_name(c->status));
	cJSON_AddBoolToObject(o, "individual", c->individual != 0);
	if (c->status == ARNET_CUST_HOLD) {
		cJSON_AddStringToObject(o, "hold_since",
		                        cli_date(buf, c->hold_since));
		cJSON_AddStringToObject(o, "hold_reason", c->hold_reason);
	}
	return o;
}

/* --- add and set --- */

typedef struct put_job {
	arnet_customer c;
	const cust_opts *o;
	int add; /* add: must not exist; set: must exist */
	arnet_put_result res;
	int usage; /* an option was bad: exit code already printed */
} put_job;

static int
put_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	put_job *j = arg;
	arnet_customer old;
	int rv = arnet_customer_get(t, &j->c.id, &old, d);
	if (j->add && rv == ARNET_OK) {
		return arnet_diag_set(d, ARNET_EEXIST,
		                      "customer %s already exists (change it "
		                      "with `arnet customer set`)",
		                      j->c.id.text);
	}
	if (!j->add) {
		if (rv != ARNET_OK) {
			return rv;
		}
		arnet_ident id = j->c.id;
		j->c = old;
		j->c.id = id;
		if (apply_opts(&j->c, j->o) != EXIT_OK) {
			j->usage = 1;
			return ARNET_EINVAL;
		}
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	return arnet_customer_put(t, &j->c, &j->res, d);
}

/* `customer add` or `customer set` (argv[1]). */
static int
customer_put(cli_ctx *ctx, int argc, char **argv)
{
	const int add = strcmp(argv[1], "add") == 0;
	cust_opts o = {0};
	const char *pos[1];
	const cli_opt opts[] = {
	        CLI_OPT("name", &o.name),
	        CLI_OPT("limit", &o.limit),
	        CLI_FLAG("no-limit", &o.no_limit),
	        CLI_OPT("currency", &o.currency),
	        CLI_OPT("terms", &o.terms),
	        CLI_OPT("grade", &o.grade),
	        CLI_OPT("status", &o.status),
	        CLI_OPT("individual", &o.individual),
	        CLI_END,
	};
	put_job j = {.o = &o, .add = add};
	arnet_store *s;
	arnet_diag d;
	int rv;

	if ((rv = cli_args(CMD, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(CMD, "ID", pos[0], &j.c.id)) != 0) {
		return rv;
	}
	if (add) {
		const arnet_config *cfg = cli_config(ctx);
		if (cfg == NULL) {
			return EXIT_ERR;
		}
		if (o.name == NULL) {
			return cli_usage(CMD, "customer add needs --name");
		}
		arnet_ident id = j.c.id;
		arnet_customer_init(&j.c, &id);
		j.c.terms_days = (uint16_t)cfg->books.default_terms;
		memcpy(j.c.currency, cfg->books.currency, 4);
		if ((rv = apply_opts(&j.c, &o)) != 0) {
			return rv;
		}
	}
	if ((rv = cli_store(ctx, add, &s)) != 0) {
		return rv;
	}
	rv = arnet_store_write(s, put_txn, &j, 0, &d);
	if (j.usage) {
		return EXIT_USAGE;
	}
	if (rv != ARNET_OK) {
		return cli_fail(rv, &d);
	}
	if (ctx->json) {
		cJSON *out = cJSON_CreateObject();
		if (out != NULL) {
			cJSON_AddStringToObject(out, "result",
			                        cli_put_word(j.res));
			cJSON_AddItemToObject(out, "customer",
			                      customer_json(&j.c));
		}
		return cli_print_json(out);
	}
	printf("%s %s (%s)\n", cli_put_word(j.res), j.c.id.text, j.c.name);
	return EXIT_OK;
}

/* --- list and show --- */

typedef struct cust_sum {
	arnet_customer c;
	int64_t balance; /* outstanding, in the customer's currency */
	int64_t overdue;
	int32_t oldest_dpd;
	int n_open;
} cust_sum;

typedef struct list_job {
	int32_t as_of;
	cust_sum *v;
	size_t n, cap;
	int status; /* only this status, 0 = all */
} list_job;

static int
list_customer(const arnet_customer *c, void *arg)
{
	list_job *j = arg;
	if (ARNET_GROW(&j->v, j->n, &j->cap, 64) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	memset(&j->v[j->n], 0, sizeof(j->v[j->n]));
	j->v[j->n].c = *c;
	return 0;
}

static int
list_invoice(const arnet_customer *c, const arnet_invoice *inv,
             const arnet_alloc *allocs, size_t n, void *arg)
{
	list_job *j = arg;
	cust_sum *s = &j->v[j->n];
	if (strcmp(inv->currency, c->currency) != 0) {
		return 0;
	}
	int64_t left = arnet_outstanding(inv, allocs, n, j->as_of);
	if (left > 0) {
		int32_t dpd = j->as_of - inv->due;
		s->balance += left;
		s->n_open++;
		if (dpd > 0) {
			s->overdue += left;
			if (dpd > s->oldest_dpd) {
				s->oldest_dpd = dpd;
			}
		}
	}
	return 0;
}

static int
list_customer_end(const arnet_customer *c, void *arg)
{
	list_job *j = arg;
	if (j->status == 0 || c->status == j->status) {
		j->n++;
	}
	return 0;
}

/* Each customer's sums (the status asked for only) into j. */
static int
list_read(arnet_txn *t, list_job *j, arnet_diag *d)
{
	arnet_ledger_visitor v = {list_customer, list_invoice,
	                          list_customer_end, j};
	int rv = arnet_ledger_scan(t, NULL, &v, d);
	return rv == ARNET_ENOMEM ? arnet_diag_set(d, rv, "out of memory") : rv;
}

static cJSON *
sum_json(const cust_sum *s)
{
	cJSON *o = customer_json(&s->c);
	if (o != NULL) {
		cJSON_AddItemToObject(o, "balance", arnet_json_int(s->balance));
		cJSON_AddItemToObject(o, "overdue", arnet_json_int(s->overdue));
		cJSON_AddItemToObject(o, "oldest_days_past_due",
		                      arnet_json_int(s->oldest_dpd));
		cJSON_AddItemToObject(o, "open_invoices",
		                      arnet_json_int(s->n_open));
	}
	return o;
}

static int
list_table(const list_job *j, const cli_out *o)
{
	char b[40], title[120], grade[2] = "-";
	cli_table *t = CLI_TABLE(CLI_COLS_CUSTOMERS, NULL);
	for (size_t i = 0; i < j->n; i++) {
		const cust_sum *c = &j->v[i];
		grade[0] = c->c.grade ? c->c.grade : '-';
		cli_table_text(t, c->c.id.text);
		cli_table_text(t, c->c.name);
		cli_table_text(t, grade);
		cli_table_int(t, c->c.terms_days);
		if (c->c.credit_limit == ARNET_NO_LIMIT) {
			cli_table_label(t, o->zh ? "无" : "none");
		} else {
			cli_table_money_in(t, c->c.credit_limit, c->c.currency);
		}
		cli_table_money_in(t, c->balance, c->c.currency);
		cli_table_text(t, c->c.currency);
		cli_table_text(t, cli_status_word(c->c.status, o->zh));
	}
	snprintf(title, sizeof(title),
	         o->zh ? "客户：%zu 户，截至 %s" : "%zu customers, as of %s",
	         j->n, cli_date(b, j->as_of));
	int rv = cli_table_print(t, o, "customers", title);
	cli_table_free(t);
	return rv;
}

static int
customer_list(cli_ctx *ctx, int argc, char **argv)
{
	const char *as_of = NULL, *status = NULL;
	cli_out fmt = {0};
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of),
	                        CLI_OPT("status", &status), CLI_OUT_OPTS(fmt),
	                        CLI_END};
	list_job j = {0};
	arnet_txn *t;
	arnet_diag d;
	char b1[40];
	int rv;

	if ((rv = cli_args(CMD, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0 ||
	    (rv = cli_out_parse(CMD, ctx, &fmt)) != 0 ||
	    (rv = cli_as_of(CMD, as_of, &j.as_of)) != 0) {
		return rv;
	}
	if (status != NULL &&
	    (j.status = arnet_cust_status_parse(status)) == 0) {
		return cli_usage(CMD, "--status: expected active, hold or "
		                      "closed");
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(list_read(t, &j, &d), &d)) != EXIT_OK) {
		free(j.v);
		return rv;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "as_of", cli_date(b1, j.as_of));
		cJSON_AddItemToObject(o, "customers", a);
		for (size_t i = 0; i < j.n; i++) {
			cJSON_AddItemToArray(a, sum_json(&j.v[i]));
		}
		free(j.v);
		return cli_print_json(o);
	}
	rv = list_table(&j, &fmt);
	free(j.v);
	return rv;
}

static const char *const ORDER_UP[] = {"ALLOW", "WARN", "HOLD"};

typedef struct open_item {
	arnet_invoice inv;
	int64_t left;
} open_item;

typedef struct show_job {
	arnet_ident id;
	list_job list;
	const arnet_check_policy *pol;
	arnet_order_check oc;       /* what it owes, per currency, and the order
	                               check on no further order */
	const arnet_roster *roster; /* cli_roster's */
	open_item *open;
	size_t nopen, capopen;
	size_t limit;        /* --limit: of each list of the history */
	arnet_history hist;  /* closed invoices, payments, corrections */
	cli_changes changes; /* to the customer's record */
	arnet_contact contact;
} show_job;

static int
show_invoice(const arnet_customer *c, const arnet_invoice *inv,
             const arnet_alloc *allocs, size_t n, void *arg)
{
	show_job *j = arg;
	int rv = list_invoice(c, inv, allocs, n, &j->list);
	int64_t left = arnet_outstanding(inv, allocs, n, j->list.as_of);
	if (rv != 0 || left == 0) {
		return rv;
	}
	if (ARNET_GROW(&j->open, j->nopen, &j->capopen, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	open_item *it = &j->open[j->nopen];
	it->inv = *inv;
	it->left = left;
	j->nopen++;
	return 0;
}

/* The customer, its open invoices, its history, and the order check on
 * no further order, into j. */
static int
show_read(arnet_txn *t, show_job *j, arnet_diag *d)
{
	arnet_ledger_visitor v = {NULL, show_invoice, NULL, j};
	int rv = arnet_customer_get(t, &j->id, &j->list.v[0].c, d);
	if (rv == ARNET_OK) {
		rv = arnet_contact_get(t, &j->id, &j->contact, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_ledger_scan(t, &j->id, &v, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_history_build(t, &j->id, j->list.as_of, j->limit,
		                         &j->hist, d);
	}
	if (rv == ARNET_OK) {
		rv = cli_changes_read(t, &j->id, j->list.as_of, &j->changes, d);
	}
	if (rv == ARNET_OK) {
		rv = arnet_order_check_run(t, &j->id, 0, j->list.as_of, j->pol,
		                           j->roster, &j->oc, d);
	}
	return rv == ARNET_ENOMEM ? arnet_diag_set(d, rv, "out of memory") : rv;
}

/* The unapplied credit in the customer's own currency. */
static int64_t
show_unapplied(const show_job *j)
{
	for (size_t i = 0; i < j->oc.nowed; i++) {
		if (strcmp(j->oc.owed[i].currency, j->list.v[0].c.currency) ==
		    0) {
			return j->oc.owed[i].unapplied;
		}
	}
	return 0;
}

static cJSON *
show_json(const show_job *j)
{
	char b[40];
	cJSON *o = sum_json(&j->list.v[0]);
	cJSON *inv = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "as_of", cli_date(b, j->list.as_of));
	cJSON_AddItemToObject(o, "contact", cli_contact_json(&j->contact));
	cJSON_AddItemToObject(o, "unapplied",
	                      arnet_json_int(show_unapplied(j)));
	cJSON *owed = cJSON_CreateArray(), *oc = cJSON_CreateObject(),
	      *why = cJSON_CreateArray();
	for (size_t i = 0; i < j->oc.nowed; i++) {
		cJSON_AddItemToArray(owed, cli_owed_json(&j->oc.owed[i]));
	}
	cJSON_AddItemToObject(o, "owed", owed);
	cJSON_AddStringToObject(oc, "decision",
	                        cli_order_decision(j->oc.decision));
	for (int i = 0; i < j->oc.nreasons; i++) {
		cJSON_AddItemToArray(why,
		                     cJSON_CreateString(j->oc.reasons[i].text));
	}
	cJSON_AddItemToObject(oc, "reasons", why);
	cJSON_AddItemToObject(o, "order_check", oc);
	cJSON_AddItemToObject(o, "open_invoice_list", inv);
	for (size_t i = 0; i < j->nopen; i++) {
		const arnet_invoice *v = &j->open[i].inv;
		cJSON *e = cli_invoice_json(v, 0);
		cJSON_AddItemToObject(e, "outstanding",
		                      arnet_json_int(j->open[i].left));
		cJSON_AddItemToObject(e, "days_past_due",
		                      arnet_json_int(j->list.as_of - v->due));
		cJSON_AddItemToArray(inv, e);
	}
	cli_history_json(o, &j->hist, 0, "payments");
	cJSON_AddItemToObject(o, "changes", cli_changes_json(&j->changes));
	return o;
}

#define W(en, zh_text) (zh ? (zh_text) : (en))

static void
show_text(const show_job *j, int zh)
{
	const cust_sum *c = &j->list.v[0];
	const char *cur = c->c.currency;
	char b1[40], b2[40], b3[40];
	cli_show_label("customer", "客户", zh);
	printf("%s\n", c->c.id.text);
	cli_show_label("name", "名称", zh);
	printf("%s\n", c->c.name);
	cli_show_label("grade", "等级", zh);
	printf("%c\n", c->c.grade ? c->c.grade : '-');
	cli_show_label("terms", "账期", zh);
	printf(W("%u days\n", "%u 天\n"), c->c.terms_days);
	cli_show_label("individual", "个人", zh);
	printf("%s\n",
	       !c->c.individual ? W("no", "否")
	       : zh             ? "是：自然人（协会未获许可时，不发布其违约或停止信用记录）"
	            : "yes: a natural person (no DEFAULT or credit stop is "
	              "published about it unless the association is licensed)");
	cli_show_label("credit limit", "信用额度", zh);
	if (c->c.credit_limit == ARNET_NO_LIMIT) {
		printf("%s\n", W("none", "无"));
	} else {
		printf("%s %s\n", cli_money(b1, c->c.credit_limit, cur), cur);
	}
	cli_show_label("status", "状态", zh);
	printf("%s", cli_status_word(c->c.status, zh));
	if (c->c.status == ARNET_CUST_HOLD) {
		printf(W(" since %s: %s", "（自 %s：%s）"),
		       cli_date(b1, c->c.hold_since), c->c.hold_reason);
	}
	printf("\n");
	cli_contact_print(&j->contact, "", CLI_SHOW_LABEL_WIDTH, zh);
	/* What it owes in each currency, never added across. */
	for (size_t i = 0; i < j->oc.nowed; i++) {
		const arnet_order_owed *w = &j->oc.owed[i];
		if (i > 0 && w->balance == 0 && w->unapplied == 0) {
			continue;
		}
		cli_show_label(i == 0 ? "balance" : "", i == 0 ? "余额" : "",
		               zh);
		printf(W("%s %s (overdue %s, oldest %d days past due)",
		         "%s %s（逾期 %s，最长逾期 %d 天）"),
		       cli_money(b1, w->balance, w->currency), w->currency,
		       cli_money(b2, w->overdue, w->currency),
		       w->oldest_dpd > 0 ? w->oldest_dpd : 0);
		if (w->unapplied != 0) {
			printf(W(", unapplied credit %s", "，未核销预收 %s"),
			       cli_money(b3, w->unapplied, w->currency));
		}
		printf("\n");
	}
	cli_show_label("order check", "订单检查", zh);
	printf("%s", ORDER_UP[j->oc.decision]);
	for (int i = 0; i < j->oc.nreasons; i++) {
		printf("%s%s", i ? "; " : ": ", j->oc.reasons[i].text);
	}
	printf("\n");
	printf(W("\nopen invoices as of %s:\n", "\n未结发票（截至 %s）：\n"),
	       cli_date(b1, j->list.as_of));
	if (j->nopen == 0) {
		printf(W("  (none)\n", "  （无）\n"));
	}
	for (size_t i = 0; i < j->nopen; i++) {
		const arnet_invoice *v = &j->open[i].inv;
		printf(W("  %-16s due %s %16s of %16s %s %5d days past due\n",
		         "  %-16s 到期 %s %16s / %16s %s 逾期 %5d 天\n"),
		       v->number, cli_date(b1, v->due),
		       cli_money(b2, j->open[i].left, v->currency),
		       cli_money(b3, v->amount, v->currency), v->currency,
		       j->list.as_of - v->due);
	}
	cli_history_text(&j->hist, 0, zh);
	cli_changes_print(&j->changes, zh);
}

static int
customer_show(cli_ctx *ctx, int argc, char **argv)
{
	cli_show_args sa = {0};
	show_job j = {0};
	cust_sum one;
	arnet_txn *t;
	arnet_diag d;
	int rv;

	if ((rv = cli_show_parse(ctx, CMD, argc, argv, &j.id, &sa)) != 0) {
		return rv;
	}
	j.list.as_of = sa.as_of;
	j.limit = sa.limit;
	j.pol = &sa.cfg->check;
	memset(&one, 0, sizeof(one));
	j.list.v = &one;
	arnet_dunning_list dun = {0};
	if ((rv = cli_txn(ctx, &t)) == EXIT_OK &&
	    (rv = cli_roster(ctx, &j.roster)) == EXIT_OK &&
	    (rv = cli_ok(show_read(t, &j, &d), &d)) == EXIT_OK &&
	    (rv = cli_dunning_read(t, &j.id, NULL, j.list.as_of, &dun)) ==
	            EXIT_OK) {
		size_t n, nunread;
		if (ctx->json) {
			cJSON *o = show_json(&j), *al = cJSON_CreateArray();
			cli_dunning_json(o, &dun, 1); /* dunning_view.h */
			cJSON_AddItemToObject(o, "alerts", al);
			rv = cli_ok(cli_alerts_show(t, j.roster, &j.id, 1, 0,
			                            NULL, al, &n, &nunread, &d),
			            &d);
			rv = rv == EXIT_OK ? cli_print_json(o)
			                   : (cJSON_Delete(o), rv);
		} else {
			show_text(&j, sa.zh);
			cli_dunning_text(&dun, 1, sa.zh);
			/* what the network and the books raised about it, not
			 * read yet (arnet alerts) */
			printf(sa.zh ? "\n未读提醒：\n" : "\nunread alerts:\n");
			rv = cli_ok(cli_alerts_show(t, j.roster, &j.id, 1, 0,
			                            NULL, NULL, &n, &nunread,
			                            &d),
			            &d);
			if (rv == EXIT_OK && n == 0) {
				printf(sa.zh ? "  （无）\n" : "  (none)\n");
			}
		}
	}
	arnet_dunning_list_free(&dun);
	arnet_history_free(&j.hist);
	free(j.open);
	cli_changes_free(&j.changes);
	return rv;
}

static const cli_sub SUBS[] = {
        {"add", customer_put},         {"set", customer_put},
        {"list", customer_list},       {"show", customer_show},
        {"contact", customer_contact}, {NULL, NULL}};

/* No subcommand: which; one that is not: say so. */
static int
customer_unknown(cli_ctx *ctx, int argc, char **argv)
{
	return argc < 2 ? cli_sub_usage(ctx, SUBS)
	                : cli_usage(CMD, "unknown subcommand \"%s\"", argv[1]);
}

int
cmd_customer(cli_ctx *ctx, int argc, char **argv)
{
	return cli_subcommand(ctx, argc, argv, SUBS, customer_unknown);
}
