/*
 * passphrase.c - getting a passphrase without ever hanging a script.
 *
 * From a file (first line, newline removed), or from the terminal with
 * echo off. When there is no terminal and no file, fail with a message
 * that says what to pass: a cron job or CI must never block on a prompt.
 * A passphrase file that group or others may read or write is refused,
 * as ssh refuses such a key: the passphrase is what keeps an encrypted
 * key safe (a pipe such as <(cmd) is mode 0600 and passes).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static int
read_line(FILE *f, char *buf, size_t cap, size_t *len)
{
	if (fgets(buf, (int)cap, f) == NULL) {
		buf[0] = '\0';
		*len = 0;
		return ferror(f) ? -1 : 0;
	}
	size_t n = strlen(buf);
	if (n == cap - 1 && buf[n - 1] != '\n' && !feof(f)) {
		return -2; /* longer than the buffer */
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
		buf[--n] = '\0';
	}
	*len = n;
	return 0;
}

static int
ask(const char *prompt, char *buf, size_t cap, size_t *len)
{
	FILE *tty = fopen("/dev/tty", "r+");
	struct termios old, quiet;
	int rv;
	if (tty == NULL) {
		return cli_error("cannot open the terminal: %s",
		                 strerror(errno));
	}
	setvbuf(tty, NULL, _IONBF, 0); /* no copy left in stdio's buffer */
	fprintf(tty, "%s", prompt);
	fflush(tty);
	int have = tcgetattr(fileno(tty), &old) == 0;
	if (have) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	rv = read_line(tty, buf, cap, len);
	if (have) {
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	}
	fputc('\n', tty);
	fclose(tty);
	if (rv != 0) {
		return cli_error("cannot read the passphrase");
	}
	return EXIT_OK;
}

int
cli_passphrase(const char *file, const char *prompt, int confirm, char *buf,
               size_t cap, size_t *len)
{
	if (file != NULL) {
		struct stat st;
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			return cli_error("cannot open passphrase file %s: %s",
			                 file, strerror(errno));
		}
		/* fstat, not stat: the file checked is the file read. */
		if (fstat(fd, &st) != 0) {
			int e = errno;
			close(fd);
			return cli_error("cannot stat passphrase file %s: %s",
			                 file, strerror(e));
		}
		if ((st.st_mode & 077) != 0) {
			close(fd);
			return cli_error(
			        "passphrase file %s is mode %04o: group "
			        "or others may read or change it; chmod "
			        "600 %s",
			        file, (unsigned)(st.st_mode & 07777), file);
		}
		FILE *f = fdopen(fd, "r");
		if (f == NULL) {
			close(fd);
			return cli_error("cannot read passphrase file %s: %s",
			                 file, strerror(errno));
		}
		setvbuf(f, NULL, _IONBF,
		        0); /* no copy left in stdio's buffer */
		int rv = read_line(f, buf, cap, len);
		fclose(f);
		if (rv == -2) {
			return cli_error("%s: passphrase longer than %zu bytes",
			                 file, cap - 2);
		}
		if (rv != 0) {
			return cli_error("cannot read passphrase file %s",
			                 file);
		}
		if (*len == 0) {
			return cli_error("%s: the passphrase is empty", file);
		}
		return EXIT_OK;
	}
	if (!isatty(STDIN_FILENO)) {
		return cli_error("a passphrase is needed and stdin is not a "
		                 "terminal: use --passphrase-file FILE");
	}
	if (ask(prompt, buf, cap, len) != EXIT_OK) {
		return EXIT_ERR;
	}
	if (*len == 0) {
		return cli_error("the passphrase is empty");
	}
	if (confirm) {
		char again[1024];
		size_t alen = 0;
		int rv = ask("again: ", again, sizeof(again), &alen);
		int same = rv == EXIT_OK && alen == *len &&
		           sodium_memcmp(again, buf, alen) == 0;
		sodium_memzero(again, sizeof(again));
		if (rv != EXIT_OK) {
			return rv;
		}
		if (!same) {
			sodium_memzero(buf, cap);
			return cli_error("the passphrases do not match");
		}
	}
	return EXIT_OK;
}
