/*
 * err.c - error names and descriptions, and the diagnostic helper.
 *
 * The tables are indexed by code so that adding a code without a string is
 * caught by the static assertion below rather than at run time.
 */
#include "arnet_err.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
	const char *name;
	const char *text;
} err_table[] = {
        [ARNET_OK] = {"ARNET_OK", "no error"},
        [ARNET_EINVAL] = {"ARNET_EINVAL", "invalid argument"},
        [ARNET_ENOMEM] = {"ARNET_ENOMEM", "out of memory"},
        [ARNET_ESYNTAX] = {"ARNET_ESYNTAX", "malformed input"},
        [ARNET_ECHECK] = {"ARNET_ECHECK", "wrong check character"},
        [ARNET_ERANGE] = {"ARNET_ERANGE", "value out of range"},
        [ARNET_ECURRENCY] = {"ARNET_ECURRENCY", "unknown currency"},
        [ARNET_ETRUNC] = {"ARNET_ETRUNC", "input is truncated"},
        [ARNET_ETRAILING] = {"ARNET_ETRAILING", "trailing bytes after end"},
        [ARNET_EVERSION] = {"ARNET_EVERSION", "unknown format version"},
        [ARNET_ETYPE] = {"ARNET_ETYPE", "unknown record type"},
        [ARNET_ETOOBIG] = {"ARNET_ETOOBIG", "field exceeds its limit"},
        [ARNET_ENONCANON] = {"ARNET_ENONCANON", "value not in canonical form"},
        [ARNET_ESIG] = {"ARNET_ESIG", "signature does not verify"},
        [ARNET_ECHAIN] = {"ARNET_ECHAIN",
                          "record does not follow its author's chain"},
        [ARNET_EPASS] = {"ARNET_EPASS",
                         "wrong passphrase or corrupted secret key"},
        [ARNET_EKEYFILE] = {"ARNET_EKEYFILE", "malformed key file"},
        [ARNET_EIO] = {"ARNET_EIO", "input/output error"},
        [ARNET_EEXIST] = {"ARNET_EEXIST", "already exists"},
        [ARNET_ENOTFOUND] = {"ARNET_ENOTFOUND", "not found"},
        [ARNET_EPERM] = {"ARNET_EPERM", "permission denied"},
        [ARNET_ECRYPTO] = {"ARNET_ECRYPTO", "crypto library failure"},
        [ARNET_ESTORE] = {"ARNET_ESTORE", "storage failure"},
        [ARNET_EBUSY] = {"ARNET_EBUSY", "resource busy"},
        [ARNET_ECONFLICT] = {"ARNET_ECONFLICT",
                             "exists with different contents"},
        [ARNET_EFULL] = {"ARNET_EFULL", "the store is full"},
        [ARNET_ENOSPC] = {"ARNET_ENOSPC", "no space left on the device"},
};

_Static_assert(sizeof(err_table) / sizeof(err_table[0]) == ARNET_ERR_COUNT,
               "every arnet_err needs a name and a text");

const char *
arnet_strerror(int err)
{
	if (err < 0 || err >= ARNET_ERR_COUNT) {
		return "unknown error";
	}
	return err_table[err].text;
}

const char *
arnet_errname(int err)
{
	if (err < 0 || err >= ARNET_ERR_COUNT) {
		return "ARNET_EUNKNOWN";
	}
	return err_table[err].name;
}

/* A message cut at its end may end inside a UTF-8 character: drop the
 * part, so that what is shown is whole text. */
static void
cut_whole(char *s, int wanted, size_t cap)
{
	if (wanted < 0 || (size_t)wanted < cap) {
		return;
	}
	size_t n = cap - 1;
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) {
		i--; /* continuation bytes */
	}
	if (i > 0 && (unsigned char)s[i - 1] >= 0xc0) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
		if (n - (i - 1) < len) {
			s[i - 1] = '\0'; /* the character is not whole */
		}
	}
}

int
arnet_diag_set(arnet_diag *d, int err, const char *fmt, ...)
{
	if (d != NULL) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
		va_end(ap);
		cut_whole(d->msg, n, sizeof(d->msg));
	}
	return err;
}

void
arnet_diag_field_v(arnet_diag *d, const char *field, int at_byte, size_t off,
                   const char *fmt, va_list ap)
{
	char msg[ARNET_DIAG_MAX];
	if (d == NULL) {
		return;
	}
	cut_whole(msg, vsnprintf(msg, sizeof(msg), fmt, ap), sizeof(msg));
	int n;
	if (at_byte) {
		n = snprintf(d->msg, sizeof(d->msg), "%s at byte %zu: %s",
		             field, off, msg);
		d->offset = off;
	} else {
		n = snprintf(d->msg, sizeof(d->msg), "%s: %s", field, msg);
	}
	cut_whole(d->msg, n, sizeof(d->msg));
}

void
arnet_diag_clear(arnet_diag *d)
{
	if (d != NULL) {
		d->msg[0] = '\0';
		d->offset = 0;
	}
}
