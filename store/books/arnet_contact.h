/*
 * arnet_contact.h - how to reach a customer: its address, the contact
 * person, telephone, the head of its finance department (财务负责人, whom
 * a formal dunning letter is copied to) and e-mail.
 *
 * Kept beside the customer, not in it: a record of its own (docs/
 * storage.md, `meta` `contact` 0 id), so that the customer's stored form
 * and every report that walks the customers stay as they are. The
 * statement (对账单) and the dunning letters print it.
 *
 * Text fields are strict UTF-8 without control characters, with no space
 * at either end; "" is "not known". Functions work inside the caller's
 * transaction.
 */
#ifndef ARNET_CONTACT_H
#define ARNET_CONTACT_H

#include "arnet_books.h"

#define ARNET_CONTACT_ADDRESS_MAX 200 /* bytes of UTF-8 */
#define ARNET_CONTACT_NAME_MAX    100 /* person, finance head */
#define ARNET_CONTACT_PHONE_MAX   64
#define ARNET_CONTACT_EMAIL_MAX   254 /* RFC 5321's path limit */

typedef struct arnet_contact {
	char address[ARNET_CONTACT_ADDRESS_MAX + 1];
	char person[ARNET_CONTACT_NAME_MAX + 1];
	char phone[ARNET_CONTACT_PHONE_MAX + 1];
	char finance_head[ARNET_CONTACT_NAME_MAX + 1];
	char email[ARNET_CONTACT_EMAIL_MAX + 1];
} arnet_contact;

/* The fields of a contact, for callers that treat them alike (options,
 * import columns, JSON): name as in docs/cli.md ("finance_head"), where
 * in the struct, its capacity. */
typedef struct arnet_contact_field {
	const char *name;
	size_t offset, cap;
} arnet_contact_field;
extern const arnet_contact_field arnet_contact_fields[];
#define ARNET_CONTACT_NFIELDS 5

/* arnet_contact_text: the field f of c (a pointer into c). */
char *arnet_contact_text(arnet_contact *c, const arnet_contact_field *f);
const char *arnet_contact_ctext(const arnet_contact *c,
                                const arnet_contact_field *f);

/* arnet_contact_set: field f of c set to v (copied). ARNET_OK, or
 * ARNET_ETOOBIG (diag names the field and its limit; c unchanged), so
 * that nothing a person typed is cut short silently. */
int arnet_contact_set(arnet_contact *c, const arnet_contact_field *f,
                      const char *v, arnet_diag *diag)
        __attribute__((warn_unused_result));

/* arnet_contact_empty: 1 when no field is set. */
int arnet_contact_empty(const arnet_contact *c);

/*
 * arnet_contact_get: the contact data of customer id into *out; every
 * field "" when none is stored (the customer itself is not looked up).
 * ARNET_OK, ARNET_ESTORE (a corrupt value, diag names the customer).
 */
int arnet_contact_get(arnet_txn *t, const arnet_ident *id, arnet_contact *out,
                      arnet_diag *diag) __attribute__((warn_unused_result));

/*
 * arnet_contact_put: store c as the contact data of customer id,
 * replacing what was there (all fields "": the record is removed). *res
 * (may be NULL) says whether it was added, updated or unchanged.
 * ARNET_OK; ARNET_ENOTFOUND (no such customer); ARNET_ETOOBIG,
 * ARNET_ESYNTAX (diag names the field: not UTF-8 text, a control
 * character, a space at an end, an e-mail address that is not
 * local@domain); ARNET_ESTORE.
 */
int arnet_contact_put(arnet_txn *t, const arnet_ident *id,
                      const arnet_contact *c, arnet_put_result *res,
                      arnet_diag *diag) __attribute__((warn_unused_result));

#endif
