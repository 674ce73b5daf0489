/*
 * cmd_id.c - `arnet id check ID`: is this a valid subject identifier, and
 * what is its canonical form?
 *
 * With --json an invalid identifier is a result, not only an error: the
 * object says valid=false and why, and the exit code is still 1.
 */
#include "cli.h"

#include <string.h>

static int
id_check(cli_ctx *ctx, const char *input)
{
	arnet_ident id;
	arnet_diag d;
	int rv = arnet_ident_parse(&id, input, &d);
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		if (o == NULL) {
			return cli_error("out of memory");
		}
		cJSON_AddStringToObject(o, "input", input);
		cJSON_AddBoolToObject(o, "valid", rv == ARNET_OK);
		if (rv == ARNET_OK) {
			cJSON_AddStringToObject(o, "canonical", id.text);
			cJSON_AddStringToObject(
			        o, "scheme", arnet_id_scheme_name(id.scheme));
			cJSON_AddStringToObject(o, "value",
			                        arnet_ident_value(&id));
		} else {
			cJSON_AddStringToObject(o, "error", d.msg);
			cJSON_AddStringToObject(o, "code", arnet_errname(rv));
		}
		if (cli_print_json(o) != EXIT_OK) {
			return EXIT_ERR;
		}
	} else if (rv == ARNET_OK) {
		printf("canonical  %s\nscheme     %s\n", id.text,
		       arnet_id_scheme_name(id.scheme));
	}
	if (rv != ARNET_OK) {
		return cli_error("invalid identifier \"%s\": %s", input, d.msg);
	}
	return EXIT_OK;
}

int
cmd_id(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		return cli_usage("id", "missing subcommand");
	}
	if (strcmp(argv[1], "check") == 0) {
		if (argc != 3) {
			return cli_usage("id", "id check takes one identifier");
		}
		return id_check(ctx, argv[2]);
	}
	return cli_usage("id", "unknown subcommand \"%s\"", argv[1]);
}
