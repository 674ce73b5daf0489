/*
 * peers_test.c - a node follows every member a roster names, however
 * many: no cap of its own below the roster's (arnet 8bed2a4 stopped at
 * 256 peers, so the 260th member's records never reached the others),
 * and members that are down cost bounded descriptors.
 *
 * An association of 300 members that run no node (their ipc:// endpoints
 * do not exist) and two nodes, whose certificates come last in the
 * roster (serials 301 and 302).
 */
#include "assoc_fixture.h"
#include "node_internal.h"
#include "sync_client.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define AUTHORS 300

static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	if (d == NULL) {
		return -1;
	}
	while (readdir(d) != NULL) {
		n++;
	}
	closedir(d);
	return n;
}

static int
peers_of(arnet_node *n)
{
	return sync_client_peers(n, NULL, NULL);
}

static void
every_member_is_a_peer(void **state)
{
	(void)state;
	assoc a;
	assoc_recs r;
	node_log_level(NODE_LOG_ERROR);
	assoc_make(&a, NULL, AUTHORS, 2);
	assoc_sign_feeds(&a, &r, AUTHORS, 10);
	arnet_node *n0 = assoc_start_node(&a, 0);
	arnet_node *n1 = assoc_start_node(&a, 1);
	/* Node 1 (serial 302) is a peer; the 300 members that are down on
	 * ipc:// endpoints are probed each round, not dialled. */
	for (int i = 0; i < 100 && peers_of(n0) < 1; i++) {
		usleep(50 * 1000);
	}
	assert_int_equal(peers_of(n0), 1);
	pthread_mutex_lock(&n0->mu);
	int subs = n0->sub_dials.n;
	pthread_mutex_unlock(&n0->mu);
	assert_int_equal(subs, 1);

	/* A record stored at node 1 reaches node 0 (a hint on PUB/SUB, or
	 * sync): node 1 is one of the 300-odd peers, not cut off. */
	size_t len = r.len[0];
	assert_int_equal(ingest_push(n1, r.b + r.off[0], len), 0);
	ingest_drain(n1);
	assert_int_equal(assoc_head_seq(n1, a.pk[0]), 1);
	for (int i = 0; i < 300 && assoc_head_seq(n0, a.pk[0]) < 1; i++) {
		usleep(100 * 1000);
	}
	assert_int_equal(assoc_head_seq(n0, a.pk[0]), 1);

	/* 600 dialers of members that are down (SUB and REQ, both nodes)
	 * hold no descriptor for long: the count does not climb. */
	int before = open_fds();
	sleep(5);
	int after = open_fds();
	assert_true(before > 0);
	assert_true(after - before < 50);

	arnet_node_stop(n1);
	arnet_node_stop(n0);
	assoc_recs_free(&r);
	assoc_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_member_is_a_peer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
