/* scenario.c: not written yet */
