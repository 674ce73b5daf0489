/*
 * output.c - how arnet talks to people and scripts: errors on stderr in
 * the form "arnet: what is wrong", JSON on stdout through cJSON.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

/* Columns a code point takes on a terminal: 2 for East Asian wide and
 * full-width characters, else 1 (control characters never get here). */
static int
cp_width(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	                       (c >= 0xac00 && c <= 0xd7a3) ||
	                       (c >= 0xf900 && c <= 0xfaff) ||
	                       (c >= 0xfe30 && c <= 0xfe4f) ||
	                       (c >= 0xff00 && c <= 0xff60) ||
	                       (c >= 0xffe0 && c <= 0xffe6) ||
	                       (c >= 0x20000 && c <= 0x3fffd)
	               ? 2
	               : 1;
}

const char *
cli_cell(char *out, size_t cap, const char *s, int width)
{
	size_t o = 0;
	int cols = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p != '\0') {
		size_t n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		uint32_t c = n == 1   ? *p
		             : n == 2 ? (uint32_t)(*p & 0x1f)
		             : n == 3 ? (uint32_t)(*p & 0x0f)
		                      : (uint32_t)(*p & 0x07);
		for (size_t k = 1; k < n && p[k] != '\0'; k++) {
			c = (c << 6) | (p[k] & 0x3f);
		}
		int w = cp_width(c);
		if (cols + w > width || o + n + 1 >= cap) {
			break;
		}
		memcpy(out + o, p, n);
		o += n;
		cols += w;
		p += n;
	}
	while (cols < width && o + 1 < cap) {
		out[o++] = ' ';
		cols++;
	}
	out[o] = '\0';
	return out;
}
