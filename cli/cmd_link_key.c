/*
 * cmd_link_key.c - `arnet link-key`: the member's TLS link certificate.
 *
 *   arnet link-key          which certificate the data directory holds:
 *                           its file and SHA-256 fingerprint (what the
 *                           administrator pins with admin enroll or
 *                           renew --link-cert)
 *   arnet link-key --new    make the link key and certificate of a data
 *                           directory set up before links were TLS
 *                           (arnet init makes them for a new one); never
 *                           replaces one (see docs/operations.md for a
 *                           rotation)
 */
#include "arnet_link_key.h"
#include "cli.h"

#include <time.h>

int
cmd_link_key(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "link-key";
	int make = 0, rv;
	const cli_opt opts[] = {CLI_FLAG("new", &make), CLI_END};
	char key[1200], crt[1200], fpr[ARNET_LINK_FPR_LEN + 1];
	uint8_t der[ARNET_LINK_CERT_MAX];
	size_t len = 0;
	arnet_diag d;
	if ((rv = cli_args(C, argc, argv, 1, opts, NULL, 0, 0, NULL)) != 0) {
		return rv;
	}
	const char *dir = cli_data_dir(ctx);
	if (dir == NULL) {
		return EXIT_ERR;
	}
	snprintf(key, sizeof(key), "%s/" ARNET_LINK_KEY_FILE, dir);
	snprintf(crt, sizeof(crt), "%s/" ARNET_LINK_CERT_FILE, dir);
	int64_t now = (int64_t)time(NULL);
	if (make && arnet_link_key_create(key, crt, now, &d) != ARNET_OK) {
		return cli_error("%s", d.msg);
	}
	if ((rv = arnet_link_cert_read(crt, der, sizeof(der), &len, &d)) !=
	            ARNET_OK ||
	    (rv = arnet_link_cert_check(der, len, now, &d)) != ARNET_OK) {
		if (rv == ARNET_ENOTFOUND) {
			return cli_error("%s: no link certificate; arnet "
			                 "--data %s link-key --new makes one",
			                 crt, dir);
		}
		return cli_error("%s: %s", crt, d.msg);
	}
	arnet_link_cert_fingerprint(fpr, der, len);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "link_cert", crt);
		cJSON_AddStringToObject(o, "fingerprint", fpr);
		cJSON_AddBoolToObject(o, "made", make);
		return cli_print_json(o);
	}
	printf("%s%s\n%s\n", make ? "made " : "", crt, fpr);
	if (make) {
		printf("give it to the association's administrator, who pins "
		       "it with --link-cert (docs/operations.md, \"Links\")\n");
	}
	return EXIT_OK;
}
