/*
 * integrity.c - is the store whole: the quick check of data.mdb at open,
 * the walk of every table (arnet doctor --store), and whether a failed
 * write means a full disk.
 *
 * The quick check reads the two meta pages with pread, so it cannot
 * fault on a file that is shorter than LMDB believes: LMDB maps the file
 * and touches the pages its newest meta page names from the first
 * transaction on, and a truncated file (a copy cut short, a restore that
 * ran out of room) killed arnetd and the CLI with SIGBUS at start. The
 * layout below is LMDB 0.9.24's (libraries/liblmdb/mdb.c: MDB_page's
 * header, MDB_db, MDB_meta), written with the same member types so the
 * compiler lays it out as liblmdb's own build does. LMDB itself refuses a
 * file with either meta page damaged (MDB_INVALID), so this check does
 * too, but names the page.
 *
 * The file is not required to be a whole number of pages: a write cut
 * short by a full disk leaves part of a page after the last committed one,
 * and the store is fine once there is room again. Neither does the check
 * walk the free list: a page LMDB counts but never wrote (freed in the
 * transaction that allocated it) would make a healthy file a page or two
 * shorter than the meta page says; refused stores are measured in whole
 * missing megabytes, not pages, in practice, but see docs/operations.md.
 *
 * The walk reads every key and value byte (so overflow pages are touched
 * too) and checks what the shared log and the books promise about each
 * other. It may crash on a page of garbage: the caller runs it in a
 * process it can lose and reads the `table` callback as progress.
 */
#include "arnet_integrity.h"
#include "arnet_books.h"
#include "arnet_log.h"
#include "arnet_record.h"
#include "txn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* LMDB 0.9.24's on-disk layout (mdb.c), member types as there. */
#define LMDB_MAGIC        0xBEEFC0DEu
#define LMDB_DATA_VERSION 1u
#define LMDB_P_META       0x08u
#define LMDB_PAGE_MIN     512u   /* smaller than any page size LMDB uses */
#define LMDB_PAGE_MAX     65536u /* MAX_PAGESIZE */

struct lmdb_page_head { /* MDB_page up to mp_ptrs */
	size_t pgno;    /* pgno_t */
	uint16_t pad;   /* mp_pad */
	uint16_t flags; /* mp_flags */
	uint16_t lower, upper;
	uint16_t ptrs[1];
};
#define LMDB_PAGEHDRSZ offsetof(struct lmdb_page_head, ptrs)

struct lmdb_db {        /* MDB_db */
	uint32_t pad;   /* md_pad: the page size in the free DB's record */
	uint16_t flags; /* md_flags */
	uint16_t depth;
	size_t branch_pages, leaf_pages, overflow_pages, entries, root;
};

struct lmdb_meta { /* MDB_meta */
	uint32_t magic, version;
	void *address;
	size_t mapsize;
	struct lmdb_db dbs[2]; /* free space, main */
	size_t last_pg;        /* the last page used; pgno_t */
	size_t txnid;          /* the transaction that wrote it */
};

#define HINT "restore it from a backup, or run arnet doctor --store"

/* A size for people: "3 MiB", "1.5 MiB", "12 KiB", "195.3 KiB", "100
 * bytes". */
static const char *
human(char *buf, size_t cap, uint64_t n)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0) {
		snprintf(buf, cap, "%llu MiB", (unsigned long long)(n >> 20));
	} else if (n >= (1u << 20)) {
		snprintf(buf, cap, "%.1f MiB", (double)n / (1u << 20));
	} else if (n >= 1024 && n % 1024 == 0) {
		snprintf(buf, cap, "%llu KiB", (unsigned long long)(n >> 10));
	} else if (n >= 1024) {
		snprintf(buf, cap, "%.1f KiB", (double)n / 1024);
	} else {
		snprintf(buf, cap, "%llu bytes", (unsigned long long)n);
	}
	return buf;
}

/*
 * Read meta page i (at offset off). NULL when it is sound, else what is
 * wrong with it.
 */
static const char *
read_meta(int fd, off_t off, unsigned i, struct lmdb_meta *m, int *err)
{
	uint8_t buf[LMDB_PAGEHDRSZ + sizeof(struct lmdb_meta)];
	struct lmdb_page_head h;
	ssize_t n = pread(fd, buf, sizeof(buf), off);
	*err = 0;
	if (n < 0) {
		*err = errno;
		return "cannot be read";
	}
	if ((size_t)n < sizeof(buf)) {
		return "is cut off";
	}
	memcpy(&h, buf, LMDB_PAGEHDRSZ);
	memcpy(m, buf + LMDB_PAGEHDRSZ, sizeof(*m));
	if ((h.flags & LMDB_P_META) == 0 || h.pgno != i) {
		return "is not an LMDB meta page";
	}
	if (m->magic != LMDB_MAGIC) {
		return "has no LMDB magic number";
	}
	if (m->version != LMDB_DATA_VERSION) {
		return "has an unknown LMDB data version";
	}
	uint32_t ps = m->dbs[0].pad;
	if (ps < LMDB_PAGE_MIN || ps > LMDB_PAGE_MAX || (ps & (ps - 1)) != 0) {
		return "gives an impossible page size";
	}
	return NULL;
}

static int
check_fd(int fd, const char *path, arnet_diag *d)
{
	struct stat st;
	struct lmdb_meta m[2];
	char have[32], need[32];
	int err;
	if (fstat(fd, &st) != 0) {
		return arnet_diag_set(d, ARNET_EIO, "cannot stat store %s: %s",
		                      path, strerror(errno));
	}
	if (st.st_size == 0) {
		return ARNET_OK; /* new: LMDB writes the meta pages */
	}
	uint64_t size = (uint64_t)st.st_size;
	const char *bad = read_meta(fd, 0, 0, &m[0], &err);
	if (bad == NULL) {
		bad = read_meta(fd, (off_t)m[0].dbs[0].pad, 1, &m[1], &err);
		if (bad == NULL && m[1].dbs[0].pad != m[0].dbs[0].pad) {
			bad = "gives another page size than meta page 0";
		}
		if (bad != NULL && err == 0 && size < 2 * m[0].dbs[0].pad) {
			return arnet_diag_set(
			        d, ARNET_ESTORE,
			        "store %s is truncated: %s on disk, less than "
			        "its two meta pages; " HINT,
			        path, human(have, sizeof(have), size));
		}
		if (bad != NULL) {
			return err != 0
			               ? arnet_diag_set(d, ARNET_EIO,
			                                "cannot read store %s: "
			                                "%s",
			                                path, strerror(err))
			               : arnet_diag_set(d, ARNET_ESTORE,
			                                "store %s is damaged: "
			                                "meta page 1 %s; " HINT,
			                                path, bad);
		}
	} else {
		return err != 0 ? arnet_diag_set(d, ARNET_EIO,
		                                 "cannot read store %s: %s",
		                                 path, strerror(err))
		                : arnet_diag_set(d, ARNET_ESTORE,
		                                 "store %s is damaged: meta "
		                                 "page 0 %s; " HINT,
		                                 path, bad);
	}
	const struct lmdb_meta *newest =
	        m[1].txnid > m[0].txnid ? &m[1] : &m[0];
	uint64_t ps = newest->dbs[0].pad;
	if (newest->last_pg < 1 || newest->last_pg >= UINT64_MAX / ps) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store %s is damaged: its meta page "
		                      "names page %llu as its last; " HINT,
		                      path,
		                      (unsigned long long)newest->last_pg);
	}
	uint64_t needed = ((uint64_t)newest->last_pg + 1) * ps;
	if (size < needed) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store %s is truncated: %s on disk, the "
		                      "database needs %s; " HINT,
		                      path, human(have, sizeof(have), size),
		                      human(need, sizeof(need), needed));
	}
	return ARNET_OK;
}

int
arnet_store_check_file(const char *store_dir, arnet_diag *d)
{
	char path[4200];
	if (snprintf(path, sizeof(path), "%s/data.mdb", store_dir) >=
	    (int)sizeof(path)) {
		return arnet_diag_set(d, ARNET_ETOOBIG, "path too long: %s",
		                      store_dir);
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT) {
			return ARNET_OK; /* a new store */
		}
		return arnet_diag_set(d, e == EACCES ? ARNET_EPERM : ARNET_EIO,
		                      "cannot open store %s: %s", path,
		                      strerror(e));
	}
	int rv = check_fd(fd, path, d);
	close(fd);
	return rv;
}

int
arnet_store_out_of_space(const char *store_dir, int err)
{
	struct statvfs vfs;
	struct rlimit lim;
	struct stat st;
	char path[4200];
	if (err == ENOSPC || err == EDQUOT || err == EFBIG) {
		return 1;
	}
	if (err != EIO) {
		return 0;
	}
	/* A short write: the last free blocks, or the file size limit. */
	if (statvfs(store_dir, &vfs) == 0) {
		uint64_t avail = geteuid() == 0 ? vfs.f_bfree : vfs.f_bavail;
		if (avail * vfs.f_frsize < ((uint64_t)1 << 20)) {
			return 1;
		}
	}
	snprintf(path, sizeof(path), "%s/data.mdb", store_dir);
	return getrlimit(RLIMIT_FSIZE, &lim) == 0 &&
	       lim.rlim_cur != RLIM_INFINITY && stat(path, &st) == 0 &&
	       (uint64_t)st.st_size + ((uint64_t)1 << 20) >= lim.rlim_cur;
}

/* --- the walk --- */

typedef struct walk {
	arnet_txn *t;
	const arnet_verify_ops *ops;
	const char *table;
	uint64_t entries;
	uint64_t problems;
	volatile uint8_t touched; /* every byte read goes through here */
} walk;

static int problem(walk *w, const MDB_val *k, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
problem(walk *w, const MDB_val *k, const char *fmt, ...)
{
	char msg[ARNET_DIAG_MAX + 64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->problems++;
	if (w->ops->problem != NULL) {
		w->ops->problem(w->ops->arg, w->table,
		                k != NULL ? k->mv_data : NULL,
		                k != NULL ? k->mv_size : 0, msg);
	}
	return 0; /* go on */
}

static void
touch(walk *w, const MDB_val *v)
{
	const uint8_t *p = v->mv_data;
	uint8_t x = 0;
	for (size_t i = 0; i < v->mv_size; i++) {
		x ^= p[i];
	}
	w->touched ^= x;
}

/* The record stored at feed key fk (author be64 seq), and its hash. */
static int
feed_record(walk *w, const uint8_t fk[40], uint8_t hash[ARNET_HASH_BYTES])
{
	MDB_val v;
	int rv = st_get(w->t, ST_RECORDS, fk, 40, &v, NULL);
	if (rv == ARNET_OK) {
		arnet_record_hash(hash, v.mv_data, v.mv_size);
	}
	return rv;
}

/*
 * A signed record stored under key k: it decodes and its author and seq
 * are the key's first 40 bytes. Returns 1 when it does (r filled).
 */
static int
record_at(walk *w, const MDB_val *k, const MDB_val *v, arnet_record *r)
{
	arnet_diag d = {{0}, 0};
	if (k->mv_size < 40) {
		return problem(w, k, "key of %zu bytes, not an author and seq",
		               k->mv_size);
	}
	int rv = arnet_record_decode(r, v->mv_data, v->mv_size, &d);
	if (rv != ARNET_OK) {
		return problem(w, k, "the record does not decode: %s",
		               d.msg[0] ? d.msg : arnet_strerror(rv));
	}
	if (memcmp(r->author, k->mv_data, 32) != 0 ||
	    r->seq != st_get_be64((const uint8_t *)k->mv_data + 32)) {
		return problem(w, k,
		               "the record is filed under another "
		               "author or seq");
	}
	return 1;
}

static int
check_record(walk *w, const MDB_val *k, const MDB_val *v)
{
	arnet_record r;
	uint8_t hash[ARNET_HASH_BYTES];
	MDB_val bv;
	if (k->mv_size != 40) {
		return problem(w, k, "key of %zu bytes, not 40", k->mv_size);
	}
	if (record_at(w, k, v, &r) != 1) {
		return 0;
	}
	arnet_record_hash(hash, v->mv_data, v->mv_size);
	int rv = st_get(w->t, ST_BY_HASH, hash, sizeof(hash), &bv, NULL);
	if (rv != ARNET_OK) {
		return problem(w, k, "the record's hash is not in by_hash");
	}
	if (bv.mv_size != 40 || memcmp(bv.mv_data, k->mv_data, 40) != 0) {
		return problem(w, k,
		               "by_hash files the record's hash "
		               "elsewhere");
	}
	return 0;
}

static int
check_by_hash(walk *w, const MDB_val *k, const MDB_val *v)
{
	uint8_t hash[ARNET_HASH_BYTES];
	if (k->mv_size != ARNET_HASH_BYTES || v->mv_size != 40) {
		return problem(w, k,
		               "entry of %zu and %zu bytes, not 32 and 40",
		               k->mv_size, v->mv_size);
	}
	if (feed_record(w, v->mv_data, hash) != ARNET_OK) {
		return problem(w, k, "names a record that is not stored");
	}
	if (memcmp(hash, k->mv_data, sizeof(hash)) != 0) {
		return problem(w, k, "names a record of another hash");
	}
	return 0;
}

static int
check_head(walk *w, const MDB_val *k)
{
	arnet_head h;
	arnet_diag d = {{0}, 0};
	uint8_t fk[40], hash[ARNET_HASH_BYTES];
	if (k->mv_size != ARNET_PUBKEY_BYTES) {
		return problem(w, k, "key of %zu bytes, not an author",
		               k->mv_size);
	}
	int rv = arnet_log_head(w->t, k->mv_data, &h, &d);
	if (rv != ARNET_OK) {
		return problem(w, k, "the head does not decode: %s",
		               d.msg[0] ? d.msg : arnet_strerror(rv));
	}
	if (h.seq == 0) {
		return 0; /* only records waiting for a gap */
	}
	memcpy(fk, k->mv_data, 32);
	st_be64(fk + 32, h.seq);
	if (feed_record(w, fk, hash) != ARNET_OK) {
		return problem(w, k,
		               "the head is seq %llu, which is not stored",
		               (unsigned long long)h.seq);
	}
	if (memcmp(hash, h.hash, sizeof(hash)) != 0) {
		return problem(w, k, "the head's hash is not that of seq %llu",
		               (unsigned long long)h.seq);
	}
	st_be64(fk + 32, h.seq + 1);
	if (feed_record(w, fk, hash) == ARNET_OK) {
		return problem(w, k, "the feed goes on past its head, seq %llu",
		               (unsigned long long)h.seq);
	}
	return 0;
}

static int
check_subject(walk *w, const MDB_val *k, const MDB_val *v)
{
	uint8_t hash[ARNET_HASH_BYTES];
	const uint8_t *p = k->mv_data;
	if (k->mv_size < 42 || p[k->mv_size - 41] != 0 || v->mv_size != 1) {
		return problem(w, k, "not a subject, author, seq and type");
	}
	if (feed_record(w, p + k->mv_size - 40, hash) != ARNET_OK) {
		return problem(w, k, "names a record that is not stored");
	}
	return 0;
}

static int
check_customer(walk *w, const MDB_val *k)
{
	arnet_ident id;
	arnet_customer c;
	arnet_diag d = {{0}, 0};
	if (k->mv_size > ARNET_ID_MAX ||
	    arnet_ident_parse_canonical(&id, k->mv_data, k->mv_size, NULL) !=
	            ARNET_OK) {
		return problem(w, k, "the key is not a canonical identifier");
	}
	if (arnet_customer_get(w->t, &id, &c, &d) != ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	return 0;
}

static int
check_invoice(walk *w, const MDB_val *k)
{
	char number[ARNET_INVOICE_NO_MAX + 1];
	arnet_invoice inv;
	arnet_diag d = {{0}, 0};
	if (k->mv_size == 0 || k->mv_size > ARNET_INVOICE_NO_MAX ||
	    memchr(k->mv_data, 0, k->mv_size) != NULL) {
		return problem(w, k, "the key is not an invoice number");
	}
	memcpy(number, k->mv_data, k->mv_size);
	number[k->mv_size] = '\0';
	if (arnet_invoice_get(w->t, number, &inv, &d) != ARNET_OK) {
		return problem(w, k, "%s", d.msg);
	}
	return 0;
}

typedef struct table_ctx {
	walk *w;
	int db;
} table_ctx;

static int
entry(const MDB_val *k, const MDB_val *v, void *arg)
{
	table_ctx *c = arg;
	walk *w = c->w;
	arnet_record r;
	w->entries++;
	touch(w, k);
	touch(w, v);
	switch (c->db) {
	case ST_RECORDS:
		return check_record(w, k, v);
	case ST_BY_HASH:
		return check_by_hash(w, k, v);
	case ST_HEADS:
		return check_head(w, k);
	case ST_SUBJECTS:
		return check_subject(w, k, v);
	case ST_PENDING:
	case ST_EQUIV:
		(void)record_at(w, k, v, &r);
		return 0;
	case ST_CUSTOMERS:
		return check_customer(w, k);
	case ST_INVOICES:
		return check_invoice(w, k);
	default:
		return 0;
	}
}

/* One table, in a transaction of its own: after an error LMDB refuses
 * every further read of the transaction (MDB_BAD_TXN). */
static int
table_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	table_ctx *tc = arg;
	tc->w->t = t;
	tc->w->entries = 0;
	tc->w->problems = 0;
	return st_scan(t, tc->db, NULL, 0, entry, tc, d);
}

int
arnet_store_verify(arnet_store *s, const arnet_verify_ops *ops,
                   uint64_t *problems, arnet_diag *d)
{
	*problems = 0;
	for (int db = 0; db < ST_DB_COUNT; db++) {
		walk w = {.ops = ops, .table = st_db_name(db)};
		table_ctx tc = {&w, db};
		arnet_diag sd = {{0}, 0};
		if (ops->table != NULL) {
			ops->table(ops->arg, w.table);
		}
		int rv = arnet_store_read(s, table_txn, &tc, &sd);
		if (rv == ARNET_EBUSY || rv == ARNET_ENOMEM) {
			*problems += w.problems;
			return arnet_diag_set(d, rv, "%s", sd.msg);
		}
		if (rv != ARNET_OK) {
			problem(&w, NULL, "the table cannot be read: %s",
			        sd.msg[0] ? sd.msg : arnet_strerror(rv));
		}
		if (ops->counted != NULL) {
			ops->counted(ops->arg, w.table, w.entries);
		}
		*problems += w.problems;
	}
	return ARNET_OK;
}
