/*
 * trace.h - recorded traces as interval sources.
 *
 * Private to the library.  One reader per format (trace_counts.c,
 * trace_requests.c, trace_azure_functions.c, trace_cloudwatch.c) and the
 * detection of the format (trace_detect.c), which tt_trace_open uses when
 * the spec says TT_TRACE_AUTO.
 *
 * Every reader: opens spec->paths in order (several files are one trace,
 * one after another in time, where the format allows it), reports bad
 * input at file:line:col (TT_EIO, TT_ESYNTAX, TT_EINVAL), adds warnings and
 * notes to `notes` (may be NULL; must outlive the source), and keeps memory
 * bounded by a line (or a day, for Azure Functions) whatever the length.
 * `where` is the place in the scenario that named the trace, for errors
 * about the trace as a whole ("cannot open").
 */
#ifndef TTSIM_TRACE_H
#define TTSIM_TRACE_H

#include "source.h"
#include "ttsim/workload.h"

/* Open with the spec's format, detecting it when TT_TRACE_AUTO (a note
 * says what was detected and why). */
tt_code tt_trace_open(const tt_trace_spec *spec, tt_loc where,
                      tt_diag_list *notes, tt_source **out, tt_diag *d);

/* Detect the format of spec->paths[0] from its name and first lines. */
tt_code tt_trace_detect(const tt_trace_spec *spec, tt_loc where,
                        tt_trace_format *out, char *why, size_t why_size,
                        tt_diag *d);

tt_code tt_trace_counts_open(const tt_trace_spec *spec, tt_loc where,
                             tt_diag_list *notes, tt_source **out, tt_diag *d);
tt_code tt_trace_requests_open(const tt_trace_spec *spec, tt_loc where,
                               tt_diag_list *notes, tt_source **out,
                               tt_diag *d);
tt_code tt_trace_azure_functions_open(const tt_trace_spec *spec, tt_loc where,
                                      tt_diag_list *notes, tt_source **out,
                                      tt_diag *d);
tt_code tt_trace_cloudwatch_open(const tt_trace_spec *spec, tt_loc where,
                                 tt_diag_list *notes, tt_source **out,
                                 tt_diag *d);

#endif
