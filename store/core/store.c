/*
 * store.c - the LMDB environment of a node, its transactions, and the
 * mapping of LMDB codes to arnet_err.
 *
 * Map size: LMDB 0.9.24 starts at 1 MiB unless told, so the map is set
 * explicitly, large, at open. mdb_env_set_mapsize is legal only while no
 * thread of the process has a transaction open, read transactions
 * included: arnet 8bed2a4 grew the map in the committer (and adopted
 * another process's size in whichever thread saw MDB_MAP_RESIZED) while
 * sync and status readers had transactions open, and arnetd segfaulted
 * inside liblmdb. Now every transaction holds `gate` shared, and the two
 * resizes take it exclusively:
 *   - a write that fills the map is aborted, the map doubled (up to the
 *     ceiling) and the operation run again from the start;
 *   - a transaction that begins after another process grew the map gets
 *     MDB_MAP_RESIZED: it lets go of the gate, adopts the new size
 *     (mdb_env_set_mapsize(env, 0)) exclusively, and begins again.
 * The gate prefers writers (a waiting resize holds up new transactions,
 * so a stream of readers cannot starve it) and is re-entered by a thread
 * that already holds it (a transaction run inside another's function):
 * the count per thread is kept in `held` below. A resize waits at most
 * ARNET_STORE_RESIZE_WAIT_MS for the others, then fails with ARNET_EBUSY
 * instead of deadlocking behind a transaction that waits for its caller.
 */
#include "arnet_integrity.h"
#include "txn.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct arnet_store {
	MDB_env *env;
	MDB_dbi dbi[ST_DB_COUNT];
	int readonly;
	size_t map_max;
	pthread_rwlock_t gate; /* shared by transactions, exclusive to resize */
	pthread_mutex_t stats_mu;
	arnet_store_stats stats;
	char path[4096];
};

/*
 * The stores whose gate this thread holds, and how many times. A thread
 * rarely has more than one store; a few slots are plenty, and a thread
 * that would need more just takes the gate again (pthread_rwlock_rdlock
 * nests for readers when no writer waits; in the worst case a resize
 * then times out instead of running).
 */
#define HELD_SLOTS 4
static _Thread_local struct {
	const arnet_store *s;
	int depth;
} held[HELD_SLOTS];

static int *
held_depth(const arnet_store *s)
{
	for (int i = 0; i < HELD_SLOTS; i++) {
		if (held[i].s == s && held[i].depth > 0) {
			return &held[i].depth;
		}
	}
	return NULL;
}

static void
count(arnet_store *s, uint64_t *field)
{
	pthread_mutex_lock(&s->stats_mu);
	(*field)++;
	pthread_mutex_unlock(&s->stats_mu);
}

/* Take the gate shared (or count one more hold by this thread). */
static void
gate_enter(arnet_store *s)
{
	int *depth = held_depth(s);
	if (depth != NULL) {
		(*depth)++;
		return;
	}
	pthread_rwlock_rdlock(&s->gate);
	for (int i = 0; i < HELD_SLOTS; i++) {
		if (held[i].depth == 0) {
			held[i].s = s;
			held[i].depth = 1;
			return;
		}
	}
}

static void
gate_leave(arnet_store *s)
{
	int *depth = held_depth(s);
	if (depth != NULL && --(*depth) > 0) {
		return;
	}
	pthread_rwlock_unlock(&s->gate);
}

/*
 * Run a resize with every transaction of the process out of the way: the
 * caller holds no transaction. ARNET_EBUSY when this thread holds the gate
 * (a transaction inside another's function) or the others did not end in
 * time.
 */
static int
gate_exclusive(arnet_store *s, int (*fn)(arnet_store *, arnet_diag *),
               arnet_diag *d)
{
	struct timespec until;
	if (held_depth(s) != NULL) {
		return arnet_diag_set(d, ARNET_EBUSY,
		                      "store: cannot resize the map inside "
		                      "another transaction");
	}
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ARNET_STORE_RESIZE_WAIT_MS / 1000;
	until.tv_nsec += (long)(ARNET_STORE_RESIZE_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	if (pthread_rwlock_timedwrlock(&s->gate, &until) != 0) {
		count(s, &s->stats.resize_busy);
		return arnet_diag_set(d, ARNET_EBUSY,
		                      "store: the map could not be resized: "
		                      "other transactions did not end within "
		                      "%d ms",
		                      ARNET_STORE_RESIZE_WAIT_MS);
	}
	int rv = fn(s, d);
	pthread_rwlock_unlock(&s->gate);
	return rv;
}

static const char *const db_names[ST_DB_COUNT] = {
        [ST_META] = "meta",
        [ST_CUSTOMERS] = "customers",
        [ST_INVOICES] = "invoices",
        [ST_CUST_INV] = "cust_inv",
        [ST_ALLOC] = "alloc",
        [ST_PAYMENTS] = "payments",
        [ST_CUST_PAY] = "cust_pay",
        [ST_PAY_KEYS] = "pay_keys",
        [ST_DUNNING] = "dunning",
        [ST_EVIDENCE] = "evidence",
        [ST_ROSTER] = "roster",
        [ST_CERTS] = "certs",
        [ST_REVOKED] = "revoked",
        [ST_RECORDS] = "records",
        [ST_HEADS] = "heads",
        [ST_BY_HASH] = "by_hash",
        [ST_SUBJECTS] = "subjects",
        [ST_PENDING] = "pending",
        [ST_EQUIV] = "equivocations",
        [ST_AUDIT] = "audit",
        [ST_FROZEN] = "frozen",
        [ST_CUST_CHANGES] = "cust_changes",
        [ST_WATCH] = "watch",
        [ST_ALERTS] = "alerts",
        [ST_ALERT_OPEN] = "alert_open",
        [ST_OUTBOX] = "outbox",
        [ST_TRIGGERS] = "triggers",
        [ST_ASSESS] = "assess",
};

const char *
st_db_name(int db)
{
	return db >= 0 && db < ST_DB_COUNT ? db_names[db] : "?";
}

static int
map_lmdb(int rc)
{
	switch (rc) {
	case MDB_SUCCESS:
		return ARNET_OK;
	case MDB_NOTFOUND:
		return ARNET_ENOTFOUND;
	case MDB_KEYEXIST:
		return ARNET_EEXIST;
	case MDB_MAP_FULL:
		return ARNET_EFULL;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return ARNET_ENOSPC;
	case MDB_VERSION_MISMATCH:
	case MDB_INVALID:
		return ARNET_EVERSION;
	case MDB_READERS_FULL:
		return ARNET_EBUSY;
	case ENOMEM:
		return ARNET_ENOMEM;
	case EACCES:
	case EPERM:
	case EROFS:
		return ARNET_EPERM;
	case ENOENT:
		return ARNET_ENOTFOUND;
	default:
		return ARNET_ESTORE;
	}
}

int
st_err(arnet_txn *t, int rc, arnet_diag *d, const char *what)
{
	if (rc == MDB_MAP_FULL && t != NULL) {
		t->map_full = 1;
	}
	if (rc == MDB_NOTFOUND) {
		return ARNET_ENOTFOUND;
	}
	if (t != NULL && arnet_store_out_of_space(t->store->path, rc)) {
		count(t->store, &t->store->stats.nospace);
		return arnet_diag_set(d, ARNET_ENOSPC,
		                      "store: %s: no space left on the device "
		                      "holding %s (%s)",
		                      what, t->store->path, mdb_strerror(rc));
	}
	return arnet_diag_set(d, map_lmdb(rc), "store: %s: %s", what,
	                      mdb_strerror(rc));
}

int
st_get(arnet_txn *t, int db, const void *key, size_t klen, MDB_val *v,
       arnet_diag *d)
{
	MDB_val k = {klen, (void *)key};
	int rc = mdb_get(t->txn, t->dbi[db], &k, v);
	return rc == 0 ? ARNET_OK : st_err(t, rc, d, db_names[db]);
}

int
st_put(arnet_txn *t, int db, const void *key, size_t klen, const void *val,
       size_t vlen, unsigned flags, arnet_diag *d)
{
	MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
	int rc = mdb_put(t->txn, t->dbi[db], &k, &v, flags);
	return rc == 0 ? ARNET_OK : st_err(t, rc, d, db_names[db]);
}

int
st_put_new(arnet_txn *t, int db, const void *key, size_t klen, const void *val,
           size_t vlen, MDB_val *old, arnet_diag *d)
{
	MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
	int rc = mdb_put(t->txn, t->dbi[db], &k, &v, MDB_NOOVERWRITE);
	if (rc == MDB_KEYEXIST) {
		*old = v; /* LMDB returns the stored value */
		return ARNET_EEXIST;
	}
	return rc == 0 ? ARNET_OK : st_err(t, rc, d, db_names[db]);
}

int
st_del(arnet_txn *t, int db, const void *key, size_t klen, arnet_diag *d)
{
	MDB_val k = {klen, (void *)key};
	int rc = mdb_del(t->txn, t->dbi[db], &k, NULL);
	return rc == 0 ? ARNET_OK : st_err(t, rc, d, db_names[db]);
}

int
st_scan_from(arnet_txn *t, int db, const void *prefix, size_t plen,
             const void *start, size_t slen, st_scan_fn fn, void *arg,
             arnet_diag *d)
{
	MDB_cursor *c;
	MDB_val k = {slen, (void *)start}, v;
	int rc = mdb_cursor_open(t->txn, t->dbi[db], &c);
	if (rc != 0) {
		return st_err(t, rc, d, db_names[db]);
	}
	rc = mdb_cursor_get(c, &k, &v, slen > 0 ? MDB_SET_RANGE : MDB_FIRST);
	int result = ARNET_OK;
	while (rc == 0) {
		if (plen > 0 && (k.mv_size < plen ||
		                 memcmp(k.mv_data, prefix, plen) != 0)) {
			break;
		}
		int r = fn(&k, &v, arg);
		if (r != 0) {
			result = r == 1 ? ARNET_OK : r;
			break;
		}
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return st_err(t, rc, d, db_names[db]);
	}
	return result;
}

int
st_scan(arnet_txn *t, int db, const void *prefix, size_t plen, st_scan_fn fn,
        void *arg, arnet_diag *d)
{
	return st_scan_from(t, db, prefix, plen, prefix, plen, fn, arg, d);
}

int
st_counter_next(arnet_txn *t, const char *name, uint64_t *out, arnet_diag *d)
{
	MDB_val v;
	uint8_t be[8];
	uint64_t n = 0;
	int rv = st_get(t, ST_META, name, strlen(name), &v, d);
	if (rv == ARNET_OK && v.mv_size == 8) {
		n = arnet_be64_read(v.mv_data);
	} else if (rv != ARNET_ENOTFOUND) {
		return rv == ARNET_OK ? arnet_diag_set(d, ARNET_ESTORE,
		                                       "store: counter %s is "
		                                       "corrupt",
		                                       name)
		                      : rv;
	}
	arnet_be64_write(be, ++n);
	rv = st_put(t, ST_META, name, strlen(name), be, 8, 0, d);
	if (rv == ARNET_OK) {
		*out = n;
	}
	return rv;
}

/* mkdir -p with mode 0700 for the parts that do not exist. */
static int
make_dirs(const char *path, arnet_diag *d)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n >= sizeof(buf)) {
		return arnet_diag_set(d, ARNET_ETOOBIG, "path too long");
	}
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];
			buf[i] = '\0';
			if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
				int e = errno;
				return arnet_diag_set(d,
				                      e == EACCES ? ARNET_EPERM
				                                  : ARNET_EIO,
				                      "cannot create %s: %s",
				                      buf, strerror(e));
			}
			buf[i] = c;
		}
	}
	return ARNET_OK;
}

/*
 * Check the schema version. A new store has none: in a write transaction
 * it is written; in a read transaction *missing is set.
 */
static int
check_schema(arnet_txn *t, void *arg, arnet_diag *d)
{
	int *missing = arg;
	MDB_val v;
	uint8_t be[4] = {0, 0, 0, ARNET_STORE_SCHEMA};
	int rv = st_get(t, ST_META, "schema", 6, &v, d);
	if (rv == ARNET_ENOTFOUND) {
		*missing = !t->write;
		return t->write ? st_put(t, ST_META, "schema", 6, be, 4, 0, d)
		                : ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	if (v.mv_size != 4 || memcmp(v.mv_data, be, 4) != 0) {
		const uint8_t *p = v.mv_data;
		unsigned got = v.mv_size == 4 ? ((unsigned)p[0] << 24 |
		                                 (unsigned)p[1] << 16 |
		                                 (unsigned)p[2] << 8 | p[3])
		                              : 0;
		return arnet_diag_set(d, ARNET_EVERSION,
		                      "store schema version %u, this arnet "
		                      "reads version %d",
		                      got, ARNET_STORE_SCHEMA);
	}
	return ARNET_OK;
}

/* Adopt the map size another process grew the store to (exclusive). */
static int
adopt_size(arnet_store *s, arnet_diag *d)
{
	int rc = mdb_env_set_mapsize(s->env, 0);
	if (rc != 0) {
		return st_err(NULL, rc, d, "adopt the map size");
	}
	count(s, &s->stats.adopted);
	return ARNET_OK;
}

/* Begin a transaction holding the gate; on success the caller ends it
 * with end(). */
static int
begin(arnet_store *s, arnet_txn *t, int write, arnet_diag *d)
{
	memset(t, 0, sizeof(*t));
	t->store = s;
	t->dbi = s->dbi;
	t->write = write;
	for (int tries = 0;; tries++) {
		gate_enter(s);
		int rc = mdb_txn_begin(s->env, NULL, write ? 0 : MDB_RDONLY,
		                       &t->txn);
		if (rc == 0) {
			return ARNET_OK;
		}
		gate_leave(s);
		if (rc == MDB_MAP_RESIZED && tries < 64) {
			/* Another process grew the map: adopt its size, with
			 * every transaction of ours out of the way. Each try
			 * adopts the newest size, so it comes round again only
			 * if the other grew it once more meanwhile (doubling:
			 * a few dozen times at most from the smallest map). */
			int rv = gate_exclusive(s, adopt_size, d);
			if (rv != ARNET_OK) {
				return rv;
			}
			continue;
		}
		return st_err(t, rc, d, "begin transaction");
	}
}

static void
end(arnet_txn *t)
{
	gate_leave(t->store);
}

static int
grow_now(arnet_store *s, arnet_diag *d)
{
	MDB_envinfo info;
	mdb_env_info(s->env, &info);
	if (info.me_mapsize >= s->map_max) {
		count(s, &s->stats.full);
		return arnet_diag_set(d, ARNET_EFULL,
		                      "store: full: %s reached its ceiling of "
		                      "%zu MiB ([store] map_max)",
		                      s->path, s->map_max >> 20);
	}
	size_t next = info.me_mapsize * 2;
	if (next > s->map_max || next < info.me_mapsize) {
		next = s->map_max;
	}
	int rc = mdb_env_set_mapsize(s->env, next);
	if (rc != 0) {
		return st_err(NULL, rc, d, "grow the map");
	}
	count(s, &s->stats.grown);
	return ARNET_OK;
}

int
arnet_store_write(arnet_store *s, arnet_txn_fn fn, void *arg, int dry_run,
                  arnet_diag *d)
{
	if (s->readonly) {
		return arnet_diag_set(d, ARNET_EPERM, "store opened read-only");
	}
	for (;;) {
		arnet_txn t;
		int rv = begin(s, &t, 1, d);
		if (rv != ARNET_OK) {
			return rv;
		}
		rv = fn(&t, arg, d);
		if (rv == ARNET_OK && !dry_run) {
			int rc = mdb_txn_commit(t.txn);
			if (rc != 0) {
				rv = st_err(&t, rc, d, "commit");
			}
		} else {
			mdb_txn_abort(t.txn);
		}
		end(&t);
		if (rv == ARNET_OK || !t.map_full) {
			return rv;
		}
		arnet_diag_clear(d);
		rv = gate_exclusive(s, grow_now, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	}
}

int
arnet_store_read(arnet_store *s, arnet_txn_fn fn, void *arg, arnet_diag *d)
{
	arnet_txn t;
	int rv = begin(s, &t, 0, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = fn(&t, arg, d);
	mdb_txn_abort(t.txn);
	end(&t);
	return rv;
}

int
arnet_store_read_begin(arnet_store *s, arnet_txn **out, arnet_diag *d)
{
	arnet_txn *t = malloc(sizeof(*t));
	if (t == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM,
		                      "store: out of memory for a transaction");
	}
	int rv = begin(s, t, 0, d);
	if (rv != ARNET_OK) {
		free(t);
		return rv;
	}
	*out = t;
	return ARNET_OK;
}

void
arnet_store_read_end(arnet_txn *t)
{
	if (t != NULL) {
		mdb_txn_abort(t->txn);
		end(t);
		free(t);
	}
}

void
arnet_store_stats_get(arnet_store *s, arnet_store_stats *out)
{
	MDB_envinfo info;
	pthread_mutex_lock(&s->stats_mu);
	*out = s->stats;
	pthread_mutex_unlock(&s->stats_mu);
	gate_enter(s);
	mdb_env_info(s->env, &info);
	gate_leave(s);
	out->map_size = info.me_mapsize;
	out->map_max = s->map_max;
}

/*
 * Open the named databases once, in a read transaction (so opening never
 * waits for a writer); a store that lacks some, new or older, gets them in
 * a write transaction when it may be written.
 */
static int
open_dbs_txn(arnet_store *s, int create, arnet_diag *d)
{
	MDB_txn *txn;
	int rc = mdb_txn_begin(s->env, NULL, create ? 0 : MDB_RDONLY, &txn);
	if (rc != 0) {
		return st_err(NULL, rc, d, "begin transaction");
	}
	for (int i = 0; i < ST_DB_COUNT; i++) {
		rc = mdb_dbi_open(txn, db_names[i], create ? MDB_CREATE : 0,
		                  &s->dbi[i]);
		if (rc != 0) {
			mdb_txn_abort(txn);
			if (rc == MDB_NOTFOUND) {
				return arnet_diag_set(
				        d, ARNET_ENOTFOUND,
				        "store has no database \"%s\"",
				        db_names[i]);
			}
			return st_err(NULL, rc, d, db_names[i]);
		}
	}
	rc = mdb_txn_commit(txn);
	return rc == 0 ? ARNET_OK : st_err(NULL, rc, d, "open databases");
}

static int
open_dbs(arnet_store *s, arnet_diag *d)
{
	int rv = open_dbs_txn(s, 0, d);
	if (rv == ARNET_ENOTFOUND && !s->readonly) {
		arnet_diag_clear(d);
		rv = open_dbs_txn(s, 1, d);
	}
	return rv;
}

int
arnet_store_open(arnet_store **out, const char *dir, int flags, arnet_diag *d)
{
	return arnet_store_open_limits(out, dir, flags, NULL, d);
}

/* The gate: a resize waiting holds up new transactions. */
static int
gate_init(arnet_store *s)
{
	pthread_rwlockattr_t a;
	if (pthread_rwlockattr_init(&a) != 0) {
		return -1;
	}
	pthread_rwlockattr_setkind_np(
	        &a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	int rv = pthread_rwlock_init(&s->gate, &a);
	pthread_rwlockattr_destroy(&a);
	if (rv == 0 && pthread_mutex_init(&s->stats_mu, NULL) != 0) {
		pthread_rwlock_destroy(&s->gate);
		rv = -1;
	}
	return rv;
}

static int
store_open(arnet_store **out, const char *dir, int flags,
           const arnet_store_limits *lim, int *incomplete, arnet_diag *d)
{
	struct stat st;
	int create = (flags & ARNET_STORE_CREATE) != 0;
	int ro = (flags & ARNET_STORE_READONLY) != 0;
	int rv, missing = 0;
	size_t map = lim != NULL && lim->map_size != 0
	                     ? lim->map_size
	                     : ARNET_STORE_MAP_DEFAULT;
	size_t max = lim != NULL && lim->map_max != 0 ? lim->map_max
	                                              : ARNET_STORE_MAP_MAX;

	*out = NULL;
	if (map > max) {
		map = max; /* a small ceiling alone lowers the start too */
	}
	if (map < ARNET_STORE_MAP_MIN) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "store: map size %zu KiB is below the "
		                      "minimum of %zu KiB",
		                      map >> 10, ARNET_STORE_MAP_MIN >> 10);
	}
	arnet_store *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	if (gate_init(s) != 0) {
		free(s);
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	s->readonly = ro;
	s->map_max = max;
	if (snprintf(s->path, sizeof(s->path), "%s/store", dir) >=
	    (int)sizeof(s->path)) {
		arnet_store_close(s);
		return arnet_diag_set(d, ARNET_ETOOBIG, "path too long: %s",
		                      dir);
	}
	if (stat(s->path, &st) != 0) {
		if (!create || ro) {
			arnet_store_close(s);
			return arnet_diag_set(d, ARNET_ENOTFOUND,
			                      "no arnet store in %s", dir);
		}
		rv = make_dirs(s->path, d);
		if (rv != ARNET_OK) {
			arnet_store_close(s);
			return rv;
		}
	}
	/* A truncated or damaged file is refused before LMDB maps it. */
	rv = arnet_store_check_file(s->path, d);
	if (rv != ARNET_OK) {
		arnet_store_close(s);
		return rv;
	}
	int rc = mdb_env_create(&s->env);
	if (rc == 0) {
		rc = mdb_env_set_maxdbs(s->env, 32);
	}
	if (rc == 0) {
		rc = mdb_env_set_mapsize(s->env, map);
	}
	if (rc == 0) {
		/* MDB_NOTLS: read transactions may start on threads we do
		 * not own (nng callbacks in arnetd). */
		rc = mdb_env_open(s->env, s->path,
		                  MDB_NOTLS | (ro ? MDB_RDONLY : 0), 0600);
	}
	if (rc != 0) {
		rv = arnet_diag_set(d, map_lmdb(rc), "cannot open store %s: %s",
		                    s->path, mdb_strerror(rc));
		arnet_store_close(s);
		return rv;
	}
	/* An existing map larger than ours is adopted (no transaction is
	 * open yet: the store is not shared before it is returned). */
	mdb_env_set_mapsize(s->env, 0);
	int dead = 0;
	mdb_reader_check(s->env, &dead);
	rv = open_dbs(s, d);
	if (rv == ARNET_OK) {
		/* Read first: most opens find the right version and need not
		 * wait for the writer lock. */
		rv = arnet_store_read(s, check_schema, &missing, d);
		if (rv == ARNET_OK && missing && ro) {
			rv = arnet_diag_set(d, ARNET_EVERSION,
			                    "store %s has no schema version",
			                    s->path);
		} else if (rv == ARNET_OK && missing) {
			rv = arnet_store_write(s, check_schema, &missing, 0, d);
		}
	}
	if (rv == ARNET_ENOTFOUND && ro) {
		*incomplete = 1;
		rv = arnet_diag_set(d, ARNET_EVERSION,
		                    "store %s is incomplete (made by another "
		                    "version of arnet?)",
		                    s->path);
	}
	if (rv != ARNET_OK) {
		arnet_store_close(s);
		return rv;
	}
	*out = s;
	return ARNET_OK;
}

/*
 * A store made by an older arnet lacks the databases a newer one added;
 * a writer creates them when it opens the store. A read-only open that
 * finds them missing (a report run before any write since the upgrade)
 * lets a short read-write open add them, then opens read-only again:
 * only when the directory may be written, else the first error stands.
 */
int
arnet_store_open_limits(arnet_store **out, const char *dir, int flags,
                        const arnet_store_limits *lim, arnet_diag *d)
{
	int incomplete = 0;
	int rv = store_open(out, dir, flags, lim, &incomplete, d);
	if (rv == ARNET_OK || !incomplete) {
		return rv;
	}
	arnet_store *w;
	arnet_diag ignored;
	int rw = flags & ~(ARNET_STORE_READONLY | ARNET_STORE_CREATE);
	if (store_open(&w, dir, rw, lim, &incomplete, &ignored) != ARNET_OK) {
		return rv;
	}
	arnet_store_close(w);
	return store_open(out, dir, flags, lim, &incomplete, d);
}

void
arnet_store_close(arnet_store *s)
{
	if (s != NULL) {
		if (s->env != NULL) {
			mdb_env_close(s->env);
		}
		pthread_mutex_destroy(&s->stats_mu);
		pthread_rwlock_destroy(&s->gate);
		free(s);
	}
}

size_t
arnet_store_map_size(arnet_store *s)
{
	arnet_store_stats st;
	arnet_store_stats_get(s, &st);
	return st.map_size;
}

int
arnet_store_default_dir(char *buf, size_t cap)
{
	const char *e = getenv("ARNET_DATA");
	int n;
	if (e != NULL && *e != '\0') {
		n = snprintf(buf, cap, "%s", e);
	} else if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/') {
		n = snprintf(buf, cap, "%s/arnet", e);
	} else if ((e = getenv("HOME")) != NULL && *e != '\0') {
		n = snprintf(buf, cap, "%s/.local/share/arnet", e);
	} else {
		return ARNET_ENOTFOUND;
	}
	return n < 0 || (size_t)n >= cap ? ARNET_ETOOBIG : ARNET_OK;
}
