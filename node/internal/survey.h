/*
 * survey.h - trade references (survey.c): the RESPONDENT that
 * answers members' questions (`arnet:answer`) and the SURVEYOR that
 * asks them.
 * Internal to node/.
 */
#ifndef ARNET_NODE_SURVEY_H
#define ARNET_NODE_SURVEY_H

#include "arnet_survey.h"
#include "node_internal.h"

typedef struct node_survey_answer {
	arnet_survey_answer a;
	char member_id[ARNET_ID_MAX + 1]; /* from the roster */
	char name[ARNET_MEMBER_NAME_MAX + 1];
} node_survey_answer;

typedef struct node_survey_result {
	int asked; /* members in force with a survey endpoint */
	int n;
	node_survey_answer answers[NODE_PEERS_MAX];
} node_survey_result;

/* Listen for surveys on url ("" : none) and open the surveyor. */
int survey_start(arnet_node *n, const char *url, arnet_diag *d);
void survey_stop(arnet_node *n);
/* Ask every member about subject; answers until timeout_ms. Blocks. */
int node_survey(arnet_node *n, const arnet_ident *subject, int timeout_ms,
                node_survey_result *res, arnet_diag *d);

#endif
