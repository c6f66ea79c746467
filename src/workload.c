/* workload.c: not written yet */
