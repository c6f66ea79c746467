/* outfile.c: not written yet */
