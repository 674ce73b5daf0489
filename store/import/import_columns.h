/*
 * import_columns.h - the columns of each import kind and the header names
 * that mean them, in English and in the Chinese of ERP exports (private
 * to store/import).
 */
#ifndef ARNET_IMPORT_COLUMNS_H
#define ARNET_IMPORT_COLUMNS_H

#include "arnet_import.h"

#include <stddef.h>

#define IMPORT_COLS_MAX 13 /* columns of one kind, and the end */

/* Columns of every kind, by index in the kind's table. */
enum {
	COL_IGNORED = -2, /* a column read for people, not for the books */
	COL_UNKNOWN = -1,
};

/* The canonical name of column c of kind ("number"), or NULL past the
 * last one. */
const char *import_column_name(arnet_import_kind kind, int c);

/* How many leading columns a file of this kind must have, and their
 * names for a message ("number, customer, issue_date and amount"). */
int import_columns_required(arnet_import_kind kind);
const char *import_columns_required_text(arnet_import_kind kind);

/* "customers", "invoices", "payments". */
const char *import_kind_name(arnet_import_kind kind);

/*
 * import_column_find: the column of `kind` that the header text names:
 * its canonical name or an alias ("Invoice No", "发票号码"), compared
 * without case, spaces, '_', '-' or '.'. Returns the index, COL_IGNORED
 * (e.g. 客户名称 in an invoice file) or COL_UNKNOWN.
 */
int import_column_find(arnet_import_kind kind, const char *header);

/* import_column_by_name: the index of a canonical name, or COL_UNKNOWN
 * ("ignore" gives COL_IGNORED): what a mapping file's value means. */
int import_column_by_name(arnet_import_kind kind, const char *name);

/* The canonical names of kind as "a, b, c", for messages. */
void import_columns_list(arnet_import_kind kind, char *buf, size_t cap);

#endif /* ARNET_IMPORT_COLUMNS_H */
