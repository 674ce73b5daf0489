/*
 * cmd_statement.c - `arnet statement ID --month YYYY-MM [--format
 * text|csv|html]`: the monthly reconciliation statement (对账单) a firm
 * sends each customer to confirm.
 */
#include "arnet_reports.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct stmt_job {
	arnet_ident id;
	int year, month;
	char cur[4];
	int has_cur;
	arnet_statement s;
} stmt_job;

static int
stmt_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	stmt_job *j = arg;
	if (!j->has_cur) {
		arnet_customer c;
		int rv = arnet_customer_get(t, &j->id, &c, d);
		if (rv != ARNET_OK) {
			return rv;
		}
		memcpy(j->cur, c.currency, 4);
	}
	return arnet_statement_build(t, &j->id, j->year, j->month, j->cur,
	                             &j->s, d);
}

/* CSV field: quoted when it holds a comma, quote or newline. */
static void
csv_field(const char *s, int last)
{
	if (strpbrk(s, ",\"\n\r") != NULL) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"') {
				putchar('"');
			}
			putchar(*s);
		}
		putchar('"');
	} else {
		fputs(s, stdout);
	}
	putchar(last ? '\n' : ',');
}

/* Plain decimal for CSV (no grouping commas). */
static const char *
plain(char *buf, int64_t v, const char *cur)
{
	if (arnet_money_format(buf, 40, v, cur, 0) != ARNET_OK) {
		snprintf(buf, 40, "%lld", (long long)v);
	}
	return buf;
}

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

static void
print_text(const arnet_statement *s, const char *firm)
{
	char b1[40], b2[40], b3[40], cell[120];
	const char *cur = s->currency;
	printf("对账单 / Statement of account\n");
	printf("%s\n\n", firm);
	printf("customer  %s  %s\n", s->c.name, s->c.id.text);
	printf("period    %s to %s, %s\n\n", cli_date(b1, s->from),
	       cli_date(b2, s->to), cur);
	printf("%-10s %-18s %-20s %-10s %15s %15s %15s\n", "date", "document",
	       "order / reference", "due", "invoiced", "paid", "balance");
	printf("%-10s %-18s %-20s %-10s %15s %15s %15s\n", "",
	       "opening balance", "", "", "", "",
	       cli_money(b1, s->opening, cur));
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		printf("%-10s %-18s %s %-10s %15s %15s %15s\n",
		       cli_date(b1, l->date), l->doc,
		       cli_cell(cell, sizeof(cell), l->ref, 20),
		       l->is_payment ? "" : cli_date(b2, l->due),
		       l->is_payment ? "" : cli_money(b3, l->debit, cur),
		       l->is_payment ? cli_money(b3, l->credit, cur) : "",
		       cli_money(b2, l->balance, cur));
	}
	printf("%-10s %-18s %-20s %-10s %15s %15s %15s\n", "",
	       "closing balance", "", "", cli_money(b1, s->invoiced, cur),
	       cli_money(b2, s->paid, cur), cli_money(b3, s->closing, cur));
	printf("\nof which past due on %s: %s %s\n", cli_date(b1, s->to),
	       cli_money(b2, s->overdue, cur), cur);
	printf("\nPlease check this statement against your records and confirm "
	       "within three working days.\n请核对以上账目，"
	       "并于三个工作日内确认回复。\n");
}

static void
print_csv(const arnet_statement *s)
{
	char b1[40], b2[40];
	const char *cur = s->currency;
	printf("date,document,reference,due_date,invoiced,paid,balance,"
	       "currency\n");
	printf(",opening balance,,,,,%s,%s\n", plain(b1, s->opening, cur), cur);
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		csv_field(cli_date(b1, l->date), 0);
		csv_field(l->doc, 0);
		csv_field(l->ref, 0);
		csv_field(l->is_payment ? "" : cli_date(b2, l->due), 0);
		csv_field(l->is_payment ? "" : plain(b1, l->debit, cur), 0);
		csv_field(l->is_payment ? plain(b1, l->credit, cur) : "", 0);
		csv_field(plain(b2, l->balance, cur), 0);
		csv_field(cur, 1);
	}
	printf(",closing balance,,,%s,", plain(b1, s->invoiced, cur));
	printf("%s,%s,%s\n", plain(b2, s->paid, cur),
	       plain(b1, s->closing, cur), cur);
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
		html_row(cli_date(d1, l->date), l->doc, l->ref,
		         l->is_payment ? "" : cli_date(d2, l->due),
		         l->is_payment ? "" : cli_money(b1, l->debit, cur),
		         l->is_payment ? cli_money(b2, l->credit, cur) : "",
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
		cJSON_AddStringToObject(e, "kind",
		                        l->is_payment ? "payment" : "invoice");
		cJSON_AddStringToObject(e, "document", l->doc);
		cJSON_AddStringToObject(e, "reference", l->ref);
		if (!l->is_payment) {
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
	const char *month = NULL, *format = NULL, *cur = NULL, *pos[1];
	const cli_opt opts[] = {CLI_OPT("month", &month),
	                        CLI_OPT("format", &format),
	                        CLI_OPT("currency", &cur), CLI_END};
	const arnet_config *cfg;
	stmt_job j = {0};
	char tail;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &j.id)) != 0 ||
	    (cur != NULL &&
	     (rv = cli_arg_currency(C, "--currency", cur, j.cur)) != 0)) {
		return rv;
	}
	j.has_cur = cur != NULL;
	if (month == NULL ||
	    sscanf(month, "%4d-%2d%c", &j.year, &j.month, &tail) != 2 ||
	    strlen(month) != 7 || j.month < 1 || j.month > 12 ||
	    j.year < 1900 || j.year > 9999) {
		return cli_usage(C, "--month YYYY-MM is needed (e.g. 2026-11)");
	}
	if (format != NULL && strcmp(format, "text") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "html") != 0) {
		return cli_usage(C, "--format: text, csv or html");
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	if ((rv = cli_read(ctx, stmt_txn, &j)) != EXIT_OK) {
		return rv;
	}
	const char *firm = cfg->member_name[0] ? cfg->member_name : "";
	if (ctx->json) {
		rv = cli_print_json(statement_json(&j.s));
	} else if (format == NULL || strcmp(format, "text") == 0) {
		print_text(&j.s, firm);
	} else if (strcmp(format, "csv") == 0) {
		print_csv(&j.s);
	} else {
		print_html(&j.s, firm);
	}
	arnet_statement_free(&j.s);
	return rv;
}
