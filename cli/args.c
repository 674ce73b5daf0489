/*
 * args.c - options of the command families, and the values they take
 * (dates, identifiers, amounts, currencies, numbers).
 *
 * A table-driven parser rather than getopt_long per command: every
 * command states its options once, positional arguments may come before
 * or after them (`arnet aging --as-of D` and `arnet customer show ID
 * --as-of D`), and every failure names the option and what it expected.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const cli_opt *
find_opt(const cli_opt *opts, const char *name, size_t n)
{
	for (; opts->name != NULL; opts++) {
		if (strlen(opts->name) == n &&
		    strncmp(opts->name, name, n) == 0) {
			return opts;
		}
	}
	return NULL;
}

int
cli_subcommand(cli_ctx *ctx, int argc, char **argv, const cli_sub *subs,
               cli_fn otherwise)
{
	for (const cli_sub *s = subs; argc >= 2 && s->name != NULL; s++) {
		if (strcmp(s->name, argv[1]) == 0) {
			return s->fn(ctx, argc, argv);
		}
	}
	return otherwise != NULL ? otherwise(ctx, argc, argv)
	                         : cli_sub_usage(ctx, subs);
}

/* Append word to buf (len bytes so far, cap in all) as the i-th of n in
 * a list "a, b and c" (last: "or" instead of "and"). Returns the length. */
static size_t
list_word(char *buf, size_t cap, size_t len, size_t i, size_t n,
          const char *last, const char *word)
{
	if (len < cap) {
		len += (size_t)snprintf(buf + len, cap - len, "%s%s%s",
		                        i == 0       ? ""
		                        : i + 1 == n ? " "
		                                     : ", ",
		                        i > 0 && i + 1 == n ? last : "", word);
	}
	return len;
}

int
cli_sub_usage(const cli_ctx *ctx, const cli_sub *subs)
{
	char names[256];
	size_t n = 0, len = 0;
	while (subs[n].name != NULL) {
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		len = list_word(names, sizeof(names), len, i, n, "or ",
		                subs[i].name);
	}
	return cli_usage(ctx->cmd, "which: %s?", names);
}

/* The usage error "CMD WORDS needs --a, --b and --c" when an option made
 * with CLI_NEED was not given; else EXIT_OK. */
static int
args_needed(const char *cmd, char **argv, int first, const cli_opt *opts)
{
	char what[256], names[512];
	size_t n = 0, missing = 0, len = 0, wlen;
	for (const cli_opt *o = opts; o->name != NULL; o++) {
		n += o->need;
		missing += o->need && *o->value == NULL;
	}
	if (missing == 0) {
		return EXIT_OK;
	}
	wlen = (size_t)snprintf(what, sizeof(what), "%s", cmd);
	for (int i = 1; i < first && wlen < sizeof(what); i++) {
		wlen += (size_t)snprintf(what + wlen, sizeof(what) - wlen,
		                         " %s", argv[i]);
	}
	for (size_t i = 0; opts->name != NULL; opts++) {
		if (opts->need) {
			char opt[64];
			snprintf(opt, sizeof(opt), "--%s", opts->name);
			len = list_word(names, sizeof(names), len, i++, n,
			                "and ", opt);
		}
	}
	return cli_usage(cmd, "%s needs %s", what, names);
}

int
cli_args(const char *cmd, int argc, char **argv, int first, const cli_opt *opts,
         const char **pos, int minpos, int maxpos, int *npos)
{
	int n = 0, only_pos = 0;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] != '-' || a[2] == '\0') {
			if (!only_pos && strcmp(a, "--") == 0) {
				only_pos = 1;
				continue;
			}
			if (n >= maxpos) {
				return cli_usage(
				        cmd, "unexpected argument \"%s\"", a);
			}
			pos[n++] = a;
			continue;
		}
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const cli_opt *o = find_opt(opts, name, len);
		if (o == NULL) {
			return cli_usage(cmd, "unknown option --%.*s", (int)len,
			                 name);
		}
		if (o->list != NULL) {
			const char *v = eq             ? eq + 1
			                : i + 1 < argc ? argv[++i]
			                               : NULL;
			if (v == NULL) {
				return cli_usage(cmd, "--%s needs a value",
				                 o->name);
			}
			if (*o->count >= o->max) {
				return cli_usage(
				        cmd, "--%s given more than %d times",
				        o->name, o->max);
			}
			o->list[(*o->count)++] = v;
			continue;
		}
		if (o->value == NULL) {
			if (eq != NULL) {
				return cli_usage(cmd, "--%s takes no value",
				                 o->name);
			}
			*o->flag = 1;
			continue;
		}
		if (*o->value != NULL) {
			return cli_usage(cmd, "--%s given twice", o->name);
		}
		if (eq != NULL) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return cli_usage(cmd, "--%s needs a value", o->name);
		}
	}
	if (n < minpos) {
		return cli_usage(cmd, "missing argument");
	}
	if (npos != NULL) {
		*npos = n;
	}
	return args_needed(cmd, argv, first, opts);
}

/* What a parser of an option's value returned (rc; d says why it
 * failed) as EXIT_OK or the usage error of cmd naming opt. */
static int
arg_parsed(const char *cmd, const char *opt, int rc, const arnet_diag *d)
{
	return rc == ARNET_OK ? EXIT_OK : cli_usage(cmd, "%s: %s", opt, d->msg);
}

int
cli_arg_date(const char *cmd, const char *opt, const char *text, int32_t *out)
{
	arnet_diag d;
	return arg_parsed(cmd, opt, arnet_date_parse(out, text, &d), &d);
}

int
cli_arg_since(const char *cmd, const char *text, int64_t *out)
{
	int32_t day;
	int rv = text == NULL ? EXIT_OK
	                      : cli_arg_date(cmd, "--since", text, &day);
	*out = text == NULL || rv != EXIT_OK ? 0 : arnet_date_start(day);
	return rv;
}

int
cli_arg_ident(const char *cmd, const char *opt, const char *text,
              arnet_ident *out)
{
	arnet_diag d;
	return arg_parsed(cmd, opt, arnet_ident_parse(out, text, &d), &d);
}

int
cli_arg_money(const char *cmd, const char *opt, const char *text,
              const char *currency, int64_t *out)
{
	arnet_diag d;
	return arg_parsed(cmd, opt, arnet_money_parse(out, text, currency, &d),
	                  &d);
}

int
cli_arg_currency(const char *cmd, const char *opt, const char *text,
                 char out[4])
{
	arnet_diag d;
	return arg_parsed(cmd, opt, arnet_currency_parse(out, text, &d), &d);
}

int
cli_arg_text(const char *cmd, const char *opt, const char *text, char *out,
             size_t cap)
{
	if (text == NULL) {
		return EXIT_OK;
	}
	if (strlen(text) >= cap) {
		return cli_usage(cmd, "%s: longer than %zu bytes", opt,
		                 cap - 1);
	}
	snprintf(out, cap, "%s", text);
	return EXIT_OK;
}

int
cli_arg_texts(const char *cmd, const char *what, const char *a, char *a_out,
              size_t a_cap, const char *b, char *b_out, size_t b_cap)
{
	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	if (strlen(a) >= a_cap || strlen(b) >= b_cap) {
		return cli_usage(cmd, "%s is too long", what);
	}
	snprintf(a_out, a_cap, "%s", a);
	snprintf(b_out, b_cap, "%s", b);
	return EXIT_OK;
}

int
cli_arg_long(const char *cmd, const char *opt, const char *text, long lo,
             long hi, long *out)
{
	char *end;
	if (text == NULL) {
		return EXIT_OK;
	}
	errno = 0;
	long x = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || x < lo || x > hi) {
		return cli_usage(cmd,
		                 "%s: \"%s\" is not a whole number from "
		                 "%ld to %ld",
		                 opt, text, lo, hi);
	}
	*out = x;
	return EXIT_OK;
}

int32_t
cli_today(void)
{
	return arnet_date_from_unix((int64_t)time(NULL));
}

int
cli_as_of(const char *cmd, const char *text, int32_t *out)
{
	if (text == NULL) {
		*out = cli_today();
		return EXIT_OK;
	}
	return cli_arg_date(cmd, "--as-of", text, out);
}

const char *
cli_money(char *buf, int64_t minor, const char *currency)
{
	if (arnet_money_format(buf, ARNET_MONEY_TEXT_MAX + 1, minor, currency,
	                       1) != ARNET_OK) {
		snprintf(buf, ARNET_MONEY_TEXT_MAX + 1, "%lld",
		         (long long)minor);
	}
	return buf;
}

const char *
cli_date(char *buf, int32_t day)
{
	if (arnet_date_format(buf, ARNET_DATE_TEXT_MAX + 1, day) != ARNET_OK) {
		snprintf(buf, 40, "day %ld", (long)day);
	}
	return buf;
}

int
cli_fail(int err, const arnet_diag *d)
{
	if (d != NULL && d->msg[0] != '\0') {
		return cli_error("%s", d->msg);
	}
	return cli_error("%s", arnet_strerror(err));
}

int
cli_arg_stage(const char *cmd, const char *text, int *out)
{
	if (text == NULL) {
		return cli_usage(cmd, "--stage is needed");
	}
	if ((*out = arnet_stage_parse(text)) == 0) {
		return cli_usage(cmd,
		                 "--stage: expected reminder, phone, "
		                 "letter, lawyer or litigation, not \"%s\"",
		                 text);
	}
	return EXIT_OK;
}

int
cli_arg_lang(const char *cmd, const char *text, int zh_default, int *zh)
{
	*zh = zh_default;
	if (text == NULL) {
		return EXIT_OK;
	}
	if (strcmp(text, "zh") != 0 && strcmp(text, "en") != 0) {
		return cli_usage(cmd, "--lang: zh or en, not \"%s\"", text);
	}
	*zh = strcmp(text, "zh") == 0;
	return EXIT_OK;
}
