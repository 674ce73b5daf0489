/*
 * log.c - the daemon's log: one line per event on stderr, with the UTC
 * time and level, written whole (one fprintf) so lines from threads do
 * not interleave.
 *
 * Offences a hostile member can repeat at will (20,000 rival records, a
 * flood of refused ones) go through node_log_coalesced: the first line of
 * a key prints, then at most one a minute that says how many more there
 * were, so the log grows with time, not with the attacker's effort. The
 * keys live in a small table; when it is full the key printed longest ago
 * gives way (its count is lost, it prints again next time).
 */
#include "node_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define COALESCE_KEYS   64
#define COALESCE_WINDOW 60 /* seconds between two lines of one key */

static int level = NODE_LOG_INFO;
static const char *const names[] = {"error", "warn", "info", "debug"};

static struct {
	pthread_mutex_t mu;
	struct {
		char key[80];
		int64_t printed;    /* monotonic seconds of its last line */
		unsigned long more; /* counted since, not printed */
	} slot[COALESCE_KEYS];
	int n;
} co = {PTHREAD_MUTEX_INITIALIZER, {{"", 0, 0}}, 0};

void
node_log_level(int l)
{
	level = l;
}

static void
emit(int l, const char *msg, const char *suffix)
{
	char when[32];
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ arnetd %s: %s%s\n", when,
	        ts.tv_nsec / 1000000, names[l], msg, suffix);
}

void
node_log(int l, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (l > level) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(l, msg, "");
}

/* The slot of key, taken over if new: the one printed longest ago goes
 * when the table is full. Caller holds co.mu. */
static int
slot_of(const char *key, int *fresh)
{
	int oldest = 0;
	for (int i = 0; i < co.n; i++) {
		if (strncmp(co.slot[i].key, key, sizeof(co.slot[i].key) - 1) ==
		    0) {
			*fresh = 0;
			return i;
		}
		if (co.slot[i].printed < co.slot[oldest].printed) {
			oldest = i;
		}
	}
	int i = co.n < COALESCE_KEYS ? co.n++ : oldest;
	snprintf(co.slot[i].key, sizeof(co.slot[i].key), "%s", key);
	co.slot[i].more = 0;
	*fresh = 1;
	return i;
}

int
node_vlog_coalesced(int64_t now, const char *key, int l, const char *fmt,
                    va_list ap)
{
	char msg[512], suffix[80] = "";
	int fresh;
	if (l > level) {
		return 0;
	}
	pthread_mutex_lock(&co.mu);
	int i = slot_of(key, &fresh);
	if (!fresh && now - co.slot[i].printed < COALESCE_WINDOW) {
		co.slot[i].more++;
		pthread_mutex_unlock(&co.mu);
		return 0;
	}
	if (!fresh && co.slot[i].more > 0) {
		snprintf(suffix, sizeof(suffix),
		         " (and %lu more like it in the last %lld s)",
		         co.slot[i].more,
		         (long long)(now - co.slot[i].printed));
	}
	co.slot[i].printed = now;
	co.slot[i].more = 0;
	pthread_mutex_unlock(&co.mu);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	emit(l, msg, suffix);
	return 1;
}

int
node_log_coalesced(const char *key, int l, const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	va_start(ap, fmt);
	int printed = node_vlog_coalesced((int64_t)ts.tv_sec, key, l, fmt, ap);
	va_end(ap);
	return printed;
}
