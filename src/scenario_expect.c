/* scenario_expect.c: the `expect:` section, being written (issue 6). */
#include "scenario_values.h"

tt_code tt_sv_expect(tt_scenario *s, const tt_node *root, tt_diag *d)
{
	(void)s;
	const tt_node_entry *expect = tt_node_map_find(root, "expect");
	if (expect)
		return tt_diag_set(d, TT_EUNSUPPORTED, expect->key_loc,
		                   "'expect' is not yet supported");
	return TT_OK;
}
