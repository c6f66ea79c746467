/*
 * overrides_node.h - apply `--set` overrides to a parsed scenario document
 * (overrides.c).  Private to the library.
 */
#ifndef TTSIM_OVERRIDES_NODE_H
#define TTSIM_OVERRIDES_NODE_H

#include "node.h"
#include "ttsim/scenario.h"

/*
 * Change `doc` as every override says, in order.  Errors (TT_EINVAL): a
 * path that does not exist, a value that does not parse; messages name
 * the override ("--set 'policies[3].TargetValue=5': ...").
 */
tt_code tt_overrides_apply(tt_doc *doc, const tt_overrides *ov, tt_diag *d);

#endif
