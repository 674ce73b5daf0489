/*
 * config.c - reading the INI configuration file.
 *
 * inih calls handler() for each key; a key it does not know, or a value
 * out of range, makes handler() return 0, and ini_parse() then returns
 * the line number of the first such line, which goes into the message
 * (Debian's inih is built without INI_HANDLER_LINENO, so the handler
 * cannot know the line itself: it keeps its message until parsing ends).
 */
#include "arnet_config.h"
#include "arnet_date.h"
#include "arnet_member.h"
#include "arnet_money.h"
#include "arnet_reports.h"

#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The most days a term, a shortening or an expiry may be (about ten
 * years). Named here for now: store/ is adding its own constant for the
 * same bound, and this one can then give way to it.
 */
#define NODE_DAYS_MAX 3660

void
arnet_config_defaults(arnet_config *c)
{
	memset(c, 0, sizeof(*c));
	arnet_policy_defaults(&c->books);
	arnet_check_policy_defaults(&c->check);
	c->node.sync_interval_ms = 5000;
	c->node.workers = 2;
	c->node.log_level = 2;
	c->node.max_connections = 1000;
	c->node.max_connections_per_addr = 16;
	c->node.handshake_timeout_ms = 10000;
	c->node.idle_timeout_ms = 600000;
	arnet_aging_bands_default(&c->aging);
	c->store.map_size = ARNET_STORE_MAP_DEFAULT;
	c->store.map_max = ARNET_STORE_MAP_MAX;
	c->log.max_future_s = 300;
	c->log.pending_per_author = 1000;
	c->log.pending_expire_days = 7;
	c->survey.answer = 1;
	c->survey.rate_limit = 60;
	c->survey.timeout_ms = 2000;
	c->alerts.timeout_ms = 10000;
	c->alerts.digest_minute = -1;
}

struct load {
	arnet_config *c;
	char msg[ARNET_DIAG_MAX];
	int err;
	char money[4][64];                 /* [check] money keys, as written */
	arnet_fx_rate rates[ARNET_FX_MAX]; /* [fx], as written */
	size_t nrates;
	int32_t fx_date;
};

/* Keeps the message and the error for the key being refused; 0. */
static int refuse(struct load *l, int err, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int
refuse(struct load *l, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof(l->msg), fmt, ap);
	va_end(ap);
	l->err = err;
	return 0;
}

/* A key its section does not have. */
static int
unknown_key(struct load *l, const char *section, const char *key)
{
	return refuse(l, ARNET_ESYNTAX, "unknown key \"%.40s\" in [%s]", key,
	              section);
}

/* A whole number in [lo, hi] or an error. */
static int
int_value(struct load *l, const char *key, const char *v, long lo, long hi,
          long *out)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || x < lo || x > hi) {
		/* refuse() is varargs, so never inlined: a plain 0 here lets
		 * the compiler see *out is set whenever 1 is returned. */
		(void)refuse(
		        l, ARNET_ERANGE,
		        "%s = \"%.40s\" is not a whole number from %ld to %ld",
		        key, v, lo, hi);
		return 0;
	}
	*out = x;
	return 1;
}

/*
 * The whole-number keys of every section: where each goes in the
 * configuration (an int or a long field, told apart by its size) and its
 * bounds. handler() sets these; a section's own function takes the other
 * keys.
 */
static const struct {
	const char *section, *key;
	size_t off, size;
	long lo, hi;
} numbers[] = {
#define N(sec, name, field, lo, hi)                                            \
	{                                                                      \
		sec, name, offsetof(arnet_config, field),                      \
		        sizeof(((arnet_config *)0)->field), lo, hi             \
	}
#define K(name, field, lo, hi) N("check", name, check.field, lo, hi)
        N("books", "default_terms_days", books.default_terms, 0, NODE_DAYS_MAX),
        N("books", "warn_percent", books.warn_percent, 1, 1000),
        N("books", "review_on_time_streak", books.on_time_streak, 1, 100),
        N("books", "review_raise_percent", books.raise_percent, 0, 1000),
        N("books", "review_cut_percent", books.cut_percent, 0, 100),
        N("books", "review_shorten_days", books.shorten_days, 0, NODE_DAYS_MAX),
        N("books", "review_min_terms_days", books.min_terms, 0, NODE_DAYS_MAX),
        N("books", "hold_days", books.hold_days, 0, NODE_DAYS_MAX),
        N("node", "sync_interval_ms", node.sync_interval_ms, 100, 3600000),
        N("node", "workers", node.workers, 1, 16),
        N("node", "max_connections", node.max_connections, 16, 100000),
        N("node", "max_connections_per_address", node.max_connections_per_addr,
          1, 100000),
        N("node", "handshake_timeout_ms", node.handshake_timeout_ms, 100,
          600000),
        N("node", "idle_timeout_ms", node.idle_timeout_ms, 1000,
          ARNET_DAY_SECONDS * 1000L),
        N("log", "max_future_s", log.max_future_s, 0, ARNET_DAY_SECONDS),
        N("log", "pending_per_author", log.pending_per_author, 10, 100000),
        N("log", "pending_expire_days", log.pending_expire_days, 1,
          NODE_DAYS_MAX),
        N("survey", "rate_limit", survey.rate_limit, 1, 100000),
        N("survey", "timeout_ms", survey.timeout_ms, 100, 60000),
        N("alerts", "timeout_ms", alerts.timeout_ms, 100, 600000),
        /* [check]: docs/credit-policy.md */
        K("grade_a", grade_a, 0, 100),
        K("grade_b", grade_b, 0, 100),
        K("grade_c", grade_c, 0, 100),
        K("default_base", default_base, 0, 100),
        K("amount_points_small", amount_points[0], 0, 100),
        K("amount_points_medium", amount_points[1], 0, 100),
        K("amount_points_large", amount_points[2], 0, 100),
        K("dpd_points_30", dpd_points[0], 0, 100),
        K("dpd_points_90", dpd_points[1], 0, 100),
        K("dpd_points_180", dpd_points[2], 0, 100),
        K("dpd_points_over", dpd_points[3], 0, 100),
        K("request_percent", request_percent, 1, 1000),
        K("request_points", request_points, 0, 100),
        K("age_mid_days", age_mid_days, 1, 36600),
        K("age_mid_percent", age_mid_percent, 0, 100),
        K("age_old_days", age_old_days, 1, 36600),
        K("age_old_percent", age_old_percent, 0, 100),
        K("same_member_percent", same_member_percent, 0, 100),
        K("trifle_percent", trifle_percent, 0, 100),
        K("no_evidence_percent", no_evidence_percent, 0, 100),
        K("plan_percent", plan_percent, 0, 100),
        K("written_off_percent", written_off_percent, 0, 100),
        K("paid_points", paid_points, 0, 100),
        K("paid_fade_days", paid_fade_days, 1, 36600),
        K("stop_base", stop_base, 0, 100),
        K("stop_non_payment", stop_reason_points[ARNET_REASON_NON_PAYMENT], 0,
          100),
        K("stop_bounced", stop_reason_points[ARNET_REASON_BOUNCED_INSTRUMENT],
          0, 100),
        K("stop_forged", stop_reason_points[ARNET_REASON_FORGED_DOCUMENTS], 0,
          100),
        K("stop_insolvency", stop_reason_points[ARNET_REASON_INSOLVENCY], 0,
          100),
        K("stop_other", stop_reason_points[ARNET_REASON_OTHER], 0, 100),
        K("lifted", lifted, 0, 100),
        K("dispute_percent", dispute_percent, 0, 100),
        K("dispute_unverified_days", dispute_unverified_days, 1, NODE_DAYS_MAX),
        K("retention_days", retention_days, 1, 36600),
        K("equivocated_percent", equivocated_percent, 0, 100),
        K("dbt_1_15", dbt_points[0], 0, 100),
        K("dbt_16_30", dbt_points[1], 0, 100),
        K("dbt_31_60", dbt_points[2], 0, 100),
        K("dbt_over_60", dbt_points[3], 0, 100),
        K("trade_over_90", trade_over_90, 0, 100),
        K("own_overdue", own_overdue, 0, 100),
        K("own_good", own_good, 0, 100),
        K("own_written_off", own_written_off, 0, 100),
        K("ko_members", ko_members, 0, 1000),
        K("ko_window_days", ko_window_days, 1, 36600),
        K("b_limit_percent", b_limit_percent, 0, 100),
        K("b_terms_days", b_terms_days, 0, NODE_DAYS_MAX),
        K("default_terms_days", default_terms, 0, NODE_DAYS_MAX),
        K("max_terms_days", max_terms_days, 1, NODE_DAYS_MAX),
        K("experience_percent", experience_percent, 0, 10000),
        K("thin_score", thin_score, 0, 100),
        K("new_customer_terms", new_customer_terms, 0, NODE_DAYS_MAX),
#undef K
#undef N
};

/* Sets the key of numbers[] that key in section is: 1 when set, 0 when
 * v is refused, -1 when numbers[] has no such key. */
static int
number_key(struct load *l, const char *section, const char *key, const char *v)
{
	long x;
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		if (strcmp(numbers[i].section, section) != 0 ||
		    strcmp(numbers[i].key, key) != 0) {
			continue;
		}
		if (!int_value(l, key, v, numbers[i].lo, numbers[i].hi, &x)) {
			return 0;
		}
		char *slot = (char *)l->c + numbers[i].off;
		if (numbers[i].size == sizeof(long)) {
			*(long *)slot = x;
		} else {
			*(int *)slot = (int)x;
		}
		return 1;
	}
	return -1;
}

static int
books_key(struct load *l, const char *key, const char *v)
{
	arnet_books_policy *p = &l->c->books;
	long x;
	if (strcmp(key, "currency") == 0) {
		arnet_diag d;
		if (arnet_currency_parse(p->currency, v, &d) != ARNET_OK) {
			return refuse(l, ARNET_ECURRENCY, "currency: %s",
			              d.msg);
		}
		return 1;
	}
	if (strcmp(key, "late_fee_bp_per_day") == 0 ||
	    strcmp(key, "late_fee_annual_bp") == 0) {
		if (!int_value(l, key, v, 0, 100000, &x)) {
			return 0;
		}
		p->late_fee_num = x;
		p->late_fee_den = key[9] == 'b' ? 10000 : 3650000;
		return 1;
	}
	if (strncmp(key, "dunning_", 8) == 0) {
		int stage = arnet_stage_parse(key + 8);
		if (stage != 0) {
			if (!int_value(l, key, v, -365, NODE_DAYS_MAX, &x)) {
				return 0;
			}
			p->stage_from[stage] = (int32_t)x;
			return 1;
		}
	}
	return unknown_key(l, "books", key);
}

/* Copy v into a text field of cap bytes, or fail naming the key. */
static int
text_value(struct load *l, const char *key, const char *v, char *out,
           size_t cap)
{
	if (strlen(v) >= cap) {
		return refuse(l, ARNET_ETOOBIG, "%s is longer than %zu bytes",
		              key, cap - 1);
	}
	snprintf(out, cap, "%s", v);
	return 1;
}

static int
member_key(struct load *l, const char *key, const char *v)
{
	arnet_config *c = l->c;
	if (strcmp(key, "name") == 0) {
		return text_value(l, key, v, c->member_name,
		                  sizeof(c->member_name));
	}
	if (strcmp(key, "key") == 0) {
		return text_value(l, key, v, c->key_file, sizeof(c->key_file));
	}
	static const struct {
		const char *key;
		size_t off, cap;
	} details[] = {
#define D(k, f) {k, offsetof(arnet_config, f), sizeof(((arnet_config *)0)->f)}
	        D("address", member_address), D("phone", member_phone),
	        D("bank", member_bank),       D("account", member_account),
	        D("tax_id", member_tax_id),
#undef D
	};
	for (size_t i = 0; i < sizeof(details) / sizeof(details[0]); i++) {
		if (strcmp(key, details[i].key) == 0) {
			return text_value(l, key, v, (char *)c + details[i].off,
			                  details[i].cap);
		}
	}
	if (strcmp(key, "id") == 0) {
		arnet_diag d;
		if (arnet_ident_parse(&c->member_id, v, &d) != ARNET_OK) {
			return refuse(l, ARNET_ESYNTAX, "id: %s", d.msg);
		}
		return 1;
	}
	return unknown_key(l, "member", key);
}

static int
node_key(struct load *l, const char *key, const char *v)
{
	arnet_config *c = l->c;
	if (strcmp(key, "pub_listen") == 0 || strcmp(key, "sync_listen") == 0 ||
	    strcmp(key, "survey_listen") == 0) {
		arnet_diag d;
		if (arnet_url_check(v, &d) != ARNET_OK) {
			return refuse(l, ARNET_ESYNTAX, "%s: %s", key, d.msg);
		}
		char *out = key[0] == 'p'   ? c->node.pub_listen
		            : key[1] == 'y' ? c->node.sync_listen
		                            : c->node.survey_listen;
		snprintf(out, sizeof(c->node.pub_listen), "%s", v);
		return 1;
	}
	if (strcmp(key, "control") == 0) {
		if (strncmp(v, "ipc:///", 7) != 0) {
			return refuse(
			        l, ARNET_ESYNTAX,
			        "control must be an ipc:/// URL (local only)");
		}
		return text_value(l, key, v, c->node.control,
		                  sizeof(c->node.control));
	}
	if (strcmp(key, "log_level") == 0) {
		static const char *const levels[] = {"error", "warn", "info",
		                                     "debug"};
		for (int i = 0; i < 4; i++) {
			if (strcmp(v, levels[i]) == 0) {
				c->node.log_level = i;
				return 1;
			}
		}
		return refuse(l, ARNET_ESYNTAX,
		              "log_level must be error, warn, info or debug");
	}
	if (strcmp(key, "lang") == 0) {
		if (strcmp(v, "zh") == 0 || strcmp(v, "en") == 0) {
			c->node.lang_zh = v[0] == 'z';
			return 1;
		}
		return refuse(l, ARNET_ESYNTAX,
		              "lang must be zh or en, not \"%.40s\"", v);
	}
	return unknown_key(l, "node", key);
}

/* [store]: the map's size at open and its ceiling, in MiB. */
static int
store_key(struct load *l, const char *key, const char *v)
{
	long x;
	size_t *slot = strcmp(key, "map_size") == 0  ? &l->c->store.map_size
	               : strcmp(key, "map_max") == 0 ? &l->c->store.map_max
	                                             : NULL;
	if (slot == NULL) {
		return unknown_key(l, "store", key);
	}
	/* MiB; up to 16 TiB (LMDB's own limit is the address space). */
	if (!int_value(l, key, v, 1, 16L << 20, &x)) {
		return 0;
	}
	*slot = (size_t)x << 20;
	return 1;
}

/* The money keys of [check]: parsed once the file is read, in the
 * [books] currency (which the file may set after them). */
#define CHECK_MONEY_KEYS 4
static const struct {
	const char *key;
	size_t off;
} check_money[CHECK_MONEY_KEYS] = {
        {"amount_small", offsetof(arnet_check_policy, amount_small)},
        {"amount_large", offsetof(arnet_check_policy, amount_large)},
        {"min_default_amount",
         offsetof(arnet_check_policy, min_default_amount)},
        {"new_customer_limit",
         offsetof(arnet_check_policy, new_customer_limit)},
};

/* A grade a knock-out allows at best: C or D. */
static int
grade_value(struct load *l, const char *key, const char *v, char *out)
{
	if ((v[0] == 'C' || v[0] == 'D' || v[0] == 'c' || v[0] == 'd') &&
	    v[1] == '\0') {
		*out = (char)(v[0] & ~0x20);
		return 1;
	}
	return refuse(l, ARNET_ERANGE, "%s must be C or D", key);
}

/* The keys of [check] (docs/credit-policy.md) but its numbers. */
static int
check_key(struct load *l, const char *key, const char *v)
{
	arnet_check_policy *p = &l->c->check;
	for (int i = 0; i < CHECK_MONEY_KEYS; i++) {
		if (strcmp(check_money[i].key, key) == 0) {
			snprintf(l->money[i], sizeof(l->money[i]), "%s", v);
			return 1;
		}
	}
	if (strcmp(key, "ko_forged") == 0) {
		return grade_value(l, key, v, &p->ko_forged);
	}
	if (strcmp(key, "ko_insolvency") == 0) {
		return grade_value(l, key, v, &p->ko_insolvency);
	}
	if (strcmp(key, "ko_bounced") == 0) {
		return grade_value(l, key, v, &p->ko_bounced);
	}
	if (strcmp(key, "on_peer_default") == 0) {
		if (strcmp(v, "warn") == 0 || strcmp(v, "hold") == 0) {
			p->on_peer_default = v[0] == 'w' ? ARNET_ORDER_WARN
			                                 : ARNET_ORDER_HOLD;
			return 1;
		}
		return refuse(l, ARNET_ESYNTAX,
		              "on_peer_default must be warn or hold");
	}
	return unknown_key(l, "check", key);
}

/* [fx]: date = YYYY-MM-DD, then CODE = rate (units of the [books]
 * currency one unit of CODE is worth). */
static int
fx_key(struct load *l, const char *key, const char *v)
{
	arnet_diag d;
	char code[4];
	int64_t micro;
	if (strcmp(key, "date") == 0) {
		if (arnet_date_parse(&l->fx_date, v, &d) != ARNET_OK) {
			return refuse(l, ARNET_ESYNTAX, "date: %s", d.msg);
		}
		return 1;
	}
	if (arnet_currency_parse(code, key, &d) != ARNET_OK ||
	    arnet_fx_rate_parse(&micro, v, &d) != ARNET_OK) {
		return refuse(l, ARNET_ESYNTAX, "%s: %s", key, d.msg);
	}
	if (l->nrates == ARNET_FX_MAX) {
		return refuse(l, ARNET_ETOOBIG, "more than %d rates in [fx]",
		              ARNET_FX_MAX);
	}
	memcpy(l->rates[l->nrates].code, code, 4);
	l->rates[l->nrates++].micro = micro;
	return 1;
}

/* [aging]: what an invoice's age counts from, and the firm's bands. */
static int
aging_key(struct load *l, const char *key, const char *v)
{
	arnet_diag d;
	int rv;
	if (strcmp(key, "basis") == 0) {
		rv = arnet_aging_basis_parse(&l->c->aging.basis, v, &d);
	} else if (strcmp(key, "bands") == 0) {
		rv = arnet_aging_bands_parse(&l->c->aging, v, &d);
	} else {
		return unknown_key(l, "aging", key);
	}
	return rv == ARNET_OK ? 1 : refuse(l, rv, "%s", d.msg);
}

/* [survey]: answering other members' trade-reference questions, and
 * asking them. */
static int
survey_key(struct load *l, const char *key, const char *v)
{
	if (strcmp(key, "answer") == 0) {
		if (strcmp(v, "auto") == 0 || strcmp(v, "never") == 0) {
			l->c->survey.answer = v[0] == 'a';
			return 1;
		}
		return refuse(l, ARNET_ESYNTAX, "answer must be auto or never");
	}
	return unknown_key(l, "survey", key);
}

/* [alerts]: the command and the webhook each alert is delivered to. */
static int
alerts_key(struct load *l, const char *key, const char *v)
{
	if (strcmp(key, "command") == 0) {
		return text_value(l, key, v, l->c->alerts.command,
		                  sizeof(l->c->alerts.command));
	}
	if (strcmp(key, "webhook") == 0) {
		if (v[0] != '\0' && strncmp(v, "http://", 7) != 0 &&
		    strncmp(v, "https://", 8) != 0) {
			return refuse(l, ARNET_ESYNTAX,
			              "webhook must be an http:// or https:// "
			              "URL");
		}
		return text_value(l, key, v, l->c->alerts.webhook,
		                  sizeof(l->c->alerts.webhook));
	}
	if (strcmp(key, "webhook_format") == 0) {
		if (strcmp(v, "json") == 0 || strcmp(v, "text") == 0) {
			l->c->alerts.webhook_text = v[0] == 't';
			return 1;
		}
		return refuse(l, ARNET_ESYNTAX,
		              "webhook_format must be json or text");
	}
	if (strcmp(key, "digest_at") == 0) {
		int h, m;
		char end;
		if (sscanf(v, "%2d:%2d%c", &h, &m, &end) != 2 || h < 0 ||
		    h > 23 || m < 0 || m > 59 || strlen(v) != 5) {
			return refuse(
			        l, ARNET_ESYNTAX,
			        "digest_at must be HH:MM (00:00 to 23:59)");
		}
		l->c->alerts.digest_minute = h * 60 + m;
		return 1;
	}
	return unknown_key(l, "alerts", key);
}

/* [association]: the trust anchor, and whether the association holds a
 * credit-reporting licence (personal data: store/credit/arnet_publish_rules.h).
 */
static int
association_key(struct load *l, const char *key, const char *v)
{
	if (strcmp(key, "root_key") == 0) {
		arnet_diag d;
		if (arnet_pubkey_parse(l->c->root_key, v, &d) != ARNET_OK) {
			return refuse(l, ARNET_ESYNTAX, "root_key: %s", d.msg);
		}
		l->c->has_root_key = 1;
		return 1;
	}
	if (strcmp(key, "personal_data") == 0) {
		if (strcmp(v, "licensed") == 0 ||
		    strcmp(v, "unlicensed") == 0) {
			l->c->check.personal_data_licensed = v[0] == 'l';
			return 1;
		}
		return refuse(
		        l, ARNET_ESYNTAX,
		        "personal_data must be licensed or unlicensed, not "
		        "\"%.40s\"",
		        v);
	}
	return unknown_key(l, "association", key);
}

/* Each section of the file and the function that takes its keys other
 * than the numbers (NULL: it has none). */
static const struct {
	const char *name;
	int (*key)(struct load *l, const char *key, const char *v);
} sections[] = {
        {"books", books_key},   {"member", member_key},
        {"node", node_key},     {"check", check_key},
        {"fx", fx_key},         {"aging", aging_key},
        {"survey", survey_key}, {"store", store_key},
        {"log", NULL}, /* numbers only */
        {"alerts", alerts_key}, {"association", association_key},
};

static int
handler(void *user, const char *section, const char *key, const char *v)
{
	struct load *l = user;
	if (l->err != ARNET_OK) {
		return 0;
	}
	int rv = number_key(l, section, key, v);
	if (rv >= 0) {
		return rv;
	}
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (strcmp(section, sections[i].name) == 0) {
			return sections[i].key != NULL
			               ? sections[i].key(l, key, v)
			               : unknown_key(l, section, key);
		}
	}
	return refuse(l, ARNET_ESYNTAX, "unknown section [%.40s]", section);
}

/* The ladder must rise: each stage from a later day than the one before. */
static int
check_ladder(const arnet_books_policy *p, char *msg, size_t cap)
{
	for (int s = 2; s <= ARNET_STAGE_COUNT; s++) {
		if (p->stage_from[s] <= p->stage_from[s - 1]) {
			snprintf(msg, cap,
			         "dunning_%s (%d) must come after dunning_%s "
			         "(%d)",
			         arnet_stage_name(s), p->stage_from[s],
			         arnet_stage_name(s - 1), p->stage_from[s - 1]);
			return 0;
		}
	}
	return 1;
}

/* What [check] takes from the rest of the file: the [books] thresholds and
 * currency (of its money keys and the rates), and [member] id. */
static int
finish_check(arnet_config *c, struct load *l, const char *path, arnet_diag *d)
{
	arnet_check_policy *p = &c->check;
	arnet_diag sub;
	p->books = c->books;
	memcpy(p->currency, c->books.currency, 4);
	snprintf(p->member_id, sizeof(p->member_id), "%s", c->member_id.text);
	for (int i = 0; i < CHECK_MONEY_KEYS; i++) {
		int64_t *slot = (int64_t *)((char *)p + check_money[i].off);
		if (l->money[i][0] == '\0') {
			continue;
		}
		if (arnet_money_parse(slot, l->money[i], p->currency, &sub) !=
		            ARNET_OK ||
		    *slot < 0) {
			return arnet_diag_set(
			        d, ARNET_ESYNTAX, "%s: [check] %s: %s", path,
			        check_money[i].key,
			        *slot < 0 ? "must not be negative" : sub.msg);
		}
	}
	memset(&p->fx, 0, sizeof(p->fx));
	memcpy(p->fx.base, p->currency, 4);
	p->fx.date = l->fx_date;
	if (l->nrates > 0 && l->fx_date == 0) {
		return arnet_diag_set(d, ARNET_ESYNTAX,
		                      "%s: [fx] needs date = YYYY-MM-DD, the "
		                      "day its rates are of",
		                      path);
	}
	for (size_t i = 0; i < l->nrates; i++) {
		if (arnet_fx_set(&p->fx, l->rates[i].code, l->rates[i].micro,
		                 &sub) != ARNET_OK) {
			return arnet_diag_set(d, ARNET_ESYNTAX, "%s: [fx] %s",
			                      path, sub.msg);
		}
	}
	return ARNET_OK;
}

int
arnet_config_load(arnet_config *c, const char *path, arnet_diag *d)
{
	struct load l = {.c = c};
	arnet_config_defaults(c);
	if (path == NULL) {
		return ARNET_OK;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		int e = errno;
		return arnet_diag_set(d,
		                      e == ENOENT ? ARNET_ENOTFOUND : ARNET_EIO,
		                      "cannot read %s: %s", path, strerror(e));
	}
	int line = ini_parse_file(f, handler, &l);
	fclose(f);
	if (line != 0) {
		if (l.err == ARNET_OK) {
			snprintf(l.msg, sizeof(l.msg),
			         "not a \"key = value\" line or [section]");
			l.err = ARNET_ESYNTAX;
		}
		return arnet_diag_set(d, l.err, "%s:%d: %s", path, line, l.msg);
	}
	int rv = finish_check(c, &l, path, d);
	if (rv != ARNET_OK) {
		return rv;
	}
	const arnet_check_policy *cp = &c->check;
	if (!(cp->grade_a > cp->grade_b && cp->grade_b > cp->grade_c)) {
		return arnet_diag_set(
		        d, ARNET_ERANGE,
		        "%s: grade_a > grade_b > grade_c is needed", path);
	}
	if (c->store.map_size > c->store.map_max) {
		return arnet_diag_set(d, ARNET_ERANGE,
		                      "%s: [store] map_size (%zu MiB) is above "
		                      "map_max (%zu MiB)",
		                      path, c->store.map_size >> 20,
		                      c->store.map_max >> 20);
	}
	if (!check_ladder(&c->books, l.msg, sizeof(l.msg))) {
		return arnet_diag_set(d, ARNET_ERANGE, "%s: %s", path, l.msg);
	}
	return ARNET_OK;
}
