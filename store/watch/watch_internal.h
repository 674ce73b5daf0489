/*
 * watch_internal.h - what watch.c and outbox.c share inside store/watch.
 */
#ifndef ARNET_WATCH_INTERNAL_H
#define ARNET_WATCH_INTERNAL_H

#include "arnet_watch.h"

/* wt_outbox_add: a new alert enters the outbox, every target pending,
 * due at once. */
int wt_outbox_add(arnet_txn *t, uint64_t id, int64_t now, arnet_diag *d);

/* wt_alert_close: a is no longer its subject's open alert (nothing when
 * it is not). */
int wt_alert_close(arnet_txn *t, const arnet_alert *a, arnet_diag *d);

/* wt_assess_mark: alert id's effect is to be assessed (on), or is no
 * longer. */
int wt_assess_mark(arnet_txn *t, uint64_t id, int on, arnet_diag *d);

#endif
