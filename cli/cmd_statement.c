/*
 * cmd_statement.c - `arnet statement ID --month YYYY-MM [--format
 * text|csv|html]`: the monthly reconciliation statement (对账单) a firm
 * sends each customer to confirm.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

static void
html_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", stdout);
			break;
		case '>':
			fputs("&gt;", stdout);
			break;
		case '&':
			fputs("&amp;", stdout);
			break;
		case '"':
			fputs("&quot;", stdout);
			break;
		default:
			putchar(*s);
		}
	}
}

/* The statement's lines as a table: the opening balance, each document
 * with the balance after it, the closing balance as the totals row. */
/* Labels of the lines by arnet_stmt_kind (the JSON "kind" is English). */
static const char *const stmt_kinds_en[] = {
        "invoice", "payment", "credit note", "write-off", "void", "reversal",
};
static const char *const stmt_kinds_zh[] = {
        "发票", "付款", "红字发票", "核销", "作废", "冲回",
};

/* The document column: an invoice's number or "payment N" as they are,
 * a correction with its kind before the document it names. */
static const char *
stmt_doc(const arnet_statement_line *l, char *buf, size_t cap, int zh)
{
	if (l->kind <= ARNET_STMT_PAYMENT || l->kind > ARNET_STMT_REVERSAL) {
		return l->doc;
	}
	snprintf(buf, cap, "%s %s",
	         (zh ? stmt_kinds_zh : stmt_kinds_en)[l->kind], l->doc);
	return buf;
}

static cli_table *
statement_table(const arnet_statement *s, int zh)
{
	char doc[ARNET_INVOICE_NO_MAX + 64];
	cli_table *t = CLI_TABLE(CLI_COLS_STATEMENT, s->currency);
	cli_table_blank(t);
	cli_table_text(t, zh ? "期初余额" : "opening balance");
	cli_table_text(t, "");
	cli_table_blank(t);
	cli_table_blank(t);
	cli_table_blank(t);
	cli_table_money(t, s->opening);
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		cli_table_date(t, l->date);
		cli_table_text(t, stmt_doc(l, doc, sizeof(doc), zh));
		cli_table_text(t, l->kind > ARNET_STMT_PAYMENT ? l->reason
		                                               : l->ref);
		if (l->kind == ARNET_STMT_INVOICE) {
			cli_table_date(t, l->due);
		} else {
			cli_table_blank(t);
		}
		if (l->debit != 0) {
			cli_table_money(t, l->debit);
			cli_table_blank(t);
		} else {
			cli_table_blank(t);
			cli_table_money(t, l->credit);
		}
		cli_table_money(t, l->balance);
	}
	cli_table_total(t);
	cli_table_blank(t);
	cli_table_text(t, zh ? "期末余额" : "closing balance");
	cli_table_text(t, "");
	cli_table_blank(t);
	cli_table_money(t, s->invoiced);
	cli_table_money(t, s->paid);
	cli_table_money(t, s->closing);
	return t;
}

static int
print_table(const arnet_statement *s, const char *firm, const cli_out *o)
{
	char b1[40], b2[40];
	const char *cur = s->currency;
	cli_table *t = statement_table(s, o->zh);
	if (o->format == CLI_FMT_TEXT) {
		printf("对账单 / Statement of account\n");
		printf("%s\n\n", firm);
		printf("%s  %s  %s\n", o->zh ? "客户" : "customer", s->c.name,
		       s->c.id.text);
		printf("%s  %s - %s, %s\n\n", o->zh ? "期间" : "period  ",
		       cli_date(b1, s->from), cli_date(b2, s->to), cur);
	}
	int rv = cli_table_print(t, o, "statement", NULL);
	cli_table_free(t);
	if (rv == EXIT_OK && o->format == CLI_FMT_TEXT) {
		printf(o->zh ? "\n其中截至 %s 已逾期：%s %s\n"
		             : "\nof which past due on %s: %s %s\n",
		       cli_date(b1, s->to), cli_money(b2, s->overdue, cur),
		       cur);
		printf("\nPlease check this statement against your records and "
		       "confirm within three working days.\n请核对以上账目，"
		       "并于三个工作日内确认回复。\n");
	}
	return rv;
}

static void
html_row(const char *a, const char *b, const char *c, const char *d,
         const char *e, const char *f, const char *g, int strong)
{
	const char *cells[] = {a, b, c, d, e, f, g};
	fputs(strong ? "<tr class=\"total\">" : "<tr>", stdout);
	for (int i = 0; i < 7; i++) {
		fputs(i >= 4 ? "<td class=\"n\">" : "<td>", stdout);
		html_text(cells[i]);
		fputs("</td>", stdout);
	}
	fputs("</tr>\n", stdout);
}

static void
print_html(const arnet_statement *s, const char *firm)
{
	char b1[40], b2[40], b3[40];
	const char *cur = s->currency;
	printf("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta "
	       "charset=\"utf-8\">\n<title>对账单 ");
	html_text(s->c.name);
	printf(" %s</title>\n<style>\nbody{font-family:sans-serif;margin:2em}"
	       "table{border-collapse:collapse}td,th{border:1px solid #999;"
	       "padding:.3em .6em}td.n{text-align:right}"
	       "tr.total td{font-weight:bold}\n</style>\n</head>\n<body>\n",
	       cli_date(b1, s->from));
	printf("<h1>对账单 / Statement of account</h1>\n<p>");
	html_text(firm);
	printf("</p>\n<p>customer: <b>");
	html_text(s->c.name);
	printf("</b> (%s)<br>period: %s to %s, %s</p>\n", s->c.id.text,
	       cli_date(b1, s->from), cli_date(b2, s->to), cur);
	printf("<table>\n<tr><th>date</th><th>document</th><th>order / "
	       "reference</th><th>due</th><th>invoiced</th><th>paid</th>"
	       "<th>balance</th></tr>\n");
	html_row("", "opening balance", "", "", "", "",
	         cli_money(b1, s->opening, cur), 1);
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		char d1[40], d2[40];
		char doc[ARNET_INVOICE_NO_MAX + 64];
		html_row(cli_date(d1, l->date),
		         stmt_doc(l, doc, sizeof(doc), 0),
		         l->kind > ARNET_STMT_PAYMENT ? l->reason : l->ref,
		         l->kind != ARNET_STMT_INVOICE ? ""
		                                       : cli_date(d2, l->due),
		         l->debit == 0 ? "" : cli_money(b1, l->debit, cur),
		         l->debit != 0 ? "" : cli_money(b2, l->credit, cur),
		         cli_money(b3, l->balance, cur), 0);
	}
	html_row("", "closing balance", "", "", cli_money(b1, s->invoiced, cur),
	         cli_money(b2, s->paid, cur), cli_money(b3, s->closing, cur),
	         1);
	printf("</table>\n<p>of which past due on %s: %s %s</p>\n",
	       cli_date(b1, s->to), cli_money(b2, s->overdue, cur), cur);
	printf("<p>请核对以上账目，并于三个工作日内确认回复。<br>Please check "
	       "this statement against your records and confirm within three "
	       "working days.</p>\n</body>\n</html>\n");
}

static cJSON *
statement_json(const arnet_statement *s)
{
	char b[40];
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "customer", s->c.id.text);
	cJSON_AddStringToObject(o, "name", s->c.name);
	cJSON_AddStringToObject(o, "from", cli_date(b, s->from));
	cJSON_AddStringToObject(o, "to", cli_date(b, s->to));
	cJSON_AddStringToObject(o, "currency", s->currency);
	cJSON_AddItemToObject(o, "opening", arnet_json_int(s->opening));
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "date", cli_date(b, l->date));
		cJSON_AddStringToObject(e, "kind", stmt_kinds_en[l->kind]);
		cJSON_AddStringToObject(e, "document", l->doc);
		cJSON_AddStringToObject(e, "reference", l->ref);
		if (l->kind > ARNET_STMT_PAYMENT) {
			cJSON_AddStringToObject(e, "reason", l->reason);
		}
		if (l->kind == ARNET_STMT_INVOICE) {
			cJSON_AddStringToObject(e, "due", cli_date(b, l->due));
		}
		cJSON_AddItemToObject(e, "invoiced", arnet_json_int(l->debit));
		cJSON_AddItemToObject(e, "paid", arnet_json_int(l->credit));
		cJSON_AddItemToObject(e, "balance", arnet_json_int(l->balance));
		cJSON_AddItemToArray(a, e);
	}
	cJSON_AddItemToObject(o, "lines", a);
	cJSON_AddItemToObject(o, "invoiced", arnet_json_int(s->invoiced));
	cJSON_AddItemToObject(o, "paid", arnet_json_int(s->paid));
	cJSON_AddItemToObject(o, "closing", arnet_json_int(s->closing));
	cJSON_AddItemToObject(o, "overdue", arnet_json_int(s->overdue));
	return o;
}

int
cmd_statement(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "statement";
	const char *month = NULL, *cur = NULL, *pos[1];
	cli_out fmt = {0};
	const cli_opt opts[] = {CLI_OPT("month", &month),
	                        CLI_OPT("currency", &cur), CLI_OUT_OPTS(fmt),
	                        CLI_END};
	const arnet_config *cfg;
	arnet_ident id;
	int year, month_no;
	char currency[4];
	arnet_statement s;
	arnet_txn *t;
	arnet_diag d;
	char tail;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &id)) != 0 ||
	    (cur != NULL &&
	     (rv = cli_arg_currency(C, "--currency", cur, currency)) != 0)) {
		return rv;
	}
	if (month == NULL ||
	    sscanf(month, "%4d-%2d%c", &year, &month_no, &tail) != 2 ||
	    strlen(month) != 7 || month_no < 1 || month_no > 12 ||
	    year < 1900 || year > 9999) {
		return cli_usage(C, "--month YYYY-MM is needed (e.g. 2026-11)");
	}
	/* html is the statement's own format; the others are a table's. */
	int html =
	        fmt.format_text != NULL && strcmp(fmt.format_text, "html") == 0;
	if (html) {
		fmt.format_text = NULL;
	}
	if ((rv = cli_out_parse(C, ctx, &fmt)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	arnet_customer c;
	if (cur == NULL && (rv = cli_customer(ctx, &id, &c)) != EXIT_OK) {
		return rv;
	}
	if (cur == NULL) {
		memcpy(currency, c.currency, sizeof(currency));
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_statement_build(t, &id, year, month_no, currency,
	                                       &s, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	const char *firm = cfg->member_name[0] ? cfg->member_name : "";
	if (ctx->json) {
		rv = cli_print_json(statement_json(&s));
	} else if (html) {
		print_html(&s, firm);
	} else {
		rv = print_table(&s, firm, &fmt);
	}
	arnet_statement_free(&s);
	return rv;
}
