/* overrides.c: `--set`, being written (issue 6). */
#include "overrides_node.h"

tt_code tt_overrides_apply(tt_doc *doc, const tt_overrides *ov, tt_diag *d)
{
	(void)doc;
	if (!ov || ov->n == 0)
		return TT_OK;
	return tt_diag_set(d, TT_EUNSUPPORTED, (tt_loc){0},
	                   "--set is not available yet");
}
