/*
 * arnetd.c - the daemon of a member node.
 *
 *   arnetd [--config FILE] [--data DIR]
 *
 * Runs in the foreground and logs to stderr (a service manager keeps the
 * log). SIGTERM and SIGINT stop it cleanly; SIGHUP rereads the roster
 * kept in the store. The data directory is --data, else $ARNET_DATA, else
 * ~/.local/share/arnet; the config is --config, else DATA/arnet.conf.
 * Exit codes: 0 stopped by a signal, 1 could not start, 2 usage, 3
 * stopped by a signal but the stop did not end within 20 s (a network
 * link nng could not close: the process exits anyway).
 *
 * It refuses to start when the data directory, or the directory of a
 * configured control socket, is not its user's own with mode 0700: the
 * control socket lets whoever reaches it publish, sync and survey in the
 * member's name (docs/operations.md, "Local access").
 */
#include "arnet_keys.h"
#include "arnet_node.h"
#include "arnet_store.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static void
usage(FILE *f)
{
	fprintf(f, "usage: arnetd [--config FILE] [--data DIR]\n"
	           "runs a member node of an arnet association in the "
	           "foreground;\nSIGTERM/SIGINT stop it, SIGHUP rereads the "
	           "roster (docs/operations.md)\n");
}

/*
 * 0 when dir is a directory of ours that group and others cannot reach;
 * else prints why, naming dir, its mode and owner, and returns 1. A data
 * directory that does not exist yet passes: the store makes it 0700.
 */
static int
private_dir(const char *what, const char *dir, int may_be_missing)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT && may_be_missing) {
			return 0;
		}
		fprintf(stderr, "arnetd: %s %s: %s\n", what, dir,
		        strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "arnetd: %s %s is not a directory\n", what,
		        dir);
		return 1;
	}
	if (st.st_uid != geteuid()) {
		fprintf(stderr,
		        "arnetd: %s %s belongs to uid %u, not to arnetd's "
		        "user (uid %u): refusing to start\n",
		        what, dir, (unsigned)st.st_uid, (unsigned)geteuid());
		return 1;
	}
	if ((st.st_mode & 077) != 0) {
		fprintf(stderr,
		        "arnetd: %s %s is mode %04o: other local users could "
		        "reach the control socket; refusing to start (chmod "
		        "700 %s)\n",
		        what, dir, (unsigned)(st.st_mode & 07777), dir);
		return 1;
	}
	return 0;
}

/* The directory of a configured ipc:// control socket must be private. */
static int
private_control_dir(const char *url)
{
	char copy[1200];
	if (url[0] == '\0') {
		return 0; /* DATA/arnetd.ipc: the data directory's check */
	}
	snprintf(copy, sizeof(copy), "%s", url + strlen("ipc://"));
	return private_dir("control socket directory", dirname(copy), 0);
}

/* A stop that does not end in STOP_DEADLINE_S ends the process: nng
 * 1.5.2's nng_close can block for good while it reaps a TLS connection
 * (nanomsg/nng#1543). Every store write is a committed LMDB transaction
 * by then, or none, so exiting loses nothing. */
#define STOP_DEADLINE_S 20

static void *
stop_watchdog(void *arg)
{
	static const char msg[] = "arnetd: the stop did not end in 20 s (a "
	                          "network link would not close): exiting\n";
	(void)arg;
	sleep(STOP_DEADLINE_S);
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		_exit(3);
	}
	_exit(3);
}

int
main(int argc, char **argv)
{
	const char *config = NULL, *data = NULL;
	char dir[1024], conf[1200];
	arnet_config cfg;
	arnet_node *node;
	arnet_diag d;
	sigset_t set;
	struct rlimit no_core = {0, 0};

	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "--config") == 0 ||
		     strcmp(argv[i], "--data") == 0) &&
		    i + 1 < argc) {
			const char **slot = argv[i][2] == 'c' ? &config : &data;
			*slot = argv[i + 1];
			i++;
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "arnetd: unexpected argument %s\n",
			        argv[i]);
			usage(stderr);
			return 2;
		}
	}
	/* A crash must not write the member's secret key to a core file,
	 * and other processes of this user must not read it by ptrace or
	 * /proc/PID/mem. */
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (arnet_crypto_init() != ARNET_OK) {
		fprintf(stderr, "arnetd: cannot initialise libsodium\n");
		return 1;
	}
	if (data != NULL) {
		snprintf(dir, sizeof(dir), "%s", data);
	} else if (arnet_store_default_dir(dir, sizeof(dir)) != ARNET_OK) {
		fprintf(stderr, "arnetd: no data directory (--data DIR)\n");
		return 1;
	}
	if (config == NULL) {
		struct stat st;
		snprintf(conf, sizeof(conf), "%s/arnet.conf", dir);
		config = stat(conf, &st) == 0 ? conf : NULL;
	}
	if (arnet_config_load(&cfg, config, &d) != ARNET_OK) {
		fprintf(stderr, "arnetd: %s\n", d.msg);
		return 1;
	}
	if (private_dir("data directory", dir, 1) != 0 ||
	    private_control_dir(cfg.node.control) != 0) {
		return 1;
	}
	/* Signals go to this thread only (sigwait below): block them before
	 * any thread starts, so every thread inherits the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (arnet_node_start(&node, dir, &cfg, &d) != ARNET_OK) {
		fprintf(stderr, "arnetd: %s\n", d.msg);
		return 1;
	}
	for (;;) {
		int sig = 0;
		if (sigwait(&set, &sig) != 0) {
			continue;
		}
		if (sig == SIGHUP) {
			arnet_node_reload(node);
			continue;
		}
		break;
	}
	pthread_t dog;
	if (pthread_create(&dog, NULL, stop_watchdog, NULL) == 0) {
		pthread_detach(dog);
	}
	arnet_node_stop(node);
	return 0;
}
