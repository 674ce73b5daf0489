/*
 * test_says.h - what a refusal's diagnostic must say (tests only; include
 * after cmocka.h): every hostile-input test checks the message names what
 * is wrong, and fails naming the input when it does not.
 */
#ifndef ARNET_TEST_SAYS_H
#define ARNET_TEST_SAYS_H

#include <string.h>

/* Fail the test unless msg contains says (NULL: anything goes); input
 * names what was refused, in the failure. */
static inline void
test_says(const char *input, const char *msg, const char *says)
{
	if (says != NULL && strstr(msg, says) == NULL) {
		fail_msg("%s: \"%s\" does not say \"%s\"", input, msg, says);
	}
}

#endif
