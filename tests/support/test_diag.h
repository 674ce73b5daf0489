/*
 * test_diag.h - that a refusal's message says what it should (tests
 * only; include after cmocka.h).
 */
#ifndef ARNET_TEST_DIAG_H
#define ARNET_TEST_DIAG_H

#include "arnet_err.h"

#include <string.h>

/* Fail the test unless d's message contains says; input names what was
 * refused, for the failure message. */
static inline void
test_says(const arnet_diag *d, const char *says, const char *input)
{
	if (strstr(d->msg, says) == NULL) {
		fail_msg("%s: \"%s\" does not say \"%s\"", input, d->msg, says);
	}
}

#endif
