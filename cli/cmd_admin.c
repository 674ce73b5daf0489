/*
 * cmd_admin.c - `arnet admin ...`: the association administrator's tool.
 *
 * The administrator's directory holds the root key (always encrypted at
 * rest, Argon2id at libsodium's MODERATE cost), its public half, and an
 * arnet store with the certificates issued, the revocations and the
 * current signed roster. Every command that signs asks for the root
 * key's passphrase (--passphrase-file F, or on the terminal without
 * echo; never hangs without one) and is one transaction, which also signs
 * the roster of the next epoch.
 */
#include "arnet_date.h"
#include "arnet_keyfile.h"
#include "arnet_link_key.h"
#include "arnet_roster_store.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const C = "admin";

typedef struct admin_ctx {
	const char *dir, *passfile;
	char key_path[1200];
	uint8_t *sk; /* sodium_malloc'd root secret key */
	arnet_store *s;
} admin_ctx;

static void
admin_close(admin_ctx *a)
{
	if (a->sk != NULL) {
		sodium_free(a->sk);
	}
	arnet_store_close(a->s);
}

/* Open the admin directory's store, and (when `sign`) its root key. */
static int
admin_open(const cli_ctx *ctx, admin_ctx *a, int sign)
{
	arnet_diag d;
	struct stat st;
	snprintf(a->key_path, sizeof(a->key_path), "%s/root.key", a->dir);
	if (stat(a->key_path, &st) != 0) {
		return cli_error("%s: no association here (arnet admin init "
		                 "--dir %s makes one)",
		                 a->dir, a->dir);
	}
	if (sign) {
		if ((a->sk = sodium_malloc(ARNET_SECKEY_BYTES)) == NULL) {
			return cli_error("out of memory");
		}
		if (cli_load_secret(a->key_path, a->passfile, a->sk) !=
		    EXIT_OK) {
			return EXIT_ERR;
		}
	}
	cli_guard_store(ctx, a->dir);
	int rv = arnet_store_open(&a->s, a->dir, ARNET_STORE_CREATE, &d);
	return rv == ARNET_OK ? EXIT_OK : cli_fail(rv, &d);
}

static int
admin_init(cli_ctx *ctx, int argc, char **argv)
{
	admin_ctx a = {0};
	const cli_opt opts[] = {CLI_OPT("dir", &a.dir),
	                        CLI_OPT("passphrase-file", &a.passfile),
	                        CLI_END};
	uint8_t pk[ARNET_PUBKEY_BYTES];
	char text[ARNET_PUBKEY_TEXT_LEN + 1];
	arnet_diag d;
	int rv;

	if ((rv = cli_args(C, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if (a.dir == NULL) {
		return cli_usage(C, "admin init needs --dir DIR");
	}
	if (mkdir(a.dir, 0700) != 0 && errno != EEXIST) {
		return cli_error("cannot create %s: %s", a.dir,
		                 strerror(errno));
	}
	snprintf(a.key_path, sizeof(a.key_path), "%s/root.key", a.dir);
	/* The root key is always encrypted, at the MODERATE cost. */
	if ((rv = cli_make_keypair(a.key_path, a.passfile, 1,
	                           &arnet_kdf_moderate, "association root key",
	                           pk)) != EXIT_OK) {
		return rv;
	}
	cli_guard_store(ctx, a.dir);
	if ((rv = arnet_store_open(&a.s, a.dir, ARNET_STORE_CREATE, &d)) !=
	    ARNET_OK) {
		return cli_fail(rv, &d);
	}
	arnet_store_close(a.s);
	arnet_pubkey_format(text, pk);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "root_key", text);
		cJSON_AddStringToObject(o, "dir", a.dir);
		return cli_print_json(o);
	}
	printf("association root key  %s\n", text);
	printf("secret key            %s (encrypted)\n", a.key_path);
	printf("\nevery member node is set up with this key: arnet init "
	       "--root-key %s ...\n",
	       text);
	return EXIT_OK;
}

/* The administrator's signing writes: enrol, revoke or renew, each
 * signing the roster of the next epoch in the same transaction. */
enum { ADMIN_ENROLL, ADMIN_REVOKE, ADMIN_RENEW };

typedef struct admin_job {
	int op;
	arnet_cert c;        /* enrol: in and out; renew: the new certificate */
	const char *who;     /* revoke, renew: the certificate */
	int reason, all;     /* revoke */
	int64_t at;          /* revoke: from when */
	int days;            /* renew */
	const uint8_t *link; /* renew: a new link certificate, or NULL */
	size_t link_len;
	const uint8_t *sk;
	int64_t now;
	uint64_t serial; /* revoke: the certificate revoked */
	uint64_t epoch;  /* the roster signed */
} admin_job;

static int
admin_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	admin_job *j = arg;
	arnet_cert c = j->c; /* retried from the start if the map grows */
	int rv;
	switch (j->op) {
	case ADMIN_ENROLL:
		rv = arnet_admin_enroll(t, &c, j->sk, j->now, &j->epoch, d);
		break;
	case ADMIN_REVOKE:
		rv = arnet_admin_revoke(t, j->who, j->reason, j->all, j->at,
		                        j->sk, j->now, &j->serial, &j->epoch,
		                        d);
		break;
	default:
		rv = arnet_admin_renew(t, j->who, j->days, j->link, j->link_len,
		                       j->sk, j->now, &c, &j->epoch, d);
		break;
	}
	if (rv == ARNET_OK) {
		j->c = c;
	}
	return rv;
}

/* Run j with the root key in the admin directory's store (a->dir and
 * a->passfile set), closing both after. EXIT_OK, or EXIT_ERR printed. */
static int
admin_write(const cli_ctx *ctx, admin_ctx *a, admin_job *j)
{
	arnet_diag d;
	int rv = admin_open(ctx, a, 1);
	if (rv == EXIT_OK) {
		j->sk = a->sk;
		rv = arnet_store_write(a->s, admin_txn, j, 0, &d);
		rv = rv == ARNET_OK ? EXIT_OK : cli_fail(rv, &d);
	}
	admin_close(a);
	return rv;
}

static int
parse_days(const char *text, int *days)
{
	long x = 365;
	if (cli_arg_long(C, "--days", text, 1, 3660, &x) != EXIT_OK) {
		return EXIT_USAGE;
	}
	*days = (int)x;
	return EXIT_OK;
}

/* --link-cert FILE: the member's link certificate, checked. */
static int
link_arg(const char *file, int64_t now, uint8_t der[ARNET_LINK_CERT_MAX],
         uint16_t *len)
{
	arnet_diag d;
	size_t n = 0;
	if (arnet_link_cert_read(file, der, ARNET_LINK_CERT_MAX, &n, &d) !=
	            ARNET_OK ||
	    arnet_link_cert_check(der, n, now, &d) != ARNET_OK) {
		return cli_usage(C, "--link-cert %s: %s", file, d.msg);
	}
	*len = (uint16_t)n;
	return EXIT_OK;
}

/* The line that shows which link certificate a certificate pins. */
static void
print_link(const arnet_cert *c, cJSON *o)
{
	char fpr[ARNET_LINK_FPR_LEN + 1];
	if (c->link_len == 0) {
		return;
	}
	arnet_link_cert_fingerprint(fpr, c->link, c->link_len);
	if (o != NULL) {
		cJSON_AddStringToObject(o, "link_cert", fpr);
	} else {
		printf("link certificate %s\n", fpr);
	}
}

static int
admin_enroll(cli_ctx *ctx, int argc, char **argv)
{
	admin_ctx a = {0};
	const char *pubkey = NULL, *id = NULL, *name = NULL, *days = NULL;
	const char *link = NULL, *endpoints[3];
	int nend = 0, ndays, rv;
	const cli_opt opts[] = {CLI_OPT("dir", &a.dir),
	                        CLI_OPT("passphrase-file", &a.passfile),
	                        CLI_OPT("pubkey", &pubkey),
	                        CLI_OPT("member-id", &id),
	                        CLI_OPT("name", &name),
	                        CLI_LIST("endpoint", endpoints, 3, &nend),
	                        CLI_OPT("days", &days),
	                        CLI_OPT("link-cert", &link),
	                        CLI_END};
	admin_job j = {.op = ADMIN_ENROLL};
	arnet_diag d;
	char t1[32], t2[32];

	if ((rv = cli_args(C, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0 ||
	    (rv = parse_days(days, &ndays)) != 0) {
		return rv;
	}
	if (a.dir == NULL || pubkey == NULL || id == NULL || name == NULL) {
		return cli_usage(C, "admin enroll needs --dir, --pubkey, "
		                    "--member-id and --name");
	}
	if (arnet_pubkey_parse(j.c.key, pubkey, &d) != ARNET_OK) {
		return cli_usage(C, "--pubkey: %s", d.msg);
	}
	if ((rv = cli_arg_ident(C, "--member-id", id, &j.c.member_id)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_text(C, "--name", name, j.c.name,
	                       sizeof(j.c.name))) != 0) {
		return rv;
	}
	for (int i = 0; i < nend; i++) {
		char *slot = NULL;
		const char *url = NULL;
		if (strncmp(endpoints[i], "pub=", 4) == 0) {
			slot = j.c.pub_url;
			url = endpoints[i] + 4;
		} else if (strncmp(endpoints[i], "sync=", 5) == 0) {
			slot = j.c.sync_url;
			url = endpoints[i] + 5;
		} else if (strncmp(endpoints[i], "survey=", 7) == 0) {
			slot = j.c.survey_url;
			url = endpoints[i] + 7;
		}
		if (slot == NULL || arnet_url_check(url, &d) != ARNET_OK) {
			return cli_usage(C, "--endpoint %s: %s", endpoints[i],
			                 slot == NULL ? "expected pub=URL, "
			                                "sync=URL or survey=URL"
			                              : d.msg);
		}
		snprintf(slot, ARNET_URL_MAX + 1, "%s", url);
	}
	if (j.c.pub_url[0] == '\0' || j.c.sync_url[0] == '\0') {
		return cli_usage(C,
		                 "give both --endpoint pub=URL and --endpoint "
		                 "sync=URL");
	}
	j.now = (int64_t)time(NULL);
	if (link != NULL &&
	    (rv = link_arg(link, j.now, j.c.link, &j.c.link_len)) != 0) {
		return rv;
	}
	j.c.not_before = j.now;
	j.c.not_after = j.now + (int64_t)ndays * ARNET_DAY_SECONDS;
	if ((rv = admin_write(ctx, &a, &j)) != EXIT_OK) {
		return rv;
	}
	(void)arnet_time_format(t1, sizeof(t1), j.c.not_before);
	(void)arnet_time_format(t2, sizeof(t2), j.c.not_after);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "serial",
		                      arnet_json_int((int64_t)j.c.serial));
		cJSON_AddStringToObject(o, "member_id", j.c.member_id.text);
		cJSON_AddStringToObject(o, "not_before", t1);
		cJSON_AddStringToObject(o, "not_after", t2);
		cJSON_AddItemToObject(o, "epoch",
		                      arnet_json_int((int64_t)j.epoch));
		print_link(&j.c, o);
		return cli_print_json(o);
	}
	printf("certificate %llu for %s (%s), valid %s to %s\n",
	       (unsigned long long)j.c.serial, j.c.member_id.text, j.c.name, t1,
	       t2);
	print_link(&j.c, NULL);
	printf("roster epoch %llu: give it to the members with arnet admin "
	       "roster --dir %s --out FILE\n",
	       (unsigned long long)j.epoch, a.dir);
	return EXIT_OK;
}

/* `admin revoke` or `admin renew` (argv[1]). */
static int
admin_change(cli_ctx *ctx, int argc, char **argv)
{
	const int revoke = strcmp(argv[1], "revoke") == 0;
	admin_ctx a = {0};
	const char *reason = NULL, *at = NULL, *days = NULL, *pos[1];
	const char *link = NULL;
	uint8_t der[ARNET_LINK_CERT_MAX];
	int all = 0, rv;
	const cli_opt opts[] = {CLI_OPT("dir", &a.dir),
	                        CLI_OPT("passphrase-file", &a.passfile),
	                        CLI_OPT("reason", &reason),
	                        CLI_FLAG("all", &all),
	                        CLI_OPT("at", &at),
	                        CLI_OPT("days", &days),
	                        CLI_OPT("link-cert", &link),
	                        CLI_END};
	admin_job j = {.op = revoke ? ADMIN_REVOKE : ADMIN_RENEW};
	arnet_diag d;

	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0) {
		return rv;
	}
	if (a.dir == NULL) {
		return cli_usage(C, "--dir DIR is needed");
	}
	j.who = pos[0];
	j.now = (int64_t)time(NULL);
	j.at = j.now;
	if (revoke) {
		if (reason == NULL ||
		    (j.reason = arnet_revoke_reason_parse(reason)) == 0) {
			return cli_usage(C, "--reason left or compromised is "
			                    "needed");
		}
		if (all && j.reason != ARNET_REVOKE_COMPROMISED) {
			return cli_usage(C, "--all goes with --reason "
			                    "compromised");
		}
		j.all = all;
		if (at != NULL && arnet_time_parse(&j.at, at, &d) != ARNET_OK) {
			return cli_usage(C, "--at: %s", d.msg);
		}
	} else if ((rv = parse_days(days, &j.days)) != 0) {
		return rv;
	}
	if (link != NULL && revoke) {
		return cli_usage(C, "--link-cert goes with renew");
	}
	if (link != NULL) {
		uint16_t n = 0;
		if ((rv = link_arg(link, j.now, der, &n)) != 0) {
			return rv;
		}
		j.link = der;
		j.link_len = n;
	}
	if ((rv = admin_write(ctx, &a, &j)) != EXIT_OK) {
		return rv;
	}
	uint64_t serial = revoke ? j.serial : j.c.serial;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "serial",
		                      arnet_json_int((int64_t)serial));
		cJSON_AddItemToObject(o, "epoch",
		                      arnet_json_int((int64_t)j.epoch));
		if (!revoke) {
			print_link(&j.c, o);
		}
		return cli_print_json(o);
	}
	if (revoke) {
		printf("certificate %llu revoked (%s%s)\n",
		       (unsigned long long)serial, reason,
		       all ? ", all its records" : "");
	} else {
		char t2[32];
		(void)arnet_time_format(t2, sizeof(t2), j.c.not_after);
		printf("certificate %llu for %s, valid to %s\n",
		       (unsigned long long)serial, j.c.member_id.text, t2);
		print_link(&j.c, NULL);
	}
	printf("roster epoch %llu\n", (unsigned long long)j.epoch);
	return EXIT_OK;
}

/* Write buf to path whole: a temporary file, then rename. */
static int
write_atomic(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[1200];
	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		return cli_error("cannot create %s: %s", tmp, strerror(errno));
	}
	int ok = cli_write_all(fd, (const char *)buf, len) == 0 &&
	         fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return cli_error("cannot write %s: %s", path, strerror(e));
	}
	return EXIT_OK;
}

/* `admin roster` (written out) or `admin list` (argv[1]). */
static int
admin_show(cli_ctx *ctx, int argc, char **argv)
{
	const int write_out = strcmp(argv[1], "roster") == 0;
	admin_ctx a = {0};
	const char *out = NULL;
	int rv;
	const cli_opt opts[] = {CLI_OPT("dir", &a.dir), CLI_OPT("out", &out),
	                        CLI_END};
	arnet_roster r;
	uint8_t *raw = NULL;
	size_t len = 0;
	arnet_txn *t = NULL;
	arnet_diag d;

	if ((rv = cli_args(C, argc, argv, 2, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if (a.dir == NULL || (write_out && out == NULL)) {
		return cli_usage(C, write_out ? "admin roster needs --dir and "
		                                "--out"
		                              : "--dir DIR is needed");
	}
	if ((rv = admin_open(ctx, &a, 0)) != EXIT_OK) {
		admin_close(&a);
		return rv;
	}
	if ((rv = arnet_store_read_begin(a.s, &t, &d)) == ARNET_OK) {
		rv = arnet_admin_state(t, &r, &raw, &len, &d);
	}
	arnet_store_read_end(t);
	admin_close(&a);
	if (rv != ARNET_OK) {
		return rv == ARNET_ENOTFOUND
		               ? cli_error(
		                         "no roster yet: enrol a member first")
		               : cli_fail(rv, &d);
	}
	if (write_out) {
		rv = write_atomic(out, raw, len);
		if (rv == EXIT_OK && ctx->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "file", out);
			cJSON_AddItemToObject(o, "epoch",
			                      arnet_json_int((int64_t)r.epoch));
			cJSON_AddItemToObject(o, "bytes",
			                      arnet_json_int((int64_t)len));
			rv = cli_print_json(o);
		} else if (rv == EXIT_OK) {
			printf("roster epoch %llu written to %s (%zu bytes)\n",
			       (unsigned long long)r.epoch, out, len);
		}
	} else if (ctx->json) {
		rv = cli_print_json(cli_roster_json(&r, time(NULL)));
	} else {
		cli_roster_text(&r, time(NULL));
	}
	arnet_roster_free(&r);
	free(raw);
	return rv;
}

int
cmd_admin(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_sub subs[] = {{"init", admin_init},
	                               {"enroll", admin_enroll},
	                               {"revoke", admin_change},
	                               {"renew", admin_change},
	                               {"roster", admin_show},
	                               {"list", admin_show},
	                               {NULL, NULL}};
	return cli_subcommand(ctx, argc, argv, subs, NULL);
}
