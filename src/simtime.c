/* simtime.c: not written yet */
