/*
 * net.c - what every part does with its sockets: the receive limit and
 * timeouts, the reconnect backoff of a dialing socket, the receive loop,
 * whether an endpoint is worth a dial, publishing on the PUB socket, and
 * the threads' names. Below the parts: it calls none of them.
 */
#include "net.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

int
node_socket_limits(nng_socket s, size_t max_bytes, int recv_timeout_ms)
{
	int rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, max_bytes);
	if (rv == 0 && recv_timeout_ms > 0) {
		rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, recv_timeout_ms);
	}
	return rv;
}

void
node_dial_backoff(nng_socket s)
{
	nng_socket_set_ms(s, NNG_OPT_RECONNMINT, NODE_RECONN_MIN_MS);
	nng_socket_set_ms(s, NNG_OPT_RECONNMAXT, NODE_RECONN_MAX_MS);
}

void
node_thread_name(const char *name)
{
	(void)prctl(PR_SET_NAME, name, 0, 0, 0);
}

void
node_publish(arnet_node *n, int type, const uint8_t *b, size_t len)
{
	nng_msg *m;
	if (!n->pub_open || n->pub_aio == NULL ||
	    nng_msg_alloc(&m, ARNET_ENVELOPE_BYTES + len) != 0) {
		return;
	}
	uint8_t *body = nng_msg_body(m);
	arnet_envelope_put(body, type);
	memcpy(body + ARNET_ENVELOPE_BYTES, b, len);
	/* PUB never blocks: a subscriber that lags loses messages (sync
	 * brings them), so the send completes at once. */
	pthread_mutex_lock(&n->pub_mu);
	nng_aio_set_msg(n->pub_aio, m);
	nng_send_aio(n->pub, n->pub_aio);
	nng_aio_wait(n->pub_aio);
	int rv = nng_aio_result(n->pub_aio);
	pthread_mutex_unlock(&n->pub_mu);
	if (rv != 0) {
		nng_msg_free(m);
		return;
	}
	n->c.published++;
}

int
node_endpoint_dialable(const char *url)
{
	struct stat st;
	if (strncmp(url, "ipc://", 6) != 0) {
		return 1;
	}
	/* Not a connect: nng 1.5.2's ipc listener stops accepting after a
	 * connection that closes before the SP handshake (tested), so a
	 * probe that connected would take the member down. */
	return stat(url + 6, &st) == 0 && S_ISSOCK(st.st_mode);
}

void
node_receive(arnet_node *n, nng_socket s, void (*fn)(arnet_node *, nng_msg *))
{
	while (!atomic_load(&n->stopping)) {
		nng_msg *m;
		int rv = nng_recvmsg(s, &m, 0);
		if (rv == NNG_ECLOSED) {
			break;
		}
		if (rv == 0) {
			fn(n, m); /* timeouts just let us see `stopping` */
		}
	}
}

int
node_thread_start(pthread_t *t, int *started, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg) != 0) {
		return ARNET_ENOMEM;
	}
	*started = 1;
	return ARNET_OK;
}

void
node_thread_join(pthread_t *t, int *started)
{
	if (*started) {
		pthread_join(*t, NULL);
		*started = 0;
	}
}

int64_t
node_clock_ms(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
