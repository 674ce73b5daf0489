/*
 * assoc_fixture.c - an association in a temporary directory (see
 * assoc_fixture.h).
 */
#include "assoc_fixture.h"

#include "arnet_config.h"
#include "node_internal.h"
#include "arnet_keyfile.h"
#include "arnet_link_key.h"
#include "arnet_record.h"
#include "arnet_roster_store.h"
#include "arnet_store.h"
#include "txn_fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void __attribute__((noreturn)) die(const char *what, const char *msg)
{
	fprintf(stderr, "assoc_fixture: %s: %s\n", what, msg);
	exit(1);
}

/* A free TCP port on 127.0.0.1 (bound and let go: a test's own ports). */
static int
free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
		die("free port", strerror(errno));
	}
	close(fd);
	return ntohs(sa.sin_port);
}

/* Node k's directory, and for TLS its link key and certificate (read
 * into c). */
static void
node_links(const assoc *a, int k, arnet_cert *c)
{
	char dir[300], key[400], crt[400];
	arnet_diag d;
	size_t n = 0;
	snprintf(dir, sizeof(dir), "%s/node%d", a->dir, k);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		die(dir, strerror(errno));
	}
	snprintf(key, sizeof(key), "%s/" ARNET_LINK_KEY_FILE, dir);
	snprintf(crt, sizeof(crt), "%s/" ARNET_LINK_CERT_FILE, dir);
	if ((access(crt, F_OK) != 0 &&
	     arnet_link_key_create(key, crt, a->now, &d) != ARNET_OK) ||
	    arnet_link_cert_read(crt, c->link, sizeof(c->link), &n, &d) !=
	            ARNET_OK) {
		die(crt, d.msg);
	}
	c->link_len = (uint16_t)n;
	c->version = ARNET_CERT_VERSION_LINK;
}

static void
cert_for(const assoc *a, arnet_cert *c, int i, const char *id, const char *ep)
{
	arnet_diag d;
	uint8_t buf[ARNET_CERT_MAX];
	size_t n;
	memset(c, 0, sizeof(*c));
	c->version = ARNET_CERT_VERSION;
	c->serial = (uint64_t)i + 1;
	if (arnet_ident_parse(&c->member_id, id, &d) != ARNET_OK) {
		die("id", d.msg);
	}
	snprintf(c->name, sizeof(c->name), "%s", id);
	memcpy(c->key, a->pk[i], 32);
	if (i >= a->authors && a->links != ASSOC_IPC) {
		const char *scheme = a->links == ASSOC_TLS ? "tls+tcp" : "tcp";
		if (a->links == ASSOC_TLS) {
			node_links(a, i - a->authors, c);
		}
		snprintf(c->pub_url, sizeof(c->pub_url), "%s://127.0.0.1:%d",
		         scheme, free_port());
		snprintf(c->sync_url, sizeof(c->sync_url), "%s://127.0.0.1:%d",
		         scheme, free_port());
		snprintf(c->survey_url, sizeof(c->survey_url),
		         "%s://127.0.0.1:%d", scheme, free_port());
	} else {
		snprintf(c->pub_url, sizeof(c->pub_url), "ipc://%s/%s.pub",
		         a->dir, ep);
		snprintf(c->sync_url, sizeof(c->sync_url), "ipc://%s/%s.sync",
		         a->dir, ep);
		snprintf(c->survey_url, sizeof(c->survey_url),
		         "ipc://%s/%s.svy", a->dir, ep);
	}
	c->not_before = a->now - 30 * 86400;
	c->not_after = a->now + 365 * 86400;
	if (arnet_cert_sign(buf, sizeof(buf), &n, c, a->root_sk, &d) !=
	    ARNET_OK) {
		die("cert", d.msg);
	}
}

void
assoc_make(assoc *a, const char *dir, int authors, int nodes)
{
	assoc_make_links(a, dir, authors, nodes, ASSOC_IPC);
}

void
assoc_make_links(assoc *a, const char *dir, int authors, int nodes, int links)
{
	static arnet_cert certs[ASSOC_MAX]; /* 320 x 1.5 kB: not the stack */
	char id[40], ep[16];
	arnet_diag d;
	memset(a, 0, sizeof(*a));
	a->links = links;
	if (authors < 0 || nodes < 0 || authors + nodes > ASSOC_MAX) {
		die("assoc_make", "too many members");
	}
	a->authors = authors;
	a->nodes = nodes;
	a->now = (int64_t)time(NULL);
	a->made_dir = dir == NULL;
	if (dir != NULL) {
		snprintf(a->dir, sizeof(a->dir), "%s", dir);
		if (mkdir(a->dir, 0700) != 0 && errno != EEXIST) {
			die(a->dir, strerror(errno));
		}
	} else {
		snprintf(a->dir, sizeof(a->dir), "/tmp/arnet-assoc-XXXXXX");
		if (mkdtemp(a->dir) == NULL) {
			die("mkdtemp", strerror(errno));
		}
	}
	if (arnet_crypto_init() != ARNET_OK) {
		die("libsodium", "cannot initialise");
	}
	(void)arnet_keypair(a->root_pk, a->root_sk);
	for (int i = 0; i < authors + nodes; i++) {
		(void)arnet_keypair(a->pk[i], a->sk[i]);
		if (i < authors) {
			snprintf(id, sizeof(id), "local:AUTHOR-%d", i);
			snprintf(ep, sizeof(ep), "a%d", i);
		} else {
			snprintf(id, sizeof(id), "local:NODE-%d", i - authors);
			snprintf(ep, sizeof(ep), "n%d", i - authors);
		}
		cert_for(a, &certs[i], i, id, ep);
	}
	arnet_roster r;
	memset(&r, 0, sizeof(r));
	r.version = ARNET_ROSTER_VERSION;
	r.epoch = 1;
	r.issued = a->now - 86400;
	r.certs = certs;
	r.ncerts = (size_t)(authors + nodes);
	if (arnet_roster_sign(&a->roster_bytes, &a->roster_len, &r, a->root_sk,
	                      &d) != ARNET_OK ||
	    arnet_roster_open(&a->roster, a->roster_bytes, a->roster_len,
	                      a->root_pk, &d) != ARNET_OK) {
		die("roster", d.msg);
	}
}

void
assoc_free(assoc *a)
{
	arnet_roster_free(&a->roster);
	free(a->roster_bytes);
	a->roster_bytes = NULL;
	if (a->made_dir) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", a->dir);
		if (system(cmd) != 0) {
			fprintf(stderr, "assoc_fixture: cannot remove %s\n",
			        a->dir);
		}
	}
}

const uint8_t *
assoc_author_sk(const assoc *a, int i)
{
	return a->sk[i];
}

const uint8_t *
assoc_node_sk(const assoc *a, int k)
{
	return a->sk[a->authors + k];
}

void
assoc_node_dir(assoc *a, int k, const char *extra, char *path, size_t cap)
{
	char f[400], root[ARNET_PUBKEY_TEXT_LEN + 1];
	arnet_diag d;
	arnet_store *s;
	snprintf(path, cap, "%s/node%d", a->dir, k);
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		die(path, strerror(errno));
	}
	snprintf(f, sizeof(f), "%s/member.key", path);
	if (access(f, F_OK) == 0) {
		return;
	}
	if (arnet_keyfile_write_secret(f, assoc_node_sk(a, k), NULL, 0, NULL,
	                               "assoc fixture", &d) != ARNET_OK) {
		die(f, d.msg);
	}
	arnet_pubkey_format(root, a->root_pk);
	snprintf(f, sizeof(f), "%s/arnet.conf", path);
	FILE *c = fopen(f, "w");
	if (c == NULL) {
		die(f, strerror(errno));
	}
	fprintf(c,
	        "[member]\nid = local:NODE-%d\nname = node %d\nkey = "
	        "member.key\n\n[association]\nroot_key = %s\n\n[node]\n"
	        "log_level = error\n%s",
	        k, k, root, extra != NULL ? extra : "");
	fclose(c);
	if (arnet_store_open(&s, path, ARNET_STORE_CREATE, &d) != ARNET_OK ||
	    txn_roster_import(s, a->roster_bytes, a->roster_len, a->root_pk,
	                      NULL, &d) != ARNET_OK) {
		die(path, d.msg);
	}
	arnet_store_close(s);
}

arnet_node *
assoc_start_node(assoc *a, int k)
{
	char path[300], f[400];
	arnet_config cfg;
	arnet_diag d;
	arnet_node *n;
	assoc_node_dir(a, k, NULL, path, sizeof(path));
	snprintf(f, sizeof(f), "%s/arnet.conf", path);
	if (arnet_config_load(&cfg, f, &d) != ARNET_OK ||
	    arnet_node_start(&n, path, &cfg, &d) != ARNET_OK) {
		die(path, d.msg);
	}
	return n;
}

typedef struct sign_job {
	const assoc *a;
	assoc_recs *r;
	size_t subjects;
	int first; /* authors first, first + 2, ... */
} sign_job;

static void *
sign_authors(void *arg)
{
	sign_job *j = arg;
	const assoc *as = j->a;
	assoc_recs *r = j->r;
	size_t authors = (size_t)as->authors;
	arnet_diag d;
	for (int a = j->first; a < as->authors; a += 2) {
		uint8_t prev[32] = {0};
		for (size_t i = (size_t)a, seq = 1; i < r->n; i += authors) {
			arnet_record rec;
			char id[40];
			size_t len;
			int def = i % 3 == 0;
			arnet_record_init(&rec, def ? ARNET_REC_DEFAULT
			                            : ARNET_REC_CREDIT_STOP);
			rec.seq = seq++;
			memcpy(rec.prev, prev, 32);
			rec.created = as->now - 86400 + (int64_t)(i % 80000);
			snprintf(id, sizeof(id), "local:S-%zu",
			         (i * 7919u) % j->subjects);
			if (arnet_ident_parse(&rec.subject, id, &d) !=
			    ARNET_OK) {
				die("subject", d.msg);
			}
			if (def) {
				rec.u.def.amount = 100000 + (int64_t)(i % 5000);
				memcpy(rec.u.def.currency, "CNY", 4);
				rec.u.def.due_date =
				        (int32_t)(as->now / 86400) - 120;
				rec.u.def.days_past_due = 95;
				rec.u.def.reason = 1;
			} else {
				rec.u.stop.reason = 1;
			}
			uint8_t *out = r->b + i * ARNET_RECORD_MAX;
			if (arnet_record_sign(out, ARNET_RECORD_MAX, &len, &rec,
			                      assoc_author_sk(as, a),
			                      &d) != ARNET_OK) {
				die("sign", d.msg);
			}
			r->off[i] = i * ARNET_RECORD_MAX;
			r->len[i] = len;
			arnet_record_hash(prev, out, len);
		}
	}
	return NULL;
}

void
assoc_sign_feeds(assoc *a, assoc_recs *r, size_t n, size_t subjects)
{
	if (a->authors < 1 || subjects < 1) {
		die("assoc_sign_feeds", "no authors or no subjects");
	}
	r->n = n;
	r->b = malloc(n * ARNET_RECORD_MAX);
	r->off = malloc(n * sizeof(size_t));
	r->len = malloc(n * sizeof(size_t));
	if (r->b == NULL || r->off == NULL || r->len == NULL) {
		die("records", "out of memory");
	}
	sign_job j[2] = {{a, r, subjects, 0}, {a, r, subjects, 1}};
	pthread_t t;
	if (pthread_create(&t, NULL, sign_authors, &j[1]) != 0) {
		die("records", "cannot start a thread");
	}
	sign_authors(&j[0]);
	pthread_join(t, NULL);
}

void
assoc_recs_free(assoc_recs *r)
{
	free(r->b);
	free(r->off);
	free(r->len);
	memset(r, 0, sizeof(*r));
}

uint64_t
assoc_head_seq(arnet_node *n, const uint8_t author[32])
{
	arnet_head h;
	arnet_diag d;
	if (arnet_log_head_read(n->store, author, &h, &d) != ARNET_OK) {
		die("head", d.msg);
	}
	return h.seq;
}
