/*
 * bench_util.h - the clocks and the order statistics every benchmark in
 * tests/bench uses, so that each figure in docs/benchmarks.md is taken
 * and summarised the same way.
 */
#ifndef ARNET_BENCH_UTIL_H
#define ARNET_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds on clock c (CLOCK_MONOTONIC, a CPU-time clock, ...); 0 when it
 * cannot be read. */
static inline double
bench_clock_s(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts) != 0) {
		return 0;
	}
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall-clock seconds from an arbitrary origin, for intervals. */
static inline double
bench_now_s(void)
{
	return bench_clock_s(CLOCK_MONOTONIC);
}

static inline int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n), n > 0; sorts v. */
static inline double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The p-th quantile (0 <= p <= 1) of v[0..n), n > 0, nearest rank;
 * sorts v. */
static inline double
bench_pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* The next number of the xorshift64* generator whose state is *s (not
 * 0): a benchmark seeds its own, so every run has the same data. */
static inline uint64_t
bench_xorshift(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Remove dir and everything in it (a benchmark's own temporary
 * directory); 0, or -1 when it could not be removed. */
static inline int
bench_rm_rf(const char *dir)
{
	char cmd[600];
	if ((size_t)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) >=
	    sizeof(cmd)) {
		return -1;
	}
	return system(cmd) == 0 ? 0 : -1;
}

/* The value of option `name` (e.g. "--records") in argv as a number, or
 * def when it is not given. */
static inline long
bench_opt(int argc, char **argv, const char *name, long def)
{
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], name) == 0) {
			return strtol(argv[i + 1], NULL, 10);
		}
	}
	return def;
}

/* The text of option `name` in argv, or def when it is not given. */
static inline const char *
bench_opt_str(int argc, char **argv, const char *name, const char *def)
{
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], name) == 0) {
			return argv[i + 1];
		}
	}
	return def;
}

/* Stop the benchmark: "PROG: what: msg" on stderr, exit 1. */
static inline void __attribute__((noreturn))
bench_die(const char *prog, const char *what, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, msg);
	exit(1);
}

#endif
