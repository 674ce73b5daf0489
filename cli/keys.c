/*
 * keys.c - key files as the commands use them: making a key pair (keygen,
 * `admin init`, `init`) and loading a secret key, asking for its
 * passphrase when it is encrypted.
 */
#include "arnet_keyfile.h"
#include "cli.h"

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
cli_make_keypair(const char *out, const char *passfile, int encrypt,
                 const arnet_kdf_params *kdf, const char *comment,
                 uint8_t pk[ARNET_PUBKEY_BYTES])
{
	char pubpath[4096], pass[1024];
	size_t pass_len = 0;
	arnet_diag d;
	int rv;

	if ((size_t)snprintf(pubpath, sizeof(pubpath), "%s.pub", out) >=
	    sizeof(pubpath)) {
		return cli_error("%s: path too long", out);
	}
	/* Refuse before doing anything if either file exists. */
	if (access(out, F_OK) == 0 || access(pubpath, F_OK) == 0) {
		return cli_error("%s: exists; arnet never overwrites a key",
		                 access(out, F_OK) == 0 ? out : pubpath);
	}
	if (encrypt && cli_passphrase(passfile, "new passphrase: ", 1, pass,
	                              sizeof(pass), &pass_len) != EXIT_OK) {
		sodium_memzero(pass, sizeof(pass));
		return EXIT_ERR;
	}
	uint8_t *sk = sodium_malloc(ARNET_SECKEY_BYTES);
	if (sk == NULL) {
		sodium_memzero(pass, sizeof(pass));
		return cli_error("out of memory");
	}
	(void)arnet_keypair(pk, sk);
	rv = arnet_keyfile_write_secret(out, sk, encrypt ? pass : NULL,
	                                pass_len, kdf, comment, &d);
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
	return EXIT_OK;
}

int
cli_load_secret(const char *path, const char *passfile,
                uint8_t sk[ARNET_SECKEY_BYTES])
{
	arnet_diag d;
	char pass[1024];
	size_t pass_len = 0;
	int enc = arnet_keyfile_secret_is_encrypted(path);
	if (enc == 1 && cli_passphrase(passfile, "passphrase: ", 0, pass,
	                               sizeof(pass), &pass_len) != EXIT_OK) {
		return EXIT_ERR;
	}
	int rv = arnet_keyfile_read_secret(path, sk, enc == 1 ? pass : NULL,
	                                   pass_len, &d);
	sodium_memzero(pass, sizeof(pass));
	if (rv != ARNET_OK) {
		return cli_error("%s", d.msg);
	}
	return EXIT_OK;
}
