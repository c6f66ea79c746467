/* trace_detect.c: not written yet */
