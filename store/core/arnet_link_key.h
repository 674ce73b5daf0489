/*
 * arnet_link_key.h - the member's TLS link key and certificate.
 *
 * Every link between members is TLS 1.2 over nng's tls+tcp:// transport
 * (docs/protocol.md, "Links"). Each member holds an ECDSA P-256 key
 * (mbedTLS, which Debian's nng uses, has no Ed25519 certificates) and a
 * self-signed X.509 v3 certificate for it; the association's
 * administrator copies that certificate, byte for byte, into the
 * member's roster certificate (version 2), so the roster the root signs
 * is what pins it: a link is accepted only with a certificate the
 * roster in force names.
 *
 * The files live in the data directory: `link.key` (PEM, mode 0600,
 * not encrypted: the node must start unattended; guard it as a web
 * server's TLS key) and `link.crt` (PEM, 0644). The X.509 validity is
 * wide on purpose (from the day before creation to 2049-12-31): the
 * roster certificate's not_before / not_after are what bound a
 * member's links, and a revocation removes the pin.
 */
#ifndef ARNET_LINK_KEY_H
#define ARNET_LINK_KEY_H

#include "arnet_err.h"
#include "arnet_member.h"

#include <stddef.h>
#include <stdint.h>

#define ARNET_LINK_KEY_FILE  "link.key"
#define ARNET_LINK_CERT_FILE "link.crt"
/* The server name every link certificate carries (its CN) and every
 * dialer asks for; the pin, not the name, is what authenticates. */
#define ARNET_LINK_NAME "arnet-link"
/* PEM text of one link certificate or key: at most this many bytes
 * (with its NUL). */
#define ARNET_LINK_PEM_MAX 1400

/*
 * arnet_link_key_create: make a new P-256 key and its self-signed
 * certificate (random serial, CN=arnet-link, a random serialNumber in
 * the subject so that no two members' certificates share a name), and
 * write them to the new files key_path (0600) and crt_path (0644); now
 * is the creation time (UTC seconds). Refuses with ARNET_EEXIST when
 * either file exists (nothing is changed); on any error neither file is
 * left behind. ARNET_ECRYPTO when mbedTLS fails.
 */
int arnet_link_key_create(const char *key_path, const char *crt_path,
                          int64_t now, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_link_cert_read: the certificate in the PEM file at path, as DER
 * into der (cap >= ARNET_LINK_CERT_MAX), checked as
 * arnet_link_cert_check does. diag names the path.
 */
int arnet_link_cert_read(const char *path, uint8_t *der, size_t cap,
                         size_t *len, arnet_diag *diag)
        __attribute__((warn_unused_result));

/*
 * arnet_link_cert_check: der is one X.509 certificate of at most
 * ARNET_LINK_CERT_MAX bytes, with an ECDSA P-256 key, self-signed (its
 * own key verifies it) and valid at `now`. ARNET_ESYNTAX when it does
 * not parse, ARNET_ESIG when the signature fails, ARNET_ERANGE when it
 * is not valid at now, ARNET_ETYPE for another kind of key.
 */
int arnet_link_cert_check(const uint8_t *der, size_t len, int64_t now,
                          arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_link_cert_pem: der as PEM text ("-----BEGIN CERTIFICATE-----"),
 * NUL-terminated, into pem (cap >= ARNET_LINK_PEM_MAX).
 */
int arnet_link_cert_pem(const uint8_t *der, size_t len, char *pem, size_t cap,
                        arnet_diag *diag) __attribute__((warn_unused_result));

/* arnet_link_cert_fingerprint: "sha256:" and the 64 hex digits of the
 * SHA-256 of der, NUL-terminated: what a member reads out to the
 * administrator so both know the certificate enrolled is the one made. */
#define ARNET_LINK_FPR_LEN (7 + 64)
void arnet_link_cert_fingerprint(char out[ARNET_LINK_FPR_LEN + 1],
                                 const uint8_t *der, size_t len);

/*
 * arnet_link_key_load: the node's own link key and certificate, from
 * the files in data_dir, as NUL-terminated PEM (key_pem is secret: the
 * caller wipes it with sodium_memzero when done) and the certificate's
 * DER. Refuses a key file others may read (ARNET_EPERM), a certificate
 * that fails arnet_link_cert_check, and a key that is not the
 * certificate's (ARNET_ECONFLICT). ARNET_ENOTFOUND when there is no
 * link key (a data directory made before links were encrypted: `arnet
 * init --link-key` makes one).
 */
int arnet_link_key_load(const char *data_dir, char *key_pem, size_t key_cap,
                        char *crt_pem, size_t crt_cap, uint8_t *der,
                        size_t der_cap, size_t *der_len, int64_t now,
                        arnet_diag *diag) __attribute__((warn_unused_result));

#endif /* ARNET_LINK_KEY_H */
