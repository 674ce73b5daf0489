/*
 * table.c - a report's rows as a text table, CSV or xlsx (table.h).
 *
 * Text goes through stdout, a display stream (output.c): what cannot be
 * shown is escaped. CSV and xlsx are data, written exact like JSON: to
 * stdout's descriptor directly, or to a temporary file renamed into
 * place once it is whole.
 */
#include "table.h"

#include "arnet_date.h"
#include "arnet_money.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct cell {
	int blank;
	int64_t v;   /* money, date, int */
	char *s;     /* text (malloc'd) */
	char cur[4]; /* money: its currency */
} cell;

struct cli_table {
	const cli_column *cols;
	int ncols;
	char currency[4]; /* of the whole table, "" for several */
	char section[4];  /* cli_table_section's: of the rows that follow */
	int lead;         /* the first column is the section's currency */
	cell *cells;
	size_t n, cap;  /* cells */
	size_t *totals; /* the rows that are totals rows */
	size_t ntot, tcap;
	int oom;
};

int
cli_out_parse(const char *cmd, cli_ctx *ctx, cli_out *o)
{
	static const char *const NAMES[] = {"text", "csv", "xlsx", "json"};
	o->format = ctx->json ? CLI_FMT_JSON : CLI_FMT_TEXT;
	if (o->format_text != NULL) {
		int f = -1;
		for (int i = 0; i < 4; i++) {
			if (strcmp(o->format_text, NAMES[i]) == 0) {
				f = i;
			}
		}
		if (f < 0) {
			return cli_usage(
			        cmd,
			        "--format: text, csv, xlsx or json, not "
			        "\"%s\"",
			        o->format_text);
		}
		if (ctx->json && f != CLI_FMT_JSON) {
			return cli_usage(cmd,
			                 "--json and --format %s: choose one",
			                 o->format_text);
		}
		o->format = (cli_format)f;
	}
	if (o->format == CLI_FMT_JSON) {
		ctx->json = 1;
	}
	const arnet_config *cfg = cli_config(ctx);
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	int rv = cli_arg_lang(cmd, o->lang_text, cfg->node.lang_zh, &o->zh);
	if (rv != EXIT_OK) {
		return rv;
	}
	if (o->format == CLI_FMT_XLSX && o->path == NULL) {
		return cli_usage(cmd, "--format xlsx needs --out FILE.xlsx");
	}
	if (o->path != NULL && o->format != CLI_FMT_CSV &&
	    o->format != CLI_FMT_XLSX) {
		return cli_usage(cmd, "--out FILE is for --format csv or xlsx");
	}
	return EXIT_OK;
}

cli_table *
cli_table_new(const cli_column *cols, int ncols, const char *currency)
{
	cli_table *t = calloc(1, sizeof(*t));
	if (t != NULL) {
		t->cols = cols;
		t->ncols = ncols;
		snprintf(t->currency, sizeof(t->currency), "%s",
		         currency != NULL ? currency : "");
		memcpy(t->section, t->currency, sizeof(t->section));
		t->lead = currency == NULL && ncols > 0 &&
		          cols[0].en == CLI_COL_CURRENCY.en;
	}
	return t;
}

/* A named array, not a literal: its address is its own, so a catalog's
 * own "currency" column (which the compiler may merge with any other
 * "currency" literal) is never taken for CLI_COL_CURRENCY. */
static const char currency_lead[] = "currency";
const cli_column CLI_COL_CURRENCY = {currency_lead, "币种", CLI_K_TEXT, 0};

void
cli_table_section(cli_table *t, const char *currency)
{
	if (t != NULL) {
		snprintf(t->section, sizeof(t->section), "%s", currency);
	}
}

void
cli_table_free(cli_table *t)
{
	if (t == NULL) {
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		free(t->cells[i].s);
	}
	free(t->cells);
	free(t->totals);
	free(t);
}

static cell *next_cell(cli_table *t);

/* A row of a table that leads with the currency starts with it. */
static void
lead_cell(cli_table *t)
{
	if (t->lead && t->n % (size_t)t->ncols == 0) {
		t->lead = 0;
		cli_table_text(t, t->section);
		t->lead = 1;
	}
}

static cell *
next_cell(cli_table *t)
{
	if (t == NULL) {
		return NULL; /* cli_table_new failed: print says so */
	}
	lead_cell(t);
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		cell *c = realloc(t->cells, cap * sizeof(*c));
		if (c == NULL) {
			t->oom = 1;
			return NULL;
		}
		t->cells = c;
		t->cap = cap;
	}
	cell *c = &t->cells[t->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

void
cli_table_text(cli_table *t, const char *s)
{
	cell *c = next_cell(t);
	if (c != NULL && (c->s = strdup(s != NULL ? s : "")) == NULL) {
		t->oom = 1;
	}
}

static void
put_number(cli_table *t, int64_t v)
{
	cell *c = next_cell(t);
	if (c != NULL) {
		c->v = v;
	}
}

void
cli_table_money_in(cli_table *t, int64_t minor, const char *currency)
{
	cell *c = next_cell(t);
	if (c != NULL) {
		c->v = minor;
		snprintf(c->cur, sizeof(c->cur), "%s", currency);
	}
}

void
cli_table_money(cli_table *t, int64_t minor)
{
	cli_table_money_in(t, minor, t != NULL ? t->section : "");
}

void
cli_table_date(cli_table *t, int32_t day)
{
	put_number(t, day);
}

void
cli_table_int(cli_table *t, int64_t v)
{
	put_number(t, v);
}

void
cli_table_label(cli_table *t, const char *s)
{
	cli_table_text(t, s);
}

void
cli_table_blank(cli_table *t)
{
	cell *c = next_cell(t);
	if (c != NULL) {
		c->blank = 1;
	}
}

void
cli_table_total(cli_table *t)
{
	if (t == NULL) {
		return;
	}
	if (t->ntot == t->tcap) {
		size_t cap = t->tcap ? 2 * t->tcap : 4;
		size_t *p = realloc(t->totals, cap * sizeof(*p));
		if (p == NULL) {
			t->oom = 1;
			return;
		}
		t->totals = p;
		t->tcap = cap;
	}
	t->totals[t->ntot++] = t->n / (size_t)t->ncols;
}

static int
is_total(const cli_table *t, size_t row)
{
	for (size_t i = 0; i < t->ntot; i++) {
		if (t->totals[i] == row) {
			return 1;
		}
	}
	return 0;
}

static const char *
header(const cli_column *c, int zh)
{
	return zh && c->zh != NULL ? c->zh : c->en;
}

/* A cell as text: money grouped for people ("1,234.56") or plain for a
 * spreadsheet ("1234.56"). buf holds 48 bytes. */
static const char *
cell_text(const cell *c, cli_kind k, int grouped, char *buf)
{
	if (c->blank) {
		return "";
	}
	if (c->s != NULL) {
		return c->s; /* text, or a label in any column */
	}
	switch (k) {
	case CLI_K_TEXT:
		return c->s;
	case CLI_K_MONEY:
		if (arnet_money_format(buf, 48, c->v, c->cur, grouped) !=
		    ARNET_OK) {
			snprintf(buf, 48, "%lld", (long long)c->v);
		}
		return buf;
	case CLI_K_DATE:
		return cli_date(buf, (int32_t)c->v);
	case CLI_K_INT:
		snprintf(buf, 48, "%lld", (long long)c->v);
		return buf;
	}
	return "";
}

/* --- text --- */

static int
print_text(const cli_table *t, const cli_out *o, const char *title)
{
	size_t rows = t->n / (size_t)t->ncols;
	int *w = calloc((size_t)t->ncols, sizeof(*w));
	char buf[48], cellbuf[4 * 200 + 8];
	if (w == NULL) {
		return cli_error("out of memory");
	}
	int total_w = 0;
	for (int j = 0; j < t->ncols; j++) {
		w[j] = cli_width(header(&t->cols[j], o->zh));
		for (size_t r = 0; r < rows; r++) {
			const cell *c = &t->cells[r * (size_t)t->ncols + j];
			int cw = cli_width(
			        cell_text(c, t->cols[j].kind, 1, buf));
			if (t->cols[j].max > 0 && cw > t->cols[j].max) {
				cw = t->cols[j].max;
			}
			w[j] = cw > w[j] ? cw : w[j];
		}
		if (w[j] > 200) {
			w[j] = 200; /* what cellbuf holds */
		}
		total_w += w[j] + (j > 0 ? 2 : 0);
	}
	if (title != NULL) {
		printf("%s\n\n", title);
	}
	for (size_t r = 0; r <= rows; r++) {
		/* r == 0 is the header; row r - 1 of the table after it. */
		if (r > 0 && is_total(t, r - 1)) {
			for (int k = 0; k < total_w; k++) {
				putchar('-');
			}
			putchar('\n');
		}
		char line[8192];
		size_t len = 0;
		for (int j = 0; j < t->ncols; j++) {
			cli_kind k = t->cols[j].kind;
			const char *s =
			        r == 0 ? header(&t->cols[j], o->zh)
			               : cell_text(
			                         &t->cells[(r -
			                                    1) * (size_t)t->ncols +
			                                   j],
			                         k, 1, buf);
			int right = k == CLI_K_MONEY || k == CLI_K_INT;
			int pad = w[j] - cli_width(s);
			if (pad < 0) {
				pad = 0;
			}
			const char *shown = s;
			if (!right) {
				shown = cli_cell(cellbuf, sizeof(cellbuf), s,
				                 w[j]);
				pad = 0;
			}
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			                        "%s%*s%s", j > 0 ? "  " : "",
			                        right ? pad : 0, "", shown);
			if (len >= sizeof(line)) {
				len = sizeof(line) - 1;
			}
		}
		while (len > 0 && line[len - 1] == ' ') {
			len--; /* no trailing blanks */
		}
		printf("%.*s\n", (int)len, line);
	}
	free(w);
	return EXIT_OK;
}

/* --- CSV --- */

typedef struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
} sbuf;

static void
sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->oom) {
		return;
	}
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1) {
			cap *= 2;
		}
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* One CSV field: quoted when it holds a separator, a quote, a line end
 * or edge blanks (RFC 4180); a text a spreadsheet would run as a formula
 * (= + - @, tab, CR first) is kept as text by a leading apostrophe. */
static void
csv_field(sbuf *b, const char *s, int text)
{
	size_t n = strlen(s);
	int formula = text && n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	int quote = n > 0 && (strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
	                      s[n - 1] == ' ');
	if (quote) {
		sb_put(b, "\"", 1);
	}
	if (formula) {
		sb_put(b, "'", 1);
	}
	for (const char *q = s; *q != '\0'; q++) {
		sb_put(b, q, 1);
		if (*q == '"') {
			sb_put(b, "\"", 1);
		}
	}
	if (quote) {
		sb_put(b, "\"", 1);
	}
}

/* A money column's header names the currency: "total (CNY)". */
static void
header_with_currency(const cli_table *t, int j, int zh, char *out, size_t cap)
{
	const char *h = header(&t->cols[j], zh);
	if (t->cols[j].kind == CLI_K_MONEY && t->currency[0] != '\0') {
		snprintf(out, cap, "%s (%s)", h, t->currency);
	} else {
		snprintf(out, cap, "%s", h);
	}
}

/* A temporary file beside path, for a write that is whole or absent. */
static int
temp_beside(const char *path, char *tmp, size_t cap)
{
	if (snprintf(tmp, cap, "%s.XXXXXX", path) >= (int)cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return mkstemp(tmp);
}

static int
publish(const char *tmp, const char *path)
{
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return cli_error("cannot write %s: %s", path, strerror(e));
	}
	return EXIT_OK;
}

static int
print_csv(const cli_table *t, const cli_out *o)
{
	sbuf b = {0};
	char buf[48], h[256], tmp[4096];
	size_t rows = t->n / (size_t)t->ncols;
	sb_put(&b, "\xef\xbb\xbf", 3); /* BOM: Excel reads UTF-8 */
	for (int j = 0; j < t->ncols; j++) {
		header_with_currency(t, j, o->zh, h, sizeof(h));
		if (j > 0) {
			sb_put(&b, ",", 1);
		}
		csv_field(&b, h, 1);
	}
	sb_put(&b, "\r\n", 2);
	for (size_t r = 0; r < rows; r++) {
		for (int j = 0; j < t->ncols; j++) {
			cli_kind k = t->cols[j].kind;
			const cell *c = &t->cells[r * (size_t)t->ncols + j];
			if (j > 0) {
				sb_put(&b, ",", 1);
			}
			csv_field(&b, cell_text(c, k, 0, buf), c->s != NULL);
		}
		sb_put(&b, "\r\n", 2);
	}
	if (b.oom) {
		free(b.p);
		return cli_error("out of memory");
	}
	int rv = EXIT_OK;
	if (o->path == NULL) {
		fflush(stdout);
		if (cli_write_all(STDOUT_FILENO, b.p, b.n) != 0) {
			rv = cli_error("cannot write output: %s",
			               strerror(errno));
		}
	} else {
		int fd = temp_beside(o->path, tmp, sizeof(tmp));
		if (fd < 0) {
			rv = cli_error("cannot write %s: %s", o->path,
			               strerror(errno));
		} else if (cli_write_all(fd, b.p, b.n) != 0 || fsync(fd) != 0) {
			rv = cli_error("cannot write %s: %s", o->path,
			               strerror(errno));
			close(fd);
			unlink(tmp);
		} else if (close(fd) != 0) {
			rv = cli_error("cannot write %s: %s", o->path,
			               strerror(errno));
			unlink(tmp);
		} else {
			rv = publish(tmp, o->path);
		}
	}
	free(b.p);
	return rv;
}

/* --- xlsx --- */

/* The number format of money in currency: its decimals, and the yuan
 * sign for CNY (Excel's Chinese-locale currency format). */
static void
money_format(const char *currency, char *out, size_t cap)
{
	int e = arnet_currency_exponent(currency);
	char dec[16] = "";
	if (e > 0 && e < 10) {
		dec[0] = '.';
		memset(dec + 1, '0', (size_t)e);
		dec[e + 1] = '\0';
	}
	if (strcmp(currency, "CNY") == 0) {
		snprintf(out, cap, "[$\xc2\xa5-804]#,##0%s", dec);
	} else {
		snprintf(out, cap, "#,##0%s", dec);
	}
}

static double
money_number(int64_t minor, const char *currency)
{
	int e = arnet_currency_exponent(currency);
	double scale = 1;
	for (int i = 0; i < e; i++) {
		scale *= 10;
	}
	/* The nearest double to the decimal amount: what Excel keeps. */
	return (double)minor / scale;
}

/* The money formats of a workbook, plain and bold, one pair a currency
 * (made when first needed). */
#define XLSX_CURRENCIES 16
typedef struct money_formats {
	lxw_workbook *wb;
	char cur[XLSX_CURRENCIES][4];
	lxw_format *f[XLSX_CURRENCIES][2];
	int n;
} money_formats;

static lxw_format *
money_fmt(money_formats *m, const char *cur, int bold)
{
	char fmt[64];
	int i = 0;
	while (i < m->n && strcmp(m->cur[i], cur) != 0) {
		i++;
	}
	if (i == m->n) {
		if (m->n == XLSX_CURRENCIES) {
			i = 0; /* more currencies than any book holds */
		} else {
			m->n++;
			memcpy(m->cur[i], cur, 4);
			money_format(cur, fmt, sizeof(fmt));
			for (int b = 0; b < 2; b++) {
				m->f[i][b] = workbook_add_format(m->wb);
				format_set_num_format(m->f[i][b], fmt);
				if (b) {
					format_set_bold(m->f[i][b]);
				}
			}
		}
	}
	return m->f[i][bold != 0];
}

static int
print_xlsx(const cli_table *t, const cli_out *o, const char *sheet)
{
	char tmp[4096], h[256];
	size_t rows = t->n / (size_t)t->ncols;
	int fd = temp_beside(o->path, tmp, sizeof(tmp));
	if (fd < 0) {
		return cli_error("cannot write %s: %s", o->path,
		                 strerror(errno));
	}
	close(fd);
	lxw_workbook *wb = workbook_new(tmp);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, sheet) : NULL;
	if (ws == NULL) {
		if (wb != NULL) {
			workbook_close(wb);
		}
		unlink(tmp);
		return cli_error("cannot write %s: out of memory", o->path);
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	money_formats mf = {.wb = wb};
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	for (int j = 0; j < t->ncols; j++) {
		header_with_currency(t, j, o->zh, h, sizeof(h));
		worksheet_write_string(ws, 0, (lxw_col_t)j, h, bold);
		int width = cli_width(h) + 2;
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
		                     width < 12 ? 12 : width, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t r = 0; r < rows; r++) {
		lxw_row_t row = (lxw_row_t)(r + 1);
		int tot = is_total(t, r);
		for (int j = 0; j < t->ncols; j++) {
			const cell *c = &t->cells[r * (size_t)t->ncols + j];
			lxw_col_t col = (lxw_col_t)j;
			if (c->blank) {
				continue;
			}
			switch (c->s != NULL ? CLI_K_TEXT : t->cols[j].kind) {
			case CLI_K_TEXT:
				worksheet_write_string(ws, row, col, c->s,
				                       tot ? bold : NULL);
				break;
			case CLI_K_MONEY:
				worksheet_write_number(
				        ws, row, col,
				        money_number(c->v, c->cur),
				        money_fmt(&mf, c->cur, tot));
				break;
			case CLI_K_DATE: {
				int y, m, d;
				arnet_date_to_ymd((int32_t)c->v, &y, &m, &d);
				lxw_datetime dt = {y, m, d, 0, 0, 0};
				worksheet_write_datetime(ws, row, col, &dt,
				                         date);
				break;
			}
			case CLI_K_INT:
				worksheet_write_number(ws, row, col,
				                       (double)c->v,
				                       tot ? bold : NULL);
				break;
			}
		}
	}
	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR) {
		unlink(tmp);
		return cli_error("cannot write %s: %s", o->path,
		                 lxw_strerror(err));
	}
	return publish(tmp, o->path);
}

int
cli_table_print(const cli_table *t, const cli_out *o, const char *sheet,
                const char *title)
{
	if (t == NULL || t->oom || t->n % (size_t)t->ncols != 0) {
		return cli_error(t != NULL && !t->oom
		                         ? "internal error: a table row is "
		                           "incomplete"
		                         : "out of memory");
	}
	switch (o->format) {
	case CLI_FMT_CSV:
		return print_csv(t, o);
	case CLI_FMT_XLSX:
		return print_xlsx(t, o, sheet);
	case CLI_FMT_TEXT:
	case CLI_FMT_JSON:
		break;
	}
	return print_text(t, o, title);
}
