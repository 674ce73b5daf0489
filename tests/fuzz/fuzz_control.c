/*
 * fuzz_control.c - libFuzzer harness for the control socket's requests
 * (node/control_req.c), taken as arnetd's control thread takes a message
 * body: any bytes, no NUL after them. Every refusal must say why, and an
 * accepted request must hold what its op needs.
 */
#include "control_req.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	control_request q;
	arnet_diag d;
	int rv = control_request_parse(&q, (const char *)data, size, &d);
	if (rv != ARNET_OK) {
		if (d.msg[0] == '\0' ||
		    rv != control_request_parse(&q, (const char *)data, size,
		                                NULL)) {
			abort();
		}
		return 0;
	}
	switch (q.op) {
	case CONTROL_STATUS:
	case CONTROL_SYNC:
	case CONTROL_ANNOUNCE:
		break;
	case CONTROL_SURVEY:
		/* A canonical subject, a deadline the node can honour. */
		if (strlen(q.subject.text) == 0 ||
		    (q.timeout_ms != 0 &&
		     (q.timeout_ms < CONTROL_TIMEOUT_MIN_MS ||
		      q.timeout_ms > CONTROL_TIMEOUT_MAX_MS))) {
			abort();
		}
		break;
	default:
		abort();
	}
	return 0;
}
