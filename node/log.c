/*
 * log.c - the daemon's log: one line per event on stderr, with the UTC
 * time and level, written whole (one fprintf) so lines from threads do
 * not interleave.
 */
#include "node_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int level = NODE_LOG_INFO;
static const char *const names[] = {"error", "warn", "info", "debug"};

void
node_log_level(int l)
{
	level = l;
}

void
node_log(int l, const char *fmt, ...)
{
	char msg[512], when[32];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	if (l > level) {
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s.%03ldZ arnetd %s: %s\n", when, ts.tv_nsec / 1000000,
	        names[l], msg);
}
