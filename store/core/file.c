/*
 * file.c - fopen with the path and the reason in the message.
 */
#include "arnet_file.h"
#include "arnet_keyfile.h"

#include <errno.h>
#include <string.h>

int
arnet_file_open(FILE **f, const char *path, const char *mode, arnet_diag *d)
{
	if ((*f = fopen(path, mode)) == NULL) {
		int e = errno;
		return arnet_diag_set(d, arnet_err_from_errno(e), "%s: %s",
		                      path, strerror(e));
	}
	return ARNET_OK;
}
