/*
 * keyfile.c - creating and reading key files on disk.
 *
 * Creation is O_CREAT | O_EXCL | O_NOFOLLOW with the final mode, so there
 * is no moment when a secret is readable by others and no way to be
 * tricked into writing through a symlink. A failed write removes the file.
 */
#include "arnet_keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
arnet_err_from_errno(int e)
{
	switch (e) {
	case 0:
		return ARNET_OK;
	case EEXIST:
		return ARNET_EEXIST;
	case ENOENT:
	case ENOTDIR:
		return ARNET_ENOTFOUND;
	case EACCES:
	case EPERM:
	case EROFS:
		return ARNET_EPERM;
	case ENOMEM:
		return ARNET_ENOMEM;
	case EINVAL:
	case ENAMETOOLONG:
	case ELOOP:
		return ARNET_EINVAL;
	default:
		return ARNET_EIO;
	}
}

static int
sys_fail(arnet_diag *d, const char *what, const char *path, int e)
{
	return arnet_diag_set(d, arnet_err_from_errno(e), "%s %s: %s", what,
	                      path, strerror(e));
}

int
arnet_keyfile_write_new(const char *path, const char *text, size_t len,
                        unsigned mode, arnet_diag *d)
{
	int fd =
	        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	             mode);
	if (fd < 0) {
		return sys_fail(d, "cannot create", path, errno);
	}
	size_t off = 0;
	int e = 0;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			e = errno;
			break;
		}
		off += (size_t)n;
	}
	if (e == 0 && fsync(fd) != 0) {
		e = errno;
	}
	if (close(fd) != 0 && e == 0) {
		e = errno;
	}
	if (e != 0) {
		unlink(path);
		return sys_fail(d, "cannot write", path, e);
	}
	return ARNET_OK;
}

int
arnet_keyfile_write_secret(const char *path,
                           const uint8_t sk[ARNET_SECKEY_BYTES],
                           const char *pass, size_t pass_len,
                           const arnet_kdf_params *kdf, const char *comment,
                           arnet_diag *d)
{
	char text[ARNET_KEYFILE_MAX];
	size_t len = 0;
	int rv = arnet_seckey_file_format(text, sizeof(text), &len, sk, pass,
	                                  pass_len, kdf, comment);
	if (rv != ARNET_OK) {
		sodium_memzero(text, sizeof(text));
		return arnet_diag_set(d, rv, "cannot encode secret key: %s",
		                      arnet_strerror(rv));
	}
	rv = arnet_keyfile_write_new(path, text, len, 0600, d);
	sodium_memzero(text, sizeof(text));
	return rv;
}

int
arnet_keyfile_write_public(const char *path,
                           const uint8_t pk[ARNET_PUBKEY_BYTES],
                           const char *comment, arnet_diag *d)
{
	char text[ARNET_KEYFILE_MAX];
	size_t len = 0;
	int rv =
	        arnet_pubkey_file_format(text, sizeof(text), &len, pk, comment);
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, rv, "cannot encode public key: %s",
		                      arnet_strerror(rv));
	}
	return arnet_keyfile_write_new(path, text, len, 0644, d);
}

int
arnet_keyfile_read_text(const char *path, char *buf, size_t cap, size_t *len,
                        int secret, arnet_diag *d)
{
	struct stat st;
	/* O_NONBLOCK: a FIFO put in place of a key must not hang us. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		return sys_fail(d, "cannot open", path, errno);
	}
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return sys_fail(d, "cannot stat", path, e);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return arnet_diag_set(d, ARNET_EKEYFILE,
		                      "%s is not a regular file", path);
	}
	if (secret && (st.st_mode & 077) != 0) {
		close(fd);
		return arnet_diag_set(d, ARNET_EPERM,
		                      "%s: secret key file is accessible by "
		                      "others (mode %03o); chmod 600 it",
		                      path, (unsigned)(st.st_mode & 0777));
	}
	size_t off = 0;
	for (;;) {
		ssize_t n = read(fd, buf + off, cap - off);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			int e = errno;
			close(fd);
			return sys_fail(d, "cannot read", path, e);
		}
		if (n == 0) {
			break;
		}
		off += (size_t)n;
		if (off == cap) {
			close(fd);
			return arnet_diag_set(d, ARNET_EKEYFILE,
			                      "%s: too large for a key file",
			                      path);
		}
	}
	close(fd);
	*len = off;
	return ARNET_OK;
}

int
arnet_keyfile_read_secret(const char *path, uint8_t sk[ARNET_SECKEY_BYTES],
                          const char *pass, size_t pass_len, arnet_diag *d)
{
	char text[ARNET_KEYFILE_MAX + 1];
	size_t len = 0;
	int rv = arnet_keyfile_read_text(path, text, sizeof(text), &len, 1, d);
	if (rv == ARNET_OK) {
		arnet_diag sub;
		rv = arnet_seckey_file_parse(sk, text, len, pass, pass_len,
		                             &sub);
		if (rv != ARNET_OK) {
			arnet_diag_set(d, rv, "%s: %s", path, sub.msg);
		}
	}
	if (rv != ARNET_OK) {
		sodium_memzero(sk, ARNET_SECKEY_BYTES);
	}
	sodium_memzero(text, sizeof(text));
	return rv;
}

int
arnet_keyfile_secret_is_encrypted(const char *path)
{
	char text[ARNET_KEYFILE_MAX + 1];
	size_t len = 0;
	int rv = arnet_keyfile_read_text(path, text, sizeof(text), &len, 1,
	                                 NULL);
	int enc = rv == ARNET_OK ? arnet_seckey_file_is_encrypted(text, len)
	                         : -rv;
	if (rv == ARNET_OK && enc < 0) {
		enc = -ARNET_EKEYFILE;
	}
	sodium_memzero(text, sizeof(text));
	return enc;
}

int
arnet_keyfile_read_public(const char *path, uint8_t pk[ARNET_PUBKEY_BYTES],
                          arnet_diag *d)
{
	char text[ARNET_KEYFILE_MAX + 1];
	size_t len = 0;
	int rv = arnet_keyfile_read_text(path, text, sizeof(text), &len, 0, d);
	if (rv == ARNET_OK) {
		arnet_diag sub;
		rv = arnet_pubkey_file_parse(pk, text, len, &sub);
		if (rv != ARNET_OK) {
			arnet_diag_set(d, rv, "%s: %s", path, sub.msg);
		}
	}
	return rv;
}
