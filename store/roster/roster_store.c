/*
 * roster_store.c - the roster a node follows, and the administrator's
 * certificates, revocations and rosters.
 */
#include "arnet_date.h"
#include "arnet_days.h"
#include "arnet_grow.h"
#include "arnet_log.h"
#include "arnet_roster_store.h"
#include "txn.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CURRENT     "current"
#define CURRENT_LEN 7

/* A revocation (ST_REVOKED, keyed by the be64 serial): the key, i64 time,
 * u8 reason, u8 all, 8 zero bytes (docs/storage.md). */
enum revoked_layout {
	REVOKED_KEY = 0,
	REVOKED_TIME = REVOKED_KEY + ARNET_PUBKEY_BYTES,
	REVOKED_REASON = REVOKED_TIME + 8,
	REVOKED_ALL = REVOKED_REASON + 1,
	REVOKED_VALUE = REVOKED_ALL + 1 + 8,
};
/* ST_CERTS and ST_REVOKED are keyed by the be64 serial. */
#define SERIAL_KEY 8

static int
current_raw(arnet_txn *t, MDB_val *v, arnet_diag *d)
{
	int rv = st_get(t, ST_ROSTER, CURRENT, CURRENT_LEN, v, d);
	if (rv == ARNET_ENOTFOUND) {
		return arnet_diag_set(d, rv, "no roster yet");
	}
	return rv;
}

static int
decode_current(arnet_txn *t, arnet_roster *out, uint8_t **raw, size_t *raw_len,
               arnet_diag *d)
{
	MDB_val v;
	int rv = current_raw(t, &v, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = arnet_roster_open(out, v.mv_data, v.mv_size, NULL, d);
	if (rv != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ESTORE,
		                      "store: the kept roster is corrupt");
	}
	if (raw != NULL) {
		if ((*raw = malloc(v.mv_size)) == NULL) {
			arnet_roster_free(out);
			return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
		}
		memcpy(*raw, v.mv_data, v.mv_size);
		*raw_len = v.mv_size;
	}
	return ARNET_OK;
}

int
arnet_roster_current(arnet_txn *t, arnet_roster *out, uint8_t **raw,
                     size_t *raw_len, arnet_diag *d)
{
	return decode_current(t, out, raw, raw_len, d);
}

static int
by_key(const void *a, const void *b)
{
	return memcmp(a, b, ARNET_PUBKEY_BYTES);
}

/*
 * The feeds of the roster's revoked authors are frozen at what the node
 * holds (arnet_log_freeze): every key with a revocation and no
 * certificate left unrevoked, from its latest revocation's time. A key
 * with a certificate in force again (a member that left and came back)
 * is unfrozen. The roster's issue time stands for the clock: a revocation
 * dated after it is armed, and fixed by the first record after its time.
 */
static int
freeze_revoked(arnet_txn *t, const arnet_roster *r, arnet_diag *d)
{
	uint8_t(*live)[ARNET_PUBKEY_BYTES] =
	        malloc((r->ncerts + 1) * sizeof(*live));
	size_t nlive = 0, j = 0;
	int rv = ARNET_OK;
	if (live == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	/* Both lists are by rising serial. */
	for (size_t i = 0; i < r->ncerts; i++) {
		while (j < r->nrevoked &&
		       r->revoked[j].serial < r->certs[i].serial) {
			j++;
		}
		if (j == r->nrevoked ||
		    r->revoked[j].serial != r->certs[i].serial) {
			memcpy(live[nlive++], r->certs[i].key,
			       ARNET_PUBKEY_BYTES);
		}
	}
	qsort(live, nlive, sizeof(*live), by_key);
	for (size_t i = 0; i < nlive && rv == ARNET_OK; i++) {
		rv = arnet_log_unfreeze(t, live[i], d);
	}
	for (size_t i = 0; i < r->nrevoked && rv == ARNET_OK; i++) {
		const arnet_revocation *v = &r->revoked[i];
		if (bsearch(v->key, live, nlive, sizeof(*live), by_key) ==
		    NULL) {
			rv = arnet_log_freeze(t, v->key, v->time, r->issued, d);
		}
	}
	free(live);
	return rv;
}

int
arnet_roster_adopt(arnet_txn *t, const uint8_t *in, size_t len,
                   const arnet_roster *r, arnet_diag *d)
{
	MDB_val v;
	uint64_t kept, epoch = r->epoch;
	int rv = current_raw(t, &v, NULL);
	if (rv == ARNET_OK) {
		/* The kept roster was checked when it was adopted: its
		 * header is all we need. */
		if (arnet_roster_peek(&kept, v.mv_data, v.mv_size, NULL,
		                      NULL) != ARNET_OK) {
			return arnet_diag_set(d, ARNET_ESTORE,
			                      "store: the kept roster is "
			                      "corrupt");
		}
		if (epoch <= kept) {
			return arnet_diag_set(d, ARNET_EEXIST,
			                      "roster epoch %llu is not newer "
			                      "than the epoch %llu kept",
			                      (unsigned long long)epoch,
			                      (unsigned long long)kept);
		}
		/* Revocations freeze what this node holds of those feeds.
		 * A node's first roster freezes nothing: it holds nothing
		 * yet, and frozen at seq 0 it could never learn a former
		 * member's earlier records, which still count; the time
		 * rule (membership at the record's time) still applies. */
		rv = freeze_revoked(t, r, d);
		if (rv != ARNET_OK) {
			return rv;
		}
	} else if (rv != ARNET_ENOTFOUND) {
		return rv;
	}
	return st_put(t, ST_ROSTER, CURRENT, CURRENT_LEN, in, len, 0, d);
}

int
arnet_roster_import(arnet_txn *t, const uint8_t *in, size_t len,
                    const uint8_t root[ARNET_PUBKEY_BYTES], uint64_t *epoch,
                    arnet_diag *d)
{
	arnet_roster r;
	int rv = arnet_roster_open(&r, in, len, root, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	*epoch = r.epoch;
	rv = arnet_roster_adopt(t, in, len, &r, d);
	arnet_roster_free(&r);
	return rv;
}

/* --- administrator --- */

typedef struct admin_state {
	arnet_cert *certs;
	size_t ncerts, capc;
	arnet_revocation *rev;
	size_t nrev, capr;
	arnet_diag *d;
} admin_state;

static void
admin_free(admin_state *s)
{
	free(s->certs);
	free(s->rev);
}

static int
load_cert(const MDB_val *k, const MDB_val *v, void *arg)
{
	admin_state *s = arg;
	(void)k;
	if (ARNET_GROW(&s->certs, s->ncerts, &s->capc, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	if (arnet_cert_decode(&s->certs[s->ncerts], v->mv_data, v->mv_size,
	                      NULL) != ARNET_OK) {
		return ARNET_ESTORE;
	}
	s->ncerts++;
	return 0;
}

static int
load_rev(const MDB_val *k, const MDB_val *v, void *arg)
{
	admin_state *s = arg;
	const uint8_t *p = v->mv_data;
	if (k->mv_size != SERIAL_KEY || v->mv_size != REVOKED_VALUE) {
		return ARNET_ESTORE;
	}
	if (ARNET_GROW(&s->rev, s->nrev, &s->capr, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	arnet_revocation *r = &s->rev[s->nrev++];
	r->serial = arnet_be64_read(k->mv_data);
	memcpy(r->key, p + REVOKED_KEY, ARNET_PUBKEY_BYTES);
	r->time = (int64_t)arnet_be64_read(p + REVOKED_TIME);
	r->reason = p[REVOKED_REASON];
	r->all = p[REVOKED_ALL];
	return 0;
}

static int
load_admin(arnet_txn *t, admin_state *s, arnet_diag *d)
{
	memset(s, 0, sizeof(*s));
	s->d = d;
	int rv = st_scan(t, ST_CERTS, NULL, 0, load_cert, s, d);
	if (rv == ARNET_OK) {
		rv = st_scan(t, ST_REVOKED, NULL, 0, load_rev, s, d);
	}
	if (rv != ARNET_OK) {
		admin_free(s);
		return rv == ARNET_ENOMEM
		               ? arnet_diag_set(d, rv, "out of memory")
		               : arnet_diag_set(d, ARNET_ESTORE,
		                                "store: a certificate or "
		                                "revocation is corrupt");
	}
	return ARNET_OK;
}

static const arnet_revocation *
revoked(const admin_state *s, uint64_t serial)
{
	return arnet_revocation_find(s->rev, s->nrev, serial);
}

/* Sign the roster of the next epoch from the state and keep it. */
static int
next_roster(arnet_txn *t, const uint8_t *root_sk, int64_t now, uint64_t *epoch,
            arnet_diag *d)
{
	admin_state s;
	arnet_roster r;
	uint8_t *buf;
	size_t len;
	int rv = load_admin(t, &s, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	memset(&r, 0, sizeof(r));
	r.version = ARNET_ROSTER_VERSION;
	r.issued = now;
	r.certs = s.certs;
	r.ncerts = s.ncerts;
	r.revoked = s.rev;
	r.nrevoked = s.nrev;
	rv = st_counter_next(t, "epoch", &r.epoch, d);
	if (rv == ARNET_OK) {
		rv = arnet_roster_sign(&buf, &len, &r, root_sk, d);
	}
	admin_free(&s);
	if (rv != ARNET_OK) {
		return rv;
	}
	rv = st_put(t, ST_ROSTER, CURRENT, CURRENT_LEN, buf, len, 0, d);
	free(buf);
	*epoch = r.epoch;
	return rv;
}

static int
put_cert(arnet_txn *t, arnet_cert *c, const uint8_t *root_sk, arnet_diag *d)
{
	uint8_t buf[ARNET_CERT_MAX], key[SERIAL_KEY];
	size_t n;
	int rv = arnet_cert_sign(buf, sizeof(buf), &n, c, root_sk, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	arnet_be64_write(key, c->serial);
	return st_put(t, ST_CERTS, key, sizeof(key), buf, n, 0, d);
}

/* A member with a link certificate is reached on tls+tcp:// only, and
 * one without on no tls+tcp:// endpoint (no TLS link could open to it):
 * its version follows. */
static int
link_rule(arnet_cert *c, arnet_diag *d)
{
	const char *urls[3] = {c->pub_url, c->sync_url, c->survey_url};
	const char *names[3] = {"pub", "sync", "survey"};
	for (int i = 0; i < 3; i++) {
		int tls = strncmp(urls[i], "tls+tcp://", 10) == 0;
		if (urls[i][0] == '\0' || tls == (c->link_len > 0)) {
			continue;
		}
		return arnet_diag_set(
		        d, ARNET_EINVAL,
		        c->link_len > 0
		                ? "endpoint %s=%s: a member with a link "
		                  "certificate is reached on tls+tcp:// "
		                  "only"
		                : "endpoint %s=%s: tls+tcp:// needs the "
		                  "member's link certificate "
		                  "(--link-cert)",
		        names[i], urls[i]);
	}
	c->version =
	        c->link_len > 0 ? ARNET_CERT_VERSION_LINK : ARNET_CERT_VERSION;
	return ARNET_OK;
}

/* Is c in force at now: not expired and not revoked? */
static int
in_force(const admin_state *s, const arnet_cert *c, int64_t now)
{
	return c->not_after > now && revoked(s, c->serial) == NULL;
}

int
arnet_admin_enroll(arnet_txn *t, arnet_cert *c,
                   const uint8_t root_sk[ARNET_SECKEY_BYTES], int64_t now,
                   uint64_t *epoch, arnet_diag *d)
{
	admin_state s;
	int rv = link_rule(c, d);
	if (rv != ARNET_OK || (rv = load_admin(t, &s, d)) != ARNET_OK) {
		return rv;
	}
	for (size_t i = 0; i < s.ncerts && rv == ARNET_OK; i++) {
		const arnet_cert *o = &s.certs[i];
		const arnet_revocation *v = revoked(&s, o->serial);
		if (sodium_memcmp(o->key, c->key, ARNET_PUBKEY_BYTES) == 0 &&
		    v != NULL && v->reason == ARNET_REVOKE_COMPROMISED) {
			rv = arnet_diag_set(
			        d, ARNET_EPERM,
			        "this key was revoked as compromised "
			        "(certificate %llu): make a new key",
			        (unsigned long long)o->serial);
		} else if (in_force(&s, o, now) &&
		           sodium_memcmp(o->key, c->key, ARNET_PUBKEY_BYTES) ==
		                   0) {
			rv = arnet_diag_set(d, ARNET_EEXIST,
			                    "this key already has certificate "
			                    "%llu (%s); renew it instead",
			                    (unsigned long long)o->serial,
			                    o->member_id.text);
		} else if (in_force(&s, o, now) &&
		           strcmp(o->member_id.text, c->member_id.text) == 0) {
			rv = arnet_diag_set(d, ARNET_EEXIST,
			                    "member %s already has certificate "
			                    "%llu for another key; revoke it "
			                    "first",
			                    c->member_id.text,
			                    (unsigned long long)o->serial);
		}
	}
	admin_free(&s);
	if (rv == ARNET_OK) {
		rv = st_counter_next(t, "next_serial", &c->serial, d);
	}
	if (rv == ARNET_OK) {
		rv = put_cert(t, c, root_sk, d);
	}
	return rv == ARNET_OK ? next_roster(t, root_sk, now, epoch, d) : rv;
}

/* The certificate `who` names: a public key, a serial, or a member id
 * (its latest certificate). Index into s->certs; or -1 when there is no
 * such certificate, -2 when `who` is none of those (diag set). */
static long
find(const admin_state *s, const char *who, arnet_diag *d)
{
	uint8_t pk[ARNET_PUBKEY_BYTES];
	arnet_ident id;
	char *end;
	long found = -1;
	int by = 0;
	unsigned long long serial = strtoull(who, &end, 10);
	if (*who != '\0' && *end == '\0') {
		by = 1;
	} else if (arnet_pubkey_parse(pk, who, NULL) == ARNET_OK) {
		by = 2;
	} else if (arnet_ident_parse(&id, who, NULL) == ARNET_OK) {
		by = 3;
	} else {
		arnet_diag_set(d, ARNET_ESYNTAX,
		               "\"%.60s\" is not a serial, a public key or a "
		               "member id",
		               who);
		return -2;
	}
	for (size_t i = 0; i < s->ncerts; i++) {
		const arnet_cert *c = &s->certs[i];
		if ((by == 1 && c->serial == serial) ||
		    (by == 2 && memcmp(c->key, pk, sizeof(pk)) == 0) ||
		    (by == 3 && strcmp(c->member_id.text, id.text) == 0)) {
			found = (long)i; /* by rising serial: the latest wins */
		}
	}
	if (found < 0) {
		arnet_diag_set(d, ARNET_ENOTFOUND,
		               "no certificate for \"%.60s\"", who);
	}
	return found;
}

/* The state and the index of the certificate `who` names (find); on an
 * error the state is freed. */
static int
load_found(arnet_txn *t, admin_state *s, const char *who, long *i,
           arnet_diag *d)
{
	int rv = load_admin(t, s, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	*i = find(s, who, d);
	if (*i < 0) {
		admin_free(s);
		return *i == -2 ? ARNET_ESYNTAX : ARNET_ENOTFOUND;
	}
	return ARNET_OK;
}

int
arnet_admin_revoke(arnet_txn *t, const char *who, int reason, int all,
                   int64_t time, const uint8_t root_sk[ARNET_SECKEY_BYTES],
                   int64_t now, uint64_t *serial, uint64_t *epoch,
                   arnet_diag *d)
{
	admin_state s;
	uint8_t key[SERIAL_KEY], val[REVOKED_VALUE];
	int rv;
	if ((reason != ARNET_REVOKE_LEFT &&
	     reason != ARNET_REVOKE_COMPROMISED) ||
	    (all && reason != ARNET_REVOKE_COMPROMISED)) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "--all goes with --reason compromised");
	}
	long i;
	if ((rv = load_found(t, &s, who, &i, d)) != ARNET_OK) {
		return rv;
	}
	const arnet_cert *c = &s.certs[i];
	if (revoked(&s, c->serial) != NULL) {
		rv = arnet_diag_set(d, ARNET_EEXIST,
		                    "certificate %llu (%s) is revoked already",
		                    (unsigned long long)c->serial,
		                    c->member_id.text);
		admin_free(&s);
		return rv;
	}
	*serial = c->serial;
	arnet_be64_write(key, c->serial);
	memset(val, 0, sizeof(val));
	memcpy(val + REVOKED_KEY, c->key, ARNET_PUBKEY_BYTES);
	arnet_be64_write(val + REVOKED_TIME, (uint64_t)time);
	val[REVOKED_REASON] = (uint8_t)reason;
	val[REVOKED_ALL] = (uint8_t)all;
	admin_free(&s);
	rv = st_put(t, ST_REVOKED, key, sizeof(key), val, sizeof(val), 0, d);
	return rv == ARNET_OK ? next_roster(t, root_sk, now, epoch, d) : rv;
}

int
arnet_admin_renew(arnet_txn *t, const char *who, int days, const uint8_t *link,
                  size_t link_len, const uint8_t root_sk[ARNET_SECKEY_BYTES],
                  int64_t now, arnet_cert *out, uint64_t *epoch, arnet_diag *d)
{
	admin_state s;
	uint8_t key[SERIAL_KEY];
	int rv;
	if (days < 1 || days > ARNET_DECADE_DAYS) {
		return arnet_diag_set(d, ARNET_ERANGE, "--days must be 1 to %d",
		                      ARNET_DECADE_DAYS);
	}
	long i;
	if ((rv = load_found(t, &s, who, &i, d)) != ARNET_OK) {
		return rv;
	}
	*out = s.certs[i];
	if (revoked(&s, out->serial) != NULL) {
		rv = arnet_diag_set(d, ARNET_EPERM,
		                    "certificate %llu is revoked: enrol the "
		                    "member again instead",
		                    (unsigned long long)out->serial);
		admin_free(&s);
		return rv;
	}
	admin_free(&s);
	if (link != NULL) {
		if (link_len > sizeof(out->link)) {
			return arnet_diag_set(d, ARNET_ETOOBIG,
			                      "link certificate of %zu bytes",
			                      link_len);
		}
		memcpy(out->link, link, link_len);
		out->link_len = (uint16_t)link_len;
	}
	if ((rv = link_rule(out, d)) != ARNET_OK) {
		return rv;
	}
	arnet_be64_write(key, out->serial);
	if ((rv = st_del(t, ST_CERTS, key, sizeof(key), d)) != ARNET_OK ||
	    (rv = st_counter_next(t, "next_serial", &out->serial, d)) !=
	            ARNET_OK) {
		return rv;
	}
	out->not_after = now + (int64_t)days * ARNET_DAY_SECONDS;
	if (out->not_after <= out->not_before) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "the renewed certificate would end "
		                      "before it starts");
	}
	rv = put_cert(t, out, root_sk, d);
	return rv == ARNET_OK ? next_roster(t, root_sk, now, epoch, d) : rv;
}

int
arnet_admin_state(arnet_txn *t, arnet_roster *out, uint8_t **raw,
                  size_t *raw_len, arnet_diag *d)
{
	return decode_current(t, out, raw, raw_len, d);
}
