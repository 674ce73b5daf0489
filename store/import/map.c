/*
 * map.c - mapping files (inih).
 */
#include "import_map.h"
#include "arnet_file.h"
#include "import_columns.h"
#include "import_decode.h"

#include <stdarg.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void
import_map_init(import_map *m)
{
	memset(m, 0, sizeof(*m));
	m->form.dates = IMPORT_DATES_AUTO;
	m->form.decimal_mark = '.';
	m->encoding = ARNET_IMPORT_ENC_AUTO;
	m->separator = ',';
}

/* The separator named by value: ",", "|", or comma, semicolon, tab,
 * pipe (";" itself starts a comment in an INI file); 0 when none. */
static char
separator_parse(const char *value)
{
	static const struct {
		const char *name;
		char c;
	} names[] = {
	        {",", ','},    {"comma", ','}, {"semicolon", ';'}, {"|", '|'},
	        {"pipe", '|'}, {"tab", '\t'},  {"\\t", '\t'},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(value, names[i].name) == 0) {
			return names[i].c;
		}
	}
	return 0;
}

typedef struct map_load {
	import_map *m;
	char why[ARNET_DIAG_MAX - 40];
	int err;
} map_load;

/* Keep the first error; inih is told to stop (returns 0). */
static int load_fail(map_load *l, int err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
load_fail(map_load *l, int err, const char *fmt, ...)
{
	va_list ap;
	if (l->err == ARNET_OK) {
		l->err = err;
		va_start(ap, fmt);
		vsnprintf(l->why, sizeof(l->why), fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* A key of two values: *out = 0 for off, 1 for on (any case). */
static int
load_choice(map_load *l, const char *key, const char *value, const char *off,
            const char *on, int *out)
{
	if (strcasecmp(value, off) != 0 && strcasecmp(value, on) != 0) {
		return load_fail(l, ARNET_ESYNTAX,
		                 "%s \"%.30s\" is not %s or %s", key, value,
		                 off, on);
	}
	*out = strcasecmp(value, on) == 0;
	return 1;
}

static int
load_format(map_load *l, const char *key, const char *value)
{
	import_map *m = l->m;
	if (strcmp(key, "encoding") == 0) {
		int e = arnet_import_encoding_parse(value);
		if (e < 0) {
			return load_fail(
			        l, ARNET_ESYNTAX,
			        "encoding \"%.30s\" is not auto, utf-8, "
			        "gb18030 or gbk",
			        value);
		}
		m->encoding = (arnet_import_encoding)e;
	} else if (strcmp(key, "customer_codes") == 0) {
		return load_choice(l, key, value, "auto", "local",
		                   &m->local_codes);
	} else if (strcmp(key, "payment_sign") == 0) {
		return load_choice(l, key, value, "positive", "negative",
		                   &m->negative_payments);
	} else if (strcmp(key, "separator") == 0) {
		if ((m->separator = separator_parse(value)) == 0) {
			return load_fail(l, ARNET_ESYNTAX,
			                 "separator \"%.30s\" is not comma, "
			                 "semicolon, tab or pipe",
			                 value);
		}
	} else if (strcmp(key, "date_format") == 0) {
		if (strcasecmp(value, "YYYY-MM-DD") == 0 ||
		    strcasecmp(value, "YYYY/MM/DD") == 0) {
			m->form.dates = IMPORT_DATES_YMD;
		} else if (strcasecmp(value, "DD.MM.YYYY") == 0 ||
		           strcasecmp(value, "DD/MM/YYYY") == 0 ||
		           strcasecmp(value, "DD-MM-YYYY") == 0) {
			m->form.dates = IMPORT_DATES_DMY;
		} else if (strcasecmp(value, "MM/DD/YYYY") == 0 ||
		           strcasecmp(value, "MM-DD-YYYY") == 0) {
			m->form.dates = IMPORT_DATES_MDY;
		} else {
			return load_fail(
			        l, ARNET_ESYNTAX,
			        "date_format \"%.30s\" is not "
			        "YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or "
			        "MM/DD/YYYY",
			        value);
		}
	} else if (strcmp(key, "decimal_mark") == 0) {
		if (strcmp(value, ".") != 0 && strcmp(value, ",") != 0) {
			return load_fail(l, ARNET_ESYNTAX,
			                 "decimal_mark \"%.30s\" is not . or ,",
			                 value);
		}
		m->form.decimal_mark = value[0];
	} else if (strcmp(key, "other_columns") == 0) {
		return load_choice(l, key, value, "refuse", "ignore",
		                   &m->ignore_others);
	} else {
		return load_fail(
		        l, ARNET_ESYNTAX,
		        "\"%.30s\" is not a key of [format] (encoding, "
		        "separator, date_format, decimal_mark, customer_codes, "
		        "payment_sign, other_columns)",
		        key);
	}
	return 1;
}

static int
load_column(map_load *l, arnet_import_kind kind, const char *header,
            const char *value)
{
	import_map *m = l->m;
	char names[200];
	int c = import_column_by_name(kind, value);
	if (c == COL_UNKNOWN) {
		import_columns_list(kind, names, sizeof(names));
		return load_fail(l, ARNET_ESYNTAX,
		                 "\"%.30s\" is not a column of %s (%s, or "
		                 "ignore)",
		                 value, import_kind_name(kind), names);
	}
	if (strlen(header) >= IMPORT_HEADER_MAX) {
		return load_fail(l, ARNET_ETOOBIG,
		                 "header \"%.30s...\" is too long", header);
	}
	for (int i = 0; i < m->ncols[kind]; i++) {
		if (strcasecmp(m->cols[kind][i].header, header) == 0) {
			return load_fail(l, ARNET_ESYNTAX,
			                 "header \"%.40s\" is mapped twice",
			                 header);
		}
	}
	if (m->ncols[kind] == IMPORT_MAP_COLS) {
		return load_fail(l, ARNET_ETOOBIG,
		                 "more than %d headers in [%s]",
		                 IMPORT_MAP_COLS, import_kind_name(kind));
	}
	snprintf(m->cols[kind][m->ncols[kind]].header, IMPORT_HEADER_MAX, "%s",
	         header);
	m->cols[kind][m->ncols[kind]++].col = c;
	return 1;
}

/* inih: one "key = value" of a section. Returns 0 on the first error;
 * ini_parse_file then returns its line. */
static int
handler(void *user, const char *section, const char *key, const char *value)
{
	map_load *l = user;
	if (l->err != ARNET_OK) {
		return 0;
	}
	if (strcmp(section, "format") == 0) {
		return load_format(l, key, value);
	}
	int kind = arnet_import_kind_parse(section);
	if (kind == 0) {
		return load_fail(l, ARNET_ESYNTAX,
		                 "[%.30s] is not a section of a mapping file "
		                 "(format, customers, invoices, payments)",
		                 section);
	}
	return load_column(l, (arnet_import_kind)kind, key, value);
}

int
import_map_load(import_map *m, const char *path, arnet_diag *d)
{
	map_load l = {m, "", ARNET_OK};
	import_map_init(m);
	FILE *f;
	int orv;
	if ((orv = arnet_file_open(&f, path, "r", d)) != ARNET_OK) {
		return orv;
	}
	int line = ini_parse_file(f, handler, &l);
	fclose(f);
	if (line == 0) {
		return ARNET_OK;
	}
	if (line < 0) {
		return arnet_diag_set(d, ARNET_ENOMEM, "%s: out of memory",
		                      path);
	}
	if (l.err == ARNET_OK) { /* inih's own: no "=" on the line */
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "%s:%d: not \"header = column\", a "
		                      "[section] or a comment",
		                      path, line);
	}
	return arnet_diag_set(d, l.err, "%s:%d: %s", path, line, l.why);
}

int
import_map_find(const import_map *m, arnet_import_kind kind, const char *header)
{
	for (int i = 0; i < m->ncols[kind]; i++) {
		if (strcasecmp(m->cols[kind][i].header, header) == 0) {
			return m->cols[kind][i].col;
		}
	}
	return COL_UNKNOWN;
}
