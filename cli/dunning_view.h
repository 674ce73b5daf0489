/*
 * dunning_view.h - the dunning log (actions taken, payment promises and
 * whether each was kept) as `invoice show` and `customer show` print it,
 * in text and in JSON, read once and printed alike in both. The command
 * `dunning history` prints the same log as a table (cmd_dunning.c).
 */
#ifndef ARNET_CLI_DUNNING_VIEW_H
#define ARNET_CLI_DUNNING_VIEW_H

#include "arnet_dunning.h"
#include "cli.h"

/*
 * cli_dunning_read: the log of invoice `number`, or of every invoice of
 * `customer` (number NULL), as of as_of, from the command's snapshot t.
 * EXIT_OK, or EXIT_ERR (printed). *out is the caller's to free with
 * arnet_dunning_list_free, after an error too.
 */
int cli_dunning_read(arnet_txn *t, const arnet_ident *customer,
                     const char *number, int32_t as_of,
                     arnet_dunning_list *out);

/*
 * cli_dunning_json: add to o `dunning: [{date, stage, note}]` (the
 * actions) and `promises: [{made, date, amount, currency, state, paid,
 * stage, note}]`; with per_customer each also names its `invoice`.
 */
void cli_dunning_json(cJSON *o, const arnet_dunning_list *l, int per_customer);

/*
 * cli_dunning_text: the log in the "label   value" layout of the show
 * commands: one "dunning" and one "promises" block, a line each; with
 * per_customer a section of its own, each line naming its invoice; in
 * Chinese when zh.
 */
void cli_dunning_text(const arnet_dunning_list *l, int per_customer, int zh);

/* A promise as JSON: {made, date, amount, currency} and, when state is
 * not 0, its state. The caller owns it. */
cJSON *cli_promise_json(const arnet_promise *p, const char *currency,
                        int state);

/* A stage's name, in Chinese when zh: "phone" 电话催收, "lawyer" 律师函. */
const char *cli_stage_word(int stage, int zh);

/* A stage's name as JSON, or null for 0 (none). */
cJSON *cli_stage_json(int stage);

/* A promise's state as a word, in Chinese when zh: "kept" 已兑现, "broken"
 * 未兑现, "open" 未到期. */
const char *cli_promise_state_word(int state, int zh);

#endif
