/*
 * import_decode.h - the text encoding of an import file, line by line
 * (private to store/import).
 *
 * A file is UTF-8 (with or without a byte order mark) or GB18030, which
 * includes GBK and GB2312: what Excel writes for "CSV" on Chinese
 * Windows. Asked for ARNET_IMPORT_ENC_AUTO, the decoder reads lines of
 * ASCII as they are, takes the file for UTF-8 at its first non-ASCII
 * line that is well-formed UTF-8, and for GB18030 at its first one that
 * is not (converted through iconv). A file that is UTF-8 in one line and
 * not in a later one is refused, naming the earlier line: nothing is
 * read in two encodings. Line numbers stay those of the file (both
 * encodings keep '\n' a single byte of its own).
 */
#ifndef ARNET_IMPORT_DECODE_H
#define ARNET_IMPORT_DECODE_H

#include "arnet_err.h"
#include "arnet_import.h"

#include <stddef.h>
#include <stdint.h>

typedef struct import_decoder {
	arnet_import_encoding asked;
	arnet_import_encoding found; /* AUTO until a line decides */
	uint32_t decided_at;         /* the line that decided */
	void *cd;                    /* iconv_t, opened when first needed */
	char *buf;                   /* converted line (owned) */
	size_t cap;
} import_decoder;

void import_decoder_init(import_decoder *dec, arnet_import_encoding asked);
void import_decoder_free(import_decoder *dec);

/*
 * import_decode_line: line (physical line number `line`) as UTF-8. *s
 * and *n are replaced by the converted text when it differs (pointing
 * into dec, valid until the next call). A byte order mark on line 1 is
 * taken off and decides the encoding. Returns ARNET_OK, ARNET_ESYNTAX
 * (not text in the encoding; diag says where and what to do) or
 * ARNET_ENOMEM.
 */
int import_decode_line(import_decoder *dec, uint32_t line, char **s, size_t *n,
                       arnet_diag *diag) __attribute__((warn_unused_result));

/* "UTF-8", "GB18030", or NULL while no line has decided. */
const char *import_decoder_name(const import_decoder *dec);

#endif /* ARNET_IMPORT_DECODE_H */
