/*
 * arnetd.c - the daemon of a member node.
 *
 *   arnetd [--config FILE] [--data DIR]
 *
 * Runs in the foreground and logs to stderr (a service manager keeps the
 * log). SIGTERM and SIGINT stop it cleanly; SIGHUP rereads the roster
 * kept in the store. The data directory is --data, else $ARNET_DATA, else
 * ~/.local/share/arnet; the config is --config, else DATA/arnet.conf.
 * Exit codes: 0 stopped by a signal, 1 could not start, 2 usage.
 */
#include "arnet_keys.h"
#include "arnet_node.h"
#include "arnet_store.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

static void
usage(FILE *f)
{
	fprintf(f, "usage: arnetd [--config FILE] [--data DIR]\n"
	           "runs a member node of an arnet association in the "
	           "foreground;\nSIGTERM/SIGINT stop it, SIGHUP rereads the "
	           "roster (docs/operations.md)\n");
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
	/* A crash must not write the member's secret key to a core file. */
	setrlimit(RLIMIT_CORE, &no_core);
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
	arnet_node_stop(node);
	return 0;
}
