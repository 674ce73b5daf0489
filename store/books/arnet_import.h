/*
 * arnet_import.h - importing customers, invoices and payments from CSV.
 *
 * A file is UTF-8 CSV (RFC 4180 quoting; a UTF-8 byte order mark and
 * CRLF line ends are accepted) whose first row names the columns, in any
 * order:
 *
 *   customers: id, name [, credit_limit, currency, terms_days, grade,
 *              individual]
 *   invoices:  number, customer, issue_date, amount [, due_date,
 *              currency, order_ref]
 *   payments:  date, customer, amount [, currency, invoice, reference]
 *
 * Columns in brackets may be missing or empty: credit_limit empty is "no
 * limit"; currency defaults to the customer's (to the policy's for a new
 * customer); terms_days to the policy's; due_date to the issue date plus
 * the customer's terms; individual (yes, no, 1 or 0: the customer is a
 * natural person) to what the books say, no for a new customer. Amounts
 * are decimal in the currency's units ("1234.56", or "1,234.56" quoted);
 * dates are YYYY-MM-DD.
 *
 * One file is one transaction (the caller's): the first bad row stops the
 * import with "FILE:LINE: what is wrong" and the caller aborts, so nothing
 * of the file is kept. Importing a file again adds nothing: customers are
 * updated to the file's values (unchanged when equal), invoices already
 * stored with the same contents are skipped, and payments are recognised
 * by their identity (arnet_payment_identity). Inside one file a customer
 * id or invoice number may appear once; identical payment rows are
 * distinct payments.
 */
#ifndef ARNET_IMPORT_H
#define ARNET_IMPORT_H

#include "arnet_books.h"
#include "arnet_policy.h"

typedef enum arnet_import_kind {
	ARNET_IMPORT_CUSTOMERS = 1,
	ARNET_IMPORT_INVOICES = 2,
	ARNET_IMPORT_PAYMENTS = 3,
} arnet_import_kind;

typedef struct arnet_import_stats {
	size_t rows;       /* data rows read */
	size_t added;      /* new customers, invoices, payments */
	size_t updated;    /* customers whose values changed */
	size_t unchanged;  /* already in the books as they are */
	int64_t applied;   /* payments: applied to invoices (minor units,
	                      summed over currencies) */
	int64_t unapplied; /* payments: left as unapplied credit */
} arnet_import_stats;

/* The kind named "customers", "invoices", "payments"; 0 when unknown. */
int arnet_import_kind_parse(const char *name);

/*
 * arnet_import_file: read the CSV file at path and apply every row in t.
 * Returns ARNET_OK and *stats; or the first error (ARNET_ESYNTAX,
 * ARNET_ERANGE, ARNET_ECURRENCY, ARNET_ECHECK, ARNET_ENOTFOUND,
 * ARNET_ECONFLICT, ARNET_EEXIST, ARNET_EIO, ARNET_ENOMEM, ...) with diag
 * "FILE:LINE: what is wrong" (FILE:LINE of the header or the row; just
 * FILE when the file cannot be read). On error t must be aborted.
 */
int arnet_import_file(arnet_txn *t, arnet_import_kind kind, const char *path,
                      const arnet_books_policy *policy,
                      arnet_import_stats *stats, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_IMPORT_H */
