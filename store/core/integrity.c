/*
 * integrity.c - is the store whole: the quick check of data.mdb at open,
 * and whether a failed write means a full disk (the walk of every table,
 * arnet doctor --store, is store/doctor/verify.c).
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
 */
#include "arnet_integrity.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
