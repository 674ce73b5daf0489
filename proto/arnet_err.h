/*
 * arnet_err.h - the one error space of arnet.
 *
 * Every function in every module returns ARNET_OK (0) or one of these
 * codes. LMDB, nng and errno codes are mapped to them at the boundary
 * where they occur, so a caller never has to know which library failed.
 *
 * Text parsers and decoders can also fill an arnet_diag: a short message
 * naming the input at fault ("check character is 'Y', expected '3'",
 * "field subject: length 200 exceeds 128"), for the CLI to print after the
 * file name and line it knows about.
 */
#ifndef ARNET_ERR_H
#define ARNET_ERR_H

#include <stdarg.h>
#include <stddef.h>

typedef enum arnet_err {
	ARNET_OK = 0,
	ARNET_EINVAL,    /* invalid argument (a programming or usage error) */
	ARNET_ENOMEM,    /* out of memory */
	ARNET_ESYNTAX,   /* text input is malformed */
	ARNET_ECHECK,    /* identifier check character is wrong */
	ARNET_ERANGE,    /* number or date out of range, overflow */
	ARNET_ECURRENCY, /* unknown currency code */
	ARNET_ETRUNC,    /* encoded input ends before the structure does */
	ARNET_ETRAILING, /* bytes after the end of the structure */
	ARNET_EVERSION,  /* unknown format version */
	ARNET_ETYPE,     /* unknown record type */
	ARNET_ETOOBIG,   /* a field or buffer exceeds its limit */
	ARNET_ENONCANON, /* a value that is not in canonical form */
	ARNET_ESIG,      /* signature does not verify */
	ARNET_ECHAIN,    /* record does not follow its author's head */
	ARNET_EPASS,     /* wrong passphrase, or encrypted data altered */
	ARNET_EKEYFILE,  /* key file is malformed */
	ARNET_EIO,       /* I/O error (errno was mapped) */
	ARNET_EEXIST,    /* file or entry already exists */
	ARNET_ENOTFOUND, /* file or entry does not exist */
	ARNET_EPERM,     /* permission denied or unsafe permissions */
	ARNET_ECRYPTO,   /* the crypto library failed (sodium_init etc.) */
	ARNET_ESTORE,    /* the store failed or is corrupt (LMDB error) */
	ARNET_EBUSY,     /* resource busy: the store is locked, try again */
	ARNET_ECONFLICT, /* an entry exists with different contents */
	ARNET_EFULL,     /* the store reached its configured size ceiling */
	ARNET_ENOSPC,    /* no space left on the device */
	ARNET_ERR_COUNT  /* not an error: the number of codes */
} arnet_err;

/*
 * arnet_strerror: a constant, lower-case description of err, without a
 * trailing full stop. Never NULL; unknown codes give "unknown error".
 */
const char *arnet_strerror(int err);

/*
 * arnet_errname: the symbolic name of err ("ARNET_ESIG"), for JSON
 * output and logs. Never NULL.
 */
const char *arnet_errname(int err);

/* Diagnostic detail filled by parsers and decoders. */
#define ARNET_DIAG_MAX 512
typedef struct arnet_diag {
	char msg[ARNET_DIAG_MAX]; /* NUL-terminated; "" when none */
	size_t offset;            /* byte offset in binary input, if any */
} arnet_diag;

/*
 * arnet_diag_set: format a message into d (if d is not NULL) and return
 * err, so that a parser can write `return arnet_diag_set(d, ARNET_ECHECK,
 * "...", ...)`. Messages longer than ARNET_DIAG_MAX are cut, never
 * inside a UTF-8 character.
 */
int arnet_diag_set(arnet_diag *d, int err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*
 * arnet_diag_field_v: the message of a decoder about one field into d (if
 * d is not NULL): "FIELD at byte OFF: MSG" with d->offset = off when
 * at_byte, else "FIELD: MSG" (d->offset untouched). MSG, from fmt and ap,
 * is cut at ARNET_DIAG_MAX first.
 */
void arnet_diag_field_v(arnet_diag *d, const char *field, int at_byte,
                        size_t off, const char *fmt, va_list ap)
        __attribute__((format(printf, 5, 0)));

/* arnet_diag_clear: make d empty (d may be NULL). */
void arnet_diag_clear(arnet_diag *d);

#endif /* ARNET_ERR_H */
