/*
 * columns.h - the columns of every report's table, each with its Chinese
 * header: one catalog, so that a term (客户编码, 逾期天数, 未付金额) is
 * chosen once and reads alike in every report and export. The command
 * that prints a table fills each row in its columns' order (table.h).
 */
#ifndef ARNET_CLI_COLUMNS_H
#define ARNET_CLI_COLUMNS_H

#include "table.h"

/* A table's columns: v[0..n). */
typedef struct cli_columns {
	const cli_column *v;
	int n;
} cli_columns;

extern const cli_columns
        CLI_COLS_AGING; /* the aging report: who, the buckets of
                           arnet_aging_bucket_names, the total */
extern const cli_columns CLI_COLS_CUSTOMERS; /* the customer list */
extern const cli_columns CLI_COLS_DUNNING;   /* the dunning queue */
extern const cli_columns
        CLI_COLS_DUNNING_HISTORY; /* the dunning log: actions, promises */
extern const cli_columns CLI_COLS_LATE_FEE;  /* the late-fee report */
extern const cli_columns CLI_COLS_REVIEW;    /* the limit and terms review */
extern const cli_columns CLI_COLS_STATEMENT; /* the statement's lines */
extern const cli_columns
        CLI_COLS_TOP_OVERDUE; /* the customers who owe the most past due */

#endif
