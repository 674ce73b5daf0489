/*
 * history_view.h - a customer's or an invoice's history
 * (arnet_history.h) as `customer show` and `invoice show` print it, in
 * English or Chinese text and in JSON, and the "label   value" layout
 * both show commands share.
 */
#ifndef ARNET_CLI_HISTORY_VIEW_H
#define ARNET_CLI_HISTORY_VIEW_H

#include "arnet_history.h"
#include "cli.h"

/* The label column of the show commands, in terminal columns. */
#define CLI_SHOW_LABEL_WIDTH 14

/* cli_show_label: the English or Chinese label (zh) padded to the label
 * column and a space, to stdout: the first part of a "label value" line. */
void cli_show_label(const char *en, const char *zh_text, int zh);

/* The words of the history, English or Chinese: a correction's kind
 * ("credit note" 红字发票, "write-off" 核销, "void" 作废, "reversal"
 * 收款冲回), how an invoice closed ("paid" 已付清, "credited" 红字冲销,
 * "written off" 已核销, "void" 已作废), a customer's status ("active"
 * 正常, "hold" 信用冻结, "closed" 已关闭). */
const char *cli_corr_kind_word(int kind, int zh);
const char *cli_close_word(int how, int zh);
const char *cli_status_word(int status, int zh);

/*
 * cli_invoice_json: an invoice as the show commands and `invoice add`
 * print it: number, customer (when with_customer is set), order_ref,
 * issued, due, amount, currency. The caller owns it; NULL when out of
 * memory.
 */
cJSON *cli_invoice_json(const arnet_invoice *v, int with_customer);

/*
 * cli_history_json: add h's lists to o: `corrections` and, for a
 * customer (invoice 0), `closed_invoices`; the payments under
 * `payments_key`. Each list `K` has `K_total` beside it (how many before
 * the cut at `limit`, also added). Shapes in docs/cli.md.
 */
void cli_history_json(cJSON *o, const arnet_history *h, int invoice,
                      const char *payments_key);

/*
 * cli_history_text: h as sections. For a customer: "closed invoices",
 * "payments" and "corrections", a line each, newest first, "(none)" when
 * empty and "... N more (--limit)" when cut. For an invoice (invoice 1):
 * "payments" and "corrections" blocks in the label layout.
 */
void cli_history_text(const arnet_history *h, int invoice, int zh);

/*
 * The arguments both show commands take: `customer show ID` and `invoice
 * show NUMBER`, each with [--as-of DATE] [--limit N] [--lang zh|en].
 * --limit: how many of each history list (ARNET_HISTORY_LIMIT when not
 * given), from 1 to 1,000,000; --lang: the configuration's language when
 * not given.
 */
typedef struct cli_show_args {
	const char *name; /* ID or NUMBER as typed */
	int32_t as_of;
	size_t limit;
	int zh;
	const arnet_config *cfg;
} cli_show_args;

/* cli_show_parse: argv[2..argc) of cmd into *out; when id is not NULL the
 * name is parsed into it too. EXIT_OK, or the error (printed). */
int cli_show_parse(cli_ctx *ctx, const char *cmd, int argc, char **argv,
                   arnet_ident *id, cli_show_args *out);

#endif
