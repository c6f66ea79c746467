/* histogram.c: not written yet */
