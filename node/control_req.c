/*
 * control_req.c - the control socket's request parser (control_req.h has
 * the shapes and the rules). It needs no node: arnetd's control thread
 * calls it on each message, tests/fuzz/fuzz_control.c on anything.
 *
 * Why strict: the CLI is the only client and is installed with arnetd, so
 * a field the daemon does not know means a typo or a newer CLI talking to
 * an older daemon; in both cases an error naming the field beats the
 * silent default the daemon would otherwise use. And the socket is reached
 * by whoever gets past its mode 0600 (control.c): input like any other.
 */
#include "control_req.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The fields each op takes besides "op". */
#define CTL_FIELDS_MAX 2
static const struct {
	const char *name;
	control_op op;
	const char *fields[CTL_FIELDS_MAX];
} ctl_ops[] = {
        {"status", CONTROL_STATUS, {NULL}},
        {"sync", CONTROL_SYNC, {NULL}},
        {"announce", CONTROL_ANNOUNCE, {"hash"}},
        {"survey", CONTROL_SURVEY, {"subject", "timeout_ms"}},
};

static int
ctl_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * What cJSON lets through and JSON does not: raw control characters (it
 * takes any byte up to 0x20 for white space, a NUL included, and does not
 * refuse them in strings), and "\u0000", which it decodes into a NUL that
 * ends its C string, so "status\u0000x" would read as "status". No request
 * needs either. Outside strings a backslash is not JSON anyway, so escape
 * pairs can be skipped blindly. Returns the offset of the first, or len.
 */
static size_t
ctl_prescan(const char *text, size_t len, arnet_diag *d)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			arnet_diag_set(d, ARNET_ESYNTAX,
			               "control character 0x%02x (at byte %zu)",
			               c, i);
			return i;
		}
		if (c == '\\' && i + 1 < len && text[i + 1] == 'u' &&
		    i + 6 <= len && memcmp(text + i + 2, "0000", 4) == 0) {
			arnet_diag_set(d, ARNET_ESYNTAX,
			               "a string holds \\u0000 (at byte %zu)",
			               i);
			return i;
		}
		if (c == '\\' && i + 1 < len) {
			i++; /* the escaped character */
		}
	}
	return len;
}

/* A field name fit for a message: at most 40 bytes, printable ASCII. */
static void
ctl_name(char out[41], const char *name)
{
	size_t i = 0;
	for (; name[i] != '\0' && i < 40; i++) {
		unsigned char c = (unsigned char)name[i];
		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[i] = '\0';
}

/* Every member is "op" or a field of op k, none twice. */
static int
ctl_fields(const cJSON *req, size_t k, arnet_diag *d)
{
	char name[41];
	int seen_op = 0, seen[CTL_FIELDS_MAX] = {0};
	for (const cJSON *c = req->child; c != NULL; c = c->next) {
		int *mark = NULL;
		if (strcmp(c->string, "op") == 0) {
			mark = &seen_op;
		}
		for (int f = 0; mark == NULL && f < CTL_FIELDS_MAX; f++) {
			const char *want = ctl_ops[k].fields[f];
			if (want != NULL && strcmp(c->string, want) == 0) {
				mark = &seen[f];
			}
		}
		ctl_name(name, c->string);
		if (mark == NULL) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "\"%s\": not a field of op %s",
			                      name, ctl_ops[k].name);
		}
		if ((*mark)++) {
			return arnet_diag_set(d, ARNET_ESYNTAX,
			                      "\"%s\": given twice", name);
		}
	}
	return ARNET_OK;
}

/* The member name (v) a string: ARNET_OK, or ARNET_ESYNTAX naming it, and
 * what it should be, when it is missing or not a string. */
static int
ctl_string(const cJSON *v, const char *name, const char *what, arnet_diag *d)
{
	if (v == NULL) {
		return arnet_diag_set(d, ARNET_ESYNTAX, "\"%s\": missing (%s)",
		                      name, what);
	}
	if (!cJSON_IsString(v)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "\"%s\": not a string (%s)", name, what);
	}
	return ARNET_OK;
}

static int
ctl_hash(control_request *out, const cJSON *h, arnet_diag *d)
{
	int rv = ctl_string(h, "hash", "64 hex digits", d);
	if (rv != ARNET_OK) {
		return rv;
	}
	size_t n = strlen(h->valuestring), got = 0;
	if (n != 2 * ARNET_HASH_BYTES) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "\"hash\": %zu characters, not 64 hex "
		                      "digits",
		                      n);
	}
	if (sodium_hex2bin(out->hash, sizeof(out->hash), h->valuestring, n,
	                   NULL, &got, NULL) != 0 ||
	    got != sizeof(out->hash)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "\"hash\": not 64 hex digits");
	}
	return ARNET_OK;
}

static int
ctl_subject(control_request *out, const cJSON *s, arnet_diag *d)
{
	arnet_diag why = {{0}, 0};
	int rv;
	if ((rv = ctl_string(s, "subject", "an identifier", d)) != ARNET_OK) {
		return rv;
	}
	if ((rv = arnet_ident_parse(&out->subject, s->valuestring, &why)) !=
	    ARNET_OK) {
		return arnet_diag_set(d, rv, "\"subject\": %s", why.msg);
	}
	return ARNET_OK;
}

static int
ctl_timeout(control_request *out, const cJSON *t, arnet_diag *d)
{
	if (t == NULL) {
		out->timeout_ms = 0; /* the node's [survey] timeout_ms */
		return ARNET_OK;
	}
	if (!cJSON_IsNumber(t)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "\"timeout_ms\": not a number");
	}
	double v = t->valuedouble;
	/* NaN fails both comparisons; the cast is in range once they hold. */
	if (!(v >= CONTROL_TIMEOUT_MIN_MS && v <= CONTROL_TIMEOUT_MAX_MS) ||
	    v != (double)(int)v) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "\"timeout_ms\": %g is not an integer in "
		                      "%d..%d",
		                      v, CONTROL_TIMEOUT_MIN_MS,
		                      CONTROL_TIMEOUT_MAX_MS);
	}
	out->timeout_ms = (int)v;
	return ARNET_OK;
}

static int
ctl_object(control_request *out, const cJSON *req, arnet_diag *d)
{
	if (!cJSON_IsObject(req)) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "not a JSON object: expected {\"op\": "
		                      "...}");
	}
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(req, "op");
	if (op == NULL) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "\"op\": missing: expected {\"op\": "
		                      "...}");
	}
	if (!cJSON_IsString(op)) {
		return arnet_diag_set(d, ARNET_ESYNTAX, "\"op\": not a string");
	}
	size_t k = 0, nops = sizeof(ctl_ops) / sizeof(ctl_ops[0]);
	while (k < nops && strcmp(op->valuestring, ctl_ops[k].name) != 0) {
		k++;
	}
	if (k == nops) {
		char name[41];
		ctl_name(name, op->valuestring);
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "\"op\": unknown op \"%s\" (status, "
		                      "sync, announce, survey)",
		                      name);
	}
	int rv = ctl_fields(req, k, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	out->op = ctl_ops[k].op;
	if (out->op == CONTROL_ANNOUNCE) {
		return ctl_hash(
		        out, cJSON_GetObjectItemCaseSensitive(req, "hash"), d);
	}
	if (out->op == CONTROL_SURVEY) {
		rv = ctl_subject(
		        out, cJSON_GetObjectItemCaseSensitive(req, "subject"),
		        d);
		return rv != ARNET_OK
		               ? rv
		               : ctl_timeout(out,
		                             cJSON_GetObjectItemCaseSensitive(
		                                     req, "timeout_ms"),
		                             d);
	}
	return ARNET_OK;
}

/* Where in the text it went wrong: for the errors that have a place. */
static int
ctl_at(arnet_diag *d, size_t at, int rv)
{
	if (d != NULL) {
		d->offset = at;
	}
	return rv;
}

int
control_request_parse(control_request *out, const char *text, size_t len,
                      arnet_diag *d)
{
	memset(out, 0, sizeof(*out));
	arnet_diag_clear(d);
	if (len > CONTROL_REQ_MAX) {
		return arnet_diag_set(d, ARNET_ETOOBIG,
		                      "request of %zu bytes, more than %d", len,
		                      CONTROL_REQ_MAX);
	}
	size_t at = ctl_prescan(text, len, d);
	if (at < len) {
		return ctl_at(d, at, ARNET_ESYNTAX);
	}
	/*
	 * A NUL-terminated copy: the message body is not, and cJSON is not
	 * instrumented, so a read past len in it would go unseen by the
	 * fuzzer's ASan.
	 */
	char *copy = malloc(len + 1);
	if (copy == NULL) {
		return arnet_diag_set(d, ARNET_ENOMEM, "out of memory");
	}
	if (len > 0) {
		memcpy(copy, text, len);
	}
	copy[len] = '\0';
	const char *end = NULL;
	cJSON *req = cJSON_ParseWithLengthOpts(copy, len, &end, 0);
	at = end != NULL && end >= copy && end <= copy + len
	             ? (size_t)(end - copy)
	             : 0;
	int rv;
	if (req == NULL) {
		rv = ctl_at(d, at,
		            arnet_diag_set(d, ARNET_ESYNTAX,
		                           "not JSON (at byte %zu): expected "
		                           "{\"op\": ...}",
		                           at));
	} else {
		while (at < len && ctl_is_space(copy[at])) {
			at++;
		}
		rv = at < len ? ctl_at(d, at,
		                       arnet_diag_set(d, ARNET_ETRAILING,
		                                      "bytes after the request "
		                                      "(at byte %zu)",
		                                      at))
		              : ctl_object(out, req, d);
	}
	cJSON_Delete(req);
	free(copy);
	return rv;
}
