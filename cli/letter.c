/*
 * letter.c - the texts of the dunning ladder, in Chinese and English,
 * with the invoice's figures filled in.
 *
 * One text per stage: a friendly reminder before the due date, a script
 * for the phone call, the formal letter copied to the customer's finance
 * head (and the stop of supply it announces), a lawyer's letter for the
 * firm's lawyer to review, and the final notice before litigation or a
 * collection agency. The Chinese wording follows the source articles
 * (../shared/seeds): 逾期付款违约金, 抄送客户财务负责人, 律师函, 司法程序.
 *
 * Templates name their fields in braces ({invoice}); letter_render
 * replaces each with its value and leaves any other text as it is.
 */
#include "letter.h"

#include <stddef.h>
#include <string.h>

/*
 * A stage's text in one language. A letter about one invoice is `one`,
 * a letter about every invoice of a customer that the stage fits is
 * `all`; then comes what both say (`ask`), then `one_end` or `all_end`
 * (NULL: nothing), then, when the firm signs the letter (`sign`; the
 * phone notes stay in the firm), the signature (letter_sign).
 *
 * The fields of `one`: customer, cc, invoice, order, issued, due,
 * amount, outstanding, days, fee, rate, firm, firm_details, date. Of
 * `all`: to (the customer's name with its address and contact lines),
 * customer, cc, count, invoices (one line each), total and fee (per
 * currency), rate, pay_to (the firm's bank), firm, firm_details, date.
 */
typedef struct stage_text {
	const char *one, *all, *ask, *one_end, *all_end, *sign;
} stage_text;

static const stage_text zh[ARNET_STAGE_COUNT + 1] = {
        [ARNET_STAGE_REMINDER] =
                {.one = "付款提醒\n"
                        "\n"
                        "{customer}：\n"
                        "\n"
                        "您好！感谢贵司一直以来的支持与合作。\n"
                        "贵司发票 {invoice}（订单 {order}，开票日期 "
                        "{issued}）金额 {amount}，将于 {due} 到期，"
                        "目前未付余额 {outstanding}。\n",
                 .all = "付款提醒\n"
                        "\n"
                        "致：{to}"
                        "\n"
                        "您好！感谢贵司一直以来的支持与合作。贵司下列 "
                        "{count} 张发票即将到期：\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "合计未付：{total}。\n",
                 .ask = "请贵司安排在到期日前付款。如已付款，请忽略本提醒"
                        "，并告知付款日期以便核对。\n",
                 .sign = "{firm}\n"},
        [ARNET_STAGE_PHONE] =
                {.one = "电话催收提纲  发票 {invoice}\n"
                        "\n"
                        "客户：{customer}\n"
                        "逾期 {days} 天（到期日 {due}），未付余额 "
                        "{outstanding}，截至 {date} 逾期违约金 {fee}。\n"
                        "\n"
                        "1. 确认账款信息：发票号 {invoice}、订单号 "
                        "{order}、金额、到期日。\n",
                 .all = "电话催收提纲  {customer}\n"
                        "\n"
                        "{to}"
                        "\n"
                        "逾期发票 {count} 张：\n"
                        "{invoices}"
                        "合计未付：{total}；截至 {date} 逾期违约金 "
                        "{fee}。\n"
                        "\n"
                        "1. 确认账款信息：发票号、订单号、金额、到期日。\n",
                 .ask = "2. 了解逾期原因，保持专业友善的沟通语气。\n"
                        "3. 如客户资金周转困难，引导其制定具体还款计划，"
                        "例如“本月25日前支付30%款项是否可行”。\n",
                 .one_end = "4. 记录客户承诺的还款时间和协商细节：\n"
                            "   arnet dunning log {invoice} --stage phone "
                            "--note \"...\"\n",
                 .all_end = "4. 记录客户承诺的还款时间和协商细节（每张发票）"
                            "：\n"
                            "   arnet dunning log 发票号 --stage phone "
                            "--note \"...\"\n"},
        [ARNET_STAGE_LETTER] =
                {.one = "催款函\n"
                        "\n"
                        "致：{customer}\n"
                        "抄送：{cc}\n"
                        "\n"
                        "根据双方合同约定，贵司下列款项已逾期未付：\n"
                        "  发票号：{invoice}    订单号：{order}\n"
                        "  开票日期：{issued}    到期日：{due}\n"
                        "  发票金额：{amount}    未付余额：{outstanding}\n"
                        "  逾期天数：{days} 天\n",
                 .all = "催款函\n"
                        "\n"
                        "致：{to}"
                        "抄送：{cc}\n"
                        "\n"
                        "根据双方合同约定，贵司下列 {count} "
                        "张发票项下款项已逾期未付：\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "合计未付：{total}。\n",
                 .ask = "按合同约定的逾期付款违约金（{rate}），截至 {date} "
                        "应计违约金 {fee}。\n"
                        "依据合同约定，自即日起我司暂停对贵司的赊销供货，"
                        "直至上述款项结清。\n"
                        "请贵司于收到本函之日起七日内付清欠款。"
                        "如对账目有疑问，请与我司联系核对。\n",
                 .sign = "{firm}\n"},
        [ARNET_STAGE_LAWYER] =
                {.one = "律师函（草稿，供律师审定）\n"
                        "\n"
                        "致：{customer}\n"
                        "\n"
                        "受 {firm} 委托，就贵司拖欠货款事宜致函如下：\n"
                        "贵司发票 {invoice}（订单 {order}，开票日期 "
                        "{issued}）金额 {amount}，约定付款期限为 {due}。"
                        "截至 {date}，贵司尚欠 {outstanding}，已逾期 "
                        "{days} 天，按约定应计逾期违约金 {fee}。\n",
                 .all = "律师函（草稿，供律师审定）\n"
                        "\n"
                        "致：{to}"
                        "\n"
                        "受 {firm} 委托，就贵司拖欠货款事宜致函如下：\n"
                        "截至 {date}，贵司下列 {count} "
                        "张发票项下款项逾期未付：\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "合计未付：{total}，按约定应计逾期违约金 {fee}。\n",
                 .ask = "我方此前已多次催告，贵司至今未履行付款义务。"
                        "请贵司于收到本函之日起七日内支付全部欠款及违约金。"
                        "逾期未付，我方将依法提起诉讼，并申请财产保全，"
                        "由此产生的诉讼费、律师费等费用由贵司承担。\n",
                 .sign = "委托人：{firm}\n"},
        [ARNET_STAGE_LITIGATION] =
                {.one = "最后通知\n"
                        "\n"
                        "致：{customer}\n"
                        "\n"
                        "贵司发票 {invoice} 项下欠款 {outstanding} "
                        "已逾期 {days} 天（到期日 {due}），截至 {date} "
                        "逾期违约金 {fee}。经多次催告仍未支付。\n",
                 .all = "最后通知\n"
                        "\n"
                        "致：{to}"
                        "\n"
                        "贵司下列 {count} "
                        "张发票项下欠款经多次催告仍未支付：\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "合计未付：{total}；截至 {date} 逾期违约金 "
                        "{fee}。\n",
                 .ask = "我司将启动司法程序或委托专业商账管理机构追收，"
                        "并可将本笔逾期记录报告行业信用信息共享平台。\n"
                        "如贵司在五日内付清全部欠款，请立即与我司联系。\n",
                 .sign = "{firm}\n"},
};

static const stage_text en[ARNET_STAGE_COUNT + 1] = {
        [ARNET_STAGE_REMINDER] =
                {.one = "Payment reminder\n"
                        "\n"
                        "Dear {customer},\n"
                        "\n"
                        "Thank you for your business. Invoice {invoice} "
                        "(order {order}, issued {issued}) for {amount} "
                        "falls due on {due}; {outstanding} is open.\n",
                 .all = "Payment reminder\n"
                        "\n"
                        "To: {to}"
                        "\n"
                        "Thank you for your business. The following "
                        "{count} invoice(s) will soon fall due:\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "Total open: {total}.\n",
                 .ask = "Please arrange payment by the due date. ",
                 .one_end = "If you have paid already, please ignore this "
                            "reminder and tell us the date of payment so "
                            "we can match it.\n",
                 .all_end = "If you have paid already, please ignore this "
                            "reminder and tell us the date of payment so "
                            "that we can match it.\n",
                 .sign = "{firm}\n"},
        [ARNET_STAGE_PHONE] =
                {.one = "Phone call notes: invoice {invoice}\n"
                        "\n"
                        "Customer: {customer}\n"
                        "{days} days past due (due {due}); {outstanding} "
                        "open; late fee to {date}: {fee}.\n"
                        "\n"
                        "1. Confirm the facts: invoice {invoice}, order "
                        "{order}, amount, due date.\n"
                        "2. Ask why it is late; stay professional and "
                        "friendly.\n",
                 .all = "Phone call notes: {customer}\n"
                        "\n"
                        "{to}"
                        "\n"
                        "{count} invoice(s) past due:\n"
                        "{invoices}"
                        "Total open: {total}; late fee to {date}: {fee}.\n"
                        "\n"
                        "1. Confirm the facts: invoice and order numbers, "
                        "amounts, due dates.\n"
                        "2. Ask why payment is late; stay professional and "
                        "friendly.\n",
                 .ask = "3. If they are short of cash, agree a concrete "
                        "plan (\"can you pay 30% by the 25th?\").\n",
                 .one_end = "4. Log the promise and the details:\n"
                            "   arnet dunning log {invoice} --stage phone "
                            "--note \"...\"\n",
                 .all_end = "4. Log the promise and the details, for each "
                            "invoice:\n"
                            "   arnet dunning log INVOICE --stage phone "
                            "--note \"...\"\n"},
        [ARNET_STAGE_LETTER] =
                {.one = "Demand for payment\n"
                        "\n"
                        "To: {customer}\n"
                        "Copy: {cc}\n"
                        "\n"
                        "Under our contract the following amount is "
                        "overdue:\n"
                        "  invoice {invoice}, order {order}\n"
                        "  issued {issued}, due {due}\n"
                        "  invoiced {amount}, open {outstanding}\n"
                        "  {days} days past due\n",
                 .all = "Demand for payment\n"
                        "\n"
                        "To: {to}"
                        "Copy: {cc}\n"
                        "\n"
                        "Under our contract, payment of the following "
                        "{count} invoice(s) is overdue:\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "Total overdue: {total}.\n",
                 .ask = "The late payment fee agreed in the contract "
                        "({rate}) comes to {fee} up to {date}.\n"
                        "As the contract provides, we are suspending "
                        "deliveries on credit from today until this amount "
                        "has been paid.\n"
                        "Please pay within seven days of receiving this "
                        "letter. ",
                 .one_end = "If our figures differ from yours, please "
                            "contact us to reconcile.\n",
                 .all_end = "If our figures differ from yours, please "
                            "contact us so that we can reconcile them.\n",
                 .sign = "{firm}\n"},
        [ARNET_STAGE_LAWYER] =
                {.one = "Lawyer's letter (draft for our lawyer's review)\n"
                        "\n"
                        "To: {customer}\n"
                        "\n"
                        "We write on behalf of {firm} about your unpaid "
                        "invoice {invoice} (order {order}, issued {issued}) "
                        "for {amount}, due on {due}. On {date} "
                        "{outstanding} remains unpaid, {days} days past "
                        "due, and the agreed late fee comes to {fee}.\n",
                 .all = "Lawyer's letter (draft for our lawyer's review)\n"
                        "\n"
                        "To: {to}"
                        "\n"
                        "We write on behalf of {firm} about the following "
                        "{count} invoice(s), unpaid on {date}:\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "Total unpaid: {total}; the agreed late fee comes "
                        "to {fee}.\n",
                 .ask = "Despite repeated reminders you have not paid. "
                        "Unless the full amount and the late fee are paid "
                        "within seven days of this letter, our client will "
                        "start legal proceedings and apply for the "
                        "preservation of assets",
                 .one_end = ", at your cost.\n",
                 .all_end = ", and the costs of the proceedings and of "
                            "counsel will be yours.\n",
                 .sign = "For {firm}\n"},
        [ARNET_STAGE_LITIGATION] =
                {.one = "Final notice\n"
                        "\n"
                        "To: {customer}\n"
                        "\n"
                        "{outstanding} on invoice {invoice} is {days} days "
                        "past due (due {due}); the late fee to {date} is "
                        "{fee}. Repeated reminders have gone unanswered.\n",
                 .all = "Final notice\n"
                        "\n"
                        "To: {to}"
                        "\n"
                        "Repeated reminders about the following {count} "
                        "invoice(s) have gone unanswered:\n"
                        "\n"
                        "{invoices}"
                        "\n"
                        "Total unpaid: {total}; late fee to {date}: "
                        "{fee}.\n",
                 .ask = "We will start legal proceedings or instruct a "
                        "collection agency, and may report this debt to our "
                        "trade association's shared credit records.\n",
                 .one_end = "If you pay the full amount within five days, "
                            "contact us at once.\n",
                 .all_end = "If you can pay the full amount within five "
                            "days, contact us at once.\n",
                 .sign = "{firm}\n"},
};

/* The signature of a letter the firm signs: for a customer's letter
 * first the bank to pay into, then who signs, the firm's details and the
 * date. */
static void
letter_sign(FILE *out, const stage_text *s, int all, const letter_field *fields,
            size_t n)
{
	fputc('\n', out);
	if (all) {
		letter_render(out, "{pay_to}\n", fields, n);
	}
	letter_render(out, s->sign, fields, n);
	letter_render(out, "{firm_details}{date}\n", fields, n);
}

void
letter_write(FILE *out, int stage, int chinese, int all,
             const letter_field *fields, size_t n)
{
	if (stage < 1 || stage > ARNET_STAGE_COUNT) {
		return;
	}
	const stage_text *s = chinese ? &zh[stage] : &en[stage];
	const char *end = all ? s->all_end : s->one_end;
	letter_render(out, all ? s->all : s->one, fields, n);
	letter_render(out, s->ask, fields, n);
	if (end != NULL) {
		letter_render(out, end, fields, n);
	}
	if (s->sign != NULL) {
		letter_sign(out, s, all, fields, n);
	}
}

void
letter_render(FILE *out, const char *tmpl, const letter_field *fields, size_t n)
{
	const char *p = tmpl;
	while (*p != '\0') {
		const char *open = strchr(p, '{');
		if (open == NULL) {
			fputs(p, out);
			return;
		}
		fwrite(p, 1, (size_t)(open - p), out);
		const char *close = strchr(open, '}');
		size_t k = 0;
		if (close != NULL) {
			for (; k < n; k++) {
				size_t len = strlen(fields[k].name);
				if ((size_t)(close - open - 1) == len &&
				    strncmp(open + 1, fields[k].name, len) ==
				            0) {
					fputs(fields[k].value, out);
					break;
				}
			}
		}
		if (close == NULL || k == n) {
			fputc('{', out);
			p = open + 1;
		} else {
			p = close + 1;
		}
	}
}

const char *
letter_amount(char *buf, size_t cap, int64_t minor, const char *currency,
              int chinese)
{
	char fig[40], upper[ARNET_MONEY_UPPER_MAX + 1];
	cli_money(fig, minor, currency);
	if (chinese && arnet_money_cny_upper(upper, sizeof(upper), minor,
	                                     currency) == ARNET_OK) {
		snprintf(buf, cap, "人民币%s（¥%s）", upper, fig);
	} else {
		snprintf(buf, cap, "%s %s", currency, fig);
	}
	return buf;
}

/* The [member] keys of the firm's details, where they are in the config,
 * and their labels; the first five a document to a customer needs. */
static const struct firm_key {
	const char *key, *zh, *en;
	size_t off;
	int needed, bank;
} firm_keys[] = {
        {"name", "单位名称", "Firm", offsetof(arnet_config, member_name), 1, 0},
        {"address", "地址", "Address", offsetof(arnet_config, member_address),
         1, 0},
        {"phone", "电话", "Phone", offsetof(arnet_config, member_phone), 1, 0},
        {"tax_id", "纳税人识别号", "Tax ID",
         offsetof(arnet_config, member_tax_id), 0, 0},
        {"bank", "开户行", "Bank", offsetof(arnet_config, member_bank), 1, 1},
        {"account", "账号", "Account", offsetof(arnet_config, member_account),
         1, 1},
};
#define FIRM_KEYS (sizeof(firm_keys) / sizeof(firm_keys[0]))

static const char *
firm_value(const arnet_config *cfg, const struct firm_key *k)
{
	return (const char *)cfg + k->off;
}

/* `what` needs [member] key: EXIT_ERR, printed, naming the config file. */
static int
firm_missing(cli_ctx *ctx, const char *what, const char *key)
{
	return cli_error("%s carries the firm's %s: set [member] %s in %s "
	                 "(docs/config.md)",
	                 what, key, key,
	                 ctx->config != NULL ? ctx->config
	                                     : "the data directory's "
	                                       "arnet.conf");
}

int
letter_firm_check(cli_ctx *ctx, const arnet_config *cfg, const char *what)
{
	for (size_t i = 0; i < FIRM_KEYS; i++) {
		if (firm_keys[i].needed &&
		    firm_value(cfg, &firm_keys[i])[0] == '\0') {
			return firm_missing(ctx, what, firm_keys[i].key);
		}
	}
	return EXIT_OK;
}

int
letter_firm_name_check(cli_ctx *ctx, const arnet_config *cfg, const char *what)
{
	return cfg->member_name[0] != '\0'
	               ? EXIT_OK
	               : firm_missing(ctx, what, firm_keys[0].key);
}

void
letter_firm_print(FILE *out, const arnet_config *cfg, int chinese, int bank)
{
	for (size_t i = 1; i < FIRM_KEYS; i++) {
		const struct firm_key *k = &firm_keys[i];
		const char *v = firm_value(cfg, k);
		if (v[0] != '\0' && k->bank == bank) {
			fprintf(out, chinese ? "%s：%s\n" : "%s: %s\n",
			        chinese ? k->zh : k->en, v);
		}
	}
}
