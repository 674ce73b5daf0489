/*
 * history_view.c - a customer's or an invoice's history as the show
 * commands print it (history_view.h): one place for the words of the
 * history in both languages, so `customer show` and `invoice show` say
 * a reversal or a write-off alike.
 */
#include "history_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W(en, zh_text) (zh ? (zh_text) : (en))

void
cli_show_label(const char *en, const char *zh_text, int zh)
{
	char cell[4 * CLI_SHOW_LABEL_WIDTH + 4];
	printf("%s ", cli_cell(cell, sizeof(cell), W(en, zh_text),
	                       CLI_SHOW_LABEL_WIDTH));
}

/* A word of the history in both languages, by the value it names. */
typedef struct hv_word {
	const char *en, *zh;
} hv_word;

static const char *
hv_word_of(const hv_word *words, size_t n, int v, int zh)
{
	if (v < 0 || (size_t)v >= n || words[v].en == NULL) {
		return "?";
	}
	return W(words[v].en, words[v].zh);
}

const char *
cli_corr_kind_word(int kind, int zh)
{
	static const hv_word words[] = {
	        [ARNET_CORR_CREDIT_NOTE] = {"credit note", "红字发票"},
	        [ARNET_CORR_WRITE_OFF] = {"write-off", "核销"},
	        [ARNET_CORR_VOID] = {"void", "作废"},
	        [ARNET_CORR_REVERSAL] = {"reversal", "收款冲回"},
	};
	return hv_word_of(words, sizeof(words) / sizeof(words[0]), kind, zh);
}

const char *
cli_close_word(int how, int zh)
{
	static const hv_word words[] = {
	        [ARNET_CLOSE_PAID] = {"paid", "已付清"},
	        [ARNET_CLOSE_CREDITED] = {"credited", "红字冲销"},
	        [ARNET_CLOSE_WRITTEN_OFF] = {"written off", "已核销"},
	        [ARNET_CLOSE_VOID] = {"void", "已作废"},
	};
	return hv_word_of(words, sizeof(words) / sizeof(words[0]), how, zh);
}

const char *
cli_status_word(int status, int zh)
{
	static const char *const ZH[] = {NULL, "正常", "信用冻结", "已关闭"};
	const char *en = arnet_cust_status_name(status);
	if (en == NULL) {
		return "?";
	}
	return zh && status >= ARNET_CUST_ACTIVE && status <= ARNET_CUST_CLOSED
	               ? ZH[status]
	               : en;
}

int
cli_show_parse(cli_ctx *ctx, const char *cmd, int argc, char **argv,
               arnet_ident *id, cli_show_args *out)
{
	const char *as_of = NULL, *limit = NULL, *lang = NULL;
	const cli_opt opts[] = {CLI_OPT("as-of", &as_of),
	                        CLI_OPT("limit", &limit),
	                        CLI_OPT("lang", &lang), CLI_END};
	long x = ARNET_HISTORY_LIMIT;
	int rv;

	if ((rv = cli_args(cmd, argc, argv, 2, opts, &out->name, 1, 1, NULL)) !=
	            0 ||
	    (id != NULL &&
	     (rv = cli_arg_ident(cmd, "ID", out->name, id)) != 0) ||
	    (rv = cli_as_of(cmd, as_of, &out->as_of)) != 0 ||
	    (rv = cli_arg_long(cmd, "--limit", limit, 1, 1000000, &x)) != 0) {
		return rv;
	}
	out->limit = (size_t)x;
	if ((out->cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	return cli_arg_lang(cmd, lang, out->cfg->node.lang_zh, &out->zh);
}

/* --- JSON --- */

static void
add_list(cJSON *o, const char *key, cJSON *a, size_t total)
{
	char k[64];
	cJSON_AddItemToObject(o, key, a);
	snprintf(k, sizeof(k), "%s_total", key);
	cJSON_AddItemToObject(o, k, arnet_json_int((int64_t)total));
}

static cJSON *
corr_json(const arnet_history_corr *e, int invoice)
{
	const arnet_correction *c = &e->c;
	char b[40];
	cJSON *x = cJSON_CreateObject();
	cJSON_AddItemToObject(x, "id", arnet_json_int((int64_t)c->id));
	cJSON_AddStringToObject(x, "kind", arnet_corr_kind_name(c->kind));
	cJSON_AddStringToObject(x, "date", cli_date(b, c->date));
	cJSON_AddStringToObject(x, "number", c->number);
	cJSON_AddStringToObject(x, "invoice", c->invoice);
	cJSON_AddItemToObject(x, "payment",
	                      c->kind == ARNET_CORR_REVERSAL
	                              ? arnet_json_int((int64_t)c->payment)
	                              : cJSON_CreateNull());
	cJSON_AddItemToObject(x, "amount", arnet_json_int(c->amount));
	cJSON_AddStringToObject(x, "currency", c->currency);
	cJSON_AddStringToObject(x, "reason", c->reason);
	if (invoice) {
		cJSON_AddItemToObject(x, "applied", arnet_json_int(e->applied));
	}
	return x;
}

cJSON *
cli_invoice_json(const arnet_invoice *v, int with_customer)
{
	char b[40];
	cJSON *o = cJSON_CreateObject();
	if (o != NULL) {
		cJSON_AddStringToObject(o, "number", v->number);
		if (with_customer) {
			cJSON_AddStringToObject(o, "customer",
			                        v->customer.text);
		}
		cJSON_AddStringToObject(o, "order_ref", v->order_ref);
		cJSON_AddStringToObject(o, "issued", cli_date(b, v->issued));
		cJSON_AddStringToObject(o, "due", cli_date(b, v->due));
		cJSON_AddItemToObject(o, "amount", arnet_json_int(v->amount));
		cJSON_AddStringToObject(o, "currency", v->currency);
	}
	return o;
}

static cJSON *
closed_json(const arnet_closed_invoice *c)
{
	char b[40];
	cJSON *x = cli_invoice_json(&c->inv, 0);
	cJSON_AddStringToObject(x, "how", arnet_close_kind_name(c->how));
	cJSON_AddStringToObject(x, "closed", cli_date(b, c->closed));
	return x;
}

static cJSON *
payment_json(const arnet_history_payment *e, int invoice)
{
	const arnet_payment *p = &e->p;
	char b[40];
	cJSON *x = cJSON_CreateObject();
	cJSON_AddItemToObject(x, "id", arnet_json_int((int64_t)p->id));
	cJSON_AddStringToObject(x, "date", cli_date(b, p->date));
	cJSON_AddItemToObject(x, "amount", arnet_json_int(p->amount));
	cJSON_AddStringToObject(x, "currency", p->currency);
	cJSON_AddStringToObject(x, "invoice", p->invoice);
	cJSON_AddStringToObject(x, "reference", p->reference);
	cJSON_AddItemToObject(x, "unapplied", arnet_json_int(p->unapplied));
	if (invoice) {
		cJSON_AddItemToObject(x, "applied", arnet_json_int(e->applied));
	}
	cJSON *r = cJSON_CreateNull();
	if (e->reversed) {
		cJSON_Delete(r);
		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "date", cli_date(b, e->reversed_on));
		cJSON_AddStringToObject(r, "reason", e->reason);
	}
	cJSON_AddItemToObject(x, "reversed", r);
	return x;
}

void
cli_history_json(cJSON *o, const arnet_history *h, int invoice,
                 const char *payments_key)
{
	cJSON *a = cJSON_CreateArray();
	cJSON_AddItemToObject(o, "limit", arnet_json_int((int64_t)h->limit));
	for (size_t i = 0; i < h->corrections.n; i++) {
		cJSON_AddItemToArray(a,
		                     corr_json(&h->corrections.v[i], invoice));
	}
	add_list(o, "corrections", a, h->corrections.total);
	if (!invoice) {
		a = cJSON_CreateArray();
		for (size_t i = 0; i < h->closed.n; i++) {
			cJSON_AddItemToArray(a, closed_json(&h->closed.v[i]));
		}
		add_list(o, "closed_invoices", a, h->closed.total);
	}
	a = cJSON_CreateArray();
	for (size_t i = 0; i < h->payments.n; i++) {
		cJSON_AddItemToArray(a,
		                     payment_json(&h->payments.v[i], invoice));
	}
	add_list(o, payments_key, a, h->payments.total);
}

/* --- text --- */

/* What a correction is about: a credit note's number, the invoice of a
 * void or write-off, the payment of a reversal. */
static const char *
corr_doc(char *buf, size_t cap, const arnet_correction *c, int zh)
{
	if (c->kind == ARNET_CORR_REVERSAL) {
		snprintf(buf, cap, W("payment %llu", "收款 %llu"),
		         (unsigned long long)c->payment);
	} else if (c->kind == ARNET_CORR_CREDIT_NOTE) {
		snprintf(buf, cap, "%s", c->number);
	} else {
		snprintf(buf, cap, "%s", c->invoice);
	}
	return buf;
}

static void
more_line(size_t n, size_t total, int zh)
{
	if (total > n) {
		printf(W("  ... %zu more (--limit N shows more)\n",
		         "  …… 另有 %zu 条（--limit N 可显示更多）\n"),
		       total - n);
	}
}

static void
reversal_text(const arnet_history_payment *e, int zh)
{
	char b[40];
	if (e->reversed) {
		printf(W(" [reversed %s: %s]", "［已冲回 %s：%s］"),
		       cli_date(b, e->reversed_on), e->reason);
	}
}

static void
cell(const char *s, int width)
{
	char c[4 * 24 + 4];
	printf("%s ", cli_cell(c, sizeof(c), s, width));
}

static void
customer_text(const arnet_history *h, int zh)
{
	char b1[40], b2[40], doc[80];
	printf(W("\nclosed invoices as of %s:\n", "\n已结发票（截至 %s）：\n"),
	       cli_date(b1, h->as_of));
	if (h->closed.total == 0) {
		printf(W("  (none)\n", "  （无）\n"));
	}
	for (size_t i = 0; i < h->closed.n; i++) {
		const arnet_closed_invoice *c = &h->closed.v[i];
		printf("  ");
		cell(c->inv.number, 16);
		printf(W("issued %s %16s %s  ", "开票 %s %16s %s  "),
		       cli_date(b1, c->inv.issued),
		       cli_money(b2, c->inv.amount, c->inv.currency),
		       c->inv.currency);
		cell(cli_close_word(c->how, zh), 11);
		printf("%s\n", cli_date(b1, c->closed));
	}
	more_line(h->closed.n, h->closed.total, zh);

	printf(W("\npayments to %s:\n", "\n收款（截至 %s）：\n"),
	       cli_date(b1, h->as_of));
	if (h->payments.total == 0) {
		printf(W("  (none)\n", "  （无）\n"));
	}
	for (size_t i = 0; i < h->payments.n; i++) {
		const arnet_history_payment *e = &h->payments.v[i];
		const arnet_payment *p = &e->p;
		printf("  %s %16s %s  ", cli_date(b1, p->date),
		       cli_money(b2, p->amount, p->currency), p->currency);
		cell(p->invoice[0] ? p->invoice
		                   : W("(oldest first)", "（按账龄冲抵）"),
		     16);
		printf("%s", p->reference);
		reversal_text(e, zh);
		printf("\n");
	}
	more_line(h->payments.n, h->payments.total, zh);

	printf(W("\ncorrections to %s:\n", "\n更正（截至 %s）：\n"),
	       cli_date(b1, h->as_of));
	if (h->corrections.total == 0) {
		printf(W("  (none)\n", "  （无）\n"));
	}
	for (size_t i = 0; i < h->corrections.n; i++) {
		const arnet_correction *c = &h->corrections.v[i].c;
		printf("  %s ", cli_date(b1, c->date));
		cell(cli_corr_kind_word(c->kind, zh), 11);
		cell(corr_doc(doc, sizeof(doc), c, zh), 16);
		printf("%16s %s%s%s\n", cli_money(b2, c->amount, c->currency),
		       c->currency, c->reason[0] ? "  " : "", c->reason);
	}
	more_line(h->corrections.n, h->corrections.total, zh);
}

static void
invoice_text(const arnet_history *h, int zh)
{
	char b1[40], b2[40], doc[80];
	for (size_t i = 0; i < h->payments.n; i++) {
		const arnet_history_payment *e = &h->payments.v[i];
		if (i == 0) {
			cli_show_label("payments", "收款", zh);
		} else {
			cli_show_label("", "", zh);
		}
		printf(W("%s %s %s (payment %llu%s%s)",
		         "%s %s %s（收款 %llu%s%s）"),
		       cli_date(b1, e->p.date),
		       cli_money(b2, e->applied, e->p.currency), e->p.currency,
		       (unsigned long long)e->p.id,
		       e->p.reference[0] ? ", " : "", e->p.reference);
		reversal_text(e, zh);
		printf("\n");
	}
	if (h->payments.n > 0) {
		more_line(h->payments.n, h->payments.total, zh);
	}
	for (size_t i = 0; i < h->corrections.n; i++) {
		const arnet_history_corr *e = &h->corrections.v[i];
		if (i == 0) {
			cli_show_label("corrections", "更正", zh);
		} else {
			cli_show_label("", "", zh);
		}
		printf("%s %s %s %s %s%s%s\n", cli_date(b1, e->c.date),
		       cli_corr_kind_word(e->c.kind, zh),
		       corr_doc(doc, sizeof(doc), &e->c, zh),
		       cli_money(b2, e->applied, e->c.currency), e->c.currency,
		       e->c.reason[0] ? W(": ", "：") : "", e->c.reason);
	}
	if (h->corrections.n > 0) {
		more_line(h->corrections.n, h->corrections.total, zh);
	}
}

void
cli_history_text(const arnet_history *h, int invoice, int zh)
{
	if (invoice) {
		invoice_text(h, zh);
	} else {
		customer_text(h, zh);
	}
}
