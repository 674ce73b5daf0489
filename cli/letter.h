/*
 * letter.h - what the firm sends a customer: the text of each stage of
 * the dunning ladder and filling in its figures, and what letters and
 * the statement (cmd_statement.c) share: amounts as a letter writes
 * them, the firm's details from the config (cli/letter.c).
 */
#ifndef ARNET_CLI_LETTER_H
#define ARNET_CLI_LETTER_H

#include "arnet_policy.h"
#include "cli.h"

#include <stddef.h>
#include <stdio.h>

/* A field of a template: {name} is replaced by value. */
typedef struct letter_field {
	const char *name;
	const char *value;
} letter_field;

/*
 * letter_write: the letter of `stage` (ARNET_STAGE_*; nothing for
 * another) in Chinese (chinese 1) or English to out, with every {name}
 * of its text replaced by the value of that field. About one invoice
 * (all 0; fields: customer, cc, invoice, order, issued, due, amount,
 * outstanding, days, fee, rate, firm, firm_details, date) or about all
 * of one customer's invoices that the stage fits (all 1; fields: to,
 * customer, cc, count, invoices, total, fee, rate, pay_to, firm,
 * firm_details, date). Amounts as letter_amount writes them.
 */
void letter_write(FILE *out, int stage, int chinese, int all,
                  const letter_field *fields, size_t n);

/* Write tmpl to out with every {name} of fields replaced. */
void letter_render(FILE *out, const char *tmpl, const letter_field *fields,
                   size_t n);

/* Room for letter_amount's text. */
#define LETTER_AMOUNT_MAX (ARNET_MONEY_UPPER_MAX + 64)

/*
 * letter_amount: an amount as a letter or a statement writes it. In
 * Chinese (zh) a CNY amount is 人民币 with its capital form and the
 * figures: "人民币壹拾捌万陆仟肆佰元整（¥186,400.00）"; every other is
 * the code and the figures: "CNY 186,400.00", "USD 1,234.56" (a negative
 * CNY amount too: the capital form has none). Returns buf (cap bytes,
 * LETTER_AMOUNT_MAX + 1 always enough).
 */
const char *letter_amount(char *buf, size_t cap, int64_t minor,
                          const char *currency, int zh);

/*
 * letter_firm_check: EXIT_OK when the config has every [member] key that
 * a document sent to a customer carries (name, address, phone, bank,
 * account); otherwise EXIT_ERR, printed, naming the first missing key,
 * `what` needs it ("a statement") and the config file to set it in.
 */
int letter_firm_check(cli_ctx *ctx, const arnet_config *cfg, const char *what);

/* letter_firm_name_check: the same for a document that needs only the
 * firm's name (the phone notes, which stay in the firm). */
int letter_firm_name_check(cli_ctx *ctx, const arnet_config *cfg,
                           const char *what);

/*
 * letter_firm_print: the firm's details to out, one "label：value" line
 * each (English: "Label: value"): address, phone, tax id (when set) and,
 * when `bank` is set, the bank and account to pay into.
 */
void letter_firm_print(FILE *out, const arnet_config *cfg, int zh, int bank);

#endif
