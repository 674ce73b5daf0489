/*
 * columns.h - the columns of every report's table, each with its Chinese
 * header: one catalog, so that a term (客户编码, 逾期天数, 未付金额) is
 * chosen once and reads alike in every report and export. The command
 * that prints a table fills each row in its columns' order (table.h).
 */
#ifndef ARNET_CLI_COLUMNS_H
#define ARNET_CLI_COLUMNS_H

#include "arnet_reports.h"
#include "table.h"

/* How wide a customer's name is shown on a terminal in every report, in
 * columns (a CJK character takes two): a longer one is cut with an
 * ellipsis (table.c). One width, so a name reads alike everywhere. */
#define CLI_NAME_WIDTH 24

/* A table's columns: v[0..n). */
typedef struct cli_columns {
	const cli_column *v;
	int n;
} cli_columns;

/*
 * The aging report's columns follow its bands: who, one column a bucket
 * ("current" 未到期, "1-30" 逾期1-30天, ..., "90+" 逾期90天以上 by due
 * date; "0-30" 0-30天, ..., "90+" 90天以上 by invoice date), the total.
 * cli_aging_columns fills lb (which holds the columns and their headers:
 * the result is valid while lb is).
 */
typedef struct cli_aging_labels {
	cli_column v[ARNET_AGING_BUCKETS_MAX + 3];
	char en[ARNET_AGING_BUCKETS_MAX][24], zh[ARNET_AGING_BUCKETS_MAX][48];
} cli_aging_labels;
cli_columns cli_aging_columns(cli_aging_labels *lb,
                              const arnet_aging_bands *bands);
extern const cli_columns CLI_COLS_CUSTOMERS; /* the customer list */
extern const cli_columns CLI_COLS_DSO;       /* DSO: a row per currency */
extern const cli_columns CLI_COLS_DUNNING;   /* the dunning queue */
extern const cli_columns
        CLI_COLS_DUNNING_HISTORY; /* the dunning log: actions, promises */
extern const cli_columns CLI_COLS_LATE_FEE;  /* the late-fee report */
extern const cli_columns CLI_COLS_REVIEW;    /* the limit and terms review */
extern const cli_columns CLI_COLS_STATEMENT; /* the statement's lines */
extern const cli_columns
        CLI_COLS_TOP_OVERDUE; /* the customers who owe the most past due */

#endif
