/*
 * report_opts.h - the options every report of the books shares (--as-of,
 * --currency, --customer), parsed once for cmd_aging.c, cmd_late_fee.c,
 * cmd_dso.c and cmd_top_overdue.c.
 */
#ifndef ARNET_CLI_REPORT_OPTS_H
#define ARNET_CLI_REPORT_OPTS_H

#include "cli.h"
#include "table.h"

typedef struct report_opts {
	const char *as_of, *currency, *customer; /* as typed, or NULL */
	int32_t day;                             /* --as-of, else today */
	char cur[4];    /* --currency, else the books' currency */
	arnet_ident id; /* --customer, when has_id */
	int has_id;
	cli_out out; /* --format, --lang, --out: CLI_OUT_OPTS(o.out) */
} report_opts;

/* report_args: parse o's texts for cmd (o->out's too: cli_out_parse);
 * EXIT_OK, or the usage error (printed) or EXIT_ERR when the
 * configuration cannot be read. */
int report_args(const char *cmd, cli_ctx *ctx, report_opts *o);

/* report_customer: --customer's id, or NULL when not given. */
const arnet_ident *report_customer(const report_opts *o);

#endif
