/*
 * assoc_fixture.h - an association in a temporary directory, for tests
 * and benchmarks that run nodes in one process (tests only).
 *
 * A root key; `authors` member keys that sign records but run no node;
 * `nodes` member keys, each with a node directory (key file, arnet.conf,
 * a store holding the roster). Every member has ipc:// endpoints under
 * the directory (DIR/aN.pub, DIR/nN.sync, ...), one roster signed by the
 * root names them all. Feeds of records by the authors are signed in
 * advance. Every function here exits the process with a message on
 * failure: a fixture that cannot be built is not a test result.
 */
#ifndef ARNET_ASSOC_FIXTURE_H
#define ARNET_ASSOC_FIXTURE_H

#include "arnet_member.h"
#include "arnet_node.h"

#include <stddef.h>
#include <stdint.h>

#define ASSOC_MAX 320 /* authors + nodes */

/* How the nodes' links are made (assoc.links, set before assoc_make or
 * by assoc_make_links): ipc:// endpoints in the directory (the default),
 * tcp:// or TLS (tls+tcp://, each node with a link key and its
 * certificate pinned in the roster) on free 127.0.0.1 ports. Authors
 * keep ipc:// endpoints: they run no node. */
enum { ASSOC_IPC = 0, ASSOC_TCP, ASSOC_TLS };

typedef struct assoc {
	char dir[200];
	int links;    /* ASSOC_IPC, ASSOC_TCP, ASSOC_TLS */
	int made_dir; /* assoc_free removes the directory */
	int authors, nodes;
	int64_t now; /* the time the roster and records are made for */
	uint8_t root_pk[32], root_sk[64];
	uint8_t pk[ASSOC_MAX][32], sk[ASSOC_MAX][64]; /* authors, then nodes */
	uint8_t *roster_bytes;
	size_t roster_len;
	arnet_roster roster; /* opened: certificates in serial order */
} assoc;

/*
 * assoc_make: keys, certificates and the roster. dir NULL: a new
 * directory under /tmp (assoc_remove deletes it); else dir, created if
 * needed. Authors are local:AUTHOR-i, nodes local:NODE-k.
 */
void assoc_make(assoc *a, const char *dir, int authors, int nodes);
/* The same with the nodes' links made as `links` says. */
void assoc_make_links(assoc *a, const char *dir, int authors, int nodes,
                      int links);
/* Free the roster; remove the directory if assoc_make created it. */
void assoc_free(assoc *a);

/* Key of author i, of node k. */
const uint8_t *assoc_author_sk(const assoc *a, int i);
const uint8_t *assoc_node_sk(const assoc *a, int k);

/*
 * assoc_node_dir: the path of node k's directory, made on the first call
 * (key file, arnet.conf with `extra` appended under [node], a store
 * holding the roster). The config logs errors only.
 */
void assoc_node_dir(assoc *a, int k, const char *extra, char *path, size_t cap);
/* assoc_start_node: start node k in this process (its directory made
 * with no extra configuration if needed). */
arnet_node *assoc_start_node(assoc *a, int k);

/* assoc_head_seq: the seq of the author's head in node n's log (0 when
 * none); exits on a store error. */
uint64_t assoc_head_seq(arnet_node *n, const uint8_t author[32]);

/* Signed records: record i at b + off[i], len[i] bytes. */
typedef struct assoc_recs {
	uint8_t *b;
	size_t *off, *len;
	size_t n;
} assoc_recs;

/*
 * assoc_sign_feeds: n records round-robin over the authors (each feed in
 * seq order, chained), about `subjects` subjects local:S-j; every third
 * a DEFAULT of 1000.00-1049.99 CNY, the others CREDIT_STOPs. Signed on
 * two threads.
 */
void assoc_sign_feeds(assoc *a, assoc_recs *r, size_t n, size_t subjects);
void assoc_recs_free(assoc_recs *r);

#endif
