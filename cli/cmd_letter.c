/*
 * cmd_letter.c - `arnet letter (INVOICE | --customer ID) --stage STAGE`:
 * the dunning letter of a stage with the figures filled in, about one
 * invoice or about every open invoice of a customer that the stage fits
 * (texts: letter.c; docs/cli.md, "arnet letter").
 */
#include "arnet_dunning.h"
#include "arnet_reports.h"
#include "cli.h"
#include "arnet_grow.h"
#include "contact.h"
#include "letter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "万分之五/日" or "0.05% a day" for num/den a day. */
static void
rate_text(char *buf, size_t cap, int64_t num, int64_t den, int chinese)
{
	if (den == 10000 && chinese) {
		static const char *const digits[] = {"零", "一", "二", "三",
		                                     "四", "五", "六", "七",
		                                     "八", "九", "十"};
		if (num >= 0 && num <= 10) {
			snprintf(buf, cap, "日万分之%s", digits[num]);
		} else {
			snprintf(buf, cap, "日万分之%lld", (long long)num);
		}
	} else if (den == 10000) {
		snprintf(buf, cap, "%lld.%02lld%% a day",
		         (long long)(num / 100), (long long)(num % 100));
	} else if (den == 3650000) {
		snprintf(buf, cap,
		         chinese ? "年利率 %lld.%02lld%%"
		                 : "%lld.%02lld%% a year",
		         (long long)(num / 100), (long long)(num % 100));
	} else {
		snprintf(buf, cap,
		         chinese ? "每日 %lld/%lld" : "%lld/%lld a day",
		         (long long)num, (long long)den);
	}
}

static int
letter_fits(const arnet_invoice_state *v, const arnet_books_policy *pol,
            int stage)
{
	arnet_diag d;
	if (arnet_letter_fits(v, pol, stage, &d) != ARNET_OK) {
		return cli_fail(ARNET_ERANGE, &d);
	}
	return EXIT_OK;
}

/* What every letter says of the firm and the customer, as text. */
typedef struct letter_common {
	char rate[64], date[40], cc[160];
	char *firm_details, *pay_to; /* malloc'd */
} letter_common;

static char *
firm_text(const arnet_config *cfg, int chinese, int bank)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (m == NULL) {
		return NULL;
	}
	if (bank && (cfg->member_bank[0] || cfg->member_account[0])) {
		fputs(chinese ? "请将款项汇入：\n" : "Please pay to:\n", m);
	}
	letter_firm_print(m, cfg, chinese, bank);
	fclose(m);
	return text;
}

static int
common_init(letter_common *lc, const arnet_config *cfg, const arnet_contact *ct,
            int32_t day, int chinese)
{
	const arnet_books_policy *pol = &cfg->books;
	rate_text(lc->rate, sizeof(lc->rate), pol->late_fee_num,
	          pol->late_fee_den, chinese);
	cli_date(lc->date, day);
	if (ct->finance_head[0] != '\0') {
		snprintf(lc->cc, sizeof(lc->cc),
		         chinese ? "贵司财务负责人 %s" : "%s (head of finance)",
		         ct->finance_head);
	} else {
		snprintf(lc->cc, sizeof(lc->cc), "%s",
		         chinese ? "贵司财务负责人" : "your head of finance");
	}
	lc->firm_details = firm_text(cfg, chinese, 0);
	lc->pay_to = firm_text(cfg, chinese, 1);
	return lc->firm_details != NULL && lc->pay_to != NULL
	               ? EXIT_OK
	               : cli_error("out of memory");
}

static void
common_free(letter_common *lc)
{
	free(lc->firm_details);
	free(lc->pay_to);
}

/* The letter (letter_write: stage, chinese, all) to stdout, --out FILE
 * (new, never overwritten) or, with --json, into o's "text". */
typedef struct letter_doc {
	int stage, chinese, all;
} letter_doc;

static int
letter_emit(cli_ctx *ctx, const char *out, const letter_doc *doc,
            const letter_field *fields, size_t nf, cJSON *o)
{
	if (ctx->json) {
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		if (m == NULL) {
			cJSON_Delete(o);
			return cli_error("out of memory");
		}
		letter_write(m, doc->stage, doc->chinese, doc->all, fields, nf);
		fclose(m);
		cJSON_AddStringToObject(o, "text", text);
		free(text);
		return cli_print_json(o);
	}
	cJSON_Delete(o);
	FILE *f = stdout;
	if (out != NULL && (f = fopen(out, "wx")) == NULL) {
		return cli_error("cannot create %s: %s", out, strerror(errno));
	}
	letter_write(f, doc->stage, doc->chinese, doc->all, fields, nf);
	if (f != stdout && fclose(f) != 0) {
		return cli_error("cannot write %s: %s", out, strerror(errno));
	}
	return EXIT_OK;
}

/* The letter of one invoice. */
static int
invoice_letter(cli_ctx *ctx, const arnet_config *cfg, const char *number,
               int st, int32_t day, int chinese, int force, const char *out)
{
	const arnet_books_policy *pol = &cfg->books;
	arnet_invoice_state inv;
	arnet_contact ct;
	letter_common lc = {0};
	arnet_txn *t;
	arnet_diag d;
	int rv;
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_invoice_state_get(t, number, day, pol, &inv, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	if ((!force && (rv = letter_fits(&inv, pol, st)) != EXIT_OK) ||
	    (rv = cli_ok(arnet_contact_get(t, &inv.c.id, &ct, &d), &d)) !=
	            EXIT_OK ||
	    (rv = common_init(&lc, cfg, &ct, day, chinese)) != EXIT_OK) {
		common_free(&lc);
		arnet_invoice_state_free(&inv);
		return rv;
	}
	const arnet_invoice_state *v = &inv;
	const char *cur = v->inv.currency;
	char amount[LETTER_AMOUNT_MAX + 1], left[LETTER_AMOUNT_MAX + 1],
	        fee[LETTER_AMOUNT_MAX + 1], issued[40], due[40], days[16];
	snprintf(days, sizeof(days), "%d",
	         v->days_past_due > 0 ? v->days_past_due : 0);
	const letter_field fields[] = {
	        {"customer", v->c.name},
	        {"cc", lc.cc},
	        {"invoice", v->inv.number},
	        {"order", v->inv.order_ref[0] ? v->inv.order_ref : "-"},
	        {"issued", cli_date(issued, v->inv.issued)},
	        {"due", cli_date(due, v->inv.due)},
	        {"amount", letter_amount(amount, sizeof(amount), v->inv.amount,
	                                 cur, chinese)},
	        {"outstanding", letter_amount(left, sizeof(left),
	                                      v->outstanding, cur, chinese)},
	        {"days", days},
	        {"fee",
	         letter_amount(fee, sizeof(fee), v->late_fee, cur, chinese)},
	        {"rate", lc.rate},
	        {"firm", cfg->member_name},
	        {"firm_details", lc.firm_details},
	        {"date", lc.date},
	};
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "invoice", v->inv.number);
	cJSON_AddStringToObject(o, "stage", arnet_stage_name(st));
	cJSON_AddStringToObject(o, "lang", chinese ? "zh" : "en");
	const letter_doc doc = {st, chinese, 0};
	rv = letter_emit(ctx, out, &doc, fields,
	                 sizeof(fields) / sizeof(fields[0]), o);
	common_free(&lc);
	arnet_invoice_state_free(&inv);
	return rv;
}

/* The open invoices of a customer, by number (a position scan). */
typedef struct open_list {
	char (*num)[ARNET_INVOICE_NO_MAX + 1];
	size_t n, cap;
} open_list;

static int
collect_open(const arnet_position *p, void *arg)
{
	open_list *l = arg;
	if (ARNET_GROW(&l->num, l->n, &l->cap, 16) != ARNET_OK) {
		return ARNET_ENOMEM;
	}
	memcpy(l->num[l->n++], p->inv->number, ARNET_INVOICE_NO_MAX + 1);
	return 0;
}

/* The sums of one currency among a letter's invoices. */
typedef struct cur_sum {
	char currency[4];
	int64_t open, fee;
} cur_sum;

/* {invoices}, {total}, {fee} of the invoices kept, into m/total/fee. */
static int
customer_figures(FILE *m, FILE *total, FILE *fee, const arnet_invoice_state *v,
                 size_t n, int chinese)
{
	cur_sum sums[8];
	size_t ns = 0;
	int wnum = 0;
	char b1[40], b2[40], cell[4 * ARNET_INVOICE_NO_MAX + 8];
	for (size_t i = 0; i < n; i++) {
		int w = cli_width(v[i].inv.number);
		wnum = w > wnum ? w : wnum;
	}
	for (size_t i = 0; i < n; i++) {
		const arnet_invoice *inv = &v[i].inv;
		const int dpd = v[i].days_past_due;
		char when[64];
		if (dpd > 0) {
			snprintf(when, sizeof(when),
			         chinese ? "逾期 %4d 天" : "%4d days past due",
			         dpd);
		} else if (dpd == 0) {
			snprintf(when, sizeof(when), "%s",
			         chinese ? "今日到期" : "due today");
		} else {
			snprintf(when, sizeof(when),
			         chinese ? "%4d 天后到期" : "due in %d days",
			         -dpd);
		}
		fprintf(m,
		        chinese ? "  发票 %s  到期日 %s  %s  未付 %s %14s\n"
		                : "  invoice %s  due %s  %s  open %s %14s\n",
		        cli_cell(cell, sizeof(cell), inv->number, wnum),
		        cli_date(b1, inv->due), when, inv->currency,
		        cli_money(b2, v[i].outstanding, inv->currency));
		size_t k = 0;
		while (k < ns && strcmp(sums[k].currency, inv->currency) != 0) {
			k++;
		}
		if (k == ns) {
			if (ns == sizeof(sums) / sizeof(sums[0])) {
				return cli_error("a letter of more than 8 "
				                 "currencies");
			}
			memset(&sums[ns], 0, sizeof(sums[ns]));
			memcpy(sums[ns++].currency, inv->currency, 4);
		}
		if (arnet_money_add(&sums[k].open, sums[k].open,
		                    v[i].outstanding) != ARNET_OK ||
		    arnet_money_add(&sums[k].fee, sums[k].fee, v[i].late_fee) !=
		            ARNET_OK) {
			return cli_error("the letter's total overflows");
		}
	}
	for (size_t k = 0; k < ns; k++) {
		char a[LETTER_AMOUNT_MAX + 1];
		const char *sep = k == 0 ? "" : chinese ? "；" : "; ";
		fprintf(total, "%s%s", sep,
		        letter_amount(a, sizeof(a), sums[k].open,
		                      sums[k].currency, chinese));
		fprintf(fee, "%s%s", sep,
		        letter_amount(a, sizeof(a), sums[k].fee,
		                      sums[k].currency, chinese));
	}
	return EXIT_OK;
}

/* The letter of a customer: every open invoice the stage fits. */
static int
customer_letter(cli_ctx *ctx, const arnet_config *cfg, const char *cust, int st,
                int32_t day, int chinese, int force, const char *out)
{
	const arnet_books_policy *pol = &cfg->books;
	arnet_position_visitor pv = {day, NULL, 1, collect_open, {0}};
	open_list l = {0};
	arnet_invoice_state *v = NULL;
	size_t nv = 0;
	arnet_customer c;
	arnet_contact ct;
	letter_common lc = {0};
	arnet_ident id;
	arnet_txn *t;
	arnet_diag d;
	int rv;
	char *inv_text = NULL, *total = NULL, *fee = NULL, *to = NULL;
	size_t len;

	pv.each.arg = &l;
	if ((rv = cli_arg_ident("letter", "--customer", cust, &id)) != 0 ||
	    (rv = cli_customer(ctx, &id, &c)) != EXIT_OK ||
	    (rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_contact_get(t, &id, &ct, &d), &d)) != EXIT_OK ||
	    (rv = cli_ok(
	             arnet_position_scan(t, &id, &pv, &d) == ARNET_ENOMEM
	                     ? arnet_diag_set(&d, ARNET_ENOMEM, "out of memory")
	                     : ARNET_OK,
	             &d)) != EXIT_OK) {
		free(l.num);
		return rv;
	}
	if ((v = calloc(l.n ? l.n : 1, sizeof(*v))) == NULL) {
		free(l.num);
		return cli_error("out of memory");
	}
	for (size_t i = 0; i < l.n && rv == EXIT_OK; i++) {
		rv = cli_ok(arnet_invoice_state_get(t, l.num[i], day, pol,
		                                    &v[nv], &d),
		            &d);
		if (rv != EXIT_OK) {
			break;
		}
		if (force ||
		    arnet_letter_fits(&v[nv], pol, st, NULL) == ARNET_OK) {
			nv++;
		} else {
			arnet_invoice_state_free(&v[nv]);
		}
	}
	free(l.num);
	if (rv == EXIT_OK && nv == 0) {
		char b[40];
		rv = cli_error(
		        st == ARNET_STAGE_REMINDER
		                ? "%s has no invoice for the %s as of %s (one "
		                  "open and due within %d days, not yet past "
		                  "due; --force for every open one)"
		                : "%s has no overdue invoice for the %s letter "
		                  "as of %s (one open and %d or more days past "
		                  "due; --force for every open one)",
		        id.text, arnet_stage_name(st), cli_date(b, day),
		        st == ARNET_STAGE_REMINDER ? -pol->stage_from[st]
		                                   : pol->stage_from[st]);
	}
	FILE *fm = NULL, *ft = NULL, *ff = NULL, *fto = NULL;
	if (rv == EXIT_OK && ((fm = open_memstream(&inv_text, &len)) == NULL ||
	                      (ft = open_memstream(&total, &len)) == NULL ||
	                      (ff = open_memstream(&fee, &len)) == NULL ||
	                      (fto = open_memstream(&to, &len)) == NULL)) {
		rv = cli_error("out of memory");
	}
	if (rv == EXIT_OK) {
		rv = customer_figures(fm, ft, ff, v, nv, chinese);
		fprintf(fto, "%s\n", c.name);
		cli_contact_print_doc(fto, &ct, chinese);
	}
	FILE *streams[] = {fm, ft, ff, fto};
	for (int i = 0; i < 4; i++) {
		if (streams[i] != NULL) {
			fclose(streams[i]);
		}
	}
	if (rv == EXIT_OK &&
	    (rv = common_init(&lc, cfg, &ct, day, chinese)) == EXIT_OK) {
		char count[16];
		snprintf(count, sizeof(count), "%zu", nv);
		const letter_field fields[] = {
		        {"to", to},
		        {"customer", c.name},
		        {"cc", lc.cc},
		        {"count", count},
		        {"invoices", inv_text},
		        {"total", total},
		        {"fee", fee},
		        {"rate", lc.rate},
		        {"pay_to", lc.pay_to},
		        {"firm", cfg->member_name},
		        {"firm_details", lc.firm_details},
		        {"date", lc.date},
		};
		cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "customer", id.text);
		cJSON_AddStringToObject(o, "stage", arnet_stage_name(st));
		cJSON_AddStringToObject(o, "lang", chinese ? "zh" : "en");
		for (size_t i = 0; i < nv; i++) {
			cJSON_AddItemToArray(
			        a, cJSON_CreateString(v[i].inv.number));
		}
		cJSON_AddItemToObject(o, "invoices", a);
		const letter_doc doc = {st, chinese, 1};
		rv = letter_emit(ctx, out, &doc, fields,
		                 sizeof(fields) / sizeof(fields[0]), o);
	}
	common_free(&lc);
	for (size_t i = 0; i < nv; i++) {
		arnet_invoice_state_free(&v[i]);
	}
	free(v);
	free(inv_text);
	free(total);
	free(fee);
	free(to);
	return rv;
}

int
cmd_letter(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "letter";
	const char *stage = NULL, *lang = NULL, *as_of = NULL, *out = NULL,
	           *cust = NULL, *pos[1] = {NULL};
	int st, rv, chinese = 0, force = 0, npos = 0;
	const cli_opt opts[] = {CLI_OPT("stage", &stage),
	                        CLI_OPT("lang", &lang),
	                        CLI_OPT("as-of", &as_of),
	                        CLI_OPT("out", &out),
	                        CLI_OPT("customer", &cust),
	                        CLI_FLAG("force", &force),
	                        CLI_END};
	const arnet_config *cfg;
	int32_t day;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 0, 1, &npos)) != 0 ||
	    (rv = cli_arg_stage(C, stage, &st)) != 0 ||
	    (rv = cli_as_of(C, as_of, &day)) != 0) {
		return rv;
	}
	if ((npos == 1) == (cust != NULL)) {
		return cli_usage(C,
		                 "an INVOICE or --customer ID (one of them)");
	}
	/* The language as the reports have it (cli_out_parse): --lang, else
	 * [node] lang. */
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	if ((rv = cli_arg_lang(C, lang, cfg->node.lang_zh, &chinese)) !=
	    EXIT_OK) {
		return rv;
	}
	/* The phone notes stay in the firm: they need only its name. */
	if ((rv = st == ARNET_STAGE_PHONE
	                  ? letter_firm_name_check(ctx, cfg, "a letter")
	                  : letter_firm_check(ctx, cfg, "a letter")) !=
	    EXIT_OK) {
		return rv;
	}
	return cust != NULL ? customer_letter(ctx, cfg, cust, st, day, chinese,
	                                      force, out)
	                    : invoice_letter(ctx, cfg, pos[0], st, day, chinese,
	                                     force, out);
}
