/* trace_azure_functions.c: being written (issue 3). */
#include "trace.h"

tt_code tt_trace_azure_functions_open(const tt_trace_spec *spec, tt_loc where,
                          tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	(void)spec;
	(void)notes;
	(void)out;
	return tt_diag_set(d, TT_EUNSUPPORTED, where,
	                   "this trace format is being written");
}
