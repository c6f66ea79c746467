/* fleet.c: not written yet */
