/*
 * guard.c - connection caps and deadlines on the node's listeners (the
 * contract is in guard.h).
 *
 * Why: a non-member that opened ~1,100 connections completing the SP
 * handshake and then held still exhausted arnetd's descriptors (status
 * timed out, a restarted member could not connect) with nothing counted
 * or logged. nng 1.5.2 has no idle timeout and no connection limits, so
 * the node keeps its own books of every accepted pipe.
 *
 * Two tables, both allocated once at start and bounded by
 * max_connections: pipes by id (one entry per pipe counted), and
 * addresses (one entry per remote address with open pipes, plus
 * GUARD_ADDR_SPARE for addresses only refused, kept a minute so their
 * refusals are logged as one line). Each is a pool with a free list and
 * hash chains, so the callbacks never allocate. All state is under `mu`,
 * which nng's callbacks hold for a few hundred nanoseconds; the log lines
 * and the closing of overdue pipes happen on the guard thread, outside it.
 */
#include "guard.h"
#include "net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define GUARD_ADDR_SPARE 256   /* refused-only addresses remembered */
#define GUARD_LOG_MS     60000 /* one line per address per minute */
#define GUARD_TICK_MS    500
#define GUARD_LINES_TICK 32 /* log lines written per tick, at most */
#define GUARD_KEY_BYTES  17 /* family, then 16 bytes of address */

enum { REFUSE_TOTAL = 1, REFUSE_ADDR = 2 };

typedef struct guard_addr {
	uint8_t key[GUARD_KEY_BYTES];
	int32_t next; /* hash chain, or the free list */
	int used;
	uint32_t open;         /* pipes counted from it */
	uint32_t refused;      /* since its last log line */
	int reason;            /* of the latest refusal */
	int64_t last_line_ms;  /* 0: nothing logged yet */
	int64_t last_event_ms; /* its latest refusal */
} guard_addr;

typedef struct guard_pipe {
	uint32_t id; /* 0: free */
	int32_t next;
	int32_t addr;
	uint8_t kind;
	uint8_t valid;       /* sent a valid signed request */
	uint8_t closing;     /* overdue, handed to the thread to close */
	int64_t deadline_ms; /* 0: none (PUB) */
} guard_pipe;

typedef struct guard_watcher {
	struct node_guard *g;
	guard_kind kind;
} guard_watcher;

struct node_guard {
	arnet_node *n;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop, started;
	pthread_t thread;
	guard_watcher watch[GUARD_KINDS];
	int max, per_addr;
	int64_t handshake_ms, idle_ms;

	guard_pipe *pipes;
	int32_t *pipe_bucket, pipe_free;
	uint32_t pipe_mask;
	guard_addr *addrs;
	int32_t *addr_bucket, addr_free;
	uint32_t addr_mask;
	uint32_t open;

	uint64_t unplaced;         /* refusals with no address entry to spare */
	uint64_t timed_out, idled; /* closed since the last summary line */
	int64_t last_timeout_line_ms;
	uint32_t *overdue; /* the thread's scratch: ids to close */
};

static int64_t
now_ms(void)
{
	return node_clock_ms(CLOCK_MONOTONIC);
}

static uint32_t
pow2_at_least(uint32_t x)
{
	uint32_t p = 16;
	while (p < x) {
		p <<= 1;
	}
	return p;
}

static uint32_t
hash_key(const uint8_t *k)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (int i = 0; i < GUARD_KEY_BYTES; i++) {
		h = (h ^ k[i]) * 16777619u;
	}
	return h;
}

static uint32_t
hash_id(uint32_t id)
{
	return id * 2654435761u;
}

/*
 * The key an address is counted under: IPv4 (also IPv4-mapped IPv6) by
 * address, IPv6 by /64 (one host is given a /64 and picks from it at
 * will), anything else (ipc, inproc) as one local peer. Returns 1 when the
 * per-address cap applies.
 */
static int
addr_key(uint8_t *key, const nng_sockaddr *sa)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0,    0,
	                                   0, 0, 0, 0, 0xff, 0xff};
	memset(key, 0, GUARD_KEY_BYTES);
	switch (sa->s_family) {
	case NNG_AF_INET:
		key[0] = 4;
		memcpy(key + 1, &sa->s_in.sa_addr, 4);
		return 1;
	case NNG_AF_INET6:
		if (memcmp(sa->s_in6.sa_addr, mapped, 12) == 0) {
			key[0] = 4;
			memcpy(key + 1, sa->s_in6.sa_addr + 12, 4);
		} else {
			key[0] = 6;
			memcpy(key + 1, sa->s_in6.sa_addr, 8);
		}
		return 1;
	default:
		key[0] = 1;
		return 0;
	}
}

static void
addr_text(char *buf, size_t cap, const uint8_t *key)
{
	uint8_t a6[16] = {0};
	if (key[0] == 4) {
		inet_ntop(AF_INET, key + 1, buf, (socklen_t)cap);
	} else if (key[0] == 6) {
		memcpy(a6, key + 1, 8);
		inet_ntop(AF_INET6, a6, buf, (socklen_t)cap);
		size_t l = strlen(buf);
		snprintf(buf + l, cap - l, "/64");
	} else {
		snprintf(buf, cap, "local (ipc) peers");
	}
}

/* The entry of key, made if `make` and one is free; -1 otherwise. */
static int32_t
addr_find(struct node_guard *g, const uint8_t *key, int make)
{
	uint32_t b = hash_key(key) & g->addr_mask;
	for (int32_t i = g->addr_bucket[b]; i >= 0; i = g->addrs[i].next) {
		if (memcmp(g->addrs[i].key, key, GUARD_KEY_BYTES) == 0) {
			return i;
		}
	}
	if (!make || g->addr_free < 0) {
		return -1;
	}
	int32_t i = g->addr_free;
	guard_addr *a = &g->addrs[i];
	g->addr_free = a->next;
	memset(a, 0, sizeof(*a));
	memcpy(a->key, key, GUARD_KEY_BYTES);
	a->used = 1;
	a->next = g->addr_bucket[b];
	g->addr_bucket[b] = i;
	return i;
}

static void
addr_free(struct node_guard *g, int32_t i)
{
	uint32_t b = hash_key(g->addrs[i].key) & g->addr_mask;
	int32_t *at = &g->addr_bucket[b];
	while (*at != i) {
		at = &g->addrs[*at].next;
	}
	*at = g->addrs[i].next;
	g->addrs[i].used = 0;
	g->addrs[i].next = g->addr_free;
	g->addr_free = i;
}

/* The pipe entry of id and where its chain points at it; -1 if none. */
static int32_t
pipe_find(struct node_guard *g, uint32_t id, int32_t **link)
{
	int32_t *at = &g->pipe_bucket[hash_id(id) & g->pipe_mask];
	while (*at >= 0 && g->pipes[*at].id != id) {
		at = &g->pipes[*at].next;
	}
	if (link != NULL) {
		*link = at;
	}
	return *at;
}

static void
refuse(struct node_guard *g, int32_t ai, int reason)
{
	if (reason == REFUSE_TOTAL) {
		g->n->c.conns_refused_total++;
	} else {
		g->n->c.conns_refused_per_addr++;
	}
	if (ai < 0) {
		g->unplaced++;
		return;
	}
	g->addrs[ai].refused++;
	g->addrs[ai].reason = reason;
	g->addrs[ai].last_event_ms = now_ms();
}

/* ADD_PRE: count the pipe, or refuse it (1: close it). */
static int
admit(struct node_guard *g, nng_pipe p, guard_kind kind)
{
	nng_sockaddr sa;
	uint8_t key[GUARD_KEY_BYTES];
	memset(&sa, 0, sizeof(sa));
	if (nng_pipe_get_addr(p, NNG_OPT_REMADDR, &sa) != 0) {
		sa.s_family = NNG_AF_UNSPEC;
	}
	int capped = addr_key(key, &sa);
	int reject = 0;
	pthread_mutex_lock(&g->mu);
	int32_t ai = addr_find(g, key, 1);
	if (g->open >= (uint32_t)g->max || g->pipe_free < 0) {
		refuse(g, ai, REFUSE_TOTAL);
		reject = 1;
	} else if (ai < 0 ||
	           (capped && g->addrs[ai].open >= (uint32_t)g->per_addr)) {
		/* ai < 0: more addresses than max_connections + the spare,
		 * which cannot be with fewer than max_connections open. */
		refuse(g, ai, REFUSE_ADDR);
		reject = 1;
	} else {
		int32_t *link;
		int32_t pi = g->pipe_free;
		guard_pipe *e = &g->pipes[pi];
		(void)pipe_find(g, nng_pipe_id(p), &link);
		g->pipe_free = e->next;
		e->id = (uint32_t)nng_pipe_id(p);
		e->addr = ai;
		e->kind = (uint8_t)kind;
		e->valid = e->closing = 0;
		e->deadline_ms = kind == GUARD_SYNC ? now_ms() + g->handshake_ms
		                 : kind == GUARD_SURVEY ? now_ms() + g->idle_ms
		                                        : 0;
		e->next = *link;
		*link = pi;
		g->addrs[ai].open++;
		g->open++;
		g->n->c.conns_open = g->open;
	}
	pthread_mutex_unlock(&g->mu);
	return reject;
}

/* REM_POST: forget a pipe we counted (a refused one was never counted). */
static void
forget(struct node_guard *g, nng_pipe p)
{
	int32_t *link;
	pthread_mutex_lock(&g->mu);
	int32_t pi = pipe_find(g, (uint32_t)nng_pipe_id(p), &link);
	if (pi >= 0) {
		guard_pipe *e = &g->pipes[pi];
		*link = e->next;
		g->addrs[e->addr].open--;
		e->id = 0;
		e->next = g->pipe_free;
		g->pipe_free = pi;
		g->open--;
		g->n->c.conns_open = g->open;
	}
	pthread_mutex_unlock(&g->mu);
}

/*
 * Runs on nng's threads. Closing the pipe in ADD_PRE is how nng rejects
 * it (1.5.2 src/core/socket.c nni_listener_add_pipe: it sees p_closed
 * after the callback, never starts the protocol on it, and the reaper
 * tears it down, REM_POST included). Pipes of dialers are not ours.
 */
static void
on_pipe(nng_pipe p, nng_pipe_ev ev, void *arg)
{
	guard_watcher *w = arg;
	if (ev == NNG_PIPE_EV_ADD_PRE) {
		if (nng_listener_id(nng_pipe_listener(p)) > 0 &&
		    admit(w->g, p, w->kind)) {
			nng_pipe_close(p);
		}
	} else if (ev == NNG_PIPE_EV_REM_POST) {
		forget(w->g, p);
	}
}

int
guard_watch(arnet_node *n, nng_socket s, guard_kind k)
{
	struct node_guard *g = n->guard;
	if (g == NULL) {
		return 0;
	}
	int rv = nng_pipe_notify(s, NNG_PIPE_EV_ADD_PRE, on_pipe, &g->watch[k]);
	if (rv == 0) {
		rv = nng_pipe_notify(s, NNG_PIPE_EV_REM_POST, on_pipe,
		                     &g->watch[k]);
	}
	return rv;
}

void
guard_valid(arnet_node *n, nng_pipe p)
{
	struct node_guard *g = n->guard;
	if (g == NULL) {
		return;
	}
	pthread_mutex_lock(&g->mu);
	int32_t pi = pipe_find(g, (uint32_t)nng_pipe_id(p), NULL);
	if (pi >= 0 && g->pipes[pi].kind != GUARD_PUB) {
		g->pipes[pi].valid = 1;
		g->pipes[pi].deadline_ms = now_ms() + g->idle_ms;
	}
	pthread_mutex_unlock(&g->mu);
}

typedef struct guard_line {
	char addr[64];
	uint32_t count;
	int reason, first;
	int64_t window_s;
} guard_line;

static void
write_line(struct node_guard *g, const guard_line *l)
{
	char why[64];
	if (l->reason == REFUSE_TOTAL) {
		snprintf(why, sizeof(why), "limit of %d connections in all",
		         g->max);
	} else {
		snprintf(why, sizeof(why), "per-address limit %d", g->per_addr);
	}
	if (l->first) {
		node_log(NODE_LOG_WARN,
		         "refused a connection from %s: %s (more refusals from "
		         "it are logged once a minute)",
		         l->addr, why);
	} else {
		node_log(
		        NODE_LOG_WARN,
		        "refused %u connections from %s in the last %lld s: %s",
		        l->count, l->addr, (long long)l->window_s, why);
	}
}

/*
 * One tick (under mu): mark overdue pipes (ids into g->overdue, counted),
 * gather the log lines that are due, free address entries no longer
 * needed. Returns the number of overdue ids.
 */
static size_t
tick(struct node_guard *g, int64_t now, guard_line *lines, int *nlines)
{
	size_t k = 0;
	for (int i = 0; i < g->max; i++) {
		guard_pipe *e = &g->pipes[i];
		if (e->id == 0 || e->closing || e->deadline_ms == 0 ||
		    now < e->deadline_ms) {
			continue;
		}
		e->closing = 1;
		g->overdue[k++] = e->id;
		if (e->valid || e->kind == GUARD_SURVEY) {
			g->n->c.conns_idle_timeout++;
			g->idled++;
		} else {
			g->n->c.conns_handshake_timeout++;
			g->timed_out++;
		}
	}
	int cap = g->max + GUARD_ADDR_SPARE;
	for (int i = 0; i < cap; i++) {
		guard_addr *a = &g->addrs[i];
		if (!a->used) {
			continue;
		}
		int due = a->last_line_ms == 0 ||
		          now - a->last_line_ms >= GUARD_LOG_MS;
		if (a->refused > 0 && due && *nlines < GUARD_LINES_TICK) {
			guard_line *l = &lines[(*nlines)++];
			addr_text(l->addr, sizeof(l->addr), a->key);
			l->count = a->refused;
			l->reason = a->reason;
			l->first = a->last_line_ms == 0;
			l->window_s = (now - a->last_line_ms + 500) / 1000;
			a->last_line_ms = now;
			a->refused = 0;
		} else if (a->open == 0 && a->refused == 0 && due) {
			addr_free(g, i);
		}
	}
	return k;
}

static void
summary(struct node_guard *g, int64_t now)
{
	uint64_t hs = 0, idle = 0, lost = 0;
	pthread_mutex_lock(&g->mu);
	if ((g->timed_out || g->idled || g->unplaced) &&
	    (g->last_timeout_line_ms == 0 ||
	     now - g->last_timeout_line_ms >= GUARD_LOG_MS)) {
		hs = g->timed_out;
		idle = g->idled;
		lost = g->unplaced;
		g->timed_out = g->idled = g->unplaced = 0;
		g->last_timeout_line_ms = now;
	}
	pthread_mutex_unlock(&g->mu);
	if (hs > 0) {
		node_log(NODE_LOG_INFO,
		         "closed %llu connections that sent no valid signed "
		         "request within %lld ms",
		         (unsigned long long)hs, (long long)g->handshake_ms);
	}
	if (idle > 0) {
		node_log(NODE_LOG_INFO,
		         "closed %llu connections idle for %lld ms",
		         (unsigned long long)idle, (long long)g->idle_ms);
	}
	if (lost > 0) {
		node_log(NODE_LOG_WARN,
		         "refused %llu connections from too many addresses "
		         "to name",
		         (unsigned long long)lost);
	}
}

static void *
guard_thread(void *arg)
{
	struct node_guard *g = arg;
	guard_line lines[GUARD_LINES_TICK];
	node_thread_name("arnet:guard");
	pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += GUARD_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->cv, &g->mu, &ts);
		if (g->stop) {
			break;
		}
		int nlines = 0;
		int64_t now = now_ms();
		size_t k = tick(g, now, lines, &nlines);
		pthread_mutex_unlock(&g->mu);
		for (size_t i = 0; i < k; i++) {
			nng_pipe p = NNG_PIPE_INITIALIZER;
			p.id = g->overdue[i];
			nng_pipe_close(p); /* ENOENT: it went meanwhile */
		}
		for (int i = 0; i < nlines; i++) {
			write_line(g, &lines[i]);
		}
		summary(g, now);
		pthread_mutex_lock(&g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* Raise RLIMIT_NOFILE and fit max_connections to it (guard.h). */
static int
fit_descriptors(arnet_node *n, arnet_diag *d)
{
	struct rlimit rl;
	pthread_rwlock_rdlock(&n->roster_lock);
	long members = n->has_roster ? (long)n->roster.ncerts : 0;
	pthread_rwlock_unlock(&n->roster_lock);
	long peers = members > 0 ? members - 1 : 0;
	long conns = n->cfg.node.max_connections;
	long need = conns + GUARD_FDS_PER_PEER * peers + GUARD_FDS_FIXED;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		return ARNET_OK; /* cannot tell: go on as configured */
	}
	rlim_t want = need > 65536 ? (rlim_t)need : 65536;
	if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max) {
		want = rl.rlim_max;
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		struct rlimit up = {want, rl.rlim_max};
		if (setrlimit(RLIMIT_NOFILE, &up) == 0) {
			rl.rlim_cur = want;
		}
	}
	long have =
	        rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > ((rlim_t)1 << 30)
	                ? 1L << 30
	                : (long)rl.rlim_cur;
	if (have < need) {
		long room = have - GUARD_FDS_PER_PEER * peers - GUARD_FDS_FIXED;
		if (room < GUARD_FDS_PER_PEER * peers + 16) {
			return arnet_diag_set(
			        d, ARNET_ERANGE,
			        "descriptor limit %ld is too low for a roster "
			        "of %ld members: arnetd needs at least %ld, "
			        "and "
			        "%ld with [node] max_connections %ld (raise "
			        "LimitNOFILE or ulimit -n)",
			        have, members,
			        2 * GUARD_FDS_PER_PEER * peers +
			                GUARD_FDS_FIXED + 16,
			        need, conns);
		}
		node_log(
		        NODE_LOG_WARN,
		        "descriptor limit %ld is below the %ld that [node] "
		        "max_connections %ld needs with %ld members: accepting "
		        "at most %ld connections (raise LimitNOFILE or "
		        "ulimit -n)",
		        have, need, conns, members, room);
		n->cfg.node.max_connections = (int)room;
	} else {
		node_log(NODE_LOG_INFO,
		         "descriptor limit %ld (needs %ld: %ld connections, "
		         "%ld members)",
		         have, need, conns, members);
	}
	if (n->cfg.node.max_connections < GUARD_FDS_PER_PEER * peers + 16) {
		node_log(NODE_LOG_WARN,
		         "[node] max_connections %d leaves little room: the "
		         "roster's %ld other members make %ld connections to "
		         "us",
		         n->cfg.node.max_connections, peers,
		         GUARD_FDS_PER_PEER * peers);
	}
	return ARNET_OK;
}

static int
alloc_tables(struct node_guard *g)
{
	int cap = g->max + GUARD_ADDR_SPARE;
	g->pipe_mask = pow2_at_least((uint32_t)g->max * 2) - 1;
	g->addr_mask = pow2_at_least((uint32_t)cap * 2) - 1;
	g->pipes = calloc((size_t)g->max, sizeof(*g->pipes));
	g->overdue = calloc((size_t)g->max, sizeof(*g->overdue));
	g->addrs = calloc((size_t)cap, sizeof(*g->addrs));
	g->pipe_bucket = malloc(((size_t)g->pipe_mask + 1) * sizeof(int32_t));
	g->addr_bucket = malloc(((size_t)g->addr_mask + 1) * sizeof(int32_t));
	if (g->pipes == NULL || g->overdue == NULL || g->addrs == NULL ||
	    g->pipe_bucket == NULL || g->addr_bucket == NULL) {
		return ARNET_ENOMEM;
	}
	memset(g->pipe_bucket, 0xff, ((size_t)g->pipe_mask + 1) * 4);
	memset(g->addr_bucket, 0xff, ((size_t)g->addr_mask + 1) * 4);
	for (int i = 0; i < g->max; i++) {
		g->pipes[i].next = i + 1 < g->max ? i + 1 : -1;
	}
	for (int i = 0; i < cap; i++) {
		g->addrs[i].next = i + 1 < cap ? i + 1 : -1;
	}
	g->pipe_free = 0;
	g->addr_free = 0;
	return ARNET_OK;
}

int
guard_start(arnet_node *n, arnet_diag *d)
{
	int rv = fit_descriptors(n, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	struct node_guard *g = calloc(1, sizeof(*g));
	if (g == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	n->guard = g;
	g->n = n;
	g->max = n->cfg.node.max_connections;
	g->per_addr = n->cfg.node.max_connections_per_addr;
	g->handshake_ms = n->cfg.node.handshake_timeout_ms;
	g->idle_ms = n->cfg.node.idle_timeout_ms;
	for (int k = 0; k < GUARD_KINDS; k++) {
		g->watch[k].g = g;
		g->watch[k].kind = (guard_kind)k;
	}
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	if (alloc_tables(g) != ARNET_OK) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	if (node_thread_start(&g->thread, &g->started, guard_thread, g) !=
	    ARNET_OK) {
		return arnet_diag_set(d, ARNET_ENOMEM, "cannot start a thread");
	}
	if (guard_watch(n, n->pub, GUARD_PUB) != 0 ||
	    guard_watch(n, n->rep, GUARD_SYNC) != 0) {
		return arnet_diag_set(d, ARNET_ENOMEM,
		                      "cannot watch the listeners");
	}
	node_log(NODE_LOG_INFO,
	         "connections: at most %d, %d per address; handshake %ld "
	         "ms, idle %ld ms",
	         g->max, g->per_addr, n->cfg.node.handshake_timeout_ms,
	         n->cfg.node.idle_timeout_ms);
	return ARNET_OK;
}

void
guard_stop(arnet_node *n)
{
	struct node_guard *g = n->guard;
	if (g == NULL) {
		return;
	}
	if (g->started) {
		pthread_mutex_lock(&g->mu);
		g->stop = 1;
		pthread_cond_signal(&g->cv);
		pthread_mutex_unlock(&g->mu);
		pthread_join(g->thread, NULL);
	}
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	free(g->pipes);
	free(g->overdue);
	free(g->addrs);
	free(g->pipe_bucket);
	free(g->addr_bucket);
	free(g);
	n->guard = NULL;
}
