/*
 * control_client.c - the client's side of the control socket (the CLI's):
 * where it is, where the member's key is, one request and its reply
 * (arnet_control.h). The daemon's side is control.c.
 */
#include "arnet_control.h"

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
arnet_control_url(char *buf, size_t cap, const arnet_config *cfg,
                  const char *data_dir)
{
	if (cfg->node.control[0] != '\0') {
		snprintf(buf, cap, "%s", cfg->node.control);
	} else {
		snprintf(buf, cap, "ipc://%s/arnetd.ipc", data_dir);
	}
}

int
arnet_member_key_path(char *buf, size_t cap, const arnet_config *cfg,
                      const char *data_dir)
{
	const char *slash = strrchr(cfg->path, '/');
	buf[0] = '\0';
	if (cfg->key_file[0] == '\0') {
		return ARNET_ENOTFOUND;
	}
	if (cfg->key_file[0] == '/') {
		snprintf(buf, cap, "%s", cfg->key_file);
	} else if (cfg->path[0] != '\0' && slash != NULL) {
		snprintf(buf, cap, "%.*s/%s", (int)(slash - cfg->path),
		         cfg->path, cfg->key_file);
	} else if (cfg->path[0] != '\0') {
		snprintf(buf, cap, "%s", cfg->key_file);
	} else {
		snprintf(buf, cap, "%s/%s", data_dir, cfg->key_file);
	}
	return ARNET_OK;
}

int
arnet_control_call(char **reply, size_t *len, const char *url, const char *req,
                   int timeout_ms, arnet_control_status *st)
{
	arnet_control_status local;
	nng_socket s;
	char *buf = NULL;
	size_t n = 0;
	if (st == NULL) {
		st = &local;
	}
	st->dial_rv = st->io_rv = 0;
	*reply = NULL;
	*len = 0;
	if ((st->io_rv = nng_req0_open(&s)) != 0) {
		return ARNET_EIO;
	}
	nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, timeout_ms);
	nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, ARNET_CONTROL_TIMEOUT_MS);
	nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, ARNET_CONTROL_REPLY_MAX);
	int rv = ARNET_EIO;
	/* A blocking dial fails at once when nobody listens: no daemon. */
	if ((st->dial_rv = nng_dial(s, url, NULL, 0)) == 0 &&
	    (st->io_rv = nng_send(s, (void *)req, strlen(req), 0)) == 0 &&
	    (st->io_rv = nng_recv(s, &buf, &n, NNG_FLAG_ALLOC)) == 0) {
		rv = ARNET_ENOMEM;
		if ((*reply = malloc(n + 1)) != NULL) {
			memcpy(*reply, buf, n);
			(*reply)[n] = '\0';
			*len = n;
			rv = ARNET_OK;
		}
		nng_free(buf, n);
	}
	nng_close(s);
	return rv;
}
