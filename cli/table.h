/*
 * table.h - a report's rows, built once and printed as the person asked:
 * a text table for the terminal, CSV for a spreadsheet, or an xlsx
 * workbook (numbers as numbers, dates as dates).
 *
 *   cli_out o;                 options: CLI_OUT_OPTS(o) in the cli_opt
 *   cli_out_parse("aging", ctx, &o);               table, then this
 *   cli_table *t = cli_table_new(COLS, NCOLS, "CNY");
 *   cli_table_text(t, id); cli_table_money(t, owed); ...   cell by cell
 *   cli_table_total(t);  ... the totals row's cells
 *   rv = cli_table_print(t, &o, "aging", title);
 *   cli_table_free(t);
 *
 * Every amount carries its currency. A table of one currency (a section
 * of a report of the books on a terminal) says it in the title and, in
 * CSV and xlsx, in each money column's header ("total (CNY)"); a table
 * of several (the dunning queue, the review, and the CSV and xlsx of the
 * reports of the books: report_opts.h) is made with currency NULL, gives
 * each amount its own (cli_table_money_in, or cli_table_section) and has
 * a currency column.
 *
 * JSON is not a table format: a command keeps its own JSON shape
 * (docs/cli.md); `--format json` is the same as `--json`.
 */
#ifndef ARNET_CLI_TABLE_H
#define ARNET_CLI_TABLE_H

#include "cli.h"

typedef enum cli_format {
	CLI_FMT_TEXT = 0,
	CLI_FMT_CSV,
	CLI_FMT_XLSX,
	CLI_FMT_JSON,
} cli_format;

/* --format, --lang and --out of a report. */
typedef struct cli_out {
	const char *format_text, *lang_text, *path; /* as typed, or NULL */
	cli_format format;
	int zh; /* headers and titles in Chinese */
} cli_out;

#define CLI_OUT_OPTS(o)                                                        \
	CLI_OPT("format", &(o).format_text), CLI_OPT("lang", &(o).lang_text),  \
	        CLI_OPT("out", &(o).path)

/*
 * cli_out_parse: check o's texts for cmd: --format text|csv|xlsx|json
 * (json, or --json, sets ctx->json), --lang zh|en (default en), --out
 * FILE (needed by xlsx; text and CSV go to stdout without it). EXIT_OK
 * or EXIT_USAGE (printed).
 */
int cli_out_parse(const char *cmd, cli_ctx *ctx, cli_out *o);

/* What a column holds, and so how it is aligned and written. */
typedef enum cli_kind {
	CLI_K_TEXT = 0, /* left; cut with an ellipsis beyond max */
	CLI_K_MONEY,    /* minor units of the table's currency; right */
	CLI_K_DATE,     /* a civil day; ISO 8601 */
	CLI_K_INT,      /* a count or a number of days; right */
} cli_kind;

typedef struct cli_column {
	const char *en, *zh; /* the header */
	cli_kind kind;
	int max; /* text: the widest shown on a terminal; 0: never cut */
} cli_column;

typedef struct cli_table cli_table;

/* cli_table_new: an empty table of ncols columns (cols must outlive
 * it), money in `currency` (NULL: each amount's own). NULL when out of
 * memory: every function below takes that NULL, and cli_table_print
 * reports it. CLI_TABLE(cols, currency): the table of a catalog entry of
 * columns.h. */
cli_table *cli_table_new(const cli_column *cols, int ncols,
                         const char *currency);
#define CLI_TABLE(cols, currency) cli_table_new((cols).v, (cols).n, (currency))
void cli_table_free(cli_table *t);

/*
 * cli_table_section: the rows that follow are of `currency`
 * (cli_table_money gives their amounts in it). A table made with
 * currency NULL whose first column is CLI_COL_CURRENCY (the CSV and xlsx
 * of a report that shows several currencies: report_print) gets that
 * first cell of each row from here: its rows start at the second column.
 */
void cli_table_section(cli_table *t, const char *currency);
extern const cli_column CLI_COL_CURRENCY; /* "currency" / 币种 */

/*
 * The next cell, left to right, row after row; each must be of its
 * column's kind (cli_table_blank and cli_table_label fit any). cli_table_total:
 * the row that starts next is a totals row (a rule above it on a terminal, bold
 * in xlsx). A failed allocation is remembered and reported by
 * cli_table_print.
 */
void cli_table_text(cli_table *t, const char *s);
void cli_table_money(cli_table *t, int64_t minor);
void cli_table_money_in(cli_table *t, int64_t minor, const char *currency);
void cli_table_date(cli_table *t, int32_t day);
void cli_table_int(cli_table *t, int64_t v);
void cli_table_blank(cli_table *t);
/* A word in place of a value, in a column of any kind ("none" for no
 * credit limit): shown and written as text. */
void cli_table_label(cli_table *t, const char *s);
void cli_table_total(cli_table *t);

/*
 * cli_table_print: the table as o asks. Text: `title` (may be NULL), a
 * blank line, the header row and the rows, columns as wide as their
 * widest cell. CSV: UTF-8 with a byte-order mark (so that Excel reads
 * Chinese right), the header row then the rows (RFC 4180 quoting; a text
 * cell that a spreadsheet would take for a formula starts with '). xlsx:
 * one sheet named `sheet`, header row frozen. To --out FILE the file is
 * written whole or not at all (a temporary file renamed). EXIT_OK or
 * EXIT_ERR (printed).
 */
int cli_table_print(const cli_table *t, const cli_out *o, const char *sheet,
                    const char *title);

#endif
