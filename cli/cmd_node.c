/*
 * cmd_node.c - asking the running arnetd: `arnet status`, `arnet peers`,
 * `arnet sync`, and the announce that makes a record the CLI appended go
 * out at once. The control socket is ipc:// in the data directory; the
 * requests are JSON (node/control.c), asked through node/arnet_control.h
 * (where the socket is, one request and its reply).
 *
 * When no reply comes, cli_control_fail says why, from the dial's error
 * and a stat() of the socket path: nng 1.5.2's ipc dial returns NNG_EPERM
 * when the socket or its directory is closed to us, and
 * NNG_ECONNREFUSED both when there is no socket file and when one is left
 * with nobody listening; stat() tells those two apart.
 */
#include "arnet_control.h"
#include "cli.h"

#include <errno.h>
#include <nng/nng.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How the last request failed (the CLI asks one request at a time). */
static struct {
	char url[1200];
	arnet_control_status st; /* nng errors of the dial; of the rest */
	int timeout_ms;
} ctl_last;

cJSON *
cli_control_req(cli_ctx *ctx, cJSON *req, int timeout_ms)
{
	cJSON *rep = NULL;
	const char *dir = cli_data_dir(ctx);
	const arnet_config *cfg = cli_config(ctx);
	char *text = req != NULL ? cJSON_PrintUnformatted(req) : NULL;
	char *buf;
	size_t len;
	cJSON_Delete(req);
	ctl_last.url[0] = '\0';
	ctl_last.st.dial_rv = ctl_last.st.io_rv = 0;
	ctl_last.timeout_ms = timeout_ms;
	if (dir == NULL || cfg == NULL || text == NULL) {
		free(text);
		return NULL;
	}
	arnet_control_url(ctl_last.url, sizeof(ctl_last.url), cfg, dir);
	if (arnet_control_call(&buf, &len, ctl_last.url, text, timeout_ms,
	                       &ctl_last.st) == ARNET_OK) {
		rep = cJSON_ParseWithLength(buf, len);
		free(buf);
	}
	free(text);
	return rep;
}

int
cli_control_fail(cli_ctx *ctx, const char *what)
{
	const char *dir = cli_data_dir(ctx);
	const char *path = ctl_last.url;
	const char *pre = what != NULL ? what : "", *sep = what ? ": " : "";
	struct stat st;
	if (dir == NULL || ctl_last.url[0] == '\0') {
		return EXIT_ERR; /* the data directory or config said why */
	}
	if (strncmp(path, "ipc://", 6) == 0) {
		path += 6;
	}
	int found = stat(path, &st) == 0, e = errno;
	if (ctl_last.st.dial_rv == NNG_EPERM || (!found && e == EACCES)) {
		return cli_error("%s%spermission denied: cannot reach arnetd's "
		                 "control socket %s (only arnetd's user may: "
		                 "run arnet as that user)",
		                 pre, sep, path);
	}
	if (ctl_last.st.dial_rv == 0 && ctl_last.st.io_rv == NNG_ETIMEDOUT) {
		return cli_error("%s%sarnetd on %s did not answer within %d ms",
		                 pre, sep, path, ctl_last.timeout_ms);
	}
	if (ctl_last.st.dial_rv == 0) {
		return cli_error("%s%sarnetd on %s: %s", pre, sep, path,
		                 ctl_last.st.io_rv != 0
		                         ? nng_strerror(ctl_last.st.io_rv)
		                         : "the reply is not JSON");
	}
	if (!found) {
		return cli_error("%s%sarnetd is not running for %s (no control "
		                 "socket %s; start it: arnetd --data DIR)",
		                 pre, sep, dir, path);
	}
	if (!S_ISSOCK(st.st_mode)) {
		return cli_error("%s%s%s is not a socket", pre, sep, path);
	}
	return cli_error("%s%sarnetd is not running for %s (%s is left over: "
	                 "nobody listens on it; start it: arnetd --data DIR)",
	                 pre, sep, dir, path);
}

cJSON *
cli_control(cli_ctx *ctx, const char *op, const char *key, const char *value)
{
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "op", op);
	if (key != NULL) {
		cJSON_AddStringToObject(req, key, value);
	}
	return cli_control_req(ctx, req, ARNET_CONTROL_TIMEOUT_MS);
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

/* The store's map: its size now, its ceiling, what happened to it. */
static void
print_store(const cJSON *s)
{
	char b1[32], b2[32], b3[32], b4[32];
	if (!cJSON_IsObject(s)) {
		return; /* an older daemon */
	}
	const cJSON *sz = cJSON_GetObjectItem(s, "map_size"),
	            *mx = cJSON_GetObjectItem(s, "map_max");
	unsigned long long size = cJSON_IsNumber(sz) && sz->valuedouble > 0
	                                  ? (unsigned long long)sz->valuedouble
	                                  : 0,
	                   max = cJSON_IsNumber(mx) && mx->valuedouble > 0
	                                 ? (unsigned long long)mx->valuedouble
	                                 : 0;
	printf("\nstore:\n  map                  %llu MiB of at most %llu MiB\n"
	       "  grown %s, adopted %s, full %s, resize waits given up %s\n",
	       size >> 20, max >> 20, num(b1, s, "grown"),
	       num(b2, s, "adopted"), num(b3, s, "full"),
	       num(b4, s, "resize_busy"));
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
		return cli_control_fail(ctx, NULL);
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
		print_store(cJSON_GetObjectItem(o, "store"));
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
		return cli_control_fail(ctx, NULL);
	}
	int ok = cJSON_IsTrue(cJSON_GetObjectItem(o, "ok"));
	if (ctx->json) {
		return cli_print_json(o);
	}
	cJSON_Delete(o);
	printf(ok ? "sync started\n" : "sync refused\n");
	return ok ? EXIT_OK : EXIT_ERR;
}
