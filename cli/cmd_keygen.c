/*
 * cmd_keygen.c - `arnet keygen --out FILE`: a member's Ed25519 key pair.
 *
 * Writes FILE (the secret key, mode 0600, never overwriting) and FILE.pub
 * (the public key to hand to the association's administrator). With
 * --passphrase-file the secret key is encrypted (Argon2id + secretbox);
 * without it the key is stored plain, since a daemon must be able to start
 * unattended: the file's mode is then its only protection, and we say so.
 */
#include "cli.h"
#include "arnet_keyfile.h"

#include <getopt.h>
#include <libgen.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Warn when the directory would let others replace or list the key. */
static void
warn_if_exposed(const char *path)
{
	char copy[4096];
	struct stat st;
	snprintf(copy, sizeof(copy), "%s", path);
	const char *dir = dirname(copy);
	if (stat(dir, &st) == 0 && (st.st_mode & S_IWOTH) &&
	    !(st.st_mode & S_ISVTX)) {
		fprintf(stderr,
		        "arnet: warning: %s is writable by everyone; others "
		        "could replace the key\n",
		        dir);
	}
}

int
cmd_keygen(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	        {"out", required_argument, NULL, 'o'},
	        {"passphrase-file", required_argument, NULL, 'p'},
	        {"comment", required_argument, NULL, 'c'},
	        {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *passfile = NULL, *comment = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'p':
			passfile = optarg;
			break;
		case 'c':
			comment = optarg;
			break;
		case ':':
			return cli_usage("keygen", "%s needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("keygen", "unknown option %s",
			                 argv[optind - 1]);
		}
	}
	if (optind != argc) {
		return cli_usage("keygen", "unexpected argument \"%s\"",
		                 argv[optind]);
	}
	if (out == NULL) {
		return cli_usage("keygen", "--out FILE is required");
	}

	char pubpath[4096];
	if ((size_t)snprintf(pubpath, sizeof(pubpath), "%s.pub", out) >=
	    sizeof(pubpath)) {
		return cli_error("%s: path too long", out);
	}
	/* Refuse before doing anything if either file exists. */
	if (access(out, F_OK) == 0 || access(pubpath, F_OK) == 0) {
		return cli_error("%s: exists; arnet never overwrites a key",
		                 access(out, F_OK) == 0 ? out : pubpath);
	}

	char pass[1024];
	size_t pass_len = 0;
	if (passfile != NULL &&
	    cli_passphrase(passfile, "passphrase: ", 1, pass, sizeof(pass),
	                   &pass_len) != EXIT_OK) {
		sodium_memzero(pass, sizeof(pass));
		return EXIT_ERR;
	}

	uint8_t pk[ARNET_PUBKEY_BYTES];
	uint8_t *sk = sodium_malloc(ARNET_SECKEY_BYTES);
	arnet_diag d;
	int rv;
	if (sk == NULL) {
		sodium_memzero(pass, sizeof(pass));
		return cli_error("out of memory");
	}
	(void)arnet_keypair(pk, sk);
	rv = arnet_keyfile_write_secret(out, sk, passfile ? pass : NULL,
	                                pass_len, NULL, comment, &d);
	sodium_memzero(pass, sizeof(pass));
	sodium_free(sk);
	if (rv != ARNET_OK) {
		return cli_error("%s", d.msg);
	}
	rv = arnet_keyfile_write_public(pubpath, pk, comment, &d);
	if (rv != ARNET_OK) {
		unlink(out); /* nothing half-written */
		return cli_error("%s", d.msg);
	}
	warn_if_exposed(out);

	char text[ARNET_PUBKEY_TEXT_LEN + 1];
	arnet_pubkey_format(text, pk);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		if (o != NULL) {
			cJSON_AddStringToObject(o, "public_key", text);
			cJSON_AddStringToObject(o, "secret_key_file", out);
			cJSON_AddStringToObject(o, "public_key_file", pubpath);
			cJSON_AddBoolToObject(o, "encrypted", passfile != NULL);
		}
		return cli_print_json(o);
	}
	printf("public key   %s\nsecret file  %s (%s)\npublic file  %s\n", text,
	       out,
	       passfile ? "encrypted with the passphrase"
	                : "not encrypted: mode 0600 protects it",
	       pubpath);
	return EXIT_OK;
}
