/*
 * decode.c - UTF-8 or GB18030, decided by the file's own lines.
 */
#include "import_decode.h"
#include "arnet_utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NO_ICONV ((iconv_t)-1)

static const char UTF8_BOM[] = "\xef\xbb\xbf";
static const char GB18030_BOM[] = "\x84\x31\x95\x33";

void
import_decoder_init(import_decoder *dec, arnet_import_encoding asked)
{
	memset(dec, 0, sizeof(*dec));
	dec->asked = asked;
	dec->found = asked;
	dec->cd = NULL;
}

void
import_decoder_free(import_decoder *dec)
{
	if (dec->cd != NULL) {
		iconv_close((iconv_t)dec->cd);
	}
	free(dec->buf);
	memset(dec, 0, sizeof(*dec));
}

const char *
import_decoder_name(const import_decoder *dec)
{
	switch (dec->found) {
	case ARNET_IMPORT_ENC_UTF8:
		return "UTF-8";
	case ARNET_IMPORT_ENC_GB18030:
		return "GB18030";
	default:
		return NULL;
	}
}

int
arnet_import_encoding_parse(const char *text)
{
	static const struct {
		const char *name;
		arnet_import_encoding enc;
	} names[] = {
	        {"auto", ARNET_IMPORT_ENC_AUTO},
	        {"utf-8", ARNET_IMPORT_ENC_UTF8},
	        {"utf8", ARNET_IMPORT_ENC_UTF8},
	        {"gb18030", ARNET_IMPORT_ENC_GB18030},
	        {"gbk", ARNET_IMPORT_ENC_GB18030},
	        {"gb2312", ARNET_IMPORT_ENC_GB18030},
	        {"cp936", ARNET_IMPORT_ENC_GB18030},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(text, names[i].name) == 0) {
			return (int)names[i].enc;
		}
	}
	return -1;
}

/* The offset of the first byte that is not well-formed UTF-8, or n. */
static size_t
utf8_prefix(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k =
		        s[i] < 0x80 ? 1 : arnet_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			return i;
		}
		i += k;
	}
	return n;
}

static int
ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80) {
			return 0;
		}
	}
	return 1;
}

static int
from_gb18030(import_decoder *dec, char **s, size_t *n, arnet_diag *d)
{
	if (dec->cd == NULL) {
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		if (cd == NO_ICONV) {
			return arnet_diag_set(d, ARNET_EIO,
			                      "this system's iconv cannot read "
			                      "GB18030 (glibc's gconv modules "
			                      "are missing)");
		}
		dec->cd = (void *)cd;
	}
	size_t need = *n * 2 + 4; /* a GB18030 byte gives at most two */
	if (need > dec->cap) {
		char *b = realloc(dec->buf, need);
		if (b == NULL) {
			return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
		}
		dec->buf = b;
		dec->cap = need;
	}
	char *in = *s, *out = dec->buf;
	size_t inleft = *n, outleft = dec->cap;
	iconv((iconv_t)dec->cd, NULL, NULL, NULL, NULL);
	if (iconv((iconv_t)dec->cd, &in, &inleft, &out, &outleft) ==
	    (size_t)-1) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "byte %zu is not GB18030 (GBK) text%s",
		                      (size_t)(in - *s) + 1,
		                      dec->asked == ARNET_IMPORT_ENC_AUTO
		                              ? " nor UTF-8: give --encoding"
		                              : "");
	}
	*s = dec->buf;
	*n = dec->cap - outleft;
	return ARNET_OK;
}

int
import_decode_line(import_decoder *dec, uint32_t line, char **s, size_t *n,
                   arnet_diag *d)
{
	if (line == 1 && *n >= 3 && memcmp(*s, UTF8_BOM, 3) == 0) {
		*s += 3; /* the byte order mark of Excel's UTF-8 CSV */
		*n -= 3;
		if (dec->asked == ARNET_IMPORT_ENC_AUTO) {
			dec->found = ARNET_IMPORT_ENC_UTF8;
			dec->decided_at = 1;
		}
	} else if (line == 1 && *n >= 4 && memcmp(*s, GB18030_BOM, 4) == 0) {
		*s += 4;
		*n -= 4;
		if (dec->asked == ARNET_IMPORT_ENC_AUTO) {
			dec->found = ARNET_IMPORT_ENC_GB18030;
			dec->decided_at = 1;
		}
	}
	if (ascii(*s, *n)) {
		return ARNET_OK;
	}
	if (dec->found == ARNET_IMPORT_ENC_GB18030) {
		return from_gb18030(dec, s, n, d);
	}
	size_t bad = utf8_prefix((const uint8_t *)*s, *n);
	if (bad == *n) {
		if (dec->found == ARNET_IMPORT_ENC_AUTO) {
			dec->found = ARNET_IMPORT_ENC_UTF8;
			dec->decided_at = line;
		}
		return ARNET_OK;
	}
	if (dec->found == ARNET_IMPORT_ENC_UTF8) {
		if (dec->asked == ARNET_IMPORT_ENC_UTF8) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX,
			        "byte %zu is not UTF-8 text (a GBK "
			        "or GB18030 file needs --encoding "
			        "gb18030)",
			        bad + 1);
		}
		return arnet_diag_set(
		        d, ARNET_ESYNTAX,
		        "byte %zu is not UTF-8 text, but line %u was read as "
		        "UTF-8%s: give --encoding for the file",
		        bad + 1, dec->decided_at,
		        dec->decided_at == 1 ? " (a byte order mark)" : "");
	}
	dec->found = ARNET_IMPORT_ENC_GB18030;
	dec->decided_at = line;
	return from_gb18030(dec, s, n, d);
}
