/* SPDX-License-Identifier: ISC */
/*
 * Internal to the scenario parser (sim_script.c, scn_*.c): the parser state and the
 * command handlers one file exports to another.
 */
#ifndef SCN_INT_H
#define SCN_INT_H

#include "sim_script.h"
#include "scn_lex.h"

struct scn_parser {
	struct scn *s;
	struct scn_line ln;
	size_t cap_nodes, cap_steps;
	/* the line of each node's role line, for checks at the end */
	unsigned ha_line[SCN_MAX_NODES], fa_line[SCN_MAX_NODES],
	    mn_line[SCN_MAX_NODES], cn_line[SCN_MAX_NODES];
	uint32_t mn_if[SCN_MAX_NODES]; /* "if=" of the mn line, 0: first */
};

/* Lookups that fail with "no node 'x' declared before" and the like. */
int scn_p_node(struct scn_parser *p, const char *name, struct scn_node **out);
int scn_p_iface(struct scn_parser *p, const struct scn_node *n,
    const char *name, uint32_t *ifindex);
int scn_p_grow_nodes(struct scn_parser *p);
int scn_p_grow_steps(struct scn_parser *p);

/* scn_roles.c: ha, fa, mn, cn lines and the whole-file checks. */
int scn_cmd_ha(struct scn_parser *p);
int scn_cmd_fa(struct scn_parser *p);
int scn_cmd_mn(struct scn_parser *p);
int scn_cmd_cn(struct scn_parser *p);
int scn_cmd_ro(struct scn_parser *p);
int scn_p_finish(struct scn_parser *p);

/* scn_at.c: "at TIME ..." and "expect ...". */
int scn_cmd_at(struct scn_parser *p);
int scn_cmd_expect(struct scn_parser *p);

#endif
