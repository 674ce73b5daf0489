/*
 * letter.h - dunning letters: the text of each stage of the ladder, and
 * filling in an invoice's figures (cli/letter.c).
 */
#ifndef ARNET_CLI_LETTER_H
#define ARNET_CLI_LETTER_H

#include "arnet_policy.h"

#include <stddef.h>
#include <stdio.h>

/* A field of a template: {name} is replaced by value. */
typedef struct letter_field {
	const char *name;
	const char *value;
} letter_field;

/* The template of a stage (chinese: 1 for zh, 0 for en); NULL when the
 * stage is unknown. Fields: customer, invoice, order, issued, due,
 * amount, outstanding, currency, days, fee, rate, firm, date. */
const char *letter_template(int stage, int chinese);

/* Write tmpl to out with every {name} of fields replaced. */
void letter_render(FILE *out, const char *tmpl, const letter_field *fields,
                   size_t n);

#endif
