/*
 * columns.c - the catalog of report columns (columns.h).
 */
#include "columns.h"

#include <stdio.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The columns several reports show, each defined once. */
/* clang-format off */
#define COL_CUSTOMER    {"customer", "客户编码", CLI_K_TEXT, 0}
#define COL_NAME        {"name", "客户名称", CLI_K_TEXT, CLI_NAME_WIDTH}
#define COL_CURRENCY    {"currency", "币种", CLI_K_TEXT, 0}
#define COL_INVOICE     {"invoice", "发票号", CLI_K_TEXT, 0}
#define COL_OUTSTANDING {"outstanding", "未付金额", CLI_K_MONEY, 0}
#define COL_DUE         {"due", "到期日", CLI_K_DATE, 0}
#define COL_DATE        {"date", "日期", CLI_K_DATE, 0}
/* clang-format on */

/* The aging report: who, one column a bucket of its bands, the total. */
cli_columns
cli_aging_columns(cli_aging_labels *lb, const arnet_aging_bands *bands)
{
	static const cli_column who[] = {
	        COL_CUSTOMER,
	        COL_NAME,
	};
	static const cli_column total = {"total", "合计", CLI_K_MONEY, 0};
	int nb = arnet_aging_nbuckets(bands), n = 0;
	int by_due = bands->basis == ARNET_AGING_BY_DUE;
	lb->v[n++] = who[0];
	lb->v[n++] = who[1];
	for (int b = 0; b < nb; b++) {
		char *en = lb->en[b], *zh = lb->zh[b];
		int k = b - by_due; /* the band; nb - 1 - by_due: beyond */
		arnet_aging_bucket_label(en, sizeof(lb->en[b]), bands, b);
		if (by_due && b == 0) {
			snprintf(zh, sizeof(lb->zh[b]), "未到期");
		} else if (k >= bands->n) {
			snprintf(zh, sizeof(lb->zh[b]), "%s%d天以上",
			         by_due ? "逾期" : "",
			         (int)bands->upto[bands->n - 1]);
		} else {
			snprintf(zh, sizeof(lb->zh[b]), "%s%s天",
			         by_due ? "逾期" : "", en);
		}
		lb->v[n++] = (cli_column){en, zh, CLI_K_MONEY, 0};
	}
	lb->v[n++] = total;
	return (cli_columns){lb->v, n};
}

/* The customer list. */
static const cli_column customers[] = {
        {"id", "客户编码", CLI_K_TEXT, 0},
        COL_NAME,
        {"grade", "等级", CLI_K_TEXT, 0},
        {"terms", "账期（天）", CLI_K_INT, 0},
        {"credit limit", "信用额度", CLI_K_MONEY, 0},
        {"balance", "余额", CLI_K_MONEY, 0},
        COL_CURRENCY,
        {"status", "状态", CLI_K_TEXT, 0},
};
const cli_columns CLI_COLS_CUSTOMERS = {customers, N(customers)};

/* The dunning queue. */
static const cli_column dunning[] = {
        COL_INVOICE,
        COL_CUSTOMER,
        COL_NAME,
        {"days past due", "逾期天数", CLI_K_INT, 0},
        COL_OUTSTANDING,
        COL_CURRENCY,
        {"stage", "催收阶段", CLI_K_TEXT, 0},
        {"action", "应采取的行动", CLI_K_TEXT, 0},
};
const cli_columns CLI_COLS_DUNNING = {dunning, N(dunning)};

/* The dunning log: actions and payment promises (dunning history). */
static const cli_column dunning_history[] = {
        COL_DATE,
        COL_INVOICE,
        COL_CUSTOMER,
        {"entry", "记录", CLI_K_TEXT, 0},
        {"promised by", "承诺付款日", CLI_K_DATE, 0},
        {"promised", "承诺金额", CLI_K_MONEY, 0},
        COL_CURRENCY,
        {"state", "承诺状态", CLI_K_TEXT, 0},
        {"paid by then", "期内已付", CLI_K_MONEY, 0},
        {"note", "备注", CLI_K_TEXT, 40},
};
const cli_columns CLI_COLS_DUNNING_HISTORY = {dunning_history,
                                              N(dunning_history)};

/* The late-fee report. */
static const cli_column late_fee[] = {
        COL_INVOICE,     COL_CUSTOMER,
        COL_DUE,         {"days late", "逾期天数", CLI_K_INT, 0},
        COL_OUTSTANDING, {"fee", "滞纳金", CLI_K_MONEY, 0},
};
const cli_columns CLI_COLS_LATE_FEE = {late_fee, N(late_fee)};

/* The limit and terms review. */
static const cli_column review[] = {
        {"suggestion", "建议", CLI_K_TEXT, 0},
        COL_CUSTOMER,
        COL_NAME,
        {"limit", "现信用额度", CLI_K_MONEY, 0},
        {"new limit", "建议额度", CLI_K_MONEY, 0},
        COL_CURRENCY,
        {"terms", "现账期（天）", CLI_K_INT, 0},
        {"new terms", "建议账期（天）", CLI_K_INT, 0},
        {"reason", "理由", CLI_K_TEXT, 0},
};
const cli_columns CLI_COLS_REVIEW = {review, N(review)};

/* The statement's lines. */
static const cli_column statement[] = {
        COL_DATE,
        {"document", "单据", CLI_K_TEXT, 0},
        {"order / reference", "订单 / 摘要", CLI_K_TEXT,
         0}, /* sent: never cut */
        COL_DUE,
        {"invoiced", "应收", CLI_K_MONEY, 0},
        {"paid", "已收", CLI_K_MONEY, 0},
        {"balance", "余额", CLI_K_MONEY, 0},
};
const cli_columns CLI_COLS_STATEMENT = {statement, N(statement)};

/* The customers who owe the most past due. */
static const cli_column top_overdue[] = {
        {"rank", "排名", CLI_K_INT, 0},
        COL_CUSTOMER,
        COL_NAME,
        {"overdue", "逾期金额", CLI_K_MONEY, 0},
        {"oldest", "最长逾期天数", CLI_K_INT, 0},
        {"invoices", "逾期发票数", CLI_K_INT, 0},
};
const cli_columns CLI_COLS_TOP_OVERDUE = {top_overdue, N(top_overdue)};

/* Days sales outstanding: a row per currency. */
static const cli_column dso[] = {
        COL_CURRENCY,
        {"receivables at the start", "期初应收", CLI_K_MONEY, 0},
        {"credit sales", "本期赊销", CLI_K_MONEY, 0},
        {"collected", "本期回款", CLI_K_MONEY, 0},
        {"receivables at the end", "期末应收", CLI_K_MONEY, 0},
        {"DSO (days)", "周转天数", CLI_K_INT, 0},
        {"collection rate (%)", "回款率（%）", CLI_K_INT, 0},
};
const cli_columns CLI_COLS_DSO = {dso, N(dso)};
