/*
 * conn_flood - a non-member that opens many connections to a node's
 * listeners, completes the SP handshake on each and then holds still
 * (the attack of issue 12, item 2), for tests/integration/conn_test.sh.
 *
 *   conn_flood [--from ADDR]... --count N --stop FILE [--closed KIND]
 *              KIND=tcp://H:P...
 *
 * KIND is sync (we speak REQ to the node's REP), pub (SUB to PUB) or
 * survey (SURVEYOR to RESPONDENT). Connection i goes to the (i mod K)th
 * URL from the ((i / K) mod A)th source address (default 127.0.0.2: a
 * host other than the members', all on loopback). Raw TCP: nng's SP
 * header is "\0SP\0", the protocol id (16-bit big-endian), two zero
 * bytes; each side sends its own and reads the other's.
 *
 * Prints "ready attempted=N handshaken=H" once every connection is
 * attempted and the handshakes are read (or 10 s passed), then holds
 * everything, reading and dropping whatever the node sends (a PUB node
 * publishes to us too), until FILE exists (or 60 s pass); with --closed,
 * then also until the node has closed every connection of that KIND (at
 * most 20 s more: the node's deadlines are what is tested). Then prints,
 * per kind, "KIND open=O closed=C": connections still open, and those the
 * node closed. Exit 0, or 2 on bad usage, 1 when nothing could connect.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_URLS  8
#define MAX_FROM  64
#define MAX_CONNS 20000

enum { K_SYNC, K_PUB, K_SURVEY, K_COUNT };
static const char *const kind_names[K_COUNT] = {"sync", "pub", "survey"};
static const int our_proto[K_COUNT] = {0x30, 0x21, 0x62}; /* REQ SUB SURV */

typedef struct conn {
	int fd, kind;
	int got;    /* header bytes read */
	int closed; /* by the node */
} conn;

/* Deadlines are seconds apart: the wall clock's seconds are enough. */
static int64_t
now_ms(void)
{
	return (int64_t)time(NULL) * 1000;
}

static int
parse_url(const char *arg, int *kind, struct sockaddr_in *to)
{
	char host[64];
	unsigned port;
	const char *eq = strchr(arg, '=');
	if (eq == NULL) {
		return -1;
	}
	*kind = -1;
	for (int k = 0; k < K_COUNT; k++) {
		if (strlen(kind_names[k]) == (size_t)(eq - arg) &&
		    strncmp(arg, kind_names[k], (size_t)(eq - arg)) == 0) {
			*kind = k;
		}
	}
	if (*kind < 0 || sscanf(eq + 1, "tcp://%63[^:]:%u", host, &port) != 2 ||
	    port > 65535) {
		return -1;
	}
	memset(to, 0, sizeof(*to));
	to->sin_family = AF_INET;
	to->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &to->sin_addr) == 1 ? 0 : -1;
}

/* Connect from `from` to `to` and send our SP header; -1 on failure. */
static int
open_one(const struct in_addr *from, const struct sockaddr_in *to, int kind)
{
	uint8_t hdr[8] = {0, 'S', 'P', 0, 0, (uint8_t)our_proto[kind], 0, 0};
	struct sockaddr_in src;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		return -1;
	}
	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	src.sin_addr = *from;
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0 ||
	    connect(fd, (const struct sockaddr *)to, sizeof(*to)) != 0 ||
	    write(fd, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr)) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/* Read what is there: the header first, the rest dropped. */
static void
drain(conn *c)
{
	uint8_t buf[4096];
	for (;;) {
		ssize_t r = read(c->fd, buf, sizeof(buf));
		if (r > 0) {
			c->got +=
			        c->got < 8
			                ? (int)(r < 8 - c->got ? r : 8 - c->got)
			                : 0;
			continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			c->closed = 1;
		}
		return;
	}
}

/* Poll every open connection for up to ms and drain what is readable. */
static void
poll_all(conn *cs, int n, struct pollfd *pf, int ms)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (!cs[i].closed) {
			pf[k].fd = cs[i].fd;
			pf[k].events = POLLIN;
			pf[k].revents = 0;
			k++;
		}
	}
	if (poll(pf, (nfds_t)k, ms) <= 0) {
		return;
	}
	for (int i = 0, j = 0; i < n; i++) {
		if (cs[i].closed) {
			continue;
		}
		if (pf[j++].revents != 0) {
			drain(&cs[i]);
		}
	}
}

static int
usage(void)
{
	fprintf(stderr,
	        "usage: conn_flood [--from ADDR]... --count N "
	        "--stop FILE [--closed KIND] KIND=tcp://HOST:PORT...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct in_addr from[MAX_FROM];
	struct sockaddr_in to[MAX_URLS];
	int kinds[MAX_URLS], nfrom = 0, nurl = 0, count = 0, closed_kind = -1;
	const char *stop = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc &&
		    nfrom < MAX_FROM) {
			if (inet_pton(AF_INET, argv[++i], &from[nfrom++]) !=
			    1) {
				return usage();
			}
		} else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
			count = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--stop") == 0 && i + 1 < argc) {
			stop = argv[++i];
		} else if (strcmp(argv[i], "--closed") == 0 && i + 1 < argc) {
			i++;
			for (int k = 0; k < K_COUNT; k++) {
				if (strcmp(argv[i], kind_names[k]) == 0) {
					closed_kind = k;
				}
			}
			if (closed_kind < 0) {
				return usage();
			}
		} else if (nurl < MAX_URLS &&
		           parse_url(argv[i], &kinds[nurl], &to[nurl]) == 0) {
			nurl++;
		} else {
			return usage();
		}
	}
	if (count <= 0 || count > MAX_CONNS || nurl == 0 || stop == NULL) {
		return usage();
	}
	if (nfrom == 0) {
		inet_pton(AF_INET, "127.0.0.2", &from[nfrom++]);
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	conn *cs = calloc((size_t)count, sizeof(*cs));
	struct pollfd *pf = calloc((size_t)count, sizeof(*pf));
	if (cs == NULL || pf == NULL) {
		return 1;
	}
	int n = 0;
	for (int i = 0; i < count; i++) {
		int u = i % nurl;
		int fd = open_one(&from[(i / nurl) % nfrom], &to[u], kinds[u]);
		if (fd >= 0) {
			cs[n].fd = fd;
			cs[n].kind = kinds[u];
			n++;
		}
		if (i % 64 == 63) {
			poll_all(cs, n, pf, 0);
		}
	}
	if (n == 0) {
		fprintf(stderr, "conn_flood: no connection could be made\n");
		return 1;
	}
	/* Every handshake read (or its connection closed), or 10 s. */
	int64_t until = now_ms() + 10000;
	int shaken = 0;
	for (;;) {
		int waiting = 0;
		shaken = 0;
		for (int i = 0; i < n; i++) {
			shaken += cs[i].got >= 8;
			waiting += cs[i].got < 8 && !cs[i].closed;
		}
		if (waiting == 0 || now_ms() >= until) {
			break;
		}
		poll_all(cs, n, pf, 100);
	}
	printf("ready attempted=%d handshaken=%d\n", count, shaken);
	fflush(stdout);
	until = now_ms() + 60000;
	while (access(stop, F_OK) != 0 && now_ms() < until) {
		poll_all(cs, n, pf, 100);
	}
	until = now_ms() + 20000;
	while (closed_kind >= 0 && now_ms() < until) {
		int open = 0;
		for (int i = 0; i < n; i++) {
			open += cs[i].kind == closed_kind && !cs[i].closed;
		}
		if (open == 0) {
			break;
		}
		poll_all(cs, n, pf, 100);
	}
	poll_all(cs, n, pf, 0);
	for (int k = 0; k < K_COUNT; k++) {
		int open = 0, closed = 0, any = 0;
		for (int i = 0; i < n; i++) {
			if (cs[i].kind == k) {
				any = 1;
				open += !cs[i].closed;
				closed += cs[i].closed;
			}
		}
		if (any) {
			printf("%s open=%d closed=%d\n", kind_names[k], open,
			       closed);
		}
	}
	for (int i = 0; i < n; i++) {
		close(cs[i].fd);
	}
	free(cs);
	free(pf);
	return fflush(stdout) == 0 ? 0 : 1;
}
