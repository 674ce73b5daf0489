/*
 * report_opts.c - the options every report of the books shares.
 */
#include "report_opts.h"

#include <string.h>

int
report_args(const char *cmd, cli_ctx *ctx, report_opts *o)
{
	const arnet_config *cfg = cli_config(ctx);
	int rv;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	memcpy(o->cur, cfg->books.currency, 4);
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
	o->has_id = o->customer != NULL;
	return EXIT_OK;
}

const arnet_ident *
report_customer(const report_opts *o)
{
	return o->has_id ? &o->id : NULL;
}
