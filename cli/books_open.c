/*
 * books_open.c - where the commands that use the books find them: the
 * data directory, its configuration file and its store.
 */
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

int
cli_open_store(cli_ctx *ctx, int create, arnet_store **out)
{
	arnet_diag d;
	const char *dir = cli_data_dir(ctx);
	if (dir == NULL) {
		return EXIT_ERR;
	}
	/* The daemon's map limits, so that both size the store alike. */
	const arnet_config *cfg = cli_config(ctx);
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	int rv = arnet_store_open_limits(
	        out, dir, create ? ARNET_STORE_CREATE : 0, &cfg->store, &d);
	if (rv == ARNET_ENOTFOUND && !create) {
		return cli_error("no books in %s yet (add a customer, or give "
		                 "--data DIR)",
		                 dir);
	}
	if (rv != ARNET_OK) {
		return cli_fail(rv, &d);
	}
	return EXIT_OK;
}

int
cli_read(cli_ctx *ctx, arnet_txn_fn fn, void *arg)
{
	arnet_store *s;
	arnet_diag d;
	int rv = cli_open_store(ctx, 0, &s);
	if (rv != EXIT_OK) {
		return rv;
	}
	rv = arnet_store_read(s, fn, arg, &d);
	arnet_store_close(s);
	return rv == ARNET_OK ? EXIT_OK : cli_fail(rv, &d);
}
