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
#include "arnet_corrections.h"
#include "arnet_import.h"
#include "arnet_contact.h"
#include "arnet_file.h"
#include "arnet_date.h"
#include "arnet_money.h"
#include "import_columns.h"
#include "import_custcache.h"
#include "import_decode.h"
#include "import_forms.h"
#include "import_map.h"
#include "keycount.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ROW_FIELDS_MAX 64  /* fields of a row, named or not */
#define FIELD_MAX      512 /* longer fields are refused */

int
arnet_import_kind_parse(const char *name)
{
	for (int k = ARNET_IMPORT_CUSTOMERS; k <= ARNET_IMPORT_PAYMENTS; k++) {
		if (strcmp(name, import_kind_name((arnet_import_kind)k)) == 0) {
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

	import_map map;      /* the --map file's, or the defaults */
	import_decoder text; /* the file's encoding */

	int header_done;
	int col_of[IMPORT_COLS_MAX]; /* kind column -> file index, or -1 */
	int ncols_named; /* the header's columns up to the last named one */

	/* the row being read */
	char field[ROW_FIELDS_MAX + 1][FIELD_MAX + 1];
	int nfields;
	int too_long; /* index + 1 of a field over FIELD_MAX */
	uint32_t line, row_line;
	int row_pending;

	keycount *seen; /* ids / numbers / payment identities of this file */
	import_custcache *customers; /* invoices and payments files */
	/* payments: the last id held before the file, for repeats (0: any
	 * repeat may be added, --allow-duplicate) */
	uint64_t held_upto;
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
	/* A file read as GB18030 says so in every message. */
	return arnet_diag_set(im->d, err, "%s:%u: %s%s", im->path, im->row_line,
	                      msg,
	                      im->text.found == ARNET_IMPORT_ENC_GB18030
	                              ? " (file read as GB18030)"
	                              : "");
}

/* Whether the file has kind column c. */
static int
in_file(const import *im, int c)
{
	return im->col_of[c] >= 0;
}

/* The value of a kind column in the current row ("" when absent). */
static const char *
col(const import *im, int c)
{
	int i = im->col_of[c];
	return i >= 0 && i < im->nfields ? im->field[i] : "";
}

/* Every field of the current row from `from` on is empty. */
static int
empty_from(const import *im, int from)
{
	for (int i = from; i < im->nfields && i < ROW_FIELDS_MAX; i++) {
		if (im->field[i][0] != '\0') {
			return 0;
		}
	}
	return 1;
}

/* The header row: which column of the kind each field is. A header cell
 * is looked up in the --map file, then among the built-in names; empty
 * cells may only trail (Excel's unused columns). */
static int
header(import *im)
{
	arnet_import_kind kind = (arnet_import_kind)im->kind;
	char names[200];
	for (int c = 0; c < IMPORT_COLS_MAX; c++) {
		im->col_of[c] = -1;
	}
	im->ncols_named = 0;
	for (int i = 0; i < im->nfields; i++) {
		const char *h = im->field[i];
		if (h[0] == '\0') {
			if (empty_from(im, i)) {
				break;
			}
			return row_fail(im, ARNET_ESYNTAX,
			                "column %d has no name in the header",
			                i + 1);
		}
		int c = import_map_find(&im->map, kind, h);
		if (c == COL_UNKNOWN) {
			c = import_column_find(kind, h);
		}
		if (c == COL_UNKNOWN && !im->map.ignore_others) {
			import_columns_list(kind, names, sizeof(names));
			return row_fail(
			        im, ARNET_ESYNTAX,
			        "unknown column \"%.40s\" for %s (the "
			        "columns are %s, or their Chinese names; "
			        "a --map file can name or ignore others)",
			        h, import_kind_name(kind), names);
		}
		im->ncols_named = i + 1;
		if (c < 0) {
			continue;
		}
		if (im->col_of[c] >= 0) {
			return row_fail(
			        im, ARNET_ESYNTAX,
			        "column \"%s\" appears twice (fields %d "
			        "and %d)",
			        import_column_name(kind, c), im->col_of[c] + 1,
			        i + 1);
		}
		im->col_of[c] = i;
	}
	for (int c = 0; c < import_columns_required(kind); c++) {
		if (im->col_of[c] < 0) {
			return row_fail(im, ARNET_ESYNTAX,
			                "no column \"%s\" (a %s file needs %s)",
			                import_column_name(kind, c),
			                import_kind_name(kind),
			                import_columns_required_text(kind));
		}
	}
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
	char local[ARNET_ID_MAX + 8];
	if (im->map.local_codes && strchr(v, ':') == NULL) {
		/* The ERP's own customer code (the mapping file says so). */
		if ((size_t)snprintf(local, sizeof(local), "local:%s", v) >=
		    sizeof(local)) {
			return row_fail(im, ARNET_ETOOBIG,
			                "%s: \"%.40s...\" is too long for a "
			                "customer code",
			                name, v);
		}
		v = local;
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
	int rv = import_date(out, v, &im->map.form, &d);
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
	int rv = import_amount(out, v, cur, &im->map.form, &d);
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
	int rv = import_currency(out, v, &d);
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
row_customer(import *im, const arnet_ident *id, import_cust *c)
{
	arnet_diag d;
	int rv = import_custcache_get(im->customers, im->t, id, c, &d);
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

/* The contact columns (7 on, in arnet_contact_fields' order): a cell
 * given sets its field, an empty or absent one keeps the books'. A
 * customer whose contact changed is updated (*r). */
static int
row_contact(import *im, const arnet_ident *id, arnet_put_result *r,
            arnet_diag *d)
{
	arnet_contact ct;
	arnet_put_result cr;
	int rv, any = 0;
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		any |= col(im, 7 + i)[0] != '\0';
	}
	if (!any) {
		return ARNET_OK;
	}
	if ((rv = arnet_contact_get(im->t, id, &ct, d)) != ARNET_OK) {
		return rv;
	}
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const char *v = col(im, 7 + i);
		if (v[0] != '\0' &&
		    (rv = arnet_contact_set(&ct, &arnet_contact_fields[i], v,
		                            d)) != ARNET_OK) {
			return rv;
		}
	}
	if ((rv = arnet_contact_put(im->t, id, &ct, &cr, d)) != ARNET_OK) {
		return rv;
	}
	if (*r == ARNET_PUT_UNCHANGED && cr != ARNET_PUT_UNCHANGED) {
		*r = ARNET_PUT_UPDATED;
	}
	return ARNET_OK;
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
	/* A file without the column keeps the limit the books hold (an
	 * ERP's customer list rarely has one); an empty cell clears it. */
	if (in_file(im, 2)) {
		c.credit_limit = ARNET_NO_LIMIT;
	}
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
	if (in_file(im, 5)) {
		c.grade = g[0]; /* absent: the books' grade */
	}
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
	if (rv != ARNET_OK || (rv = row_contact(im, &id, &r, &d)) != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	count(im, r);
	return ARNET_OK;
}

/* An invoice row with a negative amount: a credit note (红字发票). */
static int
row_credit_note(import *im, const arnet_invoice *inv)
{
	arnet_correction cn = {.customer = inv->customer,
	                       .date = inv->issued,
	                       .amount = -inv->amount};
	arnet_put_result r;
	arnet_diag d;
	memcpy(cn.number, inv->number, sizeof(cn.number));
	memcpy(cn.currency, inv->currency, sizeof(cn.currency));
	memcpy(cn.reason, inv->order_ref, sizeof(inv->order_ref));
	int rv = arnet_credit_note_add(im->t, &cn, &r, &d);
	if (rv != ARNET_OK) {
		return row_fail(im, rv, "credit note: %s", d.msg);
	}
	count(im, r);
	return ARNET_OK;
}

static int
row_invoice(import *im)
{
	arnet_invoice inv;
	import_cust c;
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
	if (inv.amount < 0) {
		return row_credit_note(im, &inv);
	}
	rv = arnet_invoice_add(im->t, &inv, &r, &d);
	if (rv != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	count(im, r);
	return ARNET_OK;
}

/* The payments' totals of one currency (added when first seen). */
static arnet_import_money *
money_of(import *im, const char *currency)
{
	arnet_import_stats *st = im->st;
	for (size_t i = 0; i < st->ncurrencies; i++) {
		if (strcmp(st->money[i].currency, currency) == 0) {
			return &st->money[i];
		}
	}
	if (st->ncurrencies == ARNET_IMPORT_CURRENCIES) {
		return NULL;
	}
	arnet_import_money *m = &st->money[st->ncurrencies++];
	memcpy(m->currency, currency, 4);
	return m;
}

static int
row_payment(import *im)
{
	arnet_payment p;
	import_cust c;
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
	if (im->map.negative_payments) {
		/* The export writes what the customer paid as a credit. */
		if (p.amount >= 0) {
			return row_fail(im, ARNET_ERANGE,
			                "amount \"%.30s\" is not a credit (the "
			                "mapping file says payment_sign = "
			                "negative)",
			                col(im, 2));
		}
		p.amount = -p.amount;
	}
	/* The n-th identical row of this file is the n-th such payment. */
	arnet_payment_identity(id0, &p, 0);
	if (keycount_add(im->seen, id0, 32, im->row_line, &before, &first) !=
	    0) {
		return row_fail(im, ARNET_ENOMEM, "out of memory");
	}
	arnet_payment_identity(id, &p, before);
	rv = arnet_payment_add_unique(im->t, &p, id, im->held_upto, NULL, &r,
	                              &d);
	if (rv != ARNET_OK) {
		return row_fail(im, rv, "%s", d.msg);
	}
	count(im, r);
	if (r == ARNET_PUT_ADDED) {
		arnet_import_money *m = money_of(im, p.currency);
		if (m == NULL) {
			return row_fail(im, ARNET_ETOOBIG,
			                "more than %d currencies in one file",
			                ARNET_IMPORT_CURRENCIES);
		}
		m->applied += p.amount - p.unapplied;
		m->unapplied += p.unapplied;
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
	} else if (im->nfields > ROW_FIELDS_MAX) {
		row_fail(im, ARNET_ETOOBIG, "more than %d fields",
		         ROW_FIELDS_MAX);
	} else if (empty_from(im, 0)) {
		/* ",,,": a row Excel left empty, skipped like a blank line */
	} else if (!im->header_done) {
		header(im);
	} else if (im->nfields < im->ncols_named ||
	           !empty_from(im, im->ncols_named)) {
		row_fail(im, ARNET_ESYNTAX,
		         "%d fields, but the header has %d columns",
		         im->nfields, im->ncols_named);
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
	if (im->nfields >= ROW_FIELDS_MAX) {
		im->nfields++; /* counted for the message, not kept */
		return;
	}
	if (n > FIELD_MAX) {
		if (!im->too_long) {
			im->too_long = im->nfields + 1;
		}
		n = 0;
	}
	if (n > 0 && memchr(s, '\0', n) != NULL) {
		row_fail(im, ARNET_ESYNTAX, "field %d has a NUL byte",
		         im->nfields + 1);
	}
	/* ERP exports pad cells with spaces: a value is what is between. */
	const char *v = s;
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t')) {
		n--;
	}
	if (n > 0) {
		memcpy(im->field[im->nfields], v, n);
	}
	im->field[im->nfields][n] = '\0';
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

/* The first line that cannot be read as text fails the import there
 * (not at the row it belongs to, which may have started earlier). */
static int
decode(import *im, char **s, size_t *n)
{
	arnet_diag why;
	int rv = import_decode_line(&im->text, im->line, s, n, &why);
	if (rv != ARNET_OK) {
		im->err = rv;
		arnet_diag_set(im->d, rv, "%s:%u: %s", im->path, im->line,
		               why.msg);
	}
	return rv;
}

static void
import_free(import *im)
{
	if (im != NULL) {
		import_decoder_free(&im->text);
		keycount_free(im->seen);
		import_custcache_free(im->customers);
		free(im);
	}
}

int
arnet_import_file(arnet_txn *t, arnet_import_kind kind, const char *path,
                  const arnet_import_opts *opts, const arnet_books_policy *pol,
                  arnet_import_stats *st, arnet_diag *d)
{
	import *im;
	struct csv_parser p;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rv;

	memset(st, 0, sizeof(*st));
	if (kind < ARNET_IMPORT_CUSTOMERS || kind > ARNET_IMPORT_PAYMENTS) {
		return arnet_diag_set(d, ARNET_EINVAL, "unknown import kind");
	}
	im = calloc(1, sizeof(*im));
	if (im == NULL || (im->seen = keycount_new()) == NULL ||
	    (kind != ARNET_IMPORT_CUSTOMERS &&
	     (im->customers = import_custcache_new()) == NULL)) {
		import_free(im);
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	import_map_init(&im->map);
	if (opts != NULL && opts->map_path != NULL &&
	    (rv = import_map_load(&im->map, opts->map_path, d)) != ARNET_OK) {
		import_free(im);
		return rv;
	}
	import_decoder_init(&im->text,
	                    opts != NULL && opts->encoding !=
	                                            ARNET_IMPORT_ENC_AUTO
	                            ? opts->encoding
	                            : im->map.encoding);
	FILE *f;
	int orv;
	if ((orv = arnet_file_open(&f, path, "r", d)) != ARNET_OK) {
		import_free(im);
		return orv;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(f);
		import_free(im);
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	csv_set_delim(&p, (unsigned char)im->map.separator);
	im->t = t;
	im->kind = kind;
	im->path = path;
	im->pol = pol;
	im->st = st;
	im->d = d;
	im->row_pending = 1;
	if (kind == ARNET_IMPORT_PAYMENTS &&
	    (opts == NULL || !opts->allow_duplicate) &&
	    (rv = arnet_payment_last_id(t, &im->held_upto, d)) != ARNET_OK) {
		fclose(f);
		csv_free(&p);
		import_free(im);
		return rv;
	}
	while (im->err == ARNET_OK && (got = getline(&line, &cap, f)) != -1) {
		char *s = line;
		size_t n = (size_t)got;
		im->line++;
		if (decode(im, &s, &n) != ARNET_OK) {
			break;
		}
		if (im->row_pending) {
			if (blank(s, n)) {
				continue;
			}
			im->row_line = im->line;
			im->row_pending = 0;
		}
		if (csv_parse(&p, s, n, on_field, on_row, im) != n) {
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
	rv = im->err;
	free(line);
	fclose(f);
	csv_free(&p);
	import_free(im);
	return rv;
}
