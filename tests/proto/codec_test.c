/*
 * codec_test.c - tests of proto/codec.c: the writer refuses to overrun
 * its buffer and the first error sticks; the reader refuses to read past
 * the end, names the failing field and byte offset, and finish() reports
 * trailing bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_codec.h"

#include <string.h>

static void
test_reader_truncated(void **state)
{
	static const uint8_t in[] = {0x01, 0x02, 0x03};
	arnet_rbuf r;
	arnet_diag d;
	(void)state;
	arnet_rbuf_init(&r, in, sizeof(in), &d);
	assert_int_equal(arnet_get_u16(&r, "first"), 0x0102);
	assert_int_equal(arnet_get_u32(&r, "second"), 0);
	assert_int_equal(r.err, ARNET_ETRUNC);
	assert_string_equal(r.field, "second");
	assert_string_equal(d.msg, "second at byte 2: needs 4 bytes, only 1 "
	                           "left");
	assert_int_equal(d.offset, 2);
	/* The error sticks: later reads fail and do not move. */
	assert_int_equal(arnet_get_u8(&r, "third"), 0);
	assert_int_equal(r.off, 2);
	assert_string_equal(r.field, "second");
	assert_int_equal(arnet_rbuf_finish(&r), ARNET_ETRUNC);
}

static void
test_reader_trailing(void **state)
{
	static const uint8_t in[] = {0xaa, 0xbb, 0xcc};
	arnet_rbuf r;
	arnet_diag d;
	(void)state;
	arnet_rbuf_init(&r, in, sizeof(in), &d);
	assert_int_equal(arnet_get_u8(&r, "x"), 0xaa);
	assert_int_equal(arnet_rbuf_finish(&r), ARNET_ETRAILING);
	assert_string_equal(d.msg, "end at byte 1: 2 bytes after the end");
}

static void
test_reader_huge_length(void **state)
{
	static const uint8_t in[] = {0x00};
	arnet_rbuf r;
	uint8_t dst[4] = {9, 9, 9, 9};
	(void)state;
	arnet_rbuf_init(&r, in, sizeof(in), NULL);
	assert_null(arnet_get_view(&r, SIZE_MAX, "big"));
	assert_int_equal(r.err, ARNET_ETRUNC);
	/* A failed copy zeroes the destination. */
	arnet_get_bytes(&r, dst, sizeof(dst), "after");
	assert_int_equal(dst[0] | dst[1] | dst[2] | dst[3], 0);
}

static void
test_reader_fail_keeps_first(void **state)
{
	static const uint8_t in[] = {5};
	arnet_rbuf r;
	arnet_diag d;
	(void)state;
	arnet_rbuf_init(&r, in, sizeof(in), &d);
	(void)arnet_get_u8(&r, "n");
	assert_int_equal(arnet_rbuf_fail(&r, ARNET_ERANGE, "n", "%d > 4", 5),
	                 ARNET_ERANGE);
	assert_int_equal(arnet_rbuf_fail(&r, ARNET_ESYNTAX, "m", "later"),
	                 ARNET_ERANGE);
	assert_string_equal(d.msg, "n at byte 1: 5 > 4");
}

static void
test_reader_big_endian(void **state)
{
	static const uint8_t in[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	                             0x08, 0xff, 0xfe, 0xfd, 0xfc, 0x7f};
	arnet_rbuf r;
	(void)state;
	arnet_rbuf_init(&r, in, sizeof(in), NULL);
	assert_true(arnet_get_u64(&r, "a") == 0x0102030405060708ULL);
	assert_int_equal(arnet_get_u32(&r, "b"), 0xfffefdfcU);
	assert_int_equal(arnet_get_u8(&r, "c"), 0x7f);
	assert_int_equal(arnet_rbuf_finish(&r), ARNET_OK);
}

static void
test_writer_overrun(void **state)
{
	uint8_t buf[5];
	arnet_wbuf w;
	(void)state;
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_u32(&w, 0xdeadbeef);
	arnet_put_u16(&w, 1);
	assert_int_equal(w.err, ARNET_ETOOBIG);
	assert_int_equal(w.len, 4);
	/* Sticky: a later small write that would fit is not done. */
	arnet_put_u8(&w, 1);
	assert_int_equal(w.len, 4);
	assert_null(arnet_put_reserve(&w, 0));
	assert_memory_equal(buf, "\xde\xad\xbe\xef", 4);
}

static void
test_writer_str8(void **state)
{
	uint8_t buf[300];
	char long_s[256];
	arnet_wbuf w;
	(void)state;
	memset(long_s, 'a', sizeof(long_s));
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_str8(&w, "abc", 3, 10);
	assert_int_equal(w.err, ARNET_OK);
	assert_memory_equal(buf,
	                    "\x03"
	                    "abc",
	                    4);
	arnet_put_str8(&w, "abcdef", 6, 5);
	assert_int_equal(w.err, ARNET_ETOOBIG);
	assert_int_equal(w.len, 4);
	/* Never more than 255, whatever max says. */
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_str8(&w, long_s, 256, 1000);
	assert_int_equal(w.err, ARNET_ETOOBIG);
	assert_int_equal(w.len, 0);
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_str8(&w, long_s, 255, 1000);
	assert_int_equal(w.err, ARNET_OK);
	assert_int_equal(w.len, 256);
	assert_int_equal(buf[0], 255);
}

static void
test_round_trip(void **state)
{
	uint8_t buf[64];
	arnet_wbuf w;
	arnet_rbuf r;
	char s[8] = {0};
	(void)state;
	arnet_wbuf_init(&w, buf, sizeof(buf));
	arnet_put_u8(&w, 0x80);
	arnet_put_u16(&w, 0xbeef);
	arnet_put_u64(&w, UINT64_MAX);
	arnet_put_str8(&w, "hello", 5, 8);
	assert_int_equal(w.err, ARNET_OK);
	arnet_rbuf_init(&r, buf, w.len, NULL);
	assert_int_equal(arnet_get_u8(&r, "a"), 0x80);
	assert_int_equal(arnet_get_u16(&r, "b"), 0xbeef);
	assert_true(arnet_get_u64(&r, "c") == UINT64_MAX);
	uint8_t n = arnet_get_u8(&r, "len");
	arnet_get_bytes(&r, s, n, "s");
	assert_string_equal(s, "hello");
	assert_int_equal(arnet_rbuf_finish(&r), ARNET_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_reader_truncated),
	        cmocka_unit_test(test_reader_trailing),
	        cmocka_unit_test(test_reader_huge_length),
	        cmocka_unit_test(test_reader_fail_keeps_first),
	        cmocka_unit_test(test_reader_big_endian),
	        cmocka_unit_test(test_writer_overrun),
	        cmocka_unit_test(test_writer_str8),
	        cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
