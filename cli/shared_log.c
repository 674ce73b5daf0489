/*
 * shared_log.c - the shared log as `records` and `blacklist list` read
 * it: the subject view (arnet_log_view.h) with the roster the node
 * follows, from the command's read snapshot.
 */
#include "cli.h"

#include <string.h>

int
cli_log_read(cli_ctx *ctx, const arnet_ident *subject, int keep_bytes,
             cli_log *out)
{
	arnet_txn *t;
	arnet_diag d;
	int rv;
	memset(out, 0, sizeof(*out));
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_roster(ctx, &out->roster)) != EXIT_OK) {
		return rv;
	}
	return cli_ok(arnet_log_view_build(t, subject, out->roster, keep_bytes,
	                                   &out->view, &d),
	              &d);
}

void
cli_log_free(cli_log *l)
{
	arnet_log_view_free(&l->view);
}
