/* sim.c: not written yet */
