/* trace_detect.c: being written (issue 3). */
#include "trace.h"

tt_code tt_trace_detect(const tt_trace_spec *spec, tt_loc where,
                        tt_trace_format *out, char *why, size_t why_size,
                        tt_diag *d)
{
	(void)spec;
	(void)why;
	(void)why_size;
	*out = TT_TRACE_COUNTS;
	return tt_diag_set(d, TT_EUNSUPPORTED, where, "detection is being written");
}

tt_code tt_trace_open(const tt_trace_spec *spec, tt_loc where,
                      tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	switch (spec->format) {
	case TT_TRACE_COUNTS:
		return tt_trace_counts_open(spec, where, notes, out, d);
	case TT_TRACE_REQUESTS:
		return tt_trace_requests_open(spec, where, notes, out, d);
	case TT_TRACE_AZURE_FUNCTIONS:
		return tt_trace_azure_functions_open(spec, where, notes, out, d);
	case TT_TRACE_CLOUDWATCH:
		return tt_trace_cloudwatch_open(spec, where, notes, out, d);
	case TT_TRACE_AUTO:
		break;
	}
	return tt_diag_set(d, TT_EUNSUPPORTED, where, "detection is being written");
}
