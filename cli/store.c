/*
 * store.c - where the commands find the books: the data directory, its
 * configuration file and its store, opened once per command (the
 * command table says how: main.c) and closed by main.
 */
#include "arnet_roster_store.h"
#include "cli.h"

#include <string.h>
#include <sys/stat.h>

const char *
cli_data_dir(cli_ctx *ctx)
{
	if (ctx->data_dir != NULL && ctx->data_dir[0] != '\0') {
		return ctx->data_dir;
	}
	if (arnet_store_default_dir(ctx->data_buf, sizeof(ctx->data_buf)) !=
	    ARNET_OK) {
		cli_error("no data directory: give --data DIR or set "
		          "ARNET_DATA (HOME is not set)");
		return NULL;
	}
	ctx->data_dir = ctx->data_buf;
	return ctx->data_dir;
}

const arnet_config *
cli_config(cli_ctx *ctx)
{
	arnet_diag d;
	char path[1200];
	if (ctx->cfg_loaded) {
		return &ctx->cfg;
	}
	const char *file = ctx->config;
	if (file == NULL) {
		/* The data directory's own file, when there is one. */
		const char *dir = ctx->data_dir;
		struct stat st;
		if (dir == NULL) {
			dir = cli_data_dir(ctx);
		}
		if (dir != NULL) {
			snprintf(path, sizeof(path), "%s/arnet.conf", dir);
			if (stat(path, &st) == 0) {
				file = path;
			}
		}
	}
	int rv = arnet_config_load(&ctx->cfg, file, &d);
	if (rv != ARNET_OK) {
		cli_fail(rv, &d);
		return NULL;
	}
	ctx->cfg_loaded = 1;
	return &ctx->cfg;
}

static const char *
use_name(const cli_ctx *ctx)
{
	return ctx->cmd != NULL ? ctx->cmd : "this command";
}

int
cli_store(cli_ctx *ctx, int create, arnet_store **out)
{
	arnet_diag d;
	if (ctx->store != NULL) {
		*out = ctx->store;
		return EXIT_OK;
	}
	/* The table entry of the command is the contract: a command that
	 * does not declare the store cannot reach it, and one that only
	 * reads gets a store LMDB itself keeps it from writing to. */
	if (ctx->store_use != CLI_READS && ctx->store_use != CLI_WRITES) {
		return cli_error("internal error: `%s` does not use the books "
		                 "(command table)",
		                 use_name(ctx));
	}
	int flags = ctx->store_use == CLI_READS ? ARNET_STORE_READONLY
	            : create                    ? ARNET_STORE_CREATE
	                                        : 0;
	const char *dir = cli_data_dir(ctx);
	if (dir == NULL) {
		return EXIT_ERR;
	}
	/* The daemon's map limits, so that both size the store alike. */
	const arnet_config *cfg = cli_config(ctx);
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	int rv = arnet_store_open_limits(&ctx->store, dir, flags, &cfg->store,
	                                 &d);
	if (rv == ARNET_ENOTFOUND && (flags & ARNET_STORE_CREATE) == 0) {
		return cli_error("no books in %s yet (add a customer, or give "
		                 "--data DIR)",
		                 dir);
	}
	if (rv != ARNET_OK) {
		return cli_fail(rv, &d);
	}
	*out = ctx->store;
	return EXIT_OK;
}

void
cli_store_close(cli_ctx *ctx)
{
	arnet_store_read_end(ctx->txn);
	ctx->txn = NULL;
	if (ctx->roster_read == 2) {
		arnet_roster_free(&ctx->roster);
	}
	ctx->roster_read = 0;
	arnet_store_close(ctx->store);
	ctx->store = NULL;
}

int
cli_txn(cli_ctx *ctx, arnet_txn **out)
{
	arnet_store *s = NULL;
	arnet_diag d;
	*out = NULL;
	if (ctx->txn == NULL) {
		int rv = cli_store(ctx, 0, &s);
		if (rv != EXIT_OK) {
			return rv;
		}
		if ((rv = arnet_store_read_begin(s, &ctx->txn, &d)) !=
		    ARNET_OK) {
			return cli_fail(rv, &d);
		}
	}
	*out = ctx->txn;
	return EXIT_OK;
}

int
cli_roster(cli_ctx *ctx, const arnet_roster **out)
{
	arnet_txn *t;
	int rv = cli_txn(ctx, &t);
	*out = NULL;
	if (rv != EXIT_OK) {
		return rv;
	}
	if (ctx->roster_read == 0) {
		ctx->roster_read = arnet_roster_current(t, &ctx->roster, NULL,
		                                        NULL, NULL) == ARNET_OK
		                           ? 2
		                           : 1;
	}
	*out = ctx->roster_read == 2 ? &ctx->roster : NULL;
	return EXIT_OK;
}

int
cli_ok(int rv, const arnet_diag *d)
{
	return rv == ARNET_OK ? EXIT_OK : cli_fail(rv, d);
}

int
cli_write(cli_ctx *ctx, int create, arnet_txn_fn fn, void *arg, int dry_run)
{
	arnet_store *s = NULL;
	arnet_diag d;
	if (ctx->store_use != CLI_WRITES) {
		return cli_error("internal error: `%s` only reads the books "
		                 "(command table)",
		                 use_name(ctx));
	}
	int rv = cli_store(ctx, create, &s);
	if (rv != EXIT_OK) {
		return rv;
	}
	arnet_store_read_end(ctx->txn);
	ctx->txn = NULL;
	rv = arnet_store_write(s, fn, arg, dry_run, &d);
	return rv == ARNET_OK ? EXIT_OK : cli_fail(rv, &d);
}

int
cli_customer(cli_ctx *ctx, const arnet_ident *id, arnet_customer *out)
{
	arnet_txn *t;
	arnet_diag d;
	int rv = cli_txn(ctx, &t);
	return rv != EXIT_OK ? rv
	                     : cli_ok(arnet_customer_get(t, id, out, &d), &d);
}

int
cli_customer_amount(cli_ctx *ctx, const char *cmd, const arnet_ident *id,
                    int cur_given, char cur[4], const char *opt,
                    const char *text, int64_t *amount, arnet_customer *c)
{
	int rv = cli_customer(ctx, id, c);
	if (rv != EXIT_OK) {
		return rv;
	}
	if (!cur_given) {
		memcpy(cur, c->currency, 4);
	}
	return cli_arg_money(cmd, opt, text, cur, amount);
}
