/* transform.c: not written yet */
