/*
 * policy.c - the default credit-control practice and stage names.
 *
 * The defaults follow the source articles of the association: a late fee
 * of 0.05% a day (万分之五/日); a friendly reminder 7 days before the due
 * date, a phone call from the first day overdue, a formal letter copied
 * to the customer's finance head and a stop of supply at 30 days, a
 * lawyer's letter at 60, litigation or a collection agency at 90.
 */
#include "arnet_policy.h"

#include <string.h>

void
arnet_policy_defaults(arnet_books_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->late_fee_num = 5;
	p->late_fee_den = 10000;
	p->stage_from[ARNET_STAGE_REMINDER] = -7;
	p->stage_from[ARNET_STAGE_PHONE] = 1;
	p->stage_from[ARNET_STAGE_LETTER] = 30;
	p->stage_from[ARNET_STAGE_LAWYER] = 60;
	p->stage_from[ARNET_STAGE_LITIGATION] = 90;
	p->hold_stage = ARNET_STAGE_LETTER;
	p->default_stage = ARNET_STAGE_LITIGATION;
	p->warn_percent = 80;
	p->hold_days = 30;
	p->on_time_streak = 3;
	p->raise_percent = 20;
	p->cut_percent = 30;
	p->shorten_days = 15;
	p->min_terms = 0;
	p->default_terms = 30;
	memcpy(p->currency, "CNY", 4);
}

static const char *const stage_names[] = {
        NULL, "reminder", "phone", "letter", "lawyer", "litigation",
};

const char *
arnet_stage_name(int stage)
{
	return stage >= 1 && stage <= ARNET_STAGE_COUNT ? stage_names[stage]
	                                                : "unknown";
}

int
arnet_stage_parse(const char *name)
{
	for (int i = 1; i <= ARNET_STAGE_COUNT; i++) {
		if (strcmp(name, stage_names[i]) == 0) {
			return i;
		}
	}
	return 0;
}
