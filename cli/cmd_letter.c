/*
 * cmd_letter.c - `arnet letter INVOICE --stage STAGE`: the dunning letter
 * of a stage with the invoice's figures filled in (texts: letter.c).
 */
#include "arnet_dunning.h"
#include "arnet_reports.h"
#include "cli.h"
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

/*
 * Whether the letter of `stage` fits the invoice as it stands: nothing
 * goes out for an invoice paid in full, nor a stage's letter before the
 * invoice has reached that stage on the ladder, nor the reminder (which
 * speaks of a coming due date) once the invoice is past due. A later
 * invoice may still get an earlier stage's letter (a formal letter sent
 * late is still a formal letter). EXIT_OK, or EXIT_ERR saying why.
 */
static int
letter_fits(const arnet_invoice_state *v, const arnet_books_policy *pol,
            int stage)
{
	char b1[40], b2[40];
	const char *num = v->inv.number, *cur = v->inv.currency;
	int reached = arnet_dunning_stage_at(pol, v->days_past_due);
	if (v->outstanding <= 0) {
		return cli_error("invoice %s (%s %s) is paid in full as of %s: "
		                 "no letter to send (--force to write one "
		                 "anyway)",
		                 num, cli_money(b1, v->inv.amount, cur), cur,
		                 cli_date(b2, v->as_of));
	}
	if (v->days_past_due < pol->stage_from[stage]) {
		return cli_error(
		        "invoice %s is %d days past due as of %s (due %s); the "
		        "%s letter is for %d days past due or more (the stage "
		        "it has reached: %s; --force to write it anyway)",
		        num, v->days_past_due, cli_date(b1, v->as_of),
		        cli_date(b2, v->inv.due), arnet_stage_name(stage),
		        pol->stage_from[stage],
		        reached ? arnet_stage_name(reached) : "none yet");
	}
	if (stage == ARNET_STAGE_REMINDER && v->days_past_due > 0) {
		return cli_error("invoice %s is already %d days past due (due "
		                 "%s): the reminder speaks of a coming due "
		                 "date; the stage it has reached is %s "
		                 "(--force to write it anyway)",
		                 num, v->days_past_due,
		                 cli_date(b1, v->inv.due),
		                 arnet_stage_name(reached));
	}
	return EXIT_OK;
}

int
cmd_letter(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const C = "letter";
	const char *stage = NULL, *lang = NULL, *as_of = NULL, *out = NULL,
	           *pos[1];
	int st, rv, chinese = 1, force = 0;
	const cli_opt opts[] = {
	        CLI_OPT("stage", &stage),  CLI_OPT("lang", &lang),
	        CLI_OPT("as-of", &as_of),  CLI_OPT("out", &out),
	        CLI_FLAG("force", &force), CLI_END};
	const arnet_config *cfg;
	arnet_invoice_state inv;
	int32_t day;
	arnet_txn *t;
	arnet_diag d;

	if ((rv = cli_args(C, argc, argv, 1, opts, pos, 1, 1, NULL)) != 0 ||
	    (rv = cli_arg_stage(C, stage, &st)) != 0 ||
	    (rv = cli_as_of(C, as_of, &day)) != 0) {
		return rv;
	}
	if ((rv = cli_arg_lang(C, lang, 1, &chinese)) != EXIT_OK) {
		return rv;
	}
	if ((cfg = cli_config(ctx)) == NULL) {
		return EXIT_ERR;
	}
	if (cfg->member_name[0] == '\0') {
		return cli_error("a letter is signed by the firm: set [member] "
		                 "name in %s (arnet init does)",
		                 ctx->config != NULL ? ctx->config
		                                     : "the data directory's "
		                                       "arnet.conf");
	}
	const arnet_books_policy *pol = &cfg->books;
	if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
	    (rv = cli_ok(arnet_invoice_state_get(t, pos[0], day, pol, &inv, &d),
	                 &d)) != EXIT_OK) {
		return rv;
	}
	if (!force && (rv = letter_fits(&inv, pol, st)) != EXIT_OK) {
		arnet_invoice_state_free(&inv);
		return rv;
	}
	const arnet_invoice_state *v = &inv;
	const char *cur = v->inv.currency;
	char amount[40], left[40], fee[40], issued[40], due[40], date[40];
	char days[16], rate[64];
	snprintf(days, sizeof(days), "%d",
	         v->days_past_due > 0 ? v->days_past_due : 0);
	rate_text(rate, sizeof(rate), pol->late_fee_num, pol->late_fee_den,
	          chinese);
	const letter_field fields[] = {
	        {"customer", v->c.name},
	        {"invoice", v->inv.number},
	        {"order", v->inv.order_ref[0] ? v->inv.order_ref : "-"},
	        {"issued", cli_date(issued, v->inv.issued)},
	        {"due", cli_date(due, v->inv.due)},
	        {"amount", cli_money(amount, v->inv.amount, cur)},
	        {"outstanding", cli_money(left, v->outstanding, cur)},
	        {"currency", cur},
	        {"days", days},
	        {"fee", cli_money(fee, v->late_fee, cur)},
	        {"rate", rate},
	        {"firm", cfg->member_name},
	        {"date", cli_date(date, day)},
	};
	size_t nf = sizeof(fields) / sizeof(fields[0]);
	const char *tmpl = letter_template(st, chinese);
	if (ctx->json) {
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);
		if (m == NULL) {
			arnet_invoice_state_free(&inv);
			return cli_error("out of memory");
		}
		letter_render(m, tmpl, fields, nf);
		fclose(m);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "invoice", v->inv.number);
		cJSON_AddStringToObject(o, "stage", arnet_stage_name(st));
		cJSON_AddStringToObject(o, "lang", chinese ? "zh" : "en");
		cJSON_AddStringToObject(o, "text", text);
		free(text);
		arnet_invoice_state_free(&inv);
		return cli_print_json(o);
	}
	FILE *f = stdout;
	if (out != NULL && (f = fopen(out, "wx")) == NULL) {
		arnet_invoice_state_free(&inv);
		return cli_error("cannot create %s: %s", out, strerror(errno));
	}
	letter_render(f, tmpl, fields, nf);
	arnet_invoice_state_free(&inv);
	if (f != stdout && fclose(f) != 0) {
		return cli_error("cannot write %s: %s", out, strerror(errno));
	}
	return EXIT_OK;
}
