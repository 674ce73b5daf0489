/*
 * bulk_feed.c - append N records to a member node's own feed, fast, for
 * the integration tests (a running arnetd shares the store: LMDB lets one
 * process write at a time).
 *
 *   bulk_feed DATA_DIR N [SUBJECTS]
 *
 * Signs N CREDIT_STOP records about local:BULK-1 ... (round-robin over
 * SUBJECTS of them when given, else each its own) with the member key
 * named in DATA_DIR/arnet.conf, 1,000 per transaction, under the roster
 * kept in the store.
 */
#include "arnet_config.h"
#include "arnet_keyfile.h"
#include "arnet_log.h"
#include "arnet_roster_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct job {
	const uint8_t *sk;
	int from, to;
	int subjects; /* 0: one per record */
} job;

static int
append_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	job *j = arg;
	arnet_roster r;
	int rv = arnet_roster_current(t, &r, NULL, NULL, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	for (int i = j->from; i < j->to && rv == ARNET_OK; i++) {
		arnet_record rec;
		uint8_t out[ARNET_RECORD_MAX];
		size_t len;
		char id[40];
		arnet_record_init(&rec, ARNET_REC_CREDIT_STOP);
		rec.created = (int64_t)time(NULL);
		rec.u.stop.reason = ARNET_REASON_OTHER;
		snprintf(id, sizeof(id), "local:BULK-%d",
		         (j->subjects ? i % j->subjects : i) + 1);
		rv = arnet_ident_parse(&rec.subject, id, d);
		if (rv == ARNET_OK) {
			rv = arnet_log_append_own(t, &rec, j->sk, &r, out, &len,
			                          d);
		}
	}
	arnet_roster_free(&r);
	return rv;
}

int
main(int argc, char **argv)
{
	char conf[1200], key[1300];
	arnet_config cfg;
	arnet_store *s;
	arnet_diag d;
	uint8_t sk[64];
	if ((argc != 3 && argc != 4) || arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr, "usage: bulk_feed DATA_DIR N [SUBJECTS]\n");
		return 2;
	}
	int n = atoi(argv[2]), subjects = argc == 4 ? atoi(argv[3]) : 0;
	snprintf(conf, sizeof(conf), "%s/arnet.conf", argv[1]);
	if (arnet_config_load(&cfg, conf, &d) != ARNET_OK) {
		fprintf(stderr, "bulk_feed: %s\n", d.msg);
		return 1;
	}
	snprintf(key, sizeof(key), "%s/%s", argv[1], cfg.key_file);
	if (arnet_keyfile_read_secret(key, sk, NULL, 0, &d) != ARNET_OK ||
	    arnet_store_open(&s, argv[1], 0, &d) != ARNET_OK) {
		fprintf(stderr, "bulk_feed: %s\n", d.msg);
		return 1;
	}
	for (int from = 0; from < n; from += 1000) {
		job j = {sk, from, from + 1000 < n ? from + 1000 : n, subjects};
		if (arnet_store_write(s, append_txn, &j, 0, &d) != ARNET_OK) {
			fprintf(stderr, "bulk_feed: %s\n", d.msg);
			return 1;
		}
	}
	arnet_store_close(s);
	printf("%d records appended\n", n);
	return 0;
}
