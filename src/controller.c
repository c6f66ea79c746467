/* controller.c: not written yet */
