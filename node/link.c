/*
 * link.c - the node's TLS links: its link key, the tls+tcp:// listeners
 * (restarted when the pins change) and the dials, each dial trusting the
 * one certificate its member's roster certificate pins. See link.h.
 */
#include "link.h"
#include "arnet_link_key.h"

#include <nng/supplemental/tls/tls.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINK_LISTENERS 4 /* publishing, sync, surveys; and one spare */

typedef struct link_listener {
	nng_socket s;
	char url[ARNET_URL_MAX + 1];
	char what[16];
	nng_listener l;
	int up; /* listening with the current pins */
} link_listener;

struct node_links {
	pthread_mutex_t mu;
	int have_key;
	char *key_pem; /* sodium_malloc'd: the secret link key, PEM */
	char crt_pem[ARNET_LINK_PEM_MAX];
	uint8_t own[ARNET_LINK_CERT_MAX]; /* our certificate, DER */
	size_t own_len;
	int warned;     /* that the roster pins another certificate for us */
	uint8_t id[32]; /* of the pins `server` trusts */
	int pinned;     /* node_links_pin has run */
	/* The listeners' configuration, trusting the pins: built once for
	 * each set and shared by every listener (each holds a reference);
	 * NULL until the first. */
	nng_tls_config *server;
	size_t npins;
	link_listener lst[LINK_LISTENERS];
	int nlst;
};

int
node_link_is_tls(const char *url)
{
	return strncmp(url, "tls+tcp://", 10) == 0;
}

int
node_links_open(arnet_node *n, arnet_diag *d)
{
	struct node_links *L = calloc(1, sizeof(*L));
	if (L == NULL ||
	    (L->key_pem = sodium_malloc(ARNET_LINK_PEM_MAX)) == NULL) {
		free(L);
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&L->mu, NULL);
	n->links = L;
	int rv = arnet_link_key_load(n->data_dir, L->key_pem,
	                             ARNET_LINK_PEM_MAX, L->crt_pem,
	                             sizeof(L->crt_pem), L->own, sizeof(L->own),
	                             &L->own_len, (int64_t)time(NULL), d);
	if (rv == ARNET_ENOTFOUND) {
		node_log(NODE_LOG_WARN,
		         "no link key in %s (%s): tls+tcp:// endpoints are "
		         "refused; arnet --data %s link-key --new makes one",
		         n->data_dir, d != NULL ? d->msg : "", n->data_dir);
		if (d != NULL) {
			d->msg[0] = '\0';
		}
		return ARNET_OK;
	}
	if (rv != ARNET_OK) {
		return rv;
	}
	L->have_key = 1;
	char fpr[ARNET_LINK_FPR_LEN + 1];
	arnet_link_cert_fingerprint(fpr, L->own, L->own_len);
	node_log(NODE_LOG_INFO, "link certificate %s", fpr);
	return ARNET_OK;
}

void
node_links_close(arnet_node *n)
{
	struct node_links *L = n->links;
	if (L == NULL) {
		return;
	}
	for (int i = 0; i < L->nlst; i++) {
		if (L->lst[i].up) {
			nng_listener_close(L->lst[i].l);
		}
	}
	sodium_free(L->key_pem);
	if (L->server != NULL) {
		nng_tls_config_free(L->server);
	}
	pthread_mutex_destroy(&L->mu);
	free(L);
	n->links = NULL;
}

/* A TLS configuration of ours: TLS 1.2, the peer's certificate
 * required, our link certificate and key; the trusted certificates
 * (PEM, or NULL: none, so every peer is refused) and, for a client, the
 * name asked for. NULL when nng refuses any of it. Caller holds L->mu. */
static nng_tls_config *
make_config(struct node_links *L, nng_tls_mode mode, const char *trusted)
{
	nng_tls_config *c = NULL;
	int rv = nng_tls_config_alloc(&c, mode);
	if (rv == 0) {
		rv = nng_tls_config_version(c, NNG_TLS_1_2, NNG_TLS_1_2);
	}
	if (rv == 0) {
		rv = nng_tls_config_auth_mode(c, NNG_TLS_AUTH_MODE_REQUIRED);
	}
	if (rv == 0) {
		rv = nng_tls_config_own_cert(c, L->crt_pem, L->key_pem, NULL);
	}
	if (rv == 0 && trusted != NULL) {
		rv = nng_tls_config_ca_chain(c, trusted, NULL);
	}
	if (rv == 0 && mode == NNG_TLS_MODE_CLIENT) {
		rv = nng_tls_config_server_name(c, ARNET_LINK_NAME);
	}
	if (rv != 0) {
		node_log(NODE_LOG_ERROR, "TLS configuration refused: %s",
		         nng_strerror(rv));
		if (c != NULL) {
			nng_tls_config_free(c);
		}
		return NULL;
	}
	return c;
}

/* Start (or restart) listener k with the current pins. Caller holds
 * L->mu. 0, or nng's error. */
static int
start_listener(struct node_links *L, link_listener *k)
{
	if (L->server == NULL &&
	    (L->server = make_config(L, NNG_TLS_MODE_SERVER, NULL)) == NULL) {
		return NNG_EINVAL; /* none pinned yet: every peer refused */
	}
	nng_tls_config *cfg = L->server;
	nng_listener l;
	int rv = nng_listener_create(&l, k->s, k->url);
	if (rv == 0) {
		rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, cfg);
		if (rv == 0) {
			rv = nng_listener_start(l, 0);
		}
		if (rv != 0) {
			nng_listener_close(l);
		}
	}
	if (rv == 0) {
		k->l = l;
		k->up = 1;
	}
	return rv;
}

int
node_link_listen(arnet_node *n, nng_socket s, const char *url, const char *what,
                 arnet_diag *d)
{
	struct node_links *L = n->links;
	int rv;
	if (!node_link_is_tls(url)) {
		rv = nng_listen(s, url, NULL, 0);
	} else if (!L->have_key) {
		return arnet_diag_set(d, ARNET_ENOTFOUND,
		                      "cannot listen for %s on %s: no link key "
		                      "(%s/" ARNET_LINK_KEY_FILE ")",
		                      what, url, n->data_dir);
	} else {
		pthread_mutex_lock(&L->mu);
		if (L->nlst == LINK_LISTENERS) {
			rv = NNG_ENOMEM;
		} else {
			link_listener *k = &L->lst[L->nlst];
			memset(k, 0, sizeof(*k));
			k->s = s;
			snprintf(k->url, sizeof(k->url), "%s", url);
			snprintf(k->what, sizeof(k->what), "%s", what);
			if ((rv = start_listener(L, k)) == 0) {
				L->nlst++;
			}
		}
		pthread_mutex_unlock(&L->mu);
	}
	if (rv != 0) {
		return arnet_diag_set(d, ARNET_EIO,
		                      "cannot listen for %s on %s: %s", what,
		                      url, nng_strerror(rv));
	}
	node_log(NODE_LOG_INFO, "%s on %s", what, url);
	return ARNET_OK;
}

int
node_link_dial(arnet_node *n, nng_socket s, const char *url, const uint8_t *pin,
               size_t pin_len, nng_dialer *out)
{
	struct node_links *L = n->links;
	if (!node_link_is_tls(url)) {
		return nng_dial(s, url, out, NNG_FLAG_NONBLOCK);
	}
	char pem[ARNET_LINK_PEM_MAX];
	if (!L->have_key || pin == NULL || pin_len == 0 ||
	    arnet_link_cert_pem(pin, pin_len, pem, sizeof(pem), NULL) !=
	            ARNET_OK) {
		return NNG_EINVAL;
	}
	pthread_mutex_lock(&L->mu);
	nng_tls_config *cfg = make_config(L, NNG_TLS_MODE_CLIENT, pem);
	pthread_mutex_unlock(&L->mu);
	if (cfg == NULL) {
		return NNG_EINVAL;
	}
	nng_dialer dl;
	int rv = nng_dialer_create(&dl, s, url);
	if (rv == 0) {
		rv = nng_dialer_set_ptr(dl, NNG_OPT_TLS_CONFIG, cfg);
		if (rv == 0) {
			rv = nng_dialer_start(dl, NNG_FLAG_NONBLOCK);
		}
		if (rv != 0) {
			nng_dialer_close(dl);
		}
	}
	nng_tls_config_free(cfg); /* the dialer holds its own reference */
	if (rv == 0 && out != NULL) {
		*out = dl;
	}
	return rv;
}

/* The pins as one PEM text; NULL when there are none or no memory. */
static char *
chain_of(const node_pin *pins, size_t npins)
{
	char *chain = NULL;
	size_t used = 0;
	if (npins == 0 ||
	    (chain = malloc(npins * ARNET_LINK_PEM_MAX + 1)) == NULL) {
		return NULL;
	}
	chain[0] = '\0';
	for (size_t i = 0; i < npins; i++) {
		if (arnet_link_cert_pem(pins[i].der, pins[i].len, chain + used,
		                        ARNET_LINK_PEM_MAX, NULL) == ARNET_OK) {
			used += strlen(chain + used);
		}
	}
	return chain;
}

void
node_links_pin(arnet_node *n, const uint8_t id[32], const node_pin *pins,
               size_t npins, const node_pin *own)
{
	struct node_links *L = n->links;
	if (L == NULL || !L->have_key) {
		return;
	}
	pthread_mutex_lock(&L->mu);
	int same = own != NULL && own->len == L->own_len &&
	           memcmp(own->der, L->own, own->len) == 0;
	if (own != NULL && !same && !L->warned) {
		node_log(NODE_LOG_WARN,
		         "the roster pins another link certificate for this "
		         "member than %s/" ARNET_LINK_CERT_FILE
		         ": members will refuse our links until the "
		         "administrator renews our certificate with it "
		         "(arnet admin renew --link-cert)",
		         n->data_dir);
	}
	L->warned = own != NULL && !same;
	int changed = !L->pinned || memcmp(L->id, id, 32) != 0;
	if (changed) {
		char *chain = chain_of(pins, npins);
		nng_tls_config *cfg =
		        npins > 0 && chain == NULL
		                ? NULL
		                : make_config(L, NNG_TLS_MODE_SERVER, chain);
		free(chain);
		if (cfg == NULL) {
			/* No memory, or nng refused it (logged): keep the
			 * old pins, try at the next call. */
			pthread_mutex_unlock(&L->mu);
			return;
		}
		if (L->server != NULL) {
			nng_tls_config_free(
			        L->server); /* listeners hold theirs */
		}
		L->server = cfg;
		L->npins = npins;
		memcpy(L->id, id, 32);
		L->pinned = 1;
	}
	for (int i = 0; i < L->nlst; i++) {
		link_listener *k = &L->lst[i];
		if (!changed && k->up) {
			continue;
		}
		if (k->up) {
			/* Closes every connection it accepted: those of a
			 * member no longer pinned cannot come back. */
			nng_listener_close(k->l);
			k->up = 0;
		}
		int rv = start_listener(L, k);
		if (rv != 0) {
			node_log(NODE_LOG_ERROR,
			         "cannot listen for %s on %s again: %s (tried "
			         "again at the next sync round)",
			         k->what, k->url, nng_strerror(rv));
		} else if (changed) {
			node_log(NODE_LOG_INFO,
			         "%s on %s: %zu member link certificates "
			         "trusted",
			         k->what, k->url, L->npins);
		}
	}
	pthread_mutex_unlock(&L->mu);
}
