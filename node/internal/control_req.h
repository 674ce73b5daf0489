/*
 * control_req.h - the control socket's requests (node/control.c), parsed
 * and validated with no node at hand, so that a fuzzer and unit tests can
 * take them apart the way arnetd does.
 *
 * A request is one JSON object, the whole of one message on the socket
 * (the CLI sends it without a terminating NUL):
 *   {"op": "status"}
 *   {"op": "sync"}
 *   {"op": "announce", "hash": H}        H: 64 hex digits (either case)
 *   {"op": "survey", "subject": ID}      ID: arnet_ident_parse's input
 *   {"op": "survey", "subject": ID, "timeout_ms": MS}
 *                                        MS: an integer, 100..60000
 * Refused: more than CONTROL_REQ_MAX bytes; a control character other
 * than JSON's white space anywhere (a NUL included: the length is the
 * message's); "\u0000" in a string; anything but white space after the
 * object; a value that is not an object; an op that is missing, not a
 * string or unknown; a field the op does not take (so a misspelt
 * "timeout" is not silently the default) or given twice; each field's
 * value outside the rules above.
 */
#ifndef CONTROL_REQ_H
#define CONTROL_REQ_H

#include "arnet_err.h"
#include "arnet_ident.h"
#include "arnet_keys.h"

#include <stddef.h>
#include <stdint.h>

/* The largest request: the socket's NNG_OPT_RECVMAXSZ (control.c). */
#define CONTROL_REQ_MAX 65536
/* The survey deadline a request may ask for, as `arnet check` allows. */
#define CONTROL_TIMEOUT_MIN_MS 100
#define CONTROL_TIMEOUT_MAX_MS 60000

typedef enum control_op {
	CONTROL_STATUS = 1,
	CONTROL_SYNC,
	CONTROL_ANNOUNCE,
	CONTROL_SURVEY,
} control_op;

typedef struct control_request {
	control_op op;
	uint8_t hash[ARNET_HASH_BYTES]; /* announce: the record's hash */
	arnet_ident subject;            /* survey: canonical form */
	int timeout_ms; /* survey: 0 when not given (the node's default) */
} control_request;

/*
 * control_request_parse: parse and validate the request in text[0..len)
 * (need not be NUL-terminated; may hold any bytes). Fields an op does not
 * take are zero in *out.
 *
 * Returns ARNET_OK and fills *out, or:
 *   ARNET_ETOOBIG    len > CONTROL_REQ_MAX;
 *   ARNET_ESYNTAX    not JSON, a control character (diag offset: where
 *                    it stops being JSON),
 *                    not an object, op missing or not a string, unknown
 *                    op, a field the op does not take or given twice, a
 *                    field missing or of the wrong type, a hash that is
 *                    not 64 hex digits, a string holding \u0000;
 *   ARNET_ESYNTAX, ARNET_ECHECK, ARNET_ETOOBIG
 *                    from arnet_ident_parse: the subject is not an
 *                    identifier (diag: "subject": and the reason);
 *   ARNET_ETRAILING  bytes other than white space after the object
 *                    (diag offset: the first of them);
 *   ARNET_ERANGE     timeout_ms not an integer in
 *                    CONTROL_TIMEOUT_MIN_MS..CONTROL_TIMEOUT_MAX_MS;
 *   ARNET_ENOMEM     out of memory.
 * On error *out is unspecified and diag (may be NULL) names the field at
 * fault, as `"hash": ...`; the messages are fit for the reply's "error".
 * Thread-safe (no globals; cJSON's error pointer is not used).
 */
int control_request_parse(control_request *out, const char *text, size_t len,
                          arnet_diag *diag) __attribute__((warn_unused_result));

#endif /* CONTROL_REQ_H */
