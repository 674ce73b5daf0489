/*
 * arnet_file.h - opening a file the user named, with the error they need.
 */
#ifndef ARNET_FILE_H
#define ARNET_FILE_H

#include "arnet_err.h"

#include <stdio.h>

/*
 * arnet_file_open: fopen(path, mode) into *f. Returns ARNET_OK, or the
 * arnet_err of errno (ARNET_ENOTFOUND, ARNET_EPERM, ARNET_EIO, ...; see
 * arnet_err_from_errno) with diag "PATH: strerror". The caller closes *f.
 */
int arnet_file_open(FILE **f, const char *path, const char *mode,
                    arnet_diag *diag) __attribute__((warn_unused_result));

#endif /* ARNET_FILE_H */
