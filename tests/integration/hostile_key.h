/*
 * hostile_key.h - the key a hostile tool (hostile_asker, hostile_peer)
 * signs with: a member's, read from its key file, or, when none is
 * given, a fresh one that no roster holds (an outsider).
 */
#ifndef ARNET_HOSTILE_KEY_H
#define ARNET_HOSTILE_KEY_H

#include "arnet_keyfile.h"
#include "arnet_proto.h"

#include <stdio.h>

/* Fills sk from keyfile (an unencrypted secret key file), or with a
 * fresh key when keyfile is NULL. -1, said on stderr after "prog: ",
 * when the file cannot be read. */
static inline int
hostile_key(uint8_t sk[ARNET_SECKEY_BYTES], const char *keyfile,
            const char *prog)
{
	if (keyfile == NULL) {
		uint8_t pk[ARNET_PUBKEY_BYTES];
		(void)arnet_keypair(pk, sk);
		return 0;
	}
	arnet_diag d;
	if (arnet_keyfile_read_secret(keyfile, sk, NULL, 0, &d) != ARNET_OK) {
		fprintf(stderr, "%s: %s\n", prog, d.msg);
		return -1;
	}
	return 0;
}

#endif
