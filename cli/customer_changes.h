/*
 * customer_changes.h - the changes to a customer's record
 * (arnet_cust_changes.h) as `customer show` prints them: read inside the
 * show's transaction, printed after it as text or JSON.
 */
#ifndef ARNET_CLI_CUSTOMER_CHANGES_H
#define ARNET_CLI_CUSTOMER_CHANGES_H

#include "arnet_cust_changes.h"
#include "cli.h"

typedef struct cli_changes {
	arnet_cust_change *v; /* written on or before the as-of day */
	size_t n, cap;
} cli_changes;

/* cli_changes_read: customer id's changes written on or before day
 * as_of (UTC), oldest first, into *out (zeroed first). */
int cli_changes_read(arnet_txn *t, const arnet_ident *id, int32_t as_of,
                     cli_changes *out, arnet_diag *diag);
void cli_changes_free(cli_changes *c);

/* The text block ("changes to the record:" and a line each; in Chinese
 * when zh), or nothing when there are none. */
void cli_changes_print(const cli_changes *c, int zh);

/* [{seq, date, time, kind, old, new, currency, text}]: old and new are
 * minor units of currency for a limit (null: no limit), days for terms,
 * the grade's letter (null: none), the status's name, false/true for
 * individual; absent for the kinds that carry text. */
cJSON *cli_changes_json(const cli_changes *c);

#endif
