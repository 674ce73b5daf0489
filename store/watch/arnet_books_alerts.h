/*
 * arnet_books_alerts.h - the firm's own books in the alert stream: an
 * invoice reaching a stage of the dunning ladder, a payment promise
 * broken, a customer's exposure reaching the limit warning
 * ([books] warn_percent). Each trigger raises one alert once (the
 * `triggers` table remembers it); the limit warning is raised again
 * after the exposure fell back below it.
 */
#ifndef ARNET_BOOKS_ALERTS_H
#define ARNET_BOOKS_ALERTS_H

#include "arnet_check.h"
#include "arnet_watch.h"

/*
 * arnet_books_alerts_scan: look at the books as of the end of as_of
 * (the dunning queue; every customer with a limit, through the order
 * check's exposure, without the shared log) and raise the alerts not
 * raised yet, at now. *raised (may be NULL) gets how many. In the
 * caller's write transaction. ARNET_OK or a store error.
 */
int arnet_books_alerts_scan(arnet_txn *t, int32_t as_of,
                            const arnet_check_policy *pol, int64_t now,
                            size_t *raised, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif
