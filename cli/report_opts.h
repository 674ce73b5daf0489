/*
 * report_opts.h - what every report of the books shares: the options
 * (--as-of, --currency, --customer, and the aging's --basis and --bands),
 * parsed once for cmd_aging.c, cmd_late_fee.c, cmd_dso.c and
 * cmd_top_overdue.c, the currencies a report shows, and how a report of
 * several currencies is printed (report_print).
 */
#ifndef ARNET_CLI_REPORT_OPTS_H
#define ARNET_CLI_REPORT_OPTS_H

#include "arnet_reports.h"
#include "cli.h"
#include "columns.h"
#include "table.h"

typedef struct report_opts {
	const char *as_of, *currency, *customer; /* as typed, or NULL */
	const char *basis, *bands; /* aging: --basis, --bands, or NULL */
	int32_t day;               /* --as-of, else today */
	char cur[4];               /* --currency, else the books' currency */
	arnet_ident id;            /* --customer, when has_id */
	int has_id;
	arnet_aging_bands aging; /* [aging] of the config, then the options */
	cli_out out; /* --format, --lang, --out: CLI_OUT_OPTS(o.out) */
} report_opts;

/*
 * report_parse: a report command's arguments (argv[1..argc), no
 * positional ones): the options every report takes (--as-of, --currency,
 * the output's --format, --lang, --out) and the command's own in extra
 * (at most REPORT_EXTRA_MAX, ended by CLI_END); then o's texts are
 * parsed (o->out's too: cli_out_parse) with the configuration's
 * defaults. EXIT_OK, or the usage error (printed) or EXIT_ERR when the
 * configuration cannot be read.
 */
#define REPORT_EXTRA_MAX 8
int report_parse(const char *cmd, cli_ctx *ctx, int argc, char **argv,
                 const cli_opt *extra, report_opts *o);

/* report_customer: --customer's id, or NULL when not given. */
const arnet_ident *report_customer(const report_opts *o);

/*
 * report_currencies: the currencies the report shows: --currency's
 * alone, else each the books hold as of the date (for --customer: that
 * customer's), the books' currency first (arnet_report_currencies).
 * EXIT_OK or EXIT_ERR (printed).
 */
int report_currencies(arnet_txn *t, const report_opts *o,
                      arnet_currencies *out);

/*
 * A report of one section per currency, for report_print. fill(t, i,
 * arg) adds section i's rows (money with cli_table_money, a totals row
 * after cli_table_total); title writes its title (the currency in it);
 * after (may be NULL) prints a note below its table, in text only.
 */
typedef struct report_table {
	const cli_column *cols; /* without a currency column */
	int ncols;
	const char *sheet; /* the xlsx sheet's name */
	size_t n;          /* sections */
	const char *(*currency)(size_t i, void *arg);
	void (*fill)(cli_table *t, size_t i, void *arg);
	void (*title)(char *buf, size_t cap, size_t i, void *arg);
	void (*after)(size_t i, void *arg);
	void *arg;
} report_table;

/*
 * report_print: as text, one table per currency, each under its own
 * title, a blank line between; as CSV or xlsx, one table (one sheet)
 * whose first column is the currency, every section's rows in turn, each
 * with its own totals row. EXIT_OK or EXIT_ERR (printed).
 */
int report_print(const report_table *rt, const cli_out *o);

/* What report_run gives the table callbacks of a report_kind: the
 * results (one a currency) and the output options. */
typedef struct report_view {
	const void *v;
	const cli_out *o;
} report_view;

/*
 * A report of one result per currency (late-fee, top-overdue, dso), for
 * report_run: build fills currency cur's result (size bytes, zeroed) in
 * the command's transaction; --json prints {..., "by_currency": [...]}:
 * json_head adds the members before by_currency (from the first result:
 * its as_of, and what every section shares), json_one gives a result's
 * entry of by_currency; text
 * prints them in o's format, or (text NULL) report_print does, from cols,
 * sheet and the currency, fill and title callbacks of a report_table,
 * whose arg is a report_view; release frees one result (NULL: nothing to
 * free).
 */
typedef struct report_kind {
	size_t size;
	int (*build)(arnet_txn *t, const report_opts *o, const char *cur,
	             void *out, const void *arg, arnet_diag *d);
	void (*json_head)(cJSON *out, const void *first);
	cJSON *(*json_one)(const void *one);
	int (*text)(const void *v, size_t n, const report_opts *o);
	const cli_columns *cols;
	const char *sheet;
	const char *(*currency)(size_t i, void *view);
	void (*fill)(cli_table *t, size_t i, void *view);
	void (*title)(char *buf, size_t cap, size_t i, void *view);
	void (*release)(void *one);
} report_kind;

/* report_run: k's result for each currency the report shows
 * (report_currencies), printed and freed. EXIT_OK or EXIT_ERR (printed). */
int report_run(cli_ctx *ctx, const report_opts *o, const report_kind *k,
               const void *arg);

/*
 * report_run_n: a report (dso, top-overdue) whose one option of its own
 * is a whole number, --NAME from lo to hi (dflt when not given): its
 * arguments (report_parse), then report_run with the number, a long, as
 * k's build argument. EXIT_OK, the usage error or EXIT_ERR (printed).
 */
int report_run_n(const char *cmd, cli_ctx *ctx, int argc, char **argv,
                 const char *name, long lo, long hi, long dflt,
                 const report_kind *k);

#endif
