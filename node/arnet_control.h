/*
 * arnet_control.h - a running arnetd from the outside: where its control
 * socket is, where the member's key is, and one request on the socket
 * with its reply (control_client.c). The daemon's side is control.c; the
 * requests and replies are JSON objects (docs/cli.md, `arnet status`).
 * The CLI asks through these, and arnetd finds its socket and its key
 * with the same functions, so the two cannot disagree.
 */
#ifndef ARNET_CONTROL_H
#define ARNET_CONTROL_H

#include "arnet_config.h"
#include "arnet_err.h"

#include <stddef.h>

/* How long a request may take to send; also the reply's usual wait. */
#define ARNET_CONTROL_TIMEOUT_MS 3000
/* The largest reply a client takes. */
#define ARNET_CONTROL_REPLY_MAX (16u << 20)

/*
 * arnet_control_url: the control socket of the node on data_dir under
 * cfg into buf (cap bytes): [node] control when set, else
 * ipc://DATA_DIR/arnetd.ipc.
 */
void arnet_control_url(char *buf, size_t cap, const arnet_config *cfg,
                       const char *data_dir);

/*
 * arnet_member_key_path: the member's secret key file into buf (cap
 * bytes): [member] key as it is when absolute, else relative to the
 * directory of the config file (cfg->path), or to data_dir when the
 * config was not read from a file. ARNET_OK; ARNET_ENOTFOUND when
 * [member] key is not set (buf is then ""): the caller says so.
 */
int arnet_member_key_path(char *buf, size_t cap, const arnet_config *cfg,
                          const char *data_dir)
        __attribute__((warn_unused_result));

/* Where a request failed: nng error codes, 0 for a step that went well
 * (or was not reached). */
typedef struct arnet_control_status {
	int dial_rv; /* the dial: NNG_ECONNREFUSED, NNG_EPERM, ... */
	int io_rv;   /* opening the socket, the send or the receive */
} arnet_control_status;

/*
 * arnet_control_call: send req (the text of a JSON object) to the
 * control socket url and wait up to timeout_ms for the reply (the send
 * gets ARNET_CONTROL_TIMEOUT_MS). ARNET_OK and *reply, NUL-terminated,
 * *len bytes before the NUL, which the caller frees with free();
 * ARNET_EIO when no reply came (st, which may be NULL, says where), and
 * ARNET_ENOMEM. A blocking dial: it fails at once when nobody listens.
 * Blocks the calling thread; no state is kept between calls.
 */
int arnet_control_call(char **reply, size_t *len, const char *url,
                       const char *req, int timeout_ms,
                       arnet_control_status *st)
        __attribute__((warn_unused_result));

#endif /* ARNET_CONTROL_H */
