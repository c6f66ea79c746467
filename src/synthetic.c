/* synthetic.c: not written yet */
