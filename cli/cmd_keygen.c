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

#include <sodium.h>
#include <string.h>

int
cmd_keygen(cli_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL, *passfile = NULL, *comment = NULL;
	const cli_opt opts[] = {CLI_OPT("out", &out),
	                        CLI_OPT("passphrase-file", &passfile),
	                        CLI_OPT("comment", &comment), CLI_END};
	int rv = cli_args("keygen", argc, argv, 1, opts, NULL, 0, 0, NULL);
	if (rv != EXIT_OK) {
		return rv;
	}
	if (out == NULL) {
		return cli_usage("keygen", "--out FILE is required");
	}

	uint8_t pk[ARNET_PUBKEY_BYTES];
	rv = cli_make_keypair(out, passfile, passfile != NULL, NULL, comment,
	                      pk);
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
