/*
 * columns.c - the catalog of report columns (columns.h).
 */
#include "columns.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The aging report: who, the buckets of arnet_aging_bucket_names, the total. */
static const cli_column aging[] = {
        {"customer", "客户编码", CLI_K_TEXT, 0},
        {"name", "客户名称", CLI_K_TEXT, 24},
        {"current", "未到期", CLI_K_MONEY, 0},
        {"1-30", "逾期1-30天", CLI_K_MONEY, 0},
        {"31-60", "逾期31-60天", CLI_K_MONEY, 0},
        {"61-90", "逾期61-90天", CLI_K_MONEY, 0},
        {"90+", "逾期90天以上", CLI_K_MONEY, 0},
        {"total", "合计", CLI_K_MONEY, 0},
};
const cli_columns CLI_COLS_AGING = {aging, N(aging)};

/* The customer list. */
static const cli_column customers[] = {
        {"id", "客户编码", CLI_K_TEXT, 0},
        {"name", "客户名称", CLI_K_TEXT, 24},
        {"grade", "等级", CLI_K_TEXT, 0},
        {"terms", "账期（天）", CLI_K_INT, 0},
        {"credit limit", "信用额度", CLI_K_MONEY, 0},
        {"balance", "余额", CLI_K_MONEY, 0},
        {"currency", "币种", CLI_K_TEXT, 0},
        {"status", "状态", CLI_K_TEXT, 0},
};
const cli_columns CLI_COLS_CUSTOMERS = {customers, N(customers)};

/* The dunning queue. */
static const cli_column dunning[] = {
        {"invoice", "发票号", CLI_K_TEXT, 0},
        {"customer", "客户编码", CLI_K_TEXT, 0},
        {"name", "客户名称", CLI_K_TEXT, 20},
        {"days past due", "逾期天数", CLI_K_INT, 0},
        {"outstanding", "未付金额", CLI_K_MONEY, 0},
        {"currency", "币种", CLI_K_TEXT, 0},
        {"stage", "催收阶段", CLI_K_TEXT, 0},
        {"action", "应采取的行动", CLI_K_TEXT, 0},
};
const cli_columns CLI_COLS_DUNNING = {dunning, N(dunning)};

/* The late-fee report. */
static const cli_column late_fee[] = {
        {"invoice", "发票号", CLI_K_TEXT, 0},
        {"customer", "客户编码", CLI_K_TEXT, 0},
        {"due", "到期日", CLI_K_DATE, 0},
        {"days late", "逾期天数", CLI_K_INT, 0},
        {"outstanding", "未付金额", CLI_K_MONEY, 0},
        {"fee", "滞纳金", CLI_K_MONEY, 0},
};
const cli_columns CLI_COLS_LATE_FEE = {late_fee, N(late_fee)};

/* The limit and terms review. */
static const cli_column review[] = {
        {"suggestion", "建议", CLI_K_TEXT, 0},
        {"customer", "客户编码", CLI_K_TEXT, 0},
        {"name", "客户名称", CLI_K_TEXT, 20},
        {"limit", "现信用额度", CLI_K_MONEY, 0},
        {"new limit", "建议额度", CLI_K_MONEY, 0},
        {"currency", "币种", CLI_K_TEXT, 0},
        {"terms", "现账期（天）", CLI_K_INT, 0},
        {"new terms", "建议账期（天）", CLI_K_INT, 0},
        {"reason", "理由", CLI_K_TEXT, 0},
};
const cli_columns CLI_COLS_REVIEW = {review, N(review)};

/* The statement's lines. */
static const cli_column statement[] = {
        {"date", "日期", CLI_K_DATE, 0},
        {"document", "单据", CLI_K_TEXT, 0},
        {"order / reference", "订单 / 摘要", CLI_K_TEXT,
         0}, /* sent: never cut */
        {"due", "到期日", CLI_K_DATE, 0},
        {"invoiced", "应收", CLI_K_MONEY, 0},
        {"paid", "已收", CLI_K_MONEY, 0},
        {"balance", "余额", CLI_K_MONEY, 0},
};
const cli_columns CLI_COLS_STATEMENT = {statement, N(statement)};

/* The customers who owe the most past due. */
static const cli_column top_overdue[] = {
        {"rank", "排名", CLI_K_INT, 0},
        {"customer", "客户编码", CLI_K_TEXT, 0},
        {"name", "客户名称", CLI_K_TEXT, 24},
        {"overdue", "逾期金额", CLI_K_MONEY, 0},
        {"oldest", "最长逾期天数", CLI_K_INT, 0},
        {"invoices", "逾期发票数", CLI_K_INT, 0},
};
const cli_columns CLI_COLS_TOP_OVERDUE = {top_overdue, N(top_overdue)};
