/*
 * cmd_statement.c - `arnet statement ID --month YYYY-MM | --from DATE
 * --to DATE [--format text|csv|xlsx|html|json] [--lang zh|en]`: the
 * reconciliation statement (对账单, 对账确认函) a firm sends each
 * customer to confirm.
 *
 * The practice (../shared/seeds): each month the firm sends a statement
 * in a standard form with the order numbers, dates and amounts, and the
 * customer confirms it within three working days, signed and stamped
 * with its seal, or lists what differs. So the text and HTML forms are
 * the whole document: the firm and the customer with their contact
 * data, the period, the opening balance, every invoice and payment with
 * its number and the balance after it, the closing balance (in Chinese
 * with its capital form), what of it was past due at the period's end,
 * where to pay, and the customer's confirmation block (客户确认: 经核对，
 * 上述余额无误 / 如有不符，请列明, 盖章, 日期). CSV and xlsx are the
 * lines alone, as a table.
 */
#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "contact.h"
#include "letter.h"
#include "table.h"

#include <stdlib.h>
#include <string.h>

/* s with the characters HTML gives a meaning to written as entities. */
static void
html_text(const char *s)
{
	static const char special[] = "<>&\"";
	static const char *const entity[] = {"&lt;", "&gt;", "&amp;", "&quot;"};
	for (; *s; s++) {
		const char *p = strchr(special, *s);
		if (p != NULL) {
			fputs(entity[p - special], stdout);
		} else {
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
        "发票", "收款", "红字发票", "核销", "作废", "冲回",
};

/* The document column: an invoice's number as it is; a payment by what
 * the customer knows it as, 收款 / payment (its reference, the bank's or
 * the draft's number, is the next column); a correction with its kind
 * before the document it names. */
static const char *
stmt_doc(const arnet_statement_line *l, char *buf, size_t cap, int zh)
{
	if (l->kind == ARNET_STMT_PAYMENT) {
		return (zh ? stmt_kinds_zh : stmt_kinds_en)[l->kind];
	}
	if (l->kind == ARNET_STMT_INVOICE || l->kind > ARNET_STMT_REVERSAL) {
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

/* What the text and HTML forms print above the table: the title, the
 * firm, the customer with its contact data, the period. */
static void
print_head(FILE *f, const arnet_statement *s, const arnet_config *cfg,
           const arnet_contact *ct, int zh)
{
	char b1[40], b2[40];
	fprintf(f,
	        zh ? "对账单（对账确认函）\n%s\n\n"
	           : "Statement of account\n%s\n\n",
	        cfg->member_name);
	fprintf(f, zh ? "致：%s（%s）\n" : "To: %s (%s)\n", s->c.name,
	        s->c.id.text);
	cli_contact_print_doc(f, ct, zh);
	fprintf(f,
	        zh ? "\n对账期间：%s 至 %s，币种：%s\n\n"
	           : "\nPeriod: %s to %s, in %s\n\n",
	        cli_date(b1, s->from), cli_date(b2, s->to), s->currency);
}

/* Below the table: the closing balance and what of it is overdue, the
 * request to confirm, where to pay, the firm, the confirmation block. */
static void
print_tail(FILE *f, const arnet_statement *s, const arnet_config *cfg, int zh)
{
	char b1[40], a1[LETTER_AMOUNT_MAX + 1], a2[LETTER_AMOUNT_MAX + 1];
	const char *cur = s->currency;
	letter_amount(a1, sizeof(a1), s->closing < 0 ? -s->closing : s->closing,
	              cur, zh);
	letter_amount(a2, sizeof(a2), s->overdue, cur, zh);
	cli_date(b1, s->to);
	if (s->closing > 0 && s->overdue > 0) {
		fprintf(f,
		        zh ? "\n截至 %s，贵司尚欠我司货款%s，其中已逾期%s。\n"
		           : "\nOn %s you owe us %s, of which %s is past "
		             "due.\n",
		        b1, a1, a2);
	} else if (s->closing > 0) {
		fprintf(f,
		        zh ? "\n截至 %s，贵司尚欠我司货款%s，均未到期。\n"
		           : "\nOn %s you owe us %s, none of it past due "
		             "yet.\n",
		        b1, a1);
	} else if (s->closing == 0) {
		fprintf(f,
		        zh ? "\n截至 %s，双方账目结清，余额为零。\n"
		           : "\nOn %s your account is settled: nothing is "
		             "owed.\n",
		        b1);
	} else {
		fprintf(f,
		        zh ? "\n截至 %s，贵司多付（预付）款项%s，"
		             "将在今后的货款中抵扣。\n"
		           : "\nOn %s your account is %s in credit, to be set "
		             "against future invoices.\n",
		        b1, a1);
	}
	if (zh) {
		fprintf(f, "\n请贵司核对上述账目，并于收到本对账单后三个工作日"
		           "内确认回复。如有不符，请列明差异并附相关凭证。\n"
		           "\n请将款项汇入：\n");
	} else {
		fprintf(f, "\nPlease check this statement against your records "
		           "and confirm it within three working days of "
		           "receiving it. If anything differs, please list the "
		           "differences and attach the documents.\n"
		           "\nPlease pay to:\n");
	}
	letter_firm_print(f, cfg, zh, 1);
	fprintf(f, "\n%s\n", cfg->member_name);
	letter_firm_print(f, cfg, zh, 0);
	fprintf(f, zh ? "日期：%s\n" : "Date: %s\n", cli_date(b1, s->to));
	if (zh) {
		fprintf(f,
		        "\n------------------------------------------------\n"
		        "客户确认（请核对后签字盖章，回传我司）\n"
		        "经核对，上述余额无误。\n"
		        "如有不符，请列明：\n"
		        "\n"
		        "客户（盖章）：\n"
		        "经办人：\n"
		        "日期：    年    月    日\n");
	} else {
		fprintf(f,
		        "\n------------------------------------------------\n"
		        "Customer's confirmation (please sign, stamp and "
		        "return)\n"
		        "We have checked the balance above and agree that it "
		        "is correct.\n"
		        "If it differs, please state how:\n"
		        "\n"
		        "Customer (company seal):\n"
		        "Signed by:\n"
		        "Date:\n");
	}
}

static int
print_table(const arnet_statement *s, const arnet_config *cfg,
            const arnet_contact *ct, const cli_out *o)
{
	cli_table *t = statement_table(s, o->zh);
	if (o->format == CLI_FMT_TEXT) {
		print_head(stdout, s, cfg, ct, o->zh);
	}
	int rv = cli_table_print(t, o, "statement", NULL);
	cli_table_free(t);
	if (rv == EXIT_OK && o->format == CLI_FMT_TEXT) {
		print_tail(stdout, s, cfg, o->zh);
	}
	return rv;
}

/* Lines of text as HTML paragraphs: a blank line ends one. */
static void
html_lines(const char *text)
{
	int open = 0;
	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t n = nl != NULL ? (size_t)(nl - text) : strlen(text);
		if (n == 0) {
			if (open) {
				fputs("</p>\n", stdout);
			}
			open = 0;
		} else {
			fputs(open ? "<br>\n" : "<p>", stdout);
			open = 1;
			char line[1024];
			snprintf(line, sizeof(line), "%.*s", (int)n, text);
			html_text(line);
		}
		text += n + (nl != NULL);
	}
	if (open) {
		fputs("</p>\n", stdout);
	}
}

/* One of the text blocks, written to memory then as HTML. */
static int
html_block(const arnet_statement *s, const arnet_config *cfg,
           const arnet_contact *ct, int zh, int tail)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (m == NULL) {
		return cli_error("out of memory");
	}
	if (tail) {
		print_tail(m, s, cfg, zh);
	} else {
		print_head(m, s, cfg, ct, zh);
	}
	fclose(m);
	html_lines(text);
	free(text);
	return EXIT_OK;
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

static int
print_html(const arnet_statement *s, const arnet_config *cfg,
           const arnet_contact *ct, int zh)
{
	char b1[40], b2[40], b3[40];
	const char *cur = s->currency;
	const cli_column *col = CLI_COLS_STATEMENT.v;
	printf("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	       "charset=\"utf-8\">\n<title>%s ",
	       zh ? "zh" : "en", zh ? "对账单" : "Statement of account");
	html_text(s->c.name);
	printf(" %s</title>\n<style>\nbody{font-family:sans-serif;margin:2em}"
	       "table{border-collapse:collapse}td,th{border:1px solid #999;"
	       "padding:.3em .6em}td.n{text-align:right}"
	       "tr.total td{font-weight:bold}\n</style>\n</head>\n<body>\n",
	       cli_date(b1, s->from));
	if (html_block(s, cfg, ct, zh, 0) != EXIT_OK) {
		return EXIT_ERR;
	}
	printf("<table>\n<tr>");
	for (int i = 0; i < CLI_COLS_STATEMENT.n; i++) {
		printf("<th>");
		html_text(zh ? col[i].zh : col[i].en);
		printf("</th>");
	}
	printf("</tr>\n");
	html_row("", zh ? "期初余额" : "opening balance", "", "", "", "",
	         cli_money(b1, s->opening, cur), 1);
	for (size_t i = 0; i < s->n; i++) {
		const arnet_statement_line *l = &s->lines[i];
		char d1[40], d2[40];
		char doc[ARNET_INVOICE_NO_MAX + 64];
		html_row(cli_date(d1, l->date),
		         stmt_doc(l, doc, sizeof(doc), zh),
		         l->kind > ARNET_STMT_PAYMENT ? l->reason : l->ref,
		         l->kind != ARNET_STMT_INVOICE ? ""
		                                       : cli_date(d2, l->due),
		         l->debit == 0 ? "" : cli_money(b1, l->debit, cur),
		         l->debit != 0 ? "" : cli_money(b2, l->credit, cur),
		         cli_money(b3, l->balance, cur), 0);
	}
	html_row("", zh ? "期末余额" : "closing balance", "", "",
	         cli_money(b1, s->invoiced, cur), cli_money(b2, s->paid, cur),
	         cli_money(b3, s->closing, cur), 1);
	printf("</table>\n");
	if (html_block(s, cfg, ct, zh, 1) != EXIT_OK) {
		return EXIT_ERR;
	}
	printf("</body>\n</html>\n");
	return EXIT_OK;
}

static cJSON *
statement_json(const arnet_statement *s, const arnet_contact *ct)
{
	char b[40];
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "customer", s->c.id.text);
	cJSON_AddStringToObject(o, "name", s->c.name);
	cJSON_AddItemToObject(o, "contact", cli_contact_json(ct));
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

/* --month YYYY-MM, or --from DATE --to DATE: the period. */
static int
statement_period(const char *month, const char *from, const char *to,
                 int32_t *first, int32_t *last)
{
	static const char *const C = "statement";
	int year, month_no, rv;
	char tail;
	if (month != NULL && (from != NULL || to != NULL)) {
		return cli_usage(C, "--month or --from/--to, not both");
	}
	if (month == NULL) {
		if (from == NULL || to == NULL) {
			return cli_usage(
			        C, "--month YYYY-MM (e.g. 2026-11), or "
			           "--from DATE and --to DATE, is needed");
		}
		if ((rv = cli_arg_date(C, "--from", from, first)) != 0 ||
		    (rv = cli_arg_date(C, "--to", to, last)) != 0) {
			return rv;
		}
		if (*first > *last) {
			return cli_usage(C, "--from %s is after --to %s", from,
			                 to);
		}
		return EXIT_OK;
	}
	if (sscanf(month, "%4d-%2d%c", &year, &month_no, &tail) != 2 ||
	    strlen(month) != 7 || month_no < 1 || month_no > 12 ||
	    year < 1900 || year > 9999 ||
	    arnet_date_from_ymd(first, year, month_no, 1) != ARNET_OK ||
	    arnet_date_from_ymd(last, month_no == 12 ? year + 1 : year,
	                        month_no == 12 ? 1 : month_no + 1,
	                        1) != ARNET_OK) {
		return cli_usage(C, "--month YYYY-MM is needed (e.g. 2026-11)");
	}
	(*last)--;
	return EXIT_OK;
}

int
cmd_statement(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "statement";
	const char *month = NULL, *from = NULL, *to = NULL, *cur = NULL,
	           *pos[1];
	cli_out fmt = {0};
	const cli_opt opts[] = {
	        CLI_OPT("month", &month), CLI_OPT("from", &from),
	        CLI_OPT("to", &to),       CLI_OPT("currency", &cur),
	        CLI_OUT_OPTS(fmt),        CLI_END};
	const arnet_config *cfg;
	arnet_ident id;
	int32_t first, last;
	char currency[4];
	arnet_statement s;
	arnet_contact ct;
	arnet_txn *t;
	arnet_diag d;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &id)) != 0 ||
	    (cur != NULL &&
	     (rv = cli_arg_currency(C, "--currency", cur, currency)) != 0) ||
	    (rv = statement_period(month, from, to, &first, &last)) != 0) {
		return rv;
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
	/* The document sent (text, HTML) carries the firm's details; the
	 * data (CSV, xlsx, JSON) does not need them. */
	if (!ctx->json && (html || fmt.format == CLI_FMT_TEXT) &&
	    (rv = letter_firm_check(ctx, cfg, "a statement")) != EXIT_OK) {
		return rv;
	}
	arnet_customer c;
	if (cur == NULL && (rv = cli_customer(ctx, &id, &c)) != EXIT_OK) {
		return rv;
	}
	if (cur == NULL) {
		memcpy(currency, c.currency, sizeof(currency));
	}
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_contact_get(t, &id, &ct, &d), &d)) != EXIT_OK ||
	    (rv = cli_ok(arnet_statement_range(t, &id, first, last, currency,
	                                       &s, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	if (ctx->json) {
		rv = cli_print_json(statement_json(&s, &ct));
	} else if (html) {
		rv = print_html(&s, cfg, &ct, fmt.zh);
	} else {
		rv = print_table(&s, cfg, &ct, &fmt);
	}
	arnet_statement_free(&s);
	return rv;
}
