/*
 * main.c - arnet, the command a person types.
 *
 *   arnet [--data DIR] [--config FILE] [--json] COMMAND [ARGS...]
 *
 * Global options come before the command name, as in git. The usage text
 * is generated from the command table below; each command family lives in
 * its own cli/cmd_*.c file.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static int cmd_help(cli_ctx *ctx, int argc, char **argv);
static int cmd_version(cli_ctx *ctx, int argc, char **argv);

static const cli_cmd commands[] = {
        {"id", cmd_id, CLI_NO_STORE, "check ID",
         "check and canonicalise a subject identifier"},
        {"keygen", cmd_keygen, CLI_NO_STORE,
         "--out FILE [--passphrase-file F] [--comment TEXT]",
         "make a member key pair (FILE and FILE.pub)"},
        {"record", cmd_record, CLI_NO_STORE,
         "decode HEX|-  |  sign --key FILE --type TYPE --subject ID ...",
         "decode and verify, or build and sign, a shared-log record"},
        {"customer", cmd_customer, CLI_WRITES,
         "add ID --name NAME [--limit AMOUNT] [--currency CUR] [--terms "
         "DAYS] [--grade A|B|C|D] [--individual yes|no]  |  set ID [same "
         "options] [--no-limit] "
         "[--status active|hold|closed]  |  list [--status S] [--as-of "
         "DATE] [FORMAT]  |  show ID [--as-of DATE] [--limit N] [--lang "
         "zh|en]  |  contact ID "
         "[--address A] [--person P] [--phone T] [--finance-head F] "
         "[--email E]",
         "the firm's customers: credit limits, terms, grades, holds, "
         "contacts"},
        {"invoice", cmd_invoice, CLI_WRITES,
         "add NUMBER --customer ID --amount AMOUNT --issued DATE [--due "
         "DATE | --terms DAYS] [--currency CUR] [--order REF]  |  show "
         "NUMBER [--as-of DATE] [--limit N] [--lang zh|en]  |  void NUMBER "
         "--reason TEXT [--date "
         "DATE]  |  write-off NUMBER --reason TEXT [--date DATE] "
         "[--amount AMOUNT]",
         "add an invoice, show one with its payments, corrections and "
         "late fee, or "
         "void or write one off"},
        {"payment", cmd_payment, CLI_WRITES,
         "add --customer ID --amount AMOUNT --date DATE [--invoice "
         "NUMBER] [--ref TEXT] [--currency CUR] [--allow-duplicate]  |  "
         "reverse ID --reason TEXT [--date DATE]",
         "record a payment (applied to the invoice, or oldest first), or "
         "reverse one"},
        {"credit-note", cmd_credit_note, CLI_WRITES,
         "add CUSTOMER NUMBER AMOUNT [--currency CUR] [--invoice NUMBER] "
         "[--date DATE] [--reason TEXT]",
         "record a credit note (红字发票), applied like a payment"},
        {"import", cmd_import, CLI_WRITES,
         "customers|invoices|payments FILE [--map MAP] [--encoding "
         "auto|utf-8|gb18030|gbk] [--dry-run] [--allow-duplicate]",
         "import a CSV file into the books, whole or not at all"},
        {"aging", cmd_aging, CLI_READS,
         "[--as-of DATE] [--currency CUR] [--customer ID] [--basis "
         "due|invoice] [--bands 30,60,90] [--reporting-currency CUR] "
         "[FORMAT]",
         "outstanding receivables by age, per currency"},
        {"late-fee", cmd_late_fee, CLI_READS,
         "[--as-of DATE] [--rate-bp-per-day N | --annual-rate-bp N] "
         "[--currency CUR] [--customer ID] [FORMAT]",
         "late fees on overdue invoices"},
        {"dunning", cmd_dunning, CLI_WRITES,
         "[--as-of DATE] [--customer ID] [FORMAT]  |  log INVOICE --stage "
         "STAGE [--note TEXT] [--date DATE] [--promise-date DATE "
         "--promise-amount AMOUNT]  |  promise INVOICE --date DATE "
         "--amount AMOUNT [--on DATE] [--note TEXT]  |  history "
         "[INVOICE | --customer ID] [--as-of DATE] [FORMAT]",
         "collection actions due, the log of those done and of promises"},
        {"letter", cmd_letter, CLI_READS,
         "(INVOICE | --customer ID) --stage STAGE [--lang zh|en] [--as-of "
         "DATE] [--out FILE] [--force]",
         "the dunning letter of a stage for an invoice, or for every "
         "invoice of a customer it fits"},
        {"statement", cmd_statement, CLI_READS,
         "ID --month YYYY-MM [--format text|csv|xlsx|html|json] [--lang "
         "zh|en] [--out FILE] [--currency CUR]",
         "the monthly reconciliation statement of a customer"},
        {"order-check", cmd_order_check, CLI_READS, "ID AMOUNT [--as-of DATE]",
         "allow, warn or hold an order on credit (exit 0, 3, 4)"},
        {"review", cmd_review, CLI_READS, "[--as-of DATE] [FORMAT]",
         "credit limit and terms suggestions"},
        {"dso", cmd_dso, CLI_READS,
         "[--days 90] [--as-of DATE] [--currency CUR] [FORMAT]",
         "days sales outstanding and collection rate"},
        {"top-overdue", cmd_top_overdue, CLI_READS,
         "[--n 10] [--as-of DATE] [--currency CUR] [FORMAT]",
         "the customers who owe the most past due"},
        {"evidence", cmd_evidence, CLI_WRITES,
         "add FILE --customer ID --kind KIND [--invoice NUMBER] [--note "
         "TEXT]  |  list [--customer ID] [--invoice NUMBER]  |  check FILE",
         "hashes of the documents behind a claim (contracts, delivery "
         "notes)"},
        {"init", cmd_init, CLI_NO_STORE,
         "--member-id ID --name NAME --root-key KEY [--passphrase-file F]",
         "set up a member node: its key pair and config"},
        {"link-key", cmd_link_key, CLI_NO_STORE, "[--new]",
         "the member's TLS link certificate and its fingerprint (--new: "
         "make one for a data directory set up without)"},
        {"roster", cmd_roster, CLI_WRITES, "import FILE  |  show",
         "the association's signed roster this node follows"},
        {"report", cmd_report, CLI_WRITES,
         "default INVOICE [--evidence FILE ...] [--force]  |  settle "
         "RECORD_HASH --how paid|plan|written-off [--amount AMOUNT]",
         "report a defaulter to the network, or settle the report"},
        {"blacklist", cmd_blacklist, CLI_WRITES,
         "add ID --reason R [--note TEXT]  |  lift ID  |  list [--all]",
         "this member's credit stops (CREDIT_STOP records), and everyone's"},
        {"records", cmd_records, CLI_READS,
         "[--subject ID] [--author KEY] [--raw]", "what the shared log holds"},
        {"check", cmd_check, CLI_READS,
         "ID [--amount AMOUNT] [--currency CUR] [--terms DAYS] [--as-of "
         "DATE] [--survey [--timeout-ms MS]]",
         "credit check: grade, limit, terms and why (exit 0 A, 3 B, 4 C, "
         "5 D)"},
        {"dispute", cmd_dispute, CLI_WRITES,
         "RECORD_HASH --status open|upheld|corrected [--note TEXT] [--key "
         "ROOT_KEY]",
         "an objection mark on a record (its author, or the administrator)"},
        {"status", cmd_status, CLI_NO_STORE, "",
         "the running node: feeds, roster, peers, counters"},
        {"peers", cmd_status, CLI_NO_STORE, "", "the running node's peers"},
        {"sync", cmd_sync, CLI_NO_STORE, "",
         "ask the running node to sync now"},
        {"watch", cmd_watch, CLI_WRITES,
         "add ID [--note TEXT]  |  remove ID  |  list",
         "prospects watched besides the customers (kept here, never "
         "sent)"},
        {"alerts", cmd_alerts, CLI_WRITES,
         "[--unread] [--since DATE]  |  ack ID|--all  |  scan [--as-of "
         "DATE]",
         "what the shared log brought about watched customers and "
         "prospects"},
        {"audit", cmd_audit, CLI_READS, "[--since DATE]",
         "trade-reference questions asked and answered (survey audit "
         "log)"},
        {"admin", cmd_admin, CLI_OWN_STORE,
         "init --dir DIR  |  enroll --dir DIR --pubkey KEY --member-id ID "
         "--name NAME [--link-cert FILE] --endpoint pub=URL --endpoint "
         "sync=URL [--endpoint survey=URL] [--days N]  "
         "|  revoke --dir DIR MEMBER --reason left|compromised [--all] "
         "[--at TIME]  |  renew --dir DIR MEMBER [--days N] [--link-cert "
         "FILE]  |  roster "
         "--dir DIR --out FILE  |  list --dir DIR  (signing commands take "
         "--passphrase-file F)",
         "the association administrator: root key, certificates, roster"},
        {"doctor", cmd_doctor, CLI_OWN_STORE, "--store",
         "check that the store is whole: every table, every entry (exit "
         "0 healthy, 1 problems found)"},
        {"version", cmd_version, CLI_NO_STORE, "", "print the version"},
        {"help", cmd_help, CLI_NO_STORE, "[COMMAND]",
         "show this help, or a command's"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *
cli_synopsis(const char *cmd)
{
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, cmd) == 0) {
			return commands[i].usage;
		}
	}
	return NULL;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: arnet [--data DIR] [--config FILE] [--json] "
	           "COMMAND [ARGS...]\n\n"
	           "arnet keeps a member firm's receivables and shares "
	           "negative credit events\nwith the other members of its "
	           "association.\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	}
	fprintf(f, "\nglobal options:\n"
	           "  --data DIR      node data directory (default "
	           "$ARNET_DATA, else ~/.local/share/arnet)\n"
	           "  --config FILE   configuration file\n"
	           "  --json          machine-readable output\n"
	           "  FORMAT of a report: [--format text|csv|xlsx|json] "
	           "[--lang zh|en] [--out FILE]\n"
	           "  --help          this help; `arnet help COMMAND` for "
	           "one command\n\n"
	           "exit codes: 0 ok, 1 error, 2 usage error (see "
	           "docs/cli.md)\n");
}

static int
cmd_help(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc > 1) {
		const char *syn = cli_synopsis(argv[1]);
		if (syn == NULL) {
			return cli_usage("help", "unknown command \"%s\"",
			                 argv[1]);
		}
		for (size_t i = 0; i < NCOMMANDS; i++) {
			if (strcmp(commands[i].name, argv[1]) == 0) {
				printf("usage: arnet %s %s\n\n%s\n", argv[1],
				       syn, commands[i].help);
			}
		}
		return EXIT_OK;
	}
	usage(stdout);
	return EXIT_OK;
}

static int
cmd_version(cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		return cli_usage("version", "unexpected argument");
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		if (o != NULL) {
			cJSON_AddStringToObject(o, "version",
			                        ARNET_VERSION_STRING);
			cJSON_AddNumberToObject(o, "record_format",
			                        ARNET_RECORD_VERSION);
		}
		return cli_print_json(o);
	}
	printf("arnet %s (record format %d)\n", ARNET_VERSION_STRING,
	       ARNET_RECORD_VERSION);
	return EXIT_OK;
}

/*
 * A damaged store must not end a command with a bare "Segmentation
 * fault": LMDB maps the store and trusts it, so a page past the end of a
 * truncated file raises SIGBUS, and a page of garbage can send liblmdb
 * through a wild pointer (SIGSEGV) or into one of its assertions
 * (SIGABRT, after liblmdb printed it). The handler says which store and what
 * to do, and exits 1, with write(2) and _exit(2) only (async-signal-safe).
 * The CLI has no other use for these signals.
 */
static const cli_ctx *guarded;
static const char *guarded_dir; /* NULL: guarded->data_dir */

static void
say(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(2, s, n);
		if (w <= 0) {
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

static void
on_store_fault(int sig)
{
	char num[12];
	int i = sizeof(num) - 1;
	num[i] = '\0';
	do {
		num[--i] = (char)('0' + sig % 10);
		sig /= 10;
	} while (sig > 0 && i > 0);
	const char *dir = guarded_dir != NULL ? guarded_dir
	                  : guarded != NULL   ? guarded->data_dir
	                                      : NULL;
	say("arnet: the store in ");
	say(dir != NULL ? dir : "the data directory");
	say(" is damaged (signal ");
	say(num + i);
	say(" while reading it): run `arnet doctor --store`\n");
	_exit(EXIT_ERR);
}

void
cli_guard_store(const cli_ctx *ctx, const char *dir)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_store_fault;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	guarded = ctx;
	guarded_dir = dir;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL); /* liblmdb's assertions */
}

/* Parse the global options; returns the index of the command name. */
static int
global_options(cli_ctx *ctx, int argc, char **argv, int *exit_code)
{
	int i = 1;
	*exit_code = -1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			ctx->json = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			*exit_code = EXIT_OK;
			return i;
		} else if (strcmp(a, "--version") == 0) {
			*exit_code = cmd_version(ctx, 1, argv);
			return i;
		} else if (strcmp(a, "--data") == 0 ||
		           strcmp(a, "--config") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "arnet: %s needs a value\n", a);
				*exit_code = EXIT_USAGE;
				return i;
			}
			if (a[2] == 'd') {
				ctx->data_dir = argv[++i];
			} else {
				ctx->config = argv[++i];
			}
		} else {
			fprintf(stderr, "arnet: unknown global option %s\n", a);
			usage(stderr);
			*exit_code = EXIT_USAGE;
			return i;
		}
	}
	return i;
}

int
main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	int code;
	ctx.prog = "arnet";
	ctx.data_dir = getenv("ARNET_DATA");

	/*
	 * No core file, and no ptrace or /proc/PID/mem by other processes of
	 * this user: signing commands hold the root key or a member key, and
	 * passphrases, in memory. This is done here for every command rather
	 * than around each key load: arnet is short-lived, it is one place a
	 * new command cannot miss, and it holds before any argument or
	 * passphrase file is read. The cost is no core file from a crash of
	 * the CLI (run it under a debugger from the start instead).
	 */
	const struct rlimit no_core = {0, 0};
	(void)setrlimit(RLIMIT_CORE, &no_core);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	if (arnet_crypto_init() != ARNET_OK) {
		return cli_error("cannot initialise libsodium");
	}
	int i = global_options(&ctx, argc, argv, &code);
	if (code >= 0) {
		return code;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const cli_cmd *cmd = NULL;
	for (size_t k = 0; k < NCOMMANDS; k++) {
		if (strcmp(commands[k].name, argv[i]) == 0) {
			cmd = &commands[k];
		}
	}
	if (cmd == NULL) {
		fprintf(stderr,
		        "arnet: unknown command \"%s\" (see arnet "
		        "--help)\n",
		        argv[i]);
		return EXIT_USAGE;
	}
	/*
	 * --json after the command name is accepted too (`arnet id check X
	 * --json`): it is taken out here so no command has to know it.
	 */
	int n = 0;
	for (int k = i; k < argc; k++) {
		if (k > i && strcmp(argv[k], "--json") == 0) {
			ctx.json = 1;
			continue;
		}
		if (strcmp(argv[k], "--") == 0) {
			while (k < argc) {
				argv[i + n++] = argv[k++];
			}
			break;
		}
		argv[i + n++] = argv[k];
	}
	argv[i + n] = NULL;
	/* Text from the books and the network is shown escaped (output.c). */
	if (cli_display_streams(ctx.json) != 0) {
		return cli_error("cannot set up the output streams");
	}
	ctx.cmd = cmd->name;
	ctx.store_use = cmd->store;
	if (cmd->store == CLI_READS || cmd->store == CLI_WRITES) {
		cli_guard_store(&ctx, NULL);
	}
	code = cmd->fn(&ctx, n, argv + i);
	cli_store_close(&ctx);
	/* A full disk or closed pipe must not pass for success (git). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "arnet: cannot write output: %s\n",
		        strerror(errno));
		return EXIT_ERR;
	}
	return code;
}
