/*
 * cmd_init.c - `arnet init`: set up a member node's data directory.
 *
 * Makes DATA (mode 0700) with the member's key pair (member.key, not
 * encrypted unless --passphrase-file is given: the daemon must start
 * unattended, so the file mode protects it), its TLS link key and
 * certificate (link.key, link.crt: store/core/arnet_link_key.h), and
 * arnet.conf naming the
 * member, its key and the association's root key (the trust anchor).
 * Prints the public key to hand to the administrator. Refuses a
 * directory that has a config already.
 *
 * A DATA that exists already is made 0700 if group or others could reach
 * it, and init says so on stderr (arnetd would refuse to start on it:
 * others could reach its control socket and read its key); one that is
 * not the user's own is refused, since it cannot be made private.
 */
#include "cli.h"
#include "arnet_link_key.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* An existing data directory made private; *was is its old mode when it
 * had to be tightened, else 0. */
static int
make_private(const char *dir, unsigned *was)
{
	struct stat st;
	*was = 0;
	if (stat(dir, &st) != 0) {
		return cli_error("cannot stat %s: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode)) {
		return cli_error("%s exists and is not a directory", dir);
	}
	if (st.st_uid != geteuid()) {
		return cli_error("%s belongs to uid %u, not to you (uid %u): "
		                 "arnetd would refuse it; use a directory of "
		                 "your own",
		                 dir, (unsigned)st.st_uid, (unsigned)geteuid());
	}
	if ((st.st_mode & 077) == 0) {
		return EXIT_OK;
	}
	if (chmod(dir, 0700) != 0) {
		return cli_error("%s is mode %04o and cannot be made 0700: %s",
		                 dir, (unsigned)(st.st_mode & 07777),
		                 strerror(errno));
	}
	*was = (unsigned)(st.st_mode & 07777);
	fprintf(stderr,
	        "arnet: %s was mode %04o: made it 0700 (arnetd refuses a data "
	        "directory others can reach)\n",
	        dir, *was);
	return EXIT_OK;
}

int
cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "init";
	const char *id = NULL, *name = NULL, *root = NULL, *passfile = NULL;
	const cli_opt opts[] = {CLI_NEED("member-id", &id),
	                        CLI_NEED("name", &name),
	                        CLI_NEED("root-key", &root),
	                        CLI_OPT("passphrase-file", &passfile), CLI_END};
	arnet_ident member;
	uint8_t root_pk[ARNET_PUBKEY_BYTES], pk[ARNET_PUBKEY_BYTES];
	char conf[1200], key[1200], lkey[1200], lcrt[1200];
	char text[ARNET_PUBKEY_TEXT_LEN + 1];
	char root_text[ARNET_PUBKEY_TEXT_LEN + 1];
	arnet_diag d;
	int rv;

	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_ident(C, "--member-id", id, &member)) != 0) {
		return rv;
	}
	if (arnet_pubkey_parse(root_pk, root, &d) != ARNET_OK) {
		return cli_usage(C, "--root-key: %s", d.msg);
	}
	if (strlen(name) > 200 || strchr(name, '\n') != NULL ||
	    strchr(name, '\r') != NULL || name[0] == '\0') {
		return cli_usage(C, "--name: 1 to 200 bytes on one line");
	}
	const char *dir = cli_data_dir(ctx);
	if (dir == NULL) {
		return EXIT_ERR;
	}
	snprintf(conf, sizeof(conf), "%s/arnet.conf", dir);
	snprintf(key, sizeof(key), "%s/member.key", dir);
	snprintf(lkey, sizeof(lkey), "%s/" ARNET_LINK_KEY_FILE, dir);
	snprintf(lcrt, sizeof(lcrt), "%s/" ARNET_LINK_CERT_FILE, dir);
	if (access(conf, F_OK) == 0) {
		return cli_error("%s exists: this data directory is set up "
		                 "already",
		                 conf);
	}
	unsigned was = 0;
	if (mkdir(dir, 0700) != 0) {
		if (errno != EEXIST) {
			return cli_error("cannot create %s: %s", dir,
			                 strerror(errno));
		}
		if ((rv = make_private(dir, &was)) != EXIT_OK) {
			return rv;
		}
	}
	if ((rv = cli_make_keypair(key, passfile, passfile != NULL, NULL,
	                           member.text, pk)) != EXIT_OK) {
		return rv;
	}
	if (arnet_link_key_create(lkey, lcrt, (int64_t)time(NULL), &d) !=
	    ARNET_OK) {
		unlink(key);
		return cli_error("%s", d.msg);
	}
	uint8_t der[ARNET_LINK_CERT_MAX];
	char fpr[ARNET_LINK_FPR_LEN + 1];
	size_t der_len = 0;
	if (arnet_link_cert_read(lcrt, der, sizeof(der), &der_len, &d) !=
	    ARNET_OK) {
		return cli_error("%s", d.msg);
	}
	arnet_link_cert_fingerprint(fpr, der, der_len);
	arnet_pubkey_format(text, pk);
	arnet_pubkey_format(root_text, root_pk);
	FILE *f = NULL;
	int fd = open(conf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		f = fdopen(fd, "w");
	}
	if (f == NULL) {
		return cli_error("cannot create %s: %s", conf, strerror(errno));
	}
	fprintf(f,
	        "# arnet node configuration (docs/config.md), made by arnet "
	        "init.\n\n[member]\nid = %s\nname = %s\n# the member's secret "
	        "key, relative to this file's directory\nkey = member.key\n\n"
	        "[association]\n# the trust anchor: rosters must be signed by "
	        "this key\nroot_key = %s\n"
	        "\n[node]\n# the language of reports when --lang is not "
	        "given: zh or en\nlang = zh\n",
	        member.text, name, root_text);
	if (fclose(f) != 0) {
		unlink(conf);
		return cli_error("cannot write %s", conf);
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "data_dir", dir);
		cJSON_AddStringToObject(o, "member_id", member.text);
		cJSON_AddStringToObject(o, "public_key", text);
		cJSON_AddStringToObject(o, "config", conf);
		cJSON_AddStringToObject(o, "link_cert", lcrt);
		cJSON_AddStringToObject(o, "link_fingerprint", fpr);
		if (was != 0) {
			char m[8];
			snprintf(m, sizeof(m), "%04o", was);
			cJSON_AddStringToObject(o, "tightened_from", m);
		}
		return cli_print_json(o);
	}
	printf("member %s set up in %s\npublic key  %s\nlink cert   %s\n\n",
	       member.text, dir, text, fpr);
	printf("give the public key and the link certificate %s to the "
	       "association's administrator:\n"
	       "  arnet admin enroll --dir ADMIN --pubkey %s --member-id %s "
	       "--name NAME --link-cert link.crt --endpoint "
	       "pub=tls+tcp://HOST:PORT --endpoint sync=tls+tcp://HOST:PORT\n"
	       "then import the roster they send: arnet roster import FILE\n",
	       lcrt, text, member.text);
	return EXIT_OK;
}
