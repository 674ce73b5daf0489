/*
 * cli.h - what the command families of `arnet` share: the global options,
 * the command table entry, output and error helpers.
 *
 * Exit codes (docs/cli.md): 0 success, 1 error, 2 usage error; a command
 * may document more (record decode: 3 = well-formed, bad signature).
 */
#ifndef ARNET_CLI_H
#define ARNET_CLI_H

#include "arnet_books.h"
#include "arnet_corrections.h"
#include "arnet_config.h"
#include "arnet_log_view.h"
#include "arnet_proto.h"
#include "arnet_store.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#define EXIT_OK    0
#define EXIT_ERR   1
#define EXIT_USAGE 2
/* Answers that are not errors (docs/cli.md, "Exit codes"): order-check
 * warn / hold; check grades B, C, D (A is EXIT_OK). */
#define EXIT_WARN    3
#define EXIT_HOLD    4
#define EXIT_GRADE_B 3
#define EXIT_GRADE_C 4
#define EXIT_GRADE_D 5

/*
 * How a command family uses the data directory's store (its entry in the
 * command table says; cli_store holds it to that):
 *   CLI_NO_STORE   never opens it (keys, the daemon's control socket);
 *   CLI_READS      reads only: opened read-only (LMDB refuses a write),
 *                  and a data directory without books is an error;
 *   CLI_WRITES     may write: cli_write, and may create the books;
 *   CLI_OWN_STORE  opens a store of its own (admin's directory; doctor's
 *                  forked child) and guards it itself (cli_guard_store).
 */
typedef enum cli_store_use {
	CLI_NO_STORE = 0,
	CLI_READS,
	CLI_WRITES,
	CLI_OWN_STORE,
} cli_store_use;

/* Global options, parsed before the command name (as git does). */
typedef struct cli_ctx {
	const char *data_dir; /* --data DIR, else $ARNET_DATA, else default */
	const char *config;   /* --config FILE */
	int json;             /* --json: machine-readable output */
	const char *prog;     /* "arnet" */
	char data_buf[1024];  /* the default data directory */
	arnet_config cfg;     /* loaded by cli_config */
	int cfg_loaded;
	const char *cmd;         /* the command family's name */
	cli_store_use store_use; /* from the command table */
	arnet_store *store;      /* opened by cli_store, closed by main */
	arnet_txn *txn;          /* the read snapshot: cli_txn */
	arnet_roster roster;     /* cli_roster's, when roster_read == 2 */
	int roster_read;         /* 0 not yet, 1 none adopted, 2 read */
} cli_ctx;

typedef int (*cli_fn)(cli_ctx *ctx, int argc, char **argv);

/*
 * Options of a command, for cli_args: `--name VALUE` (or --name=VALUE)
 * sets *value; `--name` alone sets *flag to 1 (value NULL). Repeating an
 * option is a usage error. An option made with CLI_NEED must be given:
 * without one, cli_args gives the usage error "invoice add needs
 * --customer, --amount and --issued" naming every such option in order
 * (the command words: cmd and argv[1..first)).
 */
typedef struct cli_opt {
	const char *name; /* without the leading "--" */
	const char **value;
	int *flag;
	/* A repeatable option: values go to list[0..max), *count of them. */
	const char **list;
	int max;
	int *count;
	int need; /* CLI_NEED: must be given */
} cli_opt;

#define CLI_OPT(name, value)                                                   \
	{                                                                      \
		(name), (value), NULL, NULL, 0, NULL, 0                        \
	}
#define CLI_NEED(name, value)                                                  \
	{                                                                      \
		(name), (value), NULL, NULL, 0, NULL, 1                        \
	}
#define CLI_FLAG(name, flag)                                                   \
	{                                                                      \
		(name), NULL, (flag), NULL, 0, NULL, 0                         \
	}
#define CLI_LIST(name, list, max, count)                                       \
	{                                                                      \
		(name), NULL, NULL, (list), (max), (count), 0                  \
	}
#define CLI_END                                                                \
	{                                                                      \
		NULL, NULL, NULL, NULL, 0, NULL, 0                             \
	}

/*
 * cli_args: parse argv[first..argc) by opts (NULL-name terminated).
 * Arguments that are not options go to pos[0..maxpos), in order; "--"
 * ends the options. Fewer than minpos or more than maxpos positional
 * arguments, or an unknown option, is a usage error of `cmd` (printed).
 * Returns EXIT_OK or EXIT_USAGE; *npos (may be NULL) gets the count.
 */
int cli_args(const char *cmd, int argc, char **argv, int first,
             const cli_opt *opts, const char **pos, int minpos, int maxpos,
             int *npos);

/*
 * A subcommand of a family (`arnet invoice show`): its name and what runs
 * it, given the family's argc and argv (argv[1] is the subcommand).
 * cli_subcommand: run the entry of subs (ended by a NULL name) that
 * argv[1] names; when there is no argv[1] or no entry has its name, run
 * `otherwise`, or when that is NULL give cli_sub_usage. Returns what ran.
 * cli_sub_usage: the usage error "which: A, B or C?" of ctx->cmd, naming
 * the entries in their order; EXIT_USAGE.
 */
typedef struct cli_sub {
	const char *name;
	cli_fn fn;
} cli_sub;
int cli_subcommand(cli_ctx *ctx, int argc, char **argv, const cli_sub *subs,
                   cli_fn otherwise);
int cli_sub_usage(const cli_ctx *ctx, const cli_sub *subs);

/* Parsers of option values: a usage error of cmd naming opt on failure. */
int cli_arg_date(const char *cmd, const char *opt, const char *text,
                 int32_t *out);
/* --since DATE: *out the day's first second (UTC), 0 when text is NULL. */
int cli_arg_since(const char *cmd, const char *text, int64_t *out);
int cli_arg_ident(const char *cmd, const char *opt, const char *text,
                  arnet_ident *out);
int cli_arg_money(const char *cmd, const char *opt, const char *text,
                  const char *currency, int64_t *out);
int cli_arg_currency(const char *cmd, const char *opt, const char *text,
                     char out[4]);
/* cli_arg_text: text copied into out[cap]; a usage error naming opt when
 * it is longer than cap - 1 bytes. NULL text leaves out as it is. */
int cli_arg_text(const char *cmd, const char *opt, const char *text, char *out,
                 size_t cap);
/* cli_arg_texts: two texts (NULL: "") into a_out[a_cap] and b_out[b_cap];
 * the usage error "WHAT is too long" when either does not fit. */
int cli_arg_texts(const char *cmd, const char *what, const char *a, char *a_out,
                  size_t a_cap, const char *b, char *b_out, size_t b_cap);
/* cli_arg_long: a whole number from lo to hi; NULL text (the option not
 * given) leaves *out as it is, the default. */
int cli_arg_long(const char *cmd, const char *opt, const char *text, long lo,
                 long hi, long *out);
/* --stage: a stage of the dunning ladder (ARNET_STAGE_*); NULL text is
 * the usage error "--stage is needed". */
int cli_arg_stage(const char *cmd, const char *text, int *out);
/* --lang zh|en: *zh set (zh_default when text is NULL). */
int cli_arg_lang(const char *cmd, const char *text, int zh_default, int *zh);

/* Today's civil date (UTC), the default of every --as-of. */
int32_t cli_today(void);
/* --as-of TEXT, or today when text is NULL. */
int cli_as_of(const char *cmd, const char *text, int32_t *out);

/*
 * cli_config: the configuration (--config FILE, else DATA/arnet.conf when
 * it exists, else the defaults), loaded once. NULL after printing the
 * error.
 */
const arnet_config *cli_config(cli_ctx *ctx);

/* cli_data_dir: --data, else arnet_store_default_dir (printed error:
 * NULL). */
const char *cli_data_dir(cli_ctx *ctx);

/*
 * cli_store: the data directory's store, opened on first use and kept in
 * ctx (main closes it after the command: cli_store_close). `create`
 * (commands that add to the books) creates it when missing; a CLI_READS
 * command gets it read-only. The store is owned by ctx, never closed by
 * the caller. Prints the error; EXIT_OK or EXIT_ERR.
 */
int cli_store(cli_ctx *ctx, int create, arnet_store **out);
void cli_store_close(cli_ctx *ctx);

/*
 * cli_write: run fn in one write transaction (dry_run: rolled back), the
 * store created first when `create` is set; only a CLI_WRITES command
 * may. It ends the read snapshot first (cli_txn); a command that
 * calls arnet_store_write itself (customer add and set, roster import:
 * they print their own errors) must not hold one. EXIT_OK, or EXIT_ERR
 * with the error printed.
 */
/*
 * cli_txn: the command's read transaction, begun on first use and kept in
 * ctx, so that everything a command reads comes from one snapshot of the
 * books; cli_write ends it first (a write may grow the map, which waits
 * for every transaction of the process), and main ends it before closing
 * the store. Prints the error; EXIT_OK or EXIT_ERR. cli_ok turns what the
 * reads returned (an arnet_err, d explaining it) into EXIT_OK or EXIT_ERR
 * (printed), so that a command reads in one chain:
 *
 *     if ((rv = cli_txn(ctx, &t)) != EXIT_OK ||
 *         (rv = cli_ok(arnet_customer_get(t, id, &c, &d), &d)) != EXIT_OK)
 */
int cli_txn(cli_ctx *ctx, arnet_txn **out);
/* cli_roster: the roster the node follows, read from the snapshot once
 * and kept in ctx until the store closes; NULL when none is adopted yet
 * (then no author is a member). EXIT_OK, or EXIT_ERR (printed). */
int cli_roster(cli_ctx *ctx, const arnet_roster **out);
int cli_ok(int rv, const arnet_diag *d);
int cli_write(cli_ctx *ctx, int create, arnet_txn_fn fn, void *arg,
              int dry_run);

/*
 * cli_log_read: the shared log (about subject; NULL: all of it) as a
 * subject view with the roster the node follows (none yet: no author is
 * a member), read from the command's snapshot (cli_txn); keep_bytes as
 * arnet_log_view_build. EXIT_OK and *out, freed with cli_log_free; or
 * EXIT_ERR, printed, with nothing to free.
 */
typedef struct cli_log {
	const arnet_roster *roster; /* cli_roster's */
	arnet_log_view view;
} cli_log;
int cli_log_read(cli_ctx *ctx, const arnet_ident *subject, int keep_bytes,
                 cli_log *out);
void cli_log_free(cli_log *l);

/* cli_customer: the customer with this id in the books (its currency and
 * terms are the defaults of what is added for it). EXIT_OK, or EXIT_ERR
 * (printed: not found names the id). */
int cli_customer(cli_ctx *ctx, const arnet_ident *id, arnet_customer *out);
/*
 * cli_customer_amount: an amount added for customer id (an invoice, a
 * payment, a credit note) is in the customer's currency unless
 * --currency was given (cur_given: cur holds it already). The customer
 * into *c, cur set to its currency when not given, then `text` (the
 * option opt of cmd) parsed in cur into *amount. EXIT_OK, or the error
 * (printed).
 */
int cli_customer_amount(cli_ctx *ctx, const char *cmd, const arnet_ident *id,
                        int cur_given, char cur[4], const char *opt,
                        const char *text, int64_t *amount, arnet_customer *c);

/*
 * cli_guard_store: from now on a SIGBUS, SIGSEGV or SIGABRT (what LMDB
 * does on a damaged store file) ends the command with a message naming
 * the store in `dir` (NULL: the data directory) and exit 1, instead of
 * a bare "Segmentation fault". main calls it for the commands that use
 * the data directory's store; a CLI_OWN_STORE command for its own.
 */
void cli_guard_store(const cli_ctx *ctx, const char *dir);

/* Money and dates as text: "1,234.56", "2026-11-22". buf holds at least
 * 40 bytes. Returns buf. */
const char *cli_money(char *buf, int64_t minor, const char *currency);
const char *cli_date(char *buf, int32_t day);

/*
 * cli_cell: s cut or padded with spaces to exactly `width` terminal
 * columns (Chinese characters take two), for text tables; a text too wide
 * is cut and ends with an ellipsis (U+2026) in its last column. A
 * character that is not displayable is written as its escape
 * (\u{202E}), as wide as the escape. out holds cap bytes (4 * width + 4
 * is always enough). Returns out.
 * cli_width: the terminal columns s takes, shown that way.
 */
const char *cli_cell(char *out, size_t cap, const char *s, int width);
int cli_width(const char *s);

/*
 * cli_display_streams: make stderr, and stdout unless json is set,
 * display streams: text written to them reaches the terminal with every
 * character that is not displayable (control, bidi, zero-width, format,
 * private-use, unassigned: arnet_utf8.h) written as \u{202E}, and every
 * ill-formed byte as \xFF; newline and tab pass. Called once by main
 * before the command runs. Returns 0, or -1 when a stream cannot be made
 * (the old streams are kept).
 */
int cli_display_streams(int json);

/* cli_fail: print "arnet: <diag message or strerror>" and return the
 * exit code for err (EXIT_ERR). */
int cli_fail(int err, const arnet_diag *d);

typedef struct cli_cmd {
	const char *name;
	cli_fn fn;
	cli_store_use store;
	const char *usage; /* argument synopsis, after the command name */
	const char *help;  /* one line, lower case, no full stop */
} cli_cmd;

/* Command families: each is one file, each takes argv[0] = its name. */
int cmd_id(cli_ctx *ctx, int argc, char **argv);
int cmd_keygen(cli_ctx *ctx, int argc, char **argv);
int cmd_record(cli_ctx *ctx, int argc, char **argv);
int cmd_customer(cli_ctx *ctx, int argc, char **argv);
int cmd_invoice(cli_ctx *ctx, int argc, char **argv);
int cmd_payment(cli_ctx *ctx, int argc, char **argv);
int cmd_credit_note(cli_ctx *ctx, int argc, char **argv);
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_aging(cli_ctx *ctx, int argc, char **argv);
int cmd_late_fee(cli_ctx *ctx, int argc, char **argv);
int cmd_dunning(cli_ctx *ctx, int argc, char **argv);
int cmd_letter(cli_ctx *ctx, int argc, char **argv);
int cmd_statement(cli_ctx *ctx, int argc, char **argv);
int cmd_order_check(cli_ctx *ctx, int argc, char **argv);
int cmd_review(cli_ctx *ctx, int argc, char **argv);
int cmd_dso(cli_ctx *ctx, int argc, char **argv);
int cmd_top_overdue(cli_ctx *ctx, int argc, char **argv);
int cmd_evidence(cli_ctx *ctx, int argc, char **argv);
int cmd_admin(cli_ctx *ctx, int argc, char **argv);
int cmd_init(cli_ctx *ctx, int argc, char **argv);
int cmd_link_key(cli_ctx *ctx, int argc, char **argv);
int cmd_roster(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_blacklist(cli_ctx *ctx, int argc, char **argv);
int cmd_records(cli_ctx *ctx, int argc, char **argv);
int cmd_status(cli_ctx *ctx, int argc, char **argv);
int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_dispute(cli_ctx *ctx, int argc, char **argv);
int cmd_sync(cli_ctx *ctx, int argc, char **argv);
int cmd_audit(cli_ctx *ctx, int argc, char **argv);
int cmd_doctor(cli_ctx *ctx, int argc, char **argv);
int cmd_watch(cli_ctx *ctx, int argc, char **argv);
/* cli_alerts_show (cmd_alerts.c): the alerts (about subject; NULL: all;
 * unread: 1 unread only, | 2 the shared log's only, not the books';
 * updated since), newest first, printed as text (after head, when one is
 * printed and head is not NULL), or added to the array json; *n and
 * *nunread count them. An arnet_err. */
int cli_alerts_show(arnet_txn *t, const arnet_roster *roster,
                    const arnet_ident *subject, int unread, int64_t since,
                    const char *head, cJSON *json, size_t *n, size_t *nunread,
                    arnet_diag *d);
int cmd_alerts(cli_ctx *ctx, int argc, char **argv);

/*
 * Corrections (cmd_credit_note.c): a credit note, a void, a write-off or
 * a payment reversal, run in one write transaction and printed (text or
 * JSON) with what it did on each invoice. op is an arnet_corr_kind; c
 * holds its inputs (customer, number, amount, currency, invoice for a
 * credit note; invoice, date, reason, amount (0: all) for a void or
 * write-off; payment, date, reason for a reversal). EXIT_OK or EXIT_ERR.
 */
typedef struct cli_correction {
	int op;
	arnet_correction c;
	arnet_put_result res;
	cJSON *applied;
} cli_correction;
int cli_correct(cli_ctx *ctx, cli_correction *j);
/*
 * cli_applied_scan: in a write transaction, after a payment or a
 * correction was put, what it did on each of the customer's invoices as
 * JSON [{invoice, amount}] in *list (a new array; the one there before,
 * from an earlier try of the transaction, is freed): every allocation of
 * `kind` whose payment field is `id`; with `reversal`, only the negative
 * ones (a reversal re-opens), shown as positive amounts. An arnet_err.
 */
int cli_applied_scan(arnet_txn *t, const arnet_ident *customer, int kind,
                     uint64_t id, int reversal, cJSON **list, arnet_diag *d);
/* --reason into j->c.reason: a usage error when missing and required,
 * or too long. */
int cli_correction_reason(const char *cmd, const char *reason, int required,
                          cli_correction *j);

/*
 * cli_control: ask the running arnetd (its control socket) {"op": op}
 * with one more string member key: value when key is not NULL. The
 * parsed reply (the caller frees), or NULL when no daemon answers.
 */
cJSON *cli_control(cli_ctx *ctx, const char *op, const char *key,
                   const char *value);
/* cli_control_req: send req (consumed) and wait timeout_ms for the
 * reply; NULL when no daemon answers in time. */
cJSON *cli_control_req(cli_ctx *ctx, cJSON *req, int timeout_ms);
/* cli_control_fail: after cli_control or cli_control_req returned NULL,
 * print why ("WHAT: " first unless NULL): permission denied on the socket,
 * arnetd not running (no socket, or one nobody listens on), no answer in
 * time. Returns EXIT_ERR. */
int cli_control_fail(cli_ctx *ctx, const char *what);

/* The order check's decision as a word ("allow", "warn", "hold"), and
 * what a customer owes in one currency as JSON (cmd_order_check.c; also
 * shown by `check` and `customer show`). */
const char *cli_order_decision(int decision);
struct arnet_order_owed;
cJSON *cli_owed_json(const struct arnet_order_owed *w);

/* A roster as JSON (the caller owns it) or text, statuses as of now. */
cJSON *cli_roster_json(const arnet_roster *r, int64_t now);
void cli_roster_text(const arnet_roster *r, int64_t now);

/* cli_read_file: a whole file of at most max bytes, malloc'd (the caller
 * frees). EXIT_OK or EXIT_ERR (printed). */
int cli_read_file(const char *path, size_t max, uint8_t **out, size_t *len);

/* cli_write_all: all n bytes to fd, past EINTR and short writes (for
 * output that is data, not display: CSV). 0, or -1 with errno set. */
int cli_write_all(int fd, const char *p, size_t n);

/* Print "arnet: <message>\n" to stderr; returns EXIT_ERR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error and the command's synopsis; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
/* The synopsis of a command from the table ("id check ID [--json]"). */
const char *cli_synopsis(const char *cmd);

/*
 * cli_print_json: print o (pretty, then a newline) to stdout and delete
 * it. Returns EXIT_OK, or EXIT_ERR when o is NULL (out of memory).
 */
int cli_print_json(cJSON *o);
/* cli_put_word: what a put did (arnet_put_result), as the text and
 * --json's "result" say it: "added", "updated" or "unchanged". */
const char *cli_put_word(arnet_put_result res);
/* cli_print_json_as: cli_print_json of {"key": v}, v (a list, a number)
 * deleted with it. */
int cli_print_json_as(const char *key, cJSON *v);

/*
 * cli_passphrase: the passphrase from the first line of `file`, or, when
 * file is NULL and stdin is a terminal, asked without echo (twice when
 * confirm is set). When file is NULL and stdin is not a terminal it fails
 * at once rather than hang. buf holds cap bytes; *len excludes the NUL.
 * The caller wipes buf with sodium_memzero. Returns EXIT_OK or EXIT_ERR
 * (the error is printed).
 */
int cli_passphrase(const char *file, const char *prompt, int confirm, char *buf,
                   size_t cap, size_t *len);

/*
 * cli_make_keypair: a new key pair: the secret key at `out` (mode 0600,
 * never overwriting; encrypted with the passphrase of passfile, or asked
 * twice on a terminal, when `encrypt` is set; kdf NULL: interactive
 * cost) and the public key at out.pub. Returns EXIT_OK (pk filled) or
 * EXIT_ERR (printed; nothing left behind).
 */
int cli_make_keypair(const char *out, const char *passfile, int encrypt,
                     const arnet_kdf_params *kdf, const char *comment,
                     uint8_t pk[ARNET_PUBKEY_BYTES]);

/*
 * cli_load_secret: the secret key at path, with its passphrase (from
 * passfile, else asked on a terminal) when it is encrypted. EXIT_OK or
 * EXIT_ERR (printed). The caller wipes sk.
 */
int cli_load_secret(const char *path, const char *passfile,
                    uint8_t sk[ARNET_SECKEY_BYTES]);

/*
 * cli_read_hex_arg: bytes from a hex argument, or from stdin when arg is
 * "-" (white space ignored). *out is malloc'd; the caller frees it.
 * Returns EXIT_OK or EXIT_ERR (printed).
 */
int cli_read_hex_arg(const char *arg, uint8_t **out, size_t *len);

#endif
