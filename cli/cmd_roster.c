/*
 * cmd_roster.c - `arnet roster import|show`: the roster a member node
 * follows, checked against the association's root key in its config.
 */
#include "arnet_roster_store.h"
#include "arnet_link_key.h"
#include "cli.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *
status_of(const arnet_roster *r, const arnet_cert *c, int64_t now, char *buf,
          size_t cap)
{
	char when[32];
	for (size_t i = 0; i < r->nrevoked; i++) {
		const arnet_revocation *v = &r->revoked[i];
		if (v->serial == c->serial) {
			(void)arnet_time_format(when, sizeof(when), v->time);
			snprintf(buf, cap, "revoked (%s%s) %s",
			         arnet_revoke_reason_name(v->reason),
			         v->all ? ", all records" : "", when);
			return buf;
		}
	}
	if (now < c->not_before) {
		return "not yet valid";
	}
	return now < c->not_after ? "in force" : "expired";
}

cJSON *
cli_roster_json(const arnet_roster *r, int64_t now)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1], t1[32], status[120];
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	arnet_pubkey_format(key, r->root);
	cJSON_AddItemToObject(o, "epoch", arnet_json_int((int64_t)r->epoch));
	(void)arnet_time_format(t1, sizeof(t1), r->issued);
	cJSON_AddStringToObject(o, "issued", t1);
	cJSON_AddStringToObject(o, "root_key", key);
	for (size_t i = 0; i < r->ncerts; i++) {
		const arnet_cert *c = &r->certs[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddItemToObject(e, "serial",
		                      arnet_json_int((int64_t)c->serial));
		cJSON_AddStringToObject(e, "member_id", c->member_id.text);
		cJSON_AddStringToObject(e, "name", c->name);
		arnet_pubkey_format(key, c->key);
		cJSON_AddStringToObject(e, "public_key", key);
		cJSON_AddStringToObject(e, "pub_url", c->pub_url);
		cJSON_AddStringToObject(e, "sync_url", c->sync_url);
		cJSON_AddStringToObject(e, "survey_url", c->survey_url);
		if (c->link_len > 0) {
			char fpr[ARNET_LINK_FPR_LEN + 1];
			arnet_link_cert_fingerprint(fpr, c->link, c->link_len);
			cJSON_AddStringToObject(e, "link_cert", fpr);
		} else {
			cJSON_AddNullToObject(e, "link_cert");
		}
		(void)arnet_time_format(t1, sizeof(t1), c->not_before);
		cJSON_AddStringToObject(e, "not_before", t1);
		(void)arnet_time_format(t1, sizeof(t1), c->not_after);
		cJSON_AddStringToObject(e, "not_after", t1);
		cJSON_AddStringToObject(
		        e, "status",
		        status_of(r, c, now, status, sizeof(status)));
		cJSON_AddItemToArray(a, e);
	}
	cJSON_AddItemToObject(o, "members", a);
	return o;
}

void
cli_roster_text(const arnet_roster *r, int64_t now)
{
	char key[ARNET_PUBKEY_TEXT_LEN + 1], t1[32], t2[32], status[120];
	char cell[100];
	arnet_pubkey_format(key, r->root);
	(void)arnet_time_format(t1, sizeof(t1), r->issued);
	printf("roster epoch %llu, issued %s\nroot key %s\n\n",
	       (unsigned long long)r->epoch, t1, key);
	printf("%6s  %-26s %-20s %-44s %s\n", "serial", "member", "name",
	       "public key", "status");
	for (size_t i = 0; i < r->ncerts; i++) {
		const arnet_cert *c = &r->certs[i];
		arnet_pubkey_format(key, c->key);
		(void)arnet_time_format(t1, sizeof(t1), c->not_before);
		(void)arnet_time_format(t2, sizeof(t2), c->not_after);
		printf("%6llu  %-26s %s %s %s\n", (unsigned long long)c->serial,
		       c->member_id.text,
		       cli_cell(cell, sizeof(cell), c->name, 20), key,
		       status_of(r, c, now, status, sizeof(status)));
		printf("        valid %.10s to %.10s  pub %s  sync %s  "
		       "survey %s\n",
		       t1, t2, c->pub_url, c->sync_url,
		       c->survey_url[0] ? c->survey_url : "(none)");
		if (c->link_len > 0) {
			char fpr[ARNET_LINK_FPR_LEN + 1];
			arnet_link_cert_fingerprint(fpr, c->link, c->link_len);
			printf("        link %s\n", fpr);
		} else {
			printf("        link (none: links in clear)\n");
		}
	}
}

/* Read a whole file of at most max bytes into a malloc'd buffer. */
int
cli_read_file(const char *path, size_t max, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	if (f == NULL) {
		return cli_error("%s: %s", path, strerror(errno));
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *p = cap <= max + 1 ? realloc(buf, cap) : NULL;
			if (p == NULL) {
				free(buf);
				fclose(f);
				return cli_error("%s: larger than %zu bytes",
				                 path, max);
			}
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			break;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad || n > max) {
		free(buf);
		return cli_error("%s: %s", path,
		                 bad ? "read error" : "file too large");
	}
	*out = buf;
	*len = n;
	return EXIT_OK;
}

typedef struct import_job {
	const uint8_t *buf;
	size_t len;
	const uint8_t *root;
	uint64_t epoch;
} import_job;

static int
import_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	import_job *j = arg;
	return arnet_roster_import(t, j->buf, j->len, j->root, &j->epoch, d);
}

int
cmd_roster(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "roster";
	const char *pos[1];
	const cli_opt opts[] = {CLI_END};
	const arnet_config *cfg;
	arnet_store *s;
	arnet_diag d;
	int rv, import;

	if (argc < 2 ||
	    (strcmp(argv[1], "import") != 0 && strcmp(argv[1], "show") != 0)) {
		return cli_usage(C, "which: import or show?");
	}
	import = strcmp(argv[1], "import") == 0;
	if ((rv = cli_args(C, argc, argv, 2, opts, pos, import, import,
	                   NULL)) != 0) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	if (!import) {
		arnet_roster r;
		arnet_txn *t;
		if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
		    (rv = cli_ok(arnet_roster_current(t, &r, NULL, NULL, &d),
		                 &d)) != EXIT_OK) {
			return rv;
		}
		if (ctx->json) {
			rv = cli_print_json(cli_roster_json(&r, time(NULL)));
		} else {
			cli_roster_text(&r, time(NULL));
		}
		arnet_roster_free(&r);
		return rv;
	}
	if (!cfg->has_root_key) {
		return cli_error(
		        "no trust anchor: set [association] root_key in "
		        "the config (arnet init does)");
	}
	import_job j = {.root = cfg->root_key};
	uint8_t *buf;
	if ((rv = cli_read_file(pos[0], ARNET_ROSTER_MAX, &buf, &j.len)) != 0) {
		return rv;
	}
	j.buf = buf;
	if ((rv = cli_store(ctx, 1, &s)) != 0) {
		free(buf);
		return rv;
	}
	rv = arnet_store_write(s, import_txn, &j, 0, &d);
	free(buf);
	if (rv != ARNET_OK) {
		return cli_error("%s: %s", pos[0], d.msg);
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", pos[0]);
		cJSON_AddItemToObject(o, "epoch",
		                      arnet_json_int((int64_t)j.epoch));
		return cli_print_json(o);
	}
	printf("roster epoch %llu adopted from %s\n",
	       (unsigned long long)j.epoch, pos[0]);
	return EXIT_OK;
}
