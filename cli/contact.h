/*
 * contact.h - a customer's contact data on the command line: `arnet
 * customer contact`, and the contact block that `customer show`, the
 * statement and the letters print (cli/contact.c).
 */
#ifndef ARNET_CLI_CONTACT_H
#define ARNET_CLI_CONTACT_H

#include "arnet_contact.h"
#include "cli.h"

/* `arnet customer contact ID [--address A] [--person P] [--phone T]
 * [--finance-head F] [--email E]`: set the fields given (one write
 * transaction; "" clears one), or show them when none is. */
int customer_contact(cli_ctx *ctx, int argc, char **argv);

/* The label of field i of arnet_contact_fields, in Chinese (zh) or
 * English: "联系人" / "contact person". */
const char *cli_contact_label(int i, int zh);

/* c as JSON: {address, person, phone, finance_head, email}, "" for what
 * is not known. The caller owns it. */
cJSON *cli_contact_json(const arnet_contact *c);

/* The fields of c that are known, one a line: indent, the label padded
 * to `width` columns, the value. Nothing when none is. */
void cli_contact_print(const arnet_contact *c, const char *indent, int width,
                       int zh);

/* The same in a document sent to the customer (statement, letter):
 * "联系人：王经理" or "Attn.: 王经理", one a line, to f. */
void cli_contact_print_doc(FILE *f, const arnet_contact *c, int zh);

#endif
