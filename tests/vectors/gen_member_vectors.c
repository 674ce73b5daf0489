/*
 * gen_member_vectors.c - writes tests/vectors/membership.json: golden
 * certificates and rosters.
 *
 * Run once when the formats change on purpose (they never should for
 * version 1): `build/tests/gen_member_vectors >
 * tests/vectors/membership.json`. Seeds and times are fixed, so the output
 * is the same on every machine. tests/proto/member_vectors_test.c
 * rebuilds every structure from its fields and compares the bytes, and
 * tests/vectors/verify_vectors.py checks them independently.
 *
 * The story: the association's root (seed 40 41 ... 5f) enrols member A
 * (seed 00 01 ... 1f, USCC) and member B (seed 20 21 ... 3f, local id);
 * roster epoch 1 lists both; in epoch 2 B has left and a third member's
 * key (seed 60 ...) was compromised, with all its records. Member D (seed
 * 80 ...) is enrolled with a version 2 certificate that pins its TLS link
 * certificate (LINK_D below: made once by `arnet link-key --new`; any
 * self-signed P-256 certificate would do, the bytes are what is pinned).
 */
#include "gen_util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Member D's link certificate, X.509 DER (387 bytes). */
static const char LINK_D[] =
        "3082017f30820123a00302010202105da7a22b092d6d1dcd7ab6c96a6bea6c30"
        "0c06082a8648ce3d040302050030303113301106035504030c0a61726e65742d"
        "6c696e6b31193017060355040513106535323639303337363232336235363030"
        "1e170d3236313230353232323130325a170d3439313233313233353935395a30"
        "303113301106035504030c0a61726e65742d6c696e6b31193017060355040513"
        "10653532363930333736323233623536303059301306072a8648ce3d02010608"
        "2a8648ce3d030107034200041750da354abb8dc9fe8cd1953c958f9d4f8338f3"
        "0bd7db05c734715576411a4efc2584ff7aea0ebf8e131490ddb830985d31b093"
        "53213f16d1c82ae94cfd9b2aa31d301b30090603551d1304023000300e060355"
        "1d0f0101ff040403020780300c06082a8648ce3d040302050003480030450221"
        "00a4ee2084a2c7852166766034ce885f24c09425c25ace2670f7c93a1c286651"
        "55022009397f84a7f71462a21c76b7319f665275baa31cb4359b3859bd4d71f1"
        "16430d";

static void
die(const char *what, const arnet_diag *d)
{
	fprintf(stderr, "gen_member_vectors: %s: %s\n", what, d ? d->msg : "");
	exit(1);
}

static void
keys(uint8_t first, uint8_t seed[32], uint8_t pk[32], uint8_t sk[64])
{
	for (int i = 0; i < 32; i++) {
		seed[i] = (uint8_t)(first + i);
	}
	if (arnet_keypair_from_seed(pk, sk, seed) != ARNET_OK) {
		die("keypair", NULL);
	}
}

static cJSON *
cert_fields(const arnet_cert *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "version", arnet_json_int(c->version));
	cJSON_AddItemToObject(o, "serial", arnet_json_int((int64_t)c->serial));
	cJSON_AddStringToObject(o, "member_id", c->member_id.text);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddItemToObject(o, "key", gen_hex(c->key, 32));
	cJSON_AddStringToObject(o, "pub_url", c->pub_url);
	cJSON_AddStringToObject(o, "sync_url", c->sync_url);
	cJSON_AddStringToObject(o, "survey_url", c->survey_url);
	if (c->version == ARNET_CERT_VERSION_LINK) {
		cJSON_AddItemToObject(o, "link_cert",
		                      gen_hex(c->link, c->link_len));
	}
	cJSON_AddItemToObject(o, "not_before", arnet_json_int(c->not_before));
	cJSON_AddItemToObject(o, "not_after", arnet_json_int(c->not_after));
	cJSON_AddItemToObject(o, "issuer", gen_hex(c->issuer, 32));
	return o;
}

static void
make_cert(arnet_cert *c, uint64_t serial, const char *id, const char *name,
          const uint8_t *pk, int port, const uint8_t *root_sk, cJSON *out,
          const char *vname, const uint8_t *root_seed, const char *link)
{
	uint8_t buf[ARNET_CERT_MAX];
	size_t n;
	arnet_diag d;
	memset(c, 0, sizeof(*c));
	c->version = link ? ARNET_CERT_VERSION_LINK : ARNET_CERT_VERSION;
	c->serial = serial;
	if (link != NULL) {
		size_t hl = strlen(link);
		c->link_len = (uint16_t)(hl / 2);
		if (hl % 2 != 0 || hl / 2 > sizeof(c->link) ||
		    sodium_hex2bin(c->link, sizeof(c->link), link, hl, NULL,
		                   NULL, NULL) != 0) {
			die("link hex", NULL);
		}
	}
	const char *scheme = link ? "tls+tcp" : "tcp";
	if (arnet_ident_parse(&c->member_id, id, &d) != ARNET_OK) {
		die("id", &d);
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	memcpy(c->key, pk, 32);
	snprintf(c->pub_url, sizeof(c->pub_url), "%s://10.0.0.%d:%d", scheme,
	         (int)serial, port);
	snprintf(c->sync_url, sizeof(c->sync_url), "%s://10.0.0.%d:%d", scheme,
	         (int)serial, port + 1);
	if (serial != 3) { /* member 3 takes no part in surveys */
		snprintf(c->survey_url, sizeof(c->survey_url),
		         "%s://10.0.0.%d:%d", scheme, (int)serial, port + 2);
	}
	c->not_before = 1767225600;              /* 2026-01-01T00:00:00Z */
	c->not_after = 1767225600 + 365 * 86400; /* 2027-01-01 */
	if (arnet_cert_sign(buf, sizeof(buf), &n, c, root_sk, &d) != ARNET_OK) {
		die("cert", &d);
	}
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", vname);
	cJSON_AddItemToObject(v, "root_seed_hex", gen_hex(root_seed, 32));
	cJSON_AddItemToObject(v, "fields", cert_fields(c));
	cJSON_AddItemToObject(v, "cert_hex", gen_hex(buf, n));
	cJSON_AddItemToArray(out, v);
}

static void
make_roster(arnet_roster *r, const uint8_t *root_sk, const uint8_t *root_seed,
            const char *vname, cJSON *out)
{
	uint8_t *buf, cb[ARNET_CERT_MAX];
	size_t len, n;
	arnet_diag d;
	if (arnet_roster_sign(&buf, &len, r, root_sk, &d) != ARNET_OK) {
		die("roster", &d);
	}
	cJSON *f = cJSON_CreateObject(), *certs = cJSON_CreateArray();
	cJSON *revs = cJSON_CreateArray();
	cJSON_AddItemToObject(f, "version", arnet_json_int(r->version));
	cJSON_AddItemToObject(f, "epoch", arnet_json_int((int64_t)r->epoch));
	cJSON_AddItemToObject(f, "issued", arnet_json_int(r->issued));
	cJSON_AddItemToObject(f, "root", gen_hex(r->root, 32));
	for (size_t i = 0; i < r->ncerts; i++) {
		if (arnet_cert_encode(cb, sizeof(cb), &n, &r->certs[i], &d) !=
		    ARNET_OK) {
			die("cert encode", &d);
		}
		cJSON_AddItemToArray(certs, gen_hex(cb, n));
	}
	for (size_t i = 0; i < r->nrevoked; i++) {
		const arnet_revocation *v = &r->revoked[i];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddItemToObject(e, "serial",
		                      arnet_json_int((int64_t)v->serial));
		cJSON_AddItemToObject(e, "key", gen_hex(v->key, 32));
		cJSON_AddItemToObject(e, "time", arnet_json_int(v->time));
		cJSON_AddStringToObject(e, "reason",
		                        arnet_revoke_reason_name(v->reason));
		cJSON_AddBoolToObject(e, "all", v->all);
		cJSON_AddItemToArray(revs, e);
	}
	cJSON_AddItemToObject(f, "certificates", certs);
	cJSON_AddItemToObject(f, "revocations", revs);
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "name", vname);
	cJSON_AddItemToObject(v, "root_seed_hex", gen_hex(root_seed, 32));
	cJSON_AddItemToObject(v, "fields", f);
	cJSON_AddItemToObject(v, "roster_hex", gen_hex(buf, len));
	cJSON_AddItemToArray(out, v);
	free(buf);
}

int
main(void)
{
	uint8_t rs[32], rpk[32], rsk[64], as[32], apk[32], ask[64];
	uint8_t bs[32], bpk[32], bsk[64], cs[32], cpk[32], csk[64];
	arnet_cert certs[3];
	arnet_roster r;
	if (arnet_crypto_init() != ARNET_OK) {
		die("sodium", NULL);
	}
	keys(0x40, rs, rpk, rsk);
	keys(0x00, as, apk, ask);
	keys(0x20, bs, bpk, bsk);
	keys(0x60, cs, cpk, csk);
	cJSON *top = cJSON_CreateObject();
	cJSON *cv = cJSON_CreateArray(), *rv = cJSON_CreateArray();
	make_cert(&certs[0], 1, "uscc:91350100M000100Y43",
	          "福州华信贸易有限公司", apk, 7101, rsk, cv, "cert-member-a",
	          rs, NULL);
	make_cert(&certs[1], 2, "local:MEMBER-B", "Xiamen Logistics Co.", bpk,
	          7201, rsk, cv, "cert-member-b", rs, NULL);
	make_cert(&certs[2], 3, "duns:150483782", "Tokyo Trading", cpk, 7301,
	          rsk, cv, "cert-member-c", rs, NULL);
	uint8_t ds[32], dpk[32], dsk[64];
	arnet_cert cd;
	keys(0x80, ds, dpk, dsk);
	make_cert(&cd, 4, "local:MEMBER-D", "Member D (TLS links)", dpk, 7401,
	          rsk, cv, "cert-member-d-link", rs, LINK_D);
	memset(&r, 0, sizeof(r));
	r.version = ARNET_ROSTER_VERSION;
	r.epoch = 1;
	r.issued = 1767225600 + 3600;
	r.certs = certs;
	r.ncerts = 2;
	make_roster(&r, rsk, rs, "roster-epoch-1", rv);
	arnet_revocation revs[2] = {
	        {2, {0}, 1779580800, ARNET_REVOKE_LEFT, 0}, /* 2026-05-24 */
	        {3, {0}, 1780000000, ARNET_REVOKE_COMPROMISED, 1},
	};
	memcpy(revs[0].key, bpk, 32);
	memcpy(revs[1].key, cpk, 32);
	r.epoch = 4;
	r.issued = 1780000100;
	r.ncerts = 3;
	r.revoked = revs;
	r.nrevoked = 2;
	make_roster(&r, rsk, rs, "roster-epoch-4-revocations", rv);
	cJSON_AddItemToObject(top, "certificates", cv);
	cJSON_AddItemToObject(top, "rosters", rv);
	gen_print("gen_member_vectors", top);
	return 0;
}
