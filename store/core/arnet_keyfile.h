/*
 * arnet_keyfile.h - key files on disk.
 *
 * proto/ defines the text of key files (arnet_keys.h); this is the I/O:
 * secret key files are created with O_EXCL | O_NOFOLLOW and mode 0600,
 * written whole and fsync'd, and removed again if anything fails, so a
 * half-written key never stays behind; an existing file is never
 * overwritten. Every buffer that held secret text is wiped.
 */
#ifndef ARNET_KEYFILE_H
#define ARNET_KEYFILE_H

#include "arnet_keys.h"

/*
 * arnet_keyfile_write_secret: write sk to a new file at path (see
 * arnet_seckey_file_format for pass, kdf and comment). Returns ARNET_OK;
 * ARNET_EEXIST (path exists: nothing was changed); ARNET_EIO, ARNET_EPERM,
 * ARNET_ENOTFOUND (directory missing); ARNET_EINVAL; ARNET_ENOMEM. diag
 * names the path and the system error.
 */
int arnet_keyfile_write_secret(const char *path,
                               const uint8_t sk[ARNET_SECKEY_BYTES],
                               const char *pass, size_t pass_len,
                               const arnet_kdf_params *kdf, const char *comment,
                               arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_keyfile_write_public: the same for a public key file, mode 0644. */
int arnet_keyfile_write_public(const char *path,
                               const uint8_t pk[ARNET_PUBKEY_BYTES],
                               const char *comment, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_keyfile_read_secret: read and (with pass) decrypt the secret key
 * file at path into sk. Refuses with ARNET_EPERM a file that group or
 * others may read or write, as ssh does. Other errors as
 * arnet_seckey_file_parse, plus ARNET_ENOTFOUND and ARNET_EIO. On error sk
 * is zeroed.
 */
int arnet_keyfile_read_secret(const char *path, uint8_t sk[ARNET_SECKEY_BYTES],
                              const char *pass, size_t pass_len,
                              arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_keyfile_secret_is_encrypted: 1 when the secret key file at path is
 * encrypted, 0 when not, or a negated arnet_err (-ARNET_ENOTFOUND, ...).
 */
int arnet_keyfile_secret_is_encrypted(const char *path);

/* arnet_keyfile_read_public: the public key in the file at path. */
int arnet_keyfile_read_public(const char *path, uint8_t pk[ARNET_PUBKEY_BYTES],
                              arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_keyfile_write_new: the text of len bytes as the new file path
 * with mode (0600 for secrets), as the key files above are written:
 * O_EXCL | O_NOFOLLOW, written whole, fsync'd, removed if anything
 * fails. Errors as arnet_keyfile_write_secret.
 */
int arnet_keyfile_write_new(const char *path, const char *text, size_t len,
                            unsigned mode, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_keyfile_read_text: the whole of the small regular file at path
 * into buf (cap bytes; a file of cap bytes or more is refused with
 * ARNET_EKEYFILE), its length in *len (not NUL-terminated). With secret,
 * a file group or others may read or write is refused (ARNET_EPERM).
 */
int arnet_keyfile_read_text(const char *path, char *buf, size_t cap,
                            size_t *len, int secret, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_err_from_errno: the arnet_err for an errno value. */
int arnet_err_from_errno(int e);

#endif
