/*
 * import_map.h - a mapping file: how one ERP's export is read (private to
 * store/import).
 *
 * An INI file (UTF-8):
 *
 *   [format]
 *   encoding = gb18030        ; auto (default), utf-8, gb18030, gbk
 *   separator = semicolon     ; comma (default), semicolon, tab, pipe
 *   date_format = DD.MM.YYYY  ; YYYY-MM-DD (default: year first, and
 *                             ; dotted dates day first), DD.MM.YYYY,
 *                             ; DD/MM/YYYY, MM/DD/YYYY
 *   decimal_mark = ,          ; . (default) or ,
 *   customer_codes = local    ; auto (default): a customer is named as
 *                             ; arnet_ident.h reads it; local: a code
 *                             ; without "scheme:" is the firm's own
 *                             ; (local:CODE), even when it looks like
 *                             ; a DUNS number
 *   payment_sign = negative   ; positive (default); negative: the
 *                             ; export writes a payment as a credit
 *                             ; (SAP: "1.234,56-") and arnet turns it
 *   other_columns = ignore    ; refuse (default) or ignore
 *   [invoices]                ; or [customers], [payments]
 *   单据编号 = number         ; header as the export writes it = column
 *   税额 = ignore
 *
 * Headers the map does not name are still read by their built-in names
 * (import_columns.h); other_columns says what happens to the rest.
 */
#ifndef ARNET_IMPORT_MAP_H
#define ARNET_IMPORT_MAP_H

#include "arnet_import.h"
#include "import_forms.h"

#define IMPORT_MAP_COLS   64
#define IMPORT_HEADER_MAX 128

typedef struct import_map {
	import_form form;
	arnet_import_encoding encoding;
	int ignore_others;
	int local_codes;       /* customer_codes = local */
	int negative_payments; /* payment_sign = negative */
	char separator; /* between fields: ',' (default), ';', '\t', '|' */
	struct {
		char header[IMPORT_HEADER_MAX];
		int col; /* a column index, or COL_IGNORED */
	} cols[ARNET_IMPORT_PAYMENTS + 1][IMPORT_MAP_COLS];
	int ncols[ARNET_IMPORT_PAYMENTS + 1];
} import_map;

/* The defaults: no names, auto encoding, year-first dates, '.'. */
void import_map_init(import_map *map);

/*
 * import_map_load: read the mapping file at path into map (initialised
 * first). Returns ARNET_OK, or ARNET_ENOTFOUND / ARNET_EIO (cannot be
 * read), ARNET_ESYNTAX / ARNET_ETOOBIG with diag "PATH:LINE: what is
 * wrong" (an unknown section, key, column or value, a header named
 * twice).
 */
int import_map_load(import_map *map, const char *path, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* The column a header means by the map: an index, COL_IGNORED, or
 * COL_UNKNOWN when the map does not name it. */
int import_map_find(const import_map *map, arnet_import_kind kind,
                    const char *header);

#endif /* ARNET_IMPORT_MAP_H */
