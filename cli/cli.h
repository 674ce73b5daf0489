/*
 * cli.h - what the command families of `arnet` share: the global options,
 * the command table entry, output and error helpers.
 *
 * Exit codes (docs/cli.md): 0 success, 1 error, 2 usage error; a command
 * may document more (record decode: 3 = well-formed, bad signature).
 */
#ifndef ARNET_CLI_H
#define ARNET_CLI_H

#include "arnet_proto.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#define EXIT_OK    0
#define EXIT_ERR   1
#define EXIT_USAGE 2

/* Global options, parsed before the command name (as git does). */
typedef struct cli_ctx {
	const char *data_dir; /* --data DIR, else $ARNET_DATA, else default */
	const char *config;   /* --config FILE */
	int json;             /* --json: machine-readable output */
	const char *prog;     /* "arnet" */
} cli_ctx;

typedef int (*cli_fn)(cli_ctx *ctx, int argc, char **argv);

typedef struct cli_cmd {
	const char *name;
	cli_fn fn;
	const char *usage; /* argument synopsis, after the command name */
	const char *help;  /* one line, lower case, no full stop */
} cli_cmd;

/* Command families: each is one file, each takes argv[0] = its name. */
int cmd_id(cli_ctx *ctx, int argc, char **argv);
int cmd_keygen(cli_ctx *ctx, int argc, char **argv);
int cmd_record(cli_ctx *ctx, int argc, char **argv);

/* Print "arnet: <message>\n" to stderr; returns EXIT_ERR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and the command's synopsis; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/* The synopsis of a command from the table ("id check ID [--json]"). */
const char *cli_synopsis(const char *cmd);

/*
 * cli_print_json: print o (pretty, then a newline) to stdout and delete
 * it. Returns EXIT_OK, or EXIT_ERR when o is NULL (out of memory).
 */
int cli_print_json(cJSON *o);

/*
 * cli_passphrase: the passphrase from the first line of `file`, or, when
 * file is NULL and stdin is a terminal, asked without echo (twice when
 * confirm is set). When file is NULL and stdin is not a terminal it fails
 * at once rather than hang. buf holds cap bytes; *len excludes the NUL.
 * The caller wipes buf with sodium_memzero. Returns EXIT_OK or EXIT_ERR
 * (the error is printed).
 */
int cli_passphrase(const char *file, const char *prompt, int confirm, char *buf,
                   size_t cap, size_t *len);

/*
 * cli_read_hex_arg: bytes from a hex argument, or from stdin when arg is
 * "-" (white space ignored). *out is malloc'd; the caller frees it.
 * Returns EXIT_OK or EXIT_ERR (printed).
 */
int cli_read_hex_arg(const char *arg, uint8_t **out, size_t *len);

#endif
