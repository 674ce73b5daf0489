/*
 * output.c - how arnet talks to people and scripts: errors on stderr in
 * the form "arnet: what is wrong", JSON on stdout through cJSON.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>

int
cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("arnet: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERR;
}

int
cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("arnet: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	const char *syn = cli_synopsis(cmd);
	if (syn != NULL) {
		fprintf(stderr, "usage: arnet %s %s\n", cmd, syn);
	}
	return EXIT_USAGE;
}

int
cli_print_json(cJSON *o)
{
	char *s = o ? cJSON_Print(o) : NULL;
	cJSON_Delete(o);
	if (s == NULL) {
		return cli_error("out of memory");
	}
	puts(s);
	free(s);
	return EXIT_OK;
}
