/*
 * output.c - how arnet talks to people and scripts: errors on stderr in
 * the form "arnet: what is wrong", JSON on stdout through cJSON.
 *
 * Text output shows only displayable text. Names, notes, member names and
 * identifiers come from the books and from other members, and a bidi
 * control or a terminal escape in them would reorder or rewrite what a
 * person reads. Rather than trust every printf to remember, stdout (in
 * text mode) and stderr are display streams: whatever passes through
 * them reaches the terminal with every hidden character escaped as
 * \u{202E} (arnet_utf8_escape). JSON output is exact: cJSON escapes the
 * controls and the rest is data.
 */
#define _GNU_SOURCE /* fopencookie */
#include "arnet_utf8.h"
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A display stream's state: the file descriptor it writes to, and the
 * first bytes of a character cut between two writes, held back until
 * the rest arrives. */
typedef struct display {
	int fd;
	uint8_t carry[4];
	size_t ncarry;
} display;

int
cli_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* How many of the last bytes of b[0..n) begin a character that is not
 * complete yet (0 to 3). */
static size_t
cut_tail(const uint8_t *b, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		uint8_t c = b[n - k];
		if (c >= 0x80 && c < 0xc0) {
			continue; /* a continuation byte: look further back */
		}
		size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

static ssize_t
display_write(void *cookie, const char *buf, size_t size)
{
	display *dp = cookie;
	uint8_t in[4 + 1024];
	char out[8 * sizeof(in) + 1]; /* an escape is at most 8 per byte */
	size_t done = 0;
	while (done < size) {
		size_t take = size - done < 1024 ? size - done : 1024;
		memcpy(in, dp->carry, dp->ncarry);
		memcpy(in + dp->ncarry, buf + done, take);
		size_t n = dp->ncarry + take;
		done += take;
		dp->ncarry = cut_tail(in, n);
		n -= dp->ncarry;
		memcpy(dp->carry, in + n, dp->ncarry);
		size_t len = arnet_utf8_escape(out, sizeof(out), in, n,
		                               ARNET_UTF8_ESC_LAYOUT, NULL);
		if (cli_write_all(dp->fd, out, len) != 0) {
			return -1;
		}
	}
	return (ssize_t)size;
}

int
cli_display_streams(int json)
{
	static display out_d = {STDOUT_FILENO, {0}, 0};
	static display err_d = {STDERR_FILENO, {0}, 0};
	static const cookie_io_functions_t io = {NULL, display_write, NULL,
	                                         NULL};
	FILE *e = fopencookie(&err_d, "w", io);
	if (e == NULL || setvbuf(e, NULL, _IONBF, 0) != 0) {
		return -1;
	}
	fflush(stderr);
	stderr = e;
	if (json) {
		return 0;
	}
	FILE *o = fopencookie(&out_d, "w", io);
	if (o == NULL ||
	    (isatty(STDOUT_FILENO) && setvbuf(o, NULL, _IOLBF, BUFSIZ) != 0)) {
		return -1;
	}
	fflush(stdout);
	stdout = o;
	return 0;
}

/* "arnet: <message>\n" on stderr. */
static void say(const char *fmt, va_list ap)
        __attribute__((format(printf, 1, 0)));

static void
say(const char *fmt, va_list ap)
{
	fputs("arnet: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	return EXIT_ERR;
}

int
cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
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

const char *
cli_put_word(arnet_put_result res)
{
	return res == ARNET_PUT_ADDED     ? "added"
	       : res == ARNET_PUT_UPDATED ? "updated"
	                                  : "unchanged";
}

int
cli_print_json_as(const char *key, cJSON *v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, key, v);
	return cli_print_json(o);
}

/* Columns a code point takes on a terminal: 0 for a combining mark
 * (it sits on the character before), 2 for East Asian wide and
 * full-width characters and emoji, else 1 (control characters never get
 * here: they are escaped). The ranges are those of Unicode's
 * EastAsianWidth W and F, as wcwidth() counts them, without the locale
 * a terminal may or may not have. */
static int
cp_width(uint32_t c)
{
	static const uint32_t zero[][2] = {
	        {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd},
	        {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x20d0, 0x20ff},
	        {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
	};
	static const uint32_t wide[][2] = {
	        {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2e80, 0x303e},
	        {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},
	        {0xa000, 0xa4cf},   {0xa960, 0xa97f},   {0xac00, 0xd7a3},
	        {0xf900, 0xfaff},   {0xfe10, 0xfe19},   {0xfe30, 0xfe6f},
	        {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
	        {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd},
	};
	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++) {
		if (c >= zero[i][0] && c <= zero[i][1]) {
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
		if (c >= wide[i][0] && c <= wide[i][1]) {
			return 2;
		}
	}
	return 1;
}

/* The next character of s (len bytes) as shown: its text or escape in
 * one (n bytes), its terminal columns in *w; the bytes it used. 0 at the
 * end or when nothing can be shown. */
static size_t
next_shown(const uint8_t *p, size_t len, char one[16], size_t *n, int *w)
{
	uint32_t c = 0;
	size_t used = 0;
	size_t k = arnet_utf8_decode(p, len, &c);
	k = k > 0 ? k : 1; /* an ill-formed byte is escaped alone */
	*n = arnet_utf8_escape(one, 16, p, k, 0, &used);
	/* An escape is always longer than what it stands for. */
	*w = *n == k ? cp_width(c) : (int)*n;
	return used;
}

int
cli_width(const char *s)
{
	size_t len = strlen(s), n;
	const uint8_t *p = (const uint8_t *)s;
	char one[16];
	int cols = 0, w;
	size_t used;
	while (len > 0 && (used = next_shown(p, len, one, &n, &w)) > 0) {
		cols += w;
		p += used;
		len -= used;
	}
	return cols;
}

/* The ellipsis that ends a cut cell: U+2026, one column. */
#define ELLIPSIS       "\xe2\x80\xa6"
#define ELLIPSIS_BYTES 3

const char *
cli_cell(char *out, size_t cap, const char *s, int width)
{
	size_t o = 0, len = strlen(s), n;
	int cols = 0, w;
	/* Cut: the text gives up its last column to the ellipsis. */
	int room = cli_width(s) > width ? width - 1 : width;
	const uint8_t *p = (const uint8_t *)s;
	char one[16];
	while (len > 0) {
		size_t used = next_shown(p, len, one, &n, &w);
		if (used == 0 || cols + w > room || o + n + 1 >= cap) {
			break;
		}
		memcpy(out + o, one, n);
		o += n;
		cols += w;
		p += used;
		len -= used;
	}
	if (room < width && width > 0 && o + ELLIPSIS_BYTES + 1 < cap) {
		memcpy(out + o, ELLIPSIS, ELLIPSIS_BYTES);
		o += ELLIPSIS_BYTES;
		cols++;
	}
	while (cols < width && o + 1 < cap) {
		out[o++] = ' ';
		cols++;
	}
	out[o] = '\0';
	return out;
}
