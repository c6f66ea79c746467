/* resource.c: not written yet */
