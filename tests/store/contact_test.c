/*
 * contact_test.c - a customer's contact data (store/books/contact.c).
 *
 * Hostile first: contact data for a customer not in the books; a field
 * too long, not UTF-8, with a control character or a space at an end; an
 * e-mail address that is not one; a stored value of another version or
 * cut short. Then what is kept: the stored bytes exactly
 * (docs/storage.md), none stored reads as all unknown, added / updated /
 * unchanged, clearing every field removes the record, and the customer's
 * own stored value is not touched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arnet_contact.h"
#include "books_fixture.h"
#include "txn.h"
#include "txn_fixture.h"

#include <stdio.h>
#include <string.h>

typedef struct job {
	arnet_ident id;
	const arnet_contact *in;
	arnet_contact out;
	arnet_put_result r;
} job;

static void
job_for(job *j, const char *id)
{
	memset(j, 0, sizeof(*j));
	assert_int_equal(arnet_ident_parse(&j->id, id, NULL), ARNET_OK);
}

TXN_FN(put_txn, job, arnet_contact_put(t, &j->id, j->in, &j->r, d))

TXN_FN(get_txn, job, arnet_contact_get(t, &j->id, &j->out, d))

static int
put(fixture *f, const char *id, const arnet_contact *c, arnet_put_result *r,
    arnet_diag *d)
{
	job j;
	job_for(&j, id);
	j.in = c;
	int rv = arnet_store_write(f->s, put_txn, &j, 0, d);
	if (r != NULL) {
		*r = j.r;
	}
	return rv;
}

static int
get(fixture *f, const char *id, arnet_contact *out, arnet_diag *d)
{
	job j;
	job_for(&j, id);
	int rv = arnet_store_read(f->s, get_txn, &j, d);
	*out = j.out;
	return rv;
}

/* The stored value under `contact` 0 id in meta: its length, or -1. */
static long
raw_contact(fixture *f, const char *id, uint8_t *out, size_t cap)
{
	char key[128];
	int n = snprintf(key, sizeof(key), "contact%c%s", 0, id);
	return raw_get(f, ST_META, key, (size_t)n, out, cap);
}

static void
put_raw_contact(fixture *f, const char *id, const uint8_t *v, size_t n)
{
	char key[128];
	int klen = snprintf(key, sizeof(key), "contact%c%s", 0, id);
	raw_put(f, ST_META, key, (size_t)klen, v, n);
}

static void
expect_refused(fixture *f, const arnet_contact *c, int want, const char *in_msg)
{
	arnet_diag d;
	int rv = put(f, "local:A", c, NULL, &d);
	if (rv != want || strstr(d.msg, in_msg) == NULL) {
		fail_msg("got %s \"%s\", wanted %s with \"%s\"",
		         arnet_errname(rv), d.msg, arnet_errname(want), in_msg);
	}
	uint8_t buf[1024];
	assert_int_equal(raw_contact(f, "local:A", buf, sizeof(buf)), -1);
}

static void
test_unknown_customer_refused(void **state)
{
	fixture *f = *state;
	arnet_contact c = {.phone = "0591-87654321"};
	arnet_diag d;
	assert_int_equal(put(f, "local:NOBODY", &c, NULL, &d), ARNET_ENOTFOUND);
	assert_non_null(strstr(d.msg, "local:NOBODY"));
}

static void
test_bad_text_refused(void **state)
{
	fixture *f = *state;
	arnet_contact c = {0};
	memset(c.phone, '1', ARNET_CONTACT_PHONE_MAX);
	c.phone[ARNET_CONTACT_PHONE_MAX] = '\0';
	c.address[0] = 'x';
	/* the longest phone fits; the address is fine */
	assert_int_equal(put(f, "local:A", &c, NULL, NULL), ARNET_OK);
	assert_int_equal(put(f, "local:A", &(arnet_contact){0}, NULL, NULL),
	                 ARNET_OK);

	arnet_contact big = {0};
	memset(big.address, 'x', ARNET_CONTACT_ADDRESS_MAX);
	assert_int_equal(put(f, "local:A", &big, NULL, NULL), ARNET_OK);
	assert_int_equal(put(f, "local:A", &(arnet_contact){0}, NULL, NULL),
	                 ARNET_OK);

	/* one byte over a limit is refused when set, naming the field */
	char over[ARNET_CONTACT_ADDRESS_MAX + 2];
	memset(over, 'x', sizeof(over) - 1);
	over[sizeof(over) - 1] = '\0';
	arnet_diag d;
	arnet_contact keep = {.address = "kept"};
	assert_int_equal(
	        arnet_contact_set(&keep, &arnet_contact_fields[0], over, &d),
	        ARNET_ETOOBIG);
	assert_non_null(strstr(d.msg, "address is 201 bytes, at most 200"));
	assert_string_equal(keep.address, "kept");
	over[ARNET_CONTACT_PHONE_MAX + 1] = '\0';
	assert_int_equal(
	        arnet_contact_set(&keep, &arnet_contact_fields[2], over, &d),
	        ARNET_ETOOBIG);
	assert_non_null(strstr(d.msg, "phone is 65 bytes, at most 64"));
	over[ARNET_CONTACT_PHONE_MAX] = '\0';
	assert_int_equal(
	        arnet_contact_set(&keep, &arnet_contact_fields[2], over, NULL),
	        ARNET_OK);
	assert_string_equal(keep.phone, over);

	/* text that is not text */
	arnet_contact bad = {.person = "王\xe4"};
	expect_refused(f, &bad, ARNET_ESYNTAX, "person");
	arnet_contact ctl = {.address = "福州\n鼓楼区"};
	expect_refused(f, &ctl, ARNET_ESYNTAX, "address");
	arnet_contact esc = {.finance_head = "李\x1b[31m"};
	expect_refused(f, &esc, ARNET_ESYNTAX, "finance_head");
	arnet_contact sp = {.phone = "0591 "};
	expect_refused(f, &sp, ARNET_ESYNTAX, "phone");
	arnet_contact sp2 = {.address = " 福州"};
	expect_refused(f, &sp2, ARNET_ESYNTAX, "address");
}

static void
test_bad_email_refused(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {
	        "13800000000",     "@example.com",    "a@",
	        "a@b@example.com", "a b@example.com", "a@example",
	        "a@.example.com",  "a@example.com.",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		arnet_contact c = {0};
		snprintf(c.email, sizeof(c.email), "%s", bad[i]);
		expect_refused(f, &c, ARNET_ESYNTAX, "email");
	}
	arnet_contact ok = {.email = "caiwu@example.com.cn"};
	assert_int_equal(put(f, "local:A", &ok, NULL, NULL), ARNET_OK);
}

static void
test_corrupt_value_refused(void **state)
{
	fixture *f = *state;
	arnet_contact c;
	arnet_diag d;
	static const uint8_t v2[] = {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	put_raw_contact(f, "local:A", v2, sizeof(v2));
	assert_int_equal(get(f, "local:A", &c, &d), ARNET_ESTORE);
	assert_non_null(strstr(d.msg, "local:A"));
	assert_string_equal(c.address, "");
	static const uint8_t cut[] = {1, 0, 3, 'a', 'b'};
	put_raw_contact(f, "local:A", cut, sizeof(cut));
	assert_int_equal(get(f, "local:A", &c, &d), ARNET_ESTORE);
	static const uint8_t extra[] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
	put_raw_contact(f, "local:A", extra, sizeof(extra));
	assert_int_equal(get(f, "local:A", &c, &d), ARNET_ESTORE);
	/* a put over a corrupt value is refused, not papered over */
	arnet_contact ok = {.phone = "1"};
	assert_int_equal(put(f, "local:A", &ok, NULL, &d), ARNET_ESTORE);
}

static void
test_stored_form(void **state)
{
	fixture *f = *state;
	arnet_contact c;
	arnet_put_result r;
	/* none stored: every field unknown */
	assert_int_equal(get(f, "local:A", &c, NULL), ARNET_OK);
	assert_int_equal(arnet_contact_empty(&c), 1);

	uint8_t before[1024], after[1024], v[1024];
	long before_len =
	        raw_get(f, ST_CUSTOMERS, "local:A", 7, before, sizeof(before));
	assert_true(before_len >= 0);

	arnet_contact in = {.address = "福州",
	                    .person = "王",
	                    .phone = "12",
	                    .finance_head = "李",
	                    .email = "a@b.cn"};
	assert_int_equal(put(f, "local:A", &in, &r, NULL), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_ADDED);
	static const uint8_t want[] = {
	        1, 0, 6,    0xe7, 0xa6, 0x8f, 0xe5, 0xb7, 0x9e, /* 福州 */
	        0, 3, 0xe7, 0x8e, 0x8b,                         /* 王 */
	        0, 2, '1',  '2',                                /* 12 */
	        0, 3, 0xe6, 0x9d, 0x8e,                         /* 李 */
	        0, 6, 'a',  '@',  'b',  '.',  'c',  'n'};
	assert_int_equal(raw_contact(f, "local:A", v, sizeof(v)),
	                 (long)sizeof(want));
	assert_memory_equal(v, want, sizeof(want));
	assert_int_equal(get(f, "local:A", &c, NULL), ARNET_OK);
	assert_string_equal(c.address, "福州");
	assert_string_equal(c.finance_head, "李");
	assert_string_equal(c.email, "a@b.cn");

	/* the customer's own value is as it was */
	assert_int_equal(
	        raw_get(f, ST_CUSTOMERS, "local:A", 7, after, sizeof(after)),
	        before_len);
	assert_memory_equal(after, before, (size_t)before_len);

	assert_int_equal(put(f, "local:A", &in, &r, NULL), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UNCHANGED);
	arnet_contact in2 = in;
	snprintf(in2.phone, sizeof(in2.phone), "%s", "0591-87654321");
	assert_int_equal(put(f, "local:A", &in2, &r, NULL), ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UPDATED);
	assert_int_equal(get(f, "local:A", &c, NULL), ARNET_OK);
	assert_string_equal(c.phone, "0591-87654321");
	assert_string_equal(c.person, "王");

	/* every field cleared: the record goes */
	assert_int_equal(put(f, "local:A", &(arnet_contact){0}, &r, NULL),
	                 ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UPDATED);
	assert_int_equal(raw_contact(f, "local:A", v, sizeof(v)), -1);
	assert_int_equal(put(f, "local:A", &(arnet_contact){0}, &r, NULL),
	                 ARNET_OK);
	assert_int_equal(r, ARNET_PUT_UNCHANGED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_unknown_customer_refused,
	                                        fixture_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_bad_text_refused,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_bad_email_refused,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(test_corrupt_value_refused,
	                                        customer_setup,
	                                        fixture_teardown),
	        cmocka_unit_test_setup_teardown(
	                test_stored_form, customer_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
