/*
 * custcache.c - a direct-mapped cache of customers for one import.
 */
#include "import_custcache.h"
#include "import_hash.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS 16384 /* a power of two */

typedef struct slot {
	char id[ARNET_ID_MAX + 1]; /* "" when empty */
	import_cust c;
} slot;

struct import_custcache {
	slot s[SLOTS];
};

import_custcache *
import_custcache_new(void)
{
	return calloc(1, sizeof(import_custcache));
}

void
import_custcache_free(import_custcache *c)
{
	free(c);
}

static size_t
slot_of(const char *text)
{
	return (size_t)(import_hash(text, strlen(text)) & (SLOTS - 1));
}

int
import_custcache_get(import_custcache *c, arnet_txn *t, const arnet_ident *id,
                     import_cust *out, arnet_diag *d)
{
	slot *s = &c->s[slot_of(id->text)];
	if (strcmp(s->id, id->text) == 0) { /* an id is never "" */
		*out = s->c;
		return ARNET_OK;
	}
	arnet_customer cu;
	int rv = arnet_customer_get(t, id, &cu, d);
	if (rv == ARNET_OK) {
		memcpy(out->currency, cu.currency, 4);
		out->terms_days = cu.terms_days;
		s->c = *out;
		memcpy(s->id, id->text, sizeof(s->id));
	}
	return rv;
}
