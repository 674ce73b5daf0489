/*
 * cmd_doctor.c - arnet doctor --store: is the store whole.
 *
 *   arnet doctor --store      exit 0 healthy, 1 problems found (or error)
 *
 * First the quick check of the file (arnet_store_check_file, pread only:
 * a truncated file is reported without mapping it), then the walk of
 * every table (arnet_store_verify). LMDB has no page checksums and a page
 * of garbage can crash the process that reads it, so the walk runs in a
 * forked child that opens the store itself (an LMDB environment must not
 * cross a fork) and writes one line per event to a pipe:
 *   T <table>                   walking table (the progress)
 *   C <table> <entries>         table done
 *   P <table> <key> <problem>   a problem (key "" for the table itself)
 *   E <message>                 the store could not be opened
 * fields separated by tabs. A child that dies by a signal crashed in the
 * last table it named: the store is corrupt there. The CLI is single-
 * threaded, so fork is safe here.
 */
#include "arnet_integrity.h"
#include "arnet_verify.h"
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEY_SHOWN      64   /* bytes of a key shown in a report */
#define PROBLEMS_KEPT  1000 /* problems listed; the rest are counted */
#define TABLE_NAME_MAX 32

/* --- the child: walk and report on fd --- */

/* Text without the separators of the pipe's lines. */
static void
clean(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\t' || *s == '\n' || *s == '\r') {
			*s = ' ';
		}
	}
}

static void
on_table(void *arg, const char *table)
{
	dprintf(*(int *)arg, "T\t%s\n", table);
}

static void
on_counted(void *arg, const char *table, uint64_t entries)
{
	dprintf(*(int *)arg, "C\t%s\t%llu\n", table,
	        (unsigned long long)entries);
}

/* A key as text when it is printable ASCII, else as hex (cut). */
static void
show_key(char *out, size_t cap, const uint8_t *key, size_t klen)
{
	size_t n = klen > KEY_SHOWN ? KEY_SHOWN : klen;
	int text = n > 0;
	for (size_t i = 0; i < n; i++) {
		text = text && key[i] >= 0x20 && key[i] < 0x7f;
	}
	if (text) {
		snprintf(out, cap, "\"%.*s\"%s", (int)n, (const char *)key,
		         n < klen ? "..." : "");
	} else if (n > 0) {
		sodium_bin2hex(out, cap, key, n);
		if (n < klen) {
			strncat(out, "...", cap - strlen(out) - 1);
		}
	} else {
		out[0] = '\0';
	}
}

static void
on_problem(void *arg, const char *table, const uint8_t *key, size_t klen,
           const char *what)
{
	char k[2 * KEY_SHOWN + 8], w[ARNET_DIAG_MAX + 64];
	show_key(k, sizeof(k), key, klen);
	snprintf(w, sizeof(w), "%s", what);
	clean(k);
	clean(w);
	dprintf(*(int *)arg, "P\t%s\t%s\t%s\n", table, k, w);
}

static void __attribute__((noreturn))
walk_child(cli_ctx *ctx, const arnet_config *cfg, int fd)
{
	arnet_store *s;
	arnet_diag d = {{0}, 0};
	uint64_t problems;
	/* Die by the signal, so the parent sees where (not main.c's
	 * message). */
	signal(SIGBUS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	int rv = arnet_store_open_limits(&s, ctx->data_dir,
	                                 ARNET_STORE_READONLY, &cfg->store, &d);
	if (rv == ARNET_OK) {
		arnet_verify_ops ops = {on_table, on_counted, on_problem, &fd};
		rv = arnet_store_verify(s, &ops, &problems, &d);
		arnet_store_close(s);
	}
	if (rv != ARNET_OK) {
		char m[ARNET_DIAG_MAX];
		snprintf(m, sizeof(m), "%s",
		         d.msg[0] != '\0' ? d.msg : arnet_strerror(rv));
		clean(m);
		dprintf(fd, "E\tthe store cannot be opened: %s\n", m);
	}
	_exit(0);
}

/* --- the parent: gather and print --- */

typedef struct table_row {
	char name[TABLE_NAME_MAX];
	uint64_t entries;
	uint64_t problems;
	int done; /* the walk came to the table's end (no crash in it) */
} table_row;

typedef struct report {
	table_row tables[64];
	int ntables;
	cJSON *problems; /* [{table, key, problem}], the first PROBLEMS_KEPT */
	uint64_t nproblems;
	int crash_signal; /* the walk died by this signal, in the last table */
} report;

static table_row *
row(report *r, const char *name)
{
	for (int i = 0; i < r->ntables; i++) {
		if (strcmp(r->tables[i].name, name) == 0) {
			return &r->tables[i];
		}
	}
	if (r->ntables == (int)(sizeof(r->tables) / sizeof(r->tables[0]))) {
		return NULL;
	}
	table_row *t = &r->tables[r->ntables++];
	snprintf(t->name, sizeof(t->name), "%s", name);
	return t;
}

static void
add_problem(report *r, const char *table, const char *key, const char *what)
{
	table_row *t = table[0] != '\0' ? row(r, table) : NULL;
	if (t != NULL) {
		t->problems++;
	}
	if (r->nproblems++ < PROBLEMS_KEPT) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "table", table);
		if (key[0] != '\0') {
			cJSON_AddStringToObject(p, "key", key);
		} else {
			cJSON_AddNullToObject(p, "key");
		}
		cJSON_AddStringToObject(p, "problem", what);
		cJSON_AddItemToArray(r->problems, p);
	}
}

/* One line from the child (its newline taken off). */
static void
take_line(report *r, char *line)
{
	char *f[4] = {line, NULL, NULL, NULL};
	for (int i = 1; i < 4; i++) {
		char *tab = f[i - 1] != NULL ? strchr(f[i - 1], '\t') : NULL;
		if (tab != NULL) {
			*tab = '\0';
			f[i] = tab + 1;
		}
	}
	table_row *t;
	if (strcmp(f[0], "T") == 0 && f[1] != NULL) {
		row(r, f[1]);
	} else if (strcmp(f[0], "C") == 0 && f[2] != NULL &&
	           (t = row(r, f[1])) != NULL) {
		t->entries = strtoull(f[2], NULL, 10);
		t->done = 1;
	} else if (strcmp(f[0], "P") == 0 && f[3] != NULL) {
		add_problem(r, f[1], f[2], f[3]);
	} else if (strcmp(f[0], "E") == 0 && f[1] != NULL) {
		add_problem(r, "", "", f[1]);
	}
}

/* Run the walk in a child; fills r. EXIT_OK, or EXIT_ERR (printed). */
static int
walk(cli_ctx *ctx, const arnet_config *cfg, report *r)
{
	int p[2];
	if (pipe(p) != 0) {
		return cli_error("doctor: cannot make a pipe: %s",
		                 strerror(errno));
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return cli_error("doctor: cannot fork: %s", strerror(errno));
	}
	if (pid == 0) {
		close(p[0]);
		walk_child(ctx, cfg, p[1]);
	}
	close(p[1]);
	FILE *in = fdopen(p[0], "r");
	if (in == NULL) {
		close(p[0]);
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while ((n = getline(&line, &cap, in)) > 0) {
			if (line[n - 1] == '\n') {
				line[n - 1] = '\0';
			}
			take_line(r, line);
		}
		free(line);
		fclose(in);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			return cli_error("doctor: lost the walk: %s",
			                 strerror(errno));
		}
	}
	if (WIFSIGNALED(status)) {
		char what[160];
		const char *at =
		        r->ntables > 0 ? r->tables[r->ntables - 1].name : "";
		r->crash_signal = WTERMSIG(status);
		snprintf(what, sizeof(what),
		         "the store is corrupt (the walk crashed in table %s: "
		         "signal %d)",
		         at[0] != '\0' ? at : "(before the first)",
		         r->crash_signal);
		add_problem(r, at, "", what);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		add_problem(r, "", "", "the walk ended with an error");
	}
	return EXIT_OK;
}

static int
print_json(const char *path, report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "store", path);
	cJSON_AddBoolToObject(o, "healthy", r->nproblems == 0);
	cJSON_AddNumberToObject(o, "problem_count", (double)r->nproblems);
	cJSON *tables = cJSON_AddArrayToObject(o, "tables");
	for (int i = 0; i < r->ntables; i++) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "name", r->tables[i].name);
		cJSON_AddNumberToObject(t, "entries",
		                        (double)r->tables[i].entries);
		cJSON_AddNumberToObject(t, "problems",
		                        (double)r->tables[i].problems);
		cJSON_AddBoolToObject(t, "walked", r->tables[i].done);
		cJSON_AddItemToArray(tables, t);
	}
	cJSON_AddItemToObject(o, "problems", r->problems);
	r->problems = NULL;
	if (r->crash_signal != 0) {
		cJSON *c = cJSON_AddObjectToObject(o, "crashed");
		cJSON_AddStringToObject(
		        c, "table",
		        r->ntables > 0 ? r->tables[r->ntables - 1].name : "");
		cJSON_AddNumberToObject(c, "signal", r->crash_signal);
	} else {
		cJSON_AddNullToObject(o, "crashed");
	}
	return cli_print_json(o);
}

static void
print_text(const char *path, const report *r)
{
	uint64_t entries = 0;
	printf("store %s\n", path);
	for (int i = 0; i < r->ntables; i++) {
		const table_row *t = &r->tables[i];
		entries += t->entries;
		printf("  %-14s %10llu entries", t->name,
		       (unsigned long long)t->entries);
		if (!t->done) {
			printf(", not walked to the end");
		}
		if (t->problems > 0) {
			printf(", %llu problem%s",
			       (unsigned long long)t->problems,
			       t->problems == 1 ? "" : "s");
		}
		printf("\n");
	}
	int n = cJSON_GetArraySize(r->problems);
	for (int i = 0; i < n; i++) {
		const cJSON *p = cJSON_GetArrayItem(r->problems, i);
		const char *table =
		        cJSON_GetObjectItem(p, "table")->valuestring;
		const cJSON *key = cJSON_GetObjectItem(p, "key");
		printf("problem: %s%s%s%s%s\n", table,
		       cJSON_IsString(key) ? " " : "",
		       cJSON_IsString(key) ? key->valuestring : "",
		       table[0] != '\0' ? ": " : "",
		       cJSON_GetObjectItem(p, "problem")->valuestring);
	}
	if ((uint64_t)n < r->nproblems) {
		printf("... and %llu more problems\n",
		       (unsigned long long)(r->nproblems - (uint64_t)n));
	}
	if (r->nproblems == 0) {
		printf("the store is healthy: %d tables, %llu entries\n",
		       r->ntables, (unsigned long long)entries);
	} else {
		printf("the store has %llu problem%s: restore it from a "
		       "backup (see docs/operations.md, Store integrity)\n",
		       (unsigned long long)r->nproblems,
		       r->nproblems == 1 ? "" : "s");
	}
}

int
cmd_doctor(cli_ctx *ctx, int argc, char **argv)
{
	int store = 0;
	char path[1200];
	arnet_diag d = {{0}, 0};
	const cli_opt opts[] = {CLI_FLAG("store", &store), CLI_END};
	int rv = cli_args("doctor", argc, argv, 1, opts, NULL, 0, 0, NULL);
	if (rv != EXIT_OK) {
		return rv;
	}
	if (!store) {
		return cli_usage("doctor", "say what to check (--store)");
	}
	const char *dir = cli_data_dir(ctx);
	const arnet_config *cfg = dir != NULL ? cli_config(ctx) : NULL;
	if (cfg == NULL) {
		return EXIT_ERR;
	}
	snprintf(path, sizeof(path), "%s/store", dir);
	if (access(path, F_OK) != 0) {
		return cli_error("no store in %s (give --data DIR)", dir);
	}
	report r = {.problems = cJSON_CreateArray()};
	if (r.problems == NULL) {
		return cli_error("out of memory");
	}
	rv = arnet_store_check_file(path, &d);
	if (rv == ARNET_ESTORE) {
		add_problem(&r, "", "", d.msg); /* no walk: it would fault */
	} else if (rv != ARNET_OK) {
		cJSON_Delete(r.problems);
		return cli_fail(rv, &d);
	} else if (walk(ctx, cfg, &r) != EXIT_OK) {
		cJSON_Delete(r.problems);
		return EXIT_ERR;
	}
	int healthy = r.nproblems == 0;
	if (ctx->json) {
		rv = print_json(path, &r);
	} else {
		print_text(path, &r);
		rv = EXIT_OK;
	}
	cJSON_Delete(r.problems);
	return rv != EXIT_OK || !healthy ? EXIT_ERR : EXIT_OK;
}
