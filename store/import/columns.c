/*
 * columns.c - what a header cell means, per import kind.
 *
 * Each column has its canonical name (the one docs and errors use) and
 * the names ERP exports give it. Names are compared in a folded form:
 * ASCII letters in lower case, without ' ', '_', '-' and '.', so
 * "Issue Date", "issue_date" and "ISSUEDATE" are one name; Chinese names
 * are compared as written.
 */
#include "import_columns.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define ALIASES_MAX 10
#define FOLD_MAX    64

typedef struct column {
	const char *name;
	const char *aliases[ALIASES_MAX]; /* folded; NULL-terminated */
} column;

typedef struct kind_columns {
	const char *name;
	int required;
	const char *required_text;
	column cols[IMPORT_COLS_MAX];
	const char *ignored[ALIASES_MAX]; /* read for people only */
} kind_columns;

static const kind_columns kinds[] = {
        [ARNET_IMPORT_CUSTOMERS] =
                {"customers",
                 2,
                 "id and name",
                 {{"id",
                   {"customerid", "customercode", "customerno", "code",
                    "客户编码", "客户编号", "客户代码", "客户id", NULL}},
                  {"name",
                   {"customername", "客户名称", "客户全称", "名称", NULL}},
                  {"credit_limit", {"信用额度", "授信额度", NULL}},
                  {"currency", {"币种", "币别", "货币", NULL}},
                  {"terms_days",
                   {"terms", "paymentterms", "账期", "账期天数", "信用期",
                    "信用天数", "付款期限", NULL}},
                  {"grade", {"creditgrade", "信用等级", "等级", NULL}},
                  {"individual", {"个人", "是否个人", NULL}},
                  /* contact data (arnet_contact.h), in its order */
                  {"address",
                   {"customeraddress", "地址", "联系地址", "客户地址",
                    "通讯地址", "注册地址", NULL}},
                  {"person",
                   {"contact", "contactperson", "contactname", "联系人",
                    "联系人姓名", NULL}},
                  {"phone",
                   {"telephone", "tel", "phoneno", "电话", "联系电话",
                    "电话号码", "手机", NULL}},
                  {"finance_head",
                   {"financecontact", "财务负责人", "财务联系人", "财务",
                    NULL}},
                  {"email",
                   {"mail", "emailaddress", "邮箱", "电子邮箱", "电子邮件",
                    NULL}},
                  {NULL, {NULL}}},
                 {NULL}},
        [ARNET_IMPORT_INVOICES] =
                {"invoices",
                 4,
                 "number, customer, issue_date and amount",
                 {{"number",
                   {"invoice", "invoiceno", "invoicenumber", "documentnumber",
                    "documentno", "发票号", "发票号码", "单据编号", "单据号",
                    NULL}},
                  {"customer",
                   {"customerid", "customercode", "客户", "客户编码",
                    "客户编号", "客户代码", NULL}},
                  {"issue_date",
                   {"invoicedate", "documentdate", "开票日期", "发票日期",
                    "单据日期", "业务日期", NULL}},
                  {"amount",
                   {"金额", "发票金额", "价税合计", "含税金额", "本币金额",
                    "应收金额", NULL}},
                  {"due_date",
                   {"netduedate", "到期日", "到期日期", "应收到期日", NULL}},
                  {"currency", {"币种", "币别", "货币", NULL}},
                  {"order_ref",
                   {"order", "orderno", "订单号", "销售订单号", NULL}},
                  {NULL, {NULL}}},
                 {"customername", "客户名称", "客户简称", NULL}},
        [ARNET_IMPORT_PAYMENTS] =
                {"payments",
                 3,
                 "date, customer and amount",
                 {{"date",
                   {"paymentdate", "收款日期", "日期", "到账日期", "单据日期",
                    "业务日期", NULL}},
                  {"customer",
                   {"customerid", "customercode", "客户", "客户编码",
                    "客户编号", "客户代码", NULL}},
                  {"amount",
                   {"收款金额", "金额", "实收金额", "本币金额", NULL}},
                  {"currency", {"币种", "币别", "货币", NULL}},
                  {"invoice",
                   {"invoiceno", "invoicenumber", "发票号", "发票号码",
                    "核销发票", NULL}},
                  {"reference",
                   {"ref", "收款单号", "单据编号", "流水号", "票据号", NULL}},
                  {NULL, {NULL}}},
                 {"customername", "客户名称", "客户简称", NULL}},
};

static const kind_columns *
kind_of(arnet_import_kind kind)
{
	return &kinds[kind >= ARNET_IMPORT_CUSTOMERS &&
	                              kind <= ARNET_IMPORT_PAYMENTS
	                      ? kind
	                      : ARNET_IMPORT_CUSTOMERS];
}

/* The folded form of s (see the top of the file); "" when too long. */
static void
fold(char out[FOLD_MAX], const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') {
			continue;
		}
		if (n + 1 >= FOLD_MAX) {
			out[0] = '\0';
			return;
		}
		out[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	out[n] = '\0';
}

const char *
import_column_name(arnet_import_kind kind, int c)
{
	return c >= 0 && c < IMPORT_COLS_MAX ? kind_of(kind)->cols[c].name
	                                     : NULL;
}

int
import_columns_required(arnet_import_kind kind)
{
	return kind_of(kind)->required;
}

const char *
import_columns_required_text(arnet_import_kind kind)
{
	return kind_of(kind)->required_text;
}

const char *
import_kind_name(arnet_import_kind kind)
{
	return kind_of(kind)->name;
}

int
import_column_by_name(arnet_import_kind kind, const char *name)
{
	const kind_columns *k = kind_of(kind);
	if (strcmp(name, "ignore") == 0) {
		return COL_IGNORED;
	}
	for (int c = 0; k->cols[c].name != NULL; c++) {
		if (strcmp(k->cols[c].name, name) == 0) {
			return c;
		}
	}
	return COL_UNKNOWN;
}

int
import_column_find(arnet_import_kind kind, const char *header)
{
	const kind_columns *k = kind_of(kind);
	char h[FOLD_MAX], name[FOLD_MAX];
	fold(h, header);
	if (h[0] == '\0') {
		return COL_UNKNOWN;
	}
	for (int c = 0; k->cols[c].name != NULL; c++) {
		fold(name, k->cols[c].name);
		if (strcmp(h, name) == 0) {
			return c;
		}
		for (int a = 0; k->cols[c].aliases[a] != NULL; a++) {
			if (strcmp(h, k->cols[c].aliases[a]) == 0) {
				return c;
			}
		}
	}
	for (int a = 0; k->ignored[a] != NULL; a++) {
		if (strcmp(h, k->ignored[a]) == 0) {
			return COL_IGNORED;
		}
	}
	return COL_UNKNOWN;
}

void
import_columns_list(arnet_import_kind kind, char *buf, size_t cap)
{
	const kind_columns *k = kind_of(kind);
	size_t n = 0;
	buf[0] = '\0';
	for (int c = 0; k->cols[c].name != NULL && n < cap; c++) {
		int w = snprintf(buf + n, cap - n, "%s%s", c > 0 ? ", " : "",
		                 k->cols[c].name);
		n += w > 0 ? (size_t)w : 0;
	}
}
