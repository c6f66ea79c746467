/* trace_cloudwatch.c: not written yet */
