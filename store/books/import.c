/*
 * import.c - CSV files of customers, invoices and payments into the books.
 *
 * libcsv does the quoting; this file feeds it one physical line at a time
 * so every row is known by the line it starts on, collects the fields of
 * a row, and applies the row as soon as it is complete, inside the
 * caller's transaction. The first error is kept with its line and stops
 * the import; the caller aborts the transaction, so a file is imported
 * whole or not at all.
 */
#include "arnet_import.h"
#include "arnet_date.h"
#include "arnet_money.h"
#include "keycount.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLS  8
#define FIELD_MAX 512 /* longer fields are refused */

/* The columns of each kind; the first `required` must be present. */
static const struct kind_cols {
	const char *name;
	int required;
	const char *cols[MAX_COLS];
} kinds[] = {
        [ARNET_IMPORT_CUSTOMERS] = {"customers",
                                    2,
                                    {"id", "name", "credit_limit", "currency",
                                     "terms_days", "grade", "individual",
                                     NULL}},
        [ARNET_IMPORT_INVOICES] = {"invoices",
                                   4,
                                   {"number", "customer", "issue_date",
                                    "amount", "due_date", "currency",
                                    "order_ref", NULL}},
        [ARNET_IMPORT_PAYMENTS] = {"payments",
                                   3,
                                   {"date", "customer", "amount", "currency",
                                    "invoice", "reference", NULL}},
};

int
arnet_import_kind_parse(const char *name)
{
	for (int k = ARNET_IMPORT_CUSTOMERS; k <= ARNET_IMPORT_PAYMENTS; k++) {
		if (strcmp(name, kinds[k].name) == 0) {
			return k;
		}
	}
	return 0;
}

typedef struct import {
	arnet_txn *t;
	int kind;
	const char *path;
	const arnet_books_policy *pol;
	arnet_import_stats *st;
	arnet_diag *d;

	int header_done;
	int col_of[MAX_COLS]; /* kind column -> index in the file, or -1 */
	int ncols_file;

	/* the row being read */
	char field[MAX_COLS + 1][FIELD_MAX + 1];
	int nfields;
	int too_long; /* index + 1 of a field over FIELD_MAX */
	uint32_t line, row_line;
	int row_pending;

	keycount *seen; /* ids / numbers / payment identities of this file */
	int err;
} import;

/* Fail the import at the current row: "FILE:LINE: message". */
static int row_fail(import *im, int err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
row_fail(import *im, int err, const char *fmt, ...)
{
	char msg[ARNET_DIAG_MAX];
	va_list ap;
	if (im->err != ARNET_OK) {
		return im->err;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	im->err = err;
	return arnet_diag_set(im->d, err, "%s:%u: %s", im->path, im->row_line,
	                      msg);
}

/* The value of a kind column in the current row ("" when absent). */
static const char *
col(const import *im, int c)
{
	int i = im->col_of[c];
	return i >= 0 && i < im->nfields ? im->field[i] : "";
}

static int
header(import *im)
{
	const struct kind_cols *k = &kinds[im->kind];
	for (int c = 0; c < MAX_COLS; c++) {
		im->col_of[c] = -1;
	}
	for (int i = 0; i < im->nfields; i++) {
		int c = 0;
		while (k->cols[c] != NULL &&
		       strcmp(k->cols[c], im->field[i]) != 0) {
			c++;
		}
		if (k->cols[c] == NULL) {
			return row_fail(im, ARNET_ESYNTAX,
			                "unknown column \"%.40s\" for %s",
			                im->field[i], k->name);
		}
		if (im->col_of[c] >= 0) {
			return row_fail(im, ARNET_ESYNTAX,
			                "column \"%s\" appears twice",
			                k->cols[c]);
		}
		im->col_of[c] = i;
	}
	for (int c = 0; c < k->required; c++) {
		if (im->col_of[c] < 0) {
			return row_fail(
			        im, ARNET_ESYNTAX,
			        "no column \"%s\" (a %s file needs %s)",
			        k->cols[c], k->name,
			        im->kind == ARNET_IMPORT_CUSTOMERS
			                ? "id and name"
			        : im->kind == ARNET_IMPORT_INVOICES
			                ? "number, customer, issue_date "
			                  "and amount"
			                : "date, customer and amount");
		}
	}
	im->ncols_file = im->nfields;
	im->header_done = 1;
	return ARNET_OK;
}

/* Field parsers: on failure the row fails naming the column. */

static int
get_ident(import *im, const char *name, const char *v, arnet_ident *out)
{
	arnet_diag d;
	if (v[0] == '\0') {
		return row_fail(im, ARNET_ESYNTAX, "%s is empty", name);
	}
	int rv = arnet_ident_parse(out, v, &d);
	return rv == ARNET_OK ? ARNET_OK
	                      : row_fail(im, rv, "%s: %s", name, d.msg);
}

static int
get_date(import *im, const char *name, const char *v, int32_t *out)
{
	arnet_diag d;
	if (v[0] == '\0') {
		return row_fail(im, ARNET_ESYNTAX, "%s is empty", name);
	}
	int rv = arnet_date_parse(out, v, &d);
	return rv == ARNET_OK ? ARNET_OK
	                      : row_fail(im, rv, "%s: %s", name, d.msg);
}

static int
get_amount(import *im, const char *name, const char *v, const char *cur,
           int64_t *out)
{
	arnet_diag d;
	if (v[0] == '\0') {
		return row_fail(im, ARNET_ESYNTAX, "%s is empty", name);
	}
	int rv = arnet_money_parse(out, v, cur, &d);
	return rv == ARNET_OK ? ARNET_OK
	                      : row_fail(im, rv, "%s: %s", name, d.msg);
}

/* The currency column, or `dflt` when it is empty. */
static int
get_currency(import *im, const char *v, const char *dflt, char out[4])
{
	arnet_diag d;
	if (v[0] == '\0') {
		memcpy(out, dflt, 4);
		return ARNET_OK;
	}
	int rv = arnet_currency_parse(out, v, &d);
	return rv == ARNET_OK ? ARNET_OK
	                      : row_fail(im, rv, "currency: %s", d.msg);
}

static int
get_text(import *im, const char *name, const char *v, char *out, size_t cap)
{
	if (strlen(v) >= cap) {
		return row_fail(im, ARNET_ETOOBIG,
		                "%s is longer than %zu bytes", name, cap - 1);
	}
	memcpy(out, v, strlen(v) + 1);
	return ARNET_OK;
}

/* A key may appear once per file. */
static int
once(import *im, const char *what, const char *key)
{
	uint32_t before, first;
	if (keycount_add(im->seen, key, strlen(key), im->row_line, &before,
	                 &first) != 0) {
		return row_fail(im, ARNET_ENOMEM, "out of memory");
	}
	if (before > 0) {
		return row_fail(im, ARNET_EEXIST,
		                "%s %s appears again (first on line %u)", what,
		                key, first);
	}
	return ARNET_OK;
}

/* The stored customer of a row, with "customer" named in the error. */
static int
row_customer(import *im, const arnet_ident *id, arnet_customer *c)
{
	arnet_diag d;
	int rv = arnet_customer_get(im->t, id, c, &d);
	if (rv == ARNET_ENOTFOUND) {
		return row_fail(im, rv,
		                "customer %s is not in the books (import "
		                "customers first)",
		                id->text);
	}
	return rv == ARNET_OK ? ARNET_OK : row_fail(im, rv, "%s", d.msg);
}

static void
count(import *im, arnet_put_result r)
{
	if (r == ARNET_PUT_ADDED) {
		im->st->added++;
	} else if (r == ARNET_PUT_UPDATED) {
		im->st->updated++;
	} else {
		im->st->unchanged++;
	}
}

static int
row_customer_line(import *im)
{
	arnet_customer c;
	arnet_ident id;
	arnet_put_result r;
	arnet_diag d;
	int rv;
	long terms;
	char *end;

	if ((rv = get_ident(im, "id", col(im, 0), &id)) != 0 ||
	    (rv = once(im, "customer", id.text)) != 0) {
		return rv;
	}
	/* An update keeps what the file does not say: status, hold. */
	rv = arnet_customer_get(im->t, &id, &c, &d);
	if (rv == ARNET_ENOTFOUND) {
		arnet_customer_init(&c, &id);
		c.terms_days = (uint16_t)im->pol->default_terms;
		memcpy(c.currency, im->pol->currency, 4);
	} else if (rv != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	if ((rv = get_text(im, "name", col(im, 1), c.name, sizeof(c.name))) !=
	            0 ||
	    (rv = get_currency(im, col(im, 3), c.currency, c.currency)) != 0) {
		return rv;
	}
	c.credit_limit = ARNET_NO_LIMIT;
	if (col(im, 2)[0] != '\0' &&
	    (rv = get_amount(im, "credit_limit", col(im, 2), c.currency,
	                     &c.credit_limit)) != 0) {
		return rv;
	}
	if (c.credit_limit < ARNET_NO_LIMIT) {
		return row_fail(im, ARNET_ERANGE,
		                "credit_limit must not be negative");
	}
	if (col(im, 4)[0] != '\0') {
		errno = 0;
		terms = strtol(col(im, 4), &end, 10);
		if (errno != 0 || *end != '\0' || terms < 0 ||
		    terms > ARNET_TERMS_MAX) {
			return row_fail(
			        im, ARNET_ERANGE,
			        "terms_days \"%.20s\" is not a number of "
			        "days from 0 to %d",
			        col(im, 4), ARNET_TERMS_MAX);
		}
		c.terms_days = (uint16_t)terms;
	}
	const char *g = col(im, 5);
	if (g[0] != '\0' && (g[1] != '\0' || g[0] < 'A' || g[0] > 'D')) {
		return row_fail(im, ARNET_ESYNTAX,
		                "grade \"%.20s\" is not A, B, C or D", g);
	}
	c.grade = g[0];
	/* Empty or absent: what the books say (a new customer: no), so a
	 * file without the column never clears a mark set by hand. */
	const char *ind = col(im, 6);
	if (ind[0] != '\0') {
		if (strcasecmp(ind, "yes") == 0 || strcmp(ind, "1") == 0) {
			c.individual = 1;
		} else if (strcasecmp(ind, "no") == 0 ||
		           strcmp(ind, "0") == 0) {
			c.individual = 0;
		} else {
			return row_fail(
			        im, ARNET_ESYNTAX,
			        "individual \"%.20s\" is not yes, no, 1 "
			        "or 0",
			        ind);
		}
	}
	rv = arnet_customer_put(im->t, &c, &r, &d);
	if (rv != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	count(im, r);
	return ARNET_OK;
}

static int
row_invoice(import *im)
{
	arnet_invoice inv;
	arnet_customer c;
	arnet_put_result r;
	arnet_diag d;
	int rv;

	memset(&inv, 0, sizeof(inv));
	if ((rv = get_text(im, "number", col(im, 0), inv.number,
	                   sizeof(inv.number))) != 0 ||
	    (rv = once(im, "invoice", inv.number)) != 0 ||
	    (rv = get_ident(im, "customer", col(im, 1), &inv.customer)) != 0 ||
	    (rv = row_customer(im, &inv.customer, &c)) != 0 ||
	    (rv = get_date(im, "issue_date", col(im, 2), &inv.issued)) != 0 ||
	    (rv = get_currency(im, col(im, 5), c.currency, inv.currency)) !=
	            0 ||
	    (rv = get_amount(im, "amount", col(im, 3), inv.currency,
	                     &inv.amount)) != 0 ||
	    (rv = get_text(im, "order_ref", col(im, 6), inv.order_ref,
	                   sizeof(inv.order_ref))) != 0) {
		return rv;
	}
	if (col(im, 4)[0] == '\0') {
		inv.due = inv.issued + c.terms_days;
	} else if ((rv = get_date(im, "due_date", col(im, 4), &inv.due)) != 0) {
		return rv;
	}
	rv = arnet_invoice_add(im->t, &inv, &r, &d);
	if (rv != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	count(im, r);
	return ARNET_OK;
}

static int
row_payment(import *im)
{
	arnet_payment p;
	arnet_customer c;
	arnet_put_result r;
	arnet_diag d;
	uint8_t id0[32], id[32];
	uint32_t before, first;
	int rv;

	memset(&p, 0, sizeof(p));
	if ((rv = get_date(im, "date", col(im, 0), &p.date)) != 0 ||
	    (rv = get_ident(im, "customer", col(im, 1), &p.customer)) != 0 ||
	    (rv = row_customer(im, &p.customer, &c)) != 0 ||
	    (rv = get_currency(im, col(im, 3), c.currency, p.currency)) != 0 ||
	    (rv = get_amount(im, "amount", col(im, 2), p.currency,
	                     &p.amount)) != 0 ||
	    (rv = get_text(im, "invoice", col(im, 4), p.invoice,
	                   sizeof(p.invoice))) != 0 ||
	    (rv = get_text(im, "reference", col(im, 5), p.reference,
	                   sizeof(p.reference))) != 0) {
		return rv;
	}
	/* The n-th identical row of this file is the n-th such payment. */
	arnet_payment_identity(id0, &p, 0);
	if (keycount_add(im->seen, id0, 32, im->row_line, &before, &first) !=
	    0) {
		return row_fail(im, ARNET_ENOMEM, "out of memory");
	}
	arnet_payment_identity(id, &p, before);
	rv = arnet_payment_add(im->t, &p, id, &r, &d);
	if (rv != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	count(im, r);
	if (r == ARNET_PUT_ADDED) {
		im->st->applied += p.amount - p.unapplied;
		im->st->unapplied += p.unapplied;
	}
	return ARNET_OK;
}

static void
row_done(import *im)
{
	if (im->err != ARNET_OK) {
		return;
	}
	if (im->too_long) {
		row_fail(im, ARNET_ETOOBIG, "field %d is longer than %d bytes",
		         im->too_long, FIELD_MAX);
	} else if (!im->header_done) {
		header(im);
	} else if (im->nfields != im->ncols_file) {
		row_fail(im, ARNET_ESYNTAX,
		         "%d fields, but the header has %d columns",
		         im->nfields, im->ncols_file);
	} else {
		im->st->rows++;
		switch (im->kind) {
		case ARNET_IMPORT_CUSTOMERS:
			row_customer_line(im);
			break;
		case ARNET_IMPORT_INVOICES:
			row_invoice(im);
			break;
		default:
			row_payment(im);
			break;
		}
	}
}

/* libcsv: a field of the current row. */
static void
on_field(void *s, size_t n, void *arg)
{
	import *im = arg;
	if (im->nfields > MAX_COLS) {
		im->nfields++; /* counted for the message, not kept */
		return;
	}
	if (n > FIELD_MAX) {
		if (!im->too_long) {
			im->too_long = im->nfields + 1;
		}
		n = 0;
	}
	if (n > 0) {
		memcpy(im->field[im->nfields], s, n);
	}
	im->field[im->nfields][n] = '\0';
	if (n > 0 && memchr(s, '\0', n) != NULL) {
		row_fail(im, ARNET_ESYNTAX, "field %d has a NUL byte",
		         im->nfields + 1);
	}
	im->nfields++;
}

/* libcsv: the end of a row. */
static void
on_row(int c, void *arg)
{
	import *im = arg;
	(void)c;
	row_done(im);
	im->nfields = 0;
	im->too_long = 0;
	im->row_pending = 1;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
		    s[i] != '\n') {
			return 0;
		}
	}
	return 1;
}

int
arnet_import_file(arnet_txn *t, arnet_import_kind kind, const char *path,
                  const arnet_books_policy *pol, arnet_import_stats *st,
                  arnet_diag *d)
{
	import *im;
	struct csv_parser p;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	memset(st, 0, sizeof(*st));
	if (kind < ARNET_IMPORT_CUSTOMERS || kind > ARNET_IMPORT_PAYMENTS) {
		return arnet_diag_set(d, ARNET_EINVAL, "unknown import kind");
	}
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		int e = errno;
		return arnet_diag_set(d,
		                      e == ENOENT ? ARNET_ENOTFOUND : ARNET_EIO,
		                      "%s: %s", path, strerror(e));
	}
	im = calloc(1, sizeof(*im));
	if (im == NULL ||
	    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0 ||
	    (im->seen = keycount_new()) == NULL) {
		fclose(f);
		if (im != NULL) {
			keycount_free(im->seen);
		}
		free(im);
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	im->t = t;
	im->kind = kind;
	im->path = path;
	im->pol = pol;
	im->st = st;
	im->d = d;
	im->row_pending = 1;
	while (im->err == ARNET_OK && (n = getline(&line, &cap, f)) != -1) {
		char *s = line;
		im->line++;
		if (im->line == 1 && n >= 3 &&
		    memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3; /* the byte order mark of Excel's UTF-8 CSV */
			n -= 3;
		}
		if (im->row_pending) {
			if (blank(s, (size_t)n)) {
				continue;
			}
			im->row_line = im->line;
			im->row_pending = 0;
		}
		if (csv_parse(&p, s, (size_t)n, on_field, on_row, im) !=
		    (size_t)n) {
			row_fail(im, ARNET_ESYNTAX, "%s",
			         csv_strerror(csv_error(&p)));
		}
	}
	if (im->err == ARNET_OK && ferror(f)) {
		arnet_diag_set(d, ARNET_EIO, "%s: read error", path);
		im->err = ARNET_EIO;
	}
	if (im->err == ARNET_OK && csv_fini(&p, on_field, on_row, im) != 0) {
		row_fail(im, ARNET_ESYNTAX, "%s (a quote is not closed?)",
		         csv_strerror(csv_error(&p)));
	}
	if (im->err == ARNET_OK && !im->header_done) {
		im->row_line = 1;
		row_fail(im, ARNET_ESYNTAX,
		         "the file is empty: expected a header row naming the "
		         "columns");
	}
	int rv = im->err;
	free(line);
	fclose(f);
	csv_free(&p);
	keycount_free(im->seen);
	free(im);
	return rv;
}
