/*
 * report_opts.c - what every report of the books shares (report_opts.h).
 */
#include "report_opts.h"

#include <stdlib.h>
#include <string.h>

static int
report_args(const char *cmd, cli_ctx *ctx, report_opts *o)
{
	const arnet_config *cfg = cli_config(ctx);
	arnet_diag d;
	int rv;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	memcpy(o->cur, cfg->books.currency, 4);
	o->aging = cfg->aging;
	if ((rv = cli_out_parse(cmd, ctx, &o->out)) != 0 ||
	    (rv = cli_as_of(cmd, o->as_of, &o->day)) != 0 ||
	    (o->currency != NULL &&
	     (rv = cli_arg_currency(cmd, "--currency", o->currency, o->cur)) !=
	             0) ||
	    (o->customer != NULL &&
	     (rv = cli_arg_ident(cmd, "--customer", o->customer, &o->id)) !=
	             0)) {
		return rv;
	}
	if (o->basis != NULL &&
	    arnet_aging_basis_parse(&o->aging.basis, o->basis, &d) !=
	            ARNET_OK) {
		return cli_usage(cmd, "--%s", d.msg);
	}
	if (o->bands != NULL &&
	    arnet_aging_bands_parse(&o->aging, o->bands, &d) != ARNET_OK) {
		return cli_usage(cmd, "--%s", d.msg);
	}
	o->has_id = o->customer != NULL;
	return EXIT_OK;
}

int
report_parse(const char *cmd, cli_ctx *ctx, int argc, char **argv,
             const cli_opt *extra, report_opts *o)
{
	const cli_opt common[] = {CLI_OPT("as-of", &o->as_of),
	                          CLI_OPT("currency", &o->currency)};
	const cli_opt out[] = {CLI_OUT_OPTS(o->out), CLI_END};
	enum { NCOMMON = sizeof(common) / sizeof(common[0]) };
	enum { NOUT = sizeof(out) / sizeof(out[0]) };
	cli_opt opts[NCOMMON + REPORT_EXTRA_MAX + NOUT];
	size_t n = 0;
	int rv;

	memcpy(opts, common, sizeof(common));
	for (n = NCOMMON; extra->name != NULL; extra++) {
		if (n == NCOMMON + REPORT_EXTRA_MAX) {
			abort(); /* a programmer's bug: REPORT_EXTRA_MAX */
		}
		opts[n++] = *extra;
	}
	memcpy(opts + n, out, sizeof(out));
	if ((rv = cli_args(cmd, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	return report_args(cmd, ctx, o);
}

const arnet_ident *
report_customer(const report_opts *o)
{
	return o->has_id ? &o->id : NULL;
}

int
report_currencies(arnet_txn *t, const report_opts *o, arnet_currencies *out)
{
	arnet_diag d;
	if (o->currency != NULL) {
		memset(out, 0, sizeof(*out));
		memcpy(out->v[0], o->cur, 4);
		out->n = 1;
		return EXIT_OK;
	}
	return cli_ok(arnet_report_currencies(t, o->day, report_customer(o),
	                                      o->cur, out, &d),
	              &d);
}

/* One table per currency, each under its title. */
static int
print_sections(const report_table *rt, const cli_out *o)
{
	char title[400];
	for (size_t i = 0; i < rt->n; i++) {
		cli_table *t = cli_table_new(rt->cols, rt->ncols,
		                             rt->currency(i, rt->arg));
		rt->fill(t, i, rt->arg);
		rt->title(title, sizeof(title), i, rt->arg);
		if (i > 0) {
			putchar('\n');
		}
		int rv = cli_table_print(t, o, rt->sheet, title);
		cli_table_free(t);
		if (rv != EXIT_OK) {
			return rv;
		}
		if (rt->after != NULL) {
			rt->after(i, rt->arg);
		}
	}
	return EXIT_OK;
}

int
report_print(const report_table *rt, const cli_out *o)
{
	if (o->format == CLI_FMT_TEXT) {
		return print_sections(rt, o);
	}
	/* CSV and xlsx: one table, led by the currency of each row. */
	cli_column *cols = calloc((size_t)rt->ncols + 1, sizeof(*cols));
	if (cols == NULL) {
		return cli_error("out of memory");
	}
	cols[0] = CLI_COL_CURRENCY;
	memcpy(cols + 1, rt->cols, (size_t)rt->ncols * sizeof(*cols));
	cli_table *t = cli_table_new(cols, rt->ncols + 1, NULL);
	for (size_t i = 0; i < rt->n; i++) {
		cli_table_section(t, rt->currency(i, rt->arg));
		rt->fill(t, i, rt->arg);
	}
	int rv = cli_table_print(t, o, rt->sheet, NULL);
	cli_table_free(t);
	free(cols);
	return rv;
}

/* k's n results v as one JSON object (report_kind). */
static int
report_json(const report_kind *k, const char *v, size_t n)
{
	cJSON *out = cJSON_CreateObject(), *a = cJSON_CreateArray();
	k->json_head(out, v);
	for (size_t i = 0; i < n; i++) {
		cJSON_AddItemToArray(a, k->json_one(v + i * k->size));
	}
	cJSON_AddItemToObject(out, "by_currency", a);
	return cli_print_json(out);
}

int
report_run(cli_ctx *ctx, const report_opts *o, const report_kind *k,
           const void *arg)
{
	arnet_currencies curs;
	arnet_txn *t;
	arnet_diag d;
	int rv;
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = report_currencies(t, o, &curs)) != EXIT_OK) {
		return rv;
	}
	char *v = calloc(curs.n ? curs.n : 1, k->size);
	if (v == NULL) {
		return cli_error("out of memory");
	}
	size_t n = 0;
	for (; n < curs.n; n++) {
		rv = cli_ok(k->build(t, o, curs.v[n], v + n * k->size, arg, &d),
		            &d);
		if (rv != EXIT_OK) {
			break; /* a failed build has freed its own */
		}
	}
	if (rv == EXIT_OK && ctx->json) {
		rv = report_json(k, v, n);
	} else if (rv == EXIT_OK && k->text != NULL) {
		rv = k->text(v, n, o);
	} else if (rv == EXIT_OK) {
		report_view view = {v, &o->out};
		report_table rt = {k->cols->v, k->cols->n,  k->sheet,
		                   n,          k->currency, k->fill,
		                   k->title,   NULL,        &view};
		rv = report_print(&rt, &o->out);
	}
	for (size_t i = 0; k->release != NULL && i < n; i++) {
		k->release(v + i * k->size);
	}
	free(v);
	return rv;
}

int
report_run_n(const char *cmd, cli_ctx *ctx, int argc, char **argv,
             const char *name, long lo, long hi, long dflt,
             const report_kind *k)
{
	report_opts o = {0};
	const char *text = NULL;
	const cli_opt extra[] = {CLI_OPT(name, &text), CLI_END};
	char opt[32];
	long x = dflt;
	int rv;

	snprintf(opt, sizeof(opt), "--%s", name);
	if ((rv = report_parse(cmd, ctx, argc, argv, extra, &o)) != 0 ||
	    (rv = cli_arg_long(cmd, opt, text, lo, hi, &x)) != 0) {
		return rv;
	}
	return report_run(ctx, &o, k, &x);
}
