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
#include <sodium.h>
#include <string.h>

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

	uint8_t pk[ARNET_PUBKEY_BYTES];
	int rv = cli_make_keypair(out, passfile, passfile != NULL, NULL,
	                          comment, pk);
	if (rv != EXIT_OK) {
		return rv;
	}
	char pubpath[4096];
	snprintf(pubpath, sizeof(pubpath), "%s.pub", out);
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
