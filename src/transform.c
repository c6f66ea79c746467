/* transform.c: being written (issue 3). */
#include "transform.h"

tt_code tt_transform_wrap(tt_source *inner, const tt_transform *t,
                          tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	(void)notes;
	(void)out;
	tt_source_close(inner);
	return tt_diag_set(d, TT_EUNSUPPORTED, t->loc,
	                   "transforms are being written");
}
