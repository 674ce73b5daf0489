/*
 * cmd_node.c - asking the running arnetd: `arnet status`, `arnet peers`,
 * `arnet sync`, and the announce that makes a record the CLI appended go
 * out at once. The control socket is ipc:// in the data directory; the
 * requests are JSON (node/control.c).
 */
#include "cli.h"

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdlib.h>
#include <string.h>

#define CONTROL_TIMEOUT_MS 3000

cJSON *
cli_control_req(cli_ctx *ctx, cJSON *req, int timeout_ms)
{
	char url[1200];
	nng_socket s;
	cJSON *rep = NULL;
	const char *dir = cli_data_dir(ctx);
	const arnet_config *cfg = cli_config(ctx);
	char *text = req != NULL ? cJSON_PrintUnformatted(req) : NULL;
	cJSON_Delete(req);
	if (dir == NULL || cfg == NULL || text == NULL) {
		free(text);
		return NULL;
	}
	if (cfg->node.control[0] != '\0') {
		snprintf(url, sizeof(url), "%s", cfg->node.control);
	} else {
		snprintf(url, sizeof(url), "ipc://%s/arnetd.ipc", dir);
	}
	if (nng_req0_open(&s) != 0) {
		free(text);
		return NULL;
	}
	nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, timeout_ms);
	nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, CONTROL_TIMEOUT_MS);
	nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 16u << 20);
	char *buf = NULL;
	size_t len = 0;
	/* A blocking dial fails at once when nobody listens: no daemon. */
	if (nng_dial(s, url, NULL, 0) == 0 &&
	    nng_send(s, text, strlen(text), 0) == 0 &&
	    nng_recv(s, &buf, &len, NNG_FLAG_ALLOC) == 0) {
		rep = cJSON_ParseWithLength(buf, len);
		nng_free(buf, len);
	}
	free(text);
	nng_close(s);
	return rep;
}

cJSON *
cli_control(cli_ctx *ctx, const char *op, const char *key, const char *value)
{
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "op", op);
	if (key != NULL) {
		cJSON_AddStringToObject(req, key, value);
	}
	return cli_control_req(ctx, req, CONTROL_TIMEOUT_MS);
}

/* A JSON number as integer text (buf holds 32 bytes). */
static const char *
num(char *buf, const cJSON *o, const char *key)
{
	const cJSON *v = key ? cJSON_GetObjectItem(o, key) : o;
	snprintf(buf, 32, "%lld",
	         cJSON_IsNumber(v) ? (long long)v->valuedouble : 0LL);
	return buf;
}

static int
no_daemon(cli_ctx *ctx)
{
	return cli_error("arnetd is not running for %s (start it: arnetd "
	                 "--data DIR)",
	                 cli_data_dir(ctx));
}

/* The node's listeners: open connections against the caps, refusals,
 * closings at the deadlines (docs/operations.md, Connection limits). */
static void
print_connections(const cJSON *c)
{
	char b1[32], b2[32], b3[32];
	if (!cJSON_IsObject(c)) {
		return;
	}
	printf("\nconnections:\n");
	printf("  open                 %s of %s (%s per address)\n",
	       num(b1, c, "open"), num(b2, c, "max"),
	       num(b3, c, "max_per_address"));
	printf("  refused              %s at the total cap, %s at the "
	       "per-address cap\n",
	       num(b1, c, "refused_total"), num(b2, c, "refused_per_address"));
	printf("  closed               %s at the handshake deadline (%s ms), "
	       "%s idle\n",
	       num(b1, c, "handshake_timeouts"),
	       num(b2, c, "handshake_timeout_ms"), num(b3, c, "idle_timeouts"));
}

int
cmd_status(cli_ctx *ctx, int argc, char **argv)
{
	const cli_opt opts[] = {CLI_END};
	int rv;
	if ((rv = cli_args(argv[0], argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	    0) {
		return rv;
	}
	int peers_only = strcmp(argv[0], "peers") == 0;
	cJSON *o = cli_control(ctx, "status", NULL, NULL);
	if (o == NULL) {
		return no_daemon(ctx);
	}
	if (ctx->json) {
		if (peers_only) {
			cJSON *p = cJSON_DetachItemFromObject(o, "peers");
			cJSON_Delete(o);
			o = cJSON_CreateObject();
			cJSON_AddItemToObject(o, "peers", p);
		}
		return cli_print_json(o);
	}
	const cJSON *e;
	char b1[32], b2[32];
	if (!peers_only) {
		printf("member   %s\nkey      %s\nroster   epoch %s\nuptime   "
		       "%s s\n",
		       cJSON_GetStringValue(
		               cJSON_GetObjectItem(o, "member_id")),
		       cJSON_GetStringValue(
		               cJSON_GetObjectItem(o, "public_key")),
		       num(b1, o, "roster_epoch"), num(b2, o, "uptime_s"));
		printf("\nfeeds held:\n");
		cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "heads"))
		{
			printf("  %s  seq %s%s\n",
			       cJSON_GetStringValue(
			               cJSON_GetObjectItem(e, "author")),
			       num(b1, e, "seq"),
			       cJSON_IsTrue(
			               cJSON_GetObjectItem(e, "equivocated"))
			               ? "  (equivocation proof held)"
			               : "");
		}
		printf("\ncounters:\n");
		cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "counters"))
		{
			if (cJSON_IsObject(e)) {
				const cJSON *r;
				cJSON_ArrayForEach(r, e)
				{
					printf("  refused %-12s %s\n",
					       r->string, num(b1, r, NULL));
				}
			} else {
				printf("  %-20s %s\n", e->string,
				       num(b1, e, NULL));
			}
		}
		print_connections(cJSON_GetObjectItem(o, "connections"));
		printf("\n");
	}
	printf("peers:\n");
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(o, "peers"))
	{
		const char *last = cJSON_GetStringValue(
		        cJSON_GetObjectItem(e, "last_sync"));
		const char *err = cJSON_GetStringValue(
		        cJSON_GetObjectItem(e, "last_error"));
		printf("  %-28s %-26s last sync %s %s\n",
		       cJSON_GetStringValue(
		               cJSON_GetObjectItem(e, "member_id")),
		       cJSON_GetStringValue(cJSON_GetObjectItem(e, "sync_url")),
		       last ? last : "never", err && *err ? err : "");
	}
	cJSON_Delete(o);
	return EXIT_OK;
}

int
cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	const cli_opt opts[] = {CLI_END};
	int rv;
	if ((rv = cli_args("sync", argc, argv, 1, opts, NULL, 0, 0, NULL)) !=
	    0) {
		return rv;
	}
	cJSON *o = cli_control(ctx, "sync", NULL, NULL);
	if (o == NULL) {
		return no_daemon(ctx);
	}
	int ok = cJSON_IsTrue(cJSON_GetObjectItem(o, "ok"));
	if (ctx->json) {
		return cli_print_json(o);
	}
	cJSON_Delete(o);
	printf(ok ? "sync started\n" : "sync refused\n");
	return ok ? EXIT_OK : EXIT_ERR;
}
