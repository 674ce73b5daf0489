/*
 * money_upper.c - a CNY amount in the capital (大写) form that invoices,
 * cheques and dunning letters write beside the figures: ¥186,400.00 is
 * 壹拾捌万陆仟肆佰元整.
 *
 * The rules are those of the People's Bank of China for filling in
 * instruments (正确填写票据和结算凭证的基本规定): capital digits
 * 零壹贰叁肆伍陆柒捌玖 with 拾佰仟万亿, 元 then 角 and 分; 整 after an
 * amount that ends at 元 or 角, none after 分; one 零 for a run of zero
 * digits inside the figure (1001 is 壹仟零壹元); a 零 after 元 when the
 * 角 is zero and the 分 is not (10.05 is 壹拾元零伍分), and when the 元
 * figure ends in zero and a 角 follows (107,000.53 is
 * 壹拾万柒仟元零伍角叁分, the rules' own example). 拾 is always preceded
 * by its digit (壹拾, never 拾) so that nothing can be written before it.
 *
 * Only CNY: another currency's amounts are written in figures with
 * their code. Nothing negative (an instrument's amount never is), and
 * nothing from 1e16 元 up, where the rules have no unit (亿亿): both are
 * refused rather than written in a form no bank would read.
 */
#include "arnet_money.h"

#include <string.h>

static const char *const digit[] = {"零", "壹", "贰", "叁", "肆",
                                    "伍", "陆", "柒", "捌", "玖"};
static const char *const place[] = {"", "拾", "佰", "仟"};

typedef struct upper_out {
	char *buf;
	size_t cap, len;
	int full;
} upper_out;

static void
put(upper_out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n >= o->cap) {
		o->full = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* The 元 figure, yuan in [1, 1e16), as four-digit sections from the top:
 * 万 after the second and fourth lowest when they are not zero, 亿 after
 * the third whenever the figure reaches it. A zero digit leaves a 零 to
 * be written before the next non-zero one; a section that is not zero
 * ends that (its trailing zeros are read by its unit: 壹拾万柒仟). */
static void
put_yuan(upper_out *o, uint64_t yuan)
{
	int d[16];
	for (int i = 0; i < 16; i++, yuan /= 10) {
		d[i] = (int)(yuan % 10);
	}
	int top = 15;
	while (top > 0 && d[top] == 0) {
		top--;
	}
	int zero = 0, section_nonzero = 0;
	for (int p = top; p >= 0; p--) {
		if (d[p] == 0) {
			zero = 1;
		} else {
			if (zero) {
				put(o, "零");
			}
			zero = 0;
			section_nonzero = 1;
			put(o, digit[d[p]]);
			put(o, place[p % 4]);
		}
		if (p % 4 != 0) {
			continue;
		}
		if (p == 8) {
			put(o, "亿"); /* top >= 8 here */
		} else if ((p == 4 || p == 12) && section_nonzero) {
			put(o, "万");
		}
		if (section_nonzero) {
			zero = 0;
		}
		section_nonzero = 0;
	}
}

int
arnet_money_cny_upper(char *buf, size_t cap, int64_t minor,
                      const char *currency)
{
	if (cap > 0) {
		buf[0] = '\0';
	}
	if (currency == NULL || strcmp(currency, "CNY") != 0) {
		return ARNET_ECURRENCY;
	}
	if (minor < 0 || minor / 100 >= 10000000000000000LL) {
		return ARNET_ERANGE;
	}
	upper_out o = {buf, cap, 0, cap == 0};
	uint64_t yuan = (uint64_t)minor / 100;
	int jiao = (int)(minor / 10 % 10), fen = (int)(minor % 10);
	if (yuan > 0) {
		put_yuan(&o, yuan);
		put(&o, "元");
	}
	if (jiao != 0) {
		if (yuan > 0 && yuan % 10 == 0) {
			put(&o, "零");
		}
		put(&o, digit[jiao]);
		put(&o, "角");
	} else if (fen != 0 && yuan > 0) {
		put(&o, "零");
	}
	if (fen != 0) {
		put(&o, digit[fen]);
		put(&o, "分");
	} else if (yuan > 0 || jiao != 0) {
		put(&o, "整");
	} else {
		put(&o, "零元整");
	}
	if (o.full) {
		if (cap > 0) {
			buf[0] = '\0';
		}
		return ARNET_ETOOBIG;
	}
	return ARNET_OK;
}
