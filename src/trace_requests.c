/* trace_requests.c: not written yet */
