/*
 * link.h - the node's TLS links (link.c; internal to node/): its own
 * link key and certificate, the listeners on tls+tcp:// endpoints, and
 * the dials to them. Below the parts and below membership.c, which
 * hands it the pins: it calls none of them.
 *
 * Every tls+tcp:// link is TLS 1.2 with client authentication required
 * on both sides (docs/protocol.md, "Links"):
 *   - a listener trusts exactly the link certificates of the members in
 *     force (the pins); nng 1.5.2 reads a TLS configuration once, so a
 *     new set of pins means a new configuration and the listener
 *     restarted: closing it closes every connection it accepted, which
 *     is how a revoked or expired member is cut off;
 *   - a dial trusts the one certificate its member's roster certificate
 *     pins, so a man in the middle with any other key is refused.
 * Other schemes (tcp://, ipc://) are listened on and dialled as before:
 * the roster decides (a member with a link certificate has tls+tcp://
 * endpoints only).
 */
#ifndef ARNET_NODE_LINK_H
#define ARNET_NODE_LINK_H

#include "node_internal.h"

/* Whether url is on the TLS transport. */
int node_link_is_tls(const char *url);

/* Load the node's link key and certificate from its data directory.
 * Without them (a data directory made before links were encrypted),
 * ARNET_OK with a warning: tls+tcp:// endpoints are then refused. Other
 * errors (a key others may read, a key that is not the certificate's)
 * stop the node. */
int node_links_open(arnet_node *n, arnet_diag *d);
/* At stop, after every socket is closed. */
void node_links_close(arnet_node *n);

/* One pinned link certificate (borrowed; valid during the call). */
typedef struct node_pin {
	const uint8_t *der;
	size_t len;
} node_pin;

/* Listen on url with s for `what` ("publishing", "sync", "surveys"):
 * on tls+tcp:// with the pins set last. */
int node_link_listen(arnet_node *n, nng_socket s, const char *url,
                     const char *what, arnet_diag *d);

/* Dial url on s (non-blocking), with pin the certificate the member's
 * roster certificate carries (NULL, 0 for other schemes). 0, or nng's
 * error (NNG_EINVAL for a tls+tcp:// url without a pin or without our
 * own link key). */
int node_link_dial(arnet_node *n, nng_socket s, const char *url,
                   const uint8_t *pin, size_t pin_len, nng_dialer *out);

/* The link certificates of the members in force, identified by `id`
 * (a digest of their serials that changes when the set does): when it
 * differs from the last, rebuild the listeners' configuration and
 * restart every TLS listener (and restart any that failed to). own is
 * the link certificate the roster pins for this member (NULL: none): a
 * warning when it is not ours. */
void node_links_pin(arnet_node *n, const uint8_t id[32], const node_pin *pins,
                    size_t npins, const node_pin *own);

#endif
