/*
 * arnet_import.h - importing customers, invoices and payments from CSV,
 * as people type them and as ERP systems export them.
 *
 * A file is CSV (RFC 4180 quoting; CRLF line ends accepted) whose first
 * row names the columns, in any order:
 *
 *   customers: id, name [, credit_limit, currency, terms_days, grade,
 *              individual, address, person, phone, finance_head, email]
 *   invoices:  number, customer, issue_date, amount [, due_date,
 *              currency, order_ref]
 *   payments:  date, customer, amount [, currency, invoice, reference]
 *
 * Header names are also recognised in the forms ERP exports use, English
 * ("Invoice No", "Due Date") and Chinese (发票号, 开票日期, 到期日, 金额,
 * 币种, 客户编码, ...; the table is store/import/columns.c, documented
 * in docs/import.md); 客户名称 in an invoice or payment file is read for
 * people and ignored. Other columns are refused unless a mapping file
 * (arnet_import_opts.map_path; store/import/import_map.h) names them or
 * says to ignore them. Trailing columns without a name (Excel's) and rows
 * whose every field is empty are skipped; cells are trimmed of spaces.
 *
 * Text is UTF-8 (with or without a byte order mark) or GB18030 / GBK,
 * detected from the file's lines or given (import_decode.h); a file read
 * as GB18030 says so in every error.
 *
 * Columns in brackets may be missing or empty. A customer already in the
 * books keeps what a missing column would say (its limit, grade, terms,
 * currency, individual mark: an ERP's list rarely has them); an empty
 * credit_limit cell is "no limit", an empty grade "not graded". A new
 * customer gets no limit, the policy's currency and terms, no grade, not
 * an individual. due_date defaults to the issue date plus the customer's
 * terms; individual is yes, no, 1 or 0 (a natural person). The mapping
 * file's customer_codes = local reads a code without "scheme:" as the
 * firm's own (local:CODE).
 * Currencies are ISO codes or RMB, 人民币, ￥ and the like. Amounts are
 * decimal in the currency's units: "1234.56", "1,234.56", "¥1,234.56",
 * "1234.56元", "(200.00)", "200.00-" (import_forms.h). Dates are
 * YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年MM月DD日, optionally with a
 * time of day; day-first forms need the mapping file's date_format.
 *
 * One file is one transaction (the caller's): the first bad row stops the
 * import with "FILE:LINE: what is wrong" and the caller aborts, so nothing
 * of the file is kept. Importing a file again adds nothing: customers are
 * updated to the file's values (unchanged when equal), invoices already
 * stored with the same contents are skipped, and payments are recognised
 * by their identity (arnet_payment_identity). Inside one file a customer
 * id or invoice number may appear once; identical payment rows are
 * distinct payments. A payment row that repeats a payment held before the
 * file (same customer, date, amount, currency and reference: typed by
 * hand, say) is refused with FILE:LINE naming that payment, unless
 * opts->allow_duplicate. An invoice row with a negative amount is a
 * credit note (红字发票) of that number for the amount, dated its issue
 * date, with its order_ref as the reason, applied oldest first to the
 * invoices stored so far (arnet_credit_note_add).
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

typedef enum arnet_import_encoding {
	ARNET_IMPORT_ENC_AUTO = 0, /* UTF-8 or GB18030, from the lines */
	ARNET_IMPORT_ENC_UTF8,
	ARNET_IMPORT_ENC_GB18030, /* also GBK and GB2312 */
} arnet_import_encoding;

/* How a file is read; a zeroed struct (or NULL) is the default. */
typedef struct arnet_import_opts {
	arnet_import_encoding encoding; /* AUTO: the map's, else detected */
	const char *map_path;           /* a mapping file, or NULL */
	/* payments: add a row that repeats a payment held before the file
	 * (arnet_payment_add_unique), instead of refusing the file */
	int allow_duplicate;
} arnet_import_opts;

/* The encoding named "auto", "utf-8", "gb18030", "gbk" (any case), or
 * -1. */
int arnet_import_encoding_parse(const char *name);

#define ARNET_IMPORT_CURRENCIES 32 /* currencies in one payments file */

/* What the payments of one currency did (minor units of currency). */
typedef struct arnet_import_money {
	char currency[4];
	int64_t applied;   /* applied to invoices */
	int64_t unapplied; /* left as unapplied credit */
} arnet_import_money;

typedef struct arnet_import_stats {
	size_t rows;      /* data rows read */
	size_t added;     /* new customers, invoices, payments */
	size_t updated;   /* customers whose values changed */
	size_t unchanged; /* already in the books as they are */
	/* payments: per currency, in the order first seen */
	arnet_import_money money[ARNET_IMPORT_CURRENCIES];
	size_t ncurrencies;
} arnet_import_stats;

/* The kind named "customers", "invoices", "payments"; 0 when unknown. */
int arnet_import_kind_parse(const char *name);

/*
 * arnet_import_file: read the CSV file at path and apply every row in t.
 * Returns ARNET_OK and *stats; or the first error (ARNET_ESYNTAX,
 * ARNET_ERANGE, ARNET_ECURRENCY, ARNET_ECHECK, ARNET_ENOTFOUND,
 * ARNET_ECONFLICT, ARNET_EEXIST, ARNET_EIO, ARNET_ENOMEM, ...) with diag
 * "FILE:LINE: what is wrong" (FILE:LINE of the header or the row, or of
 * the line that is not text; just FILE when the file cannot be read;
 * "MAP:LINE: ..." for a bad mapping file). On error t must be aborted.
 */
int arnet_import_file(arnet_txn *t, arnet_import_kind kind, const char *path,
                      const arnet_import_opts *opts,
                      const arnet_books_policy *policy,
                      arnet_import_stats *stats, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_IMPORT_H */
