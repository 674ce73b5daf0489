/*
 * arnet_codec.h - bounds-checked big-endian writer and reader.
 *
 * Used by proto/ for wire structures and by store/ for the values it
 * keeps in LMDB.
 * Every encoder writes through an arnet_wbuf and every decoder reads
 * through an arnet_rbuf, so no structure code does pointer arithmetic on
 * input of its own. The first error sticks: later calls do nothing, and
 * the caller checks once at the end (the pattern of nng's nni_msg
 * helpers). The reader records which field failed and where, for the
 * diagnostic.
 */
#ifndef ARNET_PROTO_CODEC_H
#define ARNET_PROTO_CODEC_H

#include "arnet_err.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The big-endian byte order of every integer arnet writes, for n bytes
 * (1..8) at p: the one place that order is spelt out. The wbuf/rbuf
 * functions below use it; so does store/ for the integers in LMDB keys
 * and values, which it writes in place (p must have n bytes).
 */
static inline void
arnet_be_write(uint8_t *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	}
}

static inline uint64_t
arnet_be_read(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		v = (v << 8) | p[i];
	}
	return v;
}

static inline void
arnet_be32_write(uint8_t p[4], uint32_t v)
{
	arnet_be_write(p, v, 4);
}

static inline uint32_t
arnet_be32_read(const uint8_t p[4])
{
	return (uint32_t)arnet_be_read(p, 4);
}

static inline void
arnet_be64_write(uint8_t p[8], uint64_t v)
{
	arnet_be_write(p, v, 8);
}

static inline uint64_t
arnet_be64_read(const uint8_t p[8])
{
	return arnet_be_read(p, 8);
}

/*
 * The one writer: into the caller's buffer (arnet_wbuf_init), or into one
 * of its own that grows as it is written (arnet_wbuf_init_grow: a reply,
 * whose size is not known in advance).
 */
typedef struct arnet_wbuf {
	uint8_t *p;
	size_t cap;
	size_t len;
	int err;
	size_t grow_max; /* 0: p is the caller's; else grown up to this */
} arnet_wbuf;

/* arnet_wbuf_init: write into p[0..cap); more is ARNET_ETOOBIG. */
void arnet_wbuf_init(arnet_wbuf *w, uint8_t *p, size_t cap);
/*
 * arnet_wbuf_init_grow: an empty buffer of the wbuf's own (malloc),
 * doubled from 4 KiB as it is written while it stays within max bytes:
 * past that ARNET_ETOOBIG, out of memory ARNET_ENOMEM. The caller frees
 * it with arnet_wbuf_free, after an error too.
 */
void arnet_wbuf_init_grow(arnet_wbuf *w, size_t max);
/* arnet_wbuf_free: release a growing buffer's memory; empties w. */
void arnet_wbuf_free(arnet_wbuf *w);
void arnet_put_u8(arnet_wbuf *w, uint8_t v);
void arnet_put_u16(arnet_wbuf *w, uint16_t v);
void arnet_put_u32(arnet_wbuf *w, uint32_t v);
void arnet_put_u64(arnet_wbuf *w, uint64_t v);
void arnet_put_bytes(arnet_wbuf *w, const void *src, size_t n);
/* A u8 length then the bytes; ARNET_ETOOBIG when n > max or 255. */
void arnet_put_str8(arnet_wbuf *w, const char *s, size_t n, size_t max);
/* A u16 length then the bytes; ARNET_ETOOBIG when n > max or 65535. */
void arnet_put_str16(arnet_wbuf *w, const char *s, size_t n, size_t max);
/* A u16 length then the bytes; ARNET_ETOOBIG when n > 65535. */
void arnet_put_blob16(arnet_wbuf *w, const void *p, size_t n);
/* A u32 length then the bytes; ARNET_ETOOBIG when n > 2^32-1. */
void arnet_put_blob32(arnet_wbuf *w, const void *p, size_t n);
/* Reserve n bytes and return where they start (NULL after an error). */
uint8_t *arnet_put_reserve(arnet_wbuf *w, size_t n);

typedef struct arnet_rbuf {
	const uint8_t *p;
	size_t len;
	size_t off;
	int err;
	const char *field; /* the field being read when err was set */
	arnet_diag *diag;
} arnet_rbuf;

void arnet_rbuf_init(arnet_rbuf *r, const uint8_t *p, size_t len,
                     arnet_diag *diag);
/*
 * arnet_rbuf_open: arnet_rbuf_init for a whole structure of at most max
 * bytes (a record, a certificate, a message): ARNET_ETOOBIG, at offset 0
 * and naming `what`, when len is more; else ARNET_OK. The one place each
 * decoder's size limit is checked.
 */
int arnet_rbuf_open(arnet_rbuf *r, const uint8_t *p, size_t len, size_t max,
                    const char *what, arnet_diag *diag)
        __attribute__((warn_unused_result));
uint8_t arnet_get_u8(arnet_rbuf *r, const char *field);
uint16_t arnet_get_u16(arnet_rbuf *r, const char *field);
uint32_t arnet_get_u32(arnet_rbuf *r, const char *field);
uint64_t arnet_get_u64(arnet_rbuf *r, const char *field);
/* A u8 length then that many bytes of text into dst (cap bytes,
 * NUL-terminated): ARNET_ETOOBIG when the length is cap or more,
 * ARNET_ESYNTAX when the text has a NUL byte. */
void arnet_get_str8(arnet_rbuf *r, char *dst, size_t cap, const char *field);
/* A u16 length, likewise. */
void arnet_get_str16(arnet_rbuf *r, char *dst, size_t cap, const char *field);
/* Copy n bytes to dst. */
void arnet_get_bytes(arnet_rbuf *r, void *dst, size_t n, const char *field);
/* A view of the next n bytes, valid as long as the input; NULL on error. */
const uint8_t *arnet_get_view(arnet_rbuf *r, size_t n, const char *field);
/* Fail with err at the current offset, naming field; returns err. */
int arnet_rbuf_fail(arnet_rbuf *r, int err, const char *field, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));
/* ARNET_ETRAILING unless every byte was read; returns r->err. */
int arnet_rbuf_finish(arnet_rbuf *r);

#endif
