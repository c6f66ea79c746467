/*
 * read_ahead.h - a trace read on a second thread while the run goes.
 *
 * Parsing a long trace is a third of a run that keeps no outputs.  A trace
 * opened here is read by a thread of its own, a few thousand intervals
 * ahead of the run, so that on a machine with a second core the run waits
 * for the reader only at its start.
 *
 * Nothing the run sees changes: the same intervals in the same order, the
 * reader's notes added to the run's list at the call that would have
 * given them, its failure at the same interval, and nothing read ahead
 * ever shown (a bad row past the end of a run stays unreported).  A
 * rewind after the run stopped short of the end (a slice inside a repeat)
 * reads the file again up to where the run was, so the reader is left
 * exactly as it would have been; from a rewind on, the trace is read on
 * the run's thread.  Private to the library.
 */
#ifndef TTSIM_READ_AHEAD_H
#define TTSIM_READ_AHEAD_H

#include "source.h"
#include "ttsim/workload.h"

/*
 * tt_trace_open, read on a second thread.  Errors and notes of the open
 * itself are as tt_trace_open's; when no thread can be started, the trace
 * is read on the caller's thread instead.  `spec` and `notes` must outlive
 * the source.
 */
tt_code tt_read_ahead_open(const tt_trace_spec *spec, tt_loc where,
                           tt_diag_list *notes, tt_source **out, tt_diag *d);

#endif
