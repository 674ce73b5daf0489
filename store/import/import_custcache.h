/*
 * import_custcache.h - the customers an invoices or payments file names,
 * read once (private to store/import).
 *
 * A file of a million invoices names a few thousand customers; each row
 * needs to know its customer is in the books, and its currency and terms.
 * The cache keeps those of the last customer read in each of its 16384
 * slots (direct-mapped by the id's hash; about 1.6 MiB), so most rows
 * skip the B-tree search and the decoding of the whole customer. It is valid
 * for one transaction that does not change customers (an invoices or payments
 * import: the customers file does not use it). Not thread-safe.
 */
#ifndef ARNET_IMPORT_CUSTCACHE_H
#define ARNET_IMPORT_CUSTCACHE_H

#include "arnet_books.h"

typedef struct import_cust {
	char currency[4];
	uint16_t terms_days;
} import_cust;

typedef struct import_custcache import_custcache;

/* An empty cache; NULL when out of memory. */
import_custcache *import_custcache_new(void);
void import_custcache_free(import_custcache *c);

/*
 * import_custcache_get: what a row needs of customer id, from the cache
 * or from t (arnet_customer_get, then kept). Errors as
 * arnet_customer_get's.
 */
int import_custcache_get(import_custcache *c, arnet_txn *t,
                         const arnet_ident *id, import_cust *out,
                         arnet_diag *diag) __attribute__((warn_unused_result));

#endif /* ARNET_IMPORT_CUSTCACHE_H */
