/*
 * contact.c - `arnet customer contact ID [options]`: how to reach a
 * customer (address, contact person, phone, finance head, e-mail), kept
 * by store/books/contact.c; and the contact block that `customer show`,
 * the statement and the letters print.
 */
#include "contact.h"

#include <string.h>

/* Options, labels, in the order of arnet_contact_fields. */
static const char *const opt_names[ARNET_CONTACT_NFIELDS] = {
        "address", "person", "phone", "finance-head", "email"};
static const char *const labels[3][ARNET_CONTACT_NFIELDS] = {
        {"address", "contact person", "phone", "finance head", "e-mail"},
        {"地址", "联系人", "电话", "财务负责人", "邮箱"},
        {"Address", "Attn.", "Phone", "Head of finance", "E-mail"},
};

const char *
cli_contact_label(int i, int zh)
{
	return labels[zh ? 1 : 0][i];
}

cJSON *
cli_contact_json(const arnet_contact *c)
{
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const arnet_contact_field *f = &arnet_contact_fields[i];
		cJSON_AddStringToObject(o, f->name, arnet_contact_ctext(c, f));
	}
	return o;
}

void
cli_contact_print(const arnet_contact *c, const char *indent, int width, int zh)
{
	char cell[256];
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const char *v =
		        arnet_contact_ctext(c, &arnet_contact_fields[i]);
		if (v[0] != '\0') {
			printf("%s%s %s\n", indent,
			       cli_cell(cell, sizeof(cell),
			                cli_contact_label(i, zh), width),
			       v);
		}
	}
}

void
cli_contact_print_doc(FILE *f, const arnet_contact *c, int zh)
{
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		const char *v =
		        arnet_contact_ctext(c, &arnet_contact_fields[i]);
		if (v[0] != '\0') {
			fprintf(f, zh ? "%s：%s\n" : "%s: %s\n",
			        labels[zh ? 1 : 2][i], v);
		}
	}
}

typedef struct contact_job {
	arnet_ident id;
	const char *given[ARNET_CONTACT_NFIELDS]; /* NULL: keep */
	arnet_contact c;
	arnet_put_result res;
} contact_job;

static int
contact_txn(arnet_txn *t, void *arg, arnet_diag *d)
{
	contact_job *j = arg;
	arnet_customer cust;
	int rv;
	if ((rv = arnet_customer_get(t, &j->id, &cust, d)) != ARNET_OK ||
	    (rv = arnet_contact_get(t, &j->id, &j->c, d)) != ARNET_OK) {
		return rv;
	}
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		if (j->given[i] != NULL &&
		    (rv = arnet_contact_set(&j->c, &arnet_contact_fields[i],
		                            j->given[i], d)) != ARNET_OK) {
			return rv;
		}
	}
	return arnet_contact_put(t, &j->id, &j->c, &j->res, d);
}

int
customer_contact(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "customer";
	contact_job j = {0};
	const char *pos[1];
	cli_opt opts[ARNET_CONTACT_NFIELDS + 1];
	arnet_diag d;
	int rv, set = 0;

	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		opts[i] = (cli_opt)CLI_OPT(opt_names[i], &j.given[i]);
	}
	opts[ARNET_CONTACT_NFIELDS] = (cli_opt)CLI_END;
	if ((rv = cli_args(C, argc, argv, 2, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_ident(C, "ID", pos[0], &j.id)) != 0) {
		return rv;
	}
	for (int i = 0; i < ARNET_CONTACT_NFIELDS; i++) {
		set |= j.given[i] != NULL;
	}
	if (set) {
		if ((rv = cli_write(ctx, 0, contact_txn, &j, 0)) != EXIT_OK) {
			return rv;
		}
	} else {
		arnet_customer cust;
		arnet_txn *t;
		if ((rv = cli_customer(ctx, &j.id, &cust)) != EXIT_OK ||
		    (rv = cli_txn(ctx, &t)) != EXIT_OK ||
		    (rv = cli_ok(arnet_contact_get(t, &j.id, &j.c, &d), &d)) !=
		            EXIT_OK) {
			return rv;
		}
	}
	const char *what = set ? cli_put_word(j.res) : NULL;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "customer", j.id.text);
		if (what != NULL) {
			cJSON_AddStringToObject(o, "result", what);
		}
		cJSON_AddItemToObject(o, "contact", cli_contact_json(&j.c));
		return cli_print_json(o);
	}
	if (what != NULL) {
		printf("%s contact of %s\n", what, j.id.text);
	}
	if (arnet_contact_empty(&j.c)) {
		printf("no contact data for %s (arnet customer contact %s "
		       "--address ... --person ... --phone ...)\n",
		       j.id.text, j.id.text);
	}
	cli_contact_print(&j.c, "", 14, 0);
	return EXIT_OK;
}
