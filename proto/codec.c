/*
 * codec.c - the bounds-checked writer and reader every wire structure is
 * built on. Big-endian throughout, so that keys made of these integers
 * sort in numeric order under memcmp (LMDB's default comparison).
 */
#include "arnet_codec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
arnet_wbuf_init(arnet_wbuf *w, uint8_t *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->len = 0;
	w->err = ARNET_OK;
	w->grow_max = 0;
}

void
arnet_wbuf_init_grow(arnet_wbuf *w, size_t max)
{
	arnet_wbuf_init(w, NULL, 0);
	w->grow_max = max;
}

void
arnet_wbuf_free(arnet_wbuf *w)
{
	if (w->grow_max != 0) {
		free(w->p);
	}
	memset(w, 0, sizeof(*w));
}

/* Room for n more bytes in a growing buffer; else the error sticks. */
static int
grow(arnet_wbuf *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 4096;
	while (cap - w->len < n) {
		cap *= 2;
	}
	if (cap > w->grow_max) {
		w->err = ARNET_ETOOBIG;
		return -1;
	}
	uint8_t *p = realloc(w->p, cap);
	if (p == NULL) {
		w->err = ARNET_ENOMEM;
		return -1;
	}
	w->p = p;
	w->cap = cap;
	return 0;
}

uint8_t *
arnet_put_reserve(arnet_wbuf *w, size_t n)
{
	if (w->err != ARNET_OK) {
		return NULL;
	}
	if (w->cap - w->len < n) {
		if (w->grow_max == 0) {
			w->err = ARNET_ETOOBIG;
			return NULL;
		}
		if (grow(w, n) != 0) {
			return NULL;
		}
	}
	uint8_t *at = w->p + w->len;
	w->len += n;
	return at;
}

static void
put_be(arnet_wbuf *w, uint64_t v, size_t n)
{
	uint8_t *at = arnet_put_reserve(w, n);
	if (at != NULL) {
		arnet_be_write(at, v, n);
	}
}

void
arnet_put_u8(arnet_wbuf *w, uint8_t v)
{
	put_be(w, v, 1);
}

void
arnet_put_u16(arnet_wbuf *w, uint16_t v)
{
	put_be(w, v, 2);
}

void
arnet_put_u32(arnet_wbuf *w, uint32_t v)
{
	put_be(w, v, 4);
}

void
arnet_put_u64(arnet_wbuf *w, uint64_t v)
{
	put_be(w, v, 8);
}

void
arnet_put_bytes(arnet_wbuf *w, const void *src, size_t n)
{
	uint8_t *at = arnet_put_reserve(w, n);
	if (at != NULL && n > 0) {
		memcpy(at, src, n);
	}
}

/* n, in lbytes bytes, then the n bytes at p: the one form of every
 * length-prefixed field. n over max is ARNET_ETOOBIG, and nothing of it
 * is written. */
static void
put_prefixed(arnet_wbuf *w, const void *p, size_t n, size_t lbytes, size_t max)
{
	if (w->err == ARNET_OK && n > max) {
		w->err = ARNET_ETOOBIG;
		return;
	}
	put_be(w, n, lbytes);
	arnet_put_bytes(w, p, n);
}

void
arnet_put_str8(arnet_wbuf *w, const char *s, size_t n, size_t max)
{
	put_prefixed(w, s, n, 1, max < UINT8_MAX ? max : UINT8_MAX);
}

void
arnet_put_str16(arnet_wbuf *w, const char *s, size_t n, size_t max)
{
	put_prefixed(w, s, n, 2, max < UINT16_MAX ? max : UINT16_MAX);
}

void
arnet_put_blob16(arnet_wbuf *w, const void *p, size_t n)
{
	put_prefixed(w, p, n, 2, UINT16_MAX);
}

void
arnet_put_blob32(arnet_wbuf *w, const void *p, size_t n)
{
	put_prefixed(w, p, n, 4, UINT32_MAX);
}

void
arnet_rbuf_init(arnet_rbuf *r, const uint8_t *p, size_t len, arnet_diag *diag)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->err = ARNET_OK;
	r->field = NULL;
	r->diag = diag;
	arnet_diag_clear(diag);
}

int
arnet_rbuf_open(arnet_rbuf *r, const uint8_t *p, size_t len, size_t max,
                const char *what, arnet_diag *diag)
{
	arnet_rbuf_init(r, p, len, diag);
	if (len > max) {
		return arnet_rbuf_fail(r, ARNET_ETOOBIG, what,
		                       "%zu bytes exceed %zu", len, max);
	}
	return ARNET_OK;
}

int
arnet_rbuf_fail(arnet_rbuf *r, int err, const char *field, const char *fmt, ...)
{
	if (r->err != ARNET_OK) {
		return r->err;
	}
	r->err = err;
	r->field = field;
	va_list ap;
	va_start(ap, fmt);
	arnet_diag_field_v(r->diag, field, 1, r->off, fmt, ap);
	va_end(ap);
	return err;
}

const uint8_t *
arnet_get_view(arnet_rbuf *r, size_t n, const char *field)
{
	if (r->err != ARNET_OK) {
		return NULL;
	}
	if (r->len - r->off < n) {
		arnet_rbuf_fail(r, ARNET_ETRUNC, field,
		                "needs %zu bytes, only %zu left", n,
		                r->len - r->off);
		return NULL;
	}
	const uint8_t *at = r->p + r->off;
	r->off += n;
	return at;
}

static uint64_t
get_be(arnet_rbuf *r, size_t n, const char *field)
{
	const uint8_t *at = arnet_get_view(r, n, field);
	return at != NULL ? arnet_be_read(at, n) : 0;
}

uint8_t
arnet_get_u8(arnet_rbuf *r, const char *field)
{
	return (uint8_t)get_be(r, 1, field);
}

uint16_t
arnet_get_u16(arnet_rbuf *r, const char *field)
{
	return (uint16_t)get_be(r, 2, field);
}

uint32_t
arnet_get_u32(arnet_rbuf *r, const char *field)
{
	return (uint32_t)get_be(r, 4, field);
}

uint64_t
arnet_get_u64(arnet_rbuf *r, const char *field)
{
	return get_be(r, 8, field);
}

void
arnet_get_bytes(arnet_rbuf *r, void *dst, size_t n, const char *field)
{
	const uint8_t *at = arnet_get_view(r, n, field);
	if (at != NULL) {
		memcpy(dst, at, n);
	} else {
		memset(dst, 0, n);
	}
}

int
arnet_rbuf_finish(arnet_rbuf *r)
{
	if (r->err == ARNET_OK && r->off != r->len) {
		arnet_rbuf_fail(r, ARNET_ETRAILING, "end",
		                "%zu bytes after the end", r->len - r->off);
	}
	return r->err;
}

static void
get_str(arnet_rbuf *r, size_t n, char *dst, size_t cap, const char *field)
{
	if (r->err == ARNET_OK && n >= cap) {
		arnet_rbuf_fail(r, ARNET_ETOOBIG, field,
		                "length %zu exceeds %zu", n, cap - 1);
	}
	const uint8_t *at = arnet_get_view(r, n, field);
	if (at != NULL && n > 0 && memchr(at, 0, n) != NULL) {
		r->off -= n;
		arnet_rbuf_fail(r, ARNET_ESYNTAX, field, "text has a NUL byte");
		at = NULL;
	}
	if (at == NULL) {
		if (cap > 0) {
			dst[0] = '\0';
		}
		return;
	}
	memcpy(dst, at, n);
	dst[n] = '\0';
}

void
arnet_get_str8(arnet_rbuf *r, char *dst, size_t cap, const char *field)
{
	get_str(r, arnet_get_u8(r, field), dst, cap, field);
}

void
arnet_get_str16(arnet_rbuf *r, char *dst, size_t cap, const char *field)
{
	get_str(r, arnet_get_u16(r, field), dst, cap, field);
}
