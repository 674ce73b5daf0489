/*
 * arnet_config.h - the node's configuration file (INI, read with inih).
 *
 * One file configures a node: its identity ([member], [association]),
 * the daemon's sockets and limits ([node], [store], [log], [survey]), the
 * books policy ([books]), the credit check ([check]) and the exchange
 * rates a person set ([fx]). Every key has a
 * default, so a node runs with no file at all; a file with an unknown
 * section or key, or a value out of range, is refused with FILE:LINE and
 * what is wrong, rather than silently ignored. The keys are listed with
 * their defaults in docs/config.md.
 */
#ifndef ARNET_CONFIG_H
#define ARNET_CONFIG_H

#include "arnet_check.h"
#include "arnet_err.h"
#include "arnet_ident.h"
#include "arnet_keys.h"
#include "arnet_policy.h"
#include "arnet_reports.h"
#include "arnet_store.h"

typedef struct arnet_config {
	char member_name[201]; /* [member] name: the firm, for letters */
	/* [member] address, phone, bank (开户行), account (账号), tax_id
	 * (纳税人识别号): the firm's details on statements and letters;
	 * "" when not set. */
	char member_address[201];
	char member_phone[65];
	char member_bank[201];
	char member_account[65];
	char member_tax_id[65];
	arnet_ident member_id; /* [member] id (text "" when not set) */
	char key_file[1024];   /* [member] key: the secret key file */
	/* [association] root_key: the trust anchor */
	uint8_t root_key[ARNET_PUBKEY_BYTES];
	int has_root_key;
	arnet_books_policy books;
	arnet_check_policy check; /* [check] */
	/* [node]: the daemon */
	struct {
		char pub_listen[256];  /* "" = the pub_url of our certificate */
		char sync_listen[256]; /* "" = the sync_url of our certificate
		                        */
		char survey_listen[256]; /* "" = the survey_url of ours */
		char control[1200];      /* "" = ipc://DATA/arnetd.ipc */
		long sync_interval_ms;   /* 5000 */
		int workers;             /* signature checking threads: 2 */
		int log_level;           /* 0 error .. 3 debug; 2 info */
		/* connections accepted on the node's listeners */
		int max_connections;          /* in all: 1000 */
		int max_connections_per_addr; /* from one IP address: 16 */
		long handshake_timeout_ms;    /* to the first valid signed
		                                 request: 10000 */
		long idle_timeout_ms; /* between valid requests: 600000 */
		/* lang = zh|en: the language of reports and letters when
		 * --lang is not given; en when the key is absent (a node
		 * from before it), zh as `arnet init` writes it */
		int lang_zh;
	} node;
	/* [aging]: basis = due|invoice, bands = 30,60,90 */
	arnet_aging_bands aging;
	/* [store]: the LMDB map (docs/config.md) */
	arnet_store_limits store;
	/* [log]: what the node accepts into the shared log */
	struct {
		long max_future_s; /* how far ahead of our clock a record's
		                      created time may be: 300 */
		long pending_per_author;  /* records held waiting for a gap,
		                             per author: 1000 */
		long pending_expire_days; /* a record waiting longer is
		                             dropped: 7 */
	} log;
	/* [survey]: trade-reference surveys */
	struct {
		int answer;     /* 1 auto: answer members; 0 never */
		int rate_limit; /* questions answered per asker per hour: 60 */
		int timeout_ms; /* how long `check --survey` waits: 2000 */
	} survey;
	/* [alerts]: where the node delivers each alert (store/watch), each
	 * at least once; "" = not there */
	struct {
		char command[1024]; /* run by /bin/sh, the alert on stdin */
		char webhook[1024]; /* http:// or https:// URL, POSTed */
		/* webhook_format = json (the alert's JSON) or text (a chat
		 * robot's {"msgtype":"text","text":{"content":...}}: 企业微信,
		 * 钉钉): 1 for text */
		int webhook_text;
		long timeout_ms; /* a command's or a POST's longest: 10000 */
		/* digest_at = HH:MM (the machine's local time): the daily
		 * digest's time, minutes after midnight; -1 none */
		int digest_minute;
	} alerts;
	char path[1024]; /* the file read, "" for the defaults */
} arnet_config;

/* arnet_config_defaults: every key at its default. */
void arnet_config_defaults(arnet_config *c);

/*
 * arnet_config_load: the defaults, then the keys of the file at path.
 * Returns ARNET_OK; ARNET_ENOTFOUND (no such file); ARNET_ESYNTAX (diag:
 * "FILE:LINE: what is wrong"); ARNET_ERANGE; ARNET_EIO.
 */
int arnet_config_load(arnet_config *c, const char *path, arnet_diag *diag)
        __attribute__((warn_unused_result));

#endif /* ARNET_CONFIG_H */
