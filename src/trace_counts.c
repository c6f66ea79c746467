/* trace_counts.c: not written yet */
